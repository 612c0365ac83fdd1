"""Every input check gets a bad input and must answer with its named finding and a usable message."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gvckit
from gvckit.errors import InputError, SingularError


def good():
    Z = np.array([[10.0, 20.0, 5.0, 1.0], [3.0, 8.0, 2.0, 4.0], [6.0, 1.0, 9.0, 3.0], [2.0, 2.0, 2.0, 2.0]])
    Y = np.array([[30.0, 5.0], [20.0, 6.0], [4.0, 40.0], [3.0, 25.0]])
    return Z, Y


def make(Z, Y, **kw):
    return gvckit.ICIO(Z, Y, countries=["AAA", "BBB"], sectors=["agr", "man"], **kw)


def test_good_table_has_no_errors():
    Z, Y = good()
    rep = gvckit.check(make(Z, Y))
    assert rep.ok and not rep.warnings


def test_shape_mismatch_names_expected_shape():
    Z, Y = good()
    with pytest.raises(InputError, match=r"Z has shape \(4, 3\), expected \(4, 4\)"):
        make(Z[:, :3], Y)
    with pytest.raises(InputError, match="Y has 3 columns"):
        make(Z, np.hstack([Y, Y[:, :1]]))


def test_label_mismatch_names_labels():
    Z, Y = good()
    idx = pd.MultiIndex.from_product([["AAA", "BBB"], ["agr", "man"]], names=["country", "sector"])
    wrong = pd.MultiIndex.from_product([["AAA", "BBB"], ["man", "agr"]], names=["country", "sector"])
    Zdf = pd.DataFrame(Z, index=idx, columns=wrong)
    Ydf = pd.DataFrame(Y, index=idx, columns=pd.MultiIndex.from_product([["AAA", "BBB"], ["FD"]]))
    with pytest.raises(InputError, match=r"Z columns labels do not match.*\('AAA', 'man'\)"):
        gvckit.ICIO(Zdf, Ydf)


def test_unknown_destination_country():
    Z, Y = good()
    idx = pd.MultiIndex.from_product([["AAA", "BBB"], ["agr", "man"]], names=["country", "sector"])
    Ydf = pd.DataFrame(Y, index=idx, columns=pd.MultiIndex.from_tuples([("AAA", "FD"), ("CCC", "FD")]))
    with pytest.raises(InputError, match="CCC"):
        gvckit.ICIO(pd.DataFrame(Z, index=idx, columns=idx), Ydf)


def test_nan_is_an_error_with_labels():
    Z, Y = good()
    Z[2, 1] = np.nan
    with pytest.raises(InputError) as exc:
        make(Z, Y, x=np.ones(4))
    assert "nan_or_inf" in str(exc.value) and "BBB/agr" in str(exc.value)
    assert exc.value.findings[0].code == "nan_or_inf"


def test_infinite_final_demand_is_an_error():
    Z, Y = good()
    x = Z.sum(1) + Y.sum(1)
    Y[0, 1] = np.inf
    rep = gvckit.check(make(Z, Y, x=x, check=False))
    assert rep.get("nan_or_inf").severity == "error" and "in Y" in rep.get("nan_or_inf").message


def test_negative_intermediate_is_an_error():
    Z, Y = good()
    Z[1, 3] = -2.0
    with pytest.raises(InputError, match=r"negative_intermediate.*AAA/man -> BBB/man \(-2\)"):
        make(Z, Y)


def test_negative_final_demand_is_a_warning():
    Z, Y = good()
    Y[0, 0] = -1.0
    rep = gvckit.check(make(Z, Y))
    f = rep.get("negative_final_demand")
    assert rep.ok and f.severity == "warning" and "AAA/agr -> AAA/FD (-1)" in f.message


def test_row_imbalance_lists_worst_offenders():
    Z, Y = good()
    x = Z.sum(1) + Y.sum(1)
    x[3] += 5.0
    x[0] += 50.0
    rep = gvckit.check(make(Z, Y, x=x, check=False))
    f = rep.get("row_imbalance")
    assert f.severity == "error" and f.labels[0] == ("AAA", "agr") and f.size == pytest.approx(50.0)
    assert "worst (x - row sum): AAA/agr (50)" in f.message
    with pytest.raises(InputError, match="row_imbalance"):
        make(Z, Y, x=x)


def test_small_imbalance_within_tolerance_passes():
    Z, Y = good()
    x = Z.sum(1) + Y.sum(1)
    x[1] += 1e-6
    rep = gvckit.check(make(Z, Y, x=x))
    assert rep.ok and rep.get("row_balance_within_tolerance") is not None


def test_column_imbalance_with_reported_value_added():
    Z, Y = good()
    x = Z.sum(1) + Y.sum(1)
    va = x - Z.sum(0)
    va_bad = va.copy()
    va_bad[2] -= 30.0
    assert gvckit.check(make(Z, Y, va=va)).ok
    rep = gvckit.check(make(Z, Y, va=va_bad, check=False))
    f = rep.get("column_imbalance")
    assert f.severity == "error" and f.labels == (("BBB", "agr"),)


def test_negative_value_added_is_a_warning():
    Z, Y = good()
    Z[:, 1] *= 6  # inputs of AAA/man exceed its output
    rep = gvckit.check(make(Z, Y, check=False))
    f = rep.get("negative_value_added")
    assert f.severity == "warning" and ("AAA", "man") in f.labels


def test_zero_output_with_flows_is_an_error():
    Z, Y = good()
    Y[3] = 0.0
    Z[3] = 0.0  # BBB/man sells nothing ...
    x = Z.sum(1) + Y.sum(1)
    rep = gvckit.check(make(Z, Y, x=x, check=False))  # ... but still buys inputs
    assert rep.get("zero_output").labels == (("BBB", "man"),)
    assert rep.get("zero_output_with_flows").severity == "error"


def test_not_productive_spectral_radius():
    # two sectors that use more than they produce: spectral radius of A > 1
    Z = np.array([[5.0, 12.0], [12.0, 5.0]])
    x = np.array([10.0, 10.0])
    t = gvckit.ICIO(Z, np.zeros((2, 1)), x=x, countries=["A"], sectors=["a", "b"], check=False)
    rep = gvckit.check(t, rtol=10, atol=100)  # ignore the imbalance to reach the productivity check
    f = rep.get("not_productive")
    assert f is not None and f.size == pytest.approx(1.7)
    with pytest.raises(SingularError, match="spectral radius of A is 1.7"):
        rep.raise_for_errors()


def test_singular_I_minus_A_in_model():
    # spectral radius exactly 1: (I - A) singular
    Z = np.array([[5.0, 5.0], [5.0, 5.0]])
    x = np.array([10.0, 10.0])
    t = gvckit.ICIO(Z, np.zeros((2, 1)), x=x, countries=["A"], sectors=["a", "b"], check=False)
    assert gvckit.check(t).get("not_productive") is not None
    with pytest.raises(SingularError):
        _ = gvckit.Model(t).lu
    with pytest.raises(SingularError):  # the dense inverse without factors goes through getri
        _ = gvckit.Model(t).B


def test_report_frame_and_str():
    Z, Y = good()
    Y[0, 0] = -1.0
    rep = gvckit.check(make(Z, Y))
    df = rep.to_frame()
    assert list(df.columns) == ["code", "severity", "message", "labels", "size"]
    assert "negative_final_demand" in str(rep)


def test_model_rejects_non_tables():
    with pytest.raises(InputError, match="needs a gvckit.ICIO"):
        gvckit.Model(np.eye(2))


# ------------------------------------------------------- Collatz-Wielandt certificate of rho < 1
@settings(max_examples=60, deadline=None)
@given(st.integers(2, 12), st.floats(0.1, 1.6), st.integers(0, 2**31 - 1))
def test_radius_certificate_never_certifies_a_radius_at_or_above_one(n, scale, seed):
    """The certificate on a matrix itself (Z = A, x = 1): when it says True, LAPACK's
    eigenvalues agree (< 1)."""
    from gvckit.checks import productive_by_bound

    rng = np.random.default_rng(seed)
    A = rng.random((n, n)) * rng.random((n, n)) * scale * 2 / n
    rho = float(np.max(np.abs(np.linalg.eigvals(A))))
    if productive_by_bound(A, np.ones(n)):
        assert rho < 1.0
    elif rho < 0.99:  # an easy case must be certified (power iteration converges)
        assert productive_by_bound(A, np.ones(n), steps=500)


def test_radius_certificate_on_hand_worked_matrices():
    """[[.5,.6],[.6,.5]] has eigenvalues 1.1 and -0.1; [[.5,.4],[.6,.5]] has 0.5 +- sqrt(.24)."""
    from gvckit.checks import productive_by_bound

    one = np.ones(2)
    assert not productive_by_bound(np.array([[0.5, 0.6], [0.6, 0.5]]), one)
    assert productive_by_bound(np.array([[0.5, 0.4], [0.6, 0.5]]), one)  # rho = 0.98990
    assert productive_by_bound(np.zeros((3, 3)), np.ones(3))


def test_negative_inventory_change_is_a_note_and_other_negatives_stay_warnings():
    """WIOD 2011 has 352 negative final-demand cells: 346 are changes in inventories (INVEN),
    a drawn-down stock, normal; 6 are negative GFCF (SVK, DNK, FRA ...), which stay warnings."""
    rep = gvckit.check(gvckit.load_dataset("wiod2013", year=2011))
    inv, other = rep.get("negative_inventory_change"), rep.get("negative_final_demand")
    assert inv.severity == "note" and inv.message.startswith("346 ")
    assert other.severity == "warning" and other.message.startswith("6 ")
    assert all(str(col[1]) == "INVEN" for _, col in inv.labels)
    assert all(str(col[1]) != "INVEN" for _, col in other.labels)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 10), st.floats(0.2, 1.5), st.integers(0, 2**31 - 1))
def test_productive_bound_from_Z_and_x_is_a_certificate(n, scale, seed):
    """The Z-and-x form never certifies a table whose A = Z diag(x)^-1 has rho >= 1 (LAPACK),
    including zero-output columns (A's column is zero there)."""
    from gvckit.checks import productive_by_bound
    from gvckit.leontief import technical_coefficients

    rng = np.random.default_rng(seed)
    x = rng.uniform(1, 10, n)
    x[rng.random(n) < 0.2] = 0.0
    Z = rng.random((n, n)) * scale * np.maximum(x, 1)[None, :] * 2 / n
    A = technical_coefficients(Z, x)
    rho = float(np.max(np.abs(np.linalg.eigvals(A))))
    if productive_by_bound(Z, x):
        assert rho < 1.0
    elif rho < 0.99:
        assert productive_by_bound(Z, x, steps=500)


def test_findings_read_in_chinese_and_keep_their_english_message():
    """A finding's message comes from the catalogue (``chk_<code>``): ``message`` is the English
    text (unchanged), ``text("zh")`` the Chinese one with the same numbers and labels; the CLI
    prints the findings in the language asked for."""
    import subprocess
    import sys

    import gvckit

    f = next(f for f in gvckit.check(gvckit.load_dataset("wiod2013", year=2011)).findings
             if f.code == "nonpositive_output")
    assert f.message.startswith("2 sector(s) with gross output <= 0 and no intermediate flows")
    assert f.text("en") == f.message
    zh = f.text("zh")
    assert zh.startswith("2 个部门的总产出 ≤ 0 且没有中间流量") and "LUX/19" in zh and "最终使用" in zh
    assert "sector(s)" not in zh and "final use" not in zh
    rep = gvckit.check(gvckit.load_dataset("wiod2013", year=2011))
    assert str(rep) == rep.text("en") and "[warning] nonpositive_output: 2 个部门" in rep.text("zh")
    hand = gvckit.checks.Finding("x", "note", "made by hand")
    assert hand.text("zh") == "made by hand"  # no catalogue fields: the message as given
    r = subprocess.run([sys.executable, "-m", "gvckit", "--lang", "zh", "diagnose", "--industry", "leather"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "个部门的总产出 ≤ 0" in r.stderr and "sector(s)" not in r.stderr, r.stderr[-500:]
