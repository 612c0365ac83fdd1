"""EXIOBASE 3 (through pymrio) and FIGARO industry-by-industry tables (Eurostat).

``exiobase3``
    ``IOT_<year>_ixi.zip`` (industry by industry, 163 industries) and ``IOT_<year>_pxp.zip``
    (product by product, 200 products), 49 regions (44 countries, 5 rest-of-world regions), seven
    final-demand categories, million euros. The archives are in pymrio's own text layout
    (``file_parameters.json``, ``Z.txt``/``A.txt``, ``Y.txt``, ``x.txt``, ``unit.txt``,
    ``factor_inputs/``...), so gvckit reads them with ``pymrio.parse_exiobase3`` (sound for this
    layout) and converts with :meth:`ICIO.from_pymrio`, then runs its own checks. ``Z`` is
    computed as ``A diag(x)`` when the archive holds coefficients only. The factor inputs become
    the reported value-added rows. Region codes are ISO2 (``AT``, ``GB``, ``WA`` .. ``WM``);
    gvckit relabels them ISO3 (``AUT``, ``GBR``; rest-of-world ``WWA`` .. ``WWM``), keeping the
    source code in ``country_info["source_code"]``.
``figaro``
    Eurostat FIGARO inter-country tables, industry by industry, as one CSV
    (``matrix_eu-ic-io_ind-ind_<ed>ed_<year>.csv``): first column ``rowLabels`` with
    ``<country>_<industry>`` (ISO2 with Eurostat's ``EL`` for Greece; ``FIGW1`` rest of the
    world), columns ``<country>_<industry>`` then final demand ``<country>_P3_S13``, ``_P3_S14``,
    ``_P3_S15``, ``_P51G``, ``_P5M``; value-added rows ``W2_D21X31``, ``W2_D29X39``, ``W2_D1``,
    ``W2_B2A3G``, ``W2_OP_RES``, ``W2_OP_NRES``. Million euros. pymrio 0.7 has no FIGARO parser;
    gvckit reads it with its generic ``[Z | Y]`` parser and relabels the countries ISO3.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from gvckit.errors import FormatError
from gvckit.table import ICIO

if TYPE_CHECKING:
    from gvckit.readers import Source

__all__ = ["ISO2_ISO3", "FORMATS"]

ISO2_ISO3 = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK", "EE": "EST",
    "ES": "ESP", "FI": "FIN", "FR": "FRA", "GR": "GRC", "EL": "GRC", "HR": "HRV", "HU": "HUN", "IE": "IRL",
    "IT": "ITA", "LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT",
    "RO": "ROU", "SE": "SWE", "SI": "SVN", "SK": "SVK", "GB": "GBR", "UK": "GBR", "US": "USA", "JP": "JPN",
    "CN": "CHN", "CA": "CAN", "KR": "KOR", "BR": "BRA", "IN": "IND", "MX": "MEX", "RU": "RUS", "AU": "AUS",
    "CH": "CHE", "TR": "TUR", "TW": "TWN", "NO": "NOR", "ID": "IDN", "ZA": "ZAF", "AR": "ARG", "SA": "SAU",
    "WA": "WWA", "WE": "WWE", "WF": "WWF", "WL": "WWL", "WM": "WWM", "FIGW1": "ROW",
}
RX_EXIO = re.compile(r"^IOT_(\d{4})_(ixi|pxp)(\.zip)?$", re.IGNORECASE)
RX_FIG = re.compile(r"^matrix_eu-ic-io_ind-ind_(\d+)ed_(\d{4})\.csv$", re.IGNORECASE)
CITE_EXIO = ("Stadler, K. et al. (2018), EXIOBASE 3: Developing a Time Series of Detailed Environmentally "
             "Extended Multi-Regional Input-Output Tables, Journal of Industrial Ecology 22(3): 502-515.")
CITE_FIG = "Eurostat, FIGARO - Full International and Global Accounts for Research in input-Output analysis."


def _relabel(t: ICIO, release: str, source: str, citation: str, unit: str | None = None) -> ICIO:
    """Rename countries to ISO3 (source codes kept) by rebuilding the labelled frames."""
    src = list(t.countries)
    iso = [ISO2_ISO3.get(c, c) for c in src]
    if len(set(iso)) != len(iso):
        raise FormatError(f"country codes {src} map to duplicate ISO3 codes {iso}")
    mapping = dict(zip(src, iso, strict=True))
    index = pd.MultiIndex.from_product([iso, list(t.sectors)], names=["country", "sector"])
    fd = pd.MultiIndex.from_tuples([(mapping[c], k) for c, k in t.Y.columns], names=["country", "category"])
    Z, Y, x = t.arrays()
    va = None
    if t.va_rows is not None:
        va = pd.DataFrame(t.va_rows.to_numpy(), index=t.va_rows.index, columns=index)
    meta = dict(t.meta)
    meta.update({"release": release, "citation": citation})
    return ICIO(pd.DataFrame(Z, index=index, columns=index), pd.DataFrame(Y, index=index, columns=fd), x=x, va=va,
                country_info=pd.DataFrame({"code": iso, "source_code": src}), sector_info=t.sector_info.reset_index(),
                unit=unit or t.unit, year=t.year, source=source, meta=meta, check=False)


def _read_exio(src: Source, year: int | None = None, check: bool = True) -> ICIO:
    try:
        import pymrio
    except ImportError as exc:  # pragma: no cover - depends on environment
        raise FormatError("reading EXIOBASE needs pymrio: pip install 'gvckit[pymrio]'") from exc
    m = RX_EXIO.match(src.name)
    if src.kind == "file" and not m:
        raise FormatError(f"{src.path}: expected an EXIOBASE archive IOT_<year>_<ixi|pxp>.zip")
    if src.kind == "dir" and not any(n.endswith("file_parameters.json") for n in src.names):
        hits = [n for n in src.names if RX_EXIO.match(n.rsplit("/", 1)[-1])]
        from gvckit.readers import Source as Src
        from gvckit.readers import pick_year

        hits = pick_year(src, hits, year, "EXIOBASE")
        if len(hits) != 1:
            raise FormatError(f"{src.path}: expected one IOT_<year>_<ixi|pxp>.zip, found {hits or src.names[:6]}")
        inner = Src(src.path / hits[0])
        try:
            return _read_exio(inner, year=year, check=check)
        finally:
            inner.close()
    if not any(n.endswith("file_parameters.json") for n in src.names):
        raise FormatError(f"{src.path}: file_parameters.json is missing; not an EXIOBASE 3 / pymrio archive")
    for need in ("Y.txt", "x.txt"):
        if not any(n.rsplit("/", 1)[-1] == need for n in src.names):
            raise FormatError(f"{src.path}: member {need} is missing from the EXIOBASE archive")
    try:
        io = pymrio.parse_exiobase3(str(src.path))
        if io.Z is None:
            io.calc_system()
    except FormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - pymrio raises many types
        raise FormatError(f"{src.path}: pymrio could not parse it ({type(exc).__name__}: {exc})") from exc
    fy = int(m.group(1)) if m else (year or None)
    if year is not None and fy is not None and fy != year:
        raise FormatError(f"{src.path}: holds year {fy}, not {year}")
    t = ICIO.from_pymrio(io, year=fy, source="EXIOBASE 3", check=False)
    kind = m.group(2).lower() if m else "ixi"
    out = _relabel(t, f"exiobase3_{kind}", "EXIOBASE 3", CITE_EXIO, unit=t.unit or "EUR million")
    if check:
        from gvckit.checks import check as run_check

        run_check(out).raise_for_errors()
    return out


def _read_figaro(src: Source, year: int | None = None, check: bool = True) -> ICIO:
    from gvckit.readers import pick_year
    from gvckit.readers.generic import _frame, read_generic_frame

    files = [n for n in src.names if RX_FIG.match(n.rsplit("/", 1)[-1])] or [n for n in src.names if n.lower().endswith(".csv")]
    files = pick_year(src, files, year, "FIGARO")
    if len(files) != 1:
        raise FormatError(f"{src.path}: expected one FIGARO matrix CSV, found {files[:4] or src.names[:4]}")
    where = str(src.path) if src.kind == "file" else f"{src.path}:{files[0]}"
    df = _frame(src, files[0], sep=",")
    if df.columns[0] != "rowLabels":
        raise FormatError(f"{where}: the first header cell is {df.columns[0]!r}, FIGARO files start with 'rowLabels'")
    m = RX_FIG.match(files[0].rsplit("/", 1)[-1])
    t = read_generic_frame(df, where, unit="EUR million", year=int(m.group(2)) if m else year, check=False)
    out = _relabel(t, f"figaro{m.group(1)}ed" if m else "figaro", "FIGARO (Eurostat)", CITE_FIG)
    if check:
        from gvckit.checks import check as run_check

        run_check(out).raise_for_errors()
    return out


def _sniff_exio(src: Source) -> int:
    if RX_EXIO.match(src.name) or any(RX_EXIO.match(n.rsplit("/", 1)[-1]) for n in src.names):
        return 60
    return 0


def _sniff_fig(src: Source) -> int:
    return 70 if any(RX_FIG.match(n.rsplit("/", 1)[-1]) for n in src.names) else 0


def _formats():
    from gvckit.readers import Format

    return [
        Format("exiobase3", "EXIOBASE 3 monetary IOT, ixi or pxp archive (parsed by pymrio, checked by gvckit)",
               ("IOT_<year>_ixi.zip", "IOT_<year>_pxp.zip"), _sniff_exio, _read_exio, extra="pymrio", module=__name__),
        Format("figaro", "Eurostat FIGARO industry-by-industry inter-country table (CSV)",
               ("matrix_eu-ic-io_ind-ind_<ed>ed_<year>.csv",), _sniff_fig, _read_figaro, module=__name__),
    ]


FORMATS = _formats()
