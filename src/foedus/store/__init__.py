"""The embedded store: Parquet files per source release, DuckDB views over them.

Layout under ``$FOEDUS_HOME`` (default: the platform's user data directory)::

    registry.json                         loaded sources: version, checksums, citation, rows
    releases/<source>/<version>-<token>/  one Parquet file per table of that release, and
                                          release.json, the release's own record

An import writes a complete release into a hidden directory, renames it into place, and
only then swaps ``registry.json`` with an atomic ``os.replace``. Until that last step the
registry still points at the previous release, so a failed import, or a process killed
midway (even by SIGKILL), leaves the store opening with its previous contents. The
previous release is kept for a grace period (:data:`GRACE`), so a reader that took its
paths from the old registry (:meth:`Store.snapshot`) can still read them; a later import
deletes it. Leftovers of interrupted imports are removed the next time the store is
written.

The registry is checked against a schema before use (:mod:`foedus.store.registry`), and the
store only ever deletes folders inside its ``releases`` folder. Every stored file's SHA-256
is recorded at import; a reader checks a file once per process before using it, and
:meth:`Store.verify` checks them all. A damaged registry is rebuilt from the releases'
manifests by :meth:`Store.repair` (``foedus data repair``), or by the next import.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import errno
import fcntl
import os
import secrets
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from foedus.errors import FoedusError, NotLoadedError, StoreError
from foedus.store import registry as schema
from foedus.store.registry import sha256_file

if TYPE_CHECKING:
    import duckdb

__all__ = ["GRACE", "Release", "Snapshot", "Store", "default_home", "sha256_file"]

GRACE = 3600.0  # seconds a replaced release stays readable for readers that still hold it
_parsed: dict[Path, tuple[str, dict[str, dict]]] = {}  # registry path -> its last text, parsed

# files already checked in this process: (path, size, mtime, inode) -> their digest
_checked: dict[tuple[str, int, int, int], str] = {}


def default_home() -> Path:
    """``$FOEDUS_HOME`` if set, else the platform's user data directory for foedus."""
    env = os.environ.get("FOEDUS_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("foedus", appauthor=False))


def _repair_hint(source: str) -> str:
    return (
        f"repair: re-import it (`foedus data import {source} PATH` or `foedus data fetch {source}`)"
    )


@dataclass(frozen=True)
class Release:
    """One imported release of a source, as recorded in the registry."""

    name: str
    version: str
    directory: str
    citation: str
    imported_at: str
    files: dict[str, str]  # input file name -> its SHA-256
    rows: dict[str, int]
    checksums: dict[str, str]  # table -> SHA-256 of its stored Parquet file


@dataclass(frozen=True)
class Snapshot:
    """One reading of the registry: where each loaded table's Parquet file is."""

    home: Path
    registry: dict[str, dict]

    def has(self, source: str) -> bool:
        """Whether ``source`` is loaded in this snapshot."""
        return source in self.registry

    def path(self, source: str, table: str) -> Path:
        """The Parquet file holding ``table`` of ``source`` in this snapshot, after checking
        (once per process) that it is the file stored at import."""
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
        path = self.home / release["directory"] / f"{table}.parquet"
        problem = _check_file(path, release["checksums"][table])
        if problem:
            raise StoreError(f"source {source!r} is damaged: {problem}; {_repair_hint(source)}")
        return path


def _check_file(path: Path, expected: str, *, cached: bool = True) -> str | None:
    """What is wrong with a stored file (None if it is the file recorded at import)."""
    try:
        st = os.stat(path)
        key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
        if cached and _checked.get(key) == expected:
            return None
        actual = sha256_file(path)
    except FileNotFoundError:
        return f"{path.parent.name}/{path.name} is missing"
    except OSError as exc:
        return f"{path.name} is unreadable ({exc.strerror})"
    if actual != expected:
        return f"{path.parent.name}/{path.name} changed since import (checksum mismatch)"
    _checked[key] = actual
    return None


class RegistryDamagedError(StoreError):
    """registry.json is unreadable or breaks its schema (see :mod:`foedus.store.registry`)."""


class Store:
    """The foedus data store at ``home`` (see the module docstring for its guarantees).

    ``grace`` is how long, in seconds, a replaced or removed release stays on disk for
    readers that still hold its paths.
    """

    def __init__(self, home: str | Path | None = None, grace: float = GRACE):
        self.home = Path(home) if home is not None else default_home()
        self.grace = grace

    # -- reading ---------------------------------------------------------------------------
    @property
    def _registry_path(self) -> Path:
        return self.home / "registry.json"

    def _damaged(self, what: str) -> RegistryDamagedError:
        return RegistryDamagedError(
            f"{self._registry_path} is damaged: {what}; repair: `foedus data repair` "
            f"rebuilds it from {self.home / 'releases'} (`foedus data repair --reset` "
            "empties the store)"
        )

    def _not_a_folder(self) -> StoreError:
        return StoreError(
            f"FOEDUS_HOME {self.home} is not a folder; accepted: a folder (set FOEDUS_HOME)"
        )

    def _registry(self) -> dict[str, dict]:
        """The registry's records, read from the file each time (parsed once per text): the
        same object while the file is unchanged, so never change it (writers copy it)."""
        try:
            text = self._registry_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if any((self.home / "releases").glob(f"*/*/{schema.MANIFEST}")):
                raise self._damaged("it is missing, but releases/ holds imports") from None
            return {}
        except NotADirectoryError:
            raise self._not_a_folder() from None
        except UnicodeDecodeError:
            raise self._damaged("it is not UTF-8 text") from None
        except OSError as exc:
            raise StoreError(
                f"cannot read {self._registry_path}: {exc.strerror}; accepted: a readable "
                "FOEDUS_HOME"
            ) from None
        kept = _parsed.get(self._registry_path)
        if kept is not None and kept[0] == text:
            return kept[1]
        try:
            registry = schema.parse(text)
        except schema.Damage as exc:
            raise self._damaged(str(exc)) from None
        _parsed[self._registry_path] = (text, registry)
        return registry

    def stamp(self) -> tuple[str, int, int, int] | None:
        """What changes whenever the registry is replaced (an import, a removal, a repair):
        its path, inode, modification time in ns and size (None when there is none). Cheap
        (one ``stat``): a cache keyed on it needs no read of the registry."""
        try:
            st = self._registry_path.stat()
        except OSError:
            return None
        return (str(self._registry_path), st.st_ino, st.st_mtime_ns, st.st_size)

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
        import duckdb

        con = duckdb.connect()
        snapshot = self.snapshot()
        for name, release in snapshot.registry.items():
            for table in release["rows"]:
                con.read_parquet(str(snapshot.path(name, table))).create_view(f"{name}_{table}")
        return con

    def verify(self) -> pd.DataFrame:
        """Check every stored file against the checksum recorded at import.

        Returns
        -------
        pandas.DataFrame
            One row per stored table: ``source``, ``table``, ``file`` and ``status`` ("ok",
            or what is wrong: missing, checksum mismatch, unreadable).
        """
        rows = []
        for name, release in self._registry().items():
            for table, digest in release["checksums"].items():
                path = self.home / release["directory"] / f"{table}.parquet"
                problem = _check_file(path, digest, cached=False)
                rows.append(
                    {
                        "source": name,
                        "table": table,
                        "file": path.relative_to(self.home).as_posix(),
                        "status": problem or "ok",
                    }
                )
        return pd.DataFrame(rows, columns=["source", "table", "file", "status"])

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            fh = open(self.home / ".lock", "a")  # noqa: SIM115 (closed below, after unlocking)
        except (FileExistsError, NotADirectoryError):
            raise self._not_a_folder() from None
        except OSError as exc:
            raise StoreError(
                f"cannot write to the store at {self.home}: {exc.strerror}; accepted: a "
                "writable folder as FOEDUS_HOME (nothing was changed)"
            ) from None
        with fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _registry_for_writing(self) -> dict[str, dict]:
        """The registry, rebuilt from the release manifests if it is damaged or lost."""
        try:
            return copy.deepcopy(self._registry())
        except RegistryDamagedError:
            return schema.rebuild(self.home)

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
        A damaged registry is rebuilt from the release manifests first.
        """
        if not schema.NAME.match(name):
            raise FoedusError(f"source name {name!r} is invalid; accepted: lowercase [a-z0-9_]")
        bad = [t for t in tables if not schema.NAME.match(t)]
        if bad or not tables:
            raise FoedusError(f"table names {bad or '(none)'} are invalid; accepted: [a-z0-9_]")
        label = "".join(c if c.isalnum() or c in "._-" else "_" for c in version)[:60]
        with self._lock():
            registry = self._registry_for_writing()
            self._collect_garbage(registry)
            now = dt.datetime.now(dt.UTC)
            token = f"{label or 'v'}-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
            final = self.home / "releases" / name / token
            partial = final.with_name("." + token + ".partial")
            try:
                partial.mkdir(parents=True)
                rows, checksums = {}, {}
                for table, frame in tables.items():
                    out = partial / f"{table}.parquet"
                    frame.to_parquet(out, index=False, compression="zstd")
                    _fsync(out)
                    rows[table] = len(frame)
                    checksums[table] = sha256_file(out)
                record: dict[str, Any] = {
                    "version": version,
                    "directory": final.relative_to(self.home).as_posix(),
                    "citation": citation,
                    "imported_at": now.isoformat(timespec="seconds"),
                    "files": dict(files or {}),
                    "rows": rows,
                    "checksums": checksums,
                }
                schema.write_manifest(partial, name, record, time.time_ns())
                os.rename(partial, final)
                _fsync_dir(final.parent)  # the rename must be durable before the registry names it
            except OSError as exc:
                shutil.rmtree(partial, ignore_errors=True)
                raise self._write_error(exc, f"storing {name}") from None
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            previous = registry.get(name)
            registry[name] = record
            self._write_registry(registry)
            if previous:
                self._retire(previous)
        return Release(name=name, **record)

    def remove_source(self, name: str) -> None:
        """Forget a source; its files go after the grace period, at a later import."""
        with self._lock():
            registry = copy.deepcopy(self._registry())
            record = registry.pop(name, None)
            if record is None:
                raise NotLoadedError(f"source {name!r} is not loaded in {self.home}")
            self._write_registry(registry)
            self._retire(record)

    def repair(self, reset: bool = False) -> list[str]:
        """Rebuild ``registry.json`` from the release manifests (or, with ``reset``, forget
        every source and delete every release). Returns the sources now loaded."""
        with self._lock():
            if reset:
                for source_dir in schema.real_dirs(self.home / "releases"):
                    for folder in schema.real_dirs(source_dir):
                        self._remove(folder)
                registry: dict[str, dict] = {}
            else:
                registry = schema.rebuild(self.home)
            self._write_registry(registry)
        return sorted(registry)

    def _write_registry(self, registry: dict[str, dict]) -> None:
        tmp = self._registry_path.with_name(f".registry.{secrets.token_hex(4)}.tmp")
        try:
            tmp.write_text(schema.dump(registry))
            _fsync(tmp)
            os.replace(tmp, self._registry_path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise self._write_error(exc, "updating registry.json") from None
        _fsync_dir(self.home)

    def _write_error(self, exc: OSError, doing: str) -> StoreError:
        advice = (
            "free some space or set FOEDUS_HOME to another folder"
            if exc.errno in (errno.ENOSPC, errno.EDQUOT)
            else "accepted: a writable FOEDUS_HOME"
        )
        return StoreError(
            f"{doing} in {self.home} failed: {exc.strerror or exc}; nothing was changed "
            f"(the previous release is kept); {advice}"
        )

    def _retire(self, record: dict) -> None:
        """Mark a release as no longer current; :meth:`_collect_garbage` deletes it later."""
        with contextlib.suppress(OSError):
            (self.home / record["directory"] / schema.RETIRED).touch()

    def _collect_garbage(self, registry: dict[str, dict]) -> None:
        """Delete, inside ``releases/`` only, what no reader can hold: interrupted imports
        and releases retired more than ``grace`` seconds ago (caller holds the lock). A
        release the registry does not name is retired now; files put there by others are
        left alone."""
        live = {rec["directory"] for rec in registry.values()}
        for source_dir in schema.real_dirs(self.home / "releases"):
            for folder in schema.real_dirs(source_dir):
                if f"releases/{source_dir.name}/{folder.name}" in live:
                    continue
                partial = folder.name.startswith(".") and folder.name.endswith(".partial")
                if not partial and not (folder / schema.MANIFEST).exists():
                    continue  # not ours
                marker = folder / schema.RETIRED
                if not partial and not marker.exists():
                    self._retire({"directory": f"releases/{source_dir.name}/{folder.name}"})
                    continue
                with contextlib.suppress(OSError):
                    if not partial and time.time() - marker.stat().st_mtime < self.grace:
                        continue
                self._remove(folder)
        for tmp in self.home.glob(".registry.*.tmp"):
            tmp.unlink(missing_ok=True)

    def _remove(self, folder: Path) -> None:
        """Delete a release folder, only if it really lies inside ``releases/``."""
        root = (self.home / "releases").resolve()
        if folder.is_symlink() or not folder.resolve().is_relative_to(root):
            return
        shutil.rmtree(folder, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        _fsync(path)
