"""Real input-output data bundled with gvckit.

* ``wiod2013``: World Input-Output Database, 2013 release, world input-output tables 1995-2011,
  41 economies (40 countries and the rest of the world) x 35 industries (ISIC Rev.3), five
  final-demand categories, millions of current US dollars. Values were rounded to whole numbers by
  the R package ``wiod`` (bquast/wiod) from which the tables were taken, so rows balance to about
  +-110. Cite: Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015),
  "An Illustrated User Guide to the World Input-Output Database: the Case of Global Automotive
  Production", Review of International Economics 23: 575-605; Dietzenbacher, E. et al. (2013),
  "The Construction of World Input-Output Tables in the WIOD Project", Economic Systems Research
  25(1): 71-98.
* ``china_nbs``: China's national input-output tables of the National Bureau of Statistics,
  2002-2020 (competitive-import tables of 41-153 sectors; 42-sector non-competitive tables with a
  domestic/imported split for 2017, 2018, 2020), in 10,000 CNY. Taken from the R package ``ionet``
  (Carol-seven/ionet). Cite: National Bureau of Statistics of China, Input-Output Tables of China.

Both are **balanced** by default: gross output is the row sum ``x = Z 1 + Y 1`` (plus exports
minus competitive imports for the NBS tables), so that every decomposition of gross exports
closes exactly, as in decompr, exvatools and pymrio when they are given Z and Y. The output the
source stored is kept as ``table.x_reported`` and is selected with ``output="reported"``;
:func:`gvckit.check` reports the difference (finding ``output_rebalanced``). On WIOD 2013 the
stored output differs from the row sums in about 1,380 of 1,435 cells, by at most about 110 USD
million (the source package rounded every cell to whole millions); on the NBS tables by less than
0.001 (10,000 CNY).

Provenance files are shipped beside the data (``WIOD2013_PROVENANCE.md``,
``CHINA_NBS_PROVENANCE.md``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from gvckit.errors import DatasetError, UnknownNameError
from gvckit.table import ICIO

__all__ = ["load_dataset", "datasets", "data_path", "OUTPUT_KINDS"]

#: ``output=`` choices of :func:`load_dataset`
OUTPUT_KINDS = ("balanced", "reported")

WIOD_YEARS = tuple(range(1995, 2012))
WIOD_FD = {
    "CONS_h": ("Final consumption expenditure by households", "居民最终消费"),
    "CONS_np": ("Final consumption expenditure by non-profit organisations serving households", "为住户服务的非营利机构最终消费"),
    "CONS_g": ("Final consumption expenditure by government", "政府最终消费"),
    "GFCF": ("Gross fixed capital formation", "固定资本形成总额"),
    "INVEN": ("Changes in inventories and valuables", "存货变动"),
}
WIOD_CITATION = (
    "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), "
    "An Illustrated User Guide to the World Input-Output Database: the Case of Global Automotive "
    "Production, Review of International Economics 23: 575-605."
)
NBS_CITATION = "National Bureau of Statistics of China, Input-Output Tables of China (various years)."

# china_nbs files: year -> {variant: file stem}
NBS_FILES = {
    2002: {"detailed": "china_2002_122"},
    2005: {"detailed": "china_2005_42"},
    2007: {"detailed": "china_2007_135"},
    2010: {"detailed": "china_2010_41"},
    2012: {"detailed": "china_2012_139"},
    2015: {"detailed": "china_2015_42"},
    2017: {"42": "china_2017_42", "detailed": "china_2017_149"},
    2018: {"42": "china_2018_42", "detailed": "china_2018_153"},
    2020: {"42": "china_2020_42", "detailed": "china_2020_153"},
}


def data_path(name: str):
    """Path (a :class:`importlib.resources` Traversable) of a bundled data file."""
    return resources.files("gvckit.datasets").joinpath("data", name)


def datasets() -> pd.DataFrame:
    """List the bundled datasets with their years, dimensions, unit and citation.

    Examples
    --------
    >>> import gvckit
    >>> "wiod2013" in set(gvckit.datasets()["name"])
    True
    """
    rows = [
        {
            "name": "wiod2013",
            "description": "WIOD 2013 release, world input-output tables",
            "years": f"{WIOD_YEARS[0]}-{WIOD_YEARS[-1]}",
            "countries": 41,
            "sectors": 35,
            "classification": "ISIC Rev.3 (WIOD 35 industries)",
            "unit": "USD million, current prices",
            "citation": WIOD_CITATION,
        },
        {
            "name": "china_nbs",
            "description": "China NBS national input-output tables (single country, open economy)",
            "years": ", ".join(str(y) for y in NBS_FILES),
            "countries": 1,
            "sectors": "41-153 (variant='detailed'); 42 with domestic/imported split (variant='42', 2017/2018/2020)",
            "classification": "NBS input-output sectors",
            "unit": "10,000 CNY, current producers' prices",
            "citation": NBS_CITATION,
        },
    ]
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def _wiod_labels() -> tuple[pd.DataFrame, pd.DataFrame]:
    with data_path("wiod2013_countries.csv").open("r", encoding="utf-8") as fh:
        countries = pd.read_csv(fh, dtype=str, keep_default_na=False)
    with data_path("wiod2013_sectors.csv").open("r", encoding="utf-8") as fh:
        sectors = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return countries, sectors


@lru_cache(maxsize=1)
def _wiod_info() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The country and sector metadata of every WIOD 2013 year, as :class:`ICIO` keeps it
    (every table gets a copy)."""
    from gvckit.table import _info_frame

    countries, sectors = _wiod_labels()
    return (_info_frame(list(countries["code"]), countries.set_index("code")[["name", "name_zh", "wiod_code"]], "country"),
            _info_frame(list(sectors["code"]), sectors.set_index("code")[["name", "name_zh", "wiod_label"]], "sector"))


def _load_wiod2013(year: int, balanced: bool = False) -> ICIO:
    """One year of the bundled WIOD 2013 table; ``balanced``: built balanced in one pass (as
    :meth:`ICIO.balance` would return it, the stored output kept as ``x_reported``)."""
    if year not in WIOD_YEARS:
        raise DatasetError(f"wiod2013 has the years {WIOD_YEARS[0]}-{WIOD_YEARS[-1]}, not {year}")
    countries, sectors = _wiod_labels()
    with data_path(f"wiod2013_{year}.npz").open("rb") as fh:
        z = np.load(fh)
        Z = z["Z"].astype(float)
        F = z["F"].astype(float)
        x = z["x"].astype(float)
    x_reported = None
    if balanced:  # x = Z 1 + Y 1 (a closed world table has no other row terms)
        x, x_reported = Z.sum(axis=1) + F.sum(axis=1), x
    cinfo, sinfo = _wiod_info()
    return ICIO(
        Z, F, x=x, x_reported=x_reported,
        countries=list(countries["code"]), sectors=list(sectors["code"]),
        fd_categories=list(WIOD_FD),
        country_info=cinfo, sector_info=sinfo,
        unit="USD million", year=year, source="WIOD 2013 release",
        meta={"citation": WIOD_CITATION, "classification": "ISIC Rev.3",
              "fd_names": {k: v[0] for k, v in WIOD_FD.items()},
              "fd_names_zh": {k: v[1] for k, v in WIOD_FD.items()},
              "balance_atol": 150.0,
              "note": "values rounded to whole USD million by the source package; value added is the residual x - 1'Z"},
        check=False,
    )


def _load_nbs(year: int, variant: str | None) -> ICIO:
    from gvckit.readers.nbs import read_nbs_csv

    if year not in NBS_FILES:
        raise DatasetError(f"china_nbs has the years {sorted(NBS_FILES)}, not {year}")
    files = NBS_FILES[year]
    variant = variant or ("42" if "42" in files else "detailed")
    if variant not in files:
        raise DatasetError(f"china_nbs {year} has the variants {sorted(files)}, not {variant!r}")
    stem = files[variant]
    import gzip

    with data_path(f"{stem}.csv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        t = read_nbs_csv(fh, year=year, check=False)
    t.meta["citation"] = NBS_CITATION
    t.meta["file"] = f"{stem}.csv"
    return t


def load_dataset(
    name: str,
    year: int | None = None,
    *,
    variant: str | None = None,
    output: str = "balanced",
    check: bool = True,
) -> ICIO:
    """Load a bundled dataset as an :class:`~gvckit.table.ICIO` table.

    Parameters
    ----------
    name : {"wiod2013", "china_nbs"}
    year : int
        Required: 1995-2011 for ``wiod2013``; 2002, 2005, 2007, 2010, 2012, 2015, 2017, 2018, 2020
        for ``china_nbs``.
    variant : str, optional
        ``china_nbs`` only: ``"42"`` (the 42-sector non-competitive table with the
        domestic/imported split; default where it exists) or ``"detailed"`` (the full
        competitive-import table).
    output : {"balanced", "reported"}
        ``"balanced"`` (default): gross output ``x`` is the row sum of Z and Y (plus exports
        minus competitive imports), so decompositions add up to gross exports exactly; the
        stored output is kept as ``table.x_reported``. ``"reported"``: ``x`` is the output the
        source stored (WIOD 2013 as rounded by the source package: rows balance to about
        +-110 USD million).
    check : bool
        Run :func:`gvckit.check` and raise on errors.

    Examples
    --------
    >>> import gvckit
    >>> t = gvckit.load_dataset("wiod2013", year=2011)
    >>> (t.G, t.N)
    (41, 35)
    >>> bool(abs(t.x - t.Z.sum(axis=1) - t.Y.sum(axis=1)).max() < 1e-6)
    True
    >>> r = gvckit.load_dataset("wiod2013", year=2011, output="reported")
    >>> r.x_reported is None, float(abs(r.x - t.x_reported).max())
    (True, 0.0)
    """
    if output not in OUTPUT_KINDS:
        raise UnknownNameError("output", output, OUTPUT_KINDS)
    key = str(name).lower().replace("-", "_")
    if year is None:
        raise DatasetError(f"load_dataset({name!r}) needs a year")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DatasetError(f"year must be a whole number, not {year!r}") from None
    if key == "wiod2013":
        t = _load_wiod2013(year, balanced=output == "balanced")
    elif key in ("china_nbs", "nbs"):
        t = _load_nbs(year, variant)
        if output == "balanced":
            t = t.balance()
    else:
        raise DatasetError(f"unknown dataset {name!r}; bundled: {', '.join(datasets()['name'])}")
    t.meta["output"] = output
    if check:
        from gvckit.checks import check as run_check

        run_check(t).raise_for_errors()
    return t
