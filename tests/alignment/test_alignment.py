"""Similarity measures: published test vectors, matrix path vs. two-portfolio path, fixtures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau

from foedus.alignment import (
    YearPortfolios,
    cohen_kappa,
    regional_domain,
    s_score,
    scott_pi,
    similarity,
    tau_b,
    year_measures,
)
from foedus.errors import FoedusError, NotLoadedError
from foedus.states import system_years


def _vec(text: str) -> list[int]:
    return [int(x) for x in text.split(",")]


@pytest.fixture(scope="module")
def table6(shared_data) -> pd.DataFrame:
    return pd.read_csv(shared_data / "test_vectors" / "signorino_ritter_1999_table6.csv")


def test_table5_hypothetical_pairs(shared_data):
    table5 = pd.read_csv(shared_data / "test_vectors" / "signorino_ritter_1999_table5.csv")
    assert len(table5) == 8
    for row in table5.itertuples():
        got = s_score(_vec(row.a_i), _vec(row.a_j), max_distance=3)
        assert got == pytest.approx(row.published_S, abs=1e-6), row.case


def test_table6_germany_russia_1914(table6):
    gmy, rus = table6["gmy"].to_numpy(), table6["rus"].to_numpy()
    assert len(table6) == 20
    assert tau_b(gmy, rus) == pytest.approx(0.0303, abs=5e-5)
    assert tau_b(gmy, rus) == pytest.approx(kendalltau(gmy, rus).statistic, abs=1e-12)
    assert s_score(gmy, rus) == pytest.approx(0.40, abs=1e-12)
    weighted = s_score(gmy, rus, weights=table6["cap_share"])
    assert round(weighted, 2) == -0.46  # published -0.45 from unrounded shares
    assert weighted == pytest.approx(-0.45, abs=0.015)


def test_signorino_examples():
    assert s_score([3, 3, 2, 2], [2, 2, 3, 3], weights=[0.5, 0.3, 0.1, 0.1]) == pytest.approx(1 / 3)
    mixed = s_score(
        [3, 2, 3, 0, 3, 3, 1, 2],
        [2, 3, 0, 3, 3, 3, 1, 3],
        weights=[0.5, 0.4, 0.05, 0.05, 0.25, 0.25, 0.25, 0.25],
        max_distance=[3, 3, 3, 3, 2, 2, 2, 2],
    )
    assert mixed == pytest.approx(0.475)


def test_missing_weights_drop_out():
    a, b = [3, 0, 2, 1], [0, 0, 2, 3]
    with_nan = s_score(a, b, weights=[0.4, np.nan, 0.2, 0.1])
    assert with_nan == pytest.approx(s_score([3, 2, 1], [0, 2, 3], weights=[0.4, 0.2, 0.1]))


def test_squared_distance():
    # |d| = (3, 0, 1, 2) over 4 dimensions: Σ(d/3)² = (9 + 0 + 1 + 4)/9
    assert s_score([3, 0, 2, 1], [0, 0, 1, 3], squared=True) == pytest.approx(1 - 2 * 14 / 36)


def test_kappa_and_pi_binary_match_classical_formulas():
    # Cohen (1960)-style 2×2 table: 20 agree yes, 15 agree no, 5 + 10 disagree
    a = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    p_o = 35 / 50
    p_e_kappa = (25 / 50) * (30 / 50) + (25 / 50) * (20 / 50)
    pooled_yes = (25 + 30) / 100
    p_e_pi = pooled_yes**2 + (1 - pooled_yes) ** 2
    assert cohen_kappa(a, b) == pytest.approx((p_o - p_e_kappa) / (1 - p_e_kappa))
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert scott_pi(a, b) == pytest.approx((p_o - p_e_pi) / (1 - p_e_pi))


def test_kappa_valued_linear_weights():
    # Linear-weighted kappa = 1 − Σ|v−u|·O / Σ|v−u|·E (E from the outer product of marginals)
    a = np.array([0, 1, 2, 3, 3, 2, 1, 0, 3, 3])
    b = np.array([0, 2, 2, 3, 1, 2, 0, 0, 3, 2])
    observed = np.abs(a - b).mean()
    expected = np.abs(a[:, None] - b[None, :]).mean()
    assert cohen_kappa(a, b) == pytest.approx(1 - observed / expected)
    pooled = np.concatenate([a, b])
    assert scott_pi(a, b) == pytest.approx(
        1 - observed / np.abs(pooled[:, None] - pooled[None, :]).mean()
    )


def _random_year(n: int, seed: int) -> YearPortfolios:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 4, size=(n, n)).astype(np.int8)
    codes = np.triu(codes, 1) + np.triu(codes, 1).T
    np.fill_diagonal(codes, 3)
    weights = rng.random(n) * (rng.random(n) > 0.2)  # some missing (0) weights
    return YearPortfolios(1950, np.arange(2, 2 + n), codes, weights / weights.sum())


def test_matrix_path_matches_pairwise_functions():
    p = _random_year(12, seed=7)
    out = year_measures(p, ["s", "s_wt", "tau_b", "kappa", "pi", "kappa_wt"])
    assert len(out) == 12 * 11 // 2
    w = np.where(p.weights > 0, p.weights, np.nan)
    for row in out.sample(15, random_state=1).itertuples():
        i, j = row.ccode1 - 2, row.ccode2 - 2
        a, b = p.codes[i], p.codes[j]
        assert row.s == pytest.approx(s_score(a, b))
        assert row.s_wt == pytest.approx(s_score(a, b, weights=w))
        assert row.tau_b == pytest.approx(kendalltau(a, b).statistic)
        assert row.kappa == pytest.approx(cohen_kappa(a, b))
        assert row.pi == pytest.approx(scott_pi(a, b))
        assert row.kappa_wt == pytest.approx(cohen_kappa(a, b, weights=w))


def test_matrix_path_squared_and_binary():
    p = _random_year(8, seed=3)
    sq = year_measures(p, ["s"], distance="squared")
    row = sq.iloc[5]
    i, j = int(row.ccode1) - 2, int(row.ccode2) - 2
    a, b = p.codes[i], p.codes[j]
    assert row.s == pytest.approx(s_score(a, b, squared=True))
    binary = YearPortfolios(p.year, p.states, np.minimum(p.codes, 1), p.weights)
    out = year_measures(binary, ["s"], coding="binary").iloc[5]
    assert out.s == pytest.approx(s_score(binary.codes[i], binary.codes[j], max_distance=1))


def test_regional_domain_is_union_of_both_regions():
    # USA (north_america;oceania), UKG (europe), JPN (east_asia), FRN (europe), CAN
    states = np.array([2, 20, 200, 220, 740])
    dom = regional_domain(states)
    assert dom[2, 3] and not dom[2, 4] and dom[0, 1] and dom[4, 4]
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 4, size=(5, 5)).astype(np.int8)
    codes = np.triu(codes, 1) + np.triu(codes, 1).T
    np.fill_diagonal(codes, 3)
    w = np.array([0.5, 0.05, 0.2, 0.15, 0.1])
    p = YearPortfolios(2000, states, codes, w)
    methods = ["s", "s_wt", "kappa", "pi_wt", "tau_b"]
    out = year_measures(p, methods, domain=dom).set_index(["ccode1", "ccode2"])
    keep = dom[1] | dom[2]  # CAN–UKG: North America + Oceania + Europe
    a, b, wk = codes[1][keep], codes[2][keep], w[keep]
    row = out.loc[(20, 200)]
    assert keep.sum() == 4
    assert row["s"] == pytest.approx(s_score(a, b))
    assert row["s_wt"] == pytest.approx(s_score(a, b, weights=wk))
    assert row["kappa"] == pytest.approx(cohen_kappa(a, b))
    assert row["pi_wt"] == pytest.approx(scott_pi(a, b, weights=wk))
    if len(set(a)) > 1 and len(set(b)) > 1:
        assert row["tau_b"] == pytest.approx(kendalltau(a, b).statistic)
    squared = year_measures(p, ["s_wt"], distance="squared", domain=dom)
    assert squared.set_index(["ccode1", "ccode2"]).loc[(20, 200), "s_wt"] == pytest.approx(
        s_score(a, b, weights=wk, squared=True)
    )


def _atop_member(rows: list[tuple]) -> pd.DataFrame:
    cols = [
        "atopid",
        "member",
        "entry",
        "exit",
        "defense",
        "offense",
        "neutral",
        "nonagg",
        "consul",
        "obvary",
    ]
    frame = pd.DataFrame(rows, columns=cols)
    frame["entry"] = pd.to_datetime(frame["entry"])
    frame["exit"] = pd.to_datetime(frame["exit"])
    return frame.assign(phase=0)


@pytest.fixture
def tiny_store(store):
    member = _atop_member(
        [
            (1, 2, "1949-08-24", None, 1, 0, 0, 0, 1, 0),  # USA–CAN defense
            (1, 20, "1949-08-24", None, 1, 0, 0, 0, 1, 0),
            (2, 2, "1940-01-01", "1955-06-30", 0, 0, 0, 1, 0, 0),  # USA–UKG non-aggression
            (2, 200, "1940-01-01", "1955-06-30", 0, 0, 0, 1, 0, 0),
        ]
    )
    store.write_source("atop", "5.1", {"member": member}, citation="test")
    nmc = pd.DataFrame({"ccode": [2, 20, 200], "year": [1950] * 3, "cinc": [0.3, 0.02, 0.1]})
    store.write_source("cow_nmc", "7.0", {"nmc": nmc}, citation="test")
    return store


def test_similarity_from_store(tiny_store):
    out = similarity(1950, "s,s_wt,tau_b", store=tiny_store)
    n = (system_years((1950, 1950))["year"] == 1950).sum()
    assert len(out) == n * (n - 1) // 2
    row = out[(out.ccode1 == 2) & (out.ccode2 == 20)].iloc[0]
    # USA row: self 3, CAN 3, UKG 1; CAN row: USA 3, self 3, UKG 0 -> one unit of distance
    assert row.s == pytest.approx(1 - 2 * 1 / (3 * n))
    # weighted: only USA, CAN, UKG have capability data; UKG (0.1) carries the distance
    assert row.s_wt == pytest.approx(1 - 2 * (0.1 / 0.42) * (1 / 3))
    # two unallied states differ only on each other (3 vs 0, twice); over the weighted
    # dimensions (USA, CAN, UKG) both code 0
    others = out[(out.ccode1 > 200) & (out.ccode2 > 200)]
    assert np.allclose(others.s, 1 - 2 * 6 / (3 * n)) and (others.s_wt == 1).all()


def test_similarity_dyads_and_binary(tiny_store):
    dyads = pd.DataFrame({"ccode1": [200, 20], "ccode2": [2, 2], "year": [1950, 1960]})
    out = similarity(method="s", dyads=dyads, coding="binary", store=tiny_store)
    assert list(out.ccode1) == [2, 2] and list(out.year) == [1950, 1960]
    n1950 = (system_years((1950, 1950))["year"] == 1950).sum()
    # binary 1950: USA (1,1,1) vs UKG (1,0,1) over USA, CAN, UKG -> distance 1 of max 1
    assert out.s.iloc[0] == pytest.approx(1 - 2 / n1950)


def test_similarity_errors(tiny_store):
    with pytest.raises(FoedusError, match="method 'sx' is unknown"):
        similarity(1950, "sx", store=tiny_store)
    with pytest.raises(FoedusError, match="domain"):
        similarity(1950, "s", domain="continental", store=tiny_store)


def test_similarity_needs_atop(tmp_path):
    from foedus.store import Store

    with pytest.raises(NotLoadedError, match="atop"):
        similarity(1950, "s", store=Store(tmp_path / "empty"))


def test_similarity_years_outside_atop(tiny_store):
    with pytest.raises(FoedusError, match=r"outside ATOP 5\.1; accepted: 1816-2018"):
        similarity((2010, 2020), "s", store=tiny_store)


def test_similarity_dyads_as_polars(tiny_store):
    pl = pytest.importorskip("polars")
    dyads = {"ccode1": [200, 20], "ccode2": [2, 2], "year": [1950, 1950]}
    expected = similarity(method="s", dyads=pd.DataFrame(dyads), store=tiny_store)
    got = similarity(method="s", dyads=pl.DataFrame(dyads), store=tiny_store)
    pd.testing.assert_frame_equal(got, expected)
    with pytest.raises(FoedusError, match=r"LazyFrame.*collect"):
        similarity(method="s", dyads=pl.DataFrame(dyads).lazy(), store=tiny_store)
    with pytest.raises(FoedusError, match="dyads holds a missing or non-integer"):
        similarity(
            method="s", dyads=pd.DataFrame({**dyads, "year": [1950.5, 1950]}), store=tiny_store
        )
