"""Applying verbs by their short names (the CLI's ``--add``), optionally in
peacesciencer's conventions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from foedus.data import session
from foedus.errors import FoedusError
from foedus.panels._checks import check_flag, check_panel
from foedus.panels._join import Frame
from foedus.panels.alliances import add_arms_transfers, add_atop_alliance, add_dcas, add_exercises
from foedus.panels.conflict import (
    add_cow_mids,
    add_cow_wars,
    add_gml_mids,
    add_peace_years,
    add_rivalries,
)
from foedus.panels.registry import MORE_STATE_VERBS, MORE_VERBS
from foedus.panels.status import (
    add_capital_distance,
    add_contiguity,
    add_cow_majors,
    add_ideal_point_distance,
    add_igos,
    add_minimum_distance,
    add_nmc,
    add_sipri_milex,
    add_us_troops,
)

if TYPE_CHECKING:
    from foedus.store import Store

VERBS: dict[str, Callable[..., Any]] = {
    "atop": add_atop_alliance,
    "nmc": add_nmc,
    "contiguity": add_contiguity,
    "majors": add_cow_majors,
    "mids": add_cow_mids,
    "gml-mids": add_gml_mids,
    "wars": add_cow_wars,
    "distance": add_capital_distance,
    "mindist": add_minimum_distance,
    "igos": add_igos,
    "dcas": add_dcas,
    "exercises": add_exercises,
    "arms": add_arms_transfers,
    "idealpoints": add_ideal_point_distance,
    "sipri-milex": add_sipri_milex,
    "us-troops": add_us_troops,
    "rivalries": add_rivalries,
    "peace-years": add_peace_years,
}
STATE_VERBS: tuple[str, ...] = ("nmc", "majors", "igos", "idealpoints", "sipri-milex", "us-troops")
VERBS |= MORE_VERBS  # democracy, trade, leaders, ... (panels.registry)
STATE_VERBS += MORE_STATE_VERBS
# the verbs that take carry_forward (slowly changing attributes)
CARRY_FORWARD = ("atop", "nmc", "contiguity", "majors", "mindist", "igos", "sipri-milex")
# each verb's options giving peacesciencer's values (see docs/data.md)
PEACESCIENCER: dict[str, dict[str, Any]] = {
    "contiguity": {"form": "spells"},
    "distance": {"distance": "peacesciencer"},
    "mids": {"details": True, "keep_codes": True},
    "gml-mids": {"details": True, "keep_codes": True},
    "peace-years": {"since": "ongoing", "counting": "rows"},
    "ucdp-onsets": {"zero_everywhere": True},
}


def add(
    frame: Frame,
    names: Sequence[str],
    *,
    peacesciencer: bool = False,
    carry_forward: bool = False,
    store: Store | None = None,
) -> Frame:
    """Apply verbs by their short names (the keys of ``VERBS``), in order.

    Parameters
    ----------
    frame
        A panel from :func:`state_years` or :func:`dyad_years`.
    names
        Verb names, e.g. ``["atop", "nmc", "peace-years"]``.
    peacesciencer
        Use each verb's peacesciencer options (:data:`PEACESCIENCER`): contiguity from the
        spell table, capital distance on the WGS84 radius with the 1 January capital, MID
        detail columns with -9 codes kept, peace years from ongoing disputes counted in
        panel rows.
    carry_forward
        Reuse each slowly changing source's last year for later years
        (:data:`CARRY_FORWARD` verbs).
    store
        The store (default: the user's store).

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        The panel with every verb's columns.
    """
    if isinstance(names, str) or not all(isinstance(n, str) for n in names):
        raise FoedusError(
            f"names {names!r} is not a list of verb names; accepted: e.g. ['atop', 'nmc']"
        )
    unknown = [n for n in names if n not in VERBS]
    if unknown:
        raise FoedusError(f"unknown panel verb {unknown[0]!r}; accepted: {', '.join(VERBS)}")
    check_flag("peacesciencer", peacesciencer)
    check_flag("carry_forward", carry_forward)
    if check_panel(frame).unit == "state-year":
        wrong = [n for n in names if n not in STATE_VERBS]
        if wrong:
            raise FoedusError(
                f"verb {wrong[0]!r} needs a dyad-year panel; accepted for "
                f"state-years: {', '.join(STATE_VERBS)}"
            )
    with session():  # one DuckDB connection for every verb's reads
        for name in names:
            options: dict[str, Any] = dict(PEACESCIENCER.get(name, {})) if peacesciencer else {}
            if carry_forward and name in CARRY_FORWARD:
                options["carry_forward"] = True
            frame = VERBS[name](frame, store=store, **options)
    return frame
