"""The peacesciencer-parity verbs on tiny sources built in code (no ../shared needed):
democracy and the other state attributes, the code crosswalk, state-days, leader panels,
whittling, arms races, intra-state wars, citations, their importers and the CLI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from cli_helpers import invoke

from foedus import panels
from foedus.errors import DataFormatError, FoedusError
from foedus.panels.cite import cite, panel_sources
from foedus.panels.conflict_extra import WHITTLE_RULES, whittle_conflicts
from foedus.sources import import_source
from tests.panels.test_panels import STATES, row, write

T = pd.Timestamp


@pytest.fixture
def system(store):
    write(store, "cow_states", states=STATES)
    return store


def democracy_tables() -> dict[str, pd.DataFrame]:
    years = np.arange(1990, 2001)
    cow = pd.DataFrame(
        {
            "ccode": np.repeat([2, 200], len(years)),
            "year": np.tile(years, 2),
            "v2x_polyarchy": np.r_[np.linspace(0.8, 0.9, len(years)), np.full(len(years), 0.7)],
            "polity2": pd.array(np.r_[np.full(len(years), 10), np.full(len(years), 8)]),
            "xm_qudsest": np.r_[np.full(len(years), 1.5), np.full(len(years), 1.0)],
        }
    )
    return {"cow": cow, "gw": cow.rename(columns={"ccode": "gwcode"})}


# -- state attributes ----------------------------------------------------------------------------


def test_democracy_values_coverage_and_directed_symmetry(system):
    write(system, "democracy", **democracy_tables())
    sy = panels.add_democracy(panels.state_years((1989, 2001), store=system), store=system)
    usa = sy[sy["ccode"] == 2].set_index("year")
    assert usa.loc[1995, "polity2"] == 10 and usa.loc[2000, "v2x_polyarchy"] == pytest.approx(0.9)
    assert usa.loc[[1989, 2001], "polity2"].isna().all()  # outside the table's years
    assert sy.loc[sy["ccode"] == 220, "polity2"].isna().all()  # France is not in the table
    assert sy.attrs["sources"] == ["democracy"]
    dy = panels.add_democracy(
        panels.dyad_years((1995, 1995), directed=True, store=system), store=system
    )
    ab, ba = row(dy, 2, 200, 1995), row(dy, 200, 2, 1995)
    assert (ab["polity21"], ab["polity22"]) == (10, 8) == (ba["polity22"], ba["polity21"])


def test_democracy_columns_subset_and_bad_name(system):
    write(system, "democracy", **democracy_tables())
    sy = panels.state_years((1995, 1995), store=system)
    out = panels.add_democracy(sy, columns=["polity2"], store=system)
    assert list(out.columns) == ["ccode", "year", "polity2"]
    with pytest.raises(FoedusError, match="democracy column 'polity' is unknown"):
        panels.add_democracy(sy, columns=["polity"], store=system)


def test_rugged_terrain_is_time_invariant(system):
    write(
        system,
        "rugged",
        rugged=pd.DataFrame(
            {
                "ccode": [2, 200],
                "gwcode": [2, 200],
                "rugged": [1.073, 0.5],
                "newlmtnest": [3.2, 1.0],
            }
        ),
    )
    sy = panels.add_rugged_terrain(panels.state_years((1900, 2010), store=system), store=system)
    usa = sy[sy["ccode"] == 2]
    assert (usa["rugged"] == 1.073).all() and len(usa) == 111
    assert sy.loc[sy["ccode"] == 220, "rugged"].isna().all()


def test_maoz_powers_fill_zero_within_coverage(system):
    write(
        system,
        "maoz_powers",
        powers=pd.DataFrame(
            {
                "ccode": [220, 220],
                "regstdate": [pd.NaT, T("1944-08-25")],
                "regenddate": [pd.NaT, T("2019-12-31")],
                "globstdate": [T("1816-01-01"), pd.NaT],
                "globenddate": [T("1941-12-31"), pd.NaT],
            }
        ),
    )
    sy = panels.add_maoz_powers(panels.state_years((1940, 2020), store=system), store=system)
    fra = sy[sy["ccode"] == 220].set_index("year")
    assert (fra.loc[1941, "globpow"], fra.loc[1942, "globpow"], fra.loc[1944, "regpow"]) == (
        1,
        0,
        1,
    )
    assert fra.loc[1943, "regpow"] == 0 and pd.isna(fra.loc[2020, "regpow"])
    assert (sy.loc[(sy["ccode"] == 2) & (sy["year"] < 2020), "globpow"] == 0).all()


# -- crosswalk and state-days ------------------------------------------------------------------


def test_crosswalk_peacesciencer_table_and_builtin(system):
    years = np.arange(1989, 1993)
    cow_gw = (
        pd.DataFrame(
            {
                "ccode": np.r_[[255] * 4, [2] * 4],
                "year": np.r_[years, years],
                "target": pd.array([pd.NA, 260, 260, 260, 2, 2, 2, 2], dtype="Int64"),
            }
        )
        .rename(columns={"target": "gwcode"})
        .assign(stateabb="X")
    )
    write(
        system,
        "cow_gw_years",
        cow_gw=cow_gw,
        gw_cow=cow_gw.rename(columns={"ccode": "gwcode", "gwcode": "ccode"}),
    )
    sy = panels.state_years((1989, 1993), store=system)
    ps = panels.add_gwcode_to_cow(sy, store=system)
    ger = ps[ps["ccode"] == 255].set_index("year")["gwcode"]
    assert ger.loc[1991] == 260 and pd.isna(ger.loc[1993])  # table ends 1992
    builtin = panels.add_gwcode_to_cow(sy, crosswalk="foedus", store=system)
    assert builtin.set_index(["ccode", "year"]).loc[(255, 1993), "gwcode"] == 260
    with pytest.raises(FoedusError, match="crosswalk 'isard' is unknown"):
        panels.add_gwcode_to_cow(sy, crosswalk="isard", store=system)


def test_state_days_count_the_membership_days(system):
    days = panels.state_days((1975, 1975), store=system)
    per_state = days.groupby("ccode").size()
    # South Vietnam to 30 April, Suriname from 25 November, the rest all year
    assert (per_state[817], per_state[115], per_state[2]) == (120, 37, 365)
    assert days["date"].min() == T("1975-01-01") and days.attrs["panel"]["unit"] == "state-day"


# -- leaders -------------------------------------------------------------------------------------


def archigos() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "obsid": ["USA-1974", "USA-1977", "USA-1981", "UKG-1976", "UKG-1979"],
            "gwcode": [2, 2, 2, 200, 200],
            "leadid": list("abcde"),
            "leader": ["Ford", "Carter", "Reagan", "Callaghan", "Thatcher"],
            "yrborn": pd.array([1913, 1924, 1911, pd.NA, 1925], dtype="Int64"),
            "gender": ["M", "M", "M", "M", "F"],
            "startdate": [
                T("1974-08-09"),
                T("1977-01-20"),
                T("1981-01-20"),
                T("1976-04-05"),
                T("1979-05-04"),
            ],
            "enddate": [
                T("1977-01-20"),
                T("1981-01-20"),
                T("1989-01-20"),
                T("1979-05-04"),
                T("1990-11-28"),
            ],
        }
    )


def test_leader_years_office_years_and_age(store):
    write(store, "leaders", archigos=archigos())
    ly = panels.leader_years(store=store)
    carter = ly[ly["obsid"] == "USA-1977"].set_index("year")
    assert list(carter.index) == [1977, 1978, 1979, 1980, 1981]
    assert carter.loc[1981, "yrinoffice"] == 5 and carter.loc[1977, "leaderage"] == 53
    assert ly.loc[ly["obsid"] == "UKG-1976", "leaderage"].isna().all()  # birth year unknown
    assert ly.attrs["panel"]["unit"] == "leader-year" and len(ly) == 4 + 5 + 9 + 4 + 12


def test_leader_dyad_years_share_a_day_and_are_symmetric(store):
    write(store, "leaders", archigos=archigos())
    directed = panels.leader_dyad_years((1977, 1979), store=store)
    undirected = panels.leader_dyad_years((1977, 1979), directed=False, store=store)
    assert len(directed) == 2 * len(undirected)
    pairs = set(zip(undirected["obsid1"], undirected["obsid2"], undirected["year"], strict=True))
    # Ford left on 20 January 1977 while Callaghan was in office: a pair that year
    assert ("USA-1974", "UKG-1976", 1977) in pairs
    assert ("USA-1974", "UKG-1979", 1979) not in pairs  # never in office together
    assert (directed["gwcode1"] != directed["gwcode2"]).all()


def test_leader_days_and_cli_leader_panels(store, monkeypatch):
    write(store, "leaders", archigos=archigos())
    days = panels.leader_days((1977, 1977), store=store)
    per = days.groupby("obsid").size()
    # Ford to 20 January (the handover day counts for both), Callaghan all year
    assert (per["USA-1974"], per["USA-1977"], per["UKG-1976"]) == (20, 346, 365)
    result = invoke("panel leader-years --years 1979 -f csv", monkeypatch)
    assert result.code == 0, result.err
    assert "UKG-1979,200,Thatcher,1979,F,54,1" in result.out
    result = invoke("panel leader-dyad-years --years 1981 --undirected -f csv", monkeypatch)
    assert result.code == 0 and result.out.count("\n") == 1 + 2  # Carter and Reagan, Thatcher
    result = invoke("panel leader-years --standardize nato", monkeypatch)
    assert result.code == 2 and "standardize 'nato' is unknown" in result.err


def test_lead_and_lwuf_by_obsid(store):
    write(
        store,
        "leaders",
        archigos=archigos(),
        lead=pd.DataFrame(
            {
                "obsid": ["USA-1977"],
                "leveledu": [3],
                **{
                    c: [0]
                    for c in (
                        "milservice",
                        "combat",
                        "rebel",
                        "warwin",
                        "warloss",
                        "rebelwin",
                        "rebelloss",
                        "yrsexper",
                        "physhealth",
                        "mentalhealth",
                    )
                },
            }
        ),
    )
    ly = panels.add_lead(panels.leader_years(store=store), columns="leveledu", store=store)
    assert (ly.loc[ly["obsid"] == "USA-1977", "leveledu"] == 3).all()
    assert ly.loc[ly["obsid"] == "USA-1981", "leveledu"].isna().all()
    with pytest.raises(FoedusError, match="not a leader panel"):
        panels.add_lead(panels.state_years((1980, 1980)), store=store)


# -- whittling -----------------------------------------------------------------------------------


def disputes() -> pd.DataFrame:
    """France-Italy 1860 with three onsets (MIDs 112, 113, 306), and a dyad-year with an
    ongoing dispute and a new one."""
    return pd.DataFrame(
        {
            "dispnum": [112, 113, 306, 10, 11],
            "ccode1": [220, 220, 220, 2, 2],
            "ccode2": [325, 325, 325, 200, 200],
            "year": [1860, 1860, 1860, 1900, 1900],
            "cowmidonset": [1, 1, 1, 0, 1],
            "fatality": pd.array([0, pd.NA, 0, 3, 0], dtype="Int64"),
            "hostlev": [3, 3, 4, 5, 2],
            "mindur": [10, 1, 5, 100, 1],
            "maxdur": [10, 1, 5, 100, 1],
            "recip": [1, 0, 1, 1, 0],
            "stmon": [5, 2, 3, 1, 6],
        }
    )


def test_whittle_rules_in_order():
    frame = disputes()
    onsets = whittle_conflicts(frame, ["onsets"])
    assert sorted(onsets["dispnum"]) == [11, 112, 113, 306]  # ongoing MID 10 dropped
    # unknown fatality counts as 0.5, above 0: MID 113 wins France-Italy 1860
    assert whittle_conflicts(frame, ["onsets", "fatality"])["dispnum"].tolist() == [113, 11]
    assert whittle_conflicts(frame, ["hostility"])["dispnum"].tolist() == [306, 10]
    assert whittle_conflicts(frame, ["onsets", "startmonth"])["dispnum"].tolist() == [113, 11]
    out = whittle_conflicts(frame)
    assert len(out) == 2 and not out.duplicated(["ccode1", "ccode2", "year"]).any()
    assert WHITTLE_RULES[0] == "onsets" and WHITTLE_RULES[-1] == "jds"


def test_whittle_refuses_unknown_rules_and_missing_columns():
    with pytest.raises(FoedusError, match="whittling rule 'biggest' is unknown"):
        whittle_conflicts(disputes(), ["biggest"])
    with pytest.raises(FoedusError, match="needs column 'recip'"):
        whittle_conflicts(disputes().drop(columns="recip"), ["reciprocation"])


def test_arms_races_symmetric_and_null_outside_coverage(system):
    write(
        system,
        "arms_races",
        races=pd.DataFrame(
            {"race_id": [1], "ccode1": [255], "ccode2": [200], "styear": [1906], "endyear": [1912]}
        ),
    )
    dy = panels.add_arms_races(
        panels.dyad_years((1905, 1913), directed=True, store=system), store=system
    )
    assert row(dy, 200, 255, 1906)["armsrace"] == 1 == row(dy, 255, 200, 1912)["armsrace"]
    assert row(dy, 200, 255, 1913)["armsrace"] == 0 and pd.isna(row(dy, 2, 200, 1913)["race_id"])
    late = panels.add_arms_races(panels.dyad_years((1994, 1994), store=system), store=system)
    assert late["armsrace"].isna().all()


def test_intrastate_wars_keep_the_new_then_deadliest_war(system):
    waryears = pd.DataFrame(
        {
            "warnum": [600, 601, 602],
            "warname": ["a", "b", "c"],
            "wartype": ["central control", "local issues", "local issues"],
            "year": [1900, 1900, 1900],
            "cowintraonset": [0, 1, 1],
            "cowintraongoing": [1, 1, 1],
            "primary_state": [1, 1, 1],
            "ccodea": [200, 200, 200],
            "ccodeb": pd.array([pd.NA] * 3, dtype="Int64"),
            "intnl": [0, 0, 1],
            "outcome": [1, 2, 1],
            "sideadeaths": pd.array([5000, 100, 2000], dtype="Int64"),
            "sidebdeaths": pd.array([5000, pd.NA, 2000], dtype="Int64"),
        }
    )
    write(system, "cow_war_intra", waryears=waryears)
    sy = panels.add_intrastate_wars(panels.state_years((1900, 2008), store=system), store=system)
    uk = sy[(sy["ccode"] == 200) & (sy["year"] == 1900)].iloc[0]
    assert (uk["warnum"], uk["cowintraonset"], uk["intrawarnums"]) == (602, 1, "600; 601; 602")
    assert sy.loc[(sy["ccode"] == 2) & (sy["year"] == 1900), "cowintraongoing"].item() == 0
    assert sy.loc[sy["year"] == 2008, "cowintraonset"].isna().all()  # after the table
    assert sy.loc[sy["year"] == 2007, "cowintraonset"].eq(0).all()
    local = panels.add_intrastate_wars(
        panels.state_years((1900, 1900), store=system), intratype="central control", store=system
    )
    assert local.loc[local["ccode"] == 200, "warnum"].item() == 600


def test_verbs_give_polars_back_with_the_same_values(system):
    write(system, "democracy", **democracy_tables())
    write(
        system,
        "cow_war_intra",
        waryears=pd.DataFrame(
            {
                "warnum": [600],
                "warname": ["a"],
                "wartype": ["local issues"],
                "year": [1995],
                "cowintraonset": [1],
                "cowintraongoing": [1],
                "primary_state": [1],
                "ccodea": [200],
                "ccodeb": pd.array([pd.NA], dtype="Int64"),
                "intnl": [0],
                "outcome": [1],
                "sideadeaths": [10],
                "sidebdeaths": [20],
            }
        ),
    )
    results = []
    for backend in ("pandas", "polars"):
        frame = panels.state_years((1994, 2008), store=system, backend=backend)
        frame = panels.add_intrastate_wars(panels.add_democracy(frame, store=system), store=system)
        results.append(frame)
    pandas_frame, polars_frame = results
    assert type(polars_frame).__name__ == "DataFrame" and hasattr(polars_frame, "to_pandas")
    back = polars_frame.to_pandas()
    for col in ("polity2", "cowintraonset", "intrawarnums"):
        left = pandas_frame[col].astype("object").where(pandas_frame[col].notna(), None)
        right = back[col].astype("object").where(back[col].notna(), None)
        assert left.tolist() == right.tolist(), col
    assert "cow_gw_years" in panel_sources(
        panels.add_gwcode_to_cow(polars_frame, crosswalk="foedus")
    )


def test_ucdp_acd_onset_first_year_and_filters(system):
    acd = pd.DataFrame(
        {
            "conflict_id": [1, 1, 1, 2],
            "year": [1950, 1951, 1952, 1951],
            "gwcode": [200, 200, 200, 200],
            "incompatibility": ["territory"] * 3 + ["government"],
            "intensity_level": [1, 2, 1, 1],
            "type_of_conflict": ["extrasystemic"] * 3 + ["intrastate"],
        }
    ).rename(columns={"gwcode": "gwno_a"})
    write(system, "ucdp_acd", acd=acd)
    sy = panels.add_ucdp_acd(panels.state_years((1945, 2025), store=system), store=system)
    uk = sy[sy["ccode"] == 200].set_index("year")
    assert (uk.loc[1950, "ucdponset"], uk.loc[1951, "ucdponset"], uk.loc[1952, "ucdponset"]) == (
        1,
        1,
        0,
    )  # conflict 2 starts in 1951
    assert (uk.loc[1951, "maxintensity"], uk.loc[1951, "conflict_ids"]) == (2, "1; 2")
    assert uk.loc[1953, "ucdpongoing"] == 0 and pd.isna(uk.loc[1945, "ucdpongoing"])
    assert pd.isna(uk.loc[2025, "ucdponset"])
    wars = panels.add_ucdp_acd(
        panels.state_years((1950, 1952), store=system), only_wars=True, store=system
    )
    assert wars.loc[wars["ccode"] == 200, "ucdpongoing"].tolist() == [0, 1, 0]
    gov = panels.add_ucdp_acd(
        panels.state_years((1950, 1952), store=system), issue="government", store=system
    )
    assert gov.loc[gov["ccode"] == 200, "ucdponset"].tolist() == [0, 1, 0]
    with pytest.raises(FoedusError, match="UCDP conflict type 'civil' is unknown"):
        panels.add_ucdp_acd(sy, type="civil", store=system)


# -- citations -----------------------------------------------------------------------------------


def test_cite_lists_exactly_the_panel_sources(system):
    write(system, "democracy", **democracy_tables())
    sy = panels.add_democracy(panels.state_years((1995, 1995), store=system), store=system)
    sy = sy.assign(cinc=0.1)  # a column of another verb, recognised by name
    assert panel_sources(sy) == ["cow_states", "democracy", "cow_nmc"]
    bib = cite(sy)
    assert "@misc{cow2017states," in bib and "@article{singer1987," in bib
    assert "marshalletal2017polity" in bib and "gibleretal2016" not in bib
    gone = sy.drop(columns=["v2x_polyarchy", "polity2", "xm_qudsest"])
    assert "democracy" not in panel_sources(gone)
    with pytest.raises(FoedusError, match="not a data frame"):
        cite([1, 2])


# -- importers -----------------------------------------------------------------------------------


def test_democracy_importer_refuses_an_impossible_polity_score(tmp_path, store):
    frame = democracy_tables()["cow"].assign(year=lambda f: f["year"] - 50)
    frame = pd.concat([frame] * 5, ignore_index=True)
    frame["year"] = np.arange(len(frame)) + 1816
    frame.loc[3, "polity2"] = 11
    path = tmp_path / "ccode_democracy.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(
        DataFormatError, match=r"row 4 \(line 5\), column polity2: 11 is impossible"
    ):
        import_source("democracy", path, store)


def test_sdp_importer_stores_minus_infinity_as_null(tmp_path, store):
    frame = pd.DataFrame(
        {
            "gwcode": 2,
            "year": np.arange(1800, 1920),
            "wbgdp2011est": 20.0,
            "wbpopest": 13.0,
            "sdpest": -np.inf,
            "wbgdppc2011est": 7.0,
        }
    )
    path = tmp_path / "gw_sdp_gdp.parquet"
    frame.to_parquet(path)
    release = import_source("sdp_gdp", path, store)
    assert release.rows == {"gw": 120}
    assert store.table("sdp_gdp", "gw")["sdpest"].isna().all()


# -- CLI -----------------------------------------------------------------------------------------


def test_cli_state_years_add_democracy_with_bib(system, tmp_path, monkeypatch):
    write(system, "democracy", **democracy_tables())
    bib = tmp_path / "refs.bib"
    result = invoke(
        f"panel state-years --years 1995 --add democracy --bib {bib} -f csv", monkeypatch
    )
    assert result.code == 0, result.err
    assert "\n200,1995,0.7,8,1.0\n" in result.out
    assert "@misc{cow2017states," in bib.read_text() and "refs.bib" in result.err


def test_cli_unknown_whittle_rule_is_one_line(system, monkeypatch):
    result = invoke("panel dispute-years --whittle biggest", monkeypatch)
    assert result.code == 2
    assert result.err.strip().count("\n") == 0 and "whittling rule 'biggest'" in result.err
