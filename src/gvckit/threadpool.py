"""Year-parallel work in a thread pool, with BLAS held to one thread per task.

Much of what gvckit does for a series of tables is the same work once per year, independent from
year to year: read the table, factorise ``I - A``, solve for the year's indicators. That work
spends most of its time in code that releases Python's GIL (zlib, numpy's loops, LAPACK), so
threads run it on several cores at once. :func:`map_threads` runs such per-year tasks on a
:class:`concurrent.futures.ThreadPoolExecutor` of :func:`workers` threads and returns their
results in order; an exception in a task is raised in the caller, as in a loop.

Inside the pool the BLAS library is held to one thread per call (``threadpoolctl``): two
Python threads each running OpenBLAS's default of one thread per core would put twice as many
threads as cores on the machine. Measured on this project's 2-core machine (the report's 17
WIOD years): the per-year work took 1.1-1.4 s in two threads against 2.4-3.0 s in one, and
OpenBLAS's default threads made the threaded version slower than the serial one.

``GVCKIT_THREADS`` sets the number of threads (default: the CPUs this process may run on;
``1`` runs every task in the calling thread, as a plain loop). The scale-out path for many
years of big tables is the Dask panel (:mod:`gvckit.scale`), not this pool.

Python's ``warnings.catch_warnings`` changes process-wide state and is not safe in threads;
code that may run in the pool silences warnings with :func:`quiet_warnings` instead, which
holds one lock while it changes the filters.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from gvckit.errors import InputError

__all__ = ["workers", "map_threads", "quiet_warnings"]

T = TypeVar("T")
R = TypeVar("R")

_WARNINGS_LOCK = threading.RLock()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def workers(tasks: int | None = None) -> int:
    """Threads for ``tasks`` independent tasks: ``$GVCKIT_THREADS`` or the usable CPUs, at most
    one per task, at least one.

    Raises
    ------
    InputError
        When ``GVCKIT_THREADS`` is set to anything but a positive whole number.
    """
    raw = os.environ.get("GVCKIT_THREADS", "").strip()
    if raw:
        try:
            n = int(raw)
        except ValueError:
            n = 0
        if n < 1:
            raise InputError(f"GVCKIT_THREADS={raw!r}: give a positive whole number of threads (1 = no threads)")
    else:
        n = _cpus()
    if tasks is not None:
        n = min(n, max(1, int(tasks)))
    return max(1, n)


def map_threads(fn: Callable[[T], R], items: Iterable[T], threads: int | None = None) -> list[R]:
    """``[fn(item) for item in items]``, run on ``threads`` threads (default :func:`workers`).

    The results keep the order of ``items``. With one thread (one item, one CPU or
    ``GVCKIT_THREADS=1``) it is that loop, in the calling thread. Otherwise BLAS runs one thread
    per call while the pool works (``threadpoolctl.threadpool_limits``), and the first exception
    a task raised is raised here once the running tasks have ended; tasks not yet started are
    cancelled.
    """
    items = list(items)
    n = workers(len(items)) if threads is None else max(1, min(int(threads), len(items) or 1))
    if n == 1:
        return [fn(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(n, thread_name_prefix="gvckit") as ex:
        futures = [ex.submit(fn, item) for item in items]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                f.cancel()
            raise


@contextmanager
def quiet_warnings() -> Iterator[None]:
    """Silence every warning inside the block (``catch_warnings`` + ``simplefilter("ignore")``)
    under a process-wide lock, so that two threads never save and restore the filters out of
    order (which could leave "ignore" installed for the whole process)."""
    with _WARNINGS_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
