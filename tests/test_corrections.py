"""Corrections (issue 13, part A): a QA officer's correction changes the stored finding's
labels at once (filters, dense search, summaries), is kept with who/when/model version,
is exported as a training row, and survives a re-ingest; the routes' role matrix, CSRF,
access log and redaction of the reason. A real store (the demo corpus), the real app."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from conftest import session_client


@pytest.fixture(scope="module")
def ws(tmp_path_factory, nlp):
    """A store of its own (these tests write to it)."""
    from assistant import service
    from assistant.ingest import ingest

    workspace = service.Workspace(tmp_path_factory.mktemp("corrections-store"))
    ingest(workspace.store, demo_part(), nlp, workspace.embedder)
    return workspace


def demo_part():
    """The first 40 narratives of the demo corpus (enough of each label; quicker to load)."""
    from assistant.ingest import DEMO_CORPUS, load_narratives

    return load_narratives([DEMO_CORPUS])[0][:40]


@pytest.fixture(scope="module")
def app(ws):
    from api.app import create_app

    return create_app(ws)


def pick(ws, stance: str, without: str, used=()) -> dict:
    """A live finding with this stance that does not carry fundamental `without`."""
    frame = ws.store.columns().frame
    for _, row in frame.iterrows():
        funds = [f for f in (row["fundamentals"] or "").split(",") if f]
        if row["stance"] == stance and without not in funds and funds and row["id"] not in used \
                and (row["narrative_id"], row["position"]) not in used:
            return {"id": row["id"], "narrative_id": row["narrative_id"], "position": int(row["position"]),
                    "fundamentals": funds, "text": row["text"], "date": row["date"]}
    raise AssertionError("no such finding in the demo store")


def theme_counts(ws, theme: str) -> dict:
    from assistant import service

    return service.theme_summary(ws, theme)["counts"]


def test_a_correction_changes_the_stored_labels_at_once(ws, app, bearer):
    from assistant import service

    finding = pick(ws, "concern", "relational")
    before = theme_counts(ws, "relational")
    revision = ws.store.revision()
    answer = TestClient(app).post("/corrections", headers=bearer(app, "qa"), json={
        "finding_id": finding["id"], "fundamentals": ["relational"], "stance": "strength", "voice_verdict": "right"})
    assert answer.status_code == 201, answer.text
    saved = answer.json()
    assert saved["old_fundamentals"] == finding["fundamentals"] and saved["new_fundamentals"] == ["relational"]
    assert (saved["old_stance"], saved["new_stance"]) == ("concern", "strength")
    from assistant.corrections.store import model_version
    assert saved["model_version"] == model_version(ws.data_dir) and not saved["model_version"].startswith("council:")
    assert saved["text"] == finding["text"] and saved["narrative_id"] == finding["narrative_id"]
    new_id = saved["new_finding_id"]
    assert new_id != finding["id"] and ws.store.revision() == revision + 1

    # summaries, filters (columns and Chroma) and the finding in context see the change
    after = theme_counts(ws, "relational")
    assert after["findings"] == before["findings"] + 1 and after["strength"] == before["strength"] + 1
    columns = ws.store.columns().frame
    assert finding["id"] not in set(columns["id"])
    row = json.loads(columns.loc[columns["id"] == new_id, "meta"].iloc[0])
    assert row["fundamentals"] == "relational" and row["stance"] == "strength" and row["labels_source"] == "human"
    assert row.get("f_relational") and not any(row.get(f"f_{f}") for f in finding["fundamentals"] if f != "relational")
    filters = service.make_filters(fundamental="relational", stance="strength")
    for mode in ("dense", "bm25"):
        hits = service.search(ws, finding["text"], 10, mode, filters)
        assert new_id in [h["id"] for h in hits], mode
    stale = service.search(ws, finding["text"], 50, "dense", service.make_filters(stance="concern"))
    assert new_id not in [h["id"] for h in stale] and finding["id"] not in [h["id"] for h in stale]
    assert ws.store.stale_count() == 0  # the old version's findings were collected
    shown = service.narrative_json(ws, finding["narrative_id"])
    assert "content_version" not in shown["metadata"] and new_id in [f["id"] for f in shown["findings"]]


def test_export_holds_the_latest_correction_per_finding(ws, app, bearer, cli, tmp_path):
    from assistant.corrections import export_training_rows

    finding = pick(ws, "neutral", "planning")
    headers = bearer(app, "qa")
    first = TestClient(app).post("/corrections", headers=headers, json={
        "finding_id": finding["id"], "fundamentals": ["planning"], "stance": "concern"}).json()
    second = TestClient(app).post("/corrections", headers=headers, json={
        "finding_id": first["new_finding_id"], "fundamentals": ["planning", "oversight"], "stance": "concern",
        "voice_verdict": "wrong"})
    assert second.status_code == 201, second.text
    rows = [r for r in export_training_rows(ws.data_dir) if r["text"] == finding["text"]]
    assert len(rows) == 1
    assert rows[0]["source"] == finding["narrative_id"]
    assert rows[0]["fundamentals"] == ["planning", "oversight"] and rows[0]["stance"] == "concern"
    out = tmp_path / "corrections.jsonl"
    result = cli("corrections", "export", "--data", str(ws.data_dir), "--out", str(out))
    assert result.exit_code == 0, result.output
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0] in exported
    from nlp.classify.data import validate_row
    for n, row in enumerate(exported, 1):  # the trainer's own check of a labelled row
        validate_row(row, f"row {n}")


def test_reingest_keeps_a_persons_labels(ws, app, bearer, nlp):
    from assistant.ingest import ingest

    finding = pick(ws, "strength", "risk")
    saved = TestClient(app).post("/corrections", headers=bearer(app, "qa"), json={
        "finding_id": finding["id"], "fundamentals": ["risk"], "stance": "concern"}).json()
    report = ingest(ws.store, demo_part(), nlp, ws.embedder)
    assert report.added == 0 and report.updated == 0  # the corrected narrative is still "unchanged"
    frame = ws.store.columns().frame
    row = json.loads(frame.loc[frame["id"] == saved["new_finding_id"], "meta"].iloc[0])
    assert (row["fundamentals"], row["stance"], row["labels_source"]) == ("risk", "concern", "human")


def test_changed_text_elsewhere_carries_the_labels_over(tmp_path, nlp):
    """A narrative re-ingested with a changed finding keeps a person's labels on the
    findings whose text did not change, and drops them where it did."""
    from assistant import service
    from assistant.corrections import save
    from assistant.accounts import User
    from assistant.ingest import ingest
    from assistant.narratives import Narrative

    workspace = service.Workspace(tmp_path / "data")
    first = ("The plan for Ellis sets out clear actions with named owners and dates. "
             "Supervision notes are brief and do not record any reflection on progress.")
    ingest(workspace.store, [Narrative(id="carry-1", date="2021-04", team="Harbour Team", text=first)], nlp,
           workspace.embedder)
    frame = workspace.store.columns().frame
    assert len(frame) == 2
    for position in (0, 1):  # each correction gives the narrative a new version (and its findings new ids)
        frame = workspace.store.columns().frame
        save(workspace, frame.loc[frame["position"] == position, "id"].iloc[0], User("test-qa", "qa"),
             ["relational"], "neutral")
    changed = first.replace("do not record any reflection", "record little reflection")
    ingest(workspace.store, [Narrative(id="carry-1", date="2021-04", team="Harbour Team", text=changed)], nlp,
           workspace.embedder)
    rows = {int(r["position"]): json.loads(r["meta"]) for _, r in workspace.store.columns().frame.iterrows()}
    assert rows[0]["labels_source"] == "human" and rows[0]["fundamentals"] == "relational"
    assert rows[1].get("labels_source") != "human" and rows[1]["stance"] in ("concern", "strength", "neutral")


def test_reason_is_redacted_before_it_is_kept(ws, app, bearer):
    finding = pick(ws, "concern", "planning", used=())
    answer = TestClient(app).post("/corrections", headers=bearer(app, "qa"), json={
        "finding_id": finding["id"], "fundamentals": finding["fundamentals"], "stance": "neutral",
        "reason": "Spoke to Kayden Pike's mother on 07700 900123: the plan was discussed"})
    assert answer.status_code == 201, answer.text
    reason = answer.json()["reason"]
    assert "Kayden" not in reason and "Pike" not in reason and "07700" not in reason
    assert "[NAME]" in reason and "[PHONE]" in reason


def test_practice_lead_needs_the_admin_setting(ws, app, bearer):
    from assistant.accounts import User

    finding = pick(ws, "concern", "permanence")
    body = {"finding_id": finding["id"], "fundamentals": ["permanence"], "stance": "concern"}
    lead = bearer(app, "practice_lead")
    refused = TestClient(app).post("/corrections", headers=lead, json=body)
    assert refused.status_code == 403 and "lead_corrections" in refused.json()["error"]
    app.state.accounts.set_setting("lead_corrections", 1, User("test-admin", "admin"))
    try:
        allowed = TestClient(app).post("/corrections", headers=lead, json=body)
        assert allowed.status_code == 201, allowed.text
        assert allowed.json()["role"] == "practice_lead"
    finally:
        app.state.accounts.set_setting("lead_corrections", 0, User("test-admin", "admin"))


@pytest.mark.parametrize("method,path,allowed", [
    ("POST", "/corrections", {"qa"}),
    ("GET", "/corrections", {"qa"}),
    ("GET", "/corrections/learned", {"qa", "admin"}),
    ("GET", "/corrections/learned/view", {"qa", "admin"}),
    ("GET", "/corrections/check", {"qa"}),
])
def test_role_matrix(app, bearer, method, path, allowed):
    finding_id = app.state.workspace.store.columns().frame["id"].iloc[0]
    body = {"finding_id": "no-such-finding", "fundamentals": [], "stance": "neutral"}
    for role in ("qa", "practice_lead", "ambassador", "admin"):
        answer = TestClient(app).request(method, path, headers=bearer(app, role),
                                         json=body if method == "POST" else None)
        if role in allowed:
            assert answer.status_code in (200, 404), (role, path, answer.status_code)  # 404: the unknown finding
        else:
            assert answer.status_code == 403, (role, path, answer.status_code)
    signed_out = TestClient(app).request(method, path, json=body if method == "POST" else None,
                                         follow_redirects=False)
    if path.endswith(("/view", "/check")):  # pages send a signed-out browser to the sign-in page
        assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/login")
    else:
        assert signed_out.status_code == 401
    assert finding_id  # the store is not empty: a 404 above is the unknown id, not an empty store


def test_form_needs_csrf_and_logs_the_narrative_without_text(ws, app):
    finding = pick(ws, "strength", "partnership")
    client, token = session_client(app, "qa")
    form = {"finding_id": finding["id"], "fundamentals": ["partnership"], "stance": "strength", "reason": "",
            "next": "/?q=plan"}
    refused = client.post("/corrections/form", data=form, follow_redirects=False)
    assert refused.status_code == 403
    assert ws.store.columns().frame["id"].eq(finding["id"]).any()  # nothing changed
    json_refused = client.post("/corrections", json={k: form[k] for k in ("finding_id", "stance")} | {
        "fundamentals": ["partnership"]})
    assert json_refused.status_code == 403
    saved = client.post("/corrections/form", data={**form, "csrf_token": token}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/?q=plan&corrected=1"
    entries = [e for e in app.state.accounts.access_log(50) if e["username"] == client.username]
    assert [e["narrative_id"] for e in entries if e["action"] == "correct_finding"] == [finding["narrative_id"]]
    assert all(finding["text"][:30] not in json.dumps(e) for e in entries)
    page = client.get("/?q=plan&corrected=1")
    assert "Correction saved" in page.text and "Correct the labels" in page.text
    off_site = client.post("/corrections/form", data={**form, "csrf_token": token, "next": "//evil.example/"},
                           follow_redirects=False)
    assert off_site.status_code in (303, 404) and "evil" not in off_site.headers.get("location", "")


def test_stale_or_bad_corrections_are_refused(ws, app, bearer):
    headers = bearer(app, "qa")
    finding = pick(ws, "neutral", "recording")
    ok = TestClient(app).post("/corrections", headers=headers, json={
        "finding_id": finding["id"], "fundamentals": ["recording"], "stance": "neutral"})
    assert ok.status_code == 201
    again = TestClient(app).post("/corrections", headers=headers, json={
        "finding_id": finding["id"], "fundamentals": ["recording"], "stance": "concern"})
    assert again.status_code == 404 and "reload" in again.json()["error"]
    fresh = ok.json()["new_finding_id"]
    for bad in ({"fundamentals": ["not-a-label"]}, {"fundamentals": ["risk", "relational", "recording", "planning"]},
                {"stance": "worried"}, {"voice_verdict": "maybe"}):
        answer = TestClient(app).post("/corrections", headers=headers, json={
            "finding_id": fresh, "fundamentals": ["recording"], "stance": "neutral", **bad})
        assert answer.status_code == 422, bad
        assert "not-a-label" not in answer.text and "worried" not in answer.text


def test_check_these_leaves_out_corrected_findings(ws, app, bearer):
    from assistant.corrections.learned import check_these

    listed = check_these(ws, limit=1000)
    assert listed["month"] == listed["months"][0] == max(listed["months"])
    found = listed["findings"]
    assert found and all(f["date"].startswith(listed["month"]) for f in found)
    assert [f["sureness"] for f in found] == sorted(f["sureness"] for f in found)
    assert all(f["fundamentals_margin"] is not None for f in found)  # stored at ingest
    first = found[0]
    TestClient(app).post("/corrections", headers=bearer(app, "qa"), json={
        "finding_id": first["id"], "fundamentals": first["fundamentals"], "stance": first["stance"]})
    again = check_these(ws, listed["month"], limit=1000)["findings"]
    assert (first["narrative_id"], first["position"]) not in {(f["narrative_id"], f["position"]) for f in again}
    client, _ = session_client(app, "qa")
    page = client.get("/corrections/check")
    assert page.status_code == 200 and "Check these" in page.text and "Correct the labels" in page.text


def test_what_it_learned_counts_and_retrain_history(ws, app, bearer):
    from assistant.corrections.learned import summary

    before = summary(ws)
    finding = pick(ws, "concern", "permanence")
    answer = TestClient(app).post("/corrections", headers=bearer(app, "qa"), json={
        "finding_id": finding["id"], "fundamentals": ["permanence"], "stance": "strength"})
    assert answer.status_code == 201
    folder = ws.data_dir / "models"
    folder.mkdir(exist_ok=True)
    (folder / "history.jsonl").write_text(
        json.dumps({"version": "council-1", "created_at": "2026-01-05T10:00:00+00:00", "corrections": 12,
                    "before": {"fundamentals": 0.61, "stance": 0.7}, "after": {"fundamentals": 0.64, "stance": 0.71},
                    "switched": True}) + "\nnot json\n")
    s = summary(ws)
    assert s["corrections"] == before["corrections"] + 1
    assert sum(m["corrections"] for m in s["per_month"]) == s["corrections"]

    def count(result, kind, model, corrected):
        return sum(c["count"] for c in result["confusions"]
                   if (c["kind"], c["model"], c["corrected"]) == (kind, model, corrected))
    assert count(s, "stance", "concern", "strength") == count(before, "stance", "concern", "strength") + 1
    added = {r["label"]: r["added"] for r in s["per_label"]}
    assert added["permanence"] == {r["label"]: r["added"] for r in before["per_label"]}.get("permanence", 0) + 1
    assert s["retrains"]["rows"][0]["after"]["fundamentals"] == 0.64 and s["retrains"]["unreadable_lines"] == [2]
    client, _ = session_client(app, "admin")
    page = client.get("/corrections/learned/view")
    assert page.status_code == 200 and "council-1" in page.text and "0.64" in page.text


def test_the_control_is_under_a_finding_in_context_and_under_theme_quotes(ws, app):
    finding = pick(ws, "concern", "planning")
    qa, _ = session_client(app, "qa")
    lead, _ = session_client(app, "practice_lead")
    url = f"/narratives/{finding['narrative_id']}/view?finding={finding['position']}"
    assert "Correct the labels" in qa.get(url).text
    shown = lead.get(url).text
    assert "Correct the labels" not in shown and "Fundamentals:" in shown  # labels shown, no control
    theme = qa.get("/themes/planning/view")
    assert theme.status_code == 200 and theme.text.count("Correct the labels") >= 1
    assert 'action="/corrections/form"' in theme.text and 'name="csrf_token"' in theme.text


def test_the_model_version_recorded_is_the_council_model_when_one_is_current(tmp_path):
    """A correction names the model that made the label: after a retrain switched to a council
    model (models/current in the data folder), that model, not the packaged one."""
    from assistant.corrections.store import model_version

    packaged = model_version(tmp_path)
    assert packaged and not packaged.startswith("council:")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "current").write_text(json.dumps(
        {"version": "v-test-1", "file": "v-test-1/findings_classifier.npz", "sha256": "0" * 64}), encoding="utf-8")
    assert model_version(tmp_path) == "council:v-test-1"


def test_each_app_shows_the_control_from_its_own_store_when_another_app_was_built_after_it(ws, app, tmp_path):
    """Templates are shared by every app of a process: an app built later over another store must
    not answer for this one (the full suite once showed no control because it did)."""
    from api.app import create_app
    from assistant import service

    create_app(service.Workspace(tmp_path / "another-store"))  # an empty store, built last
    finding = pick(ws, "strength", "recording")
    qa, _ = session_client(app, "qa")
    page = qa.get(f"/narratives/{finding['narrative_id']}/view?finding={finding['position']}")
    assert page.status_code == 200 and "Correct the labels" in page.text
