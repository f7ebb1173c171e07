"""``foedus data``: what is loaded in the store, and importing or fetching datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.output import Format, columns, emit, resolve_format
from foedus.errors import FoedusError

app = typer.Typer(
    help="Datasets in the store: status, import, fetch, verify, repair.", no_args_is_help=True
)


@app.command("status")
def status_cmd(fmt: FormatOpt = None, output: OutputOpt = None) -> None:
    """Loaded sources: version, tables, rows, import time, checksums, citation."""
    from foedus.store import Store

    store = Store()
    emit(
        store.status(),
        fmt,
        output,
        title=f"Store at {store.home}",
        table_view=columns("source", "version", "tables", "rows", "imported_at"),
    )


@app.command("verify")
def verify_cmd(fmt: FormatOpt = None, output: OutputOpt = None) -> None:
    """Check every stored file against the checksum recorded when it was imported."""
    from foedus.store import Store

    store = Store()
    table = store.verify()
    emit(table, fmt, output, title=f"Store at {store.home}")
    bad = table[table["status"] != "ok"]
    if not bad.empty:
        sources = ", ".join(dict.fromkeys(bad["source"]))
        first = bad.iloc[0]
        raise FoedusError(
            f"{len(bad)} of {len(table)} stored files are damaged ({first['file']}: "
            f"{first['status']}); repair: re-import {sources} "
            "(`foedus data import SOURCE PATH` or `foedus data fetch SOURCE`)"
        )


@app.command("repair")
def repair_cmd(
    reset: Annotated[
        bool, typer.Option("--reset", help="forget every source and delete its files")
    ] = False,
) -> None:
    """Rebuild registry.json from the releases in the store (or --reset it to empty)."""
    from foedus.store import Store

    store = Store()
    loaded = store.repair(reset=reset)
    what = "emptied" if reset else f"rebuilt: {', '.join(loaded) or 'no sources'} loaded"
    typer.echo(f"{store.home / 'registry.json'} {what}", err=True)


@app.command("catalog")
def catalog_cmd(fmt: FormatOpt = None, output: OutputOpt = None) -> None:
    """Datasets foedus can fetch: version, file, official URL, SHA-256, citation, terms."""
    from foedus.sources.catalog import catalog

    emit(catalog(), fmt, output, title="Catalog", table_view=_catalog_view)


def _catalog_view(frame: pd.DataFrame) -> pd.DataFrame:
    view = frame[["source", "version", "file", "url", "sha256"]].copy()
    view["sha256"] = view["sha256"].str[:12]
    return view


@app.command("import")
def import_cmd(
    source: Annotated[str, typer.Argument(help="source name (see `data catalog`)")],
    path: Annotated[Path, typer.Argument(help="a file, or a folder of the files")],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Import a local copy of SOURCE from PATH (all tables or none)."""
    from foedus.sources import import_source
    from foedus.sources.fetch import summary

    release = import_source(source, path)
    emit(pd.DataFrame([summary(release)]), fmt, output, title="Imported")


@app.command("fetch")
def fetch_cmd(
    source: Annotated[str | None, typer.Argument(help="source name")] = None,
    all_: Annotated[bool, typer.Option("--all", help="fetch every source")] = False,
    mirror: Annotated[
        str | None, typer.Option("--mirror", help="mirror base URL (default $FOEDUS_MIRROR)")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Download SOURCE (or --all) from its official URL or a mirror, verify, import."""
    from foedus.sources.fetch import fetch, fetch_all, summary

    if all_ == (source is not None):
        raise FoedusError(
            "give one SOURCE or --all; accepted: `foedus data fetch atop`, "
            "`foedus data fetch --all`"
        )
    if source is not None:
        table = pd.DataFrame([summary(fetch(source, mirror=mirror))])
        emit(table, fmt, output, title="Fetched")
        return
    table = fetch_all(mirror=mirror)
    failed = table[table["error"] != ""]
    if resolve_format(fmt, output) is Format.table:  # the reasons in a table, not hidden
        why = failed.groupby("error", sort=False)["source"].agg(", ".join).reset_index()
        fetched = table[table["error"] == ""].drop(columns="error")
        emit(
            {"fetched": fetched, "failed": why.rename(columns={"source": "sources"})},
            fmt,
            output,
            title="Fetch",
        )
    else:
        emit(table, fmt, output, title="Fetched")
    if not failed.empty:
        raise FoedusError(
            f"{len(failed)} of {len(table)} sources failed: {', '.join(failed['source'])}"
        )
