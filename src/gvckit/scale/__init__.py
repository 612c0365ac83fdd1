"""Scale: panels of many years, big tables, caching and memory discipline.

* :mod:`gvckit.scale.cache` -- :class:`FactorCache`, LU factors stored by table content hash;
* :mod:`gvckit.scale.streaming` -- :func:`stream_decomposition`, GN x G x ... outputs to disk in chunks;
* :mod:`gvckit.scale.memory` -- the memory estimate of a task and :class:`MemoryLimitError`;
* :mod:`gvckit.scale.store` -- atomic Parquet partitions and their metadata.

The driver of many-year runs is :func:`gvckit.panel.run_panel`.
"""

from gvckit.scale.cache import FactorCache, table_hash
from gvckit.scale.memory import MemoryLimitError
from gvckit.scale.streaming import stream_decomposition

__all__ = ["FactorCache", "table_hash", "MemoryLimitError", "stream_decomposition"]
