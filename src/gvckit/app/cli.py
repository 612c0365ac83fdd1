"""The ``gvckit`` command line.

Every command is a thin layer over one Python call (shown in its ``--help``). DATA is resolved
once by :class:`gvckit.app.source.Source`: a bundled dataset name means every year it has,
``name:year[:variant]`` one year, anything else a file path for :func:`gvckit.read`.

Rules every command follows:

* a user error is one line on stderr, exit code 2 (``gvckit: error: ...``, naming the user's
  path or label); only a bug in gvckit gives exit code 1, and ``--debug`` shows its traceback;
* input-check warnings of the tables used are one line each on stderr (after the command
  succeeded; an error is the only line of a failed command) and travel in the result's
  ``attrs["warnings"]`` (and so in every export);
* ``--out`` prints the files written, one plain path a line; ``--quiet`` prints nothing but
  errors;
* the names an option accepts (methods, levels, measures, formats, industries) are listed in
  ``--help`` from the registries the code dispatches on;
* text comes from the message catalogue (``gvckit.messages``, domain ``cli``) in the language
  of ``--lang`` / ``GVCKIT_LANG``.

The parser only builds the arguments of the command being run, so ``gvckit --help`` and
``gvckit COMMAND ...`` import nothing they do not need.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gvckit.app.source import Source, format_years, parse_years
from gvckit.errors import GvckitError, OptionError, UnknownNameError
from gvckit.messages import LANGS, tr

__all__ = ["main", "build_parser", "COMMANDS", "PanelFailed"]

DATASETS = ("wiod2013", "china_nbs")  # for help text only; Source checks against gvckit.datasets()


class PanelFailed(GvckitError):
    """Some tasks of a panel run failed (the others are kept)."""


# --------------------------------------------------------------------------- output
def _say(args, text: str) -> None:
    if not args.quiet:
        print(text)


def _fmt_frame(frame) -> str:
    import pandas as pd

    if isinstance(frame, pd.DataFrame | pd.Series):
        with pd.option_context("display.max_rows", 200, "display.max_columns", 30, "display.width", 160):
            return frame.to_string(max_rows=200)
    return str(frame)


def _emit(result, args, *, meta: dict | None = None) -> None:
    """Write a frame (or dict of frames) to --out and print the paths, or print it."""
    if getattr(args, "out", None):
        from gvckit.outputs.export import write

        for path in write(result, args.out, lang=args.lang, meta=meta):
            _say(args, os.fspath(path))
        return
    if args.quiet:
        return
    if isinstance(result, dict):
        for key, frame in result.items():
            print(f"== {key}")
            print(_fmt_frame(frame))
        return
    print(_fmt_frame(result))


def _frames(res, lang: str | None = None):
    """A result object (or a list of them) with ``to_frame()`` as one frame; ``lang`` adds the
    framework results' ``*_text`` columns (their keys in words) in that language."""
    import pandas as pd

    items = res if isinstance(res, list | tuple) else [res]
    frames = [(r.to_frame(lang) if lang and hasattr(r, "verdicts") else r.to_frame())
              if hasattr(r, "to_frame") else r for r in items]
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    out.attrs.update(frames[0].attrs)
    return out


# --------------------------------------------------------------------------- input checks
def warning_lines(name: str, found: dict) -> list[str]:
    """One line per finding code: ``found`` maps year (None: undated) -> [(code, message)];
    the years where a code recurs are listed together, with the latest year's message."""
    by_code: dict[str, tuple[list, str]] = {}
    for y, items in found.items():
        for code, message in items:
            ys, _ = by_code.get(code, ([], ""))
            by_code[code] = ([*ys, y], message)
    lines = []
    for code, (ys, message) in by_code.items():
        dated = sorted(y for y in ys if y is not None)
        when = f" {format_years(dated)}" if dated and name.rsplit(":", 1)[-1] != str(dated[0]) else ""
        last = f" ({dated[-1]})" if len(dated) > 1 else ""
        lines.append(f"{name}{when}: {code}: {message}{last}")
    return lines


def input_warnings(source: Source, found: dict, args) -> list[str]:
    """Queue the warning findings ``found`` (year -> findings) of the tables used for stderr
    (printed by :func:`main` once the command has succeeded); returns the lines."""
    return _queue(args, warning_lines(source.name, {y: [(f.code, f.text(args.lang)) for f in fs]
                                                    for y, fs in found.items()}))


def _queue(args, lines: list[str]) -> list[str]:
    pending = getattr(args, "pending_warnings", None)
    if pending is not None:
        pending.extend(line for line in lines if line not in pending)
    return lines


def _with_warnings(frame, warnings: list[str]):
    if warnings:
        frame.attrs["warnings"] = list(warnings)
    return frame


def _one_table(args) -> tuple[Source, Any, list[str]]:
    """DATA of a command that works on one table: the source, the table, its warnings."""
    source = Source.of(args.data, year=getattr(args, "year", None), fmt=getattr(args, "format", None),
                       options=_read_options(args))
    table, found = source.load_checked(None)
    return source, table, input_warnings(source, {None if source.undated else table.year: found}, args)


# --------------------------------------------------------------------------- commands
def cmd_datasets(args) -> None:
    from gvckit.datasets import datasets

    _emit(datasets(), args)


def cmd_formats(args) -> None:
    from gvckit.readers import formats

    _emit(formats(), args)


def cmd_measures(args) -> None:
    from gvckit.measures.decompose import LEVELS_BY_METHOD
    from gvckit.measures.indicators import INDICATORS
    from gvckit.scale.panel import MEASURES

    rows = [("decompose --method/--level", f"{m}: {', '.join(lv)}") for m, lv in LEVELS_BY_METHOD.items()]
    rows += [("indicators --measures", f"{k}: {v.description}") for k, v in INDICATORS.items()]
    rows += [("panel --measures", f"{k}: {v.description}") for k, v in MEASURES.items()]
    import pandas as pd

    _emit(pd.DataFrame(rows, columns=["option", "name"]), args)


def cmd_inspect(args) -> None:
    import gvckit

    source, t, _ = _one_table(args)
    rep = gvckit.check(t)
    if args.out:
        _emit({"findings": rep.to_frame(), "countries": t.country_info, "sectors": t.sector_info}, args)
        return
    if args.quiet:
        return
    print(repr(t))
    print(f"shape: Z {t.n}x{t.n}, Y {t.n}x{len(t.fd_columns)}; unit: {t.unit or '?'}; year: {t.year}; source: {t.source}")
    print(f"countries ({t.G}): {', '.join(t.countries[:50])}{' ...' if t.G > 50 else ''}")
    print(f"sectors ({t.N}): {', '.join(t.sectors[:60])}{' ...' if t.N > 60 else ''}")
    print(f"final-demand categories: {', '.join(t.fd_categories)}")
    print(f"imports: {t.import_mode}")
    print(rep.text(args.lang))


def _codes(text: str | None):
    if not text:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return parts[0] if len(parts) == 1 else parts


def cmd_decompose(args) -> None:
    from gvckit.measures.decompose import decompose

    _, t, warnings = _one_table(args)
    kw = {k: getattr(args, k) for k in ("perspective", "approach") if getattr(args, k)}
    df = decompose(t, method=args.method, level=args.level, exporter=_codes(args.exporter),
                   importer=_codes(args.importer), **kw)
    _emit(_with_warnings(df, warnings), args)


def cmd_indicators(args) -> None:
    from gvckit.measures.indicators import indicators

    _, t, warnings = _one_table(args)
    measures = [m.strip() for m in args.measures.split(",") if m.strip()] if args.measures else None
    df = indicators(t, measures=measures, level=args.level)
    if args.region:
        countries = df.index.get_level_values("country")
        if args.region not in set(countries):
            raise UnknownNameError("region", args.region, t.countries)
        attrs = dict(df.attrs)
        df = df[countries == args.region]
        df.attrs.update(attrs)
    _emit(_with_warnings(df, warnings), args)


class _Checked:
    """The years of a source as the framework reads them: each table is loaded and checked
    once, when the framework first asks for it (a diagnosis over 1995-2011 reads six years, not
    17), and its warning findings are kept in ``found`` for :func:`input_warnings`."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.found: dict[int, list] = {}

    def __call__(self, year: int):
        table, self.found[year] = self.source.load_checked(year)
        return table


def _framework_input(source: Source, years: list[int] | None, args) -> tuple[Any, list[int] | None, Any]:
    """The data the framework will use, the years, and a function that queues (and returns) the
    warnings of the tables it read; call that after the computation."""
    if source.undated:
        if years is not None:
            source.select(years)  # raises: an undated table has no years to choose from
        t, found = source.load_checked(None)
        return t, None, lambda: input_warnings(source, {None: found}, args)
    ys = source.select(years)
    lazy, checked = _lazily_checked(source)
    return lazy, ys, lambda: input_warnings(source, dict(sorted(checked.found.items())), args)


def _lazily_checked(source: Source) -> tuple[Source, _Checked]:
    """``source`` as the framework reads it (each year loaded and checked on first use), and
    the :class:`_Checked` that keeps the findings of the years read."""
    checked = _Checked(source)
    return Source(source.name, list(source.years), "callable", checked), checked


def _check_industry(args) -> None:
    """An unknown --industry is the user's error, named with the registry's keys."""
    if args.industry is None:
        return
    from gvckit.framework.registry import industry_keys

    keys = industry_keys()
    if args.industry not in keys:
        raise UnknownNameError("industry", args.industry, keys)


def cmd_classify(args) -> None:
    from gvckit.framework.classify import classify

    _check_industry(args)

    if args.year is not None and args.years:
        raise OptionError(tr("cli_years_conflict", args.lang))
    source = Source.of(args.data, options=_read_options(args))
    years = parse_years(args.years) or ([args.year] if args.year is not None else None)
    if years is None:  # one classification: the latest year the data have
        years = source.years[-1:] or None
    data, years, read_warnings = _framework_input(source, years, args)
    res = classify(data=data, region=args.region, industry=args.industry, years=years,
                   rules=args.rules)
    warnings = read_warnings()
    _emit(_with_warnings(_frames(res, args.lang), warnings), args, meta={"warnings": warnings} if warnings else None)


def _diagnosis_line(d, lang: str) -> str:
    """One line per diagnosis: where it stands on the paper's path, with its confidence."""
    from gvckit.framework.render import verdict_line

    return f"{d.industry} ({d.region}, {d.period}): {verdict_line(d.verdicts['dim_point'], lang)}"


def _verdict_table(results, lang: str):
    """One row per result and dimension: the label, its confidence and what would flip it."""
    from gvckit.framework.render import verdict_rows

    t = verdict_rows(results, lang)
    words = ["dimension", "label", "confidence", "flipped_by"]  # the words, not the keys
    return t.drop(columns=words).rename(columns={f"{c}_text": c for c in words})


def cmd_diagnose(args) -> None:
    from gvckit.framework.diagnose import diagnose

    _check_industry(args)
    data, years, read_warnings = _framework_input(Source.of(args.data, options=_read_options(args)),
                                                  parse_years(args.years), args)
    res = diagnose(data=data, region=args.region, industry=args.industry, years=years,
                   rules=args.rules, evidence=args.evidence_file)
    warnings = read_warnings()
    table = _with_warnings(_verdict_table(res, args.lang), warnings)
    if args.out:  # the verdict itself, then the files holding it (and its evidence)
        for d in res:
            _say(args, _diagnosis_line(d, args.lang))
    if not args.evidence:
        _emit(table, args)
        return
    evidence = _with_warnings(_frames(list(res), args.lang), warnings)
    _emit({"diagnosis": table, "evidence": evidence}, args)


def bundled_report_analysis(data: str, region: str, years: list[int] | None, rules, evidence,
                            quiet: bool = True):
    """The report's analysis of a bundled dataset with the warning findings of the tables it
    read (year -> [Finding], each printable in either language), computed together so that the result cache
    (:mod:`gvckit.resultcache`) keeps both: a cached report still prints its input's warnings."""
    from gvckit.report_job import analyse

    source = Source.of(data)
    ys = source.select(years)
    lazy, checked = _lazily_checked(source)
    a = analyse(lazy, region, ys, quiet=quiet, rules=rules, evidence=evidence)
    return a, {y: list(fs) for y, fs in sorted(checked.found.items())}


def cmd_report(args) -> None:
    from contextlib import nullcontext

    from gvckit.outputs.drawing import drawing_process
    from gvckit.report_job import drawing_tools, report, shared_tools
    from gvckit.resultcache import cached, suspended

    source = Source.of(args.data, options=_read_options(args))
    # the figures are drawn by a process forked now, which loads matplotlib meanwhile
    with drawing_process(drawing_tools, shared_tools), suspended() if args.no_cache else nullcontext():
        if source.kind == "dataset" and not source.undated:
            a, found = cached(bundled_report_analysis, args.data, args.region, parse_years(args.years),
                              args.rules, args.evidence_file, quiet=args.quiet, ignore=("quiet",))
            path = report(region=args.region, lang=args.lang, out=args.out, analysis=a)
            input_warnings(source, found, args)
        else:
            data, years, read_warnings = _framework_input(source, parse_years(args.years), args)
            path = report(data, region=args.region, years=years, lang=args.lang, out=args.out,
                          quiet=args.quiet, rules=args.rules, evidence=args.evidence_file)
            read_warnings()
    _say(args, os.fspath(path))


def cmd_demo(args) -> None:
    from gvckit.app.demo_summary import export_content
    from gvckit.report_job import demo

    paths = demo(out_dir=args.out_dir, quiet=args.quiet)
    if not args.quiet:
        print(export_content("CHN", 2011).summary())
        print()
        for p in paths:
            print(os.fspath(p))


def cmd_panel(args) -> None:
    from gvckit.scale.panel import run_panel

    measures = [m.strip() for m in args.measures.split(",") if m.strip()] if args.measures else None
    res = run_panel(args.data, years=parse_years(args.years), measures=measures, out=args.out_dir,
                    scheduler=args.scheduler, retries=args.retries, quiet=args.quiet,
                    memory_limit=args.memory_limit, n_workers=args.workers, cache_dir=args.cache_dir,
                    region=args.region, rules=args.rules)
    _queue(args, warning_lines(args.data, res.warnings))
    _say(args, res.summary())
    if not res.ok:
        raise PanelFailed(tr("cli_panel_failed", "en", n=len(res.failures), out=args.out_dir))


def cmd_cache(args) -> None:
    from gvckit import resultcache as rc
    from gvckit.scale.memory import format_bytes

    size, n = rc.usage()
    if args.clear:
        rc.clear()
        _say(args, tr("cli_cache_cleared", args.lang, results=n, size=format_bytes(size),
                      location=os.fspath(rc.location())))
        return
    cap = rc.limit()
    state = (tr("cli_cache_on", args.lang) if rc.enabled() else
             tr("cli_cache_off", args.lang, env_switch=rc.ENV_SWITCH, value=os.environ.get(rc.ENV_SWITCH, "")))
    _say(args, tr("cli_cache_info", args.lang, location=os.fspath(rc.location()), results=n,
                  size=format_bytes(size), env_max=rc.ENV_MAX, state=state,
                  limit=tr("cli_cache_unlimited", args.lang) if cap is None else format_bytes(cap)))


def _args_cache(p, lang):
    p.add_argument("--clear", action="store_true", help=tr("cli_opt_cache_clear", lang))


def cmd_serve(args) -> None:
    from gvckit.web.server import serve

    serve(args.host, args.port, cache_dir=args.cache_dir, max_upload_mb=args.max_upload_mb,
          scheduler=args.scheduler, workers=args.workers, quiet=args.quiet, lang=args.lang)


# --------------------------------------------------------------------------- arguments
def _lang_of(argv: Sequence[str]) -> str:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            return argv[i + 1]
        if a.startswith("--lang=") and a.split("=", 1)[1] in LANGS:
            return a.split("=", 1)[1]
    env = os.environ.get("GVCKIT_LANG", "en")
    return env if env in LANGS else "en"


def _names(values) -> str:
    return ", ".join(str(v) for v in values)


def _out(p, lang: str) -> None:
    from gvckit.outputs.formats import FORMATS

    p.add_argument("--out", metavar="FILE", help=tr("cli_opt_out", lang, formats=_names(FORMATS)))


def _data(p, lang: str, *, optional: bool = False) -> None:
    kw: dict[str, Any] = {"nargs": "?", "default": "wiod2013"} if optional else {}
    p.add_argument("data", metavar="DATA", help=tr("cli_opt_data", lang, datasets=_names(DATASETS)), **kw)
    p.add_argument("--member", metavar="NAME", help=tr("cli_opt_member", lang))
    p.add_argument("--meld", action="store_true", help=tr("cli_opt_meld", lang))


def _read_options(args) -> dict[str, Any]:
    """The reader options the user gave (--member, --meld), for files only."""
    out: dict[str, Any] = {}
    if getattr(args, "member", None):
        out["member"] = args.member
    if getattr(args, "meld", False):
        out["meld"] = True
    return out


def _args_inspect(p, lang):
    from gvckit.app.choices import READ_FORMATS

    _data(p, lang)
    p.add_argument("--year", type=int, help=tr("cli_opt_year", lang))
    p.add_argument("--format", help=tr("cli_opt_format", lang, formats=_names(READ_FORMATS)))
    _out(p, lang)


def _args_decompose(p, lang):
    from gvckit.app.choices import DECOMPOSE_METHODS as METHODS
    from gvckit.app.choices import LEVELS

    _data(p, lang)
    p.add_argument("--method", default="bm", help=tr("cli_opt_method", lang, choices=_names(METHODS), default="bm"))
    p.add_argument("--level", default="country", help=tr("cli_opt_level", lang, choices=_names(LEVELS), default="country"))
    p.add_argument("--exporter", help=tr("cli_opt_exporter", lang))
    p.add_argument("--importer", help=tr("cli_opt_importer", lang))
    p.add_argument("--perspective", help=tr("cli_opt_perspective", lang, choices="exporter, world"))
    p.add_argument("--approach", help=tr("cli_opt_approach", lang, choices="source, sink"))
    p.add_argument("--year", type=int, help=tr("cli_opt_year", lang))
    _out(p, lang)


def _args_indicators(p, lang):
    from gvckit.measures.indicators import ALIASES, INDICATORS

    _data(p, lang)
    names = [f"{k}{'*' if v.default else ''}" for k, v in INDICATORS.items()]
    names += [f"{a} (= {b})" for a, b in ALIASES.items()]
    p.add_argument("--measures", help=tr("cli_opt_measures_ind", lang, choices=_names(names)))
    p.add_argument("--level", default="sector", help=tr("cli_opt_level", lang, choices="sector, country", default="sector"))
    p.add_argument("--region", help=tr("cli_opt_region_keep", lang))
    p.add_argument("--year", type=int, help=tr("cli_opt_year", lang))
    _out(p, lang)


def _industries() -> str:
    """The paper's industry keys for --help, read from the registry's own CSV without importing
    gvckit.framework (whose classification code is what the command runs, not its help);
    tests/test_app_cli.py checks they equal ``registry.industry_keys()``."""
    import csv
    import io
    from importlib import resources

    text = resources.files("gvckit").joinpath("framework", "data", "industries.csv").read_text("utf-8")
    return _names(r["key"] for r in csv.DictReader(io.StringIO(text)))


def _rule_set_names() -> list[str]:
    """The shipped rule sets for --help, listed from the package folder without importing
    gvckit.framework (test_app_cli checks they equal ``ruleset.rule_set_names()``)."""
    from importlib import resources

    d = resources.files("gvckit").joinpath("framework", "rulesets")
    return sorted(p.name[:-5] for p in d.iterdir() if p.name.endswith(".toml"))


def _rules(p, lang: str, *, evidence: bool = False) -> None:
    p.add_argument("--rules", default="paper", metavar="NAME|FILE",
                   help=tr("cli_opt_rules", lang, choices=_names(_rule_set_names())))
    if evidence:
        p.add_argument("--evidence-file", metavar="FILE", help=tr("cli_opt_evidence_file", lang))


def _args_classify(p, lang):
    _data(p, lang, optional=True)
    p.add_argument("--region", default="CHN", help=tr("cli_opt_region", lang))
    p.add_argument("--industry", help=tr("cli_opt_industry", lang, choices=_industries()))
    p.add_argument("--year", type=int, help=tr("cli_opt_year", lang))
    p.add_argument("--years", help=tr("cli_opt_years_avg", lang))
    _rules(p, lang)
    _out(p, lang)


def _args_diagnose(p, lang):
    _data(p, lang, optional=True)
    p.add_argument("--region", default="CHN", help=tr("cli_opt_region", lang))
    p.add_argument("--industry", help=tr("cli_opt_industry", lang, choices=_industries()))
    p.add_argument("--years", help=tr("cli_opt_years_all", lang))
    p.add_argument("--evidence", action="store_true", help=tr("cli_opt_evidence", lang))
    _rules(p, lang, evidence=True)
    _out(p, lang)


def _args_report(p, lang):
    _data(p, lang, optional=True)
    p.add_argument("--region", default="CHN", help=tr("cli_opt_region", lang))
    p.add_argument("--years", help=tr("cli_opt_years_all", lang))
    _rules(p, lang, evidence=True)
    p.add_argument("--out", metavar="FILE", default="report.html", help=tr("cli_opt_report_out", lang))
    p.add_argument("--no-cache", action="store_true", help=tr("cli_opt_no_cache", lang))


def _args_demo(p, lang):
    p.add_argument("--out-dir", default="gvckit-demo", help=tr("cli_opt_out_dir", lang))


def _args_panel(p, lang):
    from gvckit.app.choices import PANEL_DEFAULT_MEASURES as DEFAULT_MEASURES
    from gvckit.app.choices import PANEL_MEASURES as MEASURES
    from gvckit.scale.memory import WORKER_FOOTPRINT, format_bytes

    _data(p, lang)
    p.add_argument("--years", help=tr("cli_opt_years_all", lang))
    p.add_argument("--measures", help=tr("cli_opt_measures_panel", lang, choices=_names(MEASURES),
                                         default=_names(DEFAULT_MEASURES)))
    p.add_argument("--out", dest="out_dir", default="results", help=tr("cli_opt_panel_out", lang))
    p.add_argument("--scheduler", help=tr("cli_opt_scheduler", lang))
    p.add_argument("--retries", type=int, default=2, help=tr("cli_opt_retries", lang))
    p.add_argument("--memory-limit", help=tr("cli_opt_memory_limit", lang, footprint=format_bytes(WORKER_FOOTPRINT)))
    p.add_argument("--workers", type=int, help=tr("cli_opt_workers", lang))
    p.add_argument("--cache-dir", help=tr("cli_opt_cache_dir", lang))
    p.add_argument("--region", default="CHN", help=tr("cli_opt_region", lang))
    _rules(p, lang)


def _args_serve(p, lang):
    p.add_argument("--host", default="127.0.0.1", help=tr("cli_opt_host", lang, default="127.0.0.1"))
    p.add_argument("--port", type=int, default=8765, help=tr("cli_opt_port", lang, default=8765))
    p.add_argument("--cache-dir", help=tr("cli_opt_web_cache_dir", lang, default="~/.cache/gvckit/web"))
    p.add_argument("--max-upload-mb", type=float, default=50.0,
                   help=tr("cli_opt_max_upload_mb", lang, default=50))
    p.add_argument("--scheduler", help=tr("cli_opt_web_scheduler", lang))
    p.add_argument("--workers", type=int, default=2, help=tr("cli_opt_web_workers", lang, default=2))


@dataclass(frozen=True)
class Command:
    """A subcommand: what it runs, the Python call it stands for, how its arguments are added."""

    func: Callable[[argparse.Namespace], None]
    python: str
    arguments: Callable[[argparse.ArgumentParser, str], None] | None = None


COMMANDS: dict[str, Command] = {
    "demo": Command(cmd_demo, 'gvckit.demo(out_dir="gvckit-demo")', _args_demo),
    "datasets": Command(cmd_datasets, "gvckit.datasets()", lambda p, lang: _out(p, lang)),
    "formats": Command(cmd_formats, "gvckit.readers.formats()", lambda p, lang: _out(p, lang)),
    "measures": Command(cmd_measures, "gvckit.measures.indicators.INDICATORS, "
                        "gvckit.measures.decompose.LEVELS_BY_METHOD, gvckit.scale.panel.MEASURES",
                        lambda p, lang: _out(p, lang)),
    "inspect": Command(cmd_inspect, "gvckit.read(FILE) and gvckit.check(table)", _args_inspect),
    "decompose": Command(cmd_decompose, "gvckit.decompose(table, method=..., level=..., exporter=...)",
                         _args_decompose),
    "indicators": Command(cmd_indicators, "gvckit.indicators(table, measures=[...], level=...)",
                          _args_indicators),
    "classify": Command(cmd_classify, "gvckit.framework.classify(data, region=..., industry=..., years=...)",
                        _args_classify),
    "diagnose": Command(cmd_diagnose, "gvckit.framework.diagnose(data, region=..., industry=..., years=...)",
                        _args_diagnose),
    "report": Command(cmd_report, "gvckit.report(data, region=..., years=..., lang=..., out=...)", _args_report),
    "panel": Command(cmd_panel, "gvckit.run_panel(data, years=..., measures=..., out=...)", _args_panel),
    "serve": Command(cmd_serve, "gvckit.web.server.serve(host=..., port=...)", _args_serve),
    "cache": Command(cmd_cache, "gvckit.resultcache.usage(), .clear()", _args_cache),
}


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``gvckit CMD: error: ... (see gvckit CMD --help)``."""

    lang = "en"

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, tr("cli_usage_error", self.lang, prog=self.prog, message=message) + "\n")


def _common(p: argparse.ArgumentParser, lang: str, *, sub: bool = False) -> None:
    """--lang, --quiet and --debug, before the command or after it. A subcommand's parser sets
    them only when they are given there (``argparse.SUPPRESS``): its defaults would otherwise
    overwrite what ``gvckit --lang zh COMMAND`` set before the command."""
    default = os.environ.get("GVCKIT_LANG", "en")
    keep = {"default": argparse.SUPPRESS} if sub else {}
    p.add_argument("--lang", choices=list(LANGS), help=tr("cli_opt_lang", lang, choices=_names(LANGS), default="en"),
                   **(keep or {"default": default if default in LANGS else "en"}))
    p.add_argument("--quiet", action="store_true", help=tr("cli_opt_quiet", lang), **keep)
    p.add_argument("--debug", action="store_true", help=tr("cli_opt_debug", lang), **keep)


def build_parser(command: str | None = "*", lang: str = "en") -> argparse.ArgumentParser:
    """The parser; ``command`` names the one subcommand whose arguments are built (``"*"``:
    all of them, as the docs and tests use; ``None``: none, for ``gvckit --help``)."""
    _Parser.lang = lang
    parser = _Parser(prog="gvckit", description=tr("cli_description", lang, datasets=_names(DATASETS)))
    _common(parser, lang)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, cmd in COMMANDS.items():
        help_ = tr(f"cli_cmd_{name}", lang)
        p = sub.add_parser(name, help=help_,
                           description=f"{help_}. {tr('cli_python', lang, call=cmd.python)}")
        _common(p, lang, sub=True)
        p.set_defaults(func=cmd.func)
        if cmd.arguments is not None and command in ("*", name):
            cmd.arguments(p, lang)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    skip = False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "--lang":
            skip = True
        elif a in COMMANDS:
            return a
        elif not a.startswith("-"):
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0, 2 user error, 1 bug, 130 interrupted)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(argv)
    debug = "--debug" in argv
    try:
        parser = build_parser(_command_in(argv), lang)
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help()
            return 0
        args.pending_warnings = []
        args.func(args)
        if not args.quiet:  # warnings of a command that failed would only hide its error line
            for line in args.pending_warnings:
                print(tr("cli_warning", lang, message=line), file=sys.stderr)
    except GvckitError as exc:
        if debug:
            raise
        print(tr("cli_error", lang, message=" ".join(str(exc).split())), file=sys.stderr)
        return 2
    except OSError as exc:  # the user's path: missing, a folder, not writable, disk full
        if debug:
            raise
        if isinstance(exc, BrokenPipeError):  # output piped into `head` and closed: not an error
            sys.stderr.close()
            return 0
        if not exc.filename:
            print(tr("cli_bug", lang, message=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
            return 1
        print(tr("cli_error", lang, message=f"{exc.filename}: {exc.strerror}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(tr("cli_interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: one clear line, traceback with --debug
        if debug:
            raise
        print(tr("cli_bug", lang, message=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
