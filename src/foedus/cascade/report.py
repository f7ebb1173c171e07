"""The Monte Carlo summary, and the public wrappers that read the store for the engines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.cascade.deterministic import cascade, cascade_columns
from foedus.cascade.montecarlo import Draws, monte_carlo
from foedus.cascade.probabilities import resolve_probabilities
from foedus.casus import Scenario, triggered
from foedus.casus.explain import triggered_columns
from foedus.casus.scenario import check_inputs
from foedus.commitments import state_name
from foedus.errors import FoedusError

if TYPE_CHECKING:
    from foedus.store import Store


def read_cinc(year: int, store: Store | None = None) -> pd.Series | None:
    """CINC by COW code in the latest NMC year up to ``year``, named by that year (None
    without ``cow_nmc`` in the store, or without a year up to ``year``); read through
    :func:`foedus.data.cow.read_cinc`."""
    from foedus.data.cow import read_cinc as read

    return read(year, store)


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
    unknown: str = "unmet",
    store: Store | None = None,
    chunk: int = 20_000,
    capabilities: pd.Series | None = None,
) -> SimulationResult:
    """Monte Carlo cascades: each triggered pledge honoured with its type's probability.

    Parameters
    ----------
    scenario, obligations
        The war and the obligations in force on its date
        (:func:`foedus.commitments.obligations_on`).
    runs
        Number of runs (>= 1).
    seed
        Random seed: the same seed gives the same result.
    probabilities
        Type -> probability overriding :func:`honour_probabilities` of the scenario's
        year, or ``"calibrated"`` for :func:`foedus.reliability.calibrated_probabilities`
        on ``store``.
    free_join
        Chance per round that a state of the obligation network still out of the war
        joins a random side (in [0, 1]).
    unknown
        Conditions of unknown status: ``"unmet"`` (not triggered) or ``"met"``
        (:data:`foedus.vocab.UNKNOWN_RULES`).
    store
        Where CINC (and calibrated rates) are read when ``capabilities`` is not given.
    chunk
        Runs processed together as (runs x states) arrays (>= 1).
    capabilities
        CINC by COW code, named by its NMC year (``foedus.data.cow.read_cinc``); by
        default read from ``store`` (none without ``cow_nmc``).

    Returns
    -------
    SimulationResult
        Per-state probabilities of entering each side, war size and rounds
        distributions, and the capability balance: sum of CINC per side (COW NMC;
        Singer, Bremer & Stuckey 1972, NMC 7.0).

    Notes
    -----
    Every run draws, for each pledge when its casus foederis is first met while its
    obligor is still out of the war, whether it is honoured. A run ends at the first
    round in which nobody joins (:func:`foedus.cascade.montecarlo.monte_carlo`).
    """
    check_inputs(scenario, obligations)
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or runs < 1:
        raise FoedusError(f"runs={runs!r} invalid; accepted: an integer >= 1")
    if isinstance(chunk, bool) or not isinstance(chunk, int | np.integer) or chunk < 1:
        raise FoedusError(f"chunk={chunk!r} invalid; accepted: an integer >= 1 (runs per chunk)")
    if not 0.0 <= free_join <= 1.0:
        raise FoedusError(f"free_join={free_join!r} invalid; accepted: a number in [0, 1]")
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0
    ):
        raise FoedusError(f"seed={seed!r} invalid; accepted: an integer >= 0, or None")
    probs = resolve_probabilities(scenario.date.year, probabilities, store)
    draws = monte_carlo(
        scenario, obligations, runs, seed, probs, free_join=free_join, unknown=unknown, chunk=chunk
    )
    if capabilities is None:
        capabilities = read_cinc(scenario.date.year, store)
    return summarise(draws, capabilities, seed, probs)


def run_scenario(
    scenario: Scenario,
    obligations: pd.DataFrame,
    runs: int = 0,
    seed: int | None = None,
    unknown: str = "unmet",
    probabilities: Mapping[str, float] | str | None = None,
    free_join: float = 0.0,
    store: Store | None = None,
) -> dict[str, pd.DataFrame]:
    """Everything ``foedus scenario`` shows: ``triggered`` obligations with reasons, the
    deterministic ``entrants`` and ``flags``, and with ``runs`` > 0 the Monte Carlo
    ``summary`` (war size, rounds, CINC per side, with 95% intervals), the ``states``
    that enter in some run, and the ``war_size`` and ``rounds`` distributions.

    Parameters
    ----------
    scenario, obligations
        The war and the obligations in force on its date
        (:func:`foedus.commitments.obligations_on`).
    runs
        Number of Monte Carlo runs (>= 0; 0: none).
    seed, probabilities, free_join, store
        As in :func:`simulate`, used when ``runs`` > 0.
    unknown
        Conditions of unknown status: ``"unmet"`` (not triggered) or ``"met"``.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``triggered``, ``entrants``, ``flags``; with ``runs`` > 0 also ``summary``,
        ``states``, ``war_size`` and ``rounds``.
    """
    check_inputs(scenario, obligations)
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or runs < 0:
        raise FoedusError(f"runs={runs!r} invalid; accepted: an integer >= 0 (0: no Monte Carlo)")
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


def scenario_columns(
    scenario: Scenario, obligations: pd.DataFrame, unknown: str = "unmet"
) -> dict[str, dict[str, Any] | pd.DataFrame]:
    """:func:`run_scenario`'s sections without a Monte Carlo (``triggered``, ``entrants``,
    ``flags``), each as its columns (name to a list, array or categorical, in the frame's
    order; a frame where pandas sorted it), without making the frames: the web API's answer
    (:func:`foedus.report.column_records` gives the rows the frames would give)."""
    check_inputs(scenario, obligations)
    entrants, flags, _ = cascade_columns(scenario, obligations, unknown=unknown)
    return {
        "triggered": triggered_columns(scenario, obligations),
        "entrants": entrants,
        "flags": flags,
    }


def _interval(values: np.ndarray, name: str) -> dict[str, float | str]:
    lo, mid, hi = np.percentile(values, [2.5, 50, 97.5])
    return {
        "measure": name,
        "mean": float(values.mean()),
        "p2.5": float(lo),
        "median": float(mid),
        "p97.5": float(hi),
    }


def summarise(
    draws: Draws, capabilities: pd.Series | None, seed: int | None, probs: dict[str, float]
) -> SimulationResult:
    """The :class:`SimulationResult` of ``draws``, with CINC per side from ``capabilities``
    (CINC by COW code, named by its NMC year; None: no capability balance)."""
    pledges, side, rnd, both, bound = draws.pledges, draws.side, draws.rnd, draws.both, draws.bound
    cinc_year = None if capabilities is None else int(capabilities.name)
    cinc = (
        None
        if capabilities is None
        else capabilities.reindex(pledges.states).fillna(0.0).to_numpy(float)
    )
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
                "ccode": pledges.states.astype(int),
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
