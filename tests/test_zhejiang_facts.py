"""The shipped Zhejiang facts against the shared data folder they were copied from, and the one
ratio gvckit derives from them checked by hand."""

from __future__ import annotations

import csv

import pytest

from conftest import shared_path
from gvckit import framework as fw
from gvckit.framework.zhejiang import cluster_facts, export_delivery_ratios, industry_facts


def _shared_rows(name):
    with open(shared_path("data", "zhejiang", name), encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_cluster_has_its_facts_as_printed():
    rows = _shared_rows("zhejiang_clusters.csv")
    for _, c in fw.clusters().iterrows():
        want = [r for r in rows if r["cluster"] == c["name_zh"]]
        got = cluster_facts(c["key"])
        assert len(got) == len(want) > 0, c["key"]
        assert list(got["value"]) == [r["value"] for r in want]  # kept as printed (">130" stays text)
        assert (got["source_title"].str.strip() != "同上").all() and (got["source_title"] != "").all()


def test_leather_export_delivery_ratio_1999():
    rows = [r for r in _shared_rows("zhejiang_industry.csv") if r["year"] == "1999"]
    sales = next(float(r["value"]) for r in rows if r["indicator"] == "销售收入")
    exports = next(float(r["value"]) for r in rows if r["indicator"] == "出口交货值")
    r = export_delivery_ratios()
    leather = r[r["industry_key"] == "leather"].iloc[0]
    assert (leather["year"], leather["unit"]) == (1999, "亿元")
    assert leather["ratio"] == pytest.approx(exports / sales) == pytest.approx(98 / 240)


def test_lower_bounds_never_enter_a_ratio():
    # Haining 2004 prints ">40" and ">130": no ratio may be formed from them
    r = export_delivery_ratios()
    assert not ((r["year"] == 2004) & (r["industry_key"] == "leather")).any()
    assert len(industry_facts("leather")) >= 3
