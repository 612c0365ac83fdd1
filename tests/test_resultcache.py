"""gvckit's on-disk result cache: what it keys by, when it recomputes, and that a cached report
is the same report (byte for byte) with the same input warnings."""

from __future__ import annotations

import pytest

from gvckit import resultcache
from gvckit.app.cli import main
from gvckit.errors import InputError

CALLS: list[tuple] = []


def counted(a, b=0, quiet=False):
    CALLS.append((a, b, quiet))
    return a + b


def failing(a):
    CALLS.append((a,))
    raise InputError(f"bad {a}")


def read_length(path):
    CALLS.append((path,))
    with open(path, encoding="utf-8") as fh:
        return len(fh.read())


@pytest.fixture
def cache_on(tmp_path, monkeypatch):
    monkeypatch.setenv("GVCKIT_CACHE", "on")
    monkeypatch.setenv("GVCKIT_CACHE_DIR", str(tmp_path / "cache"))
    CALLS.clear()
    return tmp_path / "cache"


def test_same_call_computes_once_and_ignored_arguments_share_it(cache_on):
    assert resultcache.cached(counted, 1, b=2) == 3
    assert resultcache.cached(counted, 1, b=2) == 3
    assert resultcache.cached(counted, 1, b=3) == 4
    assert len(CALLS) == 2
    assert resultcache.cached(counted, 5, quiet=True, ignore=("quiet",)) == 5
    assert resultcache.cached(counted, 5, quiet=False, ignore=("quiet",)) == 5
    assert len(CALLS) == 3 and CALLS[-1] == (5, 0, True)
    assert (cache_on / "joblib").is_dir()


def test_a_value_computed_elsewhere_is_kept_and_served(cache_on, monkeypatch):
    """keep(): a result drawn in another process is stored under the call it answers; it never
    replaces one the cache already holds; is_cached() tells without computing."""
    assert not resultcache.is_cached(counted, 7, b=1)
    assert resultcache.keep(counted, 8, 7, b=1) == 8
    assert resultcache.is_cached(counted, 7, b=1)
    assert resultcache.cached(counted, 7, b=1) == 8 and CALLS == []  # served, not computed
    assert resultcache.keep(counted, 99, 7, b=1) == 8  # the stored one stays
    monkeypatch.setenv("GVCKIT_CACHE", "off")
    assert not resultcache.is_cached(counted, 7, b=1)
    assert resultcache.keep(counted, 99, 7, b=1) == 99


def test_other_code_or_an_edited_file_is_computed_again(cache_on, tmp_path, monkeypatch):
    f = tmp_path / "input.txt"
    f.write_text("abc", encoding="utf-8")
    assert resultcache.cached(read_length, str(f)) == 3
    assert resultcache.cached(read_length, str(f)) == 3
    assert len(CALLS) == 1
    f.write_text("abcdef", encoding="utf-8")  # same path, other content
    assert resultcache.cached(read_length, str(f)) == 6
    assert len(CALLS) == 2
    monkeypatch.setattr(resultcache, "code_fingerprint", lambda: "other code")
    assert resultcache.cached(read_length, str(f)) == 6
    assert len(CALLS) == 3


def test_off_suspended_and_errors_store_nothing(cache_on, monkeypatch):
    with resultcache.suspended():
        resultcache.cached(counted, 1)
        resultcache.cached(counted, 1)
    assert len(CALLS) == 2 and not cache_on.exists()
    monkeypatch.setenv("GVCKIT_CACHE", "off")
    resultcache.cached(counted, 1)
    assert len(CALLS) == 3 and not cache_on.exists()
    monkeypatch.setenv("GVCKIT_CACHE", "on")
    for _ in range(2):
        with pytest.raises(InputError, match="bad 7"):
            resultcache.cached(failing, 7)
    assert CALLS[-2:] == [(7,), (7,)]


class Unpicklable:
    def __reduce__(self):
        raise TypeError("no pickling")


def test_a_cache_that_cannot_be_used_never_stops_the_work(cache_on):
    with pytest.warns(RuntimeWarning, match="result cache is not used for counted: no pickling"):
        assert resultcache.cached(counted, 1, b=0, quiet=Unpicklable()) == 1
    assert len(CALLS) == 1 and not cache_on.exists()


def test_fingerprint_follows_the_package_files():
    fp = resultcache.code_fingerprint()
    assert len(fp) == 24 and fp == resultcache.code_fingerprint()


def test_cached_cli_report_is_the_same_report_with_the_same_warnings(cache_on, tmp_path, monkeypatch, capsys):
    import gvckit.outputs.report as R
    from gvckit.app.source import Source

    out1, out2, out3 = (tmp_path / f"r{i}.html" for i in (1, 2, 3))
    argv = ["report", "--years", "2010-2011", "--lang", "zh"]
    assert main([*argv, "--out", str(out1)]) == 0
    first = capsys.readouterr()

    drawn = []
    real_make = R.make_figure
    monkeypatch.setattr(R, "make_figure", lambda *a, **k: drawn.append(a) or real_make(*a, **k))

    def no_loading(self, year=None):
        raise AssertionError("a cached report read a table")

    monkeypatch.setattr(Source, "load_checked", no_loading)
    assert main([*argv, "--out", str(out2)]) == 0
    second = capsys.readouterr()
    assert out1.read_bytes() == out2.read_bytes()
    def warned(err):
        return [line for line in err.splitlines() if "wiod2013" in line]  # the input's warnings

    assert warned(second.err) == warned(first.err)
    assert any("negative_final_demand" in line for line in warned(second.err))
    assert any("个负的最终需求值" in line for line in warned(second.err))  # in the language asked for
    assert drawn == []  # every figure came from the cache

    # --no-cache computes afresh: here it must read the tables, which this test forbids
    assert main([*argv, "--no-cache", "--out", str(out3)]) != 0
    assert "a cached report read a table" in capsys.readouterr().err


def test_report_without_cache_stores_nothing(cache_on, tmp_path):
    """``report(cache=False)`` computes the analysis, figures and fonts afresh and keeps none."""
    from gvckit.report_job import report

    out = report("wiod2013", years=[2010, 2011], lang="zh", out=tmp_path / "r.html", cache=False)
    assert out.stat().st_size > 0
    assert not cache_on.exists()


def payload(i):
    CALLS.append((i,))
    return bytes(100_000) + bytes([i])


def test_the_cache_is_trimmed_to_its_limit_oldest_results_first(cache_on, monkeypatch):
    monkeypatch.setenv("GVCKIT_CACHE_MAX", "250KB")
    monkeypatch.setattr(resultcache, "TRIM_EVERY", 0.0)
    for i in range(5):
        resultcache.cached(payload, i)
    size, n = resultcache.usage()
    assert size <= 250_000 and 1 <= n < 5
    CALLS.clear()
    resultcache.cached(payload, 4)  # the newest is kept
    assert CALLS == []
    resultcache.cached(payload, 0)  # the oldest was removed
    assert CALLS == [(0,)]


def test_cache_limit_reads_sizes_and_names_a_bad_one(monkeypatch):
    monkeypatch.delenv("GVCKIT_CACHE_MAX", raising=False)
    assert resultcache.limit() == 2**30
    monkeypatch.setenv("GVCKIT_CACHE_MAX", "512MiB")
    assert resultcache.limit() == 512 * 2**20
    monkeypatch.setenv("GVCKIT_CACHE_MAX", "none")
    assert resultcache.limit() is None and resultcache.trim() == 0
    monkeypatch.setenv("GVCKIT_CACHE_MAX", "lots")
    with pytest.raises(InputError, match="GVCKIT_CACHE_MAX='lots'"):
        resultcache.limit()


def test_cache_command_shows_and_clears_the_cache(cache_on, capsys):
    resultcache.cached(counted, 1, b=2)
    resultcache.cached(counted, 2, b=2)
    assert main(["cache"]) == 0
    out = capsys.readouterr().out
    assert str(cache_on) in out and "2 result(s)" in out and "limit 1.0 GiB" in out
    assert main(["--lang", "zh", "cache", "--clear"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已从") and "删除 2 项结果" in out
    assert resultcache.usage() == (0, 0)
    CALLS.clear()
    resultcache.cached(counted, 1, b=2)
    assert len(CALLS) == 1
