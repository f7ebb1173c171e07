"""The layers of the cooperation network and their ties, one undirected tie per dyad.

Layer names are :data:`foedus.vocab.NETWORK_LAYERS`: the obligation types (``defense``,
``offense``, ``neutrality``, ``nonaggression``, ``consultation``) and ``alliance`` (any of
them) from ATOP 5.1 through the one ATOP dyad rule :func:`foedus.dyads.atop_ties`; the
store-backed ``dca``, ``arms``, ``igo`` and ``exercises``
(:func:`foedus.data.networks.read_layer_ties`; exercises by
:func:`foedus.partners.ties.exercise_dyads`); and the built-in arrangement kinds
``intelligence_sharing``, ``integrated_defense_system`` and
``regional_security_organisation`` (the same words as :data:`foedus.vocab.KINDS`).

The functions here are pure: they turn frames into ties. :func:`network_ties` is the
public wrapper that reads the store through :mod:`foedus.data`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus._arrays import ramp
from foedus.errors import FoedusError, shown
from foedus.vocab import ATOP_FLAGS, NETWORK_LAYERS, OBLIGATION_TYPES

if TYPE_CHECKING:
    from foedus.store import Store

LAYERS: tuple[str, ...] = NETWORK_LAYERS
# obligation-type layers -> the ATOP flag each reads
ATOP_LAYERS: dict[str, str] = {t: ATOP_FLAGS[t] for t in OBLIGATION_TYPES}
BUILTIN_LAYERS: tuple[str, ...] = (
    "intelligence_sharing",
    "integrated_defense_system",
    "regional_security_organisation",
)
# store-backed layer -> the source its coverage comes from
STORE_SOURCES: dict[str, str] = {
    "dca": "dcad",
    "arms": "sipri_arms",
    "igo": "cow_igo",
    "exercises": "mme",
}
# the data set behind each layer, as a figure's source caption names it
_SOURCES: dict[str, str] = {
    **dict.fromkeys((*ATOP_LAYERS, "alliance"), "ATOP 5.1 (Leeds et al. 2002)"),
    "dca": "DCAD v1.0 (Kinne 2020)",
    "arms": "SIPRI Arms Transfers, TIV (Gannon's dyad-year panel)",
    "igo": "COW IGO 3.0 (Pevehouse et al. 2020)",
    "exercises": "MME (D'Orazio & Galambos)",
    **dict.fromkeys(BUILTIN_LAYERS, "foedus built-in arrangements"),
}
FIRST_YEAR = 1816  # the COW state system's first year: no network before it
BUILTIN_LAST_YEAR = 2100  # built-in arrangements run to the present
TIE_COLUMNS = ["ccode1", "ccode2", "year", "layer", "weight"]
Years = str | int | tuple[int, int] | None


def coverage(layer: str) -> tuple[int, int]:
    """The years a layer's data cover.

    Parameters
    ----------
    layer
        A layer of :data:`foedus.vocab.NETWORK_LAYERS`.

    Returns
    -------
    tuple of int
        ``(first, last)``: ATOP's and each store source's catalogued release (from 1816,
        the state system's first year); the built-in arrangements run to the present.
    """
    from foedus.sources import coverage as source_coverage

    if layer in ATOP_LAYERS or layer == "alliance":
        return FIRST_YEAR, source_coverage("atop")[1]
    if layer in STORE_SOURCES:
        first, last = source_coverage(STORE_SOURCES[layer])
        return max(first, FIRST_YEAR), last
    return FIRST_YEAR, BUILTIN_LAST_YEAR


def layer_source(layer: str) -> str:
    """The data set a layer's ties come from, e.g. ``ATOP 5.1 (Leeds et al. 2002)``."""
    return _SOURCES[layer]


def check_layers(layer: object) -> tuple[str, ...]:
    """Layer names from one name, a comma-separated string or a sequence of names."""
    if isinstance(layer, str):
        names = [s.strip() for s in layer.split(",")]
    elif isinstance(layer, Sequence) and all(isinstance(n, str) for n in layer):
        names = [str(n).strip() for n in layer]
    else:
        raise FoedusError(
            f"layer {shown(layer)} is not a layer name; accepted: a name or a list of names among "
            f"{', '.join(LAYERS)}"
        )
    if not names or not all(names):
        raise FoedusError(f"layer {shown(layer)} names no layer; accepted: {', '.join(LAYERS)}")
    for name in names:
        if name not in LAYERS:
            raise FoedusError(f"layer {shown(name)} is unknown; accepted: {', '.join(LAYERS)}")
    return tuple(dict.fromkeys(names))


def check_span(years: Years, layers: Sequence[str]) -> tuple[int, int]:
    """The requested years, which every layer's data must cover (default: all they share,
    up to this year)."""
    from foedus.dates import parse_years

    first = max(coverage(name)[0] for name in layers)
    last = min(min(coverage(name)[1] for name in layers), dt.date.today().year)
    if isinstance(years, bool) or (
        isinstance(years, tuple) and (len(years) != 2 or not all(_is_int(y) for y in years))
    ):
        raise FoedusError(
            f"years {shown(years)} is not a year range; accepted: YYYY, YYYY-YYYY or (first, last)"
        )
    if isinstance(years, np.integer):
        years = int(years)
    span = parse_years(years, default=(first, last))
    for name in layers:
        lo, hi = coverage(name)
        if span[0] < lo or span[1] > min(hi, last):
            raise FoedusError(
                f"years {span[0]}-{span[1]} are outside the {shown(name)} layer's "
                f"data; accepted: {lo}-{min(hi, last)}"
            )
    return span


def check_day(on: object, layers: Sequence[str]) -> pd.Timestamp:
    """A date a network is taken on, inside every layer's coverage."""
    from foedus.dates import parse_date

    if not isinstance(on, str | dt.date | int) or isinstance(on, bool):
        raise FoedusError(f"on {shown(on)} is not a date; accepted: YYYY-MM-DD or a date")
    day = pd.Timestamp(parse_date(on, what="on"))
    check_span((day.year, day.year), layers)
    return day


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


# -- pure: ties of one layer from frames -----------------------------------------------------
def atop_layer(ties: pd.DataFrame, layer: str) -> pd.DataFrame:
    """Dyad-years tied in an ATOP layer, from undirected year-level ties of
    :func:`foedus.dyads.atop_ties` (``directed=False``): ``ccode1, ccode2, year, weight``
    (1). ``alliance``: any obligation."""
    flags = list(ATOP_LAYERS.values())
    has = ties[flags].max(axis=1) if layer == "alliance" else ties[ATOP_LAYERS[layer]]
    return ties.loc[has > 0, ["ccode1", "ccode2", "year"]].assign(weight=1.0)


def atop_layer_on(spells: pd.DataFrame, layer: str, day: pd.Timestamp) -> pd.DataFrame:
    """Dyads tied in an ATOP layer on ``day``, from day-level ties of
    :func:`foedus.dyads.atop_ties` (obligor, beneficiary, start, end and the flags): a
    dyad is tied when either state owes the other the obligation on that day."""
    flags = list(ATOP_LAYERS.values())
    live = spells[(spells["start"] <= day) & (spells["end"] >= day)]
    has = live[flags].max(axis=1) if layer == "alliance" else live[ATOP_LAYERS[layer]]
    live = live[has > 0]
    return _pairs(live["obligor"], live["beneficiary"], day.year)


def builtin_layer(
    members: pd.DataFrame, arrangements: pd.DataFrame, kind: str, years: tuple[int, int]
) -> pd.DataFrame:
    """Pairs of members of built-in arrangements of ``kind`` in each year of ``years`` they
    both belong (a member counts in a year it belongs on any day); weight = arrangements
    the pair shares. ``members``/``arrangements``: :func:`foedus.builtin.load` frames."""
    m = _kind_members(members, arrangements, kind)
    first = np.maximum(m["joined"].map(lambda d: d.year).to_numpy(dtype="int64"), years[0])
    last = m["left"].map(lambda d: years[1] if d is None or pd.isna(d) else d.year)
    last = np.minimum(last.to_numpy(dtype="int64"), years[1])
    span = np.maximum(last - first + 1, 0)
    rows = np.repeat(np.arange(len(m)), span)
    year = ramp(span, first)
    spans = pd.DataFrame(
        {
            "arrangement": m["arrangement"].to_numpy()[rows],
            "code": m["cow_code"].to_numpy(dtype="int64")[rows],
            "year": year.astype("int64"),
        }
    ).drop_duplicates()
    return _shared(spans, ["arrangement", "year"])


def builtin_layer_on(
    members: pd.DataFrame, arrangements: pd.DataFrame, kind: str, day: pd.Timestamp
) -> pd.DataFrame:
    """Pairs of members of built-in arrangements of ``kind`` on ``day`` (joined on or
    before it, not yet left); weight = arrangements the pair shares."""
    m = _kind_members(members, arrangements, kind)
    joined = pd.to_datetime(m["joined"])
    left = pd.to_datetime(m["left"])
    live = m[(joined <= day) & (left.isna() | (left >= day))]
    spans = pd.DataFrame(
        {
            "arrangement": live["arrangement"].to_numpy(),
            "code": live["cow_code"].to_numpy(dtype="int64"),
            "year": day.year,
        }
    ).drop_duplicates()
    return _shared(spans, ["arrangement", "year"])


def _kind_members(members: pd.DataFrame, arrangements: pd.DataFrame, kind: str) -> pd.DataFrame:
    ids = arrangements.loc[arrangements["kinds"].map(lambda k: kind in k), "id"]
    m = members[members["arrangement"].isin(ids) & members["joined"].notna()]
    return m.reset_index(drop=True)


def _shared(spans: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Pairs (ccode1 < ccode2) sharing a group of ``on``, weight = groups shared."""
    x = spans.merge(spans, on=on)
    x = x[x["code_x"] < x["code_y"]]
    out = (
        x.groupby(["code_x", "code_y", "year"], as_index=False)["arrangement"]
        .nunique()
        .rename(columns={"code_x": "ccode1", "code_y": "ccode2", "arrangement": "weight"})
    )
    return out.astype({"weight": "float64"})


def _pairs(a: pd.Series, b: pd.Series, year: int) -> pd.DataFrame:
    lo = np.minimum(a.to_numpy(dtype="int64"), b.to_numpy(dtype="int64"))
    hi = np.maximum(a.to_numpy(dtype="int64"), b.to_numpy(dtype="int64"))
    out = pd.DataFrame({"ccode1": lo, "ccode2": hi}).drop_duplicates()
    return out.assign(year=year, weight=1.0)


def tie_frame(parts: dict[str, pd.DataFrame], span: tuple[int, int]) -> pd.DataFrame:
    """The ties of each layer (``parts``: layer -> ccode1, ccode2, year, weight) as one
    frame ``ccode1 < ccode2, year, layer`` (categorical over the layer names), ``weight``,
    restricted to ``span``."""
    frames = [t.assign(layer=name) for name, t in parts.items()]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TIE_COLUMNS)
    out = out[out["year"].between(*span)][TIE_COLUMNS]
    out = out.astype({"ccode1": "int64", "ccode2": "int64", "year": "int64", "weight": "float64"})
    out["layer"] = pd.Categorical(out["layer"], categories=LAYERS)
    return out.sort_values(["year", "layer", "ccode1", "ccode2"], ignore_index=True)


# -- the public wrapper ------------------------------------------------------------------------
def read_layer(
    name: str, span: tuple[int, int], store: Store | None, on: pd.Timestamp | None = None
) -> pd.DataFrame:
    """One layer's ties in ``span`` (or on the day ``on``), read through :mod:`foedus.data`."""
    if name in ATOP_LAYERS or name == "alliance":
        from foedus.dyads import load_atop_ties

        if on is not None:
            return atop_layer_on(load_atop_ties(store, level="day"), name, on)
        ties = load_atop_ties(store, level="year", directed=False)
        return atop_layer(ties[ties["year"].between(*span)], name)
    if name in BUILTIN_LAYERS:
        from foedus import builtin

        cat = builtin.load()
        if on is not None:
            return builtin_layer_on(cat.members, cat.arrangements, name, on)
        return builtin_layer(cat.members, cat.arrangements, name, span)
    first, last = span if on is None else (on.year, on.year)
    if name == "exercises":
        from foedus.partners.ties import exercise_dyads

        ex = exercise_dyads(store)
        ex = ex[ex["year"].between(first, last) & (ex["exercises"] > 0)]
        return ex.rename(columns={"exercises": "weight"}).astype({"weight": "float64"})
    from foedus.data.networks import read_layer_ties

    return read_layer_ties(name, (first, last), store)


def network_ties(
    layer: str | Sequence[str],
    years: Years = None,
    store: Store | None = None,
    *,
    on: str | dt.date | None = None,
) -> pd.DataFrame:
    """Undirected ties of one or more network layers, by year or on a date.

    Parameters
    ----------
    layer
        A layer name, several comma-separated, or a list (see the module docstring).
    years
        ``YYYY``, ``YYYY-YYYY`` or ``(first, last)``; default: every year all the layers'
        data cover. Ignored when ``on`` is given.
    store
        The store (default: the user's store).
    on
        A date: only ties in force that day (ATOP member spells and built-in memberships
        by day; the yearly store layers by the date's year).

    Returns
    -------
    pandas.DataFrame
        ``ccode1 < ccode2`` (COW codes), ``year``, ``layer`` (categorical) and ``weight``
        (1 for ATOP layers; agreements, TIV, IGOs, exercises or built-in arrangements
        shared otherwise).

    References
    ----------
    Leeds, B. A. et al. (2002). "Alliance Treaty Obligations and Provisions, 1815–1944."
    International Interactions 28: 237–260 (ATOP 5.1); the store layers' sources as in
    :mod:`foedus.data.networks`.
    """
    layers = check_layers(layer)
    if on is not None:
        day = check_day(on, layers)
        span = (day.year, day.year)
        return tie_frame({n: read_layer(n, span, store, day) for n in layers}, span)
    span = check_span(years, layers)
    return tie_frame({n: read_layer(n, span, store) for n in layers}, span)
