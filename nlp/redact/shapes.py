"""Name shapes the fourth hand-written check set showed (issue 12, round 4,
eval/data/redaction_fresh3.jsonl): a family named in the plural ("the Olowes were ..."), a
nickname in quotes inside a full name ("Jermaine 'JJ' Clarke-Wright"), a lower-case name in
brackets after a family or role word ("dad (craig)"), the other half of a hyphenated name one
half of which was found ("TM Owusu-[Ansah]"), and a listed first name that is no word opening a
verbless note ("Jaxon in his cot.")."""
from __future__ import annotations

import re

from spacy.tokens import Token

from nlp.names import listed_first as _listed_first

from .context import _starts_sentence
from .patterns import Names
from .propagate import _is_place, _listed_last
from .words import KIN, KIN_TITLES, NOT_NAMES, ROLE_WORDS, WORD_NAMES, _common_word, _function_word, _zipf, not_a_name

_PLURAL_FAMILY_AFTER = frozenset("""
were are have had said say told tell attended attend did do was want wanted asked ask agreed agree
refused declined moved live lived , ' ’ and
""".split())
_PLURAL_FAMILY_BEFORE = frozenset("with by to from for visited saw joined".split())
_CLAUSE_END = frozenset(". ; ! ? )".split())
_QUOTES = ("'", "‘", "’", '"', "“", "”")
_HYPHENATED = re.compile(r"(?<![\w'’-])([A-Z][a-z'’]+)-([A-Z][a-z'’]+)(?![\w-])")
_NOTE_PREPOSITIONS = frozenset("in on at with asleep".split())


def _listed_any(word: str) -> bool:
    from nlp.names import gazetteer, key
    first, last = gazetteer()
    return key(word) in first or key(word) in last


def _free_tok(tok: Token, free) -> bool:
    return free(tok.idx, tok.idx + len(tok))


def _plural_family(toks: list[Token], names: Names, free) -> None:
    """"The Olowes were not told", "the Mortimers, the foster carers": "the", a capitalised
    plural whose singular is a listed surname or no English word, then a person's verb or a
    comma; never a listed place or a protected word ("the Samaritans" is a word)."""
    for i in range(1, len(toks) - 1):
        tok, nxt = toks[i], toks[i + 1]
        t = tok.text
        if toks[i - 1].lower_ != "the" or not tok.is_alpha or not t[:1].isupper() or t.isupper() or len(t) < 4:
            continue
        # "placed with the Penroses.": after "with/by/to the", the end of a clause will do
        closing = nxt.text in _CLAUSE_END and i >= 2 and toks[i - 2].lower_ in _PLURAL_FAMILY_BEFORE
        if not t.endswith("s") or not (nxt.lower_ in _PLURAL_FAMILY_AFTER or closing) or not _free_tok(tok, free):
            continue
        stems = [t[:-1]] + ([t[:-2]] if t.endswith("es") else [])
        if any(not_a_name(s) or _is_place(s) or _function_word(s) for s in stems) or not_a_name(t) or _is_place(t):
            continue
        if any(_listed_last(s) or not _common_word(s) for s in stems) and not _common_word(t):
            names.add(t, "family-plural")


def _quoted_nickname(toks: list[Token], names: Names, free) -> None:
    """"Jermaine 'JJ' Clarke-Wright": a short word in quotes between a name found and a
    capitalised word is a nickname."""
    for i in range(1, len(toks) - 3):
        q1, nick, q2, after = toks[i], toks[i + 1], toks[i + 2], toks[i + 3]
        if q1.text not in _QUOTES or q2.text not in _QUOTES or not nick.is_alpha or not nick.text[:1].isupper():
            continue
        before = toks[i - 1].text
        if (before in names and after.text[:1].isupper() and len(nick) <= 12
                and not not_a_name(nick.text) and _free_tok(nick, free)):
            names.add(nick.text, "quoted-nickname")


def _bracketed_lower(toks: list[Token], names: Names, free) -> None:
    """"dad (craig) brought snacks": one lower-case word in brackets after a family or role
    word is the person's name (the capitalised form is `role-bracket` in cues)."""
    for i in range(1, len(toks) - 2):
        prev, op, word, cl = toks[i - 1], toks[i], toks[i + 1], toks[i + 2]
        if op.text != "(" or cl.text != ")" or not word.is_alpha or not word.is_lower or len(word) < 3:
            continue
        if prev.lower_ not in KIN and prev.lower_ not in ROLE_WORDS and prev.text not in KIN_TITLES:
            continue
        cap = word.text.capitalize()
        if not_a_name(cap) or _function_word(cap) or _zipf(word.text) >= 4.5 or not _free_tok(word, free):
            continue
        if not _listed_first(cap) and _zipf(word.text) >= 2.5:
            continue  # "dad (estranged)"
        names.add(word.text, "role-bracket")


def _hyphen_halves(text: str, names: Names, free) -> None:
    """"TM Owusu-Ansah" where only "Ansah" was found: both halves of a hyphenated capitalised
    pair go when one is a name (a protected word, "Multi-Agency", stops it), or when both are
    listed names and no words."""
    for m in _HYPHENATED.finditer(text):
        a, b = m[1], m[2]
        if not free(m.start(), m.end()) or (a in names and b in names):
            continue
        if a not in names and b not in names:
            # "by TM Asamoah-Gyimah" (NER's organisation): both halves listed names and no words
            if all(_listed_any(w) and not _common_word(w) and not _is_place(w) and not not_a_name(w) for w in (a, b)) \
                    and not _is_place(m[0]):
                names.add(a, "hyphenated-name")
                names.add(b, "hyphenated-name")
            continue
        other, start, end = (b, m.start(2), m.end(2)) if a in names else (a, m.start(1), m.end(1))
        if not not_a_name(other) and not _function_word(other) and free(start, end):
            names.add(other, names[a if a in names else b] + "/part")


def _note_start(toks: list[Token], names: Names, free) -> None:
    """"Jaxon in his cot.": a listed first name that is no English word and no place, opening
    a sentence, before "in/on/at/with" and "his/her/their/the/a"."""
    for i in range(len(toks) - 2):
        tok = toks[i]
        t = tok.text
        if not tok.is_alpha or not t[:1].isupper() or t.isupper() or t in names or not _starts_sentence(tok):
            continue
        if toks[i + 1].lower_ not in _NOTE_PREPOSITIONS or toks[i + 2].lower_ not in ("his", "her", "their", "the", "a"):
            continue
        if (_listed_first(t) and (t in WORD_NAMES or _zipf(t) < 3.0) and t not in NOT_NAMES
                and not _is_place(t) and _free_tok(tok, free)):
            names.add(t, "note-start")


def _shape_names(text: str, toks: list[Token], names: Names, free) -> None:
    _plural_family(toks, names, free)
    _bracketed_lower(toks, names, free)
    _note_start(toks, names, free)
    _quoted_nickname(toks, names, free)
    _hyphen_halves(text, names, free)
