"""A scenario from its command-line/REST parameters, and its sections as JSON.

One place for both interfaces: ``foedus scenario`` and ``GET /api/v1/scenario`` parse the same
parameters (``entrant`` as ``STATE:attacker|target``, ``honour`` as ``TYPE=P`` or
``calibrated``, ``provoked`` as ``yes|no|unknown``) and serialise the same sections.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.errors import FoedusError

if TYPE_CHECKING:
    from foedus.casus import Scenario
    from foedus.store import Store

PROVOKED: dict[str, bool | None] = {"yes": True, "no": False, "unknown": None}


def parse_entrants(items: Sequence[str] | None) -> dict[str | int, str]:
    """``STATE:attacker|target`` items as ``{state: side}``."""
    out: dict[str | int, str] = {}
    for item in items or []:
        state, _, side = item.rpartition(":")
        if not state or side not in ("attacker", "target"):
            raise FoedusError(
                f"entrant {item!r} invalid; accepted: STATE:attacker or "
                "STATE:target (e.g. Russia:target)"
            )
        out[state] = side
    return out


def parse_honour(items: Sequence[str] | None, year: int) -> dict[str, float]:
    """``TYPE=P`` overrides, on top of the calibrated rates when ``calibrated`` is given."""
    from foedus.cascade import resolve_probabilities

    items = list(items or [])
    out = resolve_probabilities(year, "calibrated") if "calibrated" in items else {}
    for item in items:
        if item == "calibrated":
            continue
        kind, _, value = item.partition("=")
        try:
            out[kind] = float(value)
        except ValueError:
            raise FoedusError(
                f"honour {item!r} invalid; accepted: calibrated, or TYPE=P, e.g. defense=0.5"
            ) from None
    return out


def build_scenario(
    attacker: Sequence[str],
    target: Sequence[str],
    on: str | dt.date | None,
    *,
    location: Sequence[str] = (),
    provoked: str = "no",
    entrant: Sequence[str] | None = None,
    attack: Sequence[str] | None = None,
    chain_ganging: bool = False,
    honour_suspended: bool = False,
) -> Scenario:
    """The :class:`foedus.Scenario` named by the CLI's/API's parameters."""
    from foedus.casus import Scenario

    if provoked not in PROVOKED:
        raise FoedusError(f"provoked {provoked!r} invalid; accepted: yes, no, unknown")
    return Scenario.build(
        attacker,
        target,
        on if on is not None else dt.date.today(),
        location=location,
        provoked=PROVOKED[provoked],
        entrants=parse_entrants(entrant),
        attacks=list(attack or []),
        chain_ganging=chain_ganging,
        honour_suspended=honour_suspended,
    )


def scenario_json(
    scenario: Scenario,
    *,
    runs: int = 0,
    seed: int | None = None,
    honour: Sequence[str] | None = None,
    free_join: float = 0.0,
    unknown: str = "unmet",
    sources: str | None = None,
    store: Store | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """:func:`sections_json` of :func:`scenario_sections`; without a Monte Carlo, made from
    the sections' columns, not their frames (:func:`foedus.cascade.report.scenario_columns`:
    the same rows, without making and reading back pandas frames)."""
    if runs:
        return sections_json(
            scenario_sections(
                scenario,
                runs=runs,
                seed=seed,
                honour=honour,
                free_join=free_join,
                unknown=unknown,
                sources=sources,
                store=store,
            )
        )
    from foedus.cascade.report import scenario_columns
    from foedus.casus.pledges import fixed_frame
    from foedus.commitments import shared_obligations_on

    obligations = fixed_frame(shared_obligations_on(scenario.date, store=store, sources=sources))
    parse_honour(honour, scenario.date.year)  # checked as with runs
    return sections_json(scenario_columns(scenario, obligations, unknown=unknown))


def scenario_sections(
    scenario: Scenario,
    *,
    runs: int = 0,
    seed: int | None = None,
    honour: Sequence[str] | None = None,
    free_join: float = 0.0,
    unknown: str = "unmet",
    sources: str | None = None,
    store: Store | None = None,
) -> dict[str, pd.DataFrame]:
    """Triggered obligations, entrants by round, flags and (with ``runs``) the Monte Carlo.

    Returns
    -------
    dict of str to pandas.DataFrame
        The sections of :func:`foedus.run_scenario`, in its order.
    """
    from foedus.cascade import run_scenario
    from foedus.casus.pledges import fixed_frame
    from foedus.commitments import shared_obligations_on

    obligations = fixed_frame(shared_obligations_on(scenario.date, store=store, sources=sources))
    return run_scenario(
        scenario,
        obligations,
        runs=runs,
        seed=seed,
        unknown=unknown,
        probabilities=parse_honour(honour, scenario.date.year),
        free_join=free_join,
        store=store,
    )


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-ready dicts (each value as :func:`jsonable` makes it;
    whole numeric and date columns at once)."""
    return column_records({str(c): frame.iloc[:, k].array for k, c in enumerate(frame.columns)})


def column_records(columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows of a table given as its columns (name to a list, a numpy array, a
    ``pandas.Categorical`` or another pandas array, all of one length: the frame
    ``pd.DataFrame(columns)`` would hold) as JSON-ready dicts, as :func:`records` of that
    frame, without making it."""
    names = list(columns)
    values = [_column(col) for col in columns.values()]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def _column(col: Any) -> list[Any]:
    if isinstance(col, pd.Categorical):
        words = _words(col.dtype)
        return [words[c] for c in col.codes.tolist()]  # code -1: missing
    if isinstance(col, pd.api.extensions.ExtensionArray):
        if isinstance(col, pd.arrays.NumpyExtensionArray | pd.arrays.DatetimeArray):
            col = col.to_numpy()
        else:  # nullable and Arrow arrays: each cell as pandas gives it
            return [v if type(v) in _PLAIN else jsonable(v) for v in col.tolist()]
    if not isinstance(col, np.ndarray):
        return [v if type(v) in _PLAIN else jsonable(v) for v in col]
    kind = col.dtype.kind
    if kind in ("i", "u", "b"):
        return col.tolist()
    if kind == "f":
        out = col.astype(object)
        out[~np.isfinite(col)] = None
        return out.tolist()
    if kind == "M":
        missing = np.isnat(col)
        days = col.astype("datetime64[D]")
        whole = bool((missing | (days == col)).all())
        text = np.datetime_as_string(days if whole else col.astype("datetime64[s]"))
        out = text.astype(object)
        out[missing] = None
        return out.tolist()
    return [v if type(v) in _PLAIN else jsonable(v) for v in col.tolist()]


def _words(dtype: pd.CategoricalDtype) -> list[Any]:
    """Each category of ``dtype`` made JSON-ready, then None (for code -1, missing); kept per
    dtype object (the engines' categoricals share a few). Not keyed on the dtype's value:
    pandas counts two unordered dtypes with the same categories in another order as equal."""
    kept = _WORDS.get(id(dtype))
    if kept is not None and kept[0] is dtype:
        return kept[1]
    words = [jsonable(c) for c in dtype.categories.tolist()] + [None]
    if len(_WORDS) >= 256:
        _WORDS.clear()
    _WORDS[id(dtype)] = (dtype, words)  # the dtype held: its id is not reused meanwhile
    return words


_WORDS: dict[int, tuple[pd.CategoricalDtype, list[Any]]] = {}
_PLAIN = (str, int, bool)  # JSON-ready as they are (jsonable returns them unchanged)


def sections_json(
    sections: Mapping[str, pd.DataFrame | Mapping[str, Any]],
) -> dict[str, list[dict[str, Any]]]:
    """One JSON object for a scenario: each section's name to its rows (a section a frame,
    or its columns as :func:`column_records` takes them)."""
    return {
        name: records(table) if isinstance(table, pd.DataFrame) else column_records(table)
        for name, table in sections.items()
    }


def to_json(sections: Mapping[str, pd.DataFrame]) -> str:
    """The JSON text ``-f json`` writes and the API serves: a lone unnamed frame (key ``""``)
    as an array of rows, several sections as one object of section name to rows."""
    import json

    payload: object = records(sections[""]) if list(sections) == [""] else sections_json(sections)
    return json.dumps(payload, indent=1, ensure_ascii=False, default=str) + "\n"


def jsonable(value: object) -> object:
    """``value`` as a JSON-ready Python value: numpy scalars as Python numbers, NaN, NaT and
    infinities as null, lists, tuples and arrays as lists, dates as ``YYYY-MM-DD`` (with
    ``THH:MM:SS`` when a timestamp is not at midnight)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, list | tuple | np.ndarray):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, pd.Timestamp | dt.datetime):
        if pd.isna(value):
            return None
        midnight = value.time() == dt.time(0) and value.tzinfo is None
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return jsonable(pd.Timestamp(value))
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
