"""Political leaders: Archigos 4.1 (Goemans, Gleditsch & Chiozza 2009), LEAD (Ellis,
Horowitz & Stam 2015), leader willingness to use force (Carter & Smith 2020) and the
GML MID 2.2.1 leader-dyad disputes, as peacesciencer distributes them (Miller 2022).

Tables, keyed by Archigos's ``obsid`` (e.g. ``USA-1869``):

- ``archigos`` (``archigos.csv``): one row per leader spell: obsid, gwcode, leadid, leader,
  yrborn, gender, startdate, enddate (dates), entry, exit, exitcode.
- ``stateyears`` (``archigossums.csv``): per G-W state-year 1870–2015, leadertransition,
  irregular, n_leaders, jan1obsid, dec31obsid.
- ``lead`` (``LEAD.csv``): leveledu, milservice, combat, rebel, warwin, warloss,
  rebelwin, rebelloss, yrsexper, physhealth, mentalhealth per leader.
- ``lwuf`` (``lwuf.csv``): theta1–4 mean and sd per leader.
- ``codes`` (``leader_codes.csv``): obsid with Archigos 4.1 leadid, Archigos 2.9 and LEAD ids.
- ``disputes`` (``gml_mid_ddlydisps.csv``, optional): directed leader-dyad dispute-years of
  GML MID 2.2.1 with duplicates resolved: dispnum, ccode1/2, obsid1/2, year, sidea1/2,
  orig1/2, gmlmidongoing, gmlmidonset.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import (
    Layout,
    check_order,
    from_peacesciencer,
    in_range,
    read_layouts,
)

LEAD_COLUMNS = (
    "leveledu",
    "milservice",
    "combat",
    "rebel",
    "warwin",
    "warloss",
    "rebelwin",
    "rebelloss",
    "yrsexper",
    "physhealth",
    "mentalhealth",
)
LWUF_COLUMNS = tuple(f"theta{i}_{s}" for i in range(1, 5) for s in ("mean", "sd"))


def _spells(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_order(frame, "startdate", "enddate", fname, parquet=parquet)
    return frame


LAYOUTS = (
    Layout(
        "archigos",
        "archigos.csv",
        ("obsid", "gwcode", "leader", "startdate", "enddate"),
        text=("obsid", "leadid", "leader", "gender", "entry", "exit", "exitcode"),
        gw=("gwcode",),
        dates=("startdate", "enddate"),
        finish=_spells,
        key=("obsid",),
        min_rows=100,
    ),
    Layout(
        "stateyears",
        "archigossums.csv",
        ("gwcode", "year", "leadertransition", "irregular", "n_leaders"),
        text=("jan1obsid", "dec31obsid"),
        gw=("gwcode",),
        finish=in_range("year", 1816, 2100),
        key=("gwcode", "year"),
        min_rows=100,
    ),
    Layout(
        "lead",
        "LEAD.csv",
        ("obsid", *LEAD_COLUMNS),
        text=("obsid",),
        key=("obsid",),
        min_rows=100,
    ),
    Layout(
        "lwuf",
        "lwuf.csv",
        ("obsid", *LWUF_COLUMNS),
        text=("obsid",),
        floats=LWUF_COLUMNS,
        key=("obsid",),
        min_rows=100,
    ),
    Layout(
        "codes",
        "leader_codes.csv",
        ("obsid", "leadid"),
        text=("obsid", "leadid", "leadid29", "leaderid"),
        key=("obsid",),
        min_rows=100,
    ),
    Layout(
        "disputes",
        "gml_mid_ddlydisps.csv",
        ("dispnum", "ccode1", "ccode2", "obsid1", "obsid2", "year", "gmlmidonset"),
        text=("obsid1", "obsid2", "obsid_start1", "obsid_start2", "obsid_end1", "obsid_end2"),
        cow=("ccode1", "ccode2"),
        finish=in_range("year", 1816, 2100),
        optional=True,
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the leader tables."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="leaders",
    version="archigos4.1-lead2015-lwuf2020",
    coverage=(1840, 2015),
    title="Leaders: Archigos 4.1, LEAD, LWUF and GML leader-dyad disputes (peacesciencer)",
    citation=(
        'Goemans, Henk E., Kristian Skrede Gleditsch, and Giacomo Chiozza. 2009. "Introducing '
        'Archigos: A Dataset of Political Leaders." Journal of Peace Research 46(2): 269-283. '
        "Ellis, Carli Mortenson, Michael C. Horowitz, and Allan C. Stam. 2015. "
        '"Introducing the LEAD Data Set." International Interactions 41(4): 718-741. '
        "Carter, Jeff and Charles E. Smith. 2020. \"A Framework for Measuring Leaders' "
        'Willingness to Use Force." American Political Science Review 114(4): 1352-1358.'
    ),
    terms="Published research data with a request to cite; peacesciencer is GPL-2.",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
