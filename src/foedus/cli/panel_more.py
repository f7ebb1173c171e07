"""``foedus panel`` commands for leader-years, leader-dyad-years, state-days and
dispute-years, and the ``--bib`` option writing a panel's BibTeX (registered on the
``panel`` app by :func:`register`).

    foedus panel leader-years --standardize cow --add lead,lwuf,democracy -o leaders.csv
    foedus panel dispute-years --mids gml --whittle -o gml_dyad_years.csv
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.panel_run import coverage, split_names, write, write_bib

BibOpt = Annotated[
    Path | None,
    typer.Option("--bib", help="also write BibTeX for the panel's datasets to FILE"),
]
LEADER_ADD = (
    "datasets to add, comma-separated: lead, lwuf, or any state-year verb (democracy, nmc, "
    "...) for leader-years; gml-leader-mids or any dyad-year verb for leader-dyad-years"
)


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the ``foedus panel`` app."""

    @app.command("leader-years")
    def leader_years_cmd(
        years: Annotated[str, typer.Option("--years", help="YYYY or YYYY-YYYY")] = "1840-2015",
        standardize: Annotated[
            str,
            typer.Option("--standardize", help="none (Archigos as is), gw or cow membership"),
        ] = "none",
        add: Annotated[str, typer.Option("--add", help=LEADER_ADD)] = "",
        bib: BibOpt = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
    ) -> None:
        """Leader-years of Archigos 4.1, with the datasets of --add."""
        from foedus import panels

        names = split_names(add)
        frame = panels.add(panels.leader_years(years, standardize=standardize), names)
        coverage(names, frame, False)
        write_bib(frame, bib)
        write(frame, fmt, output, f"Leader-years {years}")

    @app.command("leader-dyad-years")
    def leader_dyad_years_cmd(
        years: Annotated[str, typer.Option("--years", help="YYYY or YYYY-YYYY")] = "1870-2015",
        undirected: Annotated[
            bool, typer.Option("--undirected", help="each pair once (code1 < code2)")
        ] = False,
        system: Annotated[str, typer.Option("--system", help="gw or cow")] = "gw",
        add: Annotated[str, typer.Option("--add", help=LEADER_ADD)] = "",
        bib: BibOpt = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
    ) -> None:
        """Pairs of leaders of two states in office on a common day, by year."""
        from foedus import panels

        names = split_names(add)
        frame = panels.leader_dyad_years(years, directed=not undirected, system=system)
        frame = panels.add(frame, names)
        coverage(names, frame, False)
        write_bib(frame, bib)
        write(frame, fmt, output, f"Leader-dyad-years {years}")

    @app.command("state-days")
    def state_days_cmd(
        years: Annotated[str, typer.Option("--years", help="YYYY or YYYY-YYYY")] = "1816-2024",
        system: Annotated[str, typer.Option("--system", help="cow or gw")] = "cow",
        bib: BibOpt = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
    ) -> None:
        """Every day each state is a member of the state system."""
        from foedus import panels

        frame = panels.state_days(years, system=system)
        write_bib(frame, bib)
        write(frame, fmt, output, f"State-days {years}")

    @app.command("dispute-years")
    def dispute_years_cmd(
        mids: Annotated[str, typer.Option("--mids", help="cow (MID 5.0) or gml (2.2.1)")] = "cow",
        undirected: Annotated[
            bool, typer.Option("--undirected", help="each pair once (ccode1 < ccode2)")
        ] = False,
        whittle: Annotated[
            str,
            typer.Option(
                "--whittle",
                help="rules whittling to one dispute per dyad-year, comma-separated, or all "
                "(onsets, fatality, hostility, mindur, maxdur, reciprocation, startmonth, jds)",
            ),
        ] = "",
        bib: BibOpt = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
    ) -> None:
        """Dyad-dispute-years of the MID data, optionally whittled to dyad-years."""
        from foedus import panels
        from foedus.panels._checks import check_choice

        rules = panels.WHITTLE_RULES if whittle.strip() == "all" else split_names(whittle)
        for rule in rules:  # refuse a bad rule before reading the data
            check_choice("whittling rule", rule, panels.WHITTLE_RULES)
        frame = panels.dispute_years(mids, directed=not undirected)
        if rules:
            frame = panels.whittle_conflicts(frame, rules)
        write_bib(frame, bib)
        write(frame, fmt, output, f"{mids.upper()} MID dispute-years")
