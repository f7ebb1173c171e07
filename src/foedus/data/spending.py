"""Readers of military spending: the SIPRI Military Expenditure Database (store source
``sipri_milex``) and the release versions of the spending sources, for captions.

COW NMC's spending (``milex``) and population (``tpop``) are read by
:func:`foedus.data.cow.read_nmc`; CShapes distances by
:func:`foedus.data.cow.read_minimum_distance`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from foedus.data._sql import query
from foedus.errors import FoedusError
from foedus.store import Store

SIPRI_MILEX_COLUMNS = ("milex_constant_usd_m", "milex_current_usd_m", "milex_share_gdp")
SIPRI_MILEX_ALL = (*SIPRI_MILEX_COLUMNS, "milex_per_capita_usd")


def _store(store: Store | None) -> Store:
    return Store() if store is None else store


def read_sipri_milex(
    store: Store | None = None,
    years: tuple[int, int] | None = None,
    columns: Sequence[str] = SIPRI_MILEX_COLUMNS,
) -> pd.DataFrame:
    """SIPRI military expenditure by COW state-year (SIPRI Military Expenditure Database,
    the release in the store's ``sipri_milex``, e.g. 2025: data for 1949-2024).

    Parameters
    ----------
    store
        The store (default: the user's store).
    years
        ``(first, last)`` years to keep (inclusive); None keeps all.
    columns
        Columns to read among ``milex_constant_usd_m`` (constant US$ m of the release's
        base year), ``milex_current_usd_m``, ``milex_share_gdp`` (a fraction) and
        ``milex_per_capita_usd`` (current US$, 1988 on).

    Returns
    -------
    pandas.DataFrame
        ``ccode, year`` (int64) and ``columns`` (float64), one row per state-year with a
        COW code, sorted; missing values are NaN.
    """
    columns = tuple(columns)
    unknown = [c for c in columns if c not in SIPRI_MILEX_ALL]
    if unknown or not columns:
        raise FoedusError(
            f"SIPRI milex column {unknown[0] if unknown else None!r} is unknown; "
            f"accepted: {', '.join(SIPRI_MILEX_ALL)}"
        )
    where = "TRUE"
    if years is not None:
        first, last = (int(y) for y in years)
        where = f"year BETWEEN {first} AND {last}"
    cast = ", ".join(f"{c}::DOUBLE AS {c}" for c in columns)
    return query(
        f"SELECT ccode::BIGINT AS ccode, year::BIGINT AS year, {cast} FROM m "
        f"WHERE ccode IS NOT NULL AND {where} ORDER BY ccode, year",
        _store(store),
        m=("sipri_milex", "milex"),
    )


def read_releases(names: Iterable[str], store: Store | None = None) -> dict[str, str]:
    """The release version of each of ``names`` that is loaded (``{"sipri_milex": "2025"}``),
    for the source captions of figures and tables."""
    releases = _store(store).releases()
    return {name: releases[name].version for name in names if name in releases}
