"""Burden sharing: membership by date, shares and compliance, Olson–Zeckhauser, fair shares."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from foedus.burden import (
    allocate,
    burden,
    burden_summary,
    burden_table,
    fair_shares,
    member_years,
    membership,
    olson_zeckhauser,
    olson_zeckhauser_1964,
    parse_target,
    spending,
)
from foedus.errors import FoedusError
from foedus.store import Store
from tests.cli_helpers import invoke
from tests.realdata import imported_store


# -- fair shares: the optimiser against cases solved by hand ----------------------------------
def test_three_members_proportional_with_one_binding_ceiling():
    # GDP 50:30:20, target 100; the third is capped at 10, so its excess of 10 goes to the
    # other two in proportion 50:30 -> 50 + 6.25 and 30 + 3.75
    shares = fair_shares(
        np.array([50.0, 30.0, 20.0]), 100.0, upper=np.array([np.nan, np.nan, 10.0])
    )
    np.testing.assert_allclose(shares, [56.25, 33.75, 10.0], rtol=1e-10)


def test_binding_floor_takes_from_the_others_in_proportion():
    # 70:20:10 of 100, the third must pay at least 20: the other 80 split 70:20
    shares = fair_shares(np.array([70.0, 20.0, 10.0]), 100.0, lower=np.array([0, 0, 20.0]))
    np.testing.assert_allclose(shares, [80 * 7 / 9, 80 * 2 / 9, 20.0], rtol=1e-10)


def test_solution_is_the_constrained_least_squares_optimum():
    rng = np.random.default_rng(5)
    w = rng.uniform(1, 100, 8)
    target = 0.8 * w.sum()
    draw = rng.random(8)
    lo = np.where(draw < 0.3, 1.1 * w, 0.0)  # two members with a binding floor
    hi = np.where(draw > 0.7, 0.6 * w, np.inf)  # four with a binding ceiling
    ours = fair_shares(w, target, lo, hi)
    assert np.isclose(ours, lo).sum() == 2 and np.isclose(ours, hi).sum() == 4
    a = target * w / w.sum()
    result = optimize.minimize(
        lambda x: np.sum((x - a) ** 2 / a),
        a.clip(lo, hi),
        method="SLSQP",
        bounds=list(zip(lo, np.where(np.isinf(hi), None, hi), strict=True)),
        constraints=[{"type": "eq", "fun": lambda x: x.sum() - target}],
        options={"ftol": 1e-14, "maxiter": 500},
    )
    assert result.success
    np.testing.assert_allclose(ours, result.x, rtol=1e-5)
    assert ours.sum() == pytest.approx(target, rel=1e-12)


def test_infeasible_bounds_are_refused():
    with pytest.raises(FoedusError, match="cannot be met within the bounds"):
        fair_shares(np.array([1.0, 1.0]), 100.0, upper=np.array([10.0, 20.0]))
    with pytest.raises(FoedusError, match=r"floor 5 exceeds ceiling 4"):
        fair_shares(np.array([1.0, 1.0]), 10.0, lower=np.array([5.0, 0]), upper=np.array([4.0, 20]))


def test_targets():
    assert parse_target("2%gdp", 1000.0) == pytest.approx(20.0)
    assert parse_target("3.5%", 1000.0) == pytest.approx(35.0)
    assert parse_target("1.5tusd", 0) == pytest.approx(1.5e6)
    assert parse_target("900busd", 0) == pytest.approx(9e5)
    with pytest.raises(FoedusError, match="target '2 percent' is not understood"):
        parse_target("2 percent", 1000.0)


# -- membership by date (built-in arrangements) ----------------------------------------------
def test_membership_rule_midyear_and_any(store):
    # Uzbekistan (COW 704) was in the CSTO from 16 Aug 2006 to 28 Jun 2012
    mid = membership("CSTO", "2006-2012", store=store)
    anyday = membership("CSTO", "2006-2012", rule="any", store=store)
    years = lambda t: t.loc[t["ccode"] == 704, "year"].tolist()  # noqa: E731
    assert years(mid) == [2007, 2008, 2009, 2010, 2011]
    assert years(anyday) == [2006, 2007, 2008, 2009, 2010, 2011, 2012]


def test_nato_enlargement_by_date(store):
    members = membership("NATO", "2022-2024", store=store)
    count = members.groupby("year").size().to_dict()
    assert count == {2022: 30, 2023: 31, 2024: 32}
    sweden = members.loc[members["ccode"] == 380, "year"].tolist()
    assert sweden == [2024]  # joined 7 March 2024


def test_years_without_members_are_refused(store):
    with pytest.raises(FoedusError, match=r"NATO has no members in 1930-1940"):
        burden("NATO", "1930-1940", store=store)
    with pytest.raises(FoedusError, match=r"spending in US\$ starts in 1914"):
        burden("Dual Alliance", "1900-1910", store=store)


# -- a store made in code -----------------------------------------------------------------------
@pytest.fixture
def aukus_store(store) -> Store:
    """SIPRI-shaped figures for AUKUS (USA, UK, Australia) in 2022-2023."""
    frame = pd.DataFrame(
        {
            "ccode": pd.array([2, 200, 900] * 2, dtype="Int64"),
            "country": ["United States of America", "United Kingdom", "Australia"] * 2,
            "year": [2022] * 3 + [2023] * 3,
            "milex_constant_usd_m": [800.0, 60.0, 30.0, 820.0, 70.0, 32.0],
            "milex_current_usd_m": [750.0, 55.0, 28.0, 800.0, 70.0, 30.0],
            "milex_share_gdp": [0.030, 0.022, 0.020, 0.032, 0.025, 0.015],
            "milex_per_capita_usd": [2500.0, 800.0, np.nan, 2600.0, 1000.0, 1100.0],
        }
    )
    store.write_source("sipri_milex", "test", {"milex": frame}, citation="test")
    return store


def test_burden_shares_ratios_and_compliance(aukus_store):
    table = burden("AUKUS", "2022-2023", thresholds=(2, 3), store=aukus_store)
    y23 = table[table["year"] == 2023].set_index("ccode")
    gdp = {2: 800 / 0.032, 200: 70 / 0.025, 900: 30 / 0.015}
    assert y23.loc[2, "gdp_current_usd_m"] == pytest.approx(gdp[2])
    assert y23.loc[200, "spending_share"] == pytest.approx(70 / 900)
    assert y23.loc[200, "gdp_share"] == pytest.approx(gdp[200] / sum(gdp.values()))
    alliance = 900 / sum(gdp.values())
    assert y23.loc[900, "burden_ratio"] == pytest.approx(0.015 / alliance)
    assert y23.loc[200, "population_m"] == pytest.approx(70e6 / 1000 / 1e6)
    assert y23["meets_2pct"].tolist() == [True, True, False]
    assert y23["meets_3pct"].tolist() == [True, False, False]
    summary = burden_summary(table).set_index("year")
    assert summary.loc[2023, "meets_2pct"] == 2
    assert summary.loc[2023, "alliance_share_gdp"] == pytest.approx(alliance)


def test_allocation_three_members_one_binding_ceiling(aukus_store):
    # 2% of combined 2023 GDP, proportional to GDP, Australia capped at 1% of its GDP: its
    # shortfall goes to the USA and the UK in proportion to their GDP
    gdp = np.array([800 / 0.032, 70 / 0.025, 30 / 0.015])
    target = 0.02 * gdp.sum()
    aus = 0.01 * gdp[2]
    rest = (target - aus) * gdp[:2] / gdp[:2].sum()
    table = allocate(
        "AUKUS", 2023, "2%gdp", "ability", ceilings={"AUL": "1%"}, store=aukus_store
    ).set_index("ccode")
    np.testing.assert_allclose(table.loc[[2, 200, 900], "fair_share_usd_m"], [*rest, aus])
    assert table.loc[900, "bound"] == "ceiling"
    assert table.loc[200, "gap_usd_m"] == pytest.approx(rest[1] - 70)
    assert table.loc[2, "cost_to_close_usd_m"] == pytest.approx(max(rest[0] - 800, 0))


def test_equal_rule_does_not_redistribute(aukus_store):
    table = allocate(
        "AUKUS", 2023, "2%gdp", "equal", ceilings={"AUL": "1%"}, store=aukus_store
    ).set_index("ccode")
    assert table.loc[2, "fair_share_gdp"] == pytest.approx(0.02)
    assert table.loc[900, "fair_share_gdp"] == pytest.approx(0.01)


def test_allocation_errors_are_one_line(aukus_store, monkeypatch):
    result = invoke("allocate AUKUS --years 2023 --target lots", monkeypatch)
    assert result.code == 2 and result.err.count("\n") == 1
    assert "target 'lots' is not understood" in result.err
    result = invoke("allocate AUKUS --years 2023 --rule benefit", monkeypatch)
    assert result.code == 2 and "needs a threat" in result.err


# -- bad input: one line, exit 2, no warning (issue #12) ------------------------------------
@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("allocate AUKUS --years 0", "year 0: accepted: one year YYYY from 1949 to 2024"),
        ("allocate AUKUS --years 99999", "year 99999: accepted"),
        ("allocate AUKUS --years 2023 --target 1e400tusd", "'1e400tusd' is too large"),
        (
            "allocate AUKUS --years 2023 --rule benefit --threat Russia --scale-km 0",
            "scale_km 0.0: accepted: a distance in km above 0",
        ),
        ("burden AUKUS --years 2023 --threshold nan", "threshold nan is not a share of GDP"),
        ("burden AUKUS --years 2023 --threshold -1", "threshold -1.0 is not a share of GDP"),
        ("burden AUKUS --years 0-5", "years 0-5 is outside the data"),
        ("burden AUKUS --years 2023 --plot b.txt", "'.txt' names no figure format"),
        ("burden AUKUS --years 2023 --plot nowhere/b.png", "the folder nowhere does not exist"),
        ("burden AUKUS --years 2023 --show x", "--show 'x' chooses a table of --olson"),
    ],
)
def test_bad_input_is_one_line(aukus_store, monkeypatch, tmp_path, command, words):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = invoke(command, monkeypatch)
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and result.err.startswith("error: "), result.err
    assert words in result.err
    assert not any(work.iterdir())  # no file written


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda s: allocate("AUKUS", "abc", store=s), "year 'abc': accepted: one year YYYY"),
        (lambda s: allocate("AUKUS", 1700, store=s), "year 1700: accepted"),
        (lambda s: allocate("AUKUS", 2023, "1e400tusd", store=s), "too large"),
        (lambda s: allocate("AUKUS", 2023, floors=[1], store=s), "floors [1] are not"),
        (lambda s: burden("AUKUS", 2023, thresholds=("x",), store=s), "threshold 'x'"),
        (lambda s: burden("AUKUS", 2023, thresholds=(float("inf"),), store=s), "threshold inf"),
        (lambda s: burden(pd.DataFrame(), store=s), "arrangement <DataFrame of 0 rows>"),
        (lambda s: burden("AUKUS", ("a", "b"), store=s), "years ('a', 'b') is not a pair"),
        (lambda s: burden_summary("NATO"), "burden_summary takes a burden() table"),
        (lambda s: olson_zeckhauser(pd.DataFrame()), "olson_zeckhauser takes a burden()"),
    ],
)
def test_python_api_refuses_junk_clearly(aukus_store, call, words):
    with pytest.raises(FoedusError, match=re.escape(words)):
        call(aukus_store)


def test_parquet_and_one_csv_table(aukus_store, monkeypatch, tmp_path):
    out = tmp_path / "b.parquet"
    result = invoke(f"burden AUKUS --years 2022-2023 -o {out}", monkeypatch)
    assert result.code == 0, result.err
    assert "wrote 6 rows to" in result.err
    table = pd.read_parquet(out)
    assert table.groupby("year").size().to_dict() == {2022: 3, 2023: 3}
    result = invoke("burden AUKUS --years 2022-2023 --olson-zeckhauser -f csv", monkeypatch)
    assert result.code == 0, result.err
    series = pd.read_csv(io.StringIO(result.out))  # one table: a second header would break it
    assert list(series.columns) == ["year", "n", "rho", "p_value"]
    assert series["n"].tolist() == [3, 3]
    # 2023: GDP ranks USA > UK > AUS, ME/GDP ranks the same: rho = 1
    assert series.set_index("year").loc[2023, "rho"] == pytest.approx(1.0)


def test_burden_plot_command_writes_svg_and_pdf(aukus_store, monkeypatch, tmp_path):
    for suffix, magic in [(".svg", b"<?xml"), (".pdf", b"%PDF")]:
        path = tmp_path / f"aukus{suffix}"
        result = invoke(f"burden AUKUS --years 2022-2023 --plot {path} -f json", monkeypatch)
        assert result.code == 0, result.err
        assert path.read_bytes().startswith(magic)
    svg = (tmp_path / "aukus.svg").read_text()
    # ISO3 labels, not COW abbreviations (UKG, AUL), and the source caption
    assert "GBR" in svg
    assert "UKG" not in svg and "AUL" not in svg


# -- the engine over frames, without a store -------------------------------------------------
def test_engine_takes_frames():
    sipri = pd.DataFrame(
        {
            "ccode": [2, 200, 2, 200],
            "year": [2022, 2022, 2023, 2023],
            "milex_constant_usd_m": [1.0, 1.0, 1.0, 1.0],
            "milex_current_usd_m": [800.0, 60.0, 820.0, 70.0],
            "milex_share_gdp": [0.04, 0.02, 0.04, 0.025],
            "milex_per_capita_usd": [2400.0, 900.0, np.nan, np.nan],
        }
    )
    spent = spending(sipri, None, 2023, 2023)
    # no per-capita figure in 2023: the 2022 population carries forward (3 years at most)
    assert spent.set_index("ccode").loc[2, "population"] == pytest.approx(800e6 / 2400)
    members = member_years(
        pd.DataFrame(
            {
                "ccode": [2, 200],
                "joined": pd.to_datetime(["1949-08-24", "2023-08-01"]),
                "left": pd.to_datetime([None, None]),
            }
        ),
        2023,
        2023,
        "midyear",
    )
    assert members["ccode"].tolist() == [2]  # the UK joined after 1 July
    table = burden_table(members, spent, (2, 3.5))
    row = table.iloc[0]
    assert (row["state"], row["gdp_current_usd_m"]) == ("United States of America", 820 / 0.04)
    assert row["spending_share"] == 1.0 and bool(row["meets_3.5pct"])


def test_olson_zeckhauser_matches_scipy():
    rng = np.random.default_rng(11)
    frames = []
    for year, n in [(2000, 9), (2001, 14), (2002, 6)]:
        gdp = rng.lognormal(10, 1, n)
        share = np.round(0.01 + 0.02 * rng.random(n) + 1e-7 * gdp, 3)  # some ties
        frames.append(
            pd.DataFrame({"year": year, "gdp_current_usd_m": gdp, "milex_share_gdp": share})
        )
    table = pd.concat(frames, ignore_index=True)
    ours = olson_zeckhauser(table).set_index("year")
    for year, group in table.groupby("year"):
        ref = stats.spearmanr(group["gdp_current_usd_m"], group["milex_share_gdp"])
        assert ours.loc[year, "rho"] == pytest.approx(ref.statistic, abs=1e-12)
        assert ours.loc[year, "p_value"] == pytest.approx(ref.pvalue, rel=1e-9)
        assert ours.loc[year, "n"] == len(group)


# -- real data ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_store(shared_data, tmp_path_factory) -> Store:
    sources = {
        "sipri_milex": "sipri_milex",
        "cow_nmc": "peacesciencer/cow_nmc.csv",
        "mindist": "peacesciencer/cow_mindist.parquet",
    }
    return imported_store(tmp_path_factory, shared_data, sources)


@pytest.fixture(scope="module")
def nato(real_store) -> pd.DataFrame:
    return burden("NATO", "2014-2024", thresholds=(2, 3.5, 5), store=real_store)


def test_usa_2024_share_of_gdp(nato):
    usa = nato[(nato["ccode"] == 2) & (nato["year"] == 2024)].iloc[0]
    assert round(usa["milex_share_gdp"] * 100, 2) == 3.42
    assert usa["meets_2pct"] and not usa["meets_3.5pct"]


def test_nato_members_at_two_percent(nato, shared_data):
    def at_two(year: int) -> set[str]:
        rows = nato[(nato["year"] == year) & nato["meets_2pct"].fillna(False)]
        return set(rows["state"])

    assert at_two(2014) == {"United States of America", "United Kingdom", "Greece"}
    assert at_two(2024) == {
        "Albania",
        "Bulgaria",
        "Denmark",
        "Estonia",
        "Finland",
        "France",
        "Greece",
        "Hungary",
        "Latvia",
        "Lithuania",
        "North Macedonia",
        "Norway",
        "Poland",
        "Romania",
        "Slovakia",
        "United Kingdom",
        "United States of America",
    }
    # the same from SIPRI's own rows, by SIPRI name, for the 32 members of 2024
    long = pd.read_parquet(shared_data / "sipri_milex" / "sipri_milex_1949_2024_long.parquet")
    sipri_names = {"Türkiye": "Turkey", "Czechia": "Czech Republic"}
    rows = long[(long["year"] == 2024) & (long["milex_share_gdp"] >= 0.02)]
    names = set(rows["country"].replace(sipri_names))
    nato_2024 = nato[nato["year"] == 2024]
    assert names & set(nato_2024["state"]) == at_two(2024)
    assert nato_2024["meets_3.5pct"].sum() == 1  # Poland, 4.2 %
    assert not nato_2024["meets_5pct"].any()


def test_iceland_has_no_spending_share(nato):
    iceland = nato[(nato["ccode"] == 395) & (nato["year"] == 2024)].iloc[0]
    assert pd.isna(iceland["milex_share_gdp"]) and pd.isna(iceland["meets_2pct"])


def test_olson_zeckhauser_1964(real_store, shared_data):
    table = olson_zeckhauser_1964(store=real_store)
    published, ours = table.iloc[0], table.iloc[1]
    assert (published["n"], published["rho"]) == (14, 0.490)
    assert ours["n"] == 14 and "Iceland" not in ours["members"]
    # independently, from SIPRI's 1964 rows for the 14 NATO members other than Iceland
    long = pd.read_parquet(shared_data / "sipri_milex" / "sipri_milex_1949_2024_long.parquet")
    names = [
        "United States of America",
        "Germany",
        "United Kingdom",
        "France",
        "Italy",
        "Canada",
        "Netherlands",
        "Belgium",
        "Türkiye",
        "Denmark",
        "Norway",
        "Greece",
        "Portugal",
        "Luxembourg",
    ]
    rows = long[(long["year"] == 1964) & long["country"].isin(names)]
    ref = stats.spearmanr(
        rows["milex_current_usd_m"] / rows["milex_share_gdp"], rows["milex_share_gdp"]
    )
    assert ours["rho"] == pytest.approx(round(ref.statistic, 3))
    assert ours["rho"] == pytest.approx(0.609, abs=5e-4)


def test_olson_zeckhauser_command_prints_the_comparison(real_store, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(real_store.home))
    result = invoke("burden NATO --olson-zeckhauser --years 1964 -f json", monkeypatch)
    assert result.code == 0, result.err
    sections = json.loads(result.out)  # one object holding both tables
    published = pd.DataFrame(sections["published_1964"]).set_index("source")["rho"]
    assert published.filter(like="Olson & Zeckhauser (1966)").iloc[0] == pytest.approx(0.49)
    assert sections["olson_zeckhauser"][0]["rho"] == pytest.approx(0.609, abs=5e-4)


def test_olson_zeckhauser_series_is_positive_in_the_cold_war(real_store):
    series = olson_zeckhauser(burden("NATO", "1955-1966", thresholds=(), store=real_store))
    assert (series["rho"] > 0.5).all()
    assert (series["n"] >= 12).all()


def test_nmc_before_1949(real_store):
    table = burden("anglo_polish_agreement_1939", "1939", rule="any", store=real_store)
    uk = table[table["ccode"] == 200].iloc[0]
    assert uk["source"] == "NMC" and uk["milex_current_usd_m"] == pytest.approx(7895.671)
    assert pd.isna(uk["milex_share_gdp"])


def test_nato_allocation_2024(real_store):
    table = allocate("NATO", 2024, "2%gdp", "ability", ceilings={"USA": "1.5%"}, store=real_store)
    used = table.dropna(subset=["fair_share_usd_m"])
    total_gdp = used["gdp_current_usd_m"].sum()
    assert used["fair_share_usd_m"].sum() == pytest.approx(0.02 * total_gdp)
    usa = used[used["ccode"] == 2].iloc[0]
    assert usa["bound"] == "ceiling" and usa["fair_share_gdp"] == pytest.approx(0.015)
    others = used[used["ccode"] != 2]
    rate = (0.02 * total_gdp - usa["fair_share_usd_m"]) / others["gdp_current_usd_m"].sum()
    np.testing.assert_allclose(others["fair_share_gdp"], rate)
    assert table.loc[table["ccode"] == 395, "fair_share_usd_m"].isna().all()  # Iceland


def test_benefit_rule_weights_proximity_to_the_threat(real_store):
    table = allocate("NATO", 2024, "2%gdp", "benefit", threat="RUS", store=real_store)
    used = table.dropna(subset=["weight"]).set_index("ccode")
    assert used["weight"].sum() == pytest.approx(1.0)
    assert used["fair_share_usd_m"].sum() == pytest.approx(0.02 * used["gdp_current_usd_m"].sum())
    # Estonia borders Russia, Portugal is 2,900 km away: Estonia's rate of GDP is higher
    assert used.loc[366, "fair_share_gdp"] > used.loc[235, "fair_share_gdp"]


@pytest.mark.slow
def test_burden_plots(nato, tmp_path):
    from foedus.plotting import new_figure, plot_burden_ranking, plot_burden_scatter, save_figure

    fig, panels = new_figure("AB", figsize=(14, 8))
    ranking = plot_burden_ranking(nato, ax=panels["B"])
    bars = [t.get_text() for t in ranking.get_yticklabels()]
    assert len(bars) == 32 and bars[-1] == "Poland" and bars[0] == "Iceland"  # no data
    scatter = plot_burden_scatter(nato, ax=panels["A"])
    labels = {t.get_text() for t in scatter.texts}
    assert {"USA", "EST", "LVA", "TUR", "NLD", "ESP", "MKD", "SVN", "SVK"} <= labels
    path = save_figure(fig, tmp_path / "burden.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000


@pytest.mark.slow
def test_burden_command_with_plot(real_store, monkeypatch, tmp_path):
    monkeypatch.setenv("FOEDUS_HOME", str(real_store.home))
    png = tmp_path / "nato.png"
    result = invoke(f"burden NATO --years 2014-2024 --plot {png} -f json", monkeypatch)
    assert result.code == 0, result.err
    rows = result.frame()
    # 28 members 2014-16, 29 2017-19, 30 2020-22, 31 in 2023, 32 in 2024
    assert len(rows) == 3 * 28 + 3 * 29 + 3 * 30 + 31 + 32
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_summary_and_allocate_commands(real_store, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(real_store.home))
    result = invoke("burden NATO --years 2024 --summary --threshold 2 -f json", monkeypatch)
    assert result.code == 0, result.err
    summary = result.frame().iloc[0]
    assert (summary["members"], summary["with_data"], summary["meets_2pct"]) == (32, 31, 17)
    result = invoke(
        "allocate NATO --years 2024 --target 2%gdp --ceiling USA=1.5% -f json", monkeypatch
    )
    assert result.code == 0, result.err
    usa = result.frame().set_index("ccode").loc[2]
    assert usa["bound"] == "ceiling"
    assert usa["fair_share_gdp"] == pytest.approx(0.015)
