"""Burden sharing: who pays for collective defense, the Olson–Zeckhauser test, fair shares.

- :mod:`foedus.burden.shares`: membership by date; spending, GDP and population by
  member-year (SIPRI Military Expenditure Database from 1949, COW NMC from 1914); each
  member's share of the allies' spending and GDP; guideline compliance.
- :mod:`foedus.burden.olson`: the Olson–Zeckhauser (1966) rank test by year and its NATO
  1964 reproduction.
- :mod:`foedus.burden.allocate`: fair shares of a collective target by ability, benefit
  or an equal rate of GDP, within floors and ceilings.

Membership in a year follows the arrangement's entry and exit dates: by default a state
counts in a year if it was a member on 1 July (``rule="midyear"``); ``rule="any"`` counts
it if it was a member on any day of the year. Arrangements are built-in ones (by name,
e.g. "NATO", "CSTO", "ANZUS", "Rio Treaty") or ATOP 5.1 alliances as ``"atop:3180"``
(store source ``atop``, which ends in 2018). The data are read through
:mod:`foedus.data` (``read_sipri_milex``, ``read_nmc``, ``read_atop_members``,
``read_minimum_distance``); the computations take frames. Plots are in
:mod:`foedus.plotting`.
"""

from foedus.burden.allocate import (
    ALLOCATION_RULES,
    ability_weights,
    allocate,
    benefit_weights,
    fair_shares,
    parse_target,
    proximity,
    shares_table,
)
from foedus.burden.olson import OLSON_ZECKHAUSER_1966, olson_zeckhauser, olson_zeckhauser_1964
from foedus.burden.shares import (
    GUIDELINES,
    NMC_FIRST_YEAR,
    POPULATION_CARRY_YEARS,
    RULES,
    burden,
    burden_summary,
    burden_table,
    check_thresholds,
    member_years,
    membership,
    spending,
    threshold_column,
)

__all__ = [
    "ALLOCATION_RULES",
    "GUIDELINES",
    "NMC_FIRST_YEAR",
    "OLSON_ZECKHAUSER_1966",
    "POPULATION_CARRY_YEARS",
    "RULES",
    "ability_weights",
    "allocate",
    "benefit_weights",
    "burden",
    "burden_summary",
    "burden_table",
    "check_thresholds",
    "fair_shares",
    "member_years",
    "membership",
    "olson_zeckhauser",
    "olson_zeckhauser_1964",
    "parse_target",
    "proximity",
    "shares_table",
    "spending",
    "threshold_column",
]
