"""The foundation commands, checked the way a user runs them (issue: Foundation)."""

from __future__ import annotations

from cli_helpers import invoke

NATO_2024_OTHERS = {
    "United States of America",
    "Canada",
    "United Kingdom",
    "France",
    "Belgium",
    "Netherlands",
    "Luxembourg",
    "Norway",
    "Denmark",
    "Iceland",
    "Portugal",
    "Italy",
    "Greece",
    "Turkey",
    "Germany",
    "Spain",
    "Czech Republic",
    "Hungary",
    "Poland",
    "Bulgaria",
    "Latvia",
    "Lithuania",
    "Romania",
    "Slovakia",
    "Slovenia",
    "Albania",
    "Croatia",
    "Montenegro",
    "North Macedonia",
    "Finland",
    "Sweden",
}


def _defenders(monkeypatch, on: str) -> dict[str, set[int]]:
    result = invoke(f"who-defends Estonia --on {on} --format json", monkeypatch)
    assert result.code == 0, result.err
    frame = result.frame()
    return {a: set(g["defender_ccode"]) for a, g in frame.groupby("arrangement_id")}


def test_who_defends_estonia_2024_lists_31_nato_allies_and_eu(monkeypatch):
    by_arrangement = _defenders(monkeypatch, "2024-06-01")
    nato = by_arrangement["nato"]
    assert len(nato) == 31
    assert {375, 380} <= nato  # Finland, Sweden
    assert 366 not in nato
    eu = by_arrangement["eu_mutual_assistance"]
    assert len(eu) == 26  # the 27 EU members less Estonia itself
    assert 200 not in eu  # the United Kingdom left the EU in 2020


def test_who_defends_estonia_2023_without_finland_and_sweden(monkeypatch):
    nato = _defenders(monkeypatch, "2023-01-01")["nato"]
    assert len(nato) == 29
    assert not {375, 380} & nato


def test_who_defends_clause_is_article_5(monkeypatch):
    result = invoke("who-defends Estonia --on 2024-06-01 --format json", monkeypatch)
    frame = result.frame()
    nato = frame[frame["arrangement_id"] == "nato"]
    assert set(nato["clause"]) == {"North Atlantic Treaty, Art. 5"}


def test_members_warsaw_pact_1970(monkeypatch):
    result = invoke('members "Warsaw Pact" --on 1970-01-01 --format json', monkeypatch)
    assert result.code == 0, result.err
    assert set(result.frame()["ccode"]) == {365, 290, 265, 315, 310, 360, 355}


def test_members_warsaw_pact_after_dissolution_says_so(monkeypatch):
    result = invoke('members "Warsaw Pact" --on 1992-01-01', monkeypatch)
    assert result.code == 2
    assert "not in force on 1992-01-01" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_members_pact_of_steel(monkeypatch):
    result = invoke('members "Pact of Steel" --on 1939-06-01 --format csv', monkeypatch)
    assert result.code == 0, result.err
    codes = {int(line.split(",")[0]) for line in result.out.splitlines()[1:]}
    assert codes == {255, 325}


def test_unknown_state_exits_2_with_one_line(monkeypatch):
    result = invoke("who-defends Atlantis --on 2024-01-01", monkeypatch)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Atlantis" in lines[0]
    assert "Traceback" not in result.err


def test_impossible_date_exits_2(monkeypatch):
    result = invoke("who-defends Estonia --on 2024-02-30", monkeypatch)
    assert result.code == 2
    assert "2024-02-30" in result.err and "YYYY-MM-DD" in result.err


def test_unknown_kind_exits_2(monkeypatch):
    result = invoke("arrangements --kind telepathy", monkeypatch)
    assert result.code == 2 and "telepathy" in result.err


def test_arrangements_by_member_and_kind(monkeypatch):
    result = invoke("arrangements --on 2024-06-01 --member Japan --format json", monkeypatch)
    ids = set(result.frame()["id"])
    assert {"us_japan_security_treaty", "quad"} <= ids
    assert "us_japan_security_treaty_1951" not in ids


def test_output_file_and_pipe_default_csv(monkeypatch, tmp_path):
    target = tmp_path / "nato.csv"
    result = invoke(f"members NATO --on 2024-06-01 -o {target}", monkeypatch)
    assert result.code == 0, result.err
    lines = target.read_text().splitlines()
    assert lines[0].startswith("ccode,state,joined")
    assert len(lines) == 1 + 32


def test_states_on_a_date(monkeypatch):
    result = invoke("states --on 1816-06-01 --format json", monkeypatch)
    assert len(result.frame()) == 23  # the COW system's 23 members in 1816


def test_data_status_on_empty_store(monkeypatch, store):
    result = invoke("data status --format csv", monkeypatch)
    assert result.code == 0
    assert result.out.splitlines()[0].startswith("source,version")
