"""NRCA (KWW 2014) against gvc's nrca and decompr's V B diag(e) on `leather`; Balassa RCA by
hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

import gvckit
from conftest import shared_path
from gvckit.measures.rca import forward_dva_in_exports, nrca, rca


def test_nrca_matches_gvc(leather):
    g = pd.read_csv(shared_path("testvectors", "peers", "leather_gvc_indicators.csv"), index_col=0)
    r = nrca(leather)
    np.testing.assert_allclose(r["NRCA"].to_numpy(), g["nrca"].to_numpy(), rtol=1e-6)


def test_forward_dva_is_row_sum_of_own_blocks_of_decompr_vbe(leather):
    vbe = pd.read_csv(shared_path("testvectors", "peers", "leather_decompr_VBE.csv"), index_col=0)
    M = vbe.to_numpy()
    own = np.kron(np.eye(3), np.ones((3, 3))).astype(bool)
    np.testing.assert_allclose(forward_dva_in_exports(leather), (M * own).sum(axis=1), rtol=1e-6)


def test_balassa_rca_by_hand():
    # exports: A (s1 30, s2 10), B (s1 10, s2 50): world 100, s1 share 0.4
    Z = np.zeros((4, 4))
    Y = np.array([[0, 30], [0, 10], [10, 0], [50, 0]], float) + np.array([[5, 0], [5, 0], [0, 5], [0, 5]])
    t = gvckit.ICIO(Z, Y, countries=["A", "B"], sectors=["s1", "s2"])
    r = rca(t)
    np.testing.assert_allclose(r.to_numpy(), [0.75 / 0.4, 0.25 / 0.6, (10 / 60) / 0.4, (50 / 60) / 0.6])
    # with no intermediate trade the forward DVA equals exports, so NRCA = RCA
    n = nrca(t)
    np.testing.assert_allclose(n["NRCA"], n["RCA"])


def test_wiod_nrca_weighted_mean_is_one():
    """sum_i (f_si / F) NRCA_si weighted by world sector shares: sum_s NRCA_si * (f_s./F)... the
    world-share-weighted average over countries of NRCA_si equals 1 for every sector."""
    t = gvckit.load_dataset("wiod2013", year=2011)
    r = nrca(t)
    f = r["dva_forward"].to_numpy().reshape(t.G, t.N)
    w = f.sum(axis=1, keepdims=True) / f.sum()
    avg = (r["NRCA"].to_numpy().reshape(t.G, t.N) * w).sum(axis=0)
    np.testing.assert_allclose(avg, 1.0, rtol=1e-9)
