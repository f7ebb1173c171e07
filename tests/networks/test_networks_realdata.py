"""Networks on ATOP 5.1 with ATOP's directed coding: the defense layer equals the panels'
ATOP columns for every dyad-year 1816–2018 (one ATOP dyad rule), defense-pledge dyad counts
(Li et al. 2017), the 1914 network on a day and for the year."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from foedus import panels
from foedus.networks import network, network_metrics, network_ties, networks
from foedus.store import Store
from tests.cli_helpers import invoke
from tests.realdata import imported_store


@pytest.fixture(scope="module")
def atop(shared_data, tmp_path_factory) -> Store:
    return imported_store(
        tmp_path_factory,
        shared_data,
        {"atop": "atop", "atop_ddyr": "peacesciencer/atop_alliance.parquet"},
    )


@pytest.fixture(scope="module")
def defense(atop) -> pd.DataFrame:
    return network_ties("defense", (1816, 2018), atop)


def _keys(frame: pd.DataFrame) -> set[tuple[int, int, int]]:
    return set(
        zip(frame.ccode1.astype(int), frame.ccode2.astype(int), frame.year.astype(int), strict=True)
    )


def test_defense_layer_equals_the_panels_atop_defense_every_dyad_year(atop):
    """The Architecture issue's test: `foedus panel dyad-years --add atop` and `foedus
    network --layer defense` give the same defense ties for every dyad-year 1816–2018."""
    panel = panels.add_atop_alliance(panels.dyad_years((1816, 2018), store=atop), store=atop)
    theirs = _keys(panel[panel.atop_defense == 1])
    mine = {
        (int(a), int(b), net.year)
        for net in networks((1816, 2018), "defense", atop)
        for a, b in zip(net.edges.ccode1, net.edges.ccode2, strict=True)
    }
    assert len(theirs) > 60_000
    assert mine == theirs


def test_the_same_through_the_command_line(atop, monkeypatch, tmp_path):
    monkeypatch.setenv("FOEDUS_HOME", str(atop.home))
    for year in (1914, 1962, 2000):
        res = invoke(
            f"panel dyad-years --years {year} --add atop -o {tmp_path / 'p.parquet'}", monkeypatch
        )
        assert res.code == 0, res.err
        panel = pd.read_parquet(tmp_path / "p.parquet")
        res = invoke(
            f"network --years {year} --layer defense --export {tmp_path / 'n.json'} -f json",
            monkeypatch,
        )
        assert res.code == 0, res.err
        links = json.loads((tmp_path / "n.json").read_text())["links"]
        mine = {(min(e["source"], e["target"]), max(e["source"], e["target"])) for e in links}
        theirs = set(
            zip(
                panel.ccode1[panel.atop_defense == 1],
                panel.ccode2[panel.atop_defense == 1],
                strict=True,
            )
        )
        assert mine == {(int(a), int(b)) for a, b in theirs} and len(mine) > 10


def test_defense_pledge_dyads_1900_and_2000(defense):
    counts = defense.groupby("year").size()
    # Li et al. (2017) report 8 and 1,115 from an earlier ATOP; ATOP 5.1 gives 8 and 1,104
    assert counts[1900] == 8
    assert counts[2000] == 1104


def test_defense_dyads_match_atop_directed_dyad_years(defense, shared_data):
    """ATOP's hand-coded directed dyad-years (atop5_1ddyr, via peacesciencer), undirected."""
    ddy = pd.read_parquet(shared_data / "peacesciencer" / "atop_alliance.parquet")
    ddy = ddy[(ddy.atop_defense == 1) & ddy.year.between(1816, 2018)]
    theirs = set(
        zip(
            np.minimum(ddy.ccode1, ddy.ccode2),
            np.maximum(ddy.ccode1, ddy.ccode2),
            ddy.year,
            strict=True,
        )
    )
    assert len(theirs) > 60_000
    assert _keys(defense) == theirs


def test_defense_network_1914(atop):
    m = network_metrics((1914, 1914), "defense", atop).iloc[0]
    assert m["states"] == 45 and m["ties"] == 14
    assert m["blocs"] >= 3 and 0 < m["polarization"] <= 1


def test_network_on_a_day_leaves_out_later_treaties(atop):
    """28 July 1914 (Austria-Hungary declares war on Serbia) is before the German-Ottoman
    alliance of 2 August 1914; the year's network has it."""
    before = network(on="1914-07-28", layer="defense", store=atop)
    after = network(on="1914-08-05", layer="defense", store=atop)
    year = network(1914, "defense", atop)

    def pairs(net):
        return set(zip(net.edges.ccode1, net.edges.ccode2, strict=True))

    assert (255, 640) not in pairs(before) and (255, 640) in pairs(after)
    assert (255, 640) in pairs(year)
    assert pairs(before) <= pairs(year) and len(pairs(before)) == 9
    assert (220, 365) in pairs(before)  # the Franco-Russian alliance
    assert before.on == pd.Timestamp("1914-07-28") and before.when == "1914-07-28"


def test_valued_codes_match_atop_directed_dyad_years(atop, shared_data):
    """The 0-3 alliance code S uses, against the same code from ATOP's own dyad-years."""
    from foedus.alignment import alliance_codes
    from foedus.dyads import load_atop_ties

    ties_all = load_atop_ties(atop, level="year", directed=False)
    ties_all = ties_all[ties_all.year.between(1816, 2018)]
    ddy = pd.read_parquet(shared_data / "peacesciencer" / "atop_alliance.parquet")
    ddy = ddy[ddy.year.between(1816, 2018)]
    ddy = ddy.assign(
        ccode1=np.minimum(ddy.ccode1, ddy.ccode2), ccode2=np.maximum(ddy.ccode1, ddy.ccode2)
    )
    flags = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    theirs = ddy.groupby(["ccode1", "ccode2", "year"], as_index=False)[flags].max()
    theirs.columns = [
        "ccode1",
        "ccode2",
        "year",
        "defense",
        "offense",
        "neutral",
        "nonagg",
        "consul",
    ]
    both = ties_all.assign(code=alliance_codes(ties_all)).merge(
        theirs.assign(code=alliance_codes(theirs)),
        on=["ccode1", "ccode2", "year"],
        how="outer",
        suffixes=("", "_atop"),
    )
    both = both.fillna({"code": 0, "code_atop": 0})
    both = both[(both.code > 0) | (both.code_atop > 0)]
    assert len(both) > 130_000
    assert (both.code == both.code_atop).all()
