"""Person cues that need no verb: a role or a family word in brackets or after a comma
("Mo (the older sibling)", "Shazia Iqbal (SW)", "Gareth Pritchard, Service Manager"), a
family word opening a sentence ("Sister Aaliyah"), a line addressed to someone ("FAO ...",
"heard from ..."), two listed names joined by "and", and listed first names in lower case
in informal notes ("chat w/ dami", "kwame upset after contact", "saw jody-ann").

Why: the other rules need a person's verb or a title; notes and minutes often give only a
role or a bracket. Each finding names its rule, as everywhere in the redactor.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from .context import _person_verb_follows, _starts_sentence
from .patterns import Names
from .protect import _JOB_TITLES_RE
from .words import (_ACRONYMS, KIN, MONTHS, NOT_NAMES, RELATIONS, ROLE_WORDS, SPEECH_VERBS, WORD_NAMES, _common_word, _function_word, _zipf,
                    not_a_name)

# Words that may sit in a bracket or an apposition before the role: "(the older sibling)".
_ROLE_FILLERS = frozenset("""
the a an her his their our my its older younger elder eldest oldest youngest middle maternal paternal
step half allocated new previous former current named lead duty senior acting
""".split())
_ROLE_NOUNS = ROLE_WORDS | KIN | frozenset("""
sibling siblings stepdad stepmum stepfather stepmother brother sister mum dad nan grandmother grandfather
manager carer child boy girl baby sw iro gp dsl pa hv ewo yot camhs police officer social worker nurse
""".split())
_ROLE_MODIFIERS = frozenset("""
social family support key youth school health designated independent reviewing safeguarding practice team
service senior advanced early help protection conference child children's foster fostering supervising deputy
assistant quality assurance personal virtual community mental cp lac cin duty link
""".split())
# "heard from X", "an email from X": communication before "from" makes X a person.
_FROM_CUES = frozenset("""
heard hear call calls called phone phoned rang message messages email emails emailed text texts texted
letter letters note notes update updates visit visits contact report reports feedback information
referral concern concerns disclosure
""".split())
_ADDRESS_CUES = frozenset("fao attn attention cc per dear".split())
_LOWER_FIRST_MAX_ZIPF = 3.0
_CELTIC_PREFIX = re.compile(r"(?:mc|mac|o['’])[a-z]{3,}")
_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")  # a listed first name rarer than this as a word is a name even in lower case


def _name_word(tok: Token, strict: bool = False) -> bool:
    t = tok.text
    if not (tok.is_alpha or re.fullmatch(r"[A-Z][a-z]*['’][A-Z][\w]+", t)) or len(t) < 2 or not t[:1].isupper():
        return False
    if t.isupper() or not_a_name(t) or _function_word(t) or t in MONTHS:
        return False
    return not strict or t in WORD_NAMES or not _common_word(t) or _listed(t)


def _listed(word: str) -> bool:
    from nlp.names import is_name
    return is_name(word)


def _run_before(toks: list[Token], i: int, strict: bool) -> list[Token]:
    """The capitalised name words ending just before token i ("Reece Evans-Pryce")."""
    run, j = [], i - 1
    while j >= 0 and len(run) < 4:
        tok = toks[j]
        if tok.text in ("-", "‐") and run and tok.whitespace_ == "" and j > 0 and toks[j - 1].whitespace_ == "":
            j -= 1
            continue
        if not _name_word(tok, strict):
            break
        run.append(tok)
        j -= 1
    return list(reversed(run))


def _run_after(toks: list[Token], i: int, strict: bool) -> list[Token]:
    run, j = [], i
    while j < len(toks) and len(run) < 3:
        tok = toks[j]
        if tok.text in ("-", "‐") and run and tok.whitespace_ == "" and toks[j - 1].whitespace_ == "":
            j += 1
            continue
        if not _name_word(tok, strict):
            break
        run.append(tok)
        j += 1
    return run


def _role_phrase(words: list[str]) -> bool:
    """"the older sibling", "SW", "Independent Reviewing Officer", "mum": a role or a family word."""
    words = [w for w in words if w.lower() not in _ROLE_FILLERS]
    if not words or len(words) > 4:
        return False
    phrase = " ".join(words)
    if _JOB_TITLES_RE.fullmatch(phrase) is not None:
        return True
    # every word a role's ("family support worker", "older sibling"): not "targeted work with the IRO"
    return words[-1].lower() in _ROLE_NOUNS and all(w.lower() in _ROLE_NOUNS or w.lower() in _ROLE_MODIFIERS
                                                     for w in words[:-1])


def _cue_names(toks: list[Token], names: Names, free) -> None:
    n = len(toks)

    def take(run: list[Token], rule: str) -> None:
        for tok in run:
            if free(tok.idx, tok.idx + len(tok)):
                names.add(tok.text.rstrip("."), rule)

    for i, tok in enumerate(toks):
        t = tok.text
        # "Mo (the older sibling)", "Declan Moran (IRO)", "Tomasz (dad)"
        if t == "(":
            close = next((m for m in range(i + 1, min(n, i + 12)) if toks[m].text == ")"), None)
            # the role alone, or the role before a comma and its service ("(Youth Worker, Barnardo's)", round 11)
            comma = next((m for m in range(i + 1, close) if toks[m].text == ","), close) if close is not None else None
            if close is not None and (close - i <= 6 or comma < close) \
                    and _role_phrase([x.text for x in toks[i + 1:comma] if x.is_alpha]):
                take(_run_before(toks, i, strict=False), "role-bracket")
        # "Gareth Pritchard, Service Manager", "Anna Gravelle, the social worker,"
        elif t == "," and i + 1 < n:
            words = []
            for m in range(i + 1, min(n, i + 6)):
                if not toks[m].is_alpha:
                    break
                words.append(toks[m].text)
                if _role_phrase(words) and (m + 1 >= n or toks[m + 1].text in (",", ")", ":", ".", ";", "\n")
                                            or toks[m + 1].is_space):
                    run = _run_before(toks, i, strict=True)
                    if run and not (len(run) == 1 and _starts_sentence(run[0]) and _common_word(run[0].text)):
                        take(run, "role-apposition")
                    break
        # "Sister Aaliyah and brother Reuben": a family word opening a sentence
        elif tok.lower_ in KIN and t[:1].isupper() and _starts_sentence(tok) and i + 1 < n:
            take(_run_after(toks, i + 1, strict=False)[:1], "kin")
        # "FAO Gareth Pritchard", "heard from Kiera", "Update from jordan"
        if tok.lower_ in _ADDRESS_CUES or (tok.lower_ == "from" and i > 0 and toks[i - 1].lower_ in _FROM_CUES):
            j = i + 1 + (i + 1 < n and toks[i + 1].text == ":")
            run = _run_after(toks, j, strict=True)
            take(run, "addressed")
            if not run and j < n and toks[j].is_lower and _lower_name(toks[j].text, 5.0):
                names.add(toks[j].text, "addressed")
    # "Hibo and Tyrone share a bedroom": two listed names joined by "and", neither a common word
    for i in range(1, n - 1):
        if toks[i].lower_ not in ("and", "&"):
            continue
        a, b = toks[i - 1], toks[i + 1]
        if (a.text not in names and b.lower_ in ("her", "his", "their") and i + 2 < n
                and (toks[i + 2].lower_ in KIN or _hyphen_kin(toks, i + 2))
                and _name_word(a, strict=True) and _listed(a.text) and free(a.idx, a.idx + len(a))):
            names.add(a.text, "and-family")  # "Magdalena and her baby"
        if (a.text in names) or (b.text in names):
            continue
        if all(_name_word(x, strict=True) and _listed(x.text) and not _common_word(x.text) for x in (a, b)) \
                and all(free(x.idx, x.idx + len(x)) for x in (a, b)) and not (i + 2 < n and toks[i + 2].text[:1].isupper()):
            names.add(a.text, "listed-pair")
            names.add(b.text, "listed-pair")
    # "R.B. told", "KP said": initials standing for a person before a person's verb
    for i, tok in enumerate(toks[:-1]):
        if (_DOTTED_INITIALS.fullmatch(tok.text) or (len(tok) == 2 and tok.text.isupper() and tok.text not in _ACRONYMS)) \
                and (toks[i + 1].lower_ in SPEECH_VERBS or toks[i + 1].text in ("'s", "’s") or _person_verb_follows(toks, i + 1)) \
                and free(tok.idx, tok.idx + len(tok)):
            names.add(tok.text.rstrip("."), "initials")
    # "no record of Kayde", "the wishes of Tia": an unknown capitalised word after a person's noun and "of"
    for i in range(2, n):
        tok = toks[i]
        if (toks[i - 1].lower_ == "of" and toks[i - 2].lower_ in RELATIONS and tok.text not in names
                and _name_word(tok, strict=True) and (_listed(tok.text) or not _common_word(tok.text))
                and not (i + 1 < n and toks[i + 1].text[:1].isupper()) and free(tok.idx, tok.idx + len(tok))):
            names.add(tok.text, "relation-of")
    # Lower case in informal notes: a listed first name that is no English word ("kwame", "dami"),
    # with its hyphenated other half ("jody-ann", "kai-jaden").
    for i, tok in enumerate(toks):
        if not tok.is_lower or not (tok.is_alpha or _CELTIC_PREFIX.fullmatch(tok.text)) or len(tok) < 3 \
                or not free(tok.idx, tok.idx + len(tok)):
            continue
        joined = _hyphen_compound(toks, i)
        if joined and (tok.text in names or any(_lower_name(w, _LOWER_FIRST_MAX_ZIPF) for w in joined.split("-"))
                       or all(_lower_name(w, 5.5) for w in joined.split("-"))):  # "tyler-jay", "lilly-ann"
            names.add(joined, "lower-case-name")
        elif _lower_name(tok.text, _LOWER_FIRST_MAX_ZIPF):
            names.add(tok.text, "lower-case-name")
        elif (tok.text.capitalize() in WORD_NAMES and i > 0 and toks[i - 1].lower_ in ("saw", "seen", "visited", "met")
              and i + 1 < n and toks[i + 1].lower_ in (",", ".", "at", "today", "alone", "and")):
            names.add(tok.text, "lower-case-word-name")  # "saw hope at school today"

    for i in range(1, n - 1):  # "ahmed + bushra": a listed first name joined to a lower-case name found
        a, b = toks[i - 1], toks[i + 1]
        if toks[i].text in ("and", "+", "&") and a.is_lower and b.is_lower and (a.text in names) != (b.text in names):
            other = b if a.text in names else a
            if _lower_name(other.text, 5.0) and free(other.idx, other.idx + len(other)):
                names.add(other.text, "lower-case-name")


def _hyphen_kin(toks: list[Token], i: int) -> bool:
    """"step-dad", "half-brother": a family word spaCy split at its hyphen."""
    return (i + 2 < len(toks) and toks[i + 1].text in ("-", "‐") and toks[i].lower_ in ("step", "half", "foster", "god")
            and toks[i + 2].lower_ in KIN)


def _hyphen_compound(toks: list[Token], i: int) -> str:
    """"jody-ann" when token i is "jody" or "ann" of one, else ""."""
    s = i
    while s >= 2 and toks[s - 1].text in ("-", "‐") and toks[s - 1].whitespace_ == "" and toks[s - 2].whitespace_ == "":
        s -= 2
    e = i
    while e + 2 < len(toks) and toks[e + 1].text in ("-", "‐") and toks[e].whitespace_ == "" and toks[e + 1].whitespace_ == "":
        e += 2
    if s == e or not all(toks[m].is_lower and toks[m].is_alpha for m in range(s, e + 1, 2)):
        return ""
    return "".join(toks[m].text for m in range(s, e + 1))


def _lower_name(word: str, max_zipf: float) -> bool:
    """A listed first name rarer than max_zipf as a word, or a listed Mc/Mac/O' surname ("mcallister")."""
    from nlp.names import gazetteer, key

    if len(word) < 3 or word.upper() in _ACRONYMS or word in _ACRONYMS or word.capitalize() in NOT_NAMES:
        return False
    first, last = gazetteer()
    if _CELTIC_PREFIX.fullmatch(word) and key(word) in last and _zipf(word) < 4.0:
        return True
    return key(word) in first and _zipf(word) < max_zipf
