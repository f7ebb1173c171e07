"""Does the partner score predict the agreements states actually sign?

For every directed pair of COW states (focal i, candidate j) and year t = 1985..2005, the
product's partner score is computed from data up to t only: the nine components of
:mod:`foedus.partners.components` (:func:`measures` then :func:`components`, the functions
``foedus partners`` calls), weighted by :data:`foedus.partners.WEIGHTS` with
:func:`foedus.partners.score.weighted` -- the same formula, no private one. What differs
from ``foedus partners`` on a date: there is no adversary, so ``shared_threat`` is the
common-enemy form (``max_k min(h_ik, h_jk)``) and the ``adversary_alignment`` penalty
does not apply; ``ties`` is counted by year (:func:`store_depth` of
:func:`foedus.partners.components.store_forms`: the store's forms and the built-in
set's, ATOP's pledges once); data are by year (an
agreement signed in t counts in t).

Outcomes:

- new DCA: a defense cooperation agreement signed in t+1..t+5 (DCAD v1.0, Kinne 2020),
  among dyads with none in force in t;
- new alliance: an ATOP 5.1 obligation other than non-aggression entering into force in
  t+1..t+5, among dyads with no such obligation in force in t.

The weights are set on the training years t = 1985..1995 only (outcomes up to 2000): the
script prints a non-negative logistic fit of the components on those years (both outcomes
stacked, each with its own intercept), normalised to mean 1 -- the rule by which
:data:`WEIGHTS` were chosen -- next to :data:`WEIGHTS` itself. The test years
t = 2000..2005 are never used to set anything. The baseline is a logistic fit (training
years) of both states' log CINC and log distance. The margin's 95% interval resamples
undirected dyads (B = 500). Precision at 10: mean share of positives among each focal
state-year's ten best-scored candidates, over focal state-years with at least one positive.

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
from foedus.partners import PRESETS
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
from foedus.partners.score import weighted

FIRST, LAST = 1985, 2005
TRAIN = (1985, 1995)
TEST = (2000, 2005)
HORIZON = 5
BOOT = 500


def dyad_years(ev) -> pd.DataFrame:
    """Directed pairs of states with NMC data in each year."""
    states = ev.cinc[ev.cinc["year"].between(FIRST, LAST)][["ccode", "year"]]
    pairs = states.merge(states, on="year", suffixes=("1", "2"))
    return pairs[pairs["ccode1"] != pairs["ccode2"]].reset_index(drop=True)


def dca_outcome(pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """(at risk, new DCA in t+1..t+5, the positives' agreements) per row."""
    dca = read_dca_agreements()
    live = spread(dca.assign(start=dca["in_force"].dt.year), "start", "end_year", FIRST, LAST)
    live_keys = key(live["year"], live["ccode1"], live["ccode2"])
    year = dca["signed"].dt.year.to_numpy()
    signed = spread(
        dca.assign(lo=year - HORIZON, hi=year - 1), "lo", "hi", FIRST, LAST
    )  # the years t from which a signature falls within t+1..t+5
    signed_keys = key(signed["year"], signed["ccode1"], signed["ccode2"])
    k = key(pairs["year"], pairs["ccode1"], pairs["ccode2"])
    label = signed["type"].astype(str) + " " + signed["category"].fillna("").astype(str)
    agreements = pd.DataFrame({"key": signed_keys, "treaty": label})
    return ~np.isin(k, live_keys), np.isin(k, signed_keys), agreements


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


def features(ev, pairs: pd.DataFrame, depth: pd.DataFrame) -> pd.DataFrame:
    """The product's components, and the baseline's measures, for every row."""
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
    base = pd.DataFrame(
        {
            "log_cinc_focal": np.log10(np.maximum(lookup(ev.cinc, "cinc", key(y, a)), 1e-7)),
            "log_cinc_partner": np.log10(np.maximum(raw["cinc"].fillna(0).to_numpy(), 1e-7)),
            "log_distance": np.log1p(raw["mindist"].fillna(raw["mindist"].max()).to_numpy()),
        }
    )
    return pd.concat([parts, base], axis=1)


def fit_logit(x: np.ndarray, y: np.ndarray, nonneg: bool, free: int = 0) -> np.ndarray:
    """Maximum-likelihood logistic coefficients (intercept first); ``nonneg`` keeps the
    slopes >= 0, but those of the first ``free`` columns (e.g. further intercepts)."""
    xx = np.column_stack([np.ones(len(x)), x])

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        z = xx @ beta
        p = 1.0 / (1.0 + np.exp(-z))
        nll = np.sum(np.logaddexp(0.0, z) - y * z)
        return float(nll), xx.T @ (p - y)

    slope = (0.0, None) if nonneg else (None, None)
    bounds = [(None, None)] * (1 + free) + [slope] * (x.shape[1] - free)
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


def training_weights(x: pd.DataFrame, rows: np.ndarray, y: np.ndarray) -> dict:
    """The non-negative logistic fit of the components on ``rows`` (training years of one
    outcome), normalised to mean 1: the rule behind :data:`PRESETS`."""
    beta = fit_logit(x.loc[rows, list(COMPONENTS)].to_numpy(), y[rows], nonneg=True)
    slopes = beta[1:]
    return dict(zip(COMPONENTS, slopes * len(COMPONENTS) / slopes.sum(), strict=True))


def evaluate(
    name: str,
    preset: str,
    x: pd.DataFrame,
    y: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    pairs: pd.DataFrame,
    rng: np.random.Generator,
) -> dict:
    """The product score (weights ``PRESETS[preset]``) against the baseline on the test
    rows; the other presets and equal weights for reference."""
    base_cols = ["log_cinc_focal", "log_cinc_partner", "log_distance"]
    base = fit_logit(x.loc[train, base_cols].to_numpy(), y[train], nonneg=False)
    xt = x.loc[test]
    s_score = weighted(xt, PRESETS[preset])  # exactly what `foedus partners` ranks by
    others = {f"preset {k}": w for k, w in PRESETS.items() if k != preset}
    others["all weights 1"] = dict.fromkeys(COMPONENTS, 1.0)
    s_base = xt[base_cols].to_numpy() @ base[1:]
    yt = y[test]
    # resample undirected dyads
    p = pairs.loc[test]
    dyad = pd.factorize(key(np.zeros(len(p), dtype="int64"), p["ccode1"], p["ccode2"]))[0]
    n = dyad.max() + 1
    diffs = []
    for lo in range(0, BOOT, 25):  # chunks bound the B x N weight matrix
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=min(25, BOOT - lo))
        w = counts[:, dyad].astype(float)
        diffs.append(auc(s_score, yt, w) - auc(s_base, yt, w))
    d = np.concatenate(diffs)
    group = key(p["year"].to_numpy(), p["ccode1"].to_numpy())
    s_train = weighted(x.loc[train], PRESETS[preset])
    reference = {}
    for label, w in others.items():
        s_other = weighted(xt, w)
        reference[label] = (auc(s_other, yt)[0], precision_at(s_other, yt, group))
    return {
        "outcome": name,
        "preset": preset,
        "reference": reference,
        "auc_score": auc(s_score, yt)[0],
        "auc_base": auc(s_base, yt)[0],
        "margin": auc(s_score, yt)[0] - auc(s_base, yt)[0],
        "ci": np.percentile(d, [2.5, 97.5]),
        "p10_score": precision_at(s_score, yt, group),
        "p10_base": precision_at(s_base, yt, group),
        "auc_train": auc(s_train, y[train])[0],
        "components": {c: auc(xt[c].to_numpy(), yt)[0] for c in [*COMPONENTS, *base_cols]},
        "base_rate_train": y[train].mean(),
        "base_rate_test": yt.mean(),
        "positives_test": int(yt.sum()),
        "rows_test": len(yt),
    }


def report(r: dict) -> None:
    print(f"\n== {r['outcome']} ==")
    print(
        f"base rate: train {r['base_rate_train']:.4f}, test {r['base_rate_test']:.4f} "
        f"({r['positives_test']:,} of {r['rows_test']:,} directed dyad-years)"
    )
    print(f"{'model (test years)':<34}{'AUC':>8}{'P@10':>8}")
    print(f"{'baseline (CINC x2 + distance)':<34}{r['auc_base']:>8.4f}{r['p10_base']:>8.4f}")
    label = f"partner score, preset {r['preset']}"
    print(f"{label:<34}{r['auc_score']:>8.4f}{r['p10_score']:>8.4f}")
    for other, (a, p10) in r["reference"].items():
        print(f"{'  for reference: ' + other:<34}{a:>8.4f}{p10:>8.4f}")
    lo, hi = r["ci"]
    print(f"margin score - baseline: {r['margin']:+.4f} (95% CI {lo:+.4f} to {hi:+.4f})")
    print(f"partner score AUC on the training years: {r['auc_train']:.4f}")
    print("component AUCs (test): " + ", ".join(f"{c} {v:.3f}" for c, v in r["components"].items()))


def positives_by(label: str, treaties: pd.DataFrame, keys: np.ndarray, top: int = 6) -> None:
    """The share of the positive undirected dyad-years each treaty (or kind) accounts for."""
    positive = np.unique(keys)
    found = treaties[treaties["key"].isin(positive)].drop_duplicates()
    share = found.groupby("treaty")["key"].nunique().sort_values(ascending=False)
    print(
        f"{label} behind the test positives ({len(positive):,} undirected dyad-years; "
        "a dyad-year may have two):"
    )
    for name, count in share.head(top).items():
        print(f"  {count / len(positive):6.1%}  {name}")


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
    dca_risk, dca_y, dcas = dca_outcome(pairs)
    ally_risk, ally_y, treaties = alliance_outcome(pairs)
    k = key(year, pairs["ccode1"], pairs["ccode2"])
    outcomes = (
        ("new DCA (DCAD)", "dca", dca_risk, dca_y, "DCA kinds", dcas),
        ("new alliance (ATOP, not only non-aggression)", "alliance", ally_risk, ally_y,
         "treaties", treaties),
    )  # fmt: skip
    for name, preset, risk, y, label, found in outcomes:
        fitted = training_weights(x, train_years & risk, y)
        print(f"\n{name}: weights fitted on t={TRAIN[0]}-{TRAIN[1]} (mean 1) and PRESETS:")
        print("  " + ", ".join(f"{c} {fitted[c]:.3f}/{PRESETS[preset][c]:g}" for c in COMPONENTS))
        report(evaluate(name, preset, x, y, train_years & risk, test_years & risk, pairs, rng))
        positives_by(label, found, k[test_years & risk & y])
    print(f"total {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
