"""``foedus serve``: a real server on loopback answers the API and the app."""

from __future__ import annotations

import httpx

from foedus.cli.serve import is_loopback
from tests.cli_helpers import invoke


def test_serve_answers_who_defends_and_the_app(server):
    rows = httpx.get(f"{server}/api/v1/who-defends?state=Estonia&on=2024-06-01").json()
    # the 31 other NATO members, and Austria, Cyprus, Ireland and Malta by the EU clause alone
    assert len({r["defender"] for r in rows}) == 35
    assert "<title>" in httpx.get(f"{server}/").text


def test_binding_another_address_warns(monkeypatch):
    served = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: served.update(kw))
    result = invoke("serve --host 0.0.0.0 --port 9", monkeypatch)
    assert result.code == 0 and served["host"] == "0.0.0.0" and served["port"] == 9
    assert served["h11_max_incomplete_event_size"] == 1024 * 1024
    assert "warning: binding 0.0.0.0" in result.err
    assert not invoke("serve --port 9", monkeypatch).err.startswith("warning")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_an_oversized_query_gets_a_422_with_a_message(server):
    # 10,000 attackers: a 160 kB request line, over h11's 16 kB default but under the
    # 1 MiB that `foedus serve` lets through, so the app names the parameter
    import socket

    host, port = server.removeprefix("http://").split(":")
    path = "/api/v1/scenario?" + "&".join(["attacker=Russia"] * 10_000) + "&target=Estonia"
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b"".join(iter(lambda: s.recv(65536), b"")).decode()
    assert answer.startswith("HTTP/1.1 422")
    assert '"parameter":"attacker"' in answer and "at most 20" in answer


def test_a_scenario_is_computed_in_a_worker_process_like_in_process(server, client):
    url = "/api/v1/scenario?attacker=Russia&target=Estonia&on=2024-06-01"
    served = httpx.get(f"{server}{url}", timeout=120)
    assert served.status_code == 200
    assert served.json() == client.get(url).json()  # the app in this process: the same answer
    entrants = {(r["state"], r["side"]) for r in served.json()["entrants"]}
    assert ("United States of America", "target") in entrants
    # a bad value met in the worker is a 422 naming the parameters, as in process
    bad = httpx.get(f"{server}{url}&honour=defense%3Dlots", timeout=120)
    assert bad.status_code == 422
    assert "honour 'defense=lots' invalid" in bad.json()["error"]["message"]


def test_the_worker_processes_stop_with_the_server(tmp_path):
    import psutil

    from tests.web.conftest import serve

    running = serve(tmp_path / "home")
    base = next(running)
    url = f"{base}/api/v1/scenario?attacker=Russia&target=Estonia"
    assert httpx.get(url, timeout=120).status_code == 200
    server = next(
        p
        for p in psutil.process_iter(["cmdline"])
        if p.info["cmdline"] and base.rsplit(":", 1)[1] in " ".join(p.info["cmdline"])
    )
    children = server.children(recursive=True)
    assert len([c for c in children if "spawn_main" in " ".join(c.cmdline())]) == 2
    running.close()  # SIGTERM, as Ctrl-C or a service manager stops it
    _, alive = psutil.wait_procs(children, timeout=20)
    assert not alive
