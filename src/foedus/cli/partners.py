"""``foedus ties``, ``partners``, ``coalition``, ``region`` and ``posture``: cooperation
between states, who to seek against a threat, and where forces stand."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from foedus.cli.options import FormatOpt, OnOpt, OutputOpt
from foedus.cli.output import Format, columns, emit, note, resolve_format
from foedus.errors import FoedusError

REGION_SECTIONS = ("states", "organisations", "agreements", "exercises", "conflicts", "density")
WindowOpt = Annotated[
    int,
    typer.Option("--window", help="years of exercises and arms transfers, ending in the date's"),
]


def ties_cmd(
    state: Annotated[str, typer.Argument(help="the focal state (name, abbreviation, COW code)")],
    with_: Annotated[str | None, typer.Option("--with", help="one partner only")] = None,
    on: OnOpt = None,
    window: WindowOpt = 5,
    depth: Annotated[
        bool, typer.Option("--depth", help="one row per partner: the depth-of-cooperation index")
    ] = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Every form of military cooperation between STATE and its partners on a date."""
    api = importlib.import_module("foedus.partners")

    table = api.ties(state, with_=with_, on=on, window=window)
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
    _coverage_note(api.ties_coverage(on, window=window), when)


def partners_cmd(
    for_: Annotated[str, typer.Option("--for", help="the focal state")],
    against: Annotated[str, typer.Option("--against", help="the adversary")],
    on: OnOpt = None,
    weight: Annotated[
        list[str] | None,
        typer.Option("--weight", help="COMPONENT=W (repeatable), e.g. --weight reach=2"),
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="leave a state out (repeatable)")
    ] = None,
    preset: Annotated[
        str,
        typer.Option(
            "--preset",
            help="default weights: dca (fitted to new defense cooperation agreements) or "
            "alliance (fitted to new alliance pledges)",
        ),
    ] = "dca",
    explain: Annotated[
        str | None, typer.Option("--explain", help="one candidate's breakdown")
    ] = None,
    top: Annotated[int, typer.Option("--top", help="rows shown in a terminal table")] = 20,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Candidate partners of a state against an adversary, ranked by a transparent score."""
    api = importlib.import_module("foedus.partners")

    table = api.partners(
        for_,
        against,
        on=on,
        weights=_weights(weight or []),
        exclude=exclude or (),
        preset=preset,
    )
    when = on or "today"
    if explain is not None:
        emit(
            api.explain_partner(table, explain, on=on),
            fmt,
            output,
            title=f"{explain} as a partner of {for_} against {against}, {when}",
            table_view=lambda f: f.round(3),
        )
    else:
        penalty = "adversary_alignment"
        shown = ["partner", "score", penalty, *api.COMPONENTS]  # rows in rank order, numbered
        weights = table.attrs["weights"]
        emit(
            table,
            fmt,
            output,
            title=f"Partners of {for_} against {against}, {when} ({preset} weights: "
            + ", ".join(f"{_SHORT[c]} {weights[c]:g}" for c in (*api.COMPONENTS, penalty))
            + ")",
            table_view=lambda f: f[shown].head(top).round(2).rename(columns=_SHORT),
        )
        if resolve_format(fmt, output) == Format.table:
            note(
                "cap capability, S alliance similarity, UN UN alignment, thr shared threat, "
                "rel reliability, dcaD partner's DCA degree, dcaC shared DCA partners, "
                "adv alignment with the adversary (a penalty: the weighted mean of the "
                "others times 1 - w x adv); --explain STATE for the measures and sources"
            )
    short = api.partners_coverage(on)
    if len(short):
        listed = "; ".join(
            f"{r.name} ({r.first}-{r.last}) for {r.components}: {r.status}"
            for r in short.itertuples()
        )
        note(f"note: datasets that end before {when}: {listed}")


def coalition_cmd(
    for_: Annotated[str, typer.Option("--for", help="the focal state")],
    against: Annotated[str, typer.Option("--against", help="the adversary")],
    on: OnOpt = None,
    size: Annotated[int, typer.Option("--size", help="most partners to choose")] = 3,
    min_alignment: Annotated[
        float, typer.Option("--min-alignment", help="least alignment (0-1) of a partner")
    ] = 0.0,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="leave a state out (repeatable)")
    ] = None,
    budget: Annotated[
        int | None, typer.Option("--budget", help="most partners needing a new agreement")
    ] = None,
    runs: Annotated[int, typer.Option("--runs", help="Monte Carlo runs of the cascade")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="random seed of the cascade")] = 0,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """The coalition that most raises the expected capability balance against an adversary
    (exact mixed-integer programme), with each member's marginal value."""
    api = importlib.import_module("foedus.partners")

    table = api.coalition(
        for_,
        against,
        on=on,
        size=size,
        min_alignment=min_alignment,
        exclude=exclude or (),
        budget=budget,
        runs=runs,
        seed=seed,
    )
    a = table.attrs
    emit(
        table,
        fmt,
        output,
        title=(
            f"Coalition for {for_} against {against}, {on or 'today'}: expected CINC "
            f"balance {a['balance_before']:.4f} -> {a['balance_after']:.4f}"
        ),
        table_view=lambda f: f[list(_COALITION)].round(4).rename(columns=_COALITION),
    )
    if resolve_format(fmt, output) == Format.table:
        note(
            "p_focal, p_adv: probability of fighting beside the focal state or the adversary "
            "when it attacks; adv: alignment with the adversary; p_def: probability of "
            "fighting for the adversary when it is attacked; p_honour: of honouring a new "
            "pledge; value: expected CINC added; marginal: optimum less the best without it"
        )


_COALITION = {  # coalition columns -> terminal table heads (the legend is printed under it)
    "partner": "partner",
    "cinc": "cinc",
    "p_focal_side": "p_focal",
    "p_adversary_side": "p_adv",
    "adversary_alignment": "adv",
    "p_adversary_defender": "p_def",
    "p_honour": "p_honour",
    "new_agreement": "new",
    "value": "value",
    "marginal": "marginal",
}

_SHORT = {  # column heads of the terminal table (the legend is printed under it)
    "capability": "cap",
    "alliance_similarity": "S",
    "un_alignment": "UN",
    "shared_threat": "thr",
    "reach": "reach",
    "ties": "ties",
    "reliability": "rel",
    "dca_degree": "dcaD",
    "dca_closure": "dcaC",
    "adversary_alignment": "adv",
}


def _weights(items: list[str]) -> dict[str, float]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise FoedusError(f"--weight {item!r} is malformed; accepted: COMPONENT=NUMBER")
    return out


def _coverage_note(coverage: pd.DataFrame, when: str) -> None:
    short = coverage[coverage["status"] != "covers"]
    if len(short):
        listed = "; ".join(
            f"{row.name} ({row.first}-{row.last}) {row.status}" for row in short.itertuples()
        )
        note(f"note: datasets that do not reach {when}: {listed}")


def region_cmd(
    name: Annotated[
        str,
        typer.Argument(
            help="a region key (europe, southeast_asia, africa, ...) or an arrangement (ASEAN, AU)"
        ),
    ],
    on: OnOpt = None,
    show: Annotated[
        str | None, typer.Option(help="only this section: " + ", ".join(REGION_SECTIONS))
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """A region on a date: its states, security organisations, agreements, exercises,
    conflicts, and how dense cooperation is inside against across its border."""
    api = importlib.import_module("foedus.partners")

    sections = api.region(name, on=on)
    emit(
        sections,
        fmt,
        output,
        title=f"{name} on {on or 'today'}",
        table_view={
            "states": columns("ccode", "name", "iso3"),
            "organisations": columns(
                "name", "regional_security_organisation", "members_inside", "members"
            ),
            "agreements": columns("agreement", "kind", "detail", "states", "count"),
            "exercises": columns("measure", "inside", "across"),
            "conflicts": columns("measure", "inside", "across"),
            "density": lambda f: f.round(3),
        },
        show=show,
    )


def posture_cmd(
    years: Annotated[str, typer.Option("--years", help="YYYY: the year (troopdata: 1950-2025)")],
    plot: Annotated[
        Path | None,
        typer.Option(help="draw the map to FILE; its suffix (.png, .svg, .pdf) sets the format"),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="rows shown in a terminal table")] = 25,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """US active-duty troops abroad by host in a year (troopdata), with a map plot."""
    api = importlib.import_module("foedus.partners")

    if plot is not None:
        from foedus.plotting._base import figure_path

        figure_path(plot)
    text = years.strip()
    if not (text.isascii() and text.isdecimal()):
        raise FoedusError(f"--years {years!r} is not one year; accepted: YYYY, e.g. 2005")
    year = int(text)
    table = api.posture(year)
    if plot is not None:
        from foedus.plotting import new_figure, plot_posture, save_figure

        fig, ax = new_figure(figsize=(11, 6.0))
        plot_posture(table, ax=ax["A"])
        save_figure(fig, plot)
    emit(
        table,
        fmt,
        output,
        title=f"US active-duty troops abroad, {year}: {table.attrs['abroad']:,.0f}",
        table_view=lambda f: (
            f[["rank", "host", "troops", "share", "cumulative_share"]].head(top).round(3)
        ),
    )


def register(app: typer.Typer) -> None:
    """Add the partners commands to the ``foedus`` app."""
    app.command("ties")(ties_cmd)
    app.command("partners")(partners_cmd)
    app.command("coalition")(coalition_cmd)
    app.command("region")(region_cmd)
    app.command("posture")(posture_cmd)
