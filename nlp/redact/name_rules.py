"""Name rules: the context that makes a capitalised word a name."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from nlp.names import listed_first as _listed_first

from .context import _capitalised_run, _person_verb_follows, _starts_sentence
from .patterns import Names, _overlaps
from .cues import _cue_names
from .forms import _form_names
from .frames import _frame_names
from .minutes import _action_owners, _for_at_clause_end
from .lowercase import _lower_case_names
from .notes import _note_names
from .signoff import _signoff_names
from .ner import _ner_names
from .propagate import _listed_last, _propagate
from .recall import _recall_signals
from .unlisted import _person_cues, _unlisted_names
from .shapes import _shape_names
from .strong import _strong_frames
from .words import (_DOTTED_INITIAL, _INSTITUTIONAL, _MEETING_WORDS, _NOT_NAME_PHRASES, _SEASON_NOUNS, _SPEAKING_WORDS,
                    _TITLE, KIN, KIN_TITLES, MONTHS, NOT_NAMES, PERSON_VERBS, RELATIONS, ROLE_WORDS, TITLES, WORD_NAMES, _common_word,
                    _function_word, not_a_name)


_NAME_CHANGED_RE = re.compile(
    r"(?<![\w'’-])([A-Z][\w'’]*(?:-[A-Z][\w'’]*)?(?:[ \t]+[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?)?)"
    r"[ \t]*\((?:(?:all[ \t]+)?names?[ \t]+(?:(?:has|have)[ \t]+been[ \t]+)?(?:changed|altered|anonymised)"
    r"|not[ \t]+(?:his|her|their|the|a)[ \t]+real[ \t]+name|pseudonym|alias|anonymised)\)", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*)['’]s\b")
_TITLES_BEFORE_RE = re.compile(rf"(?:\b{_TITLE}[ \t]+(?:(?:and|&)[ \t]+)?)+$")
# Letters beyond ASCII too ("Kösemen (age 4)", round 11): the case is checked by `_cased`.
_NAME_WORD = r"[^\W\d_]+(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)*"
_AGE = (r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
        r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|twenty-one)")
# "Kayden (6)", "Amelia (LCS ID 77123, DOB ...)", "Alfie (DOB ...)": a name then its particulars.
_NAME_PAREN_RE = re.compile(rf"(?<![\w'’-])({_NAME_WORD})[ \t]*\(([^()\n]{{0,80}})\)")
_PARTICULARS_RE = re.compile(
    r"(?i:\s*(?:aged?\s+\d|(?:[a-z.]+\s+){0,2}(?:ref(?:erence)?|id|dob|d\.o\.b|no)\b\.?\s*:?\s*\w*\d|born\b|"
    r"dob\b|d\.o\.b|names?\s+(?:changed|altered)))")
# "Tia is 14", "Sophie is nine", "Isla, five, was ...": a name then an age.
_NAME_AGE_RE = re.compile(
    rf"(?<![\w'’-])({_NAME_WORD})(?:[ \t]+(?:is|was|turned|turns)(?:[ \t]+(?:now|nearly|almost|just|only))?[ \t]+"
    rf"|,[ \t]*(?:aged[ \t]+)?(?=(?:{_AGE})[ \t]*,)){_AGE}(?![\w-])(?![ \t]+(?:of|percent|per|%|times|days|weeks|months|hours))")
_BESIDE_PLACEHOLDER_RE = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*)[ \t]+\[NAME\]|\[NAME\][ \t]+([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*)(?![\w-])")


def _cased(word: str) -> bool:
    """"Kösemen", "O'Neill", "Daisy-Mae": each part a capital then lower case, as _NAME_WORD
    asked in ASCII before round 11."""
    parts = [q for p in word.split("-") for q in re.split(r"['’]", p)]
    return all(q[:1].isupper() and (len(q) == 1 or q[1:].islower()) for q in parts)


def _name_tokens(doc: Doc, toks: list[Token], text: str, protected, taken=()) -> set[str]:
    """Surface forms of name tokens: NER, titles, word-names, possessives, "(name changed)",
    "Keeley said", and the surname next to a first name found by any of those. `toks` is
    list(doc) and `text` doc.text, made once (spaCy builds a new Token on each doc[i], and
    doc.text anew on each access)."""
    names = Names()
    blocked = list(protected) + list(taken)

    def free(start: int, end: int) -> bool:
        return not _overlaps(start, end, blocked)

    def add(token_text: str, rule: str) -> None:
        word = re.sub(r"['’]s$", "", token_text).rstrip(".")
        if len(word) > 1 and word[0].isupper() and not not_a_name(word):
            names.add(word, rule)

    lowercase_words = {t.text for t in toks if t.is_lower}
    ents = list(doc.ents)
    in_person = {i for e in ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
    by_start = {t.idx: t for t in toks}
    _ner_names(ents, toks, lowercase_words, free, add)
    for i, token in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if token.text.rstrip(".") in TITLES and nxt is not None and nxt.text[:1].isupper():
            if free(nxt.idx, nxt.idx + len(nxt)):
                add(nxt.text, "title")
                word = nxt.text.rstrip(".")
                # "Mr English", "Dr French": after a title, a listed surname is one even where the
                # word alone never is a name (a language, a nationality).
                if word in NOT_NAMES and word not in TITLES and _listed_last(word):
                    names.add(word, "title")
        if token.text in WORD_NAMES and free(token.idx, token.idx + len(token)):
            followed_by_person_verb = nxt is not None and (
                nxt.lower_ in PERSON_VERBS or nxt.text in ("'s", "’s", "(", ",") or nxt.lower_ == "and")
            # "the Royal Hospital", "River Severn": a capitalised word after it that is not
            # itself a name makes a place or an organisation, not a person.
            before_proper = (nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha
                             and nxt.i not in in_person)
            season = nxt is not None and nxt.lower_ in _SEASON_NOUNS  # "the Summer term"
            if followed_by_person_verb or (not _starts_sentence(token) and not before_proper and not season):
                add(token.text, "word-name")
        if token.text.endswith(("'s", "’s")) and token.text[:-2] in WORD_NAMES:
            add(token.text, "word-name")
        # "Keeley said ...": an uncommon capitalised word at a sentence start, then a person's verb.
        if (token.is_alpha and token.text[:1].isupper() and nxt is not None and _starts_sentence(token)
                and _person_verb_follows(toks, token.i + 1) and not _common_word(token.text)
                and not not_a_name(token.text) and free(token.idx, token.idx + len(token))):
            add(token.text, "verb-after")
        # "Daisy-Mae Thornton was seen ...": a run of capitalised words opening a sentence (or
        # after "saw", "with" ...), then a person's verb.
        if (token.is_alpha and token.text[:1].isupper() and len(token) > 1
                and (_starts_sentence(token) or (token.i > 0 and toks[token.i - 1].lower_ in _MEETING_WORDS))):
            run, j = _capitalised_run(toks, token.i)
            if (len(run) >= 2 and _person_verb_follows(toks, j)
                    and not any(not_a_name(w.text) or _function_word(w.text) or w.text in MONTHS for w in run)
                    and any(w.text in WORD_NAMES or not _common_word(w.text) for w in run)
                    and all(free(w.idx, w.idx + len(w)) for w in run)):
                for w in run:
                    add(w.text, "verb-after")
        # "T. Okafor": an initial and a full stop, then an uncommon capitalised word.
        if _DOTTED_INITIAL.fullmatch(token.text) and nxt is not None and nxt.is_alpha and len(nxt) > 1 \
                and nxt.text[:1].isupper() and free(nxt.idx, nxt.idx + len(nxt)):
            after = toks[i + 2] if i + 2 < len(toks) else None
            if not _common_word(nxt.text):
                add(nxt.text, "initial-surname")
            elif _listed_last(nxt.text) and not (after is not None and after.text[:1].isupper()) \
                    and not _function_word(nxt.text):
                names.add(nxt.text, "initial-surname")  # "W. Young, a ...": a listed surname that is a word too
    # "the social worker saw Tyler alone": an uncommon capitalised word alone, as the object of
    # a verb of meeting or speaking (NER gives such names back as places or nothing at all).
    other_ents = [e for e in ents if e.label_ not in ("PERSON", "ORG", "CARDINAL", "ORDINAL", "QUANTITY")]
    words = [t for t in toks if not t.is_space]
    for w, token in enumerate(words):
        if w < 1 or not token.is_alpha or len(token) < 2 or not token.text[0].isupper() or _starts_sentence(token):
            continue
        if token.text.isupper() or not token.text[1:].islower() or token.text in names:
            continue
        prev, nxt = words[w - 1], (words[w + 1] if w + 1 < len(words) else None)
        before = words[w - 2].lower_ if w >= 2 else ""
        if not (prev.lower_ in _MEETING_WORDS or (prev.lower_ in ("to", "with") and before in _SPEAKING_WORDS)):
            continue
        if nxt is not None and (nxt.text[:1].isupper() and nxt.is_alpha or nxt.text == "-"
                                or (token.text, nxt.lower_) in _NOT_NAME_PHRASES):
            continue  # part of a longer proper noun ("with Early Help")
        if (token.text in MONTHS or not_a_name(token.text) or _common_word(token.text)
                or token.lower_ in lowercase_words or not free(token.idx, token.idx + len(token))):
            continue
        ent = next((e for e in other_ents if e.start <= token.i < e.end), None)
        if ent is not None and not (ent.label_ in ("GPE", "LOC", "FAC") and len(ent) == 1):
            continue
        add(token.text, "meeting-verb")
    # "Aisha [NAME]", "[NAME] Barker": the rest of a name whose other part was redacted
    # (a store written by an older redactor, re-checked).
    for m in _BESIDE_PLACEHOLDER_RE.finditer(text):
        group = 1 if m[1] else 2
        word = m[group]
        if (not not_a_name(word) and not _function_word(word) and word not in MONTHS
                and free(m.start(group), m.end(group))):
            for part in word.split("-"):
                add(part, "name-changed")
    for m in _NAME_CHANGED_RE.finditer(text):
        if free(m.start(1), m.end(1)):
            for word in re.split(r"[ \t]+|-", m[1]):
                add(word, "beside-placeholder")
    for m in _POSSESSIVE_RE.finditer(text):
        word = m[1]
        if not_a_name(word) or not free(m.start(1), m.end(1)) or re.search(r"\b(?:St\.?|Saint)\s+$", text[:m.start(1)]):
            continue  # "St Mary's Primary School"
        token = by_start.get(m.start(1))
        following = re.match(r"\s*([A-Za-z]+)", text[m.end():])
        related = following is not None and following[1].lower() in RELATIONS
        if following is not None and following[1].lower() in _INSTITUTIONAL:
            continue  # "Gloucestershire's audit programme"
        place = token is not None and any(e.label_ not in ("PERSON", "ORG") and e.start <= token.i < e.end
                                          for e in ents)
        if word in MONTHS or (place and not related):
            continue  # "May's audits", "Gloucestershire's audit programme"
        if re.search(r"\bthe\s+$", text[max(0, m.start(1) - 5):m.start(1)]) and _common_word(word) and not _listed_first(word):
            continue  # "the Forum's response", "the Door's": a common word after "the" is no person's name
        sentence_start = token is None or _starts_sentence(token) or text[:m.start(1)].rstrip()[-1:] in ("", ":", "\n")
        following = re.match(r"\s*([A-Za-z]+)(?:\s+([A-Za-z]+))?", text[m.end():])
        # "Tyler's mum", "Rio's football coach": a relation or a role within two words
        related = following is not None and any(w and (w.lower() in RELATIONS or w.lower() in ROLE_WORDS)
                                                 for w in (following[1], following[2]))
        if not sentence_start or related or not _common_word(word):
            for part in re.split(r"-", word):
                add(part, "possessive")
    for m in _NAME_PAREN_RE.finditer(text):
        word, inside = m[1], m[2]
        if not _cased(word) or len(word) < 2 or not_a_name(word) or _function_word(word) or not free(m.start(1), m.end(1)):
            continue
        if word in MONTHS:
            continue
        labelled = _PARTICULARS_RE.match(inside) is not None
        age = re.fullmatch(rf"\s*(?:aged?\s+)?{_AGE}(?:\s*(?:years?|yrs?)(?:\s*old)?)?\s*", inside) is not None
        after = re.match(r"\s*(['’]s\b|[A-Za-z]+|,|:)", text[m.end():])
        # "Kosi (age 4): ..." the aged person speaks (round 11)
        acts = after is not None and (after[1].lower() in PERSON_VERBS or after[1] in ("and", ",", "'s", "’s", ":"))
        if labelled or _overlaps(m.start(2), m.end(2), taken) or (age and acts):
            for part in word.split("-"):
                add(part, "particulars")
    for m in _NAME_AGE_RE.finditer(text):
        word = m[1]
        if _cased(word) and len(word) > 1 and not not_a_name(word) and not _function_word(word) and free(m.start(1), m.end(1)):
            for part in word.split("-"):
                add(part, "age")
    for i, token in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        # "Auntie Jo", "Nanny Pat"
        if token.text in KIN_TITLES and nxt.is_alpha and nxt.text[:1].isupper() and free(nxt.idx, nxt.idx + len(nxt)):
            add(nxt.text, "kin-title")
        # "her mother, Leanne Harper", "his brother Kai", "parents, Nicola and Ryan"
        if token.lower_ in KIN and not token.text[:1].isupper():
            j = i + 2 if nxt.text == "," and i + 2 < len(toks) else i + 1
            cand = toks[j]
            if (cand.is_alpha and cand.text[:1].isupper() and not _starts_sentence(cand) and len(cand) > 1
                    and not not_a_name(cand.text) and not _function_word(cand.text) and cand.text not in MONTHS
                    and free(cand.idx, cand.idx + len(cand))):
                add(cand.text, "kin")
    _recall_signals(doc, toks, names, free, ents)
    _cue_names(toks, names, free)
    _form_names(text, toks, names, free)
    _propagate(toks, names, free)
    _shape_names(text, toks, names, free)
    _frame_names(text, toks, names, free)
    _unlisted_names(toks, names, free)
    _person_cues(toks, names, free)
    _action_owners(toks, names, free)
    _for_at_clause_end(toks, names, free)
    _note_names(toks, names, free)
    _strong_frames(text, toks, names, free)
    _lower_case_names(toks, names, free)
    _signoff_names(text, toks, names, free)
    _propagate(toks, names, free)  # the rest of a name the round-7 signals found ("[Vũ] Cheng")
    return names


