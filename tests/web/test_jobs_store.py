"""The job store leaves nothing behind: its temporary folder goes with the app."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from foedus.web import jobs
from foedus.web.app import create_app


def test_the_folder_is_made_on_first_use_and_removed_at_shutdown(store, tmp_path):
    with TestClient(create_app()) as client:
        assert not list(tmp_path.glob("foedus-jobs-*"))  # importing or starting makes none
        folder = jobs.workdir()
        assert folder.parent == tmp_path and folder.name.startswith("foedus-jobs-")
        (folder / "x.parquet").write_bytes(b"x")
        assert client.get("/api/v1/states?on=2024-06-01").status_code == 200
    assert not folder.exists()
    assert not list(tmp_path.glob("foedus-jobs-*"))


def test_a_forgotten_sweep_takes_its_file_with_it(tmp_path):
    folder = jobs.workdir()
    kept = []
    for i in range(jobs.KEPT + jobs.MAX_WAITING + 3):
        job = jobs.Job(f"j{i}", "sweep", {}, status="done")
        job.result = folder / f"{job.id}.parquet"
        job.result.write_bytes(b"x")
        with jobs._lock:
            jobs._remember(job)
        kept.append(job.result)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in kept[-(jobs.KEPT + jobs.MAX_WAITING) :]
    )
    assert not Path(kept[0]).exists()
