"""ATOP's directed dyad-years: the official layout and peacesciencer's, into one table."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source
from foedus.sources.atop_ddyr import read

FLAGS = ["defense", "offense", "neutral", "nonagg", "consul"]


def official(tmp_path, **changes) -> str:
    """An ``atop5_1ddyr.csv`` in the codebook's §2.7 layout: the 1855 guarantee of Sweden
    (ATOP 1240: Britain and France defend Sweden, all consult)."""
    rows = []
    for a, b in ((200, 220), (220, 200), (200, 380), (380, 200), (220, 380), (380, 220)):
        defense = int(b == 380)
        rows.append(
            {
                "ddyad": a * 1000 + b,
                "year": 1856,
                "atopally": 1,
                "defense": defense,
                "offense": 0,
                "neutral": 0,
                "nonagg": 0,
                "consul": 1,
                "shareob": None,
                "transyr": 0,
                "bilatno": 0,
                "multino": 1,
                "number": 1,
                "asymm": 1,
                "atopid1": 1240,
                "atopid2": 1255 if (a, b) == (200, 220) else None,
                "atopid3": None,
                "stateA": a,
                "stateB": b,
                "version": "5.1",
            }
        )
    frame = pd.DataFrame(rows)
    for column, (i, value) in changes.items():
        frame.loc[i, column] = value
    path = tmp_path / "atop5_1ddyr.csv"
    frame.to_csv(path, index=False)
    return path


def test_official_layout(tmp_path):
    ddyr = read(official(tmp_path))["ddyr"]
    assert list(ddyr.columns) == ["ccode1", "ccode2", "year", *FLAGS, "atopids"]
    uk_fr = ddyr[(ddyr["ccode1"] == 200) & (ddyr["ccode2"] == 220)].iloc[0]
    assert (uk_fr["defense"], uk_fr["consul"], uk_fr["atopids"]) == (0, 1, [1240, 1255])
    uk_se = ddyr[(ddyr["ccode1"] == 200) & (ddyr["ccode2"] == 380)].iloc[0]
    assert (uk_se["defense"], uk_se["atopids"]) == (1, [1240])


def test_bad_rows_are_named_and_leave_the_store_unchanged(tmp_path, store):
    with pytest.raises(DataFormatError, match=r"row 2 \(line 3\), column defense: 2"):
        import_source("atop_ddyr", official(tmp_path, defense=(1, 2)), store)
    assert not store.has("atop_ddyr")
    with pytest.raises(DataFormatError, match=r"row 1 .*200->200 in 1856 is impossible"):
        read(official(tmp_path, stateB=(0, 200)))


def test_peacesciencer_form(shared_data):
    ddyr = read(shared_data / "peacesciencer/atop_alliance.parquet")["ddyr"]
    assert len(ddyr) == 273_296  # PROVENANCE.md
    assert (ddyr["year"].min(), ddyr["year"].max()) == (1815, 2018)
    keyed = ddyr.set_index(["ccode1", "ccode2", "year"])
    # ATOP 1205: Brazil and Argentina guarantee Uruguay, not each other
    assert keyed.loc[(140, 160, 1860), "defense"] == 0
    assert keyed.loc[(140, 165, 1860), "defense"] == 1
    assert keyed.loc[(2, 200, 1950), "defense"] == 1  # NATO
    # in 492 directed dyad-years a state owes a defense pledge its partner does not owe back
    back = ddyr.merge(
        ddyr,
        left_on=["ccode2", "ccode1", "year"],
        right_on=["ccode1", "ccode2", "year"],
        suffixes=("", "_back"),
    )
    assert int(((back["defense"] == 1) & (back["defense_back"] == 0)).sum()) == 492
