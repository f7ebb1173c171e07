"""Obligations from ATOP 5.1 member-level provisions, and the choice of source by date."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.commitments import (
    ATOP_SOURCE,
    BUILTIN_SOURCE,
    atop_obligations,
    obligations_on,
    who_defends,
)
from foedus.errors import FoedusError
from foedus.sources import import_source

FLAGS = (
    "defense",
    "offense",
    "neutral",
    "nonagg",
    "consul",
    "defcoadv",
    "defcoloc",
    "defcocon",
    "defconum",
    "defcodem",
    "defconpr",
    "offcoadv",
    "offcoloc",
    "neucoadv",
    "neucoatt",
    "concoreq",
    "olimob",
    "obvary",
    "specthrt",
    "statthr1",
    "statthr2",
)


def member(
    atopid: int, code: int, entry: str, exit_: str | None = None, phase: int = 0, **flags: int
) -> dict:
    """One row of the store's ATOP member table (atop5_1m columns + ISO entry/exit)."""
    row = {
        "atopid": atopid,
        "member": code,
        "phase": phase,
        "entry": pd.Timestamp(entry),
        "exit": pd.Timestamp(exit_) if exit_ else pd.NaT,
    }
    row.update({f: flags.get(f, 0) for f in FLAGS})
    return row


def write_atop(store, rows: list[dict]) -> None:
    store.write_source("atop", "5.1", {"member": pd.DataFrame(rows)}, citation="test fixture")


@pytest.fixture
def tiny(store):
    write_atop(
        store,
        [
            # asymmetric: 2 defends 200, 200 owes only consultation; 2's pledge names 365
            member(9001, 2, "1950-01-01", defense=1, defcoadv=1, specthrt=1, statthr1=365),
            member(9001, 200, "1950-06-01", "1990-12-31", consul=1, concoreq=1),
            # adversary coded but not named; location coded
            member(
                9002,
                220,
                "1960-01-01",
                defense=1,
                defcoadv=1,
                defcoloc=1,
                neutral=1,
                neucoatt=1,
                specthrt=6,
            ),
            member(9002, 230, "1960-01-01", defense=1, defconpr=1, defcodem=1, olimob=1),
        ],
    )
    return store


def test_directed_pairs_follow_member_flags_and_dates(tiny):
    ob = atop_obligations(tiny)
    us_uk = ob[(ob["atop_id"] == 9001) & (ob["type"] == "defense")]
    assert list(zip(us_uk["obligor"], us_uk["beneficiary"], strict=True)) == [(2, 200)]
    assert us_uk["start"].iloc[0] == pd.Timestamp(1950, 6, 1)  # the later entry
    assert us_uk["end"].iloc[0] == pd.Timestamp(1990, 12, 31)  # the earlier exit
    assert us_uk["cond_adversary"].iloc[0] == (365,)
    consult = ob[(ob["atop_id"] == 9001) & (ob["type"] == "consultation")]
    assert list(consult["obligor"]) == [200]
    assert consult["cond_unspecified"].iloc[0] == ("request",)
    assert set(ob["source"]) == {ATOP_SOURCE}


def test_unnamed_conditions_are_listed_not_guessed(tiny):
    ob = atop_obligations(tiny).set_index(["type", "obligor"])
    fr = ob.loc[("defense", 220)]
    assert fr["cond_adversary"] == ()
    assert fr["cond_unspecified"] == ("adversary", "location")
    sp = ob.loc[("defense", 230)]
    assert bool(sp["cond_nonprovocation"]) and bool(sp["cond_demands"])
    assert sp["cond_unspecified"] == ("other",)
    neutral = ob.loc[("neutrality", 220)]
    assert neutral["cond_attackers_min"] == 1  # NEUCOATT: only if attacked
    assert pd.isna(fr["cond_attackers_min"])


def test_atop_replaces_builtin_twin_up_to_2018_only(store):
    # NATO is built-in with atop_id 3180; an ATOP coding of it takes its place until 2018
    write_atop(
        store,
        [
            member(3180, 2, "1949-04-04", defense=1, defcoloc=1),
            member(3180, 20, "1949-04-04", defense=1, defcoloc=1),
        ],
    )
    early = obligations_on("2010-06-01", store=store)
    nato = early[early["atop_id"] == 3180]
    assert set(nato["source"]) == {ATOP_SOURCE}
    assert set(zip(nato["obligor"], nato["beneficiary"], strict=True)) == {(2, 20), (20, 2)}
    # ATOP codes a location condition without naming it; the built-in NATO names it
    assert set(nato["cond_location"]) == {("nato_art6",)}
    assert not any("location" in u for u in nato["cond_unspecified"])
    assert nato["clause"].str.contains("location from built-in").all()
    late = obligations_on("2024-06-01", store=store)
    assert set(late["source"]) == {BUILTIN_SOURCE}
    assert (late["arrangement"] == "nato").any()
    only = obligations_on("2010-06-01", store=store, sources="built-in")
    assert (only["arrangement"] == "nato").any()


def test_atop_after_2018_is_refused(tiny):
    with pytest.raises(FoedusError, match=r"after ATOP 5\.1's coverage"):
        obligations_on("2020-01-01", store=tiny, sources="atop")
    with pytest.raises(FoedusError, match="accepted: atop, built-in"):
        obligations_on("2010-01-01", store=tiny, sources="cow")


@pytest.fixture(scope="module")
def atop_store(shared_data, tmp_path_factory):
    from foedus.store import Store

    store = Store(tmp_path_factory.mktemp("atop_home"))
    import_source("atop", shared_data / "atop", store)
    return store


def test_real_atop_member_file_gives_every_coded_obligation(atop_store, shared_data):
    raw = pd.read_csv(shared_data / "atop" / "atop5_1m.csv")
    ob = atop_obligations(atop_store)
    # every defense-coded member owes it to each other member of its alliance phase
    per_phase = raw.groupby(["atopid", "phase"])["member"].transform("size")
    expected = int(((per_phase - 1) * raw["defense"]).sum())
    overlapping = ob[ob["type"] == "defense"]
    assert len(overlapping) <= expected
    assert len(overlapping) > 0.95 * expected  # a few phases' members never overlap
    dual = ob[(ob["atop_id"] == 1335) & (ob["type"] == "defense")]
    assert set(zip(dual["obligor"], dual["beneficiary"], strict=True)) == {(255, 300), (300, 255)}
    assert set(dual["cond_adversary"]) == {(365,)}  # STATTHR1 = Russia
    # ATOP codes the Franco-Russian adversary condition without naming it: the built-in
    # reading of the 1892 convention names Germany (and Italy / Austria-Hungary)
    franco_russian = ob[(ob["atop_id"] == 1385) & (ob["type"] == "defense")]
    assert set(franco_russian["cond_unspecified"]) == {()}
    assert set(franco_russian["cond_adversary"]) == {(255, 325), (255, 300)}
    assert franco_russian["clause"].str.contains("adversary from built-in").all()


def test_atop_obligations_is_a_copy(atop_store):
    first = atop_obligations(atop_store)
    first.loc[:, "obligor"] = -1
    assert (atop_obligations(atop_store)["obligor"] > 0).all()


def test_who_defends_austria_hungary_in_1914_from_atop(atop_store):
    table = who_defends("Austria-Hungary", on="1914-07-28", store=atop_store)
    germany = table[table["defender_ccode"] == 255]
    assert "Dual Alliance between Austria-Hungary and Germany" in set(germany["arrangement"])
    assert set(table["source"]) == {ATOP_SOURCE}
    assert {255, 325, 360} == set(table["defender_ccode"])  # Germany, Italy, Romania
