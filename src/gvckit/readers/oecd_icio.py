"""OECD Inter-Country Input-Output (ICIO) tables, editions 2016, 2018, 2021 and 2023.

Layout facts this reader relies on, with their sources
--------------------------------------------------------
Every edition: one CSV per year; first column the row labels, first row the column labels;
intermediate rows and columns ``<country>_<industry>`` in the same country-major order; values
in millions of current US dollars (OECD ICIO ReadMe files; pymrio ``parse_oecd``; exvatools
``extract_icio*.R``, which reads the first GXN rows and columns as Z).

* **2016** (``ICIO2016_<year>.zip`` holding ``ICIO2016_<year>.csv``, 2000-2011, 64 economies
  incl. ``ROW`` x 34 ISIC Rev.3 industries ``C01T05 ..``): the processing splits ``MX1-MX3``,
  ``CN1-CN4`` come after ``ROW`` (exvatools ``extract_icio2016.R``: ``gx_names`` = countries then
  splits); below Z one row ``VA+TAXSUB`` (value added plus net taxes) and one row ``OUT`` (the
  row after it, ``X`` in exvatools); final demand **component-major**: ``HFCE_AUS .. HFCE_ROW``,
  ``NPISH_AUS ..`` .. ``DIRP_ROW`` (exvatools: "FD is not ordered by country-components but by
  component-countries"), then one ``DISC`` column (statistical discrepancy, no destination); **no
  total column** (exvatools computes X = Z1 + Yfd1 + DISC; pymrio drops ``OUT``/``TOTAL`` when
  present, matches factor rows by ``VALU|TAX`` and final demand by ``..|DIRP|..|DISC``).
* **2018** (``ICIO2018_<year>.zip`` holding ``ICIO2018_<year>.CSV``, upper-case extension,
  2005-2015, 65 x 36 ISIC Rev.4, splits ``MX1, MX2, CN1, CN2``) and **2021** (``ICIO_<y1>-<y2>.zip``
  holding ``ICIO2021_<year>.csv``, 1995-2018, 67 x 45): below Z one ``<ISO3>_TAXSUB`` row per
  country (taxes less subsidies on products by country of origin), then ``VALU``, then ``OUTPUT``
  (exvatools ``extract_icio2018.R`` / ``extract_icio2021.R``: TAXSUB = rows GXN+1 .. GXN+G, VA =
  row GXN+G+1, X = row GXN+G+2; issue #12); final demand country-major ``AUS_HFCE .. ROW_DIRPA``;
  a last ``TOTAL`` column. (The OECD's 2021-edition national IOTs in ``../shared/data/china_nbs_io``
  use the same ``VALU`` / ``OUTPUT`` row labels.)
* **2023** (``<y1>-<y2>.zip`` holding ``<year>.csv``: the extended table with ``CN1, CN2, MX1,
  MX2``; ``<y1>-<y2>_SML.zip`` holding ``<year>_SML.csv``: the small table, China and Mexico not
  split; 76 economies + ``ROW`` x 45): rows ``TLS``, ``VA``, ``OUT``; total column ``OUT``; final
  demand ``AUS_HFCE .. ROW_DPABR`` (OECD ICIO 2023 ReadMe; pymrio ``parse_oecd`` matches ``TLS``,
  ``VA`` exactly and ``DPABR``). The extended and the small table are different tables: a year
  asked of an extended archive is read only from ``<year>.csv``, never from ``<year>_SML.csv``.

The reader accepts each of these label families in any file (a renamed file is recognised by its
labels); the edition is taken from the file names when they tell it (``ICIO2018_``, a bare
``<year>.csv`` or ``<year>_SML.csv`` = 2023), else from the labels, and ``meta["edition_from"]``
says which.

What gvckit keeps: Z, Y, x (the total column; the ``OUT`` row when a file has no total column),
the value-added rows as reported (``VA+TAXSUB``; ``<ISO3>_TAXSUB`` and ``VALU``; ``TLS`` and
``VA``). The processing-trade splits stay separate countries (``CN1``, ``CN2``, ``MX1``, ...):
they have intermediate rows and columns and sell to final demand but have no final-demand
columns of their own; ``meta["processing_splits"]`` maps them to their country (``{"CN1": "CHN",
...}``) so that measures compute on the split table and meld the results (TiVA practice,
:mod:`gvckit.measures.meld`, ``decompose(meld=True)``). ``read(..., meld=True)`` instead adds the
splits into ``CHN`` and ``MEX`` on reading (what pymrio's parser always does), recorded in
``meta["melded"]``. The 2016 ``DISC`` column becomes final-demand category ``DISC`` of ``ROW``
(it has no destination), recorded in ``meta["discrepancy"]``.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gvckit.errors import FormatError
from gvckit.table import ICIO

if TYPE_CHECKING:
    from gvckit.readers import Source

__all__ = ["read_oecd_csv", "FORMATS"]

TOTAL_COLS = {"OUT": "2021+", "TOTAL": "2016/2018"}
TOTAL_ROWS = {"OUT": "2016, 2023", "OUTPUT": "2018, 2021"}
VA_ROWS = {"VA": "value added at basic prices", "VALU": "value added at basic prices",
           "TLS": "taxes less subsidies on intermediate and final products",
           "TAXSUB": "taxes less subsidies on intermediate and final products",
           "VA+TAXSUB": "value added at basic prices plus taxes less subsidies on products"}
TAXSUB = "TAXSUB"  # 2018/2021: one <ISO3>_TAXSUB row per country
SPLIT = re.compile(r"^(CN|MX)(\d)$")
SPLIT_OF = {"CN": "CHN", "MX": "MEX"}
RX_FILE = re.compile(r"^(?:ICIO(?P<ed>20(?:16|18|21|23))_)?(?P<year>(?:19|20)\d\d)(?P<sml>[._]SML)?\.(csv|zip)$",
                     re.IGNORECASE)
RX_OUTER = re.compile(r"ICIO[-_]?(?:\d{4})?[-_]?\d{4}(?:to\d{4})?[-_]?(?:\d{4})?[-_]?(extended|small)?", re.IGNORECASE)
RX_2023_OUTER = re.compile(r"^(?:19|20)\d\d-(?:19|20)\d\d(?P<sml>[-_]SML|[-_]small)?(?:[-_]extended)?\.zip$",
                           re.IGNORECASE)
CITATION = "OECD (various editions), Inter-Country Input-Output Database, http://oe.cd/icio."


def _split(label: str) -> tuple[str, str] | None:
    parts = str(label).split("_", 1)
    return (parts[0], parts[1]) if len(parts) == 2 and parts[0] and parts[1] else None


def _edition_from_labels(family: str, real: list[str], sectors: list[str]) -> str:
    """The edition a label family points to (file names are the surer guide)."""
    if family == "2016":
        return "2016"
    if family == "taxsub":
        return {36: "2018", 45: "2021"}.get(len(sectors), "2018 or 2021")
    return "2023" if len(real) >= 77 else "2021 or 2023"


def read_oecd_csv(fh, name: str, *, edition: str | None = None, variant: str | None = None,
                  year: int | None = None, check: bool = True) -> ICIO:
    """Parse one OECD ICIO CSV (any edition); ``edition`` is detected from the labels if not given.

    See the module docstring for the layouts; errors name the file, row and column at fault.
    """
    try:
        raw = pd.read_csv(fh, index_col=0, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise FormatError(f"{name}: not a readable OECD ICIO CSV ({type(exc).__name__}: {exc})") from exc
    rows = [str(r).strip() for r in raw.index]
    cols = [str(c).strip() for c in raw.columns]
    dup_r = next((r for r in dict.fromkeys(rows) if rows.count(r) > 1), None)
    if dup_r is not None:
        raise FormatError(f"{name}: row label {dup_r!r} appears {rows.count(dup_r)} times")
    dup_c = next((c for c in cols if re.search(r"\.\d+$", c) and re.sub(r"\.\d+$", "", c) in cols), None)
    if dup_c is not None:
        base = re.sub(r"\.\d+$", "", dup_c)
        raise FormatError(f"{name}: column label {base!r} appears more than once")
    col_set = {c: j for j, c in enumerate(cols)}
    z_rows = [i for i, r in enumerate(rows) if r in col_set and _split(r)]
    if not z_rows:
        raise FormatError(f"{name}: no <country>_<industry> label appears both as a row and as a column; "
                          f"not an OECD ICIO table (first row labels {rows[:3]}, first columns {cols[:3]})")
    labels = [rows[i] for i in z_rows]
    pairs = [_split(r) for r in labels]
    countries = list(dict.fromkeys(p[0] for p in pairs))
    sectors = list(dict.fromkeys(p[1] for p in pairs))
    expected = [f"{c}_{s}" for c in countries for s in sectors]
    if len(labels) < len(expected) and labels == expected[:len(labels)]:
        raise FormatError(f"{name}: the industry rows stop after {labels[-1]!r}: {len(expected) - len(labels)} of "
                          f"{len(expected)} are missing (first missing {expected[len(labels)]!r}); the file may be "
                          f"truncated")
    if labels != expected:
        bad = next((f, e) for f, e in zip(labels + [None] * len(expected), expected, strict=False) if f != e)
        raise FormatError(f"{name}: industry rows are not country-major {len(countries)} x {len(sectors)}; "
                          f"first mismatch (found, expected): {bad}")
    missing_cols = [c for c in expected if c not in col_set]
    if missing_cols:
        raise FormatError(f"{name}: intermediate column {missing_cols[0]!r} is missing")
    zc = [col_set[c] for c in expected]
    if zc != list(range(zc[0], zc[0] + len(zc))):
        raise FormatError(f"{name}: the intermediate columns are not in the order of the rows")
    zset_rows = set(z_rows)
    # totals: the total column (2018, 2021, 2023), else the total row (2016 has no total column)
    tcol = [c for c in cols if c in TOTAL_COLS]
    trow = [r for r in rows if r in TOTAL_ROWS]
    if not tcol and not trow:
        raise FormatError(f"{name}: no total output: neither a total column ('TOTAL' 2018/2021, 'OUT' 2023) "
                          f"nor a total row ('OUT' 2016/2023, 'OUTPUT' 2018/2021); last rows found "
                          f"{rows[-3:]}, last columns {cols[-3:]}")
    real = [c for c in countries if not SPLIT.match(c)]
    splits = {c: SPLIT_OF[SPLIT.match(c).group(1)] for c in countries if SPLIT.match(c)}
    other_rows = [i for i, r in enumerate(rows) if i not in zset_rows and r not in TOTAL_ROWS]
    taxsub = [i for i in other_rows if (p := _split(rows[i])) and p[1] == TAXSUB and p[0] in countries]
    unknown = [rows[i] for i in other_rows if rows[i] not in VA_ROWS and i not in set(taxsub)]
    if unknown:
        raise FormatError(f"{name}: unexpected row label {unknown[0]!r} below the industry rows (expected "
                          f"<country>_TAXSUB, {sorted(VA_ROWS)} or a total row {sorted(TOTAL_ROWS)})")
    # final demand columns
    zset = set(expected)
    fd_j, fd_lab, disc = [], [], None
    for j, c in enumerate(cols):
        if c in zset or c in TOTAL_COLS:
            continue
        if c.upper() == "DISC":
            disc = j
            continue
        p = _split(c)
        if p is None:
            raise FormatError(f"{name}: column {c!r} is neither <country>_<industry>, <country>_<category> "
                              f"nor a total")
        a, b = p
        if a in real:
            fd_j.append(j)
            fd_lab.append((a, b))
        elif b in real:  # 2016: category first
            fd_j.append(j)
            fd_lab.append((b, a))
        else:
            raise FormatError(f"{name}: final-demand column {c!r} names no country of the table")
    if not fd_j:
        raise FormatError(f"{name}: no final-demand columns (<country>_HFCE, ...) found")
    if len(set(fd_lab)) != len(fd_lab):
        dup = next(t for t in fd_lab if fd_lab.count(t) > 1)
        raise FormatError(f"{name}: final-demand column for {dup[0]} / {dup[1]} appears twice")
    reversed_fd = any(_split(cols[j])[0] not in real for j in fd_j)
    row_set = {rows[i] for i in other_rows}
    if reversed_fd or disc is not None or "VA+TAXSUB" in row_set:
        family = "2016"
    elif taxsub or "VALU" in row_set or "OUTPUT" in trow or "TOTAL" in tcol:
        family = "taxsub"
    else:
        family = "tls"
    edition_from = "file name"
    if edition is None:
        edition, edition_from = _edition_from_labels(family, real, sectors), "labels"
    if variant is None:
        variant = "extended" if splits else "small"

    def num(ri: list[int], cj: list[int], what: str) -> np.ndarray:
        block = raw.iloc[ri, cj]
        if all(pd.api.types.is_numeric_dtype(t) for t in block.dtypes):
            out = block.to_numpy(dtype=float)
        else:
            out = block.apply(lambda s: pd.to_numeric(s, errors="coerce")).to_numpy(dtype=float)
        bad = np.isnan(out)
        if bad.any():
            r, c = np.argwhere(bad)[0]
            v = block.iat[r, c]
            what_v = "an empty cell (is the file truncated?)" if pd.isna(v) else f"value {v!r} is not a number"
            raise FormatError(f"{name}: row {rows[ri[r]]!r}, column {cols[cj[c]]!r} ({what}): {what_v}")
        return out

    Z = num(z_rows, zc, "intermediate")
    # order FD by destination (country order of the table) then category, keeping first-seen category order
    cats = list(dict.fromkeys(k for _, k in fd_lab))
    pos = {lab: j for lab, j in zip(fd_lab, fd_j, strict=True)}
    ordered = [(c, k) for c in real for k in cats if (c, k) in pos]
    Yv = num(z_rows, [pos[t] for t in ordered], "final demand")
    fd_index = list(ordered)
    meta: dict = {"release": f"oecd_icio{edition}", "edition": edition, "edition_from": edition_from,
                  "variant": variant, "processing_splits": splits, "citation": CITATION,
                  "total_labels": [tcol[0] if tcol else None, trow[0] if trow else None],
                  "fd_order": "category-major (HFCE_AUS ..)" if reversed_fd else "country-major (AUS_HFCE ..)"}
    if disc is not None:
        dvals = num(z_rows, [disc], "discrepancy")
        rest = "ROW" if "ROW" in real else real[-1]
        fd_index.append((rest, "DISC"))
        Yv = np.hstack([Yv, dvals])
        meta["discrepancy"] = (f"the DISC column (statistical discrepancy, no destination) is kept as "
                               f"final-demand category DISC of {rest}")
    if tcol:
        x = num(z_rows, [col_set[tcol[0]]], "total output")[:, 0]
        meta["output_from"] = f"column {tcol[0]!r}"
    else:
        x = num([rows.index(trow[0])], zc, "total output")[0]
        meta["output_from"] = f"row {trow[0]!r} (the file has no total column)"
    va_i = list(other_rows)
    index = pd.MultiIndex.from_product([countries, sectors], names=["country", "sector"])
    va = None
    if va_i:
        va = pd.DataFrame(num(va_i, zc, "value added"), index=pd.Index([rows[i] for i in va_i], name="component"),
                          columns=index)
        meta["va_names"] = {rows[i]: VA_ROWS.get(rows[i], f"taxes less subsidies on products of "
                                                           f"{_split(rows[i])[0] if _split(rows[i]) else ''}")
                            for i in va_i}
    cinfo = pd.DataFrame({"code": countries, "source_code": countries,
                          "processing_split_of": [splits.get(c, "") for c in countries]})
    label = "small" if variant == "small" and edition == "2023" else ("extended" if edition == "2023" else "")
    return ICIO(
        pd.DataFrame(Z, index=index, columns=index),
        pd.DataFrame(Yv, index=index, columns=pd.MultiIndex.from_tuples(fd_index, names=["country", "category"])),
        x=x, va=va, country_info=cinfo, unit="USD million", year=year,
        source=f"OECD ICIO {edition} edition" + (f", {label} table" if label else ""), meta=meta, check=check,
    )


def _candidates(names: list[str]) -> list[str]:
    return [n for n in names if RX_FILE.match(n.rsplit("/", 1)[-1])]


def _open_member(src: Source, member: str) -> tuple[io.BytesIO, str, str]:
    """Bytes of the CSV behind ``member`` (descending into an inner zip), its name, and its base."""
    base = member.rsplit("/", 1)[-1]
    fh = src.open(member)
    if not base.lower().endswith(".zip"):
        return fh, f"{src.path}:{member}" if src.kind != "file" else str(src.path), base
    try:
        inner = zipfile.ZipFile(fh)
    except zipfile.BadZipFile as exc:
        raise FormatError(f"{src.path}: inner archive {member} is damaged ({exc})") from exc
    csvs = [n for n in inner.namelist() if n.lower().endswith(".csv")]
    if len(csvs) != 1:
        raise FormatError(f"{src.path}: inner archive {member} should hold one CSV, found {inner.namelist()[:5]}")
    return io.BytesIO(inner.read(csvs[0])), f"{src.path}:{member}:{csvs[0]}", csvs[0].rsplit("/", 1)[-1]


def _is_small(member: str) -> bool:
    m = RX_FILE.match(member.rsplit("/", 1)[-1])
    return bool(m and m.group("sml"))


def _archive_variant(src: Source) -> str | None:
    """``small`` / ``extended`` when the archive's own name says which table it holds."""
    if src.kind == "file":
        return None
    name = src.path.name
    if re.search(r"SML|small", name, re.IGNORECASE):
        return "small"
    if RX_2023_OUTER.match(name) or re.search(r"extended", name, re.IGNORECASE):
        return "extended"
    return None


def _read(src: Source, year: int | None = None, check: bool = True, edition: str | None = None,
          variant: str | None = None, meld: bool = False) -> ICIO:
    from gvckit.readers import pick_year

    if variant is not None and variant not in ("small", "extended"):
        raise FormatError(f"variant must be 'small' or 'extended', not {variant!r}")
    cands = _candidates(src.names)
    if not cands:
        csvs = [n for n in src.names if n.lower().endswith(".csv")]
        if src.kind == "file" and csvs:
            cands = csvs
        else:
            raise FormatError(f"{src.path}: no OECD ICIO member (ICIO20xx_<year>.csv, <year>.csv, <year>_SML.csv, "
                              f"<year>.zip) among {src.names[:6]}")
    # the archive's name says which table it holds, unless the caller named the member itself
    want = variant or (None if src.restricted else _archive_variant(src))
    if src.kind != "file":
        if want is not None:
            kept = [c for c in cands if _is_small(c) == (want == "small")]
            if not kept or (year is not None and not any(
                    RX_FILE.match(c.rsplit("/", 1)[-1]) and int(RX_FILE.match(c.rsplit("/", 1)[-1]).group("year")) == year
                    for c in kept)):
                looked = (f"{year}_SML.csv" if want == "small" else f"{year}.csv") if year else \
                         ("<year>_SML.csv" if want == "small" else "<year>.csv")
                other = "small" if want == "extended" else "extended"
                raise FormatError(
                    f"{src.path}: no {looked} ({want} table) in the archive; it holds {src.names[:8]}. "
                    f"The {other} table is a different table and is not read in its place"
                    + (" (pass variant='small' to read it)" if other == "small" else ""))
            cands = kept
        elif any(_is_small(c) for c in cands) and not all(_is_small(c) for c in cands):
            yrs = {RX_FILE.match(c.rsplit("/", 1)[-1]).group("year") for c in cands}
            if year is None or str(year) in yrs:
                sel = [c for c in cands if year is None or RX_FILE.match(c.rsplit("/", 1)[-1]).group("year") == str(year)]
                if any(_is_small(c) for c in sel) and not all(_is_small(c) for c in sel):
                    raise FormatError(f"{src.path}: holds both extended (<year>.csv) and small (<year>_SML.csv) "
                                      f"tables {sel[:4]}; pass variant='extended' or variant='small'")
    cands = pick_year(src, cands, year, "OECD ICIO")
    if len(cands) > 1:
        csv_only = [c for c in cands if c.lower().endswith(".csv")]
        cands = csv_only or cands
    if len(cands) > 1:
        raise FormatError(f"{src.path}: several OECD ICIO files for one year: {cands[:4]}; pass the file itself")
    member = cands[0]
    fh, where, base = _open_member(src, member)
    m = RX_FILE.match(base) or RX_FILE.match(member.rsplit("/", 1)[-1])
    ed = edition or (m.group("ed") if m and m.group("ed") else None)
    if ed is None and m and (src.kind != "file" or m.group("sml")):
        ed = "2023"  # only the 2023 release names its members <year>.csv / <year>_SML.csv
    var = variant or ("small" if (m and m.group("sml")) else want)
    fyear = int(m.group("year")) if m else year
    t = read_oecd_csv(fh, where, edition=ed, variant=var, year=fyear, check=check)
    if meld:
        splits = t.meta.get("processing_splits") or {}
        missing = sorted({v for v in splits.values() if v not in t.countries})
        if missing:
            raise FormatError(f"{where}: cannot meld the processing splits into {missing}: not countries of the table")
        if splits:
            t = t.aggregate(countries=splits)
            t.meta["melded"] = dict(splits)
            t.meta["processing_splits"] = {}
    return t


def _sniff(src: Source) -> int:
    cands = _candidates(src.names)
    score = 0
    if any(n.rsplit("/", 1)[-1].upper().startswith("ICIO20") for n in cands) or RX_OUTER.match(src.name) \
            or (RX_2023_OUTER.match(src.name) and cands):
        score = 60
    # header check on a CSV
    csvs = [n for n in (cands or src.names) if n.lower().endswith(".csv")][:1]
    if csvs:
        lines = src.head(csvs[0], 65536).decode("utf-8", "replace").splitlines()
        head = lines[0].split(",") if lines else []
        labs = [h.strip().strip('"') for h in head[1:]]
        first_rows = [ln.split(",", 1)[0].strip().strip('"') for ln in lines[1:3]]
        if labs and sum(1 for h in labs if _split(h) or h.upper() == "DISC") > 0.9 * len(labs) \
                and (any(h in TOTAL_COLS for h in labs) or (labs[-1].upper() == "DISC")) \
                and all(r in labs for r in first_rows):
            score = max(score, 90)
    return score


def _formats():
    from gvckit.readers import Format

    return [Format("oecd_icio", "OECD Inter-Country Input-Output tables, editions 2016, 2018, 2021, 2023 "
                   "(small and extended); CN1/CN2, MX1/MX2 kept separate (meld=True adds them up)",
                   ("ICIO2016_<year>.csv", "ICIO2018_<year>.CSV", "ICIO2021_<year>.csv", "ICIO_<y1>-<y2>.zip",
                    "<y1>-<y2>.zip > <year>.csv", "<y1>-<y2>_SML.zip > <year>_SML.csv"),
                   _sniff, _read, module=__name__)]


FORMATS = _formats()
