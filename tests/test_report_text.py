"""The text of the real report, both languages, scanned as a reader meets it (issue 11, item 4).

The reports are built from the bundled WIOD 2013 tables for five years (1995, 2003-2005, 2011: the
paper's period and the ends of the data) so the test stays fast. The scan is the team's before-stop
hook scan made stricter: no internal keys, ``None``/``nan``, placeholder dashes, bare codes or the
other language's words; every reference used is listed; the definitions have definitions.
:func:`reader_text` and :func:`problems` are reused by the browser test.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import pytest

YEARS = [1995, 2003, 2004, 2005, 2011]
#: Proper names the Chinese report may print in Latin letters (authors of the references it cites).
NAMES = {"Antràs", "Borin", "Chor", "Fally", "Gereffi", "Hillberry", "Hummels", "Humphrey", "Ishii",
         "Kee", "Koopman", "Mancini", "Meng", "Schmitz", "Tang", "Timmer", "Wang", "Wei", "Zhu", "Ye",
         "Yu", "Yi"}
#: WIOD 2013 sector codes that are not ordinary words: each must come with its name.
CODES = r"AtB|15t16|17t18|21t22|27t28|30t33|34t35|36t37|71t74"


class _Reader(HTMLParser):
    """Visible text: what is not in script, style or code. The figures are inline SVG, so their
    text (titles, axes, labels, legends) and the values shown on hover are read too."""

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style", "code")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style", "code") and self.skip > 0

    def handle_data(self, data):
        self.out.append("" if self.skip else data)


def reader_text(html: str) -> str:
    p = _Reader()
    p.feed(html)
    text = " ".join(" ".join(p.out).split())
    return re.sub(r"https?://\S+|doi\S+", "", text)


def problems(html: str, lang: str) -> list[str]:
    """Everything a reader should not meet in the report of ``lang``; empty when clean."""
    v = reader_text(html)
    out = []
    snake = sorted(set(re.findall(r"\b[a-z]{2,}_[a-z_]{2,}\b", v)))
    if snake:
        out.append(f"internal names: {snake[:8]}")
    for pat, what in ((r"\bNone\b", "None"), (r"\bnan\b|\bNaN\b", "nan"), (r"-:|-, -|–:|\(\s*\)", "placeholder"),
                      (r"\bCHN\b", "country code"), (r"\d\.\)|\(score \d\.\d\)|最接近的是\)", "cut number"),
                      (rf"(?<![(（A-Za-z0-9_])(?:{CODES})(?![A-Za-z0-9_])", "bare sector code"),
                      (r"部门“?\d\d(?:t\d\d)?(?![\d.])", "bare sector code")):
        hits = [v[max(0, m.start() - 40): m.end() + 20] for m in re.finditer(pat, v)]
        if hits:
            out.append(f"{what}: {hits[:3]}")
    refs_at = v.rfind("参考文献" if lang == "zh" else "Citations")
    body = v[:refs_at] if refs_at > 0 else v
    if lang == "zh":
        if "§" in body:  # the paper's sections are 第N部分 to a Chinese reader
            out.append(f"section sign: {[body[max(0, i - 20): i + 10] for i in [body.index('§')]]}")
        lower = sorted(set(re.findall(r"\b[a-z]{4,}\b", body)))
        if lower:
            out.append(f"English words: {lower[:12]}")
        caps = sorted(set(re.findall(r"\b[A-Z][a-zà]{2,}\b", body)) - NAMES)
        if caps:
            out.append(f"English words (capitalised): {caps[:12]}")
    else:
        bare = re.sub(r"\([^()]*(\([^()]*\))?[^()]*\)|《[^》]*》|“[^”]*”", "", body)
        cjk = re.findall(r".{0,30}[\u4e00-\u9fff]+", bare)
        if cjk:
            out.append(f"untranslated Chinese: {cjk[:3]}")
    return out


@functools.cache
def real_reports() -> dict[str, str]:
    """Both reports on the bundled data, built once per test session (the browser test uses them)."""
    from gvckit.outputs.report import render_report
    from gvckit.report_job import analyse, build_report

    a = analyse("wiod2013", "CHN", YEARS)
    return {lang: render_report(build_report(a, lang), lang) for lang in ("en", "zh")}


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    return real_reports()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_nothing_internal_or_in_the_other_language(reports, lang):
    assert problems(reports[lang], lang) == []


def test_the_scan_can_fail():
    bad = "<p>final_value None 30t33 CHN (score 1.2) period outside 电子</p>"
    assert "bare sector code" in " ".join(problems("<p>相关部门25的比较优势，部门17t18的</p>", "zh"))
    assert "section sign" in " ".join(problems("<p>论文 (§4, 图1)</p>", "zh"))
    found = " ".join(problems(bad, "zh") + problems(bad, "en"))
    for what in ("internal names", "None", "bare sector code", "country code", "cut number", "English words",
                 "untranslated Chinese"):
        assert what in found, what
    assert problems("<p>纺织业（17t18）：中国</p>", "zh") == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sources_definitions_and_the_paper(reports, lang):
    v = reader_text(reports[lang])
    for ref in ("Hummels, D., Ishii, J. and Yi, K.-M. (2001)", "Borin, A. and Mancini, M. (2019)",
                "Meng, B., Ye, M. and Wei, S.-J. (2020)", "Timmer, M. P.", "Gereffi, G. (1999)",
                "Humphrey, J. and Schmitz, H. (2002)", "Koopman, R.", "Antràs, P."):
        assert ref in v, ref
    # the paper: what is known, and that title and authors are not in the stored text
    assert ("title, author(s), journal and year are not in the stored text" in v) if lang == "en" else (
        "现存文本中没有标题、作者、刊名和发表年份" in v)
    html = reports[lang]
    defs = html[html.index('<dl class="definitions">'):]
    assert defs.count("<dd>") >= 10 and "<dd></dd>" not in defs[: defs.index("</dl>")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_first_and_units_per_column(reports, lang):
    html = reports[lang]
    summary = html[html.index('id="summary"'): html.index('id="table1"')]
    unit = "USD million" if lang == "en" else "百万美元"
    assert unit in summary and "%" in summary
    assert ("WIOD 2013" in summary) and ("1995" in summary and "2011" in summary)
    vc = html[html.index('id="value-capture"'):]
    head = vc[vc.index("<thead>"): vc.index("</thead>")]
    assert head.count(unit) == 2 and head.count("%") >= 2
    body = vc[vc.index("<tbody>"): vc.index("</tbody>")]
    assert unit not in body  # said once, in the column's head
    assert ("China" if lang == "en" else "中国") in summary


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_integration_is_defined_as_the_rule_set_measures_it(reports, lang):
    """The definition says what the verdicts measure (export orientation against the region's
    manufacturing, under the paper rule set), not participation against the world."""
    v = reader_text(reports[lang])
    defs = v[v.rindex("Definitions" if lang == "en" else "定义"):]
    want = (["by export orientation (exports / gross output) against the region's manufacturing"]
            if lang == "en" else ["以出口倾向（出口 / 总产出）与本地区制造业相比来衡量"])
    assert all(w in defs for w in want), defs[:600]
    assert "world's" not in defs and "世界水平" not in defs


def test_cluster_cards_point_to_their_industry(reports):
    html = reports["en"]
    clusters = html[html.index('id="clusters"'): html.index('id="value-capture"')]
    assert clusters.count('href="#card-') == 9
    for target in re.findall(r'href="#(card-[a-z_]+)"', clusters):
        assert f'id="{target}"' in html
    assert "Degree of GVC integration" not in clusters


def test_the_report_says_what_its_table_is():
    """A report on a table that is not WIOD 2013 names that table, its size and its unit (it
    said "WIOD 2013 ... 40 economies ... USD million" whatever the data), and the rule set and
    periods it used."""
    import gvckit
    from gvckit.outputs.report import render_report
    from gvckit.report_job import analyse, build_report

    t = gvckit.load_dataset("wiod2013", year=2011)
    own = t.aggregate(countries={c: c if c in ("CHN", "USA", "JPN", "DEU", "KOR") else "ROW" for c in t.countries})
    own.source, own.unit = "Constructed MRIO (test)", "10,000 CNY"
    a = analyse({2011: own}, "CHN", rules="gereffi")
    for lang, facts in (("en", ["Data: Constructed MRIO (test), China, 2011 (1 year); 5 economies and the rest of "
                                "the world, 35 sectors; values in 10,000 CNY.",
                                "Rules: Gereffi's reading", "Type from the years 2011.",
                                "Final value exported (10,000 CNY)", "Constructed MRIO (test), 2011: 10,000 CNY.",
                                "Gross exports of China, 2011"]),
                        ("zh", ["数据：Constructed MRIO (test)，中国，2011 年（共 1 年）；5 个经济体及世界其他地区，"
                                "35 个部门；单位：万元。", "规则：Gereffi 口径", "类型依据 2011 年数据。",
                                "出口最终价值（万元）", "中国 2011 年总出口"])):
        html = render_report(build_report(a, lang), lang)
        v = reader_text(html)
        for f in facts:
            assert f in v, f
        # all but the cluster cards, whose sourced facts are in the sources' own units
        body = reader_text(html[: html.index('id="clusters"')] + html[html.index('id="value-capture"'):])
        assert "Constructed MRIO (test)" in body[:2000]
        for wrong in ("WIOD", "USD million", "40 economies", "百万美元", "paper's own period", "即论文所述时期"):
            assert wrong not in body, wrong
