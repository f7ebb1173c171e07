"""The REST API: every endpoint answers with the values the Python API computes."""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest

import foedus
from foedus.report import build_scenario, records, scenario_sections, sections_json
from tests.cli_helpers import invoke

ESTONIA = "/api/v1/who-defends?state=Estonia&on=2024-06-01"
SECTIONS = ["triggered", "entrants", "flags"]
SCENARIO = "/api/v1/scenario?attacker=Russia&target=Estonia&on=2024-06-01"


def test_who_defends_estonia_the_other_nato_and_eu_members_with_clauses(client):
    rows = pd.DataFrame(client.get(ESTONIA).json())
    by = rows.groupby("arrangement_id")["defender"].apply(set)
    assert len(by["nato"]) == 31 and len(by["eu_mutual_assistance"]) == 26
    assert "Estonia" not in by["nato"] and {"United States of America", "Finland"} <= by["nato"]
    assert "Austria" in by["eu_mutual_assistance"] and "Austria" not in by["nato"]
    clauses = dict(zip(rows["arrangement_id"], rows["clause"], strict=False))
    assert clauses["nato"] == "North Atlantic Treaty, Art. 5"
    assert clauses["eu_mutual_assistance"] == "Treaty on European Union, Art. 42(7)"


def test_scenario_has_the_sections_of_the_cli_json(client):
    body = client.get(SCENARIO).json()
    assert list(body) == SECTIONS
    entrants = pd.DataFrame(body["entrants"])
    assert (entrants["round"] == 1).sum() == 35
    assert entrants.loc[entrants["state"] == "Russia", "side"].item() == "attacker"
    ours = scenario_sections(build_scenario(["Russia"], ["Estonia"], "2024-06-01"))
    assert body == sections_json(ours)


def test_scenario_is_what_the_cli_writes_as_json(client, monkeypatch):
    cli = invoke("scenario --attacker Russia --target Estonia --on 2024-06-01 -f json", monkeypatch)
    assert cli.code == 0
    assert client.get(SCENARIO).json() == json.loads(cli.out)


def test_scenario_monte_carlo_is_the_python_api_with_the_same_seed(client):
    body = client.get(f"{SCENARIO}&runs=2000&seed=7&honour=defense=0.5").json()
    assert list(body) == [
        "triggered",
        "entrants",
        "flags",
        "summary",
        "states",
        "war_size",
        "rounds",
    ]
    ours = scenario_sections(
        build_scenario(["Russia"], ["Estonia"], "2024-06-01"),
        runs=2000,
        seed=7,
        honour=["defense=0.5"],
    )
    assert body["states"] == records(ours["states"])
    estonia = next(s for s in body["states"] if s["state"] == "Estonia")
    assert estonia["p_enters"] == 1.0
    assert sum(r["runs"] for r in body["war_size"]) == 2000


def test_scenario_explains_one_state(client):
    rows = client.get(f"{SCENARIO}&explain=Belarus").json()
    # Russia is the attacker: NATO and the EU defending Estonia do not attack it (#13)
    assert rows[0]["explanation"].startswith("Belarus does not enter: toward Russia, Russia is not")


def test_states_arrangements_members_events(client):
    states = pd.DataFrame(client.get("/api/v1/states?on=1914-07-28").json())
    assert len(states) == len(foedus.members_on("1914-07-28"))
    assert {"Serbia", "Austria-Hungary"} <= set(states["name"])
    kinds = client.get("/api/v1/arrangements?on=2024-06-01&kind=intelligence_sharing").json()
    assert "five_eyes" in {a["id"] for a in kinds}
    members = client.get("/api/v1/members?arrangement=nato&on=1960-01-01").json()
    assert len(members) == 15  # 12 founders, Greece and Turkey (1952), West Germany (1955)
    events = client.get("/api/v1/events?arrangement=nato").json()
    art5 = next(e for e in events if e["id"] == "nato-art5-2001")
    assert art5["date"] == "2001-09-12" and art5["clause"] == "North Atlantic Treaty, Art. 5"


def test_arrangement_page_data_members_over_time(client):
    body = client.get("/api/v1/arrangements/nato").json()
    assert (
        body["arrangement"]["short"] == "NATO" and body["arrangement"]["in_force"] == "1949-08-24"
    )
    joined = {m["state"]: m["joined"] for m in body["members"]}
    assert joined["Sweden"] == "2024-03-07" and joined["Finland"] == "2023-04-04"
    assert len(joined) >= 32 and "nato-art5-2001" in {e["id"] for e in body["events"]}


def test_bad_input_is_json_naming_the_parameter(client):
    unknown = client.get("/api/v1/who-defends?state=Narnia")
    assert unknown.status_code == 404
    error = unknown.json()["error"]
    assert "Narnia" in error["message"] and error["parameter"] == "state/on"
    bad_date = client.get("/api/v1/who-defends?state=Estonia&on=2024-13-01").json()["error"]
    assert bad_date["status"] == 422 and "2024-13-01" in bad_date["message"]
    huge = client.get(f"{SCENARIO}&runs=10000000").json()["error"]
    assert huge["parameter"] == "runs" and "100000" in huge["message"]
    many = client.get("/api/v1/scenario?target=Estonia&" + "&".join(["attacker=2"] * 5_000)).json()[
        "error"
    ]
    assert many["parameter"] == "attacker" and "at most 20" in many["message"]
    long = client.get(f"/api/v1/who-defends?state={'x' * 5000}").json()["error"]
    assert long["status"] == 422 and long["parameter"] == "state"
    missing = client.get("/api/v1/scenario?attacker=Russia")
    assert missing.status_code == 422 and missing.json()["error"]["parameter"] == "target"
    nowhere = client.get("/api/v1/nothing-here")
    assert nowhere.status_code == 404 and "error" in nowhere.json()
    # a negative seed was a 500 (numpy's ValueError) before the API bounded it
    seed = client.get(f"{SCENARIO}&runs=10&seed=-1").json()["error"]
    assert seed["status"] == 422 and seed["parameter"] == "seed"
    job = client.post(
        "/api/v1/jobs/scenario",
        json={"attacker": ["Russia"], "target": ["Estonia"], "runs": 10, "seed": -1},
    )
    assert job.status_code == 422 and job.json()["error"]["parameter"] == "body.seed"


def test_openapi_describes_every_endpoint_and_docs_are_offline(client):
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for route in (
        "states", "arrangements", "members", "who-defends", "events", "scenario", "reliability",
        "burden", "allocate", "similarity", "network", "data/status", "data/catalog",
        "jobs/scenario", "jobs/sweep", "panels/{kind}", "brief/scenario",
    ):  # fmt: skip
        assert f"/api/v1/{route}" in paths
    docs = client.get("/docs").text
    assert "cdn" not in docs and "/static-offline-docs/swagger-ui-bundle.js" in docs
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200


def test_api_parameters_carry_the_cli_option_names(client):
    """One vocabulary: years (YYYY or YYYY-YYYY) and on (a day), never from/to/year."""
    schema = client.get("/openapi.json").json()
    names = {
        (path, p["name"])
        for path, ops in schema["paths"].items()
        for op in ops.values()
        for p in op.get("parameters", [])
    }
    assert not {(path, n) for path, n in names if n in ("from", "to", "year", "date")}
    for route in ("reliability", "burden", "allocate", "similarity", "network"):
        assert (f"/api/v1/{route}", "years") in names
    assert ("/api/v1/network", "on") in names


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/burden?arrangement=NATO&from=2014&to=2024", "from"),
        ("/api/v1/who-defends?state=Estonia&date=2024-06-01", "date"),
        ("/api/v1/network?year=1914", "year"),
        ("/api/v1/jobs/abc?verbose=1", "verbose"),
    ],
)
def test_an_unknown_parameter_is_refused_with_the_accepted_ones(client, url, name):
    error = client.get(url).json()["error"]
    assert error["status"] == 422 and error["parameter"] == name
    assert (
        f"'{name}' is not a parameter of" in error["message"] and "accepted: " in error["message"]
    )


def _finished(client, response) -> dict:
    assert response.status_code == 202
    url = response.json()["url"]
    for _ in range(600):
        job = client.get(url).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {url} still {job}")


def test_monte_carlo_job_pools_its_chunks(client):
    job = _finished(
        client,
        client.post(
            "/api/v1/jobs/scenario",
            json={"attacker": ["Russia"], "target": ["Estonia"], "on": "2024-06-01",
                  "runs": 120_000, "seed": 1, "honour": ["defense=0.5"]},
        ),
    )  # fmt: skip
    assert job["status"] == "done" and job["done"] == job["total"] == 3
    result = client.get(job["result_url"]).json()
    assert result["runs"] == 120_000 and sum(r["runs"] for r in result["war_size"]) == 120_000
    states = {s["state"]: s for s in result["states"]}
    assert states["Estonia"]["p_enters"] == 1.0 and states["Russia"]["p_attacker_side"] == 1.0
    # the pooled chunks estimate what one run of the Python API estimates
    one = scenario_sections(
        build_scenario(["Russia"], ["Estonia"], "2024-06-01"),
        runs=20_000,
        seed=3,
        honour=["defense=0.5"],
    )["states"].set_index("state")
    for state in ("Latvia", "Germany", "Slovenia", "Canada"):
        assert states[state]["p_enters"] == pytest.approx(one.loc[state, "p_enters"], abs=0.02)
    too_big = client.post(
        "/api/v1/jobs/scenario", json={"attacker": ["Russia"], "target": ["Estonia"], "runs": 10**7}
    )
    assert too_big.status_code == 422 and too_big.json()["error"]["parameter"] == "body.runs"


@pytest.mark.realdata
def test_reliability_rates_beside_the_published_ones(real_client):
    rows = pd.DataFrame(real_client.get("/api/v1/reliability").json()).set_index("measure")
    assert rows.loc["overall", "published_cases"] == 146
    assert rows.loc["overall", "published_rate"] == 50.0
    overall = rows.loc["overall"]
    assert overall["rate"] == round(100 * overall["honoured"] / overall["cases"], 1)
    assert {"pre-1945", "post-1945", "defense", "offense"} <= set(rows.index)
    cases = real_client.get("/api/v1/reliability?war=106").json()
    assert cases and {c["war"] for c in cases} == {"World War I"}
    in_1914 = real_client.get("/api/v1/reliability?cases=true&years=1914").json()
    assert {c["war"] for c in in_1914} == {"World War I"}


@pytest.mark.realdata
def test_obligations_name_parties_outside_the_state_system(real_client):
    # ATOP codes Monaco (COW 221) in the CSCE in 1982; COW lists it from 1993
    rows = real_client.get("/api/v1/obligations?state=United Kingdom&on=1982-04-02").json()
    names = {r["obligor_ccode"]: r["obligor"] for r in rows}
    assert names[221] == "Monaco" and names[2] == "United States of America"
    assert None not in names.values()


@pytest.mark.realdata
def test_burden_and_allocate(real_client):
    summary = real_client.get("/api/v1/burden?arrangement=NATO&years=2024&summary=true").json()
    assert summary[0]["year"] == 2024 and summary[0]["members"] == 32
    rows = pd.DataFrame(real_client.get("/api/v1/allocate?arrangement=NATO&years=2023").json())
    assert rows["fair_share_usd_m"].sum() == pytest.approx(
        0.02 * rows["gdp_current_usd_m"].sum(), rel=1e-3
    )
    bad = real_client.get("/api/v1/allocate?arrangement=NATO&years=2023&rule=luck").json()
    assert bad["error"]["status"] == 422 and "luck" in bad["error"]["message"]


@pytest.mark.realdata
def test_network_similarity_panels_and_status(real_client):
    net = real_client.get("/api/v1/network?years=1914&layer=defense").json()
    pairs = {frozenset((e["ccode1"], e["ccode2"])) for e in net["edges"]}
    assert frozenset((255, 300)) in pairs  # the Dual Alliance, Germany and Austria-Hungary
    assert frozenset((255, 640)) in pairs  # the German-Ottoman alliance of 2 August 1914
    day = real_client.get("/api/v1/network?on=1914-07-28&layer=defense").json()
    assert day["when"] == "1914-07-28"
    on_day = {frozenset((e["ccode1"], e["ccode2"])) for e in day["edges"]}
    assert frozenset((255, 300)) in on_day and frozenset((255, 640)) not in on_day
    both = real_client.get("/api/v1/network?years=1914&on=1914-07-28").json()
    assert both["error"]["status"] == 422 and both["error"]["parameter"] == "years/on"
    assert net["metrics"]["ties"] == len(net["edges"])
    assert {n["ccode"] for n in net["nodes"]} >= {255, 300, 200, 220, 365}
    s = real_client.get("/api/v1/similarity?state=USA&state=United Kingdom&years=2000").json()
    assert s == records(foedus.similarity(2000).query("ccode1 == 2 and ccode2 == 200"))
    panel = real_client.get("/api/v1/panels/state-years?years=2000&add=nmc").json()
    usa = next(r for r in panel if r["ccode"] == 2)
    assert usa["cinc"] == pytest.approx(0.14289317)
    parquet = real_client.get("/api/v1/panels/state-years?years=2000&add=nmc&format=parquet")
    import io

    assert len(pd.read_parquet(io.BytesIO(parquet.content))) == len(panel)
    status = {r["source"]: r for r in real_client.get("/api/v1/data/status").json()}
    assert status["atop"]["version"] == "5.1" and status["atop"]["tables"]["alliance"] == 789


@pytest.mark.realdata
def test_sweep_job_writes_parquet(real_client):
    job = _finished(real_client, real_client.post("/api/v1/jobs/sweep", json={"contiguous": 1816}))
    assert job["status"] == "done", job
    import io

    frame = pd.read_parquet(io.BytesIO(real_client.get(job["result_url"]).content))
    assert len(frame) == len(foedus.contiguous_pairs(1816))


def test_shapes_follow_the_state_on_the_date(client):
    def serbia(on: str) -> list[str]:
        rows = client.get(f"/api/v1/shapes?on={on}").json()
        return next(r["shapes"] for r in rows if r["ccode"] == 345)

    # COW 345 is Serbia to 1918-11-30 (its own shape; Kosovo and Vardar Macedonia from the
    # Treaty of Bucharest of 1913), then Yugoslavia (every successor's shape)
    assert serbia("1912-01-01") == ["SRB"]
    assert serbia("1914-07-28") == ["SRB", "XKX", "MKD"]
    assert sorted(serbia("1925-01-01")) == ["BIH", "HRV", "MKD", "MNE", "SRB", "SVN", "XKX"]
    assert serbia("2007-01-01") == ["SRB", "XKX"]  # Kosovo until its independence, 2008
    assert serbia("2010-01-01") == ["SRB"]


@pytest.mark.parametrize(
    ("query", "name", "count"),
    [
        ("&".join(["attacker=Russia"] * 21) + "&target=Estonia", "attacker", 21),
        ("attacker=Russia&" + "&".join(["target%3D=x"] * 30), "target=", 30),
        ("arrangement=nato&" + "&".join(["threshold=2"] * 25), "threshold", 25),
    ],
)
def test_a_parameter_given_too_many_times_is_refused_before_routing(client, query, name, count):
    path = "/api/v1/burden" if "threshold" in query else "/api/v1/scenario"
    answer = client.get(f"{path}?{query}")
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["parameter"] == name and f"given {count} times" in error["message"]
    assert "at most 20" in error["message"]


def test_twenty_values_of_a_parameter_are_accepted(client):
    states = [
        *("Estonia", "Latvia", "Lithuania", "Poland", "Finland", "Sweden", "Norway"),
        *("Denmark", "Germany", "France", "Italy", "Spain", "Portugal", "Netherlands"),
        *("Belgium", "Romania", "Bulgaria", "Hungary", "Slovakia", "Greece"),
    ]
    query = "&".join(f"target={s}" for s in states)
    answer = client.get(f"/api/v1/scenario?attacker=Russia&{query}&on=2024-06-01")
    assert answer.status_code == 200 and answer.json()["entrants"]
