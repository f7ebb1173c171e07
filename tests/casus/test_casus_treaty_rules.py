"""The engine's side of the treaty model (#13 items 3, 5, 9): pledges covering attacks by
fellow members, clauses with their own dates, parties that must act first, suspended
participation and homeland locations, on tiny fixtures."""

from __future__ import annotations

import datetime as dt

import pytest

from foedus.cascade import cascade, simulate
from foedus.casus import Scenario, triggered
from foedus.errors import FoedusError
from tests.casus.test_casus import frame, pledge

ON = "2024-06-01"


def _rows(scenario: Scenario, obligations, beneficiary: int | None = None) -> dict[int, dict]:
    out = triggered(scenario, obligations)
    out = out[out["type"] == "defense"]
    if beneficiary is not None:
        out = out[out["beneficiary_ccode"] == beneficiary]
    return {r["obligor_ccode"]: r for r in out.to_dict("records")}


def test_a_pledge_covering_fellow_members_fires_when_one_attacks():
    # Iraq (645) attacks Kuwait (690); Egypt (651) owes both a defense pledge in one pact
    pact = frame(pledge(651, 690, arrangement="league"), pledge(651, 645, arrangement="league"))
    invasion = Scenario.build("Iraq", "Kuwait", "1990-08-02")
    assert _rows(invasion, pact, 690)[651]["triggered"] == "no"  # default: fellows do not count
    covering = pact.assign(against_members=True)
    row = _rows(invasion, covering, 690)[651]
    assert row["triggered"] == "yes"
    assert row["reason"] == "Kuwait is attacked (Iraq; the pledge covers attacks by fellow members)"
    assert 651 in set(cascade(invasion, covering).entrants["ccode"])


def test_clauses_apply_from_their_own_dates():
    pact = frame(pledge(200, 220), pledge(365, 220))
    pact.loc[1, "start"] = dt.date(1914, 9, 5)  # a later clause of the same arrangement
    war = Scenario.build("Germany", "France", "1914-08-03")
    assert set(triggered(war, pact)["obligor_ccode"]) == {200}
    later = Scenario.build("Germany", "France", "1914-09-10")
    assert set(triggered(later, pact)["obligor_ccode"]) == {200, 365}
    pact.loc[0, "end"] = dt.date(1914, 9, 1)
    assert set(cascade(later, pact).entrants["ccode"]) == {255, 220, 365}


def test_a_pledge_that_waits_for_another_party_to_act():
    # Japan (740) defends South Korea (732) only once the United States (2) is in
    pact = frame(pledge(2, 732, arrangement="us-rok"), pledge(740, 732, arrangement="jp-rok"))
    pact["cond_after"] = [(), (2,)]
    korea = Scenario.build("North Korea", "South Korea", ON)
    rows = _rows(korea, pact)
    assert rows[740]["triggered"] == "no" and "only once United States" in rows[740]["reason"]
    e = cascade(korea, pact).entrants.set_index("ccode")
    assert e.loc[2, "round"] == 1 and e.loc[740, "round"] == 2
    sim = simulate(korea, pact, runs=20_000, seed=4, probabilities={"defense": 0.5})
    p = sim.states.set_index("ccode")["p_enters"]
    assert p[740] == pytest.approx(0.25, abs=0.015)  # the US (0.5), then Japan (0.5)


def test_suspended_participation_is_reported_and_not_honoured_unless_asked():
    pact = frame(pledge(371, 365, arrangement="csto"), pledge(370, 365, arrangement="csto"))
    pact["suspended"] = [True, False]  # Armenia (371) suspended, Belarus (370) not
    war = Scenario.build("Ukraine", "Russia", ON)
    rows = _rows(war, pact)
    assert rows[371]["triggered"] == "no" and "participation suspended" in rows[371]["reason"]
    assert rows[370]["triggered"] == "yes"
    result = cascade(war, pact)
    assert 371 not in set(result.entrants["ccode"])
    flags = result.flags.set_index("ccode")["flag"]
    assert flags[371] == "participation suspended (not honoured)"
    asked = Scenario.build("Ukraine", "Russia", ON, honour_suspended=True)
    assert 371 in set(cascade(asked, pact).entrants["ccode"])
    sim = simulate(war, pact, runs=500, seed=1, probabilities={"defense": 1.0})
    assert sim.states.set_index("ccode")["p_enters"].get(371, 0.0) == 0.0


def test_state_locations_name_a_homeland():
    war = Scenario.build("Argentina", "United Kingdom", "1982-04-02", location=["state:UKG"])
    assert war.location == ("state:200",)
    nato = frame(pledge(2, 200, arrangement="nato", location=("nato_art6",)))
    assert _rows(war, nato)[2]["triggered"] == "yes"  # the British homeland is in Europe
    with pytest.raises(FoedusError, match="location 'state:XYZ' unknown; accepted: state:"):
        Scenario.build("Argentina", "United Kingdom", "1982-04-02", location=["state:XYZ"])
