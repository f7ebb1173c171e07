"""The built-in set read as a treaty lawyer reads it (issue 13): dated clauses, suspended
participation, attacks by fellow members, per-party reservations, treaty areas, and the
arrangements that were missing."""

from __future__ import annotations

import datetime as dt

import pytest
from cli_helpers import invoke

from foedus import builtin
from foedus.arrangements import events, members
from foedus.builtin import places
from foedus.commitments import obligations_on, who_defends

TAIWAN, USA, JAPAN, ROK = 713, 2, 740, 732


def _rows(on: str, arrangement: str):
    table = obligations_on(on, sources="built-in")
    return table[table["arrangement"] == arrangement]


def test_taiwan_is_defended_in_1958_and_not_after_1979(store):
    crisis = who_defends("Taiwan", on="1958-08-23", store=store)
    assert crisis[["defender_ccode", "arrangement_id"]].values.tolist() == [
        [USA, "us_roc_mutual_defense_treaty_1954"]
    ]
    assert crisis.attrs["sources"] == ["built-in"]
    assert who_defends("Taiwan", on="1980-01-01", store=store)["defender_ccode"].tolist() == [USA]
    assert who_defends("Taiwan", on="1980-01-02", store=store).empty
    assert who_defends("Taiwan", on="1955-03-02", store=store).empty  # before entry into force


def test_the_declaration_of_london_binds_from_its_own_date():
    assert _rows("1914-07-28", "triple_entente")["clause"].str.contains("London").sum() == 0
    london = _rows("1914-09-05", "triple_entente")
    assert london["clause"].str.contains("Declaration of London").sum() == 6  # 3 x 2 pairs
    grey_cambon = _rows("1912-11-21", "entente_cordiale_1904")
    assert not grey_cambon["clause"].str.contains("Grey-Cambon").any()
    assert _rows("1912-11-22", "entente_cordiale_1904")["clause"].str.contains("Grey").any()


@pytest.mark.parametrize(
    ("on", "clauses"),
    [
        ("1903-01-01", {"(1902), Art. II", "(1902), Art. III"}),
        ("1908-01-01", {"(1905), Art. II"}),
        ("1914-08-23", {"(1911), Arts. II and IV"}),
    ],
)
def test_the_anglo_japanese_texts_follow_each_other(on, clauses):
    table = _rows(on, "anglo_japanese_alliance_1902")
    pledged = table.loc[table["type"] != "consultation", "clause"]
    assert {c.removeprefix("Anglo-Japanese Agreement ") for c in pledged} == clauses


def test_the_triple_alliance_renewal_clauses_start_in_1887():
    before = _rows("1886-01-01", "triple_alliance_1882")
    after = _rows("1888-01-01", "triple_alliance_1882")
    assert not before["clause"].str.contains("1887").any()
    offense = after[after["type"] == "offense"]
    assert offense[["obligor", "beneficiary"]].values.tolist() == [[255, 325]]  # Germany→Italy


def test_suspended_participation_is_a_column_not_an_exit():
    csto = _rows("2024-06-01", "csto")
    armenia = csto[(csto["obligor"] == 371) | (csto["beneficiary"] == 371)]
    assert len(armenia) > 0 and armenia["suspended"].all()
    assert not csto.loc[~csto.index.isin(armenia.index), "suspended"].any()
    assert not _rows("2023-06-01", "csto")["suspended"].any()
    anzus = _rows("2000-01-01", "anzus").set_index(["obligor", "beneficiary", "type"])
    assert anzus.loc[(USA, 920, "defense"), "suspended"]  # United States - New Zealand
    assert not anzus.loc[(900, 920, "defense"), "suspended"]  # Australia - New Zealand
    libya = _rows("2011-05-01", "arab_league_joint_defence")
    assert libya.loc[libya["beneficiary"] == 620, "suspended"].all()
    assert not _rows("2011-09-01", "arab_league_joint_defence")["suspended"].any()
    table = members("CSTO", on="2024-06-01").set_index("ccode")
    assert table.loc[371, "suspended"] and not table.loc[365, "suspended"]


def test_who_defends_reports_a_suspended_pledge(store, monkeypatch):
    table = who_defends("Armenia", on="2024-06-01", store=store)
    csto = table[table["arrangement_id"] == "csto"]
    assert len(csto) == 5 and csto["suspended"].all()
    result = invoke("who-defends Armenia --on 2024-06-01 -f csv", monkeypatch)
    assert result.code == 0
    assert "suspended on 2024-06-01" in result.err and "source: the built-in reference set" in (
        result.err
    )


def test_attacks_by_fellow_members_are_read_from_the_text():
    table = obligations_on("1995-01-01", sources="built-in")
    defense = table[table["type"] == "defense"].groupby("arrangement")["against_members"].all()
    assert defense["rio_treaty"] and defense["arab_league_joint_defence"]
    assert not defense["nato"] and defense["csto"]  # Art. 4: "by any state or group of states"
    ob = builtin.load().obligations.set_index(["arrangement", "type"])
    assert "Art. 7" in ob.loc[("rio_treaty", "defense"), "against_members_source"]
    assert table["against_members"].dtype == bool
    # a guarantee of frontiers between members covers exactly an attack by a member
    locarno = obligations_on("1930-01-01", sources="built-in")
    locarno = locarno[(locarno["arrangement"] == "locarno_1925") & (locarno["type"] == "defense")]
    assert locarno["against_members"].all()
    stated = builtin.load().obligations
    stated = stated[stated["type"] == "defense"]
    assert (stated["against_members_source"] != "").sum() >= 52  # of 60 defense clauses
    bilateral = stated[stated["arrangement"] == "us_japan_security_treaty"]
    assert bilateral["against_members_source"].str.startswith("a bilateral treaty").all()


# every multilateral defence clause states, from its text, whether it covers an attack by a
# fellow member; these eight were read in the issue-13 follow-up (the article is cited)
FELLOW_MEMBERS = {
    "au_nonaggression_common_defence_pact": (True, "Art. 1(c)"),
    "balkan_pact_1934": (False, "Protocol-Annex"),
    "csto": (True, "Art. 4"),
    "eu_mutual_assistance": (False, "Art. 42(7)"),
    "gcc_joint_defence": (False, "Art. 2"),
    "quadruple_alliance_1815": (False, "Arts. III-IV"),
    "warsaw_pact": (True, "Art. 4"),
    "western_european_union": (False, "Art. IV"),
}


def test_multilateral_defence_clauses_say_whether_a_member_attack_counts():
    cat = builtin.load()
    parties = cat.members.groupby("arrangement")["cow_code"].nunique()
    defense = cat.obligations[cat.obligations["type"] == "defense"]
    multilateral = defense[defense["arrangement"].map(parties) > 2]
    assert len(multilateral) >= 27 and (multilateral["against_members_source"] != "").all()
    read = multilateral.set_index("arrangement")
    for arrangement, (covers, article) in FELLOW_MEMBERS.items():
        row = read.loc[arrangement]
        assert bool(row["against_members"]) is covers, arrangement
        assert article in row["against_members_source"], arrangement
        silent = row["against_members_source"].startswith("The text is silent")
        assert silent <= (not covers), arrangement  # silence: the conservative reading
    assert "by any state or group of states" in read.loc["warsaw_pact", "against_members_source"]


def test_the_anglo_portuguese_alliance_is_atop_1400():
    cat = builtin.load().arrangements.set_index("id")
    assert cat.loc["anglo_portuguese_alliance", "atop_id"] == 1400  # Declaration of Windsor
    assert "ATOP 1400" in cat.loc["anglo_portuguese_alliance", "scope"]


def test_treaty_areas_limit_the_japan_and_korea_pledges():
    table = obligations_on("2024-06-01", sources="built-in")
    us_japan = table[table["arrangement"] == "us_japan_security_treaty"]
    japan_to_us = us_japan[(us_japan["obligor"] == JAPAN) & (us_japan["type"] == "defense")]
    (area,) = japan_to_us["cond_location"].iloc[0]
    assert area == "japan_administered"
    assert not places.covers(area, "state:ROK", dt.date(2024, 6, 1))
    assert not places.covers(area, "state:USA", dt.date(2024, 6, 1))
    korea = table[(table["arrangement"] == "us_rok_mutual_defense_treaty")]
    korea = korea[korea["type"] == "defense"].set_index("obligor")
    assert places.covers(korea.loc[USA, "cond_location"][0], "state:ROK")
    assert not places.covers(korea.loc[ROK, "cond_location"][0], "state:USA")
    assert places.covers(korea.loc[ROK, "cond_location"][0], "guam")
    # the US Senate understanding limits the US pledge only
    assert "US understanding" in korea.loc[USA, "cond_other"]
    assert "US understanding" not in korea.loc[ROK, "cond_other"]
    nato = table[(table["arrangement"] == "nato") & (table["type"] == "defense")]
    assert set(nato["cond_location"]) == {("nato_art6",)}
    assert not places.covers("nato_art6", "falklands", dt.date(1982, 4, 2))


def test_a_pledge_that_waits_for_another_party():
    table = _rows("1936-06-01", "soviet_czechoslovak_treaty_1935")
    defense = table[table["type"] == "defense"]
    assert set(defense["cond_after"]) == {(220,)}  # only once France has acted


def test_the_missing_arrangements_are_there_with_sources():
    table = builtin.load().arrangements.set_index("id")
    wanted = {
        "us_roc_mutual_defense_treaty_1954": ("1954-12-02", "1955-03-03", "1980-01-01", 3270),
        "treaty_of_dunkirk_1947": ("1947-03-04", "1947-09-08", "1997-09-08", 3055),
        "balkan_pact_1953": ("1953-02-28", "1953-02-28", "1974-08-09", 3230),
        "sadc_mutual_defence_pact": ("2003-08-26", "2003-08-26", None, 4985),
        "ecowas_mutual_assistance_defence_1981": ("1981-05-29", "1981-05-29", None, 3895),
        "pakistan_saudi_smda_2025": ("2025-09-17", "2025-09-17", None, None),
        "france_poland_nancy_2025": ("2025-05-09", "2025-05-09", None, None),
        "soviet_finnish_treaty_1948": ("1948-04-06", "1948-05-31", "1992-01-20", 3140),
        "soviet_egyptian_treaty_1971": ("1971-05-27", "1971-05-27", "1976-03-15", 3670),
        "indo_soviet_treaty_1971": ("1971-08-09", "1971-08-18", "1993-01-28", 3675),
        "soviet_vietnamese_treaty_1978": ("1978-11-03", "1978-12-13", "1994-06-16", 3825),
        "russia_belarus_security_guarantees_2024": ("2024-12-06", "2024-12-06", None, None),
        "treaty_of_london_1839": ("1839-04-19", "1839-06-08", "1920-01-10", None),
        "anglo_portuguese_alliance": ("1373-06-16", "1373-06-16", None, 1400),
        "ukraine_security_agreements_2024": ("2024-01-12", "2024-01-12", None, None),
    }
    for aid, (signed, in_force, ended, atop_id) in wanted.items():
        row = table.loc[aid]
        assert str(row["signed"]) == signed and str(row["in_force"]) == in_force, aid
        assert (str(row["ended"]) if row["ended"] else None) == ended, aid
        assert (None if row["atop_id"] != row["atop_id"] else row["atop_id"]) == atop_id, aid
        assert len(row["source"]) > 40, aid
    ukraine = _rows("2024-12-01", "ukraine_security_agreements_2024")
    assert set(ukraine["type"]) == {"consultation"} and set(ukraine["beneficiary"]) == {369}
    assert len(ukraine) == 20
    belgium = who_defends("Belgium", on="1914-08-03")
    assert {200, 220, 255, 300, 365} <= set(belgium["defender_ccode"])


def test_new_events_and_members():
    table = events().set_index("id")
    assert table.loc["arab-league-1990-kuwait", "date"] == dt.datetime(1990, 8, 10)
    assert table.loc["csto-art4-2022-armenia", "type"] == "request"
    assert table.loc["rio-1982-argentina", "requested_by"] == ["Argentina"]
    assert table.loc["rio-2019-venezuela", "type"] == "consultation"
    arab = members("Arab League", on="1980-01-01")
    assert 435 in set(arab["ccode"])  # Mauritania, from 1973
    assert 435 not in set(members("Arab League", on="1970-01-01")["ccode"])


def test_who_defends_with_a_bad_state_is_one_line(store, monkeypatch):
    result = invoke("who-defends ²", monkeypatch)
    assert result.code == 2 and result.err.count("\n") == 1 and "unknown state" in result.err
