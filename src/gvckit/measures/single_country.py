"""Domestic value added in exports for a single-country (open) input-output table.

For one country the domestic Leontief inverse ``(I - A^d)^-1`` traces domestic value added in
exports (Hummels, Ishii & Yi 2001; Chen et al. 2012 for China's processing trade; Koopman, Wang &
Wei 2012, JDE 99): ``DVA = v (I - A^d)^-1 diag(e)`` and the share ``v (I - A^d)^-1 e / 1'e``.

* Non-competitive tables (imports in separate rows) give ``A^d = Z^d x^-1`` directly.
* Competitive tables (imports inside ``Z``) need an assumption. The usual one is import
  proportionality: every user of product ``i`` imports the same share
  ``m_i = IM_i / (x_i - EX_i + IM_i)`` of it, so ``A^d = (I - M) A`` with ``M = diag(m)``.

``attrs["imports"]`` says which was used.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.measures.length import upstreamness_open
from gvckit.measures.tidy import result_frame
from gvckit.table import ICIO

__all__ = ["domestic_va_in_exports", "dva_share", "upstreamness_open"]

REFERENCES = [
    "Hummels, D., Ishii, J. and Yi, K.-M. (2001). The nature and growth of vertical "
    "specialization in world trade. JIE 54(1), 75-96.",
    "Koopman, R., Wang, Z. and Wei, S.-J. (2012). Estimating domestic content in exports when "
    "processing trade is pervasive. JDE 99(1), 178-189.",
]


def _domestic_coefficients(table: ICIO, imports: str) -> tuple[np.ndarray, np.ndarray, str]:
    Z, _, x = table.arrays()
    inv = np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)
    A = Z * inv[None, :]
    va = table.value_added("residual").to_numpy()
    v = va * inv
    mode = table.import_mode
    if imports == "auto":
        imports = {"noncompetitive": "noncompetitive", "competitive": "proportional"}.get(mode)
        if imports is None:
            raise InputError("the table has no imports (closed table): use gvckit.measures.bm")
    if imports == "noncompetitive":
        if mode != "noncompetitive":
            raise InputError("imports='noncompetitive' needs a table with separate import rows")
        return A, v, "non-competitive table: A^d is the domestic block Z^d / x"
    if imports == "proportional":
        if mode != "competitive":
            raise InputError(
                "imports='proportional' needs a competitive-import table (imports inside Z)"
            )
        im = table.imports_competitive.to_numpy()
        ex = table.exports.to_numpy().sum(axis=1) if table.exports is not None else 0.0
        absorb = x - ex + im
        m = np.divide(im, absorb, out=np.zeros_like(x), where=absorb > 0)
        if np.any(m < 0):
            bad = [tuple(i) for i in table.index[m < 0]][:5]
            raise InputError(f"negative import shares for {bad}: check imports and exports")
        capped = [tuple(i) for i in table.index[m > 1]]
        how = ("competitive table: import-proportionality assumption A^d = (I - M) A, "
               "m_i = IM_i / (x_i - EX_i + IM_i)")
        if capped:
            # exports above output (re-exports recorded in EX): domestic use is all imported
            warnings.warn(
                f"import share above 1 (exports exceed output, re-exports?) capped at 1 for "
                f"{capped}", stacklevel=3,
            )
            m = np.minimum(m, 1.0)
            how += f"; m capped at 1 for {capped}"
        return (1.0 - m)[:, None] * A, v, how
    raise InputError(f"imports must be 'auto', 'noncompetitive' or 'proportional', not {imports!r}")


def domestic_va_in_exports(
    table: ICIO, *, imports: str = "auto", reexports: bool = False
) -> pd.DataFrame:
    r"""Domestic value added in the exports of a single-country table, by sector.

    ``DVA_j = (v (I - A^d)^-1)_j e_j`` with ``v = va / x`` (residual value added), ``e`` the
    exports of domestic products and ``A^d`` the domestic coefficients (see module docstring).
    ``attrs["dva_share"] = 1'DVA / 1'e``. With ``reexports=True`` re-exports of imported goods
    (``table.meta["reexports_of_imports"]``) are added to exports with zero domestic value added.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.single_country import domestic_va_in_exports
    >>> t = gvckit.load_dataset("china_nbs", year=2017, variant="42")
    >>> round(domestic_va_in_exports(t).attrs["dva_share"], 3)
    0.79
    """
    if table.G != 1:
        raise InputError(f"a single-country table is needed; this one has {table.G} countries")
    if table.exports is None:
        raise InputError("the table has no exports column")
    Ad, v, how = _domestic_coefficients(table, imports)
    e = table.exports.to_numpy().sum(axis=1)
    M = np.eye(table.n) - Ad
    mult = np.linalg.solve(M.T, v)  # v (I - A^d)^-1 as a row vector, by a transposed solve
    dva = mult * e
    total_e = e.sum()
    if reexports:
        rex = table.meta.get("reexports_of_imports")
        if rex is None:
            raise InputError("reexports=True but the table records no re-exports of imports")
        total_e += float(np.sum(list(rex.values()) if isinstance(rex, dict) else rex))
    share = float(dva.sum() / total_e) if total_e else float("nan")
    return result_frame(
        {"exports": e, "dva_multiplier": mult, "DVA": dva,
         "DVA_share": np.divide(dva, e, out=np.full_like(e, np.nan), where=e != 0)},
        table.index, table=table, method="single_country_dva", level="sector",
        references=REFERENCES, imports=how, dva_share=share, reexports_counted=reexports,
    )


def dva_share(table: ICIO, *, imports: str = "auto", reexports: bool = False) -> float:
    """Domestic value-added share of gross exports ``v (I - A^d)^-1 e / 1'e`` (a number)."""
    return domestic_va_in_exports(table, imports=imports, reexports=reexports).attrs["dva_share"]
