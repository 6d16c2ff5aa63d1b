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

from functools import lru_cache

from spacy.tokens import Token

from .context import _starts_sentence
from .places import gb_places
from .words import KIN, MONTHS, TITLES, WORD_NAMES, _function_word, _zipf, not_a_name

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
        if (len(t) < 3 or not token.is_alpha or not t[0].isupper() or t.isupper() or t in names
                or not free(token.idx, token.idx + len(token))):
            continue
        if not_a_name(t) or t in MONTHS or t in WORD_NAMES or _function_word(t):
            continue
        zipf = _zipf(t)
        start = _starts_sentence(token)
        if zipf >= RARE_ZIPF or start:
            continue
        if _acronym_plural(t) or _compound_word(t) or _place_prefix(t) or t in gb_places() or _at_place(toks, i) or _listed_with_places(toks, i) or _in_organisation(toks, i, names):
            continue
        names.add(t, "rare-capitalised")


def _compound_word(word: str) -> bool:
    """"Overoptimism", "Childcare": two English words run together make a word, no name."""
    low = word.lower()
    return any(_zipf(low[:k]) >= RARE_ZIPF and _zipf(low[k:]) >= RARE_ZIPF for k in range(3, len(low) - 2))


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


def _in_organisation(toks: list[Token], i: int, names) -> bool:
    """True where the capitalised run around token i (no punctuation between) holds a common
    word: "Pennine Care NHS Foundation Trust", "Kirkholt Family Hub", "West Yorkshire Police"."""
    n = len(toks)
    j = i - 1
    while j >= 0 and toks[j].is_alpha and (toks[j].text[:1].isupper() or toks[j].lower_ in ("of", "and", "for")) \
            and not _starts_sentence(toks[j + 1]):
        if toks[j].text in TITLES or toks[j].lower_ in _BEFORE_NAME or _starts_sentence(toks[j]):
            break  # "Sister Mai", "Dear Risper", "Mother Ayşe", "Only Ayşe": a title, a greeting or
            # a sentence's first word, no organisation
        if toks[j].text[:1].isupper() and _org_word(toks[j], names):
            return True
        j -= 1
    k = i + 1
    while k < n and toks[k].is_alpha and (toks[k].text[:1].isupper() or toks[k].lower_ in ("of", "and", "for")):
        if toks[k].text[:1].isupper() and _org_word(toks[k], names):
            return True
        k += 1
    return False
