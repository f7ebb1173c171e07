"""Verbs: disputes, wars, rivalries and peace years."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.data.cow import MID_DETAILS, read_mids, read_rivalries, read_war_dyad_years
from foedus.panels._checks import check_choice, check_flag, check_panel
from foedus.panels._join import (
    CODE_BITS,
    YEAR_BITS,
    YEAR_MASK,
    Frame,
    attach,
    code_column,
    ints,
    join,
    key,
    lookup,
    panel_type,
    sides,
    span_of,
)

if TYPE_CHECKING:
    from foedus.store import Store

MID_SOURCES = ("cow", "gml")
_BASIC = ("dispnum", "hostlev", "fatality")


def add_cow_mids(
    frame: Frame, *, details: bool = False, keep_codes: bool = False, store: Store | None = None
) -> Frame:
    """COW MID 5.0 (Palmer et al. 2022) in peacesciencer's dyad-year form, duplicate
    dyad-years resolved: ``cowmidonset``, ``cowmidongoing`` (1/0), and for the dyad-year's
    dispute ``cowmiddispnum``, ``cowmidhostlev``, ``cowmidfatality`` (the file's ``dispnum``,
    ``hostlev``, ``fatality``, prefixed so COW and GML columns can sit side by side).

    Parameters
    ----------
    frame
        A dyad-year panel; in a row, ``…1`` columns describe ``ccode1``.
    details
        Also add the dispute's detail columns, prefixed ``cowmid``: ``sidea1/2``,
        ``fatality1/2``, ``fatalpre1/2``, ``hiact1/2``, ``hostlev1/2``, ``orig1/2``,
        ``mindur``, ``maxdur``, ``recip``, ``stmon`` (as peacesciencer's ``add_cow_mids()``).
    keep_codes
        Give a dispute's unknown values as MID's code -9 (as peacesciencer does) instead of
        null.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        1816–2014; other years null. Symmetric.
    """
    return _add_mids(frame, "cow", details, keep_codes, store)


def add_gml_mids(
    frame: Frame, *, details: bool = False, keep_codes: bool = False, store: Store | None = None
) -> Frame:
    """GML MID 2.2.1 (Gibler, Miller & Little 2016) in peacesciencer's dyad-year form:
    ``gmlmidonset``, ``gmlmidongoing`` (1/0), ``gmlmiddispnum``, ``gmlmidhostlev``,
    ``gmlmidfatality``; ``details`` and ``keep_codes`` as in :func:`add_cow_mids`.
    1816–2010; other years null. Symmetric.

    Parameters
    ----------
    frame
        A dyad-year panel; in a row, ``…1`` columns describe the first state.
    details
        Also add the dispute's detail columns, prefixed ``gmlmid`` (default False).
    keep_codes
        Give unknown values as MID's code -9 instead of null (default False).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null outside 1816–2010. Symmetric.

    References
    ----------
    .. [1] Gibler, Miller & Little (2016). GML MID 2.2.1. ISQ 60(4).
    """
    return _add_mids(frame, "gml", details, keep_codes, store)


def _add_mids(
    frame: Frame, mids: str, details: bool, keep_codes: bool, store: Store | None
) -> Frame:
    check_panel(frame, dyadic=True)
    check_flag("details", details)
    check_flag("keep_codes", keep_codes)
    columns = MID_DETAILS if details else _BASIC
    table = read_mids(store, mids, columns)
    renamed = {c: f"{mids}mid{c}" for c in columns if c in table.columns}
    table = table.rename(columns=renamed)
    if keep_codes:
        codes = [c for c in renamed.values() if c != f"{mids}middispnum"]
        table[codes] = table[codes].fillna(-9)
    out = join(frame, table, (f"{mids}midonset", f"{mids}midongoing"), fill=0)
    return join(out, table, tuple(renamed.values()))


def add_cow_wars(frame: Frame, *, store: Store | None = None) -> Frame:
    """COW Inter-State War Data v4.0 (Sarkees & Wayman 2010) by dyad-year, from
    peacesciencer's directed dyad-war-year form: ``cowinteronset`` (1 if a war between them
    began that year), ``cowinterongoing`` (1 if at war on opposite sides). The data cover
    1816–2007; other years are null. Symmetric.

    Parameters
    ----------
    frame
        A dyad-year panel (COW or G-W codes).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null outside 1816–2007.

    References
    ----------
    .. [1] Sarkees & Wayman (2010). COW Inter-State War Data v4.0.
    """
    from foedus.sources import coverage

    check_panel(frame, dyadic=True)
    return join(
        frame,
        read_war_dyad_years(store),
        ("cowinteronset", "cowinterongoing"),
        span=coverage("cow_war_ddy"),
        fill=0,
    )


def add_rivalries(frame: Frame, *, source: str = "td", store: Store | None = None) -> Frame:
    """Strategic rivalries: ``td_rivalry`` (Thompson & Dreyer 2012, 1494–2010) or, with
    ``source="tss"``, ``tss_rivalry`` (Thompson, Sakuwa & Suhas 2022, to 2020): 1 if the
    two states are in a rivalry in the year, else 0; null after the data's last year.
    Symmetric.

    Parameters
    ----------
    frame
        A dyad-year panel (COW or G-W codes).
    source
        ``"td"`` (default: Thompson & Dreyer, ``td_rivalry``) or ``"tss"``
        (Thompson, Sakuwa & Suhas, ``tss_rivalry``).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. 1/0; null after the data's last year.

    References
    ----------
    .. [1] Thompson & Dreyer (2012). Handbook of International Rivalries, 1494–2010.
       Thompson, Sakuwa & Suhas (2022). Strategic rivalries to 2020.
    """
    check_panel(frame, dyadic=True)
    check_choice("rivalry source", source, ("td", "tss"))
    table = read_rivalries(store, source).assign(**{f"{source}_rivalry": 1})
    return join(frame, table, (f"{source}_rivalry",), fill=0, undirected=True)


def add_peace_years(
    frame: Frame,
    *,
    mids: str = "cow",
    since: str = "onset",
    counting: str = "years",
    store: Store | None = None,
) -> Frame:
    """Peace years: ``cowmidspell`` (or ``gmlmidspell`` with ``mids="gml"``), the years of
    peace since the dyad's last dispute, for BTSCS models (Beck, Katz & Tucker 1998;
    Carter & Signorino 2010), as peacesciencer's ``add_spells()``.

    ``since="onset"`` (default) counts from the last year a dispute began;
    ``since="ongoing"`` from the last year one was under way, as peacesciencer (``sbtscs``
    on ``cowmidongoing``). An event year carries the count of peaceful years before it and
    the year after an event starts again at 0; before the dyad's first event, the count
    runs from its first year in the state system together (within the MID data's
    coverage), which is 0. Counts are calendar years over the dyad's whole history, so they
    do not depend on the years the panel starts with. Years outside the MID data's coverage
    are null. The events come from the store (``cow_mid`` or ``gml_mid``), whether or not
    the MID columns were added.

    ``counting="rows"`` counts the panel's own rows of the dyad instead, from its first row
    in the panel, as peacesciencer's ``add_spells()`` (``stevemisc::ps_spells``, after
    spduration's ``add_duration``) does: the two differ for dyads whose states left the
    system and came back (a gap counts no years) and for panels starting after a dyad's
    first year.

    Parameters
    ----------
    frame
        A dyad-year panel (COW or G-W codes).
    mids
        ``"cow"`` (default: ``cowmidspell``) or ``"gml"`` (``gmlmidspell``).
    since
        ``"onset"`` (default) or ``"ongoing"``: the events the count restarts at.
    counting
        ``"years"`` (default: calendar years) or ``"rows"`` (the panel's rows).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null outside the MID data's years.

    References
    ----------
    .. [1] Beck, Katz & Tucker (1998). AJPS 42(4); Carter & Signorino (2010). PA 18(3).
    """
    check_panel(frame, dyadic=True)
    check_choice("MID source", mids, MID_SOURCES)
    check_choice("since", since, ("onset", "ongoing"))
    check_choice("counting", counting, ("years", "rows"))
    table = read_mids(store, mids, ())
    lo, hi = span_of(table)
    year, (c1, c2) = sides(frame, "cow", dyadic=True)
    dyad = _dyad_keys(c1, c2)
    event = table[f"{mids}mid{since}"].to_numpy() == 1
    a = table["ccode1"].to_numpy("int64")[event]
    b = table["ccode2"].to_numpy("int64")[event]
    years = table["year"].to_numpy("int64")[event]
    events = np.unique(key(years, np.minimum(a, b), np.maximum(a, b)))
    if counting == "rows":
        return attach(frame, {f"{mids}midspell": _row_spells(frame, dyad, year, events, (lo, hi))})
    before = np.searchsorted(events, dyad | year) - 1  # the last event before the year
    last = events[np.maximum(before, 0)]
    has_event = (before >= 0) & ((last | YEAR_MASK) == (dyad | YEAR_MASK))
    spell = np.where(
        has_event, year - (last & YEAR_MASK) - 1, year - _first_years(dyad, (lo, hi), store)
    )
    covered = (year >= lo) & (year <= hi) & (spell >= 0)
    new: dict[str, Any] = {f"{mids}midspell": pd.arrays.IntegerArray(spell, ~covered)}
    return attach(frame, new)


def _row_spells(
    frame: Any, dyad: np.ndarray, year: np.ndarray, events: np.ndarray, span: tuple[int, int]
) -> pd.arrays.IntegerArray:
    """Peace spells counted in panel rows (peacesciencer's ``ps_spells``): per directed
    pair, the rows since the last row with an event, from the pair's first covered row."""
    covered = (year >= span[0]) & (year <= span[1])
    rows = np.flatnonzero(covered)
    kind = panel_type(frame)
    first, second = (ints(frame, code_column(kind.system, side))[rows] for side in (1, 2))
    years = year[rows]
    if (first >= 0).all() and (second >= 0).all():
        # (pair, year) packed; a panel from dyad_years() is already in this order
        pair = key(years, first, second)
        del first, second, years
        if not bool((pair[1:] > pair[:-1]).all()):
            order = np.argsort(pair, kind="stable")
            rows, pair = rows[order], pair[order]
            del order
        pair &= ~YEAR_MASK  # the pair's key: (first, second, 0)
    else:
        pair = key(np.zeros(len(rows), dtype="int64"), first, second)
        order = np.lexsort((years, pair))
        rows, pair = rows[order], pair[order]
        del first, second, years, order
    at = np.arange(len(rows))
    # the row where each row's pair begins
    group_start = np.where(np.r_[True, pair[1:] != pair[:-1]], at, 0)
    del pair
    np.maximum.accumulate(group_start, out=group_start)
    probe = dyad[rows] | year[rows]
    found = np.searchsorted(events, probe)
    np.minimum(found, max(len(events) - 1, 0), out=found)
    hit = (events[found] == probe) if len(events) else np.zeros(len(rows), dtype=bool)
    del probe, found
    # the position of the last event row before each row within its pair, else the start - 1
    prior = np.where(hit, at, -1)
    np.maximum.accumulate(prior, out=prior)
    prior = np.r_[-1, prior[:-1]]
    np.subtract(group_start, 1, out=group_start)
    np.maximum(prior, group_start, out=prior)
    del group_start
    spell = np.zeros(len(year), dtype="int64")
    spell[rows] = at - prior - 1
    return pd.arrays.IntegerArray(spell, ~covered)


def _dyad_keys(c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    """Year-less undirected dyad keys ``key(0, min, max)``, built in place (on a large
    panel each temporary is several MB); -1 where a code is unknown."""
    packed = np.minimum(c1, c2)
    high = np.maximum(c1, c2)
    unknown = packed < 0
    packed <<= CODE_BITS
    packed |= high
    del high
    packed <<= YEAR_BITS
    packed[unknown] = -1
    return packed


def _first_years(dyad: np.ndarray, span: tuple[int, int], store: Store | None) -> np.ndarray:
    """The first year within ``span`` in which each (undirected, year-less) dyad key was a
    pair of COW system members; a year after the span where it never was."""
    from foedus.panels.universe import first_dyad_years

    dyads, first = first_dyad_years(span, store)
    if len(dyad) == 0:
        return np.zeros(0, dtype="int64")
    # a panel holds each dyad in a run of rows (its years): look up each run once
    start = np.flatnonzero(np.r_[True, dyad[1:] != dyad[:-1]])
    rows = lookup(dyads, dyad[start])
    found = np.where(rows >= 0, first[rows], span[1] + 1)
    return np.repeat(found, np.diff(np.r_[start, len(dyad)]))
