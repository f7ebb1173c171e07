"""Which partners a state should seek against an adversary: a transparent weighted score."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.dates import parse_date
from foedus.errors import FoedusError
from foedus.partners.components import (
    COMPONENTS,
    PENALTY,
    Evidence,
    adversary_pledges,
    components,
    gather,
    measures,
)
from foedus.partners.network import known_by
from foedus.partners.ties import cow_code_of, depth, ties
from foedus.sources import coverage
from foedus.states import members_on, name_of

if TYPE_CHECKING:
    from foedus.store import Store

# weight presets: a non-negative logistic fit of the components to one outcome of the
# backtest's training years t = 1985..1995 only, normalised to mean 1 and rounded to 0.1
# (benchmarks/partners_backtest.py prints the fits): "dca" to new defense cooperation
# agreements (DCAD), "alliance" to new alliance pledges (ATOP, not only non-aggression).
# The penalty's weight (lambda, 0 to 1) is not fitted (the backtest has no adversary): 1
# means a partner wholly aligned with the adversary scores 0.
ADVERSARY_WEIGHT = 1.0
PRESETS: dict[str, dict[str, float]] = {
    "dca": {
        "capability": 2.3,
        "alliance_similarity": 0.0,
        "un_alignment": 0.0,
        "shared_threat": 0.4,
        "reach": 2.1,
        "ties": 0.3,
        "reliability": 0.4,
        "dca_degree": 1.4,
        "dca_closure": 2.1,
        PENALTY: ADVERSARY_WEIGHT,
    },
    "alliance": {
        "capability": 0.0,
        "alliance_similarity": 0.5,
        "un_alignment": 0.9,
        "shared_threat": 0.0,
        "reach": 2.2,
        "ties": 4.3,
        "reliability": 0.2,
        "dca_degree": 0.3,
        "dca_closure": 0.6,
        PENALTY: ADVERSARY_WEIGHT,
    },
}
WEIGHTS: dict[str, float] = PRESETS["dca"]  # the default
SOURCES: dict[str, str] = {
    "capability": "COW NMC 7.0 (CINC)",
    "alliance_similarity": "ATOP 5.1 portfolios, S (Signorino & Ritter 1999)",
    "un_alignment": "UNGA ideal points (Bailey, Strezhnev & Voeten 2017)",
    "shared_threat": "rivalries (Thompson & Dreyer; TSS) and COW MID 5.0",
    "reach": "CShapes 2.0 minimum distance",
    "ties": "foedus ties: depth of cooperation",
    "reliability": "coded ATOP pledges in COW wars (foedus reliability)",
    "dca_degree": "DCAD v1.0: partner's DCA partners, last 5 years (Kinne 2018)",
    "dca_closure": "DCAD v1.0: states with a DCA with both (Kinne 2018)",
    PENALTY: "pledges to fight (ATOP 5.1 / built-in), S and UN ideal points relative to "
    "the adversary (Signorino & Ritter 1999; Bailey, Strezhnev & Voeten 2017)",
}
MEASURES: dict[str, tuple[str, ...]] = {
    "capability": ("cinc",),
    "alliance_similarity": ("s",),
    "un_alignment": ("ideal_distance",),
    "shared_threat": ("threat",),
    "reach": ("mindist",),
    "ties": ("depth",),
    "reliability": ("honoured", "cases"),
    "dca_degree": ("dca_partners", "dca_year"),
    "dca_closure": ("dca_common", "dca_year"),
    PENALTY: (
        "adversary_pledge",
        "s_adversary",
        "s_focal_adversary",
        "ideal_distance_adversary",
        "ideal_distance_focal_adversary",
    ),
}


# which component each dataset feeds, and what happens after its last year
COVERAGE: tuple[tuple[str, str, str], ...] = (
    ("cow_nmc", "capability", "carried"),
    ("atop", "alliance_similarity", "carried"),
    ("atop", "adversary_alignment", "built-in set used"),
    ("atop", "ties", "built-in set used"),
    ("unga", "un_alignment, adversary_alignment", "carried"),
    ("rivalries", "shared_threat", "carried"),
    ("cow_mid", "shared_threat", "no later MIDs"),
    ("mindist", "reach", "carried"),
    ("dcad", "ties", "no later DCAs"),
    ("mme", "ties", "no later exercises"),
    ("sipri_arms", "ties", "no later transfers"),
    ("troops", "ties", "no later deployments"),
    ("cow_war", "reliability", "no later wars"),
    ("dcad", "dca_degree, dca_closure", "carried"),
)


def partners_coverage(on: str | dt.date | int | None = None) -> pd.DataFrame:
    """The datasets behind the partner score that end before a date, and what the score
    does about it.

    Parameters
    ----------
    on
        The date (default today).

    Returns
    -------
    pandas.DataFrame
        One row per (dataset, components) whose catalogued coverage
        (:func:`foedus.sources.coverage`) ends before the date's year: ``name``,
        ``first``, ``last``, ``components`` and ``status``: ``last year carried forward``
        (the score uses the dataset's last year, e.g. DCAD's 2010 DCA network for any
        later date), ``built-in set used`` or ``no later ...`` (nothing after it counts).
    """
    year = parse_date(on).year
    rows = []
    for name, parts, rule in COVERAGE:
        first, last = coverage(name)
        if last < year:
            status = f"{last} carried forward" if rule == "carried" else rule
            rows.append((name, first, last, parts, status))
    return pd.DataFrame(rows, columns=["name", "first", "last", "components", "status"])


def check_weights(weights: Mapping[str, float] | None, preset: str = "dca") -> dict[str, float]:
    """``PRESETS[preset]`` updated by ``weights``, checked (known preset and names, values
    >= 0, sum > 0, the penalty's at most 1)."""
    if preset not in PRESETS:
        raise FoedusError(f"preset {preset!r} is unknown; accepted: {', '.join(PRESETS)}")
    out = {**PRESETS[preset], **(weights or {})}
    for name, value in out.items():
        if name not in (*COMPONENTS, PENALTY):
            raise FoedusError(
                f"weight {name!r} is not a component; accepted: "
                + ", ".join((*COMPONENTS, PENALTY))
            )
        if not np.isfinite(value) or value < 0:
            raise FoedusError(f"weight {name}={value} is invalid; accepted: a number >= 0")
    if out[PENALTY] > 1:
        raise FoedusError(
            f"weight {PENALTY}={out[PENALTY]} is invalid; accepted: 0 to 1 (the penalty "
            "multiplies the score by 1 - weight x alignment)"
        )
    if sum(out[c] for c in COMPONENTS) <= 0:
        raise FoedusError("weights sum to 0; accepted: at least one positive weight")
    return out


def weighted(parts: pd.DataFrame, weights: Mapping[str, float]) -> np.ndarray:
    """The score: ``sum_k w_k c_k / sum_k w_k`` over the nine components ``c_k``, times
    ``1 - lambda a`` when ``parts`` has the adversary alignment ``a`` (:data:`PENALTY`,
    weight ``lambda``; absent when no adversary is named, as in the backtest)."""
    w = np.array([weights[c] for c in COMPONENTS])
    score = parts[list(COMPONENTS)].to_numpy() @ w / w.sum()
    if PENALTY in parts:
        score = score * (1.0 - weights.get(PENALTY, ADVERSARY_WEIGHT) * parts[PENALTY].to_numpy())
    return np.asarray(score)


def partners(
    for_: str | int,
    against: str | int,
    on: str | dt.date | int | None = None,
    weights: Mapping[str, float] | None = None,
    exclude: Iterable[str | int] = (),
    store: Store | None = None,
    preset: str = "dca",
) -> pd.DataFrame:
    """Candidate partners of ``for_`` against ``against`` on a date, ranked by the score.

    The score is the weighted mean of nine components in [0, 1] (see
    :mod:`foedus.partners.components` and docs/partners.md): capability (CINC), alliance
    similarity (S), UN alignment (ideal points), shared threat (rivalry or MIDs with the
    adversary), reach (distance to the focal state), existing ties (the depth index of
    :func:`foedus.ties`, built-in arrangements included), the reliability of the
    partner's past pledges, and two measures of the DCA network (Kinne 2018, "Defense
    Cooperation Agreements and the Emergence of a Global Security Network", International
    Organization 72(4)): the partner's recent DCA partners and the states with a DCA with
    both (DCAD v1.0, agreements signed by the date; after 2010, DCAD's last year); times
    ``1 - lambda a``, ``a`` the partner's alignment with the adversary
    (:func:`foedus.partners.components.adversary_alignment`: a defense or offense pledge
    linking it to the adversary, or its place past the midpoint toward the adversary by
    S, Signorino & Ritter 1999, and by UN ideal points, Bailey, Strezhnev & Voeten 2017)
    and ``lambda`` its weight (0 to 1, default 1).

    Parameters
    ----------
    for_, against
        The focal state and the adversary (names, abbreviations or COW codes).
    on
        The date (default today); data after its year are never used.
    weights
        Component -> weight (>= 0; ``adversary_alignment`` 0 to 1); missing components
        keep the preset's.
    exclude
        States left out of the candidates.
    store
        The store to read from (default ``Store()``).
    preset
        The default weights (:data:`PRESETS`): ``"dca"``, fitted to the defense
        cooperation agreements states went on to sign, or ``"alliance"``, fitted to the
        alliance pledges they went on to make (backtest training years 1985-1995).

    Returns
    -------
    pandas.DataFrame
        One row per COW state in the system on the date (but the two and the excluded):
        ``rank``, ``partner_ccode``, ``partner``, ``score``, the nine components,
        ``adversary_alignment`` and the raw measures behind them; ``attrs["weights"]``
        holds the weights used.
    """
    when = parse_date(on)
    return rank(for_, against, when, check_weights(weights, preset), exclude, store)[0]


def rank(
    for_: str | int,
    against: str | int,
    when: dt.date,
    weights: dict[str, float],
    exclude: Iterable[str | int],
    store: Store | None,
) -> tuple[pd.DataFrame, Evidence]:
    """:func:`partners`' table and the evidence it was computed from."""
    focal, adversary = cow_code_of(for_, when), cow_code_of(against, when)
    if focal == adversary:
        raise FoedusError(f"--against {against!r} is the focal state; accepted: another state")
    left_out = {cow_code_of(s, when) for s in exclude}
    codes = members_on(when)["ccode"].to_numpy(dtype="int64")
    for code, role in ((focal, "focal state"), (adversary, "adversary")):
        if code not in codes:
            raise FoedusError(
                f"{name_of(code)} ({role}) is not in the COW state system on {when}; "
                "accepted: a state system member on that date"
            )
    candidates = codes[~np.isin(codes, [focal, adversary, *left_out])]
    year = when.year
    ev = gather(year, year, store)
    ev = replace(ev, dca=known_by(ev.dca, when))  # agreements signed by the date only
    n = len(candidates)
    # existing ties on the date itself, built-in arrangements included
    d = depth(ties(focal, on=when, store=store)).set_index("partner_ccode")["depth"]
    obligations = importlib.import_module("foedus").obligations_on(when, store=store)
    raw = measures(
        ev,
        np.full(n, focal),
        candidates,
        np.full(n, year),
        d.reindex(candidates).fillna(0.0).to_numpy(),
        adversary=np.full(n, adversary),
        pledged=adversary_pledges(obligations, focal, adversary, candidates),
    )
    parts = components(raw)
    out = pd.DataFrame(
        {
            "partner_ccode": candidates,
            "partner": [name_of(int(c), on=when) for c in candidates],
            "score": weighted(parts, weights),
        }
    )
    out = pd.concat([out, parts, raw], axis=1)
    out = out.sort_values(["score", "partner"], ascending=[False, True], kind="stable")
    out.insert(0, "rank", np.arange(1, n + 1))
    out = out.reset_index(drop=True)
    out.attrs["weights"] = weights
    return out, ev


def explain_partner(
    table: pd.DataFrame, partner: str | int, on: str | dt.date | int | None = None
) -> pd.DataFrame:
    """One candidate's breakdown from a :func:`partners` table: per component the raw
    measures, the component value, its weight, its share of the score and the source.

    The contributions sum to the score: each of the nine components' is
    ``w_k c_k / sum w`` (together the weighted mean), the adversary alignment's what its
    factor takes away, ``-lambda a`` times the weighted mean.

    Raises FoedusError when the state is not among the candidates (excluded, the focal
    state or adversary, or not a state system member on the date).
    """
    when = parse_date(on)
    code = cow_code_of(partner, when)
    row = table[table["partner_ccode"] == code]
    if row.empty:
        raise FoedusError(
            f"{name_of(code, on=when)} is not a candidate partner on {when} (excluded, the "
            "focal state or adversary, or outside the state system); accepted: one of the "
            "ranked candidates"
        )
    r = row.iloc[0]
    weights = table.attrs["weights"]
    total = sum(weights[c] for c in COMPONENTS)
    mean = sum(weights[c] * float(r[c]) for c in COMPONENTS) / total
    factor = 1.0 - weights[PENALTY] * float(r[PENALTY])
    shown = [*COMPONENTS, PENALTY]
    contribution = [weights[c] * float(r[c]) / total for c in COMPONENTS]
    return pd.DataFrame(
        {
            "component": shown,
            "measures": [", ".join(f"{m}={_fmt(r[m])}" for m in MEASURES[c]) for c in shown],
            "value": [float(r[c]) for c in shown],
            "weight": [weights[c] for c in shown],
            "contribution": [*contribution, mean * (factor - 1.0)],
            "source": [SOURCES[c] for c in shown],
        }
    )


def _fmt(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{value:.4g}"
