"""Worker processes for the heavy answers: a scenario's casus foederis, cascade and Monte Carlo
(in a request, and a Monte Carlo job's chunks).

Python runs one thread at a time (the GIL): a scenario computed in a request thread of the
server (pandas and numpy work of tens to hundreds of milliseconds, seconds for a large Monte
Carlo) would hold up every other request, even those whose answer is cached. Scenarios are
therefore computed in :data:`WORKERS` separate processes, each with its own compiled
obligations (:mod:`foedus.commitments.table`, compiled when the process starts), while the
server's own process answers from its cache and computes the light answers (who defends a
state: a few milliseconds). A worker returns the answer's JSON bytes; a bad value raises the
same :class:`foedus.FoedusError` as in process. Started on the first use (the app's startup
warms them), stopped by :func:`close` (the app's shutdown).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:
    import pandas as pd

    from foedus.casus import Scenario

WORKERS = 2  # processes: one slow scenario (a large Monte Carlo) leaves the other free;
# 0: computed in the calling thread (``foedus serve --workers 0``, and the in-process tests)

NICE = 10  # the workers' scheduling priority below the server's (os.nice)
P = ParamSpec("P")
T = TypeVar("T")
_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def _pool_now() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # spawn, not fork: the server's process has threads (a fork copies their locks)
            _pool = ProcessPoolExecutor(
                WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=_warm
            )
        return _pool


def run(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` in a worker process, over the store this process reads now
    (``FOEDUS_HOME``); ``fn`` a module-level function, its arguments and result picklable.
    A pool broken by a killed worker is replaced once."""
    if WORKERS < 1:
        return fn(*args, **kwargs)
    home = os.environ.get("FOEDUS_HOME")
    try:
        return _pool_now().submit(_call, home, fn, args, kwargs).result()
    except BrokenProcessPool:
        close()
        return _pool_now().submit(_call, home, fn, args, kwargs).result()


async def call(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Await ``fn(*args, **kwargs)`` in a worker process, as :func:`run` but from the event
    loop without a thread; with no workers, in a thread of the server (one of the answer
    cache's slots, :func:`foedus.web.cache.computing`)."""
    if WORKERS < 1:
        from starlette.concurrency import run_in_threadpool

        from foedus.web.cache import computing

        def here() -> T:
            with computing():
                return fn(*args, **kwargs)

        return await run_in_threadpool(here)
    home = os.environ.get("FOEDUS_HOME")
    try:
        return await asyncio.wrap_future(_pool_now().submit(_call, home, fn, args, kwargs))
    except BrokenProcessPool:
        close()
        return await asyncio.wrap_future(_pool_now().submit(_call, home, fn, args, kwargs))


def _call(
    home: str | None, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> T:
    # a worker runs one task at a time: the store it reads is the caller's
    if home is None:
        os.environ.pop("FOEDUS_HOME", None)
    else:
        os.environ["FOEDUS_HOME"] = home
    return fn(*args, **kwargs)


def start() -> None:
    """Start the workers now (each compiles the obligations tables as it starts)."""
    if WORKERS < 1:
        return
    pool = _pool_now()
    for _ in range(WORKERS):
        pool.submit(_ready)


def close() -> None:
    """Stop the workers (running computations are abandoned)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        # a worker amid a long Monte Carlo is stopped, not waited for
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _ready() -> bool:
    return True


def _warm() -> None:
    # below the server's own process: on a busy machine its cached answers and who-defends
    # come first, scenarios take the CPU left over (docs/web.md "Load": at nice 0 the
    # scenario p99 falls by a fifth but who-defends' rises past its 150 ms target)
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICE)
    parent = os.getppid()

    def orphaned() -> None:  # the server was killed: nothing will ask this worker again
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=orphaned, daemon=True).start()
    warm()


def warm() -> None:
    """Compile the obligations tables (ATOP's takes seconds) and their text as Python
    strings (:attr:`foedus.commitments.table.Compiled.plain`) before the first request
    asks, and import what a scenario's answer uses (the engines, FastAPI's JSON response: a
    third of a second the first request would otherwise wait)."""
    import fastapi.responses  # noqa: F401

    import foedus
    import foedus.cascade
    import foedus.report
    from foedus.commitments import ATOP_LAST_DAY, shared_obligations_on

    for day in (ATOP_LAST_DAY, None):
        try:
            shared_obligations_on(day)
        except foedus.FoedusError:  # a store that cannot be read: the requests will say so
            return


def json_bytes(value: Any) -> bytes:
    """The body ``JSONResponse(value)`` would send (the same bytes in and out of a worker)."""
    from fastapi.responses import JSONResponse

    return bytes(JSONResponse(value).body)


def scenario_sections(scenario: Scenario, **options: Any) -> dict[str, pd.DataFrame]:
    """:func:`foedus.report.scenario_sections` (in a worker: a job's chunk of runs)."""
    from foedus.report import scenario_sections as sections

    return sections(scenario, **options)


def scenario_answer(
    scenario: Scenario, *, explain: str | None, unknown: str, sources: str | None, **options: Any
) -> bytes:
    """The JSON of ``GET /api/v1/scenario`` (computed in a worker): the sections of
    ``foedus scenario -f json`` (:func:`foedus.report.scenario_json` with ``options``: runs,
    seed, honour, free_join), or with ``explain`` why that state does or does not enter."""
    import foedus
    from foedus.casus.pledges import fixed_frame
    from foedus.commitments import shared_obligations_on
    from foedus.report import records, scenario_json

    if explain is not None:
        obligations = fixed_frame(shared_obligations_on(scenario.date, sources=sources))
        return json_bytes(records(foedus.explain(scenario, obligations, explain, unknown=unknown)))
    return json_bytes(scenario_json(scenario, unknown=unknown, sources=sources, **options))
