"""Import every catalogued source from ../shared/data (and fetch ATOP through a local mirror).

Prints, per source: rows stored, time to read and validate, time to import into a fresh
store (read + validate + write Parquet + registry), and the process's peak memory so far.
Run: .venv/bin/python benchmarks/import_sources.py
"""

from __future__ import annotations

import functools
import resource
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from foedus.sources import MODULES, import_source, spec
from foedus.sources.fetch import fetch
from foedus.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# sources staged elsewhere than below their mirror folder: the G-W list as peacesciencer's CSV
STAGED = {"gw_states": "peacesciencer/gw_states.csv"}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"skipped: {DATA} is absent")
    print(f"{'source':<16}{'rows':>10}{'read s':>9}{'import s':>10}{'peak MB':>9}")
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        for name in MODULES:
            folder = DATA / STAGED.get(name, spec(name).mirror_dir)
            _, read_s = _timed(lambda folder=folder, name=name: spec(name).read(folder))
            release, import_s = _timed(
                lambda folder=folder, name=name: import_source(name, folder, store)
            )
            rows = sum(release.rows.values())
            print(f"{name:<16}{rows:>10,}{read_s:>9.3f}{import_s:>10.3f}{_peak_mb():>9.0f}")
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=DATA))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        mirror = f"http://127.0.0.1:{server.server_port}/"
        _, fetch_s = _timed(lambda: fetch("atop", store=store, mirror=mirror, progress=False))
        server.shutdown()
        print(
            f"fetch atop via local mirror (download + sha256 + import): {fetch_s:.3f} s; "
            f"peak {_peak_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
