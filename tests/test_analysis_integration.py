"""The analysis through its interfaces: `goldenthread analyse`, POST /analyse, and labels
stored at ingest so search can filter by fundamental and stance. Fictional text."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.service import Workspace

TEXT = ("The LAC review was late and the care plan has no contingency. "
        "Jamie told his social worker he wants more family time with his sister.")

NARRATIVES = [
    {"id": "int-1", "date": "2019-10", "team": "Wrenford Children in Care Team", "legal_status": "CiC",
     "rating": "RI", "text": "The care plan for Jamie Osei is not SMART: there are no timescales and no contingency "
     "plan if the move home does not go ahead. The plan has not been updated since the last review."},
    {"id": "int-2", "date": "2019-10", "team": "Wrenford Children in Care Team", "legal_status": "CiC",
     "rating": "Good", "text": "The team manager gave clear written direction in supervision every month, "
     "and the reasons for each decision are recorded."},
    {"id": "int-3", "date": "2019-10", "team": "Harrowfield CiN Team 2", "legal_status": "CiN",
     "rating": "RI", "text": "The child in need plan has no clear outcomes and no timescales, so progress "
     "cannot be measured."},
]


def test_analyse_a_text_gives_every_part_with_offsets_into_the_input(cli):
    result = cli("analyse", TEXT, "--json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    assert set(row) >= {"id", "fundamentals", "stance", "child_voice", "jargon", "readability"}
    labels = {f["label"] for f in row["fundamentals"]}
    assert {"planning", "review"} & labels
    assert row["child_voice"]["label"] == "present"
    spans = {flag["span"] for flag in row["jargon"]}
    assert "LAC review" in spans or "LAC" in spans
    for flag in row["jargon"]:
        assert TEXT[flag["start"]:flag["end"]] == flag["span"]
        assert flag["severity"] in ("high", "medium", "low")


def test_analyse_jsonl_names_a_bad_line(cli, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n" + json.dumps({"id": "b", "body": "x"}) + "\n")
    result = cli("analyse", str(path), "--json")
    assert result.exit_code == 2
    assert f"{path}: line 2" in result.stderr


def test_analyse_rejects_an_unknown_file_shape(cli, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,text\n1,hello\n")
    result = cli("analyse", str(path))
    assert result.exit_code == 2 and ".jsonl" in result.stderr


@pytest.fixture(scope="module")
def client(tmp_path_factory, bearer):
    app = create_app(Workspace(tmp_path_factory.mktemp("int-store")))
    with TestClient(app, headers=bearer(app, "qa")) as c:
        for n in NARRATIVES:
            assert c.post("/narratives", json=n).status_code == 201
        yield c


def test_post_analyse_one_and_many(client):
    one = client.post("/analyse", json={"id": "x", "text": TEXT}).json()
    assert one["id"] == "x" and one["child_voice"]["label"] == "present"
    many = client.post("/analyse", json={"items": [{"id": 1, "text": TEXT}, {"id": 2, "text": "Fine."}]}).json()
    assert [r["id"] for r in many["results"]] == [1, 2]
    assert client.post("/analyse", json={"id": "x"}).status_code == 422


def test_search_filters_by_fundamental_and_stance(client):
    body = client.post("/search", json={"query": "concerns about planning for children in care", "k": 20,
                                        "fundamental": "planning", "stance": "concern",
                                        "legal_status": "children in care"}).json()
    hits = body["results"]
    assert hits, body
    assert all("planning" in h["fundamentals"] and h["stance"] == "concern" and h["legal_status"] == "CiC"
               for h in hits)
    assert {h["narrative_id"] for h in hits} == {"int-1"}
    strengths = client.post("/search", json={"query": "supervision", "stance": "strength"}).json()["results"]
    assert strengths and all(h["stance"] == "strength" for h in strengths)


def test_analyse_output_gives_each_jargon_flag_its_policy_kind(client):
    """The jargon policy in the API: `kind` on every flag; the guide's hard words and the
    product's wider list ("care leavers") apart. The voice result says who decided."""
    text = "The care leavers met their IRO. The LAC review was late."
    row = client.post("/analyse", json={"id": "k", "text": text}).json()
    kinds = {f["span"]: f["kind"] for f in row["jargon"]}
    assert kinds["care leavers"] == "may_not_feel_right"
    assert kinds["IRO"] == "hard_to_understand" and kinds.get("LAC review", kinds.get("LAC")) == "hard_to_understand"
    assert set(kinds.values()) <= {"hard_to_understand", "may_not_feel_right", "uncommon_word"}
    assert row["child_voice"]["decided_by"] in ("rules", "classifier")


def test_summaries_count_jargon_flags_by_kind():
    import pandas as pd

    from assistant.ingest import finding_labels
    from assistant.themes import language
    from nlp.pipeline import load_analysis

    doc = load_analysis()("The care leavers met their IRO and their siblings.")
    labels = finding_labels(doc._.findings[0])
    assert (labels["jargon_flags"], labels["jargon_hard_flags"], labels["jargon_feel_flags"]) == (3, 1, 2)
    rows = pd.DataFrame([{"narrative_id": "n1", "accessibility": 50.0, **{k: labels[k] for k in (
        "jargon_flags", "jargon_hard_flags", "jargon_feel_flags")}},
        {"narrative_id": "n2", "accessibility": 60.0, "jargon_flags": 1, "jargon_hard_flags": 1,
         "jargon_feel_flags": 0}])
    figures = language(rows)
    assert figures["jargon_flags"] == 4
    assert figures["jargon_by_kind"] == {"hard_to_understand": 2, "may_not_feel_right": 2}
