"""Run every ``benchmarks/bench_*.py`` module's ``run()`` and print one markdown table.

Each module exposes ``run() -> list[dict]`` with keys ``case``, ``size``, ``tool``, ``seconds``,
``peak_mib`` and ``ratio_vs_baseline`` (the row's seconds divided by the baseline's seconds
measured in the same run: below 1 is faster than the baseline). Usage: ``python benchmarks/run.py [name ...]`` where the
optional names select modules (``measures`` runs ``bench_measures.py``).
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

KEYS = ("case", "size", "tool", "seconds", "peak_mib", "ratio_vs_baseline")


def _fmt(value) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    modules = sorted(here.glob("bench_*.py"))
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
        for row in mod.run():
            print(f"| {path.stem} | " + " | ".join(_fmt(row.get(k, "")) for k in KEYS) + " |",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
