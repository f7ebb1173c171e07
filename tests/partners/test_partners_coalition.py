"""foedus.partners.coalition: an exact optimum, by hand, by enumeration and on real data."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from realdata import imported_store
from test_partners_score import SOURCES

from foedus.errors import FoedusError
from foedus.partners import coalition, partners, solve
from foedus.partners.components import PENALTY


def test_hand_solved_instance_beats_greedy():
    values = np.array([5.0, 4.0, 4.0, 1.0])
    rivals = np.array([[0, 1], [0, 2]])
    # greedy takes 0 (5) then only 3 fits (6); the optimum is {1, 2} = 8
    best = solve(values, 2, rivals)
    assert best.chosen.tolist() == [1, 2] and best.objective == 8.0
    # one new agreement allowed and 1, 2 both need one: {0, 3} = 6
    best = solve(values, 2, rivals, new=np.array([0, 1, 1, 0]), budget=1)
    assert best.chosen.tolist() == [0, 3] and best.objective == 6.0
    # a negative value is never worth taking
    assert solve(np.array([-1.0, 2.0]), 2).chosen.tolist() == [1]


def test_matches_enumeration():
    rng = np.random.default_rng(7)
    values = rng.uniform(-0.2, 1.0, 10)
    rivals = np.array([p for p in itertools.combinations(range(10), 2) if rng.random() < 0.2])
    new = rng.integers(0, 2, 10)
    best = -np.inf
    for k in range(4):
        for subset in itertools.combinations(range(10), k):
            s = set(subset)
            if any(i in s and j in s for i, j in rivals) or new[list(subset)].sum() > 2:
                continue
            best = max(best, values[list(subset)].sum())
    assert solve(values, 3, rivals, new, 2).objective == pytest.approx(best)


def test_bad_size_and_budget():
    with pytest.raises(FoedusError, match="size=0"):
        solve(np.ones(3), 0)
    with pytest.raises(FoedusError, match="budget=-1"):
        solve(np.ones(3), 1, new=np.ones(3), budget=-1)


@pytest.fixture(scope="module")
def real(tmp_path_factory, shared_data):
    return imported_store(tmp_path_factory, shared_data, SOURCES)


def test_real_coalition_for_poland(real, shared_data):
    kw = {"on": "2010-06-01", "size": 3, "runs": 200, "seed": 1, "store": real}
    out = coalition("Poland", "Russia", min_alignment=0.8, **kw)
    a = out.attrs
    assert 1 <= len(out) <= 3
    assert not out["partner"].isin(["Poland", "Russia"]).any()
    assert a["balance_after"] - a["balance_before"] == pytest.approx(out["value"].sum())
    assert ((out["marginal"] > 0) & (out["marginal"] <= out["value"] + 1e-12)).all()
    # Russia attacks: NATO members defending Poland do not attack Russia, so its CSTO allies'
    # defense pledges are not invoked (docs/cascade.md, "Who attacks whom") and the
    # adversary's side is Russia's CINC alone
    nmc = pd.read_csv(shared_data / "peacesciencer/cow_nmc.csv")
    russia = nmc[(nmc["ccode"] == 365) & (nmc["year"] == 2010)]["cinc"].item()
    assert a["adversary_side_before"] == pytest.approx(russia)
    # budget 0: only states already pledged to fight beside Poland (NATO members) qualify
    pledged = coalition("Poland", "Russia", budget=0, **kw)
    assert len(pledged) and not pledged["new_agreement"].any()
    assert (pledged["p_focal_side"] > 0).all()


def test_coalition_leaves_out_the_adversarys_side(real):
    kw = {"on": "2024-06-01", "size": 3, "runs": 200, "seed": 1, "store": real}
    out = coalition("Poland", "Russia", **kw)
    assert len(out) == 3
    # Belarus is pledged to Russia (CSTO), China aligned with it: neither adds capability
    assert not out["partner"].isin(["Belarus", "China"]).any()
    table = partners("Poland", "Russia", on="2024-06-01", store=real).set_index("partner_ccode")
    rows = table.loc[out["partner_ccode"]]
    aligned = (rows["alliance_similarity"] + rows["un_alignment"]).to_numpy() / 2
    r = rows["reliability"].to_numpy() * aligned * (1 - rows[PENALTY].to_numpy())
    r *= 1 - out["p_adversary_defender"].to_numpy()
    assert out["p_honour"].to_numpy() == pytest.approx(r)
    assert out["adversary_alignment"].to_numpy() == pytest.approx(rows[PENALTY].to_numpy())
    # with the penalty off, China's capability (CINC 0.23) buys it the first place
    off = coalition("Poland", "Russia", weights={PENALTY: 0.0}, **kw)
    assert off["partner"].iloc[0] == "China"
