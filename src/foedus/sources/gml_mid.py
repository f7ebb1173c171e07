"""GML MID 2.2.1 (Gibler, Miller & Little 2016), in peacesciencer's forms.

Reads four tables from a folder (or any one as a file): ``disputes`` (``gml_mid_disps.csv``),
``participants`` (``gml_part.csv``, with ISO ``start``/``end`` added; an unknown day gives
the first or last day of the month), ``dirdisps`` (``gml_dirdisp.csv``, directed
dyad-dispute-years) and ``ddy`` (``gml_mid_ddydisps.csv``, directed dyad-years). -9 becomes
null.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts, spell_dates
from foedus.sources.cow_mid import DDY_KEY, DIRDISP_KEY, DISPUTE, END, START, dyad_layout

LAYOUTS = (
    Layout(
        "disputes",
        "gml_mid_disps.csv",
        DISPUTE,
        missing=(-9,),
        finish=in_range("styear", 1816, 2010),
        key=("dispnum",),
    ),
    Layout(
        "participants",
        "gml_part.csv",
        ("dispnum", "ccode", *START, *END, "sidea", "hiact", "orig"),
        text=("obsid_start", "obsid_end"),
        missing=(-9,),
        cow=("ccode",),
        finish=spell_dates(START, END),
        key=("dispnum", "ccode", "start"),
    ),
    dyad_layout(
        "dirdisps",
        "gml_dirdisp.csv",
        ("midonset", "revstate1", "revstate2"),
        2010,
        DIRDISP_KEY,
        text=("version",),
    ),
    dyad_layout("ddy", "gml_mid_ddydisps.csv", ("gmlmidonset", "gmlmidongoing"), 2010, DDY_KEY),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate GML MID 2.2.1 (peacesciencer's four forms)."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="gml_mid",
    version="2.2.1",
    coverage=(1816, 2010),
    title="Gibler-Miller-Little MID data 2.2.1 (peacesciencer forms)",
    citation=(
        'Gibler, Douglas M., Steven V. Miller, and Erin K. Little. 2016. "An Analysis '
        'of the Militarized Interstate Dispute (MID) Dataset, 1816-2001." International '
        "Studies Quarterly 60(4): 719-730. Miller, Steven V. 2022. peacesciencer, CMPS "
        "39(6)."
    ),
    terms="Free for research with citation; peacesciencer is GPL-2 (cite both).",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
