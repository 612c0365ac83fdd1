"""Bundled data: WIOD 2013 and China NBS, checked against the figures in the data READMEs."""

from __future__ import annotations

import numpy as np
import pytest

import gvckit
from conftest import shared_path
from gvckit.errors import DatasetError


def dva_share(t, country="CHN"):
    m = gvckit.Model(t)
    c = m.country_pos(country)
    s = m.block(c)
    return float((m.VB_country[c, s] * m.e[s]).sum() / m.e[s].sum())


@pytest.mark.parametrize("year,expected", [(1995, 0.843), (2005, 0.743), (2011, 0.782)])
def test_wiod_china_dva_share_matches_readme(year, expected):
    # ../shared/data/wiod2013/README.md "Verified": China's domestic VA share of gross exports
    assert dva_share(gvckit.load_dataset("wiod2013", year=year)) == pytest.approx(expected, abs=5e-4)


def test_wiod_bundled_equals_shared_source():
    p = shared_path("data", "wiod2013", "npz", "wiod2013_2003.npz")
    z = np.load(p)
    t = gvckit.load_dataset("wiod2013", year=2003)
    np.testing.assert_array_equal(t.Z.to_numpy(), z["Z"])
    np.testing.assert_array_equal(t.Y.to_numpy(), z["F"])
    # balanced by default: x is the row sum; the stored output travels as x_reported
    np.testing.assert_array_equal(t.x.to_numpy(), z["Z"].sum(axis=1) + z["F"].sum(axis=1))
    np.testing.assert_array_equal(t.x_reported.to_numpy(), z["x"])
    r = gvckit.load_dataset("wiod2013", year=2003, output="reported")
    np.testing.assert_array_equal(r.x.to_numpy(), z["x"])
    assert r.x_reported is None


@pytest.mark.parametrize("year", [2005, 2011])
def test_wiod_balanced_difference_is_a_named_finding(year):
    t = gvckit.load_dataset("wiod2013", year=year)
    f = gvckit.check(t).get("output_rebalanced")
    assert f is not None and f.severity == "note"
    d = t.x.to_numpy() - t.x_reported.to_numpy()
    # README: the source package rounded each cell to whole USD million: rows off by <= ~110
    assert f.size == np.abs(d).max() and 50 < f.size <= 113
    assert f"{int((d != 0).sum())} of 1435 rows" in f.message
    assert gvckit.check(gvckit.load_dataset("wiod2013", year=year, output="reported")).get(
        "output_rebalanced") is None


def test_unknown_output_kind_names_the_choices():
    with pytest.raises(gvckit.errors.UnknownNameError, match="unknown output 'stored'; valid: balanced, reported"):
        gvckit.load_dataset("wiod2013", year=2011, output="stored")


def test_nbs_balanced_to_rounding():
    for year, variant in ((2017, "42"), (2018, "detailed")):
        t = gvckit.load_dataset("china_nbs", year=year, variant=variant)
        np.testing.assert_allclose(t.x.to_numpy(), t.row_sums(), rtol=0, atol=1e-9)
        assert np.abs(t.x.to_numpy() - t.x_reported.to_numpy()).max() < 1e-3


INACTIVE = {2005: {("LUX", "19"): -2.0, ("LUX", "23"): -3.0},  # exports (ROW inventories)
            2011: {("LUX", "19"): 0.0, ("LUX", "23"): 0.0}}    # x = -1 (own inventories), no exports


@pytest.mark.parametrize("year", [2005, 2011])
def test_wiod_inactive_cells_are_named_and_decompositions_close(year):
    from gvckit.measures.decompose.bm import bm

    t = gvckit.load_dataset("wiod2013", year=year)
    f = gvckit.check(t).get("nonpositive_output")
    assert f is not None and f.severity == "warning"
    assert set(INACTIVE[year]) <= set(f.labels)
    assert "LUX/19" in f.message and "LUX/23" in f.message
    m = gvckit.Model(t)
    pos = [t.index.get_loc(c) for c in INACTIVE[year]]
    assert np.all(m.A[:, pos] == 0) and np.all(m.v[pos] == 1)
    np.testing.assert_allclose(m.solve_left(m.v), 1.0, rtol=1e-10)  # 1'VB = 1' everywhere
    for approach in ("source", "sink"):
        r = bm(m, level="sector", approach=approach)
        cell = r.loc[[("LUX", "19"), ("LUX", "23")]]
        np.testing.assert_allclose(cell["GEXP"], list(INACTIVE[year].values()))
        scale = r["GEXP"].abs().max()
        for k, rhs in (("GEXP", r["DC"] + r["FC"]), ("DC", r["DVA"] + r["DDC"]),
                       ("FC", r["FVA"] + r["FDC"]), ("DVA", r["VAX"] + r["REF"])):
            assert (r[k] - rhs).abs().max() <= 1e-9 * scale, (approach, k)
        if approach == "source":
            for k, rhs in (("GVCF", r["DVA"] - r["DAVAX"]), ("GVC", r["GEXP"] - r["DAVAX"]),
                           ("GVCB", r["FC"] + r["DDC"]), ("GVCF", r["GVC"] - r["GVCB"])):
                assert (r[k] - rhs).abs().max() <= 1e-9 * scale, (approach, k)
            # at the inactive cells: all of their (negative) exports is their own value added,
            # absorbed directly by the importer
            np.testing.assert_allclose(cell["DVA"], cell["GEXP"], atol=1e-9)
            np.testing.assert_allclose(cell["DAVAX"], cell["GEXP"], atol=1e-9)
            np.testing.assert_allclose(cell["GVCF"], 0.0, atol=1e-9)


def test_wiod_labels():
    t = gvckit.load_dataset("wiod2013", year=2011)
    assert (t.G, t.N, len(t.fd_columns)) == (41, 35, 205)
    assert "ROU" in t.countries and "ROM" not in t.countries and t.countries[-1] == "ROW"
    assert t.sector_info.loc["19", "name_zh"] == "皮革、皮革制品和鞋类"
    assert t.country_info.loc["CHN", "name_zh"] == "中国"
    assert t.unit == "USD million" and "Timmer" in t.meta["citation"]


@pytest.mark.parametrize("year,expected", [(2017, 0.790), (2018, 0.788), (2020, 0.805)])
def test_nbs_noncompetitive_dva_share(year, expected):
    # ../shared/data/china_nbs_io/README.md: v (I - A_d)^-1 e / 1'e
    t = gvckit.load_dataset("china_nbs", year=year)
    assert t.import_mode == "noncompetitive" and t.N == 42
    m = gvckit.Model(t)
    e = t.exports.to_numpy().sum(axis=1)
    assert float(m.solve_left(m.v) @ e / e.sum()) == pytest.approx(expected, abs=5e-4)


def test_nbs_competitive_balances():
    t = gvckit.load_dataset("china_nbs", year=2012)
    assert t.import_mode == "competitive" and t.N == 139
    assert gvckit.check(t).ok
    # total output 2020 about 269.9 trillion CNY (README)
    t20 = gvckit.load_dataset("china_nbs", year=2020, variant="detailed")
    assert t20.x.sum() * 1e4 == pytest.approx(269.9e12, rel=1e-3)


def test_dataset_errors():
    with pytest.raises(DatasetError, match="1995-2011, not 2014"):
        gvckit.load_dataset("wiod2013", year=2014)
    with pytest.raises(DatasetError, match="unknown dataset 'oecd'"):
        gvckit.load_dataset("oecd", year=2011)
    with pytest.raises(DatasetError, match="variants"):
        gvckit.load_dataset("china_nbs", year=2005, variant="42")
    with pytest.raises(DatasetError, match="needs a year"):
        gvckit.load_dataset("wiod2013")


def test_datasets_listing():
    df = gvckit.datasets()
    assert set(df["name"]) >= {"wiod2013", "china_nbs"}


def test_wiod_balanced_in_one_pass_equals_balance():
    """The balanced WIOD table is built in one pass; it is the reported table balanced by
    ``ICIO.balance`` (x = Z 1 + Y 1, the stored output kept as x_reported)."""
    got = gvckit.load_dataset("wiod2013", year=2007)
    ref = gvckit.load_dataset("wiod2013", year=2007, output="reported").balance()
    np.testing.assert_array_equal(got.x, ref.x)
    np.testing.assert_array_equal(got.x_reported, ref.x_reported)
    np.testing.assert_array_equal(got.Z.to_numpy(), ref.Z.to_numpy())
    np.testing.assert_array_equal(got.Y.to_numpy(), ref.Y.to_numpy())
    assert got.meta["output"] == "balanced" and ref.meta["output"] == "reported"
    np.testing.assert_allclose(got.x, got.Z.to_numpy().sum(axis=1) + got.Y.to_numpy().sum(axis=1))


def test_every_bundled_table_passes_the_input_checks():
    """gvckit.app.source reads bundled tables unchecked (a report reads 17): this is the check."""
    from gvckit.datasets import NBS_FILES, WIOD_YEARS

    for y in WIOD_YEARS:
        assert gvckit.check(gvckit.load_dataset("wiod2013", year=y, check=False)).errors == [], y
    for y, files in NBS_FILES.items():
        for variant in files:
            t = gvckit.load_dataset("china_nbs", year=y, variant=variant, check=False)
            assert gvckit.check(t).errors == [], (y, variant)
