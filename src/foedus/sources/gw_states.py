"""Gleditsch–Ward list of independent states (Gleditsch & Ward 1999, 2017 update).

Reads the official files as the authors distribute them (ksgleditsch.com/data-4.html):
``iisystem.dat`` (the independent states) and ``microstatessystem.dat`` (states with a
population below 250,000), both tab-separated without a header line, with columns gwcode,
stateabb, statename, startdate, enddate and dates as DD:MM:YYYY. A folder must hold
``iisystem.dat`` (``microstatessystem.dat`` is optional). A single file may also be the
spell table as peacesciencer distributes it (``gw_states.csv``, the same columns with ISO
dates and no microstates). Table ``states`` has one row per spell, with ``microstate``
true for the rows of ``microstatessystem.dat``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, check_order, check_range, read_layouts

COLUMNS = ("gwcode", "stateabb", "statename", "startdate", "enddate")
OFFICIAL_URL = "https://ksgleditsch.com/data/"


def _finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["gwcode"], fname, 2, 999, what="a G-W code", parquet=parquet)
    check_order(frame, "startdate", "enddate", fname, parquet=parquet)
    return frame


def _layout(table: str, filename: str, official: bool, optional: bool = False) -> Layout:
    return Layout(
        table,
        filename,
        COLUMNS,
        text=("stateabb", "statename"),
        dates=("startdate", "enddate"),
        date_format="%d:%m:%Y" if official else "ISO8601",
        header=COLUMNS if official else (),
        optional=optional,
        finish=_finish,
        key=("gwcode", "startdate"),
    )


OFFICIAL = (
    _layout("states", "iisystem.dat", official=True),
    _layout("microstates", "microstatessystem.dat", official=True, optional=True),
)
PEACESCIENCER_FORM = _layout("states", "gw_states.csv", official=False)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the G-W state list: the official files, or peacesciencer's CSV."""
    path = Path(path)
    tables = read_layouts(path, OFFICIAL if path.is_dir() else (PEACESCIENCER_FORM, *OFFICIAL))
    spells = [
        tables[table].assign(microstate=table == "microstates")
        for table in ("states", "microstates")
        if table in tables
    ]
    return {"states": pd.concat(spells, ignore_index=True)}


SPEC = SourceSpec(
    name="gw_states",
    version="2017",
    coverage=(1816, 2017),
    title="Gleditsch-Ward list of independent states (and microstates)",
    citation=(
        'Gleditsch, Kristian S. and Michael D. Ward. 1999. "A Revised List of '
        'Independent States since the Congress of Vienna." International Interactions '
        "25(4): 393-413."
    ),
    terms="Free for research with citation (ksgleditsch.com/data-4.html).",
    files=tuple(RemoteFile(lay.filename, OFFICIAL_URL + lay.filename) for lay in OFFICIAL),
    read=read,
    mirror_dir="gleditsch_ward",
    notes="peacesciencer's ISO-dated gw_states.csv (no microstates) is accepted too: "
    "`foedus data import gw_states gw_states.csv`.",
)
