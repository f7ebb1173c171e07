"""Every form of military cooperation between a state and its partners on a date, and the
depth-of-cooperation index that sums them up."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus import builtin
from foedus.dates import open_ended, parse_date
from foedus.errors import FoedusError
from foedus.sources import coverage, spec
from foedus.states import name_of, resolve
from foedus.vocab import OBLIGATION_TYPES

if TYPE_CHECKING:
    from foedus.store import Store

# the built-in kinds that are cooperation without a pledge to fight (pacts come from the
# commitment model, so they are not counted twice)
COOPERATION_KINDS: tuple[str, ...] = (
    "defense_cooperation_agreement",
    "intelligence_sharing",
    "joint_exercise_programme",
    "integrated_defense_system",
    "regional_security_organisation",
    "defense_technology_cooperation",
)
# forms of cooperation, in the order shown
FORMS: tuple[str, ...] = (
    *OBLIGATION_TYPES,
    "dca_general",
    "dca_sector",
    "exercises",
    "arms_transfers",
    "troops_hosted",
    *COOPERATION_KINDS,
)
DIRECTIONS: tuple[str, ...] = ("mutual", "owed by state", "owed to state", "to partner", "to state")
# form -> weight in the depth index (see docs/partners.md and :func:`depth`)
DEPTH_WEIGHTS: dict[str, float] = {
    "defense": 3.0,
    "offense": 2.0,
    "neutrality": 1.0,
    "nonaggression": 1.0,
    "consultation": 1.0,
    "dca_general": 2.0,
    "dca_sector": 1.0,
    "exercises": 1.0,
    "arms_transfers": 1.0,
    "troops_hosted": 2.0,
    "defense_cooperation_agreement": 2.0,
    "intelligence_sharing": 2.0,
    "joint_exercise_programme": 1.0,
    "integrated_defense_system": 2.0,
    "regional_security_organisation": 1.0,
    "defense_technology_cooperation": 1.0,
}
# store-backed form -> the source that feeds it
FORM_SOURCES: dict[str, str] = {
    "dca_general": "dcad",
    "dca_sector": "dcad",
    "exercises": "mme",
    "arms_transfers": "sipri_arms",
    "troops_hosted": "troops",
}
COLUMNS = [
    "partner_ccode",
    "partner",
    "form",
    "direction",
    "detail",
    "value",
    "since",
    "source",
    "coverage",
]


def ties(
    state: str | int,
    with_: str | int | None = None,
    on: str | dt.date | int | None = None,
    window: int = 5,
    store: Store | None = None,
) -> pd.DataFrame:
    """Every form of military cooperation between ``state`` and each partner on a date.

    Alliance obligations in force come from the commitment model
    (:func:`foedus.obligations_on`: ATOP 5.1 to 2018, the built-in set after), one row per
    type and direction with the clause; defense cooperation agreements in force from DCAD
    v1.0 (Kinne 2020), general and sector agreements apart; joint exercises in the last
    ``window`` years from MME (D'Orazio & Galambos); SIPRI arms transfers (TIV) in either
    direction over the same years; US troops hosted (troopdata) in the date's year; and
    the built-in arrangements without a pledge to fight that both belong to (intelligence
    sharing, integrated defence, regional security organisations, exercise and technology
    programmes, built-in DCAs).

    Parameters
    ----------
    state
        The focal state (name, abbreviation or COW code).
    with_
        One partner; None lists every partner with a tie.
    on
        The date (default today).
    window
        Length of the window, ending in the date's year, for exercises and arms transfers.
    store
        The store to read from (default ``Store()``); sources not loaded are skipped and
        :func:`ties_coverage` says so.

    Returns
    -------
    pandas.DataFrame
        Columns ``partner_ccode``, ``partner``, ``form`` (categorical, :data:`FORMS`),
        ``direction`` (categorical, :data:`DIRECTIONS`), ``detail``, ``value`` (TIV
        millions, exercises or troops; 1 for an agreement), ``since`` (datetime64),
        ``source`` and ``coverage`` (the years the source covers).
    """
    when = parse_date(on)
    if window < 1:
        raise FoedusError(f"window={window} is invalid; accepted: a whole number of years >= 1")
    focal = cow_code_of(state, when)
    other = cow_code_of(with_, when) if with_ is not None else None
    if other == focal:
        raise FoedusError(f"--with {with_!r} is the state itself; accepted: another state")
    loaded = _loaded(store)
    parts = [_alliances(focal, when, store), _builtin(focal, when)]
    span = (when.year - window + 1, when.year)
    readers = {
        "dcad": lambda: _dcas(focal, when, store),
        "mme": lambda: _exercises(focal, span, store),
        "sipri_arms": lambda: _arms(focal, span, store),
        "troops": lambda: _troops(focal, when.year, store),
    }
    parts += [read() for name, read in readers.items() if name in loaded]
    found = [p for p in parts if len(p)]
    out = pd.concat(found, ignore_index=True) if found else parts[0].iloc[0:0]
    if other is not None:
        out = out[out["partner_ccode"] == other]
    out = out[out["partner_ccode"] != focal]
    out["partner"] = [name_of(int(c), on=when) for c in out["partner_ccode"]]
    out["form"] = pd.Categorical(out["form"], categories=FORMS)
    out["direction"] = pd.Categorical(out["direction"], categories=DIRECTIONS)
    out["since"] = pd.to_datetime(out["since"]).astype("datetime64[s]")
    out = out.sort_values(["partner", "form", "direction"], kind="stable")
    return out[COLUMNS].reset_index(drop=True)


def ties_coverage(
    on: str | dt.date | int | None = None, window: int = 5, store: Store | None = None
) -> pd.DataFrame:
    """Whether each dataset behind :func:`ties` reaches a date, and is loaded.

    Parameters
    ----------
    on
        The date (default today).
    window
        Years, ending in the date's year, a source must reach into to count as ``partly``.
    store
        The store whose loaded sources are listed (default ``Store()``).

    Returns
    -------
    pandas.DataFrame
        ``name`` and ``title`` of the source, the ``forms`` it feeds, ``first`` and ``last``
        (catalogued coverage years), ``loaded``
        and ``status``: ``covers`` the date's year, ``partly`` (ends inside the window of
        ``window`` years), ``stops before`` the window, or ``not loaded``.
    """
    when = parse_date(on)
    loaded = _loaded(store)
    names = ["atop", *dict.fromkeys(FORM_SOURCES.values())]
    rows = []
    for name in names:
        first, last = coverage(name)
        forms = [f for f, s in FORM_SOURCES.items() if s == name] or ["alliance obligations"]
        rows.append((name, spec(name).title, forms, first, last))
    table = pd.DataFrame(rows, columns=["name", "title", "forms", "first", "last"])
    table["loaded"] = [n in loaded for n in names]
    start = when.year - window + 1
    status = np.select(
        [~table["loaded"], table["last"] >= when.year, table["last"] >= start],
        ["not loaded", "covers", "partly"],
        "stops before",
    )
    table["status"] = status
    # after ATOP's last day the commitment model reads the built-in set instead
    table.loc[(table.index == 0) & (table["status"] != "covers"), "status"] += (
        " (built-in set used)"
    )
    return table


def depth(table: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """The depth-of-cooperation index of each partner in a :func:`ties` table.

    An additive index over the forms present between the two states: each form counts
    once, whatever its direction or number of instruments, weighted by ``weights``
    (default :data:`DEPTH_WEIGHTS`). Defense pledges weigh most, as the deepest ATOP
    obligation (Leeds et al. 2002); general (framework) DCAs weigh more than sector
    agreements, the distinction DCAD draws (Kinne 2020, JCR 64(4)); troops hosted,
    intelligence sharing and integrated defence are institutionalised cooperation in the
    sense of Leeds & Anac (2005) and weigh 2; exercises, arms transfers, regional
    organisations and technology programmes 1.

    Returns
    -------
    pandas.DataFrame
        One row per partner: ``partner_ccode``, ``partner``, ``forms`` (list of forms
        present) and ``depth``, highest first.
    """
    weights = {**DEPTH_WEIGHTS, **(weights or {})}
    unknown = set(weights) - set(FORMS)
    if unknown:
        raise FoedusError(f"depth weights {sorted(unknown)} unknown; accepted: {', '.join(FORMS)}")
    present = table[["partner_ccode", "partner", "form"]].drop_duplicates()
    present = present.assign(
        weight=present["form"].astype(str).map(weights).astype(float),
        form=present["form"].astype(str),
    )
    out = present.groupby(["partner_ccode", "partner"], as_index=False, observed=True).agg(
        forms=("form", list), depth=("weight", "sum")
    )
    return out.sort_values(["depth", "partner"], ascending=[False, True]).reset_index(drop=True)


def cow_code_of(query: str | int, when: dt.date) -> int:
    """The COW code of a state on a date, or a one-line error when it has none."""
    code = resolve(query, on=when).cow_code
    if code is None:
        raise FoedusError(f"state {query!r} has no COW code on {when}; accepted: a COW state")
    return int(code)


def _loaded(store: Store | None) -> set[str]:
    from foedus.data.cooperation import loaded_sources

    return loaded_sources((*FORM_SOURCES.values(), "atop"), store)


def _frame(**columns: object) -> pd.DataFrame:
    return pd.DataFrame(columns).reindex(columns=[c for c in COLUMNS if c != "partner"])


def _alliances(focal: int, when: dt.date, store: Store | None) -> pd.DataFrame:
    obligations = importlib.import_module("foedus").obligations_on(when, store=store)
    mine = obligations[(obligations["obligor"] == focal) | (obligations["beneficiary"] == focal)]
    owed_by = mine["obligor"] == focal
    # a built-in pact names the public record it is written from, as the other built-in
    # rows do (ATOP's pledges name ATOP; a built-in pact ATOP codes is ATOP's, see
    # :func:`foedus.obligations_on`, so it appears once)
    notes = builtin.load().arrangements.set_index("id")["source"]
    named = mine["source"].astype(str)
    mine_builtin = (named == "built-in").to_numpy()
    arrangement = mine["arrangement"].astype(str)
    source = np.where(mine_builtin, "built-in: " + arrangement.map(notes).astype(str), named)
    return _frame(
        partner_ccode=np.where(owed_by, mine["beneficiary"], mine["obligor"]),
        form=mine["type"],
        direction=np.where(owed_by, "owed by state", "owed to state"),
        detail=mine["arrangement_name"] + ": " + mine["clause"],
        value=1.0,
        since=pd.to_datetime(mine["start"]),
        source=source,
        coverage=np.where(mine_builtin, "built-in", _span("atop")),
    )


def _builtin(focal: int, when: dt.date) -> pd.DataFrame:
    cat = builtin.load()
    m = cat.members
    m = m[(m["joined"] <= when) & (open_ended(m["left"]) >= when)]
    a = cat.arrangements
    a = a[(a["in_force"] <= when) & (open_ended(a["ended"]) >= when)]
    a = a.explode("kinds")
    a = a[a["kinds"].isin(COOPERATION_KINDS)]
    mine = m.loc[m["cow_code"] == focal, ["arrangement", "joined"]]
    pairs = (
        m[["arrangement", "cow_code", "joined"]]
        .merge(mine, on="arrangement", suffixes=("", "_focal"))
        .merge(a, left_on="arrangement", right_on="id")
    )
    return _frame(
        partner_ccode=pairs["cow_code"],
        form=pairs["kinds"],
        direction="mutual",
        detail=pairs["name"],
        value=1.0,
        since=pd.to_datetime(pairs[["joined", "joined_focal", "in_force"]].max(axis=1)),
        source="built-in: " + pairs["source"],
        coverage="built-in",
    )


def exercise_dyads(store: Store | None = None) -> pd.DataFrame:
    """Multinational military exercises (D'Orazio & Galambos' MME, 1980-2010) both states
    took part in, by COW dyad-year: ``ccode1 < ccode2``, ``year``, ``exercises``.

    :func:`foedus.data.cooperation.read_exercise_dyad_years` counts them by G-W dyad-year;
    each G-W code becomes the COW code of the built-in state spell carrying it that year
    (the panels' crosswalk); pairs without a COW state are dropped.
    """
    from foedus.data.cooperation import read_exercise_dyad_years
    from foedus.panels._join import translate

    ex = read_exercise_dyad_years(store)
    years = ex["year"].to_numpy("int64")
    a = translate(ex["gwcode1"].to_numpy("int64"), years, "gw", "cow")
    b = translate(ex["gwcode2"].to_numpy("int64"), years, "gw", "cow")
    out = pd.DataFrame(
        {
            "ccode1": np.minimum(a, b),
            "ccode2": np.maximum(a, b),
            "year": years,
            "exercises": ex["mme_exercises"].to_numpy("int64"),
        }
    )
    out = out[(out["ccode1"] >= 0) & (out["ccode1"] != out["ccode2"])]
    out = out.groupby(["ccode1", "ccode2", "year"], as_index=False)["exercises"].sum()
    return out.sort_values(["ccode1", "ccode2", "year"]).reset_index(drop=True)


def us_troops(store: Store | None = None) -> pd.DataFrame:
    """US active-duty troops by COW host-year (troopdata; Allen, Flynn & Martinez Machain
    2022), the largest of the year's reports (:func:`foedus.sources.troops.host_years`):
    ``ccode``, ``year``, ``troops``.
    """
    from foedus.data.cooperation import read_troop_deployments
    from foedus.sources.troops import host_years

    hosts, _ = host_years(read_troop_deployments(store))
    return hosts.rename(columns={"troops_ad": "troops"}).reset_index(drop=True)


def _span(name: str) -> str:
    first, last = coverage(name)
    return f"{first}-{last}"


def _dcas(focal: int, when: dt.date, store: Store | None) -> pd.DataFrame:
    from foedus.data.cooperation import read_dca_agreements

    dca = read_dca_agreements(store)
    live = dca[
        ((dca["ccode1"] == focal) | (dca["ccode2"] == focal))
        & (dca["in_force"] <= pd.Timestamp(when))
        & (dca["end_year"] >= when.year)
    ]
    return _frame(
        partner_ccode=np.where(live["ccode1"] == focal, live["ccode2"], live["ccode1"]),
        form="dca_" + live["type"],
        direction="mutual",
        detail=live["dcaid"] + " (" + live["category"].fillna("uncategorised") + ")",
        value=1.0,
        since=live["in_force"],
        source=f"DCAD v{spec('dcad').version} (Kinne 2020)",
        coverage=_span("dcad"),
    )


def _exercises(focal: int, window: tuple[int, int], store: Store | None) -> pd.DataFrame:
    ex = exercise_dyads(store)
    ex = ex[
        ((ex["ccode1"] == focal) | (ex["ccode2"] == focal)) & ex["year"].between(*window)
    ].assign(partner=lambda f: np.where(f["ccode1"] == focal, f["ccode2"], f["ccode1"]))
    per = ex.groupby("partner", as_index=False).agg(
        value=("exercises", "sum"), first=("year", "min")
    )
    return _frame(
        partner_ccode=per["partner"],
        form="exercises",
        direction="mutual",
        detail=per["value"].astype(str) + f" joint exercises {window[0]}-{window[1]}",
        value=per["value"].astype(float),
        since=pd.to_datetime(per["first"].astype(str) + "-01-01"),
        source="MME (D'Orazio & Galambos), via troopdata",
        coverage=_span("mme"),
    )


def _arms(focal: int, window: tuple[int, int], store: Store | None) -> pd.DataFrame:
    from foedus.data.cooperation import read_arms_transfers

    arms = read_arms_transfers(store).rename(columns={"ccode1": "supplier", "ccode2": "recipient"})
    arms = arms[
        ((arms["supplier"] == focal) | (arms["recipient"] == focal))
        & arms["year"].between(*window)
        & (arms["tiv"] > 0)
    ]
    outgoing = arms["supplier"] == focal
    arms = arms.assign(
        partner=np.where(outgoing, arms["recipient"], arms["supplier"]),
        direction=np.where(outgoing, "to partner", "to state"),
    )
    per = arms.groupby(["partner", "direction"], as_index=False).agg(
        value=("tiv", "sum"), first=("year", "min")
    )
    return _frame(
        partner_ccode=per["partner"],
        form="arms_transfers",
        direction=per["direction"],
        detail=per["value"].round(0).astype(int).astype(str)
        + f" TIV (millions) {window[0]}-{window[1]}",
        value=per["value"],
        since=pd.to_datetime(per["first"].astype(str) + "-01-01"),
        source="SIPRI Arms Transfers Database (Gannon's dyad-year panel)",
        coverage=_span("sipri_arms"),
    )


US = 2


def _troops(focal: int, year: int, store: Store | None) -> pd.DataFrame:
    troops = us_troops(store)
    troops = troops[(troops["year"] == year) & (troops["troops"] > 0) & (troops["ccode"] != US)]
    if focal != US:
        troops = troops[troops["ccode"] == focal]
    return _frame(
        partner_ccode=troops["ccode"] if focal == US else US,
        form="troops_hosted",
        direction="to partner" if focal == US else "to state",
        detail=troops["troops"].astype(str) + f" US active-duty troops ({year})",
        value=troops["troops"].astype(float),
        since=pd.NaT,
        source="troopdata (Allen, Flynn & Martinez Machain 2022)",
        coverage=_span("troops"),
    )
