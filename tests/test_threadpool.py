"""gvckit.threadpool and the year-parallel preparation of a model series (issue #14).

What is checked: the tasks really run at the same time (a barrier two tasks must reach together),
results keep their order, an error reaches the caller, BLAS runs one thread inside the pool and
its setting comes back after; warnings are silenced without leaking a filter when two threads
do it at once; the models' cached properties do not make two threads wait for each other; and
the indicators prepared in threads equal those computed one year at a time.
"""

from __future__ import annotations

import threading
import time
import warnings

import numpy as np
import pytest

from gvckit.errors import InputError, UnknownNameError
from gvckit.threadpool import map_threads, quiet_warnings, workers


def test_workers_reads_the_environment(monkeypatch):
    monkeypatch.setenv("GVCKIT_THREADS", "3")
    assert workers() == 3
    assert workers(2) == 2  # never more threads than tasks
    assert workers(0) == 1
    monkeypatch.setenv("GVCKIT_THREADS", "1")
    assert workers(10) == 1
    for bad in ("0", "-2", "two", "1.5"):
        monkeypatch.setenv("GVCKIT_THREADS", bad)
        with pytest.raises(InputError, match="GVCKIT_THREADS"):
            workers()
    monkeypatch.delenv("GVCKIT_THREADS")
    assert workers() >= 1


def test_tasks_run_at_once_in_order_and_blas_is_held_to_one_thread():
    from threadpoolctl import threadpool_info

    gate = threading.Barrier(2, timeout=10)  # reached by two tasks together, or it breaks

    def task(i: int) -> tuple[int, str, list[int]]:
        if i < 2:
            gate.wait()
        blas = [m["num_threads"] for m in threadpool_info() if m["user_api"] == "blas"]
        return i * i, threading.current_thread().name, blas

    before = [m["num_threads"] for m in threadpool_info() if m["user_api"] == "blas"]
    out = map_threads(task, range(6), threads=2)
    assert [r[0] for r in out] == [0, 1, 4, 9, 16, 25]
    assert len({r[1] for r in out[:2]}) == 2  # the first two ran in two threads
    assert all(r[1].startswith("gvckit") for r in out)
    assert all(n == 1 for r in out for n in r[2])
    assert [m["num_threads"] for m in threadpool_info() if m["user_api"] == "blas"] == before


def test_one_thread_is_a_plain_loop(monkeypatch):
    monkeypatch.setenv("GVCKIT_THREADS", "1")
    names = map_threads(lambda i: threading.current_thread().name, range(3))
    assert names == [threading.current_thread().name] * 3


def test_an_error_in_a_task_reaches_the_caller():
    def task(i: int) -> int:
        if i == 3:
            raise InputError("year 3 is bad")
        return i

    with pytest.raises(InputError, match="year 3 is bad"):
        map_threads(task, range(8), threads=2)


def test_quiet_warnings_in_two_threads_leaves_the_filters_as_they_were():
    """Without the lock the second thread saves the first one's "ignore" filter and puts it back
    after the first has restored the original: "ignore" stays for the whole process."""
    before = list(warnings.filters)
    a_in, b_in = threading.Event(), threading.Event()

    def a() -> None:
        with quiet_warnings():
            a_in.set()
            b_in.wait(0.3)  # B cannot enter while A holds the lock

    def b() -> None:
        a_in.wait(5)
        with quiet_warnings():
            b_in.set()
            time.sleep(0.1)

    ts = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert warnings.filters == before
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        warnings.warn("still heard", UserWarning, stacklevel=1)
    assert [str(w.message) for w in got] == ["still heard"]


def test_cached_properties_of_two_models_are_computed_at_once():
    """Python 3.11's functools.cached_property holds one lock per property for every instance:
    two threads factorising two models waited for each other. gvckit's models use a lock-free
    one (as Python 3.12 has): two instances reach a barrier inside the property together."""
    from gvckit.leontief import cached_property

    gate = threading.Barrier(2, timeout=10)

    class Thing:
        @cached_property
        def value(self) -> int:
            gate.wait()
            return id(self)

    things = [Thing(), Thing()]
    assert map_threads(lambda t: t.value, things, threads=2) == [id(t) for t in things]
    assert all(t.__dict__["value"] == id(t) for t in things)  # kept on the instance


def test_prepared_indicators_equal_the_serial_ones(monkeypatch):
    from gvckit.framework.classify import ModelSeries
    from gvckit.framework.indicators import LAZY_PARTS, region_year

    years = [1995, 2003, 2011]
    keys = ("export_orientation", "dva_share_exports", "wwyz_backward", "upstreamness", "bm_gvc_share")
    threaded = ModelSeries("wiod2013")
    monkeypatch.setenv("GVCKIT_THREADS", "2")
    threaded.prepare(years, "CHN", parts=keys[2:])
    monkeypatch.setenv("GVCKIT_THREADS", "1")
    serial = ModelSeries("wiod2013")
    for y in years:
        a, b = region_year(threaded.model(y), "CHN"), region_year(serial.model(y), "CHN")
        assert set(a.parts) == set(b.parts)
        for k in keys:
            for u, v in zip(a.parts[k], b.parts[k], strict=True):
                np.testing.assert_allclose(u, v, rtol=1e-12, atol=1e-9)
        assert a.value("dva_share_exports", ["17t18"]) == pytest.approx(b.value("dva_share_exports", ["17t18"]), rel=1e-12)
        # the prepared parts were computed in the pool, not on this first read
        assert {"wwyz_backward", "upstreamness", "bm_gvc_share"} <= set(a.parts._ready)
        assert set(LAZY_PARTS) <= set(b.parts._later)  # the names prepare() may be given


def test_every_part_prepares_every_indicator_and_reads_stay_the_same(monkeypatch):
    """``"*"`` computes every indicator of a year in the pool (a classification reads them all);
    the cheap ones a time path does not need are left for first use otherwise, with the same
    values either way; NRCA is the region's block of :func:`gvckit.measures.rca.nrca`."""
    from gvckit.framework.classify import ModelSeries
    from gvckit.framework.indicators import EVERY_PART, region_year
    from gvckit.measures.rca import nrca

    monkeypatch.setenv("GVCKIT_THREADS", "2")
    full, path = ModelSeries("wiod2013"), ModelSeries("wiod2013")
    full.prepare([2000, 2011], "CHN", parts=(EVERY_PART,))
    path.prepare([2000, 2011], "CHN", parts=("dva_share_exports",))
    for y in (2000, 2011):
        a, b = region_year(full.model(y), "CHN"), region_year(path.model(y), "CHN")
        assert set(a.parts._ready) == set(a.parts)  # everything computed in the pool
        assert "services_content" not in b.parts._ready and "capital_good_share" not in b.parts._ready
        for k in a.parts:
            for u, v in zip(a.parts[k], b.parts[k], strict=True):
                np.testing.assert_allclose(u, v, rtol=1e-12, atol=1e-9, err_msg=k)
        ref = nrca(full.model(y))["NRCA"].to_numpy()
        blk = full.model(y).block(full.model(y).country_pos("CHN"))
        np.testing.assert_allclose(b.nrca, ref[blk], rtol=1e-12)
        assert b.nrca_of("17t18") == pytest.approx(ref[blk][b.rows(["17t18"])[0]], rel=1e-12)


def test_prepare_names_an_unknown_region(monkeypatch):
    from gvckit.framework.classify import ModelSeries

    monkeypatch.setenv("GVCKIT_THREADS", "2")
    with pytest.raises(UnknownNameError, match="ZZZ"):
        ModelSeries("wiod2013").prepare([1995, 1996], "ZZZ")


def test_prepare_keeps_only_the_factorisations_asked_for(monkeypatch):
    """``factors`` names the years whose LU stays; the others' are dropped once their
    indicators are in (memory), and a later need refactorises to the same numbers."""
    from gvckit.framework.classify import ModelSeries
    from gvckit.framework.indicators import region_year

    monkeypatch.setenv("GVCKIT_THREADS", "2")
    s = ModelSeries("wiod2013")
    s.prepare([1995, 2000, 2011], "CHN", parts={1995: ("upstreamness",), 2000: ("wwyz_backward",)},
              factors=[2011])
    kept = {y: "lu" in s.model(y).__dict__ for y in (1995, 2000, 2011)}
    assert kept == {1995: False, 2000: False, 2011: True}
    ready = {y: set(region_year(s.model(y), "CHN").parts._ready) for y in (1995, 2000, 2011)}
    assert "upstreamness" in ready[1995] and "wwyz_backward" not in ready[1995]
    assert "wwyz_backward" in ready[2000] and "upstreamness" not in ready[2000]
    # what is asked for again is computed afresh, the same as from a fresh model
    m = s.model(1995)
    fresh = ModelSeries("wiod2013").model(1995)
    x = np.linspace(1.0, 2.0, m.n)
    np.testing.assert_allclose(m.solve(x), fresh.solve(x), rtol=1e-13)


def test_the_report_factorises_each_year_once(monkeypatch):
    """The report drops the LU of years it needs only for the time paths; nothing it does
    later factorises one of them again."""
    from gvckit.leontief import Model
    from gvckit.report_job import analyse

    prop = Model.__dict__["lu"]
    real = prop.func
    factorised = []
    monkeypatch.setattr(prop, "func", lambda m: factorised.append(m.table.year) or real(m))
    monkeypatch.setenv("GVCKIT_CACHE", "off")
    a = analyse("wiod2013", years=range(2003, 2012))
    assert sorted(factorised) == sorted(set(factorised))  # no year twice
    assert set(a.years) <= set(factorised)
