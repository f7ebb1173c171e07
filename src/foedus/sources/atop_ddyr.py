"""ATOP 5.1 directed dyad-years (Leeds et al. 2002; codebook 5.1 §2.7): which state owes
which obligation to which partner in each year.

Two layouts are read into one table ``ddyr`` (``ccode1`` = state A, the obligor;
``ccode2`` = state B; ``year``; ``defense, offense, neutral, nonagg, consul`` 0/1;
``atopids``, the alliances in force for the directed dyad that year, as a list, empty when
the layout does not give them):

- the official ``atop5_1ddyr.csv`` (columns ``stateA, stateB, year, defense, offense,
  neutral, nonagg, consul, atopid1..atopid9`` and ATOP's other dyad variables);
- peacesciencer's ``atop_alliance`` table (Miller 2022; staged as
  ``atop_alliance.parquet``: ``ccode1, ccode2, year, atop_defense .. atop_consul``),
  derived from it.

:func:`foedus.dyads.atop_ties` uses it to restrict obligor → beneficiary pairs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from foedus.errors import DataFormatError
from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.atop import CITATION, FIRST_YEAR, LAST_YEAR, OBLIGATIONS, ZIP
from foedus.sources.checks import PEACESCIENCER, Layout, check_range, read_layouts, where

OFFICIAL, PEACESCIENCER_FILE = "atop5_1ddyr.csv", "atop_alliance.parquet"
_PS_FLAGS = tuple(f"atop_{o}" for o in OBLIGATIONS)
LAYOUTS = (
    Layout(
        "official",
        OFFICIAL,
        ("statea", "stateb", "year", *OBLIGATIONS),
        text=("version",),
        cow=("statea", "stateb"),
        optional=True,
    ),
    Layout(
        "peacesciencer",
        PEACESCIENCER_FILE,
        ("ccode1", "ccode2", "year", *_PS_FLAGS),
        cow=("ccode1", "ccode2"),
        optional=True,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate ATOP's directed dyad-years (either layout; the official file when
    a folder holds both) into table ``ddyr``."""
    tables = read_layouts(path, LAYOUTS)
    if not tables:
        raise DataFormatError(
            f"{path}: neither {OFFICIAL} nor {PEACESCIENCER_FILE} found; accepted: a folder "
            "or file holding one of them"
        )
    if "official" in tables:
        frame, fname = tables["official"], OFFICIAL
        ids = sorted(
            (c for c in frame.columns if c.startswith("atopid") and c[6:].isdigit()),
            key=lambda c: int(c[6:]),
        )
        listed = frame[ids].to_numpy(dtype="float64") if ids else np.empty((len(frame), 0))
        atopids = [[int(v) for v in row if v == v and v > 0] for row in listed]
        ddyr = frame.rename(columns={"statea": "ccode1", "stateb": "ccode2"})
    else:
        frame, fname = tables["peacesciencer"], PEACESCIENCER_FILE
        atopids = [[] for _ in range(len(frame))]
        ddyr = frame.rename(columns=dict(zip(_PS_FLAGS, OBLIGATIONS, strict=True)))
    parquet = fname.endswith(".parquet")
    ddyr = ddyr[["ccode1", "ccode2", "year", *OBLIGATIONS]].copy()
    check_range(ddyr, ["year"], fname, FIRST_YEAR, LAST_YEAR, parquet=parquet)
    check_range(ddyr, list(OBLIGATIONS), fname, 0, 1, what="a 0/1 flag", parquet=parquet)
    for col in ("ccode1", "ccode2", "year"):
        if ddyr[col].isna().any():
            i = int(np.flatnonzero(ddyr[col].isna().to_numpy())[0])
            raise DataFormatError(
                f"{where(fname, i, parquet)}, column {col}: missing; accepted: a value"
            )
    same = ddyr["ccode1"] == ddyr["ccode2"]
    duplicate = ddyr.duplicated(["ccode1", "ccode2", "year"])
    for bad, accepted in ((same, "two different states"), (duplicate, "one row per dyad-year")):
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataFormatError(
                f"{where(fname, i, parquet)}: directed dyad {ddyr['ccode1'].iloc[i]}->"
                f"{ddyr['ccode2'].iloc[i]} in {ddyr['year'].iloc[i]} is impossible here; "
                f"accepted: {accepted}"
            )
    ddyr = ddyr.astype({c: "int64" for c in ("ccode1", "ccode2", "year")})
    ddyr = ddyr.astype({o: "int8" for o in OBLIGATIONS}, errors="ignore").fillna(0)
    ddyr["atopids"] = atopids
    return {"ddyr": ddyr.sort_values(["ccode1", "ccode2", "year"], ignore_index=True)}


SPEC = SourceSpec(
    name="atop_ddyr",
    version="5.1",
    coverage=(FIRST_YEAR, LAST_YEAR),
    title="ATOP 5.1 directed dyad-years (who owes which obligation to whom)",
    citation=CITATION,
    terms="Free for research from atopdata.org; cite the ATOP project (and peacesciencer, "
    "GPL-2, for its derived table).",
    files=(
        RemoteFile(OFFICIAL, ZIP),
        RemoteFile(PEACESCIENCER_FILE, PEACESCIENCER + "atop_alliance.rda"),
    ),
    read=read,
    mirror_dir="atop",
    notes="The official file ships with the ATOP 5.1 CSV release; peacesciencer's "
    "atop_alliance table (an R .rda upstream, staged as Parquet) is accepted as the same "
    "table.",
)
