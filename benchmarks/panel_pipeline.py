"""Benchmark: the undirected 1816–2010 dyad-year pipeline as a whole process, as a user runs it.

    foedus panel dyad-years --years 1816-2010 \\
        --add atop,nmc,contiguity,majors,mids,distance,igos,peace-years -o x.parquet

The sources are imported from ../shared/data into a temporary store first (not timed).
Then the command runs ``--runs`` times (default 5) as a fresh ``python -m foedus`` process;
each run's wall time, CPU time (user + system) and peak RSS come from ``os.wait4``. The
median wall time is the figure to quote, with the load average (``uptime``) before and
after: CPU time shows the work done when other processes share the cores. ``import foedus``
is measured separately with ``python -X importtime`` (median of the same number of runs).
The children run without ``PYTHONDONTWRITEBYTECODE`` (the warm-up run writes the sources'
bytecode), as an installed package has its bytecode: recompiling every module costs a
run 0.1-0.2 s that no user pays.

    python benchmarks/panel_pipeline.py [--runs N] [--peacesciencer] [--home FOEDUS_HOME]

``--home`` reuses a store that already holds the sources above instead of importing them
into a temporary one; its data are only read, but the warm-up run writes the derived
tables every panel command keeps (the dyad-year universe) to its ``derived/`` folder, as
any user's first run does.

Targets (issue 14): at most 1.3 s median wall, peak RSS under 600 MB, ``import foedus``
under 0.3 s. peacesciencer: 23–26 s and ~2.5 GB for the same 842,655 rows. The figures
measured, and where the time goes: docs/data.md, "Speed of the panel pipeline".
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PS = DATA / "peacesciencer"
SOURCES = {
    "cow_states": PS / "cow_states.csv",
    "atop": DATA / "atop",
    "atop_ddyr": PS / "atop_alliance.parquet",
    "cow_nmc": PS / "cow_nmc.csv",
    "cow_contiguity": None,  # a folder with COW's yearly file and peacesciencer's spells
    "cow_majors": PS / "cow_majors.csv",
    "cow_mid": PS,
    "capitals": PS,
    "cow_igo": PS,
}
VERBS = "atop,nmc,contiguity,majors,mids,distance,igos,peace-years"


def _import_sources(home: Path) -> None:
    from foedus.sources import import_source
    from foedus.store import Store

    store = Store(home)
    both = home.parent / "contiguity-input"
    both.mkdir()
    (both / "contdird_v3.2.parquet").symlink_to(DATA / "cow/contdird_v3.2.parquet")
    (both / "cow_contdir.csv").symlink_to(PS / "cow_contdir.csv")
    for name, path in SOURCES.items():
        import_source(name, both if path is None else path, store)


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Wall seconds, CPU seconds, system CPU seconds and peak RSS (MB) of one child."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    err = child.stderr.read().decode() if child.stderr else ""
    if status != 0:
        sys.exit(f"benchmark command failed ({status}): {' '.join(command)}\n{err}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_stime, usage.ru_maxrss / 1024


def _import_seconds(env: dict[str, str]) -> float:
    """``import foedus``'s cumulative time from ``python -X importtime``."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import foedus"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    for line in out.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| foedus$", line)
        if match:
            return int(match.group(1)) / 1e6
    sys.exit("python -X importtime printed no line for foedus")


def _uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peacesciencer", action="store_true")
    parser.add_argument(
        "--home", type=Path, help="a store holding the sources (only derived/ is written)"
    )
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"skipped: {DATA} (the staged research datasets) is absent")
    src = str(Path(__file__).resolve().parents[1] / "src")
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home
        if home is None:
            home = Path(tmp) / "home"
            _import_sources(home)
        env = dict(os.environ, FOEDUS_HOME=str(home), PYTHONPATH=src, COLUMNS="80")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        output = Path(tmp) / "x.parquet"
        command = [
            sys.executable,
            "-m",
            "foedus",
            "panel",
            "dyad-years",
            "--years",
            "1816-2010",
            "--add",
            VERBS,
            "-o",
            str(output),
            *(["--peacesciencer"] if args.peacesciencer else []),
        ]
        before = _uptime()
        _run(command, env)  # warm the file cache; not counted
        runs = [_run(command, env) for _ in range(args.runs)]
        imports = [_import_seconds(env) for _ in range(args.runs)]
        after = _uptime()
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(output).metadata.num_rows
    walls, cpus, system, rss = zip(*runs, strict=True)
    print(
        f"command: foedus panel dyad-years --years 1816-2010 --add {VERBS} -o x.parquet"
        + (" --peacesciencer" if args.peacesciencer else "")
    )
    print(f"rows written: {rows:,}")
    each = ", ".join(f"{w:.2f}" for w in walls)
    print(f"wall s:  median {statistics.median(walls):.2f}  runs {each}")
    print(
        f"CPU s:   median {statistics.median(cpus):.2f}  (user + system; system "
        f"{statistics.median(system):.2f})"
    )
    print(f"peak RSS MB: max {max(rss):.0f}  median {statistics.median(rss):.0f}")
    print(f"import foedus s (python -X importtime): median {statistics.median(imports):.3f}")
    print(f"before: {before}; after: {after}")
    print("targets: wall <= 1.3 s, RSS < 600 MB, import < 0.3 s (peacesciencer: 23-26 s, ~2.5 GB)")


if __name__ == "__main__":
    main()
