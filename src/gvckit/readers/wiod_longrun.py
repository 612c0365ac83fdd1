"""Long-run WIOD (GGDC, Woltjer, Gouma & Timmer 2021), 1965-2000.

Formats
-------
``wiod_longrun``
    ``WIODlr_WIOT_<year>.rda`` (as distributed by the R data companion ``ionet_ext``): one data
    frame of 606 rows x 710 columns. Label columns ``IndustryCode_isic3, IndustryDescription,
    Country, Year``; data columns ``<country>_<industry>`` (26 economies incl. ``xROW`` x 23
    ISIC Rev.3 industries), final demand ``<country>_xCONS_h, _xCONS_g, _xGFCF, _xINV`` and memo
    columns ``xTOT_xX, xTOT_xM, xTOT_xMRG_int, xTOT_xGO``; rows 598 country-industries then
    ``xII`` (total intermediate inputs), ``xVA``, ``xTXSP``, ``xSD``, ``xPURNR``, ``xPURR``,
    ``xMRG_int``, ``xGO`` with country ``xTOT``. Millions of current US dollars.
``wiod_longrun_npz``
    ``wiodlr_<year>.npz``: arrays ``Z, F, x, va_block, va_block_rows, countries, industry_codes,
    industries, fd_columns, year`` (gvckit's shared-data conversion of the same files).

What gvckit keeps: Z, Y (4 categories ``CONS_h, CONS_g, GFCF, INV``), x = ``xTOT_xGO``, the
value-added rows ``VA, TXSP, SD, PURNR, PURR, MRG_int`` (totals ``xII`` and ``xGO`` dropped); the
memo columns go to ``meta["memo"]`` totals. ``xROW`` becomes ``ROW``.
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

__all__ = ["read_wiodlr_frame", "FORMATS"]

RX_RDA = re.compile(r"^WIODlr_WIOT_(\d{4})\.rda$", re.IGNORECASE)
RX_NPZ = re.compile(r"^wiodlr_(\d{4})\.npz$", re.IGNORECASE)
LABELS = ["IndustryCode_isic3", "IndustryDescription", "Country", "Year"]
VA_ROWS = ["xVA", "xTXSP", "xSD", "xPURNR", "xPURR", "xMRG_int"]
CITATION = ("Woltjer, P., Gouma, R. and Timmer, M. P. (2021), Long-run World Input-Output Database: "
            "Version 1.1 Sources and Methods, GGDC Research Memorandum 190.")


def _iso(c: str) -> str:
    return "ROW" if c == "xROW" else c


def _build(Z, F, x, va, va_rows, src_countries, codes, names, fd_cats, year, name, check, release) -> ICIO:
    G, N = len(src_countries), len(codes)
    if Z.shape != (G * N, G * N):
        raise FormatError(f"{name}: Z is {Z.shape}, expected {(G * N, G * N)} for {G} countries x {N} industries")
    if F.shape != (G * N, G * len(fd_cats)):
        raise FormatError(f"{name}: final demand is {F.shape}, expected {(G * N, G * len(fd_cats))}")
    iso = [_iso(c) for c in src_countries]
    index = pd.MultiIndex.from_product([iso, codes], names=["country", "sector"])
    va_frame = pd.DataFrame(va, index=pd.Index([r.removeprefix("x") for r in va_rows], name="component"), columns=index)
    return ICIO(
        Z, F, x=x, va=va_frame, countries=iso, sectors=codes, fd_categories=[c.removeprefix("x") for c in fd_cats],
        country_info=pd.DataFrame({"code": iso, "source_code": src_countries}),
        sector_info=pd.DataFrame({"code": codes, "name": names}),
        unit="USD million", year=year, source="Long-run WIOD", check=check,
        meta={"release": release, "citation": CITATION},
    )


def read_wiodlr_frame(df: pd.DataFrame, name: str, year: int | None = None, check: bool = True) -> ICIO:
    """Parse the long-run WIOD data frame (layout in the module docstring)."""
    missing = [c for c in LABELS if c not in df.columns]
    if missing:
        raise FormatError(f"{name}: label columns {missing} are missing (expected {LABELS}; found {list(df.columns[:5])})")
    yrs = sorted({int(float(v)) for v in df["Year"].dropna()})
    if len(yrs) > 1:
        raise FormatError(f"{name}: rows of several years {yrs} in one table")
    fyear = yrs[0] if yrs else year
    if year is not None and fyear is not None and fyear != year:
        raise FormatError(f"{name}: holds year {fyear}, not {year}")
    country = df["Country"].astype(str).to_numpy()
    code = df["IndustryCode_isic3"].astype(str).to_numpy()
    zmask = country != "xTOT"
    src_c = list(dict.fromkeys(country[zmask]))
    codes = list(dict.fromkeys(code[zmask]))
    G, N = len(src_c), len(codes)
    want = [f"{c}_{k}" for c in src_c for k in codes]
    rows_found = [f"{c}_{k}" for c, k in zip(country[zmask], code[zmask], strict=True)]
    if rows_found != want:
        bad = next((f, w) for f, w in zip(rows_found + [None] * len(want), want, strict=False) if f != w)
        raise FormatError(f"{name}: intermediate rows are not country-major {G} x {N}; first mismatch (found, expected) {bad}")
    cols = [str(c) for c in df.columns]
    miss = [c for c in want if c not in cols]
    if miss:
        raise FormatError(f"{name}: intermediate columns {miss[:5]} are missing")
    fd = [c for c in cols if c not in LABELS and c not in want and not c.startswith("xTOT_")]
    fd_cats = list(dict.fromkeys(c.split("_", 1)[1] for c in fd))
    fd_want = [f"{c}_{k}" for c in src_c for k in fd_cats]
    if fd != fd_want:
        raise FormatError(f"{name}: final-demand columns are not <country>_<category> country-major; found {fd[:6]} ...")
    if "xTOT_xGO" not in cols:
        raise FormatError(f"{name}: the total-output column xTOT_xGO is missing (renamed or removed?)")
    tot = df[~zmask].set_index("IndustryCode_isic3")
    miss_rows = [r for r in VA_ROWS if r not in tot.index]
    if miss_rows:
        raise FormatError(f"{name}: value-added rows {miss_rows} are missing (expected {VA_ROWS} and xGO)")

    def num(block: pd.DataFrame, where: str) -> np.ndarray:
        out = block.apply(pd.to_numeric, errors="coerce")
        bad = out.isna() & block.notna()
        if bad.to_numpy().any():
            r, c = np.argwhere(bad.to_numpy())[0]
            raise FormatError(f"{name}: value {block.iat[r, c]!r} in {where} row {block.index[r]!r}, column "
                              f"{block.columns[c]!r} is not a number")
        return out.fillna(0.0).to_numpy(dtype=float)

    zr = df[zmask]
    Z = num(zr[want], "intermediate")
    F = num(zr[fd], "final-demand")
    x = num(zr[["xTOT_xGO"]], "output")[:, 0]
    va = num(tot.loc[VA_ROWS, want], "value-added")
    names = list(df["IndustryDescription"].astype(str).to_numpy()[zmask][:N])
    memo = {c: float(np.nansum(pd.to_numeric(zr[c], errors="coerce"))) for c in cols if c.startswith("xTOT_")}
    t = _build(Z, F, x, va, VA_ROWS, src_c, codes, names, fd_cats, fyear, name, check, "wiod_longrun")
    t.meta["memo_totals"] = memo
    return t


def _read_rda(src: Source, year: int | None = None, check: bool = True) -> ICIO:
    from gvckit.readers.wiod import _members

    member = _members(src, RX_RDA, year, "long-run WIOD .rda")
    where = str(src.path) if src.kind == "file" else f"{src.path}:{member}"
    import rdata

    from gvckit.threadpool import quiet_warnings

    try:
        with quiet_warnings():
            conv = rdata.conversion.convert(rdata.parser.parse_data(src.open(member).read()))
    except Exception as exc:  # noqa: BLE001
        raise FormatError(f"{where}: not a readable .rda file ({type(exc).__name__}: {exc}); it may be truncated") from exc
    frames = [v for v in conv.values() if isinstance(v, pd.DataFrame)]
    if len(frames) != 1:
        raise FormatError(f"{where}: expected one data frame WIODlr_WIOT_<year>, found {list(conv)[:5]}")
    fy = int(RX_RDA.match(member.rsplit("/", 1)[-1]).group(1))
    return read_wiodlr_frame(frames[0], where, year or fy, check)


def _read_npz(src: Source, year: int | None = None, check: bool = True) -> ICIO:
    from gvckit.readers.wiod import _members

    member = _members(src, RX_NPZ, year, "long-run WIOD .npz")
    where = str(src.path) if src.kind == "file" else f"{src.path}:{member}"
    need = ["Z", "F", "x", "va_block", "va_block_rows", "countries", "industry_codes", "industries", "fd_columns", "year"]
    try:
        with np.load(src.open(member), allow_pickle=False) as z:
            missing = [k for k in need if k not in z.files]
            if missing:
                raise FormatError(f"{where}: arrays {missing} are missing (expected {need})")
            d = {k: z[k] for k in need}
    except FormatError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise FormatError(f"{where}: not a readable .npz file ({type(exc).__name__}: {exc}); it may be truncated") from exc
    rows = [str(r) for r in d["va_block_rows"]]
    miss = [r for r in VA_ROWS if r not in rows]
    if miss:
        raise FormatError(f"{where}: value-added rows {miss} are missing from va_block_rows {rows}")
    va = d["va_block"][[rows.index(r) for r in VA_ROWS]]
    countries = [str(c) for c in d["countries"]]
    fd_cats = list(dict.fromkeys(str(c).split("_", 1)[1] for c in d["fd_columns"]))
    fy = int(d["year"])
    if year is not None and fy != year:
        raise FormatError(f"{where}: holds year {fy}, not {year}")
    return _build(d["Z"].astype(float), d["F"].astype(float), d["x"].astype(float), va, VA_ROWS, countries,
                  [str(c) for c in d["industry_codes"]], [str(c) for c in d["industries"]], fd_cats, fy, where,
                  check, "wiod_longrun")


def _sniff(rx):
    def sniff(src: Source) -> int:
        return 60 if any(rx.match(n.rsplit("/", 1)[-1]) for n in src.names) else 0

    return sniff


def _formats():
    from gvckit.readers import Format

    return [
        Format("wiod_longrun", "Long-run WIOD world input-output table (.rda), 26 x 23, 1965-2000",
               ("WIODlr_WIOT_<year>.rda",), _sniff(RX_RDA), _read_rda, extra="readers", module=__name__),
        Format("wiod_longrun_npz", "Long-run WIOD converted to numpy (.npz, gvckit shared data)",
               ("wiodlr_<year>.npz",), _sniff(RX_NPZ), _read_npz, module=__name__),
    ]


FORMATS = _formats()
