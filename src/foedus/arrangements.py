"""Queries over the built-in arrangements: which exist on a date, and who belongs to them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from foedus import builtin
from foedus.dates import open_ended, parse_date
from foedus.errors import FoedusError
from foedus.states import name_of, resolve


def _key(text: str) -> str:
    return " ".join(str(text).casefold().replace("-", " ").replace("_", " ").split())


def find_arrangement(query: str) -> pd.Series:
    """The built-in arrangement whose id, name, short name or alias matches ``query``."""
    table = builtin.load().arrangements
    wanted = _key(query)
    hits = [
        i
        for i, row in table.iterrows()
        if wanted
        in {_key(row["id"]), _key(row["name"]), _key(row["short"])}
        | {_key(a) for a in row["aliases"]}
    ]
    if len(hits) != 1:
        close = table[
            table["name"].map(_key).str.contains(wanted, regex=False)
            | table["id"].map(_key).str.contains(wanted, regex=False)
        ]
        if len(close) == 1 and not hits:
            return close.iloc[0]
        listed = (
            ", ".join(table.loc[hits, "id"])
            if hits
            else ", ".join(close["id"]) or "see `foedus arrangements`"
        )
        what = "is ambiguous" if hits or len(close) > 1 else "is unknown"
        raise FoedusError(f"arrangement {query!r} {what}; candidates: {listed}")
    return table.loc[hits[0]]


def _in_force(table: pd.DataFrame, when: dt.date) -> pd.Series:
    ended = open_ended(table["ended"])
    return (table["in_force"] <= when) & (ended >= when)


def _active_members(when: dt.date) -> pd.DataFrame:
    m = builtin.load().members
    left = open_ended(m["left"])
    return m[(m["joined"] <= when) & (left >= when)]


def arrangements(
    on: str | dt.date | int | None = None, kind: str | None = None, member: str | int | None = None
) -> pd.DataFrame:
    """Built-in arrangements, optionally those in force on a date, of a kind, with a member."""
    table = builtin.load().arrangements
    if kind is not None:
        if kind not in builtin.KINDS:
            raise FoedusError(f"kind {kind!r} is unknown; accepted: {', '.join(builtin.KINDS)}")
        table = table[table["kinds"].map(lambda ks: kind in ks)]
    when = parse_date(on) if on is not None else None
    if when is not None:
        table = table[_in_force(table, when)]
    if member is not None:
        state = resolve(member, on=when)
        m = _active_members(when) if when is not None else builtin.load().members
        table = table[table["id"].isin(m.loc[m["cow_code"] == state.cow_code, "arrangement"])]
    out = table.assign(kinds=table["kinds"].map(", ".join))
    columns = ["id", "name", "kinds", "signed", "in_force", "ended", "atop_id", "source"]
    return out[columns].sort_values(["in_force", "id"]).reset_index(drop=True)


def members(arrangement: str, on: str | dt.date | int | None = None) -> pd.DataFrame:
    """Members of an arrangement on a date (today by default), with entry and exit dates.

    Raises FoedusError when the arrangement was not in force on that date.
    """
    row = find_arrangement(arrangement)
    when = parse_date(on)
    if not _in_force(row.to_frame().T, when).iloc[0]:
        span = f"in force {row['in_force']} to {row['ended'] or 'today'}"
        raise FoedusError(f"{row['name']} was not in force on {when} ({span})")
    m = _active_members(when)
    m = m[m["arrangement"] == row["id"]]
    out = pd.DataFrame(
        {
            "cow_code": m["cow_code"],
            "state": [name_of(c, on=when) for c in m["cow_code"]],
            "joined": m["joined"],
            "left": m["left"],
            "note": m["note"],
        }
    )
    return out.sort_values(["joined", "state"]).reset_index(drop=True)


def events(arrangement: str | None = None) -> pd.DataFrame:
    """Invocations and consultations of built-in arrangements (e.g. NATO Art. 5 in 2001)."""
    table = builtin.load().events
    if arrangement is not None:
        table = table[table["arrangement"] == find_arrangement(arrangement)["id"]]
    return table.assign(
        requested_by=table["requested_by"].map(_names),
        attacked=table["attacked"].map(_names),
        cow_war=table["cow_war"].astype("Int64"),
    ).reset_index(drop=True)


def _names(codes: tuple[int, ...]) -> str:
    return ", ".join(name_of(c) for c in codes)
