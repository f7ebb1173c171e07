"""Benchmark: the undirected 1816–2010 dyad-year pipeline with peace years.

    foedus panel dyad-years --years 1816-2010 \\
        --add atop,nmc,contiguity,majors,mids,distance,igos,peace-years

The sources are imported from ../shared/data into a temporary store first (not timed);
then the pipeline runs three times and the median wall and CPU times are printed with the
peak RSS of the process (CPU time shows the work done when other processes share the
cores). Reference: peacesciencer builds 842,655 undirected dyad-years in ~17 s, ~4 s more
for peace years, at ~2.5 GB.
"""

from __future__ import annotations

import os
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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pipeline(store: Store):
    return add(dyad_years((1816, 2010), store=store), VERBS, store=store)


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"skipped: {DATA} (the staged research datasets) is absent")
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        for name, path in SOURCES.items():
            import_source(name, path, store)
        imported_mb = _peak_mb()
        walls, cpus = [], []
        for _ in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            panel = pipeline(store)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            shape = panel.shape
            del panel  # one panel alive at a time, as in a user's session
        peak_mb = _peak_mb()
        print(
            f"{'benchmark':<16} {'rows':>9} {'cols':>5} {'wall_s':>7} {'cpu_s':>6} "
            f"{'runs_wall_s':<18} {'peak_rss_mb':>11} {'after_imports_mb':>16}"
        )
        print(
            f"{'panel_pipeline':<16} {shape[0]:>9,d} {shape[1]:>5d} "
            f"{statistics.median(walls):>7.2f} {statistics.median(cpus):>6.2f} "
            f"{', '.join(f'{t:.2f}' for t in walls):<18} {peak_mb:>11.0f} "
            f"{imported_mb:>16.0f}"
        )
        print(
            f"wall and CPU: medians of 3 runs; peak RSS of the whole process, imports "
            f"included. Load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores."
        )
        print(
            "targets: < 2 s, < 1024 MB (peacesciencer: 842,655 rows, ~17 s + ~4 s for peace "
            f"years, ~2.5 GB); verbs: {', '.join(VERBS)}"
        )


if __name__ == "__main__":
    main()
