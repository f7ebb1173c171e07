"""The real fetch code against a local HTTP server on 127.0.0.1 serving ../shared/data."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import shutil
import sys
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

from foedus.errors import FoedusError
from foedus.sources import MODULES, RemoteFile, spec
from foedus.sources.catalog import catalog
from foedus.sources.fetch import fetch, fetch_all
from foedus.store import sha256_file

ATOP_FILES = ("atop5_1a.csv", "atop5_1m.csv", "atop5_1aph.csv", "atop5_1sy.csv")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


@pytest.fixture(scope="module")
def mirror(shared_data):
    server, url = _serve(shared_data)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def serve(tmp_path):
    servers = []

    def start(directory):
        server, url = _serve(directory)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _atop_copy(shared_data, folder):
    folder.mkdir(parents=True)
    for name in ATOP_FILES:
        shutil.copyfile(shared_data / "atop" / name, folder / name)


def test_fetch_atop_from_the_mirror(mirror, store):
    release = fetch("atop", store=store, mirror=mirror, progress=False)
    assert release.rows == {"alliance": 789, "member": 2510, "phase": 849, "stateyear": 11923}
    expected = {f.filename: f.sha256 for f in spec("atop").files}
    assert store.releases()["atop"].files == expected
    alliances = store.table("atop", "alliance")
    assert (alliances["defense"] == 1).sum() == 280


def test_fetch_reads_the_mirror_from_the_environment(mirror, store, monkeypatch):
    monkeypatch.setenv("FOEDUS_MIRROR", mirror)
    release = fetch("cow_war", store=store, progress=True)
    assert release.rows == {"participants": 337, "dyads": 1364}


def test_corrupted_download_stores_nothing(shared_data, tmp_path, serve, store):
    store.write_source(
        "atop", "previous", {"alliance": pd.DataFrame({"atopid": [1]})}, citation="c"
    )
    registry = (store.home / "registry.json").read_bytes()
    _atop_copy(shared_data, tmp_path / "srv" / "atop")
    corrupted = tmp_path / "srv" / "atop" / "atop5_1m.csv"
    corrupted.write_text(corrupted.read_text().replace("1815,1,3,1815,2,8", "1815,1,4,1815,2,8", 1))
    actual = sha256_file(corrupted)
    expected = next(f.sha256 for f in spec("atop").files if f.filename == "atop5_1m.csv")
    assert actual != expected
    url = serve(tmp_path / "srv")
    message = rf"atop5_1m\.csv from .*: sha256 {actual} does not match the catalog's {expected}"
    with pytest.raises(FoedusError, match=message):
        fetch("atop", store=store, mirror=url, progress=False)
    assert (store.home / "registry.json").read_bytes() == registry
    assert store.releases()["atop"].version == "previous"


def test_missing_file_on_the_mirror(tmp_path, serve, store):
    (tmp_path / "empty").mkdir()
    url = serve(tmp_path / "empty")
    with pytest.raises(
        FoedusError,
        match=r"download of .*/peacesciencer/cow_majors\.csv failed: "
        r"HTTP 404",
    ):
        fetch("cow_majors", store=store, mirror=url, progress=False)
    assert not store.has("cow_majors")


def test_official_zip_archive_is_unpacked_and_verified(
    shared_data, tmp_path, serve, store, monkeypatch
):
    """ATOP's official distribution is one zip: members are found by name and verified."""
    folder = tmp_path / "srv"
    folder.mkdir()
    with zipfile.ZipFile(folder / "atop.zip", "w") as zf:
        for name in ATOP_FILES:
            zf.write(shared_data / "atop" / name, f"ATOP 5.1 (.csv)/{name}")
    url = serve(folder) + "atop.zip"
    official = spec("atop")
    local = dataclasses.replace(
        official, files=tuple(RemoteFile(f.filename, url, f.sha256) for f in official.files)
    )
    monkeypatch.setattr("foedus.sources.fetch.spec", lambda name: local)
    monkeypatch.delenv("FOEDUS_MIRROR", raising=False)
    release = fetch("atop", store=store, progress=False)
    assert release.rows["member"] == 2510


@pytest.mark.slow
def test_fetch_all_from_the_mirror(mirror, store):
    table = fetch_all(store=store, mirror=mirror, progress=False)
    ours = table[table["source"].isin(["atop", "cow_nmc", "gml_mid", "rivalries"])]
    assert (ours["error"] == "").all()
    assert set(table["source"]) == set(MODULES)
    assert store.releases()["cow_nmc"].rows == {"nmc": 17121}


@pytest.mark.parametrize("mirror", ["", "ftp://x", "not a url"])
def test_fetch_all_refuses_a_bad_mirror_before_any_source(mirror, store):
    with pytest.raises(FoedusError, match="is not an http"):
        fetch_all(store=store, mirror=mirror, progress=False)
    assert store.releases() == {}


def test_catalog_lists_every_source():
    table = catalog()
    assert set(table["source"]) == set(MODULES)
    assert table["url"].str.startswith("https://").all()
    assert (table["citation"].str.len() > 20).all()
    digests = table["sha256"].dropna()
    assert digests.str.fullmatch(r"[0-9a-f]{64}").all()
    assert set(table.loc[table["sha256"].notna(), "source"]) >= {"atop"}


def test_catalog_digests_match_the_release_files(shared_data):
    table = catalog()
    for row in table[table["sha256"].notna()].itertuples():
        path = shared_data / row.mirror_path
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row.sha256, row.file


def _cli(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    from foedus.cli.main import run

    monkeypatch.setattr(sys, "argv", ["foedus", *args])
    with pytest.raises(SystemExit) as exit_info:
        run()
        sys.exit(0)
    out, err = capsys.readouterr()
    return exit_info.value.code or 0, out, err


def test_cli_fetch_import_status_catalog(mirror, shared_data, store, monkeypatch, capsys):
    code, out, _ = _cli(
        monkeypatch, capsys, "data", "fetch", "cow_majors", "--mirror", mirror, "--format", "csv"
    )
    assert code == 0 and out.splitlines()[1] == "cow_majors,2016,majors (14),14"
    code, out, _ = _cli(
        monkeypatch,
        capsys,
        "data",
        "import",
        "rivalries",
        str(shared_data / "peacesciencer" / "td_rivalries.csv"),
        "-f",
        "csv",
    )
    assert code == 0 and "rivalries,td2012-tss2022,td (197),197" in out
    code, out, _ = _cli(monkeypatch, capsys, "data", "status", "-f", "csv")
    assert code == 0 and "cow_majors" in out and "rivalries" in out
    code, out, _ = _cli(monkeypatch, capsys, "data", "catalog", "-f", "csv")
    assert code == 0 and "atop5_1m.csv" in out


def test_cli_errors_are_one_line(store, monkeypatch, capsys, tmp_path):
    code, _, err = _cli(monkeypatch, capsys, "data", "fetch")
    assert code == 2 and err.startswith("error: give one SOURCE or --all")
    code, _, err = _cli(monkeypatch, capsys, "data", "import", "nosuch", str(tmp_path))
    assert code == 2 and err.strip().count("\n") == 0 and "unknown source 'nosuch'" in err
    bad = tmp_path / "cow_majors.csv"
    bad.write_text("ccode,styear\n2,1898\n")
    code, _, err = _cli(monkeypatch, capsys, "data", "import", "cow_majors", str(bad))
    assert code == 2 and "cow_majors.csv: required column 'stmonth' is missing" in err
    assert not store.has("cow_majors")


class _Truncating(SimpleHTTPRequestHandler):
    """Promises more bytes than it sends, then hangs up: an interrupted download."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"ccode,styear,stmonth\n2,1898,8\n")
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


def test_interrupted_download_stores_nothing(store):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Truncating)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        expected = r"cow_majors\.csv failed: connection closed after 30 of 100000 bytes"
        with pytest.raises(FoedusError, match=expected):
            fetch("cow_majors", store=store, mirror=url, progress=False)
    finally:
        server.shutdown()
        server.server_close()
    assert not store.has("cow_majors")


def test_zip_inside_a_zip_named_by_the_url_fragment(
    shared_data, tmp_path, serve, store, monkeypatch
):
    """NMC 7.0 ships as NMCv7.zip holding NMC-v7-abridged.zip holding the CSV."""
    inner = tmp_path / "NMC-v7-abridged.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.write(shared_data / "peacesciencer" / "cow_nmc.csv", "NMC-70-abridged.csv")
    (tmp_path / "srv").mkdir()
    with zipfile.ZipFile(tmp_path / "srv" / "NMCv7.zip", "w") as zf:
        zf.write(inner, "NMCv7/NMC-v7-abridged.zip")
    official = spec("cow_nmc")
    (remote,) = official.files
    fragment = remote.url.partition("#")[2]
    assert fragment == "NMC-v7-abridged.zip/NMC-70-abridged.csv"
    url = serve(tmp_path / "srv") + "NMCv7.zip#" + fragment
    local = dataclasses.replace(official, files=(RemoteFile(remote.filename, url),))
    monkeypatch.setattr("foedus.sources.fetch.spec", lambda name: local)
    monkeypatch.delenv("FOEDUS_MIRROR", raising=False)
    release = fetch("cow_nmc", store=store, progress=False)
    assert (release.version, release.rows) == ("7.0", {"nmc": 17121})


@pytest.mark.parametrize("name", ["mindist", "cow_contiguity", "rivalries"])
def test_official_files_in_another_format_are_refused_before_download(name, store, monkeypatch):
    monkeypatch.delenv("FOEDUS_MIRROR", raising=False)
    with pytest.raises(
        FoedusError,
        match=rf"^{name}: the official .* not the .* layout foedus "
        rf"reads; accepted: a mirror",
    ):
        fetch(name, store=store, progress=False)
    assert not store.has(name)


def test_cli_fetch_all_names_each_failure(store, monkeypatch, capsys):
    """The table view hid the `error` column: 34 rows of "0" rows and no reason why; the
    reasons are a table of their own, the error on stderr one line."""
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    monkeypatch.setattr("foedus.sources.fetch.MODULES", {"atop": "x", "cow_nmc": "y"})
    code, out, err = _cli(monkeypatch, capsys, "data", "fetch", "--all", "--mirror", dead, "-q")
    assert code == 2 and "2 of 2 sources failed: atop, cow_nmc" in err
    code, out, err = _cli(
        monkeypatch, capsys, "data", "fetch", "--all", "--mirror", dead, "-f", "table"
    )
    assert code == 2 and len(err.strip().splitlines()) == 1  # the error stays one line
    assert "Fetch: failed (2 rows)" in out and "download of" in out and "refused" in out
    assert {line.split()[-1] for line in out.splitlines() if line.startswith("download")} == {
        "atop",
        "cow_nmc",
    }
    assert "Fetch: fetched" not in out  # nothing was
    code, out, err = _cli(
        monkeypatch, capsys, "data", "fetch", "--all", "--mirror", dead, "-f", "csv"
    )
    assert code == 2 and out.splitlines()[0] == "source,version,tables,rows,error"
    assert out.count("failed") == 2
