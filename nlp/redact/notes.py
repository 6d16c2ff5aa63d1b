"""Short names and names in lower-case notes (issue 12, round 8).

Why: eval/data/redaction_dev3.jsonl (names drawn from Faker's lists) kept letting through two
kinds that no context rule reached. Two-letter first names ("Na", "Jo", "Ty"): English has
two-letter words, but capitalised mid-sentence, listed as a first name and not a frequent word,
one is a name. And a lower-case name between a verb of contact and "back" in a note ("rang jim
back", "phoned na back"): the slot holds a person (or "mum", a family or role word, which stays).
A form's field after a family or role word ("Mother: Dalaja Doctor", "Child | Kofi Mensah"): the
value is a person's name, whatever its words ("Doctor" there is a surname). A capitalised word
with an apostrophe inside that English does not use ("Sa’adatu", "Ma'ruf") is a name.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from nlp.names import listed_first as _listed_first

from .context import _starts_sentence
from .words import KIN, ROLE_WORDS, TITLES, _function_word, _zipf, not_a_name

# Two-letter words that are capitalised mid-sentence for other reasons: interjections, family
# words, abbreviations.
_TWO_LETTER_WORDS = frozenset("Hi Ha Yo Ya Ma Pa Oh Ok OK Mr Ms Dr St Mt No Nr Re Rd Co Vs Am Pm".split())
_CONTACT = frozenset("rang ring rings phoned phone phones called call calls texted text texts emailed messaged".split())


def _note_names(toks: list[Token], names, free) -> None:
    """`two-letter-name` and `lower-case-name` (see the module's docstring)."""
    _field_names(toks, names, free)
    n = len(toks)
    for i, tok in enumerate(toks):
        t = tok.text
        if (len(t) == 2 and tok.is_alpha and t[0].isupper() and t[1].islower() and t not in names
                and t not in _TWO_LETTER_WORDS and t not in TITLES and not not_a_name(t) and not _function_word(t)
                and not _starts_sentence(tok) and _listed_first(t) and _zipf(t) < 5.0
                and free(tok.idx, tok.idx + 2)):
            names.add(t, "two-letter-name")
        # "rang jim back", "phoned na back"
        if (tok.lower_ in _CONTACT and i + 2 < n and toks[i + 2].lower_ == "back" and toks[i + 1].is_lower
                and toks[i + 1].is_alpha and len(toks[i + 1]) >= 2):
            w = toks[i + 1]
            if (w.text not in KIN and w.text not in ROLE_WORDS and not _function_word(w.text) and _listed_first(w.text)
                    and free(w.idx, w.idx + len(w))):
                names.add(w.text, "lower-case-name")


_FIELD_MARKS = frozenset(": | - –".split())
_APOSTROPHE_NAME = re.compile(r"[A-Z][a-z]+['’][a-z]+")  # "Ndung'u": one letter after it too (round 10)
_CONTRACTIONS = re.compile(r".*['’](?:s|t|n|ll|re|ve|d|m|am)$", re.I)  # "Don't", "Ma'am"


def _field_names(toks: list[Token], names, free) -> None:
    """`field-value` and `apostrophe-name` (see the module's docstring)."""
    from nlp.names import is_name

    from .unlisted import RARE_ZIPF
    for i, tok in enumerate(toks[:-2]):
        if not (tok.lower_ in KIN or tok.lower_ in ROLE_WORDS or tok.lower_ == "child") or toks[i + 1].text not in _FIELD_MARKS:
            continue
        run = []
        for t in toks[i + 2:i + 5]:
            if not (t.is_alpha and t.text[:1].isupper() and not t.text.isupper()):
                break
            run.append(t)
        if not run or _function_word(run[0].text) or not_a_name(run[0].text):
            continue
        if not (is_name(run[0].text) or _zipf(run[0].text) < RARE_ZIPF):
            continue
        if all(free(t.idx, t.idx + len(t)) for t in run):
            for t in run:
                names.add(t.text, "field-value")
    for tok in toks:
        t = tok.text
        if (_APOSTROPHE_NAME.fullmatch(t) and not _CONTRACTIONS.fullmatch(t) and _zipf(t) < RARE_ZIPF
                and t not in names and free(tok.idx, tok.idx + len(t))):
            names.add(t, "apostrophe-name")
