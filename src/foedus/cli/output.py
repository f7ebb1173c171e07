"""Writing results: rich tables on a terminal, clean CSV/JSON/Parquet otherwise."""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from foedus.errors import FoedusError


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


def emit(
    frame: pd.DataFrame,
    fmt: Format | None = None,
    output: Path | None = None,
    title: str | None = None,
    table_view: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> None:
    """Write ``frame`` to ``output`` (or stdout) as a table, CSV, JSON or Parquet.

    Without a format, a terminal gets a table and a pipe or file gets CSV. A table shows
    ``table_view(frame)`` when given: a compact view, while CSV/JSON/Parquet keep every
    column and row.
    """
    if fmt is None:
        fmt = Format.table if output is None and sys.stdout.isatty() else Format.csv
    if fmt is Format.parquet:
        if output is None:
            raise FoedusError("--format parquet needs -o FILE; accepted: a file path")
        frame.to_parquet(output, index=False)
        return
    if fmt is Format.table:
        text = _table(table_view(frame) if table_view else frame, title)
    elif fmt is Format.csv:
        text = frame.to_csv(index=False)
    else:
        text = frame.to_json(orient="records", date_format="iso", indent=1) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text)


def _table(frame: pd.DataFrame, title: str | None) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in frame.columns:
        table.add_column(str(col), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*("" if _missing(v) else str(v) for v in row))
    console = Console(record=True, width=max(100, Console().width))
    with console.capture() as capture:
        console.print(table)
        console.print(f"[dim]{len(frame)} rows[/dim]")
    return capture.get()


def _missing(value: object) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def columns(*names: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """A table view showing only the named columns."""
    return lambda frame: frame[list(names)]


def grouped(
    keys: list[str], listed: str, label: str, first: str
) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """A table view with one row per ``keys``: how many rows, the ``listed`` values joined
    under ``label``, and the ``first`` value of one more column."""

    def view(frame: pd.DataFrame) -> pd.DataFrame:
        return (
            frame.groupby(keys, sort=False)
            .agg(n=(listed, "size"), **{label: (listed, ", ".join), first: (first, "first")})
            .reset_index()
        )

    return view
