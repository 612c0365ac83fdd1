"""Asian Development Bank multiregional input-output tables (ADB MRIO), 62- and 72-economy versions.

Files: ``ADB-MRIO-<year>_<Mon><release year>.xlsx`` (for example ``ADB-MRIO-2011_Mar2022.xlsx``:
the table of 2011, released March 2022), ``ADB-MRIO62-<year>.xlsx``, ``ADB-MRIO72-<year>...``; the
table's year is the one following ``MRIO`` (not the release date). Layout facts relied on, with
their sources:

* one sheet in the WIOD 2013 layout; five rows above two header rows: row 6 the economy codes
  (ADB's own: ``PRC`` China, ``GER`` Germany, ``TAP`` Taipei,China, ...; ``ToT`` over the total
  column), row 7 the column codes ``c1 .. c35``, ``F1 .. F5``; data from row 8 with economy and
  row code in columns C-D; G x 35 data rows then 8 more rows; the last row is a footer; the last
  column is the ``ToT`` total; blank cells hold a single space -- ksreyes/mrio-processing
  ``codes/01-preprocess-mrios.py`` (``skiprows=5, header=[0,1]``, ``G = (rows - 8) / N``, drop the
  last row, rename the last column ``ToT``, replace ``' '`` by 0);
* the 8 rows after Z, economy ``ToT``: ``r60`` (intermediate input total), ``r99`` (**taxes
  less subsidies on products** -- a value-added-side row, not a total), ``r61`` (cif/fob
  adjustments), ``r62`` (direct purchases abroad by residents), ``r63`` (purchases on the
  domestic territory by non-residents), ``r64`` (value added at basic prices), ``trs``
  (international transport margins), ``r69`` (total) -- issue #12; MARIO's ADB parser
  (``ADB_FACTOR_ROWS = r99 r61 r62 r63 r64 trs``);
* ``F1 .. F5``: household, NPISH and government final consumption, GFCF, changes in inventories
  and valuables (MARIO ``ADB_FINAL_DEMAND_LABELS``). Millions of current US dollars.

What gvckit keeps: Z, Y, x (the ``ToT`` column; the ``r69`` row must be there too), the six
value-added-side rows ``r99 r61 r62 r63 r64 trs``; ISO3 codes with ADB's code in
``country_info["source_code"]``; ``meta["release"]`` is ``adb62`` or ``adb72`` by the number of
economies.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gvckit.errors import FormatError
from gvckit.table import ICIO

if TYPE_CHECKING:
    from gvckit.readers import Source

__all__ = ["ADB_ISO3", "FORMATS"]

#: ADB economy codes that differ from ISO3 (all others are ISO3 already).
ADB_ISO3 = {
    "SWI": "CHE", "PRC": "CHN", "GER": "DEU", "DEN": "DNK", "SPA": "ESP", "UKG": "GBR", "INO": "IDN",
    "IRE": "IRL", "NET": "NLD", "POR": "PRT", "ROM": "ROU", "TAP": "TWN", "BAN": "BGD", "MAL": "MYS",
    "PHI": "PHL", "VIE": "VNM", "MON": "MNG", "SRI": "LKA", "FIJ": "FJI", "BRU": "BRN", "BHU": "BTN",
    "CAM": "KHM", "MLD": "MDV", "NEP": "NPL", "SIN": "SGP", "KUW": "KWT", "UAE": "ARE", "RoW": "ROW",
}
FD = {"F1": "HFCE", "F2": "NPISH", "F3": "GGFC", "F4": "GFCF", "F5": "INVNT"}
RX = re.compile(r"^ADB.*MRIO.*\.xlsx$", re.IGNORECASE)
RX_YEAR = re.compile(r"MRIO(?:\d{2})?[-_ ]?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
CITATION = "Asian Development Bank, Multiregional Input-Output Database (kidb.adb.org/mrio)."


def _iso(code: str) -> str:
    return ADB_ISO3.get(code, code)


def _read(src: Source, year: int | None = None, check: bool = True) -> ICIO:
    from gvckit.readers import years_in
    from gvckit.readers.wiod import _read_excel, read_wiod_sheet

    files = [n for n in src.names if RX.match(n.rsplit("/", 1)[-1])] or [n for n in src.names if n.lower().endswith(".xlsx")]
    if not files:
        raise FormatError(f"{src.path}: no ADB MRIO workbook (ADB*MRIO*.xlsx) among {src.names[:6]}")
    by_year: dict[int | None, list[str]] = {}
    for f in files:  # the table's year follows MRIO: ADB-MRIO-2011_Mar2022.xlsx is 2011, not 2022
        m = RX_YEAR.search(f.rsplit("/", 1)[-1])
        by_year.setdefault(int(m.group(1)) if m else None, []).append(f)
    if year is not None and set(by_year) != {None}:
        if year not in by_year:
            raise FormatError(f"{src.path}: no ADB MRIO workbook for {year}; years found: "
                              f"{sorted(y for y in by_year if y is not None)}")
        files = by_year[year]
    elif year is None and len([y for y in by_year if y is not None]) > 1:
        raise FormatError(f"{src.path}: ADB MRIO workbooks of several years "
                          f"{sorted(y for y in by_year if y is not None)} found in one call; pass year=")
    if len(files) > 1:
        raise FormatError(f"{src.path}: several ADB MRIO workbooks {files[:4]}; pass one file")
    member = files[0]
    where = str(src.path) if src.kind == "file" else f"{src.path}:{member}"
    m = RX_YEAR.search(member.rsplit("/", 1)[-1])
    fy = [int(m.group(1))] if m else years_in([member])
    raw = _read_excel(src, member)
    t = read_wiod_sheet(raw, where, "adb", year=year or (fy[-1] if fy else None), check=check, fd_map=FD, iso=_iso,
                        source="ADB MRIO", citation=CITATION, x_rows=frozenset({"r69"}))
    g = t.G
    t.meta["release"] = "adb72" if g >= 70 else ("adb62" if g >= 60 else "adb")
    t.unit = "USD million"
    return t


def _sniff(src: Source) -> int:
    return 60 if any(RX.match(n.rsplit("/", 1)[-1]) for n in src.names) else 0


def _formats():
    from gvckit.readers import Format

    return [Format("adb_mrio", "ADB multiregional input-output table (xlsx), 62- or 72-economy version, 35 sectors",
                   ("ADB-MRIO-<year>.xlsx", "ADB-MRIO62-<year>.xlsx"), _sniff, _read, module=__name__)]


FORMATS = _formats()
