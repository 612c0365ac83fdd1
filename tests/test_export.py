"""Exports: formats, names, metadata, read-back and atomicity (gvckit.outputs.export).

References are independent of the writer: files are read back with openpyxl, pyarrow, the csv
module, json and pandas' Stata reader, and compared with the frames written and with the format
rules (Excel sheet names, Stata variable names) stated in the vendors' documentation.
"""

from __future__ import annotations

import csv
import json
import os
import re
import stat
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gvckit
from gvckit.errors import InputError
from gvckit.outputs import export
from gvckit.outputs.export import excel_sheet_names, read_result, stata_names, write

STATA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")


@pytest.fixture
def result() -> pd.DataFrame:
    idx = pd.MultiIndex.from_tuples(
        [("CHN", "c17t18"), ("CHN", "c19"), ("USA", "c17t18")], names=["country", "sector"]
    )
    df = pd.DataFrame(
        {
            "DVA": [10.5, 2.25, 7.0],
            "FVA": [1.0, np.nan, 3.5],
            "增加值": [1.0, 2.0, 3.0],
            "label": ["纺织", "leather", "x"],
        },
        index=idx,
    )
    df.attrs.update(
        method="kww",
        level="bilateral_sector",
        perspective="exporter",
        approach="source",
        unit="USD million",
        year=np.int64(2011),
        source="WIOD 2013",
        references=["Koopman, Wang & Wei (2014), AER 104(2)"],
        definitions={
            "DVA": "domestic value added in gross exports " + "x" * 100,
            "FVA": "foreign value added in gross exports",
        },
    )
    return df


def test_unknown_extension_lists_supported(tmp_path, result):
    with pytest.raises(InputError) as err:
        write(result, tmp_path / "out.xls")
    for ext in (".xlsx", ".dta", ".parquet", ".csv", ".json"):
        assert ext in str(err.value)
    assert "out.xls" in str(err.value)
    assert not list(tmp_path.iterdir())


def test_not_a_frame(tmp_path):
    with pytest.raises(InputError, match="DataFrame"):
        write([1, 2], tmp_path / "a.csv")
    with pytest.raises(InputError, match="'b'"):
        write({"a": pd.DataFrame({"x": [1]}), "b": 3}, tmp_path / "a.csv")


@pytest.mark.parametrize("lang,readme", [("en", "README"), ("zh", "说明")])
def test_excel_readme_first_and_tables(tmp_path, result, lang, readme):
    long = "a/very:long*table?name[with]bad\\chars and more than thirty-one"
    path = tmp_path / "r.xlsx"
    write({"kww": result, long: result}, path, lang=lang, meta={"title": "test run"})
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames[0] == readme
    assert wb.sheetnames[1] == {"en": "columns", "zh": "列说明"}[lang]
    assert wb.sheetnames[2] == "kww"
    second = wb.sheetnames[3]
    assert len(second) <= 31 and not re.search(r"[\[\]:*?/\\]", second)
    cells = [str(c) for row in wb[readme].iter_rows(values_only=True) for c in row if c]
    text = "\n".join(cells)
    for needle in (
        gvckit.__version__,
        "USD million",
        "kww",
        "exporter",
        "source",
        "WIOD 2013",
        "Koopman, Wang & Wei (2014), AER 104(2)",
        "2011",
        "test run",
        long,
    ):
        assert needle in text, needle
    # the table sheet: index levels first, then the columns, values unchanged
    rows = list(wb["kww"].iter_rows(values_only=True))
    assert rows[0] == ("country", "sector", "DVA", "FVA", "增加值", "label")
    assert rows[1] == ("CHN", "c17t18", 10.5, 1.0, 1.0, "纺织")
    assert rows[2][3] is None  # NaN stays empty
    assert len(rows) == 4
    # the column dictionary: one row per (sheet, column), the unit true to the column
    entries = list(wb[wb.sheetnames[1]].iter_rows(values_only=True))
    by_col = {(r[0], r[1]): r[2:] for r in entries[1:]}
    money = {"en": "USD million", "zh": "百万美元"}[lang]
    assert by_col[("kww", "DVA")][0] == money
    assert by_col[("kww", "FVA")] == (money, "foreign value added in gross exports")
    assert by_col[("kww", "label")][0] == {"en": "text", "zh": "文本"}[lang]  # text is not money
    assert by_col[("kww", "country")][0] == {"en": "code", "zh": "代码"}[lang]
    assert len(entries) == 1 + 2 * 6


@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=8))
@settings(max_examples=150, deadline=None)
def test_excel_sheet_names_follow_excel_rules(names):
    out = excel_sheet_names(names, reserved=("README",))
    assert len(out) == len(names)
    folded = [o.casefold() for o in out]
    assert len(set(folded)) == len(out)
    assert "readme" not in folded and "history" not in folded
    for o in out:
        assert 1 <= len(o) <= 31
        assert not re.search(r"[\[\]:*?/\\]", o)
        assert not o.startswith("'") and not o.endswith("'")


@given(st.lists(st.text(min_size=0, max_size=50), min_size=1, max_size=10))
@settings(max_examples=150, deadline=None)
def test_stata_names_follow_stata_rules(names):
    out = stata_names(names)
    assert len(out) == len(names) == len(set(out))
    for o in out:
        assert STATA_NAME.match(o), o
        assert o not in {"_all", "_n", "_N", "if", "in", "using", "with", "double", "long", "str"}


def test_stata_names_examples():
    assert stata_names(["DVA", "2nd", "a b", "增加值", "if", "x" * 40, "x" * 40]) == [
        "DVA",
        "_2nd",
        "a_b",
        "var4",
        "if_",
        "x" * 32,
        "x" * 30 + "_2",
    ]


def test_stata_labels_and_values(tmp_path, result):
    path = tmp_path / "r.dta"
    assert write(result, path, meta={"title": "KWW 2011"}) == [path]
    with pd.io.stata.StataReader(path) as rd:
        df = rd.read()
        labels = rd.variable_labels()
        data_label = rd.data_label
    assert list(df.columns) == ["country", "sector", "DVA", "FVA", "var5", "label"]
    assert all(STATA_NAME.match(c) for c in df.columns)
    # "definition [unit]", the definition cut so that the unit survives in Stata's 80 characters
    assert labels["DVA"].endswith(" [USD million]") and len(labels["DVA"]) == 80
    assert labels["DVA"].startswith(result.attrs["definitions"]["DVA"][:60])
    assert labels["label"] == "name shown in the figure"  # text: no unit
    assert labels["var5"] == "增加值 [USD million]"  # no definition: the name; a KWW term is money
    assert data_label == "KWW 2011 (USD million)"
    np.testing.assert_allclose(df["DVA"], [10.5, 2.25, 7.0])
    assert np.isnan(df["FVA"][1])
    assert list(df["label"]) == ["纺织", "leather", "x"]


def test_parquet_attrs_in_key_value_metadata(tmp_path, result):
    path = tmp_path / "r.parquet"
    write(result, path)
    md = pq.read_schema(path).metadata
    stored = json.loads(md[b"gvckit.attrs"].decode("utf-8"))
    assert stored["unit"] == "USD million" and stored["year"] == 2011
    assert stored["definitions"]["FVA"] == "foreign value added in gross exports"
    back = read_result(path)
    pd.testing.assert_frame_equal(back, result, check_like=False)
    assert back.attrs["references"] == result.attrs["references"]
    assert back.attrs["method"] == "kww"


def test_csv_plain_with_sidecar(tmp_path, result):
    path = tmp_path / "r.csv"
    files = write(result, path)
    assert files == [path, tmp_path / "r.meta.json"]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["country", "sector", "DVA", "FVA", "增加值", "label"]
    assert rows[1][:4] == ["CHN", "c17t18", "10.5", "1.0"] and rows[2][3] == ""
    side = json.loads((tmp_path / "r.meta.json").read_text("utf-8"))
    assert side["attrs"]["approach"] == "source" and side["index"] == ["country", "sector"]
    assert side["gvckit_version"] == gvckit.__version__
    back = read_result(path)
    pd.testing.assert_frame_equal(back, result)
    assert back.attrs["unit"] == "USD million"


def test_json_one_and_many(tmp_path, result):
    write(result, tmp_path / "one.json")
    back = read_result(tmp_path / "one.json")
    pd.testing.assert_frame_equal(back, result)
    assert back.attrs["year"] == 2011
    plain = result.reset_index(drop=True)
    plain.attrs = {"unit": "CNY 10,000"}
    write({"a": result, "b": plain}, tmp_path / "two.json", meta={"title": "t"})
    doc = json.loads((tmp_path / "two.json").read_text("utf-8"))
    assert doc["meta"] == {"title": "t"} and set(doc["tables"]) == {"a", "b"}
    both = read_result(tmp_path / "two.json")
    pd.testing.assert_frame_equal(both["b"], plain)
    assert both["b"].attrs["unit"] == "CNY 10,000"
    # money in the table's own currency; text is text, an unknown number is not called money
    assert both["b"].attrs["units"] == {"DVA": "money", "FVA": "money", "增加值": "unstated",
                                        "label": "text"}


def test_dict_gives_one_file_per_table(tmp_path, result):
    files = write({"kww": result, "wwz bilateral": result}, tmp_path / "res.parquet")
    assert [f.name for f in files] == ["res-kww.parquet", "res-wwz_bilateral.parquet"]
    for f in files:
        pd.testing.assert_frame_equal(read_result(f), result)


def test_multiindex_columns_flattened(tmp_path):
    df = pd.DataFrame(
        np.arange(4.0).reshape(2, 2),
        columns=pd.MultiIndex.from_tuples([("DVA", "CHN"), ("DVA", "USA")]),
    )
    write(df, tmp_path / "m.dta")
    assert list(pd.read_stata(tmp_path / "m.dta").columns) == ["DVA_CHN", "DVA_USA"]
    write(df, tmp_path / "m.csv")
    assert list(pd.read_csv(tmp_path / "m.csv").columns) == ["DVA_CHN", "DVA_USA"]


def test_file_permissions_follow_umask(tmp_path, result):
    write(result, tmp_path / "r.csv")
    ref = tmp_path / "ref.txt"
    ref.write_text("x")
    assert stat.S_IMODE(os.stat(tmp_path / "r.csv").st_mode) == stat.S_IMODE(ref.stat().st_mode)


# ------------------------------------------------------------------------------ atomicity


@pytest.mark.parametrize("ext", [".parquet", ".xlsx", ".dta", ".csv", ".json"])
def test_interrupted_write_keeps_previous_file(tmp_path, result, monkeypatch, ext):
    path = tmp_path / f"r{ext}"
    write(result, path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    writer = {
        ".parquet": "_write_parquet",
        ".xlsx": "_write_xlsx",
        ".dta": "_write_dta",
        ".csv": "_write_csv",
        ".json": "_write_json",
    }[ext]
    real = getattr(export, writer)

    def midway(*args):  # the writer puts bytes into its temporary file(s), then fails
        real(*args)
        for a in args:
            for p in a if isinstance(a, list) else [a]:
                if isinstance(p, Path) and p.exists():
                    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
        raise RuntimeError("interrupted")

    monkeypatch.setattr(export, writer, midway)
    changed = result.copy()
    changed["DVA"] = 0.0
    with pytest.raises(RuntimeError, match="interrupted"):
        write(changed, path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # no temporary left behind, previous file(s) intact


def test_interrupted_multi_file_write_is_all_or_nothing(tmp_path, result, monkeypatch):
    real = export._write_csv
    calls = {"n": 0}

    def second_fails(df, tmp, tmp_meta):
        calls["n"] += 1
        if calls["n"] == 2:
            tmp.write_text("country,sec")  # half a file
            raise RuntimeError("interrupted")
        real(df, tmp, tmp_meta)

    monkeypatch.setattr(export, "_write_csv", second_fails)
    with pytest.raises(RuntimeError):
        write({"a": result, "b": result}, tmp_path / "r.csv")
    assert list(tmp_path.iterdir()) == []


def test_read_result_unknown_extension(tmp_path):
    with pytest.raises(InputError, match="supported"):
        read_result(tmp_path / "x.sav")
