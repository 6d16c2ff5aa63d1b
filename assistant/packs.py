"""Ambassador review packs: a QA team's sample of (redacted) narratives, assigned to named
Ambassadors, answered narrative by narrative, and aggregated back for the QA team.

Why packs, not open access: QA teams prepare samples so that information is protected and
conflicts of interest are avoided, so an Ambassador reaches a narrative only through a pack
assigned to them (`can_view`), and a pack can leave out named teams. Stored in
`<data_dir>/reviews.db` (stdlib sqlite3) with the lexicon suggestion queue. Users are plain
usernames; who may call what (qa, ambassador) is the web layer's business.

Errors: ValueError (bad input, 400), LookupError (no such pack, or the narrative is not in
it, 404), PermissionError (not assigned to this pack, 403). Messages never quote narrative text.
"""
from __future__ import annotations

import json
import random
import re
import secrets
from dataclasses import fields, replace
from datetime import date, timedelta

from assistant import lexicon_queue, service
from index.search import Filters

QUESTIONS = {
    "know_child": "Do I know this child by the end?",
    "voice": "Is the child's voice there?",
    "language": "Is the language clear, kind and free of jargon?",
}
ANSWERS = ("yes", "partly", "no")
MARK_KINDS = lexicon_queue.KINDS
MAX_NAME = 200
MAX_USERNAME = 200
MAX_AMBASSADORS = 50
MAX_NARRATIVES = 500
MAX_COMMENT = 2000
MAX_MARKS = 100
MAX_MARK_CHARS = 300
MAX_MARK_COMMENT = 1000
MAX_WORDING = lexicon_queue.MAX_PLAIN
FINDING_LEVEL = ("fundamental", "stance", "child_voice")  # filters that only findings carry

PACK_SCHEMA = """
CREATE TABLE IF NOT EXISTS packs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    selection TEXT NOT NULL,       -- JSON: how the narratives were chosen (mode, filters, month, n, seed)
    exclude_teams TEXT NOT NULL    -- JSON list
);
CREATE TABLE IF NOT EXISTS pack_narratives (
    pack_id INTEGER NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    narrative_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (pack_id, narrative_id)
);
CREATE INDEX IF NOT EXISTS pack_narratives_by_narrative ON pack_narratives(narrative_id);
CREATE TABLE IF NOT EXISTS pack_ambassadors (
    pack_id INTEGER NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    username TEXT NOT NULL,
    submitted_at TEXT,
    PRIMARY KEY (pack_id, username)
);
CREATE INDEX IF NOT EXISTS pack_ambassadors_by_user ON pack_ambassadors(username);
CREATE TABLE IF NOT EXISTS reviews (
    pack_id INTEGER NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    narrative_id TEXT NOT NULL,
    username TEXT NOT NULL,
    know_child TEXT CHECK (know_child IN ('yes', 'partly', 'no')),
    voice TEXT CHECK (voice IN ('yes', 'partly', 'no')),
    language TEXT CHECK (language IN ('yes', 'partly', 'no')),
    comment TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (pack_id, narrative_id, username)
);
CREATE TABLE IF NOT EXISTS marks (
    id INTEGER PRIMARY KEY,
    pack_id INTEGER NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    narrative_id TEXT NOT NULL,
    username TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    phrase TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('didnt_understand', 'doesnt_feel_right')),
    comment TEXT,
    better_wording TEXT,
    suggestion_id INTEGER REFERENCES suggestions(id),
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS marks_by_review ON marks(pack_id, narrative_id, username);
CREATE INDEX IF NOT EXISTS marks_by_suggestion ON marks(suggestion_id);
"""


def connect_reviews(ws, write: bool = False):
    """A transaction on reviews.db with every table (packs, reviews, marks, suggestions)."""
    return lexicon_queue.connect(ws, PACK_SCHEMA, write=write)


# --------------------------------------------------------------------------- small checks

def _text(value, name: str, limit: int, required: bool = False) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name} must be text")
    value = (value or "").strip()
    if required and not value:
        raise ValueError(f"{name} is required")
    if len(value) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")
    return value or None


def _username(value) -> str:
    return _text(value, "username", MAX_USERNAME, required=True)


def _redacted(ws: service.Workspace, text: str | None) -> str | None:
    """Free text a reviewer types is redacted like everything else before it is stored."""
    if not text:
        return text
    from assistant.chat import redact_text

    return redact_text(ws, text)  # the same redactor as chat: a short comment has no context for the rules


def previous_month(today: date | None = None) -> str:
    """The previous whole calendar month, as "YYYY-MM"."""
    first = (today or date.today()).replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


# --------------------------------------------------------------------------- choosing

def _as_filters(filters) -> Filters | None:
    if filters is None or isinstance(filters, Filters):
        return filters
    if isinstance(filters, dict):
        return service.make_filters(**filters)
    raise ValueError("filters must come from service.make_filters")


def _candidates(ws: service.Workspace, filters: Filters | None, month: str | None) -> dict[str, dict]:
    """Live narratives (id -> metadata) passing the filters and the month."""
    filters = replace(filters) if filters is not None else Filters()
    if month:
        filters.date_from = max(filters.date_from or month, month)
        filters.date_to = min(filters.date_to or month, month)
    filters = service.resolve_case(filters, service.distinct_values(ws.store))
    narrative_level = replace(filters, **{k: [] for k in FINDING_LEVEL})
    found = {m["narrative_id"]: m for m in ws.store.narrative_metadatas() if narrative_level.matches(m)}
    if any(getattr(filters, k) for k in FINDING_LEVEL):
        with_finding = {m["narrative_id"] for m in ws.store.snapshot().metadatas if filters.matches(m)}
        found = {i: m for i, m in found.items() if i in with_finding}
    return found


def _excluded(meta: dict, exclude: set[str]) -> bool:
    return (meta.get("team") or "").lower() in exclude


def create_pack(ws: service.Workspace, name: str, created_by: str, ambassadors: list[str],
                narrative_ids: list[str] | None = None, filters: Filters | None = None,
                random_n: int | None = None, seed: int | None = None, exclude_teams=(),
                last_month: bool = False, today: date | None = None) -> dict:
    """Choose narratives by hand (`narrative_ids`), or every one that passes `filters` and/or
    falls in the previous whole month (`last_month`, relative to `today`), or `random_n` of
    those (seeded, so the same seed picks the same sample; a seed is drawn and stored if none
    is given). Narratives of `exclude_teams` (matched case-insensitively) are never included;
    a hand-picked one is refused."""
    name = _text(name, "name", MAX_NAME, required=True)
    created_by = _username(created_by)
    if isinstance(ambassadors, str) or not ambassadors:
        raise ValueError("assign the pack to at least one Ambassador")
    people = list(dict.fromkeys(_username(a) for a in ambassadors))
    if len(people) > MAX_AMBASSADORS:
        raise ValueError(f"at most {MAX_AMBASSADORS} Ambassadors per pack")
    if isinstance(exclude_teams, str):
        exclude_teams = [exclude_teams]
    excluded = sorted({_text(t, "excluded team", MAX_NAME, required=True) for t in exclude_teams})
    exclude = {t.lower() for t in excluded}
    filters = _as_filters(filters)
    month = previous_month(today) if last_month else None
    if random_n is not None and (isinstance(random_n, bool) or not isinstance(random_n, int) or random_n < 1):
        raise ValueError("random_n must be a whole number of at least 1")

    if narrative_ids is not None:
        if filters is not None or month or random_n is not None:
            raise ValueError("choose narratives by hand or by filters/month/random, not both")
        if isinstance(narrative_ids, str) or not narrative_ids:
            raise ValueError("choose at least one narrative")
        chosen = list(dict.fromkeys(_text(i, "narrative id", MAX_NAME, required=True) for i in narrative_ids))
        live = {m["narrative_id"]: m for m in ws.store.narrative_metadatas()}
        unknown = [i for i in chosen if i not in live]
        if unknown:
            raise ValueError(f"{len(unknown)} narrative id(s) not in the store: {', '.join(map(repr, unknown[:5]))}")
        clash = sum(_excluded(live[i], exclude) for i in chosen)
        if clash:
            raise ValueError(f"{clash} of the chosen narratives belong to an excluded team")
        selection = {"mode": "hand"}
    else:
        if filters is None and not month and random_n is None:
            raise ValueError("choose narratives by hand, by filters, from last month, or at random")
        pool = sorted(i for i, m in _candidates(ws, filters, month).items() if not _excluded(m, exclude))
        if random_n is not None:
            seed = secrets.randbelow(2**31) if seed is None else int(seed)
            chosen = sorted(random.Random(seed).sample(pool, min(random_n, len(pool))))
        else:
            chosen = pool
        selection = {"mode": "random" if random_n is not None else "filters", "month": month,
                     "filters": {f.name: getattr(filters, f.name) for f in fields(Filters)
                                 if getattr(filters, f.name)} if filters is not None else None,
                     "random_n": random_n, "seed": seed if random_n is not None else None, "pool": len(pool)}
    if not chosen:
        raise ValueError("no narratives match that choice")
    if len(chosen) > MAX_NARRATIVES:
        raise ValueError(f"{len(chosen)} narratives chosen; a pack holds at most {MAX_NARRATIVES}")

    with connect_reviews(ws, write=True) as conn:
        pack_id = conn.execute(
            "INSERT INTO packs (name, created_by, created_at, selection, exclude_teams) VALUES (?, ?, ?, ?, ?)",
            (name, created_by, lexicon_queue.now(), json.dumps(selection), json.dumps(excluded))).lastrowid
        conn.executemany("INSERT INTO pack_narratives (pack_id, narrative_id, position) VALUES (?, ?, ?)",
                         [(pack_id, n, p) for p, n in enumerate(chosen)])
        conn.executemany("INSERT INTO pack_ambassadors (pack_id, username) VALUES (?, ?)",
                         [(pack_id, u) for u in people])
        return _pack_json(conn, pack_id)


# --------------------------------------------------------------------------- reading packs

def _pack_json(conn, pack_id: int) -> dict | None:
    row = conn.execute("SELECT * FROM packs WHERE id = ?", (pack_id,)).fetchone()
    if row is None:
        return None
    ids = [r[0] for r in conn.execute("SELECT narrative_id FROM pack_narratives WHERE pack_id = ? "
                                      "ORDER BY position", (pack_id,))]
    people = []
    for a in conn.execute("SELECT username, submitted_at FROM pack_ambassadors WHERE pack_id = ? ORDER BY username",
                          (pack_id,)):
        done = conn.execute("SELECT COUNT(*) FROM reviews WHERE pack_id = ? AND username = ?",
                            (pack_id, a["username"])).fetchone()[0]
        people.append({"username": a["username"], "reviewed": done, "submitted_at": a["submitted_at"]})
    return {"id": row["id"], "name": row["name"], "created_by": row["created_by"], "created_at": row["created_at"],
            "selection": json.loads(row["selection"]), "exclude_teams": json.loads(row["exclude_teams"]),
            "narrative_ids": ids, "ambassadors": people}


def pack(ws: service.Workspace, pack_id: int) -> dict | None:
    with connect_reviews(ws) as conn:
        return _pack_json(conn, pack_id)


def all_packs(ws: service.Workspace) -> list[dict]:
    """Every pack, newest first (for the QA team)."""
    with connect_reviews(ws) as conn:
        return [_pack_json(conn, r[0]) for r in conn.execute("SELECT id FROM packs ORDER BY id DESC")]


def packs_for(ws: service.Workspace, username: str) -> list[dict]:
    """The packs assigned to one Ambassador, newest first, as that Ambassador sees them:
    their own progress only (not who else reviews, nor how the sample was drawn)."""
    with connect_reviews(ws) as conn:
        ids = [r[0] for r in conn.execute("SELECT pack_id FROM pack_ambassadors WHERE username = ? "
                                          "ORDER BY pack_id DESC", (username,))]
        found = [_pack_json(conn, i) for i in ids]
    out = []
    for p in found:
        mine = next(a for a in p["ambassadors"] if a["username"] == username)
        out.append({"id": p["id"], "name": p["name"], "created_by": p["created_by"], "created_at": p["created_at"],
                    "narrative_ids": p["narrative_ids"], "reviewed": mine["reviewed"],
                    "submitted_at": mine["submitted_at"]})
    return out


def can_view(ws: service.Workspace, username: str, narrative_id: str) -> bool:
    """True only if the narrative is in a pack assigned to this Ambassador."""
    with connect_reviews(ws) as conn:
        return conn.execute(
            "SELECT 1 FROM pack_narratives n JOIN pack_ambassadors a ON a.pack_id = n.pack_id "
            "WHERE a.username = ? AND n.narrative_id = ? LIMIT 1", (username, narrative_id)).fetchone() is not None


def _in_pack(conn, pack_id: int, narrative_id: str) -> None:
    if conn.execute("SELECT 1 FROM packs WHERE id = ?", (pack_id,)).fetchone() is None:
        raise LookupError(f"no pack {pack_id}")
    if conn.execute("SELECT 1 FROM pack_narratives WHERE pack_id = ? AND narrative_id = ?",
                    (pack_id, narrative_id)).fetchone() is None:
        raise LookupError(f"that narrative is not in pack {pack_id}")


def _assigned(conn, pack_id: int, username: str) -> dict:
    row = conn.execute("SELECT * FROM pack_ambassadors WHERE pack_id = ? AND username = ?",
                       (pack_id, username)).fetchone()
    if row is None:
        raise PermissionError(f"pack {pack_id} is not assigned to this user")
    return dict(row)


def _review_json(conn, pack_id: int, narrative_id: str, username: str) -> dict | None:
    row = conn.execute("SELECT * FROM reviews WHERE pack_id = ? AND narrative_id = ? AND username = ?",
                       (pack_id, narrative_id, username)).fetchone()
    if row is None:
        return None
    marks = conn.execute('SELECT start, "end", phrase, kind, comment, better_wording, suggestion_id FROM marks '
                         "WHERE pack_id = ? AND narrative_id = ? AND username = ? ORDER BY start, id",
                         (pack_id, narrative_id, username)).fetchall()
    return {"username": username, "answers": {q: row[q] for q in QUESTIONS} | {"comment": row["comment"] or ""},
            "marks": [dict(m) for m in marks], "updated_at": row["updated_at"]}


def review_view(ws: service.Workspace, pack_id: int, narrative_id: str, username: str | None = None) -> dict:
    """What the language-review page shows: the stored (redacted) narrative, its language
    analysis (jargon with plain alternatives, readability, the child's voice or its stated
    absence; offsets into that text), the questions, and `username`'s saved review."""
    from nlp.analysis import analyse
    from nlp.pipeline import load_analysis

    with connect_reviews(ws) as conn:
        _in_pack(conn, pack_id, narrative_id)
        if username is not None:
            _assigned(conn, pack_id, username)
        review = _review_json(conn, pack_id, narrative_id, username) if username else None
    narrative = service.narrative_json(ws, narrative_id)
    if narrative is None:
        raise LookupError("that narrative is no longer in the store")
    if review:
        review["marks"] = reanchor_marks(review["marks"], narrative["text"])
    lexicon_queue.sync(ws, load=True)  # terms another worker accepted
    found = analyse(load_analysis(), [{"id": narrative_id, "text": narrative["text"]}])[0]
    return {"pack_id": pack_id, "narrative": narrative,
            "analysis": {k: found[k] for k in ("jargon", "readability", "child_voice")},
            "questions": QUESTIONS, "answer_choices": list(ANSWERS), "mark_kinds": list(MARK_KINDS),
            "review": review}


def reanchor_marks(marks: list[dict], text: str) -> list[dict]:
    """Saved marks against the narrative's current text: a re-ingest can move a phrase, so
    each mark goes to the occurrence of its phrase nearest its old place; one whose phrase
    is gone is flagged `stale` (shown, and dropped at the next save) instead of making
    every later save fail."""
    out = []
    for mark in marks:
        start, phrase = mark["start"], mark["phrase"]
        if text[start:mark["end"]] == phrase:
            out.append(mark)
            continue
        spots = [m.start() for m in re.finditer(re.escape(phrase), text)]
        if spots:
            moved = min(spots, key=lambda at: abs(at - start))
            out.append({**mark, "start": moved, "end": moved + len(phrase)})
        else:
            out.append({**mark, "stale": True})
    return out


# --------------------------------------------------------------------------- answering

def _check_answers(answers) -> dict:
    if not isinstance(answers, dict):
        raise ValueError("answers must be an object")
    unknown = set(answers) - set(QUESTIONS) - {"comment"}
    if unknown:
        raise ValueError(f"unknown answer field(s): {', '.join(sorted(map(str, unknown)))[:200]}")
    out = {}
    for q in QUESTIONS:
        value = answers.get(q)
        if value is not None and value not in ANSWERS:
            raise ValueError(f"{q} must be one of {', '.join(ANSWERS)}")
        out[q] = value
    out["comment"] = _text(answers.get("comment"), "comment", MAX_COMMENT)
    return out


def _check_marks(marks, text: str) -> list[dict]:
    if marks is None:
        return []
    if not isinstance(marks, list):
        raise ValueError("marks must be a list")
    if len(marks) > MAX_MARKS:
        raise ValueError(f"at most {MAX_MARKS} marks per narrative")
    out, seen = [], set()
    for n, mark in enumerate(marks, start=1):
        if not isinstance(mark, dict):
            raise ValueError(f"mark {n} must be an object")
        start, end = mark.get("start"), mark.get("end")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise ValueError(f"mark {n}: start and end must be whole numbers")
        if not 0 <= start < end <= len(text):
            raise ValueError(f"mark {n}: offsets {start}-{end} are outside the text (0-{len(text)})")
        if end - start > MAX_MARK_CHARS:
            raise ValueError(f"mark {n}: a marked phrase is at most {MAX_MARK_CHARS} characters")
        phrase = mark.get("phrase")
        if not isinstance(phrase, str) or phrase not in text:
            raise ValueError(f"mark {n}: the phrase is not in the narrative's text")
        if text[start:end] != phrase:
            raise ValueError(f"mark {n}: the phrase does not match the text at {start}-{end}")
        if not phrase.strip():
            raise ValueError(f"mark {n}: the phrase is blank")
        kind = mark.get("kind")
        if kind not in MARK_KINDS:
            raise ValueError(f"mark {n}: kind must be one of {', '.join(MARK_KINDS)}")
        if (start, end, kind) in seen:
            raise ValueError(f"mark {n} repeats an earlier mark")
        seen.add((start, end, kind))
        out.append({"start": start, "end": end, "phrase": phrase, "kind": kind,
                    "comment": _text(mark.get("comment"), f"mark {n} comment", MAX_MARK_COMMENT),
                    "better_wording": _text(mark.get("better_wording"), f"mark {n} better wording", MAX_WORDING)})
    return out


def save_review(ws: service.Workspace, pack_id: int, narrative_id: str, username: str, answers: dict,
                marks: list[dict] | None = None) -> dict:
    """Save (or replace) one Ambassador's review of one narrative. Answers may be partial
    while drafting (submit needs all three). Each term-sized marked phrase votes for a
    lexicon suggestion (`lexicon_queue.queue_mark`). Comments and better wordings are
    redacted before they are stored."""
    username = _username(username)
    answers = _check_answers(answers)
    with connect_reviews(ws) as conn:
        _in_pack(conn, pack_id, narrative_id)
        if _assigned(conn, pack_id, username)["submitted_at"]:
            raise ValueError("this pack is already submitted")
    narrative = service.narrative_json(ws, narrative_id)
    if narrative is None:
        raise LookupError("that narrative is no longer in the store")
    marks = _check_marks(marks, narrative["text"])
    answers["comment"] = _redacted(ws, answers["comment"])
    for m in marks:
        m["comment"] = _redacted(ws, m["comment"])
        m["better_wording"] = _redacted(ws, m["better_wording"])

    stamp = lexicon_queue.now()
    with connect_reviews(ws, write=True) as conn:
        if _assigned(conn, pack_id, username)["submitted_at"]:  # submitted meanwhile
            raise ValueError("this pack is already submitted")
        conn.execute(
            "INSERT INTO reviews (pack_id, narrative_id, username, know_child, voice, language, comment, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pack_id, narrative_id, username) DO UPDATE SET "
            "know_child = excluded.know_child, voice = excluded.voice, language = excluded.language, "
            "comment = excluded.comment, updated_at = excluded.updated_at",
            (pack_id, narrative_id, username, answers["know_child"], answers["voice"], answers["language"],
             answers["comment"], stamp))
        conn.execute("DELETE FROM marks WHERE pack_id = ? AND narrative_id = ? AND username = ?",
                     (pack_id, narrative_id, username))
        for m in marks:
            suggestion_id = lexicon_queue.queue_mark(conn, m["phrase"], username, narrative_id)
            conn.execute('INSERT INTO marks (pack_id, narrative_id, username, start, "end", phrase, kind, comment, '
                         "better_wording, suggestion_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (pack_id, narrative_id, username, m["start"], m["end"], m["phrase"], m["kind"],
                          m["comment"], m["better_wording"], suggestion_id, stamp))
        lexicon_queue.drop_unvoted(conn)
        return _review_json(conn, pack_id, narrative_id, username)


def submit(ws: service.Workspace, pack_id: int, username: str) -> dict:
    """Mark one Ambassador's pack done: every narrative needs all three answers first."""
    with connect_reviews(ws, write=True) as conn:
        if conn.execute("SELECT 1 FROM packs WHERE id = ?", (pack_id,)).fetchone() is None:
            raise LookupError(f"no pack {pack_id}")
        if _assigned(conn, pack_id, username)["submitted_at"]:
            raise ValueError("this pack is already submitted")
        total = conn.execute("SELECT COUNT(*) FROM pack_narratives WHERE pack_id = ?", (pack_id,)).fetchone()[0]
        answered = conn.execute(
            "SELECT COUNT(*) FROM reviews WHERE pack_id = ? AND username = ? AND know_child IS NOT NULL "
            "AND voice IS NOT NULL AND language IS NOT NULL", (pack_id, username)).fetchone()[0]
        if answered < total:
            raise ValueError(f"{total - answered} of {total} narratives still need all three answers")
        conn.execute("UPDATE pack_ambassadors SET submitted_at = ? WHERE pack_id = ? AND username = ?",
                     (lexicon_queue.now(), pack_id, username))
        return _pack_json(conn, pack_id)


# --------------------------------------------------------------------------- results

def _counts() -> dict:
    return {q: {a: 0 for a in ANSWERS} for q in QUESTIONS}


def pack_results(ws: service.Workspace, pack_id: int) -> dict:
    """For the QA team: answers counted per question and per narrative, marked phrases with
    their counts (by kind), and each Ambassador's progress. Comments are already redacted."""
    with connect_reviews(ws) as conn:
        info = _pack_json(conn, pack_id)
        if info is None:
            raise LookupError(f"no pack {pack_id}")
        reviews = conn.execute("SELECT * FROM reviews WHERE pack_id = ?", (pack_id,)).fetchall()
        marks = conn.execute("SELECT * FROM marks WHERE pack_id = ? ORDER BY narrative_id, start", (pack_id,)).fetchall()
    overall = _counts()
    per = {n: {"narrative_id": n, "reviews": 0, "answers": _counts(), "comments": []} for n in info["narrative_ids"]}
    for r in reviews:
        row = per.setdefault(r["narrative_id"], {"narrative_id": r["narrative_id"], "reviews": 0,
                                                 "answers": _counts(), "comments": []})
        row["reviews"] += 1
        if r["comment"]:
            row["comments"].append(r["comment"])
        for q in QUESTIONS:
            if r[q]:
                overall[q][r[q]] += 1
                row["answers"][q][r[q]] += 1
    phrases: dict[str, dict] = {}
    for m in marks:
        key = " ".join(m["phrase"].lower().split())
        entry = phrases.setdefault(key, {"phrase": " ".join(m["phrase"].split()), "count": 0,
                                         "kinds": {k: 0 for k in MARK_KINDS}, "narrative_ids": [],
                                         "comments": [], "better_wordings": [], "suggestion_id": m["suggestion_id"]})
        entry["count"] += 1
        entry["kinds"][m["kind"]] += 1
        if m["narrative_id"] not in entry["narrative_ids"]:
            entry["narrative_ids"].append(m["narrative_id"])
        for field_, target in (("comment", "comments"), ("better_wording", "better_wordings")):
            if m[field_]:
                entry[target].append(m[field_])
    total = len(info["narrative_ids"])
    completion = [{"username": a["username"], "reviewed": a["reviewed"], "of": total,
                   "submitted": a["submitted_at"] is not None, "submitted_at": a["submitted_at"]}
                  for a in info["ambassadors"]]
    return {"pack": info, "questions": QUESTIONS, "answers": overall, "by_narrative": list(per.values()),
            "marks": sorted(phrases.values(), key=lambda p: (-p["count"], p["phrase"])),
            "completion": completion}
