"""UN General Assembly ideal points (Bailey, Strezhnev & Voeten 2017), July 2025 release.

Table ``idealpoints``: one row per state-year (``ccode`` COW, ``year``), official columns
lowercased: ``idealpointfp`` (final-passage votes), ``idealpointall`` (all votes, including
paragraph and amendment votes; missing for 2024 in this release), ``idealpointlegacy``
(session-based, year = session + 1945), the vote counts and the posterior quantiles.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, in_range, read_layouts

ESTIMATES = ("idealpointfp", "idealpointall", "idealpointlegacy")
_QUANTILES = tuple(
    f"{q}{kind}" for kind in ("fp", "all") for q in ("qo", "q5", "q10", "q50", "q90", "q95", "q100")
)

LAYOUTS = (
    Layout(
        "idealpoints",
        "idealpoints_july2025.parquet",
        ("ccode", "year", *ESTIMATES, "nvotesfp", "nvotesall", "nvoteslegacy"),
        text=("iso3c", "countryname"),
        floats=(*ESTIMATES, *_QUANTILES),
        cow=("ccode",),
        finish=in_range("year", 1946, 2100),
        key=("ccode", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the UNGA ideal-point state-years."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="unga",
    version="2025-07-28",
    coverage=(1946, 2024),
    title="UN General Assembly ideal points, July 2025 release",
    citation=(
        'Bailey, Michael A., Anton Strezhnev, and Erik Voeten. 2017. "Estimating '
        'Dynamic State Preferences from United Nations Voting Data." Journal of '
        "Conflict Resolution 61(2): 430-456. Data: Voeten, Erik, Anton Strezhnev, and "
        "Michael Bailey. United Nations General Assembly Voting Data, Harvard "
        "Dataverse, hdl:1902.1/12379."
    ),
    terms="Harvard Dataverse deposit; cite the article and the data.",
    files=(
        RemoteFile(
            "idealpoints_july2025.parquet",
            "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
        ),
    ),
    read=read,
    mirror_dir="unga_idealpoints",
    notes="The official URL is the Dataverse dataset page (the estimates are a Stata/CSV "
    "table there): download it by hand and import it, or fetch from a mirror, which "
    "serves the table as Parquet under this name.",
)
