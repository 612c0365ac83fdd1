"""World Input-Output Database (WIOD), 2013 and 2016 releases.

Formats
-------
``wiod2013``
    ``wiot<yy>_row_<month><yy>.xlsx`` (for example ``wiot11_row_sep12.xlsx``, sheet
    ``WIOT_2011``), 1995-2011, 41 economies (40 + ``RoW``) x 35 industries (ISIC Rev.3), five
    final-demand categories (``c37`` households, ``c38`` NPISH, ``c39`` government, ``c41`` GFCF,
    ``c42`` inventories), millions of US dollars. Layout facts relied on, with their sources:

    * A1 holds the title ending with the year, A3 the system ``(industry-by-industry)``, A4 the
      unit ``(millions of US$)``; four header rows hold the industry code, name, country and
      column code (``c1 .. c35``, ``c37 .. c42``); data rows hold code, name, country and row
      code in columns A-D; the **last column is total output** -- pymrio ``parse_wiod``
      (``wiot_meta``, ``wiot_header``, ``total_column: [-1]``, the Z block ending at ``c35``).
    * **Eight rows below Z**: ``r60`` (total intermediate consumption), ``r99`` (taxes less
      subsidies on products), ``r61`` (cif/fob adjustments on exports), ``r62`` (direct
      purchases abroad by residents), ``r63`` (purchases on the domestic territory by
      non-residents), ``r64`` (value added at basic prices), the **International Transport
      Margins row, which has no code**, and ``r69`` (output at basic prices) -- issue #12 and
      pymrio (which drops ``r60``/``r69`` as totals and names the factor rows by their names
      because "c_code missing"). gvckit keeps ``r99 .. r64`` and labels the uncoded margins row
      ``ITM``; a row below Z with no code and another name is an error, never dropped silently.
    * One sheet, named ``WIOT_<year>``; a workbook with other sheets too is read from that one.
``wiod2013_rdata``
    ``wiot_<year>.RData`` of the R package *wiod* (bquast/wiod): a list with ``inter`` (Z),
    ``final`` (Y), ``output`` (x), ``countries``, ``industries`` (``c1 .. c35``), ``year``.
``wiod2016``
    ``WIOT<yyyy>_Nov16_ROW.xlsb`` / ``.xlsx`` (2000-2014, 44 economies x 56 industries, ISIC
    Rev.4, five final-demand categories ``c57 .. c61``) in the same sheet layout as 2013 (column
    codes ``c1 .. c56``, total column ``GO``; value-added rows ``II_fob``, ``TXSP``, ``EXP_adj``,
    ``PURR``, ``PURNR``, ``VA``, ``IntTTM``, ``GO`` with country ``TOT``); and WIOD's own
    ``WIOT<yyyy>_October16_ROW.RData`` / ``.dta`` data frames with columns ``IndustryCode,
    IndustryDescription, Country, RNr, Year`` followed by ``AUS1 .. ROW61`` and ``TOT``.

What gvckit keeps: Z, Y by destination and category, x (the total column, or the ``GO``/``r69``
row), the value-added rows between the totals (``va_rows``; the totals are dropped, they are
sums), ISO3 country codes (``ROM`` -> ``ROU``, ``RoW`` -> ``ROW``; the source code in
``country_info["source_code"]``), sector codes with names (the column code ``c1 ..`` in
``sector_info["source_code"]``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gvckit.errors import FormatError
from gvckit.table import ICIO

if TYPE_CHECKING:
    from gvckit.readers import Source

__all__ = ["read_wiod_sheet", "read_wiod2013_rdata", "read_wiod2016_frame", "FORMATS"]

ISO3 = {"ROM": "ROU", "RoW": "ROW", "ROW": "ROW"}
CITATION_2013 = ("Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), An "
                 "Illustrated User Guide to the World Input-Output Database, Review of International "
                 "Economics 23: 575-605.")
CITATION_2016 = ("Timmer, M. P., Los, B., Stehrer, R. and de Vries, G. J. (2016), An Anatomy of the Global "
                 "Trade Slowdown based on the WIOD 2016 Release, GGDC Research Memorandum 162.")
FD_2013 = {"c37": "CONS_h", "c38": "CONS_np", "c39": "CONS_g", "c41": "GFCF", "c42": "INVEN"}
FD_2016 = {"c57": "CONS_h", "c58": "CONS_np", "c59": "CONS_g", "c60": "GFCF", "c61": "INVEN"}
# totals below Z (dropped; output is taken from the total column). r99 is NOT a total: in WIOD 2013
# and ADB MRIO it is "taxes less subsidies on products", a value-added-side row (issue #12, MARIO's
# ADB factor rows r99 r61 r62 r63 r64 trs).
TOTAL_ROWS = {"r60", "r69", "II_fob", "GO", "ToT"}
#: rows published without a code, labelled by their name
UNCODED_ROWS = {"international transport margins": "ITM"}
TOTAL_COLS = {"GO", "TOT", "ToT", "c62", "c64"}
RX_2013 = re.compile(r"^wiot(\d\d)_row_[a-z]{3}\d\d\.xlsx$", re.IGNORECASE)
RX_2013_RDATA = re.compile(r"^wiot_(\d{4})\.rdata$", re.IGNORECASE)
RX_2016 = re.compile(r"^WIOT(\d{4})_(Nov|Oct(ober)?)16_ROW\.(xlsb|xlsx|rdata|dta)$", re.IGNORECASE)


def _iso(code: str) -> str:
    return ISO3.get(code, code)


def _num(block: pd.DataFrame, name: str, rows: list, cols: list) -> np.ndarray:
    """Numbers of a cell block; blank cells are zero, text is an error naming the cell."""
    vals = block.apply(pd.to_numeric, errors="coerce")
    bad = vals.isna().to_numpy() & ~_blank(block)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FormatError(f"{name}: value {block.iat[r, c]!r} in row {rows[r]!r}, column {cols[c]!r} is not a number")
    return vals.fillna(0.0).to_numpy(dtype=float)


def _blank(block: pd.DataFrame) -> np.ndarray:
    arr = block.to_numpy(dtype=object)
    return np.vectorize(lambda v: v is None or (isinstance(v, float) and np.isnan(v))
                        or (isinstance(v, str) and not v.strip()), otypes=[bool])(arr) if arr.size else np.zeros(arr.shape, bool)


def _assemble(
    name: str,
    body: pd.DataFrame,
    row_country: list[str],
    row_code: list[str],
    row_label: list[str],
    row_name: list[str],
    col_country: list[str],
    col_code: list[str],
    fd_map: dict[str, str],
    release: str,
    year: int | None,
    unit: str,
    check: bool,
    iso=None,
    source: str | None = None,
    citation: str | None = None,
    x_rows: frozenset = frozenset({"r69", "GO"}),
) -> ICIO:
    """Build the table from a labelled WIOD-style sheet (rows and columns as (country, code))."""
    col_keys = list(zip(col_country, col_code, strict=True))
    col_pos = {k: j for j, k in enumerate(col_keys)}
    z_rows = [i for i, (c, k) in enumerate(zip(row_country, row_code, strict=True)) if (c, k) in col_pos]
    if not z_rows:
        raise FormatError(f"{name}: no row has a (country, code) label that is also a column label; "
                          f"the header rows are not in the {release} layout (found column labels {col_keys[:4]} ...)")
    seen: set = set()
    for i in z_rows:
        key = (row_country[i], row_code[i])
        if key in seen:
            raise FormatError(f"{name}: intermediate row {key[0]}/{key[1]} appears twice")
        seen.add(key)
    dup_col = next((k for k in dict.fromkeys(col_keys) if k[1] and col_keys.count(k) > 1), None)
    if dup_col is not None:
        raise FormatError(f"{name}: column {dup_col[0]}/{dup_col[1]} appears twice in the header")
    countries = list(dict.fromkeys(row_country[i] for i in z_rows))
    codes = list(dict.fromkeys(row_code[i] for i in z_rows))
    G, N = len(countries), len(codes)
    expected = [(c, k) for c in countries for k in codes]
    found = [(row_country[i], row_code[i]) for i in z_rows]
    if found != expected:
        bad = next((f, e) for f, e in zip(found + [None] * len(expected), expected, strict=False) if f != e)
        raise FormatError(f"{name}: intermediate rows are not country-major {G} x {N}: first mismatch "
                          f"(found, expected) {bad}")
    last = z_rows[-1]
    if z_rows != list(range(z_rows[0], last + 1)):
        raise FormatError(f"{name}: intermediate rows are not contiguous")
    zc = [col_pos[k] for k in expected]
    if zc != list(range(zc[0], zc[0] + G * N)):
        raise FormatError(f"{name}: intermediate columns are not in the same order as the rows")
    z_end = zc[-1] + 1
    # final demand: columns after Z whose code is a final-demand code
    fd_cols, fd_labels = [], []
    total_col = None
    for j in range(z_end, len(col_keys)):
        c, k = col_keys[j]
        if k in fd_map and c in countries:
            fd_cols.append(j)
            fd_labels.append((c, fd_map[k]))
        elif k in TOTAL_COLS or c in TOTAL_COLS or (j == len(col_keys) - 1 and c not in countries):
            total_col = j
        elif c or k:
            raise FormatError(f"{name}: unexpected column {c!r}/{k!r} after the intermediate block "
                              f"(expected final-demand codes {sorted(fd_map)} or a total column)")
    if not fd_cols:
        raise FormatError(f"{name}: no final-demand columns (codes {sorted(fd_map)}) found")
    rows_lab = [f"{row_country[i]}/{row_code[i]}" for i in range(len(row_code))]
    colnames = [f"{c}/{k}" for c, k in col_keys]
    Zb = body.iloc[z_rows, zc[0]:z_end]
    Z = _num(Zb, name, rows_lab[z_rows[0]:last + 1], colnames[zc[0]:z_end])
    Y = _num(body.iloc[z_rows, fd_cols], name, rows_lab[z_rows[0]:last + 1], [colnames[j] for j in fd_cols])
    # value-added rows below Z, totals apart
    va_idx, va_lab, x_row = [], [], None
    for i in range(last + 1, len(row_code)):
        lab = row_label[i]
        if not lab:
            lab = UNCODED_ROWS.get(re.sub(r"\s+", " ", row_name[i]).strip().lower(), "")
            if not lab:
                raise FormatError(f"{name}: row {row_name[i] or i!r} below the intermediate rows has no code "
                                  f"(expected r60 .. r69, or a known uncoded row {sorted(UNCODED_ROWS)})")
        if lab in va_lab or (lab in x_rows and x_row is not None):
            raise FormatError(f"{name}: row code {lab!r} appears twice below the intermediate rows")
        if lab in x_rows:
            x_row = i
        elif lab in TOTAL_ROWS:
            continue
        else:
            va_idx.append(i)
            va_lab.append(lab)
    va = None
    if va_idx:
        va = pd.DataFrame(_num(body.iloc[va_idx, zc[0]:z_end], name, [rows_lab[i] for i in va_idx], colnames[zc[0]:z_end]),
                          index=pd.Index(va_lab, name="component"))
    if x_row is None:
        raise FormatError(f"{name}: the total-output row ({' or '.join(sorted(x_rows))}) is missing below the "
                          f"intermediate rows; it may have been renamed or the file truncated "
                          f"(rows found: {[row_label[i] for i in range(last + 1, len(row_code))][:10]})")
    if total_col is not None:
        x = _num(body.iloc[z_rows, [total_col]], name, rows_lab[z_rows[0]:last + 1], [colnames[total_col]])[:, 0]
    elif x_row is not None:
        x = _num(body.iloc[[x_row], zc[0]:z_end], name, [rows_lab[x_row]], colnames[zc[0]:z_end])[0]
    else:
        raise FormatError(f"{name}: neither a total-output column ({sorted(TOTAL_COLS)}) nor a total-output "
                          f"row (r69 / GO) was found; the total row may have been renamed or removed")
    iso_of = iso or _iso
    iso = [iso_of(c) for c in countries]
    cats = list(dict.fromkeys(fd_map.values()))
    fd_index = pd.MultiIndex.from_tuples([(iso_of(c), k) for c, k in fd_labels], names=["country", "category"])
    index = pd.MultiIndex.from_product([iso, codes], names=["country", "sector"])
    sec_names = [row_name[z_rows[0] + s] for s in range(N)]
    sec_codes = [row_label[z_rows[0] + s] or codes[s] for s in range(N)]
    use_codes = sec_codes if len(set(sec_codes)) == N and all(sec_codes) else codes
    index = pd.MultiIndex.from_product([iso, use_codes], names=["country", "sector"])
    if va is not None:
        va.columns = index
    meta = {"release": release, "fd_categories": cats,
            "citation": citation or (CITATION_2013 if "2013" in release else CITATION_2016),
            "va_names": {va_lab[t]: row_name[i] for t, i in enumerate(va_idx)}}
    return ICIO(
        pd.DataFrame(Z, index=index, columns=index), pd.DataFrame(Y, index=index, columns=fd_index),
        x=x, va=va, country_info=pd.DataFrame({"code": iso, "source_code": countries}),
        sector_info=pd.DataFrame({"code": use_codes, "name": sec_names, "source_code": codes}),
        unit=unit, year=year, source=source or f"WIOD {release[-4:]} release", meta=meta, check=check,
    )


def _year_from(text: object) -> int | None:
    m = re.search(r"(19|20)\d\d", str(text))
    return int(m.group(0)) if m else None


def read_wiod_sheet(raw: pd.DataFrame, name: str, release: str, year: int | None = None,
                    check: bool = True, *, fd_map: dict[str, str] | None = None, **kw) -> ICIO:
    """Parse a WIOD world input-output sheet read with ``header=None`` (2013 or 2016 layout).

    The ADB MRIO uses the same sheet layout; its reader passes ``fd_map``, ``iso``, ``source``,
    ``citation`` (forwarded to the table builder).
    """
    cells = raw.astype(object)
    code_rx = re.compile(r"^c\d+$")
    code_row, best = None, 1
    for r in range(min(len(cells), 12)):  # the header row with the most codes c1, c2, ...
        vals = cells.iloc[r, 4:]
        hits = sum(1 for v in vals if isinstance(v, str) and code_rx.match(v.strip()))
        if hits > best:
            code_row, best = r, hits
    if code_row is None or code_row == 0:
        raise FormatError(f"{name}: no header row with column codes c1, c2, ... in the first 12 rows; "
                          f"the header of this {release} sheet has changed")
    fd_map = fd_map or (FD_2013 if release == "wiod2013" else FD_2016)

    def s(v) -> str:
        return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()

    col_code = [s(v) for v in cells.iloc[code_row, 4:]]
    col_country = [s(v) for v in cells.iloc[code_row - 1, 4:]]
    # the total column: code 'GO' in 2016, a label in the code row / country 'TOT'
    data = cells.iloc[code_row + 1:]
    # drop empty rows and footers (text in the label columns, no numbers)
    data = data[[not all(s(v) == "" for v in row[4:]) for row in data.itertuples(index=False)]]
    row_country = [s(v) for v in data.iloc[:, 2]]
    row_code = [s(v) for v in data.iloc[:, 3]]
    first_col = [s(v) for v in data.iloc[:, 0]]
    # intermediate rows: the industry code of column A; other rows: column A, else column D
    row_label = [a if (a or not code_rx.match(b)) and a else b for a, b in zip(first_col, row_code, strict=True)]
    row_name = [s(v) for v in data.iloc[:, 1]]
    if year is None:
        year = _year_from(cells.iat[0, 0])
    unit = "USD million"  # WIOD: "(millions of US$)"; keep another currency's note if one is given
    for r in range(code_row):
        txt = s(cells.iat[r, 0]).lower()
        if "million" in txt and "us" not in txt:
            unit = txt.strip("()")
    body = data.iloc[:, 4:]
    return _assemble(name, body, row_country, row_code, row_label, row_name, col_country, col_code,
                     fd_map, release, year, unit, check, **kw)


def _read_excel(src: Source, member: str, engine: str | None = None) -> pd.DataFrame:
    fh = src.local_path(member)
    try:
        book = pd.ExcelFile(fh, engine=engine)
        # WIOD names its one sheet WIOT_<year> (wiot11_row_sep12.xlsx: WIOT_2011); take it when a
        # workbook has other sheets too, else the first sheet
        wiot = [n for n in book.sheet_names if re.match(r"^WIOT[_ ]?\d{2,4}$", str(n).strip(), re.IGNORECASE)]
        # keep_default_na=False: a cell reading "n/a" or "NA" is text (an error naming it), not a blank
        return pd.read_excel(book, sheet_name=wiot[0] if len(wiot) == 1 else book.sheet_names[0], header=None,
                             keep_default_na=False, na_values=[])
    except ImportError as exc:
        raise FormatError(f"{src.path}: reading {member} needs the optional package for its format ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl/pyxlsb raise many types on damaged files
        raise FormatError(f"{src.path}: {member} is not a readable workbook; it may be truncated "
                          f"({type(exc).__name__}: {exc})") from exc


def _members(src: Source, rx: re.Pattern, year: int | None, what: str) -> str:
    from gvckit.readers import pick_year

    found = [n for n in src.names if rx.match(n.rsplit("/", 1)[-1])]
    if not found:
        raise FormatError(f"{src.path}: no {what} file (pattern {rx.pattern}) among {src.names[:6]}")
    found = pick_year(src, found, year, what) if len(found) > 1 or year else found
    if len(found) > 1:
        raise FormatError(f"{src.path}: several {what} files {found[:4]}; pass year=")
    return found[0]


def _year_2013(member: str) -> int:
    yy = int(RX_2013.match(member.rsplit("/", 1)[-1]).group(1))
    return 1900 + yy if yy >= 50 else 2000 + yy


def _read_2013(src: Source, year: int | None = None, check: bool = True) -> ICIO:
    if year is not None:
        cands = [n for n in src.names if RX_2013.match(n.rsplit("/", 1)[-1]) and _year_2013(n) == year]
        if not cands:
            raise FormatError(f"{src.path}: no wiot{str(year)[-2:]}_row_*.xlsx for year {year}")
        member = cands[0]
    else:
        cands = [n for n in src.names if RX_2013.match(n.rsplit("/", 1)[-1])]
        yrs = sorted({_year_2013(n) for n in cands})
        if len(yrs) > 1:
            raise FormatError(f"{src.path}: WIOD 2013 files of several years {yrs} in one call; pass year=")
        if not cands:
            cands = [n for n in src.names if n.lower().endswith(".xlsx")]
            if len(cands) != 1:
                raise FormatError(f"{src.path}: expected one wiot<yy>_row_*.xlsx, found {src.names[:6]}")
        member = cands[0]
    raw = _read_excel(src, member)
    fy = _year_2013(member) if RX_2013.match(member.rsplit("/", 1)[-1]) else None
    t = read_wiod_sheet(raw, f"{src.path}:{member}" if src.kind != "file" else str(src.path), "wiod2013",
                        year=fy, check=check)
    return t


def read_wiod2013_rdata(path, *, check: bool = True, name: str | None = None) -> ICIO:
    """Read ``wiot_<year>.RData`` of the R package *wiod* (WIOD 2013 release); ``path`` or a stream."""
    import rdata

    from gvckit.datasets import WIOD_CITATION, WIOD_FD, _wiod_labels
    from gvckit.threadpool import quiet_warnings

    name = name or str(getattr(path, "name", path))
    try:
        with quiet_warnings():
            parsed = rdata.parser.parse_data(path.read()) if hasattr(path, "read") else rdata.parser.parse_file(path)
            conv = rdata.conversion.convert(parsed)
    except Exception as exc:  # noqa: BLE001
        raise FormatError(f"{name}: not a readable RData file ({type(exc).__name__}: {exc}); it may be truncated") from exc
    keys = [k for k in conv if str(k).startswith("wiot_")]
    if len(keys) != 1:
        raise FormatError(f"{name}: expected one object wiot_<year>, found {list(conv)[:5]}")
    w = conv[keys[0]]
    need = {"inter", "final", "output", "countries", "industries", "year"}
    missing = sorted(need - {str(k) for k in w})
    if missing:
        raise FormatError(f"{name}: the wiot list lacks elements {missing}")
    w = {str(k): v for k, v in w.items()}
    Z = np.asarray(w["inter"], dtype=float)
    F = np.asarray(w["final"], dtype=float)
    x = np.asarray(w["output"], dtype=float).reshape(-1)
    src_c = [str(c) for c in w["countries"]]
    inds = [str(c) for c in w["industries"]]
    countries, sectors = _wiod_labels()
    if len(src_c) != 41 or len(inds) != 35 or Z.shape != (1435, 1435) or F.shape != (1435, 205):
        raise FormatError(f"{name}: expected 41 countries x 35 industries (Z 1435x1435, final 1435x205); "
                          f"found {len(src_c)} x {len(inds)}, Z {Z.shape}, final {F.shape}")
    if inds != list(sectors["wiod_label"]):
        raise FormatError(f"{name}: industries {inds[:4]}... are not c1..c35")
    iso = [_iso(c) for c in src_c]
    cinfo = countries.set_index("code").reindex(iso)
    cinfo["source_code"] = src_c
    cinfo = cinfo.reset_index()[["code", "name", "name_zh", "source_code"]]
    sinfo = sectors.rename(columns={"wiod_label": "source_code"})
    return ICIO(
        Z, F, x=x, countries=iso, sectors=list(sectors["code"]), fd_categories=list(WIOD_FD),
        country_info=cinfo, sector_info=sinfo, unit="USD million", year=int(np.asarray(w["year"]).reshape(-1)[0]),
        source="WIOD 2013 release", check=check,
        meta={"release": "wiod2013", "citation": WIOD_CITATION, "balance_atol": 150.0,
              "note": "values rounded to whole USD million by the R package wiod (rows balance to about 113)"},
    )


def read_wiod2016_frame(df: pd.DataFrame, name: str, year: int | None = None, check: bool = True) -> ICIO:
    """Parse WIOD 2016's own RData/Stata data frame (``IndustryCode`` to ``Year``, then ``AUS1`` to ``ROW61`` and ``TOT``)."""
    labels = ["IndustryCode", "IndustryDescription", "Country", "RNr", "Year"]
    missing = [c for c in labels if c not in df.columns]
    if missing:
        raise FormatError(f"{name}: label columns {missing} are missing (expected {labels}; found {list(df.columns[:6])})")
    data_cols = [c for c in df.columns if c not in labels]
    rx = re.compile(r"^v?([A-Za-z]{3})(\d+)$")
    col_country, col_code = [], []
    for c in data_cols:
        m = rx.match(str(c))
        if m:
            col_country.append(m.group(1))
            col_code.append(f"c{int(m.group(2))}")
        elif str(c).upper() in TOTAL_COLS:
            col_country.append("TOT")
            col_code.append("GO")
        else:
            raise FormatError(f"{name}: column {c!r} is not <country><number> (e.g. AUS1) nor TOT")

    def s(v) -> str:
        return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()

    rnr = [s(v) for v in df["RNr"]]
    row_code = [f"c{int(float(v))}" if v and v.replace(".", "", 1).isdigit() else v for v in rnr]
    row_country = [s(v) for v in df["Country"]]
    code = [s(v) for v in df["IndustryCode"]]
    years = sorted({int(float(v)) for v in df["Year"] if s(v)})
    if len(years) > 1 and year is None:
        raise FormatError(f"{name}: rows of several years {years}; pass year=")
    if year is not None and years and year not in years:
        raise FormatError(f"{name}: holds year(s) {years}, not {year}")
    if len(years) > 1:
        keep = [int(float(v)) == year if s(v) else False for v in df["Year"]]
        df = df[keep]
        return read_wiod2016_frame(df, name, year, check)
    row_label = [c if c else rc for c, rc in zip(code, row_code, strict=True)]
    return _assemble(name, df[data_cols], row_country, row_code, row_label,
                     [s(v) for v in df["IndustryDescription"]], col_country, col_code, FD_2016,
                     "wiod2016", year or (years[0] if years else None), "USD million", check)


def _read_2016(src: Source, year: int | None = None, check: bool = True) -> ICIO:
    member = _members(src, RX_2016, year, "WIOD 2016 WIOT")
    base = member.rsplit("/", 1)[-1]
    fy = int(RX_2016.match(base).group(1))
    where = str(src.path) if src.kind == "file" else f"{src.path}:{member}"
    ext = base.rsplit(".", 1)[-1].lower()
    if ext in ("xlsx", "xlsb"):
        raw = _read_excel(src, member, engine="pyxlsb" if ext == "xlsb" else None)
        return read_wiod_sheet(raw, where, "wiod2016", year=fy, check=check)
    if ext == "dta":
        try:
            df = pd.read_stata(src.local_path(member))
        except Exception as exc:  # noqa: BLE001
            raise FormatError(f"{where}: not a readable Stata file ({type(exc).__name__}: {exc})") from exc
        return read_wiod2016_frame(df, where, fy, check)
    import rdata

    from gvckit.threadpool import quiet_warnings

    try:
        with quiet_warnings():
            fh = src.open(member)
            conv = rdata.conversion.convert(rdata.parser.parse_data(fh.read()))
    except Exception as exc:  # noqa: BLE001
        raise FormatError(f"{where}: not a readable RData file ({type(exc).__name__}: {exc})") from exc
    frames = [v for v in conv.values() if isinstance(v, pd.DataFrame)]
    if len(frames) != 1:
        raise FormatError(f"{where}: expected one data frame (wiot), found objects {list(conv)[:5]}")
    return read_wiod2016_frame(frames[0], where, fy, check)


def _read_2013_rdata(src: Source, year: int | None = None, check: bool = True) -> ICIO:
    member = _members(src, RX_2013_RDATA, year, "wiot_<year>.RData")
    where = str(src.path) if src.kind == "file" else f"{src.path}:{member}"
    return read_wiod2013_rdata(src.open(member), check=check, name=where)


def _base(n: str) -> str:
    return n.rsplit("/", 1)[-1]


def _sniff_2013(src: Source) -> int:
    if any(RX_2013.match(_base(n)) for n in src.names):
        return 60
    return 0


def _sniff_2013_rdata(src: Source) -> int:
    return 60 if any(RX_2013_RDATA.match(_base(n)) for n in src.names) else 0


def _sniff_2016(src: Source) -> int:
    return 60 if any(RX_2016.match(_base(n)) for n in src.names) else 0


def _formats():
    from gvckit.readers import Format

    return [
        Format("wiod2013", "WIOD 2013 release world input-output table (Excel), 41 x 35, 1995-2011",
               ("wiot<yy>_row_<mon><yy>.xlsx",), _sniff_2013, _read_2013, module=__name__),
        Format("wiod2013_rdata", "WIOD 2013 release as RData of the R package wiod (bquast/wiod)",
               ("wiot_<year>.RData",), _sniff_2013_rdata, _read_2013_rdata, extra="readers", module=__name__),
        Format("wiod2016", "WIOD 2016 release world input-output table, 44 x 56, 2000-2014 "
               "(xlsb needs pyxlsb; RData needs rdata; Stata .dta)",
               ("WIOT<yyyy>_Nov16_ROW.xlsb", "WIOT<yyyy>_Nov16_ROW.xlsx", "WIOT<yyyy>_October16_ROW.RData",
                "WIOT<yyyy>_October16_ROW.dta"), _sniff_2016, _read_2016, extra="readers",
               module=__name__),
    ]


FORMATS = _formats()
