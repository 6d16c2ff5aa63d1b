"""Sign-in limiting (issue 14 item 7): atomic counting, a per-username limit over every
address, known browsers not locked out by someone else's failures, and X-Forwarded-For
believed only from configured proxies, checked on the real server too.

Every username here is fictional."""
from __future__ import annotations

import re
import subprocess
import threading

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from api.app import create_app
from api.auth import DEVICE_COOKIE, SESSION_COOKIE, client_address, trusted_proxies
from assistant.accounts import Accounts, RateLimited, User
from assistant.service import Workspace
from assistant.signin_limits import FAILURES_PER_CLIENT
from conftest import CONSOLE_SCRIPT, REPO, subprocess_env  # noqa: E402  (tests/ is on sys.path)

PASSWORD = "correct horse battery staple"
LIMIT = 5  # the failures_per_user setting's default


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, username: str, password: str, headers: dict | None = None):
    token = form_token(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       headers=headers or {}, follow_redirects=False)


def test_concurrent_wrong_passwords_get_no_more_401s_than_the_limit(tmp_path):
    """30 wrong passwords at once: the check and the count are one transaction, so no more
    than the limit are checked (401 on the page); the rest are refused (429)."""
    accounts = Accounts(tmp_path / "accounts.db")
    accounts.add_user("raced-user", "qa", PASSWORD)
    start, outcomes = threading.Barrier(30), []

    def attempt():
        start.wait()
        try:
            outcomes.append(accounts.authenticate("raced-user", "a wrong password", "10.1.1.1"))
        except RateLimited:
            outcomes.append("limited")

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 30
    assert outcomes.count(None) == LIMIT and outcomes.count("limited") == 30 - LIMIT
    with pytest.raises(RateLimited):
        accounts.authenticate("raced-user", PASSWORD, "10.1.1.1")


def test_the_username_limit_counts_failures_from_every_address(tmp_path):
    accounts = Accounts(tmp_path / "accounts.db")
    accounts.add_user("roaming-target", "practice_lead", PASSWORD)
    for n in range(LIMIT):  # one failure from each of five addresses
        assert accounts.authenticate("roaming-target", "guess", f"10.2.0.{n}") is None
    with pytest.raises(RateLimited):  # even the right password, from a sixth
        accounts.authenticate("roaming-target", PASSWORD, "10.2.0.99")
    # an unlock by an admin (part of a password reset too) lets them in again
    accounts.unlock_user("roaming-target", User("test-admin", "admin"))
    assert accounts.authenticate("roaming-target", PASSWORD, "10.2.0.99") == User("roaming-target", "practice_lead")


@pytest.fixture()
def app(tmp_path):
    """The app over an empty store: signing in needs no findings."""
    app = create_app(Workspace(tmp_path / "store"), accounts=Accounts(tmp_path / "accounts.db"))
    for name, role in (("office-admin", "admin"), ("office-lead", "practice_lead")):
        app.state.accounts.add_user(name, role, PASSWORD)
    for n in range(4):
        app.state.accounts.add_user(f"sprayed-{n}", "qa", PASSWORD)
    return app


def test_failures_at_an_address_do_not_lock_out_other_users_there(app):
    """Everyone in an office shares an address. Someone there fails 20 times over four
    usernames: those usernames are refused there, and any other username that fails there
    once is too; but the admin still signs in with the right password, in the browser they
    used before and in a browser never used before."""
    admin_browser = TestClient(app)
    assert sign_in(admin_browser, "office-admin", PASSWORD).status_code == 303
    assert DEVICE_COOKIE in admin_browser.cookies
    admin_browser.post("/logout", data={"csrf_token": form_token(admin_browser.get("/account").text)})
    assert SESSION_COOKIE not in admin_browser.cookies
    guesser = TestClient(app)  # same address ("testclient"), no known-device cookie
    for n in range(FAILURES_PER_CLIENT):
        assert sign_in(guesser, f"sprayed-{n % 4}", f"guess {n}").status_code == 401
    assert sign_in(guesser, "sprayed-0", PASSWORD).status_code == 429  # failed here before
    assert sign_in(guesser, "office-lead", "guess").status_code == 401  # one more guess per username ...
    assert sign_in(guesser, "office-lead", PASSWORD).status_code == 429  # ... then refused here
    new_browser = TestClient(app)
    assert sign_in(new_browser, "office-admin", PASSWORD).status_code == 303
    back = sign_in(admin_browser, "office-admin", PASSWORD)
    assert back.status_code == 303 and back.headers["location"] == "/admin/users"
    assert SESSION_COOKIE in admin_browser.cookies


def test_an_attacker_elsewhere_cannot_lock_a_person_out_of_their_usual_browser(app):
    usual = TestClient(app)
    assert sign_in(usual, "office-lead", PASSWORD).status_code == 303
    attacker = TestClient(app, client=("192.0.2.50", 40000))
    for _ in range(LIMIT):
        assert sign_in(attacker, "office-lead", "guess").status_code == 401
    assert sign_in(attacker, "office-lead", PASSWORD).status_code == 429  # locked for unknown browsers
    assert sign_in(TestClient(app, client=("192.0.2.51", 40000)), "office-lead", PASSWORD).status_code == 429
    assert sign_in(usual, "office-lead", PASSWORD).status_code == 303  # but not here
    # a stolen or forged device cookie for another user counts for nothing
    forged = TestClient(app, client=("192.0.2.52", 40000), cookies={DEVICE_COOKIE: usual.cookies[DEVICE_COOKIE]})
    assert sign_in(forged, "sprayed-0", "guess").status_code == 401


def test_x_forwarded_for_is_believed_only_from_configured_proxies(app, monkeypatch):
    def address(peer: str, forwarded: str | None) -> str:
        """What the app takes as the address of a request from `peer` with that header."""
        headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
        return client_address(Request({"type": "http", "client": (peer, 40000), "headers": headers, "app": app}))

    assert app.state.trusted_proxies == ()
    assert address("127.0.0.1", "203.0.113.9") == "127.0.0.1"  # not configured: the header is ignored
    app.state.trusted_proxies = trusted_proxies("127.0.0.1, 10.0.0.0/8")
    assert address("127.0.0.1", "203.0.113.9") == "203.0.113.9"
    assert address("127.0.0.1", "198.51.100.1, 203.0.113.9, 10.0.0.4") == "203.0.113.9"  # spoofed left part ignored
    assert address("192.0.2.7", "203.0.113.9") == "192.0.2.7"  # not from a proxy: ignored
    with pytest.raises(ValueError, match="GOLDENTHREAD_TRUSTED_PROXIES"):
        trusted_proxies("not-an-address")
    monkeypatch.setenv("GOLDENTHREAD_TRUSTED_PROXIES", "127.0.0.1")
    assert create_app(app.state.workspace, accounts=app.state.accounts).state.trusted_proxies == \
        trusted_proxies("127.0.0.1")


def test_the_real_server_ignores_x_forwarded_for_from_loopback(tmp_path, loopback_port, wait_until_up):
    """`goldenthread serve` as a user runs it: a local client that sends a new X-Forwarded-For
    with each guess is still one address to the per-address limit."""
    if not CONSOLE_SCRIPT.exists():
        pytest.skip(f"console script not installed at {CONSOLE_SCRIPT}")
    data = tmp_path / "data"
    accounts = Accounts.for_data_dir(data)
    for n in range(FAILURES_PER_CLIENT):
        accounts.add_user(f"proxy-probe-{n}", "qa", PASSWORD)
    env = subprocess_env()
    env.pop("GOLDENTHREAD_TRUSTED_PROXIES", None)
    server = subprocess.Popen([str(CONSOLE_SCRIPT), "serve", "--port", str(loopback_port), "--data", str(data)],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{loopback_port}"
        wait_until_up(url + "/health", tries=240)
        with httpx.Client(base_url=url, timeout=60) as client:
            for n in range(FAILURES_PER_CLIENT):
                forwarded = {"X-Forwarded-For": f"203.0.113.{n + 1}"}
                assert sign_in(client, f"proxy-probe-{n}", "guess", forwarded).status_code == 401
            # a username that failed from this address, "from" yet another address
            last = sign_in(client, "proxy-probe-0", "guess", {"X-Forwarded-For": "203.0.113.200"})
            assert last.status_code == 429
    finally:
        server.terminate()
        server.wait(timeout=30)
