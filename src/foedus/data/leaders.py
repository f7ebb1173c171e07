"""Readers of the leader tables (store source ``leaders``): Archigos 4.1 (Goemans,
Gleditsch & Chiozza 2009), LEAD (Ellis, Horowitz & Stam 2015), leader willingness to use
force (Carter & Smith 2020) and the GML MID 2.2.1 leader-dyad disputes, as peacesciencer
distributes them.

A source that is not loaded raises :class:`foedus.errors.NotLoadedError` naming the import
command.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from foedus.data._sql import query
from foedus.errors import FoedusError
from foedus.sources.leaders import LEAD_COLUMNS, LWUF_COLUMNS
from foedus.store import Store

ARCHIGOS_COLUMNS = ("leadertransition", "irregular", "n_leaders", "jan1obsid", "dec31obsid")

__all__ = [
    "ARCHIGOS_COLUMNS",
    "LEAD_COLUMNS",
    "LWUF_COLUMNS",
    "read_archigos",
    "read_archigos_years",
    "read_lead",
    "read_leader_disputes",
    "read_lwuf",
]


def _pick(columns: Sequence[str] | None, accepted: Sequence[str], what: str) -> list[str]:
    if columns is None:
        return list(accepted)
    if isinstance(columns, str):
        columns = [columns]
    chosen = list(columns)
    unknown = [c for c in chosen if c not in accepted]
    if unknown or not chosen:
        raise FoedusError(
            f"{what} column {unknown[0] if unknown else None!r} is unknown; "
            f"accepted: {', '.join(accepted)}"
        )
    return chosen


def read_archigos(store: Store | None = None) -> pd.DataFrame:
    """Archigos 4.1 leader spells, one row per spell: ``obsid, gwcode, leader, yrborn,
    gender, startdate, enddate`` (dates as datetime64)."""
    return query(
        "SELECT obsid, gwcode, leader, yrborn, gender, startdate, enddate FROM a "
        "ORDER BY gwcode, startdate, obsid",
        store,
        a=("leaders", "archigos"),
    )


def read_archigos_years(store: Store | None = None) -> pd.DataFrame:
    """peacesciencer's Archigos 4.1 state-year summaries (G-W codes, 1870–2015):
    ``gwcode, year, leadertransition, irregular, n_leaders, jan1obsid, dec31obsid``."""
    return query(
        f"SELECT gwcode, year, {', '.join(ARCHIGOS_COLUMNS)} FROM s",
        store,
        s=("leaders", "stateyears"),
    )


def read_lead(store: Store | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """LEAD (Ellis, Horowitz & Stam 2015) leader attributes: ``obsid`` and ``columns``
    (default all of :data:`LEAD_COLUMNS`)."""
    chosen = _pick(columns, LEAD_COLUMNS, "LEAD")
    return query(f"SELECT obsid, {', '.join(chosen)} FROM l", store, l=("leaders", "lead"))


def read_lwuf(store: Store | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Leader willingness to use force (Carter & Smith 2020): ``obsid`` and ``columns``
    (default all of :data:`LWUF_COLUMNS`, theta1–4 posterior means and sds)."""
    chosen = _pick(columns, LWUF_COLUMNS, "LWUF")
    return query(f"SELECT obsid, {', '.join(chosen)} FROM l", store, l=("leaders", "lwuf"))


def read_leader_disputes(store: Store | None = None) -> pd.DataFrame:
    """GML MID 2.2.1 directed leader-dyad dispute-years with duplicates resolved
    (peacesciencer's ``gml_mid_ddlydisps``): ``ccode1, ccode2, obsid1, obsid2, year,
    dispnum, gmlmidonset, gmlmidongoing, sidea1, sidea2, orig1, orig2``."""
    return query(
        "SELECT ccode1, ccode2, obsid1, obsid2, year, dispnum, gmlmidonset, gmlmidongoing, "
        "sidea1, sidea2, orig1, orig2 FROM d",
        store,
        d=("leaders", "disputes"),
    )
