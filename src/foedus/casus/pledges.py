"""Obligations compiled into arrays over states and pledges, with their static conditions."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import itertools
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from foedus._arrays import among, csr_cells
from foedus.casus.columns import Columns, columns_of
from foedus.casus.columns import flag_column as flag_column
from foedus.casus.location import (
    _home_territory_status,
    _location_status,
    _unnamed_location_status,
)
from foedus.casus.scenario import MET, NOT_MET, UNKNOWN, Scenario


@dataclass(frozen=True)
class Pledges:
    """Obligations of one scenario as arrays over ``states`` (index) and pledges (rows).

    ``frame`` is the obligations frame compiled and ``rows`` each pledge's row in it
    (``table``: those rows, taken when first asked). ``static_parts`` holds, per condition,
    pledge and beneficiary side (attacker, target), the status of the conditions that do not
    depend on who else fights; ``adversary`` is a (pledges x states) 0/1 matrix of named
    adversaries; ``fellows`` marks, for each defense pledge, the other members of its
    arrangement (``members``: arrangement -> member codes), whose attack on the beneficiary
    does not invoke it.
    """

    scenario: Scenario
    frame: pd.DataFrame
    rows: np.ndarray
    states: np.ndarray
    obligor: np.ndarray
    beneficiary: np.ndarray
    kind: np.ndarray
    has_adversary: np.ndarray
    adversary: sp.csr_matrix
    after: sp.csr_matrix  # (pledges x states): parties that must act first (cond_after)
    has_after: np.ndarray
    members: Mapping[str, frozenset[int]]
    fellows: sp.csr_matrix
    attackers_min: np.ndarray
    static_parts: dict[str, np.ndarray]
    static: np.ndarray  # the least of static_parts
    original: np.ndarray  # per state: 1 original attacker, 2 original target, 0 other
    asserted: np.ndarray  # (attacks x 2) state indices of the asserted attacks
    chain: bool  # the chain-ganging entry rule (Scenario.chain_ganging)

    @functools.cached_property
    def table(self) -> pd.DataFrame:
        """The pledges' rows of ``frame``, in order (a frame of their own)."""
        return self.frame.take(self.rows).reset_index(drop=True)

    @functools.cached_property
    def fellow_cells(self) -> tuple[np.ndarray, np.ndarray]:
        """(pledge, state index) of each cell of ``fellows``, pledge by pledge."""
        return csr_cells(self.fellows.indptr, self.fellows.indices)

    def column(self, name: str, at: np.ndarray | None = None) -> np.ndarray:
        """Column ``name`` of the pledges' rows (those at ``at`` among them) as an array (the
        frame's column is read once per frame kept, see :func:`fixed_frame`)."""
        whole = per_frame(f"column {name}", self.frame, lambda f: f[name].to_numpy())
        return np.asarray(whole[self.rows if at is None else self.rows[at]])

    def flag(self, name: str) -> np.ndarray:
        """Boolean column ``name`` of the pledges' rows (False where absent or missing; the
        frame's column is read once per frame kept)."""
        whole = per_frame(f"flag {name}", self.frame, lambda f: flag_column(f, name))
        return np.asarray(whole[self.rows])

    def index(self, codes: Iterable[int]) -> np.ndarray:
        return np.searchsorted(self.states, np.asarray(list(codes), dtype=np.int64))


def compile_pledges(
    scenario: Scenario,
    obligations: pd.DataFrame,
    states: Iterable[int] = (),
    members: Mapping[str, frozenset[int]] | None = None,
) -> Pledges:
    """Arrays for :func:`evaluate` from an obligations frame (see foedus.commitments).

    The state index covers the obligations' parties, the scenario's states and ``states``.
    ``members`` (arrangement -> member codes) defaults to the obligors and beneficiaries of
    each arrangement in ``obligations``.
    """
    return compile_rows(scenario, obligations, None, states, members)


def compile_rows(
    scenario: Scenario,
    obligations: pd.DataFrame,
    rows: np.ndarray | None = None,
    states: Iterable[int] = (),
    members: Mapping[str, frozenset[int]] | None = None,
) -> Pledges:
    """:func:`compile_pledges` of the rows ``rows`` of ``obligations`` (positions; None: all),
    each arrangement's members being, by default, those of the whole of ``obligations``.

    The same as ``compile_pledges(scenario, obligations.take(rows), states, members or
    arrangement_members(obligations))``. A frame kept (:func:`fixed_frame`, or inside
    :func:`frames_fixed`) has its columns read once (:func:`foedus.casus.columns.columns_of`):
    each scenario of a date takes its rows from them with numpy masks and sparse row slices.
    """
    if rows is not None:
        rows = np.asarray(rows, dtype=np.int64)
    if members is None and kept(obligations):
        cols = per_frame(
            "pledge columns", obligations, lambda f: columns_of(f, arrangement_members(f))
        )
    else:
        members = dict(members) if members is not None else arrangement_members(obligations)
        if rows is not None:
            obligations = obligations.take(rows).reset_index(drop=True)
            rows = None
        cols = columns_of(obligations, members)
    typed = cols.kind >= 0
    rows = np.flatnonzero(typed) if rows is None else rows[typed[rows]]
    # each matrix's cells in these rows: (row among them, the frame state's column)
    taken = [
        csr_cells(m.indptr, m.indices, rows) for m in (cols.adversary, cols.after, cols.fellows)
    ]
    named = np.zeros(len(cols.codes), dtype=bool)  # the frame's states these rows name
    for at in (cols.obligor_at[rows], cols.beneficiary_at[rows], *(c for _, c in taken)):
        named[at] = True
    given = scenario.attackers + scenario.targets + tuple(scenario.entrants)
    given += tuple(c for a in scenario.attacks for c in a[:2]) + tuple(states)
    codes = np.union1d(cols.codes[named], np.asarray(given, dtype=np.int64))
    at = np.searchsorted(codes, cols.codes)  # a frame state's place among codes (if named)

    def narrowed(row: np.ndarray, col: np.ndarray) -> sp.csr_matrix:  # ``at`` keeps rows sorted
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(np.bincount(row, minlength=len(rows)), out=indptr[1:])
        data = np.ones(len(col), dtype=np.float32)
        return sp.csr_matrix((data, at[col], indptr), shape=(len(rows), len(codes)))

    adversary, after, fellows = (narrowed(row, col) for row, col in taken)

    original = np.zeros(len(codes), dtype=np.int8)
    original[np.searchsorted(codes, np.asarray(scenario.attackers, dtype=np.int64))] = 1
    original[np.searchsorted(codes, np.asarray(scenario.targets, dtype=np.int64))] = 2
    parts = _static_parts(scenario, cols, rows)
    asserted = np.asarray([(a.attacker, a.target) for a in scenario.attacks], dtype=np.int64)
    return Pledges(
        scenario=scenario,
        frame=obligations,
        rows=rows,
        states=codes,
        obligor=at[cols.obligor_at[rows]],
        beneficiary=at[cols.beneficiary_at[rows]],
        kind=cols.kind[rows],
        has_adversary=cols.has_adversary[rows],
        adversary=adversary,
        after=after,
        has_after=cols.has_after[rows],
        members=cols.members,
        fellows=fellows,
        attackers_min=cols.attackers_min[rows],
        static_parts=parts,
        static=np.minimum.reduce(list(parts.values())),
        original=original,
        asserted=np.searchsorted(codes, asserted).astype(np.intp).reshape(-1, 2),
        chain=scenario.chain_ganging,
    )


def _static_parts(scenario: Scenario, cols: Columns, rows: np.ndarray) -> dict[str, np.ndarray]:
    """Status per pledge and beneficiary side (columns: attacker side, target side)."""
    beneficiary = cols.beneficiary[rows]
    is_target = among(beneficiary, scenario.targets)
    locations = np.minimum.reduce(
        [
            _location_status(scenario, cols.location[rows], cols.location_keys),
            _unnamed_location_status(
                scenario,
                cols.unnamed_location[rows],
                cols.arrangement[rows],
                cols.arrangement_names,
                cols.members,
            ),
            _home_territory_status(scenario, cols.open_defense[rows], beneficiary),
        ]
    )
    guarded = cols.guarded[rows]
    if scenario.provoked is None:
        original_target = UNKNOWN
    else:
        original_target = NOT_MET if scenario.provoked else MET
    target_side = np.where(~guarded, MET, np.where(is_target, original_target, UNKNOWN))
    wanted = scenario.conflict.casefold()
    conflict_status = np.where(
        cols.no_conflict[rows],
        MET,
        UNKNOWN if not wanted else np.where(cols.conflict[rows] == wanted, MET, NOT_MET),
    )
    refused = {None: UNKNOWN, True: MET, False: NOT_MET}[scenario.demands_refused]

    def both(col: np.ndarray) -> np.ndarray:
        return np.column_stack([col, col]).astype(np.int8)

    suspended = (
        cols.suspended[rows] if not scenario.honour_suspended else np.zeros(len(rows), dtype=bool)
    )
    return {
        "suspended": both(np.where(suspended, NOT_MET, MET)),
        "location": both(locations),
        "provocation": np.column_stack([np.where(guarded, NOT_MET, MET), target_side]).astype(
            np.int8
        ),
        "conflict": both(conflict_status),
        "demands": both(np.where(cols.demanded[rows], refused, MET)),
        "unspecified": both(np.where(cols.unspecified[rows], UNKNOWN, MET)),
    }


_CACHE: dict[str, tuple[object, tuple, Any]] = {}
_CACHING = contextvars.ContextVar("foedus_casus_frame_cache", default=False)


@contextlib.contextmanager
def frames_fixed() -> Iterator[None]:
    """Within this block obligations frames are not changed in place, so what is computed
    from a frame (members, join edges, clauses in force) is kept for the frame last asked
    about: a sweep over one date computes it once."""
    token = _CACHING.set(True)
    try:
        yield
    finally:
        _CACHING.reset(token)
        if not _CACHING.get():  # the outermost block: forget the frames
            _CACHE.clear()


# frames marked by fixed_frame: id -> (weak reference, what was computed from it by name)
_FIXED: dict[int, tuple[weakref.ref[pd.DataFrame], dict[str, Any]]] = {}


def fixed_frame(obligations: pd.DataFrame) -> pd.DataFrame:
    """Mark ``obligations`` as never changed in place (a shared frame such as
    :func:`foedus.commitments.shared_obligations_on`'s): what is computed from it (members,
    join edges, clauses in force) is kept with it, in every thread, until the frame is
    dropped. Returns the frame."""
    key = id(obligations)
    held = _FIXED.get(key)
    if held is None or held[0]() is not obligations:
        _FIXED[key] = (weakref.ref(obligations), {})
        weakref.finalize(obligations, _FIXED.pop, key, None)
    return obligations


def per_frame(name: str, obligations: pd.DataFrame, compute: Callable[[pd.DataFrame], Any]) -> Any:
    """``compute(obligations)``; kept with a frame marked by :func:`fixed_frame`, and
    inside :func:`frames_fixed` for the frame last asked about under ``name`` (the same
    object, with the same length and parties)."""
    held = _FIXED.get(id(obligations))
    if held is not None and held[0]() is obligations:
        values = held[1]
        if name not in values:
            values[name] = compute(obligations)
        return values[name]
    if not _CACHING.get():
        return compute(obligations)
    key = (
        len(obligations),
        int(obligations["obligor"].sum()),
        int(obligations["beneficiary"].sum()),
        tuple(obligations.columns),
    )
    hit = _CACHE.get(name)
    if hit is not None and hit[0] is obligations and hit[1] == key:
        return hit[2]
    found = compute(obligations)
    _CACHE[name] = (obligations, key, found)
    return found


def kept(obligations: pd.DataFrame) -> bool:
    """Whether what :func:`per_frame` computes from ``obligations`` is kept (a frame marked
    by :func:`fixed_frame`, or any frame inside :func:`frames_fixed`)."""
    held = _FIXED.get(id(obligations))
    return (held is not None and held[0]() is obligations) or _CACHING.get()


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its string columns as Python objects (cheap to take rows from)."""
    strings = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c].dtype)]
    return frame.astype(dict.fromkeys(strings, object)) if strings else frame


def in_force(obligations: pd.DataFrame, when: dt.date) -> pd.DataFrame:
    """The obligations in force on ``when`` by their own ``start``/``end`` (a clause added
    or changed within a long-lived arrangement applies from its own date: the Declaration
    of London binds the Entente from 1914-09-05); the same frame when all are."""

    def mask(frame: pd.DataFrame) -> np.ndarray:
        if all(pd.api.types.is_datetime64_dtype(frame[c].dtype) for c in ("start", "end")):
            day = np.datetime64(when, "D")
            start = frame["start"].to_numpy("datetime64[D]")
            end = frame["end"].to_numpy("datetime64[D]")
            return (np.isnat(start) | (start <= day)) & (np.isnat(end) | (end >= day))
        starts = [_day(v) for v in frame["start"]]
        ends = [_day(v) for v in frame["end"]]
        return np.fromiter(
            (
                (a is None or a <= when) and (b is None or b >= when)
                for a, b in zip(starts, ends, strict=True)
            ),
            dtype=bool,
            count=len(frame),
        )

    if _CACHING.get():  # a sweep: rows are taken many times from the same frame
        obligations = per_frame("plain", obligations, _plain)
    if "start" not in obligations.columns or "end" not in obligations.columns:
        return obligations
    keep = per_frame(f"in force {when}", obligations, mask)
    if keep.all():
        return obligations
    return per_frame(f"kept {when}", obligations, lambda f: f[keep].reset_index(drop=True))


def _day(value: object) -> dt.date | None:
    """A start/end cell as a date (None when open or missing; any year, 1373 included)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).date()
    return dt.date.fromisoformat(str(value)[:10])


def arrangement_members(obligations: pd.DataFrame) -> dict[str, frozenset[int]]:
    """Arrangement -> the states that owe or are owed its obligations in ``obligations``."""
    return dict(per_frame("members", obligations, _arrangement_members))


def _arrangement_members(obligations: pd.DataFrame) -> dict[str, frozenset[int]]:
    which, names = pd.factorize(obligations["arrangement"])
    states = np.concatenate(
        [obligations["obligor"].to_numpy(np.int64), obligations["beneficiary"].to_numpy(np.int64)]
    )
    # one int64 key per (arrangement, state) pair: unique and sorted by arrangement at once
    keys = np.unique((np.tile(which.astype(np.int64), 2) << 32) | (states & 0xFFFFFFFF))
    arrangement, state = keys >> 32, (keys & 0xFFFFFFFF).astype(np.int32).astype(np.int64)
    bounds = np.flatnonzero(np.r_[True, np.diff(arrangement) != 0, True])
    return {
        str(names[arrangement[lo]]): frozenset(state[lo:hi].tolist())
        for lo, hi in itertools.pairwise(bounds if len(keys) else ())
    }
