"""COW inter-state wars by name or number (COW Inter-State War Data v4.0)."""

from __future__ import annotations

import pandas as pd
import pytest
from cli_helpers import invoke
from realdata import imported_store

from foedus.errors import FoedusError
from foedus.wars import find_war, wars

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def cow(shared_data, tmp_path_factory):
    return imported_store(tmp_path_factory, shared_data, {"cow_war": "cow"})


def test_the_list_holds_every_cow_war(cow):
    table = wars(store=cow)
    assert len(table) == 95  # COW Inter-State War v4.0: 95 wars, 1823-2003
    assert pd.api.types.is_datetime64_any_dtype(table["start"])
    korea = table.set_index("war").loc[151]
    assert korea["start"] == pd.Timestamp("1950-06-24")
    assert set(korea["side_2"]) == {"North Korea", "China"}


def test_find_by_name_or_number(cow):
    assert find_war("World War I", cow) == 106  # the exact name, not World War II
    assert find_war("korean", cow) == 151
    assert find_war("139", cow) == 139
    with pytest.raises(FoedusError, match="ambiguous; candidates: 106 World War I; 139"):
        find_war("World War", cow)
    with pytest.raises(FoedusError, match="not a COW inter-state war number"):
        find_war("9999", cow)
    assert find_war("\u0661\u0660\u0666", cow) == 106  # Arabic-Indic digits are a number
    with pytest.raises(FoedusError):  # a superscript is a digit to str.isdigit, not to int()
        find_war("\u00b2", cow)


def test_cli_search_and_war_by_name(cow, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(cow.home))
    found = invoke("wars --search Korean -f json", monkeypatch)
    assert found.code == 0, found.err
    assert found.frame()["war"].tolist() == [151]
    one = invoke('wars --war "World War I" -f json', monkeypatch).frame()
    assert one["war"].tolist() == [106] and one["start"].iloc[0] == "1914-07-29"
    bad = invoke('reliability --war "World War"', monkeypatch)
    assert bad.code == 2 and "ambiguous" in bad.err
