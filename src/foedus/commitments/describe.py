"""Obligation rows in words: conditions, places and state names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from foedus.builtin import places
from foedus.errors import FoedusError, UnknownStateError
from foedus.states import name_of


def describe_conditions(row: Mapping[str, Any]) -> str:
    """The conditions of one obligation row (a Series or a dict) in words ("" when
    unconditional)."""
    parts = []
    if row["cond_location"]:
        start = row["start"]
        on = None if start is None or pd.isna(start) else pd.Timestamp(start).date()
        parts.append("attack in " + describe_places(row["cond_location"], on=on))
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
    if len(row.get("cond_after", ())):
        parts.append(
            "only once " + ", ".join(state_name(c) for c in row["cond_after"]) + " has acted"
        )
    if row["cond_other"]:
        parts.append(row["cond_other"])
    parts.extend(f"a {c} condition the source does not specify" for c in row["cond_unspecified"])
    return "; ".join(parts)


def describe_places(keys: tuple[str, ...], on: dt.date | None = None) -> str:
    """Location keys in words: a region or treaty area as its key (``nato_art6``), a named
    territory by its name, a state's homeland by the state's name (on ``on``)."""
    out = []
    for k in keys:
        if k.startswith(places.STATE_PLACE):
            out.append(
                f"the territory of {state_name(int(k.removeprefix(places.STATE_PLACE)), on=on)}"
            )
            continue
        try:
            place = places.resolve(k, on)
        except FoedusError:
            out.append(k)
            continue
        out.append(place.name if place.kind == "place" else k)
    return ", ".join(out)


def state_name(code: int, on: dt.date | None = None) -> str:
    """The state's name, or ``COW <code>`` for codes outside the built-in state list."""
    return _state_name(int(code), on)


@lru_cache(maxsize=65536)  # the built-in state list does not change: a report names each once
def _state_name(code: int, on: dt.date | None) -> str:
    try:
        return name_of(code, on=on)
    except UnknownStateError:
        return f"COW {code}"
