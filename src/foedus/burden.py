"""Burden sharing: who pays for collective defense, the Olson–Zeckhauser test, fair shares.

Spending comes from the SIPRI Military Expenditure Database (store source ``sipri_milex``,
1949 on) and, before 1949, from COW National Material Capabilities (``cow_nmc``, milex in
thousands of current US$ from 1914; NMC gives British pounds before 1914, so earlier years
are refused). GDP is not a column of either: it is derived as SIPRI current-US$ spending
divided by SIPRI's share of GDP, so it exists only where SIPRI gives both (the GDP series
SIPRI itself used). Population is SIPRI current-US$ spending over spending per capita
(1988 on), else NMC total population when ``cow_nmc`` is loaded; where both are missing,
the last population known in the previous three years is carried forward (SIPRI has no
per-capita figure for Türkiye since 2019, and NMC ends in 2022).

Membership in a year follows the arrangement's entry and exit dates: by default a state
counts in a year if it was a member on 1 July (``rule="midyear"``); ``rule="any"`` counts
it if it was a member on any day of the year. Arrangements are built-in ones (by name,
e.g. "NATO", "CSTO", "ANZUS", "Rio Treaty") or ATOP 5.1 alliances as ``"atop:3180"``
(store source ``atop``, which ends in 2018).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from scipy import optimize, stats

from foedus.dates import parse_years
from foedus.errors import FoedusError
from foedus.store import Store

NMC_FIRST_YEAR = 1914  # NMC milex is in US$ from 1914 (British pounds before)
SIPRI_FIRST_YEAR, SIPRI_LAST_YEAR = 1949, 2024
ATOP_LAST_YEAR = 2018
POPULATION_CARRY_YEARS = 3  # a missing population takes the last one known this recently
RULES = ("midyear", "any")
ALLOCATION_RULES = ("ability", "benefit", "equal")
# NATO guidelines, % of GDP: Wales 2014; The Hague 2025 (3.5 core + 1.5 related by 2035)
GUIDELINES = {"nato_2014": 2.0, "nato_2025_core": 3.5, "nato_2025_total": 5.0}

# Olson & Zeckhauser (1966), "An Economic Theory of Alliances", Review of Economics and
# Statistics 48(3): 266-279, Table 1: NATO, 1964, GNP against defense budget as % of GNP.
OLSON_ZECKHAUSER_1966 = {"arrangement": "nato", "year": 1964, "n": 14, "rho": 0.490}

_ATOP = re.compile(r"^\s*atop\s*[:#]?\s*(\d+)\s*$", re.IGNORECASE)
_AMOUNT = re.compile(
    r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([kmbt]?)\s*(?:us\$|usd|\$)\s*$", re.IGNORECASE
)
_SHARE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*%\s*(?:gdp)?\s*$", re.IGNORECASE)
_SCALE_TO_MILLIONS = {"": 1e-6, "k": 1e-3, "m": 1.0, "b": 1e3, "t": 1e6}


# -- membership ------------------------------------------------------------------------------
def _spells(arrangement: str, store: Store) -> tuple[pd.DataFrame, str]:
    """Member spells (ccode, joined, left as Timestamps; left NaT = open) and a label."""
    atop = _ATOP.match(str(arrangement))
    if atop:
        atopid = int(atop.group(1))
        member = store.table("atop", "member", columns=["atopid", "member", "entry", "exit"])
        rows = member[member["atopid"] == atopid]
        if rows.empty:
            raise FoedusError(
                f"ATOP alliance {atopid} is not in the atop source; accepted: "
                "an atopid of ATOP 5.1 (e.g. atop:3180 for NATO)"
            )
        spells = pd.DataFrame(
            {"ccode": rows["member"].astype("int64"), "joined": rows["entry"], "left": rows["exit"]}
        )
        return spells, f"ATOP {atopid}"
    from foedus import builtin
    from foedus.arrangements import find_arrangement

    row = find_arrangement(arrangement)
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


def membership(
    arrangement: str,
    years: str | int | tuple[int, int] | None = None,
    *,
    rule: str = "midyear",
    store: Store | None = None,
) -> pd.DataFrame:
    """Member-years (``ccode``, ``year``) of an arrangement, by entry and exit dates.

    ``rule="midyear"`` counts a state in a year if it was a member on 1 July;
    ``rule="any"`` if it was a member on any day of that year.
    """
    store = store or Store()
    if rule not in RULES:
        raise FoedusError(f"membership rule {rule!r} is unknown; accepted: {', '.join(RULES)}")
    spells, label = _spells(arrangement, store)
    atop = label.startswith("ATOP")
    first, last = parse_years(
        years, default=(SIPRI_FIRST_YEAR, ATOP_LAST_YEAR if atop else SIPRI_LAST_YEAR)
    )
    if atop and last > ATOP_LAST_YEAR:
        raise FoedusError(
            f"years {first}-{last}: ATOP 5.1 ends in {ATOP_LAST_YEAR}; accepted: "
            f"years up to {ATOP_LAST_YEAR} for {label}"
        )
    grid = spells.merge(pd.DataFrame({"year": np.arange(first, last + 1)}), how="cross")
    year = grid["year"].astype(str)
    if rule == "midyear":
        start = end = pd.to_datetime(year + "-07-01")
    else:
        start, end = pd.to_datetime(year + "-01-01"), pd.to_datetime(year + "-12-31")
    inside = (grid["joined"] <= end) & (grid["left"].isna() | (grid["left"] >= start))
    out = grid.loc[inside, ["ccode", "year"]].drop_duplicates()
    out = out.sort_values(["year", "ccode"]).reset_index(drop=True)
    out.attrs.update(arrangement=label, years=(first, last))
    return out


# -- spending, GDP, population ---------------------------------------------------------------
def _sipri(store: Store, first: int, last: int) -> pd.DataFrame:
    con = duckdb.connect()
    query = f"""
        SELECT ccode::BIGINT AS ccode, year::BIGINT AS year, 'SIPRI' AS source,
               milex_constant_usd_m, milex_current_usd_m, milex_share_gdp,
               milex_current_usd_m * 1e6 / NULLIF(milex_per_capita_usd, 0) AS population
        FROM read_parquet('{store.path("sipri_milex", "milex").as_posix()}')
        WHERE ccode IS NOT NULL AND year BETWEEN {first} AND {last}
    """
    return con.sql(query).df()


def _nmc(store: Store, first: int, last: int) -> pd.DataFrame:
    nmc = store.table("cow_nmc", "nmc", columns=["ccode", "year", "milex", "tpop"])
    nmc = nmc[(nmc["year"] >= first) & (nmc["year"] <= last)]
    return pd.DataFrame(
        {
            "ccode": nmc["ccode"].astype("int64"),
            "year": nmc["year"].astype("int64"),
            "nmc_milex_current_usd_m": nmc["milex"].astype("float64") / 1e3,
            "nmc_population": nmc["tpop"].astype("float64") * 1e3,
        }
    )


_SPENDING = {
    "ccode": "int64",
    "year": "int64",
    "source": "string",
    "milex_constant_usd_m": "float64",
    "milex_current_usd_m": "float64",
    "milex_share_gdp": "float64",
    "population": "float64",
}


def _spending(store: Store, first: int, last: int) -> pd.DataFrame:
    """Spending, GDP and population by state-year from SIPRI (1949-) and NMC (before)."""
    since = first - POPULATION_CARRY_YEARS
    if last >= SIPRI_FIRST_YEAR:
        out = _sipri(store, max(since, SIPRI_FIRST_YEAR), last)
    else:
        out = pd.DataFrame({col: pd.Series(dtype=kind) for col, kind in _SPENDING.items()})
    out = out.astype(_SPENDING)
    if first < SIPRI_FIRST_YEAR or store.has("cow_nmc"):
        out = out.merge(_nmc(store, since, last), on=["ccode", "year"], how="outer")
        early = out["year"] < SIPRI_FIRST_YEAR
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


def burden(
    arrangement: str,
    years: str | int | tuple[int, int] | None = None,
    *,
    thresholds: Sequence[float] = (GUIDELINES["nato_2014"],),
    rule: str = "midyear",
    store: Store | None = None,
) -> pd.DataFrame:
    """Each member's spending, GDP and burden, by year, with guideline compliance.

    Columns: ``ccode``, ``state``, ``year``, ``source`` (SIPRI or NMC),
    ``milex_constant_usd_m`` (SIPRI, constant US$ of the release's base year),
    ``milex_current_usd_m``, ``milex_share_gdp`` (fraction), ``gdp_current_usd_m``,
    ``population_m``, ``milex_per_capita_usd``, ``gdp_per_capita_usd``, ``spending_share``
    and ``gdp_share`` (the member's share of the alliance's spending and of its GDP, both
    in current US$, over the members with both known), ``burden_ratio`` (spending share /
    GDP share, = own ME/GDP over the alliance's; >1 carries more than its economic weight),
    and one ``meets_<t>pct`` column per threshold ``t`` in % of GDP (null without data).

    Data: SIPRI Military Expenditure Database (2025 release, 1949-2024); COW NMC
    (Singer, Bremer & Stuckey 1972) before 1949. GDP = current-US$ spending / share of GDP.
    """
    store = store or Store()
    members = membership(arrangement, years, rule=rule, store=store)
    first, last = members.attrs["years"]
    if members.empty:
        raise FoedusError(
            f"{members.attrs['arrangement']} has no members in {first}-{last} "
            f"(membership rule {rule!r}); accepted: years it was in force"
        )
    if first < NMC_FIRST_YEAR:
        raise FoedusError(
            f"years {first}-{last}: spending in US$ starts in {NMC_FIRST_YEAR} "
            f"(NMC); accepted: years from {NMC_FIRST_YEAR}"
        )
    table = members.merge(_spending(store, first, last), on=["ccode", "year"], how="left")
    table.insert(1, "state", _names(table))
    table["population_m"] = table.pop("population") / 1e6
    table["milex_per_capita_usd"] = table["milex_current_usd_m"] / table["population_m"]
    table["gdp_per_capita_usd"] = table["gdp_current_usd_m"] / table["population_m"]
    table = _shares(table)
    for t in thresholds:
        meets = table["milex_share_gdp"] >= float(t) / 100 - 1e-12
        table[threshold_column(t)] = meets.astype("boolean").mask(table["milex_share_gdp"].isna())
    table.attrs["arrangement"] = members.attrs["arrangement"]
    return table.sort_values(["year", "ccode"]).reset_index(drop=True)


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
    """The name each state bore on 1 July of each year (vectorised over the state table)."""
    from foedus.states import state_table

    spells = state_table()[["cow_code", "name", "first", "last"]].dropna(subset=["cow_code"])
    spells = spells.assign(cow_code=spells["cow_code"].astype("int64"))
    keyed = table[["ccode", "year"]].reset_index()
    pairs = keyed.merge(spells, left_on="ccode", right_on="cow_code", how="left")
    day = pd.to_datetime(pairs["year"].astype(str) + "-07-01")
    pairs["covers"] = (pairs["first"] <= day) & (pairs["last"] >= day)
    best = pairs.sort_values(["covers", "last"]).drop_duplicates("index", keep="last")
    return best.set_index("index")["name"].reindex(table.index).astype("string")


def burden_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per year of a :func:`burden` table: totals, alliance-wide share, compliance."""
    known = table["milex_share_gdp"].notna()
    both = known & table["gdp_current_usd_m"].notna()
    frame = table.assign(
        _known=known,
        _milex=table["milex_current_usd_m"].where(both),
        _gdp=table["gdp_current_usd_m"].where(both),
    )
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
    for col in [c for c in table.columns if c.startswith("meets_")]:
        out[col] = grouped[col].sum()
        out[f"{col}_share"] = out[col] / out["with_data"].where(out["with_data"] > 0)
    return out.reset_index()


# -- Olson & Zeckhauser ----------------------------------------------------------------------
def olson_zeckhauser(table: pd.DataFrame) -> pd.DataFrame:
    """Spearman's rank correlation between size (GDP) and burden (ME/GDP), per year.

    Olson, Mancur, and Richard Zeckhauser. 1966. "An Economic Theory of Alliances." Review
    of Economics and Statistics 48(3): 266-279: if defense is a public good to allies, the
    larger allies carry a disproportionate burden, so rho > 0. Members without both values
    are left out. ``p_value`` is two-sided, from the t distribution with n-2 degrees of
    freedom (as ``scipy.stats.spearmanr``), computed for all years at once. A positive rho
    shows disproportionate burdens, not free riding itself: Plümper, Thomas, and Eric
    Neumayer. 2015. "Free-riding in Alliances: Testing an Old Theory with a New Method."
    Conflict Management and Peace Science 32(3): 247-268, argue the rank test cannot tell
    free riding from other reasons for the correlation, and model spending as spatially
    dependent on allies' spending instead.
    """
    data = table.dropna(subset=["gdp_current_usd_m", "milex_share_gdp"])
    ranks = pd.DataFrame(
        {
            "year": data["year"],
            "x": data.groupby("year")["gdp_current_usd_m"].rank(),
            "y": data.groupby("year")["milex_share_gdp"].rank(),
        }
    )
    ranks["xy"], ranks["xx"], ranks["yy"] = ranks.x * ranks.y, ranks.x**2, ranks.y**2
    s = ranks.groupby("year").agg(
        n=("x", "size"),
        sx=("x", "sum"),
        sy=("y", "sum"),
        sxy=("xy", "sum"),
        sxx=("xx", "sum"),
        syy=("yy", "sum"),
    )
    cov = s.sxy - s.sx * s.sy / s.n
    var = (s.sxx - s.sx**2 / s.n) * (s.syy - s.sy**2 / s.n)
    rho = (cov / np.sqrt(var.where(var > 0))).clip(-1, 1).where(s.n > 2)
    dof = s.n - 2
    with np.errstate(divide="ignore", invalid="ignore"):
        t = rho * np.sqrt(dof / ((1 - rho) * (1 + rho)))
    p = pd.Series(2 * stats.t.sf(np.abs(t), dof.clip(lower=1)), index=s.index).where(s.n > 2)
    out = pd.DataFrame(
        {"year": s.index, "n": s.n.to_numpy(), "rho": rho.to_numpy(), "p_value": p.to_numpy()}
    )
    return out.reset_index(drop=True)


def olson_zeckhauser_1964(store: Store | None = None) -> pd.DataFrame:
    """O&Z's published NATO 1964 rho beside the same test on SIPRI data.

    Olson & Zeckhauser (1966, Table 1) rank 14 NATO members (all but Iceland, which has
    no armed forces) by 1964 GNP and by defense budget as % of GNP: rho = 0.490. The
    reproduction uses SIPRI's 1964 figures (GDP derived from spending and its share of
    GDP, current US$) for the members on 1 July 1964; Iceland drops out as SIPRI has no
    spending for it. Differences come from GDP instead of GNP, SIPRI's definition of
    military expenditure (incl. paramilitary forces and military pensions) instead of the
    national defense budgets O&Z tabulated, and revisions of the national accounts.
    """
    ref = OLSON_ZECKHAUSER_1966
    table = burden(ref["arrangement"], ref["year"], thresholds=(), store=store)
    ours = olson_zeckhauser(table).iloc[0]
    used = table.dropna(subset=["gdp_current_usd_m", "milex_share_gdp"])
    return pd.DataFrame(
        [
            {
                "source": "Olson & Zeckhauser (1966), Table 1: GNP and defense budget % of GNP",
                "year": ref["year"],
                "n": ref["n"],
                "rho": ref["rho"],
                "p_value": np.nan,
                "members": "NATO less Iceland",
            },
            {
                "source": "foedus: SIPRI 2025 release, GDP and military expenditure % of GDP",
                "year": ref["year"],
                "n": int(ours["n"]),
                "rho": round(float(ours["rho"]), 3),
                "p_value": round(float(ours["p_value"]), 4),
                "members": ", ".join(
                    used.sort_values("gdp_current_usd_m", ascending=False)["state"]
                ),
            },
        ]
    )


# -- fair shares -----------------------------------------------------------------------------
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
    """
    w = np.asarray(weights, dtype="float64")
    lo = _filled(lower, w, 0.0)
    hi = _filled(upper, w, np.inf)
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise FoedusError("weights must be finite, non-negative and not all zero")
    if (lo > hi).any():
        i = int(np.flatnonzero(lo > hi)[0])
        raise FoedusError(f"member {i}: floor {lo[i]:.6g} exceeds ceiling {hi[i]:.6g}")
    if not lo.sum() <= target <= hi.sum():
        raise FoedusError(
            f"target {target:,.6g} cannot be met within the bounds: floors sum "
            f"to {lo.sum():,.6g}, ceilings to {hi.sum():,.6g}"
        )

    def excess(c: float) -> float:
        return float(np.clip(c * w, lo, hi).sum() - target)

    top = target / w.sum()
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
    """A collective target in US$ m from ``2%gdp`` (of combined GDP) or ``1.2tusd``."""
    share = _SHARE.match(str(text))
    if share:
        return float(share.group(1)) / 100 * total_gdp
    return _usd(text, "target")


def _usd(text: str | float, what: str) -> float:
    amount = _AMOUNT.match(str(text))
    if not amount:
        raise FoedusError(
            f"{what} {text!r} is not understood; accepted: N%gdp (e.g. 2%gdp) "
            "or an amount with k/m/b/t and usd (e.g. 1.5tusd, 900busd)"
        )
    return float(amount.group(1)) * _SCALE_TO_MILLIONS[amount.group(2).lower()]


def _bounds(
    spec: str | Mapping[str | int, str] | None, table: pd.DataFrame, year: int, what: str
) -> np.ndarray:
    """Per-member bounds in US$ m from ``1.5%`` / ``900busd`` for all, or per state."""
    from foedus.states import resolve

    out = np.full(len(table), np.nan)
    if spec is None:
        return out
    items = spec.items() if isinstance(spec, Mapping) else [("*", spec)]
    for key, value in sorted(items, key=lambda item: item[0] != "*"):  # "*" first
        if key == "*":
            rows = np.ones(len(table), dtype=bool)
        else:
            try:
                code = resolve(key, on=dt.date(year, 7, 1)).cow_code
            except FoedusError as exc:
                raise FoedusError(f"{what} for {key!r}: {exc}") from None
            rows = (table["ccode"] == code).to_numpy()
            if not rows.any():
                raise FoedusError(
                    f"{what} for {key!r}: not a member with data in {year}; "
                    f"accepted: one of {', '.join(table['state'])}"
                )
        share = _SHARE.match(str(value))
        if share:
            out[rows] = float(share.group(1)) / 100 * table["gdp_current_usd_m"].to_numpy()[rows]
        else:
            out[rows] = _usd(value, what)
    return out


def _proximity(
    table: pd.DataFrame, threat: str, year: int, scale_km: float, store: Store
) -> np.ndarray:
    """1 / (1 + d / scale) for each member's minimum distance d (km) to ``threat``."""
    from foedus.states import resolve

    code = resolve(threat, on=dt.date(year, 7, 1)).cow_code
    con = duckdb.connect()
    path = store.path("mindist", "cow").as_posix()
    dist = con.sql(f"""
        SELECT CASE WHEN ccode1 = {code} THEN ccode2 ELSE ccode1 END AS ccode, mindist, year
        FROM read_parquet('{path}')
        WHERE (ccode1 = {code} OR ccode2 = {code}) AND year <= {year}
        QUALIFY year = max(year) OVER ()
    """).df()
    d = table["ccode"].map(dist.set_index("ccode")["mindist"]).where(table["ccode"] != code, 0.0)
    if d.isna().any():
        lacking = ", ".join(table.loc[d.isna(), "state"])
        raise FoedusError(
            f"threat {threat!r}: no distance in the mindist source for {lacking} "
            f"in or before {year}; accepted: states of the CShapes 2.0 data"
        )
    return 1.0 / (1.0 + d.to_numpy(dtype="float64") / scale_km)


def allocate(
    arrangement: str,
    year: int,
    target: str | float = "2%gdp",
    rule: str = "ability",
    *,
    floors: str | Mapping[str | int, str] | None = None,
    ceilings: str | Mapping[str | int, str] | None = None,
    threat: str | None = None,
    scale_km: float = 1000.0,
    membership_rule: str = "midyear",
    store: Store | None = None,
) -> pd.DataFrame:
    """Fair shares of a collective spending target among an arrangement's members in ``year``.

    ``target``: ``"2%gdp"`` (of the members' combined GDP) or an amount (``"1.5tusd"``).
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

    Floors and ceilings: ``"1%"`` / ``"1%gdp"`` of each member's GDP, or an amount
    (``"900busd"``); one value for all members, or a mapping from state to value.
    Members without SIPRI GDP for the year (e.g. Iceland, no armed forces) get no share.
    Returns one row per member: GDP, population, current spending and share of GDP, the
    rule's weight, ``fair_share_usd_m``, ``fair_share_gdp``, ``gap_usd_m`` (fair share
    minus current spending), ``cost_to_close_usd_m`` (the increase needed, 0 when at or
    above the fair share), ``cost_to_close_gdp`` and ``bound`` (floor/ceiling when binding).
    """
    if rule not in ALLOCATION_RULES:
        raise FoedusError(f"rule {rule!r} is unknown; accepted: {', '.join(ALLOCATION_RULES)}")
    if rule == "benefit" and threat is None:
        raise FoedusError("rule 'benefit' needs a threat; accepted: --threat STATE (e.g. RUS)")
    store = store or Store()
    year = int(year)
    table = burden(arrangement, year, thresholds=(), rule=membership_rule, store=store)
    table = table[
        [
            "ccode",
            "state",
            "gdp_current_usd_m",
            "population_m",
            "milex_current_usd_m",
            "milex_share_gdp",
        ]
    ]
    usable = table["gdp_current_usd_m"].notna().to_numpy()
    data = table[usable].reset_index(drop=True)
    if data.empty:
        raise FoedusError(
            f"{arrangement} {year}: no member has SIPRI GDP and spending; "
            "accepted: a year with SIPRI data for the members"
        )
    total = parse_target(target, float(data["gdp_current_usd_m"].sum()))
    weights = _weights(data, rule, threat, year, scale_km, store)
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
    out = _allocation_table(data, weights, shares, lo, hi)
    rest = table[~usable].assign(weight=np.nan)
    out = pd.concat([out, rest], ignore_index=True) if not rest.empty else out
    out.attrs.update(target_usd_m=total, rule=rule, year=year)
    return out


def _weights(
    data: pd.DataFrame, rule: str, threat: str | None, year: int, scale_km: float, store: Store
) -> np.ndarray:
    gdp = data["gdp_current_usd_m"].to_numpy(dtype="float64")
    if rule != "benefit":
        return gdp / gdp.sum()
    pop = data["population_m"].to_numpy(dtype="float64")
    if np.isnan(pop).any():
        lacking = ", ".join(data.loc[np.isnan(pop), "state"])
        raise FoedusError(
            f"rule 'benefit': no population for {lacking} in {year}; accepted: "
            "a year from 1988 (SIPRI per capita) or load cow_nmc"
        )
    exposure = (gdp / gdp.sum() + pop / pop.sum()) / 2
    exposure = exposure * _proximity(data, threat, year, scale_km, store)
    return exposure / exposure.sum()


def _allocation_table(
    data: pd.DataFrame, weights: np.ndarray, shares: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> pd.DataFrame:
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
    return out


# -- plots -----------------------------------------------------------------------------------
def plot_burden(table: pd.DataFrame, path: str | Path, threshold: float = 2.0) -> Path:
    """Two panels: spending share vs GDP share in the last year; compliance over time."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    label = table.attrs.get("arrangement", "")
    column = threshold_column(threshold)
    if column not in table.columns:
        raise FoedusError(
            f"threshold {threshold:g}% is not a column of this table; accepted: "
            "one of the thresholds the table was made with"
        )
    last = table[table["year"] == table["year"].max()].dropna(subset=["spending_share"])
    if last.empty:
        raise FoedusError(
            f"{label} {table['year'].max()}: no member has SIPRI spending and "
            "GDP to plot; accepted: a range ending in a year with SIPRI data"
        )
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6.2))
    _share_panel(left, last, label)
    _compliance_panel(right, table, column, threshold, label)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


def _share_panel(ax, last: pd.DataFrame, label: str) -> None:
    from matplotlib.ticker import FuncFormatter

    from foedus.states import state_table

    abb = state_table().drop_duplicates("cow_code").set_index("cow_code")["cow_abb"]
    x, y = last["gdp_share"] * 100, last["spending_share"] * 100
    over = last["burden_ratio"] >= 1
    ax.scatter(x[over], y[over], color="tab:red", label="spending share ≥ GDP share")
    ax.scatter(x[~over], y[~over], color="tab:blue", label="spending share < GDP share")
    for xi, yi, code in zip(x, y, last["ccode"], strict=True):
        ax.annotate(
            abb.get(code, str(code)),
            (xi, yi),
            fontsize=7,
            xytext=(3, 2),
            textcoords="offset points",
        )
    bounds = [min(x.min(), y.min()) * 0.7, max(x.max(), y.max()) * 1.4]
    ax.plot(bounds, bounds, color="grey", linestyle="--", linewidth=1, label="equal shares")
    ax.set(
        xscale="log",
        yscale="log",
        xlim=bounds,
        ylim=bounds,
        xlabel="share of members' GDP (%, log scale)",
        ylabel="share of members' military spending (%, log scale)",
        title=f"{label} {int(last['year'].max())}: burden vs ability (SIPRI, current US$)",
    )
    plain = FuncFormatter(lambda v, _: f"{v:g}")
    ax.xaxis.set_major_formatter(plain)
    ax.yaxis.set_major_formatter(plain)
    ax.legend(loc="upper left", fontsize=8)


def _compliance_panel(ax, table: pd.DataFrame, column: str, threshold: float, label: str) -> None:
    grouped = table.groupby("year")
    meets = grouped[column].sum()
    known = grouped["milex_share_gdp"].count()
    members = grouped.size()
    years = meets.index.to_numpy()
    green = ax.bar(years, meets, color="tab:green", label=f"at or above {threshold:g}% of GDP")
    ax.bar_label(green, label_type="center", color="white", fontsize=8)
    ax.bar(years, known - meets, bottom=meets, color="tab:orange", label=f"below {threshold:g}%")
    ax.bar(years, members - known, bottom=known, color="lightgrey", label="no SIPRI data")
    ax.set(
        xlabel="year",
        ylabel="members",
        title=f"{label}: members meeting the {threshold:g}% guideline",
    )
    step = max(1, len(years) // 12)
    ax.set_xticks(years[::step])
    ax.legend(loc="upper left", fontsize=8)


def plot_olson_zeckhauser(series: pd.DataFrame, path: str | Path, label: str = "") -> Path:
    """Spearman's rho between GDP and ME/GDP by year, significant years (p < 0.05) filled."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4.8))
    sig = series["p_value"] < 0.05
    ax.plot(series["year"], series["rho"], color="tab:blue", linewidth=1)
    ax.scatter(series.loc[sig, "year"], series.loc[sig, "rho"], color="tab:blue", label="p < 0.05")
    ax.scatter(
        series.loc[~sig, "year"],
        series.loc[~sig, "rho"],
        facecolors="white",
        edgecolors="tab:blue",
        label="p ≥ 0.05",
    )
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set(
        xlabel="year",
        ylabel="Spearman rho (GDP vs ME/GDP)",
        ylim=(-1, 1),
        title=f"{label} Olson–Zeckhauser test by year (SIPRI)",
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)
