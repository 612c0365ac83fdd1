"""CEADs provincial MRIO reader (gvckit.readers.ceads) on mock workbooks.

The mocks follow the structure CEADs publishes (Mi et al. 2018, Scientific Data 5: 180155,
Table 5; Zheng et al. 2021, Scientific Data 8: 244): title rows, a header row of provinces and one
of sectors / final-use categories, province x sector rows, an import row, total intermediate
input, four value-added rows, total value added and total input. The numbers written into each
mock are the reference: the reader must return exactly them, and every layout change must fail
with a FormatError naming what is wrong.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook

import gvckit
from gvckit.errors import FormatError
from gvckit.readers.ceads import is_ceads, read_ceads

PROVS = ["Beijing", "Tianjin", "Zhejiang"]
SECTORS = ["Agriculture", "Mining", "Manufacturing", "Services"]
CATS = ["Rural household consumption", "Urban household consumption", "Government consumption",
        "Gross fixed capital formation", "Changes in inventories"]
VA = ["Compensation of employees", "Net taxes on production", "Depreciation of fixed assets",
      "Operating surplus"]


def mock_numbers(G: int, N: int, K: int = 5, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    n = G * N
    Z = np.round(rng.uniform(1, 20, (n, n)), 2)
    Y = np.round(rng.uniform(5, 50, (n, G * K)), 2)
    Y[:, K - 1] = -1.5  # inventories can be negative
    ex = np.round(rng.uniform(0, 30, n), 2)
    other = np.round(rng.uniform(-1, 1, n), 2)
    x = Z.sum(axis=1) + Y.sum(axis=1) + ex + other
    imp = np.round(rng.uniform(1, 10, n), 2)
    imp_y = np.round(rng.uniform(0, 5, G * K), 2)
    va_tot = x - Z.sum(axis=0) - imp
    assert (va_tot > 0).all()
    va = np.vstack([va_tot * 0.5, va_tot * 0.1, va_tot * 0.15, va_tot * 0.25])
    return {"Z": Z, "Y": Y, "ex": ex, "other": other, "x": x, "imp": imp, "imp_y": imp_y, "va": va}


def write_mock(path: Path, num: dict, provs=PROVS, sectors=SECTORS, cats=CATS, *,
               drop_total_input=False, header_total="Total output", truncate_rows=None,
               bad_cell=None, import_as_column=False, chinese=False, code_col=False) -> Path:
    G, N = len(provs), len(sectors)
    n = G * N
    wb = Workbook()
    ws = wb.active
    ws.append(["China multi-regional input-output table 2017 (unit: 10,000 CNY)"])
    ws.append([])
    lab = ["", "", ""] if code_col else ["", ""]
    exl, otl, tol = ("出口", "其他", "总产出") if chinese else ("Export", "Other", header_total)
    iml = "进口" if chinese else "Import"
    trail_top = [exl] + ([iml] if import_as_column else []) + [otl, tol]
    top = lab + [p for p in provs for _ in sectors] + ["TIU"] + [p for p in provs for _ in cats] + trail_top
    item = (["地区", "部门"] if chinese else ["Region", "Sector"]) + (["Code"] if code_col else [])
    item = item + list(sectors) * G + [""] + list(cats) * G + [""] * len(trail_top)
    ws.append(top)
    ws.append(item)
    rows_written = n if truncate_rows is None else truncate_rows
    imp_col = -num["imp"] * 0 if not import_as_column else -num["imp"]
    for i in range(rows_written):
        g, s = divmod(i, N)
        zrow = list(num["Z"][i])
        row = [provs[g], sectors[s]] + ([f"S{s + 1}"] if code_col else []) + zrow + [sum(zrow)] + list(num["Y"][i])
        row += [num["ex"][i]] + ([imp_col[i]] if import_as_column else []) + [num["other"][i], num["x"][i]]
        ws.append(row)
    if truncate_rows is None:
        pad = [""] * (len(lab) - 1)
        if not import_as_column:
            ws.append(["进口" if chinese else "Import"] + pad + list(num["imp"]) + [""] + list(num["imp_y"]))
        ws.append(["Total intermediate input"] + pad + list(num["Z"].sum(axis=0) + num["imp"]))
        for k, v in enumerate(VA):
            ws.append([v] + pad + list(num["va"][k]))
        ws.append(["Total value added"] + pad + list(num["va"].sum(axis=0)))
        if not drop_total_input:
            ws.append(["总投入" if chinese else "Total input"] + pad + list(num["x"]))
    if bad_cell is not None:
        ws[bad_cell] = "n/a"
    wb.save(path)
    return path


@pytest.fixture
def num():
    return mock_numbers(3, 4)


def test_reads_mock_exactly(tmp_path, num):
    p = write_mock(tmp_path / "CEADs_MRIO_2017.xlsx", num)
    assert is_ceads(p)
    t = read_ceads(p)
    assert t.countries == ["BJ", "TJ", "ZJ"]
    assert list(t.country_info["name_zh"]) == ["北京", "天津", "浙江"]
    assert t.sectors == SECTORS and t.year == 2017 and t.unit == "10,000 CNY"
    np.testing.assert_allclose(t.Z.to_numpy(), num["Z"])
    np.testing.assert_allclose(t.x.to_numpy(), num["x"])
    np.testing.assert_allclose(t.exports.to_numpy()[:, 0], num["ex"])
    assert t.import_mode == "noncompetitive"
    np.testing.assert_allclose(t.imports_Z.to_numpy()[0], num["imp"])
    np.testing.assert_allclose(t.imports_Y.loc["IM"].loc[[(p_, c) for p_ in t.countries for c in CATS]].to_numpy(),
                               num["imp_y"])
    # final demand: Zhejiang's urban households buying from Tianjin's manufacturing
    y = t.Y.loc[("TJ", "Manufacturing"), ("ZJ", "Urban household consumption")]
    assert y == pytest.approx(num["Y"][1 * 4 + 2, 2 * 5 + 1])
    # balancing item kept in the producing province's own ERR column
    assert t.Y.loc[("ZJ", "Services"), ("ZJ", "ERR")] == pytest.approx(num["other"][11])
    assert t.Y.loc[("ZJ", "Services"), ("BJ", "ERR")] == 0
    np.testing.assert_allclose(t.va_rows.to_numpy(), num["va"])
    assert list(t.va_rows.index) == ["VA001", "VA002", "VA003", "VA004"]
    rep = gvckit.check(t, rtol=1e-9)
    assert rep.ok, str(rep)


def test_sourcing_shares_on_ceads(tmp_path, num):
    from gvckit.regional import sourcing_shares

    t = read_ceads(write_mock(tmp_path / "m.xlsx", num))
    s = sourcing_shares(t, "ZJ")
    cols = slice(8, 12)
    Z = num["Z"]
    tot = Z[:, cols].sum() + num["imp"][cols].sum()
    assert s.loc["total", "intra"] == pytest.approx(Z[8:12, cols].sum() / tot)
    assert s.loc["total", "rest_of_country"] == pytest.approx(Z[0:8, cols].sum() / tot)
    assert s.loc["total", "foreign"] == pytest.approx(num["imp"][cols].sum() / tot)


def test_chinese_labels_import_column_and_code_column(tmp_path, num):
    provs = ["北京市", "天津市", "浙江省"]
    p = write_mock(tmp_path / "mrio2015.xlsx", num, provs=provs, chinese=True, import_as_column=True,
                   code_col=True)
    # imports as a (negative) column: the mock rows do not subtract them, so skip the balance check
    t = read_ceads(p, check=False)
    assert t.countries == ["BJ", "TJ", "ZJ"] and t.year == 2015
    assert t.import_mode == "competitive"
    np.testing.assert_allclose(t.imports_competitive.to_numpy(), num["imp"])
    assert t.meta["import_column_sign"] == "negative"


def test_nbs_42_sector_names_become_codes(tmp_path):
    from gvckit.concordance import codes

    names = list(codes("nbs42")["name"])
    num = mock_numbers(2, 42, seed=3)
    # 84 x 84 random flows are too large for the column balance here: scale Z down
    num["Z"] = num["Z"] / 20
    n = num["Z"].shape[0]
    num["x"] = num["Z"].sum(axis=1) + num["Y"].sum(axis=1) + num["ex"] + num["other"]
    va_tot = num["x"] - num["Z"].sum(axis=0) - num["imp"]
    num["va"] = np.vstack([va_tot * 0.5, va_tot * 0.1, va_tot * 0.15, va_tot * 0.25])
    p = write_mock(tmp_path / "ceads_2012.xlsx", num, provs=["Zhejiang", "Jiangsu"], sectors=names)
    t = read_ceads(p)
    assert t.sectors == [f"{i:02d}" for i in range(1, 43)]
    assert t.sector_info.loc["08", "name_zh"] == "纺织服装鞋帽皮革羽绒及其制品"
    assert t.n == n


def test_error_missing_total_input(tmp_path, num):
    p = write_mock(tmp_path / "m.xlsx", num, drop_total_input=True)
    with pytest.raises(FormatError, match="Total input"):
        read_ceads(p)


def test_error_changed_header(tmp_path, num):
    p = write_mock(tmp_path / "m.xlsx", num, header_total="Gross production")
    with pytest.raises(FormatError, match="Total output"):
        read_ceads(p)
    assert not is_ceads(p)


def test_error_truncated_rows(tmp_path, num):
    p = write_mock(tmp_path / "m.xlsx", num, truncate_rows=7)
    with pytest.raises(FormatError, match=r"expected 12 province x sector rows.*truncated"):
        read_ceads(p)


def test_error_truncated_file(tmp_path, num):
    p = write_mock(tmp_path / "m.xlsx", num)
    data = p.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(FormatError, match="cut.xlsx.*truncated or damaged"):
        read_ceads(cut)
    assert not is_ceads(cut)


def test_error_non_numeric_cell(tmp_path, num):
    p = write_mock(tmp_path / "m.xlsx", num, bad_cell="E7")
    with pytest.raises(FormatError, match=r"cell E7 holds 'n/a'"):
        read_ceads(p)


def test_error_rows_out_of_order(tmp_path, num):
    p = write_mock(tmp_path / "m.xlsx", num)
    from openpyxl import load_workbook

    wb = load_workbook(p)
    wb.active["B6"] = "Services"  # second data row should be Beijing / Mining
    wb.save(p)
    with pytest.raises(FormatError, match=r"row 6 .*expected province Beijing and sector 'Mining'"):
        read_ceads(p)


def test_error_unbalanced_total_input(tmp_path, num):
    p = write_mock(tmp_path / "m.xlsx", num)
    from openpyxl import load_workbook

    wb = load_workbook(p)
    ws = wb.active
    last = ws.max_row
    ws.cell(row=last, column=4).value = 1e9
    wb.save(p)
    with pytest.raises(FormatError, match="total input"):
        read_ceads(p)


def test_not_ceads(tmp_path):
    wb = Workbook()
    wb.active.append(["country", "sector", "AUS", "AUT"])
    p = tmp_path / "other.xlsx"
    wb.save(p)
    assert not is_ceads(p)
    q = tmp_path / "x.csv"
    q.write_text("a,b\n1,2\n")
    assert not is_ceads(q)
    with pytest.raises(FormatError):
        read_ceads(q)


def test_registry_format_entry(tmp_path, num):
    from gvckit.readers import Source
    from gvckit.readers.ceads import FORMATS

    p = write_mock(tmp_path / "CEADs_MRIO_2017.xlsx", num)
    fmt = FORMATS[0]
    src = Source(p)
    assert fmt.sniff(src) == 100
    t = fmt.reader(src)
    np.testing.assert_allclose(t.x.to_numpy(), num["x"])
