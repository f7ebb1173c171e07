"""Cascades: deterministic fixpoint and vectorised Monte Carlo (tiny fixtures + built-in)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foedus.arrangements import members
from foedus.cascade import HONOUR_RATES, cascade, explain, honour_probabilities, simulate
from foedus.casus import Scenario
from foedus.commitments import obligations_on
from foedus.errors import FoedusError
from tests.casus.test_casus import frame, pledge

ON = "2024-06-01"
# The USA (2) attacks Canada (20). Mexico (70) defends Canada; Cuba (40) defends the USA
# only against Mexico; Haiti (41) defends Mexico only against Guatemala (never at war);
# the Dominican Republic (42) defends both; Jamaica (51) owes Canada neutrality; Trinidad
# (52) defends Cuba, which enters as an attacker and is attacked by nobody after it.
# Each pledge is its own bilateral pact: no war here is fought inside one arrangement.
CHAIN = frame(
    pledge(70, 20, arrangement="mex-can"),
    pledge(40, 2, arrangement="cub-usa", adversary=(70,)),
    pledge(41, 70, arrangement="hai-mex", adversary=(90,)),
    pledge(42, 2, arrangement="dom-usa"),
    pledge(42, 20, arrangement="dom-can"),
    pledge(51, 20, "neutrality", arrangement="jam-can"),
    pledge(52, 40, arrangement="tri-cub"),
)


def chain_scenario(**kw) -> Scenario:
    """The fixture under the chain-ganging rule (every entrant attacks the other side), the
    rule these chain tests were written for; the default rule has its own tests below."""
    kw.setdefault("chain_ganging", True)
    return Scenario.build(2, 20, ON, **kw)


def test_defending_the_victim_is_not_an_attack_on_the_aggressor():
    # default rule: Mexico defends Canada, which does not make it an attacker of the USA,
    # so Cuba's pledge (against Mexico) and the Dominican pledge to the USA stay quiet
    result = cascade(chain_scenario(chain_ganging=False), CHAIN)
    e = result.entrants.set_index("ccode")
    assert set(e.index) == {2, 20, 70, 42}
    assert e.loc[42, "side"] == "target" and e.loc[70, "side"] == "target"
    assert result.rounds == 1
    assert "obligated to both sides" not in set(result.flags["flag"])
    sim = simulate(chain_scenario(chain_ganging=False), CHAIN, runs=500, seed=1)
    assert sim.states.set_index("ccode")["p_enters"].get(40, 0.0) == 0.0


def test_an_asserted_attack_brings_the_chain_back():
    # Mexico, once in the war, attacks the USA: Cuba (pledged against Mexico) defends it
    scenario = chain_scenario(chain_ganging=False, attacks=["Mexico>United States of America"])
    e = cascade(scenario, CHAIN).entrants.set_index("ccode")
    assert e.loc[40, "round"] == 2 and e.loc[40, "side"] == "attacker"
    assert e.loc[40, "via"] == "United States of America"
    sure = {"defense": 1.0, "offense": 1.0}
    sim = simulate(scenario, CHAIN, runs=300, seed=1, probabilities=sure)
    assert sim.states.set_index("ccode").loc[40, "p_attacker_side"] == 1.0
    half = simulate(scenario, CHAIN, runs=40_000, seed=2, probabilities={"defense": 0.5})
    # Cuba needs Mexico in (0.5), then honours its own pledge (0.5)
    assert half.states.set_index("ccode").loc[40, "p_enters"] == pytest.approx(0.25, abs=0.01)


def test_deterministic_rounds_and_attribution():
    result = cascade(chain_scenario(), CHAIN)
    e = result.entrants.set_index("ccode")
    assert e.loc[2, "round"] == 0 and e.loc[20, "round"] == 0
    assert e.loc[70, "round"] == 1 and e.loc[70, "side"] == "target"
    assert e.loc[42, "round"] == 1 and e.loc[42, "side"] == "target"  # target side wins
    assert e.loc[40, "round"] == 2 and e.loc[40, "side"] == "attacker"  # Mexico attacked USA
    assert e.loc[40, "via"] == "United States of America"
    assert e.loc[40, "arrangement"] == "Test pact"
    assert 41 not in e.index  # named adversary absent
    assert 52 not in e.index
    assert result.rounds == 2
    flags = result.flags.set_index("ccode")["flag"]
    assert flags[42] == "obligated to both sides"
    assert flags[51] == "bound to neutrality"


def test_explain_says_why_in_or_out():
    scenario = chain_scenario()
    e41 = explain(scenario, CHAIN, 41)
    assert e41["explanation"].iloc[0].startswith("Haiti does not enter")
    assert "adversary" in e41["reason"].iloc[0] and "not met" in e41["reason"].iloc[0]
    e40 = explain(scenario, CHAIN, 40)
    assert e40["explanation"].iloc[0] == (
        "Cuba enters in round 2 on the attacker side (Test pact): United States of America "
        "is attacked by a non-member (Dominican Republic, Mexico)"
    )


def test_honour_probabilities_combine_published_rates_on_the_odds_scale():
    pre, post = honour_probabilities(1914), honour_probabilities(2024)
    odds = {k: v / (1 - v) for k, v in pre.items()}
    era = 0.663 / 0.337
    assert odds["defense"] == pytest.approx(0.412 / 0.588 * era)
    assert pre["defense"] == pytest.approx(0.580, abs=0.001)
    assert post["defense"] == pytest.approx(0.167, abs=0.001)
    assert pre["offense"] > pre["defense"] > post["defense"]
    assert HONOUR_RATES["overall"] == pytest.approx(73 / 146)
    assert honour_probabilities(2024, {"defense": 0.9})["defense"] == 0.9
    with pytest.raises(FoedusError, match=r"honour probability defence=0\.5 invalid"):
        honour_probabilities(2024, {"defence": 0.5})


def test_monte_carlo_with_certain_honouring_equals_deterministic():
    sure = {"defense": 1.0, "offense": 1.0}
    sim = simulate(chain_scenario(), CHAIN, runs=500, seed=1, probabilities=sure)
    det = cascade(chain_scenario(), CHAIN).entrants
    s = sim.states.set_index("ccode")
    entered = set(s.index[s["p_enters"] == 1.0])
    assert entered == set(det["ccode"])
    assert set(s.index[s["p_enters"] == 0.0]) == set(s.index) - entered
    assert s.loc[40, "mean_round"] == 2 and s.loc[42, "p_target_side"] == 1.0
    assert s.loc[42, "p_obligated_both_sides"] == 1.0
    assert s.loc[51, "p_bound_to_neutrality"] == 1.0


def test_monte_carlo_frequencies_match_the_probabilities():
    sim = simulate(chain_scenario(), CHAIN, runs=40_000, seed=7, probabilities={"defense": 0.3})
    s = sim.states.set_index("ccode")
    assert s.loc[70, "p_target_side"] == pytest.approx(0.3, abs=0.01)
    # the Dominican Republic: Canada's pledge fires at once; the USA's only once Mexico
    # has entered (and attacked the USA)
    assert s.loc[42, "p_enters"] == pytest.approx(0.3 + 0.7 * 0.3 * 0.3, abs=0.01)
    assert s.loc[42, "p_attacker_side"] == pytest.approx(0.7 * 0.3 * 0.3, abs=0.01)
    # Cuba needs Mexico in (0.3) and then honours its own pledge (0.3)
    assert s.loc[40, "p_attacker_side"] == pytest.approx(0.09, abs=0.008)
    sizes = sim.war_size.set_index("war_size")["share"]
    assert sizes.sum() == pytest.approx(1.0)
    assert sim.summary.set_index("measure").loc["war size (states)", "mean"] == pytest.approx(
        2 + 0.3 + (0.3 + 0.7 * 0.09) + 0.09, abs=0.03
    )


def test_seed_reproducible_and_chunking_invariant_in_distribution():
    a = simulate(chain_scenario(), CHAIN, runs=3000, seed=11)
    b = simulate(chain_scenario(), CHAIN, runs=3000, seed=11)
    pd.testing.assert_frame_equal(a.states, b.states)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    c = simulate(chain_scenario(), CHAIN, runs=3000, seed=12)
    assert not a.states.equals(c.states)


def test_free_joining_brings_in_unobligated_states():
    none = simulate(chain_scenario(), CHAIN, runs=2000, seed=3, probabilities={"defense": 0})
    assert none.summary.set_index("measure").loc["war size (states)", "mean"] == 2
    free = simulate(
        chain_scenario(), CHAIN, runs=2000, seed=3, free_join=0.5, probabilities={"defense": 0}
    )
    assert free.summary.set_index("measure").loc["war size (states)", "mean"] > 3


def test_cinc_balance_uses_latest_nmc_year(store):
    nmc = pd.DataFrame(
        {
            "ccode": [2, 20, 70, 2, 20, 70],
            "year": [2010] * 3 + [2016] * 3,
            "cinc": [0.10, 0.01, 0.02, 0.14, 0.01, 0.03],
        }
    )
    store.write_source("cow_nmc", "7.0", {"nmc": nmc}, citation="test fixture")
    sim = simulate(
        chain_scenario(), CHAIN, runs=1000, seed=2, store=store, probabilities={"defense": 1.0}
    )
    assert sim.cinc_year == 2016
    rows = sim.summary.set_index("measure")
    assert rows.loc["CINC attacker side (NMC 2016)", "mean"] == pytest.approx(0.14)
    assert rows.loc["CINC target side (NMC 2016)", "median"] == pytest.approx(0.04)


def test_bad_arguments_name_the_value():
    with pytest.raises(FoedusError, match="unknown='maybe' invalid"):
        cascade(chain_scenario(), CHAIN, unknown="maybe")
    with pytest.raises(FoedusError, match="runs=0"):
        simulate(chain_scenario(), CHAIN, runs=0)


@pytest.fixture(scope="module")
def estonia():
    scenario = Scenario.build("Russia", "Estonia", ON)
    return scenario, obligations_on(ON, sources="built-in")


def test_russia_estonia_round_one_is_nato_and_eu(estonia):
    scenario, obligations = estonia
    e = cascade(scenario, obligations).entrants
    first = set(e.loc[e["round"] == 1, "ccode"])
    nato = set(members("NATO", on=ON)["ccode"])
    eu = set(members("eu_mutual_assistance", on=ON)["ccode"])
    assert first == (nato | eu) - {366}
    assert len(first) == 35  # 31 allies + Austria, Cyprus, Ireland, Malta
    assert set(e.loc[e["round"] == 0, "ccode"]) == {365, 366}
    # defending Estonia is not an attack on Russia: no CSTO member enters
    assert set(e.loc[e["side"] == "attacker", "ccode"]) == {365}
    csto = set(members("CSTO", on=ON)["ccode"]) - {365}
    assert len(csto) == 5 and not csto & set(e["ccode"])


def test_russia_estonia_chain_ganging_brings_in_the_csto(estonia):
    _, obligations = estonia
    chained = Scenario.build("Russia", "Estonia", ON, chain_ganging=True)
    result = cascade(chained, obligations)
    e = result.entrants
    assert set(e.loc[e["side"] == "attacker", "round"]) == {0, 2}  # CSTO answers the allies
    csto = set(members("CSTO", on=ON)["ccode"]) - {365}
    # a member whose participation is suspended on the date (Armenia from February 2024,
    # where the built-in set records it) is flagged and stays out
    flags = result.flags
    suspended = set(flags.loc[flags["flag"].str.startswith("participation suspended"), "ccode"])
    assert csto - suspended <= set(e.loc[e["round"] == 2, "ccode"])
    assert not suspended & set(e["ccode"])


def test_russia_estonia_monte_carlo(estonia):
    scenario, obligations = estonia
    sim = simulate(scenario, obligations, runs=20_000, seed=5)
    s = sim.states.set_index("ccode")
    p = honour_probabilities(2024)["defense"]
    # Latvia's round-1 draw: NATO Art. 5 and TEU 42.7 toward Estonia, two chances at p
    round1 = 1 - (1 - p) ** 2
    assert s.loc[367, "p_target_side"] > round1
    assert s.loc[2, "p_target_side"] > p  # the US, by NATO alone, at least p
    assert np.isclose(s.loc[365, "p_attacker_side"], 1.0)
    rounds = sim.rounds.set_index("rounds")["share"]
    assert rounds.sum() == pytest.approx(1.0)


def test_calibrated_probabilities_fall_back_to_the_published_rates(store):
    # without ATOP and COW wars in the store there is nothing to calibrate on
    sim = simulate(
        chain_scenario(), CHAIN, runs=50, seed=2, probabilities="calibrated", store=store
    )
    assert sim.probabilities == honour_probabilities(2024)
    with pytest.raises(FoedusError, match="probabilities='fitted' invalid"):
        simulate(chain_scenario(), CHAIN, runs=10, probabilities="fitted", store=store)
