"""UCDP conflict onsets 19.1 by state-year (Pettersson, Högbladh & Öberg 2019), as
peacesciencer distributes them.

Table ``onsets`` (``ucdp_onsets.csv``): gwcode, year, sumnewconf (new conflict dyads),
sumonset1, sumonset2, sumonset3, sumonset5, sumonset10 (new episodes at least 1, 2, 3, 5, 10
years after the last); 1946–2017.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts

ONSET_COLUMNS = ("sumnewconf", "sumonset1", "sumonset2", "sumonset3", "sumonset5", "sumonset10")

LAYOUTS = (
    Layout(
        "onsets",
        "ucdp_onsets.csv",
        ("gwcode", "year", *ONSET_COLUMNS),
        gw=("gwcode",),
        finish=in_range("year", 1946, 2100),
        key=("gwcode", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the UCDP onset state-years."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="ucdp_onsets",
    version="19.1",
    coverage=(1946, 2017),
    title="UCDP conflict onsets 19.1, state-years (peacesciencer)",
    citation=(
        'Pettersson, Therese, Stina Hogbladh, and Magnus Oberg. 2019. "Organized Violence, '
        '1989-2018 and Peace Agreements." Journal of Peace Research 56(4): 589-603.'
    ),
    terms="UCDP data: free with citation (ucdp.uu.se); peacesciencer is GPL-2.",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
