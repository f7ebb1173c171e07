"""The API's answer cache: one computation per query however many ask at once, a bounded
number at a time, and a bounded memory."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.requests import Request

from foedus.web import cache
from foedus.web.errors import ApiError


def _cached(request: Request, compute):
    """``cache.cached`` awaited from a plain thread (its own event loop)."""
    return asyncio.run(cache.cached(request, compute))


def _request(query: str) -> Request:
    return Request(
        {"type": "http", "path": "/api/v1/x", "query_string": query.encode(), "headers": []}
    )


@pytest.fixture(autouse=True)
def empty(store, monkeypatch):
    monkeypatch.setattr(cache, "_answers", type(cache._answers)())
    monkeypatch.setattr(cache, "_held", 0)


def test_concurrent_requests_for_one_answer_compute_it_once():
    calls, running, most = [], [0], [0]
    lock = threading.Lock()

    def compute(n: int):
        def run():
            with lock:
                calls.append(n)
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.2)
            with lock:
                running[0] -= 1
            return {"n": n}

        return run

    with ThreadPoolExecutor(16) as pool:
        same = list(pool.map(lambda _: _cached(_request("q=1"), compute(1)).body, range(8)))
        other = list(pool.map(lambda i: _cached(_request(f"q={i}"), compute(i)), range(2, 12)))
    assert set(same) == {b'{"n":1}'} and calls.count(1) == 1
    assert len(calls) == 11 and [r.status_code for r in other] == [200] * 10
    assert most[0] <= cache.SLOTS


def test_an_error_reaches_every_waiter_and_is_not_kept():
    def fail():
        time.sleep(0.2)
        raise ApiError(422, "x", "x 'bad' invalid; accepted: good")

    def ask(_):
        try:
            _cached(_request("bad=1"), fail)
        except ApiError as exc:
            return exc.status

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(ask, range(4))) == [422] * 4
    assert cache._pending == {} and len(cache._answers) == 0


def test_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(cache, "BYTES", 10_000)
    for i in range(50):
        _cached(_request(f"i={i}"), lambda: {"pad": "x" * 1000})
    assert cache._held <= 10_000 and 5 <= len(cache._answers) <= 10
    assert cache._held == sum(map(len, cache._answers.values()))


def test_the_releases_key_follows_an_import_at_once(store):
    from tests.commitments.test_commitments_atop import member, write_atop

    assert cache.releases_key() == ()
    write_atop(store, [member(9001, 2, "1950-01-01", defense=1)])
    first = cache.releases_key()
    assert [name for name, _ in first] == ["atop"]
    assert cache.releases_key() is first  # kept (not read again) while the registry stands
    write_atop(store, [member(9001, 2, "1951-01-01", defense=1)])  # within the same second
    second = cache.releases_key()
    assert second != first and [name for name, _ in second] == ["atop"]


def test_a_kept_answer_is_sent_before_routing():
    from fastapi.responses import Response
    from fastapi.testclient import TestClient

    seen = []

    async def app(scope, receive, send):  # the app behind: routing, checks, endpoints
        seen.append(scope["method"])
        await Response(b'{"computed":1}', media_type="application/json")(scope, receive, send)

    client = TestClient(cache.KeptAnswers(app))
    scope = {"path": "/api/v1/x", "query_string": b"b=2&a=1"}
    cache._keep(cache._key(scope), b'{"kept":1}')
    assert client.get("/api/v1/x?a=1&b=2").json() == {"kept": 1} and seen == []
    assert client.get("/api/v1/x?a=1").json() == {"computed": 1} and seen == ["GET"]
    assert client.post("/api/v1/x?a=1&b=2").json() == {"computed": 1}  # GET only


def test_a_repeated_query_gets_the_same_bytes_in_any_order(client, monkeypatch):
    import foedus

    calls = []
    real = foedus.who_defends
    monkeypatch.setattr(foedus, "who_defends", lambda *a, **k: calls.append(a) or real(*a, **k))
    first = client.get("/api/v1/who-defends?state=Estonia&on=2024-06-01")
    # the same query in another order, and after the endpoint could no longer answer it
    monkeypatch.setattr(foedus, "resolve", lambda *a, **k: 1 / 0)
    again = client.get("/api/v1/who-defends?on=2024-06-01&state=Estonia")
    assert first.status_code == again.status_code == 200 and len(calls) == 1
    assert again.content == first.content and again.headers["content-type"] == "application/json"
    assert len(again.json()) == 57  # the 31 other NATO members and the 26 other EU members
    other = client.get("/api/v1/who-defends?state=Latvia&on=2024-06-01")
    assert other.status_code == 500  # not kept: it reaches the endpoint


def test_a_bad_request_is_never_kept_nor_answered_from_the_cache(client):
    for _ in range(2):
        bad = client.get("/api/v1/who-defends?state=Narnia&on=2024-06-01")
        assert bad.status_code == 404 and "Narnia" in bad.json()["error"]["message"]
    assert len(cache._answers) == 0
