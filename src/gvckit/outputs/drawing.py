"""Drawing a report's figures: those not in the result cache, in other processes where that is safe.

A report's eight figures take about 1.7 s to draw on this project's 2-core machine, one after
another in matplotlib, which holds Python's GIL while it lays out and measures text, so threads
would not share the work. Two ways put the second core to work:

- :func:`drawing_process` (what ``gvckit.report``, ``gvckit.demo`` and ``gvckit report`` use):
  a process forked *before* the report reads its tables (and after it has imported pandas,
  which both need). It imports matplotlib and the figure module (about half a second) while
  this process factorises its tables, and then draws every figure it is sent, splitting them
  with one more forked process, the two sides as even as the figures' measured costs allow. The
  process that writes the page never loads matplotlib. The figures' data go to it pickled
  (a few kB) and their SVG text comes back.
- otherwise :func:`draw_figures` splits the figures the cache lacks between this process and
  one child forked at that moment (:class:`concurrent.futures.ProcessPoolExecutor`, ``fork``
  start method), which has the figure specifications and every imported module already.

Measured here, a report's figures took 1.0-1.2 s in two processes against 1.6-1.8 s in one, and
the first report, with the early drawing process, 0.2-0.4 s less again (medians of alternated
runs; docs/scale.md). A page drawn by forked children at render time is byte for byte the one
drawn in one process (tested). One drawn by the early process is the same up to the last bits of
the layout's floats (a coordinate may differ by 1e-6 px, and a clip path's id, a hash of its
unrounded rectangle: numpy's sums depend on how their arrays are aligned in memory, which
differs in a process with another history); each way is reproducible run after run (tested).

It forks only where that is known to be safe and useful, and otherwise draws everything here,
exactly as before:

- the ``fork`` start method exists and this is not macOS (where forking a process that has used
  system frameworks may crash the child);
- this process runs no other Python thread (forking copies a lock another thread holds, held
  for ever in the child; the web application and a notebook's kernel run several);
- two CPUs may be used (:func:`gvckit.threadpool.workers`: ``GVCKIT_THREADS=1`` turns it off);
- there are at least two figures to draw.

A warning a figure gives in another process (a glyph missing from every font, say) is given
again here, with its category, message and place, under this process's warning filters: a
caller's ``warnings.catch_warnings`` sees it, and ``-W error`` makes it an error, as when the
figure is drawn here. An error in a figure is raised here as when it is drawn here (a figure
that fails in another process is drawn again here, where it raises its own error); a child
that cannot be started
(``fork`` refused for want of memory) or dies (killed, out of memory) makes this process draw its
figures itself.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

__all__ = ["draw_figures", "can_fork", "drawing_process"]

# how long each kind of figure takes to draw, relative to a typology matrix (CPU time, best of
# four, WIOD 2013 report, en and zh alike within 15%: typology matrix 0.10-0.13 s, smile curve
# 0.11-0.17, upgrading model 0.12-0.16, participation and position 0.16-0.19, time paths
# 0.26), for splitting a page's figures evenly between two processes (:func:`_split`)
_WEIGHT = {"typology_matrix": 1.0, "smile_curve": 1.3, "upgrading_model": 1.3,
           "participation_position": 1.6, "time_paths": 2.3}

# the work a forked child does, set in this process just before the fork (the child has a copy)
_WORK: list[tuple[Callable[..., Any], tuple]] = []


def can_fork(tasks: int) -> bool:
    """Whether :func:`draw_figures` would share ``tasks`` drawings with a forked child."""
    import multiprocessing

    from gvckit.threadpool import workers

    return (
        tasks >= 2
        and sys.platform != "darwin"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and workers(tasks) >= 2
    )


#: A warning given in another process: message, category, file name, line number.
Note = tuple[str, type, str, int]

# warnings given here again, as the "default" action counts them: once per message and place
_GIVEN: dict = {}


def _recorded(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, list[Note]]:
    """``fn(*args, **kwargs)`` and the warnings it gave (those this process's filters let
    through)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        value = fn(*args, **kwargs)
    return value, [(str(w.message), w.category, w.filename, w.lineno) for w in caught]


def _give(notes: Sequence[Note]) -> None:
    """Give here again the warnings given in another process."""
    import warnings

    for message, category, filename, lineno in notes:
        warnings.warn_explicit(message, category, filename, lineno, registry=_GIVEN)


def _run(i: int) -> tuple[Any, list[Note]]:
    """In the child: the ``i``-th piece of work set before the fork, and the warnings it gave."""
    fn, args = _WORK[i]
    return _recorded(fn, *args)


def _split(weights: Sequence[float]) -> tuple[list[int], list[int]]:
    """Indices for this process and for the child: the split of ``weights`` into two sides
    whose heavier side is lightest (every split tried, up to 16 items; beyond, the heaviest
    first, each to the lighter side). Of equally good splits, this process gets the lighter
    side (it goes on to write the page) and then the one that keeps the earlier items here.
    Deterministic: the same weights give the same split, so that a figure is always drawn by
    the same process in the same order, and the page is the same run after run."""
    import numpy as np

    n = len(weights)
    w = np.asarray(weights, dtype=float)
    if n == 0:
        return [], []
    if n <= 16:
        child = (np.arange(2 ** n)[:, None] >> np.arange(n)[None, :]) & 1  # row k: subset k
        theirs = child @ w
        heavier = np.maximum(theirs, w.sum() - theirs)
        best = np.flatnonzero(heavier <= heavier.min() + 1e-12)
        # lighter side here; then the lowest subset number (the child takes the later items)
        k = int(best[np.lexsort((best, -theirs[best]))][0])
        side = child[k]
        return [i for i in range(n) if not side[i]], [i for i in range(n) if side[i]]
    mine: list[int] = []
    other: list[int] = []
    load = [0.0, 0.0]  # child, mine
    for i in sorted(range(n), key=lambda k: -weights[k]):
        j = 0 if load[0] <= load[1] else 1
        (other if j == 0 else mine).append(i)
        load[j] += weights[i]
    return sorted(mine), sorted(other)


class _Service:
    """This process's end of an early drawing process (:func:`drawing_process`)."""

    def __init__(self, conn: Any, proc: Any) -> None:
        self.conn, self.proc = conn, proc
        self.alive = True

    def draw(self, draw: Callable[[Any, str], Any], specs: list[Any], lang: str,
             meanwhile: Callable[[], object] | None) -> tuple[list[Any] | None, bool]:
        """The drawings of ``specs`` made there, or None when there is no answer to use (the
        caller then draws them here, which raises a figure's error as drawing it here always
        did); and whether ``meanwhile`` ran (here, while the other process drew)."""
        if not self.alive:
            return None, False
        try:
            self.conn.send((draw, specs, lang))
        except Exception:  # noqa: BLE001 - unpicklable data, a dead process: draw here
            self.close()
            return None, False
        if meanwhile is not None:
            meanwhile()
        try:
            status, value, notes = self.conn.recv()
        except (EOFError, OSError):
            self.close()
            return None, True
        if status != "ok":  # drawn again here: its warnings too
            return None, True
        _give(notes)
        return value, True

    def close(self) -> None:
        if not self.alive:
            return
        self.alive = False
        try:
            self.conn.send(None)
        except Exception:  # noqa: BLE001 - already gone
            pass
        self.conn.close()
        # every answer is in: a process still loading its tools (nothing was left to draw, the
        # figures came from the cache) is not waited for
        self.proc.join(timeout=0.2)
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join()


#: The drawing process of the running :func:`drawing_process` block, if any.
_SERVICE: list[_Service] = []


def _serve(conn: Any, other_end: Any, prepare: Callable[[], object]) -> None:
    """In the early drawing process: load what drawing needs, then draw what is sent until
    told to stop (``None``) or this process's parent is gone."""
    other_end.close()
    try:
        prepare()
    except Exception:  # noqa: BLE001 - a failed import shows when a figure is drawn
        pass
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            break
        if msg is None:
            break
        draw, specs, lang = msg
        try:  # warnings, this process's own and those its helper gives here again, go back
            reply: tuple[str, Any, list[Note]] = (
                "ok", *_recorded(draw_figures, draw, specs, lang, None, use_cache=False))
        except BaseException as exc:  # noqa: BLE001 - the parent draws again and raises it there
            reply = ("error", repr(exc), [])
        try:
            conn.send(reply)
        except Exception:  # noqa: BLE001
            break
    conn.close()


@contextmanager
def drawing_process(prepare: Callable[[], object],
                    shared: Callable[[], object] | None = None) -> Iterator[bool]:
    """Within the block, :func:`draw_figures` sends its figures to a process forked now.

    That process runs ``prepare`` at once (the report imports matplotlib and the figure module
    there, about half a second, while this process reads its tables on the other core) and
    then draws every figure it is sent, itself splitting them with one more forked process as
    :func:`draw_figures` does. ``shared``, if given, runs here first, only when that process
    is to be forked: what both need (the report imports pandas), which the forked process
    then has from this one instead of doing it again. This process then never needs matplotlib for
    a page. Forked early, before the tables are read, it shares little memory with this one.

    Yields whether the process started: not where :func:`can_fork` says forking is unsafe or
    useless, nor inside another such block. Errors behave as without it: a figure that fails
    there is drawn again here, where its error is raised; a process that dies or cannot be
    reached leaves its figures to this one. The process ends with the block.
    """
    if _SERVICE or not can_fork(2):
        yield False
        return
    if shared is not None:
        shared()
    from multiprocessing import get_context

    ctx = get_context("fork")
    here, there = ctx.Pipe()
    _flush()
    proc = ctx.Process(target=_serve, args=(there, here, prepare), name="gvckit-drawing")
    try:
        proc.start()
    except OSError:  # no memory or no processes left: draw here
        here.close()
        there.close()
        yield False
        return
    there.close()
    service = _Service(here, proc)
    _SERVICE.append(service)
    try:
        yield True
    finally:
        _SERVICE.remove(service)
        service.close()


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):  # a child flushes copies of unwritten output
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass


def draw_figures(draw: Callable[[Any, str], Any], specs: Sequence[Any], lang: str,
                 meanwhile: Callable[[], object] | None = None, *, use_cache: bool = True) -> list[Any]:
    """``[cached(draw, spec, lang) for spec in specs]`` (:func:`gvckit.resultcache.cached`),
    the drawings the cache lacks made in the process of a running :func:`drawing_process`
    block, or else shared with a forked child where :func:`can_fork` allows.

    ``draw`` must be a module-level function (the cache keys it by name). The drawings made in
    another process are stored in the cache here (:func:`gvckit.resultcache.keep`), as if drawn
    here. ``meanwhile``: work for this process while another may still be drawing (the report
    loads its font tools); called in every case, exactly once. ``use_cache=False``: draw every
    figure and neither read nor fill the cache.
    """
    from gvckit.resultcache import cached, is_cached, keep

    def here(i: int) -> Any:
        return cached(draw, specs[i], lang) if use_cache else draw(specs[i], lang)

    def store(i: int, value: Any) -> Any:
        return keep(draw, value, specs[i], lang) if use_cache else value

    todo = [i for i, s in enumerate(specs) if not (use_cache and is_cached(draw, s, lang))]
    out: dict[int, Any] = {}
    got = None
    if todo and _SERVICE and _SERVICE[0].alive:
        got, ran = _SERVICE[0].draw(draw, [specs[i] for i in todo], lang, meanwhile)
        if ran:
            meanwhile = None
        if got is not None:
            out = {i: store(i, v) for i, v in zip(todo, got, strict=True)}
    if got is None and can_fork(len(todo)):
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool
        from multiprocessing import get_context

        mine, theirs = _split([_WEIGHT.get(getattr(specs[i], "kind", ""), 1.0) for i in todo])
        _WORK[:] = [(draw, (specs[todo[k]], lang)) for k in theirs]
        _flush()
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
                futures = [pool.submit(_run, j) for j in range(len(theirs))]
                for k in mine:
                    out[todo[k]] = here(todo[k])
                if meanwhile is not None:
                    meanwhile()
                    meanwhile = None
                for k, fut in zip(theirs, futures, strict=True):
                    i = todo[k]
                    try:
                        value, notes = fut.result()
                    except BrokenProcessPool:
                        out[i] = here(i)
                        continue
                    _give(notes)
                    out[i] = store(i, value)
        except (BrokenProcessPool, OSError):  # the child could not start, or died on the way out
            pass
        finally:
            _WORK.clear()
    drawn = [out[i] if i in out else here(i) for i in range(len(specs))]
    if meanwhile is not None:
        meanwhile()
    return drawn
