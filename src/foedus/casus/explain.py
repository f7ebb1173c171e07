"""The report of a scenario: every obligation toward a belligerent, its status and reasons."""

from __future__ import annotations

import collections
import datetime as dt
import functools
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from foedus._arrays import among, non_empty
from foedus.casus.evaluation import _state_events, evaluate, initial_war
from foedus.casus.location import fought_abroad, theatre
from foedus.casus.pledges import (
    Pledges,
    compile_rows,
    in_force,
    per_frame,
)
from foedus.casus.scenario import (
    CONDITIONS,
    MET,
    NOT_MET,
    ROLES,
    SIDES,
    STATUS,
    TYPES,
    UNKNOWN,
    Scenario,
    check_inputs,
)
from foedus.commitments import describe_places, state_name
from foedus.vocab import CONDITION_STATUSES, TRIGGERED


def triggered(scenario: Scenario, obligations: pd.DataFrame) -> pd.DataFrame:
    """Every obligation toward a belligerent of ``scenario``, with its status and reasons.

    One row per obligation whose beneficiary is at war: obligor, beneficiary, arrangement,
    source, type, role, clause, ``triggered`` (yes / no / unknown), one status column per
    condition (met / not met / unknown; blank when the obligation has no such condition),
    and ``reason``. Obligations of states at war against their beneficiary say so.

    Parameters
    ----------
    scenario : Scenario
        The war: date, original attackers and targets, and asserted entrants.
    obligations : pandas.DataFrame
        Directed obligations (as from :func:`foedus.obligations_on`); those not in force
        on the scenario's date are dropped.

    Returns
    -------
    pandas.DataFrame
        One row an obligation toward a belligerent, with the columns above.
    """
    pledges, side, rnd = _scenario_war(scenario, obligations)
    return report(pledges, side[0], rnd[0], evaluate(pledges, side, rnd), categorical=True)


#: the closed vocabularies of a report's columns (docs/conventions.md): categoricals
REPORT_CATEGORIES: dict[str, tuple[str, ...]] = {
    "type": TYPES,
    "role": tuple(ROLES.values()),
    "triggered": TRIGGERED,
    "obligor_side": SIDES,
    **{f"cond_{c}": CONDITION_STATUSES for c in CONDITIONS},
}


def with_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """A report (:func:`report`) as the public API gives it: obligation types, roles,
    ``triggered``, the obligor's side and the condition statuses as categoricals of their
    vocabularies (an obligor not at war has no side, an obligation without a condition no
    status: missing)."""
    out = frame.copy()
    for col, (dtype, code) in _REPORT_DTYPES.items():
        if col in out.columns:  # a word outside the vocabulary, like "", is missing (-1)
            codes = np.fromiter(
                (code.get(v, -1) for v in out[col].tolist()), dtype=np.int8, count=len(out)
            )
            out[col] = pd.Categorical.from_codes(codes, dtype=dtype)
    return out


_REPORT_DTYPES = {
    col: (pd.CategoricalDtype(words), {w: i for i, w in enumerate(words)})
    for col, words in REPORT_CATEGORIES.items()
}


def count_triggered(scenario: Scenario, obligations: pd.DataFrame) -> int:
    """How many obligations ``scenario`` triggers with every condition met (no report)."""
    pledges, side, rnd = _scenario_war(scenario, obligations)
    return int((evaluate(pledges, side, rnd, detail=False)["overall"] == MET).sum())


def _scenario_war(
    scenario: Scenario, obligations: pd.DataFrame
) -> tuple[Pledges, np.ndarray, np.ndarray]:
    """The obligations toward the scenario's belligerents, compiled, and its war."""
    check_inputs(scenario, obligations)
    obligations = in_force(obligations, scenario.date)
    at_war = scenario.attackers + scenario.targets + tuple(scenario.entrants)
    beneficiary = per_frame(
        "beneficiaries", obligations, lambda f: f["beneficiary"].to_numpy(np.int64)
    )
    pledges = compile_rows(scenario, obligations, np.flatnonzero(among(beneficiary, at_war)))
    side, rnd = initial_war(pledges)
    return pledges, side, rnd


def report(
    pledges: Pledges,
    side: np.ndarray,
    rnd: np.ndarray,
    status: dict[str, np.ndarray],
    categorical: bool = False,
) -> pd.DataFrame:
    """The frame of :func:`triggered` for one war state (``side``/``rnd`` of one run); its
    vocabulary columns as text, or with ``categorical`` as :func:`with_categories` makes them."""
    columns = report_columns(pledges, side, rnd, status, categorical)
    return columns if isinstance(columns, pd.DataFrame) else pd.DataFrame(columns)


def triggered_columns(
    scenario: Scenario, obligations: pd.DataFrame
) -> dict[str, Any] | pd.DataFrame:
    """The columns of :func:`triggered`'s frame as JSON gives them, without making it: its
    vocabulary columns as words, a word outside the vocabulary (the blank of a condition an
    obligation does not have) as None, where the frame has categoricals (the frame itself,
    categoricals and all, when a name is missing)."""
    pledges, side, rnd = _scenario_war(scenario, obligations)
    columns = report_columns(pledges, side[0], rnd[0], evaluate(pledges, side, rnd))
    if isinstance(columns, pd.DataFrame):
        return with_categories(columns)
    for name, (_, code) in _REPORT_DTYPES.items():
        columns[name] = [v if v in code else None for v in columns[name]]
    return columns


def report_columns(
    pledges: Pledges,
    side: np.ndarray,
    rnd: np.ndarray,
    status: dict[str, np.ndarray],
    categorical: bool = False,
) -> dict[str, Any] | pd.DataFrame:
    """The columns of :func:`report`'s frame, in its order (name to list, array or
    categorical; the frame itself when a name is missing)."""
    keep = np.flatnonzero(status["at_war"][0])
    t = _Cells(pledges, keep)
    when = pledges.scenario.date
    obligor, beneficiary = t["obligor"].tolist(), t["beneficiary"].tolist()
    names = {c: state_name(c, on=when) for c in sorted(set(obligor) | set(beneficiary))}
    types = t["type"].tolist()
    located = non_empty(t["cond_location"].tolist())
    abroad = [
        kind == "defense" and not named and fought_abroad(pledges.scenario, b)
        for kind, named, b in zip(types, located, beneficiary, strict=True)
    ]
    shown = _shown(t, located, abroad)
    out: dict[str, Any] = {
        "obligor": [names[c] for c in obligor],
        "obligor_ccode": t["obligor"].astype(int),
        "beneficiary": [names[c] for c in beneficiary],
        "beneficiary_ccode": t["beneficiary"].astype(int),
        "arrangement": t["arrangement_name"],
        "source": t["source"],
        "type": t["type"],
        "role": np.array([ROLES[v] for v in types], dtype=object),
        "clause": t["clause"],
        "triggered": [_TRIGGERED[v] for v in status["overall"][0, keep].tolist()],
        **{
            f"cond_{c}": [
                STATUS[v] if show else ""
                for v, show in zip(status[c][0, keep].tolist(), shown[c], strict=True)
            ]
            for c in CONDITIONS
        },
    }
    obligor_side = side[pledges.obligor[keep]]
    b_side = side[pledges.beneficiary[keep]]
    out["obligor_side"] = [SIDES[s - 1] if s else "" for s in obligor_side]
    fellows = [""] * len(keep)
    for i in np.flatnonzero(status["by_fellows"][0, keep]):  # attacked by fellow members only
        fellows[i] = ", ".join(
            names.get(int(pledges.states[j])) or state_name(pledges.states[j], on=when)
            for j in _row(pledges.fellows, keep[i])
            if side[j] not in (0, b_side[i])
        )
    where = ", ".join(sorted(theatre(pledges.scenario)))
    fields = ["obligor", "beneficiary", *(f"cond_{c}" for c in CONDITIONS)]
    records = [
        dict(zip(fields, row, strict=True)) for row in zip(*(out[f] for f in fields), strict=True)
    ]
    covering = pledges.flag("against_members")[keep]
    events = [
        _covering(
            _event_reason(kind, r, int(rnd[b]), int(side[b]), fellow, opponents, defenders), cover
        )
        for kind, r, b, fellow, (opponents, defenders), cover in zip(
            types,
            records,
            pledges.beneficiary[keep],
            fellows,
            _opponents(pledges, side, rnd, keep),
            covering,
            strict=True,
        )
    ]
    out["reason"] = _reasons(
        t,
        records,
        events,
        b_side,
        obligor_side,
        where,
        abroad,
        after_met=list(status["after"][0, keep] == MET) if "after" in status else [],
        honoured_suspended=pledges.scenario.honour_suspended,
        when=when,
    )
    return _sorted(out, types, categorical)


_TRIGGERED = {MET: TRIGGERED[0], UNKNOWN: TRIGGERED[1], NOT_MET: TRIGGERED[2]}
_FIRST = {"yes": 0, "unknown": 1, "no": 2}
_SORT = ["_o", "arrangement", "beneficiary", "obligor"]


def _sorted(
    out: dict[str, Any], types: list[str], categorical: bool
) -> dict[str, Any] | pd.DataFrame:
    """The report's columns, its rows triggered first (yes, unknown, no), then by type,
    arrangement, beneficiary and obligor (with ``categorical``, the vocabulary columns as
    :func:`with_categories` makes them); a frame when a name is missing (pandas sorts those)."""
    order = [_FIRST[v] * 10 + TYPES.index(k) for v, k in zip(out["triggered"], types, strict=True)]
    keys = [order, *(list(out[c]) for c in _SORT[1:])]
    if not all(type(v) is str for column in keys[1:] for v in column):  # a missing name
        frame = pd.DataFrame(out).assign(_o=order).sort_values(_SORT)
        frame = frame.drop(columns="_o").reset_index(drop=True)
        return with_categories(frame) if categorical else frame
    rows = sorted(range(len(order)), key=list(zip(*keys, strict=True)).__getitem__)
    at = np.asarray(rows, dtype=np.intp)
    columns = {
        name: col[at] if isinstance(col, np.ndarray) else [col[i] for i in rows]
        for name, col in out.items()
    }
    if categorical:
        for name, (dtype, code) in _REPORT_DTYPES.items():
            codes = np.array([code.get(v, -1) for v in columns[name]], dtype=np.int8)
            columns[name] = pd.Categorical.from_codes(codes, dtype=dtype)
    return columns


def _row(matrix: sp.csr_matrix, i: int) -> np.ndarray:
    """The columns of row ``i``'s cells (no scipy indexing: it costs more than the row)."""
    return matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]]


class _Cells:
    """The columns of a report's rows (``keep`` among the pledges) as arrays."""

    def __init__(self, pledges: Pledges, keep: np.ndarray) -> None:
        self.pledges, self.keep, self.columns = pledges, keep, pledges.frame.columns

    def __getitem__(self, name: str) -> np.ndarray:
        return self.pledges.column(name, self.keep)

    def __len__(self) -> int:
        return len(self.keep)


def _shown(t: _Cells, located: np.ndarray, abroad: list[bool]) -> dict[str, list[bool]]:
    n = len(t)
    unspecified = t["cond_unspecified"].tolist()
    return {
        "event": [True] * n,
        "adversary": non_empty(t["cond_adversary"].tolist()).tolist(),
        "attackers": pd.notna(t["cond_attackers_min"]).tolist(),
        "location": (
            located
            | np.array(["location" in u for u in unspecified], dtype=bool)
            | np.asarray(abroad, dtype=bool)
        ).tolist(),
        "provocation": np.asarray(t["cond_nonprovocation"], dtype=bool).tolist(),
        "conflict": [bool(c) for c in t["cond_conflict"].tolist()],
        "demands": np.asarray(t["cond_demands"], dtype=bool).tolist(),
        "unspecified": non_empty(unspecified).tolist(),
    }


_EVENTS = {
    "defense": ("is attacked by a non-member", "is not attacked"),
    "offense": ("attacks", "does not attack anyone"),
    "neutrality": ("is at war", "is not at war"),
    "nonaggression": ("is at war", "is not at war"),
    "consultation": ("is at war", "is not at war"),
}


def _reasons(
    t: _Cells,
    records: list[dict],
    events: list[str],
    b_side: np.ndarray,
    o_side: np.ndarray,
    where: str,
    abroad: list[bool],
    after_met: list[bool],
    honoured_suspended: bool,
    when: dt.date,
) -> list[str]:
    reasons = []
    for i, (row, r) in enumerate(zip(_rows(t), records, strict=True)):
        parts = [events[i]]
        if row.cond_adversary:
            named = ", ".join(state_name(c) for c in row.cond_adversary)
            how = (
                " (named by the built-in reading of the treaty)"
                if "adversary from built-in" in row.clause
                else " (ATOP names it as the treaty's threat, STATTHR)"
                if row.source.startswith("ATOP")
                else ""
            )
            parts.append(f"adversary {named}{how}: {r['cond_adversary']}")
        if pd.notna(row.cond_attackers_min):
            parts.append(
                f"attacked by at least {int(row.cond_attackers_min)} state(s): "
                f"{r['cond_attackers']}"
            )
        if row.cond_location:
            parts.append(
                f"location {describe_places(row.cond_location, on=when)}: {r['cond_location']}"
            )
        if row.cond_nonprovocation:
            parts.append("not provoked: " + _provocation(r["cond_provocation"], int(b_side[i])))
        if row.cond_conflict:
            parts.append(f"conflict {row.cond_conflict!r}: {r['cond_conflict']}")
        if row.cond_demands:
            parts.append(f"demands refused: {r['cond_demands']}")
        if abroad[i]:
            parts.append(
                f"location: not met ({r['beneficiary']} fought abroad, in {where}: a defense "
                "pledge answers an attack on its own territory, ATOP DEFENSE)"
            )
        parts.extend(
            _unspecified_reason(c)
            if c != "location" or r["cond_location"] != "not met"
            else "location: not met (the source codes a location limit without saying which; "
            f"the war was fought in {where}, outside every member's home region)"
            for c in row.cond_unspecified
            if c != "location" or not abroad[i]
        )
        after = getattr(row, "cond_after", ())
        if isinstance(after, tuple | list | np.ndarray) and len(after):
            named = ", ".join(state_name(int(c)) for c in after)
            acted = "met" if after_met and after_met[i] else "not met"
            parts.append(f"only once {named} has acted (is at war on its side): {acted}")
        if getattr(row, "suspended", False) is True or (
            isinstance(getattr(row, "suspended", False), np.bool_) and row.suspended
        ):
            parts.append(
                "participation suspended on this date: "
                + (
                    "honoured on request"
                    if honoured_suspended
                    else "not honoured (honour_suspended / --honour-suspended to include it)"
                )
            )
        if row.cond_other:
            parts.append(f"noted, not evaluated: {row.cond_other}")
        if o_side[i] and o_side[i] != b_side[i]:
            parts.append(f"{r['obligor']} is itself at war against {r['beneficiary']}")
        reasons.append("; ".join(parts))
    return reasons


_READ = (
    *("cond_adversary", "clause", "source", "cond_attackers_min", "cond_location"),
    *("cond_nonprovocation", "cond_conflict", "cond_demands", "cond_unspecified", "cond_other"),
)


def _rows(t: _Cells) -> Iterator[Any]:
    """The rows of ``t`` as named tuples of the columns :func:`_reasons` reads (``cond_after``
    and ``suspended`` when present), without pandas per row."""
    names = (*_READ, *(c for c in ("cond_after", "suspended") if c in t.columns))
    return map(_row_type(names)._make, zip(*(t[c].tolist() for c in names), strict=True))


@functools.cache
def _row_type(names: tuple[str, ...]) -> Any:
    return collections.namedtuple("row", names)


def _opponents(
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray, keep: np.ndarray
) -> list[tuple[str, str]]:
    """Whom each kept pledge's beneficiary fights in one war state (``side``/``rnd`` of one
    run), by the entry rule: the non-members attacking it (defense) or the states it
    attacks (offense); and, for defense, the states fighting it without attacking it
    (they entered to defend someone). Empty strings for other types."""
    fights: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for b in np.unique(pledges.beneficiary[keep]):
        others = np.flatnonzero((side > 0) & (side != side[b]))
        _, x_attacks_b, b_attacks_x = _state_events(
            pledges, np.full(len(others), b), others, side[None], rnd[None]
        )
        joined = (rnd[others] > 0) & ~x_attacks_b[0] & (not pledges.chain)
        fights[b] = others[x_attacks_b[0]], others[b_attacks_x[0]], others[joined]
    when = pledges.scenario.date
    names = {int(c): state_name(int(c), on=when) for c in pledges.states[side > 0]}

    @functools.cache
    def listed(idx: tuple[int, ...], most: int = 0) -> str:
        named = [names[int(c)] for c in pledges.states[list(idx)]]
        if most and len(named) > most:
            return ", ".join(named[:most]) + f" and {len(named) - most} more"
        return ", ".join(named)

    lists = {int(b): tuple(tuple(f.tolist()) for f in found) for b, found in fights.items()}
    indptr, indices = pledges.fellows.indptr, pledges.fellows.indices
    out = []
    kinds, beneficiaries = pledges.kind[keep].tolist(), pledges.beneficiary[keep].tolist()
    for p, kind, b in zip(keep.tolist(), kinds, beneficiaries, strict=True):
        if kind > 1:
            out.append(("", ""))
            continue
        attackers, attacked, defending = lists[b]
        if kind == 0:  # the attackers not fellow members of the pledge's arrangement
            fellow = indices[indptr[p] : indptr[p + 1]]
            hits = tuple(a for a in attackers if not (fellow == a).any())
            out.append((listed(hits), listed(defending, 4)))
        else:
            out.append((listed(attacked), ""))
    return out


def _event_reason(
    kind: str, r: dict, b_rnd: int, b_side: int, fellows: str, opponents: str, defenders: str
) -> str:
    yes, no = _EVENTS[kind]
    if r["cond_event"] == "met":
        whom = f" ({opponents})" if opponents else ""
        return f"{r['beneficiary']} {yes}{whom}"
    if fellows:
        return (
            f"{r['beneficiary']} is attacked only by fellow members of the arrangement "
            f"({fellows}), not by a non-member"
        )
    why = ""
    if kind == "defense" and b_side == 1:
        why = " (it is an attacker)" if b_rnd == 0 else " (it joined the attackers' side)"
    if kind == "defense" and b_side and defenders:
        why += (
            f"; the states fighting it ({defenders}) entered to defend, and defending a state "
            "under attack is not an armed attack on the aggressor (collective self-defence, "
            "UN Charter Art. 51)"
        )
    return f"{r['beneficiary']} {no}{why}"


def _covering(reason: str, cover: bool) -> str:
    """An event reason for a pledge that covers attacks by fellow members too."""
    if not cover or " by a non-member (" not in reason:
        return reason
    return reason.replace(" by a non-member (", " (").removesuffix(")") + (
        "; the pledge covers attacks by fellow members)"
    )


def _provocation(status: str, b_side: int) -> str:
    if b_side == 1:
        return "not met (its side began the war)"
    if status == "unknown":
        return "unknown (provocation not stated, or the state entered by intervening)"
    return status


def _unspecified_reason(condition: str) -> str:
    if condition == "adversary":
        return "unknown: ATOP codes a specific-adversary condition but does not name the adversary"
    if condition == "partner":
        return "unknown: ATOP codes that this member owes different partners different things"
    if condition == "other":
        return "unknown: ATOP codes a condition not covered by its codes (OLIMOB)"
    what = {
        "attackers": "number-of-adversaries",
        "conflict": "specific-conflict",
        "request": "request-for-consultation",
    }.get(condition, condition)
    return f"unknown: ATOP codes a {what} condition but does not say which"
