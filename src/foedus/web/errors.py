"""Errors as JSON: the parameter, the message naming the bad value and what is accepted."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import unquote_plus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from foedus.errors import FoedusError, NotLoadedError, UnknownStateError

MAX_VALUES = 20  # values of one query parameter (a scenario's attackers, targets, ...)


class ApiError(Exception):
    """A 4xx answer: ``status``, the ``parameter`` at fault and a one-line ``message``."""

    def __init__(self, status: int, parameter: str | None, message: str):
        super().__init__(message)
        self.status, self.parameter, self.message = status, parameter, message

    @classmethod
    def from_foedus(cls, exc: FoedusError, parameter: str | None = None) -> ApiError:
        """404 for a state or dataset that is not there, 422 for any other bad value."""
        status = 404 if isinstance(exc, UnknownStateError | NotLoadedError) else 422
        return cls(status, parameter, " ".join(str(exc).split()))

    def response(self) -> JSONResponse:
        body = {"error": {"status": self.status, "parameter": self.parameter}}
        body["error"]["message"] = self.message
        return JSONResponse(body, status_code=self.status)


def known_parameters(request: Request) -> None:
    """Refuse a query parameter the endpoint does not take (a misspelt or retired name,
    e.g. ``from``/``to`` for ``years``), rather than silently answering without it.

    Parameters
    ----------
    request
        The request, after routing (its route names the parameters it declares).
    """
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    known: set[str] = set()
    todo = [dependant]
    while todo:
        current = todo.pop()
        known.update(p.alias for p in current.query_params)
        todo.extend(current.dependencies)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ApiError(
            422,
            unknown[0],
            f"{unknown[0][:40]!r} is not a parameter of {request.url.path}; accepted: "
            + (", ".join(sorted(known)) or "no query parameters"),
        )


def install(app: FastAPI) -> None:
    """Answer every error with JSON; a bug is a 500 with one line, never a stack trace."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(FoedusError)
    async def foedus_error(request: Request, exc: FoedusError) -> JSONResponse:
        return ApiError.from_foedus(exc).response()

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first: dict[str, Any] = exc.errors()[0]
        where = [str(part) for part in first.get("loc", ()) if part not in ("query", "path")]
        value = str(first.get("input", ""))[:40]
        message = f"{'.'.join(where) or 'request'} {value!r} invalid; accepted: {first['msg']}"
        return ApiError(422, ".".join(where) or None, message).response()

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return ApiError(exc.status_code, None, str(exc.detail)).response()

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        message = f"internal error ({type(exc).__name__}); please report it with the URL"
        return ApiError(500, None, message).response()


class RepeatedParameters:
    """ASGI middleware: a query giving one parameter more than :data:`MAX_VALUES` values is
    refused with a 422 naming it, before routing: checking 10,000 values against their
    declared types first cost the server's process ~40 ms, the time of hundreds of answers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["query_string"].count(b"&") >= MAX_VALUES:
            raw = Counter(item.partition(b"=")[0] for item in scope["query_string"].split(b"&"))
            names: Counter[str] = Counter()  # as parse_qsl decodes them, without its cost
            for key, n in raw.items():
                names[unquote_plus(key.decode("latin-1"))] += n
            name, count = names.most_common(1)[0]
            if count > MAX_VALUES:
                message = f"{name[:40]!r} given {count} times; accepted: at most {MAX_VALUES}"
                await ApiError(422, name[:40], message).response()(scope, receive, send)
                return
        await self.app(scope, receive, send)
