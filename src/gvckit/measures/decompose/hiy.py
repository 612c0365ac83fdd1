"""Value-added origin of exports and final demand (Hummels, Ishii & Yi 2001; gvc, decompr).

Everything here is a block sum of two matrices of the Leontief model:

* ``V B diag(e)`` (``VBE``): entry (i, j) is the value added of source country-sector i embodied
  in the gross exports of country-sector j (decompr ``leontief(post="exports")``);
* ``V B Y`` (GN x G): value added of source i absorbed in the final demand of country r.

This module also defines :class:`Units`, the partition of the table's countries into the
*exporting units* a decomposition runs over: single countries, or country groups treated as one
exporter (trade inside a group is domestic). Processing-trade splits (CN1/CN2 of China) are
melded the same way, as OECD TiVA does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model

__all__ = ["Units", "hiy", "vb_by_unit", "import_content", "HIY_DEFINITIONS"]

HIY_REFERENCES = [
    "Hummels, D., Ishii, J. and Yi, K.-M. (2001), The nature and growth of vertical "
    "specialization in world trade, Journal of International Economics 54(1), 75-96.",
    "Quast, B. and Kummritz, V. (2015), decompr: Global value chain decomposition in R, "
    "CTEI Working Paper 2015-01 (decompr `leontief`; gvc `i2e`, `e2r`).",
]

HIY_DEFINITIONS = {
    "EXGR": "gross exports e_j of the exporting country-sector (to partners and outside the table)",
    "DVA": "domestic value added in the country-sector's exports: sum_{i in s} (V B diag(e))_ij",
    "VS": "vertical specialisation (HIY 2001; gvc i2e): foreign value added in the exports of "
    "country-sector j, sum_{i not in s} (V B diag(e))_ij",
    "VS1": "forward vertical specialisation (VS1-type; gvc e2r): value added of source "
    "country-sector i embodied in other countries' exports, sum_{j not in s} (V B diag(e))_ij "
    "(indexed by the SOURCE sector)",
    "DVA_DFD": "domestic VA absorbed in domestic final demand, by source sector (gvc dfddva)",
    "DVA_FFD": "domestic VA absorbed in foreign final demand, by source sector (gvc ffddva; = VAX)",
    "FVA_DFD": "foreign VA absorbed in the unit's own final demand, by the foreign source sector "
    "(gvc dfdfva)",
}


@dataclass(frozen=True)
class Units:
    """A partition of a table's countries into exporting units.

    Attributes
    ----------
    names : list of str
        Unit labels (country codes, group names or melded whole countries).
    members : list of list of str
        Countries in each unit.
    unit_of : ndarray of int, shape (GN,)
        Unit position of every country-sector row.
    """

    names: list[str]
    members: list[list[str]]
    unit_of: np.ndarray

    @property
    def U(self) -> int:
        return len(self.names)

    def rows(self, u: int) -> np.ndarray:
        """Row positions (country-sectors) of unit ``u``."""
        return np.flatnonzero(self.unit_of == u)

    def country_matrix(self, N: int) -> np.ndarray:
        """(G x U) indicator matrix: country -> unit (``N`` sectors per country)."""
        first = self.unit_of[::N]
        M = np.zeros((first.size, self.U))
        M[np.arange(first.size), first] = 1.0
        return M

    def pos(self, name: str) -> int:
        return self.names.index(name)

    @property
    def is_countries(self) -> bool:
        """True when every unit is one country (no groups, nothing melded)."""
        return all(len(m) == 1 for m in self.members)

    @classmethod
    def build(cls, model: Model, groups: Mapping[str, Sequence[str]] | None = None) -> Units:
        """Units for ``model``: each group is one unit, every other country its own unit.

        A member that is not in the table, an empty group, a country in two groups, or a group
        name that is also another country's code raises :class:`InputError`.
        """
        countries = list(model.table.countries)
        unit_name = {c: c for c in countries}
        seen: dict[str, str] = {}
        for g, mem in (groups or {}).items():
            if isinstance(mem, str):
                mem = [mem]
            present = [c for c in mem if c in unit_name]
            missing = [c for c in mem if c not in unit_name]
            if missing or not present:
                raise InputError(
                    f"group {g!r} names countries that are not in the table: {missing or mem}; "
                    f"the table has {countries}"
                )
            if g in unit_name and g not in present:
                raise InputError(
                    f"group name {g!r} is also a country of the table outside the group"
                )
            for c in present:
                if c in seen:
                    raise InputError(f"country {c!r} is in two groups: {seen[c]!r} and {g!r}")
                seen[c] = g
                unit_name[c] = g
        names = list(dict.fromkeys(unit_name[c] for c in countries))
        members = [[c for c in countries if unit_name[c] == u] for u in names]
        pos = {u: i for i, u in enumerate(names)}
        unit_of = np.repeat([pos[unit_name[c]] for c in countries], model.N)
        return cls(names, members, unit_of)


def vb_by_unit(model: Model, units: Units) -> np.ndarray:
    """``V_u B`` collapsed by source unit (U x GN): row u is ``sum_{i in u} v_i B_i.``.

    One transposed solve with U right-hand sides (or the country rows of ``model.VB_country``).
    """
    if units.is_countries:
        return model.VB_country
    return units.country_matrix(model.N).T @ model.VB_country


def import_content(model: Model) -> np.ndarray:
    """``m' B`` (GN): imported-input content per unit of final output, for open tables with
    non-competitive imports (``m_j = imports_Z_j / x_j``); zeros for world tables."""
    t = model.table
    if t.imports_Z is None:
        return np.zeros(model.n)
    mco = np.divide(
        t.imports_Z.to_numpy().sum(axis=0), model.x, out=np.zeros(model.n), where=model.x != 0
    )
    return model.solve_left(mco)


def hiy(
    model: Model, units: Units, exporters: Sequence[int] | None = None
) -> tuple[dict[str, np.ndarray], pd.MultiIndex]:
    """HIY vertical specialisation and the value-added-in-final-demand splits, by sector.

    With ``VB_u`` the value-added multipliers collapsed by source unit
    (``VB_u[t, j] = sum_{i in t} v_i B_ij``), ``u(j)`` the unit of row j and ``e_j`` its exports
    to other units (plus outside the table):

    * ``VS_j  = (sum_{t != u(j)} VB_u[t, j] + (m'B)_j) e_j`` (HIY 2001 eq. 2; gvc ``i2e``;
      ``m'B`` is the imported-input content of open non-competitive tables, else 0),
    * ``DVA_j = VB_u[u(j), j] e_j``,
    * ``VS1_i = v_i sum_{j: u(j) != u(i)} B_ij e_j`` (gvc ``e2r``, levels not shares),
    * ``DVA_DFD_i = (V B Y)_{i, u(i)}``, ``DVA_FFD_i = sum_{r != u(i)} (V B Y)_{i r}``,
      ``FVA_DFD_{s,k} = sum_{t != s} (V B Y)_{(t,k), s}`` (k the foreign source sector).

    Members of a group are summed by sector code.

    Parameters
    ----------
    model : Model
    units : Units
    exporters : sequence of int, optional

    Returns
    -------
    (columns, index) with an (exporter, sector) index.

    References
    ----------
    Hummels, Ishii & Yi (2001), JIE 54(1); decompr ``leontief``; gvc ``i2e``/``e2r``.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.decompose.hiy import Units, hiy
    >>> t = gvckit.ICIO([[10, 2], [3, 10]], [[20, 5], [4, 30]], countries=["A", "B"],
    ...                 sectors=["s"])
    >>> m = gvckit.Model(t)
    >>> cols, idx = hiy(m, Units.build(m))
    >>> bool(abs(cols["DVA"] + cols["VS"] - cols["EXGR"]).max() < 1e-12)
    True
    """
    m = model
    n, N, U = m.n, m.N, units.U
    ar = np.arange(n)
    uo = units.unit_of
    C = units.country_matrix(N)
    Eu = m.E @ C
    Eu[ar, uo] = 0.0
    e = Eu.sum(axis=1) + m.E_ext
    VBu = vb_by_unit(m, units)  # (U, GN)
    own = VBu[uo, ar]
    mB = import_content(m)
    dva = own * e
    vs = (VBu.sum(axis=0) - own + mB) * e
    e_by_u = np.zeros((n, U))
    e_by_u[ar, uo] = e
    Be = m.solve(e_by_u)  # (GN, U): column t = B (e restricted to unit t)
    vs1 = m.v * (Be.sum(axis=1) - Be[ar, uo])
    W = m.v[:, None] * m.solve(m.Yd @ C)  # (GN, U) V B Y by destination unit
    dva_dfd = W[ar, uo]
    dva_ffd = W.sum(axis=1) - dva_dfd
    sector_of = np.tile(np.arange(N), m.G)
    # (U_t, N, U_s): VA of unit t's sector k absorbed in unit s's final demand
    Wts = np.zeros((U * N, U))
    np.add.at(Wts, uo * N + sector_of, W)
    Wts = Wts.reshape(U, N, U)
    todo = range(U) if exporters is None else exporters
    per = {"EXGR": e, "DVA": dva, "VS": vs, "VS1": vs1, "DVA_DFD": dva_dfd, "DVA_FFD": dva_ffd}
    cols: dict[str, list[np.ndarray]] = {k: [] for k in [*per, "FVA_DFD"]}
    keys: list[tuple[str, str]] = []
    for s in todo:
        rows = units.rows(s)
        k = len(units.members[s])
        for name, vec in per.items():
            cols[name].append(vec[rows].reshape(k, N).sum(axis=0))
        cols["FVA_DFD"].append(Wts[:, :, s].sum(axis=0) - Wts[s, :, s])
        keys.extend((units.names[s], sct) for sct in m.table.sectors)
    out = {kk: np.concatenate(v) for kk, v in cols.items()}
    return out, pd.MultiIndex.from_tuples(keys, names=["exporter", "sector"])
