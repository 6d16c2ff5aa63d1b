"""Shared fixtures: the real spaCy pipeline, the real CLI (in-process and as the installed
console script) and writers for the input formats. Nothing of goldenthread is mocked.

Every name, reference and narrative written by these fixtures' users is fictional.
"""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from nlp.offline import OFFLINE_ENV  # hubs and telemetry off before any model library loads

REPO = Path(__file__).resolve().parent.parent
CONSOLE_SCRIPT = Path(sys.executable).parent / "goldenthread"


@pytest.fixture(scope="session")
def nlp():
    """The shared pipeline the ingest uses (spaCy small English + gt_redactor + gt_findings)."""
    from nlp.pipeline import load

    return load()


@pytest.fixture(scope="session")
def redact(nlp):
    """text (and the narrative's team/service, protected as ingest protects them) -> redacted text."""
    def run(text: str, keep: tuple[str, ...] = ()) -> str:
        doc = nlp.make_doc(text)
        doc.user_data["keep"] = tuple(keep)
        return nlp(doc)._.redacted_text

    return run


@pytest.fixture(scope="session")
def cli():
    """Run `goldenthread ARGS...` in this process (models load once per session).
    Returns click's Result: .exit_code, .stdout, .stderr (kept apart)."""
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()

    def invoke(*args: str | Path):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def goldenthread():
    """Run the installed console script in a fresh process: (args..., timeout=) -> CompletedProcess."""
    if not CONSOLE_SCRIPT.exists():
        pytest.skip(f"console script not installed at {CONSOLE_SCRIPT} (pip install -e .)")

    def run(*args: str | Path, timeout: float = 240) -> subprocess.CompletedProcess:
        return subprocess.run([str(CONSOLE_SCRIPT), *map(str, args)], cwd=REPO, capture_output=True,
                              text=True, timeout=timeout, env=subprocess_env())

    return run


def subprocess_env() -> dict:
    env = dict(os.environ)
    env.update(OFFLINE_ENV)
    env.pop("GOLDENTHREAD_DATA", None)
    env.pop("GOLDENTHREAD_CHROMA_URL", None)
    return env


@pytest.fixture(scope="session")
def write_jsonl():
    def write(path: Path, rows: list[dict]) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def write_csv():
    def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture(scope="session")
def write_pdf():
    """A minimal one-page PDF (Helvetica, one line of text per entry), xref offsets computed."""
    def write(path: Path, lines: list[str]) -> Path:
        def escape(line: str) -> str:
            return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

        stream = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
        objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            "/Contents 4 0 R >>",
            f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        out = bytearray(b"%PDF-1.4\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
        out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(out))
        return path

    return write


# --- real servers on 127.0.0.1 ---------------------------------------------------------------
@pytest.fixture
def loopback_port() -> int:
    """A free TCP port on 127.0.0.1 for a server a test starts."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def wait_until_up():
    """wait(url, tries) polls url every 0.5 s until it answers 200, or fails the test."""
    import time

    import httpx

    def wait(url: str, tries: int = 120) -> None:
        for _ in range(tries):
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.5)
        pytest.fail(f"server did not start: {url}")

    return wait


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory, nlp):
    """A store loaded once per test session with the bundled (fictional) demo corpus, for
    summaries, reports, chat and the pages. Tests must not write to it."""
    from assistant import service
    from assistant.ingest import DEMO_CORPUS, ingest_paths

    ws = service.Workspace(tmp_path_factory.mktemp("demo-store"))
    ingest_paths(ws.store, [DEMO_CORPUS], nlp, ws.embedder)
    return ws


# --- signing in ------------------------------------------------------------------------------
def session_client(app, role: str, name: str | None = None):
    """(client, csrf token): a TestClient holding a real session cookie of a user of that role
    in the app's own accounts database (a new user with a unique name, or `name`, made once and
    reused). The username is on client.username."""
    import secrets

    from fastapi.testclient import TestClient

    from api.auth import SESSION_COOKIE
    from assistant.accounts import User, csrf_token_for

    name = name or f"test-{role.replace('_', '-')}-{secrets.token_hex(3)}"
    if app.state.accounts.user(name) is None:
        app.state.accounts.add_user(name, role, "a long enough password")
    session_id = app.state.accounts.create_session(User(name, role))
    client = TestClient(app)
    client.cookies.set(SESSION_COOKIE, session_id)
    client.username = name
    return client, csrf_token_for(session_id)


@pytest.fixture(scope="session")
def bearer():
    """bearer(app, role="qa") -> {"Authorization": "Bearer ..."} for a new user of that role in
    the app's own accounts database (the real sign-in code, no bypass)."""
    import secrets

    def make(app, role: str = "qa") -> dict:
        accounts = app.state.accounts
        name = f"test-{role.replace('_', '-')}-{secrets.token_hex(4)}"
        accounts.add_user(name, role)
        return {"Authorization": f"Bearer {accounts.create_token(name)}"}

    return make


@pytest.fixture(scope="module")
def restore_lexicons(nlp):
    """Accepting a suggested word changes this process's shared pipelines; put their
    lexicons back after the module so other test modules see the shipped lexicon only."""
    from assistant import lexicon_queue
    from nlp.pipeline import load, load_analysis

    flaggers = [p.get_pipe("gt_jargon") for p in (load_analysis(), load())]
    saved = [dict(f._entries) for f in flaggers]
    yield
    for flagger, entries in zip(flaggers, saved):
        flagger._entries = entries
        flagger._rebuild()
        flagger.__dict__.pop(lexicon_queue.STAMP, None)


@pytest.fixture(scope="module")
def demo_store_workspace(tmp_path_factory, demo_workspace):
    """A workspace over the shared demo store whose own files (reviews.db, accounts.db)
    go to a fresh folder, so a module can write them without touching other modules'."""
    from assistant import service

    workspace = service.Workspace(tmp_path_factory.mktemp("demo-files"))
    workspace.__dict__["store"] = demo_workspace.store  # cached_property: set it, do not open another
    return workspace


# -- the optional chat generator's server ---------------------------------------------------
class FakeModelServer:
    """Stands in for a council's local model server (an external service, not ours):
    answers /v1/chat/completions with whatever the test sets."""

    def __init__(self):
        self.reply = ""
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                owner.request = json.loads(self.rfile.read(length))
                body = json.dumps({"choices": [{"message": {"role": "assistant", "content": owner.reply}}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"


@pytest.fixture(scope="module")
def model_server():
    """A local OpenAI-compatible model server for the optional chat rewording; `.reply` sets its answer."""
    server = FakeModelServer()
    yield server
    server.server.shutdown()


def survives(value: str, text: str) -> bool:
    """`value` still in `text` as a whole word (letters on neither side: "Kai" survives in
    "Kai's", not in "Kaiser"). The redaction tests import it."""
    return re.search(rf"(?<![^\W\d_]){re.escape(value)}(?![^\W\d_])", text) is not None
