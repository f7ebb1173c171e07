"""One vocabulary for arrangements and states: short names, ATOP ids, helpful empties, and
the dtypes convention of the frames users get."""

from __future__ import annotations

import pandas as pd
import pytest
from cli_helpers import invoke

import foedus
from foedus.errors import FoedusError, NotInSystemError
from foedus.states import abbreviations, names_on, resolve_member, state_name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("EU", "eu_mutual_assistance"),
        ("AU", "au_nonaggression_common_defence_pact"),
        ("ASEAN", "admm"),
        ("OAS", "rio_treaty"),
        ("CSTO", "csto"),
        ("SCO", "sco"),
        ("GCC", "gcc_joint_defence"),
        ("NATO", "nato"),
        ("atop:3180", "nato"),
        ("atop:3285", "warsaw_pact"),
    ],
)
def test_short_names_and_atop_ids_find_the_arrangement(query, expected):
    assert foedus.find_arrangement(query)["id"] == expected


def test_members_eu_is_the_european_union(monkeypatch, store):
    result = invoke("members EU --on 2024-06-01 -f json", monkeypatch)
    assert result.code == 0, result.err
    assert len(result.frame()) == 27  # the EU's 27 member states in 2024
    by_id = invoke("members atop:3180 --on 2024-06-01 -f json", monkeypatch).frame()
    assert len(by_id) == 32  # NATO


def test_atop_id_without_built_in_arrangement_is_one_line(monkeypatch):
    result = invoke("members atop:1", monkeypatch)
    assert result.code == 2 and "'atop:1'" in result.err and "atop:3180" in result.err


def test_in_system_names_a_bad_code():
    with pytest.raises(FoedusError, match="code 'abc' is not a state code"):
        foedus.in_system("abc", "2000-01-01")


def test_germany_in_1960_is_the_federal_republic(monkeypatch, store):
    state, reading = resolve_member("Germany", "1960-01-01")
    assert state.cow_code == 260 and "German Federal Republic" in reading
    result = invoke("who-defends Germany --on 1960-01-01 -f json", monkeypatch)
    assert result.code == 0, result.err
    assert "German Federal Republic (COW 260)" in result.err
    assert 2 in set(result.frame()["defender_ccode"])  # the United States, by NATO (1955)


def test_estonia_in_1990_was_not_a_state(monkeypatch):
    with pytest.raises(NotInSystemError, match="1991-09-06"):
        resolve_member("Estonia", "1990-01-01")
    result = invoke("who-defends Estonia --on 1990-01-01", monkeypatch)
    assert result.code == 2
    assert "Estonia was not a state" in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize("state", ["Taiwan", "Ukraine"])
def test_nobody_defends_says_so_and_points_to_ties(state, monkeypatch, store):
    result = invoke(f"who-defends {state} --on 2024-06-01 -f table", monkeypatch)
    assert result.code == 0
    assert f"No arrangement obliges anyone to defend {state}" in result.out
    assert "foedus ties" in result.err
    if state == "Taiwan":
        return
    # the note points below when the table is shown, to -f table when it is not
    assert "(below)" in result.err and "shown with -f table" not in result.err
    piped = invoke(f"who-defends {state} --on 2024-06-01 -f csv", monkeypatch)
    assert piped.code == 0 and "shown with -f table" in piped.err


def test_state_names_in_one_place():
    assert state_name(365, "1950-01-01") == "Soviet Union" and state_name(99999) == "COW 99999"
    codes = pd.Series([365, 365, 255])
    days = pd.Series(pd.to_datetime(["1950-07-01", "2000-07-01", "1880-07-01"]))
    assert names_on(codes, days).tolist() == ["Soviet Union", "Russia", "Germany"]
    assert abbreviations([2, 365, 99999]) == ["USA", "RUS", "99999"]


def test_frames_follow_the_dtypes_convention():
    table = foedus.arrangements()
    assert all(pd.api.types.is_datetime64_any_dtype(table[c]) for c in ("in_force", "ended"))
    assert isinstance(table["kinds"].iloc[0], list)
    members = foedus.members("NATO", on="2024-06-01")
    assert pd.api.types.is_datetime64_any_dtype(members["joined"])
    states = foedus.members_on("2024-06-01")
    assert pd.api.types.is_datetime64_any_dtype(states["start"])
    events = foedus.events("NATO")
    assert isinstance(events["type"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert events.loc[events["type"] == "invocation", "requested_by"].iloc[0] == [
        "United States of America"
    ]


def test_a_polars_lazyframe_gets_a_clear_message():
    pl = pytest.importorskip("polars")
    lazy = pl.from_pandas(foedus.state_years(years=(1990, 1990))).lazy()
    with pytest.raises(FoedusError, match=r"LazyFrame; accepted: an eager frame \(call .collect"):
        foedus.add_cow_majors(lazy)
