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

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gvckit.errors import InputError

if TYPE_CHECKING:  # pandas is imported where it is used: report() forks its drawing process first
    import pandas as pd

__all__ = ["Analysis", "analyse", "analysis_of", "report", "demo", "build_report", "drawing_tools"]

#: the paper's own period (its most recent facts are of 2003-2005)
PAPER_PERIOD = (2003, 2004, 2005)
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
    classifications: dict[str, list] = field(default_factory=dict)
    country_names: pd.DataFrame | None = None
    sector_names: pd.DataFrame | None = None
    rules: object = None
    #: the table's economies and sectors (G, N), whether one economy is the rest of the world,
    #: and its citation (``meta["citation"]``): what the report says of its data
    size: tuple[int, int] = (0, 0)
    rest_of_world: bool = False
    citation: str = ""

    def tables(self, lang: str = "en") -> dict[str, pd.DataFrame]:
        """The results as named tables for the workbook (one sheet each); verdict keys come with
        their text in ``lang`` beside them."""
        import pandas as pd

        from gvckit import framework as fw
        from gvckit.framework.render import verdict_rows

        diag = pd.concat([d.to_frame(lang) for d in self.diagnoses], ignore_index=True)
        upgrading = verdict_rows(self.diagnoses, lang)
        smile = pd.concat(self.smiles.values(), ignore_index=True) if self.smiles else pd.DataFrame()
        out = {
            "table1_zh": fw.table1("zh"),
            "table1_en": fw.table1("en"),
            "typology_agreement": self.agreement,
            "diagnosis": diag,
            "observed_upgrading": upgrading,
            "value_capture": self.value_capture,
            "smile_curves": smile,
            "time_paths": self.series,
            "participation_position": self.positions,
            "rules": self.rules.to_frame(),
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
        from gvckit.app.source import Source

        spec = Source.of(data).framework_data()
        if isinstance(spec, str):
            series = ModelSeries(spec)
        elif isinstance(spec, dict):
            series = ModelSeries({y: Model(t) for y, t in spec.items()})
        else:  # one undated table from a file
            series = ModelSeries(spec)
    else:
        series = ModelSeries(data)
    ys = series.resolve_years(years) if years else list(series.years)
    return series, ys


def analyse(data="wiod2013", region: str = "CHN", years: Sequence[int] | None = None,
            periods: dict[str, list[int]] | None = None, quiet: bool = True,
            rules=None, evidence=None) -> Analysis:
    """Compute the report's content for ``region`` over ``years`` (default: all available).

    ``rules`` is a rule set's name (``"paper"``, the default, or ``"gereffi"``), a TOML rule
    file or a :class:`~gvckit.framework.Rules`; ``evidence`` an upgrading-evidence file or frame
    (:mod:`gvckit.framework.evidence`) for points C, D and E.

    ``data`` is a bundled dataset name (``"wiod2013"``), ``name:year``, a file path, a table, or
    a dict year -> table. ``periods`` (for the typology comparison) default to the paper's
    period 2003-2005 plus the first and last year, restricted to the years available.
    """
    import pandas as pd

    from gvckit import framework as fw
    from gvckit.app.progress import progress
    from gvckit.framework.ruleset import load_rules

    rules = load_rules(rules)

    series, ys = _series(data, years)
    first = series.model(ys[0])
    if region not in first.table.countries:
        raise InputError(f"unknown region {region!r}; the table has {first.table.countries}")
    if periods is None:
        periods = default_periods(ys)
    steps = progress(range(5), total=5, desc="gvckit report", quiet=quiet)
    it = iter(steps)
    next(it, None)
    # every year's model and indicators, several years at once (gvckit.threadpool): every
    # indicator in the classification periods, elsewhere the measures of the time
    # paths; the rest needs the factorisations of the period years and of the first and last
    # year only (diagnose, value capture, smile curves, export content), so the others' go
    from gvckit.framework.indicators import EVERY_PART

    in_periods = {y for v in periods.values() for y in v}
    series.prepare(ys, region, parts={y: (EVERY_PART,) if y in in_periods else PATH_MEASURES for y in ys},
                   factors=in_periods | {ys[0], ys[-1]})
    next(it, None)
    classifications = {p: fw.classify(series, region, None, list(v), rules=rules) for p, v in periods.items()}
    agreement = _agreement(classifications, region, rules)
    next(it, None)
    diagnoses = fw.diagnose(series, region, None, ys, rules=rules, evidence=evidence)
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
    # time paths and participation/position: the framework's per-year indicators (memoised per model)
    from gvckit.framework.indicators import region_year

    rows = []
    pos_rows = []
    for d in diagnoses:
        if not d.sectors:
            continue
        if d.industry in PATH_INDUSTRIES:
            for y in ys:
                ry = region_year(series.model(y), region)
                rows += [{"item": d.industry, "year": int(y), "measure": meas,
                          "value": ry.value(meas, d.sectors)} for meas in PATH_MEASURES]
        ry = region_year(series.model(ys[-1]), region)
        pos_rows.append({"industry": d.industry, "name_zh": d.name_zh, "type": d.paper_type,
                         "participation": ry.value("wwyz_backward", d.sectors),
                         "position": ry.value("upstreamness", d.sectors), "year": int(ys[-1])})
    series_long = pd.DataFrame(rows, columns=["item", "year", "measure", "value"])
    positions = pd.DataFrame(pos_rows)
    from gvckit.app.demo_summary import export_content as _ec

    export_content = _ec(region, ys[-1], model=series.model(ys[-1]))
    t = first.table
    row = any(str(c).upper() in ("ROW", "RESTOFWORLD", "REST OF THE WORLD") for c in t.countries)
    return Analysis(region=region, years=ys, source=t.source, unit=t.unit, agreement=agreement,
                    diagnoses=list(diagnoses), value_capture=pd.DataFrame(vc_rows), smiles=smiles,
                    series=series_long, positions=positions, export_content=export_content,
                    classifications=classifications, country_names=t.country_info,
                    sector_names=t.sector_info, rules=rules, size=(t.G, t.N), rest_of_world=row,
                    citation=str(t.meta.get("citation") or ""))


def default_periods(years: Sequence[int]) -> dict[str, list[int]]:
    """The periods the report classifies in: the paper's own period 2003-2005 (the years of it the
    data have), then the first and the last year of the data.

    >>> default_periods(range(1995, 2012))
    {'2003-2005': [2003, 2004, 2005], '1995': [1995], '2011': [2011]}
    >>> default_periods([2016, 2017, 2018])
    {'2016': [2016], '2018': [2018]}
    """
    from gvckit.framework.classify import period_label

    ys = sorted(int(y) for y in years)
    out = {}
    paper = [y for y in PAPER_PERIOD if y in ys]
    if paper:
        out[period_label(paper)] = paper
    for y in (ys[0], ys[-1]):
        out.setdefault(str(y), [y])
    return out


def _agreement(classifications: dict[str, list], region: str, rules) -> pd.DataFrame:
    """The typology comparison from classifications already computed (each industry is
    classified once per period)."""
    from gvckit.framework.classify import agreement_from

    return agreement_from(classifications, region, rules, national=region == "CHN")


#: A table code in a sentence (a country like CHN, a WIOD sector like 24 or 30t33), not inside a
#: number (0.25, 24.5, 2011, 25%) or a word, and not already in parentheses after its name. The
#: neighbours are ASCII: a code right beside Chinese characters ("相关部门25的") is a code too
#: (``\w`` would count the characters as part of a word and leave the code bare).
_CODE = re.compile(r"(?<![A-Za-z0-9_.,])(?:[A-Z]{3}|AtB|\d\d(?:t\d\d)?)(?![A-Za-z0-9_)）%]|[.,]\d)")


def _period(years) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


# ----------------------------------------------------------------------------- rendering
_PAPER_EN = ("Seed paper: a Chinese journal article on the upgrading model of Zhejiang's industrial clusters in "
             "global value chains (浙江产业集群在全球价值链中的升级模式). Its title, author(s), journal and year are not "
             "in the stored text; what is known: five sections (introduction; GVC theory and industrial upgrading; "
             "features of Zhejiang's clusters, with Table 1; upgrading model, with Figure 1; conclusions), its most "
             "recent dated fact is from August 2005 and its latest citations are from 2005, so it dates from 2005 or "
             "after.")
_PAPER_ZH = ("所据论文：一篇关于浙江产业集群在全球价值链中升级模式的中文期刊论文。现存文本中没有标题、作者、刊名和发表年份；"
             "已知的是：全文五部分（引言；全球价值链理论与产业升级；浙江产业集群的特点分析，含表1；升级模式，含图1；"
             "结论与启示），文中最近的日期是 2005 年 8 月，最近的引文为 2005 年，因此成文不早于 2005 年。")


def _in_sentence(name: str, lang: str) -> str:
    """An indicator's name inside an English sentence: "Export orientation" -> "export
    orientation", an acronym ("VAX ratio") kept."""
    if lang == "en" and name[:1].isupper() and not name[1:2].isupper():
        return name[0].lower() + name[1:]
    return name


def _citations(a: Analysis, zh: bool) -> list[str]:
    """The paper, the methods' references and the data's own citation (``meta["citation"]``;
    the WIOD user guide for the WIOD 2013 release), in alphabetical order after the paper."""
    refs = [c for c in CITATIONS if not c.startswith("Timmer")]
    data = a.citation or (next(c for c in CITATIONS if c.startswith("Timmer"))
                          if a.source == "WIOD 2013 release" else "")
    if data and data not in refs:
        refs = sorted([*refs, data])
    return [_PAPER_ZH if zh else _PAPER_EN, *refs]


def _about_data(a: Analysis, lang: str) -> dict[str, str]:
    """What the report says of its data, from the table itself: the source's name (the WIOD 2013
    release by its full name and citation, any other table by its ``source``), the money unit
    for column heads (``unit``) and for sentences (``unit_long``: with prices when known), the
    size (economies, sectors)."""
    from gvckit.messages import tr
    from gvckit.outputs.units import table_source, table_unit

    wiod13 = a.source == "WIOD 2013 release"
    short = table_unit(a.unit, lang)
    g, n = a.size
    size = (tr("rep_size_row", lang, g=g - 1, n=n) if a.rest_of_world else tr("rep_size", lang, g=g, n=n))
    return {
        "source": table_source(a.source, lang),
        "source_short": "WIOD 2013" if wiod13 else a.source,
        "unit": short or "?",
        "unit_long": tr("rep_unit_wiod2013", lang) if wiod13 else (short or "?"),
        "size": size,
    }


def _num(x: float, unit: str, lang: str) -> str:
    from gvckit.framework.render import format_value

    return format_value(x, unit, lang)


def build_report(a: Analysis, lang: str = "en"):
    """Turn an :class:`Analysis` into the report's :class:`~gvckit.outputs.report.ReportData`.

    Every word comes from the message catalogue (:mod:`gvckit.messages`, domain ``report``) or
    from bilingual data (names of industries, clusters, countries and sectors); cards and the
    summary's verdict table are rendered from the framework's verdicts
    (:mod:`gvckit.framework.render`).
    """
    import pandas as pd

    from gvckit import framework as fw
    from gvckit.framework.concepts import paper_ref
    from gvckit.framework.zhejiang import cluster_facts, export_delivery_ratios
    from gvckit.messages import catalogue, tr
    from gvckit.outputs.report import (
        Card,
        Claim,
        Evidence,
        FigureSpec,
        Section,
        TableSpec,
        build_report_data,
        verdict_table,
    )

    zh = lang == "zh"
    T = lambda key, **kw: tr(key, lang, **kw)  # noqa: E731
    industries = fw.industries()
    inds = industries.set_index("key")
    name_col = "name_zh" if zh else "name_en"
    name_of = inds[name_col].get
    cn = a.country_names
    names_col = "name_zh" if zh else "name"

    def cname(code: str) -> str:
        return str(cn.loc[code, names_col]) if cn is not None and code in cn.index else code

    def sname(code: str) -> str:
        sn = a.sector_names
        return str(sn.loc[code, names_col]) if sn is not None and code in sn.index else code

    region = cname(a.region)
    span = _period(a.years)
    about = _about_data(a, lang)
    from gvckit.framework.classify import period_label

    rules_key = f"rep_ruleset_{getattr(a.rules, 'name', '')}"
    # a built-in rule set by its name in the language, a user's rule file by its own name
    rule_name = T(rules_key) if rules_key in catalogue(lang) else f"“{getattr(a.rules, 'name', '')}”"
    main = next(iter(a.classifications))
    by_period = {p: {c.industry: c for c in cs} for p, cs in a.classifications.items()}
    diag_by_key = {d.industry: d for d in a.diagnoses}
    codes = {a.region: (region, region)}
    if a.sector_names is not None:
        codes.update({c: (f"{r['name']} ({c})", f"{r['name_zh']}（{c}）") for c, r in a.sector_names.iterrows()
                      if any(ch.isdigit() for ch in c) or c == "AtB"})
    if cn is not None and a.region in cn.index:
        codes[a.region] = (str(cn.loc[a.region, "name"]), str(cn.loc[a.region, "name_zh"]))

    def named(text: str, language: str = lang) -> str:
        """``text`` with the region's and the table's sector codes replaced by their names."""
        return _CODE.sub(lambda m: codes[m.group(0)][language == "zh"] if m.group(0) in codes else m.group(0), text)

    # ---- verdicts, once per industry (the adapter is the one place that knows today's objects)
    results: dict[str, list] = {}
    for key in inds.index:
        res = []
        if key in by_period[main]:
            res.append(by_period[main][key])
        if key in diag_by_key:
            res.append(diag_by_key[key])
        results[key] = res

    # ---- industry cards
    ratios = export_delivery_ratios()
    cards = []
    for key in inds.index:
        ptype = inds.loc[key, "type"]
        type_ev = [Evidence(T("rep_paper_table1"), source=paper_ref("§3", lang))]
        for r in ratios[ratios["industry_key"] == key].itertuples():
            type_ev.append(Evidence(T("rep_export_delivery", year=r.year, ratio=100 * r.ratio,
                                      num=f"{r.export_delivery:g}", den=f"{r.sales:g}"),
                                    source=_source(str(r.source_title), lang)))
        card = Card(name=name_of(key), kind="industry", key=key, type=Claim(ptype, type_ev),
                    results=results[key], named=named)
        d = diag_by_key.get(key)
        if d is not None:
            card.next_moves = [
                Claim(" ".join(x for x in (mv.label.replace("->", "→").strip("-"), mv.name_zh if zh else mv.name_en) if x),
                      [Evidence(T("rep_paper"), source=paper_ref(mv.section, lang))]) for mv in d.next_moves]
            card.details = [named(tr(k, lang, **f)) for k, f in d.notes]
        cards.append(card)

    # ---- cluster cards: their own sourced facts and a link to their industry's card
    ccards = []
    for _, c in fw.clusters().iterrows():
        facts = cluster_facts(c["key"])
        frame = pd.DataFrame({
            T("rep_col_year"): [T("rep_undated") if y == "undated" else y.replace("c.", T("rep_circa"))
                                for y in facts["year"].astype(str)],
            T("rep_col_fact"): facts["indicator"].to_numpy() if zh else [T("rep_as_printed", text=i) for i in facts["indicator"]],
            T("rep_col_value"): [f"{_quoted(v, lang)} {T('rep_unit_' + u) if 'rep_unit_' + u in _catalogue(lang) else u}"
                                 for v, u in zip(facts["value"], facts["unit"], strict=False)],
            T("rep_col_source"): [T("rep_cn_source", title=_source(t, lang)) for t in facts["source_title"]],
        })
        ind_key = c.get("industry_key")
        card = Card(name=c[name_col], kind="cluster", key=c["key"],
                    type=Claim(c["type"], [Evidence(T("rep_paper_table1"), source=paper_ref("§3", lang))]),
                    facts=TableSpec(frame, numbered=False) if len(frame) else None,
                    link=(f"card-{ind_key}", T("rep_see_industry", name=name_of(ind_key))) if ind_key in inds.index else None,
                    note=T("rep_cluster_note", place=c["place_zh"] if zh else c["place_en"], region=region))
        ccards.append(card)

    # ---- the one-page summary: the paper, the data, the rules, the key figures and verdicts
    key_rows = []
    if a.export_content is not None:
        ec = a.export_content
        key_rows += [
            (T("rep_kf_exports", region=region, year=ec.year), f"{ec.gross_exports:,.0f} {about['unit']}"),
            (T("rep_kf_dva", year=ec.year), _num(ec.domestic_va_share, "share", lang)),
            (T("rep_kf_fva", year=ec.year), _num(ec.foreign_va_share, "share", lang)),
        ]
    agree = a.agreement.groupby("period", sort=False)["agrees"].agg(["sum", "count"])
    key_rows += [(T("rep_kf_agree", period=p), T("rep_of", n=int(r["sum"]), total=int(r["count"])))
                 for p, r in agree.iterrows()]
    for chain, g in a.value_capture.groupby("chain", sort=False):
        key_rows.append((T("rep_kf_capture", chain=name_of(chain), year=" → ".join(map(str, g["year"])), region=region),
                         " → ".join(_num(v, "share", lang) for v in g["domestic_share"])))
    keyfigs = pd.DataFrame(key_rows, columns=[T("rep_col_figure"), T("rep_col_value")])
    dims = ["dim_type", "dim_point", "dim_upgrading_process", "dim_upgrading_product",
            "dim_upgrading_functional", "dim_upgrading_inter_chain"]
    vt = verdict_table([(name_of(k), results[k]) for k in inds.index], lang, dims)
    vt.insert(1, T("col_paper_type"), [T(f"type_{t}") for t in inds["type"]])
    vt = vt.rename(columns={T("col_item"): T("rep_col_industry")})
    summary = Section(
        paragraphs=[T("rep_data_line", region=region, span=span, source=about["source"], size=about["size"],
                      unit=about["unit_long"],
                      years=T("rep_years_one") if len(a.years) == 1 else T("rep_years_many", n=len(a.years))),
                    T("rep_rules_line", period=main, rules=rule_name,
                      own=T("rep_rules_own_period") if main == period_label(list(PAPER_PERIOD)) else ""),
                    _PAPER_ZH if zh else _PAPER_EN],
        tables=[TableSpec(keyfigs, title=T("rep_keyfigs_title"), caption=T("rep_keyfigs_caption", unit=about["unit_long"])),
                TableSpec(vt, title=T("rep_verdicts_title", period=main, span=span),
                          caption=T("rep_verdicts_caption"))])

    # ---- typology beside the paper's: one row per industry, one column per period
    piv = a.agreement.pivot(index="industry", columns="period", values="data_type")[list(a.classifications)]
    typ = pd.DataFrame({T("rep_col_industry"): [name_of(k) for k in piv.index],
                        T("col_paper_type"): [T(f"type_{t}") for t in inds.loc[piv.index, "type"]]})
    for p in piv.columns:
        typ[T("rep_col_data_type_in", period=p)] = [T(f"type_{t}") for t in piv[p]]

    # ---- value capture
    vc = Section(paragraphs=[T("rep_vc_text", share=fw.value_capture(30, 300).share * 100)])
    if not a.value_capture.empty:
        rows = []
        for r in a.value_capture.itertuples():
            top = T("list_sep").join(f"{cname(c)} {100 * float(v):.1f}%" for c, v in
                                     (x.rsplit(" ", 1) for x in str(r.top_foreign).split(", ") if x))
            # the money columns' heads name the unit (USD million): the cells are the numbers
            rows.append([name_of(r.chain), r.year, f"{float(r.final_value):,.0f}",
                         f"{float(r.domestic_value):,.0f}", _num(r.domestic_share, "share", lang), top])
        vc.tables.append(TableSpec(pd.DataFrame(rows, columns=[
            T("rep_col_chain"), T("rep_col_year"), T("rep_col_final_value", unit=about["unit"]),
            T("rep_col_domestic_value", unit=about["unit"]),
            T("rep_col_domestic_share"), T("rep_col_top_foreign")]),
            title=T("rep_vc_title", region=region),
            caption=T("rep_vc_caption", source=about["source_short"], unit=about["unit_long"])))

    # ---- measured points, smile curves, participation/position, time paths
    extra = []
    # "B or beyond" (C-E not identifiable without evidence) is drawn at B; type III is not placed
    # on Figure 1 (the paper gives it its own advice), so it is left out of the figure
    shown = [d for d in a.diagnoses if d.point != "not_placed"]
    placed = pd.DataFrame({"label": [name_of(d.industry) for d in shown],
                           "point": ["B" if d.point == "B_or_beyond" else d.point for d in shown],
                           "type": [d.paper_type for d in shown]})
    extra.append((T("rep_sec_path"), Section(
        paragraphs=[T("rep_path_text", span=span)],
        figures=[FigureSpec("upgrading_model", placed, name="upgrading_model_measured",
                            title=T("rep_path_fig"))])))
    smile_sec = Section(paragraphs=[T("rep_smile_text")])
    for key, df in a.smiles.items():
        plot = df.assign(label=[f"{cname(c)} {sname(x)}" for c, x in zip(df["country"], df["sector"], strict=False)])[
            ["label", "position", "va_share", "year"]]
        smile_sec.figures.append(FigureSpec("smile_curve", plot, options={"position": "distance"},
                                            title=T("rep_smile_fig", region=region, chain=name_of(key)),
                                            name=f"smile_{key}"))
    if smile_sec.figures:
        extra.append((T("rep_sec_smile"), smile_sec))
    if not a.positions.empty:
        pp = a.positions.assign(label=[name_of(k) for k in a.positions["industry"]])[
            ["label", "participation", "position", "type"]]
        extra.append((T("rep_sec_pp"), Section(
            paragraphs=[T("rep_pp_text", year=a.years[-1])],
            figures=[FigureSpec("participation_position", pp, name="participation_position")])))
    if not a.series.empty:
        labels = {m: T(f"rep_measure_{m}") for m in PATH_MEASURES}
        ts = a.series.assign(item=[name_of(k) for k in a.series["item"]])
        extra.append((T("rep_sec_paths"), Section(figures=[FigureSpec(
            "time_paths", ts, options={"measure_labels": labels}, name="time_paths")])))

    methods = [T(f"rep_method_{i}") for i in range(1, 6)]
    sources = [T("rep_source_table", source=about["source"], span=span, unit=about["unit_long"]),
               T("rep_source_zhejiang")]
    definitions = {T(f"rep_def_{k}"): T(f"rep_def_{k}_text") for k in _DEFINITIONS}
    # integration as the rule set in use measures it (its indicators against its benchmark)
    definitions[T("rep_def_integration")] = T(
        "rep_def_integration_text", benchmark=T(f"bench_{a.rules.benchmark}"),
        indicators=T("list_sep").join(_in_sentence(T(f"ind_{k}"), lang) for k in a.rules.integration_indicators))
    data = build_report_data(lang, agreement=a.agreement, industries=industries, industry_cards=cards, cluster_cards=ccards,
                             summary=summary, value_capture=vc, extra=extra, methods=methods,
                             sources=sources, definitions=definitions, citations=_citations(a, zh))
    data.typology = None
    data.typology_section.paragraphs = [T("rep_typology_text", period=main)]
    data.typology_section.tables = [TableSpec(typ, title=T("rep_typology_title"))]
    for f in data.typology_section.figures:
        f.caption = T("rep_matrix_caption", period=main)
    data.title = T("rep_title", region=region, span=span)
    data.subtitle = T("rep_subtitle")
    return data


#: The English annotations in the bundled list of Zhejiang sources (data, not interface text), in
#: Chinese for the Chinese report; the titles themselves are quoted as printed.
_SOURCE_TERMS_ZH = (("(citing ", "（引自 "), ("county news: ", "县新闻："), (" county profile (web page)", "县情简介（网页）"),
                    (" profile (web page)", "简介（网页）"), ("(magazine article, c.2001)", "（杂志文章，约 2001 年）"),
                    (" report (repost)", "报道（转载）"), (" report", "报道"), (" via ", "，转引自"))


def _quoted(value: str, lang: str) -> str:
    """A value as printed in a Chinese source; quoted in the English report when it has Chinese."""
    return f"“{value}”" if lang == "en" and re.search(r"[\u4e00-\u9fff]", str(value)) else str(value)


def _source(title: str, lang: str) -> str:
    """A source's title as the reader of ``lang`` should see it (annotations translated)."""
    if lang == "zh":
        for en, zh in _SOURCE_TERMS_ZH:
            title = title.replace(en, zh)
        title = re.sub(r"（引自 ([^)]*)\)", r"（引自\1）", title)
    return title


def _catalogue(lang: str) -> dict:
    from gvckit.messages import catalogue

    return catalogue(lang)


_DEFINITIONS = ("gvc", "governance", "integration", "type", "point", "upgrading", "dva", "participation",
                "upstreamness", "nrca", "smile", "oem")

#: Every reference the report uses (the seed paper is identified separately: its title and
#: authors are not in the stored text).
CITATIONS = (
    "Antràs, P., Chor, D., Fally, T. and Hillberry, R. (2012), Measuring the upstreamness of production and trade flows, American Economic Review 102(3): 412-416.",
    "Borin, A. and Mancini, M. (2019), Measuring what matters in global value chains and value-added trade, World Bank Policy Research Working Paper 8804.",
    "Borin, A. and Mancini, M. (2023), Measuring what matters in value-added trade, Economic Systems Research 35(4): 586-613.",
    "Gereffi, G. (1999), International trade and industrial upgrading in the apparel commodity chain, Journal of International Economics 48(1): 37-70.",
    "Humphrey, J. and Schmitz, H. (2002), How does insertion in global value chains affect upgrading in industrial clusters? Regional Studies 36(9): 1017-1027.",
    "Hummels, D., Ishii, J. and Yi, K.-M. (2001), The nature and growth of vertical specialization in world trade, Journal of International Economics 54(1): 75-96.",
    "Koopman, R., Wang, Z. and Wei, S.-J. (2014), Tracing value-added and double counting in gross exports, American Economic Review 104(2): 459-494.",
    "Meng, B., Ye, M. and Wei, S.-J. (2020), Measuring smile curves in global value chains, Oxford Bulletin of Economics and Statistics 82(5): 988-1016 (the smile curve as measured here).",
    "Ye, M., Meng, B. and Wei, S.-J. (2015), Measuring smile curves in global value chains, IDE-JETRO Discussion Paper 530.",
    "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), An illustrated user guide to the World Input-Output Database: the case of global automotive production, Review of International Economics 23(3): 575-605.",
    "Wang, Z., Wei, S.-J., Yu, X. and Zhu, K. (2017a), Measures of participation in global value chains and global business cycles, NBER Working Paper 23222.",
    "Wang, Z., Wei, S.-J., Yu, X. and Zhu, K. (2017b), Characterizing global value chains: production length and upstreamness, NBER Working Paper 23261.",
)


def analysis_of(data="wiod2013", region: str = "CHN", years: Sequence[int] | None = None,
                quiet: bool = True, rules=None, evidence=None, cache: bool = True) -> Analysis:
    """:func:`analyse`, kept in gvckit's result cache (:mod:`gvckit.resultcache`) when ``data``
    is a bundled dataset's name or a path (a file stands for its size and modification time)
    and ``cache`` is true; a table or a dict of tables is analysed afresh every time."""
    import os

    if cache and isinstance(data, (str, os.PathLike)):
        from gvckit.resultcache import cached

        years = None if years is None else [int(y) for y in years]
        return cached(analyse, data, region, years, quiet=quiet, rules=rules, evidence=evidence,
                      ignore=("quiet",))
    return analyse(data, region, years, quiet=quiet, rules=rules, evidence=evidence)


def report(data="wiod2013", region: str = "CHN", years: Sequence[int] | None = None, lang: str = "en",
           out: str | Path = "report.html", quiet: bool = True, analysis: Analysis | None = None,
           rules=None, evidence=None, cache: bool = True) -> Path:
    """Write the upgrading report for ``region`` to ``out`` (self-contained HTML).

    ``cache``: reuse (and keep) the analysis of the same data, region, years, rules and evidence
    computed before by the same gvckit code (:func:`analysis_of`), and the figures and font
    subsets; ``cache=False`` computes everything afresh and stores nothing, as
    ``GVCKIT_CACHE=off`` does for every call.

    >>> # gvckit.report_job.report("wiod2013", "CHN", range(1995, 2012), "zh", "report_zh.html")
    """
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{out}: the report is an HTML file; give a name ending in .html")
    from contextlib import nullcontext

    from gvckit.outputs.drawing import drawing_process
    from gvckit.resultcache import suspended

    # a process forked first loads the drawing tools while this one reads and measures
    with drawing_process(drawing_tools, shared_tools) if analysis is None else nullcontext(), \
            nullcontext() if cache else suspended():
        a = analysis or analysis_of(data, region, years, quiet=quiet, rules=rules, evidence=evidence)
        from gvckit.outputs.report import write_report

        return write_report(build_report(a, lang), out, lang=lang)


def shared_tools() -> None:
    """Import what both this process and the early drawing process need (pandas), before that
    process is forked: it then has them as this one does, instead of importing them again
    (0.3-0.5 s of CPU on this project's machine, while this process factorises its tables on
    the other core; measured in the child's CPU time, docs/scale.md)."""
    import pandas  # noqa: F401 - imported for the fork to share


def drawing_tools() -> None:
    """Load what drawing the report's figures needs (matplotlib, the figure module, the bundled font
    registered with matplotlib), loaded by the early drawing process
    (:func:`gvckit.outputs.drawing.drawing_process`) while this one reads and measures."""
    import gvckit.outputs.report  # noqa: F401
    from gvckit.outputs import figures

    figures.font_family()


def demo(out_dir: str | Path = "gvckit-demo", quiet: bool = False, region: str = "CHN",
         years: Sequence[int] | None = None, rules=None, cache: bool = True) -> list[Path]:
    """The main job on the bundled WIOD 2013 data: reports (zh, en), workbook and figures.

    Returns the paths written: ``report_zh.html``, ``report_en.html``, ``results.xlsx`` and the
    figures (SVG and PNG) under ``figures/``.
    """
    from gvckit.outputs.drawing import drawing_process

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with drawing_process(drawing_tools, shared_tools):
        a = analysis_of("wiod2013", region, years, quiet=quiet, rules=rules, cache=cache)
        from gvckit.outputs.report import write_report

        paths: list[Path] = []
        for lang in ("zh", "en"):
            data = build_report(a, lang)
            paths.append(write_report(data, out / f"report_{lang}.html", lang=lang))
    from gvckit.outputs.export import write
    from gvckit.outputs.report import export_figures

    figs = export_figures(data, out / "figures", lang="en")  # the English page's figures
    paths += write(a.tables("en"), out / "results.xlsx", lang="en")
    return paths + figs
