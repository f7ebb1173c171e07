"""Benchmark: the peacesciencer-parity verbs that build large frames, in process.

    python benchmarks/panel_verbs.py [--runs N]

The sources are imported from ../shared/data into a temporary store first (not timed).
Each step then runs ``--runs`` times (default 5) and the median wall time is printed with
the rows it made; quote it with the load average (``uptime``) printed before and after, as
other processes share the cores. Steps: COW state-days 1816–2024, Archigos leader-years,
leader-days, directed G-W leader-dyad-years 1870–2015 (peacesciencer downloads a pre-built
file for these), whittling COW MID 5.0 dispute-years to dyad-years, and the state-year
attribute verbs on every COW state-year.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PS = DATA / "peacesciencer"
SOURCES = {
    "cow_states": PS / "cow_states.csv",
    "gw_states": PS / "gw_states.csv",
    "cow_mid": PS,
    "leaders": PS,
    "democracy": PS / "deprecated",
    "sdp_gdp": PS / "deprecated",
    "cow_trade": PS,
    "creg": PS,
    "terrthreat": PS,
}


def steps(store: Any) -> dict[str, Callable[[], Any]]:
    from foedus import panels

    def attributes() -> Any:
        frame = panels.state_years((1816, 2024), store=store)
        for verb in (
            panels.add_democracy,
            panels.add_sdp_gdp,
            panels.add_cow_trade,
            panels.add_creg_fractionalization,
            panels.add_latent_territorial_threat,
        ):
            frame = verb(frame, store=store)
        return frame

    disputes = panels.dispute_years("cow", store=store)
    return {
        "state_days 1816-2024": lambda: panels.state_days((1816, 2024), store=store),
        "leader_years": lambda: panels.leader_years(store=store),
        "leader_days": lambda: panels.leader_days(store=store),
        "leader_dyad_years (directed, G-W)": lambda: panels.leader_dyad_years(store=store),
        "whittle_conflicts (COW MID 5.0)": lambda: panels.whittle_conflicts(disputes),
        "state-year attributes x5": attributes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from foedus.sources import import_source
    from foedus.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "home")
        for name, path in SOURCES.items():
            import_source(name, path, store)
        print(f"load before: {os.getloadavg()[0]:.2f}")
        for label, step in steps(store).items():
            times, rows = [], 0
            for _ in range(args.runs):
                start = time.perf_counter()
                rows = len(step())
                times.append(time.perf_counter() - start)
            print(f"{label:38s} {rows:>10,} rows  median {statistics.median(times):6.2f} s")
        print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
