"""Shared fixtures: the peers' `leather` table and paths to ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, settings

import gvckit

# Property tests: no per-example deadline (a shared 2-core machine is slow at times); in CI the
# examples are derandomised so that a run is reproducible, and a slow data generator is no error.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# Every test computes afresh: gvckit's result cache (gvckit.resultcache) is off for the suite and
# for the processes it starts; tests/test_resultcache.py turns it on in a folder of its own.
os.environ["GVCKIT_CACHE"] = "off"
os.environ.pop("GVCKIT_CACHE_DIR", None)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PEERS = SHARED / "testvectors" / "peers"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test (with the reason) when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is not available (../shared missing beside the repo)")
    return p


def load_leather() -> gvckit.ICIO:
    """decompr's `leather` example ICIO: 3 countries x 3 industries, residual VA."""
    Z = pd.read_csv(shared_path("testvectors", "peers", "leather_Z.csv"), index_col=0)
    Y = pd.read_csv(shared_path("testvectors", "peers", "leather_Y.csv"), index_col=0)
    xv = pd.read_csv(shared_path("testvectors", "peers", "leather_x_va.csv"), index_col=0)
    countries = list(Y.columns)
    sectors = list(dict.fromkeys(lab.split("_")[1] for lab in Z.index))
    return gvckit.ICIO(
        Z.to_numpy(), Y.to_numpy(), x=xv["x"].to_numpy(), countries=countries, sectors=sectors,
        unit="USD", source="decompr leather example",
    )


@pytest.fixture(scope="session")
def leather() -> gvckit.ICIO:
    return load_leather()


def random_table(rng: np.random.Generator, G: int, N: int, K: int = 1, density: float = 1.0) -> gvckit.ICIO:
    """A random balanced world table whose A has column sums below 0.8."""
    n = G * N
    Z = rng.uniform(0.0, 1.0, (n, n)) * (rng.uniform(size=(n, n)) < density)
    Y = rng.uniform(0.5, 2.0, (n, G * K))
    # scale columns so that A = Z / x has column sums < 0.8: choose x, then rescale Z columns
    x = Z.sum(axis=1) + Y.sum(axis=1)
    colsum = Z.sum(axis=0)
    target = rng.uniform(0.1, 0.8, n) * x
    scale = np.divide(target, colsum, out=np.ones(n), where=colsum > 0)
    Z = Z * scale[None, :]
    x = Z.sum(axis=1) + Y.sum(axis=1)
    # after rescaling x changes; iterate a few times to keep column sums of A below 0.8
    for _ in range(50):
        a_cols = Z.sum(axis=0) / x
        if a_cols.max() < 0.8:
            break
        Z = Z * np.minimum(1.0, 0.79 / a_cols)[None, :]
        x = Z.sum(axis=1) + Y.sum(axis=1)
    return gvckit.ICIO(
        Z, Y, countries=[f"C{i}" for i in range(G)], sectors=[f"s{j}" for j in range(N)],
        fd_categories=[f"F{k}" for k in range(K)], unit="USD",
    )


def dense_reference(t: gvckit.ICIO):
    """Explicit reference matrices for the tests: ``x, G, N, n, A, v, cof, dom, B, L`` with
    ``B = inv(I - A)`` and ``L = inv(I - A^D)`` formed by plain inversion (no gvckit code)."""
    Z, _, x = t.arrays()
    G, N = t.G, t.N
    n = G * N
    A = Z / x[None, :]
    v = 1 - A.sum(axis=0)
    cof = np.repeat(np.arange(G), N)
    dom = cof[:, None] == cof[None, :]
    B = np.linalg.inv(np.eye(n) - A)
    L = np.linalg.inv(np.eye(n) - A * dom)
    return x, G, N, n, A, v, cof, dom, B, L
