"""gvckit: where an industry or an industrial cluster sits in global value chains.

Core objects: :class:`ICIO` (the input-output table), :func:`check` (input checks),
:class:`Model` (the Leontief model, factorised once), :func:`load_dataset` (bundled real data).
"""

from __future__ import annotations

from gvckit.checks import CheckReport, Finding, check
from gvckit.datasets import datasets, load_dataset
from gvckit.errors import DatasetError, FormatError, GvckitError, InputError, SingularError
from gvckit.leontief import Model
from gvckit.readers import formats, read
from gvckit.readers.gvckit_parquet import to_parquet as _to_parquet
from gvckit.table import ICIO

ICIO.to_parquet = _to_parquet  # type: ignore[attr-defined]

__version__ = "0.1.0"

__all__ = [
    "ICIO",
    "Model",
    "check",
    "CheckReport",
    "Finding",
    "load_dataset",
    "read",
    "formats",
    "datasets",
    "GvckitError",
    "InputError",
    "SingularError",
    "FormatError",
    "DatasetError",
    "__version__",
]
