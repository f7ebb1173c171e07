"""Similarity of every dyad-year's alliance portfolios (ATOP 5.1) and UN positions.

Alliance portfolios come from ATOP 5.1 (Leeds et al. 2002) through the one ATOP dyad rule
:func:`foedus.dyads.load_atop_ties` (ATOP's directed coding applied when imported), coded
as in :mod:`foedus.alignment.portfolios`.

Domains. ``global``: every COW system member of the year. ``regional``: for the dyad
(i, j), the states sharing a home region (built-in ``regions.csv``) with i or with j —
so a Turkey–Iran dyad is compared over Europe and the Middle East. i and j always belong.

The public functions take ``store=None`` and read through :mod:`foedus.data`; the
computing is pure (:func:`foedus.alignment.portfolios.build_portfolios`,
:func:`un_from_points`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.alignment.portfolios import (
    Pairs,
    YearPortfolios,
    build_portfolios,
    regional_domain,
    year_measures,
)
from foedus.dates import parse_years
from foedus.errors import FoedusError, shown

if TYPE_CHECKING:
    from foedus.store import Store

CODINGS = ("valued", "binary")
DISTANCES = ("absolute", "squared")
DOMAINS = ("global", "regional")
ALLIANCE_METHODS = ("s", "s_wt", "tau_b", "kappa", "kappa_wt", "pi", "pi_wt")
METHODS = (*ALLIANCE_METHODS, "un")
UN_ESTIMATES = ("idealpointall", "idealpointfp", "idealpointlegacy")
FIRST_YEAR = 1816  # the COW state system's first year


def atop_years() -> tuple[int, int]:
    """The years alliance portfolios cover.

    Returns
    -------
    tuple of int
        The state system's first year (1816) and the last year of the catalogued ATOP
        release.
    """
    from foedus.sources import coverage

    return FIRST_YEAR, coverage("atop")[1]


def portfolios(
    years: tuple[int, int], coding: str, weighted: bool, store: Store | None = None
) -> list[YearPortfolios]:
    """The alliance portfolio matrix of every COW system year, read from the store.

    Parameters
    ----------
    years
        ``(first, last)``.
    coding
        ``valued`` or ``binary``.
    weighted
        Read CINC (COW NMC) for capability weights.
    store
        The store (default: the user's store).

    Returns
    -------
    list of YearPortfolios
        ATOP through :func:`foedus.dyads.load_atop_ties`, one per year.
    """
    from foedus.dyads import load_atop_ties
    from foedus.states import system_years

    ties = load_atop_ties(store, level="year", directed=False)
    ties = ties[ties["year"].between(*years)]
    caps = None
    if weighted:
        from foedus.data.cow import read_nmc

        caps = read_nmc(store, years, ("cinc",))
    return list(build_portfolios(ties, system_years(years), caps, coding))


def _check(value: object, accepted: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value not in accepted:
        raise FoedusError(f"{what} {shown(value)} is unknown; accepted: {', '.join(accepted)}")
    return value


def _methods(method: object) -> list[str]:
    if isinstance(method, str):
        methods = [m.strip() for m in method.split(",")]
    elif isinstance(method, Sequence) and all(isinstance(m, str) for m in method) and method:
        methods = list(method)
    else:
        raise FoedusError(
            f"method {shown(method)} is not a method name; accepted: one or more of "
            f"{', '.join(METHODS)}"
        )
    for m in methods:
        _check(m, METHODS, "method")
    return list(dict.fromkeys(methods))


def _years(years: object, default: tuple[int, int]) -> tuple[int, int]:
    """``years`` as (first, last), else a one-line error naming the argument."""
    if isinstance(years, np.integer):
        years = int(years)
    ok = (
        years is None
        or isinstance(years, str)
        or (isinstance(years, int) and not isinstance(years, bool))
    )
    if isinstance(years, tuple) and len(years) == 2:
        ok = all(isinstance(y, int | np.integer) and not isinstance(y, bool) for y in years)
        years = (int(years[0]), int(years[1])) if ok else years
    if not ok:
        raise FoedusError(
            f"years {shown(years)} is not a year range; accepted: YYYY, YYYY-YYYY or (first, last)"
        )
    return parse_years(years, default=default)  # type: ignore[arg-type]


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

    Parameters
    ----------
    years
        ``YYYY``, ``YYYY-YYYY`` or ``(first, last)``; default: ATOP's years (1816–2018),
        or the years of ``dyads``.
    method
        One or more (comma-separated or a list) of ``s`` (Signorino & Ritter 1999),
        ``s_wt`` (S weighted by CINC shares among system members with NMC data),
        ``tau_b`` (Bueno de Mesquita 1975), ``kappa``/``kappa_wt`` and ``pi``/``pi_wt``
        (Häge 2011), ``un`` (ideal-point distance, see :func:`un_similarity`).
    coding
        ``valued`` (0–3) or ``binary`` alliance codes.
    distance
        ``absolute`` or ``squared``.
    domain
        ``global`` or ``regional`` (see the module docstring).
    dyads
        Only these dyad-years (columns ``ccode1, ccode2, year``, either order), in their
        order; a pandas or eager polars frame.
    un_estimate
        The ideal-point estimate for ``un``: ``idealpointall``, ``idealpointfp``,
        ``idealpointlegacy``.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame
        ``ccode1 < ccode2``, ``year`` and one column per method (``un``: ``un_distance``
        and ``un_similarity``).

    References
    ----------
    Signorino, C. S. and J. M. Ritter (1999). ISQ 43(1): 115–144. Bueno de Mesquita, B.
    (1975). JCR 19(2): 187–216. Häge, F. M. (2011). Political Analysis 19(3): 287–305.
    Leeds, B. A. et al. (2002). International Interactions 28: 237–260 (ATOP 5.1).
    """
    methods = _methods(method)
    _check(coding, CODINGS, "coding")
    _check(distance, DISTANCES, "distance")
    _check(domain, DOMAINS, "domain")
    _check(un_estimate, UN_ESTIMATES, "un_estimate")
    keys = None if dyads is None else _dyad_keys(dyads)
    first, last = atop_years()
    span = _span(years, keys, (first, last))
    alliance = [m for m in methods if m in ALLIANCE_METHODS]
    if alliance and (span[0] < first or span[1] > last):
        raise FoedusError(
            f"years {span[0]}-{span[1]} are outside ATOP 5.1; accepted: "
            f"{first}-{last} (or method un alone)"
        )
    frames = []
    if alliance:
        weighted = any(m.endswith("_wt") for m in alliance)
        for p in portfolios(span, coding, weighted, store):
            dom = regional_domain(p.states) if domain == "regional" else None
            pairs = None if keys is None else _pairs(p, keys)
            frames.append(year_measures(p, alliance, coding, distance, dom, pairs))
    out = pd.concat(frames, ignore_index=True) if frames else None
    if "un" in methods:
        un = un_similarity(span, estimate=un_estimate, store=store)
        un = un[["ccode1", "ccode2", "year", "un_distance", "un_similarity"]]
        out = un if out is None else out.merge(un, on=["ccode1", "ccode2", "year"], how="left")
    assert out is not None  # methods is never empty
    if keys is None:
        return out.reset_index(drop=True)
    return keys.merge(out, on=["ccode1", "ccode2", "year"], how="left")


def _pairs(p: YearPortfolios, keys: pd.DataFrame) -> Pairs:
    """Row indices (i < j) of the requested dyads of ``p.year`` that are system dyads."""
    rows = keys[keys["year"] == p.year]
    index = pd.Index(p.states)
    i, j = index.get_indexer(rows["ccode1"]), index.get_indexer(rows["ccode2"])
    keep = (i >= 0) & (j >= 0) & (i != j)
    return np.minimum(i, j)[keep], np.maximum(i, j)[keep]


def _span(years: object, keys: pd.DataFrame | None, default: tuple[int, int]) -> tuple[int, int]:
    if keys is not None and years is None:
        return int(keys["year"].min()), int(keys["year"].max())
    return _years(years, default)


def _dyad_keys(dyads: object) -> pd.DataFrame:
    """The requested dyad-years as ``ccode1 < ccode2, year`` (int64), checked."""
    accepted = "accepted: a frame with integer columns ccode1, ccode2, year"
    if type(dyads).__name__ == "LazyFrame":
        raise FoedusError(f"dyads is a polars LazyFrame; {accepted} (call .collect() first)")
    if not isinstance(dyads, pd.DataFrame) and hasattr(dyads, "to_pandas"):
        dyads = dyads.to_pandas()  # a polars (or pyarrow) frame
    if not isinstance(dyads, pd.DataFrame):
        raise FoedusError(f"dyads {type(dyads).__name__} is not a pandas frame; {accepted}")
    missing = {"ccode1", "ccode2", "year"} - set(dyads.columns)
    if missing:
        raise FoedusError(f"dyads lacks columns {sorted(missing)}; {accepted}")
    if dyads.empty:
        raise FoedusError(f"dyads has no rows; {accepted}")
    cols = dyads[["ccode1", "ccode2", "year"]]
    try:
        values = cols.to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        values = np.array([[np.nan]])
    if not np.isfinite(values).all() or (values != np.round(values)).any():
        raise FoedusError(f"dyads holds a missing or non-integer code or year; {accepted}")
    a, b = values[:, 0].astype("int64"), values[:, 1].astype("int64")
    return pd.DataFrame(
        {
            "ccode1": np.minimum(a, b),
            "ccode2": np.maximum(a, b),
            "year": values[:, 2].astype("int64"),
        }
    )


def un_from_points(points: pd.DataFrame, column: str) -> pd.DataFrame:
    """UN similarity of every dyad-year from ideal points (see :func:`un_similarity`).

    Parameters
    ----------
    points
        ``ccode, year`` and the ideal point ``column`` (several rows of a state-year are
        averaged; missing points are dropped).
    column
        The ideal-point column.

    Returns
    -------
    pandas.DataFrame
        ``ccode1 < ccode2, year, x1, x2, un_distance, un_similarity``, by year and dyad.
    """
    p = points.dropna(subset=[column]).groupby(["year", "ccode"], as_index=False)[column].mean()
    frames = []
    for year, g in p.groupby("year", sort=True):
        codes = g["ccode"].to_numpy(dtype="int64")
        x = g[column].to_numpy(dtype="float64")
        i, j = np.triu_indices(len(codes), k=1)
        spread = x.max() - x.min()
        dist = np.abs(x[i] - x[j])
        with np.errstate(invalid="ignore", divide="ignore"):
            sim = 1 - 2 * dist / spread if spread > 0 else np.full(len(i), np.nan)
        frames.append(
            pd.DataFrame(
                {
                    "ccode1": codes[i],
                    "ccode2": codes[j],
                    "year": np.full(len(i), int(year), dtype="int64"),
                    "x1": x[i],
                    "x2": x[j],
                    "un_distance": dist,
                    "un_similarity": sim,
                }
            )
        )
    columns = ["ccode1", "ccode2", "year", "x1", "x2", "un_distance", "un_similarity"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def un_similarity(
    years: str | int | tuple[int, int] | None = None,
    estimate: str = "idealpointall",
    store: Store | None = None,
) -> pd.DataFrame:
    """Similarity of UN General Assembly positions from ideal points, per dyad-year.

    ``un_distance = |x_i − x_j|``; ``un_similarity = 1 − 2·|x_i − x_j| / (max − min)`` over
    the year's states, so it runs from −1 (the year's two extremes) to 1, like S.

    Parameters
    ----------
    years
        ``YYYY``, ``YYYY-YYYY`` or ``(first, last)``; default: the ``unga`` source's years.
    estimate
        The ideal-point column: ``idealpointall`` (from all votes), ``idealpointfp``,
        ``idealpointlegacy``.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame
        ``ccode1 < ccode2, year, x1, x2, un_distance, un_similarity``.

    References
    ----------
    Bailey, M. A., A. Strezhnev and E. Voeten (2017). "Estimating Dynamic State
    Preferences from United Nations Voting Data." JCR 61(2): 430–456 (store source
    ``unga``).
    """
    from foedus.data.cooperation import read_ideal_points
    from foedus.sources import coverage

    _check(estimate, UN_ESTIMATES, "estimate")
    span = _years(years, coverage("unga"))
    points = read_ideal_points(store, estimate.removeprefix("idealpoint"))
    points = points[points["year"].between(*span)]
    return un_from_points(points, estimate)


def dyad_similarity(
    a: str | int,
    b: str | int,
    years: str | int | tuple[int, int] | None = None,
    method: str | Sequence[str] = "s",
    store: Store | None = None,
    **options: Any,
) -> pd.DataFrame:
    """:func:`similarity` of one pair of states in every year both are system members.

    Parameters
    ----------
    a, b
        Names, abbreviations or COW codes of two different states.
    years, method, store
        As :func:`similarity` (years default to ATOP's).
    **options
        ``coding``, ``distance``, ``domain``, ``un_estimate`` of :func:`similarity`.

    Returns
    -------
    pandas.DataFrame
        The :func:`similarity` columns and ``state1``, ``state2`` (the states' names).
    """
    from foedus.states import resolve, system_years

    span = _years(years, atop_years())
    for what, value in (("a", a), ("b", b)):
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise FoedusError(
                f"{what} {shown(value)} is not a state; accepted: a name, abbreviation or COW code"
            )
    first, second = resolve(a, on=span[1]), resolve(b, on=span[1])
    codes = [first.cow_code, second.cow_code]
    if None in codes or codes[0] == codes[1]:
        raise FoedusError(f"states {shown(a)} and {shown(b)} must be two different COW states")
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
