"""The names that ``gvckit COMMAND --help`` lists, written out here so that printing help imports
no reader, no decomposition and no scheduler (pandas, scipy and Dask took 0.4-0.6 s of
``gvckit decompose --help``).

Each tuple restates a registry defined elsewhere; ``tests/test_app_cli.py`` checks every one
against the module that owns it, so a format, method or measure added there fails the suite until
it is listed here too.
"""

from __future__ import annotations

#: :func:`gvckit.readers.formats` ``["name"]``, in detection order.
READ_FORMATS: tuple[str, ...] = (
    "gvckit_parquet", "wiod2013", "wiod2013_rdata", "wiod2016", "wiod_longrun", "wiod_longrun_npz",
    "oecd_icio", "adb_mrio", "eora26", "exiobase3", "figaro", "china_nbs", "ceads", "generic",
    "stata_icio",
)

#: :data:`gvckit.measures.decompose.METHODS`.
DECOMPOSE_METHODS: tuple[str, ...] = ("bm", "hiy", "vax", "tiva", "kww", "wwz")

#: :data:`gvckit.measures.tidy.LEVELS`.
LEVELS: tuple[str, ...] = ("country", "sector", "bilateral", "bilateral_sector")

#: :data:`gvckit.measures.decompose.LEVELS_BY_METHOD`.
LEVELS_BY_METHOD: dict[str, tuple[str, ...]] = {
    "bm": LEVELS, "hiy": ("country", "sector"), "vax": LEVELS, "tiva": LEVELS, "kww": ("country",),
    "wwz": LEVELS,
}

#: The built-in keys of :data:`gvckit.scale.panel.MEASURES` (before any ``register``), in order.
PANEL_MEASURES: tuple[str, ...] = (
    "va_exports",
    *(f"{m}_{lv}" for m, lvs in LEVELS_BY_METHOD.items() for lv in lvs),
    "indicators", "indicators_country", "typology",
)

#: :data:`gvckit.scale.panel.DEFAULT_MEASURES`.
PANEL_DEFAULT_MEASURES: tuple[str, ...] = (
    "va_exports", "hiy_sector", "kww_country", "wwz_country", "bm_country", "indicators",
)
