"""One model of commitments: directed obligations from an obligor to a beneficiary.

Each row says that ``obligor`` owes ``beneficiary`` an obligation of ``type`` (defense,
offense, neutrality, nonaggression, consultation) under ``clause`` of ``arrangement``,
from ``start`` to ``end`` (both members and the arrangement in force), subject to the
conditions in the ``cond_*`` columns, and names its ``source``. The casus foederis engine,
the cascade simulator and the reliability coder all read this one frame.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from foedus import builtin
from foedus.dates import parse_date
from foedus.states import name_of, resolve

BUILTIN_SOURCE = "built-in"
COLUMNS = [
    "source", "arrangement", "arrangement_name", "atop_id", "type", "clause", "obligor",
    "beneficiary", "start", "end", "cond_location", "cond_adversary", "cond_attackers_min",
    "cond_nonprovocation", "cond_conflict", "cond_demands", "cond_other",
]


def builtin_obligations() -> pd.DataFrame:
    """Every directed obligation of the built-in set, over the whole life of each pledge."""
    cat = builtin.load()
    ob = cat.obligations.merge(
        cat.arrangements[["id", "name", "atop_id"]], left_on="arrangement", right_on="id"
    )
    spells = cat.members[["arrangement", "cow_code", "joined", "left"]]
    pairs = ob.merge(spells.rename(columns={"cow_code": "obligor", "joined": "o_in",
                                            "left": "o_out"}), on="arrangement")
    pairs = pairs.merge(spells.rename(columns={"cow_code": "beneficiary", "joined": "b_in",
                                               "left": "b_out"}), on="arrangement")
    pairs = pairs[pairs["obligor"] != pairs["beneficiary"]]
    pairs = pairs[_listed(pairs, "obligors", "obligor") & _listed(pairs, "beneficiaries",
                                                                  "beneficiary")]
    start = pairs[["o_in", "b_in"]].max(axis=1)
    end = pairs[["o_out", "b_out"]].apply(lambda r: min((d for d in r if d is not None),
                                                        default=None), axis=1)
    out = pd.DataFrame({
        "source": BUILTIN_SOURCE, "arrangement": pairs["arrangement"],
        "arrangement_name": pairs["name"], "atop_id": pairs["atop_id"], "type": pairs["type"],
        "clause": pairs["clause"], "obligor": pairs["obligor"],
        "beneficiary": pairs["beneficiary"], "start": start, "end": end,
        "cond_location": pairs["location"], "cond_adversary": pairs["adversary"],
        "cond_attackers_min": pairs["attackers_min"],
        "cond_nonprovocation": pairs["nonprovocation"], "cond_conflict": pairs["conflict"],
        "cond_demands": pairs["demands"], "cond_other": pairs["other"],
    }, columns=COLUMNS)
    ongoing = out["end"].isna() | (out["start"] <= out["end"].fillna(dt.date.max))
    return out[ongoing].reset_index(drop=True)


def _listed(pairs: pd.DataFrame, listed: str, party: str) -> pd.Series:
    return pd.Series(
        [codes is None or code in codes for codes, code in zip(pairs[listed], pairs[party],
                                                                strict=True)],
        index=pairs.index,
    )


def obligations_on(on: str | dt.date | int | None = None) -> pd.DataFrame:
    """Directed obligations in force on a date."""
    when = parse_date(on)
    table = builtin_obligations()
    end = table["end"].map(lambda d: d if d is not None else dt.date.max)
    return table[(table["start"] <= when) & (end >= when)].reset_index(drop=True)


def describe_conditions(row: pd.Series) -> str:
    """The conditions of one obligation row in words ("" when unconditional)."""
    parts = []
    if row["cond_location"]:
        parts.append("attack in " + ", ".join(row["cond_location"]))
    if row["cond_adversary"]:
        parts.append("only against " + ", ".join(name_of(c) for c in row["cond_adversary"]))
    if pd.notna(row["cond_attackers_min"]):
        parts.append(f"only if attacked by at least {int(row['cond_attackers_min'])} states")
    if row["cond_nonprovocation"]:
        parts.append("only if unprovoked")
    if row["cond_conflict"]:
        parts.append(f"only in {row['cond_conflict']}")
    if row["cond_demands"]:
        parts.append("only if demands are refused")
    if row["cond_other"]:
        parts.append(row["cond_other"])
    return "; ".join(parts)


def who_defends(state: str | int, on: str | dt.date | int | None = None) -> pd.DataFrame:
    """Every state with a defense obligation toward ``state`` on a date, by arrangement.

    Columns: arrangement, arrangement_id, clause, defender, defender_code, conditions, source.
    """
    when = parse_date(on)
    target = resolve(state, on=when)
    table = obligations_on(when)
    table = table[(table["type"] == "defense") & (table["beneficiary"] == target.cow_code)]
    out = pd.DataFrame({
        "arrangement": table["arrangement_name"],
        "arrangement_id": table["arrangement"],
        "clause": table["clause"],
        "defender": [name_of(c, on=when) for c in table["obligor"]],
        "defender_code": table["obligor"].astype(int),
        "conditions": [describe_conditions(r) for _, r in table.iterrows()],
        "source": table["source"],
    })
    return out.sort_values(["arrangement", "defender"]).reset_index(drop=True)
