"""Latent external territorial threat by state-year, 1816–2010 (Miller, random-item
response model of territorial threat), as peacesciencer distributes it.

Table ``terrthreat`` (``terrthreat.csv``): ccode, year, lterrthreat (the estimate), sd,
lwr, upr (its standard deviation and 90% interval) and the ``m_`` variants (the model
that also uses the MID data; missing in years that model does not cover).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts

COLUMNS = ("lterrthreat", "sd", "lwr", "upr", "m_lterrthreat", "m_sd", "m_lwr", "m_upr")

LAYOUTS = (
    Layout(
        "terrthreat",
        "terrthreat.csv",
        ("ccode", "year", "lterrthreat", "sd", "lwr", "upr"),
        floats=COLUMNS,
        cow=("ccode",),
        finish=in_range("year", 1816, 2100),
        key=("ccode", "year"),
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the latent territorial threat estimates."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="terrthreat",
    version="2024",
    coverage=(1816, 2010),
    title="Latent external territorial threat, 1816-2010 (Miller; peacesciencer)",
    citation=(
        'Miller, Steven V. 2024. "Latent Territorial Threat." In: Miller, Steven V. 2022. '
        '"peacesciencer: An R Package for Quantitative Peace Science Research." Conflict '
        "Management and Peace Science 39(6): 755-779. See also Gibler, Douglas M. and "
        'Steven V. Miller. 2014. "External Territorial Threat, State Capacity, and Civil '
        'War." Journal of Peace Research 51(5): 634-646.'
    ),
    terms="Published research data with a request to cite; peacesciencer is GPL-2.",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
