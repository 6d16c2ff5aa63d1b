"""Who is speaking: the subject of a verb, the referent of a pronoun (for the child's-voice rules)."""
from __future__ import annotations

from nlp.voice.words import (
    ADULT_FEMALE, ADULT_MALE, ADULT_NEUTRAL, ADULT_WORDS, AUXILIARIES, BE, CHILD_GROUP_NOUNS,
    CHILD_NOUNS, DETERMINERS, GROUP_PERSONS, ING_FORMS, OTHER_PRONOUNS, PASSIVE_FORMS,
    PLURAL_ADULTS, POSSESSIVE_S, PREPOSITIONS, SUBJECT_PRONOUNS, THING_SUBJECTS, TITLES,
    VOICE_VERBS,
)
from nlp.voice.names import ADULT, CHILD, GROUP
from nlp.voice.view import _Ctx, _child_gender, _sent_start


def _is_possessive(ctx: _Ctx, j: int) -> bool:
    n = len(ctx.doc)
    if j + 1 < n and ctx.lower[j + 1] in POSSESSIVE_S:
        return True
    return ctx.toks[j].text == "NAME" and j + 2 < n and ctx.lower[j + 2] in POSSESSIVE_S


def _after_preposition(ctx: _Ctx, j: int) -> bool:
    """"the report on Lee", "with her mum": a person after a preposition is not a subject."""
    k = j - 1
    if ctx.toks[j].text == "NAME":
        k -= 1
    steps = 0
    while k >= 0 and steps < 3 and (ctx.lower[k] in DETERMINERS or ctx.lower[k] in POSSESSIVE_S
                                    or ctx.lower[k] in ("social", "foster", "key", "class", "birth", "]")
                                    or k in ctx.names):
        k -= 1
        steps += 1
    return k >= 0 and ctx.lower[k] in PREPOSITIONS and ctx.sent[k] == ctx.sent[j]


# The words _mention can take for a person or a thing; any other word (not a name) is None.
_MENTION_WORDS = (CHILD_NOUNS | CHILD_GROUP_NOUNS | GROUP_PERSONS | ADULT_WORDS | TITLES | THING_SUBJECTS
                  | frozenset(SUBJECT_PRONOUNS) | {"person", "people", "man", "woman", "mrs", "ms", "miss", "mrs.",
                                                   "ms.", "mr", "mr."})


def _mention(ctx: _Ctx, j: int) -> str | None:
    """Token j as a person: CHILD, ADULT, "adult_f", "adult_m", GROUP, "pron" (he/she/they),
    "thing" (it/this), or None."""
    w = ctx.lower[j]
    if j in ctx.names:
        return ctx.names[j]
    if w not in _MENTION_WORDS:
        return None  # most words: no need for the checks below
    tok = ctx.toks[j]
    prev = ctx.lower[j - 1] if j else ""
    nxt_title = j + 1 < len(ctx.doc) and ctx.toks[j + 1].is_title
    if tok.is_title and (w in CHILD_NOUNS or w in CHILD_GROUP_NOUNS or w == "young") and (
            nxt_title or j + 1 < len(ctx.doc) and ctx.lower[j + 1] == "in"
            or (j > 0 and ctx.sent[j - 1] == ctx.sent[j] and not ctx.toks[j - 1].is_punct)):
        return None  # "Child Protection Plan", "Children in Care", "the Children's Services report"
    if _compound(ctx, j):
        return None  # "a child in need plan", "child protection", "child-centred"
    if w == "person" and prev == "young":
        return CHILD
    if w == "people" and prev == "young":
        return GROUP
    if w in ("man", "woman") and prev == "young":
        return CHILD
    if w in CHILD_NOUNS:
        return CHILD
    if w in CHILD_GROUP_NOUNS:
        # "the children", "both children", "her brothers": one family's children; bare
        # "children" is a cohort.
        return CHILD if prev in ("the", "both", "his", "her", "two", "three", "four", "'s", "’s") else GROUP
    if w in GROUP_PERSONS and prev not in ("his", "her", "their", "'s", "’s"):
        return GROUP
    if w in ADULT_FEMALE:
        return "adult_f"
    if w in ADULT_MALE:
        return "adult_m"
    if w in ("mrs", "ms", "miss", "mrs.", "ms."):
        return "adult_f"
    if w in ("mr", "mr."):
        return "adult_m"
    if w in ADULT_NEUTRAL or w in TITLES:
        return ADULT
    if w in THING_SUBJECTS:
        return "thing"
    if w in SUBJECT_PRONOUNS:
        return "pron"
    return None


def _compound(ctx: _Ctx, j: int) -> bool:
    if ctx.lower[j] not in ("child", "children", "young"):
        return False
    nxt = ctx.lower[j + 1:j + 3]
    return bool(nxt) and (
        nxt[0] in ("protection", "-", "centred", "focused", "focussed", "sexual", "criminal", "death",
                   "trafficking", "exploitation") or nxt[:2] == ["in", "need"])


def _resolve_pronoun(ctx: _Ctx, p: int, depth: int = 0, gender: str | None = None) -> str:
    """he/she/they at p: CHILD, ADULT, GROUP or "unresolved". Reported speech first ("X told Y
    she ..." is X), then the nearest person before it whose gender fits, back through the
    paragraph; a neutral adult ("the worker") counts only if no child is found."""
    subject_pronoun = gender is None
    gender = gender or SUBJECT_PRONOUNS[ctx.lower[p]]
    lo = _sent_start(ctx, p)
    for k in range(p - 1, max(lo, p - 7) - 1, -1):
        if subject_pronoun and ctx.lower[k] in VOICE_VERBS and depth < 3 and not _noun_use(ctx, k):
            subj, s = _subject(ctx, k, depth + 1)
            speaker = _mention(ctx, s) if s >= 0 else None
            mismatch = (speaker == "adult_f" and gender == "m") or (speaker == "adult_m" and gender == "f")
            if subj in (CHILD, ADULT, GROUP) and not mismatch:
                return subj
            break
    # A pronoun that opens its sentence points to the subject of the sentence before
    # ("Hope told her worker ... 'Mum is tired'. She drew a picture ...": she is Hope).
    if not any(_mention(ctx, k) for k in range(lo, p) if k not in ctx.quoted):
        found = _previous_subject(ctx, p, gender, depth)
        if found is not None:
            return found
    neutral_adult = False
    k = p - 1
    while k >= 0 and ctx.paragraph[k] == ctx.paragraph[p] and p - k < 80:
        if k in ctx.quoted or (_after_preposition(ctx, k) and ctx.sent[k] == ctx.sent[p] and k not in ctx.names):
            k -= 1
            continue
        m = _mention(ctx, k)
        if m == CHILD and _child_gender(ctx, k) in (None, gender, "n"):
            return CHILD
        if m == GROUP and gender == "n":
            return GROUP
        if (m == "adult_f" and gender == "f") or (m == "adult_m" and gender == "m"):
            return ADULT
        if m == ADULT:
            if gender == "n" and ctx.lower[k] in PLURAL_ADULTS:
                return ADULT
            if k in ctx.names:
                return ADULT  # a named adult ("Steve Hart ... he")
            own = {"f": "her", "m": "his", "n": "their"}[gender]
            if own not in ctx.lower[max(0, k - 3):k]:
                neutral_adult = True  # "her IRO met her ... she asked": she is not the IRO
        k -= 1
    return ADULT if neutral_adult else "unresolved"


def _compatible(ctx: _Ctx, k: int, m: str | None, gender: str) -> bool:
    if m in (CHILD, "unresolved"):
        if ctx.lower[k] in CHILD_GROUP_NOUNS:
            return gender == "n"
        return _child_gender(ctx, k) in (None, gender, "n")
    if m == "adult_f":
        return gender == "f"
    if m == "adult_m":
        return gender == "m"
    if m == GROUP:
        return gender == "n"
    if m == ADULT and k in ctx.names:
        title = next((ctx.lower[t] for t in range(k - 1, max(-1, k - 4), -1) if ctx.lower[t] in TITLES), None)
        if title in ("mrs", "ms", "miss", "mrs.", "ms."):
            return gender == "f"
        if title in ("mr", "mr."):
            return gender == "m"
    if m == ADULT:
        own = {"f": "her", "m": "his", "n": "their"}[gender]
        return own not in ctx.lower[max(0, k - 3):k] and (gender != "n" or ctx.lower[k] in PLURAL_ADULTS)
    return False


def _previous_subject(ctx: _Ctx, p: int, gender: str, depth: int) -> str | None:
    """The first person in the sentences before p (up to three, same paragraph) that fits the
    pronoun's gender: CHILD, ADULT, GROUP, or None when there is none."""
    k = _sent_start(ctx, p) - 1
    for _ in range(3):
        if k < 0 or ctx.paragraph[k] != ctx.paragraph[p]:
            return None
        start = _sent_start(ctx, k)
        neutral = False  # "the social worker" only if no one else in the sentence fits
        for j in range(start, k + 1):
            if j in ctx.quoted or _is_possessive(ctx, j) and ctx.lower[j] not in OTHER_PRONOUNS:
                continue
            m = _mention(ctx, j)
            if m == "pron":
                if depth >= 2 or SUBJECT_PRONOUNS[ctx.lower[j]] != gender:
                    continue
                return _resolve_pronoun(ctx, j, depth + 1)
            if m is not None and m != "thing" and _compatible(ctx, j, m, gender):
                if m == ADULT and j not in ctx.names and gender != "n":
                    neutral = True
                    continue
                return ADULT if m in ("adult_f", "adult_m") else m
        if neutral:
            return ADULT
        k = start - 1
    return None


def _resolve_other_pronoun(ctx: _Ctx, k: int) -> str:
    """him/her/them/his/their: like he/she/they."""
    return _resolve_pronoun(ctx, k, 0, OTHER_PRONOUNS[ctx.lower[k]])


def _noun_use(ctx: _Ctx, v: int) -> bool:
    """"her wishes", "a shared plan", "the reported incident", "Mum's worries": not a verb."""
    if v == 0:
        return False
    prev = ctx.lower[v - 1]
    return prev in DETERMINERS or prev in POSSESSIVE_S or prev in PREPOSITIONS


def _passive(ctx: _Ctx, v: int) -> bool:
    if ctx.lower[v] not in PASSIVE_FORMS:
        return False
    k = v - 1
    while k >= 0 and ctx.lower[k] in ("not", "n't", "never", "also", "clearly", "then", "later", "often",
                                     "always", "regularly", "repeatedly", "routinely", "recently", "just"):
        k -= 1
    return k >= 0 and ctx.lower[k] in BE


def _subject(ctx: _Ctx, v: int, depth: int = 0, window: int = 8) -> tuple[str | None, int]:
    """The person before verb v in its sentence: (CHILD | ADULT | GROUP | "unresolved" | None,
    token index). Possessives and objects of prepositions are skipped."""
    k = v - 1
    if ctx.lower[v] in ING_FORMS and k >= 0 and ctx.lower[k] in ("him", "her", "them"):
        return _resolve_other_pronoun(ctx, k), k  # "describe him choosing the trampoline"
    j = k
    while j >= 0 and ctx.lower[j] in AUXILIARIES and ctx.sent[j] == ctx.sent[v]:
        j -= 1
    if j > 0 and ctx.lower[j] in ("and", "but", "then") and ctx.sent[j] == ctx.sent[v]:
        # "Jayden arrived with a mark on his neck and told a teacher ...": a second verb
        # shares the subject of its clause.
        found = _clause_subject(ctx, j, depth)
        if found[0] is not None:
            return found
    while k >= 0 and v - k <= window and ctx.sent[k] == ctx.sent[v]:
        if ctx.lower[k] == ":":
            break
        if k in ctx.quoted or _is_possessive(ctx, k) or _after_preposition(ctx, k):
            k -= 1
            continue
        m = _mention(ctx, k)
        if m == "pron":
            return _resolve_pronoun(ctx, k, depth), k
        if m in ("adult_f", "adult_m"):
            return ADULT, k
        if m == "thing":
            return None, k
        if m is not None:
            if ctx.toks[k].text == "]" and k >= 2 and ctx.toks[k - 2].text == "[":
                k -= 2  # evidence starts at "["
            return m, k
        k -= 1
    return None, -1


def _clause_subject(ctx: _Ctx, end: int, depth: int) -> tuple[str | None, int]:
    """The first person of the clause that ends at `end` (from the sentence start, or the
    last colon): possessives, objects of prepositions and quotes skipped."""
    start = _sent_start(ctx, end)
    for k in range(end - 1, start - 1, -1):
        if ctx.lower[k] == ":":
            start = k + 1
            break
    for k in range(start, end):
        if k in ctx.quoted or _is_possessive(ctx, k) or _after_preposition(ctx, k):
            continue
        m = _mention(ctx, k)
        if m == "pron":
            return _resolve_pronoun(ctx, k, depth), k
        if m in ("adult_f", "adult_m"):
            return ADULT, k
        if m == "thing":
            return None, k
        if m is not None:
            return m, k
    return None, -1
