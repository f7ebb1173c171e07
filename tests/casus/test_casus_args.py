"""Bad arguments to the scenario API and CLI: one line naming the argument (#12)."""

from __future__ import annotations

import datetime as dt

import pytest
from cli_helpers import invoke

from foedus.cascade import simulate
from foedus.casus import Scenario
from foedus.errors import FoedusError
from foedus.sweep import sweep
from tests.casus.test_casus import frame, pledge

PACT = frame(pledge(20, 2), pledge(2, 20))


def test_scenario_rejects_names_where_codes_are_expected():
    with pytest.raises(FoedusError, match=r"attackers=\('Russia',\) invalid") as err:
        Scenario(attackers=("Russia",), targets=(366,), date=dt.date(2024, 6, 1))
    assert "\n" not in str(err.value)
    with pytest.raises(FoedusError, match=r"targets=.* invalid"):
        Scenario(attackers=(365,), targets=(), date=dt.date(2024, 6, 1))
    with pytest.raises(FoedusError, match="date='2024' invalid"):
        Scenario(attackers=(365,), targets=(366,), date="2024")  # type: ignore[arg-type]


def test_build_rejects_a_provoked_word():
    with pytest.raises(FoedusError, match="provoked='yes' invalid; accepted: True, False"):
        Scenario.build("Russia", "Estonia", "2024-06-01", provoked="yes")  # type: ignore[arg-type]


def test_simulate_rejects_chunk_zero_and_bad_runs_and_seed():
    scenario = Scenario.build(2, 20, "2024-06-01")
    with pytest.raises(FoedusError, match="chunk=0 invalid"):
        simulate(scenario, PACT, runs=10, chunk=0)
    with pytest.raises(FoedusError, match="runs=-5 invalid"):
        simulate(scenario, PACT, runs=-5)
    with pytest.raises(FoedusError, match="seed=-1 invalid"):
        simulate(scenario, PACT, runs=10, seed=-1)


def test_sweep_rejects_negative_runs(tmp_path):
    scenario = Scenario.build(2, 20, "2024-06-01")
    with pytest.raises(FoedusError, match="runs=-1 invalid"):
        sweep([scenario], tmp_path / "x.parquet", runs=-1)
    assert not (tmp_path / "x.parquet").exists()


def test_cli_seed_minus_one_is_one_line(monkeypatch):
    result = invoke(
        "scenario --attacker Russia --target Estonia --on 2024-06-01 --runs 10 --seed -1 "
        "--sources built-in",
        monkeypatch,
    )
    assert result.code == 2
    assert "seed=-1 invalid" in result.err or "--seed" in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("attack", "message"),
    [
        ("Russia-Estonia", "attack 'Russia-Estonia' invalid; accepted: ATTACKER>TARGET"),
        ("Russia>", "attack 'Russia>' invalid"),
        ("Russia>Russia", "cannot attack itself"),
        ("Russia>Estonia@2024-01-01", "dated 2024-01-01, before the scenario"),
        ("Russia>Estonia@2024-02-30", "attack date"),
        ("Russia>Narnia", "Narnia"),
    ],
)
def test_bad_asserted_attacks_name_the_value(attack, message):
    with pytest.raises(FoedusError, match=message) as err:
        Scenario.build("Russia", "Latvia", "2024-06-01", attacks=[attack])
    assert "\n" not in str(err.value)


def test_asserted_attacks_parse_to_codes():
    scenario = Scenario.build(
        "Austria-Hungary",
        "Serbia",
        "1914-07-28",
        attacks=["Russia>Austria-Hungary@1914-07-31", ("Germany", "Russia")],
    )
    assert [(a.attacker, a.target, str(a.on)) for a in scenario.attacks] == [
        (365, 300, "1914-07-31"),
        (255, 365, "None"),
    ]
