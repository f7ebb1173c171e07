"""Where the war is fought, and the location conditions of each pledge.

A scenario's location keys (``--location``) are regions, treaty areas, named territories
(``falklands``, ``hawaii``, ...) or a state's homeland (``state:<COW abbreviation>``), as
:mod:`foedus.builtin.places` defines them when it is available (else regions only). Without
one, the war falls on each original target's homeland. A pledge's location condition is met
when the location falls inside the area it names (``places.covers``: NATO's Art. 6 area
holds the Parties' territory in Europe and North America, not the Falklands or Hawaii;
"territories under the administration of Japan" do not hold Korea).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from foedus._arrays import among
from foedus.builtin import STATE_PLACE, expand_regions, regions
from foedus.casus.scenario import MET, NOT_MET, SIDES, UNKNOWN, Scenario

_places: Any
try:  # named territories and treaty areas (foedus.builtin.places), when present
    _places = importlib.import_module("foedus.builtin.places")
except ImportError:  # pragma: no cover - older built-in set: regions only
    _places = None


def where_keys(scenario: Scenario) -> tuple[str, ...]:
    """The location keys of the war: the scenario's, else each original target's homeland."""
    if scenario.location:
        return scenario.location
    return tuple(f"{STATE_PLACE}{t}" for t in scenario.targets)


def _regions_of(key: str, scenario: Scenario) -> tuple[str, ...]:
    if key.startswith(STATE_PLACE):
        code = key.removeprefix(STATE_PLACE)
        return regions().get(int(code), ()) if code.isdigit() else ()
    return expand_regions([key])


def theatre(scenario: Scenario) -> frozenset[str]:
    """The war's regions: those of its location keys (:func:`where_keys`; a homeland: the
    state's home regions), empty when none is known."""
    return frozenset(r for k in where_keys(scenario) for r in _regions_of(k, scenario))


def _unnamed_location_status(
    scenario: Scenario,
    unnamed: np.ndarray,
    arrangement: np.ndarray,
    names: np.ndarray,
    members: Mapping[str, frozenset[int]],
) -> np.ndarray:
    """A location limit whose content the source does not code (ATOP's ``*COLOC``; per
    pledge ``unnamed``, of the arrangement coded ``arrangement`` in ``names``): not met when
    the war's theatre lies outside the home regions of every member of the arrangement,
    otherwise left unknown (the ``unspecified`` condition says so).

    The ATOP codebook's examples of such limits ("home territory only; attack on the
    Eastern front") tie a pledge to the members' own area; a war fought wholly elsewhere
    (Korea, for the Organization of American States' pledges) cannot meet it.
    """
    where = theatre(scenario)
    out = np.where(unnamed, UNKNOWN, MET).astype(np.int8)
    if not where or not unnamed.any():
        return out
    homes = regions()
    outside = []
    for a in np.unique(arrangement[unnamed]):
        around = {r for c in members.get(names[a], ()) for r in homes.get(c, ())}
        if around and not where & around:
            outside.append(a)
    out[unnamed & np.isin(arrangement, outside)] = NOT_MET
    return out


def _home_territory_status(
    scenario: Scenario, open_defense: np.ndarray, beneficiary: np.ndarray
) -> np.ndarray:
    """A defense pledge without a named location (``open_defense``) answers an attack on
    the beneficiary's own sovereignty or territorial integrity (ATOP codebook v5.1, DEFENSE;
    support for a partner fighting elsewhere is ATOP's OFFENSE): not met when the war was
    fought abroad (:func:`fought_abroad`; the United Kingdom in Korea), met otherwise. A
    named location (NATO's Art. 6 area, SEATO's treaty area) says itself where an attack
    counts.
    """
    out = np.full(len(beneficiary), MET, dtype=np.int8)
    where, homes = theatre(scenario), regions()
    abroad = [
        b
        for b in np.unique(beneficiary[open_defense])
        if where and (home := homes.get(int(b), ())) and not where & set(home)
    ]
    out[open_defense & among(beneficiary, abroad)] = NOT_MET
    return out


def fought_abroad(scenario: Scenario, state: int) -> bool:
    """Whether the war's theatre lies outside every home region of ``state`` (False when
    either is unknown)."""
    where, home = theatre(scenario), regions().get(int(state), ())
    return bool(where and home and not where & set(home))


def _location_status(
    scenario: Scenario, location: np.ndarray, keys: Sequence[tuple[str, ...]]
) -> np.ndarray:
    """Met when the war's location falls inside the condition's areas (every attack of the
    scenario falls there, later entrants' too; unknown without a location), or one of the
    states whose homeland it names is attacked (:func:`_territory_status`). ``location``:
    each pledge's condition as an index in ``keys`` (-1: none, met)."""
    out = np.full(len(location), MET, dtype=np.int8)
    named = location >= 0
    used = np.unique(location[named])
    if not len(used):
        return out
    where = where_keys(scenario)
    regions_at = theatre(scenario)
    status = np.full(len(keys), MET, dtype=np.int8)
    for key_id in used:
        key = keys[key_id]
        areas = [k for k in key if not k.startswith(STATE_PLACE)]
        states = [int(k.removeprefix(STATE_PLACE)) for k in key if k not in areas]
        found = [_territory_status(scenario, c) for c in states]
        if areas and not regions_at:
            found.append(UNKNOWN)
        elif areas:
            found.append(MET if _covered(areas, where, regions_at, scenario) else NOT_MET)
        status[key_id] = max(found)
    out[named] = status[location[named]]
    return out


def _covered(
    areas: list[str], where: tuple[str, ...], regions_at: frozenset[str], scenario: Scenario
) -> bool:
    """Whether the war's location falls in one of ``areas`` (``places.covers`` when the
    built-in set has named territories and treaty areas, else by regions)."""
    if _places is None:
        return bool(regions_at & set(expand_regions(areas)))
    known = set(_places.keys())
    for area in areas:
        for w in where:
            if area in known:
                if _places.covers(area, w, scenario.date):
                    return True
            elif set(_regions_of(w, scenario)) & set(expand_regions([area])):
                return True
    return False


def _territory_status(scenario: Scenario, state: int) -> int:
    """A state's territory is attacked when the state fights on the targets' side (met),
    not when it is not at war (not met); on the attackers' side, unknown (the war may
    reach its territory)."""
    if state in scenario.targets or scenario.entrants.get(state) == SIDES[1]:
        return MET
    at_war = state in scenario.attackers or state in scenario.entrants
    return UNKNOWN if at_war else NOT_MET
