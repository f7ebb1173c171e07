"""Scenario briefs: ``foedus brief scenario`` and ``GET /api/v1/brief/scenario`` write one
self-contained HTML file (or a PDF) holding the entrants, the clauses, their sources and the
command that reproduces it."""

from __future__ import annotations

import re
import shutil

import pytest
from cli_helpers import invoke

import foedus
from foedus.report import build_scenario, scenario_sections
from foedus.web.brief import BriefRequest

COMMAND = "brief scenario --attacker Russia --target Estonia --on 2024-06-01 --runs 200"


def _entrants():
    scenario = build_scenario(["Russia"], ["Estonia"], "2024-06-01")
    return scenario_sections(scenario)["entrants"]


def _self_contained(html: str) -> None:
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def test_cli_brief_holds_entrants_clauses_sources_and_command(store, tmp_path, monkeypatch):
    out = tmp_path / "brief.html"
    r = invoke(f"{COMMAND} -o {out}", monkeypatch)
    assert r.code == 0, r.err
    html = out.read_text()
    _self_contained(html)
    assert "Scenario brief: Russia attacks Estonia on 2024-06-01" in html
    entrants = _entrants()
    assert len(entrants) == 37  # Russia, Estonia, 35 in round 1 (NATO, EU); no CSTO (#13)
    for name in entrants["state"]:
        assert f"<td>{name}</td>" in html
    for clause in (
        "North Atlantic Treaty, Art. 5",
        "Treaty on European Union, Art. 42(7)",
    ):
        assert clause in html
    # the clause's source note from the built-in set
    assert "Text of the North Atlantic Treaty (Washington, 4 April 1949)" in html
    # the map: Estonia drawn as the target, Russia as the attacker
    assert '<path d="' in html and 'data-iso3="EST"' in html
    assert re.search(r'fill="#0f3566" data-iso3="EST" data-code="366"', html)
    assert re.search(r'fill="#7f1d16" data-iso3="RUS" data-code="365"', html)
    assert "Join probabilities (200 Monte Carlo runs, seed 0)" in html
    expected = (
        "foedus brief scenario --attacker Russia --target Estonia --on 2024-06-01 "
        f"--runs 200 --seed 0 -o {out}"
    )
    assert f"<pre>{expected}</pre>" in html
    assert "Berkemeier" in html and "Natural Earth" in html


def test_brief_is_deterministic_for_a_seed(store):
    from foedus.web.brief import scenario_brief

    request = BriefRequest(attacker=("Russia",), target=("Estonia",), on="2024-06-01", runs=300)
    strip = lambda h: re.sub(r"written [0-9: -]+ UTC", "", h)  # noqa: E731
    assert strip(scenario_brief(request)) == strip(scenario_brief(request))


@pytest.mark.parametrize(
    ("output", "needle"),
    [("brief.docx", "'.docx'"), ("brief", "'(none)'"), ("missing/brief.html", "missing")],
)
def test_bad_output_is_one_line_exit_2(store, tmp_path, monkeypatch, output, needle):
    r = invoke(f"{COMMAND} -o {tmp_path / output}", monkeypatch)
    assert r.code == 2 and needle in r.err and r.err.count("\n") == 1
    assert not (tmp_path / output).exists()


def test_bad_state_is_one_line_exit_2(store, tmp_path, monkeypatch):
    r = invoke(
        f"brief scenario --attacker Narnia --target Estonia -o {tmp_path}/b.html", monkeypatch
    )
    assert r.code == 2 and "'Narnia'" in r.err and r.err.count("\n") == 1


@pytest.mark.skipif(shutil.which("chromium") is None, reason="apt-get install chromium")
def test_pdf_by_suffix(store, tmp_path, monkeypatch):
    out = tmp_path / "brief.pdf"
    r = invoke(f"{COMMAND} -o {out}", monkeypatch)
    assert r.code == 0, r.err
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 3


def test_api_brief_is_the_cli_brief(client, store, tmp_path, monkeypatch):
    got = client.get(
        "/api/v1/brief/scenario",
        params={"attacker": "Russia", "target": "Estonia", "on": "2024-06-01", "runs": 200},
    )
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/html")
    html = got.text
    _self_contained(html)
    assert "--runs 200 --seed 0 -o brief.html</pre>" in html
    out = tmp_path / "brief.html"
    assert invoke(f"{COMMAND} -o {out}", monkeypatch).code == 0
    body = lambda h: re.sub(r"written [0-9: -]+ UTC|<pre>.*</pre>", "", h)  # noqa: E731
    assert body(html) == body(out.read_text())


def test_api_brief_rejects_bad_input(client):
    base = {"attacker": "Russia", "target": "Estonia", "on": "2024-06-01"}
    for params, parameter in (
        ({**base, "runs": 10**9}, "runs"),
        ({**base, "target": "Narnia"}, "attacker/target/on/location/provoked/entrant"),
        ({**base, "format": "docx"}, "format"),
    ):
        got = client.get("/api/v1/brief/scenario", params=params)
        assert got.status_code in (404, 422)
        assert got.json()["error"]["parameter"].startswith(parameter)


def test_built_in_scenario_names_its_sources(store):
    triggered = scenario_sections(build_scenario(["Russia"], ["Estonia"], "2024-06-01"))[
        "triggered"
    ]
    assert set(triggered["source"]) == {"built-in"}
    assert foedus.find_arrangement("NATO")["source"].startswith("Text of the North Atlantic")


def test_assumptions_state_the_honouring_rates(store):
    from foedus.web.brief import scenario_brief

    request = BriefRequest(
        attacker=("Russia",),
        target=("Estonia",),
        on="2024-06-01",
        runs=50,
        honour=("calibrated", "defense=0.4"),
    )
    html = scenario_brief(request)
    # defense as given; offense the published post-1945 rate (no ATOP/COW wars loaded)
    assert "defense 0.40, offense 0.45" in html
    assert "--honour calibrated --honour defense=0.4" in html
