"""What an outside probe of the served app found (issue 14), each checked against the real
app over a real store: control characters, size caps, background ingests, broken data
folders, and the smaller holes. Every name and narrative here is fictional."""
from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.ingest import ingest
from assistant.narratives import Narrative
from assistant.service import Workspace

PLANNING = ("The plan was reviewed with the family and the child's wishes were recorded. "
            "The plan was not updated after the strategy meeting and actions have no timescales.")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, nlp):
    ws = Workspace(tmp_path_factory.mktemp("hardening-store"))
    # a narrative stored as it would have been before ingest removed control characters
    old = Narrative(id="old-bad", text=PLANNING.replace("family", "family\x00\x0b"), date="2020-03",
                    team="Larchmere Team")
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
