"""COW State System Membership List v2016 (Correlates of War Project 2017).

Reads the official ``states2016.csv`` layout (stateabb, ccode, statenme, styear, stmonth,
stday, endyear, endmonth, endday, version), as in peacesciencer's ``cow_states``; a folder
must hold ``cow_states.csv``, a single file may have any name. Adds ISO ``start``/``end``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, in_range, read_layouts, spell_dates, steps

CITATION = (
    'Correlates of War Project. 2017. "State System Membership List, v2016." '
    "Online, http://correlatesofwar.org."
)
TERMS = "COW data: free to use with citation (correlatesofwar.org)."
# the start and end date columns of the COW lists (state system, major powers)
START, END = ("styear", "stmonth", "stday"), ("endyear", "endmonth", "endday")


LAYOUTS = (
    Layout(
        "states",
        "cow_states.csv",
        ("stateabb", "ccode", "statenme", *START, *END),
        text=("stateabb", "statenme"),
        finish=steps(in_range("ccode", 2, 999, "a COW code"), spell_dates(START, END)),
        key=("ccode", "start"),
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the COW state system list (v2016 layout)."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_states",
    version="2016",
    coverage=(1816, 2016),
    title="COW State System Membership List v2016",
    citation=CITATION,
    terms=TERMS,
    files=(
        RemoteFile(
            "cow_states.csv", "https://correlatesofwar.org/wp-content/uploads/states2016.csv"
        ),
    ),
    read=read,
    mirror_dir="peacesciencer",
)
