"""Upgrading paths (§4), the conclusion (§5) and advice, checked against the seed text."""

from __future__ import annotations

from pathlib import Path

import pytest

import gvckit
import gvckit.errors
from gvckit.framework import (
    CONCLUSION,
    TYPE_I,
    TYPE_II,
    TYPE_III,
    Figure1Point,
    UpgradingType,
    advice,
    industries,
    next_moves,
    path,
    type_for,
)
from gvckit.framework.paths import (
    FRAGMENT_SOURCE,
    GENERAL_MODEL,
    GENERIC_SOURCE,
    PAPER_SOURCE,
)

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "000_4747af468dc7d231.txt"
CONCLUSION_END = "是一个有效可行的升级模式。"


def ws(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"shared seed file not found at {SEED} (../shared absent)")
    return ws(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def paper_and_fragment(seed: str) -> tuple[str, str]:
    cut = seed.index(CONCLUSION_END) + len(CONCLUSION_END)
    return seed[:cut], seed[cut:]


def all_moves():
    for t in ("I", "II", "III"):
        yield from path(t)
    yield from GENERAL_MODEL


def test_every_paper_quote_is_in_the_paper_body(paper_and_fragment: tuple[str, str]) -> None:
    paper, _ = paper_and_fragment
    n = 0
    for m in all_moves():
        assert m.quotes_zh, m
        for q in m.quotes_zh:
            assert q in paper, (m.label, q)
            n += 1
        for ex in m.examples:
            assert ex.quote_zh in paper, ex.name_en
            assert ex.name_zh.removeprefix("我国") in paper or ex.name_zh[:4] in paper
    for q in CONCLUSION.quotes_zh:
        assert q in paper
    assert n >= 20


def test_fragment_advice_quotes_come_from_the_appended_fragment(
    paper_and_fragment: tuple[str, str],
) -> None:
    paper, fragment = paper_and_fragment
    assert "差别化率" in fragment and "差别化率" not in paper
    items = advice("chemical_fibres").items
    assert len(items) == 4
    for it in items:
        assert it.source == FRAGMENT_SOURCE == "appended fragment, not the paper"
        assert it.quote_zh in fragment and it.quote_zh not in paper
    topics = "".join(it.text_zh for it in items)
    for word in ("差别化率", "研发中心", "多功能纤维", "信息化"):
        assert word in topics


def test_only_chemical_fibres_get_fragment_advice() -> None:
    for key in industries().key:
        a = advice(key)
        assert a.typology.in_paper
        if key == "chemical_fibres":
            assert a.items
        else:
            assert a.items == (), key
        assert all(m.source == PAPER_SOURCE for m in a.moves)


def test_type_I_path(seed: str) -> None:
    p = path(TYPE_I)
    assert [m.label for m in p] == ["at A", "A->B"]
    assert p[0].upgrading is None and not p[0].is_figure1_move
    assert p[1].upgrading is UpgradingType.PROCESS and p[1].is_figure1_move
    joined = "".join(p[0].quotes_zh)
    for word in ("成本、质量和交货期限", "服务性企业", "黎继子"):
        assert word in joined and word in seed
    assert "A到B" in "".join(p[1].quotes_zh)


def test_type_II_path() -> None:
    p = path("II")
    assert [(m.step, m.label) for m in p] == [(1, "A->B"), (2, "B->C"), (2, "B->D"), (3, "D->E")]
    assert [m.upgrading for m in p] == list(UpgradingType)
    assert [m.business_model.value for m in p[:3]] == ["OEM", "ODM", "OBM"]
    names = {ex.name_en for m in p for ex in m.examples}
    assert {
        "Haining leather cluster",
        "Taiwan's computer industry",
        "Taiwan's television cluster",
    } <= names
    assert "三来一补" in p[0].quotes_zh[0]


def test_type_III_path_is_not_placed_on_figure1(seed: str) -> None:
    p = path(TYPE_III)
    assert len(p) == 2
    assert all(m.from_point is None and m.to_point is None and m.label == "-" for m in p)
    assert all("reading" in m.note for m in p)
    ex = p[0].examples[0]
    for firm in ("东方通信", "UT斯达康", "宁波波导", "摩托罗拉", "诺基亚", "三菱", "阿尔卡特"):
        assert firm in ex.quote_zh and firm in seed
    with pytest.raises(gvckit.GvckitError, match="Figure 1"):
        next_moves(TYPE_III, "A")


def test_next_moves() -> None:
    assert [m.label for m in next_moves("I", "A")] == ["at A", "A->B"]
    fallback = next_moves("I", "B")
    assert [m.label for m in fallback] == ["B->C", "B->D"]
    assert all("general model" in m.source for m in fallback)
    assert [m.label for m in next_moves(TYPE_II, Figure1Point.B)] == ["B->C", "B->D"]
    assert [m.label for m in next_moves("II", "d")] == ["D->E"]
    assert next_moves("II", "C") == [] and next_moves("II", "E") == []
    with pytest.raises(gvckit.errors.UnknownNameError):
        next_moves("II", "F")


def test_conclusion_sequence_follows_the_seed(paper_and_fragment: tuple[str, str]) -> None:
    paper, _ = paper_and_fragment
    sentence = CONCLUSION.quotes_zh[0]
    assert CONCLUSION.precondition_zh in sentence
    pos = [sentence.index(u.name_zh.removesuffix("升级")) for u in CONCLUSION.sequence]
    assert pos == sorted(pos)
    assert list(CONCLUSION.sequence) == sorted(UpgradingType)
    assert CONCLUSION.section == "§5"
    assert paper.rindex(sentence) > paper.index("五、结论与启示")


def test_outside_typology_gets_generic_advice_never_a_type() -> None:
    a = advice("electronics_communication", integration="high")
    assert a.typology == type_for("producer", "high") and not a.typology.in_paper
    assert [m.upgrading for m in a.moves] == list(UpgradingType)
    assert all(m.source == GENERIC_SOURCE for m in a.moves)
    assert GENERIC_SOURCE == "generic Humphrey & Schmitz (2002), not the paper"
    assert a.items and all(i.source == GENERIC_SOURCE for i in a.items)
    assert "no type" in a.items[0].text_en
    df = a.to_frame()
    assert set(df.source) == {GENERIC_SOURCE} and df.attrs["type"] == "outside"


def test_advice_for_clusters_and_overrides() -> None:
    a = advice("海宁皮革")
    assert a.subject == "haining_leather" and a.typology is TYPE_II
    assert advice("yuhuan_valves").typology is TYPE_I
    assert advice("textiles", integration="low").typology is TYPE_I
    assert advice(TYPE_III).moves == path("III")
    f = advice("chemical_fibres").to_frame()
    assert set(f.kind) == {"move", "item"}
    assert set(f[f.kind == "item"].source) == {FRAGMENT_SOURCE}
