"""Keyed lookups and year spells over state-year and dyad-year frames, for the partner
score's components and the DCA network."""

from __future__ import annotations

import numpy as np
import pandas as pd

from foedus._arrays import ramp


def key(year: np.ndarray, a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """One int64 per (year, state) or per (year, unordered pair of states)."""
    year = np.asarray(year, dtype="int64")
    if b is None:
        return year * 1000 + np.asarray(a, dtype="int64")
    lo, hi = np.minimum(a, b).astype("int64"), np.maximum(a, b).astype("int64")
    return (year * 1000 + lo) * 1000 + hi


def lookup(
    table: pd.DataFrame, column: str, wanted: np.ndarray, fill: float = np.nan
) -> np.ndarray:
    """``table[column]`` at the keys ``wanted`` (see :func:`key`), ``fill`` where absent."""
    dyadic = "ccode1" in table
    have = (
        key(table["year"].to_numpy(), table["ccode1"].to_numpy(), table["ccode2"].to_numpy())
        if dyadic
        else key(table["year"].to_numpy(), table["ccode"].to_numpy())
    )
    order = np.argsort(have, kind="stable")
    have = have[order]
    values = table[column].to_numpy(dtype="float64")[order]
    at = np.clip(np.searchsorted(have, wanted), 0, max(len(have) - 1, 0))
    found = (have[at] == wanted) if len(have) else np.zeros(len(wanted), dtype=bool)
    return np.where(found, values[at] if len(have) else fill, fill)


def spread(frame: pd.DataFrame, start: str, end: str, first: int, last: int) -> pd.DataFrame:
    """One row per year from ``start`` to ``end`` (inclusive) within ``first``..``last``."""
    lo = np.maximum(frame[start].to_numpy(dtype="int64"), first)
    hi = np.minimum(frame[end].to_numpy(dtype="int64"), last)
    n = np.maximum(hi - lo + 1, 0)
    out = frame.iloc[np.repeat(np.arange(len(frame)), n)].reset_index(drop=True)
    out["year"] = ramp(n, lo)
    return out


def carried(frame: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """``frame`` restricted to ``first``..``last``, its last year copied to later years."""
    frame = frame[frame["year"] <= last]
    final = int(frame["year"].max()) if len(frame) else last
    tail = frame[frame["year"] == final]
    extra = [tail.assign(year=y) for y in range(final + 1, last + 1)]
    out = pd.concat([frame[frame["year"].between(first, last)], *extra], ignore_index=True)
    return out
