"""Headers and files (issue 14 item 11): a Content-Security-Policy on every answer (no inline
script without the response's nonce; frames refused, except the report preview on our own
page), nosniff, no referrer, no-store; and a data folder readable by its owner only.

Every username and narrative here is fictional."""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from assistant.service import Workspace

PASSWORD = "correct horse battery staple"
TEMPLATES = Path(__file__).resolve().parent.parent / "api" / "templates"


@pytest.fixture(scope="module")
def app(tmp_path_factory, demo_workspace):
    """The app over a copy of the shared demo store, with its own accounts."""
    copy = tmp_path_factory.mktemp("headers-store")
    shutil.copytree(demo_workspace.data_dir, copy, dirs_exist_ok=True)
    (copy / "accounts.db").unlink(missing_ok=True)
    app = create_app(Workspace(copy))
    for name, role in (("headers-lead", "practice_lead"), ("headers-admin", "admin")):
        app.state.accounts.add_user(name, role, PASSWORD)
    return app


def signed_in(app, username: str) -> TestClient:
    client = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                       follow_redirects=False).status_code == 303
    return client


def policy(response) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in
            response.headers["content-security-policy"].split(";") if part.strip()}


def assert_hardened(response, frame_ancestors: str = "'none'") -> None:
    where = f"{response.request.method} {response.request.url.path}"
    csp = policy(response)
    assert csp["frame-ancestors"] == frame_ancestors, where
    assert csp["default-src"] in ("'self'", "'none'"), where
    assert "'unsafe-inline'" not in csp.get("script-src", "") and "'unsafe-eval'" not in csp.get("script-src", "")
    assert response.headers["x-content-type-options"] == "nosniff", where
    assert response.headers["referrer-policy"] == "no-referrer", where
    assert response.headers["cache-control"] == "no-store", where


def test_pages_and_api_answers_carry_the_headers(app, narrative_id_of):
    lead, admin = signed_in(app, "headers-lead"), signed_in(app, "headers-admin")
    anonymous = TestClient(app)
    narrative = narrative_id_of(app)
    answers = [anonymous.get("/login"), anonymous.get("/health"), anonymous.get("/openapi.json"),
               anonymous.get("/docs"), anonymous.post("/search", json={"query": "plan"}),
               anonymous.get("/", follow_redirects=False), lead.get("/", params={"q": "plan"}),
               lead.get(f"/narratives/{narrative}"), lead.get(f"/narratives/{narrative}/view"),
               lead.get("/themes/view"), lead.get("/reports/view", params={"theme": "planning"}),
               lead.get("/themes/planning/report", params={"format": "md"}), lead.get("/chat/view"),
               lead.get("/no-such-page"), admin.get("/admin/users"), admin.get("/admin/access-log")]
    for response in answers:
        assert_hardened(response)


def test_every_inline_script_and_style_carries_the_responses_nonce(app, narrative_id_of):
    """A script the page did not write (an injection) would have no nonce, so it would not run."""
    lead = signed_in(app, "headers-lead")
    for path in ("/", f"/narratives/{narrative_id_of(app)}/view", "/themes/view", "/chat/view", "/language"):
        response = lead.get(path)
        csp = policy(response)
        nonce = re.search(r"'nonce-([^']+)'", csp["script-src"]).group(1)
        assert csp["script-src"] == f"'nonce-{nonce}'"
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", response.text):
            assert f'nonce="{nonce}"' in tag, f"{path}: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", response.text), f"{path}: an inline event handler"
    other = lead.get("/")
    assert policy(other)["script-src"] != csp["script-src"]  # a fresh nonce per response
    for template in TEMPLATES.glob("*.html"):
        if template.name == "report.html":
            continue  # the generated report's style is allowed by its hash (the next test)
        source = template.read_text()
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", source):
            assert 'nonce="{{ csp_nonce }}"' in tag, f"{template.name}: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", source), f"{template.name}: an inline event handler"


def test_only_the_report_preview_may_be_framed_and_only_by_this_site(app):
    lead = signed_in(app, "headers-lead")
    page = lead.get("/reports/view", params={"theme": "planning"})
    assert_hardened(page)
    src = re.search(r'<iframe[^>]*src="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    assert policy(page)["frame-src"] == "'self'" and src.startswith("/")
    preview = lead.get(src)
    assert preview.status_code == 200 and preview.headers["content-type"].startswith("text/html")
    assert_hardened(preview, frame_ancestors="'self'")
    csp = policy(preview)
    assert csp["default-src"] == "'none'" and "script-src" not in csp
    styles = re.findall(r"<style[^>]*>(.*?)</style>", preview.text, re.S)
    assert styles
    for block in styles:
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["style-src"]
    download = lead.get("/themes/planning/report", params={"format": "html"})
    assert_hardened(download)  # a downloaded copy is not for framing


def test_a_new_password_page_is_not_cached(app):
    admin = signed_in(app, "headers-admin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', admin.get("/admin/users").text).group(1)
    made = admin.post("/admin/users", data={"username": "headers-new", "role": "qa", "csrf_token": token})
    assert made.status_code == 201 and "shown only this once" in made.text
    assert made.headers["cache-control"] == "no-store"


def modes(folder: Path) -> dict[str, int]:
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files, ""]:
            path = Path(root) / name
            out[str(path.relative_to(folder))] = stat.S_IMODE(path.stat().st_mode)
    return out


def test_the_data_folder_is_readable_by_its_owner_only(tmp_path):
    """The umask a shell usually has (022) would make 0644 databases; the app and the CLI
    make owner-only files and folders, and tighten what was there already."""
    old = os.umask(0o022)
    try:
        data = tmp_path / "data"
        data.mkdir()
        copied_in = data / "notes.jsonl"
        copied_in.write_text("{}\n")
        assert stat.S_IMODE(copied_in.stat().st_mode) == 0o644
        app = create_app(Workspace(data))
        app.state.accounts.add_user("perm-admin", "admin", PASSWORD)
        assert TestClient(app).get("/health").status_code == 200  # opens (makes) the store
        os.umask(0o022)
        from assistant.cli import app as cli_app
        other = tmp_path / "other"
        made = CliRunner().invoke(cli_app, ["users", "add", "perm-cli", "--role", "qa", "--data", str(other)])
        assert made.exit_code == 0
        for folder in (data, other):
            found = modes(folder)
            assert any(name.endswith("accounts.db") for name in found)
            loose = {name: oct(mode) for name, mode in found.items() if mode & 0o077}
            assert not loose, f"readable by others: {loose}"
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        assert any("chroma" in name for name in modes(data))
    finally:
        os.umask(old)


@pytest.fixture(scope="module")
def narrative_id_of():
    def first(app) -> str:
        return sorted(m["narrative_id"] for m in app.state.workspace.store.narrative_metadatas())[0]
    return first
