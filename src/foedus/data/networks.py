"""Readers of the cooperation networks' store-backed layers: one undirected tie per
dyad-year (``ccode1 < ccode2``, ``year``, ``weight``).

``dca``: defense cooperation agreements in force (Kinne 2020, DCAD v1.0; ``dcaanyv2`` = 1,
weight = agreements in force). ``arms``: SIPRI arms transfers in either direction
(Gannon's dyad-year panel of the SIPRI Arms Transfers Database; weight = TIV, millions).
``igo``: shared full IGO membership (COW IGO 3.0, Pevehouse et al. 2020; weight = IGOs).
The ``exercises`` layer (MME, by G-W dyad-year) is translated to COW codes by
:func:`foedus.partners.ties.exercise_dyads`; ATOP layers come from
:func:`foedus.dyads.load_atop_ties`, built-in layers from the built-in catalog.
"""

from __future__ import annotations

import pandas as pd

from foedus.data._sql import query
from foedus.errors import FoedusError
from foedus.store import Store

# layer -> (source, table, SELECT over table t giving ccode1 < ccode2, year, weight)
_SQL = {
    "dca": (
        "dcad",
        "dyadyears",
        "SELECT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2, year, "
        "max(dca_count)::DOUBLE AS weight FROM t WHERE dcaanyv2 = 1 AND {years} GROUP BY ALL",
    ),
    "arms": (
        "sipri_arms",
        "tiv",
        "SELECT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2, year, "
        "sum(value)::DOUBLE AS weight FROM t WHERE value > 0 AND {years} GROUP BY ALL",
    ),
    "igo": (
        "cow_igo",
        "dyadyears",
        "SELECT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2, year, "
        "max(dyadigos)::DOUBLE AS weight FROM t WHERE dyadigos > 0 AND {years} GROUP BY ALL",
    ),
}
STORE_LAYERS: tuple[str, ...] = tuple(_SQL)


def read_layer_ties(layer: str, years: tuple[int, int], store: Store | None = None) -> pd.DataFrame:
    """The ties of a store-backed network layer in ``years``.

    Parameters
    ----------
    layer
        One of ``dca``, ``arms``, ``igo`` (see the module docstring).
    years
        ``(first, last)``, inclusive.
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame
        ``ccode1 < ccode2``, ``year`` (int64) and ``weight`` (float64), ordered by year and
        dyad; a source not loaded raises :class:`foedus.errors.NotLoadedError`.

    References
    ----------
    Kinne, B. J. (2020). "The Defense Cooperation Agreement Dataset (DCAD)." JCR 64(4).
    Pevehouse, J. C. W. et al. (2020). "Tracking Organizations in the World: The Correlates
    of War IGO Version 3.0 Datasets." Journal of Peace Research 57(3).
    Gannon, J. A. SIPRI arms transfers dyad-year panel, 1970–2014 (from the SIPRI Arms
    Transfers Database).
    """
    if layer not in STORE_LAYERS:
        raise FoedusError(f"store layer {layer!r} is unknown; accepted: {', '.join(STORE_LAYERS)}")
    first, last = int(years[0]), int(years[1])
    source, table, sql = _SQL[layer]
    frame = query(
        sql.format(years=f"year BETWEEN {first} AND {last}"),
        Store() if store is None else store,
        t=(source, table),
    )
    out = frame[["ccode1", "ccode2", "year", "weight"]].astype(
        {"ccode1": "int64", "ccode2": "int64", "year": "int64", "weight": "float64"}
    )
    return out.sort_values(["year", "ccode1", "ccode2"], ignore_index=True)
