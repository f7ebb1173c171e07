"""`foedus panel` on tiny in-code sources: coverage notes on stderr, --carry-forward,
--peacesciencer, bad --years; and the contiguity spell rule (peacesciencer's first month)."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus import panels
from foedus.panels.coverage import coverage_notes
from tests.cli_helpers import invoke

T = pd.Timestamp
STATES = pd.DataFrame(  # USA 2, UK 200, France 220, all 1816 on
    {"ccode": [2, 200, 220], "start": [T("1816-01-01")] * 3, "end": [T("2016-12-31")] * 3}
)
MEMBERS = pd.DataFrame(  # ATOP: the UK and France pledge defence to each other, 1900 on
    {
        "atopid": [1, 1, 2],
        "phase": [1, 1, 1],
        "member": [200, 220, 2],
        "entry": [T("1900-01-01"), T("1900-01-01"), T("2018-01-01")],
        "exit": [pd.NaT] * 3,
        "defense": [1, 1, 0],
        "offense": [0] * 3,
        "neutral": [0] * 3,
        "nonagg": [0] * 3,
        "consul": [0] * 3,
    }
)


def write(store, name: str, **tables: pd.DataFrame) -> None:
    store.write_source(name, "test", tables, citation="test fixture")


@pytest.fixture
def loaded(store):
    write(store, "cow_states", states=STATES)
    write(store, "atop", member=MEMBERS)
    write(
        store,
        "cow_majors",
        majors=pd.DataFrame({"ccode": [2], "styear": [1898], "endyear": [2016]}),
    )
    return store


def test_one_note_per_source_outside_its_years(loaded, tmp_path, monkeypatch):
    out = tmp_path / "x.parquet"
    result = invoke(f"panel dyad-years --years 2015-2020 --add atop,majors -o {out}", monkeypatch)
    assert result.code == 0, result.err
    assert result.err.splitlines()[:2] == [
        "atop: 2019–2020 outside ATOP 5.1 (1815–2018); values missing; --carry-forward to "
        "reuse 2018",
        "majors: 2017–2020 outside COW major powers 2016 (1816–2016); values missing; "
        "--carry-forward to reuse 2016",
    ]
    panel = pd.read_parquet(out)
    uk_fr = panel[(panel["ccode1"] == 200) & (panel["ccode2"] == 220)].set_index("year")
    assert uk_fr.loc[2018, "atop_defense"] == 1
    assert uk_fr.loc[[2019, 2020], "atop_defense"].isna().all()
    carried = invoke(
        f"panel dyad-years --years 2015-2020 --add atop --carry-forward -o {out}", monkeypatch
    )
    assert carried.err.splitlines()[0] == (
        "atop: 2019–2020 outside ATOP 5.1 (1815–2018); 2018 values reused (--carry-forward)"
    )
    panel = pd.read_parquet(out)
    assert panel.loc[(panel["ccode1"] == 200) & (panel["year"] == 2020), "atop_defense"].eq(1).any()
    inside = invoke(f"panel dyad-years --years 1950-1960 --add atop -o {out}", monkeypatch)
    assert "outside" not in inside.err


def test_notes_name_the_years_before_a_source_begins():
    carries = panels.CARRY_FORWARD
    assert coverage_notes(["mindist", "mids", "peace-years"], (1816, 2020), carries=carries) == [
        "mindist: 1816–1885 and 2020 outside CShapes minimum distance 2.0 (1886–2019); "
        "values missing; --carry-forward to reuse 2019 for 2020",
        "mids: 2015–2020 outside COW MID 5.0 (1816–2014); values missing",
    ]
    assert coverage_notes(["mindist"], (1880, 2020), carry_forward=True, carries=carries) == [
        "mindist: 1880–1885 and 2020 outside CShapes minimum distance 2.0 (1886–2019); "
        "1880–1885 values missing; 2019 values reused for 2020 (--carry-forward)"
    ]
    assert coverage_notes(["nmc"], (2000, 2022)) == []  # NMC 7.0 runs to 2022


@pytest.mark.parametrize("years", ["²", "1700-1750", "0-5", "12345678901234567890", "2010-1990"])
def test_bad_years_are_one_line_errors(loaded, monkeypatch, years):
    result = invoke(f"panel dyad-years --years {years} --add atop", monkeypatch)
    assert result.code == 2
    assert result.err.startswith("error: years ") and result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_spell_contiguity_takes_the_years_first_month(store):
    """peacesciencer's add_contiguity(): the spell in force in the year's first month
    covered; COW's yearly file lists any type reached during the year."""
    write(store, "cow_states", states=STATES)
    spells = pd.DataFrame(
        {
            "ccode1": [200, 200, 200],
            "ccode2": [220, 220, 220],
            "conttype": [0, 4, 5],
            "stdate": [T("1816-01-01"), T("1850-07-01"), T("1900-03-01")],
            "enddate": [T("1900-12-01"), T("1899-12-01"), T("2016-12-01")],
        }
    )
    both = pd.concat(
        [spells, spells.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})],
        ignore_index=True,
    )
    write(store, "cow_contiguity", spells=both)
    dy = panels.add_contiguity(
        panels.dyad_years((1849, 1901), store=store), form="spells", store=store
    )
    uk_fr = dy[(dy["ccode1"] == 200) & (dy["ccode2"] == 220)].set_index("year")["conttype"]
    # 1850: the no-contiguity spell holds on 1 January; 1851–1899 too (it overlaps the type-4
    # spell, as peacesciencer's added type-0 spells do); 1900: still 0 in January; 1901: 5
    assert uk_fr.loc[[1849, 1850, 1851, 1899, 1900, 1901]].tolist() == [0, 0, 0, 0, 0, 5]
    assert panels.add(
        panels.dyad_years((1901, 1901), store=store),
        ["contiguity"],
        peacesciencer=True,
        store=store,
    )["conttype"].tolist() == [0, 0, 5]


def test_peace_years_in_rows_skip_the_years_out_of_the_system(store):
    """peacesciencer counts panel rows: Germany (255) out of the system 1946-1989 adds no
    peace years; foedus's default counts calendar years."""
    states = pd.DataFrame(
        {
            "ccode": [2, 255, 255],
            "start": [T("1816-01-01"), T("1816-01-01"), T("1990-10-03")],
            "end": [T("2016-12-31"), T("1945-05-08"), T("2016-12-31")],
        }
    )
    write(store, "cow_states", states=states)
    ddy = pd.DataFrame(
        {
            "ccode1": [2, 255, 2, 2],  # and two quiet years: the data span 1816-2014
            "ccode2": [255, 2, 255, 255],
            "year": [1941, 1941, 1816, 2014],
            "cowmidonset": [1, 1, 0, 0],
            "cowmidongoing": [1, 1, 0, 0],
        }
    )
    write(store, "cow_mid", ddy=ddy)
    dy = panels.dyad_years((1940, 1995), store=store)
    years = panels.add_peace_years(dy, since="ongoing", store=store)
    rows = panels.add_peace_years(dy, since="ongoing", counting="rows", store=store)
    at = dy.set_index("year").index
    assert years.set_axis(at)["cowmidspell"].loc[[1941, 1945, 1990, 1995]].tolist() == [
        1941 - 1816,
        3,
        48,
        53,
    ]
    assert rows.set_axis(at)["cowmidspell"].loc[[1940, 1941, 1945, 1990, 1995]].tolist() == [
        0,
        1,
        3,
        4,
        9,
    ]
