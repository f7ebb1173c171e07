"""Queries over the built-in arrangements: which exist on a date, and who belongs to them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from foedus import builtin
from foedus.dates import open_ended, parse_date
from foedus.errors import FoedusError, shown
from foedus.states import name_of, resolve

# Common short names of organisations whose defence clause is the built-in arrangement
# (the built-in files' own short names are treaty-specific, e.g. "EU Art. 42(7)").
SHORT_NAMES = {
    "eu": "eu_mutual_assistance",
    "european union": "eu_mutual_assistance",
    "au": "au_nonaggression_common_defence_pact",
    "african union": "au_nonaggression_common_defence_pact",
    "asean": "admm",
    "oas": "rio_treaty",
    "tiar": "rio_treaty",
    "gcc": "gcc_joint_defence",
    "arab league": "arab_league_joint_defence",
    "csto": "csto",
    "sco": "sco",
    "nato": "nato",
    "warsaw pact": "warsaw_pact",
}


def _key(text: str) -> str:
    return " ".join(str(text).casefold().replace("-", " ").replace("_", " ").split())


def find_arrangement(query: str) -> pd.Series:
    """The built-in arrangement whose id, name, short name or alias matches ``query``.

    Parameters
    ----------
    query : str
        An id (``nato``), a name, a short name or alias (``NATO``, ``EU``, ``CSTO``,
        ``ASEAN``: see :data:`SHORT_NAMES`), or an ATOP 5.1 alliance as ``atop:3180``
        (the built-in arrangement coded with that ATOP id).

    Returns
    -------
    pandas.Series
        The arrangement's row of the built-in catalogue.
    """
    if not isinstance(query, str) or not query.strip():
        raise FoedusError(
            f"arrangement {shown(query)} invalid; accepted: an id, name or short name "
            "(e.g. nato, NATO, EU) or atop:<ATOP id>; see `foedus arrangements`"
        )
    table = builtin.load().arrangements
    wanted = _key(query)
    if wanted.startswith("atop:"):
        number = wanted.removeprefix("atop:").strip()
        ids = pd.to_numeric(table["atop_id"], errors="coerce")
        rows = table[ids == int(number)] if number.isdecimal() else table.iloc[:0]
        if len(rows) > 1:
            raise FoedusError(
                f"arrangement {shown(query)} is ambiguous; candidates: {', '.join(rows['id'])}"
            )
        if rows.empty:
            coded = ", ".join(f"atop:{a}" for a in sorted(set(ids.dropna().astype(int))))
            raise FoedusError(
                f"arrangement {shown(query)}: no built-in arrangement has that ATOP id; accepted: "
                f"{coded} (burden and allocate take any ATOP alliance)"
            )
        return rows.iloc[0]
    if wanted in SHORT_NAMES:
        return table[table["id"] == SHORT_NAMES[wanted]].iloc[0]
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
        raise FoedusError(f"arrangement {shown(query)} {what}; candidates: {listed}")
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
    """Built-in arrangements, optionally those in force on a date, of a kind, with a member.

    Parameters
    ----------
    on : date, "YYYY-MM-DD", YYYY or None
        Keep only arrangements in force on this date (all when None).
    kind : str or None
        Keep only arrangements of this kind (one of ``builtin.KINDS``).
    member : str, int or None
        Keep only arrangements with this state (name or code) as a member, on ``on``
        when given.

    Returns
    -------
    pandas.DataFrame
        ``id, name, kinds, signed, in_force, ended, atop_id, source``, by entry into force.
    """
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
    out = table.assign(kinds=table["kinds"].map(list), atop_id=table["atop_id"].astype("Int64"))
    columns = ["id", "name", "kinds", "signed", "in_force", "ended", "atop_id", "source"]
    out = out[columns].sort_values(["in_force", "id"]).reset_index(drop=True)
    return _datetimes(out, "signed", "in_force", "ended")


def _datetimes(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Date columns as datetime64 (the frames' convention; missing dates are NaT), in
    seconds: the Anglo-Portuguese Alliance was signed in 1373, before datetime64[ns] begins."""
    return frame.assign(
        **{c: pd.Series(frame[c], dtype=object).astype("datetime64[s]") for c in columns}
    )


def members(arrangement: str, on: str | dt.date | int | None = None) -> pd.DataFrame:
    """Members of an arrangement on a date (today by default), with entry and exit dates.

    ``suspended`` is True for a member whose participation is suspended on that date,
    toward every other member or toward some (New Zealand and the United States in ANZUS
    from 1986; Armenia in the CSTO from February 2024): its pledges stay in the
    obligations frame, marked ``suspended``.

    Parameters
    ----------
    arrangement : str
        The arrangement's id or name.
    on : date, "YYYY-MM-DD", YYYY or None
        The date (today when None).

    Returns
    -------
    pandas.DataFrame
        ``ccode, state, joined, left, suspended, note``, by joining date, then state.

    Raises
    ------
    FoedusError
        When the arrangement was not in force on that date.
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
            "ccode": m["cow_code"].astype("int64"),
            "state": [name_of(c, on=when) for c in m["cow_code"]],
            "joined": m["joined"],
            "left": m["left"],
            "suspended": [_suspended(spells, when) for spells in m["suspended"]],
            "note": m["note"],
        }
    )
    out = out.sort_values(["joined", "state"]).reset_index(drop=True)
    return _datetimes(out, "joined", "left")


def _suspended(spells: tuple, when: dt.date) -> bool:
    return any(s <= when and (e is None or when <= e) for s, e, _, _ in spells)


def events(arrangement: str | None = None) -> pd.DataFrame:
    """Invocations and consultations of built-in arrangements (e.g. NATO Art. 5 in 2001).

    Parameters
    ----------
    arrangement : str or None
        Only this arrangement's events (id or name); all when None.

    Returns
    -------
    pandas.DataFrame
        One row an event, with ``requested_by`` and ``attacked`` as lists of state names.
    """
    table = builtin.load().events
    if arrangement is not None:
        table = table[table["arrangement"] == find_arrangement(arrangement)["id"]]
    out = table.assign(
        requested_by=table["requested_by"].map(_names),
        attacked=table["attacked"].map(_names),
        cow_war=table["cow_war"].astype("Int64"),
        type=table["type"].astype("category"),
    ).reset_index(drop=True)
    return _datetimes(out, "date")


def _names(codes: tuple[int, ...]) -> list[str]:
    return [name_of(c) for c in codes]
