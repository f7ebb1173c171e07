"""UCDP/PRIO Armed Conflict Dataset 25.1 (Gleditsch et al. 2002) by conflict-year, as
peacesciencer distributes it.

Table ``acd`` (``ucdp_acd.csv``: conflict_id, year, gwno_a — the government on side A,
one row per government, several rows per conflict-year where the source repeats
it — gwno_a_2nd, gwno_b, gwno_b_2nd, incompatibility (territory,
government, both), intensity_level (1 minor, 2 war), type_of_conflict (extrasystemic,
interstate, intrastate, II = internationalised intrastate), start_date, start_prec,
start_date2, start_prec2, ep_end, ep_end_date; 1946–2024).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts

# side-A governments outside foedus's G-W table: a G-W microstate and a 1947-1948 state
EXTRA_GW = {55: "Grenada (G-W microstate)", 751: "Hyderabad (1947-1948)"}

LAYOUTS = (
    Layout(
        "acd",
        "ucdp_acd.csv",
        ("conflict_id", "year", "gwno_a", "incompatibility", "intensity_level", "type_of_conflict"),
        text=(
            "incompatibility",
            "type_of_conflict",
            "start_date",
            "start_date2",
            "ep_end_date",
            "gwno_a_2nd",
            "gwno_b",
            "gwno_b_2nd",
        ),
        finish=in_range("year", 1946, 2100),
        gw=("gwno_a",),
        extra_codes=EXTRA_GW,
        filled=("conflict_id", "gwno_a", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the UCDP/PRIO conflict-years."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="ucdp_acd",
    version="25.1",
    coverage=(1946, 2024),
    title="UCDP/PRIO Armed Conflict Dataset 25.1, conflict-years (peacesciencer)",
    citation=(
        "Gleditsch, Nils Petter, Peter Wallensteen, Mikael Eriksson, Margareta Sollenberg, "
        'and Havard Strand. 2002. "Armed Conflict 1946-2001: A New Dataset." Journal of '
        "Peace Research 39(5): 615-637."
    ),
    terms="UCDP data: free with citation (ucdp.uu.se); peacesciencer is GPL-2.",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
