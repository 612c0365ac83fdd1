"""Production length, upstreamness and GVC position.

* Wang, Wei, Yu & Zhu (2017b), "Characterizing Global Value Chains: Production Length and
  Upstreamness", NBER WP 23261: average production length forward ``PLv = (B x) ⊘ x = G 1`` and
  backward ``PLy = (v'B B) ⊘ (v'B)`` (``= 1'B`` with residual value added), the length of GVC
  production ``PLv_GVC``/``PLy_GVC`` and the GVC position index ``GVCPs = PLv_GVC / PLy_GVC``.
* Antràs, Chor, Fally & Hillberry (2012), AER P&P 102(3): upstreamness ``U = (I - Δ)^-1 1``
  with ``Δ = x^-1 A x`` (world table), and the open-economy ``Δ_ij = a_ij x_j / (x_i - e_i + m_i)``
  for a single-country table. ``U = PLv`` on a world table (Miller & Temurshoev 2017, IRSR).
* Fally (2012), "Production Staging: Measurement and Facts": number of production stages
  (downstreamness) ``N = 1'(I - A)^-1 = PLy``.

Zero-output sectors have no production and no length: their forward measures are NaN (listed
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

__all__ = ["production_length", "gvc_length", "upstreamness", "upstreamness_open"]

REF_WWYZ = ("Wang, Z., Wei, S.-J., Yu, X. and Zhu, K. (2017b). Characterizing Global Value "
            "Chains: Production Length and Upstreamness. NBER WP 23261.")
REF_ACFH = ("Antràs, P., Chor, D., Fally, T. and Hillberry, R. (2012). Measuring the "
            "Upstreamness of Production and Trade Flows. AER P&P 102(3), 412-416.")
REF_FALLY = "Fally, T. (2012). Production Staging: Measurement and Facts. Mimeo, UC Berkeley."


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _foreign(m: Model, x: np.ndarray) -> np.ndarray:
    """``A^F x = A x - A^D x`` (foreign blocks of A times a GN-vector)."""
    N, G = m.N, m.G
    blocks = np.stack([m.A[m.block(g), m.block(g)] for g in range(G)])
    own = np.einsum("gij,gj->gi", blocks, x.reshape(G, N)).reshape(-1)
    return m.A @ x - own


def _foreign_left(m: Model, r: np.ndarray) -> np.ndarray:
    """``r' A^F`` for a row vector ``r``."""
    N, G = m.N, m.G
    blocks = np.stack([m.A[m.block(g), m.block(g)] for g in range(G)])
    own = np.einsum("gi,gij->gj", r.reshape(G, N), blocks).reshape(-1)
    return r @ m.A - own


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
    # ACFH: U = (I - Δ)^-1 1 with Δ = x^-1 A x, i.e. U = x^-1 B x 1 (solved, not inverted)
    U = _ratio(Bx, x)
    cols: dict[str, np.ndarray]
    if level == "sector":
        cols = {
            "PLv": _ratio(Bx, x),
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


def gvc_length(model: Model | ICIO, *, level: str = "sector") -> pd.DataFrame:
    r"""Length of GVC production and the GVC position index (WWYZ 2017b).

    With ``L = (I - A^D)^-1`` and ``A^F = A - A^D``:

    * forward (by value-added source i): ``V_GVC = V L A^F B Y 1`` and
      ``Xv_GVC = V L L A^F B Y 1 + V L A^F B B Y 1``; ``PLv_GVC = Xv_GVC ⊘ V_GVC``;
    * backward (by final product j): ``Y_GVC = 1'V L A^F B Y`` and
      ``Xy_GVC = 1'V L L A^F B Y + 1'V L A^F B B Y``; ``PLy_GVC = Xy_GVC ⊘ Y_GVC``;
    * ``GVCPs = PLv_GVC / PLy_GVC`` (above 1: upstream in GVCs).

    The split of the GVC length into domestic, cross-border and foreign segments is not
    returned: it was not verified against the paper (see docs/methods/length_upstreamness.md).
    Sectors without GVC production get NaN.
    """
    m = Model.of(model)
    v, x, y = m.v, m.x, m.y
    # forward
    AFx = _foreign(m, x)  # A^F B y = A^F x
    w1 = m.local_solve(AFx)  # L A^F B y
    Vf = v * w1
    Bx = m.solve(x)  # B B y
    Xf = v * (m.local_solve(w1) + m.local_solve(_foreign(m, Bx)))
    # backward (row vectors)
    r1 = m.local_solve_left(v)  # v'L
    c1 = m.solve_left(_foreign_left(m, r1))  # v'L A^F B
    r2 = m.local_solve_left(r1)  # v'L L
    c2 = m.solve_left(_foreign_left(m, r2))  # v'L L A^F B
    c3 = m.solve_left(c1)  # v'L A^F B B
    Vb, Xb = c1 * y, (c2 + c3) * y
    if level == "sector":
        plv, ply = _ratio(Xf, Vf), _ratio(Xb, Vb)
        index = m.table.index
    elif level == "country":
        plv, ply = _aggregate(m, Xf, Vf), _aggregate(m, Xb, Vb)
        index = pd.Index(m.table.countries, name="country")
    else:
        raise InputError(f"level must be 'sector' or 'country', not {level!r}")
    return result_frame(
        {"PLv_GVC": plv, "PLy_GVC": ply, "GVCPs": _ratio(plv, ply)},
        index, table=m.table, method="gvc_length", level=level, references=[REF_WWYZ],
        note="GVC production length totals; segments (domestic/cross-border/foreign) not "
             "implemented; NaN where a sector has no GVC production",
    )


def upstreamness(model: Model | ICIO) -> pd.Series:
    r"""ACFH upstreamness ``U = (I - Δ)^-1 1``, ``Δ = x^-1 A x``, solved directly (world table).

    For an open single-country table use :func:`upstreamness_open`.
    """
    m = Model.of(model)
    x = m.x
    pos = x != 0
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
