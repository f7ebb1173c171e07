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

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

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


# -- measures on contingency tables --------------------------------------------------------
def _distances(values: np.ndarray, max_distance: float, squared: bool) -> np.ndarray:
    """d(v, u) for every pair of category values, scaled so the largest possible is 1."""
    d = np.abs(values[:, None] - values[None, :]) / max_distance
    return d**2 if squared else d


def _marginals(tables: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = tables.sum(axis=(0, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return tables.sum(axis=1) / n, tables.sum(axis=0) / n, n


def s_from_tables(tables: np.ndarray, d: np.ndarray) -> np.ndarray:
    """S = 1 − 2·D_o, D_o the mean scaled distance (Signorino & Ritter 1999, eq. 6).

    ``tables`` has shape (V, V, ...), ``d`` the (V, V) scaled distances.
    """
    n = tables.sum(axis=(0, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.tensordot(d, tables, axes=([0, 1], [0, 1])) / n
    return 1.0 - 2.0 * observed


def _chance_corrected(tables: np.ndarray, d: np.ndarray, pooled: bool) -> np.ndarray:
    pa, pb, n = _marginals(tables)
    if pooled:
        pa = pb = (pa + pb) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.tensordot(d, tables, axes=([0, 1], [0, 1])) / n
        expected = np.einsum("v...,vu,u...->...", pa, d, pb)
        return np.where(expected > 0, 1.0 - observed / expected, np.nan)


def kappa_from_tables(tables: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Cohen's kappa for valued portfolios: 1 − D_o / D_e, D_e from each state's own
    marginal distribution of codes (Häge 2011, "Choice or Circumstance? Adjusting Measures
    of Foreign Policy Similarity for Chance Agreement", Political Analysis 19(3): 287–305)."""
    return _chance_corrected(tables, d, pooled=False)


def pi_from_tables(tables: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Scott's pi: 1 − D_o / D_e, D_e from the pooled distribution of both states' codes
    (Häge 2011, Political Analysis 19(3): 287–305)."""
    return _chance_corrected(tables, d, pooled=True)


def tau_b_from_tables(tables: np.ndarray) -> np.ndarray:
    """Kendall's tau-b of the (unweighted) V×V tables, as Bueno de Mesquita (1975, "Measuring
    Systemic Polarity", JCR 19(2): 187–216) applied it to alliance portfolios."""
    cum = tables[::-1, ::-1].cumsum(axis=0).cumsum(axis=1)[::-1, ::-1]  # Σ_{v'≥v, u'≥u}
    below = tables[::-1].cumsum(axis=0)[::-1].cumsum(axis=1)            # Σ_{v'≥v, u'≤u}
    higher = np.zeros_like(tables)
    lower = np.zeros_like(tables)
    higher[:-1, :-1] = cum[1:, 1:]    # v' > v and u' > u: concordant
    lower[:-1, 1:] = below[1:, :-1]   # v' > v and u' < u: discordant
    s = (tables * (higher - lower)).sum(axis=(0, 1))
    n = tables.sum(axis=(0, 1))
    pairs = n * (n - 1) / 2
    rows, cols = tables.sum(axis=1), tables.sum(axis=0)
    tx = (rows * (rows - 1) / 2).sum(axis=0)
    ty = (cols * (cols - 1) / 2).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return s / np.sqrt((pairs - tx) * (pairs - ty))


# -- measures on two portfolios ------------------------------------------------------------
def s_score(a: Sequence[float], b: Sequence[float], weights: Sequence[float] | None = None,
            max_distance: float | Sequence[float] = 3, squared: bool = False) -> float:
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


def _pair_table(a: Sequence[float], b: Sequence[float],
                weights: Sequence[float] | None) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    w = np.ones_like(a) if weights is None else np.asarray(weights, dtype=float)
    keep = ~np.isnan(w)
    values = np.union1d(a, b)
    table = np.zeros((len(values), len(values)))
    np.add.at(table, (np.searchsorted(values, a[keep]), np.searchsorted(values, b[keep])),
              w[keep])
    return table, values


def tau_b(a: Sequence[float], b: Sequence[float]) -> float:
    """Kendall's tau-b of two portfolios (Bueno de Mesquita 1975)."""
    table, _ = _pair_table(a, b, None)
    return float(tau_b_from_tables(table))


def cohen_kappa(a: Sequence[float], b: Sequence[float], weights: Sequence[float] | None = None,
                squared: bool = False) -> float:
    """Häge's (2011) Cohen's kappa for two valued portfolios, absolute or squared distance."""
    table, values = _pair_table(a, b, weights)
    return float(kappa_from_tables(table, _distances(values, 1.0, squared)))


def scott_pi(a: Sequence[float], b: Sequence[float], weights: Sequence[float] | None = None,
             squared: bool = False) -> float:
    """Häge's (2011) Scott's pi for two valued portfolios, absolute or squared distance."""
    table, values = _pair_table(a, b, weights)
    return float(pi_from_tables(table, _distances(values, 1.0, squared)))


# -- all dyads of a year -------------------------------------------------------------------
@dataclass(frozen=True)
class YearPortfolios:
    """The alliance portfolios of one year: ``codes[i, k]`` is state i's code toward k."""

    year: int
    states: np.ndarray          # COW codes, sorted
    codes: np.ndarray           # (N, N) int8, diagonal = maximal code
    weights: np.ndarray         # (N,) capability shares, 0 where missing


def pair_tables(p: YearPortfolios, levels: int, weighted: bool,
                domain: np.ndarray | None = None) -> np.ndarray:
    """Contingency tables of all dyads (i < j): shape (levels, levels, pairs).

    ``domain[i, k]`` (bool) marks the third states k in i's domain; a dyad's domain is the
    union of both states' (see the module docstring). None = every state.
    """
    w = p.weights if weighted else np.ones(len(p.states))
    ind = [(p.codes == v).astype(np.float64) for v in range(levels)]
    iu, ju = np.triu_indices(len(p.states), k=1)
    out = np.empty((levels, levels, len(iu)))
    a = None if domain is None else domain.astype(np.float64)
    for v in range(levels):
        left = ind[v] * w
        for u in range(levels):
            if a is None:
                t = left @ ind[u].T
            else:
                t = (left * a) @ ind[u].T + left @ (ind[u] * a).T - (left * a) @ (ind[u] * a).T
            out[v, u] = t[iu, ju]
    return out


def year_measures(p: YearPortfolios, methods: Iterable[str], coding: str = "valued",
                  distance: str = "absolute", domain: np.ndarray | None = None) -> pd.DataFrame:
    """Every requested alliance measure for all dyads (i < j) of one year."""
    levels = 4 if coding == "valued" else 2
    d = _distances(np.arange(levels, dtype=float), levels - 1, distance == "squared")
    iu, ju = np.triu_indices(len(p.states), k=1)
    out = {"ccode1": p.states[iu], "ccode2": p.states[ju],
           "year": np.full(len(iu), p.year, dtype=np.int64)}
    tables: dict[bool, np.ndarray] = {}
    for method in methods:
        weighted = method.endswith("_wt")
        if weighted not in tables:
            tables[weighted] = pair_tables(p, levels, weighted, domain)
        t = tables[weighted]
        base = method.removesuffix("_wt")
        if base == "s":
            out[method] = s_from_tables(t, d)
        elif base == "kappa":
            out[method] = kappa_from_tables(t, d)
        elif base == "pi":
            out[method] = pi_from_tables(t, d)
        else:
            out[method] = tau_b_from_tables(t)
    return pd.DataFrame(out)


# -- inputs from the store -----------------------------------------------------------------
@cache
def home_regions() -> dict[int, frozenset[str]]:
    """COW code -> home regions, from the built-in ``regions.csv``."""
    with resources.files("foedus.builtin").joinpath("regions.csv").open(
            encoding="utf-8") as fh:
        return {int(r["cow_code"]): frozenset(r["regions"].split(";")) for r in
                csv.DictReader(fh)}


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
    q = (f"SELECT ccode, year, cinc FROM read_parquet('{path}') "
         f"WHERE year BETWEEN {years[0]} AND {years[1]} AND cinc IS NOT NULL")
    return con.sql(q).df()


def portfolios(years: tuple[int, int], coding: str, weighted: bool,
               store: Store) -> Iterable[YearPortfolios]:
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


def similarity(years: str | int | tuple[int, int] | None = None,
               method: str | Sequence[str] = "s", *, coding: str = "valued",
               distance: str = "absolute", domain: str = "global",
               dyads: pd.DataFrame | None = None, un_estimate: str = "idealpointall",
               store: Store | None = None) -> pd.DataFrame:
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
    frames = []
    if alliance:
        weighted = any(m.endswith("_wt") for m in alliance)
        for p in portfolios(span, coding, weighted, store):
            dom = regional_domain(p.states) if domain == "regional" else None
            frames.append(year_measures(p, alliance, coding, distance, dom))
    out = pd.concat(frames, ignore_index=True) if frames else None
    if "un" in methods:
        un = un_similarity(span, estimate=un_estimate, store=store)
        un = un[["ccode1", "ccode2", "year", "un_distance", "un_similarity"]]
        out = un if out is None else out.merge(un, on=["ccode1", "ccode2", "year"], how="left")
    return _select(out, dyads)


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
    keys = pd.DataFrame({
        "ccode1": np.minimum(dyads["ccode1"], dyads["ccode2"]).astype("int64"),
        "ccode2": np.maximum(dyads["ccode1"], dyads["ccode2"]).astype("int64"),
        "year": dyads["year"].astype("int64"),
    })
    return keys.merge(frame, on=["ccode1", "ccode2", "year"], how="left")


def un_similarity(years: str | int | tuple[int, int] | None = None,
                  estimate: str = "idealpointall", store: Store | None = None) -> pd.DataFrame:
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
