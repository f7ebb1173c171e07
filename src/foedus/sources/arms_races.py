"""Conventional arms races during strategic rivalries (Gibler, Rider & Hutchison 2005), as
peacesciencer distributes them.

Table ``races`` (``grh_arms_races.csv``): race_id, ccode1, ccode2, styear, endyear (one row
per arms-race dyad spell; 1854–1982).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import (
    Layout,
    check_order,
    check_range,
    from_peacesciencer,
    read_layouts,
)


def _span(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["styear", "endyear"], fname, 1816, 2100, parquet=parquet)
    check_order(frame, "styear", "endyear", fname, parquet=parquet)
    return frame


LAYOUTS = (
    Layout(
        "races",
        "grh_arms_races.csv",
        ("race_id", "ccode1", "ccode2", "styear", "endyear"),
        cow=("ccode1", "ccode2"),
        finish=_span,
        key=("race_id", "ccode1", "ccode2"),
        min_rows=10,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the arms-race spells."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="arms_races",
    version="2005",
    coverage=(1816, 1993),
    title="Arms races during rivalries (Gibler, Rider & Hutchison 2005)",
    citation=(
        'Gibler, Douglas M., Toby J. Rider, and Marc L. Hutchison. 2005. "Taking Arms '
        'Against a Sea of Troubles: Conventional Arms Races During Periods of Rivalry." '
        "Journal of Peace Research 42(2): 131-147."
    ),
    terms="Published research data with a request to cite; peacesciencer is GPL-2.",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
