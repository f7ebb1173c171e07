"""Yearly network measures 1816–2018 (ATOP defense layer, and all ATOP obligations).

Imports ATOP 5.1 from ../shared/data into a temporary store (not timed), then times
:func:`foedus.networks.network_metrics` over every year — ties, density, components,
blocs, modularity, polarization, dyads at distance 1–3 — and per-state centrality for
one year, printing wall time and peak memory.
Run: .venv/bin/python benchmarks/networks.py
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from foedus.networks import centrality, network_metrics
from foedus.sources import import_source
from foedus.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(label: str, fn) -> None:
    start = time.perf_counter()
    out = fn()
    wall = time.perf_counter() - start
    print(f"{label:<42} {len(out):>6} rows {wall:>7.2f} s {_peak_mb():>7.0f} MB peak")


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        import_source("atop", DATA / "atop", store)
        centrality(1900, "defense", store)  # warm-up: imports, state table
        _timed("metrics 1816-2018, defense", lambda: network_metrics(None, "defense", store))
        _timed(
            "metrics 1816-2018, alliance (any)", lambda: network_metrics(None, "alliance", store)
        )
        _timed("centrality 2000, defense", lambda: centrality(2000, "defense", store))


if __name__ == "__main__":
    main()
