"""ATOP 5.1 importer: facts checked against the release files and the codebook."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source
from tests.realdata import imported_store

NATO = 3180
NATO_FOUNDERS = {2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395}


@pytest.fixture(scope="module")
def atop_store(shared_data, tmp_path_factory):
    return imported_store(tmp_path_factory, shared_data, {"atop": "atop"})


def test_row_counts_and_defense_pledges(atop_store):
    release = atop_store.releases()["atop"]
    assert release.version == "5.1"
    assert release.rows == {"alliance": 789, "member": 2510, "phase": 849, "stateyear": 11923}
    alliances = atop_store.table("atop", "alliance")
    assert (alliances["defense"] == 1).sum() == 280
    assert alliances["atopid"].is_unique


def test_member_keeps_every_column_and_adds_dates(atop_store, shared_data):
    member = atop_store.table("atop", "member")
    official = pd.read_csv(shared_data / "atop" / "atop5_1m.csv", nrows=0).columns.str.lower()
    assert list(member.columns) == [*official, "entry", "exit"]
    for col in ("defcoadv", "defcoloc", "defconum", "defconpr", "offcoadv", "neucoatt"):
        assert col in member.columns


def test_nato_founders_and_members_in_force_2018(atop_store):
    member = atop_store.table("atop", "member")
    nato = member[member["atopid"] == NATO]
    founders = nato[nato["entry"] == pd.Timestamp("1949-04-04")]
    assert set(founders["member"]) == NATO_FOUNDERS
    assert nato.loc[nato["exit"].isna(), "member"].nunique() == 29  # with Montenegro, 2017
    in_force = nato["exit"].isna()
    assert (nato.loc[in_force, "yrexit"] == 0).all() and (nato.loc[in_force, "ineffect"] == 1).all()


def test_unknown_days_follow_the_first_or_last_day_convention(atop_store):
    member = atop_store.table("atop", "member").set_index(["atopid", "member"])
    # atopid 3455: dayent missing, entry in March 1963 -> 1 March
    assert member.loc[(3455, 517), "entry"] == pd.Timestamp("1963-03-01")
    # atopid 1035: dayexit missing, exit in December 1822 -> 31 December
    assert member.loc[(1035, 200), "exit"] == pd.Timestamp("1822-12-31")


def test_annam_is_accepted_as_the_codebook_documents(atop_store):
    member = atop_store.table("atop", "member")
    assert member.loc[member["atopid"] == 1320, "member"].tolist() == [220, 8152]


def _copy(shared_data, tmp_path):
    folder = tmp_path / "atop"
    shutil.copytree(
        shared_data / "atop",
        folder,
        ignore=shutil.ignore_patterns("*.pdf", "*.txt", "*NNA*", "atopinst*"),
    )
    folder.chmod(0o755)
    for f in folder.iterdir():
        f.chmod(0o644)
    return folder


def _edit(path, row: int, column: str, value) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(path, index=False)


AT = r"atop5_1m\.csv row 11 \(line 12\), column "


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("member", "999", AT + r"member: 999 is not a COW state code"),
        ("moent", "13", AT + r"moent: 13 is impossible"),
        ("yrexit", "1700", AT + r"exit: 1700-.* is before entry"),
        ("atopid", "9999", AT + r"atopid: 9999 is not in atop5_1a\.csv"),
        ("defense", "yes", AT + r"defense: 'yes' is not a number"),
    ],
    ids=["unknown-state", "impossible-month", "exit-before-entry", "unknown-alliance", "text"],
)
def test_bad_member_file_changes_nothing(atop_store, shared_data, tmp_path, column, value, message):
    from foedus.store import Store

    store = Store(tmp_path / "home")
    import_source("atop", shared_data / "atop" / "atop5_1a.csv", store)
    before = (store.home / "registry.json").read_bytes()
    folder = _copy(shared_data, tmp_path)
    _edit(folder / "atop5_1m.csv", 10, column, value)
    with pytest.raises(DataFormatError, match=message):
        import_source("atop", folder, store)
    assert (store.home / "registry.json").read_bytes() == before
    assert len(store.table("atop", "alliance")) == 789


def test_folder_without_a_file_is_refused(shared_data, tmp_path, store):
    folder = _copy(shared_data, tmp_path)
    (folder / "atop5_1sy.csv").unlink()
    with pytest.raises(DataFormatError, match=r"atop5_1sy\.csv is missing"):
        import_source("atop", folder, store)
    assert not store.has("atop")


def test_dropped_column_is_named(shared_data, tmp_path, store):
    frame = pd.read_csv(shared_data / "atop" / "atop5_1a.csv", dtype=str, keep_default_na=False)
    bad = tmp_path / "atop5_1a.csv"
    frame.drop(columns="defense").to_csv(bad, index=False)
    with pytest.raises(DataFormatError, match=r"atop5_1a\.csv: required column 'defense'"):
        import_source("atop", bad, store)
