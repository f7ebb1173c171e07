"""The columns of the obligations frame (one row: an obligor owes a beneficiary one
obligation of one clause, from ``start`` to ``end``) and their dtypes."""

from __future__ import annotations

import pandas as pd

from foedus.vocab import OBLIGATION_SOURCES, OBLIGATION_TYPES

COLUMNS = [
    "source",
    "arrangement",
    "arrangement_name",
    "atop_id",
    "type",
    "clause",
    "obligor",
    "beneficiary",
    "start",
    "end",
    "cond_location",
    "cond_adversary",
    "cond_attackers_min",
    "cond_nonprovocation",
    "cond_conflict",
    "cond_demands",
    "cond_after",
    "cond_other",
    "cond_unspecified",
    "against_members",
    "suspensions",
    "date_note",
]

#: The dtypes of the frame's typed columns (the package's convention): the closed
#: vocabularies as categoricals of :mod:`foedus.vocab`, ids and counts as nullable integers,
#: dates as ``datetime64[s]`` (the 1373 Anglo-Portuguese alliance is before
#: ``datetime64[ns]`` begins; an open ``end`` is NaT). Lists of codes, places and conditions
#: are tuples.
DTYPES: dict[str, object] = {
    "source": pd.CategoricalDtype(list(OBLIGATION_SOURCES)),
    "type": pd.CategoricalDtype(list(OBLIGATION_TYPES)),
    "atop_id": "Int64",
    "obligor": "int64",
    "beneficiary": "int64",
    "cond_attackers_min": "Int64",
    "cond_nonprovocation": "bool",
    "cond_demands": "bool",
    "against_members": "bool",
}
DATES = ("start", "end")


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (obligation rows) with the columns of :data:`COLUMNS` in the dtypes of
    :data:`DTYPES`, and ``start``/``end`` as ``datetime64[s]``."""
    dates = {
        c: (
            frame[c].astype("datetime64[s]")
            if pd.api.types.is_datetime64_dtype(frame[c].dtype)
            else pd.Series(frame[c], dtype=object).astype("datetime64[s]")
        )
        for c in DATES
    }
    return frame.assign(**dates).astype({c: t for c, t in DTYPES.items() if c in frame})
