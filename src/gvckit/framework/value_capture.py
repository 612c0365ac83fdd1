"""Value capture, price form: how much of a product's final value the exporting producer keeps.

The paper's worked example (§4, Haining leather): a leather jacket made in China leaves at
30 US dollars; branded abroad it sells for 300 US dollars; the domestic producer captures
30/300 = one tenth (十分之一) of the final value.

:func:`value_capture` generalises the example. Given the export price ``p_x`` and the final
(retail) price ``p_f``:

- ``share = p_x / p_f``: the exporting country's share of the final price (the paper's 1/10);
- ``downstream = p_f - p_x``: captured downstream abroad (branding, distribution, retail);
- if the foreign content share ``s`` of the export price is known (imported inputs),
  ``domestic = p_x (1 - s)`` and ``foreign = p_x s``, each also as a share of ``p_f``.

Input-output form
-----------------
The same quantity measured from an input-output table (domestic value added in exports along the
chain rather than one price pair) is *not* in this module: it belongs to
``gvckit.framework.value_capture_io`` (written separately), which should return the same
:class:`ValueCapture` result so both forms print and export alike.

References
----------
The seed paper, §4 (Haining leather example). Humphrey, J., & Schmitz, H. (2002) for the
buyer-driven setting in which brand owners capture the downstream part.

Examples
--------
>>> from gvckit.framework.value_capture import value_capture
>>> r = value_capture(30, 300)
>>> r.share
0.1
>>> r2 = value_capture(30, 300, foreign_content_share=0.2)
>>> round(r2.domestic_part, 6), round(r2.domestic_share, 6)
(24.0, 0.08)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from gvckit.errors import InputError

__all__ = [
    "ValueCapture",
    "value_capture",
    "haining_leather",
    "HAINING_LEATHER",
    "IO_FORM_MODULE",
]

#: Where the input-output form lives (not written here).
IO_FORM_MODULE = "gvckit.framework.value_capture_io"

#: The paper's example (§4): export price, final price, currency, quote.
HAINING_LEATHER: dict[str, object] = {
    "export_price": 30.0,
    "final_price": 300.0,
    "currency": "USD",
    "section": "§4",
    "quote_zh": (
        "一件皮装在国内完成生产加工,出口时的价格只有30美元,在国外进行贴牌后由于是名牌产品,每件可以卖到300美元,"
        "国内生产企业获取的价值仅仅是产品最终价值的十分之一"
    ),
}


@dataclass(frozen=True)
class ValueCapture:
    """Result of :func:`value_capture`.

    Attributes
    ----------
    export_price, final_price : float
    share : float
        ``export_price / final_price``.
    downstream_part : float
        ``final_price - export_price``, captured downstream abroad.
    downstream_share : float
    foreign_content_share : float or None
        Share of imported content in the export price, if given.
    domestic_part, foreign_part : float or None
        Split of the export price (None without ``foreign_content_share``).
    domestic_share, foreign_share : float or None
        The same as shares of the final price.
    currency : str
    method : str
        ``"price"`` (this module) or ``"io"`` (the input-output form).
    """

    export_price: float
    final_price: float
    share: float
    downstream_part: float
    downstream_share: float
    foreign_content_share: float | None = None
    domestic_part: float | None = None
    foreign_part: float | None = None
    domestic_share: float | None = None
    foreign_share: float | None = None
    currency: str = ""
    method: str = "price"

    def to_frame(self) -> pd.DataFrame:
        """Components of the final price as a tidy table.

        Returns
        -------
        pandas.DataFrame
            Columns ``component, component_zh, value, share_of_final_price``; the rows add up to
            the final price. ``attrs`` records method and currency.

        Examples
        --------
        >>> from gvckit.framework.value_capture import value_capture
        >>> value_capture(30, 300).to_frame().component.tolist()
        ['export price (captured in the exporting country)', 'captured downstream abroad', 'final price']
        """
        rows: list[tuple[str, str, float, float]] = []
        if self.domestic_part is None:
            rows.append(
                (
                    "export price (captured in the exporting country)",
                    "出口价格(出口国获取)",
                    self.export_price,
                    self.share,
                )
            )
        else:
            assert self.foreign_part is not None
            rows.append(
                (
                    "domestic content of the export price",
                    "出口价格中的国内部分",
                    self.domestic_part,
                    float(self.domestic_share or 0.0),
                )
            )
            rows.append(
                (
                    "foreign content of the export price",
                    "出口价格中的国外部分",
                    self.foreign_part,
                    float(self.foreign_share or 0.0),
                )
            )
        rows.append(
            (
                "captured downstream abroad",
                "国外下游环节获取",
                self.downstream_part,
                self.downstream_share,
            )
        )
        rows.append(("final price", "最终价格", self.final_price, 1.0))
        df = pd.DataFrame(
            rows, columns=["component", "component_zh", "value", "share_of_final_price"]
        )
        df.attrs["method"] = self.method
        df.attrs["currency"] = self.currency
        df.attrs["section"] = "§4 (Haining leather example)"
        return df


def _positive(name: str, v: object) -> float:
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {v!r}") from None
    if not math.isfinite(x) or x <= 0:
        raise InputError(f"{name} must be a positive finite number, got {v!r}")
    return x


def value_capture(
    export_price: float,
    final_price: float,
    foreign_content_share: float | None = None,
    *,
    currency: str = "",
) -> ValueCapture:
    """Share of a product's final price captured by the exporting producer (price form).

    Parameters
    ----------
    export_price : float
        Price when the product leaves the producing country (e.g. 30 US dollars, FOB).
    final_price : float
        Price paid by the final buyer abroad (e.g. 300 US dollars). Must be >= ``export_price``.
    foreign_content_share : float, optional
        Share of the export price that is imported content, in [0, 1]. When given, the export price
        is split into a domestic part ``export_price * (1 - s)`` and a foreign part
        ``export_price * s``.
    currency : str, optional
        Label carried into the result (e.g. ``"USD"``).

    Returns
    -------
    ValueCapture

    Raises
    ------
    ValueError
        If a price is not a positive finite number, if ``export_price > final_price``, or if
        ``foreign_content_share`` is outside [0, 1].

    Examples
    --------
    >>> value_capture(30, 300, currency="USD").downstream_part
    270.0
    """
    px = _positive("export_price", export_price)
    pf = _positive("final_price", final_price)
    if px > pf:
        raise InputError(
            f"export_price ({px:g}) cannot exceed final_price ({pf:g}): the final price includes "
            "the export price plus what is added downstream"
        )
    fcs: float | None = None
    dom = fore = dom_s = fore_s = None
    if foreign_content_share is not None:
        try:
            fcs = float(foreign_content_share)
        except (TypeError, ValueError):
            raise InputError(
                f"foreign_content_share must be a number in [0, 1], got {foreign_content_share!r}"
            ) from None
        if not math.isfinite(fcs) or not 0.0 <= fcs <= 1.0:
            raise InputError(
                f"foreign_content_share must be in [0, 1], got {foreign_content_share!r}"
            )
        dom = px * (1.0 - fcs)
        fore = px * fcs
        dom_s = dom / pf
        fore_s = fore / pf
    return ValueCapture(
        export_price=px,
        final_price=pf,
        share=px / pf,
        downstream_part=pf - px,
        downstream_share=(pf - px) / pf,
        foreign_content_share=fcs,
        domestic_part=dom,
        foreign_part=fore,
        domestic_share=dom_s,
        foreign_share=fore_s,
        currency=currency,
    )


def haining_leather(foreign_content_share: float | None = None) -> ValueCapture:
    """The paper's Haining leather example: 30 vs 300 US dollars, share 1/10 (§4).

    Examples
    --------
    >>> haining_leather().share
    0.1
    """
    return value_capture(
        float(HAINING_LEATHER["export_price"]),  # type: ignore[arg-type]
        float(HAINING_LEATHER["final_price"]),  # type: ignore[arg-type]
        foreign_content_share,
        currency="USD",
    )
