"""Vectorised array helpers shared by the state system, the importers, the panels and the
casus engine."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np


def ramp(lengths: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """0..n-1 for each n in ``lengths``, concatenated; with ``start``, s..s+n-1 for each
    (s, n), e.g. the years of spells starting in ``start`` and lasting ``lengths`` years."""
    lengths = np.asarray(lengths, dtype="int64")
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype="int64")
    offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return offsets if start is None else np.repeat(start, lengths) + offsets


def csr_cells(
    indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of each stored cell of a CSR matrix given by ``indptr``/``indices``, row
    by row; with ``rows``, of those rows only, numbered 0.. in their order (the ``row`` and
    ``col`` of ``matrix[rows].tocoo()``, without scipy's checks of a new matrix)."""
    if rows is None:
        lengths = np.diff(indptr)
        return np.repeat(np.arange(len(lengths)), lengths), indices
    lengths = np.diff(indptr)[rows]
    return np.repeat(np.arange(len(rows)), lengths), indices[ramp(lengths, indptr[rows])]


def among(values: np.ndarray, choices: Iterable[Any]) -> np.ndarray:
    """``np.isin(values, choices)`` for a few choices (a scenario's states, two types): one
    comparison each, without the tens of microseconds ``np.isin`` takes to set up."""
    out = np.zeros(np.shape(values), dtype=bool)
    for choice in choices:
        out |= values == choice
    return out


def non_empty(cells: list) -> np.ndarray:
    """Whether each cell (a tuple or list of codes or words; anything else counts as empty)
    holds something."""
    try:  # the obligations frame's cells are tuples: len over them all at C speed
        return np.fromiter(map(len, cells), dtype=np.int64, count=len(cells)) > 0
    except TypeError:  # a missing (NaN) cell
        return np.fromiter(
            (isinstance(c, tuple | list | np.ndarray) and len(c) > 0 for c in cells),
            dtype=bool,
            count=len(cells),
        )
