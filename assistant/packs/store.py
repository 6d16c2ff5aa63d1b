"""Review packs' storage: limits, the reviews.db schema and connection, and the small checks every write shares."""
from __future__ import annotations

from datetime import date, timedelta

from assistant import lexicon_queue, service


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
