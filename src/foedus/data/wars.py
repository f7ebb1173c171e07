"""Readers of the war records: COW Inter-State War v4.0 participants, Maoz's directed
dyadic war file, and the COW war ATOP members were fighting when they joined an alliance.

Everything :mod:`foedus.reliability` reads from the store comes through these functions.
"""

from __future__ import annotations

import pandas as pd

from foedus.data._sql import query
from foedus.store import Store

PARTICIPANT_COLUMNS = [
    "warnum",
    "warname",
    "ccode",
    "cow_side",
    "entry",
    "exit",
    "initiator",
    "wherefought",
]
DYAD_COLUMNS = ["warnum", "attacker", "attacked"]


def read_war_participants(store: Store | None = None) -> pd.DataFrame:
    """COW Inter-State War v4.0 participations, one row per participation record.

    Parameters
    ----------
    store
        The store holding source ``cow_war`` (default: ``Store()``).

    Returns
    -------
    pandas.DataFrame
        warnum, warname, ccode, cow_side (COW's Side, 1 or 2), entry (StartDate1 as
        datetime64), exit (the end of the last spell: EndDate2, else EndDate1; NaT when
        ongoing), initiator (bool), wherefought (COW's WhereFought region code, nullable).
        A state that changed sides has one row per side.

    References
    ----------
    Sarkees, Meredith Reid, and Frank Wayman. 2010. *Resort to War: 1816-2007*. CQ Press
    (COW Inter-State War Data v4.0).
    """
    frame = query(
        """
        SELECT warnum::INTEGER AS warnum, warname::VARCHAR AS warname, ccode::INTEGER AS ccode,
               side::INTEGER AS cow_side, start1::DATE AS entry,
               coalesce(end2::DATE, end1::DATE) AS exit,
               coalesce(initiator = 1, false) AS initiator,
               wherefought::INTEGER AS wherefought
        FROM participants
        """,
        store,
        participants=("cow_war", "participants"),
    )
    return frame.astype(
        {
            "warnum": int,
            "ccode": int,
            "cow_side": int,
            "entry": "datetime64[ns]",
            "exit": "datetime64[ns]",
            "initiator": bool,
            "wherefought": "Int64",
        }
    )[PARTICIPANT_COLUMNS]


def read_war_dyads(store: Store | None = None) -> pd.DataFrame:
    """Who began the fighting in each warring dyad, from Maoz's directed dyadic war file.

    Parameters
    ----------
    store
        The store holding source ``cow_war`` (default: ``Store()``).

    Returns
    -------
    pandas.DataFrame
        warnum, attacker, attacked (COW codes): one row per dyad of a war whose
        WarDyadRoleA is 1 (state A initiated the dyad's war). Empty when the store's
        ``cow_war`` release has no ``dyads`` table (the file is optional).

    References
    ----------
    Maoz, Zeev, et al. 2019. "The Dyadic Militarized Interstate Disputes (MIDs) Dataset
    Version 3.0." *Journal of Conflict Resolution* 63(3): 811-835 (Directed Dyadic
    Interstate War Dataset, May 2018).
    """
    store = store or Store()
    snapshot = store.snapshot()
    if "dyads" not in snapshot.registry.get("cow_war", {}).get("rows", {}):
        return pd.DataFrame({c: pd.Series(dtype=int) for c in DYAD_COLUMNS})
    frame = query(
        """
        SELECT DISTINCT warnum::INTEGER AS warnum, statea::INTEGER AS attacker,
               stateb::INTEGER AS attacked
        FROM dyads WHERE wardyadrolea = 1
        ORDER BY warnum, attacker, attacked
        """,
        store,
        dyads=("cow_war", "dyads"),
    )
    return frame.astype(int)[DYAD_COLUMNS]


def read_member_wars(store: Store | None = None) -> pd.DataFrame:
    """The COW war each ATOP 5.1 member was fighting when it joined an alliance (COWWAR).

    Parameters
    ----------
    store
        The store holding source ``atop`` (default: ``Store()``).

    Returns
    -------
    pandas.DataFrame
        atopid, member (COW code), cowwar (COW war number; 0 when the member joined in
        peace), one row per alliance and member (the largest COWWAR over its phases).

    References
    ----------
    Leeds, Brett Ashley. 2022. *ATOP Codebook, Version 5.1*, member-level file, COWWAR.
    """
    frame = query(
        """
        SELECT atopid::INTEGER AS atopid, member::INTEGER AS member,
               max(coalesce(cowwar, 0))::INTEGER AS cowwar
        FROM member GROUP BY ALL ORDER BY atopid, member
        """,
        store,
        member=("atop", "member"),
    )
    return frame.astype(int)
