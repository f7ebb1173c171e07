"""US military deployments abroad by host and quarter, 1950–2025: troopdata's rebuild of the
DMDC reports (Allen, Flynn & Martinez Machain 2022; Kane 2004/2006 for 1950–2005).

Table ``deployments``: one row per host, year and quarter, official columns lowercased
(``ccode``, ``iso3c``, ``countryname``, ``year``, ``month``, ``quarter``, ``source``,
``troops_ad`` active-duty total and by service, reserve and civilian counts,
``troops_all``, ``region``). ``ccode`` is the host's COW code as troopdata assigns it: Germany
is 260 in every year (its G-W code), a few hosts lie outside the COW list
(:data:`EXTRA_CODES`) and territories have troopdata's own codes from 1000 up.
:func:`host_years` turns the table into COW host-years (as ``add_us_troops`` uses it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, check_codes, check_range, read_layouts
from foedus.states import system_years

# hosts troopdata codes outside the COW list (below 1000)
EXTRA_CODES = {
    340: "Serbia (troopdata uses the G-W code; COW 345)",
    396: "Abkhazia",
    972: "Tonga (troopdata uses the G-W code; COW 955)",
}
TERRITORY_FROM = 1000  # troopdata's codes for territories (Guam 1008, Hong Kong 1009, ...)
# troopdata code, first year it means the COW state, that state's COW code
TO_COW = ((260, 1991, 255), (340, 0, 345), (972, 0, 955))


def _finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["year"], fname, 1950, 2100, parquet=parquet)
    check_range(frame, ["quarter"], fname, 1, 4, what="a quarter", parquet=parquet)
    states = frame.assign(ccode=frame["ccode"].where(frame["ccode"] < TERRITORY_FROM))
    check_codes(states, ["ccode"], "cow", fname, parquet, EXTRA_CODES)
    return frame


LAYOUTS = (
    Layout(
        "deployments",
        "troopdata_rebuild_long.parquet",
        ("ccode", "countryname", "year", "quarter", "troops_ad", "troops_all"),
        text=("iso3c", "countryname", "month", "source", "region"),
        floats=("year_quarter",),
        finish=_finish,
        key=("ccode", "year", "quarter"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate troopdata's US deployments by host-quarter."""
    return read_layouts(path, LAYOUTS)


def host_years(deployments: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """US active-duty troops by COW host-year (Allen, Flynn & Martinez Machain 2022,
    troopdata), and a note on the host-years left out.

    troopdata's codes become COW codes year by year (:data:`TO_COW`): Germany's 260 is the
    German Federal Republic through 1990 and unified Germany, COW 255, from 1991; Serbia
    340 is COW 345 and Tonga 972 COW 955. ``troops_ad`` is the largest of the year's
    reports, as troopdata's ``get_troopdata(quarters = FALSE)`` gives it. Host-years
    without a COW state system member (territories, Abkhazia, states before they enter
    the COW list) are left out and counted in the note.
    """
    code = deployments["ccode"].to_numpy(dtype="int64")
    year = deployments["year"].to_numpy(dtype="int64")
    for source, first, cow in TO_COW:
        code = np.where((code == source) & (year >= first), cow, code)
    reports = deployments[["countryname", "troops_ad"]].assign(ccode=code, year=year)
    hosts = reports.groupby(["ccode", "year"], as_index=False).agg(
        troops_ad=("troops_ad", "max"), countryname=("countryname", "first")
    )
    members = system_years((int(year.min()), int(year.max())), "cow")
    member = pd.MultiIndex.from_frame(hosts[["ccode", "year"]]).isin(
        pd.MultiIndex.from_frame(members[["code", "year"]])
    )
    outside = hosts[~member]
    names = outside.groupby("countryname")["troops_ad"].sum().sort_values(ascending=False)
    note = (
        f"us troops: {len(outside):,} troopdata host-years have no COW state that year and "
        f"are left out ({len(names)} hosts, most troops in {', '.join(names.index[:3])})"
    )
    return hosts.loc[member, ["ccode", "year", "troops_ad"]], note


SPEC = SourceSpec(
    name="troops",
    version="troopdata-1.0.4.9000",
    coverage=(1950, 2025),
    title="US military deployments abroad 1950-2025 (troopdata rebuild)",
    citation=(
        "Allen, Michael A., Michael E. Flynn, and Carla Martinez Machain. 2022. "
        '"Global U.S. military deployment data: 1950-2020." Conflict Management and '
        "Peace Science 39(3): 351-370. Kane, Tim. 2004. Global U.S. Troop Deployment, "
        "1950-2003. Heritage Foundation."
    ),
    terms="troopdata is GPL (>= 3); cite the data authors.",
    files=(
        RemoteFile(
            "troopdata_rebuild_long.parquet",
            "https://github.com/meflynn/troopdata/raw/master/data/troopdata_rebuild_long.rda",
        ),
    ),
    read=read,
    mirror_dir="troopdata",
    notes="Upstream is an R .rda table; the mirror serves it as Parquet.",
)
