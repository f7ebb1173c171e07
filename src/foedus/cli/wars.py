"""``foedus wars``: the COW inter-state wars, searched by name or looked up by number."""

from __future__ import annotations

from typing import Annotated

import typer

from foedus.cli.options import FormatOpt, OutputOpt


def wars_cmd(
    search: Annotated[
        str | None, typer.Option(help="words in the war's name, e.g. Korean, 'world war'")
    ] = None,
    war: Annotated[
        str | None, typer.Option(help="one war by COW number (106) or name ('World War I')")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """COW inter-state wars (v4.0): number, name, dates and the states on each side."""
    from foedus.cli.output import emit
    from foedus.wars import find_war, wars

    if war is not None:
        number = find_war(war)
        table = wars()
        emit(table[table["war"] == number], fmt, output, title=f"COW war {number}")
        return
    title = "COW inter-state wars" + (f" matching {search!r}" if search else "")
    emit(wars(search), fmt, output, title=title)


def register(app: typer.Typer) -> None:
    app.command("wars")(wars_cmd)
