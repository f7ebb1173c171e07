"""``foedus brief scenario``: a self-contained HTML (or PDF) brief of a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.options import OnOpt
from foedus.cli.output import note

app = typer.Typer(
    help="Briefs to hand a colleague: one self-contained HTML file, or a PDF.",
    no_args_is_help=True,
)


@app.command("scenario")
def scenario_cmd(
    attacker: Annotated[list[str], typer.Option(help="attacking state (repeatable)")],
    target: Annotated[list[str], typer.Option(help="attacked state (repeatable)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.html (or .htm) or FILE.pdf")],
    on: OnOpt = None,
    location: Annotated[
        list[str] | None,
        typer.Option(help="region where the attack falls (repeatable; default home regions)"),
    ] = None,
    provoked: Annotated[str, typer.Option(help="did the targets provoke? yes|no|unknown")] = "no",
    entrant: Annotated[
        list[str] | None,
        typer.Option(help="a further belligerent you assert, STATE:attacker|target (repeatable)"),
    ] = None,
    runs: Annotated[
        int, typer.Option(min=0, max=1_000_000, help="Monte Carlo runs (0: no probabilities)")
    ] = 1000,
    seed: Annotated[int, typer.Option(min=0, help="random seed")] = 0,
    honour: Annotated[
        list[str] | None,
        typer.Option(help="honouring probability TYPE=P (repeatable), or 'calibrated'"),
    ] = None,
    free_join: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="chance per round of joining without obligation"),
    ] = 0.0,
    unknown: Annotated[
        str, typer.Option(help="conditions of unknown status: unmet (not triggered) or met")
    ] = "unmet",
    sources: Annotated[
        str | None, typer.Option(help="atop or built-in (default: ATOP to 2018 when loaded)")
    ] = None,
) -> None:
    """Write the brief of ATTACKER attacking TARGET: map, entrants by round, join
    probabilities, clauses and sources, citations, assumptions and the command."""
    from foedus.web.brief import BriefRequest, check_output, scenario_brief, write_brief

    path = check_output(output)
    request = BriefRequest(
        attacker=tuple(attacker),
        target=tuple(target),
        on=on,
        location=tuple(location or ()),
        provoked=provoked,
        entrant=tuple(entrant or ()),
        runs=runs,
        seed=seed,
        honour=tuple(honour or ()),
        free_join=free_join,
        unknown=unknown,
        sources=sources,
    )
    html = scenario_brief(request, output=str(output))
    write_brief(html, path)
    note(f"wrote the brief to {path}")


def register(root: typer.Typer) -> None:
    """Add ``foedus brief`` to the ``foedus`` app."""
    root.add_typer(app, name="brief")
