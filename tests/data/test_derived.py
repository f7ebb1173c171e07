"""Derived tables beside the store: computed once, read back, recomputed when an input or
the code changes; ATOP's year-level ties through that cache equal the rule computed anew."""

from __future__ import annotations

import pandas as pd

from foedus.data.derived import FOLDER, derived_table
from foedus.dyads import atop_ties, load_atop_ties
from tests.test_dyads import coding, members


def counted(frame: pd.DataFrame) -> tuple[list[int], object]:
    calls: list[int] = []

    def compute() -> pd.DataFrame:
        calls.append(1)
        return frame

    return calls, compute


def small() -> pd.DataFrame:
    return pd.DataFrame({"a": pd.array([1, 2], dtype="int8"), "b": [0.5, float("nan")]})


def test_computed_once_then_read_back(store):
    store.write_source("demo", "1", {"t": pd.DataFrame({"x": [1]})}, citation="test")
    calls, compute = counted(small())
    first = derived_table("demo_sum", [("demo", "t")], compute, version="v1", store=store)
    again = derived_table("demo_sum", [("demo", "t")], compute, version="v1", store=store)
    assert calls == [1]
    pd.testing.assert_frame_equal(again, first)
    assert again["a"].dtype == "int8"
    assert len(list((store.home / FOLDER).glob("demo_sum-*.parquet"))) == 1


def test_new_input_or_code_recomputes_and_drops_the_old_file(store):
    store.write_source("demo", "1", {"t": pd.DataFrame({"x": [1]})}, citation="test")
    calls, compute = counted(small())
    derived_table("demo_sum", [("demo", "t")], compute, version="v1", store=store)
    derived_table("demo_sum", [("demo", "t")], compute, version="v2", store=store)
    store.write_source("demo", "2", {"t": pd.DataFrame({"x": [2]})}, citation="test")
    derived_table("demo_sum", [("demo", "t")], compute, version="v2", store=store)
    assert calls == [1, 1, 1]
    assert len(list((store.home / FOLDER).glob("demo_sum-*.parquet"))) == 1


def test_a_store_that_cannot_be_written_computes_every_time(store):
    store.write_source("demo", "1", {"t": pd.DataFrame({"x": [1]})}, citation="test")
    (store.home / FOLDER).write_text("not a folder")
    calls, compute = counted(small())
    for _ in range(2):
        out = derived_table("demo_sum", [("demo", "t")], compute, version="v1", store=store)
        pd.testing.assert_frame_equal(out, small())
    assert calls == [1, 1]


def test_a_damaged_file_is_computed_anew(store):
    store.write_source("demo", "1", {"t": pd.DataFrame({"x": [1]})}, citation="test")
    calls, compute = counted(small())
    derived_table("demo_sum", [], compute, version="v1", store=store)
    (path,) = (store.home / FOLDER).glob("demo_sum-*.parquet")
    path.write_bytes(b"PAR1 truncated")
    out = derived_table("demo_sum", [], compute, version="v1", store=store)
    pd.testing.assert_frame_equal(out, small())
    assert calls == [1, 1]


def test_atop_year_ties_from_the_cache_equal_the_rule(store):
    """Britain and France guarantee Sweden 1855-57 (tests/test_dyads.py): the cached ties,
    directed and not, equal atop_ties() on the same rows, on the first and the second read."""
    rows = members().assign(entry=lambda m: m["entry"].dt.date, exit=lambda m: m["exit"].dt.date)
    store.write_source("atop", "5.1", {"member": rows}, citation="test")
    store.write_source("atop_ddyr", "5.1", {"ddyr": coding()}, citation="test")
    for directed in (True, False):
        expected = atop_ties(members(), coding(), directed=directed, last_day="2018-12-31")
        for _ in range(2):
            got = load_atop_ties(store, level="year", directed=directed)
            pd.testing.assert_frame_equal(got, expected)
    assert len(list((store.home / FOLDER).glob("atop_year_ties_*.parquet"))) == 2
    assert expected[(expected["ccode1"] == 380)]["defense"].sum() == 0  # Sweden owes none


def test_cached_query_reads_back_without_duckdb(store):
    """A store-only query is kept as a derived table: its second run gives the same frame
    and reaches no DuckDB connection (the reader's result from the file)."""
    from foedus.data import _sql, session

    majors = pd.DataFrame({"ccode": [2, 200], "styear": [1898, 1816], "endyear": [1899, 1817]})
    store.write_source("cow_majors", "2016", {"majors": majors}, citation="test")
    sql = "SELECT ccode, styear AS year FROM m ORDER BY ccode"
    first = _sql.cached_query("majors_test", sql, store, m=("cow_majors", "majors"))
    with session():
        again = _sql.cached_query("majors_test", sql, store, m=("cow_majors", "majors"))
        assert _sql._SESSION == [None]  # the session never had to connect
    pd.testing.assert_frame_equal(again, first)
    assert first.to_dict("list") == {"ccode": [2, 200], "year": [1898, 1816]}
