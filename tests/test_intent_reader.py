"""The learned intent reader: the shipped model loads (numbers only), reads its check
questions as it did when built, was built from the question files as they are now, and is
rebuilt to the same numbers by its command's code; the rules still override it where they
are certain, and follow-ups keep the rules' reading. All questions are fictional."""
from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from assistant.parse import demo_teams, parse_question
from assistant.parse.intent import MODEL_PATH, IntentModel, decide
from assistant.parse.reader import read_stages
from assistant.parse.train_intent import DEFAULT_FILES, build

TODAY = date(2019, 12, 15)
TEAMS = list(demo_teams())
CARD = json.loads(MODEL_PATH.with_suffix(".json").read_text())


def test_shipped_model_is_numbers_only_and_reads_its_checks_as_built():
    with np.load(MODEL_PATH, allow_pickle=False) as z:
        assert {"coef", "intercept", "mean", "scale"} <= set(z.files) <= {"coef", "intercept", "mean", "scale",
                                                                          "meta_coef", "meta_intercept"}
        assert all(z[k].dtype == np.float64 for k in z.files)
    model = IntentModel()
    assert model.classes == ["search", "summary", "count", "compare", "language"]
    assert len(CARD["checks"]) >= 5
    for check in CARD["checks"]:
        got = model.scores(read_stages(check["question"], TODAY, TEAMS))
        assert got.keys() == check["scores"].keys()
        for intent, p in check["scores"].items():
            assert got[intent] == pytest.approx(p, abs=2e-4), check["question"]


def test_model_was_built_from_the_question_files_as_they_are():
    """A change to the training questions without a rebuild fails here."""
    for path in DEFAULT_FILES:
        assert CARD["training_files"][path.name] == hashlib.sha256(path.read_bytes()).hexdigest(), path.name
    assert set(CARD["training_files"]) == {path.name for path in DEFAULT_FILES}  # the seen blind sets included
    assert CARD["variants_tried"] == len(CARD["variants"]) > 1


def test_rebuilding_with_the_chosen_settings_gives_the_shipped_numbers(tmp_path):
    settings = {k: CARD[k] for k in ("features", "text_variant", "C", "meta_C")}
    summary = build(DEFAULT_FILES, tmp_path / "intent.npz", settings=settings)
    assert summary["cv_accuracy_where_rules_unfitted"] == CARD["cv_accuracy_where_rules_unfitted"]
    assert summary["ambiguous_margin"] == CARD["ambiguous_margin"]
    with np.load(tmp_path / "intent.npz") as rebuilt, np.load(MODEL_PATH) as shipped:
        assert set(rebuilt.files) == set(shipped.files)
        for key in shipped.files:
            np.testing.assert_allclose(rebuilt[key], shipped[key], rtol=1e-3, atol=1e-4)


def test_pasted_text_with_a_language_cue_is_always_a_language_check():
    r = read_stages("Is this free of jargon? \"The LADO was consulted and the RHI completed.\"", TODAY, TEAMS)
    rigged = {"search": 0.9, "summary": 0.05, "count": 0.02, "compare": 0.02, "language": 0.01}
    assert decide(r, rigged) == ("language", None)


def test_close_search_and_summary_are_flagged_ambiguous_and_others_are_not():
    r = read_stages("life story work with younger children", TODAY, TEAMS)
    close = {"search": 0.46, "summary": 0.44, "count": 0.05, "compare": 0.03, "language": 0.02}
    assert decide(r, close, margin=0.1) == ("search", ["summary", "search"])
    assert decide(r, close, margin=0.01) == ("search", None)
    count_close = {"search": 0.46, "summary": 0.02, "count": 0.44, "compare": 0.05, "language": 0.03}
    assert decide(r, count_close, margin=0.1) == ("search", None)


def test_reading_carries_scores_and_the_rules_only_reading_is_still_there():
    parsed = parse_question("How many audits of children in care were rated good in 2019?", today=TODAY,
                            known_teams=TEAMS)
    assert parsed["intent"] == "count" and set(parsed["intent_scores"]) == set(CARD["classes"])
    assert max(parsed["intent_scores"], key=parsed["intent_scores"].get) == "count"
    assert parsed["filters"]["rating"] == "Good" and parsed["filters"]["legal_status"] == "CiC"
    rules = parse_question("How many audits of children in care were rated good in 2019?", today=TODAY,
                           known_teams=TEAMS, learned=False)
    assert rules["intent_scores"] is None and rules["filters"] == parsed["filters"]


def test_a_follow_up_keeps_the_conversations_intent():
    first = parse_question("How many concerns about chronologies were there in October?", today=TODAY,
                           known_teams=TEAMS)
    second = parse_question("and for the CiN cases?", today=TODAY, previous=first, known_teams=TEAMS)
    assert second["follow_up"] and second["intent"] == first["intent"] == "count"
    assert second["filters"]["legal_status"] == "CiN" and second["filters"]["theme"] == "assessment"


def test_train_intent_names_a_bad_line(cli, tmp_path):
    bad = tmp_path / "questions.jsonl"
    bad.write_text('{"question": "show me visits", "intent": "search"}\n{"question": "x", "intent": "guess"}\n')
    result = cli("train-intent", bad, "--out", tmp_path / "m.npz")
    assert result.exit_code == 2
    assert "questions.jsonl: line 2" in result.stderr and "Traceback" not in result.stderr
    assert not Path(tmp_path / "m.npz").exists()
