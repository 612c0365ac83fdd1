"""Benchmark: big tables and many years.

Cases (all measured in the same run, each in a fresh subprocess, one after the other):

* ``leontief``: the dense Leontief inverse ``B = (I - A)^-1`` of the same ``A``: gvckit (one LU
  factorisation of ``I - A``, then ``lu_solve`` against the identity) vs pymrio
  (``pymrio.calc_L(A)``, i.e. ``numpy.linalg.inv(I - A)``), plus gvckit's LU factorisation alone,
  which is all that its measures need (they solve with the factors and never form ``B``). Sizes:
  the bundled WIOD 2013 table of 2011 (41 x 35 = 1,435 country-sectors) and synthetic tables of
  77 x 45 (3,465, OECD ICIO size) and 49 x 200 (9,800: ``B`` alone is 768 MB).
* ``wwz_bilateral_sector``: WWZ (2013) for every exporter by sector and partner on WIOD 2013
  (57,400 rows x 23 terms), in memory in one call vs streamed to Parquet 4 exporters at a time.
* ``panel_17y``: 17 WIOD 2013 years x measures va_exports, kww_country, wwz_country and
  bm_country through :func:`gvckit.panel.run_panel`: a 2-worker local Dask cluster vs the same
  run as a loop in one process (``scheduler="sync"``, the baseline).

``seconds`` is the timed step only (building the table is outside the timing);
``peak_mib`` is the maximum resident set size of the case's process (``resource.getrusage``,
which counts BLAS buffers and the table itself); for the Dask case it is the largest of the
driver and its worker processes. ``ratio_vs_baseline`` is ``seconds / baseline seconds``.

Run ``python benchmarks/bench_scale.py`` (or ``python benchmarks/run.py scale``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = [("WIOD 2013 (2011)", None), ("synthetic 77x45", (77, 45)), ("synthetic 49x200", (49, 200))]
PANEL_MEASURES = ["va_exports", "kww_country", "wwz_country", "bm_country"]


def synthetic_table(G: int, N: int, seed: int = 0):
    """A dense random world table with column sums of A about 0.5 (domestic blocks heavier)."""
    import numpy as np

    import gvckit

    rng = np.random.default_rng(seed)
    n = G * N
    Z = rng.uniform(0.0, 1.0, (n, n))
    for g in range(G):  # heavier domestic blocks, in place (no n x n temporaries)
        Z[g * N:(g + 1) * N, g * N:(g + 1) * N] *= G
    Y = rng.uniform(0.5, 1.5, (n, G)) * (Z.sum(axis=1).mean() / G)
    x = Z.sum(axis=1) + Y.sum(axis=1)
    Z *= (0.5 * x / Z.sum(axis=0))[None, :]
    x = Z.sum(axis=1) + Y.sum(axis=1)
    return gvckit.ICIO(Z, Y, x=x, countries=[f"C{g:02d}" for g in range(G)],
                       sectors=[f"S{j:03d}" for j in range(N)], check=False)


def _table(size):
    import gvckit

    if size is None:
        return gvckit.load_dataset("wiod2013", year=2011)
    return synthetic_table(*size)


def _peak_mib(children: bool = False) -> float:
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if children:
        kb = max(kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return kb / 1024.0


# --------------------------------------------------------------------------- cases (in a subprocess)
def case_leontief(tool: str, size) -> float:
    import gvckit

    t = _table(size)
    m = gvckit.Model(t)
    A = m.A  # the same A for both tools, outside the timing
    if tool == "pymrio":
        import pymrio

        t0 = time.perf_counter()
        L = pymrio.calc_L(A)
        sec = time.perf_counter() - t0
        assert L.shape == A.shape
        return sec
    t0 = time.perf_counter()
    m.lu  # noqa: B018 - the factorisation
    if tool == "gvckit":
        m.B  # noqa: B018 - lu_solve against the identity
    return time.perf_counter() - t0


def case_wwz(tool: str, size) -> float:
    import gvckit
    from gvckit.measures.decompose import decompose
    from gvckit.scale.streaming import stream_decomposition

    t = _table(size)
    m = gvckit.Model(t)
    t0 = time.perf_counter()
    if tool == "streamed":
        with tempfile.TemporaryDirectory() as d:
            stream_decomposition(m, "wwz", Path(d) / "wwz", chunk_exporters=4)
            sec = time.perf_counter() - t0
    else:
        df = decompose(m, method="wwz", level="bilateral_sector")
        sec = time.perf_counter() - t0
        assert len(df) == t.G * t.N * (t.G - 1)
    return sec


def case_panel(tool: str, size) -> float:
    from gvckit.panel import run_panel

    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        kw = {"scheduler": "sync"} if tool == "sync" else {"n_workers": 2}
        res = run_panel("wiod2013", measures=PANEL_MEASURES, out=d, quiet=True, **kw)
        sec = time.perf_counter() - t0
        assert res.ok and res.counts()["ok"] == 17 * len(PANEL_MEASURES), res.summary()
    return sec


CASES = {"leontief": case_leontief, "wwz_bilateral_sector": case_wwz, "panel_17y": case_panel}


def _child(spec: dict) -> dict:
    sec = CASES[spec["case"]](spec["tool"], spec["size"])
    return {"seconds": sec, "peak_mib": _peak_mib(children=spec["case"] == "panel_17y")}


def _measure(case: str, tool: str, size) -> dict:
    spec = json.dumps({"case": case, "tool": tool, "size": size})
    proc = subprocess.run([sys.executable, __file__, "--case", spec], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        return {"seconds": float("nan"), "peak_mib": float("nan"),
                "error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(sizes=SIZES) -> list[dict]:
    """Measure every case; return rows (case, size, tool, seconds, peak_mib, ratio_vs_baseline)."""
    rows: list[dict] = []

    def add(case, size_label, tool, res, base):
        rows.append({"case": case, "size": size_label, "tool": tool, "seconds": res["seconds"],
                     "peak_mib": res["peak_mib"], "ratio_vs_baseline": res["seconds"] / base["seconds"]})
        if "error" in res:
            rows[-1]["tool"] += f" (failed: {res['error'][:80]})"

    for label, size in sizes:
        n = 1435 if size is None else size[0] * size[1]
        size_label = f"{label}, GN={n:,}"
        base = _measure("leontief", "pymrio", size)
        add("Leontief inverse B", size_label, "pymrio.calc_L (np.linalg.inv), baseline", base, base)
        add("Leontief inverse B", size_label, "gvckit LU + lu_solve(I)", _measure("leontief", "gvckit", size), base)
        add("Leontief inverse B", size_label, "gvckit LU only (what measures use)",
            _measure("leontief", "gvckit_lu", size), base)
    base = _measure("wwz_bilateral_sector", "in_memory", None)
    add("WWZ bilateral_sector, all exporters", "WIOD 2013 (2011), GN=1,435", "gvckit in memory, baseline", base, base)
    add("WWZ bilateral_sector, all exporters", "WIOD 2013 (2011), GN=1,435",
        "gvckit streamed to Parquet, 4 exporters/chunk", _measure("wwz_bilateral_sector", "streamed", None), base)
    base = _measure("panel_17y", "sync", None)
    label = f"17 years x {len(PANEL_MEASURES)} measures, GN=1,435"
    add("WIOD 2013 panel 1995-2011", label, "one process loop, baseline", base, base)
    add("WIOD 2013 panel 1995-2011", label, "Dask LocalCluster 2 workers x 1 thread",
        _measure("panel_17y", "dask", None), base)
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        print(json.dumps(_child(json.loads(sys.argv[2]))))
    else:
        for r in run():
            print(r, flush=True)
