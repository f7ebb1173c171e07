"""Load and abuse of ``foedus serve`` on loopback: latency, errors and memory.

Starts ``foedus serve`` on 127.0.0.1 (a free port) over a store, then 32 concurrent clients
send ``--requests`` requests (default 5,000) mixing ``GET /api/v1/who-defends`` (60%) and the
deterministic ``GET /api/v1/scenario`` (40%), drawn with a fixed seed from a pool of states,
pairs and dates (the pool sizes and the share of repeated queries are printed: the server
caches answers, so repeats are cheaper). Alongside, in the ``abuse`` phase, a stream of
oversized and malformed requests (a billion runs, 10,000 attackers, bad dates, unknown
states, 100,000-character strings, a 10,000-attacker job) must each get a 4xx with a message.

Two phases, each on a fresh server: ``clean`` (normal requests only) and ``abuse`` (the same
normal requests with the abusive ones interleaved), so the p99 of the normal requests shows
whether abuse slows other clients. Reports per endpoint: count, errors, p50, p99, max; the
server's resident memory (RSS, its worker processes included) after warm-up, at the end, and
the peak sampled every 0.2 s.
Targets: 0 errors, p99 < 150 ms for who-defends and < 500 ms for a scenario, flat memory.

Bounded: every request has a 30 s timeout and the whole run stops after ``--deadline``
seconds (default 900). Requests go to 127.0.0.1 only.

Run: .venv/bin/python benchmarks/serve_load.py [--requests N] [--clients C] [--home DIR]
(default store: ATOP 5.1, COW states and NMC imported from ../shared/data into a temporary
folder, else the built-in set only).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import httpx
import numpy as np
import psutil

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCES = {
    "cow_states": "peacesciencer/cow_states.csv",
    "atop": "atop",
    "cow_nmc": "peacesciencer/cow_nmc.csv",
}
STATES = [
    "Estonia", "Latvia", "Lithuania", "Poland", "Germany", "France", "United Kingdom", "Italy",
    "Spain", "Turkey", "Greece", "Norway", "Denmark", "Netherlands", "Belgium", "Canada",
    "United States", "Japan", "South Korea", "Australia", "Philippines", "Thailand", "Brazil",
    "Argentina", "Mexico", "Egypt", "Israel", "Saudi Arabia", "Iran", "India", "Pakistan",
    "China", "Russia", "Ukraine", "Finland", "Sweden", "Romania", "Hungary", "Kenya", "Nigeria",
]  # fmt: skip
PAIRS = [
    ("Russia", "Estonia"), ("Russia", "Ukraine"), ("Russia", "Poland"), ("Russia", "Finland"),
    ("China", "Japan"), ("China", "Philippines"), ("North Korea", "South Korea"),
    ("Iraq", "Kuwait"), ("Iran", "Saudi Arabia"), ("Greece", "Turkey"), ("India", "Pakistan"),
    ("Egypt", "Israel"), ("Argentina", "Chile"), ("Germany", "France"), ("Germany", "Poland"),
    ("Serbia", "Croatia"), ("Ethiopia", "Somalia"), ("Venezuela", "Colombia"),
    ("Morocco", "Algeria"), ("Vietnam", "Cambodia"),
]  # fmt: skip
DATES = [f"{y}-06-01" for y in (2024, 2022, 2020, 2015, 2010, 2005, 2000, 1995)]
WHO_SHARE = 0.6


def abusive() -> list[tuple[str, str, dict | None]]:
    """(label, path and query, JSON body) of requests that must get a 4xx quickly."""
    many = "&".join(["attacker=Russia"] * 10_000)
    long = "x" * 100_000
    return [
        ("runs=1e9", "/api/v1/scenario?attacker=Russia&target=Estonia&runs=1000000000", None),
        ("10,000 attackers", f"/api/v1/scenario?{many}&target=Estonia", None),
        ("bad date", "/api/v1/who-defends?state=Estonia&on=2024-02-30", None),
        ("unknown state", "/api/v1/who-defends?state=Narnia&on=2024-06-01", None),
        ("long string", f"/api/v1/who-defends?state={long}", None),
        ("long date", f"/api/v1/scenario?attacker=Russia&target=Estonia&on={long}", None),
        ("seed -1", "/api/v1/scenario?attacker=Russia&target=Estonia&runs=10&seed=-1", None),
        (
            "job 10,000 attackers",
            "/api/v1/jobs/scenario",
            {"attacker": ["Russia"] * 10_000, "target": ["Estonia"], "runs": 1000},
        ),
        (
            "job 1e12 runs",
            "/api/v1/jobs/scenario",
            {"attacker": ["Russia"], "target": ["Estonia"], "runs": 10**12},
        ),
    ]


RAW_URL = 60_000  # URLs longer than this go over a connection of their own


class Connection:
    """One client's keep-alive HTTP/1.1 connection to the server, with as little work per
    request as a client can do (httpx's per-request CPU, on the same two cores as the
    server, was several times the server's own for a cached answer and inflated every
    latency measured)."""

    def __init__(self, base: str) -> None:
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, url: str, body: dict | None) -> tuple[int, str]:
        """GET ``url`` (or POST ``body`` as JSON); the status and the body's text."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        url = quote(url, safe="/?&=:%+,")  # "United Kingdom" as httpx would send it
        if body is None:
            head = f"GET {url} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode()
        else:
            data = json.dumps(body).encode()
            head = (
                f"POST {url} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json"
                f"\r\nContent-Length: {len(data)}\r\n\r\n"
            ).encode() + data
        self.writer.write(head)
        lines = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        if "content-length" in headers:
            text = await self.reader.readexactly(int(headers["content-length"]))
        else:  # chunked
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                parts.append(await self.reader.readexactly(size + 2))
            await self.reader.readuntil(b"\r\n")
            text = b"".join(p[:-2] for p in parts)
        if headers.get("connection") == "close":
            await self.close()
        return status, text.decode("utf-8", errors="replace")

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def raw_get(base: str, url: str) -> tuple[int, str]:
    """GET ``url`` over a connection of its own (a very long URL, answered and closed)."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 30)
    try:
        request = f"GET {url} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        writer.write(request.encode())
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 30)
    finally:
        writer.close()
    head, _, body = answer.decode(errors="replace").partition("\r\n\r\n")
    return int(head.split(" ", 2)[1]), body


def normal_requests(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        on = rng.choice(DATES)
        if rng.random() < WHO_SHARE:
            out.append(("who-defends", f"/api/v1/who-defends?state={rng.choice(STATES)}&on={on}"))
        else:
            a, t = rng.choice(PAIRS)
            out.append(("scenario", f"/api/v1/scenario?attacker={a}&target={t}&on={on}"))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``foedus serve`` on a free loopback port, with its RSS sampled in the background."""

    def __init__(self, home: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "FOEDUS_HOME": str(home)}
        code = "from foedus.cli.main import run; run()"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, "serve", "--port", str(self.port)],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        self.peak = 0
        self._stop = threading.Event()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.base}/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            self.close()
            raise SystemExit("the server did not start within 60 s")
        self.process = psutil.Process(self.proc.pid)
        threading.Thread(target=self._sample, daemon=True).start()

    def rss(self) -> int:
        """Resident memory of the server and its worker processes."""
        procs = [self.process, *self.process.children(recursive=True)]
        total = 0
        for p in procs:
            with contextlib.suppress(psutil.Error):  # a worker that just exited
                total += p.memory_info().rss
        return total

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.rss())
            except psutil.Error:
                return
            time.sleep(0.2)

    def close(self) -> None:
        self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def _run(
    base: str,
    normal: list[tuple[str, str]],
    abuse: list[tuple[str, str, dict | None]],
    clients: int,
    deadline: float,
) -> tuple[dict, dict, int]:
    """Send every request with ``clients`` workers; return latencies and failures."""
    queue: asyncio.Queue = asyncio.Queue()
    every = max(1, len(normal) // max(1, len(abuse))) if abuse else 0
    k = 0
    for i, item in enumerate(normal):
        queue.put_nowait(("normal", *item, None))
        if every and i % every == every - 1 and k < len(abuse):
            queue.put_nowait(("abuse", *abuse[k]))
            k += 1
    times: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, list[str]] = defaultdict(list)
    stop = time.monotonic() + deadline

    async def worker() -> None:
        connection = Connection(base)
        try:
            while not queue.empty() and time.monotonic() < stop:
                kind, label, url, body = queue.get_nowait()
                start = time.perf_counter()
                try:
                    if len(url) > RAW_URL:
                        status, text = await raw_get(base, url)
                    else:
                        status, text = await asyncio.wait_for(connection.send(url, body), 30)
                except (OSError, ValueError, asyncio.IncompleteReadError) as exc:  # timeouts too
                    status, text = 0, type(exc).__name__
                    await connection.close()
                elapsed = time.perf_counter() - start
                key = label if kind == "normal" else f"abuse: {label}"
                times[key].append(elapsed)
                ok = (
                    status == 200 if kind == "normal" else 400 <= status < 500 and "message" in text
                )
                if not ok:
                    failures[key].append(f"{status} {text[:100]}")
        finally:
            await connection.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    return times, failures, queue.qsize()


def phase(name: str, home: Path, args: argparse.Namespace) -> dict[str, float]:
    normal = normal_requests(args.requests, args.seed)
    abuse = abusive() * max(1, args.requests // 100 // len(abusive())) if name == "abuse" else []
    server = Server(home)
    try:
        warm = normal_requests(20, args.seed + 1)
        for _, url in warm:
            httpx.get(f"{server.base}{url}", timeout=60)
        rss_start = server.rss()
        started = time.perf_counter()
        times, failures, left = asyncio.run(
            _run(server.base, normal, abuse, args.clients, args.deadline)
        )
        wall = time.perf_counter() - started
        rss_end = server.rss()
    finally:
        server.close()
    distinct = len(set(normal))
    print(
        f"\n== phase {name}: {len(normal):,} requests ({distinct:,} distinct, "
        f"{1 - distinct / len(normal):.0%} repeats) + {len(abuse)} abusive, {args.clients} "
        f"clients, {wall:.1f} s wall, {sum(map(len, times.values())) / wall:.0f} req/s"
        + (f"; {left} NOT SENT (deadline)" if left else "")
    )
    print(f"{'endpoint':<34} {'n':>6} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    summary = {}
    for key in sorted(times, key=lambda k: (k.startswith("abuse"), k)):
        ms = np.array(times[key]) * 1000
        p50, p99 = np.percentile(ms, 50), np.percentile(ms, 99)
        summary[key] = p99
        print(
            f"{key:<34} {len(ms):>6} {len(failures[key]):>6} {p50:>8.1f} {p99:>8.1f} "
            f"{ms.max():>8.1f}"
        )
    for key, items in failures.items():
        print(f"  failures of {key}: {items[:3]}")
    mb = 1024 * 1024
    print(
        f"server RSS: {rss_start / mb:.0f} MB after warm-up, {rss_end / mb:.0f} MB at the end, "
        f"peak {server.peak / mb:.0f} MB"
    )
    return summary


def _store(args: argparse.Namespace, tmp: str) -> Path:
    if args.home:
        return Path(args.home)
    home = Path(tmp) / "home"
    if not DATA.is_dir():
        print("store: the built-in set only (../shared/data absent)")
        return home
    from foedus.sources import import_source
    from foedus.store import Store

    store = Store(home)
    for name, path in SOURCES.items():
        import_source(name, DATA / path, store)
    print(f"store: {', '.join(SOURCES)} imported from {DATA}")
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--home", help="FOEDUS_HOME of the store to serve")
    parser.add_argument("--phases", default="clean,abuse")
    parser.add_argument("--deadline", type=float, default=900, help="seconds per phase")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="foedus-serve-load-") as tmp:
        home = _store(args, tmp)
        for name in args.phases.split(","):
            phase(name, home, args)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
