"""Crisis cascades: joiners become belligerents and may trigger their own partners' pledges.

Round by round to a fixpoint, every obligation whose casus foederis is met (the same
:mod:`foedus.casus` evaluation) brings its obligor into the war on its beneficiary's
side: defense and offense pledges pull obligors in; neutrality pledges bind them to stay
out (flagged, not enforced); a state pulled toward both sides in one round joins the
target side and is flagged. Conditions whose status is unknown hold the pledge back
(``unknown="hold"``) or count as met (``unknown="fire"``).

:func:`cascade` is the deterministic path: every pledge honoured, each entrant's round
and the obligations that brought it in. :func:`simulate` is the Monte Carlo path: each
triggered pledge is honoured with a probability by obligation type and era (see
:data:`HONOUR_RATES`), vectorised over runs (runs x states arrays; no loop per run).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from foedus.casus import (
    MET,
    SIDES,
    TYPES,
    UNKNOWN,
    Pledges,
    Scenario,
    compile_pledges,
    evaluate,
    event_counts,
    initial_war,
    report,
    triggered,
)
from foedus.commitments import COLUMNS, state_name
from foedus.errors import FoedusError
from foedus.states import resolve
from foedus.store import Store

JOIN_TYPES = (0, 1)  # defense, offense: honouring them means entering the war
JOIN_NAMES = ("defense", "offense")
NEUTRALITY = 2
MAX_ROUNDS = 30

# Published honouring rates. Leeds, Long & Mitchell (2000), "Reevaluating Alliance
# Reliability", JCR 44(5): 74.5% of alliance commitments honoured 1816-1944 (context).
# Berkemeier & Fuhrmann (2018), "Reassessing the fulfillment of alliance commitments in
# war", Research & Politics 5(2): 73 of 146 = 50.0% honoured 1816-2003; by type defense
# 41.2%, offense 73.8%, neutrality 77.8%, non-aggression 36.7%; by era 66.3% before 1945
# and 22.2% after. Consultation pledges are not coded there (they never pull a state in).
HONOUR_RATES = {
    "overall": 0.500,
    "type": {"defense": 0.412, "offense": 0.738, "neutrality": 0.778, "nonaggression": 0.367},
    "era": {"pre1945": 0.663, "post1945": 0.222},
}


def _odds(p: float) -> float:
    return p / (1.0 - p)


def honour_probabilities(
    year: int, overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Probability that a triggered pledge of each type is honoured in ``year``.

    Default: the type rate and the era rate of Berkemeier & Fuhrmann (2018) combined on the
    odds scale, ``odds = odds(type) * odds(era) / odds(overall)`` (independent effects;
    e.g. defense before 1945 = 0.58, after = 0.17). The Reliability issue calibrates these;
    ``overrides`` (type -> probability) replaces any of them.
    """
    era = era_of(year)
    base = _odds(HONOUR_RATES["era"][era]) / _odds(HONOUR_RATES["overall"])
    out = {t: (o := _odds(p) * base) / (1.0 + o) for t, p in HONOUR_RATES["type"].items()}
    for kind, p in (overrides or {}).items():
        if kind not in out or not 0.0 <= float(p) <= 1.0:
            raise FoedusError(
                f"honour probability {kind}={p} invalid; accepted: "
                f"{', '.join(out)} with a value in [0, 1]"
            )
        out[kind] = float(p)
    return out


def era_of(year: int) -> str:
    """The reliability era of a year: ``pre1945`` or ``post1945``."""
    return "pre1945" if year < 1945 else "post1945"


def calibrated_probabilities(year: int, store: Store | None = None) -> dict[str, float]:
    """Honouring probability by type for ``year``, calibrated on history when possible.

    With ATOP 5.1 and COW Inter-State War v4.0 in the store (``store`` or the default one):
    the honoured shares of :func:`foedus.reliability.calibrated_honour_probabilities` for
    the year's era (every ATOP obligation at stake in every COW war, coded by the same
    casus foederis code). Without them: the published defaults of
    :func:`honour_probabilities`.
    """
    store = store or Store()
    if not (store.has("atop") and store.has("cow_war")):
        return honour_probabilities(year)
    from foedus.reliability import calibrated_honour_probabilities

    era = era_of(year)
    rates = calibrated_honour_probabilities(store)
    return {**honour_probabilities(year), **{t: p for (t, e), p in rates.items() if e == era}}


def _probabilities(
    year: int, probabilities: Mapping[str, float] | str | None, store: Store | None
) -> dict[str, float]:
    if isinstance(probabilities, str):
        if probabilities != "calibrated":
            raise FoedusError(
                f"probabilities={probabilities!r} invalid; accepted: 'calibrated' or a "
                "mapping type -> probability"
            )
        return calibrated_probabilities(year, store)
    return honour_probabilities(year, probabilities)


def _threshold(unknown: str) -> int:
    if unknown not in ("hold", "fire"):
        raise FoedusError(f"unknown={unknown!r} invalid; accepted: hold, fire")
    return MET if unknown == "hold" else UNKNOWN


def _reachable(scenario: Scenario, obligations: pd.DataFrame) -> pd.DataFrame:
    """The obligations whose beneficiary can enter the war (by a chain of join pledges)."""
    joins = obligations[obligations["type"].isin(("defense", "offense"))]
    edges = joins.groupby("beneficiary")["obligor"].agg(set).to_dict()
    seen = set(scenario.attackers) | set(scenario.targets) | set(scenario.entrants)
    frontier = set(seen)
    while frontier:
        frontier = set().union(*(edges.get(b, set()) for b in frontier)) - seen
        seen |= frontier
    return obligations[obligations["beneficiary"].isin(seen)].reset_index(drop=True)


# -- deterministic -------------------------------------------------------------------------
@dataclass(frozen=True)
class CascadeResult:
    """Entrants round by round, and the flagged states (both sides, neutrality)."""

    entrants: pd.DataFrame
    flags: pd.DataFrame
    rounds: int


def cascade(scenario: Scenario, obligations: pd.DataFrame, unknown: str = "hold") -> CascadeResult:
    """Deterministic cascade: every triggered defense/offense pledge honoured, to a fixpoint.

    ``entrants``: state, code, side, round (0 original, 1 asserted by the scenario, then
    by chain), and the obligations that brought it in (arrangement, clause, source, via =
    the beneficiaries). ``flags``: states obligated to both sides and states bound to
    neutrality toward a belligerent, with the arrangements concerned.
    """
    threshold = _threshold(unknown)
    pledges = compile_pledges(scenario, _reachable(scenario, obligations))
    side, rnd, asserted = _start(pledges, 1)
    reasons: dict[int, pd.DataFrame] = {}
    t = 0
    while t < MAX_ROUNDS:
        status = evaluate(pledges, side, rnd)
        fires = (status["overall"][0] >= threshold) & np.isin(pledges.kind, JOIN_TYPES)
        toward = side[0, pledges.beneficiary]
        pulled = fires & (side[0, pledges.obligor] == 0)
        joins = _sides_pulled(pledges, pulled, toward)
        if t == 0:
            joins.update({int(i): int(asserted[i]) for i in np.flatnonzero(asserted)})
        if not joins:
            break
        for i, s in joins.items():
            side[0, i], rnd[0, i] = s, t + 1
            if not (t == 0 and asserted[i]):
                reasons[i] = pledges.table[pulled & (pledges.obligor == i) & (toward == s)]
        t += 1
    return CascadeResult(
        _entrants(pledges, side[0], rnd[0], reasons),
        _flags(pledges, side, rnd, threshold),
        int(rnd.max()),
    )


def run_scenario(
    scenario: Scenario,
    obligations: pd.DataFrame,
    runs: int = 0,
    seed: int | None = None,
    unknown: str = "hold",
    probabilities: Mapping[str, float] | str | None = None,
    free_join: float = 0.0,
    store: Store | None = None,
) -> dict[str, pd.DataFrame]:
    """Everything ``foedus scenario`` shows: ``triggered`` obligations with reasons, the
    deterministic ``entrants`` and ``flags``, and with ``runs`` > 0 the Monte Carlo
    ``summary`` (war size, rounds, CINC per side, with 95% intervals), the ``states``
    that enter in some run, and the ``war_size`` and ``rounds`` distributions."""
    result = cascade(scenario, obligations, unknown=unknown)
    out = {
        "triggered": triggered(scenario, obligations),
        "entrants": result.entrants,
        "flags": result.flags,
    }
    if runs > 0:
        sim = simulate(
            scenario,
            obligations,
            runs=runs,
            seed=seed,
            unknown=unknown,
            probabilities=probabilities,
            free_join=free_join,
            store=store,
        )
        out["summary"] = sim.summary
        out["states"] = sim.states[sim.states["p_enters"] > 0].reset_index(drop=True)
        out["war_size"] = sim.war_size
        out["rounds"] = sim.rounds
    return out


def explain(
    scenario: Scenario, obligations: pd.DataFrame, state: str | int, unknown: str = "hold"
) -> pd.DataFrame:
    """Why ``state`` does or does not enter the deterministic cascade of ``scenario``.

    One row per obligation of ``state`` toward a belligerent of the final war, as in
    :func:`foedus.casus.triggered`, each with the same ``verdict`` first (entered in
    which round, on which side, through which arrangements; or why not).
    """
    code = resolve(state, on=scenario.date).cow_code
    result = cascade(scenario, obligations, unknown=unknown)
    war = result.entrants
    pledges = compile_pledges(
        scenario, obligations[obligations["obligor"] == code], states=war["code"]
    )
    side = np.zeros((1, len(pledges.states)), dtype=np.int8)
    rnd = np.zeros((1, len(pledges.states)), dtype=np.int16)
    where = pledges.index(war["code"])
    side[0, where] = war["side"].map(lambda s: SIDES.index(s) + 1).to_numpy()
    rnd[0, where] = war["round"].to_numpy()
    rows = report(pledges, side[0], rnd[0], evaluate(pledges, side, rnd))
    rows = rows.sort_values("type", key=lambda t: t.map(TYPES.index), kind="stable")
    rows.insert(0, "verdict", _verdict(war, code, scenario))
    return rows.reset_index(drop=True)


def _verdict(war: pd.DataFrame, code: int, scenario: Scenario) -> str:
    name = state_name(code, on=scenario.date)
    row = war[war["code"] == code]
    if row.empty:
        return (
            f"{name} does not enter: none of its defense or offense obligations toward a "
            "belligerent is triggered with every condition met"
        )
    r = row.iloc[0]
    if r["round"] == 0:
        return f"{name} is an original {r['side']}"
    how = r["arrangement"] or r["via"]
    return f"{name} enters in round {r['round']} on the {r['side']} side ({how})"


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
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray, reasons: dict[int, pd.DataFrame]
) -> pd.DataFrame:
    when = pledges.scenario.date
    rows = []
    for i in np.flatnonzero(side):
        code = int(pledges.states[i])
        why = reasons.get(int(i))
        how = "original" if rnd[i] == 0 else "asserted by the scenario"
        rows.append(
            {
                "state": state_name(code, on=when),
                "code": code,
                "side": SIDES[side[i] - 1],
                "round": int(rnd[i]),
                "via": how
                if why is None
                else "; ".join(dict.fromkeys(state_name(b, on=when) for b in why["beneficiary"])),
                "arrangement": ""
                if why is None
                else "; ".join(dict.fromkeys(why["arrangement_name"])),
                "clause": "" if why is None else "; ".join(dict.fromkeys(why["clause"])),
                "source": "" if why is None else "; ".join(dict.fromkeys(why["source"])),
            }
        )
    columns = ["state", "code", "side", "round", "via", "arrangement", "clause", "source"]
    return (
        pd.DataFrame(rows, columns=columns)
        .sort_values(["round", "side", "state"])
        .reset_index(drop=True)
    )


def _flags(pledges: Pledges, side: np.ndarray, rnd: np.ndarray, threshold: int) -> pd.DataFrame:
    status = evaluate(pledges, side, rnd)
    fires = status["overall"][0] >= threshold
    toward = side[0, pledges.beneficiary]
    own = side[0, pledges.obligor]
    joins = fires & np.isin(pledges.kind, JOIN_TYPES)
    rows = []
    both = _both_sides(joins[None], toward[None], own[None], pledges)[0]
    when = pledges.scenario.date
    for i in np.flatnonzero(both):
        mine = pledges.table[joins & (pledges.obligor == i)]
        rows.append(
            {
                "state": state_name(pledges.states[i], on=when),
                "code": int(pledges.states[i]),
                "flag": "obligated to both sides",
                "arrangement": "; ".join(dict.fromkeys(mine["arrangement_name"])),
            }
        )
    neutral = fires & (pledges.kind == NEUTRALITY) & (own != toward)
    for i in np.unique(pledges.obligor[neutral]):
        mine = pledges.table[neutral & (pledges.obligor == i)]
        broken = (own[neutral & (pledges.obligor == i)] > 0) & (
            own[neutral & (pledges.obligor == i)] != toward[neutral & (pledges.obligor == i)]
        )
        rows.append(
            {
                "state": state_name(pledges.states[i], on=when),
                "code": int(pledges.states[i]),
                "flag": "bound to neutrality"
                + (" (at war against the beneficiary)" if broken.any() else ""),
                "arrangement": "; ".join(dict.fromkeys(mine["arrangement_name"])),
            }
        )
    return pd.DataFrame(rows, columns=["state", "code", "flag", "arrangement"])


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


# -- Monte Carlo -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SimulationResult:
    """Monte Carlo summary: per-state probabilities, distributions, capability balance."""

    states: pd.DataFrame
    summary: pd.DataFrame
    war_size: pd.DataFrame
    rounds: pd.DataFrame
    runs: int
    seed: int | None
    probabilities: dict[str, float]
    cinc_year: int | None


def simulate(
    scenario: Scenario,
    obligations: pd.DataFrame,
    runs: int = 10_000,
    seed: int | None = None,
    probabilities: Mapping[str, float] | str | None = None,
    free_join: float = 0.0,
    unknown: str = "hold",
    store: Store | None = None,
    chunk: int = 20_000,
) -> SimulationResult:
    """Monte Carlo cascades: each triggered pledge honoured with its type's probability.

    Every run draws, for each pledge when its casus foederis is first met while its obligor
    is still out of the war, whether it is honoured (``honour_probabilities`` of the
    scenario's year, or ``probabilities``: a type -> probability mapping overriding those,
    or ``"calibrated"`` for :func:`calibrated_probabilities` on ``store``); with
    ``free_join`` > 0 a state of the obligation network still out of the war joins a
    random side with that probability each round. A
    run ends at the first round in which nobody joins. Runs are processed as (runs x
    states) arrays in chunks of ``chunk`` runs. Seeded: the same ``seed`` gives the same
    result. Capability balance: sum of CINC (COW NMC; Singer, Bremer & Stuckey 1972,
    NMC 7.0) per side when ``cow_nmc`` is in the store (``store`` or the default one).
    """
    if runs < 1 or not 0.0 <= free_join <= 1.0:
        raise FoedusError(
            f"runs={runs}, free_join={free_join} invalid; accepted: runs >= 1, free_join in [0, 1]"
        )
    threshold = _threshold(unknown)
    probs = _probabilities(scenario.date.year, probabilities, store)
    reachable = _reachable(scenario, obligations)
    neutral = reachable.loc[reachable["type"] == "neutrality", "obligor"]
    net = _Network.build(
        scenario, reachable[reachable["type"].isin(JOIN_NAMES)], probs, threshold, states=neutral
    )
    cinc, cinc_year = _cinc(net.pledges.states, scenario.date.year, store)
    rng = np.random.default_rng(seed)
    parts = [
        _simulate_chunk(net, free_join, rng, min(chunk, runs - start))
        for start in range(0, runs, chunk)
    ]
    side, rnd, both = (np.concatenate([p[i] for p in parts]) for i in range(3))
    bound = _bound_to_neutrality(scenario, reachable, net.pledges.states, side, rnd, threshold)
    return _summarise(net.pledges, side, rnd, both, bound, cinc, cinc_year, seed, probs)


@dataclass(frozen=True)
class _Network:
    """The join pledges of a scenario, prepared for the simulator.

    Pledges whose only dynamic condition is their event (the beneficiary is attacked, or
    attacks) are folded into state x state matrices per event and side: ``stay`` holds
    the sum of log(1 - p honoured) of the pledges of each obligor toward each beneficiary
    whose static conditions hold on that side, ``owes`` marks them. Pledges with a named
    adversary or a minimum number of attackers, and defense pledges whose arrangement
    has a fellow member on the other side of the scenario's war (:func:`_fellow_attacked`;
    an attack by a member does not invoke them), go through
    :func:`foedus.casus.evaluate` as distinct triggers, with their own ``weights`` and
    ``member`` matrices. The fast path takes an attack by a state drawn in by the cascade
    as an attack by a non-member.
    """

    pledges: Pledges
    threshold: int
    stay: np.ndarray  # event (attacked, attacking) x side x states x states
    owes: np.ndarray
    active: np.ndarray  # event x side: any pledge in that stay matrix
    triggers: Pledges | None
    weights: np.ndarray  # triggers x states
    member: np.ndarray

    @classmethod
    def build(
        cls,
        scenario: Scenario,
        joins: pd.DataFrame,
        probs: dict[str, float],
        threshold: int,
        states: Iterable[int] = (),
    ) -> _Network:
        pledges = compile_pledges(scenario, joins.reset_index(drop=True), states=states)
        n = len(pledges.states)
        p = np.array([probs[k] for k in pledges.table["type"]])
        log_out = np.maximum(np.log1p(-np.minimum(p, 1.0 - 1e-12)), -60.0)
        simple = ~pledges.has_adversary & (pledges.attackers_min <= 1) & ~_fellow_attacked(pledges)
        stay = np.zeros((2, 2, n, n), dtype=np.float32)
        owes = np.zeros((2, 2, n, n), dtype=np.float32)
        for s in (0, 1):
            ok = simple & (pledges.static[:, s] >= threshold)
            idx = (pledges.kind[ok], s, pledges.beneficiary[ok], pledges.obligor[ok])
            np.add.at(stay, idx, log_out[ok])
            owes[idx] = 1.0
        rest = np.flatnonzero(~simple)
        triggers, trigger_of = _triggers(pledges, rest)
        g = 0 if triggers is None else len(triggers.obligor)
        weights = np.zeros((g, n), dtype=np.float32)
        member = np.zeros((g, n), dtype=np.float32)
        np.add.at(weights, (trigger_of, pledges.obligor[rest]), log_out[rest])
        member[trigger_of, pledges.obligor[rest]] = 1.0
        return cls(pledges, threshold, stay, owes, owes.any(axis=(2, 3)), triggers, weights, member)


def _fellow_attacked(pledges: Pledges) -> np.ndarray:
    """Defense pledges toward a state the scenario puts at war whose arrangement counts a
    fellow member on the other side of that war.

    Under the entry rule the scenario's states attack only one another (a later entrant
    attacks those already fighting), so only these pledges can meet an attack by a fellow
    member before the cascade draws anyone in.
    """
    side, _ = initial_war(pledges)
    own = side[0, pledges.beneficiary]
    fellows = pledges.fellows.tocoo()
    other = side[0, fellows.col]
    opposed = (own[fellows.row] > 0) & (other > 0) & (other != own[fellows.row])
    return np.bincount(fellows.row[opposed], minlength=len(pledges.beneficiary)) > 0


def _triggers(pledges: Pledges, rows: np.ndarray) -> tuple[Pledges | None, np.ndarray]:
    """The pledges ``rows`` reduced to distinct (beneficiary, type, conditions): triggers
    that fire together; and each row's trigger."""
    if not len(rows):
        return None, np.zeros(0, dtype=np.intp)
    table = pledges.table.iloc[rows]
    # every evaluated condition: cond_other is words only
    conditions = [c for c in COLUMNS if c.startswith("cond_") and c != "cond_other"]
    keys = ["arrangement", "beneficiary", "type", *conditions]
    signature = ["|".join(map(repr, row)) for row in zip(*(table[k] for k in keys), strict=True)]
    _, first, trigger_of = np.unique(signature, return_index=True, return_inverse=True)
    reduced = compile_pledges(
        pledges.scenario, table.iloc[first].reset_index(drop=True), members=pledges.members
    )
    return _reindex(reduced, pledges.states), trigger_of


def _reindex(triggers: Pledges, states: np.ndarray) -> Pledges:
    """``triggers`` re-indexed onto the (larger) state index ``states``."""
    remap = np.searchsorted(states, triggers.states)
    original = np.zeros(len(states), dtype=np.int8)
    original[remap] = triggers.original
    return replace(
        triggers,
        states=states,
        obligor=remap[triggers.obligor],
        beneficiary=remap[triggers.beneficiary],
        original=original,
        adversary=_remapped(triggers.adversary, remap, len(states)),
        fellows=_remapped(triggers.fellows, remap, len(states)),
    )


def _remapped(matrix: sp.csr_matrix, remap: np.ndarray, n: int) -> sp.csr_matrix:
    coo = matrix.tocoo()
    return sp.csr_matrix((coo.data, (coo.row, remap[coo.col])), shape=(matrix.shape[0], n))


def _simulate_chunk(
    net: _Network, free_join: float, rng: np.random.Generator, runs: int
) -> tuple[np.ndarray, ...]:
    """One chunk of runs, round by round, on working arrays of the runs still moving.

    A run whose round brings nobody in is at its fixpoint: its rows are written to the
    result and dropped from the working arrays. Returns the final ``side`` and ``rnd``,
    and who was obligated to both sides.
    """
    side, rnd, asserted = _start(net.pledges, 1)  # every run starts alike
    attacked, attacking, _ = event_counts(side, rnd, net.pledges.original)
    final = {
        k: np.repeat(v, runs, axis=0)
        for k, v in (
            ("side", side),
            ("rnd", rnd),
            ("attacked", attacked > 0),
            ("attacking", attacking > 0),
        )
    }
    final["fired"] = np.zeros((runs, len(net.weights)), dtype=bool)
    work = {k: v.copy() for k, v in final.items()}
    work["seen_attacked"] = np.zeros_like(work["attacked"])  # events already drawn
    work["seen_attacking"] = np.zeros_like(work["attacking"])
    rows = np.arange(runs)
    t = 0
    while len(rows) and t < MAX_ROUNDS:
        join = _round(net, work, rng, free_join)
        if t == 0:
            join = np.where(asserted > 0, asserted, join)
        moved = join.any(1)
        side = work["side"]
        for s in (1, 2):  # joiners of side s attack the other side's earlier belligerents
            work["attacked"] |= (join == s).any(1)[:, None] & (side == 3 - s)
        work["attacking"] |= join > 0
        work["side"] = np.where(join > 0, join, side)
        work["rnd"] = np.where(join > 0, t + 1, work["rnd"]).astype(np.int16)
        for key in final:
            final[key][rows[~moved]] = work[key][~moved]
        work = {k: v[moved] for k, v in work.items()}
        rows = rows[moved]
        t += 1
    for key in final:
        final[key][rows] = work[key]
    return (
        final["side"],
        final["rnd"],
        _obligated_both(net, final["side"], final["attacked"], final["attacking"], final["fired"]),
    )


def _round(
    net: _Network, work: dict[str, np.ndarray], rng: np.random.Generator, free_join: float
) -> np.ndarray:
    """Who joins which side (runs x states, 0/1/2) after one round's newly met pledges."""
    side = work["side"]
    new = []
    for event in ("attacked", "attacking"):
        new.append(work[event] & ~work[f"seen_{event}"])
        work[f"seen_{event}"] = work[event].copy()
    if len(net.weights):
        fires = evaluate(net.triggers, side, work["rnd"], detail=False)["overall"] >= net.threshold
        new_fired = fires & ~work["fired"]
        work["fired"] = fires
        toward = side[:, net.triggers.beneficiary]
    out = side == 0
    join = np.zeros_like(side)
    for s in (1, 2):
        log_stay = np.zeros(side.shape, dtype=np.float32)
        for k in (0, 1):
            if net.active[k, s - 1]:
                log_stay += _product(new[k] & (side == s), net.stay[k, s - 1])
        if len(net.weights):
            log_stay += _product(new_fired & (toward == s), net.weights)
        cells = np.flatnonzero(out & (log_stay < 0))
        draw = rng.random(len(cells), dtype=np.float32)
        join.ravel()[cells[draw >= np.exp(log_stay.ravel()[cells])]] = s  # 2 wins a tie
    if free_join > 0:
        free = out & (join == 0) & (rng.random(side.shape) < free_join)
        join = np.where(free, rng.integers(1, 3, size=side.shape), join)
    return join.astype(np.int8)


def _product(mask: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``mask @ matrix`` for a sparse boolean (runs x k) mask: a CSR product, single-threaded
    and cheaper than a dense BLAS product when few cells are set (new events per round)."""
    runs, k = mask.shape
    cells = np.flatnonzero(mask)
    rows, cols = np.divmod(cells, k)
    indptr = np.zeros(runs + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=runs), out=indptr[1:])
    csr = sp.csr_matrix((np.ones(len(cells), dtype=np.float32), cols, indptr), shape=(runs, k))
    return np.asarray(csr @ matrix)


def _obligated_both(
    net: _Network, side: np.ndarray, attacked: np.ndarray, attacking: np.ndarray, fired: np.ndarray
) -> np.ndarray:
    """Runs x states: join pledges triggered toward both sides, or toward the side it fights."""
    to_side = []
    for s in (1, 2):
        owed = sum(
            _product(e & (side == s), net.owes[k, s - 1])
            for k, e in enumerate((attacked, attacking))
        )
        if len(net.weights):
            toward = side[:, net.triggers.beneficiary]
            owed = owed + _product(fired & (toward == s), net.member)
        to_side.append(owed > 0)
    return _conflicted(to_side[0], to_side[1], side)


def _conflicted(to_a: np.ndarray, to_t: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Obligated toward both sides, or toward the side opposite the one the state fights on."""
    return (to_a & to_t) | (to_a & (side == 2)) | (to_t & (side == 1))


def _bound_to_neutrality(
    scenario: Scenario,
    reachable: pd.DataFrame,
    states: np.ndarray,
    side: np.ndarray,
    rnd: np.ndarray,
    threshold: int,
) -> np.ndarray:
    """Runs x states: a neutrality pledge of the state is triggered in the final war (and
    the state does not fight on its beneficiary's side)."""
    table = reachable[
        (reachable["type"] == "neutrality")
        & reachable["obligor"].isin(states)
        & reachable["beneficiary"].isin(states)
    ]
    if table.empty:
        return np.zeros(side.shape, dtype=bool)
    neutral = _reindex(compile_pledges(scenario, table.reset_index(drop=True)), states)
    fires = evaluate(neutral, side, rnd, detail=False)["overall"] >= threshold
    fires &= side[:, neutral.obligor] != side[:, neutral.beneficiary]
    owes = np.zeros((len(neutral.obligor), len(states)), dtype=np.float32)
    owes[np.arange(len(neutral.obligor)), neutral.obligor] = 1.0
    return (fires.astype(np.float32) @ owes) > 0


def _cinc(
    states: np.ndarray, year: int, store: Store | None
) -> tuple[np.ndarray | None, int | None]:
    """CINC of each state in the latest NMC year up to ``year`` (None without cow_nmc)."""
    store = store or Store()
    if not store.has("cow_nmc"):
        return None, None
    con = store.connect()
    try:
        latest = con.execute(
            "SELECT max(year) FROM cow_nmc_nmc WHERE year <= ?", [year]
        ).fetchall()[0][0]
        frame = con.execute("SELECT ccode, cinc FROM cow_nmc_nmc WHERE year = ?", [latest]).df()
    finally:
        con.close()
    if latest is None:
        return None, None
    values = frame.set_index("ccode")["cinc"].reindex(states).fillna(0.0).to_numpy(float)
    return values, int(latest)


def _interval(values: np.ndarray, name: str) -> dict[str, float | str]:
    lo, mid, hi = np.percentile(values, [2.5, 50, 97.5])
    return {
        "measure": name,
        "mean": float(values.mean()),
        "p2.5": float(lo),
        "median": float(mid),
        "p97.5": float(hi),
    }


def _summarise(
    pledges: Pledges,
    side: np.ndarray,
    rnd: np.ndarray,
    both: np.ndarray,
    bound: np.ndarray,
    cinc: np.ndarray | None,
    cinc_year: int | None,
    seed: int | None,
    probs: dict[str, float],
) -> SimulationResult:
    runs = side.shape[0]
    when = pledges.scenario.date
    entered = side > 0
    joined_round = np.where(entered, rnd, 0)
    mean_round = np.where(
        entered.any(0), joined_round.sum(0) / np.maximum(entered.sum(0), 1), np.nan
    )
    states = (
        pd.DataFrame(
            {
                "state": [state_name(c, on=when) for c in pledges.states],
                "code": pledges.states.astype(int),
                "p_attacker_side": (side == 1).mean(0),
                "p_target_side": (side == 2).mean(0),
                "p_enters": entered.mean(0),
                "mean_round": mean_round.round(2),
                "p_obligated_both_sides": both.mean(0),
                "p_bound_to_neutrality": bound.mean(0),
            }
        )
        .sort_values(["p_enters", "state"], ascending=[False, True])
        .reset_index(drop=True)
    )
    size = entered.sum(1)
    last = rnd.max(1)
    summary = [
        _interval(size.astype(float), "war size (states)"),
        _interval(last.astype(float), "rounds"),
    ]
    if cinc is not None:
        for s, name in ((1, "attacker"), (2, "target")):
            summary.append(
                _interval((side == s).astype(float) @ cinc, f"CINC {name} side (NMC {cinc_year})")
            )
    return SimulationResult(
        states=states,
        summary=pd.DataFrame(summary),
        war_size=_distribution(size, "war_size"),
        rounds=_distribution(last, "rounds"),
        runs=runs,
        seed=seed,
        probabilities=probs,
        cinc_year=cinc_year,
    )


def _distribution(values: np.ndarray, name: str) -> pd.DataFrame:
    counts = np.bincount(values)
    keep = np.flatnonzero(counts)
    return pd.DataFrame({name: keep, "runs": counts[keep], "share": counts[keep] / len(values)})
