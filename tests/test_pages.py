"""gvckit turns numpy's transparent-huge-page advice off (gvckit.pages), unless the user chose.

Each case runs in a fresh interpreter: the advice is a process-wide switch that numpy sets at
import from ``NUMPY_MADVISE_HUGEPAGE`` and gvckit sets when its table module loads.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PROBE = (
    "import sys; sys.path.insert(0, {src!r});"
    "from numpy._core.multiarray import _get_madvise_hugepage as get;"
    "before = get(); import gvckit.table; from gvckit.pages import huge_page_advice;"
    "print(int(before), int(get()), int(huge_page_advice()))"
)


def _probe(**env: str) -> list[int]:
    e = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    e.update(env)
    out = subprocess.run([sys.executable, "-c", PROBE.format(src=str(SRC))], env=e, capture_output=True,
                         text=True, check=True)
    return [int(v) for v in out.stdout.split()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="numpy advises huge pages on Linux only")
def test_loading_a_table_module_turns_the_advice_off():
    before, after, reported = _probe()
    kernel = tuple(int(v) for v in re.findall(r"\d+", os.uname().release)[:2])
    if kernel >= (4, 6):
        assert before == 1  # numpy's default on Linux from kernel 4.6 (numpy/__init__.py)
    assert after == 0 and reported == 0


@pytest.mark.parametrize("value", ["0", "1"])
def test_the_environment_variable_wins(value):
    before, after, reported = _probe(NUMPY_MADVISE_HUGEPAGE=value)
    assert before == after == reported == int(value)
