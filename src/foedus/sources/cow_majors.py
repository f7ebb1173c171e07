"""COW major powers, 2016 (Correlates of War Project 2017).

Reads the official ``majors2016.csv`` layout (ccode, styear, stmonth, stday, endyear,
endmonth, endday, version; the official file adds stateabb) into table ``majors`` with
ISO ``start``/``end`` added. A folder must hold ``cow_majors.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, read_layouts, spell_dates
from foedus.sources.cow_states import CITATION, END, START, TERMS

LAYOUTS = (
    Layout(
        "majors",
        "cow_majors.csv",
        ("ccode", *START, *END),
        text=("stateabb",),
        cow=("ccode",),
        finish=spell_dates(START, END),
        key=("ccode", "start"),
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the COW major-power spells."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_majors",
    version="2016",
    coverage=(1816, 2016),
    title="COW major powers 2016",
    citation=CITATION,
    terms=TERMS,
    files=(
        RemoteFile(
            "cow_majors.csv", "https://correlatesofwar.org/wp-content/uploads/majors2016.csv"
        ),
    ),
    read=read,
    mirror_dir="peacesciencer",
)
