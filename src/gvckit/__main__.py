"""``python -m gvckit``: the command line (:mod:`gvckit.app.cli`)."""

import sys

from gvckit.app.cli import main

sys.exit(main())
