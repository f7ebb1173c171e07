"""Simulated GDP, population and surplus domestic product (Anders, Fariss & Markowitz 2020),
as peacesciencer 1.2 distributed them (deprecated in 1.2.0, removed in 1.3.0).

Tables ``cow`` (``cow_sdp_gdp.parquet``: ccode, year; 1800–2016) and ``gw``
(``gw_sdp_gdp.parquet``: gwcode, year; 1800–2015), each with ``wbgdp2011est`` (GDP),
``wbpopest`` (population), ``sdpest`` (surplus domestic product) and ``wbgdppc2011est``
(GDP per capita): natural logs of the means of the simulations, GDP in 2011 US dollars.
The simulations also cover polities outside the state lists (e.g. COW 563/564, Transvaal
and the Orange Free State; G-W 221, Monaco), so codes are checked for range only. The
G-W table logs a non-positive SDP as -inf (11,137 rows); foedus stores those as null.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, in_range, read_layouts, steps
from foedus.sources.democracy import deprecated_files

COLUMNS = ("wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est")


def _layout(system: str, filename: str) -> Layout:
    code = "ccode" if system == "cow" else "gwcode"
    return Layout(
        system,
        filename,
        (code, "year", *COLUMNS),
        floats=COLUMNS,
        infinite_missing=COLUMNS,
        finish=steps(in_range("year", 1700, 2100), in_range(code, 2, 999, "a state code")),
        key=(code, "year"),
        min_rows=100,
    )


LAYOUTS = (_layout("cow", "cow_sdp_gdp.parquet"), _layout("gw", "gw_sdp_gdp.parquet"))


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the COW and G-W GDP/SDP tables (a folder needs both)."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="sdp_gdp",
    version="2020",
    coverage=(1816, 2016),
    title="Simulated GDP, population and SDP (Anders, Fariss & Markowitz 2020)",
    citation=(
        "Anders, Therese, Christopher J. Fariss, and Jonathan N. Markowitz. 2020. "
        '"Bread Before Guns or Butter: Introducing Surplus Domestic Product (SDP)." '
        "International Studies Quarterly 64(2): 392-405."
    ),
    terms="Published research data with a request to cite; peacesciencer is GPL-2.",
    files=deprecated_files(*(lay.filename for lay in LAYOUTS)),
    read=read,
    mirror_dir="peacesciencer/deprecated",
    notes="Deprecated in peacesciencer 1.2.0 (replaced by add_sim_gdp_pop) and removed in "
    "1.3.0; the mirror serves the R .rda tables as Parquet.",
)
