"""Readers of the cooperation and spending tables the panels add: DCAD, MME exercises, SIPRI
arms transfers and military expenditure, US troop deployments and UNGA ideal points.

Each returns a pandas frame keyed by ``ccode``/``gwcode`` and ``year`` or by
``ccode1, ccode2, year``; a source not loaded raises :class:`foedus.errors.NotLoadedError`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from foedus.data._sql import query
from foedus.data.spending import SIPRI_MILEX_COLUMNS as SIPRI_MILEX_COLUMNS  # the panels use
from foedus.data.spending import read_sipri_milex as read_sipri_milex  # these two from here
from foedus.errors import FoedusError
from foedus.store import Store

DCA_COLUMNS = (
    "dcageneralv1",
    "dcageneralv2",
    "dcasectorv1",
    "dcasectorv2",
    "dcaanyv1",
    "dcaanyv2",
    "dca_count",
)
IDEAL_POINT_ESTIMATES = ("all", "fp", "legacy")


def _store(store: Store | None) -> Store:
    return Store() if store is None else store


def loaded_sources(names: Iterable[str], store: Store | None = None) -> set[str]:
    """The sources among ``names`` that are imported into the store."""
    current = _store(store)
    return {name for name in names if current.has(name)}


def read_dca_dyad_years(store: Store | None = None) -> pd.DataFrame:
    """Defense cooperation agreements in force by dyad-year (Kinne 2020, DCAD v1.0):
    ``ccode1, ccode2, year`` and the indicators of :data:`DCA_COLUMNS`."""
    return query(
        f"SELECT ccode1, ccode2, year, {', '.join(DCA_COLUMNS)} FROM d",
        _store(store),
        d=("dcad", "dyadyears"),
    )


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
        _store(store),
        a=("dcad", "agreements"),
    ).astype({"signed": "datetime64[ns]", "in_force": "datetime64[ns]"})


def read_exercise_dyad_years(store: Store | None = None) -> pd.DataFrame:
    """Multinational military exercises both states took part in, by G-W dyad-year
    (D'Orazio & Galambos 2021, MME 1980–2010), each exercise counted once:
    ``gwcode1 < gwcode2, year, mme_exercises``."""
    return query(
        """WITH e AS (SELECT DISTINCT mmeid, gwcode, year FROM x WHERE gwcode IS NOT NULL)
           SELECT a.gwcode AS gwcode1, b.gwcode AS gwcode2, a.year, count(*) AS mme_exercises
           FROM e a JOIN e b ON a.mmeid = b.mmeid AND a.year = b.year AND a.gwcode < b.gwcode
           GROUP BY ALL""",
        _store(store),
        x=("mme", "exercises"),
    )


def read_arms_transfers(store: Store | None = None) -> pd.DataFrame:
    """SIPRI arms transfers (TIV, millions) by directed dyad-year from Gannon's panel:
    ``ccode1`` (supplier), ``ccode2`` (recipient), ``year``, ``tiv``."""
    return query(
        "SELECT ccode1, ccode2, year, value AS tiv FROM t", _store(store), t=("sipri_arms", "tiv")
    )


def read_troop_deployments(store: Store | None = None) -> pd.DataFrame:
    """troopdata's US deployment reports (Allen, Flynn & Martinez Machain 2022):
    ``ccode, countryname, year, troops_ad``, one row per report."""
    return query(
        "SELECT ccode, countryname, year, troops_ad FROM t",
        _store(store),
        t=("troops", "deployments"),
    )


def read_ideal_points(store: Store | None = None, estimate: str = "all") -> pd.DataFrame:
    """UN General Assembly ideal points (Bailey, Strezhnev & Voeten 2017) by COW state-year:
    ``ccode, year, idealpoint{estimate}`` for ``estimate`` in ``all``, ``fp``, ``legacy``."""
    if estimate not in IDEAL_POINT_ESTIMATES:
        raise FoedusError(
            f"ideal point estimate {estimate!r} is unknown; accepted: all, fp, legacy"
        )
    return query(
        f"SELECT ccode, year, idealpoint{estimate} FROM u",
        _store(store),
        u=("unga", "idealpoints"),
    )
