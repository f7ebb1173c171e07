"""The state system and the resolver (issue: Foundation, item 3)."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.errors import UnknownStateError
from foedus.states import members_on, resolve, system_years


@pytest.mark.parametrize("query", ["Estonia", "EST", "estonia", 366, "366", "ESTONIA "])
def test_estonia_in_every_spelling(query):
    assert resolve(query).cow_code == 366


@pytest.mark.parametrize("query", ["United Kingdom", "UK", "GBR", "UKG", "Britain"])
def test_united_kingdom_in_every_spelling(query):
    assert resolve(query).cow_code == 200


@pytest.mark.parametrize("query", ["Russia", "USSR", "Soviet Union", "RUS", 365])
def test_russia_and_the_soviet_union_are_one_state(query):
    assert resolve(query).cow_code == 365


def test_names_follow_the_date():
    assert resolve("Russia", on="1950-01-01").name == "Soviet Union"
    assert resolve("USSR", on="2024-06-01").name == "Russia"
    assert resolve(365, on="1900-01-01").name == "Russia"


def test_gleditsch_ward_codes():
    assert resolve(260, system="gw", on="1950-01-01").name == "German Federal Republic"
    assert resolve("Germany", on="2000-01-01").gw_code == 260  # G-W continues West Germany


def test_unknown_state_is_one_line_naming_it():
    with pytest.raises(UnknownStateError) as err:
        resolve("Atlantis")
    message = str(err.value)
    assert "Atlantis" in message and "\n" not in message


def test_ambiguous_name_lists_candidates():
    with pytest.raises(UnknownStateError) as err:
        resolve("Korea")
    message = str(err.value)
    assert "ambiguous" in message
    assert "731" in message and "732" in message


def test_system_on_dates():
    assert len(members_on("1816-06-01")) == 23
    estonia = members_on("2024-06-01")
    assert 366 in set(estonia["ccode"])
    assert 366 not in set(members_on("1960-01-01")["ccode"])
    assert 366 in set(members_on("1930-01-01")["ccode"])


def test_state_years_count_a_state_present_on_any_day():
    years = system_years((1990, 1991))
    y1990 = set(years.loc[years["year"] == 1990, "code"])
    assert {255, 260, 265} <= y1990  # Germany reunified on 3 October 1990
    assert 265 not in set(years.loc[years["year"] == 1991, "code"])


def _source_state_years(
    frame: pd.DataFrame, code: str, start: pd.Series, end: pd.Series, last_year: int
) -> set[tuple[int, int]]:
    out = set()
    for c, s, e in zip(frame[code], start, end, strict=True):
        out.update((int(c), y) for y in range(s.year, min(e.year, last_year) + 1))
    return out


def test_cow_state_years_match_the_cow_list(shared_data):
    src = pd.read_csv(shared_data / "peacesciencer" / "cow_states.csv")
    start = pd.to_datetime(dict(year=src.styear, month=src.stmonth, day=src.stday))
    end = pd.to_datetime(dict(year=src.endyear, month=src.endmonth, day=src.endday))
    expected = _source_state_years(src, "ccode", start, end, 2016)
    ours = system_years((1816, 2016), "cow")
    got = set(zip(ours["code"], ours["year"], strict=True))
    assert sorted(got - expected)[:20] == [] and sorted(expected - got)[:20] == []


def test_gw_state_years_match_the_gw_list(shared_data):
    src = pd.read_csv(shared_data / "peacesciencer" / "gw_states.csv")
    start, end = pd.to_datetime(src.startdate), pd.to_datetime(src.enddate)
    expected = _source_state_years(src, "gwcode", start, end, 2017)
    ours = system_years((1816, 2017), "gw")
    got = set(zip(ours["code"], ours["year"], strict=True))
    assert sorted(got - expected)[:20] == [] and sorted(expected - got)[:20] == []


def test_a_date_before_the_first_spell_takes_the_first_name():
    """ATOP alliances of 1815 were named "Tuscany-Austria-Hungary alliance of 1815": the
    latest name stood in for dates before COW's list begins (1816)."""
    from foedus.states import name_of

    assert name_of(300, "1815-06-09") == "Austrian Empire"
    assert name_of(255, "1815-06-09") == "Prussia"
    assert name_of(300, "1870-01-01") == "Austria-Hungary"
    assert name_of(255, "1950-01-01") == "Germany"  # between spells: still the latest name
    assert name_of(255) == "Germany"
