"""Bad input on any command: one line on stderr naming the value, exit code 2, no traceback."""

from __future__ import annotations

import pytest
from cli_helpers import invoke

CASES = [
    ("who-defends Estonia --format xml", "'xml'"),
    ("who-defends", "STATE"),
    ("who-defends Estonia --bogus 1", "--bogus"),
    ("nosuchcommand", "nosuchcommand"),
    ("states --system xyz", "'xyz'"),
    ("members NATO --on yesterday", "'yesterday'"),
    ("scenario --attacker Atlantis --target Estonia", "'Atlantis'"),
    ("scenario --attacker Russia --target Estonia --runs -5", "--runs"),
    ("scenario --attacker Russia --target Estonia --on 2024-13-01", "2024-13-01"),
    ("burden Narnia --years 2014-2024", "'Narnia'"),
    ("burden NATO --years 2024-2014", "2024-2014"),
    ("similarity USA UKG --method foo", "'foo'"),
    ("network --years 1914 --layer telepathy", "'telepathy'"),
    ("panel dyad-years --years abc", "'abc'"),
    ("data import nosuch /tmp", "'nosuch'"),
]


@pytest.mark.parametrize(("command", "named"), CASES)
def test_bad_input_is_one_line_and_exit_2(command, named, monkeypatch, store):
    result = invoke(command, monkeypatch)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ") and named in lines[0]
    assert store.status().empty  # nothing reached the store
