"""Progress of long computations, reported to whoever listens (the CLI draws a bar).

Engines mark their long loops with :func:`track` or :func:`progress`; by default nothing
is reported and the cost is one context-variable lookup. An interface installs a reporter
with :func:`reporting` (the command line draws a Rich progress bar on a terminal's stderr),
so engines stay free of any display code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

Advance = Callable[[int], None]
# A reporter opens one task: given its total and label, it yields a function that
# advances the task by a number of completed units.
Reporter = Callable[[int, str], contextlib.AbstractContextManager[Advance]]

_REPORTER: ContextVar[Reporter | None] = ContextVar("foedus_progress", default=None)


def _ignore(done: int) -> None:
    """Advance nothing: no reporter is installed."""


@contextlib.contextmanager
def progress(total: int, label: str) -> Iterator[Advance]:
    """A task of ``total`` units: yields ``advance(n)``, to call as units complete.

    Parameters
    ----------
    total : int
        Units of work (scenarios, wars, chunks).
    label : str
        What is being done, e.g. ``"scenarios"``.
    """
    reporter = _REPORTER.get()
    if reporter is None:
        yield _ignore
        return
    with reporter(total, label) as advance:
        yield advance


def track(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """Yield ``items``, advancing a task of ``total`` units by one per item."""
    with progress(total, label) as advance:
        for item in items:
            yield item
            advance(1)


@contextlib.contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Install ``reporter`` for the tasks opened inside this block (None: report nothing)."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)
