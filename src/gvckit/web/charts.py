"""Plotly figure specifications (plain JSON-able dicts) for the web app's charts.

The pages hand these to ``Plotly.newPlot`` from the ``plotly.min.js`` that the app serves itself
(from the ``plotly`` package), so charts work offline. No plotly Python object is built: a figure
is ``{"data": [...], "layout": {...}}`` as the JavaScript library takes it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["lines", "bars", "to_json", "FONT_STACK"]

FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", "gvckit Sans SC", sans-serif'


def _clean(v: Any) -> Any:
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    return v


def _layout(title: str, y_title: str, percent: bool) -> dict[str, Any]:
    return {
        "title": {"text": title, "font": {"size": 15}},
        "font": {"family": FONT_STACK, "size": 12},
        "margin": {"l": 56, "r": 16, "t": 48, "b": 40},
        "hovermode": "closest",
        "legend": {"orientation": "h", "y": -0.18},
        "yaxis": {"title": {"text": y_title}, "tickformat": ".0%" if percent else None,
                  "zeroline": False},
        "xaxis": {"dtick": 1, "tickformat": "d"},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#fafafa",
    }


def lines(frame: pd.DataFrame, x: str, y: str, group: str, names: Mapping[str, str], *,
          title: str, y_title: str = "", percent: bool = False) -> dict[str, Any]:
    """One line (with markers and a hover label) per value of ``group``; ``names`` gives each
    group its label in the page's language."""
    data = []
    for key, part in frame.groupby(group, sort=False):
        part = part.sort_values(x)
        label = names.get(str(key), str(key))
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": label,
            "x": [int(v) for v in part[x]], "y": [_clean(float(v)) for v in part[y]],
            "hovertemplate": f"{label}<br>%{{x}}: %{{y:{'.1%' if percent else '.3f'}}}<extra></extra>",
        })
    return {"data": data, "layout": _layout(title, y_title, percent)}


def bars(labels: Sequence[str], values: Sequence[float], *, title: str, y_title: str = "",
         total: float | None = None, total_label: str = "") -> dict[str, Any]:
    """Bars of ``values`` named by ``labels`` (hover: value and share of ``total``), and the
    total as a dashed line when given."""
    vals = [_clean(float(v)) for v in values]
    custom = [None if total in (None, 0) or v is None else v / total for v in vals]
    data: list[dict[str, Any]] = [{
        "type": "bar", "x": list(labels), "y": vals, "customdata": custom, "name": y_title,
        "marker": {"color": "#3b6ea5"},
        "hovertemplate": "%{x}: %{y:,.1f}" + (" (%{customdata:.1%})" if total else "") + "<extra></extra>",
    }]
    layout = _layout(title, y_title, False)
    layout["xaxis"] = {"type": "category", "automargin": True}
    layout["showlegend"] = False
    if total is not None:
        layout["shapes"] = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": total, "y1": total,
                             "line": {"dash": "dash", "color": "#b03a2e"}}]
        layout["annotations"] = [{"xref": "paper", "x": 1, "y": total, "text": total_label,
                                  "showarrow": False, "xanchor": "right", "yanchor": "bottom"}]
    return {"data": data, "layout": layout}


def to_json(fig: dict[str, Any]) -> str:
    """The figure as JSON safe to put inside a ``<script type="application/json">`` element."""
    return json.dumps(fig, ensure_ascii=False).replace("</", "<\\/")
