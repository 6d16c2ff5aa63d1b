"""Redaction on the way into the store and in a store already written (issue 14 items 1, 2).

A narrative's team and service are protected from redaction; a short team value ("A", "e")
once protected every letter of every name. Real pipeline, real Chroma, the real API and CLI.
Every name here is fictional.
"""
from __future__ import annotations

import json
import re

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.service import Workspace, export_rows

NAMES = ("Aisha", "Okonkwo-Baptiste", "Leanne", "Barker", "Tomasz", "Wiśniewski")
TEXT = ("Aisha Okonkwo-Baptiste told the social worker she was frightened at home. Her mother, "
        "Leanne Barker, was not seen. Tomasz Wiśniewski, the stepfather, refused a visit. "
        "The plan was not reviewed and management oversight was missing.")


def _raw(text: str) -> list[str]:
    return [n for n in NAMES if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]


@pytest.fixture(scope="module")
def api(tmp_path_factory, bearer):
    ws = Workspace(tmp_path_factory.mktemp("short-team"))
    app = create_app(ws)
    with TestClient(app, headers=bearer(app, "qa")) as client:
        yield client, ws


@pytest.mark.parametrize("team", ["A", "e", "a"])
def test_a_short_team_or_service_keeps_no_name(api, team):
    client, ws = api
    nid = f"short-{team}-{ord(team)}"
    response = client.post("/narratives", json={"id": nid, "date": "2021-03", "team": team, "service": team,
                                                "text": TEXT})
    assert response.status_code == 201
    assert response.json()["redactions"].get("NAME", 0) >= 3
    stored = client.get(f"/narratives/{nid}").json()
    assert _raw(stored["text"]) == [], stored["text"]
    assert all(_raw(f["text"]) == [] for f in stored["findings"])
    exported = [row for row in export_rows(ws) if row["narrative_id"] == nid]
    assert exported and _raw(json.dumps(exported)) == []


def test_csv_with_team_a_keeps_no_name(cli, tmp_path, write_csv):
    path = write_csv(tmp_path / "audits.csv", ["id", "date", "team", "text"],
                     [["csv-1", "2021-04", "a", TEXT], ["csv-2", "2021-04", "e", TEXT.replace("Aisha", "Aisha Begum")]])
    data = tmp_path / "store"
    result = cli("ingest", path, "--data", data, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["redactions"].get("NAME", 0) >= 6
    exported = cli("export", "--data", data).stdout
    assert exported.count("\n") >= 2 and _raw(exported) == [] and "Begum" not in exported


def test_keep_phrase_protects_only_its_whole_word_mentions(redact):
    # a two-letter team is a word, not a prefix: "Al" keeps "Al Team" readable, never "Alfie"
    assert redact("Alfie said the Al team visited.", keep=("Al",)) == "[NAME] said the Al team visited."
    # case-sensitive: team "Rose" keeps "Rose" the team, "rose" stays a word, and the team
    # name inside a longer person mention goes with the person
    out = redact("Rose Hill team met. Rose Smith-Ellery said she was scared.", keep=("Rose Hill",))
    assert out.startswith("Rose Hill team met.") and "Smith" not in out and "Rose Smith" not in out
    # a team named like a person keeps its own whole mention, not a longer one
    out = redact("Bramley Rowe took the case. Sam Bramley Rowe said he was fine.", keep=("Bramley Rowe",))
    assert out.startswith("Bramley Rowe took the case.") and "Sam" not in out and out.count("Bramley") == 1


def _seed(ws: Workspace, nid: str, text: str, findings: list[str]) -> None:
    """A store written by the old redactor: a narrative and findings stored raw, through the
    store's own stage/commit API (what prepare() and write() would have written)."""
    store = ws.store
    version = "old0000000000001"
    vectors = ws.embedder(findings)
    metas = [{"kind": "finding", "narrative_id": nid, "version": version, "position": i,
              "n_findings": len(findings), "date": "2020-01", "team": "a"} for i in range(len(findings))]
    from index.store import finding_key

    with store.writing():
        store.stage([finding_key(nid, version, i) for i in range(len(findings))], findings, metas, vectors)
        mean = vectors.mean(axis=0)
        store.commit([nid], [text], [{"kind": "narrative", "narrative_id": nid, "version": version,
                                      "n_findings": len(findings), "date": "2020-01", "team": "a"}],
                     (mean / np.linalg.norm(mean))[None, :])


def test_check_redaction_finds_and_fixes_an_old_store(cli, tmp_path, write_jsonl):
    data = tmp_path / "old-store"
    clean = write_jsonl(tmp_path / "clean.jsonl", [
        {"id": "clean-1", "date": "2020-02", "team": "Harbour Assessment Team",
         "text": "The plan was reviewed on time and the Harbour Assessment Team recorded the child's views."}])
    assert cli("ingest", clean, "--data", data).exit_code == 0
    ws = Workspace(data)
    raw = "Aisha [NAME] told the social worker she was frightened. Leanne Barker was not seen."
    _seed(ws, "old-1", raw, ["Aisha [NAME] told the social worker she was frightened.",
                             "Leanne Barker was not seen."])
    before = ws.store.revision()

    checked = cli("check-redaction", "--data", data, "--json")
    assert checked.exit_code == 1  # something left to redact, nothing changed
    report = json.loads(checked.stdout)
    assert report["to_redact"]["NAME"]["narratives"] == 1 and report["to_redact"]["NAME"]["mentions"] >= 4
    assert report["scanned"] == {"narratives": 2, "findings": 3}
    assert "Aisha" not in checked.stdout and "Barker" not in checked.stdout  # counts, never text
    assert Workspace(data).store.revision() == before

    fixed = cli("check-redaction", "--data", data, "--fix", "--json")
    assert fixed.exit_code == 0 and json.loads(fixed.stdout)["fixed"] == 1
    after = Workspace(data)
    assert after.store.revision() == before + 1
    assert after.store.stale_count() == 0  # old versions collected
    exported = cli("export", "--data", data).stdout
    assert _raw(exported) == [] and exported.count("\n") == 3
    assert "Harbour Assessment Team" in exported  # the clean narrative is untouched
    again = cli("check-redaction", "--data", data, "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["to_redact"] == {}


# --- issue 14 item 2: identifying metadata -------------------------------------------------

META_NAMES = ("Chidinma", "Okonkwo", "Bethany", "Marsh-Quigley", "Quigley", "kayden", "Kayden")
META_TEXT = "The plan was reviewed on time and management oversight was recorded each month."


def _meta_raw(text: str) -> list[str]:
    return [n for n in META_NAMES if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", text)]


def test_identifying_metadata_is_redacted_before_it_is_stored(api):
    client, ws = api
    body = {"id": "Chidinma-Okonkwo-visit", "date": "2021-05", "team": "Chidinma Okonkwo",
            "service": "Family Support for Bethany Marsh-Quigley", "auditor_role": "Bethany Marsh-Quigley",
            "source": "kayden_okonkwo_notes.docx", "text": META_TEXT}
    response = client.post("/narratives", json=body)
    assert response.status_code == 201
    assert _meta_raw(response.text) == [], response.text  # the id is never echoed
    nid = response.json()["id"]
    assert nid.startswith("n-")
    shown = client.get(f"/narratives/{nid}")
    assert shown.status_code == 200 and _meta_raw(shown.text) == [], shown.text
    meta = shown.json()["metadata"]
    assert "[NAME]" in meta["team"] and "[NAME]" in meta["auditor_role"] and "[NAME]" in meta["source"]
    assert meta["service"].startswith("Family Support for")  # what is not a name stays readable
    hits = client.post("/search", json={"query": "management oversight recorded", "k": 20, "mode": "bm25"})
    assert hits.status_code == 200 and _meta_raw(hits.text) == []
    assert any(h["narrative_id"] == nid for h in hits.json()["results"])
    exported = json.dumps(list(export_rows(ws)))
    assert _meta_raw(exported) == []
    log = json.dumps(client.app.state.accounts.access_log(500), default=str)
    assert _meta_raw(log) == []
    # the raw id is not a way in, and the error does not repeat it
    missing = client.get("/narratives/Chidinma-Okonkwo-visit")
    assert missing.status_code == 404 and _meta_raw(missing.text) == []


def test_a_team_carrying_a_name_protects_nothing(api):
    client, _ = api
    body = {"id": "team-name-1", "date": "2021-05", "team": "Leanne Barker",
            "text": "Leanne Barker did not attend. Leanne said she was too busy."}
    response = client.post("/narratives", json=body)
    assert response.status_code == 201
    stored = client.get(f"/narratives/{response.json()['id']}").json()
    assert "Leanne" not in json.dumps(stored) and "Barker" not in json.dumps(stored)
