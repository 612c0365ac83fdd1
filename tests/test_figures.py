"""Figures (gvckit.outputs.figures): content checked against the paper's framework and the data.

Independent references: the Figure 1 moves and the Table 1 cells come from
``gvckit.framework`` (concepts.FIGURE1_MOVES, typology.type_for), which encode the paper; the
smile-curve fit is checked against a parabola worked by hand; plotted points against the input.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import FancyArrowPatch

from gvckit.errors import InputError
from gvckit.framework.concepts import FIGURE1_MOVES
from gvckit.framework.typology import OutsideTypology, type_for
from gvckit.messages import tr
from gvckit.outputs import figures as F

ITEMS = pd.DataFrame(
    {
        "label": ["textiles", "leather", "general machinery", "electronics", "Haining leather"],
        "point": ["B", "B", "A", "D", "C"],
        "type": ["II", "II", "I", "III", "II"],
        "governance": [
            "buyer-driven",
            "buyer_driven",
            "buyer-driven",
            "producer-driven",
            "采购者驱动型",
        ],
        "integration": ["high", "high", "low", "high", "high"],
        "participation": [0.42, 0.55, 0.21, 0.61, 0.50],
        "position": [-0.12, -0.20, 0.05, -0.31, -0.15],
    }
)


def _text_list(fig) -> list[tuple[str, tuple[float, float]]]:
    return [(t.get_text(), t.get_position()) for ax in fig.axes for t in ax.texts]


def _texts(fig) -> dict[str, tuple[float, float]]:
    return dict(_text_list(fig))


def test_upgrading_model_matches_paper_moves_and_places_items():
    fig = F.upgrading_model(ITEMS, "en")
    ax = fig.axes[0]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    drawn = set()
    for a in arrows:
        (x0, y0), (x1, y1) = a._posA_posB
        start = next(k for k, v in F._XY.items() if np.allclose(v, (x0, y0)))
        end = next(k for k, v in F._XY.items() if np.allclose(v, (x1, y1)))
        drawn.add((start, end))
    paper = {(m.from_point.value, m.to_point.value) for m in FIGURE1_MOVES}
    assert drawn == paper == {("A", "B"), ("B", "C"), ("B", "D"), ("D", "E")}
    texts = _texts(fig)
    for p in "ABCDE":
        assert texts[p] == pytest.approx(F._XY[p])
    # each item sits next to its own point, closer to it than to any other point
    for label, point in zip(ITEMS["label"], ITEMS["point"], strict=True):
        x, y = texts[label]
        dist = {k: np.hypot(x - v[0], y - v[1]) for k, v in F._XY.items()}
        assert min(dist, key=dist.get) == point, label


def test_upgrading_model_rejects_unknown_point():
    with pytest.raises(InputError, match="F"):
        F.upgrading_model(pd.DataFrame({"label": ["x"], "point": ["F"]}))
    with pytest.raises(InputError, match="point"):
        F.upgrading_model(pd.DataFrame({"label": ["x"]}))


def test_typology_matrix_cells_follow_table1():
    fig = F.typology_matrix(ITEMS, "en")
    texts = _texts(fig)
    cols = {"low": 0, "high": 1, "emerging": 2}
    rows = {"buyer-driven": 1, "producer-driven": 0}
    for gov, r in rows.items():
        for integ, c in cols.items():
            t = type_for(gov, integ)
            if isinstance(t, OutsideTypology):
                expected = (
                    "cell_outside" if (gov, integ) == ("producer-driven", "high") else "cell_empty"
                )
            else:
                expected = f"type_{t.code}"
            heads = [
                s
                for s, (x, y) in _text_list(fig)
                if c < x < c + 1 and r < y < r + 1 and not s.startswith("•")
            ]
            assert tr(expected, "en") in heads, (gov, integ, heads)
    # items land in their cell; electronics with high integration is outside the typology
    where = {
        "textiles": (1, 1),
        "general machinery": (0, 1),
        "electronics": (1, 0),
        "Haining leather": (1, 1),
    }
    for label, (c, r) in where.items():
        x, y = texts["• " + label]
        assert c < x < c + 1 and r < y < r + 1, label


def test_typology_matrix_bad_governance():
    bad = ITEMS.assign(governance=["state-driven"] * len(ITEMS))
    with pytest.raises(InputError, match="state-driven"):
        F.typology_matrix(bad)


def test_smile_curve_fits_parabola_per_year():
    x = np.linspace(0.0, 4.0, 9)
    df = pd.concat(
        [
            pd.DataFrame({"position": x, "value_added": 1 + (x - 2) ** 2, "year": 1995}),
            pd.DataFrame({"position": x, "value_added": 2 + 0.5 * (x - 1.5) ** 2, "year": 2011}),
        ]
    )
    fig = F.smile_curve(df, "en", position="distance")
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and len(ax.collections) == 2
    xs, ys = ax.lines[0].get_data()
    np.testing.assert_allclose(ys, 1 + (xs - 2) ** 2, atol=1e-9)
    xs, ys = ax.lines[1].get_data()
    np.testing.assert_allclose(ys, 2 + 0.5 * (xs - 1.5) ** 2, atol=1e-9)
    np.testing.assert_allclose(ax.collections[0].get_offsets(), np.c_[x, 1 + (x - 2) ** 2])
    assert ax.get_xlabel() == tr("ax_distance", "en")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["1995", "2011"]


def test_smile_curve_checks_columns():
    with pytest.raises(InputError, match="value_added"):
        F.smile_curve(pd.DataFrame({"position": [1.0]}))
    with pytest.raises(InputError, match="numeric"):
        F.smile_curve(pd.DataFrame({"position": ["a"], "value_added": [1.0]}))


def test_participation_position_points():
    fig = F.participation_position(ITEMS, "en")
    ax = fig.axes[0]
    pts = np.vstack([c.get_offsets() for c in ax.collections])
    expected = ITEMS[["position", "participation"]].to_numpy()
    assert sorted(map(tuple, pts)) == sorted(map(tuple, expected))
    assert ax.get_ylabel() == tr("ax_participation", "en")


def test_time_paths_one_panel_per_measure():
    years = np.arange(1995, 2012)
    rows = [
        (item, y, m, v * (y - 1990))
        for item, v in (("textiles", 0.01), ("leather", 0.02))
        for m in ("DVA share", "participation", "position")
        for y in years
    ]
    df = pd.DataFrame(rows, columns=["item", "year", "measure", "value"])
    fig = F.time_paths(df, "en", measures=["participation", "DVA share"])
    assert [a.get_title() for a in fig.axes] == ["participation", "DVA share"]
    xs, ys = fig.axes[0].lines[1].get_data()
    np.testing.assert_array_equal(xs, years)
    np.testing.assert_allclose(ys, 0.02 * (years - 1990))
    with pytest.raises(InputError, match="GDP"):
        F.time_paths(df, "en", measures=["GDP"])


def test_svg_text_as_paths_and_png(tmp_path):
    fig = F.typology_matrix(ITEMS, "en")
    svg = F.figure_svg(fig)
    assert "<svg" in svg and "<text" not in svg  # text drawn as paths: no font needed
    assert "dc:date" not in svg
    files = F.save_figure(fig, tmp_path / "m.whatever")
    assert [f.name for f in files] == ["m.svg", "m.png"]
    assert files[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InputError, match="pdf"):
        F.save_figure(fig, tmp_path / "m", formats=("pdf",))


def _fc_has_zh() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return bool(out.stdout.strip())


@pytest.mark.skipif(not _fc_has_zh(), reason="no CJK font installed (Debian: fonts-noto-cjk)")
@pytest.mark.parametrize("make", [F.upgrading_model, F.typology_matrix])
def test_chinese_renders_without_missing_glyphs(make):
    assert F.cjk_fonts(), "fontconfig has a CJK font but matplotlib does not see it"
    items = ITEMS.assign(label=["纺织", "皮革", "普通机械", "电子通信", "海宁皮革"])
    fig = make(items, "zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        F.figure_png(fig)
        F.figure_svg(fig)
    assert any("\u4e00" <= ch <= "\u9fff" for s, _ in _text_list(fig) for ch in s)


def test_missing_glyph_warning_is_what_we_rely_on():
    """Control for the test above: a glyph no font has does raise the warning we look for."""
    fig = F.typology_matrix(ITEMS.assign(label=["\U00013000x"] * len(ITEMS)), "en")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        F.figure_png(fig)
    assert any("missing from font" in str(w.message) for w in caught)


def test_unsupported_language():
    with pytest.raises(InputError, match="fr"):
        F.typology_matrix(ITEMS, "fr")
