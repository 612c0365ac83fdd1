"""Revealed comparative advantage: KWW's new RCA on value added and Balassa's on gross exports.

Koopman, Wang & Wei (2014), AER 104(2), sec. V: the "new revealed comparative advantage"
(NRCA) replaces gross exports in Balassa's (1965) index by the forward-linkage domestic value
added of each sector in its country's own gross exports (gvc ``nrca``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvckit.leontief import Model
from gvckit.measures.length import _ratio
from gvckit.measures.tidy import result_frame
from gvckit.table import ICIO

__all__ = ["nrca", "rca", "forward_dva_in_exports"]

REF_KWW = ("Koopman, R., Wang, Z. and Wei, S.-J. (2014). Tracing Value-Added and Double "
           "Counting in Gross Exports. AER 104(2), 459-494 (sec. V).")
REF_BALASSA = ("Balassa, B. (1965). Trade Liberalisation and 'Revealed' Comparative Advantage. "
               "The Manchester School 33(2), 99-123.")


def forward_dva_in_exports(model: Model | ICIO) -> np.ndarray:
    r"""``f_si = v_i sum_{j in s} B_ij e_j`` for ``i`` in ``s``: the row sums of the ``ss`` blocks
    of ``V B diag(e)`` (domestic value added of sector i in its own country's gross exports,
    counted wherever in the country's exports it is embodied). One solve with G right-hand
    sides (column s holds the exports of country s)."""
    m = Model.of(model)
    n = m.n
    Es = np.zeros((n, m.G))
    Es[np.arange(n), m.country_of] = m.e
    BE = m.solve(Es)
    return m.v * BE[np.arange(n), m.country_of]


def _balassa(values: np.ndarray, G: int, N: int) -> np.ndarray:
    """``(f_si / sum_i f_si) / (sum_s f_si / sum_s sum_i f_si)``; NaN where undefined."""
    f = values.reshape(G, N)
    num = _ratio(f, np.broadcast_to(f.sum(axis=1, keepdims=True), f.shape))
    den = _ratio(np.broadcast_to(f.sum(axis=0, keepdims=True), f.shape),
                 np.full(f.shape, f.sum()))
    return _ratio(num, den).reshape(-1)


def nrca(model: Model | ICIO) -> pd.DataFrame:
    r"""KWW (2014) new RCA and Balassa's classical RCA, by country-sector.

    ``NRCA_si = (f_si / sum_i f_si) / (sum_s f_si / sum_s sum_i f_si)`` with ``f_si`` from
    :func:`forward_dva_in_exports`; ``RCA_si`` is the same index on gross exports ``e_si``.
    Values above 1 reveal a comparative advantage. NaN where a denominator is zero (a country
    or sector without exports).

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.measures.rca import nrca
    >>> t = gvckit.ICIO([[10, 2, 4, 1], [3, 12, 2, 5], [2, 3, 8, 2], [4, 1, 3, 9]],
    ...                 [[20, 5], [6, 30], [4, 25], [10, 15]], countries=["A", "B"],
    ...                 sectors=["s1", "s2"])
    >>> r = nrca(t)
    >>> sorted(r.columns)
    ['NRCA', 'RCA', 'dva_forward', 'exports']
    """
    m = Model.of(model)
    f = forward_dva_in_exports(m)
    return result_frame(
        {"dva_forward": f, "NRCA": _balassa(f, m.G, m.N), "exports": m.e,
         "RCA": _balassa(m.e, m.G, m.N)},
        m.table.index, table=m.table, method="nrca", level="sector",
        references=[REF_KWW, REF_BALASSA],
    )


def rca(model: Model | ICIO) -> pd.Series:
    """Balassa (1965) RCA on gross exports by country-sector."""
    m = Model.of(model)
    return pd.Series(_balassa(m.e, m.G, m.N), index=m.table.index, name="RCA")
