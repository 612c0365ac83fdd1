"""Units and definitions per column, for every table gvckit writes or shows.

A gvckit table says what each column is in ``df.attrs``:

- ``attrs["units"]``: ``{column: unit}``, ``unit`` a key of :data:`UNITS` (or any other text, shown
  as given, e.g. ``"kg"``);
- ``attrs["definitions"]``: ``{column: one-line definition}``;
- ``attrs["unit"]`` (older, table-wide): the *currency* of the table's money columns, e.g.
  ``"USD million"`` or ``"10,000 CNY (万元)"``. It is never applied to a column that is not money.

:func:`column_units` resolves the unit of every column: an explicit ``attrs["units"]`` entry first,
then gvckit's own column names (:data:`COLUMN_UNITS`: decomposition terms are money, ``*_share``
columns shares, lengths and upstreamness production stages, RCA an index, ...), then the column's
type (text, yes/no, a year); a numeric column none of these identifies is money only in a
decomposition table (whose terms are all money), otherwise its unit is left unstated
(``"unstated"``) rather than guessed. :func:`unit_label` names a unit for people in English or
Chinese (``usd_million`` -> "USD million" / "百万美元"), :func:`column_dictionary` builds the
column dictionary the workbook and the report print, and :func:`annotate` records units and
definitions on a frame.

The vocabulary extends :data:`REASON_UNITS` (the units a framework reason's value may carry,
:data:`gvckit.framework.reasons.UNITS`) with the kinds of column a table also has (text, codes,
years, flags, percentages). Both are defined here, so that drawing a figure (which needs the
units) does not load the framework and its linear algebra.

Examples
--------
>>> import pandas as pd
>>> from gvckit.outputs.units import column_units, unit_label
>>> df = pd.DataFrame({"industry": ["textiles"], "year": [2011], "DVA": [1.0], "DVA_share": [0.8]})
>>> df.attrs.update(method="kww", unit="USD million")
>>> column_units(df)
{'industry': 'text', 'year': 'year', 'DVA': 'usd_million', 'DVA_share': 'share'}
>>> unit_label("usd_million", "zh"), unit_label("share", "en")
('百万美元', '%')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from gvckit.messages import check_lang, tr

__all__ = [
    "UNITS",
    "REASON_UNITS",
    "COLUMN_UNITS",
    "PERCENT_UNITS",
    "column_units",
    "column_definitions",
    "unit_label",
    "table_unit",
    "table_source",
    "annotate",
    "column_dictionary",
]

#: Units a framework reason's value may carry (:data:`gvckit.framework.reasons.UNITS`): a share
#: in [0, 1], the change of a share, a ratio, an index, USD million, production stages, a count,
#: a category.
REASON_UNITS: tuple[str, ...] = ("share", "share_change", "ratio", "index", "usd_million", "stages",
                                 "count", "category")
#: Unit vocabulary: :data:`REASON_UNITS` plus the kinds of column tables have.
#: ``money`` is money in the table's own currency (``attrs["unit"]``) when that is not USD million;
#: ``percent`` is 0-100; ``by_row`` means the unit is given by another column of the row (a long
#: table of several measures); ``unstated`` means gvckit does not know.
UNITS: tuple[str, ...] = tuple(dict.fromkeys((
    *REASON_UNITS, "money", "percent", "year", "text", "code", "flag", "by_row", "unstated",
)))
#: Units whose values are fractions (0-1) shown as percentages.
PERCENT_UNITS = frozenset({"share"})

_MONEY_METHODS = frozenset({"bm", "hiy", "vax", "tiva", "kww", "wwz"})

#: Units of gvckit's own column names (measures, framework tables, the report's tables).
COLUMN_UNITS: dict[str, str] = {
    # gross exports and decomposition terms that are money whatever the method
    **dict.fromkeys(
        ("EXGR", "GEXP", "DVA", "FVA", "GVC", "GVCB", "GVCF", "VAX", "DC", "FC", "DDC", "FDC",
         "REF", "exports", "final_value", "domestic_value", "va", "value_added"), "money"),
    # shares of gross exports or of production (fractions)
    **dict.fromkeys(
        ("GVC_share", "GVCB_share", "GVCF_share", "GVCPt_f", "GVCPt_f_simple", "GVCPt_f_complex",
         "GVCPt_b", "GVCPt_b_simple", "GVCPt_b_complex", "KPWW_IV_share", "KPWW_FV_share",
         "KPWW_participation", "IV_share", "FV_share", "DVA_share", "domestic_share", "va_share",
         "share", "domestic_va_share", "foreign_va_share", "participation", "wwyz_backward",
         "dva_share_exports", "foreign_content_share", "export_orientation",
         "domestic_input_share", "services_va_share", "domestic_va_per_final"), "share"),
    # production lengths, upstreamness, distance (number of stages)
    **dict.fromkeys(
        ("PLv", "PLy", "U_acfh", "N_fally", "PLv_GVC", "PLv_GVC_D", "CBv_GVC", "PLv_GVC_F",
         "PLy_GVC", "PLy_GVC_D", "CBy_GVC", "PLy_GVC_F", "upstreamness", "U", "distance"),
        "stages"),
    # indices and ratios
    **dict.fromkeys(("GVCPs", "NRCA", "RCA", "KPWW_position", "domestic_multiplier"), "index"),
    **dict.fromkeys(("VAX_ratio", "va_output_ratio", "input_coefficient", "ratio"), "ratio"),
    # counts, years, codes, categories
    **dict.fromkeys(("n_integration_high", "n_producer_signs", "rows", "n"), "count"),
    **dict.fromkeys(("year", "start_year", "end_year"), "year"),
    **dict.fromkeys(("country", "exporter", "importer", "sector", "source_country",
                     "source_sector", "region", "code"), "code"),
    **dict.fromkeys(("type", "paper_type", "data_type", "governance", "integration",
                     "paper_governance", "paper_integration", "point", "confidence",
                     "upgrading", "dimension", "group"), "category"),
    **dict.fromkeys(("agrees", "observed", "met", "domestic"), "flag"),
}

# value columns of long tables whose unit is that of the row's measure or indicator
_BY_ROW = {c: {"measure", "indicator"} for c in ("value", "start", "end", "change", "threshold")}
_SHARE = re.compile(r"(^|_)(share|SH)$|_share_")
_PERCENT = re.compile(r"[A-Z]SH$")


def _is_text(s: pd.Series) -> bool:
    return bool(
        s.dtype == object or isinstance(s.dtype, pd.StringDtype | pd.CategoricalDtype)
        or pd.api.types.is_string_dtype(s.dtype)
    )


def _by_name(name: str, attrs: Mapping) -> str | None:
    if name in COLUMN_UNITS:
        return COLUMN_UNITS[name]
    if attrs.get("method") == "tiva" and _PERCENT.search(name):
        return "percent"
    if _SHARE.search(name):
        return "share"
    return None


def _money(attrs: Mapping) -> str:
    cur = str(attrs.get("unit") or "").strip()
    return "usd_million" if cur.replace(" ", "").lower() in ("", "usdmillion", "millionusd") else "money"


def column_units(df: pd.DataFrame) -> dict[str, str]:
    """The unit of every column of ``df`` (keys of :data:`UNITS`, or a caller's own unit text).

    Index levels count as columns (as the exports write them). The order of precedence is
    ``attrs["units"]``, :data:`COLUMN_UNITS` and name patterns, the column's type; numeric
    columns not identified otherwise are money only in a decomposition table.
    """
    attrs = df.attrs
    given = attrs.get("units") or {}
    flat = df.reset_index() if not (isinstance(df.index, pd.RangeIndex) and df.index.name is None) \
        else df
    out: dict[str, str] = {}
    for col in flat.columns:
        name = "_".join(map(str, col)) if isinstance(col, tuple) else str(col)
        s = flat[col]
        if isinstance(s, pd.DataFrame):  # duplicated label: take the first
            s = s.iloc[:, 0]
        unit = given.get(name) if isinstance(given, Mapping) else None
        if unit is None and name in _BY_ROW and _BY_ROW[name] & set(map(str, flat.columns)):
            unit = "by_row"
        if unit is None:
            unit = _by_name(name, attrs)
            if unit in ("share", "index", "ratio", "stages", "money", "count") and _is_text(s):
                unit = None  # a text column that happens to carry a measure's name
        if unit is None:
            if pd.api.types.is_bool_dtype(s.dtype):
                unit = "flag"
            elif _is_text(s):
                unit = "text"
            elif attrs.get("method") in _MONEY_METHODS:
                unit = "money"
            else:
                unit = "unstated"
        out[name] = _money(attrs) if unit == "money" else unit
    return out


def column_definitions(df: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """One-line definition of every column: ``attrs["definitions"]``, else gvckit's catalogue
    (``coldef_<column>`` in :mod:`gvckit.messages`), else empty."""
    from gvckit.messages import catalogue

    check_lang(lang)
    given = df.attrs.get("definitions") or {}
    cat = catalogue(lang)
    out = {}
    for name in column_units(df):
        text = given.get(name) if isinstance(given, Mapping) else None
        out[name] = str(text) if text else cat.get(f"coldef_{name}", "")
    return out


def unit_label(unit: str, lang: str = "en", currency: str | None = None) -> str:
    """A unit as people read it: ``usd_million`` -> "USD million" / "百万美元".

    ``money`` is shown as ``currency`` (the table's ``attrs["unit"]``); a unit outside the
    vocabulary is returned as given.
    """
    check_lang(lang)
    if unit == "money":
        return currency or tr("unit_money", lang)
    return tr(f"unit_{unit}", lang) if unit in UNITS else str(unit)


def table_unit(unit: str, lang: str = "en") -> str:
    """A table's money unit (``ICIO.unit``) as people read it in ``lang``: the units of the tables
    gvckit reads by name (``"10,000 CNY"`` -> "万元"), any other unit as given.

    >>> table_unit("USD million", "zh"), table_unit("10,000 CNY", "zh"), table_unit("kg", "zh")
    ('百万美元', '万元', 'kg')
    """
    from gvckit.messages import catalogue

    check_lang(lang)
    key = "rep_tunit_" + re.sub(r"[^0-9a-z]", "", str(unit).lower())
    return tr(key, lang) if key in catalogue(lang) else str(unit)


def table_source(source: str, lang: str = "en") -> str:
    """A table's source (``ICIO.source``) by its full name in ``lang``: the WIOD 2013 release with
    its citation, any other source as given.

    >>> table_source("WIOD 2013 release", "zh")
    '世界投入产出数据库 2013 年版（WIOD 2013；Timmer 等 2015）'
    """
    check_lang(lang)
    return tr("rep_source_name_wiod2013", lang) if source == "WIOD 2013 release" else str(source)


def annotate(
    df: pd.DataFrame,
    units: Mapping[str, str] | None = None,
    definitions: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Record units and definitions on ``df`` (in place, and return it).

    ``units`` entries override the resolved ones; every column gets an entry in
    ``attrs["units"]`` so that later readers need no inference.
    """
    if units:
        df.attrs["units"] = {**(df.attrs.get("units") or {}), **{str(k): v for k, v in units.items()}}
    df.attrs["units"] = column_units(df)
    if definitions:
        df.attrs["definitions"] = {**(df.attrs.get("definitions") or {}),
                                   **{str(k): str(v) for k, v in definitions.items()}}
    return df


def column_dictionary(tables: Mapping[str, pd.DataFrame], lang: str = "en",
                      sheets: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The column dictionary of ``tables``: one row per (table, column) with unit and definition.

    Columns (in ``lang``): table or sheet, column, unit, definition.
    """
    check_lang(lang)
    rows = []
    for name, df in tables.items():
        units = column_units(df)
        defs = column_definitions(df, lang)
        cur = df.attrs.get("unit")
        for col, unit in units.items():
            rows.append(((sheets or {}).get(name, name), col,
                         unit_label(unit, lang, None if cur is None else str(cur)), defs.get(col, "")))
    return pd.DataFrame(rows, columns=[tr("dict_sheet", lang), tr("dict_column", lang),
                                       tr("dict_unit", lang), tr("dict_definition", lang)])
