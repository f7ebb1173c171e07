"""COW Trade 4.0 (Barbieri, Keshk & Pollins 2009), national totals as peacesciencer
distributes them.

Table ``stateyears`` (``cow_trade_sy.csv``): ccode, year, imports, exports (current
million US dollars), 1870–2014. peacesciencer downloads the dyadic trade table at run
time; it is not part of its package data and foedus does not read it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts

LAYOUTS = (
    Layout(
        "stateyears",
        "cow_trade_sy.csv",
        ("ccode", "year", "imports", "exports"),
        floats=("imports", "exports"),
        missing=(-9,),
        cow=("ccode",),
        finish=in_range("year", 1816, 2100),
        key=("ccode", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the COW national trade totals."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_trade",
    version="4.0",
    coverage=(1870, 2014),
    title="COW Trade 4.0, national totals (peacesciencer)",
    citation=(
        'Barbieri, Katherine, Omar M. G. Keshk, and Brian Pollins. 2009. "Trading Data: '
        'Evaluating our Assumptions and Coding Rules." Conflict Management and Peace '
        "Science 26(5): 471-491."
    ),
    terms="COW data: free with citation; peacesciencer is GPL-2 (cite both).",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
