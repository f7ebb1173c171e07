"""The COW inter-state wars by number or name: a list to search, and one lookup.

Reads the COW Inter-State War Data v4.0 participations through
:func:`foedus.data.wars.read_war_participants` (Sarkees & Wayman 2010, *Resort to War:
1816-2007*, CQ Press).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from foedus.data.wars import read_war_participants
from foedus.errors import FoedusError
from foedus.states import names_on

if TYPE_CHECKING:
    from foedus.store import Store


def wars(search: str | None = None, store: Store | None = None) -> pd.DataFrame:
    """COW inter-state wars, one row each, optionally those whose name contains ``search``.

    Parameters
    ----------
    search : str, optional
        Words that must all appear in the war's COW name (case-insensitive), e.g.
        ``"Korean"``, ``"world war"``.
    store : Store, optional
        The store holding source ``cow_war`` (default: the user's store).

    Returns
    -------
    pandas.DataFrame
        ``war`` (COW war number), ``name``, ``start`` and ``end`` (datetime64: the first
        entry and last exit of any participant), ``side_1`` and ``side_2`` (lists of the
        participants' names on each COW side, as the states were named on entry).

    References
    ----------
    Sarkees, Meredith Reid, and Frank Wayman. 2010. *Resort to War: 1816-2007*. CQ Press.
    """
    p = read_war_participants(store)
    if search is not None:
        words = search.casefold().split()
        p = p[p["warname"].str.casefold().map(lambda n: all(w in n for w in words))]
    p = p.assign(state=names_on(p["ccode"], p["entry"]).astype(object)).sort_values("entry")
    sides = p.groupby(["warnum", "cow_side"])["state"].agg(lambda s: list(dict.fromkeys(s)))
    sides = sides.unstack("cow_side")
    out = p.groupby("warnum").agg(name=("warname", "first"), start=("entry", "min"))
    out["end"] = p.groupby("warnum")["exit"].max()
    for side in (1, 2):
        listed = sides[side] if side in sides else pd.Series(index=out.index, dtype=object)
        out[f"side_{side}"] = [v if isinstance(v, list) else [] for v in listed.reindex(out.index)]
    days = {"start": "datetime64[s]", "end": "datetime64[s]"}
    return out.rename_axis("war").reset_index().astype({"war": int, **days})


def find_war(query: str | int, store: Store | None = None) -> int:
    """The COW war number of ``query``: a number, or a name matched as in :func:`wars`
    (an exact name first, e.g. "World War I" rather than "World War II").

    Parameters
    ----------
    query : str or int
        A COW war number, or words of a war's COW name (case-insensitive).
    store : Store, optional
        The store holding source ``cow_war`` (default: the user's store).

    Returns
    -------
    int
        The COW war number.

    Raises
    ------
    FoedusError
        When no war, or more than one, matches; the message lists the candidates.

    References
    ----------
    Sarkees, Meredith Reid, and Frank Wayman. 2010. *Resort to War: 1816-2007*. CQ Press.
    """
    table = wars(store=store)
    text = str(query).strip()
    if text.isdecimal():
        if int(text) in set(table["war"]):
            return int(text)
        raise FoedusError(
            f"war {text} is not a COW inter-state war number; accepted: a number from "
            f"{table['war'].min()} to {table['war'].max()} or a name (see `foedus wars`)"
        )
    exact = table[table["name"].str.casefold() == text.casefold()]
    hits = exact if len(exact) else wars(text, store=store)
    if len(hits) == 1:
        return int(hits["war"].iloc[0])
    listed = "; ".join(f"{w} {n}" for w, n in zip(hits["war"], hits["name"], strict=True))
    raise FoedusError(
        f"war {text!r} "
        + (f"is ambiguous; candidates: {listed}" if len(hits) else "matches no COW war name")
        + " (see `foedus wars --search WORDS`)"
    )
