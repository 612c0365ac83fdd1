"""GVC participation and position.

* Koopman, Powers, Wang & Wei (2010), NBER WP 16426 (KPWW): trade-based participation
  ``IV/E + FV/E`` and position ``ln(1 + IV/E) - ln(1 + FV/E)``.
* Borin & Mancini (2019, 2023): GVC-related trade shares ``GVC/E``, ``GVCB/E``, ``GVCF/E``.
* Wang, Wei, Yu & Zhu (2017a), "Measures of Participation in Global Value Chains and Global
  Business Cycles", NBER WP 23222 (WWYZ): production-based participation from the four-part
  split of ``V B Y`` (forward by value-added source, backward by final product).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model
from gvckit.measures.decompose.bm import bm
from gvckit.measures.length import _foreign, _foreign_left, _ratio
from gvckit.measures.tidy import result_frame
from gvckit.table import ICIO

__all__ = ["kpww", "bm_participation", "wwyz_participation", "wwyz_parts"]

REF_KPWW = ("Koopman, R., Powers, W., Wang, Z. and Wei, S.-J. (2010). Give Credit Where Credit "
            "Is Due: Tracing Value Added in Global Production Chains. NBER WP 16426.")
REF_KWW = ("Koopman, R., Wang, Z. and Wei, S.-J. (2014). Tracing Value-Added and Double "
           "Counting in Gross Exports. AER 104(2), 459-494.")
REF_BM = ("Borin, A. and Mancini, M. (2019). Measuring What Matters in Global Value Chains and "
          "Value-Added Trade. World Bank PRWP 8804.")
REF_WWYZ = ("Wang, Z., Wei, S.-J., Yu, X. and Zhu, K. (2017a). Measures of Participation in "
            "Global Value Chains and Global Business Cycles. NBER WP 23222.")


def kpww(model: Model | ICIO, *, fv: str = "foreign_content") -> pd.DataFrame:
    r"""KPWW (2010) GVC participation and position by exporting country.

    * ``IV_s`` = indirect value-added exports, KWW (2014) term T3:
      ``V_s sum_{r != s} B_sr sum_{t != s, r} Y_rt`` (domestic VA in intermediates that the
      direct importer re-exports to third countries).
    * ``FV_s``: ``fv="foreign_content"`` (default) is KPWW's foreign value added in exports,
      ``sum_{t != s} V_t B_ts E_s* `` = KWW T7+T8+T9 (Hummels et al.'s VS); ``fv="fva"`` is
      KWW's narrower FVA = T7+T8 (``sum_t V_t B_ts [Y_s* + sum_r A_sr L_rr Y_rr]``).
    * ``participation = IV/E + FV/E``; ``position = ln(1 + IV/E) - ln(1 + FV/E)``.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.participation import kpww
    >>> t = gvckit.ICIO([[10, 2, 4, 1], [3, 12, 2, 5], [2, 3, 8, 2], [4, 1, 3, 9]],
    ...                 [[20, 5], [6, 30], [4, 25], [10, 15]], countries=["A", "B"],
    ...                 sectors=["s1", "s2"])
    >>> float(kpww(t)["IV"].abs().max())  # two countries: no third country to re-export to
    0.0
    """
    if fv not in ("foreign_content", "fva"):
        raise InputError(f"fv must be 'foreign_content' or 'fva', not {fv!r}")
    m = Model.of(model)
    G, N, n = m.G, m.N, m.n
    cof = m.country_of
    Yd = m.Yd
    yrow = Yd.sum(axis=1)
    yD = Yd[np.arange(n), cof]
    VBc = m.VB_country  # (G, GN)
    foreign = cof[None, :] != np.arange(G)[:, None]  # (G, GN): column j outside country s
    # T3_s = sum_{j not in s} (V_s B)_j [y_j - Y_{j,c(j)} - Y_{j,s}]
    IV = ((VBc * foreign) @ (yrow - yD)) - np.einsum("sj,js->s", VBc * foreign, Yd)
    e = m.e
    E = e.reshape(G, N).sum(axis=1)
    fcm = VBc.sum(axis=0) - VBc[cof, np.arange(n)]  # foreign-content multiplier by column
    if fv == "foreign_content":
        FV = (fcm * e).reshape(G, N).sum(axis=1)
    else:
        W = m.local_solve(yD)
        dae = (yrow - yD) + _foreign(m, W)  # Y_s* + sum_r A_sr L_rr Y_rr by row
        FV = (fcm * dae).reshape(G, N).sum(axis=1)
    ive, fve = _ratio(IV, E), _ratio(FV, E)
    return result_frame(
        {"E": E, "IV": IV, "FV": FV, "IV_share": ive, "FV_share": fve,
         "participation": ive + fve, "position": np.log1p(ive) - np.log1p(fve)},
        pd.Index(m.table.countries, name="exporter"), table=m.table, method="kpww",
        level="country", references=[REF_KPWW, REF_KWW], fv=fv,
    )


def bm_participation(
    model: Model | ICIO,
    *,
    level: str = "country",
    exporter: str | Sequence[str] | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    r"""Borin-Mancini GVC-related trade shares: ``GVC/E``, ``GVCB/E`` (backward) and ``GVCF/E``
    (forward), exporter perspective, source approach (``GVC = E - DAVAX``, ``GVCB = FC + DDC``,
    ``GVCF = DVA - DAVAX``). NaN where gross exports are zero."""
    r = bm(model, level=level, exporter=exporter, groups=groups)
    E = r["GEXP"].to_numpy()
    cols = {
        "GEXP": E, "GVC": r["GVC"].to_numpy(), "GVCB": r["GVCB"].to_numpy(),
        "GVCF": r["GVCF"].to_numpy(),
        "GVC_share": _ratio(r["GVC"].to_numpy(), E),
        "GVCB_share": _ratio(r["GVCB"].to_numpy(), E),
        "GVCF_share": _ratio(r["GVCF"].to_numpy(), E),
    }
    out = result_frame(cols, r.index, method="bm_participation", level=level,
                       perspective="exporter", approach="source", references=[REF_BM])
    out.attrs.update({k: v for k, v in r.attrs.items() if k in ("unit", "year", "source")})
    return out


def wwyz_parts(model: Model | ICIO) -> dict[str, np.ndarray]:
    r"""The four parts of ``V B Y`` (WWYZ 2017a eq. 9), as row sums and column sums.

    ``V B Ŷ = V L Ŷ^D + V L Ŷ^F + V L A^F L Ŷ^D + V L A^F (B Ŷ - L Ŷ^D)``: pure domestic (D),
    traditional trade (RT), simple GVC (GVC_S) and complex GVC (GVC_C). Keys ``f_*`` are row
    sums (by VA source, adding up to ``va``) and ``b_*`` column sums (by final product, adding
    up to ``(v'B) ⊙ y = y`` with residual VA).
    """
    m = Model.of(model)
    v, n = m.v, m.n
    Yd = m.Yd
    y = Yd.sum(axis=1)
    yD = Yd[np.arange(n), m.country_of]
    yF = y - yD
    LyD = m.local_solve(yD)
    x = m.solve(y)
    f = {
        "f_D": v * LyD,
        "f_RT": v * m.local_solve(yF),
        "f_GVC_S": v * m.local_solve(_foreign(m, LyD)),
        "f_GVC_C": v * m.local_solve(_foreign(m, x - LyD)),
    }
    vL = m.local_solve_left(v)
    vLAF = _foreign_left(m, vL)
    vLAFL = m.local_solve_left(vLAF)
    vLAFB = m.solve_left(vLAF)
    b = {
        "b_D": vL * yD,
        "b_RT": vL * yF,
        "b_GVC_S": vLAFL * yD,
        "b_GVC_C": vLAFB * y - vLAFL * yD,
    }
    return {**f, **b, "va": m.va, "y": y}


def wwyz_participation(model: Model | ICIO, *, level: str = "sector") -> pd.DataFrame:
    r"""WWYZ (2017a) production-based GVC participation, forward and backward.

    Forward (share of value added of sector i): ``GVCPt_f = (f_GVC_S + f_GVC_C) / va`` with
    ``f_GVC_S = V L A^F L y^D`` (simple: crosses one border) and
    ``f_GVC_C = V L A^F (B y - L y^D)`` (complex). Backward (share of final goods of sector j):
    ``GVCPt_b = (b_GVC_S + b_GVC_C) / y`` with ``b_GVC_S = (v'L A^F L) ⊙ y^D`` and
    ``b_GVC_C = (v'L A^F B) ⊙ y - (v'L A^F L) ⊙ y^D``. At country level parts are summed over
    sectors before dividing by the country's value added (final goods). NaN where the
    denominator is zero.
    """
    m = Model.of(model)
    p = wwyz_parts(m)
    keys = [k for k in p if k not in ("va", "y")]
    if level == "sector":
        agg = p
        index = m.table.index
    elif level == "country":
        agg = {k: v.reshape(m.G, m.N).sum(axis=1) for k, v in p.items()}
        index = pd.Index(m.table.countries, name="country")
    else:
        raise InputError(f"level must be 'sector' or 'country', not {level!r}")
    va, y = agg["va"], agg["y"]
    cols = {k: agg[k] for k in keys}
    cols.update(
        GVCPt_f=_ratio(agg["f_GVC_S"] + agg["f_GVC_C"], va),
        GVCPt_f_simple=_ratio(agg["f_GVC_S"], va),
        GVCPt_f_complex=_ratio(agg["f_GVC_C"], va),
        GVCPt_b=_ratio(agg["b_GVC_S"] + agg["b_GVC_C"], y),
        GVCPt_b_simple=_ratio(agg["b_GVC_S"], y),
        GVCPt_b_complex=_ratio(agg["b_GVC_C"], y),
        va=va, y=y,
    )
    return result_frame(cols, index, table=m.table, method="wwyz_participation", level=level,
                        references=[REF_WWYZ])
