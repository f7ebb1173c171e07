"""Partners and coalitions: every tie between two states, who to seek against a threat,
which coalition balances it best, regions and force posture (see docs/partners.md)."""

from foedus.partners.coalition import coalition, solve
from foedus.partners.components import COMPONENTS
from foedus.partners.region import posture, region, region_states
from foedus.partners.score import PRESETS, WEIGHTS, explain_partner, partners, partners_coverage
from foedus.partners.ties import depth, ties, ties_coverage

__all__ = [
    "COMPONENTS",
    "PRESETS",
    "WEIGHTS",
    "coalition",
    "depth",
    "explain_partner",
    "partners",
    "partners_coverage",
    "posture",
    "region",
    "region_states",
    "solve",
    "ties",
    "ties_coverage",
]
