"""Chinese twins of the framework's explanations (classify and diagnose).

References: the English text built from the same numbers. Every Chinese text must carry exactly
the numbers of its English twin (multisets of the numbers extracted by one regex from both), be
written in Chinese (CJK characters, full-width punctuation, no English word of four letters or more
other than the whitelisted indicator codes), and use the paper's terms where the paper has them
(采购者驱动型, 融入程度较高/不高, 不在论文的分类之内, 工艺升级 ...). Cases: the constructed world of
``tests/constructed_world.py`` (every branch of the explanation and of the diagnosis, by
construction), random constructed worlds (hypothesis) and the bundled WIOD 2013 tables (China, all
11 industries).
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from constructed_world import world  # noqa: E402
from gvckit.framework.classify import ModelSeries, agreement_table, classify
from gvckit.framework.diagnose import diagnose
from gvckit.framework.rules import Rules

# numbers: a sign only when the minus is not a range dash (2003-2005) or part of a code (C13-C15)
_NUMBER = re.compile(
    r"(?<![0-9.A-Za-z])-?\d+(?:\.\d+)?"  # a signed number (not after a digit, dot or letter)
    r"|\d+(?:\.\d+)?"  # an unsigned one (2005 in 2003-2005, 18 in 17t18)
    r"|(?<![A-Za-z])(?:nan|inf)(?![A-Za-z])"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{4,}")
#: Indicator / method codes allowed in the Chinese text (sector codes such as 17t18, D13T15,
#: C13-C15 or 71t74 have no run of four letters, so they need no entry).
WHITELIST = {"WWYZ", "NRCA", "OECD", "ACFH"}
_ASCII_PUNCT = re.compile(r"[,;:()]")


def numbers(text: str) -> Counter:
    return Counter(_NUMBER.findall(text))


def check_pair(en: str, zh: str, where: str = "") -> None:
    """The Chinese twin ``zh`` of ``en``: same numbers, Chinese, full-width punctuation."""
    assert isinstance(zh, str) and zh.strip(), f"empty Chinese text {where}: {en!r}"
    assert _CJK.search(zh), f"no CJK character {where}: {zh!r}"
    assert numbers(zh) == numbers(en), (
        f"numbers differ {where}:\n  en {sorted(numbers(en).elements())}: {en}\n"
        f"  zh {sorted(numbers(zh).elements())}: {zh}"
    )
    left = set(_WORD.findall(zh)) - WHITELIST
    assert not left, f"English words left {where}: {left} in {zh!r}"
    assert not _ASCII_PUNCT.search(zh), f"ASCII punctuation {where}: {zh!r}"


def test_number_extraction_itself():
    # the reference regex: signs, decimals, ranges, codes, nan/inf
    assert numbers("2003-2005: -0.254 < 0.25; 17t18, C13-C15 score nan inf, 1'A") == Counter(
        ["2003", "2005", "-0.254", "0.25", "17", "18", "13", "15", "nan", "inf", "1"])
    assert numbers("financial information") == Counter()
    with pytest.raises(AssertionError, match="numbers differ"):
        check_pair("score 0.364 < 1", "得分 0.36 < 1")
    with pytest.raises(AssertionError, match="English words"):
        check_pair("score 0.364", "得分 score 0.364")
    with pytest.raises(AssertionError, match="ASCII punctuation"):
        check_pair("a (0.5)", "甲(0.5)")


def check_classification(c) -> None:
    where = f"[{c.industry} {c.years}]"
    check_pair(c.explanation, c.explanation_zh, where)
    for en, zh in zip(c.notes, c.notes_zh, strict=True):
        check_pair(en, zh, where)
    check_pair(c.benchmark, c.benchmark_zh, where)
    for r in c.indicators.itertuples():
        check_pair(r.description, r.description_zh, f"{where} {r.indicator}")


def check_diagnosis(d) -> None:
    where = f"[{d.industry} {d.years}]"
    check_pair(d.confidence_rule, d.confidence_rule_zh, where)
    for en, zh in zip(d.notes, d.notes_zh, strict=True):
        check_pair(en, zh, where)
    for r in d.evidence.itertuples():
        check_pair(r.description, r.description_zh, f"{where} {r.indicator}")
        check_pair(r.rule, r.rule_zh, f"{where} {r.indicator} rule")
    for r in d.observed_upgrading.itertuples():
        check_pair(r.note, r.note_zh, f"{where} {r.upgrading}")
        if r.indicator:
            check_pair(r.indicator, r.indicator_zh, f"{where} {r.upgrading} indicator")
        else:
            assert r.indicator_zh == ""


def check_agreement(df: pd.DataFrame) -> None:
    assert "reason_zh" in df.columns and df.columns[-1] == "reason_zh"
    for r in df.itertuples():
        check_pair(r.reason, r.reason_zh, f"[{r.industry} {r.period}]")


# --------------------------------------------------------------------------- classify
def test_type_II_agreement_in_paper_terms():
    c = classify(world(imp=0.3), "CHN", "textiles")
    check_classification(c)
    assert c.explanation_zh.startswith("CHN纺织业（17t18），2000：II类（采购者驱动型，融入程度较高）")
    assert "与论文一致" in c.explanation_zh
    assert "出口导向 0.500，基准 0.250（得分 2.000 ≥ 1）" in c.explanation_zh
    assert "与服装及其他纤维制品制造业共用" in c.notes_zh[0]


def test_disagreement_names_the_cut_off_in_chinese():
    c = classify(world(imp=0.0, tex_exp=5), "CHN", "textiles")
    check_classification(c)
    assert "融入程度不高（论文：融入程度较高）" in c.explanation_zh
    assert "出口导向 0.091" in c.explanation_zh and "仅一年数据" in c.explanation_zh


def test_outside_typology_in_chinese():
    c = classify(world(mach_imp=0.3, mach_exp=100), "CHN", "general_machinery")
    assert c.type_code == "outside"
    check_classification(c)
    assert "不在论文的分类之内（生产者驱动型，融入程度较高）" in c.explanation_zh
    assert "技术密集度为中高 → 生产者驱动型" in c.explanation_zh
    assert "表1中唯一的生产者驱动型（III类）" in c.explanation_zh


def test_emerging_and_percentile_benchmark():
    data = {2000: world(year=2000), 2010: world(year=2010, mach_dom=300, mach_imp=0.02)}
    c = classify(data, "CHN", "general_machinery", years=[2010])
    check_classification(c)
    assert "融入程度有待加深" in c.explanation_zh and "产出份额相对增长" in c.explanation_zh
    # buyer-driven + emerging: the other cell outside the paper's typology
    data3 = {2000: world(year=2000), 2010: world(year=2010, chem_exp=300)}
    c3 = classify(data3, "CHN", "chemicals", years=[2010])
    assert c3.type_code == "outside"
    check_classification(c3)
    assert "不在论文的分类之内（采购者驱动型，融入程度有待加深）" in c3.explanation_zh
    c2 = classify(world(imp=0.3), "CHN", "textiles", rules=Rules(benchmark="percentile"))
    check_classification(c2)
    assert "百分位" in c2.benchmark_zh


# --------------------------------------------------------------------------- diagnose
def _two(start: dict, end: dict) -> dict:
    return {2000: world(year=2000, **start), 2010: world(year=2010, **end)}


@pytest.mark.parametrize("data, point, term", [
    (world(imp=0.0, tex_exp=5), "A", "未融入全球价值链"),
    (world(imp=0.3, tex_exp=5), "B", "仅一年数据"),
    (_two(dict(imp=0.0, tex_exp=5), dict(imp=0.3)), "B", "未观察到产品升级或功能升级"),
    (_two(dict(imp=0.3), dict(imp=0.15)), "C", "出口国内增加值率上升"),
    (_two(dict(imp=0.15), dict(imp=0.15, serv=0.3)), "D", "服务增加值上升"),
    (_two(dict(imp=0.15), dict(imp=0.15, serv=0.3, chem_exp=300)), "E", "跨链条升级"),
    (_two(dict(imp=0.15), dict(imp=0.15, chem_exp=300)), "B", "不定位于E点"),
])
def test_diagnosis_texts_by_construction(data, point, term):
    d = diagnose(data, "CHN", "textiles")
    assert d.point.value == point
    check_diagnosis(d)
    assert term in d.confidence_rule_zh


def test_joining_is_process_upgrading_in_chinese():
    d = diagnose(_two(dict(imp=0.0, tex_exp=5), dict(imp=0.3)), "CHN", "textiles")
    o = d.observed_upgrading.set_index("upgrading")
    assert o.loc["process", "note_zh"].startswith("考察期内融入了全球价值链")
    assert o.loc["process", "upgrading_zh"] == "工艺升级"
    ev = d.evidence.set_index("indicator")
    assert ev.loc["nrca:24", "description_zh"] == "部门24的增加值显示性比较优势（NRCA）"
    assert "中高技术" in ev.loc["nrca:24", "rule_zh"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    imp0=st.sampled_from([0.0, 0.05, 0.3]), imp1=st.sampled_from([0.0, 0.1, 0.3]),
    tex_exp=st.sampled_from([5.0, 50.0]), serv=st.sampled_from([0.1, 0.3]),
    chem_exp=st.sampled_from([0.0, 300.0]), mach_dom=st.sampled_from([100.0, 300.0]),
)
def test_random_worlds_keep_the_numbers(imp0, imp1, tex_exp, serv, chem_exp, mach_dom):
    data = _two(dict(imp=imp0, tex_exp=tex_exp),
                dict(imp=imp1, serv=serv, chem_exp=chem_exp, mach_dom=mach_dom, mach_imp=imp1))
    for key in ("textiles", "general_machinery"):
        check_classification(classify(data, "CHN", key, years=[2000, 2010]))
        check_diagnosis(diagnose(data, "CHN", key))


# --------------------------------------------------------------------------- WIOD 2013
@pytest.fixture(scope="module")
def wiod():
    try:
        return ModelSeries("wiod2013")
    except Exception as exc:  # pragma: no cover - the bundled data is part of the package
        pytest.skip(f"WIOD 2013 data not available: {exc}")


def test_wiod_agreement_table_reason_zh(wiod):
    df = agreement_table(wiod, "CHN", {"2005": [2005]})
    assert len(df) == 11
    check_agreement(df)
    # every disagreement's Chinese reason names a cut-off, as the English one does
    for r in df[~df.agrees].itertuples():
        assert "≥" in r.reason_zh or "<" in r.reason_zh
    cs = classify(wiod, "CHN", None, [2005])
    for c in cs:
        check_classification(c)
    # the reason is the explanation after its head, plus the notes, as in English
    rows = df.set_index("industry")
    for c in cs:
        notes = "｜" + "；".join(c.notes_zh) if c.notes_zh else ""
        assert rows.loc[c.industry, "reason_zh"] == c.explanation_zh.split("。", 1)[1] + notes
    assert "与化学原料及化学制品制造业共用" in rows.loc["chemical_fibres", "reason_zh"]


def test_wiod_diagnoses_zh(wiod):
    for d in diagnose(wiod, "CHN", None, years=[1995, 2011]):
        check_diagnosis(d)
