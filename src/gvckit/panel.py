"""Moved to :mod:`gvckit.scale.panel`; this name stays for existing imports."""

from gvckit.scale.panel import *  # noqa: F401,F403
from gvckit.scale.panel import __all__, load_results  # noqa: F401
