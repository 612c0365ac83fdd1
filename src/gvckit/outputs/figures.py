"""Figures of the upgrading framework and of the GVC measures, in English or Chinese.

Five figure functions, each taking plain DataFrames and ``lang`` and returning a
:class:`matplotlib.figure.Figure` (made without pyplot, so no global state and no display):

- :func:`upgrading_model` - the paper's Figure 1: points A (local value chain), B (embedded in
  the GVC, manufacturing), C (product upgrading), D (functional upgrading), E (new chain), the
  moves A→B, B→C, B→D, D→E, and items placed at their points. The paper names the points but
  its figure is not in the text, so the layout is ours (the figure says so).
- :func:`typology_matrix` - governance (buyer-/producer-driven) × integration (low/high/emerging)
  with types I/II/III (the paper's Table 1), the producer-driven/high cell marked "outside the
  paper's typology", and items placed in their cells (names wrapped to stay inside them).
- :func:`smile_curve` - value-added contribution against position (upstreamness or distance to
  final demand) for a chain's country-sectors, one or several years overlaid, each year with a
  least-squares quadratic (the "smile", Shih 1992; Meng, Ye & Wei 2020).
- :func:`participation_position` - GVC participation against position, one point per item;
  items with the same coordinates (industries sharing one sector of the table, e.g. WIOD's 17t18
  textiles and garments) are one point whose label names them all.
- :func:`time_paths` - measures over years (e.g. 1995-2011 DVA share, participation, position),
  one panel per measure, one line per item, the legend below the panels.

Every figure carries what a reader and a workbook need (:class:`FigureInfo`, read with
:func:`figure_info`, :func:`figure_data`, :func:`figure_caption`, :func:`figure_alt`): the data
it plots as a DataFrame with ``attrs["units"]``, a one-line "how to read" caption and an alt
text stating what it shows. Axis labels name the measure, its unit and, when given, the year;
legends sit outside the plotting area; point labels are placed so that they do not overlap.

Fonts: every figure uses DejaVu Sans for Latin text and the CJK font gvckit bundles
(:mod:`gvckit.outputs.fonts`, registered with matplotlib explicitly), so Chinese renders on a
machine without any CJK font. :func:`figure_svg` keeps text as SVG ``<text>`` (selectable,
searchable, read by screen readers) and embeds an ``@font-face`` with the figure's own characters,
so the SVG shows its Chinese in a browser with no CJK font, as a file or inline in a page.
:func:`save_figure` writes SVG and PNG.

Examples
--------
>>> import pandas as pd
>>> from gvckit.outputs.figures import typology_matrix, figure_svg, figure_caption
>>> items = pd.DataFrame({"label": ["textiles"], "governance": ["buyer-driven"],
...                       "integration": ["high"]})
>>> fig = typology_matrix(items, lang="en")
>>> figure_svg(fig).lstrip().startswith("<?xml")
True
>>> figure_caption(fig).startswith("How to read")
True
"""

from __future__ import annotations

import io
import os
import re
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Annotation
from matplotlib.ticker import PercentFormatter

from gvckit.errors import InputError
from gvckit.messages import catalogue, check_lang, tr
from gvckit.outputs import fonts
from gvckit.outputs.svgtext import _CJK_CHAR, cjk_font_first, svg_text, with_font
from gvckit.outputs.units import COLUMN_UNITS, PERCENT_UNITS, unit_label

__all__ = [
    "cjk_fonts",
    "font_family",
    "upgrading_model",
    "typology_matrix",
    "smile_curve",
    "participation_position",
    "time_paths",
    "FigureInfo",
    "figure_info",
    "figure_data",
    "figure_caption",
    "figure_alt",
    "figure_svg",
    "svg_text",
    "with_font",
    "cjk_font_first",
    "figure_png",
    "save_figure",
    "POINTS",
]

POINTS: tuple[str, ...] = ("A", "B", "C", "D", "E")
# Figure 1 layout (ours): x = along/between chains, y = value added / capability.
_XY = {"A": (0.2, 0.2), "B": (0.45, 0.45), "C": (0.72, 0.22), "D": (0.72, 0.68), "E": (0.95, 0.9)}
# where the items of each point go, in points from the point: (dx, dy, ha, stacking), chosen to
# stay clear of the arrows: B's above-left (the arrows leave B to the right and below), the
# others to the right, centred on their point
_ITEM_ANCHOR = {
    "A": (16, -4, "left", "down"),
    "B": (-16, 10, "right", "up"),
    "C": (16, 0, "left", "centre"),
    "D": (16, 0, "left", "centre"),
    "E": (16, 0, "left", "centre"),
}
_MOVES = (("A", "B", "mv_AB"), ("B", "C", "mv_BC"), ("B", "D", "mv_BD"), ("D", "E", "mv_DE"))
_TYPE_COLOURS = {"I": "#4c72b0", "II": "#dd8452", "III": "#55a868", "outside": "#8c8c8c"}
_TYPES = ("I", "II", "III", "outside")


@dataclass
class FigureInfo:
    """What a figure shows, for the report and the workbook.

    Attributes
    ----------
    kind : str
        The figure function's name.
    data : DataFrame
        The values plotted (one row per point, line vertex or placed item), with
        ``attrs["units"]`` and ``attrs["definitions"]``.
    caption : str
        One line: how to read the figure.
    alt : str
        Alt text: what the figure shows, with its main numbers.
    """

    kind: str
    data: pd.DataFrame
    caption: str
    alt: str
    extra: dict = field(default_factory=dict)


def figure_info(fig: Figure) -> FigureInfo:
    """The :class:`FigureInfo` of a figure made by this module.

    Raises
    ------
    InputError
        If ``fig`` was not made by a gvckit figure function.
    """
    info = getattr(fig, "gvckit_info", None)
    if not isinstance(info, FigureInfo):
        raise InputError("this figure was not made by gvckit.outputs.figures")
    return info


def figure_data(fig: Figure) -> pd.DataFrame:
    """The data a gvckit figure plots (a copy), with units per column in ``attrs``."""
    return figure_info(fig).data.copy()


def figure_caption(fig: Figure) -> str:
    """The one-line "how to read" caption of a gvckit figure, in the figure's language."""
    return figure_info(fig).caption


def figure_alt(fig: Figure) -> str:
    """The alt text of a gvckit figure (what it shows), in the figure's language."""
    return figure_info(fig).alt


def cjk_fonts() -> tuple[str, ...]:
    """The CJK font family figures use: gvckit's bundled one (registered on first call)."""
    return (fonts.register(),)


def font_family() -> list[str]:
    """Font fallback list: DejaVu Sans for Latin text, then gvckit's bundled CJK font."""
    return fonts.figure_fonts()


@contextmanager
def _style() -> Iterator[None]:
    with rc_context(
        {
            "font.family": font_family(),
            "svg.fonttype": "none",
            "axes.unicode_minus": False,
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        yield


def _new_figure(size: tuple[float, float]) -> Figure:
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _finish(fig: Figure, kind: str, data: pd.DataFrame, units: dict[str, str], lang: str,
            caption_key: str, alt: str) -> Figure:
    data = data.reset_index(drop=True)
    data.attrs = {"units": {c: units.get(c, "text") for c in data.columns},
                  "figure": kind, "language": lang}
    fig.gvckit_info = FigureInfo(kind, data, tr(caption_key, lang), alt)
    return fig


def _freeze_layout(fig: Figure):
    """Run the constrained layout once and fix it, so that labels placed afterwards stay put
    (a draw that lays out and measures text without rasterising anything)."""
    fig.draw_without_rendering()
    # no engine at all, not even the placeholder "none" leaves: savefig lays out again, in a
    # draw of its own, whenever a figure has one, and the layout here is final
    with rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)
    return fig.canvas.get_renderer()


def _require(df: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{what}: expected a DataFrame, got {type(df).__name__}")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(f"{what}: missing column(s) {missing}; has {list(df.columns)}")


def _numeric(df: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    for c in cols:
        if not pd.api.types.is_numeric_dtype(df[c]):
            raise InputError(f"{what}: column {c!r} must be numeric")


def _measure_name(key: str, lang: str) -> str:
    return catalogue(lang).get(f"fg_measure_{key}", key)


def _axis_label(name: str, unit: str, lang: str, year: object = None) -> str:
    u = unit_label(unit, lang)
    if unit in ("unstated", ""):
        return name if year is None else f"{name}, {year}" if lang == "en" else f"{name}，{year}年"
    if year is None:
        return tr("fg_axis", lang, name=name, unit=u)
    return tr("fg_axis_year", lang, name=name, unit=u, year=year)


def _percent_axis(axis, unit: str) -> None:
    if unit in PERCENT_UNITS:
        axis.set_major_formatter(PercentFormatter(xmax=1.0))


def _fmt(value: float, unit: str, lang: str = "en") -> str:
    if unit in PERCENT_UNITS:
        return f"{value:.1%}"
    num = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if unit in ("unstated", "", "category", "text", "code"):
        return num
    return f"{num} {unit_label(unit, lang)}"


_TOKENS = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]\s*|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+\s*")


def _wrap(ax, text: str, width_px: float, renderer, **kw) -> str:
    """Break ``text`` into lines no wider than ``width_px`` (words for Latin, characters for CJK)."""
    probe = ax.text(0, 0, "", **kw)
    try:
        lines, cur = [], ""
        for tok in _TOKENS.findall(text):
            cand = cur + tok
            probe.set_text(cand.rstrip())
            if cur and probe.get_window_extent(renderer).width > width_px:
                lines.append(cur.rstrip())
                cur = tok.lstrip()
            else:
                cur = cand
        lines.append(cur.rstrip())
        return "\n".join(line for line in lines if line)
    finally:
        probe.remove()


# label placement: candidate offsets (points) around a marker, tried in order
_OFFSETS = ((5, 4, "left", "bottom"), (5, -4, "left", "top"), (-5, 4, "right", "bottom"),
            (-5, -4, "right", "top"), (0, 8, "center", "bottom"), (0, -8, "center", "top"),
            (9, 0, "left", "center"), (-9, 0, "right", "center"))


def _overlap(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(fig: Figure, ax, xs, ys, labels, renderer, *, fontsize: float = 7,
                  colour: str = "#222") -> list[Annotation]:
    """Annotate points so that no label overlaps another label, a marker or the axes' edge.

    Greedy: each label takes the first candidate position around its point that is free; when
    none is, it moves further out on a leader line; failing that it takes the least crowded
    candidate. Call after :func:`_freeze_layout`.
    """
    from matplotlib.transforms import Bbox

    to_px = ax.transData.transform
    frame = ax.get_window_extent(renderer)
    dots = [Bbox.from_extents(px - 3, py - 3, px + 3, py + 3)
            for px, py in (to_px((x, y)) for x, y in zip(xs, ys, strict=True))]
    taken: list = []
    out = []
    for x, y, lab in zip(xs, ys, labels, strict=True):
        best, best_cost = None, None
        for scale in (1.0, 2.6, 4.2):
            for dx, dy, ha, va in _OFFSETS:
                a = ax.annotate(
                    lab, (x, y), xytext=(dx * scale, dy * scale), textcoords="offset points",
                    ha=ha, va=va, fontsize=fontsize, color=colour,
                    arrowprops={"arrowstyle": "-", "color": "#999", "lw": 0.5} if scale > 1 else None,
                )
                bb = a.get_window_extent(renderer)
                cost = sum(_overlap(bb, t) for t in taken) + sum(_overlap(bb, d) for d in dots)
                inside = (bb.x0 >= frame.x0 and bb.x1 <= frame.x1 and bb.y0 >= frame.y0
                          and bb.y1 <= frame.y1)
                cost += 0 if inside else 1e4
                if best_cost is None or cost < best_cost:
                    if best is not None:
                        best.remove()
                    best, best_cost = a, cost
                else:
                    a.remove()
                if best_cost == 0:
                    break
            if best_cost == 0:
                break
        taken.append(best.get_window_extent(renderer))
        out.append(best)
    return out


# --------------------------------------------------------------------------------------------
# (a) Figure 1


def _type_legend(fig: Figure, types: Sequence[str], lang: str) -> None:
    handles = [Line2D([], [], ls="none", marker="s", ms=7, color=_TYPE_COLOURS[t],
                      label=tr("type_outside" if t == "outside" else f"type_{t}", lang))
               for t in _TYPES if t in types]
    if handles:
        fig.legend(handles=handles, loc="outside lower right", ncol=len(handles), fontsize=7,
                   frameon=False, title=tr("fg_type_legend", lang), title_fontsize=7)


def upgrading_model(
    items: pd.DataFrame | None = None, lang: str = "en", *, title: str | None = None,
    period: str | None = None,
) -> Figure:
    """The paper's Figure 1 (upgrading model of a local cluster in the GVC) with items placed.

    Parameters
    ----------
    items : DataFrame, optional
        Columns ``label`` (item name) and ``point`` (one of A-E); optional ``type``
        (I, II, III or outside) colours the label. Items at the same point are stacked.
    lang : {"en", "zh"}
    title : str, optional
        Defaults to the translated "Upgrading model (the paper's Figure 1)".
    period : str, optional
        The years the placement rests on (e.g. ``"1995-2011"``), added to the title.

    Notes
    -----
    Points and moves follow section 4 of the seed paper: A→B (local to global chain, process
    upgrading), B→C (product), B→D (functional), D→E (inter-chain) (Humphrey & Schmitz 2002).
    The point names are in a key below the diagram, and each point's items sit on the side of
    the point away from its arrows, so no label covers a point, an arrow or another label.
    """
    check_lang(lang)
    if items is not None:
        _require(items, ["label", "point"], "upgrading_model")
        bad = sorted(set(map(str, items["point"])) - set(POINTS))
        if bad:
            raise InputError(f"upgrading_model: points {bad} are not among A-E")
    with _style():
        fig = _new_figure((7.5, 5.0))
        ax = fig.add_subplot()
        ax.set_xlim(0, 1.25)
        ax.set_ylim(0.0, 1.0)
        ax.set_axis_off()
        head = title or tr("fig_upgrading_title", lang)
        ax.set_title(head if not period else f"{head} ({period})" if lang == "en" else f"{head}（{period}）")
        ax.add_patch(Rectangle((0.005, 0.06), 0.27, 0.3, fill=False, ls="--", ec="#999"))
        for a, b, key in _MOVES:
            (x0, y0), (x1, y1) = _XY[a], _XY[b]
            ax.add_patch(
                FancyArrowPatch(
                    (x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=16, shrinkA=14,
                    shrinkB=14, color="#333", lw=1.4,
                )
            )
            below = y1 < y0 or a == "A"  # A→B's label below its arrow, clear of A's box
            ax.annotate(
                tr(key, lang),
                ((x0 + x1) / 2, (y0 + y1) / 2),
                xytext=(6, -10) if below else (-6, 8),
                textcoords="offset points",
                ha="left" if below else "right",
                va="top" if below else "bottom",
                fontsize=8,
                color="#555",
                style="italic",
            )
        for p, (x, y) in _XY.items():
            ax.plot([x], [y], "o", ms=20, mfc="white", mec="#222", mew=1.6)
            ax.text(x, y, p, ha="center", va="center", fontsize=11, weight="bold")
        key_text = tr("fg_points_legend", lang,
                      points=tr("fg_sentence_sep", lang).join(
                          tr(f"pt_{p}", lang).replace("  ", " ") for p in POINTS))
        fig.text(0.01, 0.01, textwrap.fill(key_text, 78 if lang == "en" else 40), fontsize=7,
                 color="#333", ha="left", va="bottom")
        rows = []
        if items is not None:
            for p, grp in items.groupby(items["point"].astype(str), sort=False):
                x, y = _XY[p]
                dx, dy, ha, stack = _ITEM_ANCHOR[p]
                n = len(grp)
                step = 10.5
                for k, (_, row) in enumerate(grp.iterrows()):
                    t = str(row.get("type", ""))
                    colour = _TYPE_COLOURS.get(t, "#1f1f7a")
                    off = {"up": k * step, "down": -k * step, "centre": ((n - 1) / 2 - k) * step}[stack]
                    va = {"up": "bottom", "down": "top", "centre": "center"}[stack]
                    ax.annotate(
                        str(row["label"]), (x, y), xytext=(dx, dy + off), textcoords="offset points",
                        fontsize=7.5, color=colour, ha=ha, va=va,
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": colour, "lw": 0.6},
                    )
                    rows.append({"label": str(row["label"]), "point": p, "type": t or None})
            _type_legend(fig, [str(t) for t in items.get("type", pd.Series(dtype=str))], lang)
        ax.text(1.0, 0.0, tr("fig_upgrading_note", lang), fontsize=6.5, color="#777",
                ha="right", transform=ax.transAxes)
    data = pd.DataFrame(rows, columns=["label", "point", "type"])
    sep = tr("fg_sentence_sep", lang)
    placed = sep.join(
        tr("fg_alt_placed", lang, point=p,
           names=tr("fg_list_sep", lang).join(data.loc[data["point"] == p, "label"]))
        for p in POINTS if (data["point"] == p).any()
    )
    alt = tr("fg_alt_upgrading", lang, placed=(placed + ("." if lang == "en" else "。"))
             if placed else tr("fg_alt_none", lang))
    return _finish(fig, "upgrading_model", data,
                   {"label": "text", "point": "category", "type": "category"}, lang,
                   "fg_read_upgrading", alt)


# --------------------------------------------------------------------------------------------
# (b) governance x integration


def _norm_gov(v: object) -> str:
    s = str(v).strip().lower().replace("_", "-").replace(" ", "-")
    if s in ("buyer-driven", "buyer", "采购者驱动型", "采购者驱动"):
        return "buyer"
    if s in ("producer-driven", "producer", "生产者驱动型", "生产者驱动"):
        return "producer"
    raise InputError(f"typology_matrix: governance {v!r} is neither buyer- nor producer-driven")


def _norm_int(v: object) -> str:
    s = str(v).strip().lower()
    if s in ("low", "high", "emerging"):
        return s
    raise InputError(f"typology_matrix: integration {v!r} is not low, high or emerging")


def typology_matrix(
    items: pd.DataFrame | None = None, lang: str = "en", *, title: str | None = None,
    period: str | None = None,
) -> Figure:
    """Governance × integration matrix of the paper's Table 1 with items placed in cells.

    Parameters
    ----------
    items : DataFrame, optional
        Columns ``label``, ``governance`` (``buyer-driven``/``producer-driven``, also
        ``buyer_driven`` or the Chinese terms) and ``integration`` (``low``/``high``/
        ``emerging``).
    lang : {"en", "zh"}
    period : str, optional
        The years the placement rests on, added to the title.

    Notes
    -----
    Cells: buyer/low = type I, buyer/high = type II, producer/emerging = type III (Gereffi 1999
    governance; the paper's Table 1). Producer-driven with high integration is marked "outside
    the paper's typology"; the two remaining cells are "not in Table 1". Every cell heading and
    name is wrapped to its cell's width; names that do not fit in the cell (at 6 pt, in two
    columns) are summarised as "+n more" and listed in the figure's data and alt text.
    """
    check_lang(lang)
    rows, cols = ("buyer", "producer"), ("low", "high", "emerging")
    types = {("buyer", "low"): "I", ("buyer", "high"): "II", ("producer", "emerging"): "III"}
    placed: dict[tuple[str, str], list[str]] = {}
    if items is not None:
        _require(items, ["label", "governance", "integration"], "typology_matrix")
        for lab, g, i in zip(
            items["label"], items["governance"], items["integration"], strict=True
        ):
            placed.setdefault((_norm_gov(g), _norm_int(i)), []).append(str(lab))
    data_rows = []
    with _style():
        fig = _new_figure((7.5, 4.8))
        ax = fig.add_subplot()
        ax.set_xlim(0, 3)
        ax.set_ylim(0, 2)
        ax.set_xticks([0.5, 1.5, 2.5], [tr(f"int_{c}", lang) for c in cols])
        ax.set_yticks([1.5, 0.5], [tr(f"gov_{r}", lang) for r in rows])
        ax.tick_params(length=0)
        for sp in ax.spines.values():
            sp.set_visible(False)
        head_title = title or tr("fig_matrix_title", lang)
        ax.set_title(head_title if not period else f"{head_title} ({period})" if lang == "en"
                     else f"{head_title}（{period}）")
        renderer = _freeze_layout(fig)
        cell_px = ax.transData.transform((1, 1)) - ax.transData.transform((0, 0))
        pad = 0.05
        for r_i, r in enumerate(rows):
            y0 = 1 - r_i
            for c_i, c in enumerate(cols):
                t = types.get((r, c))
                outside = (r, c) == ("producer", "high")
                face = _TYPE_COLOURS[t] if t else "#f2f2f2"
                ax.add_patch(
                    Rectangle((c_i, y0), 1, 1, fc=face, alpha=0.18 if t else 1, ec="#555", lw=1)
                )
                if outside:
                    ax.add_patch(
                        Rectangle((c_i, y0), 1, 1, fill=False, ec="#c8c8c8", lw=0, hatch="//")
                    )
                head = (
                    tr(f"type_{t}", lang)
                    if t
                    else tr("cell_outside" if outside else "cell_empty", lang)
                )
                head_kw = {"fontsize": 8.5, "weight": "bold" if t or outside else "normal"}
                head = _wrap(ax, head, cell_px[0] * (1 - 2 * pad), renderer, **head_kw)
                ht = ax.text(
                    c_i + pad, y0 + 1 - pad, head, va="top", ha="left",
                    color="#222" if t else ("#a33" if outside else "#666"),
                    bbox={"fc": "white", "ec": "none", "pad": 1} if outside else None,
                    clip_on=True, **head_kw,
                )
                labels = placed.get((r, c), [])
                for lab in labels:
                    data_rows.append({"label": lab, "governance": f"{r}-driven",
                                      "integration": c, "type": t or "outside"})
                if not labels:
                    continue
                top_px = ht.get_window_extent(renderer).y0 - 4
                bottom_px = ax.transData.transform((0, y0))[1] + 4
                _cell_items(ax, labels, c_i, y0, top_px, bottom_px, cell_px, renderer, lang,
                            outside)
    data = pd.DataFrame(data_rows, columns=["label", "governance", "integration", "type"])
    sep = tr("fg_sentence_sep", lang)
    parts = []
    for key in [*("I", "II", "III"), "outside"]:
        names = data.loc[data["type"] == key, "label"]
        if len(names):
            cell = tr(f"type_{key}", lang) if key != "outside" else tr("type_outside", lang)
            parts.append(tr("fg_alt_placed", lang, point=cell,
                            names=tr("fg_list_sep", lang).join(names)))
    alt = tr("fg_alt_matrix", lang, placed=(sep.join(parts) + ("." if lang == "en" else "。"))
             if parts else tr("fg_alt_none", lang))
    return _finish(fig, "typology_matrix", data,
                   {"label": "text", "governance": "category", "integration": "category",
                    "type": "category"}, lang, "fg_read_matrix", alt)


def _cell_items(ax, labels, c_i, y0, top_px, bottom_px, cell_px, renderer, lang, outside):
    """Write ``labels`` as a bulleted list inside one cell, shrinking or splitting to fit."""
    inv = ax.transData.inverted()
    avail_h = top_px - bottom_px
    for ncol, size in ((1, 7.5), (1, 7), (2, 7), (2, 6.5), (2, 6)):
        col_w = cell_px[0] * 0.9 / ncol
        wrapped = [_wrap(ax, "• " + lab, col_w, renderer, fontsize=size) for lab in labels]
        line_h = size * 1.25 * fig_dpi(ax) / 72
        per_col = [0] * ncol
        heights = [w.count("\n") + 1 for w in wrapped]
        # fill columns in order
        cols_of, col = [], 0
        for h in heights:
            if per_col[col] + h > avail_h / line_h and col < ncol - 1:
                col += 1
            cols_of.append(col)
            per_col[col] += h
        if max(per_col) <= avail_h / line_h:
            break
    fits = max(per_col) <= avail_h / line_h
    shown = len(labels)
    if not fits:  # keep the lines that fit and say how many more
        cap = int(avail_h / line_h) - 1
        used = [0] * ncol
        shown = 0
        for h, cidx in zip(heights, cols_of, strict=True):
            if used[cidx] + h > cap:
                break
            used[cidx] += h
            shown += 1
    used = [0] * ncol
    for k, (text, cidx) in enumerate(zip(wrapped, cols_of, strict=True)):
        if k >= shown:
            break
        x_px = ax.transData.transform((c_i + 0.07, 0))[0] + cidx * cell_px[0] * 0.9 / ncol
        y_px = top_px - used[cidx] * line_h
        x, y = inv.transform((x_px, y_px))
        ax.text(x, y, text, va="top", ha="left", fontsize=size, linespacing=1.1,
                bbox={"fc": "white", "ec": "none", "pad": 0.5} if outside else None)
        used[cidx] += text.count("\n") + 1
    if shown < len(labels):
        x, y = inv.transform((ax.transData.transform((c_i + 0.07, 0))[0], bottom_px))
        ax.text(x, y, tr("fg_more", lang, n=len(labels) - shown), va="bottom", ha="left",
                fontsize=size, style="italic")


def fig_dpi(ax) -> float:
    return ax.figure.dpi


# --------------------------------------------------------------------------------------------
# (c) smile curve


def smile_curve(
    data: pd.DataFrame,
    lang: str = "en",
    *,
    position: str = "upstreamness",
    label_top: int = 5,
    title: str | None = None,
    value_unit: str | None = None,
) -> Figure:
    """Smile curve: value-added contribution against position along a chain.

    Parameters
    ----------
    data : DataFrame
        One row per country-sector (and year): columns ``position`` (upstreamness, or distance
        to final demand), ``value_added`` (the country-sector's value-added contribution to the
        chain; ``va_share``, as in :meth:`gvckit.framework.SmileCurve.to_plot_frame`, is accepted
        for it and is a share of the chain's final value); optional ``year`` (one curve per year,
        overlaid) and ``label`` (the ``label_top`` largest contributions of the last year are
        annotated).
    lang : {"en", "zh"}
    position : {"upstreamness", "distance"}
        Which position measure ``position`` holds (axis label; both count production stages).
    value_unit : str, optional
        Unit of ``value_added`` (a key of :data:`gvckit.outputs.units.UNITS`): ``"share"`` for
        ``va_share``, else ``data.attrs["units"]["value_added"]`` if given, else unstated.

    Notes
    -----
    Each year gets a least-squares quadratic va = a + b·pos + c·pos² (when it has three or more
    points); a smile has c > 0 (Shih 1992; Meng, Ye & Wei 2020, "Measuring smile curves in
    global value chains", *Oxford Bulletin of Economics and Statistics*).
    """
    check_lang(lang)
    unit = value_unit
    if "value_added" not in data.columns and "va_share" in data.columns:
        data = data.rename(columns={"va_share": "value_added"})
        unit = unit or "share"
    _require(data, ["position", "value_added"], "smile_curve")
    _numeric(data, ["position", "value_added"], "smile_curve")
    if position not in ("upstreamness", "distance"):
        raise InputError("smile_curve: position must be 'upstreamness' or 'distance'")
    unit = unit or (data.attrs.get("units") or {}).get("value_added") or "unstated"
    df = data.dropna(subset=["position", "value_added"])
    years = sorted(df["year"].unique()) if "year" in df.columns else [None]
    fits = []
    with _style():
        fig = _new_figure((7.0, 4.4))
        ax = fig.add_subplot()
        colours = [f"C{i % 10}" for i in range(len(years))]
        for yr, colour in zip(years, colours, strict=True):
            d = df if yr is None else df[df["year"] == yr]
            x = d["position"].to_numpy(float)
            y = d["value_added"].to_numpy(float)
            ax.scatter(x, y, s=14, color=colour, alpha=0.6, label=None if yr is None else str(yr))
            if len(x) >= 3 and np.ptp(x) > 0:
                coef = np.polyfit(x, y, 2)
                xs = np.linspace(x.min(), x.max(), 100)
                ax.plot(xs, np.polyval(coef, xs), color=colour, lw=1.6)
                fits.append((yr, coef[0]))
        ax.set_xlabel(_axis_label(tr("ax_upstreamness" if position == "upstreamness"
                                     else "ax_distance", lang), "stages", lang))
        ax.set_ylabel(_axis_label(tr("ax_va", lang), unit, lang))
        _percent_axis(ax.yaxis, unit)
        ax.set_title(title or tr("fig_smile_title", lang))
        if years != [None]:
            fig.legend(title=tr("ax_year", lang), fontsize=7, frameon=False, loc="outside right upper")
        renderer = _freeze_layout(fig)
        if "label" in df.columns and label_top > 0:
            last = df if years == [None] else df[df["year"] == years[-1]]
            top = last.nlargest(label_top, "value_added")
            _place_labels(fig, ax, top["position"].tolist(), top["value_added"].tolist(),
                          [str(v) for v in top["label"]], renderer)
    cols = [c for c in ("label", "year", "position", "value_added") if c in df.columns]
    out = df[cols].copy()
    n = len(out) if years == [None] else int(df[df["year"] == years[-1]].shape[0])
    year_text = "" if years == [None] else tr("fg_list_sep", lang).join(str(y) for y in years)
    fit_text = tr("fg_list_sep", lang).join(
        tr("fg_alt_smile_fit", lang, year=yr if yr is not None else "",
           shape=tr("fg_shape_up" if c > 0 else "fg_shape_down", lang)) for yr, c in fits)
    alt = tr("fg_alt_smile", lang, y=tr("ax_va", lang),
             x=tr("ax_upstreamness" if position == "upstreamness" else "ax_distance", lang),
             n=n, years=year_text, fits=fit_text or "-")
    return _finish(fig, "smile_curve", out,
                   {"label": "text", "year": "year", "position": "stages", "value_added": unit},
                   lang, "fg_read_smile", alt)


# --------------------------------------------------------------------------------------------
# (d) participation against position


def _merge_shared(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per distinct (participation, position): labels of items sharing a point joined."""
    key = data[["participation", "position"]].round(12).astype(str).agg("|".join, axis=1)
    rows = []
    for _, grp in data.groupby(key, sort=False):
        first = grp.iloc[0]
        types = list(dict.fromkeys(str(t) for t in grp["type"])) if "type" in grp else []
        rows.append({
            "label": tr("fg_joiner", lang).join(str(v) for v in grp["label"]),
            "participation": float(first["participation"]),
            "position": float(first["position"]),
            **({"type": types[0] if len(types) == 1 else "/".join(types)} if types else {}),
            "items": len(grp),
        })
    return pd.DataFrame(rows)


def participation_position(
    data: pd.DataFrame, lang: str = "en", *, title: str | None = None,
    year: int | str | None = None, participation_measure: str | None = None,
    position_measure: str | None = None,
) -> Figure:
    """Scatter of GVC participation against GVC position, one labelled point per item.

    Parameters
    ----------
    data : DataFrame
        Columns ``label``, ``participation``, ``position``; optional ``type`` (I, II, III,
        outside) colours the points; optional ``year`` (one value) dates the axes.
    lang : {"en", "zh"}
    year : int or str, optional
        Year of the data (default: the single value of a ``year`` column, if any).
    participation_measure, position_measure : str, optional
        Which measures the columns hold (e.g. ``"wwyz_backward"``, ``"upstreamness"``), to
        name them and their units on the axes. Participation is a share in every definition;
        the position's unit is shown only when its measure is named.

    Notes
    -----
    Participation and position as defined by Koopman, Powers, Wang & Wei (2010) or Wang, Wei,
    Yu & Zhu (2017); the figure plots whatever the caller computed. Items with identical
    coordinates (industries mapped to the same sector of the table) become one point whose label
    names them all, so no point hides another.
    """
    check_lang(lang)
    _require(data, ["label", "participation", "position"], "participation_position")
    _numeric(data, ["participation", "position"], "participation_position")
    if year is None and "year" in data.columns and data["year"].nunique() == 1:
        year = data["year"].iloc[0]
        year = int(year) if isinstance(year, int | np.integer) else year
    merged = _merge_shared(data.dropna(subset=["participation", "position"]), lang)
    p_unit = COLUMN_UNITS.get(participation_measure or "participation", "share")
    x_unit = COLUMN_UNITS.get(position_measure, "unstated") if position_measure else "unstated"
    x_name = _measure_name(position_measure, lang) if position_measure else tr("ax_position", lang)
    y_name = (_measure_name(participation_measure, lang) if participation_measure
              else tr("ax_participation", lang))
    with _style():
        fig = _new_figure((7.2, 4.6))
        ax = fig.add_subplot()
        groups = (merged.groupby(merged["type"].astype(str), sort=True)
                  if "type" in merged.columns else [("", merged)])
        def type_name(t: str) -> str | None:
            return (tr(f"type_{t}", lang) if t in ("I", "II", "III")
                    else tr("type_outside", lang) if t == "outside" else (t or None))

        for t, d in groups:
            parts = t.split("/")
            if len(parts) == 1:
                ax.scatter(d["position"], d["participation"], s=28,
                           color=_TYPE_COLOURS.get(t, "C0"), label=type_name(t))
            else:  # one point for industries of two types: a marker half in each colour
                ax.plot(d["position"], d["participation"], ls="none", marker="o", ms=6.5,
                        fillstyle="left", color=_TYPE_COLOURS.get(parts[0], "C0"),
                        markerfacecoloralt=_TYPE_COLOURS.get(parts[1], "C0"), mew=0,
                        label=" / ".join(filter(None, map(type_name, parts))))
        ax.set_xlabel(_axis_label(x_name, x_unit, lang, year))
        ax.set_ylabel(_axis_label(y_name, p_unit, lang, year))
        _percent_axis(ax.yaxis, p_unit)
        _percent_axis(ax.xaxis, x_unit)
        ax.set_title(title or tr("fig_pp_title", lang))
        if "type" in merged.columns:
            fig.legend(fontsize=7, frameon=False, loc="outside right upper",
                       title=tr("fg_type_legend", lang), title_fontsize=7)
        ax.margins(0.12)
        renderer = _freeze_layout(fig)
        _place_labels(fig, ax, merged["position"].tolist(), merged["participation"].tolist(),
                      merged["label"].tolist(), renderer)
    if len(merged):
        top = merged.loc[merged["participation"].idxmax()]
        up = merged.loc[merged["position"].idxmax()]
        alt = tr("fg_alt_pp", lang, y=y_name, x=x_name, n=len(data), top=top["label"],
                 top_value=_fmt(top["participation"], p_unit, lang), up=up["label"],
                 up_value=_fmt(up["position"], x_unit, lang))
    else:
        alt = tr("fg_alt_none", lang)
    units = {"label": "text", "participation": p_unit, "position": x_unit, "type": "category",
             "items": "count"}
    out = merged.assign(year=year) if year is not None else merged
    units["year"] = "year"
    return _finish(fig, "participation_position", out, units, lang, "fg_read_pp", alt)


# --------------------------------------------------------------------------------------------
# (e) time paths


def time_paths(
    data: pd.DataFrame,
    lang: str = "en",
    *,
    measures: Sequence[str] | None = None,
    measure_labels: dict[str, str] | None = None,
    title: str | None = None,
    measure_units: dict[str, str] | None = None,
) -> Figure:
    """Time paths of measures for several items, one panel per measure.

    Parameters
    ----------
    data : DataFrame
        Long format: columns ``item``, ``year``, ``measure``, ``value``.
    lang : {"en", "zh"}
    measures : sequence of str, optional
        Which measures to draw, in order (default: all, in order of appearance).
    measure_labels : dict, optional
        Panel titles per measure (default: gvckit's name for a measure it knows, else the key).
    measure_units : dict, optional
        Unit per measure (keys of :data:`gvckit.outputs.units.UNITS`; default: gvckit's unit for
        a measure it knows, e.g. ``dva_share_exports`` a share, ``upstreamness`` stages).
        Shares are drawn in %.
    """
    check_lang(lang)
    _require(data, ["item", "year", "measure", "value"], "time_paths")
    _numeric(data, ["year", "value"], "time_paths")
    measures = list(measures) if measures is not None else list(dict.fromkeys(data["measure"]))
    unknown = sorted(set(measures) - set(data["measure"]))
    if unknown or not measures:
        raise InputError(f"time_paths: measures {unknown or '[]'} not in the data")
    labels = measure_labels or {}
    units = {m: (measure_units or {}).get(m) or COLUMN_UNITS.get(m, "unstated") for m in measures}
    with _style():
        fig = _new_figure((3.2 * len(measures) + 0.8, 3.9))
        axes = fig.subplots(1, len(measures), squeeze=False)[0]
        handles = {}
        for ax, m in zip(axes, measures, strict=True):
            d = data[data["measure"] == m]
            for item, g in d.groupby("item", sort=False):
                g = g.sort_values("year")
                (line,) = ax.plot(g["year"], g["value"], marker="o", ms=2.5, lw=1.3,
                                  label=str(item))
                handles.setdefault(str(item), line)
            name = labels.get(m) or _measure_name(str(m), lang)
            ax.set_title(name, fontsize=9)
            ax.set_ylabel(unit_label(units[m], lang) if units[m] != "unstated" else "")
            _percent_axis(ax.yaxis, units[m])
            ax.set_xlabel(tr("ax_year", lang))
            ax.xaxis.get_major_locator().set_params(integer=True)
        fig.legend(handles.values(), handles.keys(), loc="outside lower center",
                   ncol=min(len(handles), 4), fontsize=7, frameon=False)
        fig.suptitle(title or tr("fig_paths_title", lang))
    d = data[data["measure"].isin(measures)][["item", "year", "measure", "value"]].copy()
    d["unit"] = [units[m] for m in d["measure"]]
    sep = tr("fg_list_sep", lang)
    alt = tr("fg_alt_paths", lang,
             measures=sep.join(labels.get(m) or _measure_name(str(m), lang) for m in measures),
             items=sep.join(map(str, handles)), first=int(d["year"].min()),
             last=int(d["year"].max()))
    return _finish(fig, "time_paths", d,
                   {"item": "text", "year": "year", "measure": "text", "value": "by_row",
                    "unit": "text"}, lang, "fg_read_paths", alt)


# --------------------------------------------------------------------------------------------
# output


def figure_svg(fig: Figure, *, embed_font: bool = True) -> str:
    """The figure as SVG text, no date stamp; text stays ``<text>`` (selectable, searchable).

    With ``embed_font`` (default) and any CJK character in the figure, an ``@font-face`` rule
    holding exactly the figure's characters of gvckit's bundled font
    (:func:`gvckit.outputs.fonts.css_font_face`) goes into the SVG's style sheet, so that the
    SVG shows its Chinese on a machine without a CJK font, as a file, an ``<img>`` or inline.
    """
    buf = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "gvckit"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    text = svg_text(svg)
    if embed_font and _CJK_CHAR.search(text):
        import html

        svg = with_font(svg, fonts.css_font_face(html.unescape(text)))
    return svg


def figure_png(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def save_figure(
    fig: Figure,
    path: str | os.PathLike[str],
    formats: Sequence[str] = ("svg", "png"),
    dpi: int = 150,
) -> list[Path]:
    """Save ``fig`` as ``<path>.svg`` and ``<path>.png`` (any suffix of ``path`` is replaced).

    Each file is written atomically (temporary file, then :func:`os.replace`).
    """
    from .export import atomic_write

    base = Path(path)
    bad = sorted(set(formats) - {"svg", "png"})
    if bad:
        raise InputError(f"save_figure: unsupported format(s) {bad}; use svg and/or png")
    targets = [base.with_suffix(f".{f}") for f in formats]
    with atomic_write(targets) as tmps:
        for f, tmp in zip(formats, tmps, strict=True):
            if f == "svg":
                tmp.write_text(figure_svg(fig), "utf-8")
            else:
                tmp.write_bytes(figure_png(fig, dpi))
    return targets
