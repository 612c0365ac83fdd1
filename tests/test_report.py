"""The HTML report engine (gvckit.outputs.report) and its message catalogues.

References: the HTML is parsed with the standard library's ``html.parser`` (not with the code's
own templates); section order and content are checked against the brief (summary, Table 1,
typology, cards, value capture, methods) and the paper's facts in /work/shared/docs/framework.md
(11 industries, 9 typical clusters in Table 1, Haining leather 30/300 = one tenth).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from gvckit.errors import InputError
from gvckit.messages import LANGS, catalogue, tr
from gvckit.outputs import report as R
from gvckit.outputs.report import (
    Card,
    Claim,
    Evidence,
    FigureSpec,
    ReportData,
    Section,
    TableSpec,
    build_report_data,
    export_figures,
    render_report,
    write_report,
)

ITEMS = pd.DataFrame(
    {
        "label": ["纺织 textiles", "leather", "machinery", "electronics"],
        "point": ["B", "B", "A", "D"],
        "type": ["II", "II", "I", "III"],
        "governance": ["buyer-driven", "buyer-driven", "buyer-driven", "producer-driven"],
        "integration": ["high", "high", "low", "emerging"],
        "participation": [0.4, 0.5, 0.2, 0.6],
        "position": [-0.1, -0.2, 0.05, -0.3],
    }
)


def all_figures_data() -> ReportData:
    """A report with every figure kind, cards, tables and citations (also used by the browser test)."""
    x = np.linspace(1.0, 4.0, 12)
    smile = pd.concat(
        [
            pd.DataFrame(
                {
                    "position": x,
                    "value_added": (x - 2.5) ** 2 + d,
                    "year": yr,
                    "label": [f"cs{i}" for i in range(12)],
                }
            )
            for yr, d in ((1995, 1.0), (2011, 1.5))
        ]
    )
    years = np.arange(1995, 2012)
    paths = pd.DataFrame(
        [
            (it, y, m, 0.01 * (y - 1990) * k)
            for it, k in (("纺织", 1), ("leather", 2))
            for m in ("DVA share", "participation")
            for y in years
        ],
        columns=["item", "year", "measure", "value"],
    )
    typ = pd.DataFrame(
        {
            "item": ["textiles", "leather", "electronics"],
            "paper_type": ["II", "II", "III"],
            "data_type": ["II", "II", "outside"],
            "agree": [True, True, False],
            "reason": ["", "", "producer-driven with high integration"],
        }
    )
    return ReportData(
        subtitle="Zhejiang, WIOD 2013",
        summary=Section(paragraphs=["Finding <one> & two"], bullets=["b1", "b2"]),
        table1=Section(
            tables=[
                TableSpec(
                    pd.DataFrame({"type": ["I"], "x": [1.23456]}),
                    title="T1",
                    caption="source: the paper",
                )
            ],
            figures=[FigureSpec("typology_matrix", ITEMS), FigureSpec("upgrading_model", ITEMS)],
        ),
        typology=typ,
        industries=[
            Card(
                "Textiles",
                "industry",
                type=Claim("II", [Evidence("Table 1", None, "§3")]),
                point=Claim("B", [Evidence("FVA share of exports", 0.31, "WIOD")]),
                upgrading=[Claim("process", [Evidence("labour productivity up", 0.12)])],
                next_moves=[Claim("B->C product upgrading", [Evidence("§4", None)])],
                note="card note",
            )
        ],
        clusters=[Card("Haining leather", "cluster", type=Claim("outside"))],
        value_capture=Section(paragraphs=["30/300"], figures=[FigureSpec("smile_curve", smile)]),
        extra=[
            (
                "Measures",
                Section(
                    figures=[
                        FigureSpec("participation_position", ITEMS),
                        FigureSpec("time_paths", paths, name="paths"),
                    ]
                ),
            )
        ],
        methods=["KWW decomposition"],
        sources=["WIOD 2013 release"],
        definitions={"DVA": "domestic value added"},
        citations=["Timmer et al. (2015), https://doi.org/10.1111/roie.12178"],
    )


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Parser:
    p = _Parser()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def html_en() -> str:
    return render_report(all_figures_data(), "en")


def test_catalogues_complete():
    en, zh = catalogue("en"), catalogue("zh")
    assert set(en) == set(zh)
    assert all(v.strip() for v in en.values()) and all(v.strip() for v in zh.values())
    for k in en:
        if k.startswith(("sec_", "card_", "fig_", "readme_sheet")):
            assert re.search(r"[\u4e00-\u9fff]", zh[k]), k  # really translated
    assert LANGS == ("en", "zh")


def test_sections_in_order(html_en):
    ids = [a["id"] for t, a in parse(html_en).tags if t == "section"]
    assert ids == [
        "summary",
        "table1",
        "typology",
        "industries",
        "clusters",
        "value-capture",
        "extra-1",
        "methods",
    ]


def test_self_contained_no_external_resources(html_en):
    p = parse(html_en)
    for tag, attrs in p.tags:
        for k in ("src", "href", "data", "srcset", "poster"):
            v = attrs.get(k) or ""
            assert not re.match(r"\s*(https?:)?//", v), (tag, k, v[:60])
        assert tag not in ("link", "iframe", "object", "embed")
        if tag == "script":  # the one small inline script: sorting and hover values
            assert not attrs, attrs
    assert html_en.count("<script") == 1
    script = html_en[html_en.index("<script>") : html_en.index("</script>")]
    assert not re.search(r"https?:|//[a-z]|import\(|fetch\(|XMLHttpRequest", script)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html_en)
    assert "@import" not in html_en
    assert "https://doi.org/10.1111/roie.12178" in "".join(p.text)  # plain-text citation kept


def test_every_figure_is_an_inline_svg_element(html_en):
    """Figures are elements of the page: text stays text, each has a name for screen readers,
    no figure styles the page, and every id is unique with every reference resolving to its own
    figure's definition."""
    data = all_figures_data()
    tags = parse(html_en).tags
    plots = [a for t, a in tags if t == "svg" and a.get("class") == "plot"]
    assert len(plots) == len(data.figures()) == 5
    assert not [a for t, a in tags if t == "img"]
    kinds = {f.kind for f in data.figures()}
    assert kinds == set(R.FIGURE_KINDS)
    svgs = re.findall(r'<svg class="plot".*?</svg>', html_en, flags=re.S)
    assert len(svgs) == 5
    ids = re.findall(r'\bid="([^"]+)"', html_en)
    assert len(ids) == len(set(ids)), "duplicate ids in the page"
    for k, (a, svg) in enumerate(zip(plots, svgs, strict=True), start=1):
        assert a["role"] == "img" and a["aria-labelledby"] == f"f{k}-title"
        assert re.search(rf'<title id="f{k}-title">[^<]+</title>', svg)
        assert "<text" in svg  # text stays text (selectable, searchable)
        assert "<style" not in svg and "<?xml" not in svg and "<metadata" not in svg
        own = set(re.findall(r'\bid="([^"]+)"', svg))
        assert own and all(i.startswith(f"f{k}-") for i in own)
        refs = re.findall(r'(?:url\(#|href="#)([^)"]+)', svg)
        assert refs and set(refs) <= own  # clip paths and markers resolve within the figure
    assert "svg.plot * { stroke-linejoin: round; stroke-linecap: butt; }" in html_en


def test_text_escaped_and_content_present(html_en):
    assert "Finding &lt;one&gt; &amp; two" in html_en
    assert "<one>" not in html_en
    text = " ".join(parse(html_en).text)
    for needle in (
        "Agreement: 2 of 3 items classified as in the paper.",
        "FVA share of exports",
        "0.310",
        "(WIOD)",
        "labour productivity up",
        "B->C product upgrading",
        "outside the paper's typology",
        "domestic value added",
        "KWW decomposition",
        "WIOD 2013 release",
        "1.235",
        "Figure 5.",
        "Table 1. T1",
    ):
        assert needle in text, needle


def test_print_css(html_en):
    css = html_en[html_en.index("<style>") : html_en.index("</style>")]
    media = css[css.index("@media print") :]
    assert "break-before: page" in media
    assert re.search(r"figure[^{]*\{[^}]*break-inside: avoid", media)
    assert "@page" in media


def test_chinese_fixed_text():
    html = render_report(all_figures_data(), "zh")
    assert '<html lang="zh-CN">' in html
    text = " ".join(parse(html).text)
    for key in ("sec_summary", "sec_table1", "sec_typology", "sec_value_capture", "sec_methods"):
        assert tr(key, "zh") in text
    assert "一致性：3 项中有 2 项与论文分类一致。" in text
    assert "Summary of findings" not in text
    css = html[html.index("<style>") : html.index("</style>")]
    assert '"Noto Sans CJK SC"' in css


def test_bad_inputs():
    with pytest.raises(InputError, match="fr"):
        render_report(ReportData(), "fr")
    with pytest.raises(InputError, match="pie"):
        FigureSpec("pie")
    with pytest.raises(InputError, match="agree"):
        render_report(ReportData(typology=pd.DataFrame({"item": ["x"]})), "en")
    with pytest.raises(InputError, match="ReportData"):
        render_report({"summary": []}, "en")


def test_empty_report_still_complete():
    html = render_report(ReportData(), "en")
    assert html.count(tr("no_content", "en")) >= 4
    assert html.rstrip().endswith("</html>")


def test_write_report_atomic(tmp_path, monkeypatch):
    path = tmp_path / "r.html"
    write_report(ReportData(summary=Section(paragraphs=["first"])), path, "en")
    before = path.read_bytes()

    def broken(*a, **k):
        raise RuntimeError("interrupted")

    from gvckit.outputs import figures

    monkeypatch.setattr(figures, "figure_svg", broken)
    with pytest.raises(RuntimeError):
        write_report(all_figures_data(), path, "en")
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]


def test_export_figures(tmp_path):
    files = export_figures(all_figures_data(), tmp_path / "figs", "zh")
    names = sorted(f.name for f in files)
    assert len(files) == 10
    assert "fig05_paths.svg" in names and "fig01_typology_matrix.png" in names
    assert all(f.stat().st_size > 1000 for f in files)


def test_build_report_data_from_framework():
    data = build_report_data("zh")
    # the paper: 11 industries with sales above 50 billion yuan, 9 typical clusters in Table 1
    assert len(data.industries) == 11 and len(data.clusters) == 9
    leather = next(c for c in data.industries if c.key == "leather")
    assert leather.type.value == "II"
    binjiang = next(c for c in data.clusters if "滨江" in c.name)
    assert binjiang.type.value == "III"
    html = render_report(data, "zh")
    for cell in ("玉环阀门", "采购者驱动型", "生产者驱动型", "电子通信设备制造业"):
        assert cell in html
    assert "10%" in html  # Haining leather: 30 / 300 = one tenth
    plots = [a for t, a in parse(html).tags if t == "svg" and a.get("class") == "plot"]
    assert len(plots) == len(data.figures()) == 2
    en = render_report(build_report_data("en"), "en")
    assert "Yuhuan valves" in en and "captures 10% of the final value" in en


def test_build_report_data_with_agreement_table():
    # shaped like gvckit.framework.classify.agreement_table output; numbers made up by hand
    agreement = pd.DataFrame(
        {
            "industry": ["leather", "electronics_communication"],
            "period": ["2005", "2005"],
            "paper_type": ["II", "III"],
            "data_type": ["I", "III"],
            "agrees": [False, True],
            "governance": ["buyer-driven", "producer-driven"],
            "integration": ["low", "emerging"],
            "reason": ["integration low (paper high)", "as in the paper"],
        }
    )
    data = build_report_data("en", agreement=agreement)
    assert list(data.typology["item"]) == [
        "Leather, fur, down and related products",
        "Electronic and communication equipment manufacturing",
    ]
    assert list(data.typology["agree"]) == [False, True]
    html = render_report(data, "en")
    assert "Agreement: 1 of 2 items classified as in the paper." in html
    assert "integration low (paper high)" in html
    leather = next(c for c in data.industries if c.key == "leather")
    assert any("Type from the data (2005): I; Agrees: no" == e.text for e in leather.type.evidence)
    matrix = data.typology_section.figures[0]
    assert matrix.kind == "typology_matrix" and list(matrix.data["integration"]) == [
        "low",
        "emerging",
    ]
    with pytest.raises(InputError, match="agrees"):
        build_report_data("en", agreement=agreement.drop(columns="agrees"))


def test_catalogue_domains_do_not_clash():
    import gvckit.messages as msgs

    assert {"report", "framework", "cli", "figures"} <= set(msgs.domains())
    for lang in LANGS:  # every domain holds the same keys in every language
        for d in msgs.domains():
            assert set(msgs._domain(d, lang)) == set(msgs._domain(d, "en")), (d, lang)


def test_figures_show_their_values_on_hover(html_en):
    # time paths: 2 items x 2 measures x 17 years = 68 points; leather's participation in 2011 is
    # 0.01 * (2011 - 1990) * 2 = 0.420 (worked by hand from all_figures_data)
    figs = dict(re.findall(r'<figure class="fig-([a-z_]+)">(.*?)</figure>', html_en, re.S))
    paths = figs["time_paths"]
    titles = re.findall(r"<title>(.*?)</title>", paths)
    assert len(titles) == 68
    assert any("leather" in t and "2011" in t and "0.420" in t for t in titles)
    w, h = map(float, re.search(r'class="hover" viewBox="0 0 ([0-9.]+) ([0-9.]+)"', paths).groups())
    for cx, cy in re.findall(r'cx="([-0-9.]+)" cy="([-0-9.]+)"', paths):
        assert 0 <= float(cx) <= w and 0 <= float(cy) <= h
    # scatter points are named from the figure's data: the smile's country-sectors
    smile = re.findall(r"<title>(.*?)</title>", figs["smile_curve"])
    assert len(smile) == 24 and any(t.startswith("cs0 ") for t in smile)


def test_tables_scroll_in_their_own_box_and_sort(html_en):
    assert html_en.count('<div class="scroll"><table') == html_en.count("<table")
    assert 'class="data sortable"' in html_en  # the typology table (3 rows)
    css = html_en[html_en.index("<style>") : html_en.index("</style>")]
    assert re.search(r"\.scroll\s*\{[^}]*overflow-x:\s*auto", css)
