"""Obligations compiled into arrays over states and pledges, with their static conditions."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from foedus.builtin import STATE_PLACE, expand_regions, regions
from foedus.casus.scenario import MET, NOT_MET, SIDES, TYPES, UNKNOWN, Scenario


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
        defense &= ~table["against_members"].fillna(False).to_numpy(bool)
    fellow_states = {c for a in set(arrangements[defense]) for c in members.get(a, ())}
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
        has_adversary=table["cond_adversary"].map(len).to_numpy() > 0,
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


def per_frame(name: str, obligations: pd.DataFrame, compute: Callable[[pd.DataFrame], Any]) -> Any:
    """``compute(obligations)``, kept for the frame last asked about under ``name`` (the same
    object, with the same length and parties), so a sweep over one date computes it once."""
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


def arrangement_members(obligations: pd.DataFrame) -> dict[str, frozenset[int]]:
    """Arrangement -> the states that owe or are owed its obligations in ``obligations``."""
    return dict(per_frame("members", obligations, _arrangement_members))


def _arrangement_members(obligations: pd.DataFrame) -> dict[str, frozenset[int]]:
    parties = pd.concat(
        [
            obligations[["arrangement", "obligor"]].set_axis(["arrangement", "state"], axis=1),
            obligations[["arrangement", "beneficiary"]].set_axis(["arrangement", "state"], axis=1),
        ]
    )
    return {
        str(a): frozenset(int(c) for c in codes)
        for a, codes in parties.groupby("arrangement")["state"].unique().items()
    }


def _incidence(code_lists: list, pos: Mapping[int, int]) -> sp.csr_matrix:
    """A (rows x states) 0/1 matrix with row i marking the states of ``code_lists[i]``."""
    rows = [i for i, cs in enumerate(code_lists) for _ in cs]
    cols = [pos[c] for cs in code_lists for c in cs]
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
    unspecified = np.fromiter(
        (len(u) > 0 for u in table["cond_unspecified"].tolist()), dtype=bool, count=len(table)
    )

    def both(col: np.ndarray) -> np.ndarray:
        return np.column_stack([col, col]).astype(np.int8)

    return {
        "location": both(locations),
        "provocation": np.column_stack([np.where(guarded, NOT_MET, MET), target_side]).astype(
            np.int8
        ),
        "conflict": both(conflict_status),
        "demands": both(np.where(demanded, refused, MET)),
        "unspecified": both(np.where(unspecified, UNKNOWN, MET)),
    }


def theatre(scenario: Scenario) -> frozenset[str]:
    """The war's regions: the scenario's location, else the original targets' home regions
    (empty when none of them has one)."""
    if scenario.location:
        return frozenset(expand_regions(scenario.location))
    homes = regions()
    return frozenset(r for t in scenario.targets for r in homes.get(t, ()))


def _unnamed_location_status(
    scenario: Scenario, table: pd.DataFrame, members: Mapping[str, frozenset[int]]
) -> np.ndarray:
    """A location limit whose content the source does not code (ATOP's ``*COLOC``): not
    met when the war's theatre lies outside the home regions of every member of the
    arrangement, otherwise left unknown (the ``unspecified`` condition says so).

    The ATOP codebook's examples of such limits ("home territory only; attack on the
    Eastern front") tie a pledge to the members' own area; a war fought wholly elsewhere
    (Korea, for the Organization of American States' pledges) cannot meet it.
    """
    where = theatre(scenario)
    homes = regions()
    unnamed = np.fromiter(
        ("location" in u for u in table["cond_unspecified"].tolist()), dtype=bool, count=len(table)
    )
    out = np.where(unnamed, UNKNOWN, MET).astype(np.int8)
    if not where or not unnamed.any():
        return out
    arrangements = table["arrangement"].to_numpy(object)
    for a in set(arrangements[unnamed]):
        around = {r for c in members.get(a, ()) for r in homes.get(c, ())}
        if around and not where & around:
            out[unnamed & (arrangements == a)] = NOT_MET
    return out


def _home_territory_status(scenario: Scenario, table: pd.DataFrame) -> np.ndarray:
    """A defense pledge without a named location answers an attack on the beneficiary's own
    sovereignty or territorial integrity (ATOP codebook v5.1, DEFENSE; support for a
    partner fighting elsewhere is ATOP's OFFENSE): not met when the war was fought
    abroad (:func:`fought_abroad`; the United Kingdom in Korea), met otherwise. A named
    location (NATO's Art. 6 area, SEATO's treaty area) says itself where an attack counts.
    """
    out = np.full(len(table), MET, dtype=np.int8)
    beneficiary = table["beneficiary"].to_numpy(np.int64)
    open_defense = (table["type"].eq("defense") & table["cond_location"].map(len).eq(0)).to_numpy()
    abroad = [b for b in np.unique(beneficiary[open_defense]) if fought_abroad(scenario, b)]
    out[open_defense & np.isin(beneficiary, abroad)] = NOT_MET
    return out


def fought_abroad(scenario: Scenario, state: int) -> bool:
    """Whether the war's theatre lies outside every home region of ``state`` (False when
    either is unknown)."""
    where, home = theatre(scenario), regions().get(int(state), ())
    return bool(where and home and not where & set(home))


def _location_status(scenario: Scenario, conditions: list) -> np.ndarray:
    """Met when the war's theatre meets the condition's regions (the theatre holds every
    attack of the scenario, later entrants' too; unknown without a theatre) or one of the
    states whose territory it names is attacked (:func:`_territory_status`)."""
    where = theatre(scenario)
    memo: dict[tuple, int] = {}
    out = np.full(len(conditions), MET, dtype=np.int8)
    for i, cond in enumerate(conditions):
        if not len(cond):
            continue
        key = tuple(cond)
        if key not in memo:
            areas = [k for k in key if not k.startswith(STATE_PLACE)]
            states = [int(k.removeprefix(STATE_PLACE)) for k in key if k not in areas]
            found = [_territory_status(scenario, c) for c in states]
            if areas:
                hit = where & set(expand_regions(areas))
                found.append(UNKNOWN if not where else (MET if hit else NOT_MET))
            memo[key] = max(found)
        out[i] = memo[key]
    return out


def _territory_status(scenario: Scenario, state: int) -> int:
    """A state's territory is attacked when the state fights on the targets' side (met),
    not when it is not at war (not met); on the attackers' side, unknown (the war may
    reach its territory)."""
    if state in scenario.targets or scenario.entrants.get(state) == SIDES[1]:
        return MET
    at_war = state in scenario.attackers or state in scenario.entrants
    return UNKNOWN if at_war else NOT_MET
