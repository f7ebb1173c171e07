"""``foedus network``: the cooperation network of a year or a day, its metrics, a picture,
an export."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.output import emit
from foedus.errors import FoedusError
from foedus.vocab import NETWORK_LAYERS

_YEARS = re.compile(r"[0-9]{1,6}(-[0-9]{1,6})?")


def _years(text: str) -> tuple[int, int]:
    """``YYYY`` or ``YYYY-YYYY`` (ASCII digits only), else a one-line error."""
    from foedus.dates import parse_years

    if not _YEARS.fullmatch(text.strip()):
        raise FoedusError(f"--years {text!r} is not a year range; accepted: YYYY or YYYY-YYYY")
    return parse_years(text.strip(), what="--years")


def network_cmd(
    years: Annotated[
        str | None,
        typer.Option(
            help="YYYY: one year's network; YYYY-YYYY: the yearly metrics as a time series"
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="a day's network instead of a year's (YYYY-MM-DD): only states in the system "
            "and ties in force that day",
        ),
    ] = None,
    layer: Annotated[
        str,
        typer.Option(help=f"layer(s), comma-separated: {', '.join(NETWORK_LAYERS)}"),
    ] = "defense",
    metrics: Annotated[
        bool,
        typer.Option("--metrics", help="print the network's summary measures instead of per-state"),
    ] = False,
    allies: Annotated[
        int | None, typer.Option(help="list dyads within K steps (Li et al. 2017: K=3)")
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="draw the network to FILE; its suffix (.png, .svg, .pdf) sets the format"
        ),
    ] = None,
    export: Annotated[
        Path | None, typer.Option(help="write FILE as .graphml, .gexf or .json")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Per-state centrality and blocs of a year's (or a day's) network, or yearly metrics."""
    import pandas as pd

    from foedus import networks
    from foedus.networks.layers import check_layers

    layers = check_layers(layer)
    name = " + ".join(layers)
    if plot is not None:
        from foedus.plotting._base import figure_path

        figure_path(plot)
    if (years is None) == (on is None):
        raise FoedusError(
            "give --years or --on (not both, not neither); accepted: --years YYYY, "
            "--years YYYY-YYYY or --on YYYY-MM-DD"
        )
    if years is not None:
        first, last = _years(years)
        if first != last:
            if plot or export or allies is not None:
                raise FoedusError(
                    f"--years {years} is a range but --plot, --export and --allies draw one "
                    "network; accepted: --years YYYY or --on YYYY-MM-DD"
                )
            series = networks.network_metrics((first, last), layers)
            emit(series, fmt, output, title=f"{name} network, {first}-{last}")
            return
        net = networks.network(first, layers)
    else:
        net = networks.network(None, layers, on=on)
    if plot is not None:
        from foedus.plotting import new_figure, plot_network, save_figure

        fig, ax = new_figure(figsize=(13, 10))
        plot_network(net, ax=ax["A"])
        save_figure(fig, plot)
    if export is not None:
        networks.export(net, export)
    if metrics:
        table = pd.DataFrame([networks.year_metrics(net)])
    elif allies is not None:
        table = networks.within_steps(net, allies)
    else:
        table = networks.node_measures(net)
    emit(table, fmt, output, title=f"{name} network, {net.when}")


def register(app: typer.Typer) -> None:
    app.command("network")(network_cmd)
