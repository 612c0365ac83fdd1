"""Progress reporting for every long run (the report, the panel, multi-year commands).

One rule: a tqdm bar on stderr when stderr is a terminal, nothing otherwise (logs, pipes, CI,
notebooks capturing stderr) and nothing with ``quiet``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["progress", "wants_progress"]

T = TypeVar("T")


def wants_progress(quiet: bool = False) -> bool:
    """True when a progress bar should be shown: not ``quiet`` and stderr is a terminal."""
    if quiet:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed or replaced stderr
        return False


def progress(iterable: Iterable[T], *, total: int | None = None, desc: str = "",
             quiet: bool = False) -> Iterator[T]:
    """Iterate ``iterable`` with a progress bar when :func:`wants_progress` says so.

    >>> list(progress(range(3), quiet=True))
    [0, 1, 2]
    """
    if not wants_progress(quiet):
        return iter(iterable)
    return iter(_bar()(iterable, total=total, desc=desc, leave=False))


@functools.cache
def _bar() -> type:
    """tqdm's bar without its monitor thread (``monitor_interval = 0``, for these bars only).

    The monitor, a thread that wakes every 10 s to adjust stalled bars, outlives the bar by up
    to 10 s; a process with a second thread does not fork (:mod:`gvckit.outputs.drawing`), so a
    report run in a terminal would draw its figures in one process instead of two.
    """
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0

    return Bar
