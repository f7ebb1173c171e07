"""Casus foederis rules read from the ATOP codebook and the reliability literature.

Attack by a non-member, attackers counted among those attacking the beneficiary
(NEUCOATT), exact conflict names, one theatre for every attack of a scenario, location
limits the source does not name, and the shared regions loader.
"""

from __future__ import annotations

import numpy as np

from foedus import builtin
from foedus.alignment import home_regions
from foedus.cascade import cascade, simulate
from foedus.casus import Scenario, theatre, triggered
from tests.casus.test_casus import frame, pledge

ON = "2024-06-01"
WW1 = "1914-07-28"
HONDURAS, EL_SALVADOR, GUATEMALA, USA, MEXICO = 91, 92, 90, 2, 70


def _by_obligor(scenario: Scenario, obligations) -> dict[int, dict]:
    out = triggered(scenario, obligations)
    return {int(r["obligor_ccode"]): r for r in out.to_dict("records")}


def test_attack_by_a_fellow_member_does_not_invoke_the_defense_pledge():
    rio = frame(
        pledge(USA, HONDURAS, arrangement="rio"),
        pledge(MEXICO, HONDURAS, arrangement="rio"),
        pledge(EL_SALVADOR, HONDURAS, arrangement="rio"),
        pledge(HONDURAS, EL_SALVADOR, arrangement="rio"),
        pledge(EL_SALVADOR, HONDURAS, "nonaggression", arrangement="rio"),
    )
    football = _by_obligor(Scenario.build("El Salvador", "Honduras", "1969-07-14"), rio)
    assert football[USA]["triggered"] == "no"
    assert football[USA]["cond_event"] == "not met"
    assert football[USA]["reason"].startswith(
        "Honduras is attacked only by fellow members of the arrangement (El Salvador)"
    )
    broken = triggered(Scenario.build("El Salvador", "Honduras", "1969-07-14"), rio)
    broken = broken[broken["type"] == "nonaggression"].iloc[0]
    assert broken["triggered"] == "yes"  # members fighting each other: non-aggression
    # an outsider joining the attack invokes the pledges again
    joined = Scenario.build(["El Salvador", "Guatemala"], "Honduras", "1969-07-14")
    assert _by_obligor(joined, rio)[USA]["triggered"] == "yes"
    assert cascade(Scenario.build("El Salvador", "Honduras", "1969-07-14"), rio).rounds == 0


def test_simulator_agrees_on_intra_alliance_wars():
    rio = frame(
        pledge(USA, HONDURAS, arrangement="rio"),
        pledge(EL_SALVADOR, HONDURAS, arrangement="rio"),
        pledge(MEXICO, HONDURAS, arrangement="mex-hon"),
    )
    sure = {"defense": 1.0}
    scenario = Scenario.build("El Salvador", "Honduras", "1969-07-14")
    states = simulate(scenario, rio, runs=200, seed=3, probabilities=sure).states
    entered = dict(zip(states["ccode"], states["p_enters"], strict=True))
    assert entered[USA] == 0.0 and entered[MEXICO] == 1.0
    assert set(cascade(scenario, rio).entrants["ccode"]) == {EL_SALVADOR, HONDURAS, MEXICO}


def test_only_if_attacked_counts_the_states_attacking_the_beneficiary():
    # ATOP NEUCOATT: neutral only if the ally is attacked (cond_attackers_min = 1)
    pacts = frame(
        pledge(700, 365, "neutrality", arrangement="afg", attackers_min=1.0),
        pledge(640, 365, "neutrality", arrangement="tur"),
    )
    attacking = _by_obligor(Scenario.build("Russia", "Finland", "1939-11-30"), pacts)
    assert attacking[700]["triggered"] == "no"  # the Soviet Union began the war
    assert attacking[700]["cond_attackers"] == "not met"
    assert "attacked by at least 1 state(s): not met" in attacking[700]["reason"]
    assert attacking[640]["triggered"] == "yes"  # an unconditional neutrality pledge
    attacked = _by_obligor(Scenario.build("Japan", "Russia", "1938-07-29"), pacts)
    assert attacked[700]["triggered"] == "yes"


def test_conflict_names_match_exactly():
    pact = frame(pledge(200, 220, conflict="World War I"))
    second = Scenario.build("Germany", "France", "1940-05-10", conflict="World War II")
    assert _by_obligor(second, pact)[200]["cond_conflict"] == "not met"
    first = Scenario.build("Germany", "France", "1914-08-03", conflict="world war i")
    assert _by_obligor(first, pact)[200]["cond_conflict"] == "met"


def test_the_theatre_holds_every_attack_of_the_scenario():
    # China's later entry attacks the United Kingdom in Korea, not in Europe
    pacts = frame(
        pledge(645, 200, arrangement="uk-iraq", location=("europe",)),
        pledge(20, 200, arrangement="uk-can", location=("asia_pacific",)),
    )
    korea = Scenario.build(
        "North Korea", "South Korea", "1950-06-25", entrants={"UK": "target", "China": "attacker"}
    )
    assert theatre(korea) == frozenset({"east_asia"})  # South Korea's home region
    status = {o: r["cond_location"] for o, r in _by_obligor(korea, pacts).items()}
    assert status == {645: "not met", 20: "met"}
    in_europe = Scenario.build(
        "North Korea",
        "South Korea",
        "1950-06-25",
        location=["europe"],
        entrants={"UK": "target", "China": "attacker"},
    )
    assert _by_obligor(in_europe, pacts)[645]["cond_location"] == "met"


def test_unnamed_location_limit_outside_every_members_region_is_not_met():
    # ATOP codes that the OAS pledges are limited to a location without saying which
    oas = frame(
        pledge(HONDURAS, USA, "neutrality", arrangement="oas", unspecified=("location",)),
        pledge(USA, HONDURAS, "neutrality", arrangement="oas", unspecified=("location",)),
    )
    korea = Scenario.build("North Korea", ["South Korea", "USA"], "1950-06-25", location=["asia"])
    out = _by_obligor(korea, oas)[HONDURAS]
    assert out["triggered"] == "no" and out["cond_location"] == "not met"
    assert "the war was fought in central_asia, east_asia, middle_east, south_asia" in out["reason"]
    americas = _by_obligor(Scenario.build("Cuba", "USA", "1962-10-22"), oas)[HONDURAS]
    assert americas["triggered"] == "unknown" and americas["cond_location"] == "unknown"


def test_a_guaranteed_states_territory_is_met_only_when_that_state_is_attacked():
    # the 1856 guarantors of the Ottoman Empire (not a party) owe each other support
    # against an attack on Ottoman territory
    ottoman = ("state:640",)
    guarantee = frame(
        pledge(200, 220, "offense", arrangement="1856", location=ottoman),
        pledge(300, 220, "offense", arrangement="1856", location=(*ottoman, "americas")),
    )
    crimea = Scenario.build("Russia", "Turkey", "1853-10-04", entrants={"France": "target"})
    assert {o: r["cond_location"] for o, r in _by_obligor(crimea, guarantee).items()} == {
        200: "met",
        300: "met",
    }
    assert (
        "location the territory of Ottoman Empire: met"
        in _by_obligor(crimea, guarantee)[200]["reason"]
    )
    italy = Scenario.build("France", "Austria-Hungary", "1859-04-29", location=["europe"])
    guarantee_1859 = frame(pledge(200, 220, "offense", arrangement="1856", location=ottoman))
    assert _by_obligor(italy, guarantee_1859)[200]["cond_location"] == "not met"
    # at war among the attackers, the Ottoman Empire's territory may or may not be reached
    attacking = Scenario.build(["France", "Turkey"], "Russia", "1854-03-28", location=["europe"])
    assert _by_obligor(attacking, guarantee_1859)[200]["cond_location"] == "unknown"


def test_defense_answers_an_attack_on_the_beneficiarys_own_territory():
    # ATOP DEFENSE: an attack on the ally's sovereignty or territorial integrity. The UK
    # attacked in Korea is not attacked at home; offense pledges (support for a partner's
    # war elsewhere) and named treaty areas are another matter.
    pacts = frame(
        pledge(645, 200, arrangement="uk-iraq"),
        pledge(645, 200, "offense", arrangement="uk-iraq"),
        pledge(20, 200, arrangement="uk-can", location=("asia_pacific",)),
        pledge(USA, 732, arrangement="us-rok"),
    )
    korea = Scenario.build(
        "North Korea", ["South Korea", "UK"], "1950-06-25", location=["east_asia"]
    )
    out = triggered(korea, pacts)
    status = {(r["obligor_ccode"], r["type"]): r for r in out.to_dict("records")}
    iraq = status[(645, "defense")]
    assert iraq["cond_event"] == "met" and iraq["cond_location"] == "not met"
    assert iraq["triggered"] == "no"
    assert "United Kingdom fought abroad, in east_asia" in iraq["reason"]
    assert status[(645, "offense")]["triggered"] == "no"  # the UK did not attack
    assert status[(20, "defense")]["triggered"] == "yes"  # the treaty names the area
    assert status[(USA, "defense")]["triggered"] == "yes"  # South Korea attacked at home
    at_home = Scenario.build(
        "North Korea", ["South Korea", "UK"], "1950-06-25", location=["east_asia", "europe"]
    )
    assert _by_obligor(at_home, pacts[pacts["type"] == "defense"])[645]["triggered"] == "yes"
    # entering the war abroad to defend South Korea, the UK does not attack North Korea
    # (collective self-defence), so its ally's offense pledge does not apply; it does when
    # the attack is asserted, or under the chain-ganging rule
    offense = pacts[pacts["type"] == "offense"]
    day, uk = "1950-06-25", {"UK": "target"}
    entered = Scenario.build("North Korea", "South Korea", day, entrants=uk)
    assert triggered(entered, offense)["triggered"].tolist() == ["no"]
    attacking = Scenario.build(
        "North Korea", "South Korea", day, entrants=uk, attacks=[("UK", "North Korea")]
    )
    assert triggered(attacking, offense)["triggered"].tolist() == ["yes"]
    chained = Scenario.build("North Korea", "South Korea", day, entrants=uk, chain_ganging=True)
    assert triggered(chained, offense)["triggered"].tolist() == ["yes"]


def test_one_regions_loader():
    regions = builtin.regions()
    assert regions[2] == ("north_america", "oceania")
    assert regions[640] == ("europe", "middle_east")
    assert builtin.expand_regions(["nato_art6", "europe"]) == ("europe", "north_america")
    assert {c: frozenset(r) for c, r in regions.items()} == home_regions()
    vocabulary = builtin.region_vocabulary()
    assert {"americas", "asia", "asia_pacific", "nato_art6", "hawaii"} <= set(vocabulary)
    assert np.all([r in vocabulary for rs in regions.values() for r in rs])
