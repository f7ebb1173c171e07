"""The undirected 1816–2010 pipeline in peacesciencer mode, rebuilt through the CLI, against
the sums peacesciencer gives (issue 14) and the peacesciencer tables staged in
../shared/data/peacesciencer; and where foedus's defaults differ, by how much."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from foedus import panels
from foedus.store import Store
from tests.cli_helpers import invoke
from tests.realdata import imported_store

PIPELINE = "atop,nmc,contiguity,majors,mids,distance,igos,peace-years"
SOURCES = {  # source -> file or folder below ../shared/data
    "cow_states": "peacesciencer/cow_states.csv",
    "atop": "atop",
    "atop_ddyr": "peacesciencer/atop_alliance.parquet",
    "cow_nmc": "peacesciencer/cow_nmc.csv",
    "cow_majors": "peacesciencer/cow_majors.csv",
    "cow_mid": "peacesciencer",
    "capitals": "peacesciencer",
    "cow_igo": "peacesciencer",
}
# peacesciencer 1.2 on the same pipeline (issue 14): sums of the 842,655 rows
PS_SUMS = {
    "atop_defense": 54_426,
    "atop_offense": 2_585,
    "atop_neutral": 1_838,
    "atop_nonagg": 95_767,
    "atop_alliance": 100_635,
    "cowmidonset": 3_272,
    "cowmidongoing": 4_875,
}
PS_CONTTYPE = {0: 805_456, 1: 22_053, 2: 1_000, 3: 1_089, 4: 5_084, 5: 7_973}


@pytest.fixture(scope="module")
def real(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = imported_store(tmp_path_factory, shared_data, SOURCES)
    both = tmp_path_factory.mktemp("contiguity")  # COW's yearly file and the spell table
    (both / "contdird_v3.2.parquet").symlink_to(shared_data / "cow/contdird_v3.2.parquet")
    (both / "cow_contdir.csv").symlink_to(shared_data / "peacesciencer/cow_contdir.csv")
    from foedus.sources import import_source

    import_source("cow_contiguity", both, store)
    return store


@pytest.fixture(scope="module")
def ps_mode(real: Store, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("ps") / "x.parquet"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FOEDUS_HOME", str(real.home))
        result = invoke(
            f"panel dyad-years --years 1816-2010 --add {PIPELINE} --peacesciencer -o {out}", mp
        )
    assert result.code == 0, result.err
    assert "wrote 842,655 rows" in result.err
    assert "outside" not in result.err  # every source covers 1816–2010
    return pd.read_parquet(out)


def test_peacesciencer_sums(ps_mode):
    assert len(ps_mode) == 842_655
    assert ps_mode[["ccode1", "ccode2", "year"]].duplicated().sum() == 0
    got = {column: int(ps_mode[column].sum()) for column in PS_SUMS}
    assert got == PS_SUMS
    assert (
        int(
            (ps_mode[[f"atop_{f}" for f in panels.ATOP_OBLIGATIONS]].sum(axis=1) == 0)[
                ps_mode["atop_alliance"] == 1
            ].sum()
        )
        == 23
    )
    assert ps_mode["conttype"].value_counts().to_dict() == PS_CONTTYPE
    assert int(ps_mode["dyadigos"].isna().sum()) == 642
    assert int((ps_mode["cowmidfatality"] == -9).sum()) == 589


def test_majors_equal_the_major_power_list(ps_mode, shared_data):
    majors = pd.read_csv(shared_data / "peacesciencer/cow_majors.csv")
    years = {
        (c, y)
        for c, a, b in majors[["ccode", "styear", "endyear"]].itertuples(index=False)
        for y in range(a, b + 1)
    }
    for side in ("1", "2"):
        listed = [
            (c, y) in years for c, y in zip(ps_mode[f"ccode{side}"], ps_mode["year"], strict=True)
        ]
        assert (ps_mode[f"cowmaj{side}"].to_numpy() == np.array(listed)).all()
    assert int(ps_mode["cowmaj1"].sum()) + int(ps_mode["cowmaj2"].sum()) > 80_000


def test_mid_details_equal_peacesciencers_dyad_disputes(ps_mode, shared_data):
    """Each MID dyad-year's detail columns are those of its dispute in peacesciencer's
    cow_mid_ddydisps (the dyad-year's dispute chosen as peacesciencer whittles them)."""
    ddy = pd.read_csv(shared_data / "peacesciencer/cow_mid_ddydisps.csv")
    ddy = ddy[ddy["ccode1"] < ddy["ccode2"]]
    ours = ps_mode[ps_mode["cowmiddispnum"].notna()]
    details = ["sidea1", "fatality2", "hiact1", "hostlev2", "orig1", "mindur", "recip", "stmon"]
    merged = ours.merge(
        ddy,
        left_on=["ccode1", "ccode2", "year", "cowmiddispnum"],
        right_on=["ccode1", "ccode2", "year", "dispnum"],
    )
    assert len(merged) == len(ours) == 4_875
    for column in details:
        assert (merged[f"cowmid{column}"].to_numpy() == merged[column].to_numpy()).all(), column


def test_peace_years_from_ongoing_disputes(ps_mode):
    """USA–Russia (in the system together since 1816, so rows are years): the years since
    the last year a dispute was ongoing."""
    pair = ps_mode[(ps_mode["ccode1"] == 2) & (ps_mode["ccode2"] == 365)].set_index("year")
    ongoing = pair.index[pair["cowmidongoing"] == 1].to_numpy()
    for year, spell in pair["cowmidspell"].items():
        before = ongoing[ongoing < year]
        expected = year - before.max() - 1 if len(before) else year - pair.index.min()
        assert spell == expected, year


def test_defaults_differ_only_where_documented(ps_mode, real, shared_data):
    """foedus's defaults: COW's yearly contiguity file, the IUGG radius with the latest
    capital (Brasília's coordinates corrected), MID unknowns null, peace years from onsets."""
    ours = panels.add(
        panels.dyad_years((1816, 2010), store=real),
        ["contiguity", "distance", "mids", "peace-years"],
        store=real,
    )
    differs = ours["conttype"].to_numpy() != ps_mode["conttype"].to_numpy()
    assert int(differs.sum()) == 703  # 59 dyads (docs/data.md: which form is right)
    spain_mauritania = (ours["ccode1"] == 230) & (ours["ccode2"] == 435) & (ours["year"] == 1977)
    assert ours.loc[spain_mauritania, "conttype"].item() == 5  # COW record 1976-02 to 1979-08
    assert ps_mode.loc[spain_mauritania, "conttype"].item() == 0
    capitals = pd.read_csv(shared_data / "peacesciencer/cow_capitals.csv")
    moved = capitals["ccode"][capitals["ccode"].duplicated()].unique()
    still = ~(ours["ccode1"].isin(moved) | ours["ccode2"].isin(moved)).to_numpy()
    ratio = (ps_mode["capdist"] / ours["capdist"]).to_numpy()
    assert still.mean() > 0.75
    assert np.allclose(ratio[still], panels.WGS84_RADIUS_KM / panels.EARTH_RADIUS_KM, atol=1e-12)
    bra_arg = ((ours["ccode1"] == 140) & (ours["ccode2"] == 160)).to_numpy()
    year = ours["year"].to_numpy()
    assert ours.loc[bra_arg & (year == 1960), "capdist"].item() == pytest.approx(2343, abs=2)
    assert ps_mode.loc[bra_arg & (year == 1960), "capdist"].item() == pytest.approx(1972, abs=2)
    assert (
        int(ours["cowmidfatality"].isna().sum()) - int(ps_mode["cowmidfatality"].isna().sum())
        == 589
    )
    assert (ours["cowmidspell"].fillna(0) >= ps_mode["cowmidspell"].fillna(0)).all()
    spell = (ours["cowmidspell"] != ps_mode["cowmidspell"]).to_numpy()
    assert int(spell.sum()) == 87_272  # issue 14's count of rows differing, in 1,688 dyads
    assert len(set(zip(ours["ccode1"][spell], ours["ccode2"][spell], strict=True))) == 1_688


def test_catalog_coverage_matches_the_data(real):
    """The years the coverage notes name are the years the imported files hold."""
    from foedus.data.cow import read_contiguity, read_igos, read_majors, read_mids, read_nmc
    from foedus.sources import coverage

    tables = {
        "cow_nmc": read_nmc(real),
        "cow_majors": read_majors(real),
        "cow_contiguity": read_contiguity(real),
        "cow_mid": read_mids(real, "cow", ()),
        "cow_igo": read_igos(real),
    }
    spans = {name: (int(t["year"].min()), int(t["year"].max())) for name, t in tables.items()}
    assert spans == {name: coverage(name) for name in tables}
    assert spans["cow_nmc"] == (1816, 2022)  # NMC 7.0
