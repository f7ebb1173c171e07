"""Fair shares of a collective spending target: by ability to pay, by benefit, or equal."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import optimize

from foedus.burden.shares import burden, check_years, shown, sipri_years
from foedus.errors import FoedusError

if TYPE_CHECKING:
    from foedus.store import Store

ALLOCATION_RULES = ("ability", "benefit", "equal")
_AMOUNT = re.compile(
    r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([kmbt]?)\s*(?:us\$|usd|\$)\s*$", re.IGNORECASE
)
_SHARE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*%\s*(?:gdp)?\s*$", re.IGNORECASE)
_SCALE_TO_MILLIONS = {"": 1e-6, "k": 1e-3, "m": 1.0, "b": 1e3, "t": 1e6}
Bounds = str | Mapping[Any, str] | None  # a state (name or COW code) to a value
_COLUMNS = [
    "ccode",
    "state",
    "gdp_current_usd_m",
    "population_m",
    "milex_current_usd_m",
    "milex_share_gdp",
]


def fair_shares(
    weights: np.ndarray,
    target: float,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
) -> np.ndarray:
    """Split ``target`` in proportion to ``weights`` within per-member bounds.

    Solves  min sum_i (x_i - a_i)^2 / a_i  subject to  sum_i x_i = target,
    lower_i <= x_i <= upper_i, where a_i = target * w_i / sum(w) is the unconstrained
    proportional share. The Karush–Kuhn–Tucker conditions give x_i = clip(c * w_i, lower_i,
    upper_i) for one scalar c: what a bound takes from (or gives to) one member is spread
    over the free members in proportion to their weights. ``scipy.optimize.brentq`` finds c.

    Parameters
    ----------
    weights
        Non-negative weights, not all zero.
    target
        The total to split (finite, not negative).
    lower, upper
        Per-member floors and ceilings (NaN or None: none).

    Returns
    -------
    numpy.ndarray
        Each member's share; they sum to ``target``.
    """
    w = np.asarray(weights, dtype="float64")
    lo = _filled(lower, w, 0.0)
    hi = _filled(upper, w, np.inf)
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise FoedusError("weights must be finite, non-negative and not all zero")
    if not math.isfinite(target) or target < 0:
        raise FoedusError(f"target {target!r} must be a finite amount of at least 0")
    if (lo > hi).any():
        i = int(np.flatnonzero(lo > hi)[0])
        raise FoedusError(f"member {i}: floor {lo[i]:.6g} exceeds ceiling {hi[i]:.6g}")
    if not lo.sum() <= target <= hi.sum():
        raise FoedusError(
            f"target {target:,.6g} cannot be met within the bounds: floors sum "
            f"to {lo.sum():,.6g}, ceilings to {hi.sum():,.6g}; accepted: a target between "
            "the two, or looser floors and ceilings"
        )

    def excess(c: float) -> float:
        return float(np.clip(c * w, lo, hi).sum() - target)

    top = max(target / w.sum(), 1e-300)
    while excess(top) < 0:
        top *= 2
    c = optimize.brentq(excess, 0.0, top, xtol=1e-14 * top, rtol=1e-15, maxiter=500)
    return np.clip(c * w, lo, hi)


def _filled(bounds: np.ndarray | None, like: np.ndarray, default: float) -> np.ndarray:
    """Bounds as floats, ``default`` where none is given (None or NaN)."""
    if bounds is None:
        return np.full_like(like, default)
    values = np.asarray(bounds, dtype="float64")
    return np.where(np.isnan(values), default, values)


def parse_target(text: str | float, total_gdp: float) -> float:
    """A collective target in US$ m from ``2%gdp`` (of combined GDP) or ``1.2tusd``.

    Parameters
    ----------
    text
        ``"N%gdp"`` (or ``"N%"``) of ``total_gdp``, or an amount with k/m/b/t and usd.
    total_gdp
        The members' combined GDP in US$ m.

    Returns
    -------
    float
        The target in US$ m (finite, at least 0).
    """
    share = _SHARE.match(str(text))
    if share:
        return _finite(float(share.group(1)) / 100 * total_gdp, text, "target")
    return _usd(text, "target")


def _finite(value: float, text: object, what: str) -> float:
    if not math.isfinite(value):
        raise FoedusError(
            f"{what} {shown(text)} is too large to compute with; accepted: a finite amount "
            "(e.g. 1.5tusd, 900busd) or N%gdp"
        )
    return value


def _usd(text: str | float, what: str) -> float:
    amount = _AMOUNT.match(str(text))
    if not amount:
        raise FoedusError(
            f"{what} {shown(text)} is not understood; accepted: N%gdp (e.g. 2%gdp) "
            "or an amount with k/m/b/t and usd (e.g. 1.5tusd, 900busd)"
        )
    value = float(amount.group(1)) * _SCALE_TO_MILLIONS[amount.group(2).lower()]
    return _finite(value, text, what)


def _bounds(spec: Bounds, table: pd.DataFrame, year: int, what: str) -> np.ndarray:
    """Per-member bounds in US$ m from ``1.5%`` / ``900busd`` for all, or per state."""
    from foedus.states import resolve

    out = np.full(len(table), np.nan)
    if spec is None:
        return out
    if not isinstance(spec, str | Mapping):
        raise FoedusError(
            f"{what}s {shown(spec)} are not understood; accepted: one value (e.g. '1%') or a "
            "mapping from state to value (e.g. {'USA': '3.5%'})"
        )
    items = spec.items() if isinstance(spec, Mapping) else [("*", spec)]
    for key, value in sorted(items, key=lambda item: item[0] != "*"):  # "*" first
        if key == "*":
            rows = np.ones(len(table), dtype=bool)
        else:
            try:
                code = resolve(key, on=dt.date(year, 7, 1)).cow_code
            except FoedusError as exc:
                raise FoedusError(f"{what} for {shown(key)}: {exc}") from None
            rows = (table["ccode"] == code).to_numpy()
            if not rows.any():
                raise FoedusError(
                    f"{what} for {shown(key)}: not a member with data in {year}; "
                    f"accepted: one of {', '.join(table['state'])}"
                )
        share = _SHARE.match(str(value))
        if share:
            out[rows] = float(share.group(1)) / 100 * table["gdp_current_usd_m"].to_numpy()[rows]
        else:
            out[rows] = _usd(value, what)
    return out


def proximity(
    table: pd.DataFrame, distances: pd.DataFrame, threat: int, year: int, scale_km: float
) -> np.ndarray:
    """``1 / (1 + d / scale_km)`` for each member's minimum distance ``d`` (km) to ``threat``.

    Parameters
    ----------
    table
        Members (``ccode``, ``state``).
    distances
        Minimum distances by dyad-year (``ccode1, ccode2, year, mindist``; CShapes 2.0,
        Schvitz et al. 2022, :func:`foedus.data.cow.read_minimum_distance`); the latest
        year up to ``year`` is used.
    threat
        The threat's COW code (distance 0 to itself).
    year
        The year of the allocation.
    scale_km
        The distance at which proximity halves, in km (finite, above 0).

    Returns
    -------
    numpy.ndarray
        One proximity in (0, 1] per row of ``table``.
    """
    _check_scale(scale_km)
    near = distances[
        ((distances["ccode1"] == threat) | (distances["ccode2"] == threat))
        & (distances["year"] <= year)
    ]
    near = near[near["year"] == near["year"].max()]
    other = near["ccode2"].where(near["ccode1"] == threat, near["ccode1"])
    by_state = pd.Series(near["mindist"].to_numpy(), index=other.to_numpy())
    by_state = by_state[~by_state.index.duplicated()]
    d = table["ccode"].map(by_state).where(table["ccode"] != threat, 0.0)
    if d.isna().any():
        lacking = ", ".join(table.loc[d.isna(), "state"].astype(str))
        raise FoedusError(
            f"threat {threat}: no distance in the mindist source for {lacking} "
            f"in or before {year}; accepted: states of the CShapes 2.0 data"
        )
    return 1.0 / (1.0 + d.to_numpy(dtype="float64") / scale_km)


def _check_scale(scale_km: object) -> float:
    try:
        value = float(scale_km)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = math.nan
    if isinstance(scale_km, bool) or not (math.isfinite(value) and value > 0):
        raise FoedusError(
            f"scale_km {shown(scale_km)}: accepted: a distance in km above 0 (e.g. 1000)"
        )
    return value


def _check_year(year: object) -> int:
    """One year as an int, within SIPRI's years (the only source of GDP)."""
    first, last = sipri_years()
    if isinstance(year, bool) or not isinstance(year, int | np.integer | str):
        raise FoedusError(
            f"year {shown(year)} is not a year; accepted: YYYY from {first} to {last}"
        )
    text = str(year).strip()
    if not text.isdecimal() or not first <= int(text) <= last:
        raise FoedusError(
            f"year {shown(year)}: accepted: one year YYYY from {first} to {last} (SIPRI gives GDP)"
        )
    return check_years(int(text), last, what="year")[0]


def allocate(
    arrangement: str,
    year: int,
    target: str | float = "2%gdp",
    rule: str = "ability",
    *,
    floors: Bounds = None,
    ceilings: Bounds = None,
    threat: str | None = None,
    scale_km: float = 1000.0,
    membership_rule: str = "midyear",
    store: Store | None = None,
) -> pd.DataFrame:
    """Fair shares of a collective spending target among an arrangement's members in ``year``.

    Rules:

    - ``ability``: ability to pay, shares proportional to GDP; what floors and ceilings
      shift is spread over the other members in proportion to GDP (:func:`fair_shares`),
      so the collective target is met exactly.
    - ``benefit``: shares proportional to exposure, the mean of the member's share of the
      members' GDP and of their population, weighted by proximity ``1/(1 + d/scale_km)``
      to ``threat`` (d = minimum distance, CShapes 2.0, store source ``mindist``) — the
      benefit principle of Sandler & Hartley (1999), *The Political Economy of NATO*.
    - ``equal``: an equal share of GDP, the pledge model of NATO guidelines: every member
      is asked the same rate of its own GDP (target / combined GDP), cut to its floor or
      ceiling, with no redistribution, so bounds leave the total above or below target.
      Without bounds it equals ``ability``.

    Parameters
    ----------
    arrangement
        A built-in arrangement (``"NATO"``) or an ATOP alliance (``"atop:3180"``).
    year
        The year of GDP and spending, within SIPRI's years (1949-2024).
    target
        ``"2%gdp"`` (of the members' combined GDP) or an amount (``"1.5tusd"``).
    rule
        ``ability``, ``benefit`` or ``equal``.
    floors, ceilings
        ``"1%"`` / ``"1%gdp"`` of each member's GDP, or an amount (``"900busd"``); one
        value for all members, or a mapping from state to value.
    threat
        The threat (a state name or code), for ``rule="benefit"``.
    scale_km
        Benefit rule: the distance at which proximity halves, in km (above 0).
    membership_rule
        ``midyear`` (member on 1 July) or ``any`` (any day of the year).
    store
        The store holding ``sipri_milex`` (and ``mindist`` for the benefit rule).

    Returns
    -------
    pandas.DataFrame
        One row per member: GDP, population, current spending and share of GDP, the
        rule's weight, ``fair_share_usd_m``, ``fair_share_gdp``, ``gap_usd_m`` (fair share
        minus current spending), ``cost_to_close_usd_m`` (the increase needed, 0 when at or
        above the fair share), ``cost_to_close_gdp`` and ``bound`` (floor/ceiling when
        binding). Members without SIPRI GDP for the year (e.g. Iceland) get no share.
    """
    if rule not in ALLOCATION_RULES:
        raise FoedusError(f"rule {shown(rule)} is unknown; accepted: {', '.join(ALLOCATION_RULES)}")
    if rule == "benefit" and threat is None:
        raise FoedusError("rule 'benefit' needs a threat; accepted: --threat STATE (e.g. RUS)")
    if threat is not None and not isinstance(threat, str | int):
        raise FoedusError(f"threat {shown(threat)} is not a state; accepted: a name or COW code")
    scale = _check_scale(scale_km)
    year = _check_year(year)
    if not isinstance(target, str | int | float) or isinstance(target, bool):
        raise FoedusError(f"target {shown(target)} is not understood; accepted: N%gdp or 1.5tusd")
    table = burden(arrangement, year, thresholds=(), rule=membership_rule, store=store)
    table = table[_COLUMNS]
    usable = table["gdp_current_usd_m"].notna().to_numpy()
    data = table[usable].reset_index(drop=True)
    if data.empty:
        raise FoedusError(
            f"{arrangement} {year}: no member has SIPRI GDP and spending; "
            "accepted: a year with SIPRI data for the members"
        )
    total = parse_target(target, float(data["gdp_current_usd_m"].sum()))
    if rule == "benefit":
        from foedus.data.cow import read_minimum_distance
        from foedus.states import resolve

        code = resolve(str(threat), on=dt.date(year, 7, 1)).cow_code
        assert code is not None  # a state resolved on a date of the COW system has a code
        near = proximity(data, read_minimum_distance(store), code, year, scale)
        weights = benefit_weights(data, near, year)
    else:
        weights = ability_weights(data)
    return shares_table(data, table[~usable], weights, total, rule, year, floors, ceilings)


def ability_weights(data: pd.DataFrame) -> np.ndarray:
    """Each member's share of the members' GDP."""
    gdp = data["gdp_current_usd_m"].to_numpy(dtype="float64")
    return gdp / gdp.sum()


def benefit_weights(data: pd.DataFrame, near: np.ndarray, year: int) -> np.ndarray:
    """Exposure (Sandler & Hartley 1999): the mean of the member's GDP share and population
    share, times its proximity to the threat, normalised to sum to 1."""
    gdp = data["gdp_current_usd_m"].to_numpy(dtype="float64")
    pop = data["population_m"].to_numpy(dtype="float64")
    if np.isnan(pop).any():
        lacking = ", ".join(data.loc[np.isnan(pop), "state"].astype(str))
        raise FoedusError(
            f"rule 'benefit': no population for {lacking} in {year}; accepted: "
            "a year from 1988 (SIPRI per capita) or load cow_nmc"
        )
    exposure = (gdp / gdp.sum() + pop / pop.sum()) / 2 * near
    return exposure / exposure.sum()


def shares_table(
    data: pd.DataFrame,
    rest: pd.DataFrame,
    weights: np.ndarray,
    total: float,
    rule: str,
    year: int,
    floors: Bounds = None,
    ceilings: Bounds = None,
) -> pd.DataFrame:
    """The allocation of ``total`` among the members of ``data`` by ``weights`` (see
    :func:`allocate`); ``rest`` (members without GDP) is appended without a share."""
    lo = _bounds(floors, data, year, "floor")
    hi = _bounds(ceilings, data, year, "ceiling")
    crossed = lo > hi
    if crossed.any():
        i = int(np.flatnonzero(crossed)[0])
        raise FoedusError(
            f"{data['state'].iloc[i]}: floor US$ {lo[i]:,.0f} m exceeds ceiling "
            f"US$ {hi[i]:,.0f} m; accepted: a floor at or below the ceiling"
        )
    if rule == "equal":
        rate = total / data["gdp_current_usd_m"].sum()
        gdp = data["gdp_current_usd_m"].to_numpy()
        shares = np.clip(rate * gdp, _filled(lo, gdp, 0.0), _filled(hi, gdp, np.inf))
    else:
        shares = fair_shares(weights, total, lo, hi)
    out = data.copy()
    out["weight"] = weights
    out["fair_share_usd_m"] = shares
    out["fair_share_gdp"] = shares / out["gdp_current_usd_m"]
    out["gap_usd_m"] = shares - out["milex_current_usd_m"]
    out["cost_to_close_usd_m"] = out["gap_usd_m"].clip(lower=0)
    out["cost_to_close_gdp"] = out["cost_to_close_usd_m"] / out["gdp_current_usd_m"]
    tol = 1e-9 * max(float(np.nanmax(np.abs(shares))), 1.0)
    at_ceiling = np.abs(shares - _filled(hi, shares, np.inf)) <= tol
    at_floor = np.abs(shares - _filled(lo, shares, -np.inf)) <= tol
    out["bound"] = np.where(at_ceiling, "ceiling", np.where(at_floor, "floor", ""))
    if not rest.empty:
        out = pd.concat([out, rest.assign(weight=np.nan)], ignore_index=True)
    out.attrs.update(target_usd_m=total, rule=rule, year=year)
    return out
