"""The evidence rules over one finding, and whether a finding is about one child or a group."""
from __future__ import annotations

import re

from spacy.tokens import Span

from nlp.voice.words import (
    ADULT_WORDS, AGE_RE, BABY_WORDS, BASE_SPEAK, BASE_WISH, BE, CHILD_GROUP_NOUNS, CHILD_NOUNS,
    FAMILY_SINGULAR, FEELING, FEELING_ADJ, FEELING_OBJECT, FIRST_PERSON, GENERIC_PLURALS,
    GROUP_BIGRAMS, GROUP_WORDS, HYPOTHETICAL, ING_FORMS, MESSAGES, MESSAGE_VERBS, NEGATIONS,
    NOTHING_AFTER, NOT_A_TOOL_AFTER, OTHER_PRONOUNS, PASSIVE_FORMS, POSSESSABLE, POSSESSIVE_S,
    PREPOSITIONS, PREVERBAL_WEAK, SHOW_VERBS, SUBJECT_PRONOUNS, TALK_VERBS, VOICE_VERBS,
    _QUOTE_RE,
)
from nlp.voice.names import ADULT, CHILD
from nlp.voice.context import (
    _Ctx, _compound, _hypothetical_before, _mention, _negated_before, _noun_use, _passive,
    _resolve_other_pronoun, _resolve_pronoun, _sent_start, _subject,
)

# =======================================================================================
# Evidence
# =======================================================================================
def _item(ctx: _Ctx, start_tok: int, end_tok: int, rule: str) -> dict:
    toks = ctx.toks
    start, end = toks[start_tok].idx, toks[end_tok - 1].idx + len(toks[end_tok - 1])
    return {"start": start, "end": end, "text": ctx.text[start:end], "rule": rule}


def _clause_end(ctx: _Ctx, v: int, limit: int, most: int = 20) -> int:
    """Token after the clause from v: stops at , ; . ( a line break or an opening quote
    (the quote is evidence of its own)."""
    toks, k = ctx.toks, v + 1
    while k < limit and k - v <= most and ctx.sent[k] == ctx.sent[v] and k not in ctx.quoted:
        t = toks[k].text
        if t in (",", ";", ".", "!", "?", ":", "(", "“", '"', "‘", "'") or toks[k].is_space:
            break
        k += 1
    while k - 1 > v and (toks[k - 1].is_space or toks[k - 1].is_punct):
        k -= 1
    return k


def _voice_verb_at(ctx: _Ctx, v: int) -> bool:
    w, n = ctx.lower[v], len(ctx.doc)
    prev = ctx.lower[v - 1] if v else ""
    prev2 = ctx.lower[v - 2] if v > 1 else ""
    nxt = ctx.lower[v + 1] if v + 1 < n else ""
    if w in ING_FORMS:  # only right after the child: "him choosing", "Tyler saying"
        return v > 0 and (prev in ("him", "her", "them") or (v - 1) in ctx.names or prev in CHILD_NOUNS)
    if w in VOICE_VERBS:
        if _noun_use(ctx, v) or nxt in NOTHING_AFTER:
            return False
        if w in ("worries", "wishes", "reports", "states", "draws", "likes", "feeling") and (
                prev in BE - {"been"} and w != "feeling" or nxt in ("and", "&", "of")):
            return False  # "wishes and feelings", "reports of", "is likes"
        return True
    if w in BASE_SPEAK:
        return prev == "to" and prev2 in ("able", "chose", "wanted", "wants", "managed", "went", "decided")
    if w in BASE_WISH:
        return prev in ("would", "did", "does", "do") or (
            prev in ("not", "n't") and prev2 in ("did", "does", "do", "would", "ca"))
    if w in TALK_VERBS:
        return nxt in ("about", "of", "openly", "positively", "freely")
    if w in FEELING_ADJ:
        return prev in BE | {"'s", "feels", "felt", "feel"} and nxt in FEELING_OBJECT
    if w in MESSAGE_VERBS:
        return any(x in MESSAGES for x in ctx.lower[v + 1:v + 5])
    if w in SHOW_VERBS:
        after = ctx.lower[v + 1:v + 4]
        return any(x in ADULT_WORDS for x in after) or nxt in ("him", "her", "them", "me", "us")
    return False


def _child_speaks(ctx: _Ctx, f: Span, group: bool) -> list[dict]:
    """Rule child_speaks: a speaking or feeling verb whose subject is a child; its negated or
    embedded forms ("has not said", "nothing he said", "was never asked") are missing_voice."""
    out: list[dict] = []
    covered_to = -1
    for v in range(f.start, f.end):
        if v < covered_to or v in ctx.quoted:
            continue
        w = ctx.lower[v]
        if w in PASSIVE_FORMS and _passive(ctx, v):
            subj, s = _subject(ctx, v)
            if subj in (CHILD, "unresolved") and s >= f.start and not group and \
                    any(x in ("not", "n't", "never") for x in ctx.lower[max(f.start, v - 3):v]):
                out.append(_item(ctx, s, v + 1, "missing_voice"))  # "was never asked"
            continue
        if not _voice_verb_at(ctx, v):
            continue
        subj, s = _subject(ctx, v)
        if subj == "unresolved":
            subj = None if group else CHILD
        if subj != CHILD or s < f.start:
            continue
        negated = w not in FEELING and any(x in ("not", "n't", "never") for x in ctx.lower[s:v])
        if _negated_before(ctx, s) or negated:
            out.append(_item(ctx, s, v + 1, "missing_voice"))
            continue
        if _hypothetical_before(ctx, s):
            continue
        end = _clause_end(ctx, v, f.end)
        out.append(_item(ctx, s, end, "child_speaks"))
        covered_to = end
    return out



def _child_quoted(ctx: _Ctx, f: Span) -> list[dict]:
    doc, out = ctx.doc, []
    for m in _QUOTE_RE.finditer(ctx.text, f.start_char, f.end_char):
        inner = next(g for g in m.groups() if g is not None)
        words = re.findall(r"[A-Za-z’']+", inner)
        if len(words) < 2:
            continue
        first_person = any(w.lower() in FIRST_PERSON for w in words)
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        q0, q1 = span.start, span.end
        who = None
        # (a) a speaking verb shortly before, in the same sentence.
        for k in range(q0 - 1, max(f.start, q0 - 12) - 1, -1):
            if ctx.sent[k] != ctx.sent[q0]:
                break
            if ctx.lower[k] in ("as", "such", "term", "called", "phrase", "like") and not first_person:
                who = ADULT  # "described as 'difficult to place'", "such as 'attend appointments'"
                break
            if _voice_verb_at(ctx, k) or ctx.lower[k] in ("say", "saying", "quoted", "quotes", "wrote"):
                if _passive(ctx, k):
                    who = ADULT
                    break
                who, _ = _subject(ctx, k)
                if who is None and ctx.lower[k] in ("saying", "quoted", "quotes"):
                    continue
                break
        # (b) "..., said Tia" / "... Tia said".
        if who is None:
            for k in range(q1, min(f.end, q1 + 4)):
                if ctx.lower[k] in ("said", "says", "told", "explained", "shared"):
                    if k + 1 < len(doc) and _mention(ctx, k + 1) == CHILD:
                        who = CHILD
                    elif k - 1 >= q1:
                        m2 = _mention(ctx, k - 1)
                        who = _resolve_pronoun(ctx, k - 1) if m2 == "pron" else m2
                    break
        # (c) first person, with a child the nearest person before it.
        if who is None and first_person:
            for k in range(q0 - 1, f.start - 1, -1):
                if ctx.sent[k] != ctx.sent[q0]:
                    break
                m2 = _mention(ctx, k)
                if m2 == "pron":
                    who = _resolve_pronoun(ctx, k)
                elif m2 in ("adult_f", "adult_m"):
                    who = ADULT
                elif m2 is not None and m2 != "thing":
                    who = m2
                elif ctx.lower[k] in OTHER_PRONOUNS:
                    who = _resolve_other_pronoun(ctx, k)
                if who is not None:
                    break
        if who in (CHILD, "unresolved"):
            out.append({"start": m.start(), "end": m.end(), "text": m[0], "rule": "child_quoted"})
    return out


_CLAUSE_BREAKS = frozenset(", ; : and but which who that so because when".split())


def _near(ctx: _Ctx, s: int, e: int, before: int = 6) -> tuple[bool, bool]:
    """(negated, hypothetical): a negation or a hypothetical in the match, a few tokens before
    it or after it in its clause ("life story work ... has been delayed"), or an embedding
    negation further back."""
    lo = max(_sent_start(ctx, s), s - before)
    words = ctx.lower[lo:e]
    after = []
    for k in range(e, min(len(ctx.doc), e + 6)):
        if ctx.sent[k] != ctx.sent[s] or ctx.lower[k] in _CLAUSE_BREAKS:
            break
        after.append(ctx.lower[k])
    neg = any(w in NEGATIONS for w in words + after) or _negated_before(ctx, s)
    hyp = (any(w in HYPOTHETICAL and lo + a not in ctx.names for a, w in enumerate(words))  # not "Will"
           or ("to" in ctx.lower[max(lo, s - 2):s] and "be" in ctx.lower[max(lo, s - 2):e])  # "to be seen alone"
           or (s > lo and ctx.lower[s - 1] in ("be", "to"))  # "that Amira be seen alone", "to gather her views"
           or _hypothetical_before(ctx, s, window=20))  # "considered whether the child had been seen alone"
    return neg, hyp


def _owner_is_child(ctx: _Ctx, s: int, e: int) -> bool:
    """Whose views / words? "her views", "Sami's wish", "quotes him": not an adult's."""
    for k in range(s, e):
        w = ctx.lower[k]
        if w in POSSESSIVE_S and k > 0:
            owner = k - 1
            if ctx.toks[owner].text == "]" and owner >= 2:
                owner -= 1
            m = _mention(ctx, owner)
            return m == CHILD or (m == "pron" and _resolve_pronoun(ctx, owner) in (CHILD, "unresolved"))
        if w in OTHER_PRONOUNS:
            return _resolve_other_pronoun(ctx, k) in (CHILD, "unresolved")
    subj, _ = _subject(ctx, s)  # "is quoted", "direct quotes": the subject before
    return subj in (CHILD, "unresolved")


_PRIORITY = {"missing_voice": 0, "wishes_feelings": 1, "seen_alone": 2, "voice_evident": 3, "own_words": 4,
             "direct_work_tool": 5, "views_recorded": 6, "preverbal_observation": 7}


def _phrase_evidence(ctx: _Ctx, f: Span, matches, group: bool, preverbal: tuple[bool, bool]) -> list[dict]:
    """The Matcher's phrase rules in finding f. `preverbal`: (a baby or a child without speech
    in the finding, its paragraph or the narrative; a baby in the finding itself)."""
    strings = ctx.doc.vocab.strings
    raw = []
    for match_id, s, e in matches:
        rule, _, detail = strings[match_id].partition("#")
        if s >= f.start and e <= f.end and ctx.sent[s] == ctx.sent[e - 1]:
            if ctx.lower[s] in POSSESSIVE_S and s > f.start:  # "'s wishes ..." -> "Imani's wishes ..."
                s -= 1
                if ctx.toks[s].text == "]" and s - 2 >= f.start:
                    s -= 2
            raw.append((rule, detail, s, e))
    # Overlapping matches: a missing voice first, then the more specific rule.
    raw.sort(key=lambda x: (_PRIORITY.get(x[0], 9), x[2], -(x[3] - x[2])))
    out: list[dict] = []
    taken: list[tuple[int, int]] = []
    for rule, detail, s, e in raw:
        if any(s < te and ts < e for ts, te in taken):
            continue
        if rule != "missing_voice":
            if rule == "direct_work_tool" and detail in ("drawing", "drawings") and e < len(ctx.doc) \
                    and ctx.lower[e] in NOT_A_TOOL_AFTER:
                continue
            if rule == "direct_work_tool" and detail == "scale" and not (
                    s and ctx.lower[s - 1] in ("a", "her", "his", "their", "the", "worry")):
                continue
            if rule == "preverbal_observation" and detail != "strong" and not (
                    preverbal[1] if detail in PREVERBAL_WEAK else preverbal[0]):
                continue
            if rule in ("views_recorded", "own_words") and not _owner_is_child(ctx, s, e):
                continue
            neg, hyp = _near(ctx, s, e, before=8 if rule == "preverbal_observation" else 6)
            if neg:
                rule = "missing_voice"
            elif hyp or group:
                continue
        elif group:
            continue  # "The child's voice needs to be stronger in plans across all teams": a group
        taken.append((s, e))
        out.append(_item(ctx, s, e, rule))
    return out


# =======================================================================================
# About one child, or a group?
# =======================================================================================
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve twenty thirty forty "
                          "fifty hundred".split())
_TIME_UNITS = frozenset("days weeks months years hours minutes times occasions nights weekends".split())
_COUNTED = frozenset("""cases children families audits actions files records teams referrals returns
auditors moderators workers managers people parents carers schools samples practitioners staff cohorts
young""".split())


def _counted_plural(ctx: _Ctx, i: int, end: int) -> bool:
    """A number counting things ("127 actions", "13 cases"), not time ("six months")."""
    w = ctx.lower[i]
    if not (w.isdigit() or w in _NUMBER_WORDS) or (w.isdigit() and len(w) == 4):
        return False
    for k in range(i + 1, min(end, i + 3)):
        x = ctx.lower[k]
        if x in _TIME_UNITS or x in ("year", "month", "week", "-"):
            return False
        if x in _COUNTED:
            return True
    return False


def _about(ctx: _Ctx, f: Span) -> str:
    """"individual" (a strong marker; or a weak one and no group marker), "group", "child"
    (only "the child", "the young person": who, the context says), or "none"."""
    lower = ctx.lower
    strong = weak = group = generic_child = False
    for i in range(f.start, f.end):
        if i in ctx.quoted:
            continue
        w = lower[i]
        prev = lower[i - 1] if i > f.start else ""
        nxt = lower[i + 1] if i + 1 < f.end else ""
        if w == "every" and (nxt in _TIME_UNITS or nxt.rstrip("s") + "s" in _TIME_UNITS or nxt in _NUMBER_WORDS
                             or nxt.isdigit() or nxt in ("day", "visit", "time", "week", "month", "year")):
            continue  # "reviewed every six months", "at every visit"
        m = _mention(ctx, i)
        if i in ctx.names:
            strong = strong or ctx.names[i] == CHILD
        elif w in BABY_WORDS and m == CHILD and prev not in ("every", "each", "a", "any"):
            strong = True
        elif w == "unborn":
            strong = True  # "an unborn baby"
        elif m == CHILD and (w in CHILD_NOUNS or w in ("person", "man", "woman")):
            if prev in ("a", "any", "each", "every", "another", "no", "one"):
                group = True if w not in ("boy", "girl") else group
                strong = strong or (w in ("boy", "girl") and prev == "a")
            elif prev in ("this", "that") or (w == "child" and nxt in POSSESSIVE_S and
                                                i + 2 < f.end and lower[i + 2] in ("case",)):
                weak = True
            elif w in ("boy", "girl", "teenager", "toddler", "son", "daughter"):
                weak = True
            else:
                generic_child = True
        elif m == CHILD and w in CHILD_GROUP_NOUNS:
            weak = True  # "the twins", "both children": one family
        elif w in ("he", "she", "him", "his", "her", "himself", "herself"):
            r = _resolve_other_pronoun(ctx, i) if w not in SUBJECT_PRONOUNS else _resolve_pronoun(ctx, i)
            if r in (CHILD, "unresolved"):
                weak = True
        elif w in FAMILY_SINGULAR and prev not in ("a", "an", "any", "each", "every", "no", "one", "another"):
            weak = True  # "Mum said ...", "her father": one family
        if (prev, w) in GROUP_BIGRAMS and not _compound(ctx, i):
            group = True
        elif w in GROUP_WORDS and m not in (CHILD,) and not (ctx.toks[i].is_title and i > f.start
                                                             and ctx.sent[i - 1] == ctx.sent[i]):
            owned = prev in ("his", "her", "their", "'s", "’s") or (
                i - 2 >= f.start and lower[i - 2] in ("his", "her", "their", "'s", "’s"))
            if not (w in POSSESSABLE and owned):
                group = True
        elif (w.endswith("%") and nxt == "of") or (w.isdigit() and nxt in ("of", "out", "/") and i + 2 < f.end):
            group = True
        elif w in GENERIC_PLURALS and prev in PREPOSITIONS | {",", "or", "and", "all", "most", "many", "some",
                                                             "few"}:
            group = True  # "not evident in records, plans or reviews"
        elif _counted_plural(ctx, i, f.end):
            group = True  # "127 actions", "2 children's cases", "six families"
    if not strong and AGE_RE.search(ctx.text[f.start_char:f.end_char]):
        strong = True
    if strong or (weak and not group):
        return "individual"
    if group:
        return "group"
    return "child" if generic_child else "none"


