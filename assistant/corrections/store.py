"""Corrections as data: a QA officer's change of a finding's labels, kept in the reviews
database (`<data_dir>/reviews.db`, or $GOLDENTHREAD_REVIEWS_DB) and applied to the stored
finding at once (index/relabel.py), in one step: the row is written in a write transaction
that commits only once the store has the new labels.

Each row says who, when, the model version that made the label being replaced, the old and
new labels, the finding (its id when corrected, its narrative and position: an id carries
the narrative's version, which a correction changes), the redacted reason and the finding's
text as stored (already redacted). The latest correction of a finding wins.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from assistant import lexicon_queue
from index.relabel import relabel
from index.search import fundamental_key
from nlp.taxonomy import CHILD_VOICE, FUNDAMENTALS, STANCES

MAX_REASON = 1000
MAX_FUNDAMENTALS = 3
VERDICTS = ("right", "wrong")
SCHEMA = [
    """CREATE TABLE IF NOT EXISTS corrections (
        id INTEGER PRIMARY KEY,
        finding_id TEXT NOT NULL,
        new_finding_id TEXT,
        narrative_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        audit_month TEXT,
        user TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        model_version TEXT,
        old_fundamentals TEXT NOT NULL,
        new_fundamentals TEXT NOT NULL,
        old_stance TEXT,
        new_stance TEXT,
        old_child_voice TEXT,
        new_child_voice TEXT,
        voice_verdict TEXT CHECK (voice_verdict IS NULL OR voice_verdict IN ('right', 'wrong')),
        reason TEXT,
        text TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS corrections_by_finding ON corrections(narrative_id, position, id)",
    "CREATE INDEX IF NOT EXISTS corrections_by_time ON corrections(created_at)",
]
_READY: set[str] = set()


class CorrectionError(ValueError):
    """A correction that cannot be saved; the message is safe to show (no text echoed)."""


def connect(ws, write: bool = False):
    """A transaction on reviews.db with the corrections table made on first use."""
    from contextlib import contextmanager

    @contextmanager
    def run():
        with lexicon_queue.connect(ws, write=write) as conn:
            path = conn.execute("PRAGMA database_list").fetchone()[2]
            if path not in _READY:
                for statement in SCHEMA:
                    conn.execute(statement)
                _READY.add(path)
            yield conn
    return run()


@lru_cache(maxsize=8)
def _file_version(path: str, mtime: float) -> str:
    from nlp.classify.data import sha256_file

    return "sha256:" + sha256_file(path)[:12]


def model_version(data_dir: Path | None = None) -> str:
    """The classifier that labels findings now: the data folder's council model when one is
    current (its version, from `models/current`), else the packaged one: its own version when
    its card names one, else the start of its file's sha256."""
    from nlp.classify import council
    from nlp.classify.model import DEFAULT_MODEL

    try:
        found = council.pointer(data_dir)
    except ValueError:
        found = None
    if found:
        return f"council:{found['version']}"

    card = DEFAULT_MODEL.with_suffix(".json")
    try:
        version = json.loads(card.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        version = None
    if version:
        return str(version)
    try:
        return _file_version(str(DEFAULT_MODEL), DEFAULT_MODEL.stat().st_mtime)
    except OSError:
        return "unknown"


def check(fundamentals, stance, voice_verdict, reason) -> tuple[list[str], str, str | None, str | None]:
    """The new labels as the taxonomy spells them, or CorrectionError."""
    if not isinstance(fundamentals, (list, tuple)) or not all(isinstance(f, str) for f in fundamentals):
        raise CorrectionError("fundamentals: a list of practice fundamental ids")
    funds = list(dict.fromkeys(f.strip() for f in fundamentals if f.strip()))
    if unknown := [f for f in funds if f not in FUNDAMENTALS]:
        raise CorrectionError(f"fundamentals: {len(unknown)} not in the taxonomy (GET /themes lists them)")
    if len(funds) > MAX_FUNDAMENTALS:
        raise CorrectionError(f"fundamentals: at most {MAX_FUNDAMENTALS} per finding (the taxonomy's rule)")
    if stance not in STANCES:
        raise CorrectionError(f"stance: one of {', '.join(STANCES)}")
    if voice_verdict in ("", None):
        voice_verdict = None
    elif voice_verdict not in VERDICTS:
        raise CorrectionError("voice_verdict: right, wrong or empty")
    if reason is not None and not isinstance(reason, str):
        raise CorrectionError("reason: text")
    reason = (reason or "").strip() or None
    if reason and len(reason) > MAX_REASON:
        raise CorrectionError(f"reason: at most {MAX_REASON} characters")
    return sorted(funds, key=list(FUNDAMENTALS).index), stance, voice_verdict, reason


def corrected_voice(label: str | None, verdict: str | None) -> str | None:
    """The child's-voice label a verdict implies: 'right' keeps it; 'wrong' turns 'present'
    into 'absent' and 'absent' into 'present'; otherwise not known."""
    if verdict == "right":
        return label if label in CHILD_VOICE else None
    if verdict == "wrong":
        return {"present": "absent", "absent": "present"}.get(label or "")
    return None


def _finding(ws, finding_id: str) -> dict:
    frame = ws.store.columns().frame
    rows = frame[frame["id"] == finding_id]
    if not len(rows):
        raise LookupError("no live finding with that id (it may have been corrected or re-ingested: reload)")
    row = rows.iloc[0]
    meta = json.loads(row["meta"])
    return {"id": finding_id, "text": row["text"], "meta": meta}


def save(ws, finding_id: str, user, fundamentals, stance, voice_verdict=None, reason=None) -> dict:
    """Record one correction and change the stored finding's labels at once. Returns the
    correction row (with `new_finding_id`, the finding's id from now on)."""
    from assistant.chat import redact_text

    funds, stance, verdict, reason = check(fundamentals, stance, voice_verdict, reason)
    if not isinstance(finding_id, str) or not finding_id:
        raise CorrectionError("finding_id: the id of a finding (from search results or a narrative)")
    found = _finding(ws, finding_id)
    meta = found["meta"]
    reason = redact_text(ws, reason) if reason else None  # typed text is redacted before it is kept
    old_funds = [f for f in (meta.get("fundamentals") or "").split(",") if f]
    update: dict = {fundamental_key(f): None for f in old_funds}
    update.update({fundamental_key(f): True for f in funds})
    update.update(fundamentals=",".join(funds), stance=stance, stance_score=1.0, labels_source="human")
    voice = corrected_voice(meta.get("child_voice"), verdict)
    if voice:
        update["child_voice"] = voice
    row = {"finding_id": finding_id, "narrative_id": meta["narrative_id"], "position": int(meta["position"]),
           "audit_month": (meta.get("date") or "")[:7] or None, "user": user.username, "role": user.role,
           "created_at": lexicon_queue.now(), "model_version": model_version(ws.data_dir),
           "old_fundamentals": json.dumps(old_funds), "new_fundamentals": json.dumps(funds),
           "old_stance": meta.get("stance"), "new_stance": stance, "old_child_voice": meta.get("child_voice"),
           "new_child_voice": voice, "voice_verdict": verdict, "reason": reason, "text": found["text"]}
    with connect(ws, write=True) as conn:
        cur = conn.execute(f"INSERT INTO corrections ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                           list(row.values()))
        row["id"] = cur.lastrowid
        try:
            renamed = relabel(ws.store, {finding_id: update})
        except ValueError as error:  # replaced since it was shown: nothing kept
            raise LookupError(str(error)) from None
        row["new_finding_id"] = renamed.get(finding_id, finding_id)
        conn.execute("UPDATE corrections SET new_finding_id = ? WHERE id = ?", (row["new_finding_id"], row["id"]))
    return as_json(row)


def as_json(row) -> dict:
    out = dict(row)
    for key in ("old_fundamentals", "new_fundamentals"):
        out[key] = json.loads(out[key]) if isinstance(out[key], str) else out[key]
    return out


def all_corrections(ws, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Newest first."""
    with connect(ws) as conn:
        rows = conn.execute("SELECT * FROM corrections ORDER BY id DESC LIMIT ? OFFSET ?",
                            (limit if limit else -1, offset)).fetchall()
    return [as_json(r) for r in rows]


def latest_per_finding(ws) -> list[dict]:
    """One row per finding (narrative, position): its latest correction, with the labels the
    model first gave it (`model_fundamentals`, `model_stance`: its earliest correction's old)."""
    with connect(ws) as conn:
        rows = [as_json(r) for r in conn.execute("SELECT * FROM corrections ORDER BY id").fetchall()]
    out: dict[tuple, dict] = {}
    for r in rows:
        key = (r["narrative_id"], r["position"])
        first = out.get(key)
        r["model_fundamentals"] = first["model_fundamentals"] if first else r["old_fundamentals"]
        r["model_stance"] = first["model_stance"] if first else r["old_stance"]
        if first and r["new_child_voice"] is None:  # a later correction that did not judge the voice keeps the earlier one
            r["new_child_voice"], r["voice_verdict"] = first["new_child_voice"], first["voice_verdict"]
        out[key] = r
    return list(out.values())


def corrected_keys(ws) -> set[tuple[str, int]]:
    with connect(ws) as conn:
        return {(r[0], int(r[1])) for r in conn.execute("SELECT DISTINCT narrative_id, position FROM corrections")}


def export_training_rows(data_dir: Path) -> list[dict]:
    """The corrections as training rows in the taxonomy format the trainer reads
    (nlp/classify/files.py): id, text (redacted, as stored), fundamentals, stance,
    child_voice where known, and `source` = the narrative id (grouped cross-validation keeps
    a corrected narrative on one side). The latest correction of each finding wins."""
    from assistant.service import Workspace

    ws = Workspace(Path(data_dir))
    rows = []
    for r in sorted(latest_per_finding(ws), key=lambda r: (r["narrative_id"], r["position"])):
        row = {"id": f"correction-{r['id']}", "source": r["narrative_id"], "text": r["text"],
               "fundamentals": r["new_fundamentals"], "stance": r["new_stance"]}
        if r["new_child_voice"]:
            row["child_voice"] = r["new_child_voice"]
        rows.append(row)
    return rows
