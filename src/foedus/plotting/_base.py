"""What every plot shares: the lazy Matplotlib import, new Axes, the source caption, saving.

Plot functions take ``ax=None`` and return the :class:`matplotlib.axes.Axes` they drew
on. Without ``ax`` they draw on a new pyplot figure, so a notebook shows it as usual; the
CLI passes Axes of a figure made by :func:`new_figure` (not managed by pyplot, so no
window or backend is ever involved) and writes it with :func:`save_figure`. Nothing here
selects or changes the Matplotlib backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from foedus.errors import FoedusError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

EXTRA = "pip install 'foedus[plot]'"
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def matplotlib() -> ModuleType:
    """The ``matplotlib`` module, imported on first use.

    Raises
    ------
    FoedusError
        When Matplotlib is not installed, naming the extra that installs it.
    """
    try:
        import matplotlib as mpl
        import matplotlib.figure
    except ImportError:
        raise FoedusError(
            f"plotting needs Matplotlib, which is not installed; accepted: install it with {EXTRA}"
        ) from None
    return mpl


def pyplot() -> ModuleType:
    """``matplotlib.pyplot``, imported on first use (see :func:`matplotlib`)."""
    matplotlib()
    import matplotlib.pyplot as plt

    return plt


def axes(ax: Axes | None = None, figsize: tuple[float, float] = (8.0, 5.5)) -> Axes:
    """``ax`` itself, or the Axes of a new pyplot figure of ``figsize`` inches."""
    if ax is not None:
        return ax
    _, new = pyplot().subplots(figsize=figsize, layout="constrained")
    return new


def new_figure(
    mosaic: str | Sequence[Sequence[str]] = "A",
    figsize: tuple[float, float] = (8.0, 5.5),
    height_ratios: Sequence[float] | None = None,
) -> tuple[Figure, dict[str, Axes]]:
    """A figure outside pyplot (no window, no backend) with Axes laid out by ``mosaic``.

    ``mosaic`` is :meth:`matplotlib.figure.Figure.subplot_mosaic`'s layout, e.g. ``"AB"``
    (two side by side) or ``[["scatter", "ranking"], ["trend", "trend"]]``, with rows of
    ``height_ratios`` (default equal). The CLI draws
    into these Axes and writes the figure with :func:`save_figure`.
    """
    mpl = matplotlib()
    fig = mpl.figure.Figure(figsize=figsize, layout="constrained")
    return fig, dict(fig.subplot_mosaic(mosaic, height_ratios=height_ratios))


def caption_text(
    dataset: str, release: str | None = None, years: Sequence[int] | None = None
) -> str:
    """``"Source: SIPRI Military Expenditure Database (release 2025), 1949–2024."``"""
    text = f"Source: {dataset}"
    if release:
        text += f" (release {release})"
    if years:
        first, last = int(min(years)), int(max(years))
        text += f", {first}" if first == last else f", {first}–{last}"
    return text + "."


def source_caption(
    ax: Axes,
    dataset: str | Sequence[str],
    release: str | None = None,
    years: Sequence[int] | None = None,
) -> Axes:
    """Write the data source under the Axes' x-axis label, small and grey, left-aligned.

    Parameters
    ----------
    ax
        The Axes the caption belongs to.
    dataset
        The data set's name, or several finished caption lines (then ``release`` and
        ``years`` are not used).
    release
        The release or version of the data set (e.g. ``"2025"``, ``"5.1"``).
    years
        The years shown (their first and last are written).
    """
    lines = [caption_text(dataset, release, years)] if isinstance(dataset, str) else list(dataset)
    ax.annotate(
        "\n".join(lines),
        xy=(0, 0),
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7,
        color="dimgrey",
    )
    return ax


def figure_path(path: str | Path) -> Path:
    """Check that ``path`` can take a figure: a known suffix and an existing folder.

    Raises
    ------
    FoedusError
        Naming the path and what is accepted.
    """
    path = Path(path)
    if path.is_dir():
        raise FoedusError(
            f"--plot {path} is a folder; accepted: a file name ending in "
            f"{', '.join(FIGURE_SUFFIXES)}"
        )
    if path.suffix.lower() not in FIGURE_SUFFIXES:
        raise FoedusError(
            f"--plot {path}: the suffix {path.suffix or '(none)'!r} names no figure format; "
            f"accepted: {', '.join(FIGURE_SUFFIXES)}"
        )
    folder = path.parent
    if not folder.is_dir():
        raise FoedusError(
            f"--plot {path}: the folder {folder} does not exist; accepted: a file in an "
            "existing folder"
        )
    return path


def save_figure(fig: Figure | Axes, path: str | Path, dpi: int = 150) -> Path:
    """Write a figure (or the figure of an Axes) to ``path``; the suffix sets the format.

    PNG, SVG and PDF are accepted; the folder must exist.

    Raises
    ------
    FoedusError
        A wrong suffix, a missing folder, or a file that cannot be written.
    """
    path = figure_path(path)
    figure: Any = fig if isinstance(fig, matplotlib().figure.Figure) else fig.get_figure()
    try:
        figure.savefig(path, dpi=dpi, format=path.suffix.lower().lstrip("."))
    except OSError as exc:
        raise FoedusError(
            f"cannot write --plot {path}: {exc.strerror or exc}; accepted: a file in an "
            "existing, writable folder"
        ) from None
    return path
