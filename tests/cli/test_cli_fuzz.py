"""Every CLI command that ``foedus --help`` lists, driven by hypothesis with random strings,
numbers and dates in its arguments and options: exit code 0 or 2, never a traceback, and
an error is one line on stderr. Options that write files or reach the network are left out
(they have their own tests); numbers stay small so no command is asked for hours of work.

The suite runs a few reproducible examples per command on an empty store; to explore, set
``FOEDUS_FUZZ_EXAMPLES=200`` and ``FOEDUS_FUZZ_HOME`` to a store holding real data."""

from __future__ import annotations

import os
import shlex
from typing import Any

import pytest
import typer
from cli_helpers import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus.cli.main import app

# options whose values are files to write, servers to reach, or work to do at scale
SKIPPED = {
    "--output",
    "-o",
    "--plot",
    "--export",
    "--bib",
    "--scheduler",
    "--mirror",
    "--install-completion",
    "--show-completion",
    "--help",
    "--version",
    "--workers",
}
SKIPPED_COMMANDS = {("data", "fetch"), ("data", "repair"), ("sweep",), ("serve",)}


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple, Any]]:
    if hasattr(group, "commands"):
        return [
            found
            for name, sub in sorted(group.commands.items())
            for found in _commands(sub, (*path, name))
        ]
    return [] if path in SKIPPED_COMMANDS else [(path, group)]


COMMANDS = _commands(typer.main.get_command(app))

dates = st.dates().map(str) | st.sampled_from(["2024-02-30", "2262-04-12", "1800-01-01", "0-5"])
numbers = st.integers(-1000, 1000).map(str) | st.sampled_from(["nan", "-1", "1e400", "2.5"])
strings = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)
tricky = st.sampled_from(["NATO", "Russia", "USA", "Estonia", "1914-1918", "\u00b2", "--5", "-1"])
values = strings | numbers | dates | tricky


def _argv(command: Any, draw) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if param.param_type_name == "argument":
            if param.required or draw(st.booleans()):
                args.append(draw(values))
        elif not set(param.opts) & SKIPPED and (param.required or draw(st.integers(0, 3)) == 0):
            name = param.opts[0]
            if param.is_flag:
                args.append(name)
            else:
                args += [name, draw(values)]
    return args


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
@settings(
    max_examples=int(os.environ.get("FOEDUS_FUZZ_EXAMPLES", "6")),
    derandomize=not os.environ.get("FOEDUS_FUZZ_EXAMPLES"),  # the suite is reproducible
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_arguments_never_give_a_traceback(store, tmp_path, monkeypatch, path, command, data):
    monkeypatch.chdir(tmp_path)  # options that write (e.g. --bib) stay inside the test's folder
    if os.environ.get("FOEDUS_FUZZ_HOME"):  # explore with a store holding real data
        monkeypatch.setenv("FOEDUS_HOME", os.environ["FOEDUS_FUZZ_HOME"])
    argv = [*path, *_argv(command, data.draw)]
    try:
        result = invoke(shlex.join(argv), monkeypatch)
    except Exception as exc:  # a traceback: name the command line that caused it
        pytest.fail(f"foedus {shlex.join(argv)}: {type(exc).__name__}: {exc}")
    assert result.code in (0, 2), (argv, result.code, result.err[-3000:])
    assert "Traceback" not in result.err, (argv, result.err[-3000:])
    if result.code == 2:
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (argv, result.err[-3000:])
