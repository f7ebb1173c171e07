"""``foedus data``: what is loaded in the store, and importing or fetching datasets."""

from __future__ import annotations

import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.output import emit

app = typer.Typer(help="Datasets in the store: status, import, fetch.", no_args_is_help=True)


@app.command("status")
def status_cmd(fmt: FormatOpt = None, output: OutputOpt = None) -> None:
    """Loaded sources: version, tables, rows, import time, checksums, citation."""
    from foedus.store import Store

    store = Store()
    emit(store.status(), fmt, output, title=f"Store at {store.home}")
