"""An Ambassador's answers and marks on one narrative, checked, saved, and submitted for the pack."""
from __future__ import annotations


from assistant import lexicon_queue, service
from assistant.packs.store import ANSWERS, MARK_KINDS, MAX_COMMENT, MAX_MARKS, MAX_MARK_CHARS, MAX_MARK_COMMENT, MAX_WORDING, QUESTIONS, _redacted, _text, _username, connect_reviews
from assistant.packs.read import _assigned, _in_pack, _pack_json, _review_json


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
