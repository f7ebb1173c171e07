"""Casus foederis: which obligations a war triggers, with a reason per condition."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from foedus.arrangements import members
from foedus.casus import Scenario, triggered
from foedus.commitments import COLUMNS, obligations_on
from foedus.errors import FoedusError

ON = "2024-06-01"


def pledge(
    obligor: int, beneficiary: int, kind: str = "defense", arrangement: str = "t", **conditions
) -> dict:
    """One obligations row (the foedus.commitments model) for tiny fixtures."""
    row = {
        "source": "test",
        "arrangement": arrangement,
        "arrangement_name": "Test pact",
        "atop_id": None,
        "type": kind,
        "clause": "Art. 1",
        "obligor": obligor,
        "beneficiary": beneficiary,
        "start": dt.date(1800, 1, 1),  # in force for every scenario of the tests
        "end": None,
        "cond_location": (),
        "cond_adversary": (),
        "cond_attackers_min": float("nan"),
        "cond_nonprovocation": False,
        "cond_conflict": "",
        "cond_demands": False,
        "cond_other": "",
        "cond_unspecified": (),
    }
    row.update({f"cond_{k}": v for k, v in conditions.items()})
    return row


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS)


@pytest.fixture(scope="module")
def estonia() -> pd.DataFrame:
    scenario = Scenario.build("Russia", "Estonia", ON)
    return triggered(scenario, obligations_on(ON, sources="built-in"))


def test_nato_article5_triggers_all_31_other_members(estonia):
    art5 = estonia[
        (estonia["clause"] == "North Atlantic Treaty, Art. 5") & (estonia["triggered"] == "yes")
    ]
    nato = set(members("NATO", on=ON)["ccode"]) - {366}
    assert set(art5["obligor_ccode"]) == nato
    assert len(nato) == 31 and {375, 380} <= nato  # Finland and Sweden included
    assert set(art5["beneficiary_ccode"]) == {366}
    assert set(art5["role"]) == {"defend target"}
    assert set(art5["cond_location"]) == {"met"}


def test_teu_42_7_triggers_the_other_eu_members(estonia):
    eu = estonia[estonia["clause"].str.contains("42\\(7\\)") & (estonia["triggered"] == "yes")]
    expected = set(members("eu_mutual_assistance", on=ON)["ccode"]) - {366}
    assert set(eu["obligor_ccode"]) == expected
    assert len(expected) == 26 and {305, 205, 338, 352} <= expected  # the non-NATO four


def test_csto_does_not_defend_the_attacker(estonia):
    csto = estonia[(estonia["beneficiary_ccode"] == 365) & (estonia["type"] == "defense")]
    assert len(csto) == 5
    assert set(csto["triggered"]) == {"no"}
    assert set(csto["cond_event"]) == {"not met"}
    assert csto["reason"].str.startswith("Russia is not attacked (it is an attacker)").all()


def test_named_adversary_other_than_the_attacker_is_not_triggered():
    obligations = frame(pledge(220, 366, adversary=(2,)), pledge(255, 366))
    out = triggered(Scenario.build("Russia", "Estonia", ON), obligations).set_index("obligor_ccode")
    assert out.loc[220, "triggered"] == "no"
    assert out.loc[220, "cond_adversary"] == "not met"
    assert "adversary United States of America: not met" in out.loc[220, "reason"]
    assert out.loc[255, "triggered"] == "yes"
    assert pd.isna(out.loc[255, "cond_adversary"])  # no such condition


def test_named_adversary_equal_to_the_attacker_is_met():
    obligations = frame(pledge(220, 366, adversary=(2, 365)))
    out = triggered(Scenario.build("Russia", "Estonia", ON), obligations)
    assert out["triggered"].tolist() == ["yes"]
    assert out["cond_adversary"].tolist() == ["met"]


def test_unnamed_atop_adversary_is_unknown_and_says_so():
    obligations = frame(pledge(220, 366, unspecified=("adversary",)))
    out = triggered(Scenario.build("Russia", "Estonia", ON), obligations)
    assert out["triggered"].tolist() == ["unknown"]
    assert (
        "ATOP codes a specific-adversary condition but does not name the adversary"
        in out["reason"].iloc[0]
    )


def test_provocation_location_attackers_and_demands():
    obligations = frame(
        pledge(220, 366, nonprovocation=True),
        pledge(255, 366, location=("east_asia",)),
        pledge(230, 366, attackers_min=2.0),
        pledge(325, 366, demands=True),
    )
    base = Scenario.build("Russia", "Estonia", ON)
    out = triggered(base, obligations).set_index("obligor_ccode")
    assert out.loc[220, "cond_provocation"] == "met"
    assert out.loc[255, "cond_location"] == "not met"  # Estonia lies in europe
    assert out.loc[230, "cond_attackers"] == "not met"  # one attacker only
    assert out.loc[325, "cond_demands"] == "unknown"
    provoked = Scenario.build(
        "Russia", "Estonia", ON, provoked=True, location=["east_asia"], demands_refused=True
    )
    out = triggered(provoked, obligations).set_index("obligor_ccode")
    assert out.loc[220, "triggered"] == "no"
    assert out.loc[255, "cond_location"] == "met"
    assert out.loc[325, "cond_demands"] == "met"
    # a war in east Asia does not attack Estonia's own territory (ATOP DEFENSE)
    assert out.loc[325, "cond_location"] == "not met" and out.loc[325, "triggered"] == "no"
    refused = Scenario.build("Russia", "Estonia", ON, demands_refused=True)
    assert triggered(refused, obligations).set_index("obligor_ccode").loc[325, "triggered"] == "yes"
    two = Scenario.build(["Russia", "Belarus"], "Estonia", ON)
    assert triggered(two, obligations).set_index("obligor_ccode").loc[230, "triggered"] == "yes"


def test_offense_neutrality_nonaggression_and_consultation_events():
    obligations = frame(
        pledge(370, 365, "offense", adversary=(366,)),  # Belarus joins Russia against Estonia
        pledge(370, 366, "offense"),  # Estonia does not attack
        pledge(705, 365, "neutrality"),
        pledge(365, 366, "nonaggression"),  # broken by the attack itself
        pledge(20, 366, "consultation"),
    )
    out = triggered(Scenario.build("Russia", "Estonia", ON), obligations)
    got = {
        (r.obligor_ccode, r.beneficiary_ccode, r.type): (r.triggered, r.role)
        for r in out.itertuples()
    }
    assert got[(370, 365, "offense")] == ("yes", "join attacker")
    assert got[(370, 366, "offense")][0] == "no"
    assert got[(705, 365, "neutrality")] == ("yes", "stay neutral")
    assert got[(365, 366, "nonaggression")] == ("yes", "refrain from attacking")
    assert got[(20, 366, "consultation")] == ("yes", "consult")
    broken = out[out["type"] == "nonaggression"].iloc[0]
    assert broken["obligor_side"] == "attacker"
    assert "Russia is itself at war against Estonia" in broken["reason"]


def test_asserted_entrant_attacks_only_where_an_attack_is_asserted():
    obligations = frame(
        pledge(255, 300, arrangement="dual", adversary=(365,)),
        pledge(220, 365, arrangement="franco-russian"),
    )
    day = "1914-07-28"
    entrants = {"Russia": "target"}
    # defending Serbia, Russia attacks no one: the Dual Alliance is not invoked
    out = triggered(Scenario.build(300, 345, day, entrants=entrants), obligations)
    assert out.set_index("obligor_ccode").loc[255, "triggered"] == "no"
    assert "is not attacked" in out.set_index("obligor_ccode").loc[255, "reason"]
    asserted = Scenario.build(300, 345, day, entrants=entrants, attacks=["Russia>AUH@1914-07-31"])
    out = triggered(asserted, obligations).set_index("obligor_ccode")
    assert out.loc[255, "triggered"] == "yes"  # Russia's asserted attack on Austria-Hungary
    assert out.loc[220, "triggered"] == "no"  # nobody attacks Russia yet
    # the chain-ganging rule: Russia's entry attacks Austria-Hungary
    chained = Scenario.build(300, 345, day, entrants=entrants, chain_ganging=True)
    assert triggered(chained, obligations).set_index("obligor_ccode").loc[255, "triggered"] == "yes"


def test_bad_scenarios_name_the_value():
    with pytest.raises(FoedusError, match="each state on one side"):
        Scenario.build("Russia", "Russia", ON)
    with pytest.raises(FoedusError, match="location 'mars' unknown; accepted: state:<COW"):
        Scenario.build("Russia", "Estonia", ON, location=["mars"])
    with pytest.raises(FoedusError, match="entrant side 'neutral' unknown"):
        Scenario.build("Russia", "Estonia", ON, entrants={"Belarus": "neutral"})
