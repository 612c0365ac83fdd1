"""Wang, Wei & Zhu (2013) decomposition of bilateral sector exports into sixteen terms.

For exporting unit s, exporting sector j and importing unit r (NBER w19677, eq. 37 and
Table E1; the formulas and column order of decompr ``wwz()``). ``(a)' # (b)`` is the element-wise
product of an N-vector of VA multipliers with an N-vector of exports:

==  =============  ====================================================================  =====
#   term           formula                                                               group
==  =============  ====================================================================  =====
1   DVA_FIN        ``(V_s B_ss)' # Y_sr``                                                VAX
2   DVA_INT        ``(V_s L_ss)' # (A_sr B_rr Y_rr)``                                    VAX
3   DVA_INTrexI1   ``(V_s L_ss)' # (A_sr sum_{t!=s,r} B_rt Y_tt)``                       VAX
4   DVA_INTrexF    ``(V_s L_ss)' # (A_sr B_rr sum_{t!=s,r} Y_rt)``                       VAX
5   DVA_INTrexI2   ``(V_s L_ss)' # (A_sr sum_{t!=s,r} B_rt sum_{u!=s,t} Y_tu)``          VAX
6   RDV_INT        ``(V_s L_ss)' # (A_sr B_rs Y_ss)``                                    REF
7   RDV_FIN        ``(V_s L_ss)' # (A_sr B_rr Y_rs)``                                    REF
8   RDV_FIN2       ``(V_s L_ss)' # (A_sr sum_{t!=s,r} B_rt Y_ts)``                       REF
9   OVA_FIN        ``(sum_{t!=s,r} V_t B_ts)' # Y_sr``                                   FVA
10  MVA_FIN        ``(V_r B_rs)' # Y_sr``                                                FVA
11  OVA_INT        ``(sum_{t!=s,r} V_t B_ts)' # (A_sr L_rr Y_rr)``                       FVA
12  MVA_INT        ``(V_r B_rs)' # (A_sr L_rr Y_rr)``                                    FVA
13  DDC_FIN        ``(V_s L_ss)' # (A_sr B_rs sum_{t!=s} Y_st)``                         DDC
14  DDC_INT        ``(V_s B_ss - V_s L_ss)' # (A_sr x_r)``                               DDC
15  ODC            ``(sum_{t!=s,r} V_t B_ts)' # (A_sr L_rr E_r*)``                       FDC
16  MDC            ``(V_r B_rs)' # (A_sr L_rr E_r*)``                                    FDC
==  =============  ====================================================================  =====

The sixteen terms add up to ``E_sr`` in every exporter-sector-importer cell (residual value
added). Summed over sectors and partners they give the KWW (2014) country totals.

Implementation: with ``B`` formed once, every "B times final demand" product is read off one
(GN x U x U) array ``T[k, t, u] = sum_{l in t} B_kl Y_lu``; the ``A_sr (.)`` products are
reshaped to (exporter rows, partner, ...) with one einsum per exporter. No loop over matrix
elements; the loop over exporting units is vectorised over partners and sectors.

Known limitation: WWZ mixes perspectives (source-based DVA with sink-like double counting);
Borin & Mancini (2019, 2023) criticise this, and exvatools prints "Mix of country and world
perspective, mix of source and sink approach". Use ``method="bm"`` for a consistent
perspective. decompr's code comments name terms 6-8 differently from its column labels; the
labels (used here) are right.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gvckit.leontief import Model
from gvckit.measures.decompose.hiy import Units, vb_by_unit
from gvckit.measures.decompose.tiva import _local_inverse

__all__ = ["wwz", "WWZ_TERMS", "WWZ_GROUPS", "WWZ_DEFINITIONS"]

WWZ_TERMS = [
    "DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT", "RDV_FIN",
    "RDV_FIN2", "OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "DDC_FIN", "DDC_INT", "ODC", "MDC",
]  # fmt: skip
WWZ_GROUPS = {
    "VAX": ["DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2"],
    "REF": ["RDV_INT", "RDV_FIN", "RDV_FIN2"],
    "DDC": ["DDC_FIN", "DDC_INT"],
    "FVA": ["OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT"],
    "FDC": ["ODC", "MDC"],
}
WWZ_REFERENCES = [
    "Wang, Z., Wei, S.-J. and Zhu, K. (2013), Quantifying international production sharing at "
    "the bilateral and sector levels, NBER Working Paper 19677 (eq. 37, Table E1).",
    "Quast, B. and Kummritz, V. (2015), decompr: Global value chain decomposition in R (`wwz`).",
]
WWZ_DEFINITIONS = {
    "EXGR": "gross exports E_sr of the exporting sector to the importer",
    "DVA_FIN": "1 DVA in final exports absorbed by the direct importer",
    "DVA_INT": "2 DVA in intermediate exports absorbed by the direct importer",
    "DVA_INTrexI1": "3 DVA in intermediates re-exported to third countries as intermediates",
    "DVA_INTrexF": "4 DVA in intermediates re-exported to third countries as final goods",
    "DVA_INTrexI2": "5 DVA in intermediates re-exported to third countries, absorbed elsewhere",
    "RDV_INT": "6 returned DVA in intermediates processed and absorbed at home",
    "RDV_FIN": "7 returned DVA in final-good imports from the direct importer",
    "RDV_FIN2": "8 returned DVA in final-good imports via third countries",
    "OVA_FIN": "9 other (third) countries' VA in final exports",
    "MVA_FIN": "10 the importer's own VA in final exports",
    "OVA_INT": "11 third countries' VA in intermediate exports",
    "MVA_INT": "12 the importer's own VA in intermediate exports",
    "DDC_FIN": "13 domestic double counting (final-demand related)",
    "DDC_INT": "14 domestic double counting (intermediate-output related)",
    "ODC": "15 foreign double counting from third countries",
    "MDC": "16 foreign double counting from the importer",
    "VAX": "value added exported (GDP in exports), terms 1-5",
    "REF": "reflected domestic VA, terms 6-8",
    "DVA": "domestic value added, VAX + REF",
    "DDC": "domestic DOUBLE COUNTING, terms 13-14 (not TiVA's EXGR_DDC)",
    "FVA": "foreign value added, terms 9-12",
    "FDC": "foreign double counting, terms 15-16",
}


def wwz(
    model: Model, units: Units, exporters: Sequence[int] | None = None
) -> tuple[dict[str, np.ndarray], pd.MultiIndex]:
    """WWZ (2013) sixteen terms and group sums at the exporter-sector-importer level.

    Parameters
    ----------
    model : Model
        Forms the dense ``B`` (kept in the model).
    units : Units
        Exporting units; a group / melded country is one exporter and one importer.
    exporters : sequence of int, optional
        Unit positions to compute (default: all).

    Returns
    -------
    (columns, index): arrays aligned with an (exporter, sector, importer) MultiIndex, rows with
    importer == exporter left out. Members of a group are summed by sector code.

    References
    ----------
    Wang, Wei & Zhu (2013), NBER w19677.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.decompose.hiy import Units
    >>> from gvckit.measures.decompose.wwz import wwz, WWZ_TERMS
    >>> t = gvckit.ICIO([[10, 2], [3, 10]], [[20, 5], [4, 30]], countries=["A", "B"],
    ...                 sectors=["s"])
    >>> m = gvckit.Model(t)
    >>> cols, idx = wwz(m, Units.build(m))
    >>> round(float(sum(cols[k][0] for k in WWZ_TERMS) - cols["EXGR"][0]), 12)
    0.0
    """
    m = model
    n, N, G, U = m.n, m.N, m.G, units.U
    C = units.country_matrix(m.N)  # (G, U)
    uo = units.unit_of
    ar = np.arange(n)
    Eu = m.E @ C
    Eu[ar, uo] = 0.0
    e_u = Eu.sum(axis=1)
    Yu = m.Yd @ C  # (GN, U)
    yown = Yu[ar, uo]
    B = m.B
    # T[k, t, u] = sum_{l in unit t} B_kl Yu[l, u]
    T = np.empty((n, G, U))
    for g in range(G):  # one BLAS product per country block
        T[:, g, :] = B[:, g * N : (g + 1) * N] @ Yu[g * N : (g + 1) * N]
    if not units.is_countries:
        T = np.einsum("kgu,gt->ktu", T, C)
    Tsum_u = T.sum(axis=2)  # (GN, U): sum_{l in t} B_kl ytot_l
    Tdiag = np.einsum("ktt->kt", T)  # (GN, U): sum_{l in t} B_kl yown_l   (BYown)
    D = T[ar, uo, :]  # (GN, U): B_rr Yu[., u] for the row's own unit
    Q = Tsum_u - Tdiag  # sum_{l in t} B_kl (ytot_l - yown_l)
    X2 = D[ar, uo]
    Dsum = D.sum(axis=1)
    BYo_sum = Tdiag.sum(axis=1)
    Q_sum = Q.sum(axis=1)
    # local solves L_rr Y_rr, L_rr E_r*
    z8 = np.zeros(n)
    z9 = np.zeros(n)
    Ls: dict[int, np.ndarray] = {}
    for u in range(U):
        r = units.rows(u)
        L = _local_inverse(m, units, u, r)
        Ls[u] = L
        z8[r] = L @ yown[r]
        z9[r] = L @ e_u[r]
    VBu = vb_by_unit(m, units)  # (U, GN)
    vb_tot = VBu.sum(axis=0)
    A3 = m.A.reshape(n, G, N)
    todo = range(U) if exporters is None else exporters
    blocks: dict[str, list[np.ndarray]] = {k: [] for k in ["EXGR", *WWZ_TERMS]}
    keys: list[tuple[str, str, str]] = []
    sectors = list(m.table.sectors)
    for s in todo:
        rows = units.rows(s)
        k = len(units.members[s])
        Rs = T[:, :, s]  # (GN, U): sum_{l in t} B_kl Y_ls
        X3 = BYo_sum - Tdiag[:, s] - Tdiag[ar, uo]
        X4 = Dsum - D[:, s] - D[ar, uo]
        Rs_sum = Rs.sum(axis=1)
        X5 = (Q_sum - Q[:, s] - Q[ar, uo]) - (Rs_sum - Rs[:, s] - Rs[ar, uo])
        X6 = Tdiag[:, s]
        X7 = D[:, s]
        X8 = Rs_sum - Rs[:, s] - Rs[ar, uo]
        X13 = Q[:, s]
        Xs = np.column_stack([X2, X3, X4, X5, X6, X7, X8, X13, m.x, z8, z9])  # (GN, 11)
        AX = np.einsum("jgn,gnx->jgx", A3[rows], Xs.reshape(G, N, -1))
        if not units.is_countries:
            AX = np.einsum("jgx,gu->jux", AX, C)  # (NI, U, 11)
        dB = VBu[s, rows]
        dL = m.v[rows] @ Ls[s]
        VBr = VBu[:, rows].T  # (NI, U): V_r B_rs
        oB = (vb_tot[rows] - dB)[:, None] - VBr  # sum over t != s, r
        Ysr = Yu[rows]
        dLc = dL[:, None]
        c = {
            "EXGR": Eu[rows],
            "DVA_FIN": dB[:, None] * Ysr,
            "DVA_INT": dLc * AX[:, :, 0],
            "DVA_INTrexI1": dLc * AX[:, :, 1],
            "DVA_INTrexF": dLc * AX[:, :, 2],
            "DVA_INTrexI2": dLc * AX[:, :, 3],
            "RDV_INT": dLc * AX[:, :, 4],
            "RDV_FIN": dLc * AX[:, :, 5],
            "RDV_FIN2": dLc * AX[:, :, 6],
            "OVA_FIN": oB * Ysr,
            "MVA_FIN": VBr * Ysr,
            "OVA_INT": oB * AX[:, :, 9],
            "MVA_INT": VBr * AX[:, :, 9],
            "DDC_FIN": dLc * AX[:, :, 7],
            "DDC_INT": (dB - dL)[:, None] * AX[:, :, 8],
            "ODC": oB * AX[:, :, 10],
            "MDC": VBr * AX[:, :, 10],
        }
        keep = [p for p in range(U) if p != s]
        for name, M in c.items():
            blocks[name].append(M.reshape(k, N, U).sum(axis=0)[:, keep].reshape(-1))
        keys.extend((units.names[s], sct, units.names[p]) for sct in sectors for p in keep)
    cols = {kk: np.concatenate(v) if v else np.zeros(0) for kk, v in blocks.items()}
    for g, parts in WWZ_GROUPS.items():
        cols[g] = sum(cols[p] for p in parts)
    cols["DVA"] = cols["VAX"] + cols["REF"]
    idx = pd.MultiIndex.from_tuples(keys, names=["exporter", "sector", "importer"])
    return cols, idx
