"""Long work as jobs: a Monte Carlo of up to a million runs, a sweep of contiguous pairs.

A job runs in one background thread (one job at a time, a few waiting), reports its progress
chunk by chunk, and keeps its result for ``GET /api/v1/jobs/{id}/result``. Each job is
bounded in size (runs, scenarios) and in time (it stops between chunks past its deadline).
A sweep's Parquet result is written to the job store's own temporary folder, made when the
first sweep needs it and removed by :func:`close` (the app's shutdown, and the interpreter's
exit); a forgotten job's file goes with it.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

import foedus
from foedus.report import build_scenario, records
from foedus.web import workers
from foedus.web.api import MAX_STATES, about
from foedus.web.errors import ApiError, known_parameters

router = APIRouter(prefix="/api/v1/jobs", dependencies=[Depends(known_parameters)])

MAX_JOB_RUNS = 1_000_000
CHUNK_RUNS = 50_000
MAX_SWEEP_RUNS = 1_000
TIME_LIMIT = 300.0  # seconds a job may run
MAX_WAITING = 4
KEPT = 32  # finished jobs remembered


@dataclass
class Job:
    id: str
    kind: str
    params: dict[str, Any]
    status: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int = 1
    message: str = ""
    started: float = field(default_factory=time.monotonic)
    result: Any = None

    def describe(self) -> dict[str, Any]:
        url = f"/api/v1/jobs/{self.id}"
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "progress": self.done / self.total,
            "done": self.done,
            "total": self.total,
            "message": self.message,
            "url": url,
            "result_url": f"{url}/result" if self.status == "done" else None,
            "params": self.params,
        }


_jobs: OrderedDict[str, Job] = OrderedDict()
_lock = threading.Lock()
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="foedus-job")
ROOT: Path | None = None  # where the job store's folder is made (None: the system's temp)
_workdir: Path | None = None


def workdir() -> Path:
    """The job store's temporary folder (``foedus-jobs-*``), made on first use."""
    global _workdir
    with _lock:
        if _workdir is None or not _workdir.is_dir():
            _workdir = Path(tempfile.mkdtemp(prefix="foedus-jobs-", dir=ROOT))
        return _workdir


def close() -> None:
    """Forget every job and remove the job store's folder (the app's shutdown)."""
    global _workdir
    with _lock:
        _jobs.clear()
        if _workdir is not None:
            shutil.rmtree(_workdir, ignore_errors=True)
            _workdir = None


atexit.register(close)


MAX_SEED = 2**32 - 1  # numpy's SeedSequence takes non-negative seeds


class ScenarioJob(BaseModel):
    """A Monte Carlo scenario too large for one request (the parameters of GET /scenario)."""

    attacker: list[str] = Field(min_length=1, max_length=MAX_STATES)
    target: list[str] = Field(min_length=1, max_length=MAX_STATES)
    on: str | None = Field(default=None, max_length=32)
    location: list[str] = Field(default_factory=list, max_length=MAX_STATES)
    provoked: str = Field(default="no", max_length=16)
    entrant: list[str] = Field(default_factory=list, max_length=MAX_STATES)
    runs: int = Field(ge=1, le=MAX_JOB_RUNS)
    seed: int = Field(default=0, ge=0, le=MAX_SEED)
    honour: list[str] = Field(default_factory=list, max_length=16)
    free_join: float = Field(default=0.0, ge=0.0, le=1.0)
    unknown: str = Field(default="unmet", max_length=16)


class SweepJob(BaseModel):
    """Every directed pair of contiguous states of a year (COW Direct Contiguity 3.2)."""

    contiguous: int = Field(ge=1816, le=2100)
    on: str | None = Field(default=None, max_length=32)
    conttype: int = Field(default=1, ge=1, le=5)
    runs: int = Field(default=0, ge=0, le=MAX_SWEEP_RUNS)
    seed: int = Field(default=0, ge=0, le=MAX_SEED)
    unknown: str = Field(default="unmet", max_length=16)


def _submit(kind: str, params: dict[str, Any], work: Any) -> JSONResponse:
    with _lock:
        waiting = sum(j.status in ("queued", "running") for j in _jobs.values())
        if waiting >= MAX_WAITING:
            raise ApiError(429, None, f"{waiting} jobs waiting; accepted: at most {MAX_WAITING}")
        job = Job(uuid.uuid4().hex[:12], kind, params)
        _remember(job)
    _pool.submit(_run, job, work)
    return JSONResponse(job.describe(), status_code=202)


def _remember(job: Job) -> None:
    """Keep ``job``, forgetting the oldest beyond :data:`KEPT` (and their files); call with
    ``_lock`` held."""
    _jobs[job.id] = job
    while len(_jobs) > KEPT + MAX_WAITING:
        old = _jobs.popitem(last=False)[1]
        if isinstance(old.result, Path):
            old.result.unlink(missing_ok=True)


def _run(job: Job, work: Any) -> None:
    job.status, job.started = "running", time.monotonic()
    try:
        job.result = work(job)
        job.status = "done"
    except ApiError as exc:
        job.status, job.message = "failed", exc.message
    except foedus.FoedusError as exc:
        job.status, job.message = "failed", " ".join(str(exc).split())
    except Exception as exc:
        job.status, job.message = "failed", f"internal error ({type(exc).__name__})"


def _in_time(job: Job) -> None:
    if time.monotonic() - job.started > TIME_LIMIT:
        raise ApiError(422, None, f"job stopped after {TIME_LIMIT:.0f} s; ask for fewer runs")


@router.post("/scenario", status_code=202, summary="Start a Monte Carlo scenario job")
def scenario_job(body: ScenarioJob) -> JSONResponse:
    with about("attacker/target/on/location/provoked/entrant"):
        scenario = build_scenario(
            body.attacker,
            body.target,
            body.on,
            location=body.location,
            provoked=body.provoked,
            entrant=body.entrant,
        )

    def work(job: Job) -> dict[str, Any]:
        chunks = -(-body.runs // CHUNK_RUNS)
        job.total = chunks
        seeds = np.random.SeedSequence(body.seed).generate_state(chunks)
        parts = []
        for i in range(chunks):
            _in_time(job)
            runs = min(CHUNK_RUNS, body.runs - i * CHUNK_RUNS)
            parts.append(
                workers.run(  # a worker process: the server's threads stay responsive
                    workers.scenario_sections,
                    scenario,
                    runs=runs,
                    seed=int(seeds[i]),
                    honour=body.honour,
                    free_join=body.free_join,
                    unknown=body.unknown,
                )
                | {"runs": runs}
            )
            job.done = i + 1
        return merge_runs(parts)

    return _submit("scenario", body.model_dump(), work)


def merge_runs(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Pool Monte Carlo chunks: the share of runs in which each state enters (and each war size
    and number of rounds occurs) over all runs; the war-size and rounds intervals recomputed
    from the pooled counts."""
    total = sum(p["runs"] for p in parts)
    weights = [p["runs"] / total for p in parts]
    states = pd.concat([p["states"].assign(_w=w) for p, w in zip(parts, weights, strict=True)])
    shares = [c for c in states.columns if c.startswith("p_")]
    states["_rw"] = states["_w"] * states["p_enters"]
    states["mean_round"] = states["mean_round"].fillna(0) * states["_rw"]
    states[shares] = states[shares].mul(states["_w"], axis=0)
    pooled = states.groupby(["state", "ccode"], as_index=False)[
        [*shares, "mean_round", "_rw"]
    ].sum()
    pooled["mean_round"] = pooled["mean_round"] / pooled["_rw"].where(pooled["_rw"] > 0)
    pooled = pooled.drop(columns="_rw").sort_values("p_enters", ascending=False)
    out: dict[str, Any] = {"runs": total, "states": records(pooled)}
    summary = []
    for name, measure in (("war_size", "war size (states)"), ("rounds", "rounds")):
        counts = pd.concat([p[name] for p in parts]).groupby(name, as_index=False)["runs"].sum()
        counts["share"] = counts["runs"] / total
        out[name] = records(counts)
        values = np.repeat(counts[name].to_numpy(), counts["runs"].to_numpy())
        lo, mid, hi = np.percentile(values, [2.5, 50, 97.5])
        summary.append(
            {"measure": measure, "mean": values.mean(), "p2.5": lo, "median": mid, "p97.5": hi}
        )
    out["summary"] = records(pd.DataFrame(summary))
    return out


@router.post("/sweep", status_code=202, summary="Start a sweep of contiguous pairs")
def sweep_job(body: SweepJob) -> JSONResponse:
    with about("contiguous/on/conttype"):
        scenarios = foedus.contiguous_pairs(body.contiguous, on=body.on, conttype=body.conttype)

    def work(job: Job) -> Path:
        batches = np.array_split(np.arange(len(scenarios)), min(20, max(1, len(scenarios))))
        job.total = len(batches)
        frames = []
        folder = workdir()
        for i, batch in enumerate(batches):
            _in_time(job)
            part = folder / f"{job.id}-{i}.parquet"
            foedus.sweep(
                [scenarios[k] for k in batch],
                part,
                runs=body.runs,
                seed=body.seed + i,
                unknown=body.unknown,
            )
            frames.append(pd.read_parquet(part))
            part.unlink()
            job.done = i + 1
        out = folder / f"{job.id}.parquet"
        pd.concat(frames, ignore_index=True).to_parquet(out, index=False)
        return out

    return _submit("sweep", body.model_dump(), work)


def _job(job_id: str) -> Job:
    job = _jobs.get(job_id)
    if job is None:
        raise ApiError(404, "job_id", f"job {job_id[:40]!r} unknown; accepted: an id from POST")
    return job


@router.get("/{job_id}", summary="A job's status and progress")
def job_status(job_id: str) -> JSONResponse:
    return JSONResponse(_job(job_id).describe())


@router.get("/{job_id}/result", summary="A finished job's result (JSON, or Parquet for a sweep)")
def job_result(job_id: str) -> Any:
    job = _job(job_id)
    if job.status != "done":
        raise ApiError(409, "job_id", f"job {job.id} is {job.status}; accepted: a finished job")
    if isinstance(job.result, Path):
        return FileResponse(job.result, filename=f"sweep-{job.id}.parquet")
    return JSONResponse(job.result)
