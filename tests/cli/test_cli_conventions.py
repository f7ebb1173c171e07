"""Command-line conventions (issue: a CLI that feels native): one writer, the -o suffix
decides the format, one JSON object per result, one CSV table, progress on terminals only."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import invoke

import foedus
from foedus.sources import import_source
from foedus.store import Store

SCENARIO = "scenario --attacker Russia --target Estonia --on 2024-06-01"
SRC = str(Path(foedus.__file__).resolve().parents[1])


def test_version_and_short_help(monkeypatch):
    result = invoke("--version", monkeypatch)
    assert result.code == 0 and result.out.strip() == f"foedus {foedus.__version__}"
    short, long = invoke("members -h", monkeypatch), invoke("members --help", monkeypatch)
    assert short.code == long.code == 0
    assert "Members of an arrangement" in short.out and short.out == long.out


def test_bare_command_shows_help_without_an_empty_error(monkeypatch):
    result = invoke("", monkeypatch)
    assert result.code == 2
    assert "who-defends" in result.out
    assert "error" not in result.err


def test_shell_completion_is_offered(monkeypatch):
    assert "--install-completion" in invoke("--help", monkeypatch).out


@pytest.mark.parametrize(
    ("suffix", "read"),
    [(".csv", pd.read_csv), (".json", pd.read_json), (".parquet", pd.read_parquet)],
)
def test_output_suffix_decides_the_format(suffix, read, monkeypatch, tmp_path):
    target = tmp_path / f"nato{suffix}"
    result = invoke(f"members NATO --on 2024-06-01 -o {target}", monkeypatch)
    assert result.code == 0, result.err
    assert len(read(target)) == 32  # NATO's members on 1 June 2024
    assert result.err.strip() == f"wrote 32 rows to {target}"
    quiet = invoke(f"members NATO --on 2024-06-01 -o {target} --quiet", monkeypatch)
    assert quiet.code == 0 and quiet.err == ""


def test_suffix_and_format_must_agree(monkeypatch, tmp_path):
    for command in (
        f"members NATO -o {tmp_path / 'x.parquet'} -f csv",
        f"members NATO -o {tmp_path / 'x.txt'}",
    ):
        result = invoke(command, monkeypatch)
        assert result.code == 2 and result.err.startswith("error: ")
        assert len(result.err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_unwritable_path_is_one_line_and_exit_2(monkeypatch, tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "x.csv"
    result = invoke(f"members NATO -o {target}", monkeypatch)
    assert result.code == 2
    assert result.err.count("\n") == 1 and str(target) in result.err


def test_scenario_json_is_one_object_with_every_section(monkeypatch, tmp_path):
    result = invoke(f"{SCENARIO} --runs 100 --seed 3 -f json", monkeypatch)
    assert result.code == 0, result.err
    sections = json.loads(result.out)
    assert set(sections) == {
        "triggered",
        "entrants",
        "flags",
        "summary",
        "states",
        "war_size",
        "rounds",
    }
    entrants = pd.DataFrame(sections["entrants"])
    assert (entrants["round"] == 1).sum() == 35  # NATO's 31 others + EU members outside it
    target = tmp_path / "s.json"
    assert invoke(f"{SCENARIO} -o {target}", monkeypatch).code == 0
    assert set(json.loads(target.read_text())) >= {"triggered", "entrants"}


def test_every_csv_is_one_table(monkeypatch):
    result = invoke(f"{SCENARIO} --runs 50 --seed 1 -f csv", monkeypatch)
    assert result.code == 0
    table = pd.read_csv(io.StringIO(result.out))  # one header, one table: the obligations
    assert {"obligor", "beneficiary", "clause", "triggered"} <= set(table.columns)
    assert table.columns.tolist().count("obligor") == 1 and "obligor" not in set(table["obligor"])
    assert "entrants" in result.err  # says where the other sections are
    burden = invoke("burden NATO --olson-zeckhauser --years 1964 -f csv", monkeypatch)
    assert burden.code == 2 or burden.out.count("\n") == 1 + 1


def _no_option_named(command, names: set[str]) -> list[str]:
    found = []
    for param in command.params:
        found += [f"{command.name} {o}" for o in param.opts if o in names]
    for sub in getattr(command, "commands", {}).values():
        found += _no_option_named(sub, names)
    return found


def test_one_option_vocabulary_and_help_everywhere():
    from foedus.cli.main import command

    root = command()
    assert _no_option_named(root, {"--from", "--to", "--year"}) == []

    def undocumented(cmd) -> list[str]:
        out = [
            f"{cmd.name} {p.name}"
            for p in cmd.params
            if not (getattr(p, "help", None) or "").strip() and p.name != "version"
        ]
        for sub in getattr(cmd, "commands", {}).values():
            out += undocumented(sub)
        return out

    assert undocumented(root) == []


def test_help_shows_readable_types(monkeypatch):
    text = invoke("scenario --help", monkeypatch).out
    assert "<list[str]>" not in text and "<bool>" not in text and "<str>" not in text
    assert "TEXT..." in text


# ------------------------------------------------------------------ progress


def _run(args: list[str], home: Path, tty: bool) -> tuple[int, str]:
    """Run ``foedus ARGS`` in a fresh process; stderr on a pseudo-terminal when ``tty``."""
    env = {
        **os.environ,
        "FOEDUS_HOME": str(home),
        "PYTHONPATH": SRC,
        "TERM": "xterm",
        "COLUMNS": "80",
    }
    cmd = [sys.executable, "-m", "foedus", *args]
    if not tty:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        return done.returncode, done.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the follower closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(), b"".join(chunks).decode(errors="replace")


@pytest.fixture
def contiguity(store) -> Store:
    contdird = pd.DataFrame(
        {
            "state1no": [365, 366, 2, 20],
            "state2no": [366, 365, 20, 2],
            "year": [2016] * 4,
            "conttype": [1] * 4,
        }
    )
    store.write_source("cow_contiguity", "3.2", {"contdird": contdird}, citation="fixture")
    return store


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
def test_sweep_progress_on_a_terminal_only(contiguity, tmp_path, tty):
    out = tmp_path / "sweep.parquet"
    args = ["sweep", "--years", "2016", "--chunk", "1", "--runs", "20", "-o", str(out)]
    code, err = _run([*args, "-f", "csv"], contiguity.home, tty)
    assert code == 0, err
    assert len(pd.read_parquet(out)) == 4
    assert ("scenarios" in err and "eta" in err) is tty
    assert f"wrote 4 rows to {out}" in " ".join(err.split())  # wrapped on a terminal


@pytest.mark.realdata
@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
def test_reliability_progress_on_a_terminal_only(shared_data, tmp_path, tty):
    store = Store(tmp_path / "home")
    import_source("atop", shared_data / "atop", store)
    import_source("cow_war", shared_data / "cow", store)
    code, err = _run(["reliability", "--years", "1914", "-f", "csv"], store.home, tty)
    assert code == 0, err
    assert ("coding wars" in err) is tty
