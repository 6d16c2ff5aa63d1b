"""`eval retrieval --encoder`: a tuned top-layers file embeds the stored findings, records and
queries of the eval, in stores of its own, and the base path is left as it was.

Real model, real Chroma, real training (a few steps on fictional pairs written for this test)."""
from __future__ import annotations

import json

import numpy as np
import pytest

PASSAGES_A = [
    {"id": "a1", "text": "Strategy meetings were held promptly and the school nurse attended each one."},
    {"id": "a2", "text": "Young people leaving care said their advisers helped them find somewhere to live."},
    {"id": "a3", "text": "Volunteers repainted the family centre's playroom during the spring."},
]
QUERIES_A = [{"id": "qa1", "query": "who attends strategy meetings", "relevant": ["a1"]},
             {"id": "qa2", "query": "housing help for care leavers", "relevant": ["a2"]}]

# fictional anchor/positive pairs in the shape eval.retrieval_tune makes them
PAIRS = [
    ("taxonomy", "management oversight", "The team manager reviewed the plan and set clear actions for the worker."),
    ("taxonomy", "voice of the child", "Her own words about school were written down and shaped the plan."),
    ("lexicon", "a meeting to plan a child protection enquiry", "A strategy discussion took place the same day."),
    ("lexicon", "the adviser for a young person leaving care", "His personal adviser visited him at the hostel."),
    ("neighbour", "The foster carer kept a diary of contact.", "Contact with the birth mother was relaxed."),
    ("neighbour", "The health visitor saw the baby at home.", "Weight gain was steady over the month."),
]
TEXTS = ["Strategy meetings were held quickly.", "Care leavers were helped to find a flat.",
         "who comes to strategy meetings"]


@pytest.fixture(scope="module")
def tuned_file(tmp_path_factory):
    from eval.retrieval_tune import train

    out = tmp_path_factory.mktemp("tuned") / "retrieval_top.safetensors"
    card = train(PAIRS, out, seed=0, top=2, epochs=3, batch=6, lr=1e-3, log=lambda *_: None)
    assert card["steps"] == 3 and out.exists()
    return out


def test_the_tuned_file_changes_the_vectors_and_leaves_the_base_embedder_alone(tuned_file):
    from nlp.embed import get_embedder, load_tuned_top

    base = get_embedder()
    before = base(TEXTS)
    tuned = load_tuned_top(tuned_file)(TEXTS)
    assert tuned.shape == before.shape and np.allclose(np.linalg.norm(tuned, axis=1), 1, atol=1e-5)
    assert float(np.min(np.sum(tuned * before, axis=1))) < 0.999  # the top layers moved the vectors
    assert np.array_equal(base(TEXTS), before)  # loading the tuned top did not touch the base model
    single = load_tuned_top(tuned_file)(TEXTS[2])  # a query, one string in
    assert single.shape == (384,) and np.allclose(single, tuned[2], atol=1e-5)


def test_a_file_that_is_not_a_tuned_top_is_refused_by_name(cli, tmp_path, write_jsonl):
    from nlp.embed import load_tuned_top

    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not a safetensors file")
    with pytest.raises(ValueError, match="bad.safetensors"):
        load_tuned_top(bad)
    files = [write_jsonl(tmp_path / "pa.jsonl", PASSAGES_A), write_jsonl(tmp_path / "qa.jsonl", QUERIES_A)]
    for path in (bad, tmp_path / "missing.safetensors"):
        result = cli("eval", "retrieval", *files, "--encoder", path)
        assert result.exit_code != 0 and path.name in result.stderr and "Traceback" not in result.stderr


def test_eval_with_the_encoder_builds_its_own_stores_of_tuned_vectors(cli, tmp_path, write_jsonl, tuned_file):
    from assistant.service import Workspace
    from eval.retrieval import store_name
    from nlp.embed import get_embedder, load_tuned_top

    files = [write_jsonl(tmp_path / "pa.jsonl", PASSAGES_A), write_jsonl(tmp_path / "qa.jsonl", QUERIES_A)]
    stores = tmp_path / "stores"
    base = cli("eval", "retrieval", *files, "--k", "2", "--json", "--store-dir", stores)
    tuned = cli("eval", "retrieval", *files, "--k", "2", "--json", "--store-dir", stores, "--encoder", tuned_file)
    assert base.exit_code == 0 and tuned.exit_code == 0, tuned.stderr
    assert json.loads(base.stdout)["encoder"] == "base" and json.loads(tuned.stdout)["encoder"] == str(tuned_file)
    name = store_name(files[0], tuned_file)
    assert name.startswith("pa-tuned-") and sorted(p.name for p in stores.iterdir()) == sorted(["pa", name])

    def findings(folder):
        store = Workspace(folder).store
        got = store._get_all(store.findings, where={"kind": "finding"}, include=["embeddings"])
        return dict(zip(got["ids"], np.asarray(got["embeddings"], np.float32)))

    base_findings, tuned_findings = findings(stores / "pa"), findings(stores / name)
    assert base_findings and sorted(base_findings) == sorted(tuned_findings)  # same findings ...
    assert max(float(base_findings[i] @ tuned_findings[i]) for i in base_findings) < 0.999  # ... other vectors
    tuned_encoder = load_tuned_top(tuned_file)
    for folder, own, other in ((stores / "pa", get_embedder(), tuned_encoder),
                               (stores / name, tuned_encoder, get_embedder())):
        store = Workspace(folder).store
        records = store.narrative_vectors(["a1", "a2", "a3"])
        for nid in ("a1", "a2", "a3"):
            text = store.narrative(nid)["text"]
            mine, theirs = float(records[nid] @ own(text)), float(records[nid] @ other(text))
            assert mine > 0.99 and theirs < mine  # each store's record vectors are its own encoder's
    table = cli("eval", "retrieval", *files, "--k", "2", "--store-dir", stores, "--encoder", tuned_file)
    assert table.exit_code == 0 and f"encoder: {tuned_file}" in table.stdout
