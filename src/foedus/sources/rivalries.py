"""Strategic rivalries: Thompson & Dreyer (2012) and Thompson, Sakuwa & Suhas (2022).

Tables ``td`` (``td_rivalries.csv``: rivalryno, rivalryname, ccode1, ccode2, styear,
endyear, region, type1-3) and ``tss`` (``tss_rivalries.csv``: tssr_id, rivalry, ccode1,
ccode2, start, end, positional/spatial/ideological/interventionary, principal, aprin), as
peacesciencer distributes them. Both reach back to 1494, so besides COW codes they use 324
for Venice.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import (
    Finish,
    Layout,
    check_order,
    check_range,
    from_peacesciencer,
    read_layouts,
)

# Codes of polities that left the scene before 1816, as the rivalry datasets use them.
PRE_1816 = {324: "Venice"}


def _span(start: str, end: str) -> Finish:
    def finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
        check_range(frame, [start, end], fname, 1494, 2100, parquet=parquet)
        check_order(frame, start, end, fname, parquet=parquet)
        return frame

    return finish


LAYOUTS = (
    Layout(
        "td",
        "td_rivalries.csv",
        ("rivalryno", "rivalryname", "ccode1", "ccode2", "styear", "endyear"),
        text=("rivalryname", "region", "type1", "type2", "type3"),
        cow=("ccode1", "ccode2"),
        extra_codes=PRE_1816,
        finish=_span("styear", "endyear"),
        key=("rivalryno",),
    ),
    Layout(
        "tss",
        "tss_rivalries.csv",
        (
            "tssr_id",
            "rivalry",
            "ccode1",
            "ccode2",
            "start",
            "end",
            "positional",
            "spatial",
            "ideological",
            "interventionary",
        ),
        text=("rivalry",),
        cow=("ccode1", "ccode2"),
        extra_codes=PRE_1816,
        finish=_span("start", "end"),
        key=("tssr_id",),
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the two strategic-rivalry tables."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="rivalries",
    version="td2012-tss2022",
    coverage=(1816, 2020),
    title="Strategic rivalries (Thompson & Dreyer 2012; Thompson, Sakuwa & Suhas 2022)",
    citation=(
        "Thompson, William R. and David R. Dreyer. 2012. Handbook of International "
        "Rivalries, 1494-2010. CQ Press. Thompson, William R., Kentaro Sakuwa, and "
        "Prashant Hosur Suhas. 2022. Analyzing Strategic Rivalries in World Politics. "
        "Springer."
    ),
    terms="Published research data; cite the books (and peacesciencer, GPL-2).",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
