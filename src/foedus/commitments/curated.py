"""Directed obligations of the built-in reference set (:mod:`foedus.builtin`)."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd

from foedus import builtin
from foedus.commitments.frame import COLUMNS, typed
from foedus.vocab import OBLIGATION_SOURCES

BUILTIN_SOURCE = OBLIGATION_SOURCES[1]  # "built-in"
_CONDITIONS = (
    "location",
    "adversary",
    "attackers_min",
    "nonprovocation",
    "conflict",
    "demands",
    "after",
)


def builtin_obligations() -> pd.DataFrame:
    """Every directed obligation of the built-in set, over the whole life of each pledge
    (a fresh copy).

    A row runs from the latest of the two parties' entry and the obligation's own
    ``start`` (a clause added later: the Declaration of London from 1914-09-05) to the
    earliest of their exits and the obligation's ``end``. A party's reservation
    (``reservations``) replaces the conditions it names on that party's own pledges.
    ``suspensions`` lists the (start, end) spells in which the pledge is suspended
    (a member's suspended participation, toward everyone or toward named parties:
    the United States and New Zealand in ANZUS from 1986).
    """
    return _builtin_obligations().copy()


@cache
def _builtin_obligations() -> pd.DataFrame:
    cat = builtin.load()
    ob = cat.obligations.merge(
        cat.arrangements[["id", "name", "atop_id", "in_force"]],
        left_on="arrangement",
        right_on="id",
    )
    spells = cat.members[["arrangement", "cow_code", "joined", "left", "suspended"]]
    pairs = ob.merge(
        spells.rename(
            columns={"cow_code": "obligor", "joined": "o_in", "left": "o_out", "suspended": "o_s"}
        ),
        on="arrangement",
    )
    pairs = pairs.merge(
        spells.rename(
            columns={
                "cow_code": "beneficiary",
                "joined": "b_in",
                "left": "b_out",
                "suspended": "b_s",
            }
        ),
        on="arrangement",
    )
    pairs = pairs[pairs["obligor"] != pairs["beneficiary"]]
    pairs = pairs[
        _listed(pairs, "obligors", "obligor") & _listed(pairs, "beneficiaries", "beneficiary")
    ].reset_index(drop=True)
    start = [
        max(d for d in r if isinstance(d, dt.date))
        for r in zip(pairs["o_in"], pairs["b_in"], pairs["start"], strict=True)
    ]
    end = [
        min((d for d in r if isinstance(d, dt.date)), default=None)
        for r in zip(pairs["o_out"], pairs["b_out"], pairs["end"], strict=True)
    ]
    conditions = {c: list(pairs[c]) for c in _CONDITIONS}
    other = list(pairs["other"])
    for i, (obligor, reservations) in enumerate(
        zip(pairs["obligor"], pairs["reservations"], strict=True)
    ):
        for state, limits, source in reservations:
            if state != obligor:
                continue
            for c in _CONDITIONS:
                if limits[c] not in ((), None, False, ""):
                    conditions[c][i] = limits[c]
            words = limits["other"] or "a reservation limits this party's pledge"
            other[i] = "; ".join(x for x in (other[i], f"{words} ({source})") if x)
    out = pd.DataFrame(
        {
            "source": BUILTIN_SOURCE,
            "arrangement": pairs["arrangement"],
            "arrangement_name": pairs["name"],
            "atop_id": pairs["atop_id"],
            "type": pairs["type"],
            "clause": pairs["clause"],
            "obligor": pairs["obligor"],
            "beneficiary": pairs["beneficiary"],
            "start": start,
            "end": pd.Series(end, dtype=object),
            **{f"cond_{c}": conditions[c] for c in _CONDITIONS},
            "cond_other": other,
            "cond_unspecified": [()] * len(pairs),
            "against_members": pairs["against_members"].astype(bool),
            "suspensions": [
                _suspensions(os_, o, bs, b)
                for os_, o, bs, b in zip(
                    pairs["o_s"], pairs["obligor"], pairs["b_s"], pairs["beneficiary"], strict=True
                )
            ],
            "date_note": pairs["date_note"],
        },
        columns=COLUMNS,
    )
    ongoing = [e is None or s <= e for s, e in zip(out["start"], out["end"], strict=True)]
    return typed(out[ongoing].reset_index(drop=True))


def _suspensions(
    own: tuple, obligor: int, theirs: tuple, beneficiary: int
) -> tuple[tuple[dt.date, dt.date | None], ...]:
    """The spells in which the obligor's pledge to the beneficiary is suspended: either
    party's suspension toward everyone, or toward the other party."""
    found = [(s, e) for s, e, toward, _ in own if not toward or beneficiary in toward]
    found += [(s, e) for s, e, toward, _ in theirs if not toward or obligor in toward]
    return tuple(sorted(found))


def suspended_on(suspensions: pd.Series, when: dt.date) -> pd.Series:
    """Whether each row's pledge is suspended on ``when``."""
    return suspensions.map(
        lambda spells: any(s <= when and (e is None or when <= e) for s, e in spells)
    ).astype(bool)


def _listed(pairs: pd.DataFrame, listed: str, party: str) -> pd.Series:
    return pd.Series(
        [
            codes is None or code in codes
            for codes, code in zip(pairs[listed], pairs[party], strict=True)
        ],
        index=pairs.index,
    )
