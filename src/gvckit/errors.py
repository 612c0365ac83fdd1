"""Exceptions raised by gvckit.

Every error a user can cause derives from :class:`GvckitError`, so one ``except`` clause catches
them all, and the command line turns them into one line on stderr.
"""

from __future__ import annotations


class GvckitError(Exception):
    """Base class of every error gvckit raises on purpose."""


class InputError(GvckitError, ValueError):
    """An input table or argument is malformed (shape, labels, NaN, negative flows, ...).

    ``findings`` holds the :class:`gvckit.checks.Finding` objects that caused it, when the error
    comes from the input checks.
    """

    def __init__(self, message: str, findings: list | None = None) -> None:
        super().__init__(message)
        self.findings = list(findings or [])


class SingularError(GvckitError, ArithmeticError):
    """(I - A) is singular or the spectral radius of A is not below one."""


class FormatError(GvckitError, ValueError):
    """A file is not in the layout its reader expects (or no reader recognises it)."""


class DatasetError(GvckitError, LookupError):
    """A bundled dataset or year that does not exist was asked for."""


class MemoryLimitError(GvckitError, MemoryError):
    """A task would need more memory than its worker may use (see ``gvckit panel --memory-limit``)."""
