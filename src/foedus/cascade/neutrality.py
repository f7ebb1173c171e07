"""Who is bound to neutrality in each run, and pledges re-indexed onto a network's states."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from foedus.casus import Pledges, Scenario, compile_pledges, evaluate


def _bound_to_neutrality(
    scenario: Scenario,
    reachable: pd.DataFrame,
    states: np.ndarray,
    side: np.ndarray,
    rnd: np.ndarray,
    threshold: int,
    members: Mapping[str, frozenset[int]] | None = None,
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
    neutral = _reindex(
        compile_pledges(scenario, table.reset_index(drop=True), members=members), states
    )
    fires = evaluate(neutral, side, rnd, detail=False)["overall"] >= threshold
    fires &= side[:, neutral.obligor] != side[:, neutral.beneficiary]
    owes = np.zeros((len(neutral.obligor), len(states)), dtype=np.float32)
    owes[np.arange(len(neutral.obligor)), neutral.obligor] = 1.0
    return (fires.astype(np.float32) @ owes) > 0


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
        asserted=remap[triggers.asserted],
        adversary=_remapped(triggers.adversary, remap, len(states)),
        fellows=_remapped(triggers.fellows, remap, len(states)),
        after=_remapped(triggers.after, remap, len(states)),
    )


def _remapped(matrix: sp.csr_matrix, remap: np.ndarray, n: int) -> sp.csr_matrix:
    coo = matrix.tocoo()
    return sp.csr_matrix((coo.data, (coo.row, remap[coo.col])), shape=(matrix.shape[0], n))
