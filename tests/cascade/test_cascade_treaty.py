"""Treaty-exact scenarios (#13): who owes whom, where and from when, on the built-in set.

Two rest on clause-level data of the built-in set: the Declaration of London's own date
(1914-09-05) and the Arab League Joint Defence Treaty's coverage of attacks by fellow
members (``against_members``). The engine's handling of both is also tested on fixtures in
tests/casus/test_casus_treaty_rules.py.
"""

from __future__ import annotations

from foedus.arrangements import members
from foedus.cascade import cascade, explain, simulate
from foedus.casus import Scenario, triggered
from foedus.commitments import obligations_on


def built_in(on: str):
    return obligations_on(on, sources="built-in")


def test_russia_estonia_nato_and_eu_enter_no_csto():
    on = "2024-06-01"
    e = cascade(Scenario.build("Russia", "Estonia", on), built_in(on)).entrants
    nato = set(members("NATO", on=on)["ccode"]) - {366}
    eu = set(members("eu_mutual_assistance", on=on)["ccode"]) - {366}
    assert len(nato) == 31 and len(eu) == 26
    assert set(e.loc[e["round"] == 1, "ccode"]) == nato | eu
    csto = set(members("CSTO", on=on)["ccode"]) - {365}
    assert not csto & set(e["ccode"])
    why = explain(Scenario.build("Russia", "Estonia", on), built_in(on), "Belarus")
    assert "Russia is not attacked (it is an attacker)" in why["explanation"].iloc[0]
    # the chain-ganging option gives the earlier behaviour: the CSTO answers the allies
    chained = cascade(Scenario.build("Russia", "Estonia", on, chain_ganging=True), built_in(on))
    flags = chained.flags
    suspended = set(flags.loc[flags["flag"].str.startswith("participation suspended"), "ccode"])
    assert csto - suspended <= set(chained.entrants.loc[chained.entrants["round"] == 2, "ccode"])


def test_armenia_suspended_in_the_csto_is_reported_and_honours_only_on_request():
    on = "2024-06-01"
    chained = cascade(Scenario.build("Russia", "Estonia", on, chain_ganging=True), built_in(on))
    flags = chained.flags.set_index("ccode")["flag"]
    assert flags[371] == "participation suspended (not honoured)"
    assert 371 not in set(chained.entrants["ccode"])
    asked = Scenario.build("Russia", "Estonia", on, chain_ganging=True, honour_suspended=True)
    assert 371 in set(cascade(asked, built_in(on)).entrants["ccode"])


def test_north_korea_south_korea_brings_the_united_states_not_japan():
    on = "2024-06-01"
    e = cascade(Scenario.build("North Korea", "South Korea", on), built_in(on)).entrants
    assert set(e["ccode"]) == {731, 732, 2}
    assert e.set_index("ccode").loc[2, "round"] == 1
    out = triggered(Scenario.build("North Korea", "South Korea", on), built_in(on))
    assert not ((out["obligor_ccode"] == 740) & (out["triggered"] == "yes")).any()


def test_asserted_july_crisis_on_the_built_in_set():
    on = "1914-07-28"
    scenario = Scenario.build(
        "Austria-Hungary",
        "Serbia",
        on,
        entrants={"Russia": "target"},
        attacks=["Russia>Austria-Hungary@1914-07-31", "Germany>Russia@1914-08-01"],
    )
    e = cascade(scenario, built_in(on)).entrants.set_index("ccode")
    assert e.loc[255, "round"] == 2 and "Dual Alliance" in e.loc[255, "arrangement"]
    assert e.loc[220, "round"] == 3 and "Franco-Russian" in e.loc[220, "arrangement"]
    sim = simulate(scenario, built_in(on), runs=2000, seed=3)
    p = sim.states.set_index("ccode")["p_enters"]
    assert p[220] < p[255] < 1  # France only after Germany, each honoured by chance


def test_the_declaration_of_london_is_not_in_force_in_july_1914():
    on = "1914-07-28"
    scenario = Scenario.build(
        "Austria-Hungary", "Serbia", on, entrants={"Russia": "target"}, attacks=["Germany>Russia"]
    )
    out = triggered(scenario, built_in(on))
    assert not out["clause"].str.contains("Declaration of London").any()
    later = built_in("1914-09-10")
    assert later["clause"].str.contains("Declaration of London").any()


def test_argentina_at_the_falklands_obliges_no_nato_member():
    on = "1982-04-02"
    scenario = Scenario.build("Argentina", "United Kingdom", on, location=["falklands"])
    out = triggered(scenario, built_in(on))
    nato = set(members("NATO", on=on)["ccode"])
    art5 = out[out["obligor_ccode"].isin(nato) & (out["type"] == "defense")]
    assert len(art5) and set(art5["triggered"]) == {"no"}
    e = cascade(scenario, built_in(on)).entrants
    assert not nato - {200} & set(e["ccode"])
    # the same attack on the British homeland invokes Art. 5
    home = Scenario.build("Argentina", "United Kingdom", on, location=["state:UKG"])
    assert nato - {200} <= set(cascade(home, built_in(on)).entrants["ccode"])


def test_iraq_kuwait_triggers_the_arab_league_joint_defence_treaty():
    on = "1990-08-02"
    out = triggered(Scenario.build("Iraq", "Kuwait", on), built_in(on))
    joint = out[
        out["arrangement"].str.contains("Joint Defence")
        & (out["type"] == "defense")
        & (out["beneficiary_ccode"] == 690)
    ]
    assert len(joint) and (joint["triggered"] == "yes").any()


def test_an_attack_between_csto_members_invokes_art_4():
    # Kyrgyz-Tajik border war: Art. 4 covers aggression "by any state or group of states"
    on = "2022-09-14"
    scenario = Scenario.build("Kyrgyzstan", "Tajikistan", on)
    e = cascade(scenario, built_in(on)).entrants
    csto = set(members("CSTO", on=on)["ccode"])
    assert len(csto) == 6
    assert set(e.loc[e["round"] == 1, "ccode"]) == csto - {702, 703}
    assert set(e.loc[e["round"] == 1, "side"]) == {"target"}
    why = explain(scenario, built_in(on), "Kazakhstan")["explanation"].iloc[0]
    assert why.startswith("Kazakhstan enters in round 1 on the target side")
    assert why.endswith(
        "Tajikistan is attacked (Kyrgyzstan; the pledge covers attacks by fellow members)"
    )
    out = triggered(scenario, built_in(on))
    kyrgyz = out[(out["obligor_ccode"] == 703) & (out["type"] == "defense")]
    assert len(kyrgyz) == 1 and kyrgyz["obligor_side"].iloc[0] == "attacker"


def test_an_attack_between_warsaw_pact_members_invokes_art_4():
    on = "1968-08-20"
    e = cascade(Scenario.build("Soviet Union", "Czechoslovakia", on), built_in(on)).entrants
    pact = set(members("warsaw_pact", on=on)["ccode"])
    assert set(e.loc[e["round"] == 1, "ccode"]) == pact - {365, 315}  # the six others


def test_texts_silent_on_member_attacks_keep_the_attack_from_outside():
    on = "2024-06-01"  # EU Art. 42(7) and NATO Art. 5 name no attacker
    assert cascade(Scenario.build("France", "Germany", on), built_in(on)).entrants.shape[0] == 2
    on = "2017-06-05"  # GCC Art. 2 is silent; the Arab League's Art. 2 covers members
    e = cascade(Scenario.build("Saudi Arabia", "Qatar", on), built_in(on)).entrants
    joined = e[e["round"] == 1]
    assert len(joined) >= 15 and joined["arrangement"].str.contains("Arab League").all()
