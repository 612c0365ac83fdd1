"""gvckit: where an industry or an industrial cluster sits in global value chains.

Core objects: :class:`ICIO` (the input-output table), :func:`check` (input checks),
:class:`Model` (the Leontief model, factorised once), :func:`load_dataset` (bundled real data).

``import gvckit`` loads nothing heavy: every name below is imported on first use (numpy, pandas,
scipy, matplotlib and Dask are loaded by the modules that use them), so the command line and
scripts that need one function start fast.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from gvckit.errors import (
    DatasetError,
    EvidenceError,
    FormatError,
    GvckitError,
    InputError,
    MemoryLimitError,
    OptionError,
    RuleError,
    SingularError,
    UnknownNameError,
)

if TYPE_CHECKING:  # what the lazy names are, for type checkers and IDEs
    from gvckit.app.source import Source
    from gvckit.checks import CheckReport, Finding, check
    from gvckit.datasets import datasets, load_dataset
    from gvckit.leontief import Model
    from gvckit.measures.decompose import decompose
    from gvckit.measures.indicators import indicators
    from gvckit.readers import formats, read
    from gvckit.report_job import analyse, demo, report
    from gvckit.scale.panel import run_panel
    from gvckit.table import ICIO

#: public name -> module that defines it (imported on first access)
_LAZY = {
    "ICIO": "gvckit.table",
    "Model": "gvckit.leontief",
    "check": "gvckit.checks",
    "CheckReport": "gvckit.checks",
    "Finding": "gvckit.checks",
    "load_dataset": "gvckit.datasets",
    "read": "gvckit.readers",
    "formats": "gvckit.readers",
    "decompose": "gvckit.measures.decompose",
    "indicators": "gvckit.measures.indicators",
    "report": "gvckit.report_job",
    "demo": "gvckit.report_job",
    "analyse": "gvckit.report_job",
    "run_panel": "gvckit.scale.panel",
    "Source": "gvckit.app.source",
}
_SUBMODULES = ("framework", "measures", "readers", "outputs", "scale", "app", "messages")


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("gvckit")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree not installed
            value = "0+unknown"
        globals()[name] = value
        return value
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"gvckit.{name}")
    raise AttributeError(f"module 'gvckit' has no attribute {name!r}")


class _Namespace(types.ModuleType):
    """``gvckit.datasets`` is the function, although a subpackage has the same name: importing
    the subpackage binds it on this module, and the property keeps the function in its place."""

    @property
    def datasets(self):
        from gvckit.datasets import datasets

        return datasets

    @datasets.setter
    def datasets(self, value) -> None:  # the import system binding the subpackage: ignored
        pass


sys.modules[__name__].__class__ = _Namespace


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES, "__version__"})


__all__ = [
    "ICIO",
    "Model",
    "check",
    "CheckReport",
    "Finding",
    "load_dataset",
    "read",
    "formats",
    "decompose",
    "indicators",
    "report",
    "demo",
    "analyse",
    "run_panel",
    "datasets",
    "Source",
    "GvckitError",
    "InputError",
    "SingularError",
    "FormatError",
    "DatasetError",
    "MemoryLimitError",
    "UnknownNameError",
    "OptionError",
    "RuleError",
    "EvidenceError",
    "__version__",
]
