"""Verbs for state attributes staged from peacesciencer (Miller 2022): democracy, GDP/SDP,
trade, fractionalization, terrain, territorial threat, leaders in office and Maoz's powers.

Each adds the source's columns to a state-year panel (or each side of a dyad-year panel,
suffixed ``1``/``2``); a leader-year panel counts as a state-year panel of its codes. The
table matching the panel's code system is used where the source has both (democracy, SDP);
otherwise codes are translated year by year. Values are null outside the source's years.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.data.attributes import (
    CREG_COLUMNS,
    DEMOCRACY_COLUMNS,
    RUGGED_COLUMNS,
    SDP_GDP_COLUMNS,
    TERRTHREAT_COLUMNS,
    TRADE_COLUMNS,
    read_democracy,
    read_fractionalization,
    read_maoz_powers,
    read_rugged,
    read_sdp_gdp,
    read_territorial_threat,
    read_trade,
)
from foedus.data.leaders import ARCHIGOS_COLUMNS, read_archigos_years
from foedus.errors import FoedusError
from foedus.panels._checks import check_choice, check_panel
from foedus.panels._join import Frame, attach, column_arrays, gather, grid_lookup, join, sides
from foedus.panels._sources import record

if TYPE_CHECKING:
    from collections.abc import Sequence

    from foedus.store import Store


def _columns(chosen: Sequence[str] | str | None, accepted: tuple[str, ...], what: str) -> tuple:
    if chosen is None:
        return accepted
    names = [chosen] if isinstance(chosen, str) else list(chosen)
    if not names:
        raise FoedusError(f"columns {chosen!r} is empty; accepted: some of {', '.join(accepted)}")
    for name in names:
        check_choice(f"{what} column", name, accepted)
    return tuple(names)


def add_democracy(
    frame: Frame, *, columns: Sequence[str] | None = None, store: Store | None = None
) -> Frame:
    """Democracy scores as peacesciencer 1.2's ``add_democracy()``: ``v2x_polyarchy``
    (V-Dem v10 electoral democracy, 0–1; Coppedge et al. 2020), ``polity2`` (Polity IV
    2017, −10–10; Marshall, Gurr & Jaggers 2017) and ``xm_qudsest`` (extended Unified
    Democracy Scores 0.2.3; Marquez 2016), suffixed ``1``/``2`` in dyad panels.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes: the source's table
        for that system is used).
    columns
        A subset of the three scores (default all).
    store
        The store (default: the user's store); needs source ``democracy``.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel with the scores; null where a score is missing and outside 1816–2020.
    """
    kind = check_panel(frame)
    cols = _columns(columns, DEMOCRACY_COLUMNS, "democracy")
    return record(join(frame, read_democracy(store, kind.system), cols), "democracy")


def add_sdp_gdp(
    frame: Frame, *, columns: Sequence[str] | None = None, store: Store | None = None
) -> Frame:
    """Simulated GDP, population and surplus domestic product (Anders, Fariss & Markowitz
    2020, ISQ 64(2)) as peacesciencer 1.2's ``add_sdp_gdp()``: ``wbgdp2011est`` (GDP, 2011
    US$), ``wbpopest`` (population), ``sdpest`` (SDP) and ``wbgdppc2011est`` (GDP per
    capita), all natural logs, suffixed ``1``/``2`` in dyad panels.

    The table of the panel's code system is used (COW to 2016, G-W to 2015); null outside
    those years and where the G-W table logs a non-positive SDP (-inf upstream).

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes: the table
        for that system is used).
    columns
        A subset of ``wbgdp2011est``, ``wbpopest``, ``sdpest``, ``wbgdppc2011est``
        (default all).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null outside the table's years.

    References
    ----------
    .. [1] Anders, Fariss & Markowitz (2020). Simulated GDP/SDP estimates. ISQ 64(2).
    """
    kind = check_panel(frame)
    cols = _columns(columns, SDP_GDP_COLUMNS, "SDP/GDP")
    return record(join(frame, read_sdp_gdp(store, kind.system), cols), "sdp_gdp")


def add_cow_trade(frame: Frame, *, store: Store | None = None) -> Frame:
    """COW Trade 4.0 national totals (Barbieri, Keshk & Pollins 2009, CMPS 26(5)) as
    peacesciencer's ``add_cow_trade()`` on state-years: ``imports`` and ``exports`` in
    current million US dollars (suffixed ``1``/``2`` in dyad panels), 1870–2014; null
    elsewhere. peacesciencer's dyadic trade flows are a download outside its package data
    and are not staged, so dyad panels get each side's national totals.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null outside 1870–2014.

    References
    ----------
    .. [1] Barbieri, Keshk & Pollins (2009). COW Trade 4.0. CMPS 26(5).
    """
    check_panel(frame)
    return record(join(frame, read_trade(store), TRADE_COLUMNS), "cow_trade")


def add_creg_fractionalization(
    frame: Frame, *, hief: bool = False, store: Store | None = None
) -> Frame:
    """Ethnic and religious fractionalization and polarization from the CREG project
    (Nardulli et al. 2012), as peacesciencer's ``add_creg_fractionalization()``:
    ``ethfrac, ethpol, relfrac, relpol`` (suffixed ``1``/``2`` in dyad panels), 1945–2013.
    ``hief=True`` adds ``efindex``, the Historical Index of Ethnic Fractionalization
    (Dražanová 2019). Null outside 1945–2013 and for states CREG does not cover.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    hief
        Also add ``efindex``, the Historical Index of Ethnic Fractionalization
        (default False).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null outside 1945–2013.

    References
    ----------
    .. [1] Nardulli et al. (2012). Composition of Religious and Ethnic Groups (CREG).
       Dražanová (2019). Historical Index of Ethnic Fractionalization (HIEF).
    """
    kind = check_panel(frame)
    out = join(frame, read_fractionalization(store, kind.system), CREG_COLUMNS)
    if hief:
        out = join(out, read_fractionalization(store, kind.system, "hief"), ("efindex",))
    return record(out, "creg")


def add_rugged_terrain(frame: Frame, *, store: Store | None = None) -> Frame:
    """Terrain ruggedness (``rugged``, Nunn & Puga 2012, REStat 94(1)) and the log of the
    percentage of mountainous terrain (``newlmtnest``, Gibler & Miller 2014, JPR 51(5)), as
    peacesciencer's ``add_rugged_terrain()``: time-invariant, so every year of a covered
    state gets the same values (suffixed ``1``/``2`` in dyad panels); null for states the
    table lacks.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null for states the table lacks.

    References
    ----------
    .. [1] Nunn & Puga (2012). Ruggedness. REStat 94(1); Gibler & Miller (2014). JPR 51(5).
    """
    kind = check_panel(frame)
    table = read_rugged(store, kind.system)
    code = "ccode" if kind.system == "cow" else "gwcode"
    _, codes = sides(frame, kind.system)
    at = pd.Index(table[code].to_numpy("int64")).get_indexer(np.concatenate(codes))
    n = len(codes[0])
    suffixes = ("1", "2") if len(codes) == 2 else ("",)
    new = {}
    for i, suffix in enumerate(suffixes):
        rows = at[i * n : (i + 1) * n]
        for col in RUGGED_COLUMNS:
            values = table[col].to_numpy("float64")
            new[col + suffix] = np.where(rows >= 0, values[np.maximum(rows, 0)], np.nan)
    return record(attach(frame, new), "rugged")


def add_latent_territorial_threat(frame: Frame, *, store: Store | None = None) -> Frame:
    """Latent external territorial threat (Miller's random item response estimates, as
    peacesciencer's ``add_latent_territorial_threat()``), 1816–2010: ``lterrthreat`` with
    its ``sd``, ``lwr``, ``upr`` and the ``m_`` variants (named ``..1``/``..2`` in dyad
    panels); null outside 1816–2010.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null outside 1816–2010.

    References
    ----------
    .. [1] Miller (2022). peacesciencer 1.2, latent territorial threat estimates.
    """
    check_panel(frame)
    return record(join(frame, read_territorial_threat(store), TERRTHREAT_COLUMNS), "terrthreat")


def add_archigos(frame: Frame, *, store: Store | None = None) -> Frame:
    """Leaders in office per state-year from Archigos 4.1 (Goemans, Gleditsch & Chiozza
    2009, JPR 46(2)), as peacesciencer's ``add_archigos()``: ``leadertransition`` (1 if
    the leader on 31 December differs from the one on 1 January), ``irregular`` (a
    transition by irregular means), ``n_leaders``, ``jan1obsid`` and ``dec31obsid``
    (Archigos ids), suffixed ``1``/``2`` in dyad panels. G-W codes, translated year by
    year for COW panels; null outside 1870–2015.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null outside 1870–2015.

    References
    ----------
    .. [1] Goemans, Gleditsch & Chiozza (2009). Archigos 4.1. JPR 46(2).
    """
    kind = check_panel(frame)
    table = read_archigos_years(store)
    year, codes = sides(frame, "gw")
    source = (table["gwcode"].to_numpy("int64"), table["year"].to_numpy("int64"))
    numeric = column_arrays(table, tuple(c for c in ARCHIGOS_COLUMNS if "obsid" not in c))
    suffixes = ("1", "2") if kind.unit == "dyad-year" else ("",)
    new: dict[str, object] = {}
    for suffix, code in zip(suffixes, codes, strict=True):
        rows = grid_lookup(*source, code, year)
        new |= gather(numeric, rows, None, None, suffix)
        for col in ("jan1obsid", "dec31obsid"):
            values = table[col].to_numpy(dtype=object)
            got = np.where(rows >= 0, values[np.maximum(rows, 0)], None)
            new[col + suffix] = pd.array(got, dtype="string")
    return record(attach(frame, new), "leaders")


def add_maoz_powers(frame: Frame, *, store: Store | None = None) -> Frame:
    """Regional and global powers (Maoz 2010, Networks of Nations): ``regpow`` and
    ``globpow``, 1 if the state is a regional / global power on any day of the year, else
    0 (suffixed ``1``/``2`` in dyad panels); null after 2019, the end of Maoz's spells as
    peacesciencer extends them.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null after 2019.

    References
    ----------
    .. [1] Maoz (2010). Networks of Nations. Regional and global powers.
    """
    check_panel(frame)
    return record(
        join(frame, read_maoz_powers(store), ("regpow", "globpow"), span=(1816, 2019), fill=0),
        "maoz_powers",
    )
