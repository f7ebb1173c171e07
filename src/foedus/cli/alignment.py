"""``foedus similarity``: how aligned two states' alliance portfolios (or UN votes) were."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.output import emit


def similarity_cmd(
    state_a: Annotated[str, typer.Argument(help="first state (name, abbreviation, COW code)")],
    state_b: Annotated[str, typer.Argument(help="second state")],
    years: Annotated[str | None, typer.Option(help="YYYY or YYYY-YYYY (default 1816-2018)")] = None,
    method: Annotated[
        str, typer.Option(help="comma-separated: s, s_wt, tau_b, kappa, kappa_wt, pi, pi_wt, un")
    ] = "s",
    coding: Annotated[str, typer.Option(help="valued (0-3) or binary")] = "valued",
    distance: Annotated[str, typer.Option(help="absolute or squared")] = "absolute",
    domain: Annotated[str, typer.Option(help="global or regional")] = "global",
    plot: Annotated[
        Path | None,
        typer.Option(help="draw the series to FILE; its suffix (.png, .svg, .pdf) sets the format"),
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Similarity of two states' alliance portfolios (S, tau-b, kappa, pi) or UN positions."""
    from foedus.alignment import dyad_similarity
    from foedus.plotting.alignment import measure_names

    if plot is not None:
        from foedus.plotting._base import figure_path

        figure_path(plot)
    table = dyad_similarity(
        state_a, state_b, years, method, coding=coding, distance=distance, domain=domain
    )
    pair = f"{table['state1'].iloc[0]} – {table['state2'].iloc[0]}"
    title = f"{pair}: {', '.join(measure_names(table.columns, short=True))} ({domain} domain)"
    if plot is not None:
        from foedus.plotting import new_figure, plot_similarity, save_figure

        fig, ax = new_figure(figsize=(10, 4.8))
        plot_similarity(table, ax=ax["A"])
        save_figure(fig, plot)
    emit(table, fmt, output, title=title)


def register(app: typer.Typer) -> None:
    app.command("similarity")(similarity_cmd)
