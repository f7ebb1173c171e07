"""Readers of conflict tables for the verbs beyond MIDs and inter-state wars: MID
dispute-years by directed dyad (for whittling), arms races and intra-state wars.

A source that is not loaded raises :class:`foedus.errors.NotLoadedError` naming the import
command.
"""

from __future__ import annotations

import pandas as pd

from foedus.data._sql import query
from foedus.errors import FoedusError
from foedus.store import Store

# dispute-level columns the whittling rules read
DISPUTE_COLUMNS = ("fatality", "hostlev", "mindur", "maxdur", "recip", "stmon")

__all__ = [
    "DISPUTE_COLUMNS",
    "read_arms_races",
    "read_dispute_years",
    "read_intrastate_wars",
    "read_ucdp_conflicts",
    "read_ucdp_onsets",
]


def read_dispute_years(store: Store | None = None, mids: str = "cow") -> pd.DataFrame:
    """Directed dyad-dispute-years with the dispute-level columns the whittling rules use:
    COW MID 5.0 (Palmer et al. 2021; ``mids="cow"``, peacesciencer's ``cow_mid_dirdisps``)
    or GML MID 2.2.1 (Gibler, Miller & Little 2016; ``mids="gml"``, ``gml_dirdisp``).

    Returns
    -------
    pandas.DataFrame
        ``dispnum, ccode1, ccode2, year, {mids}midonset, {mids}midongoing``, the
        participant columns (sidea1/2, fatality1/2, fatalpre1/2, hiact1/2, hostlev1/2,
        orig1/2) and the dispute's ``fatality, hostlev, mindur, maxdur, recip, stmon``
        (COW's -9 codes kept as the source has them).
    """
    if mids not in ("cow", "gml"):
        raise FoedusError(f"MID source {mids!r} is unknown; accepted: cow, gml")
    store = store or Store()
    table = f"{mids}_mid"
    present = set(query("SELECT * FROM t LIMIT 0", store, t=(table, "dirdisps")).columns)
    onset, ongoing = (
        ("disponset", "dispongoing")
        if "disponset" in present
        else (
            "midonset",
            "midongoing",
        )
    )
    per_side = [
        c
        for stem in ("sidea", "fatality", "fatalpre", "hiact", "hostlev", "orig")
        for c in (f"{stem}1", f"{stem}2")
        if c in present
    ]
    return query(
        f"""SELECT y.dispnum, y.ccode1, y.ccode2, y.year,
                   y.{onset} AS {mids}midonset, y.{ongoing} AS {mids}midongoing,
                   {"".join(f"y.{c}, " for c in per_side)}
                   {", ".join(f"d.{c}" for c in DISPUTE_COLUMNS)}
            FROM y LEFT JOIN d USING (dispnum)
            ORDER BY y.ccode1, y.ccode2, y.year, y.dispnum""",
        store,
        y=(table, "dirdisps"),
        d=(table, "disputes"),
    )


def read_arms_races(store: Store | None = None) -> pd.DataFrame:
    """Arms races (Gibler, Rider & Hutchison 2005) by undirected dyad-year (``ccode1 <
    ccode2``): ``ccode1, ccode2, year, race_id`` for every year of a race spell (the
    smallest race id where two overlap)."""
    return query(
        """SELECT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2, year,
                  min(race_id) AS race_id
           FROM (SELECT *, unnest(range(styear, endyear + 1)) AS year FROM r)
           GROUP BY ALL ORDER BY 1, 2, 3""",
        store,
        r=("arms_races", "races"),
    )


def read_intrastate_wars(store: Store | None = None) -> pd.DataFrame:
    """COW Intra-State War 4.1 war-years (Dixon & Sarkees 2016): ``warnum, warname,
    wartype, year, cowintraonset, cowintraongoing, primary_state, ccodea, ccodeb, intnl,
    outcome, sideadeaths, sidebdeaths`` (``ccodeb`` null where side B is not a state;
    unknown deaths null)."""
    return query(
        "SELECT warnum, warname, wartype, year, cowintraonset, cowintraongoing, "
        "primary_state, ccodea, ccodeb, intnl, outcome, sideadeaths, sidebdeaths FROM w",
        store,
        w=("cow_war_intra", "waryears"),
    )


def read_ucdp_conflicts(store: Store | None = None) -> pd.DataFrame:
    """UCDP/PRIO Armed Conflict Dataset 25.1 (Gleditsch et al. 2002) by conflict-year and
    side-A government: ``conflict_id, year, gwcode`` (``gwno_a``), ``incompatibility``
    (territory, government, both), ``intensity_level`` (1 minor, 2 war),
    ``type_of_conflict`` (extrasystemic, interstate, intrastate, II), one row per conflict,
    government and year."""
    return query(
        "SELECT conflict_id, year, gwno_a AS gwcode, min(incompatibility) AS "
        "incompatibility, max(intensity_level) AS intensity_level, min(type_of_conflict) "
        "AS type_of_conflict FROM a GROUP BY ALL ORDER BY conflict_id, gwcode, year",
        store,
        a=("ucdp_acd", "acd"),
    )


def read_ucdp_onsets(store: Store | None = None) -> pd.DataFrame:
    """UCDP conflict onsets 19.1 (Pettersson, Högbladh & Öberg 2019) by G-W state-year,
    1946–2017: ``gwcode, year, sumnewconf, sumonset1, sumonset2, sumonset3, sumonset5,
    sumonset10``."""
    return query(
        "SELECT gwcode, year, sumnewconf, sumonset1, sumonset2, sumonset3, sumonset5, "
        "sumonset10 FROM o",
        store,
        o=("ucdp_onsets", "onsets"),
    )
