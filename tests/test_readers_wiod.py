"""WIOD readers (2013 xlsx and RData, 2016 xlsx/xlsb/RData/dta, long-run rda/npz).

Mock workbooks are written at test time in the WIOD sheet layout (as parsed by pymrio's
``parse_wiod``); real files from ``/work/shared/data`` are read where they exist and checked
against the numbers their READMEs report (China's domestic value-added share of gross exports)
and accounting identities.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gvckit
from gvckit.errors import FormatError
from gvckit.readers import read
from gvckit.readers.wiod import read_wiod2016_frame

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"

C13 = ["AUS", "ROM", "RoW"]
S13 = [("AtB", "Agriculture"), ("C", "Mining")]
FD13 = ["c37", "c38", "c39", "c41", "c42"]
FD16 = ["c57", "c58", "c59", "c60", "c61"]


def _numbers(G, N, K, seed=0):
    rng = np.random.default_rng(seed)
    n = G * N
    Z = rng.integers(0, 50, (n, n)).astype(float)
    Y = rng.integers(0, 80, (n, G * K)).astype(float)
    x = Z.sum(1) + Y.sum(1)
    tx = rng.integers(0, 5, n).astype(float)
    va = x - Z.sum(0) - tx
    return Z, Y, x, tx, va


def _sheet(release="2013", seed=0, year=2005, countries=C13, sectors=S13):
    """Rows of a WIOD world input-output sheet (list of lists) and the numbers in it."""
    fd = FD13 if release == "2013" else FD16
    G, N, K = len(countries), len(sectors), len(fd)
    Z, Y, x, tx, va = _numbers(G, N, K, seed)
    total_code = "c62" if release == "2013" else "GO"
    cols = [(c, f"c{s + 1}", sectors[s][0], sectors[s][1]) for c in countries for s in range(N)]
    cols += [(c, k, k, "final use") for c in countries for k in fd]
    cols += [("TOT", total_code, "GO", "Total output")]
    rows = [[f"World Input-Output Table {year}"] + [None] * (3 + len(cols)), [None] * (4 + len(cols))]
    rows.append(["(industry-by-industry)", None, None, None] + [c[2] for c in cols])
    rows.append(["(millions of US$)", None, None, None] + [c[3] for c in cols])
    rows.append([None, None, None, None] + [c[0] for c in cols])
    rows.append([None, None, None, None] + [c[1] for c in cols])
    for i in range(G * N):
        c, s = countries[i // N], i % N
        rows.append([sectors[s][0], sectors[s][1], c, f"c{s + 1}"] + list(Z[i]) + list(Y[i]) + [x[i]])
    if release == "2013":
        va_rows = [("r60", "Total intermediate consumption", Z.sum(0)), ("r61", "Taxes less subsidies on products", tx),
                   ("r64", "Value added at basic prices", va), ("r69", "Output at basic prices", x)]
        for code, name, vals in va_rows:
            rows.append([None, name, None, code] + list(vals) + [None] * (len(cols) - G * N))
    else:
        va_rows = [("II_fob", "Total intermediate consumption", Z.sum(0)), ("TXSP", "taxes less subsidies", tx),
                   ("VA", "Value added at basic prices", va), ("GO", "Output at basic prices", x)]
        for k, (code, name, vals) in enumerate(va_rows):
            rows.append([code, name, "TOT", f"r{64 + k}"] + list(vals) + [None] * (len(cols) - G * N))
    return rows, dict(Z=Z, Y=Y, x=x, tx=tx, va=va)


def _xlsx(path, rows):
    frame = pd.DataFrame(rows)
    frame.to_excel(path, header=False, index=False)
    return path


def test_wiod2013_xlsx_mock(tmp_path):
    rows, ref = _sheet("2013")
    p = _xlsx(tmp_path / "wiot05_row_sep12.xlsx", rows)
    t = read(p)
    assert t.meta["format"] == "wiod2013" and t.meta["release"] == "wiod2013"
    assert t.year == 2005 and t.unit == "USD million"
    assert list(t.countries) == ["AUS", "ROU", "ROW"]
    assert list(t.country_info["source_code"]) == C13
    assert list(t.sectors) == ["AtB", "C"] and list(t.sector_info["source_code"]) == ["c1", "c2"]
    assert list(t.sector_info["name"]) == ["Agriculture", "Mining"]
    Z, Y, x = t.arrays()
    np.testing.assert_array_equal(Z, ref["Z"])
    np.testing.assert_array_equal(Y, ref["Y"])
    np.testing.assert_array_equal(x, ref["x"])
    assert list(t.Y.columns.get_level_values(1)[:5]) == ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
    assert list(t.va_rows.index) == ["r61", "r64"]  # totals r60 / r69 dropped
    np.testing.assert_array_equal(t.value_added("reported").to_numpy(), ref["tx"] + ref["va"])
    assert read(p).equals(t)


def test_wiod2016_xlsx_and_xlsb_branch(tmp_path, monkeypatch):
    rows, ref = _sheet("2016", seed=3, year=2014, countries=["AUS", "CHN", "ROW"],
                       sectors=[("A01", "Crop"), ("A02", "Forestry"), ("C10-C12", "Food")])
    p = _xlsx(tmp_path / "WIOT2014_Nov16_ROW.xlsx", rows)
    t = read(p)
    assert t.meta["release"] == "wiod2016" and t.year == 2014
    np.testing.assert_array_equal(t.arrays()[0], ref["Z"])
    np.testing.assert_array_equal(t.arrays()[2], ref["x"])
    assert list(t.va_rows.index) == ["TXSP", "VA"]
    # xlsb: no Python library writes it, so check the branch asks pandas for the pyxlsb engine
    xlsb = tmp_path / "WIOT2014_Nov16_ROW.xlsb"
    xlsb.write_bytes(p.read_bytes())
    seen = {}
    real = pd.ExcelFile

    def fake(fh, engine=None):
        seen["engine"] = engine
        return real(fh, engine="openpyxl")

    monkeypatch.setattr(pd, "ExcelFile", fake)
    u = read(xlsb)
    assert seen["engine"] == "pyxlsb"
    assert u.equals(t)


def _frame2016(seed=5):
    countries, N = ["AUS", "CHN", "ROW"], 2
    Z, Y, x, tx, va = _numbers(3, N, 5, seed)
    cols = [f"{c}{s + 1}" for c in countries for s in range(N)] + [f"{c}{57 + k}" for c in countries for k in range(5)]
    data = pd.DataFrame(np.hstack([Z, Y, x[:, None]]), columns=cols + ["TOT"])
    lab = pd.DataFrame({"IndustryCode": ["A01", "A02"] * 3, "IndustryDescription": ["Crop", "Forestry"] * 3,
                        "Country": np.repeat(countries, N), "RNr": [1.0, 2.0] * 3, "Year": 2010.0})
    top = pd.concat([lab, data], axis=1)
    extra = pd.DataFrame({"IndustryCode": ["II_fob", "TXSP", "VA", "GO"],
                          "IndustryDescription": ["intermediate", "taxes", "value added", "output"],
                          "Country": "TOT", "RNr": [65.0, 66.0, 70.0, 73.0], "Year": 2010.0})
    vals = np.zeros((4, len(cols) + 1))
    vals[:, :6] = np.vstack([Z.sum(0), tx, va, x])
    frame = pd.concat([top, pd.concat([extra, pd.DataFrame(vals, columns=cols + ["TOT"])], axis=1)],
                      ignore_index=True)
    for c in ("IndustryCode", "IndustryDescription", "Country"):
        frame[c] = frame[c].astype(object)
    return frame, dict(Z=Z, Y=Y, x=x)


def test_wiod2016_rdata_and_dta(tmp_path):
    import rdata

    frame, ref = _frame2016()
    p = tmp_path / "WIOT2010_October16_ROW.RData"
    rdata.write_rda(p, {"wiot": frame})
    t = read(p)
    assert t.meta["release"] == "wiod2016" and t.year == 2010
    np.testing.assert_array_equal(t.arrays()[0], ref["Z"])
    np.testing.assert_array_equal(t.arrays()[1], ref["Y"])
    d = tmp_path / "WIOT2010_October16_ROW.dta"
    frame.to_stata(d, write_index=False)
    u = read(d)
    assert u.equals(t)


def test_wiod2016_frame_errors():
    frame, _ = _frame2016()
    with pytest.raises(FormatError, match="RNr"):
        read_wiod2016_frame(frame.drop(columns="RNr"), "f.RData")
    bad = frame.copy()
    bad["AUS1"] = bad["AUS1"].astype(object)
    bad.loc[1, "AUS1"] = "x12"
    with pytest.raises(FormatError, match=r"'x12'.*AUS/c2.*AUS/c1"):
        read_wiod2016_frame(bad, "f.RData")
    two = pd.concat([frame, frame.assign(Year=2011.0)], ignore_index=True)
    with pytest.raises(FormatError, match="several years"):
        read_wiod2016_frame(two, "f.RData")


def test_wiod2013_errors(tmp_path):
    rows, _ = _sheet("2013")
    # changed header: column codes renamed
    bad = [list(r) for r in rows]
    bad[5] = [None] * 4 + [("k" + str(v)[1:]) if isinstance(v, str) else v for v in bad[5][4:]]
    p = _xlsx(tmp_path / "wiot05_row_sep12.xlsx", bad)
    with pytest.raises(FormatError, match="header") as err:
        read(p)
    assert "wiot05_row_sep12.xlsx" in str(err.value)
    # a value that does not parse
    bad = [list(r) for r in rows]
    bad[7][5] = "12,5"
    p = _xlsx(tmp_path / "wiot05_row_sep12.xlsx", bad)
    with pytest.raises(FormatError, match=r"'12,5'.*AUS/c2.*AUS/c2"):
        read(p)
    # missing total column and total row
    bad = [r[:-1] for r in rows if r[3] != "r69"]
    p = _xlsx(tmp_path / "wiot05_row_sep12.xlsx", bad)
    with pytest.raises(FormatError, match="total-output"):
        read(p)
    # truncated workbook
    good = _xlsx(tmp_path / "wiot06_row_sep12.xlsx", rows)
    cut = tmp_path / "wiot07_row_sep12.xlsx"
    cut.write_bytes(good.read_bytes()[:800])
    with pytest.raises(FormatError, match="wiot07_row_sep12.xlsx"):
        read(cut)


def test_mixed_years_in_a_folder(tmp_path):
    for y, seed in ((5, 0), (6, 1)):
        rows, _ = _sheet("2013", seed=seed, year=2000 + y)
        _xlsx(tmp_path / f"wiot0{y}_row_sep12.xlsx", rows)
    with pytest.raises(FormatError, match="several years"):
        read(tmp_path)
    assert read(tmp_path, year=2006).year == 2006


def _china_dva_share(t: gvckit.ICIO, va: np.ndarray | None = None) -> float:
    Z, Y, x = t.arrays()
    A = Z / np.where(x > 0, x, 1.0)
    v = (1 - A.sum(0)) if va is None else va / x
    own = np.array([c == "CHN" for c, _ in t.Z.index])
    fd_own = np.array([c == "CHN" for c, _ in t.Y.columns])
    e = np.where(own, Z[:, ~own].sum(1) + Y[:, ~fd_own].sum(1), 0.0)
    Be = np.linalg.solve(np.eye(len(x)) - A, e)
    return float((v * Be)[own].sum() / e.sum())


@pytest.mark.skipif(not (DATA / "wiod2013/original_rdata/wiot_2000.RData").exists(), reason="shared WIOD data absent")
def test_real_wiod2013_rdata():
    t = read(DATA / "wiod2013/original_rdata/wiot_2000.RData")
    assert t.meta["format"] == "wiod2013_rdata" and t.year == 2000
    assert (t.G, t.N) == (41, 35) and "ROU" in t.countries
    assert t.country_info.loc["ROU", "source_code"] == "ROM"
    assert _china_dva_share(t) == pytest.approx(0.828, abs=6e-4)  # README: 0.828 (2000)
    assert t.equals(gvckit.load_dataset("wiod2013", year=2000, output="reported"))


@pytest.mark.skipif(not (DATA / "wiod_longrun/original_rda/WIODlr_WIOT_1995.rda").exists(), reason="shared data absent")
def test_real_wiod_longrun_rda_and_npz():
    a = read(DATA / "wiod_longrun/original_rda/WIODlr_WIOT_1995.rda")
    b = read(DATA / "wiod_longrun/npz", year=1995)
    assert a.meta["release"] == "wiod_longrun" and b.meta["format"] == "wiod_longrun_npz"
    assert (a.G, a.N, a.year) == (26, 23, 1995) and "ROW" in a.countries
    assert a.equals(b)
    Z, Y, x = a.arrays()
    # identities the README reports: x = Z1 + F1 and x = 1'Z + value-added rows, to 1e-3
    np.testing.assert_allclose(Z.sum(1) + Y.sum(1), x, atol=1e-3)
    np.testing.assert_allclose(Z.sum(0) + a.va_rows.to_numpy().sum(0), x, atol=1e-3)
    # README: China's DVA share of gross exports 1995 0.863 (VA row) / 0.870 (1 - colsum A)
    assert _china_dva_share(a) == pytest.approx(0.870, abs=6e-4)
    assert _china_dva_share(a, a.va_rows.loc["VA"].to_numpy()) == pytest.approx(0.863, abs=6e-4)
    with pytest.raises(FormatError, match="several years"):
        read(DATA / "wiod_longrun/npz")


def test_missing_optional_package_is_a_clear_error(tmp_path, monkeypatch):
    import sys

    frame, _ = _frame2016()
    import rdata

    p = tmp_path / "WIOT2010_October16_ROW.RData"
    rdata.write_rda(p, {"wiot": frame})
    monkeypatch.setitem(sys.modules, "rdata", None)  # import rdata now raises ImportError
    with pytest.raises(FormatError, match=r"WIOT2010_October16_ROW.RData.*pip install 'gvckit\[readers\]'"):
        read(p)
