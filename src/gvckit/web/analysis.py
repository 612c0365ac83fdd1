"""What the web app computes, as plain functions a job pool (threads or Dask) can run.

Every function takes a :class:`DataRef` (a bundled dataset or an uploaded file the server
stored; never a path from the browser), options, and an optional ``progress(done, total)``
callback, and returns picklable results (frames, framework results) that the pages render and
the downloads export. Nothing here knows about HTTP or HTML.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gvckit.errors import InputError, OptionError, UnknownNameError

__all__ = ["DataRef", "PATH_MEASURES", "IDENTITIES", "overview", "industry_page", "decompose_page",
           "compare_page", "make_report", "series_for"]

#: measures whose time paths the industry and compare pages draw (the deciding indicators of the
#: governance / integration / position verdicts; :mod:`gvckit.framework.indicators` keys)
PATH_MEASURES = ("export_orientation", "foreign_va_share", "dva_share_exports", "wwyz_backward",
                 "upstreamness")

#: per decomposition method: the gross-exports column and the terms that add up to it
IDENTITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "bm": ("GEXP", ("DVA", "DDC", "FVA", "FDC")),
    "hiy": ("EXGR", ("DVA", "VS")),
    "vax": ("EXGR", ("VAX",)),
    "tiva": ("EXGR", ("EXGR_DVA", "EXGR_FVA")),
}


def _identities() -> dict[str, tuple[str, tuple[str, ...]]]:
    from gvckit.measures.decompose.kww import KWW_TERMS
    from gvckit.measures.decompose.wwz import WWZ_TERMS

    return {**IDENTITIES, "kww": ("EXGR", tuple(KWW_TERMS)), "wwz": ("EXGR", tuple(WWZ_TERMS))}


@dataclass(frozen=True)
class DataRef:
    """Where a page's tables come from: a bundled dataset ``name`` (``path`` None) or a file the
    server stored (``path``, optionally labelled with ``year``). ``fingerprint`` keys the cache:
    the dataset's name for bundled data, the table's content hash for an upload."""

    key: str
    label: str
    fingerprint: str
    path: str | None = None
    year: int | None = None
    meld: bool = False

    def source(self):
        """The :class:`gvckit.app.source.Source` of this data (an OECD ICIO upload read with its
        processing-trade splits added into their country when ``meld``)."""
        from gvckit.app.source import Source

        if self.path is None:
            return Source.of(self.key)
        return Source.of(self.path, year=self.year, options={"meld": True} if self.meld else None)


_SERIES: dict[DataRef, Any] = {}
_SERIES_LOCK = threading.Lock()


def series_for(ref: DataRef):
    """One :class:`gvckit.framework.ModelSeries` per data, shared by every job of this process
    (its models and per-region indicators are memoised, so a second page is fast)."""
    from gvckit.framework import ModelSeries
    from gvckit.leontief import Model

    with _SERIES_LOCK:
        if ref in _SERIES:
            return _SERIES[ref]
    if ref.path is None:
        series = ModelSeries(ref.key)
    else:
        src = ref.source()
        spec = src.framework_data()
        series = ModelSeries(spec if not isinstance(spec, dict) else {y: Model(t) for y, t in spec.items()})
    with _SERIES_LOCK:
        return _SERIES.setdefault(ref, series)


def _years(series, years: Sequence[int] | None) -> list[int]:
    from gvckit.errors import DatasetError

    if not years:
        return list(series.years)
    bad = [y for y in years if y not in series.years]
    if bad:
        from gvckit.app.source import format_years

        raise DatasetError(f"no year {format_years(bad)} in these data; they have {format_years(series.years)}")
    return sorted(set(years))


def _check_region(series, region: str, year: int) -> None:
    countries = series.model(year).table.countries
    if region not in countries:
        raise UnknownNameError("region", region, countries)


def _tick(progress, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _warm(series, region: str, ys: list[int], progress, extra: int = 1) -> None:
    """Compute the region's per-year indicators once per year, reporting progress."""
    from gvckit.framework.indicators import region_year

    total = len(ys) + extra
    for i, y in enumerate(ys):
        region_year(series.model(y), region)
        _tick(progress, i + 1, total)


def _key_figures(series, region: str, ys: list[int]) -> dict[str, Any]:
    t = series.model(ys[-1]).table
    x = np.asarray(t.x, dtype=float)
    countries = np.asarray(t.index.get_level_values(0))
    mine = countries == region
    exports = np.asarray(t.exports, dtype=float) if t.exports is not None else None
    if exports is None or exports.ndim != 1 or exports.shape[0] != x.shape[0]:
        Z, Y, _ = t.arrays()
        col_c = np.asarray(t.index.get_level_values(0))
        fd_c = np.asarray([c[0] if isinstance(c, tuple) else str(c).split("_")[0] for c in t.fd_columns])
        exports = (np.asarray(Z)[:, col_c != region].sum(axis=1) * mine
                   + np.asarray(Y)[:, fd_c != region].sum(axis=1) * mine)
    info = t.country_info
    name = (str(info.loc[region, "name"]), str(info.loc[region, "name_zh"])) if region in info.index else (region, region)
    return {"source": t.source, "unit": t.unit, "years": list(ys), "countries": t.G, "sectors": t.N,
            "region": region, "region_name": name, "year": ys[-1],
            "output": float(x[mine].sum()), "exports": float(np.asarray(exports)[mine].sum()),
            "world_output": float(x.sum())}


def overview(ref: DataRef, region: str, years: Sequence[int] | None, rules: str,
             evidence: str | None = None, progress=None) -> dict[str, Any]:
    """The paper's 11 industries in ``region``: classification (typology) and diagnosis (A-E)
    under ``rules``, the agreement with Table 1, and the economy's key figures."""
    from gvckit import framework as fw
    from gvckit.framework.classify import agreement_from

    series = series_for(ref)
    ys = _years(series, years)
    _check_region(series, region, ys[0])
    _warm(series, region, ys, progress, extra=2)
    classes = fw.classify(series, region, None, ys, rules=rules)
    _tick(progress, len(ys) + 1, len(ys) + 2)
    diagnoses = fw.diagnose(series, region, None, ys, rules=rules, evidence=evidence)
    period = classes[0].period if len(classes) else str(ys[-1])
    agreement = agreement_from({period: list(classes)}, region, rules, national=region == "CHN")
    _tick(progress, len(ys) + 2, len(ys) + 2)
    return {"classifications": list(classes), "diagnoses": list(diagnoses), "agreement": agreement,
            "figures": _key_figures(series, region, ys), "years": ys, "period": period}


def _paths(series, regions: Sequence[str], sectors_of: dict[str, list[str]], ys: list[int],
           measures: Sequence[str]) -> pd.DataFrame:
    from gvckit.framework.indicators import region_year

    rows = []
    for y in ys:
        m = series.model(y)
        for region in regions:
            ry = region_year(m, region)
            for item, secs in sectors_of.items():
                for meas in measures:
                    rows.append({"region": region, "item": item, "year": int(y), "measure": meas,
                                 "value": float(ry.value(meas, secs))})
    return pd.DataFrame(rows, columns=["region", "item", "year", "measure", "value"])


def industry_page(ref: DataRef, region: str, key: str, years: Sequence[int] | None, rules: str,
                  evidence: str | None = None, progress=None) -> dict[str, Any]:
    """One industry (registry key): its classification and diagnosis verdicts, the time paths of
    the deciding measures and the paper's advice for its type."""
    from gvckit import framework as fw

    keys = list(fw.industries()["key"])
    if key not in keys:
        raise UnknownNameError("industry", key, keys)
    series = series_for(ref)
    ys = _years(series, years)
    _check_region(series, region, ys[0])
    _warm(series, region, ys, progress, extra=1)
    cls = fw.classify(series, region, key, ys, rules=rules)[0]
    diag = fw.diagnose(series, region, key, ys, rules=rules, evidence=evidence)[0]
    paths = _paths(series, [region], {key: list(diag.sectors)}, ys, PATH_MEASURES) if diag.sectors else \
        pd.DataFrame(columns=["region", "item", "year", "measure", "value"])
    _tick(progress, len(ys) + 1, len(ys) + 1)
    info = series.model(ys[-1]).table.sector_info
    names = {s: tuple(str(info.loc[s, k]) if info is not None and s in info.index and k in info else s
                      for k in ("name", "name_zh")) for s in cls.sectors}
    return {"classification": cls, "diagnosis": diag, "paths": paths, "years": ys,
            "advice": fw.advice(key), "sector_names": names}


def decompose_page(ref: DataRef, year: int | None, method: str, level: str, exporter: str | None,
                   importer: str | None, progress=None) -> dict[str, Any]:
    """A decomposition of gross exports and its accounting identity (terms sum to exports)."""
    from gvckit.measures.decompose import LEVELS_BY_METHOD, decompose

    if method not in LEVELS_BY_METHOD:
        raise UnknownNameError("method", method, LEVELS_BY_METHOD)
    if level not in LEVELS_BY_METHOD[method]:
        raise UnknownNameError(f"level of {method}", level, LEVELS_BY_METHOD[method])
    src = ref.source()
    y = src.load_year(year) if not src.undated else None
    _tick(progress, 0, 2)
    table, findings = src.load_checked(y)
    if exporter and exporter not in table.countries:
        raise UnknownNameError("exporter", exporter, table.countries)
    if importer and importer not in table.countries:
        raise UnknownNameError("importer", importer, table.countries)
    if importer and level in ("country", "sector"):
        raise OptionError(f"an importer needs a bilateral level ({method}: "
                          f"{', '.join(lv for lv in LEVELS_BY_METHOD[method] if 'bilateral' in lv)})")
    df = decompose(table, method=method, level=level, exporter=exporter or None, importer=importer or None)
    _tick(progress, 1, 2)
    total, terms = _identities()[method]
    flat = df.reset_index()
    check = pd.DataFrame()
    if total in flat and all(t in flat for t in terms):
        s = flat[list(terms)].sum(axis=1) if method != "vax" else flat["VAX"]
        check = pd.DataFrame({"gross_exports": flat[total], "sum_of_terms": s,
                              "difference": flat[total] - s if method != "vax" else np.nan})
        if method == "vax":
            check = pd.DataFrame({"gross_exports": flat[total], "VAX": flat["VAX"],
                                  "VAX_ratio": flat["VAX_ratio"],
                                  "VAX_over_exports": flat["VAX"] / flat[total]})
        idx = [c for c in df.index.names if c]
        for c in reversed(idx):
            check.insert(0, c, flat[c])
    _tick(progress, 2, 2)
    return {"frame": df, "check": check, "terms": list(terms), "total": total,
            "year": table.year, "warnings": [(f.code, {"en": f.text("en"), "zh": f.text("zh")}) for f in findings]}


def compare_page(ref: DataRef, mode: str, regions: Sequence[str], industries: Sequence[str],
                 measure: str, years: Sequence[int] | None, progress=None) -> dict[str, Any]:
    """Several economies (one industry) or several industries (one economy) side by side over
    years, on one measure."""
    from gvckit import framework as fw

    if measure not in PATH_MEASURES:
        raise UnknownNameError("measure", measure, PATH_MEASURES)
    reg = fw.industries().set_index("key")
    bad = [k for k in industries if k not in reg.index]
    if bad:
        raise UnknownNameError("industry", bad[0], list(reg.index))
    if mode == "economies" and (len(regions) < 2 or len(industries) != 1):
        raise InputError("compare economies: name two or more economies and one industry")
    if mode == "industries" and (len(regions) != 1 or len(industries) < 2):
        raise InputError("compare industries: name one economy and two or more industries")
    series = series_for(ref)
    ys = _years(series, years)
    for r in regions:
        _check_region(series, r, ys[0])
    from gvckit.framework.classify import table_classification
    from gvckit.framework.registry import sectors_for

    scheme = table_classification(series.model(ys[0]))
    sectors_of = {k: list(sectors_for(k, scheme)["sector_code"]) for k in industries}
    rows = []
    for i, y in enumerate(ys):
        rows.append(_paths(series, regions, sectors_of, [y], [measure]))
        _tick(progress, i + 1, len(ys))
    out = pd.concat(rows, ignore_index=True)
    return {"frame": out, "years": ys, "mode": mode}


def make_report(ref: DataRef, region: str, years: Sequence[int] | None, rules: str,
                evidence: str | None, lang: str, out: str, progress=None) -> str:
    """The full HTML report (:func:`gvckit.report_job.report`) written to ``out``; returns it."""
    from gvckit.report_job import report

    _tick(progress, 0, 1)
    data: Any = ref.key
    if ref.path is not None:  # an upload: its table(s), as report() takes them
        src = ref.source()
        data = src.only() if src.undated else {y: src.load(y) for y in src.years}
    path = report(data, region=region, years=list(years) if years else None, lang=lang, out=out,
                  quiet=True, rules=rules, evidence=evidence)
    _tick(progress, 1, 1)
    return str(path)
