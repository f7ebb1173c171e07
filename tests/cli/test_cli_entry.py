"""The entry point's quick path for plain panel lines: the same options as the Typer
commands, every other line left to the full command line, and the same file written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from foedus.cli import entry
from foedus.cli.main import command
from foedus.cli.output import Format
from tests.cli_helpers import invoke
from tests.panels.test_panels_cli import loaded  # noqa: F401  (a fixture)

SRC = str(Path(__file__).resolve().parents[2] / "src")


@pytest.mark.parametrize("name", ["dyad-years", "state-years"])
def test_quick_options_are_the_typer_commands_options(name):
    typer_command = command().commands["panel"].commands[name]
    flags = {o for p in typer_command.params if p.is_flag for o in p.opts}
    values = {o for p in typer_command.params if not p.is_flag for o in p.opts}
    assert flags == set(entry.QUICK_FLAGS[name])
    assert values == set(entry.VALUE_OPTIONS)
    defaults = {p.name: p.default for p in typer_command.params if p.expose_value}
    quick = entry.quick_parse(["panel", name])
    assert quick is not None
    assert quick[1] == defaults | {"quiet": False, "verbose": False}
    assert all(not p.secondary_opts for p in typer_command.params)  # no --no-FLAG forms


def test_a_plain_line_is_parsed_as_typer_would():
    line = "panel dyad-years --years=1816-2010 --add atop,nmc -o x.parquet --peacesciencer -q"
    name, values = entry.quick_parse(line.split())
    assert name == "dyad-years"
    assert values["years"] == "1816-2010" and values["add"] == "atop,nmc"
    assert values["output"] == Path("x.parquet") and values["fmt"] is None
    assert values["peacesciencer"] and values["quiet"] and not values["directed"]
    assert entry.quick_parse(["panel", "state-years", "-f", "csv"])[1]["fmt"] is Format.csv


@pytest.mark.parametrize(
    "line",
    [
        "panel dyad-years --help",
        "panel dyad-years -h",
        "panel dyad-years --yaers 1900",  # misspelt: the full CLI names the options
        "panel dyad-years --years 1900 --years 1901",  # repeated
        "panel dyad-years --years",  # no value
        "panel dyad-years --years -5",
        "panel dyad-years -ox.parquet",  # attached short value
        "panel dyad-years -qv",
        "panel dyad-years -f xml",  # not a format: the full CLI lists the choices
        "panel state-years --directed",  # a dyad-years flag
        "panel dyad-years --directed=yes",
        "panel dyad-years extra",
        "panel leader-years",
        "panel",
        "states",
        "",
    ],
)
def test_other_lines_go_to_the_full_command_line(line):
    assert entry.quick_parse(line.split()) is None


def test_quick_and_full_paths_write_the_same_panel(loaded, tmp_path, monkeypatch):  # noqa: F811
    quick, full = tmp_path / "quick.parquet", tmp_path / "full.parquet"
    line = "panel dyad-years --years 1895-2020 --add atop,majors --peacesciencer -o {}"
    assert entry.quick_parse(line.format(quick).split()) is not None
    assert invoke(line.format(quick), monkeypatch).code == 0
    # the full command line: a repeated option (the last one counts) is not a plain line
    repeated = line.replace("--years 1895-2020", "--years 1900 --years 1895-2020")
    assert entry.quick_parse(repeated.format(full).split()) is None
    result = invoke(repeated.format(full), monkeypatch)
    assert result.code == 0, result.err
    a, b = pd.read_parquet(quick), pd.read_parquet(full)
    assert len(a) == 3 * 126  # three pairs of states, 1895-2020
    assert int(a["cowmaj1"].sum()) == 2 * 119  # the USA (2) first in two pairs; major 1898-2016
    pd.testing.assert_frame_equal(a, b)


def test_quick_path_errors_are_one_line(loaded, monkeypatch):  # noqa: F811
    result = invoke("panel dyad-years --years 1700-1800", monkeypatch)
    assert result.code == 2
    assert result.err.startswith("error: years 1700-1800") and result.err.count("\n") == 1


def _process(args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOEDUS_HOME": str(home), "PYTHONPATH": SRC, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "foedus", *args.split()], env=env, capture_output=True, text=True
    )


def test_the_process_ends_with_its_output_written_and_its_exit_code(loaded):  # noqa: F811
    done = _process("panel state-years --years 1816-1817 --add majors -f csv", loaded.home)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "ccode,year,cowmaj" and len(lines) == 1 + 3 * 2  # all flushed
    assert _process("panel dyad-years --years abc", loaded.home).returncode == 2
    assert _process("panel dyad-years --yaers 1900", loaded.home).returncode == 2  # full CLI
    assert _process("--version", loaded.home).stdout == "foedus 0.1.0\n"
