"""Classification from data: place a country's industry on the paper's two dimensions (Table 1).

The paper classifies Zhejiang's representative industries by the governance of their chain
(producer- vs buyer-driven, Gereffi 1999) and their degree of integration into global value
chains (low / high / emerging), without thresholds. :func:`classify` measures both from an
inter-country input-output table for a country ("region", China for Zhejiang) and one of the
paper's 11 industries, with the documented cut-offs of :class:`~gvckit.framework.rules.Rules`,
and :func:`agreement_table` sets the result against the paper's own labels (the reference).

Integration: four indicators of the region's sector, each compared with the same sector of all
other economies of the table that year (``Rules.benchmark``):

1. WWYZ forward GVC participation (Wang, Wei, Yu & Zhu 2017a, NBER w23222), by VA source:
   ``(V̂ L A^F B y) ⊘ va``;
2. WWYZ backward GVC participation, by final product: ``(v' L A^F B) # y ⊘ y``;
3. BM GVC-related share of gross exports (Borin & Mancini 2019, WB PRWP 8804):
   ``GVC/E = 1 - DAVAX ⊘ E`` with ``DAVAX = (V_s L_ss)' # Σ_{r≠s}(Y_sr + A_sr L_rr Y_rr)``;
4. export orientation ``E ⊘ x`` (gross exports over gross output).

Integration is "high" when at least ``Rules.integration_min_indicators`` (2) of the 4 are at or
above their benchmark; otherwise "emerging" when the sector's share of the region's output grew by
``Rules.emerging_output_share_growth`` (+25 %) and its mean participation did not fall between the
first and last year available; otherwise "low".

Governance: three indicators, producer-driven when at least 2 point that way:

1. OECD technology intensity of the industry (Hatzichronoglou 1997; Galindo-Rueda & Verger 2016):
   high / medium-high -> producer-driven (Gereffi: capital- and technology-intensive chains);
2. capital-good share of the sector's final goods (gross fixed capital formation over final
   demand, all destinations) against the median of the manufacturing sectors of the world
   table: producer-driven chains make investment goods (cars, aircraft, machinery), buyer-driven
   ones consumer goods (garments, footwear, toys);
3. where the lead firms sit: in the chain of the sector's final goods (``V̂ B y_c``), the value
   added captured by high-income economies in technology-intensive manufacturing (upstream R&D
   and components) over their value added in distribution, design, marketing and business
   services (downstream brand owners and retailers); >= 1 -> producer-driven.

The type then comes from :func:`gvckit.framework.typology.type_for`, which returns an explicit
"outside the paper's typology" result for producer-driven + high integration.

Shared sectors: in WIOD 2013 textiles and garments share ``17t18``, electronics and electrical
machinery ``30t33``, chemicals and chemical fibres ``24``; their integration numbers are then the
same, and only the industry-level technology intensity can tell them apart. ISIC Rev.4 tables
join textiles, garments and leather (``D13T15``/``C13-C15``) but separate electronics (26) from
electrical machinery (27).

Classifications: the sector-level proxies (which sectors are manufacturing, their technology
level, the distribution and design/marketing services) are keyed by the table's classification,
detected by :func:`table_classification`: WIOD 2013, ADB MRIO 35 (``c1``-``c35``), WIOD 2016,
OECD ICIO 2021 (``D01T02`` ...) and 2023 (``A01_02`` ...) (see
:func:`gvckit.framework.rules.sector_proxies`).

Examples
--------
>>> from gvckit.framework.classify import classify
>>> c = classify("wiod2013", "CHN", "leather", years=[2005])
>>> c.paper_type, c.governance.value
('II', 'buyer_driven')

Every English explanation has a Chinese twin built from the same numbers (``explanation_zh``,
``notes_zh``, ``benchmark_zh``, the indicators' ``description_zh`` and the agreement table's
``reason_zh``), in the paper's terms:

>>> c.explanation_zh.split("。")[0]
'CHN皮革、毛皮、羽绒及其制品业（19），2005：I类（采购者驱动型，融入程度不高）；论文：II类（采购者驱动型，融入程度较高）'
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model
from gvckit.table import ICIO

from .concepts import Governance, Integration
from .registry import industries as _registry_industries
from .registry import industry as _industry
from .rules import DEFAULT_RULES, Rules, governance_proxies, sector_proxies
from .typology import OutsideTypology, Typology, to_fullwidth, type_for
from .value_capture_io import _classification_of, resolve_sectors

__all__ = [
    "table_classification",
    "ModelSeries",
    "Classification",
    "classify",
    "agreement_table",
    "integration_parts",
]

INTEGRATION_INDICATORS = {
    "wwyz_forward": "WWYZ forward GVC participation (share of the sector's value added)",
    "wwyz_backward": "WWYZ backward GVC participation (share of the final product's value)",
    "bm_gvc_share": "BM GVC-related share of gross exports",
    "export_orientation": "export orientation (gross exports / gross output)",
}
GOVERNANCE_INDICATORS = {
    "tech_intensity": "OECD technology intensity of the industry",
    "capital_good_share": "capital-good share of the sector's final goods (GFCF / final demand)",
    "lead_firm_ratio": (
        "high-income VA in technology-intensive manufacturing / in distribution, design, "
        "marketing and business services, in the chain of the sector's final goods"
    ),
}
INTEGRATION_INDICATORS_ZH = {
    "wwyz_forward": "WWYZ前向参与度（占该部门增加值的份额）",
    "wwyz_backward": "WWYZ后向参与度（占最终产品价值的份额）",
    "bm_gvc_share": "BM口径总出口中与全球价值链相关的份额",
    "export_orientation": "出口导向（总出口/总产出）",
}
GOVERNANCE_INDICATORS_ZH = {
    "tech_intensity": "OECD行业技术密集度",
    "capital_good_share": "该部门最终产品中的资本品份额（固定资本形成/最终需求）",
    "lead_firm_ratio": (
        "领先企业指标：在该部门最终产品的链条中，高收入经济体在技术密集型制造业的增加值"
        "与其在分销、设计、营销和商务服务业的增加值之比"
    ),
}
#: Short Chinese names of the indicators, as the Chinese explanations use them.
INDICATOR_SHORT_ZH = {
    "wwyz_forward": "WWYZ前向参与度",
    "wwyz_backward": "WWYZ后向参与度",
    "bm_gvc_share": "BM口径全球价值链相关出口份额",
    "export_orientation": "出口导向",
    "output_share_growth": "产出份额相对增长",
    "participation_change": "参与度均值变化",
    "tech_intensity": "技术密集度",
    "capital_good_share": "资本品份额",
    "lead_firm_ratio": "领先企业指标",
}
#: OECD technology-intensity levels in Chinese (高/中高/中低/低).
TECH_LEVELS_ZH = {"high": "高", "medium-high": "中高", "medium-low": "中低", "low": "低"}
_POINTS_TO_ZH = {
    "high": Integration.HIGH.name_zh,
    "low": Integration.LOW.name_zh,
    "emerging": "新兴",
    "not emerging": "非新兴",
    "producer-driven": Governance.PRODUCER_DRIVEN.name_zh,
    "buyer-driven": Governance.BUYER_DRIVEN.name_zh,
}
_BENCHMARKS_ZH = {
    "world_ratio": "表中所有其他经济体的同一部门合并计算（比值；临界值 {cut:g}）",
    "percentile": "在表中各经济体同一部门中的百分位排名（临界值 {cut:g}）",
    "region_manufacturing": "本地区自身的制造业部门合并计算，同一年份（比值；临界值 {cut:g}）",
}
_BENCHMARKS = {
    "world_ratio": "same sector, all other economies of the table pooled (ratio; cut-off {cut:g})",
    "percentile": "percentile rank among the economies of the table, same sector (cut-off {cut:g})",
    "region_manufacturing": (
        "the region's own manufacturing sectors pooled, same year (ratio; cut-off {cut:g})"
    ),
}
_REFERENCES = [
    "Wang, Z., Wei, S.-J., Yu, X. and Zhu, K. (2017a), Measures of participation in global value "
    "chains and global business cycles, NBER WP 23222.",
    "Borin, A. and Mancini, M. (2019), Measuring what matters in global value chains and "
    "value-added trade, World Bank PRWP 8804.",
    "Gereffi, G. (1999), International trade and industrial upgrading in the apparel commodity "
    "chain, Journal of International Economics 48(1): 37-70.",
    "Hatzichronoglou, T. (1997), Revision of the high-technology sector and product "
    "classification, OECD STI WP 1997/2.",
]


@functools.cache
def _industries_table() -> pd.DataFrame:
    return _registry_industries()


def _industries_frame() -> pd.DataFrame:
    return _industries_table().copy()


# --------------------------------------------------------------------------- data source
class ModelSeries:
    """One :class:`gvckit.Model` per year from a table, a model, a dataset name or a dict.

    Models are built on first use and kept for the life of the object (one per year within a
    call of :func:`classify`, :func:`agreement_table` or
    :func:`~gvckit.framework.diagnose.diagnose`); the dense ``B`` is never formed.

    Parameters
    ----------
    data : ICIO, Model, str or dict
        A bundled dataset name (``"wiod2013"``), a table or model (one year), or a mapping
        year -> table/model.

    Examples
    --------
    >>> s = ModelSeries("wiod2013")
    >>> s.years[0], s.years[-1]
    (1995, 2011)
    """

    def __init__(self, data: ICIO | Model | str | Mapping[int, ICIO | Model]) -> None:
        self._name: str | None = None
        self._models: dict[int, Model] = {}
        self._tables: dict[int, ICIO | Model] = {}
        if isinstance(data, ModelSeries):
            self._name, self._models, self._tables = data._name, data._models, data._tables
            self.years = data.years
            return
        if isinstance(data, str):
            from gvckit.datasets import NBS_FILES, WIOD_YEARS

            key = data.lower().replace("-", "_")
            if key == "wiod2013":
                self.years = list(WIOD_YEARS)
            elif key in ("china_nbs", "nbs"):
                self.years = sorted(NBS_FILES)
            else:
                raise InputError(f"unknown dataset {data!r}; use 'wiod2013' or 'china_nbs'")
            self._name = key
        elif isinstance(data, ICIO | Model):
            tab = data.table if isinstance(data, Model) else data
            year = tab.year if tab.year is not None else 0
            self._tables[int(year)] = data
            self.years = [int(year)]
        elif isinstance(data, Mapping):
            if not data:
                raise InputError("the dict of tables is empty")
            for y, t in data.items():
                if not isinstance(t, ICIO | Model):
                    raise InputError(f"data[{y!r}] is a {type(t).__name__}, not an ICIO or Model")
                self._tables[int(y)] = t
            self.years = sorted(self._tables)
        else:
            raise InputError(
                f"data must be an ICIO, a Model, a dataset name or a dict year -> table, "
                f"not {type(data).__name__}"
            )

    def model(self, year: int) -> Model:
        """The model of ``year`` (built once)."""
        year = int(year)
        if year not in self.years:
            raise InputError(f"year {year} is not available; years: {self.years}")
        m = self._models.get(year)
        if m is None:
            if self._name is not None:
                from gvckit.datasets import load_dataset

                m = Model(load_dataset(self._name, year=year, check=False))
            else:
                m = Model.of(self._tables[year])
            self._models[year] = m
        return m

    def resolve_years(self, years: Iterable[int] | int | None) -> list[int]:
        """``years`` checked against the available years (default: the last year)."""
        if years is None:
            return [self.years[-1]]
        if isinstance(years, int | np.integer):
            years = [int(years)]
        out = [int(y) for y in years]
        bad = [y for y in out if y not in self.years]
        if bad or not out:
            raise InputError(f"years {bad or out} not available; available: {self.years}")
        return out


# --------------------------------------------------------------------------- indicators
_MEMO: weakref.WeakKeyDictionary[Model, dict[str, Any]] = weakref.WeakKeyDictionary()


def memo(m: Model, key: str, fn: Callable[[], Any]) -> Any:
    """``fn()`` computed once per model (kept while the model lives)."""
    d = _MEMO.setdefault(m, {})
    if key not in d:
        d[key] = fn()
    return d[key]


def integration_parts(m: Model) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Numerator and denominator (GN each) of the four integration indicators, every country.

    Ratios pool over sectors and countries by summing numerators and denominators:

    - ``wwyz_forward``: ``f_GVC_S + f_GVC_C`` over ``va`` (WWYZ 2017a, by VA source:
      ``V̂LA^F L y^D + V̂LA^F(B y - L y^D)``), from
      :func:`gvckit.measures.participation.wwyz_parts`;
    - ``wwyz_backward``: ``b_GVC_S + b_GVC_C`` over ``y`` (by final product);
    - ``bm_gvc_share``: ``GVC = E - DAVAX`` over ``GEXP`` (Borin & Mancini 2019, exporter
      perspective, source approach), from :func:`gvckit.measures.decompose.bm.bm`;
    - ``export_orientation``: gross exports ``e`` over gross output ``x``.
    """
    from gvckit.measures.decompose.bm import bm
    from gvckit.measures.participation import wwyz_parts

    w = wwyz_parts(m)
    b = bm(m, level="sector")
    return {
        "wwyz_forward": (w["f_GVC_S"] + w["f_GVC_C"], np.asarray(w["va"], dtype=float)),
        "wwyz_backward": (w["b_GVC_S"] + w["b_GVC_C"], np.asarray(w["y"], dtype=float)),
        "bm_gvc_share": (b["GVC"].to_numpy(dtype=float), b["GEXP"].to_numpy(dtype=float)),
        "export_orientation": (m.e.copy(), m.x.copy()),
    }


def _pool(num: np.ndarray, den: np.ndarray, m: Model, rows: np.ndarray) -> np.ndarray:
    """Per-country ratio of ``num``/``den`` summed over the sector positions ``rows``."""
    idx = (np.arange(m.G)[:, None] * m.N + rows[None, :]).ravel()
    n = num[idx].reshape(m.G, -1).sum(axis=1)
    d = den[idx].reshape(m.G, -1).sum(axis=1)
    return n, d


_TINY = 1e-12  # numerators below this share of the largest denominator are rounding noise


def _nanmean(values: Iterable[float]) -> float:
    a = np.asarray(list(values), dtype=float)
    a = a[~np.isnan(a)]
    return float(a.mean()) if a.size else np.nan


def _benchmark(n: np.ndarray, d: np.ndarray, pos: int, rules: Rules) -> tuple[float, float, float]:
    """(value, benchmark, score) of country ``pos`` against the others."""
    n = np.where(np.abs(n) < _TINY * max(float(np.abs(d).max(initial=0.0)), 1.0), 0.0, n)
    ratio = np.divide(n, d, out=np.full_like(n, np.nan), where=d > 0)
    val = float(ratio[pos])
    others = np.arange(len(n)) != pos
    if rules.benchmark == "world_ratio":
        dn = d[others].sum()
        bench = float(n[others].sum() / dn) if dn > 0 else np.nan
        if np.isfinite(bench) and bench > 0:
            score = val / bench
        elif bench == 0 and val > 0:
            score = np.inf  # the rest of the world has none of it
        else:
            score = np.nan
    else:
        o = ratio[others]
        o = o[np.isfinite(o)]
        bench = float(np.median(o)) if o.size else np.nan
        score = float((np.sum(o < val) + 0.5 * np.sum(o == val)) / o.size) if o.size else np.nan
    return val, bench, score


def table_classification(data: ICIO | Model) -> str:
    """The sector classification of a table, as the framework reads it.

    From ``meta["classification"]``, ``meta["format"]``, ``meta["release"]`` and ``source`` (as
    the readers set them) when the table's sector codes fit it, otherwise from the one
    classification whose code list (:func:`gvckit.concordance.codes`) holds every sector code.

    Returns
    -------
    str
        ``"wiod2013"``, ``"adb35"``, ``"wiod2016"``, ``"oecd2021"``, ``"oecd2023"`` or
        ``"nbs42"`` (:mod:`gvckit.concordance` names).

    Raises
    ------
    InputError
        Naming the codes that match no classification (or the classifications that all fit).

    Examples
    --------
    >>> import gvckit
    >>> table_classification(gvckit.load_dataset("wiod2013", year=2005))
    'wiod2013'
    >>> t = gvckit.ICIO([[1, 0], [0, 1]], [[5], [5]], countries=["CHN"], sectors=["D13T15", "D26"])
    >>> table_classification(t)
    'oecd2021'
    """
    t = data.table if isinstance(data, Model) else data
    return cast(str, _classification_of(t, strict=True))  # strict: raises rather than None


def _proxies_of(t: ICIO) -> pd.DataFrame:
    """The table's sectors' proxies (index: the table's sector codes, in order)."""
    return sector_proxies(table_classification(t)).reindex(list(t.sectors))


def _manufacturing_positions(t: ICIO) -> list[int]:
    """Positions of the manufacturing sectors (``manufacturing`` flag of the proxies)."""
    manuf = _proxies_of(t)["manufacturing"].eq(True).to_numpy()
    pos = [int(i) for i in np.flatnonzero(manuf)]
    if not pos:
        raise InputError(
            "the table has no manufacturing sector, so the manufacturing benchmarks cannot be "
            f"formed; its sectors are {list(t.sectors)[:8]}..."
        )
    return pos


def _final_demand_by_category(t: ICIO, rows: np.ndarray) -> pd.Series:
    Y = t.Y.to_numpy()
    cats = t.fd_columns.get_level_values(1)
    s = pd.Series(Y[rows].sum(axis=0), index=cats)
    return s.groupby(level=0).sum()


def _capital_good_share(t: ICIO, rows: np.ndarray) -> float:
    fd = _final_demand_by_category(t, rows)
    tot = float(fd.sum())
    if "GFCF" not in fd.index or tot <= 0:
        return np.nan
    return float(fd["GFCF"] / tot)


def _capital_good_median(m: Model) -> float:
    """Median over the manufacturing sectors of the world GFCF share of their final goods."""
    t = m.table
    meds = [
        _capital_good_share(t, np.arange(m.G) * m.N + j) for j in _manufacturing_positions(t)
    ]
    return float(np.nanmedian(meds)) if meds else np.nan


@dataclass
class _YearNumbers:
    year: int
    values: dict[str, tuple[float, float, float]]  # indicator -> (value, benchmark, score)
    output_share: float
    participation_mean: float


def _year_numbers(m: Model, region: str, secs: list[str], rules: Rules) -> _YearNumbers:
    t = m.table
    pos = m.country_pos(region)
    rows = np.array([t.sectors.index(s) for s in secs])
    parts = memo(m, "integration_parts", lambda: integration_parts(m))
    vals: dict[str, tuple[float, float, float]] = {}
    manuf = np.array(_manufacturing_positions(t))
    for k, (num, den) in parts.items():
        n, d = _pool(num, den, m, rows)
        if rules.benchmark == "region_manufacturing":
            nm, dm = _pool(num, den, m, manuf)
            val = float(n[pos] / d[pos]) if d[pos] > 0 else np.nan
            bench = float(nm[pos] / dm[pos]) if dm[pos] > 0 else np.nan
            vals[k] = (val, bench, val / bench if bench else np.nan)
        else:
            vals[k] = _benchmark(n, d, pos, rules)
    blk = m.block(pos)
    xs = m.x[blk]
    share = float(xs[rows].sum() / xs.sum()) if xs.sum() > 0 else np.nan
    pm = _nanmean(vals[k][0] for k in ("wwyz_forward", "wwyz_backward", "bm_gvc_share"))
    return _YearNumbers(int(t.year or 0), vals, share, pm)


def _governance_numbers(m: Model, region: str, secs: list[str], rules: Rules) -> dict[str, float]:
    """Capital-good share (region's sector and the manufacturing median) and lead-firm ratio."""
    t = m.table
    prox = _proxies_of(t)
    pos = m.country_pos(region)
    rows = pos * m.N + np.array([t.sectors.index(s) for s in secs])
    cap = _capital_good_share(t, rows)
    cap_med = memo(m, "capital_good_median", lambda: _capital_good_median(m))
    # lead-firm proxy: chain of the sector's final goods, all destinations
    yc = np.zeros(m.n)
    yc[rows] = m.y[rows]
    va = m.v * m.solve(yc)
    hi = np.isin(np.array(t.countries)[m.country_of], list(rules.high_income))
    sec_of = np.array(t.sectors)[np.tile(np.arange(m.N), m.G)]
    tech = prox["tech_intensity"].isin(rules.producer_tech_levels).to_numpy()[
        np.tile(np.arange(m.N), m.G)
    ]
    serv = np.isin(sec_of, list(prox.index[prox["service_role"].fillna("") != ""]))
    hi_tech = float(va[hi & tech].sum())
    hi_serv = float(va[hi & serv].sum())
    if hi_tech + hi_serv <= _TINY * max(float(yc.sum()), 1.0):
        ratio = np.nan  # no high-income value added in the chain: no lead-firm evidence
    else:
        ratio = hi_tech / hi_serv if hi_serv > 0 else np.inf
    return {
        "capital_good_share": cap,
        "capital_good_median": cap_med,
        "lead_firm_ratio": ratio,
        "hi_tech_va_share": hi_tech / float(yc.sum()) if yc.sum() > 0 else np.nan,
        "hi_services_va_share": hi_serv / float(yc.sum()) if yc.sum() > 0 else np.nan,
    }


# --------------------------------------------------------------------------- result
@dataclass
class Classification:
    """Where a country's industry sits on the paper's two dimensions, with the numbers behind it.

    Attributes
    ----------
    region, industry, name_zh : str
    sectors : list of str
        Table sectors of the industry (``registry.sectors_for``).
    years : list of int
        Years averaged over (indicators, benchmarks and scores are means over these years).
    type : Typology or OutsideTypology
        From :func:`~gvckit.framework.typology.type_for`.
    governance : Governance
    integration : Integration
    emerging : bool or None
        None when growth cannot be measured (a single year of data).
    indicators : pandas.DataFrame
        One row per indicator: ``dimension, indicator, description, value, benchmark, score,
        cutoff, exceeds, points_to, description_zh`` (``description_zh``: the description in
        Chinese).
    paper_type : str
        The paper's type (the reference).
    agrees : bool
    explanation : str
    rules : Rules
    benchmark : str
        What indicators are compared with.
    notes : list of str
    explanation_zh : str
        The explanation in Chinese, built from the same numbers (formatted as in ``explanation``)
        with the paper's terms (采购者驱动型, 融入程度较高 ...).
    notes_zh : list of str
        ``notes`` in Chinese.
    benchmark_zh : str
        ``benchmark`` in Chinese.
    """

    region: str
    industry: str
    name_zh: str
    sectors: list[str]
    years: list[int]
    type: Typology | OutsideTypology
    governance: Governance
    integration: Integration
    emerging: bool | None
    indicators: pd.DataFrame
    paper_type: str
    agrees: bool
    explanation: str
    rules: Rules = field(repr=False, default=DEFAULT_RULES)
    benchmark: str = ""
    notes: list[str] = field(default_factory=list)
    explanation_zh: str = ""
    notes_zh: list[str] = field(default_factory=list)
    benchmark_zh: str = ""

    @property
    def type_code(self) -> str:
        """``"I"``, ``"II"``, ``"III"`` or ``"outside"``."""
        return self.type.code

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per indicator, with the classification in every row.

        Examples
        --------
        >>> from gvckit.framework.classify import classify
        >>> df = classify("wiod2013", "CHN", "textiles", years=[2005]).to_frame()
        >>> sorted(set(df.dimension))
        ['emerging', 'governance', 'integration']
        """
        df = self.indicators.copy()
        df.insert(0, "period", _period_label(self.years))
        df.insert(0, "industry", self.industry)
        df.insert(0, "region", self.region)
        df["type"] = self.type_code
        df["paper_type"] = self.paper_type
        df["agrees"] = self.agrees
        df.attrs.update(
            method="classification from data (gvckit.framework.classify)",
            benchmark=self.benchmark,
            explanation=self.explanation,
            explanation_zh=self.explanation_zh,
            references=_REFERENCES,
        )
        return df


def _period_label(years: Sequence[int]) -> str:
    ys = sorted(years)
    if len(ys) == 1:
        return str(ys[0])
    if ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}-{ys[-1]}"
    return ",".join(map(str, ys))


def _fmt(v: float) -> str:
    if v is None or np.isnan(v):
        return "nan"
    return "inf" if np.isinf(v) else f"{v:.3f}"


def _classify_one(
    series: ModelSeries, region: str, key: str, years: list[int], rules: Rules
) -> Classification:
    ind = _industry(key)
    m0 = series.model(years[0])
    sector_proxies(table_classification(m0.table))  # a clear error for an unsupported table
    secs = resolve_sectors(m0.table, ind.key)
    if region not in m0.table.countries:
        raise InputError(f"unknown region {region!r}; the table has {m0.table.countries}")
    yn = [_year_numbers(series.model(y), region, secs, rules) for y in years]
    cut = rules.percentile_cutoff if rules.benchmark == "percentile" else rules.integration_cutoff
    rows = []
    desc_zh: list[str] = []  # Chinese description of each row of ``rows``, same order
    n_high = 0
    for k, desc in INTEGRATION_INDICATORS.items():
        val = _nanmean([n.values[k][0] for n in yn])
        bench = _nanmean([n.values[k][1] for n in yn])
        score = _nanmean([n.values[k][2] for n in yn])
        ex = bool(not np.isnan(score) and score >= cut)
        n_high += ex
        rows.append(("integration", k, desc, val, bench, score, cut, ex, "high" if ex else "low"))
        desc_zh.append(INTEGRATION_INDICATORS_ZH[k])
    high = n_high >= rules.integration_min_indicators

    # emerging: first vs last year available
    ys = series.years
    emerging: bool | None
    if len(ys) >= 2:
        a = _year_numbers(series.model(ys[0]), region, secs, rules)
        b = a if ys[-1] == ys[0] else _year_numbers(series.model(ys[-1]), region, secs, rules)
        g_out = b.output_share / a.output_share - 1 if a.output_share > 0 else np.nan
        d_par = b.participation_mean - a.participation_mean
        ok1 = bool(np.isfinite(g_out) and g_out >= rules.emerging_output_share_growth)
        ok2 = bool(np.isfinite(d_par) and d_par >= rules.emerging_participation_change)
        emerging = ok1 and ok2
        span = f"{ys[0]}->{ys[-1]}"
        span_zh = f"{ys[0]}→{ys[-1]}"
        rows.append(("emerging", "output_share_growth",
                     f"relative growth of the sector's share of {region}'s gross output, {span}",
                     g_out, a.output_share, b.output_share, rules.emerging_output_share_growth,
                     ok1, "emerging" if ok1 else "not emerging"))
        desc_zh.append(f"该部门占{region}总产出份额的相对增长，{span_zh}")
        rows.append(("emerging", "participation_change",
                     f"change of the mean of the three participation ratios, {span}",
                     d_par, a.participation_mean, b.participation_mean,
                     rules.emerging_participation_change, ok2,
                     "emerging" if ok2 else "not emerging"))
        desc_zh.append(f"三项参与度比率均值的变化，{span_zh}")
    else:
        emerging = None
    integ = Integration.HIGH if high else (Integration.EMERGING if emerging else Integration.LOW)

    # governance
    prox = governance_proxies()
    tech = prox[(prox.kind == "industry") & (prox.code == ind.key)].tech_intensity
    tech_level = str(tech.iloc[0]) if len(tech) else ""
    g_prod = tech_level in rules.producer_tech_levels
    rows.append(("governance", "tech_intensity", GOVERNANCE_INDICATORS["tech_intensity"],
                 np.nan, np.nan, np.nan, np.nan, g_prod,
                 "producer-driven" if g_prod else "buyer-driven"))
    desc_zh.append(GOVERNANCE_INDICATORS_ZH["tech_intensity"] + "："
                   + TECH_LEVELS_ZH.get(tech_level, tech_level or "未知"))
    gov = [_governance_numbers(series.model(y), region, secs, rules) for y in years]
    cap = _nanmean([g["capital_good_share"] for g in gov])
    cap_med = _nanmean([g["capital_good_median"] for g in gov])
    c_prod = bool(np.isfinite(cap) and cap > 0 and cap >= rules.capital_good_cutoff * cap_med)
    rows.append(("governance", "capital_good_share", GOVERNANCE_INDICATORS["capital_good_share"],
                 cap, cap_med, cap / cap_med if cap_med else np.nan, rules.capital_good_cutoff,
                 c_prod, "producer-driven" if c_prod else "buyer-driven"))
    desc_zh.append(GOVERNANCE_INDICATORS_ZH["capital_good_share"])
    lf = _nanmean([g["lead_firm_ratio"] for g in gov])
    l_prod = bool(np.isfinite(lf) and lf >= rules.lead_firm_cutoff) or lf == np.inf
    rows.append(("governance", "lead_firm_ratio", GOVERNANCE_INDICATORS["lead_firm_ratio"],
                 lf, _nanmean([g["hi_tech_va_share"] for g in gov]),
                 _nanmean([g["hi_services_va_share"] for g in gov]),
                 rules.lead_firm_cutoff, l_prod, "producer-driven" if l_prod else "buyer-driven"))
    desc_zh.append(GOVERNANCE_INDICATORS_ZH["lead_firm_ratio"])
    n_prod = int(g_prod) + int(c_prod) + int(l_prod)
    gv = (
        Governance.PRODUCER_DRIVEN
        if n_prod >= rules.governance_min_indicators
        else Governance.BUYER_DRIVEN
    )
    typ = type_for(gv, integ)
    ind_df = pd.DataFrame(
        rows,
        columns=["dimension", "indicator", "description", "value", "benchmark", "score",
                 "cutoff", "exceeds", "points_to"],
    )
    ind_df.loc[ind_df.indicator == "tech_intensity", "description"] += f": {tech_level}"
    ind_df["description_zh"] = desc_zh
    agrees = typ.code == ind.type
    notes = []
    notes_zh = []
    shared = [s for s in _industries_frame().itertuples() if s.key != ind.key
              and set(_sectors_or_none(m0.table, s.key)) & set(secs)]
    if shared:
        notes.append(
            f"sector(s) {','.join(secs)} shared with {', '.join(s.key for s in shared)}: the "
            "integration and capital-good numbers are the same for them; only the industry-level "
            "technology intensity differs"
        )
        notes_zh.append(
            f"部门{'、'.join(secs)}与{'、'.join(s.name_zh for s in shared)}共用：它们的融入程度"
            "指标和资本品份额相同，只有行业层面的技术密集度不同"
        )
    expl = _explain(ind, secs, region, years, integ, gv, typ, ind_df, n_high, n_prod, rules,
                    emerging)
    expl_zh = _explain_zh(ind, secs, region, years, integ, gv, typ, ind_df, n_high, n_prod,
                          rules, emerging)
    return Classification(
        region=region, industry=ind.key, name_zh=ind.name_zh, sectors=secs, years=list(years),
        type=typ, governance=gv, integration=integ, emerging=emerging, indicators=ind_df,
        paper_type=ind.type, agrees=agrees, explanation=expl, rules=rules,
        benchmark=_BENCHMARKS[rules.benchmark].format(cut=cut),
        notes=notes, explanation_zh=expl_zh, notes_zh=notes_zh,
        benchmark_zh=_BENCHMARKS_ZH[rules.benchmark].format(cut=cut),
    )


def _sectors_or_none(t: ICIO, key: str) -> list[str]:
    """The table's sectors of industry ``key`` ([] when they are not all in the table)."""
    try:
        return resolve_sectors(t, key)
    except InputError:
        return []


def _explain(ind, secs, region, years, integ, gv, typ, df, n_high, n_prod, rules, emerging) -> str:
    per = _period_label(years)
    integ_rows = df[df.dimension == "integration"]
    crossed = "; ".join(
        f"{r.indicator} {_fmt(r.value)} vs benchmark {_fmt(r.benchmark)} (score {_fmt(r.score)} "
        f"{'>=' if r.exceeds else '<'} {r.cutoff:g})"
        for r in integ_rows.itertuples()
    )
    gov_rows = df[df.dimension == "governance"]
    g_parts = []
    for r in gov_rows.itertuples():
        if r.indicator == "tech_intensity":
            g_parts.append(f"technology intensity {r.description.split(': ')[-1]} -> {r.points_to}")
        elif r.indicator == "capital_good_share":
            g_parts.append(
                f"capital-good share {_fmt(r.value)} {'>=' if r.exceeds else '<'} "
                f"{_fmt(r.benchmark * r.cutoff)} (manufacturing median) -> {r.points_to}"
            )
        else:
            g_parts.append(
                f"lead-firm ratio {_fmt(r.value)} {'>=' if r.exceeds else '<'} {r.cutoff:g} "
                f"-> {r.points_to}"
            )
    g_txt = "; ".join(g_parts)
    em = df[df.dimension == "emerging"]
    e_txt = (
        "emerging not measurable (one year of data)"
        if emerging is None
        else "emerging: " + "; ".join(
            f"{r.indicator} {_fmt(r.value)} {'>=' if r.exceeds else '<'} {r.cutoff:g}"
            for r in em.itertuples()
        )
    )
    head = (
        f"{region} {ind.key} ({','.join(secs)}), {per}: type {typ.code} "
        f"({gv.name_en}, {integ.name_en} integration); paper: type {ind.type} "
        f"({ind.governance.name_en}, {ind.integration.name_en})"
    )
    why = []
    if gv is not ind.governance:
        why.append(
            f"governance {gv.name_en} (paper {ind.governance.name_en}): {n_prod} of 3 indicators "
            f"point to producer-driven (rule >= {rules.governance_min_indicators}): {g_txt}"
        )
    else:
        why.append(f"governance {gv.name_en} as in the paper ({n_prod} of 3 producer signs: {g_txt})")
    if integ is not ind.integration:
        why.append(
            f"integration {integ.name_en} (paper {ind.integration.name_en}): {n_high} of 4 "
            f"indicators at or above the benchmark (rule >= {rules.integration_min_indicators}): "
            f"{crossed}; {e_txt}"
        )
    else:
        why.append(f"integration {integ.name_en} as in the paper ({n_high} of 4 at/above: {crossed})")
    if isinstance(typ, OutsideTypology):
        why.append(typ.reason_en)
    return head + ". " + " | ".join(why)


def _op_zh(exceeds: bool) -> str:
    return "≥" if exceeds else "<"


def _type_zh(typ: Typology | OutsideTypology) -> str:
    return "不在论文的分类之内" if isinstance(typ, OutsideTypology) else f"{typ.code}类"


def _explain_zh(ind, secs, region, years, integ, gv, typ, df, n_high, n_prod, rules,
                emerging) -> str:
    """Chinese twin of :func:`_explain`: the same rows of ``df``, the same number formats.

    The head ends at the first ``。`` (``agreement_table`` splits there, as it splits the English
    explanation at the first ``". "``); the reasons are joined with ``｜``.
    """
    per = _period_label(years).replace(",", "、")
    integ_rows = df[df.dimension == "integration"]
    crossed = "；".join(
        f"{INDICATOR_SHORT_ZH[r.indicator]} {_fmt(r.value)}，基准 {_fmt(r.benchmark)}"
        f"（得分 {_fmt(r.score)} {_op_zh(r.exceeds)} {r.cutoff:g}）"
        for r in integ_rows.itertuples()
    )
    gov_rows = df[df.dimension == "governance"]
    g_parts = []
    for r in gov_rows.itertuples():
        pt = _POINTS_TO_ZH[r.points_to]
        if r.indicator == "tech_intensity":
            level = r.description.split(": ")[-1]
            level_zh = f"为{TECH_LEVELS_ZH[level]}" if level in TECH_LEVELS_ZH else "未知"
            g_parts.append(f"技术密集度{level_zh} → {pt}")
        elif r.indicator == "capital_good_share":
            g_parts.append(
                f"资本品份额 {_fmt(r.value)} {_op_zh(r.exceeds)} "
                f"{_fmt(r.benchmark * r.cutoff)}（制造业中位数）→ {pt}"
            )
        else:
            g_parts.append(
                f"领先企业指标 {_fmt(r.value)} {_op_zh(r.exceeds)} {r.cutoff:g} → {pt}"
            )
    g_txt = "；".join(g_parts)
    em = df[df.dimension == "emerging"]
    e_txt = (
        "新兴与否无法衡量（仅一年数据）"
        if emerging is None
        else "新兴产业判断：" + "；".join(
            f"{INDICATOR_SHORT_ZH[r.indicator]} {_fmt(r.value)} {_op_zh(r.exceeds)} {r.cutoff:g}"
            for r in em.itertuples()
        )
    )
    head = (
        f"{region}{ind.name_zh}（{'、'.join(secs)}），{per}：{_type_zh(typ)}"
        f"（{gv.name_zh}，{integ.name_zh}）；论文：{ind.type}类"
        f"（{ind.governance.name_zh}，{ind.integration.name_zh}）"
    )
    why = []
    if gv is not ind.governance:
        why.append(
            f"治理类型为{gv.name_zh}（论文：{ind.governance.name_zh}）：3项指标中有{n_prod}项指向"
            f"生产者驱动型（规则：≥ {rules.governance_min_indicators}）：{g_txt}"
        )
    else:
        why.append(f"治理类型为{gv.name_zh}，与论文一致（3项中有{n_prod}项指向生产者驱动型：{g_txt}）")
    if integ is not ind.integration:
        why.append(
            f"{integ.name_zh}（论文：{ind.integration.name_zh}）：4项指标中有{n_high}项达到或高于"
            f"基准（规则：≥ {rules.integration_min_indicators}）：{crossed}；{e_txt}"
        )
    else:
        why.append(f"{integ.name_zh}，与论文一致（4项中有{n_high}项达到或高于基准：{crossed}）")
    if isinstance(typ, OutsideTypology):
        why.append(to_fullwidth(typ.reason_zh))
    return head + "。" + "｜".join(why)


# --------------------------------------------------------------------------- API
def classify(
    data: ICIO | Model | str | Mapping[int, ICIO | Model] = "wiod2013",
    region: str = "CHN",
    industry: str | Sequence[str] | None = None,
    years: Iterable[int] | int | None = None,
    rules: Rules | None = None,
) -> Classification | list[Classification]:
    """Classify a country's industry (or all 11) on the paper's Table 1 dimensions from data.

    Parameters
    ----------
    data : ICIO, Model, str or dict
        A bundled dataset name (``"wiod2013"``), a table or model, or a dict year -> table.
    region : str
        Country code in the table (``"CHN"``).
    industry : str, list of str or None
        A paper industry (key or Chinese name, see :func:`gvckit.framework.registry.industry`);
        None: all 11, in the paper's order.
    years : list of int, int or None
        Years to average over (e.g. ``[2003, 2004, 2005]``, the paper's period); None: the last
        year available.
    rules : Rules, optional

    Returns
    -------
    Classification, or a list of them when ``industry`` is None or a list.

    Examples
    --------
    >>> c = classify("wiod2013", "CHN", "textiles", years=[2005])
    >>> c.paper_type, c.type_code in ("I", "II", "III", "outside")
    ('II', True)
    """
    rules = rules or DEFAULT_RULES
    series = data if isinstance(data, ModelSeries) else ModelSeries(data)
    ys = series.resolve_years(years)
    if industry is None:
        keys = list(_industries_frame().key)
    elif isinstance(industry, str):
        return _classify_one(series, region, industry, ys, rules)
    else:
        keys = list(industry)
    return [_classify_one(series, region, k, ys, rules) for k in keys]


def agreement_table(
    data: ICIO | Model | str | Mapping[int, ICIO | Model] = "wiod2013",
    region: str = "CHN",
    periods: Mapping[str, Sequence[int]] | None = None,
    rules: Rules | None = None,
) -> pd.DataFrame:
    """The data's classification of all 11 industries against the paper's, per period.

    Parameters
    ----------
    data, region, rules
        As for :func:`classify`. One model per year is built and shared by all industries.
    periods : dict label -> list of years
        Default ``{"2003-2005": [2003, 2004, 2005], "1995": [1995], "2011": [2011]}``.

    Returns
    -------
    pandas.DataFrame
        One row per industry and period: ``industry, name_zh, sectors, period, paper_type,
        data_type, agrees, paper_governance, governance, paper_integration, integration,
        n_integration_high, n_producer_signs, reason, reason_zh`` (``reason``: for a
        disagreement, which indicator crossed which cut-off, otherwise the confirming numbers;
        ``reason_zh``: the same in Chinese, with the same numbers).

    Examples
    --------
    >>> df = agreement_table("wiod2013", "CHN", {"2005": [2005]})
    >>> len(df), set(df.paper_type) == {"I", "II", "III"}
    (11, True)
    """
    rules = rules or DEFAULT_RULES
    periods = periods or {"2003-2005": [2003, 2004, 2005], "1995": [1995], "2011": [2011]}
    series = data if isinstance(data, ModelSeries) else ModelSeries(data)
    rows = []
    for label, ys in periods.items():
        for c in classify(series, region, None, list(ys), rules):
            ind = _industry(c.industry)
            df = c.indicators
            rows.append({
                "industry": c.industry,
                "name_zh": c.name_zh,
                "sectors": ",".join(c.sectors),
                "period": label,
                "paper_type": c.paper_type,
                "data_type": c.type_code,
                "agrees": c.agrees,
                "paper_governance": ind.governance.name_en,
                "governance": c.governance.name_en,
                "paper_integration": ind.integration.name_en,
                "integration": c.integration.name_en,
                "n_integration_high": int(df[df.dimension == "integration"].exceeds.sum()),
                "n_producer_signs": int(df[df.dimension == "governance"].exceeds.sum()),
                "reason": c.explanation.split(". ", 1)[1] + (
                    " | " + "; ".join(c.notes) if c.notes else ""),
                "reason_zh": c.explanation_zh.split("。", 1)[1] + (
                    "｜" + "；".join(c.notes_zh) if c.notes_zh else ""),
            })
    out = pd.DataFrame(rows)
    out.attrs.update(
        method="agreement of the data's classification with the paper's Table 1",
        region=region,
        rules=rules.to_frame().to_dict("records"),
        references=_REFERENCES,
    )
    return out
