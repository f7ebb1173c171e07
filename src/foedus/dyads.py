"""The one ATOP dyad function: which member of an alliance owes what to whom, and when.

ATOP's member file (Leeds, Ritter, Mitchell & Long 2002; ATOP 5.1 codebook §2.3) says what
each member pledged; its directed dyad-year file (``atop5_1ddyr``, codebook §2.7) says to
whom. :func:`atop_ties` turns member rows into directed obligor → beneficiary ties by one
rule, at day level (the commitment model) or year level (panels, networks, alignment):

1. Two members of the same alliance phase are partners while both are members on a common
   day (entry to exit; no exit: in force through ATOP's last day, 2018-12-31). Members
   whose spells never overlap (one left before the other joined) are not partners.
2. An obligor owes each partner the obligations of its own member row (``defense``,
   ``offense``, ``neutral``, ``nonagg``, ``consul``).
3. With ATOP's directed coding given, an obligation of A toward B in a year stands only if
   that coding lists A → B in that year with the obligation: the coding knows asymmetric
   pledges (in a guarantee the guarantors owe the guaranteed state, not each other: Brazil
   and Argentina, both guarantors of Uruguay 1859–64, owe each other nothing). A day-level
   tie is cut at the years the coding denies. Rule 1–2 is a superset of the coding (it
   never misses an obligation the coding has; on ATOP 5.1 it adds 436 directed dyad-year
   flags the coding denies), so with the coding the year level equals it flag for flag.
4. ``obvary`` (the member's obligations differ by partner, codebook §2.3) is handled one
   way: it is kept on each day-level tie as information; the directed coding, not a
   guess from ``obvary``, decides who is owed what.

Undirected year-level ties (``directed=False``) hold 1 where either state owes the other
the obligation, as ATOP's dyad-year file (codebook §2.6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus._arrays import ramp
from foedus.errors import FoedusError
from foedus.vocab import ATOP_FLAGS

if TYPE_CHECKING:
    from foedus.store import Store

FLAGS: tuple[str, ...] = tuple(ATOP_FLAGS.values())
LEVELS = ("day", "year")
_MEMBER_COLUMNS = ("atopid", "phase", "member", "entry", "exit", *FLAGS)


def atop_ties(
    members: pd.DataFrame,
    coding: pd.DataFrame | None = None,
    *,
    level: str = "year",
    directed: bool = True,
    last_day: str | pd.Timestamp = "2018-12-31",
) -> pd.DataFrame:
    """Directed obligor → beneficiary ties from ATOP member rows (see the module docstring
    for the rule).

    Parameters
    ----------
    members
        ATOP member rows (:func:`foedus.data.atop.read_atop_members`): ``atopid, phase,
        member, entry, exit`` and the flags ``defense, offense, neutral, nonagg, consul``;
        ``obvary`` when present.
    coding
        ATOP's directed dyad-year coding (:func:`foedus.data.atop.read_atop_directed`):
        ``ccode1, ccode2, year`` and the five flags; None: rules 1–2 alone.
    level
        ``"day"``: one row per alliance phase, obligor, beneficiary and spell (``start``,
        ``end``); ``"year"``: one row per obligor, beneficiary and year, each flag 1 if any
        shared alliance carries it.
    directed
        Year level only: False gives each pair once (``ccode1 < ccode2``), a flag being 1
        if either owes the other.
    last_day
        The day an open membership (no exit) runs through: ATOP 5.1's last day.

    Returns
    -------
    pandas.DataFrame
        Day level: ``atopid, phase, obligor, beneficiary, start, end`` (datetime64), the
        five flags (int8) and ``obvary``. Year level: ``ccode1`` (obligor), ``ccode2``
        (beneficiary), ``year`` and the five flags (int8); a row is a dyad-year sharing an
        alliance, even when no flag is 1.

    References
    ----------
    Leeds, B. A., J. M. Ritter, S. M. Mitchell and A. G. Long (2002). "Alliance Treaty
    Obligations and Provisions, 1815–1944." International Interactions 28: 237–260.
    ATOP 5.1 codebook (2022), §2.3, §2.6, §2.7.
    """
    if level not in LEVELS:
        raise FoedusError(f"level {level!r} is unknown; accepted: day, year")
    if not isinstance(members, pd.DataFrame):
        raise FoedusError(
            f"members {type(members).__name__} is not a frame; accepted: ATOP member rows "
            "(foedus.data.atop.read_atop_members)"
        )
    missing = [c for c in _MEMBER_COLUMNS if c not in members.columns]
    if missing:
        raise FoedusError(
            f"members lacks column {missing[0]!r}; accepted: a frame with "
            f"{', '.join(_MEMBER_COLUMNS)}"
        )
    pairs = _partners(members, pd.Timestamp(last_day))
    if coding is None and level == "day":
        return pairs
    if level == "year":
        return _year_flags(pairs, coding, directed)
    years = _yearly(pairs)
    if coding is not None:
        years = _restrict(years, coding)
    return _spells(years)


def undirected(ties: pd.DataFrame) -> pd.DataFrame:
    """Year-level directed ties as undirected ones (``ccode1 < ccode2``): a flag is 1 if
    either state owes the other the obligation (ATOP codebook 5.1 §2.6)."""
    a = ties["ccode1"].to_numpy(dtype="int64")
    b = ties["ccode2"].to_numpy(dtype="int64")
    flags = np.column_stack([ties[f].to_numpy(dtype="int8") for f in FLAGS])
    year = ties["year"].to_numpy(dtype="int64")
    return _max_by_key(_pack(np.minimum(a, b), np.maximum(a, b), year), flags)


def _year_flags(pairs: pd.DataFrame, coding: pd.DataFrame | None, directed: bool) -> pd.DataFrame:
    """Year level of rules 1–3 in arrays: each day-level tie counts in every year it
    touches; with the coding, a flag stands where the coding lists it; one row per
    directed dyad-year (each flag the maximum over shared alliances)."""
    start = pairs["start"].to_numpy().astype("datetime64[Y]").astype("int64") + 1970
    end = pairs["end"].to_numpy().astype("datetime64[Y]").astype("int64") + 1970
    n = end - start + 1
    rows = np.repeat(np.arange(len(pairs)), n)
    keys = _pack(
        pairs["obligor"].to_numpy()[rows], pairs["beneficiary"].to_numpy()[rows], ramp(n, start)
    )
    if coding is not None:
        out = _coded_flags(keys, rows, pairs, coding)
        return out if directed else undirected(out)
    flags = np.column_stack([pairs[f].to_numpy(dtype="int8")[rows] for f in FLAGS])
    out = _max_by_key(keys, flags)
    return out if directed else undirected(out)


def _coded_flags(
    keys: np.ndarray, rows: np.ndarray, pairs: pd.DataFrame, coding: pd.DataFrame
) -> pd.DataFrame:
    """Rule 3 at year level: the coding's dyad-years that some tie touches (``keys``, from
    tie ``rows`` of ``pairs``), in key order, each flag 1 where a tie carries it and the
    coding lists it. Each tie-year is placed on its coding row, so the ties' years need no
    sort of their own."""
    _check_coding(coding)
    listed = _pack(coding["ccode1"], coding["ccode2"], coding["year"])
    order = np.argsort(listed, kind="stable")
    ordered = listed[order]
    if len(ordered) == 0:
        return _max_by_key(ordered, np.zeros((0, len(FLAGS)), dtype="int8"))
    at = np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)
    found = ordered[at] == keys
    at, rows = at[found], rows[found]  # the coding row (first of equal keys) of each tie-year
    hit = np.zeros(len(ordered), dtype=bool)
    hit[at] = True
    coded: dict[str, np.ndarray] = {}
    for f in FLAGS:
        carried = np.zeros(len(ordered), dtype="int8")
        carried[at[pairs[f].to_numpy(dtype="int8")[rows] == 1]] = 1
        listed_flag = coding[f].fillna(0).to_numpy(dtype="int8")[order]
        coded[f] = (carried & listed_flag)[hit]
    unique = ordered[hit]
    return pd.DataFrame(
        {
            "ccode1": unique >> 26,
            "ccode2": (unique >> 13) & 0x1FFF,
            "year": unique & 0x1FFF,
            **coded,
        }
    )


def _max_by_key(keys: np.ndarray, flags: np.ndarray) -> pd.DataFrame:
    """One row per distinct packed (ccode1, ccode2, year) key, in key order, each flag the
    maximum over the key's rows."""
    order = np.argsort(keys, kind="stable")
    keys, flags = keys[order], flags[order]
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else order[:0]
    top = np.maximum.reduceat(flags, first, axis=0) if len(keys) else flags
    unique = keys[first]
    return pd.DataFrame(
        {
            "ccode1": unique >> 26,
            "ccode2": (unique >> 13) & 0x1FFF,
            "year": unique & 0x1FFF,
            **{f: top[:, i].astype("int8") for i, f in enumerate(FLAGS)},
        }
    )


def load_atop_ties(
    store: Store | None = None, *, level: str = "year", directed: bool = True
) -> pd.DataFrame:
    """:func:`atop_ties` over the store's ATOP member file, restricted by ATOP's directed
    coding (source ``atop_ddyr``) when it is imported.

    Year-level ties are kept in the store's ``derived/`` folder
    (:func:`foedus.data.derived.derived_table`) and read back by later calls until ATOP,
    its directed coding or this module changes.

    Parameters
    ----------
    store
        The store (default: the user's store).
    level
        ``"day"`` or ``"year"``, as in :func:`atop_ties`.
    directed
        Year level only, as in :func:`atop_ties`.

    Returns
    -------
    pandas.DataFrame
        The ties, as :func:`atop_ties` gives them.
    """
    from foedus.data.atop import read_atop_directed, read_atop_members
    from foedus.sources import coverage

    last = f"{coverage('atop')[1]}-12-31"

    def compute() -> pd.DataFrame:
        return atop_ties(
            read_atop_members(store),
            read_atop_directed(store),
            level=level,
            directed=directed,
            last_day=last,
        )

    if level != "year" or not isinstance(directed, bool):
        return compute()
    from foedus.data import atop as atop_data
    from foedus.data.derived import code_version, derived_table

    return derived_table(
        "atop_year_ties_directed" if directed else "atop_year_ties_undirected",
        [("atop", "member"), ("atop_ddyr", "ddyr")],
        compute,
        version=f"{code_version(__file__, str(atop_data.__file__))} {last}",
        store=store,
    )


def _partners(members: pd.DataFrame, last_day: pd.Timestamp) -> pd.DataFrame:
    """Rules 1–2: every ordered pair of members of a phase with a common day."""
    m = members.loc[members["member"].notna() & members["entry"].notna()]
    m = pd.DataFrame(
        {
            "atopid": m["atopid"].to_numpy(dtype="int64"),
            "phase": m["phase"].fillna(1).to_numpy(dtype="int64"),
            "member": m["member"].to_numpy(dtype="int64"),
            "s": pd.to_datetime(m["entry"]).to_numpy(),
            "e": pd.to_datetime(m["exit"]).fillna(last_day).to_numpy(),
            **{f: m[f].fillna(0).to_numpy(dtype="int8") for f in FLAGS},
            "obvary": (
                m["obvary"].fillna(0).to_numpy(dtype="int8")
                if "obvary" in m
                else np.zeros(len(m), "int8")
            ),
        }
    )
    x = m.merge(m[["atopid", "phase", "member", "s", "e"]], on=["atopid", "phase"])
    x = x[(x["member_x"] != x["member_y"]) & (x["s_x"] <= x["e_y"]) & (x["s_y"] <= x["e_x"])]
    return pd.DataFrame(
        {
            "atopid": x["atopid"].to_numpy(),
            "phase": x["phase"].to_numpy(),
            "obligor": x["member_x"].to_numpy(),
            "beneficiary": x["member_y"].to_numpy(),
            "start": np.maximum(x["s_x"].to_numpy(), x["s_y"].to_numpy()),
            "end": np.minimum(x["e_x"].to_numpy(), x["e_y"].to_numpy()),
            **{f: x[f].to_numpy() for f in FLAGS},
            "obvary": x["obvary"].to_numpy(),
        }
    ).reset_index(drop=True)


def _yearly(pairs: pd.DataFrame) -> pd.DataFrame:
    """Day-level ties cut at year boundaries: one piece per tie and year it touches."""
    y0 = pairs["start"].dt.year.to_numpy()
    n = pairs["end"].dt.year.to_numpy() - y0 + 1
    rows = np.repeat(np.arange(len(pairs)), n)
    out = pairs.iloc[rows].reset_index(drop=True)
    year = ramp(n, y0)
    first = pd.to_datetime(pd.DataFrame({"year": year, "month": 1, "day": 1}))
    last = pd.to_datetime(pd.DataFrame({"year": year, "month": 12, "day": 31}))
    out["start"] = np.maximum(out["start"].to_numpy(), first.to_numpy())
    out["end"] = np.minimum(out["end"].to_numpy(), last.to_numpy())
    out["year"] = year
    out["tie"] = rows
    return out


def _restrict(pieces: pd.DataFrame, coding: pd.DataFrame) -> pd.DataFrame:
    """Rule 3: keep a piece's flag only where the coding lists it; drop pieces of
    dyad-years the coding does not list at all."""
    _check_coding(coding)
    keys = _pack(coding["ccode1"], coding["ccode2"], coding["year"])
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    wanted = _pack(pieces["obligor"], pieces["beneficiary"], pieces["year"])
    at = np.minimum(np.searchsorted(ordered, wanted), max(len(ordered) - 1, 0))
    found = (ordered[at] == wanted) if len(ordered) else np.zeros(len(wanted), bool)
    row = order[at]
    out = pieces.loc[found].copy()
    for f in FLAGS:
        listed = coding[f].fillna(0).to_numpy(dtype="int8")[row[found]]
        out[f] = (out[f].to_numpy() & listed).astype("int8")
    return out.reset_index(drop=True)


def _check_coding(coding: pd.DataFrame) -> None:
    missing = [c for c in ("ccode1", "ccode2", "year", *FLAGS) if c not in coding.columns]
    if missing:
        raise FoedusError(
            f"coding lacks column {missing[0]!r}; accepted: ATOP's directed dyad-years "
            "(foedus.data.atop.read_atop_directed)"
        )


def _pack(a: pd.Series, b: pd.Series, year: pd.Series) -> np.ndarray:
    return (
        (np.asarray(a, dtype="int64") << 26)
        | (np.asarray(b, dtype="int64") << 13)
        | np.asarray(year, dtype="int64")
    )


def _spells(pieces: pd.DataFrame) -> pd.DataFrame:
    """Year pieces of the same tie with the same flags in consecutive years, merged back
    into one spell."""
    pieces = pieces.sort_values(["tie", "year"], kind="stable", ignore_index=True)
    flags = pieces[list(FLAGS)].to_numpy()
    same = (
        (pieces["tie"].to_numpy()[1:] == pieces["tie"].to_numpy()[:-1])
        & (pieces["year"].to_numpy()[1:] == pieces["year"].to_numpy()[:-1] + 1)
        & (flags[1:] == flags[:-1]).all(axis=1)
    )
    run = np.cumsum(np.r_[True, ~same])
    columns = ["atopid", "phase", "obligor", "beneficiary", *FLAGS, "obvary"]
    grouped = pieces.groupby(run, sort=False)
    out = grouped[columns].first()
    out.insert(4, "start", grouped["start"].min())
    out.insert(5, "end", grouped["end"].max())
    return out.reset_index(drop=True)
