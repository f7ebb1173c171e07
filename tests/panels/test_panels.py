"""Panels on tiny sources built in code: the row universe, each verb's semantics, coverage,
carry-forward, directed symmetry, polars, errors and the CLI."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from foedus import panels
from foedus.errors import FoedusError, NotLoadedError

T = pd.Timestamp
# COW codes: USA 2, UK 200, France 220, Germany 255, Suriname 115, South Vietnam 817
STATES = pd.DataFrame(
    {
        "ccode": [2, 200, 220, 255, 255, 115, 817],
        "start": [
            T("1816-01-01"),
            T("1816-01-01"),
            T("1816-01-01"),
            T("1816-01-01"),
            T("1990-10-03"),
            T("1975-11-25"),
            T("1954-06-04"),
        ],
        "end": [
            T("2016-12-31"),
            T("2016-12-31"),
            T("2016-12-31"),
            T("1945-05-08"),
            T("2016-12-31"),
            T("2016-12-31"),
            T("1975-04-30"),
        ],
    }
)


def write(store, name: str, **tables: pd.DataFrame) -> None:
    store.write_source(name, "test", tables, citation="test fixture")


@pytest.fixture
def system(store):
    write(store, "cow_states", states=STATES)
    return store


def row(frame: pd.DataFrame, a: int, b: int, year: int) -> pd.Series:
    hit = frame[(frame["ccode1"] == a) & (frame["ccode2"] == b) & (frame["year"] == year)]
    assert len(hit) == 1, (a, b, year)
    return hit.iloc[0]


# -- the row universe --------------------------------------------------------------------------


def test_state_years_any_day_of_the_year(system):
    sy = panels.state_years((1940, 2020), store=system)
    germany = sy.loc[sy["ccode"] == 255, "year"]
    assert list(germany) == [*range(1940, 1946), *range(1990, 2021)]  # open end runs to 2020
    assert list(sy.columns) == ["ccode", "year"]
    assert sy.loc[sy["ccode"] == 817, "year"].tolist() == list(range(1954, 1976))
    assert len(sy) == len(sy.drop_duplicates())


def test_dyad_years_need_a_common_day(system):
    dy = panels.dyad_years((1975, 1975), store=system)
    pairs = set(zip(dy["ccode1"], dy["ccode2"], strict=True))
    # South Vietnam left on 30 April 1975, Suriname entered on 25 November: never together
    assert (115, 817) not in pairs
    assert pairs == {
        (2, 200),
        (2, 220),
        (200, 220),
        (2, 115),
        (115, 200),
        (115, 220),
        (2, 817),
        (200, 817),
        (220, 817),
    }


def test_directed_holds_both_orders_and_rows_are_sorted(system):
    undirected = panels.dyad_years((1816, 2016), store=system)
    directed = panels.dyad_years((1816, 2016), directed=True, store=system)
    assert len(directed) == 2 * len(undirected)
    assert (undirected["ccode1"] < undirected["ccode2"]).all()
    swapped = directed.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    assert directed.merge(swapped, how="inner", on=["ccode1", "ccode2", "year"]).shape[0] == len(
        directed
    )
    ordered = undirected.sort_values(["ccode1", "ccode2", "year"], ignore_index=True)
    pd.testing.assert_frame_equal(undirected, ordered)


def test_builtin_states_without_a_store(store):
    """Without cow_states, the built-in list: 23 COW states in 1816 (peacesciencer's
    cow_ddy has 506 directed dyads that year)."""
    assert len(panels.state_years(1816, store=store)) == 23
    assert len(panels.dyad_years(1816, directed=True, store=store)) == 506


def write_uk_france_contiguity(store, *years: int) -> None:
    """UK and France, at most 150 miles of water apart (COW type 4), in both orders."""
    contdird = pd.DataFrame({"state1no": 200, "state2no": 220, "year": list(years), "conttype": 4})
    flipped = contdird.rename(columns={"state1no": "state2no", "state2no": "state1no"})
    write(store, "cow_contiguity", contdird=pd.concat([contdird, flipped], ignore_index=True))


def test_relevant_dyads(system):
    write_uk_france_contiguity(system, 1900)
    write(
        system,
        "cow_majors",
        majors=pd.DataFrame({"ccode": [2], "styear": [1898], "endyear": [2016]}),
    )
    dy = panels.dyad_years((1900, 1900), relevant=True, store=system)
    assert set(zip(dy["ccode1"], dy["ccode2"], strict=True)) == {
        (2, 200),
        (2, 220),
        (2, 255),
        (200, 220),
    }


# -- alliances -----------------------------------------------------------------------------------


def atop_members() -> pd.DataFrame:
    """Alliance 1: UK and France pledge to defend the USA, all three consult (ATOP codebook
    §2.7's Britain–France–Sweden pattern), 1900 to ATOP's end. Alliance 2: UK–France
    non-aggression, UK leaving on 1 March 1910 and France joining on 1 June 1910. The
    record of alliance 3 (2018) makes 2018 the data's last year, as in ATOP 5.1."""
    return pd.DataFrame(
        {
            "atopid": [1, 1, 1, 2, 2, 3],
            "phase": [1, 1, 1, 1, 1, 1],
            "member": [200, 220, 2, 200, 220, 2],
            "entry": [
                T("1900-01-01"),
                T("1900-01-01"),
                T("1900-01-01"),
                T("1905-01-01"),
                T("1910-06-01"),
                T("2018-01-01"),
            ],
            "exit": [pd.NaT, pd.NaT, pd.NaT, T("1910-03-01"), T("1915-12-31"), pd.NaT],
            "defense": [1, 1, 0, 0, 0, 0],
            "offense": [0] * 6,
            "neutral": [0] * 6,
            "nonagg": [0, 0, 0, 1, 1, 0],
            "consul": [1, 1, 1, 0, 0, 0],
        }
    )


def test_atop_directed_obligations_and_coverage(system):
    write(system, "atop", member=atop_members())
    dy = panels.add_atop_alliance(
        panels.dyad_years((1899, 2020), directed=True, store=system), store=system
    )
    assert row(dy, 200, 2, 1950)[["atop_defense", "atop_consul"]].tolist() == [1, 1]
    assert row(dy, 2, 200, 1950)[["atop_defense", "atop_consul"]].tolist() == [0, 1]
    assert row(dy, 200, 220, 1950)["atop_defense"] == 1  # member-level flag of the UK
    # inside ATOP 5.1's years (its catalog coverage, 1815-2018) before any alliance: 0
    assert row(dy, 200, 2, 1899)["atop_consul"] == 0
    assert row(dy, 2, 220, 1905)["atop_nonagg"] == 0
    # the non-aggression members never overlap, not even in 1910
    assert row(dy, 200, 220, 1910)["atop_nonagg"] == 0
    assert row(dy, 200, 2, 2018)["atop_defense"] == 1
    assert pd.isna(row(dy, 200, 2, 2019)["atop_defense"])  # past ATOP's last year
    assert dy["atop_defense"].dtype == "Int64"


def test_atop_undirected_is_either_direction_and_carry_forward(system):
    write(system, "atop", member=atop_members())
    base = panels.dyad_years((2010, 2020), store=system)
    dy = panels.add_atop_alliance(base, store=system)
    assert row(dy, 2, 200, 2010)["atop_defense"] == 1
    assert row(dy, 200, 220, 2010)["atop_defense"] == 1
    one_way = panels.add_atop_alliance(base, directed=True, store=system)
    assert row(one_way, 2, 200, 2010)["atop_defense"] == 0  # the USA pledged nothing
    carried = panels.add_atop_alliance(base, carry_forward=True, store=system)
    assert row(carried, 2, 200, 2020)["atop_defense"] == 1
    assert row(carried, 2, 220, 2020)["atop_nonagg"] == 0
    assert carried["atop_defense"].notna().all()


# -- capabilities, status, distance ------------------------------------------------------------


def test_nmc_per_side_and_missing_past_the_last_year(system):
    nmc = pd.DataFrame(
        {
            "ccode": [2, 200, 2, 200],
            "year": [2015, 2015, 2016, 2016],
            **{c: [1.0, 2.0, 3.0, 4.0] for c in panels.NMC_COLUMNS},
        }
    )
    nmc.loc[1, "milex"] = np.nan
    write(system, "cow_nmc", nmc=nmc)
    dy = panels.add_nmc(panels.dyad_years((2015, 2018), store=system), store=system)
    usa_uk = dy[(dy["ccode1"] == 2) & (dy["ccode2"] == 200)].set_index("year")
    assert usa_uk.loc[2016, ["cinc1", "cinc2"]].tolist() == [3.0, 4.0]
    assert np.isnan(usa_uk.loc[2015, "milex2"])
    assert usa_uk.loc[[2017, 2018], "cinc1"].isna().all()
    carried = panels.add_nmc(
        panels.state_years((2016, 2018), store=system), carry_forward=True, store=system
    )
    assert carried.loc[carried["ccode"] == 200, "cinc"].tolist() == [4.0, 4.0, 4.0]
    assert carried.loc[carried["ccode"] == 220, "cinc"].isna().all()


def test_majors_zero_inside_and_null_outside_the_list(system):
    write(
        system,
        "cow_majors",
        majors=pd.DataFrame(
            {"ccode": [2, 255, 255], "styear": [1898, 1816, 1991], "endyear": [2016, 1918, 2016]}
        ),
    )
    sy = panels.add_cow_majors(panels.state_years((1897, 2017), store=system), store=system)
    usa = sy[sy["ccode"] == 2].set_index("year")["cowmaj"]
    assert (usa[1897], usa[1898], usa[2016]) == (0, 1, 1)
    assert pd.isna(usa[2017])
    germany = sy[sy["ccode"] == 255].set_index("year")["cowmaj"]
    assert (germany[1918], germany[1919], germany[1991]) == (1, 0, 1)


def test_contiguity_is_symmetric(system):
    write_uk_france_contiguity(system, 2000, 2001)
    dy = panels.add_contiguity(
        panels.dyad_years((2000, 2002), directed=True, store=system), store=system
    )
    assert row(dy, 200, 220, 2000)["conttype"] == row(dy, 220, 200, 2000)["conttype"] == 4
    assert row(dy, 2, 200, 2000)["conttype"] == 0
    assert pd.isna(row(dy, 200, 220, 2002)["conttype"])


def test_capital_distance_haversine(system):
    """Two capitals 1° apart on the equator are 2πR/360 = 111.195 km apart; pole to
    equator is πR/2 = 10,007.5 km."""
    write(
        system,
        "capitals",
        cow=pd.DataFrame(
            {
                "ccode": [2, 200, 220, 220],
                "capital": ["A", "B", "C", "D"],
                "stdate": [T("1816-01-01")] * 3 + [T("1950-06-01")],
                "enddate": [T("2024-12-31"), T("2024-12-31"), T("1950-06-01"), T("2024-12-31")],
                "lat": [0.0, 0.0, 90.0, 0.0],
                "lng": [0.0, 1.0, 0.0, 0.0],
            }
        ),
    )
    dy = panels.add_capital_distance(panels.dyad_years((1949, 1955), store=system), store=system)
    assert row(dy, 2, 200, 1950)["capdist"] == pytest.approx(2 * math.pi * 6371.0088 / 360)
    assert row(dy, 2, 220, 1949)["capdist"] == pytest.approx(math.pi * 6371.0088 / 2)
    assert row(dy, 2, 220, 1950)["capdist"] == pytest.approx(0.0, abs=1e-9)  # moved in 1950
    assert np.isnan(row(dy, 2, 817, 1955)["capdist"])  # no capital known


def test_undirected_sources_fill_both_orders(system):
    write(
        system,
        "mindist",
        cow=pd.DataFrame({"ccode1": [200], "ccode2": [220], "year": [2000], "mindist": [33.5]}),
    )
    write(
        system,
        "cow_igo",
        dyadyears=pd.DataFrame(
            {"ccode1": [200, 2], "ccode2": [220, 200], "year": [2000, 2000], "dyadigos": [80, 60]}
        ),
    )
    dy = panels.dyad_years((2000, 2000), directed=True, store=system)
    dy = panels.add_igos(panels.add_minimum_distance(dy, store=system), store=system)
    assert row(dy, 220, 200, 2000)["mindist"] == row(dy, 200, 220, 2000)["mindist"] == 33.5
    assert row(dy, 200, 2, 2000)["dyadigos"] == 60
    assert pd.isna(row(dy, 2, 220, 2000)["dyadigos"])  # not in the source: unknown, not 0


def test_igo_memberships_of_states(system):
    write(
        system,
        "cow_igo",
        stateyears=pd.DataFrame(
            {
                "ccode": [2, 2],
                "year": [2013, 2014],
                "sum_igo_full": [60, 61],
                "sum_igo_associate": [1, 1],
                "sum_igo_observer": [3, 4],
                "sum_igo_anytype": [64, 66],
            }
        ),
    )
    sy = panels.add_igos(
        panels.state_years((2013, 2016), store=system), carry_forward=True, store=system
    )
    usa = sy[sy["ccode"] == 2].set_index("year")
    assert usa["sum_igo_full"].tolist() == [60, 61, 61, 61]
    assert pd.isna(sy.loc[sy["ccode"] == 200, "sum_igo_anytype"]).all()


# -- agreements, exercises, alignment ----------------------------------------------------------


def test_dcas_and_exercises_with_code_translation(system):
    write(
        system,
        "dcad",
        dyadyears=pd.DataFrame(
            {
                "ccode1": [2],
                "ccode2": [255],
                "year": [2000],
                **{c: [1] for c in panels.DCA_COLUMNS},
                "dca_count": [2],
            }
        ),
    )
    # MME codes states by G-W: Germany is 260 there, COW 255 after 1990
    write(
        system,
        "mme",
        exercises=pd.DataFrame(
            {
                "mmeid": ["a", "a", "a", "b", "b", "b"],
                "gwcode": [2, 260, 200, 2, 260, 260],
                "year": [2000] * 6,
            }
        ),
    )
    dy = panels.dyad_years((1979, 2000), directed=True, store=system)
    dy = panels.add_exercises(panels.add_dcas(dy, store=system), store=system)
    assert row(dy, 255, 2, 2000)["dca_count"] == 2
    assert row(dy, 200, 2, 2000)["dcaanyv1"] == 0
    assert pd.isna(row(dy, 2, 200, 1979)["dcaanyv1"])  # before DCAD's 1980
    assert row(dy, 2, 255, 2000)["mme_exercises"] == 2
    assert row(dy, 200, 255, 2000)["mme_exercises"] == 1
    assert row(dy, 2, 220, 2000)["mme_exercises"] == 0
    assert pd.isna(row(dy, 2, 220, 1979)["mme_exercises"])


def test_arms_transfers_both_ways(system):
    write(
        system,
        "sipri_arms",
        tiv=pd.DataFrame(
            {
                "ccode1": [2, 200, 2],
                "ccode2": [200, 2, 200],
                "year": [1980, 1980, 1981],
                "value": [120.0, 15.5, 0.0],
            }
        ),
    )
    dy = panels.add_arms_transfers(
        panels.dyad_years((1980, 1982), directed=True, store=system), store=system
    )
    assert row(dy, 2, 200, 1980)[["tiv12", "tiv21"]].tolist() == [120.0, 15.5]
    assert row(dy, 200, 2, 1980)[["tiv12", "tiv21"]].tolist() == [15.5, 120.0]
    assert row(dy, 2, 200, 1981)["tiv12"] == 0.0 and np.isnan(row(dy, 2, 200, 1981)["tiv21"])
    assert np.isnan(row(dy, 2, 200, 1982)["tiv12"])  # after the panel's last year


def test_ideal_point_distance(system):
    write(
        system,
        "unga",
        idealpoints=pd.DataFrame(
            {
                "ccode": [2, 200, 2],
                "year": [2000, 2000, 2001],
                "idealpointall": [2.5, 1.0, 2.4],
                "idealpointfp": [2.0, 1.5, 2.1],
            }
        ),
    )
    dy = panels.dyad_years((2000, 2001), directed=True, store=system)
    out = panels.add_ideal_point_distance(dy, store=system)
    assert row(out, 200, 2, 2000)["idealpointdist"] == pytest.approx(1.5)
    assert np.isnan(row(out, 2, 200, 2001)["idealpointdist"])
    fp = panels.add_ideal_point_distance(dy, estimate="fp", store=system)
    assert row(fp, 2, 200, 2000)["idealpointdist"] == pytest.approx(0.5)
    with pytest.raises(FoedusError, match="estimate 'median' is unknown; accepted: all, fp"):
        panels.add_ideal_point_distance(dy, estimate="median", store=system)


def test_sipri_milex_needs_the_source(system):
    sy = panels.state_years(2000, store=system)
    with pytest.raises(NotLoadedError, match="'sipri_milex' is not loaded"):
        panels.add_sipri_milex(sy, store=system)
    write(
        system,
        "sipri_milex",
        milex=pd.DataFrame(
            {
                "ccode": pd.array([2, None], dtype="Int64"),
                "year": [2000, 2000],
                "milex_constant_usd_m": [500.0, 1.0],
                "milex_current_usd_m": [300.0, 1.0],
                "milex_share_gdp": [0.031, 0.1],
            }
        ),
    )
    out = panels.add_sipri_milex(sy, store=system).set_index("ccode")
    assert out.loc[2, "milex_share_gdp"] == pytest.approx(0.031)
    assert np.isnan(out.loc[200, "milex_share_gdp"])


# -- conflict ------------------------------------------------------------------------------


def mids_fixture(store) -> None:
    """MID dyad-years, both orders: USA–UK onsets in 1900 and 1905 (ongoing into 1906), a
    USA–France onset in 1960; the data run 1897–1960."""
    rows = [
        (2, 200, 1897, 0, 0),
        (2, 200, 1900, 1, 1),
        (2, 200, 1905, 1, 1),
        (2, 200, 1906, 0, 1),
        (2, 220, 1960, 1, 1),
    ]
    ddy = pd.DataFrame(
        [(a, b, y, on, go) for c1, c2, y, on, go in rows for a, b in ((c1, c2), (c2, c1))],
        columns=["ccode1", "ccode2", "year", "cowmidonset", "cowmidongoing"],
    )
    write(store, "cow_mid", ddy=ddy.assign(dispnum=7, hostlev=3, fatality=0))


def test_mids_onset_ongoing_and_coverage(system):
    mids_fixture(system)
    dy = panels.add_cow_mids(
        panels.dyad_years((1896, 1961), directed=True, store=system), store=system
    )
    assert row(dy, 200, 2, 1906)[["cowmidonset", "cowmidongoing"]].tolist() == [0, 1]
    assert row(dy, 2, 200, 1907)[["cowmidonset", "cowmidongoing"]].tolist() == [0, 0]
    assert pd.isna(row(dy, 2, 200, 1907)["cowmiddispnum"])
    assert row(dy, 2, 200, 1905)["cowmidhostlev"] == 3
    assert pd.isna(row(dy, 2, 200, 1896)["cowmidonset"])  # before the data's first year
    assert pd.isna(row(dy, 2, 200, 1961)["cowmidonset"])  # after its last


def test_peace_years_count_and_reset(system):
    mids_fixture(system)
    dy = panels.add_peace_years(panels.dyad_years((1897, 1961), store=system), store=system)
    spell = dy[(dy["ccode1"] == 2) & (dy["ccode2"] == 200)].set_index("year")["cowmidspell"]
    # first year 0; onset in 1900 carries 3 peaceful years; resets after each onset
    assert spell.loc[1897:1908].tolist() == [0, 1, 2, 3, 0, 1, 2, 3, 4, 0, 1, 2]
    assert spell[1960] == 1960 - 1905 - 1
    assert pd.isna(spell[1961])
    france = dy[(dy["ccode1"] == 2) & (dy["ccode2"] == 220)].set_index("year")["cowmidspell"]
    assert france[1960] == 1960 - 1897 and pd.isna(france[1961])


def test_peace_years_do_not_depend_on_the_panels_first_year(system):
    mids_fixture(system)
    late = panels.add_peace_years(panels.dyad_years((1903, 1907), store=system), store=system)
    spell = late[(late["ccode1"] == 2) & (late["ccode2"] == 200)].set_index("year")
    assert spell["cowmidspell"].tolist() == [2, 3, 4, 0, 1]  # onsets 1900 and 1905
    # South Vietnam entered in 1954: its dyads count from their first year together
    vietnam = panels.add_peace_years(panels.dyad_years((1958, 1960), store=system), store=system)
    assert row(vietnam, 2, 817, 1958)["cowmidspell"] == 1958 - 1954


def test_peace_years_directed_symmetry_and_row_order(system):
    mids_fixture(system)
    dy = panels.dyad_years((1897, 1960), directed=True, store=system)
    shuffled = dy.sample(frac=1.0, random_state=3)
    out = panels.add_peace_years(shuffled, store=system)
    pd.testing.assert_index_equal(out.index, shuffled.index)
    fwd = out.set_index(["ccode1", "ccode2", "year"])["cowmidspell"]
    back = out.set_index(["ccode2", "ccode1", "year"])["cowmidspell"]
    back.index.names = fwd.index.names
    assert fwd.sort_index().equals(back.sort_index())


def test_wars_and_rivalries(system):
    write(
        system,
        "cow_war_ddy",
        ddy=pd.DataFrame(
            {
                "warnum": [1, 1, 2, 2],
                "ccode1": [2, 200, 2, 200],
                "ccode2": [200, 2, 200, 2],
                "year": [1812, 1812, 1900, 1900],
                "cowinteronset": [1, 1, 1, 1],
                "cowinterongoing": [1, 1, 1, 1],
            }
        ),
    )
    write(
        system,
        "rivalries",
        td=pd.DataFrame({"ccode1": [220], "ccode2": [200], "styear": [1816], "endyear": [1904]}),
    )
    dy = panels.dyad_years((1900, 2010), store=system)
    dy = panels.add_rivalries(panels.add_cow_wars(dy, store=system), store=system)
    assert row(dy, 2, 200, 1900)["cowinteronset"] == 1
    assert row(dy, 2, 200, 1901)["cowinteronset"] == 0
    assert pd.isna(row(dy, 2, 200, 2008)["cowinterongoing"])  # COW wars v4.0 end in 2007
    assert row(dy, 200, 220, 1904)["td_rivalry"] == 1
    assert pd.isna(row(dy, 200, 220, 1905)["td_rivalry"])  # past the data's last year


# -- backends, verbs by name, errors, CLI --------------------------------------------------------


def test_polars_in_polars_out(system):
    pl = pytest.importorskip("polars")
    mids_fixture(system)
    frame = panels.dyad_years((1897, 1910), store=system, backend="polars")
    assert isinstance(frame, pl.DataFrame)
    out = panels.add_peace_years(panels.add_cow_mids(frame, store=system), store=system)
    assert isinstance(out, pl.DataFrame)
    expected = panels.add_peace_years(
        panels.add_cow_mids(panels.dyad_years((1897, 1910), store=system), store=system),
        store=system,
    )
    assert out["cowmidspell"].to_list() == expected["cowmidspell"].tolist()
    assert out["cowmiddispnum"].null_count() == expected["cowmiddispnum"].isna().sum()


def test_add_by_name_and_errors(system):
    mids_fixture(system)
    dy = panels.add(
        panels.dyad_years((1897, 1900), store=system), ["mids", "peace-years"], store=system
    )
    assert {"cowmidonset", "cowmidspell"} <= set(dy.columns)
    with pytest.raises(FoedusError, match="unknown panel verb 'atopp'; accepted: atop, nmc"):
        panels.add(dy, ["atopp"], store=system)
    with pytest.raises(FoedusError, match="verb 'mids' needs a dyad-year panel"):
        panels.add(panels.state_years(1900, store=system), ["mids"], store=system)
    with pytest.raises(FoedusError, match="system 'iso' is unknown; accepted: cow, gw"):
        panels.dyad_years(1900, system="iso", store=system)
    with pytest.raises(FoedusError, match="frame is not a panel"):
        panels.add_cow_mids(pd.DataFrame({"a": [1]}), store=system)
    with pytest.raises(FoedusError, match="backend 'arrow' is unknown"):
        panels.state_years(1900, store=system, backend="arrow")
    with pytest.raises(NotLoadedError, match="source 'atop' is not loaded"):
        panels.add_atop_alliance(dy, store=system)


def test_cli_writes_parquet_and_refuses_bad_verbs(system, tmp_path):
    from typer.testing import CliRunner

    from foedus.cli.main import app

    mids_fixture(system)
    out = tmp_path / "dyads.parquet"
    result = CliRunner().invoke(
        app,
        [
            "panel",
            "dyad-years",
            "--years",
            "1897-1910",
            "--add",
            "mids,peace-years",
            "--directed",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    written = pd.read_parquet(out)
    expected = panels.add(
        panels.dyad_years((1897, 1910), directed=True, store=system),
        ["mids", "peace-years"],
        store=system,
    )
    assert len(written) == len(expected)
    assert written["cowmidspell"].tolist() == expected["cowmidspell"].tolist()
    bad = CliRunner().invoke(app, ["panel", "state-years", "--add", "mids"])
    assert bad.exit_code != 0
    assert "needs a dyad-year panel" in str(bad.exception)
