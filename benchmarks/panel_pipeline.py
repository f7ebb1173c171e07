"""Benchmark: the undirected 1816–2010 dyad-year pipeline with peace years.

    foedus panel dyad-years --years 1816-2010 \\
        --add atop,nmc,contiguity,majors,mids,distance,igos,peace-years

The sources are imported from ../shared/data into a temporary store first (not timed);
then the pipeline runs three times and the median wall time is printed with the peak RSS
of the process. Reference: peacesciencer builds 842,655 undirected dyad-years in ~17 s,
~4 s more for peace years, at ~2.5 GB.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from foedus.panels import add, dyad_years
from foedus.sources import import_source
from foedus.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PS = DATA / "peacesciencer"
SOURCES = {
    "cow_states": PS / "cow_states.csv",
    "atop": DATA / "atop",
    "cow_nmc": PS / "cow_nmc.csv",
    "cow_contiguity": DATA / "cow" / "contdird_v3.2.parquet",
    "cow_majors": PS / "cow_majors.csv",
    "cow_mid": PS,
    "capitals": PS,
    "cow_igo": PS,
}
VERBS = ["atop", "nmc", "contiguity", "majors", "mids", "distance", "igos", "peace-years"]


def pipeline(store: Store):
    return add(dyad_years((1816, 2010), store=store), VERBS, store=store)


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"skipped: {DATA} (the staged research datasets) is absent")
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        for name, path in SOURCES.items():
            import_source(name, path, store)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            panel = pipeline(store)
            times.append(time.perf_counter() - start)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print("benchmark        rows      columns  wall_s (median of 3)  runs_s               "
              "peak_rss_mb")
        print(f"panel_pipeline   {len(panel):<9,d} {panel.shape[1]:<8d} "
              f"{statistics.median(times):<21.2f} "
              f"{', '.join(f'{t:.2f}' for t in times):<20s} {peak_mb:.0f}")
        print(f"targets: < 2 s, < 1024 MB (peacesciencer: 842,655 rows, ~21 s, ~2.5 GB); "
              f"verbs: {', '.join(VERBS)}")


if __name__ == "__main__":
    main()
