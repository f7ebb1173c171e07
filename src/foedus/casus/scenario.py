"""Scenarios: who attacks whom, on which date, where, and what else is known."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from foedus.builtin import region_vocabulary
from foedus.dates import parse_date
from foedus.errors import FoedusError
from foedus.states import resolve
from foedus.vocab import CASUS_CHECKS, OBLIGATION_TYPES
from foedus.vocab import ROLES as ROLES
from foedus.vocab import SIDES as SIDES

TYPES = OBLIGATION_TYPES  # side codes: 1 attacker, 2 target, 0 not at war (SIDES)
MET, UNKNOWN, NOT_MET = 1, 0, -1
STATUS = {MET: "met", UNKNOWN: "unknown", NOT_MET: "not met"}
CONDITIONS = CASUS_CHECKS


@dataclass(frozen=True)
class Scenario:
    """A war to evaluate: COW codes of attackers and targets, the date, and what is known.

    ``location``: region keys of the war's theatre, for every attack in it (default: the
    original targets' home regions).
    ``provoked``: whether the targets provoked the attack (None: unknown).
    ``entrants``: further belligerents the user asserts, {COW code: "attacker"|"target"};
    they enter in round 1. ``demands_refused`` and ``conflict`` answer the demands and
    named-conflict conditions (None / "" : unknown).
    """

    attackers: tuple[int, ...]
    targets: tuple[int, ...]
    date: dt.date
    location: tuple[str, ...] = ()
    provoked: bool | None = False
    entrants: Mapping[int, str] = field(default_factory=dict)
    demands_refused: bool | None = None
    conflict: str = ""

    def __post_init__(self) -> None:
        for name in ("attackers", "targets"):
            value = getattr(self, name)
            if not isinstance(value, tuple) or not value or not all(_is_code(c) for c in value):
                _refuse(name, value, "a non-empty tuple of COW codes (Scenario.build takes names)")
        if not isinstance(self.date, dt.date):
            _refuse("date", self.date, "a datetime.date")
        for name in ("provoked", "demands_refused"):
            if not isinstance(getattr(self, name), bool | type(None)):
                _refuse(name, getattr(self, name), "True, False or None (unknown)")
        if not isinstance(self.location, tuple) or not all(
            isinstance(r, str) for r in self.location
        ):
            _refuse("location", self.location, "a tuple of region keys")
        if not isinstance(self.entrants, Mapping) or not all(
            _is_code(c) and v in SIDES for c, v in self.entrants.items()
        ):
            _refuse("entrants", self.entrants, "{COW code: 'attacker' or 'target'}")
        if not isinstance(self.conflict, str):
            _refuse("conflict", self.conflict, "a string")

    @classmethod
    def build(
        cls,
        attackers: Iterable[str | int] | str | int,
        targets: Iterable[str | int] | str | int,
        on: str | dt.date | int,
        location: Iterable[str] = (),
        provoked: bool | None = False,
        entrants: Mapping[str | int, str] | None = None,
        demands_refused: bool | None = None,
        conflict: str = "",
    ) -> Scenario:
        """A scenario from state names or codes (resolved on the date)."""
        when = parse_date(on, what="scenario date")
        att = _codes(attackers, when)
        tgt = _codes(targets, when)
        joined = {_codes(s, when)[0]: _side(v) for s, v in (entrants or {}).items()}
        clash = (set(att) & set(tgt)) | (set(joined) & (set(att) | set(tgt)))
        if clash or not att or not tgt:
            raise FoedusError(
                f"scenario states {sorted(clash) or '(none)'} invalid; accepted: "
                "at least one attacker and one target, each state on one side"
            )
        regions = tuple(location)
        vocabulary = region_vocabulary()
        bad = [r for r in regions if r not in vocabulary]
        if bad:
            raise FoedusError(f"location {bad} unknown; accepted: {', '.join(vocabulary)}")
        return cls(att, tgt, when, regions, provoked, joined, demands_refused, conflict)


def _codes(states: Iterable[str | int] | str | int, when: dt.date) -> tuple[int, ...]:
    items = [states] if isinstance(states, str | int) else list(states)
    return tuple(dict.fromkeys(state_code(s, when) for s in items))


def state_code(state: str | int, when: dt.date) -> int:
    """The COW code of ``state`` (a name, abbreviation or code) on ``when``."""
    code = resolve(state, on=when).cow_code
    if code is None:
        raise FoedusError(
            f"state {state!r} has no Correlates of War code on {when}; accepted: a state of "
            "the COW state system on that date"
        )
    return int(code)


def check_inputs(scenario: object, obligations: object) -> None:
    """Raise :class:`FoedusError` unless ``scenario`` is a :class:`Scenario` and
    ``obligations`` a frame with the columns of :func:`foedus.commitments.obligations_on`."""
    from foedus.commitments import COLUMNS

    if not isinstance(scenario, Scenario):
        raise FoedusError(
            f"scenario={_short(scenario)} invalid; accepted: a foedus.Scenario "
            "(e.g. Scenario.build('Russia', 'Estonia', '2024-06-01'))"
        )
    missing = (
        [c for c in COLUMNS if c not in obligations.columns]
        if isinstance(obligations, pd.DataFrame)
        else None
    )
    if missing is None or missing:
        raise FoedusError(
            f"obligations={_short(obligations)} invalid"
            + (f" (missing columns {', '.join(missing)})" if missing else "")
            + "; accepted: a frame of foedus.obligations_on(date)"
        )


def _refuse(name: str, value: object, accepted: str) -> None:
    raise FoedusError(f"Scenario {name}={_short(value)} invalid; accepted: {accepted}")


def _short(value: object) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _is_code(value: object) -> bool:
    return bool(isinstance(value, int | np.integer) and not isinstance(value, bool) and value > 0)


def _side(value: str) -> str:
    if value not in SIDES:
        raise FoedusError(f"entrant side {value!r} unknown; accepted: attacker, target")
    return value
