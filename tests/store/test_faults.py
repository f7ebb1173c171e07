"""Faults the store must survive: a tampered or broken registry, damaged files, an unwritable
or full disk, a FOEDUS_HOME that is a file, strays in its folders. Each gives one line on
stderr and exit code 2 on the CLI, and nothing outside the store is ever touched."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import invoke

import foedus.store
from foedus.errors import StoreError
from foedus.store import Store

TABLES = {"a": pd.DataFrame({"x": [1, 2, 3]}), "b": pd.DataFrame({"y": ["p", "q"]})}


def one_line_error(result, *named: str) -> str:
    """The single stderr line of a failed command, after checking it names ``named``."""
    assert result.code == 2, (result.code, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.err
    for word in named:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.fixture
def loaded(store) -> Store:
    store.write_source("demo", "1", TABLES, citation="c")
    store.write_source("other", "1", {"c": pd.DataFrame({"z": [5]})}, citation="c")
    return store


def _tamper(store: Store, **changes) -> None:
    path = store.home / "registry.json"
    data = json.loads(path.read_text())
    data["sources"]["demo"].update(changes)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("directory", ["../victim", "releases/demo/../../../victim", "/victim"])
def test_registry_pointing_outside_the_store_is_refused(loaded, tmp_path, monkeypatch, directory):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me")
    directory = str(victim) if directory == "/victim" else directory
    _tamper(loaded, directory=directory)
    with pytest.raises(StoreError, match=r"directory .* is not inside releases/demo/ \(refused\)"):
        loaded.remove_source("demo")
    with pytest.raises(StoreError, match=r"registry\.json is damaged"):
        loaded.table("demo", "a")
    # an import rebuilds the registry from the releases' manifests, and deletes nothing outside
    loaded.write_source("demo", "2", TABLES, citation="c")
    assert (victim / "precious.txt").read_text() == "keep me"
    assert loaded.releases()["demo"].version == "2"
    assert loaded.table("other", "c")["z"].tolist() == [5]
    result = invoke("data status", monkeypatch)
    assert result.code == 0 and "other" in result.out


BROKEN = {
    "junk": "\x00\x01 not json {",
    "empty": "",
    "list": "[]",
    "missing keys": '{"format": 1, "sources": {"demo": {"version": "1"}}}',
    "bad rows": json.dumps(
        {
            "format": 1,
            "sources": {
                "demo": {
                    "version": "1",
                    "directory": "releases/demo/x",
                    "citation": "",
                    "imported_at": "",
                    "files": {},
                    "rows": {"a": -1},
                    "checksums": {"a": "0" * 64},
                }
            },
        }
    ),
    "unknown format": '{"format": 99, "sources": {}}',
}


@pytest.mark.parametrize("damage", list(BROKEN))
def test_broken_registry_is_one_line_and_repaired(loaded, monkeypatch, damage):
    (loaded.home / "registry.json").write_text(BROKEN[damage])
    for command in ("data status", "data verify", "panel state-years --add nmc"):
        one_line_error(invoke(command, monkeypatch), "registry.json is damaged", "data repair")
    result = invoke("data repair", monkeypatch)
    assert result.code == 0, result.err
    assert "demo, other loaded" in result.err
    assert loaded.table("demo", "a")["x"].tolist() == [1, 2, 3]
    assert invoke("data verify", monkeypatch).code == 0


def test_lost_registry_is_rebuilt_by_the_next_import_and_reset_empties(loaded, monkeypatch):
    (loaded.home / "registry.json").unlink()
    one_line_error(invoke("data status", monkeypatch), "it is missing", "data repair")
    loaded.write_source("third", "1", {"t": pd.DataFrame({"v": [1]})}, citation="c")
    assert sorted(loaded.releases()) == ["demo", "other", "third"]
    result = invoke("data repair --reset", monkeypatch)
    assert result.code == 0 and "emptied" in result.err
    assert loaded.releases() == {}
    assert list((loaded.home / "releases").rglob("*.parquet")) == []


def _flip_byte(path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "harm",
    [
        ("bit flip", _flip_byte, "checksum mismatch"),
        ("truncation", lambda p: p.write_bytes(p.read_bytes()[:-20]), "checksum mismatch"),
        ("deletion", lambda p: p.unlink(), "is missing"),
    ],
    ids=lambda h: h[0],
)
def test_damaged_file_is_found_by_verify_and_by_the_reader(loaded, monkeypatch, harm):
    _, damage, status = harm
    path = loaded.path("demo", "b")
    damage(path)
    result = invoke("data verify --format json", monkeypatch)
    line = one_line_error(result, "1 of 3 stored files are damaged", status, "re-import demo")
    assert "b.parquet" in line
    statuses = result.frame().set_index("table")["status"]
    assert statuses["a"] == "ok" and status in statuses["b"] and statuses["c"] == "ok"
    with pytest.raises(StoreError, match=rf"^source 'demo' is damaged: .*{status}.*re-import"):
        Store(loaded.home).table("demo", "b")
    assert loaded.table("demo", "a")["x"].tolist() == [1, 2, 3]  # the rest still reads
    loaded.write_source("demo", "2", TABLES, citation="c")  # re-importing repairs it
    assert invoke("data verify", monkeypatch).code == 0


def test_unwritable_store_is_one_line(loaded, monkeypatch):
    # tests may run as root, for whom permissions do not bite: the OS error is injected
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    before = (loaded.home / "registry.json").read_bytes()
    monkeypatch.setattr("foedus.store.open", refuse, raising=False)
    with pytest.raises(StoreError, match=r"cannot write to the store at .*: Read-only file system"):
        loaded.write_source("demo", "2", TABLES, citation="c")
    assert (loaded.home / "registry.json").read_bytes() == before
    assert loaded.table("demo", "a")["x"].tolist() == [1, 2, 3]  # reading needs no writing


def test_full_disk_keeps_the_previous_release(loaded, monkeypatch):
    before = (loaded.home / "registry.json").read_bytes()

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    with pytest.raises(StoreError, match="No space left on device; nothing was changed"):
        loaded.write_source("demo", "2", TABLES, citation="c")
    monkeypatch.undo()
    assert (loaded.home / "registry.json").read_bytes() == before
    assert not [p for p in (loaded.home / "releases").rglob("*") if ".partial" in p.name]


def test_full_disk_on_the_registry_write(loaded, monkeypatch):
    before = (loaded.home / "registry.json").read_bytes()
    fsync = foedus.store._fsync

    def full(path):
        if path.name.startswith(".registry."):
            raise OSError(errno.ENOSPC, "No space left on device")
        fsync(path)

    monkeypatch.setattr("foedus.store._fsync", full)
    with pytest.raises(StoreError, match=r"updating registry\.json .* free some space"):
        loaded.write_source("demo", "2", TABLES, citation="c")
    monkeypatch.undo()
    assert (loaded.home / "registry.json").read_bytes() == before
    assert list(loaded.home.glob(".registry.*")) == []


def test_foedus_home_that_is_a_file(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.write_text("not a folder")
    monkeypatch.setenv("FOEDUS_HOME", str(home))
    majors = tmp_path / "cow_majors.csv"
    majors.write_text(
        "ccode,styear,stmonth,stday,endyear,endmonth,endday\n2,1898,8,13,2016,12,31\n"
    )
    for command in ("data status", f"data import cow_majors {majors}"):
        one_line_error(invoke(command, monkeypatch), "is not a folder")
    assert home.read_text() == "not a folder"


def test_strays_in_the_releases_folder_are_left_alone(loaded, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    releases = loaded.home / "releases"
    (releases / "README").write_text("stray file")
    (releases / "demo" / "notes.txt").write_text("stray file in a source folder")
    (releases / "demo" / "unrelated").mkdir()
    (releases / "link").symlink_to(outside)
    (releases / "demo" / "link").symlink_to(outside)
    Store(loaded.home, grace=0).write_source("demo", "2", TABLES, citation="c")
    Store(loaded.home, grace=0).write_source("demo", "3", TABLES, citation="c")
    assert (outside / "keep.txt").read_text() == "keep"
    assert (releases / "README").exists() and (releases / "demo" / "notes.txt").exists()
    assert (releases / "demo" / "unrelated").is_dir()
    assert Store(loaded.home).repair() == ["demo", "other"]
    assert loaded.releases()["demo"].version == "3"


def test_removed_source_stays_readable_for_the_grace_period(loaded):
    old = loaded.snapshot()
    loaded.remove_source("demo")
    assert pd.read_parquet(old.path("demo", "a"))["x"].tolist() == [1, 2, 3]
    assert loaded.repair() == ["other"]  # a retired release is not brought back
    Store(loaded.home, grace=0).write_source("other", "2", TABLES, citation="c")
    assert not (loaded.home / old.registry["demo"]["directory"]).exists()
    assert os.listdir(loaded.home / "releases" / "demo") == []


_READER = """
import sys, time
from foedus.data import query
from foedus.store import Store

store, until = Store(sys.argv[1]), time.monotonic() + float(sys.argv[2])
sums = {int(s) for s in sys.argv[3].split(",")}
reads = 0
while time.monotonic() < until:
    total = query("SELECT sum(x) AS s FROM t", store, t=("demo", "a"))["s"].iloc[0]
    assert int(total) in sums, total
    assert int(store.table("demo", "a")["x"].sum()) in sums
    reads += 1
print(reads)
"""


def test_readers_never_fail_while_the_source_is_reimported(tmp_path):
    """Two reader processes query the store while a third process's imports replace the
    same source again and again: every read sees one complete release."""
    home = tmp_path / "home"
    store = Store(home)
    base = pd.Series(range(100_000), dtype="int64")
    versions = range(1, 9)
    store.write_source("demo", "0", {"a": pd.DataFrame({"x": base * 0})}, citation="c")
    sums = ",".join(str(int((base * k).sum())) for k in (0, *versions))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", _READER, str(home), "6", sums],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        time.sleep(1.5)  # let the readers start
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            for k in versions:
                store.write_source(
                    "demo", str(k), {"a": pd.DataFrame({"x": base * k})}, citation="c"
                )
        results = [r.communicate(timeout=60) for r in readers]
    finally:
        for r in readers:
            if r.poll() is None:
                r.kill()
    for reader, (out, err) in zip(readers, results, strict=True):
        assert reader.returncode == 0, err[-3000:]
        assert int(out) > 0
