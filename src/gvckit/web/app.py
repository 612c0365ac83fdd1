"""The web app's routes: pages, job polling, uploads, downloads and the assets it serves itself.

Built on Starlette (ASGI) and Jinja2; see :mod:`gvckit.web` for why. Every page takes the same
"sticky" query parameters, kept across navigation: ``lang`` (en/zh), ``data`` (a bundled dataset
name or an upload id), ``region``, ``years`` (``2009-2011``), ``rules`` (a rule-set name) and
``evidence`` (an uploaded evidence file's id). Slow work goes to :class:`gvckit.web.jobs.Jobs`;
a page whose result is not ready within a moment shows a progress bar that polls
``/api/jobs/{id}`` and reloads when the job is done.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from gvckit.errors import GvckitError, InputError, UnknownNameError
from gvckit.messages import LANGS, catalogue, tr
from gvckit.web import analysis as an
from gvckit.web import charts
from gvckit.web.jobs import Job, Jobs, cache_key, error_line
from gvckit.web.uploads import TooLarge, Uploads

__all__ = ["Settings", "create_app"]

HERE = Path(__file__).parent
STICKY = ("lang", "data", "region", "years", "rules", "evidence")
DOWNLOAD_FORMATS = ("csv", "xlsx", "parquet")
BUNDLED = ("wiod2013",)  # bundled datasets the pages offer (the framework maps WIOD 2013 sectors)
DEFAULT_SPAN = 3  # years shown by default: the data's last three


@dataclass
class Settings:
    """How the app runs: its folders, the upload limit and where jobs run."""

    cache_dir: Path
    max_upload_mb: float = 50.0
    scheduler: str | None = None
    workers: int = 2
    wait: float = 1.5  # seconds a page waits for its job before showing progress


class PageError(GvckitError):
    """A request the page cannot answer (bad parameter); shown as one line with HTTP 400."""


# --------------------------------------------------------------------------- request context
@dataclass
class Params:
    """The sticky parameters of a request, checked."""

    lang: str
    data: str
    region: str
    years: list[int] | None
    years_text: str
    rules: str
    evidence: str | None


class Web:
    """The app's state: settings, jobs, uploads and templates."""

    def __init__(self, settings: Settings) -> None:
        import jinja2

        self.settings = settings
        settings.cache_dir = Path(settings.cache_dir)
        self.jobs = Jobs(settings.cache_dir / "results", workers=settings.workers,
                         scheduler=settings.scheduler)
        self.uploads = Uploads(settings.cache_dir / "uploads", int(settings.max_upload_mb * 2**20))
        self.downloads = settings.cache_dir / "downloads"
        self.reports = settings.cache_dir / "reports"
        for d in (self.downloads, self.reports):
            d.mkdir(parents=True, exist_ok=True)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(HERE / "templates")),
            autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True)

    # ------------------------------------------------------------------ parameters
    def params(self, request: Request) -> Params:
        q = request.query_params
        lang = q.get("lang", "en")
        lang = lang if lang in LANGS else "en"
        data = q.get("data") or BUNDLED[0]
        ref = self.ref(data)
        rules = q.get("rules") or "paper"
        from gvckit.framework.ruleset import rule_set_names

        if rules not in rule_set_names():
            raise UnknownNameError("rule set", rules, rule_set_names())
        from gvckit.app.source import format_years, parse_years

        years_text = (q.get("years") or "").strip()
        years = parse_years(years_text)
        if years is not None and len(years) > 400:
            raise PageError(f"too many years in {years_text!r}; name at most 400")
        if years is not None and ref.path is None:  # a bundled dataset's years are known: check now
            from gvckit.app.source import Source

            Source.of(ref.key).select(years)
        if years is None:
            have = self.years_of(ref)
            years = have[-DEFAULT_SPAN:] or None
            years_text = format_years(years) if years else ""
        evidence = q.get("evidence") or None
        if evidence is not None and self.uploads.get(evidence, "evidence") is None:
            raise PageError(f"no uploaded evidence file {evidence!r}; upload it on the Data page")
        region = (q.get("region") or "CHN").strip().upper()
        return Params(lang, data, region, years, years_text, rules, evidence)

    def ref(self, data: str) -> an.DataRef:
        """The data a page names: a bundled dataset or an upload id (never a path)."""
        if data in BUNDLED:
            return an.DataRef(data, data, data)
        up = self.uploads.get(data, "table")
        if up is None:
            raise UnknownNameError("data", data, [*BUNDLED, *(u.id for u in self.uploads.all() if u.kind == "table")])
        return an.DataRef(up.id, up.name, up.fingerprint, path=up.path, year=up.year, meld=up.meld)

    def years_of(self, ref: an.DataRef) -> list[int]:
        if ref.path is None:
            from gvckit.app.source import bundled_years

            return bundled_years(ref.key)
        return [ref.year] if ref.year is not None else []

    def evidence_path(self, p: Params) -> str | None:
        up = self.uploads.get(p.evidence, "evidence") if p.evidence else None
        return up.path if up else None

    # ------------------------------------------------------------------ rendering
    def render(self, request: Request, template: str, p: Params | None, status: int = 200,
               **ctx: Any) -> HTMLResponse:
        lang = p.lang if p is not None else _lang(request)
        sticky = {k: request.query_params.get(k) for k in STICKY if request.query_params.get(k)}
        if p is not None:
            sticky.update({"lang": p.lang, "data": p.data, "region": p.region, "years": p.years_text,
                           "rules": p.rules})
            if p.evidence:
                sticky["evidence"] = p.evidence
        sticky["lang"] = lang

        def url(path: str, **over: Any) -> str:
            qs = {**sticky, **{k: v for k, v in over.items()}}
            qs = {k: v for k, v in qs.items() if v not in (None, "")}
            return path + ("?" + urlencode(qs) if qs else "")

        def here(**over: Any) -> str:
            qs = {**dict(request.query_params), **sticky, **over}
            qs = {k: v for k, v in qs.items() if v not in (None, "")}
            return request.url.path + "?" + urlencode(qs)

        def t(key: str, **kw: Any) -> str:
            return tr(key, lang, **kw)

        from gvckit import __version__
        from gvckit.framework.concepts import paper_ref
        from gvckit.framework.ruleset import rule_set_names
        from gvckit.outputs.units import table_source, table_unit

        choices = [(k, k) for k in BUNDLED] + [(u.id, u.label or u.name) for u in self.uploads.all()
                                               if u.kind == "table"]
        html = self.env.get_template(template).render(
            t=t, url=url, here=here, lang=lang, other_lang="zh" if lang == "en" else "en",
            p=p, path=request.url.path, version=__version__, fmt=_fmt, pct=_pct, cell=_cell,
            table_unit=lambda u: table_unit(u, lang), table_source=lambda s: table_source(s, lang),
            paper_ref=lambda s: paper_ref(s, lang),
            formats=DOWNLOAD_FORMATS, data_choices=choices, rule_sets=rule_set_names(),
            known=catalogue(lang), **ctx)
        return HTMLResponse(html, status_code=status)

    def error(self, request: Request, message: str, status: int, p: Params | None = None) -> HTMLResponse:
        return self.render(request, "error.html", p, status=status, message=message)

    # ------------------------------------------------------------------ jobs
    async def run(self, key: str, label: str, fn: Callable[..., Any], *args: Any) -> Job:
        job = self.jobs.submit(key, label, fn, *args)
        if not job.finished:
            await run_in_threadpool(self.jobs.wait, job, self.settings.wait)
        return job

    async def result(self, key: str, label: str, fn: Callable[..., Any], *args: Any) -> Any:
        """The job's result, waiting as long as it takes (for downloads)."""
        job = self.jobs.submit(key, label, fn, *args)
        await run_in_threadpool(self.jobs.wait, job, 3600)
        if job.status == "error":
            raise (PageError if not job.bug else RuntimeError)(job.error)
        return job.result


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", "en")
    return lang if lang in LANGS else "en"


def _fmt(v: Any, digits: int = 1) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return "" if v is None else str(v)
    if f != f:
        return ""
    return f"{f:,.{digits}f}"


def _cell(v: Any, digits: int, column: Any = "", percent: bool = False) -> str:
    """A number in a table cell: a year as written (2011, not 2,011.000), any other whole number
    (an integer type: a count) with thousands separators and no decimals, a share as a
    percentage when the table holds shares, else ``digits`` decimals.

    >>> _cell(2011, 3, "year"), _cell(41, 3, "countries"), _cell(0.1434, 3, "CHN", True), _cell(1.5, 1)
    ('2011', '41', '14.3%', '1.5')
    """
    import numbers

    name = str(column).lower()
    if isinstance(v, numbers.Integral) and ("year" in name or "年" in name):
        return str(int(v))
    if isinstance(v, numbers.Integral):
        return f"{int(v):,}"
    return _pct(v) if percent else _fmt(v, digits)


def _pct(v: Any) -> str:
    try:
        return f"{100 * float(v):.1f}%"
    except (TypeError, ValueError):
        return ""


def guarded(fn: Callable) -> Callable:
    """A route whose user errors (GvckitError) become a page with the one-line message (400)."""

    async def route(request: Request) -> Response:
        web: Web = request.app.state.web
        try:
            return await fn(request, web)
        except TooLarge as exc:
            return web.error(request, str(exc), 413)
        except GvckitError as exc:
            return web.error(request, error_line(exc)[0], 400)

    route.__name__ = fn.__name__
    route.__doc__ = fn.__doc__
    return route


def _job_response(web: Web, request: Request, job: Job, p: Params,
                  page: str, render: Callable[[Any], dict[str, Any]]) -> HTMLResponse:
    if job.status == "done":
        return web.render(request, page, p, job=job, **render(job.result))
    if job.status == "error":
        return web.error(request, job.error, 500 if job.bug else 400, p)
    return web.render(request, "pending.html", p, job=job, page=page)


# --------------------------------------------------------------------------- names
def _industry_name(key: str, lang: str) -> str:
    return tr(f"name_{key}", lang) if f"name_{key}" in catalogue(lang) else key


def _label(key: str, lang: str) -> str:
    return tr(key, lang) if key and key in catalogue(lang) else key


# --------------------------------------------------------------------------- pages
def _overview_key(p: Params, ref: an.DataRef, web: Web) -> str:
    ev = web.uploads.get(p.evidence, "evidence") if p.evidence else None
    return cache_key("overview", ref.fingerprint, p.region, p.years, p.rules, ev.fingerprint if ev else None)


@guarded
async def overview(request: Request, web: Web) -> Response:
    """Overview: the data and economy, the typology of the paper's 11 industries, A-E placement."""
    p = web.params(request)
    ref = web.ref(p.data)
    job = await web.run(_overview_key(p, ref, web), "overview", an.overview, ref, p.region, p.years,
                        p.rules, web.evidence_path(p))

    def render(res: dict[str, Any]) -> dict[str, Any]:
        lang = p.lang
        rows = []
        diag = {d.industry: d for d in res["diagnoses"]}
        for c in res["classifications"]:
            d = diag.get(c.industry)
            rows.append({
                "key": c.industry, "name": c.name_zh if lang == "zh" else _industry_name(c.industry, lang),
                "paper_type": tr(f"lab_type_{c.paper_type}", lang) if c.paper_type else "",
                "type": _label(c.verdicts["dim_type"].label, lang),
                "governance": _label(c.verdicts["dim_governance"].label, lang),
                "integration": _label(c.verdicts["dim_integration"].label, lang),
                "gov_key": c.verdicts["dim_governance"].label, "int_key": c.verdicts["dim_integration"].label,
                "agrees": c.agrees,
                "confidence": tr(f"conf_{c.verdicts['dim_type'].confidence}", lang),
                "point": _label(d.verdicts["dim_point"].label, lang) if d else "",
                "point_code": d.point if d else "",
                "point_conf": tr(f"conf_{d.confidence}", lang) if d else "",
            })
        govs = list(dict.fromkeys(["lab_gov_buyer", "lab_gov_producer", *[r["gov_key"] for r in rows]]))
        ints = list(dict.fromkeys(["lab_int_low", "lab_int_high", "lab_int_emerging", *[r["int_key"] for r in rows]]))
        matrix = [{"label": _label(g, lang), "cells": [[r for r in rows if r["gov_key"] == g and r["int_key"] == i]
                                                       for i in ints]} for g in govs]
        points = {}
        for r in rows:
            points.setdefault(r["point_code"], []).append(r)
        order = ["A", "B", "B_or_beyond", "C", "D", "E", "not_placed", ""]
        placement = [(_label(f"lab_point_{k}", lang) if k else "—", points[k]) for k in order if k in points]
        return {"rows": rows, "matrix": matrix, "int_labels": [_label(i, lang) for i in ints],
                "placement": placement, "figures": res["figures"], "period": res["period"],
                "clusters": _clusters(lang)}

    return _job_response(web, request, job, p, "overview.html", render)


def _clusters(lang: str) -> list[dict[str, str]]:
    from gvckit import framework as fw

    return [{"key": c["key"], "name": c["name_zh"] if lang == "zh" else c["name_en"],
             "industry": c["industry_key"]} for _, c in fw.clusters().iterrows()]


def _industry_key(p: Params, ref: an.DataRef, key: str, web: Web) -> str:
    ev = web.uploads.get(p.evidence, "evidence") if p.evidence else None
    return cache_key("industry", ref.fingerprint, p.region, key, p.years, p.rules, ev.fingerprint if ev else None)


def _resolve_item(key: str) -> tuple[str, dict[str, Any] | None]:
    """An industry key as it is; a cluster key as its industry plus the cluster's row."""
    from gvckit import framework as fw

    inds = list(fw.industries()["key"])
    if key in inds:
        return key, None
    cl = fw.clusters().set_index("key")
    if key in cl.index:
        return str(cl.loc[key, "industry_key"]), {"key": key, **cl.loc[key].to_dict()}
    raise UnknownNameError("industry or cluster", key, [*inds, *cl.index])


@guarded
async def industry(request: Request, web: Web) -> Response:
    """One industry or cluster: verdicts with evidence, time paths, the paper's advice."""
    from gvckit.outputs.report import verdicts_html

    p = web.params(request)
    ref = web.ref(p.data)
    key, cluster = _resolve_item(request.path_params["key"])
    job = await web.run(_industry_key(p, ref, key, web), f"industry {key}", an.industry_page, ref,
                        p.region, key, p.years, p.rules, web.evidence_path(p))

    def render(res: dict[str, Any]) -> dict[str, Any]:
        lang = p.lang
        c, d = res["classification"], res["diagnosis"]
        paths = res["paths"]
        names = {m: _label(f"ind_{m}", lang) if f"ind_{m}" in catalogue(lang) else _label(f"rep_measure_{m}", lang)
                 for m in an.PATH_MEASURES}
        figs = []
        if not paths.empty:
            shares = paths[paths.measure != "upstreamness"]
            figs.append(charts.lines(shares, "year", "value", "measure", names, percent=True,
                                     title=tr("web_paths_shares", lang), y_title=tr("web_share", lang)))
            up = paths[paths.measure == "upstreamness"]
            figs.append(charts.lines(up, "year", "value", "measure", names,
                                     title=tr("web_paths_position", lang), y_title=names["upstreamness"]))
        adv = res["advice"]
        zh = lang == "zh"
        names_of = res.get("sector_names", {})  # code -> (name, name_zh): the page names its sectors

        def sector(code: str) -> str:
            name = names_of.get(code, (code, code))[zh]
            if name == code:
                return code
            return name + ("" if zh else " ") + tr("web_paren", lang, text=code)

        def move(m) -> dict[str, Any]:
            return {"label": m.label.replace("->", "→"), "name": m.name_zh if zh else m.name_en,
                    "actions": list(m.actions_zh if zh else m.actions_en), "section": m.section}

        extra = []
        if d.advice is not None:
            extra = [i.text_zh if zh else i.text_en for i in d.advice.items]
        extra += [i.text_zh if zh else i.text_en for i in adv.items]
        facts = None
        if cluster is not None:
            from gvckit.framework.zhejiang import cluster_facts

            cols = ["year", "indicator", "value", "unit", "source_title"]
            facts = cluster_facts(cluster["key"])[cols]
            facts.columns = [tr(f"web_col_{c}", lang) for c in cols]
        return {
            "key": key, "name": c.name_zh if zh else _industry_name(key, lang),
            "cluster": None if cluster is None else (cluster["name_zh"] if zh else cluster["name_en"]),
            "cluster_key": None if cluster is None else cluster["key"], "facts": facts,
            "sectors": tr("list_sep", lang).join(sector(s) for s in c.sectors), "period": c.period,
            "paper_type": tr(f"lab_type_{c.paper_type}", lang) if c.paper_type else "",
            "cls_html": verdicts_html(c, lang), "diag_html": verdicts_html(d, lang),
            "charts": [charts.to_json(f) for f in figs],
            "moves": [move(m) for m in adv.moves], "next": [move(m) for m in d.next_moves],
            "advice_items": list(dict.fromkeys(extra)),
            "notes": [tr(k, lang, **dict(f)) for k, f in d.notes if k in catalogue(lang)],
        }

    return _job_response(web, request, job, p, "industry.html", render)


def _decompose_args(request: Request, p: Params) -> dict[str, Any]:
    q = request.query_params
    year_text = (q.get("year") or "").strip()
    if year_text and not year_text.isdigit():
        raise InputError(f"bad year {year_text!r}; write a year such as 2011")
    year = int(year_text) if year_text else (p.years[-1] if p.years else None)
    return {"year": year, "method": q.get("method") or "bm", "level": q.get("level") or "country",
            "exporter": (q.get("exporter") or p.region or "").strip().upper() or None,
            "importer": (q.get("importer") or "").strip().upper() or None}


@guarded
async def decompose(request: Request, web: Web) -> Response:
    """Decompose gross exports (method, level, exporter, importer, year) with its identity."""
    from gvckit.measures.decompose import LEVELS_BY_METHOD

    p = web.params(request)
    ref = web.ref(p.data)
    a = _decompose_args(request, p)
    form = {"methods": list(LEVELS_BY_METHOD), "levels": LEVELS_BY_METHOD, **a}
    if request.query_params.get("method") is None:  # the form alone until asked
        return web.render(request, "decompose.html", p, result=None, **form)
    key = cache_key("decompose", ref.fingerprint, *a.values())
    job = await web.run(key, "decompose", an.decompose_page, ref, a["year"], a["method"], a["level"],
                        a["exporter"], a["importer"])

    def render(res: dict[str, Any]) -> dict[str, Any]:
        from gvckit.outputs.units import table_unit

        frame = res["frame"].reset_index()
        terms, total = res["terms"], res["total"]
        unit = table_unit(res["frame"].attrs.get("unit", ""), p.lang)
        sums = frame[terms].sum() if all(t in frame for t in terms) else pd.Series(dtype=float)
        fig = charts.bars(list(sums.index), list(sums.to_numpy()), title=tr("web_dec_chart", p.lang, method=a["method"]),
                          y_title=unit,
                          total=float(frame[total].sum()) if total in frame else None,
                          total_label=tr("web_gross_exports", p.lang))
        shown = frame.head(500)
        check = res["check"].head(500)  # its heads in the page's language; the download keeps the keys
        check = check.rename(columns={c: tr(f"web_check_{c}", p.lang) for c in check.columns
                                      if f"web_check_{c}" in catalogue(p.lang)})
        return {"result": res, "table": shown, "n_rows": len(frame), "fig_json": charts.to_json(fig),
                "check": check, "unit": unit}

    return _job_response(web, request, job, p, "decompose.html", lambda r: {**form, **render(r)})


def _compare_args(request: Request, p: Params) -> dict[str, Any]:
    q = request.query_params
    mode = q.get("mode") or "economies"
    if mode not in ("economies", "industries"):
        raise UnknownNameError("comparison", mode, ["economies", "industries"])
    regions = [r.strip().upper() for r in (q.get("regions") or "").split(",") if r.strip()]
    inds = [k.strip() for k in (q.get("industries") or "").split(",") if k.strip()]
    if mode == "economies":
        regions = regions or [p.region, "USA"]
        inds = inds[:1] or ["leather"]
    else:
        regions = regions[:1] or [p.region]
        inds = inds or ["textiles", "leather", "electronics_communication"]
    return {"mode": mode, "regions": regions, "industries": inds,
            "measure": q.get("measure") or "foreign_va_share"}


@guarded
async def compare(request: Request, web: Web) -> Response:
    """Two or more economies (or industries) side by side over the years, on one measure."""
    from gvckit import framework as fw

    p = web.params(request)
    ref = web.ref(p.data)
    a = _compare_args(request, p)
    inds = [(k, _industry_name(k, p.lang)) for k in fw.industries()["key"]]
    mnames = {m: _label(f"ind_{m}", p.lang) if f"ind_{m}" in catalogue(p.lang) else _label(f"rep_measure_{m}", p.lang)
              for m in an.PATH_MEASURES}
    form = {**a, "all_industries": inds, "measures": mnames}
    key = cache_key("compare", ref.fingerprint, a["mode"], a["regions"], a["industries"], a["measure"], p.years)
    job = await web.run(key, "compare", an.compare_page, ref, a["mode"], a["regions"], a["industries"],
                        a["measure"], p.years)

    def render(res: dict[str, Any]) -> dict[str, Any]:
        f = res["frame"]
        group = "region" if a["mode"] == "economies" else "item"
        names = {k: _industry_name(k, p.lang) for k in a["industries"]} if group == "item" else {}
        percent = a["measure"] != "upstreamness"
        fig = charts.lines(f, "year", "value", group, names, percent=percent, title=mnames[a["measure"]],
                           y_title=mnames[a["measure"]])
        wide = f.pivot_table(index="year", columns=group, values="value").reset_index()
        wide.columns = [tr("web_col_year", p.lang) if c == "year" else names.get(str(c), str(c))
                        for c in wide.columns]
        return {**form, "fig_json": charts.to_json(fig), "wide": wide, "percent": percent}

    return _job_response(web, request, job, p, "compare.html", render)


def _data_ctx(web: Web, lang: str) -> dict[str, Any]:
    """The Data page's tables (bundled datasets, readable formats) with headers in ``lang``."""
    from gvckit.datasets import datasets
    from gvckit.readers import formats

    cols = ["name", "description", "years", "countries", "sectors", "unit"]
    ds = datasets()[cols]
    ds.columns = [tr(f"web_col_{c}", lang) for c in cols]
    fm = formats()[["name", "description"]]
    fm.columns = [tr(f"web_col_{c}", lang) for c in fm.columns]
    return {"datasets": ds, "formats_table": fm, "uploads": web.uploads.all(),
            "max_mb": web.settings.max_upload_mb}


@guarded
async def data_page(request: Request, web: Web) -> Response:
    """Bundled datasets, the uploads, and the upload forms."""
    p = web.params(request)
    return web.render(request, "data.html", p, upload=None, **_data_ctx(web, p.lang))


async def _form_file(request: Request, web: Web):
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > web.uploads.max_bytes + 64 * 1024:
        raise TooLarge(f"the file is larger than the limit of {web.settings.max_upload_mb:g} MB "
                       "(gvckit serve --max-upload-mb)")
    form = await request.form(max_files=1)
    file = form.get("file")
    if file is None or isinstance(file, str) or not getattr(file, "filename", ""):
        raise PageError("choose a file to upload")
    return form, file


async def _store(web: Web, file, kind: str):
    up = web.uploads.new(file.filename, kind)

    def chunks():
        file.file.seek(0)
        while True:
            b = file.file.read(1 << 20)
            if not b:
                return
            yield b

    await run_in_threadpool(web.uploads.write, up, chunks())
    return up


def _named(message: str, up) -> str:
    """A message about an upload with the server's path replaced by the file's name."""
    return message.replace(up.path, up.name).replace(str(Path(up.path).parent), "")


def _check_table(up, year: int | None, meld: bool = False) -> None:
    """Read the uploaded table and run the input checks: findings, or the one-line error.

    ``meld``: the form's "add processing-trade splits" box. It applies to a table that has
    splits (OECD ICIO's CN1/CN2, MX1/MX2), which is then read again with them added into their
    country (``read(meld=True)``); a table with splits left apart gets a warning saying which
    pages need them added."""
    from gvckit.checks import check
    from gvckit.readers import read
    from gvckit.scale.cache import table_hash

    try:
        table = read(up.path, year=year)
        splits = [c for c in (table.meta.get("processing_splits") or {}) if c in table.countries]
        if splits and meld:
            table = read(up.path, year=year, meld=True)
    except GvckitError as exc:
        up.error = _named(error_line(exc)[0], up)
        up.findings = [{"severity": getattr(f, "severity", "error"), "code": f.code, "message": f.message,
                        "message_zh": f.text("zh") if hasattr(f, "text") else f.message}
                       for f in getattr(exc, "findings", [])]
        return
    except (ValueError, KeyError, IndexError, TypeError, UnicodeDecodeError, OSError) as exc:
        up.error = f"{up.name}: not a table gvckit can read ({type(exc).__name__}: {' '.join(str(exc).split())[:300]})"
        return
    report = check(table)
    up.findings = [{"severity": f.severity, "code": f.code, "message": f.message, "message_zh": f.text("zh")}
                   for f in report.findings]
    up.meld = bool(splits and meld)
    if splits and not meld:
        up.findings.append({"severity": "warning", "code": "processing_splits",
                            **{k: tr("web_splits_apart", lang, splits=tr("list_sep", lang).join(splits),
                                     box=tr("web_meld_label", lang))
                               for k, lang in (("message", "en"), ("message_zh", "zh"))}})
    if report.errors:
        up.error = f"{up.name}: " + "; ".join(f.message for f in report.errors)
        return
    up.year = None if table.year is None else int(table.year)
    up.fingerprint = table_hash(table)
    up.label = f"{up.name} ({table.G} × {table.N}{', ' + str(up.year) if up.year else ''})"


@guarded
async def upload_table(request: Request, web: Web) -> Response:
    """Upload a table: stored, read, checked; the checks' findings are shown before any use."""
    p = web.params(request)
    form, file = await _form_file(request, web)
    year_text = str(form.get("year") or "").strip()
    if year_text and not year_text.isdigit():
        raise PageError(f"bad year {year_text!r}; write a year such as 2011")
    up = await _store(web, file, "table")
    meld = str(form.get("meld") or "").strip().lower() in ("1", "on", "true", "yes")
    await run_in_threadpool(_check_table, up, int(year_text) if year_text else None, meld)
    return _upload_page(request, web, p, up)


def _upload_page(request: Request, web: Web, p, up) -> Response:
    """Keep a checked upload (or discard a refused one) and show the data page with its outcome."""
    status = 200
    if up.error:
        web.uploads.discard(up.id, folder=Path(up.path).parent)
        status = 400
    else:
        web.uploads.add(up)
    return web.render(request, "data.html", p, status=status, upload=up, **_data_ctx(web, p.lang))


@guarded
async def upload_evidence(request: Request, web: Web) -> Response:
    """Upload an upgrading-evidence CSV (checked by :func:`gvckit.framework.load_evidence`)."""
    from gvckit.framework import load_evidence
    from gvckit.scale.store import file_sha256

    p = web.params(request)
    _, file = await _form_file(request, web)
    up = await _store(web, file, "evidence")
    try:
        frame = await run_in_threadpool(load_evidence, up.path)
    except GvckitError as exc:
        up.error = _named(error_line(exc)[0], up)
    except (ValueError, KeyError, UnicodeDecodeError) as exc:
        up.error = f"{up.name}: not an evidence CSV ({type(exc).__name__}: {' '.join(str(exc).split())[:300]})"
    else:
        up.fingerprint = file_sha256(up.path)
        up.label = f"{up.name} ({len(frame)})"
    return _upload_page(request, web, p, up)


@guarded
async def keep_upload(request: Request, web: Web) -> Response:
    """Keep an upload after the server stops."""
    p = web.params(request)
    if web.uploads.keep(request.path_params["uid"]) is None:
        raise PageError("no such upload")
    qs = urlencode({"lang": p.lang})
    return RedirectResponse(f"/data?{qs}", status_code=303)


async def job_state(request: Request) -> Response:
    """The state of a job, for the page's progress bar."""
    web: Web = request.app.state.web
    job = web.jobs.get(request.path_params["job_id"])
    if job is None:
        return JSONResponse({"error": "no such job"}, status_code=404)
    return JSONResponse(job.state())


# --------------------------------------------------------------------------- downloads
@guarded
async def download(request: Request, web: Web) -> Response:
    """The numbers behind a page's table or chart as csv, xlsx or parquet."""
    from gvckit.framework.render import verdicts_frame
    from gvckit.outputs.export import write

    p = web.params(request)
    ref = web.ref(p.data)
    what, fmt = request.path_params["what"], request.path_params["fmt"]
    if fmt not in DOWNLOAD_FORMATS:
        raise UnknownNameError("format", fmt, DOWNLOAD_FORMATS)
    frame: pd.DataFrame
    if what in ("typology", "placement"):
        res = await web.result(_overview_key(p, ref, web), "overview", an.overview, ref, p.region,
                               p.years, p.rules, web.evidence_path(p))
        if what == "typology":
            frame = res["agreement"]
        else:
            frame = pd.DataFrame([{"industry": d.industry, "region": d.region, "period": d.period,
                                   "rule_set": d.rule_set, "paper_type": d.paper_type, "point": d.point,
                                   "confidence": d.confidence} for d in res["diagnoses"]])
    elif what in ("evidence", "paths"):
        key, _ = _resolve_item(request.query_params.get("industry", ""))
        res = await web.result(_industry_key(p, ref, key, web), f"industry {key}", an.industry_page, ref,
                               p.region, key, p.years, p.rules, web.evidence_path(p))
        if what == "paths":
            frame = res["paths"]
        else:
            frame = pd.concat([verdicts_frame(res["classification"]), verdicts_frame(res["diagnosis"])],
                              ignore_index=True)
    elif what in ("decomposition", "identity"):
        a = _decompose_args(request, p)
        res = await web.result(cache_key("decompose", ref.fingerprint, *a.values()), "decompose",
                               an.decompose_page, ref, a["year"], a["method"], a["level"], a["exporter"],
                               a["importer"])
        frame = res["frame"] if what == "decomposition" else res["check"]
    elif what == "compare":
        a = _compare_args(request, p)
        res = await web.result(cache_key("compare", ref.fingerprint, a["mode"], a["regions"], a["industries"],
                                         a["measure"], p.years), "compare", an.compare_page, ref, a["mode"],
                               a["regions"], a["industries"], a["measure"], p.years)
        frame = res["frame"]
    else:
        raise UnknownNameError("download", what, ["typology", "placement", "evidence", "paths",
                                                  "decomposition", "identity", "compare"])
    folder = Path(tempfile.mkdtemp(dir=web.downloads))
    name = f"gvckit-{what}.{fmt}"
    frame = frame.copy()
    frame.attrs.update(getattr(frame, "attrs", {}))
    paths = await run_in_threadpool(write, frame, folder / name, lang=p.lang)
    main = next((x for x in paths if x.name == name), paths[0])
    return FileResponse(main, filename=name, background=BackgroundTask(shutil.rmtree, folder, True))


@guarded
async def report(request: Request, web: Web) -> Response:
    """The full HTML report (:func:`gvckit.report_job.report`), made in the background."""
    p = web.params(request)
    ref = web.ref(p.data)
    ev = web.uploads.get(p.evidence, "evidence") if p.evidence else None
    key = cache_key("report", ref.fingerprint, p.region, p.years, p.rules, ev.fingerprint if ev else None, p.lang)
    out = str(web.reports / f"report-{key}-{p.lang}.html")
    job = await web.run(key, "report", an.make_report, ref, p.region, p.years, p.rules,
                        web.evidence_path(p), p.lang, out)
    if job.status == "done" and not Path(job.result).is_file():  # the file was removed: remake
        web.jobs._memory.pop(key, None)
        (web.jobs.cache_dir / f"{key}.pkl").unlink(missing_ok=True)
        job = await web.run(key, "report", an.make_report, ref, p.region, p.years, p.rules,
                            web.evidence_path(p), p.lang, out)
    if job.status == "done" and request.query_params.get("file"):
        return FileResponse(job.result, filename=f"gvckit-report-{p.region}-{p.lang}.html",
                            media_type="text/html")
    return _job_response(web, request, job, p, "report.html", lambda r: {})


# --------------------------------------------------------------------------- assets
def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


async def plotly_js(request: Request) -> Response:
    """plotly.min.js from the installed ``plotly`` package (no CDN: the app works offline)."""
    return FileResponse(_plotly_js(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})


async def font(request: Request) -> Response:
    """The bundled CJK font (gvckit Sans SC), so Chinese renders without a system CJK font."""
    from gvckit.outputs.fonts import FONT_PATH

    return FileResponse(FONT_PATH, media_type="font/otf", headers={"Cache-Control": "public, max-age=86400"})


async def not_found(request: Request, exc: Exception) -> Response:
    web: Web = request.app.state.web
    return web.error(request, tr("web_not_found", _lang(request)), 404)


async def server_error(request: Request, exc: Exception) -> Response:
    web: Web = request.app.state.web
    return web.error(request, error_line(exc)[0], 500)


def create_app(settings: Settings) -> Starlette:
    """The Starlette app; its jobs and uploads are closed and cleaned when it shuts down."""
    from contextlib import asynccontextmanager

    web = Web(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        web.jobs.close()
        web.uploads.cleanup()

    routes = [
        Route("/", overview),
        Route("/industry/{key}", industry),
        Route("/decompose", decompose),
        Route("/compare", compare),
        Route("/data", data_page),
        Route("/data/upload", upload_table, methods=["POST"]),
        Route("/data/evidence", upload_evidence, methods=["POST"]),
        Route("/data/keep/{uid}", keep_upload, methods=["POST"]),
        Route("/report", report),
        Route("/download/{what}.{fmt}", download),
        Route("/api/jobs/{job_id}", job_state),
        Route("/assets/plotly.min.js", plotly_js),
        Route("/assets/gvckit-sans-sc.otf", font),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: not_found, 500: server_error})
    app.state.web = web
    return app
