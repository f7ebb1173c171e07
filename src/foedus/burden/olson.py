"""The Olson–Zeckhauser test: do the larger allies carry a disproportionate burden?"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from foedus.burden.shares import burden
from foedus.errors import FoedusError

if TYPE_CHECKING:
    from foedus.store import Store

# Olson & Zeckhauser (1966), "An Economic Theory of Alliances", Review of Economics and
# Statistics 48(3): 266-279, Table 1: NATO, 1964, GNP against defense budget as % of GNP.
OLSON_ZECKHAUSER_1966: dict[str, Any] = {
    "arrangement": "nato",
    "year": 1964,
    "n": 14,
    "rho": 0.490,
}
_NEEDED = ("year", "gdp_current_usd_m", "milex_share_gdp")


def olson_zeckhauser(table: pd.DataFrame) -> pd.DataFrame:
    """Spearman's rank correlation between size (GDP) and burden (ME/GDP), per year.

    Members without both values are left out. ``p_value`` is two-sided, from the t
    distribution with n-2 degrees of freedom (as ``scipy.stats.spearmanr``), computed for
    all years at once. A positive rho shows disproportionate burdens, not free riding
    itself (Plümper & Neumayer 2015).

    Parameters
    ----------
    table
        A :func:`foedus.burden.burden` table (at least ``year``, ``gdp_current_usd_m``,
        ``milex_share_gdp``).

    Returns
    -------
    pandas.DataFrame
        ``year, n, rho, p_value`` (rho and p null with fewer than 3 members with data).

    References
    ----------
    Olson, Mancur, and Richard Zeckhauser. 1966. "An Economic Theory of Alliances." Review
    of Economics and Statistics 48(3): 266-279: if defense is a public good to allies, the
    larger allies carry a disproportionate burden, so rho > 0.
    Plümper, Thomas, and Eric Neumayer. 2015. "Free-riding in Alliances: Testing an Old
    Theory with a New Method." Conflict Management and Peace Science 32(3): 247-268, argue
    the rank test cannot tell free riding from other reasons for the correlation, and model
    spending as spatially dependent on allies' spending instead.
    """
    if not isinstance(table, pd.DataFrame) or not set(_NEEDED) <= set(table.columns):
        raise FoedusError(
            "olson_zeckhauser takes a burden() table; accepted: a frame with columns "
            f"{', '.join(_NEEDED)} (got {type(table).__name__})"
        )
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
    out = out.reset_index(drop=True)
    out.attrs.update({k: table.attrs[k] for k in ("arrangement", "releases") if k in table.attrs})
    return out


def olson_zeckhauser_1964(store: Store | None = None) -> pd.DataFrame:
    """O&Z's published NATO 1964 rho beside the same test on SIPRI data.

    Olson & Zeckhauser (1966, Table 1) rank 14 NATO members (all but Iceland, which has
    no armed forces) by 1964 GNP and by defense budget as % of GNP: rho = 0.490. The
    reproduction uses SIPRI's 1964 figures (GDP derived from spending and its share of
    GDP, current US$) for the members on 1 July 1964; Iceland drops out as SIPRI has no
    spending for it. Differences come from GDP instead of GNP, SIPRI's definition of
    military expenditure (incl. paramilitary forces and military pensions) instead of the
    national defense budgets O&Z tabulated, and revisions of the national accounts.

    Parameters
    ----------
    store
        The store holding ``sipri_milex`` (default: the user's store).

    Returns
    -------
    pandas.DataFrame
        Two rows (published, foedus): ``source, year, n, rho, p_value, members``.
    """
    ref = OLSON_ZECKHAUSER_1966
    table = burden(str(ref["arrangement"]), int(ref["year"]), thresholds=(), store=store)
    ours = olson_zeckhauser(table).iloc[0]
    used = table.dropna(subset=["gdp_current_usd_m", "milex_share_gdp"])
    release = table.attrs.get("releases", {}).get("sipri_milex", "")
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
                "source": f"foedus: SIPRI {release} release, GDP and military expenditure "
                "% of GDP".replace("SIPRI  release", "SIPRI"),
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
