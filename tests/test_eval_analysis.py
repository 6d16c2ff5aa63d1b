"""eval.analysis and eval.baselines on small fictional labelled files: every system runs, the
table puts systems side by side, and a model's own training file is cross-validated.
The rows come from the project's hand-written (fictional) findings."""
from __future__ import annotations

import json

import pytest

from eval import analysis
from eval.baselines import KeywordBaseline, ZeroShotBaseline, keyword_stance
from nlp import classify
from nlp.classify import Config


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    rows = classify.read_rows(classify.REPO / "nlp" / "data" / "train_findings.jsonl")
    keep = ("id", "source", "text", "fundamentals", "stance", "child_voice", "jargon")
    rows = [{k: r[k] for k in keep if k in r} for r in rows]
    tmp = tmp_path_factory.mktemp("eval-analysis")
    train = tmp / "small_train.jsonl"
    other = tmp / "small_other.jsonl"
    train.write_text("".join(json.dumps(r) + "\n" for r in rows[:60]), encoding="utf-8")
    other.write_text("".join(json.dumps(r) + "\n" for r in rows[60:90]), encoding="utf-8")
    model = tmp / "small.npz"
    classify.train_from_files([train], model, Config(inner_folds=3), cv_folds=0)
    return train, other, model


@pytest.fixture(scope="module")
def on_training_file(files):
    train, _, model = files
    return analysis.evaluate(train, model, folds=3)


def test_a_training_file_is_cross_validated_and_said_so(on_training_file, files):
    result = on_training_file
    assert result["cross_validated"] is True
    assert "training files" in result["message"] and "cross-validated" in result["message"]
    assert result["data"]["folds"] == 3


def test_every_system_reports_every_task(on_training_file):
    for system in analysis.SYSTEMS:
        scores = on_training_file[system]
        assert set(scores) >= {"fundamentals", "stance", "child_voice", "jargon"}
        fund = scores["fundamentals"]
        assert set(fund["per_label"]) == set(classify.LABELS)
        assert 0.0 <= fund["macro_f1"] <= 1.0
        for v in fund["per_label"].values():
            assert set(v) >= {"precision", "recall", "f1"}
        assert set(scores["stance"]) >= {"accuracy", "macro_f1"}
    assert on_training_file["pipeline"]["child_voice"] is not None  # nlp.voice is in the tree
    assert on_training_file["pipeline"]["jargon"]["exact"]["f1"] >= 0.0
    assert on_training_file["keywords"]["jargon"]["overlap"]["f1"] >= 0.0
    assert on_training_file["tfidf"]["jargon"] is None
    assert on_training_file["tfidf"]["child_voice"] is not None


def test_a_file_the_model_never_saw_is_scored_directly(files):
    _, other, model = files
    result = analysis.evaluate(other, model, folds=3, systems=("pipeline", "keywords", "tfidf"))
    assert result["cross_validated"] is False
    assert "not one of the model's training files" in result["message"]
    assert result["data"]["extra_training_rows"] == 60  # the baselines trained on the model's file
    assert result["tfidf"]["stance"]["accuracy"] > 0


def test_table_puts_systems_side_by_side(on_training_file):
    table = analysis.format_table(on_training_file)
    header = table.splitlines()[0].split()
    assert header == list(analysis.SYSTEMS)
    assert "fundamentals macro-F1" in table and "stance macro-F1" in table and "jargon exact F1" in table
    assert "cross-validated" in table


def test_keyword_baseline_rules():
    out = KeywordBaseline().predict(["Visits were timely and the safety plan was reviewed.",
                                     "The LAC review was late."])
    assert {"intervention", "risk"} <= set(out[0]["fundamentals"])
    assert [out[1]["jargon"][0]] == [(4, 14)]
    assert keyword_stance("Recording has improved but remains inconsistent.") == "concern"
    assert keyword_stance("Visits were timely and purposeful.") == "strength"


def test_zeroshot_cut_comes_from_training_rows_only(files):
    train, _, _ = files
    rows = classify.read_rows(train)
    z = ZeroShotBaseline().fit(rows)
    assert 0.1 <= z.cut <= 0.7
    assert len(z.predict(["Plans had no contingency."])[0]["fundamentals"]) <= 3


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    """Two 'real' files whose rows carry a source document (fictional rows, fictional sources),
    plus hand-written rows; a small model trained on all three."""
    rows = classify.read_rows(classify.REPO / "nlp" / "data" / "train_findings.jsonl")
    keep = ("id", "text", "fundamentals", "stance", "child_voice", "jargon")
    rows = [{k: r[k] for k in keep if k in r} for r in rows]
    tmp = tmp_path_factory.mktemp("eval-grouped")
    a, b, own = tmp / "council_a.jsonl", tmp / "council_b.jsonl", tmp / "own.jsonl"
    a.write_text("".join(json.dumps({**r, "id": f"a-{i}", "source": f"report-a{i % 4}"}) + "\n"
                         for i, r in enumerate(rows[100:148])), encoding="utf-8")
    b.write_text("".join(json.dumps({**r, "id": f"b-{i}", "source": f"report-b{i % 3}"}) + "\n"
                         for i, r in enumerate(rows[148:184])), encoding="utf-8")
    own.write_text("".join(json.dumps({**r, "source": "goldenthread-written"}) + "\n" for r in rows[:40]),
                   encoding="utf-8")
    model = tmp / "grouped.npz"
    classify.train_from_files([own, a, b], model, Config(inner_folds=3, encoder="base"), cv_folds=0)
    return a, b, own, model


def test_several_files_are_cross_validated_grouped_by_source_with_kfold_beside(grouped):
    a, b, own, model = grouped
    result = analysis.evaluate([a, b], model, folds=3, systems=("pipeline", "keywords", "tfidf"))
    assert result["protocol"] == "grouped"
    assert "grouped by source" in result["message"]
    assert result["data"]["rows"] == 84                # the hand-written rows are never scored
    assert result["data"]["extra_training_rows"] == 40  # ... they train in every fold
    for system in ("pipeline", "keywords", "tfidf"):
        assert 0.0 <= result[system]["stance"]["macro_f1"] <= 1.0
        assert 0.0 <= result["kfold"][system]["stance"]["macro_f1"] <= 1.0
    assert set(result["per_file"]) == {"council_a.jsonl", "council_b.jsonl", "council_*"}  # each file, and the family
    assert result["per_file"]["council_*"]["rows"] == 84
    assert result["per_file"]["council_a.jsonl"]["rows"] == 48
    table = analysis.format_table(result)
    assert "k-fold" in table and "council_b.jsonl (36 rows" in table


def test_group_by_none_is_plain_kfold_and_a_missing_field_is_a_clear_error(grouped):
    a, b, _, model = grouped
    result = analysis.evaluate([a, b], model, folds=3, systems=("keywords",), group_by=None)
    assert result["protocol"] == "kfold" and "kfold" not in result
    with pytest.raises(ValueError, match="grouping by 'council'"):
        analysis.evaluate([a, b], model, folds=3, systems=("keywords",), group_by="council")
