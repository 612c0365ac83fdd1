"""Tidy result frames shared by every measure.

A result is a :class:`pandas.DataFrame` with one row per exporter / exporting sector / importer
(as the level asks) and one column per term. ``df.attrs`` records what the numbers are:
``method``, ``perspective``, ``approach``, ``level``, ``unit``, ``year``, ``source`` and
``references``, so that exports keep their meaning.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["result_frame", "LEVELS"]

LEVELS = ("country", "sector", "bilateral", "bilateral_sector")


def result_frame(
    columns: Mapping[str, np.ndarray],
    index: pd.Index,
    *,
    table=None,
    method: str,
    level: str,
    perspective: str | None = None,
    approach: str | None = None,
    references: str | list[str] = "",
    **extra,
) -> pd.DataFrame:
    """Build a tidy result frame and record its metadata in ``attrs``.

    ``columns`` maps term names to arrays aligned with ``index``. ``table`` (an ICIO) supplies
    ``unit``, ``year`` and ``source``.
    """
    df = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in columns.items()}, index=index)
    attrs = {
        "method": method,
        "level": level,
        "perspective": perspective,
        "approach": approach,
        "references": [references] if isinstance(references, str) and references else list(references or []),
    }
    if table is not None:
        attrs.update(unit=table.unit, year=table.year, source=table.source)
    attrs.update(extra)
    df.attrs.update({k: v for k, v in attrs.items() if v is not None})
    return df
