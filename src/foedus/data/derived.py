"""Derived tables kept beside the store: a table computed from store tables (e.g. ATOP's
year-level dyad ties) is written once to ``$FOEDUS_HOME/derived/`` and read back by later
processes instead of being recomputed.

A derived file is named by a digest of what it depends on: the checksums of its input
tables as recorded at import, and a version that the caller derives from the code that
computes it. Re-importing an input, or changing that code, gives a new name, so a stale
file is never read; the old one is deleted when the new one is written. Files are written
whole to a temporary name and renamed into place, so a reader never sees half a file. A
store that cannot be written (read-only) just computes the table every time. Deleting the
folder is always safe: it is a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from foedus.store import Store

FOLDER = "derived"


def code_version(*files: str | Path) -> str:
    """A version string that changes whenever one of ``files`` (the modules computing a
    derived table, e.g. ``foedus.dyads.__file__``) changes.

    Parameters
    ----------
    files
        Source files of the code that computes the table.

    Returns
    -------
    str
        A SHA-256 hex digest of the files' contents.
    """
    digest = hashlib.sha256()
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()


def inputs_loaded(inputs: Sequence[tuple[str, str]], store: Store | None = None) -> bool:
    """Whether every source of ``inputs`` (``(source, table)`` pairs) is loaded in the store.

    Parameters
    ----------
    inputs
        The ``(source, table)`` pairs a derived table reads.
    store
        The store (default: the user's store).

    Returns
    -------
    bool
        True when each source is in the store's registry.
    """
    registry = (Store() if store is None else store).snapshot().registry
    return all(source in registry for source, _ in inputs)


def derived_table(
    name: str,
    inputs: Sequence[tuple[str, str]],
    compute: Callable[[], pd.DataFrame],
    *,
    version: str,
    store: Store | None = None,
    loaded_only: bool = False,
    parquet: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """The table ``compute()`` returns, read from the store's ``derived/`` folder when an
    earlier process already computed it from the same inputs and code.

    Parameters
    ----------
    name
        The table's name (letters, digits, ``_``), e.g. ``atop_year_ties``.
    inputs
        The ``(source, table)`` pairs of the store that ``compute`` reads; a source not
        loaded counts as absent (its later import changes the digest).
    compute
        Computes the table (a pandas frame with string column names, no index).
    version
        What else the table depends on: :func:`code_version` of the computing modules and
        any parameters.
    store
        The store (default: the user's store).
    loaded_only
        Keep the table only when every input source is loaded (``compute`` falls back on
        built-in data otherwise, which the digest does not cover): else it is computed
        each time.
    parquet
        Options of the file's writer (:meth:`pandas.DataFrame.to_parquet`), e.g. an encoding
        that reads faster for the table's columns; never a change of its values.

    Returns
    -------
    pandas.DataFrame
        The table, with the column dtypes ``compute`` gave it.
    """
    store = Store() if store is None else store
    registry = store.snapshot().registry
    if loaded_only and not all(source in registry for source, _ in inputs):
        return compute()
    checksums = [
        registry[source]["checksums"].get(table, "absent") if source in registry else "absent"
        for source, table in inputs
    ]
    key = json.dumps([name, version, list(inputs), checksums])
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    folder = store.home / FOLDER
    path = folder / f"{name}-{digest}.parquet"
    if path.is_file():
        with contextlib.suppress(Exception):  # unreadable: computed and written anew
            return pd.read_parquet(path)
    frame = compute()
    _write(frame, folder, path, name, parquet or {})
    return frame


def _write(
    frame: pd.DataFrame, folder: Path, path: Path, name: str, parquet: dict[str, Any]
) -> None:
    """Write ``frame`` to ``path`` atomically and drop older versions of ``name``; a store
    that cannot be written is left as it is."""
    tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"  # one per writer
    try:
        folder.mkdir(exist_ok=True)
        frame.to_parquet(tmp, index=False, **parquet)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return
    for old in folder.glob(f"{name}-*.parquet"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
