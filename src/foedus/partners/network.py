"""The defense-cooperation-agreement network behind two components of the partner score.

DCAs form a network whose own structure predicts new ties (Kinne 2018, "Defense
Cooperation Agreements and the Emergence of a Global Security Network", *International
Organization* 72(4): 799-837): states that have signed many DCAs sign more of them
(preferential attachment), and the partners of one's partners become partners (triadic
closure). Two measures of a directed dyad-year (focal i, candidate j, year t), from
DCAD v1.0 (Kinne 2020) agreements signed up to t only:

- ``dca_partners`` d_j (component ``dca_degree``): the candidate's distinct DCA partners
  with an agreement signed in t-4..t. Preferential attachment proper is d_i d_j; for one
  focal state d_i is a constant, so d_j ranks its candidates the same way.
- ``dca_common`` c_ij (component ``dca_closure``): the states k with a DCA in force in t
  with both i and j (in force from its entry-into-force year to its end year).

DCAD ends in 2010: for a later year its last year's network is used (carried forward).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from foedus.partners._frames import key, lookup, spread

DEGREE_YEARS = 5  # dca_degree counts agreements signed in the last five years


def dca_network(
    dca: pd.DataFrame,
    focal: np.ndarray,
    partner: np.ndarray,
    year: np.ndarray,
    last: int,
) -> pd.DataFrame:
    """The DCA-network measures of directed dyad-years (Kinne 2018; see the module doc).

    Parameters
    ----------
    dca
        Bilateral agreements as :func:`foedus.data.cooperation.read_dca_agreements` gives
        them (``ccode1``, ``ccode2``, ``signed``, ``in_force``, ``end_year``); a missing
        ``in_force`` means not (yet) in force.
    focal, partner, year
        One entry per directed dyad-year.
    last
        The last year the agreements describe (DCAD: 2010); later years use it.

    Returns
    -------
    pandas.DataFrame
        ``dca_partners`` (d_j), ``dca_common`` (c_ij) and ``dca_year`` (the year of the
        network used, ``min(year, last)``), one row per dyad-year.
    """
    t = np.minimum(np.asarray(year, dtype="int64"), last)
    lo, hi = (int(t.min()), int(t.max())) if len(t) else (last, last)
    a = np.asarray(focal, dtype="int64")
    b = np.asarray(partner, dtype="int64")
    signed = dca["signed"].dt.year
    recent = spread(
        dca.assign(lo=signed, hi=signed + DEGREE_YEARS - 1), "lo", "hi", lo, hi
    )  # the years t in which an agreement counts as signed in t-4..t
    edges = _both_ways(recent)
    degree = edges.groupby(["year", "ccode1"]).size().rename("degree").reset_index()
    d = lookup(degree.rename(columns={"ccode1": "ccode"}), "degree", key(t, b), 0.0)
    live = dca[dca["in_force"].notna()]
    live = live.assign(start=live["in_force"].dt.year, end=live["end_year"].fillna(last))
    und = _both_ways(spread(live, "start", "end", lo, hi))
    # common partners: pairs (i, j) joined through a shared partner k in year t
    paths = und.merge(und, on=["year", "ccode2"])
    paths = paths[paths["ccode1_x"] < paths["ccode1_y"]]
    common = paths.groupby(["year", "ccode1_x", "ccode1_y"]).size().rename("common")
    common = common.reset_index().rename(columns={"ccode1_x": "ccode1", "ccode1_y": "ccode2"})
    c = lookup(common, "common", key(t, a, b), 0.0)
    return pd.DataFrame({"dca_partners": d, "dca_common": c, "dca_year": t})


def known_by(dca: pd.DataFrame, when: dt.date) -> pd.DataFrame:
    """What was known of the DCA network on a date (no look-ahead).

    Parameters
    ----------
    dca
        Agreements as :func:`foedus.data.cooperation.read_dca_agreements` gives them.
    when
        The date.

    Returns
    -------
    pandas.DataFrame
        The agreements signed on or before ``when``; ``in_force`` missing for those that
        entered into force after it.
    """
    stamp = pd.Timestamp(when)
    out = dca[dca["signed"] <= stamp].copy()
    out.loc[out["in_force"] > stamp, "in_force"] = pd.NaT
    return out


def _both_ways(frame: pd.DataFrame) -> pd.DataFrame:
    """Each (year, state, partner) of undirected ``frame`` once, in both directions."""
    cols = ["year", "ccode1", "ccode2"]
    flipped = frame[["year", "ccode2", "ccode1"]].set_axis(cols, axis=1)
    return pd.concat([frame[cols], flipped], ignore_index=True).drop_duplicates()
