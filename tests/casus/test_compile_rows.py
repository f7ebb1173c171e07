"""compile_rows over a kept frame (columns read once per frame) equals compile_pledges of the
rows taken, and a report built from it equals one built from a plain copy of the frame."""

from __future__ import annotations

import numpy as np
import pandas as pd

from foedus.casus import Scenario, triggered
from foedus.casus.pledges import (
    Pledges,
    arrangement_members,
    compile_pledges,
    compile_rows,
    fixed_frame,
    kept,
)
from foedus.commitments import obligations_on

ON = "2024-06-01"


def _same(a: Pledges, b: Pledges) -> None:
    assert np.array_equal(a.states, b.states)
    for name in ("obligor", "beneficiary", "kind", "has_adversary", "has_after"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert np.array_equal(a.attackers_min, b.attackers_min)
    for name in ("adversary", "after", "fellows"):
        left, right = getattr(a, name), getattr(b, name)
        assert left.shape == right.shape and (left != right).nnz == 0, name
    assert a.static_parts.keys() == b.static_parts.keys()
    for name in a.static_parts:
        assert np.array_equal(a.static_parts[name], b.static_parts[name]), name
    assert np.array_equal(a.original, b.original)
    pd.testing.assert_frame_equal(a.table, b.table)


def test_rows_of_a_kept_frame_compile_as_the_rows_taken() -> None:
    frame = fixed_frame(obligations_on(ON, sources="built-in"))
    assert kept(frame)
    scenario = Scenario.build("Russia", "Estonia", ON)
    beneficiary = frame["beneficiary"].to_numpy()
    rows = np.flatnonzero(np.isin(beneficiary, scenario.attackers + scenario.targets))
    taken = compile_pledges(
        scenario, frame.take(rows).reset_index(drop=True), members=arrangement_members(frame)
    )
    assert len(taken.table) > 50  # NATO's and the EU's pledges toward Estonia, at least
    _same(compile_rows(scenario, frame, rows), taken)
    _same(compile_rows(scenario, frame), compile_pledges(scenario, frame.copy()))


def test_report_from_a_kept_frame_equals_one_from_a_plain_frame() -> None:
    plain = obligations_on(ON, sources="built-in")
    shared = fixed_frame(plain.copy())
    scenario = Scenario.build("Russia", "Estonia", ON, location=["europe"])
    from_shared = triggered(scenario, shared)
    pd.testing.assert_frame_equal(from_shared, triggered(scenario, plain))
    nato = from_shared[
        from_shared["arrangement"].str.contains("North Atlantic")
        & (from_shared["type"] == "defense")
    ]
    assert (nato["triggered"] == "yes").sum() == 31  # Art. 5: the other NATO members
