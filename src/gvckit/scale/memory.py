"""Memory budget of a task: estimate the peak from the table size before computing anything.

A panel task forms a handful of dense GN x GN float64 arrays (the table's ``Z``, ``A``, the LU
factors of ``I - A``, the Leontief inverse ``B`` when a measure needs it, ...). Their number ``k``
is known from the measures asked for, so the peak is about ``k (GN)^2 8`` bytes plus the result
rows. A task whose estimate exceeds the worker's memory limit is refused with
:class:`MemoryLimitError` *before* it allocates, instead of being killed by the operating system
(or taking the machine down) half-way.
"""

from __future__ import annotations

import re

from gvckit.errors import InputError, MemoryLimitError

__all__ = ["MemoryLimitError", "parse_bytes", "format_bytes", "check_memory"]

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


def check_memory(estimate: int, limit: int | None, *, what: str, n: int, measures: list[str]) -> None:
    """Raise :class:`MemoryLimitError` if ``estimate`` bytes exceed ``limit`` (None: no limit).

    The message names the table size, the estimate and the limit, and what to change.
    """
    if limit is None or estimate <= limit:
        return
    raise MemoryLimitError(
        f"{what}: a table of {n:,} country-sectors needs about {format_bytes(estimate)} for the "
        f"measures {', '.join(measures)}, over the worker memory limit of {format_bytes(limit)}. "
        "Raise the limit per worker (gvckit panel --memory-limit, run_panel(memory_limit=...); "
        "fewer workers leave each one more memory) or run fewer measures per task."
    )
