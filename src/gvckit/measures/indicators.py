"""One call for the GVC indicators of every country-sector (or country) of a table.

``indicators(table, measures=[...])`` returns one tidy frame joining the measures of
:data:`INDICATORS`, the registry this function dispatches on (the command line's ``--help``, the
docs and the error messages list its names, so they cannot drift):

* ``"participation"`` (alias ``"bm"``): Borin-Mancini exporter/source levels ``GEXP, DVA, FVA,
  GVC, GVCB, GVCF`` and the shares ``GVC_share, GVCB_share, GVCF_share`` (of gross exports);
* ``"wwyz"``: WWYZ (2017a) production participation ``GVCPt_f`` / ``GVCPt_b`` with their simple
  and complex parts;
* ``"length"``: WWYZ (2017b) production length ``PLv, PLy``, ACFH upstreamness ``U_acfh`` and
  Fally's ``N_fally``; ``"upstreamness"`` is ``U_acfh`` alone;
* ``"gvc_length"``: ``PLv_GVC, PLy_GVC`` with their domestic, border-crossing and foreign
  segments and the GVC position ``GVCPs``; ``"position"`` is ``GVCPs`` alone;
* ``"rca"``: KWW's ``NRCA`` and Balassa's ``RCA`` (sector level only); ``"nrca"`` is ``NRCA``;
* ``"vax"``: Johnson-Noguera value added in exports ``VAX``, ``EXGR`` and ``VAX_ratio``;
* ``"kpww"``: KPWW (2010) participation and position (country level only);

and, for a single-country (open) table, ``"dva"`` (domestic value added in exports) and
``"upstreamness_open"`` (ACFH open-economy upstreamness). The model is factorised once and
shared by every measure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gvckit.errors import InputError, UnknownNameError

if TYPE_CHECKING:
    import pandas as pd

    from gvckit.leontief import Model
    from gvckit.table import ICIO

__all__ = ["indicators", "Indicator", "INDICATORS", "ALIASES", "WORLD_MEASURES",
           "SINGLE_COUNTRY_MEASURES", "measure_names"]


@dataclass(frozen=True)
class Indicator:
    """One measure :func:`indicators` can join: ``compute(model, table, level) -> frame``.

    ``tables`` is ``"world"`` or ``"open"`` (single-country); ``levels`` the levels it is defined
    at; ``default`` whether it is part of the default set (subsets of another measure are not);
    ``columns`` keeps only these columns of what ``compute`` returns.
    """

    name: str
    compute: Callable
    description: str
    tables: str = "world"
    levels: tuple[str, ...] = ("sector", "country")
    default: bool = True
    columns: tuple[str, ...] | None = None


def _bm(m: Model, table: ICIO, level: str) -> pd.DataFrame:
    from gvckit.measures.decompose.bm import bm
    from gvckit.measures.participation import bm_participation

    r = bm_participation(m, level=level)
    full = bm(m, level=level)
    out = full[["GEXP", "DVA", "FVA"]].join(r[["GVC", "GVCB", "GVCF", "GVC_share", "GVCB_share",
                                              "GVCF_share"]])
    return out.rename_axis(index={"exporter": "country"})


def _wwyz(m: Model, table: ICIO, level: str) -> pd.DataFrame:
    from gvckit.measures.participation import wwyz_participation

    r = wwyz_participation(m, level=level)
    return r[[c for c in r.columns if c.startswith("GVCPt")]]


def _length(m: Model, table: ICIO, level: str) -> pd.DataFrame:
    from gvckit.measures.length import production_length

    return production_length(m, level=level)


def _gvc_length(m: Model, table: ICIO, level: str) -> pd.DataFrame:
    from gvckit.measures.length import gvc_length

    return gvc_length(m, level=level)


def _rca(m: Model, table: ICIO, level: str) -> pd.DataFrame:
    from gvckit.measures.rca import nrca

    return nrca(m)[["NRCA", "RCA"]]


def _vax(m: Model, table: ICIO, level: str) -> pd.DataFrame:
    from gvckit.measures.decompose import decompose

    r = decompose(m, method="vax", level=level)
    return r.rename_axis(index={"exporter": "country"})


def _kpww(m: Model, table: ICIO, level: str) -> pd.DataFrame:
    from gvckit.measures.participation import kpww

    r = kpww(m)
    return r[["IV_share", "FV_share", "participation", "position"]].rename(
        columns=lambda c: f"KPWW_{c}").rename_axis(index="country")


def _dva(m: Model | None, table: ICIO, level: str) -> pd.DataFrame:
    from gvckit.measures.single_country import domestic_va_in_exports

    return domestic_va_in_exports(table)[["exports", "DVA", "DVA_share"]]


def _upstreamness_open(m: Model | None, table: ICIO, level: str) -> pd.DataFrame:
    from gvckit.measures.length import upstreamness_open

    return upstreamness_open(table)


#: name -> Indicator, in the order of the joined frame's columns
INDICATORS: dict[str, Indicator] = {i.name: i for i in (
    Indicator("participation", _bm, "Borin-Mancini GVC participation: GEXP, DVA, FVA, GVC, GVCB, "
              "GVCF and their shares of gross exports"),
    Indicator("wwyz", _wwyz, "WWYZ (2017a) production-based participation GVCPt_f, GVCPt_b"),
    Indicator("length", _length, "production length PLv, PLy (WWYZ 2017b), upstreamness U_acfh, "
              "Fally's N_fally"),
    Indicator("upstreamness", _length, "Antras-Chor-Fally-Hillberry upstreamness U_acfh",
              default=False, columns=("U_acfh",)),
    Indicator("gvc_length", _gvc_length, "GVC production length PLv_GVC, PLy_GVC, their segments "
              "and the position index GVCPs (WWYZ 2017b)"),
    Indicator("position", _gvc_length, "GVC position GVCPs = PLv_GVC / PLy_GVC (WWYZ 2017b)",
              default=False, columns=("GVCPs",)),
    Indicator("rca", _rca, "revealed comparative advantage: NRCA (KWW 2014, value added) and "
              "Balassa's RCA (gross exports)", levels=("sector",)),
    Indicator("nrca", _rca, "new revealed comparative advantage NRCA (KWW 2014)",
              levels=("sector",), default=False, columns=("NRCA",)),
    Indicator("vax", _vax, "value added in exports VAX, EXGR and the VAX ratio (Johnson-Noguera 2012)",
              default=False),
    Indicator("kpww", _kpww, "KPWW (2010) GVC participation and position", levels=("country",)),
    Indicator("dva", _dva, "domestic value added in exports of a single-country table",
              tables="open", levels=("sector",)),
    Indicator("upstreamness_open", _upstreamness_open, "open-economy upstreamness U_open (ACFH 2012)",
              tables="open", levels=("sector",)),
)}

#: other names accepted for a measure
ALIASES = {"bm": "participation"}

WORLD_MEASURES = tuple(k for k, v in INDICATORS.items() if v.tables == "world")
SINGLE_COUNTRY_MEASURES = tuple(k for k, v in INDICATORS.items() if v.tables == "open")


def measure_names() -> list[str]:
    """Every measure name :func:`indicators` accepts (aliases not included).

    >>> measure_names()[:3]
    ['participation', 'wwyz', 'length']
    """
    return list(INDICATORS)


def _resolve(measures: Sequence[str] | str | None, single: bool, level: str) -> list[Indicator]:
    kind = "open" if single else "world"
    if measures is None:
        return [i for i in INDICATORS.values() if i.tables == kind and i.default and level in i.levels]
    if isinstance(measures, str):
        measures = [measures]
    out: list[Indicator] = []
    for raw in measures:
        name = ALIASES.get(raw, raw)
        if name not in INDICATORS:
            raise UnknownNameError("measure", raw, measure_names())
        ind = INDICATORS[name]
        if ind.tables != kind:
            what = "single-country (open)" if single else "world"
            fits = [k for k, v in INDICATORS.items() if v.tables == kind]
            raise InputError(f"measure {raw!r} does not apply to a {what} table; choose from {', '.join(fits)}")
        if level not in ind.levels:
            other = ind.levels[0]
            by = "country" if other == "country" else "country-sector"
            raise InputError(f"measure {raw!r} is defined by {by}: use level='{other}'")
        if ind not in out:
            out.append(ind)
    return out


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
        Names of :data:`INDICATORS` (:func:`measure_names`; ``"bm"`` is an alias of
        ``"participation"``) that apply to the table (:data:`WORLD_MEASURES` or
        :data:`SINGLE_COUNTRY_MEASURES`) and level; default: the measures marked ``default``
        that apply (the subsets ``upstreamness``, ``position``, ``nrca`` and ``vax`` are asked
        for by name).
    level : {"sector", "country"}

    Returns
    -------
    DataFrame indexed by (``country``, ``sector``) or ``country``; ``attrs["measures"]`` lists
    the measures and ``attrs["references"]`` their papers. A column that two measures share
    appears once.

    Raises
    ------
    UnknownNameError
        A name that is no measure (the message lists the valid ones).
    InputError
        A measure that does not apply to the table kind or the level.

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
    import pandas as pd

    from gvckit.leontief import Model
    from gvckit.table import ICIO

    if level not in ("sector", "country"):
        raise UnknownNameError("level", level, ["sector", "country"])
    table = data.table if isinstance(data, Model) else data
    if not isinstance(table, ICIO):
        raise InputError(f"indicators needs a gvckit.ICIO or Model, got {type(data).__name__}")
    single = table.is_open
    chosen = _resolve(measures, single, level)
    m = None if single else Model.of(data)
    frames, refs, done = [], [], {}
    for ind in chosen:
        f = done.get(ind.compute)
        if f is None:
            f = done[ind.compute] = ind.compute(m, table, level)
            refs.extend(r for r in f.attrs.get("references", []) if r not in refs)
        f = pd.DataFrame(f[list(ind.columns)] if ind.columns else f)
        f = f[[c for c in f.columns if not any(c in g.columns for g in frames)]]
        frames.append(f)
    out = pd.concat(frames, axis=1)
    out.attrs = {"method": "indicators", "level": level, "measures": [i.name for i in chosen],
                 "references": refs, "unit": table.unit, "year": table.year,
                 "source": table.source, "va": "residual"}
    return out
