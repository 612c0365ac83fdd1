"""Diagnosis on the Figure 1 path (gvckit.framework.diagnose).

References: constructed tables where the right point is known by construction (no imported
inputs and few exports -> A; imported inputs -> B; a rising domestic VA share -> C; rising design
and business services in exports -> D; plus a related chemicals sector gaining comparative
advantage -> E), the identity DVA share + foreign content share = 1, and the paper's paths.
"""

from __future__ import annotations

import pytest

import gvckit
from constructed_world import COUNTRIES, SECTORS, world  # noqa: E402,F401
from gvckit.framework.concepts import Figure1Point
from gvckit.framework.diagnose import diagnose
from gvckit.framework.rules import Rules


def two_years(start: dict, end: dict) -> dict:
    return {2000: world(year=2000, **start), 2010: world(year=2010, **end)}


def test_no_imported_inputs_is_point_A_and_foreign_content_moves_it_to_B():
    d = diagnose(world(imp=0.0, tex_exp=5), "CHN", "textiles")
    assert d.point is Figure1Point.A and d.confidence == "high"
    ev = d.evidence.set_index("indicator")
    assert ev.loc["foreign_content_share", "end"] == pytest.approx(0.0, abs=1e-12)
    assert ev.loc["domestic_input_share", "end"] == pytest.approx(1.0)
    d2 = diagnose(world(imp=0.3, tex_exp=5), "CHN", "textiles")
    assert d2.point is Figure1Point.B
    assert d2.evidence.set_index("indicator").loc["foreign_content_share", "end"] == pytest.approx(0.3)
    # one year: C, D, E not assessed, observed types unknown
    assert d2.observed_upgrading.observed.isna().all()
    assert any("one year only" in n for n in d2.notes)
    assert [m.label for m in d2.next_moves] == ["B->C", "B->D"]


def test_joining_the_gvc_is_process_upgrading_A_to_B():
    d = diagnose(two_years(dict(imp=0.0, tex_exp=5), dict(imp=0.3)), "CHN", "textiles")
    assert d.point is Figure1Point.B
    assert d.observed_types == ["process"]
    assert "joined" in d.observed_upgrading.set_index("upgrading").loc["process", "note"]


def test_rising_domestic_va_share_is_product_upgrading_C():
    d = diagnose(two_years(dict(imp=0.3), dict(imp=0.15)), "CHN", "textiles")
    assert d.point is Figure1Point.C
    o = d.observed_upgrading.set_index("upgrading")
    assert o.loc["product", "start"] == pytest.approx(0.70)
    assert o.loc["product", "end"] == pytest.approx(0.85)
    assert o.loc["product", "change"] == pytest.approx(0.15)
    assert "product" in d.observed_types and "functional" not in d.observed_types


def test_rising_design_services_share_is_functional_upgrading_D():
    d = diagnose(two_years(dict(imp=0.15), dict(imp=0.15, serv=0.3)), "CHN", "textiles")
    assert d.point is Figure1Point.D and d.confidence == "high"
    o = d.observed_upgrading.set_index("upgrading")
    assert bool(o.loc["functional", "observed"]) is True
    # services VA per unit of exports: serv * v_71t74 * (I - 0.05)^-1 = serv * 0.95 / 0.95
    assert o.loc["functional", "change"] == pytest.approx(0.2)
    assert bool(o.loc["product", "observed"]) is False
    # a higher threshold hides it
    d2 = diagnose(two_years(dict(imp=0.15), dict(imp=0.15, serv=0.3)), "CHN", "textiles",
                  rules=Rules(functional_services_change_min=0.25))
    assert d2.point is Figure1Point.B


def test_functional_plus_related_sector_advantage_is_inter_chain_E():
    d = diagnose(two_years(dict(imp=0.15), dict(imp=0.15, serv=0.3, chem_exp=300)), "CHN",
                 "textiles")
    assert d.point is Figure1Point.E
    ev = d.evidence.set_index("indicator")
    assert ev.loc["nrca:24", "start"] < 1 <= ev.loc["nrca:24", "end"]
    assert d.next_moves == []  # the paper names no move out of E
    # inter-chain signs without functional upgrading are reported but not placed at E
    d2 = diagnose(two_years(dict(imp=0.15), dict(imp=0.15, chem_exp=300)), "CHN", "textiles")
    assert d2.point is Figure1Point.B and "inter_chain" in d2.observed_types
    assert d2.confidence == "medium" and "not placed at E" in d2.confidence_rule


def test_wiod_china_leather_span_identities():
    d = diagnose("wiod2013", "CHN", "leather", years=[1995, 2011])
    ev = d.evidence.set_index("indicator")
    for col in ("start", "end"):
        assert ev.loc["dva_share_exports", col] + ev.loc["foreign_content_share", col] == (
            pytest.approx(1.0))
    assert d.confidence in {"high", "medium", "low"}
    assert d.point.value in "ABCDE"
    assert list(d.series.index) == [1995, 2011]
    f = d.to_frame()
    assert f.loc[0, "span"] == "1995-2011" and f.loc[0, "paper_type"] == "II"


def test_type_III_gets_its_path_and_unknown_region_fails():
    from gvckit.framework.paths import path

    d = diagnose("wiod2013", "CHN", "electronics_communication", years=[2011])
    assert d.paper_type == "III"
    assert [m.name_en for m in d.next_moves] == [m.name_en for m in path("III")]
    assert any("does not place type III" in n for n in d.notes)
    with pytest.raises(gvckit.errors.InputError, match="region"):
        diagnose(world(imp=0.3), "XXX", "textiles")
