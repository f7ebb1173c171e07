"""Directed obligations from ATOP 5.1: member-level provisions made into obligor →
beneficiary rows by the one ATOP dyad rule (:func:`foedus.dyads.atop_ties`), restricted by
ATOP's directed dyad-year coding when it is imported (source ``atop_ddyr``).

Leeds, Ritter, Mitchell & Long (2002), "Alliance Treaty Obligations and Provisions,
1815-1944", International Interactions 28: 237-260; ATOP codebook v5.1 (2022), §2.3
(member-level file) and §2.7 (directed dyad-year file).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus import builtin
from foedus.commitments.frame import COLUMNS, typed
from foedus.dyads import atop_ties
from foedus.vocab import ATOP_CONDITION_PREFIX, ATOP_FLAGS, OBLIGATION_SOURCES

if TYPE_CHECKING:
    from foedus.store import Store

ATOP_SOURCE = OBLIGATION_SOURCES[0]  # "ATOP 5.1"
# condition suffix -> the condition it limits (ATOP codes the condition, not its content)
_ATOP_UNSPECIFIED = {"loc": "location", "con": "conflict", "num": "attackers", "req": "request"}
# member-file columns read for the conditions (absent ones count as 0)
CONDITION_COLUMNS = (
    *(
        f"{prefix}{suffix}"
        for prefix in ("defco", "offco", "neuco", "conco")
        for suffix in ("adv", *_ATOP_UNSPECIFIED, "dem", "npr")
    ),
    "neucoatt",
    "olimob",
    "specthrt",
    "statthr1",
    "statthr2",
)


def atop_obligations(store: Store | None = None) -> pd.DataFrame:
    """Every directed obligation ATOP 5.1 codes, over its whole life (a fresh copy).

    Member rows become obligor → beneficiary rows by :func:`foedus.dyads.atop_ties` (two
    members of an alliance phase on a common day; the obligor's own flags), cut to the
    years ATOP's directed dyad-year coding lists when source ``atop_ddyr`` is imported:
    two guarantors of a third state owe each other nothing (Brazil and Argentina,
    guarantors of Uruguay 1859-64). An open membership runs to ATOP's last day
    (``end`` None). Conditions (codebook §2.33): DEMANDS and NONPROVOCATION map to
    ``cond_demands``/``cond_nonprovocation``; NEUCOATT (neutral only if the ally is
    attacked) to ``cond_attackers_min`` = 1; a specific-adversary condition takes its
    states from STATTHR1/STATTHR2 when SPECTHRT names specific states (1 or 3), and is
    otherwise listed in ``cond_unspecified`` (always so for neutrality and consultation),
    with location, conflict, number-of-adversaries and request conditions and OLIMOB
    ("other"). OBVARY members' rows list a ``partner`` condition only where the directed
    coding is not imported (with it, the coding decides who owes what to whom). Where the
    built-in reading of the same treaty names a location, adversary or least number of
    attackers ATOP codes without naming, it fills it in. Each alliance is named: by its
    built-in twin's name, else from its members and first year (:func:`atop_names`).

    Parameters
    ----------
    store
        The store (default: the user's store); read through :mod:`foedus.data.atop`.
    """
    from foedus.data.atop import atop_fingerprint, read_atop_directed, read_atop_members

    key = atop_fingerprint(store)
    if key not in _CACHE:
        members = read_atop_members(store, optional=CONDITION_COLUMNS)
        _CACHE.clear()
        _CACHE[key] = obligations_from_members(members, read_atop_directed(store))
    return _CACHE[key].copy()


_CACHE: dict[tuple, pd.DataFrame] = {}


def obligations_from_members(
    members: pd.DataFrame, coding: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The pure part of :func:`atop_obligations`: ATOP member rows (with the condition
    columns) and the directed coding (or None) to obligation rows."""
    from foedus.sources import coverage

    last = dt.date(coverage("atop")[1], 12, 31)
    ties = atop_ties(members, coding, level="day", last_day=pd.Timestamp(last))
    conditions = members.drop_duplicates(["atopid", "phase", "member"]).assign(
        phase=lambda f: f["phase"].fillna(1).astype("int64")
    )
    keep = [c for c in (*CONDITION_COLUMNS, "obvary") if c in conditions and c not in ties]
    pairs = ties.merge(
        conditions[["atopid", "phase", "member", *keep]].rename(columns={"member": "obligor"}),
        on=["atopid", "phase", "obligor"],
        how="left",
    )
    pairs["start"] = pd.to_datetime(pairs["start"]).astype("datetime64[s]")
    end = pd.to_datetime(pairs["end"]).astype("datetime64[s]")
    pairs["end"] = end.where(end < pd.Timestamp(last))
    names = atop_names(members)
    frames = [_atop_type(pairs, kind, names, coding is not None) for kind in ATOP_FLAGS]
    return typed(_with_builtin_conditions(pd.concat(frames, ignore_index=True)[COLUMNS]))


def atop_names(members: pd.DataFrame) -> dict[int, str]:
    """ATOP id -> a readable name: the built-in twin's name where one carries that
    ``atop_id``, else its members and the year of its first entry ("Argentina-Brazil-
    Uruguay alliance of 1859"; over three members: "Egypt, Iraq, Jordan and 5 others,
    alliance of 1950")."""
    from foedus.commitments.describe import state_name

    twins = _builtin_names()
    first = members.sort_values("entry").drop_duplicates(["atopid", "member"])
    out = {}
    for atopid, group in first.groupby("atopid", sort=False):
        if int(atopid) in twins:
            out[int(atopid)] = twins[int(atopid)]
            continue
        year = pd.Timestamp(group["entry"].min()).year
        names = [
            state_name(int(c), on=pd.Timestamp(group["entry"].min()).date())
            for c in group["member"]
        ]
        if len(names) <= 3:
            label = "-".join(names) + f" alliance of {year}"
        else:
            more = len(names) - 3
            label = (
                f"{', '.join(names[:3])} and {more} other{'s' if more > 1 else ''}, "
                f"alliance of {year}"
            )
        out[int(atopid)] = label
    return out


def _builtin_names() -> dict[int, str]:
    table = builtin.load().arrangements
    table = table[table["atop_id"].notna()].sort_values("in_force")
    return {int(a): n for a, n in zip(table["atop_id"], table["name"], strict=True)}


def _flag(pairs: pd.DataFrame, column: str) -> pd.Series:
    if column not in pairs:
        return pd.Series(False, index=pairs.index)
    return pairs[column].fillna(0).astype(int).eq(1)


def _atop_type(
    pairs: pd.DataFrame, kind: str, names: dict[int, str], directed: bool
) -> pd.DataFrame:
    flag, prefix = ATOP_FLAGS[kind], ATOP_CONDITION_PREFIX[kind]
    rows = pairs[_flag(pairs, flag)]
    n = len(rows)
    unspecified: list[list[str]] = [[] for _ in range(n)]
    adversary: list[tuple[int, ...]] = [()] * n
    if prefix is not None:
        # STATTHR names the treaty's threat; taken as the adversary of active-support
        # pledges only (a neutrality clause often concerns other powers: Dual Alliance Art. II)
        threats = _named_threats(rows) if kind in ("defense", "offense") else [()] * n
        for i, (coded, named) in enumerate(zip(_flag(rows, prefix + "adv"), threats, strict=True)):
            if coded and named:
                adversary[i] = named
            elif coded:
                unspecified[i].append("adversary")
        for suffix, condition in _ATOP_UNSPECIFIED.items():
            for i, coded in enumerate(_flag(rows, prefix + suffix)):
                if coded:
                    unspecified[i].append(condition)
    for i, (olimob, obvary) in enumerate(
        zip(_flag(rows, "olimob"), _flag(rows, "obvary"), strict=True)
    ):
        if olimob:
            unspecified[i].append("other")
        if obvary and not directed:
            unspecified[i].append("partner")
    atop_id = rows["atopid"].astype(int)
    return pd.DataFrame(
        {
            "source": ATOP_SOURCE,
            "arrangement": "atop:" + atop_id.astype(str),
            "arrangement_name": [names.get(a, f"ATOP {a}") for a in atop_id],
            "atop_id": atop_id,
            "type": kind,
            "clause": "ATOP 5.1 "
            + flag.upper()
            + " (phase "
            + rows["phase"].astype(int).astype(str)
            + ")",
            "obligor": rows["obligor"].astype(int),
            "beneficiary": rows["beneficiary"].astype(int),
            "start": rows["start"],
            "end": rows["end"],
            "cond_location": [()] * n,
            "cond_adversary": adversary,
            "cond_attackers_min": np.where(
                _flag(rows, "neucoatt") & (kind == "neutrality"), 1.0, np.nan
            ),
            "cond_nonprovocation": _flag(rows, prefix + "npr") if prefix else False,
            "cond_conflict": "",
            "cond_demands": _flag(rows, prefix + "dem") if prefix else False,
            "cond_after": [()] * n,
            "cond_other": "",
            "cond_unspecified": [tuple(u) for u in unspecified],
            "against_members": False,
            "suspensions": [()] * n,
            "date_note": "",
        },
        columns=COLUMNS,
    )


def _named_threats(rows: pd.DataFrame) -> list[tuple[int, ...]]:
    """STATTHR1/2 when SPECTHRT says the treaty names specific states (codes 1 and 3)."""
    if "specthrt" not in rows:
        return [()] * len(rows)
    names_states = rows["specthrt"].fillna(0).astype(int).isin((1, 3))
    firsts = rows["statthr1"].fillna(0).astype(int)
    seconds = rows["statthr2"].fillna(0).astype(int)
    return [
        tuple(c for c in (a, b) if c > 0) if ok else ()
        for ok, a, b in zip(names_states, firsts, seconds, strict=True)
    ]


_FILLED = {
    "location": "cond_location",
    "adversary": "cond_adversary",
    "attackers": "cond_attackers_min",
}


def _with_builtin_conditions(atop: pd.DataFrame) -> pd.DataFrame:
    """ATOP rows whose unspecified location/adversary/number of attackers the built-in set
    specifies.

    When exactly one built-in obligation of the same ATOP alliance, type, obligor and
    beneficiary names the location, the adversary or the least number of attackers that
    ATOP codes without naming, that content replaces the "unspecified" mark and the clause
    says where it came from. The built-in reading's ``against_members`` is taken too.
    """
    from foedus.commitments.curated import builtin_obligations

    ours = builtin_obligations()
    ours = ours[ours["atop_id"].notna()].assign(atop_id=lambda f: f["atop_id"].astype(int))
    key = ["atop_id", "type", "obligor", "beneficiary"]
    # one reading per key: several built-in clauses of the same alliance (the 1905 and
    # 1911 Anglo-Japanese texts) fill ATOP only when they name the same conditions
    content = [
        "|".join(map(repr, row)) for row in zip(*(ours[c] for c in _FILLED.values()), strict=True)
    ]
    ours = ours.assign(_content=content).drop_duplicates([*key, "_content"])
    ours = ours[~ours.duplicated(key, keep=False)][
        [*key, "clause", "against_members", *_FILLED.values()]
    ]
    merged = atop.reset_index(drop=True).merge(ours, on=key, how="left", suffixes=("", "_b"))
    for cond, column in _FILLED.items():
        theirs = merged[f"{column}_b"]
        given = theirs.notna() if cond == "attackers" else theirs.map(_non_empty)
        fill = merged["cond_unspecified"].map(lambda u, c=cond: c in u) & given
        merged.loc[fill, column] = theirs[fill]
        merged.loc[fill, "cond_unspecified"] = merged.loc[fill, "cond_unspecified"].map(
            lambda u, c=cond: tuple(x for x in u if x != c)
        )
        merged.loc[fill, "clause"] = (
            merged.loc[fill, "clause"]
            + f" [{cond} from built-in: "
            + merged.loc[fill, "clause_b"]
            + "]"
        )
    merged["against_members"] = merged["against_members_b"].fillna(False).astype(bool)
    return merged[COLUMNS]


def _non_empty(value: object) -> bool:
    return isinstance(value, tuple) and len(value) > 0
