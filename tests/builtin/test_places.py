"""Named territories and treaty areas: foedus.builtin.places."""

from __future__ import annotations

import datetime as dt

import pytest

from foedus.builtin import places
from foedus.errors import FoedusError

D = dt.date


def test_the_territories_of_the_issue_are_places():
    wanted = {
        "falklands", "hawaii", "guam", "alaska", "puerto_rico", "french_guiana", "guadeloupe",
        "martinique", "reunion", "mayotte", "new_caledonia", "ceuta", "melilla", "gibraltar",
        "greenland", "faroes", "svalbard", "okinawa", "senkakus", "kaliningrad", "crimea",
    }  # fmt: skip
    assert wanted <= set(places.place_keys())
    for key in wanted:
        p = places.resolve(key)
        assert p.kind == "place" and p.regions and p.note, key


@pytest.mark.parametrize(
    ("key", "on", "state"),
    [
        ("okinawa", D(1972, 5, 14), 2),  # US administration until 1972-05-14
        ("okinawa", D(1972, 5, 15), 740),  # reverted to Japan
        ("okinawa", D(1940, 1, 1), 740),
        ("crimea", D(2000, 1, 1), 369),  # Ukraine
        ("crimea", D(2014, 3, 18), 365),  # Russia's de facto administration
        ("alaska", D(1860, 1, 1), 365),
        ("alaska", D(1900, 1, 1), 2),
        ("hawaii", D(1890, 1, 1), None),  # the Kingdom of Hawaii, not a COW state
        ("guam", D(1942, 6, 1), 740),  # Japanese occupation
        ("svalbard", D(1920, 1, 1), None),
        ("svalbard", D(1926, 1, 1), 385),
        ("falklands", D(1982, 4, 2), 200),
        ("algerian_departments", D(1960, 1, 1), 220),
        ("algerian_departments", D(1963, 1, 1), 615),
    ],
)
def test_who_administers_a_territory_on_a_date(key, on, state):
    assert places.resolve(key, on).state == state


def test_region_composite_state_and_place_keys_resolve():
    assert places.resolve("europe").kind == "region"
    assert places.resolve("americas").regions == {
        "north_america", "central_america_caribbean", "south_america",
    }  # fmt: skip
    usa = places.resolve("state:USA")
    assert (usa.kind, usa.state, usa.key) == ("state", 2, "state:2")
    assert usa.regions == {"north_america"}  # Hawaii and Alaska are places of their own
    assert places.resolve("state:2") == usa  # the stored form
    nato = places.resolve("nato_art6", D(1955, 1, 1))
    assert nato.kind == "area" and 640 in nato.states and "algerian_departments" in nato.places
    assert "algerian_departments" not in places.resolve("nato_art6", D(1963, 1, 1)).places


@pytest.mark.parametrize("bad", ["atlantis", "state:ATL", "state:", "Hawaii "])
def test_unknown_keys_name_what_is_accepted(bad):
    if bad == "Hawaii ":  # keys are exact (lower case) after stripping blanks
        with pytest.raises(FoedusError, match="'Hawaii' unknown; accepted: a region"):
            places.resolve(bad)
        return
    with pytest.raises(FoedusError, match="unknown; accepted"):
        places.resolve(bad)


@pytest.mark.parametrize(
    ("area", "where", "on", "covered"),
    [
        # NATO Art. 6 as amended 1951
        ("nato_art6", "falklands", D(1982, 4, 2), False),
        ("nato_art6", "hawaii", D(2024, 1, 1), False),
        ("nato_art6", "guam", D(2024, 1, 1), False),
        ("nato_art6", "puerto_rico", D(2024, 1, 1), False),
        ("nato_art6", "french_guiana", D(2024, 1, 1), False),
        ("nato_art6", "ceuta", D(2024, 1, 1), False),
        ("nato_art6", "alaska", D(2024, 1, 1), True),
        ("nato_art6", "gibraltar", D(2024, 1, 1), True),
        ("nato_art6", "greenland", D(2024, 1, 1), True),
        ("nato_art6", "canary_islands", D(2024, 1, 1), True),
        ("nato_art6", "state:TUR", D(2024, 1, 1), True),
        ("nato_art6", "state:USA", D(2024, 1, 1), True),
        ("nato_art6", "algerian_departments", D(1956, 1, 1), True),
        ("nato_art6", "algerian_departments", D(1962, 7, 3), False),
        # US-Japan Art. V: territories under the administration of Japan
        ("japan_administered", "state:JPN", D(2024, 1, 1), True),
        ("japan_administered", "senkakus", D(2024, 1, 1), True),
        ("japan_administered", "okinawa", D(1970, 1, 1), False),
        ("japan_administered", "okinawa", D(1972, 5, 15), True),
        ("japan_administered", "state:ROK", D(2024, 1, 1), False),
        ("japan_administered", "state:USA", D(2024, 1, 1), False),
        ("japan_administered", "guam", D(2024, 1, 1), False),
        # US-ROK Art. III
        ("rok_administered", "state:ROK", D(2024, 1, 1), True),
        ("rok_administered", "state:JPN", D(2024, 1, 1), False),
        ("us_pacific_territories", "hawaii", D(2024, 1, 1), True),
        ("us_pacific_territories", "okinawa", D(1960, 1, 1), True),
        ("us_pacific_territories", "okinawa", D(1980, 1, 1), False),
        ("us_pacific_territories", "state:USA", D(2024, 1, 1), False),
        # the Pacific area: the continental United States is not in it
        ("pacific_area", "state:USA", D(2024, 1, 1), False),
        ("pacific_area", "hawaii", D(2024, 1, 1), True),
        ("pacific_area", "guam", D(2024, 1, 1), True),
        ("pacific_area", "alaska", D(2024, 1, 1), False),
        ("us_philippines_art5", "guam", D(2024, 1, 1), True),
        ("us_philippines_art5", "puerto_rico", D(2024, 1, 1), False),
        ("us_roc_art6", "pescadores", D(1958, 8, 23), True),
        ("us_roc_art6", "kinmen", D(1958, 8, 23), False),
        ("us_roc_art6", "state:TAW", D(1958, 8, 23), True),
    ],
)
def test_treaty_areas_cover_what_their_texts_name(area, where, on, covered):
    assert places.covers(area, where, on) is covered


def test_every_key_resolves_and_areas_name_their_source():
    for key in places.keys():  # noqa: SIM118
        p = places.resolve(key, D(2000, 1, 1))
        assert p.key == key and p.name
    for key in places.area_keys():
        assert places.resolve(key).note
