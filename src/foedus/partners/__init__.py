"""Partners and coalitions: every tie between two states, who to seek against a threat,
which coalition balances it best, regions and force posture (see docs/partners.md)."""

from foedus.partners.ties import depth, ties, ties_coverage

__all__ = ["depth", "ties", "ties_coverage"]
