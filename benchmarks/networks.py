"""Yearly network measures 1816–2018 (ATOP defense layer, and all ATOP obligations).

Imports ATOP 5.1 and ATOP's directed dyad-year coding from ../shared/data into a temporary
store (not timed), then times :func:`foedus.networks.network_metrics` over every year —
ties, density, components, blocs, modularity, polarization, dyads at distance 1–3 — per-state
centrality for one year and the network of one day, printing the median wall time of
``REPEAT`` runs (default 3; the machine is shared, so quote medians) and peak memory.
Run: .venv/bin/python benchmarks/networks.py [REPEAT]
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from foedus.networks import centrality, network, network_metrics
from foedus.sources import import_source
from foedus.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


REPEAT = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def _timed(label: str, fn) -> None:
    walls = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        out = fn()
        walls.append(time.perf_counter() - start)
    wall = statistics.median(walls)
    rows = len(out) if hasattr(out, "__len__") else 1
    print(f"{label:<42} {rows:>6} rows {wall:>7.2f} s median {_peak_mb():>7.0f} MB peak")


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        import_source("atop", DATA / "atop", store)
        import_source("atop_ddyr", DATA / "peacesciencer" / "atop_alliance.parquet", store)
        centrality(1900, "defense", store)  # warm-up: imports, state table
        _timed("metrics 1816-2018, defense", lambda: network_metrics(None, "defense", store))
        _timed(
            "metrics 1816-2018, alliance (any)", lambda: network_metrics(None, "alliance", store)
        )
        _timed("centrality 2000, defense", lambda: centrality(2000, "defense", store))
        _timed(
            "network on 1914-07-28, defense",
            lambda: network(on="1914-07-28", layer="defense", store=store).states,
        )


if __name__ == "__main__":
    main()
