"""Fixtures of the web tests: the app on a store with real datasets, or on the built-in set."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra: pip install 'foedus[web]'")

from fastapi.testclient import TestClient

from foedus.web.app import create_app
from tests.realdata import imported_store

SOURCES = {
    "cow_states": "peacesciencer/cow_states.csv",
    "atop": "atop",
    # ATOP's directed coding: the network's defense ties are ATOP's own (14 in 1914)
    "atop_ddyr": "peacesciencer/atop_alliance.parquet",
    "cow_war": "cow",
    "cow_nmc": "peacesciencer/cow_nmc.csv",
    "sipri_milex": "sipri_milex",
    "mindist": "peacesciencer/cow_mindist.parquet",
    "cow_contiguity": "cow/contdird_v3.2.parquet",
}


@pytest.fixture
def client(store) -> TestClient:
    """The app over an empty store: the built-in reference set only."""
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def real_home(tmp_path_factory, shared_data):
    """A store holding ATOP, COW wars and states, NMC, SIPRI milex, distances and contiguity."""
    return imported_store(tmp_path_factory, shared_data, SOURCES).home


@pytest.fixture
def real_client(real_home, monkeypatch) -> TestClient:
    monkeypatch.setenv("FOEDUS_HOME", str(real_home))
    return TestClient(create_app(), raise_server_exceptions=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(home: Path):
    """``foedus serve`` on a free loopback port over the store at ``home``; yields its URL."""
    import httpx

    port = free_port()
    code = "from foedus.cli.main import run; run()"
    env = {**__import__("os").environ, "FOEDUS_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over an empty store (the built-in reference set), as a real server."""
    yield from serve(tmp_path_factory.mktemp("foedus_home"))


@pytest.fixture(scope="module")
def real_server(real_home):
    """The app over the store holding the real datasets."""
    yield from serve(real_home)


@pytest.fixture(autouse=True)
def job_store(tmp_path, monkeypatch):
    """The job store's folder in the test's own tmp_path, removed after the test."""
    from foedus.web import jobs

    monkeypatch.setattr(jobs, "ROOT", tmp_path)
    yield
    jobs.close()


@pytest.fixture(autouse=True)
def in_process_workers(monkeypatch):
    """The in-process app computes scenarios in its own threads (``foedus serve --workers 0``);
    the real servers (``server``, ``real_server``) use worker processes."""
    from foedus.web import workers

    monkeypatch.setattr(workers, "WORKERS", 0)
