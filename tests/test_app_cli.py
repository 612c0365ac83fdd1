"""The application layer's promises that are not about one edge case: fast start-up (nothing
heavy imported by ``import gvckit`` or ``gvckit --help``), lists in --help generated from the
registries the code dispatches on, both languages, and the old entry points still working."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gvckit

HEAVY = ("numpy", "pandas", "scipy", "matplotlib", "dask", "distributed", "pyarrow")


def _env(**extra: str) -> dict[str, str]:
    src = str(Path(gvckit.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONWARNINGS="ignore", PYTHONPATH=path, **extra)


def _modules_after(code: str) -> set[str]:
    r = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)"],
                       capture_output=True, text=True, env=_env(), timeout=60)
    assert r.returncode == 0, r.stderr
    return set(json.loads(r.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("code", [
    "import gvckit",
    "import sys\nfrom gvckit.app.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
])
def test_start_up_imports_nothing_heavy(code):
    loaded = _modules_after(code)
    assert not [m for m in HEAVY if m in loaded]


def test_no_command_help_imports_anything_heavy():
    """``gvckit COMMAND --help`` for every command (one process: each help is printed by its own
    parser, and what any of them imported stays in ``sys.modules``)."""
    from gvckit.app.cli import COMMANDS

    code = ("import contextlib, io\nfrom gvckit.app.cli import main\n"
            f"for c in {sorted(COMMANDS)!r}:\n"
            "    with contextlib.redirect_stdout(io.StringIO()):\n"
            "        try:\n            main([c, '--help'])\n        except SystemExit:\n            pass")
    loaded = _modules_after(code)
    assert not [m for m in HEAVY if m in loaded]


def test_help_choices_restate_the_registries():
    """The literal lists ``--help`` prints (gvckit.app.choices) equal the registries they name."""
    from gvckit.app import choices
    from gvckit.measures import tidy
    from gvckit.measures.decompose import LEVELS_BY_METHOD, METHODS
    from gvckit.readers import formats
    from gvckit.scale.panel import DEFAULT_MEASURES, MEASURES

    assert choices.READ_FORMATS == tuple(formats()["name"])
    assert choices.DECOMPOSE_METHODS == METHODS
    assert choices.LEVELS == tidy.LEVELS
    assert choices.LEVELS_BY_METHOD == LEVELS_BY_METHOD
    builtin = [k for k, v in MEASURES.items() if v.func.__module__.startswith("gvckit.")]
    assert choices.PANEL_MEASURES == tuple(builtin)
    assert choices.PANEL_DEFAULT_MEASURES == DEFAULT_MEASURES


def test_the_lazy_namespace_still_offers_everything():
    import gvckit as g

    for name in g.__all__:
        assert getattr(g, name) is not None, name
    assert g.__version__ == __import__("importlib.metadata").metadata.version("gvckit")
    t = g.load_dataset("wiod2013", year=2011)
    assert callable(t.to_parquet)  # a method of the table (it imports the writer when called)
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        g.nope  # noqa: B018


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gvckit", *args], capture_output=True, text=True,
                          env=_env(**env), timeout=300)


def test_help_lists_come_from_the_registries():
    from gvckit.app.cli import DATASETS, build_parser
    from gvckit.measures.decompose import LEVELS_BY_METHOD, METHODS
    from gvckit.measures.indicators import INDICATORS
    from gvckit.outputs.export import FORMATS
    from gvckit.scale.panel import MEASURES

    assert list(DATASETS) == list(gvckit.datasets()["name"])
    parser = build_parser("*")
    helps = {}
    for action in parser._subparsers._group_actions[0].choices.items():  # noqa: SLF001
        name, sub = action
        helps[name] = " ".join(sub.format_help().split())
    assert all(m in helps["decompose"] for m in METHODS)
    assert all(lv in helps["decompose"] for lvs in LEVELS_BY_METHOD.values() for lv in lvs)
    assert all(k in helps["indicators"] for k in INDICATORS)
    assert all(k in helps["panel"] for k in MEASURES)
    assert all(ext in helps["decompose"] for ext in FORMATS)


def test_measures_command_lists_every_registry():
    r = run("measures")
    assert r.returncode == 0, r.stderr
    for name in ("kww: country", "participation:", "upstreamness:", "va_exports:", "wwz_bilateral_sector:"):
        assert name in r.stdout


def test_chinese_help_and_messages():
    r = run("--help", GVCKIT_LANG="zh")
    assert r.returncode == 0 and "全球价值链" in r.stdout and "产业" in r.stdout
    r = run("inspect", "wiod2013:2030", "--lang", "zh")
    assert r.returncode == 2 and r.stderr.startswith("gvckit：错误：")


def test_the_cli_catalogue_is_complete_in_both_languages():
    from gvckit.messages import _domain

    en, zh = _domain("cli", "en"), _domain("cli", "zh")
    assert en.keys() == zh.keys()
    for key in en:  # the same fields in both languages
        import string

        fields = {f for _, f, _, _ in string.Formatter().parse(en[key]) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(zh[key]) if f}, key


def test_old_entry_points_still_work():
    from gvckit.cli import main as old_main
    from gvckit.dataspec import framework_data, load_data
    from gvckit.demo_summary import export_content
    from gvckit.panel import run_panel

    assert old_main.__module__ == "gvckit.app.cli"
    assert load_data("wiod2013:2011").year == 2011 and framework_data("wiod2013") == "wiod2013"
    assert callable(export_content) and run_panel.__module__ == "gvckit.scale.panel"
    r = subprocess.run([sys.executable, "-m", "gvckit.cli", "datasets"], capture_output=True, text=True,
                       env=_env(), timeout=120)
    assert r.returncode == 0 and "wiod2013" in r.stdout


def test_a_bug_is_exit_1_and_one_line_with_debug_for_the_traceback(monkeypatch, capsys):
    from gvckit.app import cli

    def broken(args):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(cli.COMMANDS, "datasets", cli.Command(broken, "x", None))
    assert cli.main(["datasets"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error" in err[0] and "ZeroDivisionError: boom" in err[0]
    with pytest.raises(ZeroDivisionError):
        cli.main(["datasets", "--debug"])


def test_help_industry_keys_are_the_registry_keys():
    """--help reads the industry keys from the registry CSV directly (fast); they must be the
    registry's own keys, in its order."""
    from gvckit.app.cli import _industries
    from gvckit.framework.registry import industry_keys

    assert _industries() == ", ".join(industry_keys())


def test_help_rule_sets_are_the_shipped_rule_sets():
    from gvckit.app.cli import _rule_set_names
    from gvckit.framework.ruleset import rule_set_names

    assert tuple(_rule_set_names()) == rule_set_names() and "paper" in rule_set_names()


def test_options_before_the_command_are_kept(tmp_path):
    """``gvckit --lang zh COMMAND`` prints Chinese and ``gvckit --quiet COMMAND`` prints nothing:
    the command's own parser must not overwrite them with its defaults."""
    env = {"GVCKIT_CACHE_DIR": str(tmp_path)}
    zh = run("--lang", "zh", "cache", **env)
    assert zh.returncode == 0 and zh.stdout.startswith("结果缓存"), zh.stdout
    assert run("cache", "--lang", "zh", **env).stdout == zh.stdout
    assert run("cache", GVCKIT_LANG="zh", **env).stdout == zh.stdout
    en = run("cache", **env)
    assert en.stdout.startswith("result cache")
    assert run("--lang", "zh", "cache", "--lang", "en", **env).stdout == en.stdout
    quiet = run("--quiet", "cache", **env)
    assert quiet.returncode == 0 and quiet.stdout == ""


def test_classify_output_has_its_verdicts_in_words(tmp_path):
    """``gvckit classify`` writes the catalogue keys and, beside them, the words in the language
    asked for (as ``diagnose --evidence`` and the workbook do)."""
    import pandas as pd

    from gvckit.app.cli import main

    out = tmp_path / "c.csv"
    assert main(["--lang", "zh", "--quiet", "classify", "--industry", "leather", "--years", "2003-2005",
                 "--out", str(out)]) == 0
    df = pd.read_csv(out)
    assert {"label", "label_text", "dimension_text"} <= set(df.columns)
    gov = df[df["dimension"] == "dim_governance"]
    assert set(gov["label"]) == {"lab_gov_buyer"} and set(gov["label_text"]) == {"采购者驱动型"}
