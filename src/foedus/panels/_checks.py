"""Argument checks shared by the verbs: one-line errors naming the argument."""

from __future__ import annotations

from typing import Any

from foedus.errors import FoedusError
from foedus.panels._join import PanelType, panel_type


def check_panel(frame: Any, *, dyadic: bool = False) -> PanelType:
    """The panel's type; FoedusError when ``frame`` is not a panel (or not a dyad-year
    panel when ``dyadic``)."""
    if frame is None:
        raise FoedusError(
            "frame None is not a panel; accepted: a frame made by state_years() or dyad_years()"
        )
    kind = panel_type(frame)
    if dyadic and kind.unit != "dyad-year":
        raise FoedusError(
            "this verb needs a dyad-year panel; accepted: a frame made by dyad_years()"
        )
    return kind


def check_flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise FoedusError(f"{name}={value!r} is not a flag; accepted: True or False")
    return value


def check_choice(name: str, value: Any, accepted: tuple[str, ...]) -> str:
    if value not in accepted:
        raise FoedusError(f"{name} {value!r} is unknown; accepted: {', '.join(accepted)}")
    return str(value)
