"""Coding each obligation at stake in a war: casus foederis, conduct, verdict.

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

References: Leeds, Long & Mitchell (2000), "Reevaluating Alliance Reliability: Specific
Threats, Specific Promises", Journal of Conflict Resolution 44(5): 686-699; Berkemeier &
Fuhrmann (2018), "Reassessing the fulfillment of alliance commitments in war", Research &
Politics 5(2). See docs/reliability.md for the rules.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from foedus import builtin
from foedus.casus import compile_pledges, evaluate, initial_war, report
from foedus.commitments import COLUMNS
from foedus.errors import FoedusError
from foedus.progress import track
from foedus.reliability.wars import conflict_name, war_scenario
from foedus.states import in_system
from foedus.vocab import CASUS_CHECKS, OBLIGATION_TYPES

# war data can show whether a pledge to fight or to stay out was kept, not whether allies
# consulted
ASSESSED_TYPES = tuple(t for t in OBLIGATION_TYPES if t != "consultation")
UNKNOWN_RULES = ("exclude", "met")
_NEVER = pd.Timestamp.max.normalize()


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
    ob = ob.assign(_start=start)[(start <= ob["b_entry"]) & (ob["b_entry"] <= end)]
    ob = ob.sort_values("_start")
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
    N, not met elsewhere). ``members``: one row per ATOP alliance and member (atopid,
    member, cowwar; :func:`foedus.data.wars.read_member_wars`); ``wars``: warnum and warname.
    """
    cowwar = members[["atopid", "member", "cowwar"]]
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
        conflict_name(int(w), str(n))
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
    :data:`foedus.vocab.CASUS_CHECKS`, ``role``, ``obligor_side`` and ``reason``. Runs
    :func:`foedus.casus.evaluate` once per war on the scenario of :func:`war_scenario`,
    with each entrant's round set from its entry date; a formal invocation of the
    casus foederis for that war (:func:`formal_invocations`) triggers its defense pledges.
    """
    at_stake = at_stake.assign(arrangement_name=_label(at_stake))
    frames = []
    wars = at_stake.groupby("warnum", sort=True)
    for warnum, ob in track(wars, total=wars.ngroups, label="coding wars"):
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
            **{f"cond_{c}": f"status_{c}" for c in CASUS_CHECKS},
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
    did; ``initiators`` (:func:`foedus.data.wars.read_war_dyads`) says who began the
    fighting between two states.
    """
    if unknown not in UNKNOWN_RULES:
        raise FoedusError(f"unknown rule {unknown!r} invalid; accepted: {', '.join(UNKNOWN_RULES)}")
    if initiators is None:
        initiators = pd.DataFrame(columns=["warnum", "attacker", "attacked"], dtype=int)
    at_stake = obligations_at_stake(participation, obligations)
    if at_stake.empty:
        return at_stake
    at_stake = later_wars(at_stake, participation)
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
