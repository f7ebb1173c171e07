"""``foedus reliability``: how often allies honoured triggered obligations in COW wars."""

from __future__ import annotations

from typing import Annotated

import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.output import columns, emit

_ERA_NOTE = "era: pre-1945 or post-1945 by the year the war began"


def reliability_cmd(
    years: Annotated[
        str | None,
        typer.Option("--years", help="wars begun in YYYY or YYYY-YYYY (default: all COW wars)"),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            help="type, era, alliance, size or war (default: rates beside published ones)"
        ),
    ] = None,
    war_name: Annotated[
        str | None,
        typer.Option("--war", help="COW war by number (106) or name ('World War I'): its cases"),
    ] = None,
    rule: Annotated[
        str,
        typer.Option(
            help="alliance honoured if all obligated members honour, or any (and none fights "
            "an ally)"
        ),
    ] = "all",
    unknown: Annotated[
        str,
        typer.Option(
            help="conditions ATOP codes without content: unmet (the case is not "
            "applicable, the published rule) or met"
        ),
    ] = "unmet",
    exclude_war: Annotated[
        list[int] | None,
        typer.Option("--exclude-war", help="COW war number to leave out (repeatable)"),
    ] = None,
    cases: Annotated[
        bool,
        typer.Option(
            "--cases",
            help="every assessed pledge of every case (alliance, war, obligor, beneficiary, "
            "pledge, verdict, reason) in one table",
        ),
    ] = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Alliance reliability in COW inter-state wars (ATOP 5.1 obligations, casus foederis)."""
    from foedus.errors import FoedusError
    from foedus.reliability import reliability_cases, reliability_pledges, reliability_rates
    from foedus.sources import coverage
    from foedus.wars import find_war

    war = None if war_name is None else find_war(war_name)
    first, last = coverage("cow_war")
    span = years or f"{first}-{last}"
    if cases:
        if by is not None:
            raise FoedusError(f"--cases with --by {by}; accepted: one of --cases or --by")
        pledges = reliability_pledges(
            years=years, war=war, rule=rule, unknown=unknown, exclude=exclude_war or ()
        )
        n = pledges[["warnum", "atop_id"]].drop_duplicates().shape[0]
        emit(
            pledges,
            fmt,
            output,
            title=f"Reliability cases, wars begun {span}: {n} cases, {len(pledges)} assessed "
            f"pledges (rule: {rule}; {_ERA_NOTE})",
            table_view=columns(
                "war", "alliance", "obligor", "beneficiary", "pledge", "verdict", "reason"
            ),
        )
        return
    if war is not None and by is None:
        table = reliability_cases(
            years=years, war=war, rule=rule, unknown=unknown, exclude=exclude_war or ()
        )
        name = table["war"].iloc[0] if len(table) else f"war {war}"
        emit(
            table,
            fmt,
            output,
            title=f"Reliability cases: {name} (COW war {war}; {_ERA_NOTE})",
            table_view=columns(
                "war", "alliance", "types", "assessed", "member_verdicts", "verdict"
            ),
        )
        return
    table = reliability_rates(
        years=years, by=by, war=war, rule=rule, unknown=unknown, exclude=exclude_war or ()
    )
    what = f"by {by}" if by else "beside the published rates"
    emit(
        table,
        fmt,
        output,
        title=f"Alliance reliability {what}, wars begun {span} (rule: {rule}; {_ERA_NOTE})",
        table_view=None
        if by
        else columns(
            "measure",
            "cases",
            "honoured",
            "rate",
            "published_rate",
            "rate_diff",
            "published_cases",
            "study",
        ),
    )


def register(app: typer.Typer) -> None:
    app.command("reliability")(reliability_cmd)
