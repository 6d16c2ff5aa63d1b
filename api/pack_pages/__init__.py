"""Web pages for Ambassador review packs and the lexicon suggestion queue (issue 5), over
assistant/packs.py and assistant/lexicon_queue.py.

Why server-rendered forms: an Ambassador may use any browser, a screen reader or only a
keyboard, so every page works without script; the little script there is only fills the
mark form from a text selection. Why the checks here as well as in the service: an
Ambassador reaches a record only through a pack assigned to them, and a page for someone
else's pack says no without saying whether the pack or the record exists.

Errors: bad input (ValueError) re-renders the form with the person's input and a plain
message (400); not found (LookupError) 404; not yours (PermissionError) 403."""
from __future__ import annotations

from datetime import date
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.pack_pages import ambassador, lexicon, qa
from api.pack_pages.ambassador import NOT_IN_PACK, NOT_YOURS, VOICE_WORDS
from api.pack_pages.qa import FILTER_WORDS, HOW_WORDS, describe_selection, month_after, split_list
from api.pack_pages.record import FEEL, annotate, find_phrase, numbered_flags, readability_parts
from assistant import lexicon_queue, service
from assistant.accounts import User

KIND_WORDS = {"didnt_understand": "I didn't understand this",
              "doesnt_feel_right": "This language doesn't feel right"}
ANSWER_WORDS = {"yes": "Yes", "partly": "Partly", "no": "No"}


def add_routes(app: FastAPI, templates: Jinja2Templates, ws: service.Workspace,
               today: Callable[[], date] = date.today) -> None:
    """Registered on the app itself (like account_pages) so the every-route-has-a-role check
    sees them. `today` decides which month the random pick offers first ("last month").
    Applies the accepted lexicon terms to this process's jargon flaggers once, here."""
    lexicon_queue.apply_accepted(ws)

    def page(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"kind_words": KIND_WORDS, "answer_words": ANSWER_WORDS,
                                                          **context}, status_code=status)

    def problem(request: Request, error: Exception, back: str, back_text: str) -> HTMLResponse:
        status = 403 if isinstance(error, PermissionError) else 404 if isinstance(error, LookupError) else 400
        title = {403: "Not one of your packs", 404: "Not found", 400: "Something is not right"}[status]
        return page(request, "packs_problem.html", {"title": title, "message": str(error), "back": back,
                                                    "back_text": back_text}, status)

    def log(request: Request, user: User, action: str, narrative_id: str | None = None) -> None:
        accounts = getattr(request.app.state, "accounts", None)
        if accounts is not None:
            accounts.log_access(user, action, narrative_id)

    qa.register(app, ws, today, page, problem)
    lexicon.register(app, ws, page, problem)
    ambassador.register(app, ws, page, problem, log)


__all__ = ["KIND_WORDS", "ANSWER_WORDS", "VOICE_WORDS", "HOW_WORDS", "FILTER_WORDS", "NOT_YOURS", "NOT_IN_PACK", "FEEL",
           "split_list", "find_phrase", "numbered_flags", "annotate", "readability_parts", "describe_selection",
           "month_after", "add_routes"]
