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
from foedus.data.cooperation import read_exercise_dyad_years, read_troop_deployments
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
    """Multinational military exercises (D'Orazio & Galambos' MME, 1980-2010) both states
    took part in, by COW dyad-year: ``ccode1 < ccode2``, ``year``, ``exercises``.

    :func:`foedus.data.cooperation.read_exercise_dyad_years` counts them by G-W dyad-year;
    each G-W code becomes the COW code of the same built-in state spell in that year.
    """
    return query(
        """
        SELECT least(a.cow_code, b.cow_code) AS ccode1, greatest(a.cow_code, b.cow_code)
               AS ccode2, x.year, sum(x.mme_exercises) AS exercises
        FROM x JOIN w a ON x.gwcode1 = a.gw_code AND x.year BETWEEN a.first AND a.last
               JOIN w b ON x.gwcode2 = b.gw_code AND x.year BETWEEN b.first AND b.last
        GROUP BY ALL ORDER BY ALL
        """,
        None,
        x=read_exercise_dyad_years(store),
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


def read_us_troops(store: Store | None = None) -> pd.DataFrame:
    """US active-duty troops by COW host-year (troopdata; Allen, Flynn & Martinez Machain
    2022), the largest of the year's reports (:func:`foedus.sources.troops.host_years`):
    ``ccode``, ``year``, ``troops``.
    """
    from foedus.sources.troops import host_years

    hosts, _ = host_years(read_troop_deployments(store))
    return hosts.rename(columns={"troops_ad": "troops"}).reset_index(drop=True)
