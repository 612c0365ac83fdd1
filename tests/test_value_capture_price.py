"""Value capture, price form (§4 Haining leather example), checked against the seed text."""

from __future__ import annotations

import dataclasses
import math
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gvckit.framework import ValueCapture, haining_leather, value_capture
from gvckit.framework.value_capture import HAINING_LEATHER, IO_FORM_MODULE

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "000_4747af468dc7d231.txt"
CN_FRACTIONS = {
    "十分之一": Fraction(1, 10),
    "五分之一": Fraction(1, 5),
    "二十分之一": Fraction(1, 20),
}


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"shared seed file not found at {SEED} (../shared absent)")
    return "".join(SEED.read_text(encoding="utf-8").split())


def test_haining_example_reproduces_the_paper(seed: str) -> None:
    m = re.search(
        r"出口时的价格只有(\d+)美元.*?每件可以卖到(\d+)美元.*?产品最终价值的(\S{4})", seed
    )
    assert m
    export, final, frac = int(m.group(1)), int(m.group(2)), m.group(3)
    assert frac in CN_FRACTIONS
    r = value_capture(export, final, currency="USD")
    assert r.share == pytest.approx(float(CN_FRACTIONS[frac]))
    assert Fraction(export, final) == CN_FRACTIONS[frac]
    assert haining_leather().share == r.share
    assert (HAINING_LEATHER["export_price"], HAINING_LEATHER["final_price"]) == (export, final)
    assert HAINING_LEATHER["quote_zh"] in seed


def test_share_is_one_tenth_and_downstream_is_the_rest() -> None:
    r = value_capture(30, 300)
    assert r.share == 0.1
    assert r.downstream_part == 270 and r.downstream_share == pytest.approx(0.9)
    assert r.domestic_part is None and r.foreign_part is None and r.method == "price"


def test_foreign_content_splits_the_export_price() -> None:
    r = value_capture(30, 300, foreign_content_share=0.25)
    assert r.domestic_part == pytest.approx(22.5) and r.foreign_part == pytest.approx(7.5)
    assert r.domestic_share == pytest.approx(0.075) and r.foreign_share == pytest.approx(0.025)
    assert r.domestic_share + r.foreign_share == pytest.approx(r.share)
    df = r.to_frame()
    body = df[df.component != "final price"]
    assert body.value.sum() == pytest.approx(300)
    assert body.share_of_final_price.sum() == pytest.approx(1)
    assert df.component_zh.str.len().gt(0).all()


def test_to_frame_without_split() -> None:
    df = haining_leather().to_frame()
    assert df.value.tolist() == [30, 270, 300]
    assert df.attrs["method"] == "price" and df.attrs["currency"] == "USD"


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((0, 300), "export_price"),
        ((-1, 300), "export_price"),
        ((30, float("nan")), "final_price"),
        ((30, float("inf")), "final_price"),
        ((30, "x"), "final_price"),
        ((301, 300), "cannot exceed"),
        ((30, 300, 1.5), r"\[0, 1\]"),
        ((30, 300, -0.1), r"\[0, 1\]"),
        ((30, 300, "a lot"), r"\[0, 1\]"),
    ],
)
def test_invalid_inputs_raise_clear_errors(args: tuple, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        value_capture(*args)


def test_result_is_frozen() -> None:
    r = value_capture(30, 300)
    assert isinstance(r, ValueCapture)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.share = 0.5  # type: ignore[misc]


def test_io_form_has_a_named_place() -> None:
    assert IO_FORM_MODULE == "gvckit.framework.value_capture_io"


@given(
    final=st.floats(min_value=1e-6, max_value=1e9, allow_nan=False),
    frac=st.floats(min_value=1e-6, max_value=1.0),
    fcs=st.floats(min_value=0.0, max_value=1.0),
)
def test_parts_add_up(final: float, frac: float, fcs: float) -> None:
    export = final * frac
    r = value_capture(export, final, fcs)
    assert 0 < r.share <= 1
    assert math.isclose(r.domestic_part + r.foreign_part + r.downstream_part, final, rel_tol=1e-9)
    assert math.isclose(r.domestic_share + r.foreign_share + r.downstream_share, 1, rel_tol=1e-9)
