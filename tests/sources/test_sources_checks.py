"""The shared layout validation of the importers, on tiny files written by the tests."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source
from foedus.sources.checks import Layout, read_layouts, ymd

STATES = Layout(
    "states",
    "s.csv",
    ("ccode", "year", "value"),
    text=("name",),
    floats=("value",),
    missing=(-9,),
    cow=("ccode",),
)


def _write(path, text: str):
    path.write_text(text)
    return path


def test_numbers_missing_codes_and_whole_numbers(tmp_path):
    f = _write(
        tmp_path / "s.csv", "ccode,year,value,name\n2,1816,-9,USA\n200,1816,1.5,UK\n220,1817,3,-9\n"
    )
    table = read_layouts(f, [STATES])["states"]
    assert str(table["ccode"].dtype) == "Int64" and str(table["year"].dtype) == "Int64"
    assert table["value"].isna().tolist() == [True, False, False]
    assert table["value"].iloc[1] == 1.5
    assert table["name"].isna().tolist() == [False, False, True]


def test_fractions_in_whole_number_columns_are_refused(tmp_path):
    whole = Layout("states", "s.csv", ("ccode", "year", "value"), missing=(-9,))
    f = _write(tmp_path / "s.csv", "ccode,year,value\n2,1816,-9\n200,1816,1.5\n")
    expected = r"^s\.csv row 2 \(line 3\), column value: 1\.5 is not a whole number"
    with pytest.raises(DataFormatError, match=expected):
        read_layouts(f, [whole])


def test_missing_column_names_file_and_column(tmp_path):
    f = _write(tmp_path / "s.csv", "ccode,value\n2,1\n")
    with pytest.raises(DataFormatError, match=r"s\.csv: required column 'year' is missing"):
        read_layouts(f, [STATES])


def test_text_in_a_number_column_names_line_and_column(tmp_path):
    f = _write(tmp_path / "s.csv", "ccode,year,value\n2,1816,1\n200,18x6,2\n")
    expected = r"s\.csv row 2 \(line 3\), column year: '18x6' is not a number"
    with pytest.raises(DataFormatError, match=expected):
        read_layouts(f, [STATES])


def test_unknown_state_code_names_line_and_column(tmp_path):
    f = _write(tmp_path / "s.csv", "ccode,year,value\n2,1816,1\n2,1817,1\n999,1816,2\n")
    expected = r"s\.csv row 3 \(line 4\), column ccode: 999 is not a COW"
    with pytest.raises(DataFormatError, match=expected):
        read_layouts(f, [STATES])


def test_parquet_errors_name_the_row(tmp_path):
    f = tmp_path / "s.parquet"
    pd.DataFrame({"ccode": [2, 1234], "year": [1816, 1816], "value": [1, 2]}).to_parquet(f)
    with pytest.raises(DataFormatError, match=r"s\.parquet row 2, column ccode: 1234"):
        read_layouts(f, [STATES])


def test_single_file_matched_by_header_and_folder_by_name(tmp_path):
    other = Layout("other", "o.csv", ("a", "b"))
    f = _write(tmp_path / "renamed.csv", "ccode,year,value\n2,1816,1\n")
    assert list(read_layouts(f, [other, STATES])) == ["states"]
    with pytest.raises(DataFormatError, match=r"folder holding o\.csv, s\.csv"):
        read_layouts(tmp_path, [other, STATES])
    with pytest.raises(DataFormatError, match="not a known file of this source"):
        read_layouts(_write(tmp_path / "x.csv", "p,q\n1,2\n"), [other, STATES])


def test_ymd_fills_unknown_days_and_months_by_role():
    frame = pd.DataFrame(
        {"y": [1900, 1900, 1904, 0, 1901], "m": [2, 0, 2, 0, 12], "d": [pd.NA, 0, -9, 0, 31]}
    ).astype("Int64")
    start = ymd(frame, "y", "m", "d", "f.csv")
    end = ymd(frame, "y", "m", "d", "f.csv", end=True)
    assert start.dt.strftime("%Y-%m-%d").tolist()[:3] == ["1900-02-01", "1900-01-01", "1904-02-01"]
    # 1900 is not a leap year, 1904 is
    assert end.dt.strftime("%Y-%m-%d").tolist()[:3] == ["1900-02-28", "1900-12-31", "1904-02-29"]
    assert pd.isna(start.iloc[3]) and pd.isna(end.iloc[3])
    assert end.iloc[4] == pd.Timestamp("1901-12-31")


@pytest.mark.parametrize(("month", "day", "column"), [(13, 1, "m"), (2, 30, "d"), (4, 31, "d")])
def test_ymd_rejects_impossible_dates(month, day, column):
    frame = pd.DataFrame({"y": [1900, 1900], "m": [1, month], "d": [1, day]}).astype("Int64")
    expected = rf"f\.csv row 2 \(line 3\), column {column}: .* impossible"
    with pytest.raises(DataFormatError, match=expected):
        ymd(frame, "y", "m", "d", "f.csv")


def test_nmc_version_detected_from_the_file(tmp_path, store):
    header = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\n"
    # NMC's own first rows, then filler years up to the importer's floor of 100 rows
    filler = "".join(f"USA,2,{y},1,1,1,1,1,1,0.01,6\n" for y in range(1817, 1917))
    v6 = _write(
        tmp_path / "NMC-60-abridged.csv",
        header + "USA,2,1816,3823,17,80,254,8659,101,0.039698,6\n"
        "UKG,200,1816,16942,255,325,7674,19520,1996,0.336727,6\n" + filler,
    )
    release = import_source("cow_nmc", v6, store)
    assert release.version == "6.0"
    nmc = store.table("cow_nmc", "nmc")
    assert nmc.loc[nmc["ccode"] == 200, "milex"].item() == 16942
    assert store.releases()["cow_nmc"].files == {
        "NMC-60-abridged.csv": release.files["NMC-60-abridged.csv"]
    }
    mixed = _write(
        tmp_path / "mixed.csv",
        header + "UKG,200,1816,1,1,1,1,1,1,0.1,7\n" + filler,
    )
    with pytest.raises(DataFormatError, match=r"mixed\.csv, column version"):
        import_source("cow_nmc", mixed, store)
    assert store.releases()["cow_nmc"].version == "6.0"


def test_ymd_rejects_years_beyond_the_date_range():
    frame = pd.DataFrame({"y": [1900, 1066], "m": [1, 10], "d": [1, 14]}).astype("Int64")
    with pytest.raises(DataFormatError, match=r"f\.csv row 2 \(line 3\), column y: 1066 is"):
        ymd(frame, "y", "m", "d", "f.csv", end=True)


@pytest.mark.parametrize(
    ("cell", "shown"), [("inf", "inf"), ("-inf", "-inf"), ("1e20", "1e+20"), ("2.5", "2.5")]
)
def test_non_finite_huge_and_fractional_integers_are_refused(tmp_path, cell, shown):
    whole = Layout("states", "s.csv", ("ccode", "year"), text=("name",))
    f = _write(tmp_path / "s.csv", f"ccode,year,extra\n2,1816,1\n200,{cell},3\n")
    problem = "not a whole number" if cell == "2.5" else "out of range"
    expected = rf"^s\.csv row 2 \(line 3\), column year: {re.escape(shown)} is {problem}"
    with pytest.raises(DataFormatError, match=expected):
        read_layouts(f, [whole])
    # an extra (undeclared) column may hold fractions, but never inf or 1e20
    g = _write(tmp_path / "s.csv", f"ccode,year,extra\n2,1816,1\n200,1817,{cell}\n")
    if cell == "2.5":
        assert read_layouts(g, [whole])["states"]["extra"].tolist() == [1.0, 2.5]
    else:
        with pytest.raises(
            DataFormatError, match=r"column extra: .* is out of range; accepted: a finite"
        ):
            read_layouts(g, [whole])


def test_long_bad_cells_are_cut_in_messages(tmp_path):
    f = _write(tmp_path / "s.csv", "ccode,year,value\n2,1816,1\n200," + "x" * 100_000 + ",2\n")
    with pytest.raises(DataFormatError) as info:
        read_layouts(f, [STATES])
    assert "'xxxx" in str(info.value) and len(str(info.value)) < 250


def test_columns_differing_only_by_case_are_refused(tmp_path):
    f = _write(tmp_path / "s.csv", "ccode,year,Value,value\n2,1816,1,2\n")
    with pytest.raises(DataFormatError, match=r"^s\.csv: column 'value' appears twice"):
        read_layouts(f, [STATES])
