"""Every importer refuses a malformed copy of its real file, naming file, row and column,
and leaves the store as it was."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source
from foedus.store import Store

# source, file below ../shared/data, a required column to drop, a state-code column
CASES = [
    ("atop", "atop/atop5_1sy.csv", "atopally", "state"),
    ("cow_states", "peacesciencer/cow_states.csv", "styear", "ccode"),
    ("gw_states", "peacesciencer/gw_states.csv", "startdate", "gwcode"),
    ("cow_nmc", "peacesciencer/cow_nmc.csv", "cinc", "ccode"),
    ("cow_war", "cow/Inter-StateWarData_v4.0.csv", "side", "ccode"),
    ("cow_war", "cow/directed_dyadic_war_2018.csv", "warnum", "stateb"),
    ("cow_war_ddy", "peacesciencer/cow_war_inter.csv", "year", "ccode2"),
    ("cow_mid", "peacesciencer/cow_mid_dirdisps.csv", "hostlev1", "ccode1"),
    ("gml_mid", "peacesciencer/gml_part.csv", "sidea", "ccode"),
    ("cow_contiguity", "cow/contdird_v3.2.parquet", "conttype", "state2no"),
    ("cow_contiguity", "peacesciencer/cow_contdir.csv", "enddate", "ccode1"),
    ("mindist", "peacesciencer/gw_mindist.parquet", "mindist", "gwcode1"),
    ("capitals", "peacesciencer/cow_capitals.csv", "lat", "ccode"),
    ("cow_igo", "peacesciencer/cow_igo_sy.csv", "sum_igo_full", "ccode"),
    ("cow_majors", "peacesciencer/cow_majors.csv", "endyear", "ccode"),
    ("rivalries", "peacesciencer/td_rivalries.csv", "ccode2", "ccode1"),
]
ROW = 5


def _read(path):
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, path) -> None:
    if path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)


@pytest.fixture
def loaded(shared_data, tmp_path):
    """A store holding the good file of a case, and its registry bytes."""

    def load(source: str, relpath: str) -> tuple[Store, bytes]:
        store = Store(tmp_path / "home")
        import_source(source, shared_data / relpath, store)
        return store, (store.home / "registry.json").read_bytes()

    return load


@pytest.mark.parametrize(
    ("source", "relpath", "column", "code"), CASES, ids=[c[1].split("/")[-1] for c in CASES]
)
def test_dropped_column(loaded, shared_data, tmp_path, source, relpath, column, code):
    store, before = loaded(source, relpath)
    good = shared_data / relpath
    bad = tmp_path / good.name
    frame = _read(good)
    _write(frame.drop(columns=[c for c in frame.columns if c.lower() == column]), bad)
    with pytest.raises(DataFormatError, match=rf"^{good.name}: required column '{column}'"):
        import_source(source, bad, store)
    assert (store.home / "registry.json").read_bytes() == before


@pytest.mark.parametrize(
    ("source", "relpath", "column", "code"), CASES, ids=[c[1].split("/")[-1] for c in CASES]
)
def test_unknown_state_code(loaded, shared_data, tmp_path, source, relpath, column, code):
    store, before = loaded(source, relpath)
    good = shared_data / relpath
    frame = _read(good)
    code = next(c for c in frame.columns if c.lower() == code)
    frame.loc[ROW, code] = 1999 if good.suffix == ".parquet" else "1999"
    bad = tmp_path / good.name
    _write(frame, bad)
    place = rf"row {ROW + 1}" + ("" if good.suffix == ".parquet" else rf" \(line {ROW + 2}\)")
    expected = rf"^{good.name} {place}, column {code.lower()}: 1999 "
    with pytest.raises(DataFormatError, match=expected):
        import_source(source, bad, store)
    assert (store.home / "registry.json").read_bytes() == before
    table = next(iter(store.releases()[source].rows))
    assert store.table(source, table)[code.lower()].iloc[ROW] != 1999
