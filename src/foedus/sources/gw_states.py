"""Gleditsch–Ward list of independent states (Gleditsch & Ward 1999, 2017 update).

Reads the spell table as peacesciencer distributes it (``gw_states.csv``: gwcode,
stateabb, statename, startdate, enddate with ISO dates), into table ``states``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import PEACESCIENCER, Layout, check_order, check_range, read_layouts


def _finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["gwcode"], fname, 2, 999, what="a G-W code", parquet=parquet)
    check_order(frame, "startdate", "enddate", fname, parquet=parquet)
    return frame


LAYOUTS = (
    Layout(
        "states",
        "gw_states.csv",
        ("gwcode", "stateabb", "statename", "startdate", "enddate"),
        text=("stateabb", "statename"),
        dates=("startdate", "enddate"),
        finish=_finish,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the G-W state list (peacesciencer's ``gw_states`` layout)."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="gw_states",
    version="2017",
    title="Gleditsch-Ward list of independent states",
    citation=(
        'Gleditsch, Kristian S. and Michael D. Ward. 1999. "A Revised List of '
        'Independent States since the Congress of Vienna." International Interactions '
        "25(4): 393-413."
    ),
    terms="Free for research with citation (ksgleditsch.com/data-4.html).",
    files=(RemoteFile("gw_states.csv", PEACESCIENCER + "gw_states.rda"),),
    read=read,
    mirror_dir="peacesciencer",
    notes="The official list is ksgleditsch.com/data/iisystem.dat; foedus reads the ISO-dated "
    "CSV export of peacesciencer's gw_states table.",
)
