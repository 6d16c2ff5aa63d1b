"""Search grouped by record, and the retrieval eval over several passage/query pairs.

Real spaCy pipeline, real sentence-transformers model, real Chroma. Every passage, query and
narrative here is fictional, written for these tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.ingest import ingest_paths
from assistant.service import Workspace

# --- record ranking ----------------------------------------------------------------------

# "many" speaks of supervision in all three of its sentences; "one" has a single sentence that
# matches the query a little more closely and is otherwise about other things. Eight more
# records on other topics make "supervision" a rare word, as it would be in a real store.
RECORDS = [
    {"id": "many", "text": "Supervision with the manager took place every month.\n\n"
                           "The manager's supervision notes set out clear actions.\n\n"
                           "Supervision was reflective and challenged drift in the plan."},
    {"id": "one", "text": "Reflective supervision by the team manager was recorded once.\n\n"
                          "The family moved to a new flat near the park.\n\nSchool attendance rose after the summer."},
] + [{"id": f"other{i}", "text": text} for i, text in enumerate([
    "The foster carers took the children to the seaside in August.\n\nContact with grandparents happened at the weekend.",
    "The school nurse completed the health assessment on time.\n\nThe dentist saw both children in March.",
    "Housing offered the family a larger flat.\n\nThe move happened before the new school term.",
    "The young person started an apprenticeship at a garage.\n\nHis personal adviser helped him open a bank account.",
    "The baby was born early and stayed in hospital for two weeks.\n\nThe midwife visited daily after discharge.",
    "The police attended the strategy discussion.\n\nThe enquiry concluded that the threshold was met.",
    "Life story work began with photographs from the birth family.\n\nThe child made a memory box with her carer.",
    "The parenting course ran for ten weeks.\n\nBoth parents attended every session.",
])]
QUERY = "reflective supervision by the team manager"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, write_jsonl):
    tmp = tmp_path_factory.mktemp("records")
    ws = Workspace(tmp / "store")
    ingest_paths(ws.store, [write_jsonl(tmp / "records.jsonl", RECORDS)], ws.nlp, ws.embedder)
    return ws


def test_a_record_with_several_matching_findings_outranks_one_with_a_single_better_sentence(workspace):
    sentences = workspace.searcher.search(QUERY, k=3, mode="hybrid")
    assert sentences[0].narrative_id == "one"  # the best single sentence is the other record's
    records = workspace.searcher.search_records(QUERY, k=3, mode="hybrid")
    assert [r.narrative_id for r in records][:2] == ["many", "one"]
    # the record keeps its matching sentences, best first, with their positions for context
    assert len(records[0].findings) >= 2
    assert all(f.narrative_id == "many" and "position" in f.metadata for f in records[0].findings)


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_record_search_respects_filters_and_modes(workspace, mode):
    from index.search import Filters

    records = workspace.searcher.search_records(QUERY, k=3, mode=mode, filters=Filters(narrative_ids=["one"]))
    assert [r.narrative_id for r in records] == ["one"]
    assert records[0].findings and all(f.narrative_id == "one" for f in records[0].findings)


def test_every_record_has_a_whole_record_vector(workspace):
    vectors = workspace.store.narrative_vectors(["many", "one", "other0"])
    assert sorted(vectors) == ["many", "one", "other0"]
    # the record's own text embedded, not the mean of its findings
    whole = workspace.embedder(workspace.store.narrative("many")["text"])
    assert float(vectors["many"] @ whole) > 0.99


# --- the eval over several pairs -----------------------------------------------------------

PASSAGES_A = [
    {"id": "a1", "text": "Strategy meetings were held quickly and the police and school attended."},
    {"id": "a2", "text": "Care leavers told us their personal advisers kept in touch and helped with housing."},
    {"id": "a3", "text": "The garden at the family centre was tidied by volunteers over the summer."},
]
QUERIES_A = [{"id": "qa1", "query": "who comes to strategy meetings", "relevant": ["a1"]},
             {"id": "qa2", "query": "help with flats for young adults leaving care", "relevant": ["a2"]}]
PASSAGES_B = [
    {"id": "b1", "text": "Supervision was monthly and managers recorded the reasons for decisions."},
    {"id": "b2", "text": "Life story books helped children understand why they came into care."},
]
QUERIES_B = [{"id": "qb1", "query": "children making sense of their history", "relevant": ["b2"]}]


def test_eval_retrieval_takes_several_pairs_and_reports_each_and_the_weighted_mean(cli, tmp_path, write_jsonl):
    files = [write_jsonl(tmp_path / "pa.jsonl", PASSAGES_A), write_jsonl(tmp_path / "qa.jsonl", QUERIES_A),
             write_jsonl(tmp_path / "pb.jsonl", PASSAGES_B), write_jsonl(tmp_path / "qb.jsonl", QUERIES_B)]
    result = cli("eval", "retrieval", *files, "--k", "2", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [p["n_queries"] for p in data["pairs"]] == [2, 1] and data["n_queries"] == 3
    for mode in ("dense", "bm25", "hybrid", "peer"):
        a, b = (p["modes"][mode]["recall@2"] for p in data["pairs"])
        assert data["mean"][mode]["recall@2"] == pytest.approx((2 * a + b) / 3)
    table = cli("eval", "retrieval", *files, "--k", "2")
    assert table.exit_code == 0
    assert "pa.jsonl" in table.stdout and "pb.jsonl" in table.stdout
    assert "mean over 3 queries" in table.stdout and "peer" in table.stdout


def test_eval_retrieval_needs_files_in_pairs(cli, tmp_path, write_jsonl):
    result = cli("eval", "retrieval", write_jsonl(tmp_path / "p.jsonl", PASSAGES_A))
    assert result.exit_code != 0
    assert "in pairs" in result.stderr and "Traceback" not in result.stderr
