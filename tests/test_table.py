"""ICIO construction, labels, aggregation, selection and the pymrio bridge."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gvckit
from conftest import random_table
from gvckit.errors import InputError


def test_labels_and_frames(leather):
    assert leather.countries == ["ARG", "TUR", "DEU"] and leather.sectors == ["AGR", "TEX", "TRA"]
    assert leather.Z.index.names == ["country", "sector"]
    assert leather.Y.columns.names == ["country", "category"]
    assert leather.Z.loc[("ARG", "AGR"), ("TUR", "TEX")] == 4.3


def test_x_computed_from_row_identity():
    t = gvckit.ICIO([[150, 500], [200, 100]], [[350], [1700]], countries=["A"], sectors=["a", "b"])
    assert t.x.tolist() == [1000.0, 2000.0]


def test_aggregate_sums_flows_and_keeps_identities():
    t = random_table(np.random.default_rng(1), 3, 4, K=2)
    agg = t.aggregate(countries={"C1": "G1", "C2": "G1"}, sectors={"s0": "S", "s1": "S"})
    assert agg.countries == ["C0", "G1"] and agg.sectors == ["S", "s2", "s3"]
    Z = t.Z
    expected = Z.loc[[("C1", "s0"), ("C1", "s1"), ("C2", "s0"), ("C2", "s1")], [("C0", "s2")]].to_numpy().sum()
    assert agg.Z.loc[("G1", "S"), ("C0", "s2")] == pytest.approx(expected)
    assert agg.Z.to_numpy().sum() == pytest.approx(Z.to_numpy().sum())
    assert agg.Y.to_numpy().sum() == pytest.approx(t.Y.to_numpy().sum())
    assert gvckit.check(agg).ok
    # value added is preserved by country group
    va = t.value_added()
    assert agg.value_added().loc["G1"].sum() == pytest.approx(va.loc[["C1", "C2"]].sum())


def test_aggregate_with_concordance_table():
    t = random_table(np.random.default_rng(2), 2, 3)
    conc = pd.DataFrame({"from": ["s0", "s1", "s2"], "to": ["X", "X", "Y"]})
    assert t.aggregate(sectors=conc).sectors == ["X", "Y"]
    with pytest.raises(InputError, match="not in the table"):
        t.aggregate(sectors={"zz": "X"})


def test_select_folds_rest_of_world():
    t = random_table(np.random.default_rng(3), 4, 2)
    s = t.select(["C0", "C2"])
    assert s.countries == ["C0", "C2", "ROW"]
    # C0's exports to the rest of the world equal its exports to C1 and C3
    m, ms = gvckit.Model(t), gvckit.Model(s)
    assert ms.e[:2].sum() == pytest.approx(m.e[:2].sum())
    E = m.E[:2]
    assert ms.E[:2, 2].sum() == pytest.approx(E[:, [1, 3]].sum())
    assert s.value_added().loc["ROW"].sum() == pytest.approx(t.value_added().loc[["C1", "C3"]].sum())
    with pytest.raises(InputError, match="unknown countries"):
        t.select(["XX"])


def test_pymrio_round_trip(leather):
    pytest.importorskip("pymrio")
    io = leather.to_pymrio()
    # pymrio's L is gvckit's B (Leontief inverse)
    io.calc_all()
    np.testing.assert_allclose(io.L.to_numpy(), gvckit.Model(leather).B, rtol=1e-10)
    back = gvckit.ICIO.from_pymrio(io)
    assert back.equals(leather) and back.source == leather.source


def test_pymrio_round_trip_keeps_meta_and_names():
    pytest.importorskip("pymrio")
    t = gvckit.load_dataset("wiod2013", year=2001)
    back = gvckit.ICIO.from_pymrio(t.to_pymrio())  # checks run: needs meta's balance tolerance
    assert back.equals(t) and back.meta == t.meta
    assert back.sector_info.equals(t.sector_info) and back.country_info.equals(t.country_info)


def test_from_plain_pymrio_system(leather):
    pymrio = pytest.importorskip("pymrio")
    io = pymrio.IOSystem(Z=leather.Z.rename_axis(index=["region", "sector"], columns=["region", "sector"]),
                         Y=leather.Y.rename_axis(index=["region", "sector"], columns=["region", "category"]))
    io.calc_system()
    t = gvckit.ICIO.from_pymrio(io, year=2000)
    assert t.year == 2000 and np.allclose(t.x.to_numpy(), leather.x.to_numpy())


def test_equals_and_copy(leather):
    c = leather.copy()
    assert c.equals(leather)
    c._z[0, 0] += 1
    assert not c.equals(leather)


def test_value_added_kinds(leather):
    with pytest.raises(InputError, match="no reported value-added rows"):
        leather.value_added("reported")
    with pytest.raises(InputError, match="unknown value-added kind"):
        leather.value_added("gross")
