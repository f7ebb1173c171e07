"""Monte Carlo cascades and sweeps: runs per second on real data.

Scenarios: Russia attacks Estonia on 2024-06-01 (built-in set); Austria-Hungary attacks
Serbia on 1914-07-28 (ATOP 5.1 imported from ../shared/data), without and with Russia
asserted for Serbia; and a sweep over the first 48 directed contiguous pairs of 2010 (COW
Direct Contiguity 3.2, ATOP 5.1 obligations) with 10,000 runs each, in-process and on a
Dask LocalCluster with 1 and 2 worker processes. Prints wall time, CPU time of this
process (Dask workers' CPU is not in it), runs per second (by wall time) and peak memory
(resource.getrusage). Each timing is the median of REPEAT runs (default 5); the load
average (os.getloadavg) is printed first, since the machine may be shared. Targets (#13):
at least 300,000 runs/s for Russia -> Estonia 2024-06-01, and a sweep at least half as fast
per run as a single scenario.
Run: .venv/bin/python benchmarks/cascade.py [RUNS [REPEAT]]
"""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from foedus.cascade import simulate
from foedus.casus import Scenario
from foedus.commitments import obligations_on
from foedus.sources import import_source
from foedus.store import Store
from foedus.sweep import contiguous_pairs, dask_executor, sweep

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SWEEP_PAIRS, SWEEP_RUNS = 48, 10_000
REPEAT = 5


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _line(label: str, runs: int, wall: float, cpu: float) -> None:
    print(
        f"{label:<56} {runs:>9,} {wall:>7.2f} {cpu:>7.2f} {runs / wall:>10,.0f} {_peak_mb():>7.0f}"
    )


def _median(task) -> tuple[float, float]:
    """Median wall and CPU seconds of REPEAT calls of ``task``."""
    walls, cpus = [], []
    for _ in range(REPEAT):
        start, cpu = time.perf_counter(), _cpu()
        task()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _scenario(label: str, scenario: Scenario, obligations, runs: int, store: Store) -> None:
    simulate(scenario, obligations, runs=1_000, seed=0, store=store)  # warm caches
    wall, cpu = _median(lambda: simulate(scenario, obligations, runs=runs, seed=1, store=store))
    _line(label, runs, wall, cpu)


def _sweep(label: str, scenarios: list[Scenario], store: Store, out: Path, workers: int) -> None:
    context = (
        dask_executor(n_workers=workers, processes=True, threads_per_worker=1)
        if workers
        else contextlib.nullcontext(None)
    )
    with context as executor:
        wall, cpu = _median(
            lambda: sweep(scenarios, out, executor=executor, runs=SWEEP_RUNS, store=store, chunk=4)
        )
    _line(label, len(scenarios) * SWEEP_RUNS, wall, cpu)


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        import_source("atop", DATA / "atop", store)
        import_source("cow_nmc", DATA / "peacesciencer" / "cow_nmc.csv", store)
        import_source("cow_contiguity", DATA / "cow" / "contdird_v3.2.parquet", store)
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; median of {REPEAT}")
        print(
            f"{'benchmark':<56} {'runs':>9} {'wall s':>7} {'cpu s':>7} {'runs/s':>10} "
            f"{'peak MB':>7}"
        )
        estonia = Scenario.build("Russia", "Estonia", "2024-06-01")
        _scenario(
            "Russia -> Estonia 2024-06-01 (built-in)",
            estonia,
            obligations_on(estonia.date, store=store),
            runs,
            store,
        )
        serbia = Scenario.build(300, 345, "1914-07-28")
        ww1 = obligations_on(serbia.date, store=store)
        _scenario("Austria-Hungary -> Serbia 1914-07-28 (ATOP)", serbia, ww1, runs, store)
        asserted = Scenario.build(
            300,
            345,
            "1914-07-28",
            entrants={"Russia": "target"},
            attacks=["Russia>Austria-Hungary", "Germany>Russia"],
        )
        _scenario(
            "  ... Russia for Serbia, July-crisis attacks asserted", asserted, ww1, runs, store
        )
        pairs = contiguous_pairs(2010, store=store)[:SWEEP_PAIRS]
        out = Path(home) / "sweep.parquet"
        _sweep(f"sweep: {len(pairs)} contiguous pairs 2010, in-process", pairs, store, out, 0)
        for workers in (1, 2):
            _sweep(
                f"sweep: {len(pairs)} contiguous pairs 2010, Dask {workers} worker(s)",
                pairs,
                store,
                out,
                workers,
            )


if __name__ == "__main__":
    if len(sys.argv) > 2:
        REPEAT = int(sys.argv[2])
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
