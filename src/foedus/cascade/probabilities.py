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


def calibrated_probabilities(year: int, store: Store | None = None) -> dict[str, float]:
    """Honouring probability by type for ``year``, calibrated on history when possible.

    Parameters
    ----------
    year
        The war's year (its era, :func:`foedus.vocab.era_of`).
    store
        The store (default: the user's store).

    Returns
    -------
    dict of str to float
        With ATOP 5.1 and COW Inter-State War v4.0 in the store: the honoured shares of
        :func:`foedus.reliability.calibrated_honour_probabilities` for the year's era.
        Without them: the published defaults of :func:`honour_probabilities`.
    """
    from foedus.data.partners import loaded_sources

    if loaded_sources(("atop", "cow_war"), store) != {"atop", "cow_war"}:
        return honour_probabilities(year)
    from foedus.reliability import calibrated_honour_probabilities

    era = era_of(year)
    rates = calibrated_honour_probabilities(store)
    return {**honour_probabilities(year), **{t: p for (t, e), p in rates.items() if e == era}}


def resolve_probabilities(
    year: int, probabilities: Mapping[str, float] | str | None, store: Store | None = None
) -> dict[str, float]:
    """``probabilities`` as a type -> probability mapping: overrides of the published rates,
    or ``"calibrated"`` (:func:`calibrated_probabilities`, reading ``store``)."""
    if isinstance(probabilities, str):
        if probabilities != "calibrated":
            raise FoedusError(
                f"probabilities={probabilities!r} invalid; accepted: 'calibrated' or a "
                "mapping type -> probability"
            )
        return calibrated_probabilities(year, store)
    return honour_probabilities(year, probabilities)
