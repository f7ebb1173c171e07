"""US force posture abroad on a world map: each host coloured by its troops (log scale).

The map is the web app's: Natural Earth 1:110m country shapes (public domain, via the
world-atlas npm package) projected once at build time to SVG path strings in
``foedus/web/static/world.json``; they are drawn here as Matplotlib paths, so no geometry
library or download is needed.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.errors import FoedusError
from foedus.plotting._base import axes, matplotlib

if TYPE_CHECKING:
    from matplotlib.axes import Axes

LAND, OCEAN, EDGE = "#dfe3e8", "#f4f7fa", "#ffffff"
_COMMAND = re.compile(r"([MLZ])([^MLZ]*)")


@cache
def world() -> dict[str, Any]:
    """The projected map: ``width``, ``height``, ``sphere`` and ``countries`` (``iso3``,
    ``d`` SVG path, ``x``/``y`` centroid), from ``foedus/web/static/world.json``."""
    text = resources.files("foedus.web").joinpath("static/world.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def svg_path(d: str) -> Any:
    """A Matplotlib :class:`~matplotlib.path.Path` from an SVG path of M, L and Z commands
    (what d3-geo writes for polygons)."""
    from matplotlib.path import Path

    vertices: list[tuple[float, float]] = []
    codes: list[Any] = []
    start = (0.0, 0.0)
    for command, args in _COMMAND.findall(d):
        if command == "Z":
            vertices.append(start)
            codes.append(Path.CLOSEPOLY)
            continue
        numbers = [float(v) for v in re.findall(r"-?[\d.]+(?:e-?\d+)?", args)]
        points = list(zip(numbers[::2], numbers[1::2], strict=True))
        for i, point in enumerate(points):
            if command == "M" and i == 0:
                start = point
                codes.append(Path.MOVETO)
            else:
                codes.append(Path.LINETO)
            vertices.append(point)
    return Path(np.array(vertices), codes)


def plot_posture(
    frame: pd.DataFrame, ax: Axes | None = None, title: str | None = None, labels: int = 6
) -> Axes:
    """Map of US active-duty troops by host, coloured on a log scale, the largest listed.

    Parameters
    ----------
    frame
        A :func:`foedus.posture` table (``iso3``, ``host``, ``troops``; ``attrs["year"]``).
    ax
        The Axes to draw on (default: a new figure).
    title
        The title (default: "US active-duty troops abroad, YEAR").
    labels
        How many of the largest hosts are listed with their troops.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: the largest hosts listed bottom left; hosts without a shape on
        the 1:110m map are named in the caption.
    """
    missing = {"iso3", "host", "troops"} - set(frame.columns)
    if missing:
        raise FoedusError(
            f"posture table lacks {sorted(missing)}; accepted: the frame of foedus.posture"
        )
    mpl = matplotlib()
    from matplotlib.collections import PathCollection
    from matplotlib.colors import LogNorm
    from matplotlib.patches import PathPatch

    from foedus.web.geo import FORMER

    ax = axes(ax, figsize=(10.0, 5.6))
    data = world()
    ax.add_patch(PathPatch(svg_path(data["sphere"]), facecolor=OCEAN, edgecolor="#c9d1da", lw=0.5))
    troops: dict[str, float] = {}
    for iso3, value in zip(frame["iso3"], frame["troops"], strict=True):
        if isinstance(iso3, str):
            for shape in FORMER.get(iso3, (iso3,)):
                troops[shape] = troops.get(shape, 0.0) + float(value)
    present = [v for v in troops.values() if v > 0]
    norm = LogNorm(vmin=max(1.0, min(present, default=1.0)), vmax=max(present, default=10.0))
    cmap = mpl.colormaps["YlOrRd"]
    drawn = set()
    paths, colours = [], []
    for country in data["countries"]:
        value = troops.get(country["iso3"] or "")
        paths.append(svg_path(country["d"]))
        colours.append(cmap(norm(value)) if value else LAND)
        if value:
            drawn.add(country["iso3"])
    collection = PathCollection(paths, facecolors=colours, edgecolors=EDGE, linewidths=0.3)
    ax.add_collection(collection)
    top = frame.sort_values("troops", ascending=False).head(labels)
    ranking = "\n".join(f"{row.host}: {int(row.troops):,}" for row in top.itertuples(index=False))
    if ranking:
        ax.text(
            0.0,
            0.30,
            f"Largest hosts\n{ranking}",
            transform=ax.transAxes,
            fontsize=8,
            va="top",
            ha="left",
            color="#1d2330",
        )
    scalar = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = ax.figure.colorbar(scalar, ax=ax, shrink=0.6, pad=0.01)
    bar.set_label("US active-duty troops (log scale)")
    ax.set_xlim(0, data["width"])
    ax.set_ylim(data["height"], 0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    year = frame.attrs.get("year")
    ax.set_title(title or f"US active-duty troops abroad{f', {year}' if year else ''}")
    unmapped = sorted(
        str(h)
        for h, iso3 in zip(frame["host"], frame["iso3"], strict=True)
        if not any(s in drawn for s in FORMER.get(iso3, (iso3,)) if isinstance(iso3, str))
    )
    lines = [
        "Source: troopdata (Allen, Flynn & Martinez Machain 2022), the year's largest report"
        + (f", {year}." if year else "."),
        "Map: Natural Earth 1:110m (public domain), today's borders.",
    ]
    if unmapped:
        shown = ", ".join(unmapped[:12]) + (", ..." if len(unmapped) > 12 else "")
        lines.append(f"Too small for the map or without a shape: {shown}.")
    ax.text(
        0.0, 0.0, "\n".join(lines), transform=ax.transAxes, fontsize=7, color="dimgrey",
        va="bottom", ha="left",
    )  # fmt: skip
    return ax
