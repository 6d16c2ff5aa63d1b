"""QA's review-pack pages: make a pack (by hand, by filters, at random from a month) and read its results."""
from __future__ import annotations

import re
from datetime import date
from typing import Callable

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import require
from assistant import lexicon_queue, packs, service
from assistant.accounts import User
from assistant.narratives import LEGAL_STATUSES, RATINGS, normalise_month

HOW_WORDS = {"hand": "picked by hand", "filters": "chosen by filters", "random": "picked at random"}
FILTER_WORDS = {"date_from": "from", "date_to": "to", "team": "team", "service": "service",
                "legal_status": "legal status", "rating": "rating", "fundamental": "practice fundamental",
                "stance": "stance"}


def split_list(value: str | None) -> list[str]:
    """Usernames or record ids typed with commas, spaces or new lines between them."""
    return [part for part in re.split(r"[\s,;]+", value or "") if part]



def describe_selection(selection: dict) -> str:
    """How a pack's records were chosen, in words."""
    how = HOW_WORDS.get(selection.get("mode"), selection.get("mode") or "")
    bits = []
    if selection.get("random_n"):
        bits.append(f"{selection['random_n']} at random (seed {selection.get('seed')}, from {selection.get('pool')})")
    if selection.get("month"):
        bits.append(f"month {selection['month']}")
    for key, value in (selection.get("filters") or {}).items():
        bits.append(f"{FILTER_WORDS.get(key, key)}: {', '.join(value) if isinstance(value, list) else value}")
    return how + (f" — {'; '.join(bits)}" if bits else "")


def month_after(month: str) -> date:
    """The first day of the month after `month` (any spelling the importers accept): the
    "today" whose last month is `month`, for packs.create_pack."""
    found = normalise_month(month)
    if not found:
        raise ValueError("Give the month like 2019-11 or November 2019.")
    year, number = map(int, found.split("-"))
    return date(year + number // 12, number % 12 + 1, 1)


def register(app: FastAPI, ws: service.Workspace, today: Callable[[], date], page: Callable, problem: Callable) -> None:
    """GET/POST /packs and GET /packs/{id}/results, for QA."""

    def ambassadors_of(request: Request, typed: str) -> list[str]:
        """The typed usernames as the accounts spell them; each must be an Ambassador."""
        known = {u["username"].lower(): u for u in request.app.state.accounts.users()}
        names = []
        for name in split_list(typed):
            found = known.get(name.lower())
            if found is None:
                raise ValueError(f"There is no user called “{name[:60]}”. Check the spelling.")
            if found["role"] != "ambassador":
                raise ValueError(f"{found['username']} is not an Ambassador (their role is "
                                 f"{found['role'].replace('_', ' ')}).")
            names.append(found["username"])
        if not names:
            raise ValueError("Give the username of at least one Ambassador.")
        return names

    def packs_page(request: Request, form: dict | None = None, error: str | None = None, status: int = 200,
                   made: dict | None = None) -> HTMLResponse:
        values = service.distinct_values(ws.store)
        month = packs.previous_month(today())
        return page(request, "packs.html", {
            "packs": all_packs_described(), "form": form or {"how": "filters"}, "error": error, "made": made,
            "teams": sorted(values["team"]), "legal_statuses": LEGAL_STATUSES, "ratings": RATINGS,
            "last_month": month, "last_month_words": date.fromisoformat(month + "-01").strftime("%B %Y")}, status)

    def all_packs_described() -> list[dict]:
        return [{**p, "how": describe_selection(p["selection"])} for p in packs.all_packs(ws)]

    @app.get("/packs", response_class=HTMLResponse, include_in_schema=False)
    def qa_packs(request: Request, made: int | None = None, user: User = Depends(require("qa", page=True))):
        return packs_page(request, made=packs.pack(ws, made) if made else None)

    @app.post("/packs", response_class=HTMLResponse, include_in_schema=False)
    def qa_create_pack(request: Request, name: str = Form(""), ambassadors: str = Form(""), how: str = Form(""),
                       narrative_ids: str = Form(""), date_from: str = Form(""), date_to: str = Form(""),
                       team: str = Form(""), legal_status: str = Form(""), rating: str = Form(""),
                       random_n: str = Form(""), month: str = Form(""), seed: str = Form(""),
                       exclude_teams: list[str] = Form([]),
                       user: User = Depends(require("qa", page=True))):
        """Make a pack from the form; on a problem, the form again with what was typed."""
        form = {"name": name, "ambassadors": ambassadors, "how": how, "narrative_ids": narrative_ids,
                "date_from": date_from, "date_to": date_to, "team": team, "legal_status": legal_status,
                "rating": rating, "random_n": random_n, "month": month, "seed": seed,
                "exclude_teams": exclude_teams}
        try:
            people = ambassadors_of(request, ambassadors)
            common = {"name": name, "created_by": user.username, "ambassadors": people,
                      "exclude_teams": [t for t in exclude_teams if t.strip()]}
            chosen_filters = None
            typed = (date_from, date_to, team, legal_status, rating)
            if how in ("filters", "random") and any(v.strip() for v in typed):
                chosen_filters = service.make_filters(date_from or None, date_to or None, team or None, None,
                                                      legal_status or None, rating or None)
            if how == "hand":
                made = packs.create_pack(ws, **common, narrative_ids=split_list(narrative_ids))
            elif how == "filters":
                if chosen_filters is None:
                    raise ValueError("Fill in at least one filter, or choose the records another way.")
                made = packs.create_pack(ws, **common, filters=chosen_filters)
            elif how == "random":
                if not random_n.strip().isdigit() or int(random_n) < 1:
                    raise ValueError("How many records should be picked at random? Give a whole number, 1 or more.")
                if seed.strip() and not seed.strip().isdigit():
                    raise ValueError("The seed must be a whole number (or leave it empty).")
                made = packs.create_pack(ws, **common, filters=chosen_filters, random_n=int(random_n),
                                         seed=int(seed) if seed.strip() else None, last_month=True,
                                         today=month_after(month) if month.strip() else today())
            else:
                raise ValueError("Choose how to pick the records: by hand, by filters, or at random from a month.")
        except ValueError as error:
            return packs_page(request, form, str(error)[:1].upper() + str(error)[1:], 400)
        return RedirectResponse(f"/packs?made={made['id']}", status_code=303)

    @app.get("/packs/{pack_id}/results", response_class=HTMLResponse, include_in_schema=False)
    def qa_results(request: Request, pack_id: int, user: User = Depends(require("qa", page=True))):
        try:
            if not 0 < pack_id < 2 ** 63:  # beyond SQLite's integers: no such pack, not a crash
                raise LookupError(pack_id)
            results = packs.pack_results(ws, pack_id)
        except LookupError:
            return problem(request, LookupError("There is no such pack."), "/packs", "All review packs")
        statuses = {s["id"]: s["status"] for s in lexicon_queue.suggestions(ws, status=None)}
        return page(request, "packs_results.html", {
            "r": results, "how": describe_selection(results["pack"]["selection"]), "statuses": statuses})

    # ------------------------------------------------------------------ QA: lexicon queue
