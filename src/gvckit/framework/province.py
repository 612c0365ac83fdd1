"""The provincial route: a province's statistics by NBS 2-digit industry, read for the paper's 11.

Chinese provincial yearbooks report industry by the national industrial classification's
2-digit divisions (GB/T 4754-2002 in the paper's period). ``data/nbs_template.csv`` maps every
manufacturing division to the paper's industry it belongs to (or to none), so a province's own
出口交货值 (export delivery value) and 销售产值 (sales value) can give the paper's export
orientation by industry against the province's manufacturing, the `paper` rule set's integration
measure (:func:`province_export_orientation`). For the same rules on a province *inside* an
input-output table, nest it first (:func:`gvckit.regional.regionalise`) and call
:func:`~gvckit.framework.classify.classify` with the province's code as ``region``
(``docs/regionalisation.md`` works the Zhejiang example).

Examples
--------
>>> t = nbs_template()
>>> t.set_index("nbs_code").loc["28", "industry_key"]
'chemical_fibres'
>>> int((t.industry_key != "").sum())
11
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import pandas as pd

from gvckit.errors import InputError

__all__ = ["nbs_template", "province_export_orientation"]


@functools.cache
def _template() -> pd.DataFrame:
    path = resources.files("gvckit.framework").joinpath("data").joinpath("nbs_template.csv")
    return pd.DataFrame(list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))))


def nbs_template() -> pd.DataFrame:
    """The NBS 2-digit manufacturing divisions (GB/T 4754-2002) and the paper's industry of each.

    Columns ``nbs_code, nbs_name_zh, gbt4754_version, industry_key`` (``""``: not one of the
    paper's 11), ``share`` (``whole``) and ``note``.
    """
    return _template().copy()


def province_export_orientation(data: pd.DataFrame) -> pd.DataFrame:
    """Export orientation (出口交货值 / 销售产值) of the paper's industries against the province's
    manufacturing, from a province's figures by NBS division.

    Parameters
    ----------
    data : DataFrame
        Columns ``nbs_code`` (2-digit division, GB/T 4754-2002), ``export_delivery`` and
        ``sales`` (same unit and year); the manufacturing total is the sum over the rows given,
        so give every division the yearbook prints.

    Returns
    -------
    DataFrame
        One row per paper industry present: ``industry_key, export_delivery, sales, value``
        (the ratio) and ``benchmark`` (the province's manufacturing ratio), ``ratio``.

    Examples
    --------
    >>> df = pd.DataFrame({"nbs_code": ["17", "19", "37"], "export_delivery": [30, 40, 5],
    ...                    "sales": [100, 100, 100]})
    >>> r = province_export_orientation(df).set_index("industry_key")
    >>> float(r.loc["leather", "value"]), float(r.loc["leather", "benchmark"])
    (0.4, 0.25)
    """
    need = {"nbs_code", "export_delivery", "sales"}
    if not need <= set(data.columns):
        raise InputError(f"province data need columns {sorted(need)}; got {list(data.columns)}")
    t = _template().set_index("nbs_code")
    d = data.assign(nbs_code=data["nbs_code"].astype(str).str.zfill(2))
    bad = sorted(set(d.nbs_code) - set(t.index))
    if bad:
        raise InputError(f"unknown NBS manufacturing division(s) {bad}; valid: {', '.join(t.index)}")
    d["industry_key"] = d.nbs_code.map(t["industry_key"])
    tot_e, tot_s = float(d.export_delivery.sum()), float(d.sales.sum())
    if tot_s <= 0:
        raise InputError("province data: total sales must be positive")
    g = d[d.industry_key != ""].groupby("industry_key", sort=False)[["export_delivery", "sales"]].sum()
    g["value"] = g.export_delivery / g.sales
    g["benchmark"] = tot_e / tot_s
    g["ratio"] = g["value"] / g["benchmark"]
    return g.reset_index()
