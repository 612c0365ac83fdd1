"""Regionalisation with location quotients (gvckit.regional).

References checked against:

* a published SLQ: Farhauer & Kroell (2013), "Standorttheorien", as used in the example of the R
  package REAT's ``locq(1714, 79006, 879213, 15593224) = 0.3847623``;
* a 3-sector example worked by hand below, every step written out, with the formulas of
  Flegg & Webber (1997, Regional Studies 31(8)) and Miller & Blair (2009, section 8.3):
  SLQ_i = (x^r_i/X^r)/(x_i/X), CILQ_ij = SLQ_i/SLQ_j (SLQ_i on the diagonal),
  FLQ_ij = lambda* CILQ_ij, lambda* = [log2(1 + X^r/X)]^delta, a^rr_ij = a_ij min(1, LQ_ij);
* accounting identities: province plus rest of country add up to the nation (aggregated back
  with ICIO.aggregate), every row and column balances.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gvckit
from gvckit.errors import InputError
from gvckit.regional import (
    flegg_lambda,
    location_quotients,
    read_regional_data,
    regionalise,
    sourcing_shares,
    template_path,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# ------------------------------------------------------------------ the hand-worked example
# National domestic flows Z (sectors a, b, c), exports e, gross output x:
#   Z = [[10, 20, 10], [20, 10, 30], [10, 10, 20]], e = [20, 40, 10], x = [100, 200, 100]
#   final demand y = x - Z1 - e = [100-40-20, 200-60-40, 100-40-10] = [40, 100, 50]
#   A = Z / x (by column) = [[.10, .10, .10], [.20, .05, .30], [.10, .05, .20]]
# Province output x^r = [30, 20, 10]: X^r = 60, X = 400.
#   regional shares [.5, 1/3, 1/6]; national shares [.25, .5, .25]  ->  SLQ = [2, 2/3, 2/3]
#   CILQ = [[2, 3, 3], [1/3, 2/3, 1], [1/3, 1, 2/3]]        (diagonal = SLQ)
#   lambda* = [log2(1.15)]^0.3 = 0.2016339^0.3 = exp(0.3 ln 0.2016339) = exp(0.3 x -1.6013016)
#           = exp(-0.4803905) = 0.618542
#   FLQ = lambda* CILQ = [[1.237084, 1.855625, 1.855625], [.206181, .412361, .618542],
#                         [.206181, .618542, .412361]]
#   a^rr = A o min(1, FLQ) = [[.1, .1, .1], [.0412361, .0206181, .1855626],
#                             [.0206181, .0309271, .0824722]]
#   Z^rr = a^rr diag(x^r) = [[3, 2, 1], [1.237084, .412361, 1.855626], [.618542, .618542, .824722]]
# Final demand: province's share X^r/X = .15 -> y^r = [6, 15, 7.5]; own supply min(1, FLQ_ii)
#   = [1, .412361, .412361] -> y^rr = [6, 6.185417, 3.092709]
# Exports by producer share x^r/x = [.3, .1, .1] -> e^r = [6, 4, 1]
# Sales to the rest of the country q = x^r - Z^rr 1 - y^rr - e^r
#   = [30-6-6-6, 20-3.505071-6.185417-4, 10-2.061806-3.092709-1] = [12, 6.309512, 3.845485]
LAMBDA = 0.618542
ZRR = np.array([[3.0, 2.0, 1.0], [1.237084, 0.412361, 1.855626], [0.618542, 0.618542, 0.824722]])
YRR = np.array([6.0, 6.185417, 3.092709])
Q = np.array([12.0, 6.309512, 3.845485])


def national() -> gvckit.ICIO:
    Z = [[10, 20, 10], [20, 10, 30], [10, 10, 20]]
    return gvckit.ICIO(Z, [[40], [100], [50]], exports=[[20], [40], [10]], countries=["CHN"],
                       sectors=["a", "b", "c"], unit="CNY")


XR = {"a": 30.0, "b": 20.0, "c": 10.0}


def test_published_slq_farhauer_kroell():
    # industry: 1714 regional, 879213 national; totals 79006 and 15593224
    lq = location_quotients([1714, 79006 - 1714], [879213, 15593224 - 879213], "SLQ")
    assert lq[0, 0] == pytest.approx(0.3847623, abs=1e-7)


def test_lambda_hand_value():
    assert flegg_lambda(60, 400, 0.3) == pytest.approx(LAMBDA, abs=1e-6)
    assert flegg_lambda(60, 400, 0.3) == pytest.approx(math.log2(1.15) ** 0.3, rel=1e-12)
    assert flegg_lambda(60, 400, 0.0) == 1.0
    with pytest.raises(InputError, match="delta"):
        flegg_lambda(60, 400, 1.0)


def test_quotients_hand_example():
    r, n = [30, 20, 10], [100, 200, 100]
    slq = location_quotients(r, n, "SLQ")
    np.testing.assert_allclose(slq[:, 0], [2, 2 / 3, 2 / 3], rtol=1e-12)
    cilq = location_quotients(r, n, "CILQ")
    np.testing.assert_allclose(cilq, [[2, 3, 3], [1 / 3, 2 / 3, 1], [1 / 3, 1, 2 / 3]], rtol=1e-12)
    flq = location_quotients(r, n, "FLQ", 0.3)
    np.testing.assert_allclose(flq, np.array([[1.237084, 1.855625, 1.855625],
                                              [0.206181, 0.412361, 0.618542],
                                              [0.206181, 0.618542, 0.412361]]), rtol=2e-6)


def test_regional_flows_hand_example():
    two = regionalise(national(), XR, region="ZJ", rest="ROC")
    Z = two.Z
    np.testing.assert_allclose(Z.loc["ZJ", "ZJ"].to_numpy(), ZRR, rtol=2e-6)
    Y = two.Y
    np.testing.assert_allclose(Y.loc["ZJ", ("ZJ", "FD")].to_numpy(), YRR, rtol=2e-6)
    to_rest = Z.loc["ZJ", "ROC"].to_numpy().sum(axis=1) + Y.loc["ZJ", ("ROC", "FD")].to_numpy()
    np.testing.assert_allclose(to_rest, Q, rtol=2e-6)
    np.testing.assert_allclose(two.exports.loc["ZJ"].to_numpy()[:, 0], [6, 4, 1])
    # the province's columns keep national technology: Z^rr + Z^sr = A diag(x^r)
    A = np.array([[0.1, 0.1, 0.1], [0.2, 0.05, 0.3], [0.1, 0.05, 0.2]])
    col = Z.loc["ZJ", "ZJ"].to_numpy() + Z.loc["ROC", "ZJ"].to_numpy()
    np.testing.assert_allclose(col, A * np.array([30, 20, 10])[None, :], rtol=1e-12)
    info = two.meta["regionalisation"]
    assert info["method"] == "FLQ" and info["lambda"] == pytest.approx(LAMBDA, abs=1e-6)


# SLQ: rows trimmed by min(1, SLQ_i) = [1, 2/3, 2/3]. Sector b then over-commits the province:
#   own intermediate use (.2*30 + .05*20 + .3*10) * 2/3 = 6.6667, own final use 15 * 2/3 = 10,
#   exports 4: 20.6667 > x^r_b = 20, so b's own-supply coefficients are scaled by
#   (20 - 4) / (6.6667 + 10) = 0.96 (assumption 5). CILQ: no sector over-commits.
@pytest.mark.parametrize(("method", "trim", "scaled"), [
    ("SLQ", [[1, 1, 1], [0.96 * 2 / 3] * 3, [2 / 3] * 3], ["b"]),
    ("CILQ", [[1, 1, 1], [1 / 3, 2 / 3, 1], [1 / 3, 1, 2 / 3]], []),
])
def test_slq_cilq_coefficients(method, trim, scaled):
    two = regionalise(national(), XR, method=method)
    A = np.array([[0.1, 0.1, 0.1], [0.2, 0.05, 0.3], [0.1, 0.05, 0.2]])
    want = A * np.array(trim) * np.array([30, 20, 10])[None, :]
    np.testing.assert_allclose(two.Z.loc["ZJ", "ZJ"].to_numpy(), want, rtol=1e-12)
    assert two.meta["regionalisation"]["own_supply_scaled_down"] == scaled


def _assert_adds_up(nat: gvckit.ICIO, two: gvckit.ICIO, country: str, region: str, rest: str):
    back = two.aggregate(countries={region: country, rest: country})
    np.testing.assert_allclose(back.Z.to_numpy(), nat.Z.reindex(index=back.index, columns=back.index).to_numpy(),
                               rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(back.x.to_numpy(), nat.x.reindex(back.index).to_numpy(), rtol=1e-12, atol=1e-9)
    ycols = back.Y.columns
    np.testing.assert_allclose(back.Y.to_numpy(), nat.Y.reindex(index=back.index, columns=ycols).to_numpy(),
                               rtol=1e-9, atol=1e-6)
    for part in ("exports", "imports_Z", "imports_Y", "va_rows"):
        a, b = getattr(back, part), getattr(nat, part)
        assert (a is None) == (b is None), part
        if a is not None:
            np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9, atol=1e-6, err_msg=part)
    rep = gvckit.check(two, rtol=1e-9)
    assert rep.ok, str(rep)


def test_hand_example_adds_up():
    nat = national()
    _assert_adds_up(nat, regionalise(nat, XR), "CHN", "ZJ", "ROC")


def test_nbs_2017_noncompetitive_adds_up():
    nat = gvckit.load_dataset("china_nbs", year=2017)
    rng = np.random.default_rng(1)
    xr = nat.x.to_numpy() * rng.uniform(0.01, 0.2, nat.N)
    two = regionalise(nat, pd.DataFrame({"sector": nat.sectors, "output": xr}))
    _assert_adds_up(nat, two, "CHN", "ZJ", "ROC")
    s = sourcing_shares(two, "ZJ")
    parts = s[["intra", "rest_of_country", "foreign"]]
    np.testing.assert_allclose(parts.sum(axis=1).to_numpy(), 1.0, rtol=1e-12)
    # the foreign share of the province equals the nation's imported-input share (same technology)
    nat_imp = nat.imports_Z.to_numpy().sum() / (nat.imports_Z.to_numpy().sum() + nat.Z.to_numpy().sum())
    # provincial column weights differ, so compare sector by sector
    mz = nat.imports_Z.to_numpy().sum(axis=0)
    share_j = mz / (mz + nat.Z.to_numpy().sum(axis=0))
    np.testing.assert_allclose(s["foreign"].to_numpy()[:-1], share_j, rtol=1e-9)
    assert 0 < nat_imp < 1


def test_nbs_detailed_competitive_is_converted():
    nat = gvckit.load_dataset("china_nbs", year=2012, variant="detailed")
    xr = nat.x.to_numpy() * 0.07
    two = regionalise(nat, dict(zip(nat.sectors, xr, strict=True)), method="SLQ")
    assert two.import_mode == "noncompetitive"
    assert two.meta["regionalisation"]["competitive_imports_converted"]
    # province + rest: output and total (domestic + imported) intermediate use add up to the nation
    back = two.aggregate(countries={"ZJ": "CHN", "ROC": "CHN"})
    np.testing.assert_allclose(back.x.to_numpy(), nat.x.to_numpy(), rtol=1e-12)
    tot = back.Z.to_numpy().sum(axis=0) + back.imports_Z.to_numpy().sum(axis=0)
    np.testing.assert_allclose(tot, nat.Z.to_numpy().sum(axis=0), rtol=1e-9)
    # imports of the nation = imported intermediate + imported final use
    imp = back.imports_Z.to_numpy().sum(axis=1) + back.imports_Y.to_numpy().sum(axis=1)
    np.testing.assert_allclose(imp, nat.imports_competitive.to_numpy(), rtol=1e-9, atol=1e-6)
    assert gvckit.check(two).ok


def test_nested_in_wiod_world_table():
    w = gvckit.load_dataset("wiod2013", year=2011)
    xc = w.x.loc["CHN"].to_numpy()
    nw = regionalise(w, dict(zip(w.sectors, xc * 0.09, strict=True)), country="CHN")
    assert nw.countries[:nw.countries.index("ZJ")] == w.countries[:w.countries.index("CHN")]
    assert nw.G == w.G + 1
    back = nw.aggregate(countries={"ZJ": "CHN", "ROC": "CHN"})
    assert back.countries == w.countries
    np.testing.assert_allclose(back.Z.to_numpy(), w.Z.to_numpy(), rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(back.Y.to_numpy(), w.Y.reindex(columns=back.Y.columns).to_numpy(),
                               rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(back.x.to_numpy(), w.x.to_numpy(), rtol=1e-12)
    # the province sells 9% of China's sales of each product to the USA (output-share rule)
    zj_usa = nw.Z.loc["ZJ", "USA"].to_numpy().sum()
    chn_usa = w.Z.loc["CHN", "USA"].to_numpy().sum()
    assert zj_usa == pytest.approx(0.09 * chn_usa, rel=1e-9)
    s = sourcing_shares(nw, "ZJ")
    assert s.loc["total", "foreign"] > 0 and s.loc["total", "rest_of_country"] > 0
    assert gvckit.check(nw).ok


def test_employment_measure():
    nat = national()
    df = pd.DataFrame({"sector": ["a", "b", "c"], "employment": [3.0, 1.0, 1.0],
                       "national_employment": [10.0, 10.0, 10.0]})
    two = regionalise(nat, df)
    np.testing.assert_allclose(two.x.loc["ZJ"].to_numpy(), [30, 20, 10])
    # SLQ on employment: (3/5)/(10/30) = 1.8, (1/5)/(1/3) = .6
    L = two.meta["regionalisation"]["location_quotients"].to_numpy()
    lam = math.log2(1 + 5 / 30) ** 0.3
    assert L[0, 0] == pytest.approx(1.8 * lam) and L[1, 1] == pytest.approx(0.6 * lam)
    with pytest.raises(InputError, match="national employment"):
        regionalise(nat, df.drop(columns="national_employment"))


def test_given_exports_and_final_demand():
    two = regionalise(national(), pd.DataFrame({"sector": ["a", "b", "c"], "output": [30, 20, 10],
                                                "exports": [10, 2, 0], "final_demand": [8, 10, 5]}))
    np.testing.assert_allclose(two.exports.loc["ZJ"].to_numpy()[:, 0], [10, 2, 0])
    fd = two.Y.loc[:, ("ZJ", "FD")].to_numpy()
    np.testing.assert_allclose(fd[:3] + fd[3:], [8, 10, 5])
    assert gvckit.check(two, rtol=1e-9).ok


def test_bad_regional_data(tmp_path):
    nat = national()
    with pytest.raises(InputError, match="exceeds national output"):
        regionalise(nat, {"a": 300.0, "b": 20.0, "c": 10.0})
    with pytest.raises(InputError, match=r"\['zz'\]"):
        regionalise(nat, {"a": 3.0, "b": 2.0, "c": 1.0, "zz": 1.0})
    with pytest.raises(InputError, match=r"missing"):
        regionalise(nat, {"a": 3.0, "b": 2.0})
    p = tmp_path / "zj.csv"
    p.write_text("sector,output\na,1\nb,\nc,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"zj.csv.*'output'.*\['b', 'c'\]"):
        regionalise(nat, p)
    with pytest.raises(InputError, match="country"):
        regionalise(gvckit.load_dataset("wiod2013", year=2000), XR)


def test_template_matches_nbs_42_sectors():
    with template_path().open("r", encoding="utf-8") as fh:
        tpl = pd.read_csv(fh, dtype=str, keep_default_na=False)
    nat = gvckit.load_dataset("china_nbs", year=2017)
    assert list(tpl["sector"]) == nat.sectors
    assert list(tpl["name_zh"]) == list(nat.sector_info["name_zh"])
    assert (tpl["output"] == "").all()  # no invented numbers
    with pytest.raises(InputError, match="blank"):
        read_regional_data(tpl, nat.sectors)
    src = SHARED / "data" / "china_nbs_io" / "csv" / "china_2017_42.csv"
    if not src.exists():
        pytest.skip(f"{src} not available")
    raw = pd.read_csv(src, dtype={"Code": str})
    dom = raw[raw["Origin"] == "Domestic"]
    assert list(tpl["name"]) == list(dom["Description"])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["FLQ", "CILQ", "SLQ"]),
       st.floats(0.0, 0.9))
def test_random_tables_balance_and_add_up(seed, method, delta):
    rng = np.random.default_rng(seed)
    N = 5
    x = rng.uniform(50, 150, N)
    A = rng.uniform(0, 1, (N, N))
    A = A / A.sum(axis=0) * rng.uniform(0.2, 0.6, N)
    Z = A * x[None, :]
    rest = x - Z.sum(axis=1)
    e = rest * rng.uniform(0.0, 0.4, N)
    y = np.column_stack([(rest - e) * 0.7, (rest - e) * 0.3])
    mz = x * rng.uniform(0.0, 0.2, N)
    nat = gvckit.ICIO(Z, y, x=x, exports=e, imports_Z=mz[None, :], imports_Y=[[5.0, 1.0]],
                      countries=["CHN"], sectors=[f"s{i}" for i in range(N)])
    xr = x * rng.uniform(0.0, 0.5, N)
    xr[0] = max(xr[0], 1.0)
    two = regionalise(nat, dict(zip(nat.sectors, xr, strict=True)), method=method, delta=delta)
    assert (two.Z.to_numpy() >= 0).all()
    _assert_adds_up(nat, two, "CHN", "ZJ", "ROC")


def test_nested_in_peers_leather_table_with_value_added(leather):
    # decompr's leather example (../shared/testvectors/peers): split ARG, keep reported VA rows
    va = leather.value_added().to_frame().T
    t = gvckit.ICIO(leather.Z, leather.Y, x=leather.x.to_numpy(), va=va)
    xr = t.x.loc["ARG"].to_numpy() * np.array([0.5, 0.2, 0.1])
    r = regionalise(t, dict(zip(t.sectors, xr, strict=True)), country="ARG", region="P", rest="R")
    assert r.countries == ["P", "R", "TUR", "DEU"]
    back = r.aggregate(countries={"P": "ARG", "R": "ARG"})
    np.testing.assert_allclose(back.Z.to_numpy(), t.Z.to_numpy(), rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(back.va_rows.to_numpy(), t.va_rows.to_numpy(), rtol=1e-12)
    # value-added coefficients of the province equal the nation's (same technology)
    v_p = r.va_rows.loc[:, "P"].to_numpy()[0] / xr
    v_n = t.va_rows.loc[:, "ARG"].to_numpy()[0] / t.x.loc["ARG"].to_numpy()
    np.testing.assert_allclose(v_p, v_n, rtol=1e-12)
    assert gvckit.check(r, rtol=1e-9).ok
