"""FactorCache and table_hash: stored LU factors reload bit-identically and skip the factorisation.

References: a dense ``numpy.linalg.solve`` of ``(I - A) X = R`` (an independent code path),
bit-equality with a freshly factorised model, and call counts of the LU factorisation
(LAPACK ``getrf``, ``gvckit.leontief._lu_in_place``).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gvckit
import gvckit.leontief
from conftest import random_table
from gvckit.scale.cache import FactorCache, table_hash
from gvckit.scale.panel import run_panel


@pytest.fixture
def lu_calls(monkeypatch):
    """Count the factorisations of (I - A) done by gvckit.Model."""
    calls = {"n": 0}
    real = gvckit.leontief._lu_in_place

    def counting(*a, **k):
        calls["n"] += 1
        return real(*a, **k)

    monkeypatch.setattr(gvckit.leontief, "_lu_in_place", counting)
    return calls


def test_reload_is_bit_identical_and_skips_factorisation(tmp_path, lu_calls):
    t = gvckit.load_dataset("wiod2013", year=2008)
    rhs = np.random.default_rng(0).uniform(size=(t.n, 3))
    cache = FactorCache(tmp_path)
    m1 = cache.get_model(t)
    assert lu_calls["n"] == 1 and cache.misses == 1
    x1, l1 = m1.solve(rhs), m1.solve_left(rhs.T)

    cache2 = FactorCache(tmp_path)  # a later run
    m2 = cache2.get_model(gvckit.load_dataset("wiod2013", year=2008))
    assert cache2.hits == 1
    x2, l2 = m2.solve(rhs), m2.solve_left(rhs.T)
    assert lu_calls["n"] == 1  # no second factorisation
    assert np.array_equal(x1, x2) and np.array_equal(l1, l2)
    # and both are right: an independent dense solve
    Z, _, x = t.arrays()
    A = Z / np.where(x > 0, x, 1.0)[None, :]
    np.testing.assert_allclose(x2, np.linalg.solve(np.eye(t.n) - A, rhs), rtol=1e-9, atol=1e-9)


def test_B_is_stored_and_reloaded(tmp_path, lu_calls):
    t = gvckit.load_dataset("wiod2013", year=1999)
    cache = FactorCache(tmp_path)
    m1 = cache.get_model(t)
    assert not cache.store_B(m1)  # B not formed yet: nothing stored
    B1 = m1.B
    assert cache.store_B(m1)
    m2 = FactorCache(tmp_path).get_model(t)
    assert m2.has_B and np.array_equal(m2.B, B1)
    assert lu_calls["n"] == 1
    np.testing.assert_allclose(m2.solve(np.ones(t.n)), B1.sum(axis=1))


def test_different_tables_get_different_entries(tmp_path, lu_calls):
    t = gvckit.load_dataset("wiod2013", year=2000)
    Z, Y, x = t.arrays()
    Z2 = Z.copy()
    Z2[0, 1] += 1.0
    t2 = gvckit.ICIO(Z2, t.Y, countries=t.countries, sectors=t.sectors, check=False)
    t3 = gvckit.ICIO(Z, Y, countries=t.countries, sectors=[s + "x" for s in t.sectors],
                     fd_categories=t.fd_categories, check=False)
    hashes = {table_hash(t), table_hash(t2), table_hash(t3)}
    assert len(hashes) == 3
    assert table_hash(t) == table_hash(t.copy())
    cache = FactorCache(tmp_path)
    m = cache.get_model(t)
    m2 = cache.get_model(t2)
    assert cache.misses == 2 and lu_calls["n"] == 2
    assert not np.array_equal(m.lu[0], m2.lu[0])


def test_panel_factorises_once_per_year_and_reuses_cache(tmp_path, lu_calls):
    kw = dict(years=[2010, 2011], out=tmp_path / "out", scheduler="sync", quiet=True,
              cache_dir=tmp_path / "cache")
    res = run_panel("wiod2013", measures=["va_exports", "vax_country", "tiva_country"], **kw)
    assert res.ok, res.summary()
    assert lu_calls["n"] == 2  # three measures share one factorisation per year
    res = run_panel("wiod2013", measures=["kww_country"], **kw)
    assert res.ok and lu_calls["n"] == 2  # new measures, stored factors: no factorisation
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(
        table_hash(gvckit.load_dataset("wiod2013", year=y)) for y in (2010, 2011))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), G=st.integers(1, 4), N=st.integers(1, 5))
def test_cached_model_equals_fresh_model(tmp_path_factory, seed, G, N):
    t = random_table(np.random.default_rng(seed), G, N)
    d = tmp_path_factory.mktemp("fc")
    FactorCache(d).get_model(t)
    cached = FactorCache(d).get_model(t)
    fresh = gvckit.Model(t)
    rhs = np.random.default_rng(seed + 1).uniform(size=(t.n, 2))
    assert np.array_equal(cached.solve(rhs), fresh.solve(rhs))
    Z, _, x = t.arrays()
    np.testing.assert_allclose(cached.solve(rhs), np.linalg.solve(np.eye(t.n) - Z / x[None, :], rhs),
                               rtol=1e-10, atol=1e-12)
