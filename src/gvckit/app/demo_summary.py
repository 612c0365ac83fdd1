"""A short real analysis of the bundled data: a country's exports and their value-added content.

Used by ``gvckit demo`` before the full report is assembled, and as a quick check that the
installation works: for a bundled WIOD 2013 year it gives a country's gross exports, the domestic
and foreign value-added shares of those exports (``V B diag(E)`` split by source country;
Hummels, Ishii & Yi 2001), and the sectors with the highest foreign content.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gvckit.datasets import load_dataset
from gvckit.leontief import Model

__all__ = ["ExportContent", "export_content"]


@dataclass(frozen=True)
class ExportContent:
    country: str
    year: int
    unit: str
    gross_exports: float
    domestic_va_share: float
    foreign_va_share: float
    sectors: pd.DataFrame  # by sector: exports, domestic and foreign VA shares

    def top_foreign(self, k: int = 5) -> pd.DataFrame:
        """The ``k`` exporting sectors with the highest foreign value-added share."""
        s = self.sectors[self.sectors["exports"] > 0]
        return s.sort_values("foreign_va_share", ascending=False).head(k)

    def summary(self, k: int = 5) -> str:
        lines = [
            f"{self.country} {self.year} (WIOD 2013 release, {self.unit})",
            f"  gross exports:                  {self.gross_exports:,.0f}",
            f"  domestic value-added share:     {self.domestic_va_share:.3f}",
            f"  foreign value-added share:      {self.foreign_va_share:.3f}",
            f"  the {k} sectors with the highest foreign content of exports:",
        ]
        for code, row in self.top_foreign(k).iterrows():
            lines.append(
                f"    {code:<6} {row['name'][:44]:<44} foreign share {row['foreign_va_share']:.3f}"
                f"  (exports {row['exports']:,.0f})"
            )
        return "\n".join(lines)


def export_content(country: str = "CHN", year: int = 2011, model: Model | None = None) -> ExportContent:
    """Gross exports of ``country`` and the domestic/foreign value-added shares.

    ``DVA_j = (V_s B_ss)_j E_j`` and ``FVA_j = sum_{t != s} (V_t B_ts)_j E_j`` for exporting
    sector j of country s (Hummels, Ishii & Yi 2001; KWW 2014 eq. 8); with residual value added
    ``DVA_j + FVA_j = E_j``.
    """
    m = model or Model(load_dataset("wiod2013", year=year))
    t = m.table
    c = m.country_pos(country)
    blk = m.block(c)
    e = m.e[blk]
    vb = m.VB_country[:, blk]
    dva = vb[c] * e
    fva = (vb.sum(axis=0) - vb[c]) * e
    info = t.sector_info
    names = {k: (info[k].to_numpy() if info is not None and k in info else np.array(t.sectors, dtype=object))
             for k in ("name", "name_zh")}  # a table without names: the codes
    with np.errstate(invalid="ignore", divide="ignore"):
        sectors = pd.DataFrame(
            {
                "name": names["name"],
                "name_zh": names["name_zh"],
                "exports": e,
                "domestic_va_share": np.where(e > 0, dva / np.where(e > 0, e, 1), np.nan),
                "foreign_va_share": np.where(e > 0, fva / np.where(e > 0, e, 1), np.nan),
            },
            index=pd.Index(t.sectors, name="sector"),
        )
    total = float(e.sum())
    return ExportContent(
        country=country,
        year=int(t.year),
        unit=t.unit,
        gross_exports=total,
        domestic_va_share=float(dva.sum() / total),
        foreign_va_share=float(fva.sum() / total),
        sectors=sectors,
    )
