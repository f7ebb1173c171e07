"""Shared fixtures: a fresh store per test, and the real datasets when they are present."""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus.store import Store

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    """An empty store in a temporary $FOEDUS_HOME."""
    home = tmp_path / "foedus_home"
    monkeypatch.setenv("FOEDUS_HOME", str(home))
    return Store(home)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip: the realdata tests need the staged research datasets."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"realdata: {SHARED_DATA} is absent (the staged research datasets)")
    return SHARED_DATA


def pytest_collection_modifyitems(items):
    for item in items:
        if "shared_data" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "realdata"
        ):
            item.add_marker(pytest.mark.realdata)
