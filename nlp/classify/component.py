"""The spaCy component: Span._.fundamentals / Span._.stance on each finding, Doc._.fundamentals."""
from __future__ import annotations

from typing import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from nlp.classify import council
from nlp.classify.ahead import finding_spans, take
from nlp.classify.model import load_cached


# --------------------------------------------------------------------------- spaCy component
for _name in ("fundamentals", "stance", "fundamentals_margin"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Doc.has_extension("fundamentals"):
    Doc.set_extension("fundamentals", default=None)
if not Doc.has_extension("findings"):
    Doc.set_extension("findings", default=None)
if not Span.has_extension("gt_vector"):  # the finding's base MiniLM vector, for later components
    Span.set_extension("gt_vector", default=None)


def aggregate(findings: Sequence[list[dict]]) -> list[dict]:
    """A document's fundamentals: each label found in any finding, its best score and how
    many findings carry it, best first."""
    best: dict[str, dict] = {}
    for labels in findings:
        for item in labels or []:
            cur = best.setdefault(item["label"], {"label": item["label"], "score": 0.0, "findings": 0})
            cur["score"] = max(cur["score"], float(item["score"]))
            cur["findings"] += 1
    return sorted(best.values(), key=lambda x: (-x["score"], x["label"]))


class FindingClassifierComponent:
    """Sets Span._.fundamentals and Span._.stance on each finding (doc._.findings, or the whole
    doc when there are none) and Doc._.fundamentals. `pipe` embeds all findings of a batch of
    docs in one encoder call."""

    def __init__(self, model_path: str | None = None, batch_size: int = 512, evidence: bool = True):
        self.model_path = model_path
        self.batch_size = batch_size
        self.evidence = evidence
        self._fixed = load_cached(model_path) if model_path else None
        self.model  # noqa: B018 - read now, so a bad model fails when the pipeline is built

    @property
    def model(self):
        """The model named at construction, else the data folder's current one (a council
        model after a retrain, else the packaged one): looked up per batch, so a switch or a
        restore applies without a restart."""
        return self._fixed if self._fixed is not None else council.load_current()

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterable[Doc]:
        # At least self.batch_size docs an encoder call, whatever nlp.pipe's batch_size: the
        # encoder sorts a call's texts by length, so bigger calls pad less (64-doc calls cost
        # ~1.4x a bare encode of the same texts, 512-doc calls ~1.1x).
        for batch in minibatch(docs, size=max(batch_size or 0, self.batch_size)):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: Sequence[Doc]) -> None:
        spans_of = [finding_spans(doc) for doc in docs]
        texts = [s.text for spans in spans_of for s in spans]
        model = self.model
        # Encoded once: ahead, in the background, when gt_encode_ahead is in the pipeline
        # (nlp.classify.ahead), else here. With the packaged base encoder the vectors are kept
        # on each span (span._.gt_vector) so the learned voice judgement reuses them instead of
        # encoding again; a tuned encoder's vectors are not the base ones the voice model was fitted on.
        vectors = take(docs, texts, model)
        if vectors is None and texts:
            vectors = model.vectors_for(texts)  # [base | tuned where routed] with a cascade
        results = model.predict(texts, vectors=vectors, evidence=self.evidence) if texts else []
        encoder = model.meta.get("encoder") or {}
        base = not encoder or encoder.get("tuned_for") == "stance"  # [base | tuned]: the base half
        k = 0
        for doc, spans in zip(docs, spans_of):
            labels = []
            for span in spans:
                if base:
                    span._.gt_vector = vectors[k][:384]
                span._.fundamentals = results[k]["fundamentals"]
                span._.stance = results[k]["stance"]
                span._.fundamentals_margin = results[k].get("fundamentals_margin")
                labels.append(results[k]["fundamentals"])
                k += 1
            doc._.fundamentals = aggregate(labels)


@Language.factory("gt_classifier", default_config={"model_path": None, "batch_size": 512, "evidence": True})
def make_classifier(nlp: Language, name: str, model_path: str | None, batch_size: int, evidence: bool):
    """`model_path`: a model saved by `train_from_files` (default: the data folder's council model,
    else nlp/models/findings_classifier.npz; see nlp.classify.council)."""
    return FindingClassifierComponent(model_path, batch_size, evidence)
