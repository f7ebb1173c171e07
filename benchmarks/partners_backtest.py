"""Does the partner score predict the agreements states actually sign?

For every directed pair of COW states (focal i, candidate j) and year t = 1985..2005, the
seven components of the partner score are computed from data up to t only. Outcomes:

- new DCA: a defense cooperation agreement signed in t+1..t+5 (DCAD v1.0, Kinne 2020),
  among dyads with none in force in t;
- new alliance: an ATOP 5.1 obligation other than non-aggression entering into force in
  t+1..t+5, among dyads with no such obligation in force in t.

Weights are fitted on t = 1985..1995 (outcomes up to 2000) and tested on t = 2000..2005
(features of 2000 and later): no look-ahead. The score is a non-negative logistic fit of
the components (so it stays a weighted mean with weights >= 0, plus the focal state's own
capability, which does not change a focal state's ranking); the baseline a logistic fit
of both states' log CINC and log distance. The margin's 95% interval resamples undirected
dyads (B = 500). Precision at 10: mean share of positives among each focal state-year's
ten best-scored candidates, over focal state-years with at least one positive.

For new DCAs, two DCA-network components (:func:`dca_network`, Kinne 2018) are then tried:
kept only if they raise precision at 10 on the training years alone (fitted on
t = 1985..1990, compared on t = 1991..1995), and if kept the score with them is evaluated
on the test years like the one without.

Run: ``FOEDUS_HOME=... python benchmarks/partners_backtest.py`` (a store with atop,
cow_nmc, cow_war, cow_war_ddy, cow_mid, mindist, rivalries, unga, dcad, mme, sipri_arms,
troops). Prints the tables shown in docs/partners.md.
"""

from __future__ import annotations

import argparse
import importlib
import time

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from foedus.data.cooperation import read_dca_agreements
from foedus.partners.components import (
    COMPONENTS,
    common_enemies,
    components,
    gather,
    key,
    lookup,
    measures,
    spread,
    store_depth,
)

FIRST, LAST = 1985, 2005
TRAIN = (1985, 1995)
TEST = (2000, 2005)
# the DCA-network components are chosen or not on the training years alone: fitted on
# t = 1985..1990 and compared on t = 1991..1995 (outcomes up to 2000, inside training)
FIT, VALIDATE = (1985, 1990), (1991, 1995)
NETWORK = ("dca_activity", "dca_closure")
HORIZON = 5
BOOT = 500


def dyad_years(ev) -> pd.DataFrame:
    """Directed pairs of states with NMC data in each year."""
    states = ev.cinc[ev.cinc["year"].between(FIRST, LAST)][["ccode", "year"]]
    pairs = states.merge(states, on="year", suffixes=("1", "2"))
    return pairs[pairs["ccode1"] != pairs["ccode2"]].reset_index(drop=True)


def dca_outcome(pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(at risk, new DCA in t+1..t+5) per row."""
    dca = read_dca_agreements()
    live = spread(dca.assign(start=dca["in_force"].dt.year), "start", "end_year", FIRST, LAST)
    live_keys = key(live["year"], live["ccode1"], live["ccode2"])
    year = dca["signed"].dt.year.to_numpy()
    signed = spread(
        dca.assign(lo=year - HORIZON, hi=year - 1), "lo", "hi", FIRST, LAST
    )  # the years t from which a signature falls within t+1..t+5
    signed_keys = key(signed["year"], signed["ccode1"], signed["ccode2"])
    k = key(pairs["year"], pairs["ccode1"], pairs["ccode2"])
    return ~np.isin(k, live_keys), np.isin(k, signed_keys)


def alliance_outcome(pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """(at risk, new alliance in t+1..t+5, the positives' treaties) per row."""
    ob = importlib.import_module("foedus").atop_obligations()
    ob = ob[ob["type"] != "nonaggression"]
    start = pd.to_datetime(ob["start"]).dt.year.to_numpy()
    end = pd.to_datetime(ob["end"]).dt.year.fillna(2018).to_numpy().astype("int64")
    ob = ob.assign(
        ccode1=np.minimum(ob["obligor"], ob["beneficiary"]),
        ccode2=np.maximum(ob["obligor"], ob["beneficiary"]),
        start=start,
        end=end,
        lo=start - HORIZON,
        hi=start - 1,
    )
    live = spread(ob, "start", "end", FIRST, LAST)
    new = spread(ob, "lo", "hi", FIRST, LAST)
    k = key(pairs["year"], pairs["ccode1"], pairs["ccode2"])
    new_keys = key(new["year"], new["ccode1"], new["ccode2"])
    treaties = pd.DataFrame({"key": new_keys, "treaty": new["arrangement_name"]})
    return (
        ~np.isin(k, key(live["year"], live["ccode1"], live["ccode2"])),
        np.isin(k, new_keys),
        treaties,
    )


def dca_network(pairs: pd.DataFrame) -> pd.DataFrame:
    """Two DCA-network measures per row from agreements signed up to t only (Kinne 2018,
    "Defense Cooperation Agreements and the Emergence of a Global Security Network",
    International Organization 72(4): states with many DCAs sign more of them, and partners
    of one's partners become partners):

    - ``dca_activity``: ``1 - exp(-d_j / 5)``, d_j the candidate's distinct DCA partners with
      an agreement signed in t-4..t;
    - ``dca_closure``: ``1 - exp(-c_ij / 2)``, c_ij the states with a DCA in force in t with
      both the focal state and the candidate.
    """
    dca = read_dca_agreements()
    signed = dca["signed"].dt.year
    recent = spread(
        dca.assign(lo=signed, hi=signed + HORIZON - 1), "lo", "hi", FIRST, LAST
    )  # the years t in which an agreement counts as signed in t-4..t
    both = pd.concat(
        [
            recent[["year", "ccode1", "ccode2"]],
            recent[["year", "ccode2", "ccode1"]].set_axis(["year", "ccode1", "ccode2"], axis=1),
        ]
    ).drop_duplicates()
    degree = both.groupby(["year", "ccode1"]).size().rename("degree").reset_index()
    a, b, y = (pairs[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    d = lookup(degree.rename(columns={"ccode1": "ccode"}), "degree", key(y, b), 0.0)
    live = spread(dca.assign(start=dca["in_force"].dt.year), "start", "end_year", FIRST, LAST)
    und = pd.concat(
        [
            live[["year", "ccode1", "ccode2"]],
            live[["year", "ccode2", "ccode1"]].set_axis(["year", "ccode1", "ccode2"], axis=1),
        ]
    ).drop_duplicates()
    # common partners: pairs (i, j) joined through a shared partner k in year t
    paths = und.merge(und, left_on=["year", "ccode2"], right_on=["year", "ccode2"])
    paths = paths[paths["ccode1_x"] != paths["ccode1_y"]]
    common = paths.groupby(["year", "ccode1_x", "ccode1_y"]).size().rename("common")
    common = common.reset_index().rename(columns={"ccode1_x": "ccode1", "ccode1_y": "ccode2"})
    c = lookup(common, "common", key(y, a, b), 0.0)
    return pd.DataFrame({"dca_activity": 1 - np.exp(-d / 5.0), "dca_closure": 1 - np.exp(-c / 2.0)})


def features(ev, pairs: pd.DataFrame, depth: pd.DataFrame) -> pd.DataFrame:
    """The components (and the focal state's own capability) for every row."""
    a, b, y = (pairs[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    shared = np.zeros(len(pairs))
    for year in range(FIRST, LAST + 1):
        rows = np.flatnonzero(y == year)
        codes = np.unique(np.concatenate([a[rows], b[rows]]))
        mat = common_enemies(ev, year, codes)
        shared[rows] = mat[np.searchsorted(codes, a[rows]), np.searchsorted(codes, b[rows])]
    dk = key(y, a, b)
    raw = measures(ev, a, b, y, lookup(depth, "depth", dk, 0.0), shared=shared)
    parts = components(raw)
    own = components(raw.assign(cinc=lookup(ev.cinc, "cinc", key(y, a))))["capability"]
    parts["focal_capability"] = own.to_numpy()
    base = pd.DataFrame(
        {
            "log_cinc_focal": np.log10(np.maximum(lookup(ev.cinc, "cinc", key(y, a)), 1e-7)),
            "log_cinc_partner": np.log10(np.maximum(raw["cinc"].fillna(0).to_numpy(), 1e-7)),
            "log_distance": np.log1p(raw["mindist"].fillna(raw["mindist"].max()).to_numpy()),
        }
    )
    return pd.concat([parts, base], axis=1)


def fit_logit(x: np.ndarray, y: np.ndarray, nonneg: bool) -> np.ndarray:
    """Maximum-likelihood logistic coefficients (intercept first); ``nonneg`` keeps the
    slopes >= 0."""
    xx = np.column_stack([np.ones(len(x)), x])

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        z = xx @ beta
        p = 1.0 / (1.0 + np.exp(-z))
        nll = np.sum(np.logaddexp(0.0, z) - y * z)
        return float(nll), xx.T @ (p - y)

    bounds = [(None, None)] + [(0.0, None) if nonneg else (None, None)] * x.shape[1]
    res = minimize(loss, np.zeros(xx.shape[1]), jac=True, method="L-BFGS-B", bounds=bounds)
    return np.asarray(res.x)


def auc(score: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Area under the ROC curve (ties count one half); ``weights`` (B x N) gives one AUC per
    row of weights."""
    order = np.argsort(score, kind="stable")
    s, yy = score[order], y[order].astype(float)
    w = np.ones((1, len(s))) if weights is None else weights[:, order]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    pos = np.add.reduceat(w * yy, starts, axis=1)
    neg = np.add.reduceat(w * (1.0 - yy), starts, axis=1)
    below = np.cumsum(neg, axis=1) - neg
    return (pos * (below + 0.5 * neg)).sum(axis=1) / (pos.sum(axis=1) * neg.sum(axis=1))


def precision_at(score: np.ndarray, y: np.ndarray, group: np.ndarray, k: int = 10) -> float:
    """Mean precision of each group's top ``k`` scores, over groups with a positive."""
    order = np.lexsort((-score, group))
    g, yy = group[order], y[order]
    first = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    rank = np.arange(len(g)) - np.repeat(first, np.diff(np.r_[first, len(g)]))
    top = rank < k
    hits = np.bincount(np.searchsorted(g[first], g[top]), yy[top], minlength=len(first))
    any_pos = np.bincount(np.searchsorted(g[first], g), yy, minlength=len(first)) > 0
    return float((hits[any_pos] / k).mean())


def evaluate(
    name: str,
    x: pd.DataFrame,
    y: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    pairs: pd.DataFrame,
    rng: np.random.Generator,
    extra: tuple[str, ...] = (),
) -> dict:
    score_cols = [*COMPONENTS, *extra, "focal_capability"]
    base_cols = ["log_cinc_focal", "log_cinc_partner", "log_distance"]
    beta = fit_logit(x.loc[train, score_cols].to_numpy(), y[train], nonneg=True)
    base = fit_logit(x.loc[train, base_cols].to_numpy(), y[train], nonneg=False)
    both = fit_logit(x.loc[train, base_cols + score_cols].to_numpy(), y[train], nonneg=False)
    xt = x.loc[test]
    s_score = xt[score_cols].to_numpy() @ beta[1:]
    s_base = xt[base_cols].to_numpy() @ base[1:]
    s_both = xt[base_cols + score_cols].to_numpy() @ both[1:]
    yt = y[test]
    # resample undirected dyads
    p = pairs.loc[test]
    dyad = pd.factorize(key(np.zeros(len(p), dtype="int64"), p["ccode1"], p["ccode2"]))[0]
    n = dyad.max() + 1
    diffs, diffs_both = [], []
    for lo in range(0, BOOT, 25):  # chunks bound the B x N weight matrix
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=min(25, BOOT - lo))
        w = counts[:, dyad].astype(float)
        a_base = auc(s_base, yt, w)
        diffs.append(auc(s_score, yt, w) - a_base)
        diffs_both.append(auc(s_both, yt, w) - a_base)
    d, db = np.concatenate(diffs), np.concatenate(diffs_both)
    group = key(p["year"].to_numpy(), p["ccode1"].to_numpy())
    return {
        "outcome": name,
        "weights": dict(zip(score_cols, beta[1:], strict=True)),
        "auc_score": auc(s_score, yt)[0],
        "auc_base": auc(s_base, yt)[0],
        "auc_both": auc(s_both, yt)[0],
        "margin": auc(s_score, yt)[0] - auc(s_base, yt)[0],
        "ci": np.percentile(d, [2.5, 97.5]),
        "margin_both": auc(s_both, yt)[0] - auc(s_base, yt)[0],
        "ci_both": np.percentile(db, [2.5, 97.5]),
        "p10_score": precision_at(s_score, yt, group),
        "p10_base": precision_at(s_base, yt, group),
        "p10_both": precision_at(s_both, yt, group),
        "components": {c: auc(xt[c].to_numpy(), yt)[0] for c in [*score_cols, *base_cols]},
        "base_rate_train": y[train].mean(),
        "base_rate_test": yt.mean(),
        "positives_test": int(yt.sum()),
        "rows_test": len(yt),
    }


def choose_network(x: pd.DataFrame, y: np.ndarray, risk: np.ndarray, pairs) -> bool:
    """Whether the DCA-network components raise precision at 10 on the validation years
    (training years only), printing both."""
    year = pairs["year"].to_numpy()
    fit = risk & (year >= FIT[0]) & (year <= FIT[1])
    val = risk & (year >= VALIDATE[0]) & (year <= VALIDATE[1])
    group = key(year[val], pairs["ccode1"].to_numpy()[val])
    out = {}
    for label, extra in (("score", ()), ("score + DCA network", NETWORK)):
        cols = [*COMPONENTS, *extra, "focal_capability"]
        beta = fit_logit(x.loc[fit, cols].to_numpy(), y[fit], nonneg=True)
        s_val = x.loc[val, cols].to_numpy() @ beta[1:]
        out[label] = (precision_at(s_val, y[val], group), auc(s_val, y[val])[0])
    print(
        f"validation (fit t={FIT[0]}-{FIT[1]}, compare t={VALIDATE[0]}-{VALIDATE[1]}): "
        + "; ".join(f"{k} P@10 {p:.3f} AUC {a:.4f}" for k, (p, a) in out.items())
    )
    chosen = out["score + DCA network"][0] > out["score"][0]
    print(f"DCA-network components {'chosen' if chosen else 'not chosen'} on validation")
    return chosen


def report(r: dict) -> None:
    print(f"\n== {r['outcome']} ==")
    print(
        f"base rate: train {r['base_rate_train']:.4f}, test {r['base_rate_test']:.4f} "
        f"({r['positives_test']:,} of {r['rows_test']:,} directed dyad-years)"
    )
    print(f"{'model':<28}{'AUC':>8}{'P@10':>8}")
    print(f"{'baseline (CINC x2 + dist.)':<28}{r['auc_base']:>8.4f}{r['p10_base']:>8.3f}")
    print(f"{'partner score':<28}{r['auc_score']:>8.4f}{r['p10_score']:>8.3f}")
    print(f"{'baseline + components':<28}{r['auc_both']:>8.4f}{r['p10_both']:>8.3f}")
    lo, hi = r["ci"]
    print(f"margin score - baseline: {r['margin']:+.4f} (95% CI {lo:+.4f} to {hi:+.4f})")
    lo, hi = r["ci_both"]
    print(
        f"margin baseline+components - baseline: {r['margin_both']:+.4f} "
        f"(95% CI {lo:+.4f} to {hi:+.4f})"
    )
    print("component AUCs (test): " + ", ".join(f"{c} {v:.3f}" for c, v in r["components"].items()))
    print("fitted weights (train): " + ", ".join(f"{c} {v:.2f}" for c, v in r["weights"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    ev = gather(FIRST, LAST)
    depth = store_depth(FIRST, LAST)
    pairs = dyad_years(ev)
    x = features(ev, pairs, depth)
    t1 = time.perf_counter()
    year = pairs["year"].to_numpy()
    train_years = (year >= TRAIN[0]) & (year <= TRAIN[1])
    test_years = (year >= TEST[0]) & (year <= TEST[1])
    print(f"{len(pairs):,} directed dyad-years {FIRST}-{LAST}; features in {t1 - t0:.1f} s")
    risk, y = dca_outcome(pairs)
    report(evaluate("new DCA (DCAD)", x, y, train_years & risk, test_years & risk, pairs, rng))
    x = pd.concat([x, dca_network(pairs)], axis=1)
    chosen = choose_network(x, y, risk, pairs)
    if chosen:
        report(
            evaluate(
                "new DCA (DCAD), score with the DCA-network components",
                x,
                y,
                train_years & risk,
                test_years & risk,
                pairs,
                rng,
                extra=NETWORK,
            )
        )
    risk, y, treaties = alliance_outcome(pairs)
    report(
        evaluate(
            "new alliance (ATOP, not only non-aggression)",
            x,
            y,
            train_years & risk,
            test_years & risk,
            pairs,
            rng,
        )
    )
    k = key(year, pairs["ccode1"], pairs["ccode2"])
    positive = np.unique(k[test_years & risk & y])
    top = treaties[treaties["key"].isin(positive)].drop_duplicates()
    share = top.groupby("treaty")["key"].nunique().sort_values(ascending=False)
    total = len(positive)
    print("treaties behind the test positives (undirected dyad-years; a dyad may have two):")
    for name, count in share.head(6).items():
        print(f"  {count / total:6.1%}  {name}")
    print(f"total {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
