"""The state system and the year-aware code crosswalk (COW, Gleditsch–Ward, ISO3, names).

Membership follows the Correlates of War State System Membership List v2016 (Correlates
of War Project 2017) and the Gleditsch & Ward (1999) list of independent states,
"A Revised List of Independent States since the Congress of Vienna", International
Interactions 25(4): 393–413, as written in the built-in ``states.csv``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from foedus._arrays import ramp
from foedus.dates import parse_date
from foedus.errors import FoedusError, NotInSystemError, UnknownStateError
from foedus.vocab import CODE_COLUMNS

SYSTEMS = ("cow", "gw")
_OPEN_END = pd.Timestamp("2262-04-11")


@dataclass(frozen=True)
class State:
    """A state as resolved on a date: its codes and the name it bore then.

    ``ccode`` is its Correlates of War code and ``gwcode`` its Gleditsch-Ward code (None
    outside that system), named as the columns of every public frame; ``cow_code`` and
    ``gw_code`` are kept as read-only aliases of them.
    """

    ccode: int | None
    gwcode: int | None
    abb: str
    iso3: str | None
    name: str

    @property
    def cow_code(self) -> int | None:
        """The COW code: an alias of ``ccode``."""
        return self.ccode

    @property
    def gw_code(self) -> int | None:
        """The G-W code: an alias of ``gwcode``."""
        return self.gwcode

    def code(self, system: str = "cow") -> int | None:
        return self.ccode if system == "cow" else self.gwcode

    def __str__(self) -> str:
        return self.name


@cache
def state_table() -> pd.DataFrame:
    """Every spell of every state identity, with both systems' codes and dates."""
    with resources.files("foedus.builtin").joinpath("states.csv").open("rb") as fh:
        table = pd.read_csv(fh, dtype={"cow_abb": str, "iso3": str, "aliases": str})
    for col in ("cow_code", "gw_code"):
        table[col] = table[col].astype("Int64")
    for col in ("cow_start", "cow_end", "gw_start", "gw_end"):
        table[col] = pd.to_datetime(table[col])
    for system in SYSTEMS:
        table[f"{system}_end"] = table[f"{system}_end"].where(
            table[f"{system}_start"].isna(), table[f"{system}_end"].fillna(_OPEN_END)
        )
    table["first"] = table[["cow_start", "gw_start"]].min(axis=1)
    table["last"] = table[["cow_end", "gw_end"]].max(axis=1)
    table["entity"] = np.where(
        table["cow_code"].notna(),
        "cow" + table["cow_code"].astype(str),
        "gw" + table["gw_code"].astype(str),
    )
    return table


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.casefold().replace(".", "").replace("'", "").replace("’", "")
    text = " ".join(text.replace("-", " ").split())
    return text.removeprefix("the ")


@cache
def _records() -> tuple:
    """The state table as plain tuples, for fast lookups of single states."""
    return tuple(state_table().itertuples(index=False))


@cache
def _name_index() -> dict[str, tuple[int, ...]]:
    index: dict[str, set[int]] = {}
    for i, row in enumerate(_records()):
        keys = {row.name, row.cow_abb, row.iso3}
        if isinstance(row.aliases, str):
            keys.update(a for a in row.aliases.split(";"))
        for key in keys:
            if isinstance(key, str) and key.strip():
                index.setdefault(_normalise(key), set()).add(i)
    return {k: tuple(sorted(v)) for k, v in index.items()}


@cache
def _code_index(system: str) -> dict[int, tuple[int, ...]]:
    index: dict[int, list[int]] = {}
    for i, row in enumerate(_records()):
        code = getattr(row, f"{system}_code")
        if not pd.isna(code):
            index.setdefault(int(code), []).append(i)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _entity_index() -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for i, row in enumerate(_records()):
        index.setdefault(row.entity, []).append(i)
    return {k: tuple(v) for k, v in index.items()}


def _row_state(row: Any) -> State:
    return State(
        ccode=None if pd.isna(row.cow_code) else int(row.cow_code),
        gwcode=None if pd.isna(row.gw_code) else int(row.gw_code),
        abb=row.cow_abb if isinstance(row.cow_abb, str) else "",
        iso3=row.iso3 if isinstance(row.iso3, str) else None,
        name=row.name,
    )


def _describe(rows: list) -> str:
    parts = []
    for entity in dict.fromkeys(r.entity for r in rows):
        spells = [_records()[i] for i in _entity_index()[entity]]
        first, last = min(r.first for r in spells), max(r.last for r in spells)
        row = next(r for r in rows if r.entity == entity)
        span = f"{first.year}–" + ("" if last == _OPEN_END else str(last.year))
        code = f"COW {row.cow_code}" if not pd.isna(row.cow_code) else f"G-W {row.gw_code}"
        parts.append(f"{row.name} ({code}, {span})")
    return "; ".join(parts)


def _covers(row: Any, when: pd.Timestamp) -> bool:
    return row.first <= when <= row.last


@lru_cache(maxsize=4096)
def _resolve(text: str, when: pd.Timestamp | None, system: str) -> State:
    records = _records()
    if re.fullmatch(r"-?[0-9]+", text):  # ASCII digits only: int("²") fails
        rows = [records[i] for i in _code_index(system).get(int(text), ())]
    else:
        rows = [records[i] for i in _name_index().get(_normalise(text), ())]
    if not rows:
        raise UnknownStateError(
            f"unknown state {text!r}; accepted: a state name, COW or ISO3 abbreviation, "
            f"or {system.upper()} code (see `foedus states`)"
        )
    entities = list(dict.fromkeys(r.entity for r in rows))
    if len(entities) > 1 and when is not None:
        covering = list(dict.fromkeys(r.entity for r in rows if _covers(r, when)))
        entities = covering or entities
    if len(entities) > 1:
        raise UnknownStateError(
            f"state {text!r} is ambiguous: {_describe(rows)}; give a code, an abbreviation "
            "or a date"
        )
    spells = [records[i] for i in _entity_index()[entities[0]]]
    if when is not None:
        current = [r for r in spells if _covers(r, when)]
        if current:
            return _row_state(current[0])
    matched = [r for r in rows if r.entity == entities[0]]
    return _row_state(max(matched, key=lambda r: r.last))


def resolve(
    query: str | int | State, on: str | dt.date | int | None = None, system: str = "cow"
) -> State:
    """Resolve a name, abbreviation, ISO3 code or numeric code to one state.

    Names are matched case- and accent-insensitively against each spell's name and
    aliases, so "Russia", "USSR" and "Soviet Union" all give COW 365. With ``on``, the
    state is the one whose spell covers that date, and its name is the one it bore then.
    Numbers are codes of ``system`` ("cow" or "gw"). Raises UnknownStateError with the
    candidates when nothing, or more than one state, matches.

    This resolves identity, not membership: when none of the state's spells covers ``on``
    (before it entered the system, after it left, or while it was occupied), the state is
    still returned, under its latest name; ``on`` then only picks between states sharing a
    name. Use :func:`in_system` to ask whether a state was a member on a date.

    Parameters
    ----------
    query : str, int or State
        A name, abbreviation, ISO3 code or ``system`` code, or a State (re-resolved on
        ``on`` when given).
    on : date, "YYYY-MM-DD", YYYY or None
        The date that picks the spell and name (the latest when None).
    system : {"cow", "gw"}
        The state system numeric codes belong to.

    Returns
    -------
    State
        The state.
    """
    if isinstance(query, State):
        return query if on is None else resolve(str(query.cow_code or query.gw_code), on, system)
    _check_system(system)
    when = pd.Timestamp(parse_date(on)) if on is not None else None
    return _resolve(str(query).strip(), when, system)


def _check_system(system: str) -> None:
    if system not in SYSTEMS:
        raise FoedusError(f"system {system!r} is unknown; accepted: cow, gw")


def in_system(code: int, on: str | dt.date | int | None, system: str = "cow") -> bool:
    """Whether the state with ``system`` code ``code`` is a member of that state system on
    ``on`` (a date, ``YYYY`` for 1 January, or None for today), by the built-in state table.

    Unlike :func:`resolve`, which answers for any date, this is membership: COW 255 is not
    a member on 1950-01-01 (Germany's COW spells end in 1945 and restart in 1990), and an
    unknown code is simply not a member.

    Parameters
    ----------
    code : int
        The state's code in ``system``.
    on : date, "YYYY-MM-DD", YYYY or None
        The date (today when None).
    system : {"cow", "gw"}
        The state system.

    Returns
    -------
    bool
        True when one of the state's spells covers ``on``.
    """
    _check_system(system)
    when = pd.Timestamp(parse_date(on))
    start, end = f"{system}_start", f"{system}_end"
    records = _records()
    return any(
        getattr(records[i], start) <= when <= getattr(records[i], end)
        for i in _code_index(system).get(_as_code(code), ())
    )


def _as_code(code: object, what: str = "code") -> int:
    try:
        return int(code)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise FoedusError(
            f"{what} {code!r} is not a state code; accepted: an integer COW or G-W code "
            "(e.g. 2, 365); names go through resolve()"
        ) from None


def _spells(entity: str, system: str) -> str:
    rows = [_records()[i] for i in _entity_index()[entity]]
    spans = sorted(
        {
            (getattr(r, f"{system}_start"), getattr(r, f"{system}_end"))
            for r in rows
            if not pd.isna(getattr(r, f"{system}_start"))
        }
    )
    merged: list[list[pd.Timestamp]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + pd.Timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return ", ".join(f"{a.date()} to {'today' if b == _OPEN_END else b.date()}" for a, b in merged)


def resolve_member(
    query: str | int | State, on: str | dt.date | int | None = None, system: str = "cow"
) -> tuple[State, str | None]:
    """The state ``query`` names that was a member of the state system on ``on``.

    Where the name resolves to a state outside the system on that date but another state
    with the same ISO3 code was a member then, that state is meant: "Germany" on
    1960-01-01 is COW 255, out of the system from 1945 to 1990, and means the German
    Federal Republic (COW 260, ISO3 DEU).

    Parameters
    ----------
    query : str, int or State
        A name, abbreviation, ISO3 code or ``system`` code (see :func:`resolve`).
    on : date, "YYYY-MM-DD", YYYY or None
        The date (today when None).
    system : {"cow", "gw"}
        The state system.

    Returns
    -------
    (State, str or None)
        The member state, and a sentence saying so when the name was read as another
        state than :func:`resolve` gives.

    Raises
    ------
    NotInSystemError
        When no state of that name or ISO3 code was a member on that date; the message
        gives the state's membership spells.
    """
    when = parse_date(on)
    state = resolve(query, on=when, system=system)
    code = state.code(system)
    if code is not None and in_system(code, when, system):
        return state, None
    stamp = pd.Timestamp(when)
    start, end = f"{system}_start", f"{system}_end"
    twins = [
        r
        for r in _records()
        if state.iso3 is not None
        and r.iso3 == state.iso3
        and not pd.isna(getattr(r, start))
        and getattr(r, start) <= stamp <= getattr(r, end)
    ]
    if twins:
        member = _row_state(twins[0])
        note = (
            f"{query!s} on {when} is {member.name} ({system.upper()} "
            f"{member.code(system)}): {state.name} ({system.upper()} {code}) was not in the "
            f"state system then"
        )
        return member, note
    rows = _code_index(system).get(int(code), ()) if code is not None else ()
    spells = _spells(_records()[rows[0]].entity, system) if rows else "never"
    raise NotInSystemError(
        f"{state.name} was not a state in the {system.upper()} state system on {when} "
        f"(member {spells}); accepted: a date within those spells"
    )


def state_name(code: int, on: str | dt.date | int | None = None, system: str = "cow") -> str:
    """The name a state bore on a date, or ``"COW <code>"`` for a code the built-in state
    list does not hold (ATOP and COW files carry a few such codes)."""
    try:
        return name_of(int(code), on=on, system=system)
    except UnknownStateError:
        return f"{system.upper()} {int(code)}"


def names_on(codes: pd.Series, dates: pd.Series) -> pd.Series:
    """The name each COW code bore on the matching date, vectorised over the state table
    (a date outside every spell gives the name of the latest spell; unknown codes NA)."""
    spells = state_table()[["cow_code", "name", "first", "last"]].dropna(subset=["cow_code"])
    spells = spells.assign(cow_code=spells["cow_code"].astype("int64"))
    keyed = pd.DataFrame(
        {"code": pd.to_numeric(codes).to_numpy(), "day": pd.to_datetime(dates).to_numpy()}
    ).reset_index()
    pairs = keyed.merge(spells, left_on="code", right_on="cow_code", how="left")
    pairs["covers"] = (pairs["first"] <= pairs["day"]) & (pairs["last"] >= pairs["day"])
    best = pairs.sort_values(["covers", "last"]).drop_duplicates("index", keep="last")
    out = best.set_index("index")["name"].reindex(range(len(keyed))).astype("string")
    out.index = codes.index
    return out


def abbreviations(codes: Iterable[int]) -> list[str]:
    """The COW abbreviation of each code (its latest spell's), the code itself if unknown."""
    table = state_table().dropna(subset=["cow_code"]).drop_duplicates("cow_code", keep="last")
    lookup = dict(zip(table["cow_code"].astype(int), table["cow_abb"], strict=True))
    return [lookup.get(int(c), str(c)) for c in codes]


@cache
def _abbreviations() -> dict[str, int]:
    return {
        r.cow_abb.upper(): int(r.cow_code)
        for r in _records()
        if isinstance(r.cow_abb, str) and not pd.isna(r.cow_code)
    }


def by_abbreviation(abb: str, on: str | dt.date | int | None = None) -> State:
    """The state with COW abbreviation ``abb`` (exact, case-insensitive), named as on ``on``."""
    code = _abbreviations().get(abb.strip().upper())
    if code is None:
        raise UnknownStateError(f"unknown COW abbreviation {abb!r}; accepted: e.g. USA, UKG, RUS")
    return resolve(code, on=on)


def members_on(on: str | dt.date | int | None = None, system: str = "cow") -> pd.DataFrame:
    """States in the ``system`` state system on a date: ccode (or gwcode), abb, name, iso3, dates.

    Parameters
    ----------
    on : date, "YYYY-MM-DD", YYYY or None
        The date (today when None).
    system : {"cow", "gw"}
        The state system.

    Returns
    -------
    pandas.DataFrame
        ``ccode, abb, name, iso3, start, end, gwcode`` (COW), or ``gwcode, ..., ccode``
        (G-W), ordered by the system's code: the columns carry peacesciencer's names.
    """
    _check_system(system)
    when = pd.Timestamp(parse_date(on))
    table = state_table()
    start, end = table[f"{system}_start"], table[f"{system}_end"]
    rows = table[(start <= when) & (end >= when)]
    key = CODE_COLUMNS[system]
    return _public(rows, system).sort_values(key).reset_index(drop=True)


def _public(rows: pd.DataFrame, system: str) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            CODE_COLUMNS[system]: rows[f"{system}_code"].astype("Int64"),
            "abb": rows["cow_abb"],
            "name": rows["name"],
            "iso3": rows["iso3"],
            "start": rows[f"{system}_start"].astype("datetime64[s]"),
            "end": rows[f"{system}_end"]
            .where(rows[f"{system}_end"] != _OPEN_END)
            .astype("datetime64[s]"),
        }
    )
    other = "cow" if system == "gw" else "gw"
    out[CODE_COLUMNS[other]] = rows[f"{other}_code"].astype("Int64")
    return out


def system_years(
    years: tuple[int, int], system: str = "cow", spells: pd.DataFrame | None = None
) -> pd.DataFrame:
    """State-years (``code``, ``year``): a state counts in a year if it is a member on any day.

    This is the convention of the COW state-year file and of peacesciencer's
    ``create_stateyears()``, and the one state-year universe of foedus (the panels'
    :func:`foedus.panels.state_years` calls it with the store's list when one is imported).

    Parameters
    ----------
    years
        ``(first, last)`` years, inclusive.
    system
        ``"cow"`` or ``"gw"``.
    spells
        Membership spells (``code``, ``start``, ``end`` as datetime64) to use instead of
        the built-in state table's spells of ``system``.

    Returns
    -------
    pandas.DataFrame
        ``code, year``, ordered by year, then code.
    """
    _check_system(system)
    if spells is None:
        table = state_table()
        rows = table[table[f"{system}_start"].notna()]
        spells = pd.DataFrame(
            {
                "code": rows[f"{system}_code"].to_numpy(dtype="int64"),
                "start": rows[f"{system}_start"].to_numpy(),
                "end": rows[f"{system}_end"].to_numpy(),
            }
        )
    first = np.maximum(pd.DatetimeIndex(spells["start"]).year.to_numpy(), years[0])
    last = np.minimum(pd.DatetimeIndex(spells["end"]).year.to_numpy(), years[1])
    span = np.maximum(last - first + 1, 0)
    codes = spells["code"].to_numpy(dtype="int64")
    out = pd.DataFrame({"code": np.repeat(codes, span), "year": ramp(span, first)})
    return out.drop_duplicates().sort_values(["year", "code"]).reset_index(drop=True)


def name_of(code: int, on: str | dt.date | int | None = None, system: str = "cow") -> str:
    """The name a state bore on a date (its latest name without a date; its first name for
    a date before its first spell, so an ATOP alliance of 1815 names Prussia and the
    Austrian Empire, not Germany and Austria-Hungary)."""
    state = resolve(int(code), on=on, system=system)
    if on is None:
        return state.name
    when = pd.Timestamp(parse_date(on))
    rows = [_records()[i] for i in _code_index(system).get(int(code), ())]
    if rows and all(when < r.first for r in rows):
        return _row_state(min(rows, key=lambda r: r.first)).name
    return state.name
