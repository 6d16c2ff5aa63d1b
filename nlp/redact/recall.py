"""Issue 12's recall-first signals and the rules for initials, months and file names."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .context import TEXT_KEY, _person_verb_follows, _starts_sentence
from .patterns import Names, Redaction, _overlaps
from .strong import _CLAUSE_PREDICATE
from .words import (_ROLE_ACRONYMS, ACTION_VERBS, _DOTTED_INITIAL, _INITIAL_EXEMPT_BEFORE, _INSTITUTIONAL,
                    _MEETING_WORDS, _NOT_NAME_PHRASES,
                    _PLACE_PREPOSITIONS, KIN, MONTHS, PERSON_VERBS, ROLE_WORDS, _common_word, _function_word, _zipf,
                    not_a_name)


_LEAD_ROLES = _ROLE_ACRONYMS | {"TM", "SM"}  # "TM Caradog Wyn" (NER's organisation)


def _recall_signals(doc: Doc, toks: list[Token], names: Names, free, ents) -> None:
    """Issue 12's recall-first signals, each named: a listed name (the gazetteer, nlp/names.py),
    an unknown capitalised word in a person's context (after a role or family word, before a
    person's verb, before "'s"), hyphenated names, and a listed name in lower case where a
    person would be ("saw tariq at school")."""
    from nlp.names import gazetteer, is_name, key, uncommon_name

    def uncommon_first(word: str) -> bool:
        return key(word) in gazetteer()[0] and not _common_word(word)

    def org_word(tok) -> bool:  # "Infirmary", "Primary", "Assessment": a word of a place or an organisation
        return tok.text not in names and not is_name(tok.text) and (not_a_name(tok.text) or _zipf(tok.text) >= 3.0)

    placey = set()
    for e in ents:
        if e.label_ in ("PERSON", "CARDINAL", "ORDINAL", "QUANTITY", "DATE", "TIME", "PERCENT", "MONEY"):
            continue
        words = [t for t in e if t.is_alpha]
        # "Hind Ng", "of Uchenna": NER's place or organisation led by a listed first name that is no
        # common word, with no domain word in it, is a person (places named so are on the protected list)
        # "SW Rhiannon Price", "IRO Declan Moran": a role's acronym before the name is no organisation
        lead = 0
        while lead < len(words) - 1 and words[lead].text.isupper() and len(words[lead].text) <= 5:
            lead += 1
        core = words[lead:]
        person_like = bool(core) and not any(not_a_name(t.text) for t in core) and (
            uncommon_first(core[0].text)
            # "SW Eluned Rhys": after a role's acronym, capitalised words that are no English words
            or (lead == 1 and (words[0].lower_ in ROLE_WORDS or words[0].text in _LEAD_ROLES)
                and all(t.text[:1].isupper() and not _common_word(t.text) for t in core)))
        if person_like:
            continue
        if len(words) > 1 and any(org_word(t) for t in words):
            placey.update(range(e.start, e.end))  # "Bradford Royal Infirmary", "Oakfield Primary"
        elif len(words) == 1 and e.start > 0 and toks[e.start - 1].lower_ in _PLACE_PREPOSITIONS:
            placey.add(e.start)  # "in Barnsley"
    n = len(toks)
    for i, token in enumerate(toks):
        t = token.text
        if len(t) < 2 or not token.is_alpha or not free(token.idx, token.idx + len(token)) or t in names:
            continue
        j = i - 1
        while j >= 0 and toks[j].text in (",", "(", ":", "-", "–"):
            j -= 1
        prev = toks[j].lower_ if j >= 0 else ""
        k = i + 1
        if k < n and toks[k].text == "(":  # "Kaz (the older sibling) told ..."
            close = next((m for m in range(k, min(n, k + 12)) if toks[m].text == ")"), None)
            k = close + 1 if close is not None else k
        nxt = toks[k] if k < n else None
        role = prev in ROLE_WORDS or prev in KIN
        owner = (nxt is not None and nxt.text in ("'s", "’s")
                 and not (k + 1 < n and toks[k + 1].lower_ in _INSTITUTIONAL))  # not "Gloucestershire's audit"
        acts = nxt is not None and (nxt.lower_ in PERSON_VERBS or owner or _person_verb_follows(toks, k))
        if token.is_lower:
            after = toks[i + 1].lower_ if i + 1 < n else "."
            if len(t) > 2 and is_name(t) and t not in KIN and t not in ROLE_WORDS and (  # "phoned mum" is no name
                    (_zipf(t) < 3.5 and (prev in _MEETING_WORDS or prev in KIN or acts))
                    or (_zipf(t) < 5.0 and prev in ("saw", "seen", "visited", "met", "rang", "phoned", "called")
                        and after in (".", ",", "at", "in", "with", "today", "alone", "and", "'s", "’s"))):
                names.add(t, "gazetteer-lower-case")  # "saw kayden at school"
            continue
        if t.isupper() or not_a_name(t) or t in MONTHS or _function_word(t) or i in placey:
            continue
        if i and toks[i - 1].text in ("St", "St.", "Saint"):
            continue  # "St Mary's", "St John's Wood": a saint's name is a church's, a school's or a place's
        if nxt is not None and (t, nxt.lower_) in _NOT_NAME_PHRASES:
            continue  # "Moses basket"
        # "Lilly-Ann", "Smith-Ellery": capitalised parts joined by a hyphen, one of them a listed name
        if (i + 2 < n and toks[i + 1].text in ("-", "‐") and token.whitespace_ == "" and toks[i + 1].whitespace_ == ""
                and toks[i + 2].is_alpha and toks[i + 2].text[:1].isupper() and not not_a_name(toks[i + 2].text)
                and (is_name(t) or is_name(toks[i + 2].text)) and not org_word(toks[i + 2])):
            names.add(t, "hyphenated-name")
            names.add(toks[i + 2].text, "hyphenated-name")
            continue
        start = _starts_sentence(token)
        run = []
        for m in range(i + 1, min(n, i + 5)):
            if toks[m].text in ("-", "‐"):
                continue
            if not (toks[m].is_alpha and toks[m].text[:1].isupper()):
                break
            run.append(toks[m])
        if run and any(org_word(x) for x in run) and not acts:
            continue  # "Bradford Royal Infirmary", "Oakfield Primary School"
        following_name = bool(run) and (run[0].text in names or is_name(run[0].text))
        if uncommon_name(t) and (not start or acts or following_name or role):
            names.add(t, "gazetteer")
        elif role and (is_name(t) or not _common_word(t)):
            names.add(t, "role-or-family-word")  # "the social worker, Anna Gravelle,"
        elif acts and not _common_word(t) and (not start or k > i + 1):
            names.add(t, "unknown-capitalised")  # "... when Chidinma said", "Kaz (the older sibling) told"
        elif following_name and is_name(t) and not start and not _common_word(run[0].text):
            names.add(t, "gazetteer")  # "Jean Okafor"



def _initials(toks: list[Token], protected, names: set[str] = frozenset()) -> list[Redaction]:
    """Single capital letters standing for a child: "C was seen", "M's mum", "with C"."""
    found = []
    for i, token in enumerate(toks):
        dotted = _DOTTED_INITIAL.fullmatch(token.text) is not None  # spaCy keeps "J." as one token
        if (len(token.text) != 1 and not dotted) or not token.text[0].isupper():
            continue
        if token.text[0] in ("A", "I") and not (dotted and i + 1 < len(toks) and toks[i + 1].lower_ in PERSON_VERBS):
            continue  # the words "A" and "I"; "A. was tearful" is a child
        prev = toks[i - 1].lower_ if i > 0 else ""
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        if prev in _INITIAL_EXEMPT_BEFORE or nxt in (".", ")") and prev in ("(",):
            continue
        if nxt in ("-", "&", "/", "+") or prev in ("-", "&", "/", "+"):
            continue  # "X-ray", "T-shirt", "A&E", "B/C"
        if i > 0 and toks[i - 1].whitespace_ == "" and not toks[i - 1].is_punct and not toks[i - 1].is_space:
            continue
        end = token.idx + 1
        j = i + 1 if dotted else (i + 2 if nxt == "." else len(toks))
        after = toks[j] if j < len(toks) else None
        if after is not None and after.text[:1].isupper() and len(after) > 1 and after.idx - end <= 2:
            if after.text in names:
                end = token.idx + 2  # "J. Smith": the initial goes with the name
        if _overlaps(token.idx, end, protected):
            continue
        found.append(Redaction(token.idx, end, "NAME", "initial"))
    return found


def _word_at_sentence_start(doc: Doc, start: int, end: int, names=frozenset()) -> bool:
    """A word-name opening a sentence with no person's verb after it: the word, not the name."""
    span = doc.char_span(start, end)
    if span is None or len(span) != 1:
        return False
    token = span[0]
    if not _starts_sentence(token) or any(e.label_ == "PERSON" and e.start <= token.i < e.end for e in doc.ents):
        return False
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.text in ("-", "‐") and token.whitespace_ == "" and token.i + 2 < len(doc):
        nxt = doc[token.i + 2]  # "Daisy-Mae"
    org_after = nxt is not None and nxt.lower_ == "from" and _organisation_follows(doc, nxt.i + 1)  # "Mark from the YJS"
    # "Sky built a trusting relationship", "Ruby declined": the clause predicates of round 10
    predicate = _CLAUSE_PREDICATE.match(doc.user_data.get(TEXT_KEY) or doc.text, end) is not None
    return not (predicate or nxt is not None and (nxt.lower_ in PERSON_VERBS or nxt.lower_ in ACTION_VERBS or org_after
                                     or nxt.text in ("'s", "’s", "(", ",")
                                     or nxt.lower_ == "and" or nxt.text in names))


def _organisation_follows(doc, j: int) -> bool:
    """A capitalised word from token j on, after an optional "the": "(from) the Youth Justice Service"."""
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    return j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha


def _month_as_date(text: str, start: int, end: int) -> bool:
    """"3 May 2019", "May 2019": a month in a date, not a girl called May."""
    return bool(re.search(r"\d(?:st|nd|rd|th)?\s*$", text[max(0, start - 6):start])
                or re.match(r"\s*\d", text[end:end + 3]))


_FILE_RE = re.compile(
    r"(?<![\w/\\.-])([\w'’-]+(?:[_ .][\w'’-]+)*?)(\.(?:docx?|pdf|xlsx?|csv|txt|rtf|odt|msg|eml|jpe?g|png|pptx?))\b"
    r"|(?<![\w/\\.-])([A-Za-z][\w'’-]*_[\w'’-]+)(?![\w/])", re.IGNORECASE)


def _rare_capitalised(word: str) -> bool:
    """"Onyango" in "Baron_Onyango_chronology.docx": a capitalised word in a file name that is in
    no list and rare in English is a surname (round 11); "Final", "Chronology", "CP" are not."""
    word = word.strip("'’")
    return (len(word) > 2 and word[:1].isupper() and not word.isupper() and word.isalpha()
            and not not_a_name(word) and _zipf(word) < 2.5)


def _file_names(text: str, taken) -> list[Redaction]:
    """"wei_chen_chronology.docx", "kayden-pike_notes": a file name or an id with a listed name
    in it goes whole (its extension stays)."""
    from nlp.names import is_name, names_in_identifier, words_of_identifier

    found = []
    for m in _FILE_RE.finditer(text):
        group = 1 if m[1] else 3
        stem = m[group]
        if " " in stem:  # "notes on Kayden Pike.docx": only the last words make the name
            stem = stem.split(" ")[-1]
        stem = stem.lstrip(".")
        start = m.end(group) - len(stem)
        words = words_of_identifier(stem)
        if (names_in_identifier(stem) or (len(words) > 1 and any(is_name(w) and _zipf(w) < 5.0 and len(w) > 2 for w in words))
                or any(_rare_capitalised(w) for w in words)) \
                and not _overlaps(start, m.end(group), taken):
            found.append(Redaction(start, m.end(group), "NAME", "file-name"))
    return found


