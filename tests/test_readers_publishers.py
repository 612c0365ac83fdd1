"""Readers on samples in each publisher's real layout, cross-checked against independent readers.

Samples come from ``tests/readers_samples.py`` (built from the publishers' documented layouts, see
its docstring). Independent readers: pymrio 0.7 ``parse_oecd`` (which melds CN/MX into CHN/MEX,
so gvckit is compared with ``meld=True``), ``parse_wiod`` and ``parse_eora26`` (which drops ROW);
for ADB MRIO and CEADs, plain openpyxl code written here from ksreyes/mrio-processing's and the
CEADs workbook's fixed positions. Numbers must agree to 1e-9; every broken variant must raise a
FormatError naming what is wrong.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gvckit
import readers_samples as S
from gvckit.errors import FormatError
from gvckit.readers import read

pymrio = pytest.importorskip("pymrio")
TOL = dict(rtol=1e-9, atol=1e-9)


def _quiet(fn, *a, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*a, **kw)


# ------------------------------------------------------------------------------------------ OECD
@pytest.mark.parametrize("edition,year", [("2016", 2011), ("2018", 2015), ("2021", 2018)])
@pytest.mark.parametrize("zipped", [False, True])
def test_oecd_editions_match_truth_and_pymrio(tmp_path, edition, year, zipped):
    p, tr = S.oecd_file(tmp_path, edition, year, zipped=zipped)
    t = read(p)
    assert t.meta["format"] == "oecd_icio" and t.meta["edition"] == edition and t.year == year
    assert t.source == f"OECD ICIO {edition} edition" and t.meta["edition_from"] == "file name"
    assert t.countries == tr["countries"] and t.sectors == tr["sectors"]
    assert t.meta["processing_splits"] == {c: ("CHN" if c.startswith("CN") else "MEX") for c in tr["splits"]}
    np.testing.assert_allclose(t.Z.to_numpy(), tr["Z"], **TOL)
    np.testing.assert_allclose(t.Y[[tuple(c.split("_", 1)) for c in tr["fd_cols"]]].to_numpy(), tr["Y"], **TOL)
    np.testing.assert_allclose(t.x.to_numpy(), tr["x"], **TOL)
    assert list(t.va_rows.index) == list(tr["va_rows"])
    np.testing.assert_allclose(t.va_rows.to_numpy(), np.vstack(list(tr["va_rows"].values())), **TOL)
    if edition == "2016":  # no total column: output from the OUT row; DISC kept as ROW's category
        assert "OUT" in t.meta["output_from"] and t.meta["fd_order"].startswith("category-major")
        np.testing.assert_allclose(t.Y[("ROW", "DISC")].to_numpy(), tr["disc"], **TOL)
    assert gvckit.check(t).ok
    # pymrio reads the CSV and melds CN*/MX* into CHN/MEX: compare with gvckit's meld on request
    csv = p
    if zipped:
        csv = tmp_path / "member.csv"
        with zipfile.ZipFile(p) as zf:
            csv.write_bytes(zf.read(zf.namelist()[0]))
    io_ = _quiet(pymrio.parse_oecd, csv)
    m = read(p, meld=True)
    assert m.meta["melded"] == t.meta["processing_splits"] and "CN1" not in m.countries
    np.testing.assert_allclose(io_.Z.loc[m.Z.index, m.Z.columns].to_numpy(), m.Z.to_numpy(), **TOL)
    cols = [c for c in m.Y.columns if c[1] != "DISC"]
    np.testing.assert_allclose(io_.Y.loc[m.Y.index, cols].to_numpy(), m.Y[cols].to_numpy(), **TOL)
    F = io_.factor_inputs.F.loc[m.va_rows.index, m.va_rows.columns]
    np.testing.assert_allclose(F.to_numpy(), m.va_rows.to_numpy(), **TOL)


def test_oecd_2023_extended_and_small_archives(tmp_path):
    tr = S.oecd_2023_archives(tmp_path)
    ext, sml = tr["extended_zip"], tr["small_zip"]
    assert ext.name == "2011-2015.zip" and sml.name == "2011-2015_SML.zip"
    t = read(ext, year=2011)
    assert t.meta["edition"] == "2023" and t.meta["variant"] == "extended"
    assert t.source == "OECD ICIO 2023 edition, extended table" and "2021" not in t.source
    assert {"CN1", "CN2", "MX1", "MX2"} <= set(t.countries)
    np.testing.assert_allclose(t.Z.to_numpy(), tr[(2011, "extended")]["Z"], **TOL)
    s = read(sml, year=2012)
    assert s.meta["variant"] == "small" and s.meta["processing_splits"] == {} and s.G == 4
    np.testing.assert_allclose(s.Z.to_numpy(), tr[(2012, "small")]["Z"], **TOL)
    # pymrio on the extracted member, melded
    with zipfile.ZipFile(ext) as zf:
        (tmp_path / "ICIO2023_2011.csv").write_bytes(zf.read("2011.csv"))
    io_ = _quiet(pymrio.parse_oecd, tmp_path / "ICIO2023_2011.csv")
    m = read(ext, year=2011, meld=True)
    np.testing.assert_allclose(io_.Z.loc[m.Z.index, m.Z.columns].to_numpy(), m.Z.to_numpy(), **TOL)
    # a folder holding both archives' members is read by member name too
    with pytest.raises(FormatError, match="several years"):
        read(ext)


def test_oecd_2023_missing_year_is_not_read_from_the_small_table(tmp_path):
    """The extended archive lacks 2011.csv: an error naming 2011.csv and the members, no fallback."""
    frame, _ = S.oecd_frame("2023", small=True)
    fe, _ = S.oecd_frame("2023", seed=5)
    p = S.write_zip(tmp_path / "2011-2015.zip", {"2011_SML.csv": S.csv_bytes(frame), "2012.csv": S.csv_bytes(fe)})
    with pytest.raises(FormatError, match=r"no 2011\.csv \(extended table\).*2011_SML\.csv.*not read in its place"):
        read(p, year=2011)
    assert read(p, year=2011, variant="small").meta["variant"] == "small"  # only when asked


def test_oecd_by_folder_and_member(tmp_path):
    tr = S.oecd_2023_archives(tmp_path)
    t = read(tr["small_zip"], member="2012_SML.csv")
    assert t.year == 2012 and t.meta["variant"] == "small"
    np.testing.assert_allclose(t.Z.to_numpy(), tr[(2012, "small")]["Z"], **TOL)
    e = read(tr["extended_zip"], member="2012.csv")
    np.testing.assert_allclose(e.Z.to_numpy(), tr[(2012, "extended")]["Z"], **TOL)
    with pytest.raises(FormatError, match=r"member '2013\.csv' is not in the archive; it holds 2011\.csv, 2012\.csv"):
        read(tr["extended_zip"], member="2013.csv")
    folder = tmp_path / "icio2018"
    folder.mkdir()
    _, a = S.oecd_file(folder, "2018", 2014, seed=1)
    _, b = S.oecd_file(folder, "2018", 2015, seed=2)
    t = read(folder, year=2014)
    assert t.meta["format"] == "oecd_icio" and t.year == 2014 and t.meta["edition"] == "2018"
    np.testing.assert_allclose(t.Z.to_numpy(), a["Z"], **TOL)
    with pytest.raises(FormatError, match="several years"):
        read(folder)


def test_oecd_renamed_2016_file_recognised_by_labels(tmp_path):
    frame, tr = S.oecd_frame("2016")
    p = tmp_path / "oecd_table.csv"
    p.write_bytes(S.csv_bytes(frame))
    t = read(p, year=2011)
    assert t.meta["format"] == "oecd_icio" and t.meta["edition"] == "2016" and t.meta["edition_from"] == "labels"
    np.testing.assert_allclose(t.Z.to_numpy(), tr["Z"], **TOL)


@pytest.mark.parametrize("edit,match", [
    ("truncate", "truncated"),
    ("renamed_total", "unexpected row label 'OUTPUT_TOTAL'"),
    ("non_numeric", r"row 'AUS_01T03', column 'CHN_05T06'.*'n\.a\.' is not a number"),
    ("shifted_header", "not an OECD ICIO table|neither"),
    ("duplicate_row", "row label 'AUS_05T06' appears 2 times"),
    ("duplicate_col", "column label 'AUS_HFCE' appears more than once"),
])
def test_oecd_broken_variants(tmp_path, edit, match):
    frame, _ = S.oecd_frame("2018")
    frame = frame.astype(object)
    if edit == "renamed_total":
        frame = frame.rename(index={"OUTPUT": "OUTPUT_TOTAL"})
    elif edit == "non_numeric":
        frame.loc["AUS_01T03", "CHN_05T06"] = "n.a."
    elif edit == "duplicate_row":
        frame = frame.rename(index={"AUS_07T08": "AUS_05T06"})
    elif edit == "duplicate_col":
        frame = frame.rename(columns={"AUS_NPISH": "AUS_HFCE"})
    text = S.csv_bytes(frame)
    if edit == "truncate":
        text = text[: int(len(text) * 0.6)]
    if edit == "shifted_header":
        lines = text.split(b"\n")
        text = b"\n".join([b"," + lines[0]] + lines[1:])
    p = tmp_path / "ICIO2018_2015.CSV"
    p.write_bytes(text)
    with pytest.raises(FormatError, match=match) as err:
        read(p, format="oecd_icio")
    assert "ICIO2018_2015.CSV" in str(err.value) and "\n" not in str(err.value)


def test_oecd_mixed_years_and_missing_member(tmp_path):
    a, _ = S.oecd_frame("2021", seed=1)
    b, _ = S.oecd_frame("2021", seed=2)
    p = S.write_zip(tmp_path / "ICIO_2015-2018.zip", {"ICIO2021_2015.csv": S.csv_bytes(a), "ICIO2021_2016.csv": S.csv_bytes(b)})
    with pytest.raises(FormatError, match=r"several years \[2015, 2016\]"):
        read(p)
    with pytest.raises(FormatError, match="year 2018"):
        read(p, year=2018)


# ------------------------------------------------------------------------------------------ WIOD 2013
def test_wiod2013_xlsx_matches_truth_and_pymrio(tmp_path):
    num = S.wiod2013_xlsx(tmp_path / "wiot11_row_sep12.xlsx")
    t = read(num["path"])
    assert t.meta["format"] == "wiod2013" and t.year == 2011 and t.countries == ["ROU", "USA", "ROW"]
    assert list(t.country_info["source_code"]) == ["ROM", "USA", "RoW"]
    # r99 is taxes less subsidies (kept), the uncoded margins row is ITM, r60/r69 are totals
    assert list(t.va_rows.index) == ["r99", "r61", "r62", "r63", "r64", "ITM"]
    np.testing.assert_allclose(t.Z.to_numpy(), num["Z"], **TOL)
    np.testing.assert_allclose(t.Y.to_numpy(), num["Y"], **TOL)
    np.testing.assert_allclose(t.x.to_numpy(), num["x"], **TOL)
    np.testing.assert_allclose(t.va_rows.loc["ITM"].to_numpy(), num["tail"]["itm"], **TOL)
    # column identity: x = 1'Z + the six value-added-side rows
    np.testing.assert_allclose(t.Z.to_numpy().sum(0) + t.va_rows.to_numpy().sum(0), t.x.to_numpy(), rtol=1e-9)
    io_ = _quiet(pymrio.parse_wiod, num["path"])
    np.testing.assert_allclose(io_.Z.to_numpy(), t.Z.to_numpy(), **TOL)
    assert [c for c, _ in io_.Z.index[::35]] == ["ROU", "USA", "RoW"]  # pymrio renames ROM only
    np.testing.assert_allclose(io_.Y.to_numpy(), t.Y.to_numpy(), **TOL)
    np.testing.assert_allclose(io_.factor_inputs.F.to_numpy(), t.va_rows.to_numpy(), **TOL)


def _drop_row(code):
    def f(rows):
        i = next(k for k, r in enumerate(rows) if len(r) > 3 and r[3] == code)
        del rows[i]
    return f


def _set(code_or_idx, col, value):
    def f(rows):
        i = code_or_idx if isinstance(code_or_idx, int) else next(k for k, r in enumerate(rows) if len(r) > 3 and r[3] == code_or_idx)
        rows[i][col] = value
    return f


@pytest.mark.parametrize("mutate,match", [
    (_drop_row("r69"), r"total-output row \(.*r69\) is missing"),
    (_set("r69", 3, "r70"), r"total-output row \(.*r69\) is missing"),
    (_set(10, 6, "n/a"), r"value 'n/a' in row 'ROM/c5', column 'ROM/c3'"),
    (_set("r64", 1, "Value added"), None),  # names do not matter, codes do
    (_set(-2, 1, "Some other row"), "'Some other row' below the intermediate rows has no code"),
    (_set(7, 3, "c1"), "intermediate row ROM/c1 appears twice"),
    (lambda rows: rows.__setitem__(5, [None] + rows[5]), "not country-major|not in the same order|no row has"),
])
def test_wiod2013_broken_variants(tmp_path, mutate, match):
    num = S.wiod2013_xlsx(tmp_path / "wiot11_row_sep12.xlsx", mutate=mutate)
    if match is None:
        assert read(num["path"]).G == 3
        return
    with pytest.raises(FormatError, match=match) as err:
        read(num["path"])
    assert "wiot11_row_sep12.xlsx" in str(err.value)


def test_wiod2013_truncated_and_mixed_years(tmp_path):
    num = S.wiod2013_xlsx(tmp_path / "wiot11_row_sep12.xlsx")
    cut = tmp_path / "cut" / "wiot10_row_sep12.xlsx"
    cut.parent.mkdir()
    cut.write_bytes(num["path"].read_bytes()[:4000])
    with pytest.raises(FormatError, match="wiot10_row_sep12.xlsx.*truncated"):
        read(cut)
    (tmp_path / "wiot10_row_sep12.xlsx").write_bytes(num["path"].read_bytes())
    with pytest.raises(FormatError, match=r"several years \[2010, 2011\]"):
        read(tmp_path, format="wiod2013")
    assert read(tmp_path, year=2011, format="wiod2013").year == 2011


# ------------------------------------------------------------------------------------------ ADB MRIO
def _adb_by_position(path: Path, G: int, N: int = 35, K: int = 5):
    """Independent ADB reader: ksreyes/mrio-processing's fixed positions (skiprows=5,
    header=[0,1], data from row 8, economy and code in C-D, 8 rows after Z, ToT last column)."""
    from openpyxl import load_workbook

    ws = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(min_row=8, values_only=True)]
    val = lambda v: 0.0 if v is None or (isinstance(v, str) and not v.strip()) else float(v)  # noqa: E731
    n = G * N
    block = np.array([[val(v) for v in r[4:4 + n + G * K + 1]] for r in rows[:n + 8]])
    return {"Z": block[:n, :n], "Y": block[:n, n:n + G * K], "x": block[:n, -1],
            "tail": {rows[n + k][3]: block[n + k, :n] for k in range(8)}}


def test_adb_matches_truth_and_positional_reader(tmp_path):
    num = S.adb_xlsx(tmp_path / "ADB-MRIO-2011_Mar2022.xlsx")
    t = read(num["path"])
    assert t.meta["format"] == "adb_mrio" and t.year == 2011  # not 2022, the release month
    assert t.countries == ["CHN", "DEU", "ROW"] and list(t.country_info["source_code"]) == ["PRC", "GER", "RoW"]
    assert list(t.va_rows.index) == ["r99", "r61", "r62", "r63", "r64", "trs"]  # r99 kept: taxes, not a total
    ref = _adb_by_position(num["path"], 3)
    np.testing.assert_allclose(t.Z.to_numpy(), ref["Z"], **TOL)
    np.testing.assert_allclose(t.Y.to_numpy(), ref["Y"], **TOL)
    np.testing.assert_allclose(t.x.to_numpy(), ref["x"], **TOL)
    for code in ("r99", "r61", "r62", "r63", "r64", "trs"):
        np.testing.assert_allclose(t.va_rows.loc[code].to_numpy(), ref["tail"][code], **TOL)
    assert gvckit.check(t).ok


@pytest.mark.parametrize("mutate,match", [
    (_drop_row("r69"), r"total-output row \(.*r69\) is missing"),
    (_set(20, 8, "x"), "value 'x'"),
    (_set("r99", 3, "r64"), "row code 'r64' appears twice"),
])
def test_adb_broken_variants(tmp_path, mutate, match):
    num = S.adb_xlsx(tmp_path / "ADB-MRIO-2011_Mar2022.xlsx", mutate=mutate)
    with pytest.raises(FormatError, match=match):
        read(num["path"])


# ------------------------------------------------------------------------------------------ CEADs
def test_ceads_multi_sheet_workbook_detected_and_table_sheet_read(tmp_path):
    from openpyxl import load_workbook

    num = S.ceads_xlsx(tmp_path / "MRIO 2018.xlsx")
    t = read(num["path"])
    assert t.meta["format"] == "ceads" and t.meta["sheet"] == "Table_2018_English Version" and t.year == 2018
    assert t.countries == ["BJ", "ZJ", "XJ"]
    # independent: the English table sheet by position (title, 2 header rows, 12 data rows)
    ws = load_workbook(num["path"], read_only=True, data_only=True)["Table_2018_English Version"]
    rows = [list(r) for r in ws.iter_rows(min_row=4, max_row=15, values_only=True)]
    Zref = np.array([r[2:14] for r in rows], dtype=float)
    np.testing.assert_allclose(t.Z.to_numpy(), Zref, **TOL)
    np.testing.assert_allclose(t.x.to_numpy(), np.array([r[-1] for r in rows], dtype=float), **TOL)
    np.testing.assert_allclose(t.exports.to_numpy()[:, 0], np.array([r[-2] for r in rows], dtype=float), **TOL)
    zh = read(num["path"], sheet="Table_2018")  # the Chinese sheet holds the same numbers
    np.testing.assert_allclose(zh.Z.to_numpy(), t.Z.to_numpy(), **TOL)


def test_ceads_workbook_without_table_sheet(tmp_path):
    S.ceads_xlsx(tmp_path / "MRIO 2018.xlsx", table_sheets=False)
    with pytest.raises(FormatError, match=r"no sheet holds a CEADs MRIO table.*'Sector '"):
        read(tmp_path / "MRIO 2018.xlsx", format="ceads")


# ------------------------------------------------------------------------------------------ Eora26
def test_eora26_matches_truth_and_pymrio_and_states_row(tmp_path):
    num = S.eora26_zip(tmp_path / "Eora26_2011_bp.zip")
    t = read(num["path"])
    assert t.meta["format"] == "eora26" and t.year == 2011 and t.unit == "USD thousand"
    io_ = _quiet(pymrio.parse_eora26, num["path"])  # drops ROW
    np.testing.assert_allclose(io_.Z.to_numpy(), t.Z.to_numpy(), **TOL)
    np.testing.assert_allclose(io_.Y.to_numpy(), t.Y.to_numpy(), **TOL)
    np.testing.assert_allclose(io_.VA.F.to_numpy(), t.va_rows.to_numpy(), **TOL)
    # ROW is not dropped silently: its trade is kept open and its weight stated
    T, FD, n = num["T"], num["FD"], len(num["labT"]) - 1
    row = t.meta["row"]
    assert row["exports_to_ROW"] == pytest.approx(T[:n, n].sum() + FD[:n, -6:].sum(), rel=1e-12)
    assert row["imports_from_ROW"] == pytest.approx(T[n, :n].sum() + FD[n, :-6].sum(), rel=1e-12)
    x_closed = T[:n].sum(1) + FD[:n].sum(1)
    assert row["output_share_sold_to_ROW"] == pytest.approx((T[:n, n].sum() + FD[:n, -6:].sum()) / x_closed.sum())
    np.testing.assert_allclose(t.x.to_numpy(), x_closed, rtol=1e-12)
    assert "ROW" in t.meta["note"] and gvckit.check(t).ok


@pytest.mark.parametrize("drop,match", [(("Eora26_2011_bp_FD.txt",), r"Eora26_2011_bp_FD\.txt"),
                                        (("labels_T.txt",), "labels_T.txt")])
def test_eora26_missing_member(tmp_path, drop, match):
    num = S.eora26_zip(tmp_path / "Eora26_2011_bp.zip", drop=drop)
    with pytest.raises(FormatError, match=match):
        read(num["path"])


# ------------------------------------------------------------------------------------------ issue 13
def test_empty_file_and_folder_one_line(tmp_path):
    empty = tmp_path / "table.csv"
    empty.write_bytes(b"")
    with pytest.raises(FormatError, match=r"table\.csv: the file is empty") as err:
        read(empty)
    assert "\n" not in str(err.value)
    folder = tmp_path / "nothing"
    folder.mkdir()
    with pytest.raises(FormatError, match="the folder is empty"):
        read(folder)
    (folder / "a.txt").write_text("x")
    (folder / "b.pdf").write_text("y")
    with pytest.raises(FormatError) as err:
        read(folder)
    msg = str(err.value)
    assert "a.txt" in msg and "gvckit formats" in msg and len(msg) < 400 and "\n" not in msg


@pytest.mark.parametrize("edit,match", [
    (lambda df: df.drop(columns=["BBB_s2"]), "intermediate column 'BBB_s2' is missing"),
    (lambda df: df.rename(index={"AAA_s2": "AAA_s1"}), "row label 'AAA_s1' appears 2 times"),
    (lambda df: df.rename(columns={"AAA_s2": "AAA_s1"}), "column label 'AAA_s1' appears more than once"),
])
def test_generic_csv_label_faults_get_distinct_messages(tmp_path, edit, match):
    lab = ["AAA_s1", "AAA_s2", "BBB_s1", "BBB_s2"]
    Z = np.arange(16, dtype=float).reshape(4, 4) + 1
    df = pd.DataFrame(Z, index=lab, columns=lab)
    df["AAA_HH"], df["BBB_HH"] = 50.0, 60.0
    df = edit(df)
    p = tmp_path / "my_table.csv"
    df.to_csv(p)
    with pytest.raises(FormatError, match=match) as err:
        read(p, format="generic")
    assert "my_table.csv" in str(err.value)


def test_generic_fine_without_faults(tmp_path):
    lab = ["AAA_s1", "AAA_s2", "BBB_s1", "BBB_s2"]
    df = pd.DataFrame(np.arange(16, dtype=float).reshape(4, 4) + 1, index=lab, columns=lab)
    df["AAA_HH"], df["BBB_HH"] = 50.0, 60.0
    buf = io.StringIO()
    df.to_csv(buf)
    p = tmp_path / "ok.csv"
    p.write_text(buf.getvalue())
    t = read(p, format="generic")
    np.testing.assert_allclose(t.x.to_numpy(), df.sum(axis=1).to_numpy())


# ------------------------------------------------------------------ the CLI passes --member/--meld
def _cli(*args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "gvckit", *args], capture_output=True, text=True,
                          timeout=300, check=False)


def test_cli_member_and_meld_reach_the_reader(tmp_path):
    """`gvckit inspect ARCHIVE --member M` reads that member (the 2023 extended zip holds two
    years); --meld folds the processing splits into CHN and MEX; a bundled dataset refuses both."""
    tr = S.oecd_2023_archives(tmp_path)
    out = tmp_path / "z.csv"
    r = _cli("decompose", str(tr["extended_zip"]), "--member", "2012.csv", "--method", "kww",
             "--level", "country", "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    direct = read(tr["extended_zip"], member="2012.csv")
    assert direct.year == 2012
    from gvckit.measures.decompose import decompose

    got = pd.read_csv(out)
    want = decompose(direct, method="kww", level="country").reset_index()
    assert list(got.exporter) == list(want.exporter)  # the 2012 table, not 2011's
    np.testing.assert_allclose(got.EXGR, want.EXGR, rtol=1e-9)
    r = _cli("inspect", str(tr["extended_zip"]), "--member", "2013.csv")
    assert r.returncode == 2 and "2013.csv" in r.stderr and "2011.csv, 2012.csv" in r.stderr
    split = read(tr["extended_zip"], member="2011.csv")
    melded = read(tr["extended_zip"], member="2011.csv", meld=True)
    assert melded.G < split.G
    r = _cli("inspect", str(tr["extended_zip"]), "--member", "2011.csv", "--meld")
    assert r.returncode == 0, r.stderr
    assert f"{melded.G} countries" in r.stdout
    r = _cli("inspect", "wiod2013:2011", "--member", "x.csv")
    assert r.returncode == 2 and "bundled dataset" in r.stderr
