"""A store under a path holding an apostrophe and spaces works for every command.

SQL over store files used to paste the Parquet path into the query text, so a FOEDUS_HOME
such as ``/home/o'brien/my data`` broke every command that joined through DuckDB. All reads
now go through ``foedus.data.query``, which passes paths as values.
"""

from __future__ import annotations

import shlex

import pytest
from cli_helpers import invoke

from foedus.sources import import_source
from foedus.store import Store

pytestmark = pytest.mark.realdata

SOURCES = {
    "atop": "atop",
    "atop_ddyr": "peacesciencer/atop_alliance.parquet",
    "cow_war": "cow",
    "cow_nmc": "peacesciencer/cow_nmc.csv",
    "cow_states": "peacesciencer/cow_states.csv",
    "cow_majors": "peacesciencer/cow_majors.csv",
    "sipri_milex": "sipri_milex",
    "unga": "unga_idealpoints",
    "dcad": "dcad",
    "troops": "troopdata",
    "mme": "troopdata",
    "sipri_arms": "sipri_arms",
    "rivalries": "peacesciencer",
    "cow_mid": "peacesciencer",
    "mindist": "peacesciencer",
    "capitals": "peacesciencer",
}

COMMANDS = [
    "who-defends Estonia --on 2010-01-01",
    "scenario --attacker Russia --target Estonia --on 2010-06-01 --runs 100 --seed 1",
    "burden NATO --years 2014-2015",
    "allocate NATO --years 2020",
    "similarity USA RUS --years 2000-2001",
    "network --years 2000",
    "reliability --war 106",
    "panel dyad-years --years 2000-2001 --add atop,nmc",
    "ties 'United States' --with Japan --on 2005-06-01",
    "partners --for Poland --against Russia --on 2010-06-01",
    "coalition --for Poland --against Russia --on 2010-06-01 --size 2",
    "wars --war 106",
    "data verify",
]


@pytest.fixture(scope="module")
def quoted_home(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("quoted") / "o'brien's data home"
    store = Store(home)
    for name, path in SOURCES.items():
        import_source(name, shared_data / path, store)
    return home


@pytest.mark.parametrize("command", COMMANDS, ids=[c.split()[0] for c in COMMANDS])
def test_command_works_under_a_quoted_home(quoted_home, command, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(quoted_home))
    result = invoke(f"{command} -f csv", monkeypatch)
    assert result.code == 0, f"foedus {command}: {result.err}"
    assert len(result.out.splitlines()) > 1, f"foedus {command} printed no rows"
    assert shlex.quote(str(quoted_home)) not in result.err
