"""Sweeps: many scenarios on any ``concurrent.futures`` executor, streamed to Parquet.

:func:`sweep` splits a list of scenarios into chunks, maps them on an executor (in-process
by default; a process pool; or a Dask cluster through :func:`dask_executor`), and writes
each chunk's rows to one Parquet file as it arrives, so memory stays flat however long
the grid. Every scenario gets its own random stream, spawned from ``seed`` by position, so
results do not depend on the executor, the chunk size or the number of workers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.cascade import honour_probabilities
from foedus.cascade.batch import sweep_draws
from foedus.casus import Scenario
from foedus.casus.pledges import fixed_frame, frames_fixed
from foedus.commitments import shared_obligations_on
from foedus.dates import parse_date
from foedus.errors import FoedusError
from foedus.progress import progress

if TYPE_CHECKING:
    from foedus.store import Store

#: the Parquet rows: codes as lists of COW codes, the day as a timestamp (Parquet has no
#: unit of seconds: pandas reads it back as datetime64[ms]), counts as integers
COLUMNS = {
    "attacker_ccodes": "list<int64>",
    "target_ccodes": "list<int64>",
    "date": "timestamp[ms]",
    "pledges_triggered": "int64",
    "entrants_attacker": "int64",
    "entrants_target": "int64",
    "rounds": "int64",
    "runs": "int64",
    "war_size_mean": "float64",
    "war_size_p2_5": "float64",
    "war_size_p97_5": "float64",
    "rounds_mean": "float64",
}


def _schema() -> Any:
    """The Arrow schema of :data:`COLUMNS`."""
    import pyarrow as pa

    types = {
        "list<int64>": pa.list_(pa.int64()),
        "timestamp[ms]": pa.timestamp("ms"),
        "int64": pa.int64(),
        "float64": pa.float64(),
    }
    return pa.schema([(c, types[t]) for c, t in COLUMNS.items()])


class _InProcess(Executor):
    """The default executor: runs each call in the calling thread, lazily."""

    def map(
        self,
        fn: Callable,
        *iterables: Iterable,
        timeout: float | None = None,
        chunksize: int = 1,
    ) -> Iterator:
        return map(fn, *iterables)


@contextlib.contextmanager
def dask_executor(scheduler: str | None = None, **cluster: int | bool) -> Iterator[Executor]:
    """A ``concurrent.futures`` executor on a Dask cluster (``dask.distributed``).

    ``scheduler`` is an address such as ``tcp://HOST:PORT``; without it a LocalCluster is
    started with ``cluster`` options (``n_workers``, ``processes``, ``threads_per_worker``)
    and closed on exit.

    Parameters
    ----------
    scheduler
        The address of a running Dask scheduler, or None for a LocalCluster.
    **cluster
        LocalCluster options, used when ``scheduler`` is None.

    Yields
    ------
    concurrent.futures.Executor
        The Dask client's executor (for :func:`sweep`).
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise FoedusError("Dask is not installed; accepted: pip install 'foedus[dist]'") from None
    local = _local_cluster(LocalCluster, cluster) if scheduler is None else None
    client = Client(local if local is not None else scheduler)
    try:
        yield client.get_executor(pure=False)  # no tokenising of each task's scenarios
    finally:
        client.close()
        if local is not None:
            local.close()


_WORKER_MALLOC = {  # glibc malloc of the worker processes (see _local_cluster)
    "MALLOC_TRIM_THRESHOLD_": None,  # Dask's default 65536, unset
    "MALLOC_MMAP_THRESHOLD_": 32 * 2**20,  # arrays below 32 MiB come from the heap
    "MALLOC_TOP_PAD_": 64 * 2**20,  # and the heap keeps 64 MiB when it shrinks
}


def _local_cluster(factory: Callable, options: dict) -> Any:
    """A LocalCluster whose worker processes allocate the Monte Carlo's arrays from the
    heap and run without Dask's statistical profiler.

    Dask's nanny sets ``MALLOC_TRIM_THRESHOLD_=65536`` before it spawns a worker, which
    turns glibc's adaptive thresholds off: every (runs x states) array of the Monte Carlo
    is then a fresh ``mmap`` whose pages fault in, and a worker spent about twice the CPU
    of the same chunk in-process (measured: 5.3 s against 2.8 s for 100 contiguous pairs
    x 10,000 runs, with about a million minor page faults); in the worker's task thread
    the adaptive threshold alone still left it a third slower. With ``_WORKER_MALLOC``
    (arrays under 32 MiB from the heap, 64 MiB of it kept) a worker thread matches this
    process (3.0 s against 2.9 s; at most 64 MiB more resident memory per worker). The
    profiler, which samples every thread each 10 ms, cost about a further tenth.
    """
    import dask

    saved = {k: os.environ.get(k) for k in _WORKER_MALLOC}  # the nanny sets os.environ
    for key in _WORKER_MALLOC:
        os.environ.pop(key, None)  # a value left by an earlier nanny would be inherited
    try:
        with dask.config.set(
            {
                **{
                    f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in _WORKER_MALLOC.items()
                },
                "distributed.worker.profile.enabled": False,
            }
        ):
            return factory(**options, dashboard_address=None)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def sweep(
    scenarios: Sequence[Scenario],
    out: str | Path,
    executor: Executor | None = None,
    runs: int = 0,
    seed: int | None = 0,
    unknown: str = "unmet",
    store: Store | None = None,
    sources: str | None = None,
    chunk: int | None = None,
) -> int:
    """Evaluate every scenario and stream one row each to the Parquet file ``out``.

    A row (:data:`COLUMNS`): the attackers' and targets' COW codes (lists), the date, how
    many obligations are triggered, how many states the deterministic cascade brings in on
    each side and in how many rounds, and with ``runs`` > 0 the Monte Carlo war size
    (mean, 2.5 and 97.5 percentiles) and mean rounds. Obligations come from
    :func:`foedus.commitments.obligations_on` for each date (``store``, ``sources``).
    Returns the number of rows written.

    Parameters
    ----------
    scenarios
        The scenarios (e.g. :func:`contiguous_pairs`).
    out
        The ``.parquet`` file written.
    executor
        Where chunks are evaluated (e.g. :func:`dask_executor`); None: in this process.
    runs
        Monte Carlo runs per scenario (>= 0; 0: none).
    seed
        Random seed, from which each scenario's seed is spawned.
    unknown
        Conditions of unknown status: ``"unmet"`` (not triggered) or ``"met"``.
    store, sources
        Passed to :func:`foedus.commitments.obligations_on`.
    chunk
        Scenarios per task (>= 1); None: about 16 tasks per Dask worker, four per worker
        of another executor, 64 in this process.

    Returns
    -------
    int
        The number of rows written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(scenarios, str | bytes) or not all(isinstance(s, Scenario) for s in scenarios):
        raise FoedusError(
            "scenarios invalid; accepted: a sequence of foedus.Scenario "
            "(e.g. contiguous_pairs(2010))"
        )
    if not isinstance(out, str | Path) or not str(out).lower().endswith(".parquet"):
        raise FoedusError(f"out={str(out)[:60]!r} invalid; accepted: a path to a .parquet file")
    if chunk is not None and (
        isinstance(chunk, bool) or not isinstance(chunk, int | np.integer) or chunk < 1
    ):
        raise FoedusError(
            f"chunk={chunk!r} invalid; accepted: a positive number of scenarios (None: automatic)"
        )
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or runs < 0:
        raise FoedusError(f"runs={runs!r} invalid; accepted: an integer >= 0 (0: no Monte Carlo)")
    ordered = sorted(range(len(scenarios)), key=lambda i: scenarios[i].date)
    seeds = np.random.SeedSequence(seed).spawn(len(scenarios))
    size = int(chunk) if chunk is not None else _auto_chunk(len(scenarios), executor)
    tables: dict[dt.date, Any] = {}
    for i in ordered:
        if scenarios[i].date not in tables:
            tables[scenarios[i].date] = fixed_frame(  # never changed: set-up kept with it
                shared_obligations_on(scenarios[i].date, store=store, sources=sources)
            )
    tables = _shared(tables, executor)
    tasks = []
    for start in range(0, len(ordered), size):
        part = [scenarios[i] for i in ordered[start : start + size]]
        tasks.append(
            (
                part,
                {d: tables[d] for d in {s.date for s in part}},
                [seeds[i] for i in ordered[start : start + size]],
                runs,
                unknown,
            )
        )
    schema = _schema()
    written = 0
    with (
        pq.ParquetWriter(Path(out), schema, compression="zstd") as writer,
        progress(len(scenarios), "scenarios") as advance,
        frames_fixed(),  # in this process, the per-date set-up is kept across chunks
    ):
        for frame in (executor or _InProcess()).map(_sweep_chunk, tasks):
            writer.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))
            written += len(frame)
            advance(len(frame))
    return written


def _auto_chunk(n: int, executor: Executor | None) -> int:
    """Scenarios per task: 64 in this process; on Dask about 16 tasks per worker (each
    worker sets up a date once, so small tasks only even out the load); on other
    executors about four per worker (each task carries its dates' obligations)."""
    if executor is None or isinstance(executor, _InProcess):
        return 64
    client = _dask_client(executor)
    workers = (
        len(client.scheduler_info().get("workers", {}))
        if client is not None
        else getattr(executor, "_max_workers", 1)
    )
    per_worker = 16 if client is not None else 4
    return max(1, -(-n // (per_worker * max(1, int(workers or 1)))))


def _dask_client(executor: Executor | None) -> Any:
    """The Dask client behind ``executor`` (``Client.get_executor()``), or None."""
    client = getattr(executor, "_client", None)
    return client if client is not None and hasattr(client, "scatter") else None


def _shared(tables: dict[dt.date, Any], executor: Executor | None) -> dict[dt.date, Any]:
    """On a Dask cluster, each date's obligations frame is sent to every worker once
    (``Client.scatter(broadcast=True)``) and tasks name it by its future; elsewhere the
    frames themselves (a process pool pickles them with each task)."""
    client = _dask_client(executor)
    if client is None:
        return tables
    return {d: client.scatter(t, broadcast=True, hash=False) for d, t in tables.items()}


def _sweep_chunk(task: tuple) -> pd.DataFrame:
    """One chunk of a sweep (a module-level function, so process pools can pickle it)."""
    scenarios, tables, seeds, runs, unknown = task
    for table in tables.values():  # a worker keeps its per-date set-up across tasks: the
        fixed_frame(table)  # scattered frame is the same object in each of its tasks
    with frames_fixed():  # the per-date set-up is computed once per chunk and date
        rows = [
            _sweep_row(s, tables[s.date], seq, runs, unknown)
            for s, seq in zip(scenarios, seeds, strict=True)
        ]
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(
        {c: t for c, t in COLUMNS.items() if t in ("int64", "float64")}
    )


def _sweep_row(
    scenario: Scenario,
    obligations: pd.DataFrame,
    seq: np.random.SeedSequence,
    runs: int,
    unknown: str,
) -> dict:
    (triggered, attackers, targets, rounds), draws = sweep_draws(
        scenario,
        obligations,
        runs,
        int(seq.generate_state(1)[0]),
        honour_probabilities(scenario.date.year),
        unknown=unknown,
    )
    row = {
        "attacker_ccodes": [int(c) for c in scenario.attackers],
        "target_ccodes": [int(c) for c in scenario.targets],
        "date": pd.Timestamp(scenario.date),
        "pledges_triggered": triggered,
        "entrants_attacker": attackers,
        "entrants_target": targets,
        "rounds": rounds,
        "runs": runs,
        "war_size_mean": np.nan,
        "war_size_p2_5": np.nan,
        "war_size_p97_5": np.nan,
        "rounds_mean": np.nan,
    }
    if runs > 0:
        size = (draws.side > 0).sum(1)
        lo, hi = np.percentile(size, [2.5, 97.5])
        row.update(
            war_size_mean=float(size.mean()),
            war_size_p2_5=float(lo),
            war_size_p97_5=float(hi),
            rounds_mean=float(draws.rnd.max(1).mean()),
        )
    return row


def contiguous_pairs(
    year: int, on: str | dt.date | None = None, store: Store | None = None, conttype: int = 1
) -> list[Scenario]:
    """One scenario per directed pair of states contiguous in ``year`` (COW Direct
    Contiguity 3.2, Stinnett et al. 2002; ``conttype`` 1 = land, up to 5 = 400 miles of
    water): the first state attacks the second on ``on`` (default 1 July of ``year``).

    Parameters
    ----------
    year
        The year of COW Direct Contiguity (1816-2016).
    on
        The scenarios' date (default 1 July of ``year``).
    store
        The store the contiguity data are read from (default ``Store()``).
    conttype
        The widest contiguity type kept: 1 (land) to 5 (400 miles of water).

    Returns
    -------
    list of Scenario
        One scenario per directed contiguous pair, ordered by the pair's codes.

    References
    ----------
    Stinnett, D. M. et al. (2002). "The Correlates of War (COW) Project Direct Contiguity
    Data, Version 3.0." Conflict Management and Peace Science 19(2): 59–67.
    """
    from foedus.data.cow import read_contiguity

    if isinstance(year, bool) or not isinstance(year, int | np.integer) or not 1 <= year <= 9999:
        shown = " ".join(repr(year).split())[:60]
        raise FoedusError(f"year={shown} invalid; accepted: a year of COW Direct Contiguity 3.2")
    if isinstance(conttype, bool) or conttype not in (1, 2, 3, 4, 5):
        raise FoedusError(f"conttype={conttype!r} invalid; accepted: 1 (land) to 5 (400 miles)")
    when = dt.date(year, 7, 1) if on is None else parse_date(on, what="sweep date")
    table = read_contiguity(store)
    chosen = table[(table["year"] == year) & (table["conttype"] <= conttype)]
    pairs = sorted(zip(chosen["ccode1"].astype(int), chosen["ccode2"].astype(int), strict=True))
    if not pairs:
        raise FoedusError(
            f"no contiguous pairs in {year}; accepted: a year of COW Direct "
            "Contiguity 3.2 (1816-2016)"
        )
    return [Scenario((int(a),), (int(b),), when) for a, b in pairs]
