"""Peace years in panel rows on any row order, and the dyads' first years from the state
spells alone (what peace years count from before a dyad's first dispute)."""

from __future__ import annotations

import pytest

from foedus import panels
from foedus.panels._join import CODE_BITS, YEAR_BITS
from foedus.panels.universe import first_dyad_years
from tests.panels.test_panels import STATES, mids_fixture, write


@pytest.fixture
def system(store):
    write(store, "cow_states", states=STATES)
    return store


def test_peace_years_in_rows_do_not_depend_on_row_order(system):
    """A shuffled panel gets each row the count the sorted one gets (a panel straight from
    dyad_years() is already in pair, year order and skips the sort)."""
    mids_fixture(system)
    dy = panels.dyad_years((1897, 1960), directed=True, store=system)
    ordered = panels.add_peace_years(dy, counting="rows", store=system)["cowmidspell"]
    shuffled = dy.sample(frac=1.0, random_state=5)
    out = panels.add_peace_years(shuffled, counting="rows", store=system)["cowmidspell"]
    assert out.sort_index().equals(ordered)
    usa_uk = ordered[((dy["ccode1"] == 2) & (dy["ccode2"] == 200)).to_numpy()]
    assert usa_uk.iloc[:12].tolist() == [0, 1, 2, 3, 0, 1, 2, 3, 4, 0, 1, 2]  # onsets 1900, 1905


def test_first_dyad_years_equal_the_dyad_years_first(store):
    """From the spells alone, each dyad's first year equals its first row in dyad_years()
    (built-in state list, 1816-2014; e.g. USA-South Vietnam 1954)."""
    dyads, first = first_dyad_years((1816, 2014), store)
    dy = panels.dyad_years((1816, 2014), store=store)
    expected = dy.groupby(["ccode1", "ccode2"], sort=True)["year"].min()
    assert len(dyads) == len(expected) > 10_000
    shift = YEAR_BITS + CODE_BITS
    assert (dyads >> shift).tolist() == expected.index.get_level_values(0).tolist()
    assert ((dyads >> YEAR_BITS) & ((1 << CODE_BITS) - 1)).tolist() == (
        expected.index.get_level_values(1).tolist()
    )
    assert first.tolist() == expected.tolist()
    assert expected.loc[(2, 817)] == 1954
