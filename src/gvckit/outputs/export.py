"""Write result tables to Excel, Stata, Parquet, CSV and JSON, atomically, with their meaning.

:func:`write` takes one tidy result frame (see :func:`gvckit.measures.tidy.result_frame`) or a dict
``name -> frame``; the extension of ``path`` picks the format. Every column carries its unit and
definition (:mod:`gvckit.outputs.units`: ``attrs["units"]`` / ``attrs["definitions"]`` if given,
else gvckit's own vocabulary; shares, indices, text and rules are never labelled as money), into
every format:

============  ===================================================================================
``.xlsx``     one workbook: a first sheet ``README`` (``说明`` with ``lang="zh"``: method, level,
              source, citations, the currency of money columns, the gvckit version), a column
              dictionary sheet ``columns`` (``列说明``: sheet, column, unit, definition), then one
              sheet per table (names cut to Excel's rules: at most 31 characters, none of
              ``[]:*?/\\``, unique ignoring case) with a frozen, filterable header, widths fitted
              to the content, shares formatted as percentages and money with thousands separators.
``.dta``      Stata 14+ (format 118): variable names sanitised to ``[A-Za-z_][A-Za-z0-9_]*``, at
              most 32 characters, unique, no reserved word; variable labels "definition [unit]"
              (the column name when there is no definition), cut to 80 characters; dataset label
              from ``meta["title"]`` or the method.
``.parquet``  the frame as is, with ``df.attrs`` (units and definitions included) stored as JSON
              under the key ``gvckit.attrs`` of the file's key-value metadata, and each column's
              ``unit`` and ``definition`` in its Arrow field metadata.
``.csv``      plain UTF-8 CSV that ``pandas.read_csv`` reads as is (no comment lines; index levels
              as the first columns) and a sidecar ``<stem>.meta.json`` with the attrs (``units``
              and ``definitions`` per column) and the names of the index columns.
``.json``     one file ``{"gvckit_version", "meta", "tables": {name: {"attrs", "index",
              "columns", "data"}}}``.
============  ===================================================================================

Index levels (a ``MultiIndex`` of ``country``, ``sector`` ...) become ordinary leading columns in
every format but Parquet; ``MultiIndex`` columns are flattened to ``level0_level1``.

A dict of several frames written to ``.parquet``, ``.csv`` or ``.dta`` gives one file per table
next to ``path``: ``results.parquet`` with tables ``kww`` and ``wwz`` writes
``results-kww.parquet`` and ``results-wwz.parquet`` (table names sanitised to
``[A-Za-z0-9_.-]``). A dict with a single table writes ``path`` itself.

Every write is atomic: each file is written to a temporary file ``.<name>.<pid>.<random>.tmp`` in
the same directory and moved over its final name with :func:`os.replace` only after all files
of the call were written. An error midway leaves no partial file under a final name and leaves
earlier files untouched; temporaries left by a write that was killed are removed by the next
write to the same place. The target's folder must exist (it is not created), and an unwritable
folder is an :class:`~gvckit.errors.InputError` naming the target.

:func:`read_result` reads the files back, restoring the index and ``attrs`` for Parquet,
CSV (with its sidecar) and JSON.

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> from gvckit.outputs.export import write, read_result
>>> df = pd.DataFrame({"dva": [1.0, 2.0]}, index=pd.Index(["CHN", "USA"], name="country"))
>>> df.attrs.update(method="kww", unit="USD million", definitions={"dva": "domestic value added"})
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = write(df, d / "r.parquet")
>>> back = read_result(d / "r.parquet")
>>> back.attrs["unit"], back.index.name
('USD million', 'country')
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gvckit.errors import FormatError, InputError
from gvckit.messages import check_lang, tr
from gvckit.outputs.formats import FORMATS
from gvckit.outputs.units import column_definitions, column_dictionary, column_units, unit_label

__all__ = [
    "FORMATS",
    "write",
    "read_result",
    "atomic_write",
    "remove_stale_temporaries",
    "excel_sheet_names",
    "stata_names",
    "flatten",
]

ATTRS_KEY = "gvckit.attrs"
_ATTR_FIELDS = ("method", "level", "perspective", "approach", "unit", "year", "source")
_EXCEL_BAD = re.compile(r"[\[\]:*?/\\]")
_STATA_RESERVED = frozenset(
    """aggregate array boolean break byte case catch class colvector complex const continue default
    delegate delete do double else eltypedef end enum explicit export external float for friend
    function global goto if inline int local long NULL pragma protected quad rowvector short
    typedef typename virtual _all _N _skip _b _pi str# in _pred strL _coef _rc using _cons _se
    with _n""".split()
)


# --------------------------------------------------------------------------------------------
# atomic files


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_STALE_AGE = 600.0  # seconds: a temporary without a live writer's pid older than this is stale


def _writer_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # exists but not ours (or no way to tell): keep it
        return True
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove temporaries that an interrupted write to ``target`` left beside it.

    A temporary is ``.<name>.<pid>.<random>.tmp`` (``.<name>.<random>.tmp`` from gvckit < 0.2).
    It is removed when the process that made it no longer runs (or, without a pid, when it is
    older than ten minutes), so that a write in progress in another process is never disturbed.
    Returns the files removed.
    """
    removed = []
    prefix = f".{target.name}."
    try:
        candidates = [p for p in target.parent.iterdir()
                      if p.name.startswith(prefix) and p.name.endswith(".tmp")]
    except OSError:
        return removed
    now = time.time()
    for p in candidates:
        middle = p.name[len(prefix):-len(".tmp")]
        pid_text = middle.split(".", 1)[0] if "." in middle else ""
        try:
            stale = (not _writer_alive(int(pid_text))) if pid_text.isdigit() else (
                now - p.stat().st_mtime > _STALE_AGE)
            if stale and p.is_file():
                p.unlink()
                removed.append(p)
        except OSError:
            continue
    return removed


def _check_folder(p: Path) -> None:
    folder = p.parent
    if not folder.exists():
        raise InputError(f"cannot write {str(p)!r}: folder {str(folder)!r} does not exist")
    if not folder.is_dir():
        raise InputError(f"cannot write {str(p)!r}: {str(folder)!r} is not a folder")
    if p.is_dir():
        raise InputError(f"cannot write {str(p)!r}: it is a folder")


@contextlib.contextmanager
def atomic_write(paths: list[Path]) -> Iterator[list[Path]]:
    """Yield temporary paths next to ``paths``; move them into place only if the block succeeds.

    The temporaries live in the same directory as their targets (so :func:`os.replace` is an
    atomic rename on POSIX and Windows). On any exception every temporary is removed and no
    target is touched; temporaries that an earlier, interrupted write (a killed process) left
    beside a target are removed first (:func:`remove_stale_temporaries`).

    Raises
    ------
    InputError
        A target's folder does not exist (it is not created: a typo should not make folders),
        a target is a folder, or the folder cannot be written; the message names the target.
    """
    paths = [Path(p) for p in paths]
    tmps: list[Path] = []
    try:
        for p in paths:
            _check_folder(p)
            remove_stale_temporaries(p)
            try:
                fd, name = tempfile.mkstemp(
                    prefix=f".{p.name}.{os.getpid()}.", suffix=".tmp", dir=p.parent
                )
            except OSError as e:
                raise InputError(
                    f"cannot write {str(p)!r}: {e.strerror or e} (folder {str(p.parent)!r})"
                ) from None
            os.close(fd)
            tmps.append(Path(name))
        yield tmps
        mode = 0o666 & ~_umask()  # mkstemp makes 0600 files; give the usual permissions
        for tmp, p in zip(tmps, paths, strict=True):
            os.chmod(tmp, mode)
            try:
                os.replace(tmp, p)
            except OSError as e:
                raise InputError(f"cannot write {str(p)!r}: {e.strerror or e}") from None
    finally:
        for tmp in tmps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


# --------------------------------------------------------------------------------------------
# names and shapes


def flatten(df: pd.DataFrame) -> pd.DataFrame:
    """Index levels to leading columns and MultiIndex columns to ``a_b`` strings.

    A default ``RangeIndex`` is dropped; any other index (named or not) is kept as columns
    (an unnamed single index becomes ``index``).
    """
    out = df.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = ["_".join(str(p) for p in tup if str(p) != "") for tup in out.columns]
    else:
        out.columns = [str(c) for c in out.columns]
    if not (isinstance(out.index, pd.RangeIndex) and out.index.name is None):
        names = [
            n if n is not None else ("index" if out.index.nlevels == 1 else f"level_{i}")
            for i, n in enumerate(out.index.names)
        ]
        clash = set(map(str, names)) & set(out.columns)
        if clash:
            raise InputError(f"index level(s) {sorted(clash)} have the same name as a column")
        out.index = out.index.set_names(names)
        out = out.reset_index()
    out.attrs = dict(df.attrs)
    return out


def _excel_trim(name: str) -> str:
    """Strip spaces and apostrophes from both ends (a sheet name may not begin or end with ')."""
    while name != (t := name.strip().strip("'")):
        name = t
    return name


def excel_sheet_names(names: list[str], reserved: tuple[str, ...] = ()) -> list[str]:
    """Sanitise table names to unique Excel sheet names.

    Excel's rules: 1-31 characters, none of ``[ ] : * ? / \\``, not starting or ending with an
    apostrophe, not ``History``, unique ignoring case. ``reserved`` names (e.g. the README sheet)
    are taken already.
    """
    taken = {r.casefold() for r in reserved} | {"history"}
    out = []
    for i, name in enumerate(names):
        base = _excel_trim(_EXCEL_BAD.sub("_", str(name))) or f"Sheet{i + 1}"
        cand = _excel_trim(base[:31])
        k = 2
        while cand.casefold() in taken:
            suffix = f"~{k}"
            cand = _excel_trim(base[: 31 - len(suffix)]) + suffix
            k += 1
        taken.add(cand.casefold())
        out.append(cand)
    return out


def stata_names(names: list[str]) -> list[str]:
    """Sanitise column names to unique Stata variable names.

    Rules: ``[A-Za-z_][A-Za-z0-9_]*``, at most 32 characters, not a Stata reserved word, unique.
    Characters outside ASCII letters, digits and ``_`` become ``_``; a leading digit gets a
    ``_`` prefix; a name left empty or only underscores becomes ``var<i>``.
    """
    taken: set[str] = set()
    out = []
    for i, name in enumerate(names):
        base = re.sub(r"[^A-Za-z0-9_]", "_", str(name))
        base = re.sub(r"_+", "_", base)
        if base and base[0].isdigit():
            base = "_" + base
        if not base.strip("_"):
            base = f"var{i + 1}"
        if base in _STATA_RESERVED:
            base = base + "_"
        cand = base[:32]
        k = 2
        while cand in taken or cand in _STATA_RESERVED:
            suffix = f"_{k}"
            cand = base[: 32 - len(suffix)] + suffix
            k += 1
        taken.add(cand)
        out.append(cand)
    return out


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(name)).strip("._") or "table"


def _jsonable(value: Any) -> Any:
    """Turn attrs into JSON-ready values (numpy scalars, arrays, Paths, dates, tuples)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, _dt.date | _dt.datetime | pd.Timestamp):
        return value.isoformat()
    return str(value)


def _as_tables(obj: pd.DataFrame | Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    if isinstance(obj, pd.DataFrame):
        name = str(obj.attrs.get("method") or "result")
        return {name: obj}
    if isinstance(obj, Mapping):
        if not obj:
            raise InputError("nothing to write: the dict of tables is empty")
        bad = [k for k, v in obj.items() if not isinstance(v, pd.DataFrame)]
        if bad:
            raise InputError(f"tables {bad!r} are not pandas DataFrames")
        return {str(k): v for k, v in obj.items()}
    raise InputError(f"write() takes a DataFrame or a dict of DataFrames, not {type(obj).__name__}")


def _references(attrs: Mapping[str, Any]) -> list[str]:
    refs = attrs.get("references") or []
    return [refs] if isinstance(refs, str) else [str(r) for r in refs]


# --------------------------------------------------------------------------------------------
# writers: (tables, target paths, tmp paths, lang, meta)


def _with_units(df: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy of ``df`` whose attrs carry the resolved per-column units and definitions."""
    out = df.copy(deep=False)
    out.attrs = dict(df.attrs)
    out.attrs["units"] = column_units(df)
    out.attrs["definitions"] = {k: v for k, v in column_definitions(df, "en").items() if v}
    return out


def _has_money(df: pd.DataFrame) -> bool:
    return any(u in ("usd_million", "money") for u in column_units(df).values())


def _readme(
    tables: dict[str, pd.DataFrame], sheets: list[str], lang: str, meta: Mapping[str, Any]
) -> pd.DataFrame:
    import gvckit

    rows: list[tuple[str, str]] = [
        (tr("readme_title", lang), str(meta.get("title", ""))),
        (tr("readme_version", lang), gvckit.__version__),
        (tr("readme_created", lang), _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M")),
        (tr("readme_language", lang), tr("lang_name", lang)),
        ("", tr("export_readme_note", lang, sheet=tr("dict_sheet_name", lang))),
    ]
    rows += [(str(k), str(_jsonable(v))) for k, v in meta.items() if k != "title"]
    for (name, df), sheet in zip(tables.items(), sheets, strict=True):
        rows.append(("", ""))
        rows.append((tr("readme_table", lang), name))
        rows.append((tr("readme_sheet_name", lang), sheet))
        rows.append((tr("readme_rows", lang), str(len(df))))
        for f in _ATTR_FIELDS:
            if df.attrs.get(f) in (None, ""):
                continue
            if f == "unit":  # the currency of the money columns, said only where there are some
                if _has_money(df):
                    rows.append((tr("export_money_unit", lang), str(df.attrs[f])))
                continue
            rows.append((tr(f"attr_{f}", lang), str(df.attrs[f])))
        for ref in _references(df.attrs):
            rows.append((tr("attr_references", lang), ref))
    return pd.DataFrame(rows, columns=[tr("readme_field", lang), tr("readme_value", lang)])


# Excel number formats by unit; widths in characters
_XLSX_FORMATS = {"share": "0.0%", "percent": "0.0", "usd_million": "#,##0.0", "money": "#,##0.0",
                 "index": "0.000", "ratio": "0.000", "stages": "0.000", "count": "#,##0",
                 "year": "0", "by_row": "0.000", "unstated": "General"}
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def _width(values: pd.Series, header: str, unit: str) -> int:
    if unit in _XLSX_FORMATS and unit not in ("year",) and pd.api.types.is_numeric_dtype(values):
        longest = 12
    else:
        sample = values.head(500).map(str)  # every cell as shown, missing ones too
        longest = int(sample.map(len).max()) if len(sample) else 0
    wide = sum(2 if ord(c) > 0x2E7F else 1 for c in header)  # CJK is two columns wide
    return max(_MIN_WIDTH, min(_MAX_WIDTH, max(longest, wide) + 2))


def _write_xlsx(tables, tmps, lang, meta):
    readme_name = tr("readme_sheet", lang)
    dict_name = tr("dict_sheet_name", lang)
    sheets = excel_sheet_names(list(tables), reserved=(readme_name, dict_name))
    readme = _readme(tables, sheets, lang, meta)
    dictionary = column_dictionary(tables, lang, dict(zip(tables, sheets, strict=True)))
    with pd.ExcelWriter(tmps[0], engine="xlsxwriter") as xw:
        book = xw.book
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        formats = {u: book.add_format({"num_format": f}) for u, f in _XLSX_FORMATS.items()}
        readme.to_excel(xw, sheet_name=readme_name, index=False)
        xw.sheets[readme_name].set_column(0, 0, 34)
        xw.sheets[readme_name].set_column(1, 1, 100, wrap)
        dictionary.to_excel(xw, sheet_name=dict_name, index=False)
        ds = xw.sheets[dict_name]
        for j, w in enumerate((24, 28, 22, 90)):
            ds.set_column(j, j, w, wrap if j == 3 else None)
        ds.freeze_panes(1, 0)
        ds.autofilter(0, 0, len(dictionary), 3)
        for (_, df), sheet in zip(tables.items(), sheets, strict=True):
            flat = flatten(df)
            flat.to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            units = column_units(df)
            for j, col in enumerate(flat.columns):
                unit = units.get(str(col), "unstated")
                numeric = pd.api.types.is_numeric_dtype(flat[col]) and not pd.api.types.is_bool_dtype(
                    flat[col])
                fmt = formats.get(unit) if numeric else None
                ws.set_column(j, j, _width(flat[col], str(col), unit), fmt)
            ws.freeze_panes(1, 0)
            if len(flat.columns):
                ws.autofilter(0, 0, len(flat), len(flat.columns) - 1)


def _write_dta(
    df: pd.DataFrame, tmp: Path, name: str, meta: Mapping[str, Any], lang: str = "en"
) -> None:
    flat = flatten(df)
    original = list(flat.columns)
    names = stata_names(original)
    flat.columns = names
    defs = column_definitions(df, lang)
    units = column_units(df)
    cur = df.attrs.get("unit")
    labels = {}
    for n, o in zip(names, original, strict=True):
        unit = units.get(o, "unstated")
        tail = "" if unit in ("text", "code", "unstated") else (
            f" [{unit_label(unit, lang, None if cur is None else str(cur))}]")
        head = defs.get(o) or o
        labels[n] = head[: 80 - len(tail)] + tail if len(head) + len(tail) > 80 else head + tail
    for col in flat.columns:  # Stata has no object dtype: text columns become str
        if flat[col].dtype == object or isinstance(flat[col].dtype, pd.StringDtype):
            flat[col] = flat[col].astype("string").fillna("").astype(object)
        elif isinstance(flat[col].dtype, pd.CategoricalDtype):
            flat[col] = flat[col].astype(str)
    title = str(meta.get("title") or df.attrs.get("method") or name)
    unit = df.attrs.get("unit") if _has_money(df) else None
    label = f"{title} ({unit})" if unit else title
    flat.to_stata(
        tmp, write_index=False, version=118, variable_labels=labels, data_label=label[:80]
    )


def _write_parquet(df: pd.DataFrame, tmp: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = df.copy()
    frame.attrs = {}
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = ["_".join(str(p) for p in tup if str(p) != "") for tup in frame.columns]
    else:
        frame.columns = [str(c) for c in frame.columns]
    table = pa.Table.from_pandas(frame)
    units, defs = df.attrs.get("units", {}), df.attrs.get("definitions", {})
    fields = []
    for f in table.schema:
        fmd = dict(f.metadata or {})
        if f.name in units:
            fmd[b"unit"] = str(units[f.name]).encode("utf-8")
        if defs.get(f.name):
            fmd[b"definition"] = str(defs[f.name]).encode("utf-8")
        fields.append(f.with_metadata(fmd) if fmd else f)
    table = table.cast(pa.schema(fields, metadata=table.schema.metadata))
    md = dict(table.schema.metadata or {})
    md[ATTRS_KEY.encode()] = json.dumps(_jsonable(df.attrs), ensure_ascii=False).encode("utf-8")
    pq.write_table(table.replace_schema_metadata(md), tmp)


def _sidecar(df: pd.DataFrame, flat_index: list[str]) -> dict[str, Any]:
    import gvckit

    return {"gvckit_version": gvckit.__version__, "index": flat_index, "attrs": _jsonable(df.attrs)}


def _index_columns(df: pd.DataFrame) -> list[str]:
    if isinstance(df.index, pd.RangeIndex) and df.index.name is None:
        return []
    return list(flatten(df.iloc[:0]).columns[: df.index.nlevels])


def _write_csv(df: pd.DataFrame, tmp: Path, tmp_meta: Path) -> None:
    flatten(df).to_csv(tmp, index=False, encoding="utf-8")
    tmp_meta.write_text(
        json.dumps(_sidecar(df, _index_columns(df)), ensure_ascii=False, indent=2), "utf-8"
    )


def _write_json(tables, tmp: Path, meta: Mapping[str, Any]) -> None:
    import gvckit

    doc: dict[str, Any] = {
        "gvckit_version": gvckit.__version__,
        "meta": _jsonable(dict(meta)),
        "tables": {},
    }
    for name, df in tables.items():
        split = json.loads(flatten(df).to_json(orient="split", index=False, date_format="iso"))
        doc["tables"][name] = {
            "attrs": _jsonable(df.attrs),
            "index": _index_columns(df),
            "columns": split["columns"],
            "data": split["data"],
        }
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")


def _format_of(path: Path) -> str:
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise InputError(
            f"cannot write {str(path)!r}: unknown extension {ext or '(none)'!r}; "
            f"supported: {', '.join(FORMATS)}"
        )
    return ext


def _per_table_paths(path: Path, names: list[str]) -> list[Path]:
    if len(names) == 1:
        return [path]
    stems = [_file_stem(n) for n in names]
    seen: dict[str, int] = {}
    out = []
    for s in stems:
        seen[s] = seen.get(s, 0) + 1
        s = s if seen[s] == 1 else f"{s}_{seen[s]}"
        out.append(path.with_name(f"{path.stem}-{s}{path.suffix}"))
    return out


def write(
    obj: pd.DataFrame | Mapping[str, pd.DataFrame],
    path: str | os.PathLike[str],
    *,
    lang: str = "en",
    meta: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write one result table or a dict of them; the extension of ``path`` picks the format.

    Parameters
    ----------
    obj : DataFrame or dict of str -> DataFrame
        Tidy results; ``attrs`` (method, level, perspective, approach, unit, year, source,
        references, definitions) travel with them.
    path : path-like
        Target file; ``.xlsx``, ``.dta``, ``.parquet``, ``.csv`` or ``.json``. A dict of several
        tables to ``.parquet``/``.csv``/``.dta`` writes ``<stem>-<table>.<ext>`` files beside it.
    lang : {"en", "zh"}
        Language of the Excel README sheet.
    meta : dict, optional
        Run-level notes (``title`` and anything else) for the README, the JSON document and the
        Stata dataset label.

    Returns
    -------
    list of Path
        The files written (sidecars included).

    Raises
    ------
    InputError
        Unknown extension (the message lists the supported ones), unsupported language, or
        something other than DataFrames.
    """
    check_lang(lang)
    path = Path(path)
    ext = _format_of(path)
    tables = {k: _with_units(v) for k, v in _as_tables(obj).items()}
    meta = dict(meta or {})

    if ext == ".xlsx":
        targets = [path]
        run: Callable[[list[Path]], None] = lambda tmps: _write_xlsx(tables, tmps, lang, meta)  # noqa: E731
    elif ext == ".json":
        targets = [path]
        run = lambda tmps: _write_json(tables, tmps[0], meta)  # noqa: E731
    else:
        files = _per_table_paths(path, list(tables))
        if ext == ".csv":
            targets = [p for f in files for p in (f, f.with_name(f.stem + ".meta.json"))]
        else:
            targets = files

        def run(tmps: list[Path]) -> None:
            for i, (name, df) in enumerate(tables.items()):
                if ext == ".parquet":
                    _write_parquet(df, tmps[i])
                elif ext == ".dta":
                    _write_dta(df, tmps[i], name, meta, lang)
                else:
                    _write_csv(df, tmps[2 * i], tmps[2 * i + 1])

    with atomic_write(targets) as tmps:
        try:
            run(tmps)
        except OSError as e:  # disk full, quota, a file system refusing the temporary ...
            raise InputError(f"cannot write {str(path)!r}: {e.strerror or e}") from None
    return targets


# --------------------------------------------------------------------------------------------
# reading back


def _restore_index(df: pd.DataFrame, index: list[str]) -> pd.DataFrame:
    if index:
        missing = [c for c in index if c not in df.columns]
        if missing:
            raise FormatError(
                f"index column(s) {missing} named in the metadata are not in the table"
            )
        df = df.set_index(index)
    return df


def read_result(path: str | os.PathLike[str]) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """Read a file written by :func:`write`, restoring index and ``attrs`` where stored.

    Parquet, CSV (+ ``.meta.json`` sidecar) and JSON come back with their ``attrs`` and index;
    a JSON file with several tables returns a dict. Excel returns a dict of its table sheets
    (README skipped) and Stata a flat frame whose ``attrs["definitions"]`` holds the variable
    labels, both without the other attrs.

    Raises
    ------
    InputError
        Unknown extension.
    FormatError
        A sidecar or metadata that does not match its table.
    """
    path = Path(path)
    ext = _format_of(path)
    if ext == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        df = table.to_pandas()
        raw = (table.schema.metadata or {}).get(ATTRS_KEY.encode())
        df.attrs = json.loads(raw.decode("utf-8")) if raw else {}
        return df
    if ext == ".csv":
        side = path.with_name(path.stem + ".meta.json")
        info = json.loads(side.read_text("utf-8")) if side.exists() else {"index": [], "attrs": {}}
        df = _restore_index(pd.read_csv(path, encoding="utf-8"), info.get("index", []))
        df.attrs = info.get("attrs", {})
        return df
    if ext == ".json":
        doc = json.loads(path.read_text("utf-8"))
        out = {}
        for name, t in doc.get("tables", {}).items():
            df = _restore_index(pd.DataFrame(t["data"], columns=t["columns"]), t.get("index", []))
            df.attrs = t.get("attrs", {})
            out[name] = df
        return next(iter(out.values())) if len(out) == 1 else out
    if ext == ".dta":
        with pd.io.stata.StataReader(path) as rd:
            df = rd.read()
            df.attrs = {"definitions": rd.variable_labels(), "label": rd.data_label}
        return df
    sheets = pd.read_excel(path, sheet_name=None)
    sheets.pop("README", None)
    sheets.pop("说明", None)
    sheets.pop("columns", None)
    sheets.pop("列说明", None)
    return sheets
