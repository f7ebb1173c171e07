"""How likely a triggered pledge is honoured: published rates by type and era, or calibrated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from foedus.errors import FoedusError
from foedus.vocab import ERAS, era_of, published_rate

if TYPE_CHECKING:
    from foedus.store import Store

# Published honouring rates (foedus.vocab.PUBLISHED_RATES). Leeds, Long & Mitchell (2000),
# "Reevaluating Alliance Reliability", JCR 44(5): 74.5% of alliance commitments honoured
# 1816-1944 (context). Berkemeier & Fuhrmann (2018), "Reassessing the fulfillment of
# alliance commitments in war", Research & Politics 5(2): 73 of 146 = 50.0% honoured
# 1816-2003; by type defense 41.2%, offense 73.8%, neutrality 77.8%, non-aggression 36.7%;
# by era 66.3% before 1945 and 22.2% after. Consultation pledges are not coded there (they
# never pull a state in).
HONOUR_RATES: dict = {
    "overall": published_rate("overall"),
    "type": {t: published_rate(t) for t in ("defense", "offense", "neutrality", "nonaggression")},
    "era": {e: published_rate(e) for e in ERAS},
}


def _odds(p: float) -> float:
    return p / (1.0 - p)


def honour_probabilities(
    year: int, overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Probability that a triggered pledge of each type is honoured in ``year``.

    Parameters
    ----------
    year
        The war's year; its era (:func:`foedus.vocab.era_of`) picks the era rate.
    overrides
        Type -> probability replacing any of the defaults.

    Returns
    -------
    dict of str to float
        Defense, offense, neutrality and nonaggression: the type rate and the era rate of
        Berkemeier & Fuhrmann (2018) combined on the odds scale,
        ``odds = odds(type) * odds(era) / odds(overall)`` (independent effects; e.g.
        defense before 1945 = 0.58, after = 0.17).

    References
    ----------
    Berkemeier & Fuhrmann (2018), Research & Politics 5(2).
    """
    era = era_of(year)
    base = _odds(HONOUR_RATES["era"][era]) / _odds(HONOUR_RATES["overall"])
    out = {t: (o := _odds(p) * base) / (1.0 + o) for t, p in HONOUR_RATES["type"].items()}
    for kind, p in (overrides or {}).items():
        if kind not in out or not 0.0 <= float(p) <= 1.0:
            raise FoedusError(
                f"honour probability {kind}={p} invalid; accepted: "
                f"{', '.join(out)} with a value in [0, 1]"
            )
        out[kind] = float(p)
    return out


def resolve_probabilities(
    year: int, probabilities: Mapping[str, float] | str | None, store: Store | None = None
) -> dict[str, float]:
    """``probabilities`` as a type -> probability mapping: overrides of the published rates,
    or ``"calibrated"``: :func:`foedus.reliability.calibrated_probabilities` read from
    ``store`` (the published rates when ATOP or COW wars are not loaded)."""
    if isinstance(probabilities, str):
        if probabilities != "calibrated":
            raise FoedusError(
                f"probabilities={probabilities!r} invalid; accepted: 'calibrated' or a "
                "mapping type -> probability"
            )
        from foedus.errors import NotLoadedError
        from foedus.reliability import calibrated_probabilities

        try:
            return {**honour_probabilities(year), **calibrated_probabilities(year, store)}
        except NotLoadedError:
            return honour_probabilities(year)
    return honour_probabilities(year, probabilities)
