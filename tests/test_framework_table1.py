"""Table 1, the typology and the registry, checked against the seed text and the shared data.

The expected strings are extracted from the seed file here, in the test, not copied from the
package. ``/work/shared`` is ``<repo root>/../shared``.
"""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

import pytest

from gvckit.errors import UnknownNameError
from gvckit.framework import (
    TYPE_I,
    TYPE_II,
    TYPE_III,
    Governance,
    Integration,
    OutsideTypology,
    Typology,
    cluster,
    clusters,
    industries,
    industry,
    sectors_for,
    table1,
    type_for,
)
from gvckit.framework.typology import to_fullwidth, typology

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_4747af468dc7d231.txt"

needs_seed = pytest.mark.skipif(
    not SEED.exists(), reason=f"shared seed file not found at {SEED} (../shared absent)"
)


def ws(text: str) -> str:
    """Remove every whitespace character (the documented normalisation)."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"shared seed file not found at {SEED} (../shared absent)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_table(seed: str) -> dict:
    """Parse the seed's Table 1 block into cells (paragraphs separated by blank lines)."""
    start = seed.index("表 1 \u3000对浙江")
    end = seed.index("\n", seed.index("资料来源", start))
    paras = [p for p in re.split(r"\n\s*\n", seed[start:end]) if p.strip()]
    assert len(paras) == 12, paras
    title_line, header_line = paras[0].split("\n")
    label = re.compile(r"^(I{1,3})\s*:")

    def integration_cell(p: str) -> tuple[str, str]:
        m = label.match(p.strip())
        assert m, p
        return m.group(1), ws(p.strip()[m.end() :])

    # paragraph layout: gov(I,II) | I-int | I-ind | I-clu | II-int | II-ind | II-clu |
    # gov(III)+III-int | III-ind | III-clu | source
    gov3, int3 = paras[8].split("\n", 1)
    rows = []
    for gov, intp, ind, clu in (
        (paras[1], paras[2], paras[3], paras[4]),
        (paras[1], paras[5], paras[6], paras[7]),
        (gov3, int3, paras[9], paras[10]),
    ):
        t, integ = integration_cell(intp)
        rows.append(
            {
                "type": t,
                "governance": ws(gov),
                "integration": integ,
                "industries": ws(ind),
                "clusters": ws(clu),
            }
        )
    return {
        "title": ws(title_line),
        "headers": header_line.split(),
        "rows": rows,
        "source": ws(paras[-1]),
    }


# ---------------------------------------------------------------- Table 1


@needs_seed
def test_table1_zh_every_cell_matches_seed(seed_table: dict) -> None:
    t = table1("zh")
    assert list(t.columns[1:]) == seed_table["headers"]
    assert len(t) == 3
    for (_, row), exp in zip(t.iterrows(), seed_table["rows"], strict=True):
        assert row.iloc[0] == exp["type"]
        assert row["价值链类型"] == exp["governance"]
        assert row["融入价值链的程度"] == exp["integration"]
        assert row["代表产业"] == exp["industries"]
        assert row["典型产业集群"] == exp["clusters"]
    assert t.attrs["source_note"] == seed_table["source"]
    assert ws(t.attrs["title"]) == seed_table["title"]


@needs_seed
def test_table1_fullwidth_only_changes_punctuation(seed_table: dict) -> None:
    t = table1("zh", punctuation="fullwidth")
    assert (
        t.loc[0, "融入价值链的程度"]
        == "产品生产与流通主要在区域内部完成，与全球价值链融入程度不高。"
    )
    assert t.attrs["source_note"] == "资料来源：根据相关资料整理。"
    for (_, row), exp in zip(t.iterrows(), seed_table["rows"], strict=True):
        assert row["融入价值链的程度"] == to_fullwidth(exp["integration"])


@needs_seed
def test_table1_governance_cells(seed_table: dict) -> None:
    govs = [r["governance"] for r in seed_table["rows"]]
    assert govs == ["采购者驱动型", "采购者驱动型", "生产者驱动型"]
    assert [Governance.BUYER_DRIVEN.name_zh] * 2 + [Governance.PRODUCER_DRIVEN.name_zh] == govs
    assert [t.governance.name_zh for t in (TYPE_I, TYPE_II, TYPE_III)] == govs
    assert [t.integration_zh for t in (TYPE_I, TYPE_II, TYPE_III)] == [
        r["integration"] for r in seed_table["rows"]
    ]


def test_table1_en_is_complete() -> None:
    t = table1("en")
    assert list(t.columns) == [
        "type",
        "governance",
        "integration",
        "representative_industries",
        "typical_clusters",
    ]
    assert t.type.tolist() == ["I", "II", "III"]
    assert t.governance.tolist() == ["Buyer-driven", "Buyer-driven", "Producer-driven"]
    assert t.notna().all().all() and (t.map(len) > 0).all().all()
    assert "OEM" in t.loc[1, "integration"]
    assert "Yuhuan" in t.loc[0, "typical_clusters"] and "Binjiang" in t.loc[2, "typical_clusters"]
    assert t.attrs["source_note"].startswith("Source")


def test_table1_rejects_bad_arguments() -> None:
    with pytest.raises(UnknownNameError, match="language"):
        table1("fr")
    with pytest.raises(UnknownNameError, match="punctuation"):
        table1("zh", punctuation="ascii")


# ---------------------------------------------------------------- typology


def test_type_for_covers_every_pair_and_never_forces_producer_high() -> None:
    seen = {}
    for g in Governance:
        for i in Integration:
            r = type_for(g, i)
            seen[(g, i)] = r
            if isinstance(r, Typology):
                assert (r.governance, r.integration) == (g, i)
            else:
                assert isinstance(r, OutsideTypology) and r.in_paper is False
                assert r.reason_en and r.reason_zh
    in_paper = {k: v.code for k, v in seen.items() if isinstance(v, Typology)}
    assert in_paper == {
        (Governance.BUYER_DRIVEN, Integration.LOW): "I",
        (Governance.BUYER_DRIVEN, Integration.HIGH): "II",
        (Governance.PRODUCER_DRIVEN, Integration.EMERGING): "III",
    }
    ph = type_for("生产者驱动型", "high")
    assert isinstance(ph, OutsideTypology) and ph.nearest is None
    assert "no type" in ph.reason_en


def test_type_for_accepts_labels() -> None:
    assert type_for("采购者驱动型", "low") is TYPE_I
    assert type_for("buyer-driven", Integration.HIGH) is TYPE_II
    assert type_for("购买者驱动型", "high") is TYPE_II  # the paper's other spelling (§2)
    with pytest.raises(UnknownNameError, match="valid"):
        type_for("state-driven", "low")
    assert typology("2") is TYPE_II and typology("III") is TYPE_III
    with pytest.raises(UnknownNameError, match="unknown type 'IV'; valid: I, II, III"):
        typology("IV")


def test_types_list_industries_and_clusters_of_the_registry() -> None:
    for t in (TYPE_I, TYPE_II, TYPE_III):
        for k in t.industries:
            assert industry(k).type == t.code
        for k in t.clusters:
            assert cluster(k).type == t.code
    all_inds = sorted(k for t in (TYPE_I, TYPE_II, TYPE_III) for k in t.industries)
    assert all_inds == sorted(industries().key)


# ---------------------------------------------------------------- registry vs seed


@needs_seed
def test_industry_names_exactly_as_the_paper_lists_them(seed: str) -> None:
    s = ws(seed)
    m = re.search(r"这些行业分别是:(.*?)。", s)
    assert m
    names = m.group(1).split(";")
    assert len(names) == 11
    assert industries().name_zh.tolist() == names


@needs_seed
def test_industry_types_follow_table1_and_text(seed_table: dict, seed: str) -> None:
    by_type = {r["type"]: r["industries"] for r in seed_table["rows"]}
    type2_text = re.search(r"另一类融入程度较高,如(.*?)等行业", ws(seed))
    assert type2_text
    text_terms = type2_text.group(1).split("、")
    df = industries()
    for row in df.itertuples():
        in_table = [t for t, cell in by_type.items() if row.table1_term_zh in cell]
        if row.type_source == "Table 1":
            assert in_table == [row.type], row.key
        else:
            # chemical fibres: from the §3 text, not the table
            assert in_table == []
            assert row.table1_term_zh in text_terms
            assert row.type == "II" and "text" in row.type_source
    assert industry("chemical_fibres").type == "II"


@needs_seed
def test_clusters_are_those_of_table1(seed_table: dict) -> None:
    df = clusters()
    assert len(df) == 9
    cells = {r["type"]: r["clusters"] for r in seed_table["rows"]}
    for row in df.itertuples():
        assert row.name_zh in cells[row.type], row.key
    order = "".join(r["clusters"] for r in seed_table["rows"])
    positions = [order.index(n) for n in df.name_zh]
    assert positions == sorted(positions)


def test_cluster_places_and_lookup() -> None:
    assert cluster("玉环阀门").prefecture_zh == "台州市"
    assert cluster("Yuhuan valves").key == cluster("yuhuan-valves").key == "yuhuan_valves"
    assert cluster("柳市低压电器").prefecture_zh == "温州市"
    assert cluster("hangzhou_binjiang_communications").industry.type == "III"
    with pytest.raises(UnknownNameError, match="yuhuan_valves"):
        cluster("Wenzhou shoes")


def test_industry_lookup_by_key_chinese_name_slug_and_term() -> None:
    ind = industry("化学纤维制造业")
    assert ind is industry("chemical-fibres") is industry("Chemical fibres") is industry("化纤")
    assert industry("电器产品").key == "electrical_machinery"
    with pytest.raises(UnknownNameError) as e:
        industry("shoes")
    assert str(e.value).startswith("unknown industry 'shoes'; valid: chemical_fibres")
    assert "general_machinery" in str(e.value)


# ---------------------------------------------------------------- GB/T 4754 codes


@pytest.mark.skipif(not (SHARED / "data/zhejiang/README.md").exists(), reason="shared data absent")
def test_gbt4754_codes_match_the_zhejiang_readme() -> None:
    text = (SHARED / "data/zhejiang/README.md").read_text(encoding="utf-8")
    block = text[text.index("| paper (1994 names) |") :]
    rows = [ln for ln in block.splitlines()[2:] if ln.startswith("|")]
    assert len(rows) == 11
    lead = re.compile(r"^\s*(\d+)")
    by_name = {}
    for ln in rows:
        cells = [c.strip() for c in ln.strip("|").split("|")]
        codes2011 = re.findall(r"(\d+)\s+[^\d+]+", cells[3]) or [lead.match(cells[3]).group(1)]
        by_name[ws(cells[0]).replace("、", "")] = (
            lead.match(cells[1]).group(1),
            lead.match(cells[2]).group(1),
            ";".join(codes2011),
        )
    for ind in industries().itertuples():
        exp = by_name[ind.name_zh.replace("、", "")]
        assert (ind.gbt4754_1994, ind.gbt4754_2002, ind.gbt4754_2011) == exp, ind.key
        assert ind.gbt4754_2017 == ind.gbt4754_2011
        assert "to verify" in ind.gbt4754_1994_status


# ---------------------------------------------------------------- sector mappings


@pytest.mark.skipif(not (SHARED / "data/wiod2013/industries.csv").exists(), reason="no WIOD")
def test_wiod2013_codes_and_names_come_from_the_wiod_file() -> None:
    with open(SHARED / "data/wiod2013/industries.csv", encoding="utf-8") as f:
        wiod = {r["code"]: r["name"] for r in csv.DictReader(f)}
    for key in list(industries().key) + list(clusters().key):
        for r in sectors_for(key, "wiod2013").itertuples():
            assert wiod[r.sector_code] == r.sector_name_en


@pytest.mark.skipif(
    not (SHARED / "data/china_nbs_io/csv/china_2017_42.csv").exists(), reason="no NBS table"
)
def test_nbs42_codes_and_names_come_from_the_nbs_table() -> None:
    with open(SHARED / "data/china_nbs_io/csv/china_2017_42.csv", encoding="utf-8") as f:
        nbs = {
            r["Code"]: (r["Description"], r["DescriptionInChinese"])
            for r in csv.DictReader(f)
            if r["Origin"] == "Domestic"
        }
    for key in list(industries().key) + list(clusters().key):
        for r in sectors_for(key, "nbs42").itertuples():
            assert nbs[r.sector_code] == (r.sector_name_en, r.sector_name_zh)


def test_industry_and_cluster_tables_list_the_sectors_sectors_for_gives() -> None:
    # the tables' code columns come from an index of the map, not from sectors_for: same codes,
    # same order, clusters without rows of their own inheriting their industry's
    ind, cl = industries().set_index("key"), clusters().set_index("key")
    for frame in (ind, cl):
        for key in frame.index:
            for cls in ("wiod2013", "isic4_oecd", "wiod2016", "nbs42"):
                assert frame.loc[key, cls] == ";".join(sectors_for(key, cls).sector_code), (key, cls)


def test_sector_codes_lookup_is_sectors_for() -> None:
    # the cached code look-up the report uses (value_capture_io.resolve_sectors) against the
    # public frame, by key and by name, for every classification
    from gvckit.framework.registry import _sector_codes

    keys = list(industries().key) + list(clusters().key) + ["化纤", "Leather", "chemical-fibres"]
    for key in keys:
        for cls in ("wiod2013", "isic4_oecd", "oecd", "wiod2016", "nbs42"):
            assert _sector_codes(key, cls) == tuple(sectors_for(key, cls).sector_code), (key, cls)
    with pytest.raises(UnknownNameError):
        _sector_codes("no_such_industry")


def test_every_mapping_row_is_reasoned_and_flagged() -> None:
    for key in list(industries().key) + list(clusters().key):
        for cls in ("wiod2013", "isic4_oecd", "wiod2016", "nbs42"):
            df = sectors_for(key, cls)
            assert len(df) >= 1, (key, cls)
            assert set(df.share_of_sector) <= {"whole", "part"}
            assert (df.reasoning.str.len() > 20).all()
            for r in df.itertuples():
                if r.shared_with:
                    assert r.share_of_sector == "part", (key, cls, r.sector_code)
                    assert "shar" in r.reasoning.lower(), (key, cls, r.sector_code)


def test_mappings_the_brief_fixes() -> None:
    expected = {
        "textiles": "17t18",
        "garments": "17t18",
        "leather": "19",
        "chemical_fibres": "24",
        "electronics_communication": "30t33",
        "electrical_machinery": "30t33",
        "plastics": "25",
        "metal_products": "27t28",
        "general_machinery": "29",
        "transport_equipment": "34t35",
    }
    for k, code in expected.items():
        assert sectors_for(k, "wiod2013").sector_code.tolist() == [code], k
    assert sectors_for("leather", "oecd").sector_code.tolist() == ["D13T15"]
    assert sectors_for("chemical_fibres", "nbs42").sector_code.tolist() == ["12"]
    assert sectors_for("transport_equipment", "wiod2016").sector_code.tolist() == ["C29", "C30"]


def test_clusters_inherit_their_industry_mapping_unless_refined() -> None:
    yv = sectors_for("yuhuan_valves", "wiod2013")
    assert yv.sector_code.tolist() == ["29"] and set(yv.inherited_from) == {"general_machinery"}
    zs = sectors_for("舟山船舶修造", "isic4_oecd")
    assert zs.sector_code.tolist() == ["D30", "D31T33"]
    assert set(zs.inherited_from) == {""} and set(zs.share_of_sector) == {"part"}
    assert "D301" in zs.reasoning.iloc[0]
    with pytest.raises(UnknownNameError, match="wiod2013"):
        sectors_for("textiles", "exiobase")
    with pytest.raises(UnknownNameError, match="yuhuan_valves"):
        sectors_for("nothing", "wiod2013")


def test_data_files_ship_as_package_data() -> None:
    data = resources.files("gvckit.framework").joinpath("data")
    for name in ("industries.csv", "clusters.csv", "sector_map.csv", "table1.json"):
        assert data.joinpath(name).is_file(), name


def test_registry_objects_are_bilingual_and_cited() -> None:
    for k in industries().key:
        ind = industry(k)
        assert ind.name_zh and ind.name_en and ind.section == "§3" and ind.source
    for k in clusters().key:
        c = cluster(k)
        assert c.name_zh and c.name_en and c.section.startswith("§3") and c.source
        assert c.place_zh and c.prefecture_zh.endswith("市")
