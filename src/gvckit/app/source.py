"""Where the tables of a run come from: one :class:`Source` for every entry point.

The command line, the report, the panel and the framework's model series all accept the same
DATA and resolve it here, once:

* a bundled dataset name, ``wiod2013`` (every year it has) or ``name:year[:variant]``
  (``wiod2013:2011``, ``china_nbs:2012:detailed``, ``china_nbs:42`` for every year of a variant);
* a file :func:`gvckit.read` understands (one table: its own year, or the year given);
* a folder or glob of files whose names carry the year (``wiot_2005.xlsx`` ...);
* a table (:class:`gvckit.ICIO`) or model (:class:`gvckit.Model`), a dict year -> table/model, or
  a callable ``year -> ICIO``.

A :class:`Source` knows its ``years`` without loading anything it need not, loads one year's
table with :meth:`Source.load`, and is picklable (the panel sends it to Dask workers). "Years"
has one meaning everywhere: all the years the data have, unless the user names some
(:meth:`Source.select`).
"""

from __future__ import annotations

import glob as _glob
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gvckit.errors import DatasetError, InputError, OptionError

__all__ = ["Source", "bundled_years", "parse_years", "format_years"]

_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def parse_years(text: str | None) -> list[int] | None:
    """``"1995-2011"`` -> [1995, ..., 2011]; ``"1995,2003,2011"`` -> list; None/"" -> None.

    >>> parse_years("2009-2011,2003")
    [2009, 2010, 2011, 2003]
    """
    if not text:
        return None
    out: list[int] = []
    for part in (p.strip() for p in str(text).split(",")):
        if not part:
            continue
        try:
            bounds = [int(b) for b in part.split("-", 1)]
        except ValueError:
            raise InputError(f"bad years {text!r}; write e.g. 1995-2011 or 1995,2003,2011") from None
        if len(bounds) == 2:
            if bounds[1] < bounds[0]:
                raise InputError(f"bad year range {part!r}: the end is before the start")
            out.extend(range(bounds[0], bounds[1] + 1))
        else:
            out.append(bounds[0])
    return list(dict.fromkeys(out))


def format_years(years: Sequence[int]) -> str:
    """``[1995, ..., 2011]`` -> ``"1995-2011"``; gaps are listed: ``"2002, 2005, 2007"``.

    >>> format_years([2009, 2010, 2011]), format_years([2002, 2005])
    ('2009-2011', '2002, 2005')
    """
    ys = sorted(years)
    if not ys:
        return "none"
    if len(ys) > 2 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}-{ys[-1]}"
    return ", ".join(str(y) for y in ys)


def bundled_years(name: str, variant: str | None = None) -> list[int]:
    """The years a bundled dataset has (of one variant, if given).

    >>> bundled_years("wiod2013")[:2], bundled_years("china_nbs", "42")
    ([1995, 1996], [2017, 2018, 2020])
    """
    from gvckit.datasets import NBS_FILES, WIOD_YEARS

    key = _dataset_key(name)
    if key == "wiod2013":
        return [] if variant else list(WIOD_YEARS)
    if key == "china_nbs":
        return sorted(y for y, files in NBS_FILES.items() if variant is None or variant in files)
    from gvckit.datasets import datasets

    raise UnknownDataset(name, list(datasets()["name"]))


def _dataset_key(name: str) -> str:
    key = name.lower().replace("-", "_")
    return "china_nbs" if key == "nbs" else key


def _bundled_names() -> list[str]:
    from gvckit.datasets import datasets

    return list(datasets()["name"])


class UnknownDataset(DatasetError):
    """Internal: a name that is no bundled dataset (the message lists the bundled ones)."""

    def __init__(self, name: str, valid: Sequence[str]) -> None:
        super().__init__(f"unknown dataset {name!r}; valid: {', '.join(valid)}")


@dataclass(frozen=True)
class Source:
    """The tables of one run: ``years``, ``load(year)``, a ``name`` to show people.

    Build it with :meth:`Source.of`. A source of one undated table (a generic file without a
    year) has ``years == []`` and ``undated`` set; :meth:`load` then takes ``None``.

    Examples
    --------
    >>> s = Source.of("wiod2013")
    >>> s.name, s.years[0], s.years[-1]
    ('wiod2013', 1995, 2011)
    >>> Source.of("wiod2013:2011").load(2011).G
    41
    """

    name: str
    years: list[int]
    kind: str  # "dataset" | "tables" | "files" | "folder" | "callable"
    spec: Any = field(repr=False, compare=False)
    undated: bool = False
    #: Reader options passed to :func:`gvckit.readers.read` for every file (``member=``,
    #: OECD ``meld=``, ...).
    options: dict[str, Any] = field(default_factory=dict, compare=False)

    # ------------------------------------------------------------------ construction
    @classmethod
    def of(
        cls,
        data: Any,
        years: Iterable[int] | None = None,
        *,
        year: int | None = None,
        fmt: str | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> Source:
        """Resolve DATA (see the module docstring) into a :class:`Source`.

        Parameters
        ----------
        data : str, path, ICIO, Model, dict or callable
        years : iterable of int, optional
            Needed only for a callable or a folder whose file names carry no year; otherwise a
            selection is made later with :meth:`select`.
        year : int, optional
            For one file: the year to read from a source holding several, or the year that
            labels an undated table.
        fmt : str, optional
            Force a reader (``gvckit.readers.formats()``).
        options : dict, optional
            Reader options for files (``{"member": "2011.csv"}``, ``{"meld": True}``): passed to
            :func:`gvckit.readers.read`; an error for a bundled dataset or tables in memory.
        """
        if isinstance(data, Source):
            return data
        from gvckit.leontief import Model
        from gvckit.table import ICIO

        if isinstance(data, ICIO | Model):
            return cls._of_tables({_year_of(data): data}, _label_of(data))
        if isinstance(data, Mapping):
            if not data:
                raise InputError("the dict of tables is empty")
            for y, t in data.items():
                if not isinstance(t, ICIO | Model):
                    raise InputError(f"data[{y!r}] is a {type(t).__name__}, not a gvckit.ICIO or Model")
            return cls._of_tables({int(y): t for y, t in data.items()}, "tables")
        if callable(data) and not isinstance(data, str | os.PathLike):
            if not years:
                raise InputError("with a data callable, give the years: e.g. run_panel(f, years=[...])")
            return cls(getattr(data, "__name__", "callable"), sorted({int(y) for y in years}), "callable", data)
        if not isinstance(data, str | os.PathLike):
            raise InputError(
                "data must be a bundled dataset name, a file path, a gvckit.ICIO or Model, a dict "
                f"year -> table or a callable year -> table, not {type(data).__name__}"
            )
        text = os.fspath(data)
        dataset = cls._of_dataset(text)
        if dataset is not None and options:
            raise OptionError(f"{text} is a bundled dataset; {', '.join('--' + k for k in options)} "
                              "applies to files only")
        if dataset is not None:
            if year is None:
                return dataset
            named = dataset.years != bundled_years(*dataset.spec)
            if named and dataset.years != [int(year)]:
                raise OptionError(f"{text} already names its year; --year {year} conflicts with it (drop one)")
            return cls(f"{dataset.spec[0]}:{year}" + (f":{dataset.spec[1]}" if dataset.spec[1] else ""),
                       dataset.select([year]), "dataset", dataset.spec)
        return cls._of_path(text, years=years, year=year, fmt=fmt, options=dict(options or {}))

    @classmethod
    def _of_tables(cls, tables: dict[int | None, Any], name: str) -> Source:
        if None in tables:
            return cls(name, [], "tables", tables, undated=True)
        return cls(name, sorted(tables), "tables", tables)

    @classmethod
    def _of_dataset(cls, text: str) -> Source | None:
        head, *rest = text.split(":")
        if Path(text).exists() or _dataset_key(head) not in {_dataset_key(n) for n in _bundled_names()}:
            return None
        key = _dataset_key(head)
        year: int | None = None
        variant: str | None = None
        for part in rest:
            if part and part.isdigit() and len(part) == 4 and year is None and variant is None:
                year = int(part)
            elif part and variant is None:
                variant = part
            elif part:
                raise InputError(f"bad data {text!r}; write name, name:year or name:year:variant")
        have = bundled_years(key, variant)
        if not have:
            if not bundled_years(key, None) or key == "wiod2013":
                raise InputError(f"bad year {variant!r} in {text!r}; write e.g. {head}:{bundled_years(key)[-1]}")
            raise DatasetError(f"{text}: dataset {head!r} has no variant {variant!r}")
        if year is not None:
            if year not in have:
                raise DatasetError(f"{text}: dataset {head!r} has no year {year}; it has {format_years(have)}")
            have = [year]
        return cls(text, have, "dataset", (key, variant))

    @classmethod
    def _of_path(cls, text: str, *, years, year: int | None, fmt: str | None,
                 options: dict[str, Any]) -> Source:
        path = Path(text)
        if path.is_file() or (path.is_dir() and _is_one_table_folder(path, years)):
            return cls._of_file(path, year=year, fmt=fmt, options=options)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "_")))
        else:
            files = sorted(Path(p) for p in _glob.glob(text))
            if not files:
                raise InputError(
                    f"{text}: no such file or folder, and not a bundled dataset (bundled: "
                    f"{', '.join(_bundled_names())}; write name or name:year)"
                )
        by_year: dict[int, str] = {}
        for f in files:
            found = set(_YEAR_RE.findall(f.name))
            if len(found) == 1:
                y = int(found.pop())
                if y in by_year:
                    raise InputError(f"two files for {y}: {by_year[y]} and {f}; keep one per year")
                by_year[y] = str(f)
        if not by_year:
            if path.is_dir() and years:
                return cls(text, sorted({int(y) for y in years}), "folder", (str(path), fmt),
                           options=options)
            raise InputError(f"{text}: no file name carries a year (e.g. wiot_2005.xlsx); cannot tell the years apart")
        if year is not None:
            raise OptionError(f"{text} holds several years ({format_years(sorted(by_year))}); use --years, not --year")
        return cls(text, sorted(by_year), "files", (tuple(sorted(by_year.items())), fmt),
                   options=options)

    @classmethod
    def _of_file(cls, path: Path, *, year: int | None, fmt: str | None,
                 options: dict[str, Any] | None = None) -> Source:
        from gvckit.readers import read

        table = read(path, format=fmt, year=year, **(options or {}))
        if year is not None and table.year is not None and int(table.year) != int(year):
            raise OptionError(f"{path} is a table of {table.year}; --year {year} does not match it")
        if year is not None and table.year is None:  # the user says which year an undated table is
            table.year = int(year)
        return cls._of_tables({_year_of(table): table}, str(path))

    # ------------------------------------------------------------------ use
    def select(self, years: Iterable[int] | int | None = None) -> list[int]:
        """The years to work on: all of :attr:`years` when ``years`` is None, else those asked
        for, each checked (an error names the years the data have).

        >>> Source.of("wiod2013").select([2010, 2011])
        [2010, 2011]
        """
        if years is None:
            return list(self.years)
        asked = [int(years)] if isinstance(years, int) else [int(y) for y in years]
        if self.undated:
            raise OptionError(
                f"{self.name} carries no year, so the years {format_years(asked)} cannot be chosen "
                "from it; drop the year option, or label the table when reading it (gvckit inspect "
                "FILE --year Y reads a generic file as year Y)"
            )
        missing = [y for y in asked if y not in self.years]
        if missing:
            raise DatasetError(f"{self.name} has no year {format_years(missing)}; it has {format_years(self.years)}")
        return list(dict.fromkeys(asked))

    def load(self, year: int | None = None):
        """The table of ``year`` (a :class:`gvckit.ICIO`; a :class:`gvckit.Model` given as data is
        returned as it is). ``None`` is allowed when there is exactly one table."""
        if year is None:
            if len(self.years) == 1:
                year = self.years[0]
            elif not self.undated:
                raise OptionError(f"{self.name} has the years {format_years(self.years)}; choose one")
        elif year not in self.years:
            self.select([year])  # raises with the available years
        if self.kind == "tables":
            return self.spec[year]
        if self.kind == "dataset":
            from gvckit.datasets import load_dataset

            # the bundled tables pass every input check with no error (tests/test_datasets.py
            # checks each one), so they are not checked again on every read; load_checked
            # still reports their warnings
            name, variant = self.spec
            return load_dataset(name, year=year, variant=variant, check=False)
        if self.kind == "callable":
            from gvckit.table import ICIO

            t = self.spec(year)
            if not isinstance(t, ICIO):
                raise InputError(f"the data callable returned {type(t).__name__} for {year}, not a gvckit.ICIO")
            return t
        from gvckit.readers import read

        if self.kind == "files":
            files, fmt = self.spec
            return read(dict(files)[year], format=fmt, year=year, **self.options)
        folder, fmt = self.spec
        return read(folder, format=fmt, year=year, **self.options)

    def load_checked(self, year: int | None = None) -> tuple[Any, list]:
        """The table of ``year`` and the warning findings of its input checks, checked once.

        Errors of the checks raise as :meth:`load` would (:class:`~gvckit.errors.InputError`);
        a bundled table is loaded unchecked and checked here, so the checks run once per table.
        """
        from gvckit.checks import check

        if self.kind == "dataset":
            from gvckit.datasets import load_dataset

            name, variant = self.spec
            table = load_dataset(name, year=self.load_year(year), variant=variant, check=False)
            report = check(table)
            report.raise_for_errors()
        else:
            table = self.load(year)
            report = check(getattr(table, "table", table))
        return table, report.warnings

    def load_year(self, year: int | None) -> int | None:
        """``year`` checked against :attr:`years` (``None``: the only year)."""
        if year is None:
            if len(self.years) == 1:
                return self.years[0]
            if not self.undated:
                raise OptionError(f"{self.name} has the years {format_years(self.years)}; choose one")
            return None
        if year not in self.years:
            self.select([year])  # raises with the available years
        return year

    def only(self):
        """The one table of a single-table source (error naming the years otherwise)."""
        return self.load(None)

    def framework_data(self, years: Sequence[int] | None = None):
        """What :class:`gvckit.framework.ModelSeries` accepts today: the dataset name for a
        whole bundled dataset (loaded lazily), else a dict year -> table of the years asked for
        (the table itself when undated)."""
        if self.kind == "dataset" and self.spec[1] is None and self.years == bundled_years(self.spec[0]):
            return self.spec[0]
        if self.undated:
            return self.only()
        return {y: self.load(y) for y in self.select(years)}

    def __len__(self) -> int:
        return len(self.years) or int(self.undated)


def _is_one_table_folder(path: Path, years) -> bool:
    """A folder that a reader takes as one table (e.g. an unzipped release), not a year series."""
    if years:
        return False
    names = [p.name for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "_"))]
    return len({y for n in names for y in _YEAR_RE.findall(n)}) <= 1 and bool(names)


def _year_of(data) -> int | None:
    t = getattr(data, "table", data)
    return None if t.year is None else int(t.year)


def _label_of(data) -> str:
    t = getattr(data, "table", data)
    return " ".join(str(p) for p in (t.source or "table", t.year) if p not in (None, ""))


#: what a data spec may be, for type hints of the entry points
DataSpec = str | os.PathLike | Mapping[int, Any] | Callable[[int], Any] | Source
