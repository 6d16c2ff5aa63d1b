"""The findings classifier (nlp.classify): the shipped model on hand-written fictional findings,
evidence, thresholds, saving without pickle, training-file validation and the spaCy component.
Every finding here is fictional."""
from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from nlp import classify
from nlp.classify import DEFAULT_MODEL, LABELS, Config

PLANNING_CONCERN = ("The plan for Ellie has no timescales and no contingency, and its outcomes are not SMART, so "
                    "nobody can tell what should change by the next review.")
AUDIT_PROCESS = "The audit programme this quarter covered 48 cases drawn from six teams."
SUPERVISION_STRENGTH = ("Supervision was regular and reflective, and the team manager gave clear case direction "
                        "that the social worker followed.")
MIXED = "The quality of planning has improved since the spring but remains too variable between teams."


@pytest.fixture(scope="module")
def model():
    return classify.load_cached()


def labels(result: dict) -> list[str]:
    return [f["label"] for f in result["fundamentals"]]


def test_shipped_model_is_small_and_described():
    assert DEFAULT_MODEL.exists()
    assert DEFAULT_MODEL.stat().st_size < 5 * 1024 * 1024
    meta = json.loads(DEFAULT_MODEL.with_suffix(".json").read_text())
    assert {f["name"] for f in meta["training_files"]} == {"train_findings.jsonl", "findings_dev.jsonl",
                                                           "findings_ofsted_a.jsonl", "findings_ofsted_b.jsonl"}
    card = (DEFAULT_MODEL.parent / "MODEL_CARD.md").read_text()
    assert classify.sha256_file(DEFAULT_MODEL) in card
    for f in meta["training_files"]:
        assert f["sha256"] in card


def test_clear_planning_concern(model):
    result = model.predict([PLANNING_CONCERN])[0]
    assert "planning" in labels(result)
    assert result["stance"]["label"] == "concern"


def test_audit_process_sentence_has_no_fundamental_and_is_neutral(model):
    result = model.predict([AUDIT_PROCESS])[0]
    assert labels(result) == []
    assert result["stance"]["label"] == "neutral"


def test_supervision_strength(model):
    result = model.predict([SUPERVISION_STRENGTH])[0]
    assert "oversight" in labels(result)
    assert result["stance"]["label"] == "strength"


def test_improved_but_still_variable_is_a_concern(model):
    result = model.predict([MIXED])[0]
    assert result["stance"]["label"] == "concern"
    assert "planning" in labels(result)


def test_evidence_is_checkable(model):
    result = model.predict([PLANNING_CONCERN])[0]
    examples = {e["id"]: e for e in model.examples}
    for item in result["fundamentals"]:
        assert len(item["evidence"]) == 3
        for ev in item["evidence"]:
            assert item["label"] in ev["fundamentals"]
            assert examples[ev["id"]]["text"] == ev["text"]
            assert -1.0 <= ev["similarity"] <= 1.0
        sims = [ev["similarity"] for ev in item["evidence"]]
        assert sims == sorted(sims, reverse=True)
        assert item["terms"] and all(t.lower() in PLANNING_CONCERN.lower() for t in item["terms"])
    assert all(ev["stance"] == result["stance"]["label"] for ev in result["stance"]["evidence"])


def test_thresholds_and_the_three_label_limit_are_respected(model):
    texts = [PLANNING_CONCERN, AUDIT_PROCESS, SUPERVISION_STRENGTH, MIXED,
             "The manager's oversight, the review of the plan, the recording of visits, the risk assessment, the "
             "safety plan, work with the school and police, and the child's wishes and feelings were all weak."]
    probs, _, _ = model.scores(texts)
    for row, result in zip(probs, model.predict(texts)):
        found = result["fundamentals"]
        assert len(found) <= 3
        assert [f["score"] for f in found] == sorted((f["score"] for f in found), reverse=True)
        above = {LABELS[j] for j in range(len(LABELS)) if row[j] >= model.thresholds[j]}
        assert {f["label"] for f in found} <= above
        if len(above) <= 3:
            assert {f["label"] for f in found} == above
        for f in found:
            assert f["score"] >= model.thresholds[LABELS.index(f["label"])] - 1e-4
    assert len(model.predict([texts[-1]])[0]["fundamentals"]) == 3


@pytest.fixture(scope="module")
def small_rows():
    rows = classify.read_rows(classify.REPO / "nlp" / "data" / "train_findings.jsonl")
    return rows[:160]


@pytest.fixture(scope="module")
def small_model(small_rows):
    return classify.train(small_rows, Config(inner_folds=3))


def test_save_load_round_trip_never_unpickles(small_model, tmp_path, monkeypatch):
    path = small_model.save(tmp_path / "m.npz")
    assert path.with_suffix(".json").exists()
    with np.load(path, allow_pickle=False) as data:
        assert all(data[k].dtype != object for k in data.files)

    def refuse(*args, **kwargs):
        raise AssertionError("the model store must never unpickle")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    loaded = classify.load(path)
    texts = [PLANNING_CONCERN, AUDIT_PROCESS, MIXED]
    vectors = small_model._embed(texts)
    a, sa, _ = small_model.scores(texts, vectors)
    b, sb, _ = loaded.scores(texts, vectors)
    assert np.allclose(a, b, atol=1e-4) and np.allclose(sa, sb, atol=1e-4)
    assert loaded.predict_labels(texts, vectors) == small_model.predict_labels(texts, vectors)
    assert np.array_equal(loaded.thresholds, small_model.thresholds)


def test_calibration_takes_the_keyword_rule_as_a_second_input(small_rows, small_model, tmp_path):
    # a, c, keyword hit, and the nearest training findings' share of the label (Config().knn > 0)
    assert small_model.platt.shape == (len(LABELS), 4)
    # the keyword input moves the probability: the same decision value with and without a hit
    j = LABELS.index("partnership")
    with_hit = classify._calibrated(np.array([0.0]), small_model.platt[j], np.array([1.0]))
    without = classify._calibrated(np.array([0.0]), small_model.platt[j], np.array([0.0]))
    assert with_hit[0] != pytest.approx(without[0], abs=1e-3)
    near = classify._calibrated(np.array([0.0]), small_model.platt[j], np.array([0.0]), np.array([1.0]))
    assert near[0] != pytest.approx(without[0], abs=1e-3)
    # a model trained without it (or saved before it existed) keeps two columns and still loads
    plain = classify.train(small_rows, Config(inner_folds=3, keyword_calibration=False, knn=0))
    assert plain.platt.shape == (len(LABELS), 2)
    loaded = classify.load(plain.save(tmp_path / "plain.npz"))
    texts = [PLANNING_CONCERN, AUDIT_PROCESS]
    vectors = plain._embed(texts)
    assert loaded.predict_labels(texts, vectors) == plain.predict_labels(texts, vectors)


def test_load_refuses_a_file_that_is_not_a_model(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, x=np.zeros(3))
    with pytest.raises((ValueError, KeyError)):
        classify.load(path)


def _write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


GOOD = {"id": "f-1", "text": "The plan was clear.", "fundamentals": ["planning"], "stance": "strength"}


@pytest.mark.parametrize("bad, message", [
    ({**GOOD, "stance": "positive"}, "\"stance\" must be one of"),
    ({**GOOD, "fundamentals": ["planing"]}, "unknown fundamental 'planing'"),
    ({**GOOD, "fundamentals": ["risk", "planning", "review", "recording"]}, "at most 3"),
    ({**GOOD, "text": "  "}, "\"text\" must be a non-empty string"),
    ({**GOOD, "child_voice": "yes"}, "\"child_voice\" must be one of"),
    ("{not json", "not valid JSON"),
])
def test_train_from_files_names_the_file_and_line(tmp_path, bad, message):
    path = _write(tmp_path / "labels.jsonl", [GOOD, bad])
    with pytest.raises(ValueError) as error:
        classify.train_from_files([path], tmp_path / "out.npz")
    assert f"{path}: line 2" in str(error.value) and message in str(error.value)


def test_train_from_files_rejects_a_duplicate_id_across_files(tmp_path):
    a = _write(tmp_path / "a.jsonl", [GOOD])
    b = _write(tmp_path / "b.jsonl", [{**GOOD, "text": "Another."}])
    with pytest.raises(ValueError, match="already used at .*a.jsonl: line 1"):
        classify.train_from_files([a, b], tmp_path / "out.npz")


def test_train_from_files_writes_model_metadata_and_card(tmp_path, small_rows):
    path = _write(tmp_path / "train.jsonl", small_rows[:60])
    summary = classify.train_from_files([path], tmp_path / "m.npz", Config(inner_folds=3), cv_folds=0)
    meta = json.loads((tmp_path / "m.json").read_text())
    assert meta["training_files"][0]["sha256"] == classify.sha256_file(path)
    assert set(meta["thresholds"]) == set(LABELS)
    card = (tmp_path / "m.card.md").read_text()
    assert summary["sha256"] in card and meta["training_files"][0]["sha256"] in card


# --------------------------------------------------------------------------- spaCy component
def test_component_labels_each_finding_and_the_doc():
    from nlp.pipeline import build

    nlp = build(redact=False, analyse=False)
    nlp.add_pipe("gt_classifier")
    doc = nlp(PLANNING_CONCERN + "\n\n" + SUPERVISION_STRENGTH)
    assert len(doc._.findings) == 2
    first, second = doc._.findings
    assert "planning" in [f["label"] for f in first._.fundamentals]
    assert first._.stance["label"] == "concern"
    assert second._.stance["label"] == "strength"
    assert all("evidence" in f for f in second._.fundamentals)
    doc_labels = {f["label"]: f for f in doc._.fundamentals}
    assert {"planning", "oversight"} <= set(doc_labels)
    assert doc._.fundamentals == sorted(doc._.fundamentals, key=lambda f: -f["score"])


def test_component_without_findings_labels_the_whole_doc():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("gt_classifier")
    doc = nlp(SUPERVISION_STRENGTH)
    assert "oversight" in [f["label"] for f in doc[:]._.fundamentals]
    assert doc[:]._.stance["label"] == "strength"
    assert [f["label"] for f in doc._.fundamentals] == [f["label"] for f in doc[:]._.fundamentals]


def test_pipe_embeds_a_batch_of_docs_in_one_encoder_call():
    import spacy

    nlp = spacy.blank("en")
    component = nlp.add_pipe("gt_classifier")
    model = component.model
    model._embed([AUDIT_PROCESS])  # makes sure the encoder is loaded
    real = model.embedder
    calls = []

    class Counting:
        """The real encoder, counting its passes over the base model (a stance cascade's
        `base_and_states`, else a plain call); the tuned layers' later pass is no second encode."""

        def __call__(self, texts):
            calls.append(len(texts))
            return real(texts)

        def base_and_states(self, texts):
            calls.append(len(texts))
            return real.base_and_states(texts)

        def tuned_from_states(self, states):
            return real.tuned_from_states(states)

    model.embedder = Counting()
    try:
        docs = list(nlp.pipe([PLANNING_CONCERN, AUDIT_PROCESS, SUPERVISION_STRENGTH, MIXED] * 5, batch_size=64))
    finally:
        model.embedder = real
    assert calls == [20]
    assert all(d[:]._.stance for d in docs)


