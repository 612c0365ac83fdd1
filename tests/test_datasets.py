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
    np.testing.assert_array_equal(t.x.to_numpy(), z["x"])


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
