"""COW National Material Capabilities (Singer, Bremer & Stuckey 1972; Singer 1987), v7.0 or v6.0.

Reads the abridged layout (ccode, year, milex, milper, irst, pec, tpop, upop, cinc; the
official ``NMC-60-abridged.csv``/``NMC-70-abridged.csv`` also carry stateabb and version)
into table ``nmc``; -9 becomes null. The release version is taken from the file's
``version`` column when present (6.0 or 7.0), else from its coverage: NMC 6.0 ends in 2016,
NMC 7.0 runs to 2022.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.errors import DataFormatError
from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, check_range, read_layouts

COLUMNS = ("ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
V6_LAST_YEAR = 2016


def _finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["year"], fname, 1816, 2100, parquet=parquet)
    check_range(frame, ["cinc"], fname, 0, 1, what="a share", parquet=parquet)
    frame.attrs["version"] = _version(frame, fname)
    return frame


def _version(frame: pd.DataFrame, fname: str) -> str:
    if "version" in frame.columns:
        versions = sorted(set(pd.to_numeric(frame["version"], errors="coerce").round(1)))
        if len(versions) == 1 and versions[0] in (6.0, 7.0):
            return f"{versions[0]:.1f}"
        raise DataFormatError(
            f"{fname}, column version: {versions} is not one NMC release; "
            "accepted: 6.0 or 7.0 throughout"
        )
    return "6.0" if frame["year"].max() <= V6_LAST_YEAR else "7.0"


LAYOUTS = (
    Layout(
        "nmc",
        "cow_nmc.csv",
        COLUMNS,
        text=("stateabb",),
        floats=("tpop", "upop", "cinc"),
        missing=(-9,),
        cow=("ccode",),
        finish=_finish,
        key=("ccode", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate NMC (abridged layout, v6.0 or v7.0)."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_nmc",
    version="7.0",
    coverage=(1816, 2022),  # NMC 7.0 (6.0 ended in 2016)
    title="COW National Material Capabilities (abridged)",
    citation=(
        'Singer, J. David, Stuart Bremer, and John Stuckey. 1972. "Capability '
        'Distribution, Uncertainty, and Major Power War, 1820-1965." In Bruce Russett '
        '(ed.), Peace, War, and Numbers. Singer, J. David. 1987. "Reconstructing the '
        'Correlates of War Dataset on Material Capabilities of States, 1816-1985." '
        "International Interactions 14: 115-32."
    ),
    terms="COW data: free to use with citation (correlatesofwar.org).",
    files=(
        RemoteFile(
            "cow_nmc.csv",
            "https://correlatesofwar.org/wp-content/uploads/NMCv7.zip"
            "#NMC-v7-abridged.zip/NMC-70-abridged.csv",
        ),
    ),
    read=read,
    mirror_dir="peacesciencer",
)
