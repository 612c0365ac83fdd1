"""A report's figures drawn in two processes (gvckit.outputs.drawing): the same page, byte for
byte, as drawn in one; errors raised as in one; a dead child costs time, not the figures; the
result cache gets the child's drawings."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading

import pytest

from gvckit.outputs import drawing

PARENT = os.getpid()


def square(x: int, lang: str) -> tuple[int, str, int]:
    """A stand-in for a figure drawing: the pid that drew it shows who did the work."""
    return x * x, lang, os.getpid()


def square_or_die(x: int, lang: str) -> tuple[int, str, int]:
    if os.getpid() != PARENT:
        os._exit(3)  # the child dies as one killed by the kernel would, with no exception
    return square(x, lang)


def square_or_fail(x: int, lang: str) -> tuple[int, str, int]:
    if x == 5:
        raise ValueError(f"figure {x} cannot be drawn")
    return square(x, lang)


SIGNED: dict = {}
_REAL_RUN = drawing._run


def signed_run(i: int):
    """drawing._run that leaves the pid of the process running it in ``SIGNED["file"]``."""
    SIGNED["file"].write_text(str(os.getpid()))
    return _REAL_RUN(i)


needs_fork = pytest.mark.skipif(sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods(),
                                reason="no fork start method (or macOS): figures are drawn in one process")


@pytest.fixture
def no_cache(monkeypatch):
    monkeypatch.setenv("GVCKIT_CACHE", "off")
    monkeypatch.setenv("GVCKIT_THREADS", "2")


@needs_fork
def test_work_is_shared_with_a_child_and_comes_back_in_order(no_cache):
    out = drawing.draw_figures(square, list(range(6)), "zh")
    assert [o[:2] for o in out] == [(x * x, "zh") for x in range(6)]
    pids = {o[2] for o in out}
    assert PARENT in pids and len(pids) == 2  # both processes drew


def test_one_thread_or_another_python_thread_means_one_process(no_cache, monkeypatch):
    monkeypatch.setenv("GVCKIT_THREADS", "1")
    assert {o[2] for o in drawing.draw_figures(square, list(range(4)), "en")} == {PARENT}
    monkeypatch.setenv("GVCKIT_THREADS", "2")
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        assert not drawing.can_fork(4)
        assert {o[2] for o in drawing.draw_figures(square, list(range(4)), "en")} == {PARENT}
    finally:
        stop.set()
        t.join()
    assert not drawing.can_fork(1)  # nothing to share


@needs_fork
def test_an_error_in_the_child_is_raised_here(no_cache):
    with pytest.raises(ValueError, match="figure 5 cannot be drawn"):
        drawing.draw_figures(square_or_fail, list(range(8)), "en")


@needs_fork
def test_a_dead_child_leaves_the_work_to_this_process(no_cache):
    out = drawing.draw_figures(square_or_die, list(range(5)), "en")
    assert [o[:2] for o in out] == [(x * x, "en") for x in range(5)]
    assert {o[2] for o in out} == {PARENT}


def test_meanwhile_runs_once(no_cache, monkeypatch):
    for threads in ("1", "2"):
        monkeypatch.setenv("GVCKIT_THREADS", threads)
        calls = []
        drawing.draw_figures(square, list(range(4)), "en", meanwhile=lambda c=calls: c.append(1))
        assert calls == [1]


def test_split_gives_the_heavy_figure_a_side_of_its_own():
    mine, child = drawing._split([1.0, 1.0, 2.0, 1.0, 1.0])
    assert sorted(mine + child) == [0, 1, 2, 3, 4]
    assert 2 in child and len(child) == 2 and len(mine) == 3
    assert drawing._split([1.0]) == ([], [0])


@needs_fork
def test_the_child_drawings_go_into_the_result_cache(tmp_path, monkeypatch):
    from gvckit import resultcache

    monkeypatch.setenv("GVCKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GVCKIT_CACHE", raising=False)
    monkeypatch.setenv("GVCKIT_THREADS", "2")
    first = drawing.draw_figures(square, list(range(4)), "en")
    assert all(resultcache.is_cached(square, x, "en") for x in range(4))
    assert not resultcache.is_cached(square, 9, "en")
    # served from the cache now: the same values, the pids of the first run included
    assert drawing.draw_figures(square, list(range(4)), "en") == first
    assert len({o[2] for o in first}) == 2


@needs_fork
def test_the_report_page_is_the_same_drawn_in_one_process_or_two(no_cache, monkeypatch, tmp_path):
    """The real Chinese report (figures of all five kinds), rendered both ways."""
    from gvckit.outputs.report import render_report
    from gvckit.report_job import analyse, build_report

    data = build_report(analyse("wiod2013", "CHN", [1995, 2003, 2004, 2005, 2011]), "zh")
    assert len(data.figures()) >= 5
    seen = tmp_path / "child"
    monkeypatch.setitem(SIGNED, "file", seen)
    monkeypatch.setattr(drawing, "_run", signed_run)
    two = render_report(data, "zh")
    assert seen.is_file() and int(seen.read_text()) != PARENT  # a child did draw
    seen.unlink()
    monkeypatch.setenv("GVCKIT_THREADS", "1")
    one = render_report(data, "zh")
    assert not seen.exists()
    assert two == one


def test_a_progress_bar_leaves_no_thread_behind(monkeypatch):
    """tqdm's monitor thread outlived the bar by up to 10 s, so a report run in a terminal
    would have drawn its figures in one process."""
    from gvckit.app import progress as P

    monkeypatch.setattr(P, "wants_progress", lambda quiet=False: True)
    before = threading.active_count()
    assert list(P.progress(range(3), total=3, desc="x")) == [0, 1, 2]
    assert threading.active_count() == before
