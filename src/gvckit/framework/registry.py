"""The paper's 11 representative industries and 9 typical clusters, with sector mappings.

§3 of the seed paper names 11 industries with annual sales above 50 billion yuan (梁普明 2005) as
representative of Zhejiang's clusters, and Table 1 names 9 typical clusters. This module holds them
as data (``data/industries.csv``, ``data/clusters.csv``, ``data/sector_map.csv``) and maps each to the
sectors of four input-output classifications:

==============  ===========================================================================
``wiod2013``    WIOD 2013 release, ISIC Rev.3, 35 sectors (``17t18``, ``24``, ``30t33`` ...)
``isic4_oecd``  OECD ICIO 2021 edition, ISIC Rev.4, 45 sectors (``D13T15``, ``D20`` ...)
``wiod2016``    WIOD 2016 release, ISIC Rev.4, 56 sectors (``C13-C15``, ``C20`` ...)
``nbs42``       China's 42-sector NBS input-output table (codes ``01``..``42``)
==============  ===========================================================================

Every mapping row carries ``share_of_sector`` (``"whole"``: the sector is, approximately, this
industry; ``"part"``: the sector also holds other activities) and a ``reasoning`` text. For
industries, ``shared_with`` lists the other paper industries mapped to the same sector.
Clusters inherit the mapping of their industry unless ``sector_map.csv`` has cluster rows (only
Zhoushan ship building and repair is narrowed: ship building vs ship repair).

References
----------
梁普明 (2005), cited by the paper for the 11 industries. GB/T 4754 codes: 1994/2002/2011/2017 editions
as tabled in ``/work/shared/data/zhejiang/README.md`` (1994 codes marked "to verify").

Examples
--------
>>> from gvckit.framework.registry import industry, sectors_for
>>> industry("化纤").key
'chemical_fibres'
>>> list(sectors_for("leather", "isic4_oecd").sector_code)
['D13T15']
>>> list(sectors_for("Yuhuan valves", "wiod2013").sector_code)
['29']
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from gvckit.errors import UnknownNameError

from .concepts import Governance, Integration, parse_governance, parse_integration

__all__ = [
    "CLASSIFICATIONS",
    "Industry",
    "Cluster",
    "industries",
    "industry_keys",
    "clusters",
    "industry",
    "cluster",
    "sectors_for",
]

#: Supported classifications and what they are.
CLASSIFICATIONS: dict[str, str] = {
    "wiod2013": "WIOD 2013 release, ISIC Rev.3, 35 sectors",
    "isic4_oecd": "OECD ICIO 2021 edition, ISIC Rev.4, 45 sectors (D-prefixed codes)",
    "wiod2016": "WIOD 2016 release, ISIC Rev.4, 56 sectors",
    "nbs42": "China NBS 42-sector input-output table (2017/2018/2020 layout)",
}
_CLASS_ALIASES = {
    "wiod13": "wiod2013",
    "wiod_2013": "wiod2013",
    "isic3": "wiod2013",
    "oecd": "isic4_oecd",
    "icio": "isic4_oecd",
    "oecd_icio": "isic4_oecd",
    "icio2021": "isic4_oecd",
    "wiod16": "wiod2016",
    "wiod_2016": "wiod2016",
    "nbs": "nbs42",
    "nbs_42": "nbs42",
    "china42": "nbs42",
}


def _read_csv(name: str) -> list[dict[str, str]]:
    path = resources.files("gvckit.framework").joinpath("data").joinpath(name)
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _norm(text: str) -> str:
    return "".join(str(text).split()).lower().replace("-", "_").replace(",", "").replace("，", "")


@dataclass(frozen=True)
class Industry:
    """One of the paper's 11 representative industries (§3).

    Attributes
    ----------
    key : str
        English key/slug, e.g. ``"chemical_fibres"``.
    name_zh : str
        Name exactly as the paper writes it in §3 (e.g. ``"化学纤维制造业"``).
    name_en : str
        English name.
    table1_term_zh : str
        The shorter term used in Table 1 or, for chemical fibres, in the §3 text (``"化纤"``).
    type : str
        ``"I"``, ``"II"`` or ``"III"``.
    type_source : str
        ``"Table 1"``, or a note that the type comes from the §3 text (chemical fibres).
    governance : Governance
    integration : Integration
    gbt4754 : dict
        GB/T 4754 division codes by edition (``"1994"``, ``"2002"``, ``"2011"``, ``"2017"``);
        several divisions are joined by ``";"``.
    gbt4754_1994_status : str
        ``"to verify ..."``: the 1994 codes were tabled from memory.
    gbt4754_note : str
    aliases : tuple of str
    section : str
        ``"§3"``.
    source : str
        Citation.
    """

    key: str
    name_zh: str
    name_en: str
    table1_term_zh: str
    type: str
    type_source: str
    governance: Governance
    integration: Integration
    gbt4754: dict[str, str]
    gbt4754_1994_status: str
    gbt4754_note: str
    aliases: tuple[str, ...]
    section: str = "§3"
    source: str = "梁普明 (2005), cited in §3; type from Table 1 (see type_source)"

    def sectors(self, classification: str = "wiod2013") -> pd.DataFrame:
        """Sector rows for this industry; see :func:`sectors_for`."""
        return sectors_for(self.key, classification)


@dataclass(frozen=True)
class Cluster:
    """One of the paper's 9 typical clusters (Table 1).

    Attributes
    ----------
    key, name_zh, name_en : str
    place_zh, place_en, place_level : str
        City, county, town or district the paper's name points to.
    prefecture_zh, prefecture_en : str
        Prefecture-level city (e.g. 玉环 is in 台州).
    industry_key : str
        The paper industry the cluster belongs to (inferred: see ``industry_source``).
    industry_source : str
    note : str
    section : str
    source : str
    """

    key: str
    name_zh: str
    name_en: str
    place_zh: str
    place_en: str
    place_level: str
    prefecture_zh: str
    prefecture_en: str
    industry_key: str
    industry_source: str
    note: str
    section: str
    source: str = "the paper, Table 1"

    @property
    def industry(self) -> Industry:
        """The cluster's :class:`Industry`."""
        return industry(self.industry_key)

    @property
    def type(self) -> str:
        """The paper's type (I/II/III), that of its industry."""
        return self.industry.type

    def sectors(self, classification: str = "wiod2013") -> pd.DataFrame:
        """Sector rows for this cluster; see :func:`sectors_for`."""
        return sectors_for(self.key, classification)


@functools.cache
def _industries() -> tuple[Industry, ...]:
    out = []
    for r in _read_csv("industries.csv"):
        out.append(
            Industry(
                key=r["key"],
                name_zh=r["name_zh"],
                name_en=r["name_en"],
                table1_term_zh=r["table1_term_zh"],
                type=r["type"],
                type_source=r["type_source"],
                governance=parse_governance(r["governance"]),
                integration=parse_integration(r["integration"]),
                gbt4754={ed: r[f"gbt4754_{ed}"] for ed in ("1994", "2002", "2011", "2017")},
                gbt4754_1994_status=r["gbt4754_1994_status"],
                gbt4754_note=r["gbt4754_note"],
                aliases=tuple(a for a in r["aliases"].split(";") if a),
            )
        )
    return tuple(out)


@functools.cache
def _clusters() -> tuple[Cluster, ...]:
    return tuple(
        Cluster(**{k: r[k] for k in Cluster.__dataclass_fields__ if k in r})
        for r in _read_csv("clusters.csv")
    )


@functools.cache
def _sector_map() -> pd.DataFrame:
    df = pd.DataFrame(_read_csv("sector_map.csv"))
    return df


def _lookup(key: str, kind: str) -> object:
    found = _names_of(kind).get(_norm(key))
    if found is None:
        items = _industries() if kind == "industry" else _clusters()
        raise UnknownNameError(kind, key, [it.key for it in items])
    return found


@functools.cache
def _names_of(kind: str) -> dict[str, object]:
    """Every normalised name of the industries or clusters (key, Chinese and English names,
    aliases, for industries the Table 1 term) -> its item, the first in the registry's order
    winning a shared name: built once, for every look-up."""
    out: dict[str, object] = {}
    for it in _industries() if kind == "industry" else _clusters():
        names = {it.key, it.name_zh, it.name_en, *getattr(it, "aliases", ())}
        if kind == "industry":
            names.add(it.table1_term_zh)
        for n in names:
            out.setdefault(_norm(n), it)
    return out


def industry(key: str) -> Industry:
    """Look up an industry by English key/slug, English name, Chinese name or Table 1 term.

    Parameters
    ----------
    key : str
        E.g. ``"chemical_fibres"``, ``"chemical-fibres"``, ``"化学纤维制造业"``, ``"化纤"``.

    Returns
    -------
    Industry

    Raises
    ------
    KeyError
        Listing the valid keys.

    Examples
    --------
    >>> industry("电器产品").name_zh
    '电气机械及器材制造业'
    """
    return _lookup(key, "industry")  # type: ignore[return-value]


def cluster(key: str) -> Cluster:
    """Look up a cluster by English key/slug, English name or Chinese name.

    Examples
    --------
    >>> cluster("海宁皮革").prefecture_zh
    '嘉兴市'
    >>> cluster("yuhuan-valves").industry_key
    'general_machinery'
    """
    return _lookup(key, "cluster")  # type: ignore[return-value]


def _classification(name: str) -> str:
    k = _norm(name)
    k = _CLASS_ALIASES.get(k, k)
    if k not in CLASSIFICATIONS:
        raise UnknownNameError("classification", name, CLASSIFICATIONS)
    return k


def industry_keys() -> list[str]:
    """The keys of the paper's 11 industries in the order §3 lists them (no sector look-up, so
    cheap enough for a ``--help`` text).

    >>> industry_keys()[:3]
    ['chemical_fibres', 'electronics_communication', 'textiles']
    """
    return [it.key for it in _industries()]


def _sector_summary(key: str, cls: str) -> str:
    """``";".join(sectors_for(key, cls).sector_code)`` from the code index of the map (no
    frame per look-up: the industry and cluster tables need 80 of them)."""
    codes = _codes_of(_classification(cls))
    try:
        return ";".join(codes.get(("industry", industry(key).key), ()))
    except LookupError:
        pass
    cl = cluster(key)  # raises LookupError as sectors_for would
    own = codes.get(("cluster", cl.key))
    return ";".join(own if own is not None else codes.get(("industry", cl.industry_key), ()))


def industries() -> pd.DataFrame:
    """The paper's 11 representative industries, in the order §3 lists them.

    Returns
    -------
    pandas.DataFrame
        One row per industry: ``key, name_zh, name_en, table1_term_zh, type, type_source,
        governance, integration, gbt4754_1994 .. gbt4754_2017, gbt4754_1994_status,
        gbt4754_note`` and one column per classification with the sector codes joined by ``";"``.

    Examples
    --------
    >>> df = industries()
    >>> len(df), df.loc[df.key == "textiles", "wiod2013"].item()
    (11, '17t18')
    """
    return _industries_frame().copy()


@functools.cache
def _industries_frame() -> pd.DataFrame:
    rows = []
    for it in _industries():
        row = {
            "key": it.key,
            "name_zh": it.name_zh,
            "name_en": it.name_en,
            "table1_term_zh": it.table1_term_zh,
            "type": it.type,
            "type_source": it.type_source,
            "governance": it.governance.name_en,
            "integration": it.integration.name_en,
            **{f"gbt4754_{ed}": code for ed, code in it.gbt4754.items()},
            "gbt4754_1994_status": it.gbt4754_1994_status,
            "gbt4754_note": it.gbt4754_note,
            "section": it.section,
        }
        for cls in CLASSIFICATIONS:
            row[cls] = _sector_summary(it.key, cls)
        rows.append(row)
    df = pd.DataFrame(rows)
    df.attrs["source"] = (
        "seed paper §3 (梁普明 2005); Table 1; GB/T 4754 per data/zhejiang/README.md"
    )
    return df


def clusters() -> pd.DataFrame:
    """The paper's 9 typical clusters, in Table 1 order.

    Returns
    -------
    pandas.DataFrame
        One row per cluster with names, place, prefecture, industry, type and one column per
        classification with the sector codes joined by ``";"``.

    Examples
    --------
    >>> clusters().set_index("key").loc["zhoushan_shipbuilding", "isic4_oecd"]
    'D30;D31T33'
    """
    return _clusters_frame().copy()


@functools.cache
def _clusters_frame() -> pd.DataFrame:
    rows = []
    for c in _clusters():
        row = {f: getattr(c, f) for f in Cluster.__dataclass_fields__}
        row["industry_name_zh"] = c.industry.name_zh
        row["type"] = c.type
        for cls in CLASSIFICATIONS:
            row[cls] = _sector_summary(c.key, cls)
        rows.append(row)
    df = pd.DataFrame(rows)
    df.attrs["source"] = "seed paper §3, Table 1"
    return df


def sectors_for(key: str, classification: str = "wiod2013") -> pd.DataFrame:
    """Sectors of an input-output classification that an industry or cluster maps to.

    Parameters
    ----------
    key : str
        Industry or cluster (key, English or Chinese name; industries are tried first).
    classification : {"wiod2013", "isic4_oecd", "wiod2016", "nbs42"}

    Returns
    -------
    pandas.DataFrame
        Columns ``key, classification, sector_code, sector_name_en, sector_name_zh,
        share_of_sector ("whole"/"part"), shared_with, reasoning, inherited_from``.
        ``shared_with`` lists other paper industries mapped to the same sector;
        ``inherited_from`` is the industry key when a cluster inherits its industry's rows.

    Examples
    --------
    >>> sectors_for("garments", "wiod2013")[["sector_code", "share_of_sector", "shared_with"]].values.tolist()
    [['17t18', 'part', 'textiles']]
    """
    return _sectors_for(key, classification).copy()


def _sector_codes(key: str, classification: str = "wiod2013") -> tuple[str, ...]:
    """The ``sector_code`` column of :func:`sectors_for`, without building its frame: the codes
    ``key`` maps to, in the map's order.

    >>> _sector_codes("leather")
    ('19',)
    """
    cls = _classification(classification)
    _, _, rows, _ = _resolve(key, cls)
    return _codes_of(cls).get(rows, ())


def _resolve(key: str, cls: str) -> tuple[str, str, tuple[str, str], str]:
    """Whose rows of the sector map ``key`` (an industry or a cluster) takes in ``cls``: the
    subject's key, the industry that owns its sectors, the ``(entity, key)`` of the rows and
    the industry they are inherited from ("" when they are the subject's own). A cluster
    without rows of its own inherits its industry's."""
    try:
        ind = industry(key)
    except LookupError:
        ind = None
    if ind is not None:
        return ind.key, ind.key, ("industry", ind.key), ""
    try:
        cl = cluster(key)
    except LookupError:
        raise UnknownNameError(
            "industry or cluster", key,
            [i.key for i in _industries()] + [c.key for c in _clusters()],
        ) from None
    if ("cluster", cl.key) in _codes_of(cls):
        return cl.key, cl.industry_key, ("cluster", cl.key), ""
    return cl.key, cl.industry_key, ("industry", cl.industry_key), cl.industry_key


@functools.cache
def _map_of(cls: str) -> tuple[pd.DataFrame, dict[str, tuple[str, ...]]]:
    """The sector map of one classification and, per sector code, the industries mapped to it
    (in the map's order): built once, for every industry's and cluster's look-up."""
    m = _sector_map()
    m = m[m.classification == cls]
    ind = m[m.entity == "industry"]
    industries_of: dict[str, tuple[str, ...]] = {}
    for code, key in zip(ind.sector_code, ind.key, strict=True):
        industries_of[code] = (*industries_of.get(code, ()), key)
    return m, industries_of


@functools.cache
def _codes_of(cls: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """``(entity, key) -> sector codes`` of one classification, in the map's order."""
    m, _ = _map_of(cls)
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for ent, key, code in zip(m.entity, m.key, m.sector_code, strict=True):
        out[(ent, key)] = (*out.get((ent, key), ()), code)
    return out


@functools.lru_cache(maxsize=512)
def _sectors_for(key: str, classification: str) -> pd.DataFrame:
    """:func:`sectors_for`, computed once per (key, classification); callers get a copy."""
    cls = _classification(classification)
    m, industries_of = _map_of(cls)
    subject, owner, (entity, row_key), inherited = _resolve(key, cls)
    rows = m[(m.entity == entity) & (m.key == row_key)].copy()
    rows["shared_with"] = [";".join(k for k in industries_of.get(code, ()) if k != owner)
                           for code in rows.sector_code]
    rows["key"] = subject
    rows["inherited_from"] = inherited
    cols = [
        "key",
        "classification",
        "sector_code",
        "sector_name_en",
        "sector_name_zh",
        "share_of_sector",
        "shared_with",
        "reasoning",
        "inherited_from",
    ]
    return rows[cols].reset_index(drop=True)
