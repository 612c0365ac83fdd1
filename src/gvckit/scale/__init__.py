"""Scale: panels of many years, big tables, caching and memory discipline.

* :mod:`gvckit.scale.cache` -- :class:`FactorCache`, LU factors stored by table content hash;
* :mod:`gvckit.scale.streaming` -- :func:`stream_decomposition`, GN x G x ... outputs to disk in chunks;
* :mod:`gvckit.scale.memory` -- the memory estimate of a task and :class:`MemoryLimitError`;
* :mod:`gvckit.scale.store` -- atomic Parquet partitions and their metadata.

The driver of many-year runs is :func:`gvckit.panel.run_panel`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gvckit.scale.cache import FactorCache, table_hash
    from gvckit.scale.memory import MemoryLimitError
    from gvckit.scale.streaming import stream_decomposition

__all__ = ["FactorCache", "table_hash", "MemoryLimitError", "stream_decomposition"]

#: name -> the submodule defining it. Imported on first use (PEP 562), so that a light submodule
#: (``gvckit.scale.memory``, read by ``gvckit panel --help``) does not pull in scipy and pandas.
_WHERE = {"FactorCache": "cache", "table_hash": "cache", "MemoryLimitError": "memory",
          "stream_decomposition": "streaming"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"gvckit.scale.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'gvckit.scale' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
