"""Measures of a network: blocs (Newman 2006), modularity, polarization (Reynal-Querol
2002), centralities, k-step allies (Li et al. 2017) and the yearly summary series."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.errors import FoedusError, shown
from foedus.networks.graph import YearNetwork, check_network, network, networks
from foedus.networks.layers import Years
from foedus.progress import track

if TYPE_CHECKING:
    from foedus.store import Store


# -- metrics -------------------------------------------------------------------------------
def square(adjacency: object) -> np.ndarray:
    """``adjacency`` as a finite, symmetric, non-negative (N, N) float array, else a one-line
    error naming it."""
    try:
        a = np.asarray(adjacency, dtype=np.float64)
    except (TypeError, ValueError):
        a = np.zeros((0, 1))
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise FoedusError(
            f"adjacency of shape {np.shape(a)} is not a square matrix; accepted: an (N, N) "
            "array of 0/1 ties"
        )
    if not np.isfinite(a).all() or (a < 0).any() or not np.array_equal(a, a.T):
        raise FoedusError(
            "adjacency has negative, non-finite or asymmetric entries; accepted: a symmetric "
            "(N, N) array of non-negative tie weights"
        )
    return a


def _labels(labels: object, n: int | None = None) -> np.ndarray:
    """Bloc labels as an int array (−1 for isolates), else a one-line error naming them."""
    try:
        out = np.asarray(labels)
        ok = out.ndim == 1 and (out.size == 0 or np.issubdtype(out.dtype, np.integer))
    except (TypeError, ValueError):
        ok = False
    if not ok or (n is not None and len(out) != n) or (out < -1).any():
        raise FoedusError(
            f"labels {shown(labels)} are not bloc labels; accepted: one integer >= -1 per "
            "state (-1 = isolate)" + ("" if n is None else f", {n} of them")
        )
    return out.astype(np.int64)


def blocs(adjacency: np.ndarray) -> np.ndarray:
    """Community labels by Newman's leading-eigenvector method (Newman 2006, "Modularity and
    community structure in networks", PNAS 103(23): 8577–8582).

    Each connected component is split in two by the sign of the leading eigenvector of its
    generalized modularity matrix, recursively, while a split raises modularity. Isolates
    get label -1; blocs are numbered 0, 1, ... by decreasing size. Deterministic.

    Parameters
    ----------
    adjacency
        A symmetric (N, N) array of non-negative tie weights.

    Returns
    -------
    numpy.ndarray
        (N,) int bloc labels, −1 for an isolate.
    """
    adjacency = square(adjacency)
    degree = adjacency.sum(axis=1)
    two_m = degree.sum()
    labels = np.full(len(adjacency), -1)
    if two_m == 0:
        return labels
    b = adjacency - np.outer(degree, degree) / two_m
    groups = [g for g in _components(adjacency) if len(g) > 1]
    done = []
    while groups:
        g = groups.pop()
        parts = _bisect(b, g, two_m)
        if parts is None:
            done.append(g)
        else:
            groups.extend(parts)
    for label, g in enumerate(sorted(done, key=lambda g: (-len(g), g.min()))):
        labels[g] = label
    return labels


def _bisect(b: np.ndarray, g: np.ndarray, two_m: float) -> tuple[np.ndarray, ...] | None:
    sub = b[np.ix_(g, g)]
    sub = sub - np.diag(sub.sum(axis=1))
    value, vector = _leading(sub)
    if value <= 1e-10:
        return None
    s = _refine(sub, np.where(vector >= 0, 1.0, -1.0))
    if s @ sub @ s / (2 * two_m) <= 1e-10 or abs(s.sum()) == len(g):
        return None
    return g[s > 0], g[s < 0]


def _leading(matrix: np.ndarray) -> tuple[float, np.ndarray]:
    """The largest eigenvalue of a symmetric matrix and its eigenvector (LAPACK evr, top
    pair only)."""
    from scipy.linalg import eigh

    n = len(matrix)
    values, vectors = eigh(matrix, subset_by_index=[n - 1, n - 1])
    return float(values[0]), vectors[:, 0]


def _refine(sub: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Newman's (2006) fine-tuning of a split ``s`` (±1): move every vertex once, each time
    the one whose move raises sᵀBs most (or lowers it least); keep the best state passed;
    repeat while it improves. Flipping s_i changes sᵀBs by 4(B_ii − s_i·(Bs)_i)."""
    best = s @ sub @ s
    diag = np.diag(sub)
    while True:
        t, bs = s.copy(), sub @ s
        moved = np.zeros(len(s), dtype=bool)
        q, top, keep = best, best, None
        for _ in range(len(s)):
            gain = np.where(moved, -np.inf, 4 * (diag - t * bs))
            i = int(np.argmax(gain))
            q += gain[i]
            bs -= 2 * t[i] * sub[:, i]
            t[i], moved[i] = -t[i], True
            if q > top + 1e-10:
                top, keep = q, t.copy()
        if keep is None:
            return s
        s, best = keep, top


def _components(adjacency: np.ndarray) -> list[np.ndarray]:
    from scipy.sparse.csgraph import connected_components

    n, labels = connected_components(adjacency, directed=False)
    return [np.flatnonzero(labels == c) for c in range(n)]


def modularity(adjacency: np.ndarray, labels: np.ndarray) -> float:
    """Newman–Girvan modularity Q of a partition (isolates, label -1, contribute nothing).

    Parameters
    ----------
    adjacency
        A symmetric (N, N) array of non-negative tie weights.
    labels
        (N,) bloc labels, −1 for an isolate (as :func:`blocs` gives them).

    Returns
    -------
    float
        Q in [−1/2, 1]; NaN for a graph without ties.

    References
    ----------
    Newman, M. E. J. and M. Girvan (2004). "Finding and evaluating community structure in
    networks." Physical Review E 69: 026113.
    """
    adjacency = square(adjacency)
    labels = _labels(labels, len(adjacency))
    degree = adjacency.sum(axis=1)
    two_m = degree.sum()
    if two_m == 0:
        return float("nan")
    same = (labels[:, None] == labels[None, :]) & (labels[:, None] >= 0)
    return float(((adjacency - np.outer(degree, degree) / two_m) * same).sum() / two_m)


def polarization(labels: np.ndarray) -> float:
    """Reynal-Querol's (2002) polarization of the bloc sizes, RQ = 4·Σ π_b²(1 − π_b).

    π_b is bloc b's share of the states in some bloc (isolates excluded). RQ is Esteban &
    Ray's (1994, Econometrica 62(4): 819–851) polarization with α = 1 and unit distance
    between blocs, scaled to [0, 1] (Reynal-Querol 2002, "Ethnicity, Political Systems, and
    Civil Wars", JCR 46(1): 29–54): 1 for two equal blocs (bipolarity), near 0 for one
    bloc or many small ones.

    Parameters
    ----------
    labels
        Bloc labels, −1 for an isolate (as :func:`blocs` gives them).

    Returns
    -------
    float
        RQ in [0, 1]; NaN when no state is in a bloc.
    """
    labels = _labels(labels)
    sizes = np.bincount(labels[labels >= 0])
    if sizes.sum() == 0:
        return float("nan")
    share = sizes / sizes.sum()
    return float(4 * (share**2 * (1 - share)).sum())


def hop_distances(net: YearNetwork) -> np.ndarray:
    """Shortest-path lengths between all states of a network.

    Parameters
    ----------
    net
        A network from :func:`foedus.network`.

    Returns
    -------
    numpy.ndarray
        (N, N) float steps between states, in ``net.states`` order; inf when unreachable.
    """
    from scipy.sparse.csgraph import shortest_path

    check_network(net)
    return shortest_path(net.adjacency, unweighted=True, directed=False)


def indirect_allies(
    year: int | None = None,
    layer: str | Sequence[str] = "defense",
    k: int = 3,
    store: Store | None = None,
    *,
    on: str | dt.date | None = None,
) -> pd.DataFrame:
    """Dyads within ``k`` steps of each other in the network of a year (or a day).

    Parameters
    ----------
    year, layer, store, on
        As :func:`foedus.networks.network`.
    k
        The largest number of steps, an integer >= 1 (1 = direct ties only).

    Returns
    -------
    pandas.DataFrame
        ``ccode1 < ccode2``, ``year``, ``distance`` (1 = a direct tie).

    References
    ----------
    Li, W., A. E. Bradshaw, C. B. Clary and S. J. Cranmer (2017). "A Three-Degree Horizon
    of Peace in the Military Alliance Network." Science Advances 3(3): e1601895 (allies
    up to three steps away).
    """
    _check_k(k)
    return within_steps(network(year, layer, store, on=on), k)


def _check_k(k: object) -> int:
    if not isinstance(k, int | np.integer) or isinstance(k, bool) or k < 1:
        raise FoedusError(f"k {shown(k)} is not a number of steps; accepted: an integer >= 1")
    return int(k)


def within_steps(net: YearNetwork, k: int = 3) -> pd.DataFrame:
    """Dyads of a network within ``k`` steps of each other (see :func:`indirect_allies`).

    Parameters
    ----------
    net
        A network from :func:`foedus.network`.
    k
        The largest number of steps, an integer >= 1.

    Returns
    -------
    pandas.DataFrame
        ``ccode1 < ccode2``, ``year``, ``distance`` (1 = a direct tie).
    """
    k = _check_k(k)
    dist = hop_distances(net)
    iu, ju = np.triu_indices(len(net.states), k=1)
    d = dist[iu, ju]
    keep = d <= k
    return pd.DataFrame(
        {
            "ccode1": net.states[iu[keep]],
            "ccode2": net.states[ju[keep]],
            "year": net.year,
            "distance": d[keep].astype(np.int64),
        }
    )


def _eigenvector(adjacency: np.ndarray) -> np.ndarray:
    """Eigenvector centrality: the leading eigenvector of A (Bonacich 1972), unit length."""
    if not adjacency.any():
        return np.zeros(len(adjacency))
    v = np.abs(_leading(adjacency)[1])
    return v / np.linalg.norm(v)


def centrality(
    year: int | None = None,
    layer: str | Sequence[str] = "defense",
    store: Store | None = None,
    *,
    on: str | dt.date | None = None,
) -> pd.DataFrame:
    """Per state in the network of ``year`` (or of the day ``on``): degree, degree /
    eigenvector / betweenness centrality, bloc.

    Parameters
    ----------
    year, layer, store, on
        As :func:`foedus.networks.network`.

    Returns
    -------
    pandas.DataFrame
        One row per system member, the columns of :func:`node_measures`.
    """
    return node_measures(network(year, layer, store, on=on))


def node_measures(net: YearNetwork) -> pd.DataFrame:
    """Per state: degree, degree / eigenvector / betweenness centrality, bloc.

    Parameters
    ----------
    net
        A network from :func:`foedus.network`.

    Returns
    -------
    pandas.DataFrame
        ``ccode``, ``year``, ``abb`` (COW abbreviation), ``bloc``, ``degree``,
        ``degree_centrality`` (degree / (N − 1)), ``eigenvector`` (Bonacich 1972, unit
        length), ``betweenness`` (normalised; Freeman 1977); ``bloc`` is :func:`blocs`' label
        (−1 for an isolate); ``name`` is the state's name on the network's day (or on
        1 July of its year); by degree, then code.
    """
    import rustworkx as rx

    from foedus.states import abbreviations, names_on

    check_network(net)
    n = len(net.states)
    day = net.on if net.on is not None else pd.Timestamp(net.year, 7, 1)
    degree = net.adjacency.sum(axis=1)
    between = rx.betweenness_centrality(net.graph(), normalized=True)
    out = pd.DataFrame(
        {
            "ccode": net.states,
            "year": net.year,
            "abb": abbreviations(net.states),
            "degree": degree.astype(np.int64),
            "degree_centrality": degree / max(n - 1, 1),
            "eigenvector": _eigenvector(net.adjacency),
            "betweenness": [between[i] for i in range(n)],
        }
    )
    out.insert(3, "bloc", blocs(net.adjacency))
    out["name"] = names_on(pd.Series(net.states), pd.Series(day, index=range(n))).to_numpy()
    return out.sort_values(["degree", "ccode"], ascending=[False, True]).reset_index(drop=True)


def year_metrics(net: YearNetwork) -> dict[str, float]:
    """The summary measures of one network.

    Parameters
    ----------
    net
        A network from :func:`foedus.network`.

    Returns
    -------
    dict
        The columns of :func:`network_metrics` for this network.
    """
    check_network(net)
    adj = net.adjacency
    n = len(net.states)
    n_ties = int(adj.sum() / 2)
    labels = blocs(adj)
    isolated = adj.sum(axis=1) == 0
    dist = hop_distances(net)[np.triu_indices(n, k=1)]
    comps = [g for g in _components(adj) if len(g) > 1]
    return {
        "year": net.year,
        "states": n,
        "ties": n_ties,
        "density": n_ties / (n * (n - 1) / 2) if n > 1 else float("nan"),
        "isolates": int(isolated.sum()),
        "components": len(comps),
        "largest_component": max((len(g) for g in comps), default=0),
        "blocs": int(labels.max() + 1),
        "modularity": modularity(adj, labels),
        "polarization": polarization(labels),
        "dyads_1": int((dist == 1).sum()),
        "dyads_2": int((dist == 2).sum()),
        "dyads_3": int((dist == 3).sum()),
    }


def network_metrics(
    years: Years = None,
    layer: str | Sequence[str] = "defense",
    store: Store | None = None,
) -> pd.DataFrame:
    """Time series of network measures, one row per year (default: every year the layers'
    data cover, 1816–2018 for ATOP).

    Parameters
    ----------
    years
        ``YYYY``, ``YYYY-YYYY`` or ``(first, last)``; None: every year the layers cover.
    layer
        A layer of :data:`foedus.vocab.NETWORK_LAYERS`, several comma-separated, or a list.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame
        year, states (system members), ties, density (ties over possible dyads), isolates,
        components and largest_component (among states with a tie), blocs and modularity
        (:func:`blocs`), polarization (:func:`polarization`), dyads_1/2/3 (dyads at
        distance 1, 2, 3; Li et al. 2017).
    """
    nets = networks(years, layer, store)
    return pd.DataFrame([year_metrics(net) for net in track(nets, len(nets), "network years")])
