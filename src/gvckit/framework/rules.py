"""Cut-offs, benchmarks and governance proxies for classifying and diagnosing from data.

The paper gives no thresholds (``docs/framework.md`` §7): "low" and "high" integration are
qualitative, and it has no way to tell at which Figure 1 point (A-E) a cluster stands. Everything
gvckit adds to turn input-output numbers into the paper's labels is held here, as data, in one
frozen dataclass :class:`Rules` whose defaults are documented field by field and printed by
:meth:`Rules.to_frame`. Change a rule with :func:`dataclasses.replace` (or ``Rules(field=...)``);
every result records the rules it used.

The defaults were fixed *before* looking at how they classify the paper's industries, from the
reasoning given per field; they were not tuned to reproduce Table 1.

Sector-level data (OECD technology intensity of each WIOD 2013 sector and of each of the paper's
industries, the distribution/design/marketing services set, high-income countries) are in
``data/governance_proxies.csv`` and read by :func:`governance_proxies`.

References
----------
Hatzichronoglou, T. (1997), "Revision of the High-Technology Sector and Product Classification",
    OECD STI Working Papers 1997/2 (ISIC Rev.2/Rev.3 manufacturing: high, medium-high,
    medium-low, low technology).
Galindo-Rueda, F. and Verger, F. (2016), "OECD Taxonomy of Economic Activities Based on R&D
    Intensity", OECD STI Working Papers 2016/04 (ISIC Rev.4; same four-level manufacturing ranking
    at the divisions used here, plus services).
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
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field, fields
from importlib import resources

import pandas as pd

__all__ = ["Rules", "DEFAULT_RULES", "governance_proxies", "TECH_LEVELS"]

#: OECD technology-intensity levels, low to high.
TECH_LEVELS: tuple[str, ...] = ("low", "medium-low", "medium-high", "high")

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
        paper and the task: textiles -> chemicals/machinery, electrical -> electronics ...).
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
        default_factory=lambda: {
            "17t18": ("24", "29"),
            "19": ("24", "25", "29"),
            "24": ("30t33",),
            "25": ("24", "30t33"),
            "27t28": ("29", "30t33", "34t35"),
            "29": ("30t33", "34t35"),
            "30t33": ("34t35",),
            "34t35": ("30t33",),
        }
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
                v = "; ".join(f"{k}->{','.join(s)}" for k, s in v.items())
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


DEFAULT_RULES = Rules()


@functools.cache
def _proxies() -> pd.DataFrame:
    path = resources.files("gvckit.framework").joinpath("data").joinpath("governance_proxies.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return pd.DataFrame(rows)


def governance_proxies() -> pd.DataFrame:
    """Sector-level governance data: OECD technology intensity and service roles.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind`` (``"wiod2013"`` sector or paper ``"industry"``), ``code``, ``name``,
        ``isic_rev3``, ``tech_intensity`` (high / medium-high / medium-low / low; empty for
        non-manufacturing), ``service_role`` (``distribution`` / ``design_marketing`` / ``""``:
        the services counted for functional upgrading and for the buyer-driven lead-firm proxy)
        and ``source``.

    Examples
    --------
    >>> p = governance_proxies().set_index(["kind", "code"])
    >>> p.loc[("wiod2013", "17t18"), "tech_intensity"], p.loc[("industry", "electronics_communication"), "tech_intensity"]
    ('low', 'high')
    """
    return _proxies().copy()
