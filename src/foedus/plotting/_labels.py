"""State labels for plots (ISO 3166 alpha-3 codes or short names) and label placement
that keeps labels off each other and off the points."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.states import state_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

SHORT_NAME = 22  # a longer name is replaced by an alias made of its words, if there is one


def state_labels(codes: Sequence[int] | pd.Series, year: int, style: str = "iso3") -> list[str]:
    """A label for each COW code as the state was on 1 July of ``year``.

    ``style="iso3"`` gives the ISO 3166-1 alpha-3 code (``MKD``, ``SRB``, ``SVN``) and
    ``style="short"`` the name, or for a name longer than 22 characters an alias made of
    the name's own words (``United States``). A code missing from
    the built-in state list is written as ``COW <code>``.
    """
    table = state_table().dropna(subset=["cow_code"])
    day = pd.Timestamp(year=int(year), month=7, day=1)
    out = []
    for code in codes:
        rows = table[table["cow_code"] == int(code)]
        if rows.empty:
            out.append(f"COW {int(code)}")
            continue
        covering = rows[(rows["first"] <= day) & (rows["last"] >= day)]
        row = (covering if not covering.empty else rows.sort_values("last")).iloc[-1]
        out.append(_iso3(row) if style == "iso3" else _short(row))
    return out


def _iso3(row: pd.Series) -> str:
    return str(row["iso3"]) if isinstance(row["iso3"], str) else str(row["cow_abb"])


def _short(row: pd.Series) -> str:
    """The name, or for a long one its first alias made only of the name's own words
    (United States of America -> United States; Central African Republic stays)."""
    name = str(row["name"])
    if len(name) <= SHORT_NAME or not isinstance(row["aliases"], str):
        return name
    words = set(name.lower().split())
    for alias in row["aliases"].split(";"):
        if len(alias) <= SHORT_NAME and set(alias.lower().split()) <= words:
            return alias
    return name


def place_labels(
    ax: Axes,
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    labels: Sequence[str],
    fontsize: float = 8,
) -> list:
    """Annotate points so that no two labels overlap, nor a label and a point or the legend.

    Each label tries positions around its point (right, left, above, below and the
    diagonals), first close and then farther out, and takes the first one clear of the
    labels already placed, of every point and of the Axes' edges; the most crowded points
    are labelled first. A label placed away from its point gets a thin leader line. Call
    it after the Axes' limits and scales are set: positions are worked out in display
    space from the current layout.

    Returns
    -------
    list of matplotlib.text.Annotation
    """
    fig = ax.get_figure(root=True)
    assert fig is not None
    fig.draw_without_rendering()  # settle the layout, so display coordinates are final
    points = ax.transData.transform(np.column_stack([np.asarray(x), np.asarray(y)]))
    frame = ax.get_window_extent()
    scale = fig.dpi / 72.0  # pixels per point
    sizes = []
    for text in labels:
        probe = ax.annotate(text, (0.5, 0.5), xycoords="axes fraction", fontsize=fontsize)
        extent = probe.get_window_extent()
        sizes.append((extent.width + 2 * scale, extent.height + scale))
        probe.remove()
    crowd = [
        np.sum(np.hypot(*(points - p).T) < 40 * scale) for p in points
    ]  # neighbours within 40 pt
    order = np.argsort(crowd, kind="stable")[::-1]
    placed: list[tuple[float, float, float, float]] = []
    legend = ax.get_legend()
    if legend is not None:  # labels keep off the legend as off another label
        legend_box = legend.get_window_extent()
        placed.append((legend_box.x0, legend_box.y0, legend_box.x1, legend_box.y1))
    offsets: dict[int, tuple[float, float]] = {}
    for i in order:
        w, h = sizes[i]
        best: tuple[float, float] = (0.0, 0.0)
        best_cost = np.inf
        for step, (sx, sy) in itertools.product(range(1, 7), _DIRECTIONS):
            gap = (3 + 7 * (step - 1)) * scale
            cx = points[i][0] + sx * (w / 2 + gap)
            cy = points[i][1] + sy * (h / 2 + gap)
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            cost = _overlap(box, placed, points, 3 * scale, frame) + 0.01 * step
            if cost < best_cost:
                best, best_cost = (cx - points[i][0], cy - points[i][1]), cost
            if cost < 0.1:
                break
        cx, cy = points[i][0] + best[0], points[i][1] + best[1]
        w, h = sizes[i]
        placed.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        offsets[int(i)] = best
    out = []
    for k, text in enumerate(labels):
        dx, dy = offsets[k]
        far = np.hypot(dx, dy) > (max(sizes[k]) / 2 + 8 * scale)
        out.append(
            ax.annotate(
                text,
                (np.asarray(x)[k], np.asarray(y)[k]),
                xytext=(dx / scale, dy / scale),
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=fontsize,
                arrowprops=(
                    {"arrowstyle": "-", "color": "grey", "linewidth": 0.6, "shrinkB": 2}
                    if far
                    else None
                ),
            )
        )
    return out


_DIRECTIONS = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]


def _overlap(
    box: tuple[float, float, float, float],
    placed: list[tuple[float, float, float, float]],
    points: np.ndarray,
    radius: float,
    frame: object,
) -> float:
    """How badly ``box`` collides: placed labels and points it covers, and leaving the Axes."""
    x0, y0, x1, y1 = box
    cost = 0.0
    for a0, b0, a1, b1 in placed:
        dx = min(x1, a1) - max(x0, a0)
        dy = min(y1, b1) - max(y0, b0)
        if dx > 0 and dy > 0:
            cost += 1 + dx * dy / ((x1 - x0) * (y1 - y0))
    inside = (
        (points[:, 0] > x0 - radius)
        & (points[:, 0] < x1 + radius)
        & (points[:, 1] > y0 - radius)
        & (points[:, 1] < y1 + radius)
    )
    cost += float(inside.sum())
    fx0, fy0, fx1, fy1 = frame.x0, frame.y0, frame.x1, frame.y1  # type: ignore[attr-defined]
    if x0 < fx0 or x1 > fx1 or y0 < fy0 or y1 > fy1:
        cost += 5
    return cost
