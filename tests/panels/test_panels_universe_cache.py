"""The dyad-year universe kept as a derived table: read back equal to the computed one,
for any first year, and renewed when the state list is re-imported."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foedus import panels
from foedus._arrays import ramp
from foedus.panels import universe
from foedus.panels._join import distinct, key
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
    assert derived == ["dyad_years_cow_undirected"]
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


@pytest.mark.parametrize("directed", [False, True])
def test_every_year_range_from_the_one_kept_universe_equals_the_computed_one(store, directed):
    _load(store, STATES)
    ranges = ["1816-2010", "1900-1930", "1918", "1919-2024", "2020-2030", "1816-2100"]
    kept = [panels.dyad_years(r, directed=directed, store=store) for r in ranges]
    names = sorted(p.name.split("-")[0] for p in (store.home / "derived").glob("dyad_*"))
    side = "directed" if directed else "undirected"
    # one kept universe through 2024, and one for each later last year asked for
    assert names == [f"dyad_years_cow_{side}" + tail for tail in ("", "_2030", "_2100")]
    for r, frame in zip(ranges, kept, strict=True):
        first, last = universe.check_years(r)
        # the universe computed for these years alone (not selected from a longer one)
        spells = universe._spells("cow", store, last)
        code1, code2, y0, span = universe._meetings(spells, first, last, directed)
        keys = distinct(key(ramp(span, y0), np.repeat(code1, span), np.repeat(code2, span)))
        assert frame["year"].between(first, last).all()
        assert key(*(frame[c].to_numpy() for c in ("year", "ccode1", "ccode2"))).tolist() == (
            keys.tolist()
        )
    assert len(kept[2]) == (3 if not directed else 6)  # 1918: every pair met


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


def test_without_the_state_list_nothing_is_kept(store):
    frame = panels.dyad_years(1990, store=store)  # the built-in state table
    assert frame["year"].eq(1990).all() and len(frame) > 10_000  # every pair of ~160 states
    assert not list((store.home / "derived").glob("*.parquet"))
