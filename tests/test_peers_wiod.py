"""The bundled WIOD 2013 tables (2005, 2011), balanced as shipped by default, against a peer run
on the same table: pymrio's A and Leontief inverse L (its own ``calc_A``/``calc_L``, which set
``1/x`` to 0 where x = 0, as decompr does), and the decompositions written here densely from the
papers' formulas with explicit inverses (extraction inverse ``B^{\\S}`` for Borin-Mancini,
``L = inv(I - A^D)``; no gvckit code in the references). Tolerance: 1e-6 relative (issue #12).

exvatools and R's decompr are not installable here; their agreement with gvckit on balanced
tables (leather, exvatools' test tables) is tested in test_bm/test_kww/test_wwz/test_tiva.
"""

from __future__ import annotations

import numpy as np
import pytest

import gvckit
from gvckit.measures.decompose import decompose
from gvckit.measures.decompose.bm import bm
from gvckit.measures.decompose.kww import KWW_TERMS
from gvckit.measures.decompose.wwz import WWZ_TERMS
from gvckit.measures.length import production_length, upstreamness
from gvckit.measures.participation import wwyz_participation

pymrio = pytest.importorskip("pymrio")

RTOL = 1e-6


def close(got, want, rtol=RTOL):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    scale = np.abs(want).max()
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * scale)


class Peer:
    """pymrio's system for one year plus explicit reference matrices."""

    def __init__(self, year: int) -> None:
        self.t = t = gvckit.load_dataset("wiod2013", year=year)
        io = t.to_pymrio()
        io.A = pymrio.calc_A(io.Z, io.x)
        io.L = pymrio.calc_L(io.A)
        self.A = io.A.to_numpy()
        self.B = io.L.to_numpy()
        self.x = io.x.to_numpy()[:, 0]
        self.G, self.N, self.n = t.G, t.N, t.n
        self.v = 1.0 - self.A.sum(axis=0)  # residual value-added coefficients
        self.cof = np.repeat(np.arange(t.G), t.N)
        self.dom = self.cof[:, None] == self.cof[None, :]
        self.L = np.linalg.inv(np.eye(self.n) - self.A * self.dom)
        self.Yd = t.final_demand_by_destination()
        Z = t.arrays()[0]
        self.Zd = np.stack([Z[:, self.cof == r].sum(axis=1) for r in range(t.G)], axis=1)
        own = self.cof[:, None] == np.arange(t.G)[None, :]
        self.E = np.where(own, 0.0, self.Zd + self.Yd)  # exports by partner (GN x G)
        self.m = gvckit.Model(t)


@pytest.fixture(scope="module", params=[2005, 2011])
def peer(request) -> Peer:
    return Peer(request.param)


def test_leontief_and_coefficients_match_pymrio(peer):
    close(peer.m.A, peer.A, rtol=1e-12)
    close(peer.m.B, peer.B, rtol=1e-10)
    # the balanced table: 1'VB = 1' in every column, inactive cells included
    close(peer.m.v @ peer.B, np.ones(peer.n), rtol=1e-10)


def test_upstreamness_and_downstreamness_match_pymrio(peer):
    x = peer.x
    live = x > 0
    U = peer.B @ x / np.where(live, x, 1.0)  # Antras et al. (2012): U = x^-1 L x 1
    r = production_length(peer.m)
    close(r["U_acfh"][live], U[live])
    close(upstreamness(peer.m)[live], U[live])
    assert r["U_acfh"][~live].isna().all()
    close(r["N_fally"], peer.B.sum(axis=0))  # Fally (2012): N = 1'L
    vB = peer.v @ peer.B
    close(r["PLy"], (vB @ peer.B) / vB)


def test_wwyz_participation_matches_dense_formulas(peer):
    v, L, B, A = peer.v, peer.L, peer.B, peer.A
    AF = A * ~peer.dom
    y = peer.Yd.sum(axis=1)
    yD = peer.Yd[np.arange(peer.n), peer.cof]
    LyD = L @ yD
    f_s = v * (L @ AF @ LyD)
    f_c = v * (L @ AF @ (B @ y - LyD))
    vLAF = (v @ L) @ AF
    b_s = (vLAF @ L) * yD
    b_c = (vLAF @ B) * y - b_s
    r = wwyz_participation(peer.m)
    for k, want in (("f_GVC_S", f_s), ("f_GVC_C", f_c), ("b_GVC_S", b_s), ("b_GVC_C", b_c),
                    ("f_D", v * LyD), ("b_D", (v @ L) * yD)):
        close(r[k], want)
    va = peer.x - peer.t.arrays()[0].sum(axis=0)
    live = va != 0
    close(r["GVCPt_f"][live], ((f_s + f_c) / np.where(live, va, 1.0))[live])


def _bm_reference(p: Peer, s: int) -> dict[str, np.ndarray]:
    """BM (2019) exporter perspective for country s, by sector x partner, with the explicit
    extraction inverse B^{s} = inv(I - A^{s}), A^{s} = A with A_sr = 0 for r != s."""
    ins = p.cof == s
    Ax = p.A.copy()
    Ax[np.ix_(ins, ~ins)] = 0.0
    Bx = np.linalg.inv(np.eye(p.n) - Ax)
    v, B, A, Yd, L = p.v, p.B, p.A, p.Yd, p.L
    E = p.E[ins]  # N x G
    d = (v[ins] @ B[np.ix_(ins, ins)])
    fc = (v[~ins] @ B[np.ix_(~ins, ins)])
    dva = v[ins] @ Bx[np.ix_(ins, ins)]
    fva = v[~ins] @ Bx[np.ix_(~ins, ins)]
    part = np.arange(p.G) != s

    def by_partner(M_rows):  # A_s,r z_r summed by partner r: (N x G)
        return np.stack([M_rows[:, p.cof == r].sum(axis=1) for r in range(p.G)], axis=1)

    Ys = Yd[ins] * part
    x_abroad = B @ Yd[:, part].sum(axis=1)  # output for final demand outside s
    vaxe = Ys + by_partner(A[ins] * x_abroad[None, :]) * part
    # DAVAX: absorbed by the direct importer, L_rr Y_rr
    yD = Yd[np.arange(p.n), p.cof]
    dae = Ys + by_partner(A[ins] * (L @ yD)[None, :]) * part
    out = {"GEXP": E, "DC": d[:, None] * E, "FC": fc[:, None] * E, "DVA": dva[:, None] * E,
           "FVA": fva[:, None] * E, "VAX": dva[:, None] * vaxe, "DAVAX": dva[:, None] * dae}
    # sink approach (exvatools bm_snk): DDC, REF, VAXIM
    es = np.zeros(p.n)
    es[ins] = E.sum(axis=1)
    u = Bx @ es
    Afor = A[ins] * (~ins)[None, :]
    out["DDC_snk"] = d[:, None] * by_partner(Afor * u[None, :]) * part
    Xs = Bx @ Yd[:, s]
    out["REF_snk"] = d[:, None] * by_partner(Afor * Xs[None, :]) * part
    Yx = Yd.copy()
    Yx[np.ix_(ins, part)] = 0.0
    Xrr = np.zeros(p.n)
    for r in range(p.G):
        if r != s:
            Xrr[p.cof == r] = (Bx @ Yx[:, r])[p.cof == r]
    out["VAXIM"] = d[:, None] * (Ys + by_partner(Afor * Xrr[None, :]) * part)
    return out


@pytest.mark.parametrize("country", ["CHN", "LUX", "DEU"])
def test_bm_matches_explicit_extraction(peer, country):
    s = peer.t.countries.index(country)
    ref = _bm_reference(peer, s)
    part = [c for c in peer.t.countries if c != country]
    src = bm(peer.m, exporter=country, level="bilateral_sector")
    snk = bm(peer.m, exporter=country, level="bilateral_sector", approach="sink")
    for k in ("GEXP", "DC", "FC", "DVA", "FVA", "VAX", "DAVAX"):
        want = ref[k][:, [peer.t.countries.index(c) for c in part]].ravel()
        close(src[k].to_numpy(), want)
    pos = [peer.t.countries.index(c) for c in part]
    close(snk["DDC"].to_numpy(), ref["DDC_snk"][:, pos].ravel())
    close(snk["REF"].to_numpy(), ref["REF_snk"][:, pos].ravel())
    close(snk["VAXIM"].to_numpy(), ref["VAXIM"][:, pos].ravel())
    # every level is the sum of the bilateral-sector cells
    for level, keys in (("sector", ["exporter", "sector"]), ("bilateral", ["exporter", "importer"]),
                        ("country", ["exporter"])):
        for approach, full in (("source", src), ("sink", snk)):
            r = bm(peer.m, exporter=country, level=level, approach=approach)
            agg = full.groupby(level=keys, sort=False).sum()
            close(r.to_numpy(), agg.loc[r.index, r.columns].to_numpy(), rtol=1e-10)


def _jn_vax(p: Peer) -> np.ndarray:
    """Johnson & Noguera (2012) VAX by country: v_s sum_{r != s} (B Y_.r)_s."""
    out = np.zeros(p.G)
    for s in range(p.G):
        ins = p.cof == s
        yfor = p.Yd[:, np.arange(p.G) != s].sum(axis=1)
        out[s] = p.v[ins] @ (p.B @ yfor)[ins]
    return out


def test_kww_wwz_tiva_close_and_match_dense_totals(peer):
    exgr = peer.E.sum(axis=1).reshape(peer.G, peer.N).sum(axis=1)
    fc = np.array([(peer.v[peer.cof != s] @ peer.B[np.ix_(peer.cof != s, peer.cof == s)])
                   @ peer.E[peer.cof == s].sum(axis=1) for s in range(peer.G)])
    dc = exgr - fc
    vax = _jn_vax(peer)
    kww = decompose(peer.m, method="kww")
    close(kww["EXGR"], exgr)
    close(kww[KWW_TERMS].sum(axis=1), exgr, rtol=1e-9)  # the nine terms add up to exports
    close(kww["VAX"], vax)
    close(kww["FC"], fc)
    wwz = decompose(peer.m, method="wwz", level="bilateral")
    close(wwz[WWZ_TERMS].sum(axis=1), wwz["EXGR"], rtol=1e-9)
    wc = wwz.groupby(level="exporter", sort=False).sum().loc[peer.t.countries]
    close(wc["EXGR"], exgr)
    close(wc["VAX"], vax)
    close(wc["FVA"] + wc["FDC"], fc)
    tiva = decompose(peer.m, method="tiva")
    close(tiva["EXGR"], exgr)
    close(tiva["EXGR_DVA"], dc)
    close(tiva["EXGR_FVA"], fc)
    b = bm(peer.m)
    close(b["VAX"], vax)
    close(b["DC"] + b["FC"], exgr, rtol=1e-9)


def test_reported_output_does_not_close(peer):
    """Why the default is balanced: on the stored output the KWW terms miss gross exports."""
    t = gvckit.load_dataset("wiod2013", year=peer.t.year, output="reported")
    k = decompose(t, method="kww")
    gap = (k[KWW_TERMS].sum(axis=1) - k["EXGR"]).abs() / k["EXGR"]
    assert gap.max() > 1e-4
