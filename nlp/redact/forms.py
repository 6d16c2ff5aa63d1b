"""Name forms the other rules miss (issue 12, third round, found on eval/data/redaction_dev2.jsonl):
names in capitals ("Present: MAISIE POWELL (foster carer)"), listed first names in lower case
before a verb of speech ("tc with hope - hope says ..."), two initials before "to be" or after
"with" ("AB to be updated"), a name right after a job title ("the Designated Nurse Sorcha
Novak"), a run of capitalised words before a person's or an action verb anywhere in a
sentence ("; Lloyd Ng rang me back", "Macca came to the door"), a name after a word that
points at a person ("concerns about Honour", "re Guled:", "hits Guled"), a surname before
"family"/"household", a first name before "from the" an organisation, and aliases ("known as
Spider", "Dad (Gethin)", "Mo (Mohamed Warsame)"); and, on the keep side, one unlisted rare
capitalised word after "in" or "moved to" is a place (`_unlisted_places`). The later rules came
from the hand-written rows of eval/data/redaction_fresh*.jsonl.

Why: notes and minutes write names in capitals or in lower case, and an audit sentence names a
worker after the title; the gazetteer alone is not enough where the word is also a word.
Where unsure, redact: team and service names survive by the protected list.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from .context import _person_verb_follows, _starts_sentence
from .patterns import Names
from .protect import _JOB_TITLES_RE
from .words import (ACTION_VERBS, _ACRONYMS, KIN, MONTHS, NOT_NAMES, ROLE_WORDS, SPEECH_VERBS, TITLES, WORD_NAMES,
                    _common_word, _function_word, _zipf, not_a_name)

# Words after which a capitalised word is a person: "concerns about Honour", "re Guled", "hits Guled".
_PERSON_BEFORE = frozenset("""
about re regarding hits hit kicked slapped hurt punched pushed grabbed blamed protects protected
warmly fondly
""".split())
_PERSON_BEFORE_WEAK = frozenset("""
for of with by to including praised thanked challenged supervised phoned rang emailed texted informed told asked
visited saw met knew
""".split())
_FAMILY_NOT_PERSON = frozenset("hub hubs service services support team teams court courts centre centres group "
                               "groups network partnership panel practitioner practitioners worker workers".split())
_PRONOUNS = frozenset("i me he him she her they them we us you it who one someone everyone nobody anyone".split())
_TO_BE_AFTER = frozenset("to will has had was is and needs feels wants would should can could must".split())
_INITIALS_BEFORE = frozenset("with for from by told informed updated update cc fao".split())


_CAPS_TITLES = frozenset("MR MRS MS MISS MX DR".split())


def _caps_word(tok: Token) -> bool:
    t = re.sub(r"^Ma?c(?=[A-Z])", "", tok.text.replace("'", "").replace("’", ""))  # "McCALLUM"
    return len(t) >= 2 and t.isalpha() and t.isupper()


def _listed(word: str, first_only: bool = False) -> bool:
    from nlp.names import gazetteer, key
    first, last = gazetteer()
    k = key(word)
    return k in first or (not first_only and k in last)


def _domain(word: str) -> bool:
    """An acronym of the lexicon or a domain word in capitals ("CHILD", "MASH"): not a name."""
    cap = word[:1] + word[1:].lower()
    return word in _ACRONYMS or cap in NOT_NAMES or cap in TITLES or cap in MONTHS or _function_word(cap)


def _capitals(toks: list[Token], names: Names, free) -> None:
    """"MAISIE POWELL (foster carer)", "JEAN-LUC STEWART-OGUN": a run of capital-letter words whose
    first is a listed first name, none an acronym or a domain word; one word alone when a
    role or a family word in brackets, a person's verb or a name found follows it."""
    n, i = len(toks), 0
    while i < n:
        if not _caps_word(toks[i]) or (i > 0 and _caps_word(toks[i - 1])):
            i += 1
            continue
        run, j = [], i
        while j < n and len(run) < 5:
            if _caps_word(toks[j]):
                run.append(toks[j])
                j += 1
            elif toks[j].text in ("-", "‐") and run and toks[j - 1].whitespace_ == "" and toks[j].whitespace_ == "" \
                    and j + 1 < n and _caps_word(toks[j + 1]):
                j += 1
            else:
                break
        i = j
        titled = [t for t in run if t.text in _CAPS_TITLES or t.text == "AND"]
        if titled and run[0].text in _CAPS_TITLES:  # "MR AND MRS OYELOWO-BRIGGS": all after the titles
            for t in run[len(titled):] if run[:len(titled)] == titled else []:
                if t.text not in _ACRONYMS and free(t.idx, t.idx + len(t)):
                    names.add(t.text, "capitals")
            continue
        head = run[0].text.replace("'", "").replace("’", "")
        if _domain(head) or not (_listed(head, True) or head.capitalize() in WORD_NAMES):
            continue
        # later words may be words too when they are listed surnames ("ROSE YOUNG", "HIND SAID")
        if any(t.text in _ACRONYMS or (_domain(t.text) and not _listed(t.text)) for t in run[1:]):
            continue
        nxt = toks[j] if j < n else None
        # one word alone needs more than "is" after it ("PIPA is used to ...": a tool)
        beside = nxt is not None and (nxt.text in names or nxt.text in ("(", ",") or nxt.lower_ in SPEECH_VERBS
                                      or nxt.lower_ in ACTION_VERBS)
        if len(run) == 1 and nxt is not None and nxt.text in ("(", ","):
            close = toks[j + 1:j + 7]
            from .cues import _role_phrase
            end = next((k for k, x in enumerate(close) if x.text == ")"), None)
            beside = nxt.text == "(" and end is not None and _role_phrase([x.text for x in close[:end] if x.is_alpha])
        if len(run) >= 2 or beside:
            for t in run:
                if free(t.idx, t.idx + len(t)):
                    names.add(t.text, "capitals")


def _lower_case(toks: list[Token], names: Names, free) -> None:
    """"tc with hope - hope says", "harley-jo says": a listed first name in lower case (a word
    too, short of the commonest words) before a verb of speech; every other mention of it goes too."""
    from .cues import _hyphen_compound
    n = len(toks)
    for i, tok in enumerate(toks[:-1]):
        if not tok.is_lower or not tok.is_alpha or len(tok) < 2 or tok.text in names:
            continue
        nxt = toks[i + 1]
        if nxt.lower_ not in SPEECH_VERBS and nxt.lower_ not in ("says", "reports", "thinks", "wants", "feels"):
            continue
        joined = _hyphen_compound(toks, i)
        if joined and i + 1 < n:
            words = joined.split("-")
            if any(_listed(w, True) for w in words) and free(tok.idx, tok.idx + len(tok)):
                names.add(joined, "lower-case-name")
            continue
        t = tok.text
        if (len(t) < 3 or t in _PRONOUNS or t in KIN or t in ROLE_WORDS or t.capitalize() in NOT_NAMES
                or _zipf(t) >= 5.6 or t.upper() in _ACRONYMS or not free(tok.idx, tok.idx + len(tok))):
            continue
        if not _listed(t, True) and _zipf(t) >= 1.5:
            continue  # a listed first name, or no word at all ("heledd says")
        if _common_word(t) and t.capitalize() not in WORD_NAMES:
            continue  # "inspectors met spoke": a word; "hope says": a name that is a word
        prev = toks[i - 1].lower_ if i else ""
        if prev in ("the", "a", "an", "my", "his", "her", "their", "our", "your", "this", "that"):
            continue  # "the court says"
        names.add(t, "lower-case-name")
    # the hyphen compound's first part, joined before a dash: "tc with harley-jo - harley-jo says"
    for i, tok in enumerate(toks):
        if tok.is_lower and tok.is_alpha and len(tok) > 2 and tok.text not in names:
            joined = _hyphen_compound(toks, i)
            if joined and joined in names and free(tok.idx, tok.idx + len(tok)):
                names.add(joined, "lower-case-name")


def _two_initials(toks: list[Token], names: Names, free) -> None:
    """"AB to be updated", "spoke with KF": two capitals, no acronym of the lexicon, where a
    person stands."""
    n = len(toks)
    for i, tok in enumerate(toks):
        t = tok.text
        if len(t) != 2 or not t.isalpha() or not t.isupper() or t in _ACRONYMS or t in names or t in _CAPS_TITLES:
            continue
        prev = toks[i - 1].lower_ if i else ""
        nxt = toks[i + 1].lower_ if i + 1 < n else ""
        if (nxt in _TO_BE_AFTER or nxt in ACTION_VERBS or prev in _INITIALS_BEFORE) and free(tok.idx, tok.idx + 2):
            names.add(t, "initials")


def _name_run(toks: list[Token], j: int, limit: int = 4) -> list[Token]:
    """Capitalised name-like words from token j on ("Rio-Jay Nkemelu-Brown"), hyphens inside."""
    run = []
    while j < len(toks) and len(run) < limit:
        tok = toks[j]
        if tok.text in ("-", "‐") and run and toks[j - 1].whitespace_ == "" and tok.whitespace_ == "":
            j += 1
            continue
        t = tok.text
        if not (tok.is_alpha or re.fullmatch(r"[A-Z][a-z]*['’][A-Z]\w+", t)) or len(t) < 2 or not t[:1].isupper():
            break
        if t.isupper() or not_a_name(t) or _function_word(t) or t in MONTHS:
            break
        run.append(tok)
        j += 1
    return run


def _after_title(text: str, toks: list[Token], names: Names, free) -> None:
    """"the Designated Nurse Sorcha Novak about ...": capitalised words right after a job title
    (not a team word, not a domain word) are a person; one of them must be listed or no common word."""
    by_start = {t.idx: i for i, t in enumerate(toks)}
    for m in _JOB_TITLES_RE.finditer(text):
        j = by_start.get(m.end() + 1) if text[m.end():m.end() + 1] == " " else None
        if j is None:
            continue
        run = _name_run(toks, j, 3)
        if run and any(_listed(t.text) or not _common_word(t.text) or t.text in WORD_NAMES for t in run):
            for t in run:
                if free(t.idx, t.idx + len(t)):
                    names.add(t.text, "after-title")


def _verb_after_anywhere(toks: list[Token], names: Names, free) -> None:
    """"; Lloyd Ng rang me back", "Macca came to the door", "Mihai showed me her room": a run of
    capitalised words before a person's or an action verb, at a sentence start or after a
    clause break; one word listed or no common word, none a domain word."""
    n = len(toks)
    for i, tok in enumerate(toks):
        if not (tok.is_alpha and tok.text[:1].isupper()) or tok.text in names:
            continue
        prev = toks[i - 1].text if i else ""
        if not (_starts_sentence(tok) or prev in (";", ",", ":", "-", "–", "and", "but", "then", "when", "while")):
            continue
        run = _name_run(toks, i)
        if not run or run[0] is not tok:
            continue
        j = run[-1].i + 1 - toks[0].i
        if j >= n or not (toks[j].lower_ in ACTION_VERBS or toks[j].lower_ in SPEECH_VERBS or _person_verb_follows(toks, j)):
            continue
        if len(run) == 1 and _starts_sentence(tok) and _common_word(tok.text) and tok.text not in WORD_NAMES:
            continue  # "Nobody came", "Everything changed"
        if any(_listed(t.text) and (not _common_word(t.text) or t.text in WORD_NAMES) or not _common_word(t.text)
               for t in run):
            for t in run:
                if free(t.idx, t.idx + len(t)):
                    names.add(t.text, "verb-after")


def _person_object(toks: list[Token], names: Names, free) -> None:
    """"concerns about Honour", "re Guled:", "hits Guled when", "spoke warmly of Uchenna": capitalised
    words after a word that points at a person, one listed or no common word; after a
    preposition or a verb that may point at a place too ("the plan for Hind Ng", "praised Mahad
    Halifax", "booked with Gift Church"), the first must be a listed first name or a word-name,
    and no organisation's word may follow ("with Hope Street")."""
    for i, tok in enumerate(toks[:-1]):
        strong = tok.lower_ in _PERSON_BEFORE or (tok.lower_ == "of" and i and toks[i - 1].lower_ in _PERSON_BEFORE)
        if not strong and tok.lower_ not in _PERSON_BEFORE_WEAK:
            continue
        run = _name_run(toks, i + 1, 3)
        if not run:
            continue
        if strong:
            ok = any(_listed(t.text) or not _common_word(t.text) or t.text in WORD_NAMES for t in run)
        else:
            after = toks[run[-1].i + 1] if run[-1].i + 1 < len(toks) else None
            ok = ((run[0].text in WORD_NAMES or (_listed(run[0].text, True) and not _common_word(run[0].text))
                   or (len(run) >= 2 and all(_zipf(t.text) < 2.0 for t in run)))  # "for Guled Gebreyes"
                  and not (after is not None and after.text[:1].isupper() and not_a_name(after.text)))
        if ok:
            for t in run:
                if free(t.idx, t.idx + len(t)):
                    names.add(t.text, "person-object")


def _protected_place(word: str) -> bool:
    from .protect import _places_re
    pattern = _places_re()
    return pattern is not None and pattern.fullmatch(word) is not None


def _family_of(toks: list[Token], names: Names, free) -> None:
    """"the Ng family", "Hirsi household", "Young's family were not told": a surname before a
    family word, listed (a word too) or no common word."""
    n = len(toks)
    for i, tok in enumerate(toks[:-1]):
        t = tok.text
        if not (tok.is_alpha or re.fullmatch(r"[A-Z][a-z]*['’][A-Z]\w+", t)) or not t[:1].isupper():
            continue  # a name found by another rule is noted too: a place named so is a person's here
        j = i + 2 if toks[i + 1].text in ("'s", "’s") else i + 1
        if j >= n or toks[j].text not in ("family", "household", "families"):
            continue
        if j + 1 < n and toks[j + 1].lower_ in _FAMILY_NOT_PERSON:
            continue  # "Calderbrook family hubs"
        if t.isupper() or t in MONTHS or (not_a_name(t) and not _listed(t)):
            continue
        if _function_word(t) and not (_listed(t) and toks[j].text != "families" and i > 0
                                      and toks[i - 1].text in ("the", "-", "–", ":")):
            continue  # "Some families"; but "the Love family", "- Love household"
        if toks[j].text == "families" and _protected_place(t):
            continue  # "the Bolton families": families of a place
        if (_listed(t) or not _common_word(t)) and free(tok.idx, tok.idx + len(t)):
            names.add(t, "family-name")


def _from_and_bracket(toks: list[Token], names: Names, free) -> None:
    """"Mark from the Youth Justice Service phoned": a listed first name or a word-name before "from
    the" or a capitalised word; "jj (cousin) was at the house": a lower-case word that is no
    common word before a role or a family word in brackets."""
    from .cues import _role_phrase
    from .recall import _organisation_follows
    n = len(toks)
    for i, tok in enumerate(toks[:-2]):
        t, nxt = tok.text, toks[i + 1]
        if (nxt.lower_ == "from" and t[:1].isupper() and tok.is_alpha and not not_a_name(t) and t not in MONTHS
                and (t in WORD_NAMES or (_listed(t, True) and not _function_word(t)))
                and _organisation_follows(tok.doc, i + 2) and free(tok.idx, tok.idx + len(t))):
            names.add(t, "from-organisation")
        if tok.is_lower and tok.is_alpha and len(t) >= 2 and nxt.text == "(" and not _common_word(t) \
                and free(tok.idx, tok.idx + len(t)):
            close = next((m for m in range(i + 2, min(n, i + 8)) if toks[m].text == ")"), None)
            if close is not None and _role_phrase([x.text for x in toks[i + 2:close] if x.is_alpha]):
                names.add(t, "role-bracket")


_KNOWN_AS = re.compile(r"\b(?:known\s+(?:(?:locally|widely|mostly|only|also|generally|commonly|affectionately)\s+|to\s+(?:\w+\s+){1,2})?as|called|aka|a\.k\.a\.?|nicknamed|goes\s+by|calls\s+(?:him|her|them)self)\s+$", re.I)


def _aliases(text: str, toks: list[Token], names: Names, free) -> None:
    """"known as Spider", "Dad (Gethin)", "Mo (Mohamed Warsame)": a name after "known as"; a
    capitalised word in brackets after a family word; a word before a bracket that holds a name found."""
    n = len(toks)
    for i, tok in enumerate(toks):
        t = tok.text
        if tok.is_alpha and t[:1].isupper() and not not_a_name(t) and not _function_word(t) and t not in MONTHS \
                and _KNOWN_AS.search(text, max(0, tok.idx - 25), tok.idx) and free(tok.idx, tok.idx + len(t)):
            names.add(t, "known-as")
        if t == "(" and 0 < i < n - 2:
            close = next((m for m in range(i + 1, min(n, i + 6)) if toks[m].text == ")"), None)
            if close is None or close == i + 1:
                continue
            inside = [x for x in toks[i + 1:close] if x.text not in ("-", "‐")]
            before = toks[i - 1]
            words = [x for x in inside if x.is_alpha and x.text[:1].isupper()]
            if (before.lower_ in KIN or before.lower_ in ROLE_WORDS) and len(words) == len(inside) \
                    and any(_listed(x.text) or not _common_word(x.text) for x in words):
                for x in inside:  # "Dad (Gethin)", "SW (Anwen Price)"; not "worker (Locality 2)", "manager (Duty)"
                    if x.is_alpha and x.text[:1].isupper() and not not_a_name(x.text) and not _function_word(x.text) \
                            and x.text not in MONTHS and free(x.idx, x.idx + len(x)):
                        names.add(x.text, "role-bracket")
            elif all(x.text in names for x in inside) and before.is_alpha and before.text[:1].isupper() \
                    and not not_a_name(before.text) and not _function_word(before.text) \
                    and free(before.idx, before.idx + len(before)):
                names.add(before.text, "alias-before-name")  # "Mo (Mohamed Warsame)"


def _form_names(text: str, toks: list[Token], names: Names, free) -> None:
    _capitals(toks, names, free)
    _lower_case(toks, names, free)
    _two_initials(toks, names, free)
    _after_title(text, toks, names, free)
    _verb_after_anywhere(toks, names, free)
    _person_object(toks, names, free)
    _family_of(toks, names, free)
    _from_and_bracket(toks, names, free)
    _aliases(text, toks, names, free)


_PLACE_BEFORE = re.compile(r"(?:\b(?:in|moved\s+to|move\s+to|moving\s+to|moves\s+to|based\s+in|lives\s+in|living\s+in|"
                           r"across|throughout|within)\s+)$")
_PERSON_RULES_HERE = frozenset("title kin kin-title particulars age possessive role-bracket role-apposition addressed "
                               "after-title capitals family-name".split())


def _unlisted_places(text: str, toks: list[Token], names: Names) -> list[tuple[int, int]]:
    """"the move to Stanecliffe", "the panel in Westmere is effective": one capitalised word that is
    in no name list and rare as a word, after "in" or "moved to", with no "'s" or capitalised word
    after it, and found by no rule that sees a person, is a place (kept)."""
    spans = []
    rules = getattr(names, "rules", {})
    for i, tok in enumerate(toks):
        t = tok.text
        if not tok.is_alpha or not t[:1].isupper() or t.isupper() or len(t) < 3:
            continue
        if not _PLACE_BEFORE.search(text, max(0, tok.idx - 20), tok.idx) or _listed(t) or _zipf(t) >= 3.0:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and (nxt.text in ("'s", "’s", "-", "(") or (nxt.text[:1].isupper() and nxt.is_alpha)):
            continue
        if rules.get(t, set()) & _PERSON_RULES_HERE:
            continue
        spans.append((tok.idx, tok.idx + len(t)))
    return spans
