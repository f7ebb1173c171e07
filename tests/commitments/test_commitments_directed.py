"""Directed ATOP obligations (issue 13 items 1 and 6): the commitment model follows ATOP's
directed dyad-year coding, and each arrangement is listed once."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from foedus.commitments import ATOP_SOURCE, atop_obligations, obligations_on, who_defends
from foedus.vocab import ATOP_FLAGS
from tests.realdata import imported_store


@pytest.fixture(scope="module")
def directed_store(shared_data, tmp_path_factory):
    return imported_store(
        tmp_path_factory,
        shared_data,
        {"atop": "atop", "atop_ddyr": "peacesciencer/atop_alliance.parquet"},
    )


def test_no_directed_obligation_the_directed_coding_denies(directed_store, shared_data):
    ob = atop_obligations(directed_store)
    coding = pd.read_parquet(shared_data / "peacesciencer" / "atop_alliance.parquet")
    coding = coding.rename(columns={c: c.removeprefix("atop_") for c in coding.columns})
    checked = 0
    for kind, flag in ATOP_FLAGS.items():
        rows = ob[ob["type"] == kind]
        first = rows["start"].dt.year.to_numpy()
        last = rows["end"].dt.year.fillna(2018).to_numpy(np.int64)  # open: ATOP's last year
        n = last - first + 1
        years = pd.DataFrame(
            {
                "ccode1": np.repeat(rows["obligor"].to_numpy(), n),
                "ccode2": np.repeat(rows["beneficiary"].to_numpy(), n),
                "year": np.concatenate(
                    [np.arange(a, b + 1) for a, b in zip(first, last, strict=True)]
                ),
            }
        )
        listed = coding.loc[coding[flag] == 1, ["ccode1", "ccode2", "year"]].drop_duplicates()
        found = years.merge(listed, how="left", indicator=True)
        denied = found[found["_merge"] == "left_only"]
        assert denied.empty, (kind, denied.head().to_dict("records"))
        assert years["year"].between(1815, 2018).all()
        checked += len(years)
    assert checked > 100_000  # every obligation-year 1815-2018 was checked


def test_brazil_does_not_defend_argentina_in_1860(directed_store):
    table = who_defends("Argentina", on="1860-06-01", store=directed_store)
    assert 140 not in set(table["defender_ccode"])  # Brazil
    both = obligations_on("1860-06-01", store=directed_store)
    guarantee = both[(both["atop_id"] == 1205) & (both["type"] == "defense")]
    # Brazil and Argentina guarantee Uruguay (165); neither owes the other
    assert set(guarantee["beneficiary"]) == {165}
    assert {140, 160} <= set(guarantee["obligor"])


def test_a_later_member_is_bound_from_its_accession_not_atops_signature_date(directed_store):
    # ATOP 5.1 dates Spain's NATO entry 1981-12-10 (the accession protocol's signature);
    # Spain deposited its instrument of accession on 1982-05-30
    coded = atop_obligations(directed_store)
    spain = coded[(coded["atop_id"] == 3180) & (coded["obligor"] == 230)]
    assert spain["start"].min() == pd.Timestamp("1981-12-10")
    falklands = who_defends("United Kingdom", on="1982-04-02", store=directed_store)
    nato = falklands[falklands["arrangement_id"] == "atop:3180"]
    assert 230 not in set(nato["defender_ccode"]) and 2 in set(nato["defender_ccode"])
    later = who_defends("United Kingdom", on="1982-06-01", store=directed_store)
    row = later[(later["arrangement_id"] == "atop:3180") & (later["defender_ccode"] == 230)]
    assert len(row) == 1 and "from 1981-12-10" in row["dates"].iat[0]
    assert "a party from 1982-05-30" in row["dates"].iat[0]
    # nor is the United Kingdom bound toward Spain before the accession
    toward = who_defends("Spain", on="1982-04-02", store=directed_store)
    assert "atop:3180" not in set(toward["arrangement_id"])
    # founding members keep ATOP's dates
    us = coded[(coded["atop_id"] == 3180) & (coded["obligor"] == 2)]["start"].min()
    assert us == pd.Timestamp("1949-04-04")


def test_estonia_at_the_end_of_atop_lists_each_arrangement_once(directed_store):
    table = who_defends("Estonia", on="2018-12-31", store=directed_store)
    per_name = table.groupby("arrangement")["arrangement_id"].nunique()
    assert (per_name == 1).all(), per_name
    assert table.groupby("arrangement_id")["arrangement"].nunique().eq(1).all()
    assert not table.duplicated(["arrangement", "defender_ccode"]).any()
    names = set(table["arrangement"])
    assert not any(n.startswith("ATOP ") for n in names)
    eu = table[table["arrangement"].str.contains("European Union")]
    nato = table[table["arrangement"] == "North Atlantic Treaty Organization"]
    assert len(eu) == 27 and len(nato) == 28  # the other EU members and NATO allies, 2018
    assert set(table["source"]) == {ATOP_SOURCE}
    assert table.attrs["atop_last_day"] == dt.date(2018, 12, 31)
    # the next day the built-in set alone answers, still one row per ally and arrangement
    after = who_defends("Estonia", on="2019-01-01", store=directed_store)
    assert not after.duplicated(["arrangement", "defender_ccode"]).any()
    assert after.attrs["sources"] == ["built-in"]


def test_atop_alliances_without_a_twin_get_readable_names(directed_store):
    ob = atop_obligations(directed_store)
    names = ob.drop_duplicates("atop_id").set_index("atop_id")["arrangement_name"]
    assert not names.str.startswith("ATOP ").any()
    assert names[1205] == "Brazil-Argentina-Uruguay alliance of 1859"
    assert names[3180] == "North Atlantic Treaty Organization"
