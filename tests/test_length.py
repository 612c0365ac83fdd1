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
from gvckit.measures.length import (
    gvc_length,
    length_terms,
    production_length,
    upstreamness,
    upstreamness_open,
)


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


def _explicit(t: gvckit.ICIO):
    """Dense WWYZ (2017b) matrices: the GVC length total from the paper's formula and the
    segments as the ADB MRIO processing code writes them (ksreyes/mrio-processing)."""
    A, B, x = _dense(t)
    G, N = t.G, t.N
    v = 1 - A.sum(axis=0)
    cof = np.repeat(np.arange(G), N)
    dom = cof[:, None] == cof[None, :]
    L = np.linalg.inv(np.eye(t.n) - A * dom)
    AD, AF = A * dom, A * ~dom
    Yd = t.final_demand_by_destination()
    y = Yd.sum(axis=1)
    yd = Yd[np.arange(t.n), cof]
    V, Yh = np.diag(v), np.diag(y)
    return {
        "V_GVC": V @ L @ AF @ B @ Yh,
        "X_GVC": V @ L @ L @ AF @ B @ Yh + V @ L @ AF @ B @ B @ Yh,  # WWYZ 2017b
        "Xd_GVC": V @ L @ L @ AF @ B @ Yh,  # ADB: v @ Bd @ Bd @ Af @ B @ y
        "E_GVC": V @ B @ AF @ B @ Yh,  # ADB: v @ B @ Af @ B @ y
        "Xf_GVC": V @ L @ AF @ B @ AD @ B @ Yh,  # ADB: v @ Bd @ Af @ B @ Ad @ B @ y
        "V_D": V @ L @ np.diag(yd), "X_D": V @ L @ L @ np.diag(yd),
        "V_RT": V @ L @ np.diag(y - yd), "X_RT": V @ L @ L @ np.diag(y - yd),
        "V": V @ B @ Yh, "X": V @ B @ B @ Yh,
    }


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_gvc_length_against_explicit_matrices(args):
    seed, G, N = args
    t = random_table(np.random.default_rng(seed), G, N, K=2)
    M = _explicit(t)
    Vg, Xg = M["V_GVC"], M["X_GVC"]
    r = gvc_length(t)
    close(r["PLv_GVC"], Xg.sum(axis=1) / Vg.sum(axis=1), rtol=1e-9)
    close(r["PLy_GVC"], Xg.sum(axis=0) / Vg.sum(axis=0), rtol=1e-9)
    close(r["GVCPs"], r["PLv_GVC"] / r["PLy_GVC"])
    for seg, key in (("_GVC_D", "Xd_GVC"), ("CB", "E_GVC"), ("_GVC_F", "Xf_GVC")):
        fwd = "CBv_GVC" if seg == "CB" else f"PLv{seg}"
        bwd = "CBy_GVC" if seg == "CB" else f"PLy{seg}"
        close(r[fwd], M[key].sum(axis=1) / Vg.sum(axis=1), rtol=1e-9)
        close(r[bwd], M[key].sum(axis=0) / Vg.sum(axis=0), rtol=1e-9)
    # the segments add up to the paper's total (an identity, not by construction: the total
    # above is the paper's two-term formula)
    close(M["Xd_GVC"] + M["E_GVC"] + M["Xf_GVC"], Xg, rtol=1e-10, atol=1e-10)
    close(r["PLv_GVC_D"] + r["CBv_GVC"] + r["PLv_GVC_F"], Xg.sum(axis=1) / Vg.sum(axis=1),
          rtol=1e-10)
    # GVC production has at least two stages (L >= I, B >= I): one at home, one crossing
    assert (r["PLv_GVC"] >= 2 - 1e-9).all() and (r["PLy_GVC"] >= 2 - 1e-9).all()
    assert (r[["PLv_GVC_D", "CBv_GVC", "PLy_GVC_D", "CBy_GVC"]] >= 1 - 1e-9).all().all()
    assert (r[["PLv_GVC_F", "PLy_GVC_F"]] >= -1e-12).all().all()
    c = gvc_length(t, level="country")
    close(c["PLv_GVC"], Xg.sum(axis=1).reshape(G, N).sum(1) / Vg.sum(axis=1).reshape(G, N).sum(1),
          rtol=1e-9)
    close(c["CBy_GVC"], M["E_GVC"].sum(axis=0).reshape(G, N).sum(1)
          / Vg.sum(axis=0).reshape(G, N).sum(1), rtol=1e-9)
    # additive terms: V̂BŶ = pure domestic + traditional trade + GVC, and likewise V̂BBŶ
    lt = length_terms(t)
    for ax, pre in ((1, "v"), (0, "y")):
        V = "V" if ax == 1 else "Y"
        close(lt[f"{V}_D"], M["V_D"].sum(axis=ax))
        close(lt[f"X{pre}_RT"], M["X_RT"].sum(axis=ax))
        close(lt[f"{V}_D"] + lt[f"{V}_RT"] + lt[f"{V}_GVC"], M["V"].sum(axis=ax))
        close(lt[f"X{pre}_D"] + lt[f"X{pre}_RT"] + lt[f"X{pre}_GVC_D"] + lt[f"E{pre}_GVC"]
              + lt[f"X{pre}_GVC_F"], M["X"].sum(axis=ax))


def _path_counts(A: np.ndarray, dom: np.ndarray, K: int = 400) -> dict[str, np.ndarray]:
    """Sum over every production path i -> ... -> j (a product of coefficients, one per step)
    of its weight times: 1 if it has a foreign step (V_GVC), its stages before the first
    foreign step (D), its foreign steps (CB) and its domestic steps after the first foreign
    step (F). Built step by step, K steps (column sums of A < 0.8, so 0.8^K is negligible);
    this is the definition of the segments, with no Leontief inverse."""
    n = A.shape[0]
    AD, AF = A * dom, A * ~dom
    P0, P1 = np.eye(n), np.zeros((n, n))  # paths with no / with a foreign step so far
    C, D, F = (np.zeros((n, n)) for _ in range(3))
    S = {k: np.zeros((n, n)) for k in ("V", "D", "CB", "F")}
    for k in range(K):
        # append one step to every path of k steps (k + 1 stages)
        C = C @ A + (P0 + P1) @ AF
        D = D @ A + (k + 1) * (P0 @ AF)
        F = F @ A + P1 @ AD
        P1 = P1 @ A + P0 @ AF
        P0 = P0 @ AD
        for key, M in (("V", P1), ("D", D), ("CB", C), ("F", F)):
            S[key] += M
    return S


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.integers(0, 10_000), st.integers(2, 3), st.integers(1, 2)))
def test_segments_count_stages_path_by_path(args):
    """The segments are averages over production paths of the stages before the first border
    crossing, the crossings, and the stages after it (WWYZ 2017b's reading)."""
    seed, G, N = args
    t = random_table(np.random.default_rng(seed), G, N)
    A, _, _ = _dense(t)
    v = 1 - A.sum(axis=0)
    cof = np.repeat(np.arange(G), N)
    S = _path_counts(A, cof[:, None] == cof[None, :])
    y = t.final_demand_by_destination().sum(axis=1)
    r = gvc_length(t)
    Vf = v * (S["V"] @ y)
    Vb = (v @ S["V"]) * y
    for key, fwd, bwd in (("D", "PLv_GVC_D", "PLy_GVC_D"), ("CB", "CBv_GVC", "CBy_GVC"),
                          ("F", "PLv_GVC_F", "PLy_GVC_F")):
        close(r[fwd], v * (S[key] @ y) / Vf, rtol=1e-9)
        close(r[bwd], (v @ S[key]) * y / Vb, rtol=1e-9)


def test_gvc_length_hand_worked_two_countries():
    """Two countries A, B with one sector each.

    A = [[a_AA, a_AB], [a_BA, a_BB]] = [[0.2, 0.5], [0, 0.25]]; B's final goods (75) are
    consumed in B, A has no final demand.
    Outputs: x_B = 75 / (1 - 0.25) = 100, x_A = 0.5 * 100 / (1 - 0.2) = 62.5, so
    Z = [[12.5, 50], [0, 25]], value added v = (1 - 0.2, 1 - 0.75) = (0.8, 0.25), VA = (50, 25).

    A's value added reaches final demand only along the paths A -(k rounds in A)-> cross to B
    -(m rounds in B)-> final goods of B, with weight 0.8 * 0.2^k * 0.5 * 0.25^m * 75. Summing:
    0.8 * 1.25 * 0.5 * (4/3) * 75 = 50, all of A's VA, and all of it GVC (it crosses once).
    A path has (k + 1) stages in A, then one crossing (a stage in B), then m further stages
    in B. Averages over the geometric weights:
    * domestic segment E[k + 1] = sum (k+1) 0.2^k / sum 0.2^k = 1 / 0.8 = 1.25;
    * border crossings = 1 (every path crosses exactly once);
    * foreign segment E[m] = sum m 0.25^m / sum 0.25^m = 0.25 / 0.75 = 1/3;
    * PLv_GVC = 1.25 + 1 + 1/3 = 2.583333.
    Backward, B's final goods contain 50 of GVC value added (A's) along the same paths, hence
    the same segments. B's own value added never crosses a border: no GVC length (NaN), and its
    pure-domestic length is E[m + 1] = 1 / 0.75 = 4/3.
    """
    Z = np.array([[12.5, 50.0], [0.0, 25.0]])
    Y = np.array([[0.0, 0.0], [0.0, 75.0]])  # columns: destination A, B
    t = gvckit.ICIO(Z, Y, countries=["A", "B"], sectors=["s"])
    r = gvc_length(t)
    a, b = ("A", "s"), ("B", "s")
    close(r.loc[a, ["PLv_GVC_D", "CBv_GVC", "PLv_GVC_F", "PLv_GVC"]], [1.25, 1, 1 / 3, 31 / 12])
    close(r.loc[b, ["PLy_GVC_D", "CBy_GVC", "PLy_GVC_F", "PLy_GVC"]], [1.25, 1, 1 / 3, 31 / 12])
    assert np.isnan(r.loc[b, "PLv_GVC"]) and np.isnan(r.loc[a, "PLy_GVC"])
    lt = length_terms(t)
    close(lt.loc[a, ["V_GVC", "Xv_GVC_D", "Ev_GVC", "Xv_GVC_F"]], [50, 62.5, 50, 50 / 3])
    close(lt.loc[b, ["V_D", "Xv_D", "V_RT", "V_GVC"]], [25, 25 * 4 / 3, 0, 0])
    close(lt.loc[b, ["Y_D", "Y_GVC", "Xy_GVC_D"]], [25, 50, 62.5])


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


def test_wiod_2011_gvc_length_segments_add_up():
    """Segments add up to the paper's two-term GVC length, and the additive terms to the
    total V̂BŶ and V̂BBŶ, on WIOD 2011 (zero-output sectors have no GVC length)."""
    t = gvckit.load_dataset("wiod2013", year=2011)
    m = gvckit.Model(t)
    r = gvc_length(m)
    lt = length_terms(m)
    v, y = m.v, m.y
    A = m.A
    cof = np.repeat(np.arange(t.G), t.N)

    def AF(z):  # foreign blocks of A times z, written independently of the module
        own = np.zeros_like(z)
        for g in range(t.G):
            own[cof == g] = A[np.ix_(cof == g, cof == g)] @ z[cof == g]
        return A @ z - own

    By = m.solve(y)
    LAFBy = m.local_solve(AF(By))
    Vg = v * LAFBy
    Xg = v * (m.local_solve(LAFBy) + m.local_solve(AF(m.solve(By))))
    live = Vg != 0
    # 22 sectors with x <= 0 and 26 that sell only to final demand (households 'P', ...; on
    # the balanced table SVN/23 too: it had a small Vg only through its reported output)
    assert live.sum() == 1435 - 48
    close(r["PLv_GVC"][live], Xg[live] / Vg[live], rtol=1e-10)
    close((r["PLv_GVC_D"] + r["CBv_GVC"] + r["PLv_GVC_F"])[live], Xg[live] / Vg[live], rtol=1e-10)
    assert r["PLv_GVC"][~live].isna().all()
    fwd = lt[["Xv_D", "Xv_RT", "Xv_GVC_D", "Ev_GVC", "Xv_GVC_F"]].sum(axis=1)
    close(fwd, v * m.solve(By), rtol=1e-10, atol=1e-6)
    close(lt[["V_D", "V_RT", "V_GVC"]].sum(axis=1), v * By, rtol=1e-10, atol=1e-6)
    bwd = lt[["Xy_D", "Xy_RT", "Xy_GVC_D", "Ey_GVC", "Xy_GVC_F"]].sum(axis=1)
    close(bwd, m.solve_left(m.solve_left(v)) * y, rtol=1e-10, atol=1e-6)
    c = gvc_length(m, level="country")
    close(c["PLv_GVC_D"] + c["CBv_GVC"] + c["PLv_GVC_F"], c["PLv_GVC"])
    close(c["PLy_GVC_D"] + c["CBy_GVC"] + c["PLy_GVC_F"], c["PLy_GVC"])
    # plausible magnitudes: complex GVCs cross borders a little more than once on average
    assert 1.0 < c["CBv_GVC"].min() and c["CBv_GVC"].max() < 2.0
    assert (c["PLv_GVC"] > 3).all() and (c["PLv_GVC"] < 8).all()


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
