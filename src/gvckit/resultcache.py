"""The on-disk cache of slow results: a report's analysis, its figures and its font subsets.

A report on the bundled WIOD 2013 data factorises 17 tables of 1,435 country-sectors, draws
nine figures and subsets a CJK font: seconds of work that give the same bytes every time the
same code runs on the same data. :func:`cached` keeps such results on disk (files managed by
``joblib.Memory``), so that the same report again, the other language, or the web app after a
restart reuses them.

What a result is keyed by
    The function, its arguments (hashed by ``joblib.hash``; a path to an existing file or
    folder stands for its size and modification time, so an edited input file is read again)
    and the *code fingerprint*: gvckit's version and the size and modification time of every
    file of the installed package (sources, bundled data, fonts, templates). A result computed
    by other code, or from other data, is never served.

Where it lives, how to turn it off
    ``$GVCKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/gvckit``, else ``~/.cache/gvckit``.
    ``GVCKIT_CACHE=off`` (or ``0``, ``no``, ``false``) turns the cache off, :func:`suspended`
    does for a block (``gvckit report --no-cache``), and :func:`clear` empties it
    (``gvckit cache --clear``; ``gvckit cache`` shows where it is and how big).

How big it grows
    At most ``$GVCKIT_CACHE_MAX`` (default 1 GiB; ``512MiB``, ``2GB`` or a number of bytes;
    ``none`` for no limit). After a result is stored, and then at most once a minute, the
    results used longest ago are removed until the cache fits (:func:`trim`). Results of older
    gvckit code are never served again, so they are the first to go.

A cache that cannot be used (a read-only home, an argument joblib cannot hash) never stops the
work: the result is then computed as if there were no cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["cached", "clear", "code_fingerprint", "enabled", "is_cached", "keep", "limit", "location", "suspended",
           "trim", "usage"]

T = TypeVar("T")

ENV_DIR = "GVCKIT_CACHE_DIR"
ENV_SWITCH = "GVCKIT_CACHE"
ENV_MAX = "GVCKIT_CACHE_MAX"
DEFAULT_MAX = "1GiB"
#: seconds between two trims of the cache by one process (a long-running web app stores often)
TRIM_EVERY = 60.0
_OFF = {"0", "off", "no", "false"}


_SUSPENDED = [0]


def enabled() -> bool:
    """Whether results are cached: ``GVCKIT_CACHE`` is not one of 0/off/no/false and no
    :func:`suspended` block is running."""
    return not _SUSPENDED[0] and os.environ.get(ENV_SWITCH, "on").strip().lower() not in _OFF


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """Within the block, compute everything afresh and store nothing (``--no-cache``)."""
    _SUSPENDED[0] += 1
    try:
        yield
    finally:
        _SUSPENDED[0] -= 1


def location() -> Path:
    """The cache folder: ``$GVCKIT_CACHE_DIR``, ``$XDG_CACHE_HOME/gvckit`` or ``~/.cache/gvckit``."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "gvckit"


@functools.cache
def code_fingerprint() -> str:
    """gvckit's version and the (path, size, mtime) of every file of the installed package.

    An edit to any source, template or bundled data file changes it (and with it every key).
    """
    import gvckit

    root = Path(gvckit.__file__).resolve().parent
    h = hashlib.sha256(gvckit.__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            st = path.stat()
            h.update(f"{path.relative_to(root).as_posix()}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


def _identity(obj: Any) -> Any:
    """An argument as it enters the key: an existing file or folder by its stat, else itself."""
    if isinstance(obj, (str, os.PathLike)):
        try:
            p = Path(obj)
            if p.is_file():
                st = p.stat()
                return ("file", str(p.resolve()), st.st_size, st.st_mtime_ns)
            if p.is_dir():
                return ("folder", str(p.resolve()), tuple(
                    (q.relative_to(p).as_posix(), q.stat().st_size, q.stat().st_mtime_ns)
                    for q in sorted(p.rglob("*")) if q.is_file()))
        except (OSError, ValueError):
            return obj
    if isinstance(obj, (list, tuple)):
        return type(obj).__name__, tuple(_identity(o) for o in obj)
    return obj


@functools.cache
def _memory(folder: str):
    from joblib import Memory

    return Memory(folder, verbose=0)


def _call(fn: Callable[..., Any], key: Any, call: tuple) -> Any:
    """What the cache stores: ``fn(*args, **kwargs)``, or what ``compute()`` returns when
    ``call`` is ``(args, kwargs, compute)``; ``call`` is not part of the key."""
    if len(call) == 3:
        return call[2]()
    args, kwargs = call
    return fn(*args, **kwargs)


def _store(fn: Callable[..., Any], args: tuple, kwargs: dict, ignore: Iterable[str], warn: int = 0):
    """The joblib function that keeps results of ``fn`` and the key of this call, or None when
    the cache cannot be used for it; then, with ``warn`` (the caller's depth below the public
    function), a warning names the public function's caller."""
    skip = set(ignore)
    key = (code_fingerprint(), _identity(list(args)),
           sorted((k, _identity(v)) for k, v in kwargs.items() if k not in skip))
    try:
        from joblib import hash as jhash

        jhash((fn, key))  # an argument joblib cannot hash: compute without the cache
        return _memory(str(location())).cache(_call, ignore=["call"]), key
    except Exception as exc:  # noqa: BLE001 - the cache is an optimisation, never a failure
        if warn:
            warnings.warn(f"gvckit's result cache is not used for {getattr(fn, '__name__', fn)}: {exc}",
                          RuntimeWarning, stacklevel=2 + warn)
        return None, key


def cached(fn: Callable[..., T], *args: Any, ignore: Iterable[str] = (), **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, from the cache when the same call ran before with the same code.

    ``fn`` must be a module-level function (it is keyed by module and name) whose result depends
    only on its arguments, gvckit's code and the files its arguments name. Keyword arguments
    named in ``ignore`` (a progress switch, say) reach ``fn`` but are not part of the key.
    Exceptions raised by ``fn`` propagate and nothing is stored.

    >>> import os; os.environ["GVCKIT_CACHE"] = "off"
    >>> cached(max, 2, 3)
    3
    >>> del os.environ["GVCKIT_CACHE"]
    """
    return _cached(fn, args, kwargs, ignore, None)


def keep(fn: Callable[..., T], value: T, *args: Any, ignore: Iterable[str] = (), **kwargs: Any) -> T:
    """``value``, computed elsewhere (another process, say) as ``fn(*args, **kwargs)``: stored
    as that call's result, unless the cache already holds one (which is then returned), so that
    :func:`cached` serves it next time. Returns ``value`` as it is when the cache is off."""
    return _cached(fn, args, kwargs, ignore, lambda: value)


def is_cached(fn: Callable[..., Any], *args: Any, ignore: Iterable[str] = (), **kwargs: Any) -> bool:
    """Whether :func:`cached` would serve ``fn(*args, **kwargs)`` without computing it (no
    warning when the cache cannot be used for it: :func:`cached` gives one)."""
    if not enabled():
        return False
    store, key = _store(fn, args, kwargs, ignore)
    return store is not None and bool(store.check_call_in_cache(fn, key, call=(args, kwargs)))


def _cached(fn: Callable[..., T], args: tuple, kwargs: dict, ignore: Iterable[str],
            compute: Callable[[], T] | None) -> T:
    def run() -> T:
        return fn(*args, **kwargs) if compute is None else compute()

    if not enabled():
        return run()
    store, key = _store(fn, args, kwargs, ignore, warn=2)  # cached/keep -> _cached -> _store
    if store is None:
        return run()
    call = (args, kwargs) if compute is None else (args, kwargs, compute)
    stored = store.check_call_in_cache(fn, key, call=call)
    value = store(fn, key, call=call)
    if not stored and time.monotonic() - _LAST_TRIM[0] >= TRIM_EVERY:
        _LAST_TRIM[0] = time.monotonic()
        try:
            trim()
        except Exception as exc:  # noqa: BLE001 - as above: a cache that cannot be trimmed
            warnings.warn(f"gvckit's result cache could not be trimmed: {exc}", RuntimeWarning, stacklevel=3)
    return value


_LAST_TRIM = [-float("inf")]


def limit() -> int | None:
    """The most bytes the cache keeps: ``$GVCKIT_CACHE_MAX`` (default 1 GiB), ``None``: no limit.

    Raises
    ------
    InputError
        When ``$GVCKIT_CACHE_MAX`` is not a size (``512MiB``, ``2GB``, a number of bytes, ``none``).
    """
    from gvckit.scale.memory import parse_bytes

    value = os.environ.get(ENV_MAX, DEFAULT_MAX)
    try:
        return parse_bytes(value)
    except Exception as exc:
        from gvckit.errors import InputError

        raise InputError(f"{ENV_MAX}={value!r}: {exc}") from None


def _items() -> list:
    folder = location()
    if not (folder / "joblib").is_dir():
        return []
    return _memory(str(folder)).store_backend.get_items()


def usage() -> tuple[int, int]:
    """``(bytes, results)`` the cache holds now."""
    items = _items()
    return sum(i.size for i in items), len(items)


def trim(max_bytes: int | None = None) -> int:
    """Remove the results used longest ago until the cache holds at most ``max_bytes``
    (default :func:`limit`); returns the number of results removed."""
    cap = limit() if max_bytes is None else max_bytes
    if cap is None:
        return 0
    before = len(_items())
    if before:
        _memory(str(location())).reduce_size(bytes_limit=cap)
    return before - len(_items())


def clear() -> None:
    """Remove every cached result."""
    import shutil

    folder = location() / "joblib"
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
