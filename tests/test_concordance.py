"""Sector concordances (gvckit.concordance).

Checked against independent references: the code lists of the bundled WIOD 2013 and NBS 2017
tables and ../shared data (every code covered), the official classification sizes (ISIC Rev.4:
88 divisions; GB/T 4754-2002/2011/2017: 95/96/97 divisions; WIOD 2016: 56; OECD ICIO: 45), known
pairs read from the classifications' definitions (leather: ISIC Rev.3 19 = ISIC Rev.4 15, inside
OECD D13T15 and WIOD 2016 C13-C15, NBS 08, GB/T 4754-2017 19), round trips where the mapping is
one-to-one, and the accounting identity that a distribution matrix keeps totals.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gvckit
from gvckit.concordance import (
    aggregation_map,
    classifications,
    codes,
    concordance,
    concordance_matrix,
    map_sectors,
)
from gvckit.errors import InputError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = Path(gvckit.__file__).parent / "concordance_data"

SIZES = {"isic4": 88, "wiod2013": 35, "adb35": 35, "wiod2016": 56, "oecd2021": 45, "oecd2023": 45,
         "nbs42": 42, "gbt4754_2017": 97, "gbt4754_2011": 96, "gbt4754_2002": 95}


def test_classification_sizes():
    got = classifications()["codes"].to_dict()
    assert got == SIZES


def test_codes_match_bundled_tables():
    assert list(codes("wiod2013").index) == gvckit.load_dataset("wiod2013", year=2011).sectors
    nbs = gvckit.load_dataset("china_nbs", year=2017)
    assert list(codes("nbs42").index) == nbs.sectors
    assert list(codes("nbs42")["name_zh"]) == list(nbs.sector_info["name_zh"])


def test_wiod2013_codes_match_shared_list():
    p = SHARED / "data" / "wiod2013" / "industries.csv"
    if not p.exists():
        pytest.skip(f"{p} not available")
    ind = pd.read_csv(p, dtype=str)
    assert list(codes("wiod2013").index) == list(ind["code"])


def test_oecd_codes_match_shared_oecd_national_table():
    p = SHARED / "data" / "china_nbs_io" / "csv" / "OECD21ed_CHN_1995to2018.csv"
    if not p.exists():
        pytest.skip(f"{p} not available")
    raw = pd.read_csv(p, dtype={"Code": str}, nrows=60)
    sectors = [c for c in raw.columns if c.isdigit()]
    # the shared OECD 2021 national table numbers the 45 industries 01..45 in the ICIO order
    assert len(sectors) == 45 == len(codes("oecd2021"))


def test_gbt_division_numbers():
    g17 = list(codes("gbt4754_2017").index)
    assert g17 == [f"{i:02d}" for i in range(1, 98)]
    g11 = list(codes("gbt4754_2011").index)
    assert g11 == [f"{i:02d}" for i in range(1, 97)]
    g02 = list(codes("gbt4754_2002").index)
    assert "38" not in g02 and "64" not in g02 and "12" not in g02 and g02[-1] == "98"


@pytest.mark.parametrize("f", sorted(p.name for p in DATA.glob("*__*.csv")))
def test_every_code_covered_and_flags_consistent(f):
    a, b = f[:-4].split("__")
    df = pd.read_csv(DATA / f, dtype=str, keep_default_na=False)
    assert {"from", "to", "share", "coverage", "source"} <= set(df.columns)
    assert (df["source"].str.len() > 10).all()
    assert set(df["from"]) == set(codes(a).index), f"{a} codes without a link"
    if b != "isic4":  # the hub has divisions some classifications do not cover (e.g. 99)
        assert set(df["to"]) == set(codes(b).index), f"{b} codes without a link"
    assert set(df["to"]) <= set(codes(b).index)
    nf = df.groupby("from")["to"].transform("size")
    nt = df.groupby("to")["from"].transform("size")
    assert ((nf == 1) == (df["share"] == "whole")).all()
    assert ((nt == 1) == (df["coverage"] == "whole")).all()
    assert not df.duplicated(["from", "to"]).any()


@pytest.mark.parametrize("pair", [("wiod2013", "nbs42"), ("oecd2021", "gbt4754_2017"),
                                  ("wiod2016", "wiod2013"), ("gbt4754_2002", "nbs42"),
                                  ("adb35", "oecd2023")])
def test_composed_concordances_cover_everything(pair):
    c = concordance(*pair)
    # ISIC Rev.4 99 (extraterritorial bodies; WIOD 2016 "U") has no WIOD 2013 industry
    expected = ["U"] if pair == ("wiod2016", "wiod2013") else []
    assert c.attrs["unmatched_from"] == expected
    assert set(c["from"]) == set(codes(pair[0]).index) - set(expected)


LEATHER = {"wiod2013": "19", "isic4": "15", "oecd2021": "D13T15", "wiod2016": "C13-C15",
           "nbs42": "08", "gbt4754_2017": "19", "oecd2023": "C13T15", "adb35": "c5"}


@pytest.mark.parametrize("to", [k for k in LEATHER if k != "wiod2013"])
def test_known_pair_leather(to):
    m = map_sectors("19", "wiod2013", to)
    assert LEATHER[to] in set(m["to"])
    row = m[m["to"] == LEATHER[to]].iloc[0]
    # leather lies wholly inside each of these sectors
    assert row["share"] == "whole", m
    # ... and is only a part of the textiles-and-leather groups
    if to in ("oecd2021", "wiod2016", "oecd2023", "nbs42"):
        back = map_sectors(LEATHER[to], to, "wiod2013")
        assert "19" in set(back["to"]) and len(back) > 1
        assert row["coverage"] == "part"


def test_other_known_pairs():
    pairs = [
        ("gbt4754_2017", "36", "oecd2021", "D29"), ("gbt4754_2017", "37", "oecd2021", "D30"),
        ("gbt4754_2017", "38", "oecd2021", "D27"), ("gbt4754_2017", "39", "oecd2021", "D26"),
        ("gbt4754_2017", "28", "isic4", "20"), ("gbt4754_2017", "17", "nbs42", "07"),
        ("gbt4754_2002", "40", "gbt4754_2017", "39"), ("gbt4754_2002", "37", "gbt4754_2017", "36"),
        ("gbt4754_2002", "30", "gbt4754_2017", "29"), ("gbt4754_2002", "39", "gbt4754_2017", "38"),
        ("wiod2013", "34t35", "oecd2021", "D29"), ("wiod2013", "34t35", "oecd2021", "D30"),
        ("wiod2013", "25", "oecd2021", "D22"), ("wiod2013", "17t18", "nbs42", "07"),
    ]
    for fc, f, tc, t in pairs:
        assert t in set(map_sectors(f, fc, tc)["to"]), (fc, f, tc, t)


def test_round_trip_one_to_one():
    for a, b in [("oecd2023", "oecd2021"), ("adb35", "wiod2013")]:
        fwd = aggregation_map(a, b)
        back = aggregation_map(b, a)
        assert len(fwd) == len(codes(a)) and all(back[fwd[k]] == k for k in fwd)
    # GB/T 2017 -> NBS 42 is many-to-one: every division lies in exactly one IO sector
    m = aggregation_map("gbt4754_2017", "nbs42")
    assert len(m) == 97 and set(m.values()) == set(codes("nbs42").index)


def test_reverse_is_transpose():
    f = concordance("wiod2013", "isic4")
    r = concordance("isic4", "wiod2013")
    assert set(zip(f["from"], f["to"], strict=True)) == set(zip(r["to"], r["from"], strict=True))
    fr = f.set_index(["from", "to"])
    rr = r.set_index(["to", "from"])
    rr.index.names = ["from", "to"]
    pd.testing.assert_series_equal(fr["share"].sort_index(), rr["coverage"].sort_index(), check_names=False)


def test_matrix_keeps_totals_and_weights():
    W = concordance_matrix("wiod2016", "oecd2021")
    assert W.attrs["unmatched_from"] == ["U"]  # OECD ICIO has no extraterritorial sector
    assert W.loc["U"].sum() == 0
    np.testing.assert_allclose(W.drop(index="U").sum(axis=1).to_numpy(), 1.0)
    x = pd.Series(np.arange(1.0, 57.0), index=W.index)
    y = W.T @ x
    assert y.sum() == pytest.approx(x.drop("U").sum())
    assert W.loc["B", "D05T06"] == pytest.approx(1 / 3)
    # proportional weights by target output
    wts = pd.Series(1.0, index=codes("oecd2021").index)
    wts["D05T06"] = 6.0
    W2 = concordance_matrix("wiod2016", "oecd2021", weights=wts)
    assert W2.loc["B", "D05T06"] == pytest.approx(6 / 8)
    with pytest.raises(InputError, match="missing"):
        concordance_matrix("wiod2016", "oecd2021", weights=wts.drop("D09"))


def test_aggregate_a_table_with_a_concordance():
    t = gvckit.load_dataset("china_nbs", year=2017)
    # NBS 42 -> GB/T is one-to-many, so aggregation the other way: group NBS sectors by WIOD
    c = concordance("nbs42", "oecd2021")
    whole = c[c["share"] == "whole"]
    sub = {k: v for k, v in zip(whole["from"], whole["to"], strict=True)}
    agg = t.aggregate(sectors=sub)
    assert agg.x.sum() == pytest.approx(t.x.sum())
    with pytest.raises(InputError, match="split"):
        aggregation_map("nbs42", "oecd2021")


def test_errors():
    with pytest.raises(InputError, match="unknown classification"):
        concordance("isic5", "nbs42")
    with pytest.raises(InputError, match=r"\['99'\]"):
        map_sectors(["19", "99"], "wiod2013", "nbs42")


def test_aliases_match_framework_names():
    a = concordance("isic4_oecd", "wiod2013")
    b = concordance("oecd2021", "wiod2013")
    pd.testing.assert_frame_equal(a, b)
