"""``foedus reliability``: how often allies honoured triggered obligations in COW wars."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.output import emit

_CASE_VIEW = ["war", "alliance", "types", "assessed", "member_verdicts", "verdict"]


def reliability_cmd(
    first: Annotated[int | None, typer.Option("--from", help="first year a war began")] = None,
    last: Annotated[int | None, typer.Option("--to", help="last year a war began")] = None,
    by: Annotated[
        str | None,
        typer.Option(
            help="type, era, alliance, size or war (default: rates beside published ones)"
        ),
    ] = None,
    war: Annotated[int | None, typer.Option(help="COW war number: list its cases")] = None,
    rule: Annotated[
        str,
        typer.Option(
            help="alliance honoured if all obligated members honour, or any (and none fights "
            "an ally)"
        ),
    ] = "all",
    unknown: Annotated[
        str, typer.Option(help="conditions ATOP codes without content: met or exclude")
    ] = "met",
    exclude_war: Annotated[
        list[int] | None,
        typer.Option("--exclude-war", help="COW war number to leave out (repeatable)"),
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Alliance reliability in COW inter-state wars (ATOP 5.1 obligations, casus foederis)."""
    from foedus.reliability import reliability_cases, reliability_rates

    years = None if first is None and last is None else (first or 1816, last or 2007)
    if war is not None and by is None:
        table = reliability_cases(
            years=years, war=war, rule=rule, unknown=unknown, exclude=exclude_war or ()
        )
        name = table["war"].iloc[0] if len(table) else f"war {war}"
        emit(
            table,
            fmt,
            output,
            title=f"Reliability cases: {name} (COW war {war})",
            table_view=_cases_view,
        )
        return
    table = reliability_rates(
        years=years, by=by, war=war, rule=rule, unknown=unknown, exclude=exclude_war or ()
    )
    what = f"by {by}" if by else "beside the published rates"
    emit(table, fmt, output, title=f"Alliance reliability {what} (rule: {rule})")


def _cases_view(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[_CASE_VIEW]


def register(app: typer.Typer) -> None:
    app.command("reliability")(reliability_cmd)
