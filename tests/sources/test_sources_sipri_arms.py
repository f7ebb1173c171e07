"""SIPRI TIV dyad-year importer (Gannon's panel of the SIPRI Arms Transfers Database)."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source

FILE = "sipri_arms/sipri_tiv_dyad_year_gannon.parquet"


def test_rows_and_a_known_flow(shared_data, store):
    import_source("sipri_arms", shared_data / "sipri_arms", store)
    tiv = store.table("sipri_arms", "tiv")
    raw = pd.read_parquet(shared_data / FILE)
    assert len(tiv) == len(raw) == 81335
    assert (tiv["year"].min(), tiv["year"].max()) == (1970, 2014)
    assert tiv["value"].sum() == pytest.approx(raw["value"].sum())
    # the United States is the largest supplier in the panel
    by_supplier = tiv.groupby("ccode1")["value"].sum()
    assert by_supplier.idxmax() == 2


def test_missing_column_and_negative_value_are_refused(shared_data, tmp_path, store):
    raw = pd.read_parquet(shared_data / FILE)
    bad = tmp_path / "sipri_tiv_dyad_year_gannon.parquet"
    raw.drop(columns="receiver").to_parquet(bad)
    with pytest.raises(DataFormatError, match="required column 'receiver' is missing"):
        import_source("sipri_arms", bad, store)
    raw.loc[2, "value"] = -5.0
    raw.to_parquet(bad)
    with pytest.raises(DataFormatError, match=r"row 3.*column value: -5.0 is negative"):
        import_source("sipri_arms", bad, store)
    assert not store.has("sipri_arms")
