"""``foedus scenario`` and ``foedus sweep`` as a user runs them."""

from __future__ import annotations

import json
import re

import pandas as pd
from cli_helpers import invoke

from foedus.arrangements import members

BASE = "scenario --attacker Russia --target Estonia --on 2024-06-01"


def test_scenario_lists_triggered_obligations_as_json(monkeypatch):
    result = invoke(f"{BASE} --format json", monkeypatch)
    assert result.code == 0, result.err
    frame = pd.DataFrame(json.loads(result.out)["triggered"])  # one object, every section
    art5 = frame[
        (frame["clause"] == "North Atlantic Treaty, Art. 5") & (frame["triggered"] == "yes")
    ]
    assert set(art5["obligor_ccode"]) == set(members("NATO", on="2024-06-01")["ccode"]) - {366}
    assert {"reason", "cond_event", "cond_location", "role", "source"} <= set(frame.columns)


def test_scenario_cascade_and_summary_sections(monkeypatch):
    entrants = invoke(f"{BASE} --show entrants --format json", monkeypatch).frame()
    assert (entrants["round"] == 1).sum() == 35
    result = invoke(f"{BASE} --runs 500 --seed 9 --show summary --format json", monkeypatch)
    assert result.code == 0, result.err
    summary = result.frame().set_index("measure")
    assert summary.loc["war size (states)", "p2.5"] >= 2
    again = invoke(f"{BASE} --runs 500 --seed 9 --show summary --format json", monkeypatch)
    pd.testing.assert_frame_equal(summary, again.frame().set_index("measure"))


def test_table_output_shows_every_section(monkeypatch):
    result = invoke(f"{BASE} --runs 200 --seed 1 --format table", monkeypatch)
    assert result.code == 0, result.err
    titles = re.findall(r"2024-06-01:\s+(\w+)", result.out)  # narrow tables wrap titles
    # every non-empty section (no flags are raised here)
    assert titles == ["triggered", "entrants", "summary", "states", "war_size", "rounds"]


def test_explain_a_state(monkeypatch):
    result = invoke(f"{BASE} --explain Belarus --format json", monkeypatch)
    assert result.code == 0, result.err
    frame = result.frame()
    # Russia is the attacker; NATO and the EU defending Estonia do not attack Russia
    verdict = frame["explanation"].iloc[0]
    assert verdict.startswith("Belarus does not enter: toward Russia, Russia is not attacked")
    assert "(it is an attacker)" in verdict and "UN Charter Art. 51" in verdict
    defense = frame[(frame["type"] == "defense") & (frame["beneficiary_ccode"] == 365)].iloc[0]
    assert defense["triggered"] == "no" and defense["cond_event"] == "not met"
    assert "entered to defend" in defense["reason"]
    # the chain-ganging rule: every entrant attacks the other side, as before
    chained = invoke(f"{BASE} --chain-ganging --explain Belarus --format json", monkeypatch)
    assert (
        chained.frame()["explanation"]
        .iloc[0]
        .startswith(
            "Belarus enters in round 2 on the attacker side (Collective Security Treaty "
            "Organization): Russia is attacked (United States of America, "
        )
    )


def test_explain_uses_the_round_the_state_entered(monkeypatch):
    # Finland enters in round 1: its reason is Russia's attack on Estonia, not a state of a
    # later round (with chain-ganging, the CSTO enters in round 2)
    result = invoke(f"{BASE} --chain-ganging --explain Finland --format json", monkeypatch)
    frame = result.frame()
    assert frame["explanation"].iloc[0].endswith(": Estonia is attacked by a non-member (Russia)")
    assert set(frame["beneficiary_ccode"]) == {366}  # the war as it stood in round 1
    assert not frame["reason"].str.contains("Belarus").any()


def test_explain_table_gives_each_beneficiarys_reason():
    from foedus.cli.scenario import _explain_view

    rows = pd.DataFrame(
        {
            "arrangement": ["NATO"] * 3,
            "role": ["defend target"] * 3,
            "triggered": ["yes", "yes", "no"],
            "beneficiary": ["Estonia", "Finland", "Russia"],
            "reason": [
                "Estonia is attacked by a non-member (Russia)",
                "Finland is attacked by a non-member (Russia)",
                "Russia is not attacked (it is an attacker)",
            ],
        }
    )
    view = _explain_view(rows)
    assert view["beneficiaries"].tolist() == ["Estonia, Finland", "Russia"]
    assert view["reason"].tolist() == [
        "is attacked by a non-member (Russia)",
        "is not attacked (it is an attacker)",
    ]


def test_bad_input_is_one_line_and_exit_2(monkeypatch):
    result = invoke(f"{BASE} --entrant Belarus:neutral", monkeypatch)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "STATE:attacker or STATE:target" in result.err
    result = invoke(f"{BASE} --show states --format csv", monkeypatch)
    assert result.code == 2 and "need --runs" in result.err


def test_sweep_writes_parquet(monkeypatch, store, tmp_path):
    contdird = pd.DataFrame(
        {"state1no": [365, 366], "state2no": [366, 365], "year": [2016, 2016], "conttype": [1, 1]}
    )
    store.write_source("cow_contiguity", "3.2", {"contdird": contdird}, citation="fixture")
    out = tmp_path / "grid.parquet"
    result = invoke(
        f"sweep --years 2016 --on 2016-06-01 --runs 100 -o {out} --format csv", monkeypatch
    )
    assert result.code == 0, result.err
    rows = pd.read_parquet(out)
    assert [list(a) for a in rows["attacker_ccodes"]] == [[365], [366]]
    assert rows.loc[rows["target_ccodes"].str[0] == 366, "entrants_target"].iloc[0] >= 28


def test_honour_override_changes_the_distribution(monkeypatch):
    sure = invoke(
        f"{BASE} --runs 300 --seed 3 --honour defense=1 --show war_size --format json", monkeypatch
    ).frame()
    entrants = invoke(f"{BASE} --show entrants --format json", monkeypatch).frame()
    assert sure["war_size"].tolist() == [len(entrants)]  # every pledge honoured
    never = invoke(
        f"{BASE} --runs 300 --seed 3 --honour defense=0 --show war_size --format json", monkeypatch
    ).frame()
    assert never["war_size"].tolist() == [2]
    bad = invoke(f"{BASE} --runs 10 --honour defense=x", monkeypatch)
    assert bad.code == 2 and "honour 'defense=x' invalid" in bad.err


def test_honour_calibrated_without_history_uses_the_published_rates(monkeypatch, tmp_path):
    monkeypatch.setenv("FOEDUS_HOME", str(tmp_path))  # no ATOP, no COW wars
    command = f"{BASE} --runs 300 --seed 3 --show war_size --format json"
    calibrated = invoke(f"{command} --honour calibrated", monkeypatch)
    assert calibrated.code == 0, calibrated.err
    pd.testing.assert_frame_equal(calibrated.frame(), invoke(command, monkeypatch).frame())
    sure = invoke(f"{command} --honour calibrated --honour defense=1", monkeypatch).frame()
    entrants = invoke(f"{BASE} --show entrants --format json", monkeypatch).frame()
    assert sure["war_size"].tolist() == [len(entrants)]
