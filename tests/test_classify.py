"""Classification from data (gvckit.framework.classify) and the rules (gvckit.framework.rules).

References: constructed tables whose indicators are known by construction (export orientation
0.5 against a rest of the world at 0.25; no imported inputs -> zero participation), the paper's
Table 1 labels (registry), and the WIOD 2013 tables for the shared-sector identity.
"""

from __future__ import annotations

import dataclasses

import pytest

from constructed_world import COUNTRIES, SECTORS, world  # noqa: E402,F401
from gvckit.errors import InputError
from gvckit.framework.classify import ModelSeries, agreement_table, classify
from gvckit.framework.concepts import Governance, Integration
from gvckit.framework.rules import DEFAULT_RULES, Rules, governance_proxies


def _row(c, name):
    return c.indicators.set_index("indicator").loc[name]


def test_export_orientation_is_twice_the_world_by_construction():
    c = classify(world(imp=0.3), "CHN", "textiles")
    r = _row(c, "export_orientation")
    assert r.value == pytest.approx(0.5) and r.benchmark == pytest.approx(0.25)
    assert r.score == pytest.approx(2.0)
    # hand-worked: CHN textiles imports 0.3 of USA chemicals per unit, USA chemicals use only
    # USA inputs, so 30 % of every unit of CHN textiles (all final goods) is foreign value added
    assert _row(c, "wwyz_backward").value == pytest.approx(0.3)
    assert _row(c, "bm_gvc_share").value == pytest.approx(0.3)


@pytest.mark.parametrize("cut, exceeds", [(1.99, True), (2.01, False)])
def test_cutoff_either_side(cut, exceeds):
    c = classify(world(imp=0.3), "CHN", "textiles", rules=Rules(integration_cutoff=cut))
    assert bool(_row(c, "export_orientation").exceeds) is exceeds


def test_high_integration_buyer_driven_is_type_II():
    c = classify(world(imp=0.3), "CHN", "textiles")
    assert c.integration is Integration.HIGH
    assert c.governance is Governance.BUYER_DRIVEN
    assert c.type_code == "II" and c.paper_type == "II" and c.agrees
    df = c.to_frame()
    assert {"value", "benchmark", "score", "cutoff", "exceeds"} <= set(df.columns)
    assert (df.type == "II").all()


def test_low_integration_is_type_I_and_disagreement_is_explained():
    c = classify(world(imp=0.0, tex_exp=5), "CHN", "textiles")
    assert c.integration is Integration.LOW and c.emerging is None
    assert c.type_code == "I" and not c.agrees
    assert "integration low (paper high)" in c.explanation
    assert "export_orientation 0.091" in c.explanation


def test_producer_driven_high_integration_is_outside_the_typology():
    c = classify(world(mach_imp=0.3, mach_exp=100), "CHN", "general_machinery")
    assert c.governance is Governance.PRODUCER_DRIVEN
    assert c.integration is Integration.HIGH
    assert c.type_code == "outside" and not c.type.in_paper
    assert "no type for a producer-driven chain with high integration" in c.explanation


def test_emerging_from_growth_over_the_years_available():
    data = {2000: world(year=2000), 2010: world(year=2010, mach_dom=300, mach_imp=0.02)}
    c = classify(data, "CHN", "general_machinery", years=[2010])
    assert c.emerging is True and c.integration is Integration.EMERGING
    assert c.type_code == "III"
    g = _row(c, "output_share_growth")
    assert g.value > 0.25
    # no growth -> not emerging (low)
    c2 = classify({2000: world(year=2000), 2010: world(year=2010)}, "CHN", "general_machinery",
                  years=[2010])
    assert c2.emerging is False and c2.integration is Integration.LOW


def test_percentile_benchmark():
    c = classify(world(imp=0.3), "CHN", "textiles", rules=Rules(benchmark="percentile"))
    assert _row(c, "export_orientation").score == pytest.approx(1.0)
    assert "percentile" in c.benchmark


def test_rules_validation_and_table():
    with pytest.raises(ValueError, match="benchmark"):
        Rules(benchmark="median")
    with pytest.raises(ValueError, match="technology"):
        Rules(producer_tech_levels=("very high",))
    r = dataclasses.replace(DEFAULT_RULES, integration_min_indicators=3)
    assert r.integration_min_indicators == 3
    df = r.to_frame()
    assert df.set_index("rule").loc["integration_min_indicators", "value"] == 3
    assert set(df.dimension) >= {"integration", "governance", "diagnosis"}
    p = governance_proxies()
    assert set(p.tech_intensity) <= {"", "low", "medium-low", "medium-high", "high"}
    assert len(p[p.kind == "industry"]) == 11


def test_errors():
    with pytest.raises(InputError, match="region"):
        classify(world(), "XXX", "textiles")
    with pytest.raises(KeyError):
        classify(world(), "CHN", "toys")
    with pytest.raises(InputError, match="not available"):
        classify(world(year=2000), "CHN", "textiles", years=[1990])
    with pytest.raises(InputError, match="dataset"):
        ModelSeries("wiod2099")


def test_wiod_agreement_table_one_year():
    series = ModelSeries("wiod2013")
    df = agreement_table(series, "CHN", {"2005": [2005]})
    assert len(df) == 11 and set(df.paper_type) == {"I", "II", "III"}
    assert df.set_index("industry").loc["leather", "paper_type"] == "II"
    assert (df.agrees == (df.paper_type == df.data_type)).all()
    # textiles and garments share WIOD 17t18: same integration evidence, by identity
    cs = {c.industry: c for c in classify(series, "CHN", ["textiles", "garments"], [2005])}
    a = cs["textiles"].indicators.set_index("indicator")
    b = cs["garments"].indicators.set_index("indicator")
    for k in ("wwyz_forward", "wwyz_backward", "bm_gvc_share", "export_orientation"):
        assert a.loc[k, "value"] == b.loc[k, "value"]
    assert any("shared with garments" in n for n in cs["textiles"].notes)
    # every disagreement carries a reason naming a cut-off
    for r in df[~df.agrees].itertuples():
        assert ">=" in r.reason or "<" in r.reason
