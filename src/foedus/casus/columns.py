"""What a compilation reads from an obligations frame, as arrays over its rows.

The columns do not depend on the scenario: :func:`columns_of` computes them once per frame
marked by :func:`foedus.casus.pledges.fixed_frame` (a date's shared obligations, read by every
scenario of that date), and :func:`foedus.casus.pledges.compile_rows` takes the rows of one
scenario from them with numpy masks and sparse row slices instead of pandas calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from foedus._arrays import non_empty, ramp
from foedus.casus.scenario import TYPES

Pairs = tuple[np.ndarray, np.ndarray]  # (row, state code), grouped by row in row order


@dataclass(frozen=True)
class Columns:
    """The obligations frame's rows as arrays (one entry a row of the frame).

    ``kind`` is the type's index in :data:`foedus.casus.scenario.TYPES` (-1: a type the engine
    does not evaluate); ``arrangement`` the arrangement's code in ``arrangement_names``;
    ``guard_fellows`` marks the defense pledges that do not cover attacks by fellow members;
    ``codes`` holds every state code the frame names, and ``obligor_at``/``beneficiary_at``
    index it; ``adversary``, ``after`` and ``fellows`` are (rows x ``codes``) 0/1 matrices:
    named adversaries, parties that must act first, and for each ``guard_fellows`` row the
    other members of its arrangement (``members``). ``location`` is the row's location
    condition as an index in ``location_keys`` (-1: none); ``conflict`` the named conflict
    casefolded.
    """

    members: Mapping[str, frozenset[int]]
    kind: np.ndarray
    obligor: np.ndarray
    beneficiary: np.ndarray
    codes: np.ndarray
    obligor_at: np.ndarray
    beneficiary_at: np.ndarray
    arrangement: np.ndarray
    arrangement_names: np.ndarray
    guard_fellows: np.ndarray
    adversary: sp.csr_matrix
    has_adversary: np.ndarray
    after: sp.csr_matrix
    has_after: np.ndarray
    fellows: sp.csr_matrix
    attackers_min: np.ndarray
    location: np.ndarray
    location_keys: tuple[tuple[str, ...], ...]
    unnamed_location: np.ndarray
    open_defense: np.ndarray
    guarded: np.ndarray
    demanded: np.ndarray
    conflict: np.ndarray
    no_conflict: np.ndarray
    unspecified: np.ndarray
    suspended: np.ndarray


def columns_of(frame: pd.DataFrame, members: Mapping[str, frozenset[int]]) -> Columns:
    """The :class:`Columns` of an obligations frame (``members``: arrangement -> member codes,
    whose other members are each defense pledge's fellows)."""
    n = len(frame)
    kind = _kinds(frame["type"])
    which, names = pd.factorize(frame["arrangement"].to_numpy(object))
    arrangement = which.astype(np.int64)
    beneficiary = frame["beneficiary"].to_numpy(np.int64)
    guard = kind == TYPES.index("defense")
    if "against_members" in frame.columns:  # the pledge covers an attack by a fellow member
        guard &= ~flag_column(frame, "against_members")
    adversary_cells = frame["cond_adversary"].tolist()
    after_cells = frame["cond_after"].tolist() if "cond_after" in frame.columns else [()] * n
    location_cells = frame["cond_location"].tolist()
    has_location = non_empty(location_cells)
    keys: dict[tuple[str, ...], int] = {}
    location = np.full(n, -1, dtype=np.int64)
    for i in np.flatnonzero(has_location):
        location[i] = keys.setdefault(tuple(location_cells[i]), len(keys))
    unspecified_cells = frame["cond_unspecified"].tolist()
    unspecified = non_empty(unspecified_cells)
    unnamed = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(unspecified):  # most rows have no unspecified condition
        unnamed[i] = "location" in unspecified_cells[i]
    conflict = np.full(n, "", dtype=object)  # casefolded; "" when missing or empty
    named = frame["cond_conflict"].to_numpy(object)
    given = np.flatnonzero(~pd.isna(named))
    for i in given[named[given] != ""]:  # most rows name no conflict
        conflict[i] = str(named[i]).casefold()
    obligor = frame["obligor"].to_numpy(np.int64)
    pairs = {
        "adversary": _pairs(adversary_cells),
        "after": _pairs(after_cells),
        "fellows": _fellow_pairs(arrangement, names, guard, beneficiary, members),
    }
    codes = np.unique(np.concatenate([obligor, beneficiary, *(c for _, c in pairs.values())]))
    matrices = {
        name: sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, np.searchsorted(codes, found))),
            shape=(n, len(codes)),
        )
        for name, (rows, found) in pairs.items()
    }
    return Columns(
        members=members,
        kind=kind,
        obligor=obligor,
        beneficiary=beneficiary,
        codes=codes,
        obligor_at=np.searchsorted(codes, obligor),
        beneficiary_at=np.searchsorted(codes, beneficiary),
        arrangement=arrangement,
        arrangement_names=np.asarray(names, dtype=object),
        guard_fellows=guard,
        adversary=matrices["adversary"],
        has_adversary=non_empty(adversary_cells),
        after=matrices["after"],
        has_after=non_empty(after_cells),
        fellows=matrices["fellows"],
        attackers_min=frame["cond_attackers_min"].fillna(0).to_numpy(np.int64),
        location=location,
        location_keys=tuple(keys),
        unnamed_location=unnamed,
        open_defense=(kind == TYPES.index("defense")) & ~has_location,
        guarded=frame["cond_nonprovocation"].to_numpy(bool),
        demanded=frame["cond_demands"].to_numpy(bool),
        conflict=conflict,
        no_conflict=conflict == "",
        unspecified=unspecified,
        suspended=flag_column(frame, "suspended"),
    )


def _kinds(types: pd.Series) -> np.ndarray:
    """Each row's type as its index in ``TYPES`` (-1: another type, or missing)."""
    if isinstance(types.dtype, pd.CategoricalDtype):  # the obligations frame's own dtype
        index = {t: i for i, t in enumerate(TYPES)}
        of = np.array([index.get(c, -1) for c in types.cat.categories] + [-1], dtype=np.int8)
        return of[types.cat.codes.to_numpy()]  # code -1 (missing): the last, -1
    return pd.Categorical(types.to_numpy(object), categories=TYPES).codes.astype(np.int8)


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


def _pairs(cells: list) -> Pairs:
    """(row, code) for each state code of each cell (a tuple of codes; empty or missing: none)."""
    filled = np.flatnonzero(non_empty(cells))
    lengths = np.fromiter((len(cells[i]) for i in filled), dtype=np.int64, count=len(filled))
    codes = np.fromiter(
        (int(c) for i in filled for c in cells[i]), dtype=np.int64, count=int(lengths.sum())
    )
    return np.repeat(filled, lengths).astype(np.int64), codes


def _fellow_pairs(
    arrangement: np.ndarray,
    names: pd.Index | np.ndarray,
    guard: np.ndarray,
    beneficiary: np.ndarray,
    members: Mapping[str, frozenset[int]],
) -> Pairs:
    """(row, code) for each ``guard`` row and each other member of its arrangement."""
    listed = [np.fromiter(members.get(name, ()), dtype=np.int64) for name in names]
    count = np.fromiter(map(len, listed), dtype=np.int64, count=len(listed))
    flat = np.concatenate(listed) if listed else np.zeros(0, dtype=np.int64)
    first = np.cumsum(count) - count  # each arrangement's members start here in flat
    rows = np.flatnonzero(guard)
    lengths = count[arrangement[rows]]
    r = np.repeat(rows, lengths)
    c = flat[ramp(lengths, first[arrangement[rows]])]
    keep = c != beneficiary[r]
    return r[keep], c[keep]
