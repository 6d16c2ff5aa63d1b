"""The pages a QA officer and a practice lead use (themes, a theme's summary, report
drafting, chat) and the language review anyone may run on pasted text. Server-rendered
over the same service functions as the JSON API; forms work without JavaScript."""
from __future__ import annotations

import base64
import datetime as dt

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.account_pages import template_context
from api.auth import cited_narratives, log_views, message_page, quoted_narratives, require
from assistant import service
from assistant.accounts import User
from nlp.taxonomy import FUNDAMENTALS

READERS = ("qa", "practice_lead")
LEGAL_STATUSES = [("assessment", "Being assessed"), ("CiN", "Child in need (CiN)"), ("CP", "Child protection (CP)"),
                  ("CiC", "Child in care (CiC)"), ("care leaver", "Care leaver"), ("disabled children", "Disabled children")]
RATINGS = ["Outstanding", "Good", "Requires Improvement", "Inadequate"]
MAX_PASTE = 20_000


def highlight(text: str, spans: list[dict]) -> list[dict]:
    """Text cut into plain and marked pieces (spans sorted, overlaps dropped), so a template
    can mark them without building HTML in code."""
    pieces, at = [], 0
    for n, span in enumerate(sorted(spans, key=lambda s: (s["start"], -s["end"]))):
        if span["start"] < at:
            continue
        if span["start"] > at:
            pieces.append({"text": text[at:span["start"]]})
        pieces.append({"text": text[span["start"]:span["end"]], **span, "n": span.get("n", n + 1)})
        at = span["end"]
    if at < len(text):
        pieces.append({"text": text[at:]})
    return pieces


def sparkline(trend: list[dict], width: int = 120, height: int = 28) -> dict:
    """Points for an inline SVG line, and the same figures in words for screen readers."""
    values = [t["findings"] for t in trend]
    if not values:
        return {"points": "", "words": "no findings"}
    top = max(values) or 1
    step = width / max(len(values) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values))
    words = ", ".join(f"{t['month']}: {t['findings']}" for t in trend)
    return {"points": points, "words": f"findings by month: {words}"}


def add_routes(app: FastAPI, templates: Jinja2Templates, ws: service.Workspace) -> None:
    conversations = {}

    def conversations_of(user: User):
        """Each user's page conversations (newest 20), each owned by one browser session."""
        from assistant.chat import Conversations
        return conversations.setdefault(user.username, Conversations(limit=20))

    def chat_owner(request: Request) -> str:
        return f"session:{getattr(request.state, 'session_id', None) or 'bearer'}"

    def page(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
        base = {"fundamentals": FUNDAMENTALS, "legal_statuses": LEGAL_STATUSES, "ratings": RATINGS,
                "teams": sorted(service.distinct_values(ws.store)["team"])}
        return templates.TemplateResponse(request, name, {**template_context(request), **base, **context},
                                          status_code=status)

    def slice_args(date_from: str, date_to: str, team: str, legal_status: str, rating: str) -> dict:
        return {"date_from": date_from, "date_to": date_to, "team": team, "legal_status": legal_status, "rating": rating}

    def filters_of(args: dict):
        return service.make_filters(args["date_from"] or None, args["date_to"] or None, args["team"] or None, None,
                                    args["legal_status"] or None, args["rating"] or None)

    def query_string(args: dict) -> str:
        from urllib.parse import urlencode
        keys = {"date_from": "from", "date_to": "to", "team": "team", "legal_status": "legal_status", "rating": "rating"}
        return urlencode({keys[k]: v for k, v in args.items() if v})

    @app.get("/themes/view", response_class=HTMLResponse)
    def themes_page(request: Request, date_from: str = "", date_to: str = "", team: str = "", legal_status: str = "",
                    rating: str = "", user: User = Depends(require(*READERS, page=True))):
        args = slice_args(date_from, date_to, team, legal_status, rating)
        try:
            themes = service.themes_overview(ws, filters_of(args))
        except ValueError as error:
            return page(request, "themes.html", {"args": args, "themes": [], "error": str(error)}, 400)
        for theme in themes:
            theme["spark"] = sparkline(theme["trend"])
        return page(request, "themes.html", {"args": args, "themes": themes, "error": None,
                                             "query": query_string(args)})

    @app.get("/themes/{theme_id}/view", response_class=HTMLResponse)
    def theme_page(request: Request, theme_id: str, date_from: str = "", date_to: str = "", team: str = "",
                   legal_status: str = "", rating: str = "", user: User = Depends(require(*READERS, page=True))):
        from assistant.charts import all_charts

        if theme_id not in FUNDAMENTALS:
            return message_page(request, "No such theme", "That theme does not exist.", 404)
        args = slice_args(date_from, date_to, team, legal_status, rating)
        try:
            summary = service.theme_summary(ws, theme_id, filters_of(args))
        except ValueError as error:
            return message_page(request, "Problem with the filters", str(error), 400)
        positions = position_lookup(summary)
        log_views(request.app.state.accounts, user, "view_theme_summary", quoted_narratives(summary))
        charts = [{"title": c.title, "alt": c.alt, "src": "data:image/png;base64," + base64.b64encode(c.png).decode()}
                  for c in all_charts(summary)]
        return page(request, "theme.html", {"s": summary, "args": args, "charts": charts, "positions": positions,
                                            "query": query_string(args)})

    def position_lookup(summary: dict) -> dict:
        """finding id → its position in its narrative, for "show in context" links."""
        frame = ws.corpus().frame
        wanted = frame[frame["id"].isin(summary["finding_ids"])]
        return dict(zip(wanted["id"], wanted["position"].astype(int)))

    @app.get("/reports/view", response_class=HTMLResponse)
    def report_page(request: Request, theme: str = "planning", date_from: str = "", date_to: str = "", team: str = "",
                    legal_status: str = "", rating: str = "", user: User = Depends(require(*READERS, page=True))):
        args = slice_args(date_from, date_to, team, legal_status, rating)
        if theme not in FUNDAMENTALS:
            theme = "planning"
        try:
            filters_of(args)
            error = None
        except ValueError as exc:
            error = str(exc)
        return page(request, "report_form.html", {"theme": theme, "args": args, "error": error,
                                                  "query": query_string(args)}, 400 if error else 200)

    @app.get("/chat/view", response_class=HTMLResponse)
    def chat_page(request: Request, user: User = Depends(require(*READERS, page=True))):
        conversation = conversations_of(user).get(None, chat_owner(request))
        return page(request, "chat.html", {"turns": [], "conversation_id": conversation.id, "today": ""})

    @app.post("/chat/view", response_class=HTMLResponse)
    def chat_ask(request: Request, question: str = Form(""), conversation_id: str = Form(""), today: str = Form(""),
                 intent: str = Form(""), theme: str = Form(""), date_from: str = Form(""), date_to: str = Form(""),
                 team: str = Form(""), legal_status: str = Form(""), rating: str = Form(""),
                 corrected: str = Form(""), user: User = Depends(require(*READERS, page=True))):
        """Ask, or ask again with the reading corrected by hand (intent and filters)."""
        from assistant.chat import respond

        conversation = conversations_of(user).get(conversation_id[:64] or None, chat_owner(request))
        error = None
        day = None
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            error = "The date to count from must look like 2019-12-01."
        override = None
        if corrected:
            override = {"intent": intent or "search", "filters": {
                "theme": theme or None, "from": date_from or None, "to": date_to or None, "team": team or None,
                "legal_status": legal_status or None, "rating": rating or None}}
        if not question.strip():
            error = "Type a question first."
        if error is None:
            try:
                answer = respond(ws, question[:4000], conversation, day, None, override=override)
                log_views(request.app.state.accounts, user, "chat_citations", cited_narratives(answer))
            except ValueError as exc:
                error = str(exc)
        turns = [t["turn"] for t in conversation.turns if "turn" in t]
        return page(request, "chat.html", {"turns": turns, "conversation_id": conversation.id, "today": today,
                                           "error": error}, 400 if error else 200)

    @app.get("/language", response_class=HTMLResponse)
    def language_page(request: Request, narrative: str = "",
                      user: User = Depends(require(*READERS, "ambassador", page=True))):
        if narrative:
            if user.role not in READERS:
                return message_page(request, "Not available", "Open records from your review packs.", 403)
            found = service.narrative_json(ws, narrative)
            if found is None:
                return message_page(request, "Not found", "No record with that id.", 404)
            log_views(request.app.state.accounts, user, "language_review", [narrative])
            return language_result(request, found["text"], narrative)
        return page(request, "language.html", {"text": "", "result": None})

    @app.post("/language", response_class=HTMLResponse)
    def language_check(request: Request, text: str = Form(""),
                       user: User = Depends(require(*READERS, "ambassador", page=True))):
        if not text.strip():
            return page(request, "language.html", {"text": "", "result": None, "error": "Paste some text to check."}, 400)
        if len(text) > MAX_PASTE:
            return page(request, "language.html", {"text": "", "result": None,
                                                   "error": f"That is too long: paste up to {MAX_PASTE:,} characters."}, 413)
        from assistant.chat import redact_text
        redacted = redact_text(ws, text)  # what is shown back is redacted, like everything else
        return language_result(request, redacted, None)

    def language_result(request: Request, text: str, narrative_id: str | None) -> HTMLResponse:
        from nlp.analysis import analyse
        from nlp.pipeline import load_analysis

        result = analyse(load_analysis(), [{"id": narrative_id, "text": text}])[0]
        # `mark` says what a piece is; a flag's own `kind` says which jargon policy list it is from.
        jargon = [dict(j, mark="jargon", n=i) for i, j in enumerate(result["jargon"], 1)]
        voice = [dict(e, mark="voice") for e in result["child_voice"].get("evidence", []) if "start" in e]
        return page(request, "language.html", {
            "text": text if narrative_id is None else "", "narrative_id": narrative_id, "result": result,
            "pieces": highlight(text, jargon + voice),
            "jargon": [j for j in jargon if j.get("kind") != "may_not_feel_right"],
            "jargon_feel": [j for j in jargon if j.get("kind") == "may_not_feel_right"]})
