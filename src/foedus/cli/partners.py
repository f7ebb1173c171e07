"""``foedus ties``, ``partners``, ``coalition``, ``region`` and ``posture``: cooperation
between states, who to seek against a threat, and where forces stand."""

from __future__ import annotations

import importlib
from typing import Annotated

import pandas as pd
import typer

from foedus.cli.options import FormatOpt, OnOpt, OutputOpt
from foedus.cli.output import columns, emit

YearsOpt = Annotated[
    int, typer.Option("--years", help="window in years, ending in the date's year")
]


def ties_cmd(
    state: Annotated[str, typer.Argument(help="the focal state (name, abbreviation, COW code)")],
    with_: Annotated[str | None, typer.Option("--with", help="one partner only")] = None,
    on: OnOpt = None,
    years: YearsOpt = 5,
    depth: Annotated[
        bool, typer.Option("--depth", help="one row per partner: the depth-of-cooperation index")
    ] = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Every form of military cooperation between STATE and its partners on a date."""
    api = importlib.import_module("foedus.partners")

    table = api.ties(state, with_=with_, on=on, years=years)
    when = on or "today"
    if depth:
        emit(api.depth(table), fmt, output, title=f"Depth of cooperation with {state}, {when}")
    else:
        emit(
            table,
            fmt,
            output,
            title=f"Ties of {state} on {when}",
            table_view=columns("partner", "form", "direction", "detail", "source"),
        )
    _coverage_note(api.ties_coverage(on, years=years), when)


def _coverage_note(coverage: pd.DataFrame, when: str) -> None:
    short = coverage[coverage["status"] != "covers"]
    if len(short):
        listed = "; ".join(
            f"{row.name} ({row.first}-{row.last}) {row.status}" for row in short.itertuples()
        )
        typer.echo(f"note: datasets that do not reach {when}: {listed}", err=True)


def register(app: typer.Typer) -> None:
    """Add the partners commands to the ``foedus`` app."""
    app.command("ties")(ties_cmd)
