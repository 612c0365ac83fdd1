"""The web app (``gvckit serve``, issue #15) through Starlette's TestClient and a real server.

Every page in both languages; the rule-set switch; bad input (a year the data lack, a broken or
over-size upload, path traversal) as a clear message with a sensible status; an upload whose
input checks are shown; downloads read back and compared with numbers computed here from
:class:`gvckit.Model`; and several clients at once against a real uvicorn server, where a quick
page answers while a slow job runs. Years 1995-1996 keep the framework's work small.
"""

from __future__ import annotations

import html
import io
import json
import re
import socket
import threading
import time
import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import gvckit
from gvckit.web.app import Settings, create_app

YEARS = "1995-1996"
LEAKS = re.compile(r"\{\{|\}\}|\{%|%\}|\bweb_[a-z_]+|\bcli_[a-z_]+|\brep_[a-z_]+|\blab_[a-z_]+|\bdim_[a-z_]+")


def _wait_done(client: TestClient, html: str, timeout: float = 120) -> None:
    """Poll the job of a progress page until it finishes."""
    m = re.search(r'data-job="([0-9a-f]+)"', html)
    if not m:
        return
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = client.get(f"/api/jobs/{m.group(1)}").json()
        if s["status"] in ("done", "error"):
            return
        time.sleep(0.1)
    raise AssertionError("job did not finish")


def get(client: TestClient, url: str, **kw):
    """GET a page; when it shows a progress bar, wait for its job and GET it again."""
    r = client.get(url, **kw)
    if 'id="job"' in r.text:
        _wait_done(client, r.text)
        r = client.get(url, **kw)
    return r


def visible(page: str) -> str:
    """The page's text without scripts, styles and tags (for leak checks)."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def client(app_dir):
    app = create_app(Settings(cache_dir=app_dir, max_upload_mb=1.0, wait=0.5))
    with TestClient(app) as c:
        yield c


# --------------------------------------------------------------------------- pages
PAGES = {
    "/?years=" + YEARS: {"en": ["Typology of the paper's 11 industries", "Textiles", "Type II"],
                         "zh": ["论文 11 个产业的类型", "纺织业"]},
    "/industry/leather?years=" + YEARS: {"en": ["Leather, fur, down and related products", "Degree of GVC integration",
                                                "The paper's advice", 'class="chart"'],
                                         "zh": ["皮革、毛皮、羽绒及其制品业", "论文的建议"]},
    "/industry/haining_leather?years=" + YEARS: {"en": ["Haining leather", "inherits the evidence"],
                                                 "zh": ["海宁皮革"]},
    "/decompose": {"en": ["Decompose gross exports", "kww"], "zh": ["分解总出口"]},
    "/decompose?method=kww&level=country&exporter=CHN&year=1996&years=" + YEARS:
        {"en": ["Accounting identity", "EXGR", "DVA_FIN", 'id="fig-dec"'], "zh": ["会计恒等式"]},
    "/compare?years=" + YEARS: {"en": ["Compare over the years", "CHN", "USA", 'id="fig-compare"'],
                                "zh": ["按年份比较"]},
    "/data": {"en": ["Bundled datasets", "wiod2013", "Upload a table"], "zh": ["自带的数据集", "上传一张表"]},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("url", list(PAGES))
def test_every_page_in_both_languages(client, url, lang):
    r = get(client, f"{url}&lang={lang}" if "?" in url else f"{url}?lang={lang}")
    assert r.status_code == 200, r.text[-500:]
    page = html.unescape(r.text)
    for s in PAGES[url][lang]:
        assert s in page, s
    text = visible(r.text)
    assert not LEAKS.findall(text), LEAKS.findall(text)[:5]
    for spec in re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', r.text, flags=re.S):
        fig = json.loads(spec)  # every chart's Plotly figure is valid JSON with data
        assert fig["data"] and all(len(trace["y"]) for trace in fig["data"])
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in r.text
    # the language toggle keeps the other parameters
    toggle = re.search(r'id="lang-toggle" href="([^"]+)"', r.text).group(1).replace("&amp;", "&")
    assert f"lang={'en' if lang == 'zh' else 'zh'}" in toggle
    if "years=" in url:
        assert "years=1995-1996" in toggle


def test_links_keep_language_and_years(client):
    r = get(client, f"/?years={YEARS}&lang=zh")
    links = [h.replace("&amp;", "&") for h in re.findall(r'href="(/industry/[^"]+)"', r.text)]
    assert len(links) >= 11
    assert all("lang=zh" in h and "years=1995-1996" in h for h in links)


def _types(html: str) -> list[str]:
    rows = re.findall(r'<tr data-industry="([a-z_]+)">.*?<td class="type">(.*?) <small>', html, flags=re.S)
    return [f"{k}:{v}" for k, v in rows]


def test_rule_set_switch_changes_the_typology(client):
    paper = _types(get(client, f"/?years={YEARS}&rules=paper").text)
    gereffi = _types(get(client, f"/?years={YEARS}&rules=gereffi").text)
    assert len(paper) == len(gereffi) == 11
    assert paper != gereffi
    r = get(client, f"/?years={YEARS}&rules=nosuch")
    assert r.status_code == 400 and "unknown rule set 'nosuch'" in html.unescape(r.text)


@pytest.mark.parametrize("url", ["/?years=1990", "/industry/leather?years=2030",
                                 "/decompose?method=bm&year=1990", "/compare?years=1990-1991"])
def test_year_out_of_range_is_a_clear_message(client, url):
    r = get(client, url)
    assert r.status_code == 400, r.status_code
    msg = re.search(r'<p class="error" role="alert">(.*?)</p>', r.text, flags=re.S).group(1)
    assert "no year" in msg and "1995" in msg and "\n" not in msg.strip()


@pytest.mark.parametrize("url,needle", [
    ("/industry/shoes", "unknown industry or cluster 'shoes'"),
    ("/decompose?method=nosuch", "unknown method 'nosuch'"),
    ("/decompose?method=kww&level=sector", "unknown level of kww 'sector'"),
    ("/?region=XYZ&years=1995", "unknown region 'XYZ'"),
    ("/?years=abc", "bad years"),
])
def test_bad_parameters_are_400_with_one_line(client, url, needle):
    r = get(client, url)
    assert r.status_code == 400 and needle in html.unescape(r.text)


# --------------------------------------------------------------------------- uploads
def small_table_csv() -> bytes:
    """The bundled WIOD 2011 table aggregated to CHN, USA, ROW x 35 sectors, written in the
    generic [Z | Y] CSV layout of docs/readers.md."""
    t = gvckit.load_dataset("wiod2013", year=2011)
    groups = {c: c if c in ("CHN", "USA") else "ROW" for c in t.countries}
    a = t.aggregate(countries=groups)
    Z, Y, x = a.arrays()
    rows = [f"{c}_{s}" for c, s in a.index]
    fd = [f"{c}_{k}" for c, k in a.fd_columns]
    df = pd.DataFrame(np.hstack([np.asarray(Z), np.asarray(Y), np.asarray(x).reshape(-1, 1)]),
                      columns=[*rows, *fd, "x"])
    df.insert(0, "label", rows)
    return df.to_csv(index=False).encode()


def test_upload_good_table_shows_checks_then_pages_use_it(client):
    data = small_table_csv()
    r = client.post("/data/upload", files={"file": ("../../evil/wiod_small.csv", data, "text/csv")},
                    data={"year": "2011"})
    assert r.status_code == 200, r.text[-800:]
    assert "Input checks" in r.text
    assert 'id="findings"' in r.text or 'id="findings-none"' in r.text
    uid = re.search(r'href="/\?[^"]*data=([0-9a-f]{16})', r.text).group(1)
    stored = list((client.app.state.web.uploads.folder / uid).iterdir())
    assert {p.name for p in stored} == {"wiod_small.csv", "upload.json"}  # named by the app
    d = get(client, f"/decompose?data={uid}&method=bm&level=country&exporter=CHN&year=2011")
    assert d.status_code == 200 and "Accounting identity" in d.text
    o = get(client, f"/?data={uid}")
    assert o.status_code == 200 and len(_types(o.text)) == 11
    rep = get(client, f"/report?data={uid}")
    assert rep.status_code == 200 and "/report?" in rep.text


def test_upload_with_processing_splits_is_melded_when_asked(client, tmp_path):
    """An OECD ICIO 2021 file with CN1/CN2 and MX1/MX2 (tests/readers_samples.py, the documented
    layout): uploaded as is, a warning says which pages need the splits added and the framework's
    pages refuse it by name; uploaded with the box ticked, it is read melded (4 countries, not 8)."""
    import readers_samples as S

    path, _ = S.oecd_file(tmp_path, "2021", 2018)
    body = path.read_bytes()
    apart = client.post("/data/upload", files={"file": (path.name, body, "text/csv")})
    assert apart.status_code == 200, apart.text[-600:]
    assert "processing_splits" in apart.text and "(8 × 3, 2018)" in apart.text
    uid = re.search(r'href="/\?[^"]*data=([0-9a-f]{16})', apart.text).group(1)
    o = get(client, f"/?data={uid}&region=CHN")
    assert o.status_code == 400 and "CHN into CN1, CN2 (processing trade)" in html.unescape(o.text)
    d = get(client, f"/decompose?data={uid}&method=bm&level=country&exporter=CHN&year=2018")
    assert d.status_code == 200 and "Accounting identity" in d.text
    melded = client.post("/data/upload", files={"file": (path.name, body, "text/csv")}, data={"meld": "1"})
    assert melded.status_code == 200, melded.text[-600:]
    assert "processing_splits" not in melded.text and "(4 × 3, 2018)" in melded.text
    uid2 = re.search(r'href="/\?[^"]*data=([0-9a-f]{16})', melded.text).group(1)
    assert client.app.state.web.uploads.get(uid2).meld
    o2 = get(client, f"/?data={uid2}&region=CHN")
    assert "splits CHN" not in html.unescape(o2.text)


def test_upload_broken_file_is_one_line_error(client):
    r = client.post("/data/upload", files={"file": ("broken.csv", b"\x00\x01 not a table at all\n1,2\n", "text/csv")})
    assert r.status_code == 400
    msg = re.search(r'<p class="error" role="alert">(.*?)</p>', r.text, flags=re.S).group(1).strip()
    assert msg and "\n" not in msg and "broken.csv" in msg
    assert not any(p.name.endswith("broken.csv") for p in client.app.state.web.uploads.folder.rglob("*"))


def test_upload_unbalanced_table_shows_findings(client):
    csv = ("country,sector,AAA_s1,AAA_s2,BBB_s1,BBB_s2,AAA_HH,BBB_HH,x\n"
           "AAA,s1,10,20,1,2,30,4,500\nAAA,s2,5,10,2,1,40,3,61\n"
           "BBB,s1,2,3,10,20,5,50,90\nBBB,s2,1,2,5,10,4,60,82\n")
    r = client.post("/data/upload", files={"file": ("unbalanced.csv", csv.encode(), "text/csv")})
    assert r.status_code in (200, 400)
    assert 'id="findings"' in r.text or 'class="error"' in r.text
    assert "Traceback" not in r.text


def test_upload_over_size_refused(client):
    big = b"0" * (1024 * 1024 + 10)
    r = client.post("/data/upload", files={"file": ("big.csv", big, "text/csv")})
    assert r.status_code == 413
    assert "larger than the limit of 1 MB" in r.text


def test_upload_evidence_then_the_industry_page_uses_it(client):
    ev = ("industry,indicator,year,value,unit,source\n"
          "haining_leather,own_brand_share,1995,0.05,share,survey A\n"
          "haining_leather,own_brand_share,1996,0.20,share,survey B\n")
    r = client.post("/data/evidence", files={"file": ("evidence.csv", ev.encode(), "text/csv")})
    assert r.status_code == 200, r.text[-500:]
    uid = re.search(r'href="/\?[^"]*evidence=([0-9a-f]{16})', r.text).group(1)
    with_ev = html.unescape(get(client, f"/industry/leather?years={YEARS}&evidence={uid}").text)
    without = html.unescape(get(client, f"/industry/leather?years={YEARS}").text)
    from gvckit.messages import tr

    label = tr("ev_own_brand_share", "en", subject="haining_leather", start=0.05, end=0.2, unit_text="share")
    assert label.split("(")[0].strip() in with_ev and label.split("(")[0].strip() not in without


def test_upload_evidence_bad_csv(client):
    r = client.post("/data/evidence", files={"file": ("ev.csv", b"a,b\n1,2\n", "text/csv")})
    assert r.status_code == 400 and 'class="error"' in r.text
    assert str(client.app.state.web.uploads.folder) not in r.text  # no server path in messages


def test_uploads_deleted_when_the_server_stops_unless_kept(tmp_path):
    app = create_app(Settings(cache_dir=tmp_path, max_upload_mb=1.0))
    ev = b"industry,indicator,year,value,unit,source\nleather,tfp,1995,1,index,a\n"
    with TestClient(app) as c:
        ids = []
        for name in ("a.csv", "b.csv"):
            r = c.post("/data/evidence", files={"file": (name, ev, "text/csv")})
            ids.append(re.search(r'evidence=([0-9a-f]{16})', r.text).group(1))
        assert c.post(f"/data/keep/{ids[1]}", follow_redirects=False).status_code == 303
        assert c.post("/data/keep/../../x").status_code in (400, 404)
    left = {p.name for p in (tmp_path / "uploads").iterdir()}
    assert left == {ids[1]}
    again = create_app(Settings(cache_dir=tmp_path))
    assert again.state.web.uploads.get(ids[1], "evidence") is not None


@pytest.mark.parametrize("url", ["/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/%2e%2e/errors.py",
                                 "/download/..%2f..%2fetc%2fpasswd.csv", "/industry/..%2f..%2fetc%2fpasswd",
                                 "/?data=../../etc/passwd", "/?data=/etc/passwd", "/?evidence=../x"])
def test_path_traversal_refused(client, url):
    r = client.get(url)
    assert r.status_code in (400, 404), (url, r.status_code)
    assert "root:" not in r.text and "import" not in r.text


def test_clean_name_keeps_uploads_inside():
    from gvckit.web.uploads import clean_name

    for bad in ("../../etc/passwd", "..\\..\\win.ini", "/abs/path.csv", "....", ".hidden"):
        name = clean_name(bad)
        assert "/" not in name and "\\" not in name and not name.startswith(".")


# --------------------------------------------------------------------------- downloads
def _exports(t, country: str) -> float:
    """Gross exports of ``country`` computed here: its rows' deliveries to other countries."""
    Z, Y, _ = t.arrays()
    rows = np.asarray(t.index.get_level_values(0)) == country
    zc = np.asarray(t.index.get_level_values(0)) != country
    yc = np.asarray([c[0] for c in t.fd_columns]) != country
    return float(np.asarray(Z)[rows][:, zc].sum() + np.asarray(Y)[rows][:, yc].sum())


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_decomposition_download_matches_the_model(client, fmt):
    from gvckit.measures.decompose.kww import KWW_TERMS

    q = "method=kww&level=country&exporter=CHN&year=1996&years=" + YEARS
    r = client.get(f"/download/decomposition.{fmt}?{q}")
    assert r.status_code == 200, r.text[-300:]
    buf = io.BytesIO(r.content)
    df = {"csv": lambda: pd.read_csv(buf, comment="#"), "xlsx": lambda: pd.read_excel(buf, sheet_name=None),
          "parquet": lambda: pd.read_parquet(buf)}[fmt]()
    if isinstance(df, dict):  # the workbook: README sheet plus the table
        df = next(v for k, v in df.items() if "EXGR" in v.columns)
    row = df[df["exporter"] == "CHN"].iloc[0] if "exporter" in df else df.iloc[0]
    model = gvckit.Model(gvckit.load_dataset("wiod2013", year=1996))
    gross = _exports(model.table, "CHN")
    assert float(row["EXGR"]) == pytest.approx(gross, rel=1e-9)
    assert sum(float(row[k]) for k in KWW_TERMS) == pytest.approx(gross, rel=1e-9)


def test_typology_download_matches_the_api(client):
    from gvckit import framework as fw

    r = client.get(f"/download/typology.csv?years={YEARS}&rules=gereffi")
    assert r.status_code == 200
    df = pd.read_csv(io.BytesIO(r.content), comment="#")
    from gvckit.web.analysis import DataRef, series_for

    # the API's own call (on the same memoised models, so the test stays quick)
    api = fw.classify(series_for(DataRef("wiod2013", "wiod2013", "wiod2013")), "CHN", None, [1995, 1996],
                      rules="gereffi")
    assert dict(zip(df["industry"], df["data_type"], strict=True)) == {c.industry: c.type_code for c in api}


def test_report_download(client, app_dir):
    r = get(client, "/report?years=1995&lang=zh")
    assert r.status_code == 200 and "下载报告" in r.text
    f = client.get("/report?years=1995&lang=zh&file=1")
    assert f.status_code == 200 and "<html" in f.text[:500] and "中国" in f.text


def test_assets_served_locally(client):
    js = client.get("/assets/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000 and b"plotly" in js.content[:2000].lower()
    font = client.get("/assets/gvckit-sans-sc.otf")
    assert font.status_code == 200 and font.content[:4] == b"OTTO"
    css = client.get("/static/app.css").text
    assert "/assets/gvckit-sans-sc.otf" in css and "gvckit Sans SC" in css
    page = get(client, f"/industry/textiles?years={YEARS}").text
    assert not re.search(r'(src|href)="https?://', page), "a page loads something from the network"


def test_cached_revisit_is_instant(client):
    url = f"/industry/garments?years={YEARS}"
    get(client, url)
    t0 = time.perf_counter()
    r = client.get(url)
    assert r.status_code == 200 and 'id="job"' not in r.text
    assert time.perf_counter() - t0 < 1.0


def test_jobs_cache_survives_a_restart(tmp_path):
    from gvckit.web.jobs import Jobs

    calls = []

    def work(x, progress=None):
        calls.append(x)
        progress(1, 1)
        return {"x": x}

    a = Jobs(tmp_path)
    job = a.submit("k1", "work", work, 3)
    a.wait(job, 10)
    assert job.status == "done" and job.result == {"x": 3}
    a.close()
    b = Jobs(tmp_path)
    again = b.submit("k1", "work", work, 3)
    assert again.status == "done" and again.cached and calls == [3]
    b.close()


def test_serve_without_extra_says_how_to_install(monkeypatch, capsys):
    import gvckit.web as web
    from gvckit.app.cli import main

    monkeypatch.setattr(web, "missing_extra", lambda: ["starlette"])
    assert main(["serve", "--port", "9"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pip install 'gvckit[web]'" in err


def test_jobs_on_a_dask_scheduler(tmp_path):
    distributed = pytest.importorskip("distributed")
    from gvckit.web.analysis import DataRef, decompose_page
    from gvckit.web.jobs import Jobs

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        jobs = Jobs(tmp_path, scheduler=cluster.scheduler_address)
        job = jobs.submit("dask-1", "decompose", decompose_page, DataRef("wiod2013", "wiod2013", "wiod2013"),
                          1995, "hiy", "country", "CHN", None)
        jobs.wait(job, 120)
        assert job.status == "done", job.error
        assert float(job.result["check"]["difference"].abs().max()) < 1e-6
        jobs.close()
    sync = Jobs(tmp_path / "sync", scheduler="sync")  # 'sync': this process's threads
    assert sync.scheduler is None
    sync.close()


def test_serve_beyond_localhost_warns(monkeypatch, capsys, tmp_path):
    import uvicorn

    from gvckit.web.server import serve

    async def no_serve(self, sockets=None):
        self.started = True

    monkeypatch.setattr(uvicorn.Server, "serve", no_serve)
    serve("0.0.0.0", 8123, cache_dir=tmp_path)
    out = capsys.readouterr()
    assert "warning: listening on 0.0.0.0" in out.err and "no login" in out.err
    serve("127.0.0.1", 8123, cache_dir=tmp_path)
    out = capsys.readouterr()
    assert out.err == ""


def test_import_gvckit_does_not_import_the_web_stack():
    import subprocess
    import sys

    code = "import sys, gvckit; print(any(m in sys.modules for m in ('starlette', 'uvicorn', 'jinja2', 'plotly')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --------------------------------------------------------------------------- a real server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    app = create_app(Settings(cache_dir=tmp_path_factory.mktemp("live"), wait=0.2, workers=2, max_upload_mb=1.0))
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    end = time.monotonic() + 20
    while not srv.started and time.monotonic() < end:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    th.join(10)


def test_concurrent_clients_get_their_own_answers_and_quick_pages_stay_quick(server):
    import httpx

    base, app = server
    jobs = app.state.web.jobs
    # a slow job: classify the 11 industries for years nobody has asked for yet in this process
    slow = httpx.get(f"{base}/?years=1997-1998&region=CHN", timeout=30)
    assert slow.status_code == 200
    job_id = re.search(r'data-job="([0-9a-f]+)"', slow.text)
    assert job_id, "the slow page answered at once; nothing to test against"
    job = jobs.get(job_id.group(1))

    results: dict[str, tuple[int, str, float]] = {}

    def ask(name: str, url: str) -> None:
        t0 = time.perf_counter()
        with httpx.Client(timeout=60) as c:
            r = c.get(base + url)
            if 'id="job"' in r.text:
                _poll(c, base, r.text)
                r = c.get(base + url)
        results[name] = (r.status_code, r.text, time.perf_counter() - t0)

    questions = {
        "data": "/data?lang=zh",
        **{f"dec_{c}": f"/decompose?method=hiy&level=country&exporter={c}&year=2011" for c in ("CHN", "USA", "DEU", "JPN")},
    }
    threads = [threading.Thread(target=ask, args=item) for item in questions.items()]
    for th in threads:
        th.start()
    threads[0].join(30)
    assert not job.finished, "the slow job ended before the quick page was answered"
    status, text, seconds = results["data"]
    assert status == 200 and "自带的数据集" in text
    assert seconds < 2.0, f"a quick page took {seconds:.2f} s while a slow job ran"
    for th in threads[1:]:
        th.join(60)
    for c in ("CHN", "USA", "DEU", "JPN"):
        status, text, _ = results[f"dec_{c}"]
        assert status == 200
        rows = re.findall(r"<tr><td>([A-Z]{3})</td>", text)
        assert rows and set(rows) == {c}, (c, rows[:5])
    # the slow job finishes and its page is then served from the cache
    end = time.monotonic() + 120
    while not job.finished and time.monotonic() < end:
        time.sleep(0.2)
    assert job.status == "done", job.error
    t0 = time.perf_counter()
    again = httpx.get(f"{base}/?years=1997-1998&region=CHN", timeout=30)
    assert 'id="job"' not in again.text and time.perf_counter() - t0 < 1.5


def _poll(c, base: str, html: str) -> None:
    m = re.search(r'data-job="([0-9a-f]+)"', html)
    end = time.monotonic() + 60
    while m and time.monotonic() < end:
        if c.get(f"{base}/api/jobs/{m.group(1)}").json()["status"] in ("done", "error"):
            return
        time.sleep(0.1)


def test_a_real_server_refuses_an_over_size_upload_with_413(server):
    """Through uvicorn, not the test client: with a Content-Length over the limit (refused before
    the body is read) and streamed without one (refused while it is written), the client reads a
    413 and the message, not a reset connection; nothing of the file stays on disk."""
    import httpx

    base, app = server
    r = httpx.post(f"{base}/data/upload", files={"file": ("big.csv", b"0" * (3 * 2**20), "text/csv")}, timeout=30)
    assert r.status_code == 413 and "larger than the limit of 1 MB" in html.unescape(r.text)

    def body():
        yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="stream.csv"\r\n' \
              b"Content-Type: text/csv\r\n\r\n"
        for _ in range(3):
            yield b"0" * 2**20
        yield b"\r\n--xyz--\r\n"

    r = httpx.post(f"{base}/data/upload", content=body(), timeout=30,
                   headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert r.status_code == 413 and "stream.csv: the file is larger than the limit" in html.unescape(r.text)
    assert not [p for p in app.state.web.uploads.folder.rglob("*") if p.name in ("big.csv", "stream.csv")]


def test_chinese_pages_read_as_chinese(client):
    """The Chinese pages name the data, its unit and the industry's sectors in Chinese, with
    full-width punctuation (they showed "WIOD 2013 release", "USD million", a bare "19" and
    "下载数据:" / "(把握较大)")."""
    o = html.unescape(get(client, f"/?lang=zh&years={YEARS}").text)
    assert "世界投入产出数据库 2013 年版" in o and "百万美元" in o
    assert "USD million" not in o and "WIOD 2013 release" not in o
    assert "下载数据：" in o and "下载数据:" not in o
    assert "（把握" in o and "(把握" not in o
    i = html.unescape(get(client, f"/industry/leather?lang=zh&years={YEARS}").text)
    assert "皮革、皮革制品和鞋类（19）" in i and "（第四部分" in i and "§" not in i
    e = html.unescape(get(client, f"/industry/leather?years={YEARS}").text)
    assert "Leather, Leather and Footwear (19)" in e and "(§4" in e
    c = html.unescape(get(client, "/compare?lang=zh&years=1995-1996").text)
    table = c[c.index('id="compare-table"'):]
    assert "<th>年份</th>" in table and ">1995<" in table and "1,995" not in table and "%</td>" in table
    data = html.unescape(get(client, "/data?lang=zh").text)
    assert '<td class="num">41</td>' in data and "41.000" not in data
    d = html.unescape(get(client, "/decompose?lang=zh&method=bm&level=country&exporter=CHN&year=1995").text)
    assert "分解结果（百万美元）" in d and "<th>各项之和</th>" in d and "sum_of_terms" not in d
    assert "negative_final_demand：" in d and "个负的最终需求值" in d and "negative final-demand" not in d
