"""The official COW MID 5.0 files (MIDA, MIDB) as well as peacesciencer's forms."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.errors import DataFormatError
from foedus.sources import import_source

MIDB = (
    "dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,revstate,revtype1,"
    "revtype2,fatality,fatalpre,hiact,hostlev,orig,version\n"
    "2,USA,2,-9,5,1902,-9,5,1902,1,1,1,0,0,0,7,3,1,5\n"
    "2,UKG,200,-9,5,1902,-9,5,1902,0,0,0,0,0,0,0,1,1,5\n"
    "3,AUH,300,2,5,1913,25,10,1913,1,1,1,0,0,0,8,3,1,5\n"
)
MIDA = (
    "dispnum,stday,stmon,styear,endday,endmon,endyear,outcome,settle,fatality,fatalpre,maxdur,"
    "mindur,hiact,hostlev,recip,numa,numb,link1,link2,link3,ongo2014,version\n"
    "2,-9,5,1902,-9,5,1902,6,1,0,0,31,1,7,3,0,1,1,0,0,0,0,5\n"
)


def test_midb_becomes_participants_with_dates(tmp_path, store):
    f = tmp_path / "MIDB 5.0.csv"
    f.write_text(MIDB)
    release = import_source("cow_mid", f, store)
    assert release.rows == {"participants": 3}
    part = store.table("cow_mid", "participants")
    assert part["stday"].isna().tolist() == [True, True, False]
    assert part["start"].tolist()[0] == pd.Timestamp("1902-05-01")
    assert part["end"].tolist()[0] == pd.Timestamp("1902-05-31")
    assert part["stabb"].tolist() == ["USA", "UKG", "AUH"]


def test_mida_is_read_as_disputes(tmp_path, store):
    f = tmp_path / "MIDA 5.0.csv"
    f.write_text(MIDA)
    assert import_source("cow_mid", f, store).rows == {"disputes": 1}
    assert store.table("cow_mid", "disputes")["hiact"].tolist() == [7]


def test_midb_participant_ending_before_it_starts(tmp_path, store):
    f = tmp_path / "MIDB 5.0.csv"
    f.write_text(MIDB.replace("25,10,1913", "25,10,1912"))
    expected = r"MIDB 5\.0\.csv row 3 \(line 4\), column end: 1912-10-25"
    with pytest.raises(DataFormatError, match=expected):
        import_source("cow_mid", f, store)
    assert not store.has("cow_mid")
