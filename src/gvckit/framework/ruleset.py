"""Named rule sets and user rule files: load, validate and select the rules of the framework.

A rule set is data: a TOML file (``gvckit/framework/rulesets/paper.toml`` and ``gereffi.toml``
ship with gvckit) whose sections ``[rule_set]``, ``[governance]``, ``[integration]``,
``[diagnosis]`` (with ``[diagnosis.evidence]``) and ``[confidence]`` hold the keys below, each
mapped to a field of :class:`~gvckit.framework.rules.Rules`. A user's file has the same schema
(TOML; YAML when PyYAML is installed); every key is optional and a missing key keeps the built-in
default. Unknown sections or keys, wrong types and invalid values raise
:class:`~gvckit.errors.RuleError` naming the file and the key.

====================================  ==================================  =================
section.key                           Rules field                         type
====================================  ==================================  =================
rule_set.name                         ``name``                            str
governance.indicators                 ``governance_indicators``           list of str
governance.producer_tech_levels       ``producer_tech_levels``            list of str
governance.capital_good_cutoff        ``capital_good_cutoff``             number
governance.labour_intensity_cutoff    ``labour_intensity_cutoff``         number
governance.lead_firm_cutoff           ``lead_firm_cutoff``                number
governance.min_votes                  ``governance_min_votes``            int
governance.high_income                ``high_income``                     list of str
integration.indicators                ``integration_indicators``          list of str
integration.benchmark                 ``benchmark``                       str
integration.cutoff                    ``integration_cutoff``              number
integration.percentile_cutoff         ``percentile_cutoff``               number
integration.min_votes                 ``integration_min_votes``           int
integration.emerging_growth_min       ``emerging_growth_min``             number
integration.emerging_lookback         ``emerging_lookback``               int
integration.emerging_overrides        ``emerging_overrides``              bool
diagnosis.embed_indicators            ``embed_indicators``                list of str
diagnosis.embed_cutoff                ``embed_cutoff``                    number
diagnosis.interchain_nrca_min         ``interchain_nrca_min``             number
diagnosis.interchain_nrca_change_min  ``interchain_nrca_change_min``      number
diagnosis.evidence.*                  ``evidence_change_min[indicator]``  number
confidence.window_shift               ``window_shift``                    int
confidence.benchmarks                 ``variant_benchmarks``              list of str
confidence.compare_with               ``compare_with``                    str ("" for none)
====================================  ==================================  =================

``rule_set.description`` and ``rule_set.references`` are documentation (kept, not used).

Examples
--------
>>> r = load_rules("paper")
>>> r.name, r.governance_indicators, r.producer_tech_levels
('paper', ('tech_intensity',), ('high',))
>>> load_rules("gereffi").integration_indicators
('export_orientation', 'vax_ratio', 'foreign_va_share')
>>> load_rules(r) is r
True
>>> rule_set_names()
('gereffi', 'paper')
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from gvckit.errors import RuleError, UnknownNameError

from .rules import Rules

__all__ = ["load_rules", "rule_set_names", "rules_from_mapping", "RULE_KEYS"]

#: section -> key -> Rules field.
RULE_KEYS: dict[str, dict[str, str]] = {
    "rule_set": {"name": "name", "description": "", "references": ""},
    "governance": {
        "indicators": "governance_indicators",
        "producer_tech_levels": "producer_tech_levels",
        "capital_good_cutoff": "capital_good_cutoff",
        "labour_intensity_cutoff": "labour_intensity_cutoff",
        "lead_firm_cutoff": "lead_firm_cutoff",
        "min_votes": "governance_min_votes",
        "high_income": "high_income",
    },
    "integration": {
        "indicators": "integration_indicators",
        "benchmark": "benchmark",
        "cutoff": "integration_cutoff",
        "percentile_cutoff": "percentile_cutoff",
        "min_votes": "integration_min_votes",
        "emerging_growth_min": "emerging_growth_min",
        "emerging_lookback": "emerging_lookback",
        "emerging_overrides": "emerging_overrides",
    },
    "diagnosis": {
        "embed_indicators": "embed_indicators",
        "embed_cutoff": "embed_cutoff",
        "interchain_nrca_min": "interchain_nrca_min",
        "interchain_nrca_change_min": "interchain_nrca_change_min",
        "evidence": "evidence_change_min",
    },
    "confidence": {
        "window_shift": "window_shift",
        "benchmarks": "variant_benchmarks",
        "compare_with": "compare_with",
    },
}

_TYPES = {f.name: f.type for f in fields(Rules)}


def rule_set_names() -> tuple[str, ...]:
    """The names of the rule sets shipped with gvckit."""
    d = resources.files("gvckit.framework").joinpath("rulesets")
    return tuple(sorted(p.name[:-5] for p in d.iterdir() if p.name.endswith(".toml")))


def _coerce(value: Any, field_name: str, where: str) -> Any:
    t = str(_TYPES[field_name])
    if t.startswith("tuple"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RuleError(f"{where}: must be a list of strings, got {value!r}")
        return tuple(value)
    if t == "bool":
        if not isinstance(value, bool):
            raise RuleError(f"{where}: must be true or false, got {value!r}")
        return value
    if t == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleError(f"{where}: must be an integer, got {value!r}")
        return value
    if t == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RuleError(f"{where}: must be a number, got {value!r}")
        return float(value)
    if t == "str":
        if not isinstance(value, str):
            raise RuleError(f"{where}: must be a string, got {value!r}")
        return value
    if t.startswith("dict"):
        if not isinstance(value, dict):
            raise RuleError(f"{where}: must be a table of numbers, got {value!r}")
        out = {}
        for k, v in value.items():
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise RuleError(f"{where}.{k}: must be a number, got {v!r}")
            out[str(k)] = float(v)
        return out
    raise AssertionError(t)  # pragma: no cover - every field type is handled above


def rules_from_mapping(data: dict[str, Any], source: str, base: Rules | None = None) -> Rules:
    """Rules from a parsed rule file (sections as nested mappings), validated key by key.

    Raises
    ------
    RuleError
        Naming ``source`` and the ``section.key`` at fault.
    """
    if not isinstance(data, dict):
        raise RuleError(f"{source}: a rule file must be a table of sections")
    kw: dict[str, Any] = {}
    for section, body in data.items():
        if section not in RULE_KEYS:
            raise RuleError(f"{source}: unknown section [{section}]; valid: {', '.join(RULE_KEYS)}")
        if not isinstance(body, dict):
            raise RuleError(f"{source}: [{section}] must be a table")
        for key, value in body.items():
            if key not in RULE_KEYS[section]:
                raise RuleError(f"{source}: unknown key {section}.{key}; valid: "
                                + ", ".join(f"{section}.{k}" for k in RULE_KEYS[section]))
            fname = RULE_KEYS[section][key]
            if not fname:
                continue
            v = _coerce(value, fname, f"{source}: {section}.{key}")
            if fname == "evidence_change_min":
                v = {**(base or Rules()).evidence_change_min, **v}
            kw[fname] = v
    kw.setdefault("name", Path(source).stem)
    return replace(base or Rules(), source=source, **kw)  # __post_init__ checks the values


def _read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:  # pragma: no cover - PyYAML is optional
            raise RuleError(f"{path}: YAML rule files need PyYAML; write the file as TOML") from None
        try:
            return yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise RuleError(f"{path}: not valid YAML: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: not valid TOML: {exc}") from None


@functools.cache
def _named(name: str) -> Rules:
    f = resources.files("gvckit.framework").joinpath("rulesets").joinpath(f"{name}.toml")
    data = tomllib.loads(f.read_text(encoding="utf-8"))
    return rules_from_mapping(data, f"built-in:{name}")


def load_rules(rules: str | Path | Rules | None = None) -> Rules:
    """The rules to use: a :class:`Rules` as given, a built-in name, or a rule file's path.

    Parameters
    ----------
    rules : Rules, str, Path or None
        ``None`` or ``"paper"``: the paper's rule set; ``"gereffi"``: the data-driven one; a
        path to a ``.toml`` (or ``.yaml``/``.yml``) file with the schema of this module.

    Raises
    ------
    UnknownNameError
        A name that is neither a built-in rule set nor an existing file.
    RuleError
        An invalid rule file (naming the file and the key).
    """
    if rules is None:
        return _named("paper")
    if isinstance(rules, Rules):
        return rules
    if not isinstance(rules, str | Path):
        raise RuleError(f"rules must be a rule set name, a file path or a Rules object, not "
                        f"{type(rules).__name__}")
    key = str(rules).strip()
    if key.lower() in rule_set_names():
        return _named(key.lower())
    path = Path(key).expanduser()
    if path.suffix.lower() in (".toml", ".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise RuleError(f"{path}: rule file not found")
        return rules_from_mapping(_read(path), str(path))
    raise UnknownNameError("rule set", key, rule_set_names())
