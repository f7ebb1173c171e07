"""foedus.partners: the ranking is the documented weighted mean of documented components."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from cli_helpers import invoke
from realdata import imported_store

from foedus.errors import FoedusError, UnknownStateError
from foedus.partners import COMPONENTS, WEIGHTS, explain_partner, partners, partners_coverage
from foedus.partners.components import (
    PENALTY,
    adversary_alignment,
    adversary_pledges,
    components,
)
from foedus.partners.score import check_weights, weighted

SOURCES = {
    "atop": "atop",
    "cow_nmc": "peacesciencer/cow_nmc.csv",
    "cow_war": "cow/Inter-StateWarData_v4.0.csv",
    "cow_war_ddy": "peacesciencer/cow_war_inter.csv",
    "cow_mid": "peacesciencer",
    "mindist": "peacesciencer",
    "rivalries": "peacesciencer",
    "unga": "unga_idealpoints",
    "dcad": "dcad",
    "mme": "troopdata",
    "sipri_arms": "sipri_arms",
    "troops": "troopdata",
}


@pytest.fixture(scope="module")
def real(tmp_path_factory, shared_data):
    return imported_store(tmp_path_factory, shared_data, SOURCES)


@pytest.fixture(scope="module")
def poland(real):
    return partners("Poland", "Russia", on="2010-06-01", store=real)


def test_weighted_mean_by_hand():
    n = len(COMPONENTS)
    parts = pd.DataFrame([[1.0] + [0.0] * (n - 1), [0.0] * (n - 1) + [1.0]], columns=COMPONENTS)
    w = dict.fromkeys(COMPONENTS, 1.0) | {"capability": 3.0}
    assert weighted(parts, w) == pytest.approx([3 / (n + 2), 1 / (n + 2)])


def test_components_follow_the_documented_transforms():
    m = pd.DataFrame(
        {
            "cinc": [0.1, 1e-5, 0.001],
            "s": [1.0, -1.0, 0.5],
            "ideal_distance": [0.0, 4.0, 1.0],
            "threat": [1.0, 0.0, 0.5],
            "mindist": [0.0, np.nan, 1000.0],
            "depth": [12.0, 0.0, 3.0],
            "honoured": [0.0, 0.0, 3.0],
            "cases": [0.0, 0.0, 4.0],
            "dca_partners": [np.inf, 0.0, 5.0],
            "dca_common": [np.inf, 0.0, 2.0],
        }
    )
    c = components(m)
    e1 = 1 - np.exp(-1)
    assert c.loc[0].tolist() == pytest.approx([1, 1, 1, 1, 1, 1, 0.5, 1, 1])
    assert c.loc[1].tolist() == pytest.approx([0, 0, 0, 0, 0, 0, 0.5, 0, 0])
    assert c.loc[2].tolist() == pytest.approx(
        [0.5, 0.75, 0.75, 0.5, np.exp(-1), 0.25, 4 / 6, e1, e1]
    )


def test_ranking_is_the_weighted_components(poland):
    w = np.array([WEIGHTS[c] for c in COMPONENTS])
    score = poland[list(COMPONENTS)].to_numpy() @ w / w.sum()
    score *= 1 - WEIGHTS[PENALTY] * poland[PENALTY].to_numpy()
    assert poland["score"].to_numpy() == pytest.approx(score)
    assert (np.diff(poland["score"].to_numpy()) <= 0).all()
    assert poland["rank"].tolist() == list(range(1, len(poland) + 1))
    assert not poland["partner"].isin(["Poland", "Russia"]).any()
    assert len(poland) == 194 - 2  # COW system members on 2010-06-01, less the two


def test_components_come_from_the_sources(poland, shared_data):
    germany = poland.set_index("partner").loc["Germany"]
    nmc = pd.read_csv(shared_data / "peacesciencer/cow_nmc.csv")
    cinc = nmc[(nmc["ccode"] == 255) & (nmc["year"] == 2010)]["cinc"].item()
    assert germany["capability"] == pytest.approx((np.log10(cinc) + 5) / 4)
    dist = pd.read_parquet(shared_data / "peacesciencer/cow_mindist.parquet")
    fr = dist[(dist["ccode1"] == 220) & (dist["ccode2"] == 290) & (dist["year"] == 2010)]
    france = poland.set_index("partner").loc["France"]
    assert france["reach"] == pytest.approx(np.exp(-fr["mindist"].item() / 1000))
    assert germany["shared_threat"] == 0.0
    assert germany["ties"] > 0.5  # NATO, a DCA, exercises


def test_dca_network_comes_from_dcad(poland, shared_data):
    dcad = pd.read_csv(shared_data / "dcad/DCAD-v1.0-main.csv")
    signed = pd.to_datetime(
        dict(
            year=dcad["signYear"],
            month=dcad["signMonth"].fillna(1),
            day=dcad["signDay"].fillna(1),
        )
    )
    dcad = dcad[signed <= "2010-06-01"]
    signed = signed[signed <= "2010-06-01"]

    def partners_of(code, frame):
        side = frame[(frame["ccode1"] == code) | (frame["ccode2"] == code)]
        return set(side["ccode1"]) | set(side["ccode2"]) - {code}

    recent = partners_of(255, dcad[signed.dt.year >= 2006])
    eif = dcad["EIFYear"].fillna(dcad["signYear"])
    live = dcad[(eif <= 2010) & (dcad["endYearEstimate"] >= 2010)]
    common = (partners_of(255, live) & partners_of(290, live)) - {255, 290}
    germany = poland.set_index("partner").loc["Germany"]
    assert germany["dca_partners"] == len(recent - {255}) > 5
    assert germany["dca_common"] == len(common) > 5
    assert germany["dca_year"] == 2010
    assert germany["dca_degree"] == pytest.approx(1 - np.exp(-len(recent - {255}) / 5))


def test_dcad_is_carried_forward_and_said_so(real, monkeypatch):
    later = partners("Poland", "Russia", on="2024-06-01", store=real)
    assert (later["dca_year"] == 2010).all()
    assert later.set_index("partner").loc["Germany", "dca_common"] > 5
    cov = partners_coverage("2024-06-01").set_index("components")
    assert cov.loc["dca_degree, dca_closure", "status"] == "2010 carried forward"
    assert partners_coverage("2009-06-01")["name"].tolist() == ["cow_war"]  # wars to 2007
    monkeypatch.setenv("FOEDUS_HOME", str(real.home))
    r = invoke("partners --for Poland --against Russia --on 2024-06-01 --top 3", monkeypatch)
    assert r.code == 0
    assert "dcad (1980-2010) for dca_degree, dca_closure: 2010 carried forward" in r.err


def test_weights_change_the_ranking_deterministically(real):
    only_reach = {c: 0.0 for c in COMPONENTS} | {"reach": 1.0, PENALTY: 0.0}
    table = partners("Poland", "Russia", on="2010-06-01", weights=only_reach, store=real)
    top = table[table["score"] == 1.0]["partner"]
    # Poland's land neighbours in 2010 besides Russia
    neighbours = {"Germany", "Czech Republic", "Slovakia", "Ukraine", "Belarus", "Lithuania"}
    assert set(top) == neighbours
    # with the penalty at its default, Belarus (pledged to Russia, CSTO) scores 0
    table = partners("Poland", "Russia", on="2010-06-01", weights=only_reach | {PENALTY: 1.0},
                     store=real)  # fmt: skip
    assert set(table[table["score"] == 1.0]["partner"]) == neighbours - {"Belarus"}
    assert table.set_index("partner").loc["Belarus", "score"] == 0.0


def test_explain_and_rejections(poland, real):
    e = explain_partner(poland, "Germany", on="2010-06-01")
    assert e["component"].tolist() == [*COMPONENTS, PENALTY]
    row = poland.set_index("partner").loc["Germany"]
    assert e["contribution"].sum() == pytest.approx(row["score"])
    e = explain_partner(poland, "China", on="2010-06-01")
    china = poland.set_index("partner").loc["China"]
    assert e["contribution"].sum() == pytest.approx(china["score"])
    assert e.set_index("component").loc[PENALTY, "contribution"] < 0
    with pytest.raises(FoedusError, match="Poland is not a candidate"):
        explain_partner(poland, "Poland", on="2010-06-01")
    with pytest.raises(UnknownStateError, match="'Atlantis'"):
        explain_partner(poland, "Atlantis", on="2010-06-01")
    with pytest.raises(FoedusError, match="'Poland' is the focal state"):
        partners("Poland", "Poland", on="2010-06-01", store=real)
    with pytest.raises(FoedusError, match="weight reach=-1"):
        check_weights({"reach": -1.0})


def test_cli_excluded_state_is_rejected(real, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(real.home))
    r = invoke(
        "partners --for Poland --against Russia --on 2010-06-01 --exclude Germany "
        "--explain Germany",
        monkeypatch,
    )
    assert r.code == 2 and "Germany is not a candidate partner" in r.err
    assert r.err.count("\n") == 1
    r = invoke("partners --for Poland --against Russia --weight reach", monkeypatch)
    assert r.code == 2 and "'reach' is malformed" in r.err


def test_presets_are_the_documented_weights():
    from pathlib import Path

    from foedus.partners import PRESETS
    from foedus.partners.score import MEASURES, SOURCES

    docs = (Path(__file__).resolve().parents[2] / "docs/partners.md").read_text()
    for c in (*COMPONENTS, PENALTY):
        row = next(line for line in docs.splitlines() if line.startswith(f"| {c} |"))
        cells = [x.strip() for x in row.split("|")[2:4]]
        assert [float(x) for x in cells] == [PRESETS["dca"][c], PRESETS["alliance"][c]]
        assert c in SOURCES and c in MEASURES
    assert WEIGHTS == PRESETS["dca"] == check_weights(None)
    assert check_weights({"reach": 0.0}, "alliance") == PRESETS["alliance"] | {"reach": 0.0}
    with pytest.raises(FoedusError, match="preset 'treaty' is unknown; accepted: dca, alliance"):
        check_weights(None, "treaty")
    with pytest.raises(FoedusError, match=r"adversary_alignment=2\.0 is invalid; accepted: 0 to 1"):
        check_weights({PENALTY: 2.0})


def _against(**columns):
    """A measures frame naming an adversary, the other measures neutral."""
    n = len(next(iter(columns.values())))
    base = dict.fromkeys(
        ["cinc", "threat", "mindist", "depth", "honoured", "cases", "dca_partners", "dca_common"],
        np.zeros(n),
    )
    return pd.DataFrame(base | columns)


def test_adversary_alignment_by_hand():
    # focal i at UN position 1, adversary k at -1 (|x_i - x_k| = 2); S_ik = 0 (span 1)
    m = _against(
        adversary_pledge=[0.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        s=[0.9, 0.2, 0.5, 0.9, np.nan, 0.5],  # S_ij
        s_adversary=[0.1, 0.8, 0.5, 0.1, np.nan, 0.5],  # S_jk
        s_focal_adversary=[0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
        ideal_distance=[0.2, 1.6, 1.0, 0.2, 1.5, 1.0],  # |x_i - x_j|
        ideal_distance_adversary=[1.8, 0.4, 1.0, 1.8, 0.5, 1.0],  # |x_j - x_k|
        ideal_distance_focal_adversary=[2.0, 2.0, 2.0, 2.0, 2.0, 0.0],
    )
    a = adversary_alignment(m)
    # 0: near the focal state on both axes; 1: past the midpoint toward k by S (0.6) and
    # UN (0.6); 2: at the midpoint; 3: pledged to k; 4: S missing, UN alone (0.5);
    # 5: focal state and adversary at one position, no axis
    assert a.tolist() == pytest.approx([0.0, 0.6, 0.0, 1.0, 0.5, 0.0])
    c = components(m)
    assert c[PENALTY].tolist() == pytest.approx(a.tolist())
    parts = c.assign(capability=1.0)
    w = dict.fromkeys(COMPONENTS, 0.0) | {"capability": 1.0, PENALTY: 0.5}
    assert weighted(parts, w).tolist() == pytest.approx([1.0, 0.7, 1.0, 0.5, 0.75, 1.0])
    assert PENALTY not in components(m.drop(columns="adversary_pledge"))  # no adversary


def test_adversary_pledges_by_hand():
    # focal 1, adversary 2; 3 owes 2 a defense pledge; 4 is owed one by 2 but is also
    # pledged to 1; 5 has only a consultation pledge with 2; 6's pledge to 2 is suspended
    ob = pd.DataFrame(
        {
            "obligor": [3, 2, 4, 5, 6],
            "beneficiary": [2, 4, 1, 2, 2],
            "type": ["defense", "offense", "defense", "consultation", "defense"],
            "suspended": [False, False, False, False, True],
        }
    )
    codes = np.array([3, 4, 5, 6, 7])
    assert adversary_pledges(ob, 1, 2, codes).tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]


def test_allies_of_both_are_not_penalised_for_the_pledge(real):
    # Greece against Turkey in 2010: NATO allies are pledged to both
    table = partners("Greece", "Turkey", on="2010-06-01", store=real).set_index("partner")
    nato = ["Germany", "France", "United States of America", "Italy"]
    assert (table.loc[nato, "adversary_pledge"] == 0.0).all()
    assert (table.loc[["Germany", "Italy"], PENALTY] == 0.0).all()
    assert table.loc["Italy", "rank"] == 1
    # Azerbaijan: Turkey's ally (ATOP), not Greece's
    assert table.loc["Azerbaijan", "adversary_pledge"] == 1.0


def test_adversary_alignment_poland_against_russia_2024(real, shared_data):
    table = partners("Poland", "Russia", on="2024-06-01", store=real).set_index("partner")
    top = set(table[table["rank"] <= 20].index)
    assert "Belarus" not in top and "China" not in top
    assert {"Germany", "Lithuania", "United States of America"} <= top
    # Belarus: a CSTO defense pledge with Russia (built-in set after ATOP's 2018)
    assert table.loc["Belarus", "adversary_pledge"] == 1.0
    assert table.loc["Belarus", PENALTY] == 1.0 and table.loc["Belarus", "score"] == 0.0
    # China: no pledge to fight, but near Russia in UN votes (ideal points of the last year)
    ip = pd.read_parquet(shared_data / "unga_idealpoints/idealpoints_july2025.parquet")
    ip = ip.dropna(subset=["idealpointall"])
    x = ip[ip["year"] == min(ip["year"].max(), 2024)].set_index("ccode")["idealpointall"]
    pol, rus, chn = x[290], x[365], x[710]
    r_un = (abs(pol - chn) - abs(chn - rus)) / abs(pol - rus)
    china = table.loc["China"]
    assert china["ideal_distance_adversary"] == pytest.approx(abs(chn - rus))
    assert china["adversary_pledge"] == 0.0 and r_un > 0.9
    r_s = (china["s_adversary"] - china["s"]) / (1 - china["s_focal_adversary"])
    assert china[PENALTY] == pytest.approx((np.clip(r_s, 0, 1) + r_un) / 2)
    assert table.loc["Germany", PENALTY] == 0.0 and table.loc["Ukraine", PENALTY] == 0.0


def test_alliance_preset_ranks_by_its_weights(real):
    table = partners("Poland", "Russia", on="2010-06-01", preset="alliance", store=real)
    w = table.attrs["weights"]
    score = sum(w[c] * table[c] for c in COMPONENTS) / sum(w[c] for c in COMPONENTS)
    score *= 1 - w[PENALTY] * table[PENALTY]
    assert table["score"].to_numpy() == pytest.approx(score.to_numpy())
    assert w["ties"] == 4.3 and w["capability"] == 0.0
