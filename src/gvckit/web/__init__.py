"""``gvckit serve``: a local web application over gvckit (issue #15).

Pages (English and Chinese, ``?lang=zh``): an overview of a data source and economy (key
figures, the typology of the paper's 11 industries under a rule set, the measured A-E
placement), one page per industry or cluster (verdicts with evidence, time paths, the paper's
advice), decompositions with their accounting identity, comparisons over years, and a data page
for uploads (input checks shown first). Every table and chart downloads as csv/xlsx/parquet; the
full HTML report is made by :func:`gvckit.report_job.report` in the background.

Why Starlette + uvicorn + Jinja2: a small, maintained ASGI stack that fits a local app with
background jobs and file uploads (no ORM, no sessions, no build step); Plotly.js (from the
``plotly`` package, served by the app itself) draws interactive charts offline. The web stack is
the ``web`` extra and is imported only by ``gvckit serve``, never by ``import gvckit``.

Modules: :mod:`~gvckit.web.app` (routes), :mod:`~gvckit.web.analysis` (what is computed),
:mod:`~gvckit.web.jobs` (background jobs, cache), :mod:`~gvckit.web.uploads` (the upload folder),
:mod:`~gvckit.web.charts` (Plotly figure specs), :mod:`~gvckit.web.server` (running it).
"""

from __future__ import annotations

__all__ = ["REQUIRED", "missing_extra"]

#: the import names the web extra provides
REQUIRED = ("starlette", "uvicorn", "jinja2", "multipart", "plotly")


def missing_extra() -> list[str]:
    """The web extra's modules that are not installed (empty when ``gvckit serve`` can run)."""
    import importlib.util

    return [m for m in REQUIRED if importlib.util.find_spec(m) is None]
