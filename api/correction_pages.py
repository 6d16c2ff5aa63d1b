"""Correct where you read: the correction control under a finding (search results, a
finding in context, a theme's quotes), its form and JSON routes, the list of corrections,
"what it learned" and "check these". A `qa` user may correct; a `practice_lead` only when
the admin setting `lead_corrections` is on. Each correction is in the access log (the
narrative, never text)."""
from __future__ import annotations

import hashlib
from typing import Literal

from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field

from api.account_pages import template_context
from api.auth import csrf_token, log_views, message_page, require, safe_next
from assistant import corrections, service
from assistant.accounts import User
from assistant.corrections import learned
from nlp.taxonomy import FUNDAMENTALS, STANCES

CORRECTORS = ("qa", "practice_lead")
NOT_ALLOWED = "practice leads may correct labels only when an admin allows it (setting lead_corrections)"


class CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    finding_id: str = Field(min_length=1, max_length=300)
    fundamentals: list[str] = Field(max_length=10)
    stance: Literal["strength", "concern", "neutral"]
    voice_verdict: Literal["right", "wrong"] | None = None
    reason: str | None = Field(default=None, max_length=1000)


def may_correct(request: Request, user: User | None) -> bool:
    if user is None:
        return False
    if user.role == "qa":
        return True
    return user.role == "practice_lead" and bool(request.app.state.accounts.setting("lead_corrections"))


def add_routes(app: FastAPI, templates: Jinja2Templates, ws: service.Workspace) -> None:
    import api.app
    api.app.FIELD_NAMES.update(CorrectionIn.model_fields)  # a 422 may name these fields
    lookup: dict = {}

    def labels_of(finding_id: str) -> dict | None:
        """A live finding's labels, from the head's columns (an id index made once per revision)."""
        columns = ws.store.columns()
        if lookup.get("key") != columns.key:
            frame = columns.frame
            lookup.update(key=columns.key, index=dict(zip(frame["id"], range(len(frame)))))
        at = lookup["index"].get(finding_id)
        if at is None:
            return None
        row = columns.frame.iloc[at]

        def value(key):
            v = row.get(key)
            return v if isinstance(v, str) else None
        return {"fundamentals": [f for f in (value("fundamentals") or "").split(",") if f],
                "stance": value("stance"), "child_voice": value("child_voice"),
                "human": value("labels_source") == "human"}

    def correction_control(request: Request, finding_id: str) -> dict | None:
        """What the correction macro (templates/_correct.html) shows under one finding."""
        user = getattr(request.state, "user", None)
        if user is None or user.role not in CORRECTORS or not finding_id:  # shown to those who read findings
            return None
        labels = labels_of(finding_id)
        if labels is None:
            return None
        allowed = getattr(request.state, "may_correct", None)
        if allowed is None:  # once per page, not once per finding shown
            allowed = request.state.may_correct = may_correct(request, user)
        return {**labels, "finding_id": finding_id, "allowed": allowed,
                "key": hashlib.sha1(finding_id.encode()).hexdigest()[:10], "csrf_token": csrf_token(request),
                "names": FUNDAMENTALS, "stances": STANCES}

    # The templates are shared by every app in the process (tests build many): the global
    # only dispatches, and each app answers from its own workspace.
    app.state.correction_control = correction_control
    templates.env.globals["correction_control"] = _dispatch_correction_control

    def page(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {**template_context(request), **context}, status_code=status)

    def record(request: Request, user: User, body: dict) -> dict:
        """Save one correction (CorrectionError -> ValueError, not live -> LookupError) and log it."""
        saved = corrections.save(ws, body["finding_id"], user, body["fundamentals"], body["stance"],
                                 body.get("voice_verdict"), body.get("reason"))
        log_views(request.app.state.accounts, user, "correct_finding", [saved["narrative_id"]])
        return saved

    @app.post("/corrections", status_code=201)
    def correct_api(request: Request, body: CorrectionIn, user: User = Depends(require(*CORRECTORS))):
        """Change a finding's fundamentals and stance (and judge its child's-voice label); the
        stored labels change at once. `practice_lead` only when the admin allows it."""
        if not may_correct(request, user):
            return JSONResponse({"error": NOT_ALLOWED}, status_code=403)
        try:
            saved = record(request, user, body.model_dump())
        except LookupError as error:
            return JSONResponse({"error": str(error)}, status_code=404)
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=422)
        return JSONResponse(saved, status_code=201)

    @app.get("/corrections")
    def list_api(request: Request, limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0),
                 user: User = Depends(require("qa"))):
        """The corrections, newest first (the finding's stored, redacted text included)."""
        rows = corrections.all_corrections(ws, limit, offset)
        log_views(request.app.state.accounts, user, "list_corrections", [r["narrative_id"] for r in rows])
        return {"corrections": rows}

    @app.get("/corrections/learned")
    def learned_api(user: User = Depends(require("qa", "admin"))):
        """Counts per label and month, the model's commonest mistakes here, each retrain's figures."""
        return learned.summary(ws)

    @app.post("/corrections/form", response_class=HTMLResponse, include_in_schema=False)
    async def correct_form(request: Request, finding_id: str = Form(""), stance: str = Form(""),
                           voice_verdict: str = Form(""), reason: str = Form(""), next: str = Form("/"),
                           user: User = Depends(require(*CORRECTORS, page=True))):
        if not may_correct(request, user):
            return message_page(request, "Not allowed", NOT_ALLOWED[:1].upper() + NOT_ALLOWED[1:] + ".", 403)
        form = await request.form()
        body = {"finding_id": finding_id, "fundamentals": [str(v) for v in form.getlist("fundamentals")],
                "stance": stance, "voice_verdict": voice_verdict or None, "reason": reason}
        back = safe_next(next)
        try:
            record(request, user, body)
        except LookupError as error:
            return message_page(request, "Not saved", str(error)[:1].upper() + str(error)[1:] + ".", 404,
                                link=(back, "Back"))
        except ValueError as error:
            return message_page(request, "Not saved", f"The correction was not saved: {error}.", 422,
                                link=(back, "Back"))
        target = back.split("#")[0]
        if "corrected=1" not in target:  # the page says the correction was saved
            target += ("&" if "?" in target else "?") + "corrected=1"
        return RedirectResponse(target, status_code=303)

    @app.get("/corrections/learned/view", response_class=HTMLResponse)
    def learned_page(request: Request, user: User = Depends(require("qa", "admin", page=True))):
        return page(request, "corrections_learned.html", {"s": learned.summary(ws), "names": FUNDAMENTALS})

    @app.get("/corrections/check", response_class=HTMLResponse)
    def check_page(request: Request, month: str = "", corrected: str = "",
                   user: User = Depends(require("qa", page=True))):
        found = learned.check_these(ws, month or None)
        log_views(request.app.state.accounts, user, "check_these", [f["narrative_id"] for f in found["findings"]])
        return page(request, "corrections_check.html", {"c": found})


def _dispatch_correction_control(request: Request, finding_id: str) -> dict | None:
    """The correction control of the app that is answering `request` (see add_routes)."""
    own = getattr(request.app.state, "correction_control", None)
    return own(request, finding_id) if own else None
