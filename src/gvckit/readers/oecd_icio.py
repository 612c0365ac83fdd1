"""OECD Inter-Country Input-Output (ICIO) tables, editions 2016, 2018, 2021 and 2023.

Files
-----
* 2016: ``ICIO2016_<year>.csv`` (in ``ICIO2016_<year>.zip``), 2000-2011, 64 + ROW economies x 34
  industries (ISIC Rev.3, codes ``C01T05 ..``), processing splits ``MX1-MX3``, ``CN1-CN4``;
  final-demand columns labelled category first (``HFCE_AUS``), a ``DISC`` (statistical
  discrepancy) column; totals ``TOTAL`` (column), ``OUTPUT`` (row); value added ``VALU``, taxes
  ``TAXSUB``.
* 2018: ``ICIO2018_<year>.CSV``, 2005-2015, 64 + ROW x 36 (ISIC Rev.4), splits ``MX1, MX2,
  CN1, CN2``; final demand ``AUS_HFCE .. AUS_DIRP``; totals ``TOTAL``/``OUTPUT``; ``VALU``,
  ``TAXSUB``.
* 2021: ``ICIO2021_<year>.csv`` in ``ICIO_<y1>-<y2>.zip``, 1995-2018, 66 + ROW x 45; totals
  renamed ``OUT`` (row and column), value added ``VA``, taxes ``TLS``; final demand ``_HFCE,
  _NPISH, _GGFC, _GFCF, _INVNT, _DPABR``.
* 2023: ``ICIO-<y1>-<y2>-extended.zip`` holding ``<year>.zip`` holding ``<year>.csv`` (76 + ROW x
  45, with ``CN1, CN2, MX1, MX2``) and ``ICIO-<y1>-<y2>-small.zip`` holding ``<year>.SML.zip`` /
  ``<year>.SML.csv`` (China and Mexico consolidated). Same labels as 2021.

Every file: first column the row labels ``<country>_<industry>`` then the non-industry rows; first
row the column labels. Values in millions of US dollars.

What gvckit keeps: Z, Y, x (the total column), value-added rows (``VA``/``VALU`` and
``TLS``/``TAXSUB`` as reported). The processing-trade splits stay separate countries
(``CN1``, ``CN2``, ``MX1``, ...): they have intermediate rows and columns and sell to final demand,
but have no final-demand columns of their own; ``meta["processing_splits"]`` maps them to their
country (``{"CN1": "CHN", ...}``) so measures can meld them (pymrio merges them on reading, which
is why this parser is gvckit's own). The 2016 ``DISC`` column becomes final-demand category
``DISC`` of ``ROW`` (it has no destination), recorded in ``meta["discrepancy"]``.
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
TOTAL_ROWS = {"OUT": "2021+", "OUTPUT": "2016/2018"}
VA_ROWS = {"VA": "value added at basic prices", "VALU": "value added at basic prices",
           "TLS": "taxes less subsidies on intermediate and final products",
           "TAXSUB": "taxes less subsidies on intermediate and final products"}
SPLIT = re.compile(r"^(CN|MX)(\d)$")
SPLIT_OF = {"CN": "CHN", "MX": "MEX"}
RX_FILE = re.compile(r"^(?:ICIO(?P<ed>20(?:16|18|21|23))_)?(?P<year>(?:19|20)\d\d)(?P<sml>[._]SML)?\.(csv|zip)$",
                     re.IGNORECASE)
RX_OUTER = re.compile(r"ICIO[-_]?(?:\d{4})?[-_]?\d{4}(?:to\d{4})?[-_]?(?:\d{4})?[-_]?(extended|small)?", re.IGNORECASE)
CITATION = "OECD (various editions), Inter-Country Input-Output Database, http://oe.cd/icio."


def _split(label: str) -> tuple[str, str] | None:
    parts = str(label).split("_", 1)
    return (parts[0], parts[1]) if len(parts) == 2 and parts[0] and parts[1] else None


def read_oecd_csv(fh, name: str, *, edition: str | None = None, variant: str | None = None,
                  year: int | None = None, check: bool = True) -> ICIO:
    """Parse one OECD ICIO CSV (any edition); ``edition`` is detected from the labels if not given."""
    try:
        raw = pd.read_csv(fh, index_col=0, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise FormatError(f"{name}: not a readable OECD ICIO CSV ({type(exc).__name__}: {exc})") from exc
    rows = [str(r).strip() for r in raw.index]
    cols = [str(c).strip() for c in raw.columns]
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
    if labels != expected:
        bad = next((f, e) for f, e in zip(labels + [None] * len(expected), expected, strict=False) if f != e)
        raise FormatError(f"{name}: industry rows are not country-major {len(countries)} x {len(sectors)}; "
                          f"first mismatch (found, expected): {bad}")
    zc = [col_set[c] for c in expected]
    # totals
    tcol = [c for c in cols if c in TOTAL_COLS]
    trow = [r for r in rows if r in TOTAL_ROWS]
    if not tcol:
        raise FormatError(f"{name}: the total-output column is missing: expected 'OUT' (2021, 2023) or "
                          f"'TOTAL' (2016, 2018); last columns found {cols[-3:]}")
    if not trow:
        raise FormatError(f"{name}: the total-output row is missing: expected 'OUT' (2021, 2023) or "
                          f"'OUTPUT' (2016, 2018); last rows found {rows[-3:]}")
    other_rows = [i for i, r in enumerate(rows) if i not in set(z_rows) and r not in TOTAL_ROWS]
    unknown = [rows[i] for i in other_rows if rows[i] not in VA_ROWS]
    if unknown:
        raise FormatError(f"{name}: unexpected row labels {unknown[:5]} (expected <country>_<industry>, "
                          f"{sorted(VA_ROWS)} and {sorted(TOTAL_ROWS)})")
    old = tcol[0] == "TOTAL"
    # final demand columns
    zset = set(expected)
    real = [c for c in countries if not SPLIT.match(c)]
    splits = {c: SPLIT_OF[SPLIT.match(c).group(1)] for c in countries if SPLIT.match(c)}
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
    reversed_fd = any(_split(cols[j])[0] not in real for j in fd_j)
    if edition is None:
        if old:
            edition = "2016" if (reversed_fd or disc is not None or any(s.startswith("C") for s in sectors)) else "2018"
        else:
            edition = "2023" if len(real) >= 77 else "2021"
    if variant is None:
        variant = "extended" if splits else "small"

    def num(ri: list[int], cj: list[int], what: str) -> np.ndarray:
        block = raw.iloc[ri, cj]
        if all(pd.api.types.is_numeric_dtype(t) for t in block.dtypes):
            out = block.to_numpy(dtype=float)
            bad = np.isnan(out)
        else:
            conv = block.apply(lambda s: pd.to_numeric(s, errors="coerce"))
            out = conv.to_numpy(dtype=float)
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
    meta: dict = {"release": f"oecd_icio{edition}", "edition": edition, "variant": variant,
                  "processing_splits": splits, "citation": CITATION, "total_labels": [tcol[0], trow[0]]}
    if disc is not None:
        dvals = num(z_rows, [disc], "discrepancy")
        rest = "ROW" if "ROW" in real else real[-1]
        fd_index.append((rest, "DISC"))
        Yv = np.hstack([Yv, dvals])
        meta["discrepancy"] = (f"the DISC column (statistical discrepancy, no destination) is kept as "
                               f"final-demand category DISC of {rest}")
    x = num(z_rows, [col_set[tcol[0]]], "total output")[:, 0]
    va_i = [i for i in other_rows]
    index = pd.MultiIndex.from_product([countries, sectors], names=["country", "sector"])
    va = None
    if va_i:
        va = pd.DataFrame(num(va_i, zc, "value added"), index=pd.Index([rows[i] for i in va_i], name="component"),
                          columns=index)
        meta["va_names"] = {rows[i]: VA_ROWS[rows[i]] for i in va_i}
    cinfo = pd.DataFrame({"code": countries, "source_code": countries,
                          "processing_split_of": [splits.get(c, "") for c in countries]})
    return ICIO(
        pd.DataFrame(Z, index=index, columns=index),
        pd.DataFrame(Yv, index=index, columns=pd.MultiIndex.from_tuples(fd_index, names=["country", "category"])),
        x=x, va=va, country_info=cinfo, unit="USD million", year=year,
        source=f"OECD ICIO {edition} edition", meta=meta, check=check,
    )


def _candidates(names: list[str]) -> list[str]:
    return [n for n in names if RX_FILE.match(n.rsplit("/", 1)[-1])]


def _open_member(src: Source, member: str, year: int | None) -> tuple[io.BytesIO, str, str]:
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


def _read(src: Source, year: int | None = None, check: bool = True, edition: str | None = None,
          variant: str | None = None) -> ICIO:
    from gvckit.readers import pick_year

    cands = _candidates(src.names)
    if not cands:
        csvs = [n for n in src.names if n.lower().endswith(".csv")]
        if src.kind == "file" and csvs:
            cands = csvs
        else:
            raise FormatError(f"{src.path}: no OECD ICIO member (ICIO20xx_<year>.csv, <year>.csv, <year>.zip, "
                              f"<year>.SML.csv) among {src.names[:6]}")
    # prefer CSVs over inner zips of the same year
    cands = pick_year(src, cands, year, "OECD ICIO")
    if len(cands) > 1:
        csv_only = [c for c in cands if c.lower().endswith(".csv")]
        cands = csv_only or cands
    if len(cands) > 1:
        raise FormatError(f"{src.path}: several OECD ICIO files for one year: {cands[:4]}; pass the file itself")
    member = cands[0]
    fh, where, base = _open_member(src, member, year)
    m = RX_FILE.match(base) or RX_FILE.match(member.rsplit("/", 1)[-1])
    ed = edition or (m.group("ed") if m and m.group("ed") else None)
    outer = RX_OUTER.search(src.name)
    if ed is None and outer and "-" in src.name and (outer.group(1) or m and m.group("sml")):
        ed = "2023"
    var = variant or ("small" if (m and m.group("sml")) or (outer and (outer.group(1) or "").lower() == "small") else None)
    fyear = int(m.group("year")) if m else year
    return read_oecd_csv(fh, where, edition=ed, variant=var, year=fyear, check=check)


def _sniff(src: Source) -> int:
    cands = _candidates(src.names)
    score = 0
    if any(n.rsplit("/", 1)[-1].upper().startswith("ICIO20") for n in cands) or RX_OUTER.match(src.name):
        score = 60
    # header check on a CSV
    csvs = [n for n in (cands or src.names) if n.lower().endswith(".csv")][:1]
    if csvs:
        head = src.head(csvs[0], 65536).decode("utf-8", "replace").splitlines()[0].split(",")
        labs = [h.strip().strip('"') for h in head[1:]]
        if labs and sum(1 for h in labs if _split(h)) > 0.9 * len(labs) and any(h in TOTAL_COLS for h in labs):
            score = max(score, 90)
    return score


def _formats():
    from gvckit.readers import Format

    return [Format("oecd_icio", "OECD Inter-Country Input-Output tables, editions 2016, 2018, 2021, 2023 "
                   "(small and extended); CN1/CN2, MX1/MX2 kept separate",
                   ("ICIO2016_<year>.csv", "ICIO2018_<year>.CSV", "ICIO2021_<year>.csv", "ICIO_<y1>-<y2>.zip",
                    "ICIO-<y1>-<y2>-extended.zip", "ICIO-<y1>-<y2>-small.zip", "<year>.csv", "<year>.SML.csv"),
                   _sniff, _read, module=__name__)]


FORMATS = _formats()
