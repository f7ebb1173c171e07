"""COW Inter-State War Data v4.0 (Sarkees & Wayman 2010, Resort to War 1816-2007).

Reads the official ``Inter-StateWarData_v4.0.csv`` (one row per state participation, with
side, start/end dates of up to two spells, initiator, outcome and battle deaths) into table
``participants``: lowercased columns, -8 (not applicable) and -9 (unknown) become null, and
ISO ``start1``/``end1``/``start2``/``end2`` dates are added (an unknown day or month gives
the first day for a start and the last day for an end; -7, "ongoing", gives a null end).
When a folder also holds Maoz's ``directed_dyadic_war_2018.csv`` (Directed Dyadic
Interstate War Dataset, May 2018), it becomes table ``dyads``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, add_spell, check_range, read_layouts

_SPELLS = {
    n: (
        ("startyear" + n, "startmonth" + n, "startday" + n),
        ("endyear" + n, "endmonth" + n, "endday" + n),
    )
    for n in ("1", "2")
}


def _participants(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["startyear1", "startyear2"], fname, 1816, 2100, parquet=parquet)
    check_range(frame, ["side"], fname, 1, 2, what="a side", parquet=parquet)
    for n, (start, end) in _SPELLS.items():
        frame = add_spell(frame, fname, parquet, start, end, ("start" + n, "end" + n))
    return frame


def _dyads(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["year", "warstrtyr"], fname, 1816, 2100, parquet=parquet)
    return frame


LAYOUTS = (
    Layout(
        "participants",
        "Inter-StateWarData_v4.0.csv",
        (
            "warnum",
            "warname",
            "wartype",
            "ccode",
            "statename",
            "side",
            *_SPELLS["1"][0],
            *_SPELLS["1"][1],
            *_SPELLS["2"][0],
            *_SPELLS["2"][1],
            "initiator",
            "outcome",
            "batdeath",
        ),
        text=("warname", "statename", "transfrom"),
        missing=(-8, -9),
        cow=("ccode",),
        finish=_participants,
        key=("warnum", "ccode", "side"),
    ),
    Layout(
        "dyads",
        "directed_dyadic_war_2018.csv",
        ("warnum", "statea", "stateb", "year", "warstrtyr", "warendyr", "outcomea"),
        missing=(-8, -9),
        cow=("statea", "stateb"),
        optional=True,
        finish=_dyads,
        key=("warnum", "statea", "stateb", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate COW Inter-State War v4.0 (and the directed dyadic war file)."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_war",
    version="4.0",
    coverage=(1816, 2007),
    title="COW Inter-State War Data v4.0",
    citation=(
        "Sarkees, Meredith Reid and Frank Wayman. 2010. Resort to War: 1816-2007. "
        'Washington DC: CQ Press. Dyads: Maoz, Zeev et al. 2019. "The Dyadic '
        'Militarized Interstate Disputes (MIDs) Dataset Version 3.0." Journal of '
        "Conflict Resolution 63(3): 811-835."
    ),
    terms="COW data: free to use with citation (correlatesofwar.org).",
    files=(
        RemoteFile(
            "Inter-StateWarData_v4.0.csv",
            "https://correlatesofwar.org/wp-content/uploads/Inter-StateWarData_v4.0.csv",
        ),
        RemoteFile(
            "directed_dyadic_war_2018.csv",
            "https://correlatesofwar.org/wp-content/uploads/directed_dyadic_war.csv",
        ),
    ),
    read=read,
    mirror_dir="cow",
    notes="The official war file has bare CR line endings; its digest is not recorded. The "
    "directed dyadic war file's download address was not verified.",
)
