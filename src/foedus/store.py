"""The embedded store: Parquet files per source release, DuckDB views over them.

Layout under ``$FOEDUS_HOME`` (default: the platform's user data directory)::

    registry.json                         loaded sources: version, checksums, citation, rows
    releases/<source>/<version>-<token>/  one Parquet file per table of that release

An import writes a complete release into a hidden directory, renames it into place, and
only then swaps ``registry.json`` with an atomic ``os.replace``. Until that last step the
registry still points at the previous release, so a failed import, or a process killed
midway (even by SIGKILL), leaves the store opening with its previous contents. Leftovers
of interrupted imports are removed the next time the store is opened for writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from foedus.errors import FoedusError, NotLoadedError

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def default_home() -> Path:
    """``$FOEDUS_HOME`` if set, else the platform's user data directory for foedus."""
    env = os.environ.get("FOEDUS_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("foedus", appauthor=False))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Release:
    """One imported release of a source, as recorded in the registry."""

    name: str
    version: str
    directory: str
    citation: str
    imported_at: str
    files: dict[str, str]
    rows: dict[str, int]


@dataclass(frozen=True)
class Snapshot:
    """One reading of the registry: where each loaded table's Parquet file is."""

    home: Path
    registry: dict[str, dict]

    def has(self, source: str) -> bool:
        """Whether ``source`` is loaded in this snapshot."""
        return source in self.registry

    def path(self, source: str, table: str) -> Path:
        """The Parquet file holding ``table`` of ``source`` in this snapshot."""
        release = self.registry.get(source)
        if release is None:
            raise NotLoadedError(
                f"source {source!r} is not loaded in {self.home}; "
                f"run `foedus data fetch {source}` or `foedus data import {source} PATH`"
            )
        if table not in release["rows"]:
            raise FoedusError(
                f"source {source!r} has no table {table!r}; it has: {', '.join(release['rows'])}"
            )
        return self.home / release["directory"] / f"{table}.parquet"


class Store:
    """The foedus data store at ``home`` (see the module docstring for its guarantees)."""

    def __init__(self, home: str | Path | None = None):
        self.home = Path(home) if home is not None else default_home()

    # -- reading ---------------------------------------------------------------------------
    @property
    def _registry_path(self) -> Path:
        return self.home / "registry.json"

    def _registry(self) -> dict[str, dict]:
        try:
            text = self._registry_path.read_text()
        except FileNotFoundError:
            return {}
        return json.loads(text)["sources"]

    def releases(self) -> dict[str, Release]:
        """The current release of every loaded source, by source name."""
        return {name: Release(name=name, **rec) for name, rec in self._registry().items()}

    def status(self) -> pd.DataFrame:
        """One row per loaded source: name, version, tables, rows, import time, checksums."""
        rows = [
            {
                "source": r.name,
                "version": r.version,
                "tables": ", ".join(sorted(r.rows)),
                "rows": sum(r.rows.values()),
                "imported_at": r.imported_at,
                "sha256": ", ".join(f"{k}:{v[:12]}" for k, v in sorted(r.files.items())),
                "citation": r.citation,
            }
            for r in self.releases().values()
        ]
        columns = ["source", "version", "tables", "rows", "imported_at", "sha256", "citation"]
        return pd.DataFrame(rows, columns=columns)

    def has(self, source: str) -> bool:
        """Whether ``source`` is loaded."""
        return source in self._registry()

    def snapshot(self) -> Snapshot:
        """The registry read once: every path it gives belongs to the same set of releases."""
        return Snapshot(self.home, self._registry())

    def path(self, source: str, table: str) -> Path:
        """The Parquet file holding ``table`` of the current release of ``source``."""
        return self.snapshot().path(source, table)

    def table(self, source: str, table: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Read one table of a loaded source as a pandas DataFrame."""
        return pd.read_parquet(self.path(source, table), columns=columns)

    def connect(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with a view ``<source>_<table>`` per loaded table."""
        con = duckdb.connect()
        snapshot = self.snapshot()
        for name, release in snapshot.registry.items():
            for table in release["rows"]:
                con.read_parquet(str(snapshot.path(name, table))).create_view(f"{name}_{table}")
        return con

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def write_source(
        self,
        name: str,
        version: str,
        tables: Mapping[str, pd.DataFrame],
        *,
        citation: str,
        files: Mapping[str, str] | None = None,
    ) -> Release:
        """Store a complete release of ``name``: all of its tables, or nothing.

        ``files`` maps each input file name to its SHA-256. The previous release of the
        source stays in place, and is what readers see, until the new one is complete.
        """
        if not _NAME.match(name):
            raise FoedusError(f"source name {name!r} is invalid; accepted: lowercase [a-z0-9_]")
        bad = [t for t in tables if not _NAME.match(t)]
        if bad or not tables:
            raise FoedusError(f"table names {bad or '(none)'} are invalid; accepted: [a-z0-9_]")
        with self._lock():
            self._collect_garbage()
            token = f"{version}-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
            final = self.home / "releases" / name / token
            partial = final.with_name("." + token + ".partial")
            partial.mkdir(parents=True)
            try:
                rows = {}
                for table, frame in tables.items():
                    out = partial / f"{table}.parquet"
                    frame.to_parquet(out, index=False, compression="zstd")
                    _fsync(out)
                    rows[table] = len(frame)
                os.rename(partial, final)
                _fsync_dir(final.parent)  # the rename must be durable before the registry names it
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            record = {
                "version": version,
                "directory": final.relative_to(self.home).as_posix(),
                "citation": citation,
                "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "files": dict(files or {}),
                "rows": rows,
            }
            registry = self._registry()
            previous = registry.get(name)
            registry[name] = record
            self._write_registry(registry)
            if previous:
                shutil.rmtree(self.home / previous["directory"], ignore_errors=True)
        return Release(name=name, **record)

    def remove_source(self, name: str) -> None:
        """Forget a source and delete its files."""
        with self._lock():
            registry = self._registry()
            record = registry.pop(name, None)
            if record is None:
                raise NotLoadedError(f"source {name!r} is not loaded in {self.home}")
            self._write_registry(registry)
            shutil.rmtree(self.home / record["directory"], ignore_errors=True)

    def _write_registry(self, registry: dict[str, dict]) -> None:
        tmp = self._registry_path.with_name(f".registry.{secrets.token_hex(4)}.tmp")
        tmp.write_text(json.dumps({"format": 1, "sources": registry}, indent=1, sort_keys=True))
        _fsync(tmp)
        os.replace(tmp, self._registry_path)
        _fsync_dir(self.home)

    def _collect_garbage(self) -> None:
        """Remove directories left by interrupted imports (caller holds the lock)."""
        live = {rec["directory"] for rec in self._registry().values()}
        root = self.home / "releases"
        if not root.exists():
            return
        for source_dir in root.iterdir():
            for release in source_dir.iterdir():
                if release.relative_to(self.home).as_posix() not in live:
                    shutil.rmtree(release, ignore_errors=True)
        for tmp in self.home.glob(".registry.*.tmp"):
            tmp.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        _fsync(path)
