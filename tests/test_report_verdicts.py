"""Cards and the summary render framework verdicts (HasVerdicts objects) through framework.render.

The Verdicts here are built by hand with catalogue keys of messages/reasons.*.json; the numbers are
made up and their expected text worked out by hand (0.347 is 34.7%, 0.191 is 19.1%), not taken from
the code's earlier output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pandas as pd
import pytest

from gvckit.framework.reasons import HasVerdicts, Reason, Variant, Verdict
from gvckit.outputs.report import (
    Card,
    Claim,
    Evidence,
    ReportData,
    render_report,
    verdict_table,
    verdicts_html,
)


@dataclass
class Result:
    industry: str
    region: str
    period: str
    rule_set: str
    verdicts: dict = field(default_factory=dict)


def classification() -> Result:
    eo = Reason("ind_export_orientation", 0.347, benchmark=0.191, cutoff=1.0, rule="rule_ratio_at_least",
                says="lab_int_high", unit="share", year="2003-2005")
    fva = Reason("ind_foreign_va_share", 0.1234567, benchmark=0.25, cutoff=1.0, rule="rule_ratio_at_least",
                 says="lab_int_low", unit="share", year="2003-2005")
    cap = Reason("ind_capital_good_share", None, benchmark=0.14, cutoff=1.0, rule="rule_ratio_at_least",
                 says="lab_gov_producer", unit="share")
    tech = Reason("ind_tech_intensity", 1.0, unit="category", rule="rule_category", says="lab_gov_buyer",
                  fields={"category": "lab_gov_buyer"})
    return Result("textiles", "CHN", "2003-2005", "paper", {
        # deliberately out of reading order: the renderer walks CLASSIFICATION_DIMENSIONS
        "dim_type": Verdict("dim_type", "lab_type_II", "high"),
        "dim_integration": Verdict("dim_integration", "lab_int_high", "medium", (eo, fva),
                                   (Variant("var_benchmark_world", "lab_int_low", True),)),
        "dim_governance": Verdict("dim_governance", "lab_gov_buyer", "high", (tech, cap),
                                  (Variant("var_benchmark_world", "lab_gov_buyer", False),)),
    })


def diagnosis() -> Result:
    return Result("textiles", "CHN", "1995-2011", "paper", {
        "dim_point": Verdict("dim_point", "lab_point_B_or_beyond", "low"),
        "dim_upgrading_product": Verdict("dim_upgrading_product", "lab_not_identifiable", "not_identifiable"),
    })


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.summaries: list[str] = []
        self._in_summary = False

    def handle_starttag(self, tag, attrs):
        self._in_summary |= tag == "summary"

    def handle_endtag(self, tag):
        self._in_summary &= tag != "summary"

    def handle_data(self, data):
        self.text.append(data)
        if self._in_summary:
            self.summaries.append(data)


def parsed(html: str) -> _Text:
    p = _Text()
    p.feed(html)
    return p


def test_results_satisfy_the_protocol():
    assert isinstance(classification(), HasVerdicts) and isinstance(diagnosis(), HasVerdicts)


def test_one_line_per_dimension_in_reading_order_with_full_numbers():
    html = verdicts_html(classification(), "en")
    p = parsed(html)
    text = " ".join(p.text)
    lines = [m.start() for m in re.finditer(r"Chain governance:|Degree of GVC integration:|Type \(Table 1\):", text)]
    assert len(lines) == 3 and lines == sorted(lines)
    assert text.index("Chain governance:") < text.index("Degree of GVC integration:") < text.index("Type (Table 1):")
    assert "Degree of GVC integration: high integration (medium confidence)" in text
    assert "flipped by: benchmark: the world" in text  # the flipping variant beside the line
    assert "no variant flips it" in text  # governance was tested and held
    for number in ("34.7%", "19.1%", "12.3%", "25.0%"):  # in full, never cut
        assert number in text, number
    assert "value / benchmark ≥ 1.00" in text
    assert "not available" in text and not re.search(r"\bNone\b|\bnan\b", text)
    # evidence folds under its verdict line; the type verdict has no reasons, so no fold
    assert html.count("<details") == 2 and html.count('<p class="verdict">') == 1
    assert "the paper" in text.lower() and "rule set" in text


def test_chinese_lines_use_the_papers_terms():
    text = " ".join(parsed(verdicts_html(classification(), "zh")).text)
    assert "融入全球价值链的程度：融入程度较高（把握一般）" in text
    assert "采购者驱动型" in text and "34.7%" in text
    assert not re.search(r"\b[a-z]{4,}\b", text)  # no English words


def test_verdict_table_one_row_per_item():
    frame = verdict_table([("Textiles", [classification(), diagnosis()])], "en",
                          ["dim_type", "dim_point", "dim_upgrading_product"])
    assert list(frame.columns) == ["Item", "Type (Table 1)", "Point on the upgrading path (Figure 1)",
                                   "Product upgrading"]
    row = frame.iloc[0].tolist()
    assert row[1] == "Type II"  # high confidence: no note
    assert row[2].startswith("B or beyond") and row[2].endswith("(low confidence)")
    assert row[3] == "not identifiable from the data supplied"  # no "(not identifiable)" echo
    flipped = verdict_table([("T", [classification()])], "en", ["dim_integration"]).iloc[0, 1]
    assert flipped.endswith("†")


def test_card_renders_verdicts_facts_and_link():
    facts = pd.DataFrame({"Year": ["2004"], "Fact": ["output"], "Value": ["130 100 million yuan"]})
    from gvckit.outputs.report import TableSpec

    ind = Card(name="Textiles", key="textiles", type=Claim("II", [Evidence("Table 1", source="§3")]),
               results=[classification(), diagnosis()], details=["a long caveat"])
    clu = Card(name="Shaoxing textiles", kind="cluster", key="shaoxing", type=Claim("II"),
               facts=TableSpec(facts, numbered=False), link=("card-textiles", "see Textiles"))
    html = render_report(ReportData(industries=[ind], clusters=[clu]), "en")
    assert 'id="card-textiles"' in html and 'href="#card-textiles"' in html
    assert "130 100 million yuan" in html
    clu_html = html[html.index('id="card-shaoxing"'):]
    assert "Degree of GVC integration" not in clu_html  # the cluster shows only its own facts
    assert "<summary>" in html and "a long caveat" in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_real_classification_renders_without_an_adapter(lang):
    """The framework's own Classification is a HasVerdicts and renders as-is (no adapter layer)."""
    from gvckit.framework import classify

    r = classify("wiod2013", "CHN", "leather", years=[2011])[0]
    assert isinstance(r, HasVerdicts)
    html = verdicts_html(r, lang)
    # every dimension the classification decided is shown, each with its evidence or its flips
    assert html.count('<details class="verdict">') + html.count('<p class="verdict">') >= len(r.verdicts)
    assert "Type II" in html or "II 类" in html


def test_chinese_page_carries_its_own_font_for_every_character():
    """A Chinese report is readable on a machine with no CJK font: the page embeds the bundled
    font, subset to the page's characters, and that subset has a glyph for each of them."""
    import base64
    import io
    import re as _re

    from fontTools.ttLib import TTFont

    ind = Card(name="纺织业", key="textiles", type=Claim("II", [Evidence("表1", source="§3")]),
               results=[classification(), diagnosis()])
    html = render_report(ReportData(industries=[ind]), "zh")
    m = _re.search(r"@font-face\{font-family:'gvckit Sans SC'.*?base64,([A-Za-z0-9+/=]+)\)", html)
    assert m, "no embedded font in the Chinese page"
    cmap = TTFont(io.BytesIO(base64.b64decode(m.group(1)))).getBestCmap()
    body = html[html.index("<body>"):]
    cjk = {c for c in body if "\u3400" <= c <= "\u9fff"}
    assert len(cjk) > 20
    missing = sorted(c for c in cjk if ord(c) not in cmap)
    assert not missing, missing[:20]
    assert '"gvckit Sans SC"' in html  # named in the body's font list


class _Tables(HTMLParser):
    """Every <table>'s rows as lists of cell text (header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_folded_evidence_tables_are_the_evidence_frames(lang):
    """Each verdict's folded table holds exactly its evidence_frame (the public frame, built by
    pandas), less the columns that are empty in every row, with ``named`` applied to the
    indicator cells; read back with the standard library's HTML parser."""
    from gvckit.framework.render import evidence_frame

    res = classification()
    p = _Tables()
    p.feed(verdicts_html(res, lang, named=lambda s: s.upper()))
    want = []
    for key in ("dim_governance", "dim_integration"):  # reading order; dim_type has no reasons
        f = evidence_frame(res.verdicts[key], lang)
        f[f.columns[0]] = f[f.columns[0]].map(str.upper)
        f = f.loc[:, (f.astype(str) != "").any(axis=0)]
        want.append([list(f.columns), *f.astype(str).to_numpy().tolist()])
    assert any(len(t[0]) < 6 for t in want)  # an empty column was dropped
    assert p.tables == want
