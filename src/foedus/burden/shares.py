"""Membership by date, spending, GDP and population by member-year, shares and compliance.

Spending comes from the SIPRI Military Expenditure Database (store source ``sipri_milex``,
1949 on) and, before 1949, from COW National Material Capabilities (``cow_nmc``, milex in
thousands of current US$ from 1914; NMC gives British pounds before 1914, so earlier years
are refused). GDP is not a column of either: it is derived as SIPRI current-US$ spending
divided by SIPRI's share of GDP, so it exists only where SIPRI gives both (the GDP series
SIPRI itself used). Population is SIPRI current-US$ spending over spending per capita
(1988 on), else NMC total population when ``cow_nmc`` is loaded; where both are missing,
the last population known in the previous three years is carried forward (SIPRI has no
per-capita figure for Türkiye since 2019, and NMC ends in 2022).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from numbers import Real
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.dates import parse_years
from foedus.errors import FoedusError
from foedus.sources import coverage

if TYPE_CHECKING:
    from foedus.store import Store

NMC_FIRST_YEAR = 1914  # NMC milex is in US$ from 1914 (British pounds before)
FIRST_YEAR = 1816  # the state system's first year: membership is asked from here
POPULATION_CARRY_YEARS = 3  # a missing population takes the last one known this recently
RULES = ("midyear", "any")
# NATO guidelines, % of GDP: Wales 2014; The Hague 2025 (3.5 core + 1.5 related by 2035)
GUIDELINES = {"nato_2014": 2.0, "nato_2025_core": 3.5, "nato_2025_total": 5.0}
SPENDING_SOURCES = ("sipri_milex", "cow_nmc")

_ATOP = re.compile(r"^\s*atop\s*[:#]?\s*(\d+)\s*$", re.IGNORECASE)
Years = str | int | tuple[int, int] | None


def sipri_years() -> tuple[int, int]:
    """First and last year of the catalogued SIPRI release (1949-2024 for the 2025 one)."""
    return coverage("sipri_milex")


def shown(value: object) -> str:
    """A value for an error message: its repr on one line, cut at 80 characters; frames
    and arrays by their type."""
    if isinstance(value, pd.DataFrame | pd.Series | np.ndarray):
        return f"<{type(value).__name__} of {len(value)} rows>"
    text = " ".join(repr(value).split())
    return text if len(text) <= 80 else text[:77] + "..."


# -- membership ------------------------------------------------------------------------------
def _check_arrangement(arrangement: object) -> str:
    if not isinstance(arrangement, str) or not arrangement.strip():
        raise FoedusError(
            f"arrangement {shown(arrangement)} is not a name; accepted: a built-in arrangement "
            "(e.g. NATO, CSTO, ANZUS) or an ATOP alliance as atop:3180"
        )
    return arrangement


def atop_id(arrangement: str) -> int | None:
    """The ATOP id of ``"atop:3180"`` (also ``ATOP 3180``, ``atop#3180``), else None."""
    found = _ATOP.match(str(arrangement))
    return int(found.group(1)) if found else None


def builtin_spells(arrangement: str) -> tuple[pd.DataFrame, str]:
    """Member spells of a built-in arrangement (``ccode, joined, left``; left NaT = open)
    and its short name."""
    from foedus import builtin
    from foedus.arrangements import find_arrangement

    row = find_arrangement(_check_arrangement(arrangement))
    members = builtin.load().members
    rows = members[members["arrangement"] == row["id"]]
    spells = pd.DataFrame(
        {
            "ccode": rows["cow_code"].astype("int64"),
            "joined": pd.to_datetime(rows["joined"]),
            "left": pd.to_datetime(rows["left"]),
        }
    )
    return spells, str(row["short"] or row["name"])


def atop_spells(members: pd.DataFrame, atopid: int) -> tuple[pd.DataFrame, str]:
    """Member spells of ATOP alliance ``atopid`` from ATOP 5.1 member rows
    (:func:`foedus.data.atop.read_atop_members`) and its label ``"ATOP 3180"``."""
    rows = members[members["atopid"] == atopid]
    if rows.empty:
        raise FoedusError(
            f"ATOP alliance {atopid} is not in the atop source; accepted: "
            "an atopid of ATOP 5.1 (e.g. atop:3180 for NATO)"
        )
    spells = pd.DataFrame(
        {
            "ccode": rows["member"].astype("int64"),
            "joined": pd.to_datetime(rows["entry"]),
            "left": pd.to_datetime(rows["exit"]),
        }
    )
    return spells, f"ATOP {atopid}"


def check_years(years: Years, last: int, what: str = "years") -> tuple[int, int]:
    """``(first, last)`` from ``1949-2024``, ``2024`` or a tuple, within 1816-``last``."""
    if isinstance(years, bool) or (
        years is not None and not isinstance(years, str | int | tuple | np.integer)
    ):
        raise FoedusError(
            f"{what} {shown(years)} is not a year or range; accepted: YYYY, YYYY-YYYY "
            "or (first, last)"
        )
    if isinstance(years, np.integer):
        years = int(years)
    if isinstance(years, tuple) and (
        len(years) != 2 or not all(isinstance(y, int | np.integer) for y in years)
    ):
        raise FoedusError(
            f"{what} {shown(years)} is not a pair of years; accepted: (first, last) as integers"
        )
    first, end = parse_years(years, what=what, default=(sipri_years()[0], last))
    if first < FIRST_YEAR or end > last:
        raise FoedusError(
            f"{what} {first}-{end} is outside the data; accepted: years from {FIRST_YEAR} to {last}"
        )
    return first, end


def member_years(spells: pd.DataFrame, first: int, last: int, rule: str) -> pd.DataFrame:
    """Member-years (``ccode, year``) from member spells, by entry and exit dates.

    ``rule="midyear"`` counts a state in a year if it was a member on 1 July;
    ``rule="any"`` if it was a member on any day of that year.
    """
    if rule not in RULES:
        raise FoedusError(f"membership rule {shown(rule)} is unknown; accepted: {', '.join(RULES)}")
    grid = spells.merge(pd.DataFrame({"year": np.arange(first, last + 1)}), how="cross")

    def day(month: int, dom: int) -> pd.Series:
        return pd.to_datetime(pd.DataFrame({"year": grid["year"], "month": month, "day": dom}))

    start, end = (day(7, 1), day(7, 1)) if rule == "midyear" else (day(1, 1), day(12, 31))
    inside = (grid["joined"] <= end) & (grid["left"].isna() | (grid["left"] >= start))
    out = grid.loc[inside, ["ccode", "year"]].drop_duplicates()
    return out.sort_values(["year", "ccode"]).reset_index(drop=True)


def membership(
    arrangement: str,
    years: Years = None,
    *,
    rule: str = "midyear",
    store: Store | None = None,
) -> pd.DataFrame:
    """Member-years (``ccode``, ``year``) of an arrangement, by entry and exit dates.

    Parameters
    ----------
    arrangement
        A built-in arrangement by name (``"NATO"``, ``"CSTO"``, ``"Rio Treaty"``) or an
        ATOP 5.1 alliance as ``"atop:3180"`` (store source ``atop``, which ends in 2018).
    years
        ``"1949-2024"``, ``2024`` or ``(first, last)`` (default: SIPRI's years, or to
        ATOP's last year for an ATOP alliance).
    rule
        ``"midyear"`` counts a state in a year if it was a member on 1 July; ``"any"`` if
        it was a member on any day of that year.
    store
        The store, for ATOP alliances (default: the user's store).

    Returns
    -------
    pandas.DataFrame
        ``ccode, year``, sorted; ``attrs``: ``arrangement`` (label), ``years``.
    """
    if rule not in RULES:
        raise FoedusError(f"membership rule {shown(rule)} is unknown; accepted: {', '.join(RULES)}")
    atopid = atop_id(_check_arrangement(arrangement))
    if atopid is not None:
        from foedus.data.atop import read_atop_members

        last = coverage("atop")[1]
        first_last = check_years(years, last)
        spells, label = atop_spells(read_atop_members(store), atopid)
    else:
        spells, label = builtin_spells(arrangement)
        first_last = check_years(years, sipri_years()[1])
    out = member_years(spells, *first_last, rule)
    out.attrs.update(arrangement=label, years=first_last)
    return out


# -- spending, GDP, population ---------------------------------------------------------------
_SPENDING = {
    "ccode": "int64",
    "year": "int64",
    "source": "string",
    "milex_constant_usd_m": "float64",
    "milex_current_usd_m": "float64",
    "milex_share_gdp": "float64",
    "population": "float64",
}


def spending(
    sipri: pd.DataFrame | None, nmc: pd.DataFrame | None, first: int, last: int
) -> pd.DataFrame:
    """Spending, GDP and population by state-year from SIPRI (1949-) and NMC (before).

    Parameters
    ----------
    sipri
        SIPRI Military Expenditure Database rows (:func:`foedus.data.spending.read_sipri_milex`
        with ``milex_per_capita_usd``), or None for years before 1949.
    nmc
        COW NMC rows with ``milex`` (thousands of current US$) and ``tpop`` (thousands)
        (:func:`foedus.data.cow.read_nmc`), or None when not loaded.
    first, last
        The years wanted; rows from ``first - 3`` let population carry forward.

    Returns
    -------
    pandas.DataFrame
        ``ccode, year, source`` (SIPRI or NMC), ``milex_constant_usd_m``,
        ``milex_current_usd_m``, ``milex_share_gdp``, ``population`` (persons) and
        ``gdp_current_usd_m`` (current-US$ spending / share of GDP).
    """
    since = first - POPULATION_CARRY_YEARS
    if sipri is not None:
        s = sipri[sipri["year"].between(max(since, sipri_years()[0]), last)]
        out = pd.DataFrame(
            {
                "ccode": s["ccode"],
                "year": s["year"],
                "source": "SIPRI",
                "milex_constant_usd_m": s["milex_constant_usd_m"],
                "milex_current_usd_m": s["milex_current_usd_m"],
                "milex_share_gdp": s["milex_share_gdp"],
                "population": s["milex_current_usd_m"]
                * 1e6
                / s["milex_per_capita_usd"].where(s["milex_per_capita_usd"] != 0),
            }
        )
    else:
        out = pd.DataFrame({col: pd.Series(dtype=kind) for col, kind in _SPENDING.items()})
    out = out.astype(_SPENDING)
    if nmc is not None:
        n = nmc[nmc["year"].between(since, last)]
        n = pd.DataFrame(
            {
                "ccode": n["ccode"].astype("int64"),
                "year": n["year"].astype("int64"),
                "nmc_milex_current_usd_m": n["milex"].astype("float64") / 1e3,
                "nmc_population": n["tpop"].astype("float64") * 1e3,
            }
        )
        out = out.merge(n, on=["ccode", "year"], how="outer")
        early = out["year"] < sipri_years()[0]
        out["source"] = out["source"].mask(early, "NMC")
        out["milex_current_usd_m"] = out["milex_current_usd_m"].mask(
            early, out.pop("nmc_milex_current_usd_m")
        )
        out["population"] = out["population"].fillna(out.pop("nmc_population"))
    out = out.sort_values(["ccode", "year"])
    out["population"] = out.groupby("ccode")["population"].ffill(limit=POPULATION_CARRY_YEARS)
    out = out[out["year"] >= first]
    share = out["milex_share_gdp"]
    out["gdp_current_usd_m"] = out["milex_current_usd_m"] / share.where(share > 0)
    return out


def check_thresholds(thresholds: object) -> tuple[float, ...]:
    """Guideline thresholds in % of GDP, each a finite number above 0 and at most 100."""
    values = (thresholds,) if isinstance(thresholds, Real | str) else thresholds
    try:
        items = list(values)  # type: ignore[call-overload]
    except TypeError:
        raise FoedusError(
            f"thresholds {shown(thresholds)} are not numbers; accepted: % of GDP, e.g. (2, 3.5)"
        ) from None
    out = []
    for t in items:
        try:
            value = float(t)
        except (TypeError, ValueError):
            value = math.nan
        if isinstance(t, bool) or not (math.isfinite(value) and 0 < value <= 100):
            raise FoedusError(
                f"threshold {shown(t)} is not a share of GDP; accepted: a number of % above 0 and "
                "at most 100 (e.g. 2 or 3.5)"
            )
        out.append(value)
    return tuple(out)


def burden_table(
    members: pd.DataFrame, spending: pd.DataFrame, thresholds: Sequence[float] = (2.0,)
) -> pd.DataFrame:
    """Each member's spending, GDP and burden by year, from member-years and spending.

    Parameters
    ----------
    members
        ``ccode, year`` member-years (:func:`member_years`).
    spending
        Spending by state-year (:func:`spending`).
    thresholds
        Guidelines in % of GDP; one ``meets_<t>pct`` column each.

    Returns
    -------
    pandas.DataFrame
        See :func:`foedus.burden.burden`.
    """
    thresholds = check_thresholds(thresholds)
    table = members.merge(spending, on=["ccode", "year"], how="left")
    table.insert(1, "state", _names(table))
    table["population_m"] = table.pop("population") / 1e6
    table["milex_per_capita_usd"] = table["milex_current_usd_m"] / table["population_m"]
    table["gdp_per_capita_usd"] = table["gdp_current_usd_m"] / table["population_m"]
    table = _shares(table)
    for t in thresholds:
        meets = table["milex_share_gdp"] >= float(t) / 100 - 1e-12
        table[threshold_column(t)] = meets.astype("boolean").mask(table["milex_share_gdp"].isna())
    table = table.sort_values(["year", "ccode"]).reset_index(drop=True)
    table.attrs.update(thresholds=list(thresholds))
    return table


def burden(
    arrangement: str,
    years: Years = None,
    *,
    thresholds: Sequence[float] = (GUIDELINES["nato_2014"],),
    rule: str = "midyear",
    store: Store | None = None,
) -> pd.DataFrame:
    """Each member's spending, GDP and burden, by year, with guideline compliance.

    Parameters
    ----------
    arrangement
        A built-in arrangement (``"NATO"``) or an ATOP alliance (``"atop:3180"``).
    years
        ``"2014-2024"``, ``2024`` or ``(first, last)``; from 1914 (default 1949-2024).
    thresholds
        Guidelines in % of GDP, each above 0 and at most 100 (default: NATO's 2%).
    rule
        Membership in a year: ``"midyear"`` (on 1 July) or ``"any"`` (any day).
    store
        The store holding ``sipri_milex`` (and ``cow_nmc``, ``atop``); default the user's.

    Returns
    -------
    pandas.DataFrame
        ``ccode``, ``state``, ``year``, ``source`` (SIPRI or NMC),
        ``milex_constant_usd_m`` (SIPRI, constant US$ of the release's base year),
        ``milex_current_usd_m``, ``milex_share_gdp`` (fraction), ``gdp_current_usd_m``,
        ``population_m``, ``milex_per_capita_usd``, ``gdp_per_capita_usd``,
        ``spending_share`` and ``gdp_share`` (the member's share of the alliance's spending
        and of its GDP, both in current US$, over the members with both known),
        ``burden_ratio`` (spending share / GDP share, = own ME/GDP over the alliance's; >1
        carries more than its economic weight), and one ``meets_<t>pct`` column per
        threshold ``t`` (null without data). ``attrs``: ``arrangement``, ``thresholds``,
        ``releases`` (source name to release version).

    References
    ----------
    SIPRI Military Expenditure Database (2025 release, 1949-2024); Singer, Bremer & Stuckey
    (1972), COW National Material Capabilities (7.0), before 1949. GDP = current-US$
    spending / share of GDP.
    """
    from foedus.data.cow import read_nmc
    from foedus.data.spending import read_releases, read_sipri_milex

    thresholds = check_thresholds(thresholds)
    members = membership(arrangement, years, rule=rule, store=store)
    first, last = members.attrs["years"]
    label = members.attrs["arrangement"]
    if members.empty:
        raise FoedusError(
            f"{label} has no members in {first}-{last} "
            f"(membership rule {rule!r}); accepted: years it was in force"
        )
    if first < NMC_FIRST_YEAR:
        raise FoedusError(
            f"years {first}-{last}: spending in US$ starts in {NMC_FIRST_YEAR} "
            f"(NMC); accepted: years from {NMC_FIRST_YEAR}"
        )
    releases = read_releases(SPENDING_SOURCES, store)
    since = first - POPULATION_CARRY_YEARS
    sipri = None
    if last >= sipri_years()[0]:
        columns = ("milex_constant_usd_m", "milex_current_usd_m", "milex_share_gdp")
        sipri = read_sipri_milex(store, (since, last), (*columns, "milex_per_capita_usd"))
    nmc = None
    if first < sipri_years()[0] or "cow_nmc" in releases:
        nmc = read_nmc(store, (since, last), ("milex", "tpop"))
    table = burden_table(members, spending(sipri, nmc, first, last), thresholds)
    table.attrs.update(arrangement=label, releases=releases)
    return table


def threshold_column(threshold: float) -> str:
    """The compliance column of a threshold in % of GDP: 2 -> ``meets_2pct``."""
    return f"meets_{float(threshold):g}pct"


def _shares(table: pd.DataFrame) -> pd.DataFrame:
    known = table["milex_current_usd_m"].notna() & table["gdp_current_usd_m"].notna()
    milex = table["milex_current_usd_m"].where(known)
    gdp = table["gdp_current_usd_m"].where(known)
    table["spending_share"] = milex / milex.groupby(table["year"]).transform("sum")
    table["gdp_share"] = gdp / gdp.groupby(table["year"]).transform("sum")
    table["burden_ratio"] = table["spending_share"] / table["gdp_share"]
    return table


def _names(table: pd.DataFrame) -> pd.Series:
    """The name each state bore on 1 July of each year."""
    from foedus.states import names_on

    days = pd.to_datetime(pd.DataFrame({"year": table["year"], "month": 7, "day": 1}))
    return names_on(table["ccode"], days)


def burden_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per year of a :func:`burden` table: totals, alliance-wide share, compliance.

    Parameters
    ----------
    table
        A :func:`burden` table.

    Returns
    -------
    pandas.DataFrame
        ``year, members, with_data, milex_constant_usd_m, milex_current_usd_m,
        alliance_share_gdp`` (combined spending over combined GDP, members with both),
        ``median_share_gdp`` and per threshold ``meets_<t>pct`` (count) and
        ``meets_<t>pct_share`` (of the members with data).
    """
    needed = {"year", "milex_share_gdp", "gdp_current_usd_m", "milex_current_usd_m"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise FoedusError(
            "burden_summary takes a burden() table; accepted: a frame with columns "
            f"{', '.join(sorted(needed))} (got {type(table).__name__})"
        )
    known = table["milex_share_gdp"].notna()
    both = known & table["gdp_current_usd_m"].notna()
    frame = table.assign(
        _known=known,
        _milex=table["milex_current_usd_m"].where(both),
        _gdp=table["gdp_current_usd_m"].where(both),
    )
    if "milex_constant_usd_m" not in frame:
        frame["milex_constant_usd_m"] = np.nan
    grouped = frame.groupby("year")
    out = pd.DataFrame(
        {
            "members": grouped.size(),
            "with_data": grouped["_known"].sum(),
            "milex_constant_usd_m": grouped["milex_constant_usd_m"].sum(min_count=1),
            "milex_current_usd_m": grouped["milex_current_usd_m"].sum(min_count=1),
            "alliance_share_gdp": grouped["_milex"].sum(min_count=1)
            / grouped["_gdp"].sum(min_count=1),
            "median_share_gdp": grouped["milex_share_gdp"].median(),
        }
    )
    for col in [c for c in table.columns if str(c).startswith("meets_")]:
        out[col] = grouped[col].sum()
        out[f"{col}_share"] = out[col] / out["with_data"].where(out["with_data"] > 0)
    return out.reset_index()
