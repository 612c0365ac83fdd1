"""Background work for the web app: jobs run in a pool, report progress, and are cached.

A page that needs a slow computation (classifying 11 industries over many years, a report)
submits a *job* keyed by what it computes: the table's fingerprint (bundled dataset name or the
content hash of an uploaded table), the options and gvckit's version. The same key submitted
twice runs once; a finished result is kept in memory and pickled into the cache folder, so a
revisit (even after a restart) is instant. Jobs run in a thread pool (``--scheduler`` unset or
``sync``), or on a Dask cluster (``--scheduler ADDRESS``) as ``gvckit panel`` does; a slow job
never blocks the server's event loop, so quick pages keep answering.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gvckit.errors import GvckitError

__all__ = ["Job", "Jobs", "Progress", "cache_key"]

#: A job's progress callback: ``progress(done, total)``.
Progress = Callable[[int, int], None]


def cache_key(*parts: object) -> str:
    """A stable hex key of the parts (with gvckit's version), used as job key and file name."""
    from gvckit import __version__

    text = repr((__version__, *parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class Job:
    """One background computation: its state, progress and, once finished, result or error."""

    id: str
    key: str
    label: str
    status: str = "queued"  # queued | running | done | error
    done: int = 0
    total: int = 0
    result: Any = None
    error: str = ""
    bug: bool = False  # the error is gvckit's fault (HTTP 500), not the user's (400)
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    cached: bool = False

    @property
    def finished(self) -> bool:
        return self.status in ("done", "error")

    def state(self) -> dict[str, Any]:
        """What the page polls: status, progress fraction, error line."""
        frac = 1.0 if self.status == "done" else (self.done / self.total if self.total else 0.0)
        return {"id": self.id, "status": self.status, "done": self.done, "total": self.total,
                "fraction": round(frac, 3), "error": self.error, "label": self.label,
                "seconds": round(self.seconds or time.monotonic() - self.started, 2)}


def error_line(exc: BaseException) -> tuple[str, bool]:
    """An exception as one line for a page, and whether it is a bug (not the user's error)."""
    if isinstance(exc, GvckitError):
        return " ".join(str(exc).split()), False
    if isinstance(exc, OSError) and exc.filename:
        return f"{Path(str(exc.filename)).name}: {exc.strerror}", False
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}", True


class Jobs:
    """The job pool with its cache.

    Parameters
    ----------
    cache_dir : path
        Folder of pickled results (``<key>.pkl``); created if missing.
    workers : int
        Threads of the local pool (ignored with a Dask scheduler).
    scheduler : str, optional
        ``None`` or ``"sync"``: this process's thread pool; otherwise a Dask scheduler address
        (``tcp://host:8786``), whose workers run the jobs (progress is then reported only as
        running/done).
    """

    def __init__(self, cache_dir: str | Path, workers: int = 2, scheduler: str | None = None) -> None:
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._by_key: dict[str, Job] = {}
        self._memory: dict[str, Any] = {}
        self._client = None
        self.scheduler = scheduler if scheduler not in (None, "", "sync") else None
        self._executor: Executor
        if self.scheduler:
            try:
                from distributed import Client
            except ImportError as exc:  # pragma: no cover - the scale extra is in the test extra
                raise GvckitError("--scheduler needs Dask: pip install 'gvckit[scale]'") from exc
            self._client = Client(self.scheduler, set_as_default=False)
            self._executor = self._client.get_executor(pure=False)
        else:
            self._executor = ThreadPoolExecutor(max_workers=max(1, workers),
                                                thread_name_prefix="gvckit-job")

    # ------------------------------------------------------------------ cache
    def _path(self, key: str) -> Path:
        return self.cache_dir / f"{key}.pkl"

    def cached(self, key: str) -> Any | None:
        """The cached result of ``key`` (memory first, then the cache folder), or None."""
        with self._lock:
            if key in self._memory:
                return self._memory[key]
        path = self._path(key)
        if path.is_file():
            try:
                with path.open("rb") as f:
                    value = pickle.load(f)
            except Exception:  # noqa: BLE001 - a stale or torn cache file: recompute
                path.unlink(missing_ok=True)
                return None
            with self._lock:
                self._memory[key] = value
            return value
        return None

    def _store(self, key: str, value: Any) -> None:
        with self._lock:
            self._memory[key] = value
        tmp = self._path(key).with_suffix(f".{uuid.uuid4().hex}.tmp")
        try:
            with tmp.open("wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self._path(key))
        except Exception:  # noqa: BLE001 - an unpicklable result stays in memory only
            tmp.unlink(missing_ok=True)

    # ------------------------------------------------------------------ jobs
    def get(self, job_id: str) -> Job | None:
        """The job of ``job_id`` (an id the app issued), or None."""
        with self._lock:
            return self._jobs.get(job_id)

    def submit(self, key: str, label: str, fn: Callable[..., Any], *args: Any, **kw: Any) -> Job:
        """Run ``fn(*args, progress=..., **kw)`` in the background unless ``key`` is cached or
        already running; returns the job (finished at once when cached)."""
        with self._lock:
            running = self._by_key.get(key)
            if running is not None and (running.status != "error" or self._fresh_user_error(running)):
                return running
        value = self.cached(key)
        job = Job(id=uuid.uuid4().hex[:16], key=key, label=label)
        with self._lock:
            self._jobs[job.id] = job
            self._by_key[key] = job
        if value is not None:
            job.status, job.result, job.cached, job.seconds = "done", value, True, 0.0
            return job

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        if self._client is None:
            future: Future = self._executor.submit(self._run_local, job, fn, args, dict(kw, progress=progress))
        else:
            job.status = "running"
            future = self._executor.submit(fn, *args, **kw)
            future.add_done_callback(lambda f: self._finish(job, f))
        job.future = future  # type: ignore[attr-defined]
        return job

    @staticmethod
    def _fresh_user_error(job: Job, seconds: float = 60.0) -> bool:
        """A user's error (same input, same answer) is shown again for a minute rather than
        recomputed; a bug is retried at once."""
        return not job.bug and time.monotonic() - job.started - job.seconds < seconds

    def _run_local(self, job: Job, fn: Callable[..., Any], args: tuple, kw: dict) -> None:
        job.status = "running"
        self._settle(job, lambda: fn(*args, **kw))

    def _finish(self, job: Job, future: Future) -> None:
        self._settle(job, future.result)

    def _settle(self, job: Job, compute: Callable[[], Any]) -> None:
        """Run ``compute`` and record its value (cached) or its error (one line) on ``job``."""
        try:
            value = compute()
        except BaseException as exc:  # noqa: BLE001 - reported on the page as one line
            job.error, job.bug = error_line(exc)
            job.status = "error"
        else:
            self._store(job.key, value)
            job.result = value
            job.status = "done"
        job.seconds = time.monotonic() - job.started

    def wait(self, job: Job, timeout: float) -> Job:
        """Wait up to ``timeout`` seconds for ``job`` (call from a worker thread, not the loop)."""
        end = time.monotonic() + timeout
        while not job.finished and time.monotonic() < end:
            time.sleep(0.02)
        return job

    def close(self) -> None:
        """Stop the pool (running jobs are abandoned) and the Dask client."""
        if self._client is not None:
            self._executor.shutdown(wait=False)
            self._client.close()
        else:
            self._executor.shutdown(wait=False, cancel_futures=True)
