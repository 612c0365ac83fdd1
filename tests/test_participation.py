"""KPWW, BM and WWYZ participation: decompr's KWW terms and exvatools' BM GVC terms on
`leather`, dense explicit matrices for the WWYZ four-part split, and its adding-up identities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gvckit
from conftest import dense_reference, random_table, shared_path
from gvckit.measures.participation import bm_participation, kpww, wwyz_participation, wwyz_parts


def close(a, b, rtol=1e-6, atol=1e-9):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=rtol, atol=atol)


def test_kpww_terms_match_decompr_kww(leather):
    k = pd.read_csv(shared_path("testvectors", "peers", "leather_decompr_kww_country.csv"),
                    index_col=0)
    r = kpww(leather)
    close(r["IV"], k["DVA_INTrex"])  # KWW T3
    close(r["FV"], k[["FVA_FIN", "FVA_INT", "FDC"]].sum(axis=1))  # T7 + T8 + T9
    close(kpww(leather, fv="fva")["FV"], k[["FVA_FIN", "FVA_INT"]].sum(axis=1))  # T7 + T8
    E = k.sum(axis=1)  # the 9 KWW terms add up to gross exports
    close(r["E"], E)
    iv, fv = k["DVA_INTrex"] / E, k[["FVA_FIN", "FVA_INT", "FDC"]].sum(axis=1) / E
    close(r["participation"], iv + fv)
    close(r["position"], np.log(1 + iv) - np.log(1 + fv))


def test_bm_participation_matches_exvatools(leather):
    ref = pd.read_csv(shared_path("testvectors", "peers", "leather_exvatools_sector_by_partner.csv"))
    ref = ref[(ref.method == "bm_src") & (ref.output == "standard")]
    tot = ref.pivot_table(index="exporter_sector", columns="variable", values="total_all_partners")
    r = bm_participation(leather, level="sector")
    lab = [f"{c}_{s}" for c, s in r.index]
    for k in ("GVC", "GVCB", "GVCF"):
        close(r[k], tot.loc[lab, k])
        close(r[f"{k}_share"], tot.loc[lab, k] / tot.loc[lab, "EXGR"])
    c = bm_participation(leather)
    close(c.loc["ARG", ["GVCB", "GVCF"]], [11.482438, 18.018791])


def dense_parts(t: gvckit.ICIO) -> dict[str, np.ndarray]:
    """The four matrices of WWYZ (2017a) eq. 9 formed explicitly with inverses."""
    x, G, N, n, A, v, cof, dom, B, L = dense_reference(t)
    AF = A * ~dom
    Yd = t.final_demand_by_destination()
    y = Yd.sum(axis=1)
    yD = Yd[np.arange(n), cof]
    V, Yh, YD = np.diag(v), np.diag(y), np.diag(yD)
    return {
        "total": V @ B @ Yh,
        "D": V @ L @ YD,
        "RT": V @ L @ (Yh - YD),
        "GVC_S": V @ L @ AF @ L @ YD,
        "GVC_C": V @ L @ AF @ (B @ Yh - L @ YD),
        "va": v * x, "y": y,
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.integers(0, 10_000), st.integers(2, 4), st.integers(1, 3)))
def test_wwyz_parts_add_up_and_match_dense(args):
    seed, G, N = args
    t = random_table(np.random.default_rng(seed), G, N, K=2)
    p = wwyz_parts(t)
    d = dense_parts(t)
    parts = ("D", "RT", "GVC_S", "GVC_C")
    close(sum(d[k] for k in parts), d["total"])  # the identity itself
    for k in parts:
        close(p[f"f_{k}"], d[k].sum(axis=1))
        close(p[f"b_{k}"], d[k].sum(axis=0))
    close(sum(p[f"f_{k}"] for k in parts), d["va"])  # rows add up to value added
    close(sum(p[f"b_{k}"] for k in parts), d["y"])  # columns add up to final goods
    r = wwyz_participation(t)
    close(r["GVCPt_f"], r["GVCPt_f_simple"] + r["GVCPt_f_complex"])
    close(r["GVCPt_b"], (d["GVC_S"] + d["GVC_C"]).sum(axis=0) / d["y"])
    c = wwyz_participation(t, level="country")
    close(c["GVCPt_f"], ((d["GVC_S"] + d["GVC_C"]).sum(axis=1).reshape(G, N).sum(axis=1))
          / d["va"].reshape(G, N).sum(axis=1))


def test_wwyz_wiod_2011_adds_up():
    t = gvckit.load_dataset("wiod2013", year=2011)
    p = wwyz_parts(t)
    f = sum(p[f"f_{k}"] for k in ("D", "RT", "GVC_S", "GVC_C"))
    b = sum(p[f"b_{k}"] for k in ("D", "RT", "GVC_S", "GVC_C"))
    # WIOD rows balance only to about +-110 (integer rounding), so rows add up to V B y, which
    # is value added up to that rounding; columns add up to final goods exactly (1'V B = 1')
    m = gvckit.Model(t)
    close(f, m.v * np.linalg.solve(np.eye(m.n) - m.A, p["y"]), rtol=1e-8, atol=1e-4)
    assert abs(f.sum() / p["va"].sum() - 1) < 2e-3  # total row imbalance 59,272 of ~7e7
    live = m.x > 0  # two zero-output WIOD sectors carry y = -1 (rounding): 1'V B is 0 there
    assert (~live).sum() == 22
    close(b[live], p["y"][live], rtol=1e-8, atol=1e-4)
    c = wwyz_participation(t, level="country")
    assert ((c["GVCPt_f"] > 0) & (c["GVCPt_f"] < 1)).all()


def test_kpww_two_countries_have_no_indirect_exports():
    t = random_table(np.random.default_rng(1), 2, 2)
    assert np.allclose(kpww(t)["IV"], 0.0)
    with pytest.raises(gvckit.InputError, match="fv must be"):
        kpww(t, fv="x")
