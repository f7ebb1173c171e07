"""The obligations frames' dtypes, and the compiled table behind ``obligations_on``: the
same answer as filtering the whole frame by date, and a new one when the store changes."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from foedus.commitments import (
    COLUMNS,
    atop_obligations,
    builtin_obligations,
    obligations_on,
    shared_obligations_on,
    who_defends,
)
from foedus.commitments import table as compiled_module
from foedus.vocab import OBLIGATION_SOURCES, OBLIGATION_TYPES
from tests.commitments.test_commitments_atop import member, write_atop


@pytest.fixture
def tiny(store):
    """ATOP 9001: the United States (2) defends the United Kingdom (200, a member from
    1950-06-01 to 1990-12-31) against COW 365; the UK owes consultation."""
    write_atop(
        store,
        [
            member(9001, 2, "1950-01-01", defense=1, defcoadv=1, specthrt=1, statthr1=365),
            member(9001, 200, "1950-06-01", "1990-12-31", consul=1, concoreq=1),
        ],
    )
    return store


DATES = ["1914-07-28", "1950-06-01", "1990-01-01", "2004-03-29", "2024-06-01"]


def _check_dtypes(frame: pd.DataFrame) -> None:
    assert list(frame.columns[: len(COLUMNS)]) == COLUMNS
    assert frame["source"].dtype == pd.CategoricalDtype(list(OBLIGATION_SOURCES))
    assert frame["type"].dtype == pd.CategoricalDtype(list(OBLIGATION_TYPES))
    assert frame["atop_id"].dtype == "Int64"
    assert frame["cond_attackers_min"].dtype == "Int64"
    assert frame["start"].dtype == "datetime64[s]" and frame["end"].dtype == "datetime64[s]"
    assert frame["obligor"].dtype == "int64" and frame["beneficiary"].dtype == "int64"
    for flag in ("cond_nonprovocation", "cond_demands", "against_members"):
        assert frame[flag].dtype == bool
    for listed in ("cond_location", "cond_adversary", "cond_after", "cond_unspecified"):
        assert frame[listed].map(lambda v: isinstance(v, tuple)).all(), listed


def test_obligations_frames_follow_the_dtype_convention(store):
    on = obligations_on("2024-06-01")
    _check_dtypes(on)
    _check_dtypes(builtin_obligations())
    assert on["suspended"].dtype == bool
    # Estonia (COW 366) is owed NATO Art. 5 by its 31 allies, open-ended (NaT), from 2004
    nato = on[(on["arrangement"] == "nato") & (on["beneficiary"] == 366)]
    nato = nato[nato["type"] == "defense"]
    assert nato["obligor"].nunique() == 31
    assert nato["end"].isna().all()
    assert (nato["start"] >= pd.Timestamp("2004-03-29")).all()
    assert on["atop_id"].isna().sum() < len(on) and on.loc[nato.index, "atop_id"].eq(3180).all()
    defends = who_defends("Estonia", on="2024-06-01")
    assert defends["source"].dtype == pd.CategoricalDtype(list(OBLIGATION_SOURCES))


def test_atop_obligations_follow_the_dtype_convention(tiny):
    table = atop_obligations(tiny)
    _check_dtypes(table)
    us_uk = table[(table["atop_id"] == 9001) & (table["type"] == "defense")]
    assert us_uk["cond_adversary"].tolist() == [(365,)]


def _by_filtering(when: dt.date) -> pd.DataFrame:
    """The built-in obligations in force on ``when``, filtered row by row."""
    table = builtin_obligations()
    day = pd.Timestamp(when)
    keep = [
        s <= day and (pd.isna(e) or day <= e)
        for s, e in zip(table["start"], table["end"], strict=True)
    ]
    return table[keep].reset_index(drop=True)


@pytest.mark.parametrize("on", DATES)
def test_the_compiled_table_gives_what_filtering_gives(store, on):
    when = dt.date.fromisoformat(on)
    expected = _by_filtering(when)
    compiled_module.clear()
    first = obligations_on(on)  # compiled now
    again = obligations_on(on)  # from the kept rows of the date
    for got in (first, again):
        pd.testing.assert_frame_equal(got.drop(columns="suspended"), expected)
    assert len(expected) > (0 if on != "1914-07-28" else 10)


def test_a_caller_changing_its_frame_changes_no_later_answer(store):
    before = obligations_on("2024-06-01")
    kept = before.copy()
    before["obligor"] = -1
    before.loc[0, "clause"] = "changed"
    pd.testing.assert_frame_equal(obligations_on("2024-06-01"), kept)


def test_the_shared_frame_is_one_object_per_date_with_the_same_rows(store):
    shared = shared_obligations_on("2024-06-01")
    assert shared_obligations_on(dt.date(2024, 6, 1)) is shared
    assert shared_obligations_on("2020-06-01") is not shared
    plain = obligations_on("2024-06-01")
    pd.testing.assert_frame_equal(shared, plain, check_dtype=False)


def test_suspension_on_the_date(store):
    # Armenia (COW 371) suspended its CSTO participation from February 2024
    def armenia(on: str) -> set[bool]:
        table = obligations_on(on)
        csto = table[(table["arrangement"] == "csto") & (table["obligor"] == 371)]
        return set(csto["suspended"])

    assert armenia("2023-06-01") == {False}
    assert armenia("2024-06-01") == {True}


def test_a_new_import_changes_the_answer(tiny):
    def us_defends_uk(on: str) -> bool:
        table = obligations_on(on, store=tiny, sources="atop")
        return bool(
            (
                (table["obligor"] == 2)
                & (table["beneficiary"] == 200)
                & (table["type"] == "defense")
            ).any()
        )

    assert us_defends_uk("1960-01-01")
    write_atop(
        tiny,
        [
            member(9001, 2, "1950-01-01", defense=1),
            member(9001, 200, "1950-06-01", "1955-12-31", consul=1),
        ],
    )
    assert not us_defends_uk("1960-01-01")  # the new release: the UK left in 1955
    assert us_defends_uk("1955-01-01")
