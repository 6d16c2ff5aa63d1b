"""The stance cascade: the base stance head answers where it is sure, and the tuned layers run
(and the tuned head answers) only for the findings it routes. Trained here on the project's
own fictional rows (nlp/data/train_findings.jsonl) over the shipped tuned encoder; the probe
sentences are fictional, written for these tests."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nlp.classify import DEFAULT_MODEL, Config, load, read_rows, train
from nlp.classify.model import FindingClassifier

PROBES = [
    "Visits happened on time and the worker knew the children well.",
    "The plan had no dates and nobody owned the actions.",
    "Re-referrals fell from 30% to 18% over the year.",
    "The service received 840 contacts in the quarter.",
    "Although records were late, the manager's oversight is clear and purposeful.",
    "Supervision notes repeat the same actions month after month without progress.",
    "There are 212 children on plans across the three teams.",
    "Families said they felt listened to at every review.",
]


@pytest.fixture(scope="module")
def cascade():
    from pathlib import Path

    shipped = load(DEFAULT_MODEL)
    encoder = shipped._encoder()
    rows = read_rows(Path(__file__).resolve().parents[1] / "nlp" / "data" / "train_findings.jsonl")
    vectors = encoder([r["text"] for r in rows])
    model = train(rows, replace(Config(), stance_cascade=0.5), vectors=vectors)
    model.meta["encoder"] = dict(shipped.meta["encoder"])
    model.path = DEFAULT_MODEL  # its encoder file sits beside the shipped model
    return model, encoder


def test_the_gate_has_a_threshold_from_the_training_rows(cascade):
    model, _ = cascade
    assert model.gate is not None and 0.34 < float(model.gate["threshold"]) < 1.0


def test_tuned_layers_run_only_for_routed_findings(cascade):
    model, encoder = cascade
    seen = []
    hook = encoder.top[-1].register_forward_hook(lambda m, args, out: seen.append(args[0].shape[0]))
    try:
        vectors = model.vectors_for(PROBES)
    finally:
        hook.remove()
    _, routed, _ = model._gate([t for t in PROBES], vectors[:, :384])
    routed_rows = np.flatnonzero(routed)
    assert sum(seen) == len(routed_rows) < len(PROBES)   # the tuned layers saw the routed texts only
    assert np.all(np.any(vectors[routed_rows, 384:], axis=1))
    assert not np.any(vectors[~routed, 384:])          # and nothing else was tuned


def test_lazy_vectors_score_as_full_vectors(cascade):
    model, encoder = cascade
    lazy = model.scores(PROBES)
    full = model.scores(PROBES, encoder(PROBES))           # every row's tuned half given
    base_only = model.scores(PROBES, encoder(PROBES)[:, :384])  # tuned half computed where routed
    assert np.allclose(lazy[1], full[1], atol=1e-4) and np.allclose(lazy[1], base_only[1], atol=1e-4)
    assert np.allclose(lazy[0], full[0], atol=1e-4)


def test_routed_rows_take_the_tuned_heads_answer(cascade):
    model, encoder = cascade
    stance, tuned_rows = model.scores(PROBES)[1], model.scores(PROBES)[2]["tuned_rows"]
    base_p, routed, _ = model._gate(PROBES, encoder(PROBES)[:, :384])
    assert np.array_equal(tuned_rows, routed)
    assert np.allclose(stance[~routed], base_p[~routed], atol=1e-5)


def test_save_and_load_keep_the_gate(cascade, tmp_path):
    import shutil

    model, _ = cascade
    shutil.copy(DEFAULT_MODEL.parent / model.meta["encoder"]["file"], tmp_path / model.meta["encoder"]["file"])
    path = model.save(tmp_path / "m.npz")
    again: FindingClassifier = load(path)
    assert again.config.stance_cascade == 0.5
    assert float(again.gate["threshold"]) == pytest.approx(float(model.gate["threshold"]))
    assert np.allclose(again.scores(PROBES)[1], model.scores(PROBES)[1], atol=1e-5)
    labels = [p["stance"]["label"] for p in again.predict(PROBES)]
    assert labels == [p["stance"]["label"] for p in model.predict(PROBES)]


def test_base_vectors_alone_make_a_model_without_a_cascade():
    """With the base vector only there is no tuned head to route to: one stance head, as before."""
    from pathlib import Path

    rows = read_rows(Path(__file__).resolve().parents[1] / "nlp" / "data" / "train_findings.jsonl")[:120]
    vectors = np.random.default_rng(0).normal(size=(len(rows), 384)).astype(np.float32)
    model = train(rows, replace(Config(), stance_cascade=0.25), vectors=vectors)
    assert model.gate is None
    assert model.scores([r["text"] for r in rows[:3]], vectors[:3])[1].shape == (3, 3)


def test_models_saved_before_the_cascade_load_without_one():
    assert Config.from_json({"C": 4.0}).stance_cascade == 0.0


def test_the_pipeline_reads_each_finding_features_once(cascade):
    """vectors_for then predict on those vectors (as the pipeline calls them): the feature blocks
    of all findings are made once, and again only for the routed ones."""
    model, _ = cascade
    sizes = []
    real = model.features.blocks

    def counting(texts, vectors):
        sizes.append(len(texts))
        return real(texts, vectors)

    model.features.blocks = counting
    try:
        vectors = model.vectors_for(PROBES)
        routed = int(np.count_nonzero(np.any(vectors[:, 384:], axis=1)))
        model.predict(PROBES, vectors=vectors)
    finally:
        model.features.blocks = real
    assert sizes == [len(PROBES)] + ([routed] if routed else [])
