"""OECD ICIO reader: mock files in each edition's exact layout, built at test time.

Independent references: the exvatools ICIO-type test table (with CN1/CN2, MX1/MX2 processing
splits) and its gross exports computed by exvatools 0.9.0 (``/work/shared/testvectors/peers``);
hand-built tables whose numbers are known; accounting identities.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gvckit.errors import FormatError
from gvckit.readers import read

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PEERS = SHARED / "testvectors" / "peers"

COUNTRIES = ["AUS", "CHN", "MEX", "ROW"]
SPLITS = ["MX1", "MX2", "CN1", "CN2"]
FD = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]


def _world(countries, splits, sectors, fd, seed=0):
    """A balanced world table: Z, Y (destinations = countries only), TLS, VA, x."""
    rng = np.random.default_rng(seed)
    allc = countries + splits
    n = len(allc) * len(sectors)
    Z = rng.uniform(0, 10, (n, n)).round(3)
    Y = rng.uniform(0, 20, (n, len(countries) * len(fd))).round(3)
    x = Z.sum(1) + Y.sum(1)
    tls = rng.uniform(0, 2, n).round(3)
    va = x - Z.sum(0) - tls
    rows = [f"{c}_{s}" for c in allc for s in sectors]
    return rows, Z, Y, x, tls, va


def _csv(edition="2021", seed=0, sectors=("01T02", "05T06"), splits=SPLITS, countries=COUNTRIES,
         drop_total_row=False, rename_total=None, bad_cell=None):
    sectors = list(sectors)
    rows, Z, Y, x, tls, va = _world(countries, list(splits), sectors, FD, seed)
    old = edition in ("2016", "2018")
    if edition == "2016":
        fdcols = [f"{k}_{c}" for k in FD for c in countries]  # category first, component-major
        Yc = np.hstack([Y[:, [countries.index(c) * len(FD) + FD.index(k)]] for k in FD for c in countries])
    else:
        fdcols = [f"{c}_{k}" for c in countries for k in FD]
        Yc = Y
    tot = "TOTAL" if old else "OUT"
    cols = rows + fdcols + [rename_total or tot]
    body = np.hstack([Z, Yc, x[:, None]])
    n = len(rows)
    va_lab, tls_lab, out_lab = ("VALU", "TAXSUB", "OUTPUT") if old else ("VA", "TLS", "OUT")
    extra = [(tls_lab, np.r_[tls, np.zeros(len(fdcols) + 1)]), (va_lab, np.r_[va, np.zeros(len(fdcols) + 1)])]
    if not drop_total_row:
        extra.append((out_lab, np.r_[x, np.zeros(len(fdcols) + 1)]))
    frame = pd.DataFrame(np.vstack([body] + [e[1] for e in extra]), index=rows + [e[0] for e in extra],
                         columns=cols)
    if bad_cell is not None:
        frame = frame.astype(object)
        frame.iat[bad_cell[0], bad_cell[1]] = bad_cell[2]
    text = frame.to_csv(float_format="%.6f")
    return text, dict(rows=rows, Z=Z, Y=Y, x=x, tls=tls, va=va, n=n)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return path


@pytest.mark.parametrize("edition,name", [("2016", "ICIO2016_2011.csv"), ("2018", "ICIO2018_2015.CSV"),
                                          ("2021", "ICIO2021_2018.csv")])
def test_editions_known_numbers(tmp_path, edition, name):
    sectors = ("C01T05", "C10T14") if edition == "2016" else ("01T02", "05T06")
    text, ref = _csv(edition, sectors=sectors)
    p = tmp_path / name
    p.write_text(text)
    t = read(p)
    assert t.meta["format"] == "oecd_icio"
    assert t.meta["release"] == f"oecd_icio{edition}"
    assert t.year == int(name[9:13])
    assert list(t.countries) == COUNTRIES + SPLITS
    assert t.meta["processing_splits"] == {"MX1": "MEX", "MX2": "MEX", "CN1": "CHN", "CN2": "CHN"}
    Z, Y, x = t.arrays()
    np.testing.assert_allclose(Z, ref["Z"], atol=1e-9)
    np.testing.assert_allclose(x, ref["x"], atol=1e-6)
    # final demand back in country-major order whatever the file's order; processing rows sell to FD
    np.testing.assert_allclose(Y, ref["Y"], atol=1e-9)
    assert set(t.Y.columns.get_level_values(0)) == set(COUNTRIES)  # CN1... have no FD columns
    assert t.Y.loc[("CN1", sectors[0])].sum() > 0
    np.testing.assert_allclose(t.va_rows.to_numpy().sum(0), ref["va"] + ref["tls"], atol=1e-6)


def test_2023_extended_nested_zip_and_small(tmp_path):
    text, ref = _csv("2021", seed=1)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("2019.csv", text)
    p = _zip(tmp_path / "ICIO-2016-2020-extended.zip", {"2019.zip": inner.getvalue()})
    t = read(p, year=2019)
    assert t.meta["release"] == "oecd_icio2023" and t.meta["variant"] == "extended"
    assert t.year == 2019
    np.testing.assert_allclose(t.arrays()[0], ref["Z"], atol=1e-9)
    text_s, ref_s = _csv("2021", seed=2, splits=())
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("2019.SML.csv", text_s)
    ps = _zip(tmp_path / "ICIO-2016-2020-small.zip", {"2019.SML.zip": inner.getvalue()})
    s = read(ps, year=2019)
    assert s.meta["variant"] == "small" and s.meta["processing_splits"] == {}
    assert s.meta["release"] == "oecd_icio2023"
    assert list(s.countries) == COUNTRIES


def test_zip_of_many_years_needs_year(tmp_path):
    a, _ = _csv("2021", seed=3)
    b, ref_b = _csv("2021", seed=4)
    p = _zip(tmp_path / "ICIO_2015-2018.zip", {"ICIO2021_2015.csv": a, "ICIO2021_2016.csv": b})
    with pytest.raises(FormatError, match="several years"):
        read(p)
    t = read(p, year=2016)
    np.testing.assert_allclose(t.arrays()[0], ref_b["Z"], atol=1e-9)
    with pytest.raises(FormatError, match="no OECD ICIO file for year 2017"):
        read(p, year=2017)


def test_read_twice_identical(tmp_path):
    text, _ = _csv("2018")
    p = tmp_path / "ICIO2018_2010.csv"
    p.write_text(text)
    assert read(p).equals(read(p))


@pytest.mark.parametrize("kw,match", [
    (dict(drop_total_row=True, rename_total="OUTPUTS"), "'OUTPUTS'"),
    (dict(rename_total="OUTPUTS"), "column 'OUTPUTS' is neither"),
])
def test_missing_or_renamed_total(tmp_path, kw, match):
    text, _ = _csv("2021", **kw)
    p = tmp_path / "ICIO2021_2018.csv"
    p.write_text(text)
    with pytest.raises(FormatError, match=match) as err:
        read(p)
    assert "ICIO2021_2018.csv" in str(err.value)


def test_renamed_total_row_is_named(tmp_path):
    text, _ = _csv("2021")
    p = tmp_path / "ICIO2021_2018.csv"
    p.write_text(text.replace("\nOUT,", "\nTOTALOUT,"))
    with pytest.raises(FormatError, match="unexpected row label 'TOTALOUT'"):
        read(p)


def test_bad_value_names_row_and_column(tmp_path):
    text, ref = _csv("2021", bad_cell=(3, 2, "n/a"))
    p = tmp_path / "ICIO2021_2018.csv"
    p.write_text(text)
    with pytest.raises(FormatError) as err:
        read(p)
    msg = str(err.value)
    assert "'n/a'" in msg and ref["rows"][3] in msg and ref["rows"][2] in msg


def test_truncated_file(tmp_path):
    text, _ = _csv("2021")
    p = tmp_path / "ICIO2021_2018.csv"
    p.write_text(text[: len(text) // 2])
    with pytest.raises(FormatError, match="ICIO2021_2018.csv"):
        read(p)


def test_changed_header(tmp_path):
    text, ref = _csv("2021")
    lines = text.splitlines()
    lines[0] = lines[0].replace("AUS_01T02", "AUS-01T02")
    p = tmp_path / "ICIO2021_2018.csv"
    p.write_text("\n".join(lines))
    with pytest.raises(FormatError, match="AUS"):
        read(p, format="oecd_icio")


def test_zip_without_the_csv(tmp_path):
    p = _zip(tmp_path / "ICIO_2015-2018.zip", {"ReadMe_ICIO2021.txt": b"readme"})
    with pytest.raises(FormatError, match="ICIO_2015-2018.zip"):
        read(p, format="oecd_icio")


def test_nested_zip_missing_inner_csv(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("notes.txt", "x")
    p = _zip(tmp_path / "ICIO-2016-2020-extended.zip", {"2019.zip": inner.getvalue()})
    with pytest.raises(FormatError, match="should hold one CSV"):
        read(p, year=2019)


@pytest.mark.skipif(not (PEERS / "exvatools_iciotest_data.csv").exists(), reason="shared peers folder absent")
def test_exvatools_icio_table_gross_exports_with_splits(tmp_path):
    """exvatools' ICIO test table in OECD 2021 layout: CHN (CN1+CN2 melded) gross exports."""
    raw = pd.read_csv(PEERS / "exvatools_iciotest_data.csv", index_col=0)
    Z = raw.iloc[:, :30]
    x = raw.sum(axis=1)
    frame = raw.copy()
    frame["OUT"] = x
    va = x.to_numpy() - Z.to_numpy().sum(0)
    extra = pd.DataFrame([np.r_[va, np.zeros(13)], np.r_[x.to_numpy(), np.zeros(13)]], index=["VA", "OUT"],
                         columns=frame.columns)
    p = tmp_path / "ICIO2021_2015.csv"
    pd.concat([frame, extra]).to_csv(p)
    t = read(p)
    assert t.meta["processing_splits"] == {"MX1": "MEX", "MX2": "MEX", "CN1": "CHN", "CN2": "CHN"}
    ref = pd.read_csv(PEERS / "exvatools_testtables_reference_totals.csv")
    want = ref.query("table == 'iciotest' and method == 'bm_src' and call_exporter == 'all' and variable == 'EXGR'")
    want = want.set_index("country")["value"]
    meld = {c: t.meta["processing_splits"].get(c, c) for c in t.countries}
    rows_c = np.array([meld[c] for c, _ in t.Z.index])
    fd_c = np.array([meld[c] for c, _ in t.Y.columns])
    Zc, Yc, _ = t.arrays()
    for country in ("ESP", "CHN"):
        r = rows_c == country
        e = Zc[np.ix_(r, rows_c != country)].sum() + Yc[np.ix_(r, fd_c != country)].sum()
        assert e == pytest.approx(want[country], rel=1e-9)


def test_renamed_file_detected_by_header_and_year_given(tmp_path):
    text, ref = _csv("2021", seed=7)
    p = tmp_path / "my_oecd_table.csv"
    p.write_text(text)
    t = read(p, year=2015)  # no year in the name: the caller's year labels the table
    assert t.meta["format"] == "oecd_icio" and t.year == 2015 and t.meta["edition"] == "2021 or 2023"
    assert t.meta["edition_from"] == "labels"
    np.testing.assert_allclose(t.arrays()[0], ref["Z"], atol=1e-9)
