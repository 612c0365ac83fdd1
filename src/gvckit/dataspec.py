"""Moved to :class:`gvckit.app.source.Source`; these two calls stay for existing callers.

``load_data(spec, year)`` is ``Source.of(spec, year=year, fmt=fmt).only()`` and
``framework_data(spec)`` is ``Source.of(spec).framework_data()``.
"""

from __future__ import annotations

from gvckit.app.source import Source

__all__ = ["load_data", "framework_data"]


def load_data(spec: str, year: int | None = None, fmt: str | None = None):
    """One table of DATA (``name:year[:variant]`` or a file path).

    >>> load_data("wiod2013:2011").G
    41
    """
    return Source.of(spec, year=year, fmt=fmt).only()


def framework_data(spec: str):
    """DATA for the framework: a whole bundled dataset by name, else a dict year -> table."""
    return Source.of(spec).framework_data()
