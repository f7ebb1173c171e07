"""Readers of state attributes staged from peacesciencer (Miller 2022): democracy, GDP and
SDP, COW trade totals, ethnic and religious fractionalization, terrain, latent territorial
threat, Maoz's regional and global powers, and the COW <-> G-W year crosswalks.

Each reader returns a pandas frame keyed by ``ccode``/``gwcode`` and ``year`` (or by code
alone for time-invariant attributes), in the code system asked for; a source that is not
loaded raises :class:`foedus.errors.NotLoadedError` naming the import command.
"""

from __future__ import annotations

import pandas as pd

from foedus.data._sql import query
from foedus.errors import FoedusError
from foedus.sources.creg import CREG_COLUMNS
from foedus.sources.democracy import COLUMNS as DEMOCRACY_COLUMNS
from foedus.sources.sdp_gdp import COLUMNS as SDP_GDP_COLUMNS
from foedus.sources.terrthreat import COLUMNS as TERRTHREAT_COLUMNS
from foedus.store import Store

TRADE_COLUMNS = ("imports", "exports")
RUGGED_COLUMNS = ("rugged", "newlmtnest")
SYSTEMS = ("cow", "gw")

__all__ = [
    "CREG_COLUMNS",
    "DEMOCRACY_COLUMNS",
    "RUGGED_COLUMNS",
    "SDP_GDP_COLUMNS",
    "TERRTHREAT_COLUMNS",
    "TRADE_COLUMNS",
    "read_code_years",
    "read_democracy",
    "read_fractionalization",
    "read_maoz_powers",
    "read_rugged",
    "read_sdp_gdp",
    "read_territorial_threat",
    "read_trade",
]


def _code(system: str) -> str:
    if system not in SYSTEMS:
        raise FoedusError(f"state system {system!r} is unknown; accepted: cow, gw")
    return "ccode" if system == "cow" else "gwcode"


def read_democracy(store: Store | None = None, system: str = "cow") -> pd.DataFrame:
    """Democracy scores by state-year (peacesciencer 1.2's ``ccode_democracy`` /
    ``gwcode_democracy``): ``{code}, year, v2x_polyarchy`` (V-Dem v10), ``polity2``
    (Polity IV 2017), ``xm_qudsest`` (extended UDS 0.2.3)."""
    code = _code(system)
    return query(
        f"SELECT {code}, year, {', '.join(DEMOCRACY_COLUMNS)} FROM d",
        store,
        d=("democracy", system),
    )


def read_sdp_gdp(store: Store | None = None, system: str = "cow") -> pd.DataFrame:
    """Simulated GDP, population and SDP (Anders, Fariss & Markowitz 2020) by state-year:
    ``{code}, year, wbgdp2011est, wbpopest, sdpest, wbgdppc2011est`` (natural logs)."""
    code = _code(system)
    return query(
        f"SELECT {code}, year, {', '.join(SDP_GDP_COLUMNS)} FROM s",
        store,
        s=("sdp_gdp", system),
    )


def read_trade(store: Store | None = None) -> pd.DataFrame:
    """COW Trade 4.0 national totals (Barbieri, Keshk & Pollins 2009): ``ccode, year,
    imports, exports`` in current million US dollars, 1870–2014."""
    return query(
        "SELECT ccode, year, imports, exports FROM t", store, t=("cow_trade", "stateyears")
    )


def read_fractionalization(
    store: Store | None = None, system: str = "cow", table: str = "creg"
) -> pd.DataFrame:
    """Ethnic and religious fractionalization by state-year, 1945–2013: ``table="creg"``
    (Nardulli et al. 2012): ``{code}, year, ethfrac, ethpol, relfrac, relpol``;
    ``table="hief"`` (Dražanová 2019): ``{code}, year, efindex``. Rows without a code in
    ``system`` are left out.

    A few state-years appear twice (CREG: Yugoslavia 345 and the Soviet Union 365 in 1991,
    each also as a successor's entry; HIEF: e.g. G-W 817 in 1954–1958 also from COW's 816):
    the row of the state's own entry is kept (CREG's ``creg_ccode``, or HIEF's other-system
    code, equal to the code), then the one with the largest value.
    """
    code = _code(system)
    other = "gwcode" if system == "cow" else "ccode"
    if table not in ("creg", "hief"):
        raise FoedusError(f"fractionalization table {table!r} is unknown; accepted: creg, hief")
    columns = CREG_COLUMNS if table == "creg" else ("efindex",)
    own = f"creg_ccode = {code}" if table == "creg" else f"{other} = {code}"
    return query(
        f"""SELECT {code}, year, {", ".join(columns)} FROM (
                SELECT *, row_number() OVER (
                    PARTITION BY {code}, year
                    ORDER BY ({own}) DESC NULLS LAST, {columns[0]} DESC NULLS LAST) AS k
                FROM f WHERE {code} IS NOT NULL)
            WHERE k = 1 ORDER BY {code}, year""",
        store,
        f=("creg", table),
    )


def read_rugged(store: Store | None = None, system: str = "cow") -> pd.DataFrame:
    """Terrain ruggedness (Nunn & Puga 2012) and log % mountainous terrain (Gibler & Miller
    2014) per state: ``{code}, rugged, newlmtnest`` (time-invariant)."""
    code = _code(system)
    return query(
        f"SELECT {code}, rugged, newlmtnest FROM r WHERE {code} IS NOT NULL",
        store,
        r=("rugged", "rugged"),
    )


def read_territorial_threat(store: Store | None = None) -> pd.DataFrame:
    """Latent external territorial threat (Miller; peacesciencer), 1816–2010:
    ``ccode, year, lterrthreat, sd, lwr, upr, m_lterrthreat, m_sd, m_lwr, m_upr``."""
    return query(
        f"SELECT ccode, year, {', '.join(TERRTHREAT_COLUMNS)} FROM t",
        store,
        t=("terrthreat", "terrthreat"),
    )


def read_maoz_powers(store: Store | None = None) -> pd.DataFrame:
    """Maoz (2010) powers by state-year: ``ccode, year, regpow, globpow`` (1 if a regional /
    global power on any day of the year, else 0), for every year a spell touches."""
    return query(
        """
        WITH spells AS (
            SELECT ccode, year(regstdate) AS a, year(regenddate) AS b, 1 AS isreg, 0 AS isglob
            FROM p WHERE regstdate IS NOT NULL
            UNION ALL
            SELECT ccode, year(globstdate), year(globenddate), 0, 1
            FROM p WHERE globstdate IS NOT NULL)
        SELECT ccode, year, max(isreg) AS regpow, max(isglob) AS globpow
        FROM (SELECT ccode, isreg, isglob, unnest(range(a, b + 1)) AS year FROM spells)
        GROUP BY ALL ORDER BY ccode, year""",
        store,
        p=("maoz_powers", "powers"),
    )


def read_code_years(store: Store | None = None, source: str = "cow") -> pd.DataFrame:
    """peacesciencer's year-by-year code crosswalk: ``source="cow"`` gives ``ccode, year,
    target`` (the G-W code of each COW state-year, ``cow_gw_years``); ``source="gw"`` gives
    ``gwcode, year, target`` (the COW code of each G-W state-year, ``gw_cow_years``).
    ``target`` is null where the other system has no code."""
    code = _code(source)
    other = "gwcode" if source == "cow" else "ccode"
    table = "cow_gw" if source == "cow" else "gw_cow"
    return query(
        f"SELECT {code}, year, min({other}) AS target FROM c WHERE {code} IS NOT NULL "
        "GROUP BY ALL ORDER BY 1, 2",
        store,
        c=("cow_gw_years", table),
    )
