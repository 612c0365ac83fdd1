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
from matplotlib.text import Annotation

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
    """(text, anchor in data coordinates): an annotation's anchor is the point it labels."""
    return [(t.get_text(), t.xy if isinstance(t, Annotation) else t.get_position())
            for ax in fig.axes for t in ax.texts]


def _boxes(fig, skip=()) -> list[tuple[str, object]]:
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(r)) for ax in fig.axes for t in ax.texts
            if t.get_text().strip() and t.get_text() not in skip]


def _overlapping(boxes) -> list[tuple[str, str]]:
    bad = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
            h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
            if w > 0.5 and h > 0.5:
                bad.append((a, b))
    return bad


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
    # each item is drawn next to its own point: its box is nearer that point than any other
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    for t in ax.texts:
        if t.get_text() not in set(ITEMS["label"]):
            continue
        bb = t.get_window_extent(r)
        point = ITEMS.set_index("label").loc[t.get_text(), "point"]
        dist = {k: np.hypot(*(np.clip(to_px(v), [bb.x0, bb.y0], [bb.x1, bb.y1]) - to_px(v)))
                for k, v in F._XY.items()}
        assert min(dist, key=dist.get) == point, (t.get_text(), dist)
    assert not _overlapping(_boxes(fig))


def test_upgrading_model_measured_d_labels_at_d():
    """Issue #11: the measured figure put D's labels beside B."""
    items = pd.DataFrame({"label": ["electronics communication", "electrical machinery",
                                    "chemical fibres", "plastics", "chemicals", "metal products",
                                    "general machinery", "textiles", "leather", "garments",
                                    "transport equipment"],
                          "point": list("DDBBBBBCCCE"),
                          "type": ["III", "II", "II", "II", "II", "I", "I", "II", "II", "II", "I"]})
    for lang in ("en", "zh"):
        fig = F.upgrading_model(items, lang)
        ax = fig.axes[0]
        fig.canvas.draw()
        r = fig.canvas.get_renderer()
        d_px, b_px = ax.transData.transform(F._XY["D"]), ax.transData.transform(F._XY["B"])
        for t in ax.texts:
            if t.get_text() in ("electronics communication", "electrical machinery"):
                bb = t.get_window_extent(r)
                assert bb.x0 > d_px[0] and abs((bb.y0 + bb.y1) / 2 - d_px[1]) < 30
                assert bb.x0 > b_px[0] + 50
        assert not _overlapping(_boxes(fig))
        info = F.figure_info(fig)
        assert sorted(info.data["label"]) == sorted(items["label"])
        assert "D" in info.alt and ("electrical machinery" in info.alt or lang == "zh")


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
                s.replace("\n", " ")
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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_typology_matrix_text_stays_inside_cells(lang):
    """Long names wrap inside their cell; "outside the paper's typology" never crosses into
    the type III cell; nothing overlaps."""
    names = ["electronics and communication equipment", "electrical machinery and apparatus",
             "transport equipment", "chemical fibres", "rubber and plastics"] * 2
    items = pd.DataFrame({"label": names, "governance": ["producer-driven"] * 10,
                          "integration": ["high"] * 5 + ["emerging"] * 5})
    fig = F.typology_matrix(items, lang)
    ax = fig.axes[0]
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    inv = ax.transData.inverted()
    for t in ax.texts:
        bb = t.get_window_extent(r)
        (x0, y0), (x1, y1) = inv.transform((bb.x0, bb.y0)), inv.transform((bb.x1, bb.y1))
        c, row = int(np.floor(t.get_position()[0])), int(np.floor(t.get_position()[1]))
        assert c - 1e-6 <= x0 and x1 <= c + 1 + 1e-6, (t.get_text(), x0, x1)
        assert row - 1e-6 <= y0 and y1 <= row + 1 + 1e-6, (t.get_text(), y0, y1)
    assert not _overlapping(_boxes(fig))
    shown = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert F.figure_data(fig)["label"].tolist() == names[:5] + names[5:]
    assert all(n in shown or "+" in shown or "另有" in shown for n in names)


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
    assert ax.get_xlabel().startswith(tr("ax_distance", "en")) and "stages" in ax.get_xlabel()
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["1995", "2011"]
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    assert legend.get_window_extent(r).x0 >= ax.get_window_extent(r).x1  # outside the data
    data = F.figure_data(fig)
    assert len(data) == 18 and data.attrs["units"]["position"] == "stages"


def test_smile_curve_share_axis_in_percent():
    x = np.linspace(1.0, 5.0, 7)
    df = pd.DataFrame({"position": x, "va_share": 0.02 + 0.01 * (x - 3) ** 2,
                       "label": [f"s{i}" for i in range(7)], "year": 2011})
    fig = F.smile_curve(df, "zh", position="distance")
    ax = fig.axes[0]
    assert "%" in ax.get_ylabel() and "生产阶段数" in ax.get_xlabel()
    assert "开口向上" in F.figure_alt(fig)  # c = 0.01 > 0: a smile
    assert not _overlapping(_boxes(fig))


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
    assert ax.get_ylabel().startswith(tr("ax_participation", "en")) and "%" in ax.get_ylabel()
    assert not _overlapping(_boxes(fig))


@pytest.mark.parametrize("lang,joiner", [("en", " / "), ("zh", "、")])
def test_participation_position_shared_sector_is_one_point(lang, joiner):
    """WIOD maps textiles and garments to 17t18: one point, one label naming both."""
    data = pd.DataFrame({"label": ["textiles", "garments", "leather", "electronics", "electrical"],
                         "participation": [0.146657, 0.146657, 0.146788, 0.3036, 0.3036],
                         "position": [2.913207, 2.913207, 2.287361, 2.800466, 2.800466],
                         "type": ["II", "II", "II", "III", "II"], "year": 2011})
    fig = F.participation_position(data, lang, participation_measure="wwyz_backward",
                                   position_measure="upstreamness")
    ax = fig.axes[0]
    pts = [tuple(o) for c in ax.collections for o in c.get_offsets()]
    pts += [tuple(xy) for ln in ax.lines for xy in ln.get_xydata()]
    assert len(pts) == len(set(pts)) == 3
    labels = [t.get_text() for t in ax.texts]
    assert sorted(labels) == sorted(["textiles" + joiner + "garments", "leather",
                                     "electronics" + joiner + "electrical"])
    assert "2011" in ax.get_xlabel() and "2011" in ax.get_ylabel()
    assert tr("unit_stages", lang) in ax.get_xlabel()
    assert not _overlapping(_boxes(fig))
    data_out = F.figure_data(fig)
    assert data_out["items"].tolist() == [2, 1, 2] and data_out.attrs["units"]["participation"] == "share"
    assert "30.4%" in F.figure_alt(fig)


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
    # a measure gvckit knows gets its name; an unknown one keeps the caller's key
    assert [a.get_title() for a in fig.axes] == [tr("fg_measure_participation", "en"), "DVA share"]
    xs, ys = fig.axes[0].lines[1].get_data()
    np.testing.assert_array_equal(xs, years)
    np.testing.assert_allclose(ys, 0.02 * (years - 1990))
    with pytest.raises(InputError, match="GDP"):
        F.time_paths(df, "en", measures=["GDP"])
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    lowest = min(a.get_window_extent(r).y0 for a in fig.axes)
    assert fig.legends[0].get_window_extent(r).y1 <= lowest  # legend below the panels
    assert set(F.figure_data(fig)["measure"]) == {"participation", "DVA share"}


def test_time_paths_known_measures_named_with_units():
    df = pd.DataFrame({"item": "textiles", "year": [2010, 2011] * 2,
                       "measure": ["dva_share_exports"] * 2 + ["upstreamness"] * 2,
                       "value": [0.8, 0.82, 2.9, 3.0]})
    fig = F.time_paths(df, "zh")
    assert [a.get_title() for a in fig.axes] == ["出口国内增加值率", "上游度"]
    assert [a.get_ylabel() for a in fig.axes] == ["%", "生产阶段数"]
    assert F.figure_data(fig)["unit"].tolist() == ["share"] * 2 + ["stages"] * 2


def test_svg_text_as_text_and_png(tmp_path):
    fig = F.typology_matrix(ITEMS, "en")
    svg = F.figure_svg(fig)
    assert "<svg" in svg and "<text" in svg and "general machinery" in svg  # searchable
    assert "@font-face" not in svg  # Latin only: no font to embed
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
