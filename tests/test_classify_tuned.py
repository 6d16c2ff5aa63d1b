"""The tuned encoder, the readable stance cues, grouped folds and the shipped artefact.
Every sentence here is fictional, written for these tests."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from nlp import classify
from nlp.classify import DEFAULT_MODEL, Config, encoder, fold_indices
from nlp.classify.lexicon import STANCE_CUES, main_clause, stance_cues


def cues(text: str) -> set[str]:
    return {name for name, on in zip(STANCE_CUES, stance_cues(text)) if on}


# ---------------------------------------------------------------- readable stance cues (the guide's rules)
def test_leading_concession_does_not_decide():
    text = "Although a handful of case notes were written late, families say they understand their plans well."
    assert main_clause(text) == "families say they understand their plans well."
    assert "main: strength words" in cues(text) and "main: concern words" not in cues(text)


def test_final_clause_after_but_decides():
    text = "Strategy discussions are now held promptly, but the records of them are thin."
    assert main_clause(text) == "the records of them are thin."
    assert "main: concern words" in cues(text)


def test_trailing_although_clause_is_the_final_judgement():
    text = "The panel tracks every child in care, although its minutes rarely show what changed."
    assert main_clause(text).startswith("its minutes rarely")


def test_figures_read_with_their_direction():
    up = cues("The share of reviews held on time went from 64% to 93% this year.")
    assert {"figure rises", "fall of a bad measure / rise of a good one"} <= up
    down_bad = cues("Repeat child protection plans fell from 31% to 19%.")
    assert {"figure falls", "about a bad measure", "fall of a bad measure / rise of a good one"} <= down_bad
    up_bad = cues("Caseloads rose from 17 to 26 children per worker.")
    assert "rise of a bad measure / fall of a good one" in up_bad


def test_a_moving_figure_is_judged_by_its_direction_and_measure():
    from nlp.classify.lexicon import figure_judgement

    assert figure_judgement("Plans written within a month went from 44% to 80%.") == "strength"
    assert figure_judgement("Unallocated cases fell from 61 to 12 over the summer.") == "strength"
    assert figure_judgement("Supervision held monthly slipped from 85% to 60%.") == "concern"
    assert figure_judgement("Agency staff rose from 9% to 22% of the workforce.") == "concern"
    assert figure_judgement("The strategy runs from 2025 to 2028.") is None  # years, not a figure
    assert figure_judgement("Although visits rose from 50% to 70%, plans remain vague.") is None  # not the main clause
    assert figure_judgement("There were 311 children in care in March.") is None


def test_inspection_praise_priority_and_bare_figures():
    assert "inspection praise" in cues("Inspectors found that the fostering service is strong and well led.")
    assert "still a priority / should" in cues("Improving the timeliness of pathway plans remains a priority.")
    assert "bare figure" in cues("There were 311 children in care on the last day of March.")
    assert "bare figure" not in cues("Too few of the 311 children in care had an up-to-date plan.")


# ---------------------------------------------------------------- nearest neighbours in calibration
def test_neighbour_shares_weigh_the_nearest_findings():
    from nlp.classify.heads import _knn_votes

    ref = np.array([[1, 0], [0.8, 0.6], [0, 1], [-1, 0]], dtype=np.float32)
    Y = np.zeros((4, len(classify.LABELS)))
    Y[0, 0] = Y[1, 0] = Y[2, 1] = 1
    S = np.array([0, 0, 1, 2])
    fund, stance = _knn_votes(np.array([[1, 0]], dtype=np.float32), ref, Y, S, k=2)
    assert fund[0, 0] == pytest.approx(1.0) and fund[0, 1] == 0  # both nearest carry label 0
    assert stance[0].tolist() == pytest.approx([1.0, 0.0, 0.0])
    fund, stance = _knn_votes(np.array([[0.6, 0.8]], dtype=np.float32), ref, Y, S, k=2)
    assert 0 < fund[0, 1] < fund[0, 0] < 1  # [0.8, 0.6] is nearer than [0, 1]
    assert stance[0].sum() == pytest.approx(1.0)


def test_models_saved_before_the_new_options_keep_their_behaviour():
    """A model's saved config without the later fields reads back as it was trained."""
    old = Config.from_json({"C": 4.0, "stance_cues": True, "stance_prior": "balanced"})
    assert (old.knn, old.lexicon_version, old.cue_set, old.stance_mlp, old.stance_offsets) == (0, 1, 1, 0, False)
    assert Config().knn > 0  # the shipped choice (variants.jsonl)


# ---------------------------------------------------------------- grouped folds
def test_grouped_folds_keep_each_source_on_one_side():
    rows = [{"text": f"row {i}", "fundamentals": [], "stance": ("strength", "concern", "neutral")[i % 3],
             "source": f"report-{i % 7}"} for i in range(70)]
    folds = fold_indices(rows, 5, 0, "source")
    assert sorted(np.concatenate(folds).tolist()) == list(range(70))
    for te in folds:
        inside = {rows[i]["source"] for i in te}
        outside = {rows[i]["source"] for i in range(70) if i not in set(te.tolist())}
        assert not inside & outside
    with pytest.raises(ValueError, match="too few"):
        fold_indices(rows[:3], 5, 0, "source")


# ---------------------------------------------------------------- the tuned encoder
def test_lower_and_top_layers_reproduce_the_packaged_encoder():
    from nlp.embed import get_embedder

    texts = ["The child's plan was reviewed on time.", "Supervision is regular and reflective for most staff."]
    states = encoder.hidden_states(texts, 6)
    mine = np.stack([s.mean(0) for s in states])
    mine /= np.linalg.norm(mine, axis=1, keepdims=True)
    assert np.allclose(mine, get_embedder()(texts), atol=1e-5)


def test_tuning_moves_same_stance_findings_together(tmp_path):
    rows = classify.read_rows(classify.REPO / "nlp" / "data" / "train_findings.jsonl")[:96]
    states = encoder.hidden_states([r["text"] for r in rows], 4)
    stance = np.array([("strength", "concern", "neutral").index(r["stance"]) for r in rows])
    fund = np.array([[lab in r["fundamentals"] for lab in classify.LABELS] for r in rows], dtype=np.float32)
    before = encoder.encode_states({f"0.{k}": v for k, v in encoder._bert(encoder._base_model()).encoder.layer[5]
                                   .state_dict().items()}, 1, states, upto=4)
    state = encoder.train_top_layers(states, stance, fund, k=1, epochs=3, batch_size=32, lr=1e-4, seed=0,
                                     stance_weight=1.0, upto=4)
    after = encoder.encode_states(state, 1, states, upto=4)

    def gap(v):
        sims = v @ v.T
        same = stance[:, None] == stance[None, :]
        off = ~np.eye(len(v), dtype=bool)
        return sims[same & off].mean() - sims[~same].mean()

    assert gap(after) > gap(before) + 0.01  # 9 steps: measured 0.088 -> 0.110
    path = tmp_path / "top.safetensors"
    sha = encoder.save_layers(state, path, {"layers": 1})
    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()
    loaded = encoder.TunedEncoder(*encoder.load_layers(path)[:1], k=1)
    texts = [rows[0]["text"], rows[1]["text"]]
    both = loaded.encode(texts, base=True)
    assert np.allclose(both["tuned"], after[:2], atol=1e-5)
    from nlp.embed import get_embedder

    assert np.allclose(both["base"], get_embedder()(texts), atol=1e-5)
    with pytest.raises(ValueError, match="not a goldenthread tuned encoder"):
        from safetensors.torch import save_file

        save_file(dict(state), str(tmp_path / "other.safetensors"))
        encoder.load_layers(tmp_path / "other.safetensors")


# ---------------------------------------------------------------- the shipped artefact
def test_shipped_artefact_is_small_safe_and_described():
    meta = json.loads(DEFAULT_MODEL.with_suffix(".json").read_text())
    names = {f["name"] for f in meta["training_files"]}
    assert names == {"train_findings.jsonl", "findings_dev.jsonl", "findings_ofsted_a.jsonl",
                     "findings_ofsted_b.jsonl"}
    card = (DEFAULT_MODEL.parent / "MODEL_CARD.md").read_text()
    assert classify.sha256_file(DEFAULT_MODEL) in card
    info = meta.get("encoder")
    if info:  # the tuned encoder ships: safetensors, at most 20 MB, sha256 in the card
        path = DEFAULT_MODEL.parent / info["file"]
        assert path.suffix == ".safetensors" and path.stat().st_size <= 20 * 1024 * 1024
        assert classify.sha256_file(path) == info["sha256"] and info["sha256"] in card
        encoder.load_layers(path)  # format checked, no pickle


def test_shipped_artefact_predicts_as_at_build_time():
    """Loaded fresh, offline, the model gives the scores stored when it was built."""
    model = classify.load(DEFAULT_MODEL)
    stored = model.meta["build_predictions"]
    assert len(stored) >= 5
    fund, stance, _ = model.scores([s["text"] for s in stored])
    for i, s in enumerate(stored):
        for j, lab in enumerate(classify.LABELS):
            assert fund[i, j] == pytest.approx(s["fundamentals"][lab], abs=2e-3)
        for k, name in enumerate(("strength", "concern", "neutral")):
            assert stance[i, k] == pytest.approx(s["stance"][name], abs=2e-3)


# ---------------------------------------------------------------- hard stance cases (fictional)
# Written before the session-1 model was built. The first ("rose from 58% to 91%") failed on the
# session-1 model and passes since the figure rule (lexicon.figure_judgement), which grouped CV found
# neutral (no real row changed), so it is no longer unseen evidence. Session 4's model (the stance head
# on the tuned encoder, chosen by grouped CV, not on these) answers "dropped from 90% to 71%" right and
# "continues to be a priority" wrong (neutral), so those two swapped marks; the fall of re-referrals is
# still read as a concern and the leading concession still pulls towards concern. Strict expected
# failures, so a model that gets them right says so. 6 of 9 pass, as before. Session 5's stance cascade
# (the base head where it is sure, the tuned head where not; chosen by grouped CV) answers "continues to
# be a priority" right again (the base head's answer): 7 of 9.
KNOWN = pytest.mark.xfail(strict=True, reason="fails on the shipped model (README, Measured: Analysis)")
HARD = [
    ("The proportion of children visited within timescale rose from 58% to 91% over the year.", "strength"),
    pytest.param("Re-referrals within twelve months fell from 27% to 16% after the front door was redesigned.",
                 "strength", marks=KNOWN),
    ("The timeliness of initial health assessments has improved considerably since the spring.", "strength"),
    ("Inspectors found that help for care leavers is good and that personal advisers know them well.", "strength"),
    ("Assessments are now completed on time, but the analysis in them remains thin.", "concern"),
    pytest.param("Although a few supervision records were late, managers give clear and purposeful direction on "
                 "cases.", "strength", marks=KNOWN),
    ("Improving the quality of pathway plans continues to be a priority for the service.", "concern"),
    ("The proportion of reviews held on time dropped from 90% to 71%.", "concern"),
    ("There were 412 children subject to a child protection plan at the end of March.", "neutral"),
]


@pytest.mark.parametrize("text,stance", HARD)
def test_hard_stance_cases(text, stance):
    result = classify.load_cached().predict([text], evidence=False)[0]
    assert result["stance"]["label"] == stance, result["stance"]
