"""The CJK font gvckit ships, so Chinese figures and reports read right on any machine.

gvckit bundles ``fonts/gvckit-sans-sc.otf``: a subset of Noto Sans CJK SC Regular (SIL Open Font
License 1.1; licence and provenance in ``fonts/OFL.txt`` and ``fonts/README.md``) holding every
character gvckit itself can print (its message catalogue, bundled sector, country, industry and
cluster names, and the text of its code and data files), the 3,755 level-1 hanzi of GB 2312 (so most
names in a user's own data render too), GB 2312's symbols and full-width forms, and Latin text.
It is renamed ``gvckit Sans SC`` (a modified OFL font may not carry the original's name, and
"Noto" is a Google trademark), and is about 0.9 MB.

Why a bundled subset rather than a dependency: the registry packages that ship a CJK font are
tens of megabytes (``mplfonts`` is an 85 MB wheel) for the few thousand glyphs gvckit needs, and
a system font (Debian ``fonts-noto-cjk``) cannot be assumed on a reader's machine.

- :func:`register` adds the font to matplotlib's font manager explicitly
  (:meth:`~matplotlib.font_manager.FontManager.addfont`), never relying on fontconfig;
  :func:`figure_fonts` is the font fallback list every gvckit figure uses.
- :func:`css_font_face` returns an ``@font-face`` rule embedding the font (optionally subset
  again to the characters of one document) as a ``data:`` URL, so that an HTML page showing the
  figures' SVG *text* (selectable, searchable, readable by a screen reader) displays it without
  any installed font or network access.
- :func:`missing_glyphs` says which characters of a text the bundled font cannot draw.
- :func:`build_subset` is the maintainer's tool that (re)makes the bundled file from the full
  font: ``python -m gvckit.outputs.fonts /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``.
- ``fonts/gvckit-sans-sc-core.woff`` is the same font cut to gvckit's own characters
  (:func:`package_characters`) and Latin, with TrueType outlines: a page whose text it covers
  (every page of gvckit's own report on its bundled data) is cut from it in ~0.07 s instead of
  0.3-0.5 s, since TrueType glyphs are copied as they are where CFF ones are interpreted one by
  one in Python. :func:`build_core` makes it from the bundled file:
  ``python -m gvckit.outputs.fonts --core``.

Examples
--------
>>> from gvckit.outputs.fonts import FONT_FAMILY, missing_glyphs
>>> FONT_FAMILY
'gvckit Sans SC'
>>> missing_glyphs("采购者驱动型 Type III")
''
"""

from __future__ import annotations

import base64
import functools
import gzip
import io
import logging
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from gvckit.errors import InputError

__all__ = [
    "FONT_FAMILY",
    "FONT_PATH",
    "register",
    "figure_fonts",
    "css_font_face",
    "missing_glyphs",
    "package_characters",
    "subset_characters",
    "build_subset",
    "build_core",
    "warm_up",
]

#: Family name of the bundled font (as matplotlib, SVG and CSS see it).
FONT_FAMILY = "gvckit Sans SC"
#: The bundled font file.
FONT_PATH = Path(__file__).with_name("fonts") / "gvckit-sans-sc.otf"
#: The bundled font cut to gvckit's own characters, TrueType outlines, WOFF (:func:`build_core`).
CORE_PATH = FONT_PATH.with_name("gvckit-sans-sc-core.woff")
#: Latin text figures use first (ships with matplotlib); CJK falls back to the bundled font.
LATIN_FAMILY = "DejaVu Sans"

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
# Latin-1, general punctuation, arrows, maths signs and the like that labels and captions use
_EXTRA_RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2030, 0x203A), (0x2190, 0x2199),
                 (0x2212, 0x2212), (0x2264, 0x2265), (0x00D7, 0x00D7), (0x2022, 0x2022))


@functools.cache
def register() -> str:
    """Add the bundled font to matplotlib's font manager (once) and return its family name.

    Raises
    ------
    FileNotFoundError
        If the package was installed without its font file (a packaging bug).
    """
    from matplotlib import font_manager

    if not FONT_PATH.is_file():  # pragma: no cover - packaging bug
        raise FileNotFoundError(f"gvckit's bundled font is missing: {FONT_PATH}")
    font_manager.fontManager.addfont(str(FONT_PATH))
    # The subset ships the regular weight only: bold CJK titles are drawn in it on purpose, so
    # matplotlib's per-call "Failed to find font weight bold" notice is not news to the user.
    logging.getLogger("matplotlib.font_manager").addFilter(_BOLD_FALLBACK)
    return FONT_FAMILY


class _BoldFallbackFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (FONT_FAMILY in record.getMessage() and "weight" in record.getMessage())


_BOLD_FALLBACK = _BoldFallbackFilter()


def figure_fonts() -> list[str]:
    """Font fallback list of every gvckit figure: DejaVu Sans for Latin, then the bundled CJK font.

    matplotlib (>= 3.6) picks, glyph by glyph, the first family of the list that has it; SVG text
    carries the same list as its CSS ``font-family``.
    """
    return [LATIN_FAMILY, register()]


@functools.cache
def _cmap(path: Path = FONT_PATH) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as f:
        return frozenset(f.getBestCmap())


def _source_for(chars: frozenset[str]) -> Path:
    """The file a subset to ``chars`` is cut from: the core font when it holds every one of them
    that the bundled font holds (the others, a line break say, are in neither subset)."""
    if CORE_PATH.is_file():
        core = _cmap(CORE_PATH)
        need = {ord(c) for c in chars if ord(c) not in core and c.isprintable() and not c.isspace()}
        if not need or need.isdisjoint(_cmap(FONT_PATH)):
            return CORE_PATH
    return FONT_PATH


def warm_up() -> None:
    """Load what :func:`css_font_face` needs to cut a page's font (fontTools' subsetter, the
    core font's character map), ahead of time: the report does it while a forked child is
    still drawing figures (:mod:`gvckit.outputs.drawing`)."""
    import fontTools.subset  # noqa: F401 - imported for its side effect: loaded once

    if CORE_PATH.is_file():
        _cmap(CORE_PATH)


def missing_glyphs(text: str) -> str:
    """The distinct characters of ``text`` (in order) that the bundled font has no glyph for.

    Whitespace and control characters are ignored.
    """
    have = _cmap()
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and ch.isprintable() and ord(ch) not in have:
            seen[ch] = None
    return "".join(seen)


def css_font_face(text: str | None = None, *, family: str = FONT_FAMILY,
                  within: str | Sequence[str] | None = None) -> str:
    """CSS ``@font-face`` rule embedding the bundled font as a ``data:`` URL (WOFF).

    Parameters
    ----------
    text : str, optional
        The document's text. When given, the font is subset to its characters (plus Latin), so a
        report carries tens of kilobytes of font instead of the whole 0.9 MB subset.
    family : str
        The CSS family name; keep the default so that the SVG figures' ``font-family`` lists find it.
    within : str or sequence of str, optional
        A text that holds every character of ``text`` (a whole report, say): the font is first
        subset to ``within`` (once: the result is cached) and ``text``'s subset is cut from that
        small font, which takes ~50 ms instead of ~300 ms for parsing the whole font again. A
        sequence is a chain of such texts, each holding the next, largest first (a report, then
        its figures' text): each is cut from the one before. A font cut from another holds
        exactly the characters of ``text``, without the Latin added to a first subset, and
        without the layout (kerning) features, which pair Latin glyphs only.

    Returns
    -------
    str
        One ``@font-face { ... }`` rule, to put in the page's ``<style>``.
    """
    chars = None if text is None else frozenset(text)
    chain: tuple[frozenset[str], ...] = ()
    if chars is not None and within is not None:
        outer = (within,) if isinstance(within, str) else tuple(within)
        # each level holds the next one's characters and the text's
        levels = [frozenset(w) | chars for w in outer]
        for i in range(len(levels) - 2, -1, -1):
            levels[i] = levels[i] | levels[i + 1]
        chain = tuple(lv for lv in levels if lv != chars)
    data = _woff(chars, chain)
    b64 = base64.b64encode(data).decode("ascii")
    return (
        "@font-face{font-family:'" + family + "';font-style:normal;font-weight:400 700;"
        "font-display:swap;src:url(data:font/woff;base64," + b64 + ") format('woff');}"
    )


@functools.lru_cache(maxsize=32)
def _woff(chars: frozenset[str] | None, chain: tuple[frozenset[str], ...] = ()) -> bytes:
    """The bundled font as WOFF bytes, subset to ``chars`` (plus Latin), or, with a ``chain``
    of character sets (largest first, each holding the next and ``chars``), cut from the font
    of the last of them (itself cut from the one before); kept in gvckit's result cache
    (:mod:`gvckit.resultcache`)."""
    from gvckit.resultcache import cached

    key = lambda cs: None if cs is None else "".join(sorted(cs))  # noqa: E731 - a stable key
    return cached(_woff_subset, key(chars), tuple(key(c) for c in chain))


def _woff_subset(chars: str | None, chain: tuple[str, ...] = ()) -> bytes:
    """:func:`_woff` uncached, with the character sets as sorted strings."""
    sets = tuple(frozenset(c) for c in chain)
    return _subset(None if chars is None else frozenset(chars), sets)


def _subset(chars: frozenset[str] | None, chain: tuple[frozenset[str], ...] = ()) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source: str | io.BytesIO = str(FONT_PATH)
    cut = bool(chain) and chars is not None
    if cut:
        source = io.BytesIO(_woff(chain[-1], chain[:-1]))
    elif chars is not None:
        source = str(_source_for(chars | {chr(c) for c in _extra_codepoints()}))
    # The core font's name table is already what a subset keeps (build_core ran the same
    # subsetter: Unicode records with IDs below 256); the subsetter's pass over it walks every
    # table of the font looking for name references (half the time of a cut), so it sits out.
    keep_names = source == str(CORE_PATH)

    # Bounding boxes are not recomputed (the subset keeps the full font's, which still bound
    # every glyph) and the CFF hints and subroutines are kept: each of those passes interprets
    # every charstring in Python, and together they took 60% of the subsetting time.
    font = TTFont(source, recalcBBoxes=False, recalcTimestamp=False)
    if chars is not None:
        opts = subset.Options()
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.notdef_outline = True
        # A font cut from another is a figure's (or the figures' together). matplotlib placed
        # the figure's Latin text with DejaVu Sans metrics (first in figure_fonts()), and this
        # font's only layout feature, GPOS 'kern', pairs proportional (Latin) glyphs, not CJK
        # ones, so it changes nothing the figure relies on; pruning it halves the time of each
        # cut. A figure's text is known to the character, so a cut adds no Latin of its own.
        opts.layout_features = [] if cut else ["*"]
        opts.recalc_bounds = False
        sub = subset.Subsetter(opts)
        codepoints = {ord(c) for c in chars}
        sub.populate(unicodes=sorted(codepoints if cut else codepoints | _extra_codepoints()))
        names = font["name"] if keep_names else None
        if names is not None:
            del font["name"]
        sub.subset(font)
        if names is not None:
            font["name"] = names
    font.flavor = "woff"
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def _extra_codepoints() -> set[int]:
    return {c for lo, hi in _EXTRA_RANGES for c in range(lo, hi + 1)}


# --------------------------------------------------------------------------------------------
# building the bundled subset (maintainers)


def _gb2312(rows: Iterable[int]) -> set[str]:
    out = set()
    for row in rows:
        for cell in range(0xA1, 0xFF):
            try:
                out.add(bytes([0xA0 + row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def _package_files() -> Iterable[Path]:
    root = Path(__file__).resolve().parents[1]
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            yield p


def package_characters() -> set[str]:
    """Every CJK character in gvckit's own text (catalogue, bundled names, code, data files).

    Reads ``*.json``, ``*.csv``, ``*.csv.gz``, ``*.md``, ``*.py``, ``*.html``, ``*.css`` files of
    the installed package.
    """
    out: set[str] = set()
    for p in _package_files():
        name = p.name
        if name.endswith(".csv.gz"):
            text = gzip.decompress(p.read_bytes()).decode("utf-8", "ignore")
        elif p.suffix in (".json", ".csv", ".md", ".py", ".html", ".css"):
            text = p.read_text("utf-8", "ignore")
        else:
            continue
        out.update(_CJK.findall(text))
    return out


def subset_characters() -> set[str]:
    """The characters the bundled font holds: gvckit's own, GB 2312 level 1 and symbols, Latin."""
    chars = package_characters() | _gb2312(range(1, 10)) | _gb2312(range(16, 56))
    return chars | {chr(c) for c in _extra_codepoints()}


def build_subset(source: str | os.PathLike[str], dest: str | os.PathLike[str] = FONT_PATH,
                 *, face: str = "Noto Sans CJK SC") -> Path:
    """Make the bundled font: subset ``face`` of ``source`` to :func:`subset_characters`.

    Parameters
    ----------
    source : path-like
        A Noto Sans CJK / Source Han Sans file (``.otf``, or a ``.ttc`` collection holding
        ``face``), e.g. Debian's ``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``.
    dest : path-like
        Output ``.otf`` (default: the bundled file).
    face : str
        Family to take from a collection.

    Notes
    -----
    Vertical-writing tables and hinting are dropped (figures and the report write horizontally);
    OpenType layout features are kept. The family is renamed :data:`FONT_FAMILY` as the OFL asks
    of a modified version; the copyright and licence name records are kept.
    """
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    src = Path(source)
    if src.suffix.lower() in (".ttc", ".otc"):
        fonts = [f for f in TTCollection(str(src)).fonts if f["name"].getDebugName(1) == face]
        if not fonts:
            raise InputError(f"{src}: no face {face!r} in the collection")
        font = fonts[0]
    else:
        font = TTFont(str(src))
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.layout_features = ["kern"]
    opts.drop_tables += ["vhea", "vmtx", "VORG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(ord(c) for c in subset_characters()))
    sub.subset(font)
    original = font["name"].getDebugName(1) or face
    ps = FONT_FAMILY.replace(" ", "")
    names = {1: FONT_FAMILY, 3: f"{ps}-Regular;subset of {original}", 4: FONT_FAMILY,
             6: f"{ps}-Regular", 16: FONT_FAMILY}
    table = font["name"]
    for nid in names:
        table.removeNames(nameID=nid)
    for nid, value in names.items():
        table.setName(value, nid, 3, 1, 0x409)
        table.setName(value, nid, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [f"{ps}-Regular"]
        top = cff.topDictIndex[0]
        top.FullName = FONT_FAMILY
        top.FamilyName = FONT_FAMILY
    out = Path(dest)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return out


def build_core(dest: str | os.PathLike[str] = CORE_PATH, *, source: str | os.PathLike[str] = FONT_PATH,
               max_error: float = 0.5) -> Path:
    """Make the core font: the bundled font (``source``) cut to :func:`package_characters` and
    Latin (the ranges the page subsets add), its CFF outlines turned into TrueType ones, as WOFF.

    Why TrueType: subsetting copies TrueType glyphs as bytes, where CFF charstrings are run one
    by one in Python (for their subroutines) and compiled again; a report page is cut from this
    file in ~0.07 s instead of 0.3-0.5 s from the bundled one. The cubic curves are approximated by
    quadratic ones within ``max_error`` font units (of 1,000 to the em: under a thousandth of
    the type size), outer contours turned clockwise as TrueType has them
    (:class:`fontTools.pens.cu2quPen.Cu2QuPen`); advance widths, metrics, names, ``cmap`` and
    ``kern`` are the bundled font's. No hinting (the bundled font has none either).

    Rerun (``python -m gvckit.outputs.fonts --core``) after :func:`build_subset`, or when a new
    character enters gvckit's own text (a test says so).
    """
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source))
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.layout_features = ["*"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted({ord(c) for c in package_characters()} | _extra_codepoints()))
    sub.subset(font)

    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyphset[name].draw(Cu2QuPen(pen, max_error, reverse_direction=True))
        glyphs[name] = pen.glyph()
    del font["CFF "]
    for tag in ("VORG", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["loca"] = newTable("loca")
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 1
    post = font["post"]
    post.formatType = 2.0  # keeps the glyph names
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.flavor = "woff"
    out = Path(dest)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))  # recomputes maxp's counts, loca and the bounding boxes
    return out


if __name__ == "__main__":  # pragma: no cover - maintainer tool
    if sys.argv[1:] == ["--core"]:
        print(build_core())
    elif len(sys.argv) == 2:
        print(build_subset(sys.argv[1]))
    else:
        sys.exit("usage: python -m gvckit.outputs.fonts SOURCE_FONT (.otf or .ttc) | --core")
