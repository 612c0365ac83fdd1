"""Figures of the upgrading framework and of the GVC measures, in English or Chinese.

Five figure functions, each taking plain DataFrames and ``lang`` and returning a
:class:`matplotlib.figure.Figure` (made without pyplot, so no global state and no display):

- :func:`upgrading_model` - the paper's Figure 1: points A (local value chain), B (embedded in
  the GVC, manufacturing), C (product upgrading), D (functional upgrading), E (new chain), the
  moves A→B, B→C, B→D, D→E, and items placed at their points. The paper names the points but
  its figure is not in the text, so the layout is ours (the figure says so).
- :func:`typology_matrix` - governance (buyer-/producer-driven) × integration (low/high/emerging)
  with types I/II/III (the paper's Table 1), the producer-driven/high cell marked "outside the
  paper's typology", and items placed in their cells.
- :func:`smile_curve` - value-added contribution against position (upstreamness or distance to
  final demand) for a chain's country-sectors, one or several years overlaid, each year with a
  least-squares quadratic (the "smile", Shih 1992; Meng, Ye & Wei 2020).
- :func:`participation_position` - GVC participation against position, one point per item.
- :func:`time_paths` - measures over years (e.g. 1995-2011 DVA share, participation, position),
  one panel per measure, one line per item.

:func:`save_figure` writes SVG (text as paths, so no font is needed to view it) and PNG;
:func:`figure_svg` returns the SVG text. Chinese labels need a CJK font: :func:`cjk_fonts` finds
one (Debian package ``fonts-noto-cjk``) and every figure puts it in the font fallback list.

Examples
--------
>>> import pandas as pd
>>> from gvckit.outputs.figures import typology_matrix, figure_svg
>>> items = pd.DataFrame({"label": ["textiles"], "governance": ["buyer-driven"],
...                       "integration": ["high"]})
>>> fig = typology_matrix(items, lang="en")
>>> figure_svg(fig).lstrip().startswith("<?xml")
True
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from gvckit.errors import InputError
from gvckit.messages import check_lang, tr

__all__ = [
    "CJK_FONT_CANDIDATES",
    "cjk_fonts",
    "font_family",
    "upgrading_model",
    "typology_matrix",
    "smile_curve",
    "participation_position",
    "time_paths",
    "figure_svg",
    "figure_png",
    "save_figure",
    "POINTS",
]

CJK_FONT_CANDIDATES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)
POINTS: tuple[str, ...] = ("A", "B", "C", "D", "E")
# Figure 1 layout (ours): x = along/between chains, y = value added / capability.
_XY = {"A": (0.2, 0.2), "B": (0.45, 0.45), "C": (0.72, 0.22), "D": (0.72, 0.68), "E": (0.95, 0.9)}
# where the items of each point go: (dx, dy, ha, va), chosen to stay clear of the arrows
_ITEM_ANCHOR = {
    "A": (-0.04, 0.0, "right", "center"),
    "B": (-0.04, 0.03, "right", "bottom"),
    "C": (0.045, 0.0, "left", "center"),
    "D": (-0.04, 0.03, "right", "bottom"),
    "E": (0.045, -0.02, "left", "top"),
}
_MOVES = (("A", "B", "mv_AB"), ("B", "C", "mv_BC"), ("B", "D", "mv_BD"), ("D", "E", "mv_DE"))
_TYPE_COLOURS = {"I": "#4c72b0", "II": "#dd8452", "III": "#55a868", "outside": "#8c8c8c"}


@functools.cache
def cjk_fonts() -> tuple[str, ...]:
    """Names of the installed CJK fonts matplotlib can use, best first (may be empty).

    If matplotlib's font cache predates the font's installation, the files ``fc-list :lang=zh``
    reports are added to the font manager.
    """
    have = {f.name for f in font_manager.fontManager.ttflist}
    if not have & set(CJK_FONT_CANDIDATES) and shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", ":lang=zh", "file"],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):  # pragma: no cover - no fontconfig
            out = ""
        for line in out.splitlines():
            f = line.split(":")[0].strip()
            if f and os.path.exists(f):
                try:
                    font_manager.fontManager.addfont(f)
                except (OSError, RuntimeError, ValueError):  # pragma: no cover - broken font
                    continue
        have = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(n for n in CJK_FONT_CANDIDATES if n in have)


def font_family() -> list[str]:
    """Font fallback list: DejaVu Sans for Latin text, then the installed CJK fonts."""
    return ["DejaVu Sans", *cjk_fonts()]


@contextmanager
def _style() -> Iterator[None]:
    with rc_context(
        {
            "font.family": font_family(),
            "svg.fonttype": "path",
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


# --------------------------------------------------------------------------------------------
# (a) Figure 1


def upgrading_model(
    items: pd.DataFrame | None = None, lang: str = "en", *, title: str | None = None
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

    Notes
    -----
    Points and moves follow section 4 of the seed paper: A→B (local to global chain, process
    upgrading), B→C (product), B→D (functional), D→E (inter-chain) (Humphrey & Schmitz 2002).
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
        ax.set_ylim(0, 1.05)
        ax.set_axis_off()
        ax.set_title(title or tr("fig_upgrading_title", lang))
        ax.add_patch(Rectangle((0.005, 0.06), 0.27, 0.3, fill=False, ls="--", ec="#999"))
        for a, b, key in _MOVES:
            (x0, y0), (x1, y1) = _XY[a], _XY[b]
            ax.add_patch(
                FancyArrowPatch(
                    (x0, y0),
                    (x1, y1),
                    arrowstyle="-|>",
                    mutation_scale=16,
                    shrinkA=14,
                    shrinkB=14,
                    color="#333",
                    lw=1.4,
                )
            )
            below = y1 < y0
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
        ax.text(
            0.01,
            1.0,
            "\n".join(tr(f"pt_{p}", lang) for p in POINTS),
            ha="left",
            va="top",
            fontsize=8,
            linespacing=1.6,
            bbox={"boxstyle": "round,pad=0.4", "fc": "#fafafa", "ec": "#ccc"},
        )
        if items is not None:
            for p, grp in items.groupby(items["point"].astype(str), sort=False):
                x, y = _XY[p]
                dx, dy, ha, va = _ITEM_ANCHOR[p]
                n = len(grp)
                for k, (_, row) in enumerate(grp.iterrows()):
                    colour = _TYPE_COLOURS.get(str(row.get("type", "")), "#1f1f7a")
                    step = {"bottom": n - 1 - k, "top": -k, "center": (n - 1) / 2 - k}[va]
                    ax.text(
                        x + dx,
                        y + dy + 0.05 * step,
                        str(row["label"]),
                        fontsize=7.5,
                        color=colour,
                        ha=ha,
                        va=va,
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": colour, "lw": 0.6},
                    )
        ax.text(
            1.0,
            0.0,
            tr("fig_upgrading_note", lang),
            fontsize=6.5,
            color="#777",
            ha="right",
            transform=ax.transAxes,
        )
    return fig


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
    items: pd.DataFrame | None = None, lang: str = "en", *, title: str | None = None
) -> Figure:
    """Governance × integration matrix of the paper's Table 1 with items placed in cells.

    Parameters
    ----------
    items : DataFrame, optional
        Columns ``label``, ``governance`` (``buyer-driven``/``producer-driven``, also
        ``buyer_driven`` or the Chinese terms) and ``integration`` (``low``/``high``/
        ``emerging``).
    lang : {"en", "zh"}

    Notes
    -----
    Cells: buyer/low = type I, buyer/high = type II, producer/emerging = type III (Gereffi 1999
    governance; the paper's Table 1). Producer-driven with high integration is marked "outside
    the paper's typology"; the two remaining cells are "not in Table 1".
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
    with _style():
        fig = _new_figure((7.5, 4.6))
        ax = fig.add_subplot()
        ax.set_xlim(0, 3)
        ax.set_ylim(0, 2)
        ax.set_xticks([0.5, 1.5, 2.5], [tr(f"int_{c}", lang) for c in cols])
        ax.set_yticks([1.5, 0.5], [tr(f"gov_{r}", lang) for r in rows])
        ax.tick_params(length=0)
        for s in ax.spines.values():
            s.set_visible(False)
        ax.set_title(title or tr("fig_matrix_title", lang))
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
                ax.text(
                    c_i + 0.05,
                    y0 + 0.92,
                    head,
                    va="top",
                    fontsize=8.5,
                    weight="bold" if t or outside else "normal",
                    color="#222" if t else ("#a33" if outside else "#666"),
                    bbox={"fc": "white", "ec": "none", "pad": 1} if outside else None,
                )
                labels = placed.get((r, c), [])
                for k, lab in enumerate(labels[:7]):
                    ax.text(
                        c_i + 0.08,
                        y0 + 0.72 - 0.1 * k,
                        "• " + lab,
                        va="top",
                        fontsize=7.5,
                        bbox={"fc": "white", "ec": "none", "pad": 0.5} if outside else None,
                    )
                if len(labels) > 7:
                    ax.text(c_i + 0.08, y0 + 0.02, f"+{len(labels) - 7}", fontsize=7.5)
    return fig


# --------------------------------------------------------------------------------------------
# (c) smile curve


def smile_curve(
    data: pd.DataFrame,
    lang: str = "en",
    *,
    position: str = "upstreamness",
    label_top: int = 5,
    title: str | None = None,
) -> Figure:
    """Smile curve: value-added contribution against position along a chain.

    Parameters
    ----------
    data : DataFrame
        One row per country-sector (and year): columns ``position`` (upstreamness, or distance
        to final demand), ``value_added`` (the country-sector's value-added contribution to the
        chain, any unit or a share; ``va_share``, as in
        :meth:`gvckit.framework.SmileCurve.to_plot_frame`, is accepted for it); optional ``year`` (one curve per year, overlaid) and
        ``label`` (the ``label_top`` largest contributions of the last year are annotated).
    lang : {"en", "zh"}
    position : {"upstreamness", "distance"}
        Which position measure ``position`` holds (axis label only).

    Notes
    -----
    Each year gets a least-squares quadratic va = a + b·pos + c·pos² (when it has three or more
    points); a smile has c > 0 (Shih 1992; Meng, Ye & Wei 2020, "Measuring smile curves in
    global value chains", *Oxford Bulletin of Economics and Statistics*).
    """
    check_lang(lang)
    if "value_added" not in data.columns and "va_share" in data.columns:
        data = data.rename(columns={"va_share": "value_added"})
    _require(data, ["position", "value_added"], "smile_curve")
    _numeric(data, ["position", "value_added"], "smile_curve")
    if position not in ("upstreamness", "distance"):
        raise InputError("smile_curve: position must be 'upstreamness' or 'distance'")
    df = data.dropna(subset=["position", "value_added"])
    years = sorted(df["year"].unique()) if "year" in df.columns else [None]
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
        if "label" in df.columns and label_top > 0:
            last = df if years == [None] else df[df["year"] == years[-1]]
            for _, r in last.nlargest(label_top, "value_added").iterrows():
                ax.annotate(
                    str(r["label"]),
                    (r["position"], r["value_added"]),
                    fontsize=7,
                    xytext=(3, 3),
                    textcoords="offset points",
                )
        ax.set_xlabel(tr("ax_upstreamness" if position == "upstreamness" else "ax_distance", lang))
        ax.set_ylabel(tr("ax_va", lang))
        ax.set_title(title or tr("fig_smile_title", lang))
        if years != [None]:
            ax.legend(title=tr("ax_year", lang), fontsize=7, frameon=False)
    return fig


# --------------------------------------------------------------------------------------------
# (d) participation against position


def participation_position(
    data: pd.DataFrame, lang: str = "en", *, title: str | None = None
) -> Figure:
    """Scatter of GVC participation against GVC position, one labelled point per item.

    Parameters
    ----------
    data : DataFrame
        Columns ``label``, ``participation``, ``position``; optional ``type`` (I, II, III,
        outside) colours the points.
    lang : {"en", "zh"}

    Notes
    -----
    Participation and position as defined by Koopman, Powers, Wang & Wei (2010) or Wang, Wei,
    Yu & Zhu (2017); the figure plots whatever the caller computed.
    """
    check_lang(lang)
    _require(data, ["label", "participation", "position"], "participation_position")
    _numeric(data, ["participation", "position"], "participation_position")
    with _style():
        fig = _new_figure((6.5, 4.4))
        ax = fig.add_subplot()
        groups = data.groupby(data["type"].astype(str)) if "type" in data.columns else [("", data)]
        for t, d in groups:
            ax.scatter(
                d["position"],
                d["participation"],
                s=28,
                color=_TYPE_COLOURS.get(t, "C0"),
                label=(
                    tr(f"type_{t}", lang)
                    if t in ("I", "II", "III")
                    else (tr("type_outside", lang) if t else None)
                ),
            )
        for _, r in data.iterrows():
            ax.annotate(
                str(r["label"]),
                (r["position"], r["participation"]),
                fontsize=7,
                xytext=(3, 3),
                textcoords="offset points",
            )
        ax.set_xlabel(tr("ax_position", lang))
        ax.set_ylabel(tr("ax_participation", lang))
        ax.set_title(title or tr("fig_pp_title", lang))
        if "type" in data.columns:
            ax.legend(fontsize=7, frameon=False)
    return fig


# --------------------------------------------------------------------------------------------
# (e) time paths


def time_paths(
    data: pd.DataFrame,
    lang: str = "en",
    *,
    measures: Sequence[str] | None = None,
    measure_labels: dict[str, str] | None = None,
    title: str | None = None,
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
        Panel titles per measure (default: the measure name).
    """
    check_lang(lang)
    _require(data, ["item", "year", "measure", "value"], "time_paths")
    _numeric(data, ["year", "value"], "time_paths")
    measures = list(measures) if measures is not None else list(dict.fromkeys(data["measure"]))
    unknown = sorted(set(measures) - set(data["measure"]))
    if unknown or not measures:
        raise InputError(f"time_paths: measures {unknown or '[]'} not in the data")
    labels = measure_labels or {}
    with _style():
        fig = _new_figure((3.2 * len(measures) + 0.8, 3.6))
        axes = fig.subplots(1, len(measures), squeeze=False)[0]
        for ax, m in zip(axes, measures, strict=True):
            d = data[data["measure"] == m]
            for item, g in d.groupby("item", sort=False):
                g = g.sort_values("year")
                ax.plot(g["year"], g["value"], marker="o", ms=2.5, lw=1.3, label=str(item))
            ax.set_title(labels.get(m, str(m)), fontsize=9)
            ax.set_xlabel(tr("ax_year", lang))
        axes[-1].legend(fontsize=7, frameon=False, loc="best")
        fig.suptitle(title or tr("fig_paths_title", lang))
    return fig


# --------------------------------------------------------------------------------------------
# output


def figure_svg(fig: Figure) -> str:
    """The figure as SVG text, text drawn as paths (no fonts needed to view), no date stamp."""
    buf = io.StringIO()
    with rc_context({"svg.fonttype": "path", "svg.hashsalt": "gvckit"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


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
