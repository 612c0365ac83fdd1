"""The framework's indicators of one region in one year, computed once per model and reused.

Every label of :mod:`~gvckit.framework.classify` and :mod:`~gvckit.framework.diagnose`, and every
sensitivity variant that recomputes it, reads the same per-year arrays: they are computed for all
sectors of the table at once and memoised on the :class:`~gvckit.leontief.Model` (kept while the
model lives), so a variant costs a few sums, not a new Leontief solve.

Each indicator is a pair ``(numerator, denominator)`` over the table's ``GN`` country-sectors;
an industry's value is the pooled ratio over its sectors (sum of numerators over sum of
denominators), and the region's manufacturing benchmark pools over the region's manufacturing
sectors. Notation: ``x`` output, ``e`` gross exports, ``v`` value-added coefficients, ``B`` the
global Leontief inverse, ``Y`` final demand by destination, ``s`` the region.

=====================  ==========================================================  ===========
indicator              numerator / denominator                                      source
=====================  ==========================================================  ===========
export_orientation     ``e_j / x_j``                                                 --
vax_ratio              ``v_j Σ_k B_jk Σ_{r≠s} Y_kr / va_j`` (value added absorbed   Johnson &
                       abroad over value added)                                     Noguera 2012
foreign_va_share       ``(1 - Σ_{i∈s} (V B)_ij) e_j / e_j``                         HIY 2001
wwyz_forward           ``V̂ L A^F B y`` over ``va`` (position, not voting)          WWYZ 2017
wwyz_backward          by final product over ``y`` (position)                       WWYZ 2017
bm_gvc_share           ``(E - DAVAX) / E`` (position)                               BM 2019
upstreamness           ACFH ``(B x) ⊘ x`` weighted by ``x`` (position)              AC FH 2012
capital_good_share     GFCF over final demand (inventories left out), all           UN BEC via
                       destinations                                                 IO categories
labour_intensity       labour compensation / value added (tables with it only)     --
dva_share_exports      ``Σ_{i∈s} (V B)_ij e_j / e_j``                               KWW 2014
domestic_input_share   domestic intermediate inputs / all intermediate inputs       --
services_content       ``Σ_{i∈s, services} (V B)_ij e_j / e_j``                     --
=====================  ==========================================================  ===========

References
----------
Johnson, R. C. and Noguera, G. (2012), JIE 86(2): 224-236.
Hummels, D., Ishii, J. and Yi, K.-M. (2001), JIE 54(1): 75-96.
Wang, Z., Wei, S.-J., Yu, X. and Zhu, K. (2017), NBER WP 23222.
Borin, A. and Mancini, M. (2019), World Bank PRWP 8804.
Antràs, P., Chor, D., Fally, T. and Hillberry, R. (2012), AER P&P 102(3): 412-416.
Koopman, R., Wang, Z. and Wei, S.-J. (2014), AER 104(2): 459-494.

Examples
--------
>>> from gvckit.framework.classify import ModelSeries
>>> m = ModelSeries("wiod2013").model(2005)
>>> ry = region_year(m, "CHN")
>>> round(ry.value("export_orientation", ["19"]), 3), round(ry.manufacturing("export_orientation"), 3)
(0.371, 0.206)
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from gvckit.errors import InputError, UnknownNameError
from gvckit.leontief import Model

__all__ = ["memo", "region_year", "require_whole_economies", "RegionYear", "SERVICE_GROUPS"]

_MEMO: weakref.WeakKeyDictionary[Model, dict[str, Any]] = weakref.WeakKeyDictionary()
#: The costly indicator families :func:`region_year` computes on first use (:class:`LazyParts`);
#: a classification reads them all, a diagnosis none.
LAZY_PARTS = ("vax_ratio", "wwyz_forward", "wwyz_backward", "bm_gvc_share", "upstreamness")
#: In :meth:`~gvckit.framework.classify.ModelSeries.prepare`'s ``parts``: every indicator of the
#: year, cheap and costly (what a classification reads).
EVERY_PART = "*"

#: Service sectors counted in the services content of exports, by WIOD 2013 code (other
#: classifications: the sectors with a service role in ``governance_proxies.csv``).
SERVICE_GROUPS: dict[str, tuple[str, ...]] = {
    "trade": ("50", "51", "52"),
    "transport": ("60", "61", "62", "63"),
    "telecoms": ("64",),
    "finance": ("J",),
    "business": ("71t74",),
}


def require_whole_economies(t) -> None:
    """Raise unless every economy of ``t`` is one block of rows.

    OECD ICIO splits China and Mexico into processing-trade rows (``CN1``/``CN2``,
    ``MX1``/``MX2``) beside ``CHN`` and ``MEX`` (``t.meta["processing_splits"]``). The framework
    reads a region as its own block of rows and compares it with the other blocks, so on a split
    table ``CHN`` would leave out China's processing exporters (the core of its GVC trade) and
    ``CN1``/``CN2`` would count as economies of their own: a wrong number with no error.

    Raises
    ------
    InputError
        Naming the splits and the fix: read the table with them added into their country
        (``--meld``; ``gvckit.read(path, meld=True)``).
    """
    splits = t.meta.get("processing_splits") or {}
    present = [c for c in splits if c in t.countries]
    if not present:
        return
    whole: dict[str, list[str]] = {}
    for c in present:
        whole.setdefault(str(splits[c]), []).append(c)
    parts = " and ".join(f"{k} into {', '.join(v)}" for k, v in whole.items())
    where = t.meta.get("file") or t.source or "the table"
    raise InputError(
        f"{where}: the table splits {parts} (processing trade); the paper's framework reads each "
        "economy as one block of rows, so read the table with the splits added into their country: "
        "--meld on the command line, gvckit.read(path, meld=True) in Python")


def memo(m: Model, key: str, fn: Callable[[], Any]) -> Any:
    """``fn()`` computed once per model (kept while the model lives)."""
    d = _MEMO.setdefault(m, {})
    if key not in d:
        d[key] = fn()
    return d[key]


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den and np.isfinite(den) and den > 0 else float("nan")


class LazyParts(Mapping[str, tuple[np.ndarray, np.ndarray]]):
    """``key -> (numerator, denominator)``, where the costly families (VAX, WWYZ participation,
    Borin-Mancini, upstreamness) are computed on first access only: a diagnosis, which reads
    none of them, never pays for them; a classification computes each once per model."""

    def __init__(self, ready: dict[str, tuple[np.ndarray, np.ndarray]],
                 later: dict[str, Callable[[], tuple[np.ndarray, np.ndarray]]]) -> None:
        self._ready = ready
        self._later = later

    def __getitem__(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        if key not in self._ready:
            if key not in self._later:
                raise KeyError(key)
            self._ready[key] = self._later[key]()
        return self._ready[key]

    def __contains__(self, key: object) -> bool:
        return key in self._ready or key in self._later

    def __iter__(self):
        return iter({**self._later, **self._ready})

    def __len__(self) -> int:
        return len({**self._later, **self._ready})


@dataclass
class RegionYear:
    """The indicators of every sector of the table in one year, read for one region.

    ``parts[k]`` is ``(numerator, denominator)`` over the table's ``GN`` country-sectors.
    """

    year: int
    region: str
    pos: int
    N: int
    G: int
    sectors: list[str]
    manufacturing_rows: np.ndarray
    parts: Mapping[str, tuple[np.ndarray, np.ndarray]]
    x_region: np.ndarray
    nrca_of_table: Callable[[], np.ndarray]
    service_sectors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def nrca(self) -> np.ndarray:
        """The value-added NRCA (KWW 2014) of the region's sectors (computed on first use: only
        a diagnosis' inter-chain reasons read it)."""
        return np.asarray(self.nrca_of_table()[self.pos * self.N:(self.pos + 1) * self.N], dtype=float)

    def rows(self, sectors: Sequence[str]) -> np.ndarray:
        """Positions (within a country block) of ``sectors``."""
        try:
            return np.array([self.sectors.index(s) for s in sectors], dtype=int)
        except ValueError:
            bad = [s for s in sectors if s not in self.sectors]
            raise UnknownNameError("sector", bad[0], self.sectors) from None

    def _pool(self, key: str, rows: np.ndarray, country: int) -> float:
        if key not in self.parts:
            return float("nan")
        num, den = self.parts[key]
        idx = country * self.N + rows
        return _ratio(num[idx].sum(), den[idx].sum())

    def value(self, key: str, sectors: Sequence[str]) -> float:
        """The region's pooled value of indicator ``key`` over ``sectors`` (NaN if unavailable)."""
        return self._pool(key, self.rows(sectors), self.pos)

    def manufacturing(self, key: str) -> float:
        """The region's manufacturing pooled."""
        return self._pool(key, self.manufacturing_rows, self.pos)

    def world_quantile(self, key: str, sectors: Sequence[str], q: float) -> float:
        """The ``q`` quantile, over the table's *other* economies, of the same pooled indicator."""
        if key not in self.parts:
            return float("nan")
        rows = self.rows(sectors)
        num, den = (np.asarray(a, dtype=float).reshape(self.G, self.N)[:, rows].sum(axis=1)
                    for a in self.parts[key])
        with np.errstate(divide="ignore", invalid="ignore"):
            vals = np.where((den > 0) & np.isfinite(den), num / den, np.nan)  # as _ratio, per economy
        vals = np.delete(vals, self.pos)
        vals = vals[np.isfinite(vals)]
        return float(np.quantile(vals, q)) if vals.size else float("nan")

    def benchmark(self, key: str, sectors: Sequence[str], benchmark: str, q: float = 0.5) -> float:
        """The benchmark of ``key``: ``"region_manufacturing"`` or ``"world_percentile"``."""
        if benchmark == "region_manufacturing":
            return self.manufacturing(key)
        if benchmark == "world_percentile":
            return self.world_quantile(key, sectors, q)
        raise UnknownNameError("benchmark", benchmark, ("region_manufacturing", "world_percentile"))

    def output_share(self, sectors: Sequence[str]) -> float:
        """The sectors' share of the region's gross output."""
        tot = float(self.x_region.sum())
        return _ratio(self.x_region[self.rows(sectors)].sum(), tot)

    def nrca_of(self, sector: str) -> float:
        """The value-added NRCA (KWW 2014) of one of the region's sectors."""
        return float(self.nrca[self.rows([sector])[0]])


def _capital_parts(m: Model) -> tuple[np.ndarray, np.ndarray]:
    t = m.table
    Y = t.arrays()[1]
    cats = np.asarray(t.fd_columns.get_level_values(1))
    keep = ~np.isin(cats, ["INVEN", "inventories"])
    gfcf = Y[:, cats == "GFCF"].sum(axis=1) if "GFCF" in cats else np.full(m.n, np.nan)
    return gfcf, Y[:, keep].sum(axis=1)


def _labour_rows(t) -> list[int]:
    """Positions of the value-added rows that hold compensation of employees (none: [])."""
    rows = t.va_rows
    if rows is None:
        return []
    names = [str(i).lower() for i in rows.index]
    return [i for i, n in enumerate(names)
            if n in ("comp", "lab", "labour", "labor", "d1", "compensation of employees")
            or "compensation" in n]


def _labour_parts(m: Model) -> tuple[np.ndarray, np.ndarray] | None:
    hit = _labour_rows(m.table)
    if not hit:  # no value-added rows, or none for compensation of employees
        return None
    comp = m.table.va_rows.to_numpy(dtype=float)[hit].sum(axis=0)
    return comp, np.asarray(m.va, dtype=float)


def _service_sectors(t, classification: str) -> dict[str, list[str]]:
    if classification == "wiod2013":
        return {g: [s for s in secs if s in t.sectors] for g, secs in SERVICE_GROUPS.items()}
    from .rules import sector_proxies

    role = sector_proxies(classification)["service_role"]
    out: dict[str, list[str]] = {}
    for s in t.sectors:
        r = role.get(s, "")
        if r:
            out.setdefault(str(r), []).append(s)
    return out


def import_measures() -> None:
    """Import the modules :func:`region_year` uses (it imports them on first use), so that
    threads computing several years at once (:meth:`ModelSeries.prepare`) find them loaded."""
    import gvckit.measures.decompose.bm  # noqa: F401
    import gvckit.measures.length  # noqa: F401
    import gvckit.measures.participation  # noqa: F401
    import gvckit.measures.rca  # noqa: F401


def _compute(m: Model, region: str) -> RegionYear:
    from gvckit.measures.decompose.bm import gvc_related_exports
    from gvckit.measures.length import upstreamness
    from gvckit.measures.participation import wwyz_parts
    from gvckit.measures.rca import nrca

    from .classify import table_classification
    from .rules import sector_proxies

    t = m.table
    require_whole_economies(t)
    if region not in t.countries:
        raise UnknownNameError("region", region, t.countries)
    pos = m.country_pos(region)
    cls = table_classification(t)
    prox = sector_proxies(cls).reindex(list(t.sectors))
    manuf = np.flatnonzero(prox["manufacturing"].eq(True).to_numpy())
    if not manuf.size:
        raise InputError(f"the table has no manufacturing sector; its sectors are {list(t.sectors)[:8]}...")
    e, x = m.e.copy(), m.x.copy()
    va = np.asarray(m.va, dtype=float)
    def vax() -> tuple[np.ndarray, np.ndarray]:
        # VAX (Johnson & Noguera 2012): value added absorbed by final demand outside the source.
        By = memo(m, "B_Yd", lambda: m.solve(m.Yd))  # GN x G
        own = By[np.arange(m.n), m.country_of]
        return m.v * (By.sum(axis=1) - own), va

    dva = m.VB_country[m.country_of, np.arange(m.n)]  # domestic VA per unit of own output

    def wwyz(key: str) -> tuple[np.ndarray, np.ndarray]:
        w = memo(m, "wwyz_parts", lambda: wwyz_parts(m))
        if key == "f":
            return w["f_GVC_S"] + w["f_GVC_C"], np.asarray(w["va"], dtype=float)
        return w["b_GVC_S"] + w["b_GVC_C"], np.asarray(w["y"], dtype=float)

    def bm_share() -> tuple[np.ndarray, np.ndarray]:
        # one row per country-sector: a table with processing-trade splits never gets here
        b = memo(m, "bm_gvc", lambda: gvc_related_exports(m))
        return b["GVC"].to_numpy(dtype=float), b["GEXP"].to_numpy(dtype=float)

    def upstream() -> tuple[np.ndarray, np.ndarray]:
        U = memo(m, "upstreamness", lambda: np.nan_to_num(upstreamness(m).to_numpy()))
        return U * x, x

    Z = t.arrays()[0]
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "export_orientation": (e, x),
        "foreign_va_share": ((1.0 - dva) * e, e),
        "dva_share_exports": (dva * e, e),
        "va_output_ratio": (va, x),
    }

    def zin() -> np.ndarray:  # intermediate inputs by using sector, 1'Z
        return memo(m, "Z_colsum", lambda: Z.sum(axis=0))

    def domestic_inputs() -> tuple[np.ndarray, np.ndarray]:
        return Z.reshape(m.G, m.N, m.n).sum(axis=1)[m.country_of, np.arange(m.n)], zin()

    later: dict[str, Callable[[], tuple[np.ndarray, np.ndarray]]] = {
        "capital_good_share": lambda: _capital_parts(m),
        "domestic_input_share": domestic_inputs,
        "input_coefficient": lambda: (zin(), x),
    }
    if _labour_rows(m.table):
        later["labour_intensity"] = lambda: cast(tuple[np.ndarray, np.ndarray], _labour_parts(m))
    # services content of exports: domestic VA of the region's service sectors per unit of exports
    groups = _service_sectors(t, cls)
    blk = m.block(pos)

    def services() -> dict[str, tuple[np.ndarray, np.ndarray]]:
        rowsv = []
        for secs in groups.values():
            vs = np.zeros(m.n)
            for s in secs:
                k = pos * m.N + t.sectors.index(s)
                vs[k] = m.v[k]
            rowsv.append(vs)
        mult = m.solve_left(np.vstack(rowsv))  # (groups, GN)
        out = {}
        for g, row in zip(groups, mult, strict=True):
            num = np.zeros(m.n)
            num[blk] = row[blk] * e[blk]
            out[f"services_content:{g}"] = (num, e)
        tot = np.zeros(m.n)
        tot[blk] = mult.sum(axis=0)[blk] * e[blk]
        out["services_content"] = (tot, e)
        return out

    if groups:  # one solve for every group: the first read computes them all
        for k in ("services_content", *(f"services_content:{g}" for g in groups)):
            later[k] = (lambda k=k: memo(m, f"services:{region}", services)[k])
    later.update({"vax_ratio": vax, "wwyz_forward": lambda: wwyz("f"), "wwyz_backward": lambda: wwyz("b"),
                  "bm_gvc_share": bm_share, "upstreamness": upstream})
    return RegionYear(
        year=int(t.year or 0), region=region, pos=pos, N=m.N, G=m.G, sectors=list(t.sectors),
        manufacturing_rows=manuf, parts=LazyParts(parts, later), x_region=x[blk],
        nrca_of_table=lambda: memo(m, "nrca", lambda: nrca(m)["NRCA"].to_numpy()), service_sectors=groups,
    )


def region_year(m: Model, region: str) -> RegionYear:
    """The indicators of ``region`` in the year of ``m`` (computed once per model and region).

    Raises
    ------
    UnknownNameError
        When the table has no economy ``region``.
    """
    return memo(m, f"region_year:{region}", lambda: _compute(m, region))
