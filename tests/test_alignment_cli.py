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
