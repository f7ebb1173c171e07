"""Alliance reliability: did allies keep their word when the casus foederis was met?

Every COW inter-state war (Sarkees & Wayman 2010, COW Inter-State War v4.0) and every ATOP
5.1 obligation (Leeds et al. 2002) at stake in it, coded by the same casus foederis code the
cascade simulator uses, as the published studies code them: Leeds, Long & Mitchell (2000),
"Reevaluating Alliance Reliability: Specific Threats, Specific Promises", Journal of
Conflict Resolution 44(5): 686-699; Berkemeier & Fuhrmann (2018), "Reassessing the
fulfillment of alliance commitments in war", Research & Politics 5(2).

- :mod:`~foedus.reliability.wars`: the wars as casus scenarios;
- :mod:`~foedus.reliability.coding`: each obligation at stake and its casus;
- :mod:`~foedus.reliability.verdicts`: what each obligor did, and its verdict;
- :mod:`~foedus.reliability.cases`: cases (alliance x war), aggregates, the store API;
- :mod:`~foedus.reliability.published`: the published comparison and the calibration.

See docs/reliability.md for the method.
"""

from foedus.reliability.cases import (
    ALLIANCE_RULES,
    BY,
    CASE_COLUMNS,
    PLEDGE_COLUMNS,
    aggregate,
    case_pledges,
    code_cases,
    coded_obligations,
    historical_obligations,
    reliability_cases,
    reliability_pledges,
)
from foedus.reliability.coding import (
    ASSESSED_TYPES,
    casus_status,
    formal_invocations,
    later_wars,
    obligations_at_stake,
    war_conflicts,
)
from foedus.reliability.published import (
    PUBLISHED,
    calibrated_honour_probabilities,
    calibrated_probabilities,
    case_honour_rates,
    era_probabilities,
    published_comparison,
    reliability_rates,
)
from foedus.reliability.verdicts import (
    UNKNOWN_RULES,
    code_obligations,
    obligor_in_system,
    unspecified_unknown,
)
from foedus.reliability.wars import (
    conflict_name,
    cow_theatre,
    entry_rounds,
    war_participation,
    war_scenario,
    war_theatre,
)

__all__ = [
    "ALLIANCE_RULES",
    "ASSESSED_TYPES",
    "BY",
    "CASE_COLUMNS",
    "PLEDGE_COLUMNS",
    "PUBLISHED",
    "UNKNOWN_RULES",
    "aggregate",
    "calibrated_honour_probabilities",
    "calibrated_probabilities",
    "case_honour_rates",
    "case_pledges",
    "casus_status",
    "code_cases",
    "code_obligations",
    "coded_obligations",
    "conflict_name",
    "cow_theatre",
    "entry_rounds",
    "era_probabilities",
    "formal_invocations",
    "historical_obligations",
    "later_wars",
    "obligations_at_stake",
    "obligor_in_system",
    "published_comparison",
    "reliability_cases",
    "reliability_pledges",
    "reliability_rates",
    "unspecified_unknown",
    "war_conflicts",
    "war_participation",
    "war_scenario",
    "war_theatre",
]
