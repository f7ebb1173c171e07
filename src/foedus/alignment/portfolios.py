"""Alliance portfolios of all dyads of a year at once.

``codes[i, k]`` is state i's alliance code toward k: 3 if either state has a defense or
offense obligation toward the other, 2 for neutrality or consultation, 1 for
non-aggression only, 0 for none (binary coding: 1 for any). Every state is maximally allied
with itself. A dyad's contingency table ``T[v, u]`` (the capability-weighted number of
third states i codes v and j codes u) is a matrix product of per-value indicator matrices
(``T[v, u] = (I_v * w) @ I_u.T``), so a year of ~200 states costs a few BLAS calls and no
Python loop over dyads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from foedus import builtin
from foedus.alignment.measures import _distances, chance_corrected, tau_b_from_tables


# -- all dyads of a year -------------------------------------------------------------------
@dataclass(frozen=True)
class YearPortfolios:
    """The alliance portfolios of one year.

    Attributes
    ----------
    year
        The year.
    states
        COW codes, sorted.
    codes
        (N, N) int8: ``codes[i, k]`` is state i's code toward k; the diagonal is the
        maximal code.
    weights
        (N,) capability shares, 0 where missing.
    """

    year: int
    states: np.ndarray  # COW codes, sorted
    codes: np.ndarray  # (N, N) int8, diagonal = maximal code
    weights: np.ndarray  # (N,) capability shares, 0 where missing


Pairs = tuple[np.ndarray, np.ndarray]


def _cross(x: np.ndarray, y: np.ndarray | None, w: np.ndarray, a: np.ndarray | None) -> np.ndarray:
    """``out[i, j] = Σ_k x[i, k]·w_k·D_ijk·y[j, k]`` for all i, j (y None = ones).

    D_ijk = 1 for the global domain (``a`` None); otherwise k is in the union of i's and
    j's domains, D_ijk = a_ik + a_jk − a_ik·a_jk. Without a domain and y, the result is a
    column (N, 1) that broadcasts.
    """
    xw = x * w
    if a is None:
        return xw.sum(axis=1, keepdims=True) if y is None else xw @ y.T
    xa = xw * a
    if y is None:
        return xa.sum(axis=1, keepdims=True) + xw @ a.T - xa @ a.T
    ya = y * a
    return xa @ y.T + xw @ ya.T - xa @ ya.T


def _at(m: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    return np.broadcast_to(m, (m.shape[0], m.shape[0]))[i, j]


def _observed(
    codes: np.ndarray,
    levels: int,
    squared: bool,
    w: np.ndarray,
    a: np.ndarray | None,
    i: np.ndarray,
    j: np.ndarray,
) -> np.ndarray:
    """Σ_k w_k·D_ijk·d(c_ik, c_jk) with d scaled to a maximum of 1.

    Absolute distance by threshold decomposition, |c − c'| = Σ_t |[c ≥ t] − [c' ≥ t]|, and
    for 0/1 indicators |g − g'| = g + g' − 2gg'; squared distance from (c − c')² =
    c² + c'² − 2cc'. Either way a few matrix products instead of a loop over dyads.
    """
    top = levels - 1
    if squared:
        c = codes.astype(np.float64)
        own = _cross(c * c, None, w, a)
        return (_at(own, i, j) + _at(own, j, i) - 2 * _cross(c, c, w, a)[i, j]) / top**2
    total = np.zeros(len(i))
    for t in range(1, levels):
        g = (codes >= t).astype(np.float64)
        own = _cross(g, None, w, a)
        total += _at(own, i, j) + _at(own, j, i) - 2 * _cross(g, g, w, a)[i, j]
    return total / top


def pair_tables(
    p: YearPortfolios,
    levels: int,
    weighted: bool,
    domain: np.ndarray | None = None,
    pairs: Pairs | None = None,
) -> np.ndarray:
    """Contingency tables of many dyads at once.

    Parameters
    ----------
    p
        A year's portfolios.
    levels
        Number of codes (4 valued, 2 binary).
    weighted
        Weight third states by ``p.weights``.
    domain
        ``domain[i, k]``: k is in i's domain (see :func:`year_measures`); None: all states.
    pairs
        Row indices ``(i, j)`` of the dyads; default all i < j.

    Returns
    -------
    numpy.ndarray
        ``T[v, u, pair]``, shape (levels, levels, pairs).
    """
    w = p.weights if weighted else np.ones(len(p.states))
    a = None if domain is None else domain.astype(np.float64)
    ind = [(p.codes == v).astype(np.float64) for v in range(levels)]
    iu, ju = pairs if pairs is not None else np.triu_indices(len(p.states), k=1)
    out = np.empty((levels, levels, len(iu)))
    for v in range(levels):
        for u in range(v, levels):  # T[u, v] is the transpose of T[v, u]
            t = _cross(ind[v], ind[u], w, a)
            out[v, u] = t[iu, ju]
            out[u, v] = t[ju, iu]
    return out


def year_measures(
    p: YearPortfolios,
    methods: Iterable[str],
    coding: str = "valued",
    distance: str = "absolute",
    domain: np.ndarray | None = None,
    pairs: Pairs | None = None,
) -> pd.DataFrame:
    """Every requested alliance measure for many dyads of a year at once.

    Parameters
    ----------
    p
        A year's portfolios.
    methods
        Among :data:`foedus.alignment.ALLIANCE_METHODS`.
    coding
        ``valued`` or ``binary`` (as ``p.codes``).
    distance
        ``absolute`` or ``squared``.
    domain
        ``domain[i, k]`` (bool): k is in i's domain; a dyad's domain is the union of both
        states'. None: every state.
    pairs
        Row indices ``(i, j)`` of the dyads; default all i < j.

    Returns
    -------
    pandas.DataFrame
        ``ccode1, ccode2, year`` and one column per method.

    References
    ----------
    Signorino & Ritter (1999), ISQ 43(1); Bueno de Mesquita (1975), JCR 19(2); Häge (2011),
    Political Analysis 19(3).
    """
    levels = 4 if coding == "valued" else 2
    squared = distance == "squared"
    d = _distances(np.arange(levels, dtype=float), levels - 1, squared)
    i, j = pairs if pairs is not None else np.triu_indices(len(p.states), k=1)
    a = None if domain is None else domain.astype(np.float64)
    out = {
        "ccode1": p.states[i],
        "ccode2": p.states[j],
        "year": np.full(len(i), p.year, dtype=np.int64),
    }
    for weighted in (False, True):
        group = [m for m in methods if m.endswith("_wt") == weighted and m != "tau_b"]
        if not group:
            continue
        w = p.weights if weighted else np.ones(len(p.states))
        own = [_cross((p.codes == v).astype(np.float64), None, w, a) for v in range(levels)]
        pa, pb = np.stack([_at(m, i, j) for m in own]), np.stack([_at(m, j, i) for m in own])
        n = pa.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            observed = _observed(p.codes, levels, squared, w, a, i, j) / n
            pa, pb = pa / n, pb / n
        for method in group:
            base = method.removesuffix("_wt")
            if base == "s":
                out[method] = 1.0 - 2.0 * observed
            else:
                out[method] = chance_corrected(observed, pa, pb, d, pooled=base == "pi")
    if "tau_b" in methods:
        out["tau_b"] = tau_b_from_tables(pair_tables(p, levels, False, domain, (i, j)))
    return pd.DataFrame(out)[["ccode1", "ccode2", "year", *methods]]


# -- inputs -----------------------------------------------------------------
@cache
def home_regions() -> dict[int, frozenset[str]]:
    """The home regions of each state, from the built-in ``regions.csv``.

    Returns
    -------
    dict
        COW code -> frozenset of region names.
    """
    return {code: frozenset(keys) for code, keys in builtin.regions().items()}


def regional_domain(states: np.ndarray) -> np.ndarray:
    """Which states share a home region.

    Parameters
    ----------
    states
        COW codes.

    Returns
    -------
    numpy.ndarray
        (N, N) bool, ``domain[i, k]``: k shares a home region with i (a state without
        regions: only itself).
    """
    regions = home_regions()
    names = sorted(set().union(*regions.values()))
    member = np.array([[r in regions.get(int(s), ()) for r in names] for s in states])
    shared = (member.astype(np.int32) @ member.T.astype(np.int32)) > 0
    np.fill_diagonal(shared, True)
    return shared


def alliance_codes(ties: pd.DataFrame, coding: str = "valued") -> np.ndarray:
    """The alliance code of each dyad (see the module docstring).

    Parameters
    ----------
    ties
        Undirected year-level ATOP ties (:func:`foedus.dyads.atop_ties`,
        ``directed=False``) with the flags ``defense, offense, neutral, nonagg, consul``.
    coding
        ``valued`` (0–3) or ``binary`` (0/1).

    Returns
    -------
    numpy.ndarray
        int8 codes, one per row.
    """
    strong = (ties["defense"] > 0) | (ties["offense"] > 0)
    middle = (ties["neutral"] > 0) | (ties["consul"] > 0)
    weak = ties["nonagg"] > 0
    codes = np.select([strong, middle, weak], [3, 2, 1], 0).astype(np.int8)
    return np.minimum(codes, 1) if coding == "binary" else codes


def build_portfolios(
    ties: pd.DataFrame,
    system: pd.DataFrame,
    capabilities: pd.DataFrame | None = None,
    coding: str = "valued",
) -> Iterator[YearPortfolios]:
    """The alliance portfolio matrix of every year of ``system``.

    Parameters
    ----------
    ties
        Undirected year-level ATOP ties (:func:`foedus.dyads.atop_ties`,
        ``directed=False``): ``ccode1, ccode2, year`` and the five obligation flags.
    system
        The system members, ``code, year`` (:func:`foedus.states.system_years`).
    capabilities
        ``ccode, year, cinc`` (COW NMC; Singer, Bremer & Stuckey 1972); None: no weights.
        Each year's CINC values are rescaled to shares of the system members with data.
    coding
        ``valued`` (0–3) or ``binary`` (0/1).

    Yields
    ------
    YearPortfolios
        One per year, states sorted by COW code.
    """
    ties = ties.assign(code=alliance_codes(ties, coding))
    ties = ties[ties["code"] > 0]
    top = 3 if coding == "valued" else 1
    tie_groups = dict(list(ties.groupby("year")))
    caps = capabilities.dropna(subset=["cinc"]) if capabilities is not None else None
    cap_groups = dict(list(caps.groupby("year"))) if caps is not None else {}
    for year, members in system.groupby("year"):
        states = np.sort(members["code"].to_numpy(dtype=np.int64))
        index = pd.Index(states)
        codes = np.zeros((len(states), len(states)), dtype=np.int8)
        t = tie_groups.get(year)
        if t is not None:
            i, j = index.get_indexer(t["ccode1"]), index.get_indexer(t["ccode2"])
            ok = (i >= 0) & (j >= 0)
            codes[i[ok], j[ok]] = codes[j[ok], i[ok]] = t["code"].to_numpy()[ok]
        np.fill_diagonal(codes, top)
        w = np.zeros(len(states))
        cap = cap_groups.get(year)
        if cap is not None:
            k = index.get_indexer(cap["ccode"])
            w[k[k >= 0]] = cap["cinc"].to_numpy()[k >= 0]
        total = w.sum()
        yield YearPortfolios(int(year), states, codes, w / total if total > 0 else w)
