"""State-year and dyad-year panels and their ``add_*`` verbs.

The design follows peacesciencer (Miller 2022, "peacesciencer: An R Package for
Quantitative Peace Science Research", Conflict Management and Peace Science 39(6)):
:func:`state_years` and :func:`dyad_years` build the row universe, and each ``add_*``
verb takes a panel and returns a new one with that dataset's columns added, so verbs chain
with pandas' ``pipe``::

    (foedus.dyad_years(years=(1816, 2010))
        .pipe(add_atop_alliance).pipe(add_nmc).pipe(add_peace_years))

A panel is a frame keyed by ``ccode, year`` or ``gwcode, year`` (state-years) or
``ccode1, ccode2, year`` or ``gwcode1, gwcode2, year`` (dyad-years; undirected panels hold
each pair once with ``code1 < code2``, directed ones both orders). A pandas panel records
its type (unit, code system, directed or not) in ``attrs["panel"]`` (:func:`panel_type`);
verbs keep the panel's rows, order and type, and give pandas back for pandas and polars for
polars. Column names and meanings match peacesciencer's where they overlap, and
``add(..., peacesciencer=True)`` gives peacesciencer's values where the two differ by
choice (docs/data.md).

Missing is not zero: outside a dataset's years (ATOP after 2018, COW major powers after
2016, ...) a verb's columns are null. Verbs for slowly changing attributes take
``carry_forward=True`` to reuse the dataset's last year for later years instead. Codes are
translated between the COW and Gleditsch–Ward systems year by year through the built-in
crosswalk (:func:`foedus.states.state_table`) when a source and a panel use different
systems. Every store read goes through :mod:`foedus.data` (``foedus.data.cow``,
``foedus.data.atop``, ``foedus.data.cooperation``).

Modules: :mod:`~foedus.panels.universe` (the rows), :mod:`~foedus.panels.alliances`,
:mod:`~foedus.panels.status`, :mod:`~foedus.panels.conflict` (the verbs by topic),
:mod:`~foedus.panels.verbs` (verbs by name), ``_join`` (how a source table meets a panel);
the peacesciencer-parity verbs in :mod:`~foedus.panels.attributes` (democracy, GDP/SDP,
trade, fractionalization, terrain, threat, leaders in office, Maoz powers),
:mod:`~foedus.panels.codes` (state-days, code crosswalk), :mod:`~foedus.panels.leaders`
(leader-years, leader-dyad-years, LEAD, LWUF), :mod:`~foedus.panels.conflict_extra`
(dispute-years and whittling, arms races, intra-state wars),
:mod:`~foedus.panels.similarity` (alignment) and :mod:`~foedus.panels.cite` (BibTeX).
"""

from foedus.data.cooperation import DCA_COLUMNS, SIPRI_MILEX_COLUMNS
from foedus.data.cow import NMC_COLUMNS
from foedus.dyads import FLAGS as ATOP_OBLIGATIONS
from foedus.panels._join import PanelType, panel_type
from foedus.panels.alliances import (
    ATOP_COLUMNS,
    add_arms_transfers,
    add_atop_alliance,
    add_dcas,
    add_exercises,
)
from foedus.panels.attributes import (
    add_archigos,
    add_cow_trade,
    add_creg_fractionalization,
    add_democracy,
    add_latent_territorial_threat,
    add_maoz_powers,
    add_rugged_terrain,
    add_sdp_gdp,
)
from foedus.panels.cite import cite
from foedus.panels.codes import add_ccode_to_gw, add_gwcode_to_cow, state_days
from foedus.panels.conflict import (
    add_cow_mids,
    add_cow_wars,
    add_gml_mids,
    add_peace_years,
    add_rivalries,
)
from foedus.panels.conflict_extra import (
    WHITTLE_RULES,
    add_arms_races,
    add_intrastate_wars,
    add_ucdp_acd,
    add_ucdp_onsets,
    dispute_years,
    whittle_conflicts,
)
from foedus.panels.leaders import (
    add_gml_leader_mids,
    add_lead,
    add_lwuf,
    leader_days,
    leader_dyad_years,
    leader_years,
)
from foedus.panels.similarity import add_alignment
from foedus.panels.status import (
    EARTH_RADIUS_KM,
    WGS84_RADIUS_KM,
    add_capital_distance,
    add_contiguity,
    add_cow_majors,
    add_ideal_point_distance,
    add_igos,
    add_minimum_distance,
    add_nmc,
    add_sipri_milex,
    add_us_troops,
)
from foedus.panels.universe import dyad_years, state_years
from foedus.panels.verbs import CARRY_FORWARD, PEACESCIENCER, STATE_VERBS, VERBS, add

__all__ = [
    "ATOP_COLUMNS",
    "ATOP_OBLIGATIONS",
    "CARRY_FORWARD",
    "DCA_COLUMNS",
    "EARTH_RADIUS_KM",
    "NMC_COLUMNS",
    "PEACESCIENCER",
    "SIPRI_MILEX_COLUMNS",
    "STATE_VERBS",
    "VERBS",
    "WGS84_RADIUS_KM",
    "WHITTLE_RULES",
    "PanelType",
    "add",
    "add_alignment",
    "add_archigos",
    "add_arms_races",
    "add_arms_transfers",
    "add_atop_alliance",
    "add_capital_distance",
    "add_ccode_to_gw",
    "add_contiguity",
    "add_cow_majors",
    "add_cow_mids",
    "add_cow_trade",
    "add_cow_wars",
    "add_creg_fractionalization",
    "add_dcas",
    "add_democracy",
    "add_exercises",
    "add_gml_leader_mids",
    "add_gml_mids",
    "add_gwcode_to_cow",
    "add_ideal_point_distance",
    "add_igos",
    "add_intrastate_wars",
    "add_latent_territorial_threat",
    "add_lead",
    "add_lwuf",
    "add_maoz_powers",
    "add_minimum_distance",
    "add_nmc",
    "add_peace_years",
    "add_rivalries",
    "add_rugged_terrain",
    "add_sdp_gdp",
    "add_sipri_milex",
    "add_ucdp_acd",
    "add_ucdp_onsets",
    "add_us_troops",
    "cite",
    "dispute_years",
    "dyad_years",
    "leader_days",
    "leader_dyad_years",
    "leader_years",
    "panel_type",
    "state_days",
    "state_years",
    "whittle_conflicts",
]
