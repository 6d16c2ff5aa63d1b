"""Retraining on corrections reads the shipped tuned encoder's vectors from a disk cache keyed by
the encoder file's sha256, so a second retrain does not encode every shipped row again."""
from __future__ import annotations

import numpy as np

from assistant.retrain.compare import Vectors
from nlp.classify import DEFAULT_MODEL, load
from nlp.classify.model import FindingClassifier

TEXTS = ["The plan was reviewed with the family and the actions were clear.",
         "Visits were not recorded for three months.",
         "Her wishes were written down in her own words."]


class Counting:
    """The real shipped encoder, counting the texts it is asked to encode."""

    def __init__(self, encoder):
        self.encoder, self.texts = encoder, 0

    def __call__(self, texts):
        self.texts += len(texts)
        return self.encoder(texts)


def _encoder():
    model: FindingClassifier = load(DEFAULT_MODEL)
    return model._encoder(), model.meta["encoder"]["sha256"]


def test_tuned_vectors_are_encoded_once_per_encoder(tmp_path, monkeypatch):
    monkeypatch.setenv("GOLDENTHREAD_CACHE", str(tmp_path))
    encoder, sha = _encoder()
    first = Counting(encoder)
    got = Vectors(first, sha).of([{"text": t} for t in TEXTS])
    assert first.texts == 3
    assert np.allclose(got, encoder(TEXTS), atol=1e-6)
    again = Counting(encoder)  # a new retrain: a new Vectors, the same encoder file
    assert np.array_equal(Vectors(again, sha).of([{"text": t} for t in TEXTS]), got)
    assert again.texts == 0
    other = Counting(encoder)  # other weights (another sha256): encoded anew, never the cached rows
    Vectors(other, "0" * 64).of([{"text": t} for t in TEXTS])
    assert other.texts == 3


def test_without_a_sha256_nothing_is_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("GOLDENTHREAD_CACHE", str(tmp_path))
    encoder, _ = _encoder()
    counting = Counting(encoder)
    Vectors(counting).of([{"text": t} for t in TEXTS])
    Vectors(counting).of([{"text": t} for t in TEXTS])
    assert counting.texts == 6
    assert not list(tmp_path.glob("tuned-*.npy"))
