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

from assistant.packs.store import ANSWERS, FINDING_LEVEL, MARK_KINDS, MAX_AMBASSADORS, MAX_COMMENT, MAX_MARKS, MAX_MARK_CHARS, MAX_MARK_COMMENT, MAX_NAME, MAX_NARRATIVES, MAX_USERNAME, MAX_WORDING, PACK_SCHEMA, QUESTIONS, connect_reviews, previous_month
from assistant.packs.choose import create_pack
from assistant.packs.read import all_packs, can_view, pack, packs_for, reanchor_marks, review_view
from assistant.packs.answer import save_review, submit
from assistant.packs.results import pack_results

__all__ = ["ANSWERS", "FINDING_LEVEL", "MARK_KINDS", "MAX_AMBASSADORS", "MAX_COMMENT", "MAX_MARKS", "MAX_MARK_CHARS", "MAX_MARK_COMMENT", "MAX_NAME", "MAX_NARRATIVES", "MAX_USERNAME", "MAX_WORDING", "PACK_SCHEMA", "QUESTIONS", "all_packs", "can_view", "connect_reviews", "create_pack", "pack", "pack_results", "packs_for", "previous_month", "reanchor_marks", "review_view", "save_review", "submit"]
