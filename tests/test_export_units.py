"""Units per column in every export, and the edges of writing files (missing or unwritable
folder, temporaries left by a killed write).

Units are checked against what the measures are by definition (a share of gross exports is a
fraction, TiVA's ``*SH`` columns are percentages that sum with their complements to 100, a
production length is a number of stages >= 1), not against earlier output.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

import gvckit
from gvckit.errors import InputError
from gvckit.outputs import export
from gvckit.outputs.export import read_result, remove_stale_temporaries, write
from gvckit.outputs.units import UNITS, annotate, column_dictionary, column_units, unit_label

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def table():
    # 2 countries x 2 sectors; any productive table will do (the checks are identities)
    return gvckit.ICIO([[10, 2, 4, 1], [3, 12, 2, 5], [2, 3, 8, 2], [4, 1, 3, 9]],
                       [[20, 5], [6, 30], [4, 25], [10, 15]], countries=["A", "B"],
                       sectors=["s1", "s2"])


def test_indicator_units_match_what_the_measures_are(table):
    ind = gvckit.indicators(table, ["bm", "length", "rca"])
    units = column_units(ind)
    assert units["country"] == units["sector"] == "code"
    for c in ("GEXP", "DVA", "FVA", "GVC"):
        assert units[c] == "usd_million"
    for c in ("GVC_share", "GVCB_share", "GVCF_share"):
        assert units[c] == "share"
        assert ((ind[c] >= 0) & (ind[c] <= 1)).all()  # a fraction, so "%" formatting is right
    np.testing.assert_allclose(ind["GVC_share"], ind["GVC"] / ind["GEXP"])
    for c in ("PLv", "PLy", "U_acfh", "N_fally"):
        assert units[c] == "stages" and (ind[c] >= 1 - 1e-9).all()
    assert units["NRCA"] == units["RCA"] == "index"


def test_tiva_percentages_are_percent_not_share(table):
    r = gvckit.decompose(table, "tiva", level="country")
    units = column_units(r)
    assert units["EXGR_DVASH"] == "percent" and units["EXGR"] == "usd_million"
    # DVA share + FVA share = 100: percentages, so they must not be formatted as 0-1 fractions
    np.testing.assert_allclose(r["EXGR_DVASH"] + r["EXGR_FVASH"], 100.0)


def test_text_rules_and_unknown_numbers_are_never_money():
    df = pd.DataFrame({"rule": ["ratio_at_least"], "value": [1.2], "dimension": ["integration"],
                       "agrees": [True], "note": ["x"], "score": [0.3]})
    df.attrs["unit"] = "USD million"  # a table-wide stamp must not leak into its columns
    units = column_units(df)
    assert units == {"rule": "text", "value": "unstated", "dimension": "category",
                     "agrees": "flag", "note": "text", "score": "unstated"}
    long = pd.DataFrame({"item": ["a"], "year": [2011], "measure": ["upstreamness"], "value": [2.0]})
    assert column_units(long)["value"] == "by_row"
    assert column_units(long)["year"] == "year"


def test_explicit_units_win_and_annotate_records_all():
    df = pd.DataFrame({"position": [2.5], "x": [1.0]})
    annotate(df, units={"position": "stages", "x": "kg"}, definitions={"x": "mass"})
    assert df.attrs["units"] == {"position": "stages", "x": "kg"}
    assert unit_label("kg", "zh") == "kg"  # outside the vocabulary: shown as given


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_unit_has_a_label(lang):
    for u in UNITS:
        assert unit_label(u, lang)
    assert unit_label("money", lang, "10,000 CNY") == "10,000 CNY"


def test_column_dictionary_rows(table):
    ind = gvckit.indicators(table, ["bm"])
    d = column_dictionary({"ind": ind}, "zh")
    assert list(d.columns) == ["工作表", "列", "单位", "定义"]
    row = d.set_index("列").loc["GVC_share"]
    assert row["单位"] == "%" and "总出口" in row["定义"]


def test_workbook_formats_percent_and_widths(tmp_path, table):
    ind = gvckit.indicators(table, ["bm"])
    path = tmp_path / "i.xlsx"
    write({"ind": ind}, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["ind"]
    header = [c.value for c in ws[1]]
    share = ws.cell(2, header.index("GVC_share") + 1)
    money = ws.cell(2, header.index("GEXP") + 1)
    assert share.number_format == "0.0%" and money.number_format == "#,##0.0"
    assert ws.freeze_panes == "A2"
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    assert all(8 <= w <= 62 for w in widths.values())


def test_parquet_and_csv_carry_units(tmp_path, table):
    ind = gvckit.indicators(table, ["bm", "length"])
    write(ind, tmp_path / "i.parquet")
    schema = pq.read_schema(tmp_path / "i.parquet")
    assert schema.field("GVC_share").metadata[b"unit"] == b"share"
    assert schema.field("PLv").metadata[b"unit"] == b"stages"
    assert read_result(tmp_path / "i.parquet").attrs["units"]["DVA"] == "usd_million"
    write(ind, tmp_path / "i.csv")
    side = json.loads((tmp_path / "i.meta.json").read_text("utf-8"))
    assert side["attrs"]["units"]["U_acfh"] == "stages"
    assert "upstreamness" in side["attrs"]["definitions"]["U_acfh"].lower()
    # the CSV itself stays plain: pandas reads it with no option
    assert list(pd.read_csv(tmp_path / "i.csv").columns[:2]) == ["country", "sector"]


# ----------------------------------------------------------------------------- edges


def test_missing_folder_is_an_error_and_not_created(tmp_path):
    target = tmp_path / "nope" / "res.csv"
    with pytest.raises(InputError, match=r"folder '.*nope' does not exist"):
        write(pd.DataFrame({"a": [1]}), target)
    assert not target.parent.exists()


def test_target_that_is_a_folder(tmp_path):
    (tmp_path / "res.csv").mkdir()
    with pytest.raises(InputError, match="res.csv.*is a folder"):
        write(pd.DataFrame({"a": [1]}), tmp_path / "res.csv")


def test_unwritable_folder_names_the_users_path(tmp_path, monkeypatch):
    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export.tempfile, "mkstemp", refuse)
    with pytest.raises(InputError) as e:
        write(pd.DataFrame({"a": [1]}), tmp_path / "res.csv")
    msg = str(e.value)
    assert f"'{tmp_path / 'res.csv'}'" in msg and "Permission denied" in msg
    assert ".tmp" not in msg


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_unwritable_folder_for_real(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(InputError, match=r"ro/res.xlsx"):
            write(pd.DataFrame({"a": [1]}), ro / "res.xlsx")
    finally:
        ro.chmod(0o700)


def test_stale_temporaries_removed_live_ones_kept(tmp_path):
    target = tmp_path / "r.csv"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".r.csv.{dead}.abc123.tmp"
    legacy = tmp_path / ".r.csv.k2j3h4.tmp"  # gvckit < 0.2: no pid; old
    live = tmp_path / f".r.csv.{os.getppid()}.zzz.tmp"  # a running writer (our parent)
    other = tmp_path / ".q.csv.1.abc.tmp"  # another target's: not ours to touch
    for p in (stale, legacy, live, other):
        p.write_text("half")
    old = time.time() - 3600
    os.utime(legacy, (old, old))
    removed = remove_stale_temporaries(target)
    assert sorted(removed) == sorted([stale, legacy])
    assert live.exists() and other.exists()


def test_killed_write_leaves_a_temporary_that_the_next_write_removes(tmp_path):
    target = tmp_path / "res.csv"
    code = textwrap.dedent(f"""
        import time, pandas as pd
        from gvckit.outputs import export
        real = export._write_csv
        def slow(df, tmp, tmp_meta):
            real(df, tmp, tmp_meta)
            print("written", flush=True)
            time.sleep(60)
        export._write_csv = slow
        export.write(pd.DataFrame({{"a": [1, 2]}}), {str(target)!r})
    """)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert proc.stdout.readline().strip() == "written"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left and all(n.startswith((".res.csv.", ".res.meta.json.")) for n in left)
    write(pd.DataFrame({"a": [3]}), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res.csv", "res.meta.json"]
    assert pd.read_csv(target)["a"].tolist() == [3]


def test_cli_out_into_missing_folder(tmp_path):
    missing = tmp_path / "nonexistent_dir"
    r = subprocess.run(
        [sys.executable, "-m", "gvckit.cli", "decompose", "wiod2013:2011", "--method", "vax",
         "--level", "country", "--out", str(missing / "res.csv")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(SRC)}, timeout=300,
    )
    assert r.returncode == 2
    assert str(missing) in r.stderr and "does not exist" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not missing.exists()
