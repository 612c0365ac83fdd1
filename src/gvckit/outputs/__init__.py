"""Outputs: exports (Excel, Stata, Parquet, CSV, JSON; atomic), figures and the HTML report.

Modules: :mod:`~gvckit.outputs.export` (files), :mod:`~gvckit.outputs.units` (units and
definitions per column, carried to every export), :mod:`~gvckit.outputs.figures` (the figures,
each with its data, caption and alt text), :mod:`~gvckit.outputs.fonts` (the bundled CJK font,
its registration with matplotlib and its CSS ``@font-face``), :mod:`~gvckit.outputs.report`.
"""

import importlib
from typing import Any

#: Public name -> the module that defines it; imported on first use, so that reading
#: ``gvckit.outputs.formats.FORMATS`` (the CLI's --help) does not load pandas, matplotlib or the
#: report.
_WHERE = {
    "write": "export",
    "read_result": "export",
    "ReportData": "report",
    "build_report_data": "report",
    "render_report": "report",
    "write_report": "report",
    "export_figures": "report",
}

__all__ = ["write", "read_result", "ReportData", "build_report_data", "render_report", "write_report", "export_figures"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
