"""Many years of a table on Dask distributed: resumable, cached, memory-bounded runs.

:func:`run_panel` turns each (table, year) into one task. A task loads that year's table, builds
*one* :class:`gvckit.Model` (one LU factorisation of ``I - A``, optionally reloaded from a
:class:`~gvckit.scale.cache.FactorCache`) shared by every measure of the year, computes the
measures that are not already complete, and writes each result atomically to a Parquet dataset::

    out/measure=<m>/year=<y>/part.parquet     # the tidy result, index as columns
    out/measure=<m>/year=<y>/_meta.json       # gvckit version, table hash, params, timing, host, status

Rerunning the same call skips every partition whose metadata says ``ok`` with the same table
content hash and parameters (and whose Parquet file still has the recorded SHA-256). A failing task
is retried ``retries`` times; the other years are kept and :meth:`PanelResult.summary` lists the
failures with their reasons. Before computing, each task estimates its peak memory from the table
size and refuses with :class:`~gvckit.scale.memory.MemoryLimitError` if that is over the worker's
limit.

Measures are looked up in :data:`MEASURES` by name; :func:`measures` lists them. They are the
decompositions of :func:`gvckit.measures.decompose.decompose` (``<method>_<level>``, e.g.
``kww_country``, ``wwz_bilateral_sector``), the indicators of
:func:`gvckit.measures.indicators.indicators` (``indicators``) and ``va_exports`` (domestic and
foreign value added in gross exports by country-sector, computed from ``m.VB_country`` and ``m.e``
directly: a cheap measure that needs no other module).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
import shutil
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from gvckit.app.progress import progress
from gvckit.app.source import Source
from gvckit.errors import GvckitError, InputError, UnknownNameError
from gvckit.leontief import Model
from gvckit.measures.tidy import result_frame
from gvckit.scale import store
from gvckit.scale.cache import FactorCache, table_hash
from gvckit.scale.memory import (
    WORKER_FOOTPRINT,
    MemoryLimitError,
    check_memory,
    format_bytes,
    parse_bytes,
    process_bytes,
    usable_fraction,
)

__all__ = [
    "run_panel",
    "PanelResult",
    "Measure",
    "MEASURES",
    "measures",
    "register",
    "estimate_task_bytes",
    "MemoryLimitError",
    "va_exports",
]

log = logging.getLogger(__name__)

#: dense GN x GN float64 arrays every task holds: Z (the table), A and the LU factors of I - A
BASE_ARRAYS = 3


# --------------------------------------------------------------------------- measures
@dataclass(frozen=True)
class Measure:
    """A measure the panel can run: ``func(model) -> tidy DataFrame``.

    ``dense`` is the number of extra GN x GN float64 arrays it forms at its peak (``B`` counts one;
    measures that only solve count zero); ``cols`` the number of result columns, and ``rows`` one
    of ``"n"`` (one row per country-sector), ``"G"``, ``"GG"``, ``"nG"`` (per exporter-sector and
    partner) for the memory estimate.
    """

    name: str
    func: Callable[[Model], pd.DataFrame]
    dense: int = 0
    rows: str = "n"
    cols: int = 20
    description: str = ""
    stream: tuple[str, str, int] | None = None  # (method, level, exporters per chunk)
    #: A framework measure: ``func(model, *, source, year, region, rules)``; it may read other
    #: years of ``source`` (emergence growth, window variants) and its results depend on the
    #: panel's ``region`` and ``rules``, which are part of its partition's parameters.
    framework: bool = False

    def estimate(self, n: int, G: int) -> int:
        """Bytes this measure adds to a task's peak for a table of n country-sectors, G countries."""
        nrows = {"n": n, "G": G, "GG": G * G, "nG": n * G}.get(self.rows, n)
        return 8 * (self.dense * n * n + 2 * nrows * self.cols)


def va_exports(model: Model) -> pd.DataFrame:
    """Domestic and foreign value added in gross exports, by exporting country-sector.

    With ``VB_c`` (G x GN) the value-added multipliers collapsed by source country,
    ``VB_c[t, j] = sum_{i in t} v_i B_ij``, and ``e`` gross exports:

    ``DVA_j = VB_c[s(j), j] e_j``,  ``FVA_j = sum_{t != s(j)} VB_c[t, j] e_j``.

    One transposed solve with G right-hand sides; ``B`` is never formed. With residual value
    added in a world table ``DVA + FVA = EXGR`` (columns of ``V B`` sum to one). For a
    single-country open table, DVA uses the domestic coefficients (non-competitive imports, or
    import proportionality for competitive ones) of
    :func:`gvckit.measures.single_country.domestic_va_in_exports`, and ``FVA = EXGR - DVA``.

    References
    ----------
    Hummels, D., Ishii, J. and Yi, K.-M. (2001), JIE 54(1), 75-96 (FVA is their vertical
    specialisation VS); Koopman, Wang and Wei (2014), AER 104(2).

    Examples
    --------
    >>> import gvckit
    >>> t = gvckit.ICIO([[10, 2], [3, 10]], [[20, 5], [4, 30]], countries=["A", "B"], sectors=["s"])
    >>> df = va_exports(gvckit.Model(t))
    >>> bool(((df.DVA + df.FVA) - df.EXGR).abs().max() < 1e-12)
    True
    """
    m = model
    if m.table.is_open:
        return _va_exports_open(m)
    e = m.e
    VBc = m.VB_country
    own = VBc[m.country_of, np.arange(m.n)]
    return result_frame(
        {"EXGR": e, "DVA": own * e, "FVA": (VBc.sum(axis=0) - own) * e},
        m.table.index.set_names(["exporter", "sector"]),
        table=m.table,
        method="va_exports",
        level="sector",
        references="Hummels, Ishii & Yi (2001), JIE 54(1); Koopman, Wang & Wei (2014), AER 104(2)",
    )


def _va_exports_open(model: Model) -> pd.DataFrame:
    """A single-country open table: the within-table ``V B`` would count imported inputs as
    domestic (competitive imports) or leave them out, so DVA comes from
    :func:`gvckit.measures.single_country.domestic_va_in_exports` (domestic coefficients) and
    ``FVA = EXGR - DVA``."""
    from gvckit.measures.single_country import domestic_va_in_exports

    t = model.table
    if t.G != 1:
        raise InputError(f"va_exports needs a world table or a single-country table; this open table has {t.G} countries")
    d = domestic_va_in_exports(t)
    e, dva = d["exports"].to_numpy(), d["DVA"].to_numpy()
    return result_frame(
        {"EXGR": e, "DVA": dva, "FVA": e - dva},
        t.index.set_names(["exporter", "sector"]),
        table=t, method="va_exports", level="sector",
        references="Hummels, Ishii & Yi (2001), JIE 54(1); gvckit.measures.single_country",
        imports=d.attrs.get("imports", d.attrs.get("method", "")),
    )


def _decompose_measure(method: str, level: str) -> Callable[[Model], pd.DataFrame]:
    def run(model: Model) -> pd.DataFrame:
        from gvckit.measures.decompose import decompose

        return decompose(model, method=method, level=level)

    run.__name__ = f"{method}_{level}"
    run.__qualname__ = run.__name__
    return run


def _indicators(model: Model, level: str = "sector") -> pd.DataFrame:
    from gvckit.measures.indicators import indicators

    return indicators(model, level=level)


def _indicators_country(model: Model) -> pd.DataFrame:
    return _indicators(model, level="country")


#: name -> Measure. Extend with :func:`register`.
MEASURES: dict[str, Measure] = {
    "va_exports": Measure("va_exports", va_exports, dense=0, rows="n", cols=3,
                          description="DVA and FVA in gross exports by country-sector (from V B and e)"),
}
_ROWS = {"country": "G", "sector": "n", "bilateral": "GG", "bilateral_sector": "nG"}
#: exporters per chunk of a streamed (bilateral-sector) measure
STREAM_CHUNK = 4


def _register_decompositions() -> None:
    """One measure ``<method>_<level>`` per level each method of ``decompose`` offers."""
    try:
        from gvckit.measures.decompose import LEVELS_BY_METHOD
    except ImportError:  # pragma: no cover - the module is part of the package
        return
    for method, levels in LEVELS_BY_METHOD.items():
        for level in levels:
            name = f"{method}_{level}"
            if level == "bilateral_sector":  # GN x G rows: streamed to disk, STREAM_CHUNK exporters at a time
                MEASURES[name] = Measure(
                    name, _decompose_measure(method, level), dense=2, rows="n", cols=24 * STREAM_CHUNK,
                    description=f"decompose(method={method!r}, level={level!r}), streamed to disk "
                    f"{STREAM_CHUNK} exporters at a time", stream=(method, level, STREAM_CHUNK))
                continue
            MEASURES[name] = Measure(name, _decompose_measure(method, level), dense=2,
                                     rows=_ROWS[level], cols=24,
                                     description=f"decompose(method={method!r}, level={level!r})")


def _register_indicators() -> None:
    try:
        from gvckit.measures.indicators import indicators  # noqa: F401
    except ImportError:
        return
    MEASURES["indicators"] = Measure("indicators", _indicators, dense=2, rows="n", cols=40,
                                     description="GVC indicators by country-sector (gvckit.measures.indicators)")
    MEASURES["indicators_country"] = Measure(
        "indicators_country", _indicators_country, dense=2, rows="G", cols=40,
        description="GVC indicators by country (gvckit.measures.indicators, level='country')")


def _typology(model: Model, *, source: Source, year: int, region: str, rules: str) -> pd.DataFrame:
    """The paper's typology of ``region``'s 11 industries in ``year`` under ``rules``: what
    :func:`gvckit.framework.classify` gives for ``years=[year]`` on the whole series (this year's
    model is shared; the earlier years it reads for emergence and the window variants are loaded
    from ``source``), one row per evidence row with ``*_text`` columns (English). The reasons'
    own year (a period such as ``"1995-2011"``) is ``evidence_year``, since ``year`` is the
    partition's."""
    from gvckit.framework.classify import ModelSeries, classify

    series = ModelSeries(source)
    series.adopt(year, model)
    df = classify(series, region, None, [year], rules=rules).to_frame("en")
    attrs = dict(df.attrs)
    df = df.rename(columns={"year": "evidence_year"})
    for col in df.columns:  # parquet wants one type a column: mixed objects become text
        if df[col].dtype == object:
            df[col] = df[col].map(lambda v: None if v is None or v != v else str(v))
    df.attrs.update(attrs, region=region)
    return df


def _register_framework() -> None:
    MEASURES["typology"] = Measure(
        "typology", _typology, dense=4, rows="G", cols=40, framework=True,
        description="the paper's Table 1 typology of the region's 11 industries from data, with "
        "verdicts, evidence and variants (gvckit.framework.classify; --region, --rules)")


_register_decompositions()
_register_indicators()
_register_framework()


def register(measure: Measure) -> None:
    """Add (or replace) a measure of the registry.

    In a distributed run the function must be importable (or picklable) on the workers.
    """
    MEASURES[measure.name] = measure


def measures() -> pd.DataFrame:
    """The measures :func:`run_panel` knows: name, dense GN x GN arrays formed, description.

    >>> "va_exports" in set(measures()["name"])
    True
    """
    return pd.DataFrame(
        [{"name": k, "dense_arrays": v.dense, "description": v.description} for k, v in MEASURES.items()]
    )


DEFAULT_MEASURES = ("va_exports", "hiy_sector", "kww_country", "wwz_country", "bm_country", "indicators")


def _resolve_measures(names: Sequence[str] | str | None) -> list[str]:
    if names is None:
        return [m for m in DEFAULT_MEASURES if m in MEASURES]
    if isinstance(names, str):
        names = [names]
    out: list[str] = []
    for name in names:
        if name not in MEASURES:
            raise UnknownNameError("measure", name, MEASURES)
        if name not in out:
            out.append(name)
    if not out:
        raise InputError("no measures to run")
    return out


def estimate_task_bytes(n: int, G: int, names: Iterable[str]) -> int:
    """Peak bytes of one task: ``8 (3 + max_k dense_k) n^2`` plus the result rows.

    The table's ``Z``, ``A`` and the LU factors are held once; measures run one after the other, so
    their dense arrays count at the maximum, not the sum (a ``B`` formed by one is kept for the
    next, which is why every decomposition counts it).

    >>> round(estimate_task_bytes(1435, 41, ["va_exports"]) / 2**20)
    47
    """
    ms = [MEASURES[m] for m in names]
    peak = max((m.estimate(n, G) for m in ms), default=0)
    return 8 * BASE_ARRAYS * n * n + peak


# --------------------------------------------------------------------------- one task
def _current_worker():
    """The Dask worker running this task, or None (outside Dask; never imports dask)."""
    mod = sys.modules.get("distributed")
    if mod is None:
        return None
    try:
        return mod.get_worker()
    except ValueError:
        return None


def _worker_memory_limit() -> int | None:
    w = _current_worker()
    if w is None:
        return None
    mm = getattr(w, "memory_manager", None)
    limit = getattr(mm, "memory_limit", None) if mm is not None else getattr(w, "memory_limit", None)
    return int(limit) if limit else None


def _worker_pause_fraction() -> float:
    """The part of this worker's memory limit usable before Dask pauses it (1 outside Dask)."""
    w = _current_worker()
    if w is None:
        return 1.0
    mm = getattr(w, "memory_manager", None)
    frac = getattr(mm, "memory_pause_fraction", None) if mm is not None else None
    return float(frac) if frac else (usable_fraction() if frac is None else 1.0)


def _worker_address() -> str | None:
    w = _current_worker()
    return None if w is None else w.address


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


def _params(name: str, va: str, region: str = "CHN", rules: str = "paper") -> dict:
    """The parameters a partition was computed with (a rerun with others recomputes it)."""
    spec = MEASURES.get(name)
    if spec is not None and spec.framework:
        return {"measure": name, "va": va, "region": region, "rules": rules}
    return {"measure": name, "va": va}


class PanelTaskError(GvckitError):
    """A year's task failed for a reason that may be transient (it is retried)."""


def run_year(
    source: Source,
    year: int,
    names: Sequence[str],
    out: str,
    *,
    va: str = "residual",
    memory_limit: int | None = None,
    cache_dir: str | None = None,
    fail_years: Sequence[int] = (),
    region: str = "CHN",
    rules: str = "paper",
) -> dict:
    """Run the measures ``names`` for one year and write their partitions (the task of a panel).

    Returns a report ``{"year", "table_hash", "measures": {name: {"status", "seconds", "error"}}}``
    with status ``"ok"`` (computed now), ``"skipped"`` (complete from an earlier run) or
    ``"failed"``. A deterministic gvckit error in one measure (bad input, memory estimate over the
    limit) is recorded and not retried; any other exception is raised after the other measures
    are written, so the scheduler retries the task (and the retry skips what is done).
    """
    from gvckit import __version__

    t0 = time.perf_counter()
    if year in fail_years:
        raise PanelTaskError(f"injected failure for year {year} (fail_years)")
    table = source.load(year)
    key = table_hash(table)
    from gvckit.checks import check

    warnings = [[f.code, f.message] for f in check(table).warnings]
    report: dict = {"year": year, "table_hash": key, "measures": {}, "warnings": warnings}
    todo = []
    for name in names:
        d = store.partition_dir(out, name, year)
        if store.is_complete(d, table_hash=key, params=_params(name, va, region, rules)):
            report["measures"][name] = {"status": "skipped", "seconds": 0.0, "error": None}
        else:
            todo.append(name)
    if not todo:
        return report
    limit = memory_limit if memory_limit is not None else _worker_memory_limit()
    estimate = estimate_task_bytes(table.n, table.G, todo)
    base = {
        "gvckit_version": __version__, "year": year, "table_hash": key, "data": source.name,
        "n": table.n, "G": table.G, "N": table.N, "unit": table.unit, "source": table.source,
        "host": socket.gethostname(), "pid": os.getpid(), "worker": _worker_address(),
        "memory_estimate_bytes": estimate, "memory_limit_bytes": limit, "warnings": warnings,
    }
    try:
        check_memory(estimate, limit, what=f"{source.name} {year}", n=table.n, measures=todo,
                     footprint=process_bytes() if limit is not None else 0,
                     fraction=_worker_pause_fraction())
    except MemoryLimitError as exc:
        for name in todo:
            _record_failure(out, name, year, base, va, exc)
            report["measures"][name] = {"status": "failed", "seconds": 0.0,
                                        "error": f"{type(exc).__name__}: {exc}"}
        report["memory_error"] = str(exc)  # deterministic: the run stops (see _collect)
        return report
    cache = FactorCache(cache_dir) if cache_dir else None
    model = cache.get_model(table, va=va, key=key) if cache else Model(table, va=va)
    transient: list[str] = []
    for name in todo:
        d = store.partition_dir(out, name, year)
        started, s0 = _now(), time.perf_counter()
        try:
            spec = MEASURES[name]
            if spec.stream is not None:
                files, rows, columns, attrs = _run_streamed(spec, model, d)
            else:
                (d / store.DATA_FILE).unlink(missing_ok=True)  # stale: valid or absent, never old
                frame = (spec.func(model, source=source, year=year, region=region, rules=rules)
                         if spec.framework else spec.func(model))
                if not isinstance(frame, pd.DataFrame):
                    raise InputError(f"measure {name!r} returned {type(frame).__name__}, not a DataFrame")
                files = [store.write_partition(frame, d)]
                rows, columns, attrs = len(frame), [str(c) for c in frame.columns], _jsonable(frame.attrs)
                del frame
            seconds = time.perf_counter() - s0
            meta = dict(base, measure=name, params=_params(name, va, region, rules), status="ok", error=None,
                        started=started, finished=_now(), seconds=round(seconds, 6),
                        files=store.describe_files(files), rows=rows, columns=columns, attrs=attrs)
            store.write_meta(d, meta)
            report["measures"][name] = {"status": "ok", "seconds": seconds, "error": None}
        except Exception as exc:  # noqa: BLE001 - every failure is recorded with its reason
            _record_failure(out, name, year, base, va, exc, started=started)
            report["measures"][name] = {"status": "failed", "seconds": time.perf_counter() - s0,
                                        "error": f"{type(exc).__name__}: {exc}"}
            if not isinstance(exc, GvckitError):
                transient.append(f"{name}: {type(exc).__name__}: {exc}")
    if cache is not None:
        cache.store_B(model, key)
    model.release()
    report["seconds"] = time.perf_counter() - t0
    if transient:
        raise PanelTaskError(f"{source.name} {year}: " + "; ".join(transient))
    return report


def _run_streamed(spec: Measure, model: Model, d: Path) -> tuple[list[Path], int, list[str], dict]:
    """Stream a bilateral-sector decomposition into the partition folder, chunk by chunk."""
    from gvckit.scale.streaming import stream_decomposition

    method, level, chunk = spec.stream  # type: ignore[misc]
    # chunks go to a hidden folder (ignored by Parquet dataset readers; kept for resuming after
    # a failure) and move into the partition only when all are written
    work = d / ".stream"
    stream_decomposition(model, method, work, chunk_exporters=chunk, level=level)
    info = store.read_json(work / "_stream.json") or {}
    for old in [d / store.DATA_FILE, *d.glob("part-*.parquet")]:
        old.unlink(missing_ok=True)
    files = []
    for f in sorted(work.glob("part-*.parquet")):
        os.replace(f, d / f.name)
        files.append(d / f.name)
    shutil.rmtree(work, ignore_errors=True)
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    columns = list(pq.read_schema(files[0]).names) if files else []
    return files, rows, columns, info.get("attrs", {})


def _record_failure(out, name, year, base, va, exc, started=None) -> None:
    d = store.partition_dir(out, name, year)
    old = store.read_meta(d)
    meta = dict(base, measure=name, params=_params(name, va), status="failed",
                error=f"{type(exc).__name__}: {exc}", started=started or _now(), finished=_now(),
                traceback="".join(traceback.format_exception(exc))[-4000:])
    if old and old.get("status") == "ok":
        meta["previous"] = {k: old.get(k) for k in ("finished", "table_hash", "params")}
    try:
        store.write_meta(d, meta)
    except OSError:  # pragma: no cover - the report still carries the reason
        pass


def _jsonable(attrs: dict) -> dict:
    """``df.attrs`` for the metadata JSON: values JSON can hold as they are, others as text."""
    out = {}
    for k, v in attrs.items():
        try:
            out[str(k)] = json.loads(json.dumps(v))
        except (TypeError, ValueError):
            out[str(k)] = str(v)
    return out


# --------------------------------------------------------------------------- the result
@dataclass
class PanelResult:
    """What a panel run did: one record per (measure, year), the output folder, the timing.

    ``summary()`` is for people, ``to_frame()`` for programs, ``load(measure)`` reads a measure's
    results back as one DataFrame with a ``year`` column.
    """

    out: Path
    records: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    scheduler: str = ""
    #: year -> [(code, message)] of the input checks' warnings on that year's table
    warnings: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        cols = ["measure", "year", "status", "seconds", "error"]
        return pd.DataFrame(self.records, columns=cols).sort_values(["measure", "year"], ignore_index=True)

    @property
    def failures(self) -> pd.DataFrame:
        df = self.to_frame()
        return df[df["status"] == "failed"].reset_index(drop=True)

    @property
    def ok(self) -> bool:
        return not any(r["status"] == "failed" for r in self.records)

    def counts(self) -> dict[str, int]:
        out = {"ok": 0, "skipped": 0, "failed": 0}
        for r in self.records:
            out[r["status"]] = out.get(r["status"], 0) + 1
        return out

    def summary(self) -> str:
        c = self.counts()
        years = sorted({r["year"] for r in self.records})
        span = f"{years[0]}-{years[-1]}" if years else "-"
        lines = [
            f"panel {span}: {len(self.records)} partitions in {self.out} "
            f"({c['ok']} computed, {c['skipped']} already complete, {c['failed']} failed) "
            f"in {self.seconds:.1f} s on {self.scheduler}",
        ]
        fails = self.failures
        if len(fails):
            lines.append("failures:")
            for r in fails.itertuples():
                lines.append(f"  {r.measure} {r.year}: {r.error}")
            lines.append("rerun the same command to retry only the failed partitions")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def load(self, measure: str, years: Sequence[int] | None = None) -> pd.DataFrame:
        """The results of one measure, all (or some) years stacked, with a ``year`` column."""
        return load_results(self.out, measure, years)


def load_results(out: str | os.PathLike, measure: str, years: Sequence[int] | None = None) -> pd.DataFrame:
    """Read ``out/measure=<measure>`` back: every complete year, stacked, with a ``year`` column."""
    base = Path(out) / f"measure={measure}"
    frames = []
    for d in sorted(base.glob("year=*")):
        y = int(d.name.split("=", 1)[1])
        meta = store.read_meta(d)
        if (years is not None and y not in years) or not meta or meta.get("status") != "ok":
            continue
        files = store.data_files(d)
        df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
        df.insert(0, "year", y)
        frames.append(df)
    if not frames:
        raise InputError(f"no complete results for measure {measure!r} in {out}")
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- the driver
def run_panel(
    data,
    years: Sequence[int] | None = None,
    measures: Sequence[str] | str | None = None,
    out: str | os.PathLike = "results",
    scheduler: str | None = None,
    retries: int = 2,
    quiet: bool = False,
    memory_limit: int | str | None = None,
    n_workers: int | None = None,
    *,
    va: str = "residual",
    cache_dir: str | os.PathLike | None = None,
    fail_years: Sequence[int] = (),
    region: str = "CHN",
    rules: str = "paper",
) -> PanelResult:
    """Run measures for many years, one Dask task per year, into a resumable Parquet dataset.

    Parameters
    ----------
    data : str, path or callable
        A bundled dataset name (``"wiod2013"``: 1995-2011; ``"china_nbs"`` or
        ``"china_nbs:detailed"``), a folder or glob of files :func:`gvckit.read` reads (the year
        is taken from each file name), or a callable ``year -> ICIO`` (it runs on the workers).
    years : sequence of int, optional
        Default: every year of the dataset or files.
    measures : sequence of str, optional
        Names in :data:`MEASURES` (see :func:`measures`); default: the country/sector-level ones
        whose modules are installed.
    out : path
        Output folder: ``out/measure=<m>/year=<y>/part.parquet`` plus ``_meta.json``.
    scheduler : str, optional
        ``None``: a new ``LocalCluster`` (processes, one thread each, ``n_workers`` of them,
        default ``min(cores, years)``); an address ``"tcp://host:8786"``: an existing cluster
        (``out`` must be a folder the workers share); ``"sync"``: no Dask, a loop in this process.
    retries : int
        Extra attempts of a failed task. Failures from gvckit's own checks (bad input, the memory
        estimate) are deterministic and recorded without retry.
    quiet : bool
        No progress bar (there is none either when stderr is not a terminal).
    memory_limit : int or str, optional
        Memory per worker, e.g. ``"4GB"`` (default: the machine's memory shared among the
        workers). A task whose estimated peak exceeds it fails with a clear message instead of
        being killed.
    n_workers : int, optional
        Workers of the local cluster.
    va : {"residual", "reported"}
        Value added used by the model.
    cache_dir : path, optional
        A :class:`~gvckit.scale.cache.FactorCache` folder: LU factors (and ``B`` when a measure
        formed it) are stored there and reloaded by later runs on the same table content.
    fail_years : sequence of int
        Testing hook: the task of these years raises (as if the worker had failed).
    region, rules : str
        For the framework measures (``typology``): the economy and the rule set (``"paper"``,
        ``"gereffi"`` or a rule file, as ``gvckit classify --rules``). They are part of those
        partitions' parameters, so a rerun with another rule set recomputes them.

    Returns
    -------
    PanelResult
        ``.summary()``, ``.to_frame()``, ``.failures``, ``.load(measure)``.

    Notes
    -----
    Each year's measures share one :class:`gvckit.Model`, so ``I - A`` is factorised once per
    year (and not at all when ``cache_dir`` holds its factors). Measures use solves with the LU
    factors; bilateral-sector outputs for every exporter can be streamed to disk with
    :func:`gvckit.scale.streaming.stream_decomposition` instead.

    Examples
    --------
    >>> import tempfile, gvckit.panel as gp
    >>> res = gp.run_panel("wiod2013", years=[2010, 2011], measures=["va_exports"],
    ...                    out=tempfile.mkdtemp(), scheduler="sync", quiet=True)
    >>> res.counts()["ok"]
    2
    >>> sorted(res.load("va_exports").year.unique().tolist())
    [2010, 2011]
    """
    t0 = time.perf_counter()
    source = Source.of(data, years)
    years = source.select(years)  # one task per year, in the given order
    names = _resolve_measures(measures)
    if retries < 0:
        raise InputError(f"retries must be >= 0, not {retries}")
    limit = parse_bytes(memory_limit)
    if any(MEASURES[n].framework for n in names):
        from gvckit.framework.ruleset import load_rules

        load_rules(rules)  # a bad rule set or file fails here, once, with its own message
        rules = os.fspath(rules)
    if scheduler is None or scheduler == "sync":  # the workers' limit is known: check up front
        _check_fits(source, years, names, limit, sync=scheduler == "sync")
    out_path = Path(out)
    out_path.mkdir(parents=True, exist_ok=True)
    kw = dict(va=va, memory_limit=limit, cache_dir=os.fspath(cache_dir) if cache_dir else None,
              fail_years=tuple(fail_years), region=region, rules=rules)
    result = PanelResult(out=out_path)
    if scheduler == "sync":
        result.scheduler = "this process (no Dask)"
        for year in progress(years, total=len(years), desc="panel", quiet=quiet):
            rep, err = _run_sync(source, year, names, str(out_path), retries, kw)
            _collect(result, names, year, rep, err)
    else:
        _run_dask(result, source, years, names, str(out_path), scheduler, retries, quiet, limit, n_workers, kw)
    result.seconds = time.perf_counter() - t0
    return result


def _check_fits(source: Source, years: list[int], names: list[str], limit: int | None, *, sync: bool) -> None:
    """Refuse before any worker starts when one year's task cannot fit its worker.

    The tables of a series share their size, so the first year's table stands for all (each
    task checks its own table again). A local worker holds :data:`WORKER_FOOTPRINT` before any
    task and is paused by Dask at :func:`usable_fraction` of its limit; in this process (sync)
    the footprint is the process's own resident size.
    """
    if limit is None or not years:
        return
    table = source.load(years[0])
    check_memory(estimate_task_bytes(table.n, table.G, names), limit, what=source.name,
                 n=table.n, measures=names,
                 footprint=process_bytes() if sync else WORKER_FOOTPRINT,
                 fraction=1.0 if sync else usable_fraction())


def _run_sync(source, year, names, out, retries, kw):
    err = None
    for _ in range(retries + 1):
        try:
            return run_year(source, year, names, out, **kw), None
        except Exception as exc:  # noqa: BLE001 - reported with the reason, the other years go on
            err = exc
    return None, err


def _collect(result: PanelResult, names, year, rep: dict | None, err: BaseException | None) -> None:
    """Record one year's report; a task refused for memory ends the run (every year of the
    series would be refused alike, so waiting for them helps no one)."""
    if rep is not None:
        if rep.get("warnings"):
            result.warnings[year] = [tuple(w) for w in rep["warnings"]]
        for name in names:
            r = rep["measures"][name]
            result.records.append({"measure": name, "year": year, **r})
        if rep.get("memory_error"):
            raise MemoryLimitError(rep["memory_error"])
        return
    reason = f"{type(err).__name__}: {err}"
    for name in names:
        result.records.append({"measure": name, "year": year, "status": "failed", "seconds": 0.0,
                               "error": reason})


def _run_dask(result, source, years, names, out, scheduler, retries, quiet, limit, n_workers, kw):
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - dask is an optional dependency
        raise InputError("run_panel needs dask.distributed (pip install 'gvckit[scale]'), "
                         "or use scheduler='sync'") from exc
    if scheduler:
        cluster_cm = contextlib.nullcontext()
        client_cm = Client(scheduler, set_as_default=False)
        result.scheduler = f"Dask cluster {scheduler}"
    else:
        workers = n_workers or max(1, min(os.cpu_count() or 1, len(years)))
        cluster_cm = _local_cluster(workers, limit)
        client_cm = None
        result.scheduler = f"local Dask cluster ({workers} worker processes x 1 thread" + (
            f", {format_bytes(limit)} each)" if limit else ")")
    with cluster_cm as cluster, (client_cm or Client(cluster, set_as_default=False)) as client:
        with _quiet_dask_on_exit():
            futures = {
                client.submit(run_year, source, y, names, out, retries=retries, pure=False,
                              key=f"gvckit-panel-{y}-{os.getpid()}-{time.time_ns()}", **kw): y
                for y in years
            }
            done = as_completed(list(futures), loop=client.loop)
            for fut in progress(done, total=len(futures), desc="panel", quiet=quiet):
                year = futures[fut]
                if fut.status == "finished":
                    _collect(result, names, year, fut.result(), None)
                else:
                    _collect(result, names, year, None, fut.exception())
                fut.release()


def _local_cluster(workers: int, limit: int | None):
    """A LocalCluster whose worker processes ignore SIGINT: Ctrl-C reaches this process only,
    which shuts the cluster down, instead of every worker printing its own traceback."""
    from distributed import LocalCluster

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None  # inherited by workers
    try:
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True,
            memory_limit=limit if limit else "auto", dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        )
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _quiet_dask_on_exit():
    """Silence distributed's loggers while a cluster is torn down after an error or Ctrl-C
    (closed-connection noise is not news to the user; the error itself is raised as it is)."""
    try:
        yield
    except BaseException:
        for name in ("distributed", "tornado", "asyncio"):
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
        raise
