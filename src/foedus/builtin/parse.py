"""Parse the built-in TOML files into rows, after :func:`foedus.builtin.schema.check`.

Every error is a :class:`~foedus.errors.DataFormatError` naming the file, the arrangement
and the key, and what is accepted.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from typing import Any

from foedus.builtin import places
from foedus.builtin.schema import ARRANGEMENT, EVENTS_FILE, check
from foedus.errors import DataFormatError, FoedusError
from foedus.states import by_abbreviation
from foedus.vocab import KINDS, OBLIGATION_TYPES

EVENT_TYPES = ("invocation", "consultation", "request")
# against_members of a two-party treaty that does not state it: nothing to cover
BILATERAL = (
    "a bilateral treaty: the only fellow member is the other Party, the pledge's beneficiary"
)
# the keys of [obligations.conditions] (the TOML words; the frame's columns are cond_<key>)
CONDITIONS = tuple(ARRANGEMENT["obligations"].schema["conditions"].schema)


def _where(fname: str, aid: object) -> str:
    return f"{fname}, arrangement {aid}" if aid else fname


def _code(abb: str, on: dt.date, where: str) -> int:
    try:
        state = by_abbreviation(abb, on=on)
    except FoedusError as exc:
        raise DataFormatError(f"{where}: {exc}") from None
    if state.cow_code is None:
        raise DataFormatError(f"{where}: {abb!r} has no COW code; accepted: a COW state")
    return state.cow_code


def parse_arrangement(doc: Mapping[str, Any], fname: str) -> tuple[dict, list[dict], list[dict]]:
    """One arrangement file as (arrangement, member rows, obligation rows)."""
    aid = doc.get("id")
    where = _where(fname, aid)
    check(doc, ARRANGEMENT, where)
    if aid != fname.removesuffix(".toml"):
        raise DataFormatError(f"{where}: id {aid!r} must equal the file name")
    bad = [k for k in doc["kinds"] if k not in KINDS]
    if bad or not doc["kinds"]:
        raise DataFormatError(f"{where}: kinds {bad or '(none)'} invalid; accepted: {KINDS}")
    signed = doc["signed"]
    in_force = doc.get("in_force", signed)
    ended = doc.get("ended")
    if ended is not None and ended < in_force:
        raise DataFormatError(f"{where}: ended {ended} is before in_force {in_force}")
    if in_force < signed:
        raise DataFormatError(f"{where}: in_force {in_force} is before signed {signed}")
    arrangement = {
        "id": aid,
        "name": doc["name"],
        "short": doc.get("short", ""),
        "aliases": tuple(doc.get("aliases", ())),
        "kinds": tuple(doc["kinds"]),
        "signed": signed,
        "in_force": in_force,
        "ended": ended,
        "end_note": doc.get("end_note", ""),
        "scope": doc.get("scope", ""),
        "atop_id": doc.get("atop_id"),
        "source": doc["source"],
    }
    members = [_member(m, i, where, arrangement) for i, m in enumerate(doc["members"])]
    obligations = [
        _obligation(o, i, where, arrangement) for i, o in enumerate(doc.get("obligations", []))
    ]
    if len({m["cow_code"] for m in members}) == 2:
        for ob in obligations:
            if not ob["against_members_source"]:
                ob["against_members_source"] = BILATERAL
    return arrangement, members, obligations


def _member(m: Mapping[str, Any], i: int, where: str, arrangement: dict) -> dict:
    at = f"{where}: members[{i}]"
    joined, left = m["joined"], m.get("left")
    if left is not None and left < joined:
        raise DataFormatError(f"{at}: left {left} is before joined {joined}")
    ended = arrangement["ended"]
    if ended is not None and joined > ended:
        raise DataFormatError(f"{at}: joined {joined} is after the arrangement ended {ended}")
    left = min(d for d in (left, ended) if d is not None) if (left or ended) else None
    suspended = []
    for j, s in enumerate(m.get("suspended", [])):
        end = s.get("end")
        if end is not None and end < s["start"]:
            raise DataFormatError(f"{at}.suspended[{j}]: end {end} is before start {s['start']}")
        if s["start"] < joined:
            raise DataFormatError(
                f"{at}.suspended[{j}]: start {s['start']} is before joined {joined}"
            )
        toward = tuple(
            _code(t, s["start"], f"{at}.suspended[{j}].toward") for t in s.get("toward", ())
        )
        suspended.append((s["start"], end, toward, s["source"]))
    return {
        "arrangement": arrangement["id"],
        "cow_code": _code(m["state"], joined, at),
        "joined": joined,
        "left": left,
        "note": m.get("note", ""),
        "source": m.get("source", arrangement["source"]),
        "suspended": tuple(suspended),
    }


def _conditions(conditions: Mapping[str, Any], on: dt.date, at: str) -> dict:
    minimum = conditions.get("attackers_min")
    if minimum is not None and minimum < 1:
        raise DataFormatError(f"{at}.attackers_min {minimum}; accepted: a whole number >= 1")
    return {
        "location": tuple(_place(k, on, f"{at}.location") for k in conditions.get("location", ())),
        "adversary": tuple(
            _code(s, on, f"{at}.adversary") for s in conditions.get("adversary", ())
        ),
        "attackers_min": minimum,
        "nonprovocation": bool(conditions.get("nonprovocation", False)),
        "conflict": conditions.get("conflict", ""),
        "demands": bool(conditions.get("demands", False)),
        "after": tuple(_code(s, on, f"{at}.after") for s in conditions.get("after", ())),
        "other": conditions.get("other", ""),
    }


def _obligation(o: Mapping[str, Any], i: int, where: str, arrangement: dict) -> dict:
    at = f"{where}: obligations[{i}]"
    if o["type"] not in OBLIGATION_TYPES:
        raise DataFormatError(f"{at}.type {o['type']!r}; accepted: {OBLIGATION_TYPES}")
    start, end = o.get("start"), o.get("end")
    first = arrangement["in_force"]
    if start is not None and start < arrangement["signed"]:
        raise DataFormatError(f"{at}.start {start} is before the arrangement was signed")
    if end is not None and end < (start or first):
        raise DataFormatError(f"{at}.end {end} is before its start {start or first}")
    if "against_members_source" in o and "against_members" not in o:
        raise DataFormatError(f"{at}: against_members_source given without against_members")
    on = start or first

    def parties(key: str) -> tuple[int, ...] | None:
        value = o.get(key, "members")
        if value == "members":
            return None
        return tuple(_code(s, on, f"{at}.{key}") for s in value)

    reservations = tuple(
        (
            _code(r["state"], on, f"{at}.reservations[{j}].state"),
            _conditions(r["conditions"], on, f"{at}.reservations[{j}].conditions"),
            r["source"],
        )
        for j, r in enumerate(o.get("reservations", []))
    )
    return {
        "index": i,
        "type": o["type"],
        "clause": o["clause"],
        "summary": o.get("summary", ""),
        "obligors": parties("obligors"),
        "beneficiaries": parties("beneficiaries"),
        "start": start,
        "end": end,
        "date_note": o.get("date_note", ""),
        "against_members": bool(o.get("against_members", False)),
        "against_members_source": o.get("against_members_source", ""),
        **_conditions(o.get("conditions", {}), on, f"{at}.conditions"),
        "reservations": reservations,
    }


def _place(key: str, on: dt.date, where: str) -> str:
    """A location key as stored: a region, area or territory key as written;
    ``state:<abbreviation>`` (one state's homeland) as ``state:<COW code>``."""
    if key.startswith(places.STATE_PLACE):
        return f"{places.STATE_PLACE}{_code(key.removeprefix(places.STATE_PLACE), on, where)}"
    if key not in places.keys():  # noqa: SIM118
        raise DataFormatError(
            f"{where} {key!r} unknown; accepted: {', '.join(places.keys())} "
            f"or {places.STATE_PLACE}<COW abbreviation>"
        )
    return key


def parse_events(text: str, known: set[str], fname: str = "events.toml") -> list[dict]:
    """The events file as rows; ``known``: the arrangement ids events may name."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFormatError(f"{fname}: {exc}") from None
    check(doc, EVENTS_FILE, fname)
    events, seen = [], set()
    for i, e in enumerate(doc["events"]):
        where = f"{fname}, event {e['id']} (events[{i}])"
        if e["id"] in seen:
            raise DataFormatError(f"{where}: id {e['id']!r} repeated; accepted: unique ids")
        seen.add(e["id"])
        if e["arrangement"] not in known:
            raise DataFormatError(
                f"{where}: arrangement {e['arrangement']!r} unknown; accepted: an arrangement id"
            )
        if e["type"] not in EVENT_TYPES:
            raise DataFormatError(
                f"{where}: type {e['type']!r}; accepted: {', '.join(EVENT_TYPES)}"
            )
        date = e["date"]
        cow_war = e.get("cow_war")
        if cow_war is not None and cow_war < 1:
            raise DataFormatError(
                f"{where}: cow_war {cow_war}; accepted: a COW war number (WarNum)"
            )
        events.append(
            {
                "id": e["id"],
                "arrangement": e["arrangement"],
                "date": date,
                "type": e["type"],
                "clause": e.get("clause", ""),
                "requested_by": tuple(
                    _code(s, date, f"{where}.requested_by") for s in e.get("requested_by", ())
                ),
                "attacked": tuple(
                    _code(s, date, f"{where}.attacked") for s in e.get("attacked", ())
                ),
                "cow_war": cow_war,
                "summary": e.get("summary", ""),
                "source": e["source"],
            }
        )
    return events
