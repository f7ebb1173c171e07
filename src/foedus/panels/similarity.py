"""Foreign-policy similarity as panel columns: alliance-portfolio S, tau-b, kappa and pi
(ATOP 5.1) and UN General Assembly similarity, computed by :mod:`foedus.alignment` for the
panel's dyad-years (peacesciencer's ``add_fpsim()`` reads pre-computed FPSIM v2 scores;
foedus computes them from the alliance data in the store)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.errors import FoedusError
from foedus.panels._checks import check_choice, check_panel
from foedus.panels._join import Frame, attach, sides
from foedus.panels._sources import record

if TYPE_CHECKING:
    from foedus.store import Store

UN_YEARS = (1946, 2024)


def add_alignment(
    frame: Frame,
    method: str | Sequence[str] = "s",
    *,
    coding: str = "valued",
    domain: str = "global",
    store: Store | None = None,
) -> Frame:
    """Similarity of the two states' alliance portfolios and/or UN positions, per dyad-year.

    Alliance measures (ATOP 5.1, Leeds et al. 2002; via :func:`foedus.alignment.similarity`):
    ``s`` (Signorino & Ritter 1999, "Tau-b or Not Tau-b", ISQ 43(1)), ``s_wt`` (S weighted
    by CINC shares), ``tau_b`` (Bueno de Mesquita 1975), ``kappa``/``kappa_wt`` and
    ``pi``/``pi_wt`` (Häge 2011, Political Analysis 19(3)); each becomes a column
    ``atop_{method}`` (e.g. ``atop_s``), null outside 1816–2018. ``un``: ``un_distance``
    and ``un_similarity`` from UN General Assembly ideal points (Bailey, Strezhnev & Voeten
    2017), null where either state lacks an estimate.

    Parameters
    ----------
    frame
        A dyad-year panel (COW or G-W codes; G-W codes are translated to COW year by year).
    method
        One method or several (a list, or comma-separated), among
        ``s, s_wt, tau_b, kappa, kappa_wt, pi, pi_wt, un``.
    coding
        ``"valued"`` (default: 3 defense/offense, 2 neutrality/consultation, 1
        non-aggression, 0 none) or ``"binary"`` alliance portfolios.
    domain
        ``"global"`` (every system member) or ``"regional"`` (the states sharing a home
        region with either member).
    store
        The store (default: the user's store); needs ``atop`` (and ``cow_nmc`` for the
        weighted measures, ``unga`` for ``un``).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel with the similarity columns; symmetric (a directed pair and its reverse
        get the same values).
    """
    # imported here: foedus.alignment reads the built-in data, which a panel without
    # alignment columns does not need
    from foedus.alignment import ALLIANCE_METHODS, CODINGS, DOMAINS, METHODS, atop_years

    check_panel(frame, dyadic=True)
    methods = [m.strip() for m in method.split(",")] if isinstance(method, str) else list(method)
    if not methods:
        raise FoedusError(f"method {method!r} is empty; accepted: {', '.join(METHODS)}")
    for m in methods:
        check_choice("similarity method", m, METHODS)
    check_choice("coding", coding, CODINGS)
    check_choice("domain", domain, DOMAINS)
    year, (c1, c2) = sides(frame, "cow", dyadic=True)
    keys = pd.DataFrame({"ccode1": np.minimum(c1, c2), "ccode2": np.maximum(c1, c2), "year": year})
    valid = (c1 >= 0) & (c2 >= 0) & (c1 != c2)
    new: dict[str, Any] = {}
    alliance = [m for m in methods if m in ALLIANCE_METHODS]
    if alliance:
        first, last = atop_years()
        inside = valid & (year >= first) & (year <= last)
        got = _scores(keys, inside, alliance, store, coding=coding, domain=domain)
        new |= {f"atop_{m}": got[m] for m in alliance}
    if "un" in methods:
        inside = valid & (year >= UN_YEARS[0]) & (year <= UN_YEARS[1])
        got = _scores(keys, inside, ["un"], store)
        new |= {c: got[c] for c in ("un_distance", "un_similarity")}
    sources = (["atop"] if alliance else []) + (["unga"] if "un" in methods else [])
    if any(m.endswith("_wt") for m in alliance):
        sources.append("cow_nmc")
    return record(attach(frame, new), *sources)


def _scores(
    keys: pd.DataFrame, inside: np.ndarray, methods: list[str], store: Store | None, **options: Any
) -> dict[str, np.ndarray]:
    """Each method's value for the rows ``inside`` (NaN elsewhere), computed once per
    distinct dyad-year."""
    from foedus.alignment import similarity

    columns = ["un_distance", "un_similarity"] if methods == ["un"] else methods
    out = {c: np.full(len(keys), np.nan) for c in columns}
    if not inside.any():
        return out
    wanted = keys[inside].drop_duplicates(ignore_index=True)
    span = (int(wanted["year"].min()), int(wanted["year"].max()))
    scores = similarity(span, methods, dyads=wanted, store=store, **options)
    rows = pd.MultiIndex.from_frame(scores[["ccode1", "ccode2", "year"]]).get_indexer(
        pd.MultiIndex.from_frame(keys)
    )
    for c in columns:
        values = scores[c].to_numpy(dtype="float64", na_value=np.nan)
        out[c] = np.where(inside & (rows >= 0), values[np.maximum(rows, 0)], np.nan)
    return out
