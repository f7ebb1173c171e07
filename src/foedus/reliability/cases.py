"""Cases: one alliance in one war, its verdict and explanation; aggregates; the API.

A case is one alliance in one war with at least one assessable triggered obligation
(Leeds, Long & Mitchell 2000, "Reevaluating Alliance Reliability", Journal of Conflict
Resolution 44(5): 686-699; Berkemeier & Fuhrmann 2018, Research & Politics 5(2)).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.commitments import atop_obligations, state_name
from foedus.data.wars import read_member_wars, read_war_dyads
from foedus.dates import parse_years
from foedus.errors import FoedusError
from foedus.reliability.coding import ASSESSED_TYPES, war_conflicts
from foedus.reliability.verdicts import code_obligations
from foedus.reliability.wars import war_participation
from foedus.vocab import ERAS, VERDICTS, era_of

if TYPE_CHECKING:
    from foedus.store import Store

ALLIANCE_RULES = ("all", "any")
BY = ("type", "era", "alliance", "size", "war")


# -- cases ------------------------------------------------------------------------------------
CASE_COLUMNS = [
    "warnum",
    "war",
    "war_start",
    "alliance",
    "atop_id",
    "signed",
    "era",
    "bilateral",
    "members",
    "types",
    "assessed",
    "casus",
    "member_verdicts",
    "verdict_any",
    "verdict_all",
    "verdict",
    "explanation",
]


def _alliance_facts(obligations: pd.DataFrame) -> pd.DataFrame:
    """Per arrangement: signing date (first entry of any member) and whether bilateral."""
    members = pd.concat(
        [
            obligations[["arrangement", "obligor"]].rename(columns={"obligor": "state"}),
            obligations[["arrangement", "beneficiary"]].rename(columns={"beneficiary": "state"}),
        ]
    )
    return pd.DataFrame(
        {
            "signed": pd.to_datetime(obligations["start"])
            .groupby(obligations["arrangement"])
            .min(),
            "bilateral": members.groupby("arrangement")["state"].nunique() == 2,
        }
    )


def _names(codes: pd.Series, when: pd.Series) -> list[str]:
    return [state_name(int(c), on=w.date()) for c, w in zip(codes, when, strict=True)]


def code_cases(coded: pd.DataFrame, obligations: pd.DataFrame, rule: str = "all") -> pd.DataFrame:
    """One row per alliance and war with at least one assessed obligation (see CASE_COLUMNS).

    ``verdict_all``: honoured when every assessed obligation was honoured. ``verdict_any``
    (the lenient rule the literature applies to multilateral alliances): honoured when at
    least one member honoured and none fought against an ally. ``verdict`` follows ``rule``.
    ``types`` lists the obligation types (consultation aside) the alliance carried toward
    its members at war; ``assessed`` those whose casus was met and could be judged.
    """
    if rule not in ALLIANCE_RULES:
        raise FoedusError(f"rule {rule!r} invalid; accepted: {', '.join(ALLIANCE_RULES)}")
    rows = coded[coded["type"] != "consultation"].copy()
    rows["assessed_row"] = rows["verdict"] != "n/a"
    rows = rows.sort_values(["warnum", "arrangement", "obligor", "beneficiary", "type"])
    key = ["warnum", "arrangement"]
    live = rows.groupby(key)["assessed_row"].transform("any")
    rows = rows[live]
    if rows.empty:
        return _no_cases()
    rows["obligor_name"] = _names(rows["obligor"], rows["b_entry"])
    rows["beneficiary_name"] = _names(rows["beneficiary"], rows["b_entry"])
    done = rows[rows["assessed_row"]]
    g = done.groupby(key)
    honoured = g["verdict"].apply(lambda v: (v == "honoured").any())
    fought_ally = g["against"].any()
    all_kept = g["verdict"].apply(lambda v: (v == "honoured").all())
    member = (
        done.assign(v=done["verdict"].eq("violated")).groupby([*key, "obligor_name"])["v"].any()
    )
    member_text = member.map({True: "violated", False: "honoured"}).reset_index()
    member_text = (
        (member_text["obligor_name"] + ": " + member_text["v"])
        .groupby([member_text["warnum"], member_text["arrangement"]])
        .agg("; ".join)
    )
    out = pd.DataFrame(
        {
            "war": g["warname"].first(),
            "war_start": g["war_start"].first(),
            "alliance": g["arrangement_name"].first(),
            "atop_id": g["atop_id"].first().astype("Int64"),
            "members": g.apply(
                lambda f: sorted(set(f["obligor_name"]) | set(f["beneficiary_name"]))
            ),
            "types": rows.groupby(key)["type"].apply(_type_list),
            "assessed": g["type"].apply(_type_list),
            "casus": g.apply(_casus_text),
            "member_verdicts": member_text,
            "verdict_any": _verdicts(np.where(honoured & ~fought_ally, *VERDICTS)),
            "verdict_all": _verdicts(np.where(all_kept, *VERDICTS)),
            "explanation": g.apply(_explain),
        }
    ).reset_index()
    facts = _alliance_facts(obligations)
    out = out.join(facts, on="arrangement")
    out = out.astype({"war_start": "datetime64[s]", "signed": "datetime64[s]"})
    out["era"] = pd.Categorical(out["war_start"].dt.year.map(era_of), categories=ERAS)
    out["verdict"] = out["verdict_" + rule]
    return out[CASE_COLUMNS].sort_values(["war_start", "warnum", "alliance"]).reset_index(drop=True)


def _no_cases() -> pd.DataFrame:
    """An empty case table with the dtypes of a full one."""
    out = pd.DataFrame(columns=CASE_COLUMNS)
    out["war_start"] = out["war_start"].astype("datetime64[s]")
    out["signed"] = out["signed"].astype("datetime64[s]")
    out["era"] = pd.Categorical(out["era"], categories=ERAS)
    for col in ("verdict_any", "verdict_all", "verdict"):
        out[col] = _verdicts(out[col])
    return out


def _verdicts(values: object) -> pd.Categorical:
    """Case verdicts as a categorical of :data:`foedus.vocab.VERDICTS`."""
    return pd.Categorical(values, categories=VERDICTS)


def _type_list(types: pd.Series) -> list[str]:
    """The obligation types among ``types``, as a list in the order of the vocabulary."""
    return [t for t in ASSESSED_TYPES if t in set(types)]


def _casus_text(f: pd.DataFrame) -> str:
    return " | ".join(
        f"{o} to {b} ({t}): {r}"
        for o, b, t, r in zip(
            f["obligor_name"], f["beneficiary_name"], f["type"], f["reason"], strict=True
        )
    )


def _explain(f: pd.DataFrame) -> str:
    """One paragraph: who was obligated to whom, why the casus was met, what each did."""
    parts = []
    for (o, b), pair in f.groupby(["obligor_name", "beneficiary_name"], sort=False):
        kinds = " and ".join(dict.fromkeys(pair["type"]))
        verdict = "violated" if (pair["verdict"] == "violated").any() else "honoured"
        conduct = pair["conduct"].iloc[0]
        if conduct == "attacked its partner":
            casus = "the allies fought each other, which breaks the alliance whatever the casus"
        else:
            status = (
                "met"
                if (pair["triggered"] == "yes").all()
                else "taken as met (a condition the war record cannot settle)"
            )
            casus = f"the casus foederis was {status} ({pair['reason'].iloc[0].split(';')[0]})"
        notes = "; ".join(dict.fromkeys(n for n in pair.get("note", pd.Series(dtype=str)) if n))
        parts.append(
            f"{o} owed {b} {kinds}; {casus}; {o} {conduct} and {verdict} the pledge"
            + (f" ({notes})." if notes else ".")
        )
    return " ".join(parts)


PLEDGE_COLUMNS = [
    "war_start",
    "warnum",
    "war",
    "era",
    "alliance",
    "atop_id",
    "obligor",
    "beneficiary",
    "pledge",
    "verdict",
    "case_verdict",
    "reason",
]


def case_pledges(coded: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """Every assessed pledge of every case, one row each (see PLEDGE_COLUMNS).

    Parameters
    ----------
    coded
        Coded obligations (:func:`foedus.reliability.code_obligations`).
    cases
        Their cases (:func:`code_cases`), for the alliance's verdict (``case_verdict``).

    Returns
    -------
    pandas.DataFrame
        war_start, warnum, war, era (by the war's start year), alliance, atop_id, obligor,
        beneficiary (names on the beneficiary's entry date), pledge (the obligation type),
        verdict (this pledge's), case_verdict (the alliance's), reason (why the casus
        foederis was met and what the obligor did), sorted by war, alliance, obligor.
    """
    rows = coded[coded["verdict"] != "n/a"]
    rows = rows.merge(
        cases[["warnum", "atop_id", "alliance", "era", "verdict"]].rename(
            columns={"verdict": "case_verdict"}
        ),
        on=["warnum", "atop_id"],
    )
    if rows.empty:
        return pd.DataFrame(columns=PLEDGE_COLUMNS)
    obligor = _names(rows["obligor"], rows["b_entry"])
    out = rows.assign(
        war=rows["warname"],
        obligor=obligor,
        beneficiary=_names(rows["beneficiary"], rows["b_entry"]),
        pledge=rows["type"],
        reason=[
            f"{r.split(';')[0]}; {o} {c}" + (f" ({n})" if n else "")
            for r, o, c, n in zip(
                rows["reason"], obligor, rows["conduct"], rows["note"], strict=True
            )
        ],
    )
    out = out.sort_values(["war_start", "warnum", "alliance", "obligor", "beneficiary", "pledge"])
    return out[PLEDGE_COLUMNS].reset_index(drop=True)


# -- aggregates and the published comparison ---------------------------------------------------
def _rates(cases: pd.DataFrame, group: pd.Series | str) -> pd.DataFrame:
    g = cases.assign(_h=cases["verdict"].eq("honoured")).groupby(group, sort=False)["_h"]
    out = pd.DataFrame({"cases": g.size(), "honoured": g.sum().astype(int)})
    out["violated"] = out["cases"] - out["honoured"]
    out["rate"] = (100.0 * out["honoured"] / out["cases"]).round(1)
    return out


def aggregate(cases: pd.DataFrame, by: str = "type") -> pd.DataFrame:
    """Honoured share of cases by obligation type, era, alliance, size (bilateral or not) or war.

    By type, a case counts under every type its alliance carried toward its members at
    war (as Berkemeier & Fuhrmann 2018 classify alliances), so the rows overlap.
    """
    if by not in BY:
        raise FoedusError(f"--by {by!r} invalid; accepted: {', '.join(BY)}")
    if by == "type":
        long = cases.assign(group=cases["types"]).explode("group")
        out = _rates(long, "group").reindex(ASSESSED_TYPES).dropna()
    elif by == "size":
        out = _rates(cases, cases["bilateral"].map({True: "bilateral", False: "multilateral"}))
    else:
        out = _rates(cases, by)
    out = out.astype({"cases": int, "honoured": int, "violated": int})
    return out.rename_axis(by).reset_index()


# -- the store-facing API ----------------------------------------------------------------------
def historical_obligations(
    store: Store | None = None, participation: pd.DataFrame | None = None
) -> pd.DataFrame:
    """ATOP 5.1 obligations with war-specific pledges named (:func:`war_conflicts`).

    Parameters
    ----------
    store
        The store holding ``atop`` and ``cow_war`` (default: ``Store()``).
    participation
        The war participations (:func:`war_participation`), read from ``store`` when None.

    Returns
    -------
    pandas.DataFrame
        :func:`foedus.commitments.atop_obligations`, conflict-specific pledges named.
    """
    if participation is None:
        participation = war_participation(store)
    wars = participation[["warnum", "warname"]].drop_duplicates("warnum")
    return war_conflicts(atop_obligations(store), read_member_wars(store), wars)


def coded_obligations(
    store: Store | None = None,
    years: str | tuple[int, int] | None = None,
    war: int | None = None,
    unknown: str = "unmet",
) -> pd.DataFrame:
    """Every ATOP obligation at stake in every COW inter-state war, coded.

    Parameters
    ----------
    store
        The store holding ``atop`` and ``cow_war`` (default: ``Store()``).
    years
        Keep the wars begun in these years (``"1816-1944"``, a year, or a pair).
    war
        Keep one COW war number.
    unknown
        ``"unmet"`` or ``"met"`` (see :func:`foedus.reliability.code_obligations`).

    Returns
    -------
    pandas.DataFrame
        One row per obligation at stake in a war (:func:`code_obligations`).
    """
    participation = war_participation(store)
    return code_obligations(
        _wars(participation, years, war),
        historical_obligations(store, participation),
        unknown=unknown,
        initiators=read_war_dyads(store),
    )


def _wars(
    participation: pd.DataFrame,
    years: str | tuple[int, int] | None,
    war: int | None,
    exclude: Iterable[int] = (),
) -> pd.DataFrame:
    for number in [*([war] if war is not None else []), *exclude]:
        _check_war(number, participation)
    if war is not None:
        participation = participation[participation["warnum"] == war]
    participation = participation[~participation["warnum"].isin(list(exclude))]
    if years is not None:
        first, last = parse_years(years)
        year = participation["war_start"].dt.year
        if last < year.min() or first > year.max():
            raise FoedusError(
                f"years {years} hold no COW inter-state war; accepted: years "
                f"within {year.min()}-{year.max()} (the wars' start years)"
            )
        participation = participation[(year >= first) & (year <= last)]
    return participation


def _check_war(number: int, participation: pd.DataFrame) -> None:
    if number not in set(participation["warnum"]):
        raise FoedusError(
            f"war {number} is not a COW inter-state war number; accepted: "
            f"{participation['warnum'].min()}-{participation['warnum'].max()}"
            " (see the COW Inter-State War v4.0 list)"
        )


def reliability_cases(
    store: Store | None = None,
    years: str | tuple[int, int] | None = None,
    war: int | None = None,
    rule: str = "all",
    unknown: str = "unmet",
    exclude: Iterable[int] = (),
) -> pd.DataFrame:
    """The reliability cases: one row per alliance and war where an obligation was tested.

    Parameters
    ----------
    store, years, war
        As for :func:`coded_obligations`.
    rule
        The alliance-level rule: ``"all"`` (every obligated member honoured) or
        ``"any"`` (at least one honoured and none fought an ally).
    unknown
        ``"met"`` takes conditions ATOP codes without their content as met,
        ``"unmet"`` leaves such obligations out.
    exclude
        COW war numbers to leave out (a sensitivity check).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`CASE_COLUMNS` (:func:`code_cases`).

    References
    ----------
    Leeds, Long & Mitchell (2000), Journal of Conflict Resolution 44(5): 686-699;
    Berkemeier & Fuhrmann (2018), Research & Politics 5(2).
    """
    coded, obligations = _coded(store, years, war, unknown, exclude)
    if coded.empty:
        return _no_cases()
    return code_cases(coded, obligations, rule=rule)


def reliability_pledges(
    store: Store | None = None,
    years: str | tuple[int, int] | None = None,
    war: int | None = None,
    rule: str = "all",
    unknown: str = "unmet",
    exclude: Iterable[int] = (),
) -> pd.DataFrame:
    """Every assessed pledge of every reliability case, with its verdict and reason.

    Parameters
    ----------
    store, years, war, rule, unknown, exclude
        As for :func:`reliability_cases`.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`PLEDGE_COLUMNS` (:func:`case_pledges`).

    References
    ----------
    Leeds, Long & Mitchell (2000), Journal of Conflict Resolution 44(5): 686-699;
    Berkemeier & Fuhrmann (2018), Research & Politics 5(2).
    """
    coded, obligations = _coded(store, years, war, unknown, exclude)
    if coded.empty:
        return pd.DataFrame(columns=PLEDGE_COLUMNS)
    return case_pledges(coded, code_cases(coded, obligations, rule=rule))


def _coded(
    store: Store | None,
    years: str | tuple[int, int] | None,
    war: int | None,
    unknown: str,
    exclude: Iterable[int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    participation = war_participation(store)
    obligations = historical_obligations(store, participation)
    coded = code_obligations(
        _wars(participation, years, war, exclude),
        obligations,
        unknown=unknown,
        initiators=read_war_dyads(store),
    )
    return coded, obligations
