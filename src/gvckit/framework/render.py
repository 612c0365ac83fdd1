"""Render structured reasons (:mod:`gvckit.framework.reasons`) as text and tables for people.

One renderer serves the framework's ``summary()``, the CLI, the HTML report and any other
surface, in English or Chinese, from the message catalogue (:mod:`gvckit.messages`): every key of
a :class:`~gvckit.framework.reasons.Reason` or :class:`~gvckit.framework.reasons.Verdict` is looked
up there, and numbers are formatted by their unit, in full (never cut mid-number).

Examples
--------
>>> from gvckit.framework.reasons import Reason, Variant, Verdict
>>> r = Reason("ind_export_orientation", 0.347, benchmark=0.191, cutoff=1.0,
...            rule="rule_ratio_at_least", says="lab_int_high", year="2003-2005")
>>> v = Verdict("dim_integration", "lab_int_high", "medium", (r,),
...             (Variant("var_benchmark_world", "lab_int_low", True),))
>>> verdict_line(v, "en")
'Degree of GVC integration: high integration (medium confidence)'
>>> verdict_line(v, "zh")
'融入全球价值链的程度：融入程度较高（把握一般）'
>>> evidence_frame(v, "en").iloc[0].tolist()[:4]
['Export orientation (exports / gross output)', '34.7%', '19.1%', 'value / benchmark ≥ 1.00']
>>> format_value(2084965.0, "usd_million", "zh")
'2,084,965 百万美元'
"""

from __future__ import annotations

import math

import pandas as pd

from gvckit.framework.reasons import Reason, Verdict
from gvckit.messages import check_lang, tr

__all__ = ["format_value", "reason_value", "rule_text", "verdict_line", "flipped_line",
           "evidence_frame", "evidence_rows", "reason_line", "reasons_line", "result_summary",
           "result_html", "verdicts_frame", "verdict_texts", "verdict_rows", "note_text"]


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A number in its unit, in full: shares as percentages with one decimal, changes of shares
    as percentage points (``7.5 pp``, ``7.5 个百分点``), ratios and indices
    with three decimals (two for cut-offs are the caller's choice), money with thousands separators
    and the unit's name, stages with two decimals. Missing values read "not available"."""
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return tr("lab_not_available", lang)
    v = float(value)
    if unit == "share":
        return f"{100 * v:.1f}%"
    if unit == "share_change":  # 0.789 - 0.714 is 7.5 percentage points, not a 7.5% change
        return f"{100 * v:.1f} {tr('unit_share_change_short', lang)}"
    if unit == "usd_million":
        return f"{v:,.0f} {tr('unit_usd_million', lang)}"
    if unit == "stages":
        return f"{v:.2f}"
    if unit == "count":
        return f"{v:,.0f}"
    return f"{v:.3f}"


def reason_value(r: Reason, lang: str) -> str:
    """The value cell of a reason: a category's name for categorical rows, else the number."""
    if r.unit == "category" and "category" in r.fields:
        return tr(str(r.fields["category"]), lang)
    return format_value(r.value, r.unit, lang)


def rule_text(r: Reason, lang: str) -> str:
    """The rule of a reason with its cut-off filled in (on the ratio when there is a benchmark)."""
    if not r.rule:
        return ""
    if r.cutoff is None:
        cut = ""
    elif r.benchmark is not None or r.unit in ("ratio", "index"):
        cut = f"{r.cutoff:.2f}"
    else:
        cut = format_value(r.cutoff, r.unit, lang)
    fields = dict(r.fields)
    if "levels" in fields:  # OECD technology levels, named in ``lang``
        fields["levels"] = tr("list_or", lang).join(
            tr(f"tech_{x}", lang) for x in str(fields["levels"]).split("/"))
    return tr(r.rule, lang, cutoff=cut, **fields)


def _params(params, lang: str) -> dict:
    """A variant's parameters for its template: a text value that names something in the catalogue
    (``"gereffi"`` -> key ``val_gereffi``) is given in ``lang``, numbers and years as they are."""
    from gvckit.messages import catalogue

    cat = catalogue(lang)
    return {k: tr(f"val_{v}", lang) if isinstance(v, str) and f"val_{v}" in cat else v
            for k, v in dict(params).items()}


def flipped_line(v: Verdict, lang: str) -> str:
    """Which variants flip the verdict, or that none does."""
    flips = v.flipped_by
    if not flips:
        return tr("verdict_not_flipped", lang)
    names = tr("list_sep", lang).join(tr(f.name, lang, **_params(f.params, lang)) for f in flips)
    return tr("verdict_flipped_by", lang, variants=names)


def verdict_line(v: Verdict, lang: str) -> str:
    """One line: dimension, label and confidence."""
    return tr("verdict_line", lang, dimension=tr(v.dimension, lang), label=tr(v.label, lang),
              confidence=tr(f"conf_{v.confidence}", lang))


def _says_key(r: Reason) -> str:
    if not r.counts:
        return "lab_no_vote"
    return r.says if r.available else "lab_not_available"


def evidence_frame(v: Verdict, lang: str) -> pd.DataFrame:
    """The verdict's evidence as a small table for people: indicator, value, benchmark, rule with
    cut-off, what the row points to, year. Column headers are in ``lang``; nothing is truncated."""
    cols, rows = evidence_rows(v, lang)
    return pd.DataFrame(rows, columns=cols)


def evidence_rows(v: Verdict, lang: str) -> tuple[list[str], list[list[str]]]:
    """:func:`evidence_frame`'s column headers and rows as plain lists of text (what a page
    prints without building a frame per verdict)."""
    check_lang(lang)
    rows = []
    for r in v.reasons:
        rows.append([
            tr(r.indicator, lang, **dict(r.fields)),
            reason_value(r, lang),
            "" if r.benchmark is None else format_value(r.benchmark, r.unit, lang),
            rule_text(r, lang),
            tr(_says_key(r), lang),
            "" if r.year is None else str(r.year),
        ])
    cols = [tr(k, lang) for k in ("col_indicator", "col_value", "col_benchmark", "col_rule",
                                  "col_says", "col_year")]
    return cols, rows


def reason_line(r: Reason, lang: str) -> str:
    """One evidence row as a sentence: indicator, value, benchmark, rule and what it says."""
    bench = ""
    if r.benchmark is not None:
        bench = tr("reason_benchmark", lang, benchmark=format_value(r.benchmark, r.unit, lang),
                   against=tr(str(r.fields.get("benchmark", "bench_region_manufacturing")), lang))
    return tr("reason_line", lang, indicator=tr(r.indicator, lang, **dict(r.fields)),
              value=reason_value(r, lang), benchmark=bench,
              year="" if r.year is None else f" ({r.year})" if lang == "en" else f"（{r.year}）",
              rule=rule_text(r, lang), says=tr(_says_key(r), lang))


def reasons_line(v: Verdict, lang: str) -> str:
    """A verdict's voting evidence rows in one line (shown-only rows left out)."""
    sep = tr("reason_sep", lang)
    return sep.join(reason_line(r, lang) for r in v.reasons if r.counts)


def note_text(key: str, fields: dict, lang: str) -> str:
    """A result's note (catalogue key with fields), lists joined in ``lang``."""
    f = {k: (tr("list_sep", lang).join(tr(f"name_{x}", lang) for x in val)
             if isinstance(val, list | tuple) else val) for k, val in fields.items()}
    return tr(key, lang, **f)


def _head(result, lang: str) -> str:
    name = result.name_zh if lang == "zh" else tr(f"name_{result.industry}", lang)
    return tr("result_head", lang, region=result.region, industry=name,
              sectors=",".join(result.sectors), period=result.period,
              rule_set=result.rule_set)


def result_summary(result, lang: str = "en") -> str:
    """A framework result (classification or diagnosis) for people: the head line, then per
    verdict its line, its evidence and the variants that flip it, then the notes."""
    check_lang(lang)
    lines = [_head(result, lang)]
    for v in result.verdicts.values():
        lines.append("- " + verdict_line(v, lang) + tr("reason_sep", lang) + flipped_line(v, lang))
        for r in v.reasons:
            lines.append("    " + reason_line(r, lang))
    position = getattr(result, "position", ())
    if position:
        lines.append("- " + tr("dim_position", lang))
        lines += ["    " + reason_line(r, lang) for r in position]
    paper = getattr(result, "paper_type", None)
    if paper:
        lines.append(tr("paper_type_line", lang, type=tr(f"lab_type_{paper}", lang)))
    for key, fields in getattr(result, "notes", ()):
        lines.append(tr("note_prefix", lang) + note_text(key, dict(fields), lang))
    return "\n".join(lines)


def result_html(result, lang: str = "en") -> str:
    """A framework result as a small HTML block for notebooks (escaped text)."""
    import html

    parts = [f"<div><b>{html.escape(_head(result, lang))}</b><ul>"]
    for v in result.verdicts.values():
        parts.append(f"<li>{html.escape(verdict_line(v, lang))}; "
                     f"{html.escape(flipped_line(v, lang))}</li>")
    parts.append("</ul></div>")
    return "".join(parts)


def verdicts_frame(result, extra: dict | None = None, lang: str | None = None) -> pd.DataFrame:
    """Every evidence row of a result's verdicts as a tidy frame (catalogue keys, numbers).

    With ``lang`` each key column (``dimension``, ``label``, ``confidence``, ``flipped_by``,
    ``indicator``, ``rule``, ``says``) gets a ``<column>_text`` column beside it in that
    language, as the report prints it, so a workbook reader never has to decode a key."""
    rows = []
    blocks = [(d, v.label, v.confidence, v.reasons, ";".join(f.name for f in v.flipped_by), v)
              for d, v in result.verdicts.items()]
    blocks += [(d, "", "", rs, "", None) for d, rs in (extra or {}).items()]
    for dim, label, conf, reasons, flips, v in blocks:
        for r in reasons or (None,):
            row = {"region": result.region, "industry": result.industry, "period": result.period,
                   "rule_set": result.rule_set, "dimension": dim, "label": label,
                   "confidence": conf, "flipped_by": flips}
            row.update(r.as_dict() if r is not None else {})
            if lang is not None:
                row.update(verdict_texts(dim, v, lang) if v is not None else
                           {"dimension_text": tr(dim, lang), "label_text": "",
                            "confidence_text": "", "flipped_by_text": ""})
                if r is not None:
                    row["indicator_text"] = tr(r.indicator, lang, **dict(r.fields))
                    row["rule_text"] = rule_text(r, lang)
                    row["says_text"] = tr(_says_key(r), lang)
            rows.append(row)
    return pd.DataFrame(rows)


def verdict_texts(dimension: str, v: Verdict, lang: str) -> dict[str, str]:
    """A verdict's dimension, label, confidence and flipping variants in words (``*_text``)."""
    return {"dimension_text": tr(dimension, lang), "label_text": tr(v.label, lang),
            "confidence_text": tr(f"conf_{v.confidence}", lang),
            "flipped_by_text": flipped_line(v, lang)}


def verdict_rows(results, lang: str) -> pd.DataFrame:
    """One row per result and dimension: the keys (``dimension``, ``label``, ``confidence``,
    ``flipped_by``) and the same in words in ``lang`` (``*_text``); ``point`` for a diagnosis."""
    return pd.DataFrame([
        {"industry": r.industry, "region": r.region, "period": r.period, "rule_set": r.rule_set,
         **({"point": r.point} if hasattr(r, "point") else {}),
         "dimension": dim, "label": v.label, "confidence": v.confidence,
         "flipped_by": ", ".join(f.name for f in v.flipped_by), **verdict_texts(dim, v, lang)}
        for r in results for dim, v in r.verdicts.items()
    ])
