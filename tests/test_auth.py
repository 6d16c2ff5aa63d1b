"""Sign-in and roles: password hashing, session cookies, CSRF, the sign-in rate limit, API
tokens scoped to a role, the access log, the users CLI, and the role matrix: every route of
the app walked as every role and as nobody.

Every username and narrative here is fictional."""
from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from itertools import count

import pytest
from fastapi import Depends
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Route

from api.app import create_app
from api.auth import SESSION_COOKIE
from assistant.accounts import ROLES, Accounts, User, csrf_token_for
from assistant.service import Workspace

PASSWORD = "correct horse battery staple"
NEW_NARRATIVE = {"id": "auth-matrix-1", "date": "2019-10", "team": "Harrowfield CP Team 1", "rating": "Good",
                 "text": "The plan was reviewed with the family and the child's wishes were recorded."}


@pytest.fixture(scope="module")
def app(demo_workspace, tmp_path_factory):
    """The app over a copy of the shared demo store (the matrix adds a narrative), with its
    own accounts database."""
    copy = tmp_path_factory.mktemp("auth-store")
    shutil.copytree(demo_workspace.data_dir, copy, dirs_exist_ok=True)
    (copy / "accounts.db").unlink(missing_ok=True)
    return create_app(Workspace(copy))


@pytest.fixture(scope="module")
def users(app) -> dict[str, str]:
    """{role: username}, one user per role, all with PASSWORD."""
    made = {}
    for role in ROLES:
        name = f"user-{role.replace('_', '-')}"
        app.state.accounts.add_user(name, role, PASSWORD)
        made[role] = name
    return made


@pytest.fixture(scope="module")
def narrative_id(app) -> str:
    return sorted(m["narrative_id"] for m in app.state.workspace.store.narrative_metadatas())[0]


def session_client(app, username: str, role: str, **kwargs) -> tuple[TestClient, str]:
    """A client holding a real session cookie for this user, and the session's CSRF token."""
    session_id = app.state.accounts.create_session(User(username, role))
    client = TestClient(app, **kwargs)
    client.cookies.set(SESSION_COOKIE, session_id)
    return client, csrf_token_for(session_id)


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client: TestClient, username: str, password: str, next_: str = ""):
    token = form_token(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token,
                                       "next": next_}, follow_redirects=False)


# -- passwords ----------------------------------------------------------------------------
def test_passwords_are_argon2_hashes_and_wrong_ones_are_refused(tmp_path):
    accounts = Accounts(tmp_path / "accounts.db")
    generated = accounts.add_user("hashing-check", "qa")
    assert len(generated) >= 20
    with sqlite3.connect(tmp_path / "accounts.db") as db:
        (stored,) = db.execute("SELECT password_hash FROM users").fetchone()
    assert stored.startswith("$argon2id$") and generated not in stored
    assert accounts.authenticate("hashing-check", generated) == User("hashing-check", "qa")
    assert accounts.authenticate("hashing-check", generated + "x") is None
    assert accounts.authenticate("nobody-here", generated) is None
    with pytest.raises(ValueError, match="at least 12"):
        accounts.add_user("short-one", "qa", "short")
    with pytest.raises(ValueError, match="role"):
        accounts.add_user("bad-role", "superuser")
    with pytest.raises(ValueError, match="exists"):
        accounts.add_user("HASHING-CHECK", "qa")


# -- sessions -----------------------------------------------------------------------------
def test_sign_in_sets_an_httponly_samesite_cookie_not_secure_over_http(app, users):
    client = TestClient(app)
    response = sign_in(client, users["qa"], PASSWORD, "/themes")
    assert response.status_code == 303 and response.headers["location"] == "/themes"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "="))
    assert "HttpOnly" in cookie and re.search(r"SameSite=(lax|strict)", cookie, re.I) and "Secure" not in cookie
    assert client.get("/themes").status_code == 200
    # the session id itself is never stored, only its hash
    session_id = client.cookies[SESSION_COOKIE]
    assert session_id.encode() not in (app.state.accounts.path).read_bytes()


def test_session_cookie_is_secure_over_https(app, users):
    client = TestClient(app, base_url="https://testserver")
    login_page = client.get("/login")
    assert "Secure" in login_page.headers["set-cookie"]
    response = sign_in(client, users["practice_lead"], PASSWORD)
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "="))
    assert "Secure" in cookie and "HttpOnly" in cookie and re.search(r"SameSite=(lax|strict)", cookie, re.I)


def test_sign_out_ends_the_session_and_next_stays_on_this_site(app, users):
    client = TestClient(app)
    assert sign_in(client, users["qa"], PASSWORD, "//elsewhere.example/x").headers["location"] == "/"
    token = form_token(client.get("/account").text)
    old = client.cookies[SESSION_COOKIE]
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    client.cookies.set(SESSION_COOKIE, old)  # replaying the old cookie does not work
    assert client.post("/search", json={"query": "plan"}).status_code == 401
    page = client.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")


def test_each_role_lands_where_it_can_work(app, users):
    landing = {"qa": "/", "practice_lead": "/", "ambassador": "/my-packs", "admin": "/admin/users"}
    for role, name in users.items():
        response = sign_in(TestClient(app), name, PASSWORD)
        assert response.headers["location"] == landing[role]


# -- CSRF ---------------------------------------------------------------------------------
def test_form_posts_without_the_right_csrf_token_are_refused(app, users):
    client, token = session_client(app, users["admin"], "admin")
    for sent in ({}, {"csrf_token": "not-the-token"}, {"csrf_token": csrf_token_for("another-session")}):
        response = client.post("/admin/users", data={"username": "csrf-victim", "role": "qa", **sent})
        assert response.status_code == 403
    assert "csrf-victim" not in {u["username"] for u in app.state.accounts.users()}
    # the token the page gives is the one that works
    assert form_token(client.get("/admin/users").text) == token
    added = client.post("/admin/users", data={"username": "csrf-ok", "role": "ambassador", "csrf_token": token})
    assert added.status_code == 201 and "shown only this once" in added.text


def test_cookie_json_posts_need_the_csrf_header_but_bearer_requests_do_not(app, users):
    client, token = session_client(app, users["practice_lead"], "practice_lead")
    assert client.post("/search", json={"query": "plan", "k": 1}).status_code == 403
    assert client.post("/search", json={"query": "plan", "k": 1}, headers={"X-CSRF-Token": "nope"}).status_code == 403
    assert client.post("/search", json={"query": "plan", "k": 1}, headers={"X-CSRF-Token": token}).status_code == 200
    bearer = app.state.accounts.create_token(users["practice_lead"])
    assert TestClient(app).post("/search", json={"query": "plan", "k": 1},
                                headers={"Authorization": f"Bearer {bearer}"}).status_code == 200


def test_the_login_form_has_its_own_csrf_token(app, users):
    client = TestClient(app)
    client.get("/login")
    response = client.post("/login", data={"username": users["qa"], "password": PASSWORD, "csrf_token": "forged"},
                           follow_redirects=False)
    assert response.status_code == 403 and SESSION_COOKIE not in client.cookies


# -- rate limit ---------------------------------------------------------------------------
def test_failed_sign_ins_are_rate_limited_with_one_message_for_every_failure(tmp_path, demo_workspace):
    app = create_app(demo_workspace, accounts=Accounts(tmp_path / "accounts.db"))
    app.state.accounts.add_user("limited-user", "qa", PASSWORD)
    client = TestClient(app)
    unknown = sign_in(client, "no-such-user", "whatever-it-is")
    wrong = sign_in(client, "limited-user", "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert "Wrong username or password." in unknown.text and "Wrong username or password." in wrong.text
    for _ in range(4):
        assert sign_in(client, "limited-user", "still not it").status_code == 401
    blocked = sign_in(client, "limited-user", PASSWORD)  # right password, but too many failures
    assert blocked.status_code == 429 and "Too many failed sign-ins" in blocked.text
    assert SESSION_COOKIE not in client.cookies
    with pytest.raises(Exception, match="Too many"):
        app.state.accounts.authenticate("limited-user", PASSWORD, "testclient")
    # the limit is per username over every address (a browser that signed them in before is
    # let in: tests/test_signin_limits.py)
    with pytest.raises(Exception, match="Too many"):
        app.state.accounts.authenticate("limited-user", PASSWORD, "10.0.0.7")


# -- API tokens ---------------------------------------------------------------------------
def test_api_tokens_act_with_their_role_only(app, users):
    accounts = app.state.accounts

    def client_for(token: str) -> TestClient:
        return TestClient(app, headers={"Authorization": f"Bearer {token}"})

    lead = client_for(accounts.create_token(users["practice_lead"]))
    assert lead.post("/search", json={"query": "plan", "k": 1}).status_code == 200
    assert lead.post("/narratives", json=NEW_NARRATIVE).status_code == 403
    scoped = client_for(accounts.create_token(users["qa"], "practice_lead"))  # a qa user's search-only script
    assert scoped.post("/search", json={"query": "plan", "k": 1}).status_code == 200
    assert scoped.post("/narratives", json=NEW_NARRATIVE).status_code == 403
    ambassador = client_for(accounts.create_token(users["ambassador"]))
    assert ambassador.post("/search", json={"query": "plan"}).status_code == 403
    assert ambassador.post("/analyse", json={"text": "The plan was reviewed."}).status_code == 200
    admin = client_for(accounts.create_token(users["admin"]))
    assert admin.post("/search", json={"query": "plan"}).status_code == 403
    with pytest.raises(ValueError):
        accounts.create_token(users["practice_lead"], "qa")  # no token above its owner's role
    bad = client_for("gt_not-a-real-token")
    response = bad.post("/search", json={"query": "plan"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    token = accounts.create_token(users["qa"])
    assert token.encode() not in accounts.path.read_bytes()


# -- access log ---------------------------------------------------------------------------
def test_access_log_records_who_viewed_which_narrative_without_text(app, users, narrative_id):
    client, _ = session_client(app, users["practice_lead"], "practice_lead")
    before = len(app.state.accounts.access_log())
    stored = client.get(f"/narratives/{narrative_id}").json()
    assert client.get(f"/narratives/{narrative_id}/view", params={"finding": 0}).status_code == 200
    report = client.get("/themes/planning/report", params={"format": "md"})
    assert report.status_code == 200
    rows = app.state.accounts.access_log()[: len(app.state.accounts.access_log()) - before]
    assert set(rows[0]) == {"time", "username", "role", "action", "narrative_id"}
    actions = {(r["action"], r["narrative_id"]) for r in rows}
    assert ("view_narrative", narrative_id) in actions and ("view_finding_context", narrative_id) in actions
    assert any(a == "download_report" and n for a, n in actions)
    assert all(r["username"] == users["practice_lead"] and r["role"] == "practice_lead" for r in rows)
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", r["time"]) for r in rows)
    # no text: not the narrative's, not a finding's, anywhere in the database
    db = app.state.accounts.path.read_bytes()
    for finding in stored["findings"]:
        assert finding["text"].encode() not in db
    assert stored["text"][:60].encode() not in db


# -- the users command --------------------------------------------------------------------
def test_users_command_adds_lists_makes_tokens_and_demo_users_once(cli, tmp_path):
    data = tmp_path / "data"
    demo = cli("users", "demo", "--data", data)
    assert demo.exit_code == 0
    passwords = dict(re.findall(r"^\s+(demo-\S+)\s+\S+\s+(\S+)$", demo.stdout, re.M))
    assert set(passwords) == {"demo-qa", "demo-lead", "demo-ambassador", "demo-admin"}
    accounts = Accounts.for_data_dir(data)
    assert accounts.authenticate("demo-lead", passwords["demo-lead"]) == User("demo-lead", "practice_lead")
    again = cli("users", "demo", "--data", data)
    assert again.exit_code == 0 and "exist already" in again.stdout and passwords["demo-qa"] not in again.stdout
    added = cli("users", "add", "river", "--role", "ambassador", "--data", data)
    assert added.exit_code == 0
    password = re.search(r"password \(shown once\): (\S+)", added.stdout).group(1)
    assert accounts.authenticate("river", password) == User("river", "ambassador")
    from typer.testing import CliRunner

    from assistant.cli import app as cli_app
    piped = CliRunner().invoke(cli_app, ["users", "add", "brook", "--role", "qa", "--password-stdin",
                                         "--data", str(data)], input=PASSWORD + "\n")
    assert piped.exit_code == 0 and PASSWORD not in piped.stdout
    assert accounts.authenticate("brook", PASSWORD) == User("brook", "qa")
    listed = cli("users", "list", "--data", data).stdout
    assert "river\tambassador" in listed and "brook\tqa" in listed and "argon2" not in listed
    token = cli("users", "token", "brook", "--data", data).stdout.strip()
    assert accounts.token_user(token) == User("brook", "qa", "token")
    refused = cli("users", "add", "stone", "--role", "superuser", "--data", data)
    assert refused.exit_code == 2 and "role" in refused.stderr
    accounts.log_access(User("river", "ambassador"), "view_narrative", "demo-007")
    logged = cli("users", "access-log", "--data", data).stdout
    assert re.search(r"^\S+\triver\tambassador\tview_narrative\tdemo-007$", logged, re.M)


# -- the role matrix ----------------------------------------------------------------------
ANON = "anonymous"
EVERYONE = set(ROLES) | {ANON}
SIGNED_IN = set(ROLES)
READERS = {"qa", "practice_lead"}
_names = count()


@dataclass
class Case:
    """One route: a request that succeeds for the allowed roles, what success is, and who is allowed.
    `page`: signed out means a redirect to /login (not 401 JSON)."""
    path: str
    allowed: set[str]
    ok: int = 200
    json: dict | None = None
    form: dict | None = None
    params: dict = field(default_factory=dict)
    page: bool = False


def matrix(narrative_id: str) -> dict[tuple[str, str], Case]:
    return {
        ("GET", "/health"): Case("/health", EVERYONE),
        ("GET", "/openapi.json"): Case("/openapi.json", EVERYONE),
        ("GET", "/docs"): Case("/docs", EVERYONE),
        ("GET", "/login"): Case("/login", EVERYONE),
        # public, and refused for everyone without the sign-in form's own CSRF token
        ("POST", "/login"): Case("/login", EVERYONE, ok=403, form={"username": "x", "password": "y"}),
        ("POST", "/logout"): Case("/logout", SIGNED_IN, ok=303, form={}),
        ("GET", "/account"): Case("/account", SIGNED_IN, page=True),
        ("GET", "/admin/users"): Case("/admin/users", {"admin"}, page=True),
        ("POST", "/admin/users"): Case("/admin/users", {"admin"}, ok=201, form={"role": "practice_lead"}, page=True),
        ("POST", "/admin/users/{username}/{action}"): Case("/admin/users/user-qa/unlock", {"admin"}, page=True,
                                                          form={}),
        ("POST", "/admin/tokens/{token_id}/revoke"): Case("/admin/tokens/000000000000/revoke", {"admin"}, ok=404,
                                                         page=True, form={}),
        ("GET", "/admin/settings"): Case("/admin/settings", {"admin"}, page=True),
        ("POST", "/admin/settings"): Case("/admin/settings", {"admin"}, page=True, form={
            "session_hours": "8", "failures_per_user": "5", "token_days": "90", "access_log_days": "730",
            "chat_rephraser": "1"}),
        ("GET", "/admin/access-log"): Case("/admin/access-log", {"admin"}, page=True),
        ("GET", "/admin/model"): Case("/admin/model", {"admin"}, page=True),
        # a retrain job starts (and stops at once: this store has no corrections)
        ("POST", "/admin/model/retrain"): Case("/admin/model/retrain", {"admin"}, ok=303, page=True, form={}),
        ("POST", "/admin/model/restore"): Case("/admin/model/restore", {"admin"}, ok=422, page=True,
                                               form={"version": "no-such-model"}),
        ("GET", "/admin/model/jobs/{job_id}"): Case("/admin/model/jobs/no-such-job", {"admin"}, ok=404),
        # corrections: a practice lead is refused (403) until an admin allows it (tested in
        # test_corrections); a finding that is not in the store is a 404 for those allowed
        ("POST", "/corrections"): Case("/corrections", {"qa"}, ok=404, json={
            "finding_id": "no-such-finding", "fundamentals": ["planning"], "stance": "strength"}),
        ("POST", "/corrections/form"): Case("/corrections/form", {"qa"}, ok=404, page=True, form={
            "finding_id": "no-such-finding", "fundamentals": "planning", "stance": "strength"}),
        ("GET", "/corrections"): Case("/corrections", {"qa"}),
        ("GET", "/corrections/learned"): Case("/corrections/learned", {"qa", "admin"}),
        ("GET", "/corrections/learned/view"): Case("/corrections/learned/view", {"qa", "admin"}, page=True),
        ("GET", "/corrections/check"): Case("/corrections/check", {"qa"}, page=True),
        ("POST", "/narratives"): Case("/narratives", {"qa"}, ok=201, json=NEW_NARRATIVE),
        ("POST", "/narratives/batch"): Case("/narratives/batch", {"qa"}, ok=202, json={"items": [NEW_NARRATIVE]}),
        ("GET", "/jobs/{job_id}"): Case("/jobs/no-such-job", {"qa"}, ok=404),
        ("GET", "/narratives/{narrative_id}"): Case(f"/narratives/{narrative_id}", READERS),
        ("GET", "/narratives/{narrative_id}/view"): Case(f"/narratives/{narrative_id}/view", READERS,
                                                         params={"finding": 0}, page=True),
        ("POST", "/search"): Case("/search", READERS, json={"query": "planning", "k": 3}),
        ("GET", "/"): Case("/", READERS, params={"q": "planning"}, page=True),
        ("POST", "/analyse"): Case("/analyse", READERS | {"ambassador"}, json={"text": "The plan was reviewed."}),
        ("GET", "/themes"): Case("/themes", READERS),
        ("GET", "/themes/{theme_id}/summary"): Case("/themes/planning/summary", READERS),
        ("GET", "/themes/{theme_id}/report"): Case("/themes/planning/report", READERS, params={"format": "md"}),
        ("POST", "/chat"): Case("/chat", READERS, json={"question": "how many concerns about planning?",
                                                         "today": "2019-12-01"}),
        ("GET", "/themes/view"): Case("/themes/view", READERS, page=True),
        ("GET", "/themes/{theme_id}/view"): Case("/themes/planning/view", READERS, page=True),
        ("GET", "/reports/view"): Case("/reports/view", READERS, params={"theme": "planning"}, page=True),
        ("GET", "/chat/view"): Case("/chat/view", READERS, page=True),
        ("POST", "/chat/view"): Case("/chat/view", READERS, page=True, form={
            "question": "how many concerns about planning?", "today": "2019-12-01"}),
        ("GET", "/language"): Case("/language", READERS | {"ambassador"}, page=True),
        ("POST", "/language"): Case("/language", READERS | {"ambassador"}, page=True,
                                    form={"text": "The LAC review agreed step down."}),
        ("GET", "/packs"): Case("/packs", {"qa"}, page=True),
        ("POST", "/packs"): Case("/packs", {"qa"}, ok=303, page=True, form={
            "name": "Matrix pack", "ambassadors": "user-ambassador", "how": "hand", "narrative_ids": narrative_id}),
        ("GET", "/packs/{pack_id}/results"): Case("/packs/999999/results", {"qa"}, ok=404, page=True),
        ("GET", "/lexicon/suggestions"): Case("/lexicon/suggestions", {"qa"}, page=True),
        ("POST", "/lexicon/suggestions/{suggestion_id}/accept"): Case(
            "/lexicon/suggestions/999999/accept", {"qa"}, ok=404, page=True, form={"plain": "x"}),
        ("POST", "/lexicon/suggestions/{suggestion_id}/reject"): Case(
            "/lexicon/suggestions/999999/reject", {"qa"}, ok=404, page=True, form={"reason": "x"}),
        ("GET", "/my-packs"): Case("/my-packs", {"ambassador"}, page=True),
        ("GET", "/packs/{pack_id}/review/{narrative_id}"): Case(
            f"/packs/999999/review/{narrative_id}", {"ambassador"}, ok=403, page=True),
        ("POST", "/packs/{pack_id}/review/{narrative_id}"): Case(
            f"/packs/999999/review/{narrative_id}", {"ambassador"}, ok=403, page=True, form={"know_child": "yes"}),
        ("POST", "/packs/{pack_id}/submit"): Case("/packs/999999/submit", {"ambassador"}, ok=403, page=True, form={}),
    }


def app_routes(routes, prefix: str = "") -> set[tuple[str, str]]:
    """(method, path) of every route, looking inside included routers too."""
    out = set()
    for route in routes:
        if isinstance(route, (APIRoute, Route)):
            out |= {(method, prefix + route.path) for method in route.methods - {"HEAD"}}
        elif hasattr(route, "original_router"):  # FastAPI's wrapper of an included APIRouter
            out |= app_routes(route.original_router.routes, prefix + route.include_context.prefix)
        else:
            pytest.fail(f"unexpected route type {type(route).__name__}: teach the matrix test about it")
    return out


def test_every_route_is_in_the_role_matrix(app, narrative_id):
    table = matrix(narrative_id)
    routes = app_routes(app.routes)
    assert routes - set(table) == set(), "routes without a role entry in the matrix"
    assert set(table) - routes == set(), "matrix entries for routes that no longer exist"


def test_the_app_will_not_start_with_a_route_that_names_no_role(app):
    from fastapi import APIRouter, FastAPI

    from api.auth import require, unguarded_routes

    assert unguarded_routes(app.routes) == []
    other = FastAPI()
    router = APIRouter()

    @router.get("/open")
    def open_route():
        return {}

    @router.get("/closed", dependencies=[Depends(require("qa"))])
    def closed_route():
        return {}

    other.include_router(router, prefix="/more")
    assert unguarded_routes(other.routes) == ["GET /more/open"]


def test_ambassadors_are_refused_narratives_until_packs_give_them_some(app, users, narrative_id):
    client, _ = session_client(app, users["ambassador"], "ambassador")
    assert client.get(f"/narratives/{narrative_id}").status_code == 403
    assert client.get(f"/narratives/{narrative_id}/view").status_code == 403


@pytest.mark.parametrize("who", [*ROLES, ANON])
def test_role_matrix(app, users, narrative_id, who):
    """Every route, as this role (a real session) or signed out: the route's success code
    for the allowed, 403 for other roles, 401 (JSON) or a redirect to /login (pages) signed out."""
    failures = []
    for (method, template), case in sorted(matrix(narrative_id).items()):
        if who == ANON:
            client, token = TestClient(app), None
        else:
            client, token = session_client(app, users[who], who)
        kwargs: dict = {"params": case.params, "follow_redirects": False}
        if case.json is not None:
            kwargs["json"] = case.json
            if token:
                kwargs["headers"] = {"X-CSRF-Token": token}
        if case.form is not None:
            kwargs["data"] = {**case.form, **({"csrf_token": token} if token else {}),
                              **({"username": f"matrix-user-{next(_names)}"} if template == "/admin/users" else {})}
        response = client.request(method, case.path, **kwargs)
        if who in case.allowed:
            expected = case.ok
        elif who == ANON:
            expected = 303 if case.page else 401
        else:
            expected = 403
        if response.status_code != expected:
            failures.append(f"{method} {template} as {who}: {response.status_code}, expected {expected}")
        elif who == ANON and case.page and who not in case.allowed:
            assert response.headers["location"].startswith("/login?next=")
        if expected == 403 and who not in case.allowed and not case.page:
            assert "error" in response.json()
        if template in ("/search", "/") and who not in READERS:
            assert '"results"' not in response.text and 'class="hit' not in response.text
    assert not failures, "\n".join(failures)
