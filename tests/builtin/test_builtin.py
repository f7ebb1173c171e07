"""The built-in reference set: coverage, validation, and agreement with ATOP 5.1."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from foedus import builtin
from foedus.arrangements import members
from foedus.builtin import parse
from foedus.errors import DataFormatError


@pytest.fixture(scope="module")
def catalog() -> builtin.Catalog:
    return builtin.load()


def test_at_least_40_arrangements_of_every_kind(catalog):
    assert len(catalog.arrangements) >= 40
    kinds = {k for ks in catalog.arrangements["kinds"] for k in ks}
    assert kinds == set(builtin.KINDS)


def test_every_row_has_a_source(catalog):
    assert catalog.arrangements["source"].str.len().min() > 0
    assert catalog.members["source"].str.len().min() > 0


def test_historical_and_current_named_arrangements(catalog):
    ids = set(catalog.arrangements["id"])
    for wanted in (
        "dual_alliance_1879",
        "pact_of_steel_1939",
        "warsaw_pact",
        "seato",
        "cento",
        "rio_treaty",
        "anzus",
        "nato",
        "eu_mutual_assistance",
        "csto",
        "us_japan_security_treaty",
        "us_rok_mutual_defense_treaty",
        "us_philippines_mutual_defense_treaty",
        "china_dprk_treaty_1961",
        "russia_dprk_treaty_2024",
        "five_eyes",
        "aukus",
        "quad",
        "jef",
        "nordefco",
        "pesco",
        "sco",
        "african_standby_force",
        "admm",
        "nato_iamd",
        "aegis_bmd_us_japan",
    ):
        assert wanted in ids, wanted


def test_nato_accessions():
    nato = members("NATO", on="2024-06-01").set_index("ccode")
    assert len(nato) == 32
    assert nato.loc[375, "joined"] == pd.Timestamp("2023-04-04")
    assert nato.loc[380, "joined"] == pd.Timestamp("2024-03-07")
    assert len(members("NATO", on="1949-08-24")) == 12


def test_article5_invocation_and_article4_consultations(catalog):
    events = catalog.events[catalog.events["arrangement"] == "nato"]
    art5 = events[events["clause"].str.contains("Art. 5")]
    assert list(art5["date"]) == [dt.date(2001, 9, 12)]
    art4 = events[events["clause"].str.contains("Art. 4")]
    assert len(art4) >= 7
    assert dt.date(2022, 2, 24) in set(art4["date"])


def _doc(**overrides) -> dict:
    doc = {
        "id": "bad",
        "name": "Bad",
        "kinds": ["defense_pact"],
        "signed": dt.date(2000, 1, 1),
        "source": "test",
        "members": [{"state": "USA", "joined": dt.date(2000, 1, 1)}],
    }
    return doc | overrides


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"obligations": [{"type": "telepathy", "clause": "Art. 1"}]},
            r"bad.toml, arrangement bad: obligations\[0\].type 'telepathy'",
        ),
        (
            {
                "members": [
                    {"state": "USA", "joined": dt.date(2000, 1, 1), "left": dt.date(1999, 1, 1)}
                ]
            },
            "left 1999-01-01 is before joined",
        ),
        ({"members": [{"state": "ATL", "joined": dt.date(2000, 1, 1)}]}, r"members\[0\].*'ATL'"),
        ({"kinds": ["friendship"]}, r"bad.toml, arrangement bad: kinds \['friendship'\] invalid"),
        ({"id": "other"}, "id 'other' must equal the file name"),
        (
            {
                "obligations": [
                    {"type": "defense", "clause": "1", "conditions": {"location": ["x"]}}
                ]
            },
            r"obligations\[0\].conditions.location 'x' unknown; accepted: .*state:<COW",
        ),
        (
            {
                "obligations": [
                    {"type": "offense", "clause": "1", "conditions": {"location": ["state:ATL"]}}
                ]
            },
            r"obligations\[0\].conditions.location: .*'ATL'",
        ),
    ],
)
def test_malformed_arrangement_names_file_and_value(overrides, message):
    with pytest.raises(DataFormatError, match=message):
        builtin._parse_arrangement(_doc(**overrides), "bad.toml")


def _atop_members_at(member: pd.DataFrame, atopid: int, when: pd.Timestamp) -> set[int]:
    rows = member[member["atopid"] == atopid]
    entry = pd.to_datetime(
        dict(year=rows.yrent, month=rows.moent.clip(lower=1), day=rows.dayent.clip(lower=1))
    )
    exit_year = rows.yrexit.where(rows.yrexit > 0, 9999).clip(upper=2200)
    exit_ = pd.to_datetime(
        dict(year=exit_year, month=rows.moexit.clip(lower=1), day=rows.dayexit.clip(lower=1))
    )
    return set(rows.loc[(entry <= when) & (exit_ >= when), "member"].astype(int))


# members the built-in set lists from a public source and ATOP 5.1 does not (ATOP id ->
# COW codes), each explained in the arrangement file's member note
KNOWN_TO_DIFFER = {
    3205: {435},  # Mauritania, in the Arab League since 1973
    1400: {200, 235},  # the Anglo-Portuguese Alliance: ATOP ends it in 1949; never denounced
}


def test_membership_matches_atop_at_end_of_2018(shared_data, catalog):
    """Where ATOP 5.1 codes the same alliance, membership on 2018-12-31 must agree.

    Several built-in files may map to one ATOP alliance (SEATO 1955-1977 and the Manila
    Pact between the United States and Thailand after it): their members are pooled.
    """
    member = pd.read_csv(shared_data / "atop" / "atop5_1m.csv")
    when = pd.Timestamp("2018-12-31")
    covered = catalog.arrangements.dropna(subset=["atop_id"])
    differences = []
    for atop_id, group in covered.groupby("atop_id"):
        atop = _atop_members_at(member, int(atop_id), when)
        ours: set[int] = set()
        for _, arrangement in group.iterrows():
            ended = arrangement["ended"] is not None and arrangement["ended"] < when.date()
            if not ended:
                # a suspended participation (New Zealand in ANZUS) is an exit in ATOP
                table = members(arrangement["id"], on=when.date())
                ours |= set(table.loc[~table["suspended"], "ccode"])
        atop |= KNOWN_TO_DIFFER.get(int(atop_id), set()) & ours
        if atop != ours:
            differences.append(
                f"{'/'.join(group['id'])}: only built-in {sorted(ours - atop)}, "
                f"only ATOP {sorted(atop - ours)}"
            )
    assert len(covered) >= 15
    assert differences == []


def test_invocations_name_the_attacked_state_and_the_cow_war(catalog):
    events = catalog.events.set_index("id")
    assert events.loc["nato-art5-2001", "attacked"] == (2,)
    assert events.loc["nato-art5-2001", "cow_war"] == 225
    assert events.loc["anzus-art4-2001", "requested_by"] == (900,)
    text = 'events = [{id = "e", arrangement = "nato", date = 2001-09-12, type = "invocation", '
    with pytest.raises(DataFormatError, match=r"event e \(events\[0\]\): cow_war 0; accepted"):
        parse.parse_events(text + 'cow_war = 0, source = "s"}]', {"nato"})
    with pytest.raises(DataFormatError, match=r"events\[0\].cow_war = 'x' is not an integer"):
        parse.parse_events(text + 'cow_war = "x", source = "s"}]', {"nato"})


def test_war_theatres_name_regions_and_sources():
    theatres = builtin.war_theatres()
    assert theatres[202] == ("south_america",)  # the Falklands
    assert theatres[139] == tuple(
        sorted(
            [
                "africa",
                "east_asia",
                "europe",
                "middle_east",
                "oceania",
                "south_asia",
                "southeast_asia",
            ]
        )
    )
    bad = pd.DataFrame({"warnum": [202], "war": ["x"], "regions": ["atlantis"], "source": ["s"]})
    with pytest.raises(DataFormatError, match=r"war_theatres.csv: war 202 regions \['atlantis'\]"):
        builtin._parse_war_theatres(bad)
