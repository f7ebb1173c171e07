"""COW Intra-State War 4.1 (Dixon & Sarkees 2016) by war-year, as peacesciencer
distributes it.

Table ``waryears`` (``cow_war_intra.csv``): warnum, warname, wartype, year, cowintraonset,
cowintraongoing, resume_combat, primary_state, ccodea (the state on side A), sidea,
ccodeb (the state on side B; -8 when a non-state actor: null here), sideb (names), intnl,
outcome, sideadeaths, sidebdeaths, ongo2007. -8 and -9 codes become null.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts

LAYOUTS = (
    Layout(
        "waryears",
        "cow_war_intra.csv",
        ("warnum", "year", "cowintraonset", "cowintraongoing", "ccodea", "ccodeb"),
        text=("warname", "wartype", "sidea", "sideb"),
        missing=(-8, -9),
        cow=("ccodea", "ccodeb"),
        finish=in_range("year", 1816, 2100),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the intra-state war-years."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_war_intra",
    version="4.1",
    coverage=(1816, 2007),
    title="COW Intra-State War 4.1, war-years (peacesciencer)",
    citation=(
        "Dixon, Jeffrey and Meredith Reid Sarkees. 2016. A Guide to Intra-State Wars: An "
        "Examination of Civil, Regional, and Intercommunal Wars, 1816-2014. CQ Press. "
        "Sarkees, Meredith Reid and Frank Wayman. 2010. Resort to War: 1816-2007. CQ Press."
    ),
    terms="COW data: free with citation; peacesciencer is GPL-2 (cite both).",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
