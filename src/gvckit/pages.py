"""numpy's transparent-huge-page advice, turned off for gvckit's big arrays.

On Linux numpy asks the kernel for transparent huge pages (``madvise(MADV_HUGEPAGE)``) on every
array of 4 MB or more. Under the kernel's default defragmentation setting for such memory
(``/sys/kernel/mm/transparent_hugepage/defrag`` = ``madvise``), the first write to each 2 MB of a
fresh array makes the kernel find a free huge page *now*, compacting memory synchronously when
none is at hand, as on any machine that has been up for a while with a full page cache. gvckit's
arrays are big and short-lived (one ``GN x GN`` table, LU work space and products per year), so it
pays that stall again and again, in every thread at once.

Measured on the 2-core, 24 GiB test machine (``make bench`` shows the same comparison in its
"fresh array" rows): a fresh 1,435 x 1,435 float64 array (one WIOD year, 16 MB) took 0.03-0.15 s
to fill with the advice and 0.008 s without; a 9,800 x 9,800 one (EXIOBASE size, 768 MB)
5.4-7.5 s against 0.4 s, while LAPACK's LU of it ran in the same time either way (6.7 and 6.6 s):
the huge pages' saving in address translation is lost in the noise of blocked BLAS kernels.

So gvckit turns numpy's advice off when it loads its table module (:func:`prefer_small_pages`),
unless ``NUMPY_MADVISE_HUGEPAGE`` is set in the environment: then numpy has already applied that
choice at its import and gvckit leaves it alone. ``NUMPY_MADVISE_HUGEPAGE=1`` keeps numpy's
default. The advice is numpy's process-wide switch (``_set_madvise_hugepage``, the function its
own environment variable drives); arrays made later anywhere in the process follow it.
"""

from __future__ import annotations

import os

__all__ = ["prefer_small_pages", "huge_page_advice"]


def _switch():
    """numpy's setter and getter of the advice, or ``None`` where this numpy has none."""
    try:
        from numpy._core import multiarray as ma  # numpy >= 2
    except ImportError:  # pragma: no cover - numpy 1.26
        from numpy.core import multiarray as ma
    get, put = getattr(ma, "_get_madvise_hugepage", None), getattr(ma, "_set_madvise_hugepage", None)
    return (get, put) if get is not None and put is not None else None


def huge_page_advice() -> bool | None:
    """Whether numpy currently advises huge pages for big arrays (``None``: this numpy cannot say)."""
    sw = _switch()
    return None if sw is None else bool(sw[0]())


def prefer_small_pages() -> bool:
    """Turn numpy's huge-page advice off unless ``NUMPY_MADVISE_HUGEPAGE`` is set.

    Returns
    -------
    bool
        True when gvckit turned the advice off, False when the environment variable decides
        (or numpy has no such switch).

    Examples
    --------
    >>> import os
    >>> prefer_small_pages() == ("NUMPY_MADVISE_HUGEPAGE" not in os.environ)
    True
    """
    if os.environ.get("NUMPY_MADVISE_HUGEPAGE", "").strip():
        return False
    sw = _switch()
    if sw is None:  # pragma: no cover - a numpy without the switch
        return False
    sw[1](False)
    return True
