"""gvckit's own lossless Parquet file: one table, every block, every label, all metadata.

Layout of the single Parquet table (float64 columns, one row group):

* rows: the GN country-sector rows, then the reported value-added rows (if any), then the
  imported-product rows of a non-competitive table (if any); column ``block`` says which
  (``"Z"``, ``"va"``, ``"imports"``) and ``row`` gives the row's position inside its block;
* columns ``c0 .. c{GN-1}``: Z (value-added and imported-input rows under the same columns);
  ``y0 ..``: final demand (imported final use under the same columns); ``x``; ``e0 ..``: exports
  to outside the table; ``m``: competitive imports. Cells that do not exist are null.
* Parquet key-value metadata ``gvckit`` (JSON): format version, countries, sectors,
  final-demand columns, value-added row names, import row names, export column names,
  ``country_info``/``sector_info`` records, unit, year, source and ``meta``.

Values are stored as float64, so a round trip is exact. ``meta`` must be JSON-serialisable
(numpy scalars and arrays are converted; anything else raises :class:`FormatError`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gvckit.errors import FormatError
from gvckit.table import ICIO

if TYPE_CHECKING:
    from gvckit.readers import Source

__all__ = ["write_parquet", "to_parquet", "read_parquet", "FORMATS"]

KEY = b"gvckit"
VERSION = 1


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {"__dict__": [[_jsonable(k), _jsonable(v)] for k, v in obj.items()]}
    if isinstance(obj, tuple):
        return {"__tuple__": [_jsonable(v) for v in obj]}
    if isinstance(obj, list):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return {"__ndarray__": _jsonable(obj.tolist()), "dtype": str(obj.dtype)}
    if isinstance(obj, np.generic):
        return obj.item()
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    if isinstance(obj, pd.Series | pd.DataFrame):
        return {"__pandas__": obj.to_json(orient="split"), "kind": type(obj).__name__}
    raise FormatError(f"meta value of type {type(obj).__name__} cannot be stored in Parquet metadata")


def _restore(obj: Any) -> Any:
    if isinstance(obj, list):
        return [_restore(v) for v in obj]
    if isinstance(obj, dict):
        if "__dict__" in obj:
            return {_restore(k): _restore(v) for k, v in obj["__dict__"]}
        if "__tuple__" in obj:
            return tuple(_restore(v) for v in obj["__tuple__"])
        if "__ndarray__" in obj:
            return np.asarray(_restore(obj["__ndarray__"]), dtype=obj["dtype"])
        if "__pandas__" in obj:
            import io

            reader = pd.read_json(io.StringIO(obj["__pandas__"]), orient="split",
                                  typ="series" if obj["kind"] == "Series" else "frame",
                                  dtype=False, convert_axes=False)
            return reader
        return {k: _restore(v) for k, v in obj.items()}
    return obj


def _info(frame: pd.DataFrame) -> dict:
    out = frame.reset_index()
    return {"columns": [str(c) for c in out.columns],
            "data": [[_jsonable(v) if not (isinstance(v, float) and np.isnan(v)) else None for v in row]
                     for row in out.itertuples(index=False)]}


def _info_back(d: dict) -> pd.DataFrame:
    return pd.DataFrame(d["data"], columns=d["columns"]).set_index("code")


def write_parquet(table: ICIO, path: str | Path) -> None:
    """Write ``table`` to one Parquet file, losslessly (see the module docstring for the layout).

    Parameters
    ----------
    table : ICIO
    path : str or Path

    Examples
    --------
    >>> import gvckit, tempfile, os
    >>> from gvckit.readers.gvckit_parquet import write_parquet, read_parquet
    >>> t = gvckit.ICIO(Z=[[150, 500], [200, 100]], Y=[[350], [1700]], countries=["AAA"],
    ...                 sectors=["s1", "s2"], fd_categories=["FD"], unit="USD", year=2020)
    >>> p = os.path.join(tempfile.mkdtemp(), "t.parquet")
    >>> write_parquet(t, p)
    >>> read_parquet(p).equals(t)
    True
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    Z, Y, x = table.arrays()
    n = table.n
    m = Y.shape[1]
    va = table.va_rows
    mz, my = table.imports_Z, table.imports_Y
    ex = table.exports
    mc = table.imports_competitive
    k_va = 0 if va is None else len(va)
    imp_index = mz.index if mz is not None else (my.index if my is not None else None)
    k_im = 0 if imp_index is None else len(imp_index)
    rows = n + k_va + k_im

    def col(top: np.ndarray | None, *parts: tuple[int, np.ndarray | None]) -> np.ndarray:
        out = np.full(rows, np.nan)
        if top is not None:
            out[:n] = top
        for start, arr in parts:
            if arr is not None:
                out[start:start + len(arr)] = arr
        return out

    cols: dict[str, Any] = {
        "block": ["Z"] * n + ["va"] * k_va + ["imports"] * k_im,
        "row": list(range(n)) + list(range(k_va)) + list(range(k_im)),
    }
    for j in range(n):
        cols[f"c{j}"] = col(Z[:, j], (n, None if va is None else va.to_numpy()[:, j]),
                            (n + k_va, None if mz is None else mz.to_numpy()[:, j]))
    for j in range(m):
        cols[f"y{j}"] = col(Y[:, j], (n + k_va, None if my is None else my.to_numpy()[:, j]))
    cols["x"] = col(x)
    if table.x_reported is not None:  # the publisher's stored output, kept beside x
        cols["x_reported"] = col(table.x_reported.to_numpy(dtype=float))
    if ex is not None:
        for j in range(ex.shape[1]):
            cols[f"e{j}"] = col(ex.to_numpy()[:, j])
    if mc is not None:
        cols["m"] = col(mc.to_numpy())
    header = {
        "version": VERSION,
        "countries": list(table.countries),
        "sectors": list(table.sectors),
        "fd_cols": [list(c) for c in table.Y.columns],
        "va_rows": None if va is None else [str(r) for r in va.index],
        "import_rows": None if imp_index is None else [str(r) for r in imp_index],
        "import_index_name": None if imp_index is None else imp_index.name,
        "has_imports_Z": mz is not None,
        "has_imports_Y": my is not None,
        "export_cols": None if ex is None else [str(c) for c in ex.columns],
        "competitive": mc is not None,
        "country_info": _info(table.country_info),
        "sector_info": _info(table.sector_info),
        "unit": table.unit,
        "year": None if table.year is None else int(table.year),
        "source": table.source,
        "meta": _jsonable(table.meta),
    }
    tab = pa.table(cols)
    tab = tab.replace_schema_metadata({KEY: json.dumps(header, ensure_ascii=False).encode("utf-8")})
    try:
        pq.write_table(tab, str(path))
    except OSError as exc:
        raise FormatError(f"{path}: cannot write the Parquet file ({exc})") from exc


#: The same writer under the name of the method :meth:`gvckit.ICIO.to_parquet`.
to_parquet = write_parquet


def _header(pf, name: str) -> dict:
    meta = pf.schema_arrow.metadata or {}
    if KEY not in meta:
        raise FormatError(f"{name}: a Parquet file without gvckit metadata (key 'gvckit'); "
                          f"read generic Parquet tables with format='generic'")
    try:
        header = json.loads(meta[KEY].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"{name}: the gvckit metadata is damaged ({exc})") from exc
    if header.get("version") != VERSION:
        raise FormatError(f"{name}: gvckit Parquet version {header.get('version')!r}, this gvckit reads {VERSION}")
    return header


def read_parquet(path: str | Path, *, check: bool = True) -> ICIO:
    """Read a file written by :func:`write_parquet` (exact round trip)."""
    import pyarrow.parquet as pq

    name = str(path)
    try:
        pf = pq.ParquetFile(path)
        header = _header(pf, name)
        frame = pf.read().to_pandas()
    except FormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types on damaged files
        raise FormatError(f"{name}: not a readable Parquet file ({type(exc).__name__}: {exc})") from exc
    countries, sectors = header["countries"], header["sectors"]
    n = len(countries) * len(sectors)
    m = len(header["fd_cols"])
    blocks = frame["block"].astype(str).to_numpy()
    need = [f"c{j}" for j in range(n)] + [f"y{j}" for j in range(m)] + ["x"]
    missing = [c for c in need if c not in frame.columns]
    if missing or (blocks == "Z").sum() != n:
        raise FormatError(f"{name}: the gvckit Parquet layout is incomplete (missing columns {missing[:5]} "
                          f"or {int((blocks == 'Z').sum())} Z rows where {n} are expected)")
    zc = [f"c{j}" for j in range(n)]
    yc = [f"y{j}" for j in range(m)]
    zrows = frame[blocks == "Z"]
    index = pd.MultiIndex.from_product([countries, sectors], names=["country", "sector"])
    fd = pd.MultiIndex.from_tuples([tuple(c) for c in header["fd_cols"]], names=["country", "category"])
    Z = zrows[zc].to_numpy(dtype=float)
    Y = pd.DataFrame(zrows[yc].to_numpy(dtype=float), index=index, columns=fd)
    x = zrows["x"].to_numpy(dtype=float)
    x_reported = zrows["x_reported"].to_numpy(dtype=float) if "x_reported" in frame.columns else None
    va = None
    if header["va_rows"] is not None:
        va = pd.DataFrame(frame.loc[blocks == "va", zc].to_numpy(dtype=float),
                          index=pd.Index(header["va_rows"], name="component"), columns=index)
    mz = my = None
    if header["import_rows"] is not None:
        imp = frame[blocks == "imports"]
        iidx = pd.Index(header["import_rows"], name=header["import_index_name"])
        if header["has_imports_Z"]:
            mz = pd.DataFrame(imp[zc].to_numpy(dtype=float), index=iidx, columns=index)
        if header["has_imports_Y"]:
            my = pd.DataFrame(imp[yc].to_numpy(dtype=float), index=iidx, columns=fd)
    ex = None
    if header["export_cols"] is not None:
        ex = pd.DataFrame(zrows[[f"e{j}" for j in range(len(header["export_cols"]))]].to_numpy(dtype=float),
                          index=index, columns=header["export_cols"])
    mc = zrows["m"].to_numpy(dtype=float) if header["competitive"] else None
    return ICIO(
        Z, Y, x=x, va=va, exports=ex, imports_Z=mz, imports_Y=my, imports_competitive=mc,
        x_reported=x_reported, countries=countries, sectors=sectors,
        country_info=_info_back(header["country_info"]), sector_info=_info_back(header["sector_info"]),
        unit=header["unit"], year=header["year"], source=header["source"],
        meta=_restore(header["meta"]), check=check,
    )


def _sniff(src: Source) -> int:
    pq_files = [n for n in src.names if n.lower().endswith(".parquet")]
    if src.kind != "file" or not pq_files:
        return 0
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(src.path).metadata or {}
    except Exception:  # noqa: BLE001
        return 0
    return 100 if KEY in meta else 0


def _reader(src: Source, year: int | None = None, check: bool = True) -> ICIO:
    t = read_parquet(src.path, check=check)
    if year is not None and t.year is not None and int(t.year) != int(year):
        raise FormatError(f"{src.path}: holds year {t.year}, not {year}")
    return t


def _format():
    from gvckit.readers import Format

    return Format("gvckit_parquet", "gvckit's own lossless Parquet file (write_parquet / ICIO.to_parquet)",
                  ("*.parquet",), _sniff, _reader, extra=None, module=__name__)


FORMATS = [_format()]
