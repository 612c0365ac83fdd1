"""gvckit.app.source.Source: one resolver of DATA for the CLI, the report, the panel and the
framework, with one meaning of ``years`` (all the data have, unless some are named)."""

from __future__ import annotations

import pickle

import pytest

import gvckit
from gvckit.app.source import Source, format_years, parse_years
from gvckit.errors import DatasetError, FormatError, InputError, OptionError


def small(year: int | None = None) -> gvckit.ICIO:
    return gvckit.ICIO([[10, 2, 4, 1], [3, 12, 2, 5], [2, 3, 8, 2], [4, 1, 3, 9]],
                       [[20, 5], [6, 30], [4, 25], [10, 15]], countries=["A", "B"],
                       sectors=["s1", "s2"], year=year)


def test_bundled_dataset_names_every_year_and_name_year_one():
    s = Source.of("wiod2013")
    assert s.years == list(range(1995, 2012)) and s.select() == s.years
    assert s.select([2011, 2010]) == [2011, 2010]
    one = Source.of("wiod2013:2011")
    assert one.years == [2011] and one.only().year == 2011 and one.only().G == 41
    nbs = Source.of("china_nbs:42")  # every year of a variant
    assert nbs.years == [2017, 2018, 2020] and nbs.load(2017).N == 42
    assert Source.of("china_nbs:2012:detailed").only().year == 2012
    # --year narrows a whole dataset; it may not contradict a name:year
    assert Source.of("wiod2013", year=2003).years == [2003]
    assert Source.of("wiod2013:2003", year=2003).years == [2003]
    with pytest.raises(OptionError, match="wiod2013:2011 already names its year"):
        Source.of("wiod2013:2011", year=2010)


def test_errors_name_what_the_data_have():
    with pytest.raises(DatasetError, match="wiod2013 has no year 1990, 2030; it has 1995-2011"):
        Source.of("wiod2013").select([1990, 2030])
    with pytest.raises(DatasetError, match="dataset 'wiod2013' has no year 2030; it has 1995-2011"):
        Source.of("wiod2013:2030")
    with pytest.raises(InputError, match="bad year 'abc' in 'wiod2013:abc'; write e.g. wiod2013:2011"):
        Source.of("wiod2013:abc")
    with pytest.raises(OptionError, match="wiod2013 has the years 1995-2011; choose one"):
        Source.of("wiod2013").only()
    with pytest.raises(InputError, match="nope.csv: no such file or folder, and not a bundled dataset"):
        Source.of("nope.csv")


def test_tables_dicts_models_and_callables():
    s = Source.of({2001: small(2001), 2000: small(2000)})
    assert s.years == [2000, 2001] and s.load(2001).year == 2001
    m = gvckit.Model(small(2005))
    assert Source.of(m).load(2005) is m  # a model is passed on as it is (its factorisation kept)
    undated = Source.of(small())
    assert undated.undated and undated.years == [] and undated.only().G == 2
    with pytest.raises(OptionError, match="carries no year, so the years 2011 cannot be chosen"):
        undated.select([2011])
    f = Source.of(lambda y: small(y), years=[2003, 2004])
    assert f.years == [2003, 2004] and f.load(2004).year == 2004
    with pytest.raises(InputError, match="give the years"):
        Source.of(lambda y: small(y))
    with pytest.raises(InputError, match="returned NoneType for 2003"):
        Source.of(lambda y: None, years=[2003]).load(2003)
    with pytest.raises(InputError, match="not a gvckit.ICIO or Model"):
        Source.of({2000: "table"})


def test_files_folders_and_labelling_a_generic_file(tmp_path):
    from gvckit.readers.gvckit_parquet import write_parquet

    for y in (2003, 2004):
        write_parquet(gvckit.load_dataset("wiod2013", year=y), tmp_path / f"wiot_{y}.parquet")
    s = Source.of(tmp_path)
    assert s.kind == "files" and s.years == [2003, 2004]
    assert s.load(2004).equals(gvckit.load_dataset("wiod2013", year=2004))
    with pytest.raises(OptionError, match="holds several years \\(2003, 2004\\); use --years"):
        Source.of(tmp_path, year=2003)
    assert Source.of(str(tmp_path / "*2004*")).years == [2004]
    one = tmp_path / "one" / "t.parquet"
    one.parent.mkdir()
    write_parquet(small(), one)
    assert Source.of(one).undated
    labelled = Source.of(one, year=2011)  # the reader labels an undated generic table
    assert labelled.years == [2011] and labelled.only().year == 2011
    write_parquet(small(2010), one)
    with pytest.raises((OptionError, FormatError), match="2010.*2011|2011.*2010"):  # never relabelled
        Source.of(one, year=2011)


def test_a_source_travels_to_workers():
    s = Source.of("wiod2013:2011")
    back = pickle.loads(pickle.dumps(s))
    assert back.years == [2011] and back.load(2011).equals(s.load(2011))


def test_framework_data_keeps_a_whole_dataset_lazy():
    assert Source.of("wiod2013").framework_data() == "wiod2013"
    d = Source.of("wiod2013:2011").framework_data()
    assert list(d) == [2011] and d[2011].G == 41


def test_years_text():
    assert parse_years("1995-1997,2011,1996") == [1995, 1996, 1997, 2011]
    assert parse_years("") is None
    with pytest.raises(InputError, match="the end is before the start"):
        parse_years("2011-1995")
    assert format_years([2011, 2009, 2010]) == "2009-2011" and format_years([]) == "none"
