"""The NER layer: spaCy's PERSON entities, less the ones that are words, organisations or
saints' names of schools and churches."""
from __future__ import annotations

from .words import _INSTITUTIONAL, WORD_NAMES, _zipf


def _ner_names(ents, toks, lowercase_words: set[str], free, add) -> None:
    """Every token of a PERSON entity is a name (`add(text, "ner")`), unless the entity is a
    word seen in lower case in the same text, an organisation's possessive, a council's name,
    or follows "St"."""
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        if _council_like(ent, toks):
            continue  # "Rotherham Metropolitan Borough Council": NER's person is a council
        if len(ent) == 1 and ent.text.lower() in lowercase_words and ent.text not in WORD_NAMES:
            continue  # "Timescales were missing" next to "CP timescales": a word, not a name
        if _names_a_term(ent, toks):
            continue  # "Parenting Assessment", "Mentoring Programme": a gerund naming an assessment
        if (len(ent) == 1 and ent.end + 1 < len(toks) and toks[ent.end].text in ("'s", "’s")
                and toks[ent.end + 1].lower_ in _INSTITUTIONAL):
            continue  # "Gloucestershire's audit programme"
        for token in ent:
            if token.i > 0 and toks[token.i - 1].text in ("St", "St.", "Saint"):
                continue  # "St Mary's", a school or a church
            if token.i == ent.start and len(ent) > 1 and _opening_verb(token):
                continue  # "Discussed Kofi - ...": the entity's first word is the note's verb (round 11)
            if (token.is_alpha or "'" in token.text or "’" in token.text) and free(token.idx, token.idx + len(token)):
                add(token.text, "ner")


_COUNCIL_WORDS = frozenset("Council Borough County City District Metropolitan Authority Unitary".split())


def _council_like(ent, toks) -> bool:
    """A PERSON entity with a council's word in it or right after it ("Rotherham Metropolitan")."""
    return any(t.text in _COUNCIL_WORDS for t in ent) or (ent.end < len(toks) and toks[ent.end].text in _COUNCIL_WORDS)


# Nouns that a gerund opens into a named piece of work (round 11): "Parenting Assessment".
_TERM_NOUNS = frozenset("Assessment Assessments Plan Programme Program Order Agreement Review Support Work Panel "
                        "Service Team Group Course Framework Model Pathway Tool Session Sessions".split())


def _names_a_term(ent, toks) -> bool:
    """A one-word PERSON entity that is an English "-ing" word before a capitalised term noun
    ("Parenting Assessment", "Mentoring Programme", "Fostering Panel"): a term, no person."""
    word = ent.text
    return (len(ent) == 1 and word.endswith("ing") and _zipf(word) >= 2.5 and ent.end < len(toks)
            and toks[ent.end].text in _TERM_NOUNS)


def _opening_verb(token) -> bool:
    """"Discussed", "Visited": a common past-tense word opening a sentence, no name."""
    return token.is_sent_start and token.text.endswith("ed") and _zipf(token.text) >= 3.0
