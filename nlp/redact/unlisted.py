"""Names in no list and in no person's context (issue 12, seventh round).

Why: every earlier signal needs either a listed name (the gazetteer) or a person's context
(a role word, a verb of speech, a title). Names drawn from published lists the rules were not
written from (eval/data/redaction_dev3.jsonl: Faker's person lists for the origins of English
councils' populations) showed that most names that get through are in no list (Turkish, Swahili,
Vietnamese, rarer South Asian and East European names) and stand where no context rule looks:
after "that", "to", "by", "between", in lists and tables, after a colon. A capitalised word that
English text hardly uses (wordfreq) and that no list knows as a word, an acronym, a domain term,
a place or a protected service is a proper noun; the proper nouns that must be kept (teams,
services, places) are kept by the protected list and the place rules, which run after this.
So where a signal is unsure, it redacts.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from .context import _starts_sentence
from .places import gb_places
from .words import KIN, MONTHS, TITLES, WORD_NAMES, _common_word, _function_word, _zipf, not_a_name

# A capitalised word rarer than this as an English word (wordfreq Zipf) is taken for a proper
# noun mid-sentence; at a sentence's start only a word wordfreq does not know at all.
RARE_ZIPF = 3.0
_PLACE_BEFORE = frozenset("in at near across within outside around throughout".split())
_PLACE_OF = frozenset("borough city county council isle district town university".split())
# Capitalised words that stand before a person's name, not inside an organisation's.
_BEFORE_NAME = frozenset("dear hi hello thanks regards signed countersigned from to cc fao attn sister nurse pastor "
                         "imam father reverend rev cllr councillor pc dc ds di sgt judge".split()) | KIN


def _org_word(tok: Token, names) -> bool:
    """"Trust", "Police", "Centre": a common word in a capitalised run is an organisation's."""
    from nlp.names import is_name
    return tok.text not in names and not is_name(tok.text) and (not_a_name(tok.text) or _zipf(tok.text) >= RARE_ZIPF)


def _unlisted_names(toks: list[Token], names, free) -> None:
    """`rare-capitalised`: a capitalised word rare in English, in no word list, not inside an
    organisation's or a place's capitalised run (those the protected list keeps)."""
    n = len(toks)
    for i, token in enumerate(toks):
        t = token.text
        if (len(t) < 2 or not token.is_alpha or not t[0].isupper() or t.isupper() or t in names
                or not free(token.idx, token.idx + len(token))):
            continue
        if len(t) == 2:  # "Vũ", "Tú", "Lê": two letters with a diacritic are no English word
            if not t.isascii() and not _starts_sentence(token):
                names.add(t, "rare-capitalised")
            continue
        if not_a_name(t) or t in MONTHS or t in WORD_NAMES or _function_word(t):
            continue
        zipf = _zipf(t)
        start = _starts_sentence(token)
        owner = i + 1 < n and toks[i + 1].text in ("'s", "’s")  # "Selam's plan is up to date."
        if zipf >= RARE_ZIPF or (start and not owner and not (zipf == 0 and _subject(toks, i))):
            continue
        if (_acronym_plural(t) or _compound_word(t, 4) or _place_prefix(t) or t in gb_places() or _at_place(toks, i)
                or _listed_with_places(toks, i) or _in_organisation(toks, i, names)):
            continue
        names.add(t, "rare-capitalised")


_SUBJECT_VERBS = frozenset("was is has had will would should could did does".split())


def _subject(toks: list[Token], i: int) -> bool:
    """"Subomi was not discussed", "Feryas Bakr has moved": a word wordfreq does not know at all,
    opening a sentence as the subject of a verb (alone or before one more capitalised word)."""
    j = i + 1
    if j < len(toks) and toks[j].is_alpha and toks[j].text[:1].isupper() and not not_a_name(toks[j].text):
        j += 1
    return j < len(toks) and toks[j].lower_ in _SUBJECT_VERBS


def _compound_word(word: str, part: int = 3) -> bool:
    """"Overoptimism", "Childcare": two English words run together make a word, no name. A
    capitalised word needs halves of four letters or more: three-letter halves make names too
    ("Jedi+dah", "Can+seven", "Tan+ish")."""
    low = word.lower()
    return any(_zipf(low[:k]) >= RARE_ZIPF and _zipf(low[k:]) >= RARE_ZIPF for k in range(part, len(low) - part + 1))


@lru_cache(maxsize=1)
def _place_prefixes() -> frozenset[str]:
    return frozenset(p[:k] for p in gb_places() if " " not in p for k in range(4, len(p)))


def _place_prefix(word: str) -> bool:
    """"Chelt" (Cheltenham), "Donc" (Doncaster): a listed place cut short."""
    return len(word) >= 4 and word in _place_prefixes()


def _acronym_plural(word: str) -> bool:
    """"LCPPs", "CINs": an acronym's plural, no name."""
    return len(word) > 2 and word.endswith("s") and word[:-1].isupper()


def _place_listed(word: str) -> bool:
    from .protect import _places_re
    pattern = _places_re()
    return word in gb_places() or (pattern is not None and pattern.fullmatch(word) is not None)


def _listed_with_places(toks: list[Token], i: int) -> bool:
    """"from Forest, Cotswold, Chelt, Tewkesbury and Gloucester": a word in a list of single
    capitalised words (joined by commas or "and") with a listed place in it is a place too."""
    items = []
    for step in (-2, 2):
        j = i + step
        while 0 <= j < len(toks) and 0 <= j - step // 2 < len(toks):
            joint = toks[j - step // 2]
            if joint.text not in (",", "and", "&", "or") or not (toks[j].is_alpha and toks[j].text[:1].isupper()):
                break
            items.append(toks[j].text)
            j += step
    return any(_place_listed(w) for w in items)


def _at_place(toks: list[Token], i: int) -> bool:
    """"at Thornbury", "in Hollinwood", "the Borough of Hollinwood": where a place stands, the
    place rules decide (a name there takes "'s": "at Ayşe's")."""
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    if i == 0 or nxt in ("'s", "’s"):
        return False
    prev = toks[i - 1].lower_
    if prev == "of":
        return i > 1 and toks[i - 2].lower_ in _PLACE_OF
    return prev in _PLACE_BEFORE


def _person_with_team(toks: list[Token], i: int) -> bool:
    """"Reyansh Warrior (SEND Team);": a rare word and one capitalised word that is no domain,
    team or place word, then a team in brackets: a person and their team (round 10), not an
    organisation whose name holds a common word."""
    import re

    from .protect import _TEAM_WORDS
    n, k = len(toks), i + 2
    if not (k + 2 < n and toks[k].text == "(" and toks[i + 1].is_alpha and toks[i + 1].text[:1].isupper()):
        return False
    w = toks[i + 1].text
    if not_a_name(w) or _function_word(w) or _zipf(w) >= 4.5 or re.fullmatch(_TEAM_WORDS, w) or w in gb_places():
        return False
    close = next((m for m in range(k + 1, min(n, k + 8)) if toks[m].text == ")"), None)
    return close is not None and close > k + 1 and re.fullmatch(_TEAM_WORDS, toks[close - 1].text) is not None


def _in_organisation(toks: list[Token], i: int, names) -> bool:
    """True where the capitalised run around token i (no punctuation between) holds a common
    word: "Pennine Care NHS Foundation Trust", "Kirkholt Family Hub", "West Yorkshire Police"."""
    n = len(toks)
    if _person_with_team(toks, i):
        return False
    k = i + 1
    while k < n and toks[k].is_alpha and (toks[k].text[:1].isupper() or toks[k].lower_ in ("of", "and", "for")):
        if toks[k].text[:1].isupper() and _org_word(toks[k], names):
            return True
        k += 1
    j = i - 1
    while j >= 0 and toks[j].is_alpha and (toks[j].text[:1].isupper() or toks[j].lower_ in ("of", "and", "for")) \
            and not _starts_sentence(toks[j + 1]):
        if toks[j].lower_ == "for":
            break  # "a Family Group Conference for Ayşe": the run after "for" holds no organisation's word
        if toks[j].text in TITLES or toks[j].lower_ in _BEFORE_NAME or _starts_sentence(toks[j]):
            break  # "Sister Mai", "Dear Risper", "Mother Ayşe", "Only Ayşe": a title, a greeting or
            # a sentence's first word, no organisation
        if toks[j].text[:1].isupper() and _org_word(toks[j], names):
            return True
        j -= 1
    return False


# Titles of a profession, a rank or a faith used before a surname ("Sister Okafor", "PC Lowe",
# "Cllr Vũ", "Imam Rashid"); Mr/Mrs/Ms/Dr are the `title` rule's.
HONORIFICS = frozenset("""Sister Nurse Matron PC DC DS DI DCI DSgt Sgt Sergeant Insp Inspector Cllr Councillor Imam
Pastor Rev Revd Reverend Rabbi Fr Judge HHJ Prof Professor Sir Dame""".split())
_SPEECH = frozenset("says said told tells reports reported stated explained disclosed wants".split())
_CONTACT = frozenset("rang phoned called texted txt txted emailed messaged saw visited met".split())


def _person_cues(toks: list[Token], names, free) -> None:
    """`honorific`: a capitalised word after a title of a profession, rank or faith;
    `lower-case-name`: in a note, a lower-case word wordfreq does not know after a verb of
    contact or before "'s" ("rang olusegun back", "at chidi's")."""
    from nlp.names import is_name

    n = len(toks)
    for i, token in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < n else None
        if nxt is None:
            break
        if token.text.rstrip(".") in HONORIFICS and nxt.is_alpha and nxt.text[:1].isupper() and not nxt.text.isupper() \
                and free(nxt.idx, nxt.idx + len(nxt)) and not not_a_name(nxt.text) and nxt.text not in MONTHS \
                and (is_name(nxt.text) or not _common_word(nxt.text)):
            names.add(nxt.text, "honorific")
        t = nxt.text
        if (nxt.is_alpha and nxt.is_lower and len(t) >= 3 and _zipf(t) == 0 and not _compound_word(t)
                and free(nxt.idx, nxt.idx + len(t))
                and (token.lower_ in _CONTACT or token.lower_ == "with"
                     or (i + 2 < n and (toks[i + 2].text in ("'s", "’s") or toks[i + 2].lower_ in _SPEECH)))):
            names.add(t, "lower-case-name")
    _listed_people(toks, names, free)
    _letter_names(toks, names, free)
    _capitals_run(toks, names, free)


_JOINS = (",", "and", "&")


def _listed_people(toks: list[Token], names, free) -> None:
    """`list-of-people`: in a list joined by commas or "and", a listed name or a word rare in
    English next to a name found ("seen: [NAME], Christian, [NAME]"; "Attendees: [NAME], Chatresh
    Chaudhuri and PC [NAME]"): a list that holds a person holds people."""
    from nlp.names import is_name

    def candidate(tok) -> bool:
        t = tok.text
        return (tok.is_alpha and len(t) > 1 and t[0].isupper() and not t.isupper() and not not_a_name(t)
                and t not in MONTHS and not _function_word(t) and t not in gb_places() and not _place_prefix(t)
                and (is_name(t) or _zipf(t) < RARE_ZIPF))

    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.text in names or not candidate(tok) or not free(tok.idx, tok.idx + len(tok)) \
                or _listed_with_places(toks, i):
            continue
        end = i + 1  # a two-word item: "Chatresh Chaudhuri"
        if end < n and candidate(toks[end]) and toks[end].text not in names:
            end += 1
        before = i >= 2 and toks[i - 1].text in _JOINS and toks[i - 2].text in names
        after = end + 1 < n and toks[end].text in _JOINS and toks[end + 1].text in names
        if before or after:
            for tok2 in toks[i:end]:
                if free(tok2.idx, tok2.idx + len(tok2)):
                    names.add(tok2.text, "list-of-people")


_FIELDS = frozenset("From To Cc CC Bcc BCC".split())  # an email's header: every name after it is a person's
_FIELD_ENDS = frozenset("From To Cc CC Bcc BCC Subject Sent Date Re RE".split())
_GREETINGS = frozenset("dear hi hello hiya morning afternoon".split())
_SIGN_OFFS = frozenset("thanks regards wishes cheers signed countersigned from".split())


def _letter_names(toks: list[Token], names, free) -> None:
    """`addressed`: names in an email's From/To/Cc fields, after "Subject:" (a listed or rare
    word), after a greeting ("Hi Billy -") and after a sign-off ("Thanks, Sean", "Kind regards,
    Ayo Bello")."""
    from nlp.names import is_name

    def namey(tok) -> bool:
        t = tok.text
        return (tok.is_alpha and t[:1].isupper() and not t.isupper() and t not in _FIELD_ENDS and not not_a_name(t)
                and t not in MONTHS and not _function_word(t) and free(tok.idx, tok.idx + len(t)))

    n = len(toks)
    for i, tok in enumerate(toks):
        j, strict = None, True
        if tok.text in _FIELDS and i + 1 < n and toks[i + 1].text == ":":
            j, strict = i + 2, False
        elif tok.text in ("Subject", "Re", "RE") and i + 1 < n and toks[i + 1].text == ":":
            j = i + 2
        elif tok.lower_ in _GREETINGS and (i == 0 or _starts_sentence(tok) or toks[i - 1].text in (",", "-", ":")):
            j = i + 1
        elif tok.lower_ in _SIGN_OFFS and i + 2 < n and toks[i + 1].text in (",", ":") and tok.lower_ != "from":
            j = i + 2
            while j < n and toks[j].is_space:  # "Cheers,\nSatnam"
                j += 1
        if j is None:
            continue
        if not strict and _header_run(toks, j, names, free):
            continue
        for k in range(j, min(n, j + 3)):
            cand = toks[k]
            if (not namey(cand) or _place_listed(cand.text)
                    or not (is_name(cand.text) or _zipf(cand.text) < (RARE_ZIPF if strict else 4.3))):
                break  # "To: Kirklees Council" is no person
            names.add(cand.text, "addressed")


def _header_run(toks: list[Token], j: int, names, free) -> bool:
    """"From: Nana Ansomah To:", "To: Clare Davies Subject:", "From: Ronith Master To:": in an
    email's From/To/Cc field, two to four capitalised words that end the field (the next field's
    label or the line's end), the first a listed first name (or a name found), the rest listed
    names, none a team's word, are one person's name, even where a word alone is a family word,
    a title or a place ("To: Leeds Hub" and "To: Kirklees Council" are no person's)."""
    from nlp.names import is_name, listed_first
    from .protect import _TEAM_WORDS
    n, k = len(toks), j
    while k < n and k - j < 4 and toks[k].is_alpha and toks[k].text[:1].isupper() and not toks[k].text.isupper() \
            and not (toks[k].text in _FIELD_ENDS and k + 1 < n and toks[k + 1].text == ":"):
        k += 1
    run = toks[j:k]
    ends = k >= n or (toks[k].text in _FIELD_ENDS and k + 1 < n and toks[k + 1].text == ":") \
        or (toks[k].is_space and "\n" in toks[k].text)
    if not (2 <= len(run) <= 4 and ends and (run[0].text in names or listed_first(run[0].text))
            and all(is_name(t.text) or t.text in names for t in run[1:])
            and not any(re.fullmatch(_TEAM_WORDS, t.text) or _function_word(t.text) for t in run)):
        return False
    for t in run:
        if free(t.idx, t.idx + len(t)):
            names.add(t.text, "addressed")
    return True


def _capitals_run(toks: list[Token], names, free) -> None:
    """`capitals`: two or three words in capitals in a text that is not in capitals ("FIONNUALA
    REID is named as the carer"), none an acronym of the lexicon or a common English word
    (which a heading in capitals would hold), at least one no word at all (Zipf < 3)."""
    from .words import _ACRONYMS
    if sum(t.is_upper for t in toks if t.is_alpha) * 2 > sum(t.is_alpha for t in toks):
        return  # a text in capitals: the other rules judge it

    def word(tok) -> bool:
        return (tok.is_alpha and tok.text.isupper() and len(tok.text) >= 3 and tok.text not in _ACRONYMS
                and not _common_word(tok.text) and free(tok.idx, tok.idx + len(tok)))

    n, i = len(toks), 0
    while i < n:
        j = i
        while j < n and j - i < 3 and word(toks[j]):
            j += 1
        run = toks[i:j]
        if len(run) >= 2 and any(_zipf(t.text) < RARE_ZIPF for t in run) and not (j < n and word(toks[j])):
            for t in run:
                names.add(t.text, "capitals")
        i = max(j, i + 1)
