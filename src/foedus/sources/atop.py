"""ATOP 5.1: Alliance Treaty Obligations and Provisions (Leeds et al. 2002; codebook v5.1, 2022).

Reads the four CSV files of the official release (``atop5_1a.csv`` alliances,
``atop5_1m.csv`` members with every obligation, provision and condition variable,
``atop5_1aph.csv`` alliance phases, ``atop5_1sy.csv`` state-years) from a folder, or any
one of them given as a file. Columns and codes are kept as the codebook documents them;
``member`` gains ISO ``entry`` and ``exit`` dates (see :func:`_member_dates`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.errors import DataFormatError
from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import (
    Layout,
    check_codes,
    check_order,
    check_range,
    read_layouts,
    where,
    ymd,
)

# ATOP codes Annam, a G-W but not a COW state, as 8152 (codebook 5.1, note 18: ATOPID 1320).
NON_COW = {8152: "Annam (ATOP codebook 5.1, note 18)"}
FIRST_YEAR, LAST_YEAR = 1815, 2018
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
CITATION = (
    "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. "
    '2002. "Alliance Treaty Obligations and Provisions, 1815-1944." International '
    "Interactions 28: 237-260. Leeds, Brett Ashley. 2022. ATOP Codebook, Version 5.1."
)
_DATES = ("begyr", "begmo", "begday", "endyr", "endmo", "endday")
ZIP = "https://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip"


def _member_columns(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    mems = [c for c in frame.columns if c.startswith("mem") and c[3:].isdigit()]
    check_codes(frame, mems, "cow", fname, parquet, NON_COW)
    check_range(frame, ["begyr"], fname, FIRST_YEAR, LAST_YEAR, parquet=parquet)
    start = ymd(frame, "begyr", "begmo", "begday", fname, parquet=parquet)
    end = ymd(frame, "endyr", "endmo", "endday", fname, end=True, parquet=parquet)
    check_order(
        pd.DataFrame({"begyr": start, "endyr": end}), "begyr", "endyr", fname, parquet=parquet
    )
    return frame


def _member_dates(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    """Add ``entry`` and ``exit``: signature and exit dates of each member (codebook §2.3).

    An unknown day (missing, or 0) gives the first day of the month for entry and the last
    day of the month for exit; ``yrexit == 0`` (in force on 31 Dec 2018) gives a null exit.
    """
    check_range(frame, ["yrent"], fname, FIRST_YEAR, LAST_YEAR, parquet=parquet)
    out = frame.copy()
    out["entry"] = ymd(frame, "yrent", "moent", "dayent", fname, parquet=parquet)
    out["exit"] = ymd(frame, "yrexit", "moexit", "dayexit", fname, end=True, parquet=parquet)
    check_order(out, "entry", "exit", fname, parquet=parquet)
    return out


def _stateyear(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["year"], fname, FIRST_YEAR, LAST_YEAR, parquet=parquet)
    return frame


LAYOUTS = (
    Layout(
        "alliance",
        "atop5_1a.csv",
        ("atopid", *_DATES, "ineffect", "bilat", *OBLIGATIONS, "mem1"),
        finish=_member_columns,
        key=("atopid",),
        min_rows=100,
    ),
    Layout(
        "member",
        "atop5_1m.csv",
        (
            "atopid",
            "member",
            "yrent",
            "moent",
            "dayent",
            "yrexit",
            "moexit",
            "dayexit",
            "ineffect",
            "phase",
            *OBLIGATIONS,
            "defcon",
            "offcon",
            "neucon",
            "concon",
        ),
        cow=("member",),
        extra_codes=NON_COW,
        finish=_member_dates,
        key=("atopid", "member", "phase", "yrent"),
        min_rows=100,
    ),
    Layout(
        "phase",
        "atop5_1aph.csv",
        ("atopid", "atopidphase", *_DATES, "phase", *OBLIGATIONS, "mem1"),
        floats=("atopidphase",),  # 1001.1, 1001.2, ...: the alliance and its phase
        finish=_member_columns,
        key=("atopid", "atopidphase"),
        min_rows=100,
    ),
    Layout(
        "stateyear",
        "atop5_1sy.csv",
        ("state", "year", "atopally", *OBLIGATIONS, "number"),
        cow=("state",),
        finish=_stateyear,
        key=("state", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate ATOP 5.1 from a folder of its CSV files, or one of them."""
    tables = read_layouts(path, LAYOUTS)
    if "alliance" in tables:
        known = set(tables["alliance"]["atopid"].dropna())
        for name, fname in (("member", "atop5_1m.csv"), ("phase", "atop5_1aph.csv")):
            if name in tables:
                _check_ids(tables[name], known, fname)
    return tables


def _check_ids(frame: pd.DataFrame, known: set, fname: str) -> None:
    bad = ~frame["atopid"].isin(known)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"{where(fname, i, False)}, column atopid: "
            f"{frame['atopid'].iloc[i]} is not in atop5_1a.csv; accepted: "
            "the atopid of an alliance in the alliance file"
        )


SPEC = SourceSpec(
    name="atop",
    version="5.1",
    coverage=(1815, 2018),
    title="Alliance Treaty Obligations and Provisions (ATOP) 5.1",
    citation=CITATION,
    terms="Free for research from atopdata.org; cite the ATOP project.",
    files=(
        RemoteFile(
            "atop5_1a.csv", ZIP, "eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d"
        ),
        RemoteFile(
            "atop5_1m.csv", ZIP, "0e3c803f65275c3cb9309d08c04710416dff16aee936c8b4f887c7b67ee5b55b"
        ),
        RemoteFile(
            "atop5_1aph.csv",
            ZIP,
            "828ed77daf341ea377f75e042c2e51e4e6ccb0515e058db6355a89f8aebb0fcf",
        ),
        RemoteFile(
            "atop5_1sy.csv",
            ZIP,
            "187ce932d5b77002f795d849b67b5b2dd6baa170304bed58663c4194e240f929",
        ),
    ),
    read=read,
    mirror_dir="atop",
    notes="The official release is one zip; its CSV members are verified after extraction.",
)
