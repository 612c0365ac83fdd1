"""Run every ``benchmarks/bench_*.py`` module's ``run()`` and print one markdown table.

Each module exposes ``run() -> list[dict]`` with keys ``case``, ``size``, ``tool``, ``seconds``,
``peak_mib`` and ``ratio_vs_baseline`` (the row's seconds divided by the baseline's seconds
measured in the same run: below 1 is faster than the baseline), and optionally ``baseline``,
``target`` and ``agreement`` (the result's agreement with the peer or the identity checked).
Usage: ``python benchmarks/run.py [--big] [name ...]`` where the optional names select modules
(``measures`` runs ``bench_measures.py``) and ``--big`` adds the GLORIA-size (164 x 120) table to
``bench_speed`` (``make bench BIG=1``).
"""

from __future__ import annotations

import importlib.util
import inspect
import math
import sys
from pathlib import Path

KEYS = ("case", "size", "tool", "seconds", "peak_mib", "baseline", "ratio_vs_baseline", "target",
        "agreement")


def _fmt(value) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    big = "--big" in argv
    argv = [a for a in argv if a != "--big"]
    # bench_speed first: its users' rows (the report, diagnose, --help) are timed before the
    # other modules churn gigabytes of memory, which slows this virtual machine for minutes
    # (bench_speed's docstring has the numbers)
    modules = sorted(here.glob("bench_*.py"), key=lambda p: (p.stem != "bench_speed", p.stem))
    if argv:
        modules = [p for p in modules if p.stem.removeprefix("bench_") in argv]
    print("ratio_vs_baseline = seconds / the baseline's seconds in the same run (below 1: faster)\n")
    print("| module | " + " | ".join(KEYS) + " |")
    print("|" + " --- |" * (len(KEYS) + 1))
    for path in modules:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        mod = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(here))
        spec.loader.exec_module(mod)
        rows = mod.run(big=big) if "big" in inspect.signature(mod.run).parameters else mod.run()
        for row in rows:
            print(f"| {path.stem} | " + " | ".join(_fmt(row.get(k, "")) for k in KEYS) + " |",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
