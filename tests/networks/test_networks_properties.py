"""Property tests of the network functions: random graphs give measures in range (blocs
cover the tied states, modularity in [−1/2, 1], polarization in [0, 1], k-step distances
match shortest paths); random junk for layers, years, dates, k and networks gives a one-line
FoedusError naming the argument, never an internal IndexError, KeyError or AttributeError."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus.errors import FoedusError
from foedus.networks import (
    YearNetwork,
    blocs,
    indirect_allies,
    modularity,
    network,
    network_ties,
    polarization,
    to_networkx,
    within_steps,
    year_metrics,
)

junk = st.one_of(
    st.none(),
    st.text(max_size=10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**25), 10**25),
    st.booleans(),
    st.lists(st.text(max_size=4), max_size=3),
    st.tuples(st.integers(-5, 3000), st.integers(-5, 3000)),
    st.tuples(st.text(max_size=3), st.floats()),
    st.just(pd.DataFrame()),
    st.just(np.arange(3)),
)


def _graph(draw: st.DrawFn, n: int) -> np.ndarray:
    bits = draw(st.lists(st.booleans(), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2))
    adj = np.zeros((n, n))
    iu, ju = np.triu_indices(n, k=1)
    adj[iu, ju] = bits
    return adj + adj.T


@st.composite
def graphs(draw: st.DrawFn) -> np.ndarray:
    return _graph(draw, draw(st.integers(1, 14)))


def _net(adj: np.ndarray) -> YearNetwork:
    states = np.arange(2, 2 + len(adj)) * 10
    iu, ju = np.nonzero(np.triu(adj, k=1))
    edges = pd.DataFrame(
        {
            "ccode1": states[iu],
            "ccode2": states[ju],
            "layers": [["defense"]] * len(iu),
            "weight": 1.0,
        }
    )
    return YearNetwork(1950, ("defense",), states, adj, edges)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(adj=graphs())
def test_random_graphs_give_measures_in_range(adj):
    labels = blocs(adj)
    tied = adj.sum(axis=1) > 0
    assert ((labels >= 0) == tied).all()
    if tied.any():
        assert set(labels[tied]) == set(range(labels.max() + 1))
        assert -0.5 <= modularity(adj, labels) <= 1
        assert 0 <= polarization(labels) <= 1
    m = year_metrics(_net(adj))
    assert m["ties"] == adj.sum() / 2 and m["isolates"] == (~tied).sum()
    assert m["dyads_1"] == m["ties"]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(adj=graphs(), k=st.integers(1, 5))
def test_k_steps_match_shortest_paths(adj, k):
    from scipy.sparse.csgraph import shortest_path

    net = _net(adj)
    out = within_steps(net, k)
    dist = shortest_path(adj, unweighted=True, directed=False)
    iu, ju = np.triu_indices(len(adj), k=1)
    assert len(out) == int((dist[iu, ju] <= k).sum())
    assert (out["distance"] <= k).all() and (out["ccode1"] < out["ccode2"]).all()


@settings(max_examples=60, deadline=None, derandomize=True)
@given(value=junk)
def test_junk_network_arguments_are_one_line_errors(value):
    for call in (
        lambda: to_networkx(value),
        lambda: within_steps(value, 3),
        lambda: year_metrics(value),
        lambda: blocs(value),
        lambda: polarization(value),
    ):
        try:
            call()
        except FoedusError as exc:
            assert str(exc).strip() and "\n" not in str(exc)


def test_named_argument_errors():
    with pytest.raises(FoedusError, match=r"^net 'x' is not a network"):
        to_networkx("x")
    with pytest.raises(FoedusError, match=r"^k 2\.5 is not a number of steps"):
        within_steps(_net(np.zeros((3, 3))), 2.5)
    with pytest.raises(FoedusError, match=r"^k 2\.5 is not a number of steps"):
        indirect_allies(1950, k=2.5)
    with pytest.raises(FoedusError, match="adjacency of shape"):
        blocs(np.zeros((2, 3)))
    with pytest.raises(FoedusError, match=r"^labels"):
        modularity(np.zeros((3, 3)), [0, 1])


@pytest.fixture
def empty_home(tmp_path, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(tmp_path / "home"))


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(layer=junk | st.sampled_from(["defense", "dca", "igo,defense"]), years=junk, on=junk)
def test_junk_layers_years_and_dates(empty_home, layer, years, on):
    """On an empty store a valid request says the source is not loaded; anything else is
    a one-line error naming the argument."""
    for call in (
        lambda: network_ties(layer, years),
        lambda: network_ties(layer, on=on),
        lambda: network(years, layer),
        lambda: network(layer=layer, on=on),
    ):
        try:
            call()
        except FoedusError as exc:
            assert str(exc).strip() and "\n" not in str(exc), str(exc)
