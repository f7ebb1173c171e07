"""CPU of one deterministic scenario's answer, as a worker of ``foedus serve`` computes it.

Over the pool of ``serve_load.py`` (its 20 attacker/target pairs x 8 dates), in one process:
the obligations compiled first (as a worker does when it starts), then each scenario's
``GET /api/v1/scenario`` answer computed by :func:`foedus.web.workers.scenario_answer` in a
shuffled order, twice (the first pass also fills the per-date caches; the second is a
long-running worker's cost). Prints the CPU per scenario (mean, p50, p90, max) of each pass,
and a digest of the answers; ``--answers FILE`` writes them (JSON, by scenario), e.g. to
compare two versions of the code.

Run: PYTHONPATH=src .venv/bin/python benchmarks/scenario_cpu.py --home DIR (a store with
ATOP 5.1, COW states and NMC; default: FOEDUS_HOME).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_load import DATES, PAIRS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="the store (default: FOEDUS_HOME)")
    parser.add_argument("--seed", type=int, default=0, help="order of the scenarios")
    parser.add_argument("--answers", type=Path, help="write the answers here (JSON)")
    args = parser.parse_args()
    if args.home:
        os.environ["FOEDUS_HOME"] = args.home
    from foedus.report import build_scenario
    from foedus.web import workers

    start = time.process_time()
    workers.warm()
    print(f"obligations compiled: {time.process_time() - start:.2f} s CPU")
    order = [(a, t, d) for a, t in PAIRS for d in DATES]
    random.Random(args.seed).shuffle(order)
    answers: dict[str, str] = {}
    for n in (1, 2):
        cpu = []
        for a, t, d in order:
            scenario = build_scenario([a], [t], d, location=(), provoked="no", entrant=None)
            start = time.process_time()
            body = workers.scenario_answer(
                scenario,
                explain=None,
                runs=0,
                seed=None,
                honour=None,
                free_join=0.0,
                unknown="unmet",
                sources=None,
            )
            cpu.append(time.process_time() - start)
            key = f"{a}>{t}@{d}"
            if answers.setdefault(key, body.decode()) != body.decode():
                raise SystemExit(f"{key}: pass {n} answered differently")
        ms = np.array(cpu) * 1000
        print(
            f"pass {n}: {len(ms)} scenarios, CPU per scenario mean {ms.mean():.1f} ms, "
            f"p50 {np.median(ms):.1f}, p90 {np.percentile(ms, 90):.1f}, max {ms.max():.1f}"
        )
    text = json.dumps(answers, sort_keys=True)
    print(f"answers digest {hashlib.sha256(text.encode()).hexdigest()[:16]}")
    if args.answers:
        args.answers.write_text(text)


if __name__ == "__main__":
    main()
