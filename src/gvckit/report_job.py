"""The main job: the Zhejiang-cluster upgrading report from measured data.

:func:`analyse` computes everything the report shows for a region over a span of years, once:
the paper's typology against the data's (:func:`gvckit.framework.agreement_table`), the point on
the A-E path and the upgrading observed for each of the paper's 11 industries
(:func:`gvckit.framework.diagnose`), the value captured by the chain's countries
(:func:`gvckit.framework.chain_value_capture`), smile curves and time paths. :func:`report`
renders it as a self-contained HTML file in Chinese or English; :func:`demo` does both languages
on the bundled WIOD 2013 data and writes the results workbook and the figures beside them.

The paper's clusters inherit the evidence of their industry in the region's national table: the
bundled data have no cluster-level (or provincial) table, and every cluster card says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gvckit.errors import InputError

__all__ = ["Analysis", "analyse", "report", "demo", "build_report"]

DEFAULT_PERIODS = {"2003-2005": [2003, 2004, 2005], "1995": [1995], "2011": [2011]}
# chains shown in the value-capture and smile-curve sections: (key, WIOD 2013 sector)
CHAINS = (("leather", "19"), ("textiles", "17t18"), ("electronics_communication", "30t33"))
PATH_INDUSTRIES = ("textiles", "leather", "electronics_communication")
PATH_MEASURES = ("dva_share_exports", "wwyz_backward", "upstreamness")


@dataclass
class Analysis:
    """Everything the report shows, computed once for both languages."""

    region: str
    years: list[int]
    source: str
    unit: str
    agreement: pd.DataFrame
    diagnoses: list
    value_capture: pd.DataFrame
    smiles: dict[str, pd.DataFrame]
    series: pd.DataFrame
    positions: pd.DataFrame
    export_content: object | None = None
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The results as named tables for the workbook (one sheet each)."""
        from gvckit import framework as fw

        diag = pd.concat([d.to_frame() for d in self.diagnoses], ignore_index=True)
        evidence = pd.concat(
            [d.evidence.assign(industry=d.industry) for d in self.diagnoses], ignore_index=True
        )
        upgrading = pd.concat(
            [d.observed_upgrading.assign(industry=d.industry) for d in self.diagnoses], ignore_index=True
        )
        smile = pd.concat(self.smiles.values(), ignore_index=True) if self.smiles else pd.DataFrame()
        out = {
            "table1_zh": fw.table1("zh"),
            "table1_en": fw.table1("en"),
            "typology_agreement": self.agreement,
            "diagnosis": diag,
            "diagnosis_evidence": evidence,
            "observed_upgrading": upgrading,
            "value_capture": self.value_capture,
            "smile_curves": smile,
            "time_paths": self.series,
            "participation_position": self.positions,
            "rules": fw.DEFAULT_RULES.to_frame(),
        }
        if self.export_content is not None:
            out["export_content"] = self.export_content.sectors.reset_index()
        for df in out.values():
            df.attrs.setdefault("unit", self.unit)
            df.attrs.setdefault("source", self.source)
            df.attrs.setdefault("region", self.region)
        return out


def _series(data, years: Sequence[int] | None):
    from gvckit.framework import ModelSeries
    from gvckit.leontief import Model

    if isinstance(data, str):
        from gvckit.dataspec import framework_data

        spec = framework_data(data)
        series = ModelSeries(spec if isinstance(spec, str) else {y: Model(t) for y, t in spec.items()})
    else:
        series = ModelSeries(data)
    ys = series.resolve_years(years) if years else list(series.years)
    return series, ys


def analyse(data="wiod2013", region: str = "CHN", years: Sequence[int] | None = None,
            periods: dict[str, list[int]] | None = None, quiet: bool = True) -> Analysis:
    """Compute the report's content for ``region`` over ``years`` (default: all available).

    ``data`` is a bundled dataset name (``"wiod2013"``), ``name:year``, a file path, a table, or
    a dict year -> table. ``periods`` (for the typology comparison) default to the paper's
    period 2003-2005 plus the first and last year, restricted to the years available.
    """
    from gvckit import framework as fw
    from gvckit.cli import progress

    series, ys = _series(data, years)
    first = series.model(ys[0])
    if region not in first.table.countries:
        raise InputError(f"unknown region {region!r}; the table has {first.table.countries}")
    if periods is None:
        periods = {k: [y for y in v if y in ys] for k, v in DEFAULT_PERIODS.items()}
        periods = {k: v for k, v in periods.items() if v} or {str(ys[-1]): [ys[-1]]}
    steps = progress(range(4), total=4, desc="gvckit report", quiet=quiet)
    it = iter(steps)
    next(it, None)
    agreement = fw.agreement_table(series, region, periods)
    next(it, None)
    diagnoses = fw.diagnose(series, region, None, ys)
    next(it, None)
    vc_rows = []
    smiles: dict[str, pd.DataFrame] = {}
    span = sorted({ys[0], ys[-1]})
    for key, _sector in CHAINS:
        for y in span:
            m = series.model(y)
            try:
                vc = fw.chain_value_capture(m, region, key, "foreign", level="country")
            except InputError:
                continue
            vc_rows.append({
                "chain": key, "year": y, "final_value": vc.attrs["final_value"],
                "domestic_value": vc.attrs["domestic_value"], "domestic_share": vc.attrs["domestic_share"],
                "top_foreign": ", ".join(
                    f"{r.country} {r.share:.3f}" for r in vc[vc.country != region].nlargest(3, "share").itertuples()
                ),
            })
        if key in ("leather", "electronics_communication"):
            try:
                sc = fw.smile_curve(series, region, key, "foreign", years=span, min_share=0.005)
                smiles[key] = sc.data.assign(chain=key)
            except InputError:
                pass
    next(it, None)
    # time paths and participation/position from the diagnosis series
    rows = []
    for d in diagnoses:
        if d.industry in PATH_INDUSTRIES and not d.series.empty:
            s = d.series
            ycol = "year" if "year" in s.columns else None
            frame = s if ycol else s.reset_index()
            for meas in PATH_MEASURES:
                if meas in frame.columns:
                    rows += [{"item": d.industry, "year": int(r["year"]), "measure": meas, "value": float(r[meas])}
                             for _, r in frame.iterrows()]
    series_long = pd.DataFrame(rows, columns=["item", "year", "measure", "value"])
    pos_rows = []
    for d in diagnoses:
        s = d.series if "year" in d.series.columns else d.series.reset_index()
        if s.empty:
            continue
        last = s.iloc[-1]
        pos_rows.append({"industry": d.industry, "name_zh": d.name_zh, "type": d.paper_type,
                         "participation": float(last.get("wwyz_backward", float("nan"))),
                         "position": float(last.get("upstreamness", float("nan"))), "year": int(last["year"])})
    positions = pd.DataFrame(pos_rows)
    export_content = None
    if first.table.source.startswith("WIOD"):
        from gvckit.demo_summary import export_content as _ec

        export_content = _ec(region, ys[-1], model=series.model(ys[-1]))
    t = first.table
    return Analysis(region=region, years=ys, source=t.source, unit=t.unit, agreement=agreement,
                    diagnoses=list(diagnoses), value_capture=pd.DataFrame(vc_rows), smiles=smiles,
                    series=series_long, positions=positions, export_content=export_content)


# ----------------------------------------------------------------------------- rendering
# the framework's categorical values in Chinese (the paper's own terms where it has them)
_ZH = {
    "producer-driven": "生产者驱动型", "producer_driven": "生产者驱动型",
    "buyer-driven": "采购者驱动型", "buyer_driven": "采购者驱动型",
    "low": "不高", "high": "较高", "emerging": "有待加深（新兴）",
    "outside": "不在论文分类之内", "I": "I", "II": "II", "III": "III",
    "medium": "中", "met": "满足", "not met": "未满足",
}


_CONF_ZH = {"high": "高", "medium": "中", "low": "低"}


def _t(lang: str, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def build_report(a: Analysis, lang: str = "en"):
    """Turn an :class:`Analysis` into the report's :class:`~gvckit.outputs.report.ReportData`."""
    from gvckit import framework as fw
    from gvckit.outputs.report import (
        Card,
        Claim,
        Evidence,
        FigureSpec,
        Section,
        TableSpec,
        build_report_data,
    )

    zh = lang == "zh"
    inds = fw.industries().set_index("key")
    name_of = (lambda k: inds.loc[k, "name_zh"]) if zh else (lambda k: inds.loc[k, "name_en"])
    span = f"{a.years[0]}-{a.years[-1]}"

    # ---- industry cards with measured evidence
    cards = []
    diag_by_key = {d.industry: d for d in a.diagnoses}
    for key in inds.index:
        d = diag_by_key.get(key)
        ptype = inds.loc[key, "type"]
        type_ev = [Evidence(_t(lang, "the paper's Table 1", "论文表1"), source="§3")]
        for _, r in a.agreement[a.agreement["industry"] == key].iterrows():
            gov, integ, dtype = str(r["governance"]), str(r["integration"]), str(r["data_type"])
            type_ev.append(Evidence(
                _t(lang, f"data ({r['period']}): type {dtype}, governance {gov}, integration {integ}",
                   f"数据（{r['period']}）：类型 {_ZH.get(dtype, dtype)}，{_ZH.get(gov, gov)}，"
                   f"融入程度{_ZH.get(integ, integ)}"),
                value=_t(lang, "agrees" if r["agrees"] else "differs", "一致" if r["agrees"] else "不一致"),
                source=str(r["reason_zh" if zh else "reason"])[:400]))
        card = Card(name=name_of(key), kind="industry", key=key, type=Claim(ptype, type_ev))
        if d is not None:
            ev = [Evidence(f"{r.description_zh if zh else r.indicator}: {r.start:.3f} ({r.start_year}) → {r.end:.3f} ({r.end_year})",
                           value=_t(lang, *(("met", "满足") if r.met else ("not met", "未满足"))) if r.met is not None else None,
                           source=str(r.rule_zh if zh else r.rule)) for r in d.evidence.itertuples()
                  if pd.notna(r.start) and pd.notna(r.end)][:8]
            card.point = Claim(f"{d.point.value} ({_t(lang, d.confidence, '置信度' + _CONF_ZH.get(d.confidence, d.confidence))})",
                               ev + [Evidence(d.confidence_rule_zh if zh else d.confidence_rule)])
            for r in d.observed_upgrading.itertuples():
                if r.observed is True:
                    label = r.upgrading_zh if zh else r.upgrading
                    card.upgrading.append(Claim(label, [Evidence(
                        f"{r.indicator_zh if zh else r.indicator}: {r.start:.3f} → {r.end:.3f} (Δ {r.change:+.3f}, {_t(lang, 'threshold', '阈值')} {r.threshold})")]))
            for mv in d.next_moves:
                card.next_moves.append(Claim(
                    f"{mv.label}: {mv.name_zh if zh else mv.name_en}", [Evidence(mv.source, source=mv.section)]))
            if d.notes:
                card.note = "".join(d.notes_zh[:2]) if zh else " ".join(d.notes[:2])
        cards.append(card)

    # ---- Zhejiang's own numbers where a source prints them (export-delivery ratios)
    from gvckit.framework.zhejiang import cluster_facts, export_delivery_ratios

    ratios = export_delivery_ratios()
    for card in cards:
        d = diag_by_key.get(card.key)
        for r in ratios[ratios["industry_key"] == card.key].itertuples():
            national = ""
            if d is not None and "export_orientation" in d.series.columns and r.year in d.series.index:
                eo = float(d.series.loc[r.year, "export_orientation"])
                national = _t(lang, f"; {a.region}'s export orientation in the table, {r.year}: {eo:.3f}",
                              f"；全国表中 {a.region} 该行业 {r.year} 年出口/产出：{eo:.3f}")
            card.type.evidence.append(Evidence(
                _t(lang, f"Zhejiang export-delivery ratio {r.year} (出口交货值/{r.sales_indicator}, computed by gvckit "
                         f"from {r.export_delivery:g}/{r.sales:g} {r.unit}): {r.ratio:.3f}{national}",
                   f"浙江 {r.year} 年出口交货值率（出口交货值/{r.sales_indicator}，gvckit 据 {r.export_delivery:g}/{r.sales:g} "
                   f"{r.unit} 计算）：{r.ratio:.3f}{national}"),
                source=str(r.source_title)))

    # ---- cluster cards inherit their industry's evidence and show the cluster's own facts
    ccards = []
    for _, c in fw.clusters().iterrows():
        base = next((k for k in cards if k.key == c.get("industry_key")), None)
        facts = cluster_facts(c["key"])
        fact_ev = [Evidence(f"{f.year} {f.indicator}: {f.value} {f.unit}", source=str(f.source_title))
                   for f in facts.head(4).itertuples()]
        card = Card(name=c["name_zh"] if zh else c["name_en"], kind="cluster", key=c["key"],
                    type=Claim(c["type"], [Evidence(_t(lang, "the paper's Table 1", "论文表1"), source="§3"), *fact_ev]))
        if base is not None:
            card.point, card.upgrading, card.next_moves = base.point, base.upgrading, base.next_moves
        card.note = _t(lang, f"Evidence is that of its industry ({c.get('industry')}) in {a.region}'s national table: "
                             "no cluster-level or provincial table is bundled.",
                       f"证据来自其所属行业（{c.get('industry')}）在{a.region}全国表中的数据：未附带集群或省级投入产出表。")
        ccards.append(card)

    # ---- summary
    agree = a.agreement.groupby("period", sort=False)["agrees"].agg(["sum", "count"])
    bullets = [
        _t(lang, f"Typology: the data agree with the paper's Table 1 for {int(r['sum'])} of {int(r['count'])} industries in {p}.",
           f"类型：{p} 年数据与论文表1一致的行业为 {int(r['sum'])}/{int(r['count'])} 个。")
        for p, r in agree.iterrows()
    ]
    up_names = {"process": ("process", "工艺升级"), "product": ("product", "产品升级"),
                "functional": ("functional", "功能升级"), "inter_chain": ("inter-chain", "跨链条升级")}
    conf = _CONF_ZH
    for d in a.diagnoses:
        if d.industry in PATH_INDUSTRIES:
            obs = ("、" if zh else ", ").join(up_names.get(u, (u, u))[1 if zh else 0] for u in d.observed_types) \
                or _t(lang, "none", "无")
            bullets.append(_t(lang, f"{name_of(d.industry)}: point {d.point.value} ({d.confidence} confidence); upgrading observed {span}: {obs}.",
                              f"{name_of(d.industry)}：位于 {d.point.value} 点（置信度{conf.get(d.confidence, d.confidence)}）；{span} 观察到的升级：{obs}。"))
    if not a.value_capture.empty:
        for r in a.value_capture.itertuples():
            bullets.append(_t(lang, f"Value capture, {name_of(r.chain)} final goods sold abroad, {r.year}: {a.region} captures {r.domestic_share:.1%} of their final value at basic prices.",
                              f"价值获取：{r.year} 年出口的{name_of(r.chain)}最终产品中，{a.region} 获得按基本价格计算的最终价值的 {r.domestic_share:.1%}。"))
    if not a.value_capture.empty:
        bullets.append(_t(lang, "These shares are far above the paper's one tenth because an input-output table values the chain "
                                "at basic prices when it leaves the final producer: the brand owner's and retailer's margins abroad "
                                "(270 of the jacket's 300 dollars) lie outside it.",
                          "这些份额远高于论文的十分之一，因为投入产出表按最终生产者出厂时的基本价格计值：国外品牌商和零售商的加价"
                          "（皮衣 300 美元中的 270 美元）不在其中。"))
    paragraphs = []
    if a.export_content is not None:
        ec = a.export_content
        paragraphs.append(_t(lang, f"In {ec.year}, {ec.country}'s gross exports were {ec.gross_exports:,.0f} {ec.unit}; "
                                   f"{ec.domestic_va_share:.1%} of their value was added at home and {ec.foreign_va_share:.1%} abroad.",
                             f"{ec.year} 年，{ec.country} 总出口 {ec.gross_exports:,.0f}（{ec.unit}），其中国内增加值占 {ec.domestic_va_share:.1%}，国外增加值占 {ec.foreign_va_share:.1%}。"))
    summary = Section(paragraphs=paragraphs, bullets=bullets)

    # ---- value capture section
    vc = Section(paragraphs=[
        _t(lang, "The paper's example (Haining leather): a jacket leaves China at 30 US dollars and sells abroad for 300: "
                 f"the domestic producer captures {fw.value_capture(30, 300).share:.0%}. The input-output form measures the "
                 "share of a chain's final value (at basic prices) added in each country, V B y_chain; it stops at the "
                 "factory gate of the final producer, so foreign retail and brand margins on the finished good are not in it.",
           "论文的例子（海宁皮革）：一件皮衣出口价 30 美元，国外售价 300 美元，国内生产者获得 "
           f"{fw.value_capture(30, 300).share:.0%}。投入产出方法测算链条最终价值（基本价格）中各国创造的份额 V B y_chain；"
           "它止于最终生产者的出厂环节，因此不含国外对成品的零售与品牌加价。")],
        tables=[TableSpec(a.value_capture, title=_t(lang, "Value captured by the region in its chains' exported final goods", "地区在其链条出口最终产品中获得的价值"),
                          caption=f"{a.source}; {a.unit}")] if not a.value_capture.empty else [])

    # ---- extra sections: measured points on Figure 1, smile curves, participation/position, time paths
    extra = []
    placed = pd.DataFrame({"label": [name_of(d.industry) for d in a.diagnoses],
                           "point": [d.point.value for d in a.diagnoses],
                           "type": [d.paper_type for d in a.diagnoses]})
    extra.append((_t(lang, "Where on the upgrading path (measured)", "升级路径上的位置（实测）"), Section(
        paragraphs=[_t(lang, f"Each industry at the point of the paper's Figure 1 that the {span} evidence supports "
                             "(gvckit.framework.diagnose; rules in gvckit.framework.Rules).",
                       f"各行业按 {span} 年证据所支持的论文图1中的位置（gvckit.framework.diagnose；规则见 gvckit.framework.Rules）。")],
        tables=[TableSpec(pd.concat([d.to_frame() for d in a.diagnoses], ignore_index=True)[
            ["industry", "paper_type", "point", "confidence", "observed_upgrading", "next_moves"]],
            title=_t(lang, "Diagnosed points and observed upgrading", "诊断位置与观察到的升级"))],
        figures=[FigureSpec("upgrading_model", placed, name="upgrading_model_measured",
                            title=_t(lang, "Upgrading model with the industries at their measured points", "升级模式图：各行业的实测位置"))])))
    smile_sec = Section(paragraphs=[_t(lang, "Value added of each country-sector in the chain (share of the chain's final value) against its "
                                            "distance to the chain's final goods (number of production stages, B B y / B y).",
                                       "链条中各国家-部门创造的增加值（占最终价值份额）与其距离链条最终产品的生产阶段数（B B y / B y）的关系。")])
    for key, df in a.smiles.items():
        plot = df.assign(label=df["label"]) [["label", "position", "va_share", "year"]]
        smile_sec.figures.append(FigureSpec("smile_curve", plot, options={"position": "distance"}, title=_t(lang, f"Smile curve: {key} chain of {a.region}", f"微笑曲线：{a.region} {name_of(key)}链条"),
                                            name=f"smile_{key}"))
    if smile_sec.figures:
        extra.append((_t(lang, "Smile curves", "微笑曲线"), smile_sec))
    if not a.positions.empty:
        pp = a.positions.assign(label=[name_of(k) for k in a.positions["industry"]])[["label", "participation", "position", "type"]]
        extra.append((_t(lang, "Participation and position", "参与度与位置"), Section(
            paragraphs=[_t(lang, f"Backward GVC participation (WWYZ 2017a) against upstreamness (Antràs et al. 2012), {a.years[-1]}.",
                           f"后向全球价值链参与度（WWYZ 2017a）与上游度（Antràs 等 2012），{a.years[-1]} 年。")],
            figures=[FigureSpec("participation_position", pp, name="participation_position")])))
    if not a.series.empty:
        labels = {"dva_share_exports": _t(lang, "DVA share of exports", "出口国内增加值率"),
                  "wwyz_backward": _t(lang, "backward participation", "后向参与度"),
                  "upstreamness": _t(lang, "upstreamness", "上游度")}
        ts = a.series.assign(item=[name_of(k) for k in a.series["item"]])
        extra.append((_t(lang, "Time paths", "时间路径"), Section(figures=[FigureSpec(
            "time_paths", ts, options={"measure_labels": labels}, name="time_paths")])))
    methods = [
        _t(lang, "Value added in exports: Hummels, Ishii & Yi (2001); Koopman, Wang & Wei (2014); Borin & Mancini (2019, 2023).",
           "出口增加值：Hummels, Ishii & Yi (2001)；Koopman, Wang & Wei (2014)；Borin & Mancini (2019, 2023)。"),
        _t(lang, "Participation and position: Wang, Wei, Yu & Zhu (2017a, 2017b); upstreamness: Antràs, Chor, Fally & Hillberry (2012).",
           "参与度与位置：Wang, Wei, Yu & Zhu (2017a, 2017b)；上游度：Antràs, Chor, Fally & Hillberry (2012)。"),
        _t(lang, "Typology cut-offs and diagnosis rules: gvckit.framework.Rules (documented and configurable; the paper gives none).",
           "类型划分阈值与诊断规则：gvckit.framework.Rules（有文档、可配置；论文未给出阈值）。"),
    ]
    sources = [f"{a.source} ({a.unit}), {span}"]
    citations = [
        "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), An Illustrated User Guide to the World Input-Output Database, Review of International Economics 23: 575-605.",
        "Gereffi, G. (1999), International trade and industrial upgrading in the apparel commodity chain, Journal of International Economics 48(1): 37-70.",
        "Humphrey, J. and Schmitz, H. (2002), How does insertion in global value chains affect upgrading in industrial clusters? Regional Studies 36(9): 1017-1027.",
        "Koopman, R., Wang, Z. and Wei, S.-J. (2014), Tracing value-added and double counting in gross exports, American Economic Review 104(2): 459-494.",
        "Borin, A. and Mancini, M. (2023), Measuring what matters in value-added trade, Economic Systems Research 35(4).",
        "Wang, Z., Wei, S.-J., Yu, X. and Zhu, K. (2017), Measures of participation in global value chains and global business cycles, NBER WP 23222; Characterizing global value chains: production length and upstreamness, NBER WP 23261.",
        "Antràs, P., Chor, D., Fally, T. and Hillberry, R. (2012), Measuring the upstreamness of production and trade flows, American Economic Review 102(3): 412-416.",
    ]
    data = build_report_data(lang, agreement=a.agreement, industry_cards=cards, cluster_cards=ccards,
                             summary=summary, value_capture=vc, extra=extra, methods=methods,
                             sources=sources, citations=citations)
    data.title = _t(lang, f"Upgrading in global value chains: {a.region}, {span}", f"全球价值链中的产业升级：{a.region}，{span}")
    data.subtitle = _t(lang, "The Zhejiang-cluster framework (types I/II/III, path A→B→C/D→E) read from measured data",
                       "以实测数据解读浙江产业集群框架（I/II/III 类，A→B→C/D→E 升级路径）")
    return data


def report(data="wiod2013", region: str = "CHN", years: Sequence[int] | None = None, lang: str = "en",
           out: str | Path = "report.html", quiet: bool = True, analysis: Analysis | None = None) -> Path:
    """Write the upgrading report for ``region`` to ``out`` (self-contained HTML).

    >>> # gvckit.report_job.report("wiod2013", "CHN", range(1995, 2012), "zh", "report_zh.html")
    """
    from gvckit.outputs.report import write_report

    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{out}: the report is an HTML file; give a name ending in .html")
    a = analysis or analyse(data, region, years, quiet=quiet)
    return write_report(build_report(a, lang), out, lang=lang)


def demo(out_dir: str | Path = "gvckit-demo", quiet: bool = False, region: str = "CHN",
         years: Sequence[int] | None = None) -> list[Path]:
    """The main job on the bundled WIOD 2013 data: reports (zh, en), workbook and figures.

    Returns the paths written: ``report_zh.html``, ``report_en.html``, ``results.xlsx`` and the
    figures (SVG and PNG) under ``figures/``.
    """
    from gvckit.outputs.export import write
    from gvckit.outputs.report import export_figures, write_report

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    a = analyse("wiod2013", region, years, quiet=quiet)
    paths = []
    for lang in ("zh", "en"):
        data = build_report(a, lang)
        paths.append(write_report(data, out / f"report_{lang}.html", lang=lang))
        if lang == "en":
            figs = export_figures(data, out / "figures", lang=lang)
    paths += write(a.tables(), out / "results.xlsx", lang="en")
    return paths + figs
