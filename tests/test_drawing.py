"""A report's figures drawn in two processes (gvckit.outputs.drawing): the same page, byte for
byte, as drawn in one; errors raised as in one; a dead or unborn child costs time, not the
figures; the result cache gets the child's drawings. The same for the early drawing process
(``drawing_process``), which the report forks before it reads its tables.

The cases that need the fork run in a fresh Python process (:func:`fresh`): gvckit forks only
from a process with no other thread, and a test process may hold threads other tests left
behind (a Dask cluster's, a web server's), which would rightly make it draw in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gvckit.outputs import drawing

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"
PARENT = os.getpid()  # in a fresh process: that process


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


def square_warning(x: int, lang: str) -> tuple[int, str, int]:
    """A drawing that warns as matplotlib does for a glyph missing from every font."""
    import warnings

    warnings.warn(f"Glyph {x} missing from font(s) DejaVu Sans.", UserWarning, stacklevel=1)
    return square(x, lang)


def warned(run) -> list[str]:
    """The messages of the warnings a caller's ``catch_warnings`` sees while ``run()`` runs."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
    return sorted(str(w.message) for w in caught if w.category is UserWarning)


SIGNED: dict = {}
_REAL_RUN = drawing._run


def signed_run(i: int):
    """drawing._run that leaves the pid of the process running it in ``SIGNED["file"]``."""
    SIGNED["file"].write_text(str(os.getpid()))
    return _REAL_RUN(i)


needs_fork = pytest.mark.skipif(sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods(),
                                reason="no fork start method (or macOS): figures are drawn in one process")


def fresh(case: str, timeout: float = 300) -> None:
    """Run ``case_<case>()`` of this module in a new Python process (no thread but its main
    one), with the result cache off and two drawing processes allowed; its failure is this
    test's failure."""
    env = dict(os.environ, GVCKIT_CACHE="off", GVCKIT_THREADS="2",
               PYTHONPATH=os.pathsep.join([str(SRC), str(TESTS), os.environ.get("PYTHONPATH", "")]))
    code = f"import test_drawing as t; t.case_{case}()"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]


# --------------------------------------------------------------------------- in a fresh process
def case_shared() -> None:
    assert threading.active_count() == 1 and drawing.can_fork(6)
    out = drawing.draw_figures(square, list(range(6)), "zh")
    assert [o[:2] for o in out] == [(x * x, "zh") for x in range(6)]
    pids = {o[2] for o in out}
    assert PARENT in pids and len(pids) == 2  # both processes drew


def case_error() -> None:
    try:
        drawing.draw_figures(square_or_fail, list(range(8)), "en")
    except ValueError as exc:
        assert "figure 5 cannot be drawn" in str(exc)
    else:
        raise AssertionError("no error")


def case_dead_child() -> None:
    out = drawing.draw_figures(square_or_die, list(range(5)), "en")
    assert [o[:2] for o in out] == [(x * x, "en") for x in range(5)]
    assert {o[2] for o in out} == {PARENT}


def case_cache() -> None:
    from gvckit import resultcache

    with tempfile.TemporaryDirectory() as d:
        os.environ["GVCKIT_CACHE_DIR"] = d
        os.environ["GVCKIT_CACHE"] = "on"
        first = drawing.draw_figures(square, list(range(4)), "en")
        assert len({o[2] for o in first}) == 2  # the child drew some
        assert all(resultcache.is_cached(square, x, "en") for x in range(4))
        assert not resultcache.is_cached(square, 9, "en")
        # served from the cache now: the same values, the child's pid included
        assert drawing.draw_figures(square, list(range(4)), "en") == first


def case_warnings() -> None:
    """Warnings given in the child (or the early process and its helper) reach the caller's
    ``catch_warnings`` here, each once, and ``error`` filters make them errors here."""
    import warnings

    expected = sorted(f"Glyph {x} missing from font(s) DejaVu Sans." for x in range(6))
    out: list = []
    assert warned(lambda: out.extend(drawing.draw_figures(square_warning, list(range(6)), "en"))) == expected
    assert len({o[2] for o in out}) == 2  # the child drew some of them
    with drawing.drawing_process(lambda: None):
        out.clear()
        assert warned(lambda: out.extend(drawing.draw_figures(square_warning, list(range(6)), "en"))) == expected
        assert PARENT not in {o[2] for o in out}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                drawing.draw_figures(square_warning, [1, 2], "en")
            except UserWarning as exc:
                assert "missing from font" in str(exc)
            else:
                raise AssertionError("an error filter did not apply to a warning from the other process")


def case_report() -> None:
    """The real Chinese report (figures of all five kinds), rendered both ways."""
    from gvckit.outputs.report import render_report
    from gvckit.report_job import analyse, build_report

    data = build_report(analyse("wiod2013", "CHN", [1995, 2003, 2004, 2005, 2011]), "zh")
    assert len(data.figures()) >= 5
    with tempfile.TemporaryDirectory() as d:
        seen = SIGNED["file"] = Path(d) / "child"
        drawing._run = signed_run  # set before the fork: the child runs it and signs
        two = render_report(data, "zh")
        assert seen.is_file() and int(seen.read_text()) != PARENT  # a child did draw
        seen.unlink()
        os.environ["GVCKIT_THREADS"] = "1"
        one = render_report(data, "zh")
        assert not seen.exists()
    assert two == one


def case_service() -> None:
    """An early drawing process draws everything (with a helper of its own) and ends with
    the block."""
    with drawing.drawing_process(lambda: None) as started:
        assert started
        proc = drawing._SERVICE[0].proc
        out = drawing.draw_figures(square, list(range(6)), "zh")
        calls: list[int] = []
        again = drawing.draw_figures(square, [7, 8], "en",  # it serves more than one page
                                     meanwhile=lambda: calls.append(os.getpid()))
        assert calls == [PARENT]
    assert [o[:2] for o in out] == [(x * x, "zh") for x in range(6)]
    assert [o[:2] for o in again] == [(49, "en"), (64, "en")]
    pids = {o[2] for o in out}
    assert PARENT not in pids and len(pids) == 2
    assert not proc.is_alive() and proc.exitcode == 0 and not drawing._SERVICE


SHARED: list[int] = []


def shared_seen(x: int, lang: str) -> tuple[list[int], int]:
    return list(SHARED), os.getpid()


def case_service_shared() -> None:
    """``shared`` runs here once, before the fork: the drawing process and its helper have
    what it did (a module imported, here a list filled) without doing it again."""
    with drawing.drawing_process(lambda: None, lambda: SHARED.append(os.getpid())) as started:
        assert started and SHARED == [PARENT]
        out = drawing.draw_figures(shared_seen, list(range(4)), "en")
    assert [o[0] for o in out] == [[PARENT]] * 4
    assert PARENT not in {o[1] for o in out}


def case_service_error() -> None:
    with drawing.drawing_process(lambda: None):
        try:
            drawing.draw_figures(square_or_fail, list(range(8)), "en")
        except ValueError as exc:  # the figure is drawn again here: its own error, its own type
            assert "figure 5 cannot be drawn" in str(exc)
        else:
            raise AssertionError("no error")


def case_service_dead() -> None:
    with drawing.drawing_process(lambda: os._exit(3)):
        dead = drawing._SERVICE[0]
        out = drawing.draw_figures(square, list(range(5)), "en")
        assert not dead.alive
        calls: list[int] = []
        again = drawing.draw_figures(square, [6, 7], "en", meanwhile=lambda: calls.append(1))
        assert calls == [1]  # the page's other work still runs, once
    assert [o[:2] for o in out] == [(x * x, "en") for x in range(5)]
    assert [o[:2] for o in again] == [(36, "en"), (49, "en")]
    # drawn here, shared with a child forked now as without the early process
    assert dead.proc.pid not in {o[2] for o in out + again} and PARENT in {o[2] for o in out}


def case_service_report() -> None:
    """gvckit.report with its early drawing process: this process never loads matplotlib,
    and the page is the one drawn here in one process."""
    from gvckit.report_job import report

    years = [1995, 2003, 2004, 2005, 2011]
    with tempfile.TemporaryDirectory() as d:
        early = report("wiod2013", years=years, lang="zh", out=Path(d) / "a.html").read_text("utf-8")
        assert "matplotlib" not in sys.modules
        os.environ["GVCKIT_THREADS"] = "1"
        here = report("wiod2013", years=years, lang="zh", out=Path(d) / "b.html").read_text("utf-8")
        assert "matplotlib" in sys.modules
    same_up_to_float_noise(early, here)


def same_up_to_float_noise(a: str, b: str) -> None:
    """``a`` and ``b`` the same page but for the last bits of the layout's floats.

    A figure drawn in a process with another history can differ there (numpy's sums depend on
    the alignment of their arrays): a coordinate by 1e-6 px, and a clip path's id, a hash of
    its unrounded rectangle. Ids are compared by order of appearance, numbers within 1e-4.
    """
    def parts(page: str) -> list[str]:
        seen: dict[str, str] = {}
        page = re.sub(r"\bf(\d+)-p[0-9a-f]{10}\b", lambda m: seen.setdefault(m.group(0), f"clip{len(seen)}"), page)
        return re.split(r"(-?\d+\.\d+)", page)

    pa, pb = parts(a), parts(b)
    assert len(pa) == len(pb)
    assert pa[0::2] == pb[0::2]  # the text between numbers
    diffs = [abs(float(x) - float(y)) for x, y in zip(pa[1::2], pb[1::2], strict=True)]
    assert max(diffs, default=0.0) < 1e-4


# --------------------------------------------------------------------------- the tests
@needs_fork
def test_an_early_drawing_process_draws_the_figures_and_ends_with_its_block():
    fresh("service")


@needs_fork
def test_what_both_processes_need_is_done_once_before_the_fork():
    fresh("service_shared")


@needs_fork
def test_a_figure_that_fails_there_raises_its_error_here():
    fresh("service_error")


@needs_fork
def test_a_dead_drawing_process_leaves_the_figures_to_this_one():
    fresh("service_dead")


@needs_fork
def test_the_report_with_its_drawing_process_is_the_same_page_and_loads_no_matplotlib_here():
    fresh("service_report")


def test_no_drawing_process_beside_another_thread(no_cache):
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        calls: list[int] = []
        with drawing.drawing_process(lambda: None, lambda: calls.append(1)) as started:
            assert not started and not drawing._SERVICE
            assert calls == []  # nothing is forked, so nothing is done for a fork
            out = drawing.draw_figures(square, list(range(3)), "en")
        assert {o[2] for o in out} == {os.getpid()}
    finally:
        stop.set()
        t.join()


@needs_fork
def test_warnings_given_in_another_process_reach_the_caller():
    fresh("warnings")


@needs_fork
def test_work_is_shared_with_a_child_and_comes_back_in_order():
    fresh("shared")


@needs_fork
def test_an_error_in_the_child_is_raised_here():
    fresh("error")


@needs_fork
def test_a_dead_child_leaves_the_work_to_this_process():
    fresh("dead_child")


@needs_fork
def test_the_child_drawings_go_into_the_result_cache():
    fresh("cache")


@needs_fork
def test_the_report_page_is_the_same_drawn_in_one_process_or_two():
    fresh("report")


@pytest.fixture
def no_cache(monkeypatch):
    monkeypatch.setenv("GVCKIT_CACHE", "off")
    monkeypatch.setenv("GVCKIT_THREADS", "2")


def test_one_thread_or_another_python_thread_means_one_process(no_cache, monkeypatch):
    monkeypatch.setenv("GVCKIT_THREADS", "1")
    assert {o[2] for o in drawing.draw_figures(square, list(range(4)), "en")} == {os.getpid()}
    monkeypatch.setenv("GVCKIT_THREADS", "2")
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        assert not drawing.can_fork(4)
        assert {o[2] for o in drawing.draw_figures(square, list(range(4)), "en")} == {os.getpid()}
    finally:
        stop.set()
        t.join()
    assert not drawing.can_fork(1)  # nothing to share


def test_a_child_that_cannot_start_leaves_the_work_to_this_process(no_cache, monkeypatch):
    """fork refused (ENOMEM, EAGAIN): the figures are drawn here, nothing is lost."""
    def refuse():
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", refuse)
    monkeypatch.setattr(drawing, "can_fork", lambda tasks: True)
    out = drawing.draw_figures(square, list(range(4)), "en")
    assert [o[:2] for o in out] == [(x * x, "en") for x in range(4)]
    assert {o[2] for o in out} == {os.getpid()}


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


def _most_even(weights: list[float]) -> float:
    """The heavier side of the most even split, by trying every assignment (itertools)."""
    import itertools

    total = sum(weights)
    best = total
    for sides in itertools.product((0, 1), repeat=len(weights)):
        one = sum(w for w, s in zip(weights, sides, strict=True) if s)
        best = min(best, max(one, total - one))
    return best


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.5, 3.0), min_size=0, max_size=9))
def test_split_is_the_most_even_and_keeps_the_lighter_side_here(weights):
    mine, child = drawing._split(weights)
    assert sorted(mine + child) == list(range(len(weights)))
    here, there = sum(weights[i] for i in mine), sum(weights[i] for i in child)
    assert max(here, there) <= _most_even(weights) + 1e-9
    assert here <= there + 1e-9
    assert drawing._split(weights) == (mine, child)  # the same split every time


def test_the_report_figures_split_evenly_by_their_measured_costs():
    """The report's eight figures (two typology matrices, two upgrading models, two smile
    curves, participation and position, time paths): sides within one typology matrix."""
    kinds = ["typology_matrix", "upgrading_model", "typology_matrix", "upgrading_model",
             "smile_curve", "smile_curve", "participation_position", "time_paths"]
    w = [drawing._WEIGHT[k] for k in kinds]
    mine, child = drawing._split(w)
    assert abs(sum(w[i] for i in mine) - sum(w[i] for i in child)) <= drawing._WEIGHT["typology_matrix"]
    assert kinds.index("time_paths") in child and kinds.index("participation_position") in mine


def test_a_progress_bar_leaves_no_thread_behind(monkeypatch):
    """tqdm's monitor thread outlived the bar by up to 10 s, so a report run in a terminal
    would have drawn its figures in one process."""
    from gvckit.app import progress as P

    monkeypatch.setattr(P, "wants_progress", lambda quiet=False: True)
    before = threading.active_count()
    assert list(P.progress(range(3), total=3, desc="x")) == [0, 1, 2]
    assert threading.active_count() == before
