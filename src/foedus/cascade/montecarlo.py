"""Monte Carlo cascades: each triggered pledge honoured with a probability, vectorised over runs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from foedus.cascade.deterministic import (
    JOIN_NAMES,
    MAX_ROUNDS,
    _conflicted,
    _reachable,
    _start,
    _threshold,
)
from foedus.cascade.neutrality import _bound_to_neutrality
from foedus.cascade.rows import take_rows
from foedus.casus import (
    Pledges,
    Scenario,
    arrangement_members,
    compile_pledges,
    draw_in_attacked,
    evaluate,
    event_counts,
    initial_war,
)
from foedus.casus.pledges import in_force
from foedus.commitments import COLUMNS


@dataclass(frozen=True)
class Draws:
    """The final war of every run: ``side`` and ``rnd`` (runs x states of ``pledges``),
    states obligated to both sides (``both``) and bound to neutrality (``bound``)."""

    pledges: Pledges
    side: np.ndarray
    rnd: np.ndarray
    both: np.ndarray
    bound: np.ndarray


def monte_carlo(
    scenario: Scenario,
    obligations: pd.DataFrame,
    runs: int,
    seed: int | None,
    probabilities: Mapping[str, float],
    free_join: float = 0.0,
    unknown: str = "unmet",
    chunk: int = 20_000,
    neutrality: bool = True,
) -> Draws:
    """Run ``runs`` Monte Carlo cascades of ``scenario`` (a pure function over frames).

    ``neutrality=False`` skips who is bound to neutrality (``Draws.bound`` all False), which
    a sweep does not report.

    Each triggered join pledge is honoured with ``probabilities[type]``, drawn when its
    casus foederis is first met while its obligor is still out of the war; with
    ``free_join`` > 0 a state of the obligation network still out joins a random side
    with that probability each round. A run ends at the first round in which nobody
    joins. Runs are processed as (runs x states) arrays in chunks of ``chunk`` runs.
    """
    threshold = _threshold(unknown)
    obligations = in_force(obligations, scenario.date)
    reachable = _reachable(scenario, obligations)
    members = arrangement_members(obligations)
    neutral = reachable.loc[reachable["type"] == "neutrality", "obligor"] if neutrality else ()
    net = _Network.build(
        scenario,
        _may_fire(scenario, reachable[reachable["type"].isin(JOIN_NAMES)]),
        dict(probabilities),
        threshold,
        states=neutral,
        members=members,
    )
    rng = np.random.default_rng(seed)
    parts = [
        _simulate_chunk(net, free_join, rng, min(chunk, runs - start))
        for start in range(0, runs, chunk)
    ]
    side, rnd, both = (np.concatenate([p[i] for p in parts]) for i in range(3))
    bound = (
        _bound_to_neutrality(scenario, reachable, net.pledges.states, side, rnd, threshold, members)
        if neutrality
        else np.zeros(side.shape, dtype=bool)
    )
    return Draws(net.pledges, side, rnd, both, bound)


def _may_fire(scenario: Scenario, joins: pd.DataFrame) -> pd.DataFrame:
    """The join pledges of ``joins`` that can be triggered in some run (:func:`may_fire`)."""
    keep = may_fire(
        scenario,
        joins["type"].eq("offense").to_numpy(bool),
        joins["obligor"].to_numpy(np.int64),
        joins["beneficiary"].to_numpy(np.int64),
    )
    return joins[keep]


def may_fire(
    scenario: Scenario, offense: np.ndarray, obligor: np.ndarray, beneficiary: np.ndarray
) -> np.ndarray:
    """Which join pledges (``offense``: offense, else defense; obligor and beneficiary
    codes) can be triggered in some run (all under chain-ganging).

    Under the default entry rule only the original targets and the targets of asserted
    attacks are ever attacked, so only defense pledges toward them can fire; offense
    pledges fire toward states that may attack (the attackers' side, which a state joins
    by an offense pledge or by defending a state of that side, and asserted attackers).
    """
    if scenario.chain_ganging:
        return np.ones(len(offense), dtype=bool)
    attacked = list(set(scenario.targets) | {a.target for a in scenario.attacks})
    attacker_side = (
        set(scenario.attackers)
        | {c for c, s in scenario.entrants.items() if s == "attacker"}
        | {c for a in scenario.attacks for c in (a.attacker, a.target)}  # either side
    )
    defense = ~offense & np.isin(beneficiary, attacked)
    while True:
        toward = np.isin(beneficiary, np.fromiter(attacker_side, dtype=np.int64))
        grown = attacker_side | set(obligor[(offense | defense) & toward].tolist())
        if grown == attacker_side:
            return defense | (offense & toward)
        attacker_side = grown


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
    :func:`foedus.casus.evaluation` as distinct triggers, with their own ``weights`` and
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
        members: Mapping[str, frozenset[int]] | None = None,
    ) -> _Network:
        pledges = compile_pledges(
            scenario, joins.reset_index(drop=True), states=states, members=members
        )
        return cls.weighted(pledges, probs, threshold)

    @classmethod
    def weighted(
        cls,
        pledges: Pledges,
        probs: Mapping[str, float],
        threshold: int,
        shape: tuple[np.ndarray, Pledges | None, np.ndarray] | None = None,
    ) -> _Network:
        """The network of compiled join ``pledges`` honoured with ``probs`` by type
        (``shape``: :func:`_shape` of the pledges, when already computed)."""
        n = len(pledges.states)
        p = np.array([probs[k] for k in pledges.table["type"]])
        log_out = np.maximum(np.log1p(-np.minimum(p, 1.0 - 1e-12)), -60.0)
        simple, triggers, trigger_of = shape if shape is not None else _shape(pledges)
        stay = np.zeros((2, 2, n, n), dtype=np.float32)
        owes = np.zeros((2, 2, n, n), dtype=np.float32)
        for s in (0, 1):
            ok = simple & (pledges.static[:, s] >= threshold)
            idx = (
                pledges.kind[ok],
                np.full(int(ok.sum()), s),
                pledges.beneficiary[ok],
                pledges.obligor[ok],
            )
            np.add.at(stay, idx, log_out[ok])
            owes[idx] = 1.0
        rest = np.flatnonzero(~simple)
        g = 0 if triggers is None else len(triggers.obligor)
        weights = np.zeros((g, n), dtype=np.float32)
        member = np.zeros((g, n), dtype=np.float32)
        np.add.at(weights, (trigger_of, pledges.obligor[rest]), log_out[rest])
        member[trigger_of, pledges.obligor[rest]] = 1.0
        active = np.asarray(owes.any(axis=(2, 3)))
        return cls(pledges, threshold, stay, owes, active, triggers, weights, member)


def _shape(pledges: Pledges) -> tuple[np.ndarray, Pledges | None, np.ndarray]:
    """Which pledges take the fast path (their only dynamic condition is their event), and
    the others reduced to distinct triggers, with each one's trigger."""
    simple = (
        ~pledges.has_adversary
        & ~pledges.has_after
        & (pledges.attackers_min <= 1)
        & ~_fellow_attacked(pledges)
    )
    triggers, trigger_of = _triggers(pledges, np.flatnonzero(~simple))
    return simple, triggers, trigger_of


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
    if len(pledges.asserted):  # an asserted attacker may enter later
        n = len(pledges.states)
        keys = pledges.asserted[:, 0] * n + pledges.asserted[:, 1]
        opposed |= np.isin(fellows.col * n + pledges.beneficiary[fellows.row], keys)
    return np.bincount(fellows.row[opposed], minlength=len(pledges.beneficiary)) > 0


def _triggers(pledges: Pledges, rows: np.ndarray) -> tuple[Pledges | None, np.ndarray]:
    """The pledges ``rows`` reduced to distinct (beneficiary, type, conditions): triggers
    that fire together; and each row's trigger."""
    if not len(rows):
        return None, np.zeros(0, dtype=np.intp)
    table = pledges.table.iloc[rows]
    # every evaluated condition: cond_other is words only
    conditions = [c for c in COLUMNS if c.startswith("cond_") and c != "cond_other"]
    extra = [c for c in ("suspended", "against_members") if c in table.columns]
    keys = ["arrangement", "beneficiary", "type", *conditions, *extra]
    signature = ["|".join(map(repr, row)) for row in zip(*(table[k] for k in keys), strict=True)]
    _, first, trigger_of = np.unique(signature, return_index=True, return_inverse=True)
    return take_rows(pledges, rows[first]), trigger_of


def _simulate_chunk(
    net: _Network, free_join: float, rng: np.random.Generator, runs: int
) -> tuple[np.ndarray, ...]:
    """One chunk of runs, round by round, on working arrays of the runs still moving.

    Every run starts alike, so the first round's pledges are evaluated once and only the
    draws differ (a runs x candidates array). After that, a run continues only while it
    has something new to answer: new attacks (and, with conditional triggers or free
    joining, any change of sides); a run with nothing pending is at its fixpoint and
    leaves the working arrays. Returns the final ``side`` and ``rnd``, and who was
    obligated to both sides.
    """
    side0, rnd0, asserted = _start(net.pledges, 1)
    attacked0, attacking0, _ = event_counts(side0, rnd0, net.pledges)
    probe = {
        "side": side0,
        "rnd": rnd0,
        "attacked": attacked0 > 0,
        "attacking": attacking0 > 0,
        "fired": np.zeros((1, len(net.weights)), dtype=bool),
        "seen_attacked": np.zeros_like(attacked0, dtype=bool),  # events already drawn
        "seen_attacking": np.zeros_like(attacking0, dtype=bool),
    }
    if free_join > 0:
        work = {k: np.repeat(v, runs, axis=0) for k, v in probe.items()}
        join = _round(net, work, rng, free_join)
    else:
        log_stay = _log_stay(net, probe)  # the same for every run: draw the candidates only
        join = np.zeros((runs, side0.shape[1]), dtype=np.int8)
        for s in (1, 2):
            cells = np.flatnonzero((side0[0] == 0) & (log_stay[s - 1][0] < 0))
            if len(cells):
                hit = rng.random((runs, len(cells)), dtype=np.float32) >= np.exp(
                    log_stay[s - 1][0, cells]
                )
                join[:, cells] = np.where(hit, np.int8(s), join[:, cells])  # 2 wins a tie
        work = {k: np.repeat(v, runs, axis=0) for k, v in probe.items()}
    join = np.where(asserted > 0, asserted, join).astype(np.int8)
    final = {k: work[k] for k in ("side", "rnd", "attacked", "attacking", "fired")}
    rows = np.arange(runs)
    t = 0
    while True:
        moved = _apply(net, work, join, t)
        t += 1
        if net.triggers is None and free_join == 0:  # only new attacks can bring anyone in
            moved = (
                (work["attacked"] & ~work["seen_attacked"])
                | (work["attacking"] & ~work["seen_attacking"])
            ).any(1)
        if not moved.any() and len(rows) == runs:  # every run at its fixpoint together
            final = {k: work[k] for k in final}
            work = {k: v[:0] for k, v in work.items()}
            rows = rows[:0]
            break
        for key in final:
            final[key][rows[~moved]] = work[key][~moved]
        if not moved.any() or t >= MAX_ROUNDS:
            break
        if not moved.all():
            work = {k: v[moved] for k, v in work.items()}
            rows = rows[moved]
        join = _round(net, work, rng, free_join)
    for key in final:
        final[key][rows] = work[key]
    return (
        final["side"],
        final["rnd"],
        _obligated_both(net, final["side"], final["attacked"], final["attacking"], final["fired"]),
    )


def _apply(net: _Network, work: dict[str, np.ndarray], join: np.ndarray, t: int) -> np.ndarray:
    """In place: the joiners of round ``t + 1`` enter and make their attacks (the entry
    rule); returns which runs changed sides."""
    side = work["side"]
    if net.pledges.chain:  # joiners of side s attack the other side's earlier belligerents
        for s in (1, 2):
            work["attacked"] |= (join == s).any(1)[:, None] & (side == 3 - s)
        work["attacking"] |= join > 0
    else:  # joiners of the attackers' side attack the original targets
        work["attacking"] |= join == 1
    entering = join > 0
    work["side"] = np.where(entering, join, side)
    work["rnd"] = np.where(entering, np.int16(t + 1), work["rnd"])
    if len(net.pledges.asserted):
        draw_in_attacked(net.pledges, work["side"], work["rnd"], t + 1)
        _asserted_events(net.pledges, work)
        return np.asarray((work["side"] != side).any(1))
    return np.asarray(entering.any(1))


def _asserted_events(pledges: Pledges, work: dict[str, np.ndarray]) -> None:
    """In place: the asserted attacks between states at war on opposite sides."""
    side = work["side"]
    for a, t in pledges.asserted:
        active = (side[:, a] > 0) & (side[:, t] > 0) & (side[:, a] != side[:, t])
        work["attacked"][:, t] |= active
        work["attacking"][:, a] |= active


def _log_stay(net: _Network, work: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Per side (attacker, target), runs x states: the sum of log(1 - p) of the pledges
    newly met this round toward that side (0 where none); marks the events as drawn."""
    side = work["side"]
    new = []
    for event in ("attacked", "attacking"):
        new.append(work[event] & ~work[f"seen_{event}"])
        work[f"seen_{event}"] = work[event].copy()
    if net.triggers is not None:
        fires = evaluate(net.triggers, side, work["rnd"], detail=False)["overall"] >= net.threshold
        new_fired = fires & ~work["fired"]
        work["fired"] = fires
        toward = side[:, net.triggers.beneficiary]
    out = []
    for s in (1, 2):
        log_stay = np.zeros(side.shape, dtype=np.float32)
        for k in (0, 1):
            if net.active[k, s - 1]:
                log_stay += _product(new[k] & (side == s), net.stay[k, s - 1])
        if net.triggers is not None:
            log_stay += _product(new_fired & (toward == s), net.weights)
        out.append(log_stay)
    return out


def _round(
    net: _Network, work: dict[str, np.ndarray], rng: np.random.Generator, free_join: float
) -> np.ndarray:
    """Who joins which side (runs x states, 0/1/2) after one round's newly met pledges."""
    side = work["side"]
    out = side == 0
    join = np.zeros_like(side)
    for s, log_stay in zip((1, 2), _log_stay(net, work), strict=True):
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
        owed = np.zeros(side.shape, dtype=np.float32)
        for k, e in enumerate((attacked, attacking)):
            owes = net.owes[k, s - 1]
            hit = e & (side == s)
            rows = np.flatnonzero(owes.any(1) & hit.any(0))  # beneficiaries with events
            if len(rows):  # a dense product over them, or a sparse one when they are many
                owed += (
                    hit[:, rows].astype(np.float32) @ owes[rows]
                    if len(rows) <= 8
                    else _product(hit, owes)
                )
        if net.triggers is not None:
            toward = side[:, net.triggers.beneficiary]
            owed = owed + _product(fired & (toward == s), net.member)
        to_side.append(owed > 0)
    return _conflicted(to_side[0], to_side[1], side)
