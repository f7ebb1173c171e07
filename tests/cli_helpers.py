"""Run the foedus CLI in-process, as a user would from a shell (through its entry point,
which sends plain panel lines the quick way and every other line to the full CLI)."""

from __future__ import annotations

import io
import json
import shlex
import sys
from dataclasses import dataclass

import pandas as pd
import pytest

from foedus.cli.entry import run


@dataclass
class Result:
    code: int
    out: str
    err: str

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(json.loads(self.out))


def invoke(command: str, monkeypatch: pytest.MonkeyPatch) -> Result:
    """Run ``foedus COMMAND`` and return its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "argv", ["foedus", *shlex.split(command)])
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = 0
    try:
        run()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    return Result(code, out.getvalue(), err.getvalue())
