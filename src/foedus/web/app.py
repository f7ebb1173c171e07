"""The FastAPI application: the REST API, its offline docs, and the pages of the web app."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline

import foedus
from foedus.vocab import NETWORK_LAYERS
from foedus.web import api, errors, jobs, workers
from foedus.web.cache import KeptAnswers

HERE = Path(__file__).parent
PAGES = {
    "map": "Who defends",
    "scenario": "Scenario",
    "arrangement": "Arrangements",
    "network": "Network",
    "burden": "Burden",
    "reliability": "Reliability",
    "data": "Data",
}


def create_app() -> FastAPI:
    """The app ``foedus serve`` runs: API under ``/api/v1``, docs at ``/docs``, pages at ``/``.

    Everything it serves is in the package: Swagger UI from ``fastapi-offline``, the map
    geometry and scripts from ``foedus/web/static`` (see ``foedus/web/build``).
    """

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=workers.warm, name="foedus-warm", daemon=True).start()
        workers.start()
        yield
        workers.close()
        jobs.close()  # the job store's temporary folder goes with the app

    app = FastAPIOffline(
        lifespan=lifespan,
        title="foedus",
        version=foedus.__version__,
        description="Alliances, obligations, casus foederis and cascades: a read-only API over "
        "the foedus Python API, named like its command line.",
        redoc_url=None,
    )
    errors.install(app)
    app.add_middleware(KeptAnswers)
    app.add_middleware(errors.RepeatedParameters)  # the outermost: before any parsing
    app.include_router(api.router)
    app.include_router(jobs.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")

    def page(name: str):  # type: ignore[no-untyped-def]
        def render(request: Request) -> HTMLResponse:
            return templates.TemplateResponse(
                request,
                f"{name}.html",
                {"pages": PAGES, "page": name, "layers": NETWORK_LAYERS},
            )

        return render

    app.get("/", include_in_schema=False, response_class=HTMLResponse)(page("map"))
    for name in PAGES:
        app.get(f"/{name}", include_in_schema=False, response_class=HTMLResponse)(page(name))
    return app
