"""OECD TiVA indicators against exvatools 0.9.0 (``make_exvadec(method="oecd")``): every
exporter-sector x partner cell on `leather`, and country totals on exvatools' own two random test
tables (split China/Mexico melded, the NAFTA group); plus identities on random tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gvckit
from conftest import random_table, shared_path
from gvckit.measures.decompose import decompose

TIVA_CELL_TERMS = [
    "EXGR", "EXGR_DVA", "EXGR_DDC", "EXGR_IDC", "EXGR_RIM", "EXGR_FVA",
    "DEXFVAP", "FEXDVAP", "FFD_DVA", "DFD_FVA", "BALVAFD",
]  # fmt: skip


# ---------------------------------------------------------------- exvatools test tables
def load_exvatools_table(name: str) -> gvckit.ICIO:
    """exvatools' `iciotest` / `wiodtest` table: Z and final demand (country_CATEGORY columns).

    As in exvatools' generate_test_iot(): X = rowSums(Z) + rowSums(Yfd), VA = X - colSums(Z).
    """
    d = pd.read_csv(shared_path("testvectors", "peers", f"exvatools_{name}_data.csv"), index_col=0)
    rows = list(d.index)
    countries = list(dict.fromkeys(r.split("_", 1)[0] for r in rows))
    sectors = list(dict.fromkeys(r.split("_", 1)[1] for r in rows))
    fd = [c for c in d.columns if c not in rows]
    Y = d[fd].to_numpy()
    fd_cols = pd.MultiIndex.from_tuples([tuple(c.split("_", 1)) for c in fd],
                                        names=["country", "category"])
    idx = pd.MultiIndex.from_product([countries, sectors], names=["country", "sector"])
    return gvckit.ICIO(
        pd.DataFrame(d[rows].to_numpy(), index=idx, columns=idx),
        pd.DataFrame(Y, index=idx, columns=fd_cols),
        source=f"exvatools {name}",
    )


def exvatools_reference(method: str) -> pd.DataFrame:
    return pd.read_csv(shared_path("testvectors", "peers",
                                   "exvatools_testtables_reference_totals.csv")).query(
        "method == @method")


#: how each exvatools test call is made with gvckit. exvatools melds CN1/CN2 and MX1/MX2 in
#: `iciotest` (also for the partners of ESP); its NAFTA is USA, CAN, MEX and the test tables
#: have no CAN (gvckit refuses unknown members, so the group lists the two present).
CALLS = {
    "ESP": {"exporter": "ESP"},
    "CHN": {"exporter": "CHN"},
    "NAFTA": {"exporter": "NAFTA", "groups": {"NAFTA": ["USA", "MEX"]}},
    "all": {},
}


def run_exvatools_call(method: str, table: str, call: str, tables: dict) -> pd.DataFrame:
    t = tables[table]
    kw = dict(CALLS[call])
    if table == "iciotest":
        kw["meld"] = True
    if call == "CHN" and table == "wiodtest":
        pass  # CHN is an ordinary country there
    return decompose(t, method, "country", **kw)


@pytest.fixture(scope="module")
def exva_tables() -> dict:
    return {n: load_exvatools_table(n) for n in ("iciotest", "wiodtest")}


def tiva_as_exvatools(r: pd.DataFrame) -> pd.DataFrame:
    """Map TiVA names to exvatools' "standard" names for method "oecd" (docs/methods/tiva.md)."""
    dva = r["EXGR_DDC"] + r["EXGR_IDC"]
    return pd.DataFrame({
        "EXGR": r["EXGR"], "DC": r["EXGR_DVA"], "DVA": dva, "DDC": r["EXGR_RIM"],
        "VAX": r["FFD_DVA"], "REF": dva - r["FFD_DVA"], "FC": r["EXGR_FVA"],
        "GVCB": r["DEXFVAP"], "GVCF": r["FEXDVAP"], "GVC": r["DEXFVAP"] + r["FEXDVAP"],
    })


@pytest.mark.parametrize("table", ["iciotest", "wiodtest"])
@pytest.mark.parametrize("call", list(CALLS))
def test_tiva_totals_match_exvatools(exva_tables, table, call):
    ref = exvatools_reference("oecd").query("table == @table and call_exporter == @call")
    assert len(ref) >= 10
    mine = tiva_as_exvatools(run_exvatools_call("tiva", table, call, exva_tables))
    for row in ref.itertuples():
        got = mine.loc[row.country, row.variable]
        assert got == pytest.approx(row.value, rel=1e-9), (table, call, row.country, row.variable)


def test_melding_is_not_summing_the_splits(exva_tables):
    # CN1 sells to CN2: as separate exporters that is "export"; melded it is domestic
    t = exva_tables["iciotest"]
    split = decompose(t, "tiva", exporter=["CN1", "CN2"])
    melded = decompose(t, "tiva", exporter="CHN", meld=True)
    assert split["EXGR"].sum() > melded.loc["CHN", "EXGR"] + 100
    assert melded.attrs["melded"]["CN1"] == "CHN"
    assert melded.attrs["groups"]["CHN"] == ["CHN", "CN1", "CN2"]


# ---------------------------------------------------------------- leather, every cell
@pytest.fixture(scope="module")
def leather_exva() -> pd.DataFrame:
    d = pd.read_csv(shared_path("testvectors", "peers", "leather_exvatools_sector_by_partner.csv"))
    return d[(d.method == "oecd") & (d.output == "tiva")]


def test_tiva_every_cell_matches_exvatools_on_leather(leather, leather_exva):
    r = decompose(leather, "tiva", "bilateral_sector")
    n = 0
    for v in TIVA_CELL_TERMS:
        for row in leather_exva[leather_exva.variable == v].itertuples():
            c, s = row.exporter_sector.split("_")
            for p in leather.countries:
                if p == c:
                    continue
                assert r.loc[(c, s, p), v] == pytest.approx(getattr(row, f"to_{p}"),
                                                              rel=1e-9, abs=1e-12), (v, c, s, p)
                n += 1
    assert n == len(TIVA_CELL_TERMS) * 9 * 2


def test_tiva_sector_totals_and_shares_on_leather(leather, leather_exva):
    r = decompose(leather, "tiva", "sector")
    ref = leather_exva.pivot(index="exporter_sector", columns="variable", values="total_all_partners")
    for v in TIVA_CELL_TERMS:
        for lab, val in ref[v].items():
            c, s = lab.split("_")
            assert r.loc[(c, s), v] == pytest.approx(val, rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(r["EXGR_DVASH"], 100 * r["EXGR_DVA"] / r["EXGR"], rtol=1e-12)
    # TiVA participation is not BM's GVCB/GVCF (measures.md traps): ARG 10.61 / 21.63
    c = decompose(leather, "tiva")
    assert c.loc["ARG", "DEXFVAP"] == pytest.approx(10.610044, abs=1e-6)
    assert c.loc["ARG", "FEXDVAP"] == pytest.approx(21.634747, abs=1e-6)


def test_tiva_fva_is_gvc_i2e(leather):
    # gvc 6.4.0 i2e (HIY VS) = TiVA EXGR_FVA by exporting sector
    g = pd.read_csv(shared_path("testvectors", "peers", "leather_gvc_indicators.csv"), index_col=0)
    r = decompose(leather, "tiva", "sector")
    got = r["EXGR_FVA"].to_numpy()
    np.testing.assert_allclose(got, g["i2e"].to_numpy(), rtol=1e-9)


# ---------------------------------------------------------------- identities
@settings(max_examples=25, deadline=None)
@given(st.integers(2, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_tiva_identities(G, N, seed):
    t = random_table(np.random.default_rng(seed), G, N)
    m = gvckit.Model(t)
    r = decompose(m, "tiva", "bilateral_sector")
    np.testing.assert_allclose(r.EXGR_DVA + r.EXGR_FVA, r.EXGR, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(r.EXGR_DDC + r.EXGR_IDC + r.EXGR_RIM, r.EXGR_DVA,
                               rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(r.BALVAFD, r.FFD_DVA - r.DFD_FVA, atol=1e-9)
    c = decompose(m, "tiva")
    # value-added trade balances add to zero over the world, as do gross ones
    assert abs(c.BALVAFD.sum()) < 1e-8 * c.EXGR.sum()
    # world totals: foreign VA in everybody's exports = everybody's VA in foreign exports
    assert c.DEXFVAP.sum() == pytest.approx(c.FEXDVAP.sum(), rel=1e-9)
    # gross exports are those of the table
    np.testing.assert_allclose(c.EXGR.to_numpy(), m.e.reshape(G, N).sum(axis=1), rtol=1e-12)
    if G < 3:
        return
    # a group's exports exclude trade between members
    g = decompose(m, "tiva", groups={"GRP": ["C0", "C1"]}, exporter="GRP")
    E = m.E.reshape(G, N, G)
    assert g.loc["GRP", "EXGR"] == pytest.approx(E[:2][:, :, 2:].sum(), rel=1e-12, abs=1e-12)
    assert g.loc["GRP", "EXGR_DVA"] + g.loc["GRP", "EXGR_FVA"] == pytest.approx(
        g.loc["GRP", "EXGR"], rel=1e-9, abs=1e-9)


def test_tiva_open_single_country_table():
    # one country, non-competitive imports: foreign content = imported-input content m'(I-A)^-1 e
    Z = np.array([[10.0, 5.0], [4.0, 20.0]])
    Y = np.array([[30.0], [40.0]])
    ex = np.array([[15.0], [6.0]])
    M = np.array([[3.0, 7.0]])
    t = gvckit.ICIO(Z, Y, exports=ex, imports_Z=M, countries=["CHN"], sectors=["a", "b"])
    r = decompose(t, "tiva", "sector")
    x = Z.sum(1) + Y[:, 0] + ex[:, 0]
    A = Z / x
    Binv = np.linalg.inv(np.eye(2) - A)
    mB = (M[0] / x) @ Binv
    np.testing.assert_allclose(r["EXGR_FVA"].to_numpy(), mB * ex[:, 0], rtol=1e-12)
    np.testing.assert_allclose((r.EXGR_DVA + r.EXGR_FVA).to_numpy(), ex[:, 0], rtol=1e-12)
    b = decompose(t, "tiva", "bilateral")
    assert list(b.index) == [("CHN", "EXT")]
