"""Verbs: alliances and agreements (ATOP, DCAD, MME exercises, SIPRI arms transfers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from foedus.data.cooperation import (
    DCA_COLUMNS,
    read_arms_transfers,
    read_dca_dyad_years,
    read_exercise_dyad_years,
)
from foedus.dyads import FLAGS, load_atop_ties
from foedus.errors import FoedusError
from foedus.panels._checks import check_flag, check_panel
from foedus.panels._join import (
    Frame,
    attach,
    column_arrays,
    coverage,
    gather,
    join,
    key,
    lookup,
    sides,
    span_of,
)

if TYPE_CHECKING:
    from foedus.store import Store

ATOP_COLUMNS = (*(f"atop_{f}" for f in FLAGS), "atop_alliance")


def add_atop_alliance(
    frame: Frame,
    *,
    carry_forward: bool = False,
    directed: bool | None = None,
    store: Store | None = None,
) -> Frame:
    """ATOP 5.1 obligations in force in the year: ``atop_defense``, ``atop_offense``,
    ``atop_neutral``, ``atop_nonagg``, ``atop_consul`` (1/0), and ``atop_alliance`` (1 if
    the two states share an ATOP alliance that year, whatever it obliges).

    The ties come from :func:`foedus.dyads.atop_ties` (Leeds, Ritter, Mitchell & Long 2002;
    codebook 5.1 §2.3, §2.7): the member file's pledges between members on a common day,
    restricted by ATOP's directed dyad-year coding when the ``atop_ddyr`` source is
    imported. With it, a directed panel's flags equal that coding, as peacesciencer's
    ``add_atop_alliance()``; without it, asymmetric pledges are over-stated (436 directed
    dyad-year flags of ATOP 5.1, e.g. guarantors made to defend each other).

    Parameters
    ----------
    frame
        A dyad-year panel.
    carry_forward
        Reuse ATOP's last year (2018) for later years instead of leaving them null.
    directed
        Whether a row holds the obligations of ``ccode1`` toward ``ccode2`` (directed) or
        of either state toward the other (undirected, as ATOP's dyad-year file §2.6).
        Default: the panel's recorded type (``attrs["panel"]``); needed for a panel without
        one (e.g. polars).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel with the six columns (Int64); null outside ATOP's years 1815–2018.
    """
    kind = check_panel(frame, dyadic=True)
    check_flag("carry_forward", carry_forward)
    if directed is None:
        directed = kind.directed
    if directed is None:
        raise FoedusError(
            "directed=None for a panel that does not record whether it is directed; "
            "accepted: directed=True or directed=False"
        )
    check_flag("directed", directed)
    ties = load_atop_ties(store, level="year", directed=directed)
    table = ties.rename(columns={f: f"atop_{f}" for f in FLAGS}).assign(atop_alliance=1)
    from foedus.sources import coverage as source_coverage

    return join(
        frame,
        table,
        ATOP_COLUMNS,
        span=source_coverage("atop"),
        fill=0,
        undirected=not directed,
        carry_forward=carry_forward,
    )


def add_dcas(frame: Frame, *, store: Store | None = None) -> Frame:
    """Defense cooperation agreements in force (Kinne 2020, DCAD v1.0): the six dyad-year
    indicators ``dcageneralv1``, ``dcageneralv2``, ``dcasectorv1``, ``dcasectorv2``,
    ``dcaanyv1``, ``dcaanyv2`` (1/0) and ``dca_count`` (agreements in force, any type),
    from the ``dcad`` source's ``dyadyears`` table (see :mod:`foedus.sources.dcad` for when an
    agreement counts as in force). DCAD covers 1980–2010; other years are null. Symmetric.

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
        dropped. Null outside 1980–2010.

    References
    ----------
    .. [1] Kinne (2020). Defense Cooperation Agreement Dataset (DCAD) v1.0. JCR 64(4).
    """
    check_panel(frame, dyadic=True)
    return join(
        frame, read_dca_dyad_years(store), DCA_COLUMNS, span=(1980, 2010), fill=0, undirected=True
    )


def add_exercises(frame: Frame, *, store: Store | None = None) -> Frame:
    """``mme_exercises``: multinational military exercises both states took part in that year
    (D'Orazio & Galambos 2021, MME 1980–2010, as reshaped by troopdata), counted once per
    exercise. States are matched by Gleditsch–Ward code; COW panels are translated year by
    year. Years outside 1980–2010 are null; symmetric.

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
        dropped. Null outside 1980–2010.

    References
    ----------
    .. [1] D'Orazio & Galambos (2021). Multinational Military Exercises (MME) 1980–2010.
    """
    check_panel(frame, dyadic=True)
    return join(
        frame,
        read_exercise_dyad_years(store),
        ("mme_exercises",),
        span=(1980, 2010),
        fill=0,
        undirected=True,
    )


def add_arms_transfers(frame: Frame, *, store: Store | None = None) -> Frame:
    """SIPRI arms transfers in trend-indicator values (TIV, millions), from J. Andrés
    Gannon's dyad-year panel of the SIPRI Arms Transfers Database, 1970–2014: ``tiv12``
    from ``ccode1`` to ``ccode2`` and ``tiv21`` the other way. Gannon's panel lists only the
    dyads of his sample, so a dyad-year it does not list is null (unknown), as are years
    outside 1970–2014; a listed dyad-year without transfers is 0.

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
        dropped. ``tiv12``, ``tiv21`` (float, TIV millions).

    References
    ----------
    .. [1] SIPRI Arms Transfers Database, 1970–2014, as J. Andrés Gannon's dyad-year panel.
    """
    check_panel(frame, dyadic=True)
    table = read_arms_transfers(store)
    year, (c1, c2) = sides(frame, "cow", dyadic=True)
    covered = coverage(year, span_of(table), False)[1]
    keys = key(
        table["year"].to_numpy("int64"),
        table["ccode1"].to_numpy("int64"),
        table["ccode2"].to_numpy("int64"),
    )
    arrays = column_arrays(table, ("tiv",))
    new: dict[str, Any] = {}
    for suffix, (a, b) in (("12", (c1, c2)), ("21", (c2, c1))):
        new |= gather(arrays, lookup(keys, key(year, a, b)), covered, None, suffix)
    return attach(frame, new)


__all__ = ["add_arms_transfers", "add_atop_alliance", "add_dcas", "add_exercises"]
