"""Every public function of ``foedus`` meets junk arguments with a clear error.

Hypothesis fills each required parameter of each public callable with awkward values
(empty and non-ASCII strings, negative, fractional, non-finite and huge numbers, empty
containers and frames, ``None``). A call may succeed or raise ``FoedusError``, ``ValueError``
or ``TypeError`` with a message; an internal ``IndexError``, ``KeyError``,
``AttributeError``, ``ZeroDivisionError`` or ``OverflowError`` is a defect. The store is an
empty one in a temporary ``FOEDUS_HOME``, so functions that need research data must say so.
"""

from __future__ import annotations

import inspect
import math
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import foedus

#: not called: they start services, touch the network, or return classes tested elsewhere
NOT_CALLED = {
    "fetch": "downloads; tested with a local server in test_fetch*.py",
    "dask_executor": "starts a Dask cluster; tested in test_sweep.py",
    "Store": "a class; the store is tested in test_store.py and test_faults.py",
    "FoedusError": "the error class itself",
}
ACCEPTED = (foedus.FoedusError, ValueError, TypeError)
JUNK: list[Any] = [
    None,
    "",
    "²",
    "abc",
    " NATO ",
    "1914-02-30",
    "x" * 300,
    -1,
    0,
    2.5,
    math.nan,
    math.inf,
    10**20,
    True,
    (),
    [],
    ["abc"],
    {},
    np.array([1, 2, 3]),
    pd.DataFrame(),
]


def _public() -> list[tuple[str, Callable[..., Any]]]:
    names = sorted(set(foedus._EXPORTS) - set(NOT_CALLED))
    return [(name, getattr(foedus, name)) for name in names if callable(getattr(foedus, name))]


def _cases() -> list[Any]:
    return [pytest.param(name, fn, id=name) for name, fn in _public()]


def _required(fn: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return []
    return [
        p
        for p in params
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]


class _Hang(Exception):
    pass


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def _empty_home(tmp_path, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(("name", "fn"), _cases())
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_public_function_rejects_junk_clearly(name: str, fn: Callable[..., Any], data) -> None:
    args, kwargs = [], {}
    for param in _required(fn):
        value = data.draw(st.sampled_from(JUNK), label=param.name)
        if param.kind is param.KEYWORD_ONLY:
            kwargs[param.name] = value
        else:
            args.append(value)
    try:
        with _deadline(30):
            fn(*args, **kwargs)
    except ACCEPTED as exc:
        message = str(exc)
        assert message.strip(), f"{name}{tuple(args)} raised {type(exc).__name__} without a message"
        assert "\n" not in message.strip() or isinstance(exc, TypeError), message
    except _Hang:
        pytest.fail(f"{name}{tuple(args)} {kwargs} ran for over 30 s instead of refusing")
    except Exception as exc:
        pytest.fail(f"{name}{tuple(map(repr, args))} {kwargs!r} raised {type(exc).__name__}: {exc}")


def test_every_public_callable_is_exercised() -> None:
    called = {name for name, _ in _public()}
    assert {"who_defends", "s_score", "simulate", "burden", "dyad_years", "ties"} <= called
    assert set(foedus._EXPORTS) - called <= set(NOT_CALLED) | {
        n for n in foedus._EXPORTS if not callable(getattr(foedus, n))
    }
