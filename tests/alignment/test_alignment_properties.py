"""Property tests of the similarity measures on two portfolios: random vectors, random
lengths, random junk. A call returns a measure in its range or raises a one-line
FoedusError naming the argument; never an internal IndexError, KeyError or AttributeError."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau

from foedus.alignment import cohen_kappa, s_score, scott_pi, tau_b
from foedus.errors import FoedusError

MEASURES = {"s_score": s_score, "tau_b": tau_b, "cohen_kappa": cohen_kappa, "scott_pi": scott_pi}
codes = st.lists(st.integers(0, 3), min_size=1, max_size=40)
junk = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**30), 10**30),
    st.lists(st.text(max_size=3), max_size=4),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=6),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    st.just(np.zeros((2, 2))),
)


def _one_line(exc: Exception) -> str:
    message = str(exc)
    assert message.strip() and "\n" not in message, message
    return message


def test_vectors_of_different_lengths_name_the_argument():
    with pytest.raises(FoedusError, match=r"^b has 1 values but a has 2"):
        s_score([1, 2], [1])
    for fn in (tau_b, cohen_kappa, scott_pi):
        with pytest.raises(FoedusError, match="b has 3 values but a has 2"):
            fn([1, 2], [1, 2, 3])
    with pytest.raises(FoedusError, match="weights has 1 values but a has 2"):
        s_score([1, 2], [2, 1], weights=[1])
    with pytest.raises(FoedusError, match="max_distance has 3 values but a has 2"):
        s_score([1, 2], [2, 1], max_distance=[3, 3, 3])
    with pytest.raises(FoedusError, match="max_distance 0 is not positive"):
        s_score([1, 2], [2, 1], max_distance=0)
    with pytest.raises(FoedusError, match=r"^a 'abc' is not a vector of numbers"):
        cohen_kappa("abc", [1])
    with pytest.raises(FoedusError, match="squared 'yes' is not True or False"):
        scott_pi([1, 2], [2, 1], squared="yes")


@settings(max_examples=150, deadline=None, derandomize=True)
@given(a=codes, b=codes, name=st.sampled_from(sorted(MEASURES)))
def test_random_lengths_give_a_measure_or_a_clear_error(a, b, name):
    try:
        value = MEASURES[name](a, b)
    except FoedusError as exc:
        assert len(a) != len(b) and "values but a has" in _one_line(exc)
        return
    assert len(a) == len(b)
    assert math.isnan(value) or -1 - 1e-9 <= value <= 1 + 1e-9


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    data=st.data(),
    n=st.integers(1, 30),
    name=st.sampled_from(sorted(MEASURES)),
)
def test_equal_lengths_properties(data, n, name):
    a = np.array(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    b = np.array(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    fn = MEASURES[name]
    ab, ba = fn(a, b), fn(b, a)
    assert (math.isnan(ab) and math.isnan(ba)) or ab == pytest.approx(ba)  # symmetric
    if name == "s_score":
        assert fn(a, a) == 1.0
        assert ab == pytest.approx(1 - 2 * np.abs(a - b).mean() / 3)
    if name == "tau_b" and len(set(a)) > 1 and len(set(b)) > 1:
        assert ab == pytest.approx(kendalltau(a, b).statistic)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    a=junk | codes,
    b=junk | codes,
    weights=junk,
    squared=junk | st.booleans(),
    name=st.sampled_from(sorted(MEASURES)),
)
def test_junk_arguments_never_give_an_internal_error(a, b, weights, squared, name):
    kwargs = {} if name == "tau_b" else {"weights": weights, "squared": squared}
    try:
        value = MEASURES[name](a, b, **kwargs)
    except FoedusError as exc:
        _one_line(exc)
    else:
        assert isinstance(value, float)
