"""One model of commitments: directed obligations from an obligor to a beneficiary.

Each row says that ``obligor`` owes ``beneficiary`` an obligation of ``type`` (defense,
offense, neutrality, nonaggression, consultation) under ``clause`` of ``arrangement``,
from ``start`` to ``end`` (both parties members, the arrangement and the clause in force),
subject to the conditions in the ``cond_*`` columns, and names its ``source``.
``cond_unspecified`` lists the conditions a source codes without saying what they are
(ATOP codes *that* a defense pledge is limited to a location, not which one);
``cond_after`` the parties that must act first; ``against_members`` whether the pledge
covers an attack by a fellow member (from the treaty text); ``suspensions`` the spells in
which the pledge is suspended (``obligations_on`` gives ``suspended`` on its date). The
casus foederis engine, the cascade simulator and the reliability coder all read this frame.

Two sources feed it: the built-in reference set, and ATOP 5.1 (Leeds, Ritter, Mitchell &
Long 2002, "Alliance Treaty Obligations and Provisions, 1815-1944", International
Interactions 28: 237-260; ATOP codebook v5.1, 2022), made directed by ATOP's own directed
dyad-year coding (:mod:`foedus.commitments.atop`). ATOP ends on 2018-12-31 (its coverage
in :func:`foedus.sources.coverage`); later dates use the built-in set only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus import builtin
from foedus.commitments.atop import ATOP_SOURCE, atop_obligations, obligations_from_members
from foedus.commitments.curated import BUILTIN_SOURCE, builtin_obligations
from foedus.commitments.describe import describe_conditions, describe_places, state_name
from foedus.commitments.frame import COLUMNS, DTYPES
from foedus.commitments.table import Compiled, compiled
from foedus.dates import parse_date
from foedus.errors import FoedusError
from foedus.states import resolve

if TYPE_CHECKING:
    from foedus.store import Store

SOURCES = ("atop", "built-in")


def atop_last_day() -> dt.date:
    """ATOP's last day (31 December of the last year of its catalogued coverage)."""
    from foedus.sources import coverage

    return dt.date(coverage("atop")[1], 12, 31)


ATOP_LAST_DAY = atop_last_day()


def obligations_on(
    on: str | dt.date | int | None = None,
    store: Store | None = None,
    sources: str | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Directed obligations in force on a date, each row naming its source.

    By default (``sources=None``), dates up to ATOP's last day (2018-12-31) use ATOP 5.1
    when it is loaded in the store (``store`` or the default one) for every alliance ATOP
    covers, plus the built-in arrangements without an ``atop_id`` (a built-in arrangement
    with an ``atop_id`` is replaced by its ATOP coding, so nothing counts twice; ATOP's
    unnamed location and adversary conditions come filled from the built-in reading, see
    :func:`atop_obligations`); later dates, or a store without ATOP, use the built-in
    set. ``sources="built-in"`` or ``"atop"`` forces one. A clause with its own dates
    (``start``/``end`` in the built-in files) is in force only between them. The
    ``suspended`` column says whether the pledge is suspended on the date (a member's
    suspended participation: Armenia in the CSTO from February 2024).

    Parameters
    ----------
    on : date, "YYYY-MM-DD", YYYY or None
        The date (today when None).
    store : Store or None
        The store ATOP is read from (the default store when None).
    sources : {"atop", "built-in"}, a tuple of them, or None
        The sources to use; None chooses by date and by whether ATOP is loaded.

    Returns
    -------
    pandas.DataFrame
        One row a directed obligation (obligor toward beneficiary) in force on the date,
        with the obligations frame's columns, ``source`` and ``suspended``.

    Raises
    ------
    FoedusError
        When a source is unknown, or ATOP is asked for after its last day.

    References
    ----------
    Leeds, B. A. et al. (2002). "Alliance Treaty Obligations and Provisions, 1815–1944."
    International Interactions 28: 237–260 (ATOP 5.1).
    """
    when = parse_date(on)
    table = _table(when, store, sources)
    return table.take(table.rows_on(when), when)


def shared_obligations_on(
    on: str | dt.date | int | None = None,
    store: Store | None = None,
    sources: str | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """The frame of :func:`obligations_on`, shared: the same object for the same date,
    sources and loaded data (kept for the last few dates), with text columns as Python
    strings. Never change it in place (take a copy); the engines keep what they derive
    from it (:func:`foedus.casus.pledges.fixed_frame`) for as long as it is kept.

    Parameters
    ----------
    on, store, sources
        As in :func:`obligations_on`.

    Returns
    -------
    pandas.DataFrame
        The obligations in force on the date (read-only by contract).
    """
    when = parse_date(on)
    return _table(when, store, sources).shared_on(when)


def _table(
    when: dt.date, store: Store | None, sources: str | tuple[str, ...] | None = None
) -> Compiled:
    """The compiled obligations of the sources used on ``when`` (see :func:`obligations_on`)."""
    wanted = _sources(sources, when, store)
    if "atop" in wanted and when > ATOP_LAST_DAY:
        raise FoedusError(
            f"date {when} is after ATOP 5.1's coverage (1815-{ATOP_LAST_DAY.year}); "
            f"accepted: dates up to {ATOP_LAST_DAY}, or sources='built-in'"
        )
    return compiled(wanted, store)


def _sources(
    sources: str | tuple[str, ...] | None, when: dt.date, store: Store | None
) -> tuple[str, ...]:
    if sources is None:
        from foedus.data.cooperation import loaded_sources

        use_atop = when <= ATOP_LAST_DAY and "atop" in loaded_sources(["atop"], store)
        return SOURCES if use_atop else ("built-in",)
    wanted = (sources,) if isinstance(sources, str) else tuple(sources)
    bad = [s for s in wanted if s not in SOURCES]
    if bad or not wanted:
        raise FoedusError(f"sources {bad or '(none)'} unknown; accepted: {', '.join(SOURCES)}")
    return wanted


def who_defends(
    state: str | int, on: str | dt.date | int | None = None, store: Store | None = None
) -> pd.DataFrame:
    """Every state with a defense obligation toward ``state`` on a date, by arrangement.

    Each arrangement appears once: a built-in arrangement with an ATOP twin (``atop_id``)
    is given by ATOP up to 2018-12-31 under the built-in name (the twin in force on the
    date when several share one ATOP id), by the built-in set after.

    Parameters
    ----------
    state : str or int
        The defended state: a name, abbreviation, ISO3 code or COW code.
    on : date, "YYYY-MM-DD", YYYY or None
        The date (today when None).
    store : Store or None
        The store ATOP is read from (the default store when None).

    Returns
    -------
    pandas.DataFrame
        ``arrangement, arrangement_id, clause, defender, defender_ccode, conditions,
        source, suspended, dates`` (``dates``: which date a pledge runs from when ATOP
        and the built-in reading of the same treaty differ, and why). ``attrs["sources"]``
        names the sources consulted, ``attrs["atop_last_day"]`` ATOP's last day and, when ATOP
        was consulted, ``attrs["directed_coding"]`` whether ATOP's directed dyad-year coding
        restricted its rows (source ``atop_ddyr`` imported).

    References
    ----------
    Leeds, B. A. et al. (2002). "Alliance Treaty Obligations and Provisions, 1815–1944."
    International Interactions 28: 237–260 (ATOP 5.1).
    """
    when = parse_date(on)
    target = resolve(state, on=when)
    table = _table(when, store)
    every, spans, none = _defenders_on(table, when)
    lo, hi = spans.get(-1 if target.cow_code is None else target.cow_code, (0, 0))
    out = every.iloc[lo:hi].reset_index(drop=True) if hi > lo else none.copy()
    consulted = _sources(None, when, store)
    out.attrs["sources"] = [ATOP_SOURCE if s == "atop" else BUILTIN_SOURCE for s in consulted]
    if "atop" in consulted:
        from foedus.data.cooperation import loaded_sources

        out.attrs["directed_coding"] = "atop_ddyr" in loaded_sources(["atop_ddyr"], store)
    out.attrs["atop_last_day"] = ATOP_LAST_DAY
    return out


DEFENDED = 16  # dates whose defenders of every state are kept (:func:`_defenders_on`)
_Defended = tuple[Compiled, pd.DataFrame, dict[int, tuple[int, int]], pd.DataFrame]
_defended: OrderedDict[tuple[int, dt.date], _Defended] = OrderedDict()
_defending: dict[tuple[int, dt.date], threading.Lock] = {}  # dates being computed
_defended_lock = threading.Lock()


def _defenders_on(
    table: Compiled, when: dt.date
) -> tuple[pd.DataFrame, dict[int, tuple[int, int]], pd.DataFrame]:
    """The rows of :func:`who_defends` for every defended state on ``when``, the span of
    each defended state's rows (by COW code), and the frame of no rows: computed once per
    date and table (the last :data:`DEFENDED` kept; concurrent callers wait for it), a query
    takes its state's span."""
    key = (id(table), when)
    with _defended_lock:
        computing = _defending.setdefault(key, threading.Lock())
    with computing:
        with _defended_lock:
            kept = _defended.get(key)
            if kept is not None and kept[0] is table:
                _defended.move_to_end(key)
                return kept[1], kept[2], kept[3]
        rows = table.rows_on(when)
        rows = rows[table.type[rows] == "defense"]
        every = _defenders(table, rows, when, table.beneficiary[rows])
        defended = every.pop("_beneficiary").to_numpy(np.int64)
        bounds = np.flatnonzero(np.r_[True, np.diff(defended) != 0, True])
        spans = {
            int(defended[lo]): (int(lo), int(hi))
            for lo, hi in itertools.pairwise(bounds if len(defended) else ())
        }
        none = _defenders(table, np.zeros(0, dtype=np.int64), when)
        with _defended_lock:
            _defended[key] = (table, every, spans, none)
            while len(_defended) > DEFENDED:
                _defending.pop(_defended.popitem(last=False)[0], None)
    return every, spans, none


def _defenders(
    table: Compiled, rows: np.ndarray, when: dt.date, defended: np.ndarray | None = None
) -> pd.DataFrame:
    """The frame of :func:`who_defends` for the defense pledges at ``rows`` of ``table``,
    sorted by arrangement and defender (with ``defended``, the defended state of each row:
    sorted by it first, in a column ``_beneficiary``)."""
    found = table.take(rows, when)
    cells = {c: found[c].tolist() for c in _DATED}
    obligors = found["obligor"].to_numpy(np.int64)
    names = {c: state_name(c, on=when) for c in np.unique(obligors).tolist()}
    # most rows share their dates' note and their arrangement's name: each is found once
    dated: dict[tuple[Any, ...], str] = {}
    named: dict[tuple[Any, ...], str] = {}
    dates, arrangements = [], []
    for values in zip(*cells.values(), strict=True):
        source, arrangement_name, atop_id, start, note = values
        if (key := (note, source, atop_id, start)) not in dated:
            dated[key] = _dates(dict(zip(cells, values, strict=True)), when)
        dates.append(dated[key])
        if (twin := (source, arrangement_name, atop_id)) not in named:
            named[twin] = (
                _twin_name(int(atop_id), when) or arrangement_name
                if source == ATOP_SOURCE
                else arrangement_name
            )
        arrangements.append(named[twin])
    out = pd.DataFrame(
        {
            "arrangement": arrangements,
            "arrangement_id": found["arrangement"],
            "clause": found["clause"],
            "defender": [names[c] for c in obligors.tolist()],
            "defender_ccode": found["obligor"].astype(int),
            "conditions": table.conditions(rows),
            "source": found["source"],
            "suspended": found["suspended"].astype(bool),
            "dates": dates,
        }
    )
    if defended is None:
        return out.sort_values(["arrangement", "defender"]).reset_index(drop=True)
    out["_beneficiary"] = defended
    by = ["_beneficiary", "arrangement", "defender"]
    return out.sort_values(by).reset_index(drop=True)


_DATED = ["source", "arrangement_name", "atop_id", "start", "date_note"]  # the cells _dates reads


@cache
def _twins() -> dict[int, list[tuple[dt.date, dt.date, str]]]:
    """ATOP id -> its built-in twins as (in force, signed, name), by date in force."""
    table = builtin.load().arrangements
    table = table[table["atop_id"].notna()].sort_values("in_force", kind="stable")
    out: dict[int, list[tuple[dt.date, dt.date, str]]] = {}
    for atop_id, in_force, signed, name in zip(
        table["atop_id"], table["in_force"], table["signed"], table["name"], strict=True
    ):
        out.setdefault(int(atop_id), []).append((in_force, signed, name))
    return out


def _twin_name(atop_id: int, when: dt.date) -> str | None:
    """The name of the built-in twin of ATOP alliance ``atop_id`` in force on ``when`` (else
    the latest earlier one, else the first; None without a twin)."""
    twins = _twins().get(atop_id)
    if not twins:
        return None
    started = [t for t in twins if t[0] <= when]
    return (started[-1] if started else twins[0])[2]


def _dates(row: Mapping[str, Any], when: dt.date) -> str:
    """Which date the pledge runs from, where the sources differ, and why."""
    notes = [row["date_note"]] if row.get("date_note") else []
    if row["source"] == ATOP_SOURCE and pd.notna(row["atop_id"]):
        twins = _twins().get(int(row["atop_id"]))
        if twins:
            in_force, signed, _ = twins[0]
            start = pd.Timestamp(row["start"]).date()
            if start < in_force:
                notes.append(
                    f"ATOP dates this pledge from {start}; the built-in set has the "
                    f"treaty signed {signed}, in force {in_force}; ATOP's date "
                    f"is used because ATOP 5.1 is the source up to {ATOP_LAST_DAY}"
                    + (f" (the treaty was not yet in force on {when})" if when < in_force else "")
                )
    return "; ".join(notes)


__all__ = [
    "ATOP_LAST_DAY",
    "ATOP_SOURCE",
    "BUILTIN_SOURCE",
    "COLUMNS",
    "DTYPES",
    "SOURCES",
    "atop_obligations",
    "builtin_obligations",
    "describe_conditions",
    "describe_places",
    "obligations_from_members",
    "obligations_on",
    "shared_obligations_on",
    "state_name",
    "who_defends",
]
