"""The ``decompose`` entry point: arguments, errors, filters, groups, melding, metadata and the
pass-through to ``bm``."""

from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import pytest

import gvckit
from conftest import random_table
from gvckit.measures.decompose import LEVELS_BY_METHOD, METHODS, decompose


@pytest.fixture(scope="module")
def world() -> gvckit.ICIO:
    return random_table(np.random.default_rng(7), 4, 2)


@pytest.fixture(scope="module")
def split_world() -> gvckit.ICIO:
    """A world table with China split into CHN/CN1/CN2 (CN1 and CN2 trade with each other)."""
    t = random_table(np.random.default_rng(11), 5, 2)
    Z, Y, _ = t.arrays()
    return gvckit.ICIO(Z, Y, countries=["USA", "CHN", "CN1", "CN2", "DEU"], sectors=["a", "b"])


@pytest.mark.parametrize("method", [m for m in METHODS if m != "bm"])
def test_every_method_and_level(world, method):
    for level in LEVELS_BY_METHOD[method]:
        r = decompose(world, method, level)
        assert r.attrs["method"] == method and r.attrs["level"] == level
        assert set(r.attrs["definitions"]) == set(r.columns)
        assert all(r.attrs["definitions"][c] for c in r.columns if not c.endswith("SH"))
        assert r.attrs["references"] and r.attrs["unit"] == "USD"
        assert r.attrs["va"] == "residual"
        keys = {"country": ["exporter"], "sector": ["exporter", "sector"],
                "bilateral": ["exporter", "importer"],
                "bilateral_sector": ["exporter", "sector", "importer"]}[level]
        assert list(r.index.names) == keys
        assert np.isfinite(r.drop(columns=[c for c in r if c.endswith(("SH", "ratio"))])).all().all()


def test_unknown_arguments_name_the_valid_values(world):
    from gvckit.errors import UnknownNameError

    with pytest.raises(UnknownNameError, match="unknown method 'leontief'; valid: bm, hiy, vax"):
        decompose(world, "leontief")
    with pytest.raises(UnknownNameError, match="unknown level 'industry'; valid: country, sector"):
        decompose(world, "tiva", "industry")
    with pytest.raises(gvckit.InputError, match=r"unknown exporter \['XXX'\].*C0"):
        decompose(world, "tiva", exporter="XXX")
    with pytest.raises(gvckit.InputError, match=r"unknown importer \['XXX'\]"):
        decompose(world, "wwz", "bilateral", importer="XXX")
    with pytest.raises(gvckit.InputError, match="needs level 'bilateral'"):
        decompose(world, "tiva", "country", importer="C1")
    with pytest.raises(gvckit.InputError, match="does not offer level 'bilateral'"):
        decompose(world, "hiy", "bilateral")
    with pytest.raises(gvckit.InputError, match="takes no options"):
        decompose(world, "kww", perspective="world")


def test_filters(world):
    full = decompose(world, "wwz", "bilateral_sector")
    one = decompose(world, "wwz", "bilateral_sector", exporter="C2", importer=["C0", "C3"])
    assert set(one.index.get_level_values("exporter")) == {"C2"}
    assert set(one.index.get_level_values("importer")) == {"C0", "C3"}
    pd.testing.assert_frame_equal(one, full.loc[one.index], check_like=True)
    pd.testing.assert_frame_equal(decompose(world, "kww", exporter="all"), decompose(world, "kww"))
    two = decompose(world, "kww", exporter=["C3", "C1"])
    assert list(two.index) == ["C3", "C1"]
    # importer filter then sum: exports of C2 to C0 only
    b = decompose(world, "tiva", "bilateral", exporter="C2", importer="C0")
    m = gvckit.Model(world)
    assert b.loc[("C2", "C0"), "EXGR"] == pytest.approx(m.E[m.block(2), 0].sum(), rel=1e-12)


def test_model_is_reused(world):
    m = gvckit.Model(world)
    decompose(m, "wwz")
    assert m.has_B  # the dense B formed for WWZ stays in the model for the next call
    lu = m.lu
    decompose(m, "tiva")
    assert m.lu is lu
    with pytest.raises(gvckit.InputError, match="va='residual'"):
        decompose(m, "tiva", va="reported")
    with pytest.raises(gvckit.InputError, match="no reported value-added rows"):
        decompose(world, "tiva", va="reported")


def test_groups(world):
    g = decompose(world, "kww", groups={"G": ["C0", "C2"]})
    assert list(g.index) == ["G", "C1", "C3"]
    assert g.attrs["groups"] == {"G": ["C0", "C2"]}
    # the group's exports leave out C0 <-> C2 trade
    m = gvckit.Model(world)
    E = m.E.reshape(4, 2, 4)
    assert g.loc["G", "EXGR"] == pytest.approx(E[[0, 2]][:, :, [1, 3]].sum(), rel=1e-12)
    with pytest.raises(gvckit.InputError, match="in two groups"):
        decompose(world, "tiva", groups={"G": ["C0", "C1"], "H": ["C1", "C2"]})
    with pytest.raises(gvckit.InputError, match=r"not in the table: \['CAN'\]"):
        decompose(world, "tiva", groups={"NAFTA": ["C0", "CAN"]})
    with pytest.raises(gvckit.InputError, match="covering the whole table"):
        decompose(world, "tiva", groups={"W": ["C0", "C1", "C2", "C3"]})
    # a one-member group is that country under another name
    n = decompose(world, "vax", groups={"NAFTA": ["C0"]}, exporter="NAFTA")
    assert n.attrs["groups"] == {"NAFTA": ["C0"]}
    assert n.loc["NAFTA", "VAX"] == pytest.approx(decompose(world, "vax").loc["C0", "VAX"])


def test_meld(split_world):
    t = split_world
    r = decompose(t, "tiva", meld=True)
    assert list(r.index) == ["USA", "CHN", "DEU"]
    assert r.attrs["melded"] == {"CN1": "CHN", "CN2": "CHN"}
    with pytest.raises(gvckit.InputError, match="CN1 is part of CHN"):
        decompose(t, "tiva", exporter="CN1", meld=True)
    # melded China = China as one exporter: trade among CHN, CN1 and CN2 is domestic
    m = gvckit.Model(t)
    E = m.E.reshape(5, 2, 5)
    assert r.loc["CHN", "EXGR"] == pytest.approx(E[1:4][:, :, [0, 4]].sum(), rel=1e-12)
    # same numbers as asking for the group explicitly
    g = decompose(t, "tiva", groups={"CHN": ["CHN", "CN1", "CN2"]})
    pd.testing.assert_frame_equal(r, g, check_exact=False, rtol=1e-12, check_like=True,
                                  check_flags=False)
    # not melded: CN1 and CN2 are ordinary countries; a mapping melds only what it names
    assert "CN1" in decompose(t, "kww", meld=False).index
    part = decompose(t, "kww", meld={"CN1": "CHN"})
    assert list(part.index) == ["USA", "CHN", "CN2", "DEU"]
    # table metadata drives the default
    t2 = gvckit.ICIO(*t.arrays()[:2], countries=t.countries, sectors=t.sectors,
                     meta={"processing_splits": {"CN1": "CHN", "CN2": "CHN"}})
    assert list(decompose(t2, "wwz").index) == ["USA", "CHN", "DEU"]
    # a group naming the whole country takes its splits along
    grp = decompose(t, "kww", groups={"ASIA": ["CHN"]}, meld=True)
    assert grp.attrs["groups"]["ASIA"] == ["CHN", "CN1", "CN2"]


def test_open_and_competitive_tables_are_refused_where_wrong():
    Z = np.array([[10.0, 5.0], [4.0, 20.0]])
    Y = np.array([[30.0], [40.0]])
    ex = np.array([[15.0], [6.0]])
    nc = gvckit.ICIO(Z, Y, exports=ex, imports_Z=np.array([[3.0, 7.0]]), countries=["CHN"],
                     sectors=["a", "b"])
    for method in ("kww", "wwz", "vax"):
        with pytest.raises(gvckit.InputError, match="needs a world"):
            decompose(nc, method)
    assert decompose(nc, "hiy").loc["CHN", "VS"] > 0
    comp = gvckit.ICIO(Z, Y, exports=ex, imports_competitive=np.array([2.0, 3.0]),
                       countries=["CHN"], sectors=["a", "b"])
    with pytest.raises(gvckit.InputError, match="competitive imports"):
        decompose(comp, "tiva")


def test_row_balance_gap_is_reported():
    Z = np.array([[10.0, 2.0], [3.0, 10.0]])
    Y = np.array([[20.0, 5.0], [4.0, 30.0]])
    ok = gvckit.ICIO(Z, Y, countries=["A", "B"], sectors=["s"])
    assert "row_balance_gap" not in decompose(ok, "kww").attrs
    off = gvckit.ICIO(Z, Y, x=Z.sum(1) + Y.sum(1) + [1.5, 0.0], countries=["A", "B"],
                      sectors=["s"], check=False)
    assert decompose(off, "kww").attrs["row_balance_gap"] == pytest.approx(1.5)


@pytest.mark.skipif(importlib.util.find_spec("gvckit.measures.decompose.bm") is None,
                    reason="gvckit.measures.decompose.bm (another engineer's module) is absent")
def test_bm_is_passed_through(world, split_world):
    from gvckit.measures.decompose.bm import bm

    m = gvckit.Model(world)
    for kw in ({}, {"level": "bilateral", "exporter": "C1"},
               {"perspective": "exporter", "approach": "sink"},
               {"groups": {"G": ["C0", "C2"]}, "exporter": "G"}):
        level = kw.pop("level", "country")
        want = bm(m, level=level, **kw)
        got = decompose(m, "bm", level, **kw)
        pd.testing.assert_frame_equal(got, want)
    # melding reaches bm through the table metadata, which is restored afterwards
    got = decompose(split_world, "bm", meld=True)
    assert "CHN" in got.index and "CN1" not in got.index
    assert "processing_splits" not in split_world.meta
    assert "CN1" in decompose(split_world, "bm").index


@pytest.mark.parametrize("method", ["bm", "wwz", "tiva"])
def test_same_exporter_and_importer_says_why(world, method):
    """A unit is never its own export market: refused with the reason, not an empty frame."""
    from gvckit.errors import OptionError

    code = world.countries[0]
    with pytest.raises(OptionError, match="exports go to other countries"):
        decompose(world, method, "bilateral", exporter=code, importer=[code])
    # a list that also names another importer is a real selection
    other = world.countries[1]
    r = decompose(world, method, "bilateral", exporter=code, importer=[code, other])
    assert list(r.index.get_level_values("importer").unique()) == [other]
