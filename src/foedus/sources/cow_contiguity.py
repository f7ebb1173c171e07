"""COW Direct Contiguity v3.2 (Stinnett et al. 2002).

A folder gives table ``contdird``: the official directed dyad-year file (``contdird.csv``
in the COW zip; staged as ``contdird_v3.2.parquet``): state1no, state2no, year, conttype
(1 land; 2, 3, 4, 5 = separated by at most 12, 24, 150, 400 miles of water). A single
file is matched by its columns, so peacesciencer's spell table ``cow_contdir.csv``
(ccode1, ccode2, conttype, stdate, enddate; conttype 0 marks a spell without direct
contiguity) is accepted as table ``spells``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, check_order, check_range, in_range, read_layouts


def _spells(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    # peacesciencer's spells also record periods without direct contiguity as type 0
    check_range(frame, ["conttype"], fname, 0, 5, what="a contiguity type", parquet=parquet)
    check_order(frame, "stdate", "enddate", fname, parquet=parquet)
    return frame


def _dyad_years(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["conttype"], fname, 1, 5, what="a contiguity type", parquet=parquet)
    return in_range("year", 1816, 2100)(frame, fname, parquet)


LAYOUTS = (
    Layout(
        "contdird",
        "contdird_v3.2.parquet",
        ("state1no", "state2no", "year", "conttype"),
        text=("state1ab", "state2ab"),
        cow=("state1no", "state2no"),
        finish=_dyad_years,
        key=("state1no", "state2no", "year", "conttype"),  # a type can change within a year
        min_rows=100,
    ),
    Layout(
        "spells",
        "cow_contdir.csv",
        ("ccode1", "ccode2", "conttype", "stdate", "enddate"),
        dates=("stdate", "enddate"),
        cow=("ccode1", "ccode2"),
        optional=True,
        finish=_spells,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate COW direct contiguity 3.2 (dyad-years, or peacesciencer's spells)."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_contiguity",
    version="3.2",
    coverage=(1816, 2016),
    title="COW Direct Contiguity v3.2",
    citation=(
        "Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and Charles "
        'Gochman. 2002. "The Correlates of War Project Direct Contiguity Data, Version '
        '3." Conflict Management and Peace Science 19(2): 58-66.'
    ),
    terms="COW data: free to use with citation (correlatesofwar.org).",
    files=(
        RemoteFile(
            "contdird_v3.2.parquet",
            "https://correlatesofwar.org/wp-content/uploads/DirectContiguity320.zip#contdird.csv",
        ),
    ),
    read=read,
    mirror_dir="cow",
    notes="The official zip holds contdird.csv (import it with `foedus data import`); the "
    "mirror serves it converted to Parquet.",
)
