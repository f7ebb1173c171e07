"""``foedus panel``: state-year and dyad-year panels with datasets added by name.

    foedus panel dyad-years --years 1816-2010 \\
        --add atop,nmc,contiguity,majors,mids,distance,igos,peace-years -o dyads.parquet
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.output import Format, emit, note
from foedus.cli.panel_more import BibOpt, register, write_bib

if TYPE_CHECKING:
    import pandas as pd

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
PREVIEW_ROWS = 20


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
    from foedus import panels

    names = _names(add)
    frame = panels.dyad_years(years, directed=directed, system=system, relevant=relevant)
    frame = panels.add(frame, names, peacesciencer=peacesciencer, carry_forward=carry_forward)
    _coverage(names, frame, carry_forward)
    write_bib(frame, bib)
    _write(frame, fmt, output, f"{'Directed' if directed else 'Undirected'} dyad-years {years}")


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
    from foedus import panels

    names = _names(add)
    frame = panels.state_years(years, system=system)
    frame = panels.add(frame, names, peacesciencer=peacesciencer, carry_forward=carry_forward)
    _coverage(names, frame, carry_forward)
    write_bib(frame, bib)
    _write(frame, fmt, output, f"State-years {years}")


register(app)  # leader-years, leader-dyad-years, state-days, dispute-years


def _names(add: str) -> list[str]:
    return [name.strip() for name in add.split(",") if name.strip()]


def _coverage(names: list[str], frame: pd.DataFrame, carry_forward: bool) -> None:
    """One note per source whose years leave out some of the panel's (on stderr)."""
    from foedus.panels import CARRY_FORWARD
    from foedus.panels.coverage import coverage_notes

    if len(frame) == 0:
        return
    years = (int(frame["year"].min()), int(frame["year"].max()))
    for text in coverage_notes(names, years, carry_forward=carry_forward, carries=CARRY_FORWARD):
        note(text)


def _write(frame: pd.DataFrame, fmt: Format | None, output: Path | None, title: str) -> None:
    """Write the panel; a terminal gets the first rows only. The verbs' notes go to stderr."""
    for text in frame.attrs.get("notes", []):
        note(f"note: {text}")
    if fmt is None and output is None and sys.stdout.isatty() and len(frame) > PREVIEW_ROWS:
        title = f"{title}: first {PREVIEW_ROWS} of {len(frame):,} rows (write all with -o FILE)"
        frame = frame.head(PREVIEW_ROWS)
    emit(frame, fmt, output, title=title)
