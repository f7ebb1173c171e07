"""Leader-year and leader-dyad-year panels and the leader verbs, after peacesciencer's
``create_leaderyears()``, ``create_leaderdyadyears()``, ``add_lead()``, ``add_lwuf()`` and
``add_gml_mids()`` on leader-dyad-years (Miller 2022).

Leaders come from Archigos 4.1 (Goemans, Gleditsch & Chiozza 2009, "Introducing Archigos:
A Dataset of Political Leaders", JPR 46(2): 269–283), keyed by its ``obsid``. A leader-year
panel holds one row per leader and year in office, with the state's code, so the state-year
verbs (``add_nmc``, ``add_democracy``, ...) apply to it as to a state-year panel; a
leader-dyad-year panel holds two leaders of different states in office on a common day of
the year, and the dyad-year verbs apply to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.data.leaders import (
    LEAD_COLUMNS,
    LWUF_COLUMNS,
    read_archigos,
    read_lead,
    read_leader_disputes,
    read_lwuf,
)
from foedus.errors import FoedusError
from foedus.panels._checks import check_choice, check_flag
from foedus.panels._join import (
    Frame,
    attach,
    code_column,
    column_arrays,
    gather,
    to_backend,
    translate,
)
from foedus.panels._sources import record
from foedus.panels.universe import _spells, check_years

if TYPE_CHECKING:
    from foedus.store import Store

STANDARDIZE = ("none", "gw", "cow")
ARCHIGOS_YEARS = (1840, 2015)
GML_YEARS = (1816, 2010)
LEADER_YEAR_COLUMNS = ("obsid", "leader", "year", "gender", "leaderage", "yrinoffice")


def _intervals(store: Store | None, standardize: str) -> pd.DataFrame:
    """One row per leader and year in office: obsid, code, year and the first and last day
    of that year in office (within the state's system membership when ``standardize``)."""
    spells = read_archigos(store)
    start = spells["startdate"].to_numpy().astype("datetime64[D]")
    end = spells["enddate"].to_numpy().astype("datetime64[D]")
    y0 = start.astype("datetime64[Y]").astype("int64") + 1970
    y1 = end.astype("datetime64[Y]").astype("int64") + 1970
    span = y1 - y0 + 1
    row = np.repeat(np.arange(len(spells)), span)
    year = np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span) + y0[row]
    jan1 = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    dec31 = (year - 1969).astype("datetime64[Y]").astype("datetime64[D]") - 1
    out = pd.DataFrame(
        {
            "row": row,
            "code": spells["gwcode"].to_numpy("int64")[row],
            "year": year,
            "first": np.maximum(start[row], jan1),
            "last": np.minimum(end[row], dec31),
            "yrinoffice": year - y0[row] + 1,
        }
    )
    if standardize == "none":
        return _finish(out, spells)
    if standardize == "cow":
        # G-W code -> COW code of that year; where G-W lists no state that year (Morocco
        # 1904-1912, Saudi Arabia 1927-1932), the same number if COW lists it
        cow = translate(out["code"].to_numpy(), out["year"].to_numpy(), "gw", "cow")
        out["code"] = np.where(cow >= 0, cow, out["code"].to_numpy())
    members = _spells(standardize, store, ARCHIGOS_YEARS[1])
    both = out.merge(members, on="code")
    both["first"] = np.maximum(both["first"].to_numpy(), both["start"].to_numpy())
    both["last"] = np.minimum(both["last"].to_numpy(), both["end"].to_numpy())
    both = both[both["first"] <= both["last"]]
    both = both.groupby(["row", "code", "year", "yrinoffice"], as_index=False).agg(
        first=("first", "min"), last=("last", "max")
    )
    return _finish(both, spells)


def _finish(out: pd.DataFrame, spells: pd.DataFrame) -> pd.DataFrame:
    rows = out["row"].to_numpy()
    born = spells["yrborn"].to_numpy(dtype="float64", na_value=np.nan)[rows]
    age = out["year"].to_numpy() - born
    out = out.assign(
        obsid=spells["obsid"].to_numpy(dtype=object)[rows],
        leader=spells["leader"].to_numpy(dtype=object)[rows],
        gender=spells["gender"].to_numpy(dtype=object)[rows],
        leaderage=pd.arrays.IntegerArray(np.nan_to_num(age).astype("int64"), np.isnan(age)),
    )
    # a leader with two spells in one year (e.g. a return to office) is one leader-year
    out = out.sort_values(["code", "year", "first", "obsid"], kind="stable")
    out = out.groupby(["obsid", "code", "year"], as_index=False, sort=False).agg(
        leader=("leader", "first"),
        gender=("gender", "first"),
        leaderage=("leaderage", "first"),
        yrinoffice=("yrinoffice", "max"),
        first=("first", "min"),
        last=("last", "max"),
    )
    return out.sort_values(["code", "year", "first", "obsid"], ignore_index=True)


def leader_years(
    years: str | int | tuple[int, int] | None = None,
    *,
    standardize: str = "none",
    store: Store | None = None,
    backend: str = "pandas",
) -> Any:
    """Every leader-year of Archigos 4.1, as peacesciencer's ``create_leaderyears()``.

    A leader counts in a year if in office on any day of it. ``yrinoffice`` counts the
    calendar years of the spell from 1 (so a leader leaving office on 20 January counts
    that year too); ``leaderage`` is the year minus the birth year (null where Archigos
    does not know it).

    Parameters
    ----------
    years
        ``YYYY``, ``"YYYY-YYYY"`` or ``(first, last)``; default every Archigos year
        (1840–2015). Years after 2015 are outside Archigos 4.1 and give no rows.
    standardize
        ``"none"`` (default): every leader-year as Archigos has it, with G-W codes;
        ``"gw"``: only the days the state is a member of the Gleditsch–Ward system;
        ``"cow"``: COW codes (G-W codes translated year by year; where G-W lists no state
        the same number is kept if COW lists it, e.g. Morocco 1904–1912), only the days
        the state is a COW system member.
    store
        The store (default: the user's store); needs source ``leaders`` (and the state
        list of the standard, else the built-in state table is used).
    backend
        ``"pandas"`` or ``"polars"``.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        ``obsid, gwcode`` (``ccode`` with ``standardize="cow"``), ``leader, year, gender,
        leaderage, yrinoffice``, ordered by state, year and the day the leader's year in
        office begins. A pandas panel records ``attrs["panel"]`` (unit ``leader-year``).
    """
    check_choice("standardize", standardize, STANDARDIZE)
    first, last = check_years(years) if years is not None else ARCHIGOS_YEARS
    out = _intervals(store, standardize)
    out = out[(out["year"] >= first) & (out["year"] <= last)]
    system = "cow" if standardize == "cow" else "gw"
    code = code_column(system)
    frame = pd.DataFrame(
        {
            "obsid": pd.array(out["obsid"].to_numpy(dtype=object), dtype="string"),
            code: out["code"].to_numpy("int64"),
            "leader": pd.array(out["leader"].to_numpy(dtype=object), dtype="string"),
            "year": out["year"].to_numpy("int64"),
            "gender": pd.array(out["gender"].to_numpy(dtype=object), dtype="string"),
            "leaderage": out["leaderage"].array,
            "yrinoffice": out["yrinoffice"].to_numpy("int64"),
        }
    )
    frame.attrs["panel"] = {"unit": "leader-year", "system": system, "directed": None}
    record(frame, "leaders")
    return to_backend(frame, backend)


def leader_days(
    years: str | int | tuple[int, int] | None = None,
    *,
    standardize: str = "none",
    store: Store | None = None,
    backend: str = "pandas",
) -> Any:
    """Every day each Archigos 4.1 leader is in office, as peacesciencer's
    ``create_leaderdays()``: ``obsid``, the state's code and ``date``.

    ``years`` and ``standardize`` as in :func:`leader_years` (``"gw"``/``"cow"``: only the
    days the state is a member of that system, COW codes for ``"cow"``). A day of a
    handover belongs to both leaders, as in Archigos. A pandas frame records
    ``attrs["panel"]`` (unit ``leader-day``).

    Parameters
    ----------
    years
        ``YYYY``, ``"YYYY-YYYY"`` or ``(first, last)``; default 1840–2015.
    standardize
        ``"none"`` (default: as Archigos, G-W codes), ``"gw"`` or ``"cow"``
        (COW codes), as in :func:`leader_years`.
    store
        The store (default: the user's store).
    backend
        ``"pandas"`` (default) or ``"polars"``.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        ``obsid``, ``gwcode`` (``ccode`` with ``"cow"``) and ``date``, one row per day.

    References
    ----------
    .. [1] Goemans, Gleditsch & Chiozza (2009). Archigos 4.1. JPR 46(2): 269–283.
    """
    check_choice("standardize", standardize, STANDARDIZE)
    first, last = check_years(years) if years is not None else ARCHIGOS_YEARS
    out = _intervals(store, standardize)
    out = out[(out["year"] >= first) & (out["year"] <= last)]
    start = out["first"].to_numpy().astype("datetime64[D]")
    span = (out["last"].to_numpy().astype("datetime64[D]") - start).astype("int64") + 1
    offsets = np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span)
    system = "cow" if standardize == "cow" else "gw"
    obsid = pd.array(out["obsid"].to_numpy(dtype=object), dtype="string")
    rows = np.repeat(np.arange(len(out)), span)
    frame = pd.DataFrame(
        {
            "obsid": obsid.take(rows),
            code_column(system): out["code"].to_numpy("int64")[rows],
            "date": (start[rows] + offsets.astype("timedelta64[D]")).astype("datetime64[ns]"),
        }
    )
    frame.attrs["panel"] = {"unit": "leader-day", "system": system, "directed": None}
    record(frame, "leaders")
    return to_backend(frame, backend)


def leader_dyad_years(
    years: str | int | tuple[int, int] | None = None,
    *,
    directed: bool = True,
    system: str = "gw",
    store: Store | None = None,
    backend: str = "pandas",
) -> Any:
    """Every pair of leaders of two different states in office on a common day of a year,
    after peacesciencer's ``create_leaderdyadyears()`` (which downloads a pre-built table;
    foedus builds it from Archigos 4.1).

    Parameters
    ----------
    years
        ``YYYY``, ``"YYYY-YYYY"`` or ``(first, last)``; default 1870–2015, peacesciencer's
        years.
    directed
        True (default, as peacesciencer): both orders of each pair; False: the pair once,
        with ``code1 < code2``.
    system
        ``"gw"`` (default) or ``"cow"``: the leader-years of :func:`leader_years` with that
        ``standardize``, so each leader's days are within the state's system membership.
    store
        The store (default: the user's store).
    backend
        ``"pandas"`` or ``"polars"``.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        ``obsid1, obsid2, gwcode1, gwcode2, year`` (``ccode1, ccode2`` for COW), ordered by
        year, then codes; a pandas panel records ``attrs["panel"]`` (unit
        ``leader-dyad-year``).
    """
    check_flag("directed", directed)
    check_choice("leader-dyad system", system, ("gw", "cow"))
    first, last = check_years(years) if years is not None else (1870, ARCHIGOS_YEARS[1])
    ly = _intervals(store, system)
    ly = ly[(ly["year"] >= first) & (ly["year"] <= last)].reset_index(drop=True)
    code = ly["code"].to_numpy("int64")
    a = ly["first"].to_numpy()
    b = ly["last"].to_numpy()
    year = ly["year"].to_numpy("int64")
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for rows in np.split(
        np.argsort(year, kind="stable"), np.flatnonzero(np.diff(np.sort(year))) + 1
    ):
        c, lo, hi = code[rows], a[rows], b[rows]
        order = (c[:, None] != c[None, :]) if directed else (c[:, None] < c[None, :])
        meet = order & (
            np.maximum(lo[:, None], lo[None, :]) <= np.minimum(hi[:, None], hi[None, :])
        )
        i, j = np.nonzero(meet)  # row-major: by the first leader's state, then the second's
        parts.append((rows[i], rows[j]))
    i = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype="int64")
    j = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype="int64")
    obsid = pd.array(ly["obsid"].to_numpy(dtype=object), dtype="string")
    frame = pd.DataFrame(
        {
            "obsid1": obsid.take(i),
            "obsid2": obsid.take(j),
            code_column(system, 1): code[i],
            code_column(system, 2): code[j],
            "year": year[i],
        }
    )
    frame.attrs["panel"] = {"unit": "leader-dyad-year", "system": system, "directed": directed}
    record(frame, "leaders")
    return to_backend(frame, backend)


def _obsid_sides(frame: Any) -> list[tuple[str, np.ndarray]]:
    """(suffix, obsid values) for each leader of the panel: ``obsid`` or ``obsid1/2``."""
    columns = set(getattr(frame, "columns", ()))
    if {"obsid1", "obsid2"} <= columns:
        return [(s, np.asarray(frame[f"obsid{s}"].to_numpy(), dtype=object)) for s in "12"]
    if "obsid" in columns:
        return [("", np.asarray(frame["obsid"].to_numpy(), dtype=object))]
    raise FoedusError(
        "frame is not a leader panel: it lacks obsid (or obsid1, obsid2); accepted: a frame "
        "made by leader_years() or leader_dyad_years()"
    )


def _by_leader(frame: Frame, table: pd.DataFrame, columns: tuple[str, ...]) -> Frame:
    index = pd.Index(table["obsid"].to_numpy(dtype=object))
    arrays = column_arrays(table, columns)
    new: dict[str, Any] = {}
    for suffix, obsid in _obsid_sides(frame):
        rows = index.get_indexer(obsid)
        new |= gather(arrays, rows, None, None, suffix)
    return attach(frame, new)


def _leader_columns(chosen: Sequence[str] | str | None, accepted: tuple[str, ...]) -> tuple:
    if chosen is None:
        return accepted
    names = [chosen] if isinstance(chosen, str) else list(chosen)
    if not names:
        raise FoedusError(f"columns {chosen!r} is empty; accepted: some of {', '.join(accepted)}")
    for name in names:
        check_choice("leader column", name, accepted)
    return tuple(names)


def add_lead(
    frame: Frame, *, columns: Sequence[str] | str | None = None, store: Store | None = None
) -> Frame:
    """Leader Experience and Attribute Descriptions (LEAD; Ellis, Horowitz & Stam 2015,
    "Introducing the LEAD Data Set", International Interactions 41(4): 718–741), as
    peacesciencer's ``add_lead()``: ``leveledu, milservice, combat, rebel, warwin,
    warloss, rebelwin, rebelloss, yrsexper, physhealth, mentalhealth`` by Archigos
    ``obsid`` (``..1``/``..2`` on leader-dyad-years). ``columns`` keeps a subset
    (peacesciencer's ``keep``). Null for leaders LEAD does not code.

    Parameters
    ----------
    frame
        A leader-year or leader-dyad-year panel (``obsid`` or ``obsid1, obsid2``).
    columns
        A name or subset of the LEAD columns (default all).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null for leaders LEAD does not code.

    References
    ----------
    .. [1] Ellis, Horowitz & Stam (2015). LEAD. International Interactions 41(4): 718–741.
    """
    cols = _leader_columns(columns, LEAD_COLUMNS)
    return record(_by_leader(frame, read_lead(store, cols), cols), "leaders")


def add_lwuf(
    frame: Frame, *, columns: Sequence[str] | str | None = None, store: Store | None = None
) -> Frame:
    """Leaders' willingness to use force (Carter & Smith 2020, "A Framework for Measuring
    Leaders' Willingness to Use Force", APSR 114(4): 1352–1358), as peacesciencer's
    ``add_lwuf()``: the posterior mean and sd of ``theta1``–``theta4`` by Archigos
    ``obsid`` (``..1``/``..2`` on leader-dyad-years). ``columns`` keeps a subset. Null for
    leaders the estimates do not cover.

    Parameters
    ----------
    frame
        A leader-year or leader-dyad-year panel (``obsid`` or ``obsid1, obsid2``).
    columns
        A name or subset of the estimate columns (default all).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null for leaders the estimates do not cover.

    References
    ----------
    .. [1] Carter & Smith (2020). Leaders' Willingness to Use Force. APSR 114(4): 1352–1358.
    """
    cols = _leader_columns(columns, LWUF_COLUMNS)
    return record(_by_leader(frame, read_lwuf(store, cols), cols), "leaders")


def add_gml_leader_mids(frame: Frame, *, store: Store | None = None) -> Frame:
    """GML MID 2.2.1 disputes on a leader-dyad-year panel (Gibler, Miller & Little 2016,
    ISQ 60(4)), as peacesciencer's ``add_gml_mids()`` on leader-dyad-years: its
    ``gml_mid_ddlydisps`` table (directed leader-dyad dispute-years, one dispute kept per
    leader-dyad-year by peacesciencer's whittling rules) gives ``gmlmidonset`` and
    ``gmlmidongoing`` (0 where the leaders had no dispute), ``dispnum``, ``sidea1/2`` and
    ``orig1/2``. Null after 2010, the end of GML 2.2.1.

    The panel must hold ``obsid1, obsid2, ccode1, ccode2, year`` or the G-W codes; the
    table is keyed by both leaders and the year, in the panel's order of the pair.

    Parameters
    ----------
    frame
        A leader-dyad-year panel, e.g. from :func:`leader_dyad_years`.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null after 2010.

    References
    ----------
    .. [1] Gibler, Miller & Little (2016). GML MID 2.2.1. ISQ 60(4).
    """
    obsids = _obsid_sides(frame)
    if len(obsids) != 2:
        raise FoedusError(
            "add_gml_leader_mids needs a leader-dyad-year panel (obsid1, obsid2); accepted: "
            "a frame made by leader_dyad_years()"
        )
    table = read_leader_disputes(store)
    table = table[table["obsid1"].notna() & table["obsid2"].notna()]
    keys = pd.MultiIndex.from_arrays(
        [
            table["obsid1"].to_numpy(dtype=object),
            table["obsid2"].to_numpy(dtype=object),
            table["year"].to_numpy("int64"),
        ]
    )
    year = np.asarray(frame["year"].to_numpy(), dtype="int64")
    wanted = pd.MultiIndex.from_arrays([obsids[0][1], obsids[1][1], year])
    rows = keys.get_indexer(wanted)
    covered = (year >= GML_YEARS[0]) & (year <= GML_YEARS[1])
    flags = column_arrays(table, ("gmlmidonset", "gmlmidongoing"))
    details = column_arrays(table, ("dispnum", "sidea1", "sidea2", "orig1", "orig2"))
    new = gather(flags, rows, covered, 0) | gather(details, rows, covered, None)
    return record(attach(frame, new), "leaders", "gml_mid")
