"""Borin & Mancini decomposition of gross exports (exporter and world perspectives) and imports.

Borin, A. and Mancini, M. (2019), "Measuring What Matters in Global Value Chains and Value-Added
Trade", World Bank Policy Research Working Paper 8804; Borin, A. and Mancini, M. (2023),
Economic Systems Research 35(4); Belotti, F., Borin, A. and Mancini, M. (2021), "icio: Economic
analysis with intercountry input-output tables", Stata Journal 21(3).

Notation (``docs/methods/bm.md``): ``S`` is the exporter (one country or a
group of countries treated as one economy), ``r`` an importer outside ``S``; ``V_S B_SS`` is the
domestic-content multiplier, ``sum_{t not in S} V_t B_tS`` the foreign-content multiplier,
``F_S = I + A_{S,-S} B_{-S,S} = (I - A_SS) B_SS`` and ``B^{\\S} = (I - A^{\\S})^-1`` the Leontief
inverse of the world in which ``S`` does not export (``A_Sr = 0`` for ``r`` outside ``S``).

The extraction inverse is never formed. By the Woodbury identity
``B^{\\S}_{.S} = B_{.S} F_S^-1``, so ``V_S L_SS = (V_S B_SS) F_S^-1`` (DVA multiplier) and
``sum_t V_t B^{\\S}_tS = (sum_t V_t B_tS) F_S^-1`` (FVA multiplier; Krantz's ``fvacoef``): one
``|S|N x |S|N`` solve per exporter. The extraction-world outputs that the sink approach needs are
``B^{\\S} y = B y - B_{.S} F_S^-1 A_{S,-S} (B y)_{-S}``; for an importer ``r`` outside ``S`` the
local-inverse bracket of exvatools' sink terms collapses to such an output
(``L_rr [Y_rS + sum_{j != r} A_rj (B^{\\S} Y^{\\S}_{.S})_j] = (B^{\\S} Y^{\\S}_{.S})_r``), so no
local inverse is needed there either.

For single-country exporters (source approach, no dense ``B``) even ``F_S`` is not formed: the
DVA multiplier is the local ``V_S L_SS`` and the FVA multiplier's ``(sum_t V_t B_tS) F_S^-1``
comes from a series of solves for all countries at once
(:mod:`gvckit.measures.decompose.feedback`); ``F_S`` from the diagonal blocks of ``B`` is the
fallback when that series does not converge quickly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model
from gvckit.measures.tidy import result_frame
from gvckit.table import ICIO

__all__ = ["bm", "bm_imports", "gvc_related_exports", "BM_TERMS", "BM_DEFINITIONS", "exporter_units", "economies"]

REFERENCES = [
    "Borin, A. and Mancini, M. (2019). Measuring What Matters in Global Value Chains and "
    "Value-Added Trade. World Bank Policy Research Working Paper 8804.",
    "Borin, A. and Mancini, M. (2023). Measuring what matters in value-added trade. Economic "
    "Systems Research 35(4), 586-613.",
    "Belotti, F., Borin, A. and Mancini, M. (2021). icio: Economic analysis with intercountry "
    "input-output tables. The Stata Journal 21(3), 708-755.",
]

BM_TERMS = {
    ("exporter", "source"): ("GEXP", "DC", "DVA", "VAX", "DAVAX", "REF", "DDC", "FC", "FVA",
                             "FDC", "GVC", "GVCB", "GVCF"),
    ("exporter", "sink"): ("GEXP", "DC", "DVA", "VAX", "VAXIM", "REF", "DDC", "FC", "FVA", "FDC"),
    ("world", "source"): ("GEXP", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC"),
    ("world", "sink"): ("GEXP", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC"),
}

BM_DEFINITIONS = {
    "GEXP": "gross exports E_S* (to countries outside the exporter)",
    "DC": "domestic content (V_S B_SS)'#E, double counting included",
    "DVA": "domestic value added, counted once within the exporter's perimeter",
    "VAX": "domestic value added exported and absorbed abroad (Johnson & Noguera 2012)",
    "DAVAX": "domestic value added directly absorbed by the direct importer (source approach)",
    "VAXIM": "domestic value added absorbed by the direct importer, re-processing abroad "
             "included (sink approach; DAVAX <= VAXIM <= VAX)",
    "REF": "reflection: domestic value added that returns home (DVA - VAX)",
    "DDC": "domestic DOUBLE COUNTING (BM/KWW sense, DC - DVA); not TiVA's EXGR_DDC",
    "FC": "foreign content (sum_{t not in S} V_t B_tS)'#E",
    "FVA": "foreign value added, counted once within the exporter's perimeter",
    "FDC": "foreign double counting (FC - FVA)",
    "GVC": "GVC-related trade: exports minus DAVAX (crosses more than one border)",
    "GVCB": "backward GVC-related trade FC + DDC",
    "GVCF": "forward GVC-related trade GVC - GVCB = DVA - DAVAX",
}

_LEVEL_INDEX = {
    "country": ["exporter"],
    "sector": ["exporter", "sector"],
    "bilateral": ["exporter", "importer"],
    "bilateral_sector": ["exporter", "sector", "importer"],
}


def economies(table: ICIO, splits: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """Economy -> member countries: processing-trade splits (``CN1``/``CN2`` ...) join their
    whole country (``table.meta["processing_splits"]`` unless ``splits`` is given)."""
    if splits is None:
        splits = table.meta.get("processing_splits") or {}
    out: dict[str, list[str]] = {}
    for c in table.countries:
        out.setdefault(str(splits.get(c, c)), []).append(c)
    return out


def exporter_units(
    model: Model,
    exporter: str | Sequence[str] | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    splits: Mapping[str, str] | None = None,
) -> list[tuple[str, list[int]]]:
    """Resolve ``exporter`` (economy codes, group names or ``None``/``"all"``) to
    (name, member country positions). Split countries always travel with their economy."""
    countries = model.table.countries
    econ = economies(model.table, splits)
    groups = dict(groups or {})
    if exporter is None or (isinstance(exporter, str) and exporter == "all"):
        names = list(econ)
    elif isinstance(exporter, str):
        names = [exporter]
    else:
        names = list(exporter)
    units = []
    for name in names:
        if name in groups:
            members = list(groups[name])
            unknown = [c for c in members if c not in econ and c not in countries]
            if unknown:
                raise InputError(f"group {name!r} names countries that are not in the table: {unknown}")
            if len(set(members)) != len(members) or not members:
                raise InputError(f"group {name!r} must list distinct member countries, got {members}")
            codes = sorted({c for mem in members for c in econ.get(mem, [mem])}, key=countries.index)
        elif name in econ:
            codes = econ[name]
        else:
            raise InputError(
                f"unknown exporter {name!r}: not a country of the table {list(econ)} nor a group "
                f"in groups={sorted(groups)}"
            )
        if len(codes) == len(countries):
            raise InputError(f"exporter {name!r} covers every country of the table: it has no exports")
        units.append((str(name), [countries.index(c) for c in codes]))
    return units


class _Shared:
    """Quantities shared by every exporter: computed once per call.

    Partners are *economies*: a country together with its processing-trade splits, so that the
    direct importer's domestic perimeter (``L_rr``, ``Y_rr``) is the whole country, as in TiVA
    and exvatools.
    """

    def __init__(self, m: Model, splits: Mapping[str, str] | None) -> None:
        self.m = m
        t = m.table
        G, N, n = m.G, m.N, m.n
        self.G, self.N, self.n = G, N, n
        econ = economies(t, splits)
        self.econ_names = list(econ)
        self.E = len(econ)
        c2e = np.empty(G, dtype=int)
        for e, members in enumerate(econ.values()):
            for c in members:
                c2e[t.countries.index(c)] = e
        self.c2e = c2e
        self.split = self.E != G
        self.eof = np.repeat(c2e, N)  # economy of every row
        self.onehot = np.zeros((n, self.E))
        self.onehot[np.arange(n), self.eof] = 1.0
        self.VBc = m.VB_country  # (G, GN)
        self.VBtot = self.VBc.sum(axis=0)
        ce = np.zeros((G, self.E))
        ce[np.arange(G), c2e] = 1.0
        self.Yd = m.Yd @ ce if self.split else m.Yd  # (GN, E) final demand by economy
        self.Eint = t.arrays()[0] @ self.onehot if self.split else m.Z_dest
        self.yD = self.Yd[np.arange(n), self.eof]  # domestic final demand Y_rr
        # L y^D: output needed for purely domestic absorption (economy-wide local inverses)
        if self.split:
            self.Wcol = np.empty(n)
            for e in range(self.E):
                ix = np.nonzero(self.eof == e)[0]
                M = np.eye(ix.size) - m.A_rows(ix)[:, ix]
                self.Wcol[ix] = np.linalg.solve(M, self.yD[ix])
        else:
            self.Wcol = m.local_solve(self.yD)
        self.AW = m.A_dot(self.Wcol[:, None] * self.onehot)  # A_ir (L_rr Y_rr)_r by partner
        self.BFD = m.solve(self.Yd)  # (GN, E): output driven by each economy's final demand

    @property
    def A(self) -> np.ndarray:
        """The dense A (formed on first use; the exporter/source path does not need it)."""
        return self.m.A

    @property
    def B(self) -> np.ndarray:
        """The dense B (formed on first use; the exporter/source path does not need it)."""
        return _dense_inverse(self.m)

    @cached_property
    def vl(self) -> np.ndarray:
        """``V_t L_tt`` for every country at once (local value-added multipliers, GN)."""
        return self.m.local_solve_left(self.m.v)

    @cached_property
    def feedback(self) -> np.ndarray | None:
        """``(sum_t V_t B_tS) F_S^-1`` for every country S (G x N), or None where the series of
        :func:`gvckit.measures.decompose.feedback.feedback_left` does not converge."""
        from gvckit.measures.decompose.feedback import feedback_left

        return feedback_left(self.m, self.VBtot.reshape(self.G, self.N))

    @cached_property
    def Wrex(self) -> np.ndarray:
        """``W = L (Y^F 1 + A^F L y^D)``: output the direct importer needs to re-export (BM 2019
        eq. 54, the world perspective's sink FVA)."""
        m = self.m
        yF = self.Yd.sum(axis=1) - self.yD
        AF_W = self.A @ self.Wcol
        AF_W = AF_W - np.einsum("gij,gj->gi", m.A_own_blocks,
                                self.Wcol.reshape(self.G, self.N)).reshape(-1)
        return m.local_solve(yF + AF_W)

    def multipliers(self, pos: list[int], idx: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """The DVA and FVA multipliers ``(V_S B_SS) F_S^-1 = V_S L_SS`` and
        ``(sum_{t not in S} V_t B_tS) F_S^-1`` of a single country without ``B_SS``: the first
        from the local inverse, the second as ``(sum_t V_t B_tS) F_S^-1 - V_S L_SS`` with the
        series of :func:`gvckit.measures.decompose.feedback.feedback_left`, run once for every
        country. ``None`` for groups, when ``B`` is formed (its blocks are slices), or when the
        series does not converge: the caller then forms ``F_S`` from ``B_SS``."""
        if len(pos) != 1 or self.m.has_B or self.feedback is None:
            return None
        dva = self.vl[idx]
        return dva, self.feedback[pos[0]] - dva

    def B_SS(self, pos: list[int], idx: np.ndarray) -> np.ndarray:
        """``B_SS`` of an exporter: a diagonal block of B (from the LU factors, no dense B)
        for one country; for a group, the block of the solved columns ``B_{.S}``."""
        if len(pos) == 1 and not self.m.has_B:
            return self.m.B_diag_blocks[pos[0]]
        return self.m.B_columns(idx)[idx]

    def dest(self, M: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
        """Sum the columns of ``M`` (times ``w``) by partner economy."""
        if not self.split:  # economies are the countries: contiguous column blocks
            P = M if w is None else M * w[None, :]
            return P.reshape(M.shape[0], self.G, self.N).sum(axis=2)
        if w is None:
            return M @ self.onehot
        return M @ (w[:, None] * self.onehot)


def _dense_inverse(m: Model) -> np.ndarray:
    """The model's dense ``B`` (formed once by :attr:`gvckit.Model.B` and kept in the model, so
    later measures on the same model reuse it; ``Model.release`` frees it)."""
    return m.B


def _unit_terms(sh: _Shared, pos: list[int], approach: str) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Bilateral-sector terms (|S|N x E, zero for partners inside S) for one exporter unit."""
    N = sh.N
    idx = np.concatenate([np.arange(p * N, (p + 1) * N) for p in pos])
    inside = np.zeros(sh.E, dtype=bool)
    inside[sh.c2e[pos]] = True
    inrows = np.zeros(sh.n, dtype=bool)
    inrows[idx] = True
    if approach == "sink":
        sh.B  # noqa: B018 - the sink terms need B_{.S}: form B once, B_SS is then a slice
    A_S = sh.m.A_rows(idx)  # rows of the exporter (|S|N x GN)
    d = sh.VBc[pos].sum(axis=0)[idx]  # V_S B_SS (column sums)
    fc = sh.VBtot[idx] - d  # sum_{t not in S} V_t B_tS

    # exports by partner; partners inside S are not exports
    Y_S = sh.Yd[idx].copy()
    Y_S[:, inside] = 0.0
    E_S = sh.Eint[idx] + Y_S
    E_S[:, inside] = 0.0

    known = sh.multipliers(pos, idx) if approach == "source" else None
    if known is None:
        B_SS = sh.B_SS(pos, idx)
        F = B_SS - A_S[:, idx] @ B_SS  # F_S = (I - A_SS) B_SS
        mult = np.linalg.solve(F.T, np.column_stack([d, fc]))  # row vectors times F^-1
        dva_m, fva_m = mult[:, 0], mult[:, 1]
    else:
        dva_m, fva_m = known

    out = {"GEXP": E_S, "DC": d[:, None] * E_S, "FC": fc[:, None] * E_S}
    BFD_S = sh.BFD[:, inside].sum(axis=1)  # output for final demand inside S
    if approach == "source":
        DAE = Y_S + sh.AW[idx]
        VAXE = E_S - sh.dest(A_S, BFD_S)
        DAE[:, inside] = 0.0
        VAXE[:, inside] = 0.0
        out["DVA"] = dva_m[:, None] * E_S
        out["FVA"] = fva_m[:, None] * E_S
        out["VAX"] = dva_m[:, None] * VAXE
        out["DAVAX"] = dva_m[:, None] * DAE
        return out, inside

    # ---- sink approach (exvatools make_exvadec_bm_snk; decompr .bm_sink)
    Bcols = sh.B[:, idx]  # B_{.S}
    A_Sf = A_S * (~inrows)[None, :]  # A_{S,-S}
    u = Bcols @ np.linalg.solve(F, E_S.sum(axis=1))  # B^{S}_{.S} E_S*
    Xs = BFD_S - Bcols @ np.linalg.solve(F, A_Sf @ BFD_S)  # B^{S} Y^{S}_{.S}
    H = np.linalg.solve(F, Y_S + A_Sf @ sh.BFD)  # F^-1 (S's exports for final demand in l)
    # (B^{S} Y^{S}_{.r})_r: own-destination block of the extraction-world output
    Xrr = sh.BFD[np.arange(sh.n), sh.eof] - np.einsum("ik,ki->i", Bcols, H[:, sh.eof])
    ddc_base = sh.dest(A_S, u)
    ref_base = sh.dest(A_S, Xs)
    vaxim_base = Y_S + sh.dest(A_S, Xrr)
    for M in (ddc_base, ref_base, vaxim_base):
        M[:, inside] = 0.0
    out["DVA"] = out["DC"] - d[:, None] * ddc_base
    out["FVA"] = out["FC"] - fc[:, None] * ddc_base
    out["REF"] = d[:, None] * ref_base
    out["VAX"] = out["DVA"] - out["REF"]
    out["VAXIM"] = d[:, None] * vaxim_base
    return out, inside


def _complete(t: dict[str, np.ndarray], approach: str) -> dict[str, np.ndarray]:
    """Derived terms from the computed ones (additive, so valid at every aggregation)."""
    t["DDC"] = t["DC"] - t["DVA"]
    t["FDC"] = t["FC"] - t["FVA"]
    if approach == "source":
        t["REF"] = t["DVA"] - t["VAX"]
        t["GVC"] = t["GEXP"] - t["DAVAX"]
        t["GVCB"] = t["FC"] + t["DDC"]
        t["GVCF"] = t["GVC"] - t["GVCB"]
    return t


def _world_fva(sh: _Shared, pos: int, approach: str) -> float:
    """World-perspective FVA of one country (BM 2019 eq. 52 source, eq. 54 sink; decompr)."""
    m = sh.m
    bs = m.block(pos)
    foreign = sh.eof != pos
    E_s = sh.Eint[bs].sum(axis=1) - sh.Eint[bs, pos] + sh.Yd[bs].sum(axis=1) - sh.Yd[bs, pos]
    if approach == "source":
        # sum_{t != s} (V_t L_tt) A_ts L_ss E_s*
        w = sh.A[:, bs] @ (m.local_inverses[pos] @ E_s)
        return float(sh.vl[foreign] @ w[foreign])
    # sink: foreign content of directly absorbed exports plus the partner's own VA that the
    # partner re-exports (icio's "corrected KWW")
    DAE = sh.Yd[bs] + sh.AW[bs]
    DAE[:, pos] = 0.0
    fc = sh.VBtot[bs] - sh.VBc[pos, bs]
    AsrW = sh.dest(sh.A[bs], sh.Wrex)  # (N, G)
    AsrW[:, pos] = 0.0
    TC = sh.VBc[:, bs].T * AsrW  # (V_r B_r.)_i * (A_{i,r} W_r)
    return float(fc @ DAE.sum(axis=1) + TC.sum())


def bm(
    model: Model | ICIO,
    *,
    level: str = "country",
    exporter: str | Sequence[str] | None = None,
    importer: str | Sequence[str] | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    perspective: str = "exporter",
    approach: str = "source",
) -> pd.DataFrame:
    r"""Borin-Mancini decomposition of gross exports.

    Exporter perspective, source approach (13 terms; BM 2019 sec. 3, Table 1), for exporter
    ``S`` (a country or a group), exporting sector ``i`` and importer ``r`` outside ``S``:

    * ``GEXP = E_Sr``; ``DC = (V_S B_SS)' # E_Sr``; ``FC = (sum_{t not in S} V_t B_tS)' # E_Sr``
    * ``DVA = (V_S L_SS)' # E_Sr`` with ``V_S L_SS = (V_S B_SS) F_S^-1``,
      ``F_S = (I - A_SS) B_SS``; ``DDC = DC - DVA``
    * ``FVA = (sum_{t not in S} V_t B^{\S}_tS)' # E_Sr = ((sum_t V_t B_tS) F_S^-1)' # E_Sr``;
      ``FDC = FC - FVA``
    * ``VAX = (V_S L_SS)' # [Y_Sr + A_Sr (x - B Y_{.S})_r]``;
      ``DAVAX = (V_S L_SS)' # [Y_Sr + A_Sr L_rr Y_rr]``; ``REF = DVA - VAX``
    * ``GVC = GEXP - DAVAX``, ``GVCB = FC + DDC``, ``GVCF = GVC - GVCB``.

    Exporter perspective, sink approach (10 terms, exvatools ``bm_snk``): ``DC`` and ``FC`` as
    above; with ``u = B^{\S}_{.S} E_S*`` (output driven by S's exports in the world where S does
    not export) ``DDC = (V_S B_SS)' # A_Sr u_r``, ``FDC = (sum_t V_t B_tS)' # A_Sr u_r``,
    ``REF = (V_S B_SS)' # A_Sr (B^{\S} Y^{\S}_{.S})_r``,
    ``VAXIM = (V_S B_SS)' # [Y_Sr + A_Sr (B^{\S} Y^{\S}_{.r})_r]``, ``DVA = DC - DDC``,
    ``VAX = DVA - REF``. At country level source and sink coincide except for VAXIM. With
    processing-trade splits, ``(B^{\S} Y^{\S}_{.r})_r`` covers every row of the economy ``r``
    and each row keeps its own coefficient in ``A_Sr``; exvatools 0.9.0 multiplies
    split-summed factors there and reports a larger VAXIM (docs/methods/bm.md).

    World perspective (country level, single countries; 9 terms): the domestic side as in the
    exporter perspective; ``FVA`` source ``= sum_{t != s} (V_t L_tt) A_ts L_ss E_s*`` (BM 2019
    eq. 52), sink ``= (sum_t V_t B_ts)' # DAE_s + sum_{r != s} (V_r B_r.)' # A_sr W_r`` with
    ``W = L (Y^F 1 + A^F L y^D)`` (eq. 54; "corrected KWW"), as in Stata ``icio`` and decompr.

    Parameters
    ----------
    model : Model or ICIO
        A table or its model (reused factorisation). Value added is the residual one.
    level : {"country", "sector", "bilateral", "bilateral_sector"}
    exporter : str or list of str, optional
        Country codes and/or names of ``groups``; ``None`` or ``"all"`` gives every country.
    importer : str or list of str, optional
        Keep only these importers (bilateral levels only).
    groups : mapping, optional
        Group name -> member countries. A group is ONE exporter: trade among its members is
        not exported, and ``B^{\S}`` extracts the whole group (not a sum over members).
        Processing-trade splits in ``table.meta["processing_splits"]`` (``CN1``/``CN2`` ->
        ``CHN``) always travel with their country, as exporter and as importer.
    perspective : {"exporter", "world"}
    approach : {"source", "sink"}

    Returns
    -------
    DataFrame indexed by ``exporter`` (and ``sector``, ``importer``) with the terms in
    :data:`BM_TERMS`; ``attrs["definitions"]`` explains every column. ``DDC`` is domestic
    *double counting* (not TiVA's direct domestic contribution).

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.decompose.bm import bm
    >>> t = gvckit.ICIO([[10, 2, 4, 1], [3, 12, 2, 5], [2, 3, 8, 2], [4, 1, 3, 9]],
    ...                 [[20, 5], [6, 30], [4, 25], [10, 15]], countries=["A", "B"],
    ...                 sectors=["s1", "s2"])
    >>> r = bm(t)
    >>> bool(abs(r["DC"] + r["FC"] - r["GEXP"]).max() < 1e-9)
    True

    References
    ----------
    Borin & Mancini (2019), WB PRWP 8804; Borin & Mancini (2023), ESR 35(4); Belotti, Borin &
    Mancini (2021), Stata Journal 21(3).
    """
    if level not in _LEVEL_INDEX:
        raise InputError(f"level must be one of {tuple(_LEVEL_INDEX)}, not {level!r}")
    if perspective not in ("exporter", "world"):
        raise InputError(f"perspective must be 'exporter' or 'world', not {perspective!r}")
    if approach not in ("source", "sink"):
        raise InputError(f"approach must be 'source' or 'sink', not {approach!r}")
    m = Model.of(model)
    t = m.table
    if t.is_open:
        raise InputError(
            "bm needs a closed world table (every country's imports inside the table); for a "
            "single-country table use gvckit.measures.single_country"
        )
    if importer is not None and level not in ("bilateral", "bilateral_sector"):
        raise InputError(f"importer= selects partners of a bilateral level, not of level={level!r}")
    units = exporter_units(m, exporter, groups)
    sh = _Shared(m, None)
    if perspective == "world":
        if level != "country":
            raise InputError("perspective='world' is defined at country level only (BM 2019 sec. 4)")
        grouped = [name for name, pos in units if len(pos) > 1]
        if grouped or sh.split:
            raise InputError(
                "perspective='world' is implemented for single countries of tables without "
                f"processing-trade splits; got exporters {grouped or [u[0] for u in units]}"
            )

    calc_approach = "source" if perspective == "world" else approach
    N = m.N
    partners_all = np.array(sh.econ_names, dtype=object)
    sectors = np.array(t.sectors, dtype=object)
    terms = BM_TERMS[(perspective, approach)]
    want_imp = None
    if importer is not None:
        want_imp = [importer] if isinstance(importer, str) else list(importer)
        bad = [c for c in want_imp if c not in sh.econ_names]
        if bad:
            raise InputError(f"unknown importer(s) {bad}; the table has {sh.econ_names}")

    pieces: dict[str, list[np.ndarray]] = {k: [] for k in terms}
    labels: list[tuple[np.ndarray, ...]] = []
    for name, pos in units:
        raw, inside = _unit_terms(sh, pos, calc_approach)
        # sum member countries sector by sector: a group reports N sector rows
        cell = {k: v.reshape(len(pos), N, sh.E).sum(axis=0) for k, v in raw.items()}
        cell = _complete(cell, calc_approach)
        partners = ~inside
        if want_imp is not None:
            partners &= np.isin(partners_all, want_imp)
        if level == "bilateral_sector":
            ns, nr = np.meshgrid(np.arange(N), np.nonzero(partners)[0], indexing="ij")
            labels.append((np.full(ns.size, name, dtype=object), sectors[ns.ravel()],
                           partners_all[nr.ravel()]))
            vals = {k: cell[k][:, partners].ravel() for k in cell}
        elif level == "bilateral":
            nr = np.nonzero(partners)[0]
            labels.append((np.full(nr.size, name, dtype=object), partners_all[nr]))
            vals = {k: cell[k][:, partners].sum(axis=0) for k in cell}
        elif level == "sector":
            labels.append((np.full(N, name, dtype=object), sectors))
            vals = {k: cell[k].sum(axis=1) for k in cell}
        else:
            labels.append((np.array([name], dtype=object),))
            vals = {k: np.atleast_1d(cell[k].sum()) for k in cell}
        if perspective == "world":
            vals["FVA"] = np.array([_world_fva(sh, pos[0], approach)])
            vals["FDC"] = vals["FC"] - vals["FVA"]
        for k in terms:
            pieces[k].append(vals[k])

    names = _LEVEL_INDEX[level]
    arrays = [np.concatenate([lab[i] for lab in labels]) for i in range(len(names))]
    if len(names) == 1:
        index = pd.Index(arrays[0], name=names[0], dtype=object)
    else:
        index = pd.MultiIndex.from_arrays(arrays, names=names)
    cols = {k: np.concatenate(pieces[k]) for k in terms}
    return result_frame(
        cols,
        index,
        table=t,
        method="bm",
        level=level,
        perspective=perspective,
        approach=approach,
        references=REFERENCES,
        definitions={k: BM_DEFINITIONS[k] for k in terms},
        groups={k: list(v) for k, v in (groups or {}).items()},
        va="residual",
    )


def gvc_related_exports(model: Model | ICIO) -> pd.DataFrame:
    r"""Borin-Mancini GVC-related exports of every exporter-sector, from local inverses only.

    The exporter-perspective, source-approach terms ``GEXP``, ``DAVAX`` and ``GVC = GEXP -
    DAVAX`` of :func:`bm` at ``level="sector"`` (single-country exporters), without the diagonal
    blocks of ``B``: for one exporter ``S`` the extraction inverse's own block is the local
    inverse, ``B^{\S}_SS = L_SS = (I - A_SS)^-1`` (with ``A_Sr = 0`` for ``r`` outside ``S``,
    ``I - A^{\S}`` is block triangular), so the DVA multiplier ``(V_S B_SS) F_S^-1`` of
    :func:`bm` equals ``V_S L_SS`` and

    ``DAVAX_S = (V_S L_SS)' # sum_{r not S} [Y_Sr + A_Sr L_rr Y_rr]``,
    ``GEXP_S = sum_{r not S} (Z_Sr 1 + Y_Sr)``,  ``GVC_S = GEXP_S - DAVAX_S``

    (BM 2019 sec. 3, Table 1; BM 2023 eq. 10). Cost: ``G`` solves of size ``N`` and one
    ``GN x GN`` by ``GN x G`` product, against an LU of ``I - A`` and a few solves with ``G``
    right-hand sides for the full decomposition. Tables with processing-trade splits (whose economy is
    a group of rows) fall back to :func:`bm`, whose rows are then the economies' sectors.

    Returns
    -------
    DataFrame indexed by (``exporter``, ``sector``) with ``GEXP``, ``DAVAX`` and ``GVC``: one
    row per country-sector of the table (per economy-sector with processing-trade splits).

    Examples
    --------
    >>> import gvckit
    >>> t = gvckit.ICIO([[10, 2, 4, 1], [3, 12, 2, 5], [2, 3, 8, 2], [4, 1, 3, 9]],
    ...                 [[20, 5], [6, 30], [4, 25], [10, 15]], countries=["A", "B"],
    ...                 sectors=["s1", "s2"])
    >>> g, full = gvc_related_exports(t), bm(t, level="sector")
    >>> bool(abs(g["GVC"] - full["GVC"]).max() < 1e-12)
    True
    """
    m = Model.of(model)
    t = m.table
    if t.is_open:
        raise InputError("gvc_related_exports needs a closed world table (as bm does)")
    if len(economies(t)) != m.G:  # processing-trade splits: the economy is a group of rows
        return bm(m, level="sector")[["GEXP", "DAVAX", "GVC"]]
    index = pd.MultiIndex.from_arrays(
        [np.repeat(np.array(t.countries, dtype=object), m.N), np.tile(np.array(t.sectors, dtype=object), m.G)],
        names=["exporter", "sector"])
    n, own = m.n, (np.arange(m.n), m.country_of)
    Yd = m.Yd
    W = m.local_solve(Yd[own])  # (L_rr Y_rr)_r, stacked over r
    onehot = np.zeros((n, m.G))
    onehot[own] = W
    DAE = Yd + m.A_dot(onehot)  # Y_Sr + A_Sr L_rr Y_rr, by partner r
    DAE[own] = 0.0
    gexp = m.Z_dest.sum(axis=1) - m.Z_dest[own] + Yd.sum(axis=1) - Yd[own]
    davax = m.local_solve_left(m.v) * DAE.sum(axis=1)
    cols = {"GEXP": gexp, "DAVAX": davax, "GVC": gexp - davax}
    return result_frame(cols, index, table=t, method="bm", level="sector", perspective="exporter",
                        approach="source", references=REFERENCES,
                        definitions={k: BM_DEFINITIONS[k] for k in ("GEXP", "DAVAX", "GVC")},
                        groups={}, va="residual")


def bm_imports(
    model: Model | ICIO,
    *,
    level: str = "country",
    importer: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    r"""Borin-Mancini decomposition of gross imports, importer perspective (BM 2019 eq. 51).

    For importer ``r`` with imports ``d^r`` (GN-vector of every foreign country-sector's
    exports to ``r``) and ``B~^r`` the Leontief inverse of the world in which ``r`` imports no
    intermediates (``A_tr = 0`` for ``t != r``):

    * ``VA_r = v' B~^r d^r``: value added entering ``r`` for the first time;
    * ``DC_r = v' B~^r h^r`` with ``h^r = A_{.r}^F (B d^r)_r``: value added that entered ``r``
      before (double counting);
    * ``GIMP_r = 1'd^r = VA_r + DC_r``.

    ``B~^r`` is never formed: with ``K_r = B_rr (I - A_rr)``,
    ``B~^r z = B z - (B_{.r}(I - A_rr) - I_{.r}) K_r^-1 (B z)_r`` (Woodbury on r's columns).
    ``level="bilateral"`` splits VA and DC by value-added origin country (the importer's own
    value added returning home included). Processing-trade splits travel with their country.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.decompose.bm import bm_imports
    >>> t = gvckit.ICIO([[10, 2, 4, 1], [3, 12, 2, 5], [2, 3, 8, 2], [4, 1, 3, 9]],
    ...                 [[20, 5], [6, 30], [4, 25], [10, 15]], countries=["A", "B"],
    ...                 sectors=["s1", "s2"])
    >>> r = bm_imports(t)
    >>> bool(abs(r["VA"] + r["DC"] - r["GIMP"]).max() < 1e-9)
    True
    """
    if level not in ("country", "bilateral"):
        raise InputError(f"level must be 'country' or 'bilateral' for imports, not {level!r}")
    m = Model.of(model)
    if m.table.is_open:
        raise InputError("bm_imports needs a closed world table")
    sh = _Shared(m, None)
    names = sh.econ_names
    if importer is None:
        want = list(range(sh.E))
    else:
        codes = [importer] if isinstance(importer, str) else list(importer)
        bad = [c for c in codes if c not in names]
        if bad:
            raise InputError(f"unknown importer(s) {bad}; the table has {names}")
        want = [names.index(c) for c in codes]
    v, B, A = m.v, sh.B, sh.A
    Ed = sh.Eint + sh.Yd  # (GN, E): flows to each economy, own rows included
    labels_imp, labels_org, cols = [], [], {"GIMP": [], "VA": [], "DC": []}
    for e in want:
        rows = sh.eof == e
        idx = np.nonzero(rows)[0]
        d = np.where(rows, 0.0, Ed[:, e])
        Irr = np.eye(idx.size) - A[np.ix_(idx, idx)]
        BM = B[:, idx] @ Irr
        BM[idx, np.arange(idx.size)] -= 1.0
        K = B[np.ix_(idx, idx)] @ Irr

        def tilde(z: np.ndarray, BM=BM, K=K, idx=idx) -> np.ndarray:
            Bz = B @ z
            return Bz - BM @ np.linalg.solve(K, Bz[idx])

        Bd = B @ d
        h = A[:, idx] @ Bd[idx]
        h[idx] = 0.0
        va = v * tilde(d)
        dc = v * tilde(h)
        if level == "country":
            labels_imp.append(names[e])
            cols["GIMP"].append(d.sum())
            cols["VA"].append(va.sum())
            cols["DC"].append(dc.sum())
        else:
            by = np.zeros((2, sh.E))
            np.add.at(by[0], sh.eof, va)
            np.add.at(by[1], sh.eof, dc)
            dorg = np.zeros(sh.E)
            np.add.at(dorg, sh.eof, d)
            labels_imp.extend([names[e]] * sh.E)
            labels_org.extend(names)
            cols["GIMP"].extend(by[0] + by[1])
            cols["VA"].extend(by[0])
            cols["DC"].extend(by[1])
    if level == "country":
        index = pd.Index(labels_imp, name="importer", dtype=object)
    else:
        index = pd.MultiIndex.from_arrays([labels_imp, labels_org], names=["importer", "origin"])
    return result_frame(
        {k: np.asarray(v_) for k, v_ in cols.items()}, index, table=m.table, method="bm_imports",
        level=level, perspective="importer", references=REFERENCES,
        definitions={"GIMP": "gross imports", "VA": "value added entering the importer for the "
                     "first time", "DC": "double counting: value added that entered before"},
        va="residual",
    )

