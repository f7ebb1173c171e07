"""Minimum distance between states from CShapes 2.0 (Schvitz et al. 2022), via peacesciencer.

Tables ``cow`` (``cow_mindist.parquet``: ccode1, ccode2, year, mindist) and ``gw``
(``gw_mindist.parquet``: gwcode1, gwcode2, year, mindist): non-directed dyad-years with
code1 < code2, minimum distance in km.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, check_range, from_peacesciencer, read_layouts


def _finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["year"], fname, 1886, 2100, parquet=parquet)
    check_range(frame, ["mindist"], fname, 0, 21000, what="a distance in km", parquet=parquet)
    return frame


def _layout(system: str, code: str) -> Layout:
    codes = (f"{code}1", f"{code}2")
    return Layout(
        system,
        f"{system}_mindist.parquet",
        (*codes, "year", "mindist"),
        floats=("mindist",),
        cow=codes if system == "cow" else (),
        gw=codes if system == "gw" else (),
        finish=_finish,
        key=(*codes, "year"),
        min_rows=100,
    )


LAYOUTS = (_layout("cow", "ccode"), _layout("gw", "gwcode"))


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the CShapes 2.0 minimum-distance tables."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="mindist",
    version="2.0",
    coverage=(1886, 2019),
    title="Minimum distance between states (CShapes 2.0)",
    citation=(
        "Schvitz, Guy, Luc Girardin, Seraina Ruegger, Nils B. Weidmann, Lars-Erik "
        'Cederman, and Kristian Skrede Gleditsch. 2022. "Mapping the International '
        'System, 1886-2019: The CShapes 2.0 Dataset." Journal of Conflict Resolution '
        "66(1): 144-161. Miller, Steven V. 2022. peacesciencer, CMPS 39(6)."
    ),
    terms="CShapes 2.0 is CC BY-NC-SA 4.0; peacesciencer is GPL-2 (cite both).",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
