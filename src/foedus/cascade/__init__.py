"""Crisis cascades: joiners become belligerents and may trigger their own partners' pledges.

Round by round to a fixpoint, every obligation whose casus foederis is met (the same
:mod:`foedus.casus` evaluation) brings its obligor into the war on its beneficiary's
side: defense and offense pledges pull obligors in; neutrality pledges bind them to stay
out (flagged, not enforced); a state pulled toward both sides in one round joins the
target side and is flagged. Conditions whose status is unknown hold the pledge back
(``unknown="unmet"``) or count as met (``unknown="met"``).

:func:`cascade` is the deterministic path (:mod:`foedus.cascade.deterministic`): every
pledge honoured, each entrant's round and the obligations that brought it in.
:func:`simulate` is the Monte Carlo path (:mod:`foedus.cascade.montecarlo`): each
triggered pledge is honoured with a probability by obligation type and era (see
:data:`HONOUR_RATES`), vectorised over runs (runs x states arrays; no loop per run).
The engines are pure functions over frames; :func:`simulate` and :func:`run_scenario`
read CINC (and calibrated rates) through :mod:`foedus.data` when asked to.
"""

from foedus.cascade.deterministic import CascadeResult, cascade, explain
from foedus.cascade.montecarlo import Draws, monte_carlo
from foedus.cascade.probabilities import HONOUR_RATES, honour_probabilities, resolve_probabilities
from foedus.cascade.report import SimulationResult, run_scenario, simulate, summarise
from foedus.vocab import era_of

__all__ = [
    "HONOUR_RATES",
    "CascadeResult",
    "Draws",
    "SimulationResult",
    "cascade",
    "era_of",
    "explain",
    "honour_probabilities",
    "monte_carlo",
    "resolve_probabilities",
    "run_scenario",
    "simulate",
    "summarise",
]
