"""foedus.plotting: every plot function takes ax=None, returns Axes, leaves the backend alone.

EXAMPLES holds one call per plot function that ``foedus.plotting`` exports (``plot_*`` in
``__all__``); a new plot function without an example fails ``test_every_plot_has_an_example``.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import foedus.plotting as plotting
from foedus.errors import FoedusError

mpl = pytest.importorskip("matplotlib")


def burden_table() -> pd.DataFrame:
    """A small burden table: 6 members, 2020-2022, one without data, thresholds 2 and 3.5."""
    codes = [2, 200, 220, 343, 345, 395]  # USA, UK, France, North Macedonia, Serbia, Iceland
    gdp = [21000e3, 2800e3, 2700e3, 12e3, 60e3, 25e3]
    share = [0.037, 0.022, 0.019, 0.012, 0.036, np.nan]
    rows = []
    for year in (2020, 2021, 2022):
        for code, g, s in zip(codes, gdp, share, strict=True):
            rows.append(
                {
                    "ccode": code,
                    "year": year,
                    "source": "SIPRI",
                    "gdp_current_usd_m": g if s == s else np.nan,
                    "milex_share_gdp": s,
                    "milex_current_usd_m": g * s,
                }
            )
    table = pd.DataFrame(rows)
    known = table["milex_share_gdp"].notna()
    by_year = table[known].groupby("year")
    table["spending_share"] = table["milex_current_usd_m"] / table["year"].map(
        by_year["milex_current_usd_m"].sum()
    )
    table["gdp_share"] = table["gdp_current_usd_m"] / table["year"].map(
        by_year["gdp_current_usd_m"].sum()
    )
    table["burden_ratio"] = table["spending_share"] / table["gdp_share"]
    for t in (2.0, 3.5):
        table[f"meets_{t:g}pct"] = (
            (table["milex_share_gdp"] >= t / 100).astype("boolean").mask(~known)
        )
    table.attrs.update(arrangement="Test", thresholds=[2.0, 3.5], releases={"sipri_milex": "2025"})
    return table


def oz_series() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2020, 2021, 2022],
            "n": [5, 5, 5],
            "rho": [0.5, -0.1, 0.9],
            "p_value": [0.3, 0.8, 0.01],
        }
    )


def small_network():
    """USA-CAN and UKG-FRN-RUS tied, Japan alone, 1950."""
    from foedus.networks import YearNetwork

    states = np.array([2, 20, 200, 220, 365, 740])
    adj = np.zeros((6, 6))
    for i, j in [(0, 1), (2, 3), (3, 4)]:
        adj[i, j] = adj[j, i] = 1.0
    edges = pd.DataFrame(
        {
            "ccode1": [2, 200, 220],
            "ccode2": [20, 220, 365],
            "layers": [["defense"]] * 3,
            "weight": 1.0,
        }
    )
    return YearNetwork(1950, ("defense",), states, adj, edges)


def similarity_series() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ccode1": 2,
            "ccode2": 200,
            "year": [1990, 1991, 1992],
            "s": [0.5, 0.6, 0.55],
            "kappa": [0.3, 0.4, 0.35],
            "state1": "United States of America",
            "state2": "United Kingdom",
        }
    )


def posture_table() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"host": ["Germany", "Japan", "Malta"], "iso3": ["DEU", "JPN", "MLT"],
         "troops": [66418, 35571, 9]}
    )  # fmt: skip
    frame.attrs["year"] = 2005
    return frame


EXAMPLES: dict[str, Callable[..., object]] = {
    "plot_posture": lambda ax: plotting.plot_posture(posture_table(), ax=ax),
    "plot_network": lambda ax: plotting.plot_network(small_network(), ax=ax),
    "plot_similarity": lambda ax: plotting.plot_similarity(similarity_series(), ax=ax),
    "plot_burden_scatter": lambda ax: plotting.plot_burden_scatter(burden_table(), ax=ax),
    "plot_burden_ranking": lambda ax: plotting.plot_burden_ranking(burden_table(), ax=ax),
    "plot_compliance": lambda ax: plotting.plot_compliance(burden_table(), ax=ax),
    "plot_olson_zeckhauser": lambda ax: plotting.plot_olson_zeckhauser(oz_series(), "Test", ax=ax),
}
PLOTS = sorted(name for name in plotting.__all__ if name.startswith("plot_"))


def test_every_plot_has_an_example() -> None:
    assert PLOTS, "foedus.plotting exports no plot function"
    missing = [name for name in PLOTS if name not in EXAMPLES]
    assert not missing, f"add an example call to EXAMPLES in {__file__} for {missing}"


@pytest.fixture
def interactive_backend(monkeypatch: pytest.MonkeyPatch):
    """A backend other than Agg in force (WebAgg, else TkAgg, else a registered dummy
    backend module), restored afterwards."""
    plt = pytest.importorskip("matplotlib.pyplot")
    from matplotlib.backend_bases import FigureCanvasBase, FigureManagerBase

    dummy = types.ModuleType("foedus_dummy_backend")
    dummy.FigureCanvas = type("DummyCanvas", (FigureCanvasBase,), {})  # type: ignore[attr-defined]
    dummy.FigureManager = FigureManagerBase  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "foedus_dummy_backend", dummy)
    before = mpl.get_backend()
    for name in ("WebAgg", "TkAgg", "module://foedus_dummy_backend"):
        try:
            plt.switch_backend(name)
        except Exception:  # the backend's toolkit is missing
            continue
        break
    yield mpl.get_backend()
    plt.close("all")
    plt.switch_backend(before)


def test_dummy_backend_fallback_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last resort of the fixture above is a usable backend in its own right."""
    plt = pytest.importorskip("matplotlib.pyplot")
    from matplotlib.backend_bases import FigureCanvasBase, FigureManagerBase

    dummy = types.ModuleType("foedus_dummy_backend")
    dummy.FigureCanvas = type("DummyCanvas", (FigureCanvasBase,), {})  # type: ignore[attr-defined]
    dummy.FigureManager = FigureManagerBase  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "foedus_dummy_backend", dummy)
    before = mpl.get_backend()
    try:
        plt.switch_backend("module://foedus_dummy_backend")
        ax = plotting.plot_burden_ranking(burden_table())
        assert mpl.get_backend() == "module://foedus_dummy_backend"
        assert ax.get_figure().canvas.__class__.__name__ == "DummyCanvas"
    finally:
        plt.close("all")
        plt.switch_backend(before)


@pytest.mark.parametrize("name", PLOTS)
def test_plot_keeps_backend_and_returns_axes(name: str, interactive_backend: str) -> None:
    from matplotlib.axes import Axes

    plt = sys.modules["matplotlib.pyplot"]
    ax = EXAMPLES[name](None)  # a new figure of its own
    assert isinstance(ax, Axes)
    assert mpl.get_backend() == interactive_backend
    _fig, given = plt.subplots()
    assert EXAMPLES[name](given) is given  # draws on the Axes it is given
    assert given.has_data() or given.texts or given.patches
    assert mpl.get_backend() == interactive_backend
    assert mpl.is_interactive() is False or mpl.get_backend() == interactive_backend


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_figure_by_suffix(tmp_path: Path, suffix: str) -> None:
    fig, panels = plotting.new_figure("AB", figsize=(12, 5))
    plotting.plot_burden_scatter(burden_table(), ax=panels["A"])
    plotting.plot_burden_ranking(burden_table(), ax=panels["B"])
    path = plotting.save_figure(fig, tmp_path / f"b{suffix}")
    head = path.read_bytes()[:8]
    magic = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix]
    assert head.startswith(magic)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("b.txt", "'.txt' names no figure format"),
        ("missing/b.png", "does not exist"),
        ("b", "(none)"),
    ],
)
def test_save_figure_refuses(tmp_path: Path, name: str, words: str) -> None:
    fig, _ = plotting.new_figure()
    with pytest.raises(FoedusError, match=re.escape(words)):
        plotting.save_figure(fig, tmp_path / name)
    assert not any(tmp_path.iterdir())


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for mod in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails
    with pytest.raises(FoedusError, match=re.escape("pip install 'foedus[plot]'")):
        plotting.plot_burden_ranking(burden_table())


def test_caption_names_dataset_release_years() -> None:
    _fig, panels = plotting.new_figure()
    ax = plotting.plot_compliance(burden_table(), ax=panels["A"])
    texts = [t.get_text() for t in ax.texts]
    assert any(
        "SIPRI Military Expenditure Database (release 2025), 2020–2022" in t for t in texts
    ), texts


def test_ranking_orders_members_and_draws_every_threshold() -> None:
    _fig, panels = plotting.new_figure()
    ax = plotting.plot_burden_ranking(burden_table(), ax=panels["A"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # Iceland (no data) at the bottom, then ascending share: the top bar is the US (3.7%)
    assert labels == [
        "Iceland",
        "North Macedonia",
        "France",
        "United Kingdom",
        "Serbia",
        "United States",
    ]
    lines = sorted(line.get_xdata()[0] for line in ax.get_lines())
    assert lines == [2.0, 3.5]


def test_scatter_uses_iso3_and_labels_do_not_overlap() -> None:
    fig, panels = plotting.new_figure(figsize=(6, 6))
    ax = plotting.plot_burden_scatter(burden_table(), ax=panels["A"])
    fig.draw_without_rendering()
    labels = [t for t in ax.texts if t.get_text() in {"USA", "GBR", "FRA", "MKD", "SRB"}]
    assert sorted(t.get_text() for t in labels) == ["FRA", "GBR", "MKD", "SRB", "USA"]
    boxes = [t.get_window_extent() for t in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    # equal shares + one line per threshold (2 and 3.5)
    styles = [line.get_label() for line in ax.get_lines()]
    assert styles == ["equal shares", "spending = 2% of own GDP", "spending = 3.5% of own GDP"]


def test_plotting_sources_never_select_a_backend() -> None:
    """No ``matplotlib.use``/``pyplot.switch_backend`` call anywhere in foedus.plotting."""
    import ast

    folder = Path(plotting.__file__).parent
    calls = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"use", "switch_backend"}
            ):
                calls.append(f"{path.name}:{node.lineno}")
    assert len(list(folder.glob("*.py"))) >= 4  # __init__, _base, _labels, burden, ...
    assert calls == []
