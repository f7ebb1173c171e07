"""The wars: COW Inter-State War v4.0 participations as casus foederis scenarios.

A war becomes a casus scenario (:func:`war_scenario`): the original attackers are the
belligerents on the side of the COW initiator(s) at the war's first day, the targets their
opponents on that day; every later entrant enters in a round ordered by its entry date
(StartDate1), and on one day the target side's entrants come first, so a state joining the
initiators attacks those who joined the targets that day (Russia, then Germany, on
1 August 1914). A state that changed sides keeps its first side in the scenario; its later
record counts as fighting against its former partners. The scenario's location, the war's
theatre, joins COW's WhereFought regions of all participants (:func:`cow_theatre`), narrowed
within the Americas and Asia to the regions the fighting reached (:func:`war_theatre`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.builtin import expand_regions, war_theatres
from foedus.casus import Scenario
from foedus.data.wars import read_war_participants
from foedus.errors import FoedusError
from foedus.vocab import SIDES

if TYPE_CHECKING:
    from foedus.store import Store

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


def war_participation(store: Store | None = None) -> pd.DataFrame:
    """COW Inter-State War v4.0 participations with their casus side and entry round.

    Parameters
    ----------
    store
        The store holding ``cow_war`` (default: ``Store()``), read by
        :func:`foedus.data.wars.read_war_participants`.

    Returns
    -------
    pandas.DataFrame
        One row per participation record (a state that changed sides has two): warnum,
        warname, ccode, cow_side (COW's 1/2), entry, exit, initiator, wherefought, and the
        columns :func:`entry_rounds` adds.

    References
    ----------
    Sarkees, Meredith Reid, and Frank Wayman. 2010. *Resort to War: 1816-2007*. CQ Press
    (COW Inter-State War Data v4.0).
    """
    return entry_rounds(read_war_participants(store))


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
        conflict=conflict_name(int(first["warnum"].iloc[0]), str(first["warname"].iloc[0])),
        entrants={
            int(c): SIDES[int(s) - 1]
            for c, s in zip(entrants["ccode"], entrants["side"], strict=True)
        },
        # the coder's documented rule (docs/reliability.md): who attacked whom among later
        # entrants follows the order of entry, as it did before the casus default changed
        chain_ganging=True,
    )
    return scenario, dict(
        zip(entrants["ccode"].astype(int), entrants["round"].astype(int), strict=True)
    )


def conflict_name(warnum: int, warname: str) -> str:
    """How a scenario and a war-specific pledge name a COW war (see :func:`war_conflicts`)."""
    return f"COW war {warnum} ({warname})"
