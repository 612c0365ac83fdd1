"""Merge results computed on a table with split countries back into whole countries.

OECD ICIO splits China and Mexico into processing-trade rows (``CN1``/``CN2``, ``MX1``/``MX2``)
beside ``CHN`` and ``MEX``. TiVA computes every indicator on the split table and only then adds
the parts back ("melds" them); merging the table first (as pymrio's parser does) changes the
numbers. :func:`meld` does the second step on a tidy result frame.

Caution: summing is right only for terms that are additive across the parts. Decompositions of
gross exports are not: when CN1 and CN2 trade with each other, that trade is exports of each part
but not of China (on exvatools' ``iciotest``, China's gross exports are 8,575.5 while CN1 + CN2
summed give 10,170.2). :func:`gvckit.measures.decompose.decompose` therefore decomposes a country
merged from its splits (``meld=True``, the default when ``table.meta["processing_splits"]`` is
set) as one exporting unit; use :func:`meld` only for additive results such as value added by
origin.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from gvckit.errors import InputError

__all__ = ["meld", "DEFAULT_SPLITS", "COUNTRY_LEVELS"]

DEFAULT_SPLITS = {"CN1": "CHN", "CN2": "CHN", "MX1": "MEX", "MX2": "MEX"}
COUNTRY_LEVELS = ("exporter", "importer", "country", "source", "partner", "destination", "origin")


def meld(frame: pd.DataFrame, mapping: Mapping[str, str] | None = None, table=None) -> pd.DataFrame:
    """Sum the rows of split countries into their whole country.

    Parameters
    ----------
    frame : DataFrame
        A tidy result whose index has country levels named ``exporter``, ``importer``,
        ``country``, ``source``, ``partner``, ``destination`` or ``origin``. Every column must be
        additive (levels in money units); recompute shares after melding.
    mapping : dict, optional
        Split code -> whole country. Defaults to ``table.meta["processing_splits"]`` when a table
        is given, else the OECD ICIO splits ``{"CN1": "CHN", "CN2": "CHN", "MX1": "MEX",
        "MX2": "MEX"}``.

    Returns
    -------
    DataFrame with the same columns, index order of first appearance, attrs kept and
    ``attrs["melded"]`` set to the mapping used.
    """
    if mapping is None:
        mapping = (table.meta.get("processing_splits") if table is not None else None) or DEFAULT_SPLITS
    names = list(frame.index.names)
    levels = [n for n in names if n in COUNTRY_LEVELS]
    if not levels:
        raise InputError(f"meld needs an index level among {COUNTRY_LEVELS}; the frame has {names}")
    nonnum = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if nonnum:
        raise InputError(f"meld sums columns; these are not numeric: {nonnum}")
    idx = frame.index.to_frame(index=False)
    for lev in levels:
        idx[lev] = idx[lev].map(lambda c: mapping.get(c, c))
    data = frame.reset_index(drop=True)
    keys = [idx[n] for n in names]
    out = data.groupby(keys, sort=False).sum()
    out.index.names = names
    out.attrs = dict(frame.attrs)
    out.attrs["melded"] = dict(mapping)
    return out
