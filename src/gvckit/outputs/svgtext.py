"""The text of a figure's SVG, read and adjusted without matplotlib.

The page is written by a process that may never load matplotlib (the figures can be drawn in a
forked process, :mod:`gvckit.outputs.drawing`), so what the page does to a drawn SVG lives
here; :mod:`gvckit.outputs.figures` re-exports these functions.
"""

from __future__ import annotations

import re

from gvckit.outputs import fonts

__all__ = ["cjk_font_first", "with_font", "svg_text"]

_TEXT_ELEMENT = re.compile(r"<text\b([^>]*)>([^<]*)</text>")
_CJK_CHAR = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


def cjk_font_first(svg: str) -> str:
    """Put the bundled CJK family first in the ``font-family`` of every ``<text>`` holding a
    CJK character (Latin-only text keeps DejaVu Sans first, as matplotlib measured it).

    Chromium (156, headless and not), given ``font-family: 'DejaVu Sans', 'gvckit Sans SC'``
    in an SVG whose ``@font-face`` provides the second family, drew some such elements' CJK
    characters from its own last-resort font (boxes) instead of falling through to the web
    font, while other elements with the same characters drew correctly; with the web font
    listed first every element draws.
    """
    def fix(m: re.Match) -> str:
        attrs, text = m.group(1), m.group(2)
        if _CJK_CHAR.search(text):
            attrs = attrs.replace(f"'{fonts.LATIN_FAMILY}', '{fonts.FONT_FAMILY}'",
                                  f"'{fonts.FONT_FAMILY}', '{fonts.LATIN_FAMILY}'")
        return f"<text{attrs}>{text}</text>"

    return _TEXT_ELEMENT.sub(fix, svg)


def with_font(svg: str, face: str) -> str:
    """``svg`` with the ``@font-face`` rule ``face`` in its style sheet and the embedded family
    listed first for its CJK text (:func:`cjk_font_first`)."""
    return cjk_font_first(svg.replace('<style type="text/css">', '<style type="text/css">' + face, 1))


def svg_text(svg: str) -> str:
    """The text of an SVG's ``<text>`` elements, joined (entities still escaped)."""
    return "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
