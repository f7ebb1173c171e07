"""foedus.ties and ``foedus ties``: every tie between two states, checked against the sources."""

from __future__ import annotations

import pandas as pd
import pytest
from cli_helpers import invoke
from realdata import imported_store

from foedus.errors import FoedusError
from foedus.partners import depth, ties, ties_coverage

SOURCES = {
    "atop": "atop",
    "dcad": "dcad",
    "mme": "troopdata",
    "sipri_arms": "sipri_arms",
    "troops": "troopdata",
}


@pytest.fixture(scope="module")
def real(tmp_path_factory, shared_data):
    return imported_store(tmp_path_factory, shared_data, SOURCES)


@pytest.fixture
def home(real, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(real.home))
    return real


def _us_japan(store, on="2005-06-01"):
    return ties("United States", with_="Japan", on=on, store=store)


def test_alliance_both_directions_by_clause(real):
    t = _us_japan(real)
    pacts = t[t["source"] == "ATOP 5.1"]
    by = set(zip(pacts["form"].astype(str), pacts["direction"].astype(str), strict=True))
    # ATOP 3375 (1960 treaty): the US owes Japan defense; Japan owes no defense pledge
    assert ("defense", "owed by state") in by
    assert ("defense", "owed to state") not in by
    assert ("consultation", "owed to state") in by
    assert pacts["detail"].str.contains("Treaty of Mutual Cooperation and Security").all()
    assert (pacts["since"] == pd.Timestamp("1960-01-19")).all()


def test_store_forms_match_the_sources(real, shared_data):
    t = _us_japan(real).set_index(["form", "direction"])
    # DCAD: the 1983 general agreement is in force in 2005; the 1990 sector one ended 1996
    assert t.loc[("dca_general", "mutual"), "detail"] == "DCADv1.0-0133 (DIC)"
    assert ("dca_sector", "mutual") not in t.index
    mme = pd.read_parquet(shared_data / "troopdata/mme_long.parquet")
    mme = mme[mme["year"].between(2001, 2005)]
    both = set(mme.loc[mme["gwcode"] == 2, "MMEID"]) & set(mme.loc[mme["gwcode"] == 740, "MMEID"])
    assert t.loc[("exercises", "mutual"), "value"] == len(both) > 0
    tiv = pd.read_parquet(shared_data / "sipri_arms/sipri_tiv_dyad_year_gannon.parquet")
    sent = tiv[(tiv["ccode1"] == 2) & (tiv["ccode2"] == 740) & tiv["year"].between(2001, 2005)]
    assert t.loc[("arms_transfers", "to partner"), "value"] == pytest.approx(sent["value"].sum())
    deployments = pd.read_parquet(shared_data / "troopdata/troopdata_rebuild_long.parquet")
    japan = deployments[(deployments["ccode"] == 740) & (deployments["year"] == 2005)]
    assert t.loc[("troops_hosted", "to partner"), "value"] == japan["troops_ad"].max() == 35571
    assert t["source"].str.len().gt(0).all()


def test_coverage_after_the_datasets_end(real):
    cov = ties_coverage("2024-06-01", store=real).set_index("name")["status"]
    assert cov["dcad"] == cov["mme"] == cov["sipri_arms"] == "stops before"
    assert cov["troops"] == "covers"
    assert cov["atop"].startswith("stops before")
    t = _us_japan(real, on="2024-06-01")
    assert not t["form"].isin(["dca_general", "exercises", "arms_transfers"]).any()
    # the 1960 treaty from the built-in set, naming its public source
    from foedus import builtin

    note = builtin.load().arrangements.set_index("id")["source"]
    pacts = t[t["form"] == "defense"]
    assert len(pacts) and (pacts["coverage"] == "built-in").all()
    assert pacts["source"].str.startswith("built-in: ").all()
    assert set(pacts["source"]) <= {"built-in: " + n for n in note}


def test_depth_index_is_the_weighted_count_of_forms(real):
    d = depth(_us_japan(real)).iloc[0]
    expected = {
        "defense", "nonaggression", "consultation", "dca_general", "exercises",
        "arms_transfers", "troops_hosted", "joint_exercise_programme",
        "integrated_defense_system", "defense_technology_cooperation",
    }  # fmt: skip
    assert set(d["forms"]) == expected
    assert d["depth"] == 3 + 1 + 1 + 2 + 1 + 1 + 2 + 1 + 2 + 1


def test_cli_lists_and_notes_coverage(home, monkeypatch):
    r = invoke('ties "United States" --with Japan --on 2024-06-01 -f json', monkeypatch)
    assert r.code == 0
    assert set(r.frame()["partner"]) == {"Japan"}
    assert "dcad (1980-2010) stops before" in r.err
    assert r.err.startswith("note: datasets that do not reach 2024-06-01: ")  # as the notes


@pytest.mark.parametrize(
    ("command", "needle"),
    [
        ("ties Narnia --on 2005-06-01", "'Narnia'"),
        ("ties Japan --with Japan --on 2005-06-01", "'Japan'"),
        ("ties Japan --window 0 --on 2005-06-01", "window=0"),
    ],
)
def test_bad_input_one_line(home, monkeypatch, command, needle):
    r = invoke(command, monkeypatch)
    assert r.code == 2
    assert needle in r.err and r.err.count("\n") == 1


def test_bad_depth_weight():
    with pytest.raises(FoedusError, match="'alliance'"):
        depth(pd.DataFrame(columns=["partner_ccode", "partner", "form"]), {"alliance": 1.0})


def test_no_ties_on_an_empty_store_is_an_empty_table(store, monkeypatch):
    # built-in set only: Bhutan belongs to no built-in arrangement in 2024 (Ukraine's
    # 2024 security agreements are built-in consultation pledges)
    r = invoke("ties Bhutan --on 2024-06-01 -f json", monkeypatch)
    assert r.code == 0 and r.frame().empty
    assert "dcad (1980-2010) not loaded" in r.err
    r = invoke("ties Bhutan --on 2024-06-01 --depth -f json", monkeypatch)
    assert r.code == 0 and r.frame().empty


def test_superscript_digit_is_an_unknown_state(store, monkeypatch):
    r = invoke("ties ² --depth", monkeypatch)
    assert r.code == 2 and "'²'" in r.err and r.err.count("\n") == 1


def test_exercises_by_cow_dyad_follow_the_state_spells(real):
    from foedus.partners.ties import exercise_dyads

    ex = exercise_dyads(real).set_index(["ccode1", "ccode2", "year"])["exercises"]
    # G-W 260 is COW 260 (West Germany) to 1989 and COW 255 (Germany) from 1990
    assert (2, 260, 1989) in ex.index and (2, 255, 1990) in ex.index
    assert (2, 260, 1991) not in ex.index


def test_store_forms_include_the_builtin_set_once(real):
    from foedus import builtin
    from foedus.partners.components import store_depth, store_forms

    notes = builtin.load().arrangements.set_index("id")["source"]
    f = store_forms(1995, 2005, store=real)

    def forms(a, b, year):
        rows = f[(f["ccode1"] == a) & (f["ccode2"] == b) & (f["year"] == year)]
        return rows.groupby("form")["source"].agg(set).to_dict()

    us_canada = forms(2, 20, 1995)
    assert us_canada["integrated_defense_system"] == {"built-in: " + notes["norad"]}
    assert us_canada["intelligence_sharing"] == {"built-in: " + notes["five_eyes"]}
    assert us_canada["defense"] == {"ATOP 5.1"}  # NATO's pledge: ATOP's, not twice
    # the Five Power Defence Arrangements are not in ATOP: the built-in pledge counts
    uk_malaysia = forms(200, 820, 1995)
    fpda = "built-in: " + notes["five_power_defence_arrangements"]
    assert any(fpda in s for k, s in uk_malaysia.items() if k != "joint_exercise_programme")
    # Poland joined NATO on 1999-03-12: a member on 1 July 1999, not in 1998
    assert "regional_security_organisation" not in forms(255, 290, 1998)
    assert forms(255, 290, 1999)["regional_security_organisation"] == {"built-in: " + notes["nato"]}
    # the year-level index agrees with foedus.ties on 1 July
    d = store_depth(1995, 2005, store=real)
    us_japan = d[(d["ccode1"] == 2) & (d["ccode2"] == 740) & (d["year"] == 2005)]["depth"].item()
    assert us_japan == depth(_us_japan(real, on="2005-07-01"))["depth"].item() == 15
