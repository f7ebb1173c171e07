"""The curated built-in reference set: arrangements, members, obligations and events.

The data are TOML and CSV files beside this module, written by the foedus developers from
public treaty texts and official membership records (see README.md here). ``load()``
validates them and returns tidy DataFrames; every error names the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from foedus import vocab
from foedus.builtin import parse, places
from foedus.builtin.parse import CONDITIONS, EVENT_TYPES
from foedus.builtin.places import STATE_PLACE, Place, regions
from foedus.errors import DataFormatError

KINDS = vocab.KINDS
OBLIGATION_TYPES = vocab.OBLIGATION_TYPES
# composite location keys made of whole regions (the treaty areas of places.toml add more)
COMPOSITE_REGIONS = {
    "americas": ("north_america", "central_america_caribbean", "south_america"),
    "asia": ("middle_east", "central_asia", "south_asia", "east_asia", "southeast_asia"),
    "asia_pacific": ("east_asia", "southeast_asia", "oceania"),
    "nato_art6": ("europe", "north_america"),
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


def _parse_arrangement(doc: dict, fname: str) -> tuple[dict, list[dict], list[dict]]:
    """One arrangement file (kept for callers of the former single module)."""
    return parse.parse_arrangement(doc, fname)


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
    """Location keys as the base regions they stand for, sorted: a region as itself, a
    composite key or treaty area as its regions (:func:`foedus.builtin.places.region_keys`),
    a named territory as its region; ``state:`` keys and unknown keys are kept as given."""
    out: set[str] = set()
    known = set(places.keys())
    for k in keys:
        out.update(places.region_keys(k) if k in known else (k,))
    return tuple(sorted(out))


def region_vocabulary() -> tuple[str, ...]:
    """Every accepted location key but ``state:``: the base regions, then the composite
    keys (treaty areas), then the named territories (:func:`foedus.builtin.places.keys`)."""
    return places.keys()


EVENT_COLUMNS = [
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
]


@cache
def load() -> Catalog:
    """Read and validate the whole built-in reference set (schema:
    :mod:`foedus.builtin.schema`; every key at every level is checked)."""
    arrangements: list[dict] = []
    members: list[dict] = []
    obligations: list[dict] = []
    for f in _files():
        try:
            doc = tomllib.loads(f.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise DataFormatError(f"{f.name}: {exc}") from None
        a, m, o = parse.parse_arrangement(doc, f.name)
        arrangements.append(a)
        members.extend(m)
        obligations.extend(dict(ob, arrangement=a["id"]) for ob in o)
    path = resources.files("foedus.builtin").joinpath("events.toml")
    known = {a["id"] for a in arrangements}
    events = parse.parse_events(path.read_text(encoding="utf-8"), known) if path.is_file() else []
    return Catalog(
        arrangements=pd.DataFrame(arrangements),
        members=pd.DataFrame(members),
        obligations=pd.DataFrame(obligations),
        events=pd.DataFrame(events, columns=EVENT_COLUMNS),
    )


__all__ = [
    "COMPOSITE_REGIONS",
    "CONDITIONS",
    "EVENT_TYPES",
    "KINDS",
    "OBLIGATION_TYPES",
    "STATE_PLACE",
    "Catalog",
    "Place",
    "expand_regions",
    "load",
    "places",
    "region_vocabulary",
    "regions",
    "war_theatres",
]
