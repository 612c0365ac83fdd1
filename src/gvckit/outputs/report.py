"""The bilingual HTML report: plain data in, one self-contained HTML file out.

The engine knows nothing of how findings are made. Callers fill a :class:`ReportData` (sections of
paragraphs, :class:`TableSpec` tables, :class:`FigureSpec` figures and per-industry / per-cluster
:class:`Card` objects whose every claim carries its :class:`Evidence`) in the language of the
report; :func:`render_report` turns it into HTML with all fixed text from
:mod:`gvckit.messages`. :func:`build_report_data` fills a ReportData from what gvckit
computes today (the paper's Table 1, types, paths and value-capture example) and takes the
data-based parts as arguments.

The HTML is one file: inline CSS, figures as inline SVG (vector; their text is the page's text,
drawn in the page's embedded font) under a transparent overlay of their data points (each titled
with its values), one
small inline script (``templates/report.js``: tables sort on a click of their header, figure
values show on hover or tap), no external URL in any ``src`` or ``href`` (citations are plain
text). Tables sit in boxes that scroll sideways on a narrow screen, so the page never does. It
opens offline and prints compactly (``@media print``: A4, page breaks only before Table 1, the
industry cards and the methods; figures, cards and table rows kept whole; evidence folded).

Cards render framework results that satisfy :class:`~gvckit.framework.reasons.HasVerdicts`
(:func:`verdicts_html`, :func:`verdict_table`) through :mod:`gvckit.framework.render`.

Sections, in order: summary of findings; Table 1 of the paper; the data-based typology beside the
paper's (with the agreement count and reasons); a card per industry and per cluster; value
capture; any extra sections; methods, data sources, definitions and citations.

Examples
--------
>>> from gvckit.outputs.report import ReportData, Section, Card, Claim, Evidence, render_report
>>> data = ReportData(summary=Section(paragraphs=["Leather is type II."]),
...     industries=[Card(name="Leather", kind="industry",
...                      type=Claim("II", [Evidence("Table 1 of the paper", source="§3")]))])
>>> html = render_report(data, lang="en")
>>> "Leather is type II." in html and html.count("<script") == 1
True
"""

from __future__ import annotations

import html as _html
import os
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.messages import catalogue, check_lang, tr

from .svgtext import cjk_font_first

__all__ = [
    "Evidence",
    "Claim",
    "Card",
    "TableSpec",
    "FigureSpec",
    "Section",
    "ReportData",
    "FIGURE_KINDS",
    "make_figure",
    "render_report",
    "write_report",
    "export_figures",
    "build_report_data",
    "typology_from_agreement",
    "verdicts_html",
    "verdict_table",
]

class _FigureKinds(Mapping[str, Callable[..., Any]]):
    """Figure kind -> the function of :mod:`gvckit.outputs.figures` that draws it, imported on
    first use: writing a page whose figures a forked process draws
    (:mod:`gvckit.outputs.drawing`) never loads matplotlib here."""

    _NAMES = ("upgrading_model", "typology_matrix", "smile_curve", "participation_position", "time_paths")

    def __getitem__(self, kind: str) -> Callable[..., Any]:
        if kind not in self._NAMES:
            raise KeyError(kind)
        from . import figures

        return getattr(figures, kind)

    def __iter__(self) -> Iterator[str]:
        return iter(self._NAMES)

    def __len__(self) -> int:
        return len(self._NAMES)

    def __contains__(self, kind: object) -> bool:
        return kind in self._NAMES


#: Figure kind -> the function that draws it (:mod:`gvckit.outputs.figures`, loaded on first use).
FIGURE_KINDS: Mapping[str, Callable[..., Any]] = _FigureKinds()


# --------------------------------------------------------------------------------------------
# plain data


@dataclass
class Evidence:
    """One piece of evidence behind a claim: what it is, its value, where it comes from."""

    text: str
    value: str | float | None = None
    source: str = ""


@dataclass
class Claim:
    """A statement on a card (a type, a point, an upgrading type, a move) and its evidence."""

    value: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Card:
    """One industry or cluster: type, point on the A-E path, observed upgrading, next moves.

    ``results`` are framework results satisfying
    :class:`~gvckit.framework.reasons.HasVerdicts` (a classification, a diagnosis): the card
    shows one verdict line per dimension, each folding its evidence table (rendered by
    :mod:`gvckit.framework.render`). ``facts`` is a table of the card's own sourced facts,
    ``link`` an ``(anchor, text)`` pointing to another card (a cluster to its industry),
    ``details`` longer notes folded under the card.

    ``type`` holds ``"I"``, ``"II"``, ``"III"`` or ``"outside"`` (or a label in the report's
    language); the card's colour follows ``type.value`` when it is one of those codes.
    """

    name: str
    kind: Literal["industry", "cluster"] = "industry"
    type: Claim | None = None
    point: Claim | None = None
    upgrading: list[Claim] = field(default_factory=list)
    next_moves: list[Claim] = field(default_factory=list)
    note: str = ""
    key: str = ""
    results: list[Any] = field(default_factory=list)
    facts: TableSpec | None = None
    link: tuple[str, str] | None = None
    details: list[str] = field(default_factory=list)
    #: names a table code in a sentence (``"64"`` -> ``"Post and telecommunications (64)"``)
    named: Any = None


@dataclass
class TableSpec:
    """A table to print: the frame, a title above and a caption (units, source) below.

    ``numbered=False`` prints the title as given (for a table that keeps its own number, such
    as the paper's Table 1); numbered tables and unnumbered ones share no counter.
    """

    frame: pd.DataFrame
    title: str = ""
    caption: str = ""
    index: bool = False
    digits: int = 3
    numbered: bool = True


@dataclass
class FigureSpec:
    """A figure to draw: ``kind`` is a key of :data:`FIGURE_KINDS`, ``data`` its DataFrame.

    ``options`` are passed to the figure function (e.g. ``position="distance"`` for a smile
    curve); ``name`` is the file stem used by :func:`export_figures`.
    """

    kind: str
    data: pd.DataFrame | None = None
    title: str | None = None
    caption: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    name: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FIGURE_KINDS:
            raise InputError(
                f"unknown figure kind {self.kind!r}; use one of {', '.join(FIGURE_KINDS)}"
            )


@dataclass
class Section:
    """Free content of a section: paragraphs, bullet points, tables, figures."""

    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    tables: list[TableSpec] = field(default_factory=list)
    figures: list[FigureSpec] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.paragraphs or self.bullets or self.tables or self.figures)


@dataclass
class ReportData:
    """Everything a report shows, as plain data in the report's language.

    ``typology`` is the data-based typology beside the paper's: a frame with columns ``item``,
    ``paper_type``, ``data_type``, ``agree`` (bool) and ``reason``; the report prints the
    agreement count above it. ``extra`` holds further ``(title, Section)`` pairs printed before
    the methods.
    """

    title: str | None = None
    subtitle: str = ""
    summary: Section = field(default_factory=Section)
    table1: Section = field(default_factory=Section)
    typology: pd.DataFrame | None = None
    typology_section: Section = field(default_factory=Section)
    industries: list[Card] = field(default_factory=list)
    clusters: list[Card] = field(default_factory=list)
    value_capture: Section = field(default_factory=Section)
    extra: list[tuple[str, Section]] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    definitions: dict[str, str] = field(default_factory=dict)
    citations: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def figures(self) -> list[FigureSpec]:
        """All figure specs in the order they appear in the report."""
        out: list[FigureSpec] = []
        for sec in self._sections():
            out += sec.figures
        return out

    def _sections(self) -> list[Section]:
        return [
            self.summary,
            self.table1,
            self.typology_section,
            self.value_capture,
            *(s for _, s in self.extra),
        ]


# --------------------------------------------------------------------------------------------
# rendering


def _e(text: object) -> str:
    return _html.escape("" if text is None else str(text), quote=True)


def make_figure(spec: FigureSpec, lang: str):
    """Draw the matplotlib Figure of ``spec`` in ``lang``."""
    fn = FIGURE_KINDS[spec.kind]
    kwargs = dict(spec.options)
    if spec.title is not None:
        kwargs["title"] = spec.title
    return fn(spec.data, lang, **kwargs)


def _fmt_cell(v: object, digits: int, lang: str = "en") -> tuple[str, bool]:
    """A cell's text and whether it is a number. Missing values are an empty cell (never
    "None", "nan" or a dash); booleans read yes / no in ``lang``; numbers are never cut."""
    if v is None or v is pd.NA or (isinstance(v, float | np.floating) and np.isnan(v)):
        return "", False
    if isinstance(v, bool | np.bool_):
        return tr("yes" if v else "no", lang), False
    if isinstance(v, int | np.integer):
        return f"{v:,}" if abs(int(v)) >= 10000 else str(v), True
    if isinstance(v, float | np.floating):
        return f"{float(v):,.{digits}f}", True
    return str(v), False


def _table_html(spec: TableSpec, number: int, lang: str) -> str:
    df = spec.frame.reset_index() if spec.index else spec.frame
    if isinstance(df.columns, pd.MultiIndex):
        cols = [" / ".join(str(p) for p in c if str(p)) for c in df.columns]
    else:
        cols = [str(c) for c in df.columns]
    prefix = f"{tr('table', lang)} {number}. " if spec.numbered else ""
    title = f"<h3>{_e(prefix)}{_e(spec.title)}</h3>" if spec.title else ""
    cap = f'<p class="caption">{_e(spec.caption)}</p>' if spec.caption else ""
    return _rows_html(cols, df.itertuples(index=False, name=None), len(df), spec.digits, lang,
                      title, cap)


def _rows_html(cols: Sequence[str], records: Iterable[Sequence[Any]], n_rows: int, digits: int,
               lang: str, title: str = "", cap: str = "") -> str:
    """A data table's HTML: header ``cols``, one row per record (cells as :func:`_fmt_cell`
    writes them), the escaped ``title`` heading above and ``cap`` caption below."""
    head = "".join(f"<th>{_e(c)}</th>" for c in cols)
    rows = []
    for rec in records:
        cells = []
        for v in rec:
            text, num = _fmt_cell(v, digits, lang)
            cells.append(f'<td class="num">{_e(text)}</td>' if num else f"<td>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    sortable = " sortable" if n_rows > 2 else ""
    return (
        f'{title}<div class="scroll"><table class="data{sortable}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{cap}"
    )


def _labels_by_point(data: pd.DataFrame | None) -> dict[tuple[float, float], str]:
    """The ``label`` of each row of a figure's data, keyed by every pair of its numbers."""
    if data is None or "label" not in data.columns:
        return {}
    num = [c for c in data.columns if pd.api.types.is_numeric_dtype(data[c])]
    out: dict[tuple[float, float], str] = {}
    for _, row in data.iterrows():
        for x in num:
            for y in num:
                if x != y and pd.notna(row[x]) and pd.notna(row[y]):
                    out.setdefault((round(float(row[x]), 6), round(float(row[y]), 6)), str(row["label"]))
    return out


def _hover_points(fig: Any, svg: str, data: pd.DataFrame | None = None) -> str:
    """Transparent markers over the drawn data points, each titled with its values.

    The data points are read back from the drawn figure (lines and scatter collections of every
    axes), so this works for any figure function; when the SVG's size is not the figure's (a
    cropped save) no overlay is made rather than a misplaced one.
    """
    w_pt, h_pt = fig.get_size_inches() * 72
    m = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    if not m or abs(float(m.group(1)) - w_pt) > 1 or abs(float(m.group(2)) - h_pt) > 1:
        return ""
    k = 72 / fig.dpi
    marks = []
    labels = _labels_by_point(data)

    def add(ax: Any, x: float, y: float, name: str) -> None:
        if not (np.isfinite(x) and np.isfinite(y)):
            return
        px, py = ax.transData.transform((x, y))
        xl, yl = ax.get_xlabel(), ax.get_ylabel()
        xs = f"{x:.0f}" if float(x).is_integer() and abs(x) > 1000 else f"{x:.3f}"
        text = " · ".join(t for t in (name, f"{xl} {xs}".strip(), f"{yl} {y:.3f}".strip()) if t)
        marks.append(
            f'<circle class="pt" cx="{px * k:.1f}" cy="{h_pt - py * k:.1f}" r="5">'
            f"<title>{_e(text)}</title></circle>"
        )

    for ax in fig.axes:
        for line in ax.get_lines():
            label = line.get_label()
            xs, ys = line.get_xdata(), line.get_ydata()
            if label.startswith("_") or len(xs) > 60:
                continue
            for x, y in zip(xs, ys, strict=False):
                try:
                    add(ax, float(x), float(y), label)
                except (TypeError, ValueError):
                    break
        texts = [(t.get_text(), ax.transData.transform(t.get_position())) for t in ax.texts]
        for coll in ax.collections:
            offsets = np.asarray(coll.get_offsets(), dtype=float)
            if offsets.ndim != 2 or len(offsets) > 200 or not len(offsets):
                continue
            for x, y in offsets:
                p = ax.transData.transform((x, y))
                name = labels.get((round(float(x), 6), round(float(y), 6)), "")
                near = min(texts, key=lambda t: np.hypot(*(t[1] - p)), default=None)
                if not name and near is not None and np.hypot(*(near[1] - p)) < 60:
                    name = near[0]
                add(ax, x, y, name or ("" if coll.get_label().startswith("_") else coll.get_label()))
    if not marks:
        return ""
    return (
        f'<svg class="hover" viewBox="0 0 {w_pt:.1f} {h_pt:.1f}" aria-hidden="true">'
        + "".join(marks)
        + "</svg>"
    )


def _drawn_figure(spec: FigureSpec, lang: str) -> tuple[str, str, str]:
    """A figure drawn: its SVG (no font embedded), the hover overlay and the title."""
    fig = make_figure(spec, lang)
    from .figures import figure_svg

    svg = figure_svg(fig, embed_font=False)
    title = (
        spec.title
        or fig.axes[0].get_title()
        or (fig._suptitle.get_text() if fig._suptitle else spec.kind)
    )
    return svg, _hover_points(fig, svg, spec.data), title


def _figure_html(spec: FigureSpec, number: int, lang: str,
                 drawn: tuple[str, str, str] | None = None) -> str:
    """A numbered figure: its SVG as an element of the page (:func:`_inline_svg`) under the
    overlay of its data points. Drawing is cached (:mod:`gvckit.resultcache`): the same figure
    in the same language is drawn once per gvckit code. ``drawn``: the figure already drawn
    (:func:`_drawn_figure`'s result; :func:`render_report` draws a page's figures together)."""
    from gvckit.resultcache import cached

    svg, hover, title = drawn if drawn is not None else cached(_drawn_figure, spec, lang)
    cap = f"{tr('figure', lang)} {number}. {title}" + (f" {spec.caption}" if spec.caption else "")
    return (
        f'<figure class="fig-{_e(spec.kind)}"><div class="figbox">{_inline_svg(svg, number, title)}'
        f"{hover}</div><figcaption>{_e(cap)}</figcaption></figure>"
    )


_SVG_ID = re.compile(r'\bid="([^"]+)"')
_SVG_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def _inline_svg(svg: str, number: int, title: str) -> str:
    """A figure's SVG (as matplotlib writes it) made an element of the page.

    Inline, not an ``<img>``: its text is the page's text (selectable, found by the browser's
    search, in the page's language) and is drawn with the page's embedded font, so no figure
    carries a font of its own. What an element of a page needs that a file does not:

    - no XML declaration, DOCTYPE or metadata;
    - ids unique in the page: every ``id`` and every reference to one (``url(#..)``,
      ``xlink:href="#.."``) gets the prefix ``f<number>-``;
    - no ``<style>``: matplotlib's ``*{stroke-linejoin: round; stroke-linecap: butt}`` would style
      the whole page from inside the SVG; the report's CSS sets it for ``svg.plot`` only;
    - a role and a name for screen readers (``role="img"``, a ``<title>``);
    - CJK text with the bundled family first in its font list
      (:func:`gvckit.outputs.svgtext.cjk_font_first`).
    """
    body = svg[svg.index("<svg"):]
    body = re.sub(r"<metadata>.*?</metadata>\s*", "", body, count=1, flags=re.S)
    body = re.sub(r'<style type="text/css">.*?</style>\s*', "", body, flags=re.S)
    pre = f"f{number}-"
    body = _SVG_ID.sub(lambda m: f'id="{pre}{m.group(1)}"', body)
    body = _SVG_REF.sub(lambda m: f"{m.group(1)}{pre}{m.group(2)}", body)
    head_end = body.index(">") + 1
    head = body[:head_end].replace("<svg ", f'<svg class="plot" role="img" aria-labelledby="{pre}title" ', 1)
    body = head + f'<title id="{pre}title">{_e(title)}</title>' + body[head_end:]
    return cjk_font_first(body)


#: Any CJK ideograph or full-width form: the page then embeds the bundled font for its characters.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: Sections that start a new printed page; the others follow on (compact print).
_PAGE_BREAK_BEFORE = ("table1", "industries", "methods")


class _Counter:
    def __init__(self, drawn: dict[int, tuple[str, str, str]] | None = None) -> None:
        self.fig = 0
        self.tab = 0
        self.drawn = drawn or {}  # id(FigureSpec) -> the figure drawn


def _page_font(page: str) -> str:
    """The page's ``@font-face`` rule: the bundled font subset to every character of the page,
    its figures' text included (they are elements of the page), or "" when the page has no CJK
    character."""
    if not _CJK.search(page):
        return ""
    from .fonts import css_font_face

    return css_font_face(_html.unescape(page))


def _section_html(sec: Section, lang: str, n: _Counter) -> str:
    parts = [f"<p>{_e(p)}</p>" for p in sec.paragraphs]
    if sec.bullets:
        parts.append("<ul>" + "".join(f"<li>{_e(b)}</li>" for b in sec.bullets) + "</ul>")
    for t in sec.tables:
        n.tab += t.numbered
        parts.append(_table_html(t, n.tab, lang))
    for f in sec.figures:
        n.fig += 1
        parts.append(_figure_html(f, n.fig, lang, n.drawn.get(id(f))))
    return "\n".join(parts)


def _claim_html(c: Claim, lang: str) -> str:
    ev = ""
    if c.evidence:
        items = []
        for e in c.evidence:
            colon, lp, rp = ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
            val = "" if e.value is None else f"{colon}{_fmt_cell(e.value, 3, lang)[0]}"
            src = f"{lp}{e.source}{rp}" if e.source else ""
            items.append(f"<li>{_e(e.text)}{_e(val)}{_e(src)}</li>")
        ev = '<ul class="evidence">' + "".join(items) + "</ul>"
    return f"<dd>{_e(c.value)}{ev}</dd>"


def _dimension_order(verdicts: dict[str, Any]) -> list[str]:
    from gvckit.framework.reasons import CLASSIFICATION_DIMENSIONS, DIAGNOSIS_DIMENSIONS

    order = [*CLASSIFICATION_DIMENSIONS, *DIAGNOSIS_DIMENSIONS]
    return [k for k in order if k in verdicts] + [k for k in verdicts if k not in order]


def verdicts_html(result: Any, lang: str, named: Any = None) -> str:
    """The verdicts of one framework result (a :class:`~gvckit.framework.reasons.HasVerdicts`)
    as HTML: one line per dimension (label, confidence and the variants that flip it, from
    :func:`gvckit.framework.render.verdict_line` and ``flipped_line``), each folding its
    evidence table (:func:`gvckit.framework.render.evidence_frame`) in a ``<details>``.
    ``named`` (text -> text), if given, names the table codes in the indicator cells."""
    from gvckit.framework.render import evidence_rows, flipped_line, verdict_line

    check_lang(lang)
    verdicts = result.verdicts
    rules = result.rule_set
    rules = tr(f"rep_ruleset_{rules}", lang) if f"rep_ruleset_{rules}" in catalogue(lang) else rules
    parts = [
        f'<p class="basis">{_e(tr("rep_basis", lang, period=result.period, rules=rules))}</p>'
    ]
    for key in _dimension_order(verdicts):
        v = verdicts[key]
        line = _e(verdict_line(v, lang))
        if v.flipped_by:
            line += f' <span class="flip">{_e(flipped_line(v, lang))}</span>'
        if not v.reasons:
            parts.append(f'<p class="verdict">{line}</p>')
            continue
        cols, rows = evidence_rows(v, lang)  # plain rows: a frame per verdict cost 0.2-0.3 s a page
        if named is not None:
            rows = [[named(r[0]), *r[1:]] for r in rows]
        keep = [j for j in range(len(cols)) if any(str(r[j]) != "" for r in rows)]  # no empty column
        body = _rows_html([cols[j] for j in keep], ([r[j] for j in keep] for r in rows), len(rows),
                          3, lang)
        if v.variants and not v.flipped_by:
            body += f'<p class="caption">{_e(flipped_line(v, lang))}</p>'
        parts.append(f'<details class="verdict"><summary>{line}</summary>{body}</details>')
    return "".join(parts)


def verdict_table(
    rows: Sequence[tuple[str, Sequence[Any]]], lang: str, dims: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per item and one column per dimension: each cell the verdict's label, with its
    confidence when that is not high and a dagger when a variant flips it. ``rows`` pairs an
    item's name with its framework results (objects with ``.verdicts``); ``dims`` keeps only
    those dimension keys, in that order."""
    check_lang(lang)
    table: dict[str, dict[str, str]] = {}
    seen: list[str] = []
    for name, results in rows:
        cells = table.setdefault(name, {})
        for res in results:
            for key in _dimension_order(res.verdicts):
                v = res.verdicts[key]
                text = tr(v.label, lang)
                if v.confidence not in ("high", "not_identifiable"):  # the label says it already
                    text += tr("rep_paren", lang, text=tr(f"conf_{v.confidence}", lang))
                if v.flipped_by:
                    text += " †"
                cells[key] = text
                seen += [key] if key not in seen else []
    dims = [d for d in dims if d in seen] if dims is not None else seen
    frame = pd.DataFrame(
        [[name, *(table[name].get(d, "") for d in dims)] for name in table],
        columns=[tr("col_item", lang), *(tr(d, lang) for d in dims)],
    )
    return frame


def _card_html(card: Card, lang: str) -> str:
    code = card.type.value if card.type else ""
    cls = f"type-{code}" if code in ("I", "II", "III") else "type-outside"
    kind = tr("card_industry" if card.kind == "industry" else "card_cluster", lang)
    anchor = f' id="card-{_e(card.key)}"' if card.key else ""
    parts = [
        f'<div class="card {cls}"{anchor}><h3>{_e(card.name)} '
        f'<span class="kind">{_e(kind)}</span></h3>'
    ]
    if card.link:
        parts.append(f'<p class="link"><a href="#{_e(card.link[0])}">{_e(card.link[1])}</a></p>')
    parts.append("<dl>")
    if card.type:
        label = (
            tr(f"type_{code}", lang)
            if code in ("I", "II", "III")
            else tr("type_outside", lang)
            if code == "outside"
            else code
        )
        parts.append(
            f"<dt>{_e(tr('card_type', lang))}</dt>"
            + _claim_html(Claim(label, card.type.evidence), lang)
        )
    if card.results:
        parts.append("</dl>")
        parts += [verdicts_html(r, lang, named=card.named) for r in card.results]
        parts.append("<dl>")
    if card.point:
        parts.append(f"<dt>{_e(tr('card_point', lang))}</dt>" + _claim_html(card.point, lang))
    if card.upgrading or not card.results:
        parts.append(f"<dt>{_e(tr('card_upgrading', lang))}</dt>")
        parts += [_claim_html(c, lang) for c in card.upgrading] or [
            f'<dd class="empty">{_e(tr("card_none", lang))}</dd>'
        ]
    if card.next_moves:
        parts.append(f"<dt>{_e(tr('card_next', lang))}</dt>")
        parts += [_claim_html(c, lang) for c in card.next_moves]
    parts.append("</dl>")
    if card.facts is not None:
        parts.append(_table_html(card.facts, 0, lang))
    if card.note:
        parts.append(f'<p class="note">{_e(card.note)}</p>')
    if card.details:
        parts.append(
            f'<details class="notes"><summary>{_e(tr("rep_more", lang))}</summary><ul>'
            + "".join(f"<li>{_e(d)}</li>" for d in card.details)
            + "</ul></details>"
        )
    parts.append("</div>")
    return "".join(parts)


def _typology_html(df: pd.DataFrame | None, sec: Section, lang: str, n: _Counter) -> str:
    parts = []
    if df is not None:
        missing = [c for c in ("item", "paper_type", "data_type", "agree") if c not in df.columns]
        if missing:
            raise InputError(f"ReportData.typology: missing column(s) {missing}")
        agree = df["agree"].fillna(False).astype(bool)
        parts.append(f"<p>{_e(tr('agreement', lang, agree=int(agree.sum()), total=len(df)))}</p>")
        shown = df.copy()
        shown["agree"] = [tr("yes" if a else "no", lang) for a in agree]
        shown = shown.rename(
            columns={
                c: tr(f"col_{c}", lang)
                for c in ("item", "paper_type", "data_type", "agree", "reason")
                if c in shown.columns
            }
        )
        n.tab += 1
        table = _table_html(TableSpec(shown), n.tab, lang)
        yes, no = _e(tr("yes", lang)), _e(tr("no", lang))
        table = table.replace(f"<td>{yes}</td>", f'<td class="agree-yes">{yes}</td>')
        table = table.replace(f"<td>{no}</td>", f'<td class="agree-no">{no}</td>')
        parts.append(table)
    parts.append(_section_html(sec, lang, n))
    return "\n".join(p for p in parts if p)


def _methods_html(data: ReportData, lang: str) -> str:
    parts = []
    for key, items in (("sub_methods", data.methods), ("sub_sources", data.sources)):
        if items:
            parts.append(
                f"<h3>{_e(tr(key, lang))}</h3><ul>"
                + "".join(f"<li>{_e(i)}</li>" for i in items)
                + "</ul>"
            )
    if data.definitions:
        parts.append(
            f'<h3>{_e(tr("sub_definitions", lang))}</h3><dl class="definitions">'
            + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in data.definitions.items())
            + "</dl>"
        )
    if data.citations:
        parts.append(
            f'<h3>{_e(tr("sub_citations", lang))}</h3><ul class="citations">'
            + "".join(f"<li>{_e(c)}</li>" for c in data.citations)
            + "</ul>"
        )
    return "\n".join(parts)


def _template(name: str) -> str:
    return resources.files("gvckit.outputs").joinpath("templates", name).read_text("utf-8")


def render_report(data: ReportData, lang: str = "en") -> str:
    """Render ``data`` as one self-contained HTML document.

    Parameters
    ----------
    data : ReportData
        The content, already in ``lang``.
    lang : {"en", "zh"}
        Language of every fixed text (section titles, labels, figure text).

    Returns
    -------
    str
        The HTML (UTF-8 text; one inline script, no external resource).
    """
    import gvckit

    check_lang(lang)
    if not isinstance(data, ReportData):
        raise InputError(f"render_report takes a ReportData, not {type(data).__name__}")
    # every figure of the page drawn first, those the result cache lacks in other processes
    # where that is safe (gvckit.outputs.drawing), while this one writes what has no figure
    from .drawing import draw_figures
    from .fonts import warm_up

    specs = data.figures()
    ready: dict[str, str] = {}

    def meanwhile() -> None:
        """The parts of the page without figures, while another process may be drawing."""
        warm_up()
        for key, cards in (("industries", data.industries), ("clusters", data.clusters)):
            ready[key] = "".join(_card_html(c, lang) for c in cards)
        ready["methods"] = _methods_html(data, lang)

    drawn = draw_figures(_drawn_figure, specs, lang, meanwhile=meanwhile)
    n = _Counter({id(s): d for s, d in zip(specs, drawn, strict=True)})
    blocks: list[tuple[str, str, str]] = []  # (id, title, html)

    def add(key: str, title: str, body: str) -> None:
        blocks.append((key, title, body or f'<p class="empty">{_e(tr("no_content", lang))}</p>'))

    add("summary", tr("sec_summary", lang), _section_html(data.summary, lang, n))
    add("table1", tr("sec_table1", lang), _section_html(data.table1, lang, n))
    add(
        "typology",
        tr("sec_typology", lang),
        _typology_html(data.typology, data.typology_section, lang, n),
    )
    for key, cards in (("industries", data.industries), ("clusters", data.clusters)):
        if cards:
            add(
                key,
                tr(f"sec_{key}", lang),
                '<div class="cards">' + ready[key] + "</div>",
            )
    add("value-capture", tr("sec_value_capture", lang), _section_html(data.value_capture, lang, n))
    for i, (title, sec) in enumerate(data.extra):
        add(f"extra-{i + 1}", title, _section_html(sec, lang, n))
    add("methods", tr("sec_methods", lang), ready["methods"])

    body = "\n".join(
        f'<section class="major{"" if k in _PAGE_BREAK_BEFORE else " flow"}" id="{k}">'
        f"<h2>{_e(t)}</h2>\n{b}\n</section>"
        for k, t, b in blocks
    )
    toc = (
        f'<nav class="toc"><strong>{_e(tr("toc", lang))}</strong><ol>'
        + "".join(f'<li><a href="#{k}">{_e(t)}</a></li>' for k, t, _ in blocks)
        + "</ol></nav>"
    )
    title = data.title or tr("report_title", lang)
    page = string.Template(_template("report.html")).substitute(
        html_lang="zh-CN" if lang == "zh" else "en",
        version=_e(gvckit.__version__),
        title=_e(title),
        css="$css",
        subtitle=f'<p class="subtitle">{_e(data.subtitle)}</p>' if data.subtitle else "",
        generated=_e(tr("report_generated", lang, version=gvckit.__version__)).replace(
            "gvckit", "<code>gvckit</code>"
        ),
        toc=toc,
        body=body,
        script=_template("report.js"),
    )
    css = _template("report.css")
    # the page's characters (its figures' too) of the bundled font: readable without CJK fonts
    face = _page_font(page)
    if face:
        css = face + "\n" + css
    head, tail = page.split("$css", 1)
    return head + css + tail


def write_report(data: ReportData, path: str | os.PathLike[str], lang: str = "en") -> Path:
    """Render ``data`` and write it atomically to ``path`` (UTF-8). Returns the path."""
    from .export import atomic_write

    text = render_report(data, lang)
    target = Path(path)
    with atomic_write([target]) as (tmp,):
        tmp.write_text(text, "utf-8")
    return target


def export_figures(
    data: ReportData,
    directory: str | os.PathLike[str],
    lang: str = "en",
    formats: Sequence[str] = ("svg", "png"),
) -> list[Path]:
    """Write every figure of ``data`` to ``directory`` as SVG and PNG files.

    Files are named ``fig<NN>_<name or kind>.<ext>`` in report order. Returns the paths.
    """
    from .figures import save_figure

    check_lang(lang)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i, spec in enumerate(data.figures(), start=1):
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", spec.name or spec.kind)
        paths += save_figure(make_figure(spec, lang), out / f"fig{i:02d}_{stem}", formats)
    return paths


# --------------------------------------------------------------------------------------------
# assembling from gvckit


def _name(obj: Any, lang: str) -> str:
    return str(getattr(obj, "name_zh" if lang == "zh" else "name_en", obj))


_AGREEMENT_COLUMNS = (
    "industry",
    "period",
    "paper_type",
    "data_type",
    "agrees",
    "governance",
    "integration",
    "reason",
)


def typology_from_agreement(
    agreement: pd.DataFrame, lang: str = "en", industries: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Turn :func:`gvckit.framework.classify.agreement_table` output into the report's frame.

    Returns the columns ``item`` (industry name in ``lang``), ``period``, ``paper_type``,
    ``data_type``, ``agree`` and ``reason`` that :class:`ReportData` ``.typology`` expects.
    ``industries`` is :func:`gvckit.framework.industries` when the caller has it already.
    """
    from gvckit import framework as fw

    check_lang(lang)
    missing = [c for c in _AGREEMENT_COLUMNS if c not in agreement.columns]
    if missing:
        raise InputError(f"agreement table: missing column(s) {missing}")
    inds = fw.industries() if industries is None else industries
    names = inds.set_index("key")["name_zh" if lang == "zh" else "name_en"]
    return pd.DataFrame(
        {
            "item": [names.get(k, k) for k in agreement["industry"]],
            "period": agreement["period"].astype(str).to_numpy(),
            "paper_type": agreement["paper_type"].to_numpy(),
            "data_type": agreement["data_type"].to_numpy(),
            "agree": agreement["agrees"].astype(bool).to_numpy(),
            "reason": agreement[
                "reason_zh" if lang == "zh" and "reason_zh" in agreement.columns else "reason"
            ].to_numpy(),
        }
    )


def build_report_data(
    lang: str = "en",
    *,
    agreement: pd.DataFrame | None = None,
    industries: pd.DataFrame | None = None,
    typology: pd.DataFrame | None = None,
    industry_cards: Sequence[Card] | None = None,
    cluster_cards: Sequence[Card] | None = None,
    summary: Section | None = None,
    value_capture: Section | None = None,
    extra: Sequence[tuple[str, Section]] = (),
    methods: Sequence[str] = (),
    sources: Sequence[str] = (),
    definitions: dict[str, str] | None = None,
    citations: Sequence[str] = (),
) -> ReportData:
    """Fill a :class:`ReportData` from gvckit's framework and the data-based parts given.

    From :mod:`gvckit.framework` (what exists now): Table 1 as in the paper, the
    governance × integration matrix and Figure 1 with the paper's industries placed, a card per
    industry and per cluster with the paper's type, the starting point its type implies and the
    next moves the paper prescribes (each with section and source as evidence), and the paper's
    value-capture example (Haining leather, 30/300).

    ``agreement`` (the output of :func:`gvckit.framework.classify.agreement_table`, computed by
    the caller because it needs the tables) fills the data-based typology (``industries``:
    :func:`gvckit.framework.industries` when the caller has it already, as it takes a while): the comparison table,
    a governance × integration matrix of the data's placement (first period) and, on each
    industry card, the data's type as evidence beside the paper's.

    Seams for what the data add (computed by the measures and the framework's classification,
    diagnosis and smile modules): ``typology`` (frame with ``item``, ``paper_type``,
    ``data_type``, ``agree``, ``reason``), ``industry_cards`` / ``cluster_cards`` (replace the
    paper-only cards), ``summary``, ``value_capture`` (replaces the paper's example), ``extra``
    sections (e.g. smile curves and time paths as :class:`FigureSpec`), and the methods text.
    """
    check_lang(lang)
    from gvckit import framework as fw
    from gvckit.framework.concepts import paper_ref

    zh = lang == "zh"
    t1 = fw.table1(lang)
    t1_title = str(t1.attrs.get("title", ""))
    t1_caption = " ".join(x for x in (str(t1.attrs.get("source_note", "")), tr("rep_t1_note", lang)) if x)
    if not zh:
        t1 = t1.rename(columns={c: tr(f"rep_t1_{c}", lang) for c in t1.columns})
    inds = fw.industries() if industries is None else industries
    name_col = "name_zh" if zh else "name_en"
    items = pd.DataFrame(
        {
            "label": inds[name_col],
            "governance": inds["governance"],
            "integration": inds["integration"],
            "type": inds["type"],
        }
    )
    start = {
        t.code: (t.start_point.value if hasattr(t.start_point, "value") else t.start_point)
        for t in fw.TYPES
    }
    on_path = items.assign(point=[start.get(t) or "" for t in items["type"]])
    on_path = on_path[on_path["point"].isin([p.value for p in fw.Figure1Point])]

    def paper_card(name: str, kind: str, code: str, type_source: str, key: str) -> Card:
        ev_type = [Evidence("Table 1" if not zh else "表1", source=paper_ref(f"§3; {type_source}", lang))]
        point = start.get(code) or ""
        card = Card(name=name, kind=kind, key=key, type=Claim(code, ev_type))  # type: ignore[arg-type]
        if point:
            card.point = Claim(
                point,
                [
                    Evidence(
                        "起点由论文对该类型的论述推出"
                        if zh
                        else "starting point the paper's account of the type implies",
                        source=paper_ref("§4", lang),
                    )
                ],
            )
            moves = fw.next_moves(code, point)
        else:
            moves = list(fw.path(code))
        for m in moves:
            label = m.label if hasattr(m, "label") else ""
            text = (
                f"{label}: {m.name_zh if zh else m.name_en}"
                if label
                else (m.name_zh if zh else m.name_en)
            )
            card.next_moves.append(Claim(text, [Evidence(m.source, source=m.section)]))
        return card

    ind_cards = (
        list(industry_cards)
        if industry_cards is not None
        else [
            paper_card(r[name_col], "industry", r["type"], r["type_source"], r["key"])
            for _, r in inds.iterrows()
        ]
    )
    if cluster_cards is not None:
        cl_cards = list(cluster_cards)
    else:
        cls = fw.clusters()
        cl_cards = [
            paper_card(
                r[name_col], "cluster", r["type"], str(r.get("industry_source", "")), r["key"]
            )
            for _, r in cls.iterrows()
        ]

    typology_section = Section()
    if agreement is not None:
        typology = typology_from_agreement(agreement, lang, inds) if typology is None else typology
        first = agreement[agreement["period"].astype(str) == str(agreement["period"].iloc[0])]
        placed = pd.DataFrame(
            {
                "label": [inds.set_index("key")[name_col].get(k, k) for k in first["industry"]],
                "governance": first["governance"].to_numpy(),
                "integration": first["integration"].to_numpy(),
            }
        )
        typology_section.figures.append(
            FigureSpec("typology_matrix", placed, caption=f"({first['period'].iloc[0]})")
        )
        if industry_cards is None:
            for card in ind_cards:
                for _, r in agreement[agreement["industry"] == card.key].iterrows():
                    ok = tr("yes" if r["agrees"] else "no", lang)
                    card.type.evidence.append(
                        Evidence(
                            f"{tr('col_data_type', lang)} ({r['period']}): {r['data_type']}; "
                            f"{tr('col_agree', lang)}: {ok}"
                        )
                    )

    vc_section = value_capture
    if vc_section is None and hasattr(fw, "value_capture"):
        vc = fw.value_capture(30, 300)
        share = float(vc.share)
        vc_section = Section(
            paragraphs=[
                (
                    "论文的例子（第四部分，海宁皮革）：一件在中国完成的皮衣出厂价 30 美元，在国外贴上品牌后售价 "
                    f"300 美元，国内生产者获得最终价值的 {share:.0%}。"
                )
                if zh
                else (
                    "The paper's example (§4, Haining leather): a jacket finished in China leaves at 30 US "
                    f"dollars and sells abroad under a brand for 300; the domestic producer captures "
                    f"{share:.0%} of the final value."
                ),
            ]
        )

    return ReportData(
        summary=summary or Section(),
        table1=Section(
            tables=[TableSpec(t1, title=t1_title, caption=t1_caption, numbered=False)],
            figures=[FigureSpec("typology_matrix", items), FigureSpec("upgrading_model", on_path)],
        ),
        typology=typology,
        typology_section=typology_section,
        industries=ind_cards,
        clusters=cl_cards,
        value_capture=vc_section or Section(),
        extra=list(extra),
        methods=list(methods),
        sources=list(sources),
        definitions=dict(definitions or {}),
        citations=list(citations)
        or [
            "Gereffi, G. (1999). International trade and industrial upgrading in the apparel "
            "commodity chain. Journal of International Economics, 48(1), 37-70.",
            "Humphrey, J., & Schmitz, H. (2002). How does insertion in global value chains "
            "affect upgrading in industrial clusters? Regional Studies, 36(9), 1017-1027.",
        ],
    )
