"""Change the labels of stored findings (a QA officer's correction, a model's relabel) the
same safe way an ingest changes them: stage, write the next columns, commit, collect.

A finding's labels are part of its metadata, and every reader (dense search in Chroma, the
columns file with BM25, summaries and filters) reads them at the head's revision. So a
change is a new *version* of each narrative touched: its findings are staged under new ids
(same texts and vectors, the new labels), the next revision's columns are written (BM25 and
vectors linked from the live folder: texts did not change), and one commit of the narrative
records makes them live. A process killed before the commit leaves the store as it was.

The narrative record keeps `content_version` (the hash of its content as ingested), so a
later ingest of the same document is still "unchanged" and keeps the new labels; an ingest
of changed content carries labels marked `labels_source = "human"` over to a finding whose
text is the same at the same position (`human_labels`).
"""
from __future__ import annotations

import hashlib
import uuid

import numpy as np

from index.columns import Columns, new_token, prune
from index.store import Store, _narrative_key, finding_key

# The metadata a label change may set (anything else in `changes` is refused).
LABEL_PREFIX = "f_"
LABEL_KEYS = {"fundamentals", "stance", "stance_score", "child_voice", "labels_source", "fundamentals_margin"}


class RelabelError(ValueError):
    """A finding that is not live (unknown, or replaced by an ingest since it was shown)."""


def _allowed(key: str) -> bool:
    return key in LABEL_KEYS or key.startswith(LABEL_PREFIX)


def relabel(store: Store, changes: dict[str, dict]) -> dict[str, str]:
    """`changes`: live finding id -> {metadata key: value (None removes it)}. Returns each
    changed finding's new id (ids carry the narrative's version, so they change)."""
    bad = sorted({k for update in changes.values() for k in update if not _allowed(k)})
    if bad:
        raise ValueError(f"not label metadata: {', '.join(bad)}")
    if not changes:
        return {}
    with store.writing():
        base = store.columns()
        base.tokens()  # a loaded folder leaves the BM25 tokens on disk; the new rows carry them
        frame = base.frame
        rows = frame.index[frame["id"].isin(list(changes))]
        found = dict(zip(frame.loc[rows, "id"], zip(frame.loc[rows, "narrative_id"], frame.loc[rows, "version"])))
        missing = [i for i in changes if i not in found]
        if missing:
            raise RelabelError("that finding is no longer in the store (it was replaced by a newer ingest); "
                               "reload the page")
        live = store.live_of({n for n, _ in found.values()})
        if any(live.get(n) != v for n, v in found.values()):
            raise RelabelError("that finding was replaced by a newer ingest; reload the page")
        by_narrative: dict[str, dict[int, dict]] = {}
        for finding_id, update in changes.items():
            narrative_id, _ = found[finding_id]
            position = int(frame.loc[frame["id"] == finding_id, "position"].iloc[0])
            by_narrative.setdefault(narrative_id, {})[position] = update
        renamed: dict[str, str] = {}
        new_rows = {"ids": [], "texts": [], "metas": [], "vectors": [], "tokens": []}
        records = {"ids": [], "texts": [], "metas": [], "vectors": []}
        old_ids: list[str] = []
        for narrative_id, updates in by_narrative.items():
            old_version = live[narrative_id]
            version = hashlib.sha256(f"{old_version}:{uuid.uuid4().hex}".encode()).hexdigest()[:16]
            got = store.findings.get(where={"$and": [{"narrative_id": narrative_id}, {"version": old_version}]},
                                     include=["documents", "metadatas", "embeddings"])
            order = sorted(range(len(got["ids"])), key=lambda i: got["metadatas"][i]["position"])
            mine = frame[frame["narrative_id"] == narrative_id].set_index("position")
            for i in order:
                meta = dict(got["metadatas"][i])
                position = int(meta["position"])
                for key, value in updates.get(position, {}).items():
                    if value is None:
                        meta.pop(key, None)
                    else:
                        meta[key] = value
                meta["version"] = version
                new_id = finding_key(narrative_id, version, position)
                if position in updates:
                    renamed[got["ids"][i]] = new_id
                old_ids.append(got["ids"][i])
                new_rows["ids"].append(new_id)
                new_rows["texts"].append(got["documents"][i])
                new_rows["metas"].append(meta)
                new_rows["vectors"].append(np.asarray(got["embeddings"][i], dtype=np.float32))
                new_rows["tokens"].append(mine.loc[position, "tokens"])
            record = store.narratives.get(ids=[_narrative_key(narrative_id)],
                                          include=["documents", "metadatas", "embeddings"])
            meta = dict(record["metadatas"][0])
            meta["content_version"] = meta.get("content_version") or old_version
            meta["version"] = version
            records["ids"].append(narrative_id)
            records["texts"].append(record["documents"][0])
            records["metas"].append(meta)
            records["vectors"].append(np.asarray(record["embeddings"][0], dtype=np.float32))
        vectors = np.vstack(new_rows["vectors"])
        store.stage(new_rows["ids"], new_rows["texts"], new_rows["metas"], vectors)
        live_after = store.live_versions()
        live_after.update({n: m["version"] for n, m in zip(records["ids"], records["metas"])})
        revision, token = store.revision() + 1, new_token()
        staged = Columns.from_rows(revision, token, new_rows["ids"], new_rows["texts"], new_rows["metas"], vectors,
                                   new_rows["tokens"])
        columns = base.replaced(live_after, set(records["ids"]), staged, revision, token)
        same_rows = len(columns) == len(base) and columns.frame["tokens"].tolist() == base.frame["tokens"].tolist()
        columns.save(store.data_dir, reuse=base.folder if same_rows else None)
        store.commit(records["ids"], records["texts"], records["metas"], np.vstack(records["vectors"]), token)
        for s in range(0, len(old_ids), store.batch):  # the replaced versions (only these narratives')
            store.findings.delete(ids=old_ids[s:s + store.batch])
        prune(store.data_dir, store.head())
        return renamed


def human_labels(store: Store, narrative_ids: list[str], live: dict[str, str]) -> dict[tuple[str, int], tuple]:
    """(narrative id, position) -> (text, label metadata) of live findings whose labels a person
    set, for an ingest to carry over to the same text at the same position."""
    if not narrative_ids:
        return {}
    got = store.findings.get(where={"$and": [{"labels_source": "human"},
                                             {"narrative_id": {"$in": list(narrative_ids)}}]},
                             include=["documents", "metadatas"])
    out = {}
    for text, meta in zip(got["documents"], got["metadatas"]):
        if live.get(meta["narrative_id"]) == meta["version"]:
            labels = {k: v for k, v in meta.items() if _allowed(k)}
            out[(meta["narrative_id"], int(meta["position"]))] = (text, labels)
    return out


def carry_over(meta: dict, text: str, human: dict[tuple[str, int], tuple]) -> dict:
    """A newly prepared finding's metadata with a person's labels, when the text is unchanged."""
    kept = human.get((meta["narrative_id"], int(meta["position"])))
    if kept is None or kept[0] != text:
        return meta
    out = {k: v for k, v in meta.items() if not _allowed(k)}
    out.update(kept[1])
    return out
