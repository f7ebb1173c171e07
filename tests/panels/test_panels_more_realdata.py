"""The peacesciencer-parity verbs on the real staged tables: row counts and known values
checked against the source files read directly, missing values outside each source's
years, directed symmetry, and whittling that reproduces peacesciencer's dyad-year MIDs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foedus import panels
from foedus.alignment import similarity
from foedus.panels.conflict_extra import WHITTLE_RULES
from foedus.store import Store
from tests.realdata import imported_store

PS = "peacesciencer"
SOURCES = {
    "cow_states": f"{PS}/cow_states.csv",
    "gw_states": f"{PS}/gw_states.csv",
    "atop": "atop",
    "cow_nmc": f"{PS}/cow_nmc.csv",
    "cow_mid": PS,
    "gml_mid": PS,
    "unga": "unga_idealpoints",
    "democracy": f"{PS}/deprecated",
    "sdp_gdp": f"{PS}/deprecated",
    "cow_gw_years": f"{PS}/deprecated",
    "leaders": PS,
    "cow_trade": PS,
    "creg": PS,
    "rugged": PS,
    "terrthreat": PS,
    "maoz_powers": PS,
    "arms_races": PS,
    "cow_war_intra": PS,
    "ucdp_acd": PS,
    "ucdp_onsets": PS,
}


@pytest.fixture(scope="module")
def real(shared_data, tmp_path_factory) -> Store:
    return imported_store(tmp_path_factory, shared_data, SOURCES)


@pytest.fixture(scope="module")
def staged(shared_data):
    def read(name: str) -> pd.DataFrame:
        path = shared_data / PS / name
        return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)

    return read


def at(frame: pd.DataFrame, **keys) -> pd.Series:
    hit = frame
    for col, value in keys.items():
        hit = hit[hit[col] == value]
    assert len(hit) == 1, keys
    return hit.iloc[0]


def test_imported_row_counts(real):
    rows = {name: real.releases()[name].rows for name in SOURCES if name not in ("atop", "unga")}
    assert rows["democracy"] == {"cow": 16731, "gw": 18289}
    assert rows["sdp_gdp"] == {"cow": 27753, "gw": 27387}
    assert rows["cow_gw_years"] == {"cow_gw": 16936, "gw_cow": 18425}
    assert rows["leaders"] == {
        "archigos": 3409,
        "stateyears": 14407,
        "lead": 3409,
        "lwuf": 3409,
        "codes": 3409,
        "disputes": 10708,
    }
    assert rows["cow_trade"] == {"stateyears": 14410}
    assert rows["creg"] == {"creg": 11523, "hief": 8808}
    assert (rows["rugged"], rows["terrthreat"]) == ({"rugged": 192}, {"terrthreat": 14781})
    assert (rows["maoz_powers"], rows["arms_races"]) == ({"powers": 20}, {"races": 71})
    assert rows["cow_war_intra"] == {"waryears": 1361}
    assert (rows["ucdp_acd"], rows["ucdp_onsets"]) == ({"acd": 5652}, {"onsets": 10142})


# -- crosswalk -----------------------------------------------------------------------------------


def test_gwcode_to_cow_equals_peacesciencer_table(real, staged):
    sy = panels.add_gwcode_to_cow(panels.state_years((1816, 2024), store=real), store=real)
    table = staged("deprecated/cow_gw_years.csv").dropna(subset=["ccode"])
    merged = sy.merge(
        table[["ccode", "year", "gwcode"]], on=["ccode", "year"], suffixes=("", "_ps")
    )
    assert len(merged) == 16731  # every COW state-year 1816-2020
    pd.testing.assert_series_equal(
        merged["gwcode"].astype("Float64"), merged["gwcode_ps"].astype("Float64"), check_names=False
    )
    assert at(sy, ccode=255, year=1991)["gwcode"] == 260
    assert at(sy, ccode=816, year=1976)["gwcode"] == 816
    assert sy.loc[sy["year"] > 2020, "gwcode"].isna().all()
    gw = panels.add_ccode_to_gw(
        panels.state_years((1990, 1991), system="gw", store=real), store=real
    )
    assert at(gw, gwcode=260, year=1991)["ccode"] == 255


# -- democracy, GDP, trade -----------------------------------------------------------------------


def test_democracy_known_scores_coverage_and_symmetry(real):
    sy = panels.add_democracy(panels.state_years((1816, 2024), store=real), store=real)
    usa = at(sy, ccode=2, year=2000)
    assert (usa["polity2"], usa["v2x_polyarchy"]) == (10, 0.863)
    assert at(sy, ccode=365, year=2016)["polity2"] == 4
    assert sy.loc[sy["year"] > 2020, ["v2x_polyarchy", "polity2", "xm_qudsest"]].isna().all().all()
    gw = panels.add_democracy(panels.state_years((1816, 2020), system="gw", store=real), store=real)
    assert gw["xm_qudsest"].notna().sum() > 0 and at(gw, gwcode=260, year=1990)["polity2"] == 10
    dy = panels.add_democracy(
        panels.dyad_years((2000, 2000), directed=True, store=real), columns="polity2", store=real
    )
    back = dy.rename(
        columns={
            "ccode1": "ccode2",
            "ccode2": "ccode1",
            "polity21": "polity22",
            "polity22": "polity21",
        }
    )
    merged = dy.merge(back, on=["ccode1", "ccode2", "year"], suffixes=("", "_rev"))
    assert len(merged) == len(dy)
    assert merged["polity21"].astype("Float64").equals(merged["polity21_rev"].astype("Float64"))


def test_sdp_gdp_trade_values_and_coverage(real, staged):
    sy = panels.add_cow_trade(
        panels.add_sdp_gdp(panels.state_years((1816, 2024), store=real), store=real), store=real
    )
    sdp = staged("deprecated/cow_sdp_gdp.parquet")
    usa1816 = sdp[(sdp["ccode"] == 2) & (sdp["year"] == 1816)].iloc[0]
    assert at(sy, ccode=2, year=1816)["wbgdp2011est"] == pytest.approx(usa1816["wbgdp2011est"])
    assert sy.loc[sy["year"] > 2016, "sdpest"].isna().all()
    usa = at(sy, ccode=2, year=2000)
    assert (usa["imports"], usa["exports"]) == (pytest.approx(1238248.2), pytest.approx(772146.8))
    assert sy.loc[(sy["year"] < 1870) | (sy["year"] > 2014), "imports"].isna().all()
    trade = staged("cow_trade_sy.csv").dropna(subset=["imports"])
    assert sy["imports"].notna().sum() == len(trade.merge(sy[["ccode", "year"]])) == 12584
    gw = panels.add_sdp_gdp(panels.state_years((1816, 2015), system="gw", store=real), store=real)
    assert gw["sdpest"].isna().sum() > 0 and np.isfinite(gw["sdpest"].dropna()).all()


# -- state-days ----------------------------------------------------------------------------------


def test_state_days_sum_the_membership_spells(real, staged):
    days = panels.state_days((1816, 2024), store=real)
    states = staged("cow_states.csv")
    start = pd.to_datetime(dict(year=states.styear, month=states.stmonth, day=states.stday))
    end = pd.to_datetime(dict(year=states.endyear, month=states.endmonth, day=states.endday))
    end = end.where(end != end.max(), pd.Timestamp("2024-12-31"))  # still members in 2024
    assert len(days) == int(((end - start).dt.days + 1).sum()) == 6_345_986
    assert (days[days["date"].dt.year == 2024].groupby("ccode").size() == 366).all()


# -- leaders -------------------------------------------------------------------------------------


def test_leader_years_carter_and_row_count(real, staged):
    ly = panels.leader_years(store=real)
    archigos = staged("archigos.csv")
    first = pd.to_datetime(archigos["startdate"]).dt.year
    last = pd.to_datetime(archigos["enddate"]).dt.year
    years = {
        (o, y)
        for o, a, b in zip(archigos["obsid"], first, last, strict=True)
        for y in range(a, b + 1)
    }
    assert len(ly) == len(years) == 17686
    carter = ly[ly["obsid"] == "USA-1977"].set_index("year")
    assert list(carter.index) == [1977, 1978, 1979, 1980, 1981]
    assert (carter.loc[1981, "yrinoffice"], carter.loc[1977, "leaderage"]) == (5, 53)
    cow = panels.leader_years(standardize="cow", store=real)
    assert at(cow, obsid="USA-1977", year=1979)["ccode"] == 2
    # G-W lists Morocco to 1 Jan 1904 and Saudi Arabia from 1932, COW to 1912 and from 1927
    assert at(cow, obsid="MOR-1894", year=1906)["ccode"] == 600
    assert at(cow, obsid="SAU-1927", year=1928)["ccode"] == 670
    gw = panels.leader_years(standardize="gw", store=real)
    assert not ((gw["obsid"] == "SAU-1927") & (gw["year"] == 1928)).any()


def test_leader_days_count_the_spells(real, staged):
    archigos = staged("archigos.csv")
    spans = pd.to_datetime(archigos["enddate"]) - pd.to_datetime(archigos["startdate"])
    days = panels.leader_days(store=real)
    assert len(days) == int((spans.dt.days + 1).sum()) == 5_298_380
    carter = days[days["obsid"] == "USA-1977"]["date"]
    assert (carter.min(), carter.max(), len(carter)) == (
        pd.Timestamp("1977-01-20"),
        pd.Timestamp("1981-01-20"),
        1462,
    )


def test_lead_lwuf_on_leader_years(real, staged):
    ly = panels.add_lwuf(panels.add_lead(panels.leader_years(store=real), store=real), store=real)
    carter = at(ly, obsid="USA-1977", year=1978)
    lead = staged("LEAD.csv").set_index("obsid").loc["USA-1977"]
    lwuf = staged("lwuf.csv").set_index("obsid").loc["USA-1977"]
    assert (carter["leveledu"], carter["yrsexper"]) == (lead["leveledu"], lead["yrsexper"])
    assert carter["theta1_mean"] == pytest.approx(lwuf["theta1_mean"])
    assert ly.attrs["sources"] == ["leaders"]


def test_leader_dyad_years_directed_and_gml_disputes(real, staged):
    directed = panels.leader_dyad_years(store=real)
    assert len(directed) > 2_000_000  # peacesciencer: "over 2 million rows"
    assert (directed["gwcode1"] != directed["gwcode2"]).all()
    undirected = panels.leader_dyad_years(directed=False, store=real)
    assert len(directed) == 2 * len(undirected)
    out = panels.add_gml_leader_mids(directed, store=real)
    table = staged("gml_mid_ddlydisps.csv")
    table = table[table["obsid1"].notna() & table["obsid2"].notna() & (table["year"] >= 1870)]
    matched = out["dispnum"].notna().sum()
    assert matched >= 0.999 * len(table)
    assert out["gmlmidonset"].sum() <= table["gmlmidonset"].sum()
    assert (out.loc[out["dispnum"].isna() & (out["year"] <= 2010), "gmlmidonset"] == 0).all()
    assert out.loc[out["year"] > 2010, "gmlmidonset"].isna().all()


def test_archigos_state_year_summary(real):
    sy = panels.add_archigos(panels.state_years((1869, 2016), store=real), store=real)
    usa = at(sy, ccode=2, year=1981)
    assert (usa["leadertransition"], usa["jan1obsid"], usa["dec31obsid"]) == (
        1,
        "USA-1977",
        "USA-1981",
    )
    assert sy.loc[sy["year"].isin([1869, 2016]), "n_leaders"].isna().all()


# -- other attributes ----------------------------------------------------------------------------


def test_creg_rugged_threat_maoz_values(real, staged):
    sy = panels.state_years((1816, 2020), store=real)
    for verb in (
        panels.add_creg_fractionalization,
        panels.add_rugged_terrain,
        panels.add_latent_territorial_threat,
        panels.add_maoz_powers,
    ):
        sy = verb(sy, store=real)
    creg = staged("creg.csv").set_index(["ccode", "year"]).loc[(700, 1945)]
    assert at(sy, ccode=700, year=1945)["ethfrac"] == pytest.approx(creg["ethfrac"])
    assert sy.loc[~sy["year"].between(1945, 2013), "ethfrac"].isna().all()
    # the Soviet Union's own CREG entry in 1991, not the successor's also coded 365
    assert at(sy, ccode=365, year=1991)["ethfrac"] == pytest.approx(0.690721, abs=1e-6)
    assert at(sy, ccode=2, year=1816)["rugged"] == at(sy, ccode=2, year=2020)["rugged"] == 1.073
    threat = staged("terrthreat.csv").set_index(["ccode", "year"]).loc[(2, 1816)]
    assert at(sy, ccode=2, year=1816)["lterrthreat"] == pytest.approx(threat["lterrthreat"])
    assert sy.loc[sy["year"] > 2010, "lterrthreat"].isna().all()
    fra = sy[sy["ccode"] == 220].set_index("year")
    assert (fra.loc[1941, "globpow"], fra.loc[1945, "regpow"], fra.loc[1945, "globpow"]) == (
        1,
        1,
        0,
    )
    assert sy.loc[sy["year"] <= 2019, "regpow"].notna().all()


def test_arms_races_and_intrastate_wars(real, staged):
    dy = panels.add_arms_races(
        panels.dyad_years((1816, 2000), directed=True, store=real), store=real
    )
    races = staged("grh_arms_races.csv")
    assert (
        at(dy, ccode1=200, ccode2=365, year=1854)["armsrace"]
        == 1
        == at(dy, ccode1=365, ccode2=200, year=1854)["armsrace"]
    )
    assert dy["armsrace"].sum() % 2 == 0 and dy.loc[dy["year"] > 1993, "armsrace"].isna().all()
    assert len(races) == 71
    sy = panels.add_intrastate_wars(panels.state_years((1816, 2010), store=real), store=real)
    usa = at(sy, ccode=2, year=1861)
    assert (usa["cowintraonset"], usa["sideadeaths"]) == (1, 360000)
    assert sy.loc[sy["year"] > 2008, "cowintraonset"].isna().all()
    assert sy.loc[sy["year"] == 2008, "cowintraonset"].notna().sum() == 1  # a war going on
    wars = staged("cow_war_intra.csv")
    primary = wars[wars["primary_state"] == 1]
    assert sy["cowintraongoing"].sum() == len(
        primary.drop_duplicates(["ccodea", "year"]).merge(
            sy[["ccode", "year"]], left_on=["ccodea", "year"], right_on=["ccode", "year"]
        )
    )


def test_ucdp_acd_and_onsets(real, staged):
    gw = panels.state_years((1940, 2024), system="gw", store=real)
    out = panels.add_ucdp_onsets(panels.add_ucdp_acd(gw, store=real), store=real)
    acd = staged("ucdp_acd.csv")
    listed = acd[["gwno_a", "year"]].drop_duplicates()
    in_panel = listed.merge(gw, left_on=["gwno_a", "year"], right_on=["gwcode", "year"])
    assert out["ucdpongoing"].sum() == len(in_panel)
    usa = at(out, gwcode=2, year=2001)
    assert usa["ucdpongoing"] == 1 and "; " not in str(usa["maxintensity"])
    assert out.loc[out["year"] < 1946, "ucdpongoing"].isna().all()
    assert out.loc[out["year"].between(1946, 2024), "ucdpongoing"].notna().all()
    onsets = staged("ucdp_onsets.csv")
    merged = onsets.merge(out, on=["gwcode", "year"], suffixes=("_ps", ""))
    assert (merged["sumonset1"] == merged["sumonset1_ps"]).all()
    assert out["sumonset1"].sum() == merged["sumonset1_ps"].sum()
    assert out.loc[out["year"] > 2017, "sumonset1"].isna().all()
    parity = panels.add(gw, ["ucdp-onsets"], peacesciencer=True, store=real)
    assert (parity["sumonset1"].fillna(-1) >= 0).all()  # 0 in every unlisted year
    assert parity["sumonset1"].sum() == out["sumonset1"].sum()


# -- whittling -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mids", "table", "rows"),
    [("cow", "cow_mid_ddydisps.csv", 10234), ("gml", "gml_mid_ddydisps.csv", 9284)],
)
def test_whittling_reproduces_peacesciencer_dyad_years(real, staged, mids, table, rows):
    disputes = panels.dispute_years(mids, store=real)
    assert len(disputes) == {"cow": 11390, "gml": 10276}[mids]
    ours = panels.whittle_conflicts(disputes, WHITTLE_RULES[:7])
    theirs = staged(table)
    assert len(ours) == len(theirs) == rows
    merged = ours.merge(theirs, on=["ccode1", "ccode2", "year"], suffixes=("", "_ps"))
    assert len(merged) == rows and (merged["dispnum"] == merged["dispnum_ps"]).all()
    assert ours.attrs["panel"]["unit"] == "dyad-year"
    assert len(panels.whittle_conflicts(disputes)) == rows


# -- alignment and citations ---------------------------------------------------------------------


def test_alignment_columns_symmetric_and_equal_to_similarity(real):
    dy = panels.dyad_years((2017, 2019), directed=True, store=real)
    out = panels.add_alignment(dy, "s,un", store=real)
    ab, ba = at(out, ccode1=2, ccode2=200, year=2017), at(out, ccode1=200, ccode2=2, year=2017)
    assert ab["atop_s"] == ba["atop_s"] and ab["un_similarity"] == ba["un_similarity"]
    ref = similarity((2017, 2017), "s", store=real)
    assert ab["atop_s"] == pytest.approx(at(ref, ccode1=2, ccode2=200, year=2017)["s"])
    assert out.loc[out["year"] == 2019, "atop_s"].isna().all()


def test_cite_a_real_panel(real):
    sy = panels.add_democracy(
        panels.add_nmc(panels.state_years((2000, 2000), store=real), store=real), store=real
    )
    assert (
        panels.panel_sources(sy) == ["cow_states", "democracy", "cow_nmc"]
        if hasattr(panels, "panel_sources")
        else True
    )
    bib = panels.cite(sy)
    keys = [line.split("{")[1].rstrip(",") for line in bib.splitlines() if line.startswith("@")]
    assert keys == [
        "cow2017states",
        "coppedgeetal2020vdem",
        "marshalletal2017polity",
        "marquez2016uds",
        "pemsteinetal2010uds",
        "singeretal1972",
        "singer1987",
        "miller2022peacesciencer",
    ]
