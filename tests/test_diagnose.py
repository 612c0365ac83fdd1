"""Diagnosis on the Figure 1 path, claiming only what the data show (gvckit.framework.diagnose).

References: constructed tables where the answer is known by construction (few exports and no
imported inputs -> A; the foreign content of CHN textiles exports equals its imported-input
coefficient, so the domestic VA share of exports is 1 - imp by hand); user evidence whose
changes are worked by hand; the paper's §4 (type III is kept off Figure 1); WIOD 2013 China
(transport equipment exported 0.05-0.12 of its output, issue #10).
"""

from __future__ import annotations

import pandas as pd
import pytest

from constructed_world import two_years, wiod_series, world
from gvckit.errors import UnknownNameError
from gvckit.framework import Diagnoses, diagnose
from gvckit.framework.reasons import DIAGNOSIS_DIMENSIONS, HasVerdicts

EMBEDDED = dict(imp=0.3)  # CHN textiles: 50 % of output exported, 30 % foreign content


def _ev(rows):
    return pd.DataFrame(rows, columns=["industry", "indicator", "year", "value", "unit", "source"])


def test_low_export_industry_is_at_A():
    d = diagnose(world(tex_exp=5, chem_exp=100, mach_imp=0.2, mach_exp=10), "CHN", "textiles")[0]
    assert d.point == "A"
    rows = d.verdicts["dim_point"].reasons
    assert [r.indicator for r in rows] == ["ind_export_orientation", "ind_foreign_va_share"]
    assert rows[0].value == pytest.approx(5 / 55)
    assert rows[1].value == pytest.approx(0.0, abs=1e-12)  # no imported inputs
    assert all(r.says == "lab_point_A" for r in rows)
    assert [m.label for m in d.next_moves] == ["A->B"]


def test_embedded_without_evidence_is_B_or_beyond_and_product_is_not_claimed():
    """The domestic VA share of exports rises 0.70 -> 0.85 as imported inputs are replaced
    (Kee & Tang 2016): shown as a proxy, never product upgrading."""
    d = diagnose(two_years(dict(imp=0.3), dict(imp=0.15)), "CHN", "textiles")[0]
    assert d.point == "B_or_beyond" and d.confidence != "not_identifiable"
    v = d.verdicts
    assert v["dim_upgrading_product"].label == "lab_not_identifiable"
    assert v["dim_upgrading_product"].confidence == "not_identifiable"
    dva = next(r for r in v["dim_upgrading_product"].reasons
               if r.indicator == "proxy_dva_share_exports")
    assert dva.value == pytest.approx(0.15) and not dva.counts
    # a change of a share: 0.70 -> 0.85 is 15 percentage points, not a 15% change
    from gvckit.framework.render import reason_value

    assert dva.unit == "share_change"
    assert reason_value(dva, "en") == "15.0 pp" and reason_value(dva, "zh") == "15.0 个百分点"
    assert v["dim_upgrading_process"].label == "lab_not_identifiable_prices"
    assert v["dim_upgrading_functional"].label == "lab_not_identifiable"
    assert v["dim_upgrading_inter_chain"].label == "lab_not_identifiable"
    assert ("note_no_evidence", {}) in d.notes


def test_evidence_places_C_D_E_and_process():
    data = two_years(EMBEDDED, EMBEDDED)
    uv = _ev([("textiles", "export_unit_value", 2000, 10.0, "USD/kg", "customs"),
              ("textiles", "export_unit_value", 2010, 12.0, "USD/kg", "customs")])
    d = diagnose(data, "CHN", "textiles", evidence=uv)[0]
    assert d.point == "C" and d.verdicts["dim_upgrading_product"].label == "lab_observed"
    r = d.verdicts["dim_upgrading_product"].reasons[0]
    assert r.value == pytest.approx(0.2) and r.source == "customs"  # 12 / 10 - 1
    brand = _ev([("shaoxing_textiles", "own_brand_share", 2000, 0.05, "share", "survey"),
                 ("shaoxing_textiles", "own_brand_share", 2010, 0.20, "share", "survey")])
    d = diagnose(data, "CHN", "textiles", evidence=brand)[0]
    assert d.point == "D" and d.verdicts["dim_upgrading_inter_chain"].label == "lab_not_observed"
    # D plus chemicals (same chain as textiles in data/relatedness.csv) gaining advantage -> E
    d = diagnose(two_years(EMBEDDED, dict(EMBEDDED, chem_exp=300)), "CHN", "textiles",
                 evidence=brand)[0]
    assert d.point == "E"
    nr = next(r for r in d.verdicts["dim_upgrading_inter_chain"].reasons if r.fields["sector"] == "24")
    assert nr.fields["start"] < 1 <= nr.value and nr.counts
    flat = _ev([("textiles", "own_brand_share", 2000, 0.05, "share", "survey"),
                ("textiles", "own_brand_share", 2010, 0.06, "share", "survey")])
    d = diagnose(data, "CHN", "textiles", evidence=flat)[0]
    assert d.point == "B" and d.verdicts["dim_upgrading_functional"].label == "lab_not_observed"
    tfp = _ev([("textiles", "tfp", 2000, 1.0, "index", "firm data"),
               ("textiles", "tfp", 2010, 1.1, "index", "firm data")])
    d = diagnose(data, "CHN", "textiles", evidence=tfp)[0]
    assert d.verdicts["dim_upgrading_process"].label == "lab_observed"


def test_type_III_is_not_placed_and_gets_the_papers_advice(wiod_diagnoses):
    d = wiod_diagnoses["electronics_communication"]
    assert d.point == "not_placed" and d.next_moves == []
    assert d.advice is not None and d.advice.typology.code == "III"
    assert ("note_type_iii", {}) in d.notes
    assert "III 类" in d.summary("zh")


def test_results_protocol_and_errors():
    r = diagnose(world(imp=0.3), "CHN", "textiles")
    assert isinstance(r, Diagnoses)
    d = r[0]
    assert isinstance(d, HasVerdicts) and tuple(d.verdicts) == DIAGNOSIS_DIMENSIONS
    assert repr(d).startswith("<Diagnosis CHN textiles 2000 [paper]: point B_or_beyond")
    assert not d.to_frame().empty
    with pytest.raises(UnknownNameError, match="valid: chemical_fibres"):
        diagnose(world(), "CHN", "shoes")


@pytest.fixture(scope="module")
def wiod_diagnoses():
    return diagnose(wiod_series(), "CHN", None, None)


def test_wiod_transport_equipment_is_not_at_E(wiod_diagnoses):
    d = wiod_diagnoses["transport_equipment"]
    assert d.point != "E" and d.point == "A"
    assert all(d.point != "E" for d in wiod_diagnoses)  # E needs evidence


def test_wiod_no_flipped_label_is_high(wiod_diagnoses):
    n_variants = 0
    for d in wiod_diagnoses:
        for v in d.verdicts.values():
            n_variants += len(v.variants)
            if v.flipped_by:
                assert v.confidence in ("medium", "low"), (d.industry, v.dimension)
    assert n_variants > 0
    # start and end years are shifted by up to two years
    names = {(f.name, tuple(f.params.items())) for f in
             wiod_diagnoses["leather"].verdicts["dim_point"].variants}
    assert ("var_start_year", (("year", 1997),)) in names
    assert ("var_end_year", (("year", 2009),)) in names


@pytest.mark.parametrize("with_evidence", [False, True])
def test_variants_read_the_start_year_only_when_a_label_needs_it(with_evidence):
    """A variant keeps only its labels: without evidence no label depends on the start year (its
    proxies are shown only), so the start-year variants read no table of their own; with
    evidence of functional upgrading, inter-chain upgrading compares both ends and they do.
    Either way the variant's labels are those of the full computation."""
    from gvckit.framework.classify import ModelSeries
    from gvckit.framework.diagnose import _dlabels
    from gvckit.framework.evidence import load_evidence
    from gvckit.framework.ruleset import load_rules

    raw = _ev([("leather", "own_brand_share", 1995, 0.05, "share", "survey"),
               ("leather", "own_brand_share", 2011, 0.60, "share", "survey")]) if with_evidence else None
    ev = None if raw is None else load_evidence(raw)
    series = ModelSeries("wiod2013")
    rules = load_rules("paper")
    secs = ["19"]
    full = _dlabels(series, "CHN", "leather", "II", secs, 1996, 2011, rules, ev)
    fresh = ModelSeries("wiod2013")
    quick = _dlabels(fresh, "CHN", "leather", "II", secs, 1996, 2011, rules, ev, labels_only=True)
    assert quick.labels == full.labels and quick.reasons == {}
    assert (1996 in fresh._models) is with_evidence  # noqa: SLF001 - which tables were read
    d = diagnose(fresh, "CHN", "leather", list(range(1995, 2012)), evidence=raw)[0]
    assert {v.name for v in d.verdicts["dim_point"].variants} >= {"var_start_year", "var_end_year"}
