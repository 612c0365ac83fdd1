"""Upgrading paths the paper prescribes per type (§4, Figure 1) and its conclusion (§5).

A path is an ordered tuple of :class:`Move` objects. Each move names its Figure 1 points (A-E), its
Humphrey & Schmitz upgrading type, the actions and examples the paper gives, the section, and
quotes from the seed text (whitespace removed, punctuation as extracted). Moves that share a
``step`` number are alternatives (type II: B→C *or* B→D).

- Type I (buyer-driven, low integration): complete the local value chain at A, then join the GVC
  as one of its links, A→B (process upgrading).
- Type II (buyer-driven, high integration): OEM / 三来一补 (A→B, process upgrading), then B→C
  (product) or B→D (functional), OEM→ODM→OBM; then D→E (inter-chain).
- Type III (producer-driven, emerging): R&D, design and successive product generations; divest weak
  production links and let lead firms integrate the best production links found locally or
  globally. The paper does not place type III on Figure 1, so its moves have no points, and the
  upgrading types attached to them are our reading of §2's definitions (``note`` says so).

:func:`advice` adds, for chemical fibres only, the advice of the fragment appended to the seed file
(``source="appended fragment, not the paper"``); for a pair outside the typology (producer-driven
with high integration) it returns generic Humphrey & Schmitz advice
(``source="generic Humphrey & Schmitz (2002), not the paper"``).

References
----------
Humphrey, J., & Schmitz, H. (2002). How does insertion in global value chains affect upgrading in
    industrial clusters? *Regional Studies*, 36(9), 1017-1027.

黎继子等 (2005), cited by the paper for supply-chain integration of local clusters.

Examples
--------
>>> from gvckit.framework.paths import path, next_moves
>>> [m.label for m in path("II")]
['A->B', 'B->C', 'B->D', 'D->E']
>>> [m.upgrading.name_zh for m in next_moves("II", "B")]
['产品升级', '功能升级']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gvckit.errors import OptionError

from .concepts import (
    FIGURE1_MOVES,
    BusinessModel,
    Figure1Point,
    Governance,
    Integration,
    UpgradingType,
    parse_point,
)
from .registry import Cluster, cluster, industry
from .typology import TYPE_III, OutsideTypology, Typology, type_for, typology

__all__ = [
    "Example",
    "Move",
    "AdviceItem",
    "Advice",
    "Conclusion",
    "CONCLUSION",
    "GENERAL_MODEL",
    "PAPER_SOURCE",
    "FRAGMENT_SOURCE",
    "GENERIC_SOURCE",
    "path",
    "next_moves",
    "advice",
]

PAPER_SOURCE = "the paper"
GENERAL_SOURCE = "the paper: Figure 1 (§4) and the conclusion (§5), general model"
FRAGMENT_SOURCE = "appended fragment, not the paper"
GENERIC_SOURCE = "generic Humphrey & Schmitz (2002), not the paper"


@dataclass(frozen=True)
class Example:
    """An example the paper gives for a move."""

    name_zh: str
    name_en: str
    description_en: str
    quote_zh: str
    section: str = "§4"


@dataclass(frozen=True)
class Move:
    """One step of an upgrading path.

    Attributes
    ----------
    step : int
        Order in the path; moves with the same step are alternatives.
    from_point, to_point : Figure1Point or None
        Figure 1 points; equal when the step consolidates a position (type I at A), None when the
        paper does not place the step on Figure 1 (type III, generic advice).
    upgrading : UpgradingType or None
        Humphrey & Schmitz type; None when the paper attaches none.
    name_zh, name_en : str
    actions_zh, actions_en : tuple of str
        What the paper says to do.
    examples : tuple of Example
    section : str
    quotes_zh : tuple of str
        Sentences of the seed text (whitespace removed) that support the step.
    source : str
        ``"the paper"`` or another source label.
    note : str
        Judgement calls, e.g. an upgrading type that is our reading.
    business_model : BusinessModel or None
    """

    step: int
    from_point: Figure1Point | None
    to_point: Figure1Point | None
    upgrading: UpgradingType | None
    name_zh: str
    name_en: str
    actions_zh: tuple[str, ...]
    actions_en: tuple[str, ...]
    examples: tuple[Example, ...] = ()
    section: str = "§4"
    quotes_zh: tuple[str, ...] = ()
    source: str = PAPER_SOURCE
    note: str = ""
    business_model: BusinessModel | None = None

    @property
    def label(self) -> str:
        """``"A->B"``; ``"at A"`` for a consolidation; ``"-"`` if not on Figure 1."""
        if self.from_point is None or self.to_point is None:
            return "-"
        if self.from_point is self.to_point:
            return f"at {self.from_point.value}"
        return f"{self.from_point.value}->{self.to_point.value}"

    @property
    def is_figure1_move(self) -> bool:
        """True for the moves Figure 1 allows (A→B, B→C, B→D, D→E)."""
        return any(
            m.from_point is self.from_point and m.to_point is self.to_point for m in FIGURE1_MOVES
        )


@dataclass(frozen=True)
class AdviceItem:
    """One piece of advice with its provenance."""

    text_zh: str
    text_en: str
    source: str
    section: str = ""
    quote_zh: str = ""


@dataclass(frozen=True)
class Advice:
    """Advice for an industry or cluster: its type, its path and any extra items.

    Attributes
    ----------
    subject : str
        Industry or cluster key.
    typology : Typology or OutsideTypology
    moves : tuple of Move
    items : tuple of AdviceItem
        Industry-specific or generic items, each with ``source``.
    """

    subject: str
    typology: Typology | OutsideTypology
    moves: tuple[Move, ...]
    items: tuple[AdviceItem, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per move and per item, with ``kind``, texts, section and source."""
        rows = [
            {
                "kind": "move",
                "step": m.step,
                "move": m.label,
                "upgrading": m.upgrading.name_en if m.upgrading else "",
                "upgrading_zh": m.upgrading.name_zh if m.upgrading else "",
                "text_en": m.name_en,
                "text_zh": m.name_zh,
                "section": m.section,
                "source": m.source,
            }
            for m in self.moves
        ]
        rows += [
            {
                "kind": "item",
                "step": None,
                "move": "",
                "upgrading": "",
                "upgrading_zh": "",
                "text_en": it.text_en,
                "text_zh": it.text_zh,
                "section": it.section,
                "source": it.source,
            }
            for it in self.items
        ]
        df = pd.DataFrame(rows)
        df.attrs["subject"] = self.subject
        df.attrs["type"] = self.typology.code
        return df


@dataclass(frozen=True)
class Conclusion:
    """The paper's conclusion as data (§5; also the abstract)."""

    precondition_zh: str
    precondition_en: str
    sequence: tuple[UpgradingType, ...]
    from_local_to_global: tuple[str, str]
    quotes_zh: tuple[str, ...]
    section: str = "§5"
    source: str = PAPER_SOURCE


#: The paper's conclusion: a complete local value chain as precondition, then process → product →
#: functional → inter-chain upgrading.
CONCLUSION = Conclusion(
    precondition_zh="健全本地价值链体系",
    precondition_en="a complete local value-chain system",
    sequence=(
        UpgradingType.PROCESS,
        UpgradingType.PRODUCT,
        UpgradingType.FUNCTIONAL,
        UpgradingType.INTER_CHAIN,
    ),
    from_local_to_global=("地方价值链", "全球价值链"),
    quotes_zh=(
        "以健全本地价值链体系为前提,以由工艺升级、产品升级到功能升级、跨链条升级为路径,"
        "对浙江产业集群而言是一个有效可行的升级模式",
        "由地方价值链到全球价值链,由工艺升级、产品升级到功能升级、跨链条升级是一个有效的升级模式",
        "根据价值链中不同环节之间的治理关系来选择不同的升级方式",
    ),
)

A, B, C, D, E = (Figure1Point.A, Figure1Point.B, Figure1Point.C, Figure1Point.D, Figure1Point.E)

_TAIWAN_COMPUTERS = Example(
    "台湾的计算机行业",
    "Taiwan's computer industry",
    "Upgraded along OEM → ODM → OBM.",
    "目前一些比较成功的经验是沿着OEM(贴牌生产)到ODM(自行设计生产)再到OBM(自有品牌生产)的路径进行升级,"
    "如台湾的计算机行业",
)
_TAIWAN_TV = Example(
    "台湾的电视机产业集群",
    "Taiwan's television cluster",
    "Used its knowledge of making TV sets to make monitors and other computer equipment.",
    "如我国台湾的电视机产业集群,成功地将生产电视机的知识用来生产显示器或其它计算机设备",
)
_HAINING = Example(
    "海宁皮革产业集群",
    "Haining leather cluster",
    "Many firms export everything; a jacket leaves at 30 US dollars and sells at 300 under a "
    "foreign brand, so the domestic producer captures one tenth (see value_capture).",
    "一件皮装在国内完成生产加工,出口时的价格只有30美元,在国外进行贴牌后由于是名牌产品,每件可以卖到300美元,"
    "国内生产企业获取的价值仅仅是产品最终价值的十分之一",
)
_BINJIANG = Example(
    "杭州滨江通信产业集群",
    "Hangzhou Binjiang communications cluster",
    "Gathers 东方通信 (Eastcom), UT斯达康 (UTStarcom), 宁波波导 (Bird) and the R&D centres of "
    "Motorola, Nokia, Mitsubishi and Alcatel; their agglomeration spreads technology and pulls and "
    "integrates local production firms.",
    "在集群内汇集了东方通信、UT斯达康、宁波波导等国内通信产业巨头以及摩托罗拉、诺基亚、三菱、阿尔卡特等"
    "著名国际通信企业的研发机构",
)

_PATHS: dict[str, tuple[Move, ...]] = {
    "I": (
        Move(
            1,
            A,
            A,
            None,
            "完善集群内的价值链构成,形成优势价值链环节",
            "complete the value chain inside the cluster and build strong links",
            (
                "完善产业在集群内部的价值链体系,使集群内部企业得到更为细致的分工",
                "形成每个企业在本地价值链上的竞争优势",
                "带动集群内其他服务性企业的发展",
                "在成本、质量和交货期限上竞争",
            ),
            (
                "complete the cluster's internal value chain so that firms divide labour more finely",
                "let each firm become competitive in its link of the local chain",
                "grow the cluster's service firms along with the finer division of labour",
                "compete on cost, quality and delivery time",
            ),
            (),
            "§4",
            (
                "可以通过完善产业集群内的价值链构成,逐步形成本产业的优势价值链环节作为其升级路径",
                "因此产业的竞争力集中体现在生产过程中的成本、质量和交货期限上",
                "通过不断完善产业在集群内部的价值链体系,可以使产业在集群内部企业中得到更为细致的分工,"
                "最终形成每个企业在本地价值链上的竞争优势",
                "产业分工的细化还可以带动集群内其他服务性企业的发展",
                "也有学者将这种集群内部价值链结构的完善称作地方产业集群供应链的整合(黎继子等,2005)",
            ),
            PAPER_SOURCE,
            "A consolidation at A, not a Figure 1 move; the paper attaches no upgrading type to it. "
            "黎继子等 (2005) call it supply-chain integration of the local cluster.",
        ),
        Move(
            2,
            A,
            B,
            UpgradingType.PROCESS,
            "由地方价值链融入全球价值链,实现工艺升级",
            "join the GVC as one of its links; process upgrading",
            (
                "借本地价值链环节的竞争优势融入全球价值链,成为其中一个组成环节",
                "面向更广阔的市场,吸取国际先进的制造技术",
                "先进生产技术通过集群内价值链向其他企业扩散,提高整个产业的生产效率",
            ),
            (
                "use the strong local links to join the GVC as one of its links",
                "reach wider markets and absorb advanced international manufacturing technology",
                "let that technology diffuse through the local chain to raise the whole cluster's "
                "productivity",
            ),
            (),
            "§4, Figure 1",
            (
                "集群企业可以借此优势融入全球价值链当中,成为全球价值链中的一个组成环节,"
                "并且企业由此可以面向更广阔的市场,吸取国际先进的制造技术",
                "而这些高效的生产技术又可以通过集群内价值链的生产活动向其他企业扩散,"
                "从而促进产业集群内整个产业生产效率的提高,实现集群在产业内的工艺升级",
                "这种由地方价值链到全球价值链的跃升可以用图1中A到B的过程表示",
            ),
        ),
    ),
    "II": (
        Move(
            1,
            A,
            B,
            UpgradingType.PROCESS,
            "贴牌生产(OEM)/三来一补:迅速融入全球生产网络,实现工艺升级",
            "OEM / processing trade: join the global production network fast; process upgrading",
            (
                "以“三来一补”或OEM等方式为跨国公司进行生产加工",
                "发挥本地的低成本优势,迅速融入全球价值链的生产网络",
                "形成全球制造业的基地",
            ),
            (
                "process for multinationals as OEM or under 三来一补 processing trade",
                "use the local cost advantage to join the GVC's production network fast",
                "become a global manufacturing base",
            ),
            (_HAINING,),
            "§4",
            (
                "集群中的企业通常是以“三来一补”或OEM等方式为跨国公司进行生产加工而融入到全球价值链中",
                "在进行贴牌生产的初级阶段,集群企业应当积极发挥本地的低成本优势,迅速融入全球价值链的生产网络,"
                "形成全球制造业的基地,实现产业的工艺升级",
                "由于这些产业的优势是生产制造的低成本,在相关技术的研发和品牌推广方面与那些国际采购商还有很大差距,"
                "因此只能获得全球价值链底端低附加值部分的利润",
            ),
            PAPER_SOURCE,
            "Table 1 says type II clusters already do processing/OEM, i.e. they are typically at B; "
            "this step describes how they got there. The paper does not label this step 'A to B' "
            "explicitly; joining the GVC's production network is what A→B denotes.",
            BusinessModel.OEM,
        ),
        Move(
            2,
            B,
            C,
            UpgradingType.PRODUCT,
            "向龙头企业学习,投资研发设计,成为自行设计的开发商:产品升级",
            "learn from lead firms, invest in R&D/design, become an own-design developer: "
            "product upgrading",
            (
                "注重向价值链中的龙头进行学习的机会",
                "将投资转向研发设计",
                "成为自行设计的开发商(ODM)",
            ),
            (
                "seize chances to learn from the chain's lead firms",
                "shift investment to R&D and design",
                "become an own-design developer (ODM)",
            ),
            (_TAIWAN_COMPUTERS,),
            "§4, Figure 1",
            (
                "在确立制造基地的优势之后,集群企业便要注重向价值链中的龙头进行学习的机会,"
                "将投资转向研发设计或营销渠道的建立,成为自行设计的开发商或自行销售的销售商,"
                "实现产品升级、功能升级的目的,即如图1中沿着全球价值链由B到C或由B到D的升级过程",
                "对于这些处于生产加工等中间环节的行业来说,由工艺升级到产品升级再到功能升级的方式是其升级路径",
            ),
            PAPER_SOURCE,
            "Alternative to B→D (same step). Pairing design with C and marketing with D reads the "
            "paper's sentence as 'respectively'.",
            BusinessModel.ODM,
        ),
        Move(
            2,
            B,
            D,
            UpgradingType.FUNCTIONAL,
            "建立营销渠道、自行销售(自有品牌):功能升级",
            "build own marketing channels and sell on one's own (own brand): functional upgrading",
            (
                "注重向价值链中的龙头进行学习的机会",
                "将投资转向营销渠道的建立",
                "成为自行销售的销售商(OBM)",
            ),
            (
                "seize chances to learn from the chain's lead firms",
                "shift investment to building marketing channels",
                "become an own-sales seller (OBM)",
            ),
            (_TAIWAN_COMPUTERS,),
            "§4, Figure 1",
            (
                "在确立制造基地的优势之后,集群企业便要注重向价值链中的龙头进行学习的机会,"
                "将投资转向研发设计或营销渠道的建立,成为自行设计的开发商或自行销售的销售商,"
                "实现产品升级、功能升级的目的,即如图1中沿着全球价值链由B到C或由B到D的升级过程",
                "目前一些比较成功的经验是沿着OEM(贴牌生产)到ODM(自行设计生产)再到OBM(自有品牌生产)的路径进行升级,"
                "如台湾的计算机行业",
            ),
            PAPER_SOURCE,
            "Alternative to B→C (same step).",
            BusinessModel.OBM,
        ),
        Move(
            3,
            D,
            E,
            UpgradingType.INTER_CHAIN,
            "凭借自身力量进入新的领域:跨链条升级",
            "enter a new field on one's own strength: inter-chain upgrading",
            ("当产业集群的总体技术水平发展到一定程度后,凭借自身力量进入新的领域",),
            ("once the cluster's overall technology is strong enough, enter a new field",),
            (_TAIWAN_TV,),
            "§4, Figure 1",
            (
                "当产业集群的总体技术水平发展到一定程度后,还可以凭借自身力量进入新的领域,"
                "实现跨链条的升级方式,即图1中由D到E的过程",
                "如我国台湾的电视机产业集群,成功地将生产电视机的知识用来生产显示器或其它计算机设备",
            ),
        ),
    ),
    "III": (
        Move(
            1,
            None,
            None,
            UpgradingType.PRODUCT,
            "以研发设计和技术突破为重点,通过产品升级换代带动整个价值链",
            "focus on R&D, design and technological breakthroughs; pull the whole chain through "
            "successive product generations",
            (
                "发展重点放在产品的研发设计和技术上的突破与创新",
                "通过产品不断的升级换代带动整个产业价值链的发展",
            ),
            (
                "make R&D, design and technological breakthroughs the priority",
                "upgrade through successive product generations that pull the whole chain",
            ),
            (_BINJIANG,),
            "§4",
            (
                "发展重点应当是产品的研发设计和技术上的突破与创新,通过产品不断的升级换代,来带动整个产业价值链的发展",
            ),
            PAPER_SOURCE,
            "The paper does not place type III on Figure 1 and does not name the upgrading type; "
            "'product upgrading' is our reading of 产品不断的升级换代 with §2's definition.",
        ),
        Move(
            2,
            None,
            None,
            UpgradingType.FUNCTIONAL,
            "剥离弱势的生产制造环节,由龙头企业在本地及全球整合优秀的生产加工环节",
            "divest weak production links; lead firms search locally and globally for the best "
            "production links and integrate them",
            (
                "将自身生产的弱势环节(如生产、制造)逐渐剥离出去",
                "龙头企业在本地甚至全球范围内寻找优秀的生产加工环节",
                "对各个环节进行产业价值链的整合",
            ),
            (
                "gradually divest weak links such as production and manufacturing",
                "lead firms search locally and even globally for the best production links",
                "integrate the links into the industry's value chain",
            ),
            (_BINJIANG,),
            "§4",
            (
                "这些产业在发展过程中还要逐渐将自身生产的弱势环节不断的剥离出去,如生产、制造等",
                "就要求产业集群中的龙头企业能够扩大视野,不断地在本地甚至全球范围内寻找优秀的生产加工环节,"
                "并对各个环节进行产业价值链的整合,保持产业的健康发展",
                "这些通信企业的集聚不仅促进了彼此的技术交流,也带动并整合了本地许多生产型企业的发展",
            ),
            PAPER_SOURCE,
            "The paper does not name the upgrading type; 'functional upgrading' is our reading: "
            "Humphrey & Schmitz (§2) count giving up functions (放弃现有功能) as functional upgrading.",
        ),
    ),
}


def _general_model() -> tuple[Move, ...]:
    steps = {Figure1Point.A: 1, Figure1Point.B: 2, Figure1Point.D: 3}
    return tuple(
        Move(
            steps[m.from_point],
            m.from_point,
            m.to_point,
            m.upgrading,
            m.name_zh,
            m.name_en,
            (),
            (),
            (),
            "§4, Figure 1; §5",
            (m.quote_zh.rstrip("。"),),
            GENERAL_SOURCE,
            "General Figure 1 model; the paper's type-specific prescription does not reach this "
            "point.",
        )
        for m in FIGURE1_MOVES
    )


#: Figure 1's moves as the general model of the conclusion (process → product → functional →
#: inter-chain), used by :func:`next_moves` beyond a type's own prescription.
GENERAL_MODEL: tuple[Move, ...] = _general_model()

_GENERIC_HS: tuple[Move, ...] = tuple(
    Move(
        u.rank,
        None,
        None,
        u,
        u.name_zh,
        u.name_en,
        (u.description_zh,),
        (u.description_en,),
        (),
        "§2 (definitions only)",
        (u.description_zh,),
        GENERIC_SOURCE,
        "The paper prescribes no path for this governance/integration pair.",
    )
    for u in UpgradingType
)


def _as_type(t: object) -> Typology | OutsideTypology:
    if isinstance(t, Typology | OutsideTypology):
        return t
    return typology(str(t))


def path(t: Typology | OutsideTypology | str) -> tuple[Move, ...]:
    """The upgrading path the paper prescribes for a type.

    Parameters
    ----------
    t : Typology, OutsideTypology or str
        ``TYPE_I``/``"I"`` etc. An :class:`OutsideTypology` gets the four generic Humphrey &
        Schmitz moves, marked ``source="generic Humphrey & Schmitz (2002), not the paper"``.

    Returns
    -------
    tuple of Move
        Ordered by ``step``; equal steps are alternatives.

    Examples
    --------
    >>> [(m.label, m.upgrading.name_en if m.upgrading else None) for m in path("I")]
    [('at A', None), ('A->B', 'process upgrading')]
    """
    tt = _as_type(t)
    if isinstance(tt, OutsideTypology):
        return _GENERIC_HS
    return _PATHS[tt.code]


def next_moves(t: Typology | str, point: Figure1Point | str) -> list[Move]:
    """Moves open to a cluster of type ``t`` standing at Figure 1 point ``point``.

    The type's own prescription comes first; where it does not reach the point (type I beyond A→B),
    the general Figure 1 model of the conclusion is used and its moves carry
    ``source="the paper: Figure 1 (§4) and the conclusion (§5), general model"``. The paper names no
    move out of C or E, so those return an empty list.

    Parameters
    ----------
    t : Typology or str
        ``TYPE_I``, ``TYPE_II`` (``"I"``, ``"II"``). Type III raises: the paper does not place it on
        Figure 1 (use :func:`path`).
    point : Figure1Point or str
        ``"A"`` .. ``"E"``.

    Returns
    -------
    list of Move

    Raises
    ------
    ValueError
        For type III or a type outside the typology.

    Examples
    --------
    >>> [m.label for m in next_moves("I", "A")]
    ['at A', 'A->B']
    >>> [(m.label, m.source.startswith("the paper: Figure 1")) for m in next_moves("I", "B")]
    [('B->C', True), ('B->D', True)]
    >>> next_moves("II", "C")
    []
    """
    tt = _as_type(t)
    if isinstance(tt, OutsideTypology) or tt is TYPE_III:
        raise OptionError(
            f"the paper does not place {tt.code if tt is TYPE_III else 'this pair'} on Figure 1; "
            "use path() for its prescribed steps"
        )
    p = parse_point(point)
    own = [m for m in _PATHS[tt.code] if m.from_point is p]
    if own:
        return own
    return [m for m in GENERAL_MODEL if m.from_point is p]


_FRAGMENT_ITEMS: tuple[AdviceItem, ...] = (
    AdviceItem(
        "扩大差别化率,开发差别化产品,实施差别化战略",
        "raise the differentiation rate of fibres (差别化率): develop differentiated products",
        FRAGMENT_SOURCE,
        "appended fragment",
        "扩大差别化率",
    ),
    AdviceItem(
        "发挥产、学、研相结合优势,鼓励企业到科研院校设立研发中心,创办化纤新产品技术开发中心",
        "combine industry, universities and research: set up R&D centres at universities and "
        "research institutes and chemical-fibre product development centres",
        FRAGMENT_SOURCE,
        "appended fragment",
        "充分发挥产、学、研相结合优势,鼓励企业到科研院校设立研发中心,创办化纤新产品技术开发中心,提高技术开发创新能力",
    ),
    AdviceItem(
        "提高多功能纤维与高附加值应用领域的综合开发能力",
        "develop multi-functional, high value-added fibres and their applications",
        FRAGMENT_SOURCE,
        "appended fragment",
        "全面提高多功能纤维与高附加值应用领域的综合开发能力",
    ),
    AdviceItem(
        "加快企业信息化进程,以信息化整合信息流、资金流和物流,降低运营成本",
        "speed up informatization: integrate information, funds and material flows and cut "
        "operating costs",
        FRAGMENT_SOURCE,
        "appended fragment",
        "就必须加快企业信息化进程,用信息化促进和提升管理现代化",
    ),
)


def advice(
    key: str | Typology | OutsideTypology,
    *,
    governance: Governance | str | None = None,
    integration: Integration | str | None = None,
) -> Advice:
    """Upgrading advice for an industry or cluster (or a type), with provenance on every item.

    Parameters
    ----------
    key : str, Typology or OutsideTypology
        Industry or cluster key / name (e.g. ``"chemical_fibres"``, ``"海宁皮革"``), or a type.
    governance, integration : optional
        Override the paper's classification (e.g. with a measured one). The pair is classified with
        :func:`~gvckit.framework.typology.type_for`; a pair outside the typology (producer-driven
        with high integration) gets generic Humphrey & Schmitz advice, never a forced type.

    Returns
    -------
    Advice
        ``moves``: the path; ``items``: the appended fragment's chemical-fibre advice
        (``source="appended fragment, not the paper"``) for chemical fibres, or a note that the paper
        has no such type (``source="generic Humphrey & Schmitz (2002), not the paper"``).

    Examples
    --------
    >>> a = advice("chemical_fibres")
    >>> a.typology.code, {i.source for i in a.items}
    ('II', {'appended fragment, not the paper'})
    >>> advice("electronics", integration="high").moves[0].source
    'generic Humphrey & Schmitz (2002), not the paper'
    """
    ind_key = ""
    if isinstance(key, Typology | OutsideTypology):
        subject = key.code
        t: Typology | OutsideTypology = key
    else:
        try:
            ind = industry(key)
        except LookupError:
            cl: Cluster = cluster(key)
            ind = cl.industry
            subject = cl.key
        else:
            subject = ind.key
        ind_key = ind.key
        t = typology(ind.type)
    if governance is not None or integration is not None:
        g = governance if governance is not None else t.governance
        i = integration if integration is not None else t.integration
        t = type_for(g, i)
    moves = path(t)
    items: list[AdviceItem] = []
    if isinstance(t, OutsideTypology):
        items.append(
            AdviceItem(
                t.reason_zh,
                t.reason_en
                + " Generic advice: the four Humphrey & Schmitz (2002) upgrading types, low to high.",
                GENERIC_SOURCE,
                t.section,
            )
        )
        if t.nearest is not None:
            items.append(
                AdviceItem(
                    f"最接近的论文类型:{t.nearest.code}类(仅供参考)",
                    f"nearest paper type, for information only: type {t.nearest.code}",
                    GENERIC_SOURCE,
                    t.section,
                )
            )
    if ind_key == "chemical_fibres":
        items.extend(_FRAGMENT_ITEMS)
    return Advice(subject, t, moves, tuple(items))
