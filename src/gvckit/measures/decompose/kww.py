"""Koopman, Wang & Wei (2014) decomposition of gross exports into nine terms, country level.

For an exporting unit s (a country, or a group / melded country treated as one exporter), with
``E_s* = sum_{r != s} E_sr`` its exports to other units and ``L_ss = (I - A_ss)^-1``
(KWW 2014, AER 104(2), eq. 36):

====  ============  =====================================================  =====
 #    term          formula                                                group
====  ============  =====================================================  =====
T1    DVA_FIN       ``V_s B_ss sum_{r!=s} Y_sr``                           VAX
T2    DVA_INT       ``V_s sum_{r!=s} B_sr Y_rr``                           VAX
T3    DVA_INTrex    ``V_s sum_{r!=s} sum_{t!=s,r} B_sr Y_rt``              VAX
T4    RDV_FIN       ``V_s sum_{r!=s} B_sr Y_rs``                           REF
T5    RDV_INT       ``V_s sum_{r!=s} B_sr A_rs L_ss Y_ss``                 REF
T6    DDC           ``V_s sum_{r!=s} B_sr A_rs L_ss E_s*``                 DDC
T7    FVA_FIN       ``sum_{t!=s} V_t B_ts sum_{r!=s} Y_sr``                FVA
T8    FVA_INT       ``sum_{t!=s} V_t B_ts sum_{r!=s} A_sr L_rr Y_rr``      FVA
T9    FDC           ``sum_{t!=s} V_t B_ts sum_{r!=s} A_sr L_rr E_r*``      FDC
====  ============  =====================================================  =====

``T1 + ... + T9 = 1'E_s*`` exactly (residual value added). ``DDC`` here is *domestic double
counting* (KWW/BM), not TiVA's ``EXGR_DDC`` (direct domestic contribution).

Why no sector level: KWW's terms are defined for a country's *total* exports. Split by exporting
sector, ``V_s B_ss`` attributes a sector's value added to the sector that exports it only after
summing over sectors (the decomposition mixes the forward and backward views); decompr's own
code comment says ``kww()`` is "valid at country level only". Use WWZ (``method="wwz"``) or BM
for sector and bilateral detail. KWW is also known to understate foreign value added relative to
Borin & Mancini (2019, 2023), whose world/sink variant is the corrected KWW.

The computation uses ``sum_{r!=s} B_sr A_rs L_ss = B_ss - L_ss`` (so T5, T6 need no inverse
beyond ``L_ss``) and one transposed solve for ``V_s B``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gvckit.leontief import Model
from gvckit.measures.decompose.hiy import Units, vb_by_unit
from gvckit.measures.decompose.tiva import _local_inverse

__all__ = ["kww", "KWW_TERMS", "KWW_DEFINITIONS", "KWW_GROUPS"]

KWW_TERMS = [
    "DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC", "FVA_FIN", "FVA_INT", "FDC",
]  # fmt: skip
KWW_GROUPS = {
    "VAX": ["DVA_FIN", "DVA_INT", "DVA_INTrex"],
    "REF": ["RDV_FIN", "RDV_INT"],
    "DVA": ["DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT"],
    "DC": ["DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC"],
    "FVA": ["FVA_FIN", "FVA_INT"],
    "FC": ["FVA_FIN", "FVA_INT", "FDC"],
}
KWW_REFERENCES = [
    "Koopman, R., Wang, Z. and Wei, S.-J. (2014), Tracing value-added and double counting in "
    "gross exports, American Economic Review 104(2), 459-494 (eq. 36).",
    "Quast, B. and Kummritz, V. (2015), decompr: Global value chain decomposition in R "
    "(`kww`, valid at country level only).",
]
KWW_DEFINITIONS = {
    "EXGR": "gross exports E_s* to other units",
    "DVA_FIN": "T1 domestic VA in final-good exports absorbed by the importer",
    "DVA_INT": "T2 domestic VA in intermediate exports absorbed by the direct importer",
    "DVA_INTrex": "T3 domestic VA in intermediates re-exported to third countries",
    "RDV_FIN": "T4 domestic VA returning home in final imports",
    "RDV_INT": "T5 domestic VA returning home in intermediate imports used for domestic final goods",
    "DDC": "T6 domestic DOUBLE COUNTING (KWW/BM sense; not TiVA's EXGR_DDC)",
    "FVA_FIN": "T7 foreign VA in final-good exports",
    "FVA_INT": "T8 foreign VA in intermediate exports",
    "FDC": "T9 foreign double counting",
    "VAX": "value added exported, T1+T2+T3",
    "REF": "reflected domestic VA, T4+T5",
    "DVA": "domestic VA in exports, T1+...+T5",
    "DC": "domestic content, DVA + DDC",
    "FVA": "foreign VA, T7+T8",
    "FC": "foreign content, FVA + FDC",
}


def kww(
    model: Model, units: Units, exporters: Sequence[int] | None = None
) -> tuple[dict[str, np.ndarray], pd.Index]:
    """KWW (2014) nine terms of each exporting unit's gross exports, plus their group sums.

    Parameters
    ----------
    model : Model
    units : Units
        Exporting units: a group is decomposed as one exporter (trade inside it is domestic).
    exporters : sequence of int, optional
        Unit positions to compute (default: all).

    Returns
    -------
    (columns, index) with an ``exporter`` index.

    References
    ----------
    Koopman, Wang & Wei (2014), AER 104(2), eq. (36).

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.decompose.hiy import Units
    >>> from gvckit.measures.decompose.kww import kww, KWW_TERMS
    >>> t = gvckit.ICIO([[10, 2], [3, 10]], [[20, 5], [4, 30]], countries=["A", "B"],
    ...                 sectors=["s"])
    >>> m = gvckit.Model(t)
    >>> cols, idx = kww(m, Units.build(m))
    >>> round(float(sum(cols[k][0] for k in KWW_TERMS) - cols["EXGR"][0]), 12)
    0.0
    """
    m = model
    n, U = m.n, units.U
    C = units.country_matrix(m.N)
    Eu = m.E @ C
    Eu[np.arange(n), units.unit_of] = 0.0
    e_u = Eu.sum(axis=1)
    Yu = m.Yd @ C  # (GN, U)
    rows_all = np.arange(n)
    yown = Yu[rows_all, units.unit_of]
    ytot = Yu.sum(axis=1)
    VBu = vb_by_unit(m, units)
    vb_tot = VBu.sum(axis=0)
    # stacked local solves L_rr Y_rr and L_rr E_r* over all units
    z8 = np.zeros(n)
    z9 = np.zeros(n)
    Ls_cache: dict[int, np.ndarray] = {}
    for u in range(U):
        r = units.rows(u)
        L = _local_inverse(m, units, u, r)
        Ls_cache[u] = L
        z8[r] = L @ yown[r]
        z9[r] = L @ e_u[r]
    todo = range(U) if exporters is None else exporters
    out: dict[str, list[float]] = {k: [] for k in ["EXGR", *KWW_TERMS]}
    A = m.A
    for s in todo:
        rows = units.rows(s)
        outside = units.unit_of != s
        w = VBu[s]
        wI = w[rows]
        vL = m.v[rows] @ Ls_cache[s]
        y_out = ytot[rows] - Yu[rows, s]
        wo = w[outside]
        f = vb_tot[rows] - wI
        Ao = A[np.ix_(rows, np.flatnonzero(outside))]
        terms = {
            "DVA_FIN": wI @ y_out,
            "DVA_INT": wo @ yown[outside],
            "DVA_INTrex": wo @ (ytot[outside] - yown[outside] - Yu[outside, s]),
            "RDV_FIN": wo @ Yu[outside, s],
            "RDV_INT": (wI - vL) @ Yu[rows, s],
            "DDC": (wI - vL) @ e_u[rows],
            "FVA_FIN": f @ y_out,
            "FVA_INT": f @ (Ao @ z8[outside]),
            "FDC": f @ (Ao @ z9[outside]),
        }
        out["EXGR"].append(e_u[rows].sum())
        for k, val in terms.items():
            out[k].append(float(val))
    cols = {k: np.asarray(v) for k, v in out.items()}
    for g, parts in KWW_GROUPS.items():
        cols[g] = sum(cols[p] for p in parts)
    idx = pd.Index([units.names[s] for s in todo], name="exporter")
    return cols, idx
