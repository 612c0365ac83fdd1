"""EORA26 (Lenzen et al. 2012, 2013): the simplified 26-sector Eora MRIO, one zip per year.

Files: ``Eora26_<year>_<bp|pp>.zip`` (or the unpacked folder) holding tab-separated text files
without headers:

* ``Eora26_<year>_<price>_T.txt`` (Z), ``..._FD.txt`` (final demand), ``..._VA.txt`` (primary
  inputs), ``..._Q.txt`` / ``..._QY.txt`` (satellite accounts, not read);
* label files ``labels_T.txt`` (country name, ISO3 code, ``Industries``, sector name),
  ``labels_FD.txt`` (country name, code, ``Final Demand``, category) and ``labels_VA.txt``
  (``Primary Inputs``, component) -- in the zip or in a sibling ``indices.zip``.

189 countries x 26 sectors plus the rest of the world ``ROW`` with a single ``TOTAL`` sector, six
final-demand categories, six primary inputs, thousands of current US dollars (``bp``: basic
prices, ``pp``: purchasers' prices).

What gvckit keeps: Z, Y and the VA rows of the 189 countries. The rest of the world ``ROW`` has one
``TOTAL`` sector, not 26, so it cannot be a country of the table; instead of dropping it (pymrio
does, losing its trade) gvckit makes the table open: sales to ROW become ``exports`` (columns
``ROW_intermediate``, ``ROW_final``), ROW's sales become imports ``imports_Z`` / ``imports_Y`` (row
``ROW``), and x is the row identity ``Z1 + Y1 + exports 1`` (Eora ships no output vector). Only
ROW's flows to itself are left out (totals in ``meta["row_internal"]``). ``meta["row"]`` states
what ROW weighs in the file read and what dropping it would change: the countries' sales to ROW
(``exports_to_ROW``), ROW's sales to them (``imports_from_ROW``), ROW's flows to itself, and the
share of the countries' gross output sold to ROW (``output_share_sold_to_ROW``, its largest
value by country-sector in ``max_output_share_sold_to_ROW``) -- output a reader that drops ROW
(pymrio ``parse_eora26``, which logs "Remove Rest of the World (ROW) ... loosing ...") removes
from x. Z, Y and the VA rows of the countries equal pymrio's exactly.

Layout facts relied on (pymrio ``parse_eora26``): members ``Eora26_<year>_<price>_{T,FD,VA,Q,QY}.txt``
tab-separated without headers; label files ``labels_T.txt``, ``labels_FD.txt``,
``labels_VA.txt``, ``labels_Q.txt`` in the zip or in a sibling ``indices.zip``; label columns
(full name, Eora code, system, name); the rest of the world coded ``ROW``; unit ``000 USD``
(Eora FAQ). Eora's raw tables carry
small statistical discrepancies; if a year fails the column-balance check, read it with
``check=False`` and inspect ``gvckit.check(t)``.
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

__all__ = ["FORMATS"]

RX = re.compile(r"^Eora26_(\d{4})_(bp|pp)_(T|FD|VA|Q|QY)\.txt$", re.IGNORECASE)
RX_ZIP = re.compile(r"^Eora26_(\d{4})_(bp|pp)\.zip$", re.IGNORECASE)
LABELS = ("labels_T.txt", "labels_FD.txt", "labels_VA.txt")
CITATION = ("Lenzen, M., Moran, D., Kanemoto, K. and Geschke, A. (2013), Building Eora: A Global Multi-region "
            "Input-Output Database at High Country and Sector Resolution, Economic Systems Research 25(1): 20-49.")


def _table(src: Source, member: str) -> pd.DataFrame:
    try:
        return pd.read_csv(src.open(member), sep="\t", header=None)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise FormatError(f"{src.path}: {member} is not a readable tab-separated table ({exc})") from exc


def _num(df: pd.DataFrame, where: str) -> np.ndarray:
    conv = df.apply(lambda s: pd.to_numeric(s, errors="coerce"))
    arr = conv.to_numpy(dtype=float)
    if np.isnan(arr).any():
        r, c = np.argwhere(np.isnan(arr))[0]
        raise FormatError(f"{where}: value {df.iat[r, c]!r} in line {r + 1}, field {c + 1} is not a number "
                          f"(or the file is truncated)")
    return arr


def _read(src: Source, year: int | None = None, check: bool = True, price: str | None = None) -> ICIO:
    from gvckit.readers import Source as Src

    members = {}
    for n in src.names:
        m = RX.match(n.rsplit("/", 1)[-1])
        if m:
            members.setdefault((int(m.group(1)), m.group(2).lower()), {})[m.group(3).upper()] = n
    inner_src = src
    if not members:
        zips = [n for n in src.names if RX_ZIP.match(n.rsplit("/", 1)[-1])]
        if src.kind == "dir" and zips:
            years = sorted({int(RX_ZIP.match(z.rsplit("/", 1)[-1]).group(1)) for z in zips})
            if year is None and len(years) > 1:
                raise FormatError(f"{src.path}: Eora26 archives of several years {years}; pass year=")
            pick = [z for z in zips if year is None or f"_{year}_" in z]
            pick = [z for z in pick if price is None or f"_{price}." in z]
            if len(pick) != 1:
                raise FormatError(f"{src.path}: expected one Eora26_<year>_<price>.zip, found {pick or zips}")
            inner_src = Src(src.path / pick[0])
            t = _read(inner_src, year=year, check=check, price=price)
            inner_src.close()
            return t
        raise FormatError(f"{src.path}: no Eora26_<year>_<bp|pp>_T.txt among {src.names[:6]}")
    keys = sorted(members)
    if year is not None:
        keys = [k for k in keys if k[0] == year]
    if price is not None:
        keys = [k for k in keys if k[1] == price]
    if not keys:
        raise FormatError(f"{src.path}: no Eora26 files for year={year}, price={price}; found {sorted(members)}")
    if len({k[0] for k in keys}) > 1:
        raise FormatError(f"{src.path}: Eora26 files of several years {sorted({k[0] for k in keys})}; pass year=")
    if len(keys) > 1:
        raise FormatError(f"{src.path}: both basic- and purchasers'-price files; pass price='bp' or 'pp'")
    fy, pr = keys[0]
    parts = members[keys[0]]
    missing = [f"Eora26_{fy}_{pr}_{p}.txt" for p in ("T", "FD", "VA") if p not in parts]
    lab = {}
    for f in LABELS:
        hit = [n for n in inner_src.names if n.rsplit("/", 1)[-1].lower() == f.lower()]
        if hit:
            lab[f] = (inner_src, hit[0])
        elif src.kind == "dir" or src.path.parent.joinpath("indices.zip").exists():
            idx_path = (src.path if src.kind == "dir" else src.path.parent) / "indices.zip"
            if idx_path.exists():
                idx = Src(idx_path)
                hit = [n for n in idx.names if n.rsplit("/", 1)[-1].lower() == f.lower()]
                if hit:
                    lab[f] = (idx, hit[0])
        if f not in lab:
            missing.append(f)
    if missing:
        raise FormatError(f"{src.path}: Eora26 members {missing} are missing (labels may also come from a "
                          f"sibling indices.zip)")
    lt = lab["labels_T.txt"][0]
    labT = pd.read_csv(lt.open(lab["labels_T.txt"][1]), sep="\t", header=None, dtype=str)
    labFD = pd.read_csv(lab["labels_FD.txt"][0].open(lab["labels_FD.txt"][1]), sep="\t", header=None, dtype=str)
    labVA = pd.read_csv(lab["labels_VA.txt"][0].open(lab["labels_VA.txt"][1]), sep="\t", header=None, dtype=str)
    if labT.shape[1] < 4 or labFD.shape[1] < 4 or labVA.shape[1] < 2:
        raise FormatError(f"{src.path}: label files need 4 columns (name, code, system, label); labels_T has "
                          f"{labT.shape[1]}, labels_FD {labFD.shape[1]}, labels_VA {labVA.shape[1]}")
    T = _num(_table(inner_src, parts["T"]), f"{src.path}:{parts['T']}")
    FDm = _num(_table(inner_src, parts["FD"]), f"{src.path}:{parts['FD']}")
    VA = _num(_table(inner_src, parts["VA"]), f"{src.path}:{parts['VA']}")
    n_all = len(labT)
    if T.shape != (n_all, n_all) or FDm.shape != (n_all, len(labFD)) or VA.shape != (len(labVA), n_all):
        raise FormatError(f"{src.path}: shapes do not match the labels: T {T.shape}, FD {FDm.shape}, VA {VA.shape} "
                          f"for {n_all} row labels, {len(labFD)} final-demand labels, {len(labVA)} VA labels")
    code = labT[1].str.strip().to_numpy()
    sector = labT[3].str.strip().to_numpy()
    keep = code != "ROW"
    fd_code = labFD[1].str.strip().to_numpy()
    fkeep = fd_code != "ROW"
    countries = list(dict.fromkeys(code[keep]))
    sectors = list(dict.fromkeys(sector[keep]))
    want = [(c, s) for c in countries for s in sectors]
    if list(zip(code[keep], sector[keep], strict=True)) != want:
        raise FormatError(f"{src.path}: labels_T.txt is not country-major {len(countries)} x {len(sectors)}")
    cats = list(dict.fromkeys(labFD[3].str.strip().to_numpy()[fkeep]))
    fd_want = [(c, k) for c in countries for k in cats]
    if list(zip(fd_code[fkeep], labFD[3].str.strip().to_numpy()[fkeep], strict=True)) != fd_want:
        raise FormatError(f"{src.path}: labels_FD.txt is not country-major {len(countries)} x {len(cats)}")
    Z = T[np.ix_(keep, keep)]
    Y = FDm[np.ix_(keep, fkeep)]
    va = VA[:, keep]
    index = pd.MultiIndex.from_product([countries, sectors], names=["country", "sector"])
    fd_index = pd.MultiIndex.from_tuples(fd_want, names=["country", "category"])
    exports = pd.DataFrame({"ROW_intermediate": T[np.ix_(keep, ~keep)].sum(axis=1),
                            "ROW_final": FDm[np.ix_(keep, ~fkeep)].sum(axis=1)}, index=index)
    row_lab = pd.Index(["ROW"], name="import")
    imports_Z = pd.DataFrame(T[np.ix_(~keep, keep)].sum(axis=0, keepdims=True), index=row_lab, columns=index)
    imports_Y = pd.DataFrame(FDm[np.ix_(~keep, fkeep)].sum(axis=0, keepdims=True), index=row_lab, columns=fd_index)
    names = dict(zip(labT[1].str.strip(), labT[0].str.strip(), strict=False))
    va_lab = labVA[1].str.strip().tolist()
    return ICIO(
        pd.DataFrame(Z, index=index, columns=index), pd.DataFrame(Y, index=index, columns=fd_index),
        va=pd.DataFrame(va, index=pd.Index(va_lab, name="component"), columns=index),
        exports=exports, imports_Z=imports_Z, imports_Y=imports_Y,
        country_info=pd.DataFrame({"code": countries, "name": [names[c] for c in countries], "source_code": countries}),
        unit="USD thousand", year=fy, source=f"Eora26 ({'basic' if pr == 'bp' else 'purchasers'} prices)",
        meta={"release": f"eora26_{pr}", "citation": CITATION,
              "row_internal": {"ROW_to_ROW_intermediate": float(T[np.ix_(~keep, ~keep)].sum()),
                               "ROW_to_ROW_final": float(FDm[np.ix_(~keep, ~fkeep)].sum())},
              "row": _row_figures(T, FDm, keep, fkeep),
              "note": "ROW (one TOTAL sector) is outside the table: sales to it are exports, its sales are "
                      "imports (imports_Z, imports_Y); x = Z1 + Y1 + exports"},
        check=check,
    )


def _row_figures(T: np.ndarray, FDm: np.ndarray, keep: np.ndarray, fkeep: np.ndarray) -> dict:
    """What the ROW region weighs, and what dropping it (pymrio's choice) would change.

    Kept as ``meta["row"]``: totals in the file's unit of ROW's sales to the table's countries
    (``imports_from_ROW``), the countries' sales to ROW (``exports_to_ROW``), ROW's flows to itself
    (outside the table), and ``output_share_sold_to_ROW``: the share of the countries' gross output
    x = Z1 + Y1 + exports that a reader dropping ROW would lose from x (its largest value by
    country-sector in ``max_output_share_sold_to_ROW``).
    """
    x = T[keep].sum(axis=1) + FDm[keep].sum(axis=1)
    to_row = T[np.ix_(keep, ~keep)].sum(axis=1) + FDm[np.ix_(keep, ~fkeep)].sum(axis=1)
    share = np.divide(to_row, x, out=np.zeros_like(x), where=x != 0)
    return {"exports_to_ROW": float(to_row.sum()),
            "imports_from_ROW": float(T[np.ix_(~keep, keep)].sum() + FDm[np.ix_(~keep, fkeep)].sum()),
            "ROW_internal": float(T[np.ix_(~keep, ~keep)].sum() + FDm[np.ix_(~keep, ~fkeep)].sum()),
            "output_share_sold_to_ROW": float(to_row.sum() / x.sum()) if x.sum() else 0.0,
            "max_output_share_sold_to_ROW": float(share.max()) if share.size else 0.0}


def _sniff(src: Source) -> int:
    names = [n.rsplit("/", 1)[-1] for n in src.names]
    if any(RX.match(n) for n in names) or RX_ZIP.match(src.name) or any(RX_ZIP.match(n) for n in names):
        return 60
    return 0


def _formats():
    from gvckit.readers import Format

    return [Format("eora26", "Eora26 MRIO, per-year zip (or folder) of tab-separated files with label files",
                   ("Eora26_<year>_<bp|pp>.zip", "Eora26_<year>_<bp|pp>_T.txt + labels_*.txt"), _sniff, _read,
                   module=__name__)]


FORMATS = _formats()
