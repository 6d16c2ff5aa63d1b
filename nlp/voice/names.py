"""Which capitalised words are people's names, and whose (a child's or an adult's)."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from nlp.redact.words import _common_word as _common  # one wordfreq test of "a word, not a name"
from nlp.voice.words import (
    ADULT_FEMALE, ADULT_MALE, ADULT_WORDS, BE, CHILD_GROUP_NOUNS, CHILD_NOUNS, DETERMINERS,
    FEELING_ADJ, FEELING_OBJECT, PASSIVE_FORMS, POSSESSIVE_S, TALK_VERBS, TITLES, VOICE_VERBS,
)

# =======================================================================================
# Names
# =======================================================================================
CHILD, ADULT, GROUP = "child", "adult", "group"
_MONTHS_DAYS = frozenset("""January February March April May June July August September October November
December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())
_FUNCTION_CAPS = frozenset("""The This That These Those It Its They Their There Then When Where While What
Which Who Why How He She His Her We Our You Your I A An And But Or So If As At In On Of For To From By With
No Not All Some Most Many Each Every Both Overall However Also Although Despite Since After Before During
Throughout Following Further Good Poor Clear Nobody Everyone Someone Anyone Recording Outcomes Analysis
Positives Negatives Areas Strengths Themes Learning Impact Improvement""".split())
_TEAM_WORDS = frozenset("team teams tm service services hub unit panel board partnership assess safeg c&f "
                        "council trust school academy college nursery hospital centre center".split())
_NON_PERSON_ENTS = frozenset("DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY".split())
_INITIAL_EXEMPT = frozenset("""plan annex appendix category tier level grade section part schedule table
figure option phase stage vitamin type group form block wing class year key ward room door floor bay zone
route wave model step team unit house cohort sample criteria scenario note paragraph para clause list
column row box question item point standard band priority a an grades rated""".split())
_JOB_NEAR = frozenset("""manager worker officer chair head director lead practitioner auditor moderator
ambassador nurse visitor teacher advisor adviser senco iro mentor consultant inspector trainer
consultants inspectors moderators auditors trainers""".split())
# After "X's": X is a person ("Tyler's mum", "Phoebe's assessment").
_RELATIONS = frozenset("""mum mummy mother dad daddy father nan nana nanny gran grandma grandad grandmother
grandfather brother sister sibling siblings carer carers plan views wishes feelings voice words worries
school teacher worker social case file record records assessment review safety home bedroom room placement
progress transition chronology needs own life health behaviour care cin cp pathway step contact""".split())
# A verb after a capitalised word at a sentence start makes it a person ("Sami moved",
# "Reuben has had"); plural-noun look-alikes ("returns", "needs", "reports") are left out.
_PERSON_NEXT = frozenset("""is was has had will would could can did does lives lived moved went attended
attends remains remained continues continued stays stayed became appeared seemed sent took made gave got
came ran left kept saw met began brought thought found knew held slept won lost hid fell broke told said
says tells wants wanted felt feels shared explained described expressed disclosed asked drew chose spoke
wrote loves likes enjoys hates""".split())
# Before a name in the middle of a sentence: "the plan for Riley", "visited Lola".
_PERSON_BEFORE = frozenset("""for with about saw see seen visited visit met meet supported helped asked
told encouraged reassured collected accompanied observed and""".split())
_MEET_WITH = frozenset("""work worked working spoke spoken speak speaking met meet time session sessions visit
visits sat played talked talking relationship spent""".split())
_NOT_NAME_SUFFIXES = ("ing", "ly", "tion", "tions", "ment", "ments", "ness", "ity", "ities", "ies", "ism",
                      "ance", "ence", "ships", "ship", "atic", "ical", "ive", "ous", "ful", "less", "able",
                      "ible")


@lru_cache(maxsize=1)
def _known_words() -> tuple[frozenset, frozenset, frozenset]:
    """The redactor's lists: words that are never names (lower case), first names that are
    also words, and a person's verbs."""
    try:
        from nlp.redact import _ACRONYMS, NOT_NAMES, PERSON_VERBS, WORD_NAMES
    except ImportError:  # pragma: no cover
        return frozenset(), frozenset(), frozenset()
    not_names = {w.lower() for w in NOT_NAMES} | {w.lower() for w in _ACRONYMS}
    return frozenset(not_names), frozenset(WORD_NAMES), frozenset(PERSON_VERBS)


def _redaction_tokens(doc: Doc) -> dict[int, int]:
    """Token index -> redaction number, for the redactor's NAME spans."""
    out: dict[int, int] = {}
    redactions = doc._.redactions if doc.has_extension("redactions") else None
    for n, r in enumerate(redactions or []):
        if getattr(r, "label", None) == "NAME":
            span = doc.char_span(r.start, r.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    out[i] = n
    return out


def _adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 4


_OPENERS = frozenset({"“", '"', "(", "‘", "’", "'", "[", "-", "–", "•"})
_INSTITUTIONAL = frozenset("""audit audits programme programmes performance data figures policy policies
strategy approach framework services teams workforce council model partnership inspection improvement
quality procedures guidance threshold thresholds mash safeguarding residents population budget""".split())


def _looks_like_name(toks: list[Token], lower: list[str], i: int, starts: bool, redacted=frozenset()) -> bool:
    """A capitalised word as a person's name: NER's PERSON or the redactor's NAME, checked
    against the words around it, or an uncommon word where a person stands ("the plan for
    Riley", "Sami moved")."""
    t = toks[i]
    text = t.text
    not_names, word_names, _ = _known_words()
    if not (t.is_alpha and len(text) > 1 and t.is_title) or lower[i] in not_names or text in _FUNCTION_CAPS \
            or text in _MONTHS_DAYS or lower[i] in ADULT_WORDS or lower[i] in CHILD_NOUNS \
            or lower[i] in CHILD_GROUP_NOUNS or lower[i] in TITLES:
        return False
    n = len(toks)
    j = i + 1
    while j + 1 < n and _hyphen_glued(toks, j) and toks[j + 1].is_title:
        j += 2  # "Ellie-Mae": the context after the whole name
    while j < n and _adverb(lower[j]):
        j += 1
    nxt = lower[j] if j < n else ""
    nxt2 = lower[j + 1] if j + 1 < n else ""
    if nxt in _TEAM_WORDS or (nxt2 in _TEAM_WORDS and j < n and toks[j].is_title):
        return False  # "Gloucester Team 3", "Chelt Assess", "Stroud C&F"
    if nxt in POSSESSIVE_S and nxt2 in _INSTITUTIONAL:
        return False  # "Gloucestershire's audit programme"
    before_verb = nxt in VOICE_VERBS or nxt in _PERSON_NEXT or (nxt.endswith("ed") and j < n and toks[j].is_lower) \
        or (nxt == "(" and j + 1 < n and toks[j + 1].like_num)  # "Kayden (6)"
    possessive = nxt in POSSESSIVE_S and (not starts or nxt2 in _RELATIONS or not _common(text))
    prev = lower[i - 1] if i else ""
    after_person_word = not starts and prev in _PERSON_BEFORE
    # Part of a Title Case phrase ("Purposeful Visits", "Nil Returns", "Requiring Improvement"),
    # unless the neighbour is a name too ("Tyler Okafor").
    phrase = any(0 <= k < n and toks[k].is_title and toks[k].is_alpha and not (k == i - 1 and starts)
                 and lower[k] not in TITLES
                 and toks[k].ent_type_ != "PERSON" and k not in redacted for k in (i - 1, i + 1))
    if phrase:
        return False
    # At a sentence start a name is followed by a verb, "'s", a comma, "and" or a surname
    # ("Dip samples are chosen ..." is no one).
    if starts and not (before_verb or possessive or nxt in (",", "(", "and", "who", "-", ")")
                       or (j < n and toks[j].is_title and toks[j].is_alpha and len(toks[j]) > 1)):
        return False
    related = possessive and nxt2 in _RELATIONS
    if text in word_names and related:
        return True  # "Summer's mother" (NER: a DATE)
    if t.ent_type_ in _NON_PERSON_ENTS:
        return False
    if t.ent_type_ and t.ent_type_ not in ("PERSON", "NORP"):
        # NER's ORG, GPE...: a name only where it acts like a person ("Sami moved", "for Riley").
        if j < n and toks[j].ent_iob_ == "I" and lower[j] not in POSSESSIVE_S:
            return False  # part of a longer entity
        if nxt in VOICE_VERBS:
            return True
        if text in word_names:
            return before_verb or possessive
        prev2 = lower[i - 2] if i > 1 else ""
        met = prev in ("with", "to") and prev2 in _MEET_WITH  # "direct work with Harley", "spoken to Imogen"
        return (before_verb or possessive or met or (after_person_word and prev not in ("with", "and"))) and (
            not _common(text) or related)
    if _in_place_list(toks, i):
        return False
    if i in redacted or t.ent_type_ == "PERSON":
        return True
    if text in word_names:
        return (not starts) or before_verb or possessive
    if _common(text) or lower[i].endswith(_NOT_NAME_SUFFIXES):
        plural = lower[i].endswith("s") and _common(lower[i][:-1])  # "Concerns reported ..."
        return (_speaks_next(toks, lower, j) and not plural) or related or _age_follows(toks, lower, j)
    # An uncommon capitalised word mid-sentence, then a lower-case word or punctuation ("that
    # Ava sleeps well", "with Kofi."): a name; not after an article or a number ("the
    # Gloucester team", "2 Gloucester children").
    return before_verb or possessive or after_person_word or (
        not starts and j < n and (toks[j].is_lower or toks[j].is_punct and toks[j].text not in ("-", "&", "/"))
        and prev not in DETERMINERS and not toks[i - 1].like_num)


_DOTTED_INITIAL = re.compile(r"[A-Z]\.")


def _initial(toks: list[Token], lower: list[str], sent: list[int], i: int) -> bool:
    """A single capital standing for a child: "C said", "with M", not "Plan B", "A&E", "Glos S"."""
    text = toks[i].text
    if not ((len(text) == 1 or _DOTTED_INITIAL.fullmatch(text)) and text[0].isupper() and text[0] not in "AI"):
        return False
    prev = lower[i - 1] if i else ""
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    glued = i > 0 and toks[i - 1].whitespace_ == "" and not toks[i - 1].is_space and prev not in ("(", "[", "“", '"')
    after_capital = i > 0 and toks[i - 1].is_title and toks[i - 1].is_alpha and sent[i - 1] == sent[i]
    return (prev not in _INITIAL_EXEMPT and nxt not in ("-", "&", "/", "+") and prev not in ("-", "&", "/", "+")
            and not glued and not after_capital)


def _speaks_next(toks: list[Token], lower: list[str], j: int) -> bool:
    """A speaking or feeling verb from token j on ("Tom is worried that", "Adam has spoken
    about"): the word before is a person."""
    n = len(toks)
    while j < n and lower[j] in ("has", "have", "had", "is", "was", "'s", "also", "now", "clearly", "always",
                                 "repeatedly", "consistently", "previously", "recently"):
        j += 1
    if j >= n:
        return False
    w, nxt = lower[j], (lower[j + 1] if j + 1 < n else "")
    passive = w in PASSIVE_FORMS and lower[j - 1] in BE  # "Tom was told" says nothing of Tom
    return (w in VOICE_VERBS and not passive) or (w in TALK_VERBS and nxt in ("about", "of")) or (
        w in FEELING_ADJ and nxt in FEELING_OBJECT)


_AGE_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                       "fifteen sixteen seventeen eighteen nineteen".split())


def _age_follows(toks: list[Token], lower: list[str], j: int) -> bool:
    """"Maria is two and ...", "Tia is 14.": a name and an age."""
    if j + 2 >= len(toks) or lower[j] not in ("is", "was", "turned", "aged"):
        return False
    age, after = lower[j + 1], lower[j + 2]
    return (age in _AGE_WORDS or (age.isdigit() and int(age) < 26)) and after in ("and", ",", ".", "years", "(")


def _hyphen_glued(toks: list[Token], i: int) -> bool:
    """Token i is a hyphen joining two words with no spaces ("Ellie-Mae")."""
    return 0 < i < len(toks) - 1 and toks[i].text in ("-", "‐") and not toks[i - 1].whitespace_ \
        and not toks[i].whitespace_


def _in_place_list(toks: list[Token], i: int) -> bool:
    """"from Forest, Stroud, Cotswold and Tewkesbury": a list of places, not of people."""
    places = ("GPE", "LOC", "ORG", "FAC")
    for a, b in ((i - 1, i - 2), (i + 1, i + 2)):
        if 0 <= b < len(toks) and toks[a].text in (",", "and") and toks[b].ent_type_ in places:
            return True
    return False


def _names(doc: Doc, toks: list[Token], lower: list[str], sent: list[int]) -> dict[int, str]:
    """Token index -> CHILD or ADULT, for every token of a name, [NAME] or initial. `toks`:
    list(doc), made once (each doc[i] builds a new Token object)."""
    redacted = _redaction_tokens(doc)
    n = len(toks)
    found: set[int] = set()
    for i in sorted(redacted):
        t = toks[i]
        if len(t.text) == 1 and t.text.isupper():
            if _initial(toks, lower, sent, i):
                found.add(i)  # an initial the redactor found
        elif t.is_alpha:
            starts = i == 0 or sent[i - 1] != sent[i] or toks[i - 1].text in _OPENERS
            if _looks_like_name(toks, lower, i, starts, redacted):
                found.update(k for k, r in redacted.items() if r == redacted[i])
    for t in toks:
        i = t.i
        if t.text == "NAME" and 0 < i < n - 1 and toks[i - 1].text == "[" and toks[i + 1].text == "]":
            found.update((i - 1, i, i + 1))
        elif _initial(toks, lower, sent, i):
            found.add(i)
        elif i not in found:
            starts = i == 0 or sent[i - 1] != sent[i] or toks[i - 1].text in _OPENERS
            if i not in redacted and _looks_like_name(toks, lower, i, starts, redacted):
                found.add(i)
    # A word found once is a name everywhere in the narrative (unless also written in lower case).
    lowercase = {t.text for t in toks if t.is_lower}
    surfaces = {toks[i].text for i in found if toks[i].is_alpha and len(toks[i]) > 1 and toks[i].is_title}
    for t in toks:
        if (t.text in surfaces and t.i not in found and t.lower_ not in lowercase
                and t.ent_type_ not in _NON_PERSON_ENTS):
            found.add(t.i)
    for i in sorted(found):  # "Ellie-Mae": both halves of a hyphenated name
        if i + 2 < n and _hyphen_glued(toks, i + 1) and toks[i + 2].is_title:
            found.update((i + 1, i + 2))
        if i >= 2 and _hyphen_glued(toks, i - 1) and toks[i - 2].is_title:
            found.update((i - 2, i - 1))
    # Runs of adjacent name tokens are one name; each gets a role.
    roles: dict[int, str] = {}
    runs: list[list[int]] = []
    for i in sorted(found):
        if runs and (i == runs[-1][-1] + 1 and (redacted.get(i, -1) == redacted.get(runs[-1][-1], -2)
                                                or toks[i].text in ("]", "NAME") or toks[i - 1].text == "["
                                                or toks[i].is_title and toks[i - 1].is_title
                                                or _hyphen_glued(toks, i) or _hyphen_glued(toks, i - 1))):
            runs[-1].append(i)
        else:
            runs.append([i])
    adult_surfaces: set[str] = set()
    for run in runs:
        role = _name_role(doc, toks, lower, run)
        for i in run:
            roles[i] = role
        if role == ADULT:
            adult_surfaces.update(toks[i].text for i in run if toks[i].is_alpha and len(toks[i]) > 1)
    for i in roles:
        if toks[i].text in adult_surfaces:
            roles[i] = ADULT
    return roles


def _name_role(doc: Doc, toks: list[Token], lower: list[str], run: list[int]) -> str:
    """A child's name unless a title, a family word or a job stands next to it, it follows
    "by", or it is a first name and a surname ("Steve Hart") with no child's particulars."""
    n = len(toks)
    first, last = run[0], run[-1]
    adult_word = ADULT_FEMALE | ADULT_MALE | _JOB_NEAR | {"parent", "carer", "partner"}
    j = first - 1
    while j >= 0 and lower[j] in ("(", "the", "external", "senior", "-"):
        j -= 1
    if j >= 0 and (lower[j] in TITLES or lower[j] in adult_word or lower[j] == "by"):
        return ADULT  # "Ms Okafor", "mum Leanne", "moderator Steve Hart", "seen by Sarah"
    if j >= 1 and lower[j] in ("and", "&") and lower[j - 1] in TITLES:
        return ADULT  # "Mr and Mrs Okafor"
    closed = last + 1 >= n or lower[last + 1] in (",", ")", "(", ".")
    if j >= 1 and lower[j] == "," and lower[j - 1] in adult_word and closed:
        return ADULT  # "her mother, Leanne, said"
    k = last + 1
    while k < n and k <= last + 5 and (lower[k] in (",", "(", "the", "a", "her", "his", "-", "our", "is", "as")
                                       or toks[k].is_title and lower[k] not in _JOB_NEAR
                                       and lower[k] not in ADULT_WORDS):
        k += 1
    if k < n and k > last + 1 and (lower[k] in _JOB_NEAR or lower[k] in ADULT_FEMALE | ADULT_MALE
                                   or lower[k] in ("parent", "carer")):
        return ADULT
    words = [i for i in run if toks[i].is_alpha and len(toks[i]) > 1 and toks[i].text != "NAME"
             and (i == first or toks[i - 1].whitespace_)]  # "Poppy-Jo" is one word
    if len(words) >= 2:
        after = doc[last + 1:last + 4].text
        if not re.match(r"\s*(?:\(|,\s*(?:aged?\s+)?\d|is\s+\d)", after):
            return ADULT
    return CHILD


