"""DCAD v1.0 importer: the main file as ``agreements`` and the derived ``dyadyears``."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source
from foedus.sources.dcad import dyad_years
from tests.realdata import imported_store

MAIN = "dcad/DCAD-v1.0-main.csv"


@pytest.fixture(scope="module")
def dcad(shared_data, tmp_path_factory):
    return imported_store(tmp_path_factory, shared_data, {"dcad": "dcad"})


def test_rows_and_columns_match_the_file(dcad, shared_data):
    raw = pd.read_csv(shared_data / MAIN)
    agreements = dcad.table("dcad", "agreements")
    assert len(agreements) == len(raw) == 1871
    assert list(agreements.columns) == [c.lower() for c in raw.columns]
    assert agreements["dcaid"].is_unique
    assert dcad.releases()["dcad"].rows == {
        "agreements": 1871,
        "dyadyears": len(dcad.table("dcad", "dyadyears")),
    }


def test_codebook_codes_are_kept(dcad):
    agreements = dcad.table("dcad", "agreements")
    # -77 = indefinite, -88 = indeterminate: codebook categories, not missing values
    assert {-77, -88} <= set(agreements["span"].dropna())
    assert set(agreements["terminated"]) == {-99, -88, 0, 1}


def test_us_poland_1995_agreement_in_force_to_2010(dcad):
    """USA–Poland sector agreement signed and in force 1995 (DCAD, high confidence)."""
    dy = dcad.table("dcad", "dyadyears")
    pair = dy[(dy["ccode1"] == 2) & (dy["ccode2"] == 290)].set_index("year")
    assert list(pair.index) == list(range(1995, 2011))
    assert (pair["dcasectorv1"] == 1).all() and (pair["dcageneralv2"] == 0).all()


def test_dyad_years_follow_the_documented_rule():
    agreements = pd.DataFrame(
        {
            "ccode1": [2, 2, 200],
            "ccode2": [20, 20, 220],
            "signyear": [1979, 1990, 2005],
            "eifyear": pd.array([None, 1992, None], dtype="Int64"),
            "endyearestimate": [1983, 2010, 2004],
            "type": ["general", "sector", "general"],
            "categoryconf": ["high", "low", "med"],
        }
    )
    dy = dyad_years(agreements).set_index("year")
    # signed before DCAD's first year: counted from 1980; second in force from EIF 1992;
    # the third ends before it starts and never counts
    assert list(dy.index) == [1980, 1981, 1982, 1983, *range(1992, 2011)]
    assert dy.loc[1980, "dcageneralv1"] == 1 and dy.loc[1992, "dcasectorv1"] == 0
    assert dy.loc[1992, "dcasectorv2"] == 1 and (dy["dca_count"] == 1).all()
    assert (dy["ccode1"] == 2).all()


def test_bad_file_names_row_and_column(shared_data, tmp_path, store):
    raw = pd.read_csv(shared_data / MAIN, dtype=str, keep_default_na=False)
    raw.loc[3, "signMonth"] = "13"
    bad = tmp_path / "DCAD-v1.0-main.csv"
    raw.to_csv(bad, index=False)
    with pytest.raises(DataFormatError, match=r"DCAD-v1.0-main.csv.*line 5.*column signmonth: 13"):
        import_source("dcad", bad, store)
    raw.loc[3, "signMonth"] = "4"
    raw.loc[7, "ccode2"] = "999"
    raw.to_csv(bad, index=False)
    with pytest.raises(DataFormatError, match=r"line 9.*column ccode2: 999 is not a COW"):
        import_source("dcad", bad, store)
    assert not store.has("dcad")


def test_whitespace_in_numeric_cells(shared_data, tmp_path, store):
    frame = pd.read_csv(shared_data / MAIN, dtype=str, keep_default_na=False)
    padded = frame.assign(signYear=frame["signYear"].where(frame.index != 5, " 1995 "))
    path = tmp_path / "DCAD-v1.0-main.csv"
    padded.to_csv(path, index=False)
    import_source("dcad", path, store)
    assert store.table("dcad", "agreements")["signyear"].iloc[5] == 1995
    blank = frame.assign(endYearEstimate=frame["endYearEstimate"].where(frame.index != 5, " "))
    blank.to_csv(path, index=False)
    expected = r"row 6 \(line 7\), column endyearestimate: empty; accepted: a value in every row"
    with pytest.raises(DataFormatError, match=expected):
        import_source("dcad", path, store)
