"""The FastAPI app: JSON API and a minimal search page over the same service functions
the CLI uses. Errors are JSON with a plain message; nothing in them echoes request text.
Every route names the roles that may use it (api/auth.py); there is no way to turn that off."""
from __future__ import annotations

import os
from pathlib import Path

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

import nlp.offline  # noqa: F401
from api.account_pages import add_routes, template_context
from api.docs_pages import add_docs
from api.failures import add_failure_handling
from api.limits import BodyLimit, text_too_long
from api.security import add_security_headers, document_policy
from api.auth import (AuthProblem, cited_narratives, log_views, message_page, problem_response, quoted_narratives,
                      require, trusted_proxies, unguarded_routes)
from api.schemas import (AnalyseItem, AnalyseRequest, ChatReading, ChatRequest, NarrativeBatch, NarrativeIn,
                         SearchRequest)
from assistant import lexicon_queue, service
from assistant.accounts import Accounts, User, can_view_narrative
from assistant.data_folder import owner_only

DEFAULT_MAX_BODY = 1_000_000
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"), context_processors=[template_context])
# Who may use what. qa: everything but user admin; practice_lead: search, themes, reports,
# chat; ambassador: their review packs and the text checker; admin: users, settings and the
# access log (no findings).
READERS = ("qa", "practice_lead")


# Names a 422 may show: the schemas' own fields; a key a user chose (in a dict field) shows as "?"
FIELD_NAMES = {name for model in (NarrativeIn, NarrativeBatch, SearchRequest, AnalyseRequest, AnalyseItem, ChatRequest,
                              ChatReading)
               for name, info in model.model_fields.items() for name in (name, info.alias) if name} | {
    "query", "path", "header", "cookie"}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)




def create_app(workspace: service.Workspace | None = None, max_body_bytes: int | None = None,
               accounts: Accounts | None = None) -> FastAPI:
    """`accounts` defaults to `<data>/accounts.db` of the workspace (tests pass their own)."""
    ws = workspace or service.Workspace(service.default_data_dir(), service.default_chroma_url())
    limit = max_body_bytes or int(os.environ.get("GOLDENTHREAD_MAX_BODY", DEFAULT_MAX_BODY))
    app = FastAPI(title="goldenthread", docs_url=None, redoc_url=None,
                  description="Search children's social-care audit findings (redacted). "
                              "It judges recorded practice; it never scores risk to a child.")
    add_docs(app, TEMPLATES)
    add_failure_handling(app, ws)
    app.add_middleware(BodyLimit, limit=limit)
    app.state.workspace = ws
    owner_only(ws.data_dir)  # before accounts.db or the store is made: owner-only files
    app.state.accounts = accounts or Accounts.for_data_dir(ws.data_dir)
    app.state.trusted_proxies = trusted_proxies()  # X-Forwarded-For is read only from these
    add_routes(app, TEMPLATES)
    from assistant.chat import Conversations
    from assistant.generator import Generator
    conversations = Conversations()
    generator = Generator.from_env()

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        parts = []
        for item in exc.errors():
            if item.get("type") == "extra_forbidden":  # the name is the sender's text: never echoed
                parts.append("body: a field that is not accepted (GET /docs lists the fields)")
                continue
            where = ".".join(str(p) if isinstance(p, int) or p in FIELD_NAMES else "?"
                             for p in item.get("loc", ()) if p != "body") or "body"
            parts.append(f"{where}: {item.get('msg', 'invalid').removeprefix('Value error, ')}")
        return _error(422, "; ".join(dict.fromkeys(parts)))

    @app.exception_handler(AuthProblem)
    async def auth_problem(request: Request, exc: AuthProblem):
        return problem_response(request, exc)

    def log(user: User, action: str, narrative_ids) -> None:
        log_views(app.state.accounts, user, action, narrative_ids)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, str(exc.detail))

    @app.get("/narratives/{narrative_id}")
    def get_narrative(narrative_id: str, user: User = Depends(require(*READERS, "ambassador"))):
        if not can_view_narrative(user, narrative_id):
            return _error(403, "that narrative is not in your review packs")
        found = service.narrative_json(ws, narrative_id)
        if found is None:
            return _error(404, "no narrative with that id")
        log(user, "view_narrative", [narrative_id])
        return found

    @app.post("/search")
    def search(body: SearchRequest, user: User = Depends(require(*READERS))):
        try:
            filters = service.make_filters(body.date_from, body.date_to, body.team, body.service,
                                           body.legal_status, body.rating, body.fundamental, body.stance)
            from assistant.chat import redact_text
            query = redact_text(ws, body.query)  # a typed name is neither searched for nor echoed
            hits = service.search(ws, query, body.k, body.mode, filters)
        except ValueError as error:
            return _error(422, str(error))
        log(user, "search_results", [hit["narrative_id"] for hit in hits])
        return {"query": query, "mode": body.mode, "results": hits}

    @app.post("/analyse")
    def analyse(body: AnalyseRequest, user: User = Depends(require(*READERS, "ambassador"))):
        """Analysis of text as given (nothing is stored). One text in, one result out;
        {"items": [...]} in, {"results": [...]} out."""
        from nlp.analysis import analyse as run_analysis
        from nlp.pipeline import load_analysis

        lexicon_queue.sync(ws)

        if (body.text is None) == (body.items is None):
            return _error(422, 'send either {"id", "text"} or {"items": [{"id", "text"}, ...]}')
        size = len(body.text) if body.text is not None else sum(len(i.text) for i in body.items)
        if message := text_too_long(size, app.state.accounts.setting("max_analysis_chars"), "the text to analyse"):
            return _error(413, message)
        if body.text is not None:
            return run_analysis(load_analysis(), [{"id": body.id, "text": body.text}])[0]
        return {"results": run_analysis(load_analysis(), [i.model_dump() for i in body.items])}

    def slice_filters(date_from, date_to, team, service_, legal_status, rating):
        return service.make_filters(date_from, date_to, team, service_, legal_status, rating)

    def theme_of(theme_id: str, text: str | None) -> str:
        """A fundamental id (or name/synonym); "custom" takes a free-text theme from ?text=."""
        from assistant.themes import resolve_theme

        if theme_id == "custom":
            if not (text or "").strip():
                raise LookupError('a custom theme needs ?text=, e.g. "family time with brothers and sisters"')
            return text
        if resolve_theme(theme_id)["kind"] != "fundamental":
            raise LookupError("no such theme; GET /themes lists them, or use /themes/custom/summary?text=...")
        return theme_id

    @app.get("/themes")
    def themes(date_from: str | None = Query(None, alias="from"), date_to: str | None = Query(None, alias="to"),
               team: list[str] | None = Query(None), service_: list[str] | None = Query(None, alias="service"),
               legal_status: list[str] | None = Query(None), rating: list[str] | None = Query(None),
               user: User = Depends(require(*READERS))):
        """Every practice fundamental with its counts, a month-by-month trend and the previous period."""
        try:
            filters = slice_filters(date_from, date_to, team, service_, legal_status, rating)
        except ValueError as error:
            return _error(422, str(error))
        return {"themes": service.themes_overview(ws, filters),
                "notice": "Figures describe recorded practice in audited files; they do not score risk to any child."}

    def summary_or_error(theme_id, text, date_from, date_to, team, service_, legal_status, rating):
        """The summary a theme route serves, or the JSON error it answers with."""
        try:
            theme = theme_of(theme_id, text)
            filters = slice_filters(date_from, date_to, team, service_, legal_status, rating)
            return service.theme_summary(ws, theme, filters)
        except LookupError as error:
            return _error(404, str(error))
        except ValueError as error:
            return _error(422, str(error))

    @app.get("/themes/{theme_id}/summary")
    def theme_summary(theme_id: str, text: str | None = None,
                      date_from: str | None = Query(None, alias="from"), date_to: str | None = Query(None, alias="to"),
                      team: list[str] | None = Query(None), service_: list[str] | None = Query(None, alias="service"),
                      legal_status: list[str] | None = Query(None), rating: list[str] | None = Query(None),
                      user: User = Depends(require(*READERS))):
        result = summary_or_error(theme_id, text, date_from, date_to, team, service_, legal_status, rating)
        if isinstance(result, JSONResponse):
            return result
        log(user, "view_theme_summary", quoted_narratives(result))
        return result

    @app.get("/themes/{theme_id}/report")
    def theme_report(theme_id: str, text: str | None = None, format: str = Query("md", pattern="^(md|html|docx)$"),
                     date_from: str | None = Query(None, alias="from"), date_to: str | None = Query(None, alias="to"),
                     team: list[str] | None = Query(None), service_: list[str] | None = Query(None, alias="service"),
                     legal_status: list[str] | None = Query(None), rating: list[str] | None = Query(None),
                     inline: bool = False, user: User = Depends(require(*READERS))):
        """The thematic report under the house headings, as Markdown, HTML or DOCX
        (`inline=true` shows the HTML in the page instead of downloading it)."""
        from assistant.report import render

        result = summary_or_error(theme_id, text, date_from, date_to, team, service_, legal_status, rating)
        if isinstance(result, JSONResponse):
            return result
        media = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}[format]
        disposition = "inline" if inline and format == "html" else "attachment"
        log(user, "preview_report" if disposition == "inline" else "download_report", quoted_narratives(result))
        name = f"goldenthread-{result['theme']['id'] or 'custom'}-report.{format}"
        body = render(result, format)
        headers = {"Content-Disposition": f'{disposition}; filename="{name}"'}
        if format == "html":  # the preview iframe on /reports/view frames it: same origin only
            headers["Content-Security-Policy"] = document_policy(body.decode("utf-8"), framed=disposition == "inline")
        return Response(body, media_type=media, headers=headers)

    @app.post("/chat")
    def chat(body: ChatRequest, user: User = Depends(require(*READERS))):
        """Ask in plain words; the answer is extractive and cited, with the parsed intent and
        filters returned so a reader can see (and correct) how the question was read."""
        import datetime as dt

        from assistant.chat import respond

        try:
            today = dt.date.fromisoformat(body.today) if body.today else None
        except ValueError:
            return _error(422, "today: not a real date (YYYY-MM-DD)")
        try:
            answer = respond(ws, body.question, conversations.get(body.conversation_id, user.username), today,
                             generator if app.state.accounts.setting("chat_rephraser") else None,
                             override=body.reading.model_dump() if body.reading else None)
        except ValueError as error:
            return _error(422, str(error))
        log(user, "chat_citations", cited_narratives(answer))
        return answer

    @app.get("/", response_class=HTMLResponse)
    def search_page(request: Request, q: str = "", date_from: str = "", date_to: str = "", team: str = "",
                    legal_status: str = "", rating: str = "", mode: str = "hybrid",
                    user: User = Depends(require(*READERS, page=True))):
        hits, error = [], None
        if q.strip():
            from assistant.chat import redact_text
            q = redact_text(ws, q)  # a typed name is neither searched for nor shown back
            try:
                filters = service.make_filters(date_from or None, date_to or None, team or None, None,
                                               legal_status or None, rating or None)
                hits = service.search(ws, q, 20, mode, filters)
            except ValueError as exc:
                error = str(exc)
            log(user, "search_results", [hit["narrative_id"] for hit in hits])
        return TEMPLATES.TemplateResponse(request, "search.html", {
            "q": q, "date_from": date_from, "date_to": date_to, "team": team, "legal_status": legal_status,
            "rating": rating, "mode": mode, "hits": hits, "error": error,
            "teams": sorted(service.distinct_values(ws.store)["team"]),
        })

    @app.get("/narratives/{narrative_id}/view", response_class=HTMLResponse)
    def narrative_page(request: Request, narrative_id: str, finding: int | None = None,
                       user: User = Depends(require(*READERS, "ambassador", page=True))):
        if not can_view_narrative(user, narrative_id):
            return message_page(request, "Not allowed", "That narrative is not in your review packs.", 403)
        found = service.narrative_json(ws, narrative_id)
        if found is None:
            return message_page(request, "Not found", "No narrative with that id.", 404)
        log(user, "view_finding_context" if finding is not None else "view_narrative", [narrative_id])
        return TEMPLATES.TemplateResponse(request, "narrative.html", {"n": found, "highlight": finding})

    from api.ingest_routes import add_routes as add_ingest_routes
    add_ingest_routes(app, ws)
    from api.pages import add_routes as add_pages
    add_pages(app, TEMPLATES, ws)
    from api.pack_pages import add_routes as add_pack_pages
    add_pack_pages(app, TEMPLATES, ws)
    from api.correction_pages import add_routes as add_correction_pages
    add_correction_pages(app, TEMPLATES, ws)
    from api.retrain_pages import add_routes as add_retrain_pages
    add_retrain_pages(app, TEMPLATES, ws)

    add_security_headers(app)  # added last, so outermost: every answer gets the headers
    if open_routes := unguarded_routes(app.routes):
        raise RuntimeError(f"routes without a role (add Depends(require(...))): {', '.join(open_routes)}")
    return app
