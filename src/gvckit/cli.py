"""The ``gvckit`` command line.

Every command is a thin layer over one Python call (shown in its ``--help``). DATA is a bundled
dataset with a year (``wiod2013:2011``, ``china_nbs:2017``, ``china_nbs:2012:detailed``) or the
path of a file that :func:`gvckit.read` understands. Errors are one line on stderr with a non-zero
exit code (2 for a user error, 1 for anything else); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

import pandas as pd

from gvckit.dataspec import framework_data, load_data
from gvckit.errors import GvckitError, InputError

__all__ = ["main", "load_data", "parse_years"]


class PanelFailed(GvckitError):
    """Some tasks of a panel run failed (the others are kept)."""


# --------------------------------------------------------------------------- helpers
def parse_years(text: str | None) -> list[int] | None:
    """``"1995-2011"`` -> [1995, ..., 2011]; ``"1995,2003,2011"`` -> list; None -> None."""
    if not text:
        return None
    out: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            bounds = [int(b) for b in part.split("-", 1)]
        except ValueError:
            raise InputError(f"bad years {text!r}; write e.g. 1995-2011 or 1995,2003,2011") from None
        if len(bounds) == 2:
            if bounds[1] < bounds[0]:
                raise InputError(f"bad year range {part!r}: the end is before the start")
            out.extend(range(bounds[0], bounds[1] + 1))
        else:
            out.append(bounds[0])
    return out


def _frames(res) -> pd.DataFrame:
    """A result object (or a list of them) with ``to_frame()`` as one frame."""
    items = res if isinstance(res, list | tuple) else [res]
    frames = [r.to_frame() if hasattr(r, "to_frame") else r for r in items]
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    out.attrs.update(frames[0].attrs)
    return out


def _emit(result, args, name: str = "result") -> None:
    """Write a frame (or dict of frames) to --out, or print it."""
    if getattr(args, "out", None):
        from gvckit.outputs.export import write

        path = write(result, args.out, lang=args.lang)
        if not args.quiet:
            print(path)
        return
    if isinstance(result, dict):
        for key, frame in result.items():
            print(f"== {key}")
            print(_fmt_frame(frame))
        return
    print(_fmt_frame(result))


def _fmt_frame(frame) -> str:
    if isinstance(frame, pd.DataFrame | pd.Series):
        with pd.option_context("display.max_rows", 200, "display.max_columns", 30, "display.width", 160):
            return frame.to_string(max_rows=200)
    return str(frame)


def progress(iterable, *, total: int | None = None, desc: str = "", quiet: bool = False):
    """A tqdm progress bar on a terminal; silent when stderr is not a terminal or with --quiet."""
    from tqdm import tqdm

    disable = quiet or not sys.stderr.isatty()
    return tqdm(iterable, total=total, desc=desc, disable=disable, leave=False)


# --------------------------------------------------------------------------- commands
def cmd_datasets(args) -> None:
    """gvckit.datasets()"""
    _emit(__import__("gvckit").datasets(), args)


def cmd_formats(args) -> None:
    """gvckit.readers.formats()"""
    from gvckit.readers import formats

    _emit(formats(), args)


def cmd_inspect(args) -> None:
    """gvckit.read(FILE) and gvckit.check(table)"""
    import gvckit

    t = load_data(args.data, year=args.year, fmt=args.format)
    rep = gvckit.check(t)
    if args.out:
        _emit({"findings": rep.to_frame(), "countries": t.country_info, "sectors": t.sector_info}, args)
        return
    print(repr(t))
    print(f"shape: Z {t.n}x{t.n}, Y {t.n}x{len(t.fd_columns)}; unit: {t.unit or '?'}; year: {t.year}; source: {t.source}")
    print(f"countries ({t.G}): {', '.join(t.countries[:50])}{' ...' if t.G > 50 else ''}")
    print(f"sectors ({t.N}): {', '.join(t.sectors[:60])}{' ...' if t.N > 60 else ''}")
    print(f"final-demand categories: {', '.join(t.fd_categories)}")
    print(f"imports: {t.import_mode}")
    print(str(rep))


def cmd_decompose(args) -> None:
    """gvckit.decompose(table, method=..., level=..., exporter=...)"""
    from gvckit.measures.decompose import decompose

    t = load_data(args.data, year=args.year)
    exporter = args.exporter.split(",") if args.exporter and "," in args.exporter else args.exporter
    importer = args.importer.split(",") if args.importer and "," in args.importer else args.importer
    kw = {}
    if args.perspective:
        kw["perspective"] = args.perspective
    if args.approach:
        kw["approach"] = args.approach
    df = decompose(t, method=args.method, level=args.level, exporter=exporter, importer=importer, **kw)
    _emit(df, args)


def cmd_indicators(args) -> None:
    """gvckit.indicators(table, measures=[...])"""
    from gvckit.measures.indicators import indicators

    t = load_data(args.data, year=args.year)
    measures = [m.strip() for m in args.measures.split(",")] if args.measures else None
    df = indicators(t, measures=measures, level=args.level)
    if args.region:
        countries = df.index.get_level_values("country")
        if args.region not in set(countries):
            raise InputError(f"unknown region {args.region!r}; the table has {t.countries}")
        attrs = dict(df.attrs)
        df = df[countries == args.region]
        df.attrs.update(attrs)
    _emit(df, args)


def cmd_classify(args) -> None:
    """gvckit.classify(region=..., industry=..., year=...)"""
    years = parse_years(args.years) or ([args.year] if args.year else None)
    from gvckit.framework.classify import classify

    res = classify(data=framework_data(args.data), region=args.region, industry=args.industry, years=years)
    _emit(_frames(res), args)


def cmd_diagnose(args) -> None:
    """gvckit.diagnose(region=..., industry=..., years=...)"""
    years = parse_years(args.years)
    from gvckit.framework.diagnose import diagnose

    res = diagnose(data=framework_data(args.data), region=args.region, industry=args.industry, years=years)
    if args.evidence:
        items = res if isinstance(res, list) else [res]
        _emit({d.industry: d.evidence for d in items}, args)
        return
    _emit(_frames(res), args)


def cmd_report(args) -> None:
    """gvckit.report(data, region=..., years=..., lang=..., out=...)"""
    years = parse_years(args.years)
    from gvckit.report_job import report

    path = report(args.data, region=args.region, years=years, lang=args.lang, out=args.out, quiet=args.quiet)
    if not args.quiet:
        print(path)


def cmd_demo(args) -> None:
    """gvckit.demo(out_dir="gvckit-demo")"""
    try:
        from gvckit.report_job import demo
    except ImportError:
        demo = None
    if demo is None:
        from gvckit.demo_summary import export_content

        print(export_content("CHN", 2011).summary())
        return
    paths = demo(out_dir=args.out_dir, quiet=args.quiet)
    if not args.quiet:
        from gvckit.demo_summary import export_content

        print(export_content("CHN", 2011).summary())
        print()
        for p in paths:
            print(p)


def cmd_panel(args) -> None:
    """gvckit.panel(data, years=..., measures=..., out=...)"""
    from gvckit.panel import run_panel

    years = parse_years(args.years)
    measures = [m.strip() for m in args.measures.split(",")] if args.measures else None
    res = run_panel(args.data, years=years, measures=measures, out=args.out_dir, scheduler=args.scheduler,
                    retries=args.retries, quiet=args.quiet, memory_limit=args.memory_limit,
                    n_workers=args.workers, cache_dir=args.cache_dir)
    if not args.quiet:
        print(res.summary())
    if not res.ok:
        raise PanelFailed(f"{len(res.failures)} task(s) failed; rerun the same command to retry them "
                          f"(completed years are kept in {args.out_dir})")


# --------------------------------------------------------------------------- parser
class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``gvckit CMD: error: ... (see gvckit CMD --help)``."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["zh", "en"], default=os.environ.get("GVCKIT_LANG", "en"),
                   help="language of labels and reports (default: en)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors; no progress bars")
    p.add_argument("--debug", action="store_true", help="show the full traceback on errors")


def _out(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", metavar="FILE",
                   help="write the result to FILE; the extension picks the format: .xlsx, .dta, .parquet, .csv, .json")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gvckit",
        description="Where an industry or industrial cluster sits in global value chains: "
        "value added in trade, GVC participation and position, and the upgrading framework of "
        "the Zhejiang-cluster paper. DATA is a bundled dataset with a year (wiod2013:2011, "
        "china_nbs:2017) or a file path.",
    )
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, func: Callable, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=f"{help_}. Python: {func.__doc__}")
        _common(p)
        p.set_defaults(func=func)
        return p

    p = add("demo", cmd_demo, "run the main job on the bundled data and write the report and workbook")
    p.add_argument("--out-dir", default="gvckit-demo", help="folder for the report and workbook (default: ./gvckit-demo)")

    p = add("datasets", cmd_datasets, "list the bundled datasets")
    _out(p)
    p = add("formats", cmd_formats, "list the file formats gvckit reads")
    _out(p)

    p = add("inspect", cmd_inspect, "read a table and print its shape, labels, unit and input-check findings")
    p.add_argument("data", metavar="DATA")
    p.add_argument("--year", type=int)
    p.add_argument("--format", help="force a reader (see `gvckit formats`)")
    _out(p)

    p = add("decompose", cmd_decompose, "decompose gross exports into value-added terms")
    p.add_argument("data", metavar="DATA")
    p.add_argument("--method", default="bm", choices=["bm", "kww", "wwz", "tiva", "hiy", "vax"])
    p.add_argument("--level", default="country", choices=["country", "sector", "bilateral", "bilateral_sector"])
    p.add_argument("--exporter", help="one exporter code or a comma-separated list")
    p.add_argument("--importer", help="one importer code or a comma-separated list")
    p.add_argument("--perspective", choices=["exporter", "world"], help="Borin-Mancini perspective")
    p.add_argument("--approach", choices=["source", "sink"], help="Borin-Mancini approach")
    p.add_argument("--year", type=int)
    _out(p)

    p = add("indicators", cmd_indicators, "GVC indicators by country-sector")
    p.add_argument("data", metavar="DATA")
    p.add_argument("--measures", help="comma-separated: participation,position,length,upstreamness,nrca,vax (default: all)")
    p.add_argument("--level", choices=["sector", "country"], default="sector")
    p.add_argument("--region", help="keep one country (region) only")
    p.add_argument("--year", type=int)
    _out(p)

    p = add("classify", cmd_classify, "place industries on the paper's typology (Table 1) from measured evidence")
    p.add_argument("data", metavar="DATA", nargs="?", default="wiod2013")
    p.add_argument("--region", default="CHN")
    p.add_argument("--industry", help="an industry of the paper's registry (default: all 11)")
    p.add_argument("--year", type=int)
    p.add_argument("--years", help="e.g. 2003-2005 (averaged)")
    _out(p)

    p = add("diagnose", cmd_diagnose, "place industries on the upgrading path A-E and name the upgrading observed")
    p.add_argument("data", metavar="DATA", nargs="?", default="wiod2013")
    p.add_argument("--region", default="CHN")
    p.add_argument("--industry", help="an industry of the paper's registry (default: all 11)")
    p.add_argument("--years", help="e.g. 1995-2011 (default: every year the data have)")
    p.add_argument("--evidence", action="store_true", help="print the evidence table of each diagnosis")
    _out(p)

    p = add("report", cmd_report, "write the bilingual upgrading report (self-contained HTML)")
    p.add_argument("data", metavar="DATA", nargs="?", default="wiod2013")
    p.add_argument("--region", default="CHN")
    p.add_argument("--years", help="e.g. 1995-2011 (default: every year the data have)")
    p.add_argument("--out", metavar="FILE", default="report.html", help="the report file (.html)")

    p = add("panel", cmd_panel, "run measures for many years on Dask, resumable, into a Parquet dataset")
    p.add_argument("data", metavar="DATA", help="a bundled dataset name (wiod2013) or a folder/glob of files")
    p.add_argument("--years", help="e.g. 1995-2011")
    p.add_argument("--measures", help="comma-separated measures (default: all)")
    p.add_argument("--out", dest="out_dir", default="results", help="output folder (Parquet dataset)")
    p.add_argument("--scheduler", help="address of an existing Dask scheduler (default: a local cluster)")
    p.add_argument("--retries", type=int, default=2, help="retries per failed task (default: 2)")
    p.add_argument("--memory-limit", help="memory per worker, e.g. 4GB (default: machine memory / workers)")
    p.add_argument("--workers", type=int, help="number of local workers (default: one per core)")
    p.add_argument("--cache-dir", help="store and reuse factorisations here, keyed by table content")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        args.func(args)
    except GvckitError as exc:
        if args.debug:
            raise
        print(f"gvckit: error: {str(exc).strip()}", file=sys.stderr)
        return 2
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        if args.debug:
            raise
        print(f"gvckit: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # pragma: no cover
        print("gvckit: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one clear line, traceback with --debug
        if args.debug:
            raise
        print(f"gvckit: error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
