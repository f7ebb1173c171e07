"""Property-based tests (hypothesis): ``foedus data`` and the importers given random input
never show a traceback; a refused file leaves the store as it was; an accepted file is
stored value for value."""

from __future__ import annotations

import csv
import io
import math
import shlex

import numpy as np
import pandas as pd
import pytest
from cli_helpers import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_corpus import tree_digest

from foedus.errors import DataFormatError
from foedus.sources.checks import Layout, read_layouts

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# the official header of a small importer, and a few of its rows, as building blocks
MAJORS_HEADER = ["ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"]
MAJORS_ROW = ["2", "1898", "8", "13", "2016", "12", "31"]

cells = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=12),
    st.sampled_from(["", " ", "-9", "inf", "NaN", '"', "a,b", "1e20", "2.5", "\u00b2", "\x00"]),
)


def one_line_or_success(result) -> None:
    assert result.code in (0, 2), (result.code, result.err[-2000:])
    assert "Traceback" not in result.err
    if result.code == 2:
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.err[-2000:]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.fixture
def majors_store(store, tmp_path, monkeypatch):
    good = tmp_path / "good" / "cow_majors.csv"
    good.parent.mkdir()
    good.write_text(_csv([MAJORS_HEADER, MAJORS_ROW]))
    assert invoke(f"data import cow_majors {good}", monkeypatch).code == 0
    return store


@SETTINGS
@given(rows=st.lists(st.lists(cells, min_size=5, max_size=9), max_size=6), keep=st.booleans())
def test_random_cells_in_an_official_layout(majors_store, tmp_path, monkeypatch, rows, keep):
    path = tmp_path / "cow_majors.csv"
    path.write_text(_csv([MAJORS_HEADER, *([MAJORS_ROW] if keep else []), *rows]), "utf-8")
    before = tree_digest(majors_store.home)
    result = invoke(f"data import cow_majors {shlex.quote(str(path))}", monkeypatch)
    one_line_or_success(result)
    if result.code == 2:
        assert tree_digest(majors_store.home) == before
    else:
        stored = majors_store.table("cow_majors", "majors")
        assert len(stored) == len(rows) + keep
        assert stored["ccode"].notna().all() and (stored["ccode"] > 0).all()


@SETTINGS
@given(data=st.binary(max_size=600), name=st.sampled_from(["cow_majors.csv", "x.parquet", "a"]))
def test_random_bytes_are_refused_in_one_line(majors_store, tmp_path, monkeypatch, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    before = tree_digest(majors_store.home)
    result = invoke(f"data import cow_majors {shlex.quote(str(path))}", monkeypatch)
    one_line_or_success(result)
    assert result.code == 2
    assert tree_digest(majors_store.home) == before


words = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=15
)


@SETTINGS
@given(
    command=st.sampled_from(
        [
            "data import {a} {b}",
            "data fetch {a} --mirror {b}",
            "data fetch --all --mirror {b}",
            "data verify --format {a}",
            "data status --format {a}",
            "data catalog --format {a}",
            "data repair {a}",
            "data {a}",
        ]
    ),
    a=words,
    b=words.filter(lambda s: not s.strip().lower().startswith(("http", "file"))),
)
def test_data_commands_with_random_arguments(store, monkeypatch, command, a, b):
    before = tree_digest(store.home) if store.home.exists() else None
    result = invoke(command.format(a=shlex.quote(a), b=shlex.quote(b)), monkeypatch)
    one_line_or_success(result)
    if result.code == 2 and before is not None:
        assert tree_digest(store.home) == before


WHOLE = Layout("t", "t.parquet", ("code", "n"), floats=("share",))


@SETTINGS
@given(
    values=st.lists(
        st.one_of(
            st.integers(min_value=-(2**62), max_value=2**62),
            st.floats(allow_nan=True, allow_infinity=True),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_whole_number_columns_are_exact_or_refused(tmp_path, values):
    path = tmp_path / "t.parquet"
    numbers = np.array([float(v) for v in values])
    frame = pd.DataFrame({"code": range(len(values)), "n": numbers, "share": numbers})
    frame.to_parquet(path, index=False)
    try:
        table = read_layouts(path, [WHOLE])["t"]
    except DataFormatError as exc:
        message = str(exc)
        assert message.startswith("t.parquet row ") and "\n" not in message
        finite = [v for v in numbers if not math.isnan(v)]
        assert any(not math.isfinite(v) or abs(v) >= 1e15 or v != round(v) for v in finite)
        return
    stored = table["n"]
    assert str(stored.dtype) == "Int64"
    for got, want in zip(stored, numbers, strict=True):
        assert (pd.isna(got) and math.isnan(want)) or got == want
    assert table["share"].isna().tolist() == [math.isnan(v) for v in numbers]
