"""S for all dyad-years 1816–2018 from ATOP 5.1: unweighted and capability-weighted.

Imports ATOP 5.1, ATOP's directed dyad-year coding and COW NMC 7.0 from ../shared/data
into a temporary store (not timed), then times :func:`foedus.alignment.similarity` for every
COW system dyad-year, and prints rows, the median wall time of ``REPEAT`` runs (default 3;
the machine is shared, so quote medians) and peak memory (target: under 10 s on the 2-core
reference machine).
Run: .venv/bin/python benchmarks/similarity.py [REPEAT]
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from foedus.alignment import similarity
from foedus.sources import import_source
from foedus.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REPEAT = int(sys.argv[1]) if len(sys.argv) > 1 else 3
RUNS = (
    ("s", "global"),
    ("s,s_wt", "global"),
    ("s,s_wt", "regional"),
    ("s,tau_b,kappa,pi", "global"),
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        import_source("atop", DATA / "atop", store)
        import_source("atop_ddyr", DATA / "peacesciencer" / "atop_alliance.parquet", store)
        import_source("cow_nmc", DATA / "peacesciencer", store)
        similarity(1900, "s", store=store)  # warm-up: imports, state table
        print(f"{'methods':<20} {'domain':<9} {'dyad-years':>11} {'median s':>8} {'peak MB':>8}")
        for method, domain in RUNS:
            walls = []
            for _ in range(REPEAT):
                start = time.perf_counter()
                out = similarity((1816, 2018), method, domain=domain, store=store)
                walls.append(time.perf_counter() - start)
            wall = statistics.median(walls)
            print(f"{method:<20} {domain:<9} {len(out):>11,} {wall:>8.2f} {_peak_mb():>8.0f}")


if __name__ == "__main__":
    main()
