"""add_us_troops: troopdata's host codes made COW codes year by year, yearly values, the
note on hosts without a COW state, and the real deployments."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus import panels
from foedus.sources import import_source
from foedus.sources.troops import host_years
from tests.cli_helpers import invoke

# troopdata host, year, quarter, active-duty troops (codes as troopdata assigns them)
REPORTS = [
    ("Germany", 260, 1990, 2, 227_586),
    ("Germany", 260, 1990, 3, 220_000),
    ("Germany", 260, 1991, 2, 203_423),
    ("Japan", 740, 2020, 1, 55_165),
    ("Japan", 740, 2020, 3, 53_732),
    ("Serbia", 340, 2020, 2, 12),
    ("Serbia", 345, 2020, 2, 0),
    ("Tonga", 972, 1995, 2, 1),
    ("Tonga", 972, 2005, 2, 3),
    ("Guam", 1008, 2020, 2, 6_000),
]


@pytest.fixture
def deployments() -> pd.DataFrame:
    frame = pd.DataFrame(REPORTS, columns=["countryname", "ccode", "year", "quarter", "troops_ad"])
    return frame.astype({"ccode": "Int64", "year": "Int64", "troops_ad": "Int64"})


def test_codes_become_cow_codes_year_by_year(deployments):
    hosts, note = host_years(deployments)
    values = hosts.set_index(["ccode", "year"])["troops_ad"].to_dict()
    assert values == {
        (260, 1990): 227_586,  # West Germany: the larger of its reports
        (255, 1991): 203_423,  # unified Germany
        (740, 2020): 55_165,
        (345, 2020): 12,  # troopdata's Serbia 340 and 345 are one COW state
        (955, 2005): 3,  # Tonga, a COW member from 1999
    }
    assert note.startswith("us troops: 2 troopdata host-years have no COW state")
    assert "2 hosts, most troops in Guam, Tonga" in note


def test_state_years_and_dyad_years(store, deployments):
    store.write_source("troops", "test", {"deployments": deployments}, citation="fixture")
    sy = panels.add_us_troops(panels.state_years((1989, 2020), store=store), store=store)
    sy = sy.set_index(["ccode", "year"])["troops_ad"]
    assert (sy.loc[(260, 1990)], sy.loc[(255, 1991)], sy.loc[(955, 2005)]) == (
        227_586,
        203_423,
        3,
    )
    assert pd.isna(sy.loc[(255, 1990)])  # no report for unified Germany in 1990
    assert pd.isna(sy.loc[(2, 2020)])  # no report: unknown, not 0
    assert 1008 not in sy.index.get_level_values("ccode")
    dy = panels.add(panels.dyad_years(2020, store=store), ["us-troops"], store=store)
    japan = dy[(dy["ccode1"] == 345) & (dy["ccode2"] == 740)].iloc[0]
    assert (japan["troops_ad1"], japan["troops_ad2"]) == (12, 55_165)
    assert dy.attrs["notes"][0].startswith("us troops: 2 troopdata host-years")


def test_cli_prints_the_note(store, deployments, monkeypatch):
    store.write_source("troops", "test", {"deployments": deployments}, citation="fixture")
    result = invoke("panel state-years --years 2020 --add us-troops -f csv", monkeypatch)
    assert result.code == 0
    assert "note: us troops: 2 troopdata host-years" in result.err
    assert "740,2020,55165" in result.out


def test_real_deployments(shared_data, store):
    import_source("troops", shared_data / "troopdata", store)
    raw = pd.read_parquet(shared_data / "troopdata/troopdata_rebuild_long.parquet")
    in_germany = raw[raw["ccode"] == 260].groupby("year")["troops_ad"].max()
    sy = panels.add_us_troops(panels.state_years((1950, 2026), store=store), store=store)
    troops = sy.set_index(["ccode", "year"])["troops_ad"]
    assert troops.loc[(260, 1990)] == in_germany.loc[1990] > 200_000
    assert troops.loc[(255, 2000)] == in_germany.loc[2000] < 100_000
    assert troops.loc[(740, 2020)] > 50_000
    assert troops.loc[(2, 2025)] > 0 and pd.isna(troops.loc[(2, 2026)])  # troopdata ends 2025
    assert "Guam" in sy.attrs["notes"][0]
