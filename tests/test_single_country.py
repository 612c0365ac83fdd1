"""Domestic value added in exports of single-country tables: the data README's numbers for the
non-competitive NBS tables and a hand-worked import-proportionality example."""

from __future__ import annotations

import numpy as np
import pytest

import gvckit
from gvckit.measures.single_country import domestic_va_in_exports, dva_share


@pytest.mark.parametrize("year,share,with_reexports", [
    (2017, 0.790, 0.782), (2018, 0.788, 0.779), (2020, 0.805, 0.789),
])
def test_noncompetitive_matches_readme(year, share, with_reexports):
    """/work/shared/data/china_nbs_io/README.md: v (I - A_d)^-1 e / 1'e."""
    t = gvckit.load_dataset("china_nbs", year=year, variant="42")
    r = domestic_va_in_exports(t)
    assert r.attrs["dva_share"] == pytest.approx(share, abs=5e-4)
    assert "non-competitive" in r.attrs["imports"]
    assert dva_share(t, reexports=True) == pytest.approx(with_reexports, abs=5e-4)
    assert r["DVA"].sum() / r["exports"].sum() == pytest.approx(r.attrs["dva_share"])


def test_import_proportionality_hand_worked():
    """Two sectors, competitive imports. Z = [[10, 20], [30, 10]], x = (100, 100),
    exports e = (50, 0), imports IM = (0, 50): m = IM / (x - e + IM) = (0, 1/3).
    A = Z / x = [[.1, .2], [.3, .1]]; A_d = (I - M) A = [[.1, .2], [.2, 2/30]].
    v = 1 - colsum(A) = (.6, .7). DVA multiplier of sector a: solve (I - A_d)' mu = v."""
    Z = np.array([[10.0, 20.0], [30.0, 10.0]])
    ex = np.array([50.0, 0.0])
    im = np.array([0.0, 50.0])
    Y = (np.array([100.0, 100.0]) - Z.sum(axis=1) - ex + im)[:, None]
    t = gvckit.ICIO(Z, Y, exports=ex, imports_competitive=im, countries=["H"], sectors=["a", "b"])
    r = domestic_va_in_exports(t)
    # by hand: mu1 = .6 + .1 mu1 + .2 mu2 ; mu2 = .7 + .2 mu1 + (1/15) mu2
    # => mu2 = (.7 + .2 mu1) / (14/15); .9 mu1 = .6 + .2 (.7 + .2 mu1) * 15/14
    mu1 = (0.6 + 0.2 * 0.7 * 15 / 14) / (0.9 - 0.04 * 15 / 14)
    assert r.loc[("H", "a"), "dva_multiplier"] == pytest.approx(mu1, rel=1e-12)
    assert r.attrs["dva_share"] == pytest.approx(mu1, rel=1e-12)  # only sector a exports
    assert "proportionality" in r.attrs["imports"]


def test_competitive_nbs_tables_and_capped_share():
    t = gvckit.load_dataset("china_nbs", year=2012, variant="detailed")
    s = dva_share(t)
    assert 0.6 < s < 0.9
    t02 = gvckit.load_dataset("china_nbs", year=2002, variant="detailed")
    with pytest.warns(UserWarning, match="capped at 1"):
        r = domestic_va_in_exports(t02)
    assert "081" in r.attrs["imports"]


def test_errors():
    with pytest.raises(gvckit.InputError, match="single-country"):
        domestic_va_in_exports(gvckit.load_dataset("wiod2013", year=2011))
    t = gvckit.load_dataset("china_nbs", year=2017, variant="42")
    with pytest.raises(gvckit.InputError, match="competitive-import"):
        domestic_va_in_exports(t, imports="proportional")


def test_indicators_for_single_country_table():
    from gvckit.measures.indicators import indicators

    t = gvckit.load_dataset("china_nbs", year=2017, variant="42")
    r = indicators(t)
    assert list(r.columns) == ["exports", "DVA", "DVA_share", "U_open"]
    assert r["DVA"].sum() / r["exports"].sum() == pytest.approx(0.790, abs=5e-4)
    with pytest.raises(gvckit.InputError, match="does not apply"):
        indicators(t, ["bm"])
