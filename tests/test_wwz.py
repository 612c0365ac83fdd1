"""WWZ (2013) against decompr 6.8.0 ``wwz()`` in every exporter-sector-importer cell of
`leather`, exvatools 0.9.0 (method "wwz") terms on `leather` and totals on its random test tables
(melded China/Mexico, the NAFTA group), KWW country totals, and identities on random tables."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gvckit
from conftest import random_table, shared_path
from gvckit.measures.decompose import decompose
from gvckit.measures.decompose.wwz import WWZ_TERMS
from test_tiva import CALLS, exvatools_reference, load_exvatools_table, run_exvatools_call

COUNTRY = {"Argentina": "ARG", "Turkey": "TUR", "Germany": "DEU"}
SECTOR = {"Agriculture": "AGR", "Textile_and_Leather": "TEX", "Transport_Equipment": "TRA"}
DOMESTIC = ["DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT",
            "RDV_FIN", "RDV_FIN2", "DDC_FIN", "DDC_INT"]
FOREIGN = ["OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "ODC", "MDC"]


def test_wwz_every_cell_matches_decompr(leather):
    d = pd.read_csv(shared_path("testvectors", "peers", "leather_decompr_wwz_bilateral_sector.csv"))
    d["e"] = d.Exporting_Country.map(COUNTRY)
    d["s"] = d.Exporting_Industry.map(SECTOR)
    d["i"] = d.Importing_Country.map(COUNTRY)
    assert d[["e", "s", "i"]].notna().all().all()
    d = d[d.e != d.i].set_index(["e", "s", "i"])
    r = decompose(leather, "wwz", "bilateral_sector").loc[d.index]
    assert len(d) == 18
    np.testing.assert_allclose(r[WWZ_TERMS].to_numpy(), d[WWZ_TERMS].to_numpy(),
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r.EXGR.to_numpy(), d.texp.to_numpy(), rtol=1e-12)


def test_wwz_matches_exvatools_terms_on_leather(leather):
    d = pd.read_csv(shared_path("testvectors", "peers", "leather_exvatools_sector_by_partner.csv"))
    d = d[(d.method == "wwz") & (d.output == "terms")]
    # exvatools name -> gvckit (decompr) name
    names = {"EXGR": "EXGR", "DVA_FIN": "DVA_FIN", "DVA_INT": "DVA_INT",
             "DVA_INTrex1": "DVA_INTrexI1", "DVA_INTrex2": "DVA_INTrexF",
             "DVA_INTrex3": "DVA_INTrexI2", "RDV_FIN1": "RDV_FIN", "RDV_FIN2": "RDV_FIN2",
             "RDV_INT": "RDV_INT", "DDC_FIN": "DDC_FIN", "DDC_INT": "DDC_INT",
             "FVA_FIN1": "MVA_FIN", "FVA_FIN2": "OVA_FIN", "FVA_INT1": "MVA_INT",
             "FVA_INT2": "OVA_INT", "MDC": "MDC", "ODC": "ODC"}
    r = decompose(leather, "wwz", "bilateral_sector")
    n = 0
    for row in d.itertuples():
        c, s = row.exporter_sector.split("_")
        for p in leather.countries:
            if p != c:
                assert r.loc[(c, s, p), names[row.variable]] == pytest.approx(
                    getattr(row, f"to_{p}"), rel=1e-9, abs=1e-12), (row.variable, c, s, p)
                n += 1
    assert n == 17 * 9 * 2


@pytest.fixture(scope="module")
def exva_tables() -> dict:
    return {n: load_exvatools_table(n) for n in ("iciotest", "wiodtest")}


@pytest.mark.parametrize("table", ["iciotest", "wiodtest"])
@pytest.mark.parametrize("call", list(CALLS))
def test_wwz_totals_match_exvatools(exva_tables, table, call):
    ref = exvatools_reference("wwz").query("table == @table and call_exporter == @call")
    assert len(ref) >= 9
    r = run_exvatools_call("wwz", table, call, exva_tables)
    mine = r.assign(DC=r.DVA + r.DDC, FC=r.FVA + r.FDC)
    for row in ref.itertuples():
        assert mine.loc[row.country, row.variable] == pytest.approx(row.value, rel=1e-9), (
            table, call, row.country, row.variable)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_wwz_identities(G, N, seed):
    t = random_table(np.random.default_rng(seed), G, N)
    m = gvckit.Model(t)
    bs = decompose(m, "wwz", "bilateral_sector")
    # 16 terms add to E_sr in every exporter-sector-importer cell
    E = m.E.reshape(G, N, G)
    for (ex, sec, im), val in bs[WWZ_TERMS].sum(axis=1).items():
        want = E[int(ex[1:]), int(sec[1:]), int(im[1:])]
        assert val == pytest.approx(want, rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(bs.DVA, bs.VAX + bs.REF, rtol=1e-12, atol=1e-14)
    # bilateral sums to sector and sector to country
    sec = decompose(m, "wwz", "sector")
    bil = decompose(m, "wwz", "bilateral")
    cty = decompose(m, "wwz", "country")
    np.testing.assert_allclose(bs.groupby(level=["exporter", "sector"], sort=False).sum(), sec,
                               rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(bil.groupby(level="exporter", sort=False).sum(), cty,
                               rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(sec.groupby(level="exporter", sort=False).sum(), cty,
                               rtol=1e-12, atol=1e-14)
    # summed to the country, WWZ gives KWW's groups (a separate computation)
    k = decompose(m, "kww")
    for g in ("VAX", "REF", "DDC", "FVA", "FDC", "EXGR"):
        np.testing.assert_allclose(cty[g], k[g], rtol=1e-9, atol=1e-12)


@settings(max_examples=10, deadline=None)
@given(st.integers(2, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_wwz_value_added_of_one_country_only(G, N, seed):
    """VA coefficients of one country c only: domestic terms survive only for c's exports,
    foreign terms only for the others'; the single-country runs add back to the full result."""
    t = random_table(np.random.default_rng(seed), G, N)
    full = decompose(t, "wwz", "bilateral_sector")
    total = 0.0
    for c in range(G):
        m = gvckit.Model(t)
        m.v = np.where(m.country_of == c, m.v, 0.0)
        r = decompose(m, "wwz", "bilateral_sector")
        mine = r.index.get_level_values("exporter") == f"C{c}"
        assert np.abs(r.loc[mine, FOREIGN].to_numpy()).max() < 1e-12
        assert np.abs(r.loc[~mine, DOMESTIC].to_numpy()).max() < 1e-12
        total = total + r[WWZ_TERMS]
    np.testing.assert_allclose(total.to_numpy(), full[WWZ_TERMS].to_numpy(), rtol=1e-9,
                               atol=1e-12)


def test_wwz_wiod_all_exporters_is_fast():
    try:
        t = gvckit.load_dataset("wiod2013", year=2011)
    except gvckit.DatasetError as exc:  # pragma: no cover
        pytest.skip(f"WIOD 2013 not bundled: {exc}")
    m = gvckit.Model(t)
    t0 = time.perf_counter()
    r = decompose(m, "wwz", "bilateral_sector")
    elapsed = time.perf_counter() - t0
    assert len(r) == 41 * 35 * 40
    assert elapsed < 20, f"WWZ on WIOD took {elapsed:.1f} s"
    # the decomposition closes up to WIOD's own row-balance discrepancy (x - Z1 - Y1, <= 108)
    Z, Y, x = t.arrays()
    gap = np.abs(x - Z.sum(axis=1) - Y.sum(axis=1)).max()
    resid = (r[WWZ_TERMS].sum(axis=1) - r.EXGR).abs().max()
    # the bundled table is balanced (x = Z1 + Y1): the 16 terms add up to exports to rounding
    assert gap == 0 and resid <= 1e-12 * r.EXGR.abs().max()
    k = decompose(m, "kww")
    c = r.groupby(level="exporter", sort=False).sum()
    np.testing.assert_allclose(c.VAX, k.VAX, rtol=1e-9)
