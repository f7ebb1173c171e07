"""The coded rates beside the published ones, and the calibrated honouring probabilities.

The published figures are :data:`foedus.vocab.PUBLISHED_RATES`: Berkemeier & Fuhrmann
(2018), "Reassessing the fulfillment of alliance commitments in war", Research & Politics
5(2) (ATOP x COW wars 1816-2003 by Leeds, Long & Mitchell's procedures), and Leeds, Long &
Mitchell (2000), "Reevaluating Alliance Reliability", Journal of Conflict Resolution 44(5):
686-699 (74.5% honoured, 1816-1944).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from foedus.reliability.cases import _rates, aggregate, reliability_cases
from foedus.reliability.coding import ASSESSED_TYPES
from foedus.vocab import ERAS, PUBLISHED_RATES, era_of

if TYPE_CHECKING:
    from foedus.store import Store

PUBLISHED = pd.DataFrame(
    list(PUBLISHED_RATES),
    columns=["measure", "published_honoured", "published_cases", "published_rate", "study"],
)
# the last year of Berkemeier & Fuhrmann's wars (their span: 1816-2003)
_BF_LAST_YEAR = 2003
_COMPARISON = [
    "measure",
    "cases",
    "honoured",
    "rate",
    "study",
    "published_cases",
    "published_honoured",
    "published_rate",
    "rate_diff",
    "cases_diff",
]


def published_comparison(cases: pd.DataFrame) -> pd.DataFrame:
    """Our rates beside Berkemeier & Fuhrmann (2018) and Leeds, Long & Mitchell (2000).

    Parameters
    ----------
    cases
        Reliability cases (:func:`foedus.reliability.code_cases`).

    Returns
    -------
    pandas.DataFrame
        measure, cases, honoured, rate, study, published_cases, published_honoured,
        published_rate, rate_diff (percentage points), cases_diff (percent of published);
        one row per published measure we compute: overall, the two eras and the four
        pledge types over wars begun 1816-2003, and ``1816-1944`` over the pre-1945
        cases (LLM's span).

    References
    ----------
    Berkemeier & Fuhrmann (2018), Research & Politics 5(2); Leeds, Long & Mitchell
    (2000), Journal of Conflict Resolution 44(5): 686-699.
    """
    bf = cases[cases["war_start"].dt.year <= _BF_LAST_YEAR]
    rows = [
        _rates(bf.assign(measure="overall"), "measure"),
        _rates(bf.assign(measure=bf["era"].astype(str)), "measure"),
        aggregate(bf, "type").set_index("type"),
        _rates(cases[cases["era"] == ERAS[0]].assign(measure="1816-1944"), "measure"),
    ]
    ours = pd.concat(rows).rename_axis("measure").reset_index()
    measures = ("overall", *ERAS, *ASSESSED_TYPES, "1816-1944")
    out = PUBLISHED[PUBLISHED["measure"].isin(measures)].merge(ours, on="measure", how="left")
    out["published_rate"] = (100.0 * out["published_rate"]).round(1)
    out["rate_diff"] = (out["rate"] - out["published_rate"]).round(1)
    out["cases_diff"] = (
        100.0 * (out["cases"] - out["published_cases"]) / out["published_cases"]
    ).round(1)
    return out[_COMPARISON].astype({"published_cases": "Int64", "published_honoured": "Int64"})


def reliability_rates(
    store: Store | None = None,
    years: str | tuple[int, int] | None = None,
    by: str | None = None,
    war: int | None = None,
    rule: str = "all",
    unknown: str = "unmet",
    exclude: Iterable[int] = (),
) -> pd.DataFrame:
    """Honoured share of the cases of :func:`foedus.reliability.reliability_cases`.

    Parameters
    ----------
    store, years, war, rule, unknown, exclude
        As for :func:`foedus.reliability.reliability_cases`.
    by
        ``type``, ``era``, ``alliance``, ``size`` or ``war``: one row per group
        (:func:`foedus.reliability.aggregate`); None: the overall, era and type rates
        beside the published ones (:func:`published_comparison`).

    Returns
    -------
    pandas.DataFrame
        The rates table.
    """
    table = reliability_cases(
        store, years=years, war=war, rule=rule, unknown=unknown, exclude=exclude
    )
    return published_comparison(table) if by is None else aggregate(table, by)


def case_honour_rates(
    cases: pd.DataFrame, prior_weight: float = 5.0
) -> dict[tuple[str, str], float]:
    """Honoured share of cases by (type, era), each cell shrunk toward its type's share.

    Parameters
    ----------
    cases
        Reliability cases (:func:`foedus.reliability.code_cases`); a case counts under
        every type in its ``types`` (as in :func:`foedus.reliability.aggregate`).
    prior_weight
        Pseudo-cases of the type's share over both eras added to each cell,
        ``(h + w p) / (n + w)``, so thin cells (few post-1945 offense cases) stay near the
        type's record instead of jumping to 0 or 1.

    Returns
    -------
    dict
        ``{(type, era): probability}``, types of the assessed obligations and eras of
        :data:`foedus.vocab.ERAS` (e.g. ``("defense", "pre-1945")``).
    """
    long = cases.assign(type=cases["types"]).explode("type")
    long = long[long["type"].isin(ASSESSED_TYPES)]
    honoured = long["verdict"].eq("honoured")
    overall = honoured.groupby(long["type"]).mean()
    cells = honoured.groupby([long["type"], long["era"].astype(str)])
    count, kept = cells.size(), cells.sum()

    def rate(kind: str, era: str) -> float:
        n = count.get((kind, era), 0)
        if n == 0:  # no case: the type's share, the formula's limit at n = 0 (also for w = 0)
            return float(overall[kind])
        return float((kept[(kind, era)] + prior_weight * overall[kind]) / (n + prior_weight))

    return {
        (str(kind), era): rate(kind, era)
        for kind in ASSESSED_TYPES
        if kind in overall.index
        for era in ERAS
    }


def era_probabilities(
    cases: pd.DataFrame, year: int, prior_weight: float = 5.0
) -> dict[str, float]:
    """Honouring probability by pledge type for the era of ``year``, from coded cases.

    Parameters
    ----------
    cases
        Reliability cases (:func:`foedus.reliability.code_cases`).
    year
        Any year; its era is :func:`foedus.vocab.era_of` (``pre-1945`` before 1945).
    prior_weight
        As for :func:`case_honour_rates`.

    Returns
    -------
    dict
        ``{type: probability}`` for the pledge types with cases (defense, offense,
        neutrality, nonaggression on the full record).

    References
    ----------
    Leeds, Long & Mitchell (2000), Journal of Conflict Resolution 44(5): 686-699;
    Berkemeier & Fuhrmann (2018), Research & Politics 5(2).
    """
    era = era_of(int(year))
    rates = case_honour_rates(cases, prior_weight)
    return {kind: p for (kind, e), p in rates.items() if e == era}


def calibrated_probabilities(year: int, store: Store | None = None) -> dict[str, float]:
    """The simulator's honouring probability by pledge type for ``year``, from history.

    Every ATOP 5.1 obligation at stake in every COW inter-state war, coded by the
    published method (:func:`foedus.reliability.reliability_cases`, ``rule="all"``), its
    honoured share by type in the era of ``year`` (:func:`foedus.vocab.era_of`, the war's
    start year splitting the cases), smoothed by :func:`case_honour_rates`
    (:func:`era_probabilities`).

    Parameters
    ----------
    year
        The year of the scenario; only its era matters.
    store
        The store holding ``atop`` and ``cow_war`` (default: ``Store()``), read through
        :mod:`foedus.data`.

    Returns
    -------
    dict
        ``{type: probability}``: defense, offense, neutrality, nonaggression.

    Raises
    ------
    foedus.errors.NotLoadedError
        When ``atop`` or ``cow_war`` is not in the store (a caller that wants a default
        falls back on the published rates, :data:`foedus.vocab.PUBLISHED_RATES`).

    References
    ----------
    Leeds, Long & Mitchell (2000), Journal of Conflict Resolution 44(5): 686-699;
    Berkemeier & Fuhrmann (2018), Research & Politics 5(2).
    """
    return era_probabilities(reliability_cases(store), year)


def calibrated_honour_probabilities(
    store: Store | None = None, rule: str = "all", unknown: str = "unmet"
) -> dict[tuple[str, str], float]:
    """Honouring probability by (type, era) for the cascade simulator, from history.

    The one calibrated source of the simulator's honouring probabilities: the honoured
    share of :func:`foedus.reliability.reliability_cases` (ATOP 5.1 obligations in every
    COW inter-state war) by obligation type and era, smoothed by
    :func:`case_honour_rates`.

    Parameters
    ----------
    store
        The store holding ``atop`` and ``cow_war`` (default: ``Store()``).
    rule, unknown
        As for :func:`foedus.reliability.reliability_cases`.

    Returns
    -------
    dict
        ``{(type, era): probability}``: types defense, offense, neutrality,
        nonaggression; eras :data:`foedus.vocab.ERAS` by the war's start year
        (:func:`foedus.vocab.era_of`).

    References
    ----------
    Leeds, Long & Mitchell (2000), Journal of Conflict Resolution 44(5): 686-699;
    Berkemeier & Fuhrmann (2018), Research & Politics 5(2).
    """
    return case_honour_rates(reliability_cases(store, rule=rule, unknown=unknown))
