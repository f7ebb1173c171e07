"""The schema of the built-in TOML files: every key at every nesting level, and its type.

:func:`check` walks a parsed TOML document against one of the schemas below and raises a
:class:`~foedus.errors.DataFormatError` for the first unknown key (a typo such as
``benificiaries``, ``condtions`` or a member's ``lfet``), missing required key or value of
the wrong type, naming the file, the arrangement and the key path, and listing the keys
accepted at that level. The README beside this module documents each key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from foedus.errors import DataFormatError

# value kinds: one TOML type each, "parties" = "members" or a list of strings
KIND_NAMES = {
    "str": "a string",
    "int": "an integer",
    "bool": "true or false",
    "date": "a TOML date YYYY-MM-DD",
    "strs": "a list of strings",
    "parties": '"members" or a list of COW abbreviations',
    "table": "a table",
    "tables": "an array of tables",
}


@dataclass(frozen=True)
class Key:
    """One accepted key: its value kind, whether it is required, the schema of a
    (list of) table(s)."""

    kind: str
    required: bool = False
    schema: Mapping[str, Key] = field(default_factory=dict)


def _req(kind: str) -> Key:
    return Key(kind, required=True)


# a dated spell inside a member or a party condition (suspension of participation)
SUSPENSION: dict[str, Key] = {
    "start": _req("date"),
    "end": Key("date"),
    "toward": Key("strs"),
    "note": Key("str"),
    "source": _req("str"),
}

CONDITIONS: dict[str, Key] = {
    "location": Key("strs"),
    "adversary": Key("strs"),
    "attackers_min": Key("int"),
    "nonprovocation": Key("bool"),
    "conflict": Key("str"),
    "demands": Key("bool"),
    "after": Key("strs"),
    "other": Key("str"),
}

# a reservation or understanding that limits one party's pledge (per-party conditions)
RESERVATION: dict[str, Key] = {
    "state": _req("str"),
    "conditions": Key("table", required=True, schema=CONDITIONS),
    "source": _req("str"),
}

OBLIGATION: dict[str, Key] = {
    "type": _req("str"),
    "clause": _req("str"),
    "summary": Key("str"),
    "obligors": Key("parties"),
    "beneficiaries": Key("parties"),
    "start": Key("date"),
    "end": Key("date"),
    "date_note": Key("str"),
    "against_members": Key("bool"),
    "against_members_source": Key("str"),
    "conditions": Key("table", schema=CONDITIONS),
    "reservations": Key("tables", schema=RESERVATION),
}

MEMBER: dict[str, Key] = {
    "state": _req("str"),
    "joined": _req("date"),
    "left": Key("date"),
    "note": Key("str"),
    "source": Key("str"),
    "suspended": Key("tables", schema=SUSPENSION),
}

ARRANGEMENT: dict[str, Key] = {
    "id": _req("str"),
    "name": _req("str"),
    "short": Key("str"),
    "aliases": Key("strs"),
    "kinds": _req("strs"),
    "signed": _req("date"),
    "in_force": Key("date"),
    "ended": Key("date"),
    "end_note": Key("str"),
    "scope": Key("str"),
    "atop_id": Key("int"),
    "source": _req("str"),
    "obligations": Key("tables", schema=OBLIGATION),
    "members": Key("tables", required=True, schema=MEMBER),
}

EVENT: dict[str, Key] = {
    "id": _req("str"),
    "arrangement": _req("str"),
    "date": _req("date"),
    "type": _req("str"),
    "clause": Key("str"),
    "requested_by": Key("strs"),
    "attacked": Key("strs"),
    "cow_war": Key("int"),
    "summary": Key("str"),
    "source": _req("str"),
}
EVENTS_FILE: dict[str, Key] = {"events": Key("tables", required=True, schema=EVENT)}

ADMINISTRATION: dict[str, Key] = {
    "state": Key("str"),
    "start": Key("date"),
    "end": Key("date"),
    "note": Key("str"),
}
PLACE: dict[str, Key] = {
    "key": _req("str"),
    "name": _req("str"),
    "regions": _req("strs"),
    "administered": Key("tables", required=True, schema=ADMINISTRATION),
    "note": Key("str"),
    "source": _req("str"),
}
AREA_PLACE: dict[str, Key] = {"place": _req("str"), "start": Key("date"), "end": Key("date")}
AREA: dict[str, Key] = {
    "key": _req("str"),
    "name": _req("str"),
    "regions": Key("strs"),
    "states": Key("strs"),
    "places": Key("tables", schema=AREA_PLACE),
    "administered_by": Key("strs"),
    "note": Key("str"),
    "source": _req("str"),
}
# a state's homeland where it differs from its territory's regions (regions.csv)
HOMELAND: dict[str, Key] = {"state": _req("str"), "regions": _req("strs"), "source": _req("str")}
PLACES_FILE: dict[str, Key] = {
    "places": Key("tables", required=True, schema=PLACE),
    "areas": Key("tables", required=True, schema=AREA),
    "homelands": Key("tables", schema=HOMELAND),
}


def _fits(value: object, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "strs":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "parties":
        return value == "members" or _fits(value, "strs")
    if kind == "table":
        return isinstance(value, dict)
    if kind == "tables":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise AssertionError(kind)


def check(doc: Mapping[str, object], schema: Mapping[str, Key], where: str, path: str = "") -> None:
    """Validate ``doc`` against ``schema`` recursively.

    Parameters
    ----------
    doc
        A parsed TOML table.
    schema
        The accepted keys of that table (e.g. :data:`ARRANGEMENT`).
    where
        The file and the arrangement, for messages (``"nato.toml, arrangement nato"``).
    path
        The key path of ``doc`` inside the file (``"obligations[0]"``); empty at the top.

    Raises
    ------
    DataFormatError
        One line naming ``where``, the key path and what is accepted.
    """
    at = f"{path}." if path else ""
    for key in doc:
        if key not in schema:
            raise DataFormatError(
                f"{where}: unknown key {at}{key}; accepted at {path or 'the top level'}: "
                f"{', '.join(schema)}"
            )
    for key, spec in schema.items():
        if key not in doc:
            if spec.required:
                raise DataFormatError(f"{where}: missing required key {at}{key}")
            continue
        value: Any = doc[key]
        if not _fits(value, spec.kind):
            raise DataFormatError(f"{where}: {at}{key} = {value!r} is not {KIND_NAMES[spec.kind]}")
        if spec.kind == "table":
            check(value, spec.schema, where, f"{at}{key}")
        elif spec.kind == "tables":
            for i, item in enumerate(value):
                check(item, spec.schema, where, f"{at}{key}[{i}]")
