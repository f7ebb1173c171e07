"""``foedus panel``: state-year and dyad-year panels with datasets added by name.

    foedus panel dyad-years --years 1816-2010 \\
        --add atop,nmc,contiguity,majors,mids,distance,igos,peace-years -o dyads.parquet
"""

from __future__ import annotations

from typing import Annotated

import typer

from foedus.cli import panel_run
from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.panel_more import BibOpt, register

app = typer.Typer(
    help="State-year and dyad-year panels (peacesciencer-style).", no_args_is_help=True
)

YearsOpt = Annotated[str, typer.Option("--years", help="YYYY or YYYY-YYYY")]
AddOpt = Annotated[
    str,
    typer.Option(
        "--add",
        help="datasets to add, comma-separated: atop, nmc, contiguity, majors, mids, "
        "gml-mids, wars, distance, mindist, igos, dcas, exercises, arms, idealpoints, "
        "sipri-milex, us-troops, rivalries, peace-years, democracy, sdp-gdp, trade, creg, "
        "rugged, terrthreat, archigos, maoz-powers, intra-wars, arms-races, gwcode, ccode, "
        "alignment, ucdp-acd, ucdp-onsets",
    ),
]
SystemOpt = Annotated[str, typer.Option("--system", help="state system: cow or gw")]
PeacesciencerOpt = Annotated[
    bool,
    typer.Option(
        "--peacesciencer",
        help="peacesciencer's value wherever the two differ by choice (contiguity, "
        "capital distance, MID codes and details, peace years; docs/data.md)",
    ),
]
CarryOpt = Annotated[
    bool,
    typer.Option(
        "--carry-forward",
        help="past a slowly changing source's last year (ATOP, NMC, contiguity, ...), "
        "reuse that year instead of leaving values missing",
    ),
]


@app.command("dyad-years")
def dyad_years_cmd(
    years: YearsOpt = "1816-2024",
    add: AddOpt = "",
    directed: Annotated[bool, typer.Option("--directed", help="both orders of each pair")] = False,
    relevant: Annotated[
        bool, typer.Option("--relevant", help="politically relevant dyads only")
    ] = False,
    system: SystemOpt = "cow",
    peacesciencer: PeacesciencerOpt = False,
    carry_forward: CarryOpt = False,
    bib: BibOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Dyad-years of the state system, with the datasets of --add."""
    panel_run.dyad_years(
        years,
        add,
        directed=directed,
        relevant=relevant,
        system=system,
        peacesciencer=peacesciencer,
        carry_forward=carry_forward,
        bib=bib,
        fmt=fmt,
        output=output,
    )


@app.command("state-years")
def state_years_cmd(
    years: YearsOpt = "1816-2024",
    add: AddOpt = "",
    system: SystemOpt = "cow",
    peacesciencer: PeacesciencerOpt = False,
    carry_forward: CarryOpt = False,
    bib: BibOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """State-years of the state system, with the datasets of --add."""
    panel_run.state_years(
        years,
        add,
        system=system,
        peacesciencer=peacesciencer,
        carry_forward=carry_forward,
        bib=bib,
        fmt=fmt,
        output=output,
    )


register(app)  # leader-years, leader-dyad-years, state-days, dispute-years
