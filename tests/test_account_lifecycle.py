"""Accounts after they are made (issue 14 item 10): tokens that expire and can be revoked;
disable, enable, delete, change role, reset password, unlock, from the CLI and from the admin
pages; every change in the access log without secrets; a disabled or deleted user's sessions
and tokens stop at once.

Every username here is fictional."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.auth import SESSION_COOKIE
from assistant.accounts import AccountError, Accounts, User
from assistant.cli import app as cli_app
from assistant.service import Workspace

PASSWORD = "correct horse battery staple"
ADMIN = User("lifecycle-admin", "admin")


@pytest.fixture()
def app(tmp_path):
    """The app over an empty store (accounts need no findings), with an admin and a lead."""
    app = create_app(Workspace(tmp_path / "data"))
    app.state.accounts.add_user("lifecycle-admin", "admin", PASSWORD)
    app.state.accounts.add_user("lifecycle-lead", "practice_lead", PASSWORD)
    return app


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in(app, username: str) -> TestClient:
    client = TestClient(app)
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client


def reads(client: TestClient) -> int:
    """A reader-only API call: 404 (no such narrative) when allowed, 401/403 otherwise."""
    return client.get("/narratives/no-such-record").status_code


def token_id(token: str) -> str:
    """The id a token is listed and revoked by: the start of its sha256 (what is stored)."""
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def bearer(app, token: str) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


def admin_post(admin: TestClient, path: str, **form):
    token = form_token(admin.get("/admin/users").text)
    return admin.post(path, data={"csrf_token": token, **form}, follow_redirects=False)


def cli(data, *args, stdin: str | None = None):
    return CliRunner().invoke(cli_app, ["users", *args, "--data", str(data)], input=stdin, catch_exceptions=False)


def test_tokens_expire_after_90_days_by_default_or_as_set(app):
    accounts = app.state.accounts
    token = accounts.create_token("lifecycle-lead")
    (row,) = accounts.tokens("lifecycle-lead")
    made, expires = dt.datetime.fromisoformat(row["created"]), dt.datetime.fromisoformat(row["expires"])
    assert (expires - made).days == 90 and not row["expired"]
    assert reads(bearer(app, token)) == 404
    short = accounts.create_token("lifecycle-lead", days=1)
    assert reads(bearer(app, short)) == 404
    with sqlite3.connect(accounts.path) as db:  # a day passes for that token
        db.execute("UPDATE tokens SET expires = ? WHERE substr(token_hash, 1, 12) = ?",
                   ((dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)).isoformat(timespec="seconds"),
                    token_id(short)))
    assert reads(bearer(app, short)) == 401
    assert reads(bearer(app, token)) == 404
    accounts.set_setting("token_days", "7", ADMIN)
    week = token_id(accounts.create_token("lifecycle-lead"))
    newest = next(row for row in accounts.tokens("lifecycle-lead") if row["id"] == week)
    assert (dt.datetime.fromisoformat(newest["expires"]) - dt.datetime.fromisoformat(newest["created"])).days == 7
    with pytest.raises(AccountError, match="days"):
        accounts.create_token("lifecycle-lead", days=0)


def test_a_revoked_token_stops_at_once_cli_and_page(app, tmp_path):
    data = app.state.workspace.data_dir
    made = cli(data, "token", "lifecycle-lead", "--days", "30")
    assert made.exit_code == 0
    token = made.stdout.strip()
    client = bearer(app, token)
    assert reads(client) == 404
    listed = cli(data, "tokens").stdout
    listed_id = re.search(r"^([0-9a-f]{12})\tlifecycle-lead\tpractice_lead\t", listed, re.M).group(1)
    assert token not in listed and listed_id == token_id(token)
    revoked = cli(data, "revoke", listed_id)
    assert revoked.exit_code == 0 and reads(client) == 401
    assert cli(data, "revoke", listed_id).exit_code == 2  # gone
    # and from the admin page
    second = app.state.accounts.create_token("lifecycle-lead")
    admin = signed_in(app, "lifecycle-admin")
    second_id = token_id(second)
    assert second_id in admin.get("/admin/users").text
    answer = admin_post(admin, f"/admin/tokens/{second_id}/revoke")
    assert answer.status_code == 200 and "revoked" in answer.text
    assert reads(bearer(app, second)) == 401


def test_disabling_a_user_ends_their_session_and_tokens_at_once(app):
    lead = signed_in(app, "lifecycle-lead")
    token = app.state.accounts.create_token("lifecycle-lead")
    assert reads(lead) == 404 and reads(bearer(app, token)) == 404
    admin = signed_in(app, "lifecycle-admin")
    answer = admin_post(admin, "/admin/users/lifecycle-lead/disable")
    assert answer.status_code == 200 and "Disabled: lifecycle-lead" in answer.text
    assert reads(lead) == 401 and reads(bearer(app, token)) == 401
    login = TestClient(app)
    refused = login.post("/login", data={"username": "lifecycle-lead", "password": PASSWORD,
                                         "csrf_token": form_token(login.get("/login").text)})
    assert refused.status_code == 401 and "Wrong username or password." in refused.text
    with pytest.raises(AccountError, match="disabled"):
        app.state.accounts.create_token("lifecycle-lead")
    assert admin_post(admin, "/admin/users/lifecycle-lead/enable").status_code == 200
    assert reads(signed_in(app, "lifecycle-lead")) == 404 and reads(bearer(app, token)) == 404


def test_deleting_a_user_removes_sessions_tokens_and_the_user(app):
    data = app.state.workspace.data_dir
    lead = signed_in(app, "lifecycle-lead")
    token = app.state.accounts.create_token("lifecycle-lead")
    refused = cli(data, "delete", "lifecycle-lead")
    assert refused.exit_code == 2 and "--yes" in refused.stderr and reads(lead) == 404
    assert cli(data, "delete", "lifecycle-lead", "--yes").exit_code == 0
    assert reads(lead) == 401 and reads(bearer(app, token)) == 401
    assert app.state.accounts.user("lifecycle-lead") is None
    with sqlite3.connect(app.state.accounts.path) as db:
        for table in ("sessions", "tokens", "known_devices"):
            assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE username = 'lifecycle-lead'").fetchone()[0] == 0
    # from the page, a tick is needed
    app.state.accounts.add_user("lifecycle-temp", "qa", PASSWORD)
    admin = signed_in(app, "lifecycle-admin")
    assert admin_post(admin, "/admin/users/lifecycle-temp/delete").status_code == 422
    assert admin_post(admin, "/admin/users/lifecycle-temp/delete", confirm="yes").status_code == 200
    assert app.state.accounts.user("lifecycle-temp") is None
    assert admin_post(admin, "/admin/users/lifecycle-temp/disable").status_code == 404


def test_changing_a_role_applies_at_the_next_request(app):
    lead = signed_in(app, "lifecycle-lead")
    token = app.state.accounts.create_token("lifecycle-lead")
    admin = signed_in(app, "lifecycle-admin")
    assert admin_post(admin, "/admin/users/lifecycle-lead/role", role="ambassador").status_code == 200
    assert app.state.accounts.user("lifecycle-lead") == User("lifecycle-lead", "ambassador")
    assert reads(lead) == 403  # an ambassador opens no narrative by id
    assert reads(bearer(app, token)) == 401  # a practice_lead token is above an ambassador
    assert admin_post(admin, "/admin/users/lifecycle-lead/role", role="superuser").status_code == 422
    assert cli(app.state.workspace.data_dir, "role", "lifecycle-lead", "practice_lead").exit_code == 0
    assert reads(lead) == 404


def test_resetting_a_password_shows_it_once_and_ends_sessions(app):
    lead = signed_in(app, "lifecycle-lead")
    admin = signed_in(app, "lifecycle-admin")
    answer = admin_post(admin, "/admin/users/lifecycle-lead/reset-password")
    assert answer.status_code == 200 and "shown only this once" in answer.text
    assert answer.headers["cache-control"] == "no-store"
    new = re.search(r"New password for <strong>lifecycle-lead</strong>.*?<code>([^<]+)</code>", answer.text, re.S).group(1)
    assert new not in admin.get("/admin/users").text  # once
    assert reads(lead) == 401
    accounts = app.state.accounts
    assert accounts.authenticate("lifecycle-lead", PASSWORD) is None
    assert accounts.authenticate("lifecycle-lead", new) == User("lifecycle-lead", "practice_lead")
    data = app.state.workspace.data_dir
    piped = cli(data, "reset-password", "lifecycle-lead", "--password-stdin", stdin="another long passphrase\n")
    assert piped.exit_code == 0 and "another long passphrase" not in piped.stdout
    assert accounts.authenticate("lifecycle-lead", "another long passphrase") is not None
    printed = cli(data, "reset-password", "lifecycle-lead")
    generated = re.search(r"password \(shown once\): (\S+)", printed.stdout).group(1)
    assert accounts.authenticate("lifecycle-lead", generated) is not None
    assert cli(data, "reset-password", "nobody-here").exit_code == 2


def test_the_last_admin_cannot_be_disabled_deleted_or_demoted(app):
    data = app.state.workspace.data_dir
    for args in (("disable", "lifecycle-admin"), ("delete", "lifecycle-admin", "--yes"),
                 ("role", "lifecycle-admin", "qa")):
        refused = cli(data, *args)
        assert refused.exit_code == 2 and "last admin" in refused.stderr
    admin = signed_in(app, "lifecycle-admin")
    answer = admin_post(admin, "/admin/users/lifecycle-admin/disable")
    assert answer.status_code == 422 and "last admin" in answer.text
    app.state.accounts.add_user("second-admin", "admin", PASSWORD)
    assert cli(data, "disable", "lifecycle-admin").exit_code == 0


def test_unlock_clears_failed_sign_ins(app):
    accounts = app.state.accounts
    for _ in range(5):
        accounts.authenticate("lifecycle-lead", "wrong guess", "10.9.9.9")
    with pytest.raises(Exception, match="Too many"):
        accounts.authenticate("lifecycle-lead", PASSWORD, "10.9.9.9")
    admin = signed_in(app, "lifecycle-admin")
    assert admin_post(admin, "/admin/users/lifecycle-lead/unlock").status_code == 200
    assert accounts.authenticate("lifecycle-lead", PASSWORD, "10.9.9.9") is not None


def test_every_change_is_access_logged_without_secrets(app):
    data = app.state.workspace.data_dir
    admin = signed_in(app, "lifecycle-admin")
    admin_post(admin, "/admin/users", username="logged-user", role="qa")
    token = app.state.accounts.create_token("logged-user", by=ADMIN)
    admin_post(admin, "/admin/users/logged-user/role", role="practice_lead")
    reset = admin_post(admin, "/admin/users/logged-user/reset-password").text
    password = re.search(r"<code>([^<]+)</code>", reset).group(1)
    admin_post(admin, "/admin/users/logged-user/disable")
    cli(data, "enable", "logged-user")
    cli(data, "unlock", "logged-user")
    cli(data, "revoke", "--all-of", "logged-user")
    cli(data, "delete", "logged-user", "--yes")
    log = app.state.accounts.access_log()
    actions = [row["action"] for row in reversed(log) if "logged-user" in row["action"]]
    assert [a.split()[0] for a in actions] == ["add_user", "create_token", "change_role", "reset_password",
                                               "disable_user", "enable_user", "unlock_user", "revoke_tokens",
                                               "delete_user"]
    by = {row["action"].split()[0]: row["username"] for row in log if "logged-user" in row["action"]}
    assert by["disable_user"] == "lifecycle-admin" and by["delete_user"].startswith("command-line:")
    shown = cli(data, "access-log", "--limit", "100").stdout
    stored = app.state.accounts.path.read_bytes()
    for secret in (token, password):
        assert secret not in shown and secret.encode() not in stored


def test_new_admin_routes_refuse_other_roles_and_forged_forms(app):
    lead = signed_in(app, "lifecycle-lead")
    token = form_token(lead.get("/account").text)
    assert lead.post("/admin/users/lifecycle-admin/disable", data={"csrf_token": token}).status_code == 403
    admin = signed_in(app, "lifecycle-admin")
    assert admin.post("/admin/users/lifecycle-lead/disable", data={"csrf_token": "forged"}).status_code == 403
    assert admin_post(admin, "/admin/users/lifecycle-lead/explode").status_code == 404
    assert admin_post(admin, "/admin/tokens/not-an-id/revoke").status_code == 404
    assert app.state.accounts.users()[1]["disabled"] is False
    assert reads(lead) == 404
    assert SESSION_COOKIE in lead.cookies


def test_an_accounts_database_from_before_opens_with_its_users_and_tokens(tmp_path):
    """A database made by the previous release (no disabled, expires or device columns)."""
    path = tmp_path / "accounts.db"
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE users (username TEXT PRIMARY KEY COLLATE NOCASE, role TEXT NOT NULL,
                                password_hash TEXT NOT NULL, created TEXT NOT NULL);
            CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL COLLATE NOCASE
                                 REFERENCES users(username) ON DELETE CASCADE, role TEXT NOT NULL, created TEXT NOT NULL);
            CREATE TABLE login_failures (username TEXT NOT NULL COLLATE NOCASE, client TEXT NOT NULL, time TEXT NOT NULL);
        """)
    made = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(days=10)
    from argon2 import PasswordHasher
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO users VALUES ('old-user', 'qa', ?, ?)", (PasswordHasher().hash(PASSWORD), made.isoformat()))
        db.execute("INSERT INTO tokens VALUES (?, 'old-user', 'qa', ?)",
                   (hashlib.sha256(b"gt_old-token").hexdigest(), made.isoformat()))
        db.execute("INSERT INTO login_failures VALUES ('old-user', '10.0.0.1', ?)", (made.isoformat(),))
    accounts = Accounts(path)
    assert accounts.token_user("gt_old-token") == User("old-user", "qa", "token")
    (token,) = accounts.tokens()
    assert dt.datetime.fromisoformat(token["expires"]) == made + dt.timedelta(days=90)
    assert accounts.users()[0]["disabled"] is False
    assert accounts.authenticate("old-user", PASSWORD, "10.0.0.1") == User("old-user", "qa")
