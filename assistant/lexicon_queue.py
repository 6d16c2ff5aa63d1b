"""The queue of lexicon additions that Ambassadors' marked phrases suggest, and the QA
decision on each. Kept in `<data_dir>/reviews.db` (stdlib sqlite3) beside the review packs.

Why a queue and not straight into the lexicon: an Ambassador's "I didn't understand this"
is evidence, not a decision; a `qa` user accepts (with a plain wording) or rejects each term.
Accepted terms are applied to the running jargon flaggers at once (`add_entries`), and
`apply_accepted` re-applies them when a process starts: the lexicon TSV is never rewritten.
"""
from __future__ import annotations

import os
import re
import sqlite3
import string
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

KINDS = ("didnt_understand", "doesnt_feel_right")
STATUSES = ("pending", "accepted", "rejected")
DEFAULT_WHY = {
    "didnt_understand": "Ambassadors reviewing audits said they did not understand this.",
    "doesnt_feel_right": "Ambassadors reviewing audits said this language does not feel right.",
}
# A mark becomes a suggested lexicon term only if it is term-sized: a whole sentence marked
# "doesn't feel right" is kept with the review, but is no lexicon entry.
MAX_TERM_WORDS = 6
MAX_TERM_CHARS = 60
MAX_PLAIN = 200
MAX_REASON = 1000
PLACEHOLDER = re.compile(r"\[[A-Z][A-Z-]*\]")

SCHEMA = """
CREATE TABLE IF NOT EXISTS suggestions (
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL,
    term_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    source_narrative_id TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    reason TEXT,
    votes_at_decision INTEGER,
    plain TEXT,
    category TEXT,
    severity TEXT,
    why TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_pending_per_term ON suggestions(term_key) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS suggestions_by_status ON suggestions(status, id);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_READY: set[str] = set()  # databases whose tables this process has created or seen


@contextmanager
def connect(ws, schema: str = "", write: bool = False):
    """One short-lived connection to `<data_dir>/reviews.db` (tables created on first use),
    the block in one transaction: BEGIN IMMEDIATE when `write` (writers queue), else a
    deferred one (WAL: readers never wait)."""
    path = Path(os.environ.get("GOLDENTHREAD_REVIEWS_DB") or ws.data_dir / "reviews.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _READY.discard(str(path))
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if str(path) not in _READY:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA + schema)
            _READY.add(str(path))
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


def term_of(phrase: str) -> str | None:
    """The lexicon term a marked phrase suggests, or None when it is not term-sized.
    A capital that only starts a sentence is lowered ("Strategy discussion" -> "strategy
    discussion"): the lexicon reads capitals as 'match this case', as for acronyms."""
    words = phrase.strip(string.whitespace + string.punctuation.replace("[", "").replace("]", "")
                         + "‘’“”").split()
    if not words or len(words) > MAX_TERM_WORDS or PLACEHOLDER.search(" ".join(words)):
        return None
    words = [w.lower() if w[:1].isupper() and w[1:] == w[1:].lower() else w for w in words]
    term = " ".join(words)
    if len(term) > MAX_TERM_CHARS or not any(c.isalpha() for c in term):
        return None
    return term


def term_key(term: str) -> str:
    return term.lower()


def queue_mark(conn: sqlite3.Connection, phrase: str, username: str, narrative_id: str) -> int | None:
    """The suggestion a mark votes for: the pending one for the same term, else the accepted
    one (the term is already live), else a new pending one. None when no term-sized phrase."""
    term = term_of(phrase)
    if term is None:
        return None
    key = term_key(term)
    row = conn.execute("SELECT id FROM suggestions WHERE term_key = ? AND status IN ('pending', 'accepted') "
                       "ORDER BY status = 'pending' DESC, id DESC LIMIT 1", (key,)).fetchone()
    if row is not None:
        return row["id"]
    cur = conn.execute("INSERT INTO suggestions (term, term_key, created_by, created_at, source_narrative_id) "
                       "VALUES (?, ?, ?, ?, ?)", (term, key, username, now(), narrative_id))
    return cur.lastrowid


def drop_unvoted(conn: sqlite3.Connection) -> None:
    """A pending suggestion whose every mark was withdrawn (a review saved again) goes."""
    conn.execute("DELETE FROM suggestions WHERE status = 'pending' AND NOT EXISTS "
                 "(SELECT 1 FROM marks WHERE marks.suggestion_id = suggestions.id)")


# --------------------------------------------------------------------------- reading

@lru_cache(maxsize=1)
def _shipped_lexicon() -> dict[str, object]:
    from nlp.jargon import load_lexicon
    return {e.term.lower(): e for e in load_lexicon()}


def _suggestion_json(conn: sqlite3.Connection, row: sqlite3.Row) -> dict:
    marks = conn.execute("SELECT username, narrative_id, kind, comment, better_wording FROM marks "
                         "WHERE suggestion_id = ? ORDER BY id", (row["id"],)).fetchall()
    wordings = Counter(m["better_wording"] for m in marks if m["better_wording"])
    shipped = _shipped_lexicon().get(row["term_key"])
    return {
        "id": row["id"], "term": row["term"], "status": row["status"],
        "votes": len(marks), "voters": len({m["username"] for m in marks}),
        "kinds": dict(Counter(m["kind"] for m in marks)),
        "suggested_plain": wordings.most_common(1)[0][0] if wordings else None,
        "wordings": [{"text": w, "count": n} for w, n in wordings.most_common()],
        "comments": [m["comment"] for m in marks if m["comment"]],
        "narrative_ids": sorted({m["narrative_id"] for m in marks}),
        "created_by": row["created_by"], "created_at": row["created_at"],
        "source_narrative_id": row["source_narrative_id"],
        "in_shipped_lexicon": shipped is not None,
        "shipped_plain": getattr(shipped, "plain", None),
        "decided_by": row["decided_by"], "decided_at": row["decided_at"], "reason": row["reason"],
        "votes_at_decision": row["votes_at_decision"],
        "plain": row["plain"], "category": row["category"], "why": row["why"],
    }


def suggestions(ws, status: str | None = "pending") -> list[dict]:
    """The queue (status None: every suggestion), most votes first, then oldest."""
    from assistant.packs import connect_reviews

    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    with connect_reviews(ws) as conn:
        rows = conn.execute("SELECT * FROM suggestions WHERE ? IS NULL OR status = ? ORDER BY id",
                            (status, status)).fetchall()
        out = [_suggestion_json(conn, r) for r in rows]
    return sorted(out, key=lambda s: (-s["votes"], s["id"]))


def suggestion(ws, suggestion_id: int) -> dict | None:
    from assistant.packs import connect_reviews

    with connect_reviews(ws) as conn:
        row = conn.execute("SELECT * FROM suggestions WHERE id = ?", (suggestion_id,)).fetchone()
        return _suggestion_json(conn, row) if row is not None else None


# --------------------------------------------------------------------------- deciding

def _pending(conn: sqlite3.Connection, suggestion_id: int) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM suggestions WHERE id = ?", (suggestion_id,)).fetchone()
    if row is None:
        raise LookupError(f"no suggestion {suggestion_id}")
    if row["status"] != "pending":
        raise ValueError(f"suggestion {suggestion_id} is already {row['status']}")
    return row


def _clean(value, name: str, limit: int, required: bool = False) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name} must be text")
    value = " ".join((value or "").split())
    if required and not value:
        raise ValueError(f"{name} is required")
    if len(value) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")
    return value or None


def accept(ws, suggestion_id: int, by: str, plain: str | None = None, category: str = "ambassador",
           why: str | None = None, severity: str = "medium") -> dict:
    """Accept a pending suggestion: stored, then applied to this process's jargon flaggers.
    `plain` defaults to the wording Ambassadors suggested most; one of the two is needed."""
    from assistant.packs import connect_reviews
    from nlp.jargon import SEVERITIES

    by = _clean(by, "by", 200, required=True)
    category = _clean(category, "category", 40, required=True)
    why = _clean(why, "why", MAX_REASON)
    plain = _clean(plain, "plain", MAX_PLAIN)
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}")
    with connect_reviews(ws, write=True) as conn:
        row = _pending(conn, suggestion_id)
        current = _suggestion_json(conn, row)
        plain = plain or current["suggested_plain"]
        if not plain:
            raise ValueError("give a plain wording: no Ambassador suggested one for this term")
        if why is None:
            kinds = current["kinds"]
            why = DEFAULT_WHY[max(KINDS, key=lambda k: kinds.get(k, 0))]
        conn.execute("UPDATE suggestions SET status = 'accepted', decided_by = ?, decided_at = ?, plain = ?, "
                     "category = ?, severity = ?, why = ?, votes_at_decision = ? WHERE id = ?",
                     (by, now(), plain, category, severity, why, current["votes"], suggestion_id))
        accepted = _suggestion_json(conn, conn.execute("SELECT * FROM suggestions WHERE id = ?",
                                                       (suggestion_id,)).fetchone())
    sync(ws, load=True)
    return accepted


def reject(ws, suggestion_id: int, by: str, reason: str) -> dict:
    from assistant.packs import connect_reviews

    by = _clean(by, "by", 200, required=True)
    reason = _clean(reason, "reason", MAX_REASON, required=True)
    with connect_reviews(ws, write=True) as conn:
        row = _pending(conn, suggestion_id)
        votes = conn.execute("SELECT COUNT(*) FROM marks WHERE suggestion_id = ?", (suggestion_id,)).fetchone()[0]
        conn.execute("UPDATE suggestions SET status = 'rejected', decided_by = ?, decided_at = ?, reason = ?, "
                     "votes_at_decision = ? WHERE id = ?", (by, now(), reason, votes, suggestion_id))
        return _suggestion_json(conn, conn.execute("SELECT * FROM suggestions WHERE id = ?",
                                                   (suggestion_id,)).fetchone())


# --------------------------------------------------------------------------- applying

def _entry(row) -> dict:
    return {"term": row["term"], "plain": row["plain"], "category": row["category"] or "ambassador",
            "severity": row["severity"] or "medium", "why": row["why"] or "",
            "source": f"Ambassador review (suggestion {row['id']}, accepted {row['decided_at'][:10]})"}


STAMP = "_gt_accepted_stamp"  # set on a gt_jargon component: which accepted terms it has


def loaded_pipelines(load: bool = False) -> list:
    """This process's shared pipelines that are loaded: the analysis one (loaded here when
    `load`: it is the one review packs and /analyse flag with) and the ingest one."""
    from nlp import pipeline

    found = []
    if load or pipeline.load_analysis.cache_info().currsize:
        found.append(pipeline.load_analysis())
    if pipeline.load.cache_info().currsize:
        found.append(pipeline.load())
    return found


def _flaggers(pipelines) -> list:
    return [p.get_pipe("gt_jargon") for p in pipelines if "gt_jargon" in p.pipe_names]


def sync(ws, pipelines=None, load: bool = False, force: bool = False) -> int:
    """Bring jargon flaggers up to date with the accepted terms in reviews.db: one small
    query when they already are. Default: this process's loaded pipelines. Call it before
    analysing or ingesting where another process (a second worker) may have accepted a
    term. Returns how many entries were applied (0 when nothing was stale)."""
    from assistant.packs import connect_reviews

    flaggers = _flaggers(loaded_pipelines(load) if pipelines is None else pipelines)
    if not flaggers:
        return 0
    with connect_reviews(ws) as conn:
        count, last = conn.execute("SELECT COUNT(*), MAX(id) FROM suggestions WHERE status = 'accepted'").fetchone()
        stamp = (str(ws.data_dir), count, last)
        stale = [f for f in flaggers if force or getattr(f, STAMP, None) != stamp]
        rows = conn.execute("SELECT * FROM suggestions WHERE status = 'accepted' ORDER BY decided_at, id"
                            ).fetchall() if stale else []
    entries = [_entry(r) for r in rows]
    for flagger in stale:
        if entries:
            flagger.add_entries(entries)  # replaces by term, so applying twice is harmless
        setattr(flagger, STAMP, stamp)
    return len(entries)


def apply_accepted(ws, pipelines=None) -> int:
    """Apply every accepted term (the app calls this once at start-up; pass a pipeline to
    apply them to that one). Loads the analysis pipeline; the ingest one if loaded.
    Returns how many terms were applied."""
    return sync(ws, pipelines, load=True, force=True)
