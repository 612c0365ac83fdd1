"""Stream a big decomposition to disk, a few exporters at a time.

A bilateral-sector decomposition for every exporter has GN x G rows of a dozen or more terms
(WWZ: 16): 2.3 million rows at the OECD ICIO size, far more in a sector-by-sector-by-partner form.
:func:`stream_decomposition` computes it ``chunk_exporters`` exporters at a time with the shared
model (one LU factorisation for all chunks) and writes each chunk atomically as one file of a
Parquet dataset, so memory holds one chunk's rows and a crash or interruption leaves complete
chunks that a rerun keeps.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model
from gvckit.scale import store
from gvckit.scale.cache import table_hash
from gvckit.table import ICIO

__all__ = ["stream_decomposition", "STREAM_META"]

STREAM_META = "_stream.json"


def _default_decompose() -> Callable[..., pd.DataFrame]:
    try:
        from gvckit.measures.decompose import decompose
    except ImportError as exc:  # pragma: no cover - decompose is part of the package
        raise InputError(f"gvckit.measures.decompose is not available: {exc}") from exc
    return decompose


def stream_decomposition(
    model: Model | ICIO,
    method: str,
    out_path: str | os.PathLike,
    chunk_exporters: int = 4,
    *,
    level: str = "bilateral_sector",
    exporters: Sequence[str] | None = None,
    decompose: Callable[..., pd.DataFrame] | None = None,
    **kwargs,
) -> Path:
    """Compute ``decompose(model, method, level, exporter=chunk)`` for every chunk of
    ``chunk_exporters`` exporters and write each chunk's rows as one file of a Parquet dataset.

    Parameters
    ----------
    model : Model or ICIO
        A table is wrapped in a :class:`gvckit.Model`; every chunk reuses its LU factors.
    method : str
        Decomposition method (``"wwz"``, ``"kww"``, ``"bm"``, ...).
    out_path : path
        Folder of the dataset: ``part-00000.parquet``, ``part-00001.parquet``, ... and
        ``_stream.json`` (table hash, method, level, chunks, status).
    chunk_exporters : int
        Exporters per call and per file; memory holds one chunk's rows (about
        ``chunk_exporters N G`` rows at the bilateral-sector level) on top of the model. Larger
        chunks amortise work a method repeats on every call.
    level : str
        Level passed to ``decompose`` (default ``"bilateral_sector"``).
    exporters : sequence of str, optional
        Default: every country of the table.
    decompose : callable, optional
        ``decompose(model, method=, level=, exporter=, **kwargs) -> DataFrame``, ``exporter`` a
        code or a list of codes to keep; default
        :func:`gvckit.measures.decompose.decompose`.
    **kwargs
        Passed to ``decompose`` (``perspective=``, ``approach=``, ...).

    Returns
    -------
    Path
        ``out_path``; read it with ``pandas.read_parquet(out_path)``.

    Notes
    -----
    Resumable: a rerun with the same table (content hash), method, level, options and chunking
    keeps the chunk files already written and computes the rest; if any of those differ, the old
    chunk files are removed first. Each chunk file is written atomically (temporary file, then
    :func:`os.replace`).

    Examples
    --------
    >>> import tempfile, pandas as pd, gvckit
    >>> from gvckit.panel import va_exports
    >>> t = gvckit.ICIO([[10, 2], [3, 10]], [[20, 5], [4, 30]], countries=["A", "B"], sectors=["s"])
    >>> def dva(model, method, level, exporter):   # any decompose-like callable
    ...     df = va_exports(model)
    ...     return df[df.index.get_level_values("exporter").isin([exporter])]
    >>> path = stream_decomposition(t, "dva", tempfile.mkdtemp(), chunk_exporters=1, decompose=dva)
    >>> len(pd.read_parquet(path))
    2
    """
    if chunk_exporters < 1:
        raise InputError(f"chunk_exporters must be >= 1, not {chunk_exporters}")
    model = model if isinstance(model, Model) else Model(model)
    func = decompose or _default_decompose()
    countries = list(model.table.countries)
    exporters = list(exporters) if exporters is not None else countries
    unknown = [c for c in exporters if c not in countries]
    if unknown:
        raise InputError(f"unknown exporters {unknown}; the table has {countries}")
    chunks = [exporters[i : i + chunk_exporters] for i in range(0, len(exporters), chunk_exporters)]
    out = Path(out_path)
    out.mkdir(parents=True, exist_ok=True)
    spec = {
        "table_hash": getattr(model, "cache_key", None) or table_hash(model.table),
        "method": method, "level": level, "options": {k: repr(v) for k, v in sorted(kwargs.items())},
        "chunks": chunks, "va": model.va_kind,
    }
    old = store.read_json(out / STREAM_META)
    if old is None or old.get("spec") != json.loads(json.dumps(spec)):
        for f in out.glob("part-*.parquet"):
            f.unlink()
    store.write_json(out / STREAM_META, {"spec": spec, "status": "running"})
    rows = 0
    attrs: dict = {}
    for i, chunk in enumerate(chunks):
        target = out / f"part-{i:05d}.parquet"
        if target.is_file():
            continue
        # a list of exporters selects those exporters (it is not a group: groups= does that)
        frame = func(model, method=method, level=level,
                     exporter=chunk[0] if len(chunk) == 1 else list(chunk), **kwargs)
        attrs = attrs or dict(frame.attrs)
        rows += len(frame)
        store.write_partition(frame, out, target.name)
        del frame
    store.write_json(out / STREAM_META, {"spec": spec, "status": "ok", "files": len(chunks),
                                         "attrs": {k: str(v) for k, v in attrs.items()}})
    return out
