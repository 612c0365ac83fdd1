"""Issue #13, one test per row of its table that the application layer owns: the command line
and the panel behave honestly at the edges (one clear line, exit 2, nothing silently ignored).

Rows owned elsewhere (reader errors, units, temporary files, framework KeyErrors and result
objects) are tested by their modules' own tests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import gvckit

GVCKIT = [sys.executable, "-m", "gvckit"]


def _env() -> dict[str, str]:
    """The environment of a child gvckit: this gvckit importable from any working folder."""
    src = str(Path(gvckit.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONWARNINGS="ignore", GVCKIT_LANG="en", PYTHONPATH=path)


def run(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    env = _env()
    return subprocess.run([*GVCKIT, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env)


def one_error_line(r: subprocess.CompletedProcess, *parts: str) -> str:
    """Exit 2, stderr a single ``gvckit: error:`` line holding ``parts``, no exception name."""
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gvckit: error: "), r.stderr
    for p in parts:
        assert p in lines[0], (p, lines[0])
    assert "Traceback" not in r.stderr and "Error:" not in lines[0][len("gvckit: error: "):]
    return lines[0]


@pytest.fixture(scope="module")
def negative_va_file(tmp_path_factory) -> Path:
    """A small world table whose sector B/s2 uses more inputs than it produces (VA = -11)."""
    from gvckit.readers.gvckit_parquet import write_parquet

    t = gvckit.ICIO([[10, 2, 4, 5], [3, 12, 2, 5], [2, 3, 8, 5], [1, 1, 1, 1]],
                    [[600, 500], [400, 700], [500, 600], [1, 0]], countries=["A", "B"],
                    sectors=["s1", "s2"], year=2011, unit="USD million")
    p = tmp_path_factory.mktemp("neg") / "negva.parquet"
    write_parquet(t, p)
    return p


# ---------------------------------------------------------------- row 1: the panel never hangs
def test_panel_memory_limit_on_local_cluster_is_one_line_exit_2():
    t0 = time.perf_counter()
    r = run("panel", "wiod2013", "--years", "2009-2011", "--memory-limit", "60MB", "--out", "unused",
            timeout=120)
    assert time.perf_counter() - t0 < 60
    one_error_line(r, "wiod2013: a table of 1,435 country-sectors", "worker memory limit of 57.2 MiB",
                   "on top of the worker's own")


# ---------------------------------------------------------------- row 3: Ctrl-C on a panel run
def test_ctrl_c_on_a_panel_is_one_line(tmp_path):
    out = tmp_path / "res"
    env = _env()
    p = subprocess.Popen([*GVCKIT, "panel", "wiod2013", "--years", "1995-2011", "--measures",
                          "wwz_country,bm_country", "--out", str(out)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True, env=env)
    t0 = time.time()
    while not (out.is_dir() and any(out.iterdir())) and time.time() - t0 < 90:  # workers are busy
        time.sleep(0.2)
    time.sleep(1.0)
    os.killpg(p.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends: the whole process group
    _, err = p.communicate(timeout=90)
    assert p.returncode == 130
    assert err.strip() == "gvckit: interrupted", err


# ---------------------------------------------------------------- row 4: every advertised measure
def test_every_measure_indicators_help_lists_runs_on_wiod2013():
    from gvckit.measures.indicators import INDICATORS, indicators

    r = run("indicators", "--help")
    assert r.returncode == 0
    text = " ".join(r.stdout.split())
    listed = [k for k in INDICATORS if k in text]
    assert listed == list(INDICATORS)
    m = gvckit.Model(gvckit.load_dataset("wiod2013", year=2011))
    for name, ind in INDICATORS.items():
        if ind.tables != "world":
            continue
        level = ind.levels[0]
        df = indicators(m, [name], level=level)
        assert len(df) == (1435 if level == "sector" else 41) and df.notna().any().all(), name
    # the docs' example (docs/index.md) runs and gives the columns it promises
    df = indicators(m, ["participation", "length", "upstreamness", "rca"])
    assert {"GVC_share", "PLv", "U_acfh", "NRCA", "RCA"} <= set(df.columns)
    assert df.columns.is_unique  # upstreamness is inside length: shown once


def test_cli_measures_of_the_issue_run_and_unknown_is_unknown(tmp_path):
    out = tmp_path / "ind.csv"
    r = run("indicators", "wiod2013:2011", "--measures", "participation,position,upstreamness,nrca,vax",
            "--region", "CHN", "--out", str(out))
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out)
    assert len(df) == 35 and {"GVC_share", "GVCPs", "U_acfh", "NRCA", "VAX_ratio"} <= set(df.columns)
    line = one_error_line(run("indicators", "wiod2013:2011", "--measures", "foo"), "unknown measure 'foo'; valid: ")
    assert "participation" in line and "does not apply" not in line


def test_classify_unknown_industry_is_exit_2():
    one_error_line(run("classify", "--industry", "shoes"), "unknown industry 'shoes'; valid: ", "leather")


# ---------------------------------------------------------------- row 6: warnings reach the user
@pytest.mark.parametrize("command", [["decompose", "--method", "kww"], ["indicators"]])
def test_negative_value_added_is_warned_and_kept_in_attrs(negative_va_file, tmp_path, command):
    out = tmp_path / "r.json"
    r = run(command[0], str(negative_va_file), *command[1:], "--out", str(out))
    assert r.returncode == 0, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"gvckit: warning: {negative_va_file} 2011: negative_value_added:")
    assert "B/s2" in lines[0]
    doc = json.loads(out.read_text("utf-8"))
    blob = json.dumps(doc)
    assert "negative_value_added" in blob and "B/s2" in blob
    # --quiet: nothing at all on stderr, the metadata still says it
    r = run(command[0], str(negative_va_file), *command[1:], "--out", str(out), "--quiet")
    assert r.returncode == 0 and r.stderr == "" and r.stdout == ""
    assert "negative_value_added" in out.read_text("utf-8")


def test_panel_relays_the_warnings_of_every_year(tmp_path):
    r = run("panel", "wiod2013", "--years", "2010-2011", "--measures", "va_exports", "--scheduler", "sync",
            "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines == [line for line in lines if line.startswith("gvckit: warning: wiod2013 2010, 2011: ")]
    assert any("negative_final_demand" in line for line in lines)
    meta = json.loads((tmp_path / "measure=va_exports" / "year=2011" / "_meta.json").read_text("utf-8"))
    assert "negative_final_demand" in [code for code, _ in meta["warnings"]]


# ---------------------------------------------------------------- row 7: conflicting options
def test_year_conflicting_with_data_spec_is_refused():
    one_error_line(run("inspect", "wiod2013:2011", "--year", "2010"), "wiod2013:2011 already names its year",
                   "--year 2010")
    assert run("inspect", "wiod2013", "--year", "2010", "--quiet").returncode == 0


def test_year_and_years_together_are_refused():
    one_error_line(run("classify", "--years", "2003-2005", "--year", "2004"), "--year or --years, not both")


# ---------------------------------------------------------------- row 8: self-trade
def test_decompose_same_exporter_and_importer_says_why():
    r = run("decompose", "wiod2013:2011", "--method", "wwz", "--level", "bilateral",
            "--exporter", "CHN", "--importer", "CHN")
    one_error_line(r, "exporter and importer are both 'CHN'", "exports go to other countries")
    assert "Empty DataFrame" not in r.stdout


# ---------------------------------------------------------------- row 9: undated generic table
def test_generic_table_without_a_year(tmp_path):
    from gvckit.readers.gvckit_parquet import write_parquet

    undated = gvckit.ICIO([[10, 2, 4, 1], [3, 12, 2, 5], [2, 3, 8, 2], [4, 1, 3, 9]],
                          [[20, 5], [6, 30], [4, 25], [10, 15]], countries=["CHN", "USA"],
                          sectors=["s1", "s2"])
    p = tmp_path / "table.parquet"
    write_parquet(undated, p)
    from gvckit.app.source import Source

    s = Source.of(p)
    assert s.undated and s.years == []
    line = one_error_line(run("classify", str(p), "--industry", "leather", "--year", "2010"),
                          f"{p} carries no year", "cannot be chosen")
    assert "available: [0]" not in line


# ---------------------------------------------------------------- row 18: diagnosis with evidence
def test_diagnose_evidence_out_writes_and_prints_the_diagnosis(tmp_path):
    out = tmp_path / "t.xlsx"
    r = run("diagnose", "--industry", "textiles", "--years", "2009-2011", "--evidence", "--out", str(out))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("textiles (CHN, 2009-2011): Point on the upgrading path") and "confidence" in lines[0]
    assert lines[-1] == str(out)
    sheets = pd.read_excel(out, sheet_name=None)
    names = {k.lower(): v for k, v in sheets.items()}
    assert "diagnosis" in names and "evidence" in names
    assert {"point", "confidence"} <= set(names["diagnosis"].columns)
    ev = names["evidence"]
    assert "industry" in ev.columns and set(ev["industry"]) == {"textiles"}


# ---------------------------------------------------------------- row 20: --out prints plain paths
def test_out_prints_the_users_path_plainly_and_nothing_when_quiet(tmp_path):
    r = run("datasets", "--out", "ds.xlsx", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == "ds.xlsx\n", r.stdout
    r = run("datasets", "--out", "ds.csv", "--quiet", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""
    assert (tmp_path / "ds.csv").exists()


def test_report_series_from_one_undated_file(tmp_path):
    """report(path) on one undated file: the framework series holds that one table (year 0),
    instead of failing on 'ICIO has no attribute items' (found by the web app)."""
    from gvckit.readers.gvckit_parquet import write_parquet
    from gvckit.report_job import _series

    t = gvckit.load_dataset("wiod2013", year=2011)
    a = t.aggregate(countries={c: c if c in ("CHN", "USA") else "ROW" for c in t.countries})
    a.year = None
    p = tmp_path / "undated.parquet"
    write_parquet(a, p)
    series, ys = _series(str(p), None)
    assert ys == [0] and sorted(series.model(0).table.countries) == ["CHN", "ROW", "USA"]
