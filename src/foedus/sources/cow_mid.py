"""COW Militarized Interstate Disputes 5.0 (Palmer et al. 2022), in peacesciencer's forms.

Reads three tables from a folder (or any one as a file): ``disputes``
(``cow_mid_disps.csv``, one row per dispute), ``dirdisps`` (``cow_mid_dirdisps.csv``,
directed dyad-dispute-years) and ``ddy`` (``cow_mid_ddydisps.csv``, directed dyad-years
with peacesciencer's resolution of years with several disputes). -9 becomes null.

The official COW files are accepted too: ``MIDA 5.0.csv`` (disputes) has every column of
``disputes`` and is read as it, and ``MIDB 5.0.csv`` (one row per participant) becomes
table ``participants``, with ISO ``start``/``end`` (an unknown day gives the first or
last day of the month).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts, spell_dates

DISPUTE = (
    "dispnum",
    "styear",
    "stmon",
    "outcome",
    "settle",
    "fatality",
    "mindur",
    "maxdur",
    "hiact",
    "hostlev",
    "recip",
)
DYADIC = (
    "dispnum",
    "ccode1",
    "ccode2",
    "year",
    "sidea1",
    "sidea2",
    "hiact1",
    "hiact2",
    "hostlev1",
    "hostlev2",
    "orig1",
    "orig2",
)
START, END = ("styear", "stmon", "stday"), ("endyear", "endmon", "endday")


def dyad_layout(
    table: str,
    filename: str,
    columns: tuple[str, ...],
    last_year: int,
    key: tuple[str, ...],
    text: tuple[str, ...] = (),
) -> Layout:
    """A MID table of directed dyads in peacesciencer's form: the ``DYADIC`` columns and
    ``columns``, COW codes, -9 for missing, years 1816 to ``last_year``, one row per ``key``."""
    return Layout(
        table,
        filename,
        (*DYADIC, *columns),
        missing=(-9,),
        cow=("ccode1", "ccode2"),
        finish=in_range("year", 1816, last_year),
        key=key,
        min_rows=100,
        text=text,
    )


DIRDISP_KEY = ("dispnum", "ccode1", "ccode2", "year")
DDY_KEY = ("ccode1", "ccode2", "year")


PEACESCIENCER_FORMS = (
    Layout(
        "disputes",
        "cow_mid_disps.csv",
        DISPUTE,
        missing=(-9,),
        finish=in_range("styear", 1816, 2014),
        key=("dispnum",),
    ),
    dyad_layout("dirdisps", "cow_mid_dirdisps.csv", ("disponset",), 2014, DIRDISP_KEY),
    dyad_layout("ddy", "cow_mid_ddydisps.csv", ("cowmidonset", "cowmidongoing"), 2014, DDY_KEY),
)
LAYOUTS = (
    *PEACESCIENCER_FORMS,
    Layout(
        "participants",
        "MIDB 5.0.csv",
        ("dispnum", "ccode", *START, *END, "sidea", "fatality", "hiact", "hostlev", "orig"),
        text=("stabb",),
        missing=(-9,),
        cow=("ccode",),
        optional=True,
        finish=spell_dates(START, END),
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate COW MID 5.0 (peacesciencer's dispute, dyad-dispute, dyad-year forms)."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_mid",
    version="5.0",
    coverage=(1816, 2014),
    title="COW Militarized Interstate Disputes 5.0 (peacesciencer forms)",
    citation=(
        "Palmer, Glenn, Roseanne W. McManus, Vito D'Orazio, Michael R. Kenwick, Mikaela "
        "Karstens, Chase Bloch, Nick Dietrich, Kayla Kahn, Kellan Ritter, and Michael J. "
        'Soules. 2022. "The MID5 Dataset, 2011-2014." Conflict Management and Peace '
        "Science 39(4): 470-482. Miller, Steven V. 2022. peacesciencer, CMPS 39(6)."
    ),
    terms="COW data: free with citation; peacesciencer is GPL-2 (cite both).",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in PEACESCIENCER_FORMS)),
)
