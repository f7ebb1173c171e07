"""MME: Multinational Military Exercises 1980–2010 (D'Orazio & Galambos 2021), in troopdata's
long form (Allen, Flynn & Martinez Machain 2022: R package troopdata, table ``mme_long``).

Table ``exercises``: one row per participant per exercise-year (multi-year exercises
repeated for each year), official columns lowercased (``mmeid``, ``ex_name``,
``series_name``, ``gwcode``, ``country``, ``year``, ``location``, ``lat``, ``lon``, the start
and end date parts ``s.year`` ... ``e.day`` (a day may be ``xx``), the domain and focus flags,
``participant_count``). ``gwcode`` is the Gleditsch–Ward code, null for participants that are
not states (e.g. NATO); ``-9`` (unknown) becomes null.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, in_range, read_layouts

FLAGS = (
    "cpx",
    "air",
    "land",
    "sea",
    "amphibious",
    "cyber",
    "warfighting",
    "peacekeeping",
    "humanitarian",
)

LAYOUTS = (
    Layout(
        "exercises",
        "mme_long.parquet",
        (
            "mmeid",
            "ex_name",
            "gwcode",
            "country",
            "year",
            "s.year",
            "e.year",
            *FLAGS,
            "participant_count",
        ),
        text=(
            "mmeid",
            "ex_name",
            "series_name",
            "country",
            "location",
            "startdate",
            "enddate",
            "s.day",
            "e.day",
            "focusdescription",
            "additionalparticipantinfo",
        ),
        floats=("lat", "lon"),
        missing=(-9,),
        gw=("gwcode",),
        finish=in_range("year", 1980, 2010),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate troopdata's MME exercise-country-years."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="mme",
    version="troopdata-1.0.4.9000",
    coverage=(1980, 2010),
    title="Multinational Military Exercises 1980-2010 (troopdata mme_long)",
    citation=(
        "D'Orazio, Vito and Kevin Galambos. 2021. \"Multinational Military Exercises, "
        '1980-2010." Harvard Dataverse, V1, doi:10.7910/DVN/KHFODX. Allen, Michael A., '
        'Michael E. Flynn, and Carla Martinez Machain. 2022. "Global U.S. military '
        'deployment data: 1950-2020." Conflict Management and Peace Science 39(3): '
        "351-370."
    ),
    terms="troopdata is GPL (>= 3); cite the MME data authors.",
    files=(
        RemoteFile(
            "mme_long.parquet", "https://github.com/meflynn/troopdata/raw/master/data/mme_long.rda"
        ),
    ),
    read=read,
    mirror_dir="troopdata",
    notes="Upstream is an R .rda table; the mirror serves it as Parquet.",
)
