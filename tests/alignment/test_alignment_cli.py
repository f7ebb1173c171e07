"""The similarity and network commands, run as a user would."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.cli_helpers import invoke


@pytest.fixture
def cli_store(store):
    member = pd.DataFrame(
        {
            "atopid": [1, 1, 2, 2],
            "member": [2, 200, 2, 20],
            "entry": pd.to_datetime(["1949-08-24"] * 4),
            "exit": pd.to_datetime([None] * 4),
            "defense": [1, 1, 1, 1],
            "offense": 0,
            "neutral": 0,
            "nonagg": 0,
            "consul": 1,
            "obvary": 0,
            "phase": 0,
        }
    )
    store.write_source("atop", "5.1", {"member": member}, citation="test")
    return store


def test_similarity_command(cli_store, monkeypatch, tmp_path):
    png = tmp_path / "s.png"
    res = invoke(
        f'similarity USA "United Kingdom" --years 1990-1995 --method s,tau_b --plot {png} -f json',
        monkeypatch,
    )
    assert res.code == 0, res.err
    frame = res.frame()
    assert list(frame.year) == list(range(1990, 1996))
    assert (frame.s > 0).all() and png.stat().st_size > 1000


def test_similarity_command_errors(cli_store, monkeypatch):
    res = invoke("similarity USA Narnia", monkeypatch)
    assert res.code == 2 and "Narnia" in res.err
    res = invoke("similarity USA UKG --method cosine", monkeypatch)
    assert res.code == 2 and "method 'cosine'" in res.err


def test_network_command(cli_store, monkeypatch, tmp_path):
    res = invoke(
        f"network --years 1990 --layer defense --metrics -f json --export {tmp_path / 'n.graphml'}",
        monkeypatch,
    )
    assert res.code == 0, res.err
    assert res.frame().iloc[0]["ties"] == 2
    assert (tmp_path / "n.graphml").exists()
    res = invoke("network --years 1990 -f json", monkeypatch)
    assert res.frame().iloc[0]["abb"] == "USA"
    res = invoke("network --years 1990-1992 -f json", monkeypatch)
    assert list(res.frame().year) == [1990, 1991, 1992]
    res = invoke("network --years 1990 --layer nope", monkeypatch)
    assert res.code == 2 and "layer 'nope'" in res.err


@pytest.fixture
def dated_store(store):
    """USA-UKG from 1949-08-24; USA-CAN only from 1990-08-02 (a pact signed mid-year)."""
    member = pd.DataFrame(
        {
            "atopid": [1, 1, 2, 2],
            "member": [2, 200, 2, 20],
            "entry": pd.to_datetime(["1949-08-24", "1949-08-24", "1990-08-02", "1990-08-02"]),
            "exit": pd.to_datetime([None] * 4),
            "defense": 1,
            "offense": 0,
            "neutral": 0,
            "nonagg": 0,
            "consul": 0,
            "obvary": 0,
            "phase": 0,
        }
    )
    store.write_source("atop", "5.1", {"member": member}, citation="test")
    return store


def test_network_on_a_day(dated_store, monkeypatch, tmp_path):
    res = invoke("network --on 1990-07-28 --metrics -f json", monkeypatch)
    assert res.code == 0, res.err
    assert res.frame().iloc[0]["ties"] == 1  # USA-CAN not yet signed
    res = invoke("network --on 1990-08-02 --metrics -f json", monkeypatch)
    assert res.frame().iloc[0]["ties"] == 2
    res = invoke("network --years 1990 --metrics -f json", monkeypatch)
    assert res.frame().iloc[0]["ties"] == 2  # the year's network has both
    res = invoke("network --on 1990-07-28 --allies 2 -f json", monkeypatch)
    assert res.frame()[["ccode1", "ccode2", "distance"]].values.tolist() == [[2, 200, 1]]


def test_network_plot_by_suffix_and_bad_paths(dated_store, monkeypatch, tmp_path):
    for suffix, magic in ((".svg", b"<?xml"), (".pdf", b"%PDF"), (".png", b"\x89PNG")):
        out = tmp_path / f"n{suffix}"
        res = invoke(f"network --on 1990-08-02 --plot {out} -f json", monkeypatch)
        assert res.code == 0, res.err
        assert out.read_bytes().startswith(magic)
    cases = {
        f"network --years 1990 --plot {tmp_path / 'n.txt'}": "suffix '.txt'",
        f"network --years 1990 --plot {tmp_path / 'missing' / 'n.png'}": "does not exist",
        f"network --years 1990 --export {tmp_path / 'missing' / 'n.json'}": "missing folder",
        f"network --years 1990-1991 --plot {tmp_path / 'n.png'}": "draw one network",
        "network --layer defense": "give --years or --on",
        "network --years 1990 --on 1990-01-01": "not both",
        "network --on 1990-02-30": "not a valid date",
        "network --years 1990 --layer intelligence": "layer 'intelligence' is unknown",
        "network --years 1990 --allies 0": "k 0 is not a number of steps",
    }
    for command, message in cases.items():
        res = invoke(command, monkeypatch)
        lines = res.err.strip().splitlines()
        assert res.code == 2 and len(lines) == 1 and message in lines[0], (command, res.err)


def test_network_layers_use_the_vocabulary(dated_store, monkeypatch):
    from foedus.vocab import KINDS, NETWORK_LAYERS

    res = invoke("network --help", monkeypatch)
    for layer in ("intelligence_sharing", "integrated_defense_system"):
        assert layer in res.out and layer in NETWORK_LAYERS and layer in KINDS
    res = invoke("network --years 2000 --layer intelligence_sharing --metrics -f json", monkeypatch)
    assert res.code == 0, res.err
    assert res.frame().iloc[0]["ties"] == 10  # the Five Eyes: 5 states, 10 pairs


def test_similarity_plot(cli_store, monkeypatch, tmp_path):
    pytest.importorskip("matplotlib")
    from foedus.alignment import dyad_similarity
    from foedus.plotting import new_figure, plot_similarity

    out = tmp_path / "s.svg"
    res = invoke(f"similarity USA UKG --years 1990-1992 --method s,kappa --plot {out}", monkeypatch)
    assert res.code == 0, res.err
    assert out.read_bytes().startswith(b"<?xml")
    _fig, axes = new_figure()
    ax = plot_similarity(dyad_similarity("USA", "UKG", "1990-1992", "s,kappa"), ax=axes["A"])
    assert ax.get_title() == "Similarity of United States of America and United Kingdom, 1990–1992"
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "S (Signorino & Ritter 1999)",
        "Cohen's κ (Häge 2011)",
    ]
    box = legend.get_window_extent().transformed(ax.transAxes.inverted())
    assert box.x0 >= 1.0  # right of the plotting area, over no line
    assert any(t.get_text().startswith("Source: ATOP 5.1") for t in ax.texts)
