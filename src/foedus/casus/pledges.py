"""Obligations compiled into arrays over states and pledges, with their static conditions."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import itertools
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from foedus._arrays import non_empty
from foedus.casus.location import (
    _home_territory_status,
    _location_status,
    _unnamed_location_status,
)
from foedus.casus.scenario import MET, NOT_MET, TYPES, UNKNOWN, Scenario


@dataclass(frozen=True)
class Pledges:
    """Obligations of one scenario as arrays over ``states`` (index) and pledges (rows).

    ``static_parts`` holds, per condition, pledge and beneficiary side (attacker, target),
    the status of the conditions that do not depend on who else fights; ``adversary`` is
    a (pledges x states) 0/1 matrix of named adversaries; ``fellows`` marks, for each
    defense pledge, the other members of its arrangement (``members``: arrangement ->
    member codes), whose attack on the beneficiary does not invoke it.
    """

    scenario: Scenario
    table: pd.DataFrame
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
    table = obligations[obligations["type"].isin(TYPES)].reset_index(drop=True)
    members = dict(members) if members is not None else arrangement_members(obligations)
    adversaries = [c for cs in table["cond_adversary"].tolist() for c in cs]
    arrangements = table["arrangement"].to_numpy(object)
    defense = table["type"].to_numpy(object) == "defense"
    if "against_members" in table.columns:  # the pledge covers an attack by a fellow member
        defense &= ~flag_column(table, "against_members")
    fellow_states = {c for a in set(arrangements[defense]) for c in members.get(a, ())}
    after = _code_tuples(
        table["cond_after"].tolist() if "cond_after" in table.columns else [()] * len(table)
    )
    codes = np.unique(
        np.concatenate(
            [
                table["obligor"].to_numpy(np.int64),
                table["beneficiary"].to_numpy(np.int64),
                np.asarray(
                    scenario.attackers
                    + scenario.targets
                    + tuple(scenario.entrants)
                    + tuple(c for a in scenario.attacks for c in a[:2])
                    + tuple(adversaries)
                    + tuple(fellow_states)
                    + tuple(c for cs in after for c in cs)
                    + tuple(states),
                    dtype=np.int64,
                ),
            ]
        )
    )
    pos = {c: i for i, c in enumerate(codes)}
    original = np.zeros(len(codes), dtype=np.int8)
    original[[pos[c] for c in scenario.attackers]] = 1
    original[[pos[c] for c in scenario.targets]] = 2
    adversary = _incidence(table["cond_adversary"].tolist(), pos)
    parts = _static_parts(scenario, table, members)
    return Pledges(
        scenario=scenario,
        table=table,
        states=codes,
        obligor=np.searchsorted(codes, table["obligor"].to_numpy(np.int64)),
        beneficiary=np.searchsorted(codes, table["beneficiary"].to_numpy(np.int64)),
        kind=table["type"].map(TYPES.index).to_numpy(np.int8),
        has_adversary=non_empty(table["cond_adversary"].tolist()),
        after=_incidence(after, pos),
        has_after=non_empty(after),
        adversary=adversary,
        members=members,
        fellows=_fellows(
            arrangements, defense, table["beneficiary"].to_numpy(np.int64), members, codes
        ),
        attackers_min=table["cond_attackers_min"].fillna(0).to_numpy(np.int64),
        static_parts=parts,
        static=np.minimum.reduce(list(parts.values())),
        original=original,
        asserted=np.array(
            [[pos[a.attacker], pos[a.target]] for a in scenario.attacks], dtype=np.intp
        ).reshape(-1, 2),
        chain=scenario.chain_ganging,
    )


def _code_tuples(cells: list) -> list[tuple[int, ...]]:
    """Each cell's state codes as a tuple of ints (empty for an empty or missing cell)."""
    out: list[tuple[int, ...]] = [()] * len(cells)
    for i in np.flatnonzero(non_empty(cells)):
        out[i] = tuple(int(c) for c in cells[i])
    return out


def flag_column(table: pd.DataFrame, name: str) -> np.ndarray:
    """A boolean column of the obligations frame as an array (False where absent or missing)."""
    if name not in table.columns:
        return np.zeros(len(table), dtype=bool)
    if table[name].dtype == bool:  # the obligations frame's own dtype: no cell to check
        return table[name].to_numpy(bool)
    return np.fromiter(
        (v is True or (isinstance(v, bool | np.bool_) and bool(v)) for v in table[name]),
        dtype=bool,
        count=len(table),
    )


def _fellows(
    arrangements: np.ndarray,
    defense: np.ndarray,
    beneficiary: np.ndarray,
    members: Mapping[str, frozenset[int]],
    codes: np.ndarray,
) -> sp.csr_matrix:
    """(pledges x states) 0/1: for each defense pledge not covering attacks by members, the
    other members of its arrangement (built per arrangement, not per row)."""
    which, names = pd.factorize(pd.Series(arrangements, dtype=object))
    rows_of = np.flatnonzero(defense)
    order = rows_of[np.argsort(which[rows_of], kind="stable")]
    bounds = np.flatnonzero(np.r_[True, np.diff(which[order]) != 0, True])
    rows, cols = [], []
    for start, stop in itertools.pairwise(bounds if len(order) else ()):
        mine = order[start:stop]
        fellow = np.searchsorted(
            codes, np.fromiter(members.get(names[which[mine[0]]], ()), dtype=np.int64)
        )
        if not len(fellow):
            continue
        r = np.repeat(mine, len(fellow))
        c = np.tile(fellow, len(mine))
        keep = codes[c] != beneficiary[r]
        rows.append(r[keep])
        cols.append(c[keep])
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.intp)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.intp)
    return sp.csr_matrix(
        (np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(arrangements), len(codes))
    )


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


def _incidence(code_lists: list, pos: Mapping[int, int]) -> sp.csr_matrix:
    """A (rows x states) 0/1 matrix with row i marking the states of ``code_lists[i]``."""
    filled = np.flatnonzero(non_empty(code_lists))  # most rows are empty: skip them at once
    rows = [i for i in filled for _ in code_lists[i]]
    cols = [pos[c] for i in filled for c in code_lists[i]]
    return sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(code_lists), len(pos))
    )


def _static_parts(
    scenario: Scenario, table: pd.DataFrame, members: Mapping[str, frozenset[int]]
) -> dict[str, np.ndarray]:
    """Status per pledge and beneficiary side (columns: attacker side, target side)."""
    is_target = np.isin(table["beneficiary"].to_numpy(np.int64), scenario.targets)
    locations = np.minimum.reduce(
        [
            _location_status(scenario, table["cond_location"].tolist()),
            _unnamed_location_status(scenario, table, members),
            _home_territory_status(scenario, table),
        ]
    )
    guarded = table["cond_nonprovocation"].to_numpy(bool)
    if scenario.provoked is None:
        original_target = UNKNOWN
    else:
        original_target = NOT_MET if scenario.provoked else MET
    target_side = np.where(~guarded, MET, np.where(is_target, original_target, UNKNOWN))
    conflict = table["cond_conflict"].fillna("").astype(str)
    wanted = scenario.conflict.casefold()
    named = (conflict.str.casefold() == wanted).to_numpy(bool)
    conflict_status = np.where(
        conflict.str.len().to_numpy() == 0,
        MET,
        UNKNOWN if not wanted else np.where(named, MET, NOT_MET),
    )
    demanded = table["cond_demands"].to_numpy(bool)
    refused = {None: UNKNOWN, True: MET, False: NOT_MET}[scenario.demands_refused]
    unspecified = non_empty(table["cond_unspecified"].tolist())

    def both(col: np.ndarray) -> np.ndarray:
        return np.column_stack([col, col]).astype(np.int8)

    suspended = (
        flag_column(table, "suspended")
        if not scenario.honour_suspended
        else np.zeros(len(table), dtype=bool)
    )
    return {
        "suspended": both(np.where(suspended, NOT_MET, MET)),
        "location": both(locations),
        "provocation": np.column_stack([np.where(guarded, NOT_MET, MET), target_side]).astype(
            np.int8
        ),
        "conflict": both(conflict_status),
        "demands": both(np.where(demanded, refused, MET)),
        "unspecified": both(np.where(unspecified, UNKNOWN, MET)),
    }
