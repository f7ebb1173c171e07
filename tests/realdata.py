"""Stores holding real datasets, for the module-scoped fixtures of the realdata tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from foedus.sources import import_source
from foedus.store import Store


def imported_store(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path, sources: Mapping[str, str]
) -> Store:
    """A fresh store with each source imported from its file or folder below ../shared/data."""
    store = Store(tmp_path_factory.mktemp("realdata_home"))
    for name, path in sources.items():
        import_source(name, shared_data / path, store)
    return store
