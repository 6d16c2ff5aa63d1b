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

import re
from datetime import date
from typing import Callable

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from api.auth import require
from assistant import lexicon_queue, packs, service
from assistant.accounts import User
from assistant.narratives import LEGAL_STATUSES, RATINGS, normalise_month
from nlp.jargon import SEVERITIES
from nlp.voice import NOT_EVIDENCE  # evidence that the voice is missing, not of the voice

KIND_WORDS = {"didnt_understand": "I didn't understand this",
              "doesnt_feel_right": "This language doesn't feel right"}
ANSWER_WORDS = {"yes": "Yes", "partly": "Partly", "no": "No"}
VOICE_WORDS = {
    "present": "The child's own words or views are in this record. They are underlined with a thick line.",
    "partial": "A little of the child's own words or views is in this record. It is underlined with a thick line.",
    "absent": "We could not find the child's own words or views anywhere in this record.",
    "not_applicable": "This record is not about one child's own words or views.",
}
HOW_WORDS = {"hand": "picked by hand", "filters": "chosen by filters", "random": "picked at random"}
FILTER_WORDS = {"date_from": "from", "date_to": "to", "team": "team", "service": "service",
                "legal_status": "legal status", "rating": "rating", "fundamental": "practice fundamental",
                "stance": "stance"}
NOT_YOURS = "This pack is not one of your review packs."
NOT_IN_PACK = "That record is not in this pack."


def split_list(value: str | None) -> list[str]:
    """Usernames or record ids typed with commas, spaces or new lines between them."""
    return [part for part in re.split(r"[\s,;]+", value or "") if part]


def find_phrase(text: str, phrase: str, start: str | None = None, end: str | None = None) -> tuple[int, int, str]:
    """Where a marked phrase is: the offsets the page's script sent when they still match,
    else its first occurrence (ignoring case and line breaks), so typing it works too."""
    phrase = (phrase or "").strip()
    if not phrase:
        raise ValueError("Type or select the phrase you want to mark.")
    if start and end and start.isdigit() and end.isdigit() and text[int(start):int(end)].strip() == phrase:
        s, e = int(start), int(end)
        while text[s].isspace():
            s += 1
        while text[e - 1].isspace():
            e -= 1
        return s, e, text[s:e]
    pattern = r"\s+".join(re.escape(word) for word in phrase.split())
    found = re.search(pattern, text, flags=re.IGNORECASE)
    if found is None:
        raise ValueError("We couldn't find that phrase in the record. Copy it exactly as it is written.")
    return found.start(), found.end(), found.group(0)


FEEL = "may_not_feel_right"


def numbered_flags(jargon: list[dict]) -> list[dict]:
    """The flags shown, in text order, overlaps dropped, each with its note number `n`."""
    flags, last_end = [], -1
    for flag in sorted(jargon, key=lambda f: (f["start"], -f["end"])):
        if flag["start"] >= last_end and flag["end"] > flag["start"]:
            flags.append(dict(flag, n=len(flags) + 1))
            last_end = flag["end"]
    return flags


def annotate(text: str, jargon: list[dict], voice: list[dict]) -> Markup:
    """The record as HTML: hard words in <mark> with a numbered link to a note, and their plain
    words in a tooltip shown on hover and when the link has keyboard focus; language that may
    not feel right in <mark class="feel"> (dashed line, a ◇ by its number, and said in words);
    the child's voice underlined, with its start and end said in words for screen readers.
    Every piece of the text sits in a <span data-o="offset"> so the script can turn a selection
    into offsets."""
    flags = numbered_flags(jargon)
    # child's voice spans: merged, and widened so no hard word straddles one's edge
    spans: list[list[int]] = []
    for ev in sorted(voice, key=lambda v: v["start"]):
        s, e = ev["start"], ev["end"]
        for f in flags:
            if f["start"] < s < f["end"]:
                s = f["start"]
            if f["start"] < e < f["end"]:
                e = f["end"]
        if spans and s <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], e)
        elif e > s:
            spans.append([s, e])
    events: dict[int, list[tuple[int, str, object]]] = {}
    for s, e in spans:
        events.setdefault(s, []).append((1, "voice_open", None))
        events.setdefault(e, []).append((0, "voice_close", None))
    for f in flags:
        events.setdefault(f["start"], []).append((2, "jargon", (f["n"], f)))

    out, pos = [], 0

    def plain_text(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(f'<span data-o="{pos}">{escape(text[pos:upto])}</span>')
            pos = upto

    for at in sorted(events):
        if at < pos:
            continue
        plain_text(at)
        for _, what, data in sorted(events[at], key=lambda x: x[0]):
            if what == "voice_close":
                out.append('<span class="visually-hidden"> (end of the child\'s voice)</span></span>')
            elif what == "voice_open":
                out.append('<span class="voice"><span class="visually-hidden">(the child\'s voice:) </span>')
            else:
                number, f = data
                if f.get("kind") == FEEL:
                    tip = "May not feel right" + (f". Try: {f['plain']}" if f.get("plain") else ".")
                    out.append(
                        f'<span class="term feel"><mark class="feel"><span data-o="{f["start"]}">'
                        f'{escape(text[f["start"]:f["end"]])}</span></mark><a class="note-ref" href="#note-{number}" '
                        f'aria-describedby="tip-{number}" aria-label="{escape(f["span"])}: note {number}, language '
                        f'that may not feel right">[◇{number}]</a>'
                        f'<span class="tip" role="tooltip" id="tip-{number}">{escape(tip)}</span></span>')
                    pos = f["end"]
                    continue
                tip = f"Plain words: {f['plain']}" if f.get("plain") else "This may be hard to understand."
                out.append(
                    f'<span class="term"><mark><span data-o="{f["start"]}">{escape(text[f["start"]:f["end"]])}'
                    f'</span></mark><a class="note-ref" href="#note-{number}" aria-describedby="tip-{number}" '
                    f'aria-label="{escape(f["span"])}: note {number}">[{number}]</a>'
                    f'<span class="tip" role="tooltip" id="tip-{number}">{escape(tip)}</span></span>')
                pos = f["end"]
    plain_text(len(text))
    return Markup("".join(out))


def readability_parts(r: dict | None) -> list[tuple[str, str]]:
    """The readability figures, each named in plain words."""
    if not r:
        return []
    parts = [("Words", str(r.get("words"))), ("Sentences", str(r.get("sentences")))]
    if r.get("flesch_reading_ease") is not None:
        parts.append(("Reading ease (0 is very hard, 100 is very easy)", str(r["flesch_reading_ease"])))
    if r.get("reading_age") is not None:
        parts.append(("Reading age (years)", str(r["reading_age"])))
    wps = r.get("words_per_sentence") or {}
    if wps:
        parts.append(("Words in a sentence", f"{wps.get('mean')} on average, {wps.get('longest')} in the longest"))
    passive = r.get("passive_voice") or {}
    if passive:
        share = round(100 * (passive.get("share") or 0))
        example = ", ".join(f"“{p}”" for p in (passive.get("phrases") or [])[:4])
        parts.append(("Sentences that hide who did what (passive voice)",
                      f"{passive.get('sentences')} ({share}%)" + (f", for example {example}" if example else "")))
    if r.get("jargon_per_100_words") is not None:
        parts.append(("Hard words in every 100 words", str(r["jargon_per_100_words"])))
    access = r.get("accessibility") or {}
    if access:
        names = {"reading_ease": "reading ease", "sentence_length": "sentence length",
                 "passive_voice": "passive voice", "jargon_density": "hard words"}
        detail = ", ".join(f"{names.get(k, k)} {v}" for k, v in (access.get("parts") or {}).items())
        parts.append(("How easy to read overall (0 to 100)",
                      f"{access.get('score')}" + (f" ({detail})" if detail else "")))
    return parts


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

    # ------------------------------------------------------------------ QA: packs

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
