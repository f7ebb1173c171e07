"""COW Inter-State War 4.0 as directed dyad-war-years: peacesciencer's derived ``cow_war_inter``.

This is not a COW distribution file but peacesciencer's (Miller 2022) transformation of
Inter-State War v4.0 (Sarkees & Wayman 2010) into one row per directed pair of states on
opposite sides per war-year, with onset, side, initiator, outcome and battle deaths of
each. foedus stores it as table ``ddy`` so dyad-year panels can add wars without
re-deriving the pairs; -9 (unknown battle deaths) becomes null.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts

LAYOUTS = (
    Layout(
        "ddy",
        "cow_war_inter.csv",
        (
            "warnum",
            "ccode1",
            "ccode2",
            "year",
            "cowinteronset",
            "sidea1",
            "sidea2",
            "initiator1",
            "initiator2",
            "outcome1",
            "outcome2",
            "batdeath1",
            "batdeath2",
        ),
        missing=(-9,),
        cow=("ccode1", "ccode2"),
        finish=in_range("year", 1816, 2100),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate peacesciencer's directed dyad-war-year table."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_war_ddy",
    version="4.0",
    coverage=(1816, 2007),
    title="COW Inter-State War 4.0, directed dyad-war-years (peacesciencer)",
    citation=(
        "Sarkees, Meredith Reid and Frank Wayman. 2010. Resort to War: 1816-2007. CQ "
        'Press. Miller, Steven V. 2022. "peacesciencer: An R Package for Quantitative '
        'Peace Science Research." Conflict Management and Peace Science 39(6): 755-779.'
    ),
    terms="COW data: free with citation; peacesciencer is GPL-2 (cite both).",
    read=read,
    **from_peacesciencer("cow_war_inter.csv"),
)
