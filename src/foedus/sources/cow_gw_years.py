"""peacesciencer's year-by-year crosswalk of Correlates of War and Gleditsch–Ward codes
(Miller 2022; deprecated in 1.2.0, removed in 1.3.0, now in the isard package).

Tables ``cow_gw`` (``cow_gw_years.csv``: one row per COW state-year, the G-W code that
peacesciencer's ``add_gwcode_to_cow()`` gives it, null where none) and ``gw_cow``
(``gw_cow_years.csv``: one row per G-W state-year, with the COW code that
``add_ccode_to_gw()`` gives it). Rows without a code on the side they are keyed by
(a G-W state-year that COW lacks in ``cow_gw``, and the reverse) are kept as the source has
them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, in_range, read_layouts
from foedus.sources.democracy import deprecated_files

LAYOUTS = (
    Layout(
        "cow_gw",
        "cow_gw_years.csv",
        ("stateabb", "year", "gwcode", "ccode"),
        text=("stateabb", "gw_statename", "cow_statename"),
        cow=("ccode",),
        gw=("gwcode",),
        finish=in_range("year", 1816, 2100),
        filled=("year",),
        min_rows=100,
    ),
    Layout(
        "gw_cow",
        "gw_cow_years.csv",
        ("gwcode", "stateabb", "ccode", "year"),
        text=("stateabb", "gw_statename", "cow_statename"),
        cow=("ccode",),
        gw=("gwcode",),
        finish=in_range("year", 1816, 2100),
        filled=("year",),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the two year-by-year code crosswalks (a folder needs both)."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_gw_years",
    version="1.2.9",
    coverage=(1816, 2020),
    title="COW <-> Gleditsch-Ward state-year crosswalks (peacesciencer 1.2)",
    citation=(
        'Miller, Steven V. 2022. "peacesciencer: An R Package for Quantitative Peace '
        'Science Research." Conflict Management and Peace Science 39(6): 755-779.'
    ),
    terms="peacesciencer is GPL-2; cite the package.",
    files=deprecated_files(*(lay.filename for lay in LAYOUTS)),
    read=read,
    mirror_dir="peacesciencer/deprecated",
    notes="Deprecated in peacesciencer 1.2.0 and removed in 1.3.0 (now in isard); "
    "the mirror serves the R .rda tables as CSV.",
)
