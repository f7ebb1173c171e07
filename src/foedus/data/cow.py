"""Readers of the Correlates of War family of tables (and the tables peacesciencer builds
from them): state lists, NMC, contiguity, major powers, MIDs, wars, IGOs, capitals,
minimum distances and rivalries.

Each reader returns a pandas frame keyed by ``ccode``/``gwcode`` and ``year`` (state-years)
or ``ccode1, ccode2, year`` (dyad-years), in the codes of the source; a source that is not
loaded raises :class:`foedus.errors.NotLoadedError` naming the import command.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from foedus.data._sql import cached_query, query
from foedus.errors import FoedusError
from foedus.store import Store

NMC_COLUMNS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
IGO_STATE_COLUMNS = ("sum_igo_full", "sum_igo_associate", "sum_igo_observer", "sum_igo_anytype")
MID_DETAILS = (
    "dispnum",
    "hostlev",
    "fatality",
    "sidea1",
    "sidea2",
    "fatality1",
    "fatality2",
    "fatalpre1",
    "fatalpre2",
    "hiact1",
    "hiact2",
    "hostlev1",
    "hostlev2",
    "orig1",
    "orig2",
    "mindur",
    "maxdur",
    "recip",
    "stmon",
)
_SYSTEMS = ("cow", "gw")


def _store(store: Store | None) -> Store:
    return Store() if store is None else store


def _years(years: tuple[int, int] | None) -> str:
    if years is None:
        return "TRUE"
    first, last = (int(y) for y in years)
    return f"year BETWEEN {first} AND {last}"


def _choice(value: str, accepted: Sequence[str], what: str) -> str:
    if value not in accepted:
        raise FoedusError(f"{what} {value!r} is unknown; accepted: {', '.join(accepted)}")
    return value


def read_state_spells(store: Store | None = None, system: str = "cow") -> pd.DataFrame | None:
    """Membership spells of the imported state list, or None when it is not loaded.

    Parameters
    ----------
    store
        The store (default: the user's store).
    system
        ``"cow"`` (COW State System Membership v2016, ``cow_states``) or ``"gw"``
        (Gleditsch & Ward 1999, ``gw_states``; its microstates are left out, as in
        peacesciencer's ``gw_states``).

    Returns
    -------
    pandas.DataFrame or None
        ``code, start, end`` (datetime64) per spell, in the order of the list.
    """
    source = f"{_choice(system, _SYSTEMS, 'state system')}_states"
    store = _store(store)
    if not store.has(source):
        return None
    states = store.table(source, "states")
    if "microstate" in states:
        states = states[~states["microstate"].astype(bool)]
    code = "ccode" if "ccode" in states else "gwcode"
    for start, end in (("start", "end"), ("startdate", "enddate")):
        if {start, end} <= set(states.columns):
            return pd.DataFrame(
                {
                    "code": states[code].astype("int64").to_numpy(),
                    "start": pd.to_datetime(states[start]).to_numpy(),
                    "end": pd.to_datetime(states[end]).to_numpy(),
                }
            )
    raise FoedusError(
        f"store table {source}.states has columns {list(states.columns)}; "
        "accepted: ccode or gwcode with start/end or startdate/enddate dates"
    )


def read_nmc(
    store: Store | None = None,
    years: tuple[int, int] | None = None,
    columns: Sequence[str] = NMC_COLUMNS,
) -> pd.DataFrame:
    """COW National Material Capabilities (Singer, Bremer & Stuckey 1972; the release in the
    store's ``cow_nmc``, e.g. NMC 7.0).

    Parameters
    ----------
    store
        The store (default: the user's store).
    years
        ``(first, last)`` years to keep (inclusive); None keeps all.
    columns
        NMC columns to read, among ``milex, milper, irst, pec, tpop, upop, cinc``.

    Returns
    -------
    pandas.DataFrame
        ``ccode, year`` and ``columns``, one row per state-year; missing values are NaN.
    """
    columns = tuple(columns)
    unknown = [c for c in columns if c not in NMC_COLUMNS]
    if unknown or not columns:
        raise FoedusError(
            f"NMC column {unknown[0] if unknown else None!r} is unknown; "
            f"accepted: {', '.join(NMC_COLUMNS)}"
        )
    return cached_query(
        "nmc",
        f"SELECT ccode, year, {', '.join(columns)} FROM nmc WHERE {_years(years)} "
        "ORDER BY ccode, year",
        _store(store),
        nmc=("cow_nmc", "nmc"),
    )


def read_cinc(year: int, store: Store | None = None) -> pd.Series | None:
    """CINC (COW NMC; Singer, Bremer & Stuckey 1972, the store's ``cow_nmc`` release, e.g.
    NMC 7.0) of every state in the latest NMC year up to ``year``.

    Parameters
    ----------
    year
        The last year to consider.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.Series or None
        CINC indexed by COW code, named by the NMC year used; None when ``cow_nmc`` is not
        loaded or has no year up to ``year``.
    """
    from foedus.errors import NotLoadedError

    try:
        frame = query(
            "SELECT ccode, year, cinc FROM nmc WHERE year = (SELECT max(year) FROM nmc "
            f"WHERE year <= {int(year)}) ORDER BY ccode",
            _store(store),
            nmc=("cow_nmc", "nmc"),
        )
    except NotLoadedError:
        return None
    if frame.empty:
        return None
    out = frame.set_index("ccode")["cinc"].astype(float)
    out.index = out.index.astype(int)
    out.name = int(frame["year"].iat[0])
    return out


def read_majors(store: Store | None = None) -> pd.DataFrame:
    """COW major powers v2016, one row per major-power state-year: ``ccode, year``
    (a state is a major power in a year if it is one on any day of it)."""
    return cached_query(
        "majors",
        "SELECT DISTINCT ccode, unnest(range(styear, endyear + 1)) AS year FROM m",
        _store(store),
        m=("cow_majors", "majors"),
    )


def read_contiguity(store: Store | None = None, form: str = "yearly") -> pd.DataFrame:
    """COW Direct Contiguity v3.2 (Stinnett et al. 2002) by directed dyad-year.

    Parameters
    ----------
    store
        The store (default: the user's store).
    form
        ``"yearly"``: COW's yearly directed file (``contdird``); ``"spells"``:
        peacesciencer's spell table (``cow_contdir``: start and end months; type 0 marks a
        spell without direct contiguity), a dyad-year taking the type of the spell in force
        in the earliest month of the year any spell covers (1 January when covered), as
        peacesciencer's ``add_contiguity()`` (default ``slice = "first"``) does.

    Returns
    -------
    pandas.DataFrame
        ``ccode1, ccode2, year, conttype`` (1 land, 2–5 water up to 12/24/150/400 miles,
        0 none in the spell form): in the yearly form the closest type listed for the
        dyad-year.
    """
    if _choice(form, ("yearly", "spells"), "contiguity form") == "yearly":
        sql = (
            "SELECT state1no AS ccode1, state2no AS ccode2, year, min(conttype) AS conttype "
            "FROM c GROUP BY ALL"
        )
        table = "contdird"
    else:
        # the spell in force in the earliest month of the year that any spell covers
        # (peacesciencer's add_contiguity(slice = "first")): 1 January's state, or the
        # first spell's if the dyad's records begin during the year
        sql = """
            SELECT ccode1, ccode2, year,
                   arg_min(conttype, (greatest(st, make_date(year, 1, 1)), conttype))
                       AS conttype
            FROM (SELECT ccode1, ccode2, conttype, stdate::DATE AS st,
                         unnest(range(year(stdate), year(enddate) + 1)) AS year FROM c)
            GROUP BY ALL"""
        table = "spells"
    return cached_query("contiguity", sql, _store(store), c=("cow_contiguity", table))


def read_mids(
    store: Store | None = None, mids: str = "cow", columns: Sequence[str] = MID_DETAILS
) -> pd.DataFrame:
    """MIDs in peacesciencer's non-directed dyad-year form, duplicate dyad-years resolved:
    COW MID 5.0 (Palmer et al. 2021; ``mids="cow"``) or GML MID 2.2.1 (Gibler, Miller &
    Little 2016; ``mids="gml"``).

    Returns
    -------
    pandas.DataFrame
        ``ccode1, ccode2, year, {mids}midonset, {mids}midongoing`` and the detail
        ``columns`` present in the store's table (``dispnum, hostlev, fatality, sidea1, ...``),
        codes as the source gives them (``-9`` kept).
    """
    table = f"{_choice(mids, ('cow', 'gml'), 'MID source')}_mid"
    store = _store(store)
    present = set(cached_query("mids", "SELECT * FROM t LIMIT 0", store, t=(table, "ddy")).columns)
    details = [c for c in columns if c in present]
    return cached_query(
        "mids",
        f"SELECT ccode1, ccode2, year, {mids}midonset, {mids}midongoing"
        f"{''.join(', ' + c for c in details)} FROM t",
        store,
        t=(table, "ddy"),
    )


def read_war_dyad_years(store: Store | None = None) -> pd.DataFrame:
    """COW Inter-State War v4.0 by directed dyad-year (peacesciencer's ``cow_war_inter``
    reshaped): ``ccode1, ccode2, year, cowinteronset, cowinterongoing`` (1/0)."""
    return query(
        "SELECT ccode1, ccode2, year, max(cowinteronset) AS cowinteronset, "
        "max(cowinterongoing) AS cowinterongoing FROM w GROUP BY ALL",
        _store(store),
        w=("cow_war_ddy", "ddy"),
    )


def read_igos(store: Store | None = None, level: str = "dyad") -> pd.DataFrame:
    """COW IGO 3.0 (Pevehouse et al. 2020) as peacesciencer summarises it: ``level="dyad"``
    gives ``ccode1, ccode2, year, dyadigos`` (IGOs with both as full members);
    ``level="state"`` gives ``ccode, year`` and the ``sum_igo_*`` counts by membership type."""
    if _choice(level, ("dyad", "state"), "IGO level") == "dyad":
        # ~0.9 million rows: 16-bit integers keep the read light
        sql = (
            "SELECT ccode1::SMALLINT AS ccode1, ccode2::SMALLINT AS ccode2, "
            "year::SMALLINT AS year, dyadigos::SMALLINT AS dyadigos FROM t"
        )
        table = "dyadyears"
    else:
        sql, table = f"SELECT ccode, year, {', '.join(IGO_STATE_COLUMNS)} FROM t", "stateyears"
    return cached_query("igos", sql, _store(store), t=("cow_igo", table))


def read_capital_years(
    store: Store | None = None, system: str = "cow", rule: str = "latest"
) -> pd.DataFrame:
    """Each state's capital by year (peacesciencer's capitals compilation, Miller 2022).

    Parameters
    ----------
    store
        The store (default: the user's store).
    system
        ``"cow"`` or ``"gw"``: the capitals table and code system.
    rule
        Which capital a year gets: ``"latest"``, the one whose spell starts last among those
        covering part of the year; ``"jan1"``, the one in place on 1 January (a capital
        taking office later first counts the year after), as peacesciencer's
        ``add_capital_distance()``.

    Returns
    -------
    pandas.DataFrame
        ``code, year, capital, lat, lng`` (degrees), coordinates as the table gives them.
    """
    code = "ccode" if _choice(system, _SYSTEMS, "state system") == "cow" else "gwcode"
    first = {
        "latest": "year(stdate)",
        "jan1": "year(stdate) + (stdate::DATE > make_date(year(stdate), 1, 1))::INT",
    }[_choice(rule, ("latest", "jan1"), "capital rule")]
    return cached_query(
        "capitals",
        f"""SELECT code, year, arg_max(capital, s) AS capital, arg_max(lat, s) AS lat,
                   arg_max(lng, s) AS lng
            FROM (SELECT {code} AS code, stdate::DATE AS s, capital, lat, lng,
                         unnest(range({first}, year(enddate) + 1)) AS year FROM c)
            GROUP BY ALL""",
        _store(store),
        c=("capitals", system),
    )


def read_minimum_distance(store: Store | None = None, system: str = "cow") -> pd.DataFrame:
    """Minimum distance in km between two states' territories (CShapes 2.0, Schvitz et al.
    2022), by dyad-year: ``{code}1, {code}2, year, mindist``."""
    code = "ccode" if _choice(system, _SYSTEMS, "state system") == "cow" else "gwcode"
    return query(
        f"SELECT {code}1, {code}2, year, mindist FROM m", _store(store), m=("mindist", system)
    )


def read_rivalries(store: Store | None = None, source: str = "td") -> pd.DataFrame:
    """Strategic rivalries by undirected dyad-year (``ccode1 < ccode2``): Thompson & Dreyer
    2012 (``source="td"``) or Thompson, Sakuwa & Suhas 2022 (``"tss"``): ``ccode1, ccode2,
    year``, one row per dyad-year in a rivalry."""
    start, end = (
        ("styear", "endyear")
        if _choice(source, ("td", "tss"), "rivalry source") == ("td")
        else ("start", "end")
    )
    return query(
        f"""SELECT DISTINCT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2,
                   unnest(range("{start}", "{end}" + 1)) AS year FROM r""",
        _store(store),
        r=("rivalries", source),
    )
