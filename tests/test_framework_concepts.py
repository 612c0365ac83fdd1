"""Concepts of the paper (§2, §4): names, order and meanings checked against the seed text."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import gvckit
import gvckit.errors
from gvckit.framework import (
    FIGURE1_MOVES,
    GLOSSARY,
    BusinessModel,
    Figure1Point,
    GereffiLevel,
    Governance,
    GVCStage,
    Integration,
    UpgradingType,
)
from gvckit.framework.concepts import SECTIONS, parse_governance, parse_integration, parse_point

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "000_4747af468dc7d231.txt"

ENUMS = (
    Governance,
    Integration,
    UpgradingType,
    GereffiLevel,
    GVCStage,
    Figure1Point,
    BusinessModel,
)


def ws(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"shared seed file not found at {SEED} (../shared absent)")
    return ws(SEED.read_text(encoding="utf-8"))


def test_every_concept_is_bilingual_and_cited() -> None:
    for enum in ENUMS:
        for m in enum:
            assert m.name_zh and m.name_en and m.source, m
            assert re.match(r"§[1-5]", m.section), m
            assert m.section.split(",")[0].split(";")[0].strip() in SECTIONS
    for c in GLOSSARY:
        assert c.name_zh and c.name_en and c.source and c.section in SECTIONS


def test_concepts_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        UpgradingType.PROCESS.concept.name_zh = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        FIGURE1_MOVES[0].upgrading = UpgradingType.PRODUCT  # type: ignore[misc]


def test_sources_name_the_right_literature() -> None:
    assert all("Gereffi" in g.source for g in Governance)
    assert all("Humphrey & Schmitz" in u.source for u in UpgradingType)
    assert all("Gereffi" in g.source for g in GereffiLevel)
    assert all("UNIDO" in s.source for s in GVCStage)


def test_names_appear_in_the_seed(seed: str) -> None:
    for enum in (Governance, UpgradingType, GereffiLevel, GVCStage, BusinessModel):
        for m in enum:
            assert m.name_zh in seed, m
    assert "购买者驱动型" in seed and "购买者驱动型" in Governance.BUYER_DRIVEN.concept.aliases_zh
    for c in GLOSSARY:
        assert c.name_zh in seed, c


def test_upgrading_types_are_ordered_as_humphrey_schmitz_in_the_seed(seed: str) -> None:
    start = seed.index("由低级到高级的四种升级类型")
    part = seed[start : seed.index("三、", start)]
    positions = [
        part.index(u.name_zh + ",指") if u.name_zh + ",指" in part else part.index(u.name_zh)
        for u in UpgradingType
    ]
    assert positions == sorted(positions)
    assert sorted(UpgradingType, reverse=True)[0] is UpgradingType.INTER_CHAIN
    assert UpgradingType.PROCESS < UpgradingType.PRODUCT < UpgradingType.FUNCTIONAL
    assert UpgradingType.INTER_CHAIN >= UpgradingType.FUNCTIONAL
    for u in UpgradingType:
        assert u.description_zh in part, u


def test_gereffi_levels_in_seed_order(seed: str) -> None:
    ordinals = ["一是", "二是", "三是", "四是"]
    for ordinal, lvl in zip(ordinals, GereffiLevel, strict=True):
        i = seed.index(ordinal + lvl.name_zh)
        assert lvl.description_zh in seed[i : i + 80], lvl


def test_gvc_stages_match_the_unido_list(seed: str) -> None:
    m = re.search(r"进行着从产品(.*?)等各种增值活动", seed)
    assert m
    listed = m.group(1).split("、")
    assert [s.name_zh for s in GVCStage] == [x.removeprefix("最后") for x in listed]
    assert GVCStage.RECYCLING.concept.aliases_zh == ("最后循环利用",)


def test_figure1_moves_and_their_upgrading_types(seed: str) -> None:
    assert [m.label for m in FIGURE1_MOVES] == ["A->B", "B->C", "B->D", "D->E"]
    for m in FIGURE1_MOVES:
        assert f"{m.from_point.value}到{m.to_point.value}" in seed
        assert m.quote_zh in seed, m.label
        assert m.upgrading.name_zh.removesuffix("升级") in m.quote_zh
    ups = {m.label: m.upgrading for m in FIGURE1_MOVES}
    assert ups == {
        "A->B": UpgradingType.PROCESS,
        "B->C": UpgradingType.PRODUCT,
        "B->D": UpgradingType.FUNCTIONAL,
        "D->E": UpgradingType.INTER_CHAIN,
    }
    # A->B is tied to process upgrading in the sentence that names it
    ab = FIGURE1_MOVES[0].quote_zh
    assert ab.index("工艺升级") < ab.index("A到B")
    assert {p for m in FIGURE1_MOVES for p in (m.from_point, m.to_point)} == set(Figure1Point)


def test_oem_odm_obm_names_and_order(seed: str) -> None:
    m = re.search(r"沿着OEM\((.*?)\)到ODM\((.*?)\)再到OBM\((.*?)\)", seed)
    assert m
    assert [b.name_zh for b in BusinessModel] == list(m.groups())
    assert BusinessModel.OEM.figure1_point is Figure1Point.B
    assert [b.value for b in BusinessModel] == ["OEM", "ODM", "OBM"]


def test_parsers() -> None:
    assert parse_governance("Producer-driven") is Governance.PRODUCER_DRIVEN
    assert parse_governance(Governance.BUYER_DRIVEN) is Governance.BUYER_DRIVEN
    assert parse_integration("融入程度较高") is Integration.HIGH
    assert parse_integration("EMERGING") is Integration.EMERGING
    assert parse_point(" c ") is Figure1Point.C
    with pytest.raises(gvckit.GvckitError, match="PRODUCER_DRIVEN"):
        parse_governance("hierarchy")
    with pytest.raises(gvckit.errors.UnknownNameError, match="unknown point .F.; valid"):
        parse_point("F")
