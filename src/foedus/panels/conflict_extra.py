"""Conflict verbs beyond MIDs and inter-state wars: dispute-year panels and their
whittling to one dispute per dyad-year, arms races and intra-state wars (after
peacesciencer's ``whittle_conflicts_*()``, ``add_cow_wars(type="intra")``; Miller 2022).

Whittling (Miller 2021, "How peacesciencer Coerces Dispute-Year Data into Dyad-Year
Data"): a dyad can have several disputes in one year (France–Italy 1860: MIDs 112, 113
and 306), and a dyad-year panel has room for one. Each rule keeps, within every dyad-year
that still has more than one dispute, only the rows with the best value of one column,
in this order by default (:data:`WHITTLE_RULES`):

1. ``onsets``: new disputes over ongoing ones (onset = 1 where the dyad-year has both);
2. ``fatality``: the highest dispute-level fatality level (unknown, COW's -9, counts as
   0.5: fatal, with few deaths);
3. ``hostility``: the highest dispute-level hostility level;
4. ``mindur``, 5. ``maxdur``: the longest minimum, then maximum, duration;
6. ``reciprocation``: reciprocated disputes over unreciprocated ones;
7. ``startmonth``: the earliest start month;
8. ``jds`` ("just drop something"): the lowest dispute number.

Applied to COW MID 5.0's directed dispute-years, rules 1–7 give peacesciencer's
``cow_mid_ddydisps`` row for row (the realdata tests check it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.data.disputes import (
    read_arms_races,
    read_dispute_years,
    read_intrastate_wars,
    read_ucdp_conflicts,
    read_ucdp_onsets,
)
from foedus.errors import FoedusError
from foedus.panels._checks import check_choice, check_flag, check_panel
from foedus.panels._join import Frame, join, to_backend
from foedus.panels._sources import record

if TYPE_CHECKING:
    from foedus.store import Store

# rule -> (column, keep the largest?)
RULES: dict[str, tuple[str, bool]] = {
    "onsets": ("{mids}midonset", True),
    "fatality": ("fatality", True),
    "hostility": ("hostlev", True),
    "mindur": ("mindur", True),
    "maxdur": ("maxdur", True),
    "reciprocation": ("recip", True),
    "startmonth": ("stmon", False),
    "jds": ("dispnum", False),
}
WHITTLE_RULES = tuple(RULES)
MID_YEARS = {"cow": (1816, 2014), "gml": (1816, 2010)}
INTRA_YEARS = (1816, 2007)  # COW Intra-State War 4.1; 2008 lists continuing wars only
ARMS_RACE_YEARS = (1816, 1993)
INTRA_TYPES = ("all", "central control", "local issues")
UCDP_TYPES = ("extrasystemic", "interstate", "intrastate", "II")
UCDP_ISSUES = ("territory", "government", "both")
UCDP_ACD_YEARS = (1946, 2024)  # UCDP/PRIO ACD 25.1
UCDP_ONSET_YEARS = (1946, 2017)  # UCDP onsets 19.1
ONSET_COLUMNS = ("sumnewconf", "sumonset1", "sumonset2", "sumonset3", "sumonset5", "sumonset10")


def dispute_years(
    mids: str = "cow",
    *,
    directed: bool = True,
    store: Store | None = None,
    backend: str = "pandas",
) -> Any:
    """Dyad-dispute-years: one row per pair of states on opposite sides of a MID and year,
    as peacesciencer's ``cow_mid_dirdisps`` (COW MID 5.0, Palmer et al. 2021;
    ``mids="cow"``) or ``gml_dirdisp`` (GML MID 2.2.1, Gibler, Miller & Little 2016;
    ``mids="gml"``), with the dispute-level columns the whittling rules read.

    Parameters
    ----------
    mids
        ``"cow"`` or ``"gml"``.
    directed
        True (default): both orders of each pair; False: ``ccode1 < ccode2`` only.
    store
        The store (default: the user's store); needs ``cow_mid`` or ``gml_mid``.
    backend
        ``"pandas"`` or ``"polars"``.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        ``dispnum, ccode1, ccode2, year, {mids}midonset, {mids}midongoing``, the
        participants' ``sidea1/2, fatality1/2, ... orig1/2`` and the dispute's
        ``fatality, hostlev, mindur, maxdur, recip, stmon``; several rows per dyad-year
        where disputes overlap (see :func:`whittle_conflicts`). A pandas frame records
        ``attrs["panel"]`` (unit ``dyad-dispute-year``) and ``attrs["conflict"]``.
    """
    check_choice("MID source", mids, ("cow", "gml"))
    check_flag("directed", directed)
    frame = read_dispute_years(store, mids)
    if not directed:
        frame = frame[frame["ccode1"] < frame["ccode2"]].reset_index(drop=True)
    frame.attrs["panel"] = {"unit": "dyad-dispute-year", "system": "cow", "directed": directed}
    frame.attrs["conflict"] = mids
    record(frame, f"{mids}_mid")
    return to_backend(frame, backend)


def whittle_conflicts(
    frame: pd.DataFrame, rules: Sequence[str] = WHITTLE_RULES, *, mids: str | None = None
) -> pd.DataFrame:
    """Whittle dyad-dispute-years to one dispute per dyad-year (peacesciencer's
    ``whittle_conflicts_*()`` family; rules and their order in the module docstring).

    Parameters
    ----------
    frame
        A pandas frame from :func:`dispute_years` (or any frame with ``ccode1, ccode2,
        year`` — plus ``obsid1, obsid2`` for leader-dyad-dispute-years — and the columns
        the rules read).
    rules
        Rule names, applied in order (default all of :data:`WHITTLE_RULES`; give
        ``WHITTLE_RULES[:7]`` for peacesciencer's ``cow_mid_ddydisps``, which may leave ties).
    mids
        ``"cow"`` or ``"gml"``: which onset column (``cowmidonset``/``gmlmidonset``) the
        ``onsets`` rule reads; default ``attrs["conflict"]``, else whichever is present.

    Returns
    -------
    pandas.DataFrame
        The rows kept, in their original order; with the default rules exactly one per
        dyad-year. ``attrs`` are kept, with ``attrs["panel"]["unit"]`` set to
        ``dyad-year`` when one row per dyad-year remains.
    """
    if not isinstance(frame, pd.DataFrame):
        raise FoedusError(
            f"frame {type(frame).__name__} is not a pandas frame; accepted: a frame from "
            "dispute_years() (call .to_pandas() on a polars frame)"
        )
    if isinstance(rules, str) or not all(isinstance(r, str) for r in rules):
        raise FoedusError(f"rules {rules!r} is not a list of rule names; accepted: {WHITTLE_RULES}")
    for rule in rules:
        check_choice("whittling rule", rule, WHITTLE_RULES)
    mids = (
        mids or frame.attrs.get("conflict") or ("gml" if "gmlmidonset" in frame.columns else "cow")
    )
    check_choice("MID source", mids, ("cow", "gml"))
    group = [c for c in ("ccode1", "ccode2", "obsid1", "obsid2", "year") if c in frame.columns]
    if not {"ccode1", "ccode2", "year"} <= set(group):
        raise FoedusError(
            "frame lacks ccode1, ccode2 and year; accepted: a frame from dispute_years()"
        )
    keys = frame[group].astype("string").fillna("<NA>") if "obsid1" in group else frame[group]
    gid = keys.groupby(group, sort=False, dropna=False).ngroup().to_numpy()
    keep = np.ones(len(frame), dtype=bool)
    for rule in rules:
        column, largest = RULES[rule]
        column = column.format(mids=mids)
        if column not in frame.columns:
            raise FoedusError(
                f"whittling rule {rule!r} needs column {column!r}; accepted: a frame from "
                "dispute_years()"
            )
        value = frame[column].to_numpy(dtype="float64", na_value=np.nan)
        if rule == "fatality":
            value = np.where(np.isnan(value), 0.5, value)  # unknown: fatal, few deaths
        value = np.where(np.isnan(value), -np.inf if largest else np.inf, value)
        score = value if largest else -value
        best = pd.Series(np.where(keep, score, -np.inf)).groupby(gid).transform("max")
        keep &= score >= best.to_numpy()
    out = frame[keep].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    if not out.duplicated(group).any():
        out.attrs["panel"] = {**frame.attrs.get("panel", {}), "unit": "dyad-year"}
    return out


def add_arms_races(frame: Frame, *, store: Store | None = None) -> Frame:
    """``armsrace``: 1 if the two states were in a conventional arms race in the year, else
    0 (Gibler, Rider & Hutchison 2005, "Taking Arms Against a Sea of Troubles", JPR 42(2):
    131–147), and ``race_id`` (the race; null when none). Symmetric; null outside
    1816–1993, the years of the rivalries the races were coded in.

    Parameters
    ----------
    frame
        A dyad-year panel (COW or G-W codes).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped. Null outside 1816–1993.

    References
    ----------
    .. [1] Gibler, Rider & Hutchison (2005). Taking Arms Against a Sea of Troubles.
       JPR 42(2): 131–147.
    """
    check_panel(frame, dyadic=True)  # G-W panels: join translates the codes year by year
    table = read_arms_races(store).assign(armsrace=1)
    out = join(frame, table, ("armsrace",), span=ARMS_RACE_YEARS, fill=0, undirected=True)
    out = join(out, table, ("race_id",), span=ARMS_RACE_YEARS, undirected=True)
    return record(out, "arms_races")


def _intra_years(table: pd.DataFrame, intratype: str) -> pd.DataFrame:
    """One war per state-year: the primary state's wars, a new war over an ongoing one,
    then the deadliest (side A + side B deaths, either where one is unknown), then the
    lowest war number."""
    wars = table[table["primary_state"] == 1].rename(columns={"ccodea": "ccode"})
    if intratype != "all":
        wars = wars[wars["wartype"] == intratype]
    wars = wars.assign(
        deaths=wars[["sideadeaths", "sidebdeaths"]].astype("float64").sum(axis=1, min_count=1)
    )
    nums = wars.groupby(["ccode", "year"])["warnum"].transform(
        lambda w: "; ".join(str(int(x)) for x in w)
    )
    wars = wars.assign(intrawarnums=nums)
    wars = wars.sort_values(
        ["ccode", "year", "cowintraonset", "deaths", "warnum"],
        ascending=[True, True, False, False, True],
        na_position="last",
    )
    return wars.drop_duplicates(["ccode", "year"]).reset_index(drop=True)


def add_intrastate_wars(
    frame: Frame, *, intratype: str = "all", store: Store | None = None
) -> Frame:
    """COW Intra-State War 4.1 (Dixon & Sarkees 2016) on a state-year panel, as
    peacesciencer's ``add_cow_wars(type="intra")``: ``cowintraonset`` and
    ``cowintraongoing`` (0 where the state fought no intra-state war as the primary
    government side, 1816–2007; in 2008, the table's last year, only wars continuing from
    2007 are listed, so other state-years are null, as after 2008), and the kept war's
    ``warnum``, ``intnl`` (internationalised), ``outcome``, ``sideadeaths``,
    ``sidebdeaths`` and ``intrawarnums`` (every war of the state-year, "; "-separated).

    A state-year with several wars keeps one: a new war over an ongoing one, then the
    deadliest, then the lowest war number. ``intratype`` limits the wars to ``"central
    control"`` or ``"local issues"`` (default ``"all"``). Dyad-year panels get each side's
    columns, suffixed ``1``/``2``.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    intratype
        ``"all"`` (default), ``"central control"`` or ``"local issues"``.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped.

    References
    ----------
    .. [1] Dixon & Sarkees (2016). COW Intra-State War Data 4.1.
    """
    check_panel(frame)
    check_choice("intratype", intratype, INTRA_TYPES)
    wars = _intra_years(read_intrastate_wars(store), intratype)
    flags: tuple[str, ...] = ("cowintraonset", "cowintraongoing")
    out = join(frame, wars, (*flags, "warnum", "intnl", "outcome", "sideadeaths", "sidebdeaths"))
    out = _zero_within(out, flags, INTRA_YEARS)
    out = _text_column(out, wars, "intrawarnums")
    return record(out, "cow_war_intra")


def _choices(value: str | Sequence[str] | None, accepted: tuple[str, ...], what: str) -> list:
    if value is None:
        return list(accepted)
    chosen = [value] if isinstance(value, str) else list(value)
    if not chosen:
        raise FoedusError(f"{what} {value!r} is empty; accepted: some of {', '.join(accepted)}")
    for v in chosen:
        check_choice(what, v, accepted)
    return chosen


def add_ucdp_acd(
    frame: Frame,
    *,
    type: str | Sequence[str] | None = None,  # peacesciencer's name
    issue: str | Sequence[str] | None = None,
    only_wars: bool = False,
    store: Store | None = None,
) -> Frame:
    """UCDP/PRIO armed conflicts (Gleditsch et al. 2002, "Armed Conflict 1946–2001: A New
    Dataset", JPR 39(5): 615–637; ACD 25.1) on a state-year panel, as peacesciencer's
    ``add_ucdp_acd()``: ``ucdpongoing`` (1 if the state's government is side A of an armed
    conflict that year), ``ucdponset`` (1 if one of them appears for the first time with
    this government), ``maxintensity`` (1 minor, 2 war) and ``conflict_ids`` ("; "-separated).

    Parameters
    ----------
    frame
        A state-year panel (G-W codes; COW codes are translated year by year) or a dyad-year
        panel (columns suffixed ``1``/``2``).
    type
        Conflict types to keep: ``extrasystemic``, ``interstate``, ``intrastate``, ``II``
        (internationalised intrastate); default all.
    issue
        Incompatibilities to keep: ``territory``, ``government``, ``both``; default all.
    only_wars
        Keep conflict-years of intensity 2 (at least 1,000 battle deaths) only.
    store
        The store (default: the user's store); needs source ``ucdp_acd``.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel with the columns; ``ucdpongoing``/``ucdponset`` are 0 in 1946–2024 where
        no conflict is listed and null outside those years.
    """
    check_panel(frame)
    check_flag("only_wars", only_wars)
    types = _choices(type, UCDP_TYPES, "UCDP conflict type")
    issues = _choices(issue, UCDP_ISSUES, "UCDP incompatibility")
    acd = read_ucdp_conflicts(store)
    acd = acd[acd["type_of_conflict"].isin(types) & acd["incompatibility"].isin(issues)]
    if only_wars:
        acd = acd[acd["intensity_level"] == 2]
    first = acd.groupby(["conflict_id", "gwcode"])["year"].transform("min")
    acd = acd.assign(ucdponset=(acd["year"] == first).astype("int64"))
    years = acd.groupby(["gwcode", "year"], as_index=False).agg(
        ucdponset=("ucdponset", "max"),
        maxintensity=("intensity_level", "max"),
        conflict_ids=("conflict_id", lambda ids: "; ".join(str(int(i)) for i in ids)),
    )
    years = years.assign(ucdpongoing=1)
    flags: tuple[str, ...] = ("ucdpongoing", "ucdponset")
    out = join(frame, years, (*flags, "maxintensity"), span=UCDP_ACD_YEARS)
    out = _zero_within(out, flags, UCDP_ACD_YEARS)
    out = _text_column(out, years, "conflict_ids")
    return record(out, "ucdp_acd")


def add_ucdp_onsets(
    frame: Frame, *, zero_everywhere: bool = False, store: Store | None = None
) -> Frame:
    """UCDP conflict onsets (Pettersson, Högbladh & Öberg 2019, "Organized Violence,
    1989–2018 and Peace Agreements", JPR 56(4): 589–603; onsets 19.1) on a state-year
    panel, as peacesciencer's ``add_ucdp_onsets()``: ``sumnewconf`` (new conflict dyads)
    and ``sumonset1/2/3/5/10`` (new conflict episodes at least 1, 2, 3, 5, 10 years after
    the last). 0 where the state-year is not listed in 1946–2017, null outside those years;
    ``zero_everywhere=True`` gives 0 in every unlisted state-year, as peacesciencer does
    (its value with ``add(..., peacesciencer=True)``). G-W codes; COW panels are translated
    year by year; dyad panels get each side's columns, suffixed ``1``/``2``.

    Parameters
    ----------
    frame
        A state-year, dyad-year or leader-year panel (COW or G-W codes); dyad panels
        get each side's columns, suffixed ``1``/``2``.
    zero_everywhere
        Give 0 in every unlisted state-year, as peacesciencer (default False:
        null outside 1946–2017).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel, of the type given, with the columns added; rows are never added or
        dropped.

    References
    ----------
    .. [1] Pettersson, Högbladh & Öberg (2019). UCDP onsets 19.1. JPR 56(4): 589–603.
    """
    check_panel(frame)
    check_flag("zero_everywhere", zero_everywhere)
    table = read_ucdp_onsets(store)
    span = (0, 9999) if zero_everywhere else UCDP_ONSET_YEARS
    return record(join(frame, table, ONSET_COLUMNS, span=span, fill=0), "ucdp_onsets")


def _zero_within(frame: Frame, columns: Sequence[str], span: tuple[int, int]) -> Frame:
    """``columns`` (suffixed 1/2 in dyad panels) with nulls set to 0 in the years ``span``:
    no event there, while later years the table only partly covers stay null."""
    names = [c + s for c in columns for s in ("", "1", "2") if c + s in frame.columns]
    if isinstance(frame, pd.DataFrame):
        inside = frame["year"].between(*span).to_numpy()
        return frame.assign(
            **{n: frame[n].mask(frame[n].isna().to_numpy() & inside, 0) for n in names}
        )
    import polars as pl

    inside = pl.col("year").is_between(*span)
    return frame.with_columns(
        pl.when(pl.col(n).is_null() & inside).then(0).otherwise(pl.col(n)).alias(n) for n in names
    )


def _text_column(frame: Frame, table: pd.DataFrame, column: str) -> Frame:
    """Attach a text column of a state-year table (looked up by row number)."""
    numbered = table.assign(_row=np.arange(len(table)))
    probe = join(frame, numbered, ("_row",))
    names = [c for c in probe.columns if c.startswith("_row")]
    values = table[column].to_numpy(dtype=object)
    new = {}
    for name in names:
        rows = (
            np.asarray(probe[name].to_numpy(dtype="float64", na_value=np.nan))
            if isinstance(probe, pd.DataFrame)
            else probe[name].fill_null(-1).to_numpy().astype("float64")
        )
        rows = np.where(rows < 0, np.nan, rows)
        got = np.where(np.isnan(rows), None, values[np.nan_to_num(rows).astype("int64")])
        new[column + name[len("_row") :]] = pd.array(got, dtype="string")
    from foedus.panels._join import attach

    return attach(frame, new)
