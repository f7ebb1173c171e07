"""One model of commitments: directed obligations from an obligor to a beneficiary.

Each row says that ``obligor`` owes ``beneficiary`` an obligation of ``type`` (defense,
offense, neutrality, nonaggression, consultation) under ``clause`` of ``arrangement``,
from ``start`` to ``end`` (both parties members, the arrangement and the clause in force),
subject to the conditions in the ``cond_*`` columns, and names its ``source``.
``cond_unspecified`` lists the conditions a source codes without saying what they are
(ATOP codes *that* a defense pledge is limited to a location, not which one);
``cond_after`` the parties that must act first; ``against_members`` whether the pledge
covers an attack by a fellow member (from the treaty text); ``suspensions`` the spells in
which the pledge is suspended (``obligations_on`` gives ``suspended`` on its date). The
casus foederis engine, the cascade simulator and the reliability coder all read this frame.

Two sources feed it: the built-in reference set, and ATOP 5.1 (Leeds, Ritter, Mitchell &
Long 2002, "Alliance Treaty Obligations and Provisions, 1815-1944", International
Interactions 28: 237-260; ATOP codebook v5.1, 2022), made directed by ATOP's own directed
dyad-year coding (:mod:`foedus.commitments.atop`). ATOP ends on 2018-12-31 (its coverage
in :func:`foedus.sources.coverage`); later dates use the built-in set only.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from foedus import builtin
from foedus.commitments.atop import ATOP_SOURCE, atop_obligations, obligations_from_members
from foedus.commitments.curated import BUILTIN_SOURCE, builtin_obligations, suspended_on
from foedus.commitments.describe import describe_conditions, describe_places, state_name
from foedus.commitments.frame import COLUMNS
from foedus.dates import open_ended, parse_date
from foedus.errors import FoedusError
from foedus.states import resolve

if TYPE_CHECKING:
    from foedus.store import Store

SOURCES = ("atop", "built-in")


def atop_last_day() -> dt.date:
    """ATOP's last day (31 December of the last year of its catalogued coverage)."""
    from foedus.sources import coverage

    return dt.date(coverage("atop")[1], 12, 31)


ATOP_LAST_DAY = atop_last_day()


def _in_force(table: pd.DataFrame, when: dt.date) -> pd.DataFrame:
    end = open_ended(table["end"])
    return table[(table["start"] <= when) & (end >= when)]


def obligations_on(
    on: str | dt.date | int | None = None,
    store: Store | None = None,
    sources: str | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Directed obligations in force on a date, each row naming its source.

    By default (``sources=None``), dates up to ATOP's last day (2018-12-31) use ATOP 5.1
    when it is loaded in the store (``store`` or the default one) for every alliance ATOP
    covers, plus the built-in arrangements without an ``atop_id`` (a built-in arrangement
    with an ``atop_id`` is replaced by its ATOP coding, so nothing counts twice; ATOP's
    unnamed location and adversary conditions come filled from the built-in reading, see
    :func:`atop_obligations`); later dates, or a store without ATOP, use the built-in
    set. ``sources="built-in"`` or ``"atop"`` forces one. A clause with its own dates
    (``start``/``end`` in the built-in files) is in force only between them. The
    ``suspended`` column says whether the pledge is suspended on the date (a member's
    suspended participation: Armenia in the CSTO from February 2024).

    Parameters
    ----------
    on : date, "YYYY-MM-DD", YYYY or None
        The date (today when None).
    store : Store or None
        The store ATOP is read from (the default store when None).
    sources : {"atop", "built-in"}, a tuple of them, or None
        The sources to use; None chooses by date and by whether ATOP is loaded.

    Returns
    -------
    pandas.DataFrame
        One row a directed obligation (obligor toward beneficiary) in force on the date,
        with the obligations frame's columns, ``source`` and ``suspended``.

    Raises
    ------
    FoedusError
        When a source is unknown, or ATOP is asked for after its last day.

    References
    ----------
    Leeds, B. A. et al. (2002). "Alliance Treaty Obligations and Provisions, 1815–1944."
    International Interactions 28: 237–260 (ATOP 5.1).
    """
    when = parse_date(on)
    wanted = _sources(sources, when, store)
    frames = []
    if "atop" in wanted:
        if when > ATOP_LAST_DAY:
            raise FoedusError(
                f"date {when} is after ATOP 5.1's coverage (1815-{ATOP_LAST_DAY.year}); "
                f"accepted: dates up to {ATOP_LAST_DAY}, or sources='built-in'"
            )
        frames.append(_in_force(atop_obligations(store), when))
    if "built-in" in wanted:
        table = _in_force(builtin_obligations(), when)
        if "atop" in wanted:
            table = table[table["atop_id"].isna()]
        frames.append(table)
    out = (
        pd.concat(frames, ignore_index=True)
        if len(frames) > 1
        else frames[0].reset_index(drop=True)
    )
    return out.assign(suspended=suspended_on(out["suspensions"], when))


def _sources(
    sources: str | tuple[str, ...] | None, when: dt.date, store: Store | None
) -> tuple[str, ...]:
    if sources is None:
        from foedus.data.cooperation import loaded_sources

        use_atop = when <= ATOP_LAST_DAY and "atop" in loaded_sources(["atop"], store)
        return SOURCES if use_atop else ("built-in",)
    wanted = (sources,) if isinstance(sources, str) else tuple(sources)
    bad = [s for s in wanted if s not in SOURCES]
    if bad or not wanted:
        raise FoedusError(f"sources {bad or '(none)'} unknown; accepted: {', '.join(SOURCES)}")
    return wanted


def who_defends(
    state: str | int, on: str | dt.date | int | None = None, store: Store | None = None
) -> pd.DataFrame:
    """Every state with a defense obligation toward ``state`` on a date, by arrangement.

    Each arrangement appears once: a built-in arrangement with an ATOP twin (``atop_id``)
    is given by ATOP up to 2018-12-31 under the built-in name (the twin in force on the
    date when several share one ATOP id), by the built-in set after.

    Parameters
    ----------
    state : str or int
        The defended state: a name, abbreviation, ISO3 code or COW code.
    on : date, "YYYY-MM-DD", YYYY or None
        The date (today when None).
    store : Store or None
        The store ATOP is read from (the default store when None).

    Returns
    -------
    pandas.DataFrame
        ``arrangement, arrangement_id, clause, defender, defender_ccode, conditions,
        source, suspended, dates`` (``dates``: which date a pledge runs from when ATOP
        and the built-in reading of the same treaty differ, and why). ``attrs["sources"]``
        names the sources consulted, ``attrs["atop_last_day"]`` ATOP's last day and, when ATOP
        was consulted, ``attrs["directed_coding"]`` whether ATOP's directed dyad-year coding
        restricted its rows (source ``atop_ddyr`` imported).

    References
    ----------
    Leeds, B. A. et al. (2002). "Alliance Treaty Obligations and Provisions, 1815–1944."
    International Interactions 28: 237–260 (ATOP 5.1).
    """
    when = parse_date(on)
    target = resolve(state, on=when)
    table = obligations_on(when, store=store)
    table = table[(table["type"] == "defense") & (table["beneficiary"] == target.cow_code)]
    names = _twin_names(when)
    arrangement = [
        names.get(int(a), n) if s == ATOP_SOURCE else n
        for a, n, s in zip(
            table["atop_id"], table["arrangement_name"], table["source"], strict=True
        )
    ]
    out = pd.DataFrame(
        {
            "arrangement": arrangement,
            "arrangement_id": table["arrangement"],
            "clause": table["clause"],
            "defender": [state_name(c, on=when) for c in table["obligor"]],
            "defender_ccode": table["obligor"].astype(int),
            "conditions": [describe_conditions(r) for _, r in table.iterrows()],
            "source": table["source"],
            "suspended": table["suspended"].astype(bool),
            "dates": [_dates(r, when) for _, r in table.iterrows()],
        }
    )
    out = out.sort_values(["arrangement", "defender"]).reset_index(drop=True)
    consulted = _sources(None, when, store)
    out.attrs["sources"] = [ATOP_SOURCE if s == "atop" else BUILTIN_SOURCE for s in consulted]
    if "atop" in consulted:
        from foedus.data.cooperation import loaded_sources

        out.attrs["directed_coding"] = "atop_ddyr" in loaded_sources(["atop_ddyr"], store)
    out.attrs["atop_last_day"] = ATOP_LAST_DAY
    return out


def _twin_names(when: dt.date) -> dict[int, str]:
    """ATOP id -> the name of the built-in twin in force on ``when`` (else the latest
    earlier one, else the first)."""
    table = builtin.load().arrangements
    table = table[table["atop_id"].notna()].sort_values("in_force")
    out: dict[int, str] = {}
    for atop_id, group in table.groupby("atop_id"):
        started = group[group["in_force"] <= when]
        out[int(atop_id)] = (started if len(started) else group).iloc[-1 if len(started) else 0][
            "name"
        ]
    return out


def _dates(row: pd.Series, when: dt.date) -> str:
    """Which date the pledge runs from, where the sources differ, and why."""
    notes = [row["date_note"]] if row.get("date_note") else []
    if row["source"] == ATOP_SOURCE and pd.notna(row["atop_id"]):
        twins = builtin.load().arrangements
        twins = twins[twins["atop_id"] == row["atop_id"]]
        if len(twins):
            twin = twins.sort_values("in_force").iloc[0]
            if row["start"] < twin["in_force"]:
                notes.append(
                    f"ATOP dates this pledge from {row['start']}; the built-in set has the "
                    f"treaty signed {twin['signed']}, in force {twin['in_force']}; ATOP's date "
                    f"is used because ATOP 5.1 is the source up to {ATOP_LAST_DAY}"
                    + (
                        f" (the treaty was not yet in force on {when})"
                        if when < twin["in_force"]
                        else ""
                    )
                )
    return "; ".join(notes)


__all__ = [
    "ATOP_LAST_DAY",
    "ATOP_SOURCE",
    "BUILTIN_SOURCE",
    "COLUMNS",
    "SOURCES",
    "atop_obligations",
    "builtin_obligations",
    "describe_conditions",
    "describe_places",
    "obligations_from_members",
    "obligations_on",
    "state_name",
    "who_defends",
]
