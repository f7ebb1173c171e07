"""COW, G-W, MID, contiguity, distance, capital, IGO, major-power and rivalry importers.

Each source is imported from ../shared/data once (module fixture) and checked against
counts of the source files and well-known facts.
"""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.sources import import_source, spec
from foedus.store import Store
from tests.realdata import imported_store

SOURCES = (
    "cow_states",
    "gw_states",
    "cow_nmc",
    "cow_war",
    "cow_war_ddy",
    "cow_mid",
    "gml_mid",
    "cow_contiguity",
    "mindist",
    "capitals",
    "cow_igo",
    "cow_majors",
    "rivalries",
)

# the staged copy of the G-W list is peacesciencer's CSV form, not the official folder
PATHS = {"gw_states": "peacesciencer/gw_states.csv"}


@pytest.fixture(scope="module")
def real(shared_data, tmp_path_factory) -> Store:
    paths = {name: PATHS.get(name, spec(name).mirror_dir) for name in SOURCES}
    return imported_store(tmp_path_factory, shared_data, paths)


ROWS = {
    "cow_states": {"states": 243},
    "gw_states": {"states": 216},
    "cow_nmc": {"nmc": 17121},
    "cow_war": {"participants": 337, "dyads": 1364},
    "cow_war_ddy": {"ddy": 1932},
    "cow_mid": {"disputes": 2436, "dirdisps": 11390, "ddy": 10234},
    "gml_mid": {"disputes": 2174, "participants": 5217, "dirdisps": 10276, "ddy": 9284},
    "cow_contiguity": {"contdird": 82498},
    "mindist": {"cow": 952244, "gw": 871034},
    "capitals": {"cow": 242, "gw": 264},
    "cow_igo": {"dyadyears": 917695, "stateyears": 15557},
    "cow_majors": {"majors": 14},
    "rivalries": {"td": 197, "tss": 264},
}


@pytest.mark.parametrize("name", SOURCES)
def test_rows_match_the_source_files(real, name):
    release = real.releases()[name]
    assert release.rows == ROWS[name]
    assert release.version == spec(name).version
    assert release.citation == spec(name).citation


def test_cow_states_dates(real):
    states = real.table("cow_states", "states")
    usa = states[states["ccode"] == 2].iloc[0]
    assert (usa["start"], usa["end"]) == (pd.Timestamp("1816-01-01"), pd.Timestamp("2016-12-31"))
    germany = states[states["ccode"] == 255].sort_values("start")
    assert germany["end"].dt.year.tolist() == [1945, 2016]
    assert germany["start"].iloc[1] == pd.Timestamp("1990-10-03")  # unification


def test_gw_states_dates(real):
    states = real.table("gw_states", "states")
    assert states["startdate"].dtype.kind == "M"
    assert states.loc[states["gwcode"] == 20, "startdate"].item() == pd.Timestamp("1867-07-01")


def test_nmc_values_and_missing(real):
    nmc = real.table("cow_nmc", "nmc").set_index(["ccode", "year"])
    assert nmc.loc[(2, 1816), "milex"] == 3823 and nmc.loc[(2, 1816), "milper"] == 17
    assert nmc.index.get_level_values("year").max() == 2022
    assert nmc["milex"].isna().sum() > 0 and (nmc["milex"].dropna() >= 0).all()
    assert real.releases()["cow_nmc"].version == "7.0"


def test_world_war_one(real):
    war = real.table("cow_war", "participants")
    ww1 = war[war["warnum"] == 106]
    assert len(ww1) == 15
    assert war["warnum"].nunique() == 95
    assert ww1.loc[ww1["initiator"] == 1, "ccode"].tolist() == [300]  # Austria-Hungary
    assert ww1["start1"].min() == pd.Timestamp("1914-07-29")
    assert set(ww1.loc[ww1["side"] == 2, "ccode"]) == {255, 300, 640, 355}
    usa = ww1[ww1["ccode"] == 2].iloc[0]
    assert (usa["start1"], usa["end1"]) == (pd.Timestamp("1917-04-17"), pd.Timestamp("1918-11-11"))
    # spell 2 is -8 (not applicable) for most rows: null, and so are its dates
    assert war["startyear2"].notna().sum() == war["start2"].notna().sum() == 19
    assert war["transfrom"].isna().any() and not war["transfrom"].eq("-8").any()
    assert war.loc[war["warnum"] == 1, "transfrom"].tolist() == ["503", "503"]


def test_war_dyads_and_dyad_years(real):
    dyads = real.table("cow_war", "dyads")
    assert set(dyads.loc[dyads["warnum"] == 1, "statea"]) == {220, 230}
    ddy = real.table("cow_war_ddy", "ddy")
    ww1 = ddy[ddy["warnum"] == 106]
    assert ((ww1["ccode1"] == 2) & (ww1["ccode2"] == 255)).any()
    assert ddy["batdeath1"].isna().any() and not (ddy["batdeath1"] == -9).any()


def test_mids(real):
    disputes = real.table("cow_mid", "disputes")
    assert disputes["dispnum"].is_unique and disputes["styear"].between(1816, 2014).all()
    assert disputes["fatality"].isna().any() and not (disputes["fatality"] == -9).any()
    part = real.table("gml_mid", "participants")
    assert part["stday"].isna().any()
    unknown_day = part[part["stday"].isna()].iloc[0]
    assert unknown_day["start"].day == 1
    assert real.table("gml_mid", "dirdisps")["version"].eq("gml-2.2.1").all()


def test_contiguity_is_directed_and_symmetric(real):
    cont = real.table("cow_contiguity", "contdird")
    usa_can = cont[(cont["state1no"] == 2) & (cont["state2no"] == 20)]
    assert (usa_can["conttype"] == 1).all() and usa_can["year"].min() == 1920
    pairs = set(zip(cont["state1no"], cont["state2no"], cont["year"], strict=True))
    assert all((b, a, y) in pairs for a, b, y in list(pairs)[:2000])


def test_mindist_zero_for_land_neighbours(real):
    con = real.connect()
    (share,) = con.execute("""
        SELECT avg(CASE WHEN m.mindist = 0 THEN 1.0 ELSE 0.0 END)
        FROM cow_contiguity_contdird c JOIN mindist_cow m
          ON m.ccode1 = c.state1no AND m.ccode2 = c.state2no AND m.year = c.year
        WHERE c.conttype = 1
    """).fetchone()
    assert share > 0.95


def test_capitals_igo_majors_rivalries(real):
    capitals = real.table("capitals", "cow")
    assert capitals.loc[capitals["ccode"] == 2, "capital"].tolist() == ["Washington D.C."]
    sy = real.table("cow_igo", "stateyears")
    assert sy["year"].between(1816, 2014).all()
    majors = real.table("cow_majors", "majors")
    assert majors.loc[majors["ccode"] == 2, "start"].item() == pd.Timestamp("1898-08-13")
    assert sorted(majors["ccode"].unique()) == [2, 200, 220, 255, 300, 325, 365, 710, 740]
    td = real.table("rivalries", "td")
    assert td.loc[td["rivalryname"] == "Austria-France", "styear"].item() == 1494


def test_contiguity_spells_file(shared_data, store):
    release = import_source(
        "cow_contiguity", shared_data / "peacesciencer" / "cow_contdir.csv", store
    )
    assert release.rows == {"spells": 1874}
    spells = store.table("cow_contiguity", "spells")
    usa_can = spells[(spells["ccode1"] == 2) & (spells["ccode2"] == 20)].iloc[0]
    assert usa_can["conttype"] == 1 and usa_can["stdate"] == pd.Timestamp("1920-01-01")
