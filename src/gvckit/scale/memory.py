"""Memory budget of a task: estimate the peak from the table size before computing anything.

A panel task forms a handful of dense GN x GN float64 arrays (the table's ``Z``, ``A``, the LU
factors of ``I - A``, the Leontief inverse ``B`` when a measure needs it, ...). Their number ``k``
is known from the measures asked for, so the peak is about ``k (GN)^2 8`` bytes plus the result
rows. The worker itself holds memory before any task runs (the Python interpreter with numpy,
scipy, pandas, pyarrow, Dask and gvckit imported: :data:`WORKER_FOOTPRINT`, or the process's
measured resident size), and Dask pauses a worker long before its limit (at the
``distributed.worker.memory.pause`` fraction, 80 % by default), so a task fits only when

    footprint + estimate <= usable fraction x limit.

A task that does not fit is refused with :class:`MemoryLimitError` *before* it allocates (the
panel checks once before it starts any worker), instead of being paused for ever, killed by the
nanny or by the operating system half-way.
"""

from __future__ import annotations

import re

from gvckit.errors import InputError, MemoryLimitError

__all__ = ["MemoryLimitError", "parse_bytes", "format_bytes", "check_memory", "WORKER_FOOTPRINT",
           "process_bytes", "usable_fraction"]

#: resident memory of an idle Dask worker process once numpy, scipy, pandas, pyarrow and gvckit's
#: measures are imported (measured on Linux x86-64, Python 3.11: 67 MiB bare, 202 MiB loaded)
WORKER_FOOTPRINT = 200 * 2**20

_UNITS = {
    "": 1, "b": 1,
    "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
    "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40,
    "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
}

def parse_bytes(value: int | float | str | None) -> int | None:
    """``"4GB"`` -> 4_000_000_000, ``"512MiB"`` -> 536_870_912, ``1e9`` -> 1_000_000_000.

    ``None``, ``0`` and ``"auto"`` mean no limit (``None``).

    >>> parse_bytes("1.5 GiB")
    1610612736
    """
    if value is None or value == 0 or (isinstance(value, str) and value.strip().lower() in {"", "auto", "none"}):
        return None
    if isinstance(value, int | float):
        if value < 0:
            raise InputError(f"a memory limit cannot be negative: {value}")
        return int(value)
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-zA-Z]*)\s*", str(value))
    if not m or m.group(2).lower() not in _UNITS:
        raise InputError(f"cannot read the memory limit {value!r}; write e.g. 4GB, 512MiB or a number of bytes")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def format_bytes(n: float) -> str:
    """Human-readable size in binary units: ``format_bytes(3 * 2**30)`` -> ``'3.0 GiB'``."""
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if abs(n) >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} B"


def process_bytes() -> int:
    """Resident memory of this process now, in bytes (0 when it cannot be measured)."""
    try:
        import psutil

        return int(psutil.Process().memory_info().rss)
    except Exception:  # noqa: BLE001 - psutil missing or the platform refuses: count nothing
        return 0


def usable_fraction() -> float:
    """The fraction of a Dask worker's memory limit a task may use before Dask pauses the worker
    (``distributed.worker.memory.pause``, else ``terminate``, else the whole limit)."""
    try:
        import dask
        import distributed  # noqa: F401 - defines the distributed.* configuration defaults
    except ImportError:  # pragma: no cover - dask is an optional dependency
        return 1.0
    for key in ("pause", "terminate"):
        frac = dask.config.get(f"distributed.worker.memory.{key}", default=False)
        if frac:
            return float(frac)
    return 1.0


def check_memory(estimate: int, limit: int | None, *, what: str, n: int, measures: list[str],
                 footprint: int = 0, fraction: float = 1.0) -> None:
    """Raise :class:`MemoryLimitError` unless ``footprint + estimate <= fraction * limit``.

    ``footprint`` is what the process holds before the task (its own interpreter and
    libraries); ``fraction`` the part of the limit usable before the worker is paused. ``limit``
    None means no limit. The message names the table size, the estimate, the footprint, the limit
    and what to change.
    """
    if limit is None:
        return
    usable = int(fraction * limit)
    if footprint + estimate <= usable:
        return
    own = f" on top of the worker's own {format_bytes(footprint)}" if footprint else ""
    part = f" ({fraction:.0%} of it usable before Dask pauses the worker)" if fraction < 1 else ""
    raise MemoryLimitError(
        f"{what}: a table of {n:,} country-sectors needs about {format_bytes(estimate)} for the "
        f"measures {', '.join(measures)}{own}, over the worker memory limit of "
        f"{format_bytes(limit)}{part}. "
        "Raise the limit per worker (gvckit panel --memory-limit, run_panel(memory_limit=...); "
        "fewer workers leave each one more memory) or run fewer measures per task."
    )
