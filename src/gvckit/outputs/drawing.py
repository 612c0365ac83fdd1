"""Drawing a report's figures: those not in the result cache, in two processes where that is safe.

A report's eight figures take about 1.7 s to draw on this project's 2-core machine, one after
another in matplotlib, which holds Python's GIL while it lays out and measures text, so threads
would not share the work. :func:`draw_figures` draws the figures the result cache
(:mod:`gvckit.resultcache`) does not hold, splitting them between this process and one child
process forked from it (:class:`concurrent.futures.ProcessPoolExecutor`, ``fork`` start method):
the child has the figure specifications and every imported module already, so nothing is pickled
but the figures' numbers going in and their SVG text coming back. Measured here, a report's
figures took 1.0-1.2 s in two processes against 1.6-1.8 s in one (0.75-0.8 s once matplotlib
has drawn before), the page unchanged byte for byte (tested).

It forks only where that is known to be safe and useful, and otherwise draws everything here,
exactly as before:

- the ``fork`` start method exists and this is not macOS (where forking a process that has used
  system frameworks may crash the child);
- this process runs no other Python thread (forking copies a lock another thread holds, held
  for ever in the child; the web application and a notebook's kernel run several);
- two CPUs may be used (:func:`gvckit.threadpool.workers`: ``GVCKIT_THREADS=1`` turns it off);
- there are at least two figures to draw.

An error in a figure is raised here as when it is drawn here; a child that cannot be started
(``fork`` refused for want of memory) or dies (killed, out of memory) makes this process draw its
figures itself.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["draw_figures", "can_fork"]

#: relative cost of drawing a figure kind (measured: a time-paths figure takes about twice as long)
_WEIGHT = {"time_paths": 2.0}

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


def _run(i: int) -> Any:
    """In the child: the ``i``-th piece of work set before the fork."""
    fn, args = _WORK[i]
    return fn(*args)


def _split(weights: Sequence[float]) -> tuple[list[int], list[int]]:
    """Indices for this process and for the child: the heaviest first, each to the lighter side
    (the child's side first, so that this process, which goes on to write the page, has less)."""
    mine: list[int] = []
    child: list[int] = []
    load = [0.0, 0.0]  # child, mine
    for i in sorted(range(len(weights)), key=lambda k: -weights[k]):
        side = 0 if load[0] <= load[1] else 1
        (child if side == 0 else mine).append(i)
        load[side] += weights[i]
    return sorted(mine), sorted(child)


def draw_figures(draw: Callable[[Any, str], Any], specs: Sequence[Any], lang: str,
                 meanwhile: Callable[[], object] | None = None) -> list[Any]:
    """``[cached(draw, spec, lang) for spec in specs]`` (:func:`gvckit.resultcache.cached`),
    the drawings the cache lacks shared with a forked child where :func:`can_fork` allows.

    ``draw`` must be a module-level function (the cache keys it by name). The drawings made in
    the child are stored in the cache here (:func:`gvckit.resultcache.keep`), as if drawn here.
    ``meanwhile``: work for this process once its own drawings are done, while the child may
    still be drawing (the report loads its font tools); called in every case, exactly once.
    """
    from gvckit.resultcache import cached, is_cached, keep

    todo = [i for i, s in enumerate(specs) if not is_cached(draw, s, lang)]
    out: dict[int, Any] = {}
    if can_fork(len(todo)):
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool
        from multiprocessing import get_context

        mine, theirs = _split([_WEIGHT.get(getattr(specs[i], "kind", ""), 1.0) for i in todo])
        _WORK[:] = [(draw, (specs[todo[k]], lang)) for k in theirs]
        for stream in (sys.stdout, sys.stderr):  # a child flushes copies of unwritten output
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
                futures = [pool.submit(_run, j) for j in range(len(theirs))]
                for k in mine:
                    i = todo[k]
                    out[i] = cached(draw, specs[i], lang)
                if meanwhile is not None:
                    meanwhile()
                    meanwhile = None
                for k, fut in zip(theirs, futures, strict=True):
                    i = todo[k]
                    try:
                        out[i] = keep(draw, fut.result(), specs[i], lang)
                    except BrokenProcessPool:
                        out[i] = cached(draw, specs[i], lang)
        except (BrokenProcessPool, OSError):  # the child could not start, or died on the way out
            pass
        finally:
            _WORK.clear()
    drawn = [out[i] if i in out else cached(draw, s, lang) for i, s in enumerate(specs)]
    if meanwhile is not None:
        meanwhile()
    return drawn
