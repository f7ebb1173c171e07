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

import pandas as pd

from foedus import builtin
from foedus.casus import compile_pledges, evaluate, initial_war, report
from foedus.commitments import COLUMNS
from foedus.progress import track
from foedus.reliability.wars import conflict_name, war_scenario
from foedus.vocab import CASUS_CHECKS, OBLIGATION_TYPES

# war data can show whether a pledge to fight or to stay out was kept, not whether allies
# consulted
ASSESSED_TYPES = tuple(t for t in OBLIGATION_TYPES if t != "consultation")
_NEVER = pd.Timestamp.max.normalize()


# -- the obligations at stake ----------------------------------------------------------------
def obligations_at_stake(participation: pd.DataFrame, obligations: pd.DataFrame) -> pd.DataFrame:
    """Obligations toward each belligerent in force when it entered the war or made during it.

    One row per war and obligation (the latest ATOP phase when phases meet on that day),
    with warnum, the beneficiary's entry date ``b_entry``, the end of its time on its first
    side ``b_exit`` (COW's end date; never when missing), ``in_force`` (the later of the
    pledge's start and ``b_entry``) and ``during_war``. Consultation pledges are left out:
    war data cannot show whether allies consulted.

    A pledge that entered into force while its beneficiary was at war (after ``b_entry``,
    up to ``b_exit``) is at stake too, with ``during_war`` true, unless the same pledge
    (arrangement, obligor, beneficiary, type) was in force on ``b_entry`` already (a new
    ATOP phase of it): the published studies code the alliances made during a war, judged
    on what happens after they take effect (Leeds, Long & Mitchell 2000; Berkemeier &
    Fuhrmann 2018; ATOP codebook v5.1, WARTIME and COWWAR, which code the alliances formed
    by states at war).
    """
    first = participation[participation["first"]]
    window = first[["warnum", "ccode", "entry", "exit"]].rename(
        columns={"ccode": "beneficiary", "entry": "b_entry", "exit": "b_exit"}
    )
    window["b_exit"] = window["b_exit"].fillna(_NEVER)
    obligations = obligations[obligations["type"].isin(ASSESSED_TYPES)]
    ob = obligations.merge(window, on="beneficiary")
    start = pd.to_datetime(ob["start"])
    end = pd.to_datetime(ob["end"]).fillna(_NEVER)
    key = ["warnum", "arrangement", "obligor", "beneficiary", "type"]
    at_entry = (start <= ob["b_entry"]) & (ob["b_entry"] <= end)
    during = (start > ob["b_entry"]) & (start <= ob["b_exit"])
    ob = ob.assign(_start=start, during_war=during.to_numpy())
    # the latest phase in force at entry; else the first phase made during the war
    entry = ob[at_entry].sort_values("_start").drop_duplicates(key, keep="last")
    made = ob[during].sort_values("_start").drop_duplicates(key, keep="first")
    known = pd.MultiIndex.from_frame(entry[key])
    made = made[~pd.MultiIndex.from_frame(made[key]).isin(known)]
    ob = pd.concat([entry, made]).sort_index()
    ob["in_force"] = ob[["_start", "b_entry"]].max(axis=1)
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
        f"a conflict ongoing on {start:%Y-%m-%d} (ATOP: specific ongoing conflict)"
        for start in pd.to_datetime(out.loc[later, "start"])
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
            "obligor_ccode": "obligor",
            "beneficiary_ccode": "beneficiary",
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
