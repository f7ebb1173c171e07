"""Panels on the real datasets: the row universe year by year against peacesciencer, spot
values, agreement with peacesciencer's ATOP dyad-years, missing values past each source's
last year, and directed symmetry."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foedus import panels
from foedus.store import Store
from tests.realdata import imported_store

SOURCES = {  # source -> file or folder below ../shared/data
    "cow_states": "peacesciencer/cow_states.csv",
    "gw_states": "peacesciencer/gw_states.csv",
    "atop": "atop",
    "atop_ddyr": "peacesciencer/atop_alliance.parquet",
    "cow_nmc": "peacesciencer/cow_nmc.csv",
    "cow_contiguity": "cow/contdird_v3.2.parquet",
    "cow_majors": "peacesciencer/cow_majors.csv",
    "cow_mid": "peacesciencer",
    "gml_mid": "peacesciencer",
    "cow_war_ddy": "peacesciencer/cow_war_inter.csv",
    "capitals": "peacesciencer",
    "mindist": "peacesciencer",
    "cow_igo": "peacesciencer",
    "rivalries": "peacesciencer",
    "dcad": "dcad",
    "mme": "troopdata",
    "unga": "unga_idealpoints",
    "sipri_arms": "sipri_arms",
}
# columns that swap with the pair: {verb: {column: its counterpart}}
PER_SIDE = {"idealpoints": {"idealpointall1": "idealpointall2"}, "arms": {"tiv12": "tiv21"}}
SYMMETRIC = [
    "contiguity",
    "mids",
    "gml-mids",
    "wars",
    "distance",
    "mindist",
    "igos",
    "dcas",
    "exercises",
    "arms",
    "idealpoints",
    "rivalries",
    "peace-years",
]


@pytest.fixture(scope="module")
def real(shared_data, tmp_path_factory) -> Store:
    return imported_store(tmp_path_factory, shared_data, SOURCES)


@pytest.fixture(scope="module")
def peacesciencer_ddy(shared_data) -> pd.DataFrame:
    return pd.read_parquet(shared_data / "peacesciencer/cow_ddy.parquet").astype("int64")


def keyed(frame: pd.DataFrame, a: str = "ccode1", b: str = "ccode2") -> pd.DataFrame:
    return frame.set_index([a, b, "year"]).sort_index()


# -- the row universe ---------------------------------------------------------------------------


def test_directed_universe_equals_peacesciencer_year_by_year(real, peacesciencer_ddy):
    ours = panels.dyad_years((1816, 2024), directed=True, store=real)
    assert len(ours) == len(peacesciencer_ddy) == 2_214_930
    per_year = ours.groupby("year").size()
    theirs = peacesciencer_ddy.groupby("year").size()
    pd.testing.assert_series_equal(per_year, theirs, check_names=False)
    assert (per_year.loc[1816], per_year.loc[2010], per_year.loc[2024]) == (506, 37442, 37830)
    merged = ours.merge(peacesciencer_ddy, how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()


def test_undirected_1816_2010_count(real):
    assert len(panels.dyad_years((1816, 2010), store=real)) == 842_655


def test_false_dyads_are_the_only_difference_from_naive_pairs(real, shared_data):
    """peacesciencer's false_cow_dyads: both states in the system that year, never on the
    same day. A naive pairing of state-years has them; the universe does not."""
    false = pd.read_csv(shared_data / "peacesciencer/false_cow_dyads.csv")
    years = panels.state_years((1816, 2024), store=real)
    members = set(zip(years["ccode"], years["year"], strict=True))
    assert all(
        (r.ccode1, r.year) in members and (r.ccode2, r.year) in members for r in false.itertuples()
    )
    dy = panels.dyad_years((1816, 2024), directed=True, store=real)
    assert dy.merge(false[["ccode1", "ccode2", "year"]]).empty
    naive = years.merge(years, on="year", suffixes=("1", "2"))
    naive = naive[naive["ccode1"] != naive["ccode2"]]
    assert len(naive) - len(dy) == len(false) == 60


def test_gw_universe_equals_peacesciencer_without_microstates(real, shared_data):
    """peacesciencer's gw_ddy also holds the G-W microstates, which its gw_states list (and
    so the store) leaves out; the rest is identical."""
    theirs = pd.read_parquet(shared_data / "peacesciencer/gw_ddy.parquet")
    theirs = theirs[(theirs["microstate1"] == 0) & (theirs["microstate2"] == 0)]
    ours = panels.dyad_years((1816, 2024), directed=True, system="gw", store=real)
    assert len(ours) == len(theirs) == 2_150_030
    merged = ours.merge(
        theirs[["gwcode1", "gwcode2", "year"]].astype("int64"), how="outer", indicator=True
    )
    assert (merged["_merge"] == "both").all()


@pytest.mark.parametrize("system", ["cow", "gw"])
def test_builtin_state_table_gives_the_same_universe(real, system, tmp_path):
    """Without the imported lists, the built-in state table gives the same dyad-years."""
    imported = panels.dyad_years((1816, 2024), system=system, store=real)
    builtin = panels.dyad_years((1816, 2024), system=system, store=Store(tmp_path))
    pd.testing.assert_frame_equal(imported, builtin)


def test_state_years_match_the_state_list(real, shared_data):
    states = pd.read_csv(shared_data / "peacesciencer/cow_states.csv")
    sy = panels.state_years((1816, 2016), store=real)
    expected = sum(
        len(set().union(*(range(r.styear, r.endyear + 1) for r in g.itertuples())))
        for _, g in states.groupby("ccode")
    )
    assert len(sy) == expected
    assert sy[sy["year"] == 1816].shape[0] == 23


def test_relevant_dyads_are_contiguous_or_include_a_major_power(real):
    every = panels.add(
        panels.dyad_years((1900, 1950), store=real), ["contiguity", "majors"], store=real
    )
    relevant = panels.dyad_years((1900, 1950), relevant=True, store=real)
    expected = every[(every["conttype"] > 0) | (every["cowmaj1"] == 1) | (every["cowmaj2"] == 1)]
    pd.testing.assert_frame_equal(
        relevant, expected[["ccode1", "ccode2", "year"]].reset_index(drop=True)
    )
    assert 0.05 < len(relevant) / len(every) < 0.5
    assert keyed(relevant).index.isin([(2, 20, 1920), (2, 700, 1920)]).sum() == 2


# -- spot values ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline(real) -> pd.DataFrame:
    """The benchmark's pipeline, directed, 1990–2024 (inside and past every source's years)."""
    names = ["atop", "nmc", "contiguity", "majors", "mids", "distance", "igos", "peace-years"]
    return panels.add(panels.dyad_years((1990, 2024), directed=True, store=real), names, store=real)


def test_atop_spot_values(real):
    dy = keyed(panels.add_atop_alliance(panels.dyad_years((1950, 2000), store=real), store=real))
    assert dy.loc[(2, 200, 1950), "atop_defense"] == 1  # USA–UK, NATO
    assert dy.loc[(365, 366, 2000), "atop_defense"] == 0  # Russia–Estonia
    assert dy.loc[(2, 740, 2000), "atop_defense"] == 1  # USA–Japan


def test_atop_equals_atops_directed_coding(real, shared_data):
    """With ATOP's directed dyad-years imported (here peacesciencer's atop_alliance, derived
    from atop5_1ddyr), every directed dyad-year 1816-2018 carries exactly its flags, and
    atop_alliance marks exactly its dyad-years."""
    ours = panels.add_atop_alliance(
        panels.dyad_years((1816, 2018), directed=True, store=real), store=real
    )
    theirs = pd.read_parquet(shared_data / "peacesciencer/atop_alliance.parquet").astype("int64")
    both = ours.merge(theirs, on=["ccode1", "ccode2", "year"], how="left", suffixes=("", "_ps"))
    for obligation in panels.ATOP_OBLIGATIONS:
        col = f"atop_{obligation}"
        expected = both[f"{col}_ps"].fillna(0).astype("int64")
        assert (both[col].astype("int64") == expected).all(), obligation
    assert (both["atop_alliance"] == both["atop_defense_ps"].notna()).all()
    # every dyad-year of the coding inside the universe is marked, and nothing else
    inside = theirs.merge(ours[["ccode1", "ccode2", "year"]], on=["ccode1", "ccode2", "year"])
    assert both["atop_alliance"].sum() == len(inside) > 260_000
    # Brazil and Argentina, both guarantors of Uruguay (ATOP 1205), owe each other nothing
    dy = keyed(ours)
    assert dy.loc[(140, 160, 1860), "atop_defense"] == 0
    assert dy.loc[(160, 140, 1860), "atop_defense"] == 0


def test_member_rule_alone_over_states_asymmetric_pledges(real, shared_data):
    """Without the directed coding, the common-day member rule never misses one of its
    obligations; on the dyad-years it lists, the rule adds 436 flags it denies (defense
    214, offense 34, neutrality 114, non-aggression 74; consultation none), and 8 directed
    dyad-years of 1990 it does not list at all (the German and Yemeni unifications)."""
    from foedus.data.atop import read_atop_members
    from foedus.dyads import atop_ties

    alone = atop_ties(read_atop_members(real))
    theirs = pd.read_parquet(shared_data / "peacesciencer/atop_alliance.parquet").astype("int64")
    both = alone.merge(theirs, on=["ccode1", "ccode2", "year"], how="left")
    brazil = keyed(both).loc[(140, 160, 1860)]  # the member rule pairs the guarantors
    assert (brazil["defense"], brazil["atop_defense"]) == (1, 0)
    assert keyed(both).loc[(140, 165, 1860), "atop_defense"] == 1  # both owe Uruguay
    unlisted = both[both["atop_defense"].isna()]
    assert len(unlisted) == 8 and set(unlisted["year"]) == {1990}
    assert set(unlisted["ccode1"]) == {255, 260, 265, 678, 679, 680}
    both = both[both["atop_defense"].notna()]
    extra = {}
    for obligation in panels.ATOP_OBLIGATIONS:
        listed = both[f"atop_{obligation}"].fillna(0)
        assert not ((both[obligation] == 0) & (listed == 1)).any()
        extra[obligation] = int(((both[obligation] == 1) & (listed == 0)).sum())
    assert extra == {"defense": 214, "offense": 34, "neutral": 114, "nonagg": 74, "consul": 0}


def test_nmc_values_come_from_the_file(real, shared_data):
    nmc = pd.read_csv(shared_data / "peacesciencer/cow_nmc.csv").set_index(["ccode", "year"])
    dy = keyed(panels.add_nmc(panels.dyad_years((1950, 1950), store=real), store=real))
    usa_uk = dy.loc[(2, 200, 1950)]
    assert usa_uk["cinc1"] == pytest.approx(nmc.loc[(2, 1950), "cinc"])
    assert usa_uk["milper2"] == nmc.loc[(200, 1950), "milper"]


def test_mids_and_peace_years(real, shared_data):
    ddy = pd.read_csv(shared_data / "peacesciencer/cow_mid_ddydisps.csv")
    dy = keyed(
        panels.add_peace_years(
            panels.add_cow_mids(panels.dyad_years((1816, 2014), store=real), store=real), store=real
        )
    )
    onsets = ddy[(ddy["cowmidonset"] == 1) & (ddy["ccode1"] < ddy["ccode2"])]
    assert int(dy["cowmidonset"].sum()) == len(
        onsets.drop_duplicates(["ccode1", "ccode2", "year"]).merge(
            dy.reset_index()[["ccode1", "ccode2", "year"]]
        )
    )
    # USA–USSR/Russia: peace years recomputed directly from the dyad's onset years
    pair = dy.loc[(2, 365)]
    years = pair.index.to_numpy()
    onset_years = years[pair["cowmidonset"].to_numpy() == 1]
    expected = [
        y - (onset_years[onset_years < y].max() + 1) if (onset_years < y).any() else y - years[0]
        for y in years
    ]
    assert pair["cowmidspell"].tolist() == expected
    assert len(onset_years) > 10
    # a panel starting later gets the same counts: they run over the dyad's whole history
    late = keyed(panels.add_peace_years(panels.dyad_years((2000, 2014), store=real), store=real))
    pd.testing.assert_series_equal(late["cowmidspell"], dy.loc[late.index, "cowmidspell"])


def test_arms_transfers_come_from_the_file(real, shared_data):
    tiv = pd.read_parquet(shared_data / "sipri_arms/sipri_tiv_dyad_year_gannon.parquet")
    usa_to_uk = tiv[(tiv["ccode1"] == 2) & (tiv["ccode2"] == 200)].set_index("year")["value"]
    dy = keyed(panels.add_arms_transfers(panels.dyad_years((1970, 2014), store=real), store=real))
    assert dy.xs((2, 200))["tiv12"].reindex(usa_to_uk.index).tolist() == usa_to_uk.tolist()
    assert usa_to_uk.sum() > 1000


def test_dcas_exercises_ideal_points(real, shared_data):
    dy = keyed(
        panels.add(
            panels.dyad_years((1995, 2010), store=real),
            ["dcas", "exercises", "idealpoints"],
            store=real,
        )
    )
    assert dy.loc[(2, 290, 1995), "dcasectorv1"] == 1  # USA–Poland, 1995 agreement
    mme = pd.read_parquet(shared_data / "troopdata/mme_long.parquet")
    mme = mme.dropna(subset=["gwcode"]).drop_duplicates(["MMEID", "gwcode", "year"])
    joint = mme.merge(mme, on=["MMEID", "year"])
    us_japan = joint[(joint["gwcode_x"] == 2) & (joint["gwcode_y"] == 740)]
    assert dy.loc[(2, 740, 2007), "mme_exercises"] == (us_japan["year"] == 2007).sum() > 0
    assert dy.loc[(2, 365, 2000), "idealpointdist"] > 2


# -- coverage and symmetry -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "last"),
    [
        ("atop_defense", 2018),
        ("cowmaj1", 2016),
        ("conttype", 2016),
        ("cowmidonset", 2014),
        ("cowmidspell", 2014),
        ("dyadigos", 2014),
        ("cinc1", 2022),
    ],
)
def test_missing_past_each_sources_last_year(pipeline, column, last):
    inside = pipeline.loc[pipeline["year"] == last, column]
    after = pipeline.loc[pipeline["year"] > last, column]
    assert inside.notna().mean() > 0.9
    assert len(after) > 0 and after.isna().all()


def test_capital_distance_has_no_coverage_gap(pipeline):
    assert pipeline["capdist"].notna().mean() > 0.99
    usa_uk = keyed(pipeline).loc[(2, 200, 2024), "capdist"]
    assert usa_uk == pytest.approx(5898, abs=5)  # Washington–London, ~5,900 km


def test_carry_forward_reuses_the_last_year(real):
    dy = panels.dyad_years((2018, 2020), store=real)
    carried = keyed(panels.add_atop_alliance(dy, carry_forward=True, store=real))
    assert carried.loc[(2, 200, 2020), "atop_defense"] == 1
    assert (
        carried.xs(2020, level="year")["atop_defense"].to_numpy()
        == carried.xs(2018, level="year")["atop_defense"]
        .reindex(carried.xs(2020, level="year").index)
        .to_numpy()
    ).all()


@pytest.mark.parametrize("verb", SYMMETRIC)
def test_directed_panels_are_symmetric(real, verb):
    dy = panels.add(panels.dyad_years((1985, 2012), directed=True, store=real), [verb], store=real)
    new = [c for c in dy.columns if c not in ("ccode1", "ccode2", "year")]
    fwd = keyed(dy)
    back = keyed(dy, "ccode2", "ccode1")
    back.index.names = fwd.index.names
    pairs = PER_SIDE.get(verb, {})
    back = back.rename(columns=pairs | {b: a for a, b in pairs.items()})
    pd.testing.assert_frame_equal(fwd[new], back.loc[fwd.index, new], check_dtype=False)


def test_undirected_atop_is_either_direction(real):
    directed = keyed(
        panels.add_atop_alliance(
            panels.dyad_years((1830, 1860), directed=True, store=real), store=real
        )
    )
    undirected = keyed(
        panels.add_atop_alliance(panels.dyad_years((1830, 1860), store=real), store=real)
    )
    back = directed.swaplevel(0, 1).reindex(undirected.index)
    either = np.maximum(
        directed.reindex(undirected.index)["atop_defense"].to_numpy(),
        back["atop_defense"].to_numpy(),
    )
    assert (undirected["atop_defense"].to_numpy() == either).all()
    asymmetric = (
        directed["atop_defense"].to_numpy()
        != directed.swaplevel(0, 1).reindex(directed.index)["atop_defense"].to_numpy()
    )
    assert asymmetric.any()  # one-sided pledges exist, e.g. the 1855 guarantee to Sweden
