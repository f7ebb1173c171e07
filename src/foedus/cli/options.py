"""Options shared by every command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.output import Format

FormatOpt = Annotated[Format | None, typer.Option("--format", "-f", help="table|csv|json|parquet")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="write to FILE")]
OnOpt = Annotated[str | None, typer.Option("--on", help="date YYYY-MM-DD (default today)")]
