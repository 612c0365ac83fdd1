"""Upgrading evidence beyond an input-output table, supplied by the user with its sources.

An IO table can tell whether an industry is at the paper's point A (a local value chain) or
embedded in global chains (B); product, functional and inter-chain upgrading (C, D, E) and
process upgrading in volume terms need other evidence: customs data (export unit values,
processing vs ordinary trade, own-brand exports), firm or cluster surveys (own design, R&D,
new-product output), constant-price productivity. :func:`load_evidence` reads it from a CSV or
Excel file (or a frame) with one row per observation:

===========  ==============================================================================
column       meaning
===========  ==============================================================================
industry     a paper industry key or Chinese name, or a cluster key (``cluster`` is accepted
             as the column name too); a cluster's rows count for its industry
indicator    one of the indicators below
year         the year observed (integer)
value        the number (a share in [0, 1] for ``*_share`` and ``rd_intensity``)
unit         its unit as the source prints it (``share``, ``USD/kg``, ``index``, ...)
source       where the number comes from (publication, table, URL): required
===========  ==============================================================================

Indicators, the upgrading they evidence (Humphrey & Schmitz 2002) and the paper's business model
they speak to (OEM → ODM → OBM, §4):

===================================  ============  =========  ===============================
indicator                            upgrading     counts if  literature
===================================  ============  =========  ===============================
export_unit_value                    product (C)   rises      Schott 2008; Kaplinsky &
                                                              Readman 2005
export_quality                       product (C)   rises      Khandelwal 2010
new_product_share                    product (C)   rises      --
rd_intensity                         product (C)   rises      --
own_design_share                     product (C)   rises      ODM (the paper: own design,
                                                              B→C)
own_brand_share                      functional    rises      OBM (the paper: own sales
                                     (D)                      channels, B→D)
processing_trade_share               functional    falls      Manova & Yu 2016; Brandt &
                                     (D)                      Morrow 2017
labour_productivity_constant_prices  process       rises      volume data (WIOD SEA)
tfp                                  process       rises      volume data
===================================  ============  =========  ===============================

The change that counts is ``Rules.evidence_change_min[indicator]`` (a relative change for unit
values, quality, productivity and TFP; a change in shares otherwise).

Examples
--------
>>> import pandas as pd
>>> ev = load_evidence(pd.DataFrame({"industry": ["leather", "leather"],
...     "indicator": ["own_brand_share"] * 2, "year": [2003, 2010], "value": [0.05, 0.20],
...     "unit": ["share"] * 2, "source": ["survey"] * 2}))
>>> list(ev.industry), list(ev.upgrading)
(['leather', 'leather'], ['functional', 'functional'])
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from gvckit.errors import EvidenceError

from .rules import EVIDENCE_INDICATORS

__all__ = ["load_evidence", "EVIDENCE_COLUMNS", "RELATIVE_INDICATORS"]

EVIDENCE_COLUMNS: tuple[str, ...] = ("industry", "indicator", "year", "value", "unit", "source")
#: Indicators whose change is read relative to the start value.
RELATIVE_INDICATORS: tuple[str, ...] = (
    "export_unit_value", "export_quality", "labour_productivity_constant_prices", "tfp",
)


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise EvidenceError(f"{path}: evidence file not found")
    try:
        if path.suffix.lower() in (".xlsx", ".xls"):
            return pd.read_excel(path, dtype=object)
        return pd.read_csv(path, dtype=object, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - any reader failure is the file's fault
        raise EvidenceError(f"{path}: cannot be read as a table: {exc}") from None


def _industry_of(name: str) -> str | None:
    from .registry import cluster, industry

    try:
        return industry(name).key
    except LookupError:
        pass
    try:
        return cluster(name).industry_key
    except LookupError:
        return None


def load_evidence(evidence: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read and validate an upgrading-evidence file (CSV, xlsx) or frame.

    Returns
    -------
    pandas.DataFrame
        ``industry`` (the paper's industry key), ``subject`` (the name as given: industry or
        cluster), ``indicator, year, value, unit, source, upgrading, direction, row`` (the
        file's row number, header = 1).

    Raises
    ------
    EvidenceError
        Naming the file, the row and the column at fault (a missing column, an unknown
        industry, cluster or indicator, a year or value that is not a number, an empty source).
    """
    if isinstance(evidence, pd.DataFrame):
        df, where = evidence.copy(), "evidence frame"
    else:
        path = Path(evidence)
        df, where = _read(path), str(path)
    df.columns = [str(c).strip().lower() for c in df.columns]
    if "industry" not in df.columns and "cluster" in df.columns:
        df = df.rename(columns={"cluster": "industry"})
    missing = [c for c in EVIDENCE_COLUMNS if c not in df.columns]
    if missing:
        raise EvidenceError(f"{where}: missing column(s) {missing}; an evidence file has "
                            f"{', '.join(EVIDENCE_COLUMNS)}")
    rows = []
    for i, r in enumerate(df.to_dict("records")):
        row = i + 2  # the header is row 1

        def fail(col: str, msg: str, row: int = row) -> EvidenceError:
            return EvidenceError(f"{where}, row {row}, column {col}: {msg}")

        subject = str(r["industry"]).strip()
        key = _industry_of(subject)
        if key is None:
            raise fail("industry", f"unknown industry or cluster {subject!r}")
        ind = str(r["indicator"]).strip()
        if ind not in EVIDENCE_INDICATORS:
            raise fail("indicator", f"unknown indicator {ind!r}; valid: "
                       + ", ".join(EVIDENCE_INDICATORS))
        try:
            year = int(float(str(r["year"]).strip()))
        except ValueError:
            raise fail("year", f"{r['year']!r} is not a year") from None
        try:
            value = float(str(r["value"]).strip())
        except ValueError:
            raise fail("value", f"{r['value']!r} is not a number") from None
        if not math.isfinite(value):
            raise fail("value", f"{r['value']!r} is not a finite number")
        if (ind.endswith("_share") or ind == "rd_intensity") and not 0 <= value <= 1:
            raise fail("value", f"{value} is a share and must lie in [0, 1]")
        source = str(r["source"]).strip()
        if not source or source.lower() == "nan":
            raise fail("source", "every number needs its source")
        up, direction = EVIDENCE_INDICATORS[ind]
        rows.append({"industry": key, "subject": subject, "indicator": ind, "year": year,
                     "value": value, "unit": str(r["unit"]).strip(), "source": source,
                     "upgrading": up, "direction": direction, "row": row})
    out = pd.DataFrame(rows, columns=["industry", "subject", "indicator", "year", "value", "unit",
                                      "source", "upgrading", "direction", "row"])
    dup = out.duplicated(["subject", "indicator", "year"], keep=False)
    if dup.any():
        r = out[dup].iloc[1]
        raise EvidenceError(f"{where}, row {r.row}: a second value for {r.subject} "
                            f"{r.indicator} {r.year}")
    out.attrs["source"] = where
    return out
