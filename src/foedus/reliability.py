"""Alliance reliability: did allies keep their word when the casus foederis was met?

For every COW inter-state war (Sarkees & Wayman 2010, COW Inter-State War v4.0) and every
ATOP 5.1 obligation (Leeds et al. 2002; :func:`foedus.commitments.atop_obligations`) in
force when its beneficiary entered the war, the same casus foederis code the cascade
simulator uses (:mod:`foedus.casus`) says whether the obligation was triggered, condition by
condition; the war record then says whether the obligor honoured it:

* defense / offense: honoured when the obligor fought on its partner's side; violated when
  it stayed out (failed to help) or fought against the partner;
* neutrality: honoured unless the obligor fought against the partner (staying out and
  joining the partner both honour it);
* non-aggression: a case only when the two fought each other; the one that attacked
  violated its pledge (the attacked partner's own pledge is not assessed);
* consultation: not assessable from war data.

A war becomes a casus scenario (:func:`war_scenario`): the original attackers are the
belligerents on the side of the COW initiator(s) at the war's first day, the targets their
opponents on that day; every later entrant enters in a round ordered by its entry date
(StartDate1), and on one day the target side's entrants come first, so a state joining the
initiators attacks those who joined the targets that day (Russia, then Germany, on
1 August 1914). A state that changed sides keeps its first side in the scenario; its later
record counts as fighting against its former partners. The scenario's location, the war's
theatre, joins COW's WhereFought regions of all participants (:func:`cow_theatre`), narrowed
within the Americas and Asia to the regions the fighting reached (:func:`war_theatre`).

A case is one alliance in one war with at least one assessable triggered obligation. The
published figures it is compared with: Leeds, Long & Mitchell (2000), "Reevaluating
Alliance Reliability: Specific Threats, Specific Promises", Journal of Conflict Resolution
44(5): 686-699 (74.5% honoured, 1816-1944); Berkemeier & Fuhrmann (2018), "Reassessing the
fulfillment of alliance commitments in war", Research & Politics 5(2) (73/146 = 50.0%,
1816-2003). See docs/reliability.md for the rules, the results and the differences.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from foedus import builtin
from foedus.builtin import expand_regions, war_theatres
from foedus.casus import (
    CONDITIONS,
    SIDES,
    Scenario,
    compile_pledges,
    evaluate,
    initial_war,
    report,
)
from foedus.commitments import COLUMNS, atop_obligations, state_name
from foedus.dates import parse_years
from foedus.errors import FoedusError
from foedus.states import in_system
from foedus.store import Store

ERA_SPLIT = pd.Timestamp("1945-01-01")
ASSESSED_TYPES = ("defense", "offense", "neutrality", "nonaggression")
ALLIANCE_RULES = ("all", "any")
UNKNOWN_RULES = ("exclude", "met")
BY = ("type", "era", "alliance", "size", "war")
_NEVER = pd.Timestamp.max.normalize()

# Published reliability figures: (measure, honoured, cases, study). LLM 2000 report the
# rate only (74.5%, 1816-1944).
PUBLISHED = pd.DataFrame(
    [
        ("overall", 73, 146, "Berkemeier & Fuhrmann 2018"),
        ("pre-1945", 61, 92, "Berkemeier & Fuhrmann 2018"),
        ("post-1945", 12, 54, "Berkemeier & Fuhrmann 2018"),
        ("defense", 42, 102, "Berkemeier & Fuhrmann 2018"),
        ("offense", 31, 42, "Berkemeier & Fuhrmann 2018"),
        ("neutrality", 35, 45, "Berkemeier & Fuhrmann 2018"),
        ("nonaggression", 18, 49, "Berkemeier & Fuhrmann 2018"),
        ("1816-1944", np.nan, np.nan, "Leeds, Long & Mitchell 2000"),
    ],
    columns=["measure", "published_honoured", "published_cases", "study"],
)
_LLM_RATE = 0.745
# COW Inter-State War v4.0 WhereFought (codebook): single regions as built-in region keys,
# and the combined codes as the single codes they join
_COW_REGIONS = {
    1: ("americas",),
    2: ("europe",),
    4: ("africa",),
    6: ("middle_east",),
    7: ("central_asia", "south_asia", "east_asia", "southeast_asia"),
    9: ("oceania",),
}
_COW_COMBINED = {
    11: (2, 6),
    12: (2, 7),
    13: (1, 7),
    14: (2, 4, 6),
    15: (2, 4, 6, 7),
    16: (4, 6, 7, 9),
    17: (7, 9),
    18: (4, 6),
    19: (2, 4, 6, 7, 9),
}


# -- the wars ---------------------------------------------------------------------------------
def war_participation(store: Store | None = None) -> pd.DataFrame:
    """COW Inter-State War v4.0 participations with their casus side and entry round.

    One row per participation record (a state that changed sides has two): warnum,
    warname, ccode, cow_side (COW's 1/2), entry, exit (StartDate1/EndDate of the last
    spell), initiator, first (the state's first record in the war), attacker_side (on the
    initiators' side), wherefought (COW's region code of the state's combat), and, on
    first records, side (1 attacker, 2 target) and round (0 for the original belligerents).
    """
    store = store or Store()
    p = store.table("cow_war", "participants")
    frame = pd.DataFrame(
        {
            "warnum": p["warnum"].astype(int),
            "warname": p["warname"].astype(str),
            "ccode": p["ccode"].astype(int),
            "cow_side": p["side"].astype(int),
            "entry": pd.to_datetime(p["start1"]),
            "exit": pd.to_datetime(p["end2"]).fillna(pd.to_datetime(p["end1"])),
            "initiator": p["initiator"].eq(1).fillna(False).astype(bool),
            "wherefought": p["wherefought"].astype("Int64"),
        }
    )
    return entry_rounds(frame)


def cow_theatre(codes: pd.Series) -> tuple[str, ...]:
    """Built-in region keys of COW WhereFought codes (Inter-State War v4.0 codebook: 1
    W. Hemisphere, 2 Europe, 4 Africa, 6 Middle East, 7 Asia, 9 Oceania, 11-19 their
    combinations); unknown codes (missing values) are left out."""
    singles = {c for code in codes.dropna().astype(int) for c in _COW_COMBINED.get(code, (code,))}
    return expand_regions(r for c in sorted(singles) for r in _COW_REGIONS.get(c, ()))


def war_theatre(war: pd.DataFrame) -> tuple[str, ...]:
    """The regions one war (its participations) was fought in: the built-in narrowing of
    COW's continents where it has the war (:func:`foedus.builtin.war_theatres`), else
    :func:`cow_theatre` of the participants' WhereFought (empty without that column)."""
    refined = war_theatres().get(int(war["warnum"].iloc[0]))
    if refined is not None:
        return refined
    return cow_theatre(war["wherefought"]) if "wherefought" in war else ()


def entry_rounds(frame: pd.DataFrame) -> pd.DataFrame:
    """Add first, side and round to participations (warnum, ccode, cow_side, entry, initiator).

    See the module docstring for the ordering; ``side`` and ``round`` are null on a
    state's later records (a change of sides).
    """
    out = frame.sort_values(["warnum", "entry", "cow_side"]).reset_index(drop=True)
    out["first"] = ~out.duplicated(["warnum", "ccode"])
    init_side = out[out["initiator"]].groupby("warnum")["cow_side"].first()
    if init_side.index.nunique() != out["warnum"].nunique():
        missing = sorted(set(out["warnum"]) - set(init_side.index))
        raise FoedusError(
            f"wars {missing[:5]} have no initiator; accepted: COW war records "
            "with Initiator = 1 for at least one participant"
        )
    side = np.where(out["cow_side"] == out["warnum"].map(init_side), 1, 2)
    start = out.groupby("warnum")["entry"].transform("min")
    original = out["entry"] == start
    # later entrants: by date, and on one day the target side (2) before the attacker side
    key = out["entry"].to_numpy("datetime64[D]").astype(np.int64) * 2 + (side == 1)
    later = out["first"] & ~original
    ranks = (
        pd.Series(key, index=out.index)[later].groupby(out["warnum"][later]).rank(method="dense")
    )
    out["side"] = pd.Series(side, index=out.index).where(out["first"]).astype("Int64")
    out["round"] = ranks.reindex(out.index).fillna(0).astype(int)
    out["round"] = out["round"].where(out["first"]).astype("Int64")
    out["attacker_side"] = side == 1
    out["war_start"] = start
    return out


def war_scenario(war: pd.DataFrame) -> tuple[Scenario, dict[int, int]]:
    """The casus Scenario of one war's participations, and each entrant's round.

    The scenario's location, the war's theatre for every attack in it, is
    :func:`war_theatre`.
    """
    first = war[war["first"]]
    orig = first[first["round"] == 0]
    entrants = first[first["round"] > 0]
    scenario = Scenario(
        attackers=tuple(int(c) for c in orig.loc[orig["side"] == 1, "ccode"]),
        targets=tuple(int(c) for c in orig.loc[orig["side"] == 2, "ccode"]),
        date=first["war_start"].iloc[0].date(),
        location=war_theatre(war),
        provoked=False,
        conflict=_conflict_name(int(first["warnum"].iloc[0]), str(first["warname"].iloc[0])),
        entrants={
            int(c): SIDES[int(s) - 1]
            for c, s in zip(entrants["ccode"], entrants["side"], strict=True)
        },
    )
    return scenario, dict(
        zip(entrants["ccode"].astype(int), entrants["round"].astype(int), strict=True)
    )


def _conflict_name(warnum: int, warname: str) -> str:
    """How a scenario and a war-specific pledge name a COW war (see :func:`war_conflicts`)."""
    return f"COW war {warnum} ({warname})"


# -- the obligations at stake ----------------------------------------------------------------
def obligations_at_stake(participation: pd.DataFrame, obligations: pd.DataFrame) -> pd.DataFrame:
    """Obligations toward each belligerent in force on the day it entered the war.

    One row per war and obligation (the latest ATOP phase when phases meet on that day),
    with warnum and the beneficiary's entry date as ``b_entry``. Consultation pledges are
    left out: war data cannot show whether allies consulted.
    """
    first = participation.loc[participation["first"], ["warnum", "ccode", "entry"]]
    obligations = obligations[obligations["type"].isin(ASSESSED_TYPES)]
    ob = obligations.merge(
        first.rename(columns={"ccode": "beneficiary", "entry": "b_entry"}), on="beneficiary"
    )
    start = pd.to_datetime(ob["start"])
    end = pd.to_datetime(ob["end"]).fillna(_NEVER)
    ob = ob[(start <= ob["b_entry"]) & (ob["b_entry"] <= end)]
    ob = ob.assign(_start=start).sort_values("_start")
    ob = ob.drop_duplicates(
        ["warnum", "arrangement", "obligor", "beneficiary", "type"], keep="last"
    )
    return ob.drop(columns="_start").reset_index(drop=True)


def war_conflicts(
    obligations: pd.DataFrame, members: pd.DataFrame, wars: pd.DataFrame
) -> pd.DataFrame:
    """Name the conflict of ATOP's conflict-specific pledges made during a war.

    ATOP codes that a pledge is limited to a specific conflict (``*cocon``) but not which
    one; it does code COWWAR, the COW war the member was fighting when it joined (ATOP
    codebook v5.1, COWWAR). A conflict-limited pledge of a member that joined during war N
    is taken to concern war N: its ``cond_conflict`` becomes that war's name and the
    condition leaves ``cond_unspecified``, so :mod:`foedus.casus` evaluates it (met in war
    N, not met elsewhere). ``members``: ATOP member table (atopid, member, cowwar);
    ``wars``: warnum and warname.
    """
    cowwar = (
        members.assign(cowwar=members["cowwar"].fillna(0).astype(int))
        .groupby(["atopid", "member"], as_index=False)["cowwar"]
        .max()
    )
    names = wars.drop_duplicates("warnum").assign(warnum=wars["warnum"].astype(int))
    war_of = (
        obligations[["atop_id", "obligor"]]
        .merge(cowwar, how="left", left_on=["atop_id", "obligor"], right_on=["atopid", "member"])
        .merge(names, how="left", left_on="cowwar", right_on="warnum")
    )
    limited = obligations["cond_unspecified"].map(lambda u: "conflict" in u).to_numpy()
    named = limited & war_of["warname"].notna().to_numpy()
    out = obligations.copy()
    out.loc[named, "cond_conflict"] = [
        _conflict_name(int(w), str(n))
        for w, n in zip(war_of.loc[named, "warnum"], war_of.loc[named, "warname"], strict=True)
    ]
    out.loc[named, "cond_unspecified"] = out.loc[named, "cond_unspecified"].map(
        lambda u: tuple(c for c in u if c != "conflict")
    )
    return out


def later_wars(at_stake: pd.DataFrame, participation: pd.DataFrame) -> pd.DataFrame:
    """Rule out a war begun after a conflict-limited pledge was made as that conflict.

    ATOP codes a pledge "conditional upon a particular ongoing conflict" (``*cocon``,
    codebook v5.1) without naming it; a war that began after the pledge took effect was
    not ongoing when it was made, so it cannot be that conflict (the Nyon Arrangement of
    September 1937, ATOP 2420, concerned the war in Spain, not Changkufeng in 1938). Such
    rows of ``at_stake`` (:func:`obligations_at_stake`) get a ``cond_conflict`` naming the
    conflict ongoing on their start date, which no later war matches, and the condition
    leaves ``cond_unspecified``. Pledges made during war N (:func:`war_conflicts`) are
    named already.
    """
    war_start = at_stake["warnum"].map(participation.groupby("warnum")["war_start"].min())
    open_conflict = at_stake["cond_unspecified"].map(lambda u: "conflict" in u)
    later = (open_conflict & (war_start > pd.to_datetime(at_stake["start"]))).to_numpy()
    out = at_stake.copy()
    out.loc[later, "cond_conflict"] = [
        f"a conflict ongoing on {start} (ATOP: specific ongoing conflict)"
        for start in out.loc[later, "start"]
    ]
    out.loc[later, "cond_unspecified"] = out.loc[later, "cond_unspecified"].map(
        lambda u: tuple(c for c in u if c != "conflict")
    )
    return out


def _label(ob: pd.DataFrame) -> pd.Series:
    """A display name that also identifies the arrangement (report keys on it)."""
    named = ~ob["arrangement_name"].str.startswith("ATOP ")
    ident = ob["atop_id"].astype("Int64").astype(str)
    return ob["arrangement_name"].where(~named, ob["arrangement_name"] + " (ATOP " + ident + ")")


def casus_status(at_stake: pd.DataFrame, participation: pd.DataFrame) -> pd.DataFrame:
    """``at_stake`` rows (see :func:`obligations_at_stake`) with casus.py's verdict on each.

    Adds ``triggered`` (yes / no / unknown), ``status_<condition>`` per condition of
    :data:`foedus.casus.CONDITIONS`, ``role``, ``obligor_side`` and ``reason``. Runs
    :func:`foedus.casus.evaluate` once per war on the scenario of :func:`war_scenario`,
    with each entrant's round set from its entry date; a formal invocation of the
    casus foederis for that war (:func:`formal_invocations`) triggers its defense pledges.
    """
    at_stake = at_stake.assign(arrangement_name=_label(at_stake))
    frames = []
    for warnum, ob in at_stake.groupby("warnum", sort=True):
        war = participation[participation["warnum"] == warnum]
        scenario, rounds = war_scenario(war)
        pledges = compile_pledges(scenario, ob[COLUMNS])
        side, rnd = initial_war(pledges)
        if rounds:
            rnd[0, pledges.index(rounds)] = list(rounds.values())
        rep = report(pledges, side[0], rnd[0], evaluate(pledges, side, rnd))
        frames.append(rep.assign(warnum=warnum))
    if not frames:
        return at_stake.iloc[0:0]
    rep = pd.concat(frames, ignore_index=True).drop(columns=["obligor", "beneficiary", "source"])
    rep = rep.rename(
        columns={
            "obligor_code": "obligor",
            "beneficiary_code": "beneficiary",
            "arrangement": "arrangement_name",
            **{f"cond_{c}": f"status_{c}" for c in CONDITIONS},
        }
    )
    keys = ["warnum", "arrangement_name", "obligor", "beneficiary", "type", "clause"]
    return _invoked(at_stake.merge(rep, on=keys, how="inner", validate="one_to_one"))


def formal_invocations() -> pd.DataFrame:
    """The built-in invocations linked to a COW war (events.toml ``cow_war``): per ATOP
    alliance, attacked state and war, the note that the allies declared the casus foederis
    met (NATO Art. 5, ANZUS Art. IV and the Rio Treaty after 11 September 2001)."""
    cat = builtin.load()
    ev = cat.events[cat.events["type"].eq("invocation") & cat.events["cow_war"].notna()]
    ev = ev.merge(cat.arrangements[["id", "atop_id"]], left_on="arrangement", right_on="id")
    ev = ev[ev["atop_id"].notna()].explode("attacked").dropna(subset=["attacked"])
    return pd.DataFrame(
        {
            "atop_id": ev["atop_id"].astype(int),
            "beneficiary": ev["attacked"].astype(int),
            "warnum": ev["cow_war"].astype(int),
            "invoked": "casus foederis formally invoked on "
            + ev["date"].astype(str)
            + " ("
            + ev["clause"]
            + "): met",
        }
    )


def _invoked(rows: pd.DataFrame) -> pd.DataFrame:
    """Defense pledges whose casus foederis the allies formally declared met for this war
    (:func:`formal_invocations`) are triggered, whatever the war's own record says."""
    keys = ["atop_id", "beneficiary", "warnum"]
    note = rows[keys].astype("Int64").merge(formal_invocations(), on=keys, how="left")["invoked"]
    hit = (note.notna() & rows["type"].eq("defense").to_numpy()).to_numpy()
    rows = rows.copy()
    rows.loc[hit, "triggered"] = "yes"
    rows.loc[hit, "reason"] = (
        note[hit].to_numpy() + "; as a war on its own: " + rows.loc[hit, "reason"]
    )
    return rows


# -- verdicts -------------------------------------------------------------------------------
def dyad_initiators(store: Store | None = None) -> pd.DataFrame:
    """Who began the fighting in each warring dyad: warnum, attacker, attacked.

    From Maoz's Directed Dyadic Interstate War dataset (table ``dyads`` of ``cow_war``,
    WarDyadRoleA = 1 marks the dyad's initiator); empty when that table is not loaded.
    """
    store = store or Store()
    columns = ["warnum", "attacker", "attacked"]
    try:
        d = store.table("cow_war", "dyads", columns=["warnum", "statea", "stateb", "wardyadrolea"])
    except FoedusError:
        return pd.DataFrame(columns=columns, dtype=int)
    d = d[d["wardyadrolea"] == 1].drop_duplicates(["warnum", "statea", "stateb"])
    return pd.DataFrame(
        {
            "warnum": d["warnum"].astype(int),
            "attacker": d["statea"].astype(int),
            "attacked": d["stateb"].astype(int),
        },
        columns=columns,
    )


def _conduct(
    rows: pd.DataFrame, participation: pd.DataFrame, initiators: pd.DataFrame
) -> pd.DataFrame:
    """Per obligation row: did the obligor fight beside its partner, against it, attack it?

    ``against`` counts only records that began while the obligation was in force. Who
    attacked whom comes from the dyad's initiator when ``initiators`` names one; otherwise
    the state that entered against the other later (or, on the same day, from the
    initiators' side) attacked.
    """
    b = participation.loc[participation["first"], ["warnum", "ccode", "cow_side", "entry"]]
    rows = rows.merge(
        b.rename(columns={"ccode": "beneficiary", "cow_side": "b_side", "entry": "b_entered"}),
        on=["warnum", "beneficiary"],
    )
    o = participation[["warnum", "ccode", "cow_side", "entry", "attacker_side"]].rename(
        columns={"ccode": "obligor", "cow_side": "o_side", "entry": "o_entry"}
    )
    pairs = rows[["_row", "warnum", "obligor", "beneficiary", "b_side", "b_entered", "end"]].merge(
        o, on=["warnum", "obligor"]
    )
    end = pd.to_datetime(pairs["end"]).fillna(_NEVER)
    beside = pairs["o_side"] == pairs["b_side"]
    against = ~beside & (pairs["o_entry"] <= end)
    later = (pairs["o_entry"] > pairs["b_entered"]) | (
        (pairs["o_entry"] == pairs["b_entered"]) & pairs["attacker_side"]
    )
    attacked = _dyad_flag(pairs, initiators, "obligor", "beneficiary")
    attacked_by = _dyad_flag(pairs, initiators, "beneficiary", "obligor")
    began = np.where(attacked, True, np.where(attacked_by, False, later))
    flags = (
        pd.DataFrame(
            {
                "_row": pairs["_row"],
                "beside": beside,
                "against": against,
                "attacked": against & began,
            }
        )
        .groupby("_row")
        .any()
    )
    rows = rows.drop(columns=["b_side", "b_entered"]).set_index("_row").join(flags)
    for flag in ("beside", "against", "attacked"):
        rows[flag] = rows[flag].fillna(False).astype(bool)
    return rows.reset_index()


def _dyad_flag(
    pairs: pd.DataFrame, initiators: pd.DataFrame, first: str, second: str
) -> np.ndarray:
    """Whether ``initiators`` says ``first`` began the fighting with ``second``."""
    keys = pd.MultiIndex.from_frame(initiators[["warnum", "attacker", "attacked"]].astype(int))
    wanted = pd.MultiIndex.from_arrays(
        [pairs["warnum"].astype(int), pairs[first].astype(int), pairs[second].astype(int)]
    )
    return wanted.isin(keys)


def code_obligations(
    participation: pd.DataFrame,
    obligations: pd.DataFrame,
    unknown: str = "met",
    initiators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every obligation at stake in every war with its casus status and verdict.

    ``triggered`` comes from casus.py (yes / no / unknown; "not evaluated" for a
    non-aggression pledge whose parties did not fight each other). ``verdict``: honoured,
    violated, or n/a (casus not met; conditions left unknown under ``unknown="exclude"``;
    a pledge toward a partner that attacked the obligor; a non-aggression
    pledge whose obligor did not attack its partner; an obligor outside the COW state
    system, :func:`obligor_in_system`). ``unknown="met"`` takes obligations
    whose open conditions are all unknown as triggered. ``conduct`` says what the obligor
    did; ``initiators`` (see :func:`dyad_initiators`) says who began the fighting between
    two states.
    """
    if unknown not in UNKNOWN_RULES:
        raise FoedusError(f"unknown rule {unknown!r} invalid; accepted: {', '.join(UNKNOWN_RULES)}")
    if initiators is None:
        initiators = pd.DataFrame(columns=["warnum", "attacker", "attacked"], dtype=int)
    at_stake = later_wars(obligations_at_stake(participation, obligations), participation)
    at_stake = _conduct(at_stake.reset_index(names="_row"), participation, initiators)
    # a non-aggression pledge between states that did not fight each other is no case:
    # casus.py is asked only about the others (it costs most of the time otherwise)
    quiet = at_stake["type"].eq("nonaggression") & ~at_stake["against"]
    rows = pd.concat(
        [
            casus_status(at_stake[~quiet], participation),
            at_stake[quiet].assign(triggered="not evaluated"),
        ],
        ignore_index=True,
    )
    if rows.empty:
        return rows
    wars = participation.groupby("warnum")[["warname", "war_start"]].first()
    rows = rows.drop(columns="_row").join(wars, on="warnum")
    met = rows["triggered"].eq("yes") | (rows["triggered"].eq("unknown") & (unknown == "met"))
    join = rows["type"].isin(["defense", "offense"]).to_numpy()
    stay_out = rows["type"].isin(["neutrality", "nonaggression"]).to_numpy()
    beside, against, attacked = (rows[c].to_numpy() for c in ("beside", "against", "attacked"))
    # a partner that attacked the obligor broke the alliance first, which releases the
    # obligor from every pledge toward it (material breach, Vienna Convention on the Law
    # of Treaties, Art. 60). non-aggression: a case only when the obligor attacked.
    void = against & ~attacked
    nonagg_quiet = rows["type"].eq("nonaggression").to_numpy() & ~attacked
    rows["in_system"] = obligor_in_system(rows)
    outside = ~rows["in_system"].to_numpy()
    assessed = met.to_numpy() & (join | stay_out) & ~void & ~nonagg_quiet & ~outside
    honoured = np.where(join, beside & ~against, ~attacked)
    rows["verdict"] = np.where(assessed, np.where(honoured, "honoured", "violated"), "n/a")
    rows["conduct"] = np.select(
        [outside, attacked, against, beside],
        [
            "was not a member of the COW state system (its conduct is not in the war data)",
            "attacked its partner",
            "was attacked by its partner",
            "fought beside its partner",
        ],
        "stayed out",
    )
    return rows


def obligor_in_system(rows: pd.DataFrame) -> np.ndarray:
    """Whether each row's obligor was a member of the COW state system on ``b_entry``.

    The COW Inter-State War data record wars between members of the inter-state system
    only (Sarkees, Inter-State Wars v4.0 codebook; COW State System v2016): a state
    outside it on that day (Montenegro before 2006 in COW's list, Hesse Grand Ducal after
    April 1867, governments in exile after their country's occupation) cannot appear as a
    participant, so the war data cannot show whether it fought: its pledge is not assessed.
    """
    pairs = rows[["obligor", "b_entry"]].drop_duplicates()
    member = {
        (o, e): in_system(int(o), e.date())
        for o, e in zip(pairs["obligor"], pairs["b_entry"], strict=True)
    }
    return np.fromiter(
        (member[k] for k in zip(rows["obligor"], rows["b_entry"], strict=True)),
        dtype=bool,
        count=len(rows),
    )


# -- cases ------------------------------------------------------------------------------------
CASE_COLUMNS = [
    "warnum",
    "war",
    "war_start",
    "alliance",
    "atop_id",
    "signed",
    "era",
    "bilateral",
    "members",
    "types",
    "assessed",
    "casus",
    "member_verdicts",
    "verdict_any",
    "verdict_all",
    "verdict",
    "explanation",
]


def _alliance_facts(obligations: pd.DataFrame) -> pd.DataFrame:
    """Per arrangement: signing date (first entry of any member) and whether bilateral."""
    members = pd.concat(
        [
            obligations[["arrangement", "obligor"]].rename(columns={"obligor": "state"}),
            obligations[["arrangement", "beneficiary"]].rename(columns={"beneficiary": "state"}),
        ]
    )
    return pd.DataFrame(
        {
            "signed": pd.to_datetime(obligations["start"])
            .groupby(obligations["arrangement"])
            .min(),
            "bilateral": members.groupby("arrangement")["state"].nunique() == 2,
        }
    )


def _names(codes: pd.Series, when: pd.Series) -> list[str]:
    return [state_name(int(c), on=w.date()) for c, w in zip(codes, when, strict=True)]


def code_cases(coded: pd.DataFrame, obligations: pd.DataFrame, rule: str = "all") -> pd.DataFrame:
    """One row per alliance and war with at least one assessed obligation (see CASE_COLUMNS).

    ``verdict_all``: honoured when every assessed obligation was honoured. ``verdict_any``
    (the lenient rule the literature applies to multilateral alliances): honoured when at
    least one member honoured and none fought against an ally. ``verdict`` follows ``rule``.
    ``types`` lists the obligation types (consultation aside) the alliance carried toward
    its members at war; ``assessed`` those whose casus was met and could be judged.
    """
    if rule not in ALLIANCE_RULES:
        raise FoedusError(f"rule {rule!r} invalid; accepted: {', '.join(ALLIANCE_RULES)}")
    rows = coded[coded["type"] != "consultation"].copy()
    rows["assessed_row"] = rows["verdict"] != "n/a"
    rows = rows.sort_values(["warnum", "arrangement", "obligor", "beneficiary", "type"])
    key = ["warnum", "arrangement"]
    live = rows.groupby(key)["assessed_row"].transform("any")
    rows = rows[live]
    if rows.empty:
        return pd.DataFrame(columns=CASE_COLUMNS)
    rows["obligor_name"] = _names(rows["obligor"], rows["b_entry"])
    rows["beneficiary_name"] = _names(rows["beneficiary"], rows["b_entry"])
    done = rows[rows["assessed_row"]]
    g = done.groupby(key)
    honoured = g["verdict"].apply(lambda v: (v == "honoured").any())
    fought_ally = g["against"].any()
    all_kept = g["verdict"].apply(lambda v: (v == "honoured").all())
    member = (
        done.assign(v=done["verdict"].eq("violated")).groupby([*key, "obligor_name"])["v"].any()
    )
    member_text = member.map({True: "violated", False: "honoured"}).reset_index()
    member_text = (
        (member_text["obligor_name"] + ": " + member_text["v"])
        .groupby([member_text["warnum"], member_text["arrangement"]])
        .agg("; ".join)
    )
    out = pd.DataFrame(
        {
            "war": g["warname"].first(),
            "war_start": g["war_start"].first(),
            "alliance": g["arrangement_name"].first(),
            "atop_id": g["atop_id"].first().astype("Int64"),
            "members": g.apply(
                lambda f: ", ".join(sorted(set(f["obligor_name"]) | set(f["beneficiary_name"])))
            ),
            "types": rows.groupby(key)["type"].apply(_joined_types),
            "assessed": g["type"].apply(_joined_types),
            "casus": g.apply(_casus_text),
            "member_verdicts": member_text,
            "verdict_any": np.where(honoured & ~fought_ally, "honoured", "violated"),
            "verdict_all": np.where(all_kept, "honoured", "violated"),
            "explanation": g.apply(_explain),
        }
    ).reset_index()
    facts = _alliance_facts(obligations)
    out = out.join(facts, on="arrangement")
    pre = (out["signed"] < ERA_SPLIT) & (out["war_start"] < ERA_SPLIT)
    out["era"] = np.where(pre, "pre-1945", "post-1945")
    out["verdict"] = out["verdict_" + rule]
    return out[CASE_COLUMNS].sort_values(["war_start", "warnum", "alliance"]).reset_index(drop=True)


def _joined_types(types: pd.Series) -> str:
    return ", ".join(t for t in ASSESSED_TYPES if t in set(types))


def _casus_text(f: pd.DataFrame) -> str:
    return " | ".join(
        f"{o} to {b} ({t}): {r}"
        for o, b, t, r in zip(
            f["obligor_name"], f["beneficiary_name"], f["type"], f["reason"], strict=True
        )
    )


def _explain(f: pd.DataFrame) -> str:
    """One paragraph: who was obligated to whom, why the casus was met, what each did."""
    parts = []
    for (o, b), pair in f.groupby(["obligor_name", "beneficiary_name"], sort=False):
        kinds = " and ".join(dict.fromkeys(pair["type"]))
        status = (
            "met"
            if (pair["triggered"] == "yes").all()
            else "taken as met (some conditions unknown)"
        )
        verdict = "violated" if (pair["verdict"] == "violated").any() else "honoured"
        parts.append(
            f"{o} owed {b} {kinds}; the casus foederis was {status} "
            f"({pair['reason'].iloc[0].split(';')[0]}); {o} "
            f"{pair['conduct'].iloc[0]} and {verdict} the pledge."
        )
    return " ".join(parts)


# -- aggregates and the published comparison ---------------------------------------------------
def _rates(cases: pd.DataFrame, group: pd.Series | str) -> pd.DataFrame:
    g = cases.assign(_h=cases["verdict"].eq("honoured")).groupby(group, sort=False)["_h"]
    out = pd.DataFrame({"cases": g.size(), "honoured": g.sum().astype(int)})
    out["violated"] = out["cases"] - out["honoured"]
    out["rate"] = (100.0 * out["honoured"] / out["cases"]).round(1)
    return out


def aggregate(cases: pd.DataFrame, by: str = "type") -> pd.DataFrame:
    """Honoured share of cases by obligation type, era, alliance, size (bilateral or not) or war.

    By type, a case counts under every type its alliance carried toward its members at
    war (as Berkemeier & Fuhrmann 2018 classify alliances), so the rows overlap.
    """
    if by not in BY:
        raise FoedusError(f"--by {by!r} invalid; accepted: {', '.join(BY)}")
    if by == "type":
        long = cases.assign(group=cases["types"].str.split(", ")).explode("group")
        out = _rates(long, "group").reindex(ASSESSED_TYPES).dropna()
    elif by == "size":
        out = _rates(cases, cases["bilateral"].map({True: "bilateral", False: "multilateral"}))
    else:
        out = _rates(cases, by)
    out = out.astype({"cases": int, "honoured": int, "violated": int})
    return out.rename_axis(by).reset_index()


def published_comparison(cases: pd.DataFrame) -> pd.DataFrame:
    """Our rates beside Berkemeier & Fuhrmann (2018) and Leeds, Long & Mitchell (2000).

    Columns: measure, cases, honoured, rate, study, published_cases, published_honoured,
    published_rate, rate_diff (percentage points), cases_diff (percent of published).
    ``1816-1944`` uses wars begun and alliances signed before 1945 up to 1944 (LLM's span).
    """
    bf = cases[cases["war_start"].dt.year <= 2003]
    rows = [
        _rates(bf.assign(measure="overall"), "measure"),
        _rates(bf, "era"),
        aggregate(bf, "type").set_index("type"),
        _rates(cases[cases["era"] == "pre-1945"].assign(measure="1816-1944"), "measure"),
    ]
    ours = pd.concat(rows).rename_axis("measure").reset_index()
    out = PUBLISHED.merge(ours, on="measure", how="left")
    out["published_rate"] = (100.0 * out["published_honoured"] / out["published_cases"]).round(1)
    out.loc[out["measure"] == "1816-1944", "published_rate"] = 100.0 * _LLM_RATE
    out["rate_diff"] = (out["rate"] - out["published_rate"]).round(1)
    out["cases_diff"] = (
        100.0 * (out["cases"] - out["published_cases"]) / out["published_cases"]
    ).round(1)
    columns = [
        "measure",
        "cases",
        "honoured",
        "rate",
        "study",
        "published_cases",
        "published_honoured",
        "published_rate",
        "rate_diff",
        "cases_diff",
    ]
    return out[columns].astype({"published_cases": "Int64", "published_honoured": "Int64"})


# -- the store-facing API ----------------------------------------------------------------------
def historical_obligations(store: Store | None = None) -> pd.DataFrame:
    """ATOP 5.1 obligations with war-specific pledges named (:func:`war_conflicts`)."""
    store = store or Store()
    members = store.table("atop", "member", columns=["atopid", "member", "cowwar"])
    wars = store.table("cow_war", "participants", columns=["warnum", "warname"])
    return war_conflicts(atop_obligations(store), members, wars.drop_duplicates("warnum"))


def coded_obligations(
    store: Store | None = None,
    years: str | tuple[int, int] | None = None,
    war: int | None = None,
    unknown: str = "met",
) -> pd.DataFrame:
    """Every ATOP obligation at stake in every COW inter-state war, coded (see module doc).

    Needs the ``atop`` and ``cow_war`` sources in the store. ``years`` filters on the year
    the war began; ``war`` keeps one COW war number.
    """
    store = store or Store()
    participation = _wars(war_participation(store), years, war)
    return code_obligations(
        participation,
        historical_obligations(store),
        unknown=unknown,
        initiators=dyad_initiators(store),
    )


def _wars(
    participation: pd.DataFrame,
    years: str | tuple[int, int] | None,
    war: int | None,
    exclude: Iterable[int] = (),
) -> pd.DataFrame:
    for number in [*([war] if war is not None else []), *exclude]:
        _check_war(number, participation)
    if war is not None:
        participation = participation[participation["warnum"] == war]
    participation = participation[~participation["warnum"].isin(list(exclude))]
    if years is not None:
        first, last = parse_years(years)
        year = participation["war_start"].dt.year
        participation = participation[(year >= first) & (year <= last)]
    return participation


def _check_war(number: int, participation: pd.DataFrame) -> None:
    if number not in set(participation["warnum"]):
        raise FoedusError(
            f"war {number} is not a COW inter-state war number; accepted: "
            f"{participation['warnum'].min()}-{participation['warnum'].max()}"
            " (see the COW Inter-State War v4.0 list)"
        )


def reliability_cases(
    store: Store | None = None,
    years: str | tuple[int, int] | None = None,
    war: int | None = None,
    rule: str = "all",
    unknown: str = "met",
    exclude: Iterable[int] = (),
) -> pd.DataFrame:
    """The reliability cases: one row per alliance and war where an obligation was tested.

    ``rule`` is the alliance-level rule (``all``: every obligated member honoured;
    ``any``: at least one honoured and none fought an ally); ``unknown="met"`` takes
    conditions ATOP codes without their content as met, ``"exclude"`` leaves such
    obligations out; ``exclude`` leaves out the COW wars numbered (a sensitivity check).
    Needs the ``atop`` and ``cow_war`` sources in the store.
    """
    store = store or Store()
    obligations = historical_obligations(store)
    participation = _wars(war_participation(store), years, war, exclude)
    coded = code_obligations(
        participation, obligations, unknown=unknown, initiators=dyad_initiators(store)
    )
    if coded.empty:
        return pd.DataFrame(columns=CASE_COLUMNS)
    return code_cases(coded, obligations, rule=rule)


def reliability_rates(
    store: Store | None = None,
    years: str | tuple[int, int] | None = None,
    by: str | None = None,
    war: int | None = None,
    rule: str = "all",
    unknown: str = "met",
    exclude: Iterable[int] = (),
) -> pd.DataFrame:
    """Honoured share of the cases of :func:`reliability_cases`.

    ``by`` (type, era, alliance, size, war): one row per group (:func:`aggregate`); None:
    the overall, era and type rates beside the published ones (:func:`published_comparison`).
    """
    table = reliability_cases(
        store, years=years, war=war, rule=rule, unknown=unknown, exclude=exclude
    )
    return published_comparison(table) if by is None else aggregate(table, by)


def honour_probabilities(
    cases: pd.DataFrame, prior_weight: float = 5.0
) -> dict[tuple[str, str], float]:
    """Honoured share of cases by (type, era) key, e.g. ``("defense", "pre1945")``.

    A case counts under every type in its ``types`` (as in :func:`aggregate`). Each cell is
    shrunk toward its type's share over both eras with ``prior_weight`` pseudo-cases,
    ``(h + w p) / (n + w)``, so thin cells (few post-1945 offense cases) stay near the
    type's record instead of jumping to 0 or 1.
    """
    long = cases.assign(type=cases["types"].str.split(", ")).explode("type")
    long = long[long["type"].isin(ASSESSED_TYPES)]
    honoured = long["verdict"].eq("honoured")
    overall = honoured.groupby(long["type"]).mean()
    out = {}
    for (kind, era), h in honoured.groupby([long["type"], long["era"]]):
        rate = (h.sum() + prior_weight * overall[kind]) / (len(h) + prior_weight)
        out[(str(kind), str(era).replace("-", ""))] = float(rate)
    return out


def calibrated_honour_probabilities(
    store: Store | None = None, rule: str = "all", unknown: str = "met"
) -> dict[tuple[str, str], float]:
    """Honouring probability by (type, era) for the cascade simulator, from COW wars 1816-2007.

    The honoured share of :func:`reliability_cases` (ATOP 5.1 obligations in every COW
    inter-state war) by obligation type and era, smoothed by :func:`honour_probabilities`.
    Keys: (defense | offense | neutrality | nonaggression, pre1945 | post1945), the era of
    :func:`code_cases` (alliance signed and war begun before 1945, or not). These replace
    the published Berkemeier & Fuhrmann (2018) rates the simulator starts from.
    """
    return honour_probabilities(reliability_cases(store, rule=rule, unknown=unknown))
