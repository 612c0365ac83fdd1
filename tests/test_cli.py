"""The command line, run for real (subprocess) on the bundled data and on a small file.

Each test asserts the exit code, the files written and that results read back equal the Python
API's; every error path checks its one-line message and exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gvckit

GVCKIT = [sys.executable, "-m", "gvckit"]


def run(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run([*GVCKIT, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env)


def test_help_on_every_command():
    top = run("--help")
    assert top.returncode == 0
    commands = ["demo", "datasets", "formats", "inspect", "decompose", "indicators", "classify", "diagnose", "report", "panel"]
    for c in commands:
        assert c in top.stdout
        r = run(c, "--help")
        assert r.returncode == 0 and "usage: gvckit" in r.stdout and "--lang" in r.stdout, c


def test_datasets_to_csv_reads_back(tmp_path):
    out = tmp_path / "ds.csv"
    r = run("datasets", "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    back = pd.read_csv(out)
    assert list(back["name"]) == list(gvckit.datasets()["name"])


def test_inspect_bundled():
    r = run("inspect", "china_nbs:2017")
    assert r.returncode == 0, r.stderr
    assert "1 countries x 42 sectors" in r.stdout and "noncompetitive" in r.stdout
    assert "negative_inventory_change" in r.stdout  # FU202 (存货增加) < 0: a note


def test_inspect_small_file(tmp_path):
    pytest.importorskip("gvckit.readers")
    t = gvckit.ICIO([[150, 500], [200, 100]], [[350], [1700]], countries=["AAA"], sectors=["a", "b"], unit="USD")
    p = tmp_path / "small.parquet"
    from gvckit.readers.gvckit_parquet import write_parquet

    write_parquet(t, p)
    r = run("inspect", str(p))
    assert r.returncode == 0, r.stderr
    assert "1 countries x 2 sectors" in r.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        (["inspect", "no/such/file.csv"], "no/such/file.csv: no such file"),
        (["inspect", "oecd:2011"], "not a bundled dataset"),
        (["inspect", "wiod2013:2030"], "wiod2013:2030: dataset 'wiod2013' has no year 2030; it has 1995-2011"),
        (["inspect", "wiod2013:abc"], "bad year 'abc'"),
        (["decompose", "wiod2013:2011", "--method", "xyz"], "unknown method 'xyz'; valid: bm, hiy, vax, tiva, kww, wwz"),
        (["decompose", "wiod2013:2011", "--exporter", "ZZZ"], "ZZZ"),
        (["diagnose", "--years", "2011-1995"], "bad year range"),
        (["classify", "china_nbs:2017", "--industry", "leather"], "no governance proxies for classification 'nbs42'"),
        (["indicators", "wiod2013:2011", "--region", "XYZ"], "unknown region 'XYZ'"),
    ],
)
def test_error_paths(args, message):
    r = run(*args)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0  # one clear line


def test_unreadable_file(tmp_path):
    pytest.importorskip("gvckit.readers")
    p = tmp_path / "garbage.csv"
    p.write_bytes(bytes(np.random.default_rng(0).integers(0, 256, 500, dtype=np.uint8)))
    r = run("inspect", str(p))
    assert r.returncode == 2 and "garbage.csv" in r.stderr and "Traceback" not in r.stderr


def test_debug_shows_traceback():
    r = run("inspect", "wiod2013:2030", "--debug")
    assert r.returncode != 0 and "Traceback" in r.stderr


def test_decompose_matches_api(tmp_path):
    from gvckit.measures.decompose import decompose

    out = tmp_path / "kww.parquet"
    r = run("decompose", "wiod2013:2011", "--method", "kww", "--exporter", "CHN", "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    back = pd.read_parquet(out)
    api = decompose(gvckit.load_dataset("wiod2013", year=2011), method="kww", exporter="CHN")
    num = api.select_dtypes("number").columns
    np.testing.assert_allclose(back[num].to_numpy(), api[num].to_numpy(), rtol=1e-12)


def test_indicators_to_stata(tmp_path):
    pytest.importorskip("gvckit.measures.indicators")
    out = tmp_path / "ind.dta"
    r = run("indicators", "wiod2013:2011", "--region", "CHN", "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    with pd.io.stata.StataReader(out) as rd:
        df = rd.read()
        labels = rd.variable_labels()
    assert len(df) == 35 and any(labels.values())


def test_panel_command_matches_api(tmp_path):
    from gvckit.scale.panel import load_results

    out = tmp_path / "res"
    r = run("panel", "wiod2013", "--years", "2010-2011", "--measures", "kww_country", "--scheduler", "sync",
            "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "2 computed" in r.stdout
    back = load_results(out, "kww_country")
    from gvckit.measures.decompose import decompose

    api = decompose(gvckit.load_dataset("wiod2013", year=2011), method="kww")
    got = back[back["year"] == 2011].set_index("exporter")
    np.testing.assert_allclose(got.loc[api.index, "DVA"].to_numpy(), api["DVA"].to_numpy(), rtol=1e-12)
    again = run("panel", "wiod2013", "--years", "2010-2011", "--measures", "kww_country", "--scheduler", "sync",
                "--out", str(out))
    assert again.returncode == 0 and "2 already complete" in again.stdout


def test_panel_bad_memory_limit():
    r = run("panel", "wiod2013", "--years", "2011", "--memory-limit", "lots", "--scheduler", "sync")
    assert r.returncode == 2 and "cannot read the memory limit 'lots'" in r.stderr


def test_report_command_writes_html(tmp_path):
    out = tmp_path / "report_zh.html"
    r = run("report", "wiod2013", "--region", "CHN", "--years", "2010-2011", "--lang", "zh", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("report_zh.html")
    html = out.read_text(encoding="utf-8")
    assert "全球价值链中的产业升级：中国，2010–2011 年" in html and html.count("<script") == 1
    bad = run("report", "wiod2013", "--years", "2011", "--out", str(tmp_path / "r.pdf"))
    assert bad.returncode == 2 and "give a name ending in .html" in bad.stderr
