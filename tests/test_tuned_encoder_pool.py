"""The stance adapter (Config.tune_kind = "pool"): attention pooling over the base encoder's
final token states. Real packaged MiniLM, real training; the project's own fictional rows."""
from __future__ import annotations

import json

import numpy as np
import pytest

from nlp import classify
from nlp.classify import Config, adapter, encoder, tuning

META = {"kind": "pool", "layers": 0, "heads": 4, "key_dim": 32, "tuned_for": "stance"}


@pytest.fixture(scope="module")
def rows():
    return classify.read_rows(classify.REPO / "nlp" / "data" / "train_findings.jsonl")[:96]


@pytest.fixture(scope="module")
def trained(rows):
    states = encoder.hidden_states([r["text"] for r in rows], 6)
    stance, fund = tuning._targets(rows)
    state = adapter.train_pool(states, stance, fund, heads=4, key_dim=32, epochs=6, batch_size=32, lr=1e-3,
                               seed=0, stance_weight=1.0)
    return states, stance, state


def _gap(v, stance):
    sims = v @ v.T
    same = stance[:, None] == stance[None, :]
    off = ~np.eye(len(v), dtype=bool)
    return sims[same & off].mean() - sims[~same].mean()


def test_adapter_starts_as_mean_pooling_and_training_separates_stances(rows, trained):
    states, stance, state = trained
    import torch

    fresh = adapter._module(torch, 4, 32)
    before = adapter.encode_states({adapter.PREFIX + k: v for k, v in fresh.state_dict().items()}, META, states)
    mean = np.stack([s.mean(0) for s in states])  # zero queries: uniform weights, layer-normed mean
    mean = (mean - mean.mean(1, keepdims=True)) / np.sqrt(mean.var(1, keepdims=True) + 1e-5)
    mean /= np.linalg.norm(mean, axis=1, keepdims=True)
    assert np.allclose(before, mean, atol=1e-4)
    after = adapter.encode_states(state, META, states)
    assert _gap(after, stance) > _gap(before, stance) + 0.02


def test_base_and_adapter_vectors_come_from_one_base_pass(rows, trained):
    from nlp.embed import get_embedder

    states, _, state = trained
    texts = [r["text"] for r in rows[:20]]
    tuned = encoder.TunedEncoder(state, 0, meta=META)
    calls = []
    bert = encoder._bert(encoder._base_model())
    hooks = [layer.register_forward_hook(lambda m, i, o, n=n: calls.append(n))
             for n, layer in enumerate(bert.encoder.layer)]
    try:
        vectors = tuned(texts)  # 20 texts: one batch
    finally:
        for h in hooks:
            h.remove()
    assert calls == list(range(encoder.LAYERS))  # each base layer once, no copy, no second pass
    assert vectors.shape == (20, 768)
    assert np.allclose(vectors[:, :384], get_embedder()(texts), atol=1e-5)
    assert np.allclose(vectors[:, 384:], adapter.encode_states(state, META, states[:20]), atol=1e-5)


def test_save_load_round_trip_gives_identical_vectors(rows, trained, tmp_path):
    _, _, state = trained
    texts = [r["text"] for r in rows[:8]]
    path = tmp_path / "pool.safetensors"
    encoder.save_layers(state, path, META)
    loaded, meta = encoder.load_layers(path)
    assert meta["kind"] == "pool" and set(loaded) == set(state)
    again = encoder.load_encoder(path)
    assert again.adapter is not None and again.top == []
    assert np.array_equal(again(texts), encoder.TunedEncoder(state, 0, meta=META)(texts))


def test_configs_saved_without_the_new_fields_keep_the_tuned_layers():
    old = Config.from_json({"encoder": "tuned", "tune_layers": 2, "tune_loss": "classify", "tuned_for": "stance"})
    assert old.tune_kind == "layers" and tuning._start(old) == 4
    assert tuning.encoder_meta(old) == {"layers": 2}  # the shipped artefact's metadata is unchanged
    shipped = json.loads(classify.DEFAULT_MODEL.with_suffix(".json").read_text())
    assert Config.from_json(shipped["config"]).tune_kind == "layers"
    assert tuning._start(Config(tune_kind="pool")) == 6
    with pytest.raises(ValueError, match="unknown tune_kind"):
        tuning.fit_encoder([{"text": "x", "fundamentals": [], "stance": "neutral"}], Config(tune_kind="wide"),
                           row_states=[np.zeros((3, 384), np.float32)])


def test_a_model_built_with_the_adapter_loads_and_predicts(rows, tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:72]), encoding="utf-8")
    config = Config(inner_folds=3, tune_kind="pool", tune_heads=2, tune_key_dim=16, tune_epochs=2, tune_lr=1e-3)
    classify.train_from_files([path], tmp_path / "m.npz", config, cv_folds=0)
    meta = json.loads((tmp_path / "m.json").read_text())
    assert meta["encoder"]["kind"] == "pool" and meta["encoder"]["layers"] == 0
    assert (tmp_path / "m.encoder.safetensors").stat().st_size < 3 * 1024 * 1024
    model = classify.load(tmp_path / "m.npz")
    assert model._encoder()(["Visits were late."]).shape == (1, 768)  # [base | adapter]
    stored = meta["build_predictions"]
    fund, stance, _ = model.scores([s["text"] for s in stored])
    for i, s in enumerate(stored):  # loaded from its files, it scores as it did at build time
        assert stance[i] == pytest.approx([s["stance"][k] for k in ("strength", "concern", "neutral")], abs=2e-3)
        assert fund[i] == pytest.approx([s["fundamentals"][lab] for lab in classify.LABELS], abs=2e-3)
    assert Config.from_json(meta["config"]).tune_kind == "pool"
    card = (tmp_path / "m.card.md").read_text(encoding="utf-8")
    assert "a stance adapter (2 attention-pooling heads, keys 16 wide)" in card and "the one base pass" in card
