"""The one ATOP dyad rule: common-day partners, the obligor's pledges, ATOP's directed coding."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.dyads import atop_ties, undirected
from foedus.errors import FoedusError

T = pd.Timestamp
FLAGS = ("defense", "offense", "neutral", "nonagg", "consul")


def members() -> pd.DataFrame:
    """ATOP 2225-like guarantee (codebook §2.6): Britain and France pledge to defend Sweden
    (1855-11-21), all three consult; a second alliance whose members never overlap."""
    return pd.DataFrame(
        {
            "atopid": [1, 1, 1, 2, 2],
            "phase": [1, 1, 1, 1, 1],
            "member": [200, 220, 380, 200, 255],
            "entry": [T("1855-11-21")] * 3 + [T("1860-01-01"), T("1861-06-01")],
            "exit": [T("1857-06-30")] * 3 + [T("1861-03-01"), pd.NaT],
            "defense": [1, 1, 0, 0, 0],
            "offense": [0] * 5,
            "neutral": [0] * 5,
            "nonagg": [0, 0, 0, 1, 1],
            "consul": [1, 1, 1, 0, 0],
            "obvary": [1, 1, 0, 0, 0],
        }
    )


def coding() -> pd.DataFrame:
    """ATOP's directed coding of the guarantee: only the guarantors owe defense; in 1857
    the coding has Britain and Sweden consult only."""
    rows = []
    for year in (1855, 1856, 1857):
        for a, b in ((200, 220), (220, 200), (380, 200), (380, 220), (200, 380), (220, 380)):
            defense = int(b == 380 and not (year == 1857 and a == 200))
            rows.append((a, b, year, defense, 0, 0, 0, 1))
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", *FLAGS])


def tie(frame: pd.DataFrame, a: int, b: int, year: int) -> pd.Series:
    hit = frame[(frame["ccode1"] == a) & (frame["ccode2"] == b) & (frame["year"] == year)]
    assert len(hit) == 1, (a, b, year)
    return hit.iloc[0]


def test_member_rule_alone_pairs_every_partner():
    ties = atop_ties(members(), last_day="2018-12-31")
    assert tie(ties, 200, 220, 1856)["defense"] == 1  # the member flag: a superset
    assert tie(ties, 380, 200, 1856)[["defense", "consul"]].tolist() == [0, 1]
    # Britain left alliance 2 on 1861-03-01, Germany joined on 1861-06-01: never partners
    assert not ((ties["ccode1"] == 200) & (ties["ccode2"] == 255)).any()


def test_directed_coding_restricts_obligor_to_beneficiary():
    ties = atop_ties(members(), coding(), last_day="2018-12-31")
    assert tie(ties, 200, 220, 1856)[["defense", "consul"]].tolist() == [0, 1]
    assert tie(ties, 200, 380, 1856)["defense"] == 1
    assert tie(ties, 200, 380, 1857)["defense"] == 0  # the coding denies it in 1857
    either = undirected(ties)
    assert tie(either, 220, 380, 1857)["defense"] == 1  # France still owes Sweden
    assert tie(either, 200, 380, 1857)["defense"] == 0
    assert tie(either, 200, 220, 1856)["defense"] == 0


def test_day_level_spells_are_cut_where_the_coding_changes():
    days = atop_ties(members(), coding(), level="day", last_day="2018-12-31")
    uk_sweden = days[(days["obligor"] == 200) & (days["beneficiary"] == 380)]
    assert uk_sweden[["start", "end", "defense"]].values.tolist() == [
        [T("1855-11-21"), T("1856-12-31"), 1],
        [T("1857-01-01"), T("1857-06-30"), 0],
    ]
    plain = atop_ties(members(), level="day", last_day="2018-12-31")
    assert len(plain) == 6  # three members of alliance 1, both orders; alliance 2 none
    assert set(plain.loc[plain["obligor"] == 200, "obvary"]) == {1}


def test_bad_input_is_named():
    with pytest.raises(FoedusError, match="level 'week' is unknown; accepted: day, year"):
        atop_ties(members(), level="week")
    with pytest.raises(FoedusError, match="members lacks column 'entry'"):
        atop_ties(members().drop(columns="entry"))
    with pytest.raises(FoedusError, match="coding lacks column 'defense'"):
        atop_ties(members(), coding().drop(columns="defense"))
