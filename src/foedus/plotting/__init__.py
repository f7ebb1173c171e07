"""Plots: every function takes ``ax=None`` and returns the Matplotlib Axes it drew on.

Matplotlib is imported only when a plot is drawn (install it with
``pip install 'foedus[plot]'``); nothing here selects or changes the backend. The CLI
draws into a figure of :func:`new_figure` and writes it with :func:`save_figure`, whose
suffix (``.png``, ``.svg``, ``.pdf``) sets the format. Every figure carries a caption
naming its data set, release and years (:func:`source_caption`).

A plot module added here re-exports its functions in ``__all__`` below (``plot_*``)
and gives an example call in ``tests/plotting/test_plotting.py``, which checks every one.
"""

from foedus.plotting._base import new_figure, save_figure, source_caption
from foedus.plotting.alignment import plot_similarity
from foedus.plotting.burden import (
    plot_burden_ranking,
    plot_burden_scatter,
    plot_compliance,
    plot_olson_zeckhauser,
)
from foedus.plotting.networks import plot_network
from foedus.plotting.posture import plot_posture

__all__ = [
    "new_figure",
    "plot_burden_ranking",
    "plot_burden_scatter",
    "plot_compliance",
    "plot_network",
    "plot_olson_zeckhauser",
    "plot_posture",
    "plot_similarity",
    "save_figure",
    "source_caption",
]
