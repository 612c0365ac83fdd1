"""Structured reasons: the evidence behind every label the framework gives.

A label (a governance sign, a degree of integration, a type, a point on the paper's Figure 1, an
observed kind of upgrading) is a claim. gvckit states it as a :class:`Verdict` that holds the
:class:`Reason` rows it rests on (indicator, value, benchmark, cut-off, rule, what that row says)
and the :class:`Variant` rows that recompute it under other reasonable choices (benchmarks, year
windows, the other rule set). Text is never stored here: every word a person reads is rendered
from the message catalogue (:mod:`gvckit.messages`) by key, in English or Chinese, from the same
numbers, so the two languages cannot say different things.

Keys are catalogue keys: ``indicator``, ``rule``, ``says`` and ``label`` name entries of
``gvckit/messages/framework.<lang>.json``. ``unit`` is one of :data:`UNITS`.

Every framework result that gives labels (a classification, a diagnosis) satisfies
:class:`HasVerdicts`: ``.verdicts`` maps a dimension key to its :class:`Verdict`. The dimension keys
are :data:`CLASSIFICATION_DIMENSIONS` for a classification and :data:`DIAGNOSIS_DIMENSIONS` for a
diagnosis; a renderer (the report, the CLI, a web page) walks them in that order.

Examples
--------
>>> r = Reason(indicator="ind_export_orientation", value=0.347, benchmark=0.191, cutoff=1.0,
...            rule="rule_ratio_at_least", says="lab_int_high", unit="share", year="2003-2005")
>>> round(r.ratio, 4)
1.8168
>>> r.votes
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from gvckit.outputs.units import REASON_UNITS

__all__ = [
    "UNITS", "CONFIDENCE", "CLASSIFICATION_DIMENSIONS", "DIAGNOSIS_DIMENSIONS",
    "Reason", "Variant", "Verdict", "HasVerdicts",
]

#: Units a reason's value may carry (:data:`gvckit.outputs.units.REASON_UNITS`, defined there
#: with the rest of the unit vocabulary): a share in [0, 1] (shown as %), the change of a share
#: (the difference of two shares, a fraction shown as percentage points), a ratio or index (a
#: pure number), a monetary amount in USD million, a length in production stages, a count, or a
#: category (text, no number).
UNITS: tuple[str, ...] = REASON_UNITS

#: Confidence levels, from the sensitivity of a label to its variants.
CONFIDENCE: tuple[str, ...] = ("high", "medium", "low", "not_identifiable")

#: Dimensions of a classification, in reading order (catalogue keys).
CLASSIFICATION_DIMENSIONS: tuple[str, ...] = ("dim_governance", "dim_integration", "dim_type")

#: Dimensions of a diagnosis, in reading order (catalogue keys): the point on Figure 1, then each
#: kind of upgrading (Humphrey & Schmitz 2002).
DIAGNOSIS_DIMENSIONS: tuple[str, ...] = (
    "dim_point", "dim_upgrading_process", "dim_upgrading_product", "dim_upgrading_functional",
    "dim_upgrading_inter_chain",
)


@dataclass(frozen=True)
class Reason:
    """One row of evidence: a measured indicator compared by a rule.

    Attributes
    ----------
    indicator : str
        Catalogue key of the indicator (e.g. ``"ind_export_orientation"``).
    value : float or None
        The measured value; ``None`` or NaN means not available, and such a row never votes.
    benchmark : float or None
        The value it is compared with (e.g. the region's manufacturing), if any.
    cutoff : float or None
        The rule's threshold (on ``value / benchmark`` when there is a benchmark, else on
        ``value``).
    rule : str
        Catalogue key of the rule (e.g. ``"rule_ratio_at_least"``).
    says : str
        Catalogue key of what this row points to (e.g. ``"lab_int_high"``,
        ``"lab_gov_producer"``), or ``"lab_no_vote"`` for a row shown but not counted.
    unit : str
        One of :data:`UNITS`.
    year : int, str or None
        The year or period of the value (``2011``, ``"2003-2005"``).
    source : str or None
        Catalogue key or citation of where the number or rule comes from.
    counts : bool
        Whether the row votes (the lead-firm proxy is shown with ``counts=False``).
    fields : Mapping
        Extra named values the catalogue templates of this row may use (sector codes, names).
    """

    indicator: str
    value: float | None
    benchmark: float | None = None
    cutoff: float | None = None
    rule: str = ""
    says: str = ""
    unit: str = "share"
    year: int | str | None = None
    source: str | None = None
    counts: bool = True
    fields: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit {self.unit!r} is not one of {UNITS}")

    @property
    def available(self) -> bool:
        """Whether the value exists (not None, not NaN)."""
        return self.value is not None and self.value == self.value

    @property
    def votes(self) -> bool:
        """Whether this row is counted: it must be available and marked as counting."""
        return self.counts and self.available

    @property
    def ratio(self) -> float | None:
        """``value / benchmark`` when both exist and the benchmark is not zero."""
        if not self.available or self.benchmark is None or self.benchmark != self.benchmark:
            return None
        return None if self.benchmark == 0 else float(self.value) / float(self.benchmark)  # type: ignore[arg-type]

    def text(self, lang: str = "en") -> str:
        """The row as a sentence in ``lang``, from the message catalogue."""
        from .render import reason_line

        return reason_line(self, lang)

    def as_dict(self) -> dict[str, Any]:
        """The row as plain values (for frames and exports)."""
        return {
            "indicator": self.indicator, "value": self.value, "benchmark": self.benchmark,
            "ratio": self.ratio, "cutoff": self.cutoff, "rule": self.rule, "says": self.says,
            "unit": self.unit, "year": self.year, "source": self.source, "counts": self.votes,
        }


@dataclass(frozen=True)
class Variant:
    """The label recomputed under one alternative choice.

    ``name`` is a catalogue key (``"var_benchmark_world"``, ``"var_window_shift"``,
    ``"var_rules_gereffi"``); ``params`` holds the choice (e.g. ``{"start": 1997}``); ``label`` is
    the label's catalogue key under that choice; ``flips`` is true when it differs from the
    verdict's own label.
    """

    name: str
    label: str
    flips: bool
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """A label with the reasons it rests on and the variants that test it.

    Attributes
    ----------
    dimension : str
        Catalogue key of what is labelled (``"dim_governance"``, ``"dim_integration"``,
        ``"dim_type"``, ``"dim_point"``, ``"dim_upgrading_product"``, ...).
    label : str
        Catalogue key of the label (``"lab_gov_buyer"``, ``"lab_type_II"``, ``"lab_point_B"``,
        ``"lab_not_identifiable"``, ...).
    confidence : str
        One of :data:`CONFIDENCE`: ``"high"`` only when no variant flips the label.
    reasons : tuple of Reason
        The evidence rows, in the order a reader should see them.
    variants : tuple of Variant
        The sensitivity checks; those with ``flips`` are shown beside the label.
    rule_set : str
        The name of the rule set that produced it (``"paper"``, ``"gereffi"`` or a file's name).
    """

    dimension: str
    label: str
    confidence: str
    reasons: tuple[Reason, ...] = ()
    variants: tuple[Variant, ...] = ()
    rule_set: str = "paper"

    def __post_init__(self) -> None:
        if self.confidence not in CONFIDENCE:
            raise ValueError(f"confidence {self.confidence!r} is not one of {CONFIDENCE}")

    @property
    def flipped_by(self) -> tuple[Variant, ...]:
        """The variants under which the label changes."""
        return tuple(v for v in self.variants if v.flips)

    def text(self, lang: str = "en") -> str:
        """The verdict's line (dimension, label, confidence) in ``lang``, from the catalogue."""
        from .render import verdict_line

        return verdict_line(self, lang)

    def evidence_frame(self) -> pd.DataFrame:
        """The reasons as a frame, one row each (catalogue keys, not text)."""
        cols = ["indicator", "value", "benchmark", "ratio", "cutoff", "rule", "says", "unit",
                "year", "source", "counts"]
        return pd.DataFrame([r.as_dict() for r in self.reasons], columns=cols)


@runtime_checkable
class HasVerdicts(Protocol):
    """A framework result whose labels are :class:`Verdict` objects keyed by dimension.

    ``industry`` is the paper's industry key (or a cluster key), ``region`` the economy code,
    ``period`` the year or window label, ``rule_set`` the rule set's name.
    """

    industry: str
    region: str
    period: str
    rule_set: str

    @property
    def verdicts(self) -> Mapping[str, Verdict]: ...
