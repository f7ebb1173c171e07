"""The curated built-in reference set: arrangements, members, obligations and events.

The data are TOML and CSV files beside this module, written by the foedus developers from
public treaty texts and official membership records (see README.md here). ``load()``
validates them and returns tidy DataFrames; every error names the file and the key.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from foedus.errors import DataFormatError, FoedusError
from foedus.states import by_abbreviation
from foedus.vocab import KINDS

OBLIGATION_TYPES = ("defense", "offense", "neutrality", "nonaggression", "consultation")
CONDITIONS = (
    "location",
    "adversary",
    "attackers_min",
    "nonprovocation",
    "conflict",
    "demands",
    "other",
)
STATE_PLACE = "state:"  # location prefix naming one state's territory
# composite location keys of the README, as the base regions they stand for
COMPOSITE_REGIONS = {
    "americas": ("north_america", "central_america_caribbean", "south_america"),
    "asia": ("middle_east", "central_asia", "south_asia", "east_asia", "southeast_asia"),
    "asia_pacific": ("east_asia", "southeast_asia", "oceania"),
    "nato_art6": ("europe", "north_america"),
}
_ARRANGEMENT_KEYS = {
    "id",
    "name",
    "short",
    "aliases",
    "kinds",
    "signed",
    "in_force",
    "ended",
    "end_note",
    "scope",
    "atop_id",
    "source",
    "obligations",
    "members",
}


@dataclass(frozen=True)
class Catalog:
    """The built-in reference set as DataFrames."""

    arrangements: pd.DataFrame
    members: pd.DataFrame
    obligations: pd.DataFrame
    events: pd.DataFrame


def _files(folder: str = "arrangements") -> list:
    root = resources.files("foedus.builtin").joinpath(folder)
    return sorted((f for f in root.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


def _date(value: object, where: str, required: bool = True) -> dt.date | None:
    if value is None and not required:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise DataFormatError(f"{where}: {value!r} is not a date; accepted: a TOML date YYYY-MM-DD")


def _code(abb: str, on: dt.date, where: str) -> int:
    try:
        state = by_abbreviation(abb, on=on)
    except FoedusError as exc:
        raise DataFormatError(f"{where}: {exc}") from None
    if state.cow_code is None:
        raise DataFormatError(f"{where}: {abb!r} has no COW code; accepted: a COW state")
    return state.cow_code


def _parse_arrangement(doc: dict, fname: str):
    unknown = set(doc) - _ARRANGEMENT_KEYS
    if unknown:
        raise DataFormatError(f"{fname}: unknown keys {sorted(unknown)}")
    aid = doc.get("id")
    if aid != fname.removesuffix(".toml"):
        raise DataFormatError(f"{fname}: id {aid!r} must equal the file name")
    bad = [k for k in doc.get("kinds", []) if k not in KINDS]
    if bad or not doc.get("kinds"):
        raise DataFormatError(f"{fname}: kinds {bad or '(none)'} invalid; accepted: {KINDS}")
    signed = _date(doc.get("signed"), f"{fname}: signed")
    in_force = _date(doc.get("in_force", signed), f"{fname}: in_force")
    ended = _date(doc.get("ended"), f"{fname}: ended", required=False)
    if ended is not None and ended < in_force:
        raise DataFormatError(f"{fname}: ended {ended} is before in_force {in_force}")
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
    members = [_parse_member(m, i, fname, arrangement) for i, m in enumerate(doc["members"])]
    obligations = [
        _parse_obligation(o, i, fname, arrangement["in_force"])
        for i, o in enumerate(doc.get("obligations", []))
    ]
    return arrangement, members, obligations


def _parse_member(m: dict, i: int, fname: str, arrangement: dict) -> dict:
    where = f"{fname}: members[{i}]"
    joined = _date(m.get("joined"), f"{where}.joined")
    left = _date(m.get("left"), f"{where}.left", required=False)
    if left is not None and left < joined:
        raise DataFormatError(f"{where}: left {left} is before joined {joined}")
    ended = arrangement["ended"]
    if ended is not None and joined > ended:
        raise DataFormatError(f"{where}: joined {joined} is after the arrangement ended {ended}")
    left = min(d for d in (left, ended) if d is not None) if (left or ended) else None
    return {
        "arrangement": arrangement["id"],
        "cow_code": _code(m["state"], joined, where),
        "joined": joined,
        "left": left,
        "note": m.get("note", ""),
        "source": m.get("source", arrangement["source"]),
    }


def _parse_obligation(o: dict, i: int, fname: str, on: dt.date) -> dict:
    where = f"{fname}: obligations[{i}]"
    if o.get("type") not in OBLIGATION_TYPES:
        raise DataFormatError(f"{where}.type {o.get('type')!r}; accepted: {OBLIGATION_TYPES}")
    conditions = o.get("conditions", {})
    unknown = set(conditions) - set(CONDITIONS)
    if unknown:
        raise DataFormatError(f"{where}.conditions {sorted(unknown)}; accepted: {CONDITIONS}")

    def parties(key: str) -> tuple[int, ...] | None:
        value = o.get(key, "members")
        if value == "members":
            return None
        return tuple(_code(s, on, f"{where}.{key}") for s in value)

    return {
        "index": i,
        "type": o["type"],
        "clause": o["clause"],
        "summary": o.get("summary", ""),
        "obligors": parties("obligors"),
        "beneficiaries": parties("beneficiaries"),
        "location": tuple(
            _place(k, on, f"{where}.location") for k in conditions.get("location", ())
        ),
        "adversary": tuple(
            _code(s, on, f"{where}.adversary") for s in conditions.get("adversary", ())
        ),
        "attackers_min": conditions.get("attackers_min"),
        "nonprovocation": bool(conditions.get("nonprovocation", False)),
        "conflict": conditions.get("conflict", ""),
        "demands": bool(conditions.get("demands", False)),
        "other": conditions.get("other", ""),
    }


def _place(key: str, on: dt.date, where: str) -> str:
    """A location key as stored: a region key as written; ``state:<abbreviation>`` (the
    territory of one state, e.g. a guaranteed non-member) as ``state:<COW code>``."""
    if key.startswith(STATE_PLACE):
        return f"{STATE_PLACE}{_code(key.removeprefix(STATE_PLACE), on, where)}"
    if key not in region_vocabulary():
        raise DataFormatError(
            f"{where} {key!r} unknown; accepted: {', '.join(region_vocabulary())} "
            f"or {STATE_PLACE}<COW abbreviation>"
        )
    return key


def _parse_events() -> list[dict]:
    path = resources.files("foedus.builtin").joinpath("events.toml")
    if not path.is_file():
        return []
    events = []
    for i, e in enumerate(tomllib.loads(path.read_text(encoding="utf-8")).get("events", [])):
        where = f"events.toml: events[{i}]"
        date = _date(e.get("date"), f"{where}.date")
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
                "cow_war": _cow_war(e.get("cow_war"), f"{where}.cow_war"),
                "summary": e.get("summary", ""),
                "source": e.get("source", ""),
            }
        )
    return events


def _cow_war(value: object, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DataFormatError(f"{where} {value!r}; accepted: a COW war number (WarNum)")
    return value


@cache
def regions() -> dict[int, tuple[str, ...]]:
    """COW code -> home regions (base keys of the README vocabulary), from ``regions.csv``.

    Composite keys in the file are expanded to the base regions they stand for.
    """
    with resources.files("foedus.builtin").joinpath("regions.csv").open("rb") as fh:
        table = pd.read_csv(fh)
    return {
        int(code): expand_regions(keys.split(";"))
        for code, keys in zip(table["cow_code"], table["regions"], strict=True)
    }


@cache
def war_theatres() -> dict[int, tuple[str, ...]]:
    """COW war number -> the regions it was fought in, from ``war_theatres.csv``: the wars
    whose COW WhereFought names the Western Hemisphere or Asia, narrowed to the regions of
    the README vocabulary the fighting reached (the Falklands: south_america, not all three
    American regions)."""
    with resources.files("foedus.builtin").joinpath("war_theatres.csv").open("rb") as fh:
        return _parse_war_theatres(pd.read_csv(fh))


def _parse_war_theatres(table: pd.DataFrame) -> dict[int, tuple[str, ...]]:
    vocabulary = set(region_vocabulary())
    out = {}
    for row in table.itertuples(index=False):
        keys = tuple(row.regions.split(";"))
        bad = [k for k in keys if k not in vocabulary]
        if bad or not isinstance(row.source, str):
            raise DataFormatError(
                f"war_theatres.csv: war {row.warnum} regions {bad} or source missing; "
                "accepted: region keys of the README vocabulary and a source note"
            )
        out[int(row.warnum)] = expand_regions(keys)
    return out


def expand_regions(keys: Iterable[str]) -> tuple[str, ...]:
    """Region keys with composite keys (``americas``, ``nato_art6``, ...) expanded, sorted."""
    return tuple(sorted({r for k in keys for r in COMPOSITE_REGIONS.get(k, (k,))}))


def region_vocabulary() -> tuple[str, ...]:
    """Every accepted location key: the base regions, then the composite keys."""
    base = sorted({r for rs in regions().values() for r in rs})
    return tuple(base + sorted(COMPOSITE_REGIONS))


@cache
def load() -> Catalog:
    """Read and validate the whole built-in reference set."""
    arrangements, members, obligations = [], [], []
    for f in _files():
        try:
            doc = tomllib.loads(f.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise DataFormatError(f"{f.name}: {exc}") from None
        try:
            a, m, o = _parse_arrangement(doc, f.name)
        except KeyError as exc:
            raise DataFormatError(f"{f.name}: missing required key {exc}") from None
        arrangements.append(a)
        members.extend(m)
        obligations.extend(dict(ob, arrangement=a["id"]) for ob in o)
    events = _parse_events()
    known = {a["id"] for a in arrangements}
    stray = [e["arrangement"] for e in events if e["arrangement"] not in known]
    if stray:
        raise DataFormatError(f"events.toml: unknown arrangement(s) {stray}")
    return Catalog(
        arrangements=pd.DataFrame(arrangements),
        members=pd.DataFrame(members),
        obligations=pd.DataFrame(obligations),
        events=pd.DataFrame(
            events,
            columns=[
                "id",
                "arrangement",
                "date",
                "type",
                "clause",
                "requested_by",
                "attacked",
                "cow_war",
                "summary",
                "source",
            ],
        ),
    )
