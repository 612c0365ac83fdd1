"""Diagnosis on the paper's upgrading path: which Figure 1 point (A-E) the evidence supports.

The paper names five points (Figure 1, §4) but gives no way to tell where a cluster stands
(``docs/framework.md`` §7). This module defines observable input-output indicators for each
point and each Humphrey & Schmitz (2002) upgrading type, measures them for a country's industry
at the start and end of a span of years, and applies the documented cut-offs of
:class:`~gvckit.framework.rules.Rules`. Every diagnosis carries its evidence (start and end
values, change, threshold, whether the rule is met), a confidence with its rule, and says what
the data cannot tell.

Indicators (region ``s``, industry sectors ``j``; pooled over the industry's sectors):

==================  =======================================================================
local chain (A)     domestic share of intermediate inputs ``Σ_{i∈s} Z_ij / Σ_i Z_ij``;
                    domestic output multiplier ``1'L_ss`` (column j); domestic value added
                    per unit of final output ``Σ_{i∈s} (V̂B)_ij``
GVC embedding (B)   foreign content share of gross exports ``1 - Σ_{i∈s}(V̂B)_ij`` (= BM FC/E,
                    HIY vertical specialisation); WWYZ backward participation; export
                    orientation ``e_j / x_j``. Embedded when FC/E >= 0.10 or e/x >= 0.20.
process (B)         joining the GVC over the span (not embedded at the start, embedded at the
                    end: the paper's "process upgrading through joining"), or a fall of the
                    total input coefficient ``1'A_{·j}`` (input-coefficient efficiency, the only
                    trace of process upgrading an IO table holds; price changes look the same)
product (C)         a rise of the domestic value-added share of exports ``Σ_{i∈s}(V̂B)_ij``
                    (Kee & Tang 2016 read it as upgrading); IO tables have no unit values, so
                    "more sophisticated product lines" cannot be seen directly
functional (D)      a rise of the value added of domestic design, R&D, marketing and
                    distribution services (WIOD 2013 50, 51, 52, 60-63, 64, J, 71t74; ISIC
                    Rev.4 45-53, 61-66, 69-82) per unit of the industry's exports
                    ``Σ_{i∈s, i∈services} (V̂B)_ij``; with the move in production-line position
                    (ACFH upstreamness ``(Bx)⊘x``) reported
inter-chain (E)     the value-added NRCA (KWW 2014) of a related, more technology-intensive
                    sector (:func:`~gvckit.framework.rules.related_sectors`) ending >= 1 after
                    rising by >= 0.1
==================  =======================================================================

The services set, the technology levels and the related sectors are those of the table's
classification (:func:`~gvckit.framework.classify.table_classification`: WIOD 2013, ADB 35,
WIOD 2016, OECD ICIO 2021/2023), from :func:`~gvckit.framework.rules.sector_proxies`.

The point is the highest the evidence reaches along the paper's path: A if not embedded; else
E if inter-chain *and* functional upgrading are observed (the paper reaches E from D), D if
functional, C if product upgrading is observed, otherwise B. Confidence: "high" when every rule
that decides the point holds with a clear margin (``Rules.confidence_margin``) and nothing
conflicts; "medium" when one is marginal, only one year is available, or inter-chain signs appear
without functional upgrading (they are then reported but not placed at E: a country-level NRCA
may show economy-wide structural change rather than the cluster's move).

References
----------
Humphrey, J. and Schmitz, H. (2002), Regional Studies 36(9): 1017-1027.
Koopman, R., Wang, Z. and Wei, S.-J. (2014), AER 104(2): 459-494 (NRCA, sec. V).
Hummels, D., Ishii, J. and Yi, K.-M. (2001), JIE 54(1): 75-96 (vertical specialisation).
Kee, H. L. and Tang, H. (2016), AER 106(6): 1402-1436 (domestic value added in exports).
Antràs, P., Chor, D., Fally, T. and Hillberry, R. (2012), AER P&P 102(3): 412-416.

Examples
--------
>>> from gvckit.framework.diagnose import diagnose
>>> d = diagnose("wiod2013", "CHN", "leather", years=[1995, 2011])
>>> d.point.value in "BCDE"
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model
from gvckit.table import ICIO

from .classify import TECH_LEVELS_ZH, ModelSeries, memo, table_classification
from .concepts import Figure1Point, UpgradingType
from .paths import Move, next_moves, path
from .registry import industry as _industry
from .rules import DEFAULT_RULES, TECH_LEVELS, Rules, related_sectors, sector_proxies
from .value_capture_io import resolve_sectors

__all__ = ["Diagnosis", "diagnose", "year_indicators"]

INDICATORS = {
    "domestic_input_share": ("local chain", "domestic share of intermediate inputs"),
    "domestic_multiplier": ("local chain", "domestic output multiplier 1'L_ss"),
    "domestic_va_per_final": ("local chain", "domestic VA per unit of final output"),
    "foreign_content_share": ("embedding", "foreign content share of gross exports (FC/E)"),
    "wwyz_backward": ("embedding", "WWYZ backward GVC participation"),
    "export_orientation": ("embedding", "gross exports / gross output"),
    "input_coefficient": ("process", "total intermediate-input coefficient 1'A"),
    "dva_share_exports": ("product", "domestic VA share of gross exports (DC/E)"),
    "va_output_ratio": ("product", "value added / gross output of the sector"),
    "services_va_share": ("functional",
                          "domestic design/R&D/marketing/distribution services VA per unit of exports"),
    "upstreamness": ("functional", "ACFH upstreamness (production-line position)"),
}

#: Chinese descriptions of :data:`INDICATORS` (``description_zh`` of the evidence table).
INDICATORS_ZH = {
    "domestic_input_share": "中间投入的国内份额",
    "domestic_multiplier": "国内产出乘数 1'L_ss",
    "domestic_va_per_final": "单位最终产品的国内增加值",
    "foreign_content_share": "总出口中的国外增加值份额（FC/E）",
    "wwyz_backward": "WWYZ后向参与度",
    "export_orientation": "出口导向（总出口/总产出）",
    "input_coefficient": "中间投入总系数 1'A",
    "dva_share_exports": "出口国内增加值率（DC/E）",
    "va_output_ratio": "该部门增加值率（增加值/总产出）",
    "services_va_share": "单位出口所含国内设计、研发、营销和分销服务增加值",
    "upstreamness": "ACFH上游度（生产线位置）",
}
_MARGIN_ZH = "，差距明显"


def _pooled(num: np.ndarray, den: np.ndarray) -> float:
    d = float(den.sum())
    return float(num.sum()) / d if d != 0 else np.nan


def _services_mask(t: ICIO) -> np.ndarray:
    """The table's sectors with a service role (distribution, design/marketing), in order."""
    role = sector_proxies(table_classification(t))["service_role"]
    serv = set(role.index[role != ""])
    return np.array([s in serv for s in t.sectors])


def year_indicators(m: Model, region: str, sectors: list[str]) -> dict[str, float]:
    """The diagnosis indicators of ``region``'s ``sectors`` in one year's model.

    Returns a dict indicator -> value, plus ``nrca:<sector>`` for every sector of the region
    (value-added NRCA from :func:`gvckit.measures.rca.nrca`).
    """
    from gvckit.measures.length import upstreamness
    from gvckit.measures.participation import wwyz_parts
    from gvckit.measures.rca import nrca

    t = m.table
    pos = m.country_pos(region)
    loc = np.array([t.sectors.index(s) for s in sectors])
    cols = pos * m.N + loc
    blk = m.block(pos)
    Z = t.arrays()[0]
    zin = Z[:, cols]
    e = m.e[cols]
    x = m.x[cols]
    VBc = m.VB_country  # (G, GN)
    dom_va = VBc[pos, cols]
    L = m.local_inverses[pos]
    w = memo(m, "wwyz_parts", lambda: wwyz_parts(m))
    serv = _services_mask(t)
    vs = np.zeros(m.n)
    vs[blk] = m.v[blk] * serv
    serv_mult = memo(m, f"services_row:{region}", lambda: m.solve_left(vs))[cols]
    U = memo(m, "upstreamness", lambda: upstreamness(m).to_numpy())[cols]
    A = m.A
    out = {
        "domestic_input_share": _pooled(Z[blk][:, cols].sum(axis=0), zin.sum(axis=0)),
        "domestic_multiplier": _pooled(L[:, loc].sum(axis=0) * x, x),
        "domestic_va_per_final": _pooled(dom_va * x, x),
        "foreign_content_share": _pooled((1.0 - dom_va) * e, e),
        "wwyz_backward": _pooled((w["b_GVC_S"] + w["b_GVC_C"])[cols], w["y"][cols]),
        "export_orientation": _pooled(e, x),
        "input_coefficient": _pooled(A[:, cols].sum(axis=0) * x, x),
        "dva_share_exports": _pooled(dom_va * e, e),
        "va_output_ratio": _pooled(m.va[cols], x),
        "services_va_share": _pooled(serv_mult * e, e),
        "upstreamness": _pooled(np.nan_to_num(U) * x, x),
    }
    nr = memo(m, "nrca", lambda: nrca(m)["NRCA"].to_numpy())
    for k, s in enumerate(t.sectors):
        out[f"nrca:{s}"] = float(nr[pos * m.N + k])
    return out


@dataclass
class Diagnosis:
    """Where on Figure 1 (A-E) the evidence places a country's industry, and why.

    Attributes
    ----------
    region, industry, name_zh : str
    sectors : list of str
    years : list of int
        The span (first and last are compared).
    point : Figure1Point
    confidence : str
        ``"high"``, ``"medium"`` or ``"low"``.
    confidence_rule : str
        Why that confidence.
    evidence : pandas.DataFrame
        ``group, indicator, description, start_year, start, end_year, end, change, threshold,
        rule, met, description_zh, rule_zh`` (the last two: ``description`` and ``rule`` in
        Chinese, same numbers).
    observed_upgrading : pandas.DataFrame
        One row per upgrading type: ``upgrading, upgrading_zh, observed`` (True / False /
        ``None`` = not observable), ``indicator, start, end, change, threshold, note, note_zh,
        indicator_zh`` (the last two: ``note`` and ``indicator`` in Chinese).
    next_moves : list of Move
        From :func:`gvckit.framework.paths.next_moves` for the paper's type (type III: its path).
    paper_type : str
    series : pandas.DataFrame
        Every indicator for every year of the span.
    notes : list of str
        What the data cannot tell.
    confidence_rule_zh : str
        ``confidence_rule`` in Chinese.
    notes_zh : list of str
        ``notes`` in Chinese, one for one.
    """

    region: str
    industry: str
    name_zh: str
    sectors: list[str]
    years: list[int]
    point: Figure1Point
    confidence: str
    confidence_rule: str
    evidence: pd.DataFrame
    observed_upgrading: pd.DataFrame
    next_moves: list[Move]
    paper_type: str
    series: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)
    rules: Rules = field(repr=False, default=DEFAULT_RULES)
    confidence_rule_zh: str = ""
    notes_zh: list[str] = field(default_factory=list)

    @property
    def observed_types(self) -> list[str]:
        """Names of the upgrading types observed (``"process"``, ``"product"`` ...)."""
        o = self.observed_upgrading
        return list(o.loc[o.observed.astype(object).eq(True), "upgrading"])

    def to_frame(self) -> pd.DataFrame:
        """One-row summary: region, industry, span, point, confidence, observed types, moves."""
        df = pd.DataFrame([{
            "region": self.region,
            "industry": self.industry,
            "name_zh": self.name_zh,
            "sectors": ",".join(self.sectors),
            "span": f"{self.years[0]}-{self.years[-1]}",
            "paper_type": self.paper_type,
            "point": self.point.value,
            "confidence": self.confidence,
            "confidence_rule": self.confidence_rule,
            "observed_upgrading": ", ".join(self.observed_types) or "none",
            "next_moves": ", ".join(m.label for m in self.next_moves),
        }])
        df.attrs["method"] = "diagnosis on the paper's Figure 1 path (gvckit.framework.diagnose)"
        return df


def _margin_ok(value: float, threshold: float, rules: Rules, scale: float | None = None) -> bool:
    """Clear margin: |value - threshold| >= margin * max(|threshold|, scale)."""
    s = max(abs(threshold), scale if scale is not None else 0.0)
    return abs(value - threshold) >= rules.confidence_margin * s


def diagnose(
    data: ICIO | Model | str | Mapping[int, ICIO | Model] = "wiod2013",
    region: str = "CHN",
    industry: str | None = None,
    years: Iterable[int] | None = None,
    rules: Rules | None = None,
) -> Diagnosis | list[Diagnosis]:
    """Diagnose the Figure 1 point (A-E) and the upgrading observed over a span of years.

    Parameters
    ----------
    data : ICIO, Model, str or dict
        As for :func:`gvckit.framework.classify.classify`.
    region : str
    industry : str or None
        A paper industry (key or Chinese name); None: all 11.
    years : list of int or None
        The span; None: every year available. One year: only A vs B can be told.
    rules : Rules, optional

    Returns
    -------
    Diagnosis, or a list of them when ``industry`` is None.

    Examples
    --------
    >>> d = diagnose("wiod2013", "CHN", "textiles", years=[2005])
    >>> d.point.value, d.confidence in ("high", "medium", "low")
    ('B', True)
    >>> d.confidence_rule_zh
    '已融入全球价值链（FC/E或e/x高于其临界值），未观察到产品升级或功能升级；仅一年数据'
    """
    rules = rules or DEFAULT_RULES
    series = data if isinstance(data, ModelSeries) else ModelSeries(data)
    ys = series.years if years is None else series.resolve_years(years)
    ys = sorted(ys)
    if industry is None:
        from .classify import _industries_frame

        return [_diagnose_one(series, region, k, ys, rules) for k in _industries_frame().key]
    return _diagnose_one(series, region, industry, ys, rules)


def _diagnose_one(series: ModelSeries, region: str, key: str, ys: list[int], rules: Rules) -> Diagnosis:
    ind = _industry(key)
    m0 = series.model(ys[0])
    if region not in m0.table.countries:
        raise InputError(f"unknown region {region!r}; the table has {m0.table.countries}")
    sector_proxies(table_classification(m0.table))  # a clear error for an unsupported table
    secs = resolve_sectors(m0.table, ind.key)
    per_year = {y: year_indicators(series.model(y), region, secs) for y in ys}
    ser = pd.DataFrame(per_year).T
    ser.index.name = "year"
    y0, y1 = ys[0], ys[-1]
    a, b = per_year[y0], per_year[y1]
    span = y1 > y0
    ev: list[dict] = []

    def add(ind_key: str, threshold: float, rule: str, met: bool | None, on: str = "end",
            rule_zh: str = "") -> None:
        grp, desc = INDICATORS.get(ind_key, ("inter-chain", f"value-added NRCA of {ind_key[5:]}"))
        desc_zh = INDICATORS_ZH.get(ind_key, f"部门{ind_key[5:]}的增加值显示性比较优势（NRCA）")
        ev.append({
            "group": grp, "indicator": ind_key, "description": desc,
            "start_year": y0, "start": a[ind_key], "end_year": y1, "end": b[ind_key],
            "change": b[ind_key] - a[ind_key], "threshold": threshold, "rule": rule, "met": met,
            "description_zh": desc_zh, "rule_zh": rule_zh,
        })

    # local chain: reported, no cut-off
    for k in ("domestic_input_share", "domestic_multiplier", "domestic_va_per_final"):
        add(k, np.nan, "reported (local-chain strength)", None, rule_zh="仅报告（地方价值链强度）")
    fc_min, eo_min = rules.embed_foreign_content_min, rules.embed_export_orientation_min
    emb_end_fc = b["foreign_content_share"] >= fc_min
    emb_end_eo = b["export_orientation"] >= eo_min
    emb_start = a["foreign_content_share"] >= fc_min or a["export_orientation"] >= eo_min
    embedded = emb_end_fc or emb_end_eo
    add("foreign_content_share", fc_min, f"embedded if end >= {fc_min:g}", emb_end_fc,
        rule_zh=f"期末值 ≥ {fc_min:g} 即为已融入全球价值链")
    add("export_orientation", eo_min, f"embedded if end >= {eo_min:g}", emb_end_eo,
        rule_zh=f"期末值 ≥ {eo_min:g} 即为已融入全球价值链")
    add("wwyz_backward", np.nan, "reported (depth of embedding)", None,
        rule_zh="仅报告（融入深度）")
    # process
    d_ic = b["input_coefficient"] - a["input_coefficient"]
    proc_proxy = span and d_ic <= rules.process_input_coef_change_max
    joined = span and embedded and not emb_start
    add("input_coefficient", rules.process_input_coef_change_max,
        f"process proxy if change <= {rules.process_input_coef_change_max:g}",
        bool(proc_proxy) if span else None,
        rule_zh=f"变化 ≤ {rules.process_input_coef_change_max:g} 即为工艺升级的代理迹象")
    # product
    d_dva = b["dva_share_exports"] - a["dva_share_exports"]
    product = span and d_dva >= rules.product_dva_change_min
    add("dva_share_exports", rules.product_dva_change_min,
        f"product upgrading if change >= {rules.product_dva_change_min:g}",
        bool(product) if span else None,
        rule_zh=f"变化 ≥ {rules.product_dva_change_min:g} 即为产品升级")
    add("va_output_ratio", np.nan, "reported (no unit values in IO tables)", None,
        rule_zh="仅报告（投入产出表没有单位价值）")
    # functional
    d_sv = b["services_va_share"] - a["services_va_share"]
    functional = span and d_sv >= rules.functional_services_change_min
    add("services_va_share", rules.functional_services_change_min,
        f"functional upgrading if change >= {rules.functional_services_change_min:g}",
        bool(functional) if span else None,
        rule_zh=f"变化 ≥ {rules.functional_services_change_min:g} 即为功能升级")
    d_up = b["upstreamness"] - a["upstreamness"]
    moved = span and abs(d_up) >= rules.position_change_min
    add("upstreamness", rules.position_change_min,
        f"position move reported if |change| >= {rules.position_change_min:g}",
        bool(moved) if span else None,
        rule_zh=f"变化的绝对值 ≥ {rules.position_change_min:g} 时报告生产线位置移动")
    # inter-chain
    cls = table_classification(m0.table)
    tech = sector_proxies(cls)["tech_intensity"].to_dict()
    rel_map = related_sectors(cls, rules)
    own_rank = max((TECH_LEVELS.index(tech[s]) for s in secs if tech.get(s)), default=-1)
    related = []
    for s in secs:
        related += [r for r in rel_map.get(s, ()) if r in m0.table.sectors
                    and tech.get(r) and TECH_LEVELS.index(tech[r]) > own_rank and r not in related]
    inter_hits = []
    for r in related:
        k = f"nrca:{r}"
        ok = span and b[k] >= rules.interchain_nrca_min and (b[k] - a[k]) >= rules.interchain_nrca_change_min
        add(k, rules.interchain_nrca_min,
            f"inter-chain if end >= {rules.interchain_nrca_min:g} and change >= "
            f"{rules.interchain_nrca_change_min:g} ({r} is {tech[r]}-tech)",
            bool(ok) if span else None,
            rule_zh=f"期末值 ≥ {rules.interchain_nrca_min:g} 且变化 ≥ "
            f"{rules.interchain_nrca_change_min:g} 即为跨链条升级（部门{r}为"
            f"{TECH_LEVELS_ZH.get(tech[r], tech[r])}技术部门）")
        if ok:
            inter_hits.append(r)
    interchain = bool(inter_hits)
    evidence = pd.DataFrame(ev)

    # point and confidence
    notes = [
        "IO tables have no unit values: product upgrading is read from the domestic value-added "
        "share of exports, not from product sophistication.",
        "Process upgrading is not observable in IO tables except through input-coefficient "
        "efficiency (a falling 1'A), which price changes mimic; joining the GVC over the span is "
        "read as the paper's process upgrading through joining (A->B).",
        "Sector-level data: a cluster is a part of its sector; WIOD sectors may be shared by "
        "several paper industries.",
    ]
    notes_zh = [
        "投入产出表没有单位价值：产品升级依据出口国内增加值率判断，而非产品的复杂程度。",
        "投入产出表中无法观察工艺升级，只能借助投入系数效率（1'A下降）间接反映，而价格变化也会"
        "产生同样的结果；考察期内融入全球价值链被视为论文所说的通过融入实现的工艺升级（A→B）。",
        "部门层面的数据：集群只是其所在部门的一部分；表中的一个部门可能由论文的多个产业共用。",
    ]
    if not span:
        notes.append("one year only: C, D and E need a span of years and are not assessed")
        notes_zh.append("仅一年数据：C、D、E三点需要多个年份，未作评估")
    if len(related) == 0:
        notes.append(
            f"no related sector more technology-intensive than {','.join(secs)} in the table: "
            "inter-chain upgrading is not observable at this aggregation"
        )
        notes_zh.append(
            f"表中没有比部门{'、'.join(secs)}技术更密集的相关部门：在此加总层次上无法观察跨链条升级"
        )
    if not embedded:
        point = Figure1Point.A
        clear = _margin_ok(b["foreign_content_share"], fc_min, rules) and _margin_ok(
            b["export_orientation"], eo_min, rules)
        conf = "high" if clear else "medium"
        rule = ("not embedded: FC/E and e/x both below their cut-offs"
                + (" with clear margins" if clear else "; one is close to its cut-off"))
        rule_zh = ("未融入全球价值链：FC/E和e/x均低于各自的临界值"
                   + (_MARGIN_ZH if clear else "；其中一项接近临界值"))
    else:
        clear_emb = (emb_end_fc and _margin_ok(b["foreign_content_share"], fc_min, rules)) or (
            emb_end_eo and _margin_ok(b["export_orientation"], eo_min, rules))
        if interchain and functional:
            point = Figure1Point.E
            k = f"nrca:{inter_hits[0]}"
            clear = _margin_ok(b[k] - a[k], rules.interchain_nrca_change_min, rules, 0.01)
            conf = "high" if clear and clear_emb else "medium"
            rule = "functional and inter-chain rules hold" + (
                " with clear margins" if conf == "high" else "; one is marginal")
            rule_zh = "功能升级和跨链条升级的规则均成立" + (
                _MARGIN_ZH if conf == "high" else "；其中一项处于临界边缘")
        elif functional:
            point = Figure1Point.D
            clear = _margin_ok(d_sv, rules.functional_services_change_min, rules, 0.01)
            conf = "high" if clear and clear_emb else "medium"
            rule = "services VA share of exports rose" + (
                " with a clear margin" if conf == "high" else " (marginal)")
            rule_zh = "单位出口所含服务增加值上升" + (
                "，幅度明显" if conf == "high" else "（处于临界边缘）")
        elif product:
            point = Figure1Point.C
            clear = _margin_ok(d_dva, rules.product_dva_change_min, rules, 0.01)
            conf = "high" if clear and clear_emb else "medium"
            rule = "domestic VA share of exports rose" + (
                " with a clear margin" if conf == "high" else " (marginal)") + (
                "; read from a value-added share, not unit values")
            rule_zh = "出口国内增加值率上升" + (
                "，幅度明显" if conf == "high" else "（处于临界边缘）") + (
                "；依据的是增加值份额，而非单位价值")
        else:
            point = Figure1Point.B
            conf = "high" if clear_emb and span else "medium"
            rule = ("embedded (FC/E or e/x above its cut-off), no product or functional "
                    "upgrading observed") + ("" if span else "; one year only")
            rule_zh = ("已融入全球价值链（FC/E或e/x高于其临界值），未观察到产品升级或功能升级"
                       + ("" if span else "；仅一年数据"))
        if interchain and not functional:
            if conf == "high":
                conf = "medium"
            rule += (
                f"; inter-chain signs in {','.join(inter_hits)} are not placed at E: the paper's "
                "path reaches E from D (functional upgrading), and a country-level NRCA may "
                "reflect economy-wide structural change rather than the cluster's own move"
            )
            rule_zh += (
                f"；部门{'、'.join(inter_hits)}出现跨链条升级的迹象，但不定位于E点：论文的升级路径"
                "经由D点（功能升级）到达E点，且国家层面的NRCA可能反映整个经济的结构变化，"
                "而非集群自身的升级"
            )

    # observed upgrading
    up_rows = [
        {"upgrading": UpgradingType.PROCESS.name.lower(),
         "upgrading_zh": UpgradingType.PROCESS.name_zh,
         "observed": (bool(joined or proc_proxy) if span else None),
         "indicator": "joined the GVC (A->B) / total input coefficient 1'A",
         "start": a["input_coefficient"], "end": b["input_coefficient"], "change": d_ic,
         "threshold": rules.process_input_coef_change_max,
         "note": ("joined the GVC over the span; " if joined else "")
         + "proxy only: input-coefficient efficiency",
         "note_zh": ("考察期内融入了全球价值链；" if joined else "")
         + "仅为代理指标：投入系数效率",
         "indicator_zh": "融入全球价值链（A→B）／" + INDICATORS_ZH["input_coefficient"]},
        {"upgrading": UpgradingType.PRODUCT.name.lower(),
         "upgrading_zh": UpgradingType.PRODUCT.name_zh,
         "observed": bool(product) if span else None,
         "indicator": "dva_share_exports", "start": a["dva_share_exports"],
         "end": b["dva_share_exports"], "change": d_dva,
         "threshold": rules.product_dva_change_min,
         "note": "no unit values in IO tables",
         "note_zh": "投入产出表没有单位价值",
         "indicator_zh": INDICATORS_ZH["dva_share_exports"]},
        {"upgrading": UpgradingType.FUNCTIONAL.name.lower(),
         "upgrading_zh": UpgradingType.FUNCTIONAL.name_zh,
         "observed": bool(functional) if span else None,
         "indicator": "services_va_share", "start": a["services_va_share"],
         "end": b["services_va_share"], "change": d_sv,
         "threshold": rules.functional_services_change_min,
         "note": f"upstreamness {a['upstreamness']:.3f} -> {b['upstreamness']:.3f}"
         + (" (position moved)" if moved else ""),
         "note_zh": f"上游度 {a['upstreamness']:.3f} → {b['upstreamness']:.3f}"
         + ("（生产线位置发生移动）" if moved else ""),
         "indicator_zh": INDICATORS_ZH["services_va_share"]},
    ]
    if related:
        best = max(related, key=lambda r: b[f"nrca:{r}"] - a[f"nrca:{r}"])
        k = f"nrca:{best}"
        up_rows.append({
            "upgrading": "inter_chain", "upgrading_zh": UpgradingType.INTER_CHAIN.name_zh,
            "observed": interchain if span else None,
            "indicator": f"NRCA {','.join(inter_hits) or best}",
            "start": a[k], "end": b[k], "change": b[k] - a[k],
            "threshold": rules.interchain_nrca_min,
            "note": f"related, more technology-intensive sectors: {','.join(related)}",
            "note_zh": f"相关且技术更密集的部门：{'、'.join(related)}",
            "indicator_zh": f"部门{'、'.join(inter_hits) or best}的显示性比较优势（NRCA）",
        })
    else:
        up_rows.append({
            "upgrading": "inter_chain", "upgrading_zh": UpgradingType.INTER_CHAIN.name_zh,
            "observed": None, "indicator": "", "start": np.nan, "end": np.nan,
            "change": np.nan, "threshold": rules.interchain_nrca_min,
            "note": "not observable: no related, more technology-intensive sector in the table",
            "note_zh": "无法观察：表中没有相关且技术更密集的部门",
            "indicator_zh": "",
        })
    observed = pd.DataFrame(up_rows)

    try:
        moves = next_moves(ind.type, point)
    except ValueError:
        moves = list(path(ind.type))
        notes.append(f"the paper does not place type {ind.type} on Figure 1: next moves are its path")
        notes_zh.append(f"论文未将{ind.type}类置于图1中：下一步升级即该类型的升级路径")
    else:
        if not moves:
            notes.append(f"the paper names no move out of point {point.value} for type {ind.type}")
            notes_zh.append(f"论文没有给出{ind.type}类从{point.value}点继续升级的路径")
    return Diagnosis(
        region=region, industry=ind.key, name_zh=ind.name_zh, sectors=secs, years=ys,
        point=point, confidence=conf, confidence_rule=rule, evidence=evidence,
        observed_upgrading=observed, next_moves=moves, paper_type=ind.type, series=ser,
        notes=notes, rules=rules, confidence_rule_zh=rule_zh, notes_zh=notes_zh,
    )
