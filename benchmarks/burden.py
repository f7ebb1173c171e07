"""Burden sharing on real data: SIPRI workbook import, member-years, O&Z series, allocations.

Imports SIPRI Milex (timed: the official workbook, all seven measure sheets), COW NMC 7.0
and CShapes minimum distances from ../shared/data into a temporary store, then times
:func:`foedus.burden.burden` for NATO 1949–2024 and for every member-year of the Rio Treaty
and the CSTO, the Olson–Zeckhauser series for NATO 1955–2024, and allocations of 2% of
NATO's 2024 GDP by ability (with a binding ceiling) and by benefit (threat: Russia).
Prints rows, the median wall time of three runs (one for the import) and peak memory
(target: each step under 2 s on the 2-core machine).
Run: .venv/bin/python benchmarks/burden.py
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from foedus.burden import allocate, burden, olson_zeckhauser
from foedus.sources import import_source
from foedus.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _row(label: str, run: Callable[[], object], repeat: int = 3) -> None:
    """Run ``run`` ``repeat`` times; print rows, the median wall time and peak memory."""
    walls = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        walls.append(time.perf_counter() - start)
    if isinstance(out, pd.DataFrame):
        rows = len(out)
    elif hasattr(out, "rows"):
        rows = sum(out.rows.values())
    else:
        rows = 0
    wall = statistics.median(walls)
    print(f"{label:<52} {rows:>8,} {wall:>8.2f} {_peak_mb():>8.0f}")


def _figure(table: pd.DataFrame, path: Path) -> Path:
    """The three panels of ``foedus burden --plot``, written as PNG."""
    from foedus.plotting import (
        new_figure,
        plot_burden_ranking,
        plot_burden_scatter,
        plot_compliance,
        save_figure,
    )

    fig, panels = new_figure([["s", "r"], ["c", "c"]], figsize=(14, 12), height_ratios=(8, 4))
    plot_burden_scatter(table, ax=panels["s"])
    plot_burden_ranking(table, ax=panels["r"])
    plot_compliance(table, ax=panels["c"])
    return save_figure(fig, path)


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        import_source("cow_nmc", DATA / "peacesciencer" / "cow_nmc.csv", store)
        import_source("mindist", DATA / "peacesciencer" / "cow_mindist.parquet", store)
        print(f"{'step':<52} {'rows':>8} {'wall s':>8} {'peak MB':>8}")
        _row(
            "import SIPRI workbook (7 sheets)",
            lambda: import_source("sipri_milex", DATA / "sipri_milex", store),
            repeat=1,
        )
        _row("burden NATO 1949-2024", lambda: burden("NATO", "1949-2024", store=store))
        _row("burden Rio Treaty 1949-2024", lambda: burden("Rio Treaty", "1949-2024", store=store))
        _row("burden CSTO 1994-2024", lambda: burden("CSTO", "1994-2024", store=store))
        _row(
            "Olson-Zeckhauser NATO 1955-2024 (burden + series)",
            lambda: olson_zeckhauser(burden("NATO", "1955-2024", store=store)),
        )
        _row(
            "allocate NATO 2024 2%gdp ability, USA ceiling 1.5%",
            lambda: allocate(
                "NATO", 2024, "2%gdp", "ability", ceilings={"USA": "1.5%"}, store=store
            ),
        )
        _row(
            "allocate NATO 2024 2%gdp benefit, threat RUS",
            lambda: allocate("NATO", 2024, "2%gdp", "benefit", threat="RUS", store=store),
        )
        nato = burden("NATO", "2014-2024", thresholds=(2, 3.5), store=store)
        _row(
            "figure: scatter, ranking, compliance (PNG)",
            lambda: _figure(nato, Path(home) / "burden.png"),
        )


if __name__ == "__main__":
    main()
