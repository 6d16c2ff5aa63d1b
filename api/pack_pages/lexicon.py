"""QA's queue of words Ambassadors suggested for the jargon lexicon: accept (with plain words) or reject."""
from __future__ import annotations

from typing import Callable

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import require
from assistant import lexicon_queue, service
from assistant.accounts import User
from nlp.jargon import SEVERITIES


def register(app: FastAPI, ws: service.Workspace, page: Callable, problem: Callable) -> None:
    """GET /lexicon/suggestions and its accept and reject forms, for QA."""

    def queue_page(request: Request, errors: dict | None = None, kept: dict | None = None,
                   done: str | None = None, status: int = 200) -> HTMLResponse:
        everything = lexicon_queue.suggestions(ws, status=None)
        decided = sorted((s for s in everything if s["status"] != "pending"),
                         key=lambda s: s["decided_at"] or "", reverse=True)
        pending = [s for s in everything if s["status"] == "pending"]
        errors = errors or {}
        elsewhere = [message for sid, message in errors.items() if sid not in {s["id"] for s in pending}]
        return page(request, "lexicon_suggestions.html", {
            "pending": pending, "decided": decided[:50], "errors": errors, "top_errors": elsewhere,
            "kept": kept or {}, "done": done, "severities": SEVERITIES}, status)

    @app.get("/lexicon/suggestions", response_class=HTMLResponse, include_in_schema=False)
    def qa_queue(request: Request, done: str | None = None, user: User = Depends(require("qa", page=True))):
        return queue_page(request, done={"accepted": "Accepted. The word is flagged from now on.",
                                         "rejected": "Rejected."}.get(done or ""))

    @app.post("/lexicon/suggestions/{suggestion_id}/accept", response_class=HTMLResponse, include_in_schema=False)
    def qa_accept(request: Request, suggestion_id: int, plain: str = Form(""), category: str = Form("ambassador"),
                  severity: str = Form("medium"), why: str = Form(""),
                  user: User = Depends(require("qa", page=True))):
        try:
            lexicon_queue.accept(ws, suggestion_id, by=user.username, plain=plain or None,
                                 category=category or "ambassador", why=why or None, severity=severity)
        except LookupError:
            return problem(request, LookupError("There is no such suggestion."), "/lexicon/suggestions",
                           "Word suggestions")
        except ValueError as error:
            kept = {suggestion_id: {"plain": plain, "category": category, "severity": severity, "why": why}}
            return queue_page(request, {suggestion_id: str(error)}, kept, status=400)
        return RedirectResponse("/lexicon/suggestions?done=accepted", status_code=303)

    @app.post("/lexicon/suggestions/{suggestion_id}/reject", response_class=HTMLResponse, include_in_schema=False)
    def qa_reject(request: Request, suggestion_id: int, reason: str = Form(""),
                  user: User = Depends(require("qa", page=True))):
        try:
            lexicon_queue.reject(ws, suggestion_id, by=user.username, reason=reason)
        except LookupError:
            return problem(request, LookupError("There is no such suggestion."), "/lexicon/suggestions",
                           "Word suggestions")
        except ValueError as error:
            message = "Say why you are rejecting it." if "reason is required" in str(error) else str(error)
            return queue_page(request, {suggestion_id: message}, {suggestion_id: {"reason": reason}}, status=400)
        return RedirectResponse("/lexicon/suggestions?done=rejected", status_code=303)

    # ------------------------------------------------------------------ Ambassadors
