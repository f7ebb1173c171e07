"""One sweep row's cascade and Monte Carlo runs from a single compilation of its pledges.

A sweep evaluates hundreds of scenarios of one date. Their set-up, not the runs, used to
dominate: each scenario compiled its pledges three times (the triggered count, the join
network, the conditional triggers). :func:`sweep_draws` compiles the obligations reachable
that matter once (the obligations toward its belligerents, and the join pledges that can
fire, found on the date's columns as arrays) and takes each set from it as rows
(:func:`foedus.cascade.rows.take_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from foedus.cascade.deterministic import _reachable_rows, _threshold
from foedus.cascade.montecarlo import Draws, _Network, _shape, _simulate_chunk, may_fire
from foedus.cascade.rows import take_rows
from foedus.casus import MET, TYPES, Scenario, compile_pledges, evaluate, initial_war
from foedus.casus.pledges import arrangement_members, in_force, per_frame
from foedus.casus.scenario import check_inputs

_DEFENSE, _OFFENSE = TYPES.index("defense"), TYPES.index("offense")


def sweep_draws(
    scenario: Scenario,
    obligations: pd.DataFrame,
    runs: int,
    seed: int | None,
    probabilities: Mapping[str, float],
    unknown: str = "unmet",
) -> tuple[tuple[int, int, int, int], Draws]:
    """What a sweep row needs, from one compilation of the scenario's reachable pledges.

    Returns ``(triggered, attackers, targets, rounds)`` and the draws: how many
    obligations toward the scenario's belligerents are triggered with every condition met
    (:func:`foedus.casus.count_triggered`); the cascade with every pledge honoured
    (entrants on the attackers' and the targets' side and rounds: the deterministic
    cascade's counts); and ``runs`` Monte Carlo runs honouring each pledge with
    ``probabilities`` by type (no neutrality pass).

    Parameters
    ----------
    scenario : Scenario
        The war.
    obligations : pandas.DataFrame
        Directed obligations (as from :func:`foedus.obligations_on`).
    runs : int
        Monte Carlo runs (0: none; the draws then hold the deterministic cascade).
    seed : int or None
        The Monte Carlo random seed.
    probabilities : Mapping of str to float
        Honour probability by obligation type.
    unknown : {"unmet", "met"}
        Conditions of unknown status: not triggered, or counted as met.

    Returns
    -------
    tuple
        ``((triggered, attackers, targets, rounds), Draws)``.
    """
    check_inputs(scenario, obligations)
    threshold = _threshold(unknown)
    obligations = in_force(obligations, scenario.date)
    obligor, beneficiary, kind = per_frame("sweep columns", obligations, _columns)
    reach = np.zeros(len(obligations), dtype=bool)
    reach[_reachable_rows(scenario, obligations)] = True
    at_war = np.isin(beneficiary, scenario.attackers + scenario.targets + tuple(scenario.entrants))
    at_war &= kind >= 0  # the types compile_pledges keeps
    join = np.flatnonzero(reach & ((kind == _DEFENSE) | (kind == _OFFENSE)))
    fire = np.zeros(len(obligations), dtype=bool)
    fire[join] = may_fire(scenario, kind[join] == _OFFENSE, obligor[join], beneficiary[join])
    used = np.flatnonzero(at_war | fire)  # at war: reachable
    compiled = compile_pledges(
        scenario,
        obligations.take(used).reset_index(drop=True),
        members=arrangement_members(obligations),
    )
    toward_war = take_rows(compiled, np.flatnonzero(at_war[used]))
    side, rnd = initial_war(toward_war)
    triggered = int((evaluate(toward_war, side, rnd, detail=False)["overall"] == MET).sum())
    pledges = take_rows(compiled, np.flatnonzero(fire[used]), compact=True)
    shape = _shape(pledges)
    sure = _Network.weighted(pledges, {t: 1.0 for t in probabilities}, threshold, shape)
    side, rnd, _ = _simulate_chunk(sure, 0.0, np.random.default_rng(0), 1)
    joined = rnd[0] > 0
    counts = (
        triggered,
        int((joined & (side[0] == 1)).sum()),
        int((joined & (side[0] == 2)).sum()),
        int(rnd.max()),
    )
    draws = Draws(pledges, side, rnd, side > 3, side > 3)
    if runs > 0:
        net = _Network.weighted(pledges, dict(probabilities), threshold, shape)
        side, rnd, both = _simulate_chunk(net, 0.0, np.random.default_rng(seed), runs)
        draws = Draws(pledges, side, rnd, both, np.zeros(side.shape, dtype=bool))
    return counts, draws


def _columns(obligations: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Obligor and beneficiary codes, and obligation type (index in ``TYPES``; -1 other)."""
    kind = obligations["type"].map({t: i for i, t in enumerate(TYPES)}).fillna(-1)
    return (
        obligations["obligor"].to_numpy(np.int64),
        obligations["beneficiary"].to_numpy(np.int64),
        kind.to_numpy(np.int64),
    )
