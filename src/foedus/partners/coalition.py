"""The coalition that best balances an adversary: an exact mixed-integer programme."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from foedus.dates import parse_date
from foedus.errors import FoedusError
from foedus.partners.components import PENALTY, PLEDGES_TO_FIGHT, Evidence, key, lookup
from foedus.partners.score import check_weights, rank
from foedus.partners.ties import cow_code_of

if TYPE_CHECKING:
    from foedus.store import Store

PACT_FORMS = PLEDGES_TO_FIGHT  # an existing pledge to fight: no new agreement needed


@dataclass(frozen=True)
class Solution:
    """The optimum of :func:`solve`: the chosen candidates (indices) and the objective."""

    chosen: np.ndarray
    objective: float


def solve(
    values: np.ndarray,
    size: int,
    conflicts: np.ndarray | None = None,
    new: np.ndarray | None = None,
    budget: int | None = None,
) -> Solution:
    """Choose at most ``size`` candidates maximising the sum of their ``values``, exactly.

    Binary programme solved by HiGHS through :func:`scipy.optimize.milp`: ``max v.x`` s.t.
    ``sum x <= size``, ``x_i + x_j <= 1`` for each row ``(i, j)`` of ``conflicts``
    (candidates that cannot both join, e.g. rivals), ``new.x <= budget`` (new agreements
    needed), ``x`` in {0, 1}. Candidates of non-positive value are never chosen.
    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    if size < 1:
        raise FoedusError(f"size={size} is invalid; accepted: a whole number >= 1")
    rows = [np.ones((1, n))]
    upper = [float(size)]
    if conflicts is not None and len(conflicts):
        pairs = np.zeros((len(conflicts), n))
        np.put_along_axis(pairs, np.asarray(conflicts), 1.0, axis=1)
        rows.append(pairs)
        upper += [1.0] * len(conflicts)
    if budget is not None:
        if budget < 0:
            raise FoedusError(f"budget={budget} is invalid; accepted: a whole number >= 0")
        rows.append(np.asarray(new, dtype=float).reshape(1, n))
        upper.append(float(budget))
    a = np.vstack(rows)
    result = milp(
        -values,
        integrality=np.ones(n),
        bounds=Bounds(0, (values > 0).astype(float)),
        constraints=LinearConstraint(a, -np.inf, np.array(upper)),
    )
    if not result.success:  # pragma: no cover - x = 0 is always feasible
        raise FoedusError(f"coalition programme not solved: {result.message}")
    chosen = np.flatnonzero(np.round(result.x) == 1)
    return Solution(chosen=chosen, objective=float(values[chosen].sum()))


def coalition(
    for_: str | int,
    against: str | int,
    on: str | dt.date | int | None = None,
    size: int = 3,
    min_alignment: float = 0.0,
    exclude: Iterable[str | int] = (),
    budget: int | None = None,
    weights: Mapping[str, float] | None = None,
    runs: int = 1000,
    seed: int = 0,
    store: Store | None = None,
) -> pd.DataFrame:
    """The partners that most raise the expected balance of capabilities against an
    adversary, with the marginal value of each.

    The war is the adversary attacking the focal state on the date; the cascade
    (:func:`foedus.run_scenario`, ``runs`` Monte Carlo runs) gives each state's
    probability of fighting on either side under the pledges in force, so the adversary's
    side includes the states its own pledges bring in. Expected capability is
    ``sum_k p_k CINC_k`` per side. A partner ``j`` that signs on with the focal state
    fights beside it with probability ``1 - (1 - p_j)(1 - r_j)``, where
    ``r_j = rel_j x al_j x (1 - lambda a_j) x (1 - d_j)``: its reliability component
    times its alignment ``al_j`` (the mean of its S and UN components: a partner half as
    aligned is half as likely to honour the new pledge), times what its alignment with
    the adversary leaves (``a_j``, :func:`foedus.partners.components.adversary_alignment`,
    weight ``lambda``), times the probability ``1 - d_j`` that the adversary's own pledges
    do not bring it in on the adversary's side: ``d_j`` is its probability of fighting
    for the adversary when the focal state attacks it (a second cascade run), so a
    partner bound to the adversary (a CSTO member against Russia) adds nothing. It
    leaves the adversary's side, so it adds
    ``v_j = CINC_j (r'_j - p_j^focal) + CINC_j p_j^adversary`` to the balance. The
    coalition maximises ``sum v_j x_j`` over at most ``size`` partners, none with
    alignment (mean of the S and UN components) below ``min_alignment``, no two in a
    rivalry or recent MIDs with each other (hostility 1), and at most ``budget`` needing a
    new agreement (no defense or offense pledge in force between them); see :func:`solve`.

    Parameters
    ----------
    for_, against
        The focal state and the adversary (names, abbreviations or COW codes).
    on
        The date (default today).
    size
        Most partners chosen (>= 1).
    min_alignment
        Least alignment (0 to 1) of a partner.
    exclude
        States left out of the candidates.
    budget
        Most partners needing a new agreement (>= 0; None: no limit).
    weights
        Component -> weight of the partner score (see :func:`foedus.partners.partners`).
    runs, seed
        Monte Carlo runs of the cascade and their random seed.
    store
        The store to read from (default ``Store()``).

    Returns
    -------
    pandas.DataFrame
        One row per chosen partner: ``partner_ccode``, ``partner``, ``cinc``,
        ``p_focal_side``, ``p_adversary_side``, ``adversary_alignment`` (a_j),
        ``p_adversary_defender`` (d_j), ``p_honour`` (r_j), ``new_agreement``,
        ``value`` (v_j) and ``marginal`` (the optimum with the partner minus the best
        coalition without it). ``attrs`` hold ``balance_before`` and ``balance_after``
        (expected CINC focal side minus adversary side) and both sides' expected CINC.
    """
    when = parse_date(on)
    if not 0.0 <= min_alignment <= 1.0:
        raise FoedusError(f"min_alignment={min_alignment} is invalid; accepted: 0 to 1")
    w = check_weights(weights)
    table, ev = rank(for_, against, when, w, exclude, store)
    focal, adversary = cow_code_of(for_, when), cow_code_of(against, when)
    sides = _war(adversary, focal, when, runs, seed, store)
    # the adversary attacked: who its pledges bring in to defend it
    defends = _war(focal, adversary, when, runs, seed, store)["p_target_side"]
    d = defends.reindex(table["partner_ccode"]).fillna(0.0).to_numpy()
    cinc = table.set_index("partner_ccode")["cinc"].fillna(0.0)
    p_focal = sides["p_target_side"].reindex(table["partner_ccode"]).fillna(0.0).to_numpy()
    p_adv = sides["p_attacker_side"].reindex(table["partner_ccode"]).fillna(0.0).to_numpy()
    c = cinc.to_numpy()
    aligned = (table["alliance_similarity"] + table["un_alignment"]).to_numpy() / 2.0
    hostile = table[PENALTY].to_numpy()
    r = table["reliability"].to_numpy() * aligned * (1.0 - w[PENALTY] * hostile) * (1.0 - d)
    joined = 1.0 - (1.0 - p_focal) * (1.0 - r)
    values = c * (joined - p_focal) + c * p_adv
    values = np.where(aligned >= min_alignment, values, 0.0)
    new = (~_pledged(table, focal, when, store)).astype(float)
    conflicts = _rival_pairs(table["partner_ccode"].to_numpy(), ev, when.year)
    best = solve(values, size, conflicts, new, budget)
    marginal = np.array(
        [
            best.objective - solve(_without(values, i), size, conflicts, new, budget).objective
            for i in best.chosen
        ]
    )
    ends = np.array([focal, adversary])
    all_c = pd.concat(
        [
            cinc,
            pd.Series(lookup(ev.cinc, "cinc", key(np.full(2, when.year), ends), 0.0), index=ends),
        ]
    )
    before_f = float((sides["p_target_side"] * all_c.reindex(sides.index).fillna(0.0)).sum())
    before_a = float((sides["p_attacker_side"] * all_c.reindex(sides.index).fillna(0.0)).sum())
    pick = best.chosen
    out = pd.DataFrame(
        {
            "partner_ccode": table["partner_ccode"].to_numpy()[pick],
            "partner": table["partner"].to_numpy()[pick],
            "cinc": c[pick],
            "p_focal_side": p_focal[pick],
            "p_adversary_side": p_adv[pick],
            "adversary_alignment": hostile[pick],
            "p_adversary_defender": d[pick],
            "p_honour": r[pick],
            "new_agreement": new[pick].astype(bool),
            "value": values[pick],
            "marginal": marginal,
        }
    ).sort_values("value", ascending=False, ignore_index=True)
    out.attrs.update(
        focal_side_before=before_f,
        adversary_side_before=before_a,
        balance_before=before_f - before_a,
        balance_after=before_f - before_a + best.objective,
    )
    return out


def _war(
    attacker: int, target: int, when: dt.date, runs: int, seed: int, store: Store | None
) -> pd.DataFrame:
    """Each state's probabilities of fighting on either side when ``attacker`` attacks
    ``target`` (the cascade, :func:`foedus.run_scenario`), by COW code."""
    foedus = importlib.import_module("foedus")
    scenario = foedus.Scenario.build(attackers=attacker, targets=target, on=when)
    sim = foedus.run_scenario(
        scenario, foedus.obligations_on(when, store=store), runs=runs, seed=seed, store=store
    )["states"]
    return sim.set_index("ccode")[["p_attacker_side", "p_target_side"]]


def _without(values: np.ndarray, i: int) -> np.ndarray:
    out = values.copy()
    out[i] = 0.0
    return out


def _pledged(table: pd.DataFrame, focal: int, when: dt.date, store: Store | None) -> np.ndarray:
    """Whether a defense or offense pledge links each candidate and the focal state."""
    ob = importlib.import_module("foedus").obligations_on(when, store=store)
    ob = ob[ob["type"].isin(PACT_FORMS)]
    linked = set(ob.loc[ob["obligor"] == focal, "beneficiary"]) | set(
        ob.loc[ob["beneficiary"] == focal, "obligor"]
    )
    return table["partner_ccode"].isin(linked).to_numpy()


def _rival_pairs(codes: np.ndarray, ev: Evidence, year: int) -> np.ndarray:
    """Index pairs of candidates hostile to each other (hostility 1) in ``year``."""
    h = ev.hostility[(ev.hostility["year"] == year) & (ev.hostility["hostility"] >= 1.0)]
    index = pd.Index(codes)
    i, j = index.get_indexer(h["ccode1"]), index.get_indexer(h["ccode2"])
    ok = (i >= 0) & (j >= 0)
    return np.column_stack([i[ok], j[ok]]).astype("int64")
