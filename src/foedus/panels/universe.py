"""The row universe: every state-year and dyad-year of the state system.

:func:`state_years` and :func:`dyad_years` follow peacesciencer's ``create_stateyears()``
and ``create_dyadyears()`` (Miller 2022) and record the panel's type in ``attrs["panel"]``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus._arrays import ramp
from foedus.data.cow import read_state_spells
from foedus.data.derived import code_version, derived_table, inputs_loaded
from foedus.dates import parse_years
from foedus.errors import FoedusError
from foedus.panels._join import (
    CODE_BITS,
    CODE_MASK,
    YEAR_BITS,
    YEAR_MASK,
    PanelType,
    check_system,
    code_column,
    distinct,
    key,
    to_backend,
)
from foedus.states import state_table, system_years

if TYPE_CHECKING:
    from foedus.store import Store

FIRST_YEAR, LAST_YEAR = 1816, 2100  # the state system lists begin in 1816
KEPT_THROUGH = 2024  # the kept universe's last year (the default panels' last year)
KEY_FILE = {
    "use_dictionary": False,
    "compression": "none",
    "column_encoding": {"key": "DELTA_BINARY_PACKED"},
}


def check_years(years: Any) -> tuple[int, int]:
    """``years`` as an inclusive (first, last) pair within the state system's years."""
    if not (
        years is None
        or isinstance(years, str | int)
        or (isinstance(years, tuple) and len(years) == 2 and all(isinstance(y, int) for y in years))
    ) or isinstance(years, bool):
        raise FoedusError(
            f"years {years!r} is not a year range; accepted: YYYY, 'YYYY-YYYY' or (first, last)"
        )
    first, last = parse_years(years)
    if first < FIRST_YEAR or last > LAST_YEAR:
        raise FoedusError(
            f"years {first}-{last} are outside the state system's years; accepted: years "
            f"within {FIRST_YEAR}-{LAST_YEAR}"
        )
    return first, last


def state_years(
    years: str | int | tuple[int, int] | None = None,
    system: str = "cow",
    *,
    store: Store | None = None,
    backend: str = "pandas",
) -> Any:
    """Every state-year of the state system: a state counts in a year if it is a member on
    any day of it (the COW convention, as peacesciencer's ``create_stateyears()``).

    Parameters
    ----------
    years
        ``YYYY``, ``"YYYY-YYYY"`` or ``(first, last)``, within 1816–2100 (default 1816–2024).
    system
        ``"cow"`` or ``"gw"``.
    store
        The store whose ``cow_states``/``gw_states`` list is used when imported
        (Correlates of War Project 2017, State System Membership List v2016; Gleditsch &
        Ward 1999); else the built-in state table. The G-W microstates are left out (as in
        peacesciencer's ``gw_states``). States still members at the list's final date stay
        members through the last requested year.
    backend
        ``"pandas"`` or ``"polars"``.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        ``ccode, year`` (or ``gwcode, year``), ordered by state, then year; a pandas panel
        records its type in ``attrs["panel"]``.
    """
    first, last = check_years(years)
    system = check_system(system)
    universe = system_years((first, last), system, spells=_spells(system, store, last))
    codes, yrs = universe["code"].to_numpy(), universe["year"].to_numpy()
    order = np.lexsort((yrs, codes))
    frame = pd.DataFrame({code_column(system): codes[order], "year": yrs[order]})
    frame.attrs["panel"] = PanelType("state-year", system).attrs()
    return to_backend(frame, backend)


def dyad_years(
    years: str | int | tuple[int, int] | None = None,
    *,
    directed: bool = False,
    system: str = "cow",
    relevant: bool = False,
    store: Store | None = None,
    backend: str = "pandas",
) -> Any:
    """Every dyad-year of two states in the system together, as peacesciencer's
    ``create_dyadyears()``.

    A pair is in a year when both states are members on a common day of that year, so
    pairs that only meet on paper (one leaves before the other enters within the same year,
    e.g. South Vietnam and Suriname in 1975) are left out; this is peacesciencer's
    correction of its ``false_cow_dyads``.

    Parameters
    ----------
    years
        ``YYYY``, ``"YYYY-YYYY"`` or ``(first, last)``, within 1816–2100 (default 1816–2024).
    directed
        False: each pair once with ``code1 < code2``; True: both orders.
    system
        ``"cow"`` or ``"gw"``; membership as in :func:`state_years`.
    relevant
        Keep politically relevant dyads only (Weede 1976; Lemke & Reed 2001): contiguous by
        any COW contiguity type or including a COW major power, as peacesciencer's
        ``filter_prd()``; needs ``cow_contiguity`` and ``cow_majors`` loaded, and years
        outside their coverage are dropped.
    store
        The store (default: the user's store). With its state list imported, the dyad-years
        through 2024 (or a later last year) are kept in its ``derived/`` folder
        (:mod:`foedus.data.derived`) and any year range is read from them.
    backend
        ``"pandas"`` or ``"polars"``.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        ``ccode1, ccode2, year`` (or ``gwcode1, gwcode2, year``), ordered by dyad, then
        year; a pandas panel records its type (directed or not) in ``attrs["panel"]``.
    """
    first, last = check_years(years)
    system = check_system(system)
    if not isinstance(directed, bool) or not isinstance(relevant, bool):
        raise FoedusError(f"directed={directed!r}, relevant={relevant!r}; accepted: True or False")
    keys = _dyad_year_keys(system, store, first, last, directed)
    frame = pd.DataFrame(
        {
            code_column(system, 1): keys >> (YEAR_BITS + CODE_BITS),
            code_column(system, 2): (keys >> YEAR_BITS) & CODE_MASK,
            "year": keys & YEAR_MASK,
        },
        copy=False,  # three new arrays, each its own column (no copy into one block)
    )
    frame.attrs["panel"] = PanelType("dyad-year", system, directed).attrs()
    if relevant:
        frame = _relevant(frame, store)
    return to_backend(frame, backend)


def first_dyad_years(
    span: tuple[int, int], store: Store | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each undirected COW dyad's first year within ``span`` as a pair of system members
    (the first year it has in ``dyad_years(span)``), without building those dyad-years.

    Parameters
    ----------
    span
        ``(first, last)`` years.
    store
        The store whose ``cow_states`` list is used when imported (else the built-in
        state table), as in :func:`dyad_years`; the result is then kept in its ``derived/``
        folder.

    Returns
    -------
    tuple of numpy.ndarray
        The dyads as sorted packed keys ``key(0, ccode1, ccode2)`` (``ccode1 < ccode2``)
        and each one's first year.
    """
    first, last = span

    def compute() -> pd.DataFrame:
        dyads, years = _first_dyad_years(first, last, store)
        return pd.DataFrame({"dyad": dyads, "first": years})

    table = derived_table(
        f"first_dyad_years_{first}_{last}",
        [("cow_states", "states")],
        compute,
        version=_code_version(),
        store=store,
        loaded_only=True,
    )
    return table["dyad"].to_numpy(), table["first"].to_numpy()


def _first_dyad_years(first: int, last: int, store: Store | None) -> tuple[np.ndarray, np.ndarray]:
    code1, code2, y0, years = _meetings(_spells("cow", store, last), first, last, False)
    met = years > 0
    dyads = key(np.zeros(int(met.sum()), dtype="int64"), code1[met], code2[met])
    y0 = y0[met]
    order = np.lexsort((y0, dyads))
    dyads, y0 = dyads[order], y0[order]
    head = np.r_[True, dyads[1:] != dyads[:-1]] if len(dyads) else np.zeros(0, dtype=bool)
    return dyads[head], y0[head]


def _dyad_year_keys(
    system: str, store: Store | None, first: int, last: int, directed: bool
) -> np.ndarray:
    """The sorted packed keys (:func:`~foedus.panels._join.key`) of every dyad-year
    ``first``–``last``.

    With the state list imported, the dyad-years from 1816 through :data:`KEPT_THROUGH` (or
    ``last`` if later) are a derived table (:func:`foedus.data.derived.derived_table`, one
    per system and direction, kept until the list is re-imported or this code changes) and
    ``first``–``last`` select from them: a pair's years within ``first``–``last`` are its
    years through any later year restricted to those (states still in the list at its end
    stay members through whichever year is asked)."""
    through = max(last, KEPT_THROUGH)

    def compute(first: int, last: int) -> np.ndarray:
        code1, code2, y0, span = _meetings(_spells(system, store, last), first, last, directed)
        return distinct(key(ramp(span, y0), np.repeat(code1, span), np.repeat(code2, span)))

    inputs = [(f"{system}_states", "states")]
    if not inputs_loaded(inputs, store):  # the built-in table: just these years
        return compute(first, last)
    name = f"dyad_years_{system}_{'directed' if directed else 'undirected'}"
    table = derived_table(
        name if through == KEPT_THROUGH else f"{name}_{through}",
        inputs,
        lambda: pd.DataFrame({"key": compute(FIRST_YEAR, through)}),
        version=f"{_code_version()} {through}",
        store=store,
        # sorted distinct integers: delta-encoded, uncompressed, they read ~3x faster
        parquet=KEY_FILE,
    )
    keys = table["key"].to_numpy()
    if first == FIRST_YEAR and last == through:
        return keys
    year = keys & YEAR_MASK
    return keys[(year >= first) & (year <= last)]


@cache
def _code_version() -> str:
    """The version of the code computing the universe (:func:`code_version`)."""
    from foedus import _arrays
    from foedus.panels import _join

    return code_version(__file__, _join.__file__, _arrays.__file__)


def _meetings(
    spells: pd.DataFrame, first: int, last: int, directed: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of membership spells with a common day: the two codes (``code1 < code2``
    unless ``directed``), the first year of the pair within ``first``–``last`` and the
    number of its years there (0 when none)."""
    code = spells["code"].to_numpy()
    start = spells["start"].to_numpy()
    end = spells["end"].to_numpy()
    order = (code[:, None] != code[None, :]) if directed else (code[:, None] < code[None, :])
    meet = order & (start[:, None] <= end[None, :]) & (start[None, :] <= end[:, None])
    i, j = np.nonzero(meet)
    y0 = np.maximum(_year(np.maximum(start[i], start[j])), first)
    span = np.maximum(np.minimum(_year(np.minimum(end[i], end[j])), last) - y0 + 1, 0)
    return code[i], code[j], y0, span


def _year(dates: np.ndarray) -> np.ndarray:
    return dates.astype("datetime64[Y]").astype("int64") + 1970


def _relevant(frame: pd.DataFrame, store: Store | None) -> pd.DataFrame:
    from foedus.panels.status import add_contiguity, add_cow_majors

    tagged = add_cow_majors(add_contiguity(frame, store=store), store=store)
    keep = (tagged["conttype"] > 0) | (tagged["cowmaj1"] == 1) | (tagged["cowmaj2"] == 1)
    return frame[keep.fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)


def _spells(system: str, store: Store | None, last: int) -> pd.DataFrame:
    """Membership spells (code, start, end) of ``system``; open spells run through ``last``."""
    spells = read_state_spells(store, system)
    if spells is not None:
        still_in = spells["end"] == spells["end"].max()  # the list's final date
    else:
        table = state_table()
        rows = table[table[f"{system}_start"].notna()]
        spells = pd.DataFrame(
            {
                "code": rows[f"{system}_code"].to_numpy(dtype="int64"),
                "start": rows[f"{system}_start"].to_numpy(),
                "end": rows[f"{system}_end"].to_numpy(),
            }
        )
        still_in = spells["end"] >= pd.Timestamp("2262-01-01")
    horizon = pd.Timestamp(max(last, FIRST_YEAR), 12, 31)
    spells["end"] = spells["end"].where(~still_in, spells["end"].clip(lower=horizon))
    spells = spells.astype({"start": "datetime64[ns]", "end": "datetime64[ns]"})
    return spells.sort_values(["code", "start"], ignore_index=True)
