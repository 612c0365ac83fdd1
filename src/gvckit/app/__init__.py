"""The application layer: everything between a person (or a script) and the computations.

* :mod:`gvckit.app.source` -- :class:`Source`, the one resolver of DATA (a bundled dataset,
  ``name:year[:variant]``, a file, a folder of years, a table, a dict year -> table, a callable);
* :mod:`gvckit.app.cli` -- the ``gvckit`` command line;
* :mod:`gvckit.app.progress` -- progress bars (a terminal only);
* :mod:`gvckit.app.demo_summary` -- the short export-content summary ``gvckit demo`` prints.

Text shown to people comes from :mod:`gvckit.messages`; the many-year driver is
:mod:`gvckit.scale.panel`. Nothing here is imported by ``import gvckit`` until used.
"""

from __future__ import annotations

__all__ = ["Source"]


def __getattr__(name: str):
    if name == "Source":
        from gvckit.app.source import Source

        return Source
    raise AttributeError(f"module 'gvckit.app' has no attribute {name!r}")
