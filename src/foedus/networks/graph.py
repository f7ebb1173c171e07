"""The network of a year (or of one day): nodes are the COW system members, ties merged
across layers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.errors import FoedusError, shown
from foedus.networks.layers import (
    Years,
    check_day,
    check_layers,
    check_span,
    read_layer,
    tie_frame,
)

if TYPE_CHECKING:
    from foedus.store import Store


@dataclass(frozen=True)
class YearNetwork:
    """The network of one year, or of one day when ``on`` is set.

    Attributes
    ----------
    year
        The year (the year of ``on`` for a network of a day).
    layers
        The layer names, in the order asked.
    states
        COW codes of the system members, sorted.
    adjacency
        (N, N) float64, symmetric, 0/1.
    edges
        ``ccode1 < ccode2``, ``layers`` (a list of the layer names the dyad is tied in),
        ``weight`` (the layers' weights summed).
    on
        The day the network was taken on, or None for a year's network.
    """

    year: int
    layers: tuple[str, ...]
    states: np.ndarray
    adjacency: np.ndarray
    edges: pd.DataFrame
    on: pd.Timestamp | None = None

    @property
    def when(self) -> str:
        """``1914`` for a year's network, ``1914-07-28`` for a day's."""
        return str(self.year) if self.on is None else self.on.date().isoformat()

    def graph(self) -> Any:
        """The network as a rustworkx PyGraph (node payload = COW code)."""
        import rustworkx as rx

        g = rx.PyGraph()
        g.add_nodes_from(self.states.tolist())
        iu, ju = np.nonzero(np.triu(self.adjacency, k=1))
        g.add_edges_from_no_data(list(zip(iu.tolist(), ju.tolist(), strict=True)))
        return g


def check_network(net: object, what: str = "net") -> YearNetwork:
    """``net`` if it is a :class:`YearNetwork`, else a one-line error naming it."""
    if not isinstance(net, YearNetwork):
        raise FoedusError(
            f"{what} {shown(net)} is not a network; accepted: a YearNetwork from "
            "foedus.network(year) or foedus.networks.networks(years)"
        )
    return net


def merge_layers(t: pd.DataFrame, layers: tuple[str, ...]) -> pd.DataFrame:
    """One row per tied dyad-year, the layers merged (bit masks keep it vectorised).

    Parameters
    ----------
    t
        Ties of :func:`foedus.networks.network_ties`.
    layers
        The layer names, in the order the ``layers`` lists follow.

    Returns
    -------
    pandas.DataFrame
        ``year, ccode1, ccode2``, ``layers`` (the list of layers the dyad is tied in) and
        the summed ``weight``.
    """
    code = {name: 1 << k for k, name in enumerate(layers)}
    bits = t["layer"].astype(str).map(code).astype("int64")
    merged = (
        t.assign(bits=bits)
        .groupby(["year", "ccode1", "ccode2"], as_index=False)
        .agg(bits=("bits", "sum"), weight=("weight", "sum"))
    )
    names = {m: [n for k, n in enumerate(layers) if m >> k & 1] for m in merged["bits"].unique()}
    lists = pd.Series([names[m] for m in merged["bits"]], index=merged.index, dtype=object)
    return merged.assign(layers=lists).drop(columns="bits")


def build(
    year: int,
    states: np.ndarray,
    edges: pd.DataFrame,
    layers: tuple[str, ...],
    on: pd.Timestamp | None = None,
) -> YearNetwork:
    """The network over ``states`` from merged ``edges`` (:func:`merge_layers`); ties of
    states that are not system members are dropped."""
    index = pd.Index(states)
    i, j = index.get_indexer(edges["ccode1"]), index.get_indexer(edges["ccode2"])
    ok = (i >= 0) & (j >= 0)
    adj = np.zeros((len(states), len(states)))
    adj[i[ok], j[ok]] = adj[j[ok], i[ok]] = 1.0
    kept = edges.loc[ok, ["ccode1", "ccode2", "layers", "weight"]].reset_index(drop=True)
    return YearNetwork(int(year), layers, states, adj, kept, on)


def _system(span: tuple[int, int]) -> dict[int, np.ndarray]:
    from foedus.states import system_years

    sy = system_years(span)
    return {int(y): g["code"].to_numpy(dtype=np.int64) for y, g in sy.groupby("year")}


def networks(
    years: Years,
    layer: str | Sequence[str] = "defense",
    store: Store | None = None,
) -> list[YearNetwork]:
    """The network of each year in ``years`` on ``layer`` (one name, or several =
    multiplex); nodes are the COW system members of the year (a member on any day).

    Parameters
    ----------
    years
        ``YYYY``, ``YYYY-YYYY`` or ``(first, last)``; None: every year the layers cover.
    layer
        A layer of :data:`foedus.vocab.NETWORK_LAYERS`, several comma-separated, or a list.
    store
        The store (default: the user's store).

    Returns
    -------
    list of YearNetwork
    """
    layers = check_layers(layer)
    span = check_span(years, layers)
    ties = tie_frame({n: read_layer(n, span, store) for n in layers}, span)
    merged = merge_layers(ties, layers)
    by_year = dict(list(merged.groupby("year")))
    empty = merged.iloc[:0]
    return [build(y, states, by_year.get(y, empty), layers) for y, states in _system(span).items()]


def network(
    year: int | None = None,
    layer: str | Sequence[str] = "defense",
    store: Store | None = None,
    *,
    on: str | dt.date | None = None,
) -> YearNetwork:
    """The network of one year, or of one day with ``on``.

    Parameters
    ----------
    year
        The year (nodes: the COW system members in it; ties in force on any day of it).
    layer
        A layer of :data:`foedus.vocab.NETWORK_LAYERS`, several comma-separated, or a list.
    store
        The store (default: the user's store).
    on
        A date instead of a year (``YYYY-MM-DD``): nodes are the system members on that
        day and ties those in force that day, so the network of 1914-07-28 leaves out the
        treaties signed on 2 August 1914.

    Returns
    -------
    YearNetwork
    """
    layers = check_layers(layer)
    if on is not None:
        if year is not None:
            raise FoedusError(
                f"year {shown(year)} and on {shown(on)} both given; accepted: a year or a date"
            )
        return _network_on(check_day(on, layers), layers, store)
    if year is None or not isinstance(year, int | np.integer) or isinstance(year, bool):
        raise FoedusError(f"year {shown(year)} is not a year; accepted: an integer year, e.g. 1914")
    nets = networks((int(year), int(year)), layers, store)
    if not nets:
        raise FoedusError(f"year {year} has no COW system members; accepted: 1816 or later")
    return nets[0]


def _network_on(day: pd.Timestamp, layers: tuple[str, ...], store: Store | None) -> YearNetwork:
    from foedus.states import members_on

    span = (day.year, day.year)
    ties = tie_frame({n: read_layer(n, span, store, day) for n in layers}, span)
    states = members_on(day.date())["ccode"].to_numpy(dtype=np.int64)
    if len(states) == 0:
        raise FoedusError(f"on {day.date()} has no COW system members; accepted: 1816 or later")
    return build(day.year, np.sort(states), merge_layers(ties, layers), layers, day)
