"""Person frames the sixth hand-written check set showed (issue 12, round 6,
eval/data/redaction_fresh6.jsonl): a listed first name that is also a place, a month or a word
opening a sentence before a person's verb ("Chelsea has been going missing", "April missed"),
after an opening "For" ("For Sydney, the plan"), before "'s" and a family or role word ("April's
mother"), a full name before ", known as" ("Mohammed, known as Mo"), and lower-case names in
informal notes after a family word, a verb of speech or contact, or "from" ("baby lily",
"says frankie", "txt from shannon"). Where the signal is unsure it redacts: places and
organisations survive by their own frames and the protected list."""
from __future__ import annotations

import re

from spacy.tokens import Token

from nlp.names import listed_first as _listed_first

from .context import _starts_sentence
from .patterns import Names
from .propagate import _is_place
from .words import (ACTION_VERBS, KIN, MONTHS, NOT_NAMES, PERSON_VERBS, ROLE_WORDS, WORD_NAMES, _function_word, _zipf,
                    not_a_name)

# "May was a hard month": a month opening a sentence needs more than a verb to be.
_WEAK_VERBS = frozenset("is was has had would could remains remained seems seemed appears appeared continues "
                        "continued became".split())
_POSSESSED = KIN | ROLE_WORDS | frozenset("""
school nursery wishes feelings views voice behaviour needs placement bedroom room phone plan case file health
attendance care safety friends friend teacher
""".split())
_LOWER_BEFORE = frozenset("says said told tells from with rang called texted text txt met saw visited seen "
                          "asked emailed".split())
_WORD_ENDINGS = re.compile(r"(?:ed|ing|ly|y|ic|ous|ful|less|ish|ness|ment|able|ible|ive)$")  # "baby colicky"
_ALIAS_AFTER = re.compile(r"\s*,?\s*(?:\(\s*)?(?:known\s+as|who\s+prefers|aka|called|nicknamed)\b", re.I)


def _name_like(t: str) -> bool:
    """A capitalised listed first name that may be a word, a place or a month, not a domain word."""
    return (len(t) > 2 and t[:1].isupper() and not t.isupper() and t.isalpha() and _listed_first(t)
            and not not_a_name(t) and not _function_word(t)
            and (_zipf(t) < 5.0 or t in WORD_NAMES or t in MONTHS))


def _free(tok: Token, free) -> bool:
    return free(tok.idx, tok.idx + len(tok))


def _opening(toks: list[Token], names: Names, free) -> None:
    """"Chelsea has been going missing", "April missed three appointments": a listed first name
    opening a sentence before a person's verb (a month only before more than "is/was/has")."""
    for i in range(len(toks) - 1):
        tok, nxt = toks[i], toks[i + 1]
        if tok.text in names or not _starts_sentence(tok) or not _name_like(tok.text):
            continue
        verb = nxt.lower_
        if verb not in PERSON_VERBS and verb not in ACTION_VERBS:
            continue
        if tok.text in MONTHS and verb in _WEAK_VERBS:
            continue
        if _free(tok, free):
            names.add(tok.text, "opening-name")


def _for_opening(toks: list[Token], names: Names, free) -> None:
    """"For Sydney, the plan ...": a listed first name after a sentence's opening "For"."""
    for i in range(len(toks) - 2):
        tok, cand, nxt = toks[i], toks[i + 1], toks[i + 2]
        if tok.text != "For" or not _starts_sentence(tok) or cand.text in names or not _name_like(cand.text):
            continue
        if cand.text in MONTHS or (_is_place(cand.text) and nxt.text != ","):
            continue
        if (nxt.text == "," or nxt.lower_ in ("the", "and", "it", "this", "there")) and _free(cand, free):
            names.add(cand.text, "for-name")


def _possessive_person(toks: list[Token], names: Names, free) -> None:
    """"for April's mother", "Paris's school": a listed first name before "'s" and a family or
    role word, or a child's own things."""
    for i in range(len(toks) - 2):
        tok, pos, nxt = toks[i], toks[i + 1], toks[i + 2]
        if pos.text not in ("'s", "’s") or tok.text in names or not _name_like(tok.text):
            continue
        if nxt.lower_ in _POSSESSED and _free(tok, free):
            names.add(tok.text, "possessive-person")


def _before_alias(text: str, toks: list[Token], names: Names, free) -> None:
    """"Mohammed, known as Mo": the capitalised words before ", known as" or ", who prefers"."""
    for i, tok in enumerate(toks):
        if not tok.is_alpha or not tok.text[:1].isupper() or tok.text in names or not_a_name(tok.text):
            continue
        if i + 1 < len(toks) and toks[i + 1].is_alpha and toks[i + 1].text[:1].isupper():
            continue  # the run's last word decides
        if not _ALIAS_AFTER.match(text, tok.idx + len(tok)):
            continue
        j = i
        while j >= 0 and toks[j].is_alpha and toks[j].text[:1].isupper() and not not_a_name(toks[j].text) \
                and not _function_word(toks[j].text) and i - j < 4:
            if _free(toks[j], free):
                names.add(toks[j].text, "alias-before")
            j -= 1


def _lower_in_notes(toks: list[Token], names: Names, free) -> None:
    """"seen baby lily", "spoke to grandad des", "says frankie back at hers", "txt from shannon",
    "at jordans": a lower-case listed first name (short of the commonest words) after a family
    word, or in a note written in lower case after a verb of speech or contact or "from"; a listed
    name with a bare "s" after "at"."""
    for i in range(1, len(toks)):
        tok, prev = toks[i], toks[i - 1]
        t = tok.text
        if not tok.is_lower or not tok.is_alpha or len(t) < 3 or t in names or not prev.is_lower:
            continue
        if t in KIN or t in ROLE_WORDS or t.capitalize() in NOT_NAMES or _function_word(t) or not _free(tok, free):
            continue
        if prev.lower_ == "at" and t.endswith("s") and _listed_first(t[:-1]) and t[:-1] not in KIN \
                and _zipf(t) < 3.0 and _zipf(t[:-1]) < 4.6:
            names.add(t, "lower-case-name")  # "at jordans": Jordan's house
            continue
        if prev.lower_ in KIN and not _listed_first(t) and _zipf(t) < 2.0 and not _WORD_ENDINGS.search(t):
            names.add(t, "lower-case-name")  # "baby nyla": no listed name, and no word either
            continue
        if not _listed_first(t):
            continue
        if prev.lower_ in KIN and _zipf(t) < 4.5:
            names.add(t, "lower-case-name")
        elif prev.lower_ in _LOWER_BEFORE and _zipf(t) < 4.1 and _lower_note(tok):
            names.add(t, "lower-case-name")  # not "recommendations from dip samples"


_FROM_NOUNS = frozenset("statement report call message letter email e-mail text txt visit referral disclosure "
                        "complaint account note voicemail".split())
_TOLD_AFTER = frozenset("me us that the her him them".split())
_NOT_INITIALS = frozenset("SW TM SM DT PC DC DS DSL GP HV IRO PA YOT YOS CSC LA".split())


def _statement_from(toks: list[Token], names: Names, free) -> None:
    """"a statement from Pryce", "a call from Adeyemi Okoro": a listed name or no common word, no place, after a
    report's noun and "from" (an organisation is kept by the protected list)."""
    for i in range(2, len(toks)):
        if toks[i - 1].lower_ != "from" or toks[i - 2].lower_ not in _FROM_NOUNS:
            continue
        run = []
        for tok in toks[i:i + 3]:
            if not tok.is_alpha or not tok.text[:1].isupper() or tok.text.isupper():
                break
            run.append(tok)
        if not run or any(not_a_name(t.text) or _function_word(t.text) or _is_place(t.text) for t in run):
            continue
        if not any(_listed_any(t.text) or _zipf(t.text) < 3.0 for t in run):
            continue
        for t in run:
            if _free(t, free):
                names.add(t.text, "statement-from")


def _initials_told(toks: list[Token], names: Names, free) -> None:
    """"PM told me that ...": two capitals opening a sentence before "told/said/asked" and a
    person or "that" are a person's initials (a role's acronym, "SW told me", is not)."""
    for i in range(len(toks) - 2):
        tok = toks[i]
        if len(tok.text) != 2 or not tok.text.isupper() or not tok.is_alpha or tok.text in _NOT_INITIALS:
            continue
        if tok.lower_ in ROLE_WORDS or not _starts_sentence(tok) or tok.text in names:
            continue
        if toks[i + 1].lower_ in ("told", "said", "asked", "tells", "says") and toks[i + 2].lower_ in _TOLD_AFTER \
                and _free(tok, free):
            names.add(tok.text, "initials")


def _listed_any(word: str) -> bool:
    from nlp.names import gazetteer, key
    first, last = gazetteer()
    return key(word) in first or key(word) in last


def _lower_note(tok: Token) -> bool:
    """A note written in lower case: its sentence opens with a lower-case word."""
    first = tok.sent[0] if tok.doc.has_annotation("SENT_START") else tok.doc[0]
    while first.i < tok.i and not first.is_alpha:
        first = tok.doc[first.i + 1]
    return first.is_lower


def _frame_names(text: str, toks: list[Token], names: Names, free) -> None:
    _opening(toks, names, free)
    _for_opening(toks, names, free)
    _possessive_person(toks, names, free)
    _before_alias(text, toks, names, free)
    _lower_in_notes(toks, names, free)
    _statement_from(toks, names, free)
    _initials_told(toks, names, free)
