"""A plain ``[Z | Y]`` matrix with label columns, in CSV, Excel or Parquet; and Stata ``icio`` tables.

``generic`` layout
------------------
One header row, then one row per country-sector, then optional value-added rows::

    country, sector, AAA_s1, AAA_s2, BBB_s1, BBB_s2, AAA_HH, AAA_GOV, BBB_HH, BBB_GOV, x
    AAA,     s1,     ...
    ...
    VA,      ,       ...              (value-added rows: any label that is not a country)
    x,       ,       ...              (a total row is skipped)

* Row labels: either two columns named ``country`` and ``sector`` (any case), or one label column
  (the first, its header may be empty) holding ``<country>_<sector>`` (split at the first ``_``,
  the convention of OECD ICIO, exvatools and R ``decompr``).
* Intermediate columns: ``<country>_<sector>`` in the same order as the rows (country-major).
* Final-demand columns: ``<country>_<category>``, the country being one of the table; a column
  with no ``_`` and no total name is an error.
* Optional total-output column ``x``, ``X``, ``OUT``, ``TOTAL``, ``GO`` or ``output`` (otherwise
  x is the row sum).
* Rows below the country-sectors: value-added components (kept as reported ``va_rows``), total
  rows (``x``, ``OUT``, ``OUTPUT``, ``GO``, ``TOTAL``, ``II``) are skipped.

Pass ``unit=``, ``year=``, ``source=`` to label the table; ``sheet=`` for Excel; ``sep=`` for CSV.

``stata_icio`` layout
---------------------
The user-table convention of the Stata command ``icio`` (Belotti, Borin & Mancini 2021): a CSV
of numbers only, no labels, ``GN`` rows and ``GN + G`` columns (Z, then final demand summed over
categories, one column per destination country) or ``GN + G + 1`` (total output last), with the
country list (one code per line, in table order) in a separate file given as ``countries=`` or
found beside the table as ``countrylist*.csv`` / ``*countries*.csv``. ``N = rows / G``; sectors
are named ``s1 .. sN`` unless ``sectors=`` is given.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gvckit.errors import FormatError
from gvckit.table import ICIO

if TYPE_CHECKING:
    from gvckit.readers import Source

__all__ = ["read_generic_frame", "read_stata_icio", "FORMATS"]

TOTALS = {"x", "X", "OUT", "TOTAL", "GO", "output", "OUTPUT", "II", "Total", "total"}
EXT = (".csv", ".txt", ".xlsx", ".xls", ".parquet")


def _s(v) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


def read_generic_frame(df: pd.DataFrame, name: str, *, unit: str = "", year: int | None = None,
                       source: str = "", check: bool = True) -> ICIO:
    """Parse a ``[Z | Y]`` frame (header row already applied, labels as ordinary columns)."""
    if df.shape[0] < 1 or df.shape[1] < 2:
        raise FormatError(f"{name}: a table needs a label column and at least one data column; found {df.shape}")
    cols = [_s(c) for c in df.columns]
    low = [c.lower() for c in cols]
    if "country" in low and "sector" in low:
        ci, si = low.index("country"), low.index("sector")
        rc = [_s(v) for v in df.iloc[:, ci]]
        rs = [_s(v) for v in df.iloc[:, si]]
        data_j = [j for j in range(len(cols)) if j not in (ci, si)]
    else:
        lab = [_s(v) for v in df.iloc[:, 0]]
        rc = [v.split("_", 1)[0] if "_" in v else v for v in lab]
        rs = [v.split("_", 1)[1] if "_" in v else "" for v in lab]
        data_j = list(range(1, len(cols)))
    data_cols = [cols[j] for j in data_j]
    # pandas renames a repeated header "AAA_s1" to "AAA_s1.1"; read_csv(dtype=str) keeps it so
    dup_col = next((c for c in data_cols if re.fullmatch(r".+\.\d+", c) and re.sub(r"\.\d+$", "", c) in data_cols), None)
    if dup_col is None:
        dup_col = next((c for c in dict.fromkeys(data_cols) if c and data_cols.count(c) > 1), None)
    if dup_col is not None:
        base = re.sub(r"\.\d+$", "", dup_col)
        raise FormatError(f"{name}: column label {base!r} appears more than once in the header")
    pairs = [f"{c}_{s}" if s else c for c, s in zip(rc, rs, strict=True)]
    dup_row = next((r for r in dict.fromkeys(pairs) if r and "_" in r and pairs.count(r) > 1), None)
    if dup_row is not None:
        raise FormatError(f"{name}: row label {dup_row!r} appears {pairs.count(dup_row)} times "
                          f"(rows {[i + 2 for i, r in enumerate(pairs) if r == dup_row]})")
    pos = {c: k for k, c in enumerate(data_cols)}
    z_rows = [i for i, (c, s) in enumerate(zip(rc, rs, strict=True)) if s and f"{c}_{s}" in pos]
    if not z_rows:
        raise FormatError(f"{name}: no row label <country>_<sector> (or country/sector columns) matches a column "
                          f"label; first rows {list(zip(rc, rs, strict=True))[:3]}, first columns {data_cols[:4]}")
    countries = list(dict.fromkeys(rc[i] for i in z_rows))
    sectors = list(dict.fromkeys(rs[i] for i in z_rows))
    expected = [f"{c}_{s}" for c in countries for s in sectors]
    found = [f"{rc[i]}_{rs[i]}" for i in z_rows]
    row_labels = {p for p in pairs if p}
    no_col = [p for p in pairs if p and "_" in p and p not in pos and (p.split("_", 1)[0] in countries)]
    if no_col:
        raise FormatError(f"{name}: row {no_col[0]!r} has no column of the same label; the intermediate "
                          f"column {no_col[0]!r} is missing")
    no_row = [e for e in expected if e not in row_labels]
    if no_row:
        raise FormatError(f"{name}: the row {no_row[0]!r} is missing (expected one row per country and sector, "
                          f"{len(countries)} x {len(sectors)})")
    if found != expected or z_rows != list(range(z_rows[0], z_rows[0] + len(z_rows))):
        bad = next(((f, e) for f, e in zip(found + [None] * len(expected), expected, strict=False) if f != e), None)
        raise FormatError(f"{name}: the country-sector rows are not a contiguous country-major "
                          f"{len(countries)} x {len(sectors)} block; first mismatch (found, expected): {bad}")
    zc = [pos[e] for e in expected]
    if zc != list(range(zc[0], zc[0] + len(zc))):
        raise FormatError(f"{name}: the intermediate columns are not in the order of the rows")
    fd, fd_lab, xcol = [], [], None
    for k, c in enumerate(data_cols):
        if k in set(zc):
            continue
        if c in TOTALS:
            xcol = k
            continue
        p = c.split("_", 1)
        if len(p) == 2 and p[0] in countries and p[1]:
            fd.append(k)
            fd_lab.append((p[0], p[1]))
        else:
            raise FormatError(f"{name}: column {c!r} is neither <country>_<sector>, <country>_<category> of a "
                              f"table country, nor a total ({sorted(TOTALS)})")
    if not fd:
        raise FormatError(f"{name}: no final-demand columns <country>_<category> found")
    body = df.iloc[:, data_j]
    rowlab = [f"{c}_{s}" if s else c for c, s in zip(rc, rs, strict=True)]

    def num(ri: list[int], cj: list[int], what: str) -> np.ndarray:
        block = body.iloc[ri, cj]
        conv = block.apply(lambda s: pd.to_numeric(s, errors="coerce")) if len(cj) else block
        out = conv.to_numpy(dtype=float)
        bad = np.isnan(out)
        if bad.any():
            r, c = np.argwhere(bad)[0]
            raise FormatError(f"{name}: value {block.iat[r, c]!r} in row {rowlab[ri[r]]!r}, column "
                              f"{data_cols[cj[c]]!r} ({what}) is not a number")
        return out

    Z = num(z_rows, zc, "intermediate")
    Y = num(z_rows, fd, "final demand")
    x = num(z_rows, [xcol], "output")[:, 0] if xcol is not None else None
    va_i = [i for i in range(len(rowlab)) if i not in set(z_rows) and rowlab[i] and rowlab[i] not in TOTALS]
    if any(i < z_rows[0] for i in va_i):
        raise FormatError(f"{name}: row {rowlab[min(va_i)]!r} comes before the country-sector rows")
    index = pd.MultiIndex.from_product([countries, sectors], names=["country", "sector"])
    va = None
    if va_i:
        va = pd.DataFrame(num(va_i, zc, "value added"), index=pd.Index([rowlab[i] for i in va_i], name="component"),
                          columns=index)
    return ICIO(pd.DataFrame(Z, index=index, columns=index),
                pd.DataFrame(Y, index=index, columns=pd.MultiIndex.from_tuples(fd_lab, names=["country", "category"])),
                x=x, va=va, unit=unit, year=year, source=source or "generic table",
                meta={"release": "generic"}, check=check)


def _frame(src: Source, member: str, sheet=0, sep: str | None = None) -> pd.DataFrame:
    low = member.lower()
    where = str(src.path) if src.kind == "file" else f"{src.path}:{member}"
    try:
        if low.endswith(".parquet"):
            df = pd.read_parquet(src.local_path(member))
            if not isinstance(df.index, pd.RangeIndex):
                df = df.reset_index()
            return df
        if low.endswith((".xlsx", ".xls")):
            return pd.read_excel(src.local_path(member), sheet_name=sheet, dtype=object)
        raw = src.open(member).read()
        text = raw.decode("utf-8-sig")
        return pd.read_csv(io.StringIO(text), sep=sep or None, engine="python", dtype=str, keep_default_na=False)
    except FormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - parsers raise many types on garbage
        raise FormatError(f"{where}: not a readable table ({type(exc).__name__}: {exc})") from exc


def _one(src: Source, year: int | None, exts=EXT) -> str:
    from gvckit.readers import pick_year

    files = [n for n in src.names if n.lower().endswith(exts)]
    if not files:
        raise FormatError(f"{src.path}: no CSV, Excel or Parquet file among {src.names[:6]}")
    files = pick_year(src, files, year, "table") if len(files) > 1 else files
    if len(files) > 1:
        raise FormatError(f"{src.path}: several tables {files[:4]}; pass one file")
    return files[0]


def _read(src: Source, year: int | None = None, check: bool = True, unit: str = "", source: str = "",
          sheet=0, sep: str | None = None) -> ICIO:
    member = _one(src, year)
    where = str(src.path) if src.kind == "file" else f"{src.path}:{member}"
    return read_generic_frame(_frame(src, member, sheet, sep), where, unit=unit, year=year, source=source, check=check)


def read_stata_icio(table, countries: Sequence[str] | str | Path, *, sectors: Sequence[str] | None = None,
                    name: str = "", unit: str = "", year: int | None = None, check: bool = True) -> ICIO:
    """Read a Stata ``icio`` user table (numbers only; see the module docstring)."""
    name = name or str(table)
    if isinstance(countries, str | Path):
        try:
            countries = [ln.strip().strip('"') for ln in Path(countries).read_text(encoding="utf-8-sig").splitlines()
                         if ln.strip()]
        except (OSError, UnicodeDecodeError) as exc:
            raise FormatError(f"{countries}: cannot read the country list ({exc})") from exc
    countries = [str(c) for c in countries]
    try:
        arr = pd.read_csv(table, header=None, sep=None, engine="python").to_numpy(dtype=float)
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise FormatError(f"{name}: not a numeric icio table ({type(exc).__name__}: {exc})") from exc
    if np.isnan(arr).any():
        r, c = np.argwhere(np.isnan(arr))[0]
        raise FormatError(f"{name}: row {r + 1}, column {c + 1} is empty or not a number")
    G = len(countries)
    rows, ncol = arr.shape
    if G == 0 or rows % G:
        raise FormatError(f"{name}: {rows} rows cannot be {G} countries x N sectors")
    n = rows
    if ncol not in (n + G, n + G + 1):
        raise FormatError(f"{name}: expected {n + G} columns (Z and one final-demand column per country) or "
                          f"{n + G + 1} (with total output last); found {ncol}")
    N = rows // G
    sectors = [str(s) for s in (sectors or [f"s{i + 1}" for i in range(N)])]
    x = arr[:, n + G] if ncol == n + G + 1 else None
    return ICIO(arr[:, :n], arr[:, n:n + G], x=x, countries=countries, sectors=sectors, fd_categories=["FD"],
                unit=unit, year=year, source="Stata icio user table", meta={"release": "stata_icio"}, check=check)


def _read_stata(src: Source, year: int | None = None, check: bool = True, countries=None, sectors=None,
                unit: str = "") -> ICIO:
    lists = [n for n in src.names if re.search(r"countr(y|ies)", n.rsplit("/", 1)[-1], re.IGNORECASE)]
    tables = [n for n in src.names if n.lower().endswith(".csv") and n not in lists]
    if not tables:
        raise FormatError(f"{src.path}: no icio table CSV found")
    if len(tables) > 1:
        raise FormatError(f"{src.path}: several CSV tables {tables[:4]}; pass one file and countries=")
    if countries is None:
        if src.kind == "file":
            beside = sorted(p for p in src.path.parent.iterdir()
                            if re.search(r"countr(y|ies)", p.name, re.IGNORECASE) and p.suffix.lower() in (".csv", ".txt"))
            if not beside:
                raise FormatError(f"{src.path}: a Stata icio table needs its country list: pass countries= or put "
                                  f"countrylist.csv beside it")
            countries = beside[0]
        else:
            if not lists:
                raise FormatError(f"{src.path}: the country list (countrylist*.csv) is missing")
            countries = [ln.strip().strip('"') for ln in src.open(lists[0]).read().decode("utf-8-sig").splitlines() if ln.strip()]
    where = str(src.path) if src.kind == "file" else f"{src.path}:{tables[0]}"
    return read_stata_icio(src.open(tables[0]), countries, sectors=sectors, name=where, unit=unit, year=year, check=check)


def _sniff(src: Source) -> int:
    files = [n for n in src.names if n.lower().endswith(EXT)]
    if len(files) != 1:
        return 0
    low = files[0].lower()
    if low.endswith((".csv", ".txt")):
        head = src.head(files[0], 16384).decode("utf-8", "replace").splitlines()
        if not head:
            return 0
        first = [h.strip().strip('"') for h in re.split(r"[,;\t]", head[0])]
        if sum("_" in h for h in first) >= max(1, len(first) // 2):
            return 30
        return 0
    return 20


def _sniff_stata(src: Source) -> int:
    files = [n for n in src.names if n.lower().endswith(".csv")]
    lists = [n for n in files if re.search(r"countr(y|ies)", n, re.IGNORECASE)]
    if src.kind == "file" and files:
        try:
            first = src.head(files[0], 4096).decode("utf-8", "replace").splitlines()[0]
            float(re.split(r"[,;\t]", first)[0])
        except (ValueError, IndexError):
            return 0
        return 25
    return 25 if lists and len(files) == 2 else 0


def _formats():
    from gvckit.readers import Format

    return [
        Format("generic", "A [Z | Y] matrix with label columns (CSV, Excel or Parquet), see docs/readers.md",
               ("*.csv", "*.xlsx", "*.parquet"), _sniff, _read, module=__name__),
        Format("stata_icio", "Stata icio user table: numbers only, GN x (GN + G [+1]), with a country list",
               ("<table>.csv + countrylist.csv",), _sniff_stata, _read_stata, module=__name__),
    ]


FORMATS = _formats()
