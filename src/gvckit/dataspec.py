"""DATA specifications shared by the command line and the report job.

``name:year[:variant]`` names a bundled dataset's table (``wiod2013:2011``,
``china_nbs:2012:detailed``); a bare name (``wiod2013``) means every year of it for the
framework's multi-year work; anything else is a path for :func:`gvckit.read`.
"""

from __future__ import annotations

from pathlib import Path

from gvckit.errors import InputError

__all__ = ["load_data", "framework_data"]


def load_data(spec: str, year: int | None = None, fmt: str | None = None):
    """Resolve DATA: ``name:year[:variant]`` of a bundled dataset, or a file path.

    >>> load_data("wiod2013:2011").G
    41
    """
    from gvckit.datasets import datasets, load_dataset

    names = set(datasets()["name"]) | {"nbs"}
    head, *rest = spec.split(":")
    if head.lower() in names and not Path(spec).exists():
        if rest and rest[0]:
            try:
                year = int(rest[0])
            except ValueError:
                raise InputError(f"bad year {rest[0]!r} in {spec!r}; write e.g. wiod2013:2011") from None
        variant = rest[1] if len(rest) > 1 else None
        return load_dataset(head, year=year, variant=variant)
    path = Path(spec)
    if not path.exists():
        raise InputError(f"{spec}: no such file, and not a bundled dataset (bundled: {', '.join(sorted(names - {'nbs'}))}; write name:year)")
    try:
        from gvckit.readers import read
    except ImportError as exc:  # pragma: no cover - readers are part of the package
        raise InputError(f"cannot read files: {exc}") from exc
    return read(path, format=fmt, year=year)


def framework_data(spec: str):
    """DATA for the framework's commands: a bundled dataset name alone means every year it has
    (``wiod2013``); ``name:year`` or a path loads that one table."""
    from gvckit.datasets import datasets

    if ":" not in spec and spec.lower() in set(datasets()["name"]):
        return spec.lower()
    t = load_data(spec)
    return {int(t.year or 0): t}
