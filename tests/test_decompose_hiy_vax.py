"""HIY vertical specialisation and Johnson-Noguera VAX against decompr's ``V B diag(E)``,
gvc 6.4.0 ``i2e``/``e2r`` and exvatools' TiVA final-demand matrices on `leather`; identities
on random tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gvckit
from conftest import random_table, shared_path
from gvckit.measures.decompose import decompose


def peers(name: str) -> pd.DataFrame:
    return pd.read_csv(shared_path("testvectors", "peers", name), index_col=0)


def test_hiy_is_block_sums_of_decompr_VBE(leather):
    vbe = peers("leather_decompr_VBE.csv").to_numpy()  # decompr leontief(post="exports")
    src = np.repeat(np.arange(3), 3)
    same = src[:, None] == src[None, :]
    r = decompose(leather, "hiy", "sector")
    np.testing.assert_allclose(r.VS.to_numpy(), (vbe * ~same).sum(axis=0), rtol=1e-9)
    np.testing.assert_allclose(r.DVA.to_numpy(), (vbe * same).sum(axis=0), rtol=1e-9)
    np.testing.assert_allclose(r.VS1.to_numpy(), (vbe * ~same).sum(axis=1), rtol=1e-9)
    np.testing.assert_allclose(r.EXGR.to_numpy(), vbe.sum(axis=0), rtol=1e-9)


def test_hiy_matches_gvc(leather):
    g = peers("leather_gvc_indicators.csv")
    r = decompose(leather, "hiy", "sector")
    np.testing.assert_allclose(r.VS.to_numpy(), g.i2e.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(r.VS1.to_numpy(), g.e2r.to_numpy(), rtol=1e-9)
    c = decompose(leather, "hiy")
    assert c.loc["ARG", "VS"] == pytest.approx(g.i2e.iloc[:3].sum(), rel=1e-9)


@pytest.fixture(scope="module")
def exva_tiva() -> pd.DataFrame:
    d = pd.read_csv(shared_path("testvectors", "peers", "leather_exvatools_sector_by_partner.csv"))
    d = d[(d.method == "oecd") & (d.output == "tiva")]
    return d.pivot(index="exporter_sector", columns="variable", values="total_all_partners")


def test_hiy_final_demand_splits_match_exvatools(leather, exva_tiva):
    r = decompose(leather, "hiy", "sector")
    labels = [f"{c}_{s}" for c, s in r.index]
    ref = exva_tiva.loc[labels]
    np.testing.assert_allclose(r.DVA_DFD.to_numpy(), ref.DXD_DVA.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(r.DVA_FFD.to_numpy(), ref.FFD_DVA.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(r.FVA_DFD.to_numpy(), ref.DFD_FVA.to_numpy(), rtol=1e-9)
    # all value added ends in some final demand: FD_VA = VA by source sector
    np.testing.assert_allclose((r.DVA_DFD + r.DVA_FFD).to_numpy(), ref.VA.to_numpy(), rtol=1e-9)


def test_vax_matches_exvatools_ffd_dva_by_partner(leather):
    d = pd.read_csv(shared_path("testvectors", "peers", "leather_exvatools_sector_by_partner.csv"))
    d = d[(d.method == "oecd") & (d.output == "tiva") & (d.variable == "FFD_DVA")]
    r = decompose(leather, "vax", "bilateral_sector")
    for row in d.itertuples():
        c, s = row.exporter_sector.split("_")
        for p in leather.countries:
            if p != c:
                assert r.loc[(c, s, p), "VAX"] == pytest.approx(getattr(row, f"to_{p}"), rel=1e-9)
    b = decompose(leather, "vax", "bilateral")
    assert b.loc[("ARG", "TUR"), "VAX_ratio"] == pytest.approx(
        b.loc[("ARG", "TUR"), "VAX"] / b.loc[("ARG", "TUR"), "EXGR"], rel=1e-12
    )
    # peers README: ARG VAX (= KWW T1+T2+T3) 46.732088
    assert decompose(leather, "vax").loc["ARG", "VAX"] == pytest.approx(46.732088, abs=1e-6)


def test_vax_hand_worked_two_countries():
    # two countries, one sector: A = [[a11, a12], [a21, a22]], VAX_AB = v_A (B Y)_{A, B}
    Z = np.array([[10.0, 2.0], [3.0, 10.0]])
    Y = np.array([[20.0, 5.0], [4.0, 30.0]])
    t = gvckit.ICIO(Z, Y, countries=["A", "B"], sectors=["s"])
    x = Z.sum(1) + Y.sum(1)  # 37, 47
    A = Z / x
    B = np.linalg.inv(np.eye(2) - A)
    v = 1 - A.sum(0)
    vax_ab = v[0] * (B[0] @ Y[:, 1])
    r = decompose(t, "vax", "bilateral")
    assert r.loc[("A", "B"), "VAX"] == pytest.approx(vax_ab, rel=1e-12)
    assert r.loc[("A", "B"), "EXGR"] == pytest.approx(2.0 + 5.0)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_hiy_vax_identities(G, N, seed):
    t = random_table(np.random.default_rng(seed), G, N)
    m = gvckit.Model(t)
    h = decompose(m, "hiy")
    np.testing.assert_allclose(h.DVA + h.VS, h.EXGR, rtol=1e-9)
    # world total of VS (backward) equals world total of VS1 (forward)
    assert h.VS.sum() == pytest.approx(h.VS1.sum(), rel=1e-9)
    # GDP identity: VA = VA absorbed at home + VA exported (VAX)
    va = m.va.reshape(G, N).sum(axis=1)
    np.testing.assert_allclose(h.DVA_DFD + h.DVA_FFD, va, rtol=1e-9)
    vx = decompose(m, "vax")
    np.testing.assert_allclose(vx.VAX, h.DVA_FFD, rtol=1e-9)
    # world VA exports = world VA imports (absorbed abroad)
    assert vx.VAX.sum() == pytest.approx(h.FVA_DFD.sum(), rel=1e-9)
    b = decompose(m, "vax", "bilateral_sector")
    np.testing.assert_allclose(b.groupby(level="exporter", sort=False).VAX.sum(), vx.VAX, rtol=1e-12)
    if G >= 3:
        # a group's VAX is the VA of its members absorbed outside the group
        g = decompose(m, "vax", groups={"G01": ["C0", "C1"]}, level="bilateral")
        W = m.v[:, None] * m.solve(m.Yd)
        inside = m.country_of < 2
        want = W[inside][:, 2:].sum()
        got = g.loc["G01"].VAX.sum()
        assert got == pytest.approx(want, rel=1e-9)
        assert got < vx.loc[["C0", "C1"], "VAX"].sum()  # not the sum of the members' VAX


@settings(max_examples=10, deadline=None)
@given(st.integers(2, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_hiy_value_added_of_one_country_only(G, N, seed):
    """With the VA coefficients of one country c only, DVA is non-zero only for c's exports and
    VS only for the others'; the single-country runs add back to the full result."""
    t = random_table(np.random.default_rng(seed), G, N)
    full = decompose(t, "hiy", "sector")
    total = 0.0
    for c in range(G):
        m = gvckit.Model(t)
        m.v = np.where(m.country_of == c, m.v, 0.0)
        r = decompose(m, "hiy", "sector")
        mine = r.index.get_level_values("exporter") == f"C{c}"
        assert np.abs(r.loc[mine, "VS"].to_numpy()).max() < 1e-12
        assert np.abs(r.loc[~mine, ["DVA", "VS1", "DVA_DFD", "DVA_FFD"]].to_numpy()).max() < 1e-12
        total = total + r[["DVA", "VS", "VS1", "DVA_DFD", "DVA_FFD", "FVA_DFD"]]
    np.testing.assert_allclose(
        total.to_numpy(),
        full[["DVA", "VS", "VS1", "DVA_DFD", "DVA_FFD", "FVA_DFD"]].to_numpy(),
        rtol=1e-9,
        atol=1e-12,
    )
