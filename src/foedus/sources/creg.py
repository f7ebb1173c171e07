"""Ethnic and religious fractionalization and polarization: the Composition of Religious
and Ethnic Groups (CREG) project (Nardulli et al. 2012), and the Historical Index of
Ethnic Fractionalization (Dražanová 2019), as peacesciencer distributes them.

Tables ``creg`` (``creg.csv``: ccode, gwcode, creg_ccode, year, ethfrac, ethpol, relfrac,
relpol; 1945–2013; ``ccode`` or ``gwcode`` is null where the state is not in that system)
and ``hief`` (``hief.csv``, optional: ccode, gwcode, year, efindex; 1945–2013).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import SourceSpec
from foedus.sources.checks import Layout, from_peacesciencer, in_range, read_layouts

CREG_COLUMNS = ("ethfrac", "ethpol", "relfrac", "relpol")

LAYOUTS = (
    Layout(
        "creg",
        "creg.csv",
        ("ccode", "gwcode", "year", *CREG_COLUMNS),
        floats=CREG_COLUMNS,
        cow=("ccode",),
        gw=("gwcode",),
        finish=in_range("year", 1816, 2100),
        filled=("year",),
        min_rows=100,
    ),
    Layout(
        "hief",
        "hief.csv",
        ("ccode", "gwcode", "year", "efindex"),
        floats=("efindex",),
        cow=("ccode",),
        gw=("gwcode",),
        finish=in_range("year", 1816, 2100),
        filled=("year",),
        optional=True,
        min_rows=100,
    ),
)


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the CREG (and HIEF) fractionalization tables."""
    return read_layouts(path, LAYOUTS)


SPEC = SourceSpec(
    name="creg",
    version="2012",
    coverage=(1945, 2013),
    title="CREG ethnic and religious fractionalization (and HIEF), peacesciencer",
    citation=(
        "Nardulli, Peter F., Cara J. Wong, Ajay Singh, Buddy Petyon, and Joseph Bajjalieh. "
        "2012. The Composition of Religious and Ethnic Groups (CREG) Project. Cline Center "
        "for Democracy, University of Illinois. Drazanova, Lenka. 2019. Historical Index of "
        "Ethnic Fractionalization Dataset (HIEF). Harvard Dataverse."
    ),
    terms="Published research data with a request to cite; peacesciencer is GPL-2.",
    read=read,
    **from_peacesciencer(*(lay.filename for lay in LAYOUTS)),
)
