"""A bounded cache of JSON answers: the API is read-only, so an answer depends only on the
query and on the store's loaded releases."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

import foedus

SIZE = 4096  # answers kept; the oldest used goes first
_answers: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_lock = threading.Lock()


def releases_key() -> tuple[tuple[str, str], ...]:
    """What is loaded: a new import changes every key."""
    return tuple(sorted((n, r.directory) for n, r in foedus.Store().releases().items()))


def cached(request: Request, compute: Callable[[], Any]) -> Response:
    """The JSON of ``compute()`` for this path and query, computed once per loaded data."""
    key = (request.url.path, tuple(sorted(request.query_params.multi_items())), releases_key())
    with _lock:
        body = _answers.get(key)
        if body is not None:
            _answers.move_to_end(key)
    if body is None:
        body = bytes(JSONResponse(compute()).body)
        with _lock:
            _answers[key] = body
            while len(_answers) > SIZE:
                _answers.popitem(last=False)
    return Response(body, media_type="application/json")
