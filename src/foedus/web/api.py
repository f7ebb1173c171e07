"""REST API under ``/api/v1/``: one read-only endpoint per capability, named like the CLI.

Every endpoint is a thin call of the public Python API (``foedus.<name>``); results are the
rows of its frame as JSON (dates as ISO strings, missing values as null).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

import foedus
from foedus import networks
from foedus.errors import FoedusError
from foedus.report import build_scenario, jsonable, records
from foedus.sources import coverage
from foedus.web import workers
from foedus.web.cache import cached, computing
from foedus.web.errors import MAX_VALUES, ApiError, known_parameters
from foedus.web.geo import obligations_toward, shapes_on

router = APIRouter(prefix="/api/v1", dependencies=[Depends(known_parameters)])

MAX_RUNS = 100_000  # per synchronous request; more runs go to a job
MAX_STATES = MAX_VALUES  # attackers, targets or entrants in one scenario
MAX_PANEL_ROWS = 200_000
Text = Annotated[str, Query(max_length=120)]
OptText = Annotated[str | None, Query(max_length=120)]
Date = Annotated[str | None, Query(max_length=32, description="YYYY-MM-DD, YYYY-MM or YYYY")]
Years = Annotated[str | None, Query(max_length=16, description="YYYY or YYYY-YYYY")]
StateList = Annotated[list[str], Query(max_length=MAX_STATES)]
OptList = Annotated[list[str] | None, Query(max_length=MAX_STATES)]


@contextmanager
def about(parameter: str) -> Iterator[None]:
    """Name ``parameter`` in the error that bad input raises inside the block."""
    try:
        yield
    except FoedusError as exc:
        raise ApiError.from_foedus(exc, parameter) from None


async def table(request: Request, compute: Callable[[], pd.DataFrame | dict[str, Any]]) -> Response:
    """The JSON of ``compute()`` (rows of a frame, or an object), cached per query."""

    def render() -> Any:
        value = compute()
        return records(value) if isinstance(value, pd.DataFrame) else value

    return await cached(request, render)


@router.get("/states", summary="States in the state system on a date")
async def states(request: Request, on: Date = None, system: Text = "cow") -> Response:
    with about("on"):
        return await table(request, lambda: foedus.members_on(on, system=system))


@router.get("/arrangements", summary="Built-in arrangements, filtered by date, kind and member")
async def arrangements(
    request: Request, on: Date = None, kind: OptText = None, member: OptText = None
) -> Response:
    with about("kind/member/on"):
        return await table(request, lambda: foedus.arrangements(on=on, kind=kind, member=member))


@router.get("/arrangements/{arrangement}", summary="One arrangement: text, members over time")
async def arrangement(request: Request, arrangement: str) -> Response:
    with about("arrangement"):
        return await table(request, lambda: _arrangement(arrangement))


def _arrangement(query: str) -> dict[str, Any]:
    row = foedus.find_arrangement(query)
    start = pd.Timestamp(row["in_force"] or row["signed"]).date()
    end = pd.Timestamp(row["ended"]).date() if row["ended"] else dt.date.today()
    # the members on every 1 January in force and on its last day: every spell of a year or more
    dates = [dt.date(y, 1, 1) for y in range(start.year + 1, end.year + 1)] + [start, end]
    spells = pd.concat([foedus.members(row["id"], on=d) for d in dates if d <= end])
    spells = spells.drop_duplicates(["ccode", "joined"]).sort_values(["joined", "state"])
    return {
        "arrangement": {k: jsonable(v) for k, v in row.items()},
        "members": records(spells),
        "events": records(foedus.events(row["id"])),
    }


@router.get("/members", summary="Members of an arrangement on a date")
async def members(request: Request, arrangement: Text, on: Date = None) -> Response:
    with about("arrangement/on"):
        return await table(request, lambda: foedus.members(arrangement, on=on))


@router.get("/who-defends", summary="Every state with a defense obligation toward STATE")
async def who_defends(request: Request, state: Text, on: Date = None) -> Response:
    with about("state/on"):
        foedus.resolve(state, on=on)  # a bad state or date is refused before any queue
        return await table(request, lambda: foedus.who_defends(state, on=on))


@router.get("/obligations", summary="Every obligation toward STATE on a date, of every type")
async def obligations(request: Request, state: Text, on: Date = None) -> Response:
    """The rows of :func:`foedus.obligations_on` whose beneficiary is ``state``."""
    with about("state/on"):
        foedus.resolve(state, on=on)
        return await table(request, lambda: obligations_toward(state, on))


@router.get("/shapes", summary="The map's country shapes each state draws on a date")
async def shapes(request: Request, on: Date = None) -> Response:
    with about("on"):
        return await table(request, lambda: shapes_on(on))


@router.get("/events", summary="Invocations and consultations (e.g. NATO Art. 5, Art. 4)")
async def events(request: Request, arrangement: OptText = None) -> Response:
    with about("arrangement"):
        return await table(request, lambda: foedus.events(arrangement))


@router.get("/scenario", summary="Casus foederis and cascade of ATTACKER attacking TARGET")
async def scenario(
    request: Request,
    attacker: StateList,
    target: StateList,
    on: Date = None,
    location: OptList = None,
    provoked: Text = "no",
    entrant: OptList = None,
    runs: Annotated[int, Query(ge=0, le=MAX_RUNS)] = 0,
    seed: Annotated[int | None, Query(ge=0, le=2**32 - 1)] = None,
    honour: OptList = None,
    free_join: Annotated[float, Query(ge=0, le=1)] = 0.0,
    unknown: Text = "unmet",
    sources: OptText = None,
    explain: OptText = None,
) -> Response:
    """The sections of ``foedus scenario -f json``; with ``explain``, why that state does or does
    not enter. More than 100,000 runs: ``POST /api/v1/jobs/scenario``."""

    # bad states, dates or options are refused here, before the queue of computations
    with about("attacker/target/on/location/provoked/entrant"):
        built = build_scenario(
            attacker, target, on, location=location or (), provoked=provoked, entrant=entrant
        )

    async def compute() -> bytes:
        # awaited from a worker process: no thread of the server waits for it, and who-defends
        # is not queued behind scenarios
        with about("explain" if explain is not None else "runs/seed/honour/unknown/sources"):
            return await workers.call(
                workers.scenario_answer,
                built,
                explain=explain,
                runs=runs,
                seed=seed,
                honour=honour,
                free_join=free_join,
                unknown=unknown,
                sources=sources,
            )

    return await cached(request, compute)


@router.get(
    "/brief/scenario",
    summary="A scenario brief: one self-contained HTML file (or PDF) to hand a colleague",
    response_class=HTMLResponse,
)
def brief(
    attacker: StateList,
    target: StateList,
    on: Date = None,
    location: OptList = None,
    provoked: Text = "no",
    entrant: OptList = None,
    runs: Annotated[int, Query(ge=0, le=MAX_RUNS)] = 1000,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
    honour: OptList = None,
    free_join: Annotated[float, Query(ge=0, le=1)] = 0.0,
    unknown: Text = "unmet",
    sources: OptText = None,
    format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
) -> Response:
    """What ``foedus brief scenario`` writes: the map, entrants by round, join probabilities,
    the clauses and their sources, citations, assumptions and the reproducing command."""
    from foedus.web.brief import BriefRequest, print_pdf, scenario_brief

    request = BriefRequest(
        attacker=tuple(attacker),
        target=tuple(target),
        on=on,
        location=tuple(location or ()),
        provoked=provoked,
        entrant=tuple(entrant or ()),
        runs=runs,
        seed=seed,
        honour=tuple(honour or ()),
        free_join=free_join,
        unknown=unknown,
        sources=sources,
    )
    name = f"brief.{format}"
    with about("attacker/target/on/location/provoked/entrant/honour/unknown/sources"), computing():
        html = scenario_brief(request, output=name)
    if format == "html":
        return HTMLResponse(html)
    with tempfile.TemporaryDirectory(prefix="foedus-brief-") as tmp:
        path = Path(tmp) / name
        with about("format"):
            print_pdf(html, path)
        body = path.read_bytes()
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/reliability", summary="Alliance reliability rates (beside published) or cases")
async def reliability(
    request: Request,
    by: OptText = None,
    war: int | None = None,
    cases: bool = False,
    years: Years = None,
    rule: Text = "all",
    unknown: Text = "unmet",
) -> Response:
    def compute() -> pd.DataFrame:
        with about("by/war/rule/unknown/years"):
            if cases or (war is not None and by is None):
                return foedus.reliability_cases(years=years, war=war, rule=rule, unknown=unknown)
            return foedus.reliability_rates(years=years, by=by, war=war, rule=rule, unknown=unknown)

    return await table(request, compute)


@router.get("/burden", summary="Military expenditure as a share of GDP, per member and year")
async def burden(
    request: Request,
    arrangement: Text,
    years: Years = None,
    threshold: Annotated[list[float] | None, Query(max_length=MAX_VALUES)] = None,
    summary: bool = False,
    olson_zeckhauser: bool = False,
) -> Response:
    def compute() -> pd.DataFrame:
        with about("arrangement/years/threshold"):
            frame = foedus.burden(arrangement, years, thresholds=tuple(threshold or (2.0,)))
        if olson_zeckhauser:
            return foedus.olson_zeckhauser(frame)
        return foedus.burden_summary(frame) if summary else frame

    return await table(request, compute)


@router.get("/allocate", summary="A fair-share allocation of a collective target")
async def allocate(
    request: Request,
    arrangement: Text,
    years: Annotated[int, Query(ge=1816, le=2100, description="YYYY: the year allocated")],
    target: Text = "2%gdp",
    rule: Text = "ability",
    threat: OptText = None,
) -> Response:
    with about("arrangement/years/target/rule/threat"):
        return await table(
            request,
            lambda: foedus.allocate(arrangement, years, target=target, rule=rule, threat=threat),
        )


@router.get("/similarity", summary="Alliance or UN-vote similarity of two states over years")
async def similarity(
    request: Request,
    state: StateList,
    years: Years = None,
    method: Text = "s",
) -> Response:
    if len(state) != 2:
        raise ApiError(422, "state", f"{len(state)} given; accepted: exactly two states")

    def compute() -> pd.DataFrame:
        with about("state/years/method"):
            a, b = (foedus.resolve(s).cow_code for s in state)
            frame = foedus.similarity(years, method)
        pair = ((frame["ccode1"] == a) & (frame["ccode2"] == b)) | (
            (frame["ccode1"] == b) & (frame["ccode2"] == a)
        )
        return frame[pair]

    return await table(request, compute)


@router.get("/network", summary="The cooperation network of a year or a day: states, ties, blocs")
async def network(
    request: Request,
    years: Annotated[
        int | None, Query(ge=1816, le=2100, description="YYYY: a year's network")
    ] = None,
    on: Date = None,
    layer: Text = "defense",
) -> Response:
    if (years is None) == (on is None):
        raise ApiError(
            422,
            "years/on",
            "give years or on (not both, not neither); accepted: years=YYYY or on=YYYY-MM-DD",
        )

    def compute() -> dict[str, Any]:
        with about("years/on/layer"):
            net = foedus.network(years, layer, on=on)
            nodes = networks.node_measures(net)
            metrics = jsonable(networks.year_metrics(net))
        return {
            "when": str(net.when),
            "layer": layer,
            "metrics": metrics,
            "nodes": records(nodes),
            "edges": records(net.edges),
        }

    return await table(request, compute)


@router.get("/panels/{kind}", summary="A state-year or dyad-year panel (JSON or Parquet)")
def panel(
    request: Request,
    kind: str,
    years: Annotated[str, Query(max_length=16)],
    add: Annotated[str, Query(max_length=300)] = "",
    system: Text = "cow",
    format: Annotated[str, Query(pattern="^(json|parquet)$")] = "json",
) -> Response:
    makers = {"state-years": foedus.state_years, "dyad-years": foedus.dyad_years}
    if kind not in makers:
        raise ApiError(404, "kind", f"{kind!r} unknown; accepted: {', '.join(makers)}")
    with about("years/add/system"):
        from foedus.panels import add as add_verbs

        frame = makers[kind](years, system=system)
        if len(frame) > MAX_PANEL_ROWS:
            raise ApiError(
                422,
                "years",
                f"{years!r} gives {len(frame):,} rows; accepted: at most {MAX_PANEL_ROWS:,} "
                "per request (use `foedus panel` for more)",
            )
        frame = add_verbs(frame, [n.strip() for n in add.split(",") if n.strip()])
    if format == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return Response(
            buffer.getvalue(),
            media_type="application/vnd.apache.parquet",
            headers={"Content-Disposition": f'attachment; filename="{kind}-{years}.parquet"'},
        )
    return JSONResponse(records(frame))


@router.get("/data/status", summary="Loaded sources: version, tables, rows, citation")
async def data_status(request: Request) -> Response:
    def compute() -> list[dict[str, Any]]:
        return [
            {
                "source": r.name,
                "version": r.version,
                "tables": r.rows,
                "imported_at": r.imported_at,
                "citation": r.citation,
            }
            for r in foedus.Store().releases().values()
        ]

    return await table(request, compute)


@router.get("/data/catalog", summary="Datasets foedus can load: version, coverage, citation")
async def data_catalog(request: Request) -> Response:
    def compute() -> pd.DataFrame:
        frame = foedus.catalog()
        return frame.assign(coverage=[list(coverage(name)) for name in frame["source"]])

    return await table(request, compute)
