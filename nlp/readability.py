"""Readability: how hard a finding (or a whole text) is to read, and one accessibility score.

`gt_readability` sets `doc._.readability`; `span._.readability` computes the same for any
span (a finding) on demand. Each is a JSON-ready dict:

    {"words": 23, "sentences": 1, "syllables": 38,
     "flesch_reading_ease": 52.1, "flesch_kincaid_grade": 11.2, "reading_age": 16.2,
     "words_per_sentence": {"mean": 23.0, "longest": 23},
     "passive_voice": {"sentences": 1, "share": 1.0, "phrases": ["was decided"]},
     "jargon_per_100_words": 8.7,          # None when gt_jargon has not run
     "accessibility": {"score": 48, "parts": {"reading_ease": 64, "sentence_length": 68,
                       "passive_voice": 0, "jargon_density": 13}, "weights": {...}}}

How the numbers are made (no tagger or parser: the shared pipeline has neither):
- Words are the tokens with a letter or a digit in them; sentences are spaCy's (the
  trained `senter`, or a `sentencizer`; without sentence boundaries the span is one sentence).
- Syllables come from textstat 0.7.8 (`textstat.syllable_count`: the CMU pronouncing
  dictionary, Pyphen hyphenation for words it lacks; nothing is downloaded). The published
  formulas are then applied to spaCy's words and sentences, so the reading figures and the
  words-per-sentence figures describe the same sentences:
  Flesch reading ease = 206.835 - 1.015 * words/sentences - 84.6 * syllables/words;
  Flesch-Kincaid grade = 0.39 * words/sentences + 11.8 * syllables/words - 15.59.
- Reading age is a UK reading age: the Flesch-Kincaid (US school) grade + 5, because US
  grade 1 is the year children turn 6 to 7 (UK Year 2). It is floored at 5 (the formula
  goes below zero for very short sentences). Plain-English targets (docs/language-review.md):
  reading age 9 to 11, Flesch reading ease 60 to 70 (`TARGETS`).
- Passive voice: a form of "be" (is, are, was, were, been, being, be, am), optionally one
  adverb ("not", "fully", a word in -ly), then a past participle: a word in -ed or -en that
  is not on a short list of adjectives and look-alikes ("concerned", "children", "often"),
  or an irregular participle from `IRREGULAR_PARTICIPLES` ("seen", "told", "held").
  "It was decided", "Ada was not seen", "plans are being reviewed". The share is the share
  of sentences with at least one passive.
- Jargon density: doc._.jargon flags inside the span per 100 words (rare-word flags count
  half, being the weakest signal).

Accessibility score, 0 to 100 (higher is easier), the weighted mean of four parts, each
0 to 100 and each shown:
- reading_ease: Flesch reading ease 20 -> 0, 70 -> 100, linear, clamped (60, the bottom of
  the plain-English band, scores 80);
- sentence_length: mean words per sentence 15 -> 100, 40 -> 0 (GOV.UK asks for sentences
  of 25 words at most, which scores 60);
- passive_voice: passive share 10% -> 100, 60% -> 0;
- jargon_density: 0 flags per 100 words -> 100, 10 -> 0.
Weights 0.35, 0.25, 0.15, 0.25. Without gt_jargon the jargon part is None and the other
weights are rescaled to sum to 1.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

TARGETS = {"reading_age": (9, 11), "flesch_reading_ease": (60, 70), "words_per_sentence_max": 25}
WEIGHTS = {"reading_ease": 0.35, "sentence_length": 0.25, "passive_voice": 0.15, "jargon_density": 0.25}
MIN_READING_AGE = 5.0

BE_FORMS = frozenset("is are was were been being be am".split())
ADVERBS = frozenset("""
not never also then now still often always already just further fully only subsequently
recently rarely seldom frequently consistently routinely regularly clearly well n't
""".split())
IRREGULAR_PARTICIPLES = frozenset("""
seen done given taken made told held known shown written found put sent kept left brought
thought set met heard said paid led read cut hit let run won got gotten begun built caught
chosen drawn driven eaten fallen felt forgotten forgiven hidden hurt lost meant sought sold
spoken stolen taught understood undertaken withdrawn overseen overtaken undergone forbidden
bound sent spent struck stuck sworn torn thrown woken worn
""".split())
# Words in -ed/-en after "be" that are adjectives or not participles at all.
NOT_PARTICIPLES = frozenset("""
children often even open seven eleven kitchen garden listen happen when then than been
women men chicken golden sudden oxen token citizen heaven eleven ten
need indeed speed seed feed bed red shed hundred kindred sacred naked wicked ragged rugged
concerned worried interested tired pleased scared frightened excited married experienced
qualified skilled talented aged beloved learned wretched
""".split())

_WORD_CHAR = re.compile(r"[A-Za-z0-9]")


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    import textstat
    if not word.isalpha():
        return max(1, sum(syllables(w) for w in re.findall(r"[A-Za-z]+", word))) if re.search(r"[A-Za-z]", word) else 1
    return max(1, textstat.syllable_count(word))


def _is_participle(word: str) -> bool:
    w = word.lower()
    if w in IRREGULAR_PARTICIPLES:
        return True
    if w in NOT_PARTICIPLES or not w.isalpha():
        return False
    return (w.endswith("ed") and len(w) >= 4) or (w.endswith("en") and len(w) >= 5)


def passive_phrases(tokens) -> list[str]:
    """The passive constructions in a sequence of tokens ("was decided", "are not being met")."""
    toks = [t for t in tokens if not t.is_space]
    found = []
    for i, tok in enumerate(toks):
        if tok.lower_ not in BE_FORMS:
            continue
        j = i + 1
        if j < len(toks) and (toks[j].lower_ in ADVERBS or (toks[j].lower_.endswith("ly") and toks[j].is_alpha)):
            j += 1
        if j < len(toks) and toks[j].lower_ not in BE_FORMS and _is_participle(toks[j].text):
            found.append(" ".join(t.text for t in toks[i:j + 1]))
    return found


def _sentences(span) -> list:
    doc = span.doc if isinstance(span, Span) else span
    if doc.has_annotation("SENT_START"):
        return [s for s in span.sents if any(_WORD_CHAR.search(t.text) for t in s)]
    return [span]


def _linear(value: float, zero_at: float, full_at: float) -> int:
    """0..100, 100 at `full_at`, 0 at `zero_at`, linear between, clamped."""
    frac = (value - zero_at) / (full_at - zero_at)
    return int(round(100 * min(1.0, max(0.0, frac))))


def accessibility(reading_ease: float, mean_words: float, passive_share: float,
                  jargon_per_100: Optional[float]) -> dict:
    parts = {
        "reading_ease": _linear(reading_ease, 20.0, 70.0),
        "sentence_length": _linear(mean_words, 40.0, 15.0),
        "passive_voice": _linear(passive_share, 0.6, 0.1),
        "jargon_density": None if jargon_per_100 is None else _linear(jargon_per_100, 10.0, 0.0),
    }
    weights = {k: w for k, w in WEIGHTS.items() if parts[k] is not None}
    total = sum(weights.values())
    weights = {k: round(w / total, 4) for k, w in weights.items()}
    score = sum(parts[k] * w for k, w in weights.items())
    return {"score": int(round(score)), "parts": parts, "weights": weights}


def readability(span: Doc | Span) -> dict:
    """The readability dict (see the module docstring) of a Doc or a Span."""
    sents = _sentences(span)
    lengths = []
    n_syll = 0
    passive_sents = 0
    phrases: list[str] = []
    for sent in sents:
        toks = list(sent)  # once: a Span builds new Token objects on each pass
        words = [w for w in (t.text for t in toks) if _WORD_CHAR.search(w)]
        lengths.append(len(words))
        n_syll += sum(syllables(w) for w in words)
        found = passive_phrases(toks)
        if found:
            passive_sents += 1
            phrases.extend(found)
    n_words = sum(lengths)
    n_sents = max(1, len([n for n in lengths if n]))
    if n_words == 0:
        return {"words": 0, "sentences": 0, "syllables": 0, "flesch_reading_ease": None,
                "flesch_kincaid_grade": None, "reading_age": None,
                "words_per_sentence": {"mean": 0.0, "longest": 0},
                "passive_voice": {"sentences": 0, "share": 0.0, "phrases": []},
                "jargon_per_100_words": None, "accessibility": None}
    wps = n_words / n_sents
    spw = n_syll / n_words
    fre = 206.835 - 1.015 * wps - 84.6 * spw
    fk = 0.39 * wps + 11.8 * spw - 15.59
    share = passive_sents / n_sents
    has_jargon = Doc.has_extension("jargon") if isinstance(span, Doc) else Span.has_extension("jargon")
    flags = span._.jargon if has_jargon else None
    density = None
    if flags is not None:
        weight = sum(0.5 if f.category == "rare_word" else 1.0 for f in flags)
        density = round(100.0 * weight / n_words, 2)
    return {
        "words": n_words,
        "sentences": n_sents,
        "syllables": n_syll,
        "flesch_reading_ease": round(fre, 1),
        "flesch_kincaid_grade": round(fk, 1),
        "reading_age": round(max(MIN_READING_AGE, fk + 5.0), 1),
        "words_per_sentence": {"mean": round(wps, 1), "longest": max(lengths)},
        "passive_voice": {"sentences": passive_sents, "share": round(share, 3), "phrases": phrases},
        "jargon_per_100_words": density,
        "accessibility": accessibility(fre, wps, share, density),
    }


if not Doc.has_extension("readability"):
    Doc.set_extension("readability", default=None)
if not Span.has_extension("readability"):
    Span.set_extension("readability", getter=readability)


class ReadabilityMeter:
    """The `gt_readability` component. Writes doc._.readability."""

    def __init__(self):
        syllables("warm")  # load the CMU dictionary now, not on the first text

    def __call__(self, doc: Doc) -> Doc:
        doc._.readability = readability(doc)
        return doc


@Language.factory("gt_readability")
def make_readability(nlp: Language, name: str):
    return ReadabilityMeter()
