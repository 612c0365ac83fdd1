"""Rule sets and sector data for classifying and diagnosing from input-output tables.

The paper gives no thresholds (``docs/framework.md`` §7): "low" and "high" integration are
qualitative, and it has no way to tell at which Figure 1 point (A-E) a cluster stands. Everything
gvckit adds to turn input-output numbers into the paper's labels is a named rule set, a frozen
:class:`Rules` read from TOML data (``rulesets/paper.toml``, ``rulesets/gereffi.toml`` or a user's
file; see :mod:`gvckit.framework.ruleset`). The cut-offs were fixed from the reasoning given per
field, not tuned to reproduce Table 1; misses are reported with their numbers.

Sector-level data are in ``data/governance_proxies.csv``, one block per classification the
framework reads (``wiod2013``, ``adb35``, ``wiod2016``, ``oecd2021``, ``oecd2023``; names of
:mod:`gvckit.concordance`) plus one block for the paper's industries: the OECD technology intensity
(ISIC Rev.3: Hatzichronoglou 1997; ISIC Rev.4: Galindo-Rueda & Verger 2016, mapped to the same
four levels), the manufacturing flag and the service roles. ``data/relatedness.csv`` is the
documented map of related sectors *in the same chain* that inter-chain upgrading may be read
from (gvckit's judgement, never the paper's: its only inter-chain example, Taiwan's television
makers moving into computer monitors, happens inside one WIOD sector).

References
----------
Hatzichronoglou, T. (1997), "Revision of the High-Technology Sector and Product Classification",
    OECD STI Working Papers 1997/2.
Galindo-Rueda, F. and Verger, F. (2016), "OECD Taxonomy of Economic Activities Based on R&D
    Intensity", OECD STI Working Papers 2016/04 (its "medium" group read as medium-low, its
    "medium-low" manufacturing as low).
Gereffi, G. (1999), "International trade and industrial upgrading in the apparel commodity
    chain", Journal of International Economics 48(1): 37-70.

Examples
--------
>>> from gvckit.framework.rules import Rules
>>> r = Rules()
>>> r.name, r.benchmark, r.producer_tech_levels
('paper', 'region_manufacturing', ('high',))
>>> Rules(integration_cutoff=1.2).integration_cutoff
1.2
>>> "integration_cutoff" in set(r.to_frame().rule)
True
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field, fields
from importlib import resources

import pandas as pd

__all__ = [
    "Rules",
    "DEFAULT_RULES",
    "governance_proxies",
    "sector_proxies",
    "related_sectors",
    "relatedness",
    "TECH_LEVELS",
    "INTEGRATION_INDICATORS",
    "POSITION_INDICATORS",
    "GOVERNANCE_INDICATORS",
    "BENCHMARKS",
    "EVIDENCE_INDICATORS",
    "PROXY_CLASSIFICATIONS",
]

#: OECD technology-intensity levels, low to high.
TECH_LEVELS: tuple[str, ...] = ("low", "medium-low", "medium-high", "high")

#: Classifications with a block in ``governance_proxies.csv`` (:mod:`gvckit.concordance` names).
PROXY_CLASSIFICATIONS: tuple[str, ...] = ("wiod2013", "adb35", "wiod2016", "oecd2021", "oecd2023")

# High-income economies of WIOD 2013 by the World Bank's FY2006 classification (GNI per capita
# 2004, the middle of the paper's period 2003-2005). CZE, EST, HUN, LTU, LVA, POL, SVK joined
# later (2006-2012) and are left out; TWN is high income. RoW is a mixture and is left out.
_HIGH_INCOME_2005 = (
    "AUS", "AUT", "BEL", "CAN", "CYP", "DEU", "DNK", "ESP", "FIN", "FRA", "GBR", "GRC", "IRL",
    "ITA", "JPN", "KOR", "LUX", "MLT", "NLD", "PRT", "SVN", "SWE", "TWN", "USA",
)  # fmt: skip


#: Integration indicators a rule set may vote with (how *much* an industry takes part).
INTEGRATION_INDICATORS: tuple[str, ...] = ("export_orientation", "vax_ratio", "foreign_va_share")
#: Position indicators (how an industry takes part): shown, never voting.
POSITION_INDICATORS: tuple[str, ...] = (
    "wwyz_forward", "wwyz_backward", "bm_gvc_share", "upstreamness",
)
#: Governance indicators a rule set may vote with.
GOVERNANCE_INDICATORS: tuple[str, ...] = (
    "tech_intensity", "capital_good_share", "labour_intensity",
)
#: Benchmarks an indicator may be compared with.
BENCHMARKS: tuple[str, ...] = ("region_manufacturing", "world_percentile")
#: Evidence indicators of an upgrading-evidence file, with the upgrading they evidence and the
#: direction that counts (+1 a rise, -1 a fall) (see :mod:`gvckit.framework.evidence`).
EVIDENCE_INDICATORS: dict[str, tuple[str, int]] = {
    "export_unit_value": ("product", 1),
    "export_quality": ("product", 1),
    "new_product_share": ("product", 1),
    "rd_intensity": ("product", 1),
    "own_design_share": ("product", 1),
    "own_brand_share": ("functional", 1),
    "processing_trade_share": ("functional", -1),
    "labour_productivity_constant_prices": ("process", 1),
    "tfp": ("process", 1),
}


@dataclass(frozen=True)
class Rules:
    """A named rule set: how input-output indicators become the paper's labels.

    Rule sets are data: ``gvckit/framework/rulesets/<name>.toml`` (``paper``, ``gereffi``) or a
    user's TOML file with the same schema, read by :func:`gvckit.framework.ruleset.load_rules`
    (which validates every key and raises :class:`gvckit.errors.RuleError` naming the file and
    the key). ``Rules(...)`` with keyword arguments is the same object built in code. The paper
    gives no thresholds (``docs/framework.md`` §7); every number here is gvckit's, documented in
    ``docs/classification_and_diagnosis.md``, and none was tuned to reproduce Table 1.

    Attributes
    ----------
    name : str
        The rule set's name (``"paper"``, ``"gereffi"`` or the file's stem).
    source : str
        Where it was read from (``"built-in"`` or a path).
    governance_indicators : tuple of str
        Voting governance indicators, of :data:`GOVERNANCE_INDICATORS`.
    producer_tech_levels : tuple of str
        OECD technology levels read as producer-driven (``paper``: ``("high",)``: the paper puts
        only the high-technology industry in a producer-driven chain).
    capital_good_cutoff : float
        End use: producer-driven evidence when the capital-good share of the sector's final
        goods over the region's manufacturing is at least this.
    labour_intensity_cutoff : float
        Labour compensation / value added over the region's manufacturing *below* this points
        to producer-driven (labour-intensive chains are buyer-driven); only where the table
        has labour compensation.
    lead_firm_cutoff : float
        The lead-firm ratio is shown against this, never voting.
    governance_min_votes : int
        Producer-driven when at least this many available voting indicators point to it.
    high_income : tuple of str
        High-income economies for the lead-firm proxy (World Bank FY2006, WIOD codes).
    integration_indicators : tuple of str
        Voting integration indicators, of :data:`INTEGRATION_INDICATORS`.
    benchmark : {"region_manufacturing", "world_percentile"}
        What the indicators are compared with: the region's manufacturing pooled, or the
        economy at ``percentile_cutoff`` of the table's economies for the same sector.
    integration_cutoff : float
        Cut-off on value / benchmark.
    percentile_cutoff : float
        The percentile of the world benchmark (0.5: the median economy).
    integration_min_votes : int
        High integration when at least this many voting indicators reach the cut-off.
    emerging_growth_min : float
        Emerging when the sector's share of the region's output grew by at least this much a
        year (log growth), measured from ``emerging_lookback`` years before the classification
        year (or the first year of data) up to it, never later.
    emerging_lookback : int
        Years looked back for emergence.
    emerging_overrides : bool
        Whether a producer-driven emerging industry is "emerging" (type III) whatever its export
        level: Table 1 defines type III by emergence ("属于新兴产业").
    embed_indicators : tuple of str
        Indicators that decide A against B (embedded): at A when every one is below
        ``embed_cutoff`` times the region's manufacturing.
    embed_cutoff : float
    interchain_nrca_min, interchain_nrca_change_min : float
        A related sector of the same chain (``data/relatedness.csv``) whose value-added NRCA ends
        at or above ``interchain_nrca_min`` after rising by ``interchain_nrca_change_min``.
    evidence_change_min : dict
        Evidence indicator -> the change (end minus start, in the indicator's direction) that
        counts as upgrading; relative change for ``export_unit_value`` and ``export_quality``.
    window_shift : int
        Sensitivity: windows shifted by up to this many years (where the data have them).
    variant_benchmarks : tuple of str
        Sensitivity: the benchmarks every label is recomputed with.
    compare_with : str
        Sensitivity: the other rule set every label is recomputed with ("" for none).
    """

    name: str = "paper"
    source: str = "built-in"
    # governance
    governance_indicators: tuple[str, ...] = ("tech_intensity",)
    producer_tech_levels: tuple[str, ...] = ("high",)
    capital_good_cutoff: float = 1.0
    labour_intensity_cutoff: float = 1.0
    lead_firm_cutoff: float = 1.0
    governance_min_votes: int = 1
    high_income: tuple[str, ...] = _HIGH_INCOME_2005
    # integration
    integration_indicators: tuple[str, ...] = ("export_orientation",)
    benchmark: str = "region_manufacturing"
    integration_cutoff: float = 1.0
    percentile_cutoff: float = 0.5
    integration_min_votes: int = 1
    emerging_growth_min: float = 0.014
    emerging_lookback: int = 10
    emerging_overrides: bool = True
    # diagnosis
    embed_indicators: tuple[str, ...] = ("export_orientation", "foreign_va_share")
    embed_cutoff: float = 1.0
    interchain_nrca_min: float = 1.0
    interchain_nrca_change_min: float = 0.1
    evidence_change_min: dict[str, float] = field(default_factory=lambda: {
        "export_unit_value": 0.10, "export_quality": 0.05, "new_product_share": 0.02,
        "rd_intensity": 0.002, "own_design_share": 0.05, "own_brand_share": 0.05,
        "processing_trade_share": 0.05, "labour_productivity_constant_prices": 0.10,
        "tfp": 0.05,
    })
    # confidence
    window_shift: int = 2
    variant_benchmarks: tuple[str, ...] = BENCHMARKS
    compare_with: str = "gereffi"

    def __post_init__(self) -> None:
        from gvckit.errors import RuleError

        def bad(key: str, msg: str) -> RuleError:
            return RuleError(f"rule set {self.name!r} ({self.source}): {key}: {msg}")

        if self.benchmark not in BENCHMARKS:
            raise bad("integration.benchmark", f"{self.benchmark!r} is not one of {list(BENCHMARKS)}")
        for key, vals, valid in (
            ("governance.indicators", self.governance_indicators, GOVERNANCE_INDICATORS),
            ("governance.producer_tech_levels", self.producer_tech_levels, TECH_LEVELS),
            ("integration.indicators", self.integration_indicators, INTEGRATION_INDICATORS),
            ("diagnosis.embed_indicators", self.embed_indicators, INTEGRATION_INDICATORS),
            ("confidence.benchmarks", self.variant_benchmarks, BENCHMARKS),
        ):
            if not vals:
                raise bad(key, "must not be empty")
            unknown = [v for v in vals if v not in valid]
            if unknown:
                raise bad(key, f"unknown {unknown}; valid: {', '.join(valid)}")
        if not 1 <= self.governance_min_votes <= len(self.governance_indicators):
            raise bad("governance.min_votes",
                      f"{self.governance_min_votes} must be between 1 and the number of indicators")
        if not 1 <= self.integration_min_votes <= len(self.integration_indicators):
            raise bad("integration.min_votes",
                      f"{self.integration_min_votes} must be between 1 and the number of indicators")
        if not 0 < self.percentile_cutoff < 1:
            raise bad("integration.percentile_cutoff", "must be in (0, 1)")
        if self.window_shift < 0 or self.emerging_lookback < 1:
            raise bad("confidence.window_shift", "window_shift >= 0 and emerging_lookback >= 1")
        unknown = set(self.evidence_change_min) - set(EVIDENCE_INDICATORS)
        if unknown:
            raise bad("diagnosis.evidence",
                      f"unknown {sorted(unknown)}; valid: {', '.join(EVIDENCE_INDICATORS)}")

    def __hash__(self) -> int:  # dict field: hash by the printed rules
        return hash(tuple(map(str, self.to_frame().value)))

    def with_benchmark(self, benchmark: str) -> Rules:
        """The same rules compared with another benchmark (a sensitivity variant)."""
        from dataclasses import replace

        return replace(self, benchmark=benchmark)

    def to_frame(self) -> pd.DataFrame:
        """The rules as a tidy table: ``rule, value, dimension``.

        Examples
        --------
        >>> Rules().to_frame().set_index("rule").loc["benchmark", "value"]
        'region_manufacturing'
        """
        dims = {f.name: "diagnosis" for f in fields(self)}
        for k in ("governance_indicators", "producer_tech_levels", "capital_good_cutoff",
                  "labour_intensity_cutoff", "lead_firm_cutoff", "governance_min_votes",
                  "high_income"):
            dims[k] = "governance"
        for k in ("integration_indicators", "benchmark", "integration_cutoff", "percentile_cutoff",
                  "integration_min_votes", "emerging_growth_min", "emerging_lookback",
                  "emerging_overrides"):
            dims[k] = "integration"
        for k in ("window_shift", "variant_benchmarks", "compare_with"):
            dims[k] = "confidence"
        dims["name"] = dims["source"] = "rule set"
        rows = []
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, dict):
                v = "; ".join(f"{k}: {x:g}" for k, x in v.items())
            elif isinstance(v, tuple):
                v = ",".join(v)
            rows.append({"rule": f.name, "value": v, "dimension": dims[f.name]})
        df = pd.DataFrame(rows)
        df.attrs["source"] = f"gvckit rule set {self.name!r} ({self.source}); the paper gives no thresholds"
        return df


@functools.cache
def _proxies() -> pd.DataFrame:
    path = resources.files("gvckit.framework").joinpath("data").joinpath("governance_proxies.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return pd.DataFrame(rows)


def governance_proxies() -> pd.DataFrame:
    """Sector-level governance data: OECD technology intensity, service roles, related sectors.

    Returns
    -------
    pandas.DataFrame
        One row per sector of each classification block and per paper industry. Columns ``kind``
        (the classification: ``"wiod2013"``, ``"adb35"``, ``"wiod2016"``, ``"oecd2021"``,
        ``"oecd2023"``; or ``"industry"`` for the paper's 11 industries), ``code``, ``name``,
        ``isic_rev3`` / ``isic_rev4`` (divisions covered), ``tech_intensity`` (high / medium-high
        / medium-low / low; empty for non-manufacturing), ``manufacturing`` (``"yes"`` or
        ``""``), ``service_role`` (``distribution`` / ``design_marketing`` / ``""``: the services
        counted for functional upgrading and for the buyer-driven lead-firm proxy), ``related``
        (``;``-joined related, more technology-intensive sectors for inter-chain upgrading),
        ``note`` (every judgement) and ``source``.

    Examples
    --------
    >>> p = governance_proxies().set_index(["kind", "code"])
    >>> p.loc[("wiod2013", "17t18"), "tech_intensity"], p.loc[("industry", "electronics_communication"), "tech_intensity"]
    ('low', 'high')
    >>> p.loc[("oecd2021", "D26"), "tech_intensity"], p.loc[("wiod2016", "G46"), "service_role"]
    ('high', 'distribution')
    """
    return _proxies().copy()


def _check_classification(classification: str) -> str:
    key = str(classification).strip().lower().replace("-", "_")
    key = {"isic4_oecd": "oecd2021", "oecd": "oecd2021", "adb": "adb35", "isic3": "wiod2013"}.get(
        key, key
    )
    if key not in PROXY_CLASSIFICATIONS:
        from gvckit.errors import InputError

        raise InputError(
            f"no governance proxies for classification {classification!r}; the framework has "
            f"them for {list(PROXY_CLASSIFICATIONS)} (relabel the table's sectors to one of "
            "these with gvckit.concordance)"
        )
    return key


@functools.cache
def _block(classification: str) -> pd.DataFrame:
    p = _proxies()
    b = p[p.kind == classification].set_index("code")
    out = pd.DataFrame({
        "name": b["name"],
        "tech_intensity": b["tech_intensity"],
        "manufacturing": b["manufacturing"] == "yes",
        "service_role": b["service_role"],
        "related": [tuple(r.split(";")) if r else () for r in b["related"]],
    }, index=b.index)
    return out


def _related_from_csv(classification: str) -> dict[str, tuple[str, ...]]:
    b = _block(classification)
    return {k: r for k, r in zip(b.index, b["related"], strict=True) if r}


def sector_proxies(classification: str) -> pd.DataFrame:
    """One classification's block of :func:`governance_proxies`, indexed by sector code.

    Parameters
    ----------
    classification : {"wiod2013", "adb35", "wiod2016", "oecd2021", "oecd2023"}
        ``"isic4_oecd"``/``"oecd"`` are read as ``"oecd2021"``, ``"adb"`` as ``"adb35"``.

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``name``, ``tech_intensity`` (``""`` outside manufacturing),
        ``manufacturing`` (bool), ``service_role`` and ``related`` (tuple of codes, the CSV's
        map; :func:`related_sectors` gives the one in force under a :class:`Rules`).

    Raises
    ------
    gvckit.errors.InputError
        For a classification without proxies (e.g. ``"nbs42"``), naming the supported ones.

    Examples
    --------
    >>> p = sector_proxies("wiod2016")
    >>> p.loc["C26", "tech_intensity"], bool(p.loc["C26", "manufacturing"]), p.loc["M73", "service_role"]
    ('high', True, 'design_marketing')
    """
    return _block(_check_classification(classification)).copy()


@functools.cache
def _relatedness() -> pd.DataFrame:
    path = resources.files("gvckit.framework").joinpath("data").joinpath("relatedness.csv")
    return pd.DataFrame(list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))))


def relatedness() -> pd.DataFrame:
    """The documented relatedness map: sectors in the same chain a cluster could move into.

    ``data/relatedness.csv``: ``classification, sector, related, chain, basis, source``. Each row
    is gvckit's judgement (an input-output link or shared capabilities in one chain), never the
    paper's: the paper's only inter-chain example, Taiwan's television makers moving into computer
    monitors, happens inside one WIOD sector (30t33) and cannot be seen in these tables.

    Examples
    --------
    >>> r = relatedness()
    >>> sorted(r[r.sector == "17t18"].related)
    ['19', '24']
    """
    return _relatedness().copy()


def related_sectors(classification: str, rules: Rules | None = None) -> dict[str, tuple[str, ...]]:
    """The inter-chain map in force for a classification: sector -> related sectors of its chain.

    From :func:`relatedness` for WIOD 2013 (and, relabelled one-to-one through the concordance
    ``wiod2013 -> adb35``, for ADB 35 tables); for the ISIC Rev.4 classifications from the
    ``related`` column of ``governance_proxies.csv``.

    Examples
    --------
    >>> related_sectors("wiod2013")["24"]
    ('25', '17t18')
    >>> related_sectors("adb35")["c4"]
    ('c5', 'c9')
    """
    return dict(_related_sectors(_check_classification(classification)))


@functools.lru_cache(maxsize=16)
def _related_sectors(cls: str) -> dict[str, tuple[str, ...]]:
    """:func:`related_sectors` of a checked classification name, built once (callers get a
    copy): a report diagnoses every industry against the same map."""
    if cls in ("wiod2013", "adb35"):
        r = _relatedness()
        r = r[r.classification == "wiod2013"]
        out: dict[str, tuple[str, ...]] = {}
        for s, g in r.groupby("sector", sort=False):
            out[str(s)] = tuple(g.related)
        if cls == "wiod2013":
            return out
        from gvckit.concordance import concordance

        c = concordance("wiod2013", "adb35")
        to = dict(zip(c["from"], c["to"], strict=True))
        return {to.get(k, k): tuple(to.get(x, x) for x in v) for k, v in out.items()}
    return _related_from_csv(cls)


#: The default rules (the CSV is read when the module loads).
DEFAULT_RULES = Rules()
