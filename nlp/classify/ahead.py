"""Encode ahead: the classifier's encode of a batch starts as soon as its findings are cut.

Why: the encode is torch on both cores; the rule components (NER at ingest, the redactor,
jargon, readability, the child's-voice rules) are Python on one. Run one after the other,
each waits for the other. `gt_encode_ahead` sits right after `gt_findings` (the findings
need only the sentences) and hands each batch's texts to one background thread, which runs
the classifier's `vectors_for` while the rule components work through the same docs; torch
releases the GIL inside its operations, so the two overlap. `gt_classifier` then takes the
vectors instead of encoding. The vectors are the very ones it would have made (same texts,
same batch), so the analysis is unchanged; only the waiting goes.

Measured before building it (1,000 findings in chunks of 250, the encode alternated with both
orders): 1.42-1.58x the bare encode one after the other, 1.36-1.49x overlapped. The gain is
what torch's two threads leave idle; on two cores the CPU work itself does not shrink.

A single doc (`nlp(text)`) is not encoded ahead: there is nothing to overlap it with.
"""
from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

KEY = "gt_vectors_ahead"  # doc.user_data: (future of the batch's vectors, its texts, the model)
_POOL: tuple[int, ThreadPoolExecutor] | None = None  # (the process it was made in, the pool)


def finding_spans(doc: Doc) -> list[Span]:
    """The spans the classifier labels: the doc's findings (the whole doc when it has none),
    blank ones left out."""
    findings = doc._.findings
    spans = list(findings) if findings is not None else ([doc[:]] if len(doc) else [])
    return [s for s in spans if s.text.strip()]


def _pool() -> ThreadPoolExecutor:
    """One worker: batches are encoded in order, one at a time. Made again in a forked child
    (a server's worker process): the parent's thread does not exist there, and a task handed to
    its pool would wait for ever."""
    global _POOL
    if _POOL is None or _POOL[0] != os.getpid():
        _POOL = (os.getpid(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="gt-encode-ahead"))
    return _POOL[1]


def take(docs: Sequence[Doc], texts: list[str], model):
    """The vectors `model` encoded ahead for exactly these docs' texts, else None (the docs
    came in other batches, one of them was not encoded ahead, or the council's model changed
    in between). Removes the hand-off from the docs either way."""
    handed = [doc.user_data.pop(KEY, None) for doc in docs]
    first = handed[0] if handed else None
    if (first is None or any(h is None or h[0] is not first[0] for h in handed)
            or first[1] != texts or first[2] is not model):
        return None
    return first[0].result()  # re-raises what the encode raised


class EncodeAhead:
    """Starts `gt_classifier`'s encode of each batch in the background (see the module)."""

    def __init__(self, nlp: Language, classifier: str = "gt_classifier"):
        self.nlp = nlp
        self.classifier = classifier

    def __call__(self, doc: Doc) -> Doc:
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterable[Doc]:
        if self.classifier not in self.nlp.pipe_names or self.classifier in self.nlp.disabled:
            yield from docs
            return
        component = self.nlp.get_pipe(self.classifier)
        # the classifier's own batches, so each of its batches finds one future covering it
        for batch in minibatch(docs, size=max(batch_size or 0, component.batch_size)):
            texts = [s.text for doc in batch for s in finding_spans(doc)]
            if texts:
                model = component.model
                future: Future = _pool().submit(model.vectors_for, texts)
                for doc in batch:
                    doc.user_data[KEY] = (future, texts, model)
            yield from batch


@Language.factory("gt_encode_ahead", default_config={"classifier": "gt_classifier"})
def make_encode_ahead(nlp: Language, name: str, classifier: str):
    return EncodeAhead(nlp, classifier)
