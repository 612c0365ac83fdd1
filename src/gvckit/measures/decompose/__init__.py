"""Gross-exports and value-added decompositions behind one entry point, :func:`decompose`.

Methods: ``"hiy"`` (Hummels, Ishii & Yi 2001 vertical specialisation), ``"vax"`` (Johnson &
Noguera 2012), ``"tiva"`` (OECD TiVA indicators), ``"kww"`` (Koopman, Wang & Wei 2014),
``"wwz"`` (Wang, Wei & Zhu 2013) and ``"bm"`` (Borin & Mancini 2019/2023, module ``bm``).
Every result is a tidy DataFrame (see :mod:`gvckit.measures.tidy`) whose ``attrs`` say what the
numbers are, including ``attrs["definitions"]``: term -> one-line definition.

Groups and melded countries. A group (``groups={"NAFTA": ["USA", "CAN", "MEX"]}``) and a
country melded from processing-trade splits (``meld=True``: CN1/CN2 -> CHN, MX1/MX2 -> MEX) are
decomposed as *one exporter*: trade between members is domestic, and the other countries see
the group as one partner. This is what OECD TiVA and exvatools do, and it is not the sum of the
members' own decompositions (which would count intra-group trade as exports). A whole country
named in a group brings its splits with it when melding.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from gvckit.errors import InputError, OptionError, UnknownNameError
from gvckit.leontief import Model
from gvckit.measures.decompose.hiy import Units
from gvckit.measures.meld import DEFAULT_SPLITS
from gvckit.measures.tidy import LEVELS, result_frame
from gvckit.table import ICIO

# method -> (module holding the function named like the method, prefix of its DEFINITIONS and
# REFERENCES, perspective, approach); bm is dispatched separately (its own signature)
_IMPLEMENTATIONS = {
    "hiy": ("gvckit.measures.decompose.hiy", "HIY", "exporter", None),
    "vax": ("gvckit.measures.vax", "VAX", "bilateral", None),
    "tiva": ("gvckit.measures.decompose.tiva", "TIVA", "exporter", None),
    "kww": ("gvckit.measures.decompose.kww", "KWW", "exporter", None),
    "wwz": ("gvckit.measures.decompose.wwz", "WWZ", "mixed", "mixed"),
}

__all__ = ["decompose", "METHODS", "LEVELS_BY_METHOD"]

METHODS = ("bm", "hiy", "vax", "tiva", "kww", "wwz")

LEVELS_BY_METHOD: dict[str, tuple[str, ...]] = {
    "bm": LEVELS,
    "hiy": ("country", "sector"),
    "vax": LEVELS,
    "tiva": LEVELS,
    "kww": ("country",),
    "wwz": LEVELS,
}

_LEVEL_KEYS = {
    "country": ["exporter"],
    "sector": ["exporter", "sector"],
    "bilateral": ["exporter", "importer"],
    "bilateral_sector": ["exporter", "sector", "importer"],
}

_WHY_NOT = {
    ("kww", "sector"): "KWW (2014) is a decomposition of a country's total exports; decompr's own "
    "code says kww() is valid at country level only. Use method='wwz' or 'bm' for sector detail",
    ("hiy", "bilateral"): "HIY VS/VS1 are given by exporting (VS) or source (VS1) sector; use "
    "method='tiva' (EXGR_FVA, DEXFVAP, FEXDVAP by partner) or 'vax' for bilateral detail",
}


def _why(method: str, level: str) -> str:
    if method == "kww":
        return _WHY_NOT[("kww", "sector")]
    if method == "hiy":
        return _WHY_NOT[("hiy", "bilateral")]
    return ""


def _meld_mapping(table: ICIO, meld: bool | Mapping[str, str] | None) -> dict[str, str]:
    """The split -> whole mapping asked for (``{}`` for no melding)."""
    if meld is None:
        return dict(table.meta.get("processing_splits") or {})
    if meld is False:
        return {}
    if meld is True:
        return dict(table.meta.get("processing_splits") or DEFAULT_SPLITS)
    if isinstance(meld, Mapping):
        return {str(k): str(v) for k, v in meld.items()}
    raise InputError(f"meld must be None, True, False or a mapping split -> country, not {meld!r}")


def _meld_groups(
    table: ICIO, meld: bool | Mapping[str, str] | None
) -> tuple[dict[str, list[str]], dict[str, str] | None]:
    """Whole country -> [whole, splits present] for the splits found in the table."""
    mapping = _meld_mapping(table, meld)
    countries = set(table.countries)
    out: dict[str, list[str]] = {}
    for part, whole in mapping.items():
        if part in countries:
            out.setdefault(whole, [whole] if whole in countries else []).append(part)
    return out, ({p: w for p, w in mapping.items() if p in countries} or None)


def _units(
    model: Model,
    groups: Mapping[str, Sequence[str]] | None,
    meld: bool | Mapping[str, str] | None,
) -> tuple[Units, dict[str, str] | None]:
    melds, mapping = _meld_groups(model.table, meld)
    spec: dict[str, list[str]] = {}
    in_user_group: set[str] = set()
    if groups is not None:
        if not isinstance(groups, Mapping):
            raise InputError("groups must be a mapping group name -> list of country codes")
        known = set(model.table.countries) | set(melds)
        for g, mem in groups.items():
            mem = [mem] if isinstance(mem, str) else [str(c) for c in mem]
            unknown = [c for c in mem if c not in known]
            if unknown or not mem:
                raise InputError(
                    f"group {g!r} names countries that are not in the table: {unknown or mem}; "
                    f"the table has {list(model.table.countries)}"
                )
            expanded: list[str] = []
            for c in mem:
                expanded.extend(melds.get(c, [c]))
                in_user_group.add(c)
            spec[str(g)] = expanded
    for whole, parts in melds.items():
        if whole not in in_user_group:
            spec[whole] = parts
    return Units.build(model, spec), mapping


def _select(units: Units, which: str | Sequence[str] | None, what: str) -> list[int]:
    if which is None or (isinstance(which, str) and which == "all"):
        return list(range(units.U))
    codes = [which] if isinstance(which, str) else list(which)
    bad = [c for c in codes if c not in units.names]
    if bad:
        hint = ""
        inside = {c: n for n, mem in zip(units.names, units.members, strict=True) for c in mem}
        moved = {c: inside[c] for c in bad if c in inside}
        if moved:
            hint = f" ({', '.join(f'{c} is part of {g}' for c, g in moved.items())})"
        raise InputError(f"unknown {what} {bad}{hint}; valid values are {units.names}")
    return [units.pos(c) for c in codes]


def decompose(
    data: ICIO | Model,
    method: str = "bm",
    level: str = "country",
    exporter: str | Sequence[str] | None = None,
    importer: str | Sequence[str] | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    meld: bool | Mapping[str, str] | None = None,
    va: str = "residual",
    **options: Any,
) -> pd.DataFrame:
    """Decompose gross exports / value added by one of the literature's methods.

    Parameters
    ----------
    data : ICIO or Model
        A table, or a :class:`gvckit.Model` to reuse its factorisation (and ``B``).
    method : {"bm", "hiy", "vax", "tiva", "kww", "wwz"}
        ``"bm"`` Borin & Mancini (options ``perspective``, ``approach``, passed through);
        ``"hiy"`` vertical specialisation VS/VS1; ``"vax"`` Johnson-Noguera VAX and VAX ratio;
        ``"tiva"`` OECD TiVA indicators (EXGR_DVA, EXGR_DDC, ..., shares ``..SH`` in %);
        ``"kww"`` KWW 2014 nine terms (country level only); ``"wwz"`` WWZ 2013 sixteen terms.
    level : {"country", "sector", "bilateral", "bilateral_sector"}
        Index ``exporter`` / (``exporter``, ``sector``) / (``exporter``, ``importer``) /
        (``exporter``, ``sector``, ``importer``). Finer levels are summed into coarser ones.
    exporter, importer : str or list of str, optional
        Keep only these exporting / importing units (countries, group names, melded countries);
        ``exporter="all"`` is the same as ``None``.
        ``importer`` needs a bilateral level.
    groups : mapping, optional
        Group name -> member countries, each group decomposed as one exporter (see the module
        docstring). Every member must be in the table (a whole country whose splits are
        melded counts).
    meld : None, True, False or mapping, optional
        Meld processing-trade splits into whole countries, each computed as one exporter (as
        TiVA does; not the sum of the splits' own results). ``None`` (default) melds the splits
        in ``table.meta["processing_splits"]`` if any (as ``bm`` always does), ``True`` those or
        the OECD default ``{"CN1": "CHN", "CN2": "CHN", "MX1": "MEX", "MX2": "MEX"}``, ``False``
        none, a mapping the splits it names.
    va : {"residual", "reported"}
        Value added used for ``v`` (see :class:`gvckit.Model`); identities need "residual".

    Returns
    -------
    DataFrame
        One column per term; ``attrs``: method, level, perspective, approach, unit, year,
        source, references, definitions, va, groups, melded.

    Raises
    ------
    UnknownNameError
        Unknown method or level (the message lists the valid ones).
    OptionError
        The same single unit as exporter and importer (a country does not export to itself).
    InputError
        Unknown exporter/importer, a level the method does not offer (with the reason), an open
        table for methods that need a world table.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.decompose import decompose
    >>> t = gvckit.ICIO([[10, 2, 1], [3, 10, 2], [1, 1, 5]],
    ...                 [[20, 5, 2], [4, 30, 3], [2, 2, 20]], countries=["A", "B", "C"],
    ...                 sectors=["s"])
    >>> r = decompose(t, "kww")
    >>> bool(((r[["VAX", "REF", "DDC", "FVA", "FDC"]].sum(axis=1) - r["EXGR"]).abs() < 1e-9).all())
    True
    >>> list(decompose(t, "tiva", exporter="A").columns[:3])
    ['EXGR', 'EXGR_DVA', 'EXGR_DDC']
    """
    if method not in METHODS:
        raise UnknownNameError("method", method, METHODS)
    if level not in LEVELS:
        raise UnknownNameError("level", level, LEVELS)
    if level not in LEVELS_BY_METHOD[method]:
        why = _why(method, level)
        raise InputError(
            f"method {method!r} does not offer level {level!r}; it offers "
            f"{list(LEVELS_BY_METHOD[method])}" + (f". {why}" if why else "")
        )
    _refuse_self_trade(exporter, importer)
    model = Model.of(data, va)
    if method == "bm":
        return _bm(model, level, exporter, importer, groups, meld, options)
    if options:
        raise InputError(f"method {method!r} takes no options; got {sorted(options)}")
    table = model.table
    if table.import_mode == "competitive":
        raise InputError(
            f"method {method!r} needs foreign content separated from domestic: this table has "
            "competitive imports (imported inputs inside Z). Use a non-competitive or world table"
        )
    if method in ("kww", "wwz", "vax") and table.is_open:
        raise InputError(
            f"method {method!r} needs a world (closed) table: it decomposes by partner country, "
            "and this table is open (trade with an outside world). Use 'hiy' or 'tiva'"
        )
    if importer is not None and level in ("country", "sector"):
        raise InputError(
            f"importer= filters partners, which needs level 'bilateral' or 'bilateral_sector', "
            f"not {level!r}"
        )
    units, mapping = _units(model, groups, meld)
    if units.U == 1 and table.G > 1:
        raise InputError(
            f"the groups/melding leave a single exporting unit {units.names[0]!r} covering the "
            "whole table: it has no partners to export to"
        )
    ex_pos = _select(units, exporter, "exporter")
    if importer is not None:
        partner_names = [*units.names, "EXT"] if method == "tiva" and table.is_open else units.names
        bad = [
            c
            for c in ([importer] if isinstance(importer, str) else importer)
            if c not in partner_names
        ]
        if bad:
            raise InputError(f"unknown importer {bad}; valid values are {partner_names}")

    module_name, prefix, perspective, approach = _IMPLEMENTATIONS[method]
    module = importlib.import_module(module_name)
    cols, idx = getattr(module, method)(model, units, ex_pos)
    defs = getattr(module, f"{prefix}_DEFINITIONS")
    refs = getattr(module, f"{prefix}_REFERENCES")

    frame = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in cols.items()}, index=idx)
    if importer is not None:
        imp = [importer] if isinstance(importer, str) else list(importer)
        frame = frame[frame.index.get_level_values("importer").isin(imp)]
    keys = _LEVEL_KEYS[level]
    if list(frame.index.names) != keys:
        frame = frame.groupby(level=keys, sort=False).sum()
    if method == "tiva" and level in ("country", "sector"):
        from gvckit.measures.decompose.tiva import add_shares

        frame = add_shares(frame)
    elif method == "vax":
        from gvckit.measures.vax import add_ratio

        frame = add_ratio(frame)
    out = result_frame(
        {c: frame[c].to_numpy() for c in frame.columns},
        frame.index,
        table=table,
        method=method,
        level=level,
        perspective=perspective,
        approach=approach,
        references=refs,
        definitions={c: defs.get(c, "") for c in frame.columns},
        va=va,
        groups={
            n: mem
            for n, mem in zip(units.names, units.members, strict=True)
            if len(mem) > 1 or mem != [n]
        }
        or None,
        melded=mapping,
        row_balance_gap=_row_balance_gap(table),
    )
    return out


def _names(which: str | Sequence[str] | None) -> set[str] | None:
    if which is None or (isinstance(which, str) and which == "all"):
        return None
    return {which} if isinstance(which, str) else {str(c) for c in which}


def _refuse_self_trade(exporter, importer) -> None:
    """One unit as both the only exporter and the only importer selects no trade at all."""
    ex, im = _names(exporter), _names(importer)
    if ex is not None and ex == im and len(ex) == 1:
        (code,) = ex
        raise OptionError(
            f"exporter and importer are both {code!r}: a country's exports go to other countries, "
            f"so there is no {code}->{code} export to decompose; drop --importer, or name another "
            "importer"
        )


def _row_balance_gap(table: ICIO) -> float | None:
    """Largest ``|x - Z1 - Y1|`` of a world table when it is not negligible, else None.

    The decompositions close exactly (terms adding to gross exports) only when gross output
    satisfies the row identity; published tables (WIOD: up to 108 USD m) may not.
    """
    if table.is_open:
        return None
    Z, Y, x = table.arrays()
    gap = float(np.abs(x - Z.sum(axis=1) - Y.sum(axis=1)).max(initial=0.0))
    return gap if gap > 1e-9 * max(float(np.abs(x).max(initial=0.0)), 1.0) else None


def _bm(model, level, exporter, importer, groups, meld, options) -> pd.DataFrame:
    try:
        from gvckit.measures.decompose.bm import bm
    except ImportError as exc:  # pragma: no cover - depends on the bm module being installed
        raise InputError(f"method 'bm' is not available: {exc}") from exc
    # bm melds the splits named in table.meta["processing_splits"] itself, computing each whole
    # country as one exporter; point it at the mapping asked for, for the duration of the call
    meta = model.table.meta
    had = "processing_splits" in meta
    saved = meta.get("processing_splits")
    meta["processing_splits"] = _meld_mapping(model.table, meld)
    try:
        res = bm(model, level=level, exporter=exporter, importer=importer, groups=groups, **options)
    finally:
        if had:
            meta["processing_splits"] = saved
        else:
            meta.pop("processing_splits", None)
    return res
