"""``python -m gvckit``: the command line (:mod:`gvckit.app.cli`)."""

import sys

from gvckit.app.cli import main

if __name__ == "__main__":  # not on import (e.g. by the docs' API reference)
    sys.exit(main())
