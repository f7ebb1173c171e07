"""The picture of a cooperation network: blocs coloured, with a legend, and its source."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from foedus.networks.graph import YearNetwork, check_network
from foedus.networks.layers import layer_source
from foedus.networks.metrics import blocs, year_metrics
from foedus.plotting._base import axes, matplotlib, source_caption
from foedus.plotting._labels import state_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_GOLDEN = np.pi * (3 - np.sqrt(5))
_PALETTE = "tab10"
_NO_TIE = "#d9d9d9"
_LEGEND_MEMBERS = 4  # states named per bloc in the legend


def plot_network(net: YearNetwork, ax: Axes | None = None) -> Axes:
    """Draw a network: blocs (:func:`foedus.networks.blocs`) in colours, each bloc a
    cluster with its best-connected states at the centre, states without a tie in grey on
    an outer ring, a legend naming each bloc's size and first members, and the data
    source under the drawing. States are labelled by ISO 3166 alpha-3 code.

    Parameters
    ----------
    net
        A network from :func:`foedus.network` (a year's or a day's).
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.lines import Line2D

    check_network(net)
    ax = axes(ax, figsize=(11, 10))
    labels = blocs(net.adjacency)
    pos, spacing = _layout(net, labels)
    names = state_labels(net.states, net.year, style="iso3")
    colours = matplotlib().colormaps[_PALETTE]
    iu, ju = np.nonzero(np.triu(net.adjacency, k=1))
    for i, j in zip(iu, ju, strict=True):
        ax.plot(*pos[[i, j]].T, color="#8c8c8c", lw=1.0, alpha=0.6, zorder=1)
    tied = labels >= 0
    fig = ax.get_figure(root=True)
    height = float(fig.get_size_inches()[1]) if fig is not None else 10.0
    size = min(520.0, (0.9 * spacing * height * 72 / 2.9) ** 2)
    font = float(np.clip(np.sqrt(size) / 2.6, 5, 8.5))
    for i in np.flatnonzero(tied):
        ax.scatter(
            pos[i, 0],
            pos[i, 1],
            s=size,
            color=colours(labels[i] % 10),
            edgecolor="black",
            lw=0.6,
            zorder=2,
        )
        ax.annotate(
            names[i],
            pos[i],
            ha="center",
            va="center",
            fontsize=font,
            fontweight="bold",
            color="white",
            zorder=3,
        )
    for i in np.flatnonzero(~tied):
        ax.scatter(pos[i, 0], pos[i, 1], s=50, color=_NO_TIE, edgecolor="#9a9a9a", lw=0.5, zorder=2)
        ax.annotate(
            names[i],
            pos[i],
            xytext=(0, -9),
            textcoords="offset points",
            ha="center",
            fontsize=6,
            color="#707070",
        )
    handles = []
    degree = net.adjacency.sum(axis=1)
    for b in range(labels.max() + 1):
        members = np.flatnonzero(labels == b)
        members = members[np.lexsort((net.states[members], -degree[members]))]
        shown = ", ".join(names[i] for i in members[:_LEGEND_MEMBERS])
        more = "…" if len(members) > _LEGEND_MEMBERS else ""
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                markersize=9,
                markerfacecolor=colours(b % 10),
                markeredgecolor="black",
                label=f"bloc {b + 1} ({len(members)}): {shown}{more}",
            )
        )
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            markersize=6,
            markerfacecolor=_NO_TIE,
            markeredgecolor="#9a9a9a",
            label=f"no tie ({int((~tied).sum())})",
        )
    )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        frameon=False,
        title="blocs (states; best connected first)",
        title_fontsize=8,
    )
    m = year_metrics(net)
    ax.set_title(
        f"{' + '.join(net.layers)} network, {net.when}\n"
        f"{m['ties']} ties among {m['states']} states; {m['blocs']} blocs "
        f"(modularity {m['modularity']:.2f}, polarization {m['polarization']:.2f})",
        fontsize=11,
    )
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    lines = sorted({layer_source(name) for name in net.layers})
    lines.append(
        "Nodes: COW state system members"
        + (f" on {net.when}." if net.on is not None else f" in {net.year}.")
    )
    source_caption(ax, ["Source: " + "; ".join(lines[:-1]) + ".", lines[-1]])
    return ax


def _layout(net: YearNetwork, labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Node positions and the spacing between neighbouring nodes.

    Each bloc is a sunflower (Vogel spiral), its best-connected states at the centre; blocs
    sit around a circle, largest first; isolates are evenly spaced on an outer ring.
    """
    n = len(net.states)
    pos = np.zeros((n, 2))
    degree = net.adjacency.sum(axis=1)
    groups = [np.flatnonzero(labels == b) for b in range(labels.max() + 1)]
    radii = np.array([np.sqrt(len(g)) + 0.5 for g in groups])
    ring = max((2 * radii + 1).sum() / (2 * np.pi), radii.max()) if len(groups) > 1 else 0.0
    angle = np.pi / 2
    for g, r in zip(groups, radii, strict=True):
        angle -= r / max(ring, 1e-9) if ring else 0
        members = g[np.lexsort((net.states[g], -degree[g]))]
        k = np.arange(len(members))
        turn = k * _GOLDEN
        spiral = np.sqrt(k + 0.5)[:, None] * np.column_stack([np.cos(turn), np.sin(turn)])
        pos[members] = spiral + ring * np.array([np.cos(angle), np.sin(angle)])
        angle -= (r + 1) / max(ring, 1e-9) if ring else 0
    tied = labels >= 0
    scale = max(np.abs(pos[tied]).max() + 0.5, 1.0) if tied.any() else 1.0
    pos[tied] /= scale
    lone = np.flatnonzero(~tied)
    theta = np.pi / 2 - 2 * np.pi * np.arange(len(lone)) / max(len(lone), 1)
    pos[lone] = 1.3 * np.column_stack([np.cos(theta), np.sin(theta)])
    return pos, 1.0 / scale
