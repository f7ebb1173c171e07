"""State-days and the COW <-> Gleditsch–Ward code crosswalk as verbs.

:func:`state_days` follows peacesciencer's ``create_statedays()``; :func:`add_gwcode_to_cow`
and :func:`add_ccode_to_gw` its verbs of the same names (Miller 2022), with peacesciencer's
year-by-year crosswalk tables (``cow_gw_years``/``gw_cow_years``, store source
``cow_gw_years``) or foedus's built-in state table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.data.attributes import read_code_years
from foedus.panels._checks import check_choice, check_panel
from foedus.panels._join import (
    Frame,
    attach,
    check_system,
    code_column,
    grid_lookup,
    sides,
    to_backend,
    translate,
)
from foedus.panels._sources import record
from foedus.panels.universe import _spells, check_years

if TYPE_CHECKING:
    from foedus.store import Store

CROSSWALKS = ("peacesciencer", "foedus")
CROSSWALK_YEARS = (1816, 2020)  # peacesciencer's cow_gw_years / gw_cow_years


def state_days(
    years: str | int | tuple[int, int] | None = None,
    system: str = "cow",
    *,
    store: Store | None = None,
    backend: str = "pandas",
) -> Any:
    """Every day each state is a member of the state system, as peacesciencer's
    ``create_statedays()``: COW State System Membership v2016 (Correlates of War Project
    2017) or Gleditsch & Ward (1999; 2017 list, microstates left out).

    Parameters
    ----------
    years
        ``YYYY``, ``"YYYY-YYYY"`` or ``(first, last)`` within 1816–2100 (default
        1816–2024). States still members at the list's final date stay members through
        31 December of the last year (peacesciencer's ``mry=TRUE``).
    system
        ``"cow"`` or ``"gw"``.
    store
        The store whose ``cow_states``/``gw_states`` list is used when imported; else the
        built-in state table.
    backend
        ``"pandas"`` or ``"polars"``.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        ``ccode, date`` (or ``gwcode, date``), ordered by state, then date; a pandas frame
        records ``attrs["panel"]`` with unit ``state-day``.
    """
    first, last = check_years(years)
    system = check_system(system)
    spells = _spells(system, store, last)
    lo = np.datetime64(f"{first}-01-01", "D")
    hi = np.datetime64(f"{last}-12-31", "D")
    start = np.maximum(spells["start"].to_numpy().astype("datetime64[D]"), lo)
    end = np.minimum(spells["end"].to_numpy().astype("datetime64[D]"), hi)
    span = np.maximum((end - start).astype("int64") + 1, 0)
    offsets = np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span)
    dates = np.repeat(start, span) + offsets.astype("timedelta64[D]")
    codes = np.repeat(spells["code"].to_numpy("int64"), span)
    frame = pd.DataFrame({code_column(system): codes, "date": dates.astype("datetime64[ns]")})
    frame.attrs["panel"] = {"unit": "state-day", "system": system, "directed": None}
    record(frame, f"{system}_states")
    return to_backend(frame, backend)


def _crosswalk(
    frame: Frame, source: str, target: str, crosswalk: str, store: Store | None
) -> Frame:
    check_panel(frame)
    check_choice("crosswalk", crosswalk, CROSSWALKS)
    year, codes = sides(frame, source)
    kind = check_panel(frame)
    suffixes = ("1", "2") if kind.unit == "dyad-year" else ("",)
    name = code_column(target)
    new: dict[str, Any] = {}
    for suffix, code in zip(suffixes, codes, strict=True):
        if crosswalk == "foedus":
            got = translate(code, year, source, target)
            null = got < 0
        else:
            table = read_code_years(store, source)
            rows = grid_lookup(
                table.iloc[:, 0].to_numpy("int64"), table["year"].to_numpy("int64"), code, year
            )
            target_codes = table["target"]
            values = target_codes.fillna(-1).to_numpy("int64")
            got = np.where(rows >= 0, values[np.maximum(rows, 0)], -1)
            null = got < 0
        new[name + suffix] = pd.arrays.IntegerArray(np.where(null, 0, got), null)
    out = attach(frame, new)
    return record(out, "cow_gw_years") if crosswalk == "peacesciencer" else out


def add_gwcode_to_cow(
    frame: Frame, *, crosswalk: str = "peacesciencer", store: Store | None = None
) -> Frame:
    """Add the Gleditsch–Ward code of each COW state-year: ``gwcode`` (``gwcode1``,
    ``gwcode2`` in dyad panels), as peacesciencer's ``add_gwcode_to_cow()``.

    Parameters
    ----------
    frame
        A panel with COW codes (``ccode`` or ``ccode1, ccode2``).
    crosswalk
        ``"peacesciencer"`` (default): peacesciencer 1.2's ``cow_gw_years`` table (Miller
        2022; store source ``cow_gw_years``), 1816–2020, null outside those years and
        where G-W has no state (e.g. COW's 1816–1860 Italian states G-W does not list).
        ``"foedus"``: foedus's built-in state table, year by year (any year).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel with the G-W codes added (nullable integers); rows are never added or
        dropped, so a G-W code can appear twice in a year where COW has two states G-W
        merges (peacesciencer's documented caveat).
    """
    return _crosswalk(frame, "cow", "gw", crosswalk, store)


def add_ccode_to_gw(
    frame: Frame, *, crosswalk: str = "peacesciencer", store: Store | None = None
) -> Frame:
    """Add the COW code of each Gleditsch–Ward state-year: ``ccode`` (``ccode1``,
    ``ccode2`` in dyad panels), as peacesciencer's ``add_ccode_to_gw()``.

    ``crosswalk="peacesciencer"`` (default) reads peacesciencer 1.2's ``gw_cow_years``
    (Miller 2022; store source ``cow_gw_years``), 1816–2020, null outside those years and
    where COW has no state; ``"foedus"`` uses the built-in state table year by year. Rows
    are never added or dropped.

    Parameters
    ----------
    frame
        A panel with G-W codes (``gwcode`` or ``gwcode1, gwcode2``).
    crosswalk
        ``"peacesciencer"`` (default): peacesciencer 1.2's ``gw_cow_years`` table (store
        source ``cow_gw_years``), 1816–2020, null outside those years and where COW has no
        state. ``"foedus"``: foedus's built-in state table, year by year (any year).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel with the COW codes added (nullable integers); rows are never added or
        dropped.

    References
    ----------
    .. [1] Miller (2022). peacesciencer 1.2, ``gw_cow_years``.
    """
    return _crosswalk(frame, "gw", "cow", crosswalk, store)
