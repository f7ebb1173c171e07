"""The columns of the obligations frame (one row: an obligor owes a beneficiary one
obligation of one clause, from ``start`` to ``end``)."""

from __future__ import annotations

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
