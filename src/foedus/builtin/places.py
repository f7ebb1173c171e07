"""Where an attack falls: regions, states' homelands, named territories and treaty areas.

Four kinds of location key, all accepted by :func:`resolve` and :func:`covers`:

- a **region** (``europe``, ``east_asia``, ...: the base keys of ``regions.csv``);
- a **state's homeland**, ``state:<COW abbreviation>`` (or ``state:<COW code>``, the form the
  obligations frame stores): the state's home territory, whose regions ``regions.csv``
  gives (or the ``homelands`` of ``places.toml`` where the state's territory reaches
  further), without the named territories below (an attack on the continental United
  States is not an attack on Hawaii, which lies in the Pacific);
- a **named territory** outside a state's homeland (``falklands``, ``hawaii``, ``okinawa``,
  ``crimea``, ...: ``places.toml``), with its region and the state administering it on each
  date (Okinawa: the United States until 1972-05-14, Japan from 1972-05-15);
- a **treaty area** (``nato_art6``, ``japan_administered``, ``pacific_area``, ...:
  ``places.toml``), written from the treaty's own words: whole regions, states' homelands
  and named territories (each with dates where the text limits them, e.g. the Algerian
  departments of France in NATO's Art. 6 until 1962), optionally only while administered
  by named states ("territories under the administration of Japan"). The older composite
  keys ``americas``, ``asia`` and ``asia_pacific`` are areas made of regions only.

Every place and area carries a source note written from the treaty texts and official
records (see README.md).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from foedus.builtin.schema import PLACES_FILE, check
from foedus.errors import DataFormatError, FoedusError, UnknownStateError
from foedus.states import by_abbreviation

STATE_PLACE = "state:"  # location prefix naming one state's homeland
KINDS = ("region", "area", "state", "place")
_FILE = "places.toml"


@dataclass(frozen=True)
class Place:
    """A resolved location key.

    Attributes
    ----------
    key
        The key as resolved (``state:<COW code>`` for a homeland).
    name
        A readable name.
    state
        COW code of the state administering the place on the date asked (None for a
        region, an area, or a territory no member of the state system administered).
    regions
        The base regions the location lies in (an area: the whole regions it names).
    note
        Source note.
    kind
        ``region``, ``area``, ``state`` or ``place``.
    states
        Homelands the location includes (a homeland: itself; an area: the states it names).
    places
        Named territories the location includes on the date (a place: itself).
    """

    key: str
    name: str
    state: int | None
    regions: frozenset[str]
    note: str
    kind: str = "region"
    states: frozenset[int] = frozenset()
    places: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Spell:
    state: int | None
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class _Territory:
    key: str
    name: str
    regions: frozenset[str]
    spells: tuple[_Spell, ...]
    note: str


@dataclass(frozen=True)
class _Area:
    key: str
    name: str
    regions: frozenset[str]
    states: frozenset[int]
    places: tuple[tuple[str, dt.date, dt.date], ...]
    administered_by: frozenset[int]
    note: str


@cache
def regions() -> dict[int, tuple[str, ...]]:
    """COW code -> home regions (base keys), from ``regions.csv``.

    Composite keys in the file are expanded to the base regions they stand for.
    """
    with resources.files("foedus.builtin").joinpath("regions.csv").open("rb") as fh:
        table = pd.read_csv(fh)
    raw = {
        int(code): tuple(keys.split(";"))
        for code, keys in zip(table["cow_code"], table["regions"], strict=True)
    }
    composite = {"americas", "asia", "asia_pacific", "nato_art6"}
    base = sorted({r for keys in raw.values() for r in keys} - composite)
    lookup = {k: (k,) for k in base} | {a.key: tuple(sorted(a.regions)) for a in _areas_raw()}
    return {
        c: tuple(sorted({r for k in keys for r in lookup.get(k, (k,))})) for c, keys in raw.items()
    }


@cache
def homelands() -> dict[int, tuple[str, ...]]:
    """COW code -> the regions of the state's homeland where they differ from
    :func:`regions` (the regions of all its territory): the United States without the
    Pacific (Hawaii and Guam are places)."""
    out = {}
    for i, h in enumerate(_document().get("homelands", [])):
        where = f"{_FILE}, homelands[{i}]"
        _regions_known(h["regions"], set(base_regions()), where)
        out[_state_code(h["state"], where)] = tuple(sorted(h["regions"]))
    return out


def base_regions() -> tuple[str, ...]:
    """The base region keys (``regions.csv``'s vocabulary), sorted."""
    return tuple(sorted({r for rs in regions().values() for r in rs}))


def _state_code(abb: str, where: str) -> int:
    try:
        code = by_abbreviation(abb).cow_code
    except UnknownStateError as exc:
        raise DataFormatError(f"{where}: {exc}") from None
    if code is None:
        raise DataFormatError(f"{where}: {abb!r} has no COW code; accepted: a COW state")
    return int(code)


@cache
def _document() -> dict:
    text = resources.files("foedus.builtin").joinpath(_FILE).read_text(encoding="utf-8")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFormatError(f"{_FILE}: {exc}") from None
    check(doc, PLACES_FILE, _FILE)
    return doc


def _areas_raw() -> list[_Area]:
    return list(_catalog()[1].values())


@cache
def _catalog() -> tuple[dict[str, _Territory], dict[str, _Area]]:
    doc = _document()
    with resources.files("foedus.builtin").joinpath("regions.csv").open("rb") as fh:
        table = pd.read_csv(fh)
    base = {r for keys in table["regions"] for r in keys.split(";")}
    base -= {"americas", "asia", "asia_pacific", "nato_art6"}
    territories: dict[str, _Territory] = {}
    for i, p in enumerate(doc["places"]):
        where = f"{_FILE}, place {p['key']} (places[{i}])"
        _regions_known(p["regions"], base, where)
        spells = []
        for j, a in enumerate(p["administered"]):
            state = a.get("state")
            spells.append(
                _Spell(
                    None if state is None else _state_code(state, f"{where}.administered[{j}]"),
                    a.get("start", dt.date.min),
                    a.get("end", dt.date.max),
                )
            )
        territories[p["key"]] = _Territory(
            p["key"], p["name"], frozenset(p["regions"]), tuple(spells), p["source"]
        )
    areas: dict[str, _Area] = {}
    for i, a in enumerate(doc["areas"]):
        where = f"{_FILE}, area {a['key']} (areas[{i}])"
        _regions_known(a.get("regions", []), base, where)
        places = []
        for j, entry in enumerate(a.get("places", [])):
            if entry["place"] not in territories:
                raise DataFormatError(
                    f"{where}: places[{j}].place {entry['place']!r} unknown; accepted: "
                    f"{', '.join(territories)}"
                )
            places.append(
                (entry["place"], entry.get("start", dt.date.min), entry.get("end", dt.date.max))
            )
        areas[a["key"]] = _Area(
            a["key"],
            a["name"],
            frozenset(a.get("regions", ())),
            frozenset(_state_code(s, f"{where}.states") for s in a.get("states", ())),
            tuple(places),
            frozenset(
                _state_code(s, f"{where}.administered_by") for s in a.get("administered_by", ())
            ),
            a["source"],
        )
    clash = (set(territories) & set(areas)) | ((set(territories) | set(areas)) & base)
    if clash:
        raise DataFormatError(f"{_FILE}: keys {sorted(clash)} used twice; accepted: unique keys")
    return territories, areas


def _regions_known(keys: Iterable[str], base: set[str], where: str) -> None:
    bad = [k for k in keys if k not in base]
    if bad:
        raise DataFormatError(
            f"{where}: regions {bad} unknown; accepted: {', '.join(sorted(base))}"
        )


@cache
def keys() -> tuple[str, ...]:
    """Every accepted location key except ``state:<COW abbreviation>``: the base regions,
    the treaty areas (composite keys), then the named territories."""
    territories, areas = _catalog()
    return (*base_regions(), *sorted(areas), *sorted(territories))


def area_keys() -> tuple[str, ...]:
    """The composite keys (treaty areas and region groups)."""
    return tuple(sorted(_catalog()[1]))


def place_keys() -> tuple[str, ...]:
    """The named territories."""
    return tuple(sorted(_catalog()[0]))


def _when(on: dt.date | None) -> dt.date:
    return dt.date.today() if on is None else on


def _administrator(t: _Territory, on: dt.date) -> int | None:
    for s in t.spells:
        if s.start <= on <= s.end:
            return s.state
    return None


def _accepted() -> str:
    return (
        f"a region ({', '.join(base_regions())}), a treaty area ({', '.join(area_keys())}), "
        f"a territory ({', '.join(place_keys())}) or {STATE_PLACE}<COW abbreviation>"
    )


def resolve(key: str, on: dt.date | None = None) -> Place:
    """The location a key names, on a date (today by default).

    Parameters
    ----------
    key
        A region, a treaty area (composite key), a named territory, or
        ``state:<COW abbreviation or code>`` (the state's homeland).
    on
        The date: decides who administers a territory and which dated parts of an area
        apply (NATO's Art. 6 covered the Algerian departments of France until 1962).

    Returns
    -------
    Place

    Raises
    ------
    FoedusError
        An unknown key, with the accepted keys.
    """
    return _resolve(str(key).strip(), _when(on))


@cache
def _resolve(key: str, on: dt.date) -> Place:
    territories, areas = _catalog()
    if key.startswith(STATE_PLACE):
        code = _homeland_code(key.removeprefix(STATE_PLACE))
        from foedus.states import name_of

        try:
            name = name_of(code, on=on)
        except FoedusError:
            name = f"COW {code}"
        return Place(
            key=f"{STATE_PLACE}{code}",
            name=f"{name} (homeland)",
            state=code,
            regions=frozenset(homelands().get(code, regions().get(code, ()))),
            note="home regions (places.toml homelands, else regions.csv)",
            kind="state",
            states=frozenset({code}),
        )
    if key in territories:
        t = territories[key]
        return Place(
            key, t.name, _administrator(t, on), t.regions, t.note, "place", places=frozenset({key})
        )
    if key in areas:
        a = areas[key]
        named = {
            p
            for p, start, end in a.places
            if start <= on <= end
            and (not a.administered_by or _administrator(territories[p], on) in a.administered_by)
        }
        return Place(
            key, a.name, None, a.regions, a.note, "area", states=a.states, places=frozenset(named)
        )
    if key in base_regions():
        return Place(key, key.replace("_", " "), None, frozenset({key}), "region of regions.csv")
    raise FoedusError(f"location {key!r} unknown; accepted: {_accepted()}")


def _homeland_code(text: str) -> int:
    if text.isascii() and text.isdigit():
        return int(text)
    try:
        code = by_abbreviation(text).cow_code
    except UnknownStateError:
        code = None
    if code is None:
        raise FoedusError(
            f"location {STATE_PLACE}{text!r} unknown; accepted: {STATE_PLACE}<COW abbreviation>, "
            "e.g. state:TUR"
        )
    return int(code)


def covers(area: str, where: str, on: dt.date | None = None) -> bool:
    """Whether an attack at ``where`` falls inside location ``area`` on a date.

    Parameters
    ----------
    area
        The location of a pledge (any key :func:`resolve` accepts).
    where
        Where the attack falls (any key :func:`resolve` accepts).
    on
        The date (today by default).

    Returns
    -------
    bool
        A named territory is inside ``area`` when the area names it (on the date, and
        administered then by one of the area's ``administered_by`` states) or when it lies
        in one of the area's whole regions; a homeland when the area names the state or
        one of its home regions is among the area's whole regions; a region or area when
        they share a whole region, a homeland or a territory.
    """
    a, w = resolve(area, on), resolve(where, on)
    if w.kind == "place":
        return bool(w.places & a.places or w.regions & a.regions)
    if w.kind == "state":
        return bool(w.states & a.states or w.regions & a.regions)
    return bool(w.regions & a.regions or w.states & a.states or w.places & a.places)


def region_keys(key: str, on: dt.date | None = None) -> tuple[str, ...]:
    """The base regions a location key stands for, sorted (an area without whole regions:
    the regions of its homelands and territories); for code that matches regions only."""
    p = resolve(key, on)
    if p.kind != "area" or p.regions:
        return tuple(sorted(p.regions))
    territories = _catalog()[0]
    homes = regions() | homelands()
    found = {r for c in p.states for r in homes.get(c, ())}
    area = _catalog()[1][key]
    found |= {r for name, _, _ in area.places for r in territories[name].regions}
    return tuple(sorted(found))
