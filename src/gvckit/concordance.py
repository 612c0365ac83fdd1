"""Sector concordances between the classifications gvckit meets.

Classifications (codes and names in ``concordance_data/classifications.csv``):

=================  ===========================================================================
``wiod2013``       WIOD 2013 release, 35 industries (ISIC Rev.3); aliases ``isic3``, ``wiod``
``adb35``          ADB MRIO 35 sectors ``c1``-``c35`` (the WIOD 2013 industries in order); ``adb``
``wiod2016``       WIOD 2016 release, 56 sectors (ISIC Rev.4)
``oecd2021``       OECD ICIO 2021 ed., 45 sectors (``D01T02`` ...); aliases ``isic4_oecd``, ``oecd``
``oecd2023``       OECD ICIO 2023 ed., the same 45 groups with letter codes (``A01_02`` ...)
``isic4``          ISIC Rev.4 divisions (88), the hub through which the others are joined
``nbs42``          China's 42-sector input-output classification (2017 table)
``gbt4754_2017``   GB/T 4754-2017 divisions (大类, 97); also ``gbt4754_2011`` (96), ``gbt4754_2002`` (95)
=================  ===========================================================================

Each link file ``concordance_data/<a>__<b>.csv`` has columns ``from, to, share, coverage, source,
note``: ``share`` is ``"whole"`` when the ``from`` code goes entirely to ``to`` and ``"part"`` when
it is split among several codes; ``coverage`` says the same of the ``to`` code. Other pairs are
the relational composition of the links along the shortest path of the link graph, e.g.
``wiod2013 -> isic4 -> gbt4754_2017 -> nbs42``; a composed concordance is a superset (it can pair
codes whose overlap lies in another code), so ``share``/``coverage`` are recomputed from the
composed relation. Sources are listed in ``concordance_data/README.md``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from gvckit.errors import InputError

__all__ = [
    "classifications",
    "codes",
    "concordance",
    "map_sectors",
    "concordance_matrix",
    "aggregation_map",
]

ALIASES = {
    "isic3": "wiod2013", "wiod": "wiod2013", "isic3_wiod": "wiod2013", "adb": "adb35",
    "isic4_oecd": "oecd2021", "oecd": "oecd2021", "icio": "oecd2021", "oecd_icio": "oecd2021",
    "isic4_division": "isic4", "nbs": "nbs42", "china42": "nbs42",
    "gbt4754": "gbt4754_2017", "gbt2017": "gbt4754_2017", "gbt2011": "gbt4754_2011",
    "gbt2002": "gbt4754_2002",
}


def _files():
    return resources.files("gvckit").joinpath("concordance_data")


@lru_cache(maxsize=1)
def _classes() -> pd.DataFrame:
    with _files().joinpath("classifications.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _links() -> dict[tuple[str, str], pd.DataFrame]:
    out = {}
    for f in _files().iterdir():
        name = f.name
        if name.endswith(".csv") and "__" in name:
            a, b = name[:-4].split("__")
            with f.open("r", encoding="utf-8") as fh:
                out[(a, b)] = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return out


def _name(cls: str) -> str:
    key = str(cls).strip().lower().replace("-", "_").replace(" ", "_")
    key = ALIASES.get(key, key)
    known = set(_classes()["classification"])
    if key not in known:
        raise InputError(f"unknown classification {cls!r}; known: {sorted(known)} "
                         f"(aliases: {sorted(ALIASES)})")
    return key


def classifications() -> pd.DataFrame:
    """The classifications with their number of codes.

    Examples
    --------
    >>> from gvckit.concordance import classifications
    >>> int(classifications().loc["nbs42", "codes"])
    42
    """
    c = _classes().groupby("classification", sort=False)["code"].size().rename("codes")
    return c.to_frame()


def codes(classification: str) -> pd.DataFrame:
    """Codes of a classification with English (``name``) and Chinese (``name_zh``) names.

    Examples
    --------
    >>> from gvckit.concordance import codes
    >>> codes("gbt4754_2017").loc["19", "name_zh"]
    '皮革、毛皮、羽毛及其制品和制鞋业'
    """
    key = _name(classification)
    df = _classes()
    return df[df["classification"] == key].set_index("code")[["name", "name_zh"]]


def _path(a: str, b: str) -> list[str]:
    graph: dict[str, set[str]] = {}
    for x, y in _links():
        graph.setdefault(x, set()).add(y)
        graph.setdefault(y, set()).add(x)
    prev = {a: None}
    queue = deque([a])
    while queue:
        node = queue.popleft()
        if node == b:
            break
        for nxt in sorted(graph.get(node, ())):
            if nxt not in prev:
                prev[nxt] = node
                queue.append(nxt)
    if b not in prev:
        raise InputError(f"no concordance links join {a!r} and {b!r}")
    path = [b]
    while path[-1] != a:
        path.append(prev[path[-1]])
    return path[::-1]


def _step(a: str, b: str) -> pd.DataFrame:
    links = _links()
    if (a, b) in links:
        return links[(a, b)][["from", "to", "source", "note"]]
    df = links[(b, a)]
    return df.rename(columns={"from": "to", "to": "from"})[["from", "to", "source", "note"]]


def concordance(from_: str, to: str) -> pd.DataFrame:
    """Concordance between two classifications: one row per pair of codes that overlap.

    Parameters
    ----------
    from_, to : str
        Classification names (see the module docstring; aliases accepted).

    Returns
    -------
    DataFrame
        Columns ``from``, ``to``, ``share`` (``"whole"`` when the ``from`` code maps entirely
        to this ``to`` code, else ``"part"``), ``coverage`` (``"whole"`` when the ``to`` code is
        entirely made of this ``from`` code), ``from_name``, ``to_name``, ``source``, ``note``
        and ``path`` (the link files composed). Every code of ``from_`` that has a counterpart
        appears; ``attrs["unmatched_from"]``/``["unmatched_to"]`` list codes without one.
        With a ``from``-unique result (many-to-one) it can be passed to
        :meth:`gvckit.ICIO.aggregate` as ``sectors=``.

    Examples
    --------
    >>> from gvckit.concordance import concordance
    >>> c = concordance("wiod2013", "nbs42")
    >>> c[c["from"] == "19"][["to", "share"]].values.tolist()
    [['08', 'whole']]
    """
    a, b = _name(from_), _name(to)
    out = _concordance(a, b).copy()
    out.attrs = {k: (list(v) if isinstance(v, list) else v) for k, v in _concordance(a, b).attrs.items()}
    return out


@lru_cache(maxsize=64)
def _concordance(a: str, b: str) -> pd.DataFrame:
    """Concordance of two canonical classification names (cached; callers get a copy)."""
    if a == b:
        cl = codes(a).reset_index()
        out = pd.DataFrame({"from": cl["code"], "to": cl["code"], "source": "identity", "note": ""})
        path = [a]
    else:
        path = _path(a, b)
        out = _step(path[0], path[1])
        for x, y in zip(path[1:-1], path[2:], strict=True):
            nxt = _step(x, y)
            out = out.merge(nxt, left_on="to", right_on="from", suffixes=("", "_n"))
            out = pd.DataFrame({
                "from": out["from"], "to": out["to_n"],
                "source": out["source"] + " | " + out["source_n"],
                "note": (out["note"] + "; " + out["note_n"]).str.strip("; "),
            })
        out = out.groupby(["from", "to"], sort=False, as_index=False).agg(
            source=("source", lambda s: " || ".join(dict.fromkeys(s))),
            note=("note", lambda s: "; ".join(dict.fromkeys(v for v in s if v))))
    order_f = {c: i for i, c in enumerate(codes(a).index)}
    order_t = {c: i for i, c in enumerate(codes(b).index)}
    out = out.assign(_f=out["from"].map(order_f), _t=out["to"].map(order_t))
    out = out.sort_values(["_f", "_t"]).drop(columns=["_f", "_t"]).reset_index(drop=True)
    nf = out.groupby("from")["to"].transform("size")
    nt = out.groupby("to")["from"].transform("size")
    out.insert(2, "share", np.where(nf == 1, "whole", "part"))
    out.insert(3, "coverage", np.where(nt == 1, "whole", "part"))
    out.insert(4, "from_name", out["from"].map(codes(a)["name"]))
    out.insert(5, "to_name", out["to"].map(codes(b)["name"]))
    out["path"] = " -> ".join(path)
    out.attrs.update(
        from_classification=a, to_classification=b, path=path,
        unmatched_from=[c for c in codes(a).index if c not in set(out["from"])],
        unmatched_to=[c for c in codes(b).index if c not in set(out["to"])],
    )
    return out


def map_sectors(codes_: Iterable[str] | str, from_: str, to: str) -> pd.DataFrame:
    """The ``to`` codes matching each given ``from`` code (rows of :func:`concordance`).

    Raises :class:`gvckit.InputError` naming codes that are not in ``from_``.

    Examples
    --------
    >>> from gvckit.concordance import map_sectors
    >>> map_sectors("19", "wiod2013", "oecd2021")["to"].tolist()
    ['D13T15']
    """
    items = [codes_] if isinstance(codes_, str) else [str(c) for c in codes_]
    a = _name(from_)
    bad = [c for c in items if c not in codes(a).index]
    if bad:
        raise InputError(f"codes {bad[:10]} are not in classification {a!r}")
    c = concordance(a, to)
    out = c[c["from"].isin(items)]
    out = out.assign(_o=out["from"].map({k: i for i, k in enumerate(items)}))
    return out.sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def concordance_matrix(from_: str, to: str, weights: Any = None) -> pd.DataFrame:
    """Distribution matrix ``W`` (from codes x to codes) whose rows sum to one.

    ``W_ft`` is the share of a value recorded under ``from`` code f that goes to ``to`` code t,
    so ``x_to = W' x_from`` converts a vector and keeps its total; the 0/1 case is the
    aggregation matrix ``S'`` of :meth:`gvckit.ICIO.aggregate` (use :func:`aggregation_map`
    to aggregate a table). A ``"whole"`` row has one 1. A ``"part"`` row is split

    * equally among its targets when ``weights`` is None (a stated assumption, not data);
    * in proportion to ``weights[t]`` when ``weights`` is a Series or mapping by ``to`` code
      (e.g. the target sectors' output);
    * as given when ``weights`` is a Series indexed by ``(from, to)`` pairs (normalised by row).

    Examples
    --------
    >>> from gvckit.concordance import concordance_matrix
    >>> W = concordance_matrix("oecd2021", "wiod2016")
    >>> W.loc["D13T15", "C13-C15"], W.loc["D01T02", "A01"]
    (np.float64(1.0), np.float64(0.5))
    """
    c = concordance(from_, to)
    fcodes = list(codes(c.attrs["from_classification"]).index)
    tcodes = list(codes(c.attrs["to_classification"]).index)
    fpos = {k: i for i, k in enumerate(fcodes)}
    tpos = {k: i for i, k in enumerate(tcodes)}
    r = c["from"].map(fpos).to_numpy()
    k = c["to"].map(tpos).to_numpy()
    if weights is None:
        w = np.ones(len(c))
    else:
        ws = pd.Series(weights) if isinstance(weights, Mapping) else weights
        if not isinstance(ws, pd.Series):
            raise InputError("weights must be a pandas Series or a mapping")
        if isinstance(ws.index, pd.MultiIndex):
            w = ws.reindex(pd.MultiIndex.from_arrays([c["from"], c["to"]])).to_numpy(dtype=float)
            what = "(from, to) pairs"
        else:
            ws.index = ws.index.astype(str)
            w = ws.reindex(c["to"]).to_numpy(dtype=float)
            what = "to codes"
        if np.isnan(w).any():
            miss = c.loc[np.isnan(w), "to"].unique().tolist()
            raise InputError(f"weights are missing for {what} {miss[:10]}")
        if (w < 0).any():
            raise InputError("weights must not be negative")
    W = np.zeros((len(fcodes), len(tcodes)))
    np.add.at(W, (r, k), w)
    rows = W.sum(axis=1)
    zero = (rows == 0) & np.isin(np.arange(len(fcodes)), r)
    if zero.any():
        raise InputError(f"weights are zero for every target of {[fcodes[i] for i in np.nonzero(zero)[0]][:10]}")
    W = np.divide(W, rows[:, None], out=np.zeros_like(W), where=rows[:, None] > 0)
    out = pd.DataFrame(W, index=pd.Index(fcodes, name=c.attrs["from_classification"]),
                       columns=pd.Index(tcodes, name=c.attrs["to_classification"]))
    out.attrs.update(c.attrs)
    return out


def aggregation_map(from_: str, to: str, codes_: Iterable[str] | None = None) -> dict[str, str]:
    """A ``{from: to}`` mapping for :meth:`gvckit.ICIO.aggregate` when every code maps whole.

    Raises :class:`gvckit.InputError` naming the codes that are split among several targets (use
    :func:`concordance_matrix` with weights for those).

    Examples
    --------
    >>> from gvckit.concordance import aggregation_map
    >>> aggregation_map("gbt4754_2017", "nbs42")["19"]
    '08'
    """
    c = concordance(from_, to)
    if codes_ is not None:
        want = [str(x) for x in codes_]
        c = c[c["from"].isin(want)]
        missing = [x for x in want if x not in set(c["from"])]
        if missing:
            raise InputError(f"codes {missing[:10]} have no counterpart in {to!r}")
    split = c.loc[c["share"] == "part", "from"].unique().tolist()
    if split:
        raise InputError(f"{len(split)} {from_} code(s) are split among several {to} codes, so a "
                         f"plain aggregation is impossible: {split[:10]}; use concordance_matrix")
    return dict(zip(c["from"], c["to"], strict=True))
