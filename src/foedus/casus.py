"""Casus foederis: which obligations a war triggers, condition by condition (pure functions).

A war is a set of belligerents, each on the attacker or the target side and entered in a
round (0 for the original attackers and targets). Who attacks whom follows one rule:
the original attackers attack the original targets, and a state that enters later makes
war on every belligerent of the other side that was already fighting (Russia entering
for Serbia in 1914 attacks Austria-Hungary; Germany, entering next, attacks Russia).

Following the ATOP codebook (Leeds et al. 2002; codebook v5.1 section 1.51) and the
casus foederis literature (Leeds, Long & Mitchell 2000, "Reevaluating Alliance
Reliability", Journal of Conflict Resolution 44(5): 686-699), an obligation of
``obligor`` toward ``beneficiary`` is triggered when its event occurs:

* defense: the beneficiary is attacked (not when it attacks) by a state that is not a
  member of the same arrangement: a war between members (the Football War of 1969 inside
  the Rio Treaty, the Soviet invasion of Hungary in 1956 inside the Warsaw Pact) does not
  invoke their defense pledges, as Leeds, Long & Mitchell (2000) code it (members
  fighting each other is a matter for non-aggression pledges); the members of an
  arrangement are the states that owe or are owed its obligations in the frame given;
* offense: the beneficiary attacks (the obligor joins it);
* neutrality and consultation: the beneficiary is at war;
* nonaggression: the beneficiary is at war (the obligor must not attack it);

and every condition holds: the named adversary is among the states in that event,
enough states attack the beneficiary (ATOP's NEUCOATT, "neutral only if the ally is
attacked", is a minimum of one attacker: counted against the states attacking the
beneficiary, not those it fights), the war's theatre falls in the location (the
scenario's location applies to every attack of the war; without one, the original
targets' home regions; a defense pledge without a named location also needs the war
to reach the beneficiary's home regions, since ATOP's DEFENSE answers an attack on the
ally's own territory), the beneficiary did not provoke (the attacker side began the
war; a state that entered by intervening may have provoked), the named conflict (the
same name, compared exactly), refused demands. Each condition is met, not met or
unknown; a source condition whose content is not coded (ATOP's adversary and location
flags) is unknown, except that a location limit cannot be met by a war fought outside
the home regions of every member. Free-text ``cond_other`` notes of the built-in set are
shown but not evaluated.

The evaluation is vectorised over runs (rows of the ``side``/``rnd`` arrays), so the
cascade simulator calls this same code for one run or a hundred thousand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from foedus.builtin import STATE_PLACE, expand_regions, region_vocabulary, regions
from foedus.commitments import describe_places, state_name
from foedus.dates import parse_date
from foedus.errors import FoedusError
from foedus.states import resolve

SIDES = ("attacker", "target")  # side codes 1 and 2; 0 = not at war
TYPES = ("defense", "offense", "neutrality", "nonaggression", "consultation")
ROLES = {
    "defense": "defend target",
    "offense": "join attacker",
    "neutrality": "stay neutral",
    "nonaggression": "refrain from attacking",
    "consultation": "consult",
}
MET, UNKNOWN, NOT_MET = 1, 0, -1
STATUS = {MET: "met", UNKNOWN: "unknown", NOT_MET: "not met"}
CONDITIONS = (
    "event",
    "adversary",
    "attackers",
    "location",
    "provocation",
    "conflict",
    "demands",
    "unspecified",
)


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
    return tuple(dict.fromkeys(resolve(s, on=when).cow_code for s in items))


def _side(value: str) -> str:
    if value not in SIDES:
        raise FoedusError(f"entrant side {value!r} unknown; accepted: attacker, target")
    return value


# -- compiling obligations into arrays ---------------------------------------------------------
@dataclass(frozen=True)
class Pledges:
    """Obligations of one scenario as arrays over ``states`` (index) and pledges (rows).

    ``static_parts`` holds, per condition, pledge and beneficiary side (attacker, target),
    the status of the conditions that do not depend on who else fights; ``adversary`` is
    a (pledges x states) 0/1 matrix of named adversaries; ``fellows`` marks, for each
    defense pledge, the other members of its arrangement (``members``: arrangement ->
    member codes), whose attack on the beneficiary does not invoke it.
    """

    scenario: Scenario
    table: pd.DataFrame
    states: np.ndarray
    obligor: np.ndarray
    beneficiary: np.ndarray
    kind: np.ndarray
    has_adversary: np.ndarray
    adversary: sp.csr_matrix
    members: Mapping[str, frozenset[int]]
    fellows: sp.csr_matrix
    attackers_min: np.ndarray
    static_parts: dict[str, np.ndarray]
    static: np.ndarray  # the least of static_parts
    original: np.ndarray  # per state: 1 original attacker, 2 original target, 0 other

    def index(self, codes: Iterable[int]) -> np.ndarray:
        return np.searchsorted(self.states, np.asarray(list(codes), dtype=np.int64))


def compile_pledges(
    scenario: Scenario,
    obligations: pd.DataFrame,
    states: Iterable[int] = (),
    members: Mapping[str, frozenset[int]] | None = None,
) -> Pledges:
    """Arrays for :func:`evaluate` from an obligations frame (see foedus.commitments).

    The state index covers the obligations' parties, the scenario's states and ``states``.
    ``members`` (arrangement -> member codes) defaults to the obligors and beneficiaries of
    each arrangement in ``obligations``.
    """
    table = obligations[obligations["type"].isin(TYPES)].reset_index(drop=True)
    members = dict(members) if members is not None else arrangement_members(obligations)
    adversaries = [c for cs in table["cond_adversary"] for c in cs]
    fellow_codes = [
        sorted(members.get(a, frozenset()) - {b}) if kind == "defense" else []
        for a, b, kind in zip(
            table["arrangement"], table["beneficiary"], table["type"], strict=True
        )
    ]
    codes = np.unique(
        np.concatenate(
            [
                table["obligor"].to_numpy(np.int64),
                table["beneficiary"].to_numpy(np.int64),
                np.asarray(
                    scenario.attackers
                    + scenario.targets
                    + tuple(scenario.entrants)
                    + tuple(adversaries)
                    + tuple(c for cs in fellow_codes for c in cs)
                    + tuple(states),
                    dtype=np.int64,
                ),
            ]
        )
    )
    pos = {c: i for i, c in enumerate(codes)}
    original = np.zeros(len(codes), dtype=np.int8)
    original[[pos[c] for c in scenario.attackers]] = 1
    original[[pos[c] for c in scenario.targets]] = 2
    adversary = _incidence(table["cond_adversary"].tolist(), pos)
    parts = _static_parts(scenario, table, members)
    return Pledges(
        scenario=scenario,
        table=table,
        states=codes,
        obligor=np.searchsorted(codes, table["obligor"].to_numpy(np.int64)),
        beneficiary=np.searchsorted(codes, table["beneficiary"].to_numpy(np.int64)),
        kind=table["type"].map(TYPES.index).to_numpy(np.int8),
        has_adversary=table["cond_adversary"].map(len).to_numpy() > 0,
        adversary=adversary,
        members=members,
        fellows=_incidence(fellow_codes, pos),
        attackers_min=table["cond_attackers_min"].fillna(0).to_numpy(np.int64),
        static_parts=parts,
        static=np.minimum.reduce(list(parts.values())),
        original=original,
    )


def arrangement_members(obligations: pd.DataFrame) -> dict[str, frozenset[int]]:
    """Arrangement -> the states that owe or are owed its obligations in ``obligations``."""
    parties = pd.concat(
        [
            obligations[["arrangement", "obligor"]].set_axis(["arrangement", "state"], axis=1),
            obligations[["arrangement", "beneficiary"]].set_axis(["arrangement", "state"], axis=1),
        ]
    )
    return {
        str(a): frozenset(int(c) for c in codes)
        for a, codes in parties.groupby("arrangement")["state"].unique().items()
    }


def _incidence(code_lists: list, pos: Mapping[int, int]) -> sp.csr_matrix:
    """A (rows x states) 0/1 matrix with row i marking the states of ``code_lists[i]``."""
    rows = [i for i, cs in enumerate(code_lists) for _ in cs]
    cols = [pos[c] for cs in code_lists for c in cs]
    return sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(code_lists), len(pos))
    )


def _static_parts(
    scenario: Scenario, table: pd.DataFrame, members: Mapping[str, frozenset[int]]
) -> dict[str, np.ndarray]:
    """Status per pledge and beneficiary side (columns: attacker side, target side)."""
    is_target = np.isin(table["beneficiary"].to_numpy(np.int64), scenario.targets)
    locations = np.minimum.reduce(
        [
            _location_status(scenario, table["cond_location"].tolist()),
            _unnamed_location_status(scenario, table, members),
            _home_territory_status(scenario, table),
        ]
    )
    guarded = table["cond_nonprovocation"].to_numpy(bool)
    if scenario.provoked is None:
        original_target = UNKNOWN
    else:
        original_target = NOT_MET if scenario.provoked else MET
    target_side = np.where(~guarded, MET, np.where(is_target, original_target, UNKNOWN))
    conflict = table["cond_conflict"].fillna("").astype(str)
    wanted = scenario.conflict.casefold()
    named = (conflict.str.casefold() == wanted).to_numpy(bool)
    conflict_status = np.where(
        conflict.str.len().to_numpy() == 0,
        MET,
        UNKNOWN if not wanted else np.where(named, MET, NOT_MET),
    )
    demanded = table["cond_demands"].to_numpy(bool)
    refused = {None: UNKNOWN, True: MET, False: NOT_MET}[scenario.demands_refused]
    unspecified = np.fromiter(
        (len(u) > 0 for u in table["cond_unspecified"].tolist()), dtype=bool, count=len(table)
    )

    def both(col: np.ndarray) -> np.ndarray:
        return np.column_stack([col, col]).astype(np.int8)

    return {
        "location": both(locations),
        "provocation": np.column_stack([np.where(guarded, NOT_MET, MET), target_side]).astype(
            np.int8
        ),
        "conflict": both(conflict_status),
        "demands": both(np.where(demanded, refused, MET)),
        "unspecified": both(np.where(unspecified, UNKNOWN, MET)),
    }


def theatre(scenario: Scenario) -> frozenset[str]:
    """The war's regions: the scenario's location, else the original targets' home regions
    (empty when none of them has one)."""
    if scenario.location:
        return frozenset(expand_regions(scenario.location))
    homes = regions()
    return frozenset(r for t in scenario.targets for r in homes.get(t, ()))


def _unnamed_location_status(
    scenario: Scenario, table: pd.DataFrame, members: Mapping[str, frozenset[int]]
) -> np.ndarray:
    """A location limit whose content the source does not code (ATOP's ``*COLOC``): not
    met when the war's theatre lies outside the home regions of every member of the
    arrangement, otherwise left unknown (the ``unspecified`` condition says so).

    The ATOP codebook's examples of such limits ("home territory only; attack on the
    Eastern front") tie a pledge to the members' own area; a war fought wholly elsewhere
    (Korea, for the Organization of American States' pledges) cannot meet it.
    """
    where = theatre(scenario)
    homes = regions()
    unnamed = table["cond_unspecified"].map(lambda u: "location" in u).to_numpy(bool)
    out = np.where(unnamed, UNKNOWN, MET).astype(np.int8)
    for i in np.flatnonzero(unnamed) if where else ():
        around = {r for c in members.get(table["arrangement"].iat[i], ()) for r in homes.get(c, ())}
        if around and not where & around:
            out[i] = NOT_MET
    return out


def _home_territory_status(scenario: Scenario, table: pd.DataFrame) -> np.ndarray:
    """A defense pledge without a named location answers an attack on the beneficiary's own
    sovereignty or territorial integrity (ATOP codebook v5.1, DEFENSE; support for a
    partner fighting elsewhere is ATOP's OFFENSE): not met when the war was fought
    abroad (:func:`fought_abroad`; the United Kingdom in Korea), met otherwise. A named
    location (NATO's Art. 6 area, SEATO's treaty area) says itself where an attack counts.
    """
    out = np.full(len(table), MET, dtype=np.int8)
    beneficiary = table["beneficiary"].to_numpy(np.int64)
    open_defense = (table["type"].eq("defense") & table["cond_location"].map(len).eq(0)).to_numpy()
    abroad = [b for b in np.unique(beneficiary[open_defense]) if fought_abroad(scenario, b)]
    out[open_defense & np.isin(beneficiary, abroad)] = NOT_MET
    return out


def fought_abroad(scenario: Scenario, state: int) -> bool:
    """Whether the war's theatre lies outside every home region of ``state`` (False when
    either is unknown)."""
    where, home = theatre(scenario), regions().get(int(state), ())
    return bool(where and home and not where & set(home))


def _location_status(scenario: Scenario, conditions: list) -> np.ndarray:
    """Met when the war's theatre meets the condition's regions (the theatre holds every
    attack of the scenario, later entrants' too; unknown without a theatre) or one of the
    states whose territory it names is attacked (:func:`_territory_status`)."""
    where = theatre(scenario)
    memo: dict[tuple, int] = {}
    out = np.full(len(conditions), MET, dtype=np.int8)
    for i, cond in enumerate(conditions):
        if not len(cond):
            continue
        key = tuple(cond)
        if key not in memo:
            areas = [k for k in key if not k.startswith(STATE_PLACE)]
            states = [int(k.removeprefix(STATE_PLACE)) for k in key if k not in areas]
            found = [_territory_status(scenario, c) for c in states]
            if areas:
                hit = where & set(expand_regions(areas))
                found.append(UNKNOWN if not where else (MET if hit else NOT_MET))
            memo[key] = max(found)
        out[i] = memo[key]
    return out


def _territory_status(scenario: Scenario, state: int) -> int:
    """A state's territory is attacked when the state fights on the targets' side (met),
    not when it is not at war (not met); on the attackers' side, unknown (the war may
    reach its territory)."""
    if state in scenario.targets or scenario.entrants.get(state) == SIDES[1]:
        return MET
    at_war = state in scenario.attackers or state in scenario.entrants
    return UNKNOWN if at_war else NOT_MET


# -- the war state and its evaluation --------------------------------------------------------
def initial_war(pledges: Pledges, runs: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """``side`` (runs x states, 0/1/2) and ``rnd`` (entry round) of the scenario's war."""
    n = len(pledges.states)
    side = np.zeros((runs, n), dtype=np.int8)
    rnd = np.zeros((runs, n), dtype=np.int16)
    side[:, pledges.original > 0] = pledges.original[pledges.original > 0]
    for code, which in pledges.scenario.entrants.items():
        i = pledges.index([code])[0]
        side[:, i] = SIDES.index(which) + 1
        rnd[:, i] = 1
    return side, rnd


def event_counts(side: np.ndarray, rnd: np.ndarray, original: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per run and state: how many states attack it, how many it attacks, how many it fights."""
    runs = side.shape[0]
    rounds = int(rnd.max()) + 1
    # per run, side s (0 = out) and round t: how many states of side s entered in round t
    flat = (np.arange(runs, dtype=np.int32)[:, None] * 3 + side) * rounds + rnd
    per_round = (
        np.bincount(flat.ravel(), minlength=runs * 3 * rounds)
        .astype(np.int16)
        .reshape(runs, 3, rounds)[:, 1:]
    )
    after = per_round[:, :, ::-1].cumsum(2, dtype=np.int16)[:, :, ::-1] - per_round
    before = per_round.cumsum(2, dtype=np.int16) - per_round
    at_war = side > 0
    index = np.where(side == 1, rounds, 0) + rnd  # opposite side's row, entry round
    attacked = np.take_along_axis(after.reshape(runs, -1), index, 1)
    attacking = np.take_along_axis(before.reshape(runs, -1), index, 1)
    attacked[~at_war] = 0
    attacking[~at_war] = 0
    attacked += (at_war & (original == 2)) * np.int16((original == 1).sum())
    attacking += (at_war & (original == 1)) * np.int16((original == 2).sum())
    fighting = np.where(
        at_war,
        np.take_along_axis(per_round.sum(2, dtype=np.int16), (side == 1).astype(np.intp), 1),
        0,
    )
    return attacked, attacking, fighting


def _adversary_hits(
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The pledges with an adversary condition, and (runs x those) whether it is met.

    Met when a named adversary is in the pledge's event: it attacks the beneficiary
    (defense), is attacked by it (offense), or fights it (other types).
    """
    cols = np.flatnonzero(pledges.has_adversary)
    if not len(cols):
        return cols, np.zeros((side.shape[0], 0), dtype=bool)
    sub = pledges.adversary[cols].tocoo()
    p, x = cols[sub.row], sub.col
    kind = pledges.kind[p]
    opposed, x_attacks_b, b_attacks_x = _pair_events(pledges, p, x, side, rnd)
    pair = np.where(kind == 0, x_attacks_b, np.where(kind == 1, b_attacks_x, opposed))
    starts = np.flatnonzero(np.r_[True, np.diff(sub.row) != 0])  # pairs come grouped
    return cols, np.logical_or.reduceat(pair, starts, axis=1)


def _pair_events(
    pledges: Pledges, p: np.ndarray, x: np.ndarray, side: np.ndarray, rnd: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs x pairs (pledge p, state x): x and p's beneficiary fight each other; x attacks
    the beneficiary; the beneficiary attacks x (the module's entry rule)."""
    return _state_events(pledges, pledges.beneficiary[p], x, side, rnd)


def _state_events(
    pledges: Pledges, b: np.ndarray, x: np.ndarray, side: np.ndarray, rnd: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs x pairs of state indices (b, x): they fight each other; x attacks b; b attacks x."""
    sb, sx, rb, rx = side[:, b], side[:, x], rnd[:, b], rnd[:, x]
    opposed = (sb > 0) & (sx > 0) & (sb != sx)
    orig_b, orig_x = pledges.original[b], pledges.original[x]
    x_attacks_b = opposed & ((rx > rb) | ((orig_x == 1) & (orig_b == 2)))
    b_attacks_x = opposed & ((rb > rx) | ((orig_b == 1) & (orig_x == 2)))
    return opposed, x_attacks_b, b_attacks_x


def _fellow_attacks(
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The defense pledges whose beneficiary may be attacked by a fellow member, and (runs x
    those) how many fellow members of the pledge's arrangement attack it."""
    sub = pledges.fellows.tocoo()
    at_war = (side > 0).any(0)
    keep = at_war[sub.col] & at_war[pledges.beneficiary[sub.row]]
    p, x = sub.row[keep], sub.col[keep]
    if not len(p):
        return p, np.zeros((side.shape[0], 0), dtype=np.int16)
    order = np.argsort(p, kind="stable")
    p, x = p[order], x[order]
    _, x_attacks_b, _ = _pair_events(pledges, p, x, side, rnd)
    cols, starts = np.unique(p, return_index=True)
    return cols, np.add.reduceat(x_attacks_b.astype(np.int16), starts, axis=1)


def evaluate(
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray, detail: bool = True
) -> dict[str, np.ndarray]:
    """Status (runs x pledges; 1 met, 0 unknown, -1 not met) of each condition and ``overall``.

    ``event`` is the trigger (attacked by a non-member / attacking / at war); ``overall`` is
    the least of all; ``at_war`` says whether the beneficiary fights at all;
    ``by_fellows`` marks defense pledges whose beneficiary is attacked only by fellow
    members. With ``detail=False`` only ``overall`` is computed (the simulator's fast path).
    """
    attacked, attacking, fighting = event_counts(side, rnd, pledges.original)
    b, kind = pledges.beneficiary, pledges.kind
    attackers = attacked[:, b]
    by_outsider = attackers.copy()
    fellow_cols, fellow_counts = _fellow_attacks(pledges, side, rnd)
    by_outsider[:, fellow_cols] -= fellow_counts
    events = np.where(kind == 0, by_outsider, np.where(kind == 1, attacking[:, b], fighting[:, b]))
    cols, hits = _adversary_hits(pledges, side, rnd)
    sb = side[:, b]
    if not detail:
        ok = (events > 0) & (attackers >= pledges.attackers_min)
        ok[:, cols] &= hits
        static = np.where(sb == 1, pledges.static[:, 0], pledges.static[:, 1])
        return {"overall": np.where(ok, static, NOT_MET).astype(np.int8)}
    adversary = np.full(events.shape, MET, dtype=np.int8)
    adversary[:, cols] = np.where(hits, MET, NOT_MET)
    status = {
        "event": np.where(events > 0, MET, NOT_MET).astype(np.int8),
        "adversary": adversary,
        "attackers": np.where(attackers >= pledges.attackers_min, MET, NOT_MET).astype(np.int8),
        **{
            name: np.where(sb == 1, part[:, 0], part[:, 1])
            for name, part in pledges.static_parts.items()
        },
    }
    overall = np.minimum.reduce(list(status.values()))
    by_fellows = (kind == 0) & (attackers > 0) & (by_outsider == 0)
    return {**status, "overall": overall, "at_war": sb > 0, "by_fellows": by_fellows}


# -- the report ------------------------------------------------------------------------------
def triggered(scenario: Scenario, obligations: pd.DataFrame) -> pd.DataFrame:
    """Every obligation toward a belligerent of ``scenario``, with its status and reasons.

    One row per obligation whose beneficiary is at war: obligor, beneficiary, arrangement,
    source, type, role, clause, ``triggered`` (yes / no / unknown), one status column per
    condition (met / not met / unknown; blank when the obligation has no such condition),
    and ``reason``. Obligations of states at war against their beneficiary say so.
    """
    pledges, side, rnd = _scenario_war(scenario, obligations)
    return report(pledges, side[0], rnd[0], evaluate(pledges, side, rnd))


def count_triggered(scenario: Scenario, obligations: pd.DataFrame) -> int:
    """How many obligations ``scenario`` triggers with every condition met (no report)."""
    pledges, side, rnd = _scenario_war(scenario, obligations)
    return int((evaluate(pledges, side, rnd, detail=False)["overall"] == MET).sum())


def _scenario_war(
    scenario: Scenario, obligations: pd.DataFrame
) -> tuple[Pledges, np.ndarray, np.ndarray]:
    """The obligations toward the scenario's belligerents, compiled, and its war."""
    at_war = scenario.attackers + scenario.targets + tuple(scenario.entrants)
    pledges = compile_pledges(scenario, obligations[obligations["beneficiary"].isin(at_war)])
    side, rnd = initial_war(pledges)
    return pledges, side, rnd


def report(
    pledges: Pledges, side: np.ndarray, rnd: np.ndarray, status: dict[str, np.ndarray]
) -> pd.DataFrame:
    """The frame of :func:`triggered` for one war state (``side``/``rnd`` of one run)."""
    keep = np.flatnonzero(status["at_war"][0])
    t = pledges.table.iloc[keep]
    when = pledges.scenario.date
    names = (
        {
            int(c): state_name(c, on=when)
            for c in np.unique(np.concatenate([t["obligor"], t["beneficiary"]]))
        }
        if len(t)
        else {}
    )
    cols = {c: [STATUS[int(v)] for v in status[c][0, keep]] for c in CONDITIONS}
    abroad = [
        kind == "defense" and not len(named) and fought_abroad(pledges.scenario, b)
        for kind, named, b in zip(t["type"], t["cond_location"], t["beneficiary"], strict=True)
    ]
    shown = _shown(t, abroad)
    out = pd.DataFrame(
        {
            "obligor": [names[int(c)] for c in t["obligor"]],
            "obligor_code": t["obligor"].to_numpy(int),
            "beneficiary": [names[int(c)] for c in t["beneficiary"]],
            "beneficiary_code": t["beneficiary"].to_numpy(int),
            "arrangement": t["arrangement_name"].to_numpy(),
            "source": t["source"].to_numpy(),
            "type": t["type"].to_numpy(),
            "role": t["type"].map(ROLES).to_numpy(),
            "clause": t["clause"].to_numpy(),
            "triggered": [
                {MET: "yes", UNKNOWN: "unknown", NOT_MET: "no"}[int(v)]
                for v in status["overall"][0, keep]
            ],
            **{
                f"cond_{c}": [v if show else "" for v, show in zip(cols[c], shown[c], strict=True)]
                for c in CONDITIONS
            },
        }
    )
    obligor_side = side[pledges.obligor[keep]]
    b_side = side[pledges.beneficiary[keep]]
    out["obligor_side"] = [SIDES[s - 1] if s else "" for s in obligor_side]
    fellows = [
        ", ".join(
            names.get(int(c)) or state_name(c, on=when)
            for c in pledges.states[pledges.fellows[k].indices]
            if side[pledges.index([c])[0]] not in (0, bs)
        )
        if inside
        else ""
        for k, bs, inside in zip(keep, b_side, status["by_fellows"][0, keep], strict=True)
    ]
    where = ", ".join(sorted(theatre(pledges.scenario)))
    records = out.to_dict("records")
    events = [
        _event_reason(kind, r, int(rnd[b]), int(side[b]), fellow, opponents)
        for kind, r, b, fellow, opponents in zip(
            t["type"],
            records,
            pledges.beneficiary[keep],
            fellows,
            _opponents(pledges, side, rnd, keep),
            strict=True,
        )
    ]
    out["reason"] = _reasons(t, records, events, b_side, obligor_side, where, abroad)
    order = out["triggered"].map({"yes": 0, "unknown": 1, "no": 2}) * 10 + out["type"].map(
        TYPES.index
    )
    return (
        out.assign(_o=order)
        .sort_values(["_o", "arrangement", "beneficiary", "obligor"])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def _shown(t: pd.DataFrame, abroad: list[bool]) -> dict[str, list[bool]]:
    n = len(t)
    return {
        "event": [True] * n,
        "adversary": list(t["cond_adversary"].map(len) > 0),
        "attackers": list(t["cond_attackers_min"].notna()),
        "location": list(
            (t["cond_location"].map(len) > 0)
            | t["cond_unspecified"].map(lambda u: "location" in u)
            | np.asarray(abroad, dtype=bool)
        ),
        "provocation": list(t["cond_nonprovocation"].astype(bool)),
        "conflict": list(t["cond_conflict"].map(bool)),
        "demands": list(t["cond_demands"].astype(bool)),
        "unspecified": list(t["cond_unspecified"].map(len) > 0),
    }


_EVENTS = {
    "defense": ("is attacked by a non-member", "is not attacked"),
    "offense": ("attacks", "does not attack anyone"),
    "neutrality": ("is at war", "is not at war"),
    "nonaggression": ("is at war", "is not at war"),
    "consultation": ("is at war", "is not at war"),
}


def _reasons(
    t: pd.DataFrame,
    records: list[dict],
    events: list[str],
    b_side: np.ndarray,
    o_side: np.ndarray,
    where: str,
    abroad: list[bool],
) -> list[str]:
    reasons = []
    for i, (row, r) in enumerate(zip(t.itertuples(index=False), records, strict=True)):
        parts = [events[i]]
        if row.cond_adversary:
            named = ", ".join(state_name(c) for c in row.cond_adversary)
            how = (
                " (named by the built-in reading of the treaty)"
                if "adversary from built-in" in row.clause
                else " (ATOP names it as the treaty's threat, STATTHR)"
                if row.source.startswith("ATOP")
                else ""
            )
            parts.append(f"adversary {named}{how}: {r['cond_adversary']}")
        if pd.notna(row.cond_attackers_min):
            parts.append(
                f"attacked by at least {int(row.cond_attackers_min)} state(s): "
                f"{r['cond_attackers']}"
            )
        if row.cond_location:
            parts.append(
                f"location {describe_places(row.cond_location, on=row.start)}: {r['cond_location']}"
            )
        if row.cond_nonprovocation:
            parts.append("not provoked: " + _provocation(r["cond_provocation"], int(b_side[i])))
        if row.cond_conflict:
            parts.append(f"conflict {row.cond_conflict!r}: {r['cond_conflict']}")
        if row.cond_demands:
            parts.append(f"demands refused: {r['cond_demands']}")
        if abroad[i]:
            parts.append(
                f"location: not met ({r['beneficiary']} fought abroad, in {where}: a defense "
                "pledge answers an attack on its own territory, ATOP DEFENSE)"
            )
        parts.extend(
            _unspecified_reason(c)
            if c != "location" or r["cond_location"] != "not met"
            else "location: not met (the source codes a location limit without saying which; "
            f"the war was fought in {where}, outside every member's home region)"
            for c in row.cond_unspecified
            if c != "location" or not abroad[i]
        )
        if row.cond_other:
            parts.append(f"noted, not evaluated: {row.cond_other}")
        if o_side[i] and o_side[i] != b_side[i]:
            parts.append(f"{r['obligor']} is itself at war against {r['beneficiary']}")
        reasons.append("; ".join(parts))
    return reasons


def _opponents(pledges: Pledges, side: np.ndarray, rnd: np.ndarray, keep: np.ndarray) -> list[str]:
    """Whom each kept pledge's beneficiary fights in one war state (``side``/``rnd`` of one
    run), by the entry rule: the non-members attacking it (defense) or the states it
    attacks (offense); "" for other types."""
    fights: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for b in np.unique(pledges.beneficiary[keep]):
        others = np.flatnonzero((side > 0) & (side != side[b]))
        _, x_attacks_b, b_attacks_x = _state_events(
            pledges, np.full(len(others), b), others, side[None], rnd[None]
        )
        fights[b] = others[x_attacks_b[0]], others[b_attacks_x[0]]
    when = pledges.scenario.date
    names = {int(c): state_name(int(c), on=when) for c in pledges.states[side > 0]}
    out = []
    for p in keep:
        kind = pledges.kind[p]
        if kind > 1:
            out.append("")
            continue
        attackers, attacked = fights[pledges.beneficiary[p]]
        hits = np.setdiff1d(attackers, pledges.fellows[p].indices) if kind == 0 else attacked
        out.append(", ".join(names[int(c)] for c in pledges.states[hits]))
    return out


def _event_reason(kind: str, r: dict, b_rnd: int, b_side: int, fellows: str, opponents: str) -> str:
    yes, no = _EVENTS[kind]
    if r["cond_event"] == "met":
        whom = f" ({opponents})" if opponents else ""
        return f"{r['beneficiary']} {yes}{whom}"
    if fellows:
        return (
            f"{r['beneficiary']} is attacked only by fellow members of the arrangement "
            f"({fellows}), not by a non-member"
        )
    why = ""
    if kind == "defense" and b_side == 1 and b_rnd == 0:
        why = " (it is an attacker)"
    return f"{r['beneficiary']} {no}{why}"


def _provocation(status: str, b_side: int) -> str:
    if b_side == 1:
        return "not met (its side began the war)"
    if status == "unknown":
        return "unknown (provocation not stated, or the state entered by intervening)"
    return status


def _unspecified_reason(condition: str) -> str:
    if condition == "adversary":
        return "unknown: ATOP codes a specific-adversary condition but does not name the adversary"
    if condition == "partner":
        return "unknown: ATOP codes that this member owes different partners different things"
    if condition == "other":
        return "unknown: ATOP codes a condition not covered by its codes (OLIMOB)"
    what = {
        "attackers": "number-of-adversaries",
        "conflict": "specific-conflict",
        "request": "request-for-consultation",
    }.get(condition, condition)
    return f"unknown: ATOP codes a {what} condition but does not say which"
