"""US deployments importer (troopdata rebuild, DMDC reports)."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source

FILE = "troopdata/troopdata_rebuild_long.parquet"


def test_rows_and_known_deployments(shared_data, store):
    import_source("troops", shared_data / "troopdata", store)
    deployed = store.table("troops", "deployments")
    raw = pd.read_parquet(shared_data / FILE)
    assert len(deployed) == len(raw) == 29629
    assert not deployed.duplicated(["ccode", "year", "quarter"]).any()
    # troopdata codes Germany 260 in every year (its G-W code), not COW 255 after 1990
    germany = deployed[(deployed["ccode"] == 260) & (deployed["year"] == 2000)]
    japan = deployed[(deployed["ccode"] == 740) & (deployed["year"] == 2000)]
    # tens of thousands of US troops in Germany and Japan in 2000
    assert germany["troops_ad"].min() > 50_000 and japan["troops_ad"].min() > 30_000
    assert set(deployed.loc[deployed["ccode"] >= 1000, "countryname"]) >= {"Guam", "Greenland"}


def test_unknown_host_code_is_refused(shared_data, tmp_path, store):
    raw = pd.read_parquet(shared_data / FILE)
    raw.loc[6, "ccode"] = 999
    bad = tmp_path / "troopdata_rebuild_long.parquet"
    raw.to_parquet(bad)
    with pytest.raises(DataFormatError, match=r"row 7.*column ccode: 999 is not a COW"):
        import_source("troops", bad, store)
    assert not store.has("troops")
