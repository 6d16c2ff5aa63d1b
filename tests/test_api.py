"""The API, in process (TestClient) and as a real server on 127.0.0.1."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.accounts import Accounts
from assistant.service import Workspace

NARRATIVES = [
    {"id": "api-1", "date": "2019-09", "team": "Harrowfield CP Team 1", "legal_status": "Child Protection",
     "rating": "RI", "text": "Kayleigh Brennan told the social worker she feels scared when Dad shouts. "
     "The s47 enquiry was completed on time but the safety plan was not reviewed. Case ref 4418203."},
    {"id": "api-2", "date": "2019-11", "team": "Wrenford Children in Care Team", "legal_status": "LAC",
     "rating": "Good", "text": "Management oversight was clear and the supervision record shows reflection. "
     "The pathway plan was updated with the young person."},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory, bearer):
    app = create_app(Workspace(tmp_path_factory.mktemp("api-store")), max_body_bytes=20_000)
    with TestClient(app, headers=bearer(app, "qa")) as c:
        for n in NARRATIVES:
            assert c.post("/narratives", json=n).status_code == 201
        yield c


def test_health(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["revision"] >= 2


def test_post_narrative_is_redacted_before_it_is_stored(client):
    stored = client.get("/narratives/api-1").json()
    assert "Kayleigh" not in stored["text"] and "Brennan" not in stored["text"] and "4418203" not in stored["text"]
    assert "[NAME]" in stored["text"] and "[CASE-REF]" in stored["text"]
    assert stored["metadata"]["rating"] == "requires improvement"
    assert stored["metadata"]["legal_status"] == "CP"
    assert [f["position"] for f in stored["findings"]] == list(range(len(stored["findings"])))


def test_reposting_the_same_narrative_changes_nothing(client):
    before = client.get("/health").json()["revision"]
    body = client.post("/narratives", json=NARRATIVES[1]).json()
    assert body["status"] == "unchanged"
    assert client.get("/health").json()["revision"] == before


def test_search_filters_and_shape(client):
    body = client.post("/search", json={"query": "s47 enquiry", "k": 5, "mode": "bm25"}).json()
    assert body["results"][0]["narrative_id"] == "api-1"
    hit = body["results"][0]
    assert {"id", "narrative_id", "score", "text", "date", "team", "legal_status", "rating"} <= set(hit)
    filtered = client.post("/search", json={"query": "plan", "legal_status": "children in care"}).json()
    assert {h["narrative_id"] for h in filtered["results"]} == {"api-2"}
    dated = client.post("/search", json={"query": "plan", "from": "2019-10", "to": "2019-12"}).json()
    assert {h["date"] for h in dated["results"]} == {"2019-11"}


@pytest.mark.parametrize("method,path,body,status", [
    ("get", "/narratives/nope", None, 404),
    ("post", "/narratives", {"text": "   "}, 422),
    ("post", "/narratives", {"text": "Fine text.", "rating": "brilliant"}, 422),
    ("post", "/narratives", {"text": "Fine text.", "colour": "blue"}, 422),
    ("post", "/search", {"query": "x", "mode": "psychic"}, 422),
    ("post", "/search", {"query": "x", "from": "last blue moon"}, 422),
])
def test_errors_are_json_with_a_message(client, method, path, body, status):
    response = getattr(client, method)(path, **({"json": body} if body is not None else {}))
    assert response.status_code == status
    assert isinstance(response.json()["error"], str) and response.json()["error"]


def test_error_messages_do_not_echo_the_text(client):
    secret = "Zebedee Quartermaine lives at 14 Larkspur Close"
    response = client.post("/narratives", json={"text": secret, "rating": "brilliant"})
    assert response.status_code == 422 and "Zebedee" not in response.text and "Larkspur" not in response.text


def test_large_bodies_are_refused_with_413(client):
    response = client.post("/narratives", json={"text": "word " * 10_000})
    assert response.status_code == 413 and "error" in response.json()


def test_search_page_and_context_view(client):
    page = client.get("/", params={"q": "pathway plan"})
    assert page.status_code == 200 and "pathway plan" in page.text and "never scores risk" in page.text
    view = client.get("/narratives/api-2/view", params={"finding": 0})
    assert view.status_code == 200 and "<mark>" in view.text
    assert client.get("/docs").status_code == 200
    assert "/search" in client.get("/openapi.json").json()["paths"]


def test_real_server_on_loopback(tmp_path, loopback_port, wait_until_up):
    port = loopback_port
    accounts = Accounts.for_data_dir(tmp_path)
    accounts.add_user("loader", "qa")
    auth = {"Authorization": f"Bearer {accounts.create_token('loader')}"}
    exe = Path(sys.executable).with_name("goldenthread")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--data", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ.copy())
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/health", tries=120)
        assert httpx.post(f"{url}/narratives", json=NARRATIVES[0], timeout=60).status_code == 401
        created = httpx.post(f"{url}/narratives", json=NARRATIVES[0], headers=auth, timeout=60)
        assert created.status_code == 201
        hits = httpx.post(f"{url}/search", json={"query": "safety plan reviewed"}, headers=auth,
                          timeout=60).json()["results"]
        assert hits and all("Kayleigh" not in h["text"] for h in hits)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert f"http://127.0.0.1:{port}" in output
    assert "Kayleigh" not in output and "4418203" not in output
