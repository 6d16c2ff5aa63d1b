"""`goldenthread relabel`: re-label the stored findings with the model in use, explicitly and
resumably, keeping every human-corrected finding's labels as they are.

It goes through the store's own stage/commit path (index/store.py), a chunk of narratives
at a time: each narrative's findings are staged under a new version (same text and vectors,
new fundamentals and stance), then one commit makes the chunk live and records, on each
narrative record, which model labelled it (`labels_model`). A run killed mid-chunk leaves
the store as it was after the last commit (the staged debris is collected next time), and
the next run skips the narratives already labelled by this model: that is its progress.
`<data>/models/relabel.json` says how far the last run got.
"""
from __future__ import annotations

import hashlib
import json
from typing import Callable

import numpy as np

from assistant.retrain import versions
from nlp.classify import DEFAULT_MODEL, LABELS, sha256_file

PROGRESS_FILE = "relabel.json"
HUMAN = "human"


def model_name(data_dir) -> str:
    """The name stored with each finding the model labels: the council version, or the packaged
    model's name with its sha256."""
    from nlp.classify.council import version

    found = version(data_dir)
    return found if found != versions.PACKAGED else f"packaged-{sha256_file(DEFAULT_MODEL)[:12]}"


def relabel_meta(meta: dict, pred: dict, model: str) -> dict:
    """A finding's metadata with the model's labels, unless a human corrected it."""
    from index.search import fundamental_key

    meta = dict(meta)
    if meta.get("labels_source") == HUMAN:
        return meta
    for lab in LABELS:
        meta.pop(fundamental_key(lab), None)
    found = [f["label"] for f in pred["fundamentals"]]
    meta["fundamentals"] = ",".join(found)
    meta.update({fundamental_key(lab): True for lab in found})
    meta["stance"] = pred["stance"]["label"]
    meta["stance_score"] = round(float(pred["stance"]["score"]), 4)
    meta["labels_model"] = model
    return meta


def relabel(ws, chunk: int = 100, limit: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> dict:
    """Re-label every live narrative not yet labelled by the model in use. `limit`: at most this
    many narratives this run (the rest next time). `progress(done, total)` after each commit."""
    from assistant.ingest import Staged, next_columns
    from index.bm25_index import context_tokens
    from index.columns import new_token, prune
    from index.store import finding_key
    from nlp.classify.council import load_current

    data_dir = ws.data_dir
    with versions.locked(data_dir) as folder:
        model = load_current(data_dir)
        name = model_name(data_dir)
        store = ws.store
        report = {"model": name, "narratives": 0, "findings": 0, "changed": 0, "kept_human": 0, "already": 0}
        with store.writing():
            store.collect_garbage()  # debris of a run killed before its commit
            records = store.narrative_metadatas()
            todo = [m for m in records if m.get("labels_model") != name]
            report["already"] = len(records) - len(todo)
            if limit is not None:
                todo = todo[:limit]
            live = {m["narrative_id"]: m["version"] for m in records}
            counts = {m["narrative_id"]: int(m["n_findings"]) for m in records}
            done = report["already"]
            for s in range(0, len(todo), chunk):
                part = todo[s:s + chunk]
                staged = Staged()
                ids, texts, metas, vecs = [], [], [], []
                commit_ids, commit_texts, commit_metas = [], [], []
                record_vecs = store.narrative_vectors([m["narrative_id"] for m in part])
                snap, where = _live_findings(store, part)
                preds = iter(model.predict(snap["texts"], evidence=False) if snap["texts"] else [])
                for record in part:
                    nid = record["narrative_id"]
                    idx = where.get(nid, [])
                    new = hashlib.sha256(f"{record['version']}|{name}".encode()).hexdigest()[:16]
                    own = []
                    for i in idx:
                        old = snap["metadatas"][i]
                        meta = relabel_meta(old, next(preds), name)
                        report["kept_human"] += old.get("labels_source") == HUMAN
                        report["changed"] += (meta.get("fundamentals"), meta.get("stance")) != (
                            old.get("fundamentals"), old.get("stance"))
                        meta["version"] = new
                        ids.append(finding_key(nid, new, int(meta["position"])))
                        texts.append(snap["texts"][i])
                        metas.append(meta)
                        vecs.append(snap["vectors"][i])
                        own.append(snap["texts"][i])
                    if own:
                        staged.add(ids[len(ids) - len(own):], own, metas[len(metas) - len(own):],
                                   np.asarray(vecs[len(vecs) - len(own):], dtype=np.float32), context_tokens(own))
                    stored = store.narrative(nid)
                    commit_ids.append(nid)
                    commit_texts.append(stored["text"] if stored else "")
                    commit_metas.append({**(stored["metadata"] if stored else record), "version": new,
                                         "labels_model": name})
                    report["findings"] += len(idx)
                if ids:
                    store.stage(ids, texts, metas, np.asarray(vecs, dtype=np.float32))
                changed = set(commit_ids)
                live.update({i: m["version"] for i, m in zip(commit_ids, commit_metas)})
                token = new_token()
                next_columns(store, live, counts, changed, staged, token).save(store.data_dir)
                store.commit(commit_ids, commit_texts, commit_metas,
                             np.vstack([record_vecs[i] for i in commit_ids]), token)
                store.collect_garbage()
                prune(store.data_dir, store.head())
                report["narratives"] += len(part)
                done += len(part)
                _save_progress(folder, name, done, len(records))
                if progress:
                    progress(done, len(records))
        report["remaining"] = len(records) - done
        _save_progress(folder, name, done, len(records))
    return report


def _live_findings(store, records: list[dict]) -> tuple[dict, dict[str, list[int]]]:
    """These narratives' live findings read from Chroma itself (not the columns cache: a
    correction written since is what counts), in narrative and position order."""
    live = {m["narrative_id"]: m["version"] for m in records}
    got = store._get_all(store.findings, where={"narrative_id": {"$in": list(live)}},
                         include=["documents", "metadatas", "embeddings"])
    rows = sorted((m["narrative_id"], int(m["position"]), n) for n, m in enumerate(got["metadatas"])
                  if m.get("kind") == "finding" and live.get(m.get("narrative_id")) == m.get("version"))
    snap = {"texts": [got["documents"][n] for _, _, n in rows], "metadatas": [got["metadatas"][n] for _, _, n in rows],
            "vectors": [np.asarray(got["embeddings"][n], dtype=np.float32) for _, _, n in rows]}
    where: dict[str, list[int]] = {}
    for i, (nid, _, _) in enumerate(rows):
        where.setdefault(nid, []).append(i)
    return snap, where


def _save_progress(folder, name: str, done: int, total: int) -> None:
    path = folder / PROGRESS_FILE
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"model": name, "done": done, "total": total, "updated_at": versions.now()}) + "\n",
                   encoding="utf-8")
    tmp.replace(path)


def progress_of(data_dir) -> dict | None:
    path = versions.models_dir(data_dir) / PROGRESS_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
