"""Burden-sharing plots over a :func:`foedus.burden.burden` table: spending share against
GDP share, members ranked by military spending as % of GDP, guideline compliance by year,
and the Olson–Zeckhauser rank correlation by year.

The burden table carries the data sets it was made from in ``attrs["releases"]``
(source name to release); every figure is captioned with them and the years shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.errors import FoedusError
from foedus.plotting._base import axes, caption_text, matplotlib, source_caption
from foedus.plotting._labels import place_labels, state_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes

DATASETS = {
    "SIPRI": ("sipri_milex", "SIPRI Military Expenditure Database"),
    "NMC": ("cow_nmc", "COW National Material Capabilities"),
}
# one colour per number of thresholds met (0 = below every threshold), then "no data"
_GRADES = ["#d95f02", "#1b9e77", "#0b6e4f", "#054030"]
_NO_DATA = "#bdbdbd"
_NEEDS = {
    "spending_share": "SIPRI spending and GDP",
    "milex_share_gdp": "SIPRI spending as a share of GDP",
}
_THRESHOLD_COLUMN = re.compile(r"^meets_(.+)pct$")


def thresholds_of(table: pd.DataFrame) -> list[float]:
    """The guideline thresholds (% of GDP) a burden table was made with, ascending."""
    found = table.attrs.get("thresholds")
    if found is None:
        found = [float(m.group(1)) for c in table.columns if (m := _THRESHOLD_COLUMN.match(str(c)))]
    return sorted(float(t) for t in found)


def _caption(ax: Axes, table: pd.DataFrame, years: Sequence[int]) -> None:
    """Caption from the sources of the rows shown and the releases in ``table.attrs``."""
    releases = table.attrs.get("releases", {})
    shown = table[table["year"].between(min(years), max(years))]
    used = [s for s in DATASETS if s in set(shown.get("source", pd.Series(["SIPRI"])).dropna())]
    lines = [
        caption_text(DATASETS[s][1], releases.get(DATASETS[s][0]), years) for s in used or ["SIPRI"]
    ]
    label = table.attrs.get("arrangement")
    if label:
        lines[-1] = lines[-1].removesuffix(".") + f"; membership of {label}."
    source_caption(ax, lines)


def _year(table: pd.DataFrame, year: int | None, column: str) -> tuple[pd.DataFrame, int]:
    """The rows of ``year`` (default: the last year with ``column`` known) and that year."""
    label = table.attrs.get("arrangement", "the arrangement")
    what = _NEEDS.get(column, column)
    known = table.dropna(subset=[column])
    if year is None:
        if known.empty:
            why = (
                "COW NMC, before 1949, gives no GDP"
                if table["year"].max() < 1949
                else "SIPRI has no figures for them in these years"
            )
            raise FoedusError(
                f"{label} {_span(table)}: no member has {what} to plot ({why}); accepted: "
                "years in which SIPRI covers some members"
            )
        year = int(known["year"].max())
    rows = table[table["year"] == int(year)]
    if rows[column].notna().sum() == 0:
        raise FoedusError(
            f"{label} {year}: no member has {what} to plot; accepted: a year in "
            f"{_span(known)} with SIPRI data"
        )
    return rows, int(year)


def _span(table: pd.DataFrame) -> str:
    if table.empty:
        return "(no years)"
    return f"{int(table['year'].min())}-{int(table['year'].max())}"


def plot_burden_scatter(
    table: pd.DataFrame,
    year: int | None = None,
    thresholds: Sequence[float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Each member's share of the allies' military spending against its share of their GDP.

    Log-log axes; a member above the diagonal carries more than its economic weight
    (burden ratio > 1). Each guideline threshold ``t`` (% of GDP) is the line where a
    member's own spending is ``t`` % of its GDP: spending share = GDP share × t / the
    allies' combined spending as % of their combined GDP. Points are labelled with ISO
    3166 alpha-3 codes.

    Parameters
    ----------
    table
        A :func:`foedus.burden.burden` table.
    year
        The year shown (default: the last with SIPRI spending and GDP).
    thresholds
        Guideline lines in % of GDP (default: the table's thresholds).
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.ticker import FuncFormatter

    rows, year = _year(table, year, "spending_share")
    rows = rows.dropna(subset=["spending_share", "gdp_share"])
    thresholds = thresholds_of(table) if thresholds is None else sorted(thresholds)
    ax = axes(ax, figsize=(8, 7))
    x, y = rows["gdp_share"].to_numpy() * 100, rows["spending_share"].to_numpy() * 100
    over = rows["burden_ratio"].to_numpy() >= 1
    ax.scatter(
        x[over], y[over], s=22, color="tab:red", label="spending share ≥ GDP share", zorder=3
    )
    ax.scatter(
        x[~over], y[~over], s=22, color="tab:blue", label="spending share < GDP share", zorder=3
    )
    lo = min(x.min(), y.min()) * 0.5
    hi = max(x.max(), y.max()) * 2.0
    bounds = np.array([lo, hi])
    ax.plot(bounds, bounds, color="grey", linestyle="-", linewidth=0.8, label="equal shares")
    alliance = (rows["milex_current_usd_m"].sum() / rows["gdp_current_usd_m"].sum()) * 100
    styles = ["--", "-.", ":", (0, (5, 1, 1, 1))]
    for k, t in enumerate(thresholds):
        ax.plot(
            bounds,
            bounds * t / alliance,
            color="black",
            linewidth=0.8,
            linestyle=styles[k % len(styles)],
            label=f"spending = {t:g}% of own GDP",
        )
    ax.set(
        xscale="log",
        yscale="log",
        xlim=tuple(bounds),
        ylim=tuple(bounds),
        xlabel="share of the members' combined GDP (%, log scale)",
        ylabel="share of the members' military spending (%, log scale)",
        title=f"{table.attrs.get('arrangement', '')} {year}: burden against ability".strip(),
    )
    plain = FuncFormatter(lambda v, _: f"{v:g}")
    ax.xaxis.set_major_formatter(plain)
    ax.yaxis.set_major_formatter(plain)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    _caption(ax, table, [year])  # before the labels: the caption moves the layout
    place_labels(ax, x, y, state_labels(rows["ccode"], year, style="iso3"), fontsize=7)
    return ax


def plot_burden_ranking(
    table: pd.DataFrame,
    year: int | None = None,
    thresholds: Sequence[float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Members ranked by military spending as % of GDP in one year, with every threshold.

    Bars are coloured by how many of the thresholds the member meets; members without
    SIPRI data are listed at the bottom, marked "no data".

    Parameters
    ----------
    table
        A :func:`foedus.burden.burden` table.
    year
        The year shown (default: the last with SIPRI share of GDP).
    thresholds
        Guidelines in % of GDP drawn as vertical lines (default: the table's thresholds).
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    rows, year = _year(table, year, "milex_share_gdp")
    thresholds = thresholds_of(table) if thresholds is None else sorted(thresholds)
    rows = rows.assign(label=state_labels(rows["ccode"], year, style="short"))
    rows = rows.sort_values("milex_share_gdp", ascending=True, na_position="first")
    share = rows["milex_share_gdp"].to_numpy(dtype="float64") * 100
    ax = axes(ax, figsize=(7, max(3.0, 0.24 * len(rows) + 1.5)))
    met = np.array([sum(s >= t - 1e-10 for t in thresholds) for s in share])
    colors = [
        _NO_DATA if np.isnan(s) else _GRADES[min(m, len(_GRADES) - 1)]
        for s, m in zip(share, met, strict=True)
    ]
    positions = np.arange(len(rows))
    ax.barh(positions, np.nan_to_num(share), color=colors, height=0.7)
    top = np.nanmax(share) if np.isfinite(share).any() else 1.0
    for pos, value in zip(positions, share, strict=True):
        ax.annotate(
            "no data" if np.isnan(value) else _percent(value, thresholds),
            (0 if np.isnan(value) else value, pos),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color="dimgrey" if np.isnan(value) else "black",
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            zorder=4,
        )
    styles = ["--", "-.", ":", (0, (5, 1, 1, 1))]
    for k, t in enumerate(thresholds):
        ax.axvline(t, color="black", linewidth=0.8, linestyle=styles[k % len(styles)], zorder=3)
        ax.annotate(
            f"{t:g}%",
            (t, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_yticks(positions, rows["label"], fontsize=8)
    ax.set_ylim(len(rows) - 0.4 - max(len(rows), 8), len(rows) - 0.4)  # bars stay slim
    ax.set_xlim(0, max(top, max(thresholds, default=0)) * 1.12)
    ax.set_xlabel("military spending, % of GDP")
    label = table.attrs.get("arrangement", "")
    ax.set_title(f"{label} {year}: military spending as % of GDP".strip(), pad=14)
    ax.spines[["top", "right"]].set_visible(False)
    _caption(ax, table, [year])
    return ax


def _percent(value: float, thresholds: Sequence[float]) -> str:
    """``value`` with 2 decimals, or 3 where 2 would round it onto the other side of a
    threshold (1.998 is below 2 %; "2.00" would say it meets it)."""
    text = f"{value:.2f}"
    if any((float(text) >= t - 1e-10) != (value >= t - 1e-10) for t in thresholds):
        text = f"{value:.3f}"
    return text


def plot_compliance(
    table: pd.DataFrame, thresholds: Sequence[float] | None = None, ax: Axes | None = None
) -> Axes:
    """Members by year, stacked by the highest guideline threshold they meet.

    With thresholds 2 and 3.5 the stack is: at or above 3.5 %, 2 to 3.5 %, below 2 %,
    no data. Every threshold of the table is shown (or those given).

    Parameters
    ----------
    table
        A :func:`foedus.burden.burden` table.
    thresholds
        Guidelines in % of GDP (default: the table's thresholds).
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.ticker import MaxNLocator

    thresholds = thresholds_of(table) if thresholds is None else sorted(thresholds)
    ax = axes(ax, figsize=(10, 4.8))
    share = table["milex_share_gdp"] * 100
    met = sum((share >= t - 1e-10).astype(int) for t in thresholds) if thresholds else 0 * share
    level = pd.Series(met, index=table.index).where(share.notna(), -1)
    counts = pd.crosstab(table["year"], level).reindex(columns=range(-1, len(thresholds) + 1))
    counts = counts.fillna(0)
    years = counts.index.to_numpy()
    bottom = np.zeros(len(years))
    bounds = [0.0, *thresholds]
    for m in range(len(thresholds), -2, -1):
        values = counts[m].to_numpy()
        if m == -1:
            name, color = "no data", _NO_DATA
        elif m == len(thresholds):
            name = f"at or above {bounds[m]:g}%" if thresholds else "with data"
            color = _GRADES[min(m, len(_GRADES) - 1)]
        elif m == 0:
            name, color = f"below {thresholds[0]:g}%", _GRADES[0]
        else:
            name, color = f"{bounds[m]:g}% to {bounds[m + 1]:g}%", _GRADES[min(m, len(_GRADES) - 1)]
        ax.bar(years, values, bottom=bottom, color=color, label=name, width=0.85)
        bottom += values
    label = table.attrs.get("arrangement", "")
    guidelines = " / ".join(f"{t:g}%" for t in thresholds)
    ax.set(
        xlabel="year",
        ylabel="members",
        title=f"{label}: members meeting the {guidelines} of GDP "
        f"guideline{'s' if len(thresholds) > 1 else ''}".strip(),
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, bottom.max() * 1.05 if len(bottom) and bottom.max() > 0 else 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(years):
        ax.set_xlim(float(years.min()) - 1, float(years.max()) + 1)
        _caption(ax, table, [int(years.min()), int(years.max())])
    return ax


def plot_olson_zeckhauser(series: pd.DataFrame, label: str = "", ax: Axes | None = None) -> Axes:
    """Spearman's rho between GDP and military spending as % of GDP, by year.

    Years with p < 0.05 are filled. Olson & Zeckhauser (1966), "An Economic Theory of
    Alliances", Review of Economics and Statistics 48(3): 266-279, predict rho > 0.

    Parameters
    ----------
    series
        A :func:`foedus.burden.olson_zeckhauser` table (``year``, ``n``, ``rho``,
        ``p_value``).
    label
        The arrangement's name for the title (default: ``series.attrs["arrangement"]``).
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    matplotlib()
    ax = axes(ax, figsize=(10, 4.8))
    label = label or series.attrs.get("arrangement", "")
    sig = (series["p_value"] < 0.05).to_numpy()
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
        ylabel="Spearman rho (GDP vs spending % of GDP)",
        ylim=(-1, 1),
        title=f"{label} Olson–Zeckhauser test by year".strip(),
    )
    ax.legend(fontsize=8, loc="lower left")
    ax.spines[["top", "right"]].set_visible(False)
    years = series["year"].dropna()
    if not years.empty:
        frame = series.assign(source=series.get("source", "SIPRI"))
        frame.attrs = dict(series.attrs)
        _caption(ax, frame, [int(years.min()), int(years.max())])
    return ax
