"""``w_S' F_S^-1`` by the series of gvckit.measures.decompose.feedback, against ``F_S`` formed
from the explicit inverse (numpy's ``inv`` of ``I - A``), and BM's fallback when the series
does not converge."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gvckit
from conftest import random_table
from gvckit.measures.decompose.bm import bm
from gvckit.measures.decompose.feedback import feedback_left


def explicit_F(t: gvckit.ICIO) -> tuple[list[np.ndarray], list[float]]:
    """``F_S = (I - A_SS) B_SS`` from ``inv(I - A)`` and the spectral radius of ``K_S = F_S - I``."""
    A = t.arrays()[0] / t.x.to_numpy()[None, :]
    B = np.linalg.inv(np.eye(t.n) - A)
    N = t.N
    Fs, rhos = [], []
    for s in range(t.G):
        b = slice(s * N, (s + 1) * N)
        F = (np.eye(N) - A[b, b]) @ B[b, b]
        Fs.append(F)
        rhos.append(float(np.abs(np.linalg.eigvals(F - np.eye(N))).max()))
    return Fs, rhos


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.integers(2, 5), st.integers(1, 4))
def test_series_equals_explicit_F_or_gives_up(seed, G, N):
    rng = np.random.default_rng(seed)
    t = random_table(rng, G, N)
    W = rng.uniform(-1.0, 2.0, (G, N))
    Fs, rhos = explicit_F(t)
    got = feedback_left(gvckit.Model(t), W)
    if max(rhos) >= 1.0:  # the series diverges: it must say so, never return a number
        assert got is None
    if got is None:
        return
    for s in range(G):
        exact = np.linalg.solve(Fs[s].T, W[s])
        np.testing.assert_allclose(got[s], exact, rtol=1e-12, atol=1e-13 * np.abs(W).max())


def test_converges_on_wiod_in_a_few_steps():
    t = gvckit.load_dataset("wiod2013", year=2011)
    m = gvckit.Model(t)
    W = m.VB_country.sum(axis=0).reshape(m.G, m.N)
    got = feedback_left(m, W)
    assert got is not None and "B_diag_blocks" not in m.__dict__
    for s in (0, 13, m.G - 1):  # AUS, CHN (the largest feedback), RoW
        b = m.block(s)
        B_SS = m.B_columns(np.arange(b.start, b.stop))[b]
        F = B_SS - m.A_rows(b)[:, b] @ B_SS
        np.testing.assert_allclose(got[s], np.linalg.solve(F.T, W[s]), rtol=1e-13)


def test_bm_falls_back_to_exact_blocks_when_the_series_diverges():
    # two one-sector countries trading 90% of their inputs with each other: H_S L_SS = 0.81, so
    # K_S = 0.81 / 0.19 > 1 and the series diverges; bm must use B_SS and stay exact
    Z = np.array([[0.0, 90.0], [90.0, 0.0]])
    Y = np.array([[8.0, 2.0], [1.0, 9.0]])
    t = gvckit.ICIO(Z, Y, x=Z.sum(axis=1) + Y.sum(axis=1), countries=["A", "B"], sectors=["s"],
                    check=False)
    m = gvckit.Model(t)
    assert feedback_left(m, np.ones((2, 1))) is None
    got = bm(m, level="sector")
    assert "B_diag_blocks" in m.__dict__ and not m.has_B
    dense = gvckit.Model(t)
    dense.B  # noqa: B018 - B formed: its blocks are slices, F_S as before
    pd.testing.assert_frame_equal(got, bm(dense, level="sector"), rtol=1e-12)
    # and against the extraction inverse written out: FVA of A = V_B B^{\A}_BA E_A
    A = Z / t.x.to_numpy()[None, :]
    v = 1.0 - A.sum(axis=0)
    Aext = A.copy()
    Aext[0, 1] = 0.0  # the world where A does not export
    Bext = np.linalg.inv(np.eye(2) - Aext)
    e_A = Z[0, 1] + Y[0, 1]
    np.testing.assert_allclose(got.loc[("A", "s"), "FVA"], v[1] * Bext[1, 0] * e_A, rtol=1e-12)
    np.testing.assert_allclose(got.loc[("A", "s"), "DVA"], v[0] * Bext[0, 0] * e_A, rtol=1e-12)


def test_bm_sector_uses_the_series_not_the_blocks(leather, monkeypatch):
    m = gvckit.Model(leather)
    r = bm(m, level="sector")
    assert "B_diag_blocks" not in m.__dict__ and not m.has_B
    # the same decomposition with F_S formed from the exact diagonal blocks of B
    import gvckit.measures.decompose.feedback as feedback

    monkeypatch.setattr(feedback, "feedback_left", lambda m, W: None)
    blocks = gvckit.Model(leather)
    exact = bm(blocks, level="sector")
    assert "B_diag_blocks" in blocks.__dict__
    pd.testing.assert_frame_equal(r, exact, rtol=1e-12)
