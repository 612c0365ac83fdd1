"""The report in a real browser: headless Chromium renders it offline.

Needs Debian's ``chromium`` (at /usr/bin/chromium); the Makefile's test target installs it, this
test installs nothing and skips with the reason when it is missing. No CJK font is needed: the
Chinese check hides the system's fonts.

What it proves:

- the English and Chinese reports with all five figure kinds load from ``file://`` with the
  network switched off, the screenshot exists and is not blank;
- after the load event every figure is drawn (inline ``<svg class="plot">`` elements with a
  rendered width and a drawn bounding box; checked by a script added to a *test copy* of the
  report; an ``<img>`` would have to have decoded), there is no ``<img>``, and the number of
  figures is right;
- the real reports (bundled WIOD 2013 data, both languages): at 390 px the page never scrolls
  sideways (tables scroll in their own box; a control with a wide bare table does scroll), every
  figure decodes, screenshots at 390 and 1280 px are kept in the test's tmp dir (path printed),
  the printed A4 PDF has at most 22 pages, and the text scan of test_report_text passes;
- Chinese: with a fontconfig that sees only a Latin font folder (as on a bare machine), Chinese
  characters of the report's headings drawn by Chromium with the report's own @font-face and
  font stack are distinct glyphs (no two cells alike, as they would be with missing-glyph
  boxes), while a control row of private-use characters (which no font has) does come out as
  identical boxes - so the check can tell tofu from text. The same check on the real Chinese
  report's figures (inline SVG, no font of their own): their characters, in the font list their
  text uses, draw from the page's embedded font. That every character of the page has a glyph
  in the embedded subset is checked in test_report_verdicts (font cmap).
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image as mpimg

from gvckit.outputs.report import render_report

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium not installed (Debian: apt-get install -y chromium)",
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--force-device-scale-factor=1",
    "--hide-scrollbars",
]


def chromium(tmp: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    cmd = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def screenshot(tmp: Path, page: Path, name: str, size: str = "1280,4000") -> np.ndarray:
    png = tmp / f"{name}.png"
    r = chromium(tmp, page.as_uri(), f"--screenshot={png}", f"--window-size={size}")
    assert png.exists(), r.stderr[-2000:]
    return mpimg.imread(png)[..., :3]


def dump_dom(tmp: Path, page: Path) -> str:
    r = chromium(tmp, page.as_uri(), "--dump-dom", "--virtual-time-budget=10000")
    assert r.stdout.strip(), r.stderr[-2000:]
    return r.stdout


class _Imgs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.imgs: list[dict] = []
        self.svgs = 0
        self.result: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a)
        elif tag == "svg" and a.get("class") == "plot":  # a figure (not its hover overlay)
            self.svgs += 1
        elif tag == "div" and a.get("id") == "gvckit-test-result":
            self.result = a


PROBE = """<script>
window.addEventListener("load", () => {
  const imgs = Array.from(document.images), plots = Array.from(document.querySelectorAll("svg.plot"));
  const d = document.createElement("div");
  d.id = "gvckit-test-result";
  d.setAttribute("data-total", imgs.length + plots.length);
  d.setAttribute("data-decoded", imgs.filter(i => i.complete && i.naturalWidth > 0).length
    + plots.filter(p => p.getBoundingClientRect().width > 100 && p.getBBox().width > 100).length);
  document.body.appendChild(d);
});
</script>"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from test_report import all_figures_data

    tmp = tmp_path_factory.mktemp("browser")
    data = all_figures_data()
    out = {}
    for lang in ("en", "zh"):
        html = render_report(data, lang)
        page = tmp / f"report_{lang}.html"
        page.write_text(html, "utf-8")
        probe = tmp / f"probe_{lang}.html"
        probe.write_text(html.replace("</body>", PROBE + "</body>"), "utf-8")
        out[lang] = (page, probe, len(data.figures()))
    return tmp, out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screenshot_not_blank(reports, lang):
    tmp, out = reports
    page, _, _ = out[lang]
    img = screenshot(tmp, page, f"shot_{lang}")
    assert img.shape[:2] == (4000, 1280)
    ink = (img.min(axis=2) < 0.85).mean()
    assert ink > 0.02, f"screenshot nearly blank ({ink:.3%} ink)"
    assert img.std() > 0.05


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_figure_present_and_decoded(reports, lang):
    tmp, out = reports
    page, probe, n_figures = out[lang]
    p = _Imgs()
    p.feed(dump_dom(tmp, page))
    assert len(p.imgs) + p.svgs == n_figures == 5
    assert not p.imgs  # every figure is inline SVG
    q = _Imgs()
    q.feed(dump_dom(tmp, probe))
    assert q.result is not None, "load event never fired"
    assert int(q.result["data-total"]) == n_figures
    assert int(q.result["data-decoded"]) == n_figures, "an image failed to load"


GLYPH_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #fff; font-family: {family}; }}
.row {{ position: absolute; left: 0; height: 100px; }}
.row span {{ display: inline-block; width: 100px; height: 100px; font-size: 72px;
  line-height: 100px; text-align: center; overflow: hidden; }}
</style></head><body>
<div class="row" style="top:0">{cjk}</div>
<div class="row" style="top:120px">{pua}</div>
</body></html>"""


def _cells(img: np.ndarray, top: int, n: int) -> list[np.ndarray]:
    return [img[top : top + 100, 100 * i : 100 * (i + 1)].mean(axis=2) for i in range(n)]


NO_CJK_FONTS = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>"""


def test_chinese_glyphs_render_without_system_cjk_fonts(reports, tmp_path, monkeypatch):
    """The Chinese report draws its characters from its own embedded font: Chromium runs with a
    fontconfig that sees one Latin font folder and no CJK font, as on a bare machine, so any
    Chinese glyph that appears comes from the page's @font-face."""
    tmp, out = reports
    page, _, _ = out["zh"]
    html = page.read_text("utf-8")
    css = html.split("<style>")[1].split("</style>")[0]
    assert "@font-face{font-family:'gvckit Sans SC'" in css
    body_font = re.search(r"body\s*\{[^}]*font-family:([^;]*);", css).group(1)
    assert "gvckit Sans SC" in body_font
    headings = "".join(re.findall(r"<h2>([^<]*)</h2>", html))
    chars = "".join(dict.fromkeys(c for c in headings if "\u4e00" <= c <= "\u9fff"))[:8]
    assert len(chars) == 8, headings

    latin = [d for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
             if Path(d).is_dir()]
    if not latin:
        pytest.skip("no DejaVu or Liberation fonts to stand for a bare machine's Latin fonts")
    conf = tmp_path / "fonts.conf"  # Chromium draws nothing without any font: Latin only
    conf.write_text(NO_CJK_FONTS.format(fonts=latin[0], cache=tmp_path / "fc-cache"))
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    pua = "\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007"
    glyphs = tmp_path / "glyphs.html"
    face = re.search(r"@font-face\{[^}]*\}", css).group(0)  # the page's embedded font
    glyphs.write_text(
        GLYPH_PAGE.format(
            family=body_font,
            cjk="".join(f"<span>{c}</span>" for c in chars),
            pua="".join(f"<span>{c}</span>" for c in pua),
        ).replace("<style>", "<style>\n" + face + "\n", 1),
        "utf-8",
    )
    png = tmp_path / "glyphs.png"  # the time budget lets the data: font load before the shot
    r = chromium(tmp_path, glyphs.as_uri(), f"--screenshot={png}", "--window-size=900,260",
                 "--virtual-time-budget=5000")
    assert png.exists(), r.stderr[-2000:]
    img = mpimg.imread(png)[..., :3]
    cjk = _cells(img, 0, len(chars))
    ctrl = _cells(img, 120, len(pua))
    for c, cell in zip(chars, cjk, strict=True):
        assert (cell < 0.5).mean() > 0.02, f"{c} drew nothing"

    def alike(a, b):
        return np.abs(a - b).mean() < 0.005

    assert all(alike(ctrl[0], c) for c in ctrl[1:]), "control: missing glyphs should look alike"
    pairs = [(i, j) for i in range(len(chars)) for j in range(i + 1, len(chars))]
    same = [(chars[i], chars[j]) for i, j in pairs if alike(cjk[i], cjk[j])]
    assert not same, f"characters drawn identically (tofu?): {same}"
    assert not any(alike(cjk[i], ctrl[0]) for i in range(len(chars)))


# --------------------------------------------------------------------------- the real reports
# Both reports on the bundled WIOD 2013 data (test_report_text.real_reports), opened as a reader
# would: at 1280 px, on a 390 px phone and printed to A4. A 390 px viewport is made with an iframe
# of that width (headless Chromium will not make a window narrower than 500 px); the iframe's
# document is given by ``srcdoc`` so the host page may read it after load.

HOST = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="r" style="border:0;width:{width}px;height:3000px" srcdoc="{doc}"></iframe>
<script>
const f = document.getElementById("r");
f.addEventListener("load", () => setTimeout(() => {{
  const w = f.contentWindow, doc = f.contentDocument, imgs = Array.from(doc.images);
  const plots = Array.from(doc.querySelectorAll("svg.plot"));
  const d = document.createElement("div");
  d.id = "gvckit-test-result";
  d.setAttribute("data-total", imgs.length + plots.length);
  d.setAttribute("data-decoded", imgs.filter(i => i.complete && i.naturalWidth > 0).length
    + plots.filter(p => p.getBoundingClientRect().width > 100 && p.getBBox().width > 100).length);
  d.setAttribute("data-inner", w.innerWidth);
  d.setAttribute("data-scroll", doc.documentElement.scrollWidth);
  d.setAttribute("data-wide", Array.from(doc.querySelectorAll("body *"))
    .filter(e => e.getBoundingClientRect().right > w.innerWidth + 1 && !e.closest(".scroll"))
    .slice(0, 5).map(e => e.tagName + "." + e.className).join(" "));
  document.body.appendChild(d);
}}, 300));
</script></body></html>"""


def _hosted(tmp: Path, html: str, name: str, width: int) -> dict:
    import html as _html

    host = tmp / f"{name}.html"
    host.write_text(HOST.format(width=width, doc=_html.escape(html, quote=True)), "utf-8")
    r = chromium(tmp, host.as_uri(), "--dump-dom", "--virtual-time-budget=15000", "--window-size=500,3000")
    q = _Imgs()
    q.feed(r.stdout)
    assert q.result is not None, r.stderr[-2000:]
    return q.result


def _pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    from test_report_text import real_reports

    tmp = tmp_path_factory.mktemp("real-reports")
    pages = {}
    for lang, html in real_reports().items():
        pages[lang] = tmp / f"report_{lang}.html"
        pages[lang].write_text(html, "utf-8")
    print(f"\nreal reports, screenshots and PDFs in {tmp}")
    return tmp, pages


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_real_report_at_390px_never_scrolls_sideways(real, lang):
    tmp, pages = real
    html = pages[lang].read_text("utf-8")
    res = _hosted(tmp, html, f"phone_{lang}", 390)
    assert int(res["data-inner"]) == 390
    assert int(res["data-scroll"]) <= 390, f"page scrolls sideways; too wide: {res['data-wide']}"
    assert int(res["data-decoded"]) == int(res["data-total"]) >= 8, "a figure failed to load"
    # the probe can fail: a wide table outside a scrolling box makes the page scroll
    wide = html.replace("</body>", '<table style="width:900px"><tr><td>x</td></tr></table></body>')
    assert int(_hosted(tmp, wide, f"control_{lang}", 390)["data-scroll"]) > 390
    for width, size in ((390, "390,3000"), (1280, "1280,3000")):
        host = tmp / f"phone_{lang}.html" if width == 390 else pages[lang]
        img = screenshot(tmp, host, f"report_{lang}_{width}", size=size)
        assert img.shape[1] == width and (img.min(axis=2) < 0.85).mean() > 0.02


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_real_report_prints_compactly(real, lang):
    from test_report_text import problems

    tmp, pages = real
    pdf = tmp / f"report_{lang}.pdf"
    r = chromium(tmp, pages[lang].as_uri(), f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.exists(), r.stderr[-2000:]
    n = _pdf_pages(pdf)
    print(f"{lang}: {n} A4 pages")
    assert 8 <= n <= 22, n  # issue 11: the English report in about 20 pages (it was 45)
    assert problems(pages[lang].read_text("utf-8"), lang) == []


FIGURE_GLYPHS = """<!DOCTYPE html><html><head><meta charset="utf-8">{style}</head><body style="margin:0">
<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="220">
<rect width="100%" height="100%" fill="#fff"/>{cells}</svg></body></html>"""


def _figure_glyph_page(style: str, family: str, chars: str, pua: str) -> str:
    """An inline SVG in a page with the report's ``<style>`` (its embedded font), as the report
    shows its figures, with one 72 px cell per character: ``chars`` on the first row and
    private-use characters (no font has them: the tofu control) on the second, every cell in
    ``family``, the font-family list the figure gives its Chinese text."""
    cells = "".join(
        f'<text x="{100 * i + 50}" y="{row * 120 + 78}" style="font-size: 72px; font-family: {family}; '
        f'text-anchor: middle">{c}</text>'
        for row, text in enumerate((chars, pua)) for i, c in enumerate(text))
    return FIGURE_GLYPHS.format(w=100 * max(len(chars), len(pua)), style=style, cells=cells)


def test_chinese_figures_draw_their_glyphs_from_the_page_font(real, tmp_path, monkeypatch):
    """Each Chinese figure of the real report is inline SVG drawn with the page's embedded font
    (no figure carries a font of its own): in Chromium with no CJK font, eight of its characters,
    in the font-family list its Chinese text uses, all draw, none alike and none like the tofu
    control. With DejaVu listed first (the bug fixed at stop 18) Chromium may fall back to its
    last-resort font instead."""
    tmp, pages = real
    latin = [d for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
             if Path(d).is_dir()]
    if not latin:
        pytest.skip("no DejaVu or Liberation fonts to stand for a bare machine's Latin fonts")
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_CJK_FONTS.format(fonts=latin[0], cache=tmp_path / "fc-cache"))
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    html = pages["zh"].read_text("utf-8")
    style = re.search(r"<style>.*?</style>", html, flags=re.S).group(0)
    assert "@font-face{font-family:'gvckit Sans SC'" in style
    svgs = re.findall(r'<svg class="plot".*?</svg>', html, flags=re.S)
    assert svgs and not any("@font-face" in svg for svg in svgs)
    pua = "\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007"
    checked = 0
    for k, svg in enumerate(svgs):
        texts = re.findall(r"<text style=\"([^\"]*)\"[^>]*>([^<]*[\u4e00-\u9fff][^<]*)</text>", svg)
        if not texts:
            continue
        family = re.search(r"font-family: ([^;]*)", texts[0][0]).group(1)
        chars = "".join(dict.fromkeys(c for _, t in texts for c in t if "\u4e00" <= c <= "\u9fff"))[:8]
        page = tmp_path / f"figure_glyphs_{k}.html"
        page.write_text(_figure_glyph_page(style, family, chars, pua), "utf-8")
        png = tmp_path / f"figure_glyphs_{k}.png"
        r = chromium(tmp_path, page.as_uri(), f"--screenshot={png}", "--window-size=900,260",
                     "--virtual-time-budget=5000")
        assert png.exists(), r.stderr[-2000:]
        img = mpimg.imread(png)[..., :3]
        cjk, ctrl = _cells(img, 0, len(chars)), _cells(img, 120, len(pua))

        def alike(a, b):
            return np.abs(a - b).mean() < 0.005

        assert all((cell < 0.5).mean() > 0.02 for cell in cjk), f"figure {k + 1}: a character drew nothing"
        # (the first control cell of an inline SVG comes out a few pixels apart: compare the rest)
        assert all(alike(ctrl[1], c) for c in ctrl[2:]), "control: missing glyphs should look alike"
        same = [(chars[i], chars[j]) for i in range(len(chars)) for j in range(i + 1, len(chars))
                if alike(cjk[i], cjk[j])]
        assert not same, f"figure {k + 1} ({family}): characters drawn alike (tofu?): {same}"
        assert not any(alike(c, t) for c in cjk for t in ctrl), f"figure {k + 1}: a character drawn as tofu"
        checked += 1
    assert checked >= 5, f"only {checked} Chinese figures found"
