"""gvckit: where an industry or an industrial cluster sits in global value chains.

Core objects: :class:`ICIO` (the input-output table), :func:`check` (input checks),
:class:`Model` (the Leontief model, factorised once), :func:`load_dataset` (bundled real data).
"""

from __future__ import annotations

from gvckit.checks import CheckReport, Finding, check
from gvckit.datasets import datasets, load_dataset
from gvckit.errors import DatasetError, FormatError, GvckitError, InputError, SingularError
from gvckit.leontief import Model
from gvckit.measures.decompose import decompose
from gvckit.measures.indicators import indicators
from gvckit.readers import formats, read
from gvckit.readers.gvckit_parquet import to_parquet as _to_parquet
from gvckit.table import ICIO

ICIO.to_parquet = _to_parquet  # type: ignore[attr-defined]

__version__ = "0.1.0"


def __getattr__(name: str):
    # heavier entry points load on first use: the report (matplotlib) and the panel (Dask)
    if name in ("report", "demo", "analyse"):
        from gvckit import report_job

        return getattr(report_job, name)
    if name == "run_panel":
        from gvckit.panel import run_panel

        return run_panel
    if name == "framework":
        import importlib

        return importlib.import_module("gvckit.framework")
    raise AttributeError(f"module 'gvckit' has no attribute {name!r}")


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
    "GvckitError",
    "InputError",
    "SingularError",
    "FormatError",
    "DatasetError",
    "__version__",
]
