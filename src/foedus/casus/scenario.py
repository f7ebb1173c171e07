"""Scenarios: who attacks whom, on which date, where, and what else is known."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from foedus.builtin import region_vocabulary
from foedus.dates import parse_date
from foedus.errors import FoedusError
from foedus.states import resolve
from foedus.vocab import CASUS_CHECKS, CONDITION_STATUSES, OBLIGATION_TYPES
from foedus.vocab import ROLES as ROLES
from foedus.vocab import SIDES as SIDES

TYPES = OBLIGATION_TYPES  # side codes: 1 attacker, 2 target, 0 not at war (SIDES)
MET, UNKNOWN, NOT_MET = 1, 0, -1
STATUS = dict(zip((MET, UNKNOWN, NOT_MET), CONDITION_STATUSES, strict=True))
CONDITIONS = CASUS_CHECKS


class Attack(NamedTuple):
    """An attack the user asserts: ``attacker`` attacks ``target`` (COW codes), from ``on``
    (None: the scenario's date). It holds once the attacker is at war; a target not yet at
    war is drawn in on the other side in the same round."""

    attacker: int
    target: int
    on: dt.date | None = None

    def __str__(self) -> str:
        return f"{self.attacker}>{self.target}" + (f"@{self.on}" if self.on else "")


@dataclass(frozen=True)
class Scenario:
    """A war to evaluate: COW codes of attackers and targets, the date, and what is known.

    Who attacks whom (the entry rule, docs/cascade.md): the original attackers attack the
    original targets, and a state entering on the attackers' side joins their attack on
    the original targets. A state entering to defend a victim attacks no one: collective
    self-defence against an armed attack (UN Charter Art. 51) is not itself an armed attack
    on the aggressor, so it does not invoke the aggressor's allies' defense pledges.
    Further attacks are asserted in ``attacks``. With ``chain_ganging`` the older rule
    holds instead: a state that enters attacks every belligerent of the other side already
    at war.

    ``location``: region keys of the war's theatre, for every attack in it (default: the
    original targets' home regions).
    ``provoked``: whether the targets provoked the attack (None: unknown).
    ``entrants``: further belligerents the user asserts, {COW code: "attacker"|"target"};
    they enter in round 1. ``demands_refused`` and ``conflict`` answer the demands and
    named-conflict conditions (None / "" : unknown).
    ``attacks``: asserted attacks (:class:`Attack`).
    ``honour_suspended``: pledges whose party's participation is suspended on the date
    (Armenia in the CSTO from 2024) are honoured too; by default they are reported and
    not honoured.
    """

    attackers: tuple[int, ...]
    targets: tuple[int, ...]
    date: dt.date
    location: tuple[str, ...] = ()
    provoked: bool | None = False
    entrants: Mapping[int, str] = field(default_factory=dict)
    demands_refused: bool | None = None
    conflict: str = ""
    attacks: tuple[Attack, ...] = ()
    chain_ganging: bool = False
    honour_suspended: bool = False

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
        for name in ("chain_ganging", "honour_suspended"):
            if not isinstance(getattr(self, name), bool):
                _refuse(name, getattr(self, name), "True or False")
        if not isinstance(self.attacks, tuple) or not all(
            isinstance(a, Attack)
            and _is_code(a.attacker)
            and _is_code(a.target)
            and a.attacker != a.target
            and (a.on is None or isinstance(a.on, dt.date))
            for a in self.attacks
        ):
            _refuse("attacks", self.attacks, "a tuple of Attack(attacker, target, on)")

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
        attacks: Iterable[str | tuple] = (),
        chain_ganging: bool = False,
        honour_suspended: bool = False,
    ) -> Scenario:
        """A scenario from state names or codes (resolved on the date).

        ``attacks``: asserted attacks, each ``"ATTACKER>TARGET"`` or
        ``"ATTACKER>TARGET@YYYY-MM-DD"`` (e.g. ``"Russia>Austria-Hungary@1914-07-31"``) or a
        tuple ``(attacker, target[, date])``; ``chain_ganging``: the older entry rule (see
        :class:`Scenario`); ``location``: region, treaty area, named territory or
        ``state:<COW abbreviation>`` keys (:func:`location_key`).
        """
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
        regions = tuple(location_key(r, when) for r in location)
        asserted = tuple(dict.fromkeys(parse_attack(a, when) for a in attacks))
        return cls(
            att,
            tgt,
            when,
            regions,
            provoked,
            joined,
            demands_refused,
            conflict,
            asserted,
            chain_ganging,
            honour_suspended,
        )


def location_key(key: str, when: dt.date) -> str:
    """A location key as the engine uses it: a region, treaty area or named territory of
    :func:`foedus.builtin.region_vocabulary`, or a homeland ``state:<COW abbreviation or
    code>`` (stored as ``state:<COW code>``)."""
    vocabulary = region_vocabulary()
    text = str(key).strip()
    if text.startswith("state:"):
        state = text.removeprefix("state:").strip()
        try:
            code = state_code(int(state) if state.isascii() and state.isdigit() else state, when)
        except FoedusError:
            code = None
        if code is not None:
            return f"state:{code}"
    elif text in vocabulary:
        return text
    raise FoedusError(
        f"location {_short(key)} unknown; accepted: state:<COW abbreviation> (e.g. state:UKG) "
        f"or one of {', '.join(vocabulary)}"
    )


def parse_attack(item: str | tuple, when: dt.date) -> Attack:
    """An asserted attack from ``"A>B"``, ``"A>B@YYYY-MM-DD"`` or ``(a, b[, date])``."""
    accepted = "ATTACKER>TARGET or ATTACKER>TARGET@YYYY-MM-DD, e.g. Russia>Austria-Hungary"
    if isinstance(item, str):
        head, _, day = item.partition("@")
        attacker, sep, target = head.partition(">")
        parts: tuple = (attacker.strip(), target.strip(), day.strip() or None) if sep else ()
    elif isinstance(item, tuple) and len(item) in (2, 3):
        parts = (*item, None) if len(item) == 2 else item
    else:
        parts = ()
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise FoedusError(f"attack {_short(item)} invalid; accepted: {accepted}")
    on = None if parts[2] is None else parse_date(parts[2], what="attack date")
    if on is not None and on < when:
        raise FoedusError(
            f"attack {_short(item)} dated {on}, before the scenario ({when}); accepted: a date "
            "on or after the scenario's"
        )
    attack = Attack(state_code(parts[0], when), state_code(parts[1], when), on)
    if attack.attacker == attack.target:
        raise FoedusError(f"attack {_short(item)} invalid: a state cannot attack itself")
    return attack


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
