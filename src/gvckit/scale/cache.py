"""Reuse a table's factorisation across measures and across runs.

Within one task, every measure of a year receives the same :class:`gvckit.Model`, so ``(I - A)`` is
factorised once and ``B``, when a measure forms it, is formed once. Between runs,
:class:`FactorCache` stores the LU factors (and ``B`` when formed) as ``.npy`` files keyed by the
table's content hash, so a rerun, or another measure run later on the same table, starts from the
stored factors instead of refactorising.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from gvckit.leontief import Model
from gvckit.scale.store import atomic_write
from gvckit.table import ICIO

__all__ = ["table_hash", "FactorCache"]


def table_hash(table: ICIO) -> str:
    """SHA-256 of a table's content: the bytes of ``Z``, ``Y``, ``x``, the row and final-demand
    labels, and the value-added / import blocks that change the model.

    Two tables with the same hash give the same ``A``, ``B`` and measures; metadata that does not
    change a number (source name, notes) is left out.

    >>> import gvckit
    >>> t = gvckit.ICIO([[150, 500], [200, 100]], [[350], [1700]], countries=["A"], sectors=["s1", "s2"])
    >>> table_hash(t) == table_hash(t.copy())
    True
    """
    h = hashlib.sha256()
    Z, Y, x = table.arrays()
    for arr in (Z, Y, x):
        a = np.ascontiguousarray(arr, dtype=np.float64)
        h.update(str(a.shape).encode())
        h.update(a.tobytes())
    labels = [list(map(str, table.index)), list(map(str, table.fd_columns))]
    h.update(json.dumps(labels).encode("utf-8"))
    for name in ("va_rows", "exports", "imports_Z", "imports_Y", "imports_competitive"):
        obj = getattr(table, name)
        h.update(name.encode())
        if obj is not None:
            h.update(np.ascontiguousarray(np.asarray(obj, dtype=np.float64)).tobytes())
    return h.hexdigest()


class FactorCache:
    """A folder of LU factors (and Leontief inverses) keyed by table content hash.

    Parameters
    ----------
    directory : path
        Created if missing. One sub-folder per table hash holding ``lu.npy``, ``piv.npy`` and,
        once stored, ``B.npy``.

    Notes
    -----
    The cached factors are those of ``scipy.linalg.lu_factor(I - A)``, so a reloaded model gives
    bit-identical solves. Files are written atomically; a partial cache entry is never read.

    Examples
    --------
    >>> import tempfile, gvckit
    >>> t = gvckit.ICIO([[150, 500], [200, 100]], [[350], [1700]], countries=["A"], sectors=["s1", "s2"])
    >>> cache = FactorCache(tempfile.mkdtemp())
    >>> m1 = cache.get_model(t)          # factorises and stores
    >>> m2 = cache.get_model(t)          # loads the stored factors
    >>> bool((m1.solve([1.0, 0.0]) == m2.solve([1.0, 0.0])).all())
    True
    """

    def __init__(self, directory: str | os.PathLike) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.hits = 0
        self.misses = 0

    def entry(self, key: str) -> Path:
        return self.directory / key

    def has(self, key: str) -> bool:
        e = self.entry(key)
        return (e / "lu.npy").is_file() and (e / "piv.npy").is_file()

    def get_model(self, table: ICIO, va: str = "residual", *, key: str | None = None) -> Model:
        """A :class:`Model` of ``table`` with its LU factors (and ``B`` if stored) preloaded.

        On a miss the factorisation is computed and stored.
        """
        key = key or table_hash(table)
        model = Model(table, va=va)
        e = self.entry(key)
        if self.has(key):
            self.hits += 1
            model.__dict__["lu"] = (np.load(e / "lu.npy"), np.load(e / "piv.npy"))
            if (e / "B.npy").is_file():
                model._B = np.load(e / "B.npy")
        else:
            self.misses += 1
            lu, piv = model.lu
            e.mkdir(parents=True, exist_ok=True)
            # piv first: has() needs both, and lu.npy is written last
            atomic_write(e / "piv.npy", lambda fh: np.save(fh, piv))
            atomic_write(e / "lu.npy", lambda fh: np.save(fh, lu))
        model.cache_key = key
        return model

    def store_B(self, model: Model, key: str | None = None) -> bool:
        """Store the model's Leontief inverse if it has been formed; True if stored."""
        if not model.has_B:
            return False
        key = key or getattr(model, "cache_key", None) or table_hash(model.table)
        path = self.entry(key) / "B.npy"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, lambda fh: np.save(fh, model.B))
        return True

    def __repr__(self) -> str:
        n = sum(1 for p in self.directory.iterdir() if p.is_dir()) if self.directory.is_dir() else 0
        return f"<FactorCache {self.directory}: {n} tables>"
