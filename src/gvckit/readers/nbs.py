"""China's national input-output tables (National Bureau of Statistics, NBS), as CSV.

Two layouts, both with label columns ``Code, Description, DescriptionInChinese``:

* **competitive-import** (all benchmark and extension tables 2002-2020, 41-153 sectors): sector
  rows, then ``TII, VA001..VA004, TVA, TI``; columns: sectors, ``TIU``, final-use components
  ``FU101`` (rural households), ``FU102`` (urban households), ``FU103`` (government),
  ``FU201`` (gross fixed capital formation), ``FU202`` (inventories), subtotals ``THC, TC, GCF,
  TFU`` (dropped: they are sums), ``EX`` (exports), ``IM`` (imports), optional ``ERR``
  (discrepancy) and ``GO``. Row identity ``GO = TIU + FU1.. + FU2.. + EX - IM + ERR``. Imports are
  inside Z and Y (competitive); gvckit keeps them as ``imports_competitive``.
* **non-competitive-import** (42 sectors, 2017, 2018, 2020): an extra column ``Origin`` with
  ``Domestic`` (42 rows), ``Imports`` (42 rows) and ``TOT`` (value-added rows); columns sectors,
  ``TIU, TC, FU201, FU202, EX, TFU, GO``. The domestic block becomes ``Z``/``Y``/exports, the
  import block ``imports_Z``/``imports_Y``; the re-exports of imports (``EX`` of the import rows)
  are kept in ``meta["reexports_of_imports"]``.

Values are in 10,000 CNY (万元) at current producers' prices.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvckit.errors import FormatError
from gvckit.table import ICIO

__all__ = ["read_nbs_csv", "is_nbs_csv"]

LABELS = ["Code", "Description", "DescriptionInChinese"]
VA_ROWS = ["VA001", "VA002", "VA003", "VA004"]
VA_NAMES = {
    "VA001": ("Compensation of employees", "劳动者报酬"),
    "VA002": ("Net taxes on production", "生产税净额"),
    "VA003": ("Depreciation of fixed assets", "固定资产折旧"),
    "VA004": ("Operating surplus", "营业盈余"),
}
FD_COMPONENTS = ["FU101", "FU102", "FU103", "FU201", "FU202"]
FD_NAMES = {
    "FU101": "rural household consumption",
    "FU102": "urban household consumption",
    "FU103": "government consumption",
    "FU201": "gross fixed capital formation",
    "FU202": "changes in inventories",
    "TC": "final consumption",
    "ERR": "statistical discrepancy",
}
SUBTOTALS = {"TIU", "THC", "TC", "GCF", "TFU"}
UNIT = "10,000 CNY (万元), current producers' prices"


def _read(path_or_buf) -> pd.DataFrame:
    name = str(path_or_buf)
    try:
        df = pd.read_csv(path_or_buf, dtype={"Code": str})
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OSError) as exc:
        raise FormatError(f"{name}: not a readable NBS input-output CSV ({exc})") from exc
    missing = [c for c in LABELS if c not in df.columns]
    if missing:
        raise FormatError(f"{name}: not an NBS input-output CSV: label columns {missing} are missing "
                          f"(expected {LABELS}; found {list(df.columns[:6])} ...)")
    return df


def is_nbs_csv(header: list[str]) -> bool:
    """True when a CSV header looks like an NBS table (used by format detection)."""
    return header[:3] == LABELS and "GO" in header


def _numeric(df: pd.DataFrame, cols: list[str], name: str) -> np.ndarray:
    block = df[cols]
    out = block.apply(pd.to_numeric, errors="coerce")
    bad = out.isna() & block.notna()
    if bad.to_numpy().any():
        r, c = np.nonzero(bad.to_numpy())
        raise FormatError(f"{name}: value {block.iat[r[0], c[0]]!r} in row {df['Code'].iat[r[0]]!r}, "
                          f"column {cols[c[0]]!r} is not a number")
    return out.fillna(0.0).to_numpy(dtype=float)


def read_nbs_csv(path, *, year: int | None = None, country: str = "CHN", check: bool = True) -> ICIO:
    """Read an NBS table (either layout) into a single-country, open :class:`ICIO`.

    Parameters
    ----------
    path : path or file-like
    year : int, optional
        Taken from a ``china_<year>_...`` file name when not given.
    country : str
        Code of the (single) region, ``"CHN"`` by default.
    """
    name = str(path)
    df = _read(path)
    if year is None:
        stem = Path(name).name
        parts = [p for p in stem.replace(".", "_").split("_") if p.isdigit() and len(p) == 4]
        year = int(parts[0]) if parts else None
    sector_cols = [c for c in df.columns if c not in LABELS and c != "Origin" and str(c).isdigit()]
    if not sector_cols:
        raise FormatError(f"{name}: no numeric sector columns (such as 01, 02, ...) in the header")
    if "GO" not in df.columns:
        raise FormatError(f"{name}: the total-output column 'GO' is missing")
    if "Origin" in df.columns:
        return _noncompetitive(df, sector_cols, name, year, country, check)
    return _competitive(df, sector_cols, name, year, country, check)


def _sector_info(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"code": rows["Code"].to_numpy(), "name": rows["Description"].to_numpy(),
                         "name_zh": rows["DescriptionInChinese"].to_numpy()})


def _rows(df: pd.DataFrame, codes: list[str], name: str, what: str) -> pd.DataFrame:
    found = df.set_index("Code")
    missing = [c for c in codes if c not in found.index]
    if missing:
        raise FormatError(f"{name}: {what} rows {missing[:8]} are missing")
    if found.index.duplicated().any():
        dup = found.index[found.index.duplicated()].tolist()
        raise FormatError(f"{name}: {what} rows {dup[:5]} appear more than once")
    return found.loc[codes].copy().reset_index()


def _competitive(df, sectors, name, year, country, check) -> ICIO:
    rows = _rows(df, sectors, name, "sector")
    fd = [c for c in FD_COMPONENTS if c in df.columns]
    if not fd:
        raise FormatError(f"{name}: no final-use component columns ({FD_COMPONENTS}) found")
    for need in ("EX", "IM"):
        if need not in df.columns:
            raise FormatError(f"{name}: column {need!r} is missing from a competitive-import table")
    if "ERR" in df.columns:
        fd = fd + ["ERR"]
    Z = _numeric(rows, sectors, name)
    Y = _numeric(rows, fd, name)
    ex = _numeric(rows, ["EX"], name)
    im = _numeric(rows, ["IM"], name)[:, 0]
    x = _numeric(rows, ["GO"], name)[:, 0]
    va_rows = _rows(df, VA_ROWS, name, "value-added")
    va = _numeric(va_rows, sectors, name)
    return ICIO(
        Z, Y, x=x, va=va, va_rows=VA_ROWS, exports=ex, imports_competitive=im,
        countries=[country], sectors=sectors, fd_categories=fd,
        sector_info=_sector_info(rows), country_info={country: "China"} if country == "CHN" else None,
        unit=UNIT, year=year, source="China NBS input-output table (competitive imports)",
        meta={"layout": "nbs_competitive", "file": Path(name).name, "fd_names": {k: FD_NAMES[k] for k in fd},
              "va_names": VA_NAMES},
        check=check,
    )


def _noncompetitive(df, sectors, name, year, country, check) -> ICIO:
    origin = df["Origin"].astype(str)
    dom = df[origin == "Domestic"]
    imp = df[origin == "Imports"]
    tot = df[origin == "TOT"]
    if dom.empty or imp.empty:
        raise FormatError(f"{name}: a non-competitive table needs 'Domestic' and 'Imports' rows in column Origin")
    dom = _rows(dom, sectors, name, "domestic sector")
    imp = _rows(imp, sectors, name, "imported product")
    fd = [c for c in ("TC", "FU201", "FU202") if c in df.columns]
    if not fd or "EX" not in df.columns:
        raise FormatError(f"{name}: final-use columns TC/FU201/FU202 and EX are required")
    Z = _numeric(dom, sectors, name)
    Y = _numeric(dom, fd, name)
    ex = _numeric(dom, ["EX"], name)
    x = _numeric(dom, ["GO"], name)[:, 0]
    mz = _numeric(imp, sectors, name)
    my = _numeric(imp, fd, name)
    reex = _numeric(imp, ["EX"], name)[:, 0]
    va_rows = _rows(tot, VA_ROWS, name, "value-added")
    va = _numeric(va_rows, sectors, name)
    index = pd.MultiIndex.from_product([[country], sectors], names=["country", "sector"])
    fdcols = pd.MultiIndex.from_product([[country], fd], names=["country", "category"])
    mlabels = pd.Index([f"M{c}" for c in sectors], name="import")
    return ICIO(
        Z, pd.DataFrame(Y, index=index, columns=fdcols), x=x, va=va, va_rows=VA_ROWS, exports=ex,
        imports_Z=pd.DataFrame(mz, index=mlabels, columns=index),
        imports_Y=pd.DataFrame(my, index=mlabels, columns=fdcols),
        countries=[country], sectors=sectors,
        sector_info=_sector_info(dom), country_info={country: "China"} if country == "CHN" else None,
        unit=UNIT, year=year, source="China NBS input-output table (non-competitive imports)",
        meta={"layout": "nbs_noncompetitive", "file": Path(name).name,
              "reexports_of_imports": dict(zip(mlabels, reex, strict=True)),
              "fd_names": {k: FD_NAMES.get(k, k) for k in fd}, "va_names": VA_NAMES},
        check=check,
    )


def _sniff(src) -> int:
    csvs = [n for n in src.names if n.lower().endswith(".csv")]
    if len(csvs) != 1:
        return 0
    first = src.head(csvs[0], 8192).decode("utf-8-sig", "replace").splitlines()
    header = [h.strip().strip('"') for h in first[0].split(",")] if first else []
    return 100 if is_nbs_csv(header) else 0


def _reader(src, year: int | None = None, check: bool = True, country: str = "CHN") -> ICIO:
    csvs = [n for n in src.names if n.lower().endswith(".csv")]
    if len(csvs) != 1:
        raise FormatError(f"{src.path}: expected one NBS CSV, found {csvs[:5]}")
    from gvckit.readers import years_in

    if year is None:
        found = years_in(csvs)
        year = found[0] if len(found) == 1 else None
    if src.kind == "file":
        t = read_nbs_csv(src.path, year=year, country=country, check=check)
    else:
        import io

        buf = io.StringIO(src.open(csvs[0]).read().decode("utf-8-sig"))
        t = read_nbs_csv(buf, year=year, country=country, check=check)
        t.meta["file"] = csvs[0]
    t.meta.setdefault("release", t.meta.get("layout", "nbs"))
    return t


def _formats():
    from gvckit.readers import Format

    return [Format("china_nbs", "China NBS national input-output table (CSV with Code, Description, "
                   "DescriptionInChinese; competitive or non-competitive imports)",
                   ("china_<year>_<sectors>.csv",), _sniff, _reader, module=__name__)]


FORMATS = _formats()
