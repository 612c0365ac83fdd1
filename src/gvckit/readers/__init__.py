"""Readers for the input-output databases users download, with format detection.

One module per source layout (the xarray-backends pattern): each module owns one publisher's file
layout and declares its :class:`Format` objects in a module-level ``FORMATS`` list; this package
only finds the file(s), asks every format whether it recognises them, and dispatches.

* :func:`read` -- ``gvckit.read(path, format=None, year=None, **kw) -> ICIO``. ``path`` is a file,
  a zip archive or a directory (an unpacked archive such as EORA's folder). Without ``format`` the
  formats score the source (file names, zip members, header rows) and the best match reads it.
* :func:`formats` -- a DataFrame listing every format: name, description, file patterns, the
  optional extra it needs.

Every reader returns a checked :class:`~gvckit.table.ICIO` with ISO3 country codes (the source's
own code kept in ``country_info["source_code"]``), sector codes and names, ``unit``, ``year``,
``source`` and ``meta["release"]`` (the release or edition detected). Errors are
:class:`~gvckit.errors.FormatError` naming the file, row, column or label at fault.

Examples
--------
>>> import gvckit.readers as r
>>> "oecd_icio" in set(r.formats()["name"])
True
"""

from __future__ import annotations

import fnmatch
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import IO, Any

import pandas as pd

from gvckit.errors import FormatError, GvckitError, UnknownNameError

__all__ = ["read", "formats", "Format", "Source", "get_format", "years_in"]

# modules that declare FORMATS, in the order detection tries them (ties are broken by score only)
_MODULES = (
    "gvckit_parquet",
    "wiod",
    "wiod_longrun",
    "oecd_icio",
    "adb",
    "eora",
    "exiobase",
    "nbs",
    "ceads",
    "generic",
)

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


class Source:
    """A file, a zip archive or a directory, seen as a set of named members.

    ``names`` lists member paths (relative, ``/``-separated); :meth:`open` returns a binary
    stream; :meth:`head` the first bytes. A plain file has one member, its own name.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FormatError(f"{self.path}: no such file or directory")
        self._zip: zipfile.ZipFile | None = None
        self.restricted = False  # True once read(member=...) chose one member
        if self.path.is_dir():
            self.kind = "dir"
            self.names = sorted(
                p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file()
            )
            if not self.names:
                raise FormatError(f"{self.path}: the folder is empty; give a table file, an archive, or "
                                  f"a folder holding one")
        elif self.path.is_file() and self.path.stat().st_size == 0:
            raise FormatError(f"{self.path}: the file is empty (0 bytes); was the download interrupted?")
        elif self.path.suffix.lower() == ".zip":  # xlsx, xlsb and npz are zips too, but files here
            self.kind = "zip"
            try:
                self._zip = zipfile.ZipFile(self.path)
                self.names = [n for n in self._zip.namelist() if not n.endswith("/")]
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise FormatError(f"{self.path}: a damaged or truncated zip archive ({exc})") from exc
        else:
            self.kind = "file"
            self.names = [self.path.name]

    @property
    def name(self) -> str:
        return self.path.name

    def __repr__(self) -> str:
        return f"<Source {self.kind} {self.path} ({len(self.names)} members)>"

    def open(self, member: str | None = None) -> IO[bytes]:
        """Binary stream of ``member`` (the file itself for a plain file)."""
        member = member or self.names[0]
        try:
            if self.kind == "file":
                return open(self.path, "rb")
            if self.kind == "dir":
                return open(self.path / member, "rb")
            assert self._zip is not None
            return io.BytesIO(self._zip.read(member))
        except KeyError as exc:
            raise FormatError(f"{self.path}: member {member!r} is missing from the archive") from exc
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise FormatError(f"{self.path}: cannot read {member!r} ({exc}); the file may be truncated") from exc

    def local_path(self, member: str | None = None) -> Path | IO[bytes]:
        """A filesystem path for plain files and directories, else an in-memory stream."""
        if self.kind == "file":
            return self.path
        if self.kind == "dir":
            return self.path / (member or self.names[0])
        return self.open(member)

    def head(self, member: str | None = None, n: int = 8192) -> bytes:
        with self.open(member) as fh:
            return fh.read(n)

    def find(self, pattern: str) -> list[str]:
        """Members whose base name matches the (case-insensitive) glob or regex ``pattern``."""
        rx = re.compile(fnmatch.translate(pattern), re.IGNORECASE)
        return [n for n in self.names if rx.match(n.rsplit("/", 1)[-1])]

    def restrict(self, member: str) -> None:
        """Keep only ``member`` (a path inside the archive or folder, or a unique base name)."""
        if self.kind == "file":
            if member not in (self.path.name,):
                raise FormatError(f"{self.path}: member= is for archives and folders; this is a plain file")
            return
        hits = [n for n in self.names if n == member] or [n for n in self.names if n.rsplit("/", 1)[-1] == member]
        if len(hits) != 1:
            shown = ", ".join(self.names[:8]) + (f" and {len(self.names) - 8} more" if len(self.names) > 8 else "")
            what = "is not in" if not hits else "is ambiguous in"
            raise FormatError(f"{self.path}: member {member!r} {what} the {'archive' if self.kind == 'zip' else 'folder'}; "
                              f"it holds {shown}")
        self.names = hits
        self.restricted = True

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


@dataclass(frozen=True)
class Format:
    """A file layout gvckit reads.

    ``sniff(source) -> int`` scores how surely the source is in this layout (0: not at all;
    10: file name only; 50: names and structure; 100: header rows checked). ``reader(source,
    year=None, **kw) -> ICIO`` reads it.
    """

    name: str
    description: str
    patterns: tuple[str, ...]
    sniff: Callable[[Source], int] = field(repr=False, compare=False)
    reader: Callable[..., Any] = field(repr=False, compare=False)
    extra: str | None = None
    module: str = ""


def _registry() -> list[Format]:
    out: list[Format] = []
    for mod in _MODULES:
        m = import_module(f"gvckit.readers.{mod}")
        out.extend(getattr(m, "FORMATS", []))
    return out


def formats() -> pd.DataFrame:
    """Every format gvckit reads: ``name, description, patterns, extra, module``.

    ``extra`` names the optional dependency a format needs (``None`` when the core install reads
    it).

    Examples
    --------
    >>> from gvckit.readers import formats
    >>> formats().columns.tolist()
    ['name', 'description', 'patterns', 'extra', 'module']
    """
    return pd.DataFrame(
        [
            {"name": f.name, "description": f.description, "patterns": ", ".join(f.patterns),
             "extra": f.extra, "module": f.module}
            for f in _registry()
        ],
        columns=["name", "description", "patterns", "extra", "module"],
    )


def get_format(name: str) -> Format:
    """The :class:`Format` called ``name`` (error listing the known names otherwise)."""
    fmts = {f.name: f for f in _registry()}
    if name not in fmts:
        raise UnknownNameError("format", name, sorted(fmts))
    return fmts[name]


def years_in(names: Iterable[str]) -> list[int]:
    """Four-digit years (1950-2049) found in member names, sorted and unique."""
    return sorted({int(y) for n in names for y in _YEAR.findall(n.rsplit("/", 1)[-1])})


def pick_year(src: Source, members: list[str], year: int | None, what: str) -> list[str]:
    """Members of one year: ``year`` if given, else the only year present (error if mixed)."""
    by_year: dict[int | None, list[str]] = {}
    for m in members:
        ys = _YEAR.findall(m.rsplit("/", 1)[-1])  # the last year in the name: ICIO2021_2015 -> 2015
        by_year.setdefault(int(ys[-1]) if ys else None, []).append(m)
    if year is not None:
        if set(by_year) == {None}:  # no year in any name: the caller's year labels the table
            return members
        if year not in by_year:
            found = sorted(y for y in by_year if y is not None)
            raise FormatError(f"{src.path}: no {what} file for year {year}; years found: {found}")
        return by_year[year]
    known = [y for y in by_year if y is not None]
    if len(known) > 1:
        raise FormatError(
            f"{src.path}: {what} files of several years {sorted(known)} found in one call; "
            f"pass year= to choose one"
        )
    return members


def read(path: str | Path, format: str | None = None, year: int | None = None, *, member: str | None = None,
         **kw: Any):
    """Read an input-output table from a downloaded database file.

    Parameters
    ----------
    path : str or Path
        A file, a zip archive or a directory.
    format : str, optional
        One of ``formats()["name"]``; detected from the file(s) when not given.
    year : int, optional
        Which year to read when the source holds several (a folder or archive of many years);
        reading several years in one call is an error.
    member : str, optional
        In an archive or folder, read only this member (its path inside, or its base name when
        that is unique), e.g. ``read("2011-2015.zip", member="2011.csv")``; an error lists the
        members when it is not there.
    **kw
        Passed to the format's reader (for example ``check=False``; OECD ``meld=True``,
        ``variant="small"``; CEADs and generic Excel ``sheet=``).

    Returns
    -------
    ICIO
        A checked table; ``t.meta["format"]`` names the format used and ``t.meta["release"]`` the
        release or edition detected.

    Examples
    --------
    >>> import gvckit, tempfile, os
    >>> t = gvckit.load_dataset("wiod2013", year=2000)
    >>> from gvckit.readers.gvckit_parquet import write_parquet
    >>> p = os.path.join(tempfile.mkdtemp(), "t.parquet")
    >>> write_parquet(t, p)
    >>> from gvckit.readers import read
    >>> read(p).equals(t)
    True
    """
    src = Source(path)
    try:
        if member is not None:
            src.restrict(member)
        if format is not None:
            fmt = get_format(format)
        else:
            fmt = detect(src)
        _check_options(fmt, kw, src.path)
        try:
            table = fmt.reader(src, year=year, **kw)
        except GvckitError:
            raise
        except ImportError as exc:
            raise FormatError(f"{src.path}: the {fmt.name} reader needs an optional package ({exc}); "
                              f"install it with: pip install 'gvckit[{fmt.extra or 'readers'}]'") from exc
        except (ValueError, KeyError, IndexError, TypeError, OSError, EOFError, zipfile.BadZipFile,
                UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise FormatError(f"{src.path}: not a readable {fmt.name} file ({type(exc).__name__}: {exc})") from exc
        if fmt.name != "gvckit_parquet":  # its meta is restored exactly as written
            table.meta.setdefault("format", fmt.name)
            table.meta.setdefault("file", src.name)
        return table
    finally:
        src.close()


def _check_options(fmt: Format, kw: dict[str, Any], where: str | Path) -> None:
    """Refuse an option the format's reader does not take (``meld=True`` for a WIOD file, say)
    before reading, naming the options it does take."""
    import inspect

    try:
        params = inspect.signature(fmt.reader).parameters
    except (TypeError, ValueError):  # pragma: no cover - a builtin reader without a signature
        return
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    takes = [k for k, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY
             or (p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and k not in ("src", "source", "year"))]
    bad = sorted(k for k in kw if k not in params)
    if bad:
        hint = " (--meld is for OECD ICIO tables only)" if "meld" in bad else ""
        raise FormatError(f"{where}: the {fmt.name} reader takes no option {', '.join(map(repr, bad))}{hint}; "
                          f"its options: {', '.join(takes) or 'none'}")


def detect(src: Source) -> Format:
    """The format that recognises ``src`` best (error saying what was expected and found)."""
    scores = []
    for f in _registry():
        try:
            s = int(f.sniff(src))
        except GvckitError:
            raise
        except Exception:  # noqa: BLE001 - a sniffer that cannot parse the file does not match
            s = 0
        if s > 0:
            scores.append((s, f))
    if not scores:
        names = ", ".join(f.name for f in _registry())
        if src.kind == "dir":
            shown = ", ".join(src.names[:4]) + (f" and {len(src.names) - 4} more" if len(src.names) > 4 else "")
            what = f"a folder whose {len(src.names)} file(s) ({shown}) match no format gvckit reads"
        elif src.kind == "zip":
            shown = ", ".join(src.names[:4]) + (f" and {len(src.names) - 4} more" if len(src.names) > 4 else "")
            what = f"an archive whose members ({shown}) match no format gvckit reads"
        else:
            what = "not in a format gvckit recognises"
        raise FormatError(f"{src.path}: {what}; formats: {names} (see `gvckit formats`; pass format= to choose one)")
    scores.sort(key=lambda p: -p[0])
    if len(scores) > 1 and scores[0][0] == scores[1][0]:
        tied = [f.name for s, f in scores if s == scores[0][0]]
        raise FormatError(f"{src.path}: ambiguous format, it matches {tied} equally; pass format=")
    return scores[0][1]
