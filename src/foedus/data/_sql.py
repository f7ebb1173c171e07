"""The one SQL helper over store files: paths passed as values, connections always closed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pandas as pd

from foedus.store import Store

if TYPE_CHECKING:
    import duckdb

# a table in a query: a (source, table) pair of the store, a Parquet path, or a frame
Table: TypeAlias = tuple[str, str] | Path | pd.DataFrame
# the open session's connection: None until its first query, absent outside a session
_SESSION: list[Any] = []


@contextmanager
def session() -> Iterator[None]:
    """Within the block, every :func:`query` runs on a cursor of one DuckDB connection
    instead of opening its own (a connection costs ~20 ms of CPU to start, a cursor ~2 ms);
    the connection is opened at the first query (a block whose reads all come from
    :func:`cached_query` never imports DuckDB) and closed when the block ends. Nested
    sessions share the outer one."""
    if _SESSION:
        yield
        return
    _SESSION.append(None)
    try:
        yield
    finally:
        con = _SESSION.pop()
        if con is not None:
            con.close()


def _cursor() -> tuple[duckdb.DuckDBPyConnection, bool]:
    """A cursor of the session's connection (opened now if needed), or a connection of its
    own outside a session; and whether it is shared."""
    import duckdb

    if not _SESSION:
        return duckdb.connect(), False
    if _SESSION[0] is None:
        _SESSION[0] = duckdb.connect()
    return _SESSION[0].cursor(), True


def cached_query(
    name: str, sql: str, store: Store | None = None, **tables: tuple[str, str]
) -> pd.DataFrame:
    """:func:`query` over store tables only, its result kept as a derived table
    (:func:`foedus.data.derived.derived_table`): read back, without DuckDB, until one of
    the tables is re-imported or the SQL changes.

    Parameters
    ----------
    name
        The reader's name (letters, digits, ``_``); with a digest of ``sql`` it names the
        derived file, so a reader's variants (other SQL) are kept side by side.
    sql
        The query, as for :func:`query`.
    store
        The store (default: the user's store).
    **tables
        ``name=(source, table)`` pairs of the store.

    Returns
    -------
    pandas.DataFrame
        What :func:`query` returns (the same dtypes).
    """
    from foedus.data.derived import derived_table

    store = Store() if store is None else store
    text = " ".join(sql.split())
    digest = hashlib.sha256(repr((text, sorted(tables.items()))).encode()).hexdigest()[:12]
    return derived_table(
        f"{name}_{digest}",
        list(tables.values()),
        lambda: query(sql, store, **tables),
        version=digest,
        store=store,
    )


def query(sql: str, store: Store | None = None, **tables: Table) -> pd.DataFrame:
    """Run ``sql`` over named tables and return the finished result as a pandas frame.

    Parameters
    ----------
    sql
        A DuckDB query naming each table by its keyword in ``tables``.
    store
        The store that ``(source, table)`` pairs are read from (default: ``Store()``).
    **tables
        ``name=(source, table)`` for a table of the store's current release (read through
        one registry snapshot), ``name=Path`` for a Parquet file, ``name=frame`` for a
        pandas frame. File paths never enter the SQL text, so any character in them is safe.

    Returns
    -------
    pandas.DataFrame
        The query's result, fully materialised before the connection is closed.
    """
    con, shared = _cursor()
    views: list[str] = []
    try:
        snapshot = None
        for name, table in tables.items():
            if isinstance(table, pd.DataFrame):
                con.register(name, table)
                continue
            if isinstance(table, tuple):
                if store is None:
                    store = Store()
                if snapshot is None:
                    snapshot = store.snapshot()
                path = snapshot.path(*table)
            else:
                path = Path(table)
            con.read_parquet(str(path)).create_view(name)
            views.append(name)
        return con.sql(sql).df()
    finally:
        if shared:  # a cursor's views belong to the shared connection
            for name in views:
                con.execute(f'DROP VIEW IF EXISTS "{name}"')
        con.close()
