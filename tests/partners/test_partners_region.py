"""foedus region and foedus posture: a region's states, organisations, agreements, exercises,
conflicts and density of cooperation; US deployments abroad by host (troopdata)."""

from __future__ import annotations

import pandas as pd
import pytest
from cli_helpers import invoke
from realdata import imported_store

from foedus.errors import FoedusError
from foedus.partners import posture, region, region_states
from foedus.partners.region import density

SOURCES = {"atop": "atop", "dcad": "dcad", "mme": "troopdata", "troops": "troopdata"}


@pytest.fixture(scope="module")
def real(tmp_path_factory, shared_data):
    return imported_store(tmp_path_factory, shared_data, SOURCES)


@pytest.fixture
def home(real, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(real.home))
    return real


def test_posture_is_troopdata_by_host(real, shared_data):
    table = posture(2005, store=real).set_index("host")
    raw = pd.read_parquet(shared_data / "troopdata/troopdata_rebuild_long.parquet")
    raw = raw[raw["year"] == 2005]
    # the year's largest report per host (troopdata keeps 260 for Germany: COW 255 from 1991)
    assert table.loc["Germany", "troops"] == raw.loc[raw["ccode"] == 260, "troops_ad"].max()
    assert table.loc["Japan", "troops"] == raw.loc[raw["ccode"] == 740, "troops_ad"].max() == 35571
    assert table.loc["Iraq", "rank"] == 1 and table.loc["Germany", "rank"] == 2
    assert table["share"].sum() <= 1.0 and table.attrs["year"] == 2005
    assert "United States of America" not in table.index
    # West Germany in 1985: the German Federal Republic, by far the largest host
    cold = posture(1985, store=real)
    assert cold.iloc[0]["host"] == "German Federal Republic" and cold.iloc[0]["troops"] > 200_000


def test_region_by_key_and_by_arrangement(store):
    europe = region_states("europe", "2024-06-01")
    assert {"Estonia", "Germany", "France"} <= set(europe["name"])
    assert "Japan" not in set(europe["name"])
    asean = region_states("ASEAN", "2008-06-01")  # ADMM's members: the ten ASEAN states
    assert len(asean) == 10 and {"Indonesia", "Vietnam", "Brunei"} <= set(asean["name"])


def test_region_organisations_and_density_built_in(store):
    r = region("europe", "2024-06-01")
    org = r["organisations"].set_index("id")
    assert org.loc["nato", "members"] == 32  # 30 in Europe; the US and Canada outside
    assert (
        org.loc["nato", "members_inside"] == 30
        and org.loc["nato", "regional_security_organisation"]
    )
    assert org.loc["eu_mutual_assistance", "members_inside"] == 27
    d = r["density"].set_index("form")
    assert d.loc["any", "inside_density"] > 10 * d.loc["any", "across_density"]
    assert r["exercises"].empty and r["conflicts"].empty  # MME, MIDs not loaded


def test_region_with_datasets_counts_dcas_and_exercises(real):
    r = region("ASEAN", "2008-06-01", store=real)
    d = r["density"].set_index("form")
    assert set(d.index) == {"shared arrangement", "alliance pledge", "DCA", "joint exercise", "any"}
    assert d.loc["shared arrangement", "inside"] == 45  # ADMM: all 10 * 9 / 2 pairs
    ex = r["exercises"].set_index("measure")
    assert (
        ex.loc["dyads exercising together 2004-2008", "inside"] == d.loc["joint exercise", "inside"]
    )
    dcas = r["agreements"][r["agreements"]["kind"] == "DCA"]
    # agreements in force (general and sector) among the dyads that have one
    assert dcas["count"].sum() >= d.loc["DCA", "inside"] > 0
    # after the datasets end, no DCA or exercise ties, and the counts say why
    late = region("ASEAN", "2024-06-01", store=real)
    assert "DCA" not in set(late["density"]["form"])
    assert late["exercises"]["measure"].str.contains("no data: mme ends 2010").all()


def test_density_by_hand():
    ties = {"x": {(1, 2), (1, 3), (3, 4)}}
    d = density(ties, inside={1, 2}, outside={3, 4}).set_index("form")
    assert d.loc["x", "inside"] == 1 and d.loc["x", "inside_density"] == 1.0
    assert d.loc["x", "across"] == 1 and d.loc["x", "across_density"] == 0.25  # (1,3) of 4


@pytest.mark.parametrize(
    ("command", "needle"),
    [
        ("region Narnia --on 2024-06-01", "'Narnia'"),
        ("region europe --on 1700-01-01", "1700"),
        ("posture --years 1900", "1900"),
        ("posture --years 2000-2005", "'2000-2005'"),
        ("posture --years 2005 --plot map.txt", "'.txt'"),
    ],
)
def test_bad_input_one_line(home, monkeypatch, command, needle):
    r = invoke(command, monkeypatch)
    assert r.code == 2 and needle in r.err and r.err.count("\n") == 1


def test_posture_cli_writes_the_map(home, monkeypatch, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "posture.png"
    r = invoke(f"posture --years 2005 --plot {out} -f json", monkeypatch)
    assert r.code == 0 and out.stat().st_size > 20_000
    assert r.frame().iloc[0]["host"] == "Iraq"


def test_not_a_string_region():
    with pytest.raises(FoedusError, match="region '5' invalid"):
        region_states(5)  # type: ignore[arg-type]
