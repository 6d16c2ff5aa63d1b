"""The FastAPI app: JSON API and a minimal search page over the same service functions
the CLI uses. Errors are JSON with a plain message; nothing in them echoes request text."""
from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

import nlp.offline  # noqa: F401
from api.schemas import AnalyseRequest, NarrativeIn, SearchRequest
from assistant import service
from assistant.ingest import ingest
from assistant.narratives import Narrative, explain_validation_error

DEFAULT_MAX_BODY = 1_000_000
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(workspace: service.Workspace | None = None, max_body_bytes: int | None = None) -> FastAPI:
    ws = workspace or service.Workspace(service.default_data_dir(), service.default_chroma_url())
    limit = max_body_bytes or int(os.environ.get("GOLDENTHREAD_MAX_BODY", DEFAULT_MAX_BODY))
    app = FastAPI(title="goldenthread",
                  description="Search children's social-care audit findings (redacted). "
                              "It judges recorded practice; it never scores risk to a child.")
    app.state.workspace = ws

    @app.middleware("http")
    async def refuse_large_bodies(request: Request, call_next):
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return _error(413, f"request body over {limit} bytes")
        if request.method in ("POST", "PUT", "PATCH") and not declared:
            body = await request.body()
            if len(body) > limit:
                return _error(413, f"request body over {limit} bytes")
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        parts = []
        for item in exc.errors():
            where = ".".join(str(p) for p in item.get("loc", ()) if p != "body") or "body"
            parts.append(f"{where}: {item.get('msg', 'invalid').removeprefix('Value error, ')}")
        return _error(422, "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, str(exc.detail))

    @app.get("/health")
    def health():
        return {"status": "ok", "revision": ws.store.revision()}

    @app.post("/narratives", status_code=201)
    def add_narrative(body: NarrativeIn):
        try:
            narrative = Narrative(**body.model_dump()).with_default_id("api")
        except ValidationError as error:
            return _error(422, explain_validation_error(error))
        report = ingest(ws.store, [narrative], ws.nlp, ws.embedder)
        return {"id": report.ids[0],
                "status": "added" if report.added else "updated" if report.updated else "unchanged",
                "findings": report.findings, "redactions": dict(report.redactions)}

    @app.get("/narratives/{narrative_id}")
    def get_narrative(narrative_id: str):
        found = service.narrative_json(ws, narrative_id)
        if found is None:
            return _error(404, "no narrative with that id")
        return found

    @app.post("/search")
    def search(body: SearchRequest):
        try:
            filters = service.make_filters(body.date_from, body.date_to, body.team, body.service,
                                           body.legal_status, body.rating, body.fundamental, body.stance)
            hits = service.search(ws, body.query, body.k, body.mode, filters)
        except ValueError as error:
            return _error(422, str(error))
        return {"query": body.query, "mode": body.mode, "results": hits}

    @app.post("/analyse")
    def analyse(body: AnalyseRequest):
        """Analysis of text as given (nothing is stored). One text in, one result out;
        {"items": [...]} in, {"results": [...]} out."""
        from nlp.analysis import analyse as run_analysis
        from nlp.pipeline import load_analysis

        if (body.text is None) == (body.items is None):
            return _error(422, 'send either {"id", "text"} or {"items": [{"id", "text"}, ...]}')
        if body.text is not None:
            return run_analysis(load_analysis(), [{"id": body.id, "text": body.text}])[0]
        return {"results": run_analysis(load_analysis(), [i.model_dump() for i in body.items])}

    @app.get("/", response_class=HTMLResponse)
    def search_page(request: Request, q: str = "", date_from: str = "", date_to: str = "", team: str = "",
                    legal_status: str = "", rating: str = "", mode: str = "hybrid"):
        hits, error = [], None
        if q.strip():
            try:
                filters = service.make_filters(date_from or None, date_to or None, team or None, None,
                                               legal_status or None, rating or None)
                hits = service.search(ws, q, 20, mode, filters)
            except ValueError as exc:
                error = str(exc)
        return TEMPLATES.TemplateResponse(request, "search.html", {
            "q": q, "date_from": date_from, "date_to": date_to, "team": team, "legal_status": legal_status,
            "rating": rating, "mode": mode, "hits": hits, "error": error,
            "teams": sorted(service.distinct_values(ws.store)["team"]),
        })

    @app.get("/narratives/{narrative_id}/view", response_class=HTMLResponse)
    def narrative_page(request: Request, narrative_id: str, finding: int | None = None):
        found = service.narrative_json(ws, narrative_id)
        if found is None:
            return HTMLResponse("<p>No narrative with that id.</p>", status_code=404)
        return TEMPLATES.TemplateResponse(request, "narrative.html", {"n": found, "highlight": finding})

    return app
