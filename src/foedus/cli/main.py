"""The ``foedus`` command: NOUN/VERB subcommands, each a thin call of the Python API."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
import sys
import time
import typing
from functools import cache
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from foedus.cli.entry import tune_memory
from foedus.cli.options import ArrangementArg, FormatOpt, OnOpt, OutputOpt, SystemOpt
from foedus.cli.output import (
    VERBOSITY,
    Format,
    columns,
    detail,
    emit,
    grouped,
    note,
    progress_bar,
    resolve_format,
)
from foedus.errors import FoedusError
from foedus.progress import reporting
from foedus.states import State

app = typer.Typer(
    help="foedus: alliances, obligations, casus foederis, cascades, burden sharing, alignment.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from foedus import __version__

        typer.echo(f"foedus {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_version, help="print the version"),
    ] = False,
) -> None:
    """foedus: alliances, obligations, casus foederis, cascades, burden sharing, alignment."""


@app.command("states")
def states_cmd(
    on: OnOpt = None, system: SystemOpt = "cow", fmt: FormatOpt = None, output: OutputOpt = None
) -> None:
    """States in the state system on a date."""
    from foedus.states import members_on

    emit(members_on(on, system=system), fmt, output, title=f"{system.upper()} states")


@app.command("arrangements")
def arrangements_cmd(
    on: OnOpt = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help="only this kind: defense_pact, intelligence_sharing, "
            "regional_security_organisation, ... (foedus.vocab.KINDS)"
        ),
    ] = None,
    member: Annotated[
        str | None, typer.Option(help="only those with this member state (name, ISO3, COW code)")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Built-in arrangements, filtered by date, kind and member."""
    from foedus.arrangements import arrangements

    emit(
        arrangements(on=on, kind=kind, member=member),
        fmt,
        output,
        title="Arrangements",
        table_view=columns("id", "name", "kinds", "in_force", "ended"),
    )


@app.command("members")
def members_cmd(
    arrangement: ArrangementArg, on: OnOpt = None, fmt: FormatOpt = None, output: OutputOpt = None
) -> None:
    """Members of an arrangement on a date."""
    from foedus.arrangements import find_arrangement, members

    table = members(arrangement, on=on)
    emit(
        table,
        fmt,
        output,
        title=f"{find_arrangement(arrangement)['name']} on {on or 'today'}",
        table_view=columns("ccode", "state", "joined", "left", "suspended"),
    )


@app.command("who-defends")
def who_defends_cmd(
    state: Annotated[str, typer.Argument(help="the state (name, ISO3, COW abbreviation or code)")],
    on: OnOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Every state with a defense obligation toward STATE on a date, by arrangement."""
    from foedus.commitments import who_defends
    from foedus.dates import parse_date
    from foedus.states import resolve_member

    when = parse_date(on)
    target, reading = resolve_member(state, on=when)
    if reading is not None:
        note(f"note: {reading}")
    table = who_defends(target.cow_code or str(target), on=when)
    note(f"note: {_sources_used(table, when)}")
    if table["suspended"].any():
        held = table[table["suspended"]]
        note(
            f"note: suspended on {when} (listed, marked 'suspended'): "
            + "; ".join(
                f"{a}: {', '.join(sorted(set(g['defender'])))}"
                for a, g in held.groupby("arrangement", sort=True)
            )
        )
    for text in sorted({d for d in table["dates"] if d}):
        note(f"note: dates: {text}")
    title = f"Who defends {target} on {when}"
    view = grouped(["arrangement", "clause", "source"], "defender", "defenders", "conditions")
    if table.empty:
        nearest = _nearest_commitments(target, when)
        as_table = resolve_format(fmt, output) is Format.table
        note(f"note: {_nobody(target, when, nearest, as_table)}")
        table = nearest if as_table else table
        title = f"No arrangement obliges anyone to defend {target} on {when}" + (
            "; the nearest commitments" if len(nearest) else "; other pledges or arrangements"
        )
    emit(
        table,
        fmt,
        output,
        title=title,
        table_view=None if "defender" not in table else _marked(view),
    )


def _marked(view: typing.Callable[[pd.DataFrame], pd.DataFrame]) -> typing.Any:
    """The grouped view with suspended defenders marked."""

    def marked(frame: pd.DataFrame) -> pd.DataFrame:
        names = frame["defender"].where(~frame["suspended"], frame["defender"] + " (suspended)")
        return view(frame.assign(defender=names))

    return marked


def _sources_used(table: pd.DataFrame, when: dt.date) -> str:
    """Which source the answer used, and where ATOP's coverage ends."""
    last = table.attrs.get("atop_last_day")
    used = table.attrs.get("sources", [])
    if "ATOP 5.1" in used:
        directed = (
            "ATOP's directed coding"
            if table.attrs.get("directed_coding")
            else "member flags; import atop_ddyr for ATOP's directed coding"
        )
        return (
            f"sources: ATOP 5.1 for the alliances it codes ({directed}; built-in names), "
            f"the built-in set for the rest; ATOP ends {last}, later dates use the built-in "
            "set alone, so answers change after that day"
        )
    after = last is not None and when > last
    return (
        "source: the built-in reference set"
        + (f" (ATOP 5.1 ends {last})" if after else f" (ATOP 5.1, to {last}, is not loaded)")
        if last is not None
        else "source: the built-in reference set"
    )


def _nearest_commitments(target: State, when: dt.date) -> pd.DataFrame:
    """Other pledges toward ``target`` (consultation, neutrality, non-aggression) and the
    built-in arrangements it belongs to on ``when``, by arrangement."""
    from foedus.arrangements import arrangements
    from foedus.commitments import obligations_on

    ob = obligations_on(when)
    ob = ob[ob["beneficiary"] == target.cow_code]
    pledges = (
        ob.groupby("arrangement_name", observed=True)
        .agg(
            commitment=("type", lambda t: ", ".join(sorted(set(map(str, t))))),
            obligors=("obligor", "nunique"),
        )
        .reset_index()
        .rename(columns={"arrangement_name": "arrangement"})
    )
    member = arrangements(on=when, member=target.cow_code)
    shared = pd.DataFrame(
        {
            "arrangement": member["name"],
            "commitment": "member: " + member["kinds"].map(", ".join),
        }
    )
    return pd.concat([pledges, shared], ignore_index=True)


def _nobody(target: State, when: dt.date, nearest: pd.DataFrame, shown: bool) -> str:
    found = (
        f"nearest commitments: {len(nearest)} ({'below' if shown else 'shown with -f table'})"
        if len(nearest)
        else "nor any consultation, neutrality or non-aggression pledge toward it, or an "
        "arrangement it belongs to"
    )
    return (
        f"no arrangement in the data (ATOP 5.1 to 2018, the built-in set after) obliges "
        f"anyone to defend {target} on {when}; {found}; arms transfers and other ties: "
        f"`foedus ties {target.abb or target.cow_code} --on {when}`"
    )


@app.command("events")
def events_cmd(
    arrangement: Annotated[
        str | None, typer.Option(help="only this arrangement (name, short name or id)")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Invocations and consultations (e.g. NATO Art. 5, Art. 4)."""
    from foedus.arrangements import events

    emit(
        events(arrangement),
        fmt,
        output,
        title="Events",
        table_view=columns("date", "arrangement", "type", "clause", "requested_by", "summary"),
    )


def _register_subapps() -> None:
    from foedus.cli import alignment, data, network

    app.add_typer(data.app, name="data")
    alignment.register(app)
    network.register(app)
    from foedus.cli import burden

    burden.register(app)
    from foedus.cli import reliability

    reliability.register(app)
    from foedus.cli import panel

    app.add_typer(panel.app, name="panel")

    from foedus.cli import scenario

    scenario.register(app)
    importlib.import_module("foedus.cli.partners").register(app)
    importlib.import_module("foedus.cli.wars").register(app)
    importlib.import_module("foedus.cli.serve").register(app)
    importlib.import_module("foedus.cli.brief").register(app)


_register_subapps()


_common = typer.Typer(add_completion=False)


@_common.command()
def _verbosity(
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="no notes or progress on stderr, only errors")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="also say what was written where, and timings")
    ] = False,
) -> None:
    """Options every command takes (their parameters are attached to each command)."""


def _set_verbosity(ctx: typing.Any, param: typing.Any, value: bool) -> None:
    if value:
        setattr(VERBOSITY, str(param.name), True)


_READABLE = {str: "TEXT", int: "INTEGER", float: "NUMBER", Path: "FILE"}


def _metavar(param: typer.core.TyperOption | typer.core.TyperArgument) -> str:
    """A readable type for the help: TEXT, INTEGER, NUMBER, FILE, a choice, nothing for flags."""
    annotation = param.type_descriptor.annotation
    repeatable = typing.get_origin(annotation) is list
    if repeatable:
        (annotation,) = typing.get_args(annotation)
    if annotation is bool:
        return ""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        name = "|".join(str(m.value) for m in annotation)
    else:
        name = _READABLE.get(annotation, "TEXT")
    return f"{name}..." if repeatable else name


def _finish(command: typing.Any, common: list) -> None:
    """Readable types in every help; --quiet and --verbose on every command."""
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        command.params.extend(common)
    context = typer.Context(command, help_option_names=["-h", "--help"])
    for param in [*command.params, command.get_help_option(context)]:
        if isinstance(param, typer.core.TyperArgument):
            param.metavar = str(param.name).upper()
        if isinstance(param, typer.core.TyperOption | typer.core.TyperArgument):
            readable = _metavar(param)
            param.display_type_rich = functools.partial(_shown, readable)  # type: ignore[method-assign]
    for sub in (subcommands or {}).values():
        _finish(sub, common)


def _shown(text: str, ctx: typing.Any) -> str:
    return text


@cache
def command() -> typing.Any:
    """The ``foedus`` command, built once from the Typer app."""
    root = typer.main.get_command(app)
    common = typer.main.get_command(_common).params
    for param in common:
        param.expose_value = False
        param.callback = _set_verbosity
    _finish(root, common)
    return root


def run() -> None:
    """The full command line (every command; :func:`foedus.cli.entry.run` is the entry point,
    which sends plain panel lines a quicker way): bad input gives one line on stderr and
    exit code 2, no traceback."""
    started = time.perf_counter()
    tune_memory()
    VERBOSITY.quiet = VERBOSITY.verbose = False
    try:
        with reporting(progress_bar):
            result = command().main(prog_name="foedus", standalone_mode=False)
    except FoedusError as exc:
        _fail(str(exc))
    except typer.Abort:
        sys.exit(1)
    except (typer.Exit, SystemExit) as exc:
        sys.exit(getattr(exc, "exit_code", getattr(exc, "code", 0)))
    except Exception as exc:
        if not _is_usage_error(exc):
            raise
        _fail(exc.format_message())  # type: ignore[attr-defined]
    detail(f"took {time.perf_counter() - started:.1f} s")
    sys.exit(result if isinstance(result, int) else 0)


def _is_usage_error(exc: Exception) -> bool:
    """A command-line usage error of click (vendored by typer as ``typer._click``)."""
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__)


def _fail(message: str) -> None:
    """One line on stderr and exit 2 (no line when the usage help was shown instead)."""
    if message.strip():
        typer.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(2)
