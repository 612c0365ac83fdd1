"""The Leontief model against independent references: Miller & Blair (2009) ch. 2, decompr's
V B and V B diag(E) on `leather`, and identities on random balanced tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import gvckit
from conftest import random_table, shared_path


def miller_blair() -> gvckit.ICIO:
    # Miller & Blair (2009), section 2.3: Z = [[150, 500], [200, 100]], x = [1000, 2000]
    Z = np.array([[150.0, 500.0], [200.0, 100.0]])
    x = np.array([1000.0, 2000.0])
    f = x - Z.sum(axis=1)
    return gvckit.ICIO(Z, f[:, None], x=x, countries=["R"], sectors=["s1", "s2"])


def test_miller_blair_A_and_L():
    m = gvckit.Model(miller_blair())
    np.testing.assert_allclose(m.A, [[0.15, 0.25], [0.2, 0.05]], rtol=1e-12)
    np.testing.assert_allclose(m.B, [[1.25412541, 0.330033], [0.2640264, 1.12211221]], rtol=1e-6)


def test_solves_equal_inverse_products():
    m = gvckit.Model(miller_blair())
    rhs = np.array([[1.0, 2.0], [3.0, -1.0]])
    expected = np.linalg.inv(np.eye(2) - m.A) @ rhs
    np.testing.assert_allclose(m.solve(rhs), expected, rtol=1e-12)
    np.testing.assert_allclose(m.solve_left(rhs), rhs @ np.linalg.inv(np.eye(2) - m.A), rtol=1e-12)


def _peer(name: str) -> pd.DataFrame:
    return pd.read_csv(shared_path("testvectors", "peers", name), index_col=0)


def test_leather_VB_matches_decompr(leather):
    m = gvckit.Model(leather)
    ref = _peer("leather_decompr_VB.csv")
    labels = [f"{c}_{s}" for c, s in leather.index]
    assert list(ref.index) == labels
    np.testing.assert_allclose(m.VB(), ref.to_numpy(), rtol=1e-6, atol=1e-12)


def test_leather_VBE_matches_decompr(leather):
    m = gvckit.Model(leather)
    ref = _peer("leather_decompr_VBE.csv")
    np.testing.assert_allclose(m.VBE("exports"), ref.to_numpy(), rtol=1e-6, atol=1e-12)


def test_leather_value_added_is_residual(leather):
    ref = _peer("leather_x_va.csv")
    np.testing.assert_allclose(leather.value_added().to_numpy(), ref["va"].to_numpy(), rtol=1e-9)


def test_leather_exports_definition(leather):
    # E_sr = A_sr x_r + Y_sr summed over r != s, computed by hand from the CSVs
    Z = _peer("leather_Z.csv").to_numpy()
    Y = _peer("leather_Y.csv").to_numpy()
    m = gvckit.Model(leather)
    own = np.repeat(np.arange(3), 3)
    e = np.zeros(9)
    for i in range(9):
        for j in range(9):
            if own[j] != own[i]:
                e[i] += Z[i, j]
        for r in range(3):
            if r != own[i]:
                e[i] += Y[i, r]
    np.testing.assert_allclose(m.e, e, rtol=1e-12)
    np.testing.assert_allclose(m.E_int.sum(1) + m.E_fin.sum(1), e, rtol=1e-12)


def test_local_inverses_are_block_inverses(leather):
    m = gvckit.Model(leather)
    for s in range(3):
        blk = m.A[m.block(s), m.block(s)]
        np.testing.assert_allclose(m.local_inverses[s], np.linalg.inv(np.eye(3) - blk), rtol=1e-12)
    rhs = np.arange(9.0)
    AD = np.zeros((9, 9))
    for s in range(3):
        AD[m.block(s), m.block(s)] = m.A[m.block(s), m.block(s)]
    np.testing.assert_allclose(m.local_solve(rhs), np.linalg.solve(np.eye(9) - AD, rhs), rtol=1e-12)
    np.testing.assert_allclose(m.local_solve_left(rhs), np.linalg.solve((np.eye(9) - AD).T, rhs), rtol=1e-12)


def test_ghosh_inverse(leather):
    m = gvckit.Model(leather)
    Z, _, x = leather.arrays()
    AG = Z / x[:, None]
    np.testing.assert_allclose(m.ghosh(), np.linalg.inv(np.eye(9) - AG), rtol=1e-10)


def test_VB_country_collapses_VB(leather):
    m = gvckit.Model(leather)
    VB = m.VB()
    collapsed = np.vstack([VB[m.block(t)].sum(axis=0) for t in range(3)])
    np.testing.assert_allclose(m.VB_country, collapsed, rtol=1e-12)


def test_release_keeps_results(leather):
    m = gvckit.Model(leather)
    B = m.B.copy()
    m.release()
    assert not m.has_B
    np.testing.assert_allclose(m.solve(np.eye(9)), B, rtol=1e-12)


def test_zero_output_sector_is_handled_on_purpose():
    Z = np.array([[10.0, 0.0, 5.0], [0.0, 0.0, 0.0], [4.0, 0.0, 8.0]])
    Y = np.array([[20.0], [0.0], [30.0]])
    t = gvckit.ICIO(Z, Y, countries=["A"], sectors=["a", "b", "c"])
    rep = gvckit.check(t)
    f = rep.get("zero_output")
    assert f is not None and f.labels == (("A", "b"),)
    m = gvckit.Model(t)
    # column of A zero (as decompr and pymrio); with residual value added v = 1 - 1'A = 1
    # there (not decompr's 0/0 -> 0), so every column of V B sums to one, this one included
    assert np.all(m.A[:, 1] == 0) and m.v[1] == 1
    np.testing.assert_allclose(m.v @ m.B, np.ones(3), rtol=1e-12)
    assert gvckit.Model(t, va="residual").v[1] == 1
    assert m.zero_output == [("A", "b")]
    G = m.ghosh()
    assert G[1, 1] == 1 and G[1, [0, 2]].tolist() == [0, 0]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_identities_on_random_tables(G, N, seed):
    t = random_table(np.random.default_rng(seed), G, N)
    m = gvckit.Model(t)
    n = G * N
    # B (I - A) = I
    np.testing.assert_allclose(m.B @ (np.eye(n) - m.A), np.eye(n), atol=1e-10)
    # columns of V B sum to one with residual value added
    np.testing.assert_allclose(m.VB().sum(axis=0), np.ones(n), atol=1e-10)
    # B y = x (output identity, world table)
    np.testing.assert_allclose(m.solve(m.y), t.x.to_numpy(), rtol=1e-10)
    # V B diag(E) columns add up to gross exports
    np.testing.assert_allclose(m.VBE().sum(axis=0), m.e, rtol=1e-10, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_diagonal_blocks_of_B_from_the_factors(G, N, seed):
    t = random_table(np.random.default_rng(seed), G, N)
    m = gvckit.Model(t)
    D = m.B_diag_blocks
    assert not m.has_B
    B = np.linalg.inv(np.eye(t.n) - m.A)  # explicit inverse
    for s in range(G):
        np.testing.assert_allclose(D[s], B[s * N:(s + 1) * N, s * N:(s + 1) * N], rtol=1e-10, atol=1e-12)


def test_diagonal_blocks_when_the_lu_pivots():
    # a column of A summing to more than one (negative value added) makes LAPACK swap rows:
    # the blocks then come from the inverted factors with the permutation, and are still exact
    Z = np.array([[1.0, 9.0, 1.0, 0.0], [30.0, 1.0, 2.0, 1.0], [1.0, 2.0, 1.0, 1.0], [2.0, 1.0, 1.0, 1.0]])
    Y = np.array([[5.0, 1.0], [1.0, 3.0], [4.0, 2.0], [1.0, 6.0]])
    t = gvckit.ICIO(Z, Y, countries=["A", "B"], sectors=["s", "t"], check=False)
    m = gvckit.Model(t)
    assert not np.array_equal(m.lu[1], np.arange(4))
    B = np.linalg.inv(np.eye(4) - m.A)
    for s in range(2):
        np.testing.assert_allclose(m.B_diag_blocks[s], B[2 * s:2 * s + 2, 2 * s:2 * s + 2], rtol=1e-12)


def test_big_table_measures_hold_only_Z_and_the_factors(leather):
    """BM exporter/source, WWYZ and upstreamness use the LU factors and products with Z: they
    form neither the dense A nor B (the memory plan for 10,000-20,000 country-sectors)."""
    from gvckit.measures.decompose.bm import bm
    from gvckit.measures.length import upstreamness
    from gvckit.measures.participation import wwyz_participation

    m = gvckit.Model(leather)
    r = bm(m, level="sector")
    w = wwyz_participation(m)
    u = upstreamness(m)
    assert not m.has_B and "A" not in m.__dict__
    ref = gvckit.Model(leather)
    ref.B  # noqa: B018 - the dense path
    pd.testing.assert_frame_equal(r, bm(ref, level="sector"), rtol=1e-10)
    pd.testing.assert_frame_equal(w, wwyz_participation(ref), rtol=1e-10)
    np.testing.assert_allclose(u, upstreamness(ref), rtol=1e-10)
