"""Monte Carlo cascades and sweeps: runs per second on real data.

Scenarios: Russia attacks Estonia on 2024-06-01 (built-in set); Austria-Hungary attacks
Serbia on 1914-07-28 (ATOP 5.1 imported from ../shared/data), without and with Russia
asserted for Serbia. Sweeps of directed contiguous pairs of 2010 (COW Direct Contiguity
3.2, ATOP 5.1 obligations) with 10,000 runs each: the first 48 pairs in-process, and all
626 pairs in-process and on a Dask LocalCluster of 1 and 2 worker processes (one thread
each; the cluster is started once per size, outside the timing; the sweep's own set-up,
obligations_on and sending each date's frame to the workers, is inside it).

Prints wall time, CPU time (this process; for Dask, the workers' CPU, read with
``Client.run`` before and after, in the column ``cpu s`` and this process's apart),
runs per second by wall time and by CPU time, and peak memory of this process. Each
timing is the median of REPEAT runs (default 5); the load average is printed before and
after, since the machine may be shared: under load, wall time suffers, CPU time per run
much less. Targets (#13): at least 300,000 runs/s for Russia -> Estonia 2024-06-01; a
sweep at least half as fast per run as a single scenario; the 626 pairs x 10,000 runs in
under 60 s on 2 Dask workers; 2 workers at least 1.8x faster than 1.
Run: .venv/bin/python benchmarks/cascade.py [RUNS [REPEAT [PARTS]]]
(PARTS: a comma-separated subset of single,sweep,dask; default all)
"""

from __future__ import annotations

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


def _line(label: str, runs: int, wall: float, cpu: float, extra: str = "") -> None:
    print(
        f"{label:<52} {runs:>9,} {wall:>7.2f} {cpu:>7.2f} {runs / wall:>10,.0f} "
        f"{runs / cpu if cpu else 0:>10,.0f} {_peak_mb():>7.0f}{extra}",
        flush=True,
    )


def _median(task, cpu_of=None) -> tuple[float, float, float]:
    """Median wall and CPU seconds of REPEAT calls of ``task`` (``cpu_of``: a function
    giving the CPU seconds to count, default this process's), and this process's CPU."""
    walls, cpus, own = [], [], []
    for _ in range(REPEAT):
        start, cpu, mine = time.perf_counter(), (cpu_of or _cpu)(), _cpu()
        task()
        walls.append(time.perf_counter() - start)
        cpus.append((cpu_of or _cpu)() - cpu)
        own.append(_cpu() - mine)
    return statistics.median(walls), statistics.median(cpus), statistics.median(own)


def _scenario(
    label: str, scenario: Scenario, obligations, runs: int, store: Store
) -> tuple[float, float]:
    simulate(scenario, obligations, runs=1_000, seed=0, store=store)  # warm caches
    wall, cpu, _ = _median(lambda: simulate(scenario, obligations, runs=runs, seed=1, store=store))
    _line(label, runs, wall, cpu)
    return runs / wall, runs / cpu


def _workers_cpu(client) -> dict[str, float]:
    """The CPU seconds of each Dask worker process so far (user + system)."""

    def used() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    return client.run(used)


def _sweep(
    label: str, scenarios: list[Scenario], store: Store, out: Path, workers: int
) -> tuple[float, float, float]:
    """Runs per wall second, runs per CPU second and (Dask) the CPU seconds of the busiest
    worker (median of REPEAT)."""
    runs = len(scenarios) * SWEEP_RUNS
    if not workers:
        wall, cpu, _ = _median(lambda: sweep(scenarios, out, runs=SWEEP_RUNS, store=store))
        _line(label, runs, wall, cpu)
        return runs / wall, runs / cpu, cpu
    started = time.perf_counter()
    with dask_executor(n_workers=workers, processes=True, threads_per_worker=1) as executor:
        client = executor._client
        ready = time.perf_counter() - started
        sweep(scenarios[:8], out, executor=executor, runs=100, store=store)  # warm imports
        walls, totals, busiest, own = [], [], [], []
        for _ in range(REPEAT):
            before, start, mine = _workers_cpu(client), time.perf_counter(), _cpu()
            sweep(scenarios, out, executor=executor, runs=SWEEP_RUNS, store=store)
            walls.append(time.perf_counter() - start)
            own.append(_cpu() - mine)
            spent = [v - before[k] for k, v in _workers_cpu(client).items()]
            totals.append(sum(spent))
            busiest.append(max(spent))
    wall, cpu, top = (statistics.median(v) for v in (walls, totals, busiest))
    _line(
        label,
        runs,
        wall,
        cpu,
        f"  (busiest worker {top:.2f} CPU s; this process {statistics.median(own):.2f}; "
        f"cluster start {ready:.1f} s)",
    )
    return runs / wall, runs / cpu, top


def main(runs: int, parts: set[str]) -> None:
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        import_source("atop", DATA / "atop", store)
        import_source("cow_nmc", DATA / "peacesciencer" / "cow_nmc.csv", store)
        import_source("cow_contiguity", DATA / "cow" / "contdird_v3.2.parquet", store)
        print(f"load average {os.getloadavg()} on {os.cpu_count()} CPUs; median of {REPEAT}")
        print(
            f"{'benchmark':<52} {'runs':>9} {'wall s':>7} {'cpu s':>7} {'runs/s':>10} "
            f"{'runs/cpu s':>10} {'peak MB':>7}"
        )
        if "single" in parts:
            estonia = Scenario.build("Russia", "Estonia", "2024-06-01")
            single = _scenario(
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
        pairs = contiguous_pairs(2010, store=store)
        out = Path(home) / "sweep.parquet"
        if "sweep" in parts:
            rate, per_cpu, _ = _sweep(
                f"sweep: {SWEEP_PAIRS} contiguous pairs 2010, in-process",
                pairs[:SWEEP_PAIRS],
                store,
                out,
                0,
            )
            whole = _sweep(f"sweep: all {len(pairs)} pairs 2010, in-process", pairs, store, out, 0)
            if "single" in parts:
                print(
                    f"sweep / Russia -> Estonia per run: {SWEEP_PAIRS} pairs "
                    f"{rate / single[0]:.2f} by wall, {per_cpu / single[1]:.2f} by CPU; all pairs "
                    f"{whole[0] / single[0]:.2f} by wall, {whole[1] / single[1]:.2f} by CPU"
                )
        if "dask" in parts:
            one, two = (
                _sweep(
                    f"sweep: all {len(pairs)} pairs 2010, Dask {w} worker(s)", pairs, store, out, w
                )
                for w in (1, 2)
            )
            print(
                f"Dask 2 workers / 1 worker: {two[0] / one[0]:.2f} by wall; "
                f"{one[2] / two[2]:.2f} by CPU (1 worker's CPU over the busiest of 2: the "
                "speed-up on two idle cores)"
            )
        print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    if len(sys.argv) > 2:
        REPEAT = int(sys.argv[2])
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 200_000,
        set(sys.argv[3].split(",")) if len(sys.argv) > 3 else {"single", "sweep", "dask"},
    )
