"""Smile-curve data (gvckit.framework.smile).

References: a hand-built serial chain whose stage counts are known (raw material 3 stages from
the final good, parts 2, assembly 1), decompr's V B on `leather`, and the identity that the VA
column adds up to the chain's final value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gvckit
from conftest import shared_path
from gvckit.framework.smile import smile_curve, smile_points


def serial_chain() -> gvckit.ICIO:
    """RAW (country R) -> PARTS (country P) -> ASSEMBLY (country C) -> final buyers abroad.

    R's sector 'raw' produces 20 (all VA), sold to P's 'parts' which adds 30 (output 50), sold
    to C's 'asm' which adds 50 (output 100), sold as final goods to R (60) and P (40).
    """
    countries, sectors = ["R", "P", "C"], ["raw", "parts", "asm"]
    n = 9
    Z = np.zeros((n, n))
    Z[0 * 3 + 0, 1 * 3 + 1] = 20  # R raw -> P parts
    Z[1 * 3 + 1, 2 * 3 + 2] = 50  # P parts -> C asm
    Y = np.zeros((n, 3))
    Y[2 * 3 + 2, 0] = 60
    Y[2 * 3 + 2, 1] = 40
    # every other sector: small domestic final demand so no row is empty
    for i in range(n):
        if i not in (0, 4, 8):
            Y[i, i // 3] = 1.0
    return gvckit.ICIO(Z, Y, countries=countries, sectors=sectors, year=2000)


def test_serial_chain_positions_and_va():
    d = smile_points(gvckit.Model(serial_chain()), "C", ["asm"], "foreign")
    d = d.set_index(["country", "sector"])
    assert d.loc[("R", "raw"), "va"] == pytest.approx(20)
    assert d.loc[("P", "parts"), "va"] == pytest.approx(30)
    assert d.loc[("C", "asm"), "va"] == pytest.approx(50)
    assert d.loc[("R", "raw"), "position"] == pytest.approx(3)
    assert d.loc[("P", "parts"), "position"] == pytest.approx(2)
    assert d.loc[("C", "asm"), "position"] == pytest.approx(1)
    assert d.va.sum() == pytest.approx(100)
    assert d.va_share.sum() == pytest.approx(1)
    assert np.isnan(d.loc[("R", "parts"), "position"])  # contributes nothing


def test_va_adds_up_to_final_value_wiod_two_years():
    s = smile_curve("wiod2013", "CHN", "30t33", years=[1995, 2011], min_share=0.005)
    for y in (1995, 2011):
        d = s.data[s.data.year == y]
        t = gvckit.load_dataset("wiod2013", year=y)
        fin = t.final_demand_by_destination()[t.index.get_loc(("CHN", "30t33"))]
        final = fin.sum() - fin[t.countries.index("CHN")]
        assert s.final_value[y] == pytest.approx(final)
        assert d.va.sum() + s.residual[y] == pytest.approx(final, rel=1e-9)
        assert (d.position.dropna() >= 1 - 1e-12).all()
    pf = s.to_plot_frame()
    assert list(pf.columns) == ["label", "position", "va_share", "year"]
    assert set(pf.year) == {1995, 2011}
    cmp = s.compare()
    assert ("va_share", 2011) in cmp.columns


def test_against_decompr_VB_on_leather():
    Z = pd.read_csv(shared_path("testvectors", "peers", "leather_Z.csv"), index_col=0)
    Y = pd.read_csv(shared_path("testvectors", "peers", "leather_Y.csv"), index_col=0)
    VB = pd.read_csv(shared_path("testvectors", "peers", "leather_decompr_VB.csv"), index_col=0)
    t = gvckit.ICIO(Z.to_numpy(), Y.to_numpy(), countries=["ARG", "TUR", "DEU"],
                    sectors=["AGR", "TEX", "TRA"], year=1)
    d = smile_points(gvckit.Model(t), "DEU", ["TRA"], "all")
    y = np.zeros(9)
    y[8] = Y.loc["DEU_TRA"].sum()
    vb = VB.to_numpy()
    x = t.x.to_numpy()
    va = t.value_added().to_numpy()
    B = vb / (va / x)[:, None]  # decompr's B from its V B
    np.testing.assert_allclose(d.va, vb @ y, rtol=1e-8)
    np.testing.assert_allclose(d.position, (B @ B @ y) / (B @ y), rtol=1e-8)


def test_errors():
    from gvckit.errors import InputError

    with pytest.raises(InputError):
        smile_curve(serial_chain(), "C", ["nope"])
    with pytest.raises(InputError):
        smile_curve(serial_chain(), "C", ["asm"], years=[1999])


def test_smile_curve_follows_the_results_protocol():
    import gvckit
    from gvckit.framework import smile_curve

    s = smile_curve(gvckit.load_dataset("wiod2013", year=1995), "CHN", "19", min_share=0.01)
    df = s.to_frame()
    assert df.equals(s.data) and df is not s.data and df.attrs["country"] == "CHN"
    assert repr(s).startswith("<SmileCurve CHN 19 -> foreign")
    # the top lines of the summary are the largest shares of the data
    top = s.data.nlargest(1, "va_share").iloc[0]
    assert f"{top.label} {100 * top.va_share:.1f}%" in s.summary()
