"""Similarity of foreign-policy portfolios: S, tau-b, Cohen's kappa, Scott's pi, UN votes.

Every alliance measure here is a function of one contingency table per dyad: ``T[v, u]``
is the (capability-weighted) number of third states ``k`` that state ``i`` codes ``v`` and
state ``j`` codes ``u``. For all dyads of a year at once the tables are matrix products of
per-value indicator matrices (``T[v, u] = (I_v * w) @ I_u.T``), so a year of ~200 states
costs a few BLAS calls and no Python loop over dyads.

Alliance portfolios come from ATOP 5.1 (Leeds et al. 2002) via
:func:`foedus.networks.atop_ties`: the valued code of a dyad in a year is 3 if either
state has a defense or offense obligation toward the other, 2 for neutrality or
consultation, 1 for non-aggression only, 0 for none; the binary code is 1 for any of
them. Every state is maximally allied with itself (3, or 1 when binary).

Domains. ``global``: every COW system member of the year. ``regional``: for the dyad
(i, j), the states sharing a home region (built-in ``regions.csv``) with i or with j —
so a Turkey–Iran dyad is compared over Europe and the Middle East. i and j always belong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from foedus import builtin
from foedus.dates import parse_years
from foedus.errors import FoedusError
from foedus.store import Store

ATOP_YEARS = (1816, 2018)
CODINGS = ("valued", "binary")
DISTANCES = ("absolute", "squared")
DOMAINS = ("global", "regional")
ALLIANCE_METHODS = ("s", "s_wt", "tau_b", "kappa", "kappa_wt", "pi", "pi_wt")
METHODS = (*ALLIANCE_METHODS, "un")
UN_ESTIMATES = ("idealpointall", "idealpointfp", "idealpointlegacy")


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
    valued portfolios. ``observed`` is D_o, the mean scaled distance; marginals have the
    category first, shape (V, ...)."""
    if pooled:
        pa = pb = (pa + pb) / 2
    expected = np.einsum("v...,vu,u...->...", pa, d, pb)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(expected > 0, 1.0 - observed / expected, np.nan)


def _table_parts(tables: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, ...]:
    """Observed mean distance and both marginal distributions of (V, V, ...) tables."""
    n = tables.sum(axis=(0, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.tensordot(d, tables, axes=([0, 1], [0, 1])) / n
        return observed, tables.sum(axis=1) / n, tables.sum(axis=0) / n


def tau_b_from_tables(tables: np.ndarray) -> np.ndarray:
    """Kendall's tau-b of the (unweighted) V×V tables, as Bueno de Mesquita (1975, "Measuring
    Systemic Polarity", JCR 19(2): 187–216) applied it to alliance portfolios."""
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
def s_score(
    a: Sequence[float],
    b: Sequence[float],
    weights: Sequence[float] | None = None,
    max_distance: float | Sequence[float] = 3,
    squared: bool = False,
) -> float:
    """Signorino & Ritter's S for two portfolios (1999, "Tau-b or Not Tau-b: Measuring the
    Similarity of Foreign Policy Positions", ISQ 43(1): 115–144).

    ``S = 1 − 2·Σ w_k d_k / Σ w_k`` with ``d_k = |a_k − b_k| / Δ_k`` (squared when
    ``squared``). ``max_distance`` may differ by dimension (e.g. 3 for alliance codes, 2
    for UN votes). Dimensions whose weight is missing (NaN) drop out of numerator and
    denominator, as in EUGene.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    w = np.ones_like(a) if weights is None else np.asarray(weights, dtype=float)
    d = np.abs(a - b) / np.asarray(max_distance, dtype=float)
    d = d**2 if squared else d
    keep = ~np.isnan(w)
    return float(1.0 - 2.0 * (w[keep] * d[keep]).sum() / w[keep].sum())


def _pair_table(
    a: Sequence[float], b: Sequence[float], weights: Sequence[float] | None
) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    w = np.ones_like(a) if weights is None else np.asarray(weights, dtype=float)
    keep = ~np.isnan(w)
    values = np.union1d(a, b)
    table = np.zeros((len(values), len(values)))
    np.add.at(table, (np.searchsorted(values, a[keep]), np.searchsorted(values, b[keep])), w[keep])
    return table, values


def tau_b(a: Sequence[float], b: Sequence[float]) -> float:
    """Kendall's tau-b of two portfolios (Bueno de Mesquita 1975)."""
    table, _ = _pair_table(a, b, None)
    return float(tau_b_from_tables(table))


def cohen_kappa(
    a: Sequence[float],
    b: Sequence[float],
    weights: Sequence[float] | None = None,
    squared: bool = False,
) -> float:
    """Häge's (2011) Cohen's kappa for two valued portfolios, absolute or squared distance."""
    return _pair_chance_corrected(a, b, weights, squared, pooled=False)


def scott_pi(
    a: Sequence[float],
    b: Sequence[float],
    weights: Sequence[float] | None = None,
    squared: bool = False,
) -> float:
    """Häge's (2011) Scott's pi for two valued portfolios, absolute or squared distance."""
    return _pair_chance_corrected(a, b, weights, squared, pooled=True)


def _pair_chance_corrected(a, b, weights, squared: bool, pooled: bool) -> float:
    table, values = _pair_table(a, b, weights)
    d = _distances(values, 1.0, squared)
    return float(chance_corrected(*_table_parts(table, d), d, pooled=pooled))


# -- all dyads of a year -------------------------------------------------------------------
@dataclass(frozen=True)
class YearPortfolios:
    """The alliance portfolios of one year: ``codes[i, k]`` is state i's code toward k."""

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
    """Contingency tables ``T[v, u]`` of the dyads ``pairs`` (row indices; default all
    i < j), shape (levels, levels, pairs); ``domain`` as in :func:`year_measures`."""
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
    """Every requested alliance measure for the dyads ``pairs`` (default all i < j).

    ``domain[i, k]`` (bool) marks the third states k in i's domain; a dyad's domain is the
    union of both states' (see the module docstring). None = every state.
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


# -- inputs from the store -----------------------------------------------------------------
@cache
def home_regions() -> dict[int, frozenset[str]]:
    """COW code -> home regions, from the built-in ``regions.csv``."""
    return {code: frozenset(keys) for code, keys in builtin.regions().items()}


def regional_domain(states: np.ndarray) -> np.ndarray:
    """``domain[i, k]``: k shares a home region with i (states without regions: only self)."""
    regions = home_regions()
    names = sorted(set().union(*regions.values()))
    member = np.array([[r in regions.get(int(s), ()) for r in names] for s in states])
    shared = (member.astype(np.int32) @ member.T.astype(np.int32)) > 0
    np.fill_diagonal(shared, True)
    return shared


def alliance_codes(ties: pd.DataFrame, coding: str = "valued") -> np.ndarray:
    """The code of each dyad row of :func:`foedus.networks.atop_ties` (see module docstring)."""
    strong = (ties["defense"] > 0) | (ties["offense"] > 0)
    middle = (ties["neutral"] > 0) | (ties["consul"] > 0)
    weak = ties["nonagg"] > 0
    codes = np.select([strong, middle, weak], [3, 2, 1], 0).astype(np.int8)
    return np.minimum(codes, 1) if coding == "binary" else codes


def capability_shares(store: Store, years: tuple[int, int]) -> pd.DataFrame:
    """CINC per state-year from COW NMC (Singer, Bremer & Stuckey 1972; NMC 7.0)."""
    con = store.connect()
    path = store.path("cow_nmc", "nmc").as_posix()
    q = (
        f"SELECT ccode, year, cinc FROM read_parquet('{path}') "
        f"WHERE year BETWEEN {years[0]} AND {years[1]} AND cinc IS NOT NULL"
    )
    return con.sql(q).df()


def portfolios(
    years: tuple[int, int], coding: str, weighted: bool, store: Store
) -> Iterable[YearPortfolios]:
    """The alliance portfolio matrix of every COW system year in ``years``."""
    from foedus.networks import atop_ties
    from foedus.states import system_years

    system = system_years(years)
    ties = atop_ties(years, store)
    ties = ties.assign(code=alliance_codes(ties, coding))
    ties = ties[ties["code"] > 0]
    caps = capability_shares(store, years) if weighted else None
    top = 3 if coding == "valued" else 1
    tie_groups = dict(list(ties.groupby("year")))
    cap_groups = dict(list(caps.groupby("year"))) if caps is not None else {}
    for year, members in system.groupby("year"):
        states = members["code"].to_numpy(dtype=np.int64)
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


def _check(value: str, accepted: tuple[str, ...], what: str) -> None:
    if value not in accepted:
        raise FoedusError(f"{what} {value!r} is unknown; accepted: {', '.join(accepted)}")


def _methods(method: str | Sequence[str]) -> list[str]:
    methods = [m.strip() for m in method.split(",")] if isinstance(method, str) else list(method)
    for m in methods:
        _check(m, METHODS, "method")
    return methods


def similarity(
    years: str | int | tuple[int, int] | None = None,
    method: str | Sequence[str] = "s",
    *,
    coding: str = "valued",
    distance: str = "absolute",
    domain: str = "global",
    dyads: pd.DataFrame | None = None,
    un_estimate: str = "idealpointall",
    store: Store | None = None,
) -> pd.DataFrame:
    """Similarity of every dyad-year's alliance portfolios (and/or UN positions).

    ``method``: one or more (comma-separated) of ``s`` (Signorino & Ritter 1999),
    ``s_wt`` (S weighted by CINC shares among system members with NMC data), ``tau_b``
    (Bueno de Mesquita 1975), ``kappa``/``kappa_wt`` and ``pi``/``pi_wt`` (Häge 2011),
    ``un`` (ideal-point distance, see :func:`un_similarity`). Returns ``ccode1 < ccode2``,
    ``year`` and one column per method; with ``dyads`` (columns ccode1, ccode2, year, in
    either order) only those dyad-years, in their order. Years default to ATOP's 1816–2018.
    """
    store = store or Store()
    methods = _methods(method)
    _check(coding, CODINGS, "coding")
    _check(distance, DISTANCES, "distance")
    _check(domain, DOMAINS, "domain")
    span = _span(years, dyads)
    alliance = [m for m in methods if m in ALLIANCE_METHODS]
    if alliance and (span[0] < ATOP_YEARS[0] or span[1] > ATOP_YEARS[1]):
        raise FoedusError(
            f"years {span[0]}-{span[1]} are outside ATOP 5.1; accepted: "
            f"{ATOP_YEARS[0]}-{ATOP_YEARS[1]} (or method un alone)"
        )
    frames = []
    if alliance:
        weighted = any(m.endswith("_wt") for m in alliance)
        for p in portfolios(span, coding, weighted, store):
            dom = regional_domain(p.states) if domain == "regional" else None
            pairs = None if dyads is None else _pairs(p, dyads)
            frames.append(year_measures(p, alliance, coding, distance, dom, pairs))
    out = pd.concat(frames, ignore_index=True) if frames else None
    if "un" in methods:
        un = un_similarity(span, estimate=un_estimate, store=store)
        un = un[["ccode1", "ccode2", "year", "un_distance", "un_similarity"]]
        out = un if out is None else out.merge(un, on=["ccode1", "ccode2", "year"], how="left")
    return _select(out, dyads)


def _pairs(p: YearPortfolios, dyads: pd.DataFrame) -> Pairs:
    """Row indices (i < j) of the requested dyads of ``p.year`` that are system dyads."""
    rows = dyads[dyads["year"] == p.year]
    index = pd.Index(p.states)
    i, j = index.get_indexer(rows["ccode1"]), index.get_indexer(rows["ccode2"])
    keep = (i >= 0) & (j >= 0) & (i != j)
    return np.minimum(i, j)[keep], np.maximum(i, j)[keep]


def _span(years, dyads: pd.DataFrame | None) -> tuple[int, int]:
    if dyads is not None and years is None:
        return int(dyads["year"].min()), int(dyads["year"].max())
    return parse_years(years, default=ATOP_YEARS)


def _select(frame: pd.DataFrame, dyads: pd.DataFrame | None) -> pd.DataFrame:
    if dyads is None:
        return frame.reset_index(drop=True)
    missing = {"ccode1", "ccode2", "year"} - set(dyads.columns)
    if missing:
        raise FoedusError(f"dyads lacks columns {sorted(missing)}; accepted: ccode1, ccode2, year")
    keys = pd.DataFrame(
        {
            "ccode1": np.minimum(dyads["ccode1"], dyads["ccode2"]).astype("int64"),
            "ccode2": np.maximum(dyads["ccode1"], dyads["ccode2"]).astype("int64"),
            "year": dyads["year"].astype("int64"),
        }
    )
    return keys.merge(frame, on=["ccode1", "ccode2", "year"], how="left")


def un_similarity(
    years: str | int | tuple[int, int] | None = None,
    estimate: str = "idealpointall",
    store: Store | None = None,
) -> pd.DataFrame:
    """Similarity of UN General Assembly positions from ideal points, per dyad-year.

    Ideal points: Bailey, Strezhnev & Voeten (2017), "Estimating Dynamic State Preferences
    from United Nations Voting Data", JCR 61(2): 430–456 (store source ``unga``).
    ``estimate`` names the column (default ``idealpointall``, estimated from all votes).
    ``un_distance = |x_i − x_j|``; ``un_similarity = 1 − 2·|x_i − x_j| / (max − min)`` over
    the year's states, so it runs from −1 (the year's two extremes) to 1, like S.
    """
    store = store or Store()
    _check(estimate, UN_ESTIMATES, "estimate")
    span = parse_years(years, default=(1946, 2024))
    path = store.path("unga", "idealpoints").as_posix()
    q = f"""
        WITH p AS (
            SELECT ccode, year, avg({estimate}) AS x FROM read_parquet('{path}')
            WHERE {estimate} IS NOT NULL AND year BETWEEN {span[0]} AND {span[1]}
            GROUP BY ccode, year),
        r AS (SELECT year, max(x) - min(x) AS spread FROM p GROUP BY year)
        SELECT a.ccode AS ccode1, b.ccode AS ccode2, a.year, a.x AS x1, b.x AS x2,
               abs(a.x - b.x) AS un_distance,
               1 - 2 * abs(a.x - b.x) / nullif(r.spread, 0) AS un_similarity
        FROM p a JOIN p b ON a.year = b.year AND a.ccode < b.ccode
        JOIN r ON r.year = a.year
        ORDER BY a.year, a.ccode, b.ccode"""
    return store.connect().sql(q).df()


def dyad_similarity(
    a: str | int,
    b: str | int,
    years: str | int | tuple[int, int] | None = None,
    method: str | Sequence[str] = "s",
    store: Store | None = None,
    **options,
) -> pd.DataFrame:
    """:func:`similarity` of one pair of states in every year both are system members.

    ``a`` and ``b`` are names, abbreviations or COW codes; ``options`` go to
    :func:`similarity` (coding, distance, domain, un_estimate).
    """
    from foedus.states import resolve, system_years

    span = parse_years(years, default=ATOP_YEARS)
    first, second = resolve(a, on=span[1]), resolve(b, on=span[1])
    codes = [first.cow_code, second.cow_code]
    if None in codes or codes[0] == codes[1]:
        raise FoedusError(f"states {a!r} and {b!r} must be two different COW states")
    sy = system_years(span)
    both = sy[sy["code"].isin(codes)].groupby("year")["code"].nunique()
    yrs = both.index[both == 2].to_numpy()
    if len(yrs) == 0:
        raise FoedusError(
            f"{first} and {second} were never both system members in "
            f"{span[0]}-{span[1]}; accepted: years when both existed"
        )
    dyads = pd.DataFrame({"ccode1": codes[0], "ccode2": codes[1], "year": yrs})
    out = similarity((int(yrs.min()), int(yrs.max())), method, dyads=dyads, store=store, **options)
    return out.assign(state1=first.name, state2=second.name)


def plot_similarity(frame: pd.DataFrame, path: str | Path, title: str = "") -> Path:
    """Line chart of every similarity column of ``frame`` over ``year`` (matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = [c for c in frame.columns if c in METHODS or c == "un_similarity"]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for col in columns:
        ax.plot(frame["year"], frame[col], label=col, lw=1.6)
    ax.axhline(0, color="#999999", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("year")
    ax.set_ylabel("similarity")
    ax.set_title(title)
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)
