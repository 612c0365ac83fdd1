"""Facts about Zhejiang's clusters and industries, with their sources, as evidence beside the data.

The bundled input-output tables are national; the paper is about Zhejiang. This module ships the
sourced facts that could be found for the paper's nine clusters and for Zhejiang's industries
(``data/zhejiang/``, see its README) and derives the one thing they can say on the paper's
integration dimension: the export-delivery ratio 出口交货值 / 销售收入 (or 工业总产值) where a
source prints both for the same year, scope and unit, next to the industry's export orientation
(gross exports / gross output) in the national table.

Values are kept as printed (``">130"``, ``"1800多"``); only exact numbers enter a ratio.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import pandas as pd

from gvckit.errors import InputError

__all__ = ["cluster_facts", "industry_facts", "export_delivery_ratios"]

# the source's industry names -> the registry's industry keys (paper industries only)
_INDUSTRY_KEYS = {
    "皮革工业": "leather",
    "皮革、毛皮、羽毛及其制品和制鞋业": "leather",
    "纺织业": "textiles",
    "纺织业 ('textile sector')": "textiles",
    "化学纤维制造业": "chemical_fibres",
    "化学纤维制造业 (product: 化学纤维)": "chemical_fibres",
}
_SALES = ("销售收入", "工业总产值", "总产值", "销售产值")
_EXPORT = "出口交货值"


@lru_cache(maxsize=2)
def _read(name: str) -> pd.DataFrame:
    path = resources.files("gvckit.framework").joinpath("data", "zhejiang", name)
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def _number(text: str) -> float | None:
    """An exact number, or None for ``">130"``, ``"1800多"``, ``"近9000"`` and the like."""
    t = str(text).strip().replace(",", "")
    return float(t) if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", t) else None


def cluster_facts(cluster: str) -> pd.DataFrame:
    """The sourced facts about one of the paper's nine clusters.

    Parameters
    ----------
    cluster : str
        A cluster key, slug, English or Chinese name (as :func:`gvckit.framework.cluster`).

    Returns
    -------
    DataFrame
        Columns ``year, period, indicator, value, unit, source_title, source_type, source_url,
        note`` (values as printed).

    Examples
    --------
    >>> f = cluster_facts("haining_leather")
    >>> "皮衣产量" in set(f["indicator"])
    True
    """
    from gvckit.framework.registry import cluster as lookup

    c = lookup(cluster)
    name_zh = c.name_zh if hasattr(c, "name_zh") else c["name_zh"]
    df = _cluster_rows()
    out = df[df["cluster"] == name_zh].drop(columns=["cluster"]).reset_index(drop=True)
    out.attrs.update(source="gvckit.framework.zhejiang (sourced facts; see source_url)", cluster=name_zh)
    return out


@lru_cache(maxsize=1)
def _cluster_rows() -> pd.DataFrame:
    """The cluster facts with every 同上 ("as above", the source file's way of citing the
    previous row's source) replaced by that source: read once, filtered per cluster."""
    df = _read("zhejiang_clusters.csv").copy()
    for col in ("source_title", "source_url", "source_type"):
        df[col] = df[col].mask(df[col].str.strip() == "同上").ffill()
    return df


def industry_facts(industry: str | None = None) -> pd.DataFrame:
    """Zhejiang province facts, all or those of one paper industry (key or Chinese name)."""
    df = _read("zhejiang_industry.csv").copy()
    df["industry_key"] = df["industry_name_zh"].map(_INDUSTRY_KEYS).fillna("")
    if industry is None:
        return df
    from gvckit.framework.registry import industry as lookup

    key = lookup(industry).key if hasattr(lookup(industry), "key") else lookup(industry)["key"]
    return df[df["industry_key"] == key].reset_index(drop=True)


def export_delivery_ratios() -> pd.DataFrame:
    """出口交货值 / sales (or output) where one source prints both for the same year and scope.

    Returns one row per pair: ``region, year, industry_name_zh, industry_key, export_delivery,
    sales, sales_indicator, unit, ratio, source_title``. The ratio is computed by gvckit; the
    two numbers are the source's. Lower bounds (``">40"``) never enter a ratio.

    Examples
    --------
    >>> r = export_delivery_ratios()
    >>> float(r.loc[r.industry_key == "leather", "ratio"].iloc[0])  # Zhejiang leather, 1999
    0.4083333333333333
    """
    df = industry_facts()
    keys = ["region", "year", "industry_name_zh", "unit", "source_table"]
    df = df.assign(_group=df.groupby(keys, sort=False).ngroup(), _row=range(len(df)),
                   _value=df["value"].map(_number))
    is_exp = df["indicator"].str.startswith(_EXPORT)
    is_sales = df["indicator"].isin(_SALES) | df["indicator"].str.startswith("规模以上总产值")
    # every export figure with every sales figure of its group (same region, year, industry,
    # unit and source table), in the order of the groups, then of the rows within them
    exp = df[is_exp & df["_value"].notna()]
    sales = df[is_sales & df["_value"].notna() & df["_value"].ne(0)]
    pairs = exp.merge(sales[[*keys, "indicator", "_value", "_row"]], on=keys, suffixes=("", "_s"))
    pairs = pairs.sort_values(["_group", "_row", "_row_s"], kind="stable")
    ev, sv = pairs["_value"].astype(float), pairs["_value_s"].astype(float)
    out = pd.DataFrame({
        "region": pairs["region"], "year": pairs["year"].astype(int), "industry_name_zh": pairs["industry_name_zh"],
        "industry_key": pairs["industry_key"], "export_delivery": ev, "sales": sv,
        "sales_indicator": pairs["indicator_s"], "unit": pairs["unit"], "ratio": ev / sv,
        "source_title": pairs["source_table"],
    }).reset_index(drop=True)
    if out.empty:
        raise InputError("no export-delivery pairs found in the Zhejiang facts")
    out.attrs.update(method="export-delivery ratio computed by gvckit from two printed numbers")
    return out
