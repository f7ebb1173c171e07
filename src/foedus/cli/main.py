"""The ``foedus`` command: NOUN/VERB subcommands, each a thin call of the Python API."""

from __future__ import annotations

import importlib
import sys

import typer

from foedus.cli.options import FormatOpt, OnOpt, OutputOpt
from foedus.cli.output import columns, emit, grouped
from foedus.errors import FoedusError

app = typer.Typer(
    help="foedus: alliances, obligations, casus foederis, cascades, burden sharing, alignment.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command("states")
def states_cmd(
    on: OnOpt = None, system: str = "cow", fmt: FormatOpt = None, output: OutputOpt = None
) -> None:
    """States in the state system on a date."""
    from foedus.states import members_on

    emit(members_on(on, system=system), fmt, output, title=f"{system.upper()} states")


@app.command("arrangements")
def arrangements_cmd(
    on: OnOpt = None,
    kind: str | None = None,
    member: str | None = None,
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
    arrangement: str, on: OnOpt = None, fmt: FormatOpt = None, output: OutputOpt = None
) -> None:
    """Members of an arrangement on a date."""
    from foedus.arrangements import find_arrangement, members

    table = members(arrangement, on=on)
    emit(
        table,
        fmt,
        output,
        title=f"{find_arrangement(arrangement)['name']} on {on or 'today'}",
        table_view=columns("cow_code", "state", "joined", "left"),
    )


@app.command("who-defends")
def who_defends_cmd(
    state: str, on: OnOpt = None, fmt: FormatOpt = None, output: OutputOpt = None
) -> None:
    """Every state with a defense obligation toward STATE on a date, by arrangement."""
    from foedus.commitments import who_defends
    from foedus.states import resolve

    table = who_defends(state, on=on)
    emit(
        table,
        fmt,
        output,
        title=f"Who defends {resolve(state, on=on)} on {on or 'today'}",
        table_view=grouped(
            ["arrangement", "clause", "source"], "defender", "defenders", "conditions"
        ),
    )


@app.command("events")
def events_cmd(
    arrangement: str | None = None, fmt: FormatOpt = None, output: OutputOpt = None
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


_register_subapps()


def run() -> None:
    """Entry point: bad input gives one line on stderr and exit code 2, no traceback."""
    try:
        result = app(standalone_mode=False)
    except FoedusError as exc:
        _fail(str(exc))
    except typer.Abort:
        sys.exit(1)
    except (typer.Exit, SystemExit) as exc:
        sys.exit(getattr(exc, "exit_code", getattr(exc, "code", 0)))
    except Exception as exc:
        if not _is_usage_error(exc):
            raise
        _fail(exc.format_message())
    sys.exit(result if isinstance(result, int) else 0)


def _is_usage_error(exc: Exception) -> bool:
    """A command-line usage error of click (vendored by typer as ``typer._click``)."""
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__)


def _fail(message: str) -> None:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(2)
