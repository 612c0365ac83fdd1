"""The web app in a real browser: Debian's headless Chromium, driven over the DevTools protocol.

Needs ``/usr/bin/chromium`` (installed by ``.ci/browser-deps.sh``, as for
``tests/test_report_browser.py``) and skips with the reason when it is missing. A real uvicorn
server runs in a thread; Chromium loads the overview in English and Chinese, clicks an industry
(a real mouse click), hovers a point of its Plotly chart and checks the hover label, changes the
rule set through the form (the page polls its background job and reloads), and at 390 px checks
that the page never scrolls sideways. Screenshots at 1280 and 390 px are written to
``$GVCKIT_TEST_ARTIFACTS/web`` (default: the test's tmp folder; ``test-artifacts/`` is ignored by
git) and their path is printed.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium not installed (Debian: apt-get install -y chromium fonts-noto-cjk)",
)
websockets_sync = pytest.importorskip("websockets.sync.client")
pytest.importorskip("uvicorn")

YEARS = "1995-1996"


class CDP:
    """A minimal Chrome DevTools Protocol client over one page session."""

    def __init__(self, ws_url: str) -> None:
        self._conn = websockets_sync.connect(ws_url, max_size=None, open_timeout=20)
        self.ws = self._conn.__enter__()
        self.n = 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)

    def call(self, method: str, session: bool = False, **params):
        self.n += 1
        msg = {"id": self.n, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv(timeout=60))
            if reply.get("id") == self.n:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def js(self, expr: str):
        r = self.call("Runtime.evaluate", session=True, expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr[:80]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expr: str, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                if self.js(expr):
                    return
            except RuntimeError:
                pass  # the page is navigating
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expr}")

    def goto(self, url: str) -> None:
        self.call("Page.navigate", session=True, url=url)
        self.wait("document.readyState === 'complete' && !document.getElementById('job')"
                  " && Array.from(document.querySelectorAll('.chart')).every(d => d.dataset.drawn)")

    def viewport(self, width: int, height: int = 900) -> None:
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)

    def screenshot(self, path: Path) -> Path:
        r = self.call("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(r["data"]))
        return path

    def pixels(self, selector: str):
        """The element's box as pixels (H x W x 3 floats), from a clipped screenshot."""
        import io

        from matplotlib import image as mpimg

        box = self.js(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                      " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()")
        r = self.call("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True,
                      clip={"x": box[0], "y": box[1], "width": box[2], "height": box[3], "scale": 1})
        return mpimg.imread(io.BytesIO(base64.b64decode(r["data"])), format="png")[..., :3]

    def drawn_from_embedded_font(self, selector: str) -> bool:
        """Whether the element's text looks the same when it may use nothing but the bundled
        font: if the page drew any of it with another font (Chromium's last-resort boxes), the
        pixels differ."""
        before = self.pixels(selector)
        self.js(f"document.querySelector({json.dumps(selector)}).style.fontFamily = \"'gvckit Sans SC'\"")
        self.wait("document.fonts.status === 'loaded'")
        after = self.pixels(selector)
        self.js(f"document.querySelector({json.dumps(selector)}).style.fontFamily = ''")
        return before.shape == after.shape and float(abs(before - after).mean()) < 0.002

    def mouse(self, kind: str, x: float, y: float) -> None:
        extra = {"button": "left", "clickCount": 1} if kind != "mouseMoved" else {}
        self.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, **extra)

    def close(self) -> None:
        self._conn.__exit__(None, None, None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    root = os.environ.get("GVCKIT_TEST_ARTIFACTS")
    out = (Path(root) if root else tmp_path_factory.mktemp("artifacts")) / "web"
    out.mkdir(parents=True, exist_ok=True)
    print(f"\nweb screenshots in {out}")
    return out


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    import uvicorn

    from gvckit.web.app import Settings, create_app

    app = create_app(Settings(cache_dir=tmp_path_factory.mktemp("web-browser"), wait=0.3))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    end = time.monotonic() + 20
    while not srv.started and time.monotonic() < end:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    th.join(10)


def _launch(profile: Path) -> tuple[subprocess.Popen, str | None, str]:
    """Start headless Chromium with a DevTools port; its ws:// address, or None and why."""
    proc = subprocess.Popen(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    end = time.monotonic() + 60
    while time.monotonic() < end:
        line = proc.stderr.readline()
        m = re.search(r"DevTools listening on (ws://\S+)", line or "")
        if m:
            return proc, m.group(1), ""
        if not line and proc.poll() is not None:
            break
        seen.append(line.strip())
    proc.kill()
    return proc, None, " | ".join(x for x in seen if x)[-500:]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    # a loaded machine (the whole suite on 2 cores) can make one start fail: try twice, then
    # fail with Chromium's own words rather than skip (Chromium is installed: see the skipif)
    why = ""
    for attempt in range(2):
        proc, ws_url, why = _launch(tmp_path_factory.mktemp(f"chromium-profile-{attempt}"))
        if ws_url is not None:
            break
    if ws_url is None:
        pytest.fail(f"chromium did not open its DevTools endpoint: {why or 'no output'}")
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
    cdp = CDP(ws_url)
    yield cdp
    cdp.close()
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _types(cdp: CDP) -> list[str]:
    return cdp.js("Array.from(document.querySelectorAll('#industries tr[data-industry] td.type'))"
                  ".map(td => td.parentElement.dataset.industry + ':' + td.firstChild.textContent.trim())")


def test_overview_both_languages_click_hover_rules(browser, base, artifacts):
    cdp = browser
    cdp.viewport(1280)
    cdp.goto(f"{base}/?years={YEARS}")  # the first visit waits on its job: the page polls and reloads
    assert cdp.js("document.documentElement.lang") == "en"
    assert "Overview" in cdp.js("document.querySelector('h1').textContent")
    assert len(_types(cdp)) == 11
    cdp.screenshot(artifacts / "overview_en_1280.png")

    # Chinese through the toggle link; the bundled font is loaded from the app
    cdp.js("document.getElementById('lang-toggle').click()")
    cdp.wait("document.documentElement.lang === 'zh-CN' && document.readyState === 'complete'")
    assert "概览" in cdp.js("document.querySelector('h1').textContent")
    assert cdp.js("document.fonts.load('16px \"gvckit Sans SC\"', '产业').then(f => f.length)") >= 1
    cdp.screenshot(artifacts / "overview_zh_1280.png")
    # every Chinese run draws from the bundled font: the heading, the bar's first link and the
    # first label (drawn as boxes on a machine without a CJK font when the font came after the
    # system fonts in the list)
    for sel in ("h1", "header.top nav a", "form.context label"):
        assert cdp.drawn_from_embedded_font(sel), f"{sel}: Chinese drawn without the bundled font"

    # a real click on an industry in the typology matrix opens its page (language kept)
    rect = cdp.js("(() => { const a = document.querySelector('#typology-matrix a[data-industry=\"leather\"]');"
                  " a.scrollIntoView({block: 'center'}); const r = a.getBoundingClientRect();"
                  " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    cdp.mouse("mousePressed", *rect)
    cdp.mouse("mouseReleased", *rect)
    cdp.wait("location.pathname === '/industry/leather' && document.readyState === 'complete'"
             " && !document.getElementById('job') && document.querySelector('.chart[data-drawn]') !== null")
    cdp.wait("Array.from(document.querySelectorAll('.chart')).every(d => d.dataset.drawn)")
    assert "lang=zh" in cdp.js("location.search")
    n_points = cdp.js("document.querySelector('.chart').data.reduce((n, t) => n + t.x.length, 0)")
    assert n_points >= 2

    # hover the first point of the first chart: Plotly shows its label
    xy = cdp.js("""(() => { const gd = document.querySelector('.chart'); gd.scrollIntoView({block: 'center'});
        const L = gd._fullLayout, t = gd.data[0], r = gd.getBoundingClientRect();
        return [r.left + L._size.l + L.xaxis.l2p(t.x[0]), r.top + L._size.t + L.yaxis.l2p(t.y[0])]; })()""")
    cdp.mouse("mouseMoved", xy[0] + 1, xy[1])
    cdp.mouse("mouseMoved", *xy)
    cdp.wait("document.querySelectorAll('.chart .hoverlayer .hovertext').length > 0", timeout=10)
    label = cdp.js("document.querySelector('.chart .hoverlayer .hovertext').textContent")
    assert "1995" in label and "%" in label
    cdp.screenshot(artifacts / "industry_zh_1280.png")

    # change the rule set with the form: the typology changes
    cdp.goto(f"{base}/?years={YEARS}&lang=en")
    before = _types(cdp)
    cdp.js("document.getElementById('rules').value = 'gereffi';"
           " document.querySelector('form.context button[type=submit]').click()")
    cdp.wait("location.search.includes('rules=gereffi')")
    cdp.wait("document.readyState === 'complete' && !document.getElementById('job')"
             " && document.querySelectorAll('#industries tr[data-industry]').length === 11")
    assert cdp.js("document.getElementById('rules').value") == "gereffi"
    after = _types(cdp)
    assert len(after) == 11 and after != before


@pytest.mark.parametrize("page", ["/?years=" + YEARS, "/industry/leather?years=" + YEARS,
                                  "/decompose?method=wwz&level=sector&exporter=CHN&year=1996",
                                  "/data"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_sideways_scroll_at_390px(browser, base, artifacts, page, lang):
    cdp = browser
    cdp.viewport(390, 844)
    cdp.goto(f"{base}{page}&lang={lang}" if "?" in page else f"{base}{page}?lang={lang}")
    inner = cdp.js("window.innerWidth")
    assert inner == 390
    wide = cdp.js("Array.from(document.querySelectorAll('body *')).filter(e => "
                  "e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))"
                  ".slice(0, 5).map(e => e.tagName + '.' + e.className)")
    assert cdp.js("document.documentElement.scrollWidth") <= 390, f"page scrolls sideways: {wide}"
    name = re.sub(r"[^a-z]+", "_", page.split("?")[0]).strip("_") or "overview"
    cdp.screenshot(artifacts / f"{name}_{lang}_390.png")
    if page.startswith("/decompose"):  # the wide table scrolls inside its own box
        assert cdp.js("(() => { const s = document.querySelector('.scroll:last-of-type table');"
                      " return s.scrollWidth > 390; })()")
    cdp.viewport(1280)
    cdp.goto(f"{base}{page}&lang={lang}" if "?" in page else f"{base}{page}?lang={lang}")
    cdp.screenshot(artifacts / f"{name}_{lang}_1280.png")


def test_control_a_wide_bare_table_would_scroll(browser, base):
    """The 390 px check can fail: a wide table outside a scrolling box makes the page scroll."""
    cdp = browser
    cdp.viewport(390, 844)
    cdp.goto(f"{base}/data")
    cdp.js("document.querySelector('main').insertAdjacentHTML('beforeend',"
           " '<table style=\"width:900px\"><tr><td>x</td></tr></table>')")
    assert cdp.js("document.documentElement.scrollWidth") > 390
