"""What an outside probe of the served app found (issue 14), each checked against the real
app over a real store: control characters, size caps, background ingests, broken data
folders, and the smaller holes. Every name and narrative here is fictional."""
from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from conftest import session_client  # tests/ is on sys.path
from assistant.ingest import ingest
from assistant.narratives import Narrative
from assistant.service import Workspace

# every finding holds a control character, so whatever the report quotes carries one
OLD_TEXT = ("The plan was reviewed with the family\x00 and the child's wishes were recorded in the plan.\n\n"
            "Good practice\x0b: the social worker visited weekly and the child's views shaped the plan.\n\n"
            "The plan was not updated\x01 after the strategy meeting and actions have no timescales.\n\n"
            "Action\x00: the team manager to update the plan\x0b within two weeks.")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, nlp):
    ws = Workspace(tmp_path_factory.mktemp("hardening-store"))
    # a narrative stored as it would have been before ingest removed control characters
    old = Narrative(id="old-bad", text=OLD_TEXT, date="2020-03", team="Larchmere Team")
    ingest(ws.store, [old], ws.nlp, ws.embedder)
    return ws


@pytest.fixture(scope="module")
def app(workspace):
    return create_app(workspace, max_body_bytes=200_000)


@pytest.fixture(scope="module")
def client(app, bearer):
    with TestClient(app, headers=bearer(app, "qa")) as c:
        yield c


# -- item 8: control characters ---------------------------------------------------------------
def test_control_characters_are_removed_at_ingest_with_a_message(client):
    text = "The plan\x00 was reviewed\x0bwith the family.\x07 Actions have timescales."
    response = client.post("/narratives", json={"id": "ctl-1", "text": text, "date": "2020-04",
                                                "team": "Larch\x01mere Team"})
    assert response.status_code == 201
    assert any("control character" in w for w in response.json()["warnings"])
    stored = client.get("/narratives/ctl-1").json()
    everything = stored["text"] + "".join(f["text"] for f in stored["findings"]) + str(stored["metadata"])
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", everything)
    assert "reviewed\nwith" in stored["text"] and stored["metadata"]["team"] == "Larchmere Team"


def test_a_docx_report_of_a_slice_with_old_bad_data_still_opens(client):
    from docx import Document

    response = client.get("/themes/planning/report", params={"format": "docx", "from": "2020-03", "to": "2020-03"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert any("Thematic summary" in p.text for p in document.paragraphs)


def test_the_ingest_command_says_what_it_removed(tmp_path, cli, write_jsonl):
    path = write_jsonl(tmp_path / "ctl.jsonl", [{"id": "c1", "text": "The review\x00 was held\x0b on time."}])
    result = cli("ingest", path, "--data", tmp_path / "data")
    assert result.exit_code == 0, result.output
    assert "removed 2 control character(s)" in result.stdout


# -- item 12: the smaller holes -----------------------------------------------------------------
def test_the_language_page_logs_the_record_it_shows(app):
    client, _ = session_client(app, "qa")
    assert client.get("/language", params={"narrative": "old-bad"}).status_code == 200
    logged = app.state.accounts.access_log(20)
    assert any(e["narrative_id"] == "old-bad" and e["username"] == client.username for e in logged)


def test_a_huge_pack_number_is_not_found_not_a_crash(app):
    client, _ = session_client(app, "qa")
    response = client.get("/packs/99999999999999999999999/results")
    assert response.status_code == 404 and "no such pack" in response.text.lower()


def test_a_refused_settings_form_changes_no_setting(app):
    client, token = session_client(app, "admin")
    before = app.state.accounts.settings()
    response = client.post("/admin/settings", data={"csrf_token": token})
    assert response.status_code == 422
    assert app.state.accounts.settings() == before
    half = client.post("/admin/settings", data={"csrf_token": token, **{k: str(v) for k, v in before.items()},
                                                "session_hours": "999", "chat_rephraser": "0"})
    assert half.status_code == 422 and app.state.accounts.settings() == before


def test_marks_survive_a_re_ingest_that_moves_their_phrase(app, workspace):
    from assistant import packs

    client, token = session_client(app, "ambassador")
    ambassador = client.username
    pack = packs.create_pack(workspace, "Re-ingest pack", "qa-someone", [ambassador], narrative_ids=["old-bad"])
    text = workspace.store.narrative("old-bad")["text"]
    phrase = "strategy meeting"
    at = text.index(phrase)
    packs.save_review(workspace, pack["id"], "old-bad", ambassador, {"voice": "yes"},
                      [{"start": at, "end": at + len(phrase), "phrase": phrase, "kind": "didnt_understand"}])
    moved = Narrative(id="old-bad", text="A new opening sentence was added. " + OLD_TEXT, date="2020-03",
                      team="Larchmere Team")
    ingest(workspace.store, [moved], workspace.nlp, workspace.embedder)
    saved = client.post(f"/packs/{pack['id']}/review/old-bad", data={"csrf_token": token, "voice": "yes",
                                                                      "know_child": "no"}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    view = packs.review_view(workspace, pack["id"], "old-bad", ambassador)
    [mark] = view["review"]["marks"]
    now = view["narrative"]["text"]
    assert now[mark["start"]:mark["end"]] == phrase and mark["start"] != at


def test_422_messages_never_echo_a_field_name_the_sender_chose(client):
    secret = "Kayleigh Brennan"
    response = client.post("/narratives", json={"text": "The plan was reviewed.", secret: "x"})
    assert response.status_code == 422 and secret not in response.text and "not accepted" in response.text
    chat = client.post("/chat", json={"question": "planning?", "reading": {"intent": "search",
                                                                          "filters": {secret: ["x"]}}})
    assert chat.status_code == 422 and secret not in chat.text


def test_from_after_to_is_refused(client, cli, workspace):
    response = client.post("/search", json={"query": "plan", "from": "2020-05", "to": "2020-01"})
    assert response.status_code == 422 and "after" in response.json()["error"]
    assert client.get("/themes", params={"from": "2020-05", "to": "2020-01"}).status_code == 422
    result = cli("search", "plan", "--from", "2020-05", "--to", "2020-01", "--data", workspace.data_dir)
    assert result.exit_code == 2 and "after" in result.stderr


def test_reading_commands_refuse_a_folder_without_a_store(cli, tmp_path):
    typo = tmp_path / "dtaa"
    for args in (["search", "plan"], ["stats"], ["export"], ["summary", "planning"]):
        result = cli(*args, "--data", typo)
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and "no goldenthread store" in result.stderr
    assert not typo.exists()


# -- item 9: a broken data folder -----------------------------------------------------------
@pytest.fixture
def broken(tmp_path, nlp, bearer):
    """A fresh app over its own store with one narrative, for tests that break the folder."""
    ws = Workspace(tmp_path / "data")
    ingest(ws.store, [Narrative(id="b-1", text="The plan was reviewed with the family.", date="2020-01")],
           ws.nlp, ws.embedder)
    from assistant.accounts import Accounts

    app = create_app(ws, accounts=Accounts(tmp_path / "accounts.db"))  # kept when the data folder goes
    client = TestClient(app, headers=bearer(app, "qa"), raise_server_exceptions=False)
    return ws, app, client


def _corrupt(path) -> None:
    path.write_bytes(b"this is not a database " * 500)


def _plain_json(response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text and "data folder" in response.json()["error"]


def test_a_deleted_data_folder_is_a_plain_error_then_works_again_without_restart(broken):
    import shutil

    ws, _, client = broken
    assert client.get("/health").status_code == 200
    shutil.rmtree(ws.data_dir)
    _plain_json(client.post("/narratives", json={"id": "b-2", "text": "The review was held on time."}), 503)
    again = client.post("/narratives", json={"id": "b-3", "text": "The review was held on time."})
    assert again.status_code == 201 and client.get("/narratives/b-3").status_code == 200
    shutil.rmtree(ws.data_dir)
    unhealthy = client.get("/health")
    assert unhealthy.status_code == 503 and "missing" in unhealthy.json()["problems"][0]
    ws.data_dir.mkdir()
    assert client.get("/health").status_code == 200


def test_a_damaged_store_gives_json_errors_and_the_error_page_not_tracebacks(broken):
    ws, app, client = broken
    _corrupt(ws.data_dir / "chroma" / "chroma.sqlite3")
    health = client.get("/health")
    assert health.status_code == 503 and "chroma.sqlite3 is damaged" in health.json()["problems"]
    _plain_json(client.post("/search", json={"query": "plan"}), 503)
    page_client, _ = session_client(app, "qa")
    page_client = TestClient(app, raise_server_exceptions=False, cookies=page_client.cookies)
    page = page_client.get("/", params={"q": "plan"})
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert "Traceback" not in page.text and "data folder" in page.text and "<nav" in page.text


def test_a_damaged_accounts_database_fails_sign_in_plainly(broken):
    ws, app, client = broken
    _corrupt(app.state.accounts.path)
    assert client.get("/health").status_code == 503
    _plain_json(client.post("/search", json={"query": "plan"}), 503)


def test_the_command_line_says_one_line_on_a_damaged_store(broken, goldenthread):
    ws, _, _ = broken
    _corrupt(ws.data_dir / "chroma" / "chroma.sqlite3")
    result = goldenthread("stats", "--data", ws.data_dir, timeout=120)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr + result.stdout


# -- item 5: bounded work per request ----------------------------------------------------------
@pytest.fixture
def setting(app):
    """setting(name, value): change an admin setting for one test, put back after it."""
    from assistant.accounts import User

    admin, saved = User("hard-admin", "admin"), app.state.accounts.settings()

    def change(name: str, value: int) -> None:
        app.state.accounts.set_setting(name, value, admin)
    yield change
    for name, value in saved.items():
        change(name, value)


def _long_text(chars: int) -> str:
    sentence = "The plan was reviewed with the family and each action has an owner and a date. "
    return (sentence * (chars // len(sentence) + 1))[:chars]


def test_narrative_and_analysis_text_sizes_are_capped_by_settings(client, setting):
    setting("max_narrative_chars", 2_000)
    refused = client.post("/narratives", json={"id": "big-1", "text": _long_text(3_000)})
    assert refused.status_code == 413 and "limit is 2,000" in refused.json()["error"]
    assert client.get("/narratives/big-1").status_code == 404
    analysed = client.post("/analyse", json={"items": [{"id": n, "text": _long_text(8_000)} for n in range(3)]})
    assert analysed.status_code == 413 and "limit is 20,000" in analysed.json()["error"]
    assert client.post("/analyse", json={"text": _long_text(500)}).status_code == 200


def _wait_for(client, url: str, headers=None) -> dict:
    import time

    for _ in range(600):
        body = client.get(url, headers=headers).json()
        if body["state"] in ("done", "failed"):
            return body
        time.sleep(0.5)
    pytest.fail(f"job did not finish: {body}")


def test_long_and_batch_ingests_run_as_jobs_with_progress(app, client, setting, bearer):
    setting("background_ingest_chars", 1_000)
    started = client.post("/narratives", json={"id": "long-1", "text": _long_text(1_500), "date": "2020-06"})
    assert started.status_code == 202 and started.headers["location"] == started.json()["progress"]
    job = _wait_for(client, started.json()["progress"])
    assert (job["state"], job["done"], job["total"]) == ("done", 1, 1) and job["result"]["ids"] == ["long-1"]
    assert client.get("/narratives/long-1").status_code == 200
    batch = client.post("/narratives/batch", json={"items": [
        {"id": f"batch-{n}", "text": f"Visit {n} was held and the child was seen alone.", "date": "2020-07"}
        for n in range(3)]})
    assert batch.status_code == 202
    job = _wait_for(client, batch.json()["progress"])
    assert (job["state"], job["done"], job["total"], job["result"]["added"]) == ("done", 3, 3, 3)
    # someone else's job is not found; other roles may not ask
    assert client.get(batch.json()["progress"], headers=bearer(app, "qa")).status_code == 404
    assert client.get(batch.json()["progress"], headers=bearer(app, "practice_lead")).status_code == 403
    duplicate = client.post("/narratives/batch", json={"items": [{"id": "d", "text": "One."}, {"id": "d", "text": "Two."}]})
    assert duplicate.status_code == 422 and "items.1" in duplicate.json()["error"]


def _read_response(conn) -> str:
    """One HTTP/1.1 response, headers and body: they can arrive in separate packets."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(65536)
        if not piece:
            return data.decode("latin-1")
        data += piece
    head, body = data.split(b"\r\n\r\n", 1)
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        piece = conn.recv(65536)
        if not piece:
            break
        body += piece
    return (head + b"\r\n\r\n" + body).decode("latin-1")


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(app, bearer, loopback_port):
    """No Content-Length: the body is counted as it streams. The request is never finished
    here, so a server that buffered the whole body first would never answer."""
    import socket
    import threading
    import time

    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=loopback_port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.1)
        auth = bearer(app, "qa")["Authorization"]
        with socket.create_connection(("127.0.0.1", loopback_port), timeout=60) as conn:
            conn.sendall((f"POST /narratives HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\n"
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
            chunk = b"x" * 50_000
            try:
                for _ in range(5):  # 250,000 bytes against a limit of 200,000; no final chunk
                    conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except OSError:
                pass  # the server may close as soon as it has answered
            answer = _read_response(conn)
        assert answer.startswith("HTTP/1.1 413"), answer[:200]
        assert "request body over 200000 bytes" in answer
    finally:
        server.should_exit = True
        thread.join(timeout=30)
