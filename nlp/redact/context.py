"""Where a token stands: sentence and list starts, a person's verb after it, a run of
capitalised words."""
from __future__ import annotations

import re

from spacy.tokens import Token

from .words import SPEECH_VERBS

_LIST_MARKER_RE = re.compile(
    r"[\s\xa0]*(?:[(\[]?(?:\d{1,2}(?:\.\d{1,2})*|[a-zA-Z]|[ivxIVX]{1,4})[.):\]]|[-•*–·▪o])?[\s\xa0]*")


_ADVERBS = frozenset("now still also then later recently initially often sometimes never always clearly "
                     "repeatedly consistently previously currently already".split())
_ADVERBS_OR_NOT = _ADVERBS | {"not", "been", "n't"}
_AUXILIARIES = frozenset("has had was is hasn't wasn't isn't".split())
_PARTICIPLES = frozenset("said told shared explained disclosed described expressed asked seen spoken "
                         "visited placed moved referred living staying attending returned".split())


def _capitalised_run(toks: list[Token], i: int, limit: int = 4) -> tuple[list, int]:
    """The capitalised words from token i on ("Daisy", "Mae", "Thornton" in "Daisy-Mae Thornton"),
    and the index of the token after them."""
    run = []
    while i < len(toks) and len(run) < limit:
        token = toks[i]
        if token.is_alpha and token.text[:1].isupper() and len(token) > 1:
            run.append(token)
            i += 1
        elif (token.text in ("-", "‐") and run and toks[i - 1].whitespace_ == "" and token.whitespace_ == ""
              and i + 1 < len(toks) and toks[i + 1].text[:1].isupper()):
            i += 1
        else:
            break
    return run, i


def _person_verb_follows(toks: list[Token], i: int) -> bool:
    """"said", "now lives", "has told", "was seen" from token i on: a person is the subject."""
    while i < len(toks) and toks[i].lower_ in _ADVERBS:
        i += 1
    if i >= len(toks):
        return False
    if toks[i].lower_ in SPEECH_VERBS:
        return True
    if toks[i].lower_ in _AUXILIARIES:
        i += 1
        while i < len(toks) and toks[i].lower_ in _ADVERBS_OR_NOT:
            i += 1
        return i < len(toks) and toks[i].lower_ in _PARTICIPLES
    return False


# find_redactions keeps the doc's text here while it runs (doc.text is rebuilt from every
# token on each access), so _line_before can slice it instead of walking tokens back.
TEXT_KEY = "gt_redact_text"


def _line_before(token, most: int = 6) -> str:
    """The text between the last line break (or the start) and token, if it is at most a few
    tokens long ("a) ", "3. ", "• "); otherwise a word, which is no list marker."""
    doc = token.doc
    text = doc.user_data.get(TEXT_KEY)
    if text is not None:  # the same answer as the walk below, from the text find_redactions read
        brk = text.rfind("\n", 0, token.idx)
        if token.i <= most or brk >= doc[token.i - most].idx:
            return text[brk + 1:token.idx]
        return "x"
    parts = []
    for i in range(token.i - 1, max(-1, token.i - 1 - most), -1):
        piece = doc[i].text_with_ws
        if "\n" in piece:
            parts.append(piece[piece.rfind("\n") + 1:])
            return "".join(reversed(parts))
        parts.append(piece)
    return "".join(reversed(parts)) if token.i <= most else "x"


def _starts_sentence(token) -> bool:
    """A sentence start, also after a line break or an opening quote (the sentence recogniser
    gives the break its own token and may start the sentence there)."""
    if token.is_sent_start or token.i == 0:
        return True
    if _LIST_MARKER_RE.fullmatch(_line_before(token)):
        return True  # "a) Delayed recording", "3. Deploy the tool", "• Drift"
    prev = token.doc[token.i - 1]
    return (prev.is_space and "\n" in prev.text) or prev.text in ("'", "‘", '"', "“") and (
        token.i < 2 or token.doc[token.i - 2].is_space or token.doc[token.i - 2].is_sent_start)


