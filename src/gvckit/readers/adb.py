"""Asian Development Bank multiregional input-output tables (ADB MRIO), 62- and 72-economy versions.

Files: ``ADB-MRIO-<year>.xlsx`` (72 economies + RoW, 2017-), ``ADB-MRIO62-<year>.xlsx`` (62 + RoW,
2000, 2007-), any name matching ``ADB*MRIO*<year>*.xlsx``. One sheet in the WIOD layout (the ADB
MRIO extends WIOD 2013): five title rows, then two header rows -- economy codes (ADB's own:
``PRC`` China, ``GER`` Germany, ``TAP`` Taipei,China, ...) and column codes ``c1 .. c35``,
``F1 .. F5`` (household, NPISH and government consumption, GFCF, inventories), ``ToT``; data rows
with the sector name, economy and row code ``c1 .. c35`` in columns B-D, then ``r60`` (total
intermediate), value-added rows ``r61 .. r68`` and ``r69`` (total input); a footer row. Millions
of current US dollars. (Layout as handled by ksreyes/mrio-processing; an official file could not
be inspected from here.)

What gvckit keeps: Z, Y, x (the ``ToT`` column), value-added rows between the totals; ISO3 codes
with ADB's code in ``country_info["source_code"]``; ``meta["release"]`` is ``adb62`` or ``adb72``
by the number of economies.
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
