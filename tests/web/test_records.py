"""The JSON rows of a table: from its frame (``records``) and from its columns without a
frame (``column_records``, the API's scenario answer) are the same, whatever the dtypes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foedus.report import (
    build_scenario,
    column_records,
    records,
    scenario_json,
    scenario_sections,
    sections_json,
)

WORDS = ("yes", "no", "unknown")
texts = st.one_of(st.none(), st.text(max_size=6))
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-9, 9))


def _columns(n: int) -> st.SearchStrategy[dict[str, object]]:
    """A table of ``n`` rows in the forms the engines build: lists of Python values, numpy
    arrays, categoricals, nullable and Arrow arrays, dates."""
    day = st.integers(-50_000, 50_000).map(lambda d: np.datetime64(d, "D"))
    forms = {
        "ints": st.lists(st.integers(-(2**40), 2**40), min_size=n, max_size=n),
        "int_array": st.lists(st.integers(-9, 9), min_size=n, max_size=n).map(np.array),
        "floats": st.lists(
            st.floats(allow_nan=True, allow_infinity=True), min_size=n, max_size=n
        ).map(lambda v: np.array(v, dtype=float)),
        "bools": st.lists(st.booleans(), min_size=n, max_size=n).map(np.array),
        "texts": st.lists(texts, min_size=n, max_size=n),
        "mixed": st.lists(st.one_of(texts, numbers), min_size=n, max_size=n),
        "objects": st.lists(texts, min_size=n, max_size=n).map(lambda v: np.array(v, dtype=object)),
        "words": st.lists(st.integers(-1, len(WORDS) - 1), min_size=n, max_size=n).map(
            lambda codes: pd.Categorical.from_codes(codes, categories=WORDS)  # -1: missing
        ),
        "nullable": st.lists(st.one_of(st.none(), st.integers(-9, 9)), min_size=n, max_size=n).map(
            lambda v: pd.array(v, dtype="Int64")
        ),
        "arrow": st.lists(texts, min_size=n, max_size=n).map(
            lambda v: pd.array(v, dtype="string[pyarrow]")
        ),
        "days": st.lists(st.one_of(st.none(), day), min_size=n, max_size=n).map(
            lambda v: np.array([np.datetime64("NaT") if d is None else d for d in v], "M8[s]")
        ),
        "times": st.lists(st.integers(-(10**9), 10**9), min_size=n, max_size=n).map(
            lambda v: np.array(v, dtype="M8[s]")
        ),
    }
    return st.fixed_dictionaries(forms)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 6).flatmap(_columns))
def test_rows_from_columns_are_the_rows_of_their_frame(columns):
    frame = pd.DataFrame(columns)
    from_columns = column_records(columns)
    assert from_columns == records(frame)
    for row in from_columns:  # JSON-ready: no NaN, no numpy scalar, dates as text
        for value in row.values():
            assert value is None or type(value) in (str, int, float, bool)
            assert not (isinstance(value, float) and not math.isfinite(value))


@pytest.mark.parametrize(
    ("attacker", "target", "on", "options"),
    [
        (["Russia"], ["Estonia"], "2024-06-01", {}),
        (["Russia"], ["Estonia"], "2024-06-01", {"unknown": "met"}),
        (["China"], ["Philippines"], "2024-06-01", {}),
        (["North Korea"], ["South Korea"], "2023-01-01", {"provoked": "unknown"}),
        (["Russia"], ["Poland"], "2024-06-01", {"entrant": ["Belarus:attacker"]}),
        (["Iraq"], ["Kuwait"], "1990-08-02", {}),
        (["Germany"], ["Belgium"], "1914-08-04", {}),
    ],
)
def test_the_api_answer_without_frames_is_the_sections_json(attacker, target, on, options):
    unknown = options.pop("unknown", "unmet")
    scenario = build_scenario(attacker, target, on, location=(), **options)
    fast = scenario_json(scenario, unknown=unknown)
    assert fast == sections_json(scenario_sections(scenario, unknown=unknown))
    assert list(fast) == ["triggered", "entrants", "flags"] and fast["entrants"]


def test_categoricals_of_the_same_words_in_another_order_keep_their_own_words():
    # pandas counts these two unordered dtypes as equal: each must still name its own codes
    first = pd.Categorical.from_codes([0, 1, 2, -1], categories=["yes", "no", "unknown"])
    second = pd.Categorical.from_codes([0, 1, 2, -1], categories=["yes", "unknown", "no"])
    assert first.dtype == second.dtype
    assert column_records({"v": first}) == [{"v": w} for w in ("yes", "no", "unknown", None)]
    assert column_records({"v": second}) == [{"v": w} for w in ("yes", "unknown", "no", None)]
    assert records(pd.DataFrame({"v": second}))[1] == {"v": "unknown"}
