"""The learned judgement beside the rules: a logistic regression over a text's sentence
embedding and the rules' own signals, so that voice in wording the rules have not seen
(a wish relayed by an advocate, a drawing described, a non-verbal child's signs) is still
recognised, while the rules stay the readable first word.

Features of a unit (one finding, or a narrative's findings together):
- the mean of the findings' all-MiniLM-L6-v2 vectors, L2-normalised again (384). In the
  pipeline these are the vectors `gt_classifier` already computed (`span._.gt_vector`), so the
  learned part costs a dot product, not a second encode;
- the rules' signals (`RULE_FEATURES`): the rules' label, which rules fired, how many findings.

Policy (`decide`): the rules' `present` stands; a `missing_voice` finding is never made
present; otherwise P(present) >= the model's threshold makes the unit `present`
(`decided_by: "classifier"`). Whether a text is about one child stays the rules' call, so
only an `absent` unit can be turned (a narrative about groups is never given a voice).

The model ships as `nlp/models/voice_learned.npz` (weights, bias, threshold) and
`voice_learned.json` (feature names, training files, counts, build-time predictions for the
test); no pickle. `goldenthread eval voice` measures it under grouped CV; `python -m
eval.voice_eval --build` rebuilds it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.voice.hook import relabel_narrative
from nlp.voice.words import NOT_EVIDENCE, RULES

MODELS = Path(__file__).resolve().parents[1] / "models"
DEFAULT_MODEL = MODELS / "voice_learned.npz"
DIM = 384
POSITIVE_RULES = tuple(r for r in RULES if r not in NOT_EVIDENCE)
RULE_FEATURES = (("label_present", "label_absent", "label_not_applicable")
                 + tuple(f"rule_{r}" for r in POSITIVE_RULES) + ("rule_missing_voice", "log_findings"))

if not Span.has_extension("gt_vector"):
    # The finding's base all-MiniLM-L6-v2 vector (L2-normalised), set by whichever component
    # encoded it first (gt_classifier), so later components reuse it instead of encoding again.
    Span.set_extension("gt_vector", default=None)


def rule_features(results: Sequence[dict]) -> np.ndarray:
    """The rules' signals over a unit's finding results (span._.child_voice dicts)."""
    labels = {r.get("label") for r in results}
    fired = {e["rule"] for r in results for e in r.get("evidence", [])}
    present = "present" in labels
    absent = not present and "absent" in labels
    out = [float(present), float(absent), float(not present and not absent)]
    out += [float(r in fired) for r in POSITIVE_RULES]
    out += [float("missing_voice" in fired), float(np.log1p(len(results)))]
    return np.asarray(out, dtype=np.float32)


def unit_vector(vectors: np.ndarray) -> np.ndarray:
    """The unit's embedding: the mean of its findings' vectors, L2-normalised."""
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIM)
    if not len(vectors):
        return np.zeros(DIM, dtype=np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def features(results: Sequence[dict], vectors: np.ndarray, use: str = "both") -> np.ndarray:
    """`use`: "both" (embedding then rule signals), "embedding" or "rules"."""
    parts = []
    if use in ("both", "embedding"):
        parts.append(unit_vector(vectors))
    if use in ("both", "rules"):
        parts.append(rule_features(results))
    return np.concatenate(parts).astype(np.float32)


def decide(rule_label: str, has_missing_voice_only: bool, probability: float, threshold: float) -> tuple[str, str]:
    """(label, decided_by) for a unit from the rules' label and P(present)."""
    if rule_label == "present" or rule_label == "not_applicable" or has_missing_voice_only:
        return rule_label, "rules"
    if probability >= threshold:
        return "present", "classifier"
    return rule_label, "rules"


@dataclass
class VoiceModel:
    """P(present) = sigmoid(x . weights + bias), x = `features(..., use)`."""
    weights: np.ndarray
    bias: float
    threshold: float
    use: str = "both"
    meta: dict = field(default_factory=dict)

    def probability(self, X: np.ndarray) -> np.ndarray:
        X = np.atleast_2d(np.asarray(X, dtype=np.float32))
        return 1.0 / (1.0 + np.exp(-(X @ self.weights + self.bias)))

    def unit(self, results: Sequence[dict], vectors: np.ndarray) -> float:
        return float(self.probability(features(results, vectors, self.use))[0])

    def save(self, path: str | Path = DEFAULT_MODEL) -> None:
        path = Path(path)
        np.savez(path, weights=self.weights.astype(np.float32), bias=np.float32(self.bias),
                 threshold=np.float32(self.threshold))
        meta = {**self.meta, "use": self.use, "feature_names": feature_names(self.use)}
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL) -> "VoiceModel":
        path = Path(path)
        with np.load(path, allow_pickle=False) as data:
            weights, bias, threshold = data["weights"], float(data["bias"]), float(data["threshold"])
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        model = cls(weights=weights, bias=bias, threshold=threshold, use=meta.get("use", "both"), meta=meta)
        if len(weights) != len(feature_names(model.use)):
            raise ValueError(f"{path}: {len(weights)} weights for {len(feature_names(model.use))} features")
        return model


def feature_names(use: str = "both") -> list[str]:
    names = []
    if use in ("both", "embedding"):
        names += [f"embedding_{i}" for i in range(DIM)]
    if use in ("both", "rules"):
        names += list(RULE_FEATURES)
    return names


@lru_cache(maxsize=4)
def load_cached(path: str | None = None) -> VoiceModel:
    return VoiceModel.load(path or DEFAULT_MODEL)


def _missing_only(result: dict) -> bool:
    rules = {e["rule"] for e in result.get("evidence", [])}
    return bool(rules) and rules <= NOT_EVIDENCE


class VoiceLearned:
    """`gt_voice_learned`: after gt_child_voice and gt_classifier. Each finding's result and
    the narrative's go through `decide`; the probability is kept on the result."""

    def __init__(self, model_path: str | None = None):
        self.model = load_cached(model_path)
        self._embedder = None

    def _vectors(self, spans: list[Span]) -> np.ndarray:
        missing = [i for i, s in enumerate(spans) if s._.gt_vector is None]
        if missing:  # no classifier ran before: encode here (the only case that costs an encode)
            if self._embedder is None:
                from nlp.classify import _norm
                from nlp.embed import get_embedder

                self._embedder = (get_embedder(), _norm)
            embed, norm = self._embedder
            encoded = embed([norm(spans[i].text) for i in missing])
            for i, v in zip(missing, encoded):
                spans[i]._.gt_vector = np.asarray(v, dtype=np.float32)
        return np.stack([np.asarray(s._.gt_vector, dtype=np.float32) for s in spans]) if spans else \
            np.zeros((0, DIM), dtype=np.float32)

    def __call__(self, doc: Doc) -> Doc:
        spans = [f for f in (doc._.findings or []) if f._.child_voice is not None and f.text.strip()]
        if not spans:
            return doc
        vectors = self._vectors(spans)
        model = self.model
        rule_results = [s._.child_voice for s in spans]
        for span, vec, result in zip(spans, vectors, rule_results):
            p = model.unit([result], vec[None, :])
            label, by = decide(result["label"], _missing_only(result), p, model.threshold)
            span._.child_voice = {**result, "label": label, "decided_by": by, "classifier_probability": round(p, 4)}
        before = (doc._.child_voice or {}).get("label")  # the rules' narrative label
        narrative = relabel_narrative(doc)
        p = model.unit(rule_results, vectors)
        out = {**narrative, "decided_by": "rules", "classifier_probability": round(p, 4)}
        if narrative["label"] == "present" and before != "present":
            out["decided_by"] = "classifier"  # a finding the classifier turned
        elif narrative["label"] == "absent" and p >= model.threshold:
            out.update(label="present", decided_by="classifier")
            out.pop("flag", None)
        doc._.child_voice = out
        return doc


@Language.factory("gt_voice_learned", default_config={"model_path": None})
def make_voice_learned(nlp: Language, name: str, model_path: str | None):
    return VoiceLearned(model_path)
