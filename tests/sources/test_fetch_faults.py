"""Fetching from servers that misbehave: a trickle, a bogus Content-Length, an interruption;
and mirrors that are not URLs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cli_helpers import invoke

from foedus.errors import FoedusError
from foedus.sources.fetch import fetch

MAJORS = b"ccode,styear,stmonth,stday,endyear,endmonth,endday\n2,1898,8,13,2016,12,31\n"


class _Trickle(BaseHTTPRequestHandler):
    """Promises 1000 bytes and sends one every 0.2 s: alive, but never done in time."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


class _BogusLength(BaseHTTPRequestHandler):
    """Serves a good file with a Content-Length header that is not a number."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "abc")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(MAJORS)
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    running = []

    def start(handler) -> str:
        srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        running.append(srv)
        return f"http://127.0.0.1:{srv.server_port}/"

    yield start
    for srv in running:
        srv.shutdown()
        srv.server_close()


def test_trickling_server_is_cut_off_at_the_deadline(server, store):
    url = server(_Trickle)
    started = time.monotonic()
    with pytest.raises(FoedusError, match=r"cow_majors\.csv failed: .*past its deadline"):
        fetch("cow_majors", store=store, mirror=url, progress=False, deadline=1.0)
    assert time.monotonic() - started < 10
    assert not store.has("cow_majors")


def test_content_length_that_is_not_a_number(server, store):
    release = fetch("cow_majors", store=store, mirror=server(_BogusLength), progress=False)
    assert release.rows == {"majors": 1}
    assert store.table("cow_majors", "majors")["ccode"].tolist() == [2]


@pytest.mark.parametrize("mirror", ["", "not a url", "ftp://example.org/x", "http://"])
def test_mirror_that_is_not_a_url_is_one_line(mirror, store, monkeypatch):
    result = invoke(f"data fetch cow_majors --mirror '{mirror}'", monkeypatch)
    assert result.code == 2
    assert result.err.count("\n") == 1 and f"mirror '{mirror}' is not" in result.err
    assert not store.has("cow_majors")


@pytest.mark.parametrize("mirror", [123, b"http://x", ["http://x"]])
def test_mirror_of_another_type_is_refused(mirror, store):
    with pytest.raises(FoedusError, match=r"^mirror .* is not a URL; accepted: a base URL"):
        fetch("cow_majors", store=store, mirror=mirror)


@pytest.mark.parametrize("deadline", [0, -1, float("nan"), "soon"])
def test_deadline_must_be_positive_seconds(deadline, store):
    with pytest.raises(FoedusError, match=r"^deadline .* is invalid; accepted: seconds > 0"):
        fetch("cow_majors", store=store, mirror="http://127.0.0.1:9/", deadline=deadline)


_CHILD = """
import sys
from foedus.cli.main import run
sys.argv = ["foedus", "data", "fetch", "cow_majors", "--mirror", sys.argv[1]]
run()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_fetch_removes_its_temporary_folder(server, tmp_path, signum):
    url = server(_Trickle)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {
        **os.environ,
        "TMPDIR": str(tmp),
        "FOEDUS_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(Path(__file__).parents[2] / "src"),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, url], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not list(tmp.glob("foedus-cow_majors-*/*.part")):
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the fetch never started downloading"
            time.sleep(0.05)
        child.send_signal(signum)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode != 0
    assert "Traceback" not in err
    assert list(tmp.iterdir()) == []
    assert not (tmp_path / "home" / "registry.json").exists()
