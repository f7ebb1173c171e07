"""Treaty-exact scenarios (#13): who owes whom, where and from when, on the built-in set.

Some need the treaty data of the built-in set (obligations with their own dates, pledges
that cover attacks by fellow members, named territories as locations); until that data is
in the commitments frame they are strict expected failures, so they report as soon as it
lands.
"""

from __future__ import annotations

import pytest

from foedus.arrangements import members
from foedus.builtin import region_vocabulary
from foedus.cascade import cascade, explain, simulate
from foedus.casus import Scenario, triggered
from foedus.commitments import COLUMNS, obligations_on

TREATY_DATA = "against_members" in COLUMNS  # the treaty model's columns are in the frame
needs_treaty_data = pytest.mark.xfail(
    not TREATY_DATA,
    reason="needs the built-in set's clause dates and against_members (treaty helper, #13)",
    strict=True,
)
needs_places = pytest.mark.xfail(
    "falklands" not in region_vocabulary(),
    reason="needs named territories as locations (foedus.builtin.places, treaty helper, #13)",
    strict=True,
)


def built_in(on: str):
    return obligations_on(on, sources="built-in")


def test_russia_estonia_nato_and_eu_enter_no_csto():
    on = "2024-06-01"
    e = cascade(Scenario.build("Russia", "Estonia", on), built_in(on)).entrants
    nato = set(members("NATO", on=on)["cow_code"]) - {366}
    eu = set(members("eu_mutual_assistance", on=on)["cow_code"]) - {366}
    assert len(nato) == 31 and len(eu) == 26
    assert set(e.loc[e["round"] == 1, "code"]) == nato | eu
    csto = set(members("CSTO", on=on)["cow_code"]) - {365}
    assert not csto & set(e["code"])
    why = explain(Scenario.build("Russia", "Estonia", on), built_in(on), "Belarus")
    assert "Russia is not attacked (it is an attacker)" in why["verdict"].iloc[0]
    # the chain-ganging option gives the earlier behaviour: the CSTO answers the allies
    chained = cascade(Scenario.build("Russia", "Estonia", on, chain_ganging=True), built_in(on))
    assert csto <= set(chained.entrants.loc[chained.entrants["round"] == 2, "code"])


def test_north_korea_south_korea_brings_the_united_states_not_japan():
    on = "2024-06-01"
    e = cascade(Scenario.build("North Korea", "South Korea", on), built_in(on)).entrants
    assert set(e["code"]) == {731, 732, 2}
    assert e.set_index("code").loc[2, "round"] == 1
    out = triggered(Scenario.build("North Korea", "South Korea", on), built_in(on))
    assert not ((out["obligor_code"] == 740) & (out["triggered"] == "yes")).any()


def test_asserted_july_crisis_on_the_built_in_set():
    on = "1914-07-28"
    scenario = Scenario.build(
        "Austria-Hungary",
        "Serbia",
        on,
        entrants={"Russia": "target"},
        attacks=["Russia>Austria-Hungary@1914-07-31", "Germany>Russia@1914-08-01"],
    )
    e = cascade(scenario, built_in(on)).entrants.set_index("code")
    assert e.loc[255, "round"] == 2 and "Dual Alliance" in e.loc[255, "arrangement"]
    assert e.loc[220, "round"] == 3 and "Franco-Russian" in e.loc[220, "arrangement"]
    sim = simulate(scenario, built_in(on), runs=2000, seed=3)
    p = sim.states.set_index("code")["p_enters"]
    assert p[220] < p[255] < 1  # France only after Germany, each honoured by chance


@needs_treaty_data
def test_the_declaration_of_london_is_not_in_force_in_july_1914():
    on = "1914-07-28"
    scenario = Scenario.build(
        "Austria-Hungary", "Serbia", on, entrants={"Russia": "target"}, attacks=["Germany>Russia"]
    )
    out = triggered(scenario, built_in(on))
    assert not out["clause"].str.contains("Declaration of London").any()
    later = built_in("1914-09-10")
    assert later["clause"].str.contains("Declaration of London").any()


@needs_places
def test_argentina_at_the_falklands_obliges_no_nato_member():
    on = "1982-04-02"
    scenario = Scenario.build("Argentina", "United Kingdom", on, location=["falklands"])
    out = triggered(scenario, built_in(on))
    nato = set(members("NATO", on=on)["cow_code"])
    art5 = out[out["obligor_code"].isin(nato) & (out["type"] == "defense")]
    assert len(art5) and set(art5["triggered"]) == {"no"}
    e = cascade(scenario, built_in(on)).entrants
    assert not nato - {200} & set(e["code"])
    # the same attack on the British homeland invokes Art. 5
    home = Scenario.build("Argentina", "United Kingdom", on, location=["state:UKG"])
    assert nato - {200} <= set(cascade(home, built_in(on)).entrants["code"])


@needs_treaty_data
def test_iraq_kuwait_triggers_the_arab_league_joint_defence_treaty():
    on = "1990-08-02"
    out = triggered(Scenario.build("Iraq", "Kuwait", on), built_in(on))
    joint = out[
        out["arrangement"].str.contains("Joint Defence")
        & (out["type"] == "defense")
        & (out["beneficiary_code"] == 690)
    ]
    assert len(joint) and (joint["triggered"] == "yes").any()
