"""Which store sources a panel's columns came from: ``attrs["sources"]`` of a pandas panel.

Each verb of the peacesciencer-parity modules records the sources it read, so
:func:`foedus.panels.cite.cite` can write BibTeX for exactly those; columns added by other
verbs are recognised by name (:data:`foedus.panels.cite.COLUMN_SOURCES`).
"""

from __future__ import annotations

from typing import Any


def record(frame: Any, *sources: str) -> Any:
    """``frame`` with ``sources`` added to ``attrs["sources"]`` (pandas only; polars frames
    have no attrs, and :func:`~foedus.panels.cite.cite` then reads their column names)."""
    attrs = getattr(frame, "attrs", None)
    if isinstance(attrs, dict):
        known = list(attrs.get("sources", []))
        attrs["sources"] = known + [s for s in sources if s not in known]
    return frame
