"""Production length and upstreamness: gvc's correct columns on `leather` (and its shipped
bug), the identities U = PLv = G1 and N = PLy = 1'B on random tables and WIOD 2011, GVC length
against explicit matrices, and the open-economy upstreamness on a hand-worked example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gvckit
from conftest import random_table, shared_path
from gvckit.measures.length import gvc_length, production_length, upstreamness, upstreamness_open


def close(a, b, rtol=1e-10, atol=1e-12):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=rtol, atol=atol)


def test_leather_matches_gvc_correct_columns(leather):
    g = pd.read_csv(shared_path("testvectors", "peers", "leather_gvc_indicators.csv"), index_col=0)
    r = production_length(leather)
    close(r["U_acfh"], g["upstreamness_ghosh_G1"], rtol=1e-6)
    close(r["N_fally"], g["fally_N_colsums_B"], rtol=1e-6)
    assert r.loc[("ARG", "AGR"), "U_acfh"] == pytest.approx(2.098404, rel=1e-6)
    assert r.loc[("ARG", "AGR"), "N_fally"] == pytest.approx(1.565401, rel=1e-6)
    # the trap: gvc 6.4.0 as shipped uses the foreign-only A and returns ~1.28
    assert abs(r.loc[("ARG", "AGR"), "U_acfh"] - g.loc["ARG_AGR", "gvc_upstream_as_shipped"]) > 0.5


def _dense(t: gvckit.ICIO):
    Z, _, x = t.arrays()
    n = t.n
    A = Z / x[None, :]
    B = np.linalg.inv(np.eye(n) - A)
    return A, B, x


tables = st.tuples(st.integers(0, 10_000), st.integers(2, 4), st.integers(1, 3))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_upstreamness_is_forward_length_and_downstreamness_backward(args):
    seed, G, N = args
    t = random_table(np.random.default_rng(seed), G, N)
    A, B, x = _dense(t)
    n = t.n
    Delta = A * x[None, :] / x[:, None]  # x^-1 A x
    U = np.linalg.solve(np.eye(n) - Delta, np.ones(n))
    G1 = gvckit.Model(t).ghosh().sum(axis=1)
    r = production_length(t)
    close(r["U_acfh"], U)
    close(r["PLv"], U)
    close(r["PLv"], G1)
    close(r["N_fally"], B.sum(axis=0))
    close(r["PLy"], B.sum(axis=0))
    close(upstreamness(t), U)
    assert (r["PLv"] >= 1 - 1e-12).all() and (r["PLy"] >= 1 - 1e-12).all()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_gvc_length_against_explicit_matrices(args):
    seed, G, N = args
    t = random_table(np.random.default_rng(seed), G, N, K=2)
    A, B, x = _dense(t)
    v = 1 - A.sum(axis=0)
    cof = np.repeat(np.arange(G), N)
    dom = cof[:, None] == cof[None, :]
    L = np.linalg.inv(np.eye(t.n) - A * dom)
    AF = A * ~dom
    Yh = np.diag(t.final_demand_by_destination().sum(axis=1))
    V = np.diag(v)
    Vg = V @ L @ AF @ B @ Yh
    Xg = V @ L @ L @ AF @ B @ Yh + V @ L @ AF @ B @ B @ Yh
    r = gvc_length(t)
    close(r["PLv_GVC"], Xg.sum(axis=1) / Vg.sum(axis=1), rtol=1e-9)
    close(r["PLy_GVC"], Xg.sum(axis=0) / Vg.sum(axis=0), rtol=1e-9)
    close(r["GVCPs"], r["PLv_GVC"] / r["PLy_GVC"])
    # GVC production has at least two stages (L >= I, B >= I)
    assert (r["PLv_GVC"] >= 2 - 1e-9).all() and (r["PLy_GVC"] >= 2 - 1e-9).all()
    c = gvc_length(t, level="country")
    close(c["PLv_GVC"], Xg.sum(axis=1).reshape(G, N).sum(1) / Vg.sum(axis=1).reshape(G, N).sum(1),
          rtol=1e-9)


def test_wiod_2011_identities():
    t = gvckit.load_dataset("wiod2013", year=2011)
    m = gvckit.Model(t)
    r = production_length(m)
    live = m.x > 0
    G1 = m.ghosh().sum(axis=1)
    close(r["U_acfh"][live], G1[live], rtol=1e-10)
    assert r["U_acfh"][~live].isna().all()  # zero-output sectors: NaN, deliberately
    assert len(r.attrs["zero_output"]) == 22
    oneB = m.B.sum(axis=0)
    close(r["N_fally"], oneB, rtol=1e-10)
    close(r["PLy"][live], oneB[live], rtol=1e-10)


def test_open_upstreamness_hand_worked():
    """Two products. Z = [[20, 10], [30, 10]], x = (100, 80), exports e = (40, 0), competitive
    imports m = (0, 20). Home absorption x - e + m = (60, 100).
    Delta = Z_ij / (x_i - e_i + m_i) = [[1/3, 1/6], [0.3, 0.1]];
    U = (I - Delta)^-1 1: (2/3) U1 - (1/6) U2 = 1, -0.3 U1 + 0.9 U2 = 1
    => U2 = (1 + 0.3 U1) / 0.9 and (2/3) U1 - (1 + 0.3 U1) / 5.4 = 1, U1 = 1.939394."""
    Z = np.array([[20.0, 10.0], [30.0, 10.0]])  # final use (30, 60)
    Y = np.array([[30.0], [60.0]])
    ex = np.array([40.0, 0.0])
    im = np.array([0.0, 20.0])
    x = Z.sum(axis=1) + Y[:, 0] + ex - im  # (100, 80)
    t = gvckit.ICIO(Z, Y, x=x, exports=ex, imports_competitive=im, countries=["H"],
                    sectors=["a", "b"])
    u = upstreamness_open(t)["U_open"].to_numpy()
    # (2/3 - 0.3/5.4) U1 = 1 + 1/5.4
    U1 = (1 + 1 / 5.4) / (2 / 3 - 0.3 / 5.4)
    U2 = (1 + 0.3 * U1) / 0.9
    close(u, [U1, U2])
    assert U1 == pytest.approx(1.9393939, rel=1e-6)


def test_open_upstreamness_china_noncompetitive():
    t = gvckit.load_dataset("china_nbs", year=2017, variant="42")
    r = upstreamness_open(t)
    assert "non-competitive" in r.attrs["imports"]
    u = r["U_open"].dropna()
    assert len(u) >= 40 and (u >= 1 - 1e-12).all() and u.max() < 10
    with pytest.raises(gvckit.InputError, match="single-country"):
        upstreamness_open(gvckit.load_dataset("wiod2013", year=2011))


def test_indicators_frame_joins_the_measures(leather):
    from gvckit.measures.indicators import indicators

    r = indicators(leather)
    assert r.index.names == ["country", "sector"] and len(r) == 9
    g = pd.read_csv(shared_path("testvectors", "peers", "leather_gvc_indicators.csv"), index_col=0)
    close(r["U_acfh"], g["upstreamness_ghosh_G1"], rtol=1e-6)
    close(r["NRCA"], g["nrca"], rtol=1e-6)
    assert {"GVCB_share", "GVCPt_f", "PLv_GVC", "GVCPs"} <= set(r.columns)
    c = indicators(leather, level="country")
    assert c.loc["ARG", "FVA"] == pytest.approx(10.434837, rel=1e-6)
    assert "KPWW_position" in c.columns
    with pytest.raises(gvckit.InputError, match="level='country'"):
        indicators(leather, ["kpww"])
    with pytest.raises(gvckit.InputError, match="does not apply"):
        indicators(leather, ["dva"])
