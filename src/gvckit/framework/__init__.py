"""The seed paper's framework as typed, bilingual data.

The paper (Chinese, c. 2006) classifies the representative industries of Zhejiang's clusters by
the governance of their value chain and their degree of integration into global value chains
(Table 1), and prescribes an upgrading path per type along its Figure 1 (A→B→C/D→E). This package
holds all of it as data:

- :mod:`~gvckit.framework.concepts`: governance, integration, upgrading types, Gereffi levels,
  GVC stages, Figure 1 points and moves, OEM/ODM/OBM;
- :mod:`~gvckit.framework.registry`: the 11 industries and 9 clusters with GB/T 4754 codes and
  sector mappings (WIOD 2013, OECD ICIO, WIOD 2016, NBS 42);
- :mod:`~gvckit.framework.typology`: Table 1 exactly, ``TYPE_I``/``TYPE_II``/``TYPE_III`` and
  :func:`type_for`;
- :mod:`~gvckit.framework.paths`: :func:`path`, :func:`next_moves`, :func:`advice` and the
  conclusion;
- :mod:`~gvckit.framework.value_capture`: the price form of value capture (Haining leather 30/300).

Examples
--------
>>> from gvckit.framework import table1, industry, path, value_capture
>>> industry("leather").type
'II'
>>> [m.label for m in path("II")]
['A->B', 'B->C', 'B->D', 'D->E']
>>> value_capture(30, 300).share
0.1
"""

from gvckit.framework.classify import (
    Classification,
    Classifications,
    ModelSeries,
    agreement_from,
    agreement_table,
    classify,
    table_classification,
)
from gvckit.framework.diagnose import Diagnoses, Diagnosis, diagnose
from gvckit.framework.evidence import load_evidence
from gvckit.framework.province import nbs_template, province_export_orientation
from gvckit.framework.reasons import Reason, Variant, Verdict
from gvckit.framework.rules import (
    DEFAULT_RULES,
    PROXY_CLASSIFICATIONS,
    Rules,
    governance_proxies,
    related_sectors,
    relatedness,
    sector_proxies,
)
from gvckit.framework.ruleset import load_rules, rule_set_names
from gvckit.framework.smile import SmileCurve, smile_curve
from gvckit.framework.value_capture_io import chain_capture_summary, chain_value_capture
from gvckit.framework.zhejiang import cluster_facts, export_delivery_ratios, industry_facts

from .concepts import (
    FIGURE1_MOVES,
    GLOSSARY,
    PAPER,
    PAPER_FACTS,
    BusinessModel,
    Concept,
    Figure1Move,
    Figure1Point,
    GereffiLevel,
    Governance,
    GVCStage,
    Integration,
    PaperFact,
    UpgradingType,
)
from .paths import CONCLUSION, Advice, AdviceItem, Move, advice, next_moves, path
from .registry import Cluster, Industry, cluster, clusters, industries, industry, sectors_for
from .typology import (
    TYPE_I,
    TYPE_II,
    TYPE_III,
    TYPES,
    OutsideTypology,
    Typology,
    table1,
    type_for,
    typology,
)
from .value_capture import ValueCapture, haining_leather, value_capture

__all__ = [
    "PAPER",
    "PAPER_FACTS",
    "PaperFact",
    "Concept",
    "Governance",
    "Integration",
    "UpgradingType",
    "GereffiLevel",
    "GVCStage",
    "Figure1Point",
    "Figure1Move",
    "FIGURE1_MOVES",
    "BusinessModel",
    "GLOSSARY",
    "Industry",
    "Cluster",
    "industries",
    "clusters",
    "industry",
    "cluster",
    "sectors_for",
    "Typology",
    "OutsideTypology",
    "TYPE_I",
    "TYPE_II",
    "TYPE_III",
    "TYPES",
    "table1",
    "type_for",
    "typology",
    "Move",
    "Advice",
    "AdviceItem",
    "CONCLUSION",
    "path",
    "next_moves",
    "advice",
    "ValueCapture",
    "value_capture",
    "haining_leather",
    "Rules",
    "DEFAULT_RULES",
    "load_rules",
    "rule_set_names",
    "relatedness",
    "load_evidence",
    "nbs_template",
    "province_export_orientation",
    "Reason",
    "Variant",
    "Verdict",
    "Classifications",
    "Diagnoses",
    "governance_proxies",
    "sector_proxies",
    "related_sectors",
    "PROXY_CLASSIFICATIONS",
    "table_classification",
    "classify",
    "Classification",
    "agreement_from",
    "agreement_table",
    "ModelSeries",
    "diagnose",
    "Diagnosis",
    "chain_value_capture",
    "chain_capture_summary",
    "smile_curve",
    "SmileCurve",
    "cluster_facts",
    "industry_facts",
    "export_delivery_ratios",
]
