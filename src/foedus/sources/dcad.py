"""DCAD v1.0: the Defense Cooperation Agreement Dataset (Kinne 2020), 1980–2010.

Reads the main (treaty-level) file ``DCAD-v1.0-main.csv`` into table ``agreements``: one row
per bilateral agreement, official columns lowercased. DCAD's negative codes in ``span``,
``renewtype``, ``renewyears``, ``terminated`` and ``factivasign`` are categories defined by
the codebook (-77 indefinite, -66 automatic renewal, -88 indeterminate, ...), not missing
values, so they are kept; blank cells are null.

Table ``dyadyears`` is derived from it (see :func:`dyad_years`): one row per pair of
signatories (``ccode1 < ccode2``) and year with at least one agreement in force, with
DCAD's six indicators and a count.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from foedus._arrays import ramp
from foedus.errors import DataFormatError
from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Layout, check_range, read_layouts, where, ymd
from foedus.store.registry import clip

FIRST_YEAR, LAST_YEAR = 1980, 2010
TYPES = ("general", "sector")
CONFIDENCE = ("high", "med", "low", "atypical")
_TEXT = (
    "cowname1",
    "cowname2",
    "type",
    "category1",
    "category2",
    "category3",
    "categoryconf",
    "fulltext",
    "sourcetype",
    "source",
    "dcaid",
)


def _finish(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["signyear"], fname, FIRST_YEAR, LAST_YEAR, parquet=parquet)
    check_range(frame, ["eifyear", "endyearestimate"], fname, FIRST_YEAR, 2100, parquet=parquet)
    for prefix in ("sign", "eif"):
        ymd(frame, f"{prefix}year", f"{prefix}month", f"{prefix}day", fname, parquet=parquet)
    for col, accepted in (("type", TYPES), ("categoryconf", CONFIDENCE)):
        bad = ~frame[col].isin(accepted)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataFormatError(
                f"{where(fname, i, parquet)}, column {col}: "
                f"{clip(frame[col].iloc[i])} is not a DCAD code; accepted: "
                f"{', '.join(accepted)}"
            )
    return frame


LAYOUTS = (
    Layout(
        "agreements",
        "DCAD-v1.0-main.csv",
        (
            "ccode1",
            "cowname1",
            "ccode2",
            "cowname2",
            "signday",
            "signmonth",
            "signyear",
            "eifday",
            "eifmonth",
            "eifyear",
            "type",
            "category1",
            "terminated",
            "endyearestimate",
            "categoryconf",
            "dcaid",
        ),
        text=_TEXT,
        cow=("ccode1", "ccode2"),
        finish=_finish,
        key=("dcaid",),
        filled=("ccode1", "ccode2", "signyear", "endyearestimate"),  # spans need them
        min_rows=100,
    ),
)


def dyad_years(agreements: pd.DataFrame) -> pd.DataFrame:
    """DCAs in force by dyad-year, from the ``agreements`` table (Kinne 2020, DCAD v1.0).

    An agreement is in force from its entry-into-force year (``eifyear``), or its signature
    year when DCAD records no entry into force, through ``endyearestimate`` (the year of
    termination when known, else DCAD's estimate; never after 2010), within 1980–2010.
    Kinne's own dyadic file counts from the signature year instead; starting at entry into
    force leaves out the years in which a signed agreement was not yet binding.

    Columns: ``ccode1 < ccode2``, ``year``; the codebook's indicators ``dcageneralv1``,
    ``dcageneralv2``, ``dcasectorv1``, ``dcasectorv2``, ``dcaanyv1``, ``dcaanyv2`` (V1: only
    agreements coded with medium or high confidence; general = type "general", sector =
    type "sector"); and ``dca_count``, the agreements in force. Only dyad-years with an
    agreement in force appear.
    """
    start = agreements["eifyear"].fillna(agreements["signyear"]).astype("int64").clip(FIRST_YEAR)
    end = agreements["endyearestimate"].astype("int64").clip(upper=LAST_YEAR)
    span = np.maximum((end - start + 1).to_numpy(), 0)
    pick = np.repeat(np.arange(len(agreements)), span)
    general = (agreements["type"] == "general").to_numpy()[pick]
    confident = agreements["categoryconf"].isin(["high", "med"]).to_numpy()[pick]
    a = agreements["ccode1"].to_numpy(dtype="int64")[pick]
    b = agreements["ccode2"].to_numpy(dtype="int64")[pick]
    rows = pd.DataFrame(
        {
            "ccode1": np.minimum(a, b),
            "ccode2": np.maximum(a, b),
            "year": ramp(span, start.to_numpy()),
            "dcageneralv1": general & confident,
            "dcageneralv2": general,
            "dcasectorv1": ~general & confident,
            "dcasectorv2": ~general,
            "dcaanyv1": confident,
            "dcaanyv2": np.ones(len(pick), dtype=bool),
        }
    )
    flags = [c for c in rows.columns if c.startswith("dca")]
    out = rows.groupby(["ccode1", "ccode2", "year"], as_index=False).agg(
        **{c: (c, "max") for c in flags}, dca_count=("dcaanyv2", "size")
    )
    return out.astype({c: "int8" for c in flags} | {"dca_count": "int64"})


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the DCAD v1.0 main file; derive the dyad-years."""
    tables = read_layouts(path, LAYOUTS)
    tables["dyadyears"] = dyad_years(tables["agreements"])
    return tables


SPEC = SourceSpec(
    name="dcad",
    version="1.0",
    coverage=(1980, 2010),
    title="Defense Cooperation Agreement Dataset (DCAD) v1.0, 1980-2010",
    citation=(
        'Kinne, Brandon J. 2020. "The Defense Cooperation Agreement Dataset (DCAD)." '
        "Journal of Conflict Resolution 64(4): 729-755."
    ),
    terms="Distributed by the COW Data Hosting Program with a request to cite the article.",
    files=(
        RemoteFile(
            "DCAD-v1.0-main.csv", "https://correlatesofwar.org/wp-content/uploads/kinne_dca.zip"
        ),
    ),
    read=read,
    mirror_dir="dcad",
    notes="The official zip (kinne_dca.zip) also holds the dyadic file and the codebook; "
    "foedus reads the main file and derives the dyad-years itself.",
)
