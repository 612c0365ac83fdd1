"""Every ```python block of every page under docs/ runs.

Each page's blocks run in order in one namespace (a later block may use a name an earlier one
made), in a fresh temporary directory, each within a time budget: CPU seconds of this process
(so that a machine shared with other jobs does not make an example "slow") and a wall-clock limit
that catches a hang. A block that must not run starts with a visible marker line
``# not run: <why>`` (for example a file the reader downloads first); the test fails on a marker
without its reason. A block written as a doctest (its first
line starts with ``>>>``) runs as one: the printed output must match. The docstring examples run
separately (``--doctest-modules`` in ``make test``); the Sphinx build (``make docs``) does not
execute code.

Pages that other engineers own and whose examples fail at the time of writing are listed in
``PENDING`` with the reason: they are expected to fail (strictly, so a fixed page fails the test
until its entry is removed) and get a short time budget.
"""

from __future__ import annotations

import doctest
import re
import signal
import time
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
# folders that hold generated or built files, not pages
SKIP_DIRS = {"_build", "_static", "_templates", "generated"}
BLOCK_BUDGET_S = 20.0  # CPU seconds of one block; a slower example should be made smaller
PAGE_BUDGET_S = 40.0  # CPU seconds of all the blocks of one page
HANG_S = 120.0  # wall-clock seconds of one block before it counts as hung

# page -> why its examples fail today; remove the entry when the page is fixed (strict xfail)
PENDING: dict[str, str] = {}
PENDING_BLOCK_BUDGET_S = 5.0

FENCE = re.compile(r"^(?P<indent>\s*)(?P<ticks>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
NOT_RUN = re.compile(r"^#\s*not run\b:?\s*(?P<why>.*)$", re.IGNORECASE)


def doc_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not SKIP_DIRS & set(p.relative_to(DOCS).parts))


def python_blocks(text: str) -> list[tuple[int, str]]:
    """The ```python (or ```py, ```{code-block} python) blocks of a Markdown page.

    Returns (line number of the first code line, code) in page order; other fenced blocks (sh,
    text, ...) are skipped whole, so a ``` inside them does not start a block.
    """
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        ticks, indent = m["ticks"], len(m["indent"])
        info = m["info"].strip().lower()
        lang = info.split()[-1] if info.startswith("{code") and info.split() else info.split(" ")[0]
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            s = lines[j]
            if s.strip().startswith(ticks[0] * len(ticks)) and set(s.strip()) == {ticks[0]}:
                break
            body.append(s[indent:] if s[:indent].strip() == "" else s)
            j += 1
        if lang in ("python", "py", "python3"):
            out.append((i + 2, "\n".join(body) + "\n"))
        i = j + 1
    return out


def not_run_reason(code: str) -> str | None:
    """The reason of a ``# not run: why`` marker on the block's first non-blank line, else None."""
    for line in code.splitlines():
        if line.strip():
            m = NOT_RUN.match(line.strip())
            return m["why"].strip() if m else None
    return None


def run_doctest(code: str, where: str, namespace: dict) -> None:
    """Run a ``>>>`` block as a doctest in ``namespace``; fail with the report on a mismatch."""
    test = doctest.DocTestParser().get_doctest(code, namespace, where, where, 0)
    out: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    result = runner.run(test, out=out.append, clear_globs=False)
    namespace.update(test.globs)  # DocTest works on a copy; later blocks see its names
    if result.failed:
        raise AssertionError("".join(out))


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a slow example
    raise _Timeout


PAGES = [p for p in doc_pages() if python_blocks(p.read_text(encoding="utf-8"))]


def test_the_pages_are_found():
    """The collection itself: the guide has pages with examples (a broken glob fails here)."""
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert {"index.md", "guide/decompose.md", "zh/index.md"} <= names, names


def test_block_parser_on_a_small_page():
    page = (
        "# t\n\n```sh\n```python inside sh\n```\n\n```python\na = 1\n```\n\n"
        "~~~python\nb = a + 1\n~~~\n\n```{code-block} python\n# not run: needs a file\nread('x')\n```\n"
    )
    blocks = python_blocks(page)
    assert [code for _, code in blocks] == ["a = 1\n", "b = a + 1\n", "# not run: needs a file\nread('x')\n"]
    assert [line for line, _ in blocks] == [8, 12, 16]
    assert not_run_reason(blocks[2][1]) == "needs a file"
    assert not_run_reason(blocks[0][1]) is None


def test_doctest_blocks_compare_their_output():
    ns: dict = {}
    run_doctest(">>> x = 2\n>>> x + 1\n3\n", "page.md:1", ns)
    assert ns["x"] == 2  # later blocks of the page see the names
    with pytest.raises(AssertionError, match="page.md:1"):
        run_doctest(">>> 1 + 1\n3\n", "page.md:1", {})


def _param(page: Path):
    rel = page.relative_to(DOCS).as_posix()
    if rel in PENDING:
        return pytest.param(page, id=rel, marks=pytest.mark.xfail(reason=PENDING[rel], strict=True))
    return pytest.param(page, id=rel)


def test_pending_pages_exist():
    """A PENDING entry names a page that has examples (a renamed page must not hide here)."""
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert set(PENDING) <= names, set(PENDING) - names


@pytest.mark.parametrize("page", [_param(p) for p in PAGES])
def test_page_examples_run(page: Path, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    rel = page.relative_to(DOCS).as_posix()
    budget = BLOCK_BUDGET_S
    wall = PENDING_BLOCK_BUDGET_S if rel in PENDING else HANG_S
    namespace: dict = {"__name__": f"docs_{rel}"}
    start = time.process_time()
    use_alarm = hasattr(signal, "setitimer")
    for line, code in python_blocks(page.read_text(encoding="utf-8")):
        where = f"docs/{rel}:{line}"
        why = not_run_reason(code)
        if why is not None:
            assert len(why) >= 10, f"{where}: say why the block is not run ('# not run: <why>')"
            if not code.lstrip().startswith(">>>"):
                compile(code, where, "exec")  # not run, but it must still be Python
            continue
        if use_alarm:
            old = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, wall)
        t0 = time.process_time()
        try:
            if code.lstrip().startswith(">>>"):
                run_doctest(code, where, namespace)
            else:
                exec(compile(code, where, "exec"), namespace)
        except _Timeout:
            pytest.fail(f"{where}: the example ran more than {wall:.0f} s (wall clock); make it smaller")
        except Exception as exc:
            raise AssertionError(f"{where}: the example fails: {type(exc).__name__}: {exc}") from exc
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        cpu = time.process_time() - t0
        assert cpu < budget, f"{where}: the example used {cpu:.1f} CPU s (budget {budget} s); make it smaller"
    total = time.process_time() - start
    assert total < PAGE_BUDGET_S, f"docs/{rel}: the examples used {total:.1f} CPU s (budget {PAGE_BUDGET_S} s)"


def test_docs_version_is_the_package_metadata():
    """docs/conf.py reads the version from the installed package's metadata, as pyproject says."""
    import runpy
    import tomllib
    from importlib.metadata import version

    conf = runpy.run_path(str(DOCS / "conf.py"))
    project = tomllib.loads((DOCS.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert conf["release"] == version("gvckit") == project["version"]
