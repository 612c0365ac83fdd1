"""The bundled CJK font: Chinese figures render on a machine with no CJK font at all.

The reference for "renders" is matplotlib's own missing-glyph warning (its control is
``test_figures.test_missing_glyph_warning_is_what_we_rely_on``) and the font's character map read
back with fontTools, not gvckit's code.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from gvckit.messages import catalogue
from gvckit.outputs import figures as F
from gvckit.outputs import fonts

SRC = Path(__file__).resolve().parents[1] / "src"

# Every Chinese figure, drawn in a process that sees no font but matplotlib's own (DejaVu) and
# gvckit's bundled one; any "Glyph ... missing" warning fails it.
_SCRIPT = textwrap.dedent(r"""
    import json, sys, warnings
    import matplotlib
    from matplotlib import font_manager as fm
    import pandas as pd
    mpl_fonts = str(matplotlib.get_data_path())
    fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist if f.fname.startswith(mpl_fonts)]
    fm._get_font.cache_clear()
    assert not [f.name for f in fm.fontManager.ttflist if "CJK" in f.name or "Hei" in f.name]
    from gvckit.framework import registry
    from gvckit.outputs import figures as F
    # every bundled industry and cluster name (cluster names with their place)
    names = list(registry.industries()["name_zh"])
    names += [f"{c.place_zh}{c.name_zh}" for c in registry.clusters().itertuples()]
    n = len(names)
    items = pd.DataFrame({"label": names, "point": (list("ABCDE") * n)[:n],
                          "type": (["I", "II", "III", "outside"] * n)[:n],
                          "governance": (["采购者驱动型", "生产者驱动型"] * n)[:n],
                          "integration": (["low", "high", "emerging"] * n)[:n],
                          "participation": [0.1 + 0.02 * i for i in range(n)],
                          "position": [1.5 + 0.1 * i for i in range(n)]})
    smile = pd.DataFrame({"label": names, "position": [1.0 + 0.3 * i for i in range(n)],
                          "va_share": [0.05 + 0.01 * (i - n / 2) ** 2 for i in range(n)],
                          "year": 2011})
    paths = pd.DataFrame({"item": names[0], "year": [2010, 2011] * 2,
                          "measure": ["dva_share_exports"] * 2 + ["upstreamness"] * 2,
                          "value": [0.8, 0.82, 2.9, 3.0]})
    figs = [F.upgrading_model(items, "zh"), F.typology_matrix(items, "zh"),
            F.smile_curve(smile, "zh", position="distance"),
            F.participation_position(items, "zh", participation_measure="wwyz_backward",
                                     position_measure="upstreamness", year=2011),
            F.time_paths(paths, "zh")]
    out = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fig in figs:
            F.figure_png(fig)
            out.append(F.figure_svg(fig))
    used = sorted({fm.FontProperties(fname=f.fname).get_name() for f in fm.fontManager.ttflist
                   if "gvckit" in f.name})
    print(json.dumps({"warnings": [str(w.message) for w in caught], "used": used,
                      "svg": out}))
""")


@pytest.fixture(scope="module")
def no_cjk_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nocjk")
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{tmp / 'nofonts'}</dir><cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>"
    )
    (tmp / "nofonts").mkdir()
    env = {**os.environ, "PYTHONPATH": str(SRC), "FONTCONFIG_FILE": str(conf)}
    r = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_chinese_figures_have_every_glyph_without_system_cjk_font(no_cjk_run):
    missing = [w for w in no_cjk_run["warnings"] if "missing from font" in w]
    assert not missing, missing[:5]
    assert no_cjk_run["used"] == [fonts.FONT_FAMILY]


def test_chinese_svg_keeps_text_and_embeds_its_font(no_cjk_run):
    for svg in no_cjk_run["svg"]:
        texts = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
        assert re.search(r"[\u4e00-\u9fff]", texts)  # real CJK text, not outlines
        assert fonts.FONT_FAMILY in svg
        m = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg)
        assert m, "no embedded @font-face"
        cmap = TTFont(io.BytesIO(base64.b64decode(m.group(1)))).getBestCmap()
        need = {ord(c) for c in texts if not c.isspace()}
        assert need <= set(cmap), "".join(chr(c) for c in sorted(need - set(cmap)))[:40]


def test_every_character_gvckit_prints_is_in_the_font():
    """Fails when a catalogue string or bundled name brings a new character: rerun
    ``python -m gvckit.outputs.fonts <Noto Sans CJK file>`` (see fonts/README.md)."""
    zh = "".join(catalogue("zh").values()) + "".join(catalogue("en").values())
    assert fonts.missing_glyphs(zh) == ""
    assert fonts.missing_glyphs("".join(sorted(fonts.package_characters()))) == ""


def test_gb2312_level1_is_covered():
    level1 = "".join(bytes([0xB0 + r, c]).decode("gb2312", "ignore")
                     for r in range(0, 0xD8 - 0xB0) for c in range(0xA1, 0xFF))
    assert len(level1) >= 3755
    assert fonts.missing_glyphs(level1) == ""
    assert fonts.missing_glyphs("喆") == "喆"  # level 2: not promised


def test_font_is_renamed_licensed_and_registered_explicitly():
    f = TTFont(str(fonts.FONT_PATH))
    name = f["name"]
    assert name.getDebugName(1) == fonts.FONT_FAMILY
    assert "Open Font License" in name.getDebugName(13)
    assert "Noto" not in name.getDebugName(1)
    here = fonts.FONT_PATH.parent
    assert "SIL OPEN FONT LICENSE Version 1.1" in (here / "OFL.txt").read_text("utf-8")
    assert "Noto Sans CJK SC" in (here / "README.md").read_text("utf-8")
    from matplotlib import font_manager

    fonts.register()
    assert str(fonts.FONT_PATH) in {f.fname for f in font_manager.fontManager.ttflist}


def test_css_font_face_subsets_to_the_document():
    css = fonts.css_font_face("采购者驱动型 Type I")
    assert css.startswith("@font-face{font-family:'gvckit Sans SC'")
    data = base64.b64decode(re.search(r"base64,([^)]+)\)", css).group(1))
    font = TTFont(io.BytesIO(data))
    assert font.flavor == "woff"
    cmap = font.getBestCmap()
    assert {ord(c) for c in "采购者驱动型TypeI"} <= set(cmap)
    assert ord("融") not in cmap  # only the document's characters (and Latin)
    assert len(data) < 60_000
    full = fonts.css_font_face()
    assert len(full) > 10 * len(css)


def test_english_figure_svg_has_no_font(tmp_path):
    import pandas as pd

    fig = F.typology_matrix(pd.DataFrame({"label": ["textiles"], "governance": ["buyer-driven"],
                                          "integration": ["low"]}), "en")
    assert "@font-face" not in F.figure_svg(fig)


def test_subset_cut_from_a_larger_subset_has_the_same_glyphs():
    """``within=``: a figure's subset cut from the report's subset holds the figure's
    characters only, with outlines equal to those cut from the whole font."""
    from fontTools.pens.recordingPen import RecordingPen

    report = "浙江产业集群在全球价值链中的升级模式 纺织 服装 皮革 电子通信 融资"
    figure = "皮革 电子 Type II"

    def glyphs(css):
        data = base64.b64decode(re.search(r"base64,([^)]+)\)", css).group(1))
        font = TTFont(io.BytesIO(data))
        cmap, gs = font.getBestCmap(), font.getGlyphSet()
        out = {}
        for ch in set(figure.replace(" ", "")):
            pen = RecordingPen()
            gs[cmap[ord(ch)]].draw(pen)
            out[ch] = pen.value
        return cmap, out

    cut_cmap, cut = glyphs(fonts.css_font_face(figure, within=report))
    direct_cmap, direct = glyphs(fonts.css_font_face(figure))
    assert cut == direct
    assert ord("融") not in cut_cmap and ord("融") not in direct_cmap
    assert {ord(c) for c in figure.replace(" ", "")} <= set(cut_cmap)
    # a cut holds the figure's characters exactly: no Latin of its own (the direct subset has it)
    assert set(cut_cmap) == {ord(c) for c in figure}
    assert ord("z") in direct_cmap and ord("z") not in cut_cmap
    # a chain (the report, then its figures together): the same glyphs, the same characters
    figures = figure + " 纺织 Type III"
    chain_cmap, chain = glyphs(fonts.css_font_face(figure, within=(report, figures)))
    assert chain == direct and set(chain_cmap) == set(cut_cmap)


def test_cjk_text_elements_list_the_embedded_font_first():
    """Chromium drew some CJK <text> elements as boxes when the embedded family came second
    after DejaVu Sans; elements with CJK now list it first, Latin-only ones keep DejaVu first."""
    import pandas as pd

    fig = F.typology_matrix(pd.DataFrame({"label": ["纺织业", "textiles"], "governance": ["buyer-driven"] * 2,
                                          "integration": ["low"] * 2}), "zh")
    svg = F.figure_svg(fig)
    texts = re.findall(r"<text\b([^>]*)>([^<]*)</text>", svg)
    cjk = [a for a, t in texts if re.search(r"[\u4e00-\u9fff]", t)]
    latin = [a for a, t in texts if t.strip() and not re.search(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]", t)]
    assert cjk and latin
    assert all("font-family: 'gvckit Sans SC', 'DejaVu Sans'" in a for a in cjk)
    assert all("font-family: 'DejaVu Sans', 'gvckit Sans SC'" in a for a in latin if "font-family" in a)


# ---- the core font (fonts/gvckit-sans-sc-core.woff): TrueType cut of gvckit's own characters


def _woff_to_sfnt(data: bytes) -> bytes:
    """WOFF 1.0 to the SFNT it wraps, from the W3C WOFF File Format 1.0 recommendation
    (https://www.w3.org/TR/WOFF/, sections 3-5: a 44-byte header whose ``numTables`` is the
    big-endian uint16 at offset 12, then 20-byte table entries ``tag, offset, compLength,
    origLength, origChecksum``; a table is zlib-compressed when ``compLength < origLength``),
    written here without fontTools so that FreeType, not fontTools, reads the result."""
    import struct
    import zlib

    assert data[:4] == b"wOFF"
    flavor, = struct.unpack(">I", data[4:8])
    n, = struct.unpack(">H", data[12:14])
    entries = [struct.unpack(">4sIIII", data[44 + 20 * i:64 + 20 * i]) for i in range(n)]
    tables = []
    for tag, off, comp, orig, checksum in entries:
        raw = data[off:off + comp]
        tables.append((tag, checksum, zlib.decompress(raw) if comp < orig else raw))
    # an SFNT: offset table, table records (tag, checksum, offset, length), 4-byte aligned tables
    k = max(i for i in range(16) if 2 ** i <= n)
    head = struct.pack(">IHHHH", flavor, n, 16 * 2 ** k, k, 16 * n - 16 * 2 ** k)
    out, body, pos = [head], [], 12 + 16 * n
    for tag, checksum, table in tables:
        out.append(struct.pack(">4sIII", tag, checksum, pos, len(table)))
        padded = table + b"\0" * (-len(table) % 4)
        body.append(padded)
        pos += len(padded)
    return b"".join(out + body)


def test_core_font_holds_every_character_gvckit_prints():
    """Fails when a new character enters gvckit's own text: rerun
    ``python -m gvckit.outputs.fonts --core`` (pages with it are then cut from the bundled font,
    correct but slower)."""
    core = fonts._cmap(fonts.CORE_PATH)
    own = "".join(catalogue("zh").values()) + "".join(catalogue("en").values())
    own += "".join(sorted(fonts.package_characters()))
    assert "".join(sorted({c for c in own if ord(c) not in core and c.isprintable() and not c.isspace()})) == ""


def test_core_font_draws_as_the_bundled_font_in_freetype(tmp_path):
    """FreeType (matplotlib's ft2font) reads both files: every character of the core font has
    the bundled font's advance and, drawn unhinted at 48 px, the same ink to 2.5% (CJK glyphs to
    a fraction of that; dots and commas, a few dozen pixels, carry the rounding) in a bitmap of
    the same size give or take a pixel. (FreeType's bounding boxes are control boxes, which
    differ between cubic and quadratic curves of the same shape, so they are not compared.)"""
    import numpy as np
    from matplotlib import ft2font

    sfnt = tmp_path / "core.ttf"
    sfnt.write_bytes(_woff_to_sfnt(fonts.CORE_PATH.read_bytes()))
    core = ft2font.FT2Font(str(sfnt))
    full = ft2font.FT2Font(str(fonts.FONT_PATH))
    assert core.family_name == fonts.FONT_FAMILY
    chars = sorted(fonts._cmap(fonts.CORE_PATH))
    assert len(chars) > 1000
    flags = getattr(ft2font, "LoadFlags", None)
    no_scale = flags.NO_SCALE if flags else 1
    no_hinting = flags.NO_HINTING if flags else 2
    for c in chars:
        assert core.load_char(c, no_scale).horiAdvance == full.load_char(c, no_scale).horiAdvance, chr(c)
        ink = []
        for f in (core, full):
            f.set_size(48, 72)
            f.set_text(chr(c), flags=no_hinting)
            f.draw_glyphs_to_bitmap(antialiased=True)
            ink.append(np.asarray(f.get_image(), dtype=float))
        assert all(abs(a - b) <= 1 for a, b in zip(ink[0].shape, ink[1].shape, strict=True)), chr(c)
        assert abs(ink[0].sum() - ink[1].sum()) <= 0.025 * max(ink[1].sum(), 1.0), chr(c)


def test_a_page_of_gvckit_text_is_cut_from_the_core_font_others_from_the_bundled_one():
    def font_of(css):
        return TTFont(io.BytesIO(base64.b64decode(re.search(r"base64,([^)]+)\)", css).group(1))))

    own = font_of(fonts.css_font_face("采购者驱动型 Type I\n"))
    assert "glyf" in own and "CFF " not in own
    # 喆 is in neither font; 氦 is a GB 2312 level-1 hanzi gvckit never prints itself
    assert "氦" not in fonts.package_characters() and fonts.missing_glyphs("氦") == ""
    other = font_of(fonts.css_font_face("采购者驱动型 氦 喆"))
    assert "CFF " in other and "glyf" not in other
    assert {ord("氦"), ord("采")} <= set(other.getBestCmap()) and ord("喆") not in other.getBestCmap()
    assert "glyf" in font_of(fonts.css_font_face("采购者驱动型 喆"))  # 喆: in neither, no reason to leave the core
