"""Named rule sets and user rule files (gvckit.framework.ruleset).

References: the TOML files shipped in the package (read here with tomllib independently of the
loader), the schema table of the module, and hand-written bad files.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from constructed_world import world
from gvckit.errors import GvckitError, RuleError, UnknownNameError
from gvckit.framework import classify, diagnose, load_rules, rule_set_names
from gvckit.framework.rules import Rules
from gvckit.framework.ruleset import RULE_KEYS


def test_built_in_rule_sets_and_their_defining_rules():
    assert rule_set_names() == ("gereffi", "paper")
    p, g = load_rules("paper"), load_rules("gereffi")
    assert load_rules(None) == p and load_rules("PAPER") == p
    assert p.producer_tech_levels == ("high",) and p.integration_indicators == ("export_orientation",)
    assert p.benchmark == g.benchmark == "region_manufacturing"
    assert g.integration_indicators == ("export_orientation", "vax_ratio", "foreign_va_share")
    assert "capital_good_share" in g.governance_indicators and g.compare_with == "paper"
    # the built-in defaults of Rules are the paper's file
    assert Rules().to_frame().drop(index=1).equals(p.to_frame().drop(index=1))


def test_every_key_of_the_shipped_files_is_in_the_schema():
    d = resources.files("gvckit.framework").joinpath("rulesets")
    for name in rule_set_names():
        data = tomllib.loads(d.joinpath(f"{name}.toml").read_text("utf-8"))
        for section, body in data.items():
            assert section in RULE_KEYS
            assert set(body) <= set(RULE_KEYS[section]), (name, section)


def test_user_file_overrides_and_is_used(tmp_path):
    f = tmp_path / "strict.toml"
    f.write_text('[integration]\ncutoff = 10.0\n[confidence]\ncompare_with = ""\n')
    r = load_rules(f)
    assert r.name == "strict" and r.integration_cutoff == 10.0 and r.source == str(f)
    assert r.producer_tech_levels == ("high",)  # other keys keep the defaults
    c = classify(world(imp=0.3), "CHN", "textiles", rules=str(f))[0]
    assert c.rule_set == "strict" and c.verdicts["dim_integration"].label == "lab_int_low"
    assert all(v.name != "var_rules" for v in c.verdicts["dim_integration"].variants)
    d = diagnose(world(imp=0.3), "CHN", "textiles", rules=r)[0]
    assert d.rule_set == "strict"


def test_yaml_rule_file(tmp_path):
    pytest.importorskip("yaml")
    f = tmp_path / "g.yaml"
    f.write_text("rule_set:\n  name: mine\ngovernance:\n  producer_tech_levels: [high, medium-high]\n")
    r = load_rules(f)
    assert r.name == "mine" and r.producer_tech_levels == ("high", "medium-high")


@pytest.mark.parametrize("text, key", [
    ("[integration]\ncutof = 1.0\n", "integration.cutof"),
    ("[integratoin]\ncutoff = 1.0\n", "[integratoin]"),
    ("[integration]\ncutoff = 'high'\n", "integration.cutoff"),
    ("[integration]\nindicators = ['wwyz_forward']\n", "integration.indicators"),
    ("[integration]\nbenchmark = 'world'\n", "integration.benchmark"),
    ("[governance]\nmin_votes = 4\n", "governance.min_votes"),
    ("[diagnosis.evidence]\nunit_value = 0.1\n", "diagnosis.evidence"),
    ("[integration\ncutoff = 1\n", "not valid TOML"),
])
def test_bad_rule_files_name_the_file_and_key(tmp_path, text, key):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(RuleError) as e:
        load_rules(f)
    assert str(f) in str(e.value) and key in str(e.value)


def test_unknown_names_and_missing_files():
    with pytest.raises(UnknownNameError, match="valid: gereffi, paper"):
        load_rules("oecd")
    with pytest.raises(RuleError, match="not found"):
        load_rules("/nonexistent/rules.toml")
    with pytest.raises(GvckitError):
        load_rules(3.5)  # type: ignore[arg-type]
