"""The deterministic cascade: every triggered defense/offense pledge honoured, to a fixpoint."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from foedus._arrays import among
from foedus.casus import (
    MET,
    SIDES,
    TYPES,
    UNKNOWN,
    Pledges,
    Scenario,
    compile_pledges,
    draw_in_attacked,
    evaluate,
    initial_war,
    report,
)
from foedus.casus.explain import with_categories
from foedus.casus.pledges import (
    arrangement_members,
    compile_rows,
    in_force,
    per_frame,
)
from foedus.casus.scenario import check_inputs, state_code
from foedus.commitments import state_name
from foedus.errors import FoedusError
from foedus.vocab import UNKNOWN_RULES

JOIN_TYPES = (0, 1)  # defense, offense: honouring them means entering the war
JOIN_NAMES = ("defense", "offense")
ACTING_NAMES = (*JOIN_NAMES, "neutrality")  # the types the cascade's entrants and flags read
NEUTRALITY = 2
MAX_ROUNDS = 30
FLAG_COLUMNS = ("state", "ccode", "flag", "arrangement")


def _threshold(unknown: str) -> int:
    if not isinstance(unknown, str) or unknown not in UNKNOWN_RULES:
        raise FoedusError(f"unknown={unknown!r} invalid; accepted: {', '.join(UNKNOWN_RULES)}")
    return MET if unknown == "unmet" else UNKNOWN


def _reachable(scenario: Scenario, obligations: pd.DataFrame) -> pd.DataFrame:
    """The obligations whose beneficiary can enter the war (by a chain of join pledges)."""
    return obligations.take(_reachable_rows(scenario, obligations)).reset_index(drop=True)


def _reachable_rows(scenario: Scenario, obligations: pd.DataFrame) -> np.ndarray:
    """The positions of the rows of :func:`_reachable`, in order."""
    edges = per_frame("join edges", obligations, _join_edges)
    seen = set(scenario.attackers) | set(scenario.targets) | set(scenario.entrants)
    frontier = set(seen)
    while frontier:
        frontier = set().union(*(edges.get(b, set()) for b in frontier)) - seen
        seen |= frontier
    beneficiary = per_frame(
        "beneficiaries", obligations, lambda f: f["beneficiary"].to_numpy(np.int64)
    )
    return np.flatnonzero(np.isin(beneficiary, np.fromiter(seen, dtype=np.int64)))


def _join_edges(obligations: pd.DataFrame) -> dict[int, set[int]]:
    """Beneficiary -> the states owing it a defense or offense pledge."""
    joins = obligations["type"].isin(JOIN_NAMES).to_numpy(bool)
    pairs = np.unique(
        np.column_stack(
            [
                obligations["beneficiary"].to_numpy(np.int64)[joins],
                obligations["obligor"].to_numpy(np.int64)[joins],
            ]
        ),
        axis=0,
    )  # sorted by beneficiary
    bounds = np.flatnonzero(np.r_[True, np.diff(pairs[:, 0]) != 0, True])
    return {
        int(pairs[lo, 0]): set(pairs[lo:hi, 1].tolist())
        for lo, hi in itertools.pairwise(bounds if len(pairs) else ())
    }


@dataclass(frozen=True)
class CascadeResult:
    """Entrants round by round, and the flagged states (both sides, neutrality)."""

    entrants: pd.DataFrame
    flags: pd.DataFrame
    rounds: int


def cascade(scenario: Scenario, obligations: pd.DataFrame, unknown: str = "unmet") -> CascadeResult:
    """Deterministic cascade: every triggered defense/offense pledge honoured, to a fixpoint.

    ``entrants``: state, ccode, side, round (0 original, 1 asserted by the scenario, then
    by chain), and the obligations that brought it in (arrangement, clause, source, via =
    the beneficiaries). ``flags``: states obligated to both sides and states bound to
    neutrality toward a belligerent, with the arrangements concerned.

    Parameters
    ----------
    scenario : Scenario
        The war: date, original attackers and targets, and asserted entrants.
    obligations : pandas.DataFrame
        Directed obligations (as from :func:`foedus.obligations_on`); those not in force
        on the scenario's date are dropped.
    unknown : {"unmet", "met"}
        Conditions of unknown status: ``"unmet"`` (not triggered) or ``"met"``.

    Returns
    -------
    CascadeResult
        ``entrants``, ``flags`` and ``rounds`` (the number of rounds run).
    """
    entrants, flags, rounds = cascade_columns(scenario, obligations, unknown)
    flagged = pd.DataFrame(flags) if flags["state"] else pd.DataFrame(columns=list(flags))
    return CascadeResult(pd.DataFrame(entrants), flagged, rounds)


def cascade_columns(
    scenario: Scenario, obligations: pd.DataFrame, unknown: str = "unmet"
) -> tuple[dict[str, Any], dict[str, list[Any]], int]:
    """:func:`cascade`'s ``entrants`` and ``flags`` as their columns (name to a list or
    categorical, in the frame's order) and its rounds, without making the frames."""
    pledges, side, rnd, reasons, threshold, settled = _run(scenario, obligations, unknown)
    return (
        _entrants(pledges, side[0], rnd[0], reasons),
        _flags(pledges, side, rnd, threshold, settled),
        int(rnd.max()),
    )


def _run(
    scenario: Scenario, obligations: pd.DataFrame, unknown: str, why: bool = True
) -> tuple[
    Pledges, np.ndarray, np.ndarray, dict[int, np.ndarray], int, dict[str, np.ndarray] | None
]:
    """The deterministic cascade's final war (``side``/``rnd``, one run), the pledges that
    brought each entrant in, the threshold, and the pledges' status in the final war (None
    when the rounds ran out before it settled)."""
    check_inputs(scenario, obligations)
    obligations = in_force(obligations, scenario.date)
    threshold = _threshold(unknown)
    # nonaggression and consultation pledges neither bring a state in nor flag it
    acting = per_frame(
        "cascade types", obligations, lambda f: f["type"].isin(ACTING_NAMES).to_numpy(bool)
    )
    reachable = _reachable_rows(scenario, obligations)
    pledges = compile_rows(scenario, obligations, reachable[acting[reachable]])
    side, rnd, asserted = _start(pledges, 1)
    reasons: dict[int, np.ndarray] = {}
    settled = None
    t = 0
    while t < MAX_ROUNDS:
        status = evaluate(pledges, side, rnd)
        fires = (status["overall"][0] >= threshold) & among(pledges.kind, JOIN_TYPES)
        toward = side[0, pledges.beneficiary]
        pulled = fires & (side[0, pledges.obligor] == 0)
        joins = _sides_pulled(pledges, pulled, toward)
        if t == 0:
            joins.update({int(i): int(asserted[i]) for i in np.flatnonzero(asserted)})
        if not joins:
            settled = status
            break
        for i, s in joins.items():
            side[0, i], rnd[0, i] = s, t + 1
            if why and not (t == 0 and asserted[i]):
                reasons[i] = np.flatnonzero(pulled & (pledges.obligor == i) & (toward == s))
        before = side[0] > 0
        draw_in_attacked(pledges, side, rnd, t + 1)
        for drawn in np.flatnonzero((side[0] > 0) & ~before):
            joins[int(drawn)] = int(side[0, drawn])
        t += 1
    return pledges, side, rnd, reasons, threshold, settled


def explain(
    scenario: Scenario, obligations: pd.DataFrame, state: str | int, unknown: str = "unmet"
) -> pd.DataFrame:
    """Why ``state`` does or does not enter the deterministic cascade of ``scenario``.

    A state that enters in round r is explained by the war as it stood when it entered
    (the states of rounds before r): one row per obligation of ``state`` toward a
    belligerent of that war, as in :func:`foedus.casus.triggered`, the triggered ones
    being the pledges and attacks that brought it in. A state that does not enter (or
    fights from the start) is explained by the final war. Each row carries the same
    ``explanation`` first (entered in which round, on which side, through which arrangements
    and why; or why not).

    Parameters
    ----------
    scenario : Scenario
        The war: date, original attackers and targets, and asserted entrants.
    obligations : pandas.DataFrame
        Directed obligations (as from :func:`foedus.obligations_on`); those not in force
        on the scenario's date are dropped.
    state : str or int
        The state explained: a name, abbreviation or code.
    unknown : {"unmet", "met"}
        Conditions of unknown status: ``"unmet"`` (not triggered) or ``"met"``.

    Returns
    -------
    pandas.DataFrame
        ``explanation`` then one row an obligation of ``state`` toward a belligerent, defense
        and offense first.
    """
    check_inputs(scenario, obligations)
    if not isinstance(state, str | int) or isinstance(state, bool):
        raise FoedusError(f"state={state!r} invalid; accepted: a state name, abbreviation or code")
    code = state_code(state, scenario.date)
    obligations = in_force(obligations, scenario.date)
    result = cascade(scenario, obligations, unknown=unknown)
    war = result.entrants
    mine = war[war["ccode"] == code]
    entered = int(mine["round"].iat[0]) if len(mine) else 0
    if entered > 0 and mine["arrangement"].iat[0]:  # brought in by pledges: that round's war
        war = war[war["round"] < entered]
    pledges = compile_pledges(
        scenario,
        obligations[obligations["obligor"] == code],
        states=war["ccode"],
        members=arrangement_members(obligations),
    )
    side = np.zeros((1, len(pledges.states)), dtype=np.int8)
    rnd = np.zeros((1, len(pledges.states)), dtype=np.int16)
    where = pledges.index(war["ccode"])
    side[0, where] = war["side"].map(lambda s: SIDES.index(s) + 1).to_numpy()
    rnd[0, where] = war["round"].to_numpy()
    rows = report(pledges, side[0], rnd[0], evaluate(pledges, side, rnd))
    rows = rows.sort_values("type", key=lambda t: t.map(TYPES.index), kind="stable")
    rows.insert(0, "explanation", _verdict(result.entrants, code, scenario, rows))
    return with_categories(rows).reset_index(drop=True)


def _verdict(war: pd.DataFrame, code: int, scenario: Scenario, rows: pd.DataFrame) -> str:
    name = state_name(code, on=scenario.date)
    row = war[war["ccode"] == code]
    joins = rows[rows["type"].isin(JOIN_NAMES)]
    if row.empty:
        if joins.empty:
            return (
                f"{name} does not enter: it has no defense or offense obligation toward a "
                "belligerent"
            )
        first = joins.iloc[0]
        reason = "; ".join(
            part
            for i, part in enumerate(_parts(first["reason"]))
            if i == 0 or part.startswith("the states fighting")
        )
        return f"{name} does not enter: toward {first['beneficiary']}, {reason}"
    r = row.iloc[0]
    if r["round"] == 0:
        return f"{name} is an original {r['side']}"
    how = r["arrangement"] or r["via"]
    fired = joins[joins["triggered"] == "yes"]
    why = f": {_parts(fired['reason'].iat[0])[0]}" if r["arrangement"] and len(fired) else ""
    return f"{name} enters in round {r['round']} on the {r['side']} side ({how}){why}"


def _parts(reason: str) -> list[str]:
    """A reason's parts, split at "; " outside parentheses ("Tajikistan is attacked
    (Kyrgyzstan; the pledge covers attacks by fellow members)" is one part)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(reason):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and reason.startswith("; ", i):
            parts.append(reason[start:i])
            start = i + 2
    return [*parts, reason[start:]]


def _start(pledges: Pledges, runs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The war at round 0 (original attackers and targets), and the side of each entrant
    the scenario asserts (they enter in round 1, with the first pledged joiners)."""
    side, rnd = initial_war(pledges, runs)
    asserted = np.where(rnd[0] > 0, side[0], 0).astype(np.int8)
    side[:, asserted > 0] = 0
    rnd[:, asserted > 0] = 0
    return side, rnd, asserted


def _sides_pulled(pledges: Pledges, pulled: np.ndarray, toward: np.ndarray) -> dict[int, int]:
    out: dict[int, int] = {}
    for i, s in zip(pledges.obligor[pulled], toward[pulled], strict=True):
        out[int(i)] = max(out.get(int(i), 0), int(s))  # target side (2) wins a tie
    return out


def _entrants(
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray, reasons: dict[int, np.ndarray]
) -> dict[str, Any]:
    when = pledges.scenario.date
    rows = []
    for i in np.flatnonzero(side).tolist():
        code = int(pledges.states[i])
        why = reasons.get(i)
        attackers = [
            state_name(int(pledges.states[a]), on=when)
            for a, t in pledges.asserted
            if t == i and side[a] > 0
        ]
        how = (
            "original"
            if rnd[i] == 0
            else f"attacked by {', '.join(attackers)} (asserted)"
            if attackers and code not in pledges.scenario.entrants
            else "asserted by the scenario"
        )
        rows.append(
            (
                state_name(code, on=when),
                code,
                SIDES[side[i] - 1],
                int(rnd[i]),
                how if why is None else _joined(pledges.column("beneficiary", why), when),
                "" if why is None else _joined(pledges.column("arrangement_name", why)),
                "" if why is None else _joined(pledges.column("clause", why)),
                "" if why is None else _joined(pledges.column("source", why)),
            )
        )
    rows.sort(key=lambda r: (r[3], SIDES.index(r[2]), r[0]))  # round, side, state
    columns = ["state", "ccode", "side", "round", "via", "arrangement", "clause", "source"]
    out: dict[str, Any] = {c: [r[k] for r in rows] for k, c in enumerate(columns)}
    codes = np.array([SIDES.index(v) for v in out["side"]], dtype=np.int8)
    out["side"] = pd.Categorical.from_codes(codes, dtype=_SIDES)
    return out


_SIDES = pd.CategoricalDtype(list(SIDES))


def _joined(values: np.ndarray, when: dt.date | None = None) -> str:
    """The distinct ``values`` in order, joined by "; " (state codes named on ``when``)."""
    items = list(dict.fromkeys(values.tolist()))
    if when is not None:
        items = [state_name(int(c), on=when) for c in items]
    return "; ".join(dict.fromkeys(items))


_NOT_CHECKS = ("suspended", "overall", "at_war", "by_fellows")


def _flags(
    pledges: Pledges,
    side: np.ndarray,
    rnd: np.ndarray,
    threshold: int,
    status: dict[str, np.ndarray] | None = None,
) -> dict[str, list[Any]]:
    """States obligated to both sides, bound to neutrality, or whose suspended pledges the
    war would trigger (``status``: the pledges' status in this war, if evaluated already)."""
    if status is None:
        status = evaluate(pledges, side, rnd)
    fires = status["overall"][0] >= threshold
    toward = side[0, pledges.beneficiary]
    own = side[0, pledges.obligor]
    joins = fires & among(pledges.kind, JOIN_TYPES)
    rows = []
    both = _both_sides(joins[None], toward[None], own[None], pledges)[0]
    when = pledges.scenario.date
    for i in np.flatnonzero(both):
        rows.append(
            {
                "state": state_name(pledges.states[i], on=when),
                "ccode": int(pledges.states[i]),
                "flag": "obligated to both sides",
                "arrangement": _joined(
                    pledges.column("arrangement_name", joins & (pledges.obligor == i))
                ),
            }
        )
    neutral = fires & (pledges.kind == NEUTRALITY) & (own != toward)
    for i in np.unique(pledges.obligor[neutral]):
        broken = (own[neutral & (pledges.obligor == i)] > 0) & (
            own[neutral & (pledges.obligor == i)] != toward[neutral & (pledges.obligor == i)]
        )
        rows.append(
            {
                "state": state_name(pledges.states[i], on=when),
                "ccode": int(pledges.states[i]),
                "flag": "bound to neutrality"
                + (" (at war against the beneficiary)" if broken.any() else ""),
                "arrangement": _joined(
                    pledges.column("arrangement_name", neutral & (pledges.obligor == i))
                ),
            }
        )
    if "suspended" in pledges.frame.columns:  # suspended pledges the war would trigger
        but_suspension = np.minimum.reduce([v for k, v in status.items() if k not in _NOT_CHECKS])[
            0
        ]
        suspended = pledges.flag("suspended") & (but_suspension >= threshold)
        suspended &= (side[0, pledges.beneficiary] > 0) & among(pledges.kind, JOIN_TYPES)
        how = "honoured on request" if pledges.scenario.honour_suspended else "not honoured"
        for i in np.unique(pledges.obligor[suspended]):
            rows.append(
                {
                    "state": state_name(pledges.states[i], on=when),
                    "ccode": int(pledges.states[i]),
                    "flag": f"participation suspended ({how})",
                    "arrangement": _joined(
                        pledges.column("arrangement_name", suspended & (pledges.obligor == i))
                    ),
                }
            )
    return {c: [r[c] for r in rows] for c in FLAG_COLUMNS}


def _both_sides(
    joins: np.ndarray, toward: np.ndarray, own: np.ndarray, pledges: Pledges
) -> np.ndarray:
    """Runs x states: obligated toward both sides, or toward the side it fights against."""
    n = len(pledges.states)
    to_side = []
    for s in (1, 2):
        owed = np.zeros((joins.shape[0], n), dtype=bool)
        rows, cols = np.nonzero(joins & (toward == s))
        owed[rows, pledges.obligor[cols]] = True
        to_side.append(owed)
    side_of = np.zeros((joins.shape[0], n), dtype=np.int8)
    side_of[:, pledges.obligor] = own
    return _conflicted(to_side[0], to_side[1], side_of)


def _conflicted(to_a: np.ndarray, to_t: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Obligated toward both sides, or toward the side opposite the one the state fights on."""
    return (to_a & to_t) | (to_a & (side == 2)) | (to_t & (side == 1))
