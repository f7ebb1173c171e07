"""Sweeps over real data: each row agrees with the scenario's own report and cascade."""

from __future__ import annotations

import pandas as pd
import pytest
from realdata import imported_store

from foedus.cascade import cascade
from foedus.casus import count_triggered
from foedus.commitments import obligations_on
from foedus.sweep import contiguous_pairs, sweep

SOURCES = {"atop": "atop", "cow_contiguity": "cow/contdird_v3.2.parquet"}


@pytest.fixture(scope="module")
def world(tmp_path_factory, shared_data):
    return imported_store(tmp_path_factory, shared_data, SOURCES)


def test_rows_equal_the_report_and_the_cascade_of_each_pair(world, tmp_path):
    pairs = contiguous_pairs(2010, store=world)
    assert len(pairs) == 626  # COW Direct Contiguity 3.2, land, 2010: directed pairs
    chosen = pairs[::9]  # 70 pairs from every continent
    out = tmp_path / "pairs.parquet"
    assert sweep(chosen, out, runs=0, store=world, chunk=16) == len(chosen)
    rows = pd.read_parquet(out)
    obligations = obligations_on(chosen[0].date, store=world)
    war = []
    for scenario in chosen:
        entrants = cascade(scenario, obligations).entrants
        joined = entrants[entrants["round"] > 0]
        war.append(
            {
                "pledges_triggered": count_triggered(scenario, obligations),
                "entrants_attacker": int((joined["side"] == "attacker").sum()),
                "entrants_target": int((joined["side"] == "target").sum()),
                "rounds": int(entrants["round"].max()),
            }
        )
    expected = pd.DataFrame(war)
    pd.testing.assert_frame_equal(rows[list(expected.columns)], expected, check_dtype=False)
    assert expected["pledges_triggered"].sum() > 0 and expected["entrants_target"].sum() > 0
