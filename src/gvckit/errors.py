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


class UnknownNameError(GvckitError, LookupError):
    """A name the user gave (industry, cluster, type, point, measure, method, language, rule set,
    format, ...) is not one gvckit knows; the message lists the valid ones.

    Examples
    --------
    >>> print(UnknownNameError("industry", "shoes", ["leather", "textiles"]))
    unknown industry 'shoes'; valid: leather, textiles
    """

    def __init__(self, kind: str, name: object, valid) -> None:
        self.kind, self.name, self.valid = kind, name, list(valid)
        shown = ", ".join(str(v) for v in self.valid)
        super().__init__(f"unknown {kind} {name!r}; valid: {shown}")

    def __str__(self) -> str:  # LookupError/KeyError would quote the message
        return str(self.args[0])


class OptionError(GvckitError, ValueError):
    """Options that conflict with each other or mean nothing for the input (e.g. ``--year`` with a
    ``name:year`` data spec that already fixes the year)."""


class RuleError(InputError):
    """A rule set (named or read from a TOML/YAML rule file) is invalid; the message names the file
    and the key at fault."""


class EvidenceError(InputError):
    """A user-supplied upgrading-evidence file is invalid; the message names the file, row and
    column at fault."""
