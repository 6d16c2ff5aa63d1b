"""An Ambassador's pages: their packs, the review of one record (answers and marked phrases), sending the pack."""
from __future__ import annotations

from typing import Callable

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import require
from api.pack_pages.record import FEEL, annotate, find_phrase, numbered_flags, readability_parts
from assistant import packs, service
from assistant.accounts import User
from nlp.voice import NOT_EVIDENCE  # evidence that the voice is missing, not of the voice

VOICE_WORDS = {
    "present": "The child's own words or views are in this record. They are underlined with a thick line.",
    "partial": "A little of the child's own words or views is in this record. It is underlined with a thick line.",
    "absent": "We could not find the child's own words or views anywhere in this record.",
    "not_applicable": "This record is not about one child's own words or views.",
}
NOT_YOURS = "This pack is not one of your review packs."
NOT_IN_PACK = "That record is not in this pack."


def register(app: FastAPI, ws: service.Workspace, page: Callable, problem: Callable, log: Callable) -> None:
    """GET /my-packs, the review page of a record in a pack (GET and POST), POST /packs/{id}/submit."""

    def own_pack(user: User, pack_id: int) -> dict:
        """The pack as this Ambassador sees it; the same answer whether it does not exist or
        is someone else's, so a guessed number tells nothing."""
        for p in packs.packs_for(ws, user.username):
            if p["id"] == pack_id:
                return p
        raise PermissionError(NOT_YOURS)

    def own_record(user: User, pack_id: int, narrative_id: str) -> dict:
        mine = own_pack(user, pack_id)
        if narrative_id not in mine["narrative_ids"]:
            raise LookupError(NOT_IN_PACK)
        return mine

    def progress(username: str) -> dict[int, dict[str, str]]:
        """{pack id: {record id: "done" | "started"}}: which records this Ambassador has
        answered all three questions for, so they can see what is left before sending."""
        with packs.connect_reviews(ws) as conn:
            rows = conn.execute("SELECT pack_id, narrative_id, know_child, voice, language FROM reviews "
                                "WHERE username = ?", (username,)).fetchall()
        out: dict[int, dict[str, str]] = {}
        for r in rows:
            done = all(r[q] for q in packs.QUESTIONS)
            out.setdefault(r["pack_id"], {})[r["narrative_id"]] = "done" if done else "started"
        return out

    def my_packs_page(request: Request, user: User, error: str | None = None, sent: int | None = None,
                      status: int = 200) -> HTMLResponse:
        return page(request, "packs_mine.html", {"packs": packs.packs_for(ws, user.username), "error": error,
                                                 "sent": sent, "progress": progress(user.username)}, status)

    @app.get("/my-packs", response_class=HTMLResponse, include_in_schema=False)
    def my_packs(request: Request, sent: int | None = None, user: User = Depends(require("ambassador", page=True))):
        return my_packs_page(request, user, sent=sent)

    def review_page(request: Request, user: User, pack_id: int, narrative_id: str, form: dict | None = None,
                    error: str | None = None, saved: bool = False, status: int = 200) -> HTMLResponse:
        mine = own_record(user, pack_id, narrative_id)
        view = packs.review_view(ws, pack_id, narrative_id, user.username)
        text = view["narrative"]["text"]
        analysis = view["analysis"]
        voice = analysis.get("child_voice") or {"label": "not_applicable", "evidence": []}
        heard = [e for e in voice.get("evidence") or [] if e.get("rule") not in NOT_EVIDENCE]
        missing = [e for e in voice.get("evidence") or [] if e.get("rule") in NOT_EVIDENCE]
        review = view["review"]
        if form is None:
            answers = review["answers"] if review else {}
            form = {**{q: answers.get(q) for q in packs.QUESTIONS}, "comment": answers.get("comment", "")}
        ids = mine["narrative_ids"]
        at = ids.index(narrative_id)
        log(request, user, "review_narrative", narrative_id)
        return page(request, "review.html", {
            "pack": mine, "narrative_id": narrative_id, "number": at + 1, "total": len(ids),
            "previous": ids[at - 1] if at > 0 else None, "next": ids[at + 1] if at + 1 < len(ids) else None,
            "record": annotate(text, analysis.get("jargon") or [], heard),
            "text": text, "jargon": [f for f in numbered_flags(analysis.get("jargon") or []) if f.get("kind") != FEEL],
            "jargon_feel": [f for f in numbered_flags(analysis.get("jargon") or []) if f.get("kind") == FEEL],
            "readability": readability_parts(analysis.get("readability")),
            "voice_words": VOICE_WORDS.get(voice.get("label"), VOICE_WORDS["not_applicable"]),
            "voice_heard": heard, "voice_missing": missing, "questions": packs.QUESTIONS,
            "choices": packs.ANSWERS, "kinds": packs.MARK_KINDS, "marks": (review or {}).get("marks") or [],
            "form": form, "error": error, "saved": saved, "submitted": bool(mine["submitted_at"]),
        }, status)

    def ambassador_problem(request: Request, error: Exception) -> HTMLResponse:
        return problem(request, error, "/my-packs", "Your review packs")

    @app.get("/packs/{pack_id}/review/{narrative_id}", response_class=HTMLResponse, include_in_schema=False)
    def review(request: Request, pack_id: int, narrative_id: str, saved: bool = False,
               user: User = Depends(require("ambassador", page=True))):
        try:
            return review_page(request, user, pack_id, narrative_id, saved=saved)
        except (LookupError, PermissionError) as error:
            return ambassador_problem(request, error)

    @app.post("/packs/{pack_id}/review/{narrative_id}", response_class=HTMLResponse, include_in_schema=False)
    def save_review(request: Request, pack_id: int, narrative_id: str,
                    know_child: str = Form(""), voice: str = Form(""), language: str = Form(""),
                    comment: str = Form(""), remove_mark: list[str] = Form([]),
                    mark_phrase: str = Form(""), mark_start: str = Form(""), mark_end: str = Form(""),
                    mark_kind: str = Form(""), mark_comment: str = Form(""), mark_better: str = Form(""),
                    go: str = Form(""), user: User = Depends(require("ambassador", page=True))):
        """Save the answers, keep the marks not ticked for removal, and add the new mark (its
        offsets found from the phrase when the script did not send them)."""
        form = {"know_child": know_child or None, "voice": voice or None, "language": language or None,
                "comment": comment, "mark_phrase": mark_phrase, "mark_start": mark_start, "mark_end": mark_end,
                "mark_kind": mark_kind, "mark_comment": mark_comment, "mark_better": mark_better}
        try:
            mine = own_record(user, pack_id, narrative_id)
            current = packs.review_view(ws, pack_id, narrative_id, user.username)
        except (LookupError, PermissionError) as error:
            return ambassador_problem(request, error)
        try:
            if mine["submitted_at"]:
                raise ValueError("You have already sent this pack, so your answers can't be changed.")
            text = current["narrative"]["text"]
            removing = set(remove_mark)
            marks = [m for m in ((current["review"] or {}).get("marks") or [])
                     if f"{m['start']}-{m['end']}-{m['kind']}" not in removing and not m.get("stale")]
            fields = ("start", "end", "phrase", "kind", "comment", "better_wording")
            marks = [{k: m[k] for k in fields} for m in marks]
            if mark_phrase.strip() or mark_comment.strip() or mark_better.strip():
                start, end, phrase = find_phrase(text, mark_phrase, mark_start, mark_end)
                if mark_kind not in packs.MARK_KINDS:
                    raise ValueError("Choose what is wrong with the phrase: “I didn't understand this” or "
                                     "“This language doesn't feel right”.")
                if any(m["start"] == start and m["end"] == end and m["kind"] == mark_kind for m in marks):
                    raise ValueError("You have already marked that phrase in the same way.")
                marks.append({"start": start, "end": end, "phrase": phrase, "kind": mark_kind,
                              "comment": mark_comment, "better_wording": mark_better})
            answers = {q: form[q] for q in packs.QUESTIONS} | {"comment": comment}
            packs.save_review(ws, pack_id, narrative_id, user.username, answers, marks)
        except ValueError as error:
            message = str(error)
            return review_page(request, user, pack_id, narrative_id, form,
                               "Not saved yet. " + message[:1].upper() + message[1:], status=400)
        except (LookupError, PermissionError) as error:
            return ambassador_problem(request, error)
        following = mine["narrative_ids"].index(narrative_id) + 1
        if go == "next" and following < len(mine["narrative_ids"]):
            return RedirectResponse(f"/packs/{pack_id}/review/{mine['narrative_ids'][following]}", status_code=303)
        return RedirectResponse(f"/packs/{pack_id}/review/{narrative_id}?saved=true", status_code=303)

    @app.post("/packs/{pack_id}/submit", response_class=HTMLResponse, include_in_schema=False)
    def submit(request: Request, pack_id: int, user: User = Depends(require("ambassador", page=True))) -> Response:
        try:
            own_pack(user, pack_id)
            packs.submit(ws, pack_id, user.username)
        except ValueError as error:
            message = str(error).replace("narratives", "records")
            return my_packs_page(request, user, "Not sent yet. " + message[:1].upper() + message[1:], status=400)
        except (LookupError, PermissionError) as error:
            return ambassador_problem(request, error)
        return RedirectResponse(f"/my-packs?sent={pack_id}", status_code=303)
