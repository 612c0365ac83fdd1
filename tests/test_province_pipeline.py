"""A province nested in the world table (FLQ) goes through the paper's whole pipeline: typology,
diagnosis and value capture for region "ZJ" instead of a country; and the NBS 2-digit template
that maps a province's statistics to the paper's 11 industries.

The provincial output below is constructed for the test (a fixed share of China's output by
sector), not data about Zhejiang; what is checked is that the pipeline accepts a province and
that its accounting holds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gvckit
from gvckit import framework as fw
from gvckit.framework.registry import industries
from gvckit.regional import regionalise


@pytest.fixture(scope="module")
def nested():
    t = gvckit.load_dataset("wiod2013", year=2005)
    chn = t.x.loc["CHN"]
    share = pd.Series(0.05, index=chn.index)
    share[["17t18", "19"]] = 0.2
    reg = pd.DataFrame({"sector": chn.index, "output": (chn * share).to_numpy()})
    return t, regionalise(t, reg, country="CHN", region="ZJ")


def test_nested_table_adds_back_to_china(nested):
    t, zj = nested
    assert zj.countries.count("ZJ") == 1 and "ROC" in zj.countries and "CHN" not in zj.countries
    back = zj.aggregate(countries={"ZJ": "CHN", "ROC": "CHN"}, country_order=t.countries)
    np.testing.assert_allclose(back.x.to_numpy(), t.x.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(back.Z.to_numpy().sum(), t.Z.to_numpy().sum(), rtol=1e-9)


def test_province_classification_and_diagnosis_under_the_paper_rules(nested):
    _, zj = nested
    c = fw.classify(zj, "ZJ", "leather", rules="paper")["leather"]
    assert c.region == "ZJ" and c.paper_type == "II" and c.rule_set == "paper"
    eo = c.verdicts["dim_integration"].reasons[0]
    assert eo.indicator == "ind_export_orientation" and eo.available and eo.benchmark
    assert c.verdicts["dim_governance"].label == "lab_gov_buyer"
    d = fw.diagnose({2005: zj}, "ZJ", "leather")[0]
    assert d.point in ("A", "B_or_beyond") and d.verdicts["dim_point"].reasons


def test_province_value_capture_shares(nested):
    _, zj = nested
    vc = fw.chain_value_capture(zj, "ZJ", "19", "foreign", level="country")
    assert vc["share"].sum() == pytest.approx(1.0, abs=1e-9)
    own = vc.set_index("country").loc["ZJ", "share"]
    rest = vc.set_index("country").loc["ROC", "share"]
    assert own == pytest.approx(vc.attrs["domestic_share"]) and 0 < own < 1 and rest > 0


def test_nbs_template_covers_the_papers_11_industries():
    t = fw.nbs_template()
    assert set(t.industry_key) - {""} == set(industries().key)
    # every paper industry's GB/T 4754-2002 division is in the template, with its Chinese name
    assert t.set_index("nbs_code").loc["19", "industry_key"] == "leather"
    assert t.set_index("nbs_code").loc["40", "industry_key"] == "electronics_communication"
    assert t.nbs_code.is_unique


def test_province_export_orientation_by_hand():
    df = pd.DataFrame({"nbs_code": ["17", "18", "19", "37", "13"],
                       "export_delivery": [30.0, 20.0, 40.0, 5.0, 5.0],
                       "sales": [100.0, 50.0, 100.0, 100.0, 150.0]})
    r = fw.province_export_orientation(df).set_index("industry_key")
    assert r.loc["leather", "value"] == pytest.approx(0.4)
    assert r.loc["leather", "benchmark"] == pytest.approx(100 / 500)
    assert r.loc["transport_equipment", "ratio"] == pytest.approx(0.05 / 0.2)
    with pytest.raises(gvckit.GvckitError, match="unknown NBS"):
        fw.province_export_orientation(df.assign(nbs_code=["17", "18", "19", "37", "99"]))
