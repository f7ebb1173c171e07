"""Austria-Hungary attacks Serbia, 28 July 1914, on ATOP 5.1 (real data), against COW war 106.

What the obligations alone imply: Montenegro (ATOP 1480) and Greece (ATOP 1490, which
ATOP codes as conditional only on non-provocation) defend Serbia in round 1, and no
treaty binds Russia to Serbia, so Russia stays out. With Russia asserted for Serbia and
its attack on Austria-Hungary asserted (general mobilisation and war, 31 July 1914), the
Dual Alliance (ATOP 1335, adversary Russia by STATTHR) brings Germany in for
Austria-Hungary in round 2; Germany's declaration of war on Russia (1 August), asserted,
makes the Franco-Russian alliance (ATOP 1385; ATOP leaves its adversary unnamed, the
built-in treaty reading names Germany) bring France in for Russia in round 3. Defending
Austria-Hungary is not by itself an attack on Russia (the default entry rule), so without
that assertion France stays out; the chain-ganging rule reproduces the chain unasserted.
Italy's Triple Alliance pledge is not met: it holds only if the ally did not provoke, and
Germany's side began the war.
"""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.cascade import cascade, explain
from foedus.casus import Scenario
from foedus.commitments import obligations_on
from foedus.sources import import_source
from foedus.store import Store

ON = "1914-07-28"
RUSSIA = {"Russia": "target"}
JULY_CRISIS = ["Russia>Austria-Hungary@1914-07-31", "Germany>Russia@1914-08-01"]


def july(**kw) -> Scenario:
    """Austria-Hungary attacks Serbia; Russia fights for Serbia and the attacks of the July
    crisis are asserted (or the chain-ganging rule stands in for them)."""
    kw.setdefault("attacks", JULY_CRISIS)
    return Scenario.build(300, 345, ON, entrants=RUSSIA, **kw)


@pytest.fixture(scope="module")
def world(shared_data, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("ww1_home"))
    import_source("atop", shared_data / "atop", store)
    import_source("cow_war", shared_data / "cow" / "Inter-StateWarData_v4.0.csv", store)
    return store, obligations_on(ON, store=store)


def entrants(result) -> dict[int, tuple[str, int]]:
    e = result.entrants
    return {int(c): (s, int(r)) for c, s, r in zip(e["ccode"], e["side"], e["round"], strict=True)}


def test_pure_obligations_do_not_invent_russia(world):
    _, obligations = world
    got = entrants(cascade(Scenario.build(300, 345, ON), obligations))
    assert 365 not in got
    assert got == {300: ("attacker", 0), 345: ("target", 0), 341: ("target", 1), 350: ("target", 1)}


def test_russia_for_serbia_alone_attacks_no_one(world):
    _, obligations = world
    got = entrants(cascade(july(attacks=()), obligations))
    assert 255 not in got and 220 not in got  # Russia defends Serbia: no attack on anyone


def test_russias_attack_brings_germany_but_not_yet_france(world):
    _, obligations = world
    result = cascade(july(attacks=JULY_CRISIS[:1]), obligations)
    got = entrants(result)
    assert got[255] == ("attacker", 2)  # the Dual Alliance: Russia attacks Austria-Hungary
    assert 220 not in got  # Germany defending its ally is not an attack on Russia
    why = explain(july(attacks=JULY_CRISIS[:1]), obligations, "France")
    assert why["explanation"].iloc[0].startswith("France does not enter: toward Russia, Russia is")
    assert "collective self-defence" in why["explanation"].iloc[0]


@pytest.mark.parametrize("rule", ["asserted", "chain-ganging"])
def test_russia_asserted_for_serbia_fires_dual_then_franco_russian(world, rule):
    _, obligations = world
    scenario = july() if rule == "asserted" else july(attacks=(), chain_ganging=True)
    result = cascade(scenario, obligations)
    got = entrants(result)
    assert got == {
        300: ("attacker", 0),
        345: ("target", 0),
        341: ("target", 1),
        350: ("target", 1),
        365: ("target", 1),
        255: ("attacker", 2),
        220: ("target", 3),
    }
    e = result.entrants.set_index("ccode")
    assert e.loc[365, "via"] == "asserted by the scenario"
    assert e.loc[255, "arrangement"] == "Dual Alliance between Austria-Hungary and Germany"
    assert e.loc[255, "source"] == "ATOP 5.1"
    assert e.loc[220, "arrangement"] == "Franco-Russian Alliance"
    assert "adversary from built-in" in e.loc[220, "clause"]
    assert result.rounds == 3


def test_without_the_built_in_reading_france_waits_on_an_unnamed_adversary(world):
    store, _ = world
    atop_only = obligations_on(ON, store=store, sources="atop")
    # undo the built-in naming of the Franco-Russian adversary: ATOP's own coding
    filled = atop_only["clause"].str.contains("adversary from built-in").to_numpy()
    assert filled.any()
    atop_only["cond_adversary"] = [
        () if f else a for f, a in zip(filled, atop_only["cond_adversary"], strict=True)
    ]
    atop_only["cond_unspecified"] = [
        (*u, "adversary") if f else u
        for f, u in zip(filled, atop_only["cond_unspecified"], strict=True)
    ]
    scenario = july()
    held = entrants(cascade(scenario, atop_only))
    assert 220 not in held and held[255] == ("attacker", 2)
    fired = entrants(cascade(scenario, atop_only, unknown="met"))
    assert fired[220] == ("target", 3)


def test_italy_stays_out_for_want_of_an_unprovoked_attack(world):
    _, obligations = world
    scenario = july(attacks=(*JULY_CRISIS, "France>Germany@1914-08-03"))
    why = explain(scenario, obligations, "Italy")
    assert why["explanation"].iloc[0].startswith("Italy does not enter")
    to_germany = why[(why["beneficiary_ccode"] == 255) & (why["type"] == "defense")].iloc[0]
    assert to_germany["cond_adversary"] == "met"  # were France asserted to attack Germany
    assert to_germany["cond_provocation"] == "not met"
    assert "its side began the war" in to_germany["reason"]


def test_comparison_with_cow_war_106(world):
    store, obligations = world
    war = store.table("cow_war", "participants")
    actual = war[war["warnum"] == 106]
    sides = dict(zip(actual["ccode"].astype(int), actual["side"].astype(int), strict=True))
    model = entrants(cascade(july(), obligations))
    # every modelled belligerent that COW lists fights on COW's side for it
    cow_side = {1: "target", 2: "attacker"}
    assert all(cow_side[sides[c]] == s for c, (s, _) in model.items() if c in sides)
    assert set(model) - set(sides) == {341}  # Montenegro: not a COW participant
    missed = set(sides) - set(model)
    assert missed == {2, 200, 211, 235, 325, 355, 360, 640, 740}
    late = actual.set_index("ccode").loc[350]
    assert int(late["startyear1"]) == 1917  # Greece joined in 1917, not 1914
    assert pd.notna(late["side"])
