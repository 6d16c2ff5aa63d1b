"""Whether a mention is negated, hypothetical or in a line of actions: the voice missing, or planned rather than heard."""
from __future__ import annotations

import re

from nlp.voice.words import EMBEDDING_NEGATION, NEGATED_KNOWING, NO_WHAT, WH_WORDS
from nlp.voice.view import _Ctx, _sent_start


def _negated_before(ctx: _Ctx, i: int, window: int = 24) -> bool:
    """An embedding negation before token i in its sentence: the voice is missing ("nothing
    he said", "the records do not tell us ... how he feels", "but not what he enjoys")."""
    lo = max(_sent_start(ctx, i), i - window)
    words = ctx.lower[lo:i]
    if i > lo and ctx.lower[i - 1] in WH_WORDS and any(
            w in ("not", "n't", "no", "never", "nor", "little") for w in ctx.lower[max(lo, i - 10):i]):
        return True
    for a, w in enumerate(words):
        nxt = words[a + 1] if a + 1 < len(words) else ""
        nxt2 = words[a + 2] if a + 2 < len(words) else ""
        if w in EMBEDDING_NEGATION:
            return True
        if w == "no" and nxt in NO_WHAT:
            return True
        if w in ("not", "n't", "never") and (nxt in NEGATED_KNOWING or nxt2 in NEGATED_KNOWING):
            return True
    return False


def _hypothetical_before(ctx: _Ctx, i: int, window: int = 5) -> bool:
    lo = max(_sent_start(ctx, i), i - window)
    return _directive(ctx, i) or any(w in ("whether", "if", "should", "ensure", "expected", "expect", "expects")
                                     for w in ctx.lower[lo:i])


DIRECTIVE_RE = re.compile(r"(?i)^\W*(?:actions?(?:\s+(?:required|agreed|needed))?|recommendations?|next\s+steps|"
                          r"action\s+plan|to\s+do|what\s+needs\s+to\s+happen)\s*[:\-–]")


def _directive(ctx: _Ctx, i: int) -> bool:
    """A line of actions or recommendations ("Actions: see Tyler alone ..."): plans, not facts."""
    text = ctx.text
    start = text.rfind("\n", 0, ctx.toks[i].idx) + 1
    return DIRECTIVE_RE.match(text, start) is not None and ctx.toks[i].idx - start < 2000
