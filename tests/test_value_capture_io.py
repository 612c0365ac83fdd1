"""Value capture, input-output form (gvckit.framework.value_capture_io).

References: the paper's 30/300 example (price form, hand-built 2-country chain), decompr's
value-added multipliers V B on the peers' `leather` table, and the accounting identity
1'V B = 1' (shares add up to one).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gvckit
from conftest import random_table, shared_path
from gvckit.errors import InputError
from gvckit.framework.value_capture import value_capture
from gvckit.framework.value_capture_io import (
    chain_capture_summary,
    chain_final_demand,
    chain_value_capture,
    resolve_sectors,
)


def haining_chain() -> gvckit.ICIO:
    """CHN leather (VA 30, no inputs) sells a jacket to F's brand/retail sector, which adds 270
    of its own value added and sells it to F's consumers for 300."""
    Z = [[0, 30], [0, 0]]
    Y = [[0, 0], [0, 300]]
    return gvckit.ICIO(Z, Y, countries=["CHN", "F"], sectors=["s"], unit="USD")


def test_io_form_equals_price_form_30_of_300():
    t = haining_chain()
    r = chain_value_capture(t, "F", ["s"], destinations="all", level="country")
    shares = r.set_index("country").share
    assert shares["CHN"] == pytest.approx(value_capture(30, 300).share, abs=1e-12)
    assert shares["CHN"] == pytest.approx(0.1, abs=1e-12)
    assert r.va.sum() == pytest.approx(300.0)
    s = chain_capture_summary(t, "F", "s", "all", region="CHN")
    assert s.method == "io" and s.share == pytest.approx(0.1) and s.downstream_part == pytest.approx(270)


def test_haining_factory_gate_chain_has_all_value_domestic():
    # the same chain cut at China's factory gate: CHN sells nothing final, so no chain
    with pytest.raises(InputError, match="no final demand"):
        chain_value_capture(haining_chain(), "CHN", "s", "foreign")


def test_against_decompr_VB_on_leather():
    t = gvckit.ICIO(
        pd.read_csv(shared_path("testvectors", "peers", "leather_Z.csv"), index_col=0).to_numpy(),
        pd.read_csv(shared_path("testvectors", "peers", "leather_Y.csv"), index_col=0).to_numpy(),
        countries=["ARG", "TUR", "DEU"], sectors=["AGR", "TEX", "TRA"],
    )
    VB = pd.read_csv(shared_path("testvectors", "peers", "leather_decompr_VB.csv"), index_col=0)
    y = chain_final_demand(t, "TUR", ["TEX"], "foreign")
    Y = pd.read_csv(shared_path("testvectors", "peers", "leather_Y.csv"), index_col=0)
    # y_c by hand: TUR_TEX row, ARG and DEU columns
    assert y.sum() == pytest.approx(Y.loc["TUR_TEX", ["ARG", "DEU"]].sum())
    expect = VB.to_numpy() @ y
    got = chain_value_capture(t, "TUR", ["TEX"], "foreign")
    np.testing.assert_allclose(got.va.to_numpy(), expect, rtol=1e-9, atol=1e-9)
    by_c = chain_value_capture(t, "TUR", ["TEX"], "foreign", level="country").set_index("country")
    assert by_c.loc["TUR", "share"] == pytest.approx(expect[3:6].sum() / y.sum(), rel=1e-9)
    assert got.attrs["domestic_share"] == pytest.approx(by_c.loc["TUR", "share"])


def test_destination_list_and_errors():
    rng = np.random.default_rng(3)
    t = random_table(rng, 3, 2)
    a = chain_value_capture(t, "C0", ["s1"], destinations=["C1"], level="country")
    b = chain_value_capture(t, "C0", ["s1"], destinations=["C2"], level="country")
    both = chain_value_capture(t, "C0", ["s1"], destinations="foreign", level="country")
    np.testing.assert_allclose(a.va + b.va, both.va, rtol=1e-12)
    with pytest.raises(InputError, match="unknown destination"):
        chain_value_capture(t, "C0", ["s1"], destinations=["XX"])
    with pytest.raises(InputError, match="unknown sector"):
        chain_value_capture(t, "C0", ["nope"])
    with pytest.raises(InputError, match="unknown country"):
        chain_value_capture(t, "XX", ["s1"])
    with pytest.raises(InputError, match="residual"):
        chain_value_capture(gvckit.Model(t, va="reported"), "C0", ["s1"])
    with pytest.raises(InputError, match="level"):
        chain_value_capture(t, "C0", ["s1"], level="world")


def test_single_country_table_foreign_is_refused():
    t = gvckit.ICIO([[1, 2], [3, 4]], [[10], [20]], countries=["CHN"], sectors=["a", "b"])
    with pytest.raises(InputError, match="multi-country"):
        chain_value_capture(t, "CHN", "a", "foreign")
    r = chain_value_capture(t, "CHN", "a", "all", level="country")
    assert r.share.iloc[0] == pytest.approx(1.0)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), G=st.integers(2, 4), N=st.integers(1, 3))
def test_shares_add_up_to_one_and_are_nonnegative(seed, G, N):
    t = random_table(np.random.default_rng(seed), G, N)
    r = chain_value_capture(t, "C1", ["s0"], "all")
    assert r.share.sum() == pytest.approx(1.0, abs=1e-10)
    assert (r.va >= -1e-12).all()
    assert r.va.sum() == pytest.approx(r.attrs["final_value"], rel=1e-10)


def test_wiod_leather_2005_registry_key_and_shares():
    t = gvckit.load_dataset("wiod2013", year=2005)
    assert resolve_sectors(t, "leather") == ["19"]
    r = chain_value_capture(t, "CHN", "leather", "foreign", level="country")
    assert r.share.sum() == pytest.approx(1.0, abs=1e-9)
    # China's own share is the largest, but foreign content is well above zero
    s = r.set_index("country").share
    assert s.idxmax() == "CHN" and 0.5 < s["CHN"] < 0.97
