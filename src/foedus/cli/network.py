"""``foedus network``: the cooperation network of a year, its metrics, a picture, an export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.output import emit


def network_cmd(
    years: Annotated[
        str,
        typer.Option(
            help="YYYY: one year's network; YYYY-YYYY: the yearly metrics as a time series"
        ),
    ],
    layer: Annotated[
        str,
        typer.Option(
            help="layer(s), comma-separated: defense, offense, neutrality, nonaggression, "
            "consultation, alliance, dca, exercises, arms, igo, intelligence, "
            "integrated_defense, regional_org"
        ),
    ] = "defense",
    metrics: Annotated[
        bool,
        typer.Option("--metrics", help="print the year's summary measures instead of per-state"),
    ] = False,
    allies: Annotated[
        int | None, typer.Option(help="list dyads within K steps (Li et al. 2017: K=3)")
    ] = None,
    plot: Annotated[Path | None, typer.Option(help="draw the network to FILE (.png)")] = None,
    export: Annotated[
        Path | None, typer.Option(help="write FILE as .graphml, .gexf or .json")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Per-state centrality and blocs of a year's network (or yearly metrics with --years)."""
    import pandas as pd

    from foedus import networks
    from foedus.dates import parse_years

    first, last = parse_years(years)
    year = first
    if first != last:
        emit(networks.network_metrics(years, layer), fmt, output, title=f"{layer} network, {years}")
        return
    net = networks.network(year, layer)
    if plot is not None:
        networks.plot(net, plot)
    if export is not None:
        networks.export(net, export)
    if metrics:
        table = pd.DataFrame([networks.year_metrics(net)])
    elif allies is not None:
        table = networks.indirect_allies(year, layer, allies)
    else:
        table = networks.node_measures(net)
    emit(table, fmt, output, title=f"{layer} network, {year}")


def register(app: typer.Typer) -> None:
    app.command("network")(network_cmd)
