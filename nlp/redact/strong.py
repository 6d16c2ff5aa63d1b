"""Frames strong enough to take a common word for a name (issue 12, round 9).

Why: eval/data/redaction_fresh8.jsonl, written before this round read the rules, let through
names that are words, months or places wherever the only cue was the frame: a predicate only a
person takes ("July has been attending", "Testimony has been excluded", "Carlisle will start at
the new nursery", "X was born on"), an apposition of a family or role word ("Goodness, the
children's grandmother, brought"), the object of asking before a question word ("asked Caspian
what"), "contact with Winter"; and shapes next to a name found: a quoted nickname ("Peregrine 'Pez'
Ashdown"), spaced initials ("S K Dhanjal"), a capital-letter word beside a capital-letter name
("PARENT: SHERELLE [NAME]"), a lower-case name before a passive in a note ("ozzy found at"). Dates
under a "DOB" column of a table are dates of birth. The frames are narrow (each names a person's
predicate or noun) so the common words they admit are few; the protected list still wins (`free`).
Round 10 (eval/data/redaction_dev3.jsonl, dev4): the same predicates after a clause's first word
mid-sentence ("that Georgia had not engaged", "; Victoria declined"), and a word joined by "and"
to a name found before "seen together" or after "between" to a family word.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from nlp.names import listed_first as _listed_first

from .context import _person_verb_follows, _starts_sentence
from .forms import _caps_word, _domain
from .patterns import _DATE, Redaction, _overlaps
from .propagate import _listed_last
from .words import (KIN, MONTHS, NOT_NAMES, ROLE_WORDS, TITLES, WORD_NAMES, _ACRONYMS, _common_word, _function_word, _zipf,
                    not_a_name)

# What only a person is or does, right after a sentence's first word.
_PERSON_PREDICATE = re.compile(
    r"[ \t]+(?:(?:has|had)[ \t]+(?:not[ \t]+|now[ \t]+|also[ \t]+|since[ \t]+)?been[ \t]+"
    r"(?:excluded|suspended|arrested|attending|bullied|adopted|cautioned|charged|going[ \t]+missing)"
    r"|(?:was|is|has[ \t]+been)[ \t]+(?:not[ \t]+)?(?:yet[ \t]+)?(?:born|excluded|suspended|arrested|"
    r"toilet[- ]trained|adopted|bullied|cautioned|charged)"
    r"|(?:will|is[ \t]+due[ \t]+to|is[ \t]+going[ \t]+to)[ \t]+(?:start|begin|attend|move)[ \t]+(?:at[ \t]+|to[ \t]+)?"
    r"(?:the[ \t]+|a[ \t]+|his[ \t]+|her[ \t]+)?(?:new[ \t]+)?(?:nursery|school|college|reception|secondary|primary)"
    r"|went[ \t]+missing|ran[ \t]+away|self-harmed)\b")
# ", the children's grandmother,", ", her aunt,", ", the IRO,": an apposition that names a person's role.
_APPOSITION = re.compile(
    r",[ \t]+(?:(?:the|his|her|their|a|an|our|my)[ \t]+)?(?:[\w-]+['’]s?[ \t]+)?((?:[A-Za-z-]+[ \t]+){0,2}?)"
    r"([A-Za-z-]+)[ \t]*,")
_ORDER = frozenset("eldest youngest oldest middle".split())  # ", the eldest,"
# "Gucci and his brother ...": an opening word joined to a family word is a person.
_AND_KIN = re.compile(r"[ \t]+and[ \t]+(?:his|her|their)[ \t]+(?:" + "|".join(sorted(KIN, key=len, reverse=True))
                      + r")\b")
# "Ms ní Mhurchú", "Mr van Oosten": a title, a lower-case particle, a surname.
_PARTICLE = frozenset("ní nic mac ó o' van von de da di du le la bin binti ibn al el ter ten ap".split())
_ASKING = frozenset("asked ask asks asking told tell tells reminded remind taught showed helped help encouraged "
                    "allowed invited".split())
_QUESTION = frozenset("what how whether if why where when about".split())
_WITH_NOUNS = frozenset("contact time sessions session visits".split())
_QUOTED_NICKNAME = re.compile(
    r"(?<![\w'’-])([A-Z][\w'’-]+)[ \t]+['‘\"“]([A-Z][\w-]+)['’\"”][ \t]+([A-Z][\w'’-]+)")
_PREPOSITIONS = frozenset("in on during since by until after before from of at for to".split())  # "In March, the ..."
_PASSIVE = frozenset("found seen located spotted arrested picked collected".split())
# What only a person does, after a clause's first word (round 10): "that Min had not engaged",
# "; Roman declined the offer", "- Nell poorly", "Supervision: Kit is worried", "Toy built a
# strong relationship with", "decided Min should remain on a plan".
_CLAUSE_PREDICATE = re.compile(
    r"[ \t]+(?:(?:had|has|have|is|was|should|will|would|could|must|did|does|can)[ \t]+"
    r"(?:(?:not|never|now|also|still|yet|always|previously|really)[ \t]+)*"
    r"(?:engaged|disengaged|engage|worried|anxious|tearful|poorly|unwell|refused|declined|disclosed|"
    r"remain[ \t]+on[ \t]+(?:a|the|her|his|their)[ \t]+plan)"
    r"|declined|refused|disengaged|poorly|built[ \t]+a[ \t]+(?:[a-z]+[ \t]+)?relationship)\b")
# Before a clause's subject mid-sentence, no word that makes the next one an object or a modifier.
_NOT_BEFORE_SUBJECT = _PREPOSITIONS | frozenset("the a an with between about into his her their its our my your "
                                                "this these those".split())
_SEEN = frozenset("seen spoken visited interviewed".split())
_DOB_HEADER = re.compile(r"(?i)(?:\bd\.?o\.?b\b\.?|date\s+of\s+birth)")
_DATE_RE = re.compile(_DATE)


def _word_ok(t: str) -> bool:
    """A capitalised word the strong frames may take: no domain word, function word or common
    word, unless a listed first name, a word-name or a month ("July", "Winter")."""
    if not_a_name(t) or _function_word(t) or t in NOT_NAMES:
        return False
    if t.endswith("ly") and not _listed_first(t):
        return False  # "Subsequently, the worker, ..."
    return not _common_word(t) or _listed_first(t) or t in WORD_NAMES or t in MONTHS


def _capitalised(tok: Token) -> bool:
    return tok.is_alpha and len(tok) > 1 and tok.text[:1].isupper() and not tok.text.isupper()


def _strong_frames(text: str, toks: list[Token], names, free) -> None:
    """Each frame of the module's docstring adds its words to `names`."""
    n = len(toks)

    def take(tok: Token, rule: str) -> None:
        if free(tok.idx, tok.idx + len(tok)):
            names.add(tok.text, rule)

    for i, tok in enumerate(toks):
        if not _capitalised(tok) or not _word_ok(tok.text):
            continue
        nxt = toks[i + 1] if i + 1 < n else None
        opening = _starts_sentence(tok) or (i > 0 and toks[i - 1].text == ":")
        if opening and nxt is not None and not nxt.text[:1].isupper() \
                and (_PERSON_PREDICATE.match(text, tok.idx + len(tok)) or _AND_KIN.match(text, tok.idx + len(tok))):
            take(tok, "person-predicate")
        if nxt is not None and not nxt.text[:1].isupper() and _CLAUSE_PREDICATE.match(text, tok.idx + len(tok)):
            prev = toks[i - 1] if i > 0 else None
            if opening or prev.text in (";", "-", "–", ",") or (prev.is_lower and prev.is_alpha
                                                               and prev.lower_ not in _NOT_BEFORE_SUBJECT):
                take(tok, "person-predicate")
        if i + 3 < n and nxt is not None and nxt.lower_ == "and":
            # "Chelsea and Ayo seen together": joined to a name found, before what a person is
            other, after = toks[i + 2], toks[i + 3]
            if other.text in names and (after.lower_ in _SEEN or _person_verb_follows(toks, i + 3)):
                take(tok, "person-predicate")
            # "contact between Victoria and father ...": joined to a family word after "between"
            elif i > 0 and toks[i - 1].lower_ == "between" and (
                    toks[i + 2].lower_ in KIN or (toks[i + 2].lower_ in ("her", "his", "their") and after.lower_ in KIN)):
                take(tok, "and-family")
        if nxt is not None and nxt.text == "," and not (i > 0 and toks[i - 1].lower_ in _PREPOSITIONS):
            m = _APPOSITION.match(text, tok.idx + len(tok))
            if m and (m[2].lower() in KIN or m[2].lower() in ROLE_WORDS or m[2].lower() in _ORDER) and "\n" not in m[0]:
                take(tok, "role-apposition")
        if i > 0 and nxt is not None and not nxt.text[:1].isupper():
            prev = toks[i - 1].lower_
            if prev in _ASKING and nxt.lower_ in _QUESTION:
                take(tok, "asked-what")
            elif prev == "with" and i > 1 and toks[i - 2].lower_ in _WITH_NOUNS:
                take(tok, "contact-with")
    for i in range(len(toks) - 2):
        if toks[i].text.rstrip(".") in TITLES and toks[i + 1].lower_ in _PARTICLE and _capitalised(toks[i + 2]) \
                and not not_a_name(toks[i + 2].text):
            take(toks[i + 2], "title")
    _quoted_nicknames(text, toks, names, free)
    _spaced_initials(toks, names, free)
    _caps_beside(toks, names, free)
    _lower_passive(toks, names, free)


def _quoted_nicknames(text: str, toks: list[Token], names, free) -> None:
    """"Peregrine 'Pez' Ashdown": a quoted capitalised word between two, one of them a name found."""
    for m in _QUOTED_NICKNAME.finditer(text):
        if not any(w in names for g in (1, 3) for w in (m[g], *m[g].split("-"))):
            continue
        for g in (1, 2, 3):
            for w in m[g].split("-"):
                if w and not not_a_name(w) and not _function_word(w) and free(m.start(g), m.end(g)):
                    names.add(w, "quoted-nickname")


def _spaced_initials(toks: list[Token], names, free) -> None:
    """"S K Dhanjal", "A. J. Kamotho": two initials or more, then a surname."""
    n, i = len(toks), 0
    while i < n:
        j = i
        while j < n and re.fullmatch(r"[A-Z]\.?", toks[j].text):
            j += 1
        if j - i >= 2 and j < n and _capitalised(toks[j]):
            w = toks[j].text
            if not not_a_name(w) and not _function_word(w) and (not _common_word(w) or _listed_last(w)):
                if free(toks[j].idx, toks[j].idx + len(w)):
                    names.add(w, "initials-surname")
        i = max(j, i + 1)


def _caps_beside(toks: list[Token], names, free) -> None:
    """"PARENT: SHERELLE [PINNOCK]": a capital-letter word right beside a capital-letter name found."""
    for i, tok in enumerate(toks):
        if not _caps_word(tok) or tok.text in names or _domain(tok.text) or tok.text in _ACRONYMS:
            continue
        for k in (i - 1, i + 1):
            if 0 <= k < len(toks) and toks[k].text in names and _caps_word(toks[k]) and \
                    (toks[k].idx + len(toks[k]) == tok.idx - 1 or tok.idx + len(tok) == toks[k].idx - 1):
                if free(tok.idx, tok.idx + len(tok)):
                    names.add(tok.text, "caps-beside-name")
                break


def _lower_passive(toks: list[Token], names, free) -> None:
    """"police, ozzy found at his mate's": a lower-case listed first name (no common word), or a
    word in no dictionary, opening a clause of a lower-case note before "found", "seen" ..."""
    from .frames import _lower_note
    for i in range(len(toks) - 1):
        tok = toks[i]
        t = tok.text
        if not tok.is_lower or not tok.is_alpha or len(t) < 3 or toks[i + 1].lower_ not in _PASSIVE:
            continue
        if i > 0 and toks[i - 1].text not in (",", ";", "-", "–", ".") and not _starts_sentence(tok):
            continue
        if t in KIN or t in ROLE_WORDS or t.capitalize() in NOT_NAMES or _function_word(t):
            continue
        if not ((_listed_first(t) and _zipf(t) < 3.5) or _zipf(t) < 1.5) or not _lower_note(tok):
            continue
        if free(tok.idx, tok.idx + len(t)):
            names.add(t, "lower-case-name")


def dob_columns(text: str, taken) -> list[Redaction]:
    """Dates in the rows of a table (or list) under a header line that names a date of birth."""
    out: list[Redaction] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        pos += len(line)
        if not _DOB_HEADER.search(line) or _DATE_RE.search(line) or not ("|" in line or "\t" in line):
            continue
        # the header's own line holds no date; the rows below it, until a blank line, are read
        rest = text[pos:]
        end = rest.find("\n\n")
        block_end = pos + (len(rest) if end < 0 else end)
        for m in _DATE_RE.finditer(text, pos, block_end):
            if not _overlaps(m.start(), m.end(), taken):
                out.append(Redaction(m.start(), m.end(), "DOB", "dob-column"))
    return out
