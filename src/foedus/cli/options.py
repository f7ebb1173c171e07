"""Options shared by every command: one vocabulary (``--on``, ``--years``, ``-f``, ``-o``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.output import Format

FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table, csv, json or parquet (default: the -o suffix; a table on a terminal, "
        "CSV in a pipe)",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="write to FILE; its suffix (.csv, .json, .parquet) sets the format"
    ),
]
OnOpt = Annotated[str | None, typer.Option("--on", help="date YYYY-MM-DD or YYYY (default today)")]
YearsOpt = Annotated[
    str | None, typer.Option("--years", help="YYYY or YYYY-YYYY (first and last year, inclusive)")
]
ArrangementArg = Annotated[
    str,
    typer.Argument(
        help="an arrangement by name, short name (NATO, EU, CSTO) or id, or an ATOP "
        "alliance as atop:3180"
    ),
]
SystemOpt = Annotated[
    str,
    typer.Option("--system", help="state system: cow (Correlates of War) or gw (Gleditsch–Ward)"),
]
