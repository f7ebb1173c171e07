"""The one writer: tables that fit the terminal, or one CSV/JSON/Parquet file per command.

The format comes from ``--format`` or, without it, from the suffix of ``-o FILE``
(``.csv``, ``.json``, ``.parquet``); a terminal gets a table and a pipe gets CSV. A result
with several sections (a scenario's obligations, entrants, Monte Carlo summary, ...) is one
JSON object holding every section; CSV and Parquet hold one table, the first section or
the one a command picks. Every file written is announced on stderr.
"""

from __future__ import annotations

import contextlib
import enum
import re
import sys
import textwrap
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from foedus.errors import FoedusError
from foedus.progress import Advance


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


SUFFIXES = {".csv": Format.csv, ".json": Format.json, ".parquet": Format.parquet}
View = Callable[[pd.DataFrame], pd.DataFrame]
Result: typing.TypeAlias = pd.DataFrame | Mapping[str, pd.DataFrame]


@dataclass
class Verbosity:
    """How much goes to stderr: ``quiet`` silences notes and progress; ``verbose`` adds
    details (each section written, timings)."""

    quiet: bool = False
    verbose: bool = False


VERBOSITY = Verbosity()


def note(message: str) -> None:
    """A line on stderr for the user (silenced by --quiet)."""
    if not VERBOSITY.quiet:
        width = console_width()
        lines = (
            textwrap.wrap(message, width, break_long_words=False, break_on_hyphens=False)
            if sys.stderr.isatty()
            else [message]
        )
        sys.stderr.write("\n".join(lines) + "\n")


def detail(message: str) -> None:
    """A line on stderr shown only with --verbose."""
    if VERBOSITY.verbose and not VERBOSITY.quiet:
        sys.stderr.write(f"{message}\n")


def resolve_format(fmt: Format | None, output: Path | None) -> Format:
    """The format to write: ``--format`` if given (it must agree with the suffix of
    ``output``), else the suffix of ``output``, else a table on a terminal and CSV in a pipe."""
    if output is None:
        if fmt is Format.parquet:
            raise FoedusError("--format parquet needs -o FILE; accepted: -o FILE.parquet")
        if fmt is None:
            return Format.table if sys.stdout.isatty() else Format.csv
        return fmt
    by_suffix = SUFFIXES.get(Path(output).suffix.lower())
    accepted = ", ".join(SUFFIXES)
    if fmt is Format.table:
        raise FoedusError(
            f"--format table is for the terminal, not -o {output}; accepted with -o: {accepted}"
        )
    if fmt is None:
        if by_suffix is None:
            raise FoedusError(
                f"-o {output}: the suffix {Path(output).suffix or '(none)'!r} names no format; "
                f"accepted: {accepted} (or give --format csv|json|parquet)"
            )
        return by_suffix
    if by_suffix is not None and by_suffix is not fmt:
        raise FoedusError(
            f"--format {fmt} contradicts -o {output}; accepted: matching them, or leave out "
            "--format (the suffix decides)"
        )
    return fmt


def emit(
    result: Result,
    fmt: Format | None = None,
    output: Path | None = None,
    title: str | None = None,
    table_view: View | Mapping[str, View] | None = None,
    show: str | None = None,
) -> None:
    """Write a frame, or named sections of frames, as a table, CSV, JSON or Parquet.

    Parameters
    ----------
    result : DataFrame or mapping of section name to DataFrame
        What to write. Sections go into one JSON object; a table shows each non-empty
        section; CSV and Parquet write one section: ``show``, else the first.
    fmt : Format, optional
        The format; by default the suffix of ``output``, a table on a terminal, else CSV.
    output : Path, optional
        The file to write (stdout when None).
    title : str, optional
        The table's heading.
    table_view : callable or mapping of section name to callable, optional
        A compact view for the table (files keep every column and row).
    show : str, optional
        The section written to CSV or Parquet (default the first).
    """
    fmt = resolve_format(fmt, output)
    sections: dict[str, pd.DataFrame] = (
        dict(result) if isinstance(result, Mapping) else {"": result}
    )
    if show is not None and show not in sections:
        raise FoedusError(f"--show {show!r} unavailable; accepted: {', '.join(sections)}")
    if fmt is Format.table:
        _print_tables(sections, title, table_view, show)
        return
    if fmt is Format.json and show is None:
        text, rows = _json(sections), sum(map(len, sections.values()))
        _write_text(text, output)
        _announce(rows, output, len(sections))
        return
    name = show if show is not None else next(iter(sections))
    frame = sections[name]
    others = [n for n in sections if n != name]
    if others and show is None:
        note(
            f"note: {fmt} holds one table, {name!r}; the others ({', '.join(others)}) "
            "with --show NAME or all in -f json"
        )
    if fmt is Format.parquet:
        assert output is not None  # resolve_format demands it
        try:
            _flat(frame, lists=False).to_parquet(output, index=False)
        except OSError as exc:
            raise _unwritable(output, exc) from None
    elif fmt is Format.csv:
        _write_text(_flat(frame, lists=True).to_csv(index=False), output)
    else:
        _write_text(_json({"": frame}), output)
    _announce(len(frame), output, 1)


def _announce(rows: int, output: Path | None, sections: int) -> None:
    where = "stdout" if output is None else str(output)
    parts = f" in {sections} sections" if sections > 1 else ""
    message = f"wrote {rows:,} rows{parts} to {where}"
    if output is None:
        detail(message)
    else:
        note(message)


def _unwritable(output: Path, exc: OSError) -> FoedusError:
    return FoedusError(
        f"cannot write -o {output}: {exc.strerror or exc}; accepted: a file in an existing, "
        "writable folder"
    )


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text)
    except OSError as exc:
        raise _unwritable(output, exc) from None


def _flat(frame: pd.DataFrame, lists: bool) -> pd.DataFrame:
    """Lists joined with "; " for CSV (``lists``); dates without a time as dates."""
    out = frame
    for col in frame.columns:
        values = frame[col]
        if lists and values.dtype == object and values.map(_is_list).any():
            if out is frame:
                out = frame.copy(deep=False)  # a copy only when a column changes
            out[col] = values.map(lambda v: "; ".join(map(str, v)) if _is_list(v) else v)
    return out


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def _json(sections: Mapping[str, pd.DataFrame]) -> str:
    from foedus.report import to_json

    return to_json(sections)


# ---------------------------------------------------------------------------- tables

# columns whose integers are identifiers or years: no thousands separators
_CODE = re.compile(r"(year|code|^id$|_id$|^war$|warnum|seed|^#$|number|^rank$)", re.I)
_LONG_TEXT = 40  # a column this wide or wider may wrap ...
_WRAPPED = 24  # ... in at least this many characters,
_DETAIL = 120  # and text longer than this goes to a detail list under the table
_DETAIL_ROWS = 12
_NARROW = 14


def console_width() -> int:
    """The terminal's width (``COLUMNS`` when set), 80 when unknown."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def _print_tables(
    sections: dict[str, pd.DataFrame],
    title: str | None,
    table_view: View | Mapping[str, View] | None,
    show: str | None,
) -> None:
    if show is not None:
        sections = {show: sections[show]}
    shown = {name: frame for name, frame in sections.items() if len(frame)}
    if not shown:
        sys.stdout.write("\n".join(textwrap.wrap(f"{title or 'Result'} (none)", console_width())))
        sys.stdout.write("\n")
        return
    for name, frame in shown.items():
        view = table_view.get(name) if isinstance(table_view, Mapping) else table_view
        heading = ": ".join(t for t in (title, name) if t)
        sys.stdout.write(render(view(frame) if view else frame, heading, console_width()))


def render(frame: pd.DataFrame, title: str | None, width: int) -> str:
    """A table of ``frame`` no wider than ``width``: numbers rounded with thousands
    separators, a single row shown as field/value pairs, long text in a detail list."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    cells = {str(c): [_cell(v, str(c)) for v in frame[c]] for c in frame.columns}
    lines = []
    if title:
        count = f" ({len(frame):,} rows)" if len(frame) > 1 else ""
        lines += textwrap.wrap(f"{title}{count}", width) or [""]
    if len(frame) == 1 and len(cells) > 2:
        cells = {"field": list(cells), "value": [v[0] for v in cells.values()]}
    detail_cols, hidden = _fit(cells, width)
    if len(frame) > _DETAIL_ROWS:  # a detail list this long would bury the table
        hidden, detail_cols = [*detail_cols, *hidden], []
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
    )
    shown = [c for c in cells if c not in detail_cols and c not in hidden]
    if detail_cols and len(frame) > 1:
        cells = {"#": [str(i + 1) for i in range(len(frame))], **cells}
        shown = ["#", *shown]
    sizes = _widths(cells, shown, width)
    for col, size in zip(shown, sizes, strict=True):
        table.add_column(col, width=size, overflow="fold")
    for i in range(len(next(iter(cells.values())))):
        table.add_row(*(_wrap(cells[c][i], size) for c, size in zip(shown, sizes, strict=True)))
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    with console.capture() as capture:
        console.print(table)
    lines += [line.rstrip() for line in capture.get().splitlines()]
    for i in range(len(frame)):
        for col in detail_cols:
            text = cells[col][i]
            if not text:
                continue
            number = f"{i + 1}. " if len(frame) > 1 else ""
            indent = " " * max(len(number), 3)  # under the text of "10. " too
            lines += textwrap.wrap(f"{number}{col}: {text}", width, subsequent_indent=indent)
    if hidden:
        lines += textwrap.wrap(f"(not shown: {', '.join(hidden)}; see -f csv or -f json)", width)
    return "\n".join(lines) + "\n"


def _wrap(text: str, size: int) -> str:
    """``text`` in lines of ``size``, a word too long for them broken after a hyphen where it
    has one ("Austria-" / "Hungary", not Rich's "Austria-Hungar" / "y")."""
    if len(text) <= size or "\n" in text:
        return text
    return "\n".join(textwrap.wrap(text, size, break_on_hyphens=True)) or text


def _words(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _need(col: str, values: list[str]) -> int:
    """The narrowest a column may be: its longest header word, and short values whole."""
    longest = max((len(v) for v in values), default=0)
    return max(_words(col), longest if longest <= _NARROW else _NARROW)


def _fit(cells: dict[str, list[str]], width: int) -> tuple[list[str], list[str]]:
    """Columns moved to the detail list (long text), and columns hidden to fit ``width``."""

    def total(cols: list[str], size: Callable[[str], int]) -> int:
        return sum(size(c) for c in cols) + 2 * (len(cols) - 1)

    def natural(c: str) -> int:
        return max(len(c), *(len(v) for v in cells[c]))

    cols = list(cells)
    if total(cols, natural) <= width:
        return [], []
    if len(cols) == 2 and cols[0] == "field":
        return [], []

    def longest(c: str) -> int:
        return max((len(v) for v in cells[c]), default=0)

    # text up to _DETAIL characters wraps inside the table; longer text, and wrapped text
    # that leaves no room for the rest, goes to a detail list under the table
    long = sorted((c for c in cols[1:] if longest(c) > _LONG_TEXT), key=longest, reverse=True)
    detail = [c for c in long if longest(c) > _DETAIL]
    wrapped = [c for c in long if c not in detail]

    def size(c: str) -> int:
        if c in wrapped:
            return max(_words(c), _WRAPPED)
        return _need(c, cells[c]) if c != "#" else 3

    while True:
        cols = [c for c in cells if c not in detail]
        if detail:
            cols = ["#", *cols]
        if not wrapped or total(cols, size) <= width:
            break
        detail.append(wrapped.pop(0))
    hidden: list[str] = []
    while len(cols) > 2 and total(cols, size) > width:
        hidden.insert(0, cols.pop())
    return detail, hidden


def _widths(cells: dict[str, list[str]], shown: list[str], width: int) -> list[int]:
    """Each shown column's width: its narrowest (header words and short values whole);
    then, room allowing, its longest word, smallest need first, so that no word of a cell
    is cut ("defense_cooperation_agreement" is not folded into "defense_cooperation" and
    "_agreement"); then the room left shared among the columns that want more, smallest
    want first and none taking more than an equal share of what is left, so that one wide
    column does not leave another to wrap into a tall narrow strip.

    Rich's own collapsing ignores minimum widths and would cut header words, so the widths
    are fixed here.
    """

    def natural(c: str) -> int:
        return max(len(c), *(len(v) for v in cells[c]))

    sizes = {c: min(natural(c), _need(c, cells[c])) for c in shown}
    room = max(width - sum(sizes.values()) - 2 * (len(shown) - 1), 0)
    words = {c: max(sizes[c], *(_words(v) for v in cells[c])) for c in shown}
    for c in sorted(shown, key=lambda c: words[c] - sizes[c]):
        grow = min(room, words[c] - sizes[c])
        sizes[c] += grow
        room -= grow
    wanting = sorted(
        (c for c in shown if natural(c) > sizes[c]), key=lambda c: natural(c) - sizes[c]
    )
    for i, c in enumerate(wanting):
        grow = min(room // (len(wanting) - i), natural(c) - sizes[c])
        sizes[c] += grow
        room -= grow
    return [sizes[c] for c in shown]


def _cell(value: object, column: str) -> str:
    if isinstance(value, list | tuple | np.ndarray):
        return ", ".join(str(v) for v in value)
    if value is None or (not isinstance(value, str) and _missing(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d" if value == value.normalize() else "%Y-%m-%d %H:%M")
    if isinstance(value, int | np.integer):
        return str(value) if _CODE.search(column) else f"{value:,}"
    if isinstance(value, float | np.floating):
        if float(value).is_integer() and _CODE.search(column):
            return str(int(value))
        size = abs(float(value))
        if size >= 1000:
            return f"{value:,.0f}"
        text = f"{value:.1f}" if size >= 100 else f"{value:.3f}"
        text = text.rstrip("0").rstrip(".")  # 100 and 50 alike, not "100.0" beside "50"
        return "0" if text in ("-0", "") else text
    return str(value)


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def columns(*names: str) -> View:
    """A table view showing only the named columns."""
    return lambda frame: frame[list(names)]


def grouped(keys: list[str], listed: str, label: str, first: str) -> View:
    """A table view with one row per ``keys``: how many rows, the ``listed`` values joined
    under ``label``, and the ``first`` value of one more column."""

    def view(frame: pd.DataFrame) -> pd.DataFrame:
        return (
            frame.groupby(keys, sort=False, observed=True)
            .agg(n=(listed, "size"), **{label: (listed, ", ".join), first: (first, "first")})
            .reset_index()
        )

    return view


# ---------------------------------------------------------------------------- progress


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator[Advance]:
    """A Rich progress bar with ETA on stderr when it is a terminal (and not --quiet);
    nothing in a pipe. The command line installs it as the reporter of
    :mod:`foedus.progress`."""
    if not sys.stderr.isatty() or VERBOSITY.quiet:
        yield lambda done: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns_ = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    )
    with Progress(*columns_, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.advance(task, done)
