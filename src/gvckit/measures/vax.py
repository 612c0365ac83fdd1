"""Value added exported (Johnson & Noguera 2012): VAX and the VAX ratio, bilateral.

``VAX_sr = V_s sum_j B_sj Y_jr`` is the value added produced in s and absorbed in final demand
of r (r != s), and ``VAX_s = sum_{r != s} VAX_sr``. The VAX ratio is ``VAX / EXGR`` with
``EXGR = 1'E_s*`` (or ``1'E_sr`` bilaterally). For an exporting unit that is a group or a
melded country (CN1/CN2 -> CHN), "domestic" is the whole unit and ``r`` runs over the other
units, which is correct (not a sum of members' VAX, which would count intra-group absorption).

By sector, VAX is indexed by the *source* sector of the value added while EXGR is indexed by
the exporting sector, as in Johnson & Noguera (2012, sec. 4): sector VAX ratios compare
different things and can exceed one (services).

In TiVA terms ``FFD_DVA = VAX``; see :mod:`gvckit.measures.decompose.tiva`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gvckit.leontief import Model
from gvckit.measures.decompose.hiy import Units

__all__ = ["vax", "add_ratio", "VAX_DEFINITIONS", "VAX_REFERENCES"]

VAX_REFERENCES = [
    "Johnson, R. C. and Noguera, G. (2012), Accounting for intermediates: production sharing "
    "and trade in value added, Journal of International Economics 86(2), 224-236.",
]
VAX_DEFINITIONS = {
    "VAX": "value added of the exporter (by SOURCE sector) absorbed in the importer's final "
    "demand, V_s sum_j B_sj Y_jr",
    "EXGR": "gross exports (by EXPORTING sector) to the importer, 1'E_sr",
    "VAX_ratio": "VAX / EXGR (same row); NaN where EXGR = 0",
}


def vax(
    model: Model, units: Units, exporters: Sequence[int] | None = None
) -> tuple[dict[str, np.ndarray], pd.MultiIndex]:
    """Bilateral VAX by exporter, source sector and importer (Johnson & Noguera 2012).

    ``VAX_(s,i),r = v_i sum_k B_ik Y_kr`` for i in s, r != s, computed with one solve
    ``B Y`` (G right-hand sides).

    Parameters
    ----------
    model : Model
    units : Units
    exporters : sequence of int, optional

    Returns
    -------
    (columns, index) with columns ``VAX`` and ``EXGR`` and an (exporter, sector, importer)
    index; importer == exporter rows are left out.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.decompose.hiy import Units
    >>> from gvckit.measures.vax import vax
    >>> t = gvckit.ICIO([[10, 2], [3, 10]], [[20, 5], [4, 30]], countries=["A", "B"],
    ...                 sectors=["s"])
    >>> m = gvckit.Model(t)
    >>> cols, idx = vax(m, Units.build(m))
    >>> [round(float(v), 6) for v in cols["VAX"]]  # A->B and B->A: trade is balanced here
    [5.92145, 5.92145]
    """
    m = model
    n, N, U = m.n, m.N, units.U
    C = units.country_matrix(m.N)
    W = m.v[:, None] * m.solve(m.Yd @ C)  # (GN, U)
    Eu = m.E @ C
    Eu[np.arange(n), units.unit_of] = 0.0
    todo = range(U) if exporters is None else exporters
    vx: list[np.ndarray] = []
    ex: list[np.ndarray] = []
    keys: list[tuple[str, str, str]] = []
    for s in todo:
        rows = units.rows(s)
        k = len(units.members[s])
        keep = [p for p in range(U) if p != s]
        vx.append(W[rows].reshape(k, N, U).sum(axis=0)[:, keep].reshape(-1))
        ex.append(Eu[rows].reshape(k, N, U).sum(axis=0)[:, keep].reshape(-1))
        keys.extend((units.names[s], sct, units.names[p]) for sct in m.table.sectors for p in keep)
    cols = {"VAX": np.concatenate(vx), "EXGR": np.concatenate(ex)}
    idx = pd.MultiIndex.from_tuples(keys, names=["exporter", "sector", "importer"])
    return cols, idx


def add_ratio(frame: pd.DataFrame) -> pd.DataFrame:
    """Append ``VAX_ratio = VAX / EXGR`` (NaN where EXGR is zero)."""
    out = frame.copy()
    ex = out["EXGR"].to_numpy()
    out["VAX_ratio"] = np.divide(
        out["VAX"].to_numpy(), ex, out=np.full(ex.shape, np.nan), where=ex != 0
    )
    return out
