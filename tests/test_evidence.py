"""The upgrading-evidence file (gvckit.framework.evidence): reading and validation.

References: hand-written files whose every row and error position is known.
"""

from __future__ import annotations

import pandas as pd
import pytest

from gvckit.errors import EvidenceError
from gvckit.framework import load_evidence

HEAD = "industry,indicator,year,value,unit,source\n"


def test_csv_and_xlsx_read_the_same(tmp_path):
    rows = ("haining_leather,own_brand_share,2003,0.05,share,survey A\n"
            "皮革、毛皮、羽绒及其制品业,processing_trade_share,2010,0.4,share,customs\n")
    f = tmp_path / "ev.csv"
    f.write_text(HEAD + rows, encoding="utf-8")
    a = load_evidence(f)
    assert list(a.industry) == ["leather", "leather"]
    assert list(a.subject) == ["haining_leather", "皮革、毛皮、羽绒及其制品业"]
    assert list(a.upgrading) == ["functional", "functional"] and list(a.direction) == [1, -1]
    assert list(a.row) == [2, 3]
    x = tmp_path / "ev.xlsx"
    pd.read_csv(f, dtype=str).to_excel(x, index=False)
    b = load_evidence(x)
    assert b[["industry", "indicator", "year", "value"]].equals(a[["industry", "indicator", "year", "value"]])


@pytest.mark.parametrize("row, where", [
    ("shoes,own_brand_share,2003,0.1,share,s", "row 2, column industry"),
    ("leather,brand_value,2003,0.1,share,s", "row 2, column indicator"),
    ("leather,own_brand_share,two thousand,0.1,share,s", "row 2, column year"),
    ("leather,own_brand_share,2003,x,share,s", "row 2, column value"),
    ("leather,own_brand_share,2003,1.5,share,s", "row 2, column value"),
    ("leather,own_brand_share,2003,0.1,share,", "row 2, column source"),
])
def test_bad_rows_name_file_row_and_column(tmp_path, row, where):
    f = tmp_path / "bad.csv"
    f.write_text(HEAD + row + "\n")
    with pytest.raises(EvidenceError) as e:
        load_evidence(f)
    assert str(f) in str(e.value) and where in str(e.value)


def test_missing_columns_duplicates_and_missing_file(tmp_path):
    f = tmp_path / "cols.csv"
    f.write_text("industry,indicator,year,value\nleather,tfp,2003,1\n")
    with pytest.raises(EvidenceError, match="missing column"):
        load_evidence(f)
    g = tmp_path / "dup.csv"
    g.write_text(HEAD + "leather,tfp,2003,1,index,a\nleather,tfp,2003,2,index,b\n")
    with pytest.raises(EvidenceError, match="row 3"):
        load_evidence(g)
    with pytest.raises(EvidenceError, match="not found"):
        load_evidence(tmp_path / "none.csv")
