"""MME importer (troopdata's mme_long): exercise-country-years with G-W codes."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source

FILE = "troopdata/mme_long.parquet"


def test_rows_and_a_known_exercise(shared_data, store):
    import_source("mme", shared_data / "troopdata", store)
    exercises = store.table("mme", "exercises")
    raw = pd.read_parquet(shared_data / FILE)
    assert len(exercises) == len(raw) == 13818
    assert exercises["mmeid"].nunique() == raw["MMEID"].nunique()
    assert (exercises["year"].min(), exercises["year"].max()) == (1980, 2010)
    # Deterrent Force 1/80: a NATO naval exercise in the Mediterranean, Canada among 7
    canada = exercises[(exercises["mmeid"] == "mme100") & (exercises["gwcode"] == 20)]
    assert canada["ex_name"].tolist() == ["Deterrent Force 1/80"]
    assert canada["participant_count"].tolist() == [7]
    assert exercises["country"].notna().sum() == (raw["country"] != "-9").sum()


def test_bad_gw_code_is_refused(shared_data, tmp_path, store):
    raw = pd.read_parquet(shared_data / FILE)
    raw.loc[10, "gwcode"] = 999
    bad = tmp_path / "mme_long.parquet"
    raw.to_parquet(bad)
    with pytest.raises(DataFormatError, match=r"mme_long.parquet row 11.*column gwcode: 999"):
        import_source("mme", bad, store)
    assert not store.has("mme")
