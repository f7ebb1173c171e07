"""Compiled pledges taken by rows: once compiled, each pledge's statuses depend only on its
own conditions, the scenario and its arrangement's members, so the rows of a compilation
equal the compilation of those rows (:func:`foedus.casus.compile_pledges`)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from foedus.casus import Pledges


def take_rows(pledges: Pledges, rows: np.ndarray, compact: bool = False) -> Pledges:
    """The pledges ``rows`` of ``pledges`` (positions, in the order given).

    With ``compact`` the state index keeps only the states those rows name (obligors,
    beneficiaries, adversaries, parties that must act first, fellow members) and the
    scenario's states, as :func:`foedus.casus.compile_pledges` of those rows would have it;
    otherwise the index is unchanged.
    """
    rows = np.asarray(rows, dtype=np.intp)
    taken = replace(
        pledges,
        rows=pledges.rows[rows],
        obligor=pledges.obligor[rows],
        beneficiary=pledges.beneficiary[rows],
        kind=pledges.kind[rows],
        has_adversary=pledges.has_adversary[rows],
        adversary=pledges.adversary[rows],
        after=pledges.after[rows],
        has_after=pledges.has_after[rows],
        fellows=pledges.fellows[rows],
        attackers_min=pledges.attackers_min[rows],
        static_parts={k: v[rows] for k, v in pledges.static_parts.items()},
        static=pledges.static[rows],
    )
    return _compact(taken) if compact else taken


def _compact(pledges: Pledges) -> Pledges:
    """``pledges`` on the smallest state index that holds every state they name."""
    keep = np.zeros(len(pledges.states), dtype=bool)
    for used in (
        pledges.obligor,
        pledges.beneficiary,
        pledges.adversary.indices,
        pledges.after.indices,
        pledges.fellows.indices,
        np.flatnonzero(pledges.original),
        pledges.asserted.ravel(),
    ):
        keep[used] = True
    scenario = pledges.scenario
    keep[pledges.index(scenario.entrants)] = True
    if keep.all():
        return pledges
    remap = np.cumsum(keep) - 1
    k = int(keep.sum())

    def columns(matrix: sp.csr_matrix) -> sp.csr_matrix:  # remap is increasing: rows stay sorted
        return sp.csr_matrix(
            (matrix.data, remap[matrix.indices], matrix.indptr), shape=(matrix.shape[0], k)
        )

    return replace(
        pledges,
        states=pledges.states[keep],
        obligor=remap[pledges.obligor],
        beneficiary=remap[pledges.beneficiary],
        adversary=columns(pledges.adversary),
        after=columns(pledges.after),
        fellows=columns(pledges.fellows),
        original=pledges.original[keep],
        asserted=remap[pledges.asserted],
    )
