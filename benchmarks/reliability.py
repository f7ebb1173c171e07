"""Alliance reliability over every COW inter-state war (1816-2007) and ATOP 5.1 obligation.

Imports ATOP 5.1 and COW Inter-State War v4.0 (with Maoz's dyadic war file) from
../shared/data into a temporary store (not timed), then times the case coding under both
alliance rules and the calibration, and prints obligations at stake, cases, wall time and
peak memory (target: a few seconds on the 2-core reference machine).
Run: .venv/bin/python benchmarks/reliability.py
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from foedus.reliability import (
    calibrated_honour_probabilities,
    calibrated_probabilities,
    coded_obligations,
    reliability_cases,
)
from foedus.sources import import_source
from foedus.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(label: str, call) -> None:
    start = time.perf_counter()
    out = call()
    wall = time.perf_counter() - start
    print(f"{label:<38} {len(out):>8,} {wall:>8.2f} {_peak_mb():>8.0f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        import_source("atop", DATA / "atop", store)
        import_source("cow_war", DATA / "cow", store)
        print(f"{'step':<38} {'rows':>8} {'wall s':>8} {'peak MB':>8}")
        _timed("obligations at stake, coded (cold)", lambda: coded_obligations(store))
        _timed("cases, rule all", lambda: reliability_cases(store, rule="all"))
        _timed("cases, rule any", lambda: reliability_cases(store, rule="any"))
        _timed("cases, World War I only", lambda: reliability_cases(store, war=106))
        _timed(
            "calibrated probabilities (type x era)", lambda: calibrated_honour_probabilities(store)
        )
        _timed("calibrated_probabilities(1914)", lambda: calibrated_probabilities(1914, store))


if __name__ == "__main__":
    main()
