"""Terrain ruggedness (Nunn & Puga 2012) and the share of mountainous terrain (Gibler &
Miller 2014, after Fearon & Laitin 2003), as peacesciencer distributes them.

Table ``rugged`` (``rugged.csv``): ccode, gwcode, rugged (terrain ruggedness index,
hundreds of metres), newlmtnest (log of the percentage of mountainous terrain). One row per
state, constant over time; ``ccode`` or ``gwcode`` is null where the state is not in that
system.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, read_layouts

LAYOUTS = (
    Layout(
        "rugged",
        "rugged.csv",
        ("ccode", "gwcode", "rugged", "newlmtnest"),
        floats=("rugged", "newlmtnest"),
        cow=("ccode",),
        gw=("gwcode",),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the ruggedness table."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="rugged",
    version="2012",
    coverage=(1816, 2100),  # time-invariant
    title="Terrain ruggedness and mountainous terrain (Nunn & Puga 2012; Gibler & Miller 2014)",
    citation=(
        'Nunn, Nathan and Diego Puga. 2012. "Ruggedness: The Blessing of Bad Geography in '
        'Africa." Review of Economics and Statistics 94(1): 20-36. Gibler, Douglas M. and '
        'Steven V. Miller. 2014. "External Territorial Threat, State Capacity, and Civil '
        'War." Journal of Peace Research 51(5): 634-646.'
    ),
    terms="Published research data with a request to cite; peacesciencer is GPL-2.",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
