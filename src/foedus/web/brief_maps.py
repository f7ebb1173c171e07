"""The inline SVG world maps of a scenario brief: entrants by round, and join probabilities.

The geometry is the app's own ``static/world.json`` (Natural Earth via world-atlas, see
``docs/web.md``), drawn for the state identities on the scenario's date.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

WORLD = Path(__file__).parent / "static" / "world.json"
# attacker and target side, darker for earlier rounds (as on the scenario page)
SIDE_COLOURS = {
    "attacker": ("#7f1d16", "#c0392b", "#e07b6f", "#f2b8b0"),
    "target": ("#0f3566", "#1f5fa8", "#5d93d1", "#a9c8ea"),
}
LAND, OCEAN = "#d9dde3", "#f3f6fa"


@cache
def _world() -> dict[str, Any]:
    with WORLD.open(encoding="utf-8") as f:
        world: dict[str, Any] = json.load(f)
    return world


def _svg(fills: Mapping[int, str], labels: Mapping[int, str], on: str, label: str) -> str:
    """The world map with each state's shapes filled, as inline SVG."""
    from foedus.web.geo import shapes_on

    world = _world()
    by_iso = {c["iso3"]: c for c in world["countries"] if c["iso3"]}
    states = shapes_on(on)
    drawn: dict[str, tuple[str, int]] = {}
    for state in states:
        for iso in state["shapes"]:
            if state["ccode"] in fills:
                drawn[iso] = (fills[state["ccode"]], state["ccode"])
    paths = []
    for country in world["countries"]:
        fill, code = drawn.get(country["iso3"], (LAND, 0))
        paths.append(
            f'<path d="{country["d"]}" fill="{fill}" data-iso3="{country["iso3"] or ""}"'
            f"{f' data-code={chr(34)}{code}{chr(34)}' if code else ''}/>"
        )
    marks = []
    for state in states:
        text = labels.get(state["ccode"])
        shape = next((by_iso[s] for s in state["shapes"] if s in by_iso), None)
        if text and shape:
            marks.append(
                f'<text x="{shape["x"]}" y="{shape["y"]}" class="mark">{escape(text)}</text>'
            )
    return (
        f'<svg viewBox="0 0 {world["width"]} {world["height"]}" role="img" '
        f'aria-label="{escape(label)}" class="map"><path d="{world["sphere"]}" fill="{OCEAN}"/>'
        f'<g stroke="#fff" stroke-width="0.4">{"".join(paths)}</g>{"".join(marks)}</svg>'
    )


def entrants_map(entrants: pd.DataFrame, on: str) -> str:
    fills, labels = {}, {}
    for row in entrants.itertuples(index=False):
        shades = SIDE_COLOURS[str(row.side)]
        fills[int(row.ccode)] = shades[min(int(row.round), len(shades) - 1)]
        labels[int(row.ccode)] = str(row.round) if row.round else ""
    legend = _legend(
        [
            (f"{side} side; darker: earlier round", shades[1])
            for side, shades in SIDE_COLOURS.items()
        ]
        + [("numbers: round of entry", "#ffffff")]
    )
    return _svg(fills, labels, on, "map of the entrants by round") + legend


def probability_map(states: pd.DataFrame, on: str) -> str:
    fills = {}
    for row in states.itertuples(index=False):
        if row.p_enters <= 0:
            continue
        side = "target" if row.p_target_side >= row.p_attacker_side else "attacker"
        fills[int(row.ccode)] = _blend(SIDE_COLOURS[side][1], float(row.p_enters))
    legend = _legend(
        [
            ("more likely on the target side; paler: less likely to enter", "#1f5fa8"),
            ("more likely on the attacker side", "#c0392b"),
        ]
    )
    return _svg(fills, {}, on, "map of the probability that each state enters") + legend


def _blend(colour: str, p: float) -> str:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 + (c - 255) * (0.15 + 0.85 * p)) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _legend(items: Sequence[tuple[str, str]]) -> str:
    return (
        '<p class="legend">'
        + "".join(f'<span><i style="background:{c}"></i>{escape(t)}</span>' for t, c in items)
        + "</p>"
    )


def map_source() -> str:
    """The map geometry's source line, for a brief's citations."""
    return str(_world()["source"])
