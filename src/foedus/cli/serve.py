"""``foedus serve``: the local web app and REST API."""

from __future__ import annotations

import contextlib
import ctypes
import ipaddress
import os
from typing import Annotated

import typer

from foedus.errors import FoedusError

LOOPBACK = "127.0.0.1"
MAX_REQUEST_BYTES = 1024 * 1024


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1 or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def few_arenas() -> None:
    """At most two malloc arenas in the server and its workers: glibc gives threads their
    own arenas (up to eight per core), each keeping the memory pandas frees, so a server's
    memory grew with every busy thread. Elsewhere than glibc, nothing changes."""
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")  # the worker processes, at their start
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX, for this process


def serve_cmd(
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8765,
    host: Annotated[
        str, typer.Option(help="address to bind (default loopback; others print a warning)")
    ] = LOOPBACK,
    workers: Annotated[
        int,
        typer.Option(
            min=0,
            max=16,
            help="processes computing scenarios beside the server's own (0: in its threads)",
        ),
    ] = 2,
) -> None:
    """Start the web app and REST API (http://127.0.0.1:8765/, API docs at /docs)."""
    try:
        import uvicorn

        from foedus.web import workers as pool
        from foedus.web.app import create_app
    except ImportError as exc:
        raise FoedusError(
            f"the web app needs {exc.name}; accepted: pip install 'foedus[web]'"
        ) from None
    if not is_loopback(host):
        typer.echo(
            f"warning: binding {host}: anyone who can reach this address can use the app "
            "(it is read-only and has no login)",
            err=True,
        )
    pool.WORKERS = workers
    few_arenas()
    typer.echo(f"foedus: http://{host}:{port}/  (API docs: /docs; Ctrl-C stops)", err=True)
    # requests up to 1 MiB reach the app, which answers an oversized one with a 422 naming
    # the parameter (h11's 16 KiB default drops the connection without a message)
    uvicorn.run(
        create_app(),
        host=host,
        port=port,
        log_level="warning",
        h11_max_incomplete_event_size=MAX_REQUEST_BYTES,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
