"""Reliability coder on small wars built in code: rounds, casus, verdicts, cases, aggregates."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from foedus import builtin
from foedus.commitments import COLUMNS
from foedus.errors import FoedusError
from foedus.reliability import (
    aggregate,
    case_honour_rates,
    code_cases,
    code_obligations,
    cow_theatre,
    entry_rounds,
    era_probabilities,
    later_wars,
    obligations_at_stake,
    published_comparison,
    war_conflicts,
    war_scenario,
)

# A toy war (COW codes, so names resolve): Austria-Hungary (300) attacks Serbia (345) on
# day 0; Russia (365) joins Serbia and Germany (255) joins Austria-Hungary on day 3;
# France (220) joins Serbia on day 5. Italy (325), the UK (200) and Romania (360) stay out.
D0 = pd.Timestamp("1914-07-28")
AH, SERBIA, RUSSIA, GERMANY, FRANCE, ITALY, UK, ROMANIA = 300, 345, 365, 255, 220, 325, 200, 360


def _participation(extra: list[tuple] = ()) -> pd.DataFrame:
    rows = [
        (AH, 2, 0, True),
        (SERBIA, 1, 0, False),
        (RUSSIA, 1, 3, False),
        (GERMANY, 2, 3, False),
        (FRANCE, 1, 5, False),
        *extra,
    ]
    return entry_rounds(
        pd.DataFrame(
            {
                "warnum": 1,
                "warname": "Toy War",
                "ccode": [r[0] for r in rows],
                "cow_side": [r[1] for r in rows],
                "entry": [D0 + pd.Timedelta(days=r[2]) for r in rows],
                "exit": D0 + pd.Timedelta(days=400),
                "initiator": [r[3] for r in rows],
            }
        )
    )


def _pledge(
    arrangement: int,
    kind: str,
    obligor: int,
    beneficiary: int,
    *,
    start: str = "1900-01-01",
    end: str | None = None,
    adversary: tuple = (),
    unspecified: tuple = (),
) -> dict:
    return {
        "source": "ATOP 5.1",
        "arrangement": f"atop:{arrangement}",
        "arrangement_name": f"ATOP {arrangement}",
        "atop_id": arrangement,
        "type": kind,
        "clause": f"ATOP 5.1 {kind.upper()} (phase 0)",
        "obligor": obligor,
        "beneficiary": beneficiary,
        "start": dt.date.fromisoformat(start),
        "end": dt.date.fromisoformat(end) if end else None,
        "cond_location": (),
        "cond_adversary": adversary,
        "cond_attackers_min": float("nan"),
        "cond_nonprovocation": False,
        "cond_conflict": "",
        "cond_demands": False,
        "cond_other": "",
        "cond_unspecified": unspecified,
    }


def _obligations(*pledges: dict) -> pd.DataFrame:
    return pd.DataFrame(list(pledges), columns=COLUMNS)


def _verdict(
    coded: pd.DataFrame, arrangement: int, obligor: int, beneficiary: int, kind: str
) -> str:
    row = coded[
        (coded["atop_id"] == arrangement)
        & (coded["obligor"] == obligor)
        & (coded["beneficiary"] == beneficiary)
        & (coded["type"] == kind)
    ]
    assert len(row) == 1, row
    return row["verdict"].iloc[0]


def test_rounds_order_entrants_by_date_target_side_first():
    p = _participation().set_index("ccode")
    assert p.loc[[AH, SERBIA], "round"].tolist() == [0, 0]
    assert p.loc[AH, "side"] == 1 and p.loc[SERBIA, "side"] == 2
    # same day: Russia (target side) enters before Germany, which then attacks it
    assert p.loc[RUSSIA, "round"] == 1 and p.loc[GERMANY, "round"] == 2
    assert p.loc[FRANCE, "round"] == 3


def test_changed_sides_keeps_first_side_in_scenario():
    p = _participation([(ITALY, 2, 10, False), (ITALY, 1, 200, False)])
    italy = p[p["ccode"] == ITALY].sort_values("entry")
    assert italy["first"].tolist() == [True, False]
    assert italy["side"].iloc[0] == 1 and pd.isna(italy["side"].iloc[1])
    scenario, rounds = war_scenario(p)
    assert scenario.attackers == (AH,) and scenario.targets == (SERBIA,)
    assert scenario.entrants[ITALY] == "attacker" and rounds[ITALY] == 4


def test_war_without_initiator_is_rejected():
    frame = pd.DataFrame(
        {
            "warnum": 7,
            "warname": "x",
            "ccode": [2, 20],
            "cow_side": [1, 2],
            "entry": D0,
            "exit": D0,
            "initiator": False,
        }
    )
    with pytest.raises(FoedusError, match="no initiator"):
        entry_rounds(frame)


def test_defense_pledges_honoured_violated_or_not_triggered():
    coded = code_obligations(
        _participation(),
        _obligations(
            _pledge(1, "defense", RUSSIA, SERBIA),  # Serbia attacked, Russia joins
            _pledge(2, "defense", UK, SERBIA),  # Serbia attacked, UK stays out
            _pledge(3, "defense", ITALY, AH),  # A-H attacks Serbia, then Russia
            # only against Russia, which was at war before Germany entered: not an attack
            _pledge(4, "defense", ROMANIA, GERMANY, adversary=(RUSSIA,)),
            _pledge(5, "defense", FRANCE, RUSSIA),  # Russia attacked by Germany
            _pledge(6, "defense", ITALY, SERBIA, adversary=(640,)),  # only against Turkey
        ),
    )
    assert _verdict(coded, 1, RUSSIA, SERBIA, "defense") == "honoured"
    assert _verdict(coded, 2, UK, SERBIA, "defense") == "violated"
    # Russia entered against A-H, so under casus.py's entry rule A-H is attacked too
    assert _verdict(coded, 3, ITALY, AH, "defense") == "violated"
    assert _verdict(coded, 4, ROMANIA, GERMANY, "defense") == "n/a"
    assert _verdict(coded, 5, FRANCE, RUSSIA, "defense") == "honoured"
    assert _verdict(coded, 6, ITALY, SERBIA, "defense") == "n/a"
    reason = coded.loc[coded["atop_id"] == 6, "reason"].iloc[0]
    assert "adversary" in reason and "not met" in reason


def test_pledge_not_in_force_while_the_beneficiary_fought_is_not_at_stake():
    coded = code_obligations(
        _participation(),
        _obligations(
            _pledge(1, "defense", UK, SERBIA, start="1916-01-01"),  # after Serbia's exit
            _pledge(2, "defense", UK, RUSSIA, end="1914-07-30"),
            _pledge(3, "defense", ITALY, SERBIA),
        ),
    )
    assert coded["atop_id"].tolist() == [3]


def test_rule1_a_pledge_made_during_the_war_is_judged_after_it_took_effect():
    # Serbia fights from day 0 to day 400; two pledges made on day 100. France fought
    # beside Serbia after it (honoured); the United Kingdom never did (violated).
    coded = code_obligations(
        _participation(),
        _obligations(
            _pledge(1, "defense", FRANCE, SERBIA, start="1914-11-05"),
            _pledge(2, "defense", UK, SERBIA, start="1914-11-05"),
            # a new phase of a pledge in force when Serbia entered is not a new pledge
            _pledge(3, "defense", RUSSIA, SERBIA, end="1914-11-04"),
            _pledge(3, "defense", RUSSIA, SERBIA, start="1914-11-05"),
        ),
    ).set_index("atop_id")
    assert coded.loc[1, "during_war"] and coded.loc[1, "verdict"] == "honoured"
    assert coded.loc[2, "verdict"] == "violated"
    assert "rule 1" in coded.loc[2, "note"] and "1914-11-05" in coded.loc[2, "note"]
    assert not coded.loc[3, "during_war"] and str(coded.loc[3, "start"]) == "1900-01-01"
    # an obligor whose fighting ended before the pledge took effect did not honour it
    part = _participation()
    part.loc[part["ccode"] == FRANCE, "exit"] = pd.Timestamp("1914-09-01")
    late = code_obligations(
        part, _obligations(_pledge(1, "defense", FRANCE, SERBIA, start="1914-11-05"))
    )
    assert late["verdict"].tolist() == ["violated"]


def test_rule1_a_peace_made_on_the_last_day_of_fighting_is_not_broken_by_it():
    part = _participation()
    last = part["exit"].iloc[0]
    pledges = _obligations(_pledge(1, "nonaggression", AH, SERBIA, start=str(last.date())))
    coded = code_obligations(part, pledges)
    assert coded["verdict"].tolist() == ["n/a"] and not coded["against"].iloc[0]


def test_rule2_allies_fighting_each_other_violate_whatever_the_pledge():
    # Austria-Hungary attacked Serbia: an offense pledge to Serbia (whose casus, an attack
    # by Serbia, was not met) is violated by fighting Serbia; Serbia, attacked, is released
    coded = code_obligations(
        _participation(),
        _obligations(
            _pledge(1, "offense", AH, SERBIA),
            _pledge(1, "offense", SERBIA, AH),
            _pledge(1, "defense", UK, SERBIA, unspecified=("location",)),
        ),
    )
    assert _verdict(coded, 1, AH, SERBIA, "offense") == "violated"
    assert _verdict(coded, 1, SERBIA, AH, "offense") == "n/a"
    notes = coded.set_index(["obligor", "beneficiary"])["note"]
    assert "rule 2" in notes[(AH, SERBIA)] and "released" in notes[(SERBIA, AH)]
    # the rule-2 note stays on the pair that fought: not on the UK's pledge
    assert "rule 2" not in notes[(UK, SERBIA)]
    case = code_cases(coded, _obligations(_pledge(1, "offense", AH, SERBIA)))
    assert case["verdict"].tolist() == ["violated"]


def test_rule2_a_member_that_attacked_a_fellow_member_is_not_defended():
    # Italy (day 30) attacks Austria-Hungary; Germany (at war since day 3) fights Italy:
    # Italy's breach of the alliance releases Germany from its pledge to Italy
    part = _participation([(ITALY, 1, 30, False)])
    initiators = pd.DataFrame({"warnum": [1], "attacker": [GERMANY], "attacked": [ITALY]})
    coded = code_obligations(
        part,
        _obligations(_pledge(5, "defense", ITALY, AH), _pledge(5, "defense", GERMANY, ITALY)),
        initiators=initiators,
    )
    assert _verdict(coded, 5, ITALY, AH, "defense") == "violated"
    assert _verdict(coded, 5, GERMANY, ITALY, "defense") == "n/a"
    germany = coded[coded["obligor"] == GERMANY].iloc[0]
    assert germany["conduct"] == "fought its partner after the partner had attacked a fellow member"
    assert germany["note"].startswith("released: its partner had attacked a fellow member")


def test_rule4_late_entrants_and_side_changes():
    # Italy joins Serbia's side a year after the casus: honoured, and named a late entrant;
    # Romania joins Austria-Hungary's side, then changes to Serbia's after Serbia's exit
    part = _participation([(ITALY, 1, 380, False), (ROMANIA, 2, 10, False)])
    switch = pd.DataFrame(
        {
            "warnum": 1,
            "warname": "Toy War",
            "ccode": [ROMANIA],
            "cow_side": [1],
            "entry": [D0 + pd.Timedelta(days=450)],
            "exit": [D0 + pd.Timedelta(days=500)],
            "initiator": [False],
        }
    )
    raw = pd.concat([part[switch.columns], switch], ignore_index=True)
    part = entry_rounds(raw)
    coded = code_obligations(
        part,
        _obligations(_pledge(1, "defense", ITALY, SERBIA), _pledge(2, "defense", ROMANIA, SERBIA)),
    ).set_index("atop_id")
    assert coded.loc[1, "verdict"] == "honoured" and "late entrant" in coded.loc[1, "note"]
    # judged by its first side: Romania fought against Serbia (it attacked a partner)
    assert coded.loc[2, "verdict"] == "violated"
    assert "first side" in coded.loc[2, "note"]
    assert coded.loc[2, "conduct"] == "attacked its partner"


def test_offense_neutrality_and_nonaggression():
    coded = code_obligations(
        _participation([(ITALY, 1, 30, False)]),
        _obligations(
            _pledge(1, "offense", GERMANY, AH),  # A-H attacks; Germany joins it
            _pledge(2, "offense", ROMANIA, AH),  # Romania stays out
            _pledge(3, "neutrality", UK, AH),  # the UK stays out
            _pledge(4, "neutrality", ITALY, AH),  # Italy attacks its partner
            _pledge(5, "neutrality", GERMANY, AH),  # joining the partner honours it
            _pledge(6, "nonaggression", ITALY, GERMANY),  # Italy attacks Germany
            _pledge(7, "nonaggression", GERMANY, ITALY),  # Germany was attacked
            _pledge(8, "nonaggression", UK, GERMANY),  # no fighting: not a case
            _pledge(9, "consultation", UK, SERBIA),
        ),
    )
    assert _verdict(coded, 1, GERMANY, AH, "offense") == "honoured"
    assert _verdict(coded, 2, ROMANIA, AH, "offense") == "violated"
    assert _verdict(coded, 3, UK, AH, "neutrality") == "honoured"
    assert _verdict(coded, 4, ITALY, AH, "neutrality") == "violated"
    assert _verdict(coded, 5, GERMANY, AH, "neutrality") == "honoured"
    assert _verdict(coded, 6, ITALY, GERMANY, "nonaggression") == "violated"
    assert _verdict(coded, 7, GERMANY, ITALY, "nonaggression") == "n/a"
    assert _verdict(coded, 8, UK, GERMANY, "nonaggression") == "n/a"
    assert 9 not in set(coded["atop_id"])  # consultation: not assessable


def test_dyad_initiator_overrides_entry_order():
    """Italy enters later, but a dyad record says Germany began their fighting."""
    part = _participation([(ITALY, 1, 30, False)])
    pledges = _obligations(
        _pledge(6, "nonaggression", ITALY, GERMANY), _pledge(7, "nonaggression", GERMANY, ITALY)
    )
    initiators = pd.DataFrame({"warnum": [1], "attacker": [GERMANY], "attacked": [ITALY]})
    coded = code_obligations(part, pledges, initiators=initiators)
    assert _verdict(coded, 6, ITALY, GERMANY, "nonaggression") == "n/a"
    assert _verdict(coded, 7, GERMANY, ITALY, "nonaggression") == "violated"


def test_unknown_conditions_counted_or_excluded():
    pledges = _obligations(_pledge(1, "defense", UK, SERBIA, unspecified=("location",)))
    met = code_obligations(_participation(), pledges, unknown="met")
    excluded = code_obligations(_participation(), pledges, unknown="unmet")
    assert met["triggered"].tolist() == ["unknown"]
    assert met["verdict"].tolist() == ["violated"]
    assert excluded["verdict"].tolist() == ["n/a"]
    # rule 5 is the default, and the explanation says why
    default = code_obligations(_participation(), pledges)
    assert default["verdict"].tolist() == ["n/a"] and "rule 5" in default["note"].iloc[0]
    with pytest.raises(FoedusError, match="accepted: unmet, met"):
        code_obligations(_participation(), pledges, unknown="maybe")


def test_war_conflicts_names_the_war_a_member_joined_in():
    pledges = _obligations(
        _pledge(9, "offense", GERMANY, AH, unspecified=("conflict", "location")),
        _pledge(9, "offense", AH, GERMANY, unspecified=("conflict",)),
    )
    members = pd.DataFrame({"atopid": [9, 9], "member": [GERMANY, AH], "cowwar": [1, 0]})
    wars = pd.DataFrame({"warnum": [1, 2], "warname": ["Toy War", "Other War"]})
    named = war_conflicts(pledges, members, wars)
    assert named["cond_conflict"].tolist() == ["COW war 1 (Toy War)", ""]
    assert named["cond_unspecified"].tolist() == [("location",), ("conflict",)]
    coded = code_obligations(_participation(), named)
    assert coded.loc[coded["obligor"] == GERMANY, "status_conflict"].tolist() == ["met"]
    other = _participation().assign(warnum=2, warname="Other War")
    coded = code_obligations(other, named)
    assert coded.loc[coded["obligor"] == GERMANY, "status_conflict"].tolist() == ["not met"]


def test_a_war_begun_after_a_conflict_pledge_is_not_its_conflict():
    # one pledge made before the Toy War began, one made during it (before Russia entered)
    pledges = _obligations(
        _pledge(9, "defense", FRANCE, SERBIA, unspecified=("conflict",)),
        _pledge(10, "defense", FRANCE, RUSSIA, start="1914-07-30", unspecified=("conflict",)),
    )
    marked = later_wars(obligations_at_stake(_participation(), pledges), _participation())
    marked = marked.set_index("atop_id")
    assert marked.loc[9, "cond_conflict"] == (
        "a conflict ongoing on 1900-01-01 (ATOP: specific ongoing conflict)"
    )
    assert marked.loc[9, "cond_unspecified"] == ()
    assert marked.loc[10, "cond_conflict"] == "" and marked.loc[10, "cond_unspecified"] == (
        "conflict",
    )
    coded = code_obligations(_participation(), pledges, unknown="met").set_index("atop_id")
    assert coded.loc[9, "status_conflict"] == "not met" and coded.loc[9, "verdict"] == "n/a"
    assert coded.loc[10, "triggered"] == "unknown" and coded.loc[10, "verdict"] == "honoured"


def test_an_obligor_outside_the_cow_state_system_is_not_assessed():
    # COW's state list has no Montenegro before 2006, so its war data cannot show whether
    # Montenegro fought in 1914; the United Kingdom, a member, stayed out of the Toy War
    pledges = _obligations(
        _pledge(11, "defense", 341, SERBIA),
        _pledge(12, "defense", UK, SERBIA),
    )
    coded = code_obligations(_participation(), pledges).set_index("atop_id")
    assert coded.loc[11, "triggered"] == "yes" and not coded.loc[11, "in_system"]
    assert coded.loc[11, "verdict"] == "n/a"
    assert coded.loc[11, "conduct"].startswith("was not a member of the COW state system")
    assert coded.loc[12, "in_system"] and coded.loc[12, "verdict"] == "violated"
    assert code_cases(code_obligations(_participation(), pledges), pledges)["atop_id"].tolist() == [
        12
    ]


def _multilateral(*extra: dict) -> pd.DataFrame:
    return _obligations(
        _pledge(20, "defense", RUSSIA, SERBIA),
        _pledge(20, "defense", UK, SERBIA),
        _pledge(20, "nonaggression", RUSSIA, SERBIA),
        *extra,
    )


def test_alliance_rules_all_and_any():
    pledges = _multilateral()
    coded = code_obligations(_participation(), pledges)
    strict = code_cases(coded, pledges, rule="all")
    lenient = code_cases(coded, pledges, rule="any")
    assert len(strict) == 1
    case = strict.iloc[0]
    assert case["verdict"] == "violated" and lenient["verdict"].iloc[0] == "honoured"
    assert case["member_verdicts"] == "Russia: honoured; United Kingdom: violated"
    assert case["types"] == ["defense", "nonaggression"] and case["assessed"] == ["defense"]
    assert not case["bilateral"] and case["era"] == "pre-1945"
    assert "Russia fought beside its partner" in case["explanation"]
    assert "United Kingdom stayed out" in case["explanation"]
    with pytest.raises(FoedusError, match="accepted: all, any"):
        code_cases(coded, pledges, rule="most")


def test_any_rule_fails_when_a_member_fights_an_ally():
    pledges = _multilateral(_pledge(20, "defense", GERMANY, SERBIA))
    coded = code_obligations(_participation(), pledges)
    assert code_cases(coded, pledges, rule="any")["verdict"].tolist() == ["violated"]


def test_era_is_the_year_the_war_began():
    # Berkemeier & Fuhrmann (2018) split by the war's start year: a war begun in 1944 is a
    # pre-1945 case even for an alliance signed in 1945, before France entered
    pledges = _obligations(_pledge(1, "neutrality", RUSSIA, FRANCE, start="1945-01-01"))
    part = _participation()
    part[["entry", "war_start"]] += pd.DateOffset(years=30)
    part.loc[part["ccode"] == FRANCE, "entry"] = pd.Timestamp("1945-02-01")
    coded = code_obligations(part, pledges)
    assert code_cases(coded, pledges)["era"].tolist() == ["pre-1945"]
    part[["entry", "war_start"]] += pd.DateOffset(years=10)
    coded = code_obligations(part, pledges)
    assert code_cases(coded, pledges)["era"].tolist() == ["post-1945"]


def _cases(rows: list[tuple[str, str, str, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "types": [r[0].split(", ") for r in rows],
            "era": [r[1] for r in rows],
            "verdict": [r[2] for r in rows],
            "bilateral": [r[3] for r in rows],
            "alliance": "x",
            "war": "y",
            "war_start": pd.Timestamp("1900-01-01"),
        }
    )


def test_aggregate_counts_a_case_under_each_of_its_types():
    cases = _cases(
        [
            ("defense, neutrality", "pre-1945", "honoured", True),
            ("defense", "post-1945", "violated", False),
            ("offense", "pre-1945", "honoured", True),
        ]
    )
    by_type = aggregate(cases, "type").set_index("type")
    assert by_type.loc["defense", ["cases", "honoured", "violated"]].tolist() == [2, 1, 1]
    assert by_type.loc["defense", "rate"] == 50.0
    assert by_type.loc["neutrality", "cases"] == 1
    assert "nonaggression" not in by_type.index
    by_size = aggregate(cases, "size").set_index("size")
    assert by_size.loc["bilateral", "rate"] == 100.0
    assert by_size.loc["multilateral", "rate"] == 0.0
    with pytest.raises(FoedusError, match="accepted: type, era"):
        aggregate(cases, "colour")


def test_published_comparison_puts_our_rates_beside_published():
    cases = _cases(
        [("defense", "pre-1945", "honoured", True)] * 3
        + [("defense", "post-1945", "violated", True)]
    )
    table = published_comparison(cases).set_index("measure")
    assert table.loc["overall", ["cases", "honoured", "rate"]].tolist() == [4, 3, 75.0]
    assert table.loc["overall", "published_rate"] == 50.0
    assert table.loc["overall", "rate_diff"] == 25.0
    assert table.loc["overall", "cases_diff"] == pytest.approx(100 * (4 - 146) / 146, abs=0.05)
    assert table.loc["pre-1945", "published_rate"] == 66.3
    assert table.loc["post-1945", "published_rate"] == 22.2
    assert table.loc["defense", "published_rate"] == 41.2
    assert table.loc["1816-1944", "published_rate"] == 74.5
    assert table.loc["1816-1944", "rate"] == 100.0
    assert list(table.index) == [
        "overall",
        "pre-1945",
        "post-1945",
        "defense",
        "offense",
        "neutrality",
        "nonaggression",
        "1816-1944",
    ]


def test_case_honour_rates_shrink_thin_cells_toward_the_type():
    cases = _cases(
        [("defense", "pre-1945", "honoured", True)] * 6
        + [("defense", "pre-1945", "violated", True)] * 2
        + [("defense, offense", "post-1945", "violated", True)] * 2
    )
    probs = case_honour_rates(cases, prior_weight=5.0)
    p_type = 6 / 10
    assert probs[("defense", "pre-1945")] == pytest.approx((6 + 5 * p_type) / (8 + 5))
    assert probs[("defense", "post-1945")] == pytest.approx((0 + 5 * p_type) / (2 + 5))
    assert probs[("offense", "post-1945")] == 0.0  # no honoured offense case at all
    raw = case_honour_rates(cases, prior_weight=0.0)
    assert raw[("defense", "pre-1945")] == 0.75
    assert raw[("offense", "pre-1945")] == 0.0  # no case, no prior: the type's share, not 0/0
    # offense has no pre-1945 case: the cell is the type's share (the formula at n = 0)
    assert probs[("offense", "pre-1945")] == 0.0


def test_era_probabilities_pick_the_era_of_the_year():
    cases = _cases(
        [("defense", "pre-1945", "honoured", True)] * 3
        + [("defense", "post-1945", "violated", True)] * 1
        + [("neutrality", "post-1945", "honoured", True)] * 1
    )
    p_def = 3 / 4
    assert era_probabilities(cases, 1914, prior_weight=1.0) == {
        "defense": pytest.approx((3 + p_def) / 4),
        "neutrality": 1.0,
    }
    # 1945 opens the post-1945 era (foedus.vocab.era_of)
    assert era_probabilities(cases, 1945, prior_weight=1.0)["defense"] == pytest.approx(
        (0 + p_def) / 2
    )


def test_cow_wherefought_gives_the_war_theatre():
    codes = pd.Series([2, 18, None], dtype="Int64")  # Europe; Africa & Middle East; missing
    assert cow_theatre(codes) == ("africa", "europe", "middle_east")
    assert cow_theatre(pd.Series([13])) == (
        "central_america_caribbean",
        "central_asia",
        "east_asia",
        "north_america",
        "south_america",
        "south_asia",
        "southeast_asia",
    )
    war = _participation().assign(wherefought=2)
    scenario, _ = war_scenario(war)
    assert scenario.location == ("europe",)
    # where the built-in table narrows COW's continents, it wins: the Falklands (war 202)
    falklands = _participation().assign(warnum=202, wherefought=1)
    assert war_scenario(falklands)[0].location == ("south_america",)
    assert builtin.war_theatres()[151] == ("east_asia",)  # Korea
    assert war_scenario(_participation())[0].location == ()  # no WhereFought column
