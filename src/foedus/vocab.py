"""The one vocabulary of foedus: every module imports these words and none redefines them.

Obligation types and their ATOP 5.1 flag names (Leeds et al. 2002; ATOP 5.1 codebook,
member-level file), the conditions an obligation can carry, the reliability eras, the
kinds of arrangement, the network layers and the published alliance-reliability rates the
simulator and the reliability coder compare against.
"""

from __future__ import annotations

# -- obligations ---------------------------------------------------------------------------
OBLIGATION_TYPES: tuple[str, ...] = (
    "defense",
    "offense",
    "neutrality",
    "nonaggression",
    "consultation",
)
# obligation type -> ATOP 5.1 member-file flag (also the peacesciencer column suffix)
ATOP_FLAGS: dict[str, str] = {
    "defense": "defense",
    "offense": "offense",
    "neutrality": "neutral",
    "nonaggression": "nonagg",
    "consultation": "consul",
}
# obligation type -> prefix of its ATOP condition variables (defcon, defcoloc, ...); None: none
ATOP_CONDITION_PREFIX: dict[str, str | None] = {
    "defense": "defco",
    "offense": "offco",
    "neutrality": "neuco",
    "nonaggression": None,
    "consultation": "conco",
}
# the sources of the obligations frame (its ``source`` column): ATOP 5.1 and the built-in set
OBLIGATION_SOURCES: tuple[str, ...] = ("ATOP 5.1", "built-in")
# what honouring each type asks of the obligor
ROLES: dict[str, str] = {
    "defense": "defend target",
    "offense": "join attacker",
    "neutrality": "stay neutral",
    "nonaggression": "refrain from attacking",
    "consultation": "consult",
}
# obligation types whose honouring means entering the war
JOIN_TYPES: tuple[str, ...] = ("defense", "offense")

# the condition columns of the obligation model (``cond_<name>``)
OBLIGATION_CONDITIONS: tuple[str, ...] = (
    "location",
    "adversary",
    "attackers_min",
    "nonprovocation",
    "conflict",
    "demands",
    "other",
    "unspecified",
)
# the checks the casus engine reports, one per condition it evaluates
CASUS_CHECKS: tuple[str, ...] = (
    "event",
    "adversary",
    "attackers",
    "location",
    "provocation",
    "conflict",
    "demands",
    "unspecified",
)
SIDES: tuple[str, ...] = ("attacker", "target")  # side codes 1 and 2; 0 = not at war
#: an obligation's overall status in a scenario (``triggered``): its casus foederis is met,
#: unknown, or not met
TRIGGERED: tuple[str, ...] = ("yes", "unknown", "no")
#: the status of one condition of an obligation in a scenario (the ``cond_*`` columns)
CONDITION_STATUSES: tuple[str, ...] = ("met", "unknown", "not met")

# -- eras ----------------------------------------------------------------------------------
ERAS: tuple[str, ...] = ("pre-1945", "post-1945")


def era_of(year: int) -> str:
    """The reliability era of a year, split as the studies split it (by a war's start year)."""
    return ERAS[0] if year < 1945 else ERAS[1]


#: A reliability case's verdict (Leeds, Long & Mitchell 2000): the alliance's pledges were
#: honoured or violated in the war.
VERDICTS: tuple[str, ...] = ("honoured", "violated")


# -- arrangements and networks ---------------------------------------------------------------
KINDS: tuple[str, ...] = (
    "defense_pact",
    "offense_pact",
    "neutrality_pact",
    "nonaggression_pact",
    "consultation_pact",
    "defense_cooperation_agreement",
    "intelligence_sharing",
    "joint_exercise_programme",
    "integrated_defense_system",
    "regional_security_organisation",
    "defense_technology_cooperation",
)
# network layers: the obligation types, any alliance, the store-backed layers, and the
# built-in kinds by their kind names (the same words as ``KINDS``)
NETWORK_LAYERS: tuple[str, ...] = (
    *OBLIGATION_TYPES,
    "alliance",
    "dca",
    "arms",
    "igo",
    "exercises",
    "intelligence_sharing",
    "integrated_defense_system",
    "regional_security_organisation",
)

# -- published alliance reliability --------------------------------------------------------
# Berkemeier & Fuhrmann (2018), "Reassessing the fulfillment of alliance commitments in war",
# Research & Politics 5(2): ATOP x COW Interstate War data, 1816-2003, coded by Leeds, Long
# & Mitchell's (2000) procedures. Leeds, Long & Mitchell (2000), "Reevaluating Alliance
# Reliability", JCR 44(5): 74.5% honoured 1816-1944. Leeds & Anac (2005), International
# Interactions 31: LLM's cases recoded, 93 of 137 = 67.9%. (measure, honoured, cases, source)
PUBLISHED_RATES: tuple[tuple[str, int | None, int | None, float, str], ...] = (
    ("overall", 73, 146, 0.500, "Berkemeier & Fuhrmann 2018"),
    ("pre-1945", 61, 92, 0.663, "Berkemeier & Fuhrmann 2018"),
    ("post-1945", 12, 54, 0.222, "Berkemeier & Fuhrmann 2018"),
    ("defense", 42, 102, 0.412, "Berkemeier & Fuhrmann 2018"),
    ("offense", 31, 42, 0.738, "Berkemeier & Fuhrmann 2018"),
    ("neutrality", 35, 45, 0.778, "Berkemeier & Fuhrmann 2018"),
    ("nonaggression", 18, 49, 0.367, "Berkemeier & Fuhrmann 2018"),
    ("1816-1944", None, None, 0.745, "Leeds, Long & Mitchell 2000"),
    ("overall (LLM recoded)", 93, 137, 0.679, "Leeds & Anac 2005"),
)


def published_rate(measure: str) -> float:
    """The published honour rate of ``measure`` (a row of :data:`PUBLISHED_RATES`)."""
    for name, _, _, rate, _ in PUBLISHED_RATES:
        if name == measure:
            return rate
    raise KeyError(measure)


#: How a condition of unknown status counts, in scenarios and in reliability coding alike:
#: ``unmet`` (the default: the pledge is not triggered, so a reliability case is left out as
#: not applicable) or ``met``.
UNKNOWN_RULES = ("unmet", "met")

# -- state codes in public frames ------------------------------------------------------------
#: The column holding a state's code in every public frame, CLI file and JSON answer, by
#: state system: peacesciencer's names, ``ccode`` (Correlates of War) and ``gwcode``
#: (Gleditsch and Ward). A dyad's two states are ``ccode1``/``ccode2``; a state named by its
#: role carries the role as a prefix: ``obligor_ccode``, ``beneficiary_ccode``,
#: ``defender_ccode``, ``partner_ccode``.
CODE_COLUMNS: dict[str, str] = {"cow": "ccode", "gw": "gwcode"}
#: Names retired from public frames: the COW code is never ``cow_code``, ``code`` or a
#: ``*_code`` suffix, the G-W code never ``gw_code``.
RETIRED_CODE_COLUMNS: tuple[str, ...] = ("cow_code", "gw_code", "code")

#: the forms of tie whose density :func:`foedus.region` measures inside and across a region
#: (``any``: a tie of any of them); the agreements it lists are of the first three
REGION_FORMS: tuple[str, ...] = (
    "alliance pledge",
    "DCA",
    "shared arrangement",
    "joint exercise",
    "any",
)
