"""UNGA ideal points importer (Bailey, Strezhnev & Voeten 2017; July 2025 release)."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source

FILE = "unga_idealpoints/idealpoints_july2025.parquet"


def test_rows_and_known_values(shared_data, store):
    import_source("unga", shared_data / "unga_idealpoints", store)
    points = store.table("unga", "idealpoints")
    raw = pd.read_parquet(shared_data / FILE)
    assert len(points) == len(raw) == 11440
    assert list(points.columns) == [c.lower() for c in raw.columns]
    assert not points.duplicated(["ccode", "year"]).any()
    # the United States sits at the Western pole, far from the Soviet Union / Russia
    us, ussr = (points[(points["ccode"] == c) & (points["year"] == 1980)].iloc[0] for c in (2, 365))
    assert us["idealpointall"] > 1.5 and ussr["idealpointall"] < -1
    assert points.loc[points["year"] == 2024, "idealpointall"].isna().all()
    assert points.loc[points["year"] == 2024, "idealpointfp"].notna().all()


def test_text_in_a_number_column_is_refused(shared_data, tmp_path, store):
    raw = pd.read_parquet(shared_data / FILE).astype({"idealpointall": object})
    raw.loc[4, "idealpointall"] = "high"
    bad = tmp_path / "idealpoints.csv"
    raw.to_csv(bad, index=False)
    with pytest.raises(
        DataFormatError,
        match=r"idealpoints.csv.*line 6.*column idealpointall: "
        r"'high' is not a number",
    ):
        import_source("unga", bad, store)
    assert not store.has("unga")
