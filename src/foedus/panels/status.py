"""Verbs: capabilities, status, borders, distance, IGOs, spending, troops and alignment."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.data.cooperation import (
    SIPRI_MILEX_COLUMNS,
    read_ideal_points,
    read_sipri_milex,
    read_troop_deployments,
)
from foedus.data.cow import (
    IGO_STATE_COLUMNS,
    NMC_COLUMNS,
    read_capital_years,
    read_contiguity,
    read_igos,
    read_majors,
    read_minimum_distance,
    read_nmc,
)
from foedus.panels._checks import check_choice, check_flag, check_panel
from foedus.panels._join import Frame, attach, grid_lookup, join, sides

if TYPE_CHECKING:
    from foedus.store import Store

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius
WGS84_RADIUS_KM = 6378.137  # WGS84 equatorial radius, geosphere's default (peacesciencer)
# capitals whose coordinates in peacesciencer's table are wrong: name -> (lat, lng, source)
CAPITAL_FIXES = {
    "Brasilia": (
        -15.7939,
        -47.8828,
        "Brasília, 15°47′38″S 47°52′58″W (IBGE); the table's (-10.33, -53.2) is the centre "
        "of Brazil, 836 km away",
    ),
}


def add_nmc(frame: Frame, *, carry_forward: bool = False, store: Store | None = None) -> Frame:
    """COW National Material Capabilities (Singer, Bremer & Stuckey 1972; Singer 1987; the
    release in the store, e.g. NMC 7.0): ``milex, milper, irst, pec, tpop, upop, cinc`` per
    state, suffixed ``1``/``2`` in dyad panels. Missing codes are null; years after the
    release's last are null unless ``carry_forward``.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    carry_forward
        Reuse the source's last year for later years instead of leaving them null (default
        False).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Missing codes are null.

    References
    ----------
    .. [1] Singer, Bremer & Stuckey (1972); Singer (1987). COW National Material
       Capabilities (the store's release, e.g. 7.0).
    """
    check_panel(frame)
    check_flag("carry_forward", carry_forward)
    return join(frame, read_nmc(store), NMC_COLUMNS, carry_forward=carry_forward)


def add_cow_majors(
    frame: Frame, *, carry_forward: bool = False, store: Store | None = None
) -> Frame:
    """``cowmaj`` (``cowmaj1``/``cowmaj2`` for dyads): 1 if a COW major power on any day of
    the year, else 0 (Correlates of War Project 2017, major powers v2016). Years after the
    list's end (2016) are null unless ``carry_forward``.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    carry_forward
        Reuse the source's last year (2016) for later years instead of leaving them null
        (default False).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. ``cowmaj`` is 1 or 0.

    References
    ----------
    .. [1] Correlates of War Project (2017). State System Membership, major powers v2016.
    """
    check_panel(frame)
    check_flag("carry_forward", carry_forward)
    table = read_majors(store).assign(cowmaj=1)
    return join(frame, table, ("cowmaj",), fill=0, carry_forward=carry_forward)


def add_contiguity(
    frame: Frame,
    *,
    carry_forward: bool = False,
    form: str = "yearly",
    store: Store | None = None,
) -> Frame:
    """``conttype``: COW Direct Contiguity v3.2 (Stinnett et al. 2002): 1 land border,
    2/3/4/5 separated by at most 12/24/150/400 miles of water, 0 none (the closest type when
    a year lists several). Symmetric.

    ``form="yearly"`` (default) reads COW's yearly directed file (``contdird``) and leaves
    years after its last (2016) null unless ``carry_forward``; ``form="spells"`` reads
    peacesciencer's spell table (``cow_contdir``, the COW master records' start and end
    months) and gives each dyad-year the type in force in the year's first month covered
    (1 January), as peacesciencer's ``add_contiguity()``, for parity with it (see
    docs/data.md for the dyad-years where the two forms differ and which is right).

    Parameters
    ----------
    frame
        A dyad-year panel (COW or G-W codes).
    carry_forward
        Reuse the source's last year (2016; ``form="yearly"``) for later years instead of
        leaving them null (default False).
    form
        ``"yearly"`` (default): COW's yearly directed file (``contdird``);
        ``"spells"``: peacesciencer's spell table (``cow_contdir``), type on 1 January.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. ``conttype`` is 0–5.

    References
    ----------
    .. [1] Stinnett et al. (2002). COW Direct Contiguity v3.2. CMPS 19(2).
    """
    check_panel(frame)
    check_flag("carry_forward", carry_forward)
    table = read_contiguity(store, check_choice("form", form, ("yearly", "spells")))
    return join(frame, table, ("conttype",), fill=0, carry_forward=carry_forward)


def add_capital_distance(
    frame: Frame, *, distance: str = "foedus", store: Store | None = None
) -> Frame:
    """``capdist``: great-circle distance in km between the two capitals (peacesciencer's
    capitals compilation, Miller 2022), by the haversine formula
    ``2 R asin(sqrt(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)))``.

    ``distance="foedus"`` (default): R = 6371.0088 km (IUGG mean radius) and a state's
    capital in a year is the one whose spell starts last among those covering part of that
    year, with the coordinates of :data:`CAPITAL_FIXES` corrected (Brasília).
    ``distance="peacesciencer"``: R = 6378.137 km (geosphere's ``distVincentySphere``
    default, the WGS84 equatorial radius), the capital in place on 1 January and the
    table's coordinates as they are, as peacesciencer's ``add_capital_distance()``. Null
    where a capital is unknown.

    Parameters
    ----------
    frame
        A dyad-year panel (COW or G-W codes).
    distance
        ``"foedus"`` (default: mean radius, latest capital, fixed coordinates) or
        ``"peacesciencer"`` (WGS84 radius, 1 January capital, table as is).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. ``capdist`` (float, km).

    References
    ----------
    .. [1] Miller (2022). peacesciencer capitals compilation.
    """
    kind = check_panel(frame, dyadic=True)
    check_choice("distance", distance, ("foedus", "peacesciencer"))
    parity = distance == "peacesciencer"
    table = read_capital_years(store, kind.system, "jan1" if parity else "latest")
    if not parity:
        for name, (lat, lng, _) in CAPITAL_FIXES.items():
            table.loc[table["capital"] == name, ["lat", "lng"]] = (lat, lng)
    year, (c1, c2) = sides(frame, kind.system, dyadic=True)
    source = (table["code"].to_numpy("int64"), table["year"].to_numpy("int64"))
    # the distances between the few distinct capital points, then one lookup per row
    points, point = np.unique(
        table[["lat", "lng"]].to_numpy("float64"), axis=0, return_inverse=True
    )
    lat, lng = np.radians(points[:, 0]), np.radians(points[:, 1])
    h = (
        np.sin((lat[None, :] - lat[:, None]) / 2) ** 2
        + np.cos(lat[:, None])
        * np.cos(lat[None, :])
        * np.sin((lng[None, :] - lng[:, None]) / 2) ** 2
    )
    radius = WGS84_RADIUS_KM if parity else EARTH_RADIUS_KM
    n = len(points)
    between = np.full((n + 1) * (n + 1), np.nan)  # the last row and column: no capital
    between.reshape(n + 1, n + 1)[:n, :n] = 2 * radius * np.arcsin(np.sqrt(h))
    point = np.append(point.ravel(), n)
    ends = [point.take(grid_lookup(*source, c, year)) for c in (c1, c2)]  # -1 -> n
    return attach(frame, {"capdist": between.take(ends[0] * (n + 1) + ends[1])})


def add_minimum_distance(
    frame: Frame, *, carry_forward: bool = False, store: Store | None = None
) -> Frame:
    """``mindist``: minimum distance in km between the two states' territories (CShapes 2.0,
    Schvitz et al. 2022), 1886–2019; null elsewhere unless ``carry_forward``. Symmetric.

    Parameters
    ----------
    frame
        A dyad-year panel (COW or G-W codes).
    carry_forward
        Reuse the source's last year (2019) for later years instead of leaving them null
        (default False).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. ``mindist`` (float, km).

    References
    ----------
    .. [1] Schvitz et al. (2022). CShapes 2.0. JCR 66(1).
    """
    kind = check_panel(frame, dyadic=True)
    check_flag("carry_forward", carry_forward)
    return join(
        frame,
        read_minimum_distance(store, kind.system),
        ("mindist",),
        undirected=True,
        carry_forward=carry_forward,
    )


def add_igos(frame: Frame, *, carry_forward: bool = False, store: Store | None = None) -> Frame:
    """COW IGO 3.0 (Pevehouse et al. 2020), 1816–2014, as peacesciencer summarises it.
    Dyad-years get ``dyadigos``, the IGOs in which both states are full members (symmetric);
    state-years get ``sum_igo_full``, ``sum_igo_associate``, ``sum_igo_observer`` and
    ``sum_igo_anytype``, the state's memberships by type. Null elsewhere unless
    ``carry_forward``.

    Parameters
    ----------
    frame
        A state-year or dyad-year panel (COW or G-W codes).
    carry_forward
        Reuse the source's last year (2014) for later years instead of leaving them null
        (default False).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped.

    References
    ----------
    .. [1] Pevehouse et al. (2020). COW Intergovernmental Organizations 3.0. JPR 57(3).
    """
    kind = check_panel(frame)
    check_flag("carry_forward", carry_forward)
    if kind.unit == "state-year":
        return join(
            frame, read_igos(store, "state"), IGO_STATE_COLUMNS, carry_forward=carry_forward
        )
    return join(
        frame,
        read_igos(store, "dyad"),
        ("dyadigos",),
        undirected=True,
        carry_forward=carry_forward,
    )


def add_ideal_point_distance(
    frame: Frame, *, estimate: str = "all", store: Store | None = None
) -> Frame:
    """UN General Assembly ideal points (Bailey, Strezhnev & Voeten 2017; July 2025 release):
    ``idealpoint{estimate}1``, ``idealpoint{estimate}2`` and ``idealpointdist`` =
    |idealpoint1 − idealpoint2| (state-years get ``idealpoint{estimate}``). ``estimate``
    picks the estimate: ``all`` (all votes, the default), ``fp`` (final-passage votes only)
    or ``legacy`` (session-based). Null where a state has no estimate that year (e.g.
    ``all`` in 2024).

    Parameters
    ----------
    frame
        A state-year or dyad-year panel (COW or G-W codes).
    estimate
        ``"all"`` (default: all votes), ``"fp"`` (final-passage votes) or
        ``"legacy"`` (session-based).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped.

    References
    ----------
    .. [1] Bailey, Strezhnev & Voeten (2017). UNGA ideal points, July 2025 release.
       JCR 61(2).
    """
    kind = check_panel(frame)
    col = f"idealpoint{check_choice('ideal point estimate', estimate, ('all', 'fp', 'legacy'))}"
    out = join(frame, read_ideal_points(store, estimate), (col,))
    if kind.unit == "state-year":
        return out
    if isinstance(out, pd.DataFrame):
        return out.assign(idealpointdist=(out[f"{col}1"] - out[f"{col}2"]).abs())
    import polars as pl

    return out.with_columns((pl.col(f"{col}1") - pl.col(f"{col}2")).abs().alias("idealpointdist"))


def add_sipri_milex(
    frame: Frame, *, carry_forward: bool = False, store: Store | None = None
) -> Frame:
    """SIPRI Military Expenditure Database (the release in the store's ``sipri_milex``):
    ``milex_constant_usd_m`` (constant US$ m), ``milex_current_usd_m`` (current US$ m) and
    ``milex_share_gdp`` (a fraction of GDP), suffixed ``1``/``2`` in dyad panels. Null where
    SIPRI has no figure; years after the release's last are null unless ``carry_forward``.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    carry_forward
        Reuse the source's last year for later years instead of leaving them null (default
        False).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped.

    References
    ----------
    .. [1] SIPRI Military Expenditure Database (the store's release).
    """
    check_panel(frame)
    check_flag("carry_forward", carry_forward)
    return join(frame, read_sipri_milex(store), SIPRI_MILEX_COLUMNS, carry_forward=carry_forward)


def add_us_troops(frame: Frame, *, store: Store | None = None) -> Frame:
    """``troops_ad`` (``troops_ad1``/``troops_ad2`` for dyads): US active-duty military
    personnel in the state, from troopdata's rebuild of the DMDC reports (Allen, Flynn &
    Martinez Machain 2022, "Global U.S. military deployment data: 1950-2020", Conflict
    Management and Peace Science 39(3); Kane 2004 before 2006), by COW state-year.

    troopdata's host codes are made COW codes year by year (Germany's 260 is COW 255 from
    1991) and a year's value is the largest of its quarterly reports; the United States
    itself holds the troops stationed at home (see :func:`foedus.sources.troops.host_years`).
    Territories and other hosts without a COW state that year cannot match a panel row;
    a pandas panel lists how many in ``attrs["notes"]``. Null where troopdata has no
    report for the state-year and outside its years (1950 on).

    Parameters
    ----------
    frame
        A state-year or dyad-year panel (COW codes; G-W codes are translated).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. A pandas panel lists unmatched hosts in
        ``attrs["notes"]``.

    References
    ----------
    .. [1] Allen, Flynn & Martinez Machain (2022). Global U.S. military deployment data:
       1950-2020. CMPS 39(3).
    """
    from foedus.sources.troops import host_years

    check_panel(frame)
    hosts, note = host_years(read_troop_deployments(store))
    out: Frame = join(frame, hosts, ("troops_ad",))
    if isinstance(out, pd.DataFrame):
        out.attrs["notes"] = [*out.attrs.get("notes", []), note]
    return out
