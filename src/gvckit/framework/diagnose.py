"""Diagnosis on the paper's upgrading path, claiming only what the data can show.

The paper names five points on its Figure 1 (A local value chain, B embedded in the GVC in
manufacturing, C product upgrading, D functional upgrading, E a new chain) and no way to tell
where a cluster stands. :func:`diagnose` states each claim as a
:class:`~gvckit.framework.reasons.Verdict` keyed by
:data:`~gvckit.framework.reasons.DIAGNOSIS_DIMENSIONS`:

- **A or B** comes from the input-output table: the industry is at A (a local chain: rarely
  exported, materials turned over locally) when every ``Rules.embed_indicators`` row (export
  orientation ``e/x`` and the foreign value added in its exports, HIY 2001) is below
  ``Rules.embed_cutoff`` times the region's manufacturing in the last year; otherwise embedded.
- **C, D and E** need evidence an IO table does not hold. With an evidence file
  (:mod:`gvckit.framework.evidence`) product upgrading (unit values, quality, new products,
  R&D, own design: ODM) places the industry at C, functional upgrading (own brands: OBM; a fall of
  processing trade) at D, and D together with a related sector of the same chain
  (``data/relatedness.csv``) whose value-added NRCA rose to at least ``Rules.interchain_nrca_min``
  at E. Without evidence an embedded industry reads "B or beyond: not identifiable from IO
  tables", and the IO proxies are shown under their honest names, never voting: the domestic
  share of intermediate inputs and the domestic value-added share of exports (which rise when
  domestic inputs replace imports, Kee & Tang 2016, not with product upgrading), the services
  content of exports (trade, transport, telecoms, finance and business services).
- **Process upgrading** is not identifiable in current prices (input coefficients move with
  prices); it is judged only from volume evidence (constant-price labour productivity, TFP).
- **Type III** (the paper's producer-driven emerging industry) is not placed on Figure 1: the
  paper gives it its own advice (§4), returned in :attr:`Diagnosis.advice`.

Confidence: every label is recomputed with the other benchmark (the world percentile), with the
start and end years shifted by up to ``Rules.window_shift`` years where the data have them, and
under the other rule set; "high" only when none flips it.

References
----------
Humphrey, J. and Schmitz, H. (2002), Regional Studies 36(9): 1017-1027.
Hummels, D., Ishii, J. and Yi, K.-M. (2001), JIE 54(1): 75-96.
Kee, H. L. and Tang, H. (2016), AER 106(6): 1402-1436.
Koopman, R., Wang, Z. and Wei, S.-J. (2014), AER 104(2): 459-494 (NRCA).

Examples
--------
>>> from gvckit.framework.diagnose import diagnose
>>> d = diagnose("wiod2013", "CHN", "leather", years=[1995, 2011])["leather"]
>>> d.point, d.verdicts["dim_upgrading_product"].label
('B_or_beyond', 'lab_not_identifiable')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gvckit.errors import InputError, UnknownNameError
from gvckit.leontief import Model
from gvckit.table import ICIO

from .classify import (
    ModelSeries,
    ResultList,
    RulesLike,
    _keys_of,
    _series_of,
    confidence_of,
    industry_or_error,
    table_classification,
)
from .evidence import RELATIVE_INDICATORS, load_evidence
from .indicators import RegionYear, region_year
from .paths import Advice, Move, advice, next_moves
from .reasons import DIAGNOSIS_DIMENSIONS, Reason, Variant, Verdict
from .rules import Rules, related_sectors, sector_proxies
from .ruleset import load_rules
from .value_capture_io import resolve_sectors

__all__ = ["Diagnosis", "Diagnoses", "diagnose", "POINTS"]

#: Point codes of a diagnosis: Figure 1's points, "B or beyond" (C-E not identifiable) and
#: "not placed" (type III, which the paper keeps off Figure 1).
POINTS = ("A", "B", "B_or_beyond", "C", "D", "E", "not_placed")


def _f(v: float) -> float | None:
    return v if v is not None and math.isfinite(v) else None


# --------------------------------------------------------------------------- A or B
def _embedding(ry: RegionYear, secs: list[str], rules: Rules) -> tuple[bool, list[Reason]]:
    rows = []
    for k in rules.embed_indicators:
        val = ry.value(k, secs)
        bench = ry.benchmark(k, secs, rules.benchmark, rules.percentile_cutoff)
        ok = math.isfinite(val) and math.isfinite(bench) and bench > 0 and \
            val / bench >= rules.embed_cutoff
        rows.append(Reason(f"ind_{k}", _f(val), benchmark=_f(bench), cutoff=rules.embed_cutoff,
                           rule="rule_ratio_at_least", says="lab_point_B" if ok else "lab_point_A",
                           unit="share", year=ry.year,
                           fields={"benchmark": f"bench_{rules.benchmark}"}))
    embedded = any(r.votes and r.says == "lab_point_B" for r in rows)
    return embedded, rows


# --------------------------------------------------------------------------- evidence
def _evidence_rows(ev: pd.DataFrame | None, key: str, up: str, rules: Rules) -> list[Reason]:
    if ev is None or ev.empty:
        return []
    sub = ev[(ev.industry == key) & (ev.upgrading == up)]
    out = []
    for (subject, ind), g in sub.groupby(["subject", "indicator"], sort=False):
        g = g.sort_values("year")
        a, b = g.iloc[0], g.iloc[-1]
        cut = rules.evidence_change_min.get(str(ind), 0.0)
        direction = int(a.direction)
        if len(g) < 2:
            change, ok, avail = None, False, False
        elif ind in RELATIVE_INDICATORS:
            change = (b.value / a.value - 1) if a.value else None
            ok, avail = change is not None and direction * change >= cut, change is not None
        else:
            change = b.value - a.value
            ok, avail = direction * change >= cut, True
        out.append(Reason(
            f"ev_{ind}", change if avail else None, cutoff=cut,
            rule="rule_change_relative" if ind in RELATIVE_INDICATORS else (
                "rule_change_at_least" if direction > 0 else "rule_fall_at_least"),
            says="lab_observed" if ok else "lab_not_observed",
            unit="ratio" if ind in RELATIVE_INDICATORS else "share_change",
            year=f"{int(a.year)}-{int(b.year)}" if len(g) > 1 else int(a.year),
            source=str(b.source),
            fields={"subject": subject, "start": float(a.value), "end": float(b.value),
                    "unit_text": str(b.unit)}))
    return out


def _business_model(ev: pd.DataFrame | None, key: str) -> Reason | None:
    """OEM / ODM / OBM from the latest own-brand and own-design shares (shown, not voting)."""
    if ev is None or ev.empty:
        return None
    sub = ev[(ev.industry == key) & ev.indicator.isin(["own_brand_share", "own_design_share"])]
    if sub.empty:
        return None
    last = sub.sort_values("year").groupby("indicator").last()
    brand = float(last.value.get("own_brand_share", 0.0))
    design = float(last.value.get("own_design_share", 0.0))
    model = "OBM" if brand >= 0.5 else "ODM" if design >= 0.5 else "OEM"
    return Reason("ev_business_model", max(brand, design), rule="rule_business_model",
                  says=f"lab_bm_{model}", unit="category", year=int(sub.year.max()),
                  source=";".join(sorted(set(sub.source))), counts=False,
                  fields={"category": f"lab_bm_{model}"})


# --------------------------------------------------------------------------- IO proxies
def _proxy(ind: str, a: RegionYear, b: RegionYear, secs: list[str], says: str) -> Reason:
    va, vb = a.value(ind, secs), b.value(ind, secs)
    ch = vb - va if math.isfinite(va) and math.isfinite(vb) else float("nan")
    return Reason(f"proxy_{ind}", _f(ch), rule="rule_io_proxy", says=says, unit="share_change",
                  year=f"{a.year}-{b.year}", counts=False,
                  fields={"start": va, "end": vb})


def _services_proxy(a: RegionYear, b: RegionYear, secs: list[str]) -> Reason:
    r = _proxy("services_content", a, b, secs, "lab_no_vote")
    names = ", ".join(f"{g}: {'/'.join(s)}" for g, s in b.service_sectors.items() if s)
    return Reason(r.indicator, r.value, rule=r.rule, says=r.says, unit=r.unit, year=r.year,
                  counts=False, fields={**r.fields, "services": names})


def _interchain(a: RegionYear, b: RegionYear, secs: list[str], table: ICIO,
                rules: Rules, functional: bool | None) -> list[Reason]:
    rel = related_sectors(table_classification(table))
    out = []
    seen: list[str] = []
    for s in secs:
        for r in rel.get(s, ()):
            if r in secs or r in seen or r not in table.sectors:
                continue
            seen.append(r)
            na, nb = a.nrca_of(r), b.nrca_of(r)
            ok = nb >= rules.interchain_nrca_min and nb - na >= rules.interchain_nrca_change_min
            out.append(Reason("ind_related_nrca", _f(nb), cutoff=rules.interchain_nrca_min,
                              rule="rule_nrca_rise", says="lab_observed" if ok else "lab_not_observed",
                              unit="index", year=f"{a.year}-{b.year}", counts=bool(functional),
                              fields={"sector": r, "start": na,
                                      "rise": rules.interchain_nrca_change_min}))
    return out


@dataclass(frozen=True)
class _DLabels:
    labels: dict[str, str]
    reasons: dict[str, tuple[Reason, ...]]


def _upgrading(rows: list[Reason]) -> str:
    if not rows or not any(r.votes for r in rows):
        return "lab_not_identifiable"
    return "lab_observed" if any(r.votes and r.says == "lab_observed" for r in rows) \
        else "lab_not_observed"


def _dlabels(series: ModelSeries, region: str, key: str, paper_type: str, secs: list[str],
             y0: int, y1: int, rules: Rules, ev: pd.DataFrame | None, *,
             labels_only: bool = False) -> _DLabels:
    """The diagnosis' labels and reasons from ``y0`` to ``y1``.

    ``labels_only`` (a variant, whose reasons are not shown): the start year's table is read
    only when a label depends on it, i.e. when evidence makes functional upgrading identifiable
    (inter-chain upgrading then compares the related sectors' NRCA at both ends); the start
    year's proxies are shown only and never vote, so they are skipped.
    """
    b = region_year(series.model(y1), region)
    table = series.model(y1).table
    embedded, emb_rows = _embedding(b, secs, rules)
    proc_ev = _evidence_rows(ev, key, "process", rules)
    prod_ev = _evidence_rows(ev, key, "product", rules)
    func_ev = _evidence_rows(ev, key, "functional", rules)
    process = _upgrading(proc_ev)
    if process == "lab_not_identifiable":
        process = "lab_not_identifiable_prices"
    product = _upgrading(prod_ev)
    functional = _upgrading(func_ev)
    f_obs = functional == "lab_observed"
    a = None if labels_only and functional == "lab_not_identifiable" else region_year(series.model(y0), region)
    inter_rows = [] if a is None else _interchain(a, b, secs, table, rules,
                                                  None if functional == "lab_not_identifiable" else f_obs)
    if functional == "lab_not_identifiable":
        inter = "lab_not_identifiable"
    elif f_obs and any(r.votes and r.says == "lab_observed" for r in inter_rows):
        inter = "lab_observed"
    else:
        inter = "lab_not_observed"
    if paper_type == "III":
        point = "lab_point_not_placed"
    elif not embedded:
        point = "lab_point_A"
    elif inter == "lab_observed":
        point = "lab_point_E"
    elif f_obs:
        point = "lab_point_D"
    elif product == "lab_observed":
        point = "lab_point_C"
    elif product == "lab_not_identifiable" and functional == "lab_not_identifiable":
        point = "lab_point_B_or_beyond"
    else:
        point = "lab_point_B"
    labels = {"dim_point": point, "dim_upgrading_process": process, "dim_upgrading_product": product,
              "dim_upgrading_functional": functional, "dim_upgrading_inter_chain": inter}
    if labels_only:
        return _DLabels(labels, {})
    assert a is not None
    bm = _business_model(ev, key)
    proc_rows = list(proc_ev) + [_proxy("input_coefficient", a, b, secs, "lab_no_vote")]
    prod_rows = list(prod_ev) + [
        _proxy("domestic_input_share", a, b, secs, "lab_no_vote"),
        _proxy("dva_share_exports", a, b, secs, "lab_no_vote"),
    ]
    func_rows = list(func_ev) + ([bm] if bm else []) + [_services_proxy(a, b, secs)]
    return _DLabels(
        labels,
        {"dim_point": tuple(emb_rows), "dim_upgrading_process": tuple(proc_rows),
         "dim_upgrading_product": tuple(prod_rows),
         "dim_upgrading_functional": tuple(func_rows),
         "dim_upgrading_inter_chain": tuple(inter_rows)},
    )


# --------------------------------------------------------------------------- result
class Diagnoses(ResultList):
    """What :func:`diagnose` returns: one :class:`Diagnosis` per industry."""


_POINT_CODE = {f"lab_point_{p}": p for p in POINTS}


@dataclass
class Diagnosis:
    """Where on Figure 1 the evidence places a region's industry, and which upgrading it shows.

    Satisfies :class:`~gvckit.framework.reasons.HasVerdicts` with
    :data:`~gvckit.framework.reasons.DIAGNOSIS_DIMENSIONS`. ``point`` is one of :data:`POINTS`;
    ``next_moves`` the paper's moves from that point for the paper's type (types I and II);
    ``advice`` the paper's advice for type III (which it keeps off Figure 1), else None.
    """

    industry: str
    region: str
    period: str
    rule_set: str
    name_zh: str
    sectors: list[str]
    years: list[int]
    verdicts: dict[str, Verdict]
    paper_type: str
    next_moves: list[Move] = field(default_factory=list)
    advice: Advice | None = None
    rules: Rules = field(repr=False, default_factory=Rules)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def point(self) -> str:
        """``"A"``, ``"B"``, ``"B_or_beyond"``, ``"C"``, ``"D"``, ``"E"`` or ``"not_placed"``."""
        return _POINT_CODE[self.verdicts["dim_point"].label]

    @property
    def confidence(self) -> str:
        """The confidence of the point."""
        return self.verdicts["dim_point"].confidence

    def __repr__(self) -> str:
        return (f"<Diagnosis {self.region} {self.industry} {self.period} [{self.rule_set}]: "
                f"point {self.point} ({self.confidence})>")

    def summary(self, lang: str = "en") -> str:
        """The diagnosis for people, in ``lang``."""
        from .render import result_summary

        return result_summary(self, lang)

    def _repr_html_(self) -> str:
        from .render import result_html

        return result_html(self, "en")

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per evidence row of every verdict, with labels and confidence; with ``lang``,
        each key column also as text in that language (``label_text``, ...)."""
        from .render import verdicts_frame

        df = verdicts_frame(self, lang=lang)
        df["point"] = self.point
        df["paper_type"] = self.paper_type
        df.attrs["method"] = "diagnosis on the paper's Figure 1 path (gvckit.framework.diagnose)"
        return df


def _span_variants(y0: int, y1: int, available: list[int], shift: int) -> list[tuple[str, int, int]]:
    out = []
    for d in [k for k in range(-shift, shift + 1) if k]:
        if y0 + d in available and y0 + d < y1:
            out.append(("start", y0 + d, y1))
        if y1 + d in available and y1 + d > y0:
            out.append(("end", y0, y1 + d))
    return out


def _diagnose_one(series: ModelSeries, region: str, key: str, ys: list[int], rules: Rules,
                  ev: pd.DataFrame | None) -> Diagnosis:
    ind = industry_or_error(key)
    m0 = series.model(ys[0])
    if region not in m0.table.countries:
        raise UnknownNameError("region", region, m0.table.countries)
    sector_proxies(table_classification(m0.table))
    secs = resolve_sectors(m0.table, ind.key)  # this industry only: the others are not read
    y0, y1 = ys[0], ys[-1]
    base = _dlabels(series, region, ind.key, ind.type, secs, y0, y1, rules, ev)
    alts: list[tuple[str, dict[str, Any], _DLabels]] = []
    for bmk in rules.variant_benchmarks:
        if bmk != rules.benchmark:
            name = "var_benchmark_world" if bmk == "world_percentile" else "var_benchmark_region"
            alts.append((name, {}, _dlabels(series, region, ind.key, ind.type, secs, y0, y1,
                                            rules.with_benchmark(bmk), ev, labels_only=True)))
    for which, a, b in _span_variants(y0, y1, series.years, rules.window_shift):
        alts.append((f"var_{which}_year", {"year": a if which == "start" else b},
                     _dlabels(series, region, ind.key, ind.type, secs, a, b, rules, ev, labels_only=True)))
    if rules.compare_with and rules.compare_with != rules.name:
        other = load_rules(rules.compare_with)
        alts.append(("var_rules", {"name": other.name},
                     _dlabels(series, region, ind.key, ind.type, secs, y0, y1, other, ev, labels_only=True)))
    verdicts = {}
    for dim in DIAGNOSIS_DIMENSIONS:
        lab = base.labels[dim]
        var = tuple(Variant(n, x.labels[dim], x.labels[dim] != lab, p) for n, p, x in alts)
        conf = "not_identifiable" if lab.startswith("lab_not_identifiable") else (
            "high" if dim == "dim_point" and lab == "lab_point_not_placed"
            else confidence_of(lab, var))
        verdicts[dim] = Verdict(dim, lab, conf, base.reasons[dim], var, rules.name)
    point = _POINT_CODE[base.labels["dim_point"]]
    notes: list[tuple[str, dict[str, Any]]] = []
    moves: list[Move] = []
    adv = None
    if point == "not_placed":
        adv = advice(ind.key)
        notes.append(("note_type_iii", {}))
    else:
        moves = next_moves(ind.type, "B" if point == "B_or_beyond" else point)
    if y0 == y1:
        notes.append(("note_one_year", {}))
    if ev is None:
        notes.append(("note_no_evidence", {}))
    return Diagnosis(
        industry=ind.key, region=region, period=f"{y0}-{y1}" if y0 != y1 else str(y0),
        rule_set=rules.name, name_zh=ind.name_zh, sectors=secs, years=[y0, y1],
        verdicts=verdicts, paper_type=ind.type, next_moves=moves, advice=adv, rules=rules,
        notes=notes,
    )


def diagnose(
    data: ICIO | Model | str | Mapping[int, ICIO | Model] = "wiod2013",
    region: str = "CHN",
    industry: str | Sequence[str] | None = None,
    years: Iterable[int] | None = None,
    rules: RulesLike = None,
    evidence: str | Path | pd.DataFrame | None = None,
) -> Diagnoses:
    """Diagnose the Figure 1 point and the upgrading observed over a span of years.

    Parameters
    ----------
    data : ICIO, Model, str or dict
        As for :func:`gvckit.framework.classify.classify`.
    region : str
    industry : str, list of str or None
        Paper industries (key or Chinese name); None: all 11.
    years : list of int or None
        The span (its first and last years are compared); None: every year of the data.
    rules : str, path or Rules, optional
        ``"paper"`` (default), ``"gereffi"``, a rule file or a :class:`Rules`.
    evidence : path or DataFrame, optional
        An upgrading-evidence file (:func:`gvckit.framework.evidence.load_evidence`); without
        it C, D and E are not identifiable.

    Returns
    -------
    Diagnoses
        Always a collection (also for one industry).

    Examples
    --------
    >>> d = diagnose("wiod2013", "CHN", "transport_equipment", years=[1995, 2011])[0]
    >>> d.point
    'A'
    """
    rs = load_rules(rules)
    series = _series_of(data)
    keys = _keys_of(industry)
    for k in keys:
        industry_or_error(k)
    ys = sorted(series.resolve_years(years))
    if not ys:
        raise InputError("no years to diagnose")
    ev = None if evidence is None else load_evidence(evidence)
    return Diagnoses(_diagnose_one(series, region, k, ys, rs, ev) for k in keys)
