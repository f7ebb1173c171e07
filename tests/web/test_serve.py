"""``foedus serve``: a real server on loopback answers the API and the app."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest

from foedus.cli.serve import is_loopback
from tests.cli_helpers import invoke


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(store):
    """``foedus serve --port N`` in a subprocess, stopped after the test."""
    port = free_port()
    code = "from foedus.cli.main import run; run()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port)], stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_answers_who_defends_and_the_app(server):
    rows = httpx.get(f"{server}/api/v1/who-defends?state=Estonia&on=2024-06-01").json()
    # the 31 other NATO members, and Austria, Cyprus, Ireland and Malta by the EU clause alone
    assert len({r["defender"] for r in rows}) == 35
    assert "<title>" in httpx.get(f"{server}/").text


def test_binding_another_address_warns(monkeypatch):
    served = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: served.update(kw))
    result = invoke("serve --host 0.0.0.0 --port 9", monkeypatch)
    assert result.code == 0 and served == {"host": "0.0.0.0", "port": 9, "log_level": "warning"}
    assert "warning: binding 0.0.0.0" in result.err
    assert not invoke("serve --port 9", monkeypatch).err.startswith("warning")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
