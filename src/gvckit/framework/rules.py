"""Cut-offs, benchmarks and governance proxies for classifying and diagnosing from data.

The paper gives no thresholds (``docs/framework.md`` §7): "low" and "high" integration are
qualitative, and it has no way to tell at which Figure 1 point (A-E) a cluster stands. Everything
gvckit adds to turn input-output numbers into the paper's labels is held here, as data, in one
frozen dataclass :class:`Rules` whose defaults are documented field by field and printed by
:meth:`Rules.to_frame`. Change a rule with :func:`dataclasses.replace` (or ``Rules(field=...)``);
every result records the rules it used.

The defaults were fixed *before* looking at how they classify the paper's industries, from the
reasoning given per field; they were not tuned to reproduce Table 1.

Sector-level data are in ``data/governance_proxies.csv``, one block per classification the
framework reads (``wiod2013``, ``adb35``, ``wiod2016``, ``oecd2021``, ``oecd2023``; names of
:mod:`gvckit.concordance`) plus one block for the paper's industries: the OECD technology intensity
of each manufacturing sector (ISIC Rev.3: Hatzichronoglou 1997; ISIC Rev.4: Galindo-Rueda & Verger
2016, mapped to the same four levels), the manufacturing flag, the distribution and
design/marketing service roles, and the related, more technology-intensive sectors a cluster could
move into (inter-chain upgrading). :func:`governance_proxies` returns the whole file,
:func:`sector_proxies` one classification's block and :func:`related_sectors` the inter-chain map
in force for a classification under a :class:`Rules`.

References
----------
Hatzichronoglou, T. (1997), "Revision of the High-Technology Sector and Product Classification",
    OECD STI Working Papers 1997/2 (ISIC Rev.2/Rev.3 manufacturing: high, medium-high,
    medium-low, low technology).
Galindo-Rueda, F. and Verger, F. (2016), "OECD Taxonomy of Economic Activities Based on R&D
    Intensity", OECD STI Working Papers 2016/04 (ISIC Rev.4; five groups high, medium-high,
    medium, medium-low, low, read here as high, medium-high, medium-low, low, low: its "medium"
    group (rubber and plastics, non-metallic minerals, basic metals, ships, other manufacturing,
    repair) is Hatzichronoglou's medium-low, its "medium-low" manufacturing (food, textiles,
    apparel, leather, wood, paper, printing, furniture, coke, fabricated metals) his low).
Gereffi, G. (1999), "International trade and industrial upgrading in the apparel commodity
    chain", Journal of International Economics 48(1): 37-70 (producer- vs buyer-driven chains).

Examples
--------
>>> from gvckit.framework.rules import Rules
>>> r = Rules()
>>> r.integration_min_indicators, r.benchmark
(2, 'world_ratio')
>>> Rules(integration_cutoff=1.2).integration_cutoff
1.2
>>> "integration_cutoff" in set(r.to_frame().rule)
True
>>> related_sectors("oecd2021")["D13T15"]
('D20', 'D22', 'D28')
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
    "TECH_LEVELS",
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


@dataclass(frozen=True)
class Rules:
    """Documented, configurable rules that map input-output indicators to the paper's labels.

    Integration (Table 1, second dimension)
    ---------------------------------------
    benchmark : {"world_ratio", "percentile", "region_manufacturing"}
        What an indicator of the region's sector is compared with. ``"world_ratio"``: the same
        indicator for the same sector of all *other* economies of the table pooled (sum of the
        numerators over sum of the denominators, i.e. the denominator-weighted mean), the
        indicator is divided by it (1 = world level). ``"percentile"``: the region's percentile
        rank (0-1) among all economies of the table for that sector (unweighted).
        ``"region_manufacturing"``: the same indicator for the region's own manufacturing
        sectors pooled (the paper's Table 1 contrasts Zhejiang's industries with each other:
        type II industries are the export-processing ones *of the region*).
    integration_cutoff : float
        With ``"world_ratio"``: an indicator "exceeds" its benchmark when ratio >= this (1.0: at
        or above the rest of the world). With ``"percentile"``: use ``percentile_cutoff``.
    percentile_cutoff : float
        0.5: at or above the median economy.
    integration_min_indicators : int
        Integration is "high" when at least this many of the four indicators (WWYZ forward and
        backward participation, BM GVC share of exports, export orientation = exports/output)
        exceed their benchmark: 2 of 4, i.e. at least half the evidence.

    Emerging industry (type III)
    ----------------------------
    emerging_output_share_growth : float
        Relative growth of the sector's share in the region's gross output between the first and
        last year available; 0.25 (+25 %, about 1.4 % a year over 1995-2011).
    emerging_participation_change : float
        Change (end minus start) of the mean of the three participation ratios; 0.0 (not falling).
        Integration is "emerging" when it is not "high" and both growth rules hold.

    Governance (Table 1, first dimension; Gereffi 1999)
    ---------------------------------------------------
    producer_tech_levels : tuple of str
        OECD technology levels counted as producer-driven evidence: ("high", "medium-high").
    capital_good_cutoff : float
        Producer-driven evidence when the share of the sector's final goods that goes to gross
        fixed capital formation is at or above the median share of the manufacturing sectors of
        the same table times this factor (1.0: above the typical manufacturing sector).
    lead_firm_cutoff : float
        Producer-driven evidence when, of the chain's value added captured by high-income
        economies, the share generated in technology-intensive manufacturing (upstream R&D and
        component stages: sectors of ``producer_tech_levels``) exceeds the share generated in
        distribution, marketing and business services by at least this factor (1.0).
    governance_min_indicators : int
        Producer-driven when at least 2 of the 3 governance indicators point that way, otherwise
        buyer-driven.
    high_income : tuple of str
        High-income economies (World Bank FY2006 list, WIOD codes).

    Diagnosis (Figure 1 points A-E)
    -------------------------------
    embed_foreign_content_min : float
        GVC-embedded (point B or beyond) when the foreign content share of the sector's gross
        exports is at least 0.10 ...
    embed_export_orientation_min : float
        ... or its export orientation (exports/output) is at least 0.20.
    product_dva_change_min : float
        Product upgrading observed when the domestic value-added share of the sector's exports
        rises by at least 0.02 (2 percentage points) over the span.
    process_input_coef_change_max : float
        Process-upgrading proxy: the total intermediate-input coefficient 1'A of the sector falls
        by at least 0.01 (input-coefficient efficiency; the only process trace in an IO table).
    functional_services_change_min : float
        Functional upgrading observed when the share of domestic design, R&D, marketing and
        distribution services value added in the sector's exports rises by at least 0.01.
    position_change_min : float
        A move in production-line position is reported when upstreamness changes by at least 0.1.
    interchain_nrca_min : float
        Inter-chain upgrading observed when a related, more technology-intensive sector's
        value-added NRCA ends at or above 1.0 ...
    interchain_nrca_change_min : float
        ... having risen by at least 0.1 over the span.
    related_sectors : dict
        WIOD 2013 sector -> sectors a cluster of it could move into (inter-chain moves named by the
        paper and the task: textiles -> chemicals/machinery, electrical -> electronics ...); the
        default is the ``related`` column of the ``wiod2013`` block of ``governance_proxies.csv``.
        Used for WIOD 2013 tables and, relabelled one-to-one (``c1``-``c35``), for ADB 35 tables.
    related_sectors_by_classification : dict
        Classification -> {sector -> related sectors}, overriding for that classification the
        ``related`` column of ``governance_proxies.csv`` (and, for ``wiod2013``/``adb35``,
        ``related_sectors``). Default empty: the ISIC Rev.4 maps of the CSV (``wiod2016``,
        ``oecd2021``, ``oecd2023``), carried over from the WIOD 2013 map (see
        :func:`related_sectors`).
    confidence_margin : float
        A rule's margin is "clear" when the indicator is beyond the cut-off by at least 25 % of
        the cut-off (or of 0.01 for change rules). Confidence: high = every rule for the point is
        clear; medium = rules hold but one is marginal; low = indicators conflict or a rule rests
        on a proxy only.
    """

    # integration
    benchmark: str = "world_ratio"
    integration_cutoff: float = 1.0
    percentile_cutoff: float = 0.5
    integration_min_indicators: int = 2
    # emerging
    emerging_output_share_growth: float = 0.25
    emerging_participation_change: float = 0.0
    # governance
    producer_tech_levels: tuple[str, ...] = ("high", "medium-high")
    capital_good_cutoff: float = 1.0
    lead_firm_cutoff: float = 1.0
    governance_min_indicators: int = 2
    high_income: tuple[str, ...] = _HIGH_INCOME_2005
    # diagnosis
    embed_foreign_content_min: float = 0.10
    embed_export_orientation_min: float = 0.20
    product_dva_change_min: float = 0.02
    process_input_coef_change_max: float = -0.01
    functional_services_change_min: float = 0.01
    position_change_min: float = 0.1
    interchain_nrca_min: float = 1.0
    interchain_nrca_change_min: float = 0.1
    related_sectors: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(_related_from_csv("wiod2013"))
    )
    related_sectors_by_classification: dict[str, dict[str, tuple[str, ...]]] = field(
        default_factory=dict
    )
    confidence_margin: float = 0.25

    def __post_init__(self) -> None:
        if self.benchmark not in ("world_ratio", "percentile", "region_manufacturing"):
            raise ValueError(
                "benchmark must be 'world_ratio', 'percentile' or 'region_manufacturing', "
                f"got {self.benchmark!r}"
            )
        for name in ("integration_min_indicators", "governance_min_indicators"):
            v = getattr(self, name)
            if not 1 <= v <= (4 if name.startswith("integration") else 3):
                raise ValueError(f"{name} out of range: {v}")
        bad = set(self.producer_tech_levels) - set(TECH_LEVELS)
        if bad:
            raise ValueError(f"unknown technology levels {sorted(bad)}; valid: {TECH_LEVELS}")
        bad = set(self.related_sectors_by_classification) - set(PROXY_CLASSIFICATIONS)
        if bad:
            raise ValueError(
                f"related_sectors_by_classification: unknown classifications {sorted(bad)}; "
                f"valid: {PROXY_CLASSIFICATIONS}"
            )

    def __hash__(self) -> int:  # dict field: hash by the printed rules
        return hash(tuple(map(str, self.to_frame().value)))

    def to_frame(self) -> pd.DataFrame:
        """The rules as a tidy table: ``rule, value, dimension``.

        Examples
        --------
        >>> Rules().to_frame().set_index("rule").loc["benchmark", "value"]
        'world_ratio'
        """
        dims = {
            "benchmark": "integration",
            "integration_cutoff": "integration",
            "percentile_cutoff": "integration",
            "integration_min_indicators": "integration",
            "emerging_output_share_growth": "integration (emerging)",
            "emerging_participation_change": "integration (emerging)",
        }
        rows = []
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, dict):
                v = "; ".join(
                    f"{k}: " + " ".join(f"{a}->{','.join(b)}" for a, b in s.items())
                    if isinstance(s, dict)
                    else f"{k}->{','.join(s)}"
                    for k, s in v.items()
                )
            elif isinstance(v, tuple):
                v = ",".join(v)
            dim = dims.get(f.name)
            if dim is None:
                dim = (
                    "governance"
                    if f.name in {"producer_tech_levels", "capital_good_cutoff", "lead_firm_cutoff",
                                  "governance_min_indicators", "high_income"}
                    else "diagnosis"
                )
            rows.append({"rule": f.name, "value": v, "dimension": dim})
        df = pd.DataFrame(rows)
        df.attrs["source"] = "gvckit.framework.rules (the paper gives no thresholds)"
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


def related_sectors(classification: str, rules: Rules | None = None) -> dict[str, tuple[str, ...]]:
    """The inter-chain map (sector -> related, more technology-intensive sectors) in force.

    ``rules.related_sectors_by_classification[classification]`` when given; otherwise, for
    ``wiod2013``, ``rules.related_sectors``; for ``adb35``, ``rules.related_sectors`` relabelled
    one-to-one through the concordance ``adb35__wiod2013`` (so a WIOD 2013 rule applies unchanged to
    ADB tables); for the ISIC Rev.4 classifications, the ``related`` column of
    ``governance_proxies.csv`` (derived from the WIOD 2013 map through the main ISIC Rev.4
    division of each WIOD 2013 code, judgements in the ``note`` column).

    Examples
    --------
    >>> related_sectors("adb35")["c4"], related_sectors("wiod2016")["C27"]
    (('c9', 'c13'), ('C26', 'C29', 'C30'))
    """
    cls = _check_classification(classification)
    rules = rules or DEFAULT_RULES
    if cls in rules.related_sectors_by_classification:
        return {k: tuple(v) for k, v in rules.related_sectors_by_classification[cls].items()}
    if cls == "wiod2013":
        return {k: tuple(v) for k, v in rules.related_sectors.items()}
    if cls == "adb35":
        from gvckit.concordance import concordance

        c = concordance("wiod2013", "adb35")
        to = dict(zip(c["from"], c["to"], strict=True))
        return {
            to.get(k, k): tuple(to.get(r, r) for r in v) for k, v in rules.related_sectors.items()
        }
    return _related_from_csv(cls)


#: The default rules (the CSV is read when the module loads).
DEFAULT_RULES = Rules()
