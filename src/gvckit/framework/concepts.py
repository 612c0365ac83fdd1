"""The seed paper's concepts as typed, bilingual objects.

Every concept carries its Chinese name as the paper writes it (``name_zh``), an English name
(``name_en``), the section of the paper it comes from (``section``, e.g. ``"§2"`` or
``"§4, Figure 1"``) and the literature the paper cites for it (``source``).

Sections of the seed paper (``/work/shared/seed/000_4747af468dc7d231.txt``; its title and authors are
not in the stored text):

- §1 一、引言 (introduction)
- §2 二、全球价值链理论与产业升级 (GVC theory and industrial upgrading)
- §3 三、浙江产业集群的特点分析 (features of Zhejiang's clusters; Table 1)
- §4 四、浙江产业集群在全球价值链中的升级模式 (upgrading model; Figure 1)
- §5 五、结论与启示 (conclusion)

References
----------
Gereffi, G. (1999). International trade and industrial upgrading in the apparel commodity chain.
    *Journal of International Economics*, 48(1), 37-70.

Humphrey, J., & Schmitz, H. (2002). How does insertion in global value chains affect upgrading in
    industrial clusters? *Regional Studies*, 36(9), 1017-1027.

UNIDO (2002). *Industrial Development Report 2002/2003: Competing through Innovation and Learning*.
    (The seed prints the citation as "UN IO, 2002".)

Porter, M. E. (1985). *Competitive Advantage*. New York: Free Press.

Examples
--------
>>> from gvckit.framework.concepts import UpgradingType, Figure1Point, FIGURE1_MOVES
>>> UpgradingType.PROCESS < UpgradingType.INTER_CHAIN
True
>>> UpgradingType.FUNCTIONAL.name_zh
'功能升级'
>>> [f"{m.from_point.value}->{m.to_point.value}" for m in FIGURE1_MOVES]
['A->B', 'B->C', 'B->D', 'D->E']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from gvckit.errors import UnknownNameError

__all__ = [
    "paper_ref",
    "PAPER",
    "PAPER_FACTS",
    "PaperFact",
    "POINT_NAME_SOURCE",
    "Concept",
    "Governance",
    "Integration",
    "UpgradingType",
    "GereffiLevel",
    "GVCStage",
    "Figure1Point",
    "BusinessModel",
    "Figure1Move",
    "FIGURE1_MOVES",
    "GLOSSARY",
    "SECTIONS",
    "parse_governance",
    "parse_integration",
    "parse_point",
]

#: How the product refers to the seed paper (the stored text has no title or author line).
PAPER = (
    "Seed paper on the upgrading of Zhejiang's industrial clusters in global value chains "
    "(浙江产业集群在全球价值链中的升级模式), c. 2006; title and authors are not in the stored text"
)

#: The paper's sections, keyed as they are cited in ``section`` fields.
SECTIONS: dict[str, tuple[str, str]] = {
    "§1": ("一、引言", "Introduction"),
    "§2": ("二、全球价值链理论与产业升级", "Global value chain theory and industrial upgrading"),
    "§3": ("三、浙江产业集群的特点分析", "Features of Zhejiang's industrial clusters"),
    "§4": (
        "四、浙江产业集群在全球价值链中的升级模式",
        "Upgrading models of Zhejiang's industrial clusters in global value chains",
    ),
    "§5": ("五、结论与启示", "Conclusion and implications"),
}


def paper_ref(where: str, lang: str) -> str:
    """A place in the paper (``"§4, Figure 1"``, ``"§3; Table 1"``) as a reader of ``lang`` cites
    it: in Chinese by the paper's own section numbers (``"第四部分，图1"``), in English as given.

    >>> paper_ref("§4, Figure 1", "zh"), paper_ref("§3, Table 1", "en")
    ('第四部分，图1', '§3, Table 1')
    """
    if lang != "zh":
        return where
    out = where.replace("Figure ", "图").replace("Table ", "表").replace(", ", "，").replace("; ", "；")
    return re.sub(r"§([1-5])", lambda m: f"第{SECTIONS['§' + m.group(1)][0][0]}部分", out)

GEREFFI_1999 = "Gereffi (1999)"
HUMPHREY_SCHMITZ_2002 = "Humphrey & Schmitz (2002)"
UNIDO_2002 = "UNIDO (2002) (printed 'UN IO, 2002' in the seed)"
PORTER_1985 = "Porter (1985)"
THE_PAPER = "the paper"
#: Where the names of Figure 1's points B-E come from: the paper describes them in §4 but names
#: only A (地方价值链); the short names are gvckit's.
POINT_NAME_SOURCE = "gvckit's short name for a point the paper describes in §4 (the paper names only A)"


@dataclass(frozen=True)
class PaperFact:
    """A number the paper states about Zhejiang (its §1), with its wording."""

    year: str
    indicator: str
    value: float
    unit: str
    text_zh: str
    section: str = "§1"


#: The paper's §1 facts about Zhejiang's clusters (the paper's own numbers, not re-sourced).
PAPER_FACTS: tuple[PaperFact, ...] = (
    PaperFact("2003", "clusters with gross industrial output above 1 billion yuan", 149, "count",
              "2003年浙江工业总产值超亿元的制造业集群有149个"),
    PaperFact("2004", "exports of Zhejiang", 58.2, "billion USD", "2004年浙江出口额582亿美元"),
    PaperFact("2005-08", "firms holding import-export rights", 18800, "count (more than)",
              "截至2005年8月，拥有进出口经营权的企业超过18800家"),
)


@dataclass(frozen=True)
class Concept:
    """A named concept of the paper.

    Parameters
    ----------
    name_zh : str
        Chinese name exactly as the paper writes it.
    name_en : str
        English name.
    section : str
        Section of the paper, e.g. ``"§2"`` or ``"§4, Figure 1"``.
    source : str
        The literature the paper cites for the concept, or ``"the paper"`` if it is the paper's own.
    description_en, description_zh : str
        Meaning, paraphrased in English; in Chinese as close to the paper's wording as possible.
    aliases_zh : tuple of str
        Other spellings the paper uses for the same concept.
    """

    name_zh: str
    name_en: str
    section: str
    source: str
    description_en: str = ""
    description_zh: str = ""
    aliases_zh: tuple[str, ...] = field(default_factory=tuple)


class _ConceptEnum(Enum):
    """Enum whose members carry a :class:`Concept` (bilingual name, section, source)."""

    @property
    def concept(self) -> Concept:
        return _INFO[self]

    @property
    def name_zh(self) -> str:
        return self.concept.name_zh

    @property
    def name_en(self) -> str:
        return self.concept.name_en

    @property
    def section(self) -> str:
        return self.concept.section

    @property
    def source(self) -> str:
        return self.concept.source

    @property
    def description_en(self) -> str:
        return self.concept.description_en

    @property
    def description_zh(self) -> str:
        return self.concept.description_zh

    def __str__(self) -> str:  # pragma: no cover - cosmetic
        return f"{self.name_en} ({self.name_zh})"


class Governance(_ConceptEnum):
    """Governance type of the value chain (Gereffi 1999), the first dimension of Table 1.

    The paper (§2) also writes 购买者驱动型 for the buyer-driven chain; both spellings parse.

    Examples
    --------
    >>> Governance.BUYER_DRIVEN.name_zh
    '采购者驱动型'
    """

    PRODUCER_DRIVEN = "producer_driven"
    BUYER_DRIVEN = "buyer_driven"


class Integration(_ConceptEnum):
    """Degree of integration into the GVC (融入价值链的程度), the second dimension of Table 1.

    The paper's labels are qualitative (no thresholds): low (type I), high (type II) and emerging
    (type III, "属于新兴产业,融入程度有待加深").

    Examples
    --------
    >>> Integration.HIGH.name_en
    'high'
    """

    LOW = "low"
    HIGH = "high"
    EMERGING = "emerging"


class UpgradingType(_ConceptEnum):
    """Humphrey & Schmitz (2002) upgrading types, ordered low to high (§2).

    Members compare by that order: ``PROCESS < PRODUCT < FUNCTIONAL < INTER_CHAIN``.

    Examples
    --------
    >>> sorted([UpgradingType.FUNCTIONAL, UpgradingType.PROCESS])[0].name_zh
    '工艺升级'
    """

    PROCESS = 1
    PRODUCT = 2
    FUNCTIONAL = 3
    INTER_CHAIN = 4

    @property
    def rank(self) -> int:
        """Position in the low-to-high order, 1..4."""
        return int(self.value)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, UpgradingType):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, UpgradingType):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, UpgradingType):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, UpgradingType):
            return NotImplemented
        return self.rank >= other.rank


class GereffiLevel(_ConceptEnum):
    """Gereffi's (1999) four levels of industrial upgrading, as the paper lists them (§2)."""

    PRODUCT = 1
    ECONOMIC_ACTIVITY = 2
    INTRA_SECTOR = 3
    INTER_SECTOR = 4


class GVCStage(_ConceptEnum):
    """Value-adding activities along a GVC, in the order the paper lists them (§2, UNIDO 2002)."""

    DESIGN = 1
    DEVELOPMENT = 2
    MANUFACTURING = 3
    MARKETING = 4
    SALES = 5
    CONSUMPTION = 6
    AFTER_SALES = 7
    RECYCLING = 8


class Figure1Point(_ConceptEnum):
    """Points A-E of the paper's Figure 1 (地方产业集群在全球价值链中的升级模式).

    The figure itself is not in the text; the meaning of each point is read from the §4 prose that
    names the moves A→B, B→C, B→D and D→E.
    """

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


class BusinessModel(_ConceptEnum):
    """OEM → ODM → OBM, the sequence the paper cites from Taiwan's computer industry (§4)."""

    OEM = "OEM"
    ODM = "ODM"
    OBM = "OBM"

    @property
    def figure1_point(self) -> Figure1Point | None:
        """Figure 1 point associated with the model, or None where the paper gives none.

        OEM is at B (processing inside the GVC). The paper's sentence "成为自行设计的开发商或自行销售的
        销售商,实现产品升级、功能升级的目的,即如图1中…由B到C或由B到D" pairs own design with product
        upgrading (C) and own sales with functional upgrading (D); we read ODM as C and OBM as D.
        That pairing is a reading ("respectively"), not a statement of the paper.
        """
        return {"OEM": Figure1Point.B, "ODM": Figure1Point.C, "OBM": Figure1Point.D}[self.value]


_INFO: dict[_ConceptEnum, Concept] = {
    Governance.PRODUCER_DRIVEN: Concept(
        "生产者驱动型",
        "producer-driven",
        "§2; §3, Table 1",
        GEREFFI_1999,
        "Large manufacturers of advanced products (aircraft, cars, computers) are the key agents and "
        "control backward links to suppliers and forward links to distribution and retail.",
        "生产诸如飞机、汽车和计算机这样高级产品的制造商成为关键的经济代理,对后向联结的原材料和元件供应商以及"
        "前向联结的配送和零售商实施控制。",
    ),
    Governance.BUYER_DRIVEN: Concept(
        "采购者驱动型",
        "buyer-driven",
        "§2; §3, Table 1",
        GEREFFI_1999,
        "Firms that develop and sell branded products control how, when and where globally "
        "dispersed, highly competitive factories make them; retailers and marketers hold the lever.",
        "以高竞争性和全球分散的工厂系统为特征,开发和销售品牌产品的公司对如何、何时以及何地进行制造实施实质性的控制。",
        aliases_zh=("购买者驱动型",),
    ),
    Integration.LOW: Concept(
        "融入程度不高",
        "low",
        "§3, Table 1 (type I)",
        THE_PAPER,
        "Production and circulation mainly inside the region; products and materials turn over "
        "locally, serve local and domestic users, rarely exported.",
        "产品生产与流通主要在区域内部完成,与全球价值链融入程度不高。",
        aliases_zh=("融入程度较低", "融合程度较低"),
    ),
    Integration.HIGH: Concept(
        "融入程度较高",
        "high",
        "§3, Table 1 (type II)",
        THE_PAPER,
        "Mainly processing or OEM for international buyers; overseas manufacturing base of "
        "multinationals, at the bottom of the GVC.",
        "主要从事加工或者OEM,与全球价值链融入程度较高。",
    ),
    Integration.EMERGING: Concept(
        "融入程度有待加深",
        "emerging",
        "§3, Table 1 (type III)",
        THE_PAPER,
        "An emerging (new high-tech) industry whose integration into the GVC is still limited and "
        "has to deepen.",
        "属于新兴产业,融入程度有待加深。",
    ),
    UpgradingType.PROCESS: Concept(
        "工艺升级",
        "process upgrading",
        "§2",
        HUMPHREY_SCHMITZ_2002,
        "Reorganise the production system or introduce better technology so that inputs are turned "
        "into outputs more efficiently.",
        "通过重组生产系统或者引入更强的技术,使得由投入品到产出品的转换更为有效",
    ),
    UpgradingType.PRODUCT: Concept(
        "产品升级",
        "product upgrading",
        "§2",
        HUMPHREY_SCHMITZ_2002,
        "Move into more sophisticated product lines (higher unit value).",
        "进入更成熟的生产线(可以定义为提高单位价值)",
    ),
    UpgradingType.FUNCTIONAL: Concept(
        "功能升级",
        "functional upgrading",
        "§2",
        HUMPHREY_SCHMITZ_2002,
        "Acquire new functions (or abandon existing ones) to raise the overall skill content of "
        "activities.",
        "获得新功能(或放弃现有功能)以提高生产的整体技术含量",
    ),
    UpgradingType.INTER_CHAIN: Concept(
        "跨链条升级",
        "inter-chain (inter-sectoral) upgrading",
        "§2",
        HUMPHREY_SCHMITZ_2002,
        "Cluster firms move into a new production activity (a new chain).",
        "集群企业进入新的生产活动",
        aliases_zh=("跨链条的升级",),
    ),
    GereffiLevel.PRODUCT: Concept(
        "产品的升级",
        "product level",
        "§2",
        GEREFFI_1999,
        "The same kind of product, from simple to complex.",
        "同类产品由简单到复杂",
    ),
    GereffiLevel.ECONOMIC_ACTIVITY: Concept(
        "经济活动的升级",
        "economic-activity level",
        "§2",
        GEREFFI_1999,
        "Rising capabilities in design, production and marketing.",
        "包括不断提升的设计、生产和营销能力",
    ),
    GereffiLevel.INTRA_SECTOR: Concept(
        "部门内部的升级",
        "intra-sector level",
        "§2",
        GEREFFI_1999,
        "From making final-stage items to higher-value goods and services, and backward and forward "
        "links in the supply chain.",
        "包括从最终环节的制造到更高价值产品和服务的生产以及供应链的前向和后向联系",
    ),
    GereffiLevel.INTER_SECTOR: Concept(
        "部门间的升级",
        "inter-sector level",
        "§2",
        GEREFFI_1999,
        "From low-value, labour-intensive industries to capital- and technology-intensive ones.",
        "从低价值、劳动密集型产业到资本和技术密集型产业",
    ),
    GVCStage.DESIGN: Concept("设计", "design", "§2", UNIDO_2002),
    GVCStage.DEVELOPMENT: Concept("开发", "development (R&D)", "§2", UNIDO_2002),
    GVCStage.MANUFACTURING: Concept("生产制造", "manufacturing", "§2", UNIDO_2002),
    GVCStage.MARKETING: Concept("营销", "marketing", "§2", UNIDO_2002),
    GVCStage.SALES: Concept("出售", "sales", "§2", UNIDO_2002),
    GVCStage.CONSUMPTION: Concept("消费", "consumption", "§2", UNIDO_2002),
    GVCStage.AFTER_SALES: Concept("售后服务", "after-sales service", "§2", UNIDO_2002),
    GVCStage.RECYCLING: Concept(
        "循环利用", "recycling", "§2", UNIDO_2002, aliases_zh=("最后循环利用",)
    ),
    Figure1Point.A: Concept(
        "地方价值链",
        "cluster in its local value chain",
        "§4, Figure 1",
        THE_PAPER,
        "The cluster's own local value chain, before it joins the GVC (type I clusters start here).",
        "地方产业集群内部的价值链(地方价值链)",
    ),
    Figure1Point.B: Concept(
        "融入全球价值链的生产制造环节",
        "embedded in the GVC, in manufacturing",
        "§4, Figure 1",
        POINT_NAME_SOURCE,
        "A link of the GVC doing processing/OEM manufacturing; reached through process upgrading "
        "(type II clusters are here).",
        "成为全球价值链中的一个组成环节,从事加工制造(OEM)",
    ),
    Figure1Point.C: Concept(
        "产品升级后的位置",
        "after product upgrading along the GVC",
        "§4, Figure 1",
        POINT_NAME_SOURCE,
        "Own design and more sophisticated products along the same chain.",
        "沿着全球价值链实现产品升级(自行设计的开发商)",
    ),
    Figure1Point.D: Concept(
        "功能升级后的位置",
        "after functional upgrading along the GVC",
        "§4, Figure 1",
        POINT_NAME_SOURCE,
        "New functions along the same chain: own R&D/design or own marketing channels.",
        "沿着全球价值链实现功能升级(研发设计或营销渠道,自行销售的销售商)",
    ),
    Figure1Point.E: Concept(
        "新的价值链",
        "in a new chain (inter-chain upgrading)",
        "§4, Figure 1",
        POINT_NAME_SOURCE,
        "The cluster uses its capabilities to enter a new field, i.e. a different chain.",
        "凭借自身力量进入新的领域,实现跨链条的升级",
    ),
    BusinessModel.OEM: Concept(
        "贴牌生产",
        "original equipment manufacturing",
        "§3; §4",
        THE_PAPER,
        "Processing or manufacturing under the buyer's brand.",
        "为国际采购商提供加工或者贴牌生产(OEM)",
    ),
    BusinessModel.ODM: Concept(
        "自行设计生产",
        "original design manufacturing",
        "§4",
        THE_PAPER,
        "The firm designs what it makes for others' brands.",
    ),
    BusinessModel.OBM: Concept(
        "自有品牌生产",
        "own-brand manufacturing",
        "§4",
        THE_PAPER,
        "The firm sells under its own brand.",
    ),
}


@dataclass(frozen=True)
class Figure1Move:
    """A move allowed by the paper's Figure 1, with the upgrading type §4 assigns to it.

    Parameters
    ----------
    from_point, to_point : Figure1Point
        Start and end of the move.
    upgrading : UpgradingType
        Humphrey & Schmitz type the paper attaches to the move.
    name_zh, name_en : str
        Short bilingual names.
    section : str
        Where the paper names the move.
    source : str
        ``"the paper"`` (the moves are the paper's own).
    quote_zh : str
        The sentence of §4 that names the move (seed text, whitespace removed).
    """

    from_point: Figure1Point
    to_point: Figure1Point
    upgrading: UpgradingType
    name_zh: str
    name_en: str
    section: str
    source: str
    quote_zh: str

    @property
    def label(self) -> str:
        """``"A->B"`` style label."""
        return f"{self.from_point.value}->{self.to_point.value}"


#: The four moves of Figure 1, in the order the paper introduces them.
FIGURE1_MOVES: tuple[Figure1Move, ...] = (
    Figure1Move(
        Figure1Point.A,
        Figure1Point.B,
        UpgradingType.PROCESS,
        "由地方价值链到全球价值链",
        "from the local to the global value chain",
        "§4, Figure 1",
        THE_PAPER,
        "实现集群在产业内的工艺升级。这种由地方价值链到全球价值链的跃升可以用图1中A到B的过程表示。",
    ),
    Figure1Move(
        Figure1Point.B,
        Figure1Point.C,
        UpgradingType.PRODUCT,
        "沿全球价值链的产品升级",
        "product upgrading along the GVC",
        "§4, Figure 1",
        THE_PAPER,
        "实现产品升级、功能升级的目的,即如图1中沿着全球价值链由B到C或由B到D的升级过程。",
    ),
    Figure1Move(
        Figure1Point.B,
        Figure1Point.D,
        UpgradingType.FUNCTIONAL,
        "沿全球价值链的功能升级",
        "functional upgrading along the GVC",
        "§4, Figure 1",
        THE_PAPER,
        "实现产品升级、功能升级的目的,即如图1中沿着全球价值链由B到C或由B到D的升级过程。",
    ),
    Figure1Move(
        Figure1Point.D,
        Figure1Point.E,
        UpgradingType.INTER_CHAIN,
        "跨链条升级",
        "inter-chain upgrading into a new field",
        "§4, Figure 1",
        THE_PAPER,
        "还可以凭借自身力量进入新的领域,实现跨链条的升级方式,即图1中由D到E的过程。",
    ),
)

#: Other concepts the paper defines (§1-§2).
GLOSSARY: tuple[Concept, ...] = (
    Concept(
        "产业集群",
        "industrial cluster",
        "§1",
        "Porter (2000)",
        "Geographic concentration of interconnected firms, specialised suppliers, service providers, "
        "firms in related industries and associated institutions in a field, competing and "
        "cooperating.",
    ),
    Concept(
        "价值链",
        "value chain",
        "§2",
        PORTER_1985,
        "All value-creating activities from design and production to sale and final use.",
        "从产品的设计、生产到销售,直到最终消费使用的过程中,所有创造价值的活动范围",
    ),
    Concept(
        "全球价值链",
        "global value chain (GVC)",
        "§2",
        THE_PAPER,
        "Production split across the world; includes all organisations in production and sale and "
        "the distribution of value and profit among them.",
    ),
    Concept(
        "片断化",
        "fragmentation",
        "§2",
        "Arndt & Kierzkowski (2001)",
        "The production process split across countries.",
    ),
    Concept(
        "产业升级",
        "industrial upgrading",
        "§2",
        "Porter (1990); Kaplinsky (2000)",
        "Moving from low technology and low value added to high technology and high value added.",
    ),
    Concept(
        "块状经济",
        "'block economy' (clustered local economy)",
        "§1",
        THE_PAPER,
        "Zhejiang's economy organised in local industrial clusters.",
    ),
    Concept(
        "三来一补",
        "'three imports and one compensation' processing trade",
        "§4",
        THE_PAPER,
        "Processing with supplied materials, designs or samples, assembly with supplied parts, and "
        "compensation trade; one way type II clusters join GVCs.",
    ),
)


def _norm(text: str) -> str:
    return "".join(str(text).split()).lower().replace("-", "_")


def _parse(enum: type[_ConceptEnum], value: object, extra: dict[str, str]) -> _ConceptEnum:
    if isinstance(value, enum):
        return value
    key = _norm(str(value))
    for member in enum:
        names = {
            _norm(member.name),
            _norm(str(member.value)),
            _norm(member.name_zh),
            _norm(member.name_en),
            *(_norm(a) for a in member.concept.aliases_zh),
        }
        if key in names:
            return member
    if key in extra:
        return enum[extra[key]]
    raise UnknownNameError(_KIND.get(enum.__name__, enum.__name__), value,
                           [f"{m.name} ({m.name_zh})" for m in enum])


_KIND = {"Governance": "governance", "Integration": "integration", "Figure1Point": "point",
         "UpgradingType": "upgrading type", "BusinessModel": "business model"}


def parse_governance(value: object) -> Governance:
    """Return the :class:`Governance` for an enum member, its name, English or Chinese label.

    Examples
    --------
    >>> parse_governance("生产者驱动型") is Governance.PRODUCER_DRIVEN
    True
    >>> parse_governance("buyer") is Governance.BUYER_DRIVEN
    True
    """
    extra = {
        "producer": "PRODUCER_DRIVEN",
        "buyer": "BUYER_DRIVEN",
        "生产者驱动": "PRODUCER_DRIVEN",
        "采购者驱动": "BUYER_DRIVEN",
        "购买者驱动": "BUYER_DRIVEN",
    }
    return _parse(Governance, value, extra)  # type: ignore[return-value]


def parse_integration(value: object) -> Integration:
    """Return the :class:`Integration` for an enum member, its name, English or Chinese label.

    Examples
    --------
    >>> parse_integration("high") is Integration.HIGH
    True
    """
    extra = {
        "较高": "HIGH",
        "不高": "LOW",
        "较低": "LOW",
        "新兴": "EMERGING",
        "有待加深": "EMERGING",
    }
    return _parse(Integration, value, extra)  # type: ignore[return-value]


def parse_point(value: object) -> Figure1Point:
    """Return the :class:`Figure1Point` for ``"A"``..``"E"`` (case-insensitive) or a member.

    Examples
    --------
    >>> parse_point("b") is Figure1Point.B
    True
    """
    return _parse(Figure1Point, value, {})  # type: ignore[return-value]
