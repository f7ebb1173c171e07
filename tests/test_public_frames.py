"""One name for the state code column in every public output, and one dtype convention in
every public frame (issue 16).

Every frame a public function of ``foedus`` returns, every table a CLI command writes and
every answer of the REST API names a COW state code ``ccode`` (``ccode1``/``ccode2`` in a
dyad, ``<role>_ccode`` for a state named by its role: ``obligor_ccode``, ``partner_ccode``)
and a Gleditsch-Ward code ``gwcode``: never ``cow_code``, ``gw_code``, a bare ``code`` or a
``*_code`` suffix (docs/conventions.md). The walks are exhaustive: a public name, a CLI
command or a GET route of the API that is neither called here nor listed with the reason it
returns no table fails the test, so a new one cannot slip past.

Every frame a public function returns also follows the dtype rules of the conventions: days
as ``datetime64``, words of a closed vocabulary (eras, verdicts, sides, obligation types,
roles, kinds, layers) as categoricals, several values in a cell as a list, with no
exception left.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pytest
import typer
from cli_helpers import invoke
from realdata import imported_store

import foedus
from foedus.cli.main import app
from foedus.vocab import (
    CASUS_CHECKS,
    CONDITION_STATUSES,
    ERAS,
    RETIRED_CODE_COLUMNS,
    ROLES,
    SIDES,
    TRIGGERED,
    VERDICTS,
)

PS = "peacesciencer"
SOURCES = {
    "cow_states": f"{PS}/cow_states.csv",
    "gw_states": f"{PS}/gw_states.csv",
    "atop": "atop",
    "atop_ddyr": f"{PS}/atop_alliance.parquet",
    "cow_war": "cow",
    "cow_war_ddy": f"{PS}/cow_war_inter.csv",
    "cow_nmc": f"{PS}/cow_nmc.csv",
    "cow_majors": f"{PS}/cow_majors.csv",
    "cow_contiguity": "cow/contdird_v3.2.parquet",
    "cow_mid": PS,
    "gml_mid": PS,
    "cow_igo": PS,
    "capitals": PS,
    "mindist": PS,
    "rivalries": PS,
    "leaders": PS,
    "sipri_milex": "sipri_milex",
    "sipri_arms": "sipri_arms",
    "unga": "unga_idealpoints",
    "dcad": "dcad",
    "troops": "troopdata",
    "mme": "troopdata",
    "democracy": f"{PS}/deprecated",
    "sdp_gdp": f"{PS}/deprecated",
    "cow_gw_years": f"{PS}/deprecated",
    "cow_trade": PS,
    "creg": PS,
    "rugged": PS,
    "terrthreat": PS,
    "maoz_powers": PS,
    "cow_war_intra": PS,
    "arms_races": PS,
    "ucdp_acd": PS,
    "ucdp_onsets": PS,
}
ON = "2024-06-01"


def retired(names: object) -> list[str]:
    """The names among ``names`` that the convention retires."""
    return [
        str(n)
        for n in names  # type: ignore[attr-defined]
        if str(n) in RETIRED_CODE_COLUMNS or re.fullmatch(r".+_code\d?|cowcode\d?", str(n))
    ]


def test_the_rule_catches_every_old_name_and_spares_the_new():
    old = ["cow_code", "gw_code", "code", "defender_code", "partner_code", "obligor_code"]
    new = ["ccode", "gwcode", "ccode1", "ccode2", "obligor_ccode", "partner_ccode", "codes"]
    assert retired(old) == old
    assert retired(new) == []


def frames(value: Any, label: str) -> Iterator[tuple[str, pd.DataFrame | pd.Series]]:
    """Every frame inside a public function's answer: the frame itself, a mapping's values,
    a result object's frame fields (``CascadeResult``, ``SimulationResult``, ``YearNetwork``)."""
    if isinstance(value, pd.DataFrame | pd.Series):
        yield label, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from frames(item, f"{label}[{key!r}]")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from frames(item, f"{label}[{i}]")
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from frames(getattr(value, field.name), f"{label}.{field.name}")


#: columns holding a day: datetime64[s] (seconds reach back to 1373, before nanoseconds do)
DATES = re.compile(r"date|day|start|end|joined|left|signed|in_force|ended|since|war_start")
DAY, NS = np.dtype("datetime64[s]"), np.dtype("datetime64[ns]")
#: day panels, whose rows polars also reads: nanoseconds, like the panels of peacesciencer
PANEL_DAYS = {"state_days", "leader_days"}
#: Parquet files read back with pandas: Parquet has no unit of seconds, milliseconds it is
FILE_DAYS, MS = {"sweep"}, np.dtype("datetime64[ms]")
#: columns holding a word of a closed vocabulary: categoricals of foedus.vocab's words
CLOSED = {
    "era": ERAS,
    "verdict": VERDICTS,
    "verdict_any": VERDICTS,
    "verdict_all": VERDICTS,
    "triggered": TRIGGERED,
    "side": SIDES,
    "obligor_side": SIDES,
    "type": None,  # obligation types, event types: categorical, whatever the words
    "role": tuple(ROLES.values()),
    "kind": None,
    "layer": None,
    "form": None,
    "direction": None,
}
#: in a scenario's report (a frame with ``triggered``), each condition's status; elsewhere
#: (the obligations frames) ``cond_*`` columns describe the conditions themselves
STATUSES = {f"cond_{c}": CONDITION_STATUSES for c in CASUS_CHECKS}
#: columns holding several values: lists in a cell, never ", "-joined text
LISTS = {"kinds", "types", "assessed", "forms", "members", "requested_by", "attacked"}
LISTS |= {"side_1", "side_2"}


def dtype_faults(frame: pd.DataFrame, where: str) -> list[str]:
    """The columns of ``frame`` that break the dtype rules of docs/conventions.md."""
    faults = []
    for col in map(str, frame.columns):
        dtype, values = frame[col].dtype, frame[col].dropna()
        if (
            DATES.fullmatch(col)
            and dtype != DAY
            and not (where in PANEL_DAYS and dtype == NS)
            and not (where in FILE_DAYS and dtype == MS)
        ):
            faults.append(f"{col}: {dtype}, not {DAY}")
        closed = CLOSED | (STATUSES if "triggered" in frame.columns else {})
        if col in closed:
            words = closed[col]
            if not isinstance(dtype, pd.CategoricalDtype):
                faults.append(f"{col}: {dtype}, not categorical")
            elif words is not None and not set(dtype.categories) <= set(words):
                faults.append(f"{col}: categories {list(dtype.categories)} outside {words}")
        numeric = pd.api.types.is_numeric_dtype(dtype)
        if col in LISTS and not numeric and not values.map(lambda v: isinstance(v, list)).all():
            faults.append(f"{col}: {dtype} cells that are not lists")
    return faults


def check(value: Any, label: str) -> int:
    """Check every frame in ``value``: no retired code column, and the dtype rules."""
    seen = 0
    for where, frame in frames(value, label):
        names = frame.columns if isinstance(frame, pd.DataFrame) else frame.index
        assert retired(names) == [], (where, list(names))
        if isinstance(frame, pd.DataFrame):
            assert dtype_faults(frame, where) == [], where
        seen += 1
    assert seen, f"{label} returned no frame"
    return seen


def test_the_dtype_rules_catch_strings_for_dates_words_and_lists():
    bad = pd.DataFrame(
        {
            "start": ["2024-01-01"],
            "era": ["pre-1945"],
            "verdict": pd.Categorical(["kept"]),
            "types": ["defense, offense"],
        }
    )
    assert len(dtype_faults(bad, "x")) == 4
    assert dtype_faults(bad.assign(start=pd.to_datetime(bad["start"])), "x")[0].startswith("start")
    good = pd.DataFrame(
        {
            "start": pd.to_datetime(["2024-01-01"]).astype("datetime64[s]"),
            "era": pd.Categorical(["pre-1945"], categories=ERAS),
            "verdict": pd.Categorical(["honoured"], categories=VERDICTS),
            "types": [["defense", "offense"]],
        }
    )
    assert dtype_faults(good, "x") == []


# ----------------------------------------------------------------------- the Python API

#: public names that return no table, and what they return
NOT_FRAMES = {
    "Store": "the store class",
    "FoedusError": "the error class",
    "State": "a dataclass: its fields are checked in test_state_fields_are_ccode_and_gwcode",
    "resolve": "a State, as above",
    "Scenario": "a scenario's description, no codes by column",
    "cohen_kappa": "a float",
    "s_score": "a float",
    "scott_pi": "a float",
    "tau_b": "a float",
    "calibrated_honour_probabilities": "a dict of rates by (obligation type, era)",
    "calibrated_probabilities": "a dict of rates by obligation type",
    "honour_probabilities": "a dict of rates by obligation type",
    "find_war": "a war number",
    "in_system": "a bool",
    "cite": "BibTeX text",
    "panel_type": "a PanelType",
    "contiguous_pairs": "a list of Scenario",
    "dask_executor": "an executor (starts a cluster)",
    "fetch": "a Release; downloads",
    "import_source": "a Release",
    "to_networkx": "a networkx graph: node ids are COW codes, see the network test",
}


def _scenario() -> Any:
    return foedus.Scenario.build("Russia", "Estonia", ON)


def _obligations() -> pd.DataFrame:
    return foedus.obligations_on(ON, sources="built-in")


#: calls that need only the built-in reference set
BUILT_IN: dict[str, Callable[[], Any]] = {
    "arrangements": lambda: foedus.arrangements(on=ON),
    "members": lambda: foedus.members("NATO", on=ON),
    "members_on": lambda: [foedus.members_on(ON), foedus.members_on(ON, system="gw")],
    "events": lambda: foedus.events(),
    "find_arrangement": lambda: foedus.find_arrangement("NATO"),
    "who_defends": lambda: foedus.who_defends("Estonia", on=ON),
    "obligations_on": _obligations,
    "triggered": lambda: foedus.triggered(_scenario(), _obligations()),
    "explain": lambda: foedus.explain(_scenario(), _obligations(), "Finland"),
    "cascade": lambda: foedus.cascade(_scenario(), _obligations()),
    "simulate": lambda: foedus.simulate(_scenario(), _obligations(), runs=50, seed=1),
    "run_scenario": lambda: foedus.run_scenario(_scenario(), _obligations(), runs=50, seed=1),
    "catalog": lambda: foedus.catalog(),
    "region_states": lambda: foedus.region_states("europe", on=ON),
    "state_years": lambda: [foedus.state_years(2000), foedus.state_years(2000, system="gw")],
    "dyad_years": lambda: foedus.dyad_years(2000),
    "state_days": lambda: foedus.state_days(2000),
}


def _verbs() -> list[Any]:
    from foedus.panels.verbs import STATE_VERBS, VERBS

    state, dyad = foedus.state_years("1990-1991"), foedus.dyad_years(1990)
    leaders = {
        "lead": foedus.leader_years(1990),
        "lwuf": foedus.leader_years(1990),
        "gml-leader-mids": foedus.leader_dyad_years(1990),
    }
    out = []
    for short, verb in VERBS.items():
        base = leaders.get(short, state if short in STATE_VERBS else dyad)
        out.append(verb(base))
    return out


def _sweep(tmp_path: Any) -> pd.DataFrame:
    out = tmp_path / "sweep.parquet"
    pairs = foedus.contiguous_pairs(2010, on="2010-06-01")[:2]
    foedus.sweep(pairs, out, sources="built-in")
    return pd.read_parquet(out)


#: calls that need research datasets (the realdata store below)
RESEARCH: dict[str, Callable[[Any], Any]] = {
    "atop_obligations": lambda _: foedus.atop_obligations(),
    "atop_ties": lambda _: _atop_ties(),
    "wars": lambda _: foedus.wars(),
    "burden": lambda _: foedus.burden("NATO", "2014-2015"),
    "burden_summary": lambda _: foedus.burden_summary(foedus.burden("NATO", "2014-2015")),
    "olson_zeckhauser": lambda _: foedus.olson_zeckhauser(foedus.burden("NATO", "2014-2015")),
    "allocate": lambda _: foedus.allocate("NATO", 2020),
    "reliability_rates": lambda _: foedus.reliability_rates(by="era"),
    "reliability_cases": lambda _: foedus.reliability_cases(years="1914-1918"),
    "similarity": lambda _: foedus.similarity(1990, "s,kappa"),
    "dyad_similarity": lambda _: foedus.dyad_similarity("USA", "UKG", 1990, method="s,un"),
    "un_similarity": lambda _: foedus.un_similarity(1990),
    "network": lambda _: foedus.network(1990),
    "network_metrics": lambda _: foedus.network_metrics("1990-1991"),
    "network_ties": lambda _: foedus.network_ties("defense", 1990),
    "centrality": lambda _: foedus.centrality(1990),
    "indirect_allies": lambda _: foedus.indirect_allies(1990),
    "ties": lambda _: foedus.ties("Japan", on="2005-06-01"),
    "ties_coverage": lambda _: foedus.ties_coverage(on="2005-06-01"),
    "partners": lambda _: foedus.partners("USA", "Russia", on="2010-06-01"),
    "coalition": lambda _: foedus.coalition("USA", "Russia", on="2010-06-01", runs=50),
    "region": lambda _: foedus.region("europe", on="2010-06-01"),
    "posture": lambda _: foedus.posture(2010),
    "leader_years": lambda _: foedus.leader_years(2000),
    "leader_days": lambda _: foedus.leader_days(2000),
    "leader_dyad_years": lambda _: foedus.leader_dyad_years(2000),
    "dispute_years": lambda _: foedus.dispute_years(),
    "whittle_conflicts": lambda _: foedus.whittle_conflicts(foedus.dispute_years()),
    "sweep": _sweep,
    **{name: (lambda _: _verbs()) for name in foedus.__all__ if name.startswith("add_")},
}


def _atop_ties() -> pd.DataFrame:
    from foedus.data.atop import read_atop_members

    return foedus.atop_ties(read_atop_members().head(500))


def test_every_public_name_is_walked_or_says_why_not():
    walked = set(BUILT_IN) | set(RESEARCH) | set(NOT_FRAMES)
    assert sorted(set(foedus.__all__) - walked) == []
    assert sorted(walked - set(foedus.__all__)) == []


def test_state_fields_are_ccode_and_gwcode():
    state = foedus.resolve("Serbia", on="2010-01-01")
    assert (state.ccode, state.gwcode) == (345, 340)
    assert retired(f.name for f in dataclasses.fields(state)) == []
    assert (state.cow_code, state.gw_code) == (345, 340)  # the old names, read-only aliases


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_built_in_frames_name_codes_ccode(name, store):
    check(BUILT_IN[name](), name)


def test_built_in_frames_carry_the_codes_under_their_names(store):
    assert set(foedus.members("NATO", on=ON)["ccode"]) >= {2, 200, 366}
    assert list(foedus.members_on(ON, system="gw").columns[:1]) == ["gwcode"]
    entrants = foedus.cascade(_scenario(), _obligations()).entrants
    assert set(entrants.loc[entrants["round"] == 0, "ccode"]) == {365, 366}
    defenders = foedus.who_defends("Estonia", on=ON)
    assert 2 in set(defenders["defender_ccode"])  # the United States, by NATO
    pledges = foedus.triggered(_scenario(), _obligations())
    assert set(pledges["beneficiary_ccode"]) >= {366}


@pytest.fixture(scope="module")
def research_home(shared_data, tmp_path_factory):
    return imported_store(tmp_path_factory, shared_data, SOURCES).home


@pytest.fixture
def research(research_home, monkeypatch):
    monkeypatch.setenv("FOEDUS_HOME", str(research_home))
    return research_home


@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(set(RESEARCH) - {n for n in RESEARCH if "add_" in n}))
def test_research_frames_name_codes_ccode(name, research, tmp_path):
    check(RESEARCH[name](tmp_path), name)


@pytest.mark.realdata
def test_every_panel_verb_adds_no_old_code_name(research):
    from foedus.panels.verbs import VERBS

    assert check(_verbs(), "panel verbs") == len(VERBS)


# ----------------------------------------------------------------------------- the CLI

#: commands that write no table, and why
NO_TABLE = {
    ("serve",): "starts the web app (the API is walked below)",
    ("brief", "scenario"): "an HTML or PDF brief",
    ("data", "fetch"): "downloads",
    ("data", "repair"): "rebuilds the registry, prints a line",
    ("data", "import"): "imports; its table of releases is data status's",
    ("sweep",): "writes foedus.sweep's Parquet file, walked above",
}
COMMANDS = {
    ("states",): ["states --on 2024-06-01", "states --on 2024-06-01 --system gw"],
    ("arrangements",): ["arrangements --on 2024-06-01"],
    ("members",): ["members NATO --on 2024-06-01"],
    ("who-defends",): ["who-defends Estonia --on 2024-06-01"],
    ("events",): ["events"],
    ("scenario",): [
        "scenario --attacker Russia --target Estonia --on 2024-06-01 --runs 50 --seed 1",
        "scenario --attacker Russia --target Estonia --on 2024-06-01 --explain Finland",
    ],
    ("data", "catalog"): ["data catalog"],
    ("data", "status"): ["data status"],
    ("data", "verify"): ["data verify"],
    ("wars",): ["wars", "wars --war 106"],
    ("reliability",): ["reliability --by era", "reliability --years 1914-1918 --cases"],
    ("burden",): [
        "burden NATO --years 2014-2015",
        "burden NATO --years 2014-2015 --summary",
        "burden NATO --years 1964 --olson-zeckhauser",
    ],
    ("allocate",): ["allocate NATO --years 2020"],
    ("similarity",): ["similarity USA UKG --years 1990-1991 --method s,kappa"],
    ("network",): [
        "network --years 1990",
        "network --years 1990 --metrics",
        "network --years 1990 --allies 2",
    ],
    ("ties",): ["ties Japan --on 2005-06-01", "ties Japan --on 2005-06-01 --depth"],
    ("partners",): [
        "partners --for USA --against Russia --on 2010-06-01",
        "partners --for USA --against Russia --on 2010-06-01 --explain Poland",
    ],
    ("coalition",): ["coalition --for USA --against Russia --on 2010-06-01 --runs 50"],
    ("region",): ["region europe --on 2010-06-01"],
    ("posture",): ["posture --years 2010"],
    ("panel", "state-years"): ["panel state-years --years 2000 --add nmc,majors"],
    ("panel", "dyad-years"): ["panel dyad-years --years 2000 --add atop,contiguity"],
    ("panel", "state-days"): ["panel state-days --years 2000"],
    ("panel", "leader-years"): ["panel leader-years --years 2000"],
    ("panel", "leader-dyad-years"): ["panel leader-dyad-years --years 2000"],
    ("panel", "dispute-years"): ["panel dispute-years"],
}


def _all_commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if hasattr(group, "commands"):
        for name, sub in group.commands.items():
            yield from _all_commands(sub, (*path, name))
    else:
        yield path


def test_every_command_is_walked_or_says_why_not():
    commands = set(_all_commands(typer.main.get_command(app)))
    assert sorted(commands - set(COMMANDS) - set(NO_TABLE)) == []
    assert sorted((set(COMMANDS) | set(NO_TABLE)) - commands) == []


def _written(command: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, pd.DataFrame]:
    """The sections ``foedus COMMAND -f json`` wrote, as frames (with their columns even
    when empty)."""
    report = importlib.import_module("foedus.report")
    seen: dict[str, pd.DataFrame] = {}
    original = report.to_json

    def recording(sections: Mapping[str, pd.DataFrame]) -> str:
        seen.update(sections)
        return original(sections)

    monkeypatch.setattr(report, "to_json", recording)
    result = invoke(f"{command} -f json", monkeypatch)
    assert result.code == 0, (command, result.err)
    json.loads(result.out)  # one JSON document
    return seen


@pytest.mark.realdata
@pytest.mark.parametrize("command", [c for cs in COMMANDS.values() for c in cs])
def test_every_command_writes_ccode(command, research, monkeypatch):
    sections = _written(command, monkeypatch)
    assert sections, command
    for name, frame in sections.items():
        assert retired(frame.columns) == [], (command, name, list(frame.columns))


def test_built_in_commands_write_ccode(store, monkeypatch):
    members = _written("members NATO --on 2024-06-01", monkeypatch)[""]
    assert {2, 366} <= set(members["ccode"])
    scenario = _written(COMMANDS[("scenario",)][0], monkeypatch)
    assert {365, 366} <= set(scenario["entrants"]["ccode"])
    assert list(_written("states --on 1816-06-01", monkeypatch)[""].columns[:1]) == ["ccode"]


# ----------------------------------------------------------------------------- the API

ROUTES = {
    "/api/v1/states": {"on": ON},
    "/api/v1/arrangements": {"on": ON},
    "/api/v1/arrangements/{arrangement}": "/api/v1/arrangements/nato",
    "/api/v1/members": {"arrangement": "NATO", "on": ON},
    "/api/v1/who-defends": {"state": "Estonia", "on": ON},
    "/api/v1/obligations": {"state": "Estonia", "on": ON},
    "/api/v1/shapes": {"on": ON},
    "/api/v1/events": {},
    "/api/v1/scenario": {"attacker": "Russia", "target": "Estonia", "on": ON, "runs": 50},
    "/api/v1/reliability": {"by": "era"},
    "/api/v1/burden": {"arrangement": "NATO", "years": "2014-2015"},
    "/api/v1/allocate": {"arrangement": "NATO", "years": 2020},
    "/api/v1/similarity": {"state": ["USA", "UKG"], "years": "1990-1991"},
    "/api/v1/network": {"on": "1990-06-01"},
    "/api/v1/panels/{kind}": "/api/v1/panels/state-years?years=2000&add=nmc",
    "/api/v1/data/status": {},
    "/api/v1/data/catalog": {},
}
NO_JSON = {
    "/api/v1/brief/scenario": "an HTML or PDF brief",
    "/api/v1/jobs/{job}": "a job's state; its result is the scenario's sections",
    "/api/v1/jobs/{job}/result": "the sections of /api/v1/scenario, pooled",
}


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


@pytest.mark.realdata
def test_every_api_answer_names_codes_ccode(research):
    pytest.importorskip("fastapi", reason="the web extra")
    from fastapi.testclient import TestClient

    from foedus.web.app import create_app

    web = create_app()
    routes = {
        r.path for r in web.routes if "GET" in getattr(r, "methods", ()) and "/api/" in r.path
    }
    assert sorted(routes - set(ROUTES) - set(NO_JSON)) == []
    client = TestClient(web, raise_server_exceptions=True)
    for path, params in ROUTES.items():
        url, query = (params, None) if isinstance(params, str) else (path, params)
        answer = client.get(url, params=query)
        assert answer.status_code == 200, (path, answer.text[:300])
        keys = set(_keys(answer.json()))
        assert keys, path
        assert retired(keys) == [], (path, sorted(keys))
