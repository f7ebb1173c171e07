"""The Gleditsch–Ward list in its official layout (iisystem.dat, microstatessystem.dat):
tab-separated, no header, DD:MM:YYYY dates, Latin-1 names; import, fetch and panels."""

from __future__ import annotations

import dataclasses
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

from foedus import panels
from foedus.errors import DataFormatError
from foedus.sources import RemoteFile, import_source, spec
from foedus.sources.fetch import _check_official_layout, fetch

STATES = [
    ("2", "USA", "United States of America", "01:01:1816", "31:12:2017"),
    ("20", "CAN", "Canada", "01:07:1867", "31:12:2017"),
    ("260", "GFR", "German Federal Republic", "21:09:1949", "02:10:1990"),
    ("271", "WRT", "Württemberg", "01:01:1816", "17:01:1871"),
    ("437", "CDI", "Côte d'Ivoire", "07:08:1960", "31:12:2017"),
]
MICROSTATES = [
    ("221", "MNC", "Monaco", "01:01:1816", "31:12:2017"),
    ("232", "AND", "Andorra", "01:01:1816", "31:12:2017"),
]


def _dat(path, rows, encoding="latin-1"):
    path.write_bytes("".join("\t".join(r) + "\n" for r in rows).encode(encoding))
    return path


@pytest.fixture
def official(tmp_path):
    folder = tmp_path / "gleditsch_ward"
    folder.mkdir()
    _dat(folder / "iisystem.dat", STATES)
    _dat(folder / "microstatessystem.dat", MICROSTATES)
    return folder


def test_official_files_with_microstates_flagged(official, store):
    release = import_source("gw_states", official, store)
    assert release.rows == {"states": 7}
    states = store.table("gw_states", "states").set_index("gwcode")
    assert states.loc[20, "startdate"] == pd.Timestamp("1867-07-01")
    assert states.loc[260, "enddate"] == pd.Timestamp("1990-10-02")
    assert states.loc[271, "statename"] == "Württemberg"  # Latin-1 decoded
    assert states.loc[437, "statename"] == "Côte d'Ivoire"
    assert states.loc[states["microstate"]].index.tolist() == [221, 232]


def test_one_official_file_and_utf8(tmp_path, store):
    path = _dat(tmp_path / "iisystem.dat", STATES, encoding="utf-8")
    import_source("gw_states", path, store)
    states = store.table("gw_states", "states")
    assert len(states) == 5 and not states["microstate"].any()
    assert "Württemberg" in set(states["statename"])


def test_panels_leave_microstates_out(official, store):
    import_source("gw_states", official, store)
    assert panels.state_years(1816, system="gw", store=store)["gwcode"].tolist() == [2, 271]
    # USA, CAN, GFR and CDI: 6 pairs (15 if Monaco and Andorra counted)
    assert len(panels.dyad_years(1960, system="gw", store=store)) == 6


def test_impossible_date_names_row_and_format(official, store):
    rows = [*STATES[:2], ("260", "GFR", "German Federal Republic", "21:09:1949", "31:02:1990")]
    _dat(official / "iisystem.dat", rows)
    with pytest.raises(
        DataFormatError,
        match=r"^iisystem\.dat row 3, column enddate: '31:02:1990' is not a valid date; "
        r"accepted: DD:MM:YYYY$",
    ):
        import_source("gw_states", official, store)
    assert not store.has("gw_states")


def test_wrong_separator_is_refused(tmp_path, store):
    path = tmp_path / "iisystem.dat"
    path.write_text("".join(",".join(r) + "\n" for r in STATES))
    with pytest.raises(DataFormatError, match=r"^iisystem\.dat: 1 tab-separated columns"):
        import_source("gw_states", path, store)


def test_folder_needs_iisystem(tmp_path, store):
    with pytest.raises(DataFormatError, match=r"iisystem\.dat is missing"):
        import_source("gw_states", tmp_path, store)


def test_official_urls_give_the_layout_read():
    assert [f.url for f in spec("gw_states").files] == [
        "https://ksgleditsch.com/data/iisystem.dat",
        "https://ksgleditsch.com/data/microstatessystem.dat",
    ]
    _check_official_layout(spec("gw_states"))  # .dat is read as it is served


@pytest.fixture
def server(official):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=official.parent)
    handler.log_message = lambda *args: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_from_official_addresses_and_a_mirror(server, store, monkeypatch):
    monkeypatch.delenv("FOEDUS_MIRROR", raising=False)
    official = spec("gw_states")
    local = dataclasses.replace(
        official,
        files=tuple(
            RemoteFile(f.filename, server + "gleditsch_ward/" + f.filename) for f in official.files
        ),
    )
    monkeypatch.setattr("foedus.sources.fetch.spec", lambda name: local)
    assert fetch("gw_states", store=store, progress=False).rows == {"states": 7}
    monkeypatch.undo()
    assert fetch("gw_states", store=store, mirror=server, progress=False).rows == {"states": 7}


def test_official_layout_reads_as_peacesciencer_csv(shared_data, tmp_path, store):
    """The real list, written out in the official layout, reads back as the CSV form."""
    csv = pd.read_csv(shared_data / "peacesciencer/gw_states.csv", dtype=str)
    for col in ("startdate", "enddate"):
        csv[col] = pd.to_datetime(csv[col]).dt.strftime("%d:%m:%Y")
    path = _dat(tmp_path / "iisystem.dat", csv.itertuples(index=False))
    assert import_source("gw_states", path, store).rows == {"states": 216}
    ours = store.table("gw_states", "states")
    import_source("gw_states", shared_data / "peacesciencer/gw_states.csv", store)
    pd.testing.assert_frame_equal(ours, store.table("gw_states", "states"))
