"""The results store of a panel run: one Parquet partition and one metadata file per (measure, year).

Layout (Hive partitioning, readable by ``pandas.read_parquet(out / "measure=<m>")`` or
``pyarrow.dataset``)::

    out/measure=<m>/year=<y>/part.parquet
    out/measure=<m>/year=<y>/_meta.json

Every file is written atomically: to a hidden temporary file in the same folder, flushed, then
renamed over the target with :func:`os.replace`, so a reader (or a rerun) sees the complete old
file, the complete new file, or nothing, never half a file. Files starting with ``.`` or ``_`` are
ignored by pyarrow's dataset discovery, so temporaries and metadata never pollute the data.

A partition is *complete* when its metadata says ``status == "ok"``, its table hash and parameters
match the current request, and every data file it lists exists with the recorded size and SHA-256.
A streamed measure (see :func:`gvckit.scale.streaming.stream_decomposition`) writes several files
``part-00000.parquet``, ... instead of one ``part.parquet``.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pandas as pd

__all__ = [
    "atomic_write",
    "partition_dir",
    "write_partition",
    "read_meta",
    "write_meta",
    "write_json",
    "read_json",
    "is_complete",
    "file_sha256",
    "describe_files",
    "data_files",
]

DATA_FILE = "part.parquet"
META_FILE = "_meta.json"


def partition_dir(out: str | os.PathLike, measure: str, year: int | str) -> Path:
    """``out/measure=<measure>/year=<year>``."""
    return Path(out) / f"measure={measure}" / f"year={year}"


def atomic_write(path: str | os.PathLike, writer: Callable[[IO[bytes]], Any]) -> Path:
    """Write ``path`` atomically: ``writer(fh)`` fills a temporary file that then replaces ``path``.

    If ``writer`` raises, the temporary file is removed and ``path`` is left as it was.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = atomic_write(p, lambda fh: fh.write(b"hello"))
    >>> p.read_bytes()
    b'hello'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp"
    try:
        with open(tmp, "wb") as fh:
            writer(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def file_sha256(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_partition(frame: pd.DataFrame, directory: str | os.PathLike, name: str = DATA_FILE) -> Path:
    """Write a result frame (index turned into columns) atomically as ``directory/name``.

    ``frame.attrs`` travel in the Parquet schema metadata (pandas does this) and in ``_meta.json``.
    """
    flat = frame.reset_index() if _has_named_index(frame) else frame.reset_index(drop=True)
    flat.columns = [str(c) for c in flat.columns]
    return atomic_write(Path(directory) / name, lambda fh: flat.to_parquet(fh, engine="pyarrow", index=False))


def _has_named_index(frame: pd.DataFrame) -> bool:
    return any(n is not None for n in frame.index.names)


def write_json(path: str | os.PathLike, obj: dict) -> Path:
    """Write a JSON file atomically."""
    text = json.dumps(obj, indent=1, sort_keys=True, default=_json_default).encode("utf-8")
    return atomic_write(path, lambda fh: fh.write(text))


def read_json(path: str | os.PathLike) -> dict | None:
    """A JSON file's content, or None if absent or unreadable."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_meta(directory: str | os.PathLike, meta: dict) -> Path:
    """Write ``_meta.json`` atomically (after the data file, so ``ok`` metadata implies data)."""
    return write_json(Path(directory) / META_FILE, meta)


def _json_default(obj):
    if hasattr(obj, "item"):
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    return str(obj)


def read_meta(directory: str | os.PathLike) -> dict | None:
    """The partition's metadata, or None if absent or unreadable."""
    return read_json(Path(directory) / META_FILE)


def is_complete(directory: str | os.PathLike, *, table_hash: str, params: dict) -> bool:
    """True if the partition holds a valid result for this table content and these parameters."""
    meta = read_meta(directory)
    if not meta or meta.get("status") != "ok":
        return False
    if meta.get("table_hash") != table_hash or meta.get("params") != json.loads(json.dumps(params)):
        return False
    files = meta.get("files")
    if not files:
        return False
    for f in files:
        data = Path(directory) / f["name"]
        if not data.is_file() or data.stat().st_size != f["bytes"] or file_sha256(data) != f["sha256"]:
            return False
    return True


def describe_files(paths) -> list[dict]:
    """``[{"name", "bytes", "sha256"}]`` of data files, for the metadata."""
    return [{"name": Path(p).name, "bytes": Path(p).stat().st_size, "sha256": file_sha256(p)} for p in paths]


def data_files(directory: str | os.PathLike) -> list[Path]:
    """The data files a partition's metadata lists (empty if it is not ``ok``)."""
    meta = read_meta(directory)
    if not meta or meta.get("status") != "ok":
        return []
    return [Path(directory) / f["name"] for f in meta.get("files", [])]
