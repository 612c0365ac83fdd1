"""A province nested in the world table (FLQ) goes through the paper's whole pipeline: typology,
diagnosis and value capture for region "ZJ" instead of a country.

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


def test_province_classification_and_diagnosis(nested):
    _, zj = nested
    c = fw.classify(zj, "ZJ", "leather")
    assert c.region == "ZJ" and c.paper_type == "II"
    assert not c.indicators.empty and {"integration", "governance"} <= set(c.indicators["dimension"])
    d = fw.diagnose({2005: zj}, "ZJ", "leather")
    assert d.point.value in "ABCDE" and not d.evidence.empty


def test_province_value_capture_shares(nested):
    _, zj = nested
    vc = fw.chain_value_capture(zj, "ZJ", "19", "foreign", level="country")
    assert vc["share"].sum() == pytest.approx(1.0, abs=1e-9)
    own = vc.set_index("country").loc["ZJ", "share"]
    rest = vc.set_index("country").loc["ROC", "share"]
    assert own == pytest.approx(vc.attrs["domestic_share"]) and 0 < own < 1 and rest > 0
