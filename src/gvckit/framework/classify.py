"""Classification from data: place a region's industry on the paper's two dimensions (Table 1).

The paper classifies Zhejiang's representative industries by the governance of their chain
(producer- vs buyer-driven, Gereffi 1999) and their degree of integration into global value
chains (low / high / emerging), without thresholds. :func:`classify` measures both for a region of
an input-output table under a named rule set (:mod:`gvckit.framework.ruleset`: ``"paper"``, the
paper's own logic, or ``"gereffi"``, data-driven; or a user's rule file), and states every label as
a :class:`~gvckit.framework.reasons.Verdict` holding its evidence rows and the sensitivity
variants that recompute it (other benchmarks, windows shifted back by up to
``Rules.window_shift`` years, the other rule set). A label is "high" confidence only when no
variant flips it.

Governance (``Rules.governance_indicators``, producer-driven when at least
``Rules.governance_min_votes`` available rows point to it):

- ``tech_intensity``: OECD technology level of the paper's industry (Hatzichronoglou 1997);
  producer-driven when in ``Rules.producer_tech_levels`` (``paper``: high only);
- ``capital_good_share``: GFCF / final demand of the sector's goods over the region's
  manufacturing (end use: investment goods vs consumer goods);
- ``labour_intensity``: labour compensation / value added over the region's manufacturing
  (only tables with labour compensation);
- the lead-firm ratio (high-income VA in technology-intensive manufacturing over their VA in
  distribution and business services, in the chain of the sector's final goods) is shown and
  never votes: brand and retail margins lie outside a basic-price table.

Integration (``Rules.integration_indicators``, high when at least ``Rules.integration_min_votes``
reach ``Rules.integration_cutoff`` times the benchmark): export orientation ``e/x``; the VAX ratio
(value added absorbed abroad / value added, Johnson & Noguera 2012); foreign value added in exports
(Hummels, Ishii & Yi 2001). Benchmarks: the region's manufacturing pooled (default) or the
economy at ``Rules.percentile_cutoff`` among the table's other economies for the same sector.
WWYZ participation, the BM GVC share and upstreamness are shown as *how* the industry takes part
(:attr:`Classification.position`), never voting.

Emerging (type III): the sector's share of the region's output grew by at least
``Rules.emerging_growth_min`` a year (log growth) from up to ``Rules.emerging_lookback`` years
before the last classification year up to that year; no data after it are read, so classifying
1995 from 1995-2011 gives what 1995 alone gives. The paper's label 融入程度有待加深 (integration still
to deepen) is given only to a producer-driven emerging industry, i.e. type III.

``years=None`` means every year of the data in :func:`classify` and
:func:`~gvckit.framework.diagnose.diagnose` alike. Both always return a result collection
(:class:`Classifications`), also for one industry; index it by position or industry key.

Examples
--------
>>> from gvckit.framework.classify import classify
>>> c = classify("wiod2013", "CHN", "leather", years=[2005])["leather"]
>>> c.type_code, c.paper_type, c.verdicts["dim_governance"].label
('II', 'II', 'lab_gov_buyer')
>>> print(c.verdicts["dim_integration"].text("zh"))
融入全球价值链的程度：融入程度较高（把握一般）
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from gvckit.errors import InputError, UnknownNameError
from gvckit.leontief import Model
from gvckit.messages import check_lang, tr
from gvckit.table import ICIO

from .indicators import EVERY_PART, RegionYear, memo, region_year
from .reasons import CLASSIFICATION_DIMENSIONS, Reason, Variant, Verdict
from .registry import industry as _industry
from .registry import industry_keys as _registry_industry_keys
from .rules import Rules, governance_proxies, sector_proxies
from .ruleset import load_rules
from .typology import OutsideTypology, type_for
from .value_capture_io import _classification_of, resolve_sectors

__all__ = [
    "table_classification",
    "ModelSeries",
    "Classification",
    "Classifications",
    "ResultList",
    "classify",
    "agreement_table",
    "memo",
]

RulesLike = str | Path | Rules | None


@functools.cache
def _industry_key_tuple() -> tuple[str, ...]:
    return tuple(_registry_industry_keys())


def _industry_keys() -> list[str]:
    return list(_industry_key_tuple())


def industry_sectors(m: Model) -> dict[str, list[str]]:
    """Each paper industry's sectors in the model's table ([] where they are not all in it),
    resolved once per model."""
    def compute() -> dict[str, list[str]]:
        out = {}
        for k in _industry_keys():
            try:
                out[k] = resolve_sectors(m.table, k)
            except InputError:
                out[k] = []
        return out
    return memo(m, "industry_sectors", compute)


def industry_or_error(key: str):
    """The paper's industry ``key`` (key or Chinese name), or :class:`UnknownNameError`."""
    try:
        return _industry(key)
    except LookupError:
        raise UnknownNameError("industry", key, _industry_keys()) from None


# --------------------------------------------------------------------------- data source
class ModelSeries:
    """One :class:`gvckit.Model` per year from a table, a model, a dataset name or a dict.

    Models are built on first use and kept for the life of the object (one per year within a
    call of :func:`classify`, :func:`agreement_table` or
    :func:`~gvckit.framework.diagnose.diagnose`); the dense ``B`` is never formed.

    Parameters
    ----------
    data : ICIO, Model, str or dict
        Anything :meth:`gvckit.app.source.Source.of` accepts: a bundled dataset name
        (``"wiod2013"``), ``name:year``, a file path, a table or model (one year), or a mapping
        year -> table/model.

    Examples
    --------
    >>> s = ModelSeries("wiod2013")
    >>> s.years[0], s.years[-1]
    (1995, 2011)
    """

    def __init__(self, data: ICIO | Model | str | Mapping[int, ICIO | Model]) -> None:
        from gvckit.app.source import Source

        if isinstance(data, ModelSeries):
            self._source, self._models, self.years = data._source, data._models, data.years
            return
        # one resolver of data specs for the whole package: gvckit.app.source.Source
        self._source = Source.of(data)
        self._models: dict[int, Model] = {}
        self.years: list[int] = list(self._source.years) or [0]  # an undated table is year 0

    def model(self, year: int) -> Model:
        """The model of ``year`` (built once)."""
        year = int(year)
        if year not in self.years:
            raise InputError(f"year {year} is not available; years: {self.years}")
        m = self._models.get(year)
        if m is None:
            from .indicators import require_whole_economies

            m = Model.of(self._source.load(None if self._source.undated else year))
            require_whole_economies(m.table)
            self._models[year] = m
        return m

    def prepare(self, years: Iterable[int] | None, region: str,
                parts: Sequence[str] | Mapping[int, Sequence[str]] = (),
                factors: Iterable[int] | None = None) -> None:
        """Build the models of ``years`` (None: every year) and ``region``'s per-year indicators
        (:func:`~gvckit.framework.indicators.region_year`) with the indicators named in
        ``parts`` (``"wwyz_backward"``, ``"upstreamness"``, ...: those computed on first use;
        ``"*"`` (``indicators.EVERY_PART``) every one, as a classification reads them; a
        mapping year -> names asks for different indicators in different years), several years
        at once in threads (:func:`gvckit.threadpool.map_threads`; ``GVCKIT_THREADS=1`` builds
        them one by one).

        ``factors``: the years whose LU factorisation of ``I - A`` is kept once their indicators
        are computed (None: every year). A year left out drops its factors (``GN x GN``
        floats, 16 MB for WIOD) as soon as its thread is done with them, so a long series does
        not hold one factorisation per year when later steps need only a few; should anything
        ask for them again, :attr:`gvckit.Model.lu` factorises afresh (same numbers, more time).

        Only speed and memory change: what is built is what :meth:`model` and ``region_year``
        build on first use, and kept the same way. Reading a table, factorising ``I - A`` and
        the solves release the GIL, so on two cores the report's 17 WIOD years are ready in
        about half the time. An error (an unknown region, a singular table) is raised as the
        serial loop would raise it.
        """
        from gvckit.threadpool import map_threads

        from . import indicators

        indicators.import_measures()  # in this thread: the workers find the modules loaded
        ys = self.resolve_years(years)
        keep = None if factors is None else {int(y) for y in factors}

        def build(year: int) -> Model:
            m = self._models.get(year)
            if m is None:
                m = Model.of(self._source.load(None if self._source.undated else year))
                indicators.require_whole_economies(m.table)
            ry = region_year(m, region)
            names = parts.get(year, ()) if isinstance(parts, Mapping) else parts
            for k in (list(ry.parts) if indicators.EVERY_PART in names else names):
                ry.parts[k]  # noqa: B018 - computed and kept (LazyParts)
            if keep is not None and year not in keep:
                m.__dict__.pop("lu", None)  # Model.lu is a cached_property: dropped, not broken
            return m

        for y, m in zip(ys, map_threads(build, ys), strict=True):
            self._models.setdefault(y, m)

    def adopt(self, year: int, model: Model) -> None:
        """Use ``model`` (already built, e.g. by a panel task) as the model of ``year``."""
        year = int(year)
        if year not in self.years:
            raise InputError(f"year {year} is not available; years: {self.years}")
        self._models[year] = model

    def resolve_years(self, years: Iterable[int] | int | None) -> list[int]:
        """``years`` checked against the available years (``None``: every year of the data)."""
        if years is None:
            return list(self.years)
        if isinstance(years, int | np.integer):
            years = [int(years)]
        out = [int(y) for y in years]
        bad = [y for y in out if y not in self.years]
        if bad or not out:
            raise InputError(f"years {bad or out} not available; available: {self.years}")
        return out



def table_classification(data: ICIO | Model) -> str:
    """The sector classification of a table, as the framework reads it.

    From ``meta["classification"]``, ``meta["format"]``, ``meta["release"]`` and ``source`` (as
    the readers set them) when the table's sector codes fit it, otherwise from the one
    classification whose code list (:func:`gvckit.concordance.codes`) holds every sector code.

    Returns
    -------
    str
        ``"wiod2013"``, ``"adb35"``, ``"wiod2016"``, ``"oecd2021"``, ``"oecd2023"`` or
        ``"nbs42"`` (:mod:`gvckit.concordance` names).

    Raises
    ------
    InputError
        Naming the codes that match no classification (or the classifications that all fit).

    Examples
    --------
    >>> import gvckit
    >>> table_classification(gvckit.load_dataset("wiod2013", year=2005))
    'wiod2013'
    >>> t = gvckit.ICIO([[1, 0], [0, 1]], [[5], [5]], countries=["CHN"], sectors=["D13T15", "D26"])
    >>> table_classification(t)
    'oecd2021'
    """
    t = data.table if isinstance(data, Model) else data
    return cast(str, _classification_of(t, strict=True))  # strict: raises rather than None




def _mean(vals: Iterable[float]) -> float:
    a = np.asarray([v for v in vals], dtype=float)
    a = a[np.isfinite(a)]
    return float(a.mean()) if a.size else float("nan")


def _finite(v: float | None) -> bool:
    return v is not None and math.isfinite(v)


def period_label(years: Sequence[int]) -> str:
    """``"2005"``, ``"2003-2005"`` or ``"1995,2000"``."""
    ys = sorted(years)
    if len(ys) == 1:
        return str(ys[0])
    if ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}-{ys[-1]}"
    return ",".join(map(str, ys))


# --------------------------------------------------------------------------- governance
def _tech_level(key: str) -> str:
    return _industry_tech_levels().get(key, "")


@functools.cache
def _industry_tech_levels() -> dict[str, str]:
    prox = governance_proxies()
    ind = prox[prox.kind == "industry"]
    return {str(k): str(v) for k, v in zip(ind.code, ind.tech_intensity, strict=True)}


def _lead_firm_ratio(m: Model, region: str, secs: list[str], rules: Rules) -> float:
    """High-income VA in technology-intensive manufacturing over their VA in distribution and
    business services, in the chain of the region's final goods of ``secs`` (shown only).

    The value added of the chain is ``v ⊙ B y_c`` with ``y_c`` the region's final demand for
    ``secs``; the chains of every paper industry of the table are solved together, once per
    model, region and rule set (one ``lu_solve`` with one column per industry).
    """
    tech_levels, high = tuple(rules.producer_tech_levels), tuple(sorted(rules.high_income))

    def compute(sets: list[tuple[str, ...]]) -> dict[tuple[str, ...], float]:
        t = m.table
        prox = sector_proxies(table_classification(t)).reindex(list(t.sectors))
        pos = m.country_pos(region)
        Yc = np.zeros((m.n, len(sets)))
        for j, ss in enumerate(sets):
            rows = pos * m.N + np.array([t.sectors.index(s) for s in ss])
            Yc[rows, j] = m.y[rows]
        VA = m.v[:, None] * m.solve(Yc)
        hi = np.isin(np.array(t.countries)[m.country_of], list(high))
        tile = np.tile(np.arange(m.N), m.G)
        tech = prox["tech_intensity"].isin(tech_levels).to_numpy()[tile]
        serv = (prox["service_role"].fillna("") != "").to_numpy()[tile]
        a, b = VA[hi & tech].sum(axis=0), VA[hi & serv].sum(axis=0)
        ok = (Yc.sum(axis=0) > 0) & (b > 0)
        return {ss: float(a[j] / b[j]) if ok[j] else float("nan") for j, ss in enumerate(sets)}

    key = f"lead_firm:{region}:{','.join(tech_levels)}:{','.join(high)}"
    ratios = memo(m, key, lambda: compute(sorted({tuple(v) for v in industry_sectors(m).values() if v})))
    if tuple(secs) not in ratios:  # sectors outside the paper's industries: solved on their own
        ratios = memo(m, f"{key}:{','.join(secs)}", lambda: compute([tuple(secs)]))
    return ratios[tuple(secs)]


def _ratio_reason(ind: str, ys: list[RegionYear], secs: list[str], rules: Rules, benchmark: str,
                  cutoff: float, says_hi: str, says_lo: str, year: str, *, below: bool = False,
                  counts: bool = True) -> Reason:
    val = _mean(ry.value(ind, secs) for ry in ys)
    bench = _mean(ry.benchmark(ind, secs, benchmark, rules.percentile_cutoff) for ry in ys)
    ok = _finite(val) and _finite(bench) and bench > 0 and (
        val / bench < cutoff if below else val / bench >= cutoff)
    return Reason(
        indicator=f"ind_{ind}", value=val if _finite(val) else None,
        benchmark=bench if _finite(bench) else None, cutoff=cutoff,
        rule="rule_ratio_below" if below else "rule_ratio_at_least",
        says=says_hi if ok else says_lo, unit="share", year=year,
        source=f"src_{ind}" if f"src_{ind}" in _SOURCES else None, counts=counts,
        fields={"benchmark": f"bench_{benchmark}"},
    )


_SOURCES = {"src_export_orientation", "src_vax_ratio", "src_foreign_va_share",
            "src_tech_intensity", "src_capital_good_share", "src_wwyz", "src_bm", "src_upstreamness"}


def _governance(key: str, ys: list[RegionYear], models: list[Model], region: str, secs: list[str],
                rules: Rules, year: str, *, shown: bool = True) -> tuple[str, list[Reason]]:
    """The governance label and its reasons; ``shown=False`` (a variant) skips the lead-firm
    ratio, which is shown but never votes."""
    rows: list[Reason] = []
    level = _tech_level(key)
    if "tech_intensity" in rules.governance_indicators:
        prod = level in rules.producer_tech_levels
        rows.append(Reason("ind_tech_intensity", None if not level else 1.0, rule="rule_tech_levels",
                           says="lab_gov_producer" if prod else "lab_gov_buyer", unit="category",
                           source="src_tech_intensity", counts=bool(level),
                           fields={"category": f"tech_{level or 'unknown'}",
                                   "levels": "/".join(rules.producer_tech_levels)}))
    if "capital_good_share" in rules.governance_indicators:
        rows.append(_ratio_reason("capital_good_share", ys, secs, rules, "region_manufacturing",
                                  rules.capital_good_cutoff, "lab_gov_producer", "lab_gov_buyer", year))
    if "labour_intensity" in rules.governance_indicators:
        rows.append(_ratio_reason("labour_intensity", ys, secs, rules, "region_manufacturing",
                                  rules.labour_intensity_cutoff, "lab_gov_producer", "lab_gov_buyer",
                                  year, below=True))
    if shown:
        lf = _mean(_lead_firm_ratio(m, region, secs, rules) for m in models)
        rows.append(Reason("ind_lead_firm_ratio", lf if _finite(lf) else None, cutoff=rules.lead_firm_cutoff,
                           rule="rule_at_least", says="lab_gov_producer" if _finite(lf)
                           and lf >= rules.lead_firm_cutoff else "lab_gov_buyer", unit="ratio", year=year,
                           counts=False))
    n = sum(r.votes and r.says == "lab_gov_producer" for r in rows)
    return ("lab_gov_producer" if n >= rules.governance_min_votes else "lab_gov_buyer"), rows


# --------------------------------------------------------------------------- integration
def _emerging(series: ModelSeries, region: str, secs: list[str], last: int,
              rules: Rules) -> Reason:
    """Log growth a year of the sectors' output share, up to ``last`` (never after it)."""
    before = [y for y in series.years if last - rules.emerging_lookback <= y < last]
    if not before:
        return Reason("ind_output_share_growth", None, cutoff=rules.emerging_growth_min,
                      rule="rule_at_least", says="lab_not_emerging", unit="share",
                      year=str(last), fields={"start": "-", "end": last})
    start = before[0]
    a = region_year(series.model(start), region).output_share(secs)
    b = region_year(series.model(last), region).output_share(secs)
    g = math.log(b / a) / (last - start) if a > 0 and b > 0 else float("nan")
    ok = _finite(g) and g >= rules.emerging_growth_min
    return Reason("ind_output_share_growth", g if _finite(g) else None,
                  cutoff=rules.emerging_growth_min, rule="rule_at_least",
                  says="lab_emerging" if ok else "lab_not_emerging", unit="share",
                  year=f"{start}-{last}", fields={"start": start, "end": last})


def _integration(ys: list[RegionYear], secs: list[str], rules: Rules,
                 year: str) -> tuple[str, list[Reason]]:
    rows = [_ratio_reason(k, ys, secs, rules, rules.benchmark, rules.integration_cutoff,
                          "lab_int_high", "lab_int_low", year)
            for k in rules.integration_indicators]
    n = sum(r.votes and r.says == "lab_int_high" for r in rows)
    return ("lab_int_high" if n >= rules.integration_min_votes else "lab_int_low"), rows


def _position(ys: list[RegionYear], secs: list[str], rules: Rules, year: str) -> tuple[Reason, ...]:
    out = []
    for k in ("wwyz_forward", "wwyz_backward", "bm_gvc_share", "upstreamness"):
        val = _mean(ry.value(k, secs) for ry in ys)
        bench = _mean(ry.manufacturing(k) for ry in ys)
        out.append(Reason(f"ind_{k}", val if _finite(val) else None,
                          benchmark=bench if _finite(bench) else None, rule="rule_position",
                          says="lab_position", unit="stages" if k == "upstreamness" else "share",
                          year=year, counts=False, fields={"benchmark": "bench_region_manufacturing"}))
    return tuple(out)


_TYPE_LABEL = {"I": "lab_type_I", "II": "lab_type_II", "III": "lab_type_III"}


def _type_label(gov: str, integ: str) -> str:
    typ = type_for("producer" if gov == "lab_gov_producer" else "buyer",
                   {"lab_int_high": "high", "lab_int_low": "low", "lab_int_emerging": "emerging"}[integ])
    if isinstance(typ, OutsideTypology):
        return "lab_outside" if integ == "lab_int_high" else "lab_outside_other"
    return _TYPE_LABEL[typ.code]


@dataclass(frozen=True)
class _Labels:
    labels: dict[str, str]
    reasons: dict[str, tuple[Reason, ...]]
    position: tuple[Reason, ...]


def _labels(series: ModelSeries, region: str, key: str, secs: list[str], years: list[int],
            rules: Rules, *, labels_only: bool = False) -> _Labels:
    """The classification's labels and reasons over ``years``; ``labels_only`` (a variant, whose
    reasons are not shown) skips what is shown but never votes: the lead-firm ratio and the
    position measures (WWYZ, Borin-Mancini, upstreamness), each a solve per year."""
    models = [series.model(y) for y in years]
    ys = [region_year(m, region) for m in models]
    per = period_label(years)
    gov, g_rows = _governance(key, ys, models, region, secs, rules, per, shown=not labels_only)
    integ, i_rows = _integration(ys, secs, rules, per)
    em = _emerging(series, region, secs, max(years), rules)
    i_rows.append(em)
    if gov == "lab_gov_producer" and em.says == "lab_emerging" and (
            rules.emerging_overrides or integ != "lab_int_high"):
        integ = "lab_int_emerging"
    typ = _type_label(gov, integ)
    return _Labels(
        {"dim_governance": gov, "dim_integration": integ, "dim_type": typ},
        {"dim_governance": tuple(g_rows), "dim_integration": tuple(i_rows), "dim_type": ()},
        () if labels_only else _position(ys, secs, rules, per),
    )


# --------------------------------------------------------------------------- confidence
def confidence_of(label: str, variants: Sequence[Variant]) -> str:
    """``high`` when no variant flips the label, ``medium`` when at most half do, else ``low``."""
    if label in ("lab_not_identifiable",):
        return "not_identifiable"
    flips = sum(v.flips for v in variants)
    if flips == 0:
        return "high"
    return "medium" if 2 * flips <= len(variants) else "low"


def _benchmark_variant_name(b: str) -> str:
    return "var_benchmark_world" if b == "world_percentile" else "var_benchmark_region"


def _window_variants(years: list[int], available: list[int], shift: int,
                     forward: bool) -> list[tuple[int, list[int]]]:
    out = []
    steps = [-k for k in range(1, shift + 1)] + ([k for k in range(1, shift + 1)] if forward else [])
    for d in steps:
        ys = [y + d for y in years]
        if all(y in available for y in ys):
            out.append((d, ys))
    return out


# --------------------------------------------------------------------------- results
class ResultList(list):
    """A list of framework results, indexable by position or by industry key.

    Follows the results protocol: short ``repr``, ``summary(lang)`` for people, ``to_frame()``
    for programs, ``_repr_html_`` for notebooks.
    """

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            for r in self:
                if r.industry == key:
                    return r
            raise UnknownNameError("industry", key, [r.industry for r in self])
        out = super().__getitem__(key)
        return type(self)(out) if isinstance(key, slice) else out

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self)} result(s): {', '.join(r.industry for r in self)}>"

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """All results' frames stacked (``lang``: add the ``*_text`` columns in that language)."""
        frames = [r.to_frame(lang) for r in self]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def summary(self, lang: str = "en") -> str:
        """Every result's summary, one block each."""
        return "\n\n".join(r.summary(lang) for r in self)

    def _repr_html_(self) -> str:
        return "".join(r._repr_html_() for r in self)


class Classifications(ResultList):
    """What :func:`classify` returns: one :class:`Classification` per industry."""


@dataclass
class Classification:
    """Where a region's industry sits on the paper's two dimensions, as verdicts with evidence.

    Satisfies :class:`~gvckit.framework.reasons.HasVerdicts`: ``verdicts`` maps
    ``dim_governance``, ``dim_integration`` and ``dim_type`` to a
    :class:`~gvckit.framework.reasons.Verdict`. ``position`` holds the rows that say *how* the
    industry takes part (WWYZ forward/backward participation, BM GVC share, upstreamness), shown
    and never voting. ``notes`` are ``(catalogue key, fields)`` pairs.
    """

    industry: str
    region: str
    period: str
    rule_set: str
    name_zh: str
    sectors: list[str]
    years: list[int]
    verdicts: dict[str, Verdict]
    position: tuple[Reason, ...]
    paper_type: str
    rules: Rules = field(repr=False, default_factory=Rules)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def type_code(self) -> str:
        """``"I"``, ``"II"``, ``"III"`` or ``"outside"``."""
        lab = self.verdicts["dim_type"].label
        return lab[len("lab_type_"):] if lab.startswith("lab_type_") else "outside"

    @property
    def agrees(self) -> bool:
        """Whether the type equals the paper's Table 1."""
        return self.type_code == self.paper_type

    def __repr__(self) -> str:
        v = self.verdicts
        return (f"<Classification {self.region} {self.industry} {self.period} [{self.rule_set}]: "
                f"type {self.type_code} (paper {self.paper_type}); "
                f"{v['dim_governance'].label[8:]}, {v['dim_integration'].label[8:]}>")

    def summary(self, lang: str = "en") -> str:
        """The classification for people, in ``lang`` (``"en"`` or ``"zh"``)."""
        from .render import result_summary

        return result_summary(self, lang)

    def _repr_html_(self) -> str:
        from .render import result_html

        return result_html(self, "en")

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per evidence row of every verdict (and the position rows), with the labels;
        with ``lang``, each key column also as text in that language (``label_text``, ...).

        Examples
        --------
        >>> df = classify("wiod2013", "CHN", "textiles", years=[2005]).to_frame()
        >>> sorted(set(df.dimension))
        ['dim_governance', 'dim_integration', 'dim_position', 'dim_type']
        """
        from .render import verdicts_frame

        df = verdicts_frame(self, extra={"dim_position": self.position}, lang=lang)
        df["type"] = self.type_code
        df["paper_type"] = self.paper_type
        df["agrees"] = self.agrees
        df.attrs.update(method="classification from data (gvckit.framework.classify)",
                        rule_set=self.rule_set)
        return df


def _shared_with(m: Model, key: str, secs: list[str]) -> list[str]:
    return [k for k, other in industry_sectors(m).items() if k != key and set(other) & set(secs)]


def _classify_one(series: ModelSeries, region: str, key: str, years: list[int],
                  rules: Rules) -> Classification:
    ind = industry_or_error(key)
    m0 = series.model(years[0])
    if region not in m0.table.countries:
        raise UnknownNameError("region", region, m0.table.countries)
    sector_proxies(table_classification(m0.table))  # a clear error for an unsupported table
    secs = industry_sectors(m0)[ind.key] or resolve_sectors(m0.table, ind.key)
    base = _labels(series, region, ind.key, secs, years, rules)
    # variants: benchmarks, windows shifted back (never after the classification year), rule set
    alts: list[tuple[str, dict[str, Any], _Labels]] = []
    for b in rules.variant_benchmarks:
        if b != rules.benchmark:
            alts.append((_benchmark_variant_name(b), {},
                         _labels(series, region, ind.key, secs, years, rules.with_benchmark(b), labels_only=True)))
    for d, ys in _window_variants(years, series.years, rules.window_shift, forward=False):
        alts.append(("var_window_shift", {"shift": d, "years": period_label(ys)},
                     _labels(series, region, ind.key, secs, ys, rules, labels_only=True)))
    if rules.compare_with and rules.compare_with != rules.name:
        other = load_rules(rules.compare_with)
        alts.append(("var_rules", {"name": other.name},
                     _labels(series, region, ind.key, secs, years, other, labels_only=True)))
    verdicts = {}
    for dim in CLASSIFICATION_DIMENSIONS:
        lab = base.labels[dim]
        var = tuple(Variant(n, a.labels[dim], a.labels[dim] != lab, p) for n, p, a in alts)
        verdicts[dim] = Verdict(dim, lab, confidence_of(lab, var), base.reasons[dim], var,
                                rules.name)
    notes: list[tuple[str, dict[str, Any]]] = []
    shared = _shared_with(m0, ind.key, secs)
    if shared:
        notes.append(("note_shared_sector", {"sectors": ",".join(secs), "industries": shared}))
    return Classification(
        industry=ind.key, region=region, period=period_label(years), rule_set=rules.name,
        name_zh=ind.name_zh, sectors=secs, years=list(years), verdicts=verdicts,
        position=base.position, paper_type=ind.type, rules=rules, notes=notes,
    )


def _series_of(data) -> ModelSeries:
    return data if isinstance(data, ModelSeries) else ModelSeries(data)


def _keys_of(industry: str | Sequence[str] | None) -> list[str]:
    if industry is None:
        return _industry_keys()
    if isinstance(industry, str):
        return [industry]
    return list(industry)


# --------------------------------------------------------------------------- API
def classify(
    data: ICIO | Model | str | Mapping[int, ICIO | Model] = "wiod2013",
    region: str = "CHN",
    industry: str | Sequence[str] | None = None,
    years: Iterable[int] | int | None = None,
    rules: RulesLike = None,
) -> Classifications:
    """Classify a region's industries on the paper's Table 1 dimensions from data.

    Parameters
    ----------
    data : ICIO, Model, str or dict
        A bundled dataset name (``"wiod2013"``), a table or model, or a dict year -> table.
    region : str
        Economy code in the table (``"CHN"``, or a province nested in it).
    industry : str, list of str or None
        Paper industries (key or Chinese name); None: all 11, in the paper's order.
    years : list of int, int or None
        The classification period (indicators are averaged over it); None: every year of the
        data. No year after the last one of the period is read.
    rules : str, path or Rules, optional
        ``"paper"`` (default), ``"gereffi"``, a rule file (TOML) or a :class:`Rules`.

    Returns
    -------
    Classifications
        Always a collection (also for one industry); ``result["leather"]`` or ``result[0]``.

    Raises
    ------
    UnknownNameError
        For an unknown industry (naming the valid ones), region or rule set.

    Examples
    --------
    >>> r = classify("wiod2013", "CHN", "textiles", years=[2005])
    >>> r
    <Classifications: 1 result(s): textiles>
    >>> r[0].paper_type
    'II'
    """
    rs = load_rules(rules)
    series = _series_of(data)
    keys = _keys_of(industry)
    for k in keys:
        industry_or_error(k)
    ys = series.resolve_years(years)
    if len(ys) > 1:  # the period's years, several at once (every indicator: a classification reads them all)
        series.prepare(ys, region, parts=(EVERY_PART,))
    return Classifications(_classify_one(series, region, k, ys, rs) for k in keys)


#: Causes of a disagreement with Table 1 (catalogue keys).
CAUSES = ("cause_governance_definition", "cause_integration_measurement", "cause_shared_sector",
          "cause_national_data", "cause_emerging_not_measurable")


def _causes(c: Classification, national: bool) -> list[str]:
    ind = _industry(c.industry)
    out = []
    gov = c.verdicts["dim_governance"].label
    paper_gov = "lab_gov_producer" if ind.governance.name == "PRODUCER_DRIVEN" else "lab_gov_buyer"
    if gov != paper_gov:
        out.append("cause_governance_definition")
    if not c.agrees:
        integ = c.verdicts["dim_integration"]
        paper_int = {"HIGH": "lab_int_high", "LOW": "lab_int_low",
                     "EMERGING": "lab_int_emerging"}[ind.integration.name]
        if integ.label != paper_int:
            out.append("cause_integration_measurement")
            em = [r for r in integ.reasons if r.indicator == "ind_output_share_growth"]
            if paper_int == "lab_int_emerging" and em and not em[0].available:
                out.append("cause_emerging_not_measurable")
        if any(k == "note_shared_sector" for k, _ in c.notes):
            out.append("cause_shared_sector")
        if national:
            out.append("cause_national_data")
    return out


def agreement_table(
    data: ICIO | Model | str | Mapping[int, ICIO | Model] = "wiod2013",
    region: str = "CHN",
    periods: Mapping[str, Sequence[int]] | None = None,
    rules: RulesLike = None,
    lang: str = "en",
) -> pd.DataFrame:
    """The data's classification of the 11 industries against Table 1, each miss with its cause.

    Parameters
    ----------
    data, region, rules
        As for :func:`classify` (one model per year is built and shared).
    periods : dict label -> list of years
        Default ``{"1995": [1995], "2003-2005": [2003, 2004, 2005], "2011": [2011]}``
        (those the data have).
    lang : {"en", "zh"}
        Language of the ``reason`` and ``cause_text`` columns.

    Returns
    -------
    pandas.DataFrame
        One row per industry and period: ``industry, name_zh, sectors, period, rule_set,
        paper_type, data_type, agrees, paper_governance, governance, governance_agrees,
        paper_integration, integration, confidence, causes`` (``;``-joined catalogue keys of
        :data:`CAUSES`: governance definition, integration measurement, a table sector shared
        by two of the paper's industries, national data standing in for Zhejiang, emergence not
        measurable), ``cause_text`` and ``reason`` (the decisive numbers, rendered).

    Examples
    --------
    >>> df = agreement_table("wiod2013", "CHN", {"2005": [2005]})
    >>> len(df), bool(df.governance_agrees.all())
    (11, True)
    """

    check_lang(lang)
    rs = load_rules(rules)
    series = _series_of(data)
    if periods is None:
        periods = {k: [y for y in v if y in series.years] for k, v in
                   {"1995": [1995], "2003-2005": [2003, 2004, 2005], "2011": [2011]}.items()}
        periods = {k: v for k, v in periods.items() if v} or {str(series.years[-1]): [series.years[-1]]}
    m0 = series.model(series.years[0])
    national = _classification_of(m0.table) is not None and region in ("CHN",)
    done = {label: classify(series, region, None, list(ys), rs) for label, ys in periods.items()}
    return agreement_from(done, region, rs, national=national, lang=lang)


#: Labels in the plain words of the paper's columns (``Governance.name_en``, ``Integration.name_en``).
_PLAIN = {"lab_gov_buyer": "buyer-driven", "lab_gov_producer": "producer-driven",
          "lab_int_low": "low", "lab_int_high": "high", "lab_int_emerging": "emerging"}


def agreement_from(
    classifications: Mapping[str, Sequence[Classification]],
    region: str,
    rules: RulesLike = None,
    national: bool = False,
    lang: str = "en",
) -> pd.DataFrame:
    """The frame of :func:`agreement_table` from classifications already computed (a mapping
    period label -> the classifications of that period), so a caller that needs the
    :class:`Classification` objects too (the report) classifies each industry once.

    ``national`` marks the national table standing in for Zhejiang as a cause of every miss.
    """
    from .render import reasons_line

    check_lang(lang)
    rs = load_rules(rules)
    rows = []
    for label, cs in classifications.items():
        for c in cs:
            ind = _industry(c.industry)
            v = c.verdicts
            causes = _causes(c, national)
            rows.append({
                "industry": c.industry, "name_zh": c.name_zh, "sectors": ",".join(c.sectors),
                "period": label, "rule_set": c.rule_set, "paper_type": c.paper_type,
                "data_type": c.type_code, "agrees": c.agrees,
                "paper_governance": ind.governance.name_en,
                "governance": _PLAIN[v["dim_governance"].label],
                "governance_agrees": "cause_governance_definition" not in causes,
                "paper_integration": ind.integration.name_en,
                "integration": _PLAIN[v["dim_integration"].label],
                "confidence": v["dim_type"].confidence,
                "causes": ";".join(causes),
                "cause_text": tr("list_sep", lang).join(tr(k, lang) for k in causes),
                "reason": reasons_line(v["dim_integration"], lang),
            })
    out = pd.DataFrame(rows)
    out.attrs.update(method="agreement of the data's classification with the paper's Table 1",
                     region=region, rule_set=rs.name, rules=rs.to_frame().to_dict("records"))
    return out
