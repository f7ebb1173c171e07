"""The dyad-year universe kept as a derived table: read back equal to the computed one,
for any first year, and renewed when the state list is re-imported."""

from __future__ import annotations

import pandas as pd

from foedus import panels
from foedus.panels.universe import first_dyad_years

T = pd.Timestamp
# the USA throughout; Austria-Hungary to 1918; Estonia 1918-1940 and from 1991
STATES = pd.DataFrame(
    {
        "ccode": [2, 300, 366, 366],
        "start": [T("1816-01-01"), T("1816-01-01"), T("1918-11-11"), T("1991-09-06")],
        "end": [T("2016-12-31"), T("1918-11-12"), T("1940-06-17"), T("2016-12-31")],
    }
)


def _load(store, states: pd.DataFrame, release: str = "2016") -> None:
    store.write_source("cow_states", release, {"states": states}, citation="test fixture")


def test_universe_read_back_equals_the_computed_one(store):
    _load(store, STATES)
    first = panels.dyad_years("1816-2010", store=store)
    derived = sorted(p.name.split("-")[0] for p in (store.home / "derived").glob("*.parquet"))
    assert derived == ["dyad_years_cow_undirected_2010"]
    again = panels.dyad_years("1816-2010", store=store)
    pd.testing.assert_frame_equal(again, first)
    assert again.attrs == first.attrs
    # USA-Austria 1816-1918, USA-Estonia 1918-1940 and 1991-2010; Austria-Estonia in 1918
    assert len(first) == 103 + 23 + 20 + 1
    assert first[(first["ccode1"] == 300) & (first["ccode2"] == 366)]["year"].tolist() == [1918]


def test_a_later_first_year_selects_from_the_kept_universe(store):
    _load(store, STATES)
    whole = panels.dyad_years("1816-2010", store=store)
    late = panels.dyad_years("1918-2010", store=store)  # read from the kept universe
    expected = whole[whole["year"] >= 1918].reset_index(drop=True)
    pd.testing.assert_frame_equal(late, expected)
    assert late.groupby(["ccode1", "ccode2"]).size().to_dict() == {
        (2, 300): 1,
        (2, 366): 23 + 20,
        (300, 366): 1,
    }


def test_a_new_state_list_gives_a_new_universe(store):
    _load(store, STATES)
    before = panels.dyad_years("1816-2010", store=store)
    _load(store, STATES[STATES["ccode"] != 366], release="2017")
    after = panels.dyad_years("1816-2010", store=store)
    assert len(before) == 147 and len(after) == 103
    files = list((store.home / "derived").glob("dyad_years_*.parquet"))
    assert len(files) == 1  # the older one deleted


def test_first_years_read_back_equal(store):
    _load(store, STATES)
    dyads, years = first_dyad_years((1900, 2014), store=store)
    again = first_dyad_years((1900, 2014), store=store)
    assert dyads.tolist() == again[0].tolist() and years.tolist() == again[1].tolist()
    assert years.tolist() == [1900, 1918, 1918]  # USA-Austria, USA-Estonia, Austria-Estonia
