"""The strict built-in loader: every key of every real file, mutated, is refused by name.

The cases are generated from the shipped TOML files: each key at every nesting level is
renamed to a typo (two letters swapped: ``left`` -> ``lfet``), each required key removed,
each value given a wrong type; the loader must refuse every one with the file, the
arrangement and the key path in the message.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources

import pytest

from foedus.builtin import parse, schema
from foedus.builtin.schema import Key
from foedus.errors import DataFormatError

ARRANGEMENTS = sorted(
    (f for f in resources.files("foedus.builtin").joinpath("arrangements").iterdir()),
    key=lambda f: f.name,
)


@cache
def _parsed(name: str) -> dict:
    path = resources.files("foedus.builtin").joinpath("arrangements", name)
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _doc(name: str) -> dict:
    return copy.deepcopy(_parsed(name))


def _typo(key: str) -> str:
    """Two adjacent letters swapped, from the second on (``left`` -> ``lfet``)."""
    i = next((i for i in range(1, len(key) - 1) if key[i] != key[i + 1]), None)
    return key + key[-1] if i is None else key[:i] + key[i + 1] + key[i] + key[i + 2 :]


def _paths(doc: dict, spec: dict[str, Key], path: tuple = ()) -> Iterator[tuple[tuple, Key]]:
    """Every (key path, spec) in ``doc``: a path is a tuple of keys and list indices."""
    for key, value in doc.items():
        here = (*path, key)
        yield here, spec[key]
        if spec[key].kind == "table":
            yield from _paths(value, spec[key].schema, here)
        elif spec[key].kind == "tables":
            for i, item in enumerate(value):
                yield from _paths(item, spec[key].schema, (*here, i))


def _text(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


def _parent(doc: dict, path: tuple) -> dict:
    for p in path[:-1]:
        doc = doc[p]
    return doc


def _cases() -> Iterator[tuple[str, tuple, Key]]:
    for f in ARRANGEMENTS:
        for path, spec in _paths(_doc(f.name), schema.ARRANGEMENT):
            yield f.name, path, spec


CASES = list(_cases())


def test_the_cases_reach_every_nesting_level():
    depths = {sum(isinstance(p, str) for p in path) for _, path, _ in CASES}
    # arrangement; obligations, members; conditions, suspended, reservations; their conditions
    assert depths == {1, 2, 3, 4}
    nested = {path[-1] for _, path, _ in CASES if len(path) > 3}
    assert {"location", "other", "start", "source"} <= nested
    assert len(CASES) > 2000


FILES = sorted({f for f, _, _ in CASES})
_WRONG = {"str": 1, "int": "1", "bool": "yes", "date": "2000-01-01", "strs": "USA"}


def _refusal(doc: dict, fname: str) -> str:
    with pytest.raises(DataFormatError) as err:
        parse.parse_arrangement(doc, fname)
    return str(err.value)


@pytest.mark.parametrize("fname", FILES)
def test_a_typo_in_any_key_is_refused_by_name(fname):
    paths = [p for f, p, _ in CASES if f == fname]
    for path in paths:
        doc = _doc(fname)
        parent = _parent(doc, path)
        wrong = _typo(path[-1])
        parent[wrong] = parent.pop(path[-1])
        message = _refusal(doc, fname)
        if path == ("id",):  # the id itself mistyped: the file is named, the id missing
            assert message.startswith(f"{fname}: unknown key {wrong}"), message
            continue
        assert message.startswith(f"{fname}, arrangement {doc['id']}: unknown key "), message
        assert _text((*path[:-1], wrong)) in message, message
        assert path[-1] in message.split("accepted at")[1], message


@pytest.mark.parametrize("fname", FILES)
def test_a_missing_required_key_is_refused_by_name(fname):
    required = [p for f, p, s in CASES if f == fname and s.required and p != ("id",)]
    assert len(required) >= 6  # name, kinds, signed, source, members, a member's state...
    for path in required:
        doc = _doc(fname)
        del _parent(doc, path)[path[-1]]
        message = _refusal(doc, fname)
        assert message == f"{fname}, arrangement {doc['id']}: missing required key {_text(path)}"


@pytest.mark.parametrize("fname", FILES)
def test_a_value_of_the_wrong_type_is_refused_by_name(fname):
    for _, path, spec in (c for c in CASES if c[0] == fname and c[2].kind in _WRONG):
        doc = _doc(fname)
        _parent(doc, path)[path[-1]] = _WRONG[spec.kind]
        message = _refusal(doc, fname)
        assert f"arrangement {doc['id']}: {_text(path)} = " in message, message
        assert message.endswith(f"is not {schema.KIND_NAMES[spec.kind]}"), message


def test_the_three_typos_of_the_issue():
    nato = _doc("nato.toml")
    for mutate, key in (
        (lambda d: d["obligations"][0].__setitem__("benificiaries", ["USA"]), "benificiaries"),
        (lambda d: d["obligations"][0].__setitem__("condtions", {}), "condtions"),
        (lambda d: d["members"][3].__setitem__("lfet", nato["members"][3]["joined"]), "lfet"),
    ):
        doc = copy.deepcopy(nato)
        mutate(doc)
        with pytest.raises(
            DataFormatError, match=f"nato.toml, arrangement nato: unknown key .*{key}"
        ):
            parse.parse_arrangement(doc, "nato.toml")


def test_events_and_places_are_checked_too():
    text = resources.files("foedus.builtin").joinpath("events.toml").read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    known = {f.name.removesuffix(".toml") for f in ARRANGEMENTS}
    assert len(parse.parse_events(text, known)) == len(doc["events"])
    bad = text.replace("requested_by =", "requested_bi =", 1)
    with pytest.raises(DataFormatError, match=r"unknown key events\[0\].requested_bi; accepted"):
        parse.parse_events(bad, known)
    places = resources.files("foedus.builtin").joinpath("places.toml").read_text(encoding="utf-8")
    pdoc = tomllib.loads(places)
    schema.check(pdoc, schema.PLACES_FILE, "places.toml")
    pdoc["places"][0]["administered"][0]["stat"] = "UKG"
    with pytest.raises(
        DataFormatError, match=r"places.toml: unknown key places\[0\].administered\[0\].stat"
    ):
        schema.check(pdoc, schema.PLACES_FILE, "places.toml")
