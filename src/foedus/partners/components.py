"""The components of the partner score, for any set of directed dyad-years at once.

Each component is a number in [0, 1] computed by a fixed, documented transform of one or
two measures, from data up to the dyad-year's year only (see docs/partners.md):

==================== ==========================================================================
capability           ``(log10 CINC_j + 5) / 4`` clipped: CINC 1e-5 -> 0, 0.1 and above -> 1
alliance_similarity  ``(S + 1) / 2``, S of the two states' valued ATOP alliance portfolios
                     (Signorino & Ritter 1999, via :func:`foedus.similarity`)
un_alignment         ``1 - |ideal_i - ideal_j| / 4`` clipped (Bailey, Strezhnev & Voeten 2017)
shared_threat        the partner's hostility ``h_jk`` toward the named adversary k, where
                     ``h = max(rivalry in force, min(1, years with a MID in the last 10 / 3))``;
                     with no adversary named (the backtest), the common-enemy form
                     ``max_k min(h_ik, h_jk)``: the most both are hostile to one third state
reach                ``exp(-mindist_ij / 1000 km)``: 1 for neighbours (CShapes 2.0)
ties                 ``min(1, depth / 12)``, the depth-of-cooperation index (:func:`depth`)
reliability          ``(h + 2 p0) / (n + 2)``: the partner's honoured pledges h of n coded
                     cases in wars that began before the year, shrunk to the published rate
                     p0 = 0.50 (Berkemeier & Fuhrmann 2018)
dca_degree           ``1 - exp(-d_j / 5)``, d_j the partner's distinct DCA partners with an
                     agreement signed in the last five years (DCAD v1.0; preferential
                     attachment, Kinne 2018; :mod:`foedus.partners.network`)
dca_closure          ``1 - exp(-c_ij / 2)``, c_ij the states with a DCA in force with both
                     (triadic closure, Kinne 2018)
==================== ==========================================================================

and, against a named adversary k, one penalty (:func:`adversary_alignment`), which
multiplies the weighted mean by ``1 - lambda * a_j``:

==================== ==========================================================================
adversary_alignment  ``max(pledge_jk, mean(r^S, r^UN))``: 1 when a defense or offense pledge
                     links j and k but none links j and the focal state; else how far j
                     stands past the midpoint of the focal state-adversary axis toward k,
                     by S and by UN ideal points
==================== ==========================================================================

Where a dataset ends before a year (NMC 2022, CShapes 2019, ATOP 2018, DCAD 2010), its last
year is carried forward; a dyad-year without data gets 0 (no evidence), except ``reliability``,
which falls back to the published rate.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.partners._frames import carried, key, lookup, spread
from foedus.partners.network import dca_network
from foedus.partners.ties import DEPTH_WEIGHTS
from foedus.vocab import published_rate

if TYPE_CHECKING:
    from foedus.store import Store

COMPONENTS: tuple[str, ...] = (
    "capability",
    "alliance_similarity",
    "un_alignment",
    "shared_threat",
    "reach",
    "ties",
    "reliability",
    "dca_degree",
    "dca_closure",
)
PENALTY = "adversary_alignment"  # the one component that counts against a partner
DEGREE_SCALE = 5.0  # dca_degree: 1 - exp(-d / 5)
CLOSURE_SCALE = 2.0  # dca_closure: 1 - exp(-c / 2)
PRIOR_CASES = 2.0  # weight of the published rate in the reliability estimate
HOSTILITY_YEARS = 10  # MIDs counted over this many years
WINDOW = 5  # exercises and arms transfers: the last five years
PLEDGES_TO_FIGHT = ("defense", "offense")  # the pledges that bind a state to another's side


@dataclass(frozen=True)
class Evidence:
    """The measures behind the components, by state-year or undirected dyad-year
    (``ccode1 < ccode2``), for the years ``first``..``last``."""

    first: int
    last: int
    cinc: pd.DataFrame  # ccode, year, cinc
    ideal: pd.DataFrame  # ccode, year, ideal_point
    similarity: pd.DataFrame  # ccode1, ccode2, year, s
    distance: pd.DataFrame  # ccode1, ccode2, year, mindist
    hostility: pd.DataFrame  # ccode1, ccode2, year, rivalry, mids, hostility
    reliability: pd.DataFrame  # ccode, year, honoured, cases (wars begun before year)
    dca: pd.DataFrame  # DCAD agreements (read_dca_agreements), signed up to ``last``
    dca_last: int  # DCAD's last year (2010): later years use its network


# -- gathering the evidence ---------------------------------------------------------------------


def gather(first: int, last: int, store: Store | None = None) -> Evidence:
    """Read every measure for the years ``first``..``last`` (and the windows before them)."""
    from foedus.data.cooperation import read_dca_agreements, read_ideal_points
    from foedus.data.cow import read_mids, read_minimum_distance, read_nmc, read_rivalries
    from foedus.sources import coverage

    lead = first - HOSTILITY_YEARS
    foedus = importlib.import_module("foedus")
    atop_last = min(last, 2018)
    similarity = foedus.similarity(years=(min(first, atop_last), atop_last), store=store)
    rivalries = pd.concat([read_rivalries(store, s) for s in ("td", "tss")], ignore_index=True)
    mids = read_mids(store, "cow", columns=("sidea1", "sidea2"))
    mids = _undirected(mids[mids["sidea1"] != mids["sidea2"]])
    # the last year the rivalry and MID data describe; later years carry it forward
    seen = int(max(rivalries["year"].max(), mids["year"].max()))
    cinc = read_nmc(store, columns=("cinc",)).dropna()
    ideal = read_ideal_points(store).rename(columns={"idealpointall": "ideal_point"})
    distance = read_minimum_distance(store)
    distance = distance[distance["year"].between(first - 10, last)]
    dca = read_dca_agreements(store)
    return Evidence(
        first=first,
        last=last,
        cinc=carried(cinc[cinc["cinc"] >= 0], first, last),
        ideal=carried(ideal.dropna(), first, last),
        similarity=carried(similarity, first, last),
        distance=carried(distance, first, last),
        hostility=carried(_hostility(rivalries, mids, lead, min(last, seen)), first, last),
        reliability=_reliability(first, last, store),
        dca=dca[dca["signed"].dt.year <= last].reset_index(drop=True),
        dca_last=coverage("dcad")[1],
    )


def _undirected(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame``'s dyad-years with ``ccode1 < ccode2``, each once."""
    a, b = frame["ccode1"].to_numpy(), frame["ccode2"].to_numpy()
    out = frame.assign(ccode1=np.minimum(a, b), ccode2=np.maximum(a, b))
    return out.drop_duplicates(["ccode1", "ccode2", "year"]).reset_index(drop=True)


def _hostility(rivalries: pd.DataFrame, mids: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Rivalry in force, and years with a MID in the ten years up to each year, by dyad-year
    (``rivalry`` 1/0, ``mids``, ``hostility``)."""
    keys = ["ccode1", "ccode2", "year"]
    rival = _undirected(rivalries[rivalries["year"].between(first, last)])[keys]
    mids = mids.assign(until=mids["year"] + HOSTILITY_YEARS - 1, disputes=1.0)
    recent = spread(mids.rename(columns={"year": "onset"}), "onset", "until", first, last)
    recent = recent.groupby(keys, as_index=False)["disputes"].sum()
    out = rival.assign(rivalry=1.0).merge(recent, on=keys, how="outer").fillna(0.0)
    out = out.rename(columns={"disputes": "mids"})
    out["hostility"] = np.maximum(out["rivalry"], np.minimum(1.0, out["mids"] / 3.0))
    return out


def store_depth(first: int, last: int, store: Store | None = None) -> pd.DataFrame:
    """The depth index (:data:`DEPTH_WEIGHTS`) by dyad-year (``ccode1 < ccode2``,
    ``year``, ``depth``) of the forms of :func:`store_forms`: each form counts once."""
    present = store_forms(first, last, store).drop_duplicates(["ccode1", "ccode2", "year", "form"])
    present["depth"] = present["form"].astype(str).map(DEPTH_WEIGHTS)
    return present.groupby(["ccode1", "ccode2", "year"], as_index=False)["depth"].sum()


def store_forms(first: int, last: int, store: Store | None = None) -> pd.DataFrame:
    """Every form of cooperation of :func:`foedus.ties` by dyad-year, for many years at
    once: ``ccode1 < ccode2``, ``year``, ``form``, ``source`` (one row per form and source).

    Alliance obligations from ATOP 5.1 (to 2018) and the built-in set's pledges that ATOP
    does not list (arrangements without an ``atop_id``: the Five Power Defence
    Arrangements); DCAs (DCAD v1.0) in force; exercises (MME) and arms transfers (SIPRI)
    in the last five years; US troops hosted (troopdata); and the built-in arrangements
    without a pledge to fight both belong to (:data:`COOPERATION_KINDS`: NATO as a
    regional security organisation, Five Eyes, NORAD, RIMPAC, ...), as :func:`foedus.ties`
    lists them on a date. A built-in pact with an ``atop_id`` is ATOP's, so it is not
    counted twice.
    """
    from foedus import builtin
    from foedus.commitments.curated import builtin_obligations
    from foedus.data.cooperation import read_arms_transfers, read_dca_agreements
    from foedus.partners.ties import exercise_dyads, us_troops

    foedus = importlib.import_module("foedus")
    forms = []
    atop_last = min(last, 2018)
    ob = foedus.atop_obligations(store).assign(source="ATOP 5.1")
    extra = builtin_obligations()
    extra = extra[extra["atop_id"].isna()]
    notes = builtin.load().arrangements.set_index("id")["source"]
    extra = extra.assign(source="built-in: " + extra["arrangement"].map(notes))
    for pledges in (ob, extra):
        pledges = pledges.assign(
            ccode1=np.minimum(pledges["obligor"], pledges["beneficiary"]),
            ccode2=np.maximum(pledges["obligor"], pledges["beneficiary"]),
            start=pd.to_datetime(pledges["start"]).dt.year,
            end=pd.to_datetime(pledges["end"]).dt.year.fillna(last).astype("int64"),
            form=pledges["type"],
        )
        forms.append(spread(pledges, "start", "end", first, atop_last))
    forms.append(_cooperation_kinds(first, last))
    dca = read_dca_agreements(store)
    dca = dca.assign(start=dca["in_force"].dt.year, form="dca_" + dca["type"], source="DCAD v1.0")
    forms.append(spread(dca, "start", "end_year", first, last))
    window = WINDOW - 1
    ex = exercise_dyads(store).assign(form="exercises", source="MME")
    forms.append(spread(ex.assign(until=ex["year"] + window), "year", "until", first, last))
    arms = read_arms_transfers(store)
    arms = _undirected(arms[arms["tiv"] > 0])
    arms = arms.assign(until=arms["year"] + window, form="arms_transfers", source="SIPRI")
    forms.append(spread(arms, "year", "until", first, last))
    troops = us_troops(store)
    troops = troops[(troops["troops"] > 0) & (troops["ccode"] != 2)]
    forms.append(
        troops.assign(
            ccode1=np.minimum(troops["ccode"], 2),
            ccode2=np.maximum(troops["ccode"], 2),
            form="troops_hosted",
            source="troopdata",
        )
    )
    cols = ["ccode1", "ccode2", "year", "form", "source"]
    present = pd.concat([f[cols] for f in forms], ignore_index=True)
    present["form"] = present["form"].astype(str)
    present = present[present["year"].between(first, last)].drop_duplicates()
    return present.reset_index(drop=True)


def _cooperation_kinds(first: int, last: int) -> pd.DataFrame:
    """Dyad-years in which both states belong to a built-in arrangement in force of a
    :data:`COOPERATION_KINDS` kind (a year counts when both are members on 1 July)."""
    from foedus import builtin
    from foedus.partners.ties import COOPERATION_KINDS

    cat = builtin.load()
    kinds = cat.arrangements.explode("kinds")
    kinds = kinds[kinds["kinds"].isin(COOPERATION_KINDS)]
    m = cat.members.assign(
        joined=pd.to_datetime(cat.members["joined"]),
        left=pd.to_datetime(cat.members["left"]).fillna(pd.Timestamp(f"{last}-12-31")),
    )
    pairs = m.merge(m, on="arrangement", suffixes=("1", "2"))
    pairs = pairs[pairs["cow_code1"] < pairs["cow_code2"]]
    pairs = pairs.merge(
        kinds[["id", "kinds", "in_force", "ended", "source"]],
        left_on="arrangement",
        right_on="id",
    )
    start = pd.concat(
        [pairs["joined1"], pairs["joined2"], pd.to_datetime(pairs["in_force"])], axis=1
    ).max(axis=1)
    ended = pd.to_datetime(pairs["ended"]).fillna(pd.Timestamp(f"{last}-12-31"))
    end = pd.concat([pairs["left1"], pairs["left2"], ended], axis=1).min(axis=1)
    # the years whose 1 July falls within the spell
    lo = start.dt.year + (start > pd.to_datetime(start.dt.year.astype(str) + "-07-01"))
    hi = end.dt.year - (end < pd.to_datetime(end.dt.year.astype(str) + "-07-01"))
    out = pd.DataFrame(
        {
            "ccode1": pairs["cow_code1"].to_numpy(),
            "ccode2": pairs["cow_code2"].to_numpy(),
            "lo": lo.to_numpy(dtype="int64"),
            "hi": hi.to_numpy(dtype="int64"),
            "form": pairs["kinds"].to_numpy(),
            "source": ("built-in: " + pairs["source"]).to_numpy(),
        }
    )
    return spread(out, "lo", "hi", first, last)


def _reliability(first: int, last: int, store: Store | None) -> pd.DataFrame:
    """Each state's honoured and coded pledges in COW wars that began before each year."""
    coded = importlib.import_module("foedus.reliability").coded_obligations(store)
    coded = coded[coded["verdict"].isin(["honoured", "violated"])]
    cases = coded.drop_duplicates(["obligor", "warnum", "arrangement"]).assign(
        year=coded["war_start"].dt.year + 1,
        honoured=(coded["verdict"] == "honoured").astype(float),
        cases=1.0,
    )
    per = cases.groupby(["obligor", "year"], as_index=False)[["honoured", "cases"]].sum()
    per = per.sort_values(["obligor", "year"])
    per[["honoured", "cases"]] = per.groupby("obligor")[["honoured", "cases"]].cumsum()
    # the running totals hold from the year after each war's start until the next change
    per["until"] = per.groupby("obligor")["year"].shift(-1).fillna(last + 1).astype("int64") - 1
    per = spread(per, "year", "until", first, last)
    return per.rename(columns={"obligor": "ccode"})[["ccode", "year", "honoured", "cases"]]


# -- the components ---------------------------------------------------------------------------


def measures(
    ev: Evidence,
    focal: np.ndarray,
    partner: np.ndarray,
    year: np.ndarray,
    depth: np.ndarray,
    adversary: np.ndarray | None = None,
    shared: np.ndarray | None = None,
    pledged: np.ndarray | None = None,
) -> pd.DataFrame:
    """The raw measures of directed dyad-years (focal, partner, year).

    ``depth`` is the dyad's depth-of-cooperation index (:func:`foedus.partners.depth` of
    :func:`foedus.ties`, or :func:`store_depth` for many years). ``adversary`` (one per
    row) gives the partner's hostility toward that state as the shared threat, and the
    measures of :func:`adversary_alignment` (``pledged``: 1 where a defense or offense
    pledge links the partner to the adversary and none to the focal state, see
    :func:`adversary_pledges`);
    otherwise ``shared`` holds the common-enemy value (see :func:`common_enemies`) and
    there is no adversary alignment.
    """
    dyad = key(year, focal, partner)
    net = dca_network(ev.dca, focal, partner, year, ev.dca_last)
    cinc = lookup(ev.cinc, "cinc", key(year, partner))
    ideal_f = lookup(ev.ideal, "ideal_point", key(year, focal))
    ideal_p = lookup(ev.ideal, "ideal_point", key(year, partner))
    against: dict[str, np.ndarray] = {}
    if adversary is not None:
        threat = lookup(ev.hostility, "hostility", key(year, partner, adversary), 0.0)
        ideal_a = lookup(ev.ideal, "ideal_point", key(year, adversary))
        against = {
            "adversary_pledge": np.zeros(len(dyad)) if pledged is None else pledged,
            "s_adversary": lookup(ev.similarity, "s", key(year, partner, adversary)),
            "s_focal_adversary": lookup(ev.similarity, "s", key(year, focal, adversary)),
            "ideal_distance_adversary": np.abs(ideal_p - ideal_a),
            "ideal_distance_focal_adversary": np.abs(ideal_f - ideal_a),
        }
    else:
        threat = shared if shared is not None else np.zeros(len(dyad))
    return pd.DataFrame(
        {
            "cinc": cinc,
            "s": lookup(ev.similarity, "s", dyad),
            "ideal_distance": np.abs(ideal_f - ideal_p),
            "threat": threat,
            "mindist": lookup(ev.distance, "mindist", dyad),
            "depth": depth,
            "honoured": lookup(ev.reliability, "honoured", key(year, partner), 0.0),
            "cases": lookup(ev.reliability, "cases", key(year, partner), 0.0),
            "dca_partners": net["dca_partners"].to_numpy(),
            "dca_common": net["dca_common"].to_numpy(),
            "dca_year": net["dca_year"].to_numpy(),
            **against,
        }
    )


def components(m: pd.DataFrame) -> pd.DataFrame:
    """The nine components in [0, 1] from :func:`measures` (see the module docstring), and
    :data:`PENALTY` when the measures name an adversary."""
    prior = published_rate("overall")
    with np.errstate(divide="ignore", invalid="ignore"):
        capability = (np.log10(m["cinc"].to_numpy()) + 5.0) / 4.0
    out = pd.DataFrame(
        {
            "capability": capability,
            "alliance_similarity": (m["s"].to_numpy() + 1.0) / 2.0,
            "un_alignment": 1.0 - m["ideal_distance"].to_numpy() / 4.0,
            "shared_threat": m["threat"].to_numpy(),
            "reach": np.exp(-m["mindist"].to_numpy() / 1000.0),
            "ties": m["depth"].to_numpy() / 12.0,
            "reliability": (m["honoured"].to_numpy() + PRIOR_CASES * prior)
            / (m["cases"].to_numpy() + PRIOR_CASES),
            "dca_degree": 1.0 - np.exp(-m["dca_partners"].to_numpy() / DEGREE_SCALE),
            "dca_closure": 1.0 - np.exp(-m["dca_common"].to_numpy() / CLOSURE_SCALE),
        },
        index=m.index,
    )
    if "adversary_pledge" in m:
        out[PENALTY] = adversary_alignment(m)
    return out.clip(0.0, 1.0).fillna(0.0)


def adversary_alignment(m: pd.DataFrame) -> np.ndarray:
    """How far each partner j is aligned with the adversary k rather than the focal state
    i, in [0, 1], from the measures of :func:`measures`.

    ``a_j = max(pledge_jk, mean(r^S, r^UN))``, the mean over the measures available:

    - ``pledge_jk`` is 1 when a defense or offense pledge (either direction, not
      suspended) links j and k on the date (ATOP 5.1's directed coding to 2018, the
      built-in set after: the CSTO, the Union State's guarantees) and none links j and
      the focal state: j is in the adversary's pledged-defender set and not in the
      focal state's (Leeds et al. 2002). A state pledged to both (NATO allies of Greece
      against Turkey) sits at the midpoint and scores 0 here.
    - ``r^S = clip((S_jk - S_ij) / (1 - S_ik), 0, 1)``, S the valued S of the alliance
      portfolios (Signorino & Ritter 1999, "Tau-b or Not Tau-b: Measuring the Similarity
      of Foreign Policy Positions", International Studies Quarterly 43(1)): S is one
      minus a scaled L1 distance, so ``(d_ij - d_jk) / d_ik`` is j's place on the axis
      from i (-1) to k (1), and only its part past the midpoint toward k counts.
    - ``r^UN = clip((|x_i - x_j| - |x_j - x_k|) / |x_i - x_k|, 0, 1)``, the same place by
      UN General Assembly ideal points x (Bailey, Strezhnev & Voeten 2017, "Estimating
      Dynamic State Preferences from United Nations Voting Data", Journal of Conflict
      Resolution 61(2)).

    A partner closer to the focal state than to the adversary scores 0; one at the
    adversary's position, or pledged to it, 1. A focal state and adversary with the same
    position (no axis) give 0.
    """
    s_jk, s_ij = m["s_adversary"].to_numpy(), m["s"].to_numpy()
    span_s = 1.0 - m["s_focal_adversary"].to_numpy()
    d_ij = m["ideal_distance"].to_numpy()
    d_jk = m["ideal_distance_adversary"].to_numpy()
    span_un = m["ideal_distance_focal_adversary"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        r_s = np.where(span_s > 1e-9, (s_jk - s_ij) / span_s, 0.0)
        r_un = np.where(span_un > 1e-9, (d_ij - d_jk) / span_un, 0.0)
    r = np.column_stack([np.clip(r_s, 0.0, 1.0), np.clip(r_un, 0.0, 1.0)])
    have = ~np.isnan(r)
    mean = np.where(have, r, 0.0).sum(axis=1) / np.maximum(have.sum(axis=1), 1)
    return np.maximum(m["adversary_pledge"].to_numpy(dtype="float64"), mean)


def adversary_pledges(
    obligations: pd.DataFrame, focal: int, adversary: int, codes: np.ndarray
) -> np.ndarray:
    """1 for each of ``codes`` linked to ``adversary`` by a defense or offense pledge and
    not to ``focal`` (either direction, not suspended), in an
    :func:`foedus.obligations_on` frame; else 0."""
    ob = obligations[obligations["type"].isin(PLEDGES_TO_FIGHT) & ~obligations["suspended"]]

    def linked(state: int) -> np.ndarray:
        pairs = set(ob.loc[ob["obligor"] == state, "beneficiary"])
        pairs |= set(ob.loc[ob["beneficiary"] == state, "obligor"])
        return np.isin(codes, list(pairs))

    return (linked(adversary) & ~linked(focal)).astype("float64")


def common_enemies(ev: Evidence, year: int, codes: np.ndarray) -> np.ndarray:
    """``max_k min(h_ik, h_jk)`` over all states k, for every pair of ``codes`` in a year
    (a square matrix in the order of ``codes``): the common-enemy form of
    ``shared_threat``, used when no adversary is named (the backtest)."""
    h = ev.hostility[ev.hostility["year"] == year]
    index = pd.Index(codes)
    i, j = index.get_indexer(h["ccode1"]), index.get_indexer(h["ccode2"])
    ok = (i >= 0) & (j >= 0)
    mat = np.zeros((len(codes), len(codes)), dtype="float32")
    mat[i[ok], j[ok]] = h["hostility"].to_numpy()[ok]
    mat = np.maximum(mat, mat.T)
    out = np.zeros_like(mat)
    for lo in range(0, len(codes), 64):  # chunks bound the n x n x n intermediate
        out[lo : lo + 64] = np.minimum(mat[lo : lo + 64, None, :], mat[None, :, :]).max(axis=2)
    np.fill_diagonal(out, 0.0)
    return out
