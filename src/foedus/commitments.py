"""One model of commitments: directed obligations from an obligor to a beneficiary.

Each row says that ``obligor`` owes ``beneficiary`` an obligation of ``type`` (defense,
offense, neutrality, nonaggression, consultation) under ``clause`` of ``arrangement``,
from ``start`` to ``end`` (both members and the arrangement in force), subject to the
conditions in the ``cond_*`` columns, and names its ``source``. ``cond_unspecified`` lists
the conditions a source codes without saying what they are (ATOP codes *that* a defense
pledge is limited to a location, not which one). The casus foederis engine, the cascade
simulator and the reliability coder all read this one frame.

Two sources feed it: the built-in reference set, and ATOP 5.1 member-level obligations
(Leeds, Ritter, Mitchell & Long 2002, "Alliance Treaty Obligations and Provisions,
1815-1944", International Interactions 28: 237-260; ATOP codebook v5.1, 2022). ATOP ends
on 2018-12-31; later dates use the built-in set only.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import pandas as pd

from foedus import builtin
from foedus.dates import open_ended, parse_date
from foedus.errors import FoedusError, UnknownStateError
from foedus.states import name_of, resolve
from foedus.store import Store

BUILTIN_SOURCE = "built-in"
ATOP_SOURCE = "ATOP 5.1"
ATOP_LAST_DAY = dt.date(2018, 12, 31)
SOURCES = ("atop", "built-in")
COLUMNS = [
    "source",
    "arrangement",
    "arrangement_name",
    "atop_id",
    "type",
    "clause",
    "obligor",
    "beneficiary",
    "start",
    "end",
    "cond_location",
    "cond_adversary",
    "cond_attackers_min",
    "cond_nonprovocation",
    "cond_conflict",
    "cond_demands",
    "cond_other",
    "cond_unspecified",
]

# ATOP 5.1 member-level flags: obligation type -> (obligation flag, condition-variable prefix)
_ATOP_TYPES = {
    "defense": ("defense", "defco"),
    "offense": ("offense", "offco"),
    "neutrality": ("neutral", "neuco"),
    "nonaggression": ("nonagg", None),
    "consultation": ("consul", "conco"),
}
# condition suffix -> the condition it limits (ATOP codes the condition, not its content)
_ATOP_UNSPECIFIED = {"loc": "location", "con": "conflict", "num": "attackers", "req": "request"}


def builtin_obligations() -> pd.DataFrame:
    """Every directed obligation of the built-in set, over the whole life of each pledge.

    Built once per process (the built-in set is read once); returns a fresh copy: callers
    may change it freely.
    """
    return _builtin_obligations().copy()


@lru_cache(maxsize=1)
def _builtin_obligations() -> pd.DataFrame:
    cat = builtin.load()
    ob = cat.obligations.merge(
        cat.arrangements[["id", "name", "atop_id"]], left_on="arrangement", right_on="id"
    )
    spells = cat.members[["arrangement", "cow_code", "joined", "left"]]
    pairs = ob.merge(
        spells.rename(columns={"cow_code": "obligor", "joined": "o_in", "left": "o_out"}),
        on="arrangement",
    )
    pairs = pairs.merge(
        spells.rename(columns={"cow_code": "beneficiary", "joined": "b_in", "left": "b_out"}),
        on="arrangement",
    )
    pairs = pairs[pairs["obligor"] != pairs["beneficiary"]]
    pairs = pairs[
        _listed(pairs, "obligors", "obligor") & _listed(pairs, "beneficiaries", "beneficiary")
    ]
    start = pairs[["o_in", "b_in"]].max(axis=1)
    end = pairs[["o_out", "b_out"]].apply(
        lambda r: min((d for d in r if d is not None), default=None), axis=1
    )
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
            "end": end,
            "cond_location": pairs["location"],
            "cond_adversary": pairs["adversary"],
            "cond_attackers_min": pairs["attackers_min"],
            "cond_nonprovocation": pairs["nonprovocation"],
            "cond_conflict": pairs["conflict"],
            "cond_demands": pairs["demands"],
            "cond_other": pairs["other"],
            "cond_unspecified": [()] * len(pairs),
        },
        columns=COLUMNS,
    )
    ongoing = out["end"].isna() | (out["start"] <= out["end"].fillna(dt.date.max))
    return out[ongoing].reset_index(drop=True)


def _listed(pairs: pd.DataFrame, listed: str, party: str) -> pd.Series:
    return pd.Series(
        [
            codes is None or code in codes
            for codes, code in zip(pairs[listed], pairs[party], strict=True)
        ],
        index=pairs.index,
    )


def atop_obligations(store: Store | None = None) -> pd.DataFrame:
    """Every directed obligation coded in ATOP 5.1's member-level file, over its whole life.

    In ATOP a member's obligations (DEFENSE, OFFENSE, NEUTRAL, NONAGG, CONSUL) are owed to
    the other members of the same alliance phase, from the later of the two entry dates to
    the earlier exit (exit null: in force on 2018-12-31). Asymmetric alliances come out
    right because the flags are per member. Conditions (codebook section 2.33): DEMANDS and
    NONPROVOCATION (``*codem``, ``*conpr``) map to ``cond_demands``/``cond_nonprovocation``;
    NEUCOATT (neutral only if the ally is attacked) to ``cond_attackers_min`` = 1; a
    specific-adversary condition (``*coadv``) takes its states from STATTHR1/STATTHR2 when
    the treaty names specific threat states (SPECTHRT 1 or 3), and is otherwise listed in
    ``cond_unspecified`` because ATOP does not name the adversary (always so for neutrality
    and consultation, whose clauses often concern other powers); so are location,
    conflict, number-of-adversaries and request conditions, whose content ATOP does not
    code, and OLIMOB ("other", not tied to one obligation). Members coded OBVARY = 1 owe
    different things to different partners, which ATOP does not break down: their rows say so.
    Where ATOP codes a location or adversary condition without naming it, the built-in
    reading of the same treaty fills it in (:func:`_with_builtin_conditions`), so every
    engine sees the same conditions. Returns a fresh copy: callers may change it freely.
    """
    return _atop_obligations(str((store or Store()).path("atop", "member"))).copy()


@lru_cache(maxsize=4)
def _atop_obligations(member_parquet: str) -> pd.DataFrame:
    m = pd.read_parquet(member_parquet)
    m = m.assign(entry=_as_date(m["entry"]), exit=_as_date(m["exit"]))
    pairs = m.merge(
        m[["atopid", "phase", "member", "entry", "exit"]],
        on=["atopid", "phase"],
        suffixes=("", "_b"),
    )
    pairs = pairs[pairs["member"] != pairs["member_b"]]
    start = [max(a, b) for a, b in zip(pairs["entry"], pairs["entry_b"], strict=True)]
    end = [
        min((d for d in pair if d is not None), default=None)
        for pair in zip(pairs["exit"], pairs["exit_b"], strict=True)
    ]
    pairs = pairs.assign(start=start, end=pd.Series(end, index=pairs.index, dtype=object))
    pairs = pairs[[e is None or s <= e for s, e in zip(pairs["start"], pairs["end"], strict=True)]]
    names = _builtin_names()
    frames = [_atop_type(pairs, kind, names) for kind in _ATOP_TYPES]
    return _with_builtin_conditions(pd.concat(frames, ignore_index=True)[COLUMNS])


def _as_date(column: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(column)
    return pd.Series(
        [None if pd.isna(t) else t.date() for t in stamps], index=column.index, dtype=object
    )


def _builtin_names() -> dict[int, str]:
    table = builtin.load().arrangements
    table = table[table["atop_id"].notna()]
    return {int(a): n for a, n in zip(table["atop_id"], table["name"], strict=True)}


def _flag(pairs: pd.DataFrame, column: str) -> pd.Series:
    if column not in pairs:
        return pd.Series(False, index=pairs.index)
    return pairs[column].fillna(0).astype(int).eq(1)


def _atop_type(pairs: pd.DataFrame, kind: str, names: dict[int, str]) -> pd.DataFrame:
    flag, prefix = _ATOP_TYPES[kind]
    rows = pairs[_flag(pairs, flag)]
    n = len(rows)
    unspecified = [[] for _ in range(n)]
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
        if obvary:
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
            "obligor": rows["member"].astype(int),
            "beneficiary": rows["member_b"].astype(int),
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
            "cond_other": "",
            "cond_unspecified": [tuple(u) for u in unspecified],
        },
        columns=COLUMNS,
    )


def _named_threats(rows: pd.DataFrame) -> list[tuple[int, ...]]:
    """STATTHR1/2 when SPECTHRT says the treaty names specific states (codes 1 and 3)."""
    names_states = rows["specthrt"].fillna(0).astype(int).isin((1, 3))
    firsts = rows["statthr1"].fillna(0).astype(int)
    seconds = rows["statthr2"].fillna(0).astype(int)
    return [
        tuple(c for c in (a, b) if c > 0) if ok else ()
        for ok, a, b in zip(names_states, firsts, seconds, strict=True)
    ]


def _in_force(table: pd.DataFrame, when: dt.date) -> pd.DataFrame:
    end = open_ended(table["end"])
    return table[(table["start"] <= when) & (end >= when)]


def obligations_on(
    on: str | dt.date | int | None = None,
    store: Store | None = None,
    sources: str | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Directed obligations in force on a date, each row naming its source.

    By default (``sources=None``), dates up to 2018-12-31 use ATOP 5.1 when it is loaded in
    the store (``store`` or the default one) for every alliance ATOP covers, plus the
    built-in arrangements without an ``atop_id`` (a built-in arrangement with an ``atop_id``
    is replaced by its ATOP coding, so nothing counts twice; ATOP's unnamed location and
    adversary conditions come filled from the built-in reading, see
    :func:`atop_obligations`); later dates, or a store without
    ATOP, use the built-in set. ``sources="built-in"`` or ``"atop"`` forces one.
    """
    when = parse_date(on)
    wanted = _sources(sources, when, store)
    frames = []
    if "atop" in wanted:
        if when > ATOP_LAST_DAY:
            raise FoedusError(
                f"date {when} is after ATOP 5.1's coverage (1815-2018); "
                "accepted: dates up to 2018-12-31, or sources='built-in'"
            )
        frames.append(_in_force(atop_obligations(store), when))
    if "built-in" in wanted:
        table = _in_force(builtin_obligations(), when)
        if "atop" in wanted:
            table = table[table["atop_id"].isna()]
        frames.append(table)
    return (
        pd.concat(frames, ignore_index=True)
        if len(frames) > 1
        else frames[0].reset_index(drop=True)
    )


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
    says where it came from.
    """
    ours = builtin_obligations()
    ours = ours[ours["atop_id"].notna()].assign(atop_id=lambda f: f["atop_id"].astype(int))
    key = ["atop_id", "type", "obligor", "beneficiary"]
    ours = ours[~ours.duplicated(key, keep=False)][[*key, "clause", *_FILLED.values()]]
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
    return merged[COLUMNS]


def _non_empty(value: object) -> bool:
    return isinstance(value, tuple) and len(value) > 0


def _sources(
    sources: str | tuple[str, ...] | None, when: dt.date, store: Store | None
) -> tuple[str, ...]:
    if sources is None:
        use_atop = when <= ATOP_LAST_DAY and (store or Store()).has("atop")
        return SOURCES if use_atop else ("built-in",)
    wanted = (sources,) if isinstance(sources, str) else tuple(sources)
    bad = [s for s in wanted if s not in SOURCES]
    if bad or not wanted:
        raise FoedusError(f"sources {bad or '(none)'} unknown; accepted: {', '.join(SOURCES)}")
    return wanted


def describe_conditions(row: pd.Series) -> str:
    """The conditions of one obligation row in words ("" when unconditional)."""
    parts = []
    if row["cond_location"]:
        parts.append("attack in " + describe_places(row["cond_location"], on=row["start"]))
    if row["cond_adversary"]:
        parts.append("only against " + ", ".join(state_name(c) for c in row["cond_adversary"]))
    if pd.notna(row["cond_attackers_min"]):
        parts.append(f"only if attacked by at least {int(row['cond_attackers_min'])} states")
    if row["cond_nonprovocation"]:
        parts.append("only if unprovoked")
    if row["cond_conflict"]:
        parts.append(f"only in {row['cond_conflict']}")
    if row["cond_demands"]:
        parts.append("only if demands are refused")
    if row["cond_other"]:
        parts.append(row["cond_other"])
    parts.extend(f"a {c} condition the source does not specify" for c in row["cond_unspecified"])
    return "; ".join(parts)


def describe_places(keys: tuple[str, ...], on: dt.date | None = None) -> str:
    """Location keys in words: region keys as they are, a state's territory by its name
    (on ``on``)."""
    return ", ".join(
        f"the territory of {state_name(int(k.removeprefix(builtin.STATE_PLACE)), on=on)}"
        if k.startswith(builtin.STATE_PLACE)
        else k
        for k in keys
    )


def state_name(code: int, on: dt.date | None = None) -> str:
    """The state's name, or ``COW <code>`` for codes outside the built-in state list."""
    try:
        return name_of(int(code), on=on)
    except UnknownStateError:
        return f"COW {int(code)}"


def who_defends(
    state: str | int, on: str | dt.date | int | None = None, store: Store | None = None
) -> pd.DataFrame:
    """Every state with a defense obligation toward ``state`` on a date, by arrangement.

    Columns: arrangement, arrangement_id, clause, defender, defender_code, conditions, source.
    """
    when = parse_date(on)
    target = resolve(state, on=when)
    table = obligations_on(when, store=store)
    table = table[(table["type"] == "defense") & (table["beneficiary"] == target.cow_code)]
    out = pd.DataFrame(
        {
            "arrangement": table["arrangement_name"],
            "arrangement_id": table["arrangement"],
            "clause": table["clause"],
            "defender": [state_name(c, on=when) for c in table["obligor"]],
            "defender_code": table["obligor"].astype(int),
            "conditions": [describe_conditions(r) for _, r in table.iterrows()],
            "source": table["source"],
        }
    )
    return out.sort_values(["arrangement", "defender"]).reset_index(drop=True)
