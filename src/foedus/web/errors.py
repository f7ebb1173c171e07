"""Errors as JSON: the parameter, the message naming the bad value and what is accepted."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from foedus.errors import FoedusError, NotLoadedError, UnknownStateError


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
