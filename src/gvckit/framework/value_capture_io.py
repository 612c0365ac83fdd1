"""Value capture, input-output form: who captures the final value of a product chain.

The paper's Haining leather example (§4) measures value capture with one pair of prices: the
jacket leaves China at 30 US dollars and sells for 300, so the domestic producer captures 1/10
(:func:`gvckit.framework.value_capture.value_capture`, the price form). An inter-country
input-output table gives the same quantity for a whole product chain. Let ``y_c`` be the chain's
final-demand vector: the final goods of sectors ``S`` of country ``s`` bought in destinations
``D``, i.e. the rows of ``Y`` (by destination) restricted to ``(s, S)`` and the columns to ``D``,
summed over ``D``. The value added that each country-sector ``i`` contributes to it is

    va_c = V̂ B y_c,         share_c = va_c / (1' y_c),

with ``V̂ = diag(v)``, ``v = va ⊘ x`` and ``B = (I - A)^-1`` (Leontief 1936; Johnson & Noguera
2012; Timmer, Erumban, Los, Stehrer & de Vries 2014, "Slicing up global value chains", Journal of
Economic Perspectives 28(2): 99-118, who call it the GVC income of a final product). With the
residual value added ``va' = x' - 1'Z`` every column of ``V̂ B`` sums to one, so
``1' va_c = 1' y_c``: the shares add up to one exactly.

What the IO form measures, and what it cannot
---------------------------------------------
Final demand in a WIOD-type table is valued at basic prices: the retail and wholesale margin on a
final good, and the brand owner's mark-up when it is booked in a trade or services sector, are
final demand *of those sectors*, not of the manufacturing sector. The chain "Chinese leather final
goods sold abroad" therefore ends at the factory gate abroad, and its domestic share is the
domestic content of the export price (the price form's ``1 - foreign_content_share``), not the
paper's 1/10 of the retail price. To measure the paper's 1/10, define the chain at its final
seller (e.g. the foreign retail or brand sector whose final sales embody the Chinese jacket):
then the exporter's value added over the final value is the paper's share, as the test on a
hand-built 2-country chain (30 of 300) shows.

Examples
--------
>>> import gvckit
>>> from gvckit.framework.value_capture_io import chain_value_capture
>>> t = gvckit.ICIO([[0, 30], [0, 0]], [[0, 0], [0, 300]], countries=["CHN", "F"], sectors=["s"])
>>> r = chain_value_capture(t, "F", ["s"], destinations="all", level="country")
>>> r.set_index("country").share.round(6).to_dict()
{'CHN': 0.1, 'F': 0.9}
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model
from gvckit.measures.tidy import result_frame
from gvckit.table import ICIO

from .indicators import require_whole_economies
from .value_capture import ValueCapture

__all__ = [
    "resolve_sectors",
    "chain_final_demand",
    "chain_value_capture",
    "chain_capture_summary",
]

_REFS = [
    "Timmer, M. P., Erumban, A. A., Los, B., Stehrer, R. and de Vries, G. J. (2014), Slicing up "
    "global value chains, Journal of Economic Perspectives 28(2): 99-118.",
    "Johnson, R. C. and Noguera, G. (2012), Accounting for intermediates, JIE 86(2): 224-236.",
    "The seed paper, §4 (Haining leather: 30 of 300 US dollars).",
]


#: Classifications the framework can key sector-level data by (``gvckit.concordance`` names).
_FRAMEWORK_CLASSIFICATIONS = ("wiod2013", "adb35", "wiod2016", "oecd2021", "oecd2023", "nbs42")
# the registry (framework/data/sector_map.csv) holds sectors for these; the others are relabelled
# one-to-one through the concordance: adb35 <- wiod2013, oecd2023 <- oecd2021
_REGISTRY_NAME = {"wiod2013": "wiod2013", "wiod2016": "wiod2016", "oecd2021": "isic4_oecd",
                  "nbs42": "nbs42"}
_RELABEL_FROM = {"adb35": "wiod2013", "oecd2023": "oecd2021"}


@functools.cache
def _code_lists() -> dict[str, frozenset[str]]:
    from gvckit.concordance import codes

    return {c: frozenset(codes(c).index) for c in _FRAMEWORK_CLASSIFICATIONS}


def _classification_hint(table: ICIO) -> tuple[str | None, str]:
    """The classification named by the table's metadata (or None), and what named it."""
    from gvckit.concordance import ALIASES

    meta = table.meta or {}
    explicit = str(meta.get("classification", "") or "")
    if explicit:
        key = explicit.strip().lower().replace("-", "_").replace(" ", "_")
        key = ALIASES.get(key, key)
        if key in _FRAMEWORK_CLASSIFICATIONS:
            return key, f"meta['classification'] = {explicit!r}"
    text = " ".join(
        str(v) for v in (table.source, explicit, meta.get("format", ""), meta.get("release", ""))
    ).lower()
    for pattern, key in (
        (("wiod 2013", "wiod2013"), "wiod2013"),
        (("wiod 2016", "wiod2016"), "wiod2016"),
        (("adb",), "adb35"),
        (("icio2023", "icio 2023", "oecd2023"), "oecd2023"),
        (("oecd", "icio"), "oecd2021"),
        (("nbs",), "nbs42"),
    ):
        if any(p in text for p in pattern):
            return key, f"source/meta {text.strip()!r}"
    return None, ""


def _classification_of(table: ICIO, strict: bool = False) -> str | None:
    """The sector classification of ``table`` (a :mod:`gvckit.concordance` name) or None.

    The metadata (``meta["classification"]``, ``meta["format"]``, ``meta["release"]``, ``source``,
    as the readers set them) give a candidate, accepted when every sector code of the table is a
    code of it; otherwise the classification whose code list holds every sector code of the table
    (:func:`gvckit.concordance.codes`), when exactly one does. Supported: ``wiod2013``, ``adb35``,
    ``wiod2016``, ``oecd2021``, ``oecd2023``, ``nbs42``.

    With ``strict=True`` an :class:`~gvckit.errors.InputError` names the codes when no
    classification matches (or several do); otherwise None is returned (or, when the codes match
    none, the metadata's candidate, as before).
    """
    have = [str(s) for s in table.sectors]
    hint, why = _classification_hint(table)
    lists = _code_lists()
    if hint is not None and set(have) <= lists[hint]:
        return hint
    fits = [c for c in _FRAMEWORK_CLASSIFICATIONS if set(have) <= lists[c]]
    if len(fits) == 1:
        return fits[0]
    if not strict:
        return None if fits else hint
    if fits:
        raise InputError(
            f"the table's sector codes {have[:8]}{' ...' if len(have) > 8 else ''} fit several "
            f"classifications {fits}; set table.meta['classification'] to one of them"
        )
    best = max(_FRAMEWORK_CLASSIFICATIONS, key=lambda c: len(set(have) & lists[c]))
    bad = [s for s in have if s not in lists[best]]
    said = f" ({why} names {hint!r}, whose codes do not fit)" if hint else ""
    raise InputError(
        f"cannot tell the table's sector classification{said}: its codes match none of "
        f"{list(_FRAMEWORK_CLASSIFICATIONS)}; closest is {best!r}, which lacks {bad[:10]}"
        f"{' ...' if len(bad) > 10 else ''}. Relabel the sectors to one of these classifications "
        "(gvckit.concordance) or set table.meta['classification']"
    )


def _registry_sectors(key: str, cls: str) -> list[str]:
    """Sector codes of the paper industry/cluster ``key`` in classification ``cls``."""
    return list(_registry_codes(key, cls))


@functools.lru_cache(maxsize=1024)
def _registry_codes(key: str, cls: str) -> tuple[str, ...]:
    """:func:`_registry_sectors`, looked up once per (key, classification): a report resolves
    every industry in every year's table, the same answer each time."""
    from gvckit.concordance import concordance

    from .registry import _sector_codes

    base = _RELABEL_FROM.get(cls, cls)
    codes_ = _sector_codes(key, _REGISTRY_NAME[base])
    if base == cls:
        return codes_
    rel = concordance(base, cls)  # one-to-one by construction (checked by the tests)
    to = dict(zip(rel["from"], rel["to"], strict=True))
    return tuple(to[c] for c in codes_)


def resolve_sectors(table: ICIO, sectors: str | Sequence[str]) -> list[str]:
    """Sector codes of ``table`` for a code, a list of codes, or a paper industry/cluster key.

    A string that is not a sector of the table is looked up in the framework registry
    (:func:`gvckit.framework.registry.sectors_for`) with the table's classification, detected
    from its metadata and sector codes (WIOD 2013, ADB 35, WIOD 2016, OECD ICIO 2021/2023, NBS 42;
    ADB 35 and OECD 2023 codes are the WIOD 2013 and OECD 2021 ones relabelled one-to-one through
    :func:`gvckit.concordance.concordance`).

    Raises
    ------
    InputError
        Naming the unknown sector(s) and the table's sectors.

    Examples
    --------
    >>> import gvckit
    >>> t = gvckit.load_dataset("wiod2013", year=1995)
    >>> resolve_sectors(t, "leather"), resolve_sectors(t, ["19", "17t18"])
    (['19'], ['19', '17t18'])
    """
    have = list(table.sectors)
    if isinstance(sectors, str):
        if sectors in have:
            return [sectors]
        cls = _classification_of(table)
        if cls is None:
            try:
                _classification_of(table, strict=True)
                why = ""
            except InputError as exc:
                why = f" ({exc})"
            raise InputError(
                f"sector {sectors!r} is not in the table (sectors: {have}) and the table's "
                f"classification is unknown, so it cannot be looked up as a paper industry{why}"
            )
        try:
            codes = _registry_sectors(sectors, cls)
        except KeyError as exc:
            raise InputError(f"sector {sectors!r} is not in the table (sectors: {have}): {exc}") from None
        sectors = codes
    out = [str(s) for s in sectors]
    bad = [s for s in out if s not in have]
    if bad or not out:
        raise InputError(f"unknown sector(s) {bad or out!r}; the table has {have}")
    return out


def _destinations(model: Model, country: str, destinations: str | Sequence[str]) -> list[int]:
    cs = model.table.countries
    if isinstance(destinations, str):
        if destinations == "all":
            return list(range(model.G))
        if destinations == "foreign":
            if model.G == 1:
                raise InputError(
                    "destinations='foreign' needs a multi-country table: a single-country table "
                    "does not split its exports into final and intermediate goods"
                )
            return [g for g, c in enumerate(cs) if c != country]
        destinations = [destinations]
    pos = []
    for d in destinations:
        if d not in cs:
            raise InputError(f"unknown destination {d!r}; the table has {cs}")
        pos.append(cs.index(d))
    return pos


def chain_final_demand(
    data: ICIO | Model,
    country: str,
    sectors: str | Sequence[str],
    destinations: str | Sequence[str] = "foreign",
) -> np.ndarray:
    """The chain's final-demand vector ``y_c`` (GN).

    ``y_c[i] = sum_{r in D} Y[i, r]`` for the rows ``i`` of ``country`` and ``sectors``, zero
    elsewhere (``Y`` by destination country, final-demand categories summed).

    Parameters
    ----------
    data : ICIO or Model
    country : str
    sectors : str or list of str
        Sector codes, or a paper industry/cluster key (see :func:`resolve_sectors`).
    destinations : {"foreign", "all"} or list of str
        ``"foreign"``: every country but ``country``; ``"all"``; or a list of country codes.

    Examples
    --------
    >>> import gvckit
    >>> t = gvckit.ICIO([[0, 30], [0, 0]], [[0, 0], [0, 300]], countries=["CHN", "F"],
    ...                 sectors=["s"])
    >>> chain_final_demand(t, "F", "s", "all").tolist()
    [0.0, 300.0]
    """
    m = Model.of(data) if isinstance(data, ICIO) else data
    t = m.table
    require_whole_economies(t)
    pos = m.country_pos(country)
    secs = resolve_sectors(t, sectors)
    dest = _destinations(m, country, destinations)
    rows = pos * m.N + np.array([t.sectors.index(s) for s in secs])
    y = np.zeros(m.n)
    y[rows] = m.Yd[np.ix_(rows, dest)].sum(axis=1)
    return y


def chain_value_capture(
    data: ICIO | Model,
    country: str,
    sectors: str | Sequence[str],
    destinations: str | Sequence[str] = "foreign",
    level: str = "country_sector",
) -> pd.DataFrame:
    """Share of a product chain's final value captured by each country-sector or country.

    ``va_c = V̂ B y_c`` (one Leontief solve), ``share = va_c / 1'y_c``.

    Parameters
    ----------
    data : ICIO or Model
        A table (residual value added is used) or a :class:`gvckit.Model` with ``va="residual"``.
    country, sectors, destinations
        The chain, see :func:`chain_final_demand`.
    level : {"country_sector", "country"}

    Returns
    -------
    pandas.DataFrame
        ``level="country_sector"``: columns ``country, sector, va, share``, one row per
        country-sector of the table; ``level="country"``: ``country, va, share``. ``va`` adds up
        to the chain's final value and ``share`` to one. ``attrs``: ``final_value``,
        ``domestic_value``, ``domestic_share`` (the chain country's own share: the paper's "one
        tenth", measured), ``chain`` and the usual ``method``, ``unit``, ``year``, ``source``,
        ``references``.

    Raises
    ------
    InputError
        Unknown country, sector or destination; a chain with no final demand; a model with
        reported value added (its shares would not add up to one).

    Examples
    --------
    >>> import gvckit
    >>> t = gvckit.load_dataset("wiod2013", year=2005)
    >>> r = chain_value_capture(t, "CHN", "19", "foreign", level="country")
    >>> round(float(r.share.sum()), 9), 0.5 < r.attrs["domestic_share"] < 1
    (1.0, True)
    """
    if level not in ("country_sector", "country"):
        raise InputError(f"level must be 'country_sector' or 'country', not {level!r}")
    m = Model.of(data, va="residual") if isinstance(data, ICIO) else data
    require_whole_economies(m.table)
    if m.va_kind != "residual":
        raise InputError(
            "chain_value_capture needs residual value added (va='residual'): with reported value "
            "added the shares of V B y do not add up to one"
        )
    t = m.table
    secs = resolve_sectors(t, sectors)
    y = chain_final_demand(m, country, secs, destinations)
    total = float(y.sum())
    if total <= 0:
        raise InputError(
            f"the chain {country}/{','.join(secs)} -> {destinations!r} has no final demand "
            f"(sum of its final-demand vector = {total:g})"
        )
    va = m.v * m.solve(y)
    share = va / total
    cpos = m.country_pos(country)
    dom = float(va[m.block(cpos)].sum())
    if level == "country_sector":
        idx = pd.RangeIndex(m.n)
        df = result_frame({"va": va, "share": share}, idx, table=t, method="chain value capture",
                          level="sector", references=_REFS)
        df.insert(0, "sector", list(t.index.get_level_values(1)))
        df.insert(0, "country", list(t.index.get_level_values(0)))
    else:
        vac = va.reshape(m.G, m.N).sum(axis=1)
        df = result_frame({"va": vac, "share": vac / total}, pd.RangeIndex(m.G), table=t,
                          method="chain value capture", level="country", references=_REFS)
        df.insert(0, "country", list(t.countries))
    dest = destinations if isinstance(destinations, str) else ",".join(destinations)
    df.attrs.update(
        final_value=total,
        domestic_value=dom,
        domestic_share=dom / total,
        chain=f"final goods of {country} {','.join(secs)} bought in {dest}",
        formula="va_c = diag(v) B y_c; share = va_c / sum(y_c)",
    )
    return df


def chain_capture_summary(
    data: ICIO | Model,
    country: str,
    sectors: str | Sequence[str],
    destinations: str | Sequence[str] = "foreign",
    region: str | None = None,
) -> ValueCapture:
    """The IO form as a :class:`~gvckit.framework.value_capture.ValueCapture` (``method="io"``).

    ``export_price`` is the value added captured by ``region`` (default: the chain's own
    country) and ``final_price`` the chain's final value, so that ``share`` is read like the
    paper's 30/300.

    Examples
    --------
    >>> import gvckit
    >>> t = gvckit.ICIO([[0, 30], [0, 0]], [[0, 0], [0, 300]], countries=["CHN", "F"],
    ...                 sectors=["s"])
    >>> chain_capture_summary(t, "F", "s", "all", region="CHN").share
    0.1
    """
    df = chain_value_capture(data, country, sectors, destinations, level="country")
    region = region or country
    if region not in set(df.country):
        raise InputError(f"unknown region {region!r}; the table has {list(df.country)}")
    captured = float(df.loc[df.country == region, "va"].sum())
    total = float(df.attrs["final_value"])
    return ValueCapture(
        export_price=captured,
        final_price=total,
        share=round(captured / total, 15),
        downstream_part=total - captured,
        downstream_share=(total - captured) / total,
        currency=str(df.attrs.get("unit", "")),
        method="io",
    )
