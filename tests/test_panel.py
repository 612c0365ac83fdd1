"""gvckit.scale.panel.run_panel: many years on Dask, resumable, failure reporting, memory discipline.

References are independent of the panel code: gross exports summed by hand from the raw Z and Y
of each bundled year, the HIY module's DVA/VS (another engineer's code, itself checked against
decompr), the single-year ``decompose`` API, and the accounting identity DVA + FVA = EXGR.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gvckit
from gvckit.errors import DatasetError, GvckitError, InputError, UnknownNameError
from gvckit.scale import store
from gvckit.scale.memory import MemoryLimitError, check_memory, parse_bytes
from gvckit.scale.panel import estimate_task_bytes, load_results, run_panel, va_exports

distributed = pytest.importorskip("distributed", reason="run_panel's Dask path needs dask.distributed")

WIOD_YEARS = list(range(1995, 2012))


@pytest.fixture(scope="module")
def cluster():
    """One small cluster for the module (2 processes x 1 thread), always closed."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.CRITICAL) as c:
        yield c


def meta(out: Path, measure: str, year: int) -> dict:
    return json.loads((store.partition_dir(out, measure, year) / "_meta.json").read_text())


def raw_gross_exports(t: gvckit.ICIO) -> np.ndarray:
    """e_i = sum of Z_ij and Y_ir over foreign j / r, from the raw arrays (hand formula)."""
    Z, Y, _ = t.arrays()
    G, N = t.G, t.N
    own = np.repeat(np.arange(G), N)
    z_dest = Z.reshape(t.n, G, N).sum(axis=2)
    dest = np.array([t.countries.index(c) for c in t.fd_columns.get_level_values(0)])
    y_dest = np.zeros((t.n, G))
    np.add.at(y_dest.T, dest, Y.T)
    tot = z_dest + y_dest
    return tot.sum(axis=1) - tot[np.arange(t.n), own]


# --------------------------------------------------------------------------- 17 years on Dask
def test_panel_17_wiod_years_match_single_year_api(tmp_path, cluster):
    from gvckit.measures.decompose import decompose

    out = tmp_path / "res"
    # default path: a new LocalCluster of 2 processes
    res = run_panel("wiod2013", measures=["va_exports"], out=out, n_workers=2, quiet=True)
    assert res.ok, res.summary()
    assert res.counts() == {"ok": 17, "skipped": 0, "failed": 0}
    assert "2 worker processes" in res.scheduler
    panel = res.load("va_exports")
    assert sorted(panel.year.unique()) == WIOD_YEARS
    for year in WIOD_YEARS:
        t = gvckit.load_dataset("wiod2013", year=year)
        got = panel[panel.year == year]
        assert list(got.exporter) == [c for c, _ in t.index]
        np.testing.assert_allclose(got.EXGR.to_numpy(), raw_gross_exports(t), rtol=1e-12, atol=1e-9)
        # the single-year API gives the same numbers, bit for bit, in the same order
        want = va_exports(gvckit.Model(t)).reset_index()
        pd.testing.assert_frame_equal(got.drop(columns="year").reset_index(drop=True), want)
        if year in (1995, 2003, 2011):
            # hand formula with a dense solve: DVA_j = e_j sum_{i in s(j)} v_i B_ij
            Z, _, x = t.arrays()
            A = Z / np.where(x > 0, x, 1.0)[None, :]
            # an inactive sector (x <= 0) has a zero column of A and v = 1 - 1'A = 1 (leontief.py)
            v = np.where(x > 0, (x - Z.sum(axis=0)) / np.where(x > 0, x, 1.0), 1.0)
            own = np.repeat(np.arange(t.G), t.N)
            Vc = np.zeros((t.G, t.n))
            Vc[own, np.arange(t.n)] = v
            VBc = np.linalg.solve((np.eye(t.n) - A).T, Vc.T).T
            e = raw_gross_exports(t)
            np.testing.assert_allclose(got.DVA, VBc[own, np.arange(t.n)] * e, rtol=1e-9, atol=1e-7)
            # and HIY's own code (the single-year decompose API)
            cols = decompose(t, method="hiy", level="sector")
            np.testing.assert_allclose(got.DVA.to_numpy(), cols["DVA"], rtol=1e-10, atol=1e-8)
            np.testing.assert_allclose(got.FVA.to_numpy(), cols["VS"], rtol=1e-10, atol=1e-8)
        # identity DVA + FVA = EXGR; the source rounded a few sectors to zero output while they
        # still sell 1 (USD million), which leaks up to 1e-4 of the sum, so the check is loose
        pos = t.arrays()[2] > 0
        np.testing.assert_allclose((got.DVA + got.FVA)[pos], got.EXGR[pos], rtol=1e-3)
        m = meta(out, "va_exports", year)
        assert m["status"] == "ok" and m["n"] == 1435 and m["gvckit_version"] == gvckit.__version__
        assert m["table_hash"] == gvckit.scale.table_hash(t)

    # expensive measures for two years, on an existing cluster given by address
    res2 = run_panel("wiod2013", years=[1995, 2011], measures=["wwz_country", "kww_country", "indicators"],
                     out=out, scheduler=cluster.scheduler_address, quiet=True)
    assert res2.counts()["ok"] == 6, res2.summary()
    for year in (1995, 2011):
        t = gvckit.load_dataset("wiod2013", year=year)
        for method in ("wwz", "kww"):
            want = decompose(t, method=method, level="country").reset_index()
            got = load_results(out, f"{method}_country", [year]).drop(columns="year")
            assert list(got.columns) == list(want.columns)
            pd.testing.assert_frame_equal(got, want, rtol=1e-12, check_dtype=False)
            # WWZ/KWW terms add up to gross exports, which are the hand-summed ones
            e = raw_gross_exports(t).reshape(t.G, t.N).sum(axis=1)
            np.testing.assert_allclose(got.EXGR, e, rtol=1e-9)
        from gvckit.measures.indicators import indicators

        want = indicators(t).reset_index()
        got = load_results(out, "indicators", [year]).drop(columns="year")
        pd.testing.assert_frame_equal(got, want, rtol=1e-12, check_dtype=False)


# --------------------------------------------------------------------------- failures and resume
def test_failed_year_is_reported_and_rerun_completes_only_it(tmp_path, cluster):
    out = tmp_path / "res"
    years = [2000, 2001, 2002]
    res = run_panel("wiod2013", years=years, measures=["va_exports", "vax_country"], out=out,
                    scheduler=cluster.scheduler_address, retries=1, quiet=True, fail_years=[2001])
    assert not res.ok
    fails = res.failures
    assert sorted(set(fails.year)) == [2001] and len(fails) == 2
    assert all("injected failure for year 2001" in e for e in fails.error)
    assert "failures:" in res.summary() and "2001" in res.summary()
    for m in ("va_exports", "vax_country"):
        assert not (store.partition_dir(out, m, 2001) / "part.parquet").exists()
        for y in (2000, 2002):
            assert meta(out, m, y)["status"] == "ok"
    before = {(m, y): meta(out, m, y) for m in ("va_exports", "vax_country") for y in (2000, 2002)}

    res2 = run_panel("wiod2013", years=years, measures=["va_exports", "vax_country"], out=out,
                     scheduler=cluster.scheduler_address, quiet=True)
    assert res2.ok, res2.summary()
    df = res2.to_frame().set_index(["measure", "year"])["status"]
    assert (df.xs(2001, level="year") == "ok").all()
    assert (df.drop(2001, level="year") == "skipped").all()
    for key, m_before in before.items():  # not recomputed: metadata untouched
        assert meta(out, *key) == m_before
    # the completed year equals a run of that year alone
    solo = run_panel("wiod2013", years=[2001], measures=["va_exports"], out=tmp_path / "solo",
                     scheduler="sync", quiet=True)
    pd.testing.assert_frame_equal(res2.load("va_exports", [2001]), solo.load("va_exports"))


def test_data_callable_failure_is_retried_then_reported(tmp_path):
    calls: dict[int, int] = {}

    def data(year: int) -> gvckit.ICIO:
        calls[year] = calls.get(year, 0) + 1
        if year == 1996 and calls[year] <= 3:
            raise OSError(f"network share unavailable for {year}")
        return gvckit.load_dataset("wiod2013", year=year)

    res = run_panel(data, years=[1995, 1996], measures=["va_exports"], out=tmp_path, scheduler="sync",
                    retries=2, quiet=True)
    assert calls == {1995: 1, 1996: 3}  # one try plus two retries
    assert res.failures.error.tolist() == ["OSError: network share unavailable for 1996"]
    res = run_panel(data, years=[1995, 1996], measures=["va_exports"], out=tmp_path, scheduler="sync",
                    retries=2, quiet=True)
    assert res.ok and calls == {1995: 2, 1996: 4}
    assert res.to_frame().status.tolist() == ["skipped", "ok"]


def test_changed_table_or_corrupt_partition_is_recomputed(tmp_path):
    scale = {1995: 1.0, 1996: 1.0}

    def data(year):
        t = gvckit.load_dataset("wiod2013", year=year)
        if scale[year] == 1.0:
            return t
        Z, Y, x = t.arrays()
        return gvckit.ICIO(Z * scale[year], t.Y * scale[year], countries=t.countries,
                           sectors=t.sectors, year=year, check=False)

    kw = dict(years=[1995, 1996], measures=["va_exports"], out=tmp_path, scheduler="sync", quiet=True)
    run_panel(data, **kw)
    scale[1996] = 2.0
    res = run_panel(data, **kw)
    assert res.to_frame().status.tolist() == ["skipped", "ok"]
    df = res.load("va_exports")
    e95 = df[df.year == 1995].EXGR.to_numpy()
    e96 = df[df.year == 1996].EXGR.to_numpy()
    t96 = gvckit.load_dataset("wiod2013", year=1996)
    np.testing.assert_allclose(e96, 2.0 * raw_gross_exports(t96), rtol=1e-12)
    # flip a byte of a complete partition: it no longer counts as complete
    part = store.partition_dir(tmp_path, "va_exports", 1995) / "part.parquet"
    raw = bytearray(part.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    part.write_bytes(bytes(raw))
    res = run_panel(data, **kw)
    assert res.to_frame().status.tolist() == ["ok", "skipped"]
    np.testing.assert_array_equal(res.load("va_exports", [1995]).EXGR.to_numpy(), e95)


# --------------------------------------------------------------------------- memory
def test_tiny_worker_memory_limit_fails_clearly(tmp_path):
    """On an existing cluster the task itself refuses: the worker's measured footprint counts."""
    import dask

    # keep dask's own memory manager from pausing the (tiny-limit) worker, so that the task runs
    # and gvckit's estimate is what stops it
    off = {f"distributed.worker.memory.{k}": False for k in ("target", "spill", "pause", "terminate")}
    with dask.config.set(off), distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, memory_limit="150MB",
        dashboard_address=":0", silence_logs=logging.CRITICAL,
    ) as c:
        with pytest.raises(MemoryLimitError) as info:
            run_panel("wiod2013", years=[2010, 2011], measures=["va_exports"], out=tmp_path,
                      scheduler=c.scheduler_address, quiet=True)
    err = str(info.value)
    assert err.startswith("wiod2013 201") and "a table of 1,435 country-sectors needs about 47.2 MiB" in err
    assert "on top of the worker's own" in err and "over the worker memory limit of 143.1 MiB" in err
    assert "--memory-limit" in err and "\n" not in err
    # the refusal is recorded where the partition would be, and nothing else is written
    year = int(err[len("wiod2013 "):][:4])
    assert not (store.partition_dir(tmp_path, "va_exports", year) / "part.parquet").exists()
    assert meta(tmp_path, "va_exports", year)["status"] == "failed"


@pytest.mark.parametrize("limit", ["60MB", "200MB"])
def test_local_cluster_limit_below_worker_footprint_fails_before_starting(tmp_path, limit):
    """#13: 60 MB used to hang and 200 MB to end in KilledWorker; both refuse at once now."""
    import time

    t0 = time.perf_counter()
    with pytest.raises(MemoryLimitError, match="on top of the worker's own 200.0 MiB") as info:
        run_panel("wiod2013", years=[2009, 2010, 2011], measures=["va_exports"], out=tmp_path,
                  memory_limit=limit, quiet=True)
    assert time.perf_counter() - t0 < 5  # no cluster was started
    assert "80% of it usable before Dask pauses the worker" in str(info.value)
    assert not any(tmp_path.iterdir())


def test_sync_run_counts_this_process(tmp_path):
    from gvckit.scale.memory import process_bytes

    with pytest.raises(MemoryLimitError, match="needs about 47.2 MiB for the measures va_exports on top"):
        run_panel("wiod2013", years=[2011], measures=["va_exports"], out=tmp_path,
                  scheduler="sync", memory_limit=process_bytes(), quiet=True)
    res = run_panel("wiod2013", years=[2011], measures=["va_exports"], out=tmp_path,
                    scheduler="sync", memory_limit="8GiB", quiet=True)
    assert res.ok


def test_memory_estimate_by_hand():
    n, G = 1000, 20
    # Z, A and the LU factors (3 n^2 doubles) + va_exports' 3 result columns twice (frame + copy)
    assert estimate_task_bytes(n, G, ["va_exports"]) == 8 * (3 * n * n + 2 * n * 3)
    # measures count at their maximum, not their sum: wwz_country forms 2 n x n arrays (B and a
    # temporary) and has G rows of 24 columns; streamed wwz_bilateral_sector holds one chunk of 4
    # exporters (4 N G = 4 n rows) of 24 columns
    assert estimate_task_bytes(n, G, ["va_exports", "wwz_country"]) == 8 * (5 * n * n + 2 * G * 24)
    assert estimate_task_bytes(n, G, ["wwz_bilateral_sector"]) == 8 * (5 * n * n + 2 * n * 4 * 24)
    with pytest.raises(MemoryLimitError, match="needs about 1.0 GiB") as info:
        check_memory(2**30, 2**29, what="t", n=10, measures=["x"])
    # the footprint and the usable fraction count: 512 + 384 MiB fit 1 GiB, not 80 % of it
    check_memory(2**29, 2**30, what="t", n=10, measures=["x"], footprint=3 * 2**27)
    with pytest.raises(MemoryLimitError, match="worker's own 384.0 MiB.*80% of it usable"):
        check_memory(2**29, 2**30, what="t", n=10, measures=["x"], footprint=3 * 2**27, fraction=0.8)
    assert isinstance(info.value, GvckitError)
    check_memory(2**29, 2**30, what="t", n=10, measures=["x"])
    check_memory(2**40, None, what="t", n=10, measures=["x"])
    assert parse_bytes("4GB") == 4 * 10**9 and parse_bytes("512MiB") == 512 * 2**20
    assert parse_bytes(None) is None and parse_bytes("auto") is None and parse_bytes(1e6) == 10**6
    with pytest.raises(GvckitError, match="cannot read the memory limit"):
        parse_bytes("lots")


# --------------------------------------------------------------------------- atomic writes
def test_exception_mid_write_leaves_no_partial_partition(tmp_path, monkeypatch):
    real = pd.DataFrame.to_parquet

    def broken(self, path, *a, **k):
        path.write(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", broken)
    res = run_panel("wiod2013", years=[2005], measures=["va_exports"], out=tmp_path, scheduler="sync",
                    retries=0, quiet=True)
    d = store.partition_dir(tmp_path, "va_exports", 2005)
    assert res.failures.error.tolist() == ["PanelTaskError: wiod2013 2005: va_exports: OSError: disk full"]
    assert sorted(p.name for p in d.iterdir()) == ["_meta.json"]  # no data file, no temporary
    assert meta(tmp_path, "va_exports", 2005)["status"] == "failed"
    with pytest.raises(InputError, match="no complete results"):
        load_results(tmp_path, "va_exports")
    monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    res = run_panel("wiod2013", years=[2005], measures=["va_exports"], out=tmp_path, scheduler="sync",
                    quiet=True)
    assert res.ok and len(res.load("va_exports")) == 1435


def test_atomic_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "a.bin"
    store.atomic_write(target, lambda fh: fh.write(b"old"))

    def half(fh):
        fh.write(b"new but incomp")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.atomic_write(target, half)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


# --------------------------------------------------------------------------- inputs
def test_folder_of_files_is_read_year_by_year(tmp_path):
    wp = pytest.importorskip("gvckit.readers.gvckit_parquet")
    src = tmp_path / "tables"
    src.mkdir()
    for y in (2003, 2004):
        wp.write_parquet(gvckit.load_dataset("wiod2013", year=y), src / f"wiod_{y}.parquet")
    res = run_panel(src, measures=["va_exports"], out=tmp_path / "a", scheduler="sync", quiet=True)
    ref = run_panel("wiod2013", years=[2003, 2004], measures=["va_exports"], out=tmp_path / "b",
                    scheduler="sync", quiet=True)
    pd.testing.assert_frame_equal(res.load("va_exports"), ref.load("va_exports"))
    res = run_panel(str(src / "*2004*"), measures=["va_exports"], out=tmp_path / "c", scheduler="sync",
                    quiet=True)
    assert res.to_frame().year.tolist() == [2004]


def test_bad_arguments(tmp_path):
    with pytest.raises(UnknownNameError, match="unknown measure 'nope'; valid: va_exports, "):
        run_panel("wiod2013", measures=["nope"], out=tmp_path, scheduler="sync")
    with pytest.raises(DatasetError, match="wiod2013 has no year 1990; it has 1995-2011"):
        run_panel("wiod2013", years=[1990], measures=["va_exports"], out=tmp_path, scheduler="sync")
    with pytest.raises(InputError, match="give the years"):
        run_panel(lambda y: None, measures=["va_exports"], out=tmp_path, scheduler="sync")
    with pytest.raises(InputError, match="no such file or folder"):
        run_panel(tmp_path / "missing_*.csv", out=tmp_path, scheduler="sync")


def small_wiod(year: int) -> gvckit.ICIO:
    """WIOD 2013 with 6 countries and the rest of the world (7 x 35 = 245 country-sectors)."""
    return gvckit.load_dataset("wiod2013", year=year).select(["CHN", "USA", "DEU", "JPN", "KOR", "TWN"])


def test_bilateral_sector_measure_is_streamed_in_chunks(tmp_path):
    from gvckit.measures.decompose import decompose

    kw = dict(years=[2011], measures=["wwz_bilateral_sector"], out=tmp_path, scheduler="sync", quiet=True)
    res = run_panel(small_wiod, **kw)
    assert res.ok, res.summary()
    d = store.partition_dir(tmp_path, "wwz_bilateral_sector", 2011)
    m = meta(tmp_path, "wwz_bilateral_sector", 2011)
    assert [f["name"] for f in m["files"]] == ["part-00000.parquet", "part-00001.parquet"]  # 4 + 3
    assert m["rows"] == 7 * 35 * 6
    assert not (d / "part.parquet").exists() and not (d / ".stream").exists()
    got = res.load("wwz_bilateral_sector").drop(columns="year")
    want = decompose(small_wiod(2011), method="wwz", level="bilateral_sector").reset_index()
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert res.to_frame().status.tolist() == ["ok"]
    assert run_panel(small_wiod, **kw).to_frame().status.tolist() == ["skipped"]


def test_single_country_open_table_uses_domestic_coefficients(tmp_path):
    # China 2017, non-competitive imports: DVA_j = (v (I - A^d)^-1)_j e_j with A^d = Z^d / x and
    # v = (x - 1'Z^d - 1'Z^m) / x, by hand; the within-table V B would give DVA = EXGR
    res = run_panel("china_nbs", years=[2017], measures=["va_exports"], out=tmp_path,
                    scheduler="sync", quiet=True)
    assert res.ok, res.summary()
    got = res.load("va_exports")
    t = gvckit.load_dataset("china_nbs", year=2017)
    Z, _, x = t.arrays()
    Zm = t.imports_Z.to_numpy()
    v = (x - Z.sum(axis=0) - Zm.sum(axis=0)) / x
    e = t.exports.to_numpy().sum(axis=1)
    dva = np.linalg.solve((np.eye(t.n) - Z / x[None, :]).T, v) * e
    np.testing.assert_allclose(got.DVA, dva, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(got.DVA + got.FVA, e, rtol=1e-12)
    assert 0.75 < got.DVA.sum() / e.sum() < 0.83  # about 0.79, far from the 1.0 of V B alone


def test_streamed_measure_resumes_its_chunks_after_a_failure(tmp_path, monkeypatch):
    import gvckit.measures.decompose as dec

    real = dec.decompose
    calls: list = []

    def flaky(*a, exporter=None, **k):
        calls.append(exporter)
        if "TWN" in exporter and len(calls) == 2:
            raise RuntimeError("worker lost")
        return real(*a, exporter=exporter, **k)

    monkeypatch.setattr(dec, "decompose", flaky)
    kw = dict(years=[2011], measures=["wwz_bilateral_sector"], out=tmp_path, scheduler="sync", quiet=True)
    res = run_panel(small_wiod, retries=0, **kw)
    assert res.failures.error.tolist() == [
        "PanelTaskError: small_wiod 2011: wwz_bilateral_sector: RuntimeError: worker lost"]
    d = store.partition_dir(tmp_path, "wwz_bilateral_sector", 2011)
    assert sorted(p.name for p in d.iterdir()) == [".stream", "_meta.json"]  # no visible data
    assert [p.name for p in (d / ".stream").glob("part-*")] == ["part-00000.parquet"]
    res = run_panel(small_wiod, **kw)
    assert res.ok
    c = small_wiod(2011).countries
    assert calls == [c[:4], c[4:], c[4:]]  # the first chunk was not recomputed
    assert len(res.load("wwz_bilateral_sector")) == 7 * 35 * 6


def test_panel_typology_follows_the_rule_set_and_reruns_when_it_changes(tmp_path):
    """`typology` in a panel is classify(years=[y]) on the whole series, under the panel's
    --rules: the labels equal the single-call API's, and a rerun with another rule set
    recomputes the partitions instead of skipping them."""
    from gvckit.framework import classify

    out = tmp_path / "res"
    res = run_panel("wiod2013", years=[2011], measures=["typology"], out=out, scheduler="sync",
                    quiet=True, rules="gereffi")
    assert res.ok, res.summary()
    got = res.load("typology")
    want = classify("wiod2013", "CHN", None, [2011], rules="gereffi").to_frame("en")
    key = ["industry", "dimension", "indicator"]
    g = got[got.dimension == "dim_type"].set_index("industry")["label"]
    w = want[want.dimension == "dim_type"].set_index("industry")["label"]
    pd.testing.assert_series_equal(g.sort_index(), w.sort_index(), check_names=False)
    assert set(got.rule_set) == {"gereffi"} and {"evidence_year", *key} <= set(got.columns)
    again = run_panel("wiod2013", years=[2011], measures=["typology"], out=out, scheduler="sync",
                      quiet=True, rules="paper")
    assert again.counts()["ok"] == 1  # recomputed, not skipped
    assert set(again.load("typology").rule_set) == {"paper"}
    with pytest.raises(gvckit.GvckitError, match="nosuch"):
        run_panel("wiod2013", years=[2011], measures=["typology"], out=out, scheduler="sync",
                  quiet=True, rules="nosuch")
