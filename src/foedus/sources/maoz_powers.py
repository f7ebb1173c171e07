"""Regional and global powers (Maoz 2010, Networks of Nations), as peacesciencer
distributes them.

Table ``powers`` (``maoz_powers.csv``): ccode, regstdate, regenddate (regional-power
spell), globstdate, globenddate (global-power spell; null when never one), ISO dates.
A state may have several rows (France: a global spell to 1941, a regional one from 1944).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, check_order, from_peacesciencer, read_layouts


def _order(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_order(frame, "regstdate", "regenddate", fname, parquet=parquet)
    check_order(frame, "globstdate", "globenddate", fname, parquet=parquet)
    return frame


LAYOUTS = (
    Layout(
        "powers",
        "maoz_powers.csv",
        ("ccode", "regstdate", "regenddate", "globstdate", "globenddate"),
        dates=("regstdate", "regenddate", "globstdate", "globenddate"),
        cow=("ccode",),
        finish=_order,
        filled=("ccode",),
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the Maoz regional/global power spells."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="maoz_powers",
    version="2010",
    coverage=(1816, 2019),
    title="Regional and global powers (Maoz 2010)",
    citation=(
        "Maoz, Zeev. 2010. Networks of Nations: The Evolution, Structure, and Impact of "
        "International Networks, 1816-2001. Cambridge University Press."
    ),
    terms="Published research data with a request to cite; peacesciencer is GPL-2.",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
