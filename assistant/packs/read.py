"""Reading packs and reviews, and who may see which narrative (an Ambassador only through a pack assigned to them)."""
from __future__ import annotations

import json
import re

from assistant import lexicon_queue, service
from assistant.packs.store import ANSWERS, MARK_KINDS, QUESTIONS, connect_reviews


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
