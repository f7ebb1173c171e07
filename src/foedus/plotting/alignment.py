"""Similarity of two states over the years: one line per measure, legend off the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from foedus.errors import FoedusError
from foedus.plotting._base import axes, source_caption

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# column -> the measure's name in a legend
MEASURE_LABELS: dict[str, str] = {
    "s": "S (Signorino & Ritter 1999)",
    "s_wt": "S, capability-weighted",
    "tau_b": "Kendall's τb (Bueno de Mesquita 1975)",
    "kappa": "Cohen's κ (Häge 2011)",
    "kappa_wt": "Cohen's κ, capability-weighted",
    "pi": "Scott's π (Häge 2011)",
    "pi_wt": "Scott's π, capability-weighted",
    "un_similarity": "UN General Assembly ideal points",
}


def measure_names(columns: list[str] | pd.Index, short: bool = False) -> list[str]:
    """The names of the similarity columns among ``columns``: as in a legend, or ``short``
    without the references (``S, Kendall's τb``)."""
    names = [MEASURE_LABELS[c] for c in columns if c in MEASURE_LABELS]
    return [n.split(" (")[0] for n in names] if short else names


def _sources(columns: list[str]) -> list[str]:
    out = []
    if any(c in MEASURE_LABELS and c != "un_similarity" for c in columns):
        out.append("ATOP 5.1 alliance portfolios (Leeds et al. 2002)")
    if any(c.endswith("_wt") for c in columns):
        out.append("COW NMC capabilities (CINC)")
    if "un_similarity" in columns:
        out.append("UN ideal points (Bailey, Strezhnev & Voeten 2017)")
    return out


def plot_similarity(frame: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Line chart of every similarity column of ``frame`` over ``year``.

    The legend sits right of the plotting area, never over the lines; the title names the two
    states and the years (from ``state1``/``state2`` when present); the caption names the
    data sets the measures come from.

    Parameters
    ----------
    frame
        A :func:`foedus.dyad_similarity` table (``year`` and measure columns).
    ax
        The Axes to draw on (default: a new figure).
    title
        The title (default: "Similarity of A and B, FIRST–LAST").

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(frame, pd.DataFrame) or "year" not in frame.columns:
        raise FoedusError(
            "frame is not a similarity table; accepted: a frame with year and measure columns "
            "(foedus.dyad_similarity)"
        )
    columns = [c for c in frame.columns if c in MEASURE_LABELS]
    if not columns:
        raise FoedusError(
            f"frame has no similarity column; accepted: one of {', '.join(MEASURE_LABELS)}"
        )
    ax = axes(ax, figsize=(9, 5))
    years = frame["year"].astype("int64")
    for col in columns:
        marker = "." if len(frame) < 30 else None
        ax.plot(years, frame[col], label=MEASURE_LABELS[col], lw=1.6, marker=marker)
    ax.axhline(0, color="#999999", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("year")
    ax.set_ylabel("similarity (−1 opposed … 1 identical)")
    first, last = int(years.min()), int(years.max())
    span = str(first) if first == last else f"{first}–{last}"
    if title is None:
        if {"state1", "state2"} <= set(frame.columns) and len(frame):
            pair = f"{frame['state1'].iloc[0]} and {frame['state2'].iloc[0]}"
        else:
            pair = "two states"
        title = f"Similarity of {pair}, {span}"
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    source_caption(ax, ["Source: " + "; ".join(_sources(columns)) + f", {span}."])
    return ax
