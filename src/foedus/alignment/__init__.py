"""Similarity of foreign-policy portfolios: S, tau-b, Cohen's kappa, Scott's pi, UN votes.

Every alliance measure here is a function of one contingency table per dyad: ``T[v, u]``
is the (capability-weighted) number of third states ``k`` that state ``i`` codes ``v`` and
state ``j`` codes ``u``.

Modules: :mod:`~foedus.alignment.measures` (the measures on two portfolios and on
tables), :mod:`~foedus.alignment.portfolios` (all dyads of a year as matrix products),
:mod:`~foedus.alignment.similarity` (dyad-years from the store: ATOP 5.1 through
:func:`foedus.dyads.load_atop_ties`, CINC from COW NMC, UN ideal points).
"""

from foedus.alignment.measures import (
    chance_corrected,
    cohen_kappa,
    s_score,
    scott_pi,
    tau_b,
    tau_b_from_tables,
)
from foedus.alignment.portfolios import (
    YearPortfolios,
    alliance_codes,
    build_portfolios,
    home_regions,
    pair_tables,
    regional_domain,
    year_measures,
)
from foedus.alignment.similarity import (
    ALLIANCE_METHODS,
    CODINGS,
    DISTANCES,
    DOMAINS,
    METHODS,
    UN_ESTIMATES,
    atop_years,
    dyad_similarity,
    portfolios,
    similarity,
    un_from_points,
    un_similarity,
)

__all__ = [
    "ALLIANCE_METHODS",
    "CODINGS",
    "DISTANCES",
    "DOMAINS",
    "METHODS",
    "UN_ESTIMATES",
    "YearPortfolios",
    "alliance_codes",
    "atop_years",
    "build_portfolios",
    "chance_corrected",
    "cohen_kappa",
    "dyad_similarity",
    "home_regions",
    "pair_tables",
    "portfolios",
    "regional_domain",
    "s_score",
    "scott_pi",
    "similarity",
    "tau_b",
    "tau_b_from_tables",
    "un_from_points",
    "un_similarity",
    "year_measures",
]
