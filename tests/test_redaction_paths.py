"""Everything a user types or uploads goes through the same redactor before it is echoed or
kept (issue 12 "the rest of the path", issue 14 item 12): chat questions, pasted text on the
language page, search queries (page and API), review-pack comments and better wordings, file
names and narrative ids. Real app, real store, real pipeline; every name is fictional, and
chosen so that the statistical NER alone does not find it in a short text."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant import packs
from assistant.service import Workspace, export_rows
from conftest import session_client  # tests/ is on sys.path

# A name of non-English origin and a surname the NER does not know, in short texts.
NAMES = ("Chidinma", "Okonkwo", "Tarrowmere", "Quenby")


def _raw(text: str) -> list[str]:
    return [n for n in NAMES if n in text]


@pytest.fixture(scope="module")
def app(tmp_path_factory, bearer):
    ws = Workspace(tmp_path_factory.mktemp("paths-store"))
    application = create_app(ws)
    with TestClient(application, headers=bearer(application, "qa")) as client:
        assert client.post("/narratives", json={
            "id": "paths-1", "date": "2021-06", "team": "Harbour Assessment Team",
            "text": "The chronology was up to date and the plan was reviewed at every core group."}).status_code == 201
    return application


def signed_in(app, role: str):
    return session_client(app, role, name=f"paths-{role}")


def test_chat_question_is_redacted_before_it_is_echoed(app, bearer):
    with TestClient(app, headers=bearer(app, "qa")) as client:
        response = client.post("/chat", json={"question": "what did audits say about Chidinma Okonkwo's plan"})
    assert response.status_code == 200 and _raw(response.text) == [], response.text


def test_pasted_language_text_is_redacted(app):
    client, token = signed_in(app, "ambassador")
    page = client.post("/language", data={"csrf_token": token,
                                          "text": "Speak to Tarrowmere Quenby about the plan. The chronology was updated."})
    assert page.status_code == 200 and _raw(page.text) == []


def test_search_queries_are_redacted_before_they_are_echoed(app, bearer):
    client, _ = signed_in(app, "qa")
    page = client.get("/", params={"q": "chronology Chidinma Okonkwo"})
    assert page.status_code == 200 and _raw(page.text) == []
    with TestClient(app, headers=bearer(app, "qa")) as api:
        body = api.post("/search", json={"query": "plan for Tarrowmere Quenby", "mode": "bm25"})
    assert body.status_code == 200 and _raw(body.text) == [] and "plan" in body.json()["query"]


def test_review_comments_and_better_wordings_are_redacted_like_chat(app):
    ws = app.state.workspace
    made = packs.create_pack(ws, "Paths", "qa.lead", ["amb.paths"], narrative_ids=["paths-1"])
    text = ws.store.narrative("paths-1")["text"]
    start = text.index("chronology")
    mark = {"start": start, "end": start + len("chronology"), "phrase": "chronology", "kind": "didnt_understand",
            "comment": "ask Tarrowmere Quenby", "better_wording": "timeline (Chidinma Okonkwo knows)"}
    saved = packs.save_review(ws, made["id"], "paths-1", "amb.paths",
                              {"know_child": "yes", "voice": "yes", "language": "yes",
                               "comment": "Chidinma Okonkwo was let down"}, [mark])
    assert _raw(json.dumps(saved)) == [], saved


def test_file_names_and_ids_carrying_a_name(cli, tmp_path):
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "chidinma_okonkwo_visit_notes.txt").write_text(
        "The plan was reviewed and management oversight was recorded.", encoding="utf-8")
    data = tmp_path / "store"
    result = cli("ingest", folder, "--data", data, "--json")
    assert result.exit_code == 0 and _raw(result.stdout) == []
    exported = json.dumps(list(export_rows(Workspace(data))))
    assert exported.count("narrative_id") == 1 and _raw(exported) == [] and "[NAME]" in exported
