"""foedus: the international system of military cooperation, as data and models.

The public API is re-exported here lazily, so ``import foedus`` stays fast: each name is
imported from its module on first use.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Store": "foedus.store",
    "FoedusError": "foedus.errors",
    "State": "foedus.states",
    "resolve": "foedus.states",
    "members_on": "foedus.states",
    "in_system": "foedus.states",
    "arrangements": "foedus.arrangements",
    "members": "foedus.arrangements",
    "events": "foedus.arrangements",
    "find_arrangement": "foedus.arrangements",
    "who_defends": "foedus.commitments",
    "obligations_on": "foedus.commitments",
    "atop_obligations": "foedus.commitments",
    "Scenario": "foedus.casus",
    "triggered": "foedus.casus",
    "cascade": "foedus.cascade",
    "simulate": "foedus.cascade",
    "explain": "foedus.cascade",
    "run_scenario": "foedus.cascade",
    "honour_probabilities": "foedus.cascade",
    "calibrated_probabilities": "foedus.reliability",
    "sweep": "foedus.sweep",
    "dask_executor": "foedus.sweep",
    "contiguous_pairs": "foedus.sweep",
    "import_source": "foedus.sources",
    "fetch": "foedus.sources.fetch",
    "catalog": "foedus.sources.catalog",
    "burden": "foedus.burden",
    "burden_summary": "foedus.burden",
    "olson_zeckhauser": "foedus.burden",
    "allocate": "foedus.burden",
    "wars": "foedus.wars",
    "find_war": "foedus.wars",
    "reliability_rates": "foedus.reliability",
    "reliability_cases": "foedus.reliability",
    "calibrated_honour_probabilities": "foedus.reliability",
    "state_years": "foedus.panels",
    "dyad_years": "foedus.panels",
    "add_atop_alliance": "foedus.panels",
    "add_nmc": "foedus.panels",
    "add_contiguity": "foedus.panels",
    "add_cow_majors": "foedus.panels",
    "add_cow_mids": "foedus.panels",
    "add_gml_mids": "foedus.panels",
    "add_cow_wars": "foedus.panels",
    "add_capital_distance": "foedus.panels",
    "add_minimum_distance": "foedus.panels",
    "add_igos": "foedus.panels",
    "add_dcas": "foedus.panels",
    "add_exercises": "foedus.panels",
    "add_arms_transfers": "foedus.panels",
    "add_ideal_point_distance": "foedus.panels",
    "add_sipri_milex": "foedus.panels",
    "add_us_troops": "foedus.panels",
    "add_rivalries": "foedus.panels",
    "add_peace_years": "foedus.panels",
    "panel_type": "foedus.panels",
    "add_alignment": "foedus.panels",
    "add_archigos": "foedus.panels",
    "add_arms_races": "foedus.panels",
    "add_ccode_to_gw": "foedus.panels",
    "add_cow_trade": "foedus.panels",
    "add_creg_fractionalization": "foedus.panels",
    "add_democracy": "foedus.panels",
    "add_gml_leader_mids": "foedus.panels",
    "add_gwcode_to_cow": "foedus.panels",
    "add_intrastate_wars": "foedus.panels",
    "add_latent_territorial_threat": "foedus.panels",
    "add_lead": "foedus.panels",
    "add_lwuf": "foedus.panels",
    "add_maoz_powers": "foedus.panels",
    "add_rugged_terrain": "foedus.panels",
    "add_sdp_gdp": "foedus.panels",
    "add_ucdp_acd": "foedus.panels",
    "add_ucdp_onsets": "foedus.panels",
    "cite": "foedus.panels",
    "dispute_years": "foedus.panels",
    "leader_days": "foedus.panels",
    "leader_dyad_years": "foedus.panels",
    "leader_years": "foedus.panels",
    "state_days": "foedus.panels",
    "whittle_conflicts": "foedus.panels",
    "atop_ties": "foedus.dyads",
    "similarity": "foedus.alignment",
    "dyad_similarity": "foedus.alignment",
    "un_similarity": "foedus.alignment",
    "s_score": "foedus.alignment",
    "tau_b": "foedus.alignment",
    "cohen_kappa": "foedus.alignment",
    "scott_pi": "foedus.alignment",
    "network": "foedus.networks",
    "network_metrics": "foedus.networks",
    "network_ties": "foedus.networks",
    "centrality": "foedus.networks",
    "indirect_allies": "foedus.networks",
    "to_networkx": "foedus.networks",
    "ties": "foedus.partners",
    "ties_coverage": "foedus.partners",
    "partners": "foedus.partners",
    "coalition": "foedus.partners",
    "region": "foedus.partners",
    "region_states": "foedus.partners",
    "posture": "foedus.partners",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'foedus' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


class _Package(types.ModuleType):
    """The foedus package: a public name stays the function even when a submodule shares it.

    Importing a submodule (``foedus.burden``) binds it as an attribute of its package, which
    would hide the public function of the same name; here such a binding is dropped (the
    submodule stays importable through ``sys.modules`` and ``from foedus.burden import x``).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            self.__dict__.pop(name, None)
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
