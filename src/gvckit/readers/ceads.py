"""CEADs China multi-regional (provincial) input-output tables, xlsx.

CEADs (Carbon Emission Accounts and Datasets, ceads.net) publishes China's provincial MRIO tables:
31 provinces x 42 sectors for 2012, 2015 and 2017 (Zheng, H. et al. (2021), "Chinese provincial
multi-regional input-output database for 2012, 2015, and 2017", Scientific Data 8: 244), and the
earlier 30 x 30 table for 2012 (Mi, Z. et al. (2018), "A multi-regional input-output table
mapping China's economic outputs and interdependencies in 2012", Scientific Data 5: 180155).

Workbook: ``MRIO 2018.xlsx`` holds the sheets ``Note``, ``Sector `` (with a trailing space),
``Province``, ``Table_2018`` (Chinese labels) and ``Table_2018_English Version`` (issue #12); the
reader takes the table sheet (``Table_<year>_English Version``, else ``Table_<year>``, else the
first sheet whose header names provinces and 'Total output'; ``sheet=`` chooses another), and
detection looks at every sheet, so the ``Note`` sheet in front does not hide the table.

Layout read (the structure published in Mi et al. 2018, Table 5, and Zheng et al. 2021, Fig. 1;
an original workbook could not be inspected from here, so the reader locates every block by its
labels and says which label it misses):

* optional title rows, then two header rows: the **region row** names the province over each
  intermediate-use column and each final-use column, and carries the trailing labels; the
  **item row** names the sector over each intermediate-use column and the final-use category
  (rural / urban household consumption, government consumption, gross fixed capital formation,
  changes in inventories, ...) over each final-use column;
* label columns (province, then sector; a sector-code column may sit between them);
* trailing columns: ``Export`` (required), optional ``Import`` (imports as a column: competitive
  layout), optional ``Other``/``Error`` (balancing item), ``Total output`` (required); subtotal
  columns (``TIU``, ``TFU``, total intermediate / final use) are skipped;
* G x N data rows (province x sector), then optional ``Import`` row(s) (non-competitive layout),
  optional ``Total intermediate input``, value-added rows (compensation of employees, net taxes on
  production, depreciation, operating surplus, ...), optional ``Total value added`` and
  ``Total input`` (required). Chinese labels (出口, 进口, 总产出, 总投入, 增加值, ...) are accepted.

What gvckit builds: provinces are regions (``countries``: two-letter codes such as ``ZJ``, with
English and Chinese names), the world outside China an open economy: exports go to
``exports`` (one column ``EX``); an ``Import`` row becomes ``imports_Z``/``imports_Y`` (one row
``IM``: imports are non-competitive, outside Z and Y); an ``Import`` column becomes
``imports_competitive`` (imports inside Z and Y). The ``Other``/``Error`` column is kept as a
final-demand category ``ERR`` of the producing province (so rows balance) and reported in
``meta["balancing_item"]``. Sector codes are NBS 42-sector codes ``01``-``42`` when the labels are
the 42 NBS sector names (English or Chinese), the labels themselves otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gvckit.errors import FormatError
from gvckit.table import ICIO

if TYPE_CHECKING:
    from gvckit.readers import Source

__all__ = ["read_ceads", "is_ceads", "PROVINCES", "FORMATS"]

#: Province code -> (English name, Chinese name), in the order of the CEADs tables.
PROVINCES = {
    "BJ": ("Beijing", "北京"), "TJ": ("Tianjin", "天津"), "HE": ("Hebei", "河北"), "SX": ("Shanxi", "山西"),
    "NM": ("Inner Mongolia", "内蒙古"), "LN": ("Liaoning", "辽宁"), "JL": ("Jilin", "吉林"),
    "HL": ("Heilongjiang", "黑龙江"), "SH": ("Shanghai", "上海"), "JS": ("Jiangsu", "江苏"),
    "ZJ": ("Zhejiang", "浙江"), "AH": ("Anhui", "安徽"), "FJ": ("Fujian", "福建"), "JX": ("Jiangxi", "江西"),
    "SD": ("Shandong", "山东"), "HA": ("Henan", "河南"), "HB": ("Hubei", "湖北"), "HN": ("Hunan", "湖南"),
    "GD": ("Guangdong", "广东"), "GX": ("Guangxi", "广西"), "HI": ("Hainan", "海南"), "CQ": ("Chongqing", "重庆"),
    "SC": ("Sichuan", "四川"), "GZ": ("Guizhou", "贵州"), "YN": ("Yunnan", "云南"), "XZ": ("Tibet", "西藏"),
    "SN": ("Shaanxi", "陕西"), "GS": ("Gansu", "甘肃"), "QH": ("Qinghai", "青海"), "NX": ("Ningxia", "宁夏"),
    "XJ": ("Xinjiang", "新疆"),
}
CITATION = ("Zheng, H., Bai, Y., Wei, W., Meng, J., Zhang, Z., Song, M. and Guan, D. (2021), Chinese "
            "provincial multi-regional input-output database for 2012, 2015, and 2017, Scientific Data 8: 244.")

_SUFFIX = re.compile(r"(province|municipality|autonomous region|zhuang|hui|uygur|uyghur|uighur|"
                     r"省|市|自治区|壮族|回族|维吾尔)", re.IGNORECASE)


def _norm(v: Any) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    return re.sub(r"\s+", " ", str(v)).strip()


def _key(v: Any) -> str:
    return re.sub(r"[\s_\-.,()（）/&]+", "", _norm(v).lower())


_PROV_KEYS: dict[str, str] = {}
for _code, (_en, _zh) in PROVINCES.items():
    for _lab in (_code, _en, _zh, f"{_en} province", f"{_en} municipality"):
        _PROV_KEYS[_key(_lab)] = _code
_PROV_KEYS.update({_key("Neimenggu"): "NM", _key("Inner Mongolia Autonomous Region"): "NM",
                   _key("Xizang"): "XZ", _key("Shannxi"): "SN", _key("Shaanxi Province"): "SN"})


def province_code(label: Any) -> str | None:
    """Two-letter code of a province label (English or Chinese, with or without 省/市/Province)."""
    k = _key(label)
    if k in _PROV_KEYS:
        return _PROV_KEYS[k]
    k2 = _key(_SUFFIX.sub("", _norm(label)))
    return _PROV_KEYS.get(k2)


LABELS = {
    "export": {"export", "exports", "ex", "出口"},
    "import": {"import", "imports", "im", "进口"},
    "other": {"other", "others", "error", "err", "balance", "statisticaldiscrepancy", "其他", "误差", "平衡项"},
    "total_output": {"totaloutput", "output", "go", "x", "总产出", "总产品"},
    "total_input": {"totalinput", "totalinputs", "ti", "总投入"},
    "tii": {"totalintermediateinput", "totalintermediateinputs", "tii", "中间投入合计"},
    "tva": {"totalvalueadded", "tva", "valueadded", "增加值合计", "增加值"},
    "subtotal": {"tiu", "tfu", "totalintermediateuse", "totalfinaluse", "totaluse", "中间使用合计",
                 "最终使用合计", "totalfinaldemand"},
}
VA_NAMES = {
    "compensationofemployees": ("VA001", "Compensation of employees", "劳动者报酬"),
    "劳动者报酬": ("VA001", "Compensation of employees", "劳动者报酬"),
    "nettaxesonproduction": ("VA002", "Net taxes on production", "生产税净额"),
    "生产税净额": ("VA002", "Net taxes on production", "生产税净额"),
    "depreciationoffixedassets": ("VA003", "Depreciation of fixed assets", "固定资产折旧"),
    "depreciationoffixedcapital": ("VA003", "Depreciation of fixed assets", "固定资产折旧"),
    "固定资产折旧": ("VA003", "Depreciation of fixed assets", "固定资产折旧"),
    "operatingsurplus": ("VA004", "Operating surplus", "营业盈余"),
    "营业盈余": ("VA004", "Operating surplus", "营业盈余"),
}


def _is(label: Any, what: str) -> bool:
    return _key(label) in LABELS[what]


def _cell(r: int, c: int) -> str:
    s, n = "", c + 1
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return f"{s}{r + 1}"


def _load(path: Any, sheet: Any) -> pd.DataFrame:
    name = str(path)
    try:
        raw = pd.read_excel(path, sheet_name=sheet, header=None, engine="openpyxl", keep_default_na=False)
    except FileNotFoundError as exc:
        raise FormatError(f"{name}: no such file") from exc
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise FormatError(f"{name}: not a readable xlsx workbook ({type(exc).__name__}: {exc}); "
                          f"the file may be truncated or damaged") from exc
    if isinstance(raw, dict):  # pragma: no cover - sheet_name=None not used
        raw = next(iter(raw.values()))
    return raw


def _sheet_names(path: Any) -> list[str]:
    try:
        if hasattr(path, "seek"):
            path.seek(0)
        return list(pd.ExcelFile(path, engine="openpyxl").sheet_names)
    except Exception as exc:  # noqa: BLE001
        raise FormatError(f"{getattr(path, 'name', path)}: not a readable xlsx workbook ({type(exc).__name__}: "
                          f"{exc}); the file may be truncated or damaged") from exc
    finally:
        if hasattr(path, "seek"):
            path.seek(0)


def _find_header(raw: pd.DataFrame, name: str) -> tuple[int, int]:
    """Rows of the region header and the item header (the latter directly below)."""
    top = min(len(raw), 30)
    for r in range(top):
        row = raw.iloc[r]
        if any(_is(v, "total_output") for v in row):
            for hr in (r, r - 1):
                if 0 <= hr < len(raw) - 1:
                    provs = [province_code(v) for v in raw.iloc[hr]]
                    if sum(p is not None for p in provs) >= 2:
                        return hr, hr + 1
            raise FormatError(
                f"{name}: found the 'Total output' label in row {r + 1} but no header row of province "
                f"names (such as 'Beijing' / '北京') in row {r + 1} or {r}; the layout has changed")
    raise FormatError(f"{name}: no 'Total output' (总产出) column label in the first {top} rows; "
                      f"not a CEADs MRIO sheet or the header has changed")


def _numeric(raw: pd.DataFrame, rows: list[int], cols: list[int], name: str) -> np.ndarray:
    """Numbers of ``raw`` at (rows, cols); a blank cell is 0, text is an error naming the cell."""
    block = raw.iloc[rows, cols]
    out = block.apply(pd.to_numeric, errors="coerce")
    bad = (out.isna() & block.map(lambda v: _norm(v) != "")).to_numpy()
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FormatError(f"{name}: cell {_cell(rows[r], cols[c])} holds {block.iat[r, c]!r}, not a number")
    return out.fillna(0.0).to_numpy(dtype=float)


def _nbs42_codes(labels: list[str]) -> list[str] | None:
    from gvckit.concordance import codes

    try:
        ref = codes("nbs42")
    except Exception:  # pragma: no cover - data always shipped
        return None
    if len(labels) != len(ref):
        return None
    en = [_key(v) for v in ref["name"]]
    zh = [_key(v) for v in ref["name_zh"]]
    got = [_key(v) for v in labels]
    if got == en or got == zh or got == [_key(c) for c in ref.index]:
        return list(ref.index)
    return None


def read_ceads(path: str | Path | Any, year: int | None = None, check: bool = True, *,
               sheet: Any = None, unit: str | None = None) -> ICIO:
    """Read a CEADs provincial MRIO workbook into an :class:`~gvckit.table.ICIO`.

    Parameters
    ----------
    path : str, Path or binary file
        The ``.xlsx`` workbook.
    year : int, optional
        Taken from the file name (2012, 2015, 2017) when not given.
    check : bool
        Run the input checks.
    sheet : int or str, optional
        The worksheet; by default the table sheet (:func:`table_sheet`: ``Table_<year>_English
        Version``, else ``Table_<year>``, else the first sheet with a CEADs header).
    unit : str, optional
        Money unit; found in a title cell (``unit:``/``单位``) when not given, else recorded
        as unknown.

    Returns
    -------
    ICIO
        Provinces as regions, open to the rest of the world (see the module docstring).

    Examples
    --------
    >>> from gvckit.readers.ceads import read_ceads   # doctest: +SKIP
    >>> t = read_ceads("CEADs_MRIO_2017.xlsx")          # doctest: +SKIP
    >>> t.G, t.N                                        # doctest: +SKIP
    (31, 42)
    """
    name = getattr(path, "name", None) or str(path)
    if sheet is None:
        sheet = table_sheet(path)
        if sheet is None:
            sheets = _sheet_names(path)
            raise FormatError(f"{name}: no sheet holds a CEADs MRIO table (a header naming provinces and "
                              f"'Total output'); sheets: {sheets}")
    raw = _load(path, sheet)
    fname = Path(name).name
    name = f"{name} [sheet {sheet!r}]"
    if raw.shape[0] < 4 or raw.shape[1] < 4:
        raise FormatError(f"{name}: the sheet has only {raw.shape[0]} rows x {raw.shape[1]} columns")
    hr, ir = _find_header(raw, name)
    reg_row = [_norm(v) for v in raw.iloc[hr]]
    item_row = [_norm(v) for v in raw.iloc[ir]]
    ncol = raw.shape[1]

    # ---- columns ---------------------------------------------------------------------------
    first = next((c for c in range(ncol) if province_code(reg_row[c]) and item_row[c]), None)
    if first is None:
        raise FormatError(f"{name}: no intermediate-use columns (a province over a sector) in header rows "
                          f"{hr + 1}-{ir + 1}")
    n_label = first
    z_cols, c = [], first
    sectors: list[str] = []
    regions: list[str] = []
    while c < ncol and province_code(reg_row[c]) and not _is(item_row[c], "subtotal"):
        p = province_code(reg_row[c])
        if regions and p != regions[-1] and p in regions:
            break  # back to the first province: final-use columns begin
        if not regions or p != regions[-1]:
            regions.append(p)
        if len(regions) == 1:
            sectors.append(item_row[c])
        z_cols.append(c)
        c += 1
    G, N = len(regions), len(sectors)
    if G < 1 or N < 1 or len(z_cols) != G * N:
        raise FormatError(f"{name}: the intermediate-use header has {len(z_cols)} columns for {G} provinces and "
                          f"{N} sectors; every province must repeat the same sectors")
    for g in range(G):
        labs = item_row[z_cols[g * N]:z_cols[g * N] + N]
        if [_key(v) for v in labs] != [_key(v) for v in sectors]:
            raise FormatError(f"{name}: the sectors under province {reg_row[z_cols[g * N]]!r} (row {ir + 1}) "
                              f"differ from those under {reg_row[z_cols[0]]!r}")
    fd_cols: list[int] = []
    fd_dest: list[str] = []
    fd_cat: list[str] = []
    trailing: dict[str, int] = {}
    for cc in range(c, ncol):
        lab_r, lab_i = reg_row[cc], item_row[cc]
        kind = next((k for k in ("export", "import", "other", "total_output") if _is(lab_r, k) or _is(lab_i, k)), None)
        if kind:
            if kind in trailing:
                raise FormatError(f"{name}: the column label {kind!r} appears twice ({_cell(hr, trailing[kind])}, {_cell(hr, cc)})")
            trailing[kind] = cc
            continue
        if _is(lab_r, "subtotal") or _is(lab_i, "subtotal") or (not lab_r and not lab_i):
            continue
        p = province_code(lab_r)
        if p is None or not lab_i:
            raise FormatError(f"{name}: column {_cell(hr, cc)} ({lab_r!r} / {lab_i!r}) is neither a final-use "
                              f"column (province over category) nor Export/Import/Other/Total output")
        if p not in regions:
            raise FormatError(f"{name}: final-use column {_cell(hr, cc)} names province {lab_r!r}, which has no "
                              f"intermediate-use columns")
        fd_cols.append(cc)
        fd_dest.append(p)
        fd_cat.append(lab_i)
    for need, label in (("export", "Export (出口)"), ("total_output", "Total output (总产出)")):
        if need not in trailing:
            raise FormatError(f"{name}: the column {label} is missing from header rows {hr + 1}-{ir + 1}")
    cats = list(dict.fromkeys(fd_cat))
    if not fd_cols:
        raise FormatError(f"{name}: no final-use columns (province over category) found")
    for p in regions:
        got = [k for d, k in zip(fd_dest, fd_cat, strict=True) if d == p]
        if got != cats:
            raise FormatError(f"{name}: province {PROVINCES.get(p, (p,))[0]} has final-use categories {got}, "
                              f"expected {cats} as for the other provinces")

    # ---- rows -------------------------------------------------------------------------------
    r0 = ir + 1
    n = G * N
    rows_avail = len(raw) - r0
    if rows_avail < n:
        raise FormatError(f"{name}: expected {n} province x sector rows from row {r0 + 1}, but the sheet ends "
                          f"after {rows_avail}; the file is truncated")
    lab = raw.iloc[r0:r0 + n, :n_label].map(_norm)
    for i in range(n):
        g, s = divmod(i, N)
        cells = list(lab.iloc[i])
        provs = [province_code(v) for v in cells if v]
        keys = {_key(v) for v in cells}
        if regions[g] not in provs or _key(sectors[s]) not in keys:
            raise FormatError(
                f"{name}: row {r0 + i + 1} is labelled {[v for v in cells if v]}, expected province "
                f"{PROVINCES.get(regions[g], (regions[g],))[0]} and sector {sectors[s]!r} (the rows must "
                f"follow the column order)")
    rows = list(range(r0, r0 + n))

    def col(kind: str) -> np.ndarray | None:
        return _numeric(raw, rows, [trailing[kind]], name)[:, 0] if kind in trailing else None

    Z = _numeric(raw, rows, z_cols, name)
    Yraw = _numeric(raw, rows, fd_cols, name)
    ex, x, imp_col, other = col("export"), col("total_output"), col("import"), col("other")

    # summary rows below the data
    tail = raw.iloc[r0 + n:]
    found: dict[str, int] = {}
    va_rows: list[tuple[str, int]] = []
    imp_rows: list[int] = []
    for r in range(len(tail)):
        labels = [_norm(v) for v in tail.iloc[r, :n_label] if _norm(v)]
        if not labels:
            continue
        labtxt = labels[-1] if len(labels) > 1 and not province_code(labels[-1]) else labels[0]
        abs_r = r0 + n + r
        if any(_is(v, "total_input") for v in labels):
            found["total_input"] = abs_r
            break
        if any(_is(v, "import") for v in labels):
            imp_rows.append(abs_r)
        elif any(_is(v, "tii") for v in labels):
            found["tii"] = abs_r
        elif any(_is(v, "tva") for v in labels):
            found["tva"] = abs_r
        else:
            va_rows.append((labtxt, abs_r))
    if "total_input" not in found:
        raise FormatError(f"{name}: no 'Total input' (总投入) row below the {n} province x sector rows; "
                          f"the file is truncated or the layout has changed")
    if not va_rows:
        raise FormatError(f"{name}: no value-added rows between the data rows and 'Total input'")

    def row_vals(r: int, cols: list[int]) -> np.ndarray:
        return _numeric(raw, [r], cols, name)[0]

    va = np.vstack([row_vals(r, z_cols) for _, r in va_rows])
    va_codes, va_names, va_zh = [], [], []
    for i, (lab_, _) in enumerate(va_rows):
        code, en, zh = VA_NAMES.get(_key(lab_), (f"VA{i + 1:03d}", lab_, ""))
        va_codes.append(code if code not in va_codes else f"{code}_{i}")
        va_names.append(en)
        va_zh.append(zh)
    total_in = row_vals(found["total_input"], z_cols)
    tol = 1e-3 * max(1.0, float(np.abs(x).mean()))
    diff = np.abs(total_in - x)
    if (diff > 1e-3 * np.abs(x) + tol).any():
        j = int(np.argmax(diff))
        raise FormatError(f"{name}: total input ({total_in[j]:.6g}, cell {_cell(found['total_input'], z_cols[j])}) "
                          f"differs from total output ({x[j]:.6g}) for {regions[j // N]} / {sectors[j % N]}")

    # ---- assemble ---------------------------------------------------------------------------
    codes_ = _nbs42_codes(sectors) or sectors
    if len(set(codes_)) != len(codes_):
        raise FormatError(f"{name}: sector labels repeat: {sectors}")
    index = pd.MultiIndex.from_product([regions, codes_], names=["country", "sector"])
    Ycols = [(d, k) for d, k in zip(fd_dest, fd_cat, strict=True)]
    Y = pd.DataFrame(Yraw, index=index, columns=pd.MultiIndex.from_tuples(Ycols, names=["country", "category"]))
    Y = Y.reindex(columns=pd.MultiIndex.from_product([regions, cats], names=["country", "category"]))
    meta: dict[str, Any] = {"layout": "ceads_mrio", "file": fname, "sheet": sheet, "citation": CITATION,
                            "fd_names": {k: k for k in cats}, "va_names": dict(zip(va_codes, zip(va_names, va_zh, strict=True), strict=True)),
                            "release": f"ceads_{G}x{N}"}
    if other is not None:
        err = pd.DataFrame(0.0, index=index, columns=pd.MultiIndex.from_product([regions, ["ERR"]], names=["country", "category"]))
        for g in range(G):
            err.iloc[g * N:(g + 1) * N, g] = other[g * N:(g + 1) * N]
        Y = pd.concat([Y, err], axis=1).reindex(columns=pd.MultiIndex.from_product([regions, cats + ["ERR"]],
                                                                                   names=["country", "category"]))
        meta["balancing_item"] = "column 'Other/Error' kept as final-demand category ERR of the producing province"
    kw: dict[str, Any] = {}
    if imp_rows:
        mz = np.vstack([row_vals(r, z_cols) for r in imp_rows])
        my = np.vstack([row_vals(r, fd_cols) for r in imp_rows])
        mrows = pd.Index(["IM"] if len(imp_rows) == 1 else [f"IM{i + 1}" for i in range(len(imp_rows))], name="import")
        my_df = pd.DataFrame(my, index=mrows, columns=pd.MultiIndex.from_tuples(Ycols, names=["country", "category"]))
        my_df = my_df.reindex(columns=Y.columns, fill_value=0.0)
        kw["imports_Z"] = pd.DataFrame(mz, index=mrows, columns=index)
        kw["imports_Y"] = my_df
        meta["imports"] = "row: non-competitive (imports_Z / imports_Y)"
        if imp_col is not None and np.abs(imp_col).sum() > 0:
            raise FormatError(f"{name}: imports appear both as a row and as a column; cannot tell the layout")
    elif imp_col is not None:
        kw["imports_competitive"] = np.abs(imp_col)
        meta["imports"] = "column: competitive (imports_competitive, inside Z and Y)"
        meta["import_column_sign"] = "negative" if (imp_col < 0).any() else "positive"
    else:
        meta["imports"] = "none in the file"
    if year is None:
        m = re.findall(r"(?<!\d)(20[0-4]\d|19\d\d)(?!\d)", fname)
        year = int(m[-1]) if m else None
    if unit is None:
        unit = ""
        for r in range(hr):
            for v in raw.iloc[r]:
                t = _norm(v)
                mm = re.search(r"(?:unit|单位)\s*[:：]\s*(.+)", t, re.IGNORECASE)
                if mm:
                    unit = mm.group(1).strip(" )）")
        unit = unit or "unknown (not stated in the sheet; pass unit=)"
    cinfo = pd.DataFrame({"code": regions, "name": [PROVINCES.get(p, (p, ""))[0] for p in regions],
                          "name_zh": [PROVINCES.get(p, (p, ""))[1] for p in regions]})
    sinfo = pd.DataFrame({"code": codes_, "name": sectors})
    if codes_ != sectors:
        from gvckit.concordance import codes as _codes

        ref = _codes("nbs42")
        sinfo = pd.DataFrame({"code": codes_, "name": list(ref["name"]), "name_zh": list(ref["name_zh"])})
    return ICIO(
        pd.DataFrame(Z, index=index, columns=index), Y, x=x, va=pd.DataFrame(va, index=pd.Index(va_codes, name="component"), columns=index),
        exports=pd.DataFrame(ex[:, None], index=index, columns=["EX"]), country_info=cinfo,
        sector_info=sinfo, unit=unit, year=year, source="CEADs China multi-regional input-output table",
        meta=meta, check=check, **kw,
    )


def _looks_like_table(rows: list[list]) -> bool:
    for i, row in enumerate(rows):
        if any(_is(v, "total_output") for v in row):
            for hr in (i, i - 1):
                if 0 <= hr < len(rows) and sum(province_code(v) is not None for v in rows[hr] if v is not None) >= 2:
                    return True
    return False


def table_sheet(path: str | Path | Any) -> str | None:
    """The worksheet holding the MRIO table, or None when no sheet looks like one.

    CEADs' ``MRIO 2018.xlsx`` has the sheets ``Note``, ``Sector `` (with a trailing space),
    ``Province``, ``Table_2018`` (Chinese labels) and ``Table_2018_English Version`` (issue #12):
    the table sheets are those named ``Table_<year>...``, the English version preferred (same
    numbers, labels matched to the NBS 42 sector names); other workbooks are searched sheet by
    sheet for a header naming provinces and 'Total output' (first 30 rows of each).
    """
    try:
        from openpyxl import load_workbook

        if hasattr(path, "seek"):
            path.seek(0)
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            names = list(wb.sheetnames)
            tables = [n for n in names if re.match(r"^\s*table[ _]?\d{4}", n, re.IGNORECASE)]
            order = sorted(tables, key=lambda n: "english" not in n.lower()) + [n for n in names if n not in tables]
            for n in order:
                rows = [list(r) for r in wb[n].iter_rows(min_row=1, max_row=30, values_only=True)]
                if _looks_like_table(rows):
                    return n
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - not a workbook openpyxl can open
        return None
    finally:
        if hasattr(path, "seek"):
            path.seek(0)
    return None


def is_ceads(path: str | Path | Any) -> bool:
    """True when a workbook looks like a CEADs MRIO workbook: one of its sheets (``Table_<year>``
    first) has a header naming provinces and a 'Total output' column."""
    return table_sheet(path) is not None


def _sniff(src: Source) -> int:
    xlsx = [n for n in src.names if n.lower().endswith(".xlsx")]
    if len(xlsx) != 1:
        return 0
    score = 10 if re.search(r"ceads|mrio|多区域", xlsx[0], re.IGNORECASE) else 0
    try:
        stream = src.local_path(xlsx[0])
        return 100 if is_ceads(stream) else score
    except Exception:
        return score


def _reader(src: Source, year: int | None = None, check: bool = True, **kw: Any) -> ICIO:
    xlsx = [n for n in src.names if n.lower().endswith(".xlsx")]
    if len(xlsx) != 1:
        raise FormatError(f"{src.path}: expected one CEADs .xlsx workbook, found {xlsx[:5]}")
    return read_ceads(src.local_path(xlsx[0]), year=year, check=check, **kw)


def _formats():
    from gvckit.readers import Format

    return [Format("ceads", "CEADs China provincial multi-regional input-output table (xlsx), 31 provinces x 42 sectors",
                   ("*MRIO*<year>*.xlsx", "CEADs*.xlsx"), _sniff, _reader, module=__name__)]


FORMATS = _formats()
