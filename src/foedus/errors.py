"""Errors foedus raises for bad input.

Every error carries a one-line message naming the bad value, where it was, and what is
accepted. The CLI prints that line and exits with code 2.
"""

from __future__ import annotations


class FoedusError(ValueError):
    """Bad input: an unknown state, an impossible date, a malformed file, a wrong column."""


class UnknownStateError(FoedusError):
    """A state name or code that resolves to no state, or to more than one."""


class NotInSystemError(FoedusError):
    """A state that was not a member of the state system on the date asked about."""


class DataFormatError(FoedusError):
    """A source file that does not have the layout its importer accepts."""


class NotLoadedError(FoedusError):
    """A dataset the caller asked for has not been imported into the store."""


class StoreError(FoedusError):
    """The store cannot be used as asked: damaged files or registry, an unwritable folder."""


def shown(value: object, limit: int = 60) -> str:
    """``value`` as it appears in a one-line error: a frame or array by its size, anything
    else by its repr with line breaks removed, cut at ``limit`` characters."""
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and shape and not isinstance(value, str | bytes):
        return f"<{type(value).__name__} of shape {tuple(shape)}>"
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
