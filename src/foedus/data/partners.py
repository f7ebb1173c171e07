"""Readers for the partners engine: every dyadic form of cooperation, capability, alignment,
threat and reach that ``foedus.partners`` puts together.

Each reader returns a plain frame with COW codes (``ccode``/``ccode1``/``ccode2``) and years;
undirected tables keep ``ccode1 < ccode2``. All reads go through :func:`foedus.data.query`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from foedus.data import query
from foedus.states import state_table

if TYPE_CHECKING:
    from foedus.store import Store


def loaded_sources(names: Iterable[str], store: Store | None = None) -> set[str]:
    """The sources among ``names`` that are imported into the store."""
    from foedus.store import Store

    current = store or Store()
    return {name for name in names if current.has(name)}


def read_dca_agreements(store: Store | None = None) -> pd.DataFrame:
    """DCAD v1.0 agreements (Kinne 2020, "The Defense Cooperation Agreement Dataset (DCAD)",
    Journal of Conflict Resolution 64(4): 729-755), one row per bilateral agreement.

    Columns: ``ccode1 < ccode2``, ``signed`` and ``in_force`` (datetime64; a missing month or
    day is read as January or the 1st; ``in_force`` is the signature date when DCAD records
    no entry into force), ``end_year`` (termination year or DCAD's estimate, at most 2010),
    ``type`` (general framework or sector-specific agreement), ``category`` and ``dcaid``.
    """
    return query(
        """
        SELECT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2,
               make_date(signyear::INT, coalesce(signmonth, 1)::INT, coalesce(signday, 1)::INT)
                   AS signed,
               CASE WHEN eifyear IS NULL
                    THEN make_date(signyear::INT, coalesce(signmonth, 1)::INT,
                                   coalesce(signday, 1)::INT)
                    ELSE make_date(eifyear::INT, coalesce(eifmonth, 1)::INT,
                                   coalesce(eifday, 1)::INT) END AS in_force,
               least(endyearestimate, 2010) AS end_year, type, category1 AS category, dcaid
        FROM a ORDER BY signed, dcaid
        """,
        store,
        a=("dcad", "agreements"),
    ).astype({"signed": "datetime64[ns]", "in_force": "datetime64[ns]"})


def read_exercise_dyads(store: Store | None = None) -> pd.DataFrame:
    """Multinational military exercises (D'Orazio & Galambos' MME, 1980-2010, as reshaped
    by troopdata) both states took part in, by dyad-year: ``ccode1 < ccode2``, ``year``,
    ``exercises`` (distinct exercises). MME codes states by Gleditsch-Ward code; each is
    translated to the COW code of the same built-in state spell in that year.
    """
    return query(
        """
        WITH e AS (
            SELECT DISTINCT x.mmeid, x.year, w.cow_code AS ccode
            FROM x JOIN w ON x.gwcode = w.gw_code AND x.year BETWEEN w.first AND w.last
        )
        SELECT p.ccode AS ccode1, q.ccode AS ccode2, p.year, count(*) AS exercises
        FROM e p JOIN e q ON p.mmeid = q.mmeid AND p.year = q.year AND p.ccode < q.ccode
        GROUP BY ALL ORDER BY ALL
        """,
        store,
        x=("mme", "exercises"),
        w=_gw_to_cow(),
    )


def _gw_to_cow() -> pd.DataFrame:
    """G-W code -> COW code by the years of the built-in state spell carrying both."""
    table = state_table()
    rows = table[table["gw_code"].notna() & table["cow_code"].notna()]
    return pd.DataFrame(
        {
            "gw_code": rows["gw_code"].astype("int64"),
            "cow_code": rows["cow_code"].astype("int64"),
            "first": rows["gw_start"].dt.year.astype("int64"),
            "last": rows["gw_end"].dt.year.clip(upper=9999).astype("int64"),
        }
    )


def read_arms_transfers(store: Store | None = None) -> pd.DataFrame:
    """SIPRI arms transfers in trend-indicator values (TIV, millions) by supplier, recipient
    and year, from J. Andres Gannon's dyad-year panel of the SIPRI Arms Transfers Database
    (1970-2014). Columns ``supplier``, ``recipient``, ``year``, ``tiv`` (rows with a transfer).
    """
    return query(
        "SELECT ccode1 AS supplier, ccode2 AS recipient, year, value AS tiv FROM t "
        "WHERE value > 0 ORDER BY ALL",
        store,
        t=("sipri_arms", "tiv"),
    )


def read_us_troops(store: Store | None = None) -> pd.DataFrame:
    """US active-duty troops by COW host-year (troopdata; Allen, Flynn & Martinez Machain
    2022), the largest of the year's reports: ``ccode``, ``year``, ``troops``.
    """
    from foedus.sources.troops import host_years

    reports = query(
        "SELECT ccode, countryname, year, troops_ad FROM d", store, d=("troops", "deployments")
    )
    hosts, _ = host_years(reports)
    return hosts.rename(columns={"troops_ad": "troops"}).reset_index(drop=True)


def read_ideal_points(store: Store | None = None) -> pd.DataFrame:
    """UN General Assembly ideal points (Bailey, Strezhnev & Voeten 2017, "Estimating
    Dynamic State Preferences from United Nations Voting Data", JCR 61(2): 430-456; July 2025
    release), all votes: ``ccode``, ``year``, ``ideal_point``.
    """
    return query(
        "SELECT ccode, year, idealpointall AS ideal_point FROM u "
        "WHERE idealpointall IS NOT NULL AND ccode IS NOT NULL ORDER BY ALL",
        store,
        u=("unga", "idealpoints"),
    )


def read_capabilities(store: Store | None = None) -> pd.DataFrame:
    """COW National Material Capabilities 7.0 (Singer, Bremer & Stuckey 1972): ``ccode``,
    ``year``, ``cinc`` (the Composite Index of National Capability, a world share)."""
    return query(
        "SELECT ccode, year, cinc FROM n WHERE cinc >= 0 ORDER BY ALL",
        store,
        n=("cow_nmc", "nmc"),
    )


def read_contiguity(store: Store | None = None) -> pd.DataFrame:
    """COW Direct Contiguity 3.2 (Stinnett et al. 2002) by dyad-year, ``ccode1 < ccode2``,
    ``year``, ``conttype`` (1 land border; 2-5 separated by up to 12, 24, 150, 400 miles
    of water)."""
    return query(
        "SELECT state1no AS ccode1, state2no AS ccode2, year, min(conttype) AS conttype "
        "FROM c WHERE state1no < state2no GROUP BY ALL ORDER BY ALL",
        store,
        c=("cow_contiguity", "contdird"),
    )


def read_min_distance(
    store: Store | None = None, years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """Minimum distance between two states' territories in km (CShapes 2.0; Schvitz et al.
    2022), ``ccode1 < ccode2``, ``year``, ``mindist``, optionally within ``years``."""
    first, last = years or (0, 9999)
    return query(
        f"SELECT ccode1, ccode2, year, mindist FROM m "
        f"WHERE ccode1 < ccode2 AND year BETWEEN {int(first)} AND {int(last)}",
        store,
        m=("mindist", "cow"),
    )


def read_rivalries(store: Store | None = None) -> pd.DataFrame:
    """Strategic rivalries as dyad spells, ``ccode1 < ccode2``, ``start``, ``end`` (years)
    and ``source``: Thompson & Dreyer (2012, *Handbook of International Rivalries*) and
    Thompson, Sakuwa & Suhas (2022, *Analyzing Strategic Rivalries in World Politics*)."""
    return query(
        """
        SELECT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2,
               styear AS start, endyear AS "end", 'Thompson & Dreyer 2012' AS source FROM td
        UNION ALL
        SELECT least(ccode1, ccode2), greatest(ccode1, ccode2), start, "end",
               'Thompson, Sakuwa & Suhas 2022' FROM tss
        """,
        store,
        td=("rivalries", "td"),
        tss=("rivalries", "tss"),
    )


def read_mid_dyad_years(store: Store | None = None) -> pd.DataFrame:
    """Militarised interstate disputes on opposite sides by dyad-year (COW MID 5.0; Palmer
    et al. 2021): ``ccode1 < ccode2``, ``year``, ``disputes`` (distinct disputes ongoing)."""
    return query(
        """
        SELECT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2, year,
               count(DISTINCT dispnum) AS disputes
        FROM d WHERE sidea1 <> sidea2 GROUP BY ALL ORDER BY ALL
        """,
        store,
        d=("cow_mid", "ddy"),
    )


def read_military_spending(store: Store | None = None) -> pd.DataFrame:
    """SIPRI military expenditure in constant 2023 US$ millions: ``ccode``, ``year``,
    ``milex`` (SIPRI Military Expenditure Database, 1949-2024 release)."""
    return query(
        "SELECT ccode, year, milex_constant_usd_m AS milex FROM s "
        "WHERE milex_constant_usd_m IS NOT NULL AND ccode IS NOT NULL ORDER BY ALL",
        store,
        s=("sipri_milex", "milex"),
    )
