"""The ``gvckit`` command line lives in :mod:`gvckit.app.cli`; ``python -m gvckit.cli`` still runs it."""

import sys

from gvckit.app.cli import main
from gvckit.app.progress import progress  # the report job's import, until it imports gvckit.app

__all__ = ["main", "progress"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
