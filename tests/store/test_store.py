"""The store's all-or-nothing imports: a failed import, and a process killed by SIGKILL midway."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest

from foedus.errors import FoedusError, NotLoadedError, StoreError
from foedus.store import Store

FIRST = {"a": pd.DataFrame({"x": [1, 2, 3]}), "b": pd.DataFrame({"y": ["p", "q"]})}


class _Exploding(pd.DataFrame):
    """A table whose Parquet write fails after writing part of its file."""

    def to_parquet(self, path, *args, **kwargs):
        with open(path, "wb") as fh:
            fh.write(b"PAR1 partial")
        raise OSError("disk full")


def _partials(home) -> list:
    return [p for p in (home / "releases").rglob("*") if p.name.endswith(".partial")]


def test_write_read_and_views(store):
    release = store.write_source("demo", "1", FIRST, citation="Demo 2024", files={"f": "00"})
    assert release.rows == {"a": 3, "b": 2}
    assert store.table("demo", "a")["x"].tolist() == [1, 2, 3]
    assert store.connect().execute("SELECT sum(x) FROM demo_a").fetchone() == (6,)
    status = store.status()
    assert status.loc[0, ["source", "version", "rows"]].tolist() == ["demo", "1", 5]
    with pytest.raises(NotLoadedError, match="'other' is not loaded"):
        store.path("other", "a")
    with pytest.raises(FoedusError, match="has no table 'c'"):
        store.path("demo", "c")


def test_new_release_replaces_the_old_one_which_stays_for_the_grace_period(store):
    first = store.write_source("demo", "1", FIRST, citation="c")
    old = store.snapshot()
    second = store.write_source("demo", "2", {"a": pd.DataFrame({"x": [9]})}, citation="c")
    assert store.table("demo", "a")["x"].tolist() == [9]
    # a reader that took its paths before the swap still reads the old release
    assert pd.read_parquet(old.path("demo", "a"))["x"].tolist() == [1, 2, 3]
    store.write_source("other", "1", FIRST, citation="c")  # within the grace period
    assert (store.home / first.directory).exists()
    Store(store.home, grace=0).write_source("other", "2", FIRST, citation="c")
    assert not (store.home / first.directory).exists()
    assert (store.home / second.directory).exists()


def test_failed_import_keeps_the_previous_release(store):
    store.write_source("demo", "1", FIRST, citation="c")
    registry = (store.home / "registry.json").read_bytes()
    tables = {"a": pd.DataFrame({"x": [7, 8]}), "b": _Exploding({"y": ["z"]})}
    with pytest.raises(StoreError, match="disk full; nothing was changed"):
        store.write_source("demo", "2", tables, citation="c")
    assert (store.home / "registry.json").read_bytes() == registry
    reopened = Store(store.home)
    assert reopened.releases()["demo"].version == "1"
    assert reopened.table("demo", "a")["x"].tolist() == [1, 2, 3]
    assert reopened.table("demo", "b")["y"].tolist() == ["p", "q"]
    assert _partials(store.home) == []


_CHILD = textwrap.dedent("""
    import sys, time
    from collections.abc import Mapping
    from pathlib import Path
    import pandas as pd
    from foedus.store import Store

    home, marker = Path(sys.argv[1]), Path(sys.argv[2])

    class SlowTables(Mapping):
        # the second table signals, then stalls, so the parent can kill us midway
        def __iter__(self):
            return iter(["a", "b"])
        def __len__(self):
            return 2
        def __getitem__(self, key):
            if key == "b":
                marker.touch()
                time.sleep(120)
            return pd.DataFrame({"x": [100, 200]})

    Store(home).write_source("demo", "2", SlowTables(), citation="killed")
""")


def test_sigkill_midway_leaves_the_previous_release(tmp_path):
    home, marker = tmp_path / "home", tmp_path / "midway"
    Store(home).write_source("demo", "1", FIRST, citation="c")
    registry = (home / "registry.json").read_bytes()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(home), str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the importing process ended before midway"
            assert time.monotonic() < deadline, "the importing process never got midway"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert len(_partials(home)) == 1  # table "a" of release 2 was written, then killed
    assert (home / "registry.json").read_bytes() == registry
    store = Store(home)
    assert store.releases()["demo"].version == "1"
    assert store.table("demo", "a")["x"].tolist() == [1, 2, 3]
    store.write_source("demo", "3", {"a": pd.DataFrame({"x": [5]})}, citation="c")
    assert store.table("demo", "a")["x"].tolist() == [5]
    assert _partials(home) == []
    # what stays: release 3, and release 1, retired, for readers that still hold it
    kept = {p.name.split("-")[0] for p in (home / "releases" / "demo").iterdir()}
    assert kept == {"1", "3"}


def test_the_registry_is_parsed_once_per_text_and_writers_change_a_copy(store):
    store.write_source("demo", "1", FIRST, citation="Demo 2024")
    registry = store._registry()
    assert store._registry() is registry  # the same text: not parsed again
    path = store.home / "registry.json"
    text = path.read_text()
    path.write_text(text.replace('"Demo 2024"', '"Demo 2025"'))  # in place, same size
    assert store.releases()["demo"].citation == "Demo 2025"
    store.write_source("other", "1", FIRST, citation="c")
    store.remove_source("other")
    assert sorted(registry) == ["demo"] and registry["demo"]["citation"] == "Demo 2024"
    assert sorted(store.releases()) == ["demo"]
