"""Reliability coded from ATOP 5.1 and COW Inter-State War v4.0 (the staged real data)."""

from __future__ import annotations

import pandas as pd
import pytest
from cli_helpers import invoke

from foedus.reliability import (
    aggregate,
    calibrated_honour_probabilities,
    published_comparison,
    reliability_cases,
    reliability_rates,
    war_participation,
)
from foedus.sources import import_source
from foedus.store import Store

CASE_KEY = ["warnum", "atop_id"]
DUAL_ALLIANCE, FRANCO_RUSSIAN, TRIPLE_ALLIANCE, MOLOTOV_RIBBENTROP = 1335, 1385, 1350, 2470


@pytest.fixture(scope="session")
def history(shared_data, tmp_path_factory) -> Store:
    """A store holding ATOP 5.1 and COW Inter-State War v4.0 (with Maoz's dyadic war file)."""
    store = Store(tmp_path_factory.mktemp("reliability_home"))
    import_source("atop", shared_data / "atop", store)
    import_source("cow_war", shared_data / "cow", store)
    return store


@pytest.fixture(scope="session")
def all_cases(history) -> pd.DataFrame:
    return reliability_cases(history)


@pytest.fixture(scope="session")
def lenient_cases(history) -> pd.DataFrame:
    return reliability_cases(history, rule="any")


def test_war_participation_matches_cow_v4(history):
    p = war_participation(history)
    assert p["warnum"].nunique() == 95 and len(p) == 337
    ww1 = p[p["warnum"] == 106].set_index("ccode")
    assert len(ww1) == 15
    assert ww1.loc[300, "side"] == 1 and ww1.loc[300, "round"] == 0  # Austria-Hungary
    assert ww1.loc[345, "side"] == 2 and ww1.loc[345, "round"] == 0  # Serbia
    # both entered on 1 August 1914: Russia (Serbia's side) first, then Germany
    assert ww1.loc[365, "round"] == 1 and ww1.loc[255, "round"] == 2
    # WWII: Italy, Romania, Bulgaria and France have two records (they changed sides)
    ww2 = p[p["warnum"] == 139]
    assert sorted(ww2.loc[~ww2["first"], "ccode"]) == [220, 325, 355, 360]


def test_world_war_one_cases(history, all_cases):
    ww1 = reliability_cases(history, war=106).set_index("atop_id")
    assert ww1.equals(all_cases[all_cases["warnum"] == 106].set_index("atop_id"))
    dual = ww1.loc[DUAL_ALLIANCE]
    assert dual["verdict"] == "honoured"
    assert "Germany: honoured" in dual["member_verdicts"]
    assert "Germany owed Austria-Hungary defense" in dual["explanation"]
    assert "adversary Russia" in dual["casus"]
    assert ww1.loc[FRANCO_RUSSIAN, "verdict"] == "honoured"
    assert ww1.loc[FRANCO_RUSSIAN, "member_verdicts"] == "France: honoured; Russia: honoured"
    # Italy stayed out in 1914 and attacked its allies in May 1915
    assert "Italy: violated" in ww1.loc[TRIPLE_ALLIANCE, "member_verdicts"]
    assert ww1.loc[TRIPLE_ALLIANCE, "verdict"] == "violated"


def test_germany_violated_the_nonaggression_pact_with_the_soviet_union(all_cases):
    case = all_cases[
        (all_cases["warnum"] == 139) & (all_cases["atop_id"] == MOLOTOV_RIBBENTROP)
    ].iloc[0]
    assert case["verdict"] == "violated"
    assert "Germany: violated" in case["member_verdicts"]
    assert "Germany attacked its partner" in case["explanation"]


def test_rates_beside_published(history, lenient_cases):
    table = reliability_rates(history).set_index("measure")
    assert table.loc["overall", ["published_honoured", "published_cases"]].tolist() == [73, 146]
    assert table.loc["nonaggression", "published_rate"] == 36.7
    # the overall and pre-1945 rates land within 5 points of Berkemeier & Fuhrmann (2018)
    assert abs(table.loc["overall", "rate_diff"]) <= 5
    assert abs(table.loc["pre-1945", "rate_diff"]) <= 5
    # allies were less reliable after 1945, as both studies find
    assert table.loc["post-1945", "rate"] < table.loc["pre-1945", "rate"] - 20
    lenient = published_comparison(lenient_cases).set_index("measure")
    assert abs(lenient.loc["1816-1944", "rate_diff"]) <= 5  # LLM 2000: 74.5%


def test_rates_by_group_add_up(history, all_cases, lenient_cases):
    era = aggregate(all_cases, "era").set_index("era")
    assert era["cases"].sum() == len(all_cases)
    size = aggregate(all_cases, "size")
    assert size["honoured"].sum() == (all_cases["verdict"] == "honoured").sum()
    # the same cases under both rules; what the strict rule honours, the lenient one does
    assert lenient_cases[CASE_KEY].equals(all_cases[CASE_KEY])
    strict = all_cases["verdict"] == "honoured"
    assert (lenient_cases.loc[strict, "verdict"] == "honoured").all()
    assert (lenient_cases["verdict"] == "honoured").sum() > strict.sum()
    ww1 = reliability_rates(history, by="alliance", war=106)
    assert len(ww1) == (all_cases["warnum"] == 106).sum()
    decade = reliability_cases(history, years="1910-1919")
    assert set(decade["war_start"].dt.year.unique()) <= set(range(1910, 1920))
    assert 106 in set(decade["warnum"])


def test_calibrated_probabilities(history):
    probs = calibrated_honour_probabilities(history)
    kinds = {"defense", "offense", "neutrality", "nonaggression"}
    assert {k for k, _ in probs} == kinds
    assert {e for _, e in probs} == {"pre1945", "post1945"}
    assert all(0.0 < p < 1.0 for p in probs.values())
    assert probs[("defense", "pre1945")] > probs[("defense", "post1945")]


def test_cli_world_war_one(history, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(history.home))
    result = invoke("reliability --war 106 --format json", monkeypatch)
    assert result.code == 0, result.err
    cases = result.frame().set_index("atop_id")
    assert cases.loc[DUAL_ALLIANCE, "verdict"] == "honoured"
    assert cases.loc[FRANCO_RUSSIAN, "verdict"] == "honoured"
    by_type = invoke("reliability --by type --from 1914 --to 1918 --rule any -f json", monkeypatch)
    assert by_type.code == 0, by_type.err
    expected = aggregate(reliability_cases(history, years=(1914, 1918), rule="any"), "type")
    pd.testing.assert_frame_equal(by_type.frame(), expected, check_dtype=False)
    bad = invoke("reliability --war 5000", monkeypatch)
    assert bad.code == 2 and "not a COW inter-state war number" in bad.err
