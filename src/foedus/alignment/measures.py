"""Similarity of two foreign-policy portfolios: S, tau-b, Cohen's kappa, Scott's pi.

Each measure here works on one contingency table (or a stack of them: the per-dyad
tables of :mod:`foedus.alignment.portfolios` use the same formulas); the two-portfolio
functions (:func:`s_score`, :func:`tau_b`, :func:`cohen_kappa`, :func:`scott_pi`) check
their arguments and name a bad one in a one-line :class:`~foedus.errors.FoedusError`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from foedus.errors import FoedusError, shown


# -- measures from observed distance and marginals -----------------------------------------
def _distances(values: np.ndarray, max_distance: float, squared: bool) -> np.ndarray:
    """d(v, u) for every pair of category values, scaled so the largest possible is 1."""
    d = np.abs(values[:, None] - values[None, :]) / max_distance
    return d**2 if squared else d


def chance_corrected(
    observed: np.ndarray, pa: np.ndarray, pb: np.ndarray, d: np.ndarray, pooled: bool
) -> np.ndarray:
    """1 − D_o / D_e: Cohen's kappa (``pooled=False``: D_e from each state's own marginal
    distribution ``pa``, ``pb`` of codes) or Scott's pi (``pooled=True``: from their
    average), as Häge (2011, "Choice or Circumstance? Adjusting Measures of Foreign Policy
    Similarity for Chance Agreement", Political Analysis 19(3): 287–305) defines them for
    valued portfolios.

    Parameters
    ----------
    observed
        D_o, the mean scaled distance, shape (...).
    pa, pb
        The two states' code distributions, category first, shape (V, ...).
    d
        (V, V) scaled distances between categories.
    pooled
        False: Cohen's kappa; True: Scott's pi.

    Returns
    -------
    numpy.ndarray
        1 − D_o / D_e, NaN where D_e is 0.
    """
    if pooled:
        pa = pb = (pa + pb) / 2
    expected = np.einsum("v...,vu,u...->...", pa, d, pb)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(expected > 0, 1.0 - observed / expected, np.nan)


def _table_parts(tables: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Observed mean distance and both marginal distributions of (V, V, ...) tables."""
    n = tables.sum(axis=(0, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.tensordot(d, tables, axes=([0, 1], [0, 1])) / n
        return observed, tables.sum(axis=1) / n, tables.sum(axis=0) / n


def tau_b_from_tables(tables: np.ndarray) -> np.ndarray:
    """Kendall's tau-b of contingency tables, as Bueno de Mesquita (1975, "Measuring
    Systemic Polarity", JCR 19(2): 187–216) applied it to alliance portfolios.

    Parameters
    ----------
    tables
        (V, V, ...) unweighted counts, codes in increasing order on both axes.

    Returns
    -------
    numpy.ndarray
        tau-b per table (...), NaN where a portfolio is constant.
    """
    cum = tables[::-1, ::-1].cumsum(axis=0).cumsum(axis=1)[::-1, ::-1]  # Σ_{v'≥v, u'≥u}
    below = tables[::-1].cumsum(axis=0)[::-1].cumsum(axis=1)  # Σ_{v'≥v, u'≤u}
    higher = np.zeros_like(tables)
    lower = np.zeros_like(tables)
    higher[:-1, :-1] = cum[1:, 1:]  # v' > v and u' > u: concordant
    lower[:-1, 1:] = below[1:, :-1]  # v' > v and u' < u: discordant
    s = (tables * (higher - lower)).sum(axis=(0, 1))
    n = tables.sum(axis=(0, 1))
    pairs = n * (n - 1) / 2
    rows, cols = tables.sum(axis=1), tables.sum(axis=0)
    tx = (rows * (rows - 1) / 2).sum(axis=0)
    ty = (cols * (cols - 1) / 2).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return s / np.sqrt((pairs - tx) * (pairs - ty))


# -- measures on two portfolios ------------------------------------------------------------
def _vector(value: object, what: str, n: int | None = None, nan: bool = False) -> np.ndarray:
    """``value`` as a 1-D float vector (of length ``n``), else a one-line error naming
    ``what``. NaN is accepted only when ``nan`` (weights: a missing dimension)."""
    if isinstance(value, str | bytes) or value is None:
        arr = None
    else:
        try:
            arr = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            arr = None
    length = "" if n is None else f" of length {n} (as a)"
    if arr is None or arr.ndim != 1:
        raise FoedusError(
            f"{what} {shown(value)} is not a vector of numbers; accepted: a 1-D "
            f"sequence of numbers{length}"
        )
    if n is not None and len(arr) != n:
        raise FoedusError(f"{what} has {len(arr)} values but a has {n}; accepted: a vector{length}")
    if n is None and len(arr) == 0:
        raise FoedusError(f"{what} is empty; accepted: a vector of one or more codes")
    bad = np.isinf(arr) | (np.isnan(arr) if not nan else False)
    if bad.any():
        raise FoedusError(
            f"{what} holds {shown(arr[bad][0])}; accepted: finite numbers"
            + (" (NaN: a missing dimension)" if nan else "")
        )
    return arr


def _pair(
    a: object, b: object, weights: object = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two portfolios of equal length and their weights (ones when None), checked."""
    av = _vector(a, "a")
    bv = _vector(b, "b", len(av))
    w = np.ones_like(av) if weights is None else _vector(weights, "weights", len(av), nan=True)
    if (w < 0).any():
        raise FoedusError(f"weights holds {shown(w[w < 0][0])}; accepted: weights >= 0 (or NaN)")
    return av, bv, w


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise FoedusError(f"{what} {shown(value)} is not True or False; accepted: a bool")
    return bool(value)


def s_score(
    a: Sequence[float],
    b: Sequence[float],
    weights: Sequence[float] | None = None,
    max_distance: float | Sequence[float] = 3,
    squared: bool = False,
) -> float:
    """Signorino & Ritter's S for two portfolios.

    ``S = 1 − 2·Σ w_k d_k / Σ w_k`` with ``d_k = |a_k − b_k| / Δ_k`` (squared when
    ``squared``). Dimensions whose weight is missing (NaN) drop out of numerator and
    denominator, as in EUGene.

    Parameters
    ----------
    a, b
        The two states' codes toward each third state (vectors of the same length).
    weights
        A weight per dimension (e.g. capability shares); None: all 1.
    max_distance
        Δ, the largest possible distance, > 0: one number or one per dimension (e.g. 3 for
        alliance codes, 2 for UN votes).
    squared
        Squared instead of absolute distance.

    Returns
    -------
    float
        S in [−1, 1] when codes lie within Δ of each other; NaN when every weight is
        missing or zero.

    References
    ----------
    Signorino, C. S. and J. M. Ritter (1999). "Tau-b or Not Tau-b: Measuring the
    Similarity of Foreign Policy Positions." International Studies Quarterly 43(1): 115–144.
    """
    av, bv, w = _pair(a, b, weights)
    squared = _flag(squared, "squared")
    if isinstance(max_distance, int | float | np.number) and not isinstance(max_distance, bool):
        delta = np.full(len(av), float(max_distance))
    else:
        delta = _vector(max_distance, "max_distance", len(av))
    if not (delta > 0).all() or not np.isfinite(delta).all():
        raise FoedusError(
            f"max_distance {shown(max_distance)} is not positive; accepted: a number > 0 or one "
            "per dimension"
        )
    d = np.abs(av - bv) / delta
    d = d**2 if squared else d
    keep = ~np.isnan(w)
    total = w[keep].sum()
    if total == 0:
        return float("nan")
    return float(1.0 - 2.0 * (w[keep] * d[keep]).sum() / total)


def _pair_table(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = ~np.isnan(w)
    values = np.union1d(a, b)
    table = np.zeros((len(values), len(values)))
    np.add.at(table, (np.searchsorted(values, a[keep]), np.searchsorted(values, b[keep])), w[keep])
    return table, values


def tau_b(a: Sequence[float], b: Sequence[float]) -> float:
    """Kendall's tau-b of two portfolios, as Bueno de Mesquita applied it to alliances.

    Parameters
    ----------
    a, b
        The two states' codes toward each third state (vectors of the same length).

    Returns
    -------
    float
        tau-b in [−1, 1]; NaN when either portfolio is constant (no untied pair).

    References
    ----------
    Bueno de Mesquita, B. (1975). "Measuring Systemic Polarity." Journal of Conflict
    Resolution 19(2): 187–216.
    """
    av, bv, w = _pair(a, b)
    table, _ = _pair_table(av, bv, w)
    return float(tau_b_from_tables(table))


def cohen_kappa(
    a: Sequence[float],
    b: Sequence[float],
    weights: Sequence[float] | None = None,
    squared: bool = False,
) -> float:
    """Häge's Cohen's kappa for two valued portfolios, absolute or squared distance.

    Parameters
    ----------
    a, b
        The two states' codes toward each third state (vectors of the same length).
    weights
        A weight per dimension; NaN: the dimension drops out; None: all 1.
    squared
        Squared instead of absolute distance.

    Returns
    -------
    float
        1 − D_o / D_e with D_e from each state's own code distribution; NaN when D_e is 0.

    References
    ----------
    Häge, F. M. (2011). "Choice or Circumstance? Adjusting Measures of Foreign Policy
    Similarity for Chance Agreement." Political Analysis 19(3): 287–305.
    """
    return _pair_chance_corrected(a, b, weights, squared, pooled=False)


def scott_pi(
    a: Sequence[float],
    b: Sequence[float],
    weights: Sequence[float] | None = None,
    squared: bool = False,
) -> float:
    """Häge's Scott's pi for two valued portfolios, absolute or squared distance.

    Parameters
    ----------
    a, b
        The two states' codes toward each third state (vectors of the same length).
    weights
        A weight per dimension; NaN: the dimension drops out; None: all 1.
    squared
        Squared instead of absolute distance.

    Returns
    -------
    float
        1 − D_o / D_e with D_e from the two states' pooled code distribution; NaN when
        D_e is 0.

    References
    ----------
    Häge, F. M. (2011). "Choice or Circumstance? Adjusting Measures of Foreign Policy
    Similarity for Chance Agreement." Political Analysis 19(3): 287–305.
    """
    return _pair_chance_corrected(a, b, weights, squared, pooled=True)


def _pair_chance_corrected(
    a: object, b: object, weights: object, squared: object, pooled: bool
) -> float:
    av, bv, w = _pair(a, b, weights)
    table, values = _pair_table(av, bv, w)
    d = _distances(values, 1.0, _flag(squared, "squared"))
    with np.errstate(invalid="ignore", divide="ignore"):
        observed, pa, pb = _table_parts(table, d)
        return float(chance_corrected(observed, pa, pb, d, pooled=pooled))
