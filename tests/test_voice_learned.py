"""The learned child's-voice judgement (nlp/voice/learned.py): the shipped model loads offline
without pickle and predicts as at build time; the pipeline reuses the classifier's vectors; the
policy never lets it override the rules' present or a missing voice. Every text is fictional."""
from __future__ import annotations

import json

import numpy as np
import pytest

from nlp.voice.learned import DEFAULT_MODEL, RULE_FEATURES, VoiceModel, decide, features, rule_features


def test_model_files_are_plain_arrays_and_json():
    with np.load(DEFAULT_MODEL, allow_pickle=False) as data:  # raises on any pickled object
        assert set(data.files) == {"weights", "bias", "threshold"}
    meta = json.loads(DEFAULT_MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    model = VoiceModel.load()
    assert len(model.weights) == len(meta["feature_names"])
    assert 0.0 < model.threshold < 1.0
    assert meta["probes"] and meta["training_files"]


def test_predicts_as_at_build_time():
    """The probes' probabilities and labels, recomputed through the same path as the build."""
    from eval.voice_eval import predict, units

    model = VoiceModel.load()
    probes = model.meta["probes"]
    for probe, unit in zip(probes, units([{"text": p["text"]} for p in probes])):
        assert model.unit(unit["results"], unit["vectors"]) == pytest.approx(probe["probability"], abs=1e-4)
        assert predict(model, unit) == probe["label"]


def test_policy_keeps_the_rules_word():
    assert decide("present", False, 0.0, 0.7) == ("present", "rules")
    assert decide("absent", True, 0.99, 0.7) == ("absent", "rules")  # a missing voice stays missing
    assert decide("not_applicable", False, 0.99, 0.7) == ("not_applicable", "rules")  # groups stay groups
    assert decide("absent", False, 0.9, 0.7) == ("present", "classifier")
    assert decide("absent", False, 0.5, 0.7) == ("absent", "rules")


def test_rule_features_name_each_signal():
    x = rule_features([{"label": "present", "evidence": [{"rule": "seen_alone"}]},
                       {"label": "absent", "evidence": [{"rule": "missing_voice"}]}])
    named = dict(zip(RULE_FEATURES, x))
    assert named["label_present"] == 1 and named["label_absent"] == 0
    assert named["rule_seen_alone"] == 1 and named["rule_missing_voice"] == 1 and named["rule_child_speaks"] == 0
    assert len(features([], np.zeros((0, 384)), "both")) == 384 + len(RULE_FEATURES)


@pytest.fixture(scope="module")
def analysis():
    from nlp.pipeline import build

    return build(redact=False)


def test_pipeline_reuses_the_classifier_vectors(analysis):
    from nlp.embed import get_embedder

    assert analysis.pipe_names[-2:] == ["gt_classifier", "gt_voice_learned"]
    doc = analysis("Nia was seen at school. She told her teacher that she is hungry most mornings.")
    for f in doc._.findings:
        assert f._.gt_vector is not None
        assert float(np.dot(f._.gt_vector, get_embedder()(f.text))) == pytest.approx(1.0, abs=1e-3)
    voice = doc._.child_voice
    assert voice["label"] == "present" and voice["decided_by"] == "rules"
    assert 0.0 <= voice["classifier_probability"] <= 1.0


def test_pipeline_result_matches_the_offline_path(analysis):
    """What gt_voice_learned writes is what eval.voice_eval.predict scores."""
    from eval.voice_eval import units

    model = VoiceModel.load()
    for probe in model.meta["probes"]:
        doc = analysis(probe["text"])
        assert doc._.child_voice["label"] == probe["label"]
        assert doc._.child_voice["classifier_probability"] == pytest.approx(
            model.unit(units([{"text": probe["text"]}])[0]["results"],
                       np.stack([f._.gt_vector for f in doc._.findings])), abs=1e-3)
