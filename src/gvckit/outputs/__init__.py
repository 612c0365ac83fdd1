"""Outputs: exports (Excel, Stata, Parquet, CSV, JSON; atomic), figures and the HTML report.

Modules: :mod:`~gvckit.outputs.export` (files), :mod:`~gvckit.outputs.units` (units and
definitions per column, carried to every export), :mod:`~gvckit.outputs.figures` (the figures,
each with its data, caption and alt text), :mod:`~gvckit.outputs.fonts` (the bundled CJK font,
its registration with matplotlib and its CSS ``@font-face``), :mod:`~gvckit.outputs.report`.
"""

from gvckit.outputs.export import read_result, write
from gvckit.outputs.report import (
    ReportData,
    build_report_data,
    export_figures,
    render_report,
    write_report,
)

__all__ = ["write", "read_result", "ReportData", "build_report_data", "render_report", "write_report", "export_figures"]
