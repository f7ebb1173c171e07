"""Verdicts: what each obligor did in the war, and whether it kept its pledge.

The rules of Leeds, Long & Mitchell (2000), "Reevaluating Alliance Reliability: Specific
Threats, Specific Promises", Journal of Conflict Resolution 44(5): 686-699, as applied
by Berkemeier & Fuhrmann (2018), "Reassessing the fulfillment of alliance commitments in
war", Research & Politics 5(2); numbered as in docs/reliability.md:

1. a pledge made during the war is judged on what the obligor did after it took effect
   (:func:`foedus.reliability.obligations_at_stake` puts it at stake);
2. allies that fought each other violated the alliance whatever the pledge type and
   whether or not its casus foederis was met: the one that attacked its partner violated
   its pledge, the attacked partner is released from its own (material breach, Vienna
   Convention on the Law of Treaties, Art. 60);
4. a late entrant on its partner's side while the partner was still at war honoured its
   pledge; a state that changed sides is judged by its first side;
5. a condition ATOP codes without its content makes the pledge not applicable, unless the
   treaty text settles it for the war (:mod:`foedus.reliability.readings`) or
   ``unknown="met"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from foedus.errors import FoedusError
from foedus.reliability.coding import casus_status, later_wars, obligations_at_stake
from foedus.reliability.readings import apply_readings
from foedus.states import in_system
from foedus.vocab import UNKNOWN_RULES

_NEVER = pd.Timestamp.max.normalize()
# a partner entering this long after the pledge was at stake is named a late entrant
_LATE = pd.Timedelta(days=365)
_CONDITIONS = ("location", "adversary", "attackers", "conflict")


def _conduct(
    rows: pd.DataFrame, participation: pd.DataFrame, initiators: pd.DataFrame
) -> pd.DataFrame:
    """Per obligation row: did the obligor fight beside its partner, against it, attack it?

    ``beside``: the obligor's first record is on the side of the partner's first record
    and overlaps the partner's time at war after the pledge took effect (``in_force`` to
    ``b_exit``): a late entrant counts, a later record after a change of sides does not.
    ``against``: a record on the other side overlapping the partner's time at war while
    the pledge was in force. Who attacked whom comes from the dyad's initiator when
    ``initiators`` names one; otherwise the state that entered against the other later
    (or, on the same day, from the initiators' side) attacked. Adds ``o_entered`` (the
    first entry of a ``beside`` record) and ``changed_sides``.
    """
    b = participation.loc[participation["first"], ["warnum", "ccode", "cow_side"]]
    rows = rows.merge(
        b.rename(columns={"ccode": "beneficiary", "cow_side": "b_side"}),
        on=["warnum", "beneficiary"],
    )
    o = participation[
        ["warnum", "ccode", "cow_side", "entry", "exit", "first", "attacker_side"]
    ].rename(
        columns={
            "ccode": "obligor",
            "cow_side": "o_side",
            "entry": "o_entry",
            "exit": "o_exit",
            "first": "o_first",
        }
    )
    cols = ["_row", "warnum", "obligor", "beneficiary", "b_side", "b_entry", "b_exit"]
    pairs = rows[[*cols, "end", "in_force"]].merge(o, on=["warnum", "obligor"])
    end = pd.to_datetime(pairs["end"]).fillna(_NEVER)
    o_exit = pairs["o_exit"].fillna(_NEVER)
    same = pairs["o_side"] == pairs["b_side"]
    during = (pairs["o_entry"] <= pairs["b_exit"]) & (o_exit >= pairs["in_force"])
    beside = pairs["o_first"] & same & during
    # fighting each other counts while the pledge was in force; a pledge two belligerents
    # made on the day their fighting ended (a peace treaty) was not broken by it
    against = ~same & during & (pairs["o_entry"] <= end) & (o_exit > pairs["in_force"])
    later = (pairs["o_entry"] > pairs["b_entry"]) | (
        (pairs["o_entry"] == pairs["b_entry"]) & pairs["attacker_side"]
    )
    attacked = _dyad_flag(pairs, initiators, "obligor", "beneficiary")
    attacked_by = _dyad_flag(pairs, initiators, "beneficiary", "obligor")
    began = np.where(attacked, True, np.where(attacked_by, False, later))
    flags = pd.DataFrame(
        {
            "_row": pairs["_row"],
            "beside": beside,
            "against": against,
            "attacked": against & began,
            "o_entered": pairs["o_entry"].where(beside),
            "o_sides": pairs["o_side"],
        }
    ).groupby("_row")
    joined = pd.DataFrame(
        {
            "beside": flags["beside"].any(),
            "against": flags["against"].any(),
            "attacked": flags["attacked"].any(),
            "o_entered": flags["o_entered"].min(),
            "changed_sides": flags["o_sides"].nunique() > 1,
        }
    )
    rows = rows.drop(columns="b_side").set_index("_row").join(joined)
    for flag in ("beside", "against", "attacked", "changed_sides"):
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


def _breached_first(rows: pd.DataFrame) -> pd.Series:
    """Whether a row's partner had itself attacked another member of the arrangement.

    A member that attacks a fellow member commits a material breach of the alliance, which
    entitles the other parties to suspend it toward the defaulting state (Vienna Convention
    on the Law of Treaties, Art. 60(2)): Romania attacked Austria-Hungary on 27 August
    1916, so Germany fighting Romania from the next day did not break its own pledge to
    Romania (ATOP 1355); the case stays violated on Romania's row.
    """
    hit = rows.loc[rows["attacked"], ["warnum", "arrangement", "obligor", "beneficiary"]]
    breaches = hit.rename(columns={"obligor": "beneficiary", "beneficiary": "victim"})
    pairs = rows[["warnum", "arrangement", "obligor", "beneficiary"]].reset_index()
    pairs = pairs.merge(breaches, on=["warnum", "arrangement", "beneficiary"])
    released = pairs.loc[pairs["victim"] != pairs["obligor"], "index"]
    return rows.index.to_series().isin(set(released)) & rows["attacked"]


def unspecified_unknown(rows: pd.DataFrame) -> np.ndarray:
    """Whether a row's casus is unknown because of a condition ATOP codes without content.

    ATOP codes that a pledge is limited (to an adversary, a location, a conflict, a number
    of attackers, a partner's action or another condition: DEFCOADV, DEFCOLOC, ...,
    codebook v5.1 section 2.3) without always saying to what; ``cond_unspecified`` lists
    those left without content after the built-in treaty readings. The war's own unknowns
    (the provocation of a later entrant, demands made before the war) are not such
    conditions.
    """
    unknown = rows["status_unspecified"].eq("unknown").to_numpy().copy()
    for cond in _CONDITIONS:
        named = rows["cond_unspecified"].map(lambda u, c=cond: c in u).to_numpy()
        unknown |= named & rows[f"status_{cond}"].eq("unknown").to_numpy()
    return unknown


def code_obligations(
    participation: pd.DataFrame,
    obligations: pd.DataFrame,
    unknown: str = "unmet",
    initiators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every obligation at stake in every war with its casus status and verdict.

    Parameters
    ----------
    participation
        The war participations (:func:`foedus.reliability.war_participation`).
    obligations
        ATOP obligations (:func:`foedus.reliability.historical_obligations`).
    unknown
        ``"unmet"`` (default, rule 5): a pledge whose casus is unknown because of a
        condition ATOP codes without its content is not applicable; the war's own
        unknowns (provocation of a later entrant, demands) are taken as met. ``"met"``:
        every unknown taken as met.
    initiators
        Who began the fighting between two states
        (:func:`foedus.data.wars.read_war_dyads`), for ``attacked``.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`foedus.reliability.obligations_at_stake` with the casus
        columns of :func:`foedus.reliability.casus_status`, ``triggered`` (yes / no /
        unknown; "not evaluated" for a non-aggression pledge whose parties did not fight
        each other), ``verdict`` (honoured, violated or n/a), ``conduct`` (what the
        obligor did) and ``note`` (the rule that decided the row, when one did).

    References
    ----------
    Leeds, Long & Mitchell (2000), Journal of Conflict Resolution 44(5): 686-699;
    Berkemeier & Fuhrmann (2018), Research & Politics 5(2); ATOP codebook v5.1.
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
    for column in ("reason", *(f"status_{c}" for c in (*_CONDITIONS, "unspecified"))):
        rows[column] = rows[column].fillna("") if column in rows else ""
    read = apply_readings(rows)
    open_condition = rows["triggered"].eq("unknown").to_numpy() & unspecified_unknown(rows)
    met = rows["triggered"].eq("yes").to_numpy() | (
        rows["triggered"].eq("unknown").to_numpy() & ((unknown == "met") | ~open_condition)
    )
    join = rows["type"].isin(["defense", "offense"]).to_numpy()
    stay_out = rows["type"].isin(["neutrality", "nonaggression"]).to_numpy()
    breached = _breached_first(rows).to_numpy()
    rows["attacked"] = rows["attacked"] & ~breached
    beside, against, attacked = (rows[c].to_numpy() for c in ("beside", "against", "attacked"))
    # rule 2: allies that fought each other broke the alliance whatever the pledge and its
    # casus; the one attacked is released (material breach, VCLT Art. 60)
    void = against & ~attacked
    nonagg_quiet = rows["type"].eq("nonaggression").to_numpy() & ~attacked
    rows["in_system"] = obligor_in_system(rows)
    outside = ~rows["in_system"].to_numpy()
    assessed = (met & (join | stay_out) & ~void & ~nonagg_quiet & ~outside) | attacked
    honoured = np.where(join, beside & ~against, ~attacked)
    rows["verdict"] = np.where(assessed, np.where(honoured, "honoured", "violated"), "n/a")
    rows["conduct"] = np.select(
        [outside, attacked, breached, against, beside],
        [
            "was not a member of the COW state system (its conduct is not in the war data)",
            "attacked its partner",
            "fought its partner after the partner had attacked a fellow member",
            "was attacked by its partner",
            "fought beside its partner",
        ],
        "stayed out",
    )
    # casus.py reads sides from first records: a state whose other side never met the
    # partner while the pledge was in force was not "itself at war against" it
    stale = ~against & rows["reason"].str.contains(" is itself at war against ").to_numpy()
    rows.loc[stale, "reason"] = rows.loc[stale, "reason"].str.replace(
        r"([^;]*) is itself at war against ([^;]*)",
        r"\1 was on the other side but never at war with \2 while the pledge was in force",
        regex=True,
    )
    rows["note"] = _notes(rows, open_condition & ~met, attacked, void & ~breached, read)
    rows.loc[breached, "note"] = [
        "; ".join(
            p for p in ("released: its partner had attacked a fellow member (rule 2)", n) if p
        )
        for n in rows.loc[breached, "note"]
    ]
    return rows


def _notes(
    rows: pd.DataFrame,
    not_applicable: np.ndarray,
    attacked: np.ndarray,
    void: np.ndarray,
    read: np.ndarray,
) -> list[str]:
    """The rule that decided each row, in words (empty when the general rules did)."""
    late = (rows["o_entered"] - rows["in_force"] > _LATE).to_numpy()
    notes = []
    for i, row in enumerate(rows.itertuples(index=False)):
        parts = []
        if row.during_war:
            parts.append(
                f"pledge made during the war, in force from {row.in_force.date()}: judged "
                "on conduct after it took effect (rule 1)"
            )
        if attacked[i]:
            parts.append(
                "allies fought each other: attacking its partner violates the alliance "
                "whatever the pledge type or casus (rule 2)"
            )
        elif void[i]:
            parts.append("released: its partner attacked it (rule 2)")
        if late[i] and row.verdict == "honoured":
            parts.append(
                f"entered on {row.o_entered.date()}, long after the casus: a late entrant "
                "within its partner's war honours (rule 4)"
            )
        if row.changed_sides:
            parts.append("changed sides in the war: judged by its first side (rule 4)")
        if read[i]:
            parts.append("casus foederis read from the treaty text (rule 5)")
        if not_applicable[i]:
            parts.append(
                "not applicable: ATOP codes a condition of this pledge without its "
                "content and no reading of the treaty text fills it (rule 5)"
            )
        notes.append("; ".join(parts))
    return notes


def obligor_in_system(rows: pd.DataFrame) -> np.ndarray:
    """Whether each row's obligor was a member of the COW state system on ``in_force``.

    The COW Inter-State War data record wars between members of the inter-state system
    only (Sarkees, Inter-State Wars v4.0 codebook; COW State System v2016): a state
    outside it on that day (Montenegro before 2006 in COW's list, Hesse Grand Ducal after
    April 1867, governments in exile after their country's occupation) cannot appear as a
    participant, so the war data cannot show whether it fought: its pledge is not assessed.
    """
    when = rows["in_force"] if "in_force" in rows else rows["b_entry"]
    pairs = pd.DataFrame({"o": rows["obligor"], "w": when}).drop_duplicates()
    member = {
        (o, w): in_system(int(o), w.date()) for o, w in zip(pairs["o"], pairs["w"], strict=True)
    }
    return np.fromiter(
        (member[k] for k in zip(rows["obligor"], when, strict=True)),
        dtype=bool,
        count=len(rows),
    )
