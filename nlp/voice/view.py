"""The parts of one doc's view for the child's-voice rules: tokens, sentences, paragraphs, a child's gender, quoted spans."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from nlp.voice.words import _QUOTE_RE



@dataclass
class _Ctx:
    doc: Doc
    lower: list[str]
    sent: list[int]            # sentence number per token
    paragraph: list[int]       # paragraph number per token
    names: dict[int, str]      # token -> CHILD | ADULT
    quoted: frozenset = frozenset()  # tokens inside quotation marks
    name_gender: dict = None   # a child's name -> "m" | "f", from the pronouns that follow it
    text: str = ""             # doc.text (spaCy builds it anew on each access)
    toks: list = None          # list(doc): doc[i] builds a new Token object on each access


def _sentences(doc: Doc, toks: list[Token]) -> list[int]:
    """Sentence numbers; a line break or ';' also ends one; "[NAME]" is never split."""
    has_sents = doc.has_annotation("SENT_START")
    ids, current = [], 0
    for t in toks:
        if t.i > 0:
            prev = toks[t.i - 1]
            new = (has_sents and t.is_sent_start and prev.text != "[" and t.text not in ("]", "NAME"))
            if new or (prev.is_space and "\n" in prev.text) or prev.text == ";" or "\n" in prev.whitespace_:
                current += 1
        ids.append(current)
    return ids


def _paragraphs(toks: list[Token]) -> list[int]:
    ids, current = [], 0
    for t in toks:
        ids.append(current)
        if t.is_space and t.text.replace("\r", "").count("\n") >= 2:
            current += 1
    return ids


_GENDERED_CHILD = {"boy": "m", "son": "m", "brother": "m", "girl": "f", "daughter": "f", "sister": "f"}


def _child_gender(ctx: _Ctx, k: int) -> str | None:
    """"m", "f" or None for a child mention: boy / girl, or a name's pronouns."""
    if ctx.lower[k] in _GENDERED_CHILD:
        return _GENDERED_CHILD[ctx.lower[k]]
    if k in ctx.names and ctx.name_gender:
        return ctx.name_gender.get(ctx.toks[k].text)
    return None


def _quoted(doc: Doc, text: str) -> frozenset:
    """Tokens inside quotation marks. `text`: doc.text (built anew on each access)."""
    inside: set[int] = set()
    for m in _QUOTE_RE.finditer(text):
        span = doc.char_span(m.start() + 1, m.end() - 1, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return frozenset(inside)


def _sent_start(ctx: _Ctx, i: int) -> int:
    k = i
    while k > 0 and ctx.sent[k - 1] == ctx.sent[i]:
        k -= 1
    return k
