"""Tables that fit an 80-column terminal: no line wider, no header word broken, numbers
rounded with thousands separators, one row shown transposed, long text in a detail list."""

from __future__ import annotations

import pandas as pd
import pytest
from cli_helpers import invoke
from realdata import imported_store

from foedus.cli import output
from foedus.cli.output import render

RULE = "─"


def _header_tokens(text: str) -> list[list[str]]:
    lines = text.splitlines()
    return [lines[i - 1].split() for i, line in enumerate(lines) if line.startswith(RULE)]


def test_numbers_rounded_with_separators_years_and_codes_plain():
    frame = pd.DataFrame(
        {
            "year": [2024, 1816],
            "ccode": [2, 365],
            "milex_usd_m": [1234567.8, 12.0],
            "share": [0.11363636363636363, 5.55e-17],
            "rows": [16071, 3],
        }
    )
    text = render(frame, "numbers", 80)
    assert "2024" in text and "2,024" not in text
    assert "1,234,568" in text and "16,071" in text
    assert "0.114" in text and "0.11363" not in text and "e-17" not in text
    rates = render(pd.DataFrame({"war": ["a", "b", "c"], "rate": [100.0, 50.0, 123.45]}), None, 80)
    assert rates.split()[3:] == ["a", "100", "b", "50", "c", "123.5"]


def test_one_row_is_transposed_and_long_text_is_wrapped_below():
    one = pd.DataFrame({"source": ["atop"], "version": ["5.1"], "rows": [16071]})
    lines = render(one, None, 80).splitlines()
    assert lines[0].split() == ["field", "value"]
    assert ["rows", "16,071"] in [line.split() for line in lines]
    long = pd.DataFrame({"date": ["2001-09-12", "2003-02-10"], "summary": ["word " * 60] * 2})
    text = render(long, "events", 40)
    assert max(map(len, text.splitlines())) <= 40
    assert "1. summary: word word" in text and "2. summary:" in text


def test_header_words_are_never_broken():
    frame = pd.DataFrame(
        {f"beneficiary_{i}": ["a fairly long value that must wrap " * 2] for i in range(6)}
        | {"n": [1]}
    ).pipe(lambda f: pd.concat([f, f]))
    text = render(frame, None, 80)
    names = {*frame.columns, "#"}
    for tokens in _header_tokens(text):
        assert set(tokens) <= names, tokens
    assert max(map(len, text.splitlines())) <= 80


BUILT_IN = [
    "states --on 1816-06-01",
    "arrangements --on 2024-06-01",
    "members NATO --on 2024-06-01",
    "who-defends Estonia --on 2024-06-01",
    "events",
    "scenario --attacker Russia --target Estonia --on 2024-06-01 --runs 300 --seed 1",
    "scenario --attacker Russia --target Estonia --on 2024-06-01 --explain Finland",
    "ties Japan --on 2005-06-01",
    "panel state-years --years 1816",
    "data catalog",
]
REAL = [
    "data status",
    "wars",
    "wars --search Korean",
    "reliability --years 1914-1918",
    "reliability --war 106",
    "reliability --by era",
    "burden NATO --years 2014-2024",
    "burden NATO --years 2014-2024 --summary",
    "burden NATO --olson-zeckhauser --years 1964",
    "allocate NATO --years 2020",
    "similarity USA UKG --years 1990-1995 --method s,kappa",
    "network --years 1990",
    "network --years 1990 --metrics",
    "network --years 1990-1992",
]


def _check_fits(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    rendered: list[tuple[pd.DataFrame, str]] = []
    original = output.render

    def recording(frame: pd.DataFrame, title: str | None, width: int) -> str:
        text = original(frame, title, width)
        rendered.append((frame, text))
        return text

    monkeypatch.setattr(output, "render", recording)
    result = invoke(f"{command} -f table", monkeypatch)
    assert result.code == 0, result.err
    assert rendered, "no table shown"
    too_wide = [line for line in result.out.splitlines() if len(line) > 80]
    assert too_wide == [], too_wide
    for frame, text in rendered:
        names = {*map(str, frame.columns), "#", "field", "value"}
        for tokens in _header_tokens(text):
            assert set(tokens) <= names, (command, tokens)


@pytest.mark.parametrize("command", BUILT_IN)
def test_built_in_commands_fit_80_columns(command, monkeypatch, store):
    _check_fits(command, monkeypatch)


@pytest.fixture(scope="module")
def research_store(shared_data, tmp_path_factory):
    sources = {
        "atop": "atop",
        "cow_war": "cow",
        "sipri_milex": "sipri_milex",
        "cow_nmc": "peacesciencer/cow_nmc.csv",
        "mindist": "peacesciencer/cow_mindist.parquet",
    }
    return imported_store(tmp_path_factory, shared_data, sources)


@pytest.mark.realdata
@pytest.mark.parametrize("command", REAL)
def test_research_commands_fit_80_columns(command, research_store, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(research_store.home))
    _check_fits(command, monkeypatch)


def test_demo_fits_one_80_column_terminal(store):
    import os
    import subprocess
    import sys

    import foedus

    src = os.path.dirname(os.path.dirname(foedus.__file__))
    env = {**os.environ, "COLUMNS": "80", "PYTHONPATH": src, "FOEDUS_HOME": str(store.home)}
    done = subprocess.run(
        [sys.executable, "-m", "foedus.demo"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) < 150 and max(map(len, lines)) <= 80
    assert "Who defends Estonia on 2024-06-01" in done.stdout
    assert "war size (states)" in done.stdout and "Finland enters in round 1" in done.stdout


def test_a_long_name_column_does_not_cut_a_later_header_word():
    """Rich's own collapsing ignores minimum widths: 'eigenvector' was cut to 'eigenvecto'."""
    frame = pd.DataFrame(
        {
            "ccode": [2, 31, 365],
            "year": [2000] * 3,
            "abb": ["USA", "BHM", "RUS"],
            "name": ["United States of America", "Bahamas", "Russia"],
            "bloc": [0, 0, 1],
            "degree": [56, 32, 4],
            "degree_centrality": [0.296, 0.169, 0.01],
            "eigenvector": [0.18, 0.17, 0.001],
            "betweenness": [0.176, 0.0, 0.0],
        }
    )
    text = output.render(frame, "network", 80)
    header = text.splitlines()[1].split()
    assert header == [c for c in frame.columns if c != "betweenness"]
    assert "(not shown: betweenness" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_a_cell_word_is_not_folded_when_there_is_room():
    """`who-defends Ukraine --on 2024-06-01` folded "defense_cooperation_agreement" into
    "defense_cooperation" / "_agreement" while the arrangement column took all the room."""
    name = "Bilateral security agreements with Ukraine (2024)"
    frame = pd.DataFrame(
        {
            "arrangement": [name, name],
            "commitment": [
                "consultation",
                "member: consultation_pact, defense_cooperation_agreement",
            ],
            "obligors": [15, None],
        }
    )
    lines = render(frame, "nearest", 80).splitlines()
    assert max(map(len, lines)) <= 80
    assert any("defense_cooperation_agreement" in line for line in lines)
    assert not any(line.rstrip().endswith("defense_cooperation") for line in lines)
    # the room left is shared: the name wraps in at most three lines, not one word a line
    body = lines[lines.index(next(li for li in lines if li.startswith(RULE))) + 1 :]
    assert len(body) <= 6, body


def test_hyphenated_names_stay_whole_in_a_crowded_table():
    frame = pd.DataFrame(
        {
            "arrangement": [
                "Montenegro-Serbia alliance of 1912",
                "Dual Alliance between Austria-Hungary and Germany",
            ],
            "role": ["defend target"] * 2,
            "beneficiary": ["Serbia", "Austria-Hungary"],
            "triggered": ["yes", "yes"],
            "n": [1, 1],
            "obligors": ["Montenegro", "France, United Kingdom"],
        }
    )
    text = render(frame, None, 80)
    assert max(map(len, text.splitlines())) <= 80
    assert "Montenegro-Serbia" in text and "Austria-Hungary" in text.split("\n", 3)[3]
    assert "Austria-Hungar\n" not in text and "Montenegro-Ser\n" not in text


def test_a_word_that_must_break_breaks_after_its_hyphen():
    """With no room to spare (the 1914 scenario's entrants) Rich cut 'Austria-Hungar' / 'y'."""
    frame = pd.DataFrame(
        {
            "state": ["Austria-Hungary", "Montenegro"],
            "ccode": [300, 341],
            "side": ["attacker", "target"],
            "round": [0, 1],
            "via": ["original", "Serbia"],
            "arrangement": ["", "Montenegro-Serbia alliance of 1912"],
            "clause": ["", "ATOP 5.1 DEFENSE (phase 0)"],
            "source": ["", "ATOP 5.1"],
        }
    )
    lines = render(frame, None, 80).splitlines()
    assert max(map(len, lines)) <= 80
    cells = [part for line in lines for part in line.split()]
    assert "Austria-" in cells and "Hungary" in cells and "Austria-Hungar" not in cells
    assert "Montenegro-" in cells and "Montenegro-Ser" not in cells


def test_detail_lines_of_row_ten_and_after_stay_under_their_text():
    """`foedus events --arrangement nato`: row 10's summary continued one column left."""
    frame = pd.DataFrame(
        {"date": [f"2025-09-{d:02d}" for d in range(1, 12)], "summary": ["word " * 40] * 11}
    )
    lines = render(frame, "events", 60).splitlines()
    at = lines.index(next(li for li in lines if li.startswith("10. summary:")))
    assert lines[at + 1].startswith("    word") and not lines[at + 1].startswith("     ")
    first = lines.index(next(li for li in lines if li.startswith("1. summary:")))
    assert lines[first + 1].startswith("   word") and not lines[first + 1].startswith("    ")
