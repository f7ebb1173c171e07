"""SIPRI arms transfers (trend-indicator values) by directed dyad-year, as prepared by
J. Andrés Gannon (DoDL replication data) from the SIPRI Arms Transfers Database, 1970–2014.

Table ``tiv``: ``year``, ``sender``, ``ccode1`` (supplier, COW), ``receiver``, ``ccode2``
(recipient, COW), ``value`` (TIV, millions; 0 = no recorded transfer for a listed dyad).
Only the dyads of Gannon's sample are listed, so an absent dyad-year is unknown, not zero.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from foedus.errors import DataFormatError
from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, check_range, read_layouts, where


def _finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["year"], fname, 1950, 2100, parquet=parquet)
    negative = frame["value"] < 0
    if negative.any():
        i = int(np.flatnonzero(negative.fillna(False).to_numpy())[0])
        raise DataFormatError(
            f"{where(fname, i, parquet)}, column value: "
            f"{frame['value'].iloc[i]} is negative; accepted: a TIV >= 0"
        )
    return frame


LAYOUTS = (
    Layout(
        "tiv",
        "sipri_tiv_dyad_year_gannon.parquet",
        ("year", "sender", "ccode1", "receiver", "ccode2", "value"),
        text=("sender", "receiver"),
        floats=("value",),
        cow=("ccode1", "ccode2"),
        finish=_finish,
        key=("ccode1", "ccode2", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate Gannon's SIPRI TIV dyad-year panel."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="sipri_arms",
    version="gannon-1970-2014",
    coverage=(1970, 2014),
    title="SIPRI Arms Transfers (TIV), directed dyad-years 1970-2014 (Gannon)",
    citation=(
        "SIPRI Arms Transfers Database, Stockholm International Peace Research "
        "Institute, sipri.org/databases/armstransfers; dyad-year panel prepared by "
        "J. Andres Gannon (DoDL replication data, github.com/jandresgannon/DoDL)."
    ),
    terms="SIPRI data: attribution required.",
    files=(
        RemoteFile(
            "sipri_tiv_dyad_year_gannon.parquet",
            "https://github.com/jandresgannon/DoDL/raw/main/data/sipri_dyad-year.rds",
        ),
    ),
    read=read,
    mirror_dir="sipri_arms",
    notes="Upstream is an R .rds table; the mirror serves it as Parquet.",
)
