"""The docs site builds with no warning (``make docs`` runs the same Sphinx command with -W).

A broken cross-reference, a malformed docstring table or a page left out of every toctree fails
here, in ``make test``, instead of only when someone runs ``make docs``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_docs_build_without_warnings(tmp_path):
    pytest.importorskip("sphinx", reason="the docs extra is part of the test extra (make test)")
    pytest.importorskip("myst_parser")
    out = tmp_path / "html"
    r = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(DOCS), str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert r.returncode == 0, (r.stderr or r.stdout)[-4000:]
    index = (out / "index.html").read_text("utf-8")
    assert "gvckit" in index
    assert (out / "zh" / "index.html").exists() and (out / "guide" / "web.html").exists()
