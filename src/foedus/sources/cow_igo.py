"""COW Intergovernmental Organizations 3.0 (Pevehouse et al. 2020), as peacesciencer summarises it.

Tables ``dyadyears`` (``cow_igo_ndy.parquet``: ccode1, ccode2, year, dyadigos = number of
IGOs in which both are full members) and ``stateyears`` (``cow_igo_sy.csv``: ccode, year,
sum_igo_full, sum_igo_associate, sum_igo_observer, sum_igo_anytype).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts

LAYOUTS = (
    Layout(
        "dyadyears",
        "cow_igo_ndy.parquet",
        ("ccode1", "ccode2", "year", "dyadigos"),
        missing=(-9,),
        cow=("ccode1", "ccode2"),
        finish=in_range("year", 1816, 2100),
        key=("ccode1", "ccode2", "year"),
        min_rows=100,
    ),
    Layout(
        "stateyears",
        "cow_igo_sy.csv",
        (
            "ccode",
            "year",
            "sum_igo_full",
            "sum_igo_associate",
            "sum_igo_observer",
            "sum_igo_anytype",
        ),
        missing=(-9,),
        cow=("ccode",),
        finish=in_range("year", 1816, 2100),
        key=("ccode", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the COW IGO 3.0 summaries."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="cow_igo",
    version="3.0",
    coverage=(1816, 2014),
    title="COW Intergovernmental Organizations 3.0 (peacesciencer summaries)",
    citation=(
        "Pevehouse, Jon C.W., Timothy Nordstrom, Roseanne W. McManus, and Anne Spencer "
        'Jamison. 2020. "Tracking Organizations in the World: The Correlates of War IGO '
        'Version 3.0 Datasets." Journal of Peace Research 57(3): 492-503.'
    ),
    terms="COW data: free with citation; peacesciencer is GPL-2 (cite both).",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
