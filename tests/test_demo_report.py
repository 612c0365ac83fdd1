"""The main job end to end: `gvckit demo` writes both reports, the workbook and the figures, and the
workbook's numbers equal the Python API's."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from gvckit import framework as fw


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "gvckit-demo"
    r = subprocess.run([sys.executable, "-m", "gvckit.cli", "demo", "--out-dir", str(out)],
                       capture_output=True, text=True, timeout=900,
                       env=dict(os.environ, PYTHONWARNINGS="ignore"))
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_demo_prints_summary_and_paths(demo_dir):
    out, stdout = demo_dir
    assert "CHN 2011" in stdout and "domestic value-added share:     0.782" in stdout
    for name in ("report_zh.html", "report_en.html", "results.xlsx"):
        assert str(out / name) in stdout and (out / name).stat().st_size > 10_000


def test_reports_are_self_contained_and_bilingual(demo_dir):
    out, _ = demo_dir
    zh = (out / "report_zh.html").read_text(encoding="utf-8")
    en = (out / "report_en.html").read_text(encoding="utf-8")
    for html in (zh, en):
        assert html.count("<script") == 1 and "<script src" not in html
        assert 'src="http' not in html and "href=\"http" not in html
        assert html.count('<svg class="plot"') >= 8 and "<img" not in html  # figures inline
    assert "全球价值链" in zh and "采购者驱动型" in zh
    assert "Upgrading in global value chains" in en and "Buyer-driven" in en


def test_workbook_matches_api(demo_dir):
    out, _ = demo_dir
    book = pd.read_excel(out / "results.xlsx", sheet_name=None)
    first = next(iter(book))
    assert first in ("README", "说明")
    agree = book["typology_agreement"]
    api = fw.agreement_table("wiod2013", "CHN")
    key = ["industry", "period"]
    both = agree.astype({"period": str}).merge(api.astype({"period": str}), on=key,
                                               suffixes=("_book", "_api"), validate="1:1")
    assert len(both) == len(api) == len(agree)
    assert list(both["data_type_book"]) == list(both["data_type_api"])
    assert list(both["agrees_book"].astype(bool)) == list(both["agrees_api"].astype(bool))
    diag = book["diagnosis"].set_index("industry")
    d = fw.diagnose("wiod2013", "CHN", "leather", years=range(1995, 2012))["leather"]
    assert set(diag.loc[["leather"], "point"]) == {d.point}
    t1 = book["table1_zh"]
    np.testing.assert_array_equal(t1.astype(str).to_numpy(), fw.table1("zh").astype(str).to_numpy())


def test_figures_exported(demo_dir):
    out, _ = demo_dir
    svgs = sorted((out / "figures").glob("*.svg"))
    pngs = sorted((out / "figures").glob("*.png"))
    assert len(svgs) == len(pngs) >= 8
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
