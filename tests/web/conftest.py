"""Fixtures of the web tests: the app on a store with real datasets, or on the built-in set."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web extra: pip install 'foedus[web]'")

from fastapi.testclient import TestClient

from foedus.web.app import create_app
from tests.realdata import imported_store

SOURCES = {
    "cow_states": "peacesciencer/cow_states.csv",
    "atop": "atop",
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
