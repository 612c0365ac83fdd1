"""The paper's typology: Table 1 exactly, the three types, and the cell the paper leaves empty.

Table 1 of the seed paper (§3, 表1 对浙江产业集群的代表性产业的分类) crosses the chain's governance
(Gereffi 1999: producer- vs buyer-driven) with the degree of integration into the GVC:

====  ===============  =========  ==========================================
type  governance       integration representative industries
====  ===============  =========  ==========================================
I     buyer-driven     low        general machinery, metal products, transport
II    buyer-driven     high       textiles, leather, garments, electrical ...
III   producer-driven  emerging   electronic and communication equipment
====  ===============  =========  ==========================================

The paper has no type for a producer-driven chain with high integration; :func:`type_for` returns
an explicit :class:`OutsideTypology` for it (and for the other empty cells) instead of forcing a
type.

Text normalisation of the Chinese table (documented in ``data/table1.json``): every whitespace
character of the seed text is removed (PDF line breaks inside the narrow columns, the spaces PDF
extraction put before ``,`` and ``:``, around Latin letters and digits, and U+3000); punctuation is
kept as extracted (ASCII ``,`` and ``:``). ``punctuation="fullwidth"`` gives the printed form with
``，`` ``：`` ``（`` ``）``.

References
----------
Gereffi, G. (1999). International trade and industrial upgrading in the apparel commodity chain.
    *Journal of International Economics*, 48(1), 37-70.

Examples
--------
>>> from gvckit.framework.typology import table1, type_for, TYPE_II
>>> table1("zh").loc[0, "融入价值链的程度"]
'产品生产与流通主要在区域内部完成,与全球价值链融入程度不高。'
>>> type_for("buyer-driven", "high") is TYPE_II
True
>>> type_for("producer-driven", "high").in_paper
False
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pandas as pd

from gvckit.errors import UnknownNameError

from .concepts import Governance, Integration, parse_governance, parse_integration

__all__ = [
    "Typology",
    "OutsideTypology",
    "TYPE_I",
    "TYPE_II",
    "TYPE_III",
    "TYPES",
    "table1",
    "type_for",
    "typology",
    "to_fullwidth",
]


@functools.cache
def _table1_data() -> dict[str, Any]:
    path = resources.files("gvckit.framework").joinpath("data").joinpath("table1.json")
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Typology:
    """One of the paper's three types (a row of Table 1).

    Attributes
    ----------
    code : str
        ``"I"``, ``"II"`` or ``"III"``.
    governance : Governance
    integration : Integration
    integration_zh, integration_en : str
        The Table 1 integration cell (Chinese as in the seed, whitespace removed) and its translation.
    industries : tuple of str
        Keys of the representative industries (Table 1; chemical fibres added to II from the §3 text).
    clusters : tuple of str
        Keys of the typical clusters.
    start_point : str
        Where on Figure 1 the paper places such clusters today (I: ``"A"``, II: ``"B"``; III: ``""``,
        the paper does not place type III on Figure 1).
    section : str
    source : str
    """

    code: str
    governance: Governance
    integration: Integration
    integration_zh: str
    integration_en: str
    industries: tuple[str, ...]
    clusters: tuple[str, ...]
    start_point: str
    section: str = "§3, Table 1"
    source: str = "the paper (after Gereffi 1999)"
    in_paper: bool = True

    @property
    def name_zh(self) -> str:
        return f"{self.code}类"

    @property
    def name_en(self) -> str:
        return f"type {self.code}"

    def __str__(self) -> str:  # pragma: no cover - cosmetic
        return (
            f"type {self.code}: {self.governance.name_en}, {self.integration.name_en} integration"
        )


@dataclass(frozen=True)
class OutsideTypology:
    """A (governance, integration) pair for which the paper has no type.

    Attributes
    ----------
    governance : Governance
    integration : Integration
    reason_en, reason_zh : str
        Why no paper type applies.
    nearest : Typology or None
        The closest paper type when one is defensible (shown for information only; never used as if
        it were the classification).
    in_paper : bool
        Always False.
    """

    governance: Governance
    integration: Integration
    reason_en: str
    reason_zh: str
    nearest: Typology | None = None
    in_paper: bool = False
    code: str = "outside"
    section: str = "§3, Table 1 (empty cell)"

    def __str__(self) -> str:  # pragma: no cover - cosmetic
        return (
            f"outside the paper's typology ({self.governance.name_en}, {self.integration.name_en})"
        )


def _make(code: str, start: str, chem_fibres: bool = False) -> Typology:
    row = next(r for r in _table1_data()["rows"] if r["type"] == code)
    inds = tuple(row["industries"]) + (("chemical_fibres",) if chem_fibres else ())
    return Typology(
        code=code,
        governance=parse_governance(row["governance"]),
        integration=parse_integration(row["integration"]),
        integration_zh=row["zh"]["integration"],
        integration_en=row["en"]["integration"],
        industries=inds,
        clusters=tuple(row["clusters"]),
        start_point=start,
    )


#: Type I: buyer-driven, low integration (Figure 1 point A).
TYPE_I = _make("I", "A")
#: Type II: buyer-driven, high integration (processing/OEM, Figure 1 point B). Includes chemical
#: fibres, which §3's text puts here ("化纤、纺织、皮革…") though Table 1 does not print it.
TYPE_II = _make("II", "B", chem_fibres=True)
#: Type III: producer-driven, emerging industry (not placed on Figure 1 by the paper).
TYPE_III = _make("III", "")
TYPES: tuple[Typology, ...] = (TYPE_I, TYPE_II, TYPE_III)


def typology(code: str | Typology) -> Typology:
    """Return ``TYPE_I``/``TYPE_II``/``TYPE_III`` for ``"I"``, ``"II"``, ``"III"`` (or 1, 2, 3).

    Examples
    --------
    >>> typology("ii").governance.name_zh
    '采购者驱动型'
    """
    if isinstance(code, Typology):
        return code
    k = str(code).strip().upper().removeprefix("TYPE").strip().removesuffix("类")
    k = {"1": "I", "2": "II", "3": "III"}.get(k, k)
    for t in TYPES:
        if t.code == k:
            return t
    raise UnknownNameError("type", code, ("I", "II", "III"))


def type_for(governance: object, integration: object) -> Typology | OutsideTypology:
    """Classify a (governance, integration) pair with the paper's Table 1.

    Parameters
    ----------
    governance : Governance or str
        ``Governance`` member or label (``"producer-driven"``, ``"采购者驱动型"``, ...).
    integration : Integration or str
        ``Integration`` member or label (``"low"``, ``"high"``, ``"emerging"``, ...).

    Returns
    -------
    Typology or OutsideTypology
        ``TYPE_I`` (buyer, low), ``TYPE_II`` (buyer, high), ``TYPE_III`` (producer, emerging);
        otherwise an :class:`OutsideTypology` that says the paper has no such type. In particular a
        producer-driven chain with high integration is never forced into I, II or III.

    Examples
    --------
    >>> type_for("buyer", "low").code
    'I'
    >>> r = type_for("producer", "high")
    >>> r.in_paper, r.nearest
    (False, None)
    """
    g = parse_governance(governance)
    i = parse_integration(integration)
    for t in TYPES:
        if t.governance is g and t.integration is i:
            return t
    if g is Governance.PRODUCER_DRIVEN and i is Integration.HIGH:
        return OutsideTypology(
            g,
            i,
            "The paper has no type for a producer-driven chain with high integration: Table 1's only "
            "producer-driven row (III) is an emerging industry whose integration has yet to deepen.",
            "论文未设生产者驱动型且融入程度较高的类型：表1中唯一的生产者驱动型（III 类）属于新兴产业，融入程度有待加深。",
        )
    if g is Governance.PRODUCER_DRIVEN and i is Integration.LOW:
        return OutsideTypology(
            g,
            i,
            "Table 1 has no producer-driven row with low integration. Type III is the nearest: the "
            "paper says its integration is still very limited (融合程度还很有限), but defines it as an "
            "emerging industry, which the data alone cannot establish.",
            "表1没有生产者驱动型且融入程度不高的类型；最接近的是 III 类（论文说其融合程度还很有限），"
            "但论文把 III 类定义为新兴产业，这一点仅凭数据无法确定。",
            nearest=TYPE_III,
        )
    return OutsideTypology(
        g,
        i,
        f"Table 1 has no {g.name_en} row with '{i.name_en}' integration; the paper splits "
        "buyer-driven chains only into low (I) and high (II) integration.",
        f"表1没有{g.name_zh}且{i.name_zh}的类型；论文只把采购者驱动型分为融入程度不高（I 类）和较高（II 类）。",
    )


_FULLWIDTH = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", ";": "；"})


def to_fullwidth(text: str) -> str:
    """Turn ASCII ``, : ( ) ;`` into the full-width forms the printed paper uses.

    Examples
    --------
    >>> to_fullwidth("完成,与")
    '完成，与'
    """
    return text.translate(_FULLWIDTH)


def table1(lang: str = "zh", punctuation: str = "seed") -> pd.DataFrame:
    """The paper's Table 1 (§3), cell by cell.

    Parameters
    ----------
    lang : {"zh", "en"}
        ``"zh"``: the paper's Chinese text and headers (价值链类型, 融入价值链的程度, 代表产业,
        典型产业集群) with a leading 类型 column; ``"en"``: a faithful English translation with
        columns ``type, governance, integration, representative_industries, typical_clusters``.
    punctuation : {"seed", "fullwidth"}
        Chinese only. ``"seed"`` keeps the punctuation of the stored seed text (whitespace removed);
        ``"fullwidth"`` shows ``，`` ``：`` ``（`` ``）`` as printed.

    Returns
    -------
    pandas.DataFrame
        Three rows (I, II, III). ``df.attrs`` holds ``title``, ``source_note`` (资料来源:根据相关资料整理。),
        ``section`` and ``normalisation``.

    Examples
    --------
    >>> t = table1("en")
    >>> t.governance.tolist()
    ['Buyer-driven', 'Buyer-driven', 'Producer-driven']
    >>> table1("zh", punctuation="fullwidth").attrs["source_note"]
    '资料来源：根据相关资料整理。'
    """
    if lang not in ("zh", "en"):
        raise UnknownNameError("language", lang, ("zh", "en"))
    if punctuation not in ("seed", "fullwidth"):
        raise UnknownNameError("punctuation", punctuation, ("seed", "fullwidth"))
    data = _table1_data()
    fields = ["governance", "integration", "representative_industries", "typical_clusters"]
    conv = to_fullwidth if (lang == "zh" and punctuation == "fullwidth") else (lambda s: s)
    rows = [[r["type"], *(conv(r[lang][f]) for f in fields)] for r in data["rows"]]
    columns = ["类型", *data["headers_zh"]] if lang == "zh" else ["type", *fields]
    df = pd.DataFrame(rows, columns=columns)
    if lang == "zh":
        df.attrs["title"] = f"{data['number_zh']} {data['title_zh']}"
        df.attrs["source_note"] = conv(data["source_note_zh"])
    else:
        df.attrs["title"] = data["title_en"]
        df.attrs["source_note"] = data["source_note_en"]
    df.attrs["section"] = data["section"]
    df.attrs["normalisation"] = data["normalisation"]
    df.attrs["note"] = (
        "Chemical fibres (化纤) are type II in the §3 text but are not printed in Table 1."
    )
    return df
