"""Learning from corrections (issue 13, part B): retraining never switches to a worse model, a
better one is used and the previous one can be restored, the pipeline reads the data folder's
model, relabelling keeps human labels and resumes after a kill, and the admin page is for
admins with CSRF. Real training, real Chroma store, real app; nothing of ours mocked.

The "shipped" rows here are a small stand-in (`--base` files): the project's own hand-written
rows (fictional), given pseudo source documents so they are scored, as real rows would be."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.classify import DEFAULT_MODEL, REPO, read_rows
from nlp.classify import council

FLIP = {"strength": "concern", "concern": "strength", "neutral": "concern"}
ROWS = 330


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}) + "\n" for r in rows),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def clean():
    rows = read_rows(REPO / "nlp" / "data" / "train_findings.jsonl")[:ROWS]
    return [{**r, "source": f"doc-{i // 11}"} for i, r in enumerate(rows)]


@pytest.fixture(autouse=True, scope="module")
def back_to_default_folder():
    yield
    council.use_data_dir(None)


def corrections_of(rows: list[dict], flip: bool) -> list[dict]:
    """Rows as a QA officer's corrections: narrative ids as source, stance flipped if asked."""
    return [{"text": r["text"], "fundamentals": r["fundamentals"], "stance": FLIP[r["stance"]] if flip else r["stance"],
             "source": f"narrative-{i // 8}"} for i, r in enumerate(rows)]


def test_wrong_corrections_never_switch(cli, clean, tmp_path):
    """Stance flipped on a third of the rows: the retrained model is worse on the rows nobody
    corrected, so the current (packaged) model stays and the history says switched=false."""
    base = _write(tmp_path / "base.jsonl", clean)
    wrong = _write(tmp_path / "wrong.jsonl", corrections_of(clean[:110], flip=True))
    data = tmp_path / "data"
    result = cli("train", "--with-corrections", "--corrections", wrong, "--data", data, "--folds", "3", base)
    assert result.exit_code == 0, result.stderr
    assert "kept the current model" in result.stdout and "stance on the reference rows" in result.stdout
    history = [json.loads(line) for line in (data / "models" / "history.jsonl").read_text().splitlines()]
    assert len(history) == 1 and history[0]["switched"] is False and history[0]["corrections"] == 110
    assert set(history[0]["before"]) == {"fundamentals", "stance"} == set(history[0]["after"])
    ref = history[0]["checks"]
    assert ref["after"]["reference"]["stance"] < ref["before"]["reference"]["stance"]
    assert not (data / "models" / "current").exists()
    assert council.model_path(data) == DEFAULT_MODEL
    listed = cli("model", "list", "--data", data, "--json")
    assert [v["version"] for v in json.loads(listed.stdout)] == ["packaged"]


@pytest.fixture(scope="module")
def store_folder(tmp_path_factory, nlp):
    """A real store of three fictional narratives (for relabel and the loader)."""
    from assistant import service
    from assistant.ingest import ingest
    from assistant.narratives import Narrative

    folder = tmp_path_factory.mktemp("council")
    texts = [
        "The plan for the baby had no timescales and no contingency. Visits were regular and purposeful, and the "
        "worker knew the child well. Supervision notes were brief.",
        "Management oversight was clear and recorded on the file. The chronology had not been updated for months.",
        "The child's views were sought through direct work and shaped the plan. The review was held on time.",
    ]
    ws = service.Workspace(folder)
    ingest(ws.store, [Narrative(id=f"audit-{n}", text=t, date="2026-10") for n, t in enumerate(texts)], nlp,
           ws.embedder)
    return folder


@pytest.fixture(scope="module")
def switched(store_folder, clean, tmp_path_factory):
    """A retrain that should switch: the base rows had a quarter of their stances wrong, and the
    council corrected exactly those."""
    from assistant.retrain import retrain

    tmp = tmp_path_factory.mktemp("good")
    corrupted = [{**r, "stance": FLIP[r["stance"]]} if i < 90 else r for i, r in enumerate(clean)]
    base = _write(tmp / "base.jsonl", corrupted)
    entry = retrain(store_folder, corrections_of(clean[:90], flip=False), [base], folds=3)
    return entry


def test_good_corrections_switch_and_restore_brings_the_old_model_back(switched, store_folder, cli):
    assert switched["switched"] is True, switched["reason"]
    version = switched["version"]
    folder = store_folder / "models" / version
    assert council.version(store_folder) == version
    assert council.model_path(store_folder) == (folder / "findings_classifier.npz").resolve()
    card = (folder / "MODEL_CARD.md").read_text()
    assert "**90 corrections** from 12 narratives (90 of them replaced a shipped row" in card
    assert f"{switched['after']['stance']:.3f}" in card and f"{switched['before']['stance']:.3f}" in card
    history = json.loads((store_folder / "models" / "history.jsonl").read_text().splitlines()[-1])
    assert history["switched"] is True and history["version"] == version and history["corrections"] == 90
    assert history["after"]["stance"] >= history["before"]["stance"]
    listed = json.loads(cli("model", "list", "--data", store_folder, "--json").stdout)
    assert [(v["version"], v["current"]) for v in listed] == [("packaged", False), (version, True)]

    assert cli("model", "restore", "packaged", "--data", store_folder).exit_code == 0
    assert council.model_path(store_folder) == DEFAULT_MODEL
    assert "council" not in council.load_current(store_folder).meta
    bad = cli("model", "restore", "no-such-version", "--data", store_folder)
    assert bad.exit_code == 2 and "no kept model" in bad.stderr
    assert cli("model", "restore", version, "--data", store_folder).exit_code == 0
    assert council.load_current(store_folder).meta["council"]["corrections"] == 90


def test_the_pipeline_uses_the_data_folders_model_and_checks_its_sha256(switched, store_folder, tmp_path):
    import spacy

    from assistant import service

    service.Workspace(store_folder)  # a workspace points the analysis at its folder
    nlp = spacy.blank("en")
    component = nlp.add_pipe("gt_classifier")
    assert component.model.meta["council"]["version"] == switched["version"]
    doc = nlp("The plan had no timescales and no contingency, so drift was not noticed.")
    assert doc[:]._.stance["label"] in ("strength", "concern", "neutral")
    service.Workspace(tmp_path / "elsewhere")  # a folder without a council model: the packaged one
    assert "council" not in component.model.meta
    pointer = store_folder / "models" / "current"
    saved = pointer.read_text()
    try:
        pointer.write_text(json.dumps({**json.loads(saved), "sha256": "0" * 64}))
        with pytest.raises(ValueError, match="sha256 differs"):
            council.load_current(store_folder)
    finally:
        pointer.write_text(saved)


def test_a_council_model_keeps_the_shipped_tuned_encoder(switched, store_folder):
    """Retraining refits the heads on the shipped encoder's vectors: the council's model names the
    same tuned layers (same sha256), has them beside it, and its stance head reads them (the
    tuned half of [base | tuned]) as the packaged model's does."""
    from nlp.classify import DEFAULT_MODEL, load, sha256_file

    shipped = load(DEFAULT_MODEL)
    model = council.load_current(store_folder)
    info, ours = shipped.meta.get("encoder"), model.meta.get("encoder")
    if not info:
        pytest.skip("the packaged model reads the base encoder alone")
    assert ours and ours["sha256"] == info["sha256"]
    beside = Path(model.path).parent / ours["file"]
    assert beside.is_file() and sha256_file(beside) == info["sha256"]
    text = "Visits were on time, but the plan still had no contingency and drift went unnoticed."
    vectors = model._embed([text])
    assert vectors.shape == shipped._embed([text]).shape == (1, 768)
    assert model.config.tuned_for == shipped.config.tuned_for
    assert model.predict_labels([text], vectors)[0]["stance"] in ("strength", "concern", "neutral")


class Interrupted(Exception):
    pass


def test_relabel_keeps_human_labels_and_resumes_after_a_kill(switched, store_folder, cli):
    from assistant import service
    from assistant.retrain.relabel import progress_of, relabel

    ws = service.Workspace(store_folder)
    first = ws.store.findings_of("audit-0")[0]
    human = {**first.metadata, "fundamentals": "recording", "f_recording": True, "stance": "neutral",
             "labels_source": "human"}
    for key in [k for k in human if k.startswith("f_") and k != "f_recording"]:
        human[key] = None  # Chroma drops a key set to None
    ws.store.findings.update(ids=[first.id], metadatas=[human])
    revision = ws.store.revision()

    def stop_after_first(done, total):
        if done == 1:
            raise Interrupted

    with pytest.raises(Interrupted):
        relabel(ws, chunk=1, progress=stop_after_first)
    assert ws.store.revision() == revision + 1  # one chunk committed, nothing half-done
    assert progress_of(store_folder)["done"] == 1
    records = {m["narrative_id"]: m for m in ws.store.narrative_metadatas()}
    assert sum(m.get("labels_model") == switched["version"] for m in records.values()) == 1

    report = relabel(ws, chunk=1)
    assert report["already"] == 1 and report["narratives"] == 2 and report["remaining"] == 0
    kept = ws.store.findings_of("audit-0")[0].metadata
    assert (kept["fundamentals"], kept["stance"], kept["labels_source"]) == ("recording", "neutral", "human")
    for nid in ("audit-0", "audit-1", "audit-2"):
        for f in ws.store.findings_of(nid)[1:] if nid == "audit-0" else ws.store.findings_of(nid):
            assert f.metadata["labels_model"] == switched["version"]
    snap = ws.store.snapshot()  # the columns readers use agree with Chroma
    assert {m["narrative_id"] for m in snap.metadatas} == {"audit-0", "audit-1", "audit-2"}
    col = [m for m in snap.metadatas if m["narrative_id"] == "audit-0" and m["position"] == 0][0]
    assert col["stance"] == "neutral" and col["labels_source"] == "human"
    done = cli("relabel", "--data", store_folder)  # the command: nothing left for this model
    assert done.exit_code == 0 and json.loads(done.stdout)["narratives"] == 0

    from assistant.retrain import restore
    restore(store_folder, "packaged")  # another model: everything again, the human labels still kept
    try:
        again = relabel(ws)
    finally:
        restore(store_folder, switched["version"])
    assert again["narratives"] == 3 and again["kept_human"] == 1 and again["model"].startswith("packaged-")
    kept = ws.store.findings_of("audit-0")[0].metadata
    assert (kept["fundamentals"], kept["stance"], kept["labels_source"]) == ("recording", "neutral", "human")


def test_model_page_is_for_admins_with_csrf_and_logged(switched, store_folder):
    from api.app import create_app
    from assistant import service
    from conftest import session_client  # tests/ is on sys.path

    app = create_app(service.Workspace(store_folder))
    for role in ("qa", "practice_lead", "ambassador"):
        client, _ = session_client(app, role)
        assert client.get("/admin/model").status_code == 403
        assert client.post("/admin/model/retrain", data={"csrf_token": "x"}).status_code == 403
    admin, token = session_client(app, "admin")
    page = admin.get("/admin/model")
    assert page.status_code == 200
    assert "Retrain on corrections" in page.text and switched["version"] in page.text
    assert admin.post("/admin/model/restore", data={"version": "packaged"}).status_code == 403  # no CSRF token
    assert council.version(store_folder) == switched["version"]
    done = admin.post("/admin/model/restore", data={"version": "packaged", "csrf_token": token})
    assert done.status_code == 200 and council.version(store_folder) == "packaged"
    admin.post("/admin/model/restore", data={"version": switched["version"], "csrf_token": token})
    assert council.version(store_folder) == switched["version"]
    started = admin.post("/admin/model/retrain", data={"csrf_token": token}, follow_redirects=False)
    assert started.status_code == 303
    job = started.headers["location"].split("job=")[1]
    import time

    for _ in range(600):
        state = admin.get(f"/admin/model/jobs/{job}").json()
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.2)
    # this folder has no corrections in its reviews database: a plain message, never a traceback
    assert state["state"] == "failed" and "corrections" in state["error"]
    actions = [e["action"] for e in app.state.accounts.access_log(20) if e["username"] == admin.username]
    assert {"restore_model", "retrain_model"} <= set(actions)
