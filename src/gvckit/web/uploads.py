"""Files the user uploads: stored under the app's own folder, named by the app, checked once.

The browser never names a path: an upload is stored as ``<folder>/<id>/<clean name>`` where the
id is random hex and the clean name keeps only letters, digits, ``.``, ``-`` and ``_`` of the
file's base name (so ``../../etc/passwd`` becomes ``passwd`` inside the upload's own folder).
Pages refer to uploads by id only, and an id is looked up in this store, never joined to a path
as given. Uploads are deleted when the server stops unless the user keeps them.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gvckit.errors import GvckitError

__all__ = ["Upload", "Uploads", "TooLarge", "clean_name", "UPLOAD_ID"]

UPLOAD_ID = re.compile(r"^[0-9a-f]{16}$")
_META = "upload.json"


class TooLarge(GvckitError):
    """An upload over the size limit (``gvckit serve --max-upload-mb``)."""


def clean_name(name: str | None) -> str:
    """A safe file name from what the browser sent: base name only, ``[A-Za-z0-9._-]``, no
    leading dots, at most 120 characters.

    >>> clean_name("../../etc/passwd"), clean_name("C:\\\\x\\\\表 2011.csv"), clean_name("..")
    ('passwd', '_2011.csv', 'upload')
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".")
    base = re.sub(r"_+", "_", base)[-120:]
    return base if base.strip("._-") else "upload"


@dataclass
class Upload:
    """One stored upload: a table (``kind="table"``) or an upgrading-evidence CSV."""

    id: str
    name: str
    kind: str
    size: int
    path: str
    year: int | None = None
    #: OECD ICIO processing-trade splits (CN1/CN2, MX1/MX2) added into their country when read
    meld: bool = False
    fingerprint: str = ""
    label: str = ""
    findings: list[dict[str, str]] = field(default_factory=list)
    error: str = ""
    kept: bool = False


class Uploads:
    """The upload folder: save (with the size limit), look up by id, keep, clean up."""

    def __init__(self, folder: str | Path, max_bytes: int) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_bytes = int(max_bytes)
        self._lock = threading.Lock()
        self._items: dict[str, Upload] = {}
        for d in sorted(self.folder.iterdir()):  # kept uploads survive; leftovers of a crash go
            meta = d / _META
            if d.is_dir() and UPLOAD_ID.match(d.name) and meta.is_file():
                try:
                    up = Upload(**json.loads(meta.read_text("utf-8")))
                except (ValueError, TypeError):
                    up = None
                if up is not None and up.kept and Path(up.path).is_file():
                    self._items[up.id] = up
                    continue
            if d.is_dir() and UPLOAD_ID.match(d.name):
                shutil.rmtree(d, ignore_errors=True)

    def new(self, name: str | None, kind: str) -> Upload:
        """A new upload entry with its own folder (the file is written by :meth:`write`)."""
        uid = uuid.uuid4().hex[:16]
        d = self.folder / uid
        d.mkdir()
        return Upload(id=uid, name=clean_name(name), kind=kind, size=0, path=str(d / clean_name(name)))

    def write(self, up: Upload, chunks) -> None:
        """Write the chunks (bytes) of ``up``, refusing more than the limit (:class:`TooLarge`)."""
        size = 0
        with open(up.path, "wb") as f:
            for chunk in chunks:
                size += len(chunk)
                if size > self.max_bytes:
                    f.close()
                    self.discard(up.id, folder=Path(up.path).parent)
                    raise TooLarge(f"{up.name}: the file is larger than the limit of "
                                   f"{self.max_bytes / 2**20:g} MB (gvckit serve --max-upload-mb)")
                f.write(chunk)
        up.size = size

    def add(self, up: Upload) -> None:
        """Register a written and checked upload."""
        with self._lock:
            self._items[up.id] = up
        self._save_meta(up)

    def _save_meta(self, up: Upload) -> None:
        (Path(up.path).parent / _META).write_text(json.dumps(asdict(up), ensure_ascii=False), "utf-8")

    def get(self, uid: str | None, kind: str | None = None) -> Upload | None:
        """The upload with id ``uid`` (and ``kind``), or None (an id that is no upload's)."""
        if not uid or not UPLOAD_ID.match(uid):
            return None
        with self._lock:
            up = self._items.get(uid)
        return up if up is not None and (kind is None or up.kind == kind) else None

    def all(self) -> list[Upload]:
        with self._lock:
            return list(self._items.values())

    def keep(self, uid: str) -> Upload | None:
        """Keep an upload after the server stops."""
        up = self.get(uid)
        if up is not None:
            up.kept = True
            self._save_meta(up)
        return up

    def discard(self, uid: str, folder: Path | None = None) -> None:
        """Delete an upload and its folder."""
        with self._lock:
            up = self._items.pop(uid, None)
        d = folder if folder is not None else (Path(up.path).parent if up else None)
        if d is not None and d.parent == self.folder:
            shutil.rmtree(d, ignore_errors=True)

    def cleanup(self) -> None:
        """Delete every upload not kept (called when the server stops)."""
        for up in self.all():
            if not up.kept:
                self.discard(up.id)

    def info(self) -> list[dict[str, Any]]:
        return [asdict(u) for u in self.all()]
