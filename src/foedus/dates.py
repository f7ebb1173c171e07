"""Parsing the dates and year ranges users type."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from foedus.errors import FoedusError

FIRST_YEAR = 1816


def parse_date(value: str | dt.date | int | None, *, what: str = "date") -> dt.date:
    """Return a date from ``YYYY-MM-DD``, ``YYYY`` (1 January), a date, or None (today)."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if text.isdecimal() and len(text) == 4:
            return dt.date(int(text), 1, 1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FoedusError(
            f"{what} {text!r} is not a valid date; accepted: YYYY-MM-DD (e.g. 2024-06-01) or YYYY"
        ) from None


def parse_years(
    value: str | int | tuple[int, int] | None,
    *,
    what: str = "years",
    default: tuple[int, int] = (FIRST_YEAR, 2024),
) -> tuple[int, int]:
    """Return an inclusive (first, last) year range from ``1816-2010``, ``1914`` or a tuple."""
    if value is None:
        return default
    if isinstance(value, tuple):
        first, last = value
    elif isinstance(value, int):
        first = last = value
    else:
        text = str(value).strip()
        parts = text.split("-") if "-" in text else [text, text]
        if len(parts) != 2 or not all(p.strip().isdecimal() for p in parts):
            raise FoedusError(f"{what} {text!r} is not a year range; accepted: YYYY or YYYY-YYYY")
        first, last = (int(p) for p in parts)
    if first > last:
        raise FoedusError(f"{what} {first}-{last} runs backwards; accepted: first year <= last")
    return int(first), int(last)


def open_ended(ends: pd.Series) -> pd.Series:
    """End dates with missing ones (still in force) read as the last representable date."""
    return ends.map(lambda d: dt.date.max if d is None or pd.isna(d) else d)
