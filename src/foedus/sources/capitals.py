"""Capitals of states and their moves, with coordinates (peacesciencer compilation, 2024).

Tables ``cow`` (``cow_capitals.csv``: ccode, statenme, capital, stdate, enddate, lat, lng)
and ``gw`` (``gw_capitals.csv``, keyed by gwcode). G-W codes are range-checked rather than
matched, as the file also covers the G-W microstates that foedus's state table omits.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import (
    Layout,
    check_order,
    check_range,
    from_peacesciencer,
    read_layouts,
)


def _finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    code = "ccode" if "ccode" in frame.columns else "gwcode"
    check_range(frame, [code], fname, 2, 999, what="a state code", parquet=parquet)
    check_range(frame, ["lat"], fname, -90, 90, what="a latitude", parquet=parquet)
    check_range(frame, ["lng"], fname, -180, 180, what="a longitude", parquet=parquet)
    check_order(frame, "stdate", "enddate", fname, parquet=parquet)
    return frame


def _layout(system: str, code: str, codes: tuple[str, ...]) -> Layout:
    return Layout(
        system,
        f"{system}_capitals.csv",
        (code, "statenme", "capital", "stdate", "enddate", "lat", "lng"),
        text=("statenme", "capital"),
        dates=("stdate", "enddate"),
        floats=("lat", "lng"),
        cow=codes,
        finish=_finish,
        key=(code, "stdate"),
    )


LAYOUTS = (_layout("cow", "ccode", ("ccode",)), _layout("gw", "gwcode", ()))


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the capitals tables."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="capitals",
    version="2024",
    coverage=(1816, 2024),
    title="State capitals and capital transitions (peacesciencer)",
    citation=(
        'Miller, Steven V. 2022. "peacesciencer: An R Package for Quantitative Peace '
        'Science Research." Conflict Management and Peace Science 39(6): 755-779.'
    ),
    terms="peacesciencer is GPL-2; cite the package.",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
