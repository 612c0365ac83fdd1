"""Production length, upstreamness and GVC position.

* Wang, Wei, Yu & Zhu (2017b), "Characterizing Global Value Chains: Production Length and
  Upstreamness", NBER WP 23261: average production length forward ``PLv = (B x) ⊘ x = G 1`` and
  backward ``PLy = (v'B B) ⊘ (v'B)`` (``= 1'B`` with residual value added), the length of GVC
  production ``PLv_GVC``/``PLy_GVC`` with its domestic, cross-border and foreign segments
  (``gvc_length``, ``length_terms``) and the GVC position index ``GVCPs = PLv_GVC / PLy_GVC``.
* Antràs, Chor, Fally & Hillberry (2012), AER P&P 102(3): upstreamness ``U = (I - Δ)^-1 1``
  with ``Δ = x^-1 A x`` (world table), and the open-economy ``Δ_ij = a_ij x_j / (x_i - e_i + m_i)``
  for a single-country table. ``U = PLv`` on a world table (Miller & Temurshoev 2017, IRSR).
* Fally (2012), "Production Staging: Measurement and Facts": number of production stages
  (downstreamness) ``N = 1'(I - A)^-1 = PLy``.

Zero-output sectors (and inactive ones with ``x < 0``) have no production and no length: their forward measures are NaN (listed
in ``attrs["zero_output"]``) rather than the 1 or 0 that a silent ``1/0 -> 0`` would give.
A sector that takes part in no GVC production has NaN GVC length (0/0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model
from gvckit.measures.tidy import result_frame
from gvckit.table import ICIO

__all__ = ["production_length", "gvc_length", "length_terms", "upstreamness", "upstreamness_open",
           "FORWARD_TERMS", "BACKWARD_TERMS"]

REF_WWYZ = ("Wang, Z., Wei, S.-J., Yu, X. and Zhu, K. (2017b). Characterizing Global Value "
            "Chains: Production Length and Upstreamness. NBER WP 23261.")
REF_ACFH = ("Antràs, P., Chor, D., Fally, T. and Hillberry, R. (2012). Measuring the "
            "Upstreamness of Production and Trade Flows. AER P&P 102(3), 412-416.")
REF_ADB = ("Reyes, K. S. (2023-24). ADB MRIO processing scripts, production lengths "
           "(github.com/ksreyes/mrio-processing): the WWYZ 2017b GVC length segments.")
REF_FALLY = "Fally, T. (2012). Production Staging: Measurement and Facts. Mimeo, UC Berkeley."


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _own_blocks(m: Model) -> np.ndarray:
    """The diagonal blocks ``A_ss`` of A, stacked (G, N, N)."""
    return m.A_own_blocks


def _domestic(m: Model, x: np.ndarray, blocks: np.ndarray | None = None) -> np.ndarray:
    """``A^D x`` (domestic blocks of A times a GN-vector or GN x k matrix)."""
    blocks = _own_blocks(m) if blocks is None else blocks
    r = x.reshape(m.G, m.N, -1)
    return np.einsum("gij,gjk->gik", blocks, r).reshape(x.shape)


def _domestic_left(m: Model, r: np.ndarray, blocks: np.ndarray | None = None) -> np.ndarray:
    """``r' A^D`` for a row vector ``r`` (or the rows of a k x GN matrix)."""
    blocks = _own_blocks(m) if blocks is None else blocks
    l2 = np.atleast_2d(r).reshape(-1, m.G, m.N)
    return np.einsum("kgi,gij->kgj", l2, blocks).reshape(r.shape)


def _foreign(m: Model, x: np.ndarray, blocks: np.ndarray | None = None) -> np.ndarray:
    """``A^F x = A x - A^D x`` (foreign blocks of A times a GN-vector)."""
    return m.A_dot(x) - _domestic(m, x, blocks)


def _foreign_left(m: Model, r: np.ndarray, blocks: np.ndarray | None = None) -> np.ndarray:
    """``r' A^F`` for a row vector ``r``."""
    return m.dot_A(r) - _domestic_left(m, r, blocks)


def _aggregate(m: Model, num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Country ratio of sums ``sum_i num_i / sum_i den_i``."""
    G, N = m.G, m.N
    return _ratio(num.reshape(G, N).sum(1), den.reshape(G, N).sum(1))


def production_length(model: Model | ICIO, *, level: str = "sector") -> pd.DataFrame:
    r"""Average production length (WWYZ 2017b), ACFH upstreamness and Fally stages.

    ``PLv = (V B B Y 1) ⊘ (V B Y 1) = (B x) ⊘ x = G 1`` (forward: how many stages until the
    value added of sector i reaches final demand) and
    ``PLy = (1'V B B Y) ⊘ (1'V B Y) = (v'B B) ⊘ (v'B)`` (backward; ``= 1'B`` with residual VA).
    ``U`` (Antràs et al. 2012) equals ``PLv`` and Fally's ``N = 1'B`` equals ``PLy``; both are
    returned as separate columns (``U_acfh``, ``N_fally``) computed from their own definitions.

    At country level the lengths are weighted: ``PLv_s = sum_i (Bx)_i / sum_i x_i`` (output
    weights) and ``PLy_s = sum_j (v'BB)_j y_j / sum_j (v'B)_j y_j`` (final-demand weights).

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.length import production_length
    >>> t = gvckit.ICIO([[150, 500], [200, 100]], [[350], [1700]], countries=["A"],
    ...                 sectors=["s1", "s2"])
    >>> production_length(t)["PLv"].round(4).tolist()
    [1.9142, 1.2541]
    """
    m = Model.of(model)
    x, v = m.x, m.v
    Bx = m.solve(x)
    vB = m.solve_left(v)
    vBB = m.solve_left(vB)
    oneB = m.solve_left(np.ones(m.n))
    # ACFH: U = (I - Δ)^-1 1 with Δ = x^-1 A x, i.e. U = x^-1 B x 1 (solved, not inverted);
    # inactive sectors (x <= 0) have no length
    U = _ratio(Bx, np.where(x > 0, x, 0.0))
    cols: dict[str, np.ndarray]
    if level == "sector":
        cols = {
            "PLv": U,
            "PLy": _ratio(vBB, vB),
            "U_acfh": U,
            "N_fally": oneB,
        }
        index = m.table.index
    elif level == "country":
        y = m.y
        cols = {
            "PLv": _aggregate(m, Bx, x),
            "PLy": _aggregate(m, vBB * y, vB * y),
            "U_acfh": _aggregate(m, Bx, x),
            "N_fally": _aggregate(m, oneB * y, y),
        }
        index = pd.Index(m.table.countries, name="country")
    else:
        raise InputError(f"level must be 'sector' or 'country', not {level!r}")
    return result_frame(
        cols, index, table=m.table, method="production_length", level=level,
        references=[REF_WWYZ, REF_ACFH, REF_FALLY],
        zero_output=[tuple(i) for i in m.zero_output],
        note="zero-output sectors: forward lengths NaN",
    )


FORWARD_TERMS = ("V_D", "Xv_D", "V_RT", "Xv_RT", "V_GVC", "Xv_GVC_D", "Ev_GVC", "Xv_GVC_F")
BACKWARD_TERMS = ("Y_D", "Xy_D", "Y_RT", "Xy_RT", "Y_GVC", "Xy_GVC_D", "Ey_GVC", "Xy_GVC_F")


def _terms(m: Model) -> dict[str, np.ndarray]:
    """The value-added (``V``/``Y``) and production-length (``X``/``E``) terms of WWYZ 2017b,
    as GN-vectors: forward ones by value-added source (row sums), backward ones by final
    product (column sums). Only solves: two or three LU solves per direction (several
    right-hand sides at once) and the block-diagonal ``L``; ``Ŷ`` is final demand within the
    table (``m.y``), so exports outside an open table are not part of any chain here.
    """
    v, y = m.v, m.y
    blocks = _own_blocks(m)
    yd = m.Yd[np.arange(m.n), np.repeat(np.arange(m.G), m.N)]  # Y_ss: absorbed at home
    yf = y - yd  # final-goods exports (within the table)
    # ---- forward: V̂ (...) Ŷ 1, i.e. v ⊙ (... y)
    By = m.solve(y)  # B Ŷ 1
    AFBy = _foreign(m, By, blocks)  # A^F B y
    LAFBy = m.local_solve(AFBy)  # L A^F B y
    # one solve for B A^F B y and B A^D B y
    S = m.solve(np.column_stack([AFBy, _domestic(m, By, blocks)]))
    Lyd = m.local_solve(np.column_stack([yd, yf]))
    LL = m.local_solve(np.column_stack([Lyd, LAFBy]))
    out = {
        "V_D": v * Lyd[:, 0], "Xv_D": v * LL[:, 0],
        "V_RT": v * Lyd[:, 1], "Xv_RT": v * LL[:, 1],
        "V_GVC": v * LAFBy,
        "Xv_GVC_D": v * LL[:, 2],  # V̂ L L A^F B Ŷ 1
        "Ev_GVC": v * S[:, 0],  # V̂ B A^F B Ŷ 1
        "Xv_GVC_F": v * m.local_solve(_foreign(m, S[:, 1], blocks)),  # V̂ L A^F B A^D B Ŷ 1
    }
    # ---- backward: 1'V̂ (...) Ŷ, i.e. (v' ...) ⊙ y
    vL = m.local_solve_left(v)
    vLL = m.local_solve_left(vL)
    vB = m.solve_left(v)
    R = m.solve_left(np.vstack([_foreign_left(m, vL, blocks), _foreign_left(m, vLL, blocks),
                                _foreign_left(m, vB, blocks)]))
    vLAFB, vLLAFB, vBAFB = R
    vLAFBADB = m.solve_left(_domestic_left(m, vLAFB, blocks))
    out.update({
        "Y_D": vL * yd, "Xy_D": vLL * yd,
        "Y_RT": vL * yf, "Xy_RT": vLL * yf,
        "Y_GVC": vLAFB * y,
        "Xy_GVC_D": vLLAFB * y,
        "Ey_GVC": vBAFB * y,
        "Xy_GVC_F": vLAFBADB * y,
    })
    return out


def length_terms(model: Model | ICIO) -> pd.DataFrame:
    r"""Additive terms of the WWYZ (2017b) production-length decomposition, by country-sector.

    With ``L = (I - A^D)^-1``, ``A^F = A - A^D``, ``Ŷ^D`` final goods absorbed at home and
    ``Ŷ^F = Ŷ - Ŷ^D`` final-goods exports, value added splits as
    ``V̂BŶ = V̂LŶ^D + V̂LŶ^F + V̂LA^F BŶ`` (pure domestic, traditional trade, GVC) and the
    value added weighted by the number of production stages it goes through as
    ``V̂BBŶ = V̂LLŶ^D + V̂LLŶ^F + [V̂LLA^F BŶ + V̂BA^F BŶ + V̂LA^F BA^D BŶ]``.
    The bracket is the GVC part ``Xv_GVC = V̂LLA^F BŶ + V̂LA^F BBŶ`` split into its domestic
    segment, its border crossings and its foreign segment (see :func:`gvc_length`).

    Forward terms (``V_*``, ``Xv_*``, ``Ev_GVC``) are the row sums of these matrices (by
    value-added source), backward terms (``Y_*``, ``Xy_*``, ``Ey_GVC``) their column sums (by
    final product). They add up across sectors and countries, so any aggregate length is a
    ratio of sums, e.g. ``PLv_GVC_D = sum Xv_GVC_D / sum V_GVC``.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.length import length_terms
    >>> t = gvckit.ICIO([[12.5, 50.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 100.0]],
    ...                 countries=["A", "B"], sectors=["s"])
    >>> length_terms(t).loc[("A", "s"), ["V_GVC", "Xv_GVC_D", "Ev_GVC", "Xv_GVC_F"]].round(4).tolist()
    [50.0, 62.5, 50.0, 0.0]
    """
    m = Model.of(model)
    t = _terms(m)
    return result_frame(
        {k: t[k] for k in FORWARD_TERMS + BACKWARD_TERMS}, m.table.index, table=m.table,
        method="length_terms", level="sector", references=[REF_WWYZ, REF_ADB],
        note="forward terms by value-added source, backward terms by final product",
    )


def gvc_length(model: Model | ICIO, *, level: str = "sector") -> pd.DataFrame:
    r"""Length of GVC production, its segments, and the GVC position index (WWYZ 2017b).

    With ``L = (I - A^D)^-1`` (block-diagonal local inverses) and ``A^F = A - A^D``:

    * GVC value added ``V_GVC = V̂LA^F BŶ1`` (forward, by source sector) and
      ``Y_GVC = 1'V̂LA^F BŶ`` (backward, by final product);
    * GVC production length ``PLv_GVC = Xv_GVC ⊘ V_GVC`` with
      ``Xv_GVC = V̂LLA^F BŶ1 + V̂LA^F BBŶ1``; ``PLy_GVC`` the same with column sums;
    * its three segments, ``PLv_GVC = PLv_GVC_D + CBv_GVC + PLv_GVC_F``:

      - domestic segment ``PLv_GVC_D = V̂LLA^F BŶ1 ⊘ V_GVC``: production stages in the source
        country before the value added first crosses a border (at least 1);
      - border crossings ``CBv_GVC = V̂BA^F BŶ1 ⊘ V_GVC``: the average number of times the
        value added crosses a border (each crossing is one production stage in the importing
        country); 1 for simple GVCs, more for complex ones;
      - foreign segment ``PLv_GVC_F = V̂LA^F BA^D BŶ1 ⊘ V_GVC``: the further production stages
        within a country after the first crossing (abroad, or back home after re-import).

      The split follows from ``B = L + LA^F B`` and ``BB = B + BAB``:
      ``V̂LA^F BBŶ = V̂LA^F BŶ + V̂LA^F BA^F BŶ + V̂LA^F BA^D BŶ = V̂BA^F BŶ + V̂LA^F BA^D BŶ``.
      Counting stages path by path (``B = Σ A^k``), the three terms count, for each path with
      at least one foreign step, the stages before the first foreign step, the foreign steps,
      and the domestic steps after the first foreign step; they add up to the path's stages.
      ``PLy_GVC_D``, ``CBy_GVC``, ``PLy_GVC_F`` are the same with column sums.
    * ``GVCPs = PLv_GVC / PLy_GVC`` (above 1: upstream in GVCs).

    The segment formulas are those of the ADB MRIO processing code (K. Reyes,
    ``ksreyes/mrio-processing``, ``Xd_GVC``, ``E_GVC``, ``Xf_GVC``), which computes WWYZ
    (2017b); see ``docs/methods/length_upstreamness.md``. At country level every ratio is a
    ratio of sums. Sectors without GVC production get NaN.

    Examples
    --------
    A's value added goes round A's own sector (a_AA = 0.2), crosses to B once (a_AB = 0.5) and
    ends in B's final goods: 1.25 stages at home, one crossing, no further stage.

    >>> import gvckit
    >>> from gvckit.measures.length import gvc_length
    >>> t = gvckit.ICIO([[12.5, 50.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 100.0]],
    ...                 countries=["A", "B"], sectors=["s"])
    >>> r = gvc_length(t).loc[("A", "s")]
    >>> r[["PLv_GVC", "PLv_GVC_D", "CBv_GVC", "PLv_GVC_F"]].round(4).tolist()
    [2.25, 1.25, 1.0, 0.0]
    """
    m = Model.of(model)
    t = _terms(m)
    if level == "sector":
        def ratio(a: str, b: str) -> np.ndarray:
            return _ratio(t[a], t[b])
        index = m.table.index
    elif level == "country":
        def ratio(a: str, b: str) -> np.ndarray:
            return _aggregate(m, t[a], t[b])
        index = pd.Index(m.table.countries, name="country")
    else:
        raise InputError(f"level must be 'sector' or 'country', not {level!r}")
    cols = {
        "PLv_GVC_D": ratio("Xv_GVC_D", "V_GVC"),
        "CBv_GVC": ratio("Ev_GVC", "V_GVC"),
        "PLv_GVC_F": ratio("Xv_GVC_F", "V_GVC"),
        "PLy_GVC_D": ratio("Xy_GVC_D", "Y_GVC"),
        "CBy_GVC": ratio("Ey_GVC", "Y_GVC"),
        "PLy_GVC_F": ratio("Xy_GVC_F", "Y_GVC"),
    }
    plv = cols["PLv_GVC_D"] + cols["CBv_GVC"] + cols["PLv_GVC_F"]
    ply = cols["PLy_GVC_D"] + cols["CBy_GVC"] + cols["PLy_GVC_F"]
    cols = {"PLv_GVC": plv, **{k: cols[k] for k in ("PLv_GVC_D", "CBv_GVC", "PLv_GVC_F")},
            "PLy_GVC": ply, **{k: cols[k] for k in ("PLy_GVC_D", "CBy_GVC", "PLy_GVC_F")},
            "GVCPs": _ratio(plv, ply)}
    return result_frame(
        cols, index, table=m.table, method="gvc_length", level=level,
        references=[REF_WWYZ, REF_ADB],
        note="PL*_GVC = PL*_GVC_D (domestic stages before the first border crossing) + "
             "CB*_GVC (border crossings) + PL*_GVC_F (stages after the first crossing); NaN "
             "where a sector has no GVC production",
    )


def upstreamness(model: Model | ICIO) -> pd.Series:
    r"""ACFH upstreamness ``U = (I - Δ)^-1 1``, ``Δ = x^-1 A x``, solved directly (world table).

    For an open single-country table use :func:`upstreamness_open`.
    """
    m = Model.of(model)
    x = m.x
    pos = x > 0
    # (I - Δ) U = 1  <=>  (I - A) (x ⊙ U) = x
    U = _ratio(m.solve(x), x)
    U[~pos] = np.nan
    return pd.Series(U, index=m.table.index, name="U_acfh")


def upstreamness_open(table: ICIO) -> pd.DataFrame:
    r"""Open-economy upstreamness of Antràs, Chor, Fally & Hillberry (2012) for a single country.

    ``U = (I - Δ)^-1 1`` with ``Δ_ij = a_ij x_j / (x_i - e_i + m_i)``, where ``a_ij`` are the
    total-use (domestic plus imported) coefficients, ``e_i`` exports and ``m_i`` imports of
    product ``i``: a unit of ``i`` used at home is a mix of home output and imports, and only the
    share ``x_i / (x_i - e_i + m_i)`` of the home use traces back to home production.

    Non-competitive tables (import rows one per product, in sector order) are made competitive
    first: ``a = (Z + Z^M) x^-1``, ``m = Z^M 1 + Y^M 1 + re-exports`` and ``e`` includes the
    re-exports (``table.meta["reexports_of_imports"]``), which cancel in ``x - e + m``.
    Sectors with zero output or zero home absorption get NaN.
    """
    if table.G != 1:
        raise InputError("upstreamness_open needs a single-country table (G = 1)")
    Z, Y, x = table.arrays()
    ex = np.zeros(table.n) if table.exports is None else table.exports.to_numpy().sum(axis=1)
    if table.import_mode == "noncompetitive":
        Zm = table.imports_Z.to_numpy()
        Ym = table.imports_Y.to_numpy() if table.imports_Y is not None else np.zeros((Zm.shape[0], 1))
        if Zm.shape[0] != table.n:
            raise InputError(
                f"the table has {Zm.shape[0]} import rows for {table.n} sectors; the open-economy "
                "upstreamness needs one import row per product"
            )
        Ztot = Z + Zm
        m_i = Zm.sum(axis=1) + Ym.sum(axis=1)  # re-exports cancel in x - e + m
        how = "non-competitive table made competitive (Z + Z^M)"
    elif table.import_mode == "competitive":
        Ztot = Z
        m_i = table.imports_competitive.to_numpy()
        how = "competitive-import table"
    else:
        Ztot, m_i = Z, np.zeros(table.n)
        how = "closed table (no imports): equals the closed-economy U"
    den = x - ex + m_i
    pos = (x > 0) & (den > 0)
    # Δ_ij = Z_ij / den_i  (a_ij x_j = Z_ij)
    Delta = np.zeros_like(Ztot)
    Delta[pos] = Ztot[pos] / den[pos, None]
    Delta[:, ~pos] = 0.0
    M = np.eye(table.n) - Delta
    U = np.linalg.solve(M, np.ones(table.n))
    U[~pos] = np.nan
    zero = [tuple(i) for i in table.index[~pos]]
    return result_frame(
        {"U_open": U}, table.index, table=table, method="upstreamness_open", level="sector",
        references=[REF_ACFH], imports=how, undefined=zero,
    )
