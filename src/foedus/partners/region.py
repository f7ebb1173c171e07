"""A region's security landscape on a date, and US force posture abroad by host.

:func:`region` puts together, for the states of a region (a region key of the built-in
vocabulary, e.g. ``europe``, ``southeast_asia``, or the members of an arrangement, e.g.
``ASEAN`` via ADMM), the regional security organisations and other built-in arrangements
they belong to, the alliance pledges and defense cooperation agreements among them, their
joint exercises and militarized disputes, and how dense cooperation is inside the region
against across its border. :func:`posture` lists US active-duty troops abroad by host.
"""

from __future__ import annotations

import datetime as dt
import importlib
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus import builtin
from foedus.dates import open_ended, parse_date
from foedus.errors import FoedusError
from foedus.partners.ties import COOPERATION_KINDS, US, exercise_dyads, us_troops
from foedus.sources import coverage
from foedus.vocab import REGION_FORMS

if TYPE_CHECKING:
    from foedus.store import Store

WINDOW = 5  # years of exercises, ending in the date's year
DISPUTE_YEARS = 10  # years of militarized disputes, ending in the date's year
SECTIONS = ("states", "organisations", "agreements", "exercises", "conflicts", "density")


def region_states(name: str, on: str | dt.date | int | None = None) -> pd.DataFrame:
    """The states of a region on a date: ``code`` (COW), ``name``, ``iso3``.

    ``name`` is a region key of :func:`foedus.builtin.region_vocabulary` (a state belongs to
    the regions of its home territory in ``regions.csv``; composite keys such as
    ``americas`` expand), or a built-in arrangement (name, short name or id), whose members
    on the date make the region.

    Parameters
    ----------
    name
        A region key (``europe``, ``southeast_asia``, ``americas``, ...) or a built-in
        arrangement (``ASEAN``, ``AU``, ...).
    on
        The date (default today).

    Returns
    -------
    pandas.DataFrame
        ``code``, ``name``, ``iso3`` of the states of the region in the system on the date.

    Raises
    ------
    FoedusError
        When ``name`` is neither a region key nor an arrangement, or the region is empty.
    """
    if not isinstance(name, str):
        raise FoedusError(
            f"region {_short(name)} invalid; accepted: a region key or an arrangement"
        )
    when = parse_date(on)
    states = importlib.import_module("foedus").members_on(when)
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    if key in builtin.region_vocabulary():
        wanted = set(builtin.expand_regions([key]))
        homes = builtin.regions()
        inside = [bool(wanted & set(homes.get(int(c), ()))) for c in states["ccode"]]
        rows = states[inside]
    else:
        try:
            members = importlib.import_module("foedus").members(name, on=when)
        except FoedusError:
            raise FoedusError(
                f"region {name!r} unknown; accepted: a region key "
                f"({', '.join(builtin.region_vocabulary())}) or a built-in arrangement "
                "(see `foedus arrangements`)"
            ) from None
        rows = states[states["ccode"].isin(members["ccode"])]
    if rows.empty:
        raise FoedusError(f"region {name!r} has no state on {when}; accepted: another date")
    return rows[["ccode", "name", "iso3"]].reset_index(drop=True)


def region(
    name: str, on: str | dt.date | int | None = None, store: Store | None = None
) -> dict[str, pd.DataFrame]:
    """The security landscape of a region on a date.

    Parameters
    ----------
    name
        A region key (``europe``, ``southeast_asia``, ``africa``, ...) or a built-in
        arrangement whose members make the region (``ASEAN``, ``AU``, ``GCC``, ...).
    on
        The date (default today).
    store
        The store; datasets not loaded are left out, and ``density`` says which were used.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``states``; ``organisations`` (built-in arrangements in force with at least two
        members in the region: members inside and in all, kinds, source); ``agreements``
        (alliance pledges in force among the region's states by arrangement and type, from
        :func:`foedus.obligations_on`, ``count`` directed pledges; and DCAD defense
        cooperation agreements in force, Kinne 2020, ``count`` agreements); ``exercises``
        (MME joint exercises of the last :data:`WINDOW` years, D'Orazio & Galambos 2021:
        dyad-exercises inside and across the border);
        ``conflicts`` (COW MIDs 5.0 begun in the last :data:`DISPUTE_YEARS` years, inside and
        across); ``density`` (share of possible dyads with a tie, inside the region and
        across its border, by form and for any form).
    """
    when = parse_date(on)
    states = region_states(name, when)
    inside = set(states["ccode"].astype(int))
    everyone = importlib.import_module("foedus").members_on(when)
    outside = set(everyone["ccode"].astype(int)) - inside
    loaded = _loaded(store)
    ties: dict[str, set[tuple[int, int]]] = {}
    organisations, ties["shared arrangement"] = _organisations(inside, when)
    agreements, ties["alliance pledge"] = _alliances(inside, when, store)
    # a dataset that ends before the date (DCAD, MME: 2010) gives no tie of its form
    if "dcad" in loaded and when.year <= coverage("dcad")[1]:
        dcas, ties["DCA"] = _dcas(inside, when, store)
        agreements = pd.concat([agreements, dcas], ignore_index=True)
    exercises = pd.DataFrame(columns=["measure", "inside", "across"])
    if "mme" in loaded:
        exercises, exercised = _exercises(inside, when, store)
        if when.year - WINDOW + 1 <= coverage("mme")[1]:
            ties["joint exercise"] = exercised
    conflicts = pd.DataFrame(columns=["measure", "inside", "across"])
    if "cow_mid" in loaded:
        conflicts = _conflicts(inside, when, store)
    return {
        "states": states,
        "organisations": organisations,
        "agreements": agreements.astype({"kind": pd.CategoricalDtype(list(REGION_FORMS))}),
        "exercises": exercises,
        "conflicts": conflicts,
        "density": density(ties, inside, outside).astype(
            {"form": pd.CategoricalDtype(list(REGION_FORMS))}
        ),
    }


def density(
    ties: dict[str, set[tuple[int, int]]], inside: set[int], outside: set[int]
) -> pd.DataFrame:
    """Share of the possible undirected dyads that have a tie, inside a region (both states
    in it) and across its border (one in, one out), by form and for any form.

    Returns
    -------
    pandas.DataFrame
        ``form``, ``inside`` and ``across`` (tied dyads), ``inside_density`` (of
        ``n (n - 1) / 2`` dyads) and ``across_density`` (of ``n m``), ``ratio`` (inside over
        across density; NaN when nothing crosses).
    """
    n, m = len(inside), len(outside)
    rows = []
    every: set[tuple[int, int]] = set()
    for form, pairs in [*ties.items(), ("any", None)]:
        pairs = every if pairs is None else {p for p in pairs if p[0] != p[1]}
        if form != "any":
            every |= pairs
        tin = sum(a in inside and b in inside for a, b in pairs)
        tacross = sum(
            (a in inside) != (b in inside) and {a, b} <= inside | outside for a, b in pairs
        )
        din = tin / (n * (n - 1) / 2) if n > 1 else np.nan
        dacross = tacross / (n * m) if n and m else np.nan
        rows.append((form, tin, tacross, din, dacross))
    out = pd.DataFrame(
        rows, columns=["form", "inside", "across", "inside_density", "across_density"]
    )
    out["ratio"] = out["inside_density"] / out["across_density"].replace(0, np.nan)
    return out


def posture(year: int, store: Store | None = None) -> pd.DataFrame:
    """US active-duty troops abroad by host in a year (troopdata: Allen, Flynn & Martinez
    Machain 2022, "Global U.S. military deployment data: 1950-2020", Conflict Management and
    Peace Science 39(3); the year's largest report, :func:`foedus.sources.troops.host_years`).

    Parameters
    ----------
    year
        The year (1950 to 2025).
    store
        The store holding troopdata (default ``Store()``).

    Returns
    -------
    pandas.DataFrame
        One row per COW host with troops, most first: ``rank``, ``ccode``, ``host``,
        ``iso3``, ``troops``, ``share`` (of all troops abroad that year, hosts without a COW
        state included) and ``cumulative_share``. ``attrs["abroad"]`` is the year's total.

    References
    ----------
    Allen, M. A., M. E. Flynn and C. Martinez Machain (2022). "Global U.S. military
    deployment data: 1950-2020." Conflict Management and Peace Science 39(3): 351–370.
    """
    if not isinstance(year, int | np.integer) or isinstance(year, bool):
        raise FoedusError(f"year {_short(year)} invalid; accepted: a year such as 2005")
    first, last = 1950, 2025
    if not first <= year <= last:
        raise FoedusError(
            f"year {year} is outside troopdata's {first}-{last}; accepted: {first}-{last}"
        )
    troops = us_troops(store)
    hosts = troops[(troops["year"] == year) & (troops["ccode"] != US) & (troops["troops"] > 0)]
    when = dt.date(int(year), 7, 1)
    states = importlib.import_module("foedus").members_on(when).set_index("ccode")
    abroad = float(hosts["troops"].sum())
    out = pd.DataFrame(
        {
            "ccode": hosts["ccode"].astype(int),
            "host": [states["name"].get(c, f"COW {c}") for c in hosts["ccode"].astype(int)],
            "iso3": [states["iso3"].get(c) for c in hosts["ccode"].astype(int)],
            "troops": hosts["troops"].astype(int),
        }
    )
    out = out.sort_values(["troops", "host"], ascending=[False, True]).reset_index(drop=True)
    out["share"] = out["troops"] / abroad if abroad else np.nan
    out["cumulative_share"] = out["share"].cumsum()
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out.attrs["abroad"] = abroad
    out.attrs["year"] = int(year)
    return out


# ---------------------------------------------------------------------------- parts


def _short(value: object) -> str:
    """``value`` on one line, cut at 40 characters, for an error message."""
    return repr(" ".join(str(value).split())[:40])


def _loaded(store: Store | None) -> set[str]:
    from foedus.data.cooperation import loaded_sources

    return loaded_sources(("dcad", "mme", "cow_mid", "troops"), store)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _organisations(inside: set[int], when: dt.date) -> tuple[pd.DataFrame, set[tuple[int, int]]]:
    cat = builtin.load()
    m = cat.members
    m = m[(m["joined"] <= when) & (open_ended(m["left"]) >= when)]
    a = cat.arrangements
    a = a[(a["in_force"] <= when) & (open_ended(a["ended"]) >= when)].set_index("id")
    rows, pairs = [], set()
    for arrangement, group in m[m["arrangement"].isin(a.index)].groupby("arrangement"):
        codes = set(group["cow_code"].astype(int))
        mine = codes & inside
        if len(mine) < 2:
            continue
        info = a.loc[arrangement]
        kinds = list(info["kinds"])
        rows.append((arrangement, info["name"], kinds, len(mine), len(codes), info["source"]))
        if set(kinds) & set(COOPERATION_KINDS):
            pairs |= {_pair(x, y) for x, y in combinations(sorted(codes), 2)}
    out = pd.DataFrame(rows, columns=["id", "name", "kinds", "members_inside", "members", "source"])
    regional = out["kinds"].map(lambda k: "regional_security_organisation" in k)
    out.insert(3, "regional_security_organisation", regional)
    out = out.sort_values(
        ["regional_security_organisation", "members_inside", "name"], ascending=[False, False, True]
    )
    return out.reset_index(drop=True), pairs


def _alliances(
    inside: set[int], when: dt.date, store: Store | None
) -> tuple[pd.DataFrame, set[tuple[int, int]]]:
    ob = importlib.import_module("foedus").obligations_on(when, store=store)
    both = ob[ob["obligor"].isin(inside) & ob["beneficiary"].isin(inside)]
    pairs = {_pair(int(a), int(b)) for a, b in zip(ob["obligor"], ob["beneficiary"], strict=True)}
    out = both.groupby(["arrangement_name", "type", "source"], as_index=False).agg(
        count=("obligor", "size"), states=("obligor", "nunique")
    )
    out = out.rename(columns={"arrangement_name": "agreement"})
    out.insert(1, "kind", "alliance pledge")
    out = out.rename(columns={"type": "detail"})
    return out[["agreement", "kind", "detail", "states", "count", "source"]], pairs


def _dcas(
    inside: set[int], when: dt.date, store: Store | None
) -> tuple[pd.DataFrame, set[tuple[int, int]]]:
    from foedus.data.cooperation import read_dca_agreements

    dca = read_dca_agreements(store)
    live = dca[(dca["in_force"] <= pd.Timestamp(when)) & (dca["end_year"] >= when.year)]
    pairs = {_pair(int(a), int(b)) for a, b in zip(live["ccode1"], live["ccode2"], strict=True)}
    both = live[live["ccode1"].isin(inside) & live["ccode2"].isin(inside)]
    rows = [
        (
            "defense cooperation agreements",
            "DCA",
            f"{kind} agreements in force",
            int(pd.concat([group["ccode1"], group["ccode2"]]).nunique()),
            len(group),
            "DCAD v1.0 (Kinne 2020), 1980-2010",
        )
        for kind, group in both.groupby("type")
    ]
    columns = ["agreement", "kind", "detail", "states", "count", "source"]
    return pd.DataFrame(rows, columns=columns), pairs


def _exercises(
    inside: set[int], when: dt.date, store: Store | None
) -> tuple[pd.DataFrame, set[tuple[int, int]]]:
    first = when.year - WINDOW + 1
    ex = exercise_dyads(store)
    ex = ex[ex["year"].between(first, when.year)]
    a, b = ex["ccode1"].isin(inside), ex["ccode2"].isin(inside)
    pairs = {_pair(int(x), int(y)) for x, y in zip(ex["ccode1"], ex["ccode2"], strict=True)}
    span = f"{first}-{when.year}"

    def dyads(rows: pd.Series) -> int:
        return len(ex.loc[rows, ["ccode1", "ccode2"]].drop_duplicates())

    rows = [
        (f"dyad-exercises {span}", int(ex.loc[a & b, "exercises"].sum()),
         int(ex.loc[a != b, "exercises"].sum())),
        (f"dyads exercising together {span}", dyads(a & b), dyads(a != b)),
    ]  # fmt: skip
    out = _covered(pd.DataFrame(rows, columns=["measure", "inside", "across"]), "mme", first)
    out["source"] = "MME (D'Orazio & Galambos 2021), 1980-2010"
    return out, pairs


def _conflicts(inside: set[int], when: dt.date, store: Store | None) -> pd.DataFrame:
    from foedus.data.cow import read_mids

    first = when.year - DISPUTE_YEARS + 1
    mids = read_mids(store)
    mids = mids[(mids["cowmidonset"] == 1) & mids["year"].between(first, when.year)]
    mids = mids[mids["ccode1"] < mids["ccode2"]]  # each undirected dyad once
    a, b = mids["ccode1"].isin(inside), mids["ccode2"].isin(inside)
    span = f"{first}-{when.year}"
    rows = []
    for label, rows_of in (("inside", a & b), ("across", a != b)):
        chosen = mids[rows_of]
        rows.append(
            (label, chosen["dispnum"].nunique(), len(chosen), int((chosen["hostlev"] >= 4).sum()))
        )
    out = pd.DataFrame(rows, columns=["where", "disputes", "dyads", "dyads_use_of_force"])
    table = pd.DataFrame(
        {
            "measure": [f"MIDs begun {span}", f"dyads in MIDs begun {span}",
                        f"dyads with use of force or war {span}"],
            "inside": out.set_index("where").loc["inside"].tolist(),
            "across": out.set_index("where").loc["across"].tolist(),
        }
    )  # fmt: skip
    table = _covered(table, "cow_mid", first)
    table["source"] = "COW MID 5.0 (Palmer et al. 2022), 1816-2014"
    return table


def _covered(table: pd.DataFrame, source: str, first: int) -> pd.DataFrame:
    """Counts as null when the source's years end before the window begins."""
    last = coverage(source)[1]
    if last < first:
        table[["inside", "across"]] = None
        table["measure"] += f" (no data: {source} ends {last})"
    return table
