"""Short names (the CLI's ``--add``) of the peacesciencer-parity verbs, merged into
:data:`foedus.panels.verbs.VERBS`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from foedus.panels.codes import add_ccode_to_gw, add_gwcode_to_cow
from foedus.panels.conflict_extra import (
    add_arms_races,
    add_intrastate_wars,
    add_ucdp_acd,
    add_ucdp_onsets,
)
from foedus.panels.leaders import add_gml_leader_mids, add_lead, add_lwuf
from foedus.panels.similarity import add_alignment

MORE_VERBS: dict[str, Callable[..., Any]] = {
    "democracy": add_democracy,
    "sdp-gdp": add_sdp_gdp,
    "trade": add_cow_trade,
    "creg": add_creg_fractionalization,
    "rugged": add_rugged_terrain,
    "terrthreat": add_latent_territorial_threat,
    "archigos": add_archigos,
    "maoz-powers": add_maoz_powers,
    "intra-wars": add_intrastate_wars,
    "arms-races": add_arms_races,
    "ucdp-acd": add_ucdp_acd,
    "ucdp-onsets": add_ucdp_onsets,
    "gwcode": add_gwcode_to_cow,
    "ccode": add_ccode_to_gw,
    "alignment": add_alignment,
    "lead": add_lead,
    "lwuf": add_lwuf,
    "gml-leader-mids": add_gml_leader_mids,
}
# of those, the verbs that apply to state-year (and leader-year) panels
MORE_STATE_VERBS = (
    "democracy",
    "sdp-gdp",
    "trade",
    "creg",
    "rugged",
    "terrthreat",
    "archigos",
    "maoz-powers",
    "intra-wars",
    "ucdp-acd",
    "ucdp-onsets",
    "gwcode",
    "ccode",
    "lead",
    "lwuf",
)
