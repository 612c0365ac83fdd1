"""One call for the GVC indicators of every country-sector (or country) of a table.

``indicators(table, measures=[...])`` returns one tidy frame that joins

* ``"bm"``: Borin-Mancini exporter/source levels ``GEXP, DVA, FVA, GVC, GVCB, GVCF`` and the
  shares ``GVC_share, GVCB_share, GVCF_share`` (of gross exports);
* ``"wwyz"``: WWYZ (2017a) production participation ``GVCPt_f`` / ``GVCPt_b`` with their simple
  and complex parts;
* ``"length"``: WWYZ (2017b) production length ``PLv, PLy``, ACFH upstreamness ``U_acfh`` and
  Fally's ``N_fally``;
* ``"gvc_length"``: ``PLv_GVC, PLy_GVC`` with their domestic, border-crossing and foreign
  segments (``PLv_GVC_D, CBv_GVC, PLv_GVC_F`` and the backward twins) and the GVC position
  ``GVCPs``;
* ``"rca"``: KWW's ``NRCA`` and Balassa's ``RCA`` (sector level only);
* ``"kpww"``: KPWW (2010) participation and position (country level only);

and, for a single-country (open) table, ``"dva"`` (domestic value added in exports) and
``"upstreamness_open"`` (ACFH open-economy upstreamness). The model is factorised once and
shared by every measure.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model
from gvckit.table import ICIO

__all__ = ["indicators", "WORLD_MEASURES", "SINGLE_COUNTRY_MEASURES"]

WORLD_MEASURES = ("bm", "wwyz", "length", "gvc_length", "rca", "kpww")
SINGLE_COUNTRY_MEASURES = ("dva", "upstreamness_open")
_SECTOR_ONLY = {"rca", "dva", "upstreamness_open"}
_COUNTRY_ONLY = {"kpww"}


def _bm(m: Model, level: str) -> pd.DataFrame:
    from gvckit.measures.participation import bm_participation

    r = bm_participation(m, level=level)
    from gvckit.measures.decompose.bm import bm

    full = bm(m, level=level)
    out = full[["GEXP", "DVA", "FVA"]].join(r[["GVC", "GVCB", "GVCF", "GVC_share", "GVCB_share",
                                              "GVCF_share"]])
    return out.rename_axis(index={"exporter": "country"})


def _one(m: Model, table: ICIO, name: str, level: str) -> pd.DataFrame:
    if name == "bm":
        return _bm(m, level)
    if name == "wwyz":
        from gvckit.measures.participation import wwyz_participation

        r = wwyz_participation(m, level=level)
        return r[[c for c in r.columns if c.startswith("GVCPt")]]
    if name == "length":
        from gvckit.measures.length import production_length

        return production_length(m, level=level)
    if name == "gvc_length":
        from gvckit.measures.length import gvc_length

        return gvc_length(m, level=level)
    if name == "rca":
        from gvckit.measures.rca import nrca

        return nrca(m)[["NRCA", "RCA"]]
    if name == "kpww":
        from gvckit.measures.participation import kpww

        r = kpww(m)
        return r[["IV_share", "FV_share", "participation", "position"]].rename(
            columns=lambda c: f"KPWW_{c}").rename_axis(index="country")
    if name == "dva":
        from gvckit.measures.single_country import domestic_va_in_exports

        return domestic_va_in_exports(table)[["exports", "DVA", "DVA_share"]]
    if name == "upstreamness_open":
        from gvckit.measures.length import upstreamness_open

        return upstreamness_open(table)
    raise InputError(f"unknown measure {name!r}")


def indicators(
    data: ICIO | Model,
    measures: Sequence[str] | None = None,
    *,
    level: str = "sector",
) -> pd.DataFrame:
    """GVC indicators of every country-sector (``level="sector"``) or country.

    Parameters
    ----------
    data : ICIO or Model
        A world table (or its model); or a single-country open table, for which only
        :data:`SINGLE_COUNTRY_MEASURES` apply.
    measures : list of str, optional
        Any of :data:`WORLD_MEASURES` / :data:`SINGLE_COUNTRY_MEASURES`; default: all that apply
        to the table and level.
    level : {"sector", "country"}

    Returns
    -------
    DataFrame indexed by (``country``, ``sector``) or ``country``; ``attrs["measures"]`` lists
    the measures and ``attrs["references"]`` their papers.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.indicators import indicators
    >>> t = gvckit.ICIO([[10, 2, 4, 1], [3, 12, 2, 5], [2, 3, 8, 2], [4, 1, 3, 9]],
    ...                 [[20, 5], [6, 30], [4, 25], [10, 15]], countries=["A", "B"],
    ...                 sectors=["s1", "s2"])
    >>> indicators(t, ["length", "rca"]).shape
    (4, 6)
    """
    if level not in ("sector", "country"):
        raise InputError(f"level must be 'sector' or 'country', not {level!r}")
    table = data.table if isinstance(data, Model) else data
    if not isinstance(table, ICIO):
        raise InputError(f"indicators needs a gvckit.ICIO or Model, got {type(data).__name__}")
    single = table.is_open
    allowed = SINGLE_COUNTRY_MEASURES if single else WORLD_MEASURES
    if measures is None:
        skip = _COUNTRY_ONLY if level == "sector" else _SECTOR_ONLY
        measures = [k for k in allowed if k not in skip]
    measures = list(measures)
    for name in measures:
        if name not in allowed:
            kind = "single-country (open)" if single else "world"
            raise InputError(f"measure {name!r} does not apply to a {kind} table; choose from {allowed}")
        if level == "sector" and name in _COUNTRY_ONLY:
            raise InputError(f"measure {name!r} is defined by country: use level='country'")
        if level == "country" and name in _SECTOR_ONLY:
            raise InputError(f"measure {name!r} is defined by country-sector: use level='sector'")
    m = None if single else Model.of(data)
    frames, refs = [], []
    for name in measures:
        f = _one(m, table, name, level)
        refs.extend(r for r in f.attrs.get("references", []) if r not in refs)
        frames.append(pd.DataFrame(f))
    out = pd.concat(frames, axis=1)
    out.attrs = {"method": "indicators", "level": level, "measures": measures,
                 "references": refs, "unit": table.unit, "year": table.year,
                 "source": table.source, "va": "residual"}
    return out
