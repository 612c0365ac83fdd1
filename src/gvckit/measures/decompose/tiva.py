"""OECD Trade in Value Added (TiVA) indicators, named as TiVA names them.

Everything is computed on the table as given (split China/Mexico included) for *exporting
units*: single countries, or groups / melded whole countries treated as one exporter (trade
between members is domestic), which is how TiVA melds CN1/CN2 into CHN. Notation as in
:mod:`gvckit.leontief`; ``s`` an exporting unit, ``E_s*`` its exports to every other unit,
``L_ss = (I - A_ss)^-1`` the unit's local inverse.

=============  =====================================================================================
code           definition (by exporting industry j of unit s unless said)
=============  =====================================================================================
EXGR           gross exports ``E_s*,j``
EXGR_DVA       ``(1'V_s B_ss)_j E_s*,j`` domestic value-added content (includes re-imports)
EXGR_DDC       ``v_j (L_ss)_jj E_s*,j`` *direct* domestic industry contribution (NOT double counting)
EXGR_IDC       ``sum_{i in s, i != j} v_i (L_ss)_ij E_s*,j`` indirect domestic content
EXGR_RIM       ``(1'V_s (B_ss - L_ss))_j E_s*,j`` re-imported domestic value added
EXGR_FVA       ``sum_{t != s} (1'V_t B_ts)_j E_s*,j`` foreign value-added content (+ imported-input
               content from outside the table for open tables)
DEXFVAP        = EXGR_FVA; by partner it is split by the *source* country t of the foreign VA
FEXDVAP        ``sum_{r != s} V_s B_sr E_r*``: domestic VA in partners' exports; by sector/partner it
               is indexed by the partner r and r's *exporting* industry (exvatools layout)
FFD_DVA        ``v_i sum_k B_ik Y_kr``, r != s: domestic VA (source industry i) in foreign final
               demand (= Johnson-Noguera VAX)
DFD_FVA        ``sum_k v_(t,i) B_(t,i),k Y_ks``: foreign VA (source industry i of partner t) in
               domestic final demand
BALVAFD        ``FFD_DVA - DFD_FVA``
=============  =====================================================================================

Shares (``..SH``, in percent, as TiVA publishes them) divide by ``EXGR`` of the same row; they
are given at the country and sector levels only.

References
----------
OECD (2021), *Guide to OECD Trade in Value Added (TiVA) Indicators, 2021 edition*; OECD (2019),
*TiVA indicators: definitions*; exvatools ``make_exvadec(method="oecd")`` (Feás 2023).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gvckit.leontief import Model
from gvckit.measures.decompose.hiy import Units, import_content, vb_by_unit

__all__ = ["tiva", "add_shares", "TIVA_TERMS", "TIVA_DEFINITIONS", "TIVA_SHARES"]

TIVA_TERMS = [
    "EXGR", "EXGR_DVA", "EXGR_DDC", "EXGR_IDC", "EXGR_RIM", "EXGR_FVA",
    "DEXFVAP", "FEXDVAP", "FFD_DVA", "DFD_FVA", "BALVAFD",
]  # fmt: skip
TIVA_SHARES = ["EXGR_DVA", "EXGR_DDC", "EXGR_IDC", "EXGR_RIM", "EXGR_FVA", "DEXFVAP", "FEXDVAP"]

TIVA_REFERENCES = [
    "OECD (2021), Guide to OECD Trade in Value Added (TiVA) Indicators, 2021 edition, Paris.",
    "Feás, E. (2023), exvatools: Value added in exports and other input-output table analysis "
    "tools (make_exvadec method 'oecd').",
]

TIVA_DEFINITIONS = {
    "EXGR": "gross exports (to partners outside the exporting unit; EXT = outside the table)",
    "EXGR_DVA": "domestic value-added content of gross exports, (1'V_s B_ss)_j E_s*j "
    "(includes re-imported domestic VA)",
    "EXGR_DDC": "DIRECT domestic industry contribution v_j (L_ss)_jj E_s*j (TiVA; not KWW/BM "
    "double counting)",
    "EXGR_IDC": "indirect domestic content: VA of other domestic industries, via L_ss",
    "EXGR_RIM": "re-imported domestic VA, (1'V_s (B_ss - L_ss))_j E_s*j",
    "EXGR_FVA": "foreign value-added content of gross exports, sum_{t!=s} (1'V_t B_ts)_j E_s*j",
    "DEXFVAP": "backward participation: foreign VA in own exports (= EXGR_FVA); by partner = "
    "the SOURCE country of that VA",
    "FEXDVAP": "forward participation: own VA in partners' gross exports; by sector/partner = "
    "the partner's EXPORTING industry and the partner",
    "FFD_DVA": "domestic VA (by source industry) absorbed in foreign final demand (= VAX)",
    "DFD_FVA": "foreign VA absorbed in domestic final demand; by sector/partner = the foreign "
    "SOURCE industry and country",
    "BALVAFD": "value-added trade balance FFD_DVA - DFD_FVA",
}
TIVA_DEFINITIONS.update({f"{k}SH": f"{k} as a percentage of EXGR (same row)" for k in TIVA_SHARES})


def _local_inverse(model: Model, units: Units, u: int, rows: np.ndarray) -> np.ndarray:
    if len(units.members[u]) == 1:
        return model.local_inverses[model.country_pos(units.members[u][0])]
    Ass = model.A[np.ix_(rows, rows)]
    return np.linalg.solve(np.eye(rows.size) - Ass, np.eye(rows.size))


def tiva(
    model: Model, units: Units, exporters: Sequence[int] | None = None
) -> tuple[dict[str, np.ndarray], pd.MultiIndex]:
    """TiVA indicators by exporting unit, industry and partner (bilateral-sector level).

    Parameters
    ----------
    model : Model
    units : Units
        Exporting units (countries, groups or melded countries); see :class:`Units`.
    exporters : sequence of int, optional
        Unit positions to compute (default: all).

    Returns
    -------
    (columns, index): arrays aligned with an (exporter, sector, importer) MultiIndex. The
    importer ``EXT`` (outside the table) appears for open tables only. Rows with importer equal
    to the exporter are left out.

    Notes
    -----
    ``EXGR_DVA + EXGR_FVA = EXGR`` holds exactly with residual value added (``1'V B = 1'``);
    ``EXGR_DDC + EXGR_IDC + EXGR_RIM = EXGR_DVA`` always.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.decompose.hiy import Units
    >>> from gvckit.measures.decompose.tiva import tiva
    >>> t = gvckit.ICIO([[10, 2], [3, 10]], [[20, 5], [4, 30]], countries=["A", "B"],
    ...                 sectors=["s"])
    >>> m = gvckit.Model(t)
    >>> cols, idx = tiva(m, Units.build(m))
    >>> round(float(cols["EXGR_DVA"][0] + cols["EXGR_FVA"][0] - cols["EXGR"][0]), 12)
    0.0
    """
    m = model
    N, n, U = m.N, m.n, units.U
    t = m.table
    sector_of = np.tile(np.arange(N), m.G)
    # exports by partner unit (zero inside the unit), plus outside the table
    Eu = m.E @ units.country_matrix(N)
    Eu[np.arange(n), units.unit_of] = 0.0
    ext = m.E_ext
    is_open = t.is_open
    if is_open:
        Eu = np.column_stack([Eu, ext])
    e_u = Eu.sum(axis=1)  # exports out of the row's own unit
    VBu = vb_by_unit(m, units)  # (U, GN)
    vb_tot = VBu.sum(axis=0)
    mB = import_content(m)
    Yu = m.Yd @ units.country_matrix(N)  # (GN, U)
    W = m.v[:, None] * m.solve(Yu)  # V B Y by destination unit (GN, U)
    P = Eu.shape[1]

    def by_unit_sector(vec: np.ndarray) -> np.ndarray:
        """Sum a GN vector (or GN x k) into (U, N[, k]) by the row's unit and sector."""
        key = units.unit_of * N + sector_of
        if vec.ndim == 1:
            return np.bincount(key, weights=vec, minlength=U * N).reshape(U, N)
        out = np.zeros((U * N, vec.shape[1]))
        np.add.at(out, key, vec)
        return out.reshape(U, N, -1)

    fex_all = by_unit_sector((VBu * e_u[None, :]).T)  # (U_r, N, U_s): VA of s in r's exports
    dfd_all = by_unit_sector(W)  # (U_t, N, U_s): VA of t (by sector) in s's final demand

    todo = range(U) if exporters is None else exporters
    blocks: dict[str, list[np.ndarray]] = {k: [] for k in TIVA_TERMS}
    keys: list[tuple[str, str, str]] = []
    partners = list(units.names) + (["EXT"] if is_open else [])
    for s in todo:
        rows = units.rows(s)
        k = len(units.members[s])
        Ls = _local_inverse(m, units, s, rows)
        vI = m.v[rows]
        vL = vI @ Ls
        ddc_mult = vI * np.diag(Ls)
        dc_mult = VBu[s, rows]
        fc_mult = vb_tot[rows] - dc_mult + mB[rows]
        Es = Eu[rows]  # (NI, P)

        def sec(M: np.ndarray, k: int = k) -> np.ndarray:  # (NI, P) -> (N, P) over members
            return M.reshape(k, N, -1).sum(axis=0)

        cols = {
            "EXGR": sec(Es),
            "EXGR_DVA": sec(dc_mult[:, None] * Es),
            "EXGR_DDC": sec(ddc_mult[:, None] * Es),
            "EXGR_IDC": sec((vL - ddc_mult)[:, None] * Es),
            "EXGR_RIM": sec((dc_mult - vL)[:, None] * Es),
            "EXGR_FVA": sec(fc_mult[:, None] * Es),
        }
        # backward participation by source unit t (and EXT for outside-table imports)
        dex = VBu[:, rows].T * e_u[rows][:, None]  # (NI, U)
        dex[:, s] = 0.0
        if is_open:
            dex = np.column_stack([dex, mB[rows] * e_u[rows]])
        cols["DEXFVAP"] = sec(dex)
        fex = np.zeros((N, P))
        fex[:, :U] = fex_all[:, :, s].T
        fex[:, s] = 0.0
        cols["FEXDVAP"] = fex
        ffd = np.zeros((rows.size, P))
        ffd[:, :U] = W[rows]
        ffd[:, s] = 0.0
        cols["FFD_DVA"] = sec(ffd)
        dfd = np.zeros((N, P))
        dfd[:, :U] = dfd_all[:, :, s].T
        dfd[:, s] = 0.0
        cols["DFD_FVA"] = dfd
        cols["BALVAFD"] = cols["FFD_DVA"] - cols["DFD_FVA"]
        keep = [p for p in range(P) if p != s]
        for name in TIVA_TERMS:
            blocks[name].append(cols[name][:, keep].reshape(-1))
        keys.extend((units.names[s], sct, partners[p]) for sct in t.sectors for p in keep)
    out = {k: np.concatenate(v) if v else np.zeros(0) for k, v in blocks.items()}
    idx = pd.MultiIndex.from_tuples(keys, names=["exporter", "sector", "importer"])
    return out, idx


def add_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Append the TiVA ``..SH`` columns (percent of ``EXGR`` in the same row; 0/0 -> NaN)."""
    out = frame.copy()
    ex = out["EXGR"].to_numpy()
    for k in TIVA_SHARES:
        if k in out:
            out[f"{k}SH"] = np.divide(
                100.0 * out[k].to_numpy(), ex, out=np.full(ex.shape, np.nan), where=ex != 0
            )
    return out
