"""The bodies of the ``foedus panel`` commands, free of the command-line framework: the
Typer commands (:mod:`foedus.cli.panel`) and the quick start path (:mod:`foedus.cli.entry`)
both call these, so a panel is built and written the same way whichever parsed the line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from foedus.cli.output import Format, emit, note

if TYPE_CHECKING:
    import pandas as pd

PREVIEW_ROWS = 20


def dyad_years(
    years: str,
    add: str,
    *,
    directed: bool,
    relevant: bool,
    system: str,
    peacesciencer: bool,
    carry_forward: bool,
    bib: Path | None,
    fmt: Format | None,
    output: Path | None,
) -> None:
    """``foedus panel dyad-years``: dyad-years with the datasets of ``add``, written."""
    from foedus import panels

    frame = panels.dyad_years(years, directed=directed, system=system, relevant=relevant)
    title = f"{'Directed' if directed else 'Undirected'} dyad-years {years}"
    _finish(frame, add, peacesciencer, carry_forward, bib, fmt, output, title)


def state_years(
    years: str,
    add: str,
    *,
    system: str,
    peacesciencer: bool,
    carry_forward: bool,
    bib: Path | None,
    fmt: Format | None,
    output: Path | None,
) -> None:
    """``foedus panel state-years``: state-years with the datasets of ``add``, written."""
    from foedus import panels

    frame = panels.state_years(years, system=system)
    _finish(frame, add, peacesciencer, carry_forward, bib, fmt, output, f"State-years {years}")


def _finish(
    frame: pd.DataFrame,
    add: str,
    peacesciencer: bool,
    carry_forward: bool,
    bib: Path | None,
    fmt: Format | None,
    output: Path | None,
    title: str,
) -> None:
    """Add the datasets of ``add`` to a panel, say their coverage, write its BibTeX and
    the panel."""
    from foedus import panels

    names = split_names(add)
    frame = panels.add(frame, names, peacesciencer=peacesciencer, carry_forward=carry_forward)
    coverage(names, frame, carry_forward)
    write_bib(frame, bib)
    write(frame, fmt, output, title)


def split_names(add: str) -> list[str]:
    """The names of a comma-separated ``--add``."""
    return [name.strip() for name in add.split(",") if name.strip()]


def coverage(names: list[str], frame: pd.DataFrame, carry_forward: bool) -> None:
    """One note per source whose years leave out some of the panel's (on stderr)."""
    from foedus.panels.coverage import coverage_notes
    from foedus.panels.verbs import CARRY_FORWARD

    if len(frame) == 0:
        return
    years = (int(frame["year"].min()), int(frame["year"].max()))
    for text in coverage_notes(names, years, carry_forward=carry_forward, carries=CARRY_FORWARD):
        note(text)


def write_bib(frame: pd.DataFrame, bib: Path | None) -> None:
    """Write the panel's BibTeX to ``bib`` (when given) and say so on stderr."""
    if bib is None:
        return
    from foedus.panels.cite import cite, panel_sources

    cite(frame, bib)
    note(f"wrote BibTeX for {', '.join(panel_sources(frame))} to {bib}")


def write(frame: pd.DataFrame, fmt: Format | None, output: Path | None, title: str) -> None:
    """Write the panel; a terminal gets the first rows only. The verbs' notes go to stderr."""
    for text in frame.attrs.get("notes", []):
        note(f"note: {text}")
    if fmt is None and output is None and sys.stdout.isatty() and len(frame) > PREVIEW_ROWS:
        title = f"{title}: first {PREVIEW_ROWS} of {len(frame):,} rows (write all with -o FILE)"
        frame = frame.head(PREVIEW_ROWS)
    emit(frame, fmt, output, title=title)
