"""Smile curves: value added captured along a product chain against position in the chain.

After Ye, Meng & Wei (2015), "Measuring smile curves in global value chains", IDE-JETRO
Discussion Paper 530, and Meng, Ye & Wei (2020), "Measuring Smile Curves in Global Value
Chains", Oxford Bulletin of Economics and Statistics 82(5): 988-1016. For a "conceptual value
chain" (here: the final goods of a country-sector, sold abroad or everywhere) each participating
country-sector is placed by the value added it contributes (vertical axis) and by its distance to
the chain's final goods (horizontal axis).

With the chain's final-demand vector ``y_c`` (see
:func:`gvckit.framework.value_capture_io.chain_final_demand`):

* value added of source ``i``: ``va_i = (V̂ B y_c)_i``; ``Σ_i va_i = 1'y_c`` with residual value
  added, so the VA column adds up to the chain's final value;
* position of source ``i``: the average number of production stages between the value added of
  ``i`` and the chain's final goods,

      position_i = (V̂ B B y_c)_i / (V̂ B y_c)_i = (B B y_c)_i / (B y_c)_i  (>= 1),

  i.e. the WWYZ (2017b) forward production length of ``i`` restricted to the chain (``B B =
  Σ_k (k+1) A^k`` counts the stages; the final stage counts 1). The published papers measure
  position with an average propagation length (APL, Dietzenbacher, Romero & Bosma 2005) of the
  same ``B B / B`` form; we could not check their exact normalisation in the stored text (only
  the abstracts were available), so the docs state this definition, and an upstream sector
  (farther from the chain's final goods) has a larger position.

Examples
--------
>>> import gvckit
>>> from gvckit.framework.smile import smile_curve
>>> s = smile_curve(gvckit.load_dataset("wiod2013", year=2011), "CHN", "30t33")
>>> bool(abs(s.data.va.sum() - s.final_value[2011]) < 1e-6 * s.final_value[2011])
True
>>> list(s.to_plot_frame().columns)
['label', 'position', 'va_share', 'year']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.leontief import Model
from gvckit.table import ICIO

from .classify import ModelSeries
from .value_capture_io import chain_final_demand, resolve_sectors

__all__ = ["SmileCurve", "smile_curve", "smile_points"]

_REFERENCES = [
    "Ye, M., Meng, B. and Wei, S.-J. (2015), Measuring smile curves in global value chains, "
    "IDE-JETRO Discussion Paper 530.",
    "Meng, B., Ye, M. and Wei, S.-J. (2020), Measuring smile curves in global value chains, "
    "Oxford Bulletin of Economics and Statistics 82(5): 988-1016.",
    "Wang, Z., Wei, S.-J., Yu, X. and Zhu, K. (2017b), Characterizing global value chains: "
    "production length and upstreamness, NBER WP 23261.",
]


def smile_points(
    m: Model, country: str, sectors: str | Sequence[str], destinations: str | Sequence[str] = "foreign"
) -> pd.DataFrame:
    """Value added and position of every country-sector in one year's chain.

    ``va = v ⊙ (B y_c)``, ``position = (B (B y_c)) ⊘ (B y_c)`` (two solves with the model's LU
    factors). Sources contributing nothing get ``position = NaN``.

    Returns
    -------
    pandas.DataFrame
        ``country, sector, year, va, va_share, position, domestic`` (one row per country-sector).
    """
    if m.va_kind != "residual":
        raise InputError("smile curves need residual value added (va='residual')")
    t = m.table
    secs = resolve_sectors(t, sectors)
    y = chain_final_demand(m, country, secs, destinations)
    total = float(y.sum())
    if total <= 0:
        raise InputError(f"the chain {country}/{','.join(secs)} has no final demand in {t.year}")
    By = m.solve(y)
    BBy = m.solve(By)
    va = m.v * By
    pos = np.full(m.n, np.nan)
    ok = (By > 0) & (va > 0)
    pos[ok] = BBy[ok] / By[ok]
    countries = list(t.index.get_level_values(0))
    out = pd.DataFrame({
        "country": countries,
        "sector": list(t.index.get_level_values(1)),
        "year": int(t.year or 0),
        "va": va,
        "va_share": va / total,
        "position": pos,
        "domestic": [c == country for c in countries],
    })
    out.attrs["final_value"] = total
    return out


@dataclass
class SmileCurve:
    """The data behind a smile curve for one chain, one or several years.

    Attributes
    ----------
    country, sectors, destinations
        The chain.
    data : pandas.DataFrame
        ``country, sector, label, year, va, va_share, position, domestic``; per year ``va`` adds
        up to the chain's final value (rows below ``min_share`` are kept in the sum of
        ``data`` only if ``min_share == 0``; see ``residual``).
    final_value : dict year -> float
    residual : dict year -> float
        Value added of the rows dropped by ``min_share`` (so ``data.va + residual = final``).
    """

    country: str
    sectors: list[str]
    destinations: str
    data: pd.DataFrame
    final_value: dict[int, float]
    residual: dict[int, float] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The curve's data for programs (a copy of ``data``, with the chain in ``attrs``)."""
        df = self.data.copy()
        df.attrs.update(self.data.attrs, country=self.country, sectors=list(self.sectors),
                        destinations=self.destinations, residual=dict(self.residual))
        return df

    def __repr__(self) -> str:
        years = sorted(self.final_value)
        return (f"<SmileCurve {self.country} {','.join(self.sectors)} -> {self.destinations}, "
                f"{len(self.data)} points, years {years[0]}-{years[-1]}>")

    def summary(self, lang: str = "en") -> str:
        """The largest value-added shares per year, one line each."""
        from gvckit.messages import check_lang

        check_lang(lang)
        lines = [repr(self)]
        for y, g in self.data.groupby("year"):
            top = g.nlargest(3, "va_share")
            lines.append(f"{y}: " + ", ".join(f"{r.label} {100 * r.va_share:.1f}%"
                                              for r in top.itertuples()))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(self.summary())}</pre>"

    def to_plot_frame(self) -> pd.DataFrame:
        """Exactly ``label, position, va_share, year`` for ``gvckit.outputs.figures``.

        Examples
        --------
        >>> import gvckit
        >>> s = smile_curve(gvckit.load_dataset("wiod2013", year=1995), "CHN", "19")
        >>> s.to_plot_frame().shape[1]
        4
        """
        d = self.data.dropna(subset=["position"])
        return d[["label", "position", "va_share", "year"]].reset_index(drop=True)

    def compare(self) -> pd.DataFrame:
        """Country-sectors across years: ``va_share`` and ``position`` per year side by side."""
        return self.data.pivot_table(index="label", columns="year",
                                     values=["va_share", "position"])


def smile_curve(
    data: ICIO | Model | str | Mapping[int, ICIO | Model],
    country: str,
    sectors: str | Sequence[str],
    destinations: str | Sequence[str] = "foreign",
    years: Iterable[int] | int | None = None,
    min_share: float = 0.0,
) -> SmileCurve:
    """Smile-curve data for the chain of a country-sector's final goods, one or more years.

    Parameters
    ----------
    data : ICIO, Model, str or dict
        As for :func:`gvckit.framework.classify.classify`.
    country : str
    sectors : str or list of str
        Sector codes or a paper industry key.
    destinations : {"foreign", "all"} or list of str
    years : list of int, int or None
        None: the table's year (a single table) or the last year available.
    min_share : float
        Drop country-sectors whose ``va_share`` is below this (their VA goes to ``residual``).

    Returns
    -------
    SmileCurve
        ``data`` has ``country, sector, label ("CHN 30t33"), year, va, va_share, position,
        domestic``.

    Examples
    --------
    >>> import gvckit
    >>> s = smile_curve(gvckit.load_dataset("wiod2013", year=2011), "CHN", "30t33", min_share=0.01)
    >>> bool((s.data.position >= 1).all())
    True
    """
    series = data if isinstance(data, ModelSeries) else ModelSeries(data)
    ys = [series.years[-1]] if years is None else series.resolve_years(years)
    frames, totals, resid = [], {}, {}
    secs: list[str] = []
    for y in ys:
        m = series.model(y)
        secs = resolve_sectors(m.table, sectors)
        d = smile_points(m, country, secs, destinations)
        totals[y] = float(d.attrs["final_value"])
        keep = d.va_share >= min_share if min_share > 0 else np.ones(len(d), dtype=bool)
        resid[y] = float(d.loc[~keep, "va"].sum())
        d = d[keep]
        frames.append(d)
    df = pd.concat(frames, ignore_index=True)
    df.insert(2, "label", df.country + " " + df.sector)
    df.attrs.update(
        method="smile curve (Ye, Meng & Wei 2015; Meng, Ye & Wei 2020)",
        formula="va = diag(v) B y_c; position = (B B y_c) / (B y_c)",
        references=_REFERENCES,
    )
    dest = destinations if isinstance(destinations, str) else ",".join(destinations)
    return SmileCurve(country, secs, dest, df, totals, resid)
