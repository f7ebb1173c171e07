"""The war state (side and entry round per run and state) and the evaluation of every pledge."""

from __future__ import annotations

import numpy as np

from foedus._arrays import among, csr_cells
from foedus.casus.pledges import Pledges
from foedus.casus.scenario import MET, NOT_MET, SIDES


def initial_war(pledges: Pledges, runs: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """``side`` (runs x states, 0/1/2) and ``rnd`` (entry round) of the scenario's war: the
    original belligerents in round 0; asserted entrants, and the targets of asserted attacks
    by states at war, in round 1."""
    n = len(pledges.states)
    side = np.zeros((runs, n), dtype=np.int8)
    rnd = np.zeros((runs, n), dtype=np.int16)
    side[:, pledges.original > 0] = pledges.original[pledges.original > 0]
    for code, which in pledges.scenario.entrants.items():
        i = pledges.index([code])[0]
        side[:, i] = SIDES.index(which) + 1
        rnd[:, i] = 1
    draw_in_attacked(pledges, side, rnd, 1)
    return side, rnd


def draw_in_attacked(pledges: Pledges, side: np.ndarray, rnd: np.ndarray, round_: int) -> None:
    """In place: the target of an asserted attack whose attacker is at war, itself not yet
    at war, enters on the other side in round ``round_`` (repeated for chains)."""
    for _ in range(len(pledges.asserted)):
        moved = False
        for a, t in pledges.asserted:
            pull = (side[:, a] > 0) & (side[:, t] == 0)
            if pull.any():
                side[pull, t] = 3 - side[pull, a]
                rnd[pull, t] = round_
                moved = True
        if not moved:
            return


def event_counts(side: np.ndarray, rnd: np.ndarray, pledges: Pledges) -> tuple[np.ndarray, ...]:
    """Per run and state: how many states attack it, how many it attacks, how many it fights.

    The entry rule (:class:`foedus.casus.Scenario`): the attackers' side attacks the
    original targets, and the asserted attacks hold between states at war on opposite
    sides; with ``chain_ganging``, :func:`_chain_counts`.
    """
    if pledges.chain:
        return _chain_counts(side, rnd, pledges.original)
    at_war = side > 0
    is_target = pledges.original == 2
    n_att = (side == 1).sum(1, dtype=np.int16)[:, None]
    n_tgt = (side == 2).sum(1, dtype=np.int16)[:, None]
    attacked = np.where(at_war & is_target, n_att, 0).astype(np.int16)
    attacking = np.where(side == 1, np.int16(is_target.sum()), 0).astype(np.int16)
    for a, t in pledges.asserted:
        extra = (side[:, a] > 0) & (side[:, t] > 0) & (side[:, a] != side[:, t])
        extra &= ~((side[:, a] == 1) & is_target[t])  # already counted by the rule
        attacked[:, t] += extra
        attacking[:, a] += extra
    fighting = np.where(side == 1, n_tgt, np.where(side == 2, n_att, 0)).astype(np.int16)
    return attacked, attacking, fighting


def _chain_counts(
    side: np.ndarray, rnd: np.ndarray, original: np.ndarray
) -> tuple[np.ndarray, ...]:
    """:func:`event_counts` under the chain-ganging rule: the original attackers attack the
    original targets, and a state that enters attacks every belligerent of the other side
    that entered before it."""
    runs = side.shape[0]
    rounds = int(rnd.max()) + 1
    # per run, side s (0 = out) and round t: how many states of side s entered in round t
    flat = (np.arange(runs, dtype=np.int32)[:, None] * 3 + side) * rounds + rnd
    per_round = (
        np.bincount(flat.ravel(), minlength=runs * 3 * rounds)
        .astype(np.int16)
        .reshape(runs, 3, rounds)[:, 1:]
    )
    after = per_round[:, :, ::-1].cumsum(2, dtype=np.int16)[:, :, ::-1] - per_round
    before = per_round.cumsum(2, dtype=np.int16) - per_round
    at_war = side > 0
    index = np.where(side == 1, rounds, 0) + rnd  # opposite side's row, entry round
    attacked = np.take_along_axis(after.reshape(runs, -1), index, 1)
    attacking = np.take_along_axis(before.reshape(runs, -1), index, 1)
    attacked[~at_war] = 0
    attacking[~at_war] = 0
    attacked += (at_war & (original == 2)) * np.int16((original == 1).sum())
    attacking += (at_war & (original == 1)) * np.int16((original == 2).sum())
    fighting = np.where(
        at_war,
        np.take_along_axis(per_round.sum(2, dtype=np.int16), (side == 1).astype(np.intp), 1),
        0,
    )
    return attacked, attacking, fighting


def _adversary_hits(
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The pledges with an adversary condition, and (runs x those) whether it is met.

    Met when a named adversary is in the pledge's event: it attacks the beneficiary
    (defense), is attacked by it (offense), or fights it (other types).
    """
    cols = np.flatnonzero(pledges.has_adversary)
    if not len(cols):
        return cols, np.zeros((side.shape[0], 0), dtype=bool)
    row, x = csr_cells(pledges.adversary.indptr, pledges.adversary.indices, cols)
    p = cols[row]
    kind = pledges.kind[p]
    opposed, x_attacks_b, b_attacks_x = _pair_events(pledges, p, x, side, rnd)
    pair = np.where(kind == 0, x_attacks_b, np.where(kind == 1, b_attacks_x, opposed))
    starts = np.flatnonzero(np.r_[True, np.diff(row) != 0])  # pairs come grouped
    return cols, np.logical_or.reduceat(pair, starts, axis=1)


def _after_hits(pledges: Pledges, side: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pledges that apply only once named parties have acted (``cond_after``), and
    (runs x those) whether every one of them is at war on the beneficiary's side."""
    cols = np.flatnonzero(pledges.has_after)
    if not len(cols):
        return cols, np.zeros((side.shape[0], 0), dtype=bool)
    row, x = csr_cells(pledges.after.indptr, pledges.after.indices, cols)
    p = cols[row]
    beside = side[:, x] == side[:, pledges.beneficiary[p]]
    beside &= side[:, x] > 0
    starts = np.flatnonzero(np.r_[True, np.diff(row) != 0])
    return cols, np.logical_and.reduceat(beside, starts, axis=1)


def _pair_events(
    pledges: Pledges, p: np.ndarray, x: np.ndarray, side: np.ndarray, rnd: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs x pairs (pledge p, state x): x and p's beneficiary fight each other; x attacks
    the beneficiary; the beneficiary attacks x (the module's entry rule)."""
    return _state_events(pledges, pledges.beneficiary[p], x, side, rnd)


def _state_events(
    pledges: Pledges, b: np.ndarray, x: np.ndarray, side: np.ndarray, rnd: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs x pairs of state indices (b, x): they fight each other; x attacks b; b attacks x
    (by the entry rule of :func:`event_counts`)."""
    sb, sx = side[:, b], side[:, x]
    opposed = (sb > 0) & (sx > 0) & (sb != sx)
    orig_b, orig_x = pledges.original[b], pledges.original[x]
    if pledges.chain:
        rb, rx = rnd[:, b], rnd[:, x]
        x_attacks_b = opposed & ((rx > rb) | ((orig_x == 1) & (orig_b == 2)))
        b_attacks_x = opposed & ((rb > rx) | ((orig_b == 1) & (orig_x == 2)))
        return opposed, x_attacks_b, b_attacks_x
    n = len(pledges.states)
    keys = pledges.asserted[:, 0] * n + pledges.asserted[:, 1]
    x_attacks_b = opposed & (((sx == 1) & (orig_b == 2)) | among(x * n + b, keys.tolist()))
    b_attacks_x = opposed & (((sb == 1) & (orig_x == 2)) | among(b * n + x, keys.tolist()))
    return opposed, x_attacks_b, b_attacks_x


def _fellow_attacks(
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The defense pledges whose beneficiary may be attacked by a fellow member, and (runs x
    those) how many fellow members of the pledge's arrangement attack it."""
    row, col = pledges.fellow_cells  # by pledge
    at_war = np.asarray((side > 0).any(0))
    keep = at_war[col] & at_war[pledges.beneficiary[row]]
    p, x = row[keep], col[keep]
    if not len(p):
        return p, np.zeros((side.shape[0], 0), dtype=np.int16)
    _, x_attacks_b, _ = _pair_events(pledges, p, x, side, rnd)
    cols, starts = np.unique(p, return_index=True)
    return cols, np.add.reduceat(x_attacks_b.astype(np.int16), starts, axis=1)


def evaluate(
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray, detail: bool = True
) -> dict[str, np.ndarray]:
    """Status (runs x pledges; 1 met, 0 unknown, -1 not met) of each condition and ``overall``.

    ``event`` is the trigger (attacked by a non-member / attacking / at war); ``overall`` is
    the least of all; ``at_war`` says whether the beneficiary fights at all;
    ``by_fellows`` marks defense pledges whose beneficiary is attacked only by fellow
    members. With ``detail=False`` only ``overall`` is computed (the simulator's fast path).
    """
    attacked, attacking, fighting = event_counts(side, rnd, pledges)
    b, kind = pledges.beneficiary, pledges.kind
    attackers = attacked[:, b]
    by_outsider = attackers.copy()
    fellow_cols, fellow_counts = _fellow_attacks(pledges, side, rnd)
    by_outsider[:, fellow_cols] -= fellow_counts
    events = np.where(kind == 0, by_outsider, np.where(kind == 1, attacking[:, b], fighting[:, b]))
    cols, hits = _adversary_hits(pledges, side, rnd)
    after_cols, acted = _after_hits(pledges, side)
    sb = side[:, b]
    if not detail:
        ok = (events > 0) & (attackers >= pledges.attackers_min)
        ok[:, cols] &= hits
        ok[:, after_cols] &= acted
        static = np.where(sb == 1, pledges.static[:, 0], pledges.static[:, 1])
        return {"overall": np.where(ok, static, NOT_MET).astype(np.int8)}
    adversary = np.full(events.shape, MET, dtype=np.int8)
    adversary[:, cols] = np.where(hits, MET, NOT_MET)
    status = {
        "event": np.where(events > 0, MET, NOT_MET).astype(np.int8),
        "adversary": adversary,
        "attackers": np.where(attackers >= pledges.attackers_min, MET, NOT_MET).astype(np.int8),
        **{
            name: np.where(sb == 1, part[:, 0], part[:, 1])
            for name, part in pledges.static_parts.items()
        },
    }
    status["after"] = np.full(events.shape, MET, dtype=np.int8)
    status["after"][:, after_cols] = np.where(acted, MET, NOT_MET)
    overall = np.minimum.reduce(list(status.values()))
    by_fellows = (kind == 0) & (attackers > 0) & (by_outsider == 0)
    return {**status, "overall": overall, "at_war": sb > 0, "by_fellows": by_fellows}
